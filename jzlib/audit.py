"""Auditing a build: how many files became reports, whether the government and year read from
each text agree with the file's place, whether each report's review and plan were found, and
sanity figures of its indicators (GDP growth target and actual found per report, rows per
report, periods by kind, one-year targets far from the next year's actual).

Reads OUT/corpus_summary.csv and OUT/processed/{headline,indicators,yoy}.csv (written by
`python -m jzlib build`); pure apart from those reads. The figures are the acceptance measures
of reading a real corpus (README, "A corpus").
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import JzlibError
from .identify import from_path

SINCE = 1980     # reports from this year on are expected to have a review and a plan part
FIGURES_SINCE = 2000   # reports from this year on are expected to state GDP growth
FAR = 5.0        # a one-year target and its next-year actual more than this many points apart


def read_summary(out_dir) -> pd.DataFrame:
    p = Path(out_dir) / "corpus_summary.csv"
    if not p.is_file():
        raise JzlibError("no corpus_summary.csv here; run python -m jzlib build --out DIR first", Path(out_dir))
    df = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for c in ("year", "review_parts", "outlook_parts", "plan_parts", "government_parts", "review_paragraphs",
              "plan_paragraphs", "paragraphs", "indicator_rows"):
        df[c] = pd.to_numeric(df[c], errors="coerce").astype("Int64")
    return df


def audit(summary: pd.DataFrame, since: int = SINCE) -> dict:
    """The audit's figures and lists: a dict of counts, shares and DataFrames (see `render`)."""
    s = summary
    files = s[s.status != "skipped"].file.nunique()
    status = s.status.str.replace(r"^duplicate of .*", "duplicate", regex=True)
    read_files = s[status.isin(["report", "duplicate"])].file.nunique()
    errors = s[status == "error"][["file", "reason"]]
    reports = s[status == "report"].copy()
    place = reports.file.map(from_path)
    reports["folder_government"] = place.map(lambda t: t[0])
    reports["folder_year"] = place.map(lambda t: t[1])
    laid_out = reports[reports.folder_government.notna() & reports.folder_year.notna()]
    agree = (laid_out.government == laid_out.folder_government) & (laid_out.year == laid_out.folder_year)
    recent = reports[reports.year >= since]
    has_review = recent.review_paragraphs.fillna(0) > 0
    has_plan = recent.plan_paragraphs.fillna(0) > 0
    missing = recent[~(has_review & has_plan)].assign(
        missing=lambda d: ["review and plan" if not r and not p else "review" if not r else "plan"
                           for r, p in zip(d.review_paragraphs.fillna(0) > 0, d.plan_paragraphs.fillna(0) > 0)])
    return {
        "files": files, "skipped": int((status == "skipped").sum()), "read": read_files,
        "reports": len(reports), "duplicates": int((status == "duplicate").sum()), "errors": errors,
        "laid_out": len(laid_out), "agree": int(agree.sum()),
        "disagree": laid_out[~agree][["file", "government", "year", "folder_government", "folder_year",
                                       "government_from", "year_from"]],
        "since": since, "recent": len(recent), "both_parts": int((has_review & has_plan).sum()),
        "missing_parts": missing[["file", "report_id", "missing", "review_parts", "plan_parts", "paragraphs"]],
        "government_from": reports.government_from.value_counts(),
        "year_from": reports.year_from.str.replace(r" \(.*", " (overriding the title)", regex=True).value_counts(),
        "indicator_rows": int(reports.indicator_rows.fillna(0).sum()),
    }


def _pct(a: int, b: int) -> str:
    return f"{a / b:.1%}" if b else "n/a"


def render(a: dict, limit: int = 40) -> str:
    """The audit as text: the measures first, then every file that failed one (up to `limit` a list)."""
    lines = [
        "| measure | count | share |", "|---|---:|---:|",
        f"| report files | {a['files']} | |",
        f"| files read (a report, or a copy of one) | {a['read']} | {_pct(a['read'], a['files'])} |",
        f"| files refused (error) | {len(a['errors'])} | {_pct(len(a['errors']), a['files'])} |",
        f"| reports kept | {a['reports']} | |",
        f"| copies of a kept report | {a['duplicates']} | |",
        f"| reports whose government and year agree with folder and file name | {a['agree']} of {a['laid_out']} "
        f"| {_pct(a['agree'], a['laid_out'])} |",
        f"| reports since {a['since']} with a review and a plan | {a['both_parts']} of {a['recent']} "
        f"| {_pct(a['both_parts'], a['recent'])} |",
        f"| indicator rows | {a['indicator_rows']} | |",
        f"| other files skipped (not .txt/.md/.html, documentation) | {a['skipped']} | |",
        "",
        "government taken from: " + ", ".join(f"{k} {v}" for k, v in a["government_from"].items()),
        "year taken from: " + ", ".join(f"{k} {v}" for k, v in a["year_from"].items()),
    ]
    for title, df in (("files refused", a["errors"]), ("government or year differ from the file's place", a["disagree"]),
                      (f"reports since {a['since']} without a review or a plan", a["missing_parts"])):
        if len(df):
            lines += ["", f"{title} ({len(df)}):"]
            lines += ["  " + " | ".join(map(str, row)) for row in df.head(limit).itertuples(index=False)]
            if len(df) > limit:
                lines.append(f"  … and {len(df) - limit} more (corpus_summary.csv has them all)")
    return "\n".join(lines)


def indicator_measures(out_dir, summary: pd.DataFrame, since: int = FIGURES_SINCE, far: float = FAR) -> dict:
    """Sanity figures of the indicator tables of a build (see the module text)."""
    out = Path(out_dir) / "processed"
    reports = summary[(summary.status == "report") & (summary.year >= since)]
    ids = set(reports.report_id)
    from . import tables
    head = tables.read("headline", out)
    gdp = head[(head.indicator == "生产总值") & head.report_id.isin(ids)]
    target = set(gdp[gdp.target_growth_pct.notna() | gdp.target_low.notna()].report_id)
    actual = set(gdp[gdp.actual_growth_pct.notna() | gdp.actual_low.notna()].report_id)
    ind = tables.read("indicators", out)
    periods = pd.crosstab(ind.kind, ind.period)
    per_report = ind.groupby("report_id").size().reindex(sorted(ids), fill_value=0)
    yoy = tables.read("yoy", out)
    paired = yoy[(yoy.relation == "target→actual") & (yoy.measure == "growth") & yoy.value_to.notna()].copy()
    paired["gap"] = (paired.value_to - paired.value_from).round(6)
    far_pairs = paired[paired.gap.abs() > far].sort_values("gap", key=abs, ascending=False)
    return {
        "since": since, "reports": len(ids), "gdp_target": len(target), "gdp_actual": len(actual),
        "no_gdp_target": sorted(ids - target), "no_gdp_actual": sorted(ids - actual),
        "rows_median": float(per_report.median()) if len(per_report) else 0.0,
        "rows_zero": int((per_report == 0).sum()), "periods": periods,
        "unknown_reports": int(ind[ind.kind == "unknown"].report_id.nunique()),
        "pairs": len(paired), "far": far, "far_pairs": far_pairs[["report_from", "report_to", "indicator",
                                                                 "value_from", "value_to", "gap"]],
    }


def render_indicator_measures(f: dict, limit: int = 20) -> str:
    lines = [
        "", f"indicators of the {f['reports']} reports since {f['since']}:",
        "| measure | count | share |", "|---|---:|---:|",
        f"| GDP growth target found | {f['gdp_target']} | {_pct(f['gdp_target'], f['reports'])} |",
        f"| GDP growth actual found | {f['gdp_actual']} | {_pct(f['gdp_actual'], f['reports'])} |",
        f"| indicator rows per report (median) | {f['rows_median']:g} | |",
        f"| reports with no indicator row | {f['rows_zero']} | |",
        f"| reports whose parts were not found (kind unknown) | {f['unknown_reports']} | |",
        f"| one-year growth targets with a next-year actual | {f['pairs']} | |",
        f"| ... more than {f['far']:g} points away (each worth a look) | {len(f['far_pairs'])} "
        f"| {_pct(len(f['far_pairs']), f['pairs'])} |",
        "", "indicator rows by kind and period (all years):",
        f["periods"].to_string(),
    ]
    if len(f["far_pairs"]):
        lines += ["", f"targets furthest from the next year's actual (first {limit}):"]
        lines += ["  " + " | ".join(map(str, r)) for r in f["far_pairs"].head(limit).itertuples(index=False)]
    return "\n".join(lines)
