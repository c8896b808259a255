"""The sentences of interpretation in the notebooks and briefings, computed from the tables.

Nothing a notebook says about the reports is typed: each function here takes the tables (and
the reports in focus, `brief.focus`) and returns sentences in the briefing's language, so
they stay true for any set of reports in data/raw/. Words come from briefing_labels.txt.
"""
from __future__ import annotations

import pandas as pd

from . import brief, words
from .brief import figure, listing, missing, t

MET = ("met", "exceeded", "missed")
GDP = "生产总值"


def _names(f: pd.DataFrame, lang: str) -> dict[str, str]:
    return brief.focus_names(f, lang)


def _headline_order() -> dict[str, int]:
    from .extract import headline_indicators
    return {name: i for i, (name, _) in enumerate(headline_indicators())}


def reports(present: pd.DataFrame, f: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Which reports are present and which are in focus."""
    items = []
    for city, g in present.groupby("city", sort=True):
        years = listing(sorted(g.year.astype(int)), lang)
        items.append(f"{city}（{years}）" if lang == "zh" else f"{city} ({years})")
    out = [t("read.reports", lang, n=len(present), g=present.city.nunique(), list=listing(items, lang))]
    names = _names(f, lang)
    earlier = f[f.role == "earlier"]
    out.append(t("read.focus", lang, focus=listing([names[r] for r in brief.in_focus(f)], lang),
                 earlier=t("read.earlier", lang, list=listing([names[r] for r in earlier.report_id], lang))
                 if len(earlier) else t("read.no_earlier", lang)))
    return out


def gdp(headline: pd.DataFrame, f: pd.DataFrame, lang: str = "zh") -> list[str]:
    """GDP of last year and this year's target, per report in focus."""
    out = []
    names = _names(f, lang)
    for rid in brief.in_focus(f):
        rows = headline[(headline.report_id == rid) & (headline.indicator == GDP)]
        if rows.empty or (missing(rows.iloc[0].actual_growth_pct) and missing(rows.iloc[0].actual_low)):
            out.append(t("read.gdp_none", lang, report=names[rid]))
            continue
        r = rows.iloc[0]
        level = brief.quantity(r.actual_value, r.actual_unit, lang)
        grow = figure(r.actual_growth_pct, "growth", "", lang, r.actual_qualifier, r.actual_low, r.actual_high)
        target = figure(r.target_growth_pct, "growth", "", lang, r.target_qualifier, r.target_low, r.target_high)
        key = "read.gdp" if target else "read.gdp_no_target"
        text = t(key, lang, report=names[rid], last=int(r.actual_year), year=int(r.target_year),
                 level=level or "", growth=grow, target=target)
        if not level:      # no level stated: drop the empty slot cleanly
            text = text.replace("生产总值，", "生产总值") .replace("GDP  in", "GDP in")
        out.append(text)
    return out


def _target_text(r, lang):
    return figure(r.value_from, r.measure, r.unit, lang, r.qualifier_to, r.low_to, r.high_to)


def _result_text(r, lang):
    return figure(r.value_to, r.measure, r.unit, lang)


def met_rows(yoy: pd.DataFrame, f: pd.DataFrame) -> pd.DataFrame:
    """The targets of the year before each report in focus whose result that report states:
    headline indicators first (in the order of headline_indicators.txt), then by name."""
    across = yoy[(yoy.relation == "target→actual") & yoy.status.isin(MET)
                 & yoy.report_to.isin(brief.in_focus(f))].copy()
    order = _headline_order()
    across["order"] = across.indicator.map(order).fillna(len(order))
    return across.sort_values(["city", "year_from", "order", "indicator", "measure"], kind="stable")


def met_table(yoy: pd.DataFrame, f: pd.DataFrame, lang: str = "zh", sentences: bool = False):
    """"Were last year's targets met": one row per target, for the page (`brief.show`)."""
    rows = met_rows(yoy, f)
    data = {}
    if len(brief.in_focus(f)) > 1:           # several in focus: say whose targets each row is
        data["city"] = rows.city
    data.update({"year": rows.year_from.astype(int), "indicator": [brief.indicator(i, lang) for i in rows.indicator],
                 "target": [_target_text(r, lang) for r in rows.itertuples()],
                 "result": [_result_text(r, lang) for r in rows.itertuples()],
                 "status": rows.status})
    if sentences:
        data["target_sentence"] = rows.sentence_from
        data["result_sentence"] = rows.sentence_to
    return brief.show(pd.DataFrame(data), lang, values={"status": "status"})


def met(yoy: pd.DataFrame, f: pd.DataFrame, present: pd.DataFrame, lang: str = "zh", items: int = 3) -> list[str]:
    """Per report in focus: how many of the year before's targets it reports on, and how they
    fared, with the first `items` (headline first); and how many of its own targets wait."""
    out = []
    names = _names(f, lang)
    across = yoy[yoy.relation == "target→actual"]
    rows = met_rows(yoy, f)
    for rid in brief.in_focus(f):
        rep = f[f.report_id == rid].iloc[0]
        year, city = int(rep.year), rep.city
        before = present[(present.city == city) & (present.year == year - 1)]
        if before.empty:
            out.append(t("read.met_none", lang, report=names[rid], year=year - 1))
        else:
            checked = across[across.report_to == rid]
            stated = rows[rows.report_to == rid]
            if stated.empty:
                out.append(t("read.met_zero", lang, report=names[rid], year=year - 1))
            else:
                counts = stated.status.value_counts()
                parts = [f"{brief.word(s, lang)}{counts[s]}项" if lang == "zh" else f"{counts[s]} {brief.word(s, lang)}"
                         for s in MET if s in counts]
                n_not = int((checked.status == "not stated").sum())
                rest = t("read.met_rest", lang, n=n_not) if n_not else ""
                out.append(t("read.met", lang, report=names[rid], year=year - 1, n=len(stated),
                             counts=("，" if lang == "zh" else ", ").join(parts), rest=rest))
                listed = [t("read.met_item", lang, indicator=brief.indicator(r.indicator, lang),
                            target=_target_text(r, lang), result=_result_text(r, lang),
                            status=brief.word(r.status, lang))
                          for r in stated.head(items).itertuples()]
                out.append(t("read.met_items", lang, items=("；" if lang == "zh" else "; ").join(listed)))
        own = across[(across.report_from == rid) & (across.status == "pending")]
        if len(own):
            out.append(t("read.pending", lang, report=names[rid], n=len(own), next=year + 1))
    return out


def plan(yoy: pd.DataFrame, f: pd.DataFrame, lang: str = "zh", limit: int = 6) -> list[str]:
    """Per report in focus: the targets above, below and equal to last year's result."""
    out = []
    names = _names(f, lang)
    within = yoy[yoy.relation == "actual→target"]
    order = _headline_order()
    for rid in brief.in_focus(f):
        g = within[within.report_to == rid].copy()
        if g.empty:
            out.append(t("read.no_pairs", lang, report=names[rid]))
            continue
        g["order"] = g.indicator.map(order).fillna(len(order))
        g = g.sort_values(["order", "indicator"], kind="stable")
        for st in ("raised", "lowered", "unchanged"):
            sub = g[g.status == st]
            if sub.empty:
                continue
            pairs = [t("read.pair", lang, indicator=brief.indicator(r.indicator, lang),
                       frm=_bare(figure(r.value_from, r.measure, r.unit, lang), r.measure, lang),
                       to=_bare(figure(r.value_to, r.measure, r.unit, lang, r.qualifier_to, r.low_to, r.high_to),
                                r.measure, lang))
                     for r in sub.itertuples()]
            out.append(t(f"read.{st}", lang, report=names[rid], n=len(sub), items=listing(pairs, lang, limit)))
    return out


def _bare(text: str, measure: str, lang: str) -> str:
    """8.3% rather than 增长8.3% inside a pair whose measure is clear (a fall keeps 下降)."""
    up = t("growth.up", lang, x="")
    return text.replace(up, "", 1) if measure == "growth" and up and up in text else text


def side_shares(themes: pd.DataFrame, report_ids) -> pd.DataFrame:
    """Theme shares (0–1) of the review and the plan: rows (report_id, side), columns themes."""
    part = themes[(themes.level == "part") & themes.report_id.isin(list(report_ids))]
    if part.empty:
        return pd.DataFrame()
    s = part.groupby(["report_id", "side", "theme"], sort=False)["count"].sum().unstack("theme").fillna(0)
    return s.div(s.sum(axis=1).where(lambda x: x > 0), axis=0).fillna(0)


def themes(themes_df: pd.DataFrame, f: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Per report in focus: the theme that gains most and the one that loses most, review to plan."""
    out = []
    names = _names(f, lang)
    shares = side_shares(themes_df, brief.in_focus(f))
    for rid in brief.in_focus(f):
        if rid not in shares.index.get_level_values(0):
            continue
        s = shares.loc[rid]
        if not {"review", "plan"} <= set(s.index):
            continue
        d = (s.loc["plan"] - s.loc["review"]).sort_values(kind="stable")
        up, down = d.index[-1], d.index[0]
        out.append(t("read.themes", lang, report=names[rid], up=brief.theme(up, lang), down=brief.theme(down, lang),
                     up_from=brief.share(s.loc["review", up]), up_to=brief.share(s.loc["plan", up]),
                     down_from=brief.share(s.loc["review", down]), down_to=brief.share(s.loc["plan", down])))
    return out


def top_words(freq: pd.DataFrame, f: pd.DataFrame, lang: str = "zh", n: int = 8) -> list[str]:
    names = _names(f, lang)
    rep = words.roll_up(freq, "report")
    out = []
    for rid in brief.in_focus(f):
        g = rep[rep.report_id == rid].sort_values(["count", "word"], ascending=[False, True], kind="stable")
        if len(g):
            out.append(t("read.top_words", lang, report=names[rid], words=listing(g.word.head(n), lang)))
    return out


def word_shift(shifts: pd.DataFrame, f: pd.DataFrame, lang: str = "zh", n: int = 6) -> list[str]:
    out = []
    for rid in brief.in_focus(f):
        s = shifts[shifts.report_id == rid]
        if len(s) >= 2 * n:
            up = s.sort_values("log_ratio", ascending=False, kind="stable").word.head(n)
            down = s.sort_values("log_ratio", kind="stable").word.head(n)
            out.append(t("read.rising_words", lang, up=listing(up, lang), down=listing(down, lang)))
    return out


def quantities(indicators: pd.DataFrame, headline: pd.DataFrame, f: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Per report in focus: how many figures, of which year, and the fastest-growing headline actual."""
    out = []
    names = _names(f, lang)
    for rid in brief.in_focus(f):
        g = indicators[indicators.report_id == rid]
        year = int(f[f.report_id == rid].year.iloc[0])
        one = g[g.period == "year"]
        actual = int(((one.kind == "actual") & (one.year == year - 1)).sum())
        target = int(((one.kind == "target") & (one.year == year)).sum())
        other = len(g) - actual - target
        out.append(t("read.figures", lang, report=names[rid], n=len(g), actual=actual, target=target,
                     last=year - 1, year=year, other=t("read.figures_other", lang, n=other) if other else ""))
        h = headline[(headline.report_id == rid) & headline.actual_growth_pct.notna()]
        if len(h):
            top = h.sort_values("actual_growth_pct", ascending=False, kind="stable").iloc[0]
            out.append(t("read.fastest", lang, last=year - 1, indicator=brief.indicator(top.indicator, lang),
                         growth=brief.growth(top.actual_growth_pct, lang)))
    return out


def files(results, lang: str = "zh") -> list[str]:
    """Per raw file: copies found, the reports kept, removals, normalised lines and flags."""
    from .pipeline import normalisation_table
    out = []
    for r in results:
        kept = [t("read.kept", lang, report=brief.report_name(c.meta["city"], c.meta["year"], lang),
                  paragraphs=len(c.paragraphs), parts=len({p.part for p in c.paragraphs if p.part}),
                  chapters=len({(p.part, p.chapter) for p in c.paragraphs if p.chapter})) for c in r.reports]
        out.append(t("read.file", lang, file=r.raw.path.name, copies=len(r.copies),
                     reports=listing(kept, lang) or t("none", lang),
                     removed=sum(e.action == "removed" for e in r.noise),
                     normalised=len(normalisation_table(r)),
                     flags=sum(e.action == "flagged" for e in r.noise)))
        sims = [m for c in r.reports for m in _min_similarity(c)]
        if sims:
            out.append(t("read.similarity", lang, low=f"{min(sims):.2f}"))
    return out


def _min_similarity(cleaned) -> list[float]:
    from .dedup import similarity_matrix
    copies = cleaned.report.copies
    if len(copies) < 2:
        return []
    m = similarity_matrix(copies)
    return [min(m[i][j] for i in range(len(copies)) for j in range(len(copies)) if i != j)]


# --- tables for the page -------------------------------------------------------------------------

def headline_table(headline: pd.DataFrame, ids, lang: str = "zh"):
    """The headline indicators of the reports `ids`: last year's result and growth beside this
    year's target, figures as the report writes them (one column per meaning, whatever the years)."""
    h = headline[headline.report_id.isin(list(ids))]
    names = brief.focus_names(h.assign(year=h.target_year), lang) if len(h) else {}
    rows = []
    for r in h.itertuples(index=False):
        level_t = figure(r.target_value, "level", r.target_unit, lang)
        growth_t = figure(r.target_growth_pct, "growth", "", lang, None, r.target_low, r.target_high)
        target = listing([x for x in (level_t, growth_t) if x], lang)
        rows.append({"report": names[r.report_id], "indicator": brief.indicator(r.indicator, lang),
                     "last_result": figure(r.actual_value, "level", r.actual_unit, lang),
                     "last_growth": figure(r.actual_growth_pct, "growth", "", lang, None, r.actual_low, r.actual_high),
                     "this_target": brief.qualified(target, r.target_qualifier, lang)})
    df = pd.DataFrame(rows, columns=["report", "indicator", "last_result", "last_growth", "this_target"])
    df = df[(df[["last_result", "last_growth", "this_target"]] != "").any(axis=1)]   # a row with no figure says nothing
    return brief.show(df, lang, report=len(list(ids)) > 1)


def pairs_table(yoy: pd.DataFrame, ids, lang: str = "zh"):
    """Within each report `ids`: last year's actual, this year's target, the change, raised/lowered."""
    w = yoy[(yoy.relation == "actual→target") & yoy.report_to.isin(list(ids))]
    df = pd.DataFrame({
        "report": [brief.report_name(c, y, lang) for c, y in zip(w.city, w.year_to)],
        "indicator": [brief.indicator(i, lang) for i in w.indicator],
        "measure": w.measure,
        "from": [figure(r.value_from, r.measure, r.unit, lang) for r in w.itertuples()],
        "to": [figure(r.value_to, r.measure, r.unit, lang, r.qualifier_to, r.low_to, r.high_to) for r in w.itertuples()],
        "status": w.status})
    return brief.show(df, lang, values={"status": "status", "measure": "measure"}, report=len(list(ids)) > 1)


def stated_table(yoy: pd.DataFrame, ids, lang: str = "zh"):
    """The reports' own comparisons (比上年提高1.6个百分点): the earlier value derived, the later stated."""
    s = yoy[(yoy.relation == "stated-change") & yoy.report_to.isin(list(ids))]
    unit = lambda r: "个百分点" if r.measure == "share" or r.unit == "%" else r.unit
    df = pd.DataFrame({
        "report": [brief.report_name(c, y, lang) for c, y in zip(s.city, s.year_to)],
        "indicator": [brief.indicator(i, lang) for i in s.indicator],
        "from": [figure(r.value_from, "level", r.unit, lang) for r in s.itertuples()],
        "to": [figure(r.value_to, "level", r.unit, lang) for r in s.itertuples()],
        "difference": [("+" if r.delta > 0 else "") + brief.quantity(r.delta, unit(r), lang) for r in s.itertuples()]})
    return brief.show(df, lang, report=len(list(ids)) > 1)


def status_counts(yoy: pd.DataFrame, ids, lang: str = "zh"):
    """Per report whose targets are checked: how many met, exceeded, missed, not stated, pending."""
    a = yoy[(yoy.relation == "target→actual") & yoy.report_from.isin(list(ids))]
    order = ["met", "exceeded", "missed", "not stated", "pending"]
    rows = []
    for (city, year), g in a.groupby(["city", "year_from"], sort=True):
        c = g.status.value_counts()
        rows.append({"report": brief.report_name(city, year, lang),
                     **{s.replace(" ", "_"): int(c.get(s, 0)) for s in order}})
    df = pd.DataFrame(rows, columns=["report"] + [s.replace(" ", "_") for s in order])
    df = df.loc[:, (df != 0).any(axis=0) | (df.columns == "report")]
    return brief.show(df, lang)


# --- notebook 06: the targets panel --------------------------------------------------------------

def _target_of(r, lang: str) -> str:
    """A panel row's target as written: 增长8.5%左右, 6万人, 增长7.5—8%; with its commitment."""
    text = figure(r.target, r.measure, r.unit, lang, r.qualifier, r.target_low, r.target_high)
    return (f"{r.commitment}{text}" if lang == "zh" else f"{text} ({r.commitment})") if r.commitment else text


def panel_overview(p: pd.DataFrame, lang: str = "zh"):
    """Per level: governments, years, targets and how many of them were met, exceeded, missed,
    not stated by the next report, or wait for it."""
    from .panel import STATUSES
    rows = []
    for level, g in p.groupby("level", sort=False):
        row = {"level": level or "unknown", "governments": g.government.nunique(),
               "years": f"{g.year.min()}–{g.year.max()}", "targets": len(g)}
        row.update({s.replace(" ", "_"): int((g.status == s).sum()) for s in STATUSES})
        rows.append(row)
    return brief.show(pd.DataFrame(rows), lang, values={"level": "level"})


def panel_lines(p: pd.DataFrame, indicator: str = GDP, lang: str = "zh") -> list[str]:
    """What the panel says: its size, the share of targets met, the hardness of the wording, the
    amplification down the hierarchy and the target missed by most."""
    if p.empty:
        return [t("read.panel_empty", lang)]
    out = [t("read.panel_size", lang, n=len(p), g=p.government.nunique(), first=int(p.year.min()),
             last=int(p.year.max()), k=p.indicator.nunique())]
    g = p[(p.indicator == indicator) & p.status.isin(MET)]
    if len(g):
        met = int(g.status.isin(["met", "exceeded"]).sum())
        out.append(t("read.panel_met", lang, indicator=brief.indicator(indicator, lang), n=len(g), met=met,
                     share=brief.share(met / len(g))))
    else:
        out.append(t("read.panel_none_checked", lang, indicator=brief.indicator(indicator, lang)))
    h = p[p.indicator == indicator].hardness.value_counts()
    if len(h):
        out.append(t("read.panel_hardness", lang, indicator=brief.indicator(indicator, lang),
                     list=listing([f"{brief.word(k, lang, 'hardness')} {int(v)}" for k, v in h.items()], lang)))
    for col, key in (("minus_nation", "read.panel_above_nation"), ("minus_province", "read.panel_above_province")):
        a = p[p[col].notna()]
        if len(a):
            out.append(t(key, lang, n=len(a), mean=brief.num(round(a[col].mean(), 2), lang),
                         above=int((a[col] > 0).sum())))
    if not p[["minus_nation", "minus_province"]].notna().any().any():
        out.append(t("read.panel_no_amplification", lang))
    worst = worst_misses(p, 1)
    if len(worst):
        r = worst.iloc[0]
        out.append(t("read.panel_worst", lang, report=brief.report_name(r.government, r.year, lang),
                     indicator=brief.indicator(r.indicator, lang), target=_target_of(r, lang),
                     result=brief.figure(r.result, r.measure, r.unit, lang), gap=brief.num(r.gap, lang)))
    return out


def worst_misses(p: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The missed growth targets, furthest below first (gap in percentage points)."""
    m = p[(p.status == "missed") & (p.measure == "growth")]
    return m.sort_values(["gap", "government", "year"], kind="stable").head(n)


def misses_table(p: pd.DataFrame, n: int = 10, lang: str = "zh"):
    m = worst_misses(p, n)
    rows = pd.DataFrame({
        "report": [brief.report_name(g, y, lang) for g, y in zip(m.government, m.year)],
        "indicator": [brief.indicator(i, lang) for i in m.indicator],
        "target": [_target_of(r, lang) for r in m.itertuples()],
        "result": [brief.figure(r.result, r.measure, r.unit, lang) for r in m.itertuples()],
        "gap": m.gap.tolist()})
    return brief.show(rows, lang, report=True)


def province_table(p: pd.DataFrame, province: str, year: int, indicator: str = GDP, lang: str = "zh"):
    """The governments of one province (the province first) for one year and indicator."""
    g = p[(p.province == province) & (p.year == year) & (p.indicator == indicator)]
    g = g.assign(_first=(g.level != "province")).sort_values(["_first", "government"], kind="stable")
    rows = pd.DataFrame({
        "city": g.government.tolist(),
        "target": [_target_of(r, lang) for r in g.itertuples()],
        "hardness": g.hardness.tolist(),
        "result": [brief.figure(r.result, r.measure, r.unit, lang) for r in g.itertuples()],
        "status": g.status.tolist(),
        "minus_province": g.minus_province.tolist()})
    return brief.show(rows, lang, values={"hardness": "hardness", "status": "status"})
