"""The targets panel against hand readings of the reports (issue 16).

    python benchmarks/panel_check.py sample OUT [--n 20] [--seed 16]   # rows to read by hand
    python benchmarks/panel_check.py check OUT                          # agreement with the readings

`sample` draws rows at random (fixed seed) among the panel rows of a corpus build whose next
report is in the build (status met, exceeded, missed or not stated), and prints each with the
two files to read. The readings are typed into tests/handcheck/panel_20.tsv (short verbatim
spans and the values read, never the program's output); `check` compares every field of the
build's panel with them and prints the agreement.
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import pandas as pd

from jzlib import panel, tables

HAND = Path(__file__).resolve().parents[1] / "tests" / "handcheck" / "panel_20.tsv"
FIELDS = ["target", "target_low", "target_high", "qualifier", "commitment", "result", "status"]


def _files(out: Path) -> dict[str, str]:
    s = pd.read_csv(out / "corpus_summary.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    s = s[s.status == "report"]
    return dict(zip(s.report_id, s.file))


def sample(out: Path, n: int, seed: int) -> int:
    p = tables.read("panel", out / "processed")
    files = _files(out)
    pool = p[p.status.isin(["met", "exceeded", "missed", "not stated"])]
    rows = pool.sample(n=min(n, len(pool)), random_state=seed).sort_values(["government", "year", "indicator"])
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(["government", "year", "indicator", "target_file", "result_file"])
    for r in rows.itertuples():
        w.writerow([r.government, r.year, r.indicator, files.get(r.target_report, ""), files.get(r.result_report, "")])
    return 0


def _same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        fa = float("nan") if a in ("", None) else float(a)
        fb = float("nan") if b in ("", None) else float(b)
        return (math.isnan(fa) and math.isnan(fb)) or abs(fa - fb) < 1e-9
    return str(a or "") == str(b or "")


def check(out: Path) -> int:
    p = tables.read("panel", out / "processed").set_index(["government", "year", "indicator"])
    hand = pd.read_csv(HAND, sep="\t", dtype=str, keep_default_na=False, comment="#")
    agree, total, differ = 0, 0, []
    for h in hand.itertuples():
        key = (h.government, int(h.year), h.indicator)
        if key not in p.index:
            differ.append(f"{key}: not in the panel")
            total += len(FIELDS)
            continue
        r = p.loc[key]
        r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
        for f in FIELDS:
            want = getattr(h, f)
            got = r[f]
            if f in ("target", "target_low", "target_high", "result"):
                want = float(want) if want != "" else float("nan")
            total += 1
            if _same(got, want):
                agree += 1
            else:
                differ.append(f"{key} {f}: panel {got!r}, by hand {want!r}")
    print(f"{len(hand)} rows read by hand, {total} fields: {agree} agree ({agree / max(total, 1):.1%})")
    for d in differ:
        print("  " + d)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("what", choices=["sample", "check"])
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=16)
    a = ap.parse_args(argv)
    return sample(a.out, a.n, a.seed) if a.what == "sample" else check(a.out)


if __name__ == "__main__":
    sys.exit(main())
