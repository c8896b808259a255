"""Cleaning: normalise characters and whitespace, remove known noise, flag suspicious headings.

Every function keeps the line structure of its input (one output line per input line), so a
removal or flag can always be reported with its line number in the raw file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .paths import resource

# --- normalisation -------------------------------------------------------------------------

_FULLWIDTH = {i: i - 0xFEE0 for i in range(0xFF10, 0xFF1A)}            # ０-９
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF21, 0xFF3B)})     # Ａ-Ｚ
_FULLWIDTH.update({i: i - 0xFEE0 for i in range(0xFF41, 0xFF5B)})     # ａ-ｚ
_INVISIBLE = {ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad"}
_SPACES = {ord(c): " " for c in "\u00a0\u3000\u2002\u2003\u2009\u202f\t\f\v"}
_TABLE = {**_FULLWIDTH, **_INVISIBLE, **_SPACES, ord("・"): "·", ord("•"): "·"}

_DASHES = re.compile(r"(?:[―—]|－{2,})+")           # ―― (U+2015), — (U+2014), －－ (U+FF0D)
_PERCENT = re.compile(r"(?<=\d)％")
_DECIMAL = re.compile(r"(?<=\d)．(?=\d)")
# Chinese characters and full-width punctuation: whitespace next to them is never meaningful.
_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2014\u2015\u2018-\u201d\u2026\u00b7"
# Whitespace is matched without "\n", so a whole text can be normalised at once, line by line.
_TRANSLATABLE = re.compile("[" + re.escape("".join(map(chr, _TABLE))) + "]+")
_SPACE_RUN = re.compile(r"[^\S\n]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_RUNS = re.compile(r"[^\S\n]{2,}")


def _drop_space_near_cjk(m: re.Match) -> str:
    """A run of spaces next to a Chinese character or full-width mark goes."""
    s, e, t = m.start(), m.end(), m.string
    return "" if (s and _CJK_CHAR.match(t, s - 1)) or _CJK_CHAR.match(t, e) else m.group()


def _normalise_text(text: str) -> str:
    """Normalise each line of `text` (see `normalise_line`), each substitution once over it all."""
    text = _TRANSLATABLE.sub(lambda m: m.group().translate(_TABLE), text)   # only where needed
    text = _SPACE_RUN.sub(_drop_space_near_cjk, text)   # first: "0 ％" and "—— ——" must look the same on a rerun
    if "％" in text:
        text = _PERCENT.sub("%", text)
    if "．" in text:
        text = _DECIMAL.sub(".", text)
    if "―" in text or "—" in text or "－－" in text:
        text = _DASHES.sub("——", text)
    text = _RUNS.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def normalise_line(line: str) -> str:
    """Normalise one line: ASCII digits/letters, one dash form, one middle dot, tidy spaces.

    Chinese punctuation (，。；：（）“”) is kept as it is; only `％` and `．` inside numbers
    become ASCII. "２０８２．６亿元" -> "2082.6亿元"; "――综合实力" -> "——综合实力".
    """
    return _normalise_text(line)


def normalise(text: str) -> str:
    """Normalise every line of a text (as `normalise_line`); the number of lines is unchanged.

    Each distinct line is normalised once (a pasted report repeats all its lines), and each
    substitution runs once over the distinct lines joined (a few C-level passes instead of
    five regex calls per line); tests check that no line changes its neighbours (the result
    equals `normalise_line` line by line).
    """
    lines = text.split("\n")
    distinct = list(dict.fromkeys(lines))
    done = dict(zip(distinct, _normalise_text("\n".join(distinct)).split("\n")))
    return "\n".join(map(done.__getitem__, lines))


# --- noise ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class NoiseEvent:
    """One removal or flag: where (1-based line and column in the raw file) and what."""

    line: int
    column: int
    action: str          # "removed" (a known pattern) or "flagged" (for review; kept)
    text: str            # the removed or suspicious text
    reason: str
    before: str          # the whole line before (a long line: MAX_SHOWN characters around the place)
    after: str           # the whole line after

    def as_dict(self) -> dict:
        return dict(self.__dict__)       # flat fields: no deep copy needed (asdict is ~10x slower)


def _resource_lines(name: str) -> tuple[str, ...]:
    from . import rules
    return rules.lines(name)


@lru_cache(maxsize=None)
def noise_patterns() -> tuple[re.Pattern, ...]:
    """The known noise patterns of resources/noise_patterns.txt, compiled."""
    out = []
    for p in _resource_lines("noise_patterns.txt"):
        out.append(re.compile(p[3:]) if p.startswith("re:") else re.compile(re.escape(p)))
    return tuple(out)


@lru_cache(maxsize=None)
def phrases(role: str) -> tuple[str, ...]:
    """Phrases of one role in resources/structure.txt (address, speaker, review, lead, official)."""
    from . import rules
    return tuple(phrase for r, phrase in rules.roles("structure.txt") if r == role)


@lru_cache(maxsize=None)
def heading_endings() -> tuple[str, ...]:
    """Words a numbered heading ends with (resources/heading_endings.txt)."""
    return tuple(_resource_lines("heading_endings.txt"))


PART_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
CHAPTER_HEADING = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
# the title words near the start first: the punctuation check reads the whole line
TITLE_LINE = re.compile(r"^(?=[^《]{0,40}政府工作报告)(?!.*[，。；！？《])")


def is_heading_line(line: str) -> bool:
    """A standalone numbered heading: "一、…" or "（一）…" with no sentence in it."""
    return bool((PART_HEADING.match(line) or CHAPTER_HEADING.match(line))
                and len(line) <= 40 and not re.search(r"[。；！？]", line))


def suspicious_tail(heading: str) -> str | None:
    """The text glued after a heading's grammar, or None when the heading looks whole.

    A heading's grammar ends with one of the heading endings (…回顾, …安排, …建设); text
    after the last such word ("二、2017年工作安排二号首长" -> "二号首长") is suspicious.
    A heading with none of the endings is returned whole, for a person to look at.
    """
    body = PART_HEADING.sub("", CHAPTER_HEADING.sub("", heading))
    end = max((body.rfind(w) + len(w) for w in heading_endings() if w in body), default=-1)
    if end < 0:
        return body or None
    tail = body[end:].strip("，。：:；、 ")
    return tail or None


def remove_noise(lines: list[str], first_line: int = 1) -> tuple[list[str], list[NoiseEvent]]:
    """Remove known noise patterns and flag suspicious heading tails.

    Returns the cleaned lines (same count; a line that was only noise becomes "") and one
    event per removal or flag, located by line number (`first_line` is the number of
    lines[0] in the raw file) and 1-based column.
    """
    out, events = [], []
    seen: dict[str, tuple[str, list]] = {}      # a pasted report repeats its lines: check each once
    for i, line in enumerate(lines):
        if line not in seen:
            seen[line] = _noise_in(line)
        cleaned, found = seen[line]
        events += [NoiseEvent(first_line + i, *f) for f in found]
        out.append(cleaned)
    return out, events


# A line of a real report has at most a few removals and is at most a few thousand characters;
# past these limits (spam pasted 20,000 times on one line) the record stays bounded: the
# removals after the first MAX_EVENTS_PER_LINE of a pattern are one event, and a line over
# MAX_SHOWN characters is shown as the MAX_SHOWN around the removal.
MAX_EVENTS_PER_LINE = 20
MAX_SHOWN = 400


def _shown(line: str, at: int) -> str:
    if len(line) <= MAX_SHOWN:
        return line
    start = max(0, min(at - MAX_SHOWN // 2, len(line) - MAX_SHOWN))
    return ("…" if start else "") + line[start:start + MAX_SHOWN] + ("…" if start + MAX_SHOWN < len(line) else "")


def _noise_in(line: str) -> tuple[str, list[tuple]]:
    """One line without its known noise, and what was removed or flagged (NoiseEvent fields
    after the line number)."""
    cleaned, found = line, []
    for pat in noise_patterns():
        m = pat.search(cleaned)
        n = 0
        while m and m.group():
            if n == MAX_EVENTS_PER_LINE:         # the rest at once, recorded once
                more = 0
                before = cleaned
                while m and m.group():
                    more += sum(1 for x in pat.finditer(cleaned) if x.group())
                    cleaned = pat.sub("", cleaned).strip()
                    m = pat.search(cleaned)
                found.append((1, "removed", pat.pattern if len(pat.pattern) < 80 else pat.pattern[:80] + "…",
                              f"known noise pattern {pat.pattern!r}, {more} more times on this line",
                              _shown(before, 0), _shown(cleaned, 0)))
                break
            after = (cleaned[:m.start()] + cleaned[m.end():]).strip()
            found.append((m.start() + 1, "removed", m.group(), f"known noise pattern {pat.pattern!r}",
                          _shown(cleaned, m.start()), _shown(after, m.start())))
            cleaned = after
            n += 1
            m = pat.search(cleaned)
    if is_heading_line(cleaned) and PART_HEADING.match(cleaned):   # chapter titles are free phrases
        tail = suspicious_tail(cleaned)
        if tail:
            found.append((cleaned.rfind(tail) + 1, "flagged", tail,
                          "heading carries text after its grammar; review it and "
                          "add it to noise_patterns.txt if it is spam", _shown(cleaned, 0), _shown(cleaned, 0)))
    return cleaned, found


# --- web residue, traditional characters, broken lines ------------------------------------

_ANY_TAG = re.compile(r"(?s)<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>|<!--.*?-->")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")
_BLOCKS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
                    "h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split())


class _TextOfHtml:
    """Text of an HTML document or of HTML residue in a text, with the standard library's HTML
    parser (html.parser): block elements (<p>, <br>, <div>, <li>, <tr>, <h1>…) end a line,
    <script>, <style> and comments go, entities are decoded; the number of tags, comments and
    entities handled is counted."""

    def __init__(self):
        from html.parser import HTMLParser

        outer = self

        class Parser(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outer.count += 1
                if tag in ("script", "style"):
                    outer.skip += 1
                elif tag in _BLOCKS:
                    outer.out.append("\n")

            def handle_startendtag(self, tag, attrs):
                outer.count += 1
                if tag in _BLOCKS:
                    outer.out.append("\n")

            def handle_endtag(self, tag):
                outer.count += 1
                if tag in ("script", "style"):
                    outer.skip = max(0, outer.skip - 1)
                elif tag in _BLOCKS:
                    outer.out.append("\n")

            def handle_data(self, data):
                if not outer.skip:
                    outer.out.append(data)

            def handle_comment(self, data):
                outer.count += 1
                outer.out.append("\n" * data.count("\n"))     # a comment's lines stay lines

        self.parser = Parser(convert_charrefs=True)
        self.out: list[str] = []
        self.count = 0
        self.skip = 0

    def text(self, source: str) -> str:
        self.parser.feed(source)
        self.parser.close()
        return "".join(self.out)


def strip_html(text: str, document: bool = False) -> tuple[str, int]:
    """Turn HTML into plain text with a real HTML parser (see `_TextOfHtml`): a whole page when
    `document` (an .html file), or the tags and entities left in a text file. Returns (text,
    number of tags, comments and entities handled); a text without tags or entities comes back
    unchanged."""
    if not document and not _ANY_TAG.search(text) and not _ENTITY.search(text):
        return text, 0
    entities = len(_ENTITY.findall(text))
    conv = _TextOfHtml()
    out = conv.text(text)
    return out, conv.count + entities


# --- markdown --------------------------------------------------------------------------------

_FRONT_FIELD = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$")


def front_matter(text: str) -> tuple[dict, str]:
    """YAML front matter ("---" lines around `key: value` lines at the top of a markdown file):
    its fields (values as text; quotes removed) and the text with those lines made empty, so
    line numbers still point into the raw file. A text without front matter comes back as is."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    end = next((i for i in range(1, min(len(lines), 200)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, text
    fields: dict = {}
    for line in lines[1:end]:
        m = _FRONT_FIELD.match(line.strip())
        if m:
            value = m.group(2).strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                value = value[1:-1]
            fields[m.group(1).lower()] = value
    return fields, "\n" * end + "\n" + "\n".join(lines[end + 1:])


_MD_HEADING = re.compile(r"(?m)^[^\S\n]{0,3}#{1,6}[^\S\n]+")
_MD_QUOTE = re.compile(r"(?m)^[^\S\n]{0,3}(?:>[^\S\n]?)+")
_MD_EMPHASIS = re.compile(r"(?m)\*{2,}|^\*(?=\S)|(?<=\S)\*$|__")


def strip_markdown(text: str) -> tuple[str, int]:
    """Remove markdown markup that is not text: heading markers ("## "), block quotes ("> "),
    emphasis ("**一、2015年工作回顾**", "***政府工作报告**"). Lines are kept. Returns (text,
    number of marks removed)."""
    n = 0
    for pat in (_MD_HEADING, _MD_QUOTE, _MD_EMPHASIS):
        text, k = pat.subn("", text)
        n += k
    return text, n


@lru_cache(maxsize=None)
def _t2s():
    import opencc
    return opencc.OpenCC("t2s")


TRADITIONAL_SHARE = 0.03   # share of Chinese characters that t2s changes, above which a text is traditional
SAMPLE_HANZI = 20_000      # Chinese characters looked at (from the start of the text)


def _hanzi_sample(text: str) -> str:
    """The first SAMPLE_HANZI Chinese characters of the text's first 200,000 characters
    (selected with numpy: a regex over every character is ~10x slower)."""
    cp = np.frombuffer(text[:200_000].encode("utf-32-le"), dtype=np.uint32)
    han = cp[(cp >= 0x4E00) & (cp <= 0x9FFF)][:SAMPLE_HANZI]
    return han.tobytes().decode("utf-32-le")


def to_simplified(text: str) -> tuple[str, float]:
    """Convert traditional-character text to simplified (OpenCC t2s), when it is traditional.

    Returns (text, share of Chinese characters that were traditional). Below
    TRADITIONAL_SHARE the text is returned unchanged: simplified text has a few characters
    OpenCC would still touch. Line breaks are kept.
    """
    sample = _hanzi_sample(text)
    if not sample:
        return text, 0.0
    converted = _t2s().convert(sample)
    if converted == sample:
        changed = 0
    elif len(converted) == len(sample):     # count differing characters with numpy (fast)
        a, b = (np.frombuffer(x.encode("utf-32-le"), dtype=np.uint32) for x in (sample, converted))
        changed = int(np.count_nonzero(a != b))
    else:                                   # a phrase conversion changed the length
        changed = sum(a != b for a, b in zip(sample, converted))
    share = changed / len(sample)
    if share < TRADITIONAL_SHARE:
        return text, share
    return "\n".join(_t2s().convert(line) for line in text.split("\n")), share


_ENDS_SENTENCE = tuple("。！？：；…”’」』")


def _starts_structural(line: str) -> bool:
    """A part or chapter heading, or a lead or address phrase, by the line's start alone."""
    return bool(PART_HEADING.match(line) or CHAPTER_HEADING.match(line)
                or line.startswith(phrases("lead") + phrases("address")))


def _is_structural(line: str) -> bool:
    return bool(TITLE_LINE.match(line) or _starts_structural(line) or is_unnumbered_heading(line))


def is_unnumbered_heading(line: str) -> bool:
    """A part heading that lost its numbering: a short line with no punctuation ending with a
    heading ending ("2016年工作回顾", "全面加强政府自身建设")."""
    return (4 <= len(line) <= 25 and not re.search(r"[，。；：！？、,.;:!?]", line)
            and line.endswith(heading_endings()) and not TITLE_LINE.match(line)
            and not CHAPTER_HEADING.match(line) and not PART_HEADING.match(line))


_TITLE_STOPS = frozenset("，。；！？《")   # the marks TITLE_LINE refuses anywhere in a line
_JOIN_PREFIX = 200   # longer than any title, heading or lead phrase


class _Paragraph:
    """A paragraph being joined from broken lines, kept as its pieces: asking whether it is a
    heading or title reads its first characters and a running flag, not the whole text, so 40,000
    broken lines in a row cost linear time (joining and rescanning one growing string was
    quadratic: 40,000 lines took over 200 s)."""

    def __init__(self, line: str):
        self.pieces, self.length, self.prefix = [line], len(line), line[:_JOIN_PREFIX]
        self.stops = None if self.length > _JOIN_PREFIX else False   # None: not yet looked at

    def add(self, line: str) -> None:
        self.pieces.append(line)
        self.length += len(line)
        if len(self.prefix) < _JOIN_PREFIX:
            self.prefix = (self.prefix + line)[:_JOIN_PREFIX]
        if self.stops is False and not _TITLE_STOPS.isdisjoint(line):
            self.stops = True

    def ends_mid_sentence(self) -> bool:
        """Ends with ，or 、, or with a Chinese character or digit when at least 15 characters long."""
        if not self.length:
            return False
        last = self.pieces[-1][-1]
        return last in "，、," or (self.length >= 15 and ("\u4e00" <= last <= "\u9fff" or last.isdecimal()))

    def structural(self) -> bool:
        if self.length <= _JOIN_PREFIX:
            return _is_structural(self.prefix)
        if self.stops is None:
            self.stops = any(not _TITLE_STOPS.isdisjoint(p) for p in self.pieces)
        return bool((not self.stops and TITLE_LINE.match(self.prefix)) or _starts_structural(self.prefix))

    def text(self) -> str:
        return "".join(self.pieces)


def join_broken_lines(lines: list[str], first_line: int = 1, gap: int = 1) -> tuple[list[str], list[NoiseEvent]]:
    """Join paragraphs broken across lines: a line that ends mid-sentence (with ，or 、, or with a
    Chinese character or digit when it is at least 15 characters long) continues on the next
    line when neither is a heading, title or blank. Up to `gap` blank lines may stand between
    the two (markdown separates paragraphs by a blank line, and scraped pages break a sentence
    the same way: "面对严峻复杂形势和经济" / "" / "下行压力，…"). Keeps the line count (a joined
    line becomes ""), and reports each join."""
    out = list(lines)
    events = []
    if not out:
        return out, events
    head, para = 0, _Paragraph(out[0])
    k = 1
    while k < len(out):
        nxt_at = k
        while nxt_at < len(out) and not out[nxt_at] and nxt_at - k < gap:
            nxt_at += 1
        nxt = out[nxt_at] if nxt_at < len(out) else ""
        if nxt and para.ends_mid_sentence() and not para.structural() and not _is_structural(nxt):
            events.append(NoiseEvent(first_line + nxt_at, 1, "joined", nxt[:30],
                                     f"continues the paragraph of line {first_line + head} "
                                     "(that line has no sentence end)", nxt, ""))
            para.add(nxt)
            out[nxt_at] = ""
            k = nxt_at + 1
        else:
            out[head] = para.text()
            head, para = k, _Paragraph(out[k])
            k += 1
    out[head] = para.text()
    return out, events


def flag_standalone_lines(lines: list[str], first_line: int = 1) -> list[NoiseEvent]:
    """Flag short lines that are neither sentence, heading nor title (spam standing on its own
    line, such as "《重生之官路商途》"). Flags only: nothing is removed."""
    events = []
    for i, line in enumerate(lines):
        if (line and len(line) <= 30 and not re.search(r"[。！？：；，]", line) and not _is_structural(line)
                and not re.search(r"\d{4}年\d{1,2}月\d{1,2}日", line) and not any(w in line for w in phrases("official"))):
            events.append(NoiseEvent(first_line + i, 1, "flagged", line,
                                     "a short line that is no sentence, heading or title; review it and "
                                     "add it to noise_patterns.txt if it is spam", line, line))
    return events


# --- plausibility -----------------------------------------------------------------------------------
# Bytes that happen to decode as GBK (a binary file, a wrong guess of encoding) read as Chinese
# characters in random order. Two measures tell them from a report, both on the Chinese characters
# of the clean text: the share that are among the 3,755 common characters of GB 2312's first level
# (real reports: at least 0.990 over the 2,540 of the development corpus; random GBK: about 0.19),
# and the sentence marks (。！？；，) per 100 characters (real reports: at least 5.7; random GBK: 0.03,
# random common characters: 0). A text is judged only from JUDGED_FROM characters on.
COMMON_SHARE_BELOW = 0.80
MARKS_PER_100_BELOW = 2.0
JUDGED_FROM = 300


@lru_cache(maxsize=None)
def common_hanzi() -> frozenset:
    """GB 2312 level 1: the 3,755 most used characters (rows 16-55 of the standard)."""
    return frozenset(bytes([a, b]).decode("gb2312") for a in range(0xB0, 0xD8) for b in range(0xA1, 0xFF)
                     if not (a == 0xD7 and b > 0xF9))


@lru_cache(maxsize=None)
def _is_common() -> np.ndarray:
    """For each code point U+4E00..U+9FFF: is it one of `common_hanzi`."""
    table = np.zeros(0x9FFF - 0x4E00 + 1, dtype=bool)
    table[[ord(c) - 0x4E00 for c in common_hanzi()]] = True
    return table


def implausible(text: str) -> str:
    """Why a clean text does not read as a report ("" when it does, or is too short to judge)."""
    window = text[:200_000]                 # as to_simplified: the start tells
    cp = np.frombuffer(window.encode("utf-32-le"), dtype=np.uint32)
    is_han = (cp >= 0x4E00) & (cp <= 0x9FFF)
    n_han = int(np.count_nonzero(is_han))
    if n_han < JUDGED_FROM:
        return ""
    han = cp[is_han][:SAMPLE_HANZI]         # the sample `_hanzi_sample` takes, looked up in numpy (1.4 -> 0.1 ms)
    common = float(_is_common()[han - 0x4E00].mean())
    marks = sum(window.count(m) for m in "。！？；，") / n_han * 100
    why = []
    if common < COMMON_SHARE_BELOW:
        why.append(f"only {common:.0%} of its Chinese characters are common ones (reports: 99% or more)")
    if marks < MARKS_PER_100_BELOW:
        why.append(f"{marks:.1f} sentence marks per 100 characters (reports: 5.7 or more)")
    if not why:
        return ""
    return ("does not read as a report: " + " and ".join(why)
            + "; wrong encoding, binary data or generated text? Check the file before using its figures")
