"""Score the indicator extraction against the hand-checked sample of real reports (issue 13).

The sample (tests/handcheck/headline_sample.tsv) holds, for 40 reports drawn by
benchmarks/handcheck_sample.py, the headline figures a reader typed after reading each
sentence: for the review year (`actual`) and the plan year (`target`), GDP, budget revenue,
fixed-asset investment, retail sales, CPI, new urban jobs and per-capita income, with value,
unit, growth, range, qualifier and period, or `absent` where the report states none.

    python benchmarks/handcheck.py [CORPUS] [--sample TSV] [--show]

A *figure* is one level (value + unit) or one growth (growth_pct, or low–high) of a present row.
- recall: figures of the sample that the headline table states (kind, indicator, year,
  period `year`, same number), over all figures of the sample;
- precision: headline figures of the sampled (report, kind, indicator)s that equal the
  sample's, over all headline figures stated for them (a figure for an `absent` row, or a
  different number, is wrong);
- fields: of the figures found, the share with unit and qualifier also right;
- term figures (`average`, `multi-year`, `cumulative`, `horizon` rows): found with the same
  period and years among all indicator rows.
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

from jzlib import extract
from jzlib.pipeline import clean_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "handcheck" / "headline_sample.tsv"
COMMITMENTS = set(extract.grammar()["commitments"])


def read_sample(path: Path = SAMPLE) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    for r in rows:
        for c in ("value", "growth_pct", "low", "high"):
            r[c] = float(r[c]) if r.get(c, "").strip() else None
        for c in ("year_from", "year_to"):
            r[c] = int(r[c]) if r.get(c, "").strip() else None
    return rows


def same(a, b) -> bool:
    return a is not None and b is not None and not (isinstance(b, float) and math.isnan(b)) \
        and abs(float(a) - float(b)) < 1e-6


def qualifier(q) -> str:
    """The program's qualifier without commitment words (力争 is a commitment, not a bound)."""
    q = q if isinstance(q, str) else ""
    return "" if q in COMMITMENTS else q


def report_rows(path: Path) -> pd.DataFrame:
    """Indicator rows of the report of the year the file is named after (or of its only report)."""
    res = clean_file(path)
    reps = [r for r in res.reports if str(r.meta["year"]) == path.stem[:4]] or res.reports
    rows = [row for rep in reps for row in extract.indicator_rows(rep.meta, rep.paragraphs)]
    return pd.DataFrame(rows, columns=extract.COLUMNS)


def headline_figures(df: pd.DataFrame) -> dict:
    """{(kind, indicator): {"level": (value, unit, qualifier), "growth": (g, low, high, qualifier)}}
    as the headline table states them."""
    out = {}
    for r in extract.headline_rows(df):
        for kind in ("actual", "target"):
            f = {}
            v, u, g = r[f"{kind}_value"], r[f"{kind}_unit"], r[f"{kind}_growth_pct"]
            lo, hi = r[f"{kind}_low"], r[f"{kind}_high"]
            if v is not None and not _nan(v):
                f["level"] = (v, u, r.get("actual_qualifier" if kind == "actual" else "target_qualifier", ""))
            if (g is not None and not _nan(g)) or (lo is not None and not _nan(lo)):
                f["growth"] = (g, lo, hi, r.get("actual_qualifier" if kind == "actual" else "target_qualifier", ""))
            if f:
                out[(kind, r["indicator"])] = f
    return out


def _nan(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA


def score(corpus: Path, sample: list[dict], show: bool = False) -> dict:
    by_report: dict[str, list[dict]] = {}
    for r in sample:
        by_report.setdefault(r["report"], []).append(r)
    c = Counter()
    misses = []
    for rel, expected in sorted(by_report.items()):
        df = report_rows(corpus / rel)
        head = headline_figures(df)
        for e in expected:
            key = (e["kind"], e["indicator"])
            if e["period"] != "year":
                c["term_expected"] += 1
                hit = df[(df.period == e["period"]) & (df.indicator == e["indicator"])]
                ok = any((same(e["growth_pct"], r.growth_pct) or same(e["value"], r.value)
                          or same(e["low"], r.low))
                         and (e["year_from"] is None or (not _nan(r.year_from) and int(r.year_from) == e["year_from"]))
                         and (e["year_to"] is None or (not _nan(r.year_to) and int(r.year_to) == e["year_to"]))
                         for r in hit.itertuples())
                c["term_found"] += ok
                if not ok:
                    misses.append((rel, "term", e))
                continue
            stated = head.get(key, {})
            want = {}
            if e["status"] == "present":
                if e["value"] is not None:
                    want["level"] = e
                if e["growth_pct"] is not None or e["low"] is not None:
                    want["growth"] = e
            for measure in ("level", "growth"):
                got = stated.get(measure)
                if measure in want:
                    c["expected"] += 1
                if got is not None:
                    c["stated"] += 1
                if measure in want and got is not None:
                    if measure == "level":
                        ok = same(e["value"], got[0])
                        field_ok = ok and (got[1] or "") == e["unit"] and (
                            e["growth_pct"] is not None or qualifier(got[2]) == e["qualifier"])
                    else:
                        ok = same(e["growth_pct"], got[0]) if e["growth_pct"] is not None else \
                            same(e["low"], got[1]) and same(e["high"], got[2])
                        field_ok = ok and qualifier(got[3]) == e["qualifier"]
                    c["correct"] += ok
                    c["fields_ok"] += field_ok
                    if not ok:
                        misses.append((rel, f"wrong {measure}", e, got))
                    elif not field_ok:
                        misses.append((rel, f"field {measure}", e, got))
                elif measure in want:
                    misses.append((rel, f"missed {measure}", e))
                elif got is not None:
                    misses.append((rel, f"extra {measure}", e, got))
    out = {
        "reports": len(by_report),
        "figures": c["expected"],
        "recall": c["correct"] / c["expected"] if c["expected"] else float("nan"),
        "precision": c["correct"] / c["stated"] if c["stated"] else float("nan"),
        "fields": c["fields_ok"] / c["correct"] if c["correct"] else float("nan"),
        "term_figures": c["term_expected"],
        "term_recall": c["term_found"] / c["term_expected"] if c["term_expected"] else float("nan"),
        "misses": misses,
    }
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--sample", default=str(SAMPLE))
    ap.add_argument("--show", action="store_true", help="list every miss")
    a = ap.parse_args(argv)
    res = score(Path(a.corpus), read_sample(Path(a.sample)))
    print(f"{res['reports']} reports, {res['figures']} headline figures: recall {res['recall']:.1%}, "
          f"precision {res['precision']:.1%}, fields right {res['fields']:.1%}; "
          f"{res['term_figures']} term figures: found {res['term_recall']:.1%}")
    if a.show:
        for m in res["misses"]:
            e = m[2]
            got = m[3] if len(m) > 3 else ""
            print(f"{m[1]:15} {m[0]} {e['kind']} {e['indicator']} {e['period']} "
                  f"v={e['value']} g={e['growth_pct']} q={e['qualifier']} | got {got} | {e['span']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
