"""Issue 13's constructions, each with the row(s) a reader writes down from the sentence:
number formats (jzlib/numbers.py), periods (jzlib/periods.py, resources/periods.txt),
canonical names, and the grammar seen outside Jiaozuo."""
import pytest

from jzlib.extract import canonical, indicator_rows, read_sentence
from jzlib.numbers import plain
from jzlib.structure import Paragraph


def rows(sentence, *fields):
    return [tuple(r[f] for f in fields) for r in read_sentence(sentence)]


# --- number formats --------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("全市生产总值1,234.5亿元", "全市生产总值1234.5亿元"),
    ("全市生产总值12,345亿元", "全市生产总值12345亿元"),
    ("增长−3%", "增长-3%"), ("增长－3%", "增长-3%"),
    ("比上年增长10. 5%", "比上年增长10.5%"), ("26.2 %", "26.2%"),
    ("生产总值增长百分之八", "生产总值增长8%"), ("生产总值增长八点五%", "生产总值增长8.5%"),
    ("城镇新增就业一万二千人", "城镇新增就业12000人"), ("提高两个百分点", "提高2个百分点"),
    ("占全国9成", "占全国90%"), ("九成以上的村", "90%以上的村"),
    ("万辆（艘、架、列）次", "万辆次"),
    ("全市实现国内生产总值2 063.37亿元", "全市实现国内生产总值2063.37亿元"), ("共1 234 567人", "共1234567人"),
    ("构建“5 6 700”格局", "构建“5 6 700”格局"),
    # a Chinese numeral before a magnitude keeps the magnitude in the unit (太原 2022)
    ("历史性突破五千亿元大关", "历史性突破5000亿元大关"), ("一万亿元", "1万亿元"), ("三千万元", "3000万元"),
    # names and ordinals stay as written
    ("“十三五”时期", "“十三五”时期"), ("千人计划", "千人计划"), ("市十一次党代会", "市十一次党代会"),
    ("一个中心", "一个中心"), ("三次产业", "三次产业"), ("第十个", "第十个"), ("数十家企业", "数十家企业"),
    ("形成了3成为", "形成了3成为"), ("2016-2020年", "2016-2020年"),
])
def test_plain_numbers(text, expected):
    assert plain(text) == expected


def test_thousands_separator_keeps_the_whole_number_and_the_name():
    assert rows("全市生产总值1,234.5亿元", "raw_indicator", "value", "unit") == [("全市生产总值", 1234.5, "亿元")]


@pytest.mark.parametrize("minus", ["-", "−", "－"])
def test_every_minus_sign_is_a_fall(minus):
    assert rows(f"工业增加值增长{minus}3%", "raw_indicator", "measure", "growth_pct", "value") == [
        ("工业增加值", "growth", -3.0, None)]


@pytest.mark.parametrize("sentence, value, field", [
    ("生产总值增长百分之八", 8.0, "growth_pct"), ("生产总值增长八点五%", 8.5, "growth_pct"),
    ("城镇新增就业一万二千人", 12000.0, "value"),
])
def test_chinese_numerals_are_figures(sentence, value, field):
    [r] = read_sentence(sentence)
    assert r[field] == value


def test_a_range_dash_is_not_a_minus():
    assert rows("地区生产总值增长6.5%-7%", "low", "high", "qualifier") == [(6.5, 7.0, "range")]


# --- grammar outside Jiaozuo ------------------------------------------------------------------

@pytest.mark.parametrize("sentence", ["居民消费价格涨幅2%左右", "居民消费价格上涨幅度控制在2%左右",
                                      "居民消费价格控制在2%左右"])
def test_cpi_target_is_a_rise(sentence):
    [r] = read_sentence(sentence)
    assert (canonical(r["raw_indicator"]), r["measure"], r["growth_pct"], r["value"], r["qualifier"]) == (
        "居民消费价格涨幅", "growth", 2.0, None, "左右")


def test_fenbie_pairs_names_and_figures_joined_by_he():
    assert rows("一般公共预算收入和固定资产投资分别增长6%和7.4%", "raw_indicator", "growth_pct", "item") == [
        ("一般公共预算收入", 6.0, "1/2"), ("固定资产投资", 7.4, "2/2")]


def test_fenbie_items_keep_their_own_qualifiers():
    assert rows("生产总值、一般公共预算收入、社会消费品零售总额分别增长3.5%左右、6%左右、5%左右",
                "raw_indicator", "growth_pct", "qualifier") == [
        ("生产总值", 3.5, "左右"), ("一般公共预算收入", 6.0, "左右"), ("社会消费品零售总额", 5.0, "左右")]


def test_a_list_of_three_figures_joined_by_he():
    assert rows("三次产业分别增长8.7%、31.5%和32.3%", "growth_pct", "item") == [
        (8.7, "1/3"), (31.5, "2/3"), (32.3, "3/3")]


def test_jun_gives_each_item_the_figure():
    assert rows("一般公共预算收入和税收收入均增长10%以上", "raw_indicator", "growth_pct", "qualifier") == [
        ("一般公共预算收入", 10.0, "以上"), ("税收收入", 10.0, "以上")]


def test_chengxiang_is_urban_and_rural():
    assert [canonical(n) for n, in rows("城乡居民人均可支配收入分别增长3.8%和7%", "raw_indicator")] == [
        "城镇居民人均可支配收入", "农村居民人均可支配收入"]
    assert rows("城镇和农村常住居民人均可支配收入分别增长6.8%、7.5%", "raw_indicator", "growth_pct") == [
        ("城镇常住居民人均可支配收入", 6.8), ("农村常住居民人均可支配收入", 7.5)]


def test_fenbie_after_two_levels_gives_each_its_growth():
    got = rows("地方财政收入579.2亿元、财政一般预算收入388.8亿元，分别增长7.9%和7.7%",
               "raw_indicator", "value", "growth_pct")
    assert got == [("地方财政收入", 579.2, 7.9), ("财政一般预算收入", 388.8, 7.7)]


def test_tenths_are_a_share():
    assert rows("粮食产量占全国9成", "raw_indicator", "value", "unit") == [("粮食产量占全国", 90.0, "%")]


@pytest.mark.parametrize("sentence, unit", [
    ("PM2.5平均浓度控制在29微克/立方米左右", "微克/立方米"), ("集装箱吞吐量8097万标箱", "万标箱"),
    ("机场旅客吞吐量1200万人次", "万人次"), ("口岸出入境交通工具5万辆（艘、架、列）次", "万辆次"),
])
def test_units(sentence, unit):
    [r] = read_sentence(sentence)
    assert r["unit"] == unit and "PM2" not in str(r["value"])


def test_percentage_points_listed_with_ge():
    assert rows("城乡居民收入增速分别快于全国3.4个、1个百分点", "measure", "change_pp", "compared_to") == [
        ("change", 3.4, "全国"), ("change", 1.0, "全国")]


def test_tupo_is_a_qualifier():
    assert rows("生产总值突破5000亿元", "raw_indicator", "value", "qualifier") == [("生产总值", 5000.0, "突破")]


def test_rank_belongs_to_the_figure_it_follows():
    got = rows("全市生产总值2082.6亿元，增长8.3%，居全省第二位；财政收入124亿元", "raw_indicator", "rank")
    assert got == [("全市生产总值", 2), ("财政收入", None)]


def test_an_increase_in_yuan_is_the_change_of_the_row_before():
    got = rows("农民人均纯收入4000元，增加497元，增长14%", "raw_indicator", "measure", "value", "growth_pct")
    assert got == [("农民人均纯收入", "level", 4000.0, 14.0), ("农民人均纯收入", "difference", 497.0, None)]


# --- canonical names ------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["预计全市生产总值", "完成地区生产总值", "预计全年生产总值", "确定今年生产总值",
                                 "五年来国内生产总值", "到2026年地区生产总值", "焦作市生产总值", "GDP",
                                 "中央提出今年经济增长预期目标"])
def test_verbs_time_and_place_words_are_not_part_of_the_name(raw):
    assert canonical(raw) == "生产总值"


def test_a_bare_measure_keeps_its_name():
    assert canonical("完成固定资产投资") == "完成固定资产投资"     # a project's investment, not the city's
    assert canonical("全市完成固定资产投资") == "固定资产投资"


# --- periods in a report ------------------------------------------------------------------------------

def para(pid, part, kind, text, chapter="", section=""):
    return Paragraph(pid, part, kind, chapter, section, text)


def report_rows(paragraphs, year=2018):
    meta = {"report_id": "x-%d" % year, "city": "全国", "year": year}
    return [(r.kind, r.period, r.year_from, r.year_to, r.indicator, r.measure,
             r.value if r.value == r.value else None, r.growth_pct if r.growth_pct == r.growth_pct else None)
            for r in indicator_rows(meta, paragraphs)]


TERM = [
    para("p1", "一、过去五年工作回顾", "review", "过去五年，国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。"),
    para("p2", "一、过去五年工作回顾", "review", "城镇新增就业6600万人以上。新建改建农村公路127万公里。"),
    para("p3", "一、过去五年工作回顾", "review", "2017年，国内生产总值增长6.9%，城镇新增就业1351万人。"),
    para("p4", "二、2018年经济社会发展总体要求和政策取向", "plan",
         "今年发展的主要预期目标是：国内生产总值增长6.5%左右；城镇新增就业1100万人以上。"),
    para("p5", "二、2018年经济社会发展总体要求和政策取向", "plan", "到2020年地区生产总值1500亿元。"),
]


def test_a_term_review_gives_the_term_its_period_and_the_last_year_the_actual():
    got = report_rows(TERM)
    assert got == [
        ("actual", "multi-year", 2013, 2017, "生产总值", "level", 54.0, None),
        ("actual", "multi-year", 2013, 2017, "生产总值", "level", 82.7, None),
        ("actual", "average", 2013, 2017, "生产总值", "growth", None, 7.1),
        ("actual", "multi-year", 2013, 2017, "城镇新增就业", "level", 6600.0, None),   # the paragraph before frames it
        ("actual", "multi-year", 2013, 2017, "新建改建农村公路", "level", 127.0, None),
        ("actual", "year", 2017, 2017, "生产总值", "growth", None, 6.9),
        ("actual", "year", 2017, 2017, "城镇新增就业", "level", 1351.0, None),
        ("target", "year", 2018, 2018, "生产总值", "growth", None, 6.5),
        ("target", "year", 2018, 2018, "城镇新增就业", "level", 1100.0, None),
        ("target", "horizon", 2020, 2020, "生产总值", "level", 1500.0, None),
    ]


def test_headline_and_comparisons_pair_one_year_with_one_year():
    import pandas as pd
    from jzlib import compare, extract
    meta = {"report_id": "x-2018", "city": "全国", "year": 2018}
    df = extract.extract_report(meta, TERM)
    head = extract.headline_table(df).set_index("indicator")
    assert head.loc["城镇新增就业", "actual_value"] == 1351.0 and head.loc["城镇新增就业", "target_value"] == 1100.0
    assert head.loc["生产总值", "actual_growth_pct"] == 6.9
    pairs = compare.within_report(df)
    jobs = pairs[pairs.indicator == "城镇新增就业"]
    assert jobs[["value_from", "value_to"]].values.tolist() == [[1351.0, 1100.0]]


def test_quarters_are_part_of_the_year_and_the_whole_year_is_the_actual():
    got = report_rows([para("p1", "一、2020年工作回顾", "review",
                            "地区生产总值一季度增长0.3%、上半年增长3.1%、前三季度增长5.2%、全年增长6%。")], year=2021)
    assert [(g[1], g[4], g[7]) for g in got] == [("part-year", "生产总值", 0.3), ("part-year", "生产总值", 3.1),
                                                 ("part-year", "生产总值", 5.2), ("year", "生产总值", 6.0)]


def test_the_year_before_the_review_year():
    got = report_rows([para("p1", "一、2017年工作回顾", "review", "城镇新增就业由上年729万人增加到800万人。")])
    assert [(g[2], g[4], g[6]) for g in got] == [(2016, "城镇新增就业", 729.0), (2017, "城镇新增就业", 800.0)]


def test_a_report_without_parts_keeps_its_figures_as_unknown():
    got = report_rows([para("p1", "", "", "全市生产总值2082.6亿元，增长8.3%。"),
                       para("p2", "", "", "2018年生产总值增长8%左右。")])
    assert got == [("unknown", "year", None, None, "生产总值", "level", 2082.6, 8.3),
                   ("unknown", "year", 2018, 2018, "生产总值", "growth", None, 8.0)]


def test_every_period_marker_holds_a_character_the_fast_check_looks_for():
    from jzlib import periods
    from jzlib.paths import sections
    for name, entries in sections("periods.txt").items():
        if name != "average":
            for e in entries:
                assert any(c in e for c in periods._NEEDED), (name, e)


# Term-review parts that end with the last year: the paragraph or sentence that turns to that year
# frames the figures after it, however it is introduced (issue 13, corpus: hengyang-2021,
# huzhou-2016, dehong-2023, wuhan-2002).
TERM_THEN_YEAR = "一、“十三五”时期及2020年工作回顾"


def test_an_address_before_the_year_still_opens_it():
    got = report_rows([para("p1", TERM_THEN_YEAR, "review", "过去五年，全市生产总值年均增长7.3%。"),
                       para("p2", TERM_THEN_YEAR, "review", "各位代表，刚刚过去的2020年极不平凡。"),
                       para("p3", TERM_THEN_YEAR, "review", "全市地区生产总值增长4.0%。")], year=2021)
    assert got == [("actual", "average", 2016, 2020, "生产总值", "growth", None, 7.3),
                   ("actual", "year", 2020, 2020, "生产总值", "growth", None, 4.0)]


def test_a_sentence_without_figures_turns_to_the_year():
    got = report_rows([para("p1", TERM_THEN_YEAR, "review", "五年来，地区生产总值增长50%。"),
                       para("p2", TERM_THEN_YEAR, "review", "刚刚过去的一年，我们主动适应新常态。地区生产总值增长8.3%。")],
                      year=2021)
    assert [(g[1], g[2], g[3], g[7]) for g in got] == [("multi-year", 2016, 2020, 50.0), ("year", 2020, 2020, 8.3)]


def test_half_a_year_frames_its_own_sentence_only():
    got = report_rows([para("p1", "一、2022年工作回顾", "review",
                            "全州经济上半年扭负为正，下半年企稳回升。实现地区生产总值587.1亿元，增长3.9%。"
                            "上半年规模以上工业增加值增长3.1%。固定资产投资增长13.7%。")], year=2023)
    assert got == [("actual", "year", 2022, 2022, "生产总值", "level", 587.1, 3.9),
                   ("actual", "part-year", 2022, 2022, "规模以上工业增加值", "growth", None, 3.1),
                   ("actual", "year", 2022, 2022, "固定资产投资", "growth", None, 13.7)]


def test_the_new_year_is_the_plan_year():
    got = report_rows([para("p1", "二、2002年的主要工作", "plan", "在新的一年里，我们将继续坚持发展。"),
                       para("p2", "二、2002年的主要工作", "plan", "主要预期目标是：国内生产总值增长12%左右。")], year=2002)
    assert got == [("target", "year", 2002, 2002, "生产总值", "growth", None, 12.0)]


def test_this_year_in_an_outlook_part_is_the_target():
    got = report_rows([para("p1", "今后五年的发展思路和主要任务", "outlook",
                            "各位代表，2008年是新一届政府任期的开局年。做好今年的工作，意义重大。建议主要预期目标是：生产总值增长11%。")],
                      year=2008)
    assert got == [("target", "year", 2008, 2008, "生产总值", "growth", None, 11.0)]



# --- a sentence that states the year's targets (part_kinds.txt [targets_statement]) -------------

def test_the_years_targets_stated_in_a_review_part_are_targets():
    # 长沙 2023: the heading of the plan part was lost, the targets paragraph sits in the review part
    got = report_rows([para("p1", "一、2022年工作回顾", "review", "地区生产总值增长4.8%。"),
                       para("p2", "一、2022年工作回顾", "review",
                            "2023年全市经济社会发展主要预期目标是：地区生产总值增长7%左右，城镇新增就业12万人以上。"
                            "需要说明的是，地区生产总值增长7%左右的预期目标，是综合考虑各方面因素确定的。")],
                      year=2023)
    assert got == [("actual", "year", 2022, 2022, "生产总值", "growth", None, 4.8),
                   ("target", "year", 2023, 2023, "生产总值", "growth", None, 7.0),
                   ("target", "year", 2023, 2023, "城镇新增就业", "level", 12.0, None),
                   ("target", "year", 2023, 2023, "生产总值", "growth", None, 7.0)]


def test_the_years_targets_after_a_five_year_plan_paragraph_are_the_years():
    # 甘肃 2013: a new term's plan part opens with 今后五年; the next paragraph gives 2013's targets
    got = report_rows([para("p1", "二、今后五年和2013年工作", "plan", "今后五年，生产总值年均增长12%。"),
                       para("p2", "二、今后五年和2013年工作", "plan",
                            "经济社会发展的主要预期目标是：生产总值增长12%，固定资产投资年均增长20%。")],
                      year=2013)
    assert got == [("target", "average", 2013, 2017, "生产总值", "growth", None, 12.0),
                   ("target", "year", 2013, 2013, "生产总值", "growth", None, 12.0),
                   ("target", "average", 2013, 2017, "固定资产投资", "growth", None, 20.0)]


@pytest.mark.parametrize("text, expected", [
    # 淮北 2016: no period named, in a part read as the review
    ("经济社会发展的主要预期目标是：全市生产总值增长7%左右，财政收入增长2%。", ("生产总值", 7.0)),
    # 东莞 2009: 发展的目标是
    ("综合考虑各方面因素，今年全市经济社会发展的目标是：生产总值增长10%；市财政一般预算收入增长8%。", ("生产总值", 10.0)),
    # 河南 2023: 经济增长 is GDP growth
    ("主要预期目标是：经济增长6%，常住人口城镇化率提高1个百分点以上。", ("生产总值", 6.0)),
    # 赤峰 2022: the commitment between the name and the growth
    ("全市经济社会发展主要预期目标是：地区生产总值力争增长7%左右，一般公共预算收入增长7%。", ("生产总值", 7.0)),
])
def test_the_years_targets_wherever_they_stand(text, expected):
    got = report_rows([para("p1", "一、2015年工作回顾", "review", text)], year=2016)
    assert (got[0][0], got[0][2], got[0][3], got[0][4], got[0][7]) == ("target", 2016, 2016) + expected


def test_last_years_figures_in_the_plan_part_are_results():
    # 全国 2011: 过去一年 in the plan part; 西藏 2018: the year named; 比去年 is a base, not a period
    got = report_rows([para("p1", "二、2011年工作", "plan",
                            "过去一年，我们的各项工作取得了很大成绩。国内生产总值增长10.3%。"
                            "2010年，城镇新增就业1168万人。今年国内生产总值比去年增长8%左右。")], year=2011)
    assert got == [("actual", "year", 2010, 2010, "生产总值", "growth", None, 10.3),
                   ("actual", "year", 2010, 2010, "城镇新增就业", "level", 1168.0, None),
                   ("target", "year", 2011, 2011, "生产总值", "growth", None, 8.0)]


@pytest.mark.parametrize("sentence, expected", [
    ("全市生产总值接近1万亿元，比上年增长16.5%", ("全市生产总值", 1.0, "万亿元", 16.5, "接近")),        # 重庆 2012
    ("全年地区生产总值首破1100亿元，较上年增长5.8%", ("地区生产总值", 1100.0, "亿元", 5.8, "首破")),  # 黄山 2025
    ("全市生产总值历史性突破1900亿元", ("全市生产总值", 1900.0, "亿元", None, "突破")),            # 汉中 2023
    ("全市生产总值有望达到3000亿元，增长7.5%", ("全市生产总值", 3000.0, "亿元", 7.5, "")),           # 三明 2022
])
def test_words_between_the_name_and_a_level(sentence, expected):
    r = read_sentence(sentence)[0]
    assert (r["raw_indicator"], r["value"], r["unit"], r["growth_pct"], r["qualifier"]) == expected


@pytest.mark.parametrize("text", [
    "“十三五”时期我市经济社会发展的主要预期目标是：地区生产总值增长9%。",    # another period named
    "去年年初确定的主要预期目标是：地区生产总值增长9%。",                      # last year's, restated
])
def test_targets_of_another_period_stay_theirs(text):
    got = report_rows([para("p1", "一、2015年工作回顾", "review", text)], year=2016)
    assert got[0][0] == "actual" and got[0][2:4] != (2016, 2016)


# --- names that hold only estimate, verb and time words (issue 13, corpus GDP actuals) -----------

SUB = ("raw_indicator", "measure", "value", "unit", "growth_pct", "qualifier")


@pytest.mark.parametrize("sentence, expected", [
    # the clause before names the figure
    ("地区生产总值逐季升位，预计全年增长8%。", [("地区生产总值", "growth", None, "", 8.0, "")]),
    ("三季度，地区生产总值增速居全省第3位，预计全年完成560亿元，增长7%；",
     [("地区生产总值", "level", 560.0, "亿元", 7.0, "")]),
    # a base or an estimate between the name and its growth is not a name
    ("预计全市地区生产总值完成213亿元，可比增长10.1%；", [("预计全市地区生产总值", "level", 213.0, "亿元", 10.1, "")]),
    ("据初步统计，2006年全市生产总值达1656.94亿元，比增12.2%。", [("全市生产总值", "level", 1656.94, "亿元", 12.2, "")]),
    ("地区生产总值超过1600亿元，预计增长9%，位居全国前列。", [("地区生产总值", "level", 1600.0, "亿元", 9.0, "超过")]),
    ("全区生产总值初步预计3000亿元，增长11.2%。", [("全区生产总值", "level", 3000.0, "亿元", 11.2, "")]),
    ("前三季度，地区生产总值增长5.6%，预计全年增长5.5%。",
     [("地区生产总值", "growth", None, "", 5.6, ""), ("地区生产总值", "growth", None, "", 5.5, "")]),
    # a level passed (大关, 台阶) is the figure's, not the next figure's name
    ("地区生产总值突破2000亿元大关、增长5.8%；", [("地区生产总值", "level", 2000.0, "亿元", 5.8, "突破")]),
    ("预计全年地区生产总值迈上9000亿元台阶，增长10%以上。", [("预计全年地区生产总值", "level", 9000.0, "亿元", 10.0, "以上")]),
    ("——预计2012年全市地区生产总值实现6700亿元，比上年增长11.0%；",
     [("预计2012年全市地区生产总值", "level", 6700.0, "亿元", 11.0, "")]),
])
def test_names_of_estimates_and_levels_passed(sentence, expected):
    assert rows(sentence, *SUB) == expected


def test_the_canonical_name_of_an_estimate():
    assert canonical("预计2012年全市地区生产总值") == "生产总值"
    assert canonical("全市生产总值可") == "生产总值"
    assert canonical("行政许可") == "行政许可"


@pytest.mark.parametrize("sentence, expected", [
    ("社会消费品零售总额与去年持平。", [("社会消费品零售总额", "growth", None, "", 0.0, "")]),
    ("预计地区生产总值与上年基本持平，规模工业增加值同比增长3%左右",
     [("预计地区生产总值", "growth", None, "", 0.0, "左右"), ("规模工业增加值", "growth", None, "", 3.0, "左右")]),
    ("经济保持平稳较快增长", []),
    ("坚持平等协商", []),
])
def test_no_change_is_a_growth_of_zero(sentence, expected):
    assert rows(sentence, *SUB) == expected


def test_a_flat_figure_in_a_report_has_its_row():
    got = report_rows([para("p1", "一、2022年工作回顾", "review", "社会消费品零售总额与去年持平。")], year=2023)
    assert got == [("actual", "year", 2022, 2022, "社会消费品零售总额", "growth", None, 0.0)]


def test_tongbi_in_a_change_is_against_last_year():
    assert rows("地区生产总值增长7%，同比回落0.3个百分点", "raw_indicator", "growth_pct", "change_pp", "compared_to") == [
        ("地区生产总值", 7.0, -0.3, "上年")]
    assert rows("服务业增加值同比提高2个百分点", "raw_indicator", "measure", "change_pp", "compared_to") == [
        ("服务业增加值", "change", 2.0, "上年")]


# --- list items and shared tails ---------------------------------------------------------------

@pytest.mark.parametrize("sentence, expected", [
    # 湖南 2018: a numbered list of the year's practical matters
    ("切实抓好12件重点民生实事：1、新增城镇就业70万人；2、实现自然村通水泥路2万公里",
     [("重点民生实事", 12.0, "件"), ("新增城镇就业", 70.0, "万人"), ("自然村通水泥路", 2.0, "万公里")]),
    ("一是新增城镇就业5万人", [("新增城镇就业", 5.0, "万人")]),
    ("（2）城镇新增就业5万人", [("城镇新增就业", 5.0, "万人")]),
    ("③城镇新增就业5万人", [("城镇新增就业", 5.0, "万人")]),
    # a decimal is not an item number
    ("城镇新增就业1.5万人", [("城镇新增就业", 1.5, "万人")]),
])
def test_an_item_number_is_not_part_of_the_name(sentence, expected):
    assert rows(sentence, "raw_indicator", "value", "unit") == expected


def test_short_names_share_the_tail_that_makes_them_known_names():
    # 金华 2025: 农户 ends with 户, but the shared tail is 人均可支配收入
    got = rows("城镇居民、农村居民、低收入农户人均可支配收入分别增长4.4%、6.7%、12.1%，均居全省前列",
               "raw_indicator", "growth_pct")
    assert got == [("城镇居民人均可支配收入", 4.4), ("农村居民人均可支配收入", 6.7),
                   ("低收入农户人均可支配收入", 12.1)]
    assert [canonical(n) for n, _ in got[:2]] == ["城镇居民人均可支配收入", "农村居民人均可支配收入"]
    assert rows("城镇、农村居民人均可支配收入分别增长8%和9%", "raw_indicator", "growth_pct") == \
        [("城镇居民人均可支配收入", 8.0), ("农村居民人均可支配收入", 9.0)]


def test_what_projects_drive_is_the_citys_investment():
    # 成都 2024: 完成年度投资超1200亿元，带动全社会固定资产投资增长2%
    got = read_sentence("完成年度投资超1200亿元，带动全社会固定资产投资增长2%")
    assert [(canonical(r["raw_indicator"]), r["growth_pct"]) for r in got if r["measure"] == "growth"] == \
        [("固定资产投资", 2.0)]


@pytest.mark.parametrize("sentence, expected", [
    # 宁夏 2022, 文山 2025, 重庆 2024: the level passed, then the level reached and its growth
    ("全年地区生产总值突破4000亿元大关、达4522.3亿元，增长6.7%",
     [("地区生产总值", 4000.0, "亿元", None), ("地区生产总值", 4522.3, "亿元", 6.7)]),
    ("地区生产总值突破400亿元大关，完成409.3亿元，增长3.6%",
     [("地区生产总值", 400.0, "亿元", None), ("地区生产总值", 409.3, "亿元", 3.6)]),
    ("地区生产总值迈上3万亿元新台阶、达到30145.79亿元、增长6.1%",
     [("地区生产总值", 3.0, "万亿元", None), ("地区生产总值", 30145.79, "亿元", 6.1)]),
    # a lead verb with the thing counted after the figure keeps its name (焦作 2017)
    ("组建73个义务教育集团，完成100个农村中小学标准化项目",
     [("义务教育集团", 73.0, "个", None), ("完成农村中小学标准化项目", 100.0, "个", None)]),
    # 江西 2005, 常州 2023: the price basis between the level and the growth
    ("预计全省生产总值3500亿元，按可比价比上年增长13.2%", [("预计全省生产总值", 3500.0, "亿元", 13.2)]),
    ("预计全年实现地区生产总值9500亿元左右，按不变价格计算增长4%左右",
     [("预计全年实现地区生产总值", 9500.0, "亿元", 4.0)]),
])
def test_the_level_reached_after_the_level_passed(sentence, expected):
    assert rows(sentence, "raw_indicator", "value", "unit", "growth_pct") == expected


def test_an_actual_range_reaches_the_headline_table():
    # 佛山 2022: 预计地区生产总值增长8%—8.5%
    from jzlib.extract import headline_rows
    meta = {"report_id": "x-2022", "city": "佛山市", "year": 2022}
    rows = indicator_rows(meta, [para("p1", "一、2021年工作回顾", "review",
                                      "预计地区生产总值增长8%—8.5%，规模以上工业增加值增长10%左右。")])
    gdp = next(h for h in headline_rows(rows) if h["indicator"] == "生产总值")
    assert (gdp["actual_growth_pct"], gdp["actual_low"], gdp["actual_high"], gdp["actual_qualifier"]) == \
        (None, 8.0, 8.5, "range")


def test_a_growth_since_a_base_year_after_a_list_of_levels_is_not_the_years():
    # 佛山 2016: the levels are 2015's, the growths are since 2010 (cumulative)
    got = report_rows([para("p1", "一、“十二五”回顾", "review",
                            "2015年实现地区生产总值8003.92亿元、人均地区生产总值10.83万元，分别比2010年增长55%、47.7%。")],
                      year=2016)
    assert got == [("actual", "year", 2015, 2015, "生产总值", "level", 8003.92, None),
                   ("actual", "year", 2015, 2015, "人均生产总值", "level", 10.83, None),
                   ("actual", "cumulative", 2011, 2015, "生产总值", "growth", None, 55.0),
                   ("actual", "cumulative", 2011, 2015, "人均生产总值", "growth", None, 47.7)]


@pytest.mark.parametrize("raw, expected", [
    ("人均地区生产总值", "人均生产总值"), ("全市人均地区生产总值", "人均生产总值"), ("人均GDP", "人均生产总值"),
    ("地方生产总值", "生产总值"), ("本地生产总值", "生产总值"), ("市生产总值", "生产总值"),   # 铜仁, 深圳, 上海
    ("全市经济", "生产总值"),
])
def test_names_of_gdp_and_gdp_per_head(raw, expected):
    assert canonical(raw) == expected


def test_a_base_year_is_not_the_period_of_the_figures_after_it():
    # 蚌埠 2016: 较2015年翻一番 in the five-year goals is a base, the goals are the plan's
    got = report_rows([para("p1", "二、“十三五”发展目标", "outlook",
                            "今后五年，主要奋斗目标是：地区生产总值年均增长9.5%，经济总量力争较2015年翻一番；"
                            "财政收入增长9%以上；城镇居民人均可支配收入达到41500元。")], year=2016)
    assert [g[:4] for g in got] == [("outlook", "average", 2016, 2020), ("outlook", "multi-year", 2016, 2020),
                                    ("outlook", "multi-year", 2016, 2020)]


def test_a_name_keeps_no_base_year():
    # 焦作 2016: 一般公共预算收入是2010年的1.8倍
    assert rows("一般公共预算收入是2010年的1.8倍", "raw_indicator", "value", "unit") == [("一般公共预算收入", 1.8, "倍")]
