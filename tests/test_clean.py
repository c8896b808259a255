"""clean: character normalisation, known noise removed with its place, unseen spam flagged."""
import pytest

from jzlib.clean import join_broken_lines, normalise, normalise_line, remove_noise, suspicious_tail


@pytest.mark.parametrize("raw, expected", [
    ("全市生产总值２０８２．６亿元，增长８．３％。", "全市生产总值2082.6亿元，增长8.3%。"),
    ("ＧＤＰ增长ｘ", "GDP增长x"),
    ("――综合实力再上台阶。", "——综合实力再上台阶。"),
    ("—综合实力", "——综合实力"),
    ("－－综合实力", "——综合实力"),
    ("——已经规范", "——已经规范"),
    ("4.5%—5%", "4.5%——5%"),
    ("陈家沟・太极拳", "陈家沟·太极拳"),
    ("陈家沟•太极拳", "陈家沟·太极拳"),
    ("  全市 生产总值\u30002082.6 亿元 ， 增长\u00a08.3% 。 ", "全市生产总值2082.6亿元，增长8.3%。"),
    ("零\u200b宽\ufeff字符", "零宽字符"),
    ("PPP  模式与 PM2.5", "PPP模式与PM2.5"),
    ("A  B", "A B"),
    # Chinese punctuation stays as it is; a full-width ％ or ． outside a number stays too
    ("（按可比口径）“宽带中国”；一是：好！", "（按可比口径）“宽带中国”；一是：好！"),
    ("比例．为％", "比例．为％"),
])
def test_normalise_line(raw, expected):
    assert normalise_line(raw) == expected


def test_normalise_keeps_the_line_count():
    assert normalise("一\n\n  二 \n").split("\n") == ["一", "", "二", ""]


@pytest.mark.parametrize("line, spam, after", [
    ("二、2017年工作安排二号首长", "二号首长", "二、2017年工作安排"),
    ("三、全面加强政府自身建设侯卫东官场笔记", "侯卫东官场笔记", "三、全面加强政府自身建设"),
])
def test_each_known_noise_pattern_is_removed_with_its_location(line, spam, after):
    lines, events = remove_noise(["各位代表：", line], first_line=48)
    assert lines == ["各位代表：", after]
    assert len(events) == 1
    e = events[0]
    assert (e.line, e.column, e.action, e.text, e.before, e.after) == (
        49, line.index(spam) + 1, "removed", spam, line, after)


def test_a_line_that_is_only_noise_becomes_empty():
    lines, events = remove_noise(["侯卫东官场笔记"])
    assert lines == [""] and events[0].action == "removed"


def test_an_unseen_title_glued_to_a_heading_is_flagged_not_removed():
    line = "二、2017年工作安排重生之都市狂龙"
    lines, events = remove_noise([line], first_line=7)
    assert lines == [line]
    assert [(e.line, e.action, e.text, e.column) for e in events] == [(7, "flagged", "重生之都市狂龙", 12)]


@pytest.mark.parametrize("heading", [
    "一、2016年工作回顾", "二、2017年工作安排", "三、全面加强政府自身建设",
    "二、2017年经济社会发展总体要求和政策取向", "三、2017年重点工作任务",
    "（一）践行新的理念",  # chapter titles are free phrases: never checked against the endings
])
def test_good_headings_are_not_flagged(heading):
    _, events = remove_noise([heading])
    assert events == []


def test_suspicious_tail():
    assert suspicious_tail("二、2017年工作安排重生之都市狂龙") == "重生之都市狂龙"
    assert suspicious_tail("一、2016年工作回顾") is None
    assert suspicious_tail("四、某某某某") == "某某某某"   # no known heading ending: whole text for review


def test_body_lines_are_not_checked_as_headings():
    _, events = remove_noise(["（一）加强战略谋划，五大发展理念持续深化。牢固树立和贯彻落实五大发展理念。"])
    assert events == []


def test_a_paragraph_broken_over_many_lines_is_one_line_with_the_count_kept():
    # 300 lines of 16 characters, each ending with a digit (mid-sentence): one paragraph
    lines = [f"推进重点项目建设第{i:04d}号工程" for i in range(300)] + ["", "二、2017年工作安排"]
    out, events = join_broken_lines(lines)
    assert len(out) == len(lines)
    assert out[0] == "".join(lines[:300])
    assert out[1:300] == [""] * 299
    assert out[300:] == ["", "二、2017年工作安排"]           # a part heading is never joined
    assert [e.line for e in events] == list(range(2, 301))
    assert events[-1].reason == "continues the paragraph of line 1 (that line has no sentence end)"


def test_a_long_title_line_without_punctuation_is_not_joined_but_a_long_sentence_is():
    # beyond the first 200 characters: a title stops joining only if no ，。；！？《 follows anywhere
    filler = "经济社会发展" * 40                                          # 240 characters, no marks
    title = ["2017年焦作市政府工作报告" + filler + "年", "下一行继续"]
    assert join_broken_lines(title)[0] == title
    not_title = ["2017年焦作市政府工作报告" + filler + "，推进建设", "下一行继续"]
    assert join_broken_lines(not_title)[0] == ["".join(not_title), ""]
    # a joined paragraph whose start becomes a title ("…政府" + "工作报告…") stops joining, unless
    # one of its later pieces brings a mark
    head = "焦作市人民政府二〇一七年度政府"                               # 15 characters
    stays_title = [head, "工作报告" + filler, "下一行继续"]
    assert join_broken_lines(stays_title)[0] == [head + "工作报告" + filler, "", "下一行继续"]
    with_mark = [head, "工作报告" + filler + "，", "下一行继续"]
    assert join_broken_lines(with_mark)[0] == ["".join(with_mark), "", ""]


# --- plausibility ---------------------------------------------------------------------------------
import random                                                           # noqa: E402
from pathlib import Path                                                # noqa: E402

from jzlib.clean import implausible                                     # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "raw"


def random_gbk(n_bytes: int, seed: int = 1) -> str:
    """Random bytes in GBK's double-byte ranges, decoded: what a binary file read as GBK looks like."""
    rng = random.Random(seed)
    data = bytes(rng.randrange(0x81, 0xFF) if i % 2 == 0 else rng.randrange(0x40, 0xFF) for i in range(n_bytes))
    return data.decode("gbk", errors="ignore")


@pytest.mark.parametrize("name", ["jiaozuo-2016.md", "jiaozuo-2017-scraped.txt"])
def test_real_reports_read_as_reports(name):
    assert implausible((FIXTURES / name).read_text(encoding="utf-8")) == ""


def test_random_gbk_under_a_valid_title_does_not_read_as_a_report():
    why = implausible("2018年焦作市政府工作报告\n" + random_gbk(20_000))
    assert why.startswith("does not read as a report: only ")
    assert "of its Chinese characters are common ones" in why and "sentence marks per 100" in why


def test_common_characters_without_sentences_do_not_read_as_a_report():
    common = "经济社会发展全面推进改革开放重点项目建设"                    # all GB 2312 level 1
    rng = random.Random(2)
    text = "".join(rng.choice(common) for _ in range(2_000))
    why = implausible(text)
    assert "common ones" not in why and "0.0 sentence marks per 100 characters" in why


def test_too_little_text_is_not_judged():
    assert implausible(random_gbk(400)) == ""        # under 300 Chinese characters
