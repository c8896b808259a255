"""Notebook 06 over a corpus build: the panel's charts and PDF for every government and year.

    python -m jzlib build --raw ../shared/corpus --out build/corpus
    python benchmarks/panel_corpus.py build/corpus DIR [--lang zh|en]

Copies notebooks/06-targets-panel.ipynb to DIR with PROCESSED_DIR set to the build's tables and
FIGURES_DIR to DIR, runs it in a fresh kernel and exports DIR/06-targets-panel.pdf (the
committed notebook, on the shipped data, is left as it is). The build gets processed/panel.csv.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def gdp_chart(out: Path, where: Path, first: int = 2001, last: int = 2025) -> Path:
    """06-gdp-share-met-2001-2025.png: per year, the share of GDP growth targets met or exceeded (and how
    many could be checked), national, provincial and city targets together, from the build's panel."""
    from jzlib import panel, plot
    p = panel.from_build(out)
    s = panel.share_met(p[(p.measure == "growth")], panel.GDP)
    s = s[(s.year >= first) & (s.year <= last)]
    fig, ax = plot.subplots(figsize=(8, 3.8))
    ax.plot(s.year, s.share * 100, marker="o", color="#1f77b4")
    for y, sh, n in zip(s.year, s.share, s.targets):
        ax.annotate(str(n), (y, sh * 100), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=6.5, color="grey")
    ax.set_ylim(0, 108)
    ax.set_xticks(range(first, last + 1, 2))
    ax.set_ylabel("% met or exceeded")
    ax.set_title(f"GDP growth targets met or exceeded, {first}–{last} (numbers: targets checked against the next report)",
                 fontsize=9)
    fig.tight_layout()
    return plot.save(fig, "06-gdp-share-met-2001-2025", where)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("dir", type=Path)
    ap.add_argument("--lang", default="zh", choices=["zh", "en"])
    a = ap.parse_args(argv)
    a.dir.mkdir(parents=True, exist_ok=True)
    nb = json.loads((ROOT / "notebooks" / "06-targets-panel.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            src = "".join(cell["source"])
            src += (f"\nPROCESSED_DIR = __import__('pathlib').Path({str((a.out / 'processed').resolve())!r})"
                    f"\nFIGURES_DIR = __import__('pathlib').Path({str(a.dir.resolve())!r})")
            cell["source"] = src.splitlines(keepends=True)
    path = a.dir / "06-targets-panel.ipynb"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    gdp_chart(a.out, a.dir)
    return subprocess.call([sys.executable, "-m", "jzlib", "run", str(path), "--force", "--pdf", str(a.dir),
                            "--lang", a.lang, "--interim", str(a.out / "interim")])


if __name__ == "__main__":
    sys.exit(main())
