"""What the briefings print: words in two languages, figures as written, focus, computed readings.

Expectations are read from the reports' text (tests/fixtures/raw/): the 2016 Jiaozuo report sets
"生产总值增长8.5%左右，一般公共预算收入增长7.5%左右，固定资产投资增长16%，社会消费品零售总额增长12%
…城镇新增就业6万人" and "新改建农村公路400公里"; the 2017 report gives for 2016 "生产总值2082.6亿元，
增长8.3%", 一般公共预算收入 124.2亿元 增长7.9%, 社会消费品零售总额 698.9亿元 增长11.9%, 固定资产投资
2198亿元 增长16.9%, 城镇新增就业9.2万人, 新改建农村公路521公里.
"""
import pandas as pd
import pytest

from jzlib import brief, compare, readings
from jzlib.errors import JzlibError
from jzlib.extract import extract_interim, headline_table


# --- words and figures ----------------------------------------------------------------------------

@pytest.mark.parametrize("args, zh, en", [
    ((2082.6, "亿元"), "2082.6亿元", "208.26 bn yuan"),
    ((2.37, "万人"), "2.37万人", "23,700 people"),
    ((54457, "元"), "54457元", "54,457 yuan"),
    ((19.5, "亿美元"), "19.5亿美元", "1.95 bn USD"),
    ((56.45, "%"), "56.45%", "56.45%"),
    ((12, "万千瓦"), "12万千瓦", "12 万千瓦"),          # no gloss: the unit as written
    ((None, "亿元"), "", ""),
])
def test_quantity(args, zh, en):
    assert brief.quantity(*args, "zh") == zh
    assert brief.quantity(*args, "en") == en


@pytest.mark.parametrize("kw, zh, en", [
    (dict(value=8.5, measure="growth", unit="", qualifier="左右"), "增长8.5%左右", "about +8.5%"),
    (dict(value=-7, measure="growth", unit=""), "下降7%", "−7%"),
    (dict(value=None, measure="growth", unit="", qualifier="range", low=6.5, high=7), "增长6.5—7%", "+6.5–7%"),
    (dict(value=6, measure="level", unit="万人", qualifier="以上"), "6万人以上", "60,000 people or more"),
    (dict(value=650, measure="level", unit="亿元", qualifier="确保"), "确保650亿元", "ensuring 65 bn yuan"),
    (dict(value=3, measure="growth", unit="", qualifier="以内"), "增长3%以内", "at most +3%"),
    (dict(value=4600, measure="level", unit="亿元", qualifier="突破"), "突破4600亿元", "over 460 bn yuan"),
    (dict(value=4600, measure="level", unit="亿元", qualifier="大关"), "4600亿元大关", "460 bn yuan (大关)"),
])
def test_figure_as_written_and_glossed(kw, zh, en):
    v, m, u = kw.pop("value"), kw.pop("measure"), kw.pop("unit")
    assert brief.figure(v, m, u, "zh", **kw) == zh
    assert brief.figure(v, m, u, "en", **kw) == en


def test_num_never_writes_an_exponent():
    assert brief.num(1e12) == "1000000000000"
    assert brief.num(0.0001) == "0.0001"
    assert brief.num(2082.6 * 0.1) == "208.26"
    assert brief.num(float("nan")) == ""


def test_labels_file_is_checked(tmp_path, monkeypatch):
    bad = tmp_path / "briefing_labels.txt"
    bad.write_text("a | 甲 | A\na | 乙 | B\n", encoding="utf-8")
    monkeypatch.setattr(brief, "resource", lambda name: bad)
    brief.labels.cache_clear()
    try:
        with pytest.raises(JzlibError, match="line 2: key 'a' is defined twice"):
            brief.labels()
        bad.write_text("only | two\n", encoding="utf-8")
        brief.labels.cache_clear()
        with pytest.raises(JzlibError, match="line 1: expected"):
            brief.labels()
    finally:
        monkeypatch.undo()
        brief.labels.cache_clear()


def test_every_status_word_has_both_languages():
    for s, zh in [("met", "已完成"), ("exceeded", "超额完成"), ("missed", "未完成"), ("not stated", "未说明"),
                  ("pending", "待下年报告")]:
        assert brief.word(s, "zh") == zh
        assert brief.word(s, "en") == s.replace("pending", "awaiting next report")
    with pytest.raises(JzlibError, match="not one of zh, en"):
        brief.t("status.met", "fr")


# --- tables ---------------------------------------------------------------------------------------

def test_show_renames_every_column_and_prints_no_nan_or_index():
    df = pd.DataFrame({"indicator": ["生产总值", "城镇化率"], "status": ["met", float("nan")],
                       "value": [2082.6, float("nan")]}).rename(columns={"value": "figure"})
    table = brief.show(df, "zh", values={"status": "status"})
    html = table._repr_html_()
    assert "<th>指标</th><th>完成情况</th><th>数值</th>" in html
    assert "已完成" in html and "nan" not in html.lower() and "2082.6" in html
    assert ">0<" not in html and ">1<" not in html                     # no index column
    en = brief.show(df, "en", values={"status": "status"})._repr_html_()
    assert "<th>Indicator</th><th>Status</th><th>Figure</th>" in en and ">met<" in en


def test_show_refuses_a_raw_column_name():
    with pytest.raises(JzlibError, match="column 'growth_pct' has no label"):
        brief.show(pd.DataFrame({"growth_pct": [8.3]}))


def test_show_leaves_out_a_report_column_with_one_value_and_says_none_for_no_rows():
    one = brief.show(pd.DataFrame({"report": ["a", "a"], "indicator": ["x", "y"]}))
    assert list(one.df.columns) == ["指标"]
    two = brief.show(pd.DataFrame({"report": ["a", "b"], "indicator": ["x", "y"]}))
    assert list(two.df.columns) == ["报告", "指标"]
    assert "（无）" in brief.show(pd.DataFrame({"indicator": []}))._repr_html_()


# --- focus ----------------------------------------------------------------------------------------

PRESENT = pd.DataFrame({"report_id": ["jz-2014", "jz-2016", "jz-2017", "zz-2022", "zz-2023"],
                        "city": ["焦作市", "焦作市", "焦作市", "郑州市", "郑州市"],
                        "year": [2014, 2016, 2017, 2022, 2023]})


def test_focus_defaults_to_the_latest_report_of_each_government():
    f = brief.focus(PRESENT)
    assert brief.in_focus(f) == ["jz-2017", "zz-2023"]
    assert f[f.role == "earlier"].report_id.tolist() == ["jz-2014", "jz-2016", "zz-2022"]


def test_focus_by_report_or_government_and_a_clear_error():
    f = brief.focus(PRESENT, ["jz-2016"])
    assert brief.in_focus(f) == ["jz-2016"]
    assert f.report_id.tolist() == ["jz-2014", "jz-2016"]              # later reports are not "earlier"
    assert brief.in_focus(brief.focus(PRESENT, "郑州市")) == ["zz-2023"]
    with pytest.raises(JzlibError, match="FOCUS names '洛阳市'"):
        brief.focus(PRESENT, "洛阳市")


def test_header_note_is_one_line_per_government():
    assert brief.header_note(PRESENT, "zh") == "数据：焦作市 2014–2017（3份）；郑州市 2022–2023（2份）"
    assert brief.header_note(PRESENT, "en") == "Data: 焦作市 2014–2017 (3 reports); 郑州市 2022–2023 (2 reports)"
    assert brief.header_note(PRESENT.iloc[:1], "zh") == "数据：焦作市 2014"


# --- readings of the shipped reports (fixture copies) --------------------------------------------

@pytest.fixture(scope="module")
def shipped(shipped_interim):
    ind = extract_interim(shipped_interim)
    present = brief.reports(shipped_interim)
    return ind, headline_table(ind), compare.compare(ind), present, brief.focus(present)


def test_focus_of_the_shipped_data(shipped):
    *_, present, f = shipped
    assert present[["report_id", "year", "paragraphs", "copies"]].values.tolist() == [
        ["jiaozuo-2016", 2016, 116, 1], ["jiaozuo-2017", 2017, 107, 8]]
    assert brief.in_focus(f) == ["jiaozuo-2017"]


def test_targets_met_table_of_the_shipped_data(shipped):
    _, _, yoy, _, f = shipped
    table = readings.met_table(yoy, f, "zh").df
    assert table.to_dict("list") == {
        "年份": ["2016"] * 6,
        "指标": ["生产总值", "一般公共预算收入", "社会消费品零售总额", "固定资产投资", "城镇新增就业", "新改建农村公路"],
        "目标": ["增长8.5%左右", "增长7.5%左右", "增长12%", "增长16%", "6万人", "400公里"],
        "结果": ["增长8.3%", "增长7.9%", "增长11.9%", "增长16.9%", "9.2万人", "521公里"],
        "完成情况": ["已完成", "已完成", "未完成", "超额完成", "超额完成", "超额完成"]}
    en = readings.met_table(yoy, f, "en", sentences=True).df
    assert en.iloc[0].tolist()[:5] == ["2016", "GDP", "about +8.5%", "+8.3%", "met"]
    assert "生产总值增长8.5%左右" in en.iloc[0]["Target sentence"] and "增长8.3%" in en.iloc[0]["Result sentence"]


def test_readings_of_the_shipped_data(shipped):
    ind, head, yoy, present, f = shipped
    assert readings.gdp(head, f, "zh") == ["焦作市2017年报告：2016年生产总值2082.6亿元，增长8.3%；2017年目标增长8.5%左右。"]
    assert readings.gdp(head, f, "en") == ["焦作市 2017 report: GDP 208.26 bn yuan in 2016, +8.3%; the 2017 target is about +8.5%."]
    met = readings.met(yoy, f, present, "zh")
    assert met[0].startswith("焦作市2017年报告说明了2016年6项目标的结果：已完成2项，超额完成3项，未完成1项")
    assert met[1].startswith("其中：生产总值目标增长8.5%左右，实际增长8.3%，已完成；")
    assert readings.reports(present, f, "zh") == ["共2份报告，来自1个政府：焦作市（2016、2017）。",
                                                 "重点：焦作市2017年报告；与往年报告（焦作市2016年报告）比较。"]


def test_met_reading_says_when_the_year_before_is_missing(shipped):
    _, _, yoy, present, _ = shipped
    only_2016 = brief.focus(present, ["jiaozuo-2016"])
    assert readings.met(yoy, only_2016, present, "zh")[0] == \
        "焦作市2016年报告的上一年报告（2015年）不在数据中，其目标是否完成无从比较。"


def test_headline_table_has_one_column_per_meaning(shipped):
    _, head, *_ = shipped
    both = readings.headline_table(head, ["jiaozuo-2016", "jiaozuo-2017"], "zh").df
    assert list(both.columns) == ["报告", "指标", "上年实际", "上年增长", "本年目标"]   # not one per year
    gdp = both[(both["报告"] == "焦作市2016年报告") & (both["指标"] == "生产总值")].iloc[0].tolist()
    assert gdp == ["焦作市2016年报告", "生产总值", "1929亿元", "增长9%", "增长8.5%左右"]
    jobs = both[(both["报告"] == "焦作市2017年报告") & (both["指标"] == "城镇新增就业")].iloc[0].tolist()
    assert jobs == ["焦作市2017年报告", "城镇新增就业", "9.2万人", "", "6万人以上"]
