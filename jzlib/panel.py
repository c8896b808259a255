"""The targets panel: every government's targets for the headline indicators, year by year, with
how hard each is worded and the result the next year's report states.

One row per government, year and headline indicator (`resources/headline_indicators.txt`) whose
report states a target for that year, made from the tables of a build (`headline`, with its
sentences, and `indicators` for the commitment word):

- the target as written: `target` (a growth in %, or a level in `unit`), `target_low` and
  `target_high` for a range, `qualifier` (左右, 以上 …), `commitment` (力争, 确保 …) and
  `hardness`: `range`, or the rule of the qualifier in `resources/compare_rules.txt` (`floor`,
  `about`, `ceiling`), `none` for a bare number;
- the result: the figure of that year in the next year's report of the same government, of the
  same measure (a growth with a growth, a level in the same unit), `result_estimated` when its
  sentence calls it an estimate (`resources/target_rules.txt` [estimate]: 预计, 初步核算 …);
- `gap` (result − target; the middle of a range) and `status`: met / exceeded / missed by
  `compare.status` (the 左右 bands in `resources/target_rules.txt` [bands]), `not stated` when the next
  report is there and gives no such figure, `pending` when it is not in the build;
- where each was said: report, paragraph id and sentence;
- the government's `level` and `province` (`resources/governments.txt`), and for GDP growth
  targets the amplification: the target minus its province's and minus the national target of
  the same year, when those reports are in the build.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import compare, rules, tables
from .compare import _nan
from .errors import JzlibError
from .extract import headline_indicators

GDP = "生产总值"
STATUSES = ("met", "exceeded", "missed", "not stated", "pending")


@lru_cache(maxsize=None)
def governments() -> dict[str, tuple[str, str]]:
    """Government name -> (level, province) from resources/governments.txt."""
    return {name: (level, province) for name, level, province in rules.table("governments.txt")}


def estimate_words() -> tuple[str, ...]:
    """Words that make a stated result an estimate (target_rules.txt [estimate])."""
    return tuple(rules.sections("target_rules.txt")["estimate"])


@lru_cache(maxsize=None)
def _commitment_words() -> frozenset[str]:
    from .extract import grammar
    return frozenset(grammar()["commitments"])


def hardness(qualifier: str, low=None, high=None) -> str:
    """How hard a target is worded: range (low and high), else the qualifier's rule in
    compare_rules.txt (floor, about, ceiling; a qualifier not listed is a floor), none when the
    target is a bare number or has only a commitment word (力争增长8%: indicator_grammar.txt
    [commitments])."""
    if not _nan(low) and not _nan(high):
        return "range"
    if not qualifier or qualifier in _commitment_words():
        return "none"
    return compare.rules().get(qualifier, "floor")


def _target(r) -> tuple | None:
    """(measure, unit, value, low, high) of a headline row's target, growth first; None if none."""
    if not _nan(r.target_growth_pct) or (not _nan(r.target_low) and not _nan(r.target_high)):
        return "growth", "%", r.target_growth_pct, r.target_low, r.target_high
    if not _nan(r.target_value):
        return "level", r.target_unit, r.target_value, None, None
    return None


def _result(r, measure: str, unit: str) -> float | None:
    """The actual of a headline row in the target's measure and unit (the middle of a range)."""
    if measure == "growth":
        if not _nan(r.actual_growth_pct):
            return float(r.actual_growth_pct)
        if not _nan(r.actual_low) and not _nan(r.actual_high):
            return (float(r.actual_low) + float(r.actual_high)) / 2
        return None
    if not _nan(r.actual_value) and r.actual_unit == unit:
        return float(r.actual_value)
    return None


COLUMNS = ["government", "level", "province", "year", "indicator", "label", "measure", "unit",
           "target", "target_low", "target_high", "qualifier", "commitment", "hardness",
           "result", "result_estimated", "gap", "status",
           "target_report", "target_para_id", "target_sentence", "result_report", "result_para_id",
           "result_sentence", "minus_province", "minus_nation"]


def panel(headline: pd.DataFrame, indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """The panel (COLUMNS) from a headline table (with its sentences) and, for the commitment
    words, the indicators table (optional)."""
    labels = dict(headline_indicators())
    order = {name: i for i, name in enumerate(labels)}
    commitments = _commitments(indicators)
    # the first report of each government and year (a suffixed id is another text of the same year)
    first = {}
    for rid, gov, year in sorted(zip(headline.report_id, headline.city, headline.target_year)):
        first.setdefault((gov, int(year)), rid)
    by_report = {(r.report_id, r.indicator): r for r in headline.itertuples(index=False)}
    estimate = estimate_words()
    places = governments()
    rows = []
    for r in headline.itertuples(index=False):
        t = _target(r)
        year = int(r.target_year)
        if t is None or first.get((r.city, year)) != r.report_id:
            continue
        measure, unit, value, low, high = t
        nxt = first.get((r.city, year + 1))
        a = by_report.get((nxt, r.indicator)) if nxt else None
        result = _result(a, measure, unit) if a is not None and int(a.actual_year) == year else None
        middle = value if not _nan(value) else (float(low) + float(high)) / 2
        rate = measure == "growth" or unit == "%"
        if nxt is None:
            st = "pending"
        elif result is None:
            st = "not stated"
        else:
            st = compare.status(result, middle, r.target_qualifier, low, high, rate)
        level, province = places.get(r.city, ("", ""))
        qualifier = r.target_qualifier
        commitment = commitments.get((r.report_id, r.target_para_id, r.target_sent_id, r.indicator), "")
        if qualifier in _commitment_words():      # 力争增长8%: a commitment, no bound
            qualifier, commitment = "", commitment or qualifier
        said = a.actual_sentence if result is not None else ""
        rows.append({
            "government": r.city, "level": level, "province": province, "year": year,
            "indicator": r.indicator, "label": labels.get(r.indicator, r.indicator), "measure": measure, "unit": unit,
            "target": None if _nan(value) else float(value), "target_low": None if _nan(low) else float(low),
            "target_high": None if _nan(high) else float(high), "qualifier": qualifier,
            "commitment": commitment, "hardness": hardness(qualifier, low, high),
            "result": result, "result_estimated": bool(said) and any(w in said for w in estimate),
            "gap": None if result is None else round(result - middle, 6), "status": st,
            "target_report": r.report_id, "target_para_id": r.target_para_id, "target_sentence": r.target_sentence,
            "result_report": nxt or "", "result_para_id": a.actual_para_id if result is not None else "",
            "result_sentence": said, "_order": order.get(r.indicator, len(order))})
    out = pd.DataFrame(rows, columns=COLUMNS + ["_order"])
    out = _amplification(out)
    out = out.sort_values(["level", "province", "government", "year", "_order"],
                          key=lambda c: c.map(_LEVEL_ORDER).fillna(9) if c.name == "level" else c, kind="stable")
    return tables.typed("panel", out.drop(columns="_order").reset_index(drop=True))


_LEVEL_ORDER = {"national": 0, "province": 1, "prefecture": 2}


def _commitments(ind: pd.DataFrame | None) -> dict:
    """(report, paragraph, sentence, indicator) -> the commitment word of its first target row."""
    if ind is None or not len(ind):
        return {}
    t = ind[(ind.kind == "target") & (ind.commitment != "")]
    out = {}
    for key in zip(t.report_id, t.para_id, t.sent_id, t.indicator, t.commitment):
        out.setdefault(key[:4], key[4])
    return out


def _amplification(p: pd.DataFrame) -> pd.DataFrame:
    """GDP growth targets: minus the province's and minus the nation's of the same year."""
    gdp = p[(p.indicator == GDP) & (p.measure == "growth")]
    mid = gdp.target.where(gdp.target.notna(), (gdp.target_low + gdp.target_high) / 2)
    by_gov = dict(zip(zip(gdp.government, gdp.year), mid))
    national = {y: v for (g, y), v in by_gov.items() if g == "全国"}
    p = p.copy()
    p["minus_province"] = float("nan")
    p["minus_nation"] = float("nan")
    for i, g, y, level, prov, m in zip(gdp.index, gdp.government, gdp.year, gdp.level, gdp.province, mid):
        if level == "prefecture" and (prov, y) in by_gov:
            p.at[i, "minus_province"] = round(m - by_gov[(prov, y)], 6)
        if level in ("province", "prefecture") and y in national:
            p.at[i, "minus_nation"] = round(m - national[y], 6)
    return p


def from_build(out_dir) -> pd.DataFrame:
    """The panel of a build (OUT/processed, or the notebooks' data/processed)."""
    processed = Path(out_dir)
    if (processed / "processed").is_dir():
        processed = processed / "processed"
    head = tables.read("headline", processed)
    cols = ["report_id", "kind", "indicator", "para_id", "sent_id", "commitment"]
    src = tables.find("indicators", processed)
    try:
        ind = (pd.read_parquet(src, columns=cols) if src.suffix == ".parquet" else
               pd.read_csv(src, encoding="utf-8-sig", dtype=str, keep_default_na=False, usecols=cols))
    except (ValueError, OSError) as e:
        raise JzlibError(f"cannot be read as an indicators table ({e})", src) from None
    return panel(head, ind)


def write(p: pd.DataFrame, out_dir) -> list[Path]:
    """OUT/processed/panel.csv (UTF-8 with BOM) and panel.parquet."""
    processed = Path(out_dir)
    if (processed / "processed").is_dir() or not processed.name == "processed":
        processed = processed / "processed"
    processed.mkdir(parents=True, exist_ok=True)
    return [tables.write("panel", p, processed / "panel.csv"), tables.write("panel", p, processed / "panel.parquet")]


def share_met(p: pd.DataFrame, indicator: str = GDP) -> pd.DataFrame:
    """Per year: targets of `indicator` with a result, how many met or exceeded, and the share."""
    g = p[(p.indicator == indicator) & p.status.isin(["met", "exceeded", "missed"])]
    out = g.groupby("year").agg(targets=("status", "size"),
                                met=("status", lambda s: int(s.isin(["met", "exceeded"]).sum()))).reset_index()
    out["share"] = (out.met / out.targets).round(4)
    return out
