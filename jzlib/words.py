"""Word analysis: segmentation with jieba and a policy dictionary, frequencies, keywords, themes.

- `Tokenizer`: its own `jieba.Tokenizer` (no global jieba state is changed apart from jieba's
  log level, which is set to WARNING so nothing reaches stderr), loaded with
  resources/policy_dict.txt so terms such as 供给侧结构性改革 stay whole.
- `content_words`: drops stopwords (resources/stopwords.txt), numbers, units, punctuation and
  single characters by default; each of these filters can be turned off.
- frequencies per report, part and chapter, also per 10,000 characters of text so texts of
  different length compare; keywords by TF-IDF and TextRank (jieba.analyse, with our tokenizer
  and stopwords); theme shares (resources/themes.txt); words that rise or fall between two
  texts by a smoothed log ratio (`shift`).
"""
from __future__ import annotations

import logging
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import jieba
import jieba.analyse
import jieba.posseg
import pandas as pd

from .extract import grammar, part_kind
from .paths import resource

jieba.setLogLevel(logging.WARNING)      # "Building prefix dict…" would go to stderr otherwise

_HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_DIGIT = re.compile(r"[0-9０-９]")
_CN_NUMBER = re.compile(r"^第?[零一二三四五六七八九十百千万亿两几]+[位名期批次届个]?$")


def _lines(name: str) -> list[str]:
    text = resource(name).read_text(encoding="utf-8")
    return [l.strip() for l in text.splitlines() if l.strip() and not l.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """The stopwords of resources/stopwords.txt."""
    return frozenset(_lines("stopwords.txt"))


@lru_cache(maxsize=None)
def themes() -> dict[str, tuple[str, set[str]]]:
    """Theme (Chinese) -> (English name, words), from resources/themes.txt, in file order."""
    out = {}
    for line in _lines("themes.txt"):
        head, words = line.split(":", 1)
        zh, en = (x.strip() for x in head.split("|", 1))
        out[zh] = (en, {w.strip() for w in words.split(",") if w.strip()})
    return out


@lru_cache(maxsize=None)
def _units() -> frozenset[str]:
    g = grammar()
    return frozenset(g["units"]) | frozenset(s + u for s in g["scales"] for u in g["units"])


def _dict_entries(path):
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            parts = line.split()
            yield parts[0], (int(parts[1]) if len(parts) > 1 else None), (parts[2] if len(parts) > 2 else None)


class Tokenizer:
    """Segmentation with the policy dictionary, on a private tokenizer instance.

    backend "jieba" (default): a `jieba.Tokenizer`, precise mode with HMM. backend "rjieba":
    the Rust port jieba-rs (package rjieba), about 10x faster; tests/test_words.py checks that
    it cuts every paragraph of the shipped report exactly as jieba does with our dictionary.
    """

    def __init__(self, user_dict=None, backend: str = "jieba"):
        self.backend = backend
        path = user_dict or resource("policy_dict.txt")
        if backend == "jieba":
            self.jieba = jieba.Tokenizer()
            self.jieba.load_userdict(str(path))
            self._cut = self.jieba.lcut
        elif backend == "rjieba":
            import rjieba
            self.jieba = None
            self._rj = rjieba.Jieba()
            for word, freq, tag in _dict_entries(path):
                self._rj.add_word(word, freq, tag)
            self._cut = lambda text: self._rj.cut(text, True)
        else:
            raise ValueError(f"unknown tokenizer backend {backend!r}: use 'jieba' or 'rjieba'")
        self._pos = None
        self._extractors = None

    def cut(self, text: str) -> list[str]:
        """All tokens of `text` (precise mode with HMM), punctuation included."""
        return self._cut(text)

    @property
    def pos(self) -> jieba.posseg.POSTokenizer:
        """A part-of-speech tokenizer on the same dictionary (for TextRank; jieba backend)."""
        if self._pos is None:
            if self.jieba is None:
                self._jb = Tokenizer(backend="jieba")
                self._pos = self._jb.pos
            else:
                self._pos = jieba.posseg.POSTokenizer(self.jieba)
        return self._pos


@lru_cache(maxsize=None)
def default_tokenizer() -> Tokenizer:
    """One shared Tokenizer with the package's policy dictionary (built on first use, ~1 s)."""
    return Tokenizer()


def is_content(token: str, drop_stopwords: bool = True, drop_numbers: bool = True,
               drop_units: bool = True, drop_single: bool = True) -> bool:
    """Whether a token counts as a word: not punctuation, and by default not a stopword,
    number, unit or single character."""
    t = token.strip()
    if not t or not _HAS_WORD_CHAR.search(t) and not (not drop_numbers and _DIGIT.search(t)):
        return False
    if drop_single and len(t) < 2:
        return False
    if drop_numbers and (_DIGIT.search(t) or _CN_NUMBER.match(t)):
        return False
    if drop_units and t in _units():
        return False
    if drop_stopwords and t in stopwords():
        return False
    return True


@lru_cache(maxsize=200_000)
def _is_content_default(token: str) -> bool:
    return is_content(token)


def content_words(text: str, tokenizer: Tokenizer | None = None, **filters) -> list[str]:
    """The words of `text` that count (see `is_content`), in order."""
    tok = tokenizer or default_tokenizer()
    if not filters:
        return [t for t in tok.cut(text) if _is_content_default(t)]
    return [t for t in tok.cut(text) if is_content(t, **filters)]


def _units_of(paragraphs: pd.DataFrame, year: int):
    """(level, part, chapter, side, text) for the report, each part and each chapter."""
    paras = paragraphs.copy()
    paras["side"] = [{"actual": "review", "target": "plan"}.get(part_kind(p, year), "") for p in paras.part]
    yield "report", "", "", "", paras
    for part, g in paras.groupby("part", sort=False):
        if part:
            yield "part", part, "", g.side.iloc[0], g
    for (part, chapter), g in paras.groupby(["part", "chapter"], sort=False):
        if chapter:
            yield "chapter", part, chapter, g.side.iloc[0], g


def _chars(texts) -> int:
    return sum(len(re.sub(r"\s", "", t)) for t in texts)


FREQ_COLUMNS = ["report_id", "level", "part", "side", "chapter", "word", "count", "per_10k"]


def unit_counts(meta: dict, paragraphs: pd.DataFrame, tokenizer: Tokenizer | None = None) -> list[tuple]:
    """(level, part, chapter, side, characters, Counter of words) for the report, each part and
    each chapter, in the order they appear. Each paragraph is segmented once."""
    tok = tokenizer or default_tokenizer()
    year = int(meta["year"])
    parts, chapters, texts = (paragraphs[c].tolist() for c in ("part", "chapter", "text"))
    side_of = {p: {"actual": "review", "target": "plan"}.get(part_kind(p, year), "") for p in set(parts)}
    units: dict[tuple, list] = {("report", "", ""): ["", 0, Counter()]}
    for part, chapter, text in zip(parts, chapters, texts):
        counts = Counter(content_words(text, tok))
        chars = _chars([text])
        keys = [("report", "", "")]
        if part:
            keys.append(("part", part, ""))
            if chapter:
                keys.append(("chapter", part, chapter))
        for key in keys:
            unit = units.setdefault(key, [side_of[part] if key[0] != "report" else "", 0, Counter()])
            unit[1] += chars
            unit[2].update(counts)
    order = {"report": 0, "part": 1, "chapter": 2}
    ordered = sorted(units.items(), key=lambda kv: order[kv[0][0]])     # stable: appearance order within a level
    return [(lvl, part, chapter, side, chars, counts) for (lvl, part, chapter), (side, chars, counts) in ordered]


def frequencies(meta: dict, paragraphs: pd.DataFrame, tokenizer: Tokenizer | None = None,
                units: list | None = None) -> pd.DataFrame:
    """Word counts of a report, of each part and of each chapter, with counts per 10,000 characters.

    Columns: report_id, level (report/part/chapter), part, side (review/plan), chapter, word,
    count, per_10k. Rows are sorted by unit, then count (descending), then word.
    """
    units = units if units is not None else unit_counts(meta, paragraphs, tokenizer)
    cols: dict[str, list] = {c: [] for c in FREQ_COLUMNS}
    rid = meta["report_id"]
    for level, part, chapter, side, chars, counts in units:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        n = len(items)
        cols["report_id"] += [rid] * n
        cols["level"] += [level] * n
        cols["part"] += [part] * n
        cols["side"] += [side] * n
        cols["chapter"] += [chapter] * n
        cols["word"] += [w for w, _ in items]
        cols["count"] += [c for _, c in items]
        cols["per_10k"] += [round(c * 10000 / chars, 4) if chars else 0.0 for _, c in items]
    return pd.DataFrame(cols, columns=FREQ_COLUMNS)


@lru_cache(maxsize=None)
def _idf() -> tuple[dict, float]:
    """jieba's bundled IDF table and its median (the weight of unknown words)."""
    loader = jieba.analyse.TFIDF().idf_loader
    return loader.idf_freq, loader.median_idf


def tfidf(counts: Counter | dict, k: int = 10) -> list[tuple[str, float]]:
    """Top-k words by TF-IDF: count / total × idf (jieba's IDF table, median for unknown words),
    computed from content-word counts (so stopwords, numbers and units never rank)."""
    import heapq
    idf, median = _idf()
    total = sum(counts.values())
    if not total:
        return []
    scored = heapq.nsmallest(k, ((-(c * idf.get(w, median) / total), w) for w, c in counts.items()))
    return [(w, round(-x, 6)) for x, w in scored]


def _textrank(tok: Tokenizer):
    if getattr(tok, "_extractors", None) is None:
        textrank = jieba.analyse.TextRank()
        textrank.tokenizer = textrank.postokenizer = tok.pos
        textrank.stop_words = set(stopwords())
        tok._extractors = textrank
    return tok._extractors


def textrank(text: str, k: int = 10, tokenizer: Tokenizer | None = None) -> list[tuple[str, float]]:
    """Top-k keywords by TextRank (jieba.analyse; nouns and verbs), with our stopwords."""
    found = _textrank(tokenizer or default_tokenizer()).textrank(text, topK=k * 3, withWeight=True)
    return [(w, round(float(x), 6)) for w, x in found if is_content(w)][:k]


def keywords(text: str, k: int = 10, tokenizer: Tokenizer | None = None) -> list[tuple[str, str, float]]:
    """Top-k keywords of a text by TF-IDF and by TextRank: (method, word, weight)."""
    counts = Counter(content_words(text, tokenizer))
    return ([("tfidf", w, x) for w, x in tfidf(counts, k)]
            + [("textrank", w, x) for w, x in textrank(text, k, tokenizer)])


def keyword_table(meta: dict, paragraphs: pd.DataFrame, k: int = 10, tokenizer: Tokenizer | None = None,
                  units: list | None = None, methods=("tfidf", "textrank")) -> pd.DataFrame:
    """Keywords of the whole report, of each part and of each chapter. TF-IDF comes from the
    word counts (`units` of `unit_counts`, computed if not given); TextRank reads the text
    (slower: about 1 s a report)."""
    units = units if units is not None else unit_counts(meta, paragraphs, tokenizer)
    texts = {}
    if "textrank" in methods:
        texts = {(lvl, part, chapter): "\n".join(g.text)
                 for lvl, part, chapter, _, g in _units_of(paragraphs, int(meta["year"]))}
    rows = []
    for level, part, chapter, side, _, counts in units:
        found = []
        if "tfidf" in methods:
            found += [("tfidf", w, x) for w, x in tfidf(counts, k)]
        if "textrank" in methods:
            found += [("textrank", w, x) for w, x in textrank(texts[(level, part, chapter)], k, tokenizer)]
        for method, rank, word, weight in _ranked(found):
            rows.append({"report_id": meta["report_id"], "level": level, "part": part, "side": side,
                         "chapter": chapter, "method": method, "rank": rank, "word": word, "weight": weight})
    return pd.DataFrame(rows, columns=["report_id", "level", "part", "side", "chapter", "method", "rank", "word", "weight"])


def _ranked(kw):
    ranks: Counter = Counter()
    for method, word, weight in kw:
        ranks[method] += 1
        yield method, ranks[method], word, weight


@lru_cache(maxsize=None)
def _word_theme() -> dict[str, str]:
    return {w: t for t, (_, ws) in themes().items() for w in ws}


def theme_shares(freq: pd.DataFrame) -> pd.DataFrame:
    """Per unit of `frequencies` output: each theme's word count, its share of all theme words,
    and its count per 10,000 characters."""
    lex = themes()
    keys = ["report_id", "level", "part", "side", "chapter"]
    units = freq[keys].drop_duplicates()
    tagged = freq.assign(theme=freq.word.map(_word_theme())).dropna(subset=["theme"])
    sums = tagged.groupby(keys + ["theme"], sort=False)[["count", "per_10k"]].sum()
    grid = units.merge(pd.DataFrame({"theme": list(lex)}), how="cross")
    out = grid.merge(sums.reset_index(), on=keys + ["theme"], how="left").fillna({"count": 0, "per_10k": 0.0})
    out["count"] = out["count"].astype(int)
    totals = out.groupby(keys, sort=False)["count"].transform("sum")
    out["share"] = (out["count"] / totals.where(totals > 0)).fillna(0.0).round(6)
    out["per_10k"] = out["per_10k"].round(4)
    out["theme_en"] = out.theme.map({t: en for t, (en, _) in lex.items()})
    return out[keys + ["theme", "theme_en", "count", "share", "per_10k"]]


THEME_COLUMNS = ["report_id", "level", "part", "side", "chapter", "theme", "theme_en", "count", "share", "per_10k"]


def theme_table(meta: dict, units: list) -> pd.DataFrame:
    """`theme_shares` computed straight from `unit_counts` (the same table, ~10x faster)."""
    lex = themes()
    cols: dict[str, list] = {c: [] for c in THEME_COLUMNS}
    for level, part, chapter, side, chars, counts in units:
        found = {t: [(counts[w], round(counts[w] * 10000 / chars, 4) if chars else 0.0)
                     for w in ws if w in counts] for t, (_, ws) in lex.items()}
        n = {t: sum(c for c, _ in v) for t, v in found.items()}
        total = sum(n.values())
        for t, (en, _) in lex.items():
            cols["report_id"].append(meta["report_id"]); cols["level"].append(level)
            cols["part"].append(part); cols["side"].append(side); cols["chapter"].append(chapter)
            cols["theme"].append(t); cols["theme_en"].append(en); cols["count"].append(n[t])
            cols["share"].append(round(n[t] / total, 6) if total else 0.0)
            cols["per_10k"].append(round(sum(x for _, x in found[t]), 4))
    return pd.DataFrame(cols, columns=THEME_COLUMNS)


def shift(counts_a: Counter | dict, counts_b: Counter | dict, alpha: float = 1.0, min_count: int = 3) -> pd.DataFrame:
    """Words that rise or fall from text A to text B, by a smoothed log ratio.

    log_ratio = log2((b + α) / (N_b + α·V)) − log2((a + α) / (N_a + α·V)), with a, b a word's
    counts, N the texts' word totals, V the joint vocabulary size and α = 1 (add-one
    smoothing: a word absent from one text still gets a finite ratio). Positive: more
    frequent, relative to length, in B. Words with fewer than `min_count` uses in A and B
    together are left out (their ratio is noise).
    """
    vocab = set(counts_a) | set(counts_b)
    na, nb, v = sum(counts_a.values()), sum(counts_b.values()), len(vocab)
    rows = []
    for w in vocab:
        a, b = counts_a.get(w, 0), counts_b.get(w, 0)
        if a + b < min_count:
            continue
        lr = math.log2((b + alpha) / (nb + alpha * v)) - math.log2((a + alpha) / (na + alpha * v))
        rows.append({"word": w, "count_a": a, "count_b": b, "log_ratio": round(lr, 6)})
    df = pd.DataFrame(rows, columns=["word", "count_a", "count_b", "log_ratio"])
    return df.sort_values(["log_ratio", "word"], ascending=[False, True]).reset_index(drop=True)


def side_counts(freq: pd.DataFrame, report_id: str) -> dict[str, Counter]:
    """Word counts of the review and of the plan of one report (from `frequencies` output)."""
    parts = freq[(freq.report_id == report_id) & (freq.level == "part")]
    return {side: Counter(dict(g.groupby("word")["count"].sum())) for side, g in parts.groupby("side")}


def word_tables(sources, k: int = 10, tokenizer: Tokenizer | None = None, progress: bool = False):
    """Frequencies, theme shares and keywords of the cleaned reports in `sources` (interim
    directories or files): three DataFrames, written by the CLI as word_freq.csv, themes.csv,
    keywords.csv."""
    from .store import read_interim, report_stems
    stems = report_stems(sources)
    it = stems
    if progress:
        from tqdm import tqdm
        it = tqdm(stems, desc="words", unit="report")
    freq, kw = [], []
    for stem in it:
        meta, paras = read_interim(stem)
        units = unit_counts(meta, paras, tokenizer)
        freq.append(frequencies(meta, paras, units=units))
        kw.append(keyword_table(meta, paras, k, tokenizer, units=units))
    f = pd.concat(freq, ignore_index=True)
    return f, theme_shares(f), pd.concat(kw, ignore_index=True)


def short_label(part: str, chapter: str = "") -> str:
    """A short label for a part or chapter: "一（二）突出精准施策" for chart axes."""
    num = part.split("、", 1)[0] if part else ""
    if chapter:
        return num + re.split(r"[，,]", chapter, maxsplit=1)[0]
    return part
