"""Comparing years: last year's actual against this year's target, targets against later actuals.

Three relations, all from the indicator table (`jzlib.extract`) of any number of reports:

- `actual→target`: within one report, the review's actual and the plan's target of the same
  canonical indicator and measure (growth with growth, a level with a level in the same unit).
  status: `raised`, `lowered` or `unchanged` (target against last year's actual).
- `target→actual`: report Y's target for year Y against report Y+1's actual for year Y, same
  city. status, by the target's qualifier (resources/compare_rules.txt):
    floor (plain, 以上, 不低于, 力争, 确保 …): met if actual >= target, `exceeded` if above;
    ceiling (以内, 以下, 不超过 …): met if actual <= target, else missed;
    about (左右): met within ±0.5 percentage point for rates (growth, % levels) or ±5% of the
      target for other levels; `exceeded` above the band, `missed` below it;
    range (6.5%—7%): met if low <= actual <= high; exceeded above, missed below;
    a target that is a fall (下降3%) is read in reverse: a larger fall meets it.
  Only figures of one year (`period` year) are compared: a five-year total or average, a
  cumulative figure or a goal for a later year never meets a one-year figure.
  `pending` when no report of year Y+1 of that city is present (never dropped); `not stated`
  when that report is present but states no actual for the indicator and measure.
- `stated-change`: the report's own comparisons with the year before or with the year's
  target (比上年提高1.6个百分点, 比年初目标高0.4个百分点): value_from is derived as
  value_to − delta.
"""
from __future__ import annotations

from collections import namedtuple
from functools import lru_cache

import pandas as pd

from .errors import JzlibError
from .extract import rows_of, stated_bases
from .paths import resource

COLUMNS = ["city", "indicator", "measure", "unit", "year_from", "value_from", "year_to", "value_to",
           "qualifier_to", "low_to", "high_to", "delta", "relation", "status",
           "report_from", "report_to", "para_from", "sent_from", "para_to", "sent_to",
           "sentence_from", "sentence_to"]


@lru_cache(maxsize=None)
def rules() -> dict[str, str]:
    """Qualifier -> rule (floor, ceiling, about, range) from resources/compare_rules.txt."""
    from . import rules as resource_rules
    return dict(resource_rules.pairs("compare_rules.txt"))


@lru_cache(maxsize=None)
def bands() -> dict[str, float]:
    """The 左右 bands of resources/target_rules.txt [bands]: "rate" in percentage points (growth,
    % levels), "level" relative to the target (other levels)."""
    from . import rules as resource_rules
    out = {}
    resource_rules.USED.add(("target_rules.txt", "bands"))
    for n, line in resource_rules.numbered_sections("target_rules.txt").get("bands", ()):
        key, _, value = (x.strip() for x in line.partition("|"))
        try:
            out[key] = float(value)
        except ValueError:
            raise JzlibError(f"line {line!r}: the band is a number (rate | 0.5)",
                             resource_rules._where("target_rules.txt", n)) from None
    missing = {"rate", "level"} - set(out)
    if missing:
        raise JzlibError(f"[bands] needs {' and '.join(sorted(missing))}", resource_rules.resource("target_rules.txt"))
    return out


def _nan(v) -> bool:
    """None, NaN or pd.NA (v != v only for NaN; pd.NA is tested first: it has no truth value)."""
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def status(actual: float, target: float | None, qualifier: str = "", low: float | None = None,
           high: float | None = None, rate: bool = True) -> str:
    """Did `actual` meet the target? One of met, exceeded, missed (see the module docstring).

    `rate` is True for growth rates and % levels (the 左右 band is then ±0.5 point).
    """
    rule = rules().get(qualifier, "floor")
    if not _nan(low) and not _nan(high):
        rule = "range"
    if rule == "range":
        lo, hi = min(low, high), max(low, high)
        return "met" if lo <= actual <= hi else ("exceeded" if actual > hi else "missed")
    reverse = target < 0                  # a fall: 下降3% is met by a fall of 3% or more
    a, t = (-actual, -target) if reverse else (actual, target)
    if rule == "about":
        band = bands()["rate"] if rate else abs(target) * bands()["level"]
        return "met" if abs(a - t) <= band + 1e-9 else ("exceeded" if a > t else "missed")
    if rule == "ceiling":
        return "met" if a <= t + 1e-9 else "missed"
    return "met" if abs(a - t) <= 1e-9 else ("exceeded" if a > t else "missed")


QUANTITY_COLUMNS = ["report_id", "city", "report_year", "kind", "year", "indicator", "cmp_measure", "cmp_unit",
                  "item", "number", "qualifier", "cmp_low", "cmp_high", "para_id", "sent_id", "sentence"]
Quantity = namedtuple("Quantity", QUANTITY_COLUMNS)
_NAN = float("nan")


def quantities(df: pd.DataFrame | list, first_only: bool = True) -> list[Quantity]:
    """Indicator rows as quantities with a single `number`, in row order: a row's growth rate
    first, then its level (with unit and list item), or its share. With `first_only`, one per
    report, kind, indicator, measure, unit and item: the first. Plain Python over the rows
    (a report has ~150): several times faster than the same in pandas operations."""
    out, seen = [], set()
    for r in rows_of(df):
        if getattr(r, "period", "year") != "year":     # one year is compared with one year only
            continue
        has_range = not _nan(r.low) and not _nan(r.high)
        is_growth = r.measure == "growth"
        item = r.item if isinstance(r.item, str) else ""
        found = []
        if (is_growth or not _nan(r.growth_pct)) and (not _nan(r.growth_pct) or (is_growth and has_range)):
            found.append(("growth", "%", r.growth_pct, r.low if is_growth else _NAN, r.high if is_growth else _NAN))
        if r.measure == "level" and (not _nan(r.value) or has_range):
            found.append(("level", r.unit if isinstance(r.unit, str) else "", r.value, r.low, r.high))
        if r.measure == "share" and not _nan(r.share_pct):
            found.append(("share", "%", r.share_pct, _NAN, _NAN))
        for measure, unit, number, low, high in found:
            if first_only:
                key = (r.report_id, r.kind, r.indicator, measure, unit, item)
                if key in seen:
                    continue
                seen.add(key)
            out.append(Quantity(r.report_id, r.city, r.report_year, r.kind, r.year, r.indicator, measure, unit,
                              item, _float(number), r.qualifier, _float(low), _float(high),
                              r.para_id, r.sent_id, r.sentence))
    return out


def _float(v) -> float:
    return _NAN if _nan(v) else float(v)


def _pair_row(a, t, relation: str) -> dict:
    """A comparison row from figure `a` (earlier) to figure `t` (later)."""
    delta = None if _nan(a.number) or _nan(t.number) else round(t.number - a.number, 6)
    return {"city": t.city, "indicator": t.indicator, "measure": t.cmp_measure, "unit": t.cmp_unit,
            "year_from": int(a.year), "value_from": a.number, "year_to": int(t.year), "value_to": t.number,
            "qualifier_to": t.qualifier if relation == "actual→target" else "",
            "low_to": t.cmp_low, "high_to": t.cmp_high, "delta": delta, "relation": relation,
            "status": "", "report_from": a.report_id, "report_to": t.report_id,
            "para_from": a.para_id, "sent_from": a.sent_id, "para_to": t.para_id, "sent_to": t.sent_id,
            "sentence_from": a.sentence, "sentence_to": t.sentence}


def within_report(df: pd.DataFrame | None, quants: list[Quantity] | None = None) -> pd.DataFrame:
    """Last year's actual against this year's target, per report, indicator and measure.
    `quants` (the `quantities` of `df`) may be given instead of `df`."""
    from . import tables
    return tables.frame("yoy", within_rows(df, quants))


def within_rows(df, quants: list[Quantity] | None = None) -> list[dict]:
    """The rows of `within_report` (dicts)."""
    f = quantities(df) if quants is None else quants
    rows = []
    first_actual = {}
    for a in f:
        if a.kind == "actual":
            first_actual.setdefault((a.report_id, a.indicator, a.cmp_measure, a.cmp_unit, a.item), a)
    for t in sorted((t for t in f if t.kind == "target"), key=lambda t: t.report_id):
        a = first_actual.get((t.report_id, t.indicator, t.cmp_measure, t.cmp_unit, t.item))
        if a is None:
            continue
        row = _pair_row(a, t, "actual→target")
        target = t.number if not _nan(t.number) else (t.cmp_low + t.cmp_high) / 2
        row["delta"] = round(target - a.number, 6)
        row["status"] = ("raised" if row["delta"] > 1e-9 else
                         "lowered" if row["delta"] < -1e-9 else "unchanged")
        rows.append(row)
    return rows


def across_reports(df: pd.DataFrame | None, quants: list[Quantity] | None = None) -> pd.DataFrame:
    """Each report's targets against the next year's report's actuals, same city. `quants` (the
    `quantities` of each report, in report order) may be given instead of `df`."""
    from . import tables
    return tables.frame("yoy", across_rows(df, quants))


def across_rows(df, quants: list[Quantity] | None = None) -> list[dict]:
    """The rows of `across_reports` (dicts)."""
    f = quantities(df) if quants is None else quants
    reports: dict[tuple, str] = {}
    actual = {}
    for a in f:
        reports.setdefault((a.city, a.report_year), a.report_id)
        if a.kind == "actual":
            actual.setdefault((a.city, a.year, a.indicator, a.cmp_measure, a.cmp_unit, a.item), a)
    rows = []
    for t in f:
        if t.kind != "target":
            continue
        row = {"city": t.city, "indicator": t.indicator, "measure": t.cmp_measure, "unit": t.cmp_unit,
               "year_from": int(t.year), "value_from": t.number, "year_to": int(t.year),
               "value_to": None, "qualifier_to": t.qualifier, "low_to": t.cmp_low,
               "high_to": t.cmp_high, "delta": None, "relation": "target→actual",
               "report_from": t.report_id, "report_to": "", "para_from": t.para_id, "sent_from": t.sent_id,
               "para_to": "", "sent_to": "", "sentence_from": t.sentence, "sentence_to": ""}
        nxt = reports.get((t.city, int(t.year) + 1))
        k = (t.city, t.year, t.indicator, t.cmp_measure, t.cmp_unit, t.item)
        if nxt is None:
            row["status"] = "pending"
        elif k not in actual:
            row.update(status="not stated", report_to=nxt)
        else:
            a = actual[k]
            rate = t.cmp_measure in ("growth", "share") or t.cmp_unit == "%"
            target = t.number
            row.update(value_to=a.number, report_to=a.report_id, para_to=a.para_id, sent_to=a.sent_id,
                       sentence_to=a.sentence,
                       delta=None if _nan(target) else round(a.number - target, 6),
                       status=status(a.number, target, t.qualifier, t.cmp_low, t.cmp_high, rate))
        rows.append(row)
    return rows


def stated_changes(df: pd.DataFrame) -> pd.DataFrame:
    """The report's own changes against the year before or the year's target, as rows."""
    from . import tables
    return tables.frame("yoy", stated_rows(df))


def stated_rows(df) -> list[dict]:
    """The rows of `stated_changes` (dicts), from indicator rows (a DataFrame or a list)."""
    rows = []
    for r in rows_of(df):
        if _nan(r.change_pp) or not isinstance(r.compared_to, str) or r.compared_to not in stated_bases() \
                or getattr(r, "period", "year") != "year" or _nan(r.year):
            continue
        number = r.growth_pct if r.measure == "growth" or not _nan(r.growth_pct) and _nan(r.value) else r.value
        measure = "growth" if number is r.growth_pct and not _nan(r.growth_pct) else "level"
        to_target = stated_bases()[r.compared_to] == "target"
        if to_target and not _nan(r.growth_pct):
            number, measure = r.growth_pct, "growth"
        rows.append({"city": r.city, "indicator": r.indicator, "measure": measure,
                     "unit": "%" if measure == "growth" else r.unit,
                     "year_from": int(r.year) if to_target else int(r.year) - 1,
                     "value_from": None if _nan(number) else round(number - r.change_pp, 6),
                     "year_to": int(r.year), "value_to": number, "qualifier_to": "",
                     "low_to": None, "high_to": None, "delta": r.change_pp, "relation": "stated-change",
                     "status": f"vs {r.compared_to}", "report_from": r.report_id, "report_to": r.report_id,
                     "para_from": r.para_id, "sent_from": r.sent_id, "para_to": r.para_id, "sent_to": r.sent_id,
                     "sentence_from": r.sentence, "sentence_to": r.sentence})
    return rows


def finish(*parts: pd.DataFrame) -> pd.DataFrame:
    """Comparison rows as one typed table (so they print the same however the rows were split)."""
    from . import tables
    return tables.concat("yoy", parts)


def compare(df: pd.DataFrame) -> pd.DataFrame:
    """All three relations, in the order: actual→target, target→actual, stated-change."""
    return finish(within_report(df), across_reports(df), stated_changes(df))


def read_indicators(path) -> pd.DataFrame:
    """Read an indicators table written by `jzlib indicators`, a notebook or a build (CSV, UTF-8
    with or without BOM, or Parquet; a directory holding one)."""
    from . import tables
    from .errors import JzlibError
    from pathlib import Path
    p = Path(path)
    if not p.exists():
        raise JzlibError("no such indicators file; write it with `python -m jzlib indicators`", p)
    return tables.read("indicators", p)


def reading(yoy: pd.DataFrame) -> list[str]:
    """Plain sentences on what rose and what fell, target against last year's actual."""
    lines = []
    w = yoy[yoy.relation == "actual→target"]
    for rid, g in w.groupby("report_to", sort=True):
        for st, verb in (("raised", "目标高于上年实际"), ("lowered", "目标低于上年实际"), ("unchanged", "目标与上年持平")):
            sub = g[g.status == st]
            if sub.empty:
                continue
            items = "；".join(
                f"{r.indicator}（{_show(r.value_from, r.measure, r.unit)}→{_show(r.value_to, r.measure, r.unit, r.qualifier_to, r.low_to, r.high_to)}）"
                for r in sub.itertuples())
            lines.append(f"{rid}：{verb}{len(sub)}项：{items}。")
    a = yoy[yoy.relation == "target→actual"]
    if len(a):
        counts = a.status.value_counts()
        parts = [f"{k} {counts[k]}" for k in ("met", "exceeded", "missed", "not stated", "pending") if k in counts]
        lines.append("上年目标的完成情况：" + "，".join(parts) + "。")
    return lines


def _show(v, measure, unit, qualifier="", low=None, high=None) -> str:
    """A figure as a reader writes it: 8.5%左右, 6万人以上, 确保650亿元, 6.5—7%."""
    if not _nan(low) and not _nan(high):
        s = f"{low:g}—{high:g}"
    else:
        s = "" if _nan(v) else f"{v:g}"
    s += "%" if measure == "growth" else unit
    if qualifier in ("力争", "确保", "争取", "努力"):
        return qualifier + s
    return s + (qualifier if qualifier not in ("", "range") else "")


def for_reading(yoy: pd.DataFrame) -> pd.DataFrame:
    """Comparison rows with figures written as readers write them (8.3% → 8.5%左右)."""
    out = []
    for r in yoy.itertuples(index=False):
        target_is_to = r.relation == "actual→target"
        frm = _show(r.value_from, r.measure, r.unit, "" if target_is_to else r.qualifier_to,
                    None if target_is_to else r.low_to, None if target_is_to else r.high_to)
        to = _show(r.value_to, r.measure, r.unit, r.qualifier_to if target_is_to else "",
                   r.low_to if target_is_to else None, r.high_to if target_is_to else None)
        out.append({"报告": r.report_to or r.report_from, "指标": r.indicator,
                    "口径": {"growth": "增长（%）", "level": "水平"}.get(r.measure, r.measure),
                    "起": f"{r.year_from}：{frm}" if not _nan(r.value_from) or not target_is_to else "",
                    "止": f"{r.year_to}：{to}" if (not _nan(r.value_to) or not _nan(r.low_to)) else "",
                    "差": "" if _nan(r.delta) else f"{r.delta:+g}", "状态": r.status})
    return pd.DataFrame(out)
