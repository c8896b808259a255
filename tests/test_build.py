import csv
"""build: the corpus pipeline gives the notebooks' files, keeps a report found twice once, and
does not depend on the number of worker processes."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from jzlib import paths, tables
from jzlib.build import build

from conftest import mini_report

SAME_AS_NOTEBOOKS = ["interim/jiaozuo-2017.paragraphs.parquet", "interim/jiaozuo-2017.meta.json"]
TABLES = ["indicators", "headline", "yoy", "word_freq", "themes"]


@pytest.fixture(scope="module")
def shipped_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    summary = build(Path(__file__).parent / "fixtures" / "raw", out, jobs=1, progress=False)
    return out, summary


def test_build_of_the_shipped_reports(shipped_build):
    out, summary = shipped_build
    assert (summary.files, summary.reports, summary.duplicates, summary.errors) == (2, 2, 0, [])   # 2016 and 2017
    kw = tables.read("keywords", out / "processed")
    assert list(kw.columns) == ["report_id", "level", "part", "side", "chapter", "method", "rank", "word", "weight"]
    assert kw.iloc[0][["report_id", "level", "part", "method", "rank"]].tolist() == ["jiaozuo-2016", "report", "", "tfidf", 1]
    assert ((kw.report_id == "jiaozuo-2017") & (kw.level == "report") & (kw["rank"] == 1)).sum() == 1
    # every table is Parquet; no CSV without --csv, no .txt without --text
    assert sorted(p.name for p in (out / "processed").iterdir()) == [
        "headline.parquet", "indicators.parquet", "keywords.parquet", "themes.parquet", "word_freq.parquet", "yoy.parquet"]
    # without --text, a report's interim file is its meta.json only: no .txt, no paragraphs
    assert sorted(p.name for p in (out / "interim").iterdir()) == ["jiaozuo-2016.meta.json", "jiaozuo-2017.meta.json"]


def test_a_build_without_text_removes_the_text_an_earlier_build_left(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report(), encoding="utf-8")
    build(raw, tmp_path / "out", jobs=1, progress=False, text=True)
    assert sorted(p.name for p in (tmp_path / "out" / "interim").iterdir()) == [
        "jiaozuo-2017.meta.json", "jiaozuo-2017.paragraphs.parquet", "jiaozuo-2017.txt"]
    build(raw, tmp_path / "out", jobs=1, progress=False)
    assert sorted(p.name for p in (tmp_path / "out" / "interim").iterdir()) == ["jiaozuo-2017.meta.json"]


@pytest.mark.slow
def test_build_of_data_raw_equals_the_notebooks_files(tmp_path):
    """The notebooks' files (data/) are what `jzlib build` makes of data/raw (a data check: make check)."""
    out = tmp_path / "build"
    build(paths.RAW, out, jobs=1, progress=False, text=True)
    differ = [rel for rel in SAME_AS_NOTEBOOKS if (out / rel).read_bytes() != (paths.DATA / rel).read_bytes()]
    differ += [name for name in TABLES
               if not tables.read(name, out / "processed").equals(tables.read(name, paths.PROCESSED))]
    assert not differ, (f"data/ differs from a build of data/raw ({', '.join(differ)}): the reports or the "
                        "code changed since the notebooks last ran; run make notebooks (or make all)")


def corpus(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report() * 2, encoding="utf-8")
    (raw / "b-gbk.txt").write_bytes(mini_report().encode("gbk"))          # the same report again
    # the same wording for another city: a different report, never merged
    (raw / "c.txt").write_text(mini_report(city="洛阳市"), encoding="utf-8")
    # the same city and year but another text: kept, with a suffixed id
    (raw / "d.txt").write_text("2017年焦作市政府工作报告\n各位代表：\n一、2016年工作回顾\n"
                               "全市上下团结奋斗，城市面貌焕然一新，社会事业全面进步，人民群众获得感明显增强。\n",
                               encoding="utf-8")
    (raw / "e.txt").write_bytes(b"\x00\x01\x02\x03")             # a report file that is binary: an error
    (raw / "scan.pdf").write_bytes(b"%PDF-1.4")                      # not a report file type: skipped
    return raw


@pytest.mark.parametrize("jobs", [1, 2])
def test_duplicates_across_files_and_errors(tmp_path, jobs):
    raw = corpus(tmp_path)
    (raw / "a2.txt").write_bytes((raw / "a.txt").read_bytes())      # same bytes: read once
    (raw / "e2.txt").write_bytes((raw / "e.txt").read_bytes())      # same bad bytes: same error
    out = tmp_path / f"out{jobs}"
    s = build(raw, out, jobs=jobs, progress=False)
    assert (s.files, s.reports, s.duplicates, s.skipped) == (7, 3, 2, 1)
    assert len(s.errors) == 2 and all("binary" in e for e in s.errors)
    assert [e.split(":")[0].rsplit("/", 1)[-1] for e in s.errors] == ["e.txt", "e2.txt"]
    # every file is a row of the summary, with what became of it
    rows = list(csv.DictReader((out / "corpus_summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    got = {(r["file"], r["status"], r["report_id"]) for r in rows}
    assert got == {("raw/a.txt", "report", "jiaozuo-2017"), ("raw/a2.txt", "duplicate of jiaozuo-2017", "jiaozuo-2017"),
                   ("raw/b-gbk.txt", "duplicate of jiaozuo-2017", "jiaozuo-2017"), ("raw/c.txt", "report", "luoyang-2017"),
                   ("raw/d.txt", "report", "jiaozuo-2017-2"), ("raw/e.txt", "error", ""), ("raw/e2.txt", "error", ""),
                   ("raw/scan.pdf", "skipped", "")}
    by_file = {r["file"]: r for r in rows}
    assert "binary" in by_file["raw/e.txt"]["reason"] and "not a report file type" in by_file["raw/scan.pdf"]["reason"]
    a = by_file["raw/a.txt"]
    assert (a["government"], a["year"], a["government_from"], a["year_from"]) == ("焦作市", "2017", "title", "title")
    assert (a["review_parts"], a["plan_parts"], a["government_parts"], a["indicator_rows"]) == ("1", "1", "1", "5")   # 生产总值; 项目333个, 投资287亿元; 生产总值增长, 收入增长
    assert sorted(p.name for p in (out / "interim").glob("*.meta.json")) == [
        "jiaozuo-2017-2.meta.json", "jiaozuo-2017.meta.json", "luoyang-2017.meta.json"]
    meta = json.loads((out / "interim/jiaozuo-2017.meta.json").read_text(encoding="utf-8"))
    assert [(x["file"], x["encoding"], x["similarity"]) for x in meta["also_in"]] == [
        ("a2.txt", "utf-8", 1.0), ("b-gbk.txt", "gb18030", 1.0)]
    ind = tables.read("indicators", out / "processed")
    # d.txt states no figure, so only two reports have indicator rows
    assert sorted(set(ind.report_id)) == ["jiaozuo-2017", "luoyang-2017"]
    assert set(tables.read("word_freq", out / "processed").report_id) == {"jiaozuo-2017", "jiaozuo-2017-2", "luoyang-2017"}


def test_the_number_of_jobs_does_not_change_the_output(tmp_path):
    raw = corpus(tmp_path)
    build(raw, tmp_path / "one", jobs=1, progress=False)
    build(raw, tmp_path / "two", jobs=2, progress=False)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two


def test_cli_build(tmp_path):
    raw = corpus(tmp_path)
    r = subprocess.run([sys.executable, "-m", "jzlib", "build", "--raw", str(raw), "--out", str(tmp_path / "o"),
                        "--jobs", "2", "--quiet"], capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 1                       # e.bin is bad; everything else is written
    assert "5 files -> 3 reports (1 duplicates across files, 1 refused, 1 other files skipped)" in r.stdout
    assert "e.txt: looks like a binary file" in r.stderr and "Traceback" not in r.stderr


def test_a_corpus_build_equals_the_step_by_step_tables(tmp_path):
    """Several reports, two years of one city (so targets meet next year's actuals), a copy in
    GBK: the build's six tables and interim files equal those of the notebooks' step-by-step
    path (clean_files -> interim -> extract/compare/word_tables). Files are named so that file
    order (the build's) equals report-id order (the notebooks')."""
    from conftest import other_report, report_text
    from jzlib import compare, extract, words
    from jzlib.pipeline import clean_files
    from jzlib.store import write_interim

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a-jiaozuo-2017.txt").write_text(mini_report() * 2, encoding="utf-8")
    (raw / "b-jiaozuo-2017-gbk.txt").write_bytes(mini_report().encode("gbk"))
    (raw / "c-jiaozuo-2018.txt").write_text(report_text(
        "焦作市", 2018, ["全市生产总值2300亿元，增长8.6%。一般公共预算收入增长6%。"],
        ["今年主要预期目标是：生产总值增长8%左右。"]), encoding="utf-8")
    (raw / "d-luoyang-2018.txt").write_text(other_report(), encoding="utf-8")
    built = tmp_path / "built"
    s = build(raw, built, jobs=2, textrank=True, progress=False, csv=True, text=True)
    assert (s.reports, s.duplicates, s.errors) == (3, 1, [])

    ref = tmp_path / "ref"
    results = clean_files(sorted(raw.iterdir()))
    for r in results:
        write_interim(r, ref / "interim")
    ind = extract.extract_interim(ref / "interim")
    freq, themes, kw = words.word_tables(ref / "interim", tokenizer=words.Tokenizer(backend="rjieba"))
    yoy = compare.compare(ind)
    for name, df in (("indicators", ind), ("headline", extract.headline_table(ind)), ("yoy", yoy),
                     ("word_freq", freq), ("themes", themes), ("keywords", kw)):
        written = tables.write(name, df, ref / "processed")       # CSV or Parquet, as the notebooks write it
        assert (built / "processed" / written.name).read_bytes() == written.read_bytes(), name
        assert tables.read(name, built / "processed").equals(tables.read(name, written)), name   # --csv: the same rows
    # the comparison across reports is there: 2017's targets against 2018's actuals (8.5% 左右 met
    # by 8.6%; 8% 左右 missed by 6%), and 2018's own target waits for a 2019 report
    across = yoy[(yoy.relation == "target→actual") & (yoy.measure == "growth")]
    assert across[["indicator", "year_from", "value_from", "value_to", "status"]].fillna(0).values.tolist() == [
        ["生产总值", 2017, 8.5, 8.6, "met"], ["一般公共预算收入", 2017, 8.0, 6.0, "missed"],
        ["生产总值", 2018, 8.0, 0, "pending"]]
    for rid in ("jiaozuo-2017", "jiaozuo-2018", "luoyang-2018"):
        for suffix in (".txt", ".paragraphs.parquet"):
            assert (built / "interim" / f"{rid}{suffix}").read_bytes() == (ref / "interim" / f"{rid}{suffix}").read_bytes()
        a, b = (json.loads((d / "interim" / f"{rid}.meta.json").read_text(encoding="utf-8")) for d in (built, ref))
        assert {k: v for k, v in a.items() if k not in ("also_in", "source")} == \
               {k: v for k, v in b.items() if k not in ("also_in", "source")}


def test_finding_copies_compares_few_signatures_however_many_templated_reports(tmp_path):
    """Thirty reports written from one template (same wording, other city) and five copies:
    copies are looked up within their (city, year) block, so the build compares one signature
    per copy and none for the other reports; one LSH index over all of them returned every
    templated report as a candidate (quadratic)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    cities = ["洛阳市", "郑州市", "开封市", "安阳市", "鹤壁市", "新乡市", "濮阳市", "许昌市", "漯河市", "南阳市"]
    for i in range(30):
        city, year = cities[i % 10], 2015 + i // 10
        (raw / f"{i:02d}.txt").write_text(mini_report(city=city, year=year, gdp=f"{1000 + i}.5"), encoding="utf-8")
    for i in range(5):                 # a copy of report i, with a different line (so not the same bytes)
        text = mini_report(city=cities[i], year=2015, gdp=f"{1000 + i}.5") + "坚持观摩点评，强化跟踪督导。\n"
        (raw / f"copy-{i}.txt").write_text(text, encoding="utf-8")
    s = build(raw, tmp_path / "out", jobs=1, progress=False)
    assert (s.reports, s.duplicates, s.errors) == (30, 5, [])
    assert s.compared == 5
    ids = sorted(p.name[:-len(".meta.json")] for p in (tmp_path / "out/interim").glob("*.meta.json"))
    assert len(ids) == 30 and ids[:3] == ["anyang-2015", "anyang-2016", "anyang-2017"]   # no "-2": no clash


def test_signatures_are_datasketch_minhash_values():
    """The workers compute MinHash signatures with numpy; they must be exactly the values of
    datasketch's MinHash(num_perm=64, seed=1) fed the same 5-gram hashes."""
    import numpy as np
    from datasketch import MinHash
    from jzlib.dedup import SAMPLE, shingle_hashes, signature
    long = (Path(__file__).parent / "fixtures" / "raw" / "jiaozuo-2016.md").read_text(encoding="utf-8")
    for text, sampled in ((mini_report(), False), (long, True)):      # short: every 5-gram; long: a sample
        h = shingle_hashes(text)
        assert (len(h) >= 500 * SAMPLE) == sampled
        kept = h[h % np.uint64(SAMPLE) == 0] if len(h) >= 500 * SAMPLE else h
        m = MinHash(num_perm=64, seed=1, hashfunc=int)
        m.update_batch((kept >> np.uint64(32)).tolist())
        assert m.scheme == "affine32" and np.array_equal(signature(text), m.hashvalues)


def test_a_report_with_pasted_figures_is_warned_in_the_summary(tmp_path):
    from conftest import report_text
    raw = tmp_path / "raw"
    raw.mkdir()
    garbage = "、".join(["1亿元"] * 80) + "，生产总值增长8%。"            # 81 figures in one sentence
    (raw / "a.txt").write_text(report_text("焦作市", 2017, [garbage, garbage], ["生产总值增长7%。"]), encoding="utf-8")
    (raw / "b.txt").write_text(report_text("宁波市", 2017, ["生产总值增长6%。"], ["生产总值增长7%。"]), encoding="utf-8")
    build(raw, tmp_path / "out", progress=False)
    rows = list(csv.DictReader((tmp_path / "out/corpus_summary.csv").read_text(encoding="utf-8-sig").splitlines()))
    warned = {r["report_id"]: r["warning"] for r in rows}
    assert warned["ningbo-2017"] == ""
    # 160 figures and few sentence marks: flagged as not reading as a report too, then capped
    first, capped = warned["jiaozuo-2017"].rsplit("; ", 1)
    assert first.startswith("does not read as a report")
    assert capped == "2 sentence(s) with more than 60 figures: only their named figures kept"


def test_a_bug_on_one_file_is_a_row_and_the_build_goes_on(tmp_path, monkeypatch):
    import jzlib.pipeline
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report(), encoding="utf-8")
    (raw / "c.txt").write_text(mini_report(city="洛阳市"), encoding="utf-8")
    real = jzlib.pipeline.clean_raw

    def buggy(raw_file, **kw):
        if raw_file.path.name == "c.txt":
            raise ZeroDivisionError("division by zero")
        return real(raw_file, **kw)
    monkeypatch.setattr(jzlib.pipeline, "clean_raw", buggy)     # jobs=1: the files run in this process
    s = build(raw, tmp_path / "out", jobs=1, progress=False)
    assert s.reports == 1 and len(s.errors) == 1
    assert s.errors[0].endswith("c.txt: internal error (ZeroDivisionError: division by zero); please report it")
    rows = {r["file"]: r for r in csv.DictReader((tmp_path / "out/corpus_summary.csv").read_text(encoding="utf-8-sig").splitlines())}
    assert (rows["raw/a.txt"]["status"], rows["raw/c.txt"]["status"]) == ("report", "error")
    assert set(tables.read("indicators", tmp_path / "out/processed").report_id) == {"jiaozuo-2017"}


@pytest.mark.parametrize("text", [False, True])
def test_a_taken_id_is_put_in_as_processing_the_file_again_would(tmp_path, text):
    """A report whose id is taken by a different report gets a new one (jiaozuo-2017-2): its
    tables, quantities and interim files relabelled equal those of the file processed again
    under that id, column for column; and the report id is in them (the test can fail)."""
    from jzlib import build as b
    path = tmp_path / "a.txt"
    path.write_text(mini_report(), encoding="utf-8")
    b._init("rjieba", 10, False, text)
    mine = b._process((str(path), {}, (None, None, "user")))["reports"][0]
    again = b._process((str(path), {0: "jiaozuo-2017-2"}, (None, None, "user")))["reports"][0]
    got = b.relabel(mine, "jiaozuo-2017-2")
    assert mine["report_id"] == "jiaozuo-2017" and got["report_id"] == again["report_id"] == "jiaozuo-2017-2"
    assert got["tables"].keys() == again["tables"].keys()
    for name in got["tables"]:
        ours, theirs = tables.from_ipc(got["tables"][name]), tables.from_ipc(again["tables"][name])
        assert ours.equals(theirs), name
    ind = tables.from_ipc(got["tables"]["indicators"]).column("report_id").to_pylist()
    assert ind and set(ind) == {"jiaozuo-2017-2"}
    assert got["quantities"] == again["quantities"] and got["quantities"][0].report_id == "jiaozuo-2017-2"
    assert got["interim"].keys() == again["interim"].keys() == ({".meta.json", ".txt", ".paragraphs.parquet"} if text else {".meta.json"})
    for suffix in got["interim"]:
        if suffix == ".paragraphs.parquet":
            import io

            import pyarrow.parquet as pq
            ours, theirs = (pq.read_table(io.BytesIO(f[suffix])) for f in (got["interim"], again["interim"]))
            assert ours.equals(theirs) and set(ours.column("report_id").to_pylist()) == {"jiaozuo-2017-2"}
        else:
            assert got["interim"][suffix] == again["interim"][suffix], suffix
    assert b'"report_id": "jiaozuo-2017-2"' in got["interim"][".meta.json"]
