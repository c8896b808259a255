"""Rebuild checks (make check, slow): in a scratch copy of the project, run every notebook and
export the PDFs twice. Both runs give byte-identical files, equal to the committed ones, and the
PDFs hold Chinese text in the embedded CJK font, no code, A4 pages and page numbers."""
import hashlib
import os
import re
import shutil
import subprocess
import sys

import pytest

from jzlib import paths

pytestmark = pytest.mark.slow
CHECKED = ("data/interim", "data/processed", "figures", "notebooks")


def tracked_files():
    out = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=paths.ROOT, check=True)
    return out.stdout.splitlines()


def digest(root, dirs):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for d in dirs for p in sorted((root / d).rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    root = tmp_path_factory.mktemp("scratch")
    for rel in tracked_files():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.ROOT / rel, root / rel)
    env = {**os.environ, "PYTHONPATH": str(root)}
    notebooks = sorted(str(p.relative_to(root)) for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    runs = []
    for _ in range(2):
        r = subprocess.run([sys.executable, "-m", "jzlib", "run", *notebooks, "--jobs", "2", "--pdf", "reports"],
                           capture_output=True, text=True, cwd=root, env=env)
        assert r.returncode == 0, r.stdout + r.stderr
        runs.append(digest(root, CHECKED + ("reports",)))
    return root, runs


def test_two_runs_are_byte_identical(rebuilt):
    _, (first, second) = rebuilt
    assert first == second
    assert len([k for k in first if k.startswith("reports/")]) == 5


def test_committed_outputs_are_what_the_code_produces(rebuilt):
    _, (first, _) = rebuilt
    committed = digest(paths.ROOT, CHECKED)
    produced = {k: v for k, v in first.items() if not k.startswith("reports/")}
    changed = sorted(k for k in set(committed) | set(produced) if committed.get(k) != produced.get(k))
    assert changed == [], "rerun `make all` and commit: these differ from what the code produces"


KEY_PHRASES = {
    "01-deduplicate-reports": ["2017年焦作市政府工作报告", "二号首长", "侯卫东官场笔记", "一、2016年工作回顾"],
    "02-indicator-tables": ["生产总值", "2082.6", "一般公共预算收入", "左右"],
    "03-year-over-year": ["目标高于上年实际", "8.5%左右", "产业集聚区主营业务收入"],
    "04-thematic-words": ["供给侧结构性改革", "产业集聚区", "创新与人才"],
    "05-briefing": ["生产总值", "城镇新增就业", "目标低于上年实际"],
}
CODE_SNIPPETS = ["import pandas", "from jzlib import", "plot.save(", "extract_interim(", "pd.concat(", "def "]


@pytest.mark.parametrize("stem", sorted(KEY_PHRASES))
def test_pdf_has_chinese_text_in_the_embedded_cjk_font_and_no_code(rebuilt, stem):
    from pypdf import PdfReader
    root, _ = rebuilt
    reader = PdfReader(root / "reports" / f"{stem}.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = re.sub(r"\s", "", text)          # table cells wrap lines inside words
    for phrase in KEY_PHRASES[stem] + ["数据：2016年焦作市政府工作报告（2016-01-12）；2017年焦作市政府工作报告（2017-02-28）"]:
        assert phrase in flat, phrase
    for snippet in CODE_SNIPPETS:
        assert snippet not in text, snippet
    fonts = set()
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts == {"Noto-Sans-SC"}
    n = len(reader.pages)
    assert f"1 / {n}" in reader.pages[0].extract_text()
