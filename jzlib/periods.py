"""The period a figure is about: one year, a term or plan (several years), an average over
years, a total since a year, or a goal for a later year.

The words are data (resources/periods.txt). A figure takes the nearest period marker before it
in its sentence; without one, the marker that opened its paragraph, then its section, chapter
and part headings; without any, the year of its part (review: the year before the report;
plan: the report's year). So 五年来…城镇新增就业6600万人 is a total over five years and
年均增长7.1% an average, while 2017年城镇新增就业1351万人 in the same review is the year's.
"""
from __future__ import annotations

import re
from collections import namedtuple
from functools import lru_cache

from .paths import sections

PERIODS = ("year", "part-year", "multi-year", "average", "cumulative", "horizon")

# kind: "year" (a == b), "span" (a < b), "since" (a up to b), "horizon" (a goal for year b),
# "part" (the year of the part: its review year or the report's year)
Scope = namedtuple("Scope", "kind a b")
PART = Scope("part", None, None)
# A report year after every year a text names: `markers(text, ANY_YEAR)` finds every period word
# (each named year is then in the past), for asking *whether* words name a period.
ANY_YEAR = 9999

_CN = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_SECTIONS = ("years_back", "years_ahead", "term", "plan", "plan_heading", "plan_end", "since", "against_year", "span", "by_year",
             "year", "last_year", "this_year", "part_year", "average")


@lru_cache(maxsize=None)
def _rules() -> dict[str, tuple[re.Pattern, ...]]:
    s = sections("periods.txt")
    unknown = set(s) - set(_SECTIONS)
    if unknown:
        raise ValueError(f"periods.txt: unknown section(s) {sorted(unknown)}; use {list(_SECTIONS)}")
    out = {k: tuple(re.compile(p) for p in s.get(k, ())) for k in _SECTIONS if k != "average"}
    out["average"] = (re.compile("|".join(map(re.escape, s.get("average", ())))),) if s.get("average") else ()
    return out


def _n(text: str) -> int:
    return int(text) if text.isdigit() else _CN.get(text, 0) if len(text) == 1 else 10 + _CN.get(text[-1], 0)


def plan_start(n: int) -> int:
    """First year of the n-th five-year plan: 13 -> 2016. From the third plan (1966) on they
    follow one another every five years."""
    return 1966 + 5 * (n - 3)


def plan_years(k: str) -> tuple[int, int]:
    """Years of a five-year plan by its numeral: 十三 -> (2016, 2020)."""
    start = plan_start(10 + _CN[k] if len(k) == 1 else _n(k))
    return start, start + 4


def _scope(kind: str, m: re.Match, report_year: int) -> Scope | None:
    g = m.groupdict()
    review = report_year - 1
    if kind == "years_back":
        n = _n(g["n"])
        return Scope("year", review, review) if n == 1 else Scope("span", review - n + 1, review) if n > 1 else None
    if kind == "years_ahead":
        n = _n(g["n"])
        return Scope("span", report_year, report_year + n - 1) if n > 1 else None
    if kind == "term":
        return Scope("span", review - 4, review)
    if kind in ("plan", "plan_heading"):
        a, b = plan_years("十" + g["k"])
        return Scope("span", a, b)
    if kind == "plan_end":
        return Scope("horizon", None, plan_years("十" + g["k"])[1])
    if kind == "since":
        y = int(g["y"])
        return Scope("since", y, review) if y < review else Scope("year", y, y)
    if kind == "against_year":
        y = int(g["y"]) + 1
        return Scope("since", y, review) if y < review else Scope("year", y, y) if y == review else None
    if kind == "span":
        a, b = int(g["a"]), int(g["b"])
        return Scope("span", a, b) if a < b else None
    if kind == "by_year":
        y = int(g["y"])
        return Scope("horizon", None, y) if y > report_year else Scope("year", y, y)
    if kind == "year":
        y = int(g["y"])
        return Scope("horizon", None, y) if y > report_year else Scope("year", y, y)
    if kind == "last_year":
        return Scope("year", review, review)
    if kind == "this_year":
        return PART
    if kind == "part_year":
        return Scope("part-year", None, None)
    return None


# every marker of resources/periods.txt holds one of these (a test checks it, so an entry added
# there without one fails loudly instead of being skipped)
_NEEDED = ("年", "季", "月", "本届", "五")


@lru_cache(maxsize=1 << 16)
def markers(text: str, report_year: int, heading: bool = False) -> tuple[tuple[int, int, Scope], ...]:
    """(start, end, scope) of every period marker in `text` (a heading's when `heading`); where
    markers overlap, the one that reaches furthest (2013年以来 over 2013年)."""
    if not any(c in text for c in _NEEDED):            # most words before a figure name no period
        return []
    found, bases = [], []
    for kind, patterns in _rules().items():
        if kind == "average" or (kind == "plan_heading" and not heading):
            continue
        for p in patterns:
            for m in p.finditer(text):
                s = _scope(kind, m, report_year)
                if s is not None:
                    found.append((m.start(), m.end(), s))
                elif kind == "against_year":
                    bases.append((m.start(), m.end()))     # 较2015年翻一番 in a 2016 report: a base, no period
    if bases:
        found = [f for f in found if not any(a <= f[0] and f[1] <= b for a, b in bases)]
    found.sort(key=lambda x: (x[0], -x[1]))
    out = []
    for f in found:
        if out and f[0] < out[-1][1]:
            if f[1] > out[-1][1]:
                out[-1] = (out[-1][0], f[1], f[2]) if f[0] == out[-1][0] else out[-1]
            continue
        out.append(f)
    return tuple(out)


def last_before(text: str, pos: int, report_year: int) -> Scope | None:
    """The scope of the nearest marker ending at or before `pos` in `text`, or None."""
    hit = None
    for start, end, s in markers(text, report_year):
        if end <= pos:
            hit = s
        else:
            break
    return hit


def first(text: str, report_year: int, heading: bool = False) -> Scope | None:
    """The scope of the first marker in `text` (what a heading or a paragraph's opening sets)."""
    m = markers(text, report_year, heading)
    return m[0][2] if m else None


def span_in(*texts: str, report_year: int) -> Scope | None:
    """The first scope of several years named in `texts` (a sentence, then headings), or None."""
    for i, t in enumerate(texts):
        for _, _, s in markers(t or "", report_year, heading=i > 0):
            if s.kind in ("span", "since"):
                return s
    return None


def is_average(text: str) -> bool:
    """True when `text` (the words before a figure, or its name) says it is an average (年均)."""
    return any(p.search(text) for p in _rules()["average"])


def period(scope: Scope | None, average: bool, part_year: int | None, span: Scope | None = None):
    """(period, year_from, year_to) of a figure in `scope` (None: the part's own year). An
    average in a one-year scope (预计2015年，…年均增长10.4%) is over `span`, the several years
    its sentence or headings name (“十二五”), when there is one."""
    if scope is not None and scope.kind == "part-year":
        return "part-year", part_year, part_year
    if scope is None or scope.kind in ("part", "year"):
        if average:
            return ("average", span.a, span.b) if span is not None else ("average", None, None)
        if scope is None or scope.kind == "part":
            return "year", part_year, part_year
        return "year", scope.a, scope.a
    if scope.kind == "span":
        return ("average" if average else "multi-year"), scope.a, scope.b
    if scope.kind == "since":
        return ("average" if average else "cumulative"), scope.a, scope.b
    # horizon: a goal for a later year; an average up to it runs from the part's year
    if average:
        return "average", part_year, scope.b
    return "horizon", scope.b, scope.b
