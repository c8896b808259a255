"""How many corpus reports that state a GDP growth target (or actual) get one in the headline table.

    python benchmarks/gdp_stated.py OUT [--since 2000] [--show]

OUT is a corpus build (`python -m jzlib build --raw ../shared/corpus --out OUT`). The
denominator of issue 13 ("of the reports that state one") comes from reading: every report
the program once found no GDP target or actual in was read by hand
(tests/handcheck/gdp_unfound.tsv, verdict `growth` = stated with a number). So

    stated = reports with a figure in the headline table + reports read as stating one and still without it

and the share found is found / stated. A report the reading says states none (verdicts none,
qualitative, multiyear, level, ratio, garbled) but that now has a figure is listed: a figure
the text does not hold, or a reading to revisit. Reports found by the program and never
read are taken as stating one (the 40-report sample, benchmarks/handcheck.py, checks that
those figures are right: precision 99.5%).
"""
from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import pandas as pd

from jzlib import tables

ROOT = Path(__file__).resolve().parent.parent
READ = ROOT / "tests" / "handcheck" / "gdp_unfound.tsv"


def read_verdicts(path: Path = READ) -> dict[tuple[str, str], dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {(r["report_id"], r["kind"]): r for r in rows}


def found(out: Path, since: int) -> tuple[set, set, set]:
    """(reports since `since`, with a GDP growth target, with a GDP growth actual)."""
    summary = pd.read_csv(out / "corpus_summary.csv", encoding="utf-8-sig")
    reports = set(summary[(summary.status == "report") & (summary.year >= since)].report_id)
    head = tables.read("headline", out / "processed")
    gdp = head[(head.indicator == "生产总值") & head.report_id.isin(reports)]
    target = set(gdp[gdp.target_growth_pct.notna() | gdp.target_low.notna()].report_id)
    actual = set(gdp[gdp.actual_growth_pct.notna() | gdp.actual_low.notna()].report_id)
    return reports, target, actual


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--since", type=int, default=2000)
    ap.add_argument("--show", action="store_true", help="list the reports still missed")
    a = ap.parse_args(argv)
    reports, target, actual = found(a.out, a.since)
    read = read_verdicts()
    print(f"{len(reports)} reports since {a.since}")
    for kind, have in (("target", target), ("actual", actual)):
        stated_missed = sorted(r for (r, k), v in read.items() if k == kind and v["verdict"] == "growth"
                               and r in reports and r not in have)
        unstated_found = sorted(r for (r, k), v in read.items() if k == kind and v["verdict"] != "growth"
                                and r in have)
        stated = len(have) + len(stated_missed)
        print(f"GDP growth {kind}: found {len(have)} of {stated} reports that state one "
              f"({len(have) / stated:.1%}); read as stating one and missed: {len(stated_missed)}; "
              f"found where the reading says none: {len(unstated_found)}")
        if a.show:
            for r in stated_missed:
                print(f"   missed {kind} {r}: {read[(r, kind)]['span'][:80]}")
            for r in unstated_found:
                v = read[(r, kind)]
                print(f"   found, read as {v['verdict']}: {kind} {r}: {v['value'][:60]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
