"""Extracting indicators: every quantitative statement of a cleaned report as a tidy row.

A sentence is cut into clauses at ，；：. In each clause a scanner finds *mentions*: a number
(or a range 1~2, or a list 1.8、2.4) with its scale and unit (亿元, 万人, %, 个百分点 ...).
Each mention is read by the words around it (jzlib/resources/indicator_grammar.txt):

- measure `level`: 全市生产总值2082.6亿元; 城镇化率达到56.45%
- measure `growth`: 增长8.3% (下降/减少/回落 ... give a negative growth_pct)
- measure `change`: 比上年提高1.6个百分点; 高于GDP增速1.8个百分点 (change_pp, compared_to)
- measure `share`: 占一般公共预算支出76.6% (share_pct, share_of); 30%的行政村
- measure `difference`: 比“十二五”5年总数还多2名 (value, compared_to)

A mention whose words name an indicator starts a row; a growth, change, share or rank with
no name of its own fills the row before it (全市生产总值2082.6亿元，增长8.3%，居全省第二位
is one row). Lists pair in order, one row per item. Numbers inside quotes (“1+6”), next to
Latin letters (PM2.5) or without a unit (334) are names or labels, never rows; dates and
durations (年, 月, 日) are not units.

Whether a figure is an `actual` or a `target` comes from the part of the report it is in
(`part_kind`): the review (…工作回顾, 过去…) reports actuals of the review year; the plan
(…工作安排, …任务, the report's year) sets targets for the report's year.
"""
from __future__ import annotations

import math
import re
from collections import namedtuple
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import periods
from .numbers import plain
from .paths import resource, sections
from .clean import phrases
from .structure import split_sentences

COLUMNS = ["report_id", "city", "report_year", "kind", "year", "period", "year_from", "year_to",
           "indicator", "raw_indicator",
           "measure", "value", "unit", "scale", "growth_pct", "change_pp", "compared_to",
           "qualifier", "commitment", "low", "high", "item", "rank", "rank_scope", "share_pct",
           "share_of", "part", "chapter", "section", "para_id", "sent_id", "sentence"]
NUMBER_COLUMNS = ["value", "growth_pct", "change_pp", "low", "high", "share_pct"]

_NUM = re.compile(r"\d+(?:\.\d+)?")
INDEX_BASE = 100      # a price index states last year as 100: 102.3 is a rise of 2.3
_DIGIT = re.compile(r"\d")
_LATIN_DOT = re.compile(r"[A-Za-z.]")
_LATIN = re.compile(r"[A-Za-z]")
_HAN_OR_QUOTE = re.compile(r"[\u4e00-\u9fff“]")
_THRESHOLD = re.compile(r"超过?|不低于|以上")
_GROWTH_TAIL = re.compile(r"(了|平均|约)$")
_BASE_YEAR = r"(?:比|较)(?:19|20)\d\d年"
_SHARE = re.compile(r"^(?P<name>.*?)占(?P<base>[^占]+?)(?:的)?(?:比重|比例)?$")
_REACHES = re.compile(r"(达到|为|提高到)$")
_BARE_THRESHOLD = re.compile(r"(超过?|不低于)?[\d.]*")
_OVER_AMOUNT = re.compile(r"超过?\d+(\.\d+)?[万亿千]*[元吨]?")
_MORE_THAN = re.compile(r"比.+?(还|再)?(多|少)$")
_ENDS_COMPARATIVE = re.compile(r"(多|少|高|低)$")
_LEADING_DE = re.compile(r"^的")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CLAUSE = re.compile(r"[^，；：,;:。！？]+")
_PAREN = re.compile(r"（[^（）]*）|\([^()]*\)")
_QUOTED = re.compile(r"“[^“”]*”|‘[^‘’]*’|《[^《》]*》|「[^「」]*」")
_RANGE_SEP = ("——", "—", "～", "~", "-", "至", "到")
_PP_UNITS = ("个百分点", "百分点")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_RANK = re.compile(r"(?:跃居|位居|居|列)(全国|全省|全市|全区|全县|全州)?(?:同类城市)?第([一二三四五六七八九十]{1,3}|\d{1,3})(?:位|名)")


# --- grammar ---------------------------------------------------------------------------------

@lru_cache(maxsize=None)
def grammar() -> dict[str, tuple[str, ...]]:
    """The sections of resources/indicator_grammar.txt, each a tuple of entries, longest first."""
    from .rules import Sections, numbered_sections
    return Sections("indicator_grammar.txt", {k: tuple(sorted((e for _, e in v), key=len, reverse=True))
                                               for k, v in numbered_sections("indicator_grammar.txt").items()})


@lru_cache(maxsize=None)
def aliases() -> dict[str, str]:
    """Alias (and canonical name) -> canonical name, from resources/indicator_aliases.txt."""
    from . import rules
    out = {}
    for canon, rest in rules.pairs("indicator_aliases.txt"):
        out[canon] = canon
        for a in rest.split(","):
            if a.strip():
                out[a.strip()] = canon
    return out


@lru_cache(maxsize=None)
def _place() -> re.Pattern:
    """A government's name at the start of a text (焦作市生产总值): suffixes from places.txt."""
    from .identify import places
    suffixes = "|".join(map(re.escape, sorted(places()["suffixes"], key=len, reverse=True)))
    return re.compile(f"^[\u4e00-\u9fff]{{1,10}}?(?:{suffixes})")


@lru_cache(maxsize=1 << 16)
def canonical(raw: str, with_growth: bool = False) -> str:
    """Canonical indicator name of a raw one: 全市生产总值, 预计全年地区生产总值, 五年来国内生产总值,
    焦作市生产总值 -> 生产总值. Leading verbs, time and place words ([name_prefixes] of the grammar),
    period markers (resources/periods.txt) and a place name are dropped while what is left is
    not a known name (resources/indicator_aliases.txt); unknown names stay as written."""
    name = raw.replace("“", "").replace("”", "")
    table = aliases()
    if name in grammar()["bare_measures"] and not (with_growth and name in grammar()["totals_with_growth"]):
        return raw                              # 完成固定资产投资18亿元 with no subject: a project's or an area's
    prefixes = grammar()["name_prefixes"]
    while name:
        if name in table:
            return table[name]
        w = _startswith_any(name, 0, prefixes)
        if w:
            name = name[len(w):]
            continue
        m = periods.markers(name, periods.ANY_YEAR)
        if m and m[0][0] == 0:
            name = name[m[0][1]:]
            continue
        w = next((x for x in grammar()["name_suffixes"] if name.endswith(x) and len(name) > len(x)), "")
        if w:
            name = name[: -len(w)]
            continue
        place = _place().match(name)
        if place and name[place.end():] in table:
            return table[name[place.end():]]
        inner = next((name.index(w) + len(w) for w in grammar()["time_words"] if w in name[1:]), 0)
        if inner and inner < len(name):                        # 中央提出今年经济增长预期目标
            name = name[inner:]
            continue
        break
    return raw


def _num(s: str) -> float:
    return float(s)


def _cn_int(s: str) -> int:
    if s.isdigit():
        return int(s)
    if len(s) == 1:
        return _CN_DIGITS[s]
    if s.startswith("十"):
        return 10 + (_CN_DIGITS[s[1]] if len(s) > 1 else 0)
    return _CN_DIGITS[s[0]] * 10 + (_CN_DIGITS[s[2]] if len(s) > 2 else 0)


# --- scanning mentions -------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _not_indicators() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in grammar().get("not_indicators", ()))


def _blocked(clause: str) -> list[tuple[int, int]]:
    spans = [m.span() for m in _QUOTED.finditer(clause)]
    for pat in _not_indicators():
        spans += [m.span() for m in pat.finditer(clause)]
    return spans


@lru_cache(maxsize=None)
def _alternation(words: tuple) -> re.Pattern:
    """The words as one regex that tries them in order (the first that matches wins). (It was
    cached by the tuple's identity to save hashing the tuple; measured on 400 corpus reports,
    that bought nothing: 8.3-8.5 s against 8.0-8.4 s for this.)"""
    return re.compile("|".join(map(re.escape, words)))


def _startswith_any(text: str, pos: int, words: tuple) -> str:
    """The first of `words` (a tuple) that `text` has at `pos`, or "": one C-level check
    (startswith over the tuple) when none does, one regex match to tell which otherwise."""
    if not words or not text.startswith(words, pos):
        return ""
    return _alternation(words).match(text, pos).group()


def _item(clause: str, pos: int):
    """Parse one number at pos: (number text, end, scale, approx, unit) — unit may be ""."""
    g = grammar()
    m = _NUM.match(clause, pos)
    num, j = m.group(), m.end()
    approx = scale = unit = ""
    if clause.startswith("%", j):
        return num, j + 1, "", "", "%"
    if (a := _startswith_any(clause, j, ("多", "余"))) and not _startswith_any(clause, j, g["units"]):
        approx, j = a, j + 1
    unit = _startswith_any(clause, j, g["units"])
    if not unit:
        scale = _startswith_any(clause, j, g["scales"])
        if scale:
            j += len(scale)
            if (a := _startswith_any(clause, j, ("多", "余"))):
                approx, j = a, j + 1
            unit = _startswith_any(clause, j, g["units"])
    return num, j + len(unit), scale, approx, unit


def scan(clause: str) -> list[dict]:
    """The quantity mentions of one clause, in order, with their spans."""
    if not _DIGIT.search(clause):
        return []
    g = grammar()
    blocked = _blocked(clause)
    mentions: list[dict] = []
    pos = 0
    while (m := _NUM.search(clause, pos)):
        start = m.start()
        pos = m.end()
        if blocked and any(a <= start < b for a, b in blocked):
            continue
        if start and _LATIN_DOT.match(clause, start - 1) or _LATIN.match(clause, m.end()):
            continue
        # a minus sign (numbers.plain made every kind "-") after a word, not a range's dash
        negative = start >= 2 and clause[start - 1] == "-" and _HAN.match(clause, start - 2)
        num, end, scale, approx, unit = _item(clause, start)
        items = [["-" + num if negative else num, None, ""]]
        ranged = _range(clause, end, num, unit, scale)
        if ranged:
            items, end, scale, unit = ranged
        items, end, unit, scale = _list_items(clause, items, end, unit, scale)
        if not unit:
            # a bare scale (1.5万贫困人口) counts, unless it qualifies a count just before it
            if scale and mentions and mentions[-1]["end"] == start:
                continue
            if not scale or not _HAN_OR_QUOTE.match(clause, end):
                continue
        bound = _startswith_any(clause, end, g["bounds_after"])
        end += len(bound)
        # a threshold right after a count (10家超100亿元) describes the counted thing
        if mentions and _THRESHOLD.fullmatch(clause[mentions[-1]["end"]:start] or "x") \
                and mentions[-1]["unit"] not in ("%",) + _PP_UNITS:
            continue
        mentions.append({"start": start - 1 if negative else start, "end": end, "items": items, "scale": scale,
                         "unit": scale + unit, "base_unit": unit, "approx": approx,
                         "bound": bound})
        pos = end
    return mentions


def _range(clause: str, end: int, num: str, unit: str, scale: str):
    """A range after a number (1~2家, 4.5%——5%, 3至5个): (items, end, scale, unit), or None."""
    sep = _startswith_any(clause, end, _RANGE_SEP)
    if sep and _NUM.match(clause, end + len(sep)):
        num2, end2, scale2, _, unit2 = _item(clause, end + len(sep))
        if unit2 and (not unit or unit == unit2):
            return [[num, num2, ""]], end2, scale2 or scale, unit2
    return None


def _list_items(clause: str, items: list, end: int, unit: str, scale: str):
    """The items of a list that goes on after a number (1.8、2.4个百分点; 450元、280元; 6%和7.4%;
    3.5%左右、6%左右, each item with its own bound), at most 20: (items, end, unit, scale)."""
    g = grammar()
    while len(items) < 20:
        b = _startswith_any(clause, end, g["bounds_after"])
        sep = _startswith_any(clause, end + len(b), g["list_separators"])
        at = end + len(b) + len(sep)
        if not sep or not _NUM.match(clause, at):
            break
        n2, e2, s2, _, u2 = _item(clause, at)
        if not u2 or (unit and u2 != unit):
            if u2 == "" and not unit:
                items[-1][2] = b
                items.append([n2, None, ""])
                end = e2
                continue
            if not (u2 in _PP_UNITS and unit and u2.startswith(unit)):   # 3.4个、1个百分点
                break
        items[-1][2] = b
        items.append([n2, None, ""])
        end, unit, scale = e2, u2, s2 or scale
    return items, end, unit, scale


# --- reading a clause --------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _affixes() -> dict[str, tuple[str, ...]]:
    """The words `_strip_start` and `_strip_end` remove, as tuples (for C-level prechecks)."""
    g = grammar()
    out = {"start": g["time_words"] + g["commitments"] + g["clause_openers"],
           "bounds": g["bounds_before"],
           "fillers": g["fillers"],
           "links": g["link_verbs"],
           "growth_to": tuple(w + to for w in g["growth_up"] + g["growth_down"] for to in g["to_level"])}
    out["commitments"] = g["commitments"]
    out["end"] = out["bounds"] + out["fillers"] + out["links"] + out["growth_to"] + out["commitments"]
    return out


@lru_cache(maxsize=None)
def _item_marker() -> re.Pattern:
    """A list item's number at the start of a name ([item_markers] of the grammar)."""
    return re.compile("(?:" + "|".join(grammar().get("item_markers", ())) + ")") \
        if grammar().get("item_markers") else re.compile(r"(?!)")


def _strip_start(text: str) -> str:
    words = _affixes()["start"]
    text = text.lstrip("、和及与并且，, ")
    m = _item_marker().match(text)
    if m and m.end() < len(text):                       # 1、新增城镇就业70万人; 一是新增城镇就业
        text = text[m.end():]
    changed = True
    while changed and text.startswith(words):
        changed = False
        for w in words:
            if text.startswith(w) and len(text) > len(w):
                text, changed = text[len(w):].lstrip("、，"), True
    return text


def _strip_period(text: str) -> str:
    """Text without the period markers at its start (2007年达到 -> 达到; 五年来城镇新增就业 ->
    城镇新增就业): the period is a column of the row, never part of its name."""
    while text:
        m = periods.markers(text, periods.ANY_YEAR)
        if m and m[0][0] == 0:
            text = text[m[0][1]:].lstrip("，、 ")
        elif m and m[-1][1] == len(text) and m[-1][0] > 0:      # 地区生产总值一季度
            text = text[: m[-1][0]]
        elif m and canonical(text[: m[0][0]]) in aliases().values():   # 地区生产总值二季度由负转正
            text = text[: m[0][0]]
        else:
            break
    return text


def _opens_period(text: str) -> bool:
    """True when `text` (the words before a figure) names a period other than the part's own
    year (2007年, 五年来, 到2025年): the figure then starts a row of its own."""
    return any(s.kind != "part" for _, _, s in periods.markers(text, periods.ANY_YEAR))


def _strip_end(text: str) -> tuple[str, str]:
    """Drop link verbs and bounds from the end of a name; return (name, bound before the figure)."""
    a = _affixes()
    bound = ""
    changed = True
    while changed and text.endswith(a["end"]):   # most names end with none of them
        changed = False
        for w in a["bounds"]:
            if text.endswith(w):
                bound = bound or w
                text, changed = text[: -len(w)], True
        for w in a["fillers"]:
            if text.endswith(w):
                text, changed = text[: -len(w)], True
        for w in a["links"]:
            if text.endswith(w) and len(text) > len(w):
                text, changed = text[: -len(w)], True
        for w in a["growth_to"]:
            if text.endswith(w):
                text, changed = text[: -len(w)], True
        for w in a["commitments"]:                    # 地区生产总值力争增长7%: the commitment column's
            if text.endswith(w) and len(text) > len(w):
                text, changed = text[: -len(w)], True
    return text, bound


@lru_cache(maxsize=None)
def _growth_base() -> re.Pattern:
    """The words between a name and its growth word ([growth_bases]: 比上年, 同比, 同口径, 实际 …,
    and 比2002年), all of them, at the end of the text."""
    words = "|".join(map(re.escape, grammar()["growth_bases"]))
    return re.compile(f"(?:{words}|{_BASE_YEAR})+$")


def _growth_sign(text: str) -> tuple[str, int]:
    """If text ends with a growth word (not 提高到): (text without it, ±1); else (text, 0)."""
    g = grammar()
    t = _GROWTH_TAIL.sub("", text)
    for words, sign in ((g["growth_down"], -1), (g["growth_up"], 1)):
        for w in words:
            if t.endswith(w):
                rest = _growth_base().sub("", t[: -len(w)])
                return rest, sign
    return text, 0


@lru_cache(maxsize=None)
def _comparisons():
    """The comparison grammar: (pattern, words that mean "more", masks). The words come from
    [more_than]/[less_than] (before a base) and [growth_up]/[growth_down] with
    [comparative_up]/[comparative_down] (after it); [not_comparisons] words (占比, 比重) are
    masked so that their 比 is not read as "compared with"."""
    g = grammar()
    before = g["more_than"] + g["less_than"]
    after = g["growth_up"] + g["comparative_up"] + g["growth_down"] + g["comparative_down"]
    alt = (lambda words: "|".join(map(re.escape, sorted(set(words), key=len, reverse=True))))
    # a 比 right before a direction word is a ratio, not "compared with" (存贷比提高3个百分点)
    pattern = re.compile(rf"^(?P<name>.*?)(?:分别)?(?:比(?!{alt(after)})(?P<base1>.+?)(?:还|再)?|"
                         rf"(?P<dir1>{alt(before)})(?P<base2>.+?))?(?P<dir2>{alt(after)})?$")
    up = frozenset(g["more_than"] + g["growth_up"] + g["comparative_up"])
    masks = {w: "".join(chr(0xE000 + i * 8 + k) for k in range(len(w))) for i, w in enumerate(g["not_comparisons"])}
    return pattern, up, masks


def stated_bases() -> dict[str, str]:
    """Base of a stated change -> "previous year" or "target" ([comparisons] of the grammar)."""
    out = {}
    for entry in grammar()["comparisons"]:
        word, _, kind = (x.strip() for x in entry.partition("|"))
        out[word] = kind
    return out


def _comparison(text: str):
    """Split '服务业增加值分别高于GDP、第二产业增加值增速' into (name, [bases], sign) or None
    (同比提高0.3个百分点: compared with 上年)."""
    pattern, up, masks = _comparisons()
    text = text.replace("同比", "比上年")
    for word, mask in masks.items():
        text = text.replace(word, mask)
    m = pattern.match(text)
    if not m or not (m.group("dir1") or m.group("dir2")):
        return None

    def unmask(s: str) -> str:
        for word, mask in masks.items():
            s = s.replace(mask, word)
        return s
    direction = m.group("dir1") or m.group("dir2")
    base = unmask(m.group("base1") or m.group("base2") or "")
    bases = [b for b in base.split("、") if b] if base else []
    return unmask(m.group("name")), bases, (1 if direction in up else -1)


def _share_of(text: str):
    """'占一般公共预算支出' -> ('', '一般公共预算支出'); None when not a share."""
    m = _SHARE.match(text)
    if m and not _REACHES.search(text):
        return m.group("name"), m.group("base")
    return None


def _values(items):
    return [(_num(a), None if b is None else _num(b)) for a, b, _ in items]


def _split_names(name: str, n: int) -> list[str] | None:
    """'生产总值、一般公共预算收入和社会消费品零售总额' -> its n names, or None when it does not
    hold exactly n (n >= 2) names separated by the list separators of the grammar."""
    if n < 2:
        return None
    parts = [x for x in _list_split().split(name) if x]
    if len(parts) == 1:
        for prefix, expansions in _name_pairs():               # 城乡居民人均可支配收入分别增长3.8%和7%
            if name.startswith(prefix) and len(expansions) == n:
                return [e + name[len(prefix):] for e in expansions]
        return None
    if len(parts) != n:
        return None
    # 城镇、农村居民人均可支配收入: the short leading items share the last item's tail
    k = len(parts[0])
    if k <= 4 and all(len(p) == k and p not in aliases() for p in parts[:-1]) and len(parts[-1]) >= k + 3:
        # the tail that makes every short item a known name (城镇居民、低收入农户人均可支配收入:
        # 人均可支配收入, not 户人均可支配收入), else the last item less the short items' length
        known = aliases()
        tails = [parts[-1][i:] for i in range(1, len(parts[-1]) - 1)]
        tail = next((t for t in tails if all(canonical(p + t) in known.values() and
                                             canonical(p + t) != canonical(t)
                                             for p in parts[:-1])), parts[-1][k:])
        parts = [p + tail for p in parts[:-1]] + [parts[-1]]
    return parts


@lru_cache(maxsize=None)
def _name_pairs() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """([name_pairs] of the grammar) a prefix standing for several: 城乡 -> (城镇, 农村)."""
    out = []
    for line in grammar().get("name_pairs", ()):
        head, _, rest = line.partition(":")
        out.append((head.strip(), tuple(x.strip() for x in rest.split(",") if x.strip())))
    return tuple(out)


@lru_cache(maxsize=None)
def _list_split() -> re.Pattern:
    return re.compile("|".join(map(re.escape, grammar()["list_separators"] + ("以及",))))


def _growth_noun(name: str) -> tuple[str, int]:
    """'居民消费价格涨幅' -> ('居民消费价格', 1): a name ending with a word for a rate of change
    (涨幅, 增速, 增幅; 降幅 a fall) gives a growth; else (name, 0)."""
    g = grammar()
    for words, sign in ((g["growth_nouns"], 1), (g["growth_nouns_down"], -1)):
        for w in words:
            if name.endswith(w) and len(name) > len(w):
                return name[: -len(w)], sign
    return name, 0


def _trailing_bound(text: str) -> tuple[str, str]:
    """(text without a bound word at its end, that word): '增长不低于' -> ('增长', '不低于')."""
    for w in grammar()["bounds_before"]:
        if text.endswith(w):
            return text[: -len(w)], w
    return text, ""


def read_sentence(sentence: str) -> list[dict]:
    """Rows of indicator fields for one sentence (no report context). Pure; never raises."""
    return [{k: v for k, v in r.items() if not k.startswith("_")} for r in _read(sentence)]


def _read(sentence: str) -> list[dict]:
    """`read_sentence`, with each row's position in the sentence (`_at`), whether it is an
    average (`_average`) and a year offset (`_shift`, -1 for 由上年…), for `indicator_rows`."""
    g = grammar()
    rows: list[dict] = []
    subject = ""
    for cm in _CLAUSE.finditer(plain(sentence)):
        clause, offset = cm.group(), cm.start()
        mentions = scan(clause)
        if not mentions and _has_flat(clause):
            flat = _flat(_PAREN.sub("", clause).strip())
            if flat is not None:
                flat["_at"] = offset
                rows.append(flat)
                continue
        if not rows:
            # a clause naming an indicator without a row of its own lends the name to the next
            # figure with none: 预计全年地区生产总值迈上万亿元台阶，增长8.8%左右
            subject = _known_name_in(clause) or subject
        made = _clause_mentions(rows, clause, offset, mentions, subject)
        _add_ranks(rows, clause, made)
    for r in rows:
        r["raw_indicator"] = r["raw_indicator"].strip("、，。—… ")
    return rows


def _clause_mentions(rows: list[dict], clause: str, offset: int, mentions: list[dict], subject: str) -> list:
    """Each mention of a clause into the rows, with the text before it (P) and after it (Q, up
    to the next mention) and the commitment word before it (确保, 力争); returns (end of each
    mention in the clause, number of rows after it)."""
    g = grammar()
    made = []
    commitment_at = {w: clause.find(w) for w in g["commitments"] if w in clause} if mentions else {}
    for k, mt in enumerate(mentions):
        prev_end = mentions[k - 1]["end"] if k else 0
        nxt = mentions[k + 1]["start"] if k + 1 < len(mentions) else len(clause)
        P = _PAREN.sub("", clause[prev_end:mt["start"]])
        Q = clause[mt["end"]:nxt]
        Q = "" if Q.startswith("、") else _PAREN.sub("", Q).strip("、")
        if k + 1 < len(mentions) and _BARE_THRESHOLD.fullmatch(Q) is None \
                and _OVER_AMOUNT.fullmatch(Q) and "的" in clause[nxt:]:
            Q += "的" + clause[nxt:].rsplit("的", 1)[1]    # 10家超100亿元、20家超50亿元的大企业集团
        commitment = next((w for w, i in sorted(commitment_at.items(), key=lambda x: x[1])
                           if i < mt["start"]), "")
        mt["followed"] = k + 1 < len(mentions)
        mt["at"] = offset + mt["start"]
        mt["subject"] = subject if not rows else ""
        _add_mention(rows, mt, P, Q, commitment)
        made.append((mt["end"], len(rows)))
    return made


def _add_ranks(rows: list[dict], clause: str, made: list) -> None:
    """A rank belongs to the quantity it follows (全市生产总值2082.6亿元，增长8.3%，居全省第二位)."""
    for m in (_RANK.finditer(clause) if rows else ()):
        n = next((n for end, n in reversed(made) if end <= m.start()), len(rows) if not made else 0)
        if n and rows[n - 1]["rank"] is None:
            rows[n - 1]["rank"] = _cn_int(m.group(2))
            rows[n - 1]["rank_scope"] = m.group(1) or ""


def _names_nothing(text: str) -> bool:
    """True when `text` (the words before a figure) is only estimate, verb, time and scope words
    ([name_prefixes], [time_words], [link_verbs], [growth_bases], [fillers], [figure_tails] of the
    grammar) and period markers: 预计全年, 初步核算全年完成, 可比, 大关: the figure belongs to the
    name before it."""
    words = _nothing_words()
    while text:
        w = _startswith_any(text, 0, words)
        if w:
            text = text[len(w):].lstrip("，、 ")
            continue
        m = periods.markers(text, periods.ANY_YEAR)
        if m and m[0][0] == 0:
            text = text[m[0][1]:].lstrip("，、 ")
            continue
        return False
    return True


@lru_cache(maxsize=None)
def _nothing_words() -> tuple[str, ...]:
    g = grammar()
    return g["name_prefixes"] + g["time_words"] + g["link_verbs"] + g["growth_bases"] + g["fillers"] \
        + g.get("figure_tails", ())


def _flat(clause: str) -> dict | None:
    """The row of a clause stating no change (一般公共预算收入与上年基本持平: growth 0, 左右), or None."""
    g = grammar()
    for w in g.get("flat", ()):
        if clause.endswith(w):
            name = clause[: -len(w)]
            about = next((a for a in g.get("flat_about", ()) if name.endswith(a)), "")
            name = name[: len(name) - len(about)]
            base = next((b for b in g.get("flat_bases", ()) if name.endswith(b)), "")
            name = _strip_start(_strip_period(name[: len(name) - len(base)])).strip("、，— ")
            if not name or canonical(name) not in aliases().values():
                return None
            row = _blank_row(name)
            row.update(measure="growth", growth_pct=0.0, qualifier="左右" if about else "")
            return row
    return None


def _known_name_in(clause: str) -> str:
    """The longest known indicator name (indicator_aliases.txt) written in `clause`, or "" (of
    names as long, the first in `_alias_names`). Names are looked up by their first two
    characters at each position of the clause: ~30 dictionary lookups a clause instead of a
    substring search for each of the ~800 names (11% of the extraction's time before)."""
    index = _alias_index()
    best, best_rank = "", -1
    for i in range(len(clause) - 1):
        for rank, name in index.get(clause[i:i + 2], ()):
            if len(name) < len(best) or (len(name) == len(best) and rank > best_rank):
                break                                   # longest first: nothing better follows
            if clause.startswith(name, i):
                best, best_rank = name, rank
                break
    return best


@lru_cache(maxsize=None)
def _alias_names() -> tuple[str, ...]:
    return tuple(sorted((a for a in aliases() if len(a) >= 3), key=len, reverse=True))


@lru_cache(maxsize=None)
def _alias_index() -> dict[str, tuple[tuple[int, str], ...]]:
    """First two characters -> (rank in `_alias_names`, name), longest (then first) first."""
    out: dict[str, list] = {}
    for rank, name in enumerate(_alias_names()):
        out.setdefault(name[:2], []).append((rank, name))
    return {k: tuple(v) for k, v in out.items()}


def _unfilled(rows: list[dict], n: int) -> list[dict] | None:
    """The last n rows of the sentence, when each is a level with no growth yet (the figures a
    following 分别增长a和b belongs to, in order), else None."""
    last = rows[-n:]
    if len(last) == n and all(r["measure"] == "level" and r["growth_pct"] is None and r["value"] is not None
                              and not r.get("_named_only") for r in last):
        return last
    return None


def _blank_row(name: str) -> dict:
    return {"raw_indicator": name, "measure": "", "value": None, "unit": "", "scale": "",
            "growth_pct": None, "change_pp": None, "compared_to": "", "qualifier": "",
            "commitment": "", "low": None, "high": None, "item": "", "rank": None,
            "rank_scope": "", "share_pct": None, "share_of": ""}


def _inherit_subject(rows: list[dict], name: str) -> str:
    """A bare measure (主营业务收入) takes the subject of the row before it in the sentence."""
    bare = grammar().get("bare_measures", ())
    if name not in bare or not rows:
        return name
    prev = rows[-1]["raw_indicator"]
    for b in bare:
        if prev.endswith(b) and len(prev) > len(b):
            return prev[: -len(b)] + name
    return name


@dataclass
class _Mention:
    """One quantity of a clause, on its way into the sentence's rows: the number found (`mt`,
    from `scan`), the text before it (`P`, its base-year and from-words dropped) and after it
    (`Q`), the name-bearing text (`text`), each item's value and qualifier, and the row before
    (`current`; a blank copy of it when the figure is of another period and only lends its name)."""

    rows: list
    mt: dict
    P: str
    Q: str
    text: str
    values: list
    qualifier: str
    qualifiers: list
    own: list
    commitment: str
    current: dict | None
    average: bool
    shift: int

    def fill(self, row: dict, slot: str, v, hi, q: str | None = None) -> None:
        """Put a value (or a range v–hi) into `slot` of `row`, with its qualifier and commitment."""
        q = self.qualifier if q is None else q
        if hi is not None:
            row["low"], row["high"], row["qualifier"] = v, hi, "range"
        else:
            row[slot] = v
        if q and row["qualifier"] != "range":
            row["qualifier"] = q
        if self.commitment:
            row["commitment"] = self.commitment
            row["qualifier"] = row["qualifier"] or self.commitment
        row["_average"] = row.get("_average") or self.average

    @staticmethod
    def reuse(row) -> dict | None:
        """A row to fill, unless it only lends its name."""
        return None if row is None or row.get("_named_only") else row

    def new(self, name: str, measure: str) -> dict:
        """A new row of the sentence, named (a bare measure takes the subject of the row before)."""
        row = _blank_row(_inherit_subject(self.rows, name))
        row["measure"] = measure
        row["_at"] = self.mt["at"]
        self.rows.append(row)
        return row

    def numbered(self, row: dict, i: int) -> None:
        """The list position of item i (1/3, 2/3 …) when the figure is a list."""
        if len(self.values) > 1:
            row["item"] = f"{i + 1}/{len(self.values)}"

    def named_before(self) -> str:
        return self.current["raw_indicator"] if self.current else ""


def _mention(rows: list[dict], mt: dict, P: str, Q: str, commitment: str) -> _Mention:
    """What the clause says around one quantity (see `_Mention`)."""
    g = grammar()
    shift = 0
    for w in g["base_year_words"]:                           # 由上年729万人增加到800万人
        if P.endswith(w):
            P, shift = P[: -len(w)], -1
            break
    for w in g["from_words"]:                                # 从54万亿元增加到82.7万亿元
        if P.endswith(w) and len(P) > len(w):
            P = P[: -len(w)]
            break
    text = _strip_start(_strip_period(P))
    if mt.get("subject") and not rows and not Q.strip():
        # the clause before named it: 地区生产总值逐季升位，预计全年增长8%
        rest = text if _names_nothing(text) else _growth_sign(text)[0]
        if _names_nothing(rest):
            P = text = mt["subject"] + text[len(rest):]
    current = rows[-1] if rows else None
    if current is not None and _opens_period(P):
        # 年均增长11.5%，2007年达到7077.2亿元: a figure of another period is a row of its own,
        # named after the row before
        current = dict(_blank_row(current["raw_indicator"]), _named_only=True)
    values = _values(mt["items"])
    qualifier = mt["bound"] or {"多": "多", "余": "余"}.get(mt["approx"], "")
    # each item's own bound (分别增长3.5%左右、6%左右、5%左右), else the one after the list for all
    own = [b for _, _, b in mt["items"][:-1]]
    average = periods.is_average(P)          # 年均增长7.1%: never the growth of the row before
    if average and current is not None:
        current = dict(_blank_row(current["raw_indicator"]), _named_only=True)
    return _Mention(rows, mt, P, Q, text, values, qualifier,
                    own + [qualifier] if any(own) else [qualifier] * len(values), own, commitment,
                    current, average, shift)


def _add_mention(rows: list[dict], mt: dict, P: str, Q: str, commitment: str) -> None:
    """Place one quantity of a clause into the sentence's rows: as a change in percentage points
    or a difference, a growth, a share, a price rise, or a level (tried in this order)."""
    m = _mention(rows, mt, P, Q, commitment)
    if mt["base_unit"] in _PP_UNITS or (mt["base_unit"] != "%" and _MORE_THAN.search(m.text)):
        _add_comparison(m)
    elif not (mt["base_unit"] == "%" and (_add_growth(m) or _add_share(m))) and not _add_price_rise(m):
        _add_level(m)


def _add_comparison(m: _Mention) -> None:
    """比上年提高1.6个百分点, 高于全省1.8个百分点 (change_pp); 比上年多5家 (a difference)."""
    text, pp = m.text, m.mt["base_unit"] in _PP_UNITS
    cmp = _comparison(_strip_end(text)[0] if not _ENDS_COMPARATIVE.search(text) else text)
    name, bases, sign = cmp if cmp else (_strip_end(text)[0], [], 1)
    name = _strip_start(name)
    measure, slot = ("change", "change_pp") if pp else ("difference", "value")
    for i, (v, hi) in enumerate(m.values):
        base = bases[i] if len(bases) == len(m.values) else "、".join(bases)
        current = m.current
        if name:
            row = m.new(name, measure)
        elif (len(m.values) == 1 and m.reuse(current) is not None and current[slot] is None
              and not current["compared_to"] and pp):
            row = current
        else:
            row = m.new(m.named_before(), measure)
        m.fill(row, slot, v, hi, m.qualifiers[i])
        if row[slot] is not None:
            row[slot] = sign * row[slot]
        row["compared_to"] = base
        if not pp:
            row["unit"], row["scale"] = m.mt["unit"], m.mt["scale"]
        m.numbered(row, i)


def _growth_names(m: _Mention, rest: str) -> tuple[str, list | None]:
    """The name of a growth and, for a list (分别, 均, 、), the name of each item; a growth
    that names its items together (收入和税收收入均增长10%) repeats its value for each."""
    g = grammar()
    each = rest.endswith(g["each_words"]) and not rest.endswith(("人均", "年均"))
    name = _strip_period(_strip_start(_strip_end(rest)[0]))
    if name in g["empty_heads"] or _names_nothing(name):    # 年增长14.4%, 预计全年增长8%: the row before's
        name = ""
    names = _split_names(name, len(m.values))
    parts = [x for x in _list_split().split(name) if x]
    if len(m.values) == 1 and not each and len(parts) > 1 and all(canonical(x) in aliases().values() for x in parts):
        each = True                                      # 城镇居民人均可支配收入、农民人均纯收入实际增长9%以上
    if each and len(m.values) == 1:                      # 收入和税收收入均增长10%以上
        n = len(parts)
        names = _split_names(name, n if n > 1 else 2)    # 城乡…均增长6%左右
        if names:
            m.values, m.qualifiers = m.values * len(names), m.qualifiers * len(names)
    return name, names


def _growth_row(m: _Mention, name: str, i: int, earlier, own_period: bool, target) -> dict:
    """The row item i of a growth goes to: an earlier level of the list (分别增长a和b), a new
    row, or the row before when the growth names nothing."""
    if earlier and own_period:                           # …8003.92亿元、…，分别比2010年增长55%、47.7%:
        return m.new(earlier[i]["raw_indicator"], "growth")          # a growth over other years
    if earlier:                                          # 地方财政收入…、一般预算收入…，分别增长7.9%和7.7%
        return earlier[i]
    if name:
        return m.new(name, "growth")
    if target is not None and target["growth_pct"] is None and len(m.values) == 1:
        return target
    return m.new(m.named_before(), "growth")


def _add_growth(m: _Mention) -> bool:
    """增长8.3%, 下降7%, 增长不低于7%, 涨幅控制在2%左右 (growth_pct). False if not a growth."""
    before, bound = _trailing_bound(m.text)              # 增长不低于7%
    rest, sign = _growth_sign(before)
    if not sign:                                         # 居民消费价格涨幅控制在2%左右
        rest, sign = _growth_noun(_strip_end(before)[0])
    if not sign:
        return False
    name, names = _growth_names(m, rest)
    rows, current = m.rows, m.current
    target = m.reuse(current)
    if target is None and current is not None and current.get("_named_only") and len(rows) >= 2 \
            and rows[-1] is current and rows[-2]["raw_indicator"] == current["raw_indicator"]:
        target = m.reuse(rows[-2])                       # past 增加497元 to 4000元
    earlier = _unfilled(rows, len(m.values)) if not name and len(m.values) > 1 else None
    own_period = earlier is not None and _opens_period(m.P)
    for i, (v, hi) in enumerate(m.values):
        row = _growth_row(m, names[i] if names else name, i, earlier, own_period, target)
        m.fill(row, "growth_pct", sign * v, None if hi is None else sign * hi, m.qualifiers[i] or bound)
        if hi is not None and sign < 0:
            row["low"], row["high"] = min(row["low"], row["high"]), max(row["low"], row["high"])
        m.numbered(row, i)
    return True


def _add_share(m: _Mention) -> bool:
    """占一般公共预算支出76.6% (share_pct, share_of); 30%的行政村… (a share of what follows)."""
    share = _share_of(_strip_end(m.text)[0])
    v, hi = m.values[0]
    if share is not None and not _strip_start(share[0]):  # 占一般公共预算支出76.6%
        current = m.current
        if m.reuse(current) is not None and current["share_pct"] is None and len(m.values) == 1:
            row = current
        else:
            row = m.new(m.named_before(), "share")
        m.fill(row, "share_pct", v, hi)
        row["share_of"] = share[1]
        return True
    if m.Q.startswith("的"):                              # 30%的行政村达到宜居乡村标准
        m.fill(m.new(m.Q[1:], "share"), "share_pct", v, hi)
        return True
    return False


def _add_price_rise(m: _Mention) -> bool:
    """居民消费价格控制在3%左右, 居民消费价格指数为102.3%: the rise of prices, a growth
    ([percent_is_growth]); an index states last year as 100."""
    if m.mt["base_unit"] != "%" or canonical(_strip_start(_strip_end(m.text)[0])) not in grammar()["percent_is_growth"]:
        return False
    name, bound = _strip_end(m.text)
    row = m.new(_strip_start(name), "growth")
    v, hi = m.values[0]
    if v >= INDEX_BASE * 0.8 and hi is None:
        v = round(v - INDEX_BASE, 6)
    m.fill(row, "growth_pct", v, hi, m.qualifiers[0] or bound)
    return True


def _level_subject(m: _Mention) -> tuple[str, str]:
    """(name, bound) of a level from the text before it; "" when that names nothing (the row
    before's: 2007年达到7077.2亿元, 突破4000亿元大关、达4522.3亿元)."""
    g = grammar()
    name, bound = _strip_end(m.text)
    name = _strip_start(name)
    if name in g["link_verbs"] and not name.endswith(g["lead_verbs"]):
        name = ""
    elif name and m.current is not None and name not in g["commitments"] \
            and not (m.Q and name.endswith(g["lead_verbs"])) and _names_nothing(name):
        name = ""
    return name, bound


def _counted_name(m: _Mention, name: str) -> str | None:
    """The name of a level whose counted thing follows the figure (建立38个产业扶贫基地, 246家企业
    在…挂牌); None when the figure is a size inside a name (佰利联10万吨氯化法钛白粉项目)."""
    g = grammar()
    Q = m.Q
    if Q.startswith(g["not_counted"] + g.get("figure_tails", ())):   # 729万人增加到…, 2000亿元大关: nothing counted
        Q = ""
    empty = not name or name in g["empty_heads"] or name in g["commitments"] or name.endswith("等")
    lead = not empty and name.endswith(g["lead_verbs"])
    counts = m.mt["base_unit"] in g["count_units"] or not m.mt["base_unit"]
    if Q and (counts or empty or lead):
        if m.mt.get("followed"):
            cut = min((i for i in (Q.find(v) for v in g["split_verbs"]) if i > 0), default=len(Q))
            Q = Q[:cut]
        return (name if lead else "") + _LEADING_DE.sub("", Q)
    if Q and not counts and _HAN.match(Q) and not Q.startswith("的"):
        return None
    return name


def _add_level(m: _Mention) -> None:
    """2082.6亿元, 9.2万人, 项目333个 (value, unit, scale); 增加497元 after a level: by how much it rose."""
    g = grammar()
    name, bound = _level_subject(m)
    current = m.current
    if name in g["growth_up"] + g["growth_down"] and current is not None and len(m.values) == 1 \
            and m.mt["base_unit"] != "%":
        # 农民人均纯收入4000元，增加497元，增长14%: the change of the row before, by how much
        row = m.new(current["raw_indicator"], "difference")
        m.fill(row, "value", (-1 if name in g["growth_down"] else 1) * m.values[0][0], m.values[0][1])
        row["unit"], row["scale"], row["compared_to"] = m.mt["unit"], m.mt["scale"], "上年"
        row["_named_only"] = True
        return
    qualifier = m.qualifier or bound
    name = _counted_name(m, name)
    if name is None:
        return
    names = _split_names(name, len(m.values))
    for i, (v, hi) in enumerate(m.values):
        nm = names[i] if names else name
        if not nm and m.reuse(current) is not None and current["value"] is None and current["low"] is None:
            row = current
            row["measure"] = row["measure"] or "level"
        else:
            row = m.new(nm or m.named_before(), "level")
        m.fill(row, "value", v, hi, m.qualifiers[i] if any(m.own) else qualifier)
        row["unit"], row["scale"] = m.mt["unit"], m.mt["scale"]
        if m.shift:
            row["_shift"] = m.shift
        m.numbered(row, i)


# --- a whole report ----------------------------------------------------------------------------

# The kind of a figure by the kind of its part: results in the review, this year's targets in
# the plan and the government's own work, multi-year goals in the outlook (these are not the
# year's targets, so the headline table and the comparisons leave them out).
KIND_OF_PART = {"review": "actual", "outlook": "outlook", "plan": "target", "government": "target"}


def part_kind(part: str, year: int) -> str:
    """'actual' for a review part heading, 'target' for the others, '' for text outside the
    parts (one heading on its own; a report's parts are classified together by
    `structure.part_kinds`, which is what extraction uses)."""
    from .structure import part_kinds
    return KIND_OF_PART.get(part_kinds([part], year).get(part, ""), "")


def kinds_of(paragraphs, year: int) -> list[str]:
    """The part kind (review/outlook/plan/government, "" outside the parts) of each paragraph:
    its `part_kind` field, or, for paragraphs tables written before it existed, the kinds
    `structure.part_kinds` gives their part headings."""
    if isinstance(paragraphs, pd.DataFrame):
        if "part_kind" in paragraphs.columns:
            return paragraphs["part_kind"].fillna("").tolist()
        parts = paragraphs["part"].tolist()
    else:
        if all(hasattr(p, "part_kind") for p in paragraphs):
            return [p.part_kind for p in paragraphs]
        parts = [p.part for p in paragraphs]
    from .structure import part_kinds
    kinds = part_kinds(parts, year)
    return [kinds.get(p, "") for p in parts]


Indicator = namedtuple("Indicator", COLUMNS)
_NUMBER_AT = [COLUMNS.index(c) for c in NUMBER_COLUMNS]
_RANK_AT = COLUMNS.index("rank")


def rows_of(table):
    """Rows of a DataFrame as namedtuples, or the rows of a list as they are (the functions
    that read indicator rows accept both: DataFrames in the notebooks, `Indicator` lists in the
    corpus build, where pandas' per-row access would cost more than the work)."""
    return table.itertuples(index=False) if isinstance(table, pd.DataFrame) else table


def _number(v) -> float:
    try:
        return float("nan") if v is None or v == "" else float(v)
    except (TypeError, ValueError):
        return float("nan")


_CN_HINT = r"百分之|[一二三四五六七八九十两][十百千万亿点]|百分点|成"


@lru_cache(maxsize=None)
def _figure_hint() -> re.Pattern:
    """What a sentence without a digit needs to hold a figure: a Chinese numeral, or a word of
    [flat] (与上年持平, a growth of 0)."""
    return re.compile("|".join([_CN_HINT] + [re.escape(w) for w in grammar().get("flat", ())]))


def _has_flat(text: str) -> bool:
    return any(w in text for w in grammar().get("flat", ()))


# A period marker this close to a paragraph's start (after an address, 各位代表，) frames the
# paragraphs that follow (五年来，…, 2017年，…), and this close to a sentence's start the
# sentences after it. (Measured: 16 and 3,
# to catch 各位代表，刚刚过去的2020年… and skip 主要经济指标为1997年以来最好水平, found GDP growth
# actuals in 52 fewer reports of the corpus; left at 8 and 8.)
_OPENER_WITHIN = 8
_RUNNING_WITHIN = 8


def _salutation_end(text: str) -> int:
    """Where the words of a sentence begin after an address to the delegates (各位代表，刚刚过去的
    2020年…: 5), 0 without one (the address phrases of resources/structure.txt)."""
    if text.startswith(phrases("address")):
        head = next(a for a in phrases("address") if text.startswith(a))
        if text[len(head):len(head) + 1] in _ADDRESS_PUNCT:
            return len(head) + 1
    return 0


_ADDRESS_PUNCT = set("，：！,:!、")


def _marker_at_start(text: str, year: int):
    m = periods.markers(text, year)
    return m[0][2] if m and m[0][0] - _salutation_end(text) <= _OPENER_WITHIN else None


def _heading_scope(heading: str, year: int):
    """The period a heading sets for the paragraphs under it: the one year it names, if any
    (“十二五”时期回顾和2015年工作: 2015, its term paragraphs say so themselves), else its first."""
    if not heading:
        return None
    marks = periods.markers(heading, year, heading=True)
    return next((s for _, _, s in marks if s.kind == "year"), marks[0][2] if marks else None)


def _period_contexts(paragraphs, year: int):
    """The period scope each paragraph's text is in, before its own words: the marker that
    opened the last paragraph framing a period (过去五年，… / 2017年，…), else its section,
    chapter or part heading's (see jzlib/periods.py); reset at each new part or chapter."""
    out = []
    last = (None, None, None)
    head = opener = None
    for p in paragraphs:
        if (p.part, p.chapter) != last[:2]:
            head = _heading_scope(p.chapter, year) or _heading_scope(p.part, year)
            opener = None
        if p.section != last[2] and p.section:
            opener = _heading_scope(p.section, year) or opener
        last = (p.part, p.chapter, p.section)
        out.append(opener or head)
        first = split_sentences(p.text)[:1]
        sc = _marker_at_start(plain(first[0]), year) if first else None
        if sc is not None:
            opener = sc
    return out


def indicator_rows(meta: dict, paragraphs, capped: list | None = None) -> list[Indicator]:
    """Every indicator row of one cleaned report, as `Indicator` tuples (numbers as floats, NaN
    when absent; rank and years ints or None). `paragraphs`: its paragraphs table, or
    `Paragraph`s. A report whose parts were not found still gives its figures, with kind
    `unknown` (and year unknown unless its sentence names it). Each sentence whose rows were
    capped (`MAX_ROWS_PER_SENTENCE`) is added to `capped` as (paragraph id, sentence number)."""
    year = int(meta["year"])
    rows = []
    paragraphs = paragraphs if isinstance(paragraphs, pd.DataFrame) else list(paragraphs)
    kinds = [KIND_OF_PART.get(k, "") for k in kinds_of(paragraphs, year)]
    if not any(kinds):
        kinds = ["unknown"] * len(kinds)
    plist = list(rows_of(paragraphs))
    for p, kind, context in zip(plist, kinds, _period_contexts(plist, year)):
        if kind:
            rows += _paragraph_rows(meta, year, p, kind, context, capped)
    return rows


def _paragraph_rows(meta: dict, year: int, p, kind: str, context, capped: list | None) -> list[Indicator]:
    """The indicator rows of one paragraph of a part of `kind`, sentence by sentence; the
    period a sentence opens (`context`, then what each sentence says) frames those after it."""
    rows = []
    part_year = year - 1 if kind == "actual" else None if kind == "unknown" else year
    running = context
    for k, sentence in enumerate(split_sentences(p.text), 1):
        if not _DIGIT.search(sentence) and not _figure_hint().search(sentence):
            running = _running(sentence, year, running)   # 刚刚过去的一年，我们…。 frames what follows
            continue
        text = plain(sentence)
        if not _DIGIT.search(text) and not _has_flat(text):
            running = _running(text, year, running)
            continue
        marks = periods.markers(text, year)
        stated = _stated_targets(text, year, marks, running is not context)
        before = running                             # an average keeps the period it had
        if stated is not None:
            kind, part_year = "target", year        # the rest of the paragraph states them too
            running = periods.Scope("year", year, year)
        for r in _capped(_read(text), capped, (p.para_id, k)):
            if kind == "actual" and r["commitment"]:     # 争取 in a review means "obtained"
                r["qualifier"] = "" if r["qualifier"] == r["commitment"] else r["qualifier"]
                r["commitment"] = ""
            average = r.get("_average") or periods.is_average(r["raw_indicator"])
            scope = next((m[2] for m in reversed(marks) if m[1] <= r.get("_at", 0) and
                          (stated is None or average or m[0] >= stated)),
                         before if average else running)
            span = periods.span_in(text, p.section, p.chapter, p.part, report_year=year) if average else None
            period, y_from, y_to = periods.period(scope, average, part_year, span)
            if r.get("_shift") and period == "year" and y_to is not None:
                y_from = y_to = y_to + r["_shift"]
            row_kind = _kind_of_row(kind, period, y_to, year, scope)
            rows.append(_indicator(meta, year, row_kind, (period, y_from, y_to), r, p, k, sentence))
        running = _running(text, year, running, marks)
    return rows


# A sentence of the 2,540 real reports yields at most 44 rows; one that yields more than this is
# pasted garbage (1亿元、1亿元、…): only its rows that name an indicator are kept, at most this many,
# and the sentence (paragraph id, number) is added to the caller's `capped` list (the command
# line and the build summary warn), so output stays bounded.
MAX_ROWS_PER_SENTENCE = 60


def _capped(found: list[dict], capped: list | None, where: tuple) -> list[dict]:
    if len(found) <= MAX_ROWS_PER_SENTENCE:
        return found
    if capped is not None:
        capped.append(where)
    return [r for r in found if r["raw_indicator"]][:MAX_ROWS_PER_SENTENCE]


def _kind_of_row(kind: str, period: str, y_to, year: int, scope) -> str:
    """The kind of a row where its period says otherwise than its part."""
    if kind == "outlook" and period == "year" and y_to == year and scope is not None \
            and scope.kind in ("year", "part"):
        return "target"       # 建议2021年…增长8.5%左右 in a “十四五” part: this year's target
    if kind == "target" and period == "year" and y_to is not None and y_to < year:
        return "actual"       # 过去一年…增长10.3%, 2017年…增长10% in the plan part: a result
    return kind


def _indicator(meta: dict, year: int, kind: str, when: tuple, r: dict, p, k: int, sentence: str) -> Indicator:
    """One row of the indicators table: the report, kind and period, what `_read` found, and
    where it stands (part, chapter, section, paragraph, sentence k of it)."""
    period, y_from, y_to = when
    row = [meta["report_id"], meta["city"], year, kind, y_to, period, y_from, y_to,
           canonical(r["raw_indicator"], r["growth_pct"] is not None)]
    row += [r[c] for c in COLUMNS[9:26]]
    row += [p.part, p.chapter, p.section, p.para_id, f"{p.para_id}.s{k}", sentence]
    for i in _NUMBER_AT:
        row[i] = _number(row[i])
    rank = _number(row[_RANK_AT])
    row[_RANK_AT] = None if math.isnan(rank) else int(rank)
    return Indicator._make(row)


@lru_cache(maxsize=None)
def _targets_words() -> tuple[re.Pattern | None, tuple[str, ...]]:
    """([targets_statement] of part_kinds.txt compiled, [targets_restated])."""
    sec = sections("part_kinds.txt")
    pats = sec.get("targets_statement", [])
    return (re.compile("|".join(pats)) if pats else None), tuple(sec.get("targets_restated", []))


def _stated_targets(text: str, year: int, marks, turned: bool) -> int | None:
    """Where the year's targets begin in a sentence that states them (今年经济社会发展的主要预期
    目标是：…), else None. Not when the sentence names another period before those words
    (“十三五”时期…的主要目标是, 今后五年, 去年年初确定的), nor, with no period named, when an
    earlier sentence of its paragraph turned to another period (`turned`)."""
    pattern, restated = _targets_words()
    m = pattern.search(text) if pattern is not None else None
    if m is None:
        return None
    head = text[: m.start()]
    if any(w in head for w in restated):
        return None
    before = [mk for mk in marks if mk[1] <= m.start()]
    if not before:
        return None if turned else m.end()
    scope = before[-1][2]
    if scope.kind == "part" or (scope.kind in ("year", "horizon") and (scope.a or scope.b) == year):
        return m.end()
    return None


def _running(text: str, year: int, running, marks=None):
    """The period scope after a sentence: the marker it opens with, if any, else `running`."""
    marks = periods.markers(text, year) if marks is None else marks
    if not marks or marks[0][0] - _salutation_end(text) > _RUNNING_WITHIN or marks[0][2].kind == "part-year":
        return running               # 上半年增长3.1%: part of a year frames its own clause only
    return marks[0][2]


def extract_report(meta: dict, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Every indicator row of one cleaned report (its meta.json and paragraphs table)."""
    from . import tables
    capped: list = []
    df = tables.frame("indicators", indicator_rows(meta, paragraphs, capped))
    df.attrs["capped"] = {meta["report_id"]: len(capped)} if capped else {}
    return df


def extract_interim(sources) -> pd.DataFrame:
    """Indicator rows of cleaned reports: `sources` is an interim directory, or a list of
    interim files or directories (any of a report's three files names the report)."""
    from .store import read_interim, report_stems
    stems = report_stems(sources)
    frames = [extract_report(*read_interim(p)) for p in stems]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    df.attrs["capped"] = {rid: n for f in frames for rid, n in f.attrs["capped"].items()}
    return df


@lru_cache(maxsize=None)
def headline_indicators() -> tuple[tuple[str, str], ...]:
    """(canonical name, English label) of resources/headline_indicators.txt, in order."""
    from . import rules
    return rules.pairs("headline_indicators.txt")


def _isna(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and v != v)


def _of_the_year(r) -> bool:
    """True for a figure of its part's own year: an actual of the review year, a target of the
    report's year (not a five-year total, an average, a goal for a later year or an older year)."""
    if getattr(r, "period", "year") != "year" or _isna(r.year):
        return False
    return int(r.year) == int(r.report_year) - (1 if r.kind == "actual" else 0)


def _primary(rows) -> dict:
    """The first level and the first growth figure among rows (namedtuples) of one indicator."""
    out = {"value": None, "unit": "", "growth_pct": None, "low": None, "high": None,
           "qualifier": "", "para_id": "", "sent_id": "", "sentence": ""}
    level = next((r for r in rows if r.measure in ("level", "growth") and not _isna(r.value)), None)
    growth = next((r for r in rows if not _isna(r.growth_pct) or (r.measure == "growth" and not _isna(r.low))), None)
    if level is not None:
        out.update(value=level.value, unit=level.unit, qualifier=level.qualifier, para_id=level.para_id,
                   sent_id=level.sent_id, sentence=level.sentence)
    if growth is not None:
        # the qualifier of the growth when there is one (增长8%以上), else the level's
        out.update(growth_pct=None if _isna(growth.growth_pct) else growth.growth_pct,
                   qualifier=growth.qualifier if isinstance(growth.qualifier, str) else "")
        if not out["sentence"]:
            out.update(para_id=growth.para_id, sent_id=growth.sent_id, sentence=growth.sentence)
        if growth.measure == "growth" and not _isna(growth.low):
            out.update(low=growth.low, high=growth.high, qualifier="range")
    return out


HEADLINE_COLUMNS = ["report_id", "city", "indicator", "label", "actual_year", "actual_value", "actual_unit",
                    "actual_growth_pct", "actual_low", "actual_high", "actual_qualifier", "target_year", "target_value", "target_unit", "target_growth_pct",
                    "target_low", "target_high", "target_qualifier", "actual_para_id", "actual_sent_id",
                    "target_para_id", "target_sent_id", "actual_sentence", "target_sentence"]


def headline_table(df: pd.DataFrame) -> pd.DataFrame:
    """The indicators readers look for first: last year's actual and this year's target side by side.

    One row per report and headline indicator found in it (resources/headline_indicators.txt).
    """
    from . import tables
    return tables.frame("headline", headline_rows(df))


def headline_rows(df) -> list[dict]:
    """The rows of `headline_table` (dicts), from indicator rows (a DataFrame or a list)."""
    names = dict(headline_indicators())
    order = {n: i for i, n in enumerate(names)}
    years, cities = {}, {}
    groups: dict[tuple, dict[str, list]] = {}
    for r in rows_of(df):
        years.setdefault(r.report_id, r.report_year)
        cities.setdefault(r.report_id, r.city)
        if r.indicator in names and _of_the_year(r):
            groups.setdefault((r.report_id, r.indicator), {"actual": [], "target": []}).setdefault(r.kind, []).append(r)
    rows = []
    for (rid, name) in sorted(groups, key=lambda key: (key[0], order[key[1]])):
        a = _primary(groups[(rid, name)]["actual"])
        t = _primary(groups[(rid, name)]["target"])
        year = int(years[rid])
        rows.append({
            "report_id": rid, "city": cities[rid], "indicator": name, "label": names[name],
            "actual_year": year - 1,
            "actual_value": a["value"], "actual_unit": a["unit"], "actual_growth_pct": a["growth_pct"],
            "actual_low": a["low"], "actual_high": a["high"],          # 预计增长8%—8.5%
            "actual_qualifier": a["qualifier"],
            "target_year": year,
            "target_value": t["value"], "target_unit": t["unit"], "target_growth_pct": t["growth_pct"],
            "target_low": t["low"], "target_high": t["high"], "target_qualifier": t["qualifier"],
            "actual_para_id": a["para_id"], "actual_sent_id": a["sent_id"],
            "target_para_id": t["para_id"], "target_sent_id": t["sent_id"],
            "actual_sentence": a["sentence"], "target_sentence": t["sentence"],
        })
    return rows


def lookup(df: pd.DataFrame, text: str) -> pd.DataFrame:
    """Rows whose indicator or raw indicator contains `text`, with the sentence behind each."""
    hit = df.indicator.str.contains(text, regex=False) | df.raw_indicator.str.contains(text, regex=False)
    return df.loc[hit, ["report_id", "kind", "year", "indicator", "value", "unit", "growth_pct",
                        "qualifier", "para_id", "sent_id", "sentence"]]


def _fmt(v, suffix: str = "") -> str:
    return "" if v is None or pd.isna(v) else f"{v:g}{suffix}"


def headline_for_reading(head: pd.DataFrame) -> pd.DataFrame:
    """The headline table with Chinese headers that carry units, and qualifiers written out."""
    out = []
    head = head.copy()
    for c in ("actual_unit", "target_unit", "target_qualifier"):
        head[c] = head[c].where(head[c].notna(), "").astype(str)      # NaN when read back from CSV
    for r in head.itertuples(index=False):
        if pd.notna(r.target_low):
            tgrowth = f"{r.target_low:g}–{r.target_high:g}"
        else:
            tgrowth = _fmt(r.target_growth_pct)
        qual = r.target_qualifier if r.target_qualifier != "range" else ""
        out.append({
            "报告": r.report_id, "指标": r.indicator, "Indicator": r.label,
            f"{r.actual_year}年实际": _fmt(r.actual_value) + (f" {r.actual_unit}" if r.actual_unit else ""),
            f"{r.actual_year}年增长（%）": _fmt(r.actual_growth_pct),
            f"{r.target_year}年目标": _fmt(r.target_value) + (f" {r.target_unit}" if r.target_unit else ""),
            f"{r.target_year}年目标增长（%）": tgrowth,
            "目标限定": qual,
        })
    return pd.DataFrame(out)


def blank(df: pd.DataFrame) -> pd.DataFrame:
    """A copy for display: missing values shown as empty cells, numbers without trailing zeros."""
    out = df.astype(object).where(df.notna(), "")
    for c in out.columns:
        if df[c].dtype.kind == "f":
            out[c] = [f"{v:g}" if v != "" else "" for v in out[c]]
    return out
