"""Benchmark: how long `make all` takes when little or nothing changed, against its floor.

    python benchmarks/rerun.py            (make rerun-bench)

In a scratch copy of the tracked files (the committed notebooks, data and figures; the
project's .venv), times `python -m jzlib run <notebooks> --jobs 2 --pdf reports`, which is what
`make all` runs after the install check:

1. everything (`--force`),
2. right after, nothing changed,
3. after a change to one report file (a paragraph appended to the review of the first raw
   file: notebook 01 and every notebook that reads what changed rerun, every PDF is remade
   since the data line of its page header names the reports).

Then it measures, in the same run, the parts of (3) that cannot be avoided, the floor:
a kernel's start, one cell and shutdown (nbclient, as `run` does it), times the notebooks that
reran, over 2 cores; one jieba load (notebook 04 segments text); and each PDF's layout and
writing (`export.to_pdf` of the notebook as it is, in this process, warm), over 2 cores.
PDF writing includes WeasyPrint's font subsetting, which takes most of it (fontTools: the pip
path has no HarfBuzz-subset), so the floor is given with and without it.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _copy(root: Path) -> None:
    files = subprocess.run(["git", "ls-files"], capture_output=True, text=True, cwd=ROOT, check=True).stdout.split()
    for rel in files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / rel, root / rel)
    # as `make all` does: jzlib's bytecode, also where PYTHONDONTWRITEBYTECODE is set
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(root / "jzlib")], check=True, capture_output=True)


def _run(root: Path, notebooks: list[str], *extra: str) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "jzlib", "run", *notebooks, "--jobs", "2", "--pdf", "reports", *extra],
                       capture_output=True, text=True, cwd=root, env=env)
    wall = time.perf_counter() - t
    if r.returncode:
        raise SystemExit(r.stdout + r.stderr)
    return wall, r.stdout


def _kernel_seconds(repeat: int = 3) -> float:
    """Median time to start a python3 kernel, run one cell and shut it down (nbclient)."""
    import statistics

    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")])
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        NotebookClient(nb, kernel_name="python3").execute()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _jieba_seconds() -> float:
    code = "import time,jieba; t=time.perf_counter(); jieba.setLogLevel(60); jieba.initialize(); print(time.perf_counter()-t)"
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)


def _pdf_seconds(root: Path, notebooks: list[str]) -> tuple[float, float]:
    """Seconds of `to_pdf` over all notebooks (warm, in this process), and of that the font
    subsetting inside WeasyPrint (profiled)."""
    import cProfile
    import pstats
    sys.path.insert(0, str(root))
    from jzlib import export
    out = Path(tempfile.mkdtemp())
    export.to_pdf(root / notebooks[0], out)                       # imports, font cache
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for nb in notebooks:
        export.to_pdf(root / nb, out)
    prof.disable()
    total = time.perf_counter() - t
    stats = pstats.Stats(prof).stats
    subset = sum(v[3] for k, v in stats.items() if k[2] == "subset" and k[0].endswith("weasyprint/pdf/fonts.py"))
    shutil.rmtree(out)
    return total, subset


def main() -> None:
    root = Path(tempfile.mkdtemp(prefix="jzlib-rerun-"))
    try:
        _copy(root)
        notebooks = sorted(str(p.relative_to(root)) for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
        forced, _ = _run(root, notebooks, "--force")
        nothing, _ = _run(root, notebooks)
        raw = next(p for p in sorted((root / "data/raw").iterdir())      # the first report (not SOURCES.md)
                   if p.suffix in (".md", ".txt") and "各位代表" in p.read_text(encoding="utf-8"))
        text = raw.read_text(encoding="utf-8")
        review = re.search(r"\n[^\n]*工作回顾[^\n]*\n", text)
        at = review.end() if review else len(text)
        raw.write_text(text[:at] + "\n这一年，我们坚持稳中求进工作总基调，各项工作取得新进展。\n" + text[at:], encoding="utf-8")
        changed, log = _run(root, notebooks)
        reran = log.count("\ndone ") + log.startswith("done ")
        pdfs = log.count("\npdf  ") + log.startswith("pdf  ")
        kernel = _kernel_seconds()
        jieba_s = _jieba_seconds()
        pdf_s, subset_s = _pdf_seconds(root, notebooks)
        floor = (reran * kernel + pdf_s) / 2 + jieba_s
        floor_no_subset = (reran * kernel + pdf_s - subset_s) / 2 + jieba_s
        print(f"make all, everything (--force): {forced:.1f} s")
        print(f"make all, nothing changed: {nothing:.2f} s")
        print(f"make all, one report changed ({raw.name}): {changed:.1f} s; notebooks rerun {reran}, PDFs made {pdfs}")
        print(f"floor parts: kernel start+cell+shutdown {kernel:.2f} s x {reran}, jieba load {jieba_s:.2f} s, "
              f"{len(notebooks)} PDFs {pdf_s:.2f} s (of which WeasyPrint's font subsetting {subset_s:.2f} s), 2 cores")
        print("the run after the change, as it logged:\n" + log.rstrip())
        print(f"floor {floor:.1f} s -> {changed / floor:.2f}x; without the font subsetting {floor_no_subset:.1f} s "
              f"-> {changed / floor_no_subset:.2f}x")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
