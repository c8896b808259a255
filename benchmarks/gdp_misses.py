"""Reports of a corpus build whose review has a sentence that looks like the year's GDP growth
(生产总值/GDP/经济增长 … 增长 N) but whose headline table has no GDP growth actual: the list to
read when the audit's "GDP growth actual found" is low (issue 13).

    python -m jzlib build --raw ../shared/corpus --out OUT --text     # the reviews' text is needed
    python benchmarks/gdp_misses.py OUT [--since 2000] [--show 25]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import pandas as pd

from jzlib import tables
from jzlib.store import read_interim

LOOKS = re.compile(r"(生产总值|GDP|经济增长|经济总量|经济增速)[^。；]{0,25}?(增长|增速)[^。；]{0,6}?\d")
TERM = re.compile(r"年均|平均|五年|十[一二三四五]五|以来")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--since", type=int, default=2000)
    ap.add_argument("--show", type=int, default=25)
    a = ap.parse_args(argv)
    out = Path(a.out)
    s = pd.read_csv(out / "corpus_summary.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    s = s[(s.status == "report") & (pd.to_numeric(s.year, errors="coerce") >= a.since)]
    h = tables.read("headline", out / "processed")
    found = set(h[(h.indicator == "生产总值") & h.actual_growth_pct.notna()].report_id)
    missing = sorted(set(s.report_id) - found)
    hits = []
    for rid in missing:
        meta, paras = read_interim(out / "interim" / f"{rid}.meta.json")
        review = paras[paras.part_kind == "review"].text.tolist()
        ss = [x for t in review for x in re.split("(?<=[。；])", t) if LOOKS.search(x) and not TERM.search(x)]
        if ss:
            hits.append((rid, ss[0]))
    print(f"{len(s)} reports since {a.since}; {len(missing)} without a GDP growth actual; "
          f"{len(hits)} of them have a one-year-looking GDP growth sentence in the review")
    random.Random(3).shuffle(hits)
    for rid, x in hits[: a.show]:
        print(f"  {rid} | {x[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
