"""structure: parts, chapters, sections, sentences and metadata, with stable ids."""
import pytest

from jzlib import JzlibError
from jzlib.structure import lead_phrase, metadata, paragraphs, sentences, slug, split_sentences

from conftest import mini_report

TEXTS = mini_report().strip().split("\n")


def test_parts_chapters_sections():
    got = [(p.para_id, p.part, p.chapter, p.section) for p in paragraphs(TEXTS)]
    assert got == [
        ("p001", "", "", ""),
        ("p002", "", "", ""),
        ("p003", "", "", ""),
        ("p004", "一、2016年工作回顾", "", ""),
        ("p005", "一、2016年工作回顾", "", "综合实力再上台阶"),
        ("p006", "一、2016年工作回顾", "（一）突出精准施策，经济平稳向好势头持续巩固", ""),
        ("p007", "一、2016年工作回顾", "（一）突出精准施策，经济平稳向好势头持续巩固", "狠抓项目建设"),
        # no lead phrase of its own: inside a chapter it stays in the section before it
        ("p008", "一、2016年工作回顾", "（一）突出精准施策，经济平稳向好势头持续巩固", "狠抓项目建设"),
        ("p009", "二、2017年工作安排", "", ""),
        ("p010", "二、2017年工作安排", "", ""),
        ("p011", "二、2017年工作安排", "（一）发挥市场决定性作用，促进经济稳定增长", ""),
        ("p012", "二、2017年工作安排", "（一）发挥市场决定性作用，促进经济稳定增长", "加强项目谋划建设"),
        ("p013", "三、全面加强政府自身建设", "", ""),
        ("p014", "三、全面加强政府自身建设", "（一）践行新的理念", ""),
    ]


def test_address_to_delegates_closes_the_chapter():
    ps = paragraphs(["一、2016年工作回顾", "（八）加强自身建设，行政效能持续提升。深入开展学习教育。",
                     "各位代表！过去一年取得的成绩来之不易。"])
    assert (ps[2].part, ps[2].chapter, ps[2].section) == ("一、2016年工作回顾", "", "")


@pytest.mark.parametrize("text, lead", [
    ("狠抓项目建设。把项目建设作为稳增长的重要抓手。", "狠抓项目建设"),
    ("——综合实力再上台阶。全市生产总值2082.6亿元。", "综合实力再上台阶"),
    ("一是新战略赋予焦作新定位。国家出台规划。", "一是新战略赋予焦作新定位"),
    ("今年，全市政府系统以质量为要求。", ""),                  # a comma: a sentence, not a title
    ("今年经济社会发展主要预期目标是：生产总值增长8.5%左右。", ""),
    ("做好政府工作必须切实增强四个意识始终在思想上同党中央保持一致。", ""),  # too long
])
def test_lead_phrase(text, lead):
    assert lead_phrase(text) == lead


def test_sentences_keep_their_closing_marks_and_ids_are_stable():
    assert split_sentences("增长8.3%。“宽带中国”示范城市。好！尾巴") == ["增长8.3%。", "“宽带中国”示范城市。", "好！", "尾巴"]
    a = sentences(paragraphs(TEXTS))
    # p005 of the mini report: a section heading run into its first sentence, split at 。
    assert [(s["sent_id"], s["section"], s["sentence"]) for s in a if s["para_id"] == "p005"] == [
        ("p005.s1", "综合实力再上台阶", "——综合实力再上台阶。"),
        ("p005.s2", "综合实力再上台阶", "全市生产总值2082.6亿元，增长8.3%，迈上新的台阶。")]
    assert [s["sentence"] for s in a if s["para_id"] == "p007"] == ["狠抓项目建设。", "集中开工项目333个，完成投资287亿元。"]
    # ids are positions: the same paragraphs with one paragraph more in front shift by one
    b = sentences(paragraphs(TEXTS[:3] + ["各位代表，现在我代表市政府作报告。"] + TEXTS[3:]))
    assert [s["sentence"] for s in b if s["para_id"] == "p006"] == [s["sentence"] for s in a if s["para_id"] == "p005"]


def test_metadata_from_the_text():
    m = metadata(TEXTS)
    assert m == {"report_id": "jiaozuo-2017", "city": "焦作市", "year": 2017, "review_year": 2016,
                 "title": "2017年焦作市政府工作报告", "date": "2017-02-28", "speaker": "张三",
                 "government_from": "title", "year_from": "title"}


def test_metadata_without_a_title_uses_headings_and_overrides():
    texts = mini_report(title=False).strip().split("\n")
    with pytest.raises(JzlibError, match="--city"):
        metadata(texts)
    m = metadata(texts, city="焦作市")
    assert (m["year"], m["report_id"], m["title"]) == (2017, "jiaozuo-2017", "2017年焦作市政府工作报告")
    assert metadata(texts[3:], city="郑州市")["year"] == 2017            # from "二、2017年工作安排"
    assert metadata(["一、2016年工作回顾"], city="郑州市")["year"] == 2017  # review year + 1
    with pytest.raises(JzlibError, match="--year"):
        metadata(["各位代表："], city="郑州市")


def test_national_report_metadata():
    texts = ["政府工作报告", "——2017年3月5日在第十二届全国人民代表大会第五次会议上", "国务院总理李克强",
             "各位代表：", "一、2016年工作回顾"]
    m = metadata(texts)
    assert (m["city"], m["year"], m["date"], m["speaker"], m["report_id"]) == (
        "全国", 2017, "2017-03-05", "李克强", "quanguo-2017")


@pytest.mark.parametrize("city, expected", [("焦作市", "jiaozuo"), ("郑州市", "zhengzhou"),
                                            ("河南省", "henan"), ("全国", "quanguo")])
def test_slug(city, expected):
    assert slug(city) == expected


def test_a_plan_part_after_the_government_part_is_an_appendix_and_the_plan_is_found_in_the_review():
    from jzlib.structure import implicit_kinds
    texts = ["各位代表：", "一、2023年工作回顾", "全市生产总值增长6%。", "今年经济社会发展的主要预期目标是：生产总值增长6%左右。",
             "二、全面加强政府自身建设", "依法行政。", "成都市2024年民生实事工作目标", "新建学校10所。"]
    kinds = ["", "review", "review", "review", "government", "government", "plan", "plan"]
    assert implicit_kinds(texts, kinds, 2024) == ["", "review", "review", "plan", "government", "government",
                                                   "plan", "plan"]


def test_the_paragraphs_before_the_first_part_found_are_the_review():
    # 西藏 2012: the review heading ran into its first paragraph (2011年工作回顾2011年是…), so the
    # first part found is the plan; 雅安 2014: the review sections come before the review part
    from jzlib.structure import implicit_kinds
    texts = ["——2012年1月在自治区人大会议上", "各位代表：", "现在，我代表自治区人民政府作报告。",
             "2011年工作回顾2011年是“十二五”开局之年。全区生产总值达605亿元，比上年增长12.6%。",
             "一、突出安居乐业", "二、2012年工作安排", "全区生产总值增长12%以上。", "三、加强政府自身建设"]
    kinds = ["", "", "", "", "review", "plan", "plan", "government"]
    assert implicit_kinds(texts, kinds, 2012) == ["", "", "review", "review", "review", "plan", "plan",
                                                   "government"]


def test_a_sentence_over_the_limit_is_cut_after_a_comma():
    from jzlib.structure import MAX_SENTENCE, split_sentences
    clause = "推进项目建设，"                          # 7 characters, a comma last
    long = clause * 600 + "完成投资。"                # 4,205 characters, one 。
    pieces = split_sentences("开头一句。" + long)
    assert pieces[0] == "开头一句。"
    assert "".join(pieces[1:]) == long                # nothing lost
    assert [len(p) for p in pieces[1:]] == [1995, 1995, 215]   # 285 clauses of 7 = 1,995 <= 2,000
    assert all(p.endswith("，") for p in pieces[1:-1]) and MAX_SENTENCE == 2000
    # no comma at all: cut at the limit
    assert [len(p) for p in split_sentences("1" * 4500 + "。")] == [2000, 2000, 501]
