"""runstate: a notebook is rerun exactly when something it reads, writes or runs on changed."""
import json

import pytest

from jzlib import runstate


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setattr(runstate, "ROOT", tmp_path)
    monkeypatch.setattr(runstate, "STATE", tmp_path / "build" / "run-state.json")
    monkeypatch.setattr(runstate, "_CODE", ["code-1"])
    monkeypatch.setattr(runstate, "INTERIM", tmp_path / "data" / "interim")
    (tmp_path / "data" / "interim").mkdir(parents=True)
    (tmp_path / "data" / "interim" / "r-2016.meta.json").write_text(
        json.dumps({"report_id": "r-2016", "city": "甲市", "year": 2016, "counts": {"paragraphs": 3}}), encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "data" / "raw" / "sub").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "a.md").write_text("report a", encoding="utf-8")
    (tmp_path / "data" / "raw" / "sub" / "b.md").write_text("report b", encoding="utf-8")
    (tmp_path / "data" / "out.csv").write_text("x\n1\n", encoding="utf-8")
    nb = tmp_path / "notebooks" / "01-x.ipynb"
    nb.write_text(json.dumps({"cells": [
        {"cell_type": "markdown", "source": ["**Inputs:** `../data/raw/*` (never modified)\n", "\n",
                                             "**Outputs:** `../data/out.csv`, `../reports/01-x.pdf`"]},
        {"cell_type": "code", "source": "print(1)"}]}), encoding="utf-8")
    return tmp_path, nb


def test_declared_files_are_read_from_the_text_cells(project):
    _, nb = project
    assert runstate.declared_files(nb) == {"Inputs": ["data/raw/*"], "Outputs": ["data/out.csv", "reports/01-x.pdf"]}


def test_a_notebook_is_fresh_only_until_something_it_depends_on_changes(project, monkeypatch):
    root, nb = project
    assert not runstate.notebook_fresh(nb)                 # never ran here
    runstate.notebook_ran(nb)
    assert runstate.notebook_fresh(nb)
    (root / "data" / "raw" / "a.md").touch()                # same bytes: still fresh
    assert runstate.notebook_fresh(nb)
    for change in (lambda: (root / "data" / "raw" / "sub" / "b.md").write_text("edited", encoding="utf-8"),
                   lambda: (root / "data" / "raw" / "c.md").write_text("a new report", encoding="utf-8"),
                   lambda: (root / "data" / "out.csv").write_text("x\n2\n", encoding="utf-8"),   # output edited
                   lambda: (root / "data" / "out.csv").unlink(),                                 # output gone
                   lambda: nb.write_text(nb.read_text(encoding="utf-8").replace("print(1)", "print(2)"),
                                         encoding="utf-8"),
                   lambda: monkeypatch.setattr(runstate, "_CODE", ["code-2"])):                  # jzlib changed
        change()
        assert not runstate.notebook_fresh(nb)
        runstate.notebook_ran(nb)
        assert runstate.notebook_fresh(nb)


def test_todo_says_what_a_rerun_must_do(project):
    root, nb = project
    pdf_dir = root / "reports"
    assert runstate.todo(nb, pdf_dir) == (True, True)
    runstate.notebook_ran(nb)
    assert runstate.todo(nb, None) == (False, False)
    assert runstate.todo(nb, pdf_dir) == (False, True)     # no PDF yet: export it, do not rerun
    pdf_dir.mkdir()
    (pdf_dir / "01-x.pdf").write_bytes(b"%PDF")
    runstate.pdf_made(nb, pdf_dir / "01-x.pdf")
    assert runstate.todo(nb, pdf_dir) == (False, False)
    (pdf_dir / "01-x.pdf").unlink()                         # the PDF deleted: made again
    assert runstate.todo(nb, pdf_dir) == (False, True)
    # another language reruns in memory for its PDF: both or neither
    assert runstate.todo(nb, pdf_dir, "en") == (True, True)
    (pdf_dir / "en").mkdir()
    (pdf_dir / "en" / "01-x.pdf").write_bytes(b"%PDF")
    runstate.pdf_made(nb, pdf_dir / "en" / "01-x.pdf", "en")
    assert runstate.todo(nb, pdf_dir, "en") == (False, False)
    (root / "data" / "raw" / "a.md").write_text("report a, corrected", encoding="utf-8")
    assert runstate.todo(nb, pdf_dir, "en") == (True, True)


def test_a_pdf_is_made_again_when_its_page_header_would_change(project):
    root, nb = project
    meta = root / "data" / "interim" / "r-2016.meta.json"
    pdf_dir = root / "reports"
    pdf_dir.mkdir()
    (pdf_dir / "01-x.pdf").write_bytes(b"%PDF")
    runstate.notebook_ran(nb)
    runstate.pdf_made(nb, pdf_dir / "01-x.pdf")
    assert runstate.todo(nb, pdf_dir) == (False, False)
    # the report's text changed, not its city or year: the header is the same, the PDF stays
    meta.write_text(meta.read_text(encoding="utf-8").replace('"paragraphs": 3', '"paragraphs": 4'), encoding="utf-8")
    assert runstate.todo(nb, pdf_dir) == (False, False)
    # another year present: the header names it, so the PDF is made again
    (root / "data" / "interim" / "r-2017.meta.json").write_text(
        json.dumps({"report_id": "r-2017", "city": "甲市", "year": 2017}), encoding="utf-8")
    assert runstate.todo(nb, pdf_dir) == (False, True)
    runstate.pdf_made(nb, pdf_dir / "01-x.pdf")
    meta.write_text("{damaged", encoding="utf-8")               # unreadable: made again
    assert runstate.todo(nb, pdf_dir) == (False, True)
    # a build's own interim folder (jzlib run --interim) is the one that counts
    other = root / "corpus-interim"
    other.mkdir()
    assert runstate.todo(nb, pdf_dir, interim=other) == (False, True)
    runstate.pdf_made(nb, pdf_dir / "01-x.pdf", interim=other)
    assert runstate.todo(nb, pdf_dir, interim=other) == (False, False)


def test_a_damaged_record_means_run_again(project):
    root, nb = project
    runstate.notebook_ran(nb)
    runstate.STATE.write_text("{not json", encoding="utf-8")
    assert not runstate.notebook_fresh(nb)
