"""compare: actual→target in the shipped report, the status rules, and synthetic multi-year reports."""
import subprocess
import sys

import pandas as pd
import pytest

from jzlib import paths
from jzlib.compare import compare, read_indicators, status, within_report
from jzlib.extract import extract_interim

from conftest import report_text


@pytest.fixture(scope="module")
def shipped(shipped_interim):
    return extract_interim([shipped_interim / "jiaozuo-2017.meta.json"])


@pytest.fixture(scope="module")
def both(shipped_interim):
    return extract_interim([shipped_interim / "jiaozuo-2016.meta.json", shipped_interim / "jiaozuo-2017.meta.json"])


# The 2016 report's 2016 targets against the 2016 results in the 2017 report, each read from the
# two texts by hand (data/raw/jiaozuo-2016.md line 125, jiaozuo-2017-scraped.txt lines 7-42).
MET_OR_MISSED_2016 = {
    # indicator: (2016 target, 2016 result, status)
    "生产总值": (8.5, 8.3, "met"),                 # 生产总值增长8.5%左右 / 增长8.3%: within 左右
    "一般公共预算收入": (7.5, 7.9, "met"),         # 增长7.5%左右 / 增长7.9%（比年初目标高0.4个百分点）
    "固定资产投资": (16.0, 16.9, "exceeded"),      # 固定资产投资增长16% / 增长16.9%
    "社会消费品零售总额": (12.0, 11.9, "missed"),  # 社会消费品零售总额增长12% / 增长11.9%
    "城镇新增就业": (6.0, 9.2, "exceeded"),        # 城镇新增就业6万人 / 城镇新增就业9.2万人
    "新改建农村公路": (400.0, 521.0, "exceeded"),  # 新改建农村公路400公里 / 新改建农村公路521公里
}


def test_2016_targets_meet_the_2017_reports_results(both):
    a = compare(both)
    a = a[(a.relation == "target→actual") & (a.year_to == 2016)]
    decided = a[a.status.isin(["met", "exceeded", "missed"])]
    got = {r.indicator: (r.value_from, r.value_to, r.status) for r in decided.itertuples()}
    assert got == MET_OR_MISSED_2016
    # the 十三五 averages of the outlook part (一般公共预算收入年均增长8%左右) are not 2016 targets
    assert set(both[both.kind == "outlook"].report_id) == {"jiaozuo-2016"}
    assert not ((a.indicator == "一般公共预算收入") & (a.value_from == 8.0)).any()


# Each pair read from the text: the review's sentence, then the plan's.
SHIPPED_PAIRS = [
    # indicator, measure, unit, 2016 actual, 2017 target, target qualifier
    ("生产总值", "growth", "%", 8.3, 8.5, "左右"),            # 全市生产总值…增长8.3% / 生产总值增长8.5%左右
    ("规模以上工业增加值", "growth", "%", 7.9, 8.5, ""),       # 规模以上工业增加值1212亿元，增长7.9% / …增长8.5%
    ("服务业增加值", "growth", "%", 10.1, 9.5, ""),           # 服务业增加值增长10.1% / 第三产业增加值增长9.5%
    ("一般公共预算收入", "growth", "%", 7.9, 8.0, "左右"),     # …增长7.9% / 一般公共预算收入增长8%左右
    ("社会消费品零售总额", "growth", "%", 11.9, 12.0, ""),     # …增长11.9% / …增长12%
    ("固定资产投资", "growth", "%", 16.9, 16.0, ""),          # 固定资产投资完成2198亿元，增长16.9% / 全社会固定资产投资增长16%
    ("城镇新增就业", "level", "万人", 9.2, 6.0, "以上"),       # 城镇新增就业9.2万人 / 城镇新增就业6万人以上
    ("农村劳动力转移就业", "level", "万人", 3.8, 2.0, ""),     # 新增农村劳动力转移就业3.8万人 / …2万人
    ("脱贫人口", "level", "万", 1.5, 2.37, ""),               # 1.5万贫困人口实现稳定脱贫 / 完成2.37万贫困人口稳定脱贫
    ("产业集聚区主营业务收入", "level", "亿元", 4189.0, 4600.0, ""),
    ("产业集聚区固定资产投资", "level", "亿元", 1677.0, 1900.0, ""),
    ("农业产业化集群销售收入", "level", "亿元", 609.7, 650.0, "确保"),
    ("森林资源培育", "level", "万亩", 21.4, 21.0, ""),         # 完成森林资源培育21.4万亩 / …21万亩
]


def test_shipped_actual_to_target_pairs(shipped):
    w = within_report(shipped)
    got = sorted((r.indicator, r.measure, r.unit, r.value_from, r.value_to, r.qualifier_to)
                 for r in w.itertuples())
    assert got == sorted(SHIPPED_PAIRS)
    assert set(w.year_from) == {2016} and set(w.year_to) == {2017}
    gdp = w[w.indicator == "生产总值"].iloc[0]
    assert (gdp.delta, gdp.status) == (pytest.approx(0.2), "raised")
    assert w[w.indicator == "城镇新增就业"].iloc[0].status == "lowered"
    assert gdp.sentence_to.startswith("今年经济社会发展主要预期目标是：生产总值增长8.5%左右")


def test_shipped_stated_changes(shipped):
    s = compare(shipped)
    s = s[s.relation == "stated-change"].set_index("indicator")
    # 常住人口城镇化率达到56.45%，比上年提高1.6个百分点 -> 54.85 (2015) to 56.45 (2016)
    assert (s.loc["城镇化率", "value_from"], s.loc["城镇化率", "value_to"], s.loc["城镇化率", "year_from"]) == (
        pytest.approx(54.85), 56.45, 2015)
    # 增长7.9%…比年初目标高0.4个百分点 -> the 2016 target was 7.5%
    assert (s.loc["一般公共预算收入", "value_from"], s.loc["一般公共预算收入", "status"]) == (pytest.approx(7.5), "vs 年初目标")


def test_single_report_targets_are_pending_never_dropped(shipped):
    a = compare(shipped)
    a = a[a.relation == "target→actual"]
    # 44 target rows, none with both a level and a growth: 44 comparisons, all pending
    assert (shipped.kind == "target").sum() == 44
    assert len(a) == 44 and set(a.status) == {"pending"}
    assert set(a.measure) == {"growth", "level", "share"}


@pytest.mark.parametrize("actual, target, qualifier, low, high, rate, expected", [
    (8.6, 8.5, "左右", None, None, True, "met"),          # inside ±0.5
    (8.0, 8.5, "左右", None, None, True, "met"),          # on the band's edge
    (7.9, 8.5, "左右", None, None, True, "missed"),       # below the band
    (9.1, 8.5, "左右", None, None, True, "exceeded"),     # above the band
    (104, 100, "左右", None, None, False, "met"),         # levels: ±5%
    (94, 100, "左右", None, None, False, "missed"),
    (8.5, 8.5, "", None, None, True, "met"),
    (8.4, 8.5, "", None, None, True, "missed"),
    (9.0, 8.5, "", None, None, True, "exceeded"),
    (6.0, 6.0, "以上", None, None, False, "met"),
    (6.3, 6.0, "以上", None, None, False, "exceeded"),
    (5.9, 6.0, "以上", None, None, False, "missed"),
    (5.9, 6.0, "确保", None, None, False, "missed"),       # a commitment is a floor
    (3.6, 4.0, "以内", None, None, True, "met"),
    (4.0, 4.0, "以内", None, None, True, "met"),
    (4.3, 4.0, "以内", None, None, True, "missed"),
    (6.8, None, "range", 6.5, 7.0, True, "met"),
    (6.1, None, "range", 6.5, 7.0, True, "missed"),
    (7.2, None, "range", 6.5, 7.0, True, "exceeded"),
    (-4.1, -3.0, "", None, None, True, "exceeded"),       # 下降3% target, fell 4.1%
    (-2.0, -3.0, "", None, None, True, "missed"),
])
def test_status_rules(actual, target, qualifier, low, high, rate, expected):
    assert status(actual, target, qualifier, low, high, rate) == expected


JIAOZUO_2018 = report_text("焦作市", 2018, review=[
    "全市生产总值2300亿元，增长8.2%。",            # target 8.5%左右: inside the band -> met
    "一般公共预算收入135亿元，增长7.2%。",          # target 8%左右: outside -> missed
    "规模以上工业增加值增长9%。",                  # target 8.5%: exceeded
    "服务业增加值增长9.5%。",                      # target 9.5% (第三产业): met
    "社会消费品零售总额增长11%。",                  # target 12%: missed
    "城镇新增就业6.3万人。",                        # target 6万人以上: exceeded
    "新增农村劳动力转移就业2万人。",                # target 2万人: met
], plan=["今年主要预期目标是：生产总值增长8%左右。"])  # no 2019 report -> pending

LUOYANG_2020 = report_text("洛阳市", 2020, review=["全市生产总值5034.9亿元，增长7.3%。"], plan=[
    "今年主要预期目标是：生产总值增长6.5%—7%，规模以上工业增加值增长7%—7.5%，城镇登记失业率控制在4%以内，城镇调查失业率5.5%以内，单位生产总值能耗下降3%。"])
LUOYANG_2021 = report_text("洛阳市", 2021, review=[
    "全市生产总值增长6.8%。",                       # range 6.5—7: met
    "规模以上工业增加值增长6.1%。",                 # range 7—7.5: missed
    "城镇登记失业率3.6%。",                         # 以内 4: met
    "城镇调查失业率5.8%。",                         # 以内 5.5: missed
    "全市单位生产总值能耗下降4.1%。",               # a fall of 3% or more: exceeded
], plan=["今年主要预期目标是：生产总值增长7%左右。"])


def test_across_reports_statuses(corpus, shipped_interim):
    ind = pd.concat([extract_interim(shipped_interim), corpus({"jz2018.txt": JIAOZUO_2018,
                                                             "ly2020.txt": LUOYANG_2020, "ly2021.txt": LUOYANG_2021})],
                    ignore_index=True)
    y = compare(ind)
    a = y[y.relation == "target→actual"]
    got = {(r.city, r.year_from, r.indicator, r.measure): (r.value_to, r.status) for r in a.itertuples()}
    nan = got[("焦作市", 2017, "固定资产投资", "growth")][0]
    assert got[("焦作市", 2017, "生产总值", "growth")] == (8.2, "met")
    assert got[("焦作市", 2017, "一般公共预算收入", "growth")] == (7.2, "missed")
    assert got[("焦作市", 2017, "规模以上工业增加值", "growth")] == (9.0, "exceeded")
    assert got[("焦作市", 2017, "服务业增加值", "growth")] == (9.5, "met")
    assert got[("焦作市", 2017, "社会消费品零售总额", "growth")] == (11.0, "missed")
    assert got[("焦作市", 2017, "城镇新增就业", "level")] == (6.3, "exceeded")
    assert got[("焦作市", 2017, "农村劳动力转移就业", "level")] == (2.0, "met")
    assert pd.isna(nan) and got[("焦作市", 2017, "固定资产投资", "growth")][1] == "not stated"
    assert got[("焦作市", 2018, "生产总值", "growth")][1] == "pending"
    assert got[("洛阳市", 2020, "生产总值", "growth")] == (6.8, "met")
    assert got[("洛阳市", 2020, "规模以上工业增加值", "growth")] == (6.1, "missed")
    assert got[("洛阳市", 2020, "城镇登记失业率", "level")] == (3.6, "met")
    assert got[("洛阳市", 2020, "城镇调查失业率", "level")] == (5.8, "missed")
    assert got[("洛阳市", 2020, "单位生产总值能耗", "growth")] == (-4.1, "exceeded")
    assert got[("洛阳市", 2021, "生产总值", "growth")][1] == "pending"
    # the 2018 report pairs its own review and plan too
    w = y[(y.relation == "actual→target") & (y.report_to == "jiaozuo-2018")]
    assert [(r.indicator, r.value_from, r.value_to, r.status) for r in w.itertuples()] == [
        ("生产总值", 8.2, 8.0, "lowered")]


def test_cli_compare(tmp_path, shipped_interim):
    out = tmp_path / "yoy.csv"
    ind = tmp_path / "ind.csv"
    r = subprocess.run([sys.executable, "-m", "jzlib", "indicators", str(shipped_interim / "jiaozuo-2017.txt"), "--out", str(ind)],
                       capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([sys.executable, "-m", "jzlib", "compare", str(ind), "--out", str(out)],
                       capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    assert "13 actual→target" in r.stdout
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert {"city", "indicator", "measure", "year_from", "value_from", "year_to", "value_to",
            "qualifier_to", "delta", "relation", "status", "sentence_from", "sentence_to"} <= set(df.columns)
    r = subprocess.run([sys.executable, "-m", "jzlib", "compare", str(tmp_path / "missing.csv")],
                       capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 1 and "no such indicators file" in r.stderr and "Traceback" not in r.stderr


def test_read_indicators_round_trip(shipped, tmp_path):
    """Written as CSV (text) or Parquet (typed) and read back: the same table, value for value,
    with the same types (strings "" where empty, numbers float64, years Int64)."""
    from jzlib import tables
    original = tables.typed("indicators", shipped)
    for name in ("i.csv", "i.parquet"):
        back = read_indicators(tables.write("indicators", shipped, tmp_path / name))
        pd.testing.assert_frame_equal(back, original)
        assert back["year"].dtype == "Int64" and back["value"].dtype == "float64" and (back.qualifier != "").any()
    assert compare(back).equals(compare(shipped))


def test_parquet_yoy_and_headline_keep_their_sentences_once_in_indicators(tmp_path):
    """In Parquet, yoy and headline name each sentence by report, paragraph and sentence id and
    the text is stored once, in the indicators table; `tables.read` puts it back."""
    from jzlib import extract, tables
    from jzlib.errors import JzlibError
    from jzlib.pipeline import clean_files
    from jzlib.store import write_interim
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(report_text("焦作市", 2017, ["全市生产总值2082.6亿元，增长8.3%。"],
                                           ["今年主要预期目标是：生产总值增长8.5%左右。"]), encoding="utf-8")
    (raw / "b.txt").write_text(report_text("焦作市", 2018, ["全年生产总值增长8.6%。"], ["生产总值增长8%左右。"]),
                               encoding="utf-8")
    for r in clean_files(sorted(raw.iterdir())):
        write_interim(r, tmp_path / "interim")
    ind = extract_interim(tmp_path / "interim")
    tmp_path = tmp_path / "processed"
    yoy, head = compare(ind), extract.headline_table(ind)
    across = yoy[(yoy.relation == "target→actual") & (yoy.year_from == 2017)].iloc[0]
    # 2017's target (plan, first paragraph after its heading) against 2018's actual, each with its place
    assert (across.report_from, across.report_to, across.value_from, across.value_to) == ("jiaozuo-2017", "jiaozuo-2018", 8.5, 8.6)
    assert across.sentence_from == "今年主要预期目标是：生产总值增长8.5%左右。"
    assert across.sentence_to == "全年生产总值增长8.6%。"
    row = ind[(ind.report_id == "jiaozuo-2017") & (ind.para_id == across.para_from) & (ind.sent_id == across.sent_from)]
    assert set(row.sentence) == {across.sentence_from}
    for name, df in (("indicators", ind), ("yoy", yoy), ("headline", head)):
        tables.write(name, df, tmp_path, "parquet")
    import pyarrow.parquet as pq
    assert "sentence_from" not in pq.read_schema(tmp_path / "yoy.parquet").names
    assert "target_sentence" not in pq.read_schema(tmp_path / "headline.parquet").names
    pd.testing.assert_frame_equal(tables.read("yoy", tmp_path), tables.typed("yoy", yoy))
    pd.testing.assert_frame_equal(tables.read("headline", tmp_path), tables.typed("headline", head))
    (tmp_path / "indicators.parquet").unlink()
    with pytest.raises(JzlibError, match="keeps its sentences in the indicators table"):
        tables.read("yoy", tmp_path)
