"""extract: indicators of the shipped report against a hand-typed table, and small fixtures."""
import csv
import math
import re

import pandas as pd
import pytest

from jzlib import paths
from jzlib.extract import COLUMNS, canonical, extract_report, part_kind, read_sentence
from jzlib.store import read_interim

EXPECTED = paths.ROOT / "tests" / "expected" / "jiaozuo-2017-indicators.tsv"
FIELDS = ["sent_id", "kind", "indicator", "raw_indicator", "measure", "value", "unit", "growth_pct",
          "change_pp", "compared_to", "qualifier", "commitment", "low", "high", "item", "rank",
          "share_pct", "share_of"]
NUMBERS = {"value", "growth_pct", "change_pp", "low", "high", "share_pct", "rank"}


def norm(field, v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v == "":
        return ""
    if field in NUMBERS:
        return f"{float(v):g}"
    return str(v)


def expected_rows():
    lines = [l for l in EXPECTED.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    rows = list(csv.reader(lines[1:], delimiter="\t"))
    out = []
    for r in rows:
        r = r + [""] * (len(FIELDS) - len(r))
        d = dict(zip(FIELDS, r))
        if d["indicator"] == "=":
            d["indicator"] = d["raw_indicator"]
        out.append(tuple(norm(f, d[f]) for f in FIELDS))
    return out


@pytest.fixture(scope="module")
def shipped(shipped_interim):
    meta, paras = read_interim(shipped_interim / "jiaozuo-2017.meta.json")
    return extract_report(meta, paras)


def test_the_extraction_covers_what_the_hand_checked_table_covers(shipped):
    """What the program finds in the shipped report, not what the fixture holds: every kind of
    qualifier the report writes, the list items, and the two falls (下降) as negative growth."""
    assert len(shipped) >= 60
    assert {"左右", "以上", "不低于", "力争", "确保", "range", "多", "余", "超"} <= set(shipped.qualifier)
    assert (shipped["item"] != "").sum() >= 10                          # every 分别 / 、 list
    falls = shipped[shipped.growth_pct < 0]
    assert len(falls) == 2 and all("下降" in s for s in falls.sentence)


def test_shipped_report_reproduces_the_hand_checked_table(shipped):
    got = [tuple(norm(f, getattr(r, f)) for f in FIELDS) for r in shipped.itertuples(index=False)]
    want = expected_rows()
    missing = [r for r in want if r not in got]
    extra = [r for r in got if r not in want]
    assert (missing, extra) == ([], [])
    assert got == want                         # same rows, in the report's order


def test_shipped_context_columns(shipped):
    assert list(shipped.columns) == COLUMNS
    assert set(shipped.report_id) == {"jiaozuo-2017"} and set(shipped.city) == {"焦作市"}
    assert set(zip(shipped.kind, shipped.year)) == {("actual", 2016), ("target", 2017)}
    gdp = shipped[(shipped.indicator == "生产总值") & (shipped.kind == "actual")].iloc[0]
    assert (gdp.part, gdp.section, gdp.para_id) == ("一、2016年工作回顾", "综合实力再上台阶", "p007")
    assert gdp.sentence == "全市生产总值2082.6亿元，增长8.3%，迈上新的台阶。"


NO_ROW = [
    "2017年焦作市政府工作报告",
    "2月28日上午，市长徐衣显在焦作市第十二届人民代表大会第五次会议上作政府工作报告。",
    "一、2016年工作回顾",
    "“334楼院协商治理模式”被评为全国社区治理十大创新成果。",
    "着眼破除发展中的体制机制障碍，出台支持工业发展28条意见、脱贫攻坚“1+16”政策、城市建设“1+N”政策体系、推动房地产市场健康发展15项举措、“1+6”人才制度。",
    "闲置5年的金叶醋酸纤维公司全面恢复生产。",
    "突出重点行业、重点领域、重点地区，实施污染治理提升工程，确保实现PM10、PM2.5浓度稳定下降，空气优良天数持续上升。",
    "积极推进社区治理和服务创新，力争3年时间在全市推开“334”楼院协商治理模式。",
    "深入实施“443”产业提升行动，提质强大装备制造优势产业。",
    "实施“1020工程”，加快培育大企业集团。",
    "实现了“十三五”良好开局。",
    "——2017年3月5日在第十二届全国人民代表大会第五次会议上",
    "建立“1+6+7”制度体系，强力实施“六控”，严格应急管控。",
]


@pytest.mark.parametrize("sentence", NO_ROW)
def test_names_slogans_dates_yield_no_row(sentence):
    assert read_sentence(sentence) == []


def test_every_number_of_every_row_appears_verbatim_in_its_sentence(shipped):
    for r in shipped.itertuples(index=False):
        numbers = {f: getattr(r, f) for f in ("value", "growth_pct", "change_pp", "low", "high", "share_pct")}
        numbers = {f: abs(v) for f, v in numbers.items() if not pd.isna(v)}
        assert numbers, r
        for f, v in numbers.items():
            text = f"{v:g}"
            assert re.search(rf"(?<![\d.]){re.escape(text)}(?![\d])", r.sentence), (f, text, r.sentence)


def rows_of(sentence):
    return [{k: v for k, v in r.items() if v not in (None, "")} for r in read_sentence(sentence)]


def test_fenbie_list_pairs_in_order():
    assert rows_of("服务业增加值增长10.1%，分别高于GDP、第二产业增加值增速1.8、2.4个百分点。") == [
        {"raw_indicator": "服务业增加值", "measure": "growth", "growth_pct": 10.1},
        {"raw_indicator": "服务业增加值", "measure": "change", "change_pp": 1.8, "compared_to": "GDP", "item": "1/2"},
        {"raw_indicator": "服务业增加值", "measure": "change", "change_pp": 2.4, "compared_to": "第二产业增加值增速", "item": "2/2"},
    ]


def test_named_list_pairs_names_with_values():
    got = rows_of("规模以上工业增加值、社会消费品零售总额分别增长8%、11%。")
    assert [(r["raw_indicator"], r["growth_pct"], r["item"]) for r in got] == [
        ("规模以上工业增加值", 8.0, "1/2"), ("社会消费品零售总额", 11.0, "2/2")]


@pytest.mark.parametrize("sentence, expected", [
    ("单位生产总值能耗下降3.4%。", {"growth_pct": -3.4}),
    ("居民消费价格涨幅回落0.5个百分点。", {"change_pp": -0.5}),
    ("城镇登记失业率比上年降低0.2个百分点。", {"change_pp": -0.2, "compared_to": "上年"}),
    ("地区生产总值增长6.5%—7%。", {"low": 6.5, "high": 7.0, "qualifier": "range", "measure": "growth"}),
    ("新增上市企业1~2家。", {"low": 1.0, "high": 2.0, "qualifier": "range", "unit": "家"}),
    ("城镇调查失业率5.5%以内。", {"value": 5.5, "unit": "%", "qualifier": "以内"}),
    ("粮食产量不低于40亿斤。", {"value": 40.0, "unit": "亿斤", "scale": "亿", "qualifier": "不低于"}),
    ("农民人均可支配收入12618元，增长7.6%，居全省第三位。", {"value": 12618.0, "growth_pct": 7.6, "rank": 3, "rank_scope": "全省"}),
    ("城镇化率提高1.5个百分点。", {"raw_indicator": "城镇化率", "measure": "change", "change_pp": 1.5}),
])
def test_measures_qualifiers_signs(sentence, expected):
    [row] = read_sentence(sentence)
    assert {k: row[k] for k in expected} == expected


@pytest.mark.parametrize("unit_text, unit, scale", [
    ("2.6万亿元", "万亿元", "万亿"), ("8.3亿美元", "亿美元", "亿"), ("9.2万人", "万人", "万"),
    ("18万人次", "万人次", "万"), ("3.4万户", "万户", "万"), ("151万吨", "万吨", "万"),
    ("18万亩", "万亩", "万"), ("9827亩", "亩", ""), ("40亿斤", "亿斤", "亿"),
    ("27.8平方公里", "平方公里", ""), ("521公里", "公里", ""), ("216.7万平方米", "万平方米", "万"),
    ("338万立方米", "万立方米", "万"), ("333个", "个", ""), ("7家", "家", ""), ("68项", "项", ""),
    ("521套", "套", ""), ("7732辆", "辆", ""), ("326台", "台", ""), ("2所", "所", ""),
    ("133件", "件", ""), ("10名", "名", ""), ("420元", "元", ""), ("1500万元", "万元", "万"),
])
def test_units_as_written(unit_text, unit, scale):
    [row] = read_sentence(f"新增指标{unit_text}。")
    assert (row["unit"], row["scale"], row["raw_indicator"]) == (unit, scale, "新增指标")


def test_part_kind_comes_from_the_structure():
    assert part_kind("一、2016年工作回顾", 2017) == "actual"
    assert part_kind("一、过去五年工作回顾", 2018) == "actual"
    assert part_kind("二、2017年工作安排", 2017) == "target"
    assert part_kind("二、2017年经济社会发展总体要求和政策取向", 2017) == "target"
    assert part_kind("", 2017) == ""


@pytest.mark.parametrize("raw, canon", [
    ("全市生产总值", "生产总值"), ("地区生产总值", "生产总值"), ("国内生产总值", "生产总值"), ("GDP", "生产总值"),
    ("第三产业增加值", "服务业增加值"), ("全社会固定资产投资", "固定资产投资"),
    ("完成固定资产投资", "完成固定资产投资"),     # a sub-entity's investment: never the city's
    ("高技术产业增加值", "高技术产业增加值"), ("某某新指标", "某某新指标"),
])
def test_aliases(raw, canon):
    assert canonical(raw) == canon


NATIONAL = """政府工作报告
——2017年3月5日在第十二届全国人民代表大会第五次会议上
国务院总理李克强
各位代表：
一、2016年工作回顾
过去一年，经济运行保持在合理区间。国内生产总值达到74.4万亿元，增长6.7%，名列世界前茅。城镇新增就业1314万人。
二、2017年经济社会发展总体要求和政策取向
今年发展的主要预期目标是：国内生产总值增长6.5%左右，在实际工作中争取更好结果；居民消费价格涨幅3%左右；城镇新增就业1100万人以上，城镇登记失业率4.5%以内。
"""


def test_national_report_style(tmp_path):
    from jzlib.pipeline import clean_raw
    from jzlib.read import RawText
    from jzlib.store import write_interim
    res = clean_raw(RawText(tmp_path / "n.txt", NATIONAL, "utf-8", "0" * 64))
    write_interim(res, tmp_path)
    meta, paras = read_interim(tmp_path / "quanguo-2017.meta.json")
    df = extract_report(meta, paras)
    got = [(r.kind, r.year, r.indicator, r.measure, norm("value", r.value), r.unit,
            norm("growth_pct", r.growth_pct), r.qualifier) for r in df.itertuples()]
    assert got == [
        ("actual", 2016, "生产总值", "level", "74.4", "万亿元", "6.7", ""),
        ("actual", 2016, "城镇新增就业", "level", "1314", "万人", "", ""),
        ("target", 2017, "生产总值", "growth", "", "", "6.5", "左右"),
        ("target", 2017, "居民消费价格涨幅", "growth", "", "", "3", "左右"),   # 涨幅3%左右: a rise of 3, not a level
        ("target", 2017, "城镇新增就业", "level", "1100", "万人", "", "以上"),
        ("target", 2017, "城镇登记失业率", "level", "4.5", "%", "", "以内"),
    ]


def test_headline_table_puts_actual_beside_target(shipped):
    from jzlib.extract import headline_table
    head = headline_table(shipped).set_index("indicator")
    # read from the text: 全市生产总值2082.6亿元，增长8.3% / 生产总值增长8.5%左右
    gdp = head.loc["生产总值"]
    assert (gdp.actual_value, gdp.actual_unit, gdp.actual_growth_pct) == (2082.6, "亿元", 8.3)
    assert (gdp.target_growth_pct, gdp.target_qualifier) == (8.5, "左右")
    jobs = head.loc["城镇新增就业"]            # 城镇新增就业9.2万人 / 城镇新增就业6万人以上
    assert (jobs.actual_value, jobs.target_value, jobs.target_unit, jobs.target_qualifier) == (9.2, 6.0, "万人", "以上")
    services = head.loc["服务业增加值"]        # 服务业增加值增长10.1% / 第三产业增加值增长9.5%
    assert (services.actual_growth_pct, services.target_growth_pct) == (10.1, 9.5)
    assert head.loc["单位生产总值能耗"].actual_growth_pct == -7.0
    assert list(head.index[:5]) == ["生产总值", "一般公共预算收入", "规模以上工业增加值", "社会消费品零售总额", "固定资产投资"]


def test_cli_indicators_writes_excel_friendly_csv(tmp_path, shipped_interim):
    import subprocess
    import sys
    out = tmp_path / "indicators.csv"
    r = subprocess.run([sys.executable, "-m", "jzlib", "indicators", str(shipped_interim / "jiaozuo-2017.meta.json"),
                        "--out", str(out)],
                       capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("157 indicator rows from 1 report(s) (113 actual, 44 target)")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfreport_id,city,")
    df = pd.read_csv(out, encoding="utf-8-sig")
    assert list(df.columns) == COLUMNS and len(df) == 157
    r = subprocess.run([sys.executable, "-m", "jzlib", "indicators", str(tmp_path / "nothing")],
                       capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 1 and "no such file or directory" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("sentence, name, change, base", [
    # every direction word of the grammar's growth lists works in a comparison too: before,
    # 下滑 was missing from a hard-coded list (工业增速下滑 +0.3)
    ("工业增速下滑0.3个百分点。", "工业增速", -0.3, ""),
    ("增速回落0.5个百分点。", "增速", -0.5, ""),
    ("城镇化率比上年提高1.5个百分点。", "城镇化率", 1.5, "上年"),
    ("增速高于全省1.8个百分点。", "增速", 1.8, "全省"),
    ("增速比全国低0.3个百分点。", "增速", -0.3, "全国"),
    # the 比 of 占比 and 比重 is no comparison: before, 占比提高 was read as 占, compared to 提
    ("占比提高2.1个百分点。", "占比", 2.1, ""),
    ("存贷比提高3个百分点。", "存贷比", 3.0, ""),                  # a ratio: its 比 is before the direction word
    ("服务业增加值占生产总值比重比上年提高1.6个百分点。", "服务业增加值占生产总值比重", 1.6, "上年"),
])
def test_changes_in_percentage_points_take_direction_and_base_from_the_grammar(sentence, name, change, base):
    rows = [r for r in read_sentence(sentence) if r["measure"] == "change"]
    assert [(r["raw_indicator"], r["change_pp"], r["compared_to"]) for r in rows] == [(name, change, base)]


def test_stated_bases_come_from_the_grammar():
    from jzlib.extract import stated_bases
    assert stated_bases() == {"上年": "previous year", "去年": "previous year", "上年度": "previous year",
                              "年初目标": "target"}


def test_the_grammar_steps_on_their_own():
    """The small steps of the extractor, each on its own input (hand-read)."""
    from jzlib import periods
    from jzlib.extract import _kind_of_row, scan
    # a range is one item with its two ends; a list gives each item its own bound
    assert [m["items"] for m in scan("新建学校3至5所")] == [[["3", "5", ""]]]
    assert [(m["items"], m["unit"], m["bound"]) for m in scan("分别增长3.5%左右、6%左右")] == [
        ([["3.5", None, "左右"], ["6", None, ""]], "%", "左右")]
    assert [(m["items"], m["unit"]) for m in scan("分别为1.8、2.4个百分点")] == [([["1.8", None, ""], ["2.4", None, ""]], "个百分点")]
    # a five-year plan part that names this year: its figure is this year's target; a plan
    # part that names last year: a result
    year = periods.Scope("year", 2021, 2021)
    assert _kind_of_row("outlook", "year", 2021, 2021, year) == "target"
    assert _kind_of_row("target", "year", 2020, 2021, periods.Scope("year", 2020, 2020)) == "actual"
    assert _kind_of_row("outlook", "multi-year", 2025, 2021, None) == "outlook"


def test_a_bare_total_with_its_growth_is_the_governments_own(tmp_path):
    """宁波 2016 (read by hand, tests/handcheck/panel_20.tsv): 完成固定资产投资4506.6亿元，增长13% is the
    city's fixed-asset investment; 罗定片区…完成固定资产投资18亿元 (no growth) stays as written."""
    from conftest import report_text

    from jzlib.extract import extract_interim
    from jzlib.pipeline import clean_files
    from jzlib.store import write_interim
    (tmp_path / "a.txt").write_text(report_text("宁波市", 2016, ["扩大有效投资，完成固定资产投资4506.6亿元，增长13%。",
                                                                "罗定片区引进项目37个，完成固定资产投资18亿元。"],
                                                ["今年主要预期目标是：生产总值增长7%。"]), encoding="utf-8")
    for r in clean_files([tmp_path / "a.txt"]):
        write_interim(r, tmp_path / "interim")
    ind = extract_interim(tmp_path / "interim")
    rows = ind[ind.raw_indicator.str.contains("固定资产投资")][["indicator", "value", "growth_pct"]]
    assert rows.fillna(0).values.tolist() == [["固定资产投资", 4506.6, 13.0], ["完成固定资产投资", 18.0, 0]]


def test_a_sentence_with_more_figures_than_any_real_one_keeps_only_named_ones():
    from jzlib import extract
    capped = []
    found = [{"raw_indicator": ""}] * 70 + [{"raw_indicator": "生产总值"}] * 3
    assert extract._capped(found, capped, ("p9", 2)) == [{"raw_indicator": "生产总值"}] * 3
    assert capped == [("p9", 2)]
    few = [{"raw_indicator": ""}] * 60                # at the limit: kept as they are
    assert extract._capped(few, capped, ("p9", 3)) is few and capped == [("p9", 2)]


def test_capped_sentences_are_counted_per_report_not_per_process(tmp_path):
    from conftest import report_text

    from jzlib.extract import extract_interim
    from jzlib.pipeline import clean_files
    from jzlib.store import write_interim
    garbage = "、".join(["1亿元"] * 80) + "，生产总值增长8%。"
    (tmp_path / "a.txt").write_text(report_text("焦作市", 2017, [garbage], ["今年主要预期目标是：生产总值增长7%。"]),
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text(report_text("宁波市", 2017, ["生产总值增长6%。"], ["生产总值增长7%。"]),
                                    encoding="utf-8")
    for r in clean_files([tmp_path / "a.txt", tmp_path / "b.txt"]):
        write_interim(r, tmp_path / "interim")
    ind = extract_interim(tmp_path / "interim")
    assert ind.attrs["capped"] == {"jiaozuo-2017": 1}
    a = ind[ind.report_id == "jiaozuo-2017"]
    assert a[["kind", "indicator", "growth_pct"]].values.tolist() == [["actual", "生产总值", 8.0], ["target", "生产总值", 7.0]]
    again = extract_interim([tmp_path / "interim" / "ningbo-2017.meta.json"])   # nothing left over from the run before
    assert again.attrs["capped"] == {} and len(again) == 2
    import subprocess
    import sys
    r = subprocess.run([sys.executable, "-m", "jzlib", "indicators", str(tmp_path / "interim"), "--out",
                        str(tmp_path / "ind.csv")], capture_output=True, text=True)
    assert r.returncode == 0
    assert r.stderr.splitlines() == ["warning: jiaozuo-2017: 1 sentence(s) with more than 60 figures (pasted garbage?): "
                                     "only their named figures were kept, at most 60 each"]
