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
from itertools import chain
from pathlib import Path

import jieba
import numpy as np
import pandas as pd

from .extract import grammar, kinds_of
from .paths import resource

jieba.setLogLevel(logging.WARNING)      # "Building prefix dict…" would go to stderr otherwise

_HAS_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_DIGIT = re.compile(r"[0-9０-９]")
_CN_NUMBER = re.compile(r"^第?[零一二三四五六七八九十百千万亿两几]+[位名期批次届个]?$")


def _lines(name: str) -> tuple[str, ...]:
    from . import rules
    return rules.lines(name)


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """The stopwords of resources/stopwords.txt."""
    return frozenset(_lines("stopwords.txt"))


@lru_cache(maxsize=None)
def themes() -> dict[str, tuple[str, set[str]]]:
    """Theme (Chinese) -> (English name, words), from resources/themes.txt, in file order."""
    from . import rules
    from .errors import JzlibError
    out = {}
    seen: dict[str, str] = {}
    for head, words in rules.pairs("themes.txt"):
        if "|" not in head:
            raise JzlibError(f"theme {head!r} has no English name: write 主题 | English name: word, word", resource("themes.txt"))
        zh, en = (x.strip() for x in head.split("|", 1))
        ws = {w.strip() for w in words.split(",") if w.strip()}
        for w in ws:                      # a word counts towards one theme only
            if w in seen:
                raise JzlibError(f"{w!r} is in theme {seen[w]} and in theme {zh}; a word counts for one theme",
                                 resource("themes.txt"))
            seen[w] = zh
        out[zh] = (en, ws)
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
        if user_dict is None:
            from . import rules
            rules.lines("policy_dict.txt")        # checked: no word twice (jieba reads the file itself)
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
    def pos(self):
        """A part-of-speech tokenizer on the same dictionary (for TextRank; jieba backend)."""
        if self._pos is None:
            if self.jieba is None:
                self._jb = Tokenizer(backend="jieba")
                self._pos = self._jb.pos
            else:
                import jieba.posseg        # imported when needed: loading its tables takes ~0.5 s

                class POSTokenizer(jieba.posseg.POSTokenizer):
                    load_word_tag = _load_word_tags
                self._pos = POSTokenizer(self.jieba)
        return self._pos


def _load_word_tags(pos, f) -> None:
    """`jieba.posseg.POSTokenizer.load_word_tag`, the same table read in one split (0.14 s, not
    0.49 s: importing jieba.analyse for TextRank has already read it once for jieba's own default
    tagger, whose table may hold a user's words, so it is not shared). A dictionary whose lines
    are not all "word freq tag" (three fields a line, a number in the middle) is left to jieba's
    own reader and its error message."""
    data = f.read()
    f.close()
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    fields, lines = text.split(), text.count("\n") + 1 - text.count("\n\n") - text.endswith("\n")
    if len(fields) != 3 * lines or not all(map(str.isdigit, fields[1::3])):
        import io

        import jieba.posseg
        jieba.posseg.POSTokenizer.load_word_tag(pos, io.BytesIO(text.encode("utf-8")))
        return
    pos.word_tag_tab = dict(zip(fields[0::3], fields[2::3]))


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


_CONTENT: dict[str, bool] = {}      # token -> is_content(token) with the default filters


def _is_content_default(token: str) -> bool:
    """`is_content` with default filters, memoised in a plain dict (a report has ~2,000 distinct
    tokens and ~10,000 occurrences; a dict lookup is cheaper than an lru_cache call)."""
    v = _CONTENT.get(token)
    if v is None:
        if len(_CONTENT) > 1_000_000:
            _CONTENT.clear()
        v = _CONTENT[token] = is_content(token)
    return v


def content_words(text: str, tokenizer: Tokenizer | None = None, **filters) -> list[str]:
    """The words of `text` that count (see `is_content`), in order."""
    tok = tokenizer or default_tokenizer()
    if not filters:
        known = _CONTENT
        return [t for t in tok.cut(text) if (known[t] if t in known else _is_content_default(t))]
    return [t for t in tok.cut(text) if is_content(t, **filters)]


def _scopes_of(paragraphs: pd.DataFrame, year: int):
    """(level, part, chapter, side, text) for the report, each part and each chapter."""
    paras = paragraphs.copy()
    paras["side"] = [side(k) for k in kinds_of(paras, year)]
    yield "report", "", "", "", paras
    for part, g in paras.groupby("part", sort=False):
        if part:
            yield "part", part, "", g.side.iloc[0], g
    for (part, chapter), g in paras.groupby(["part", "chapter"], sort=False):
        if chapter:
            yield "chapter", part, chapter, g.side.iloc[0], g


_SPACE = re.compile(r"\s")


def side(part_kind: str) -> str:
    """The side of the report a part is on in the word tables: "review" (last year's results)
    or "plan" (this year's and the coming years' work: outlook, plan, government)."""
    return "review" if part_kind == "review" else "plan" if part_kind else ""


# word_freq: the counts of the smallest scopes (each chapter; the text of a part outside its
# chapters; the text before the first part), each count stored once: a report's, a part's or a
# chapter's counts are sums of these (`roll_up`). chars: characters of the scope, without spaces.
FREQ_COLUMNS = ["report_id", "part", "side", "chapter", "chars", "word", "count"]
ROLLED_COLUMNS = ["report_id", "level", "part", "side", "chapter", "word", "count", "per_10k"]


def scope_counts(meta: dict, paragraphs, tokenizer: Tokenizer | None = None) -> list[tuple]:
    """(level, part, chapter, side, characters, Counter of words) for the report, each part and
    each chapter, in the order they appear. Each paragraph is segmented once; a paragraph counts
    for its chapter, its part and the report (one without a chapter: its part and the report).
    `paragraphs`: the paragraphs table, or a list of `structure.Paragraph`."""
    tok = tokenizer or default_tokenizer()
    year = int(meta["year"])
    if isinstance(paragraphs, pd.DataFrame):
        parts, chapters, texts = (paragraphs[c].tolist() for c in ("part", "chapter", "text"))
    else:                                   # a list of structure.Paragraph
        parts, chapters, texts = ([getattr(p, c) for p in paragraphs] for c in ("part", "chapter", "text"))
    side_of = dict(zip(parts, map(side, kinds_of(paragraphs, year))))
    tokens: dict[tuple, list] = {}          # (part, chapter) -> content words, in text order
    chars: dict[tuple, int] = {}
    for part, chapter, text in zip(parts, chapters, texts):
        key = (part, chapter if part else "")
        tokens.setdefault(key, []).extend(tok.cut(text))
        chars[key] = chars.get(key, 0) + len(_SPACE.sub("", text))
    # keep the content words: each distinct token is checked once (is_content is memoised)
    keep = {t for t in set(chain.from_iterable(tokens.values())) if _is_content_default(t)}
    tokens = {key: [t for t in ts if t in keep] for key, ts in tokens.items()}
    # counting whole token lists (Counter's C loop) is much faster than adding Counters
    report = [("report", "", "", "", sum(chars.values()), Counter(chain.from_iterable(tokens.values())))]
    by_part: dict[str, list] = {}
    for (part, _), ts in tokens.items():
        if part:
            by_part.setdefault(part, []).append(ts)
    part_scopes = [("part", part, "", side_of[part], sum(chars[k] for k in tokens if k[0] == part),
                   Counter(chain.from_iterable(lists))) for part, lists in by_part.items()]
    chapter_scopes = [("chapter", part, chapter, side_of[part], chars[(part, chapter)], Counter(ts))
                     for (part, chapter), ts in tokens.items() if part and chapter]
    scopes = Scopes(report + part_scopes + chapter_scopes)
    scopes.leaves = [(part, chapter, side_of[part] if part else "", chars[(part, chapter)], Counter(ts))
                     for (part, chapter), ts in tokens.items()]
    return scopes


class Scopes(list):
    """What `scope_counts` returns: a list of (level, part, chapter, side, characters, Counter),
    which also keeps the smallest scopes (`leaves`: (part, chapter, side, characters, Counter),
    the rows of word_freq) and, once computed, the report's sorted words and each scope's numpy
    arrays (see `_scope_arrays`), shared by the frequency table and the TF-IDF keywords."""

    arrays = None
    leaves: list = []


def _scope_arrays(scopes: list) -> tuple[list[str], list[tuple[np.ndarray, np.ndarray]]]:
    """The report's words, sorted (so a word's index orders words as Python compares them), and
    for each scope the indexes and counts of its words as numpy arrays: sorting and scoring a
    scope's words then happens in numpy, not per word in Python."""
    if getattr(scopes, "arrays", None) is not None:
        return scopes.arrays
    if isinstance(scopes, Scopes) and scopes and scopes[0][0] == "report":
        vocab = sorted(scopes[0][5])             # the whole report's words: every scope's words
    else:
        vocab = sorted(set().union(*(u[5] for u in scopes)))
    index = {w: i for i, w in enumerate(vocab)}
    arrays = [(np.fromiter(map(index.__getitem__, u[5]), dtype=np.int64, count=len(u[5])),
               np.fromiter(u[5].values(), dtype=np.int64, count=len(u[5]))) for u in scopes]
    if isinstance(scopes, Scopes):
        scopes.arrays = (vocab, arrays)
    return vocab, arrays


def frequencies(meta: dict, paragraphs: pd.DataFrame, tokenizer: Tokenizer | None = None,
                scopes: list | None = None) -> pd.DataFrame:
    """Word counts of the smallest scopes of a report (the word_freq table, FREQ_COLUMNS): each
    chapter, the text of a part outside its chapters, the text before the first part. Rows are
    in text order of the scopes, then by count (descending), then word. `roll_up` gives the
    counts of the report, of each part or of each chapter, with counts per 10,000 characters.
    """
    from . import tables
    scopes = scopes if scopes is not None else scope_counts(meta, paragraphs, tokenizer)
    return tables.frame("word_freq", frequency_columns(meta, scopes))


def _coded(values: list[str], codes: np.ndarray):
    """The column values[codes], each distinct string stored once (see `tables.Coded`)."""
    from .tables import Coded
    return Coded(values, codes)


def frequency_columns(meta: dict, scopes: list) -> dict:
    """The columns of `frequencies`, from `scope_counts`, built in numpy (a report has thousands
    of rows)."""
    vocab, _ = _scope_arrays(scopes)
    index = {w: i for i, w in enumerate(vocab)}
    leaves = scopes.leaves
    words_at, counts, sizes = [], [], []
    for *_, leaf in leaves:
        idx = np.fromiter(map(index.__getitem__, leaf), dtype=np.int64, count=len(leaf))
        cnt = np.fromiter(leaf.values(), dtype=np.int64, count=len(leaf))
        order = np.lexsort((idx, -cnt))
        words_at.append(idx[order])
        counts.append(cnt[order])
        sizes.append(len(idx))

    def cat(xs):
        return np.concatenate(xs) if xs else np.array([], dtype=np.int64)

    # text columns as categoricals: each distinct string is encoded once, not once a row
    scope_of = np.repeat(np.arange(len(leaves)), sizes)

    def scope_col(k):
        return _coded([u[k] for u in leaves], scope_of)
    return {
        "report_id": _coded([meta["report_id"]], np.zeros(sum(sizes), dtype=np.int64)),
        "part": scope_col(0), "side": scope_col(2), "chapter": scope_col(1),
        "chars": np.array([u[3] for u in leaves], dtype=np.int64)[scope_of],
        "word": _coded(vocab, cat(words_at)), "count": cat(counts)}


def roll_up(freq: pd.DataFrame, level: str = "report") -> pd.DataFrame:
    """Word counts of each report, part or chapter (`level`) from the word_freq table, with
    per_10k, the count per 10,000 characters of that scope (rounded to 4 decimals).

    Columns: ROLLED_COLUMNS (level as given; part and chapter "" where the level has none;
    side "" for a report). Rows: reports in table order, their scopes in text order, then count
    (descending), then word."""
    keys = {"report": ["report_id"], "part": ["report_id", "part"],
            "chapter": ["report_id", "part", "chapter"]}.get(level)
    if keys is None:
        raise ValueError(f"level is report, part or chapter, not {level!r}")
    f = freq if level == "report" else freq[freq[keys[-1]] != ""]
    leaves = f.drop_duplicates(["report_id", "part", "chapter"])
    scope = leaves.groupby(keys, sort=False).agg(chars=("chars", "sum"), side=("side", "first")).reset_index()
    scope["_order"] = range(len(scope))
    out = (f.groupby(keys + ["word"], sort=False)["count"].sum().reset_index()
           .merge(scope, on=keys, how="left"))
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(out.chars > 0, out["count"] * 10000 / out.chars.where(out.chars > 0, 1), 0.0)
    out["per_10k"] = np.round(rate.astype(np.float64), 4)
    out = out.sort_values(["_order", "count", "word"], ascending=[True, False, True], kind="stable")
    out["level"] = level
    for k in ("part", "chapter"):
        if k not in keys:
            out[k] = ""
    if level == "report":
        out["side"] = ""
    return out[ROLLED_COLUMNS].reset_index(drop=True)


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    rows = list(rows)
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


@lru_cache(maxsize=None)
def _idf() -> tuple[dict, float]:
    """jieba's bundled IDF table and its median (the weight of unknown words)."""
    # read as jieba.analyse.tfidf.IDFLoader reads it, without importing jieba.analyse (which
    # loads jieba.posseg's tables, ~0.5 s, needed only for TextRank); when TextRank has imported
    # it, its default extractor has read this very file (0.35 s): its table is taken (a later
    # jieba.analyse.set_idf_path replaces that dict, it never changes it)
    import sys
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    loaded = getattr(sys.modules.get("jieba.analyse"), "default_tfidf", None)
    if loaded is not None and Path(loaded.idf_loader.path).resolve() == path.resolve():
        return loaded.idf_loader.idf_freq, loaded.idf_loader.median_idf
    idf = {}
    for line in path.read_bytes().decode("utf-8").splitlines():
        word, freq = line.strip().split(" ")
        idf[word] = float(freq)
    return idf, sorted(idf.values())[len(idf) // 2]


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


def _weights(vocab: list[str]) -> list[float]:
    """IDF weights of words (jieba's table, its median for unknown words)."""
    idf, median = _idf()
    return [idf.get(w, median) for w in vocab]


def _tfidf_scopes(scopes: list, k: int = 10) -> list[list[tuple[str, float]]]:
    """`tfidf` of every scope of `scope_counts`, the same numbers in the same order (score, then
    word, on ties), computed in numpy per scope instead of per word in Python."""
    vocab, arrays = _scope_arrays(scopes)
    weights = np.array(_weights(vocab), dtype=np.float64)
    out = []
    for idx, cnt in arrays:
        total = int(cnt.sum())
        if not total:
            out.append([])
            continue
        score = cnt * weights[idx] / total
        top = np.lexsort((idx, -score))[:k]
        out.append([(vocab[i], round(float(x), 6)) for i, x in zip(idx[top].tolist(), score[top].tolist())])
    return out


def _textrank(tok: Tokenizer):
    if getattr(tok, "_extractors", None) is None:
        import jieba.analyse
        textrank = jieba.analyse.TextRank()
        textrank.tokenizer = textrank.postokenizer = tok.pos
        textrank.stop_words = set(stopwords())
        tok._extractors = textrank
    return tok._extractors


class _TaggedLines:
    """jieba.posseg's `cut`, remembering each line's tags: a report's keywords are ranked in the
    report, in each part and in each chapter, so every paragraph would be tagged three times
    (tagging is 70-80% of TextRank's time). The tags of "a\nb" are those of "a", a "\n" token
    and those of "b" (jieba cuts at every non-word character), so the result is unchanged."""

    def __init__(self, pos):
        self.pos, self.memo = pos, {}
        self.newline = next(iter(pos.cut("\n")))

    def cut(self, text: str) -> list:
        out = []
        for i, line in enumerate(text.split("\n")):
            if i:
                out.append(self.newline)
            tags = self.memo.get(line)
            if tags is None:
                tags = self.memo[line] = list(self.pos.cut(line))
            out.extend(tags)
        return out


def textrank(text: str, k: int = 10, tokenizer: Tokenizer | None = None, tagger=None) -> list[tuple[str, float]]:
    """Top-k keywords by TextRank (jieba.analyse; nouns and verbs), with our stopwords.
    `tagger`: a `_TaggedLines` shared by the texts of one report (same result, tagged once)."""
    ranker = _textrank(tokenizer or default_tokenizer())
    if tagger is not None:
        ranker.tokenizer = tagger
    try:
        found = ranker.textrank(text, topK=k * 3, withWeight=True)
    finally:
        ranker.tokenizer = ranker.postokenizer
    return [(w, round(float(x), 6)) for w, x in found if is_content(w)][:k]


def keywords(text: str, k: int = 10, tokenizer: Tokenizer | None = None) -> list[tuple[str, str, float]]:
    """Top-k keywords of a text by TF-IDF and by TextRank: (method, word, weight)."""
    counts = Counter(content_words(text, tokenizer))
    return ([("tfidf", w, x) for w, x in tfidf(counts, k)]
            + [("textrank", w, x) for w, x in textrank(text, k, tokenizer)])


KEYWORD_COLUMNS = ["report_id", "level", "part", "side", "chapter", "method", "rank", "word", "weight"]


def keyword_rows(meta: dict, paragraphs: pd.DataFrame, scopes: list, k: int = 10,
                 tokenizer: Tokenizer | None = None, methods=("tfidf", "textrank")):
    """The rows of `keyword_table` (tuples in KEYWORD_COLUMNS order)."""
    texts, tagger = {}, None
    if "textrank" in methods:
        texts = {(lvl, part, chapter): "\n".join(g.text)
                 for lvl, part, chapter, _, g in _scopes_of(paragraphs, int(meta["year"]))}
        tagger = _TaggedLines(_textrank(tokenizer or default_tokenizer()).postokenizer)
    rid = meta["report_id"]
    top = _tfidf_scopes(scopes, k) if "tfidf" in methods else [[]] * len(scopes)
    for (level, part, chapter, side, _, counts), best in zip(scopes, top):
        found = [("tfidf", w, x) for w, x in best]
        if "textrank" in methods:
            found += [("textrank", w, x)
                      for w, x in textrank(texts[(level, part, chapter)], k, tokenizer, tagger)]
        for method, rank, word, weight in _ranked(found):
            yield rid, level, part, side, chapter, method, rank, word, weight


def keyword_table(meta: dict, paragraphs: pd.DataFrame, k: int = 10, tokenizer: Tokenizer | None = None,
                  scopes: list | None = None, methods=("tfidf", "textrank")) -> pd.DataFrame:
    """Keywords of the whole report, of each part and of each chapter. TF-IDF comes from the
    word counts (`scopes` of `scope_counts`, computed if not given); TextRank reads the text
    (slower: about 1 s a report)."""
    scopes = scopes if scopes is not None else scope_counts(meta, paragraphs, tokenizer)
    return _frame(keyword_rows(meta, paragraphs, scopes, k, tokenizer, methods), KEYWORD_COLUMNS)


def _ranked(kw):
    ranks: Counter = Counter()
    for method, word, weight in kw:
        ranks[method] += 1
        yield method, ranks[method], word, weight


@lru_cache(maxsize=None)
def _word_theme() -> dict[str, str]:
    return {w: t for t, (_, ws) in themes().items() for w in ws}


THEME_COLUMNS = ["report_id", "level", "part", "side", "chapter", "theme", "theme_en", "count", "share", "per_10k"]


def theme_rows(meta: dict, scopes: list):
    """The rows of `theme_table` (tuples in THEME_COLUMNS order), from `scope_counts`."""
    present = set(_scope_arrays(scopes)[0])          # theme words the report uses: the rest count 0
    lex = [(t, en, [w for w in sorted(ws) if w in present]) for t, (en, ws) in themes().items()]
    rid = meta["report_id"]
    for level, part, chapter, side, chars, counts in scopes:
        found = [[counts[w] for w in ws if w in counts] for _, _, ws in lex]     # in word order
        # each word's count per 10,000 characters, rounded as in word_freq.csv: once per distinct count
        per_10k = {c: round(c * 10000 / chars, 4) if chars else 0.0 for f in found for c in f}
        n = [sum(f) for f in found]
        total = sum(n)
        for (t, en, _), f, nt in zip(lex, found, n):
            yield (rid, level, part, side, chapter, t, en, nt, round(nt / total, 6) if total else 0.0,
                   round(sum(map(per_10k.__getitem__, f)), 4))


def theme_table(meta: dict, scopes: list) -> pd.DataFrame:
    """Per scope of `scope_counts`: each theme's word count, its share of all theme words and its
    count per 10,000 characters (the sum of its words' per_10k in `frequencies`)."""
    return _frame(theme_rows(meta, scopes), THEME_COLUMNS)


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
    """Word counts of the review and of the plan of one report (from the word_freq table)."""
    parts = freq[(freq.report_id == report_id) & (freq.side != "")]
    return {side: Counter(dict(g.groupby("word")["count"].sum())) for side, g in parts.groupby("side")}


def report_words(meta: dict, paragraphs, tokenizer: Tokenizer | None = None, k: int = 10,
                 methods=("tfidf", "textrank")) -> dict:
    """The word tables of one report, each paragraph segmented once: word_freq (columns),
    themes and keywords (rows); `methods`: "tfidf", and "textrank" which reads the text (~1 s
    a report). The one place these tables are made: the notebooks (`word_tables`) and a corpus
    build call it (`tables.frame` or `tables.arrow` of each)."""
    scopes = scope_counts(meta, paragraphs, tokenizer)
    if not isinstance(paragraphs, pd.DataFrame) and "textrank" in methods:
        from .store import PARAGRAPH_COLUMNS
        paragraphs = pd.DataFrame([(meta["report_id"], p.para_id, p.part, p.part_kind, p.chapter, p.section, p.text)
                                   for p in paragraphs], columns=PARAGRAPH_COLUMNS)
    return {"word_freq": frequency_columns(meta, scopes), "themes": list(theme_rows(meta, scopes)),
            "keywords": list(keyword_rows(meta, paragraphs, scopes, k, tokenizer, methods))}


def word_tables(sources, k: int = 10, tokenizer: Tokenizer | None = None, progress: bool = False,
                methods=("tfidf", "textrank")):
    """Frequencies, theme shares and keywords of the cleaned reports in `sources` (interim
    directories or files): three DataFrames, `report_words` of each report one after another."""
    from . import tables
    from .store import read_interim, report_stems
    stems = report_stems(sources)
    it = stems
    if progress:
        from tqdm import tqdm
        it = tqdm(stems, desc="words", unit="report")
    out: dict[str, list] = {"word_freq": [], "themes": [], "keywords": []}
    for stem in it:
        for name, data in report_words(*read_interim(stem), tokenizer, k, methods).items():
            out[name].append(tables.arrow(name, data))
    import pyarrow as pa
    return tuple(tables.from_arrow(name, pa.concat_tables(parts)) if parts else tables.frame(name, [])
                 for name, parts in out.items())


def short_label(part: str, chapter: str = "") -> str:
    """A short label for a part or chapter: "一（二）突出精准施策" for chart axes."""
    num = part.split("、", 1)[0] if part else ""
    if chapter:
        return num + re.split(r"[，,]", chapter, maxsplit=1)[0]
    return part


def example_sentence(interim_dir, report_id: str, tokenizer: Tokenizer | None = None,
                     shortest: int = 20, longest: int = 70) -> str:
    """A sentence to show segmentation on: the first sentence of the report's plan (else of the
    whole report) of `shortest`–`longest` characters that the policy dictionary changes most,
    i.e. with the most dictionary terms cut whole (ties: the earlier sentence)."""
    from .store import read_interim
    tok = tokenizer or default_tokenizer()
    _, paras = read_interim(Path(interim_dir) / report_id)
    terms = {w for w, _, _ in _dict_entries(resource("policy_dict.txt")) if len(w) >= 3}
    best, best_n = "", 0
    for kinds in (("plan",), None):
        rows = paras if kinds is None else paras[paras.part_kind.isin(kinds)]
        for text in rows.text:
            for s in re.findall(r"[^。！？；]+[。！？；]", text):
                s = s.strip()
                if shortest <= len(s) <= longest:
                    n = sum(t in terms for t in tok.cut(s))
                    if n > best_n:
                        best, best_n = s, n
        if best:
            return best
    return best
