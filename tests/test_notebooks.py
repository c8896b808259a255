"""Notebook hygiene: committed executed top to bottom, no errors, no machine paths, house opening."""
import json
import re

import pytest

from jzlib import paths
from jzlib.export import declared_files, dependencies

NOTEBOOKS = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
MACHINE = re.compile(r"/work/|/root/|/home/|/tmp/|site-packages|\\\\Users\\\\")


def test_the_five_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01-deduplicate-reports.ipynb", "02-indicator-tables.ipynb",
                                           "03-year-over-year.ipynb", "04-thematic-words.ipynb", "05-briefing.ipynb"]


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


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=lambda p: p.stem)
def test_house_opening(nb_path):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    first = "".join(nb["cells"][0]["source"])
    assert first.startswith("# ") and "**Inputs:**" in first and "**Outputs:**" in first
    assert nb["cells"][1]["cell_type"] == "code" and "import" in "".join(nb["cells"][1]["source"])
    assert "parameters" in nb["cells"][2]["metadata"].get("tags", [])
    headings = [l for c in nb["cells"] if c["cell_type"] == "markdown" for l in "".join(c["source"]).splitlines()
                if l.startswith("## ")]
    assert headings[-1] == "## Summary" or nb_path.stem == "05-briefing"


@pytest.mark.parametrize("nb_path", NOTEBOOKS[:4], ids=lambda p: p.stem)
def test_declared_outputs_exist(nb_path):
    for pattern in declared_files(nb_path)["Outputs"]:
        assert list(paths.ROOT.glob(pattern)), pattern


def test_dependencies_come_from_declared_inputs_and_outputs():
    deps = {k.stem[:2]: sorted(p.stem[:2] for p in v) for k, v in dependencies(NOTEBOOKS).items()}
    assert deps == {"01": [], "02": ["01"], "03": ["02"], "04": ["01"], "05": ["01", "02", "03", "04"]}
