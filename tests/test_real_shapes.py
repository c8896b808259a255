"""Real reports' shapes, end to end through the clean step: markdown with front matter, part
headings of every kind, a 政府工作报告 heading line, a mid-sentence blank line, two template
reports in one file, a report without part headings, HTML, folders. Fixtures are short texts
written here in the shapes the development corpus shows."""
import json

import pytest

from jzlib.build import build
from jzlib.pipeline import clean_file
from jzlib.read import find_inputs
from jzlib.structure import heading_kind

MARKDOWN = """---
source: https://example.gov.cn/2016.html
title: 焦作市政府工作报告 （2016年1月12日 徐衣显）
---

——2016年1月12日在焦作市第十二届人民代表大会第四次会议上

焦作市人民政府代市长 徐衣显

各位代表：

**一、2015年及“十二五”工作回顾**

2015年是“十二五”的收官之年。面对严峻复杂形势和经济

下行压力，全市生产总值1929亿元，增长9%。

**二、“十三五”发展总体思路和目标任务**

生产总值年均增长9%左右。

三、2016年发展目标和重点工作

今年主要预期目标是：生产总值增长8.5%左右。

**四、切实加强政府自身建设**

建设法治政府。坚持依法行政。
"""


def parts_of(cleaned):
    return list(dict.fromkeys((p.part, p.part_kind) for p in cleaned.paragraphs if p.part))


def test_markdown_report_with_front_matter(tmp_path):
    f = tmp_path / "2016.md"
    f.write_text(MARKDOWN, encoding="utf-8")
    res = clean_file(f)
    [rep] = res.reports
    m = rep.meta
    assert (m["report_id"], m["city"], m["year"], m["government_from"], m["year_from"]) == (
        "jiaozuo-2016", "焦作市", 2016, "front matter title", "title date")
    assert (m["date"], m["speaker"]) == ("2016-01-12", "徐衣显")
    assert parts_of(rep) == [("一、2015年及“十二五”工作回顾", "review"), ("二、“十三五”发展总体思路和目标任务", "outlook"),
                             ("三、2016年发展目标和重点工作", "plan"), ("四、切实加强政府自身建设", "government")]
    texts = [p.text for p in rep.paragraphs]
    # the paragraph broken by a blank line is one paragraph again, and the join is reported
    assert "2015年是“十二五”的收官之年。面对严峻复杂形势和经济下行压力，全市生产总值1929亿元，增长9%。" in texts
    assert [e.line for e in res.noise if e.action == "joined"] == [16]     # "下行压力，…" after the blank line 15
    assert not any("*" in t or t.startswith(("source:", "title:", "---")) for t in texts)


def test_markdown_indicators_follow_the_part_kinds(tmp_path):
    from jzlib.extract import indicator_rows
    f = tmp_path / "2016.md"
    f.write_text(MARKDOWN, encoding="utf-8")
    [rep] = clean_file(f).reports
    rows = [(r.kind, r.period, r.year_from, r.year_to, r.indicator, r.growth_pct)
            for r in indicator_rows(rep.meta, rep.paragraphs) if r.indicator == "生产总值"]
    # 2015 result in the review; the 十三五 average (its heading names the plan: 2016-2020) is an
    # outlook, not the 2016 target; the 2016 target
    assert rows == [("actual", "year", 2015, 2015, "生产总值", 9.0),
                    ("outlook", "average", 2016, 2020, "生产总值", 9.0),
                    ("target", "year", 2016, 2016, "生产总值", 8.5)]


def test_a_heading_line_saying_only_the_report_is_not_a_copy(tmp_path):
    f = tmp_path / "2004.md"
    f.write_text("---\ntitle: 2004年上海市政府工作报告\n---\n\n**政府工作报告**\n\n"
                 "——2004年1月22日在上海市第十二届人民代表大会第二次会议上\n\n各位代表：\n\n"
                 "一、2003年工作回顾\n\n全市生产总值增长11.8%。\n\n**政府工作报告**\n\n"
                 "二、2004年工作的总体要求和主要任务\n\n今年全市生产总值增长10%以上。\n", encoding="utf-8")
    res = clean_file(f)
    assert len(res.copies) == 1 and len(res.reports) == 1
    assert res.reports[0].meta["report_id"] == "shanghai-2004"


@pytest.mark.parametrize("second", [("洛阳市", 2017), ("焦作市", 2018)])
def test_template_reports_of_another_government_or_year_are_never_merged(tmp_path, second):
    from conftest import mini_report
    gov, year = second
    f = tmp_path / "two.txt"
    f.write_text(mini_report() + mini_report(city=gov, year=year, gdp="3000.1"), encoding="utf-8")
    res = clean_file(f)
    assert len(res.copies) == 2
    assert [(r.meta["city"], r.meta["year"]) for r in res.reports] == [("焦作市", 2017), (gov, year)]


def test_two_copies_of_one_report_still_merge(tmp_path):
    from conftest import mini_report
    f = tmp_path / "two.txt"
    f.write_text(mini_report() * 2, encoding="utf-8")
    res = clean_file(f)
    assert (len(res.copies), len(res.reports)) == (2, 1)


def test_a_report_without_part_headings_gets_review_and_plan(tmp_path):
    f = tmp_path / "r.md"
    f.write_text("---\ntitle: 2004年政府工作报告\n---\n\n政府工作报告\n\n——2004年1月3日在长沙市第十二届人民代表大会第二次会议上\n\n"
                 "各位代表：\n\n过去一年，全市生产总值增长14.6%。\n\n财政收入增长20%。\n\n"
                 "今年政府工作的总体要求是：加快发展。\n\n全市生产总值增长13%。\n", encoding="utf-8")
    [rep] = clean_file(f).reports
    assert rep.meta["report_id"] == "changsha-2004"
    kinds = [(p.text[:6], p.part_kind) for p in rep.paragraphs]
    assert kinds[-4:] == [("过去一年，全", "review"), ("财政收入增长", "review"), ("今年政府工作", "plan"), ("全市生产总值", "plan")]


@pytest.mark.parametrize("heading, year, kind", [
    ("2015年及“十二五”工作回顾", 2016, "review"),
    ("过去五年回顾及2021年主要工作", 2022, "review"),
    ("“十四五”时期发展成就和“十五五”时期主要目标任务", 2026, "review"),   # names the achievements first
    ("“十五五”时期主要目标任务", 2026, "outlook"),
    ("今后五年的总体要求和目标任务", 2018, "outlook"),
    ("今后五年的奋斗目标及2022年工作安排", 2022, "plan"),        # holds this year's targets too
    ("2026年重点工作", 2026, "plan"),
    ("2012年的工作任务", 2012, "plan"),
    ("全面加强政府自身建设", 2017, "government"),
    ("努力建设人民满意的服务型政府", 2017, "government"),
    ("深化改革开放", 2017, ""),
])
def test_heading_kinds(heading, year, kind):
    assert heading_kind(heading, year) == kind


def test_html_is_read_with_an_html_parser(tmp_path):
    f = tmp_path / "r.html"
    f.write_text("<html><head><style>p{}</style><script>var a='2099年';</script></head><body>"
                 "<h1>2017年焦作市政府工作报告</h1><p>各位代表：</p><p>一、2016年工作回顾</p>"
                 "<p>全市生产总值增长8.3%&#xff0c;迈上新台阶。</p><!-- 图片 --><p>二、2017年工作安排</p>"
                 "<p>生产总值增长8.5%左右。</p></body></html>", encoding="utf-8")
    [rep] = clean_file(f).reports
    assert [p.text for p in rep.paragraphs] == ["2017年焦作市政府工作报告", "各位代表：", "一、2016年工作回顾",
                                                "全市生产总值增长8.3%，迈上新台阶。", "二、2017年工作安排", "生产总值增长8.5%左右。"]


def test_folders_are_walked_and_other_files_counted(tmp_path):
    for rel in ("a/焦作市/2016.md", "a/焦作市/2017.txt", "b/page.html", "a/SOURCES.md", "a/scan.pdf", "a/.hidden.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    files, skipped = find_inputs([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a/焦作市/2016.md", "a/焦作市/2017.txt", "b/page.html"]
    assert sorted(s.path.name for s in skipped) == [".hidden.txt", "SOURCES.md", "scan.pdf"]


def test_build_reads_a_corpus_layout_with_a_manifest(tmp_path):
    raw = tmp_path / "corpus"
    (raw / "省自治区" / "黑龙江省").mkdir(parents=True)
    (raw / "省自治区" / "黑龙江省" / "2010.md").write_text(
        "---\ntitle: 2010年政府工作报告\n---\n\n各位代表：\n\n**（一）**\n\n2009年，全省生产总值增长11.1%。\n\n"
        "2010年是实施“十一五”规划的最后一年。全省生产总值增长8%以上。\n", encoding="utf-8")
    (raw / "untitled.txt").write_text("各位代表：\n过去一年，全市经济平稳增长。\n", encoding="utf-8")
    (raw / "m.csv").write_text("file,government,year\nuntitled.txt,焦作市,2017\n", encoding="utf-8")
    s = build(raw, tmp_path / "out", jobs=1, progress=False, manifest=raw / "m.csv")
    assert (s.reports, s.errors, s.skipped) == (2, [], 1)            # m.csv is not a report file
    meta = json.loads((tmp_path / "out/interim/heilongjiang-2010.meta.json").read_text(encoding="utf-8"))
    assert (meta["city"], meta["year"], meta["government_from"], meta["year_from"]) == (
        "黑龙江省", 2010, "folder and file name", "front matter title")
    meta = json.loads((tmp_path / "out/interim/jiaozuo-2017.meta.json").read_text(encoding="utf-8"))
    assert (meta["government_from"], meta["year_from"]) == ("manifest", "manifest")
