"""What the notebooks and PDF briefings print: words in two languages, figures as readers write
them, the reports in focus, and tables a reader can hand on.

Every word comes from `resources/briefing_labels.txt` (key | 中文 | English): headings of
computed parts, table headers, status words, qualifiers and units. `show` is the one way a
table reaches a page: it renames every column through that file (a column without a label is
an error, so no raw column name is printed), writes no index and no NaN, and formats numbers.

Figures: `quantity(2082.6, "亿元")` is "2082.6亿元" in Chinese and "208.26 bn yuan" in English;
`target(...)` writes a target as the report words it (增长8.5%左右) or glosses it ("about +8.5%").
"""
from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from .errors import JzlibError
from .paths import resource

LANGS = ("zh", "en")
LABELS_FILE = "briefing_labels.txt"


@lru_cache(maxsize=None)
def labels() -> dict[str, tuple[str, str]]:
    """key -> (Chinese, English) from resources/briefing_labels.txt; a malformed or repeated
    line is an error naming the file and line."""
    path = resource(LABELS_FILE)
    out: dict[str, tuple[str, str]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        s = line.strip()
        if not s or s.startswith("#") or (s.startswith("[") and s.endswith("]")):
            continue
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) != 3 or not fields[0]:
            raise JzlibError(f"line {n}: expected 'key | 中文 | English', got {s!r}", path)
        key, zh, en = fields
        if key in out:
            raise JzlibError(f"line {n}: key {key!r} is defined twice", path)
        # a field ending in a space (Data: ) keeps it; the split ate only the separator's spaces
        out[key] = (zh, en + (" " if line.endswith(" ") else ""))
    return out


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise JzlibError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    return lang


def t(key: str, lang: str = "zh", **fields) -> str:
    """The text of `key` in `lang`, with {fields} filled in."""
    check_lang(lang)
    try:
        text = labels()[key][LANGS.index(lang)]
    except KeyError:
        raise JzlibError(f"no label {key!r}; add it to jzlib/resources/{LABELS_FILE}") from None
    return text.format(**fields) if fields else text


def has(key: str) -> bool:
    return key in labels()


# --- figures as readers write them --------------------------------------------------------------

def missing(v) -> bool:
    """None, NaN, pd.NA or an empty string."""
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v == ""


def num(v, lang: str = "zh") -> str:
    """A number without exponent or trailing zeros: 2082.6, 54457 (en: 54,457), 0.88."""
    if missing(v):
        return ""
    v = round(float(v), 10)
    s = f"{v:.10g}" if abs(v) < 1e15 else f"{v:.0f}"
    if "e" in s:
        s = f"{v:f}".rstrip("0").rstrip(".")
    if lang == "en" and abs(v) >= 10000:
        whole, _, frac = s.partition(".")
        s = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return s


def _unit_en(unit: str) -> tuple[str, float]:
    key = f"unit.{unit}"
    if not has(key):
        return unit, 1.0
    label, _, factor = t(key, "en").rpartition("×")
    return label.strip(), float(factor)


def quantity(value, unit: str, lang: str = "zh") -> str:
    """2082.6亿元 / 208.26 bn yuan; 2.37万人 / 23,700 people; a unit with no English gloss is kept."""
    if missing(value):
        return ""
    unit = "" if missing(unit) else str(unit)
    if lang == "zh":
        return f"{num(value)}{unit}"
    label, factor = _unit_en(unit)
    s = num(float(value) * factor, "en")
    return s + ("" if not label else label if label in ("%",) else f" {label}")


def growth(value, lang: str = "zh", low=None, high=None) -> str:
    """增长8.3% / 下降7% (en: +8.3% / −7%); a range 6.5—7%."""
    if not missing(low) and not missing(high):
        x = f"{num(low)}—{num(high)}%" if lang == "zh" else f"{num(low)}–{num(high)}%"
        return t("growth.up", lang, x=x) if float(low) >= 0 else x
    if missing(value):
        return ""
    v = float(value)
    return t("growth.up" if v >= 0 else "growth.down", lang, x=f"{num(abs(v))}%")


def qualified(figure: str, qualifier, lang: str = "zh") -> str:
    """A figure with its qualifier as written (zh) or glossed (en): 8.5%左右 / about 8.5%."""
    q = "" if missing(qualifier) or qualifier == "range" else str(qualifier)
    if not figure:
        return ""
    key = f"q.{q}" if q else "q.plain"
    if has(key):
        return t(key, lang, x=figure)
    return f"{figure}{q}" if lang == "zh" else f"{figure} ({q})"


def figure(value, measure: str, unit, lang: str = "zh", qualifier=None, low=None, high=None) -> str:
    """A figure of any measure: growth as 增长8.5%左右, a level as 6万人以上, a share as 34.6%."""
    if measure == "growth":
        f = growth(value, lang, low, high)
    elif not missing(low) and not missing(high):
        f = f"{quantity(low, unit, lang)}—{quantity(high, unit, lang)}"
    else:
        f = quantity(value, unit, lang)
    return qualified(f, qualifier, lang)


def word(value: str, lang: str = "zh", prefix: str = "status") -> str:
    """A status, kind or side in words: met → 已完成."""
    key = f"{prefix}.{value}"
    return t(key, lang) if has(key) else str(value)


@lru_cache(maxsize=None)
def _indicator_en() -> dict[str, str]:
    from .extract import headline_indicators
    return dict(headline_indicators())


def indicator(name: str, lang: str = "zh") -> str:
    """An indicator's name: the report's words, or the English label of a headline indicator."""
    return _indicator_en().get(name, name) if lang == "en" else name


def theme(name: str, lang: str = "zh") -> str:
    from .words import themes
    return themes().get(name, (name,))[0] if lang == "en" else name


def report_name(city: str, year, lang: str = "zh") -> str:
    return t("report.name", lang, city=city, year=int(year))


def listing(items, lang: str = "zh", limit: int | None = None) -> str:
    """Items joined as the language joins them, cut at `limit` with 等 / "and others"."""
    items = [str(i) for i in items]
    more = limit is not None and len(items) > limit
    items = items[:limit] if more else items
    sep = "、" if lang == "zh" else ", "
    if lang == "zh" and any("（" in i for i in items):
        sep = "；"
    return sep.join(items) + (t("list_end", lang) if more and lang == "zh" else ", and others" if more else "")


def share(v) -> str:
    """A share (0–1) as a percentage with one decimal: 19.7%. Shares are printed only so."""
    return "" if missing(v) else f"{float(v) * 100:.1f}%"


# --- the reports present and in focus ----------------------------------------------------------

def reports(interim_dir) -> pd.DataFrame:
    """One row per cleaned report in `interim_dir`: report_id, city, year, title, date, speaker,
    paragraphs, copies (ordered by city, year)."""
    rows = []
    for p in sorted(Path(interim_dir).glob("*.meta.json")):
        m = json.loads(p.read_text(encoding="utf-8"))
        rows.append({"report_id": m["report_id"], "city": m.get("city") or "", "year": int(m["year"]),
                     "title": m.get("title") or "", "date": m.get("date") or "",
                     "speaker": m.get("speaker") or "", "paragraphs": m["counts"]["paragraphs"],
                     "copies": m["copies"]["found"]})
    cols = ["report_id", "city", "year", "title", "date", "speaker", "paragraphs", "copies"]
    return pd.DataFrame(rows, columns=cols).sort_values(["city", "year", "report_id"], ignore_index=True)


def focus(present: pd.DataFrame, chosen=None) -> pd.DataFrame:
    """The reports in focus and those they are compared with.

    `present` has report_id, city and year. `chosen`: None (the latest report of each
    government), or report ids and/or government names (a name means its latest report).
    Returns `present` restricted to the governments in focus, with `role` "focus" or "earlier"
    (an earlier report of a government in focus), ordered by city and year.
    """
    present = present.drop_duplicates("report_id")
    if present.empty:
        return present.assign(role=pd.Series(dtype=str))
    latest = present.sort_values(["year", "report_id"]).groupby("city").tail(1)
    if chosen is None:
        ids = set(latest.report_id)
    else:
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        ids = set()
        for c in chosen:
            if c in set(present.report_id):
                ids.add(c)
            elif c in set(present.city):
                ids.update(latest[latest.city == c].report_id)
            else:
                raise JzlibError(f"FOCUS names {c!r}, which is neither a report nor a government present; "
                                 f"present: {', '.join(sorted(present.report_id))}")
    cities = set(present[present.report_id.isin(ids)].city)
    out = present[present.city.isin(cities)].copy()
    first_focus = out[out.report_id.isin(ids)].groupby("city").year.max()
    out["role"] = ["focus" if r in ids else "earlier" if y < first_focus[c] else "later"
                   for r, c, y in zip(out.report_id, out.city, out.year)]
    out = out[out.role != "later"]
    return out.sort_values(["city", "year", "report_id"], ignore_index=True)


def in_focus(f: pd.DataFrame) -> list[str]:
    return f[f.role == "focus"].report_id.tolist()


def focus_names(f: pd.DataFrame, lang: str = "zh") -> dict[str, str]:
    """report_id -> "焦作市2017年报告" for the rows of `f` (or any frame with report_id, city, year)."""
    return {r: report_name(c, y, lang) for r, c, y in zip(f.report_id, f.city, f.year)}


def header_note(present: pd.DataFrame, lang: str = "zh") -> str:
    """The page header: the governments and years of the data, on one line."""
    if present.empty:
        return t("header.none", lang)
    items = []
    for city, g in present.groupby("city", sort=True):
        years = sorted(set(g.year))
        span = str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"
        items.append(t("header.one" if len(years) == 1 else "header.reports", lang,
                       city=city, year=years[0], years=span, n=len(g)))
    text = t("header.data", lang) + ("；" if lang == "zh" else "; ").join(items[:3])
    if len(items) > 3:
        text += (f" 等{len(items)}个政府" if lang == "zh" else f" and {len(items) - 3} more")
    return text


# --- tables -------------------------------------------------------------------------------------

KEEP_ROWS = 12      # a table this short is never split across pages (briefing.css: table.keep)
NOWRAP = 14         # a cell this short never wraps (briefing.css: td.nw)


class Table:
    """A table for the page: an HTML table with translated headers, no index, no NaN; its plain
    text form is the same table as text (for nbval and terminals)."""

    def __init__(self, df: pd.DataFrame, caption: str = "", lang: str = "zh"):
        self.df = df
        self.caption = caption
        self.lang = lang

    def _repr_html_(self) -> str:
        if not len(self.df):
            return '<p class="empty">' + html.escape(t("no_rows", self.lang)) + "</p>"
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in self.df.columns)
        nw = ' class="nw"'
        body = "".join("<tr>" + "".join(f"<td{nw if len(str(v)) <= NOWRAP else ''}>{html.escape(str(v))}</td>"
                                        for v in row) + "</tr>"
                       for row in self.df.itertuples(index=False))
        cap = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        keep = " keep" if len(self.df) <= KEEP_ROWS else ""
        return f'<table class="jz{keep}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def __repr__(self) -> str:
        return self.df.to_string(index=False) if len(self.df) else t("no_rows", self.lang)

    def __len__(self) -> int:
        return len(self.df)


def _cell(v, lang: str) -> str:
    if missing(v):
        return ""
    if isinstance(v, float):
        return num(v, lang)
    return str(v)


def show(df: pd.DataFrame, lang: str = "zh", values: dict | None = None, caption: str = "",
         labelled=(), report: bool | None = None) -> Table:
    """`df` for the page: every column renamed through col.<name> (an unlabelled column is an
    error; a "report" column is left out when `report` is False, or when None and it holds one
    value; `labelled` lists columns already named for the reader, such as theme names),
    `values` maps a column to a label prefix whose words translate its values
    (e.g. {"status": "status"}), floats without trailing zeros, blanks for NaN, no index."""
    values = values or {}
    if "report" in df.columns and (report is False or (report is None and df["report"].nunique() <= 1)):
        df = df.drop(columns="report")       # one report: the page header and text name it
    cols = {}
    for c in df.columns:
        if c in labelled:
            cols[c] = str(c)
            continue
        key = f"col.{c}"
        if not has(key):
            raise JzlibError(f"column {c!r} has no label: add 'col.{c} | 中文 | English' to "
                             f"jzlib/resources/{LABELS_FILE}")
        cols[c] = t(key, lang)
    out = pd.DataFrame({cols[c]: [word(v, lang, values[c]) if c in values and not missing(v) else _cell(v, lang)
                                  for v in df[c]] for c in df.columns})
    return Table(out, caption, lang)


def md(text: str):
    """Markdown for the page (a computed reading)."""
    from IPython.display import Markdown
    return Markdown(text)
