"""Messy and bad input: each kind of broken file gives a clean result or a clear error.

Each test name is in the README's "When input is messy" table."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jzlib import JzlibError, paths
from jzlib.clean import normalise, normalise_line, remove_noise
from jzlib.dedup import deduplicate, split_copies
from jzlib.extract import extract_report, read_sentence
from jzlib.pipeline import clean_raw
from jzlib.read import RawText, read_raw
from jzlib.store import read_interim, write_interim

from conftest import mini_report

REPORT = mini_report()
PARAS = [l for l in REPORT.split("\n") if l]


def cleaned(text, **kw):
    return clean_raw(RawText(paths.ROOT / "x.txt", text, "utf-8", "0" * 64), **kw)


def paragraphs_of(text, **kw):
    res = cleaned(text, **kw)
    assert len(res.reports) == 1
    return [p.text for p in res.reports[0].paragraphs], res


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "jzlib", *map(str, args)], capture_output=True,
                          text=True, cwd=paths.ROOT)


# --- encodings ------------------------------------------------------------------------------

def test_utf16_without_bom(write):
    for codec in ("utf-16-le", "utf-16-be"):
        raw = read_raw(write(f"{codec}.txt", REPORT.encode(codec)))
        assert raw.text == REPORT and raw.encoding == "utf-16"


def test_wrong_encoding_is_refused_not_guessed(write):
    # bytes that GB18030 maps into its user-defined (private use) area: not text, so refused
    p = write("odd.txt", bytes([0xAA, 0xA1, 0xAB, 0xB5, 0xF8, 0xC0]) * 200)
    with pytest.raises(JzlibError, match="encoding is probably wrong") as e:
        read_raw(p)
    assert str(p) in str(e.value)


def test_traditional_characters_are_converted_with_opencc():
    trad = REPORT.replace("政府工作报告", "政府工作報告").replace("生产总值", "生產總值").replace(
        "经济", "經濟").replace("项目", "項目").replace("开工", "開工").replace("发挥", "發揮").replace(
        "实践", "實踐").replace("增长", "增長").replace("规", "規").replace("谋", "謀")
    paras, res = paragraphs_of(trad)
    assert res.converted and res.traditional_share > 0.03
    assert paras == PARAS
    assert "converted from traditional characters" in res.summary()


def test_simplified_text_is_left_alone():
    paras, res = paragraphs_of(REPORT)
    assert not res.converted and paras == PARAS


# --- web residue ------------------------------------------------------------------------------

def test_html_tags_and_entities_are_removed():
    html = "<html><body><script>var a=1;</script>" + "".join(
        f"<p>{l.replace('，', '&#65292;')}&nbsp;</p>" for l in PARAS) + "<br/></body></html>"
    paras, res = paragraphs_of(html)
    assert paras == PARAS
    assert res.html_fixes > 2 * len(PARAS)


def test_page_furniture_lines_are_removed_and_reported():
    furniture = ["来源：焦作日报", "责任编辑：张三", "点击量：1234", "分享到：微信 微博", "【打印本页】【关闭窗口】"]
    lines = PARAS[:1] + furniture + PARAS[1:]
    paras, res = paragraphs_of("\n".join(lines))
    assert paras == PARAS
    # reported as matched, after normalisation (the space between Chinese characters is gone)
    assert sorted(e.text for e in res.noise if e.action == "removed") == sorted(
        ["来源：焦作日报", "责任编辑：张三", "点击量：1234", "分享到：微信微博", "【打印本页】【关闭窗口】"])


def test_inline_pinyin_is_removed_but_acronyms_stay():
    text = REPORT.replace("坚持项目为王", "坚持项目为(wéi)王，运用PPP(PPP)模式")
    paras, res = paragraphs_of(text)
    assert "坚持项目为王，运用PPP(PPP)模式" in paras[11]
    assert [e.text for e in res.noise if e.action == "removed"] == ["(wéi)"]


def test_zero_width_characters_and_nbsp():
    text = REPORT.replace("全市生产总值", "全市\u200b生产\u00a0总值\ufeff")
    paras, _ = paragraphs_of(text)
    assert paras == PARAS


def test_fullwidth_digits_inside_numbers_are_extracted(tmp_path):
    text = REPORT.replace("2082.6亿元，增长8.3%", "２０８２．６亿元，增长８．３％")
    res = cleaned(text)
    write_interim(res, tmp_path)
    df = extract_report(*read_interim(tmp_path / "jiaozuo-2017.meta.json"))
    gdp = df[(df.indicator == "生产总值") & (df.kind == "actual")].iloc[0]
    assert (gdp.value, gdp.unit, gdp.growth_pct) == (2082.6, "亿元", 8.3)


# --- damaged structure -------------------------------------------------------------------------

def test_no_title_line_needs_an_override_and_then_works():
    text = mini_report(title=False)
    with pytest.raises(JzlibError, match="--city"):
        cleaned(text)
    paras, res = paragraphs_of(text, city="焦作市")
    assert res.reports[0].report_id == "jiaozuo-2017" and paras == PARAS[1:]


def test_headings_without_numbering_still_give_parts(tmp_path):
    text = REPORT.replace("一、2016年工作回顾", "2016年工作回顾").replace("二、2017年工作安排", "2017年工作安排")
    res = cleaned(text)
    write_interim(res, tmp_path)
    df = extract_report(*read_interim(tmp_path / "jiaozuo-2017.meta.json"))
    assert set(zip(df.indicator, df.kind)) >= {("生产总值", "actual"), ("生产总值", "target")}


def test_paragraphs_broken_across_lines_are_joined():
    broken = REPORT.replace("集中开工项目333个，完成投资287亿元。", "集中开工项目333个，\n完成投资287亿元。").replace(
        "今年经济社会发展主要预期目标是：生产总值增长8.5%左右，", "今年经济社会发展主要预期目标是：生产总值增长8.5%左右，\n")
    paras, res = paragraphs_of(broken)
    assert paras == PARAS
    assert [e.action for e in res.noise] == ["joined", "joined"]


def test_two_reports_in_one_file_stay_apart():
    other = mini_report(city="洛阳市", year=2018, gdp="4343")
    res = cleaned(REPORT + other.replace("集中开工项目333个", "新开工项目500个，签约项目120个，总投资800亿元"))
    assert [r.report_id for r in res.reports] == ["jiaozuo-2017", "luoyang-2018"]


def test_duplicate_copies_in_different_encodings_across_files(tmp_path):
    a, b = tmp_path / "a-utf8.txt", tmp_path / "b-gbk.txt"
    a.write_text(REPORT, encoding="utf-8")
    b.write_bytes(REPORT.encode("gbk"))
    out = tmp_path / "out"
    r = run_cli("clean", a, b, "--out", out)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["jiaozuo-2017.meta.json", "jiaozuo-2017.paragraphs.parquet",
                                                     "jiaozuo-2017.txt"]
    assert "jiaozuo-2017 already read from a-utf8.txt" in r.stdout
    meta = json.loads((out / "jiaozuo-2017.meta.json").read_text(encoding="utf-8"))
    assert [(x["file"], x["encoding"], x["similarity"]) for x in meta["also_in"]] == [("b-gbk.txt", "gb18030", 1.0)]


# --- spam --------------------------------------------------------------------------------------

def test_advertisement_lines_are_removed_and_standalone_titles_flagged():
    lines = PARAS[:4] + ["侯卫东官场笔记最新章节免费阅读", "《重生之官路商途》"] + PARAS[4:]
    paras, res = paragraphs_of("\n".join(lines))
    assert "侯卫东官场笔记最新章节免费阅读" not in paras           # removed (known ad pattern)
    assert "《重生之官路商途》" in paras                            # kept, but flagged for review
    flagged = [e.text for e in res.noise if e.action == "flagged"]
    assert flagged == ["《重生之官路商途》"]


def test_unseen_spam_glued_to_a_heading_is_flagged():
    _, res = paragraphs_of(REPORT.replace("二、2017年工作安排", "二、2017年工作安排都市至尊仙医"))
    assert [(e.action, e.text) for e in res.noise] == [("flagged", "都市至尊仙医")]


# --- hostile input -----------------------------------------------------------------------------

def test_200_mb_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)          # sparse: no 200 MB written to disk
    t = time.perf_counter()
    r = run_cli("clean", big, "--out", tmp_path / "out")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert f"{big}: is 200 MB, larger than any government report (limit 50 MB)" in r.stderr
    assert time.perf_counter() - t < 20


def test_one_long_line_is_one_paragraph_and_extraction_stays_linear():
    line = "全市生产总值2082.6亿元增长8.3%推进产业集聚区建设" * 40_000          # ~1 MB, no punctuation
    t = time.perf_counter()
    res = cleaned("2017年焦作市政府工作报告\n一、2016年工作回顾\n" + line + "\n")
    rows = read_sentence(line[:200_000])
    assert len(res.reports[0].paragraphs) == 3 and len(rows) > 1000
    assert time.perf_counter() - t < 60


def test_unreadable_file(write, monkeypatch):
    p = write("r.txt", REPORT)
    from pathlib import Path
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr("jzlib.read.open", denied, raising=False)
    with pytest.raises(JzlibError, match="cannot be read \\(permission denied\\)"):
        read_raw(p)


def test_output_directory_that_cannot_be_written(tmp_path):
    raw = tmp_path / "r.txt"
    raw.write_text(REPORT, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    r = run_cli("clean", raw, "--out", blocker / "sub")
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "cannot write here" in r.stderr and "choose another --out directory" in r.stderr


def test_a_failure_leaves_earlier_outputs_intact(tmp_path):
    out = tmp_path / "out"
    good = tmp_path / "good.txt"
    good.write_text(REPORT, encoding="utf-8")
    assert run_cli("clean", good, "--out", out).returncode == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    r = run_cli("clean", bad, "--out", out)
    assert r.returncode == 1 and "looks like a binary file" in r.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_raw_files_are_never_modified(tmp_path):
    raw = tmp_path / "r.txt"
    raw.write_bytes(("<p>" + REPORT.replace("\n", "\r\n") + "</p>").encode("gbk"))
    before = (raw.read_bytes(), os.stat(raw).st_mtime_ns)
    assert run_cli("clean", raw, "--out", tmp_path / "out").returncode == 0
    assert (raw.read_bytes(), os.stat(raw).st_mtime_ns) == before


# --- properties (hypothesis) -----------------------------------------------------------------

report_text = st.text(alphabet=st.sampled_from(list("全市生产总值增长亿元万人，。；：、“”（）——・ ０１２３４５６７８９0123456789.％%\n二号首长一、")),
                      max_size=300)


spacey_text = st.text(alphabet=st.sampled_from(list("中文，。—―－％．0123456789 \t\u3000\u00a0\u2028\n\x0bab・")),
                     max_size=200)


@settings(max_examples=500, deadline=None, derandomize=True)
@given(spacey_text)
def test_whole_text_normalisation_equals_line_by_line(text):
    """normalise() runs each substitution once over the text; it must equal normalise_line
    applied to every line (whitespace, dashes and ％ never reach across a line break)."""
    assert normalise(text) == "\n".join(normalise_line(line) for line in text.split("\n"))


def test_whole_text_normalisation_of_the_shipped_file():
    text = read_raw(Path(__file__).parent / "fixtures" / "raw" / "jiaozuo-2017-scraped.txt").text
    assert normalise(text) == "\n".join(normalise_line(line) for line in text.split("\n"))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(report_text)
def test_cleaning_is_idempotent(text):
    once, _ = remove_noise(normalise(text).split("\n"))
    twice, events = remove_noise(normalise("\n".join(once)).split("\n"))
    assert twice == once
    assert [e for e in events if e.action == "removed"] == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(report_text)
def test_every_number_survives_cleaning(text):
    import re
    table = {ord(c): ord(c) - 0xFEE0 for c in "０１２３４５６７８９"}
    digits_before = re.findall(r"\d+", text.translate(table).replace("二号首长", " "))
    lines, _ = remove_noise(normalise(text).split("\n"))
    digits_after = re.findall(r"\d+", "\n".join(lines))
    assert "".join(digits_after) == "".join(digits_before)


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=6), st.randoms(use_true_random=False))
def test_k_shuffled_copies_give_one_report(k, rnd):
    variants = [mini_report(gdp=g) for g in ("2082.6", "2082.6", "2028.6", "2082.5")]
    copies_text = [variants[rnd.randrange(len(variants))] for _ in range(k)]
    rnd.shuffle(copies_text)
    lines, _ = remove_noise(normalise("".join(copies_text)).split("\n"))
    reports = deduplicate(split_copies(lines))
    assert len(reports) == 1
    assert len(reports[0].copies) == k


@settings(max_examples=300, deadline=None, derandomize=True)
@given(before=st.text(max_size=60), after=st.text(max_size=60),
       name=st.sampled_from(["生产总值", "一般公共预算收入", "社会消费品零售总额", "城镇新增就业"]),
       whole=st.integers(1, 99999), tenths=st.integers(0, 9), unit=st.sampled_from(["亿元", "万人", "公里", "万吨"]),
       growth=st.integers(1, 30))
def test_extraction_finds_the_quantity_whatever_surrounds_it(before, after, name, whole, tenths, unit, growth):
    """A real statement between arbitrary text: extraction never raises, and the statement's
    level and growth are among the rows, with their unit."""
    value = float(f"{whole}.{tenths}")
    rows = read_sentence(f"{before}。全市{name}达到{whole}.{tenths}{unit}，增长{growth}%，{after}")
    assert any(r["value"] == value and r["unit"] == unit and r["growth_pct"] == growth for r in rows), rows


@settings(max_examples=100, deadline=None, derandomize=True)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=120))
def test_clean_step_raises_only_its_own_error(text):
    try:
        cleaned(text)
    except JzlibError:
        pass


@pytest.mark.slow
def test_one_5_mb_line_is_cleaned(tmp_path):
    raw = tmp_path / "long.txt"
    line = ("全市生产总值2082.6亿元增长8.3%推进产业集聚区建设" * 200_000)[:5_000_000]
    raw.write_text("2017年焦作市政府工作报告\n一、2016年工作回顾\n" + line + "\n", encoding="utf-8")
    t = time.perf_counter()
    r = run_cli("clean", raw, "--out", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "kept jiaozuo-2017 (3 paragraphs)" in r.stdout
    assert time.perf_counter() - t < 120


def test_a_file_cut_inside_its_last_character_is_read_without_it():
    from jzlib.read import decode
    data = "各位代表：生产总值增长8%。".encode("utf-8")
    text, encoding = decode(data[:-2], "cut.txt")     # 。 is 3 bytes: one of them is left
    assert (text, encoding) == ("各位代表：生产总值增长8%", "utf-8")
    with pytest.raises(JzlibError, match="cannot be decoded"):    # broken in the middle: still refused
        decode(data[:4] + b"\xff\xfe" + data[4:] + b"\xff", "bad.txt")
