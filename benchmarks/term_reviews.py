"""Five-year (term) reviews of a corpus build: issue 13's term cases, counted over every report.

    python benchmarks/term_reviews.py OUT [--show N]

A *term review* is a report with an actual row over the five years up to its review year
(period multi-year, average or cumulative, year_from = review year - 4): the State Council's
2013 and 2023 reports, a province's or city's report at the end of a plan or a term. For them:

- the last year's GDP figure is an actual of period `year` (the headline table's actual);
- the term's totals and averages keep their period (rows of period multi-year / average);
- suspicious one-year actuals: rows of kind actual, period `year`, whose nearest period word
  before the figure names several years (五年来, 过去五年, “十二五”期间, 2013年以来) rather than the
  review year (2017年, 去年, 过去一年, 全年) — a term figure read as the year's;
- anywhere in the corpus, a year-over-year comparison (yoy.csv) whose figure is not of period
  `year` in indicators.csv: a one-year target paired with a five-year total.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from jzlib import tables

from jzlib import periods
from jzlib.numbers import plain

TERM_KINDS = ("span", "since")


def names_other_period(sentence: str, figure, at_year: int, report_year: int) -> bool:
    """Before the figure, the sentence names several years and not the review year (or last
    year in words) after them: 五年来，…增长8% (yes); 2017年…，过去五年累计… (no: after it)."""
    text = plain(sentence)
    at = text.find(f"{figure:g}") if figure is not None and figure == figure else -1
    if at < 0:
        return False
    scope = None
    for start, end, s in periods.markers(text, report_year):
        if end <= at:
            scope = s
    return scope is not None and scope.kind in TERM_KINDS


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--show", type=int, default=10, help="list this many suspicious rows")
    a = ap.parse_args(argv)
    cols = ["report_id", "report_year", "kind", "year", "period", "year_from", "year_to", "indicator",
            "measure", "value", "growth_pct", "sentence"]
    ind = tables.read("indicators", a.out / "processed")[cols]
    review = ind.report_year - 1
    term_rows = ind[(ind.kind == "actual") & ind.period.isin(["multi-year", "average", "cumulative"])
                    & (ind.year_to == review) & (ind.year_from == review - 4)]
    terms = sorted(set(term_rows.report_id))
    t = ind[ind.report_id.isin(terms)]
    head = tables.read("headline", a.out / "processed")
    gdp = head[(head.indicator == "生产总值") & head.report_id.isin(terms)]
    with_actual = set(gdp[gdp.actual_growth_pct.notna() | gdp.actual_low.notna() | gdp.actual_value.notna()].report_id)
    one = t[(t.kind == "actual") & (t.period == "year")]
    figure = one.growth_pct.where(one.growth_pct.notna(), one.value)
    sus = one[[names_other_period(s, f, int(y), int(ry)) for s, f, y, ry in
               zip(one.sentence, figure, one.year.fillna(0), one.report_year)]]
    print(f"term reviews (an actual over the five years up to the review year): {len(terms)}")
    print(f"  with the last year's GDP figure as a one-year actual: {len(with_actual)} "
          f"({len(with_actual) / max(len(terms), 1):.1%})")
    print(f"  term rows (multi-year / average / cumulative over the five years): {len(term_rows)}")
    print(f"  one-year actual rows: {len(one)}; whose sentence names several years and not the "
          f"review year: {len(sus)} ({len(sus) / max(len(one), 1):.2%})")
    for name in ("quanguo-2013", "quanguo-2018", "quanguo-2023"):
        if name in terms:
            g = t[(t.report_id == name) & (t.indicator == "生产总值")]
            print(f"  {name} GDP:", "; ".join(f"{r.kind} {r.period} {r.year_from}-{r.year_to} "
                                             f"{'' if pd.isna(r.value) else r.value}"
                                             f"{'' if pd.isna(r.growth_pct) else ' +%g%%' % r.growth_pct}"
                                             for r in g.itertuples()))
    for r in sus.head(a.show).itertuples():
        print(f"    {r.report_id} {r.indicator} {r.year}: {r.sentence[:90]}")
    # every compared figure is a one-year figure
    yoy = tables.read("yoy", a.out / "processed")
    periods_of = ind.groupby(["report_id", "indicator", "sentence"]).period.agg(set).to_dict()
    bad = 0
    for r in yoy.itertuples():
        for rid, s in ((r.report_from, r.sentence_from), (r.report_to, r.sentence_to)):
            found = periods_of.get((rid, r.indicator, s)) if isinstance(s, str) and s else None
            bad += found is not None and "year" not in found
    print(f"year-over-year comparisons: {len(yoy)}; with a figure not of one year: {bad}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
