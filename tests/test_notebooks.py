"""Notebook hygiene: committed executed top to bottom, no errors, no machine paths, house opening."""
import json
import re

import pytest

from jzlib import paths
from jzlib.export import declared_files, dependencies

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
MACHINE = re.compile(r"/work/|/root/|/home/|/tmp/|site-packages|\\\\Users\\\\")


def test_the_six_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01-deduplicate-reports.ipynb", "02-indicator-tables.ipynb",
                                           "03-year-over-year.ipynb", "04-thematic-words.ipynb", "05-briefing.ipynb",
                                           "06-targets-panel.ipynb"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_executed_top_to_bottom_without_errors(nb_path):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1))
    outputs = [o for c in code for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "stderr in a committed notebook"
    assert not any("execution" in c.get("metadata", {}) for c in code), "timing metadata"
    text = json.dumps(outputs, ensure_ascii=False)
    text = re.sub(r'"image/png": "[^"]*"', "", text)
    assert not MACHINE.search(text), MACHINE.search(text)


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_house_opening(nb_path):
    """Title in Chinese then English, the plumbing (Inputs/Outputs) in a cell kept out of PDFs,
    imports, then the parameters: LANG, FOCUS and FIGURES_DIR first."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    cells = nb["cells"]
    src = ["".join(c["source"]) for c in cells]
    assert _tags(cells[0]) == ["lang-zh"] and src[0].startswith("# ")
    assert _tags(cells[1]) == ["lang-en"] and src[1].startswith("# ")
    assert src[0].split(" ")[1] == src[1].split(" ")[1]          # same number: "# 01 · …"
    assert _tags(cells[2]) == ["no-pdf"] and "**Inputs:**" in src[2] and "**Outputs:**" in src[2]
    assert cells[3]["cell_type"] == "code" and "import" in src[3]
    assert "parameters" in _tags(cells[4])
    assert [l.split("=")[0].strip() for l in src[4].splitlines()[:3]] == ["LANG", "FOCUS", "FIGURES_DIR"]


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_text_cells_come_in_both_languages(nb_path):
    """Every Chinese text cell is followed by its English one, with the same headings level by
    level, so a PDF in either language has the same sections."""
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    for i, c in enumerate(cells):
        if c["cell_type"] != "markdown" or "no-pdf" in _tags(c):
            continue
        assert _tags(c) in (["lang-zh"], ["lang-en"]), "".join(c["source"])[:40]
        if _tags(c) == ["lang-zh"]:
            nxt = cells[i + 1]
            assert _tags(nxt) == ["lang-en"], "".join(c["source"])[:40]
            level = lambda cell: [l.split(" ")[0] for l in "".join(cell["source"]).splitlines() if l.startswith("#")]
            assert level(c) == level(nxt)


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_typed_reading(nb_path):
    """The text cells explain method only: the summary is computed (a code cell follows the
    heading), and no text cell names a year or a government of the data."""
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    text = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown" and "no-pdf" not in _tags(c)]
    assert not [t for t in text if re.search(r"(19|20)\d\d", t) or "焦作" in t or "Jiaozuo" in t]
    if nb_path.stem != "05-briefing":
        last = max(i for i, c in enumerate(cells) if "".join(c["source"]).startswith("## Summary"))
        assert cells[last + 1]["cell_type"] == "code" and "readings." in "".join(cells[last + 1]["source"])


@pytest.mark.parametrize("nb_path", NOTEBOOKS[:4], ids=lambda p: p.stem)
def test_declared_outputs_exist(nb_path):
    for pattern in declared_files(nb_path)["Outputs"]:
        assert list(paths.ROOT.glob(pattern)), pattern


def test_dependencies_come_from_declared_inputs_and_outputs():
    deps = {k.stem[:2]: sorted(p.stem[:2] for p in v) for k, v in dependencies(NOTEBOOKS).items()}
    assert deps == {"01": [], "02": ["01"], "03": ["02"], "04": ["01"], "05": ["01", "02", "03", "04"], "06": ["02"]}
