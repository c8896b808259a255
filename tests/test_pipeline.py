"""The clean step end to end: the shipped file, the interim files, the CLI and atomic writes."""
import json
import os
from pathlib import Path
import subprocess
import sys

import pandas as pd
import pytest

from jzlib import paths
from jzlib.pipeline import clean_file
from jzlib.store import atomic_write, read_interim, write_interim

SHIPPED = Path(__file__).parent / "fixtures" / "raw" / "jiaozuo-2017-scraped.txt"   # a copy of data/raw's


@pytest.fixture(scope="module")
def shipped():
    return clean_file(SHIPPED)


def expected_clean_lines():
    """Typed from reading the raw file, independently of jzlib: one copy is lines 1-107;
    remove the two spam titles, turn ―― into —— and ・ into ·; nothing else changes."""
    lines = SHIPPED.read_text(encoding="utf-8").split("\n")[:107]
    out = []
    for line in lines:
        for spam in ("二号首长", "侯卫东官场笔记"):
            line = line.replace(spam, "")
        out.append(line.replace("――", "——").replace("・", "·"))
    return out


def test_shipped_file_is_one_report_of_107_paragraphs(shipped, tmp_path):
    assert len(shipped.copies) == 8
    assert len(shipped.reports) == 1
    write_interim(shipped, tmp_path)
    text = (tmp_path / "jiaozuo-2017.txt").read_text(encoding="utf-8")
    assert text.split("\n")[:-1] == expected_clean_lines()
    assert len(set(text.split("\n")[:-1])) == 107          # nothing repeated


def test_shipped_noise_is_removed_sixteen_times_with_locations(shipped):
    removed = [(e.line, e.text) for e in shipped.noise if e.action == "removed"]
    # copy k starts at line 1 + 108k; the spam is on its lines 49 and 101
    assert removed == [(49 + 108 * k + d, t) for k in range(8)
                       for d, t in ((0, "二号首长"), (52, "侯卫东官场笔记"))]
    assert [e for e in shipped.noise if e.action == "flagged"] == []


def test_shipped_metadata_and_counts(shipped, tmp_path):
    write_interim(shipped, tmp_path)
    meta, paras = read_interim(tmp_path / "jiaozuo-2017.meta.json")
    assert {k: meta[k] for k in ("report_id", "city", "year", "title", "date", "speaker")} == {
        "report_id": "jiaozuo-2017", "city": "焦作市", "year": 2017,
        "title": "2017年焦作市政府工作报告", "date": "2017-02-28", "speaker": "徐衣显"}
    assert meta["source"]["file"] == "tests/fixtures/raw/jiaozuo-2017-scraped.txt"
    assert meta["copies"]["found"] == 8 and meta["copies"]["exact"] == 8
    # 3 parts; 8 + 8 + 4 chapters; 107 paragraphs
    assert (meta["counts"]["parts"], meta["counts"]["chapters"], meta["counts"]["paragraphs"]) == (3, 20, 107)
    assert list(paras.columns) == ["report_id", "para_id", "part", "part_kind", "chapter", "section", "text"]
    row = paras[paras.text.str.startswith("狠抓项目建设")].iloc[0]
    assert (row.part, row.part_kind, row.chapter, row.section) == (
        "一、2016年工作回顾", "review", "（二）突出精准施策，经济平稳向好势头持续巩固", "狠抓项目建设")
    # 一、2016年工作回顾 / 二、2017年工作安排 / 三、全面加强政府自身建设
    assert meta["counts"]["part_kinds"] == {"review": 1, "outlook": 0, "plan": 1, "government": 1}
    assert (meta["government_from"], meta["year_from"]) == ("title", "title")


def test_ids_are_stable_across_runs(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_interim(clean_file(SHIPPED), a)
    write_interim(clean_file(SHIPPED), b)
    for name in ("jiaozuo-2017.txt", "jiaozuo-2017.paragraphs.parquet", "jiaozuo-2017.meta.json"):
        assert (a / name).read_bytes() == (b / name).read_bytes()


def test_committed_interim_has_no_spam_and_no_old_dashes():
    files = sorted(paths.INTERIM.glob("*"))
    assert files, "data/interim is empty: run `make all`"
    for f in files:
        if f.suffix == ".parquet":       # the paragraphs table: its text column
            import pandas as pd
            text = "\n".join(pd.read_parquet(f).text)
        else:
            text = f.read_text(encoding="utf-8")
        if f.suffix == ".json":          # meta.json reports what was removed, so only there is it named
            meta = json.loads(text)
            # the scraped 2017 file carries two spam titles; the 2016 markdown file none
            spam = {"二号首长", "侯卫东官场笔记"} if meta["report_id"] == "jiaozuo-2017" else set()
            assert {e["text"] for e in meta["removed"]} == spam
            text = json.dumps({k: v for k, v in meta.items() if k != "removed"}, ensure_ascii=False)
        assert "二号首长" not in text and "侯卫东官场笔记" not in text and "――" not in text


def test_atomic_write_leaves_the_old_file_when_interrupted(tmp_path, monkeypatch):
    target = atomic_write(tmp_path / "x.csv", "old\n")
    def boom(*a):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        atomic_write(target, "new\n")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.csv"]    # no temporary left


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "jzlib", *map(str, args)],
                          capture_output=True, text=True, cwd=paths.ROOT)


def test_cli_clean_prints_one_summary_line_per_input(tmp_path):
    r = run_cli("clean", SHIPPED, "--out", tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "jiaozuo-2017-scraped.txt: 8 copies -> 1 report(s); 7 duplicates merged (0 near-duplicates); "
        f"16 noise removed, 0 flagged; kept jiaozuo-2017 (107 paragraphs) -> 3 files in {tmp_path.name}"]
    assert pd.read_parquet(tmp_path / "jiaozuo-2017.paragraphs.parquet").shape == (107, 7)


def test_cli_bad_input_names_the_file_exits_non_zero_without_traceback(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    r = run_cli("clean", empty, tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"jzlib clean: error: {empty}: the file is empty; nothing to read",
                                     f"jzlib clean: error: {tmp_path / 'missing.txt'}: no such file; check the path"]


def test_cli_overrides_city_and_year(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("一、工作回顾\n全市生产总值增长8%。\n", encoding="utf-8")
    r = run_cli("clean", f, "--out", tmp_path / "out", "--city", "焦作市", "--year", "2019")
    assert r.returncode == 0, r.stderr
    assert json.loads((tmp_path / "out" / "jiaozuo-2019.meta.json").read_text(encoding="utf-8"))["year"] == 2019


def test_cli_help():
    r = run_cli("clean", "--help")
    assert r.returncode == 0 and "--city" in r.stdout and "GB18030" in r.stdout


def test_prune_interim_removes_only_reports_that_are_gone(tmp_path):
    from jzlib.store import prune_interim
    for rid in ("a-2017", "b-2018"):
        for suffix in (".txt", ".paragraphs.parquet", ".meta.json"):
            (tmp_path / f"{rid}{suffix}").write_text("x")
    (tmp_path / "notes.md").write_text("mine")
    removed = prune_interim(tmp_path, ["a-2017"])
    assert sorted(p.name for p in removed) == ["b-2018.meta.json", "b-2018.paragraphs.parquet", "b-2018.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a-2017.meta.json", "a-2017.paragraphs.parquet", "a-2017.txt", "notes.md"]


def test_figures_of_reports_no_longer_present_are_removed(tmp_path):
    from jzlib.store import prune_figures
    for name in ("02-review-growth.png", "02-review-growth-jiaozuo-2017.png", "04-wordcloud-review-plan-jiaozuo-2014.png",
                 "03-level-pairs-luoyang-2018.png", "04-wordcloud-sichuan-2011-2.png", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    removed = prune_figures(tmp_path, ["jiaozuo-2017", "sichuan-2011-2"])
    assert sorted(p.name for p in removed) == ["03-level-pairs-luoyang-2018.png", "04-wordcloud-review-plan-jiaozuo-2014.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["02-review-growth-jiaozuo-2017.png", "02-review-growth.png",
                                                          "04-wordcloud-sichuan-2011-2.png", "notes.txt"]


def test_gibberish_under_a_valid_title_is_kept_but_flagged_by_every_command(tmp_path):
    from test_clean import random_gbk
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "x.txt").write_text("2018年焦作市政府工作报告\n" + random_gbk(4_000), encoding="utf-8")
    r = run_cli("clean", raw, "--out", tmp_path / "interim")
    assert r.returncode == 0, r.stderr
    assert "; warning: jiaozuo-2018 does not read as a report: only " in r.stdout
    meta = json.loads((tmp_path / "interim" / "jiaozuo-2018.meta.json").read_text(encoding="utf-8"))
    assert meta["implausible"].startswith("does not read as a report")
    for command, out in (("indicators", tmp_path / "ind.csv"), ("words", tmp_path / "words")):
        r = run_cli(command, tmp_path / "interim", "--out", out)
        assert r.returncode == 0, r.stderr
        assert f"jzlib {command}: warning: jiaozuo-2018: does not read as a report" in r.stderr
    r = run_cli("build", "--raw", raw, "--out", tmp_path / "built", "--quiet")
    assert r.returncode == 0, r.stderr
    row = pd.read_csv(tmp_path / "built" / "corpus_summary.csv", encoding="utf-8-sig").iloc[0]
    assert row.report_id == "jiaozuo-2018" and row.warning.startswith("does not read as a report")


def test_a_real_report_carries_no_plausibility_warning(shipped):
    assert "implausible" not in shipped.reports[0].meta
