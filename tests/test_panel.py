"""The targets panel (issue 16): hardness and status rules from their resource files, and a
panel made from small reports whose every figure is written here."""
import pandas as pd
import pytest

from jzlib import compare, panel, rules, tables
from jzlib.errors import JzlibError
from jzlib.extract import extract_interim, headline_table
from jzlib.pipeline import clean_files
from jzlib.store import write_interim

from conftest import report_text


@pytest.mark.parametrize("qualifier, low, high, expected", [
    ("左右", None, None, "about"), ("以上", None, None, "floor"), ("不低于", None, None, "floor"),
    ("以内", None, None, "ceiling"), ("", None, None, "none"), ("", 7.0, 7.5, "range"),
    ("其他", None, None, "floor"),          # a qualifier not listed is a floor (compare_rules.txt)
    ("力争", None, None, "none"),           # a commitment word alone is no bound (力争增长8%)
])
def test_hardness_follows_compare_rules(qualifier, low, high, expected):
    assert panel.hardness(qualifier, low, high) == expected


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """A copy of the resource files the test may edit; the package reads the copy."""
    from jzlib import paths
    for p in paths.RESOURCES.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(rules, "resource", lambda name: tmp_path / name)
    reload()
    yield tmp_path
    monkeypatch.undo()
    reload()


def reload():
    rules.clear()
    for f in (compare.rules, compare.bands, panel.governments):
        f.cache_clear()


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_hardness_status_and_places_are_read_from_the_resource_files(resources):
    """Edited copies of compare_rules.txt, target_rules.txt and governments.txt change the result."""
    assert panel.hardness("左右") == "about" and compare.status(8.3, 8.5, "左右") == "met"
    edit(resources / "compare_rules.txt", "左右 | about", "左右 | floor")
    reload()
    # 左右 read as a floor: 8.3 against 8.5 is missed
    assert panel.hardness("左右") == "floor" and compare.status(8.3, 8.5, "左右") == "missed"
    edit(resources / "compare_rules.txt", "左右 | floor", "左右 | about")
    edit(resources / "target_rules.txt", "rate | 0.5", "rate | 0.1")
    reload()
    assert compare.bands() == {"rate": 0.1, "level": 0.05}
    assert compare.status(8.3, 8.5, "左右") == "missed" and compare.status(8.45, 8.5, "左右") == "met"
    assert "初步核算" in panel.estimate_words()
    edit(resources / "target_rules.txt", "\n初步核算\n", "\n")
    reload()
    assert "初步核算" not in panel.estimate_words()
    edit(resources / "governments.txt", "焦作市\tprefecture\t河南省", "焦作市\tprefecture\t山西省")
    reload()
    assert panel.governments()["焦作市"] == ("prefecture", "山西省")


@pytest.mark.parametrize("name, old, new, message", [
    ("target_rules.txt", "rate | 0.5", "rate | half", r"target_rules.txt:\d+: .*the band is a number"),
    ("target_rules.txt", "rate | 0.5", "", r"target_rules.txt: \[bands\] needs rate"),
    ("governments.txt", "焦作市\tprefecture\t河南省", "焦作市\tcity\t河南省",
     r"governments.txt:\d+: level 'city' is not one of national, province, prefecture"),
    ("governments.txt", "焦作市\tprefecture\t河南省", "焦作市 prefecture 河南省",
     r"governments.txt:\d+: .*is not 3 fields separated by tabs"),
    ("governments.txt", "焦作市\tprefecture\t河南省", "焦作市\tprefecture\t河南省\n焦作市\tprefecture\t河南省",
     r"governments.txt:\d+: .*焦作市"),
])
def test_a_bad_line_is_a_one_line_error(resources, name, old, new, message):
    edit(resources / name, old, new)
    reload()
    with pytest.raises(JzlibError, match=message):
        compare.bands() if name == "target_rules.txt" else panel.governments()


def test_every_prefecture_government_of_the_table_names_a_province_of_the_table():
    g = panel.governments()
    provinces = {name for name, (level, _) in g.items() if level == "province"}
    assert len(provinces) == 31 and "河南省" in provinces and "北京市" in provinces
    assert g["焦作市"] == ("prefecture", "河南省") and g["全国"] == ("national", "全国")
    assert g["伊犁哈萨克自治州"] == ("prefecture", "新疆维吾尔自治区") and g["吉林市"] == ("prefecture", "吉林省")
    assert all(prov in provinces for level, prov in g.values() if level == "prefecture")


@pytest.fixture(scope="module")
def small_panel(tmp_path_factory):
    """焦作市 2017 and 2018, 河南省 2017, 全国 2017: every figure below is typed here."""
    d = tmp_path_factory.mktemp("panel")
    raw = d / "raw"
    raw.mkdir()
    texts = {
        "jz17.txt": report_text("焦作市", 2017, ["全市生产总值2082.6亿元，增长8.3%。"],
                                ["今年主要预期目标是：生产总值增长8.5%左右，一般公共预算收入增长8%以上，城镇新增就业6万人。"]),
        "jz18.txt": report_text("焦作市", 2018, ["预计全年生产总值增长7.9%，一般公共预算收入增长9.1%。"],
                                ["今年主要预期目标是：生产总值力争增长8%。"]),
        "ha17.txt": report_text("河南省", 2017, ["全省生产总值增长8.1%。"], ["今年主要预期目标是：生产总值增长7.5%—8%。"]),
        "qg17.txt": report_text("全国", 2017, ["国内生产总值增长6.7%。"], ["今年发展的主要预期目标是：国内生产总值增长6.5%左右。"]),
    }
    for name, text in texts.items():
        (raw / name).write_text(text, encoding="utf-8")
    for r in clean_files(sorted(raw.iterdir())):
        write_interim(r, d / "interim")
    ind = extract_interim(d / "interim")
    return panel.panel(headline_table(ind), ind), ind


def test_panel_rows_hold_target_wording_result_and_status(small_panel):
    p, _ = small_panel
    row = p.set_index(["government", "year", "indicator"])
    gdp17 = row.loc[("焦作市", 2017, "生产总值")]
    assert (gdp17.level, gdp17.province, gdp17.target, gdp17.qualifier, gdp17.hardness) == \
           ("prefecture", "河南省", 8.5, "左右", "about")
    # 2017's target against 2018's report: 7.9 is 0.6 below 8.5 左右 (band ±0.5): missed, and an estimate
    assert (gdp17.result, gdp17.gap, gdp17.status, gdp17.result_estimated) == (7.9, pytest.approx(-0.6), "missed", True)
    assert (gdp17.target_report, gdp17.result_report) == ("jiaozuo-2017", "jiaozuo-2018")
    assert "8.5%左右" in gdp17.target_sentence and "7.9%" in gdp17.result_sentence
    rev = row.loc[("焦作市", 2017, "一般公共预算收入")]
    assert (rev.target, rev.qualifier, rev.hardness, rev.result, rev.status) == (8.0, "以上", "floor", 9.1, "exceeded")
    jobs = row.loc[("焦作市", 2017, "城镇新增就业")]
    assert (jobs.measure, jobs.unit, jobs.target, jobs.status) == ("level", "万人", 6.0, "not stated")
    gdp18 = row.loc[("焦作市", 2018, "生产总值")]
    assert (gdp18.target, gdp18.commitment, gdp18.hardness, gdp18.status) == (8.0, "力争", "none", "pending")
    ha = row.loc[("河南省", 2017, "生产总值")]
    assert (ha.level, ha.hardness, ha.target_low, ha.target_high) == ("province", "range", 7.5, 8.0)


def test_amplification_is_the_target_minus_the_province_and_the_nation(small_panel):
    p, _ = small_panel
    row = p.set_index(["government", "year", "indicator"])
    # 焦作 8.5 against 河南 7.5–8 (middle 7.75) and 全国 6.5
    assert row.loc[("焦作市", 2017, "生产总值")].minus_province == pytest.approx(0.75)
    assert row.loc[("焦作市", 2017, "生产总值")].minus_nation == pytest.approx(2.0)
    assert row.loc[("河南省", 2017, "生产总值")].minus_nation == pytest.approx(1.25)
    assert pd.isna(row.loc[("焦作市", 2018, "生产总值")].minus_province)     # no 河南 2018 report here


def test_panel_round_trips_through_csv_and_parquet(small_panel, tmp_path):
    p, _ = small_panel
    for name in ("panel.csv", "panel.parquet"):
        back = tables.read("panel", tables.write("panel", p, tmp_path / name))
        pd.testing.assert_frame_equal(back, p)
    assert back.result_estimated.dtype == bool


def test_share_met_counts_met_and_exceeded(small_panel):
    p, _ = small_panel
    s = panel.share_met(p).set_index("year")
    # 2017 GDP: 焦作 missed; 河南 and 全国 have no 2018 report here (pending, not counted)
    assert s.loc[2017].tolist() == [1, 0, 0.0]


# --- the 20 panel rows read by hand (benchmarks/panel_check.py) --------------------------------

from pathlib import Path

HAND = Path(__file__).parent / "handcheck" / "panel_20.tsv"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _hand():
    return pd.read_csv(HAND, sep="\t", dtype=str, keep_default_na=False)


def test_the_hand_readings_follow_the_status_rules():
    """Each status typed by hand is the one the rules give for the values typed by hand."""
    hand = _hand()
    assert len(hand) == 20 and set(hand.status) <= set(panel.STATUSES)
    for r in hand.itertuples():
        if r.result == "":
            assert r.status == "not stated", r
            continue
        low = float(r.target_low) if r.target_low else None
        high = float(r.target_high) if r.target_high else None
        target = float(r.target) if r.target else (low + high) / 2
        rate = "%" in r.target_span
        assert compare.status(float(r.result), target, r.qualifier, low, high, rate) == r.status, r


def test_each_hand_reading_reads_as_typed():
    """The target span, read by the extractor, gives the typed target, qualifier and commitment
    (the first figure of the span, or the item the reading names); the result span the result."""
    from jzlib.extract import read_sentence
    for r in _hand().itertuples():
        rows = read_sentence(r.target_span)
        want = float(r.target) if r.target else None
        found = [x for x in rows if want is not None and want in (x["growth_pct"], x["value"])]
        assert found, (r.target_span, rows)
        assert found[-1]["qualifier"] in (r.qualifier, r.commitment or "") or (r.qualifier == "" and not found[-1]["qualifier"]), r
        if r.result:
            got = [x for x in read_sentence(r.result_span) if float(r.result) in (x["growth_pct"], x["value"])]
            assert got, (r.result_span, read_sentence(r.result_span))


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus (../shared/corpus) is not on this machine")
def test_each_hand_span_is_in_its_report():
    for r in _hand().itertuples():
        for file, span in ((r.target_file, r.target_span), (r.result_file, r.result_span)):
            if span:
                text = (CORPUS / file.removeprefix("corpus/")).read_text(encoding="utf-8")
                assert span in text, (file, span)
