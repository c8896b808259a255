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
    before: str          # the whole line before
    after: str           # the whole line after

    def as_dict(self) -> dict:
        return dict(self.__dict__)       # flat fields: no deep copy needed (asdict is ~10x slower)


def _resource_lines(name: str) -> list[str]:
    lines = resource(name).read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.lstrip().startswith("#")]


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
    out = []
    for line in resource("structure.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split(None, 1)
        if len(parts) == 2 and not line.startswith("#") and parts[0] == role:
            out.append(parts[1].strip())
    return tuple(out)


@lru_cache(maxsize=None)
def heading_endings() -> tuple[str, ...]:
    """Words a numbered heading ends with (resources/heading_endings.txt)."""
    return tuple(_resource_lines("heading_endings.txt"))


PART_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
CHAPTER_HEADING = re.compile(r"^（[一二三四五六七八九十]{1,3}）")
TITLE_LINE = re.compile(r"^(?!.*[，。；！？]).{0,40}政府工作报告")


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


def _noise_in(line: str) -> tuple[str, list[tuple]]:
    """One line without its known noise, and what was removed or flagged (NoiseEvent fields
    after the line number)."""
    cleaned, found = line, []
    for pat in noise_patterns():
        m = pat.search(cleaned)
        while m and m.group():
            after = (cleaned[:m.start()] + cleaned[m.end():]).strip()
            found.append((m.start() + 1, "removed", m.group(), f"known noise pattern {pat.pattern!r}", cleaned, after))
            cleaned = after
            m = pat.search(cleaned)
    if is_heading_line(cleaned) and PART_HEADING.match(cleaned):   # chapter titles are free phrases
        tail = suspicious_tail(cleaned)
        if tail:
            found.append((cleaned.rfind(tail) + 1, "flagged", tail,
                          "heading carries text after its grammar; review it and "
                          "add it to noise_patterns.txt if it is spam", cleaned, cleaned))
    return cleaned, found


# --- web residue, traditional characters, broken lines ------------------------------------

_BLOCK_TAGS = re.compile(r"(?i)<\s*(?:br|/p|p|/div|div|/li|li|/tr|tr|/h[1-6]|h[1-6])(?:\s[^>]*)?/?\s*>")
_ANY_TAG = re.compile(r"(?s)<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?\s*>|<!--.*?-->")
_SCRIPT = re.compile(r"(?is)<\s*(script|style)\b.*?<\s*/\s*\1\s*>")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,30});")


def strip_html(text: str) -> tuple[str, int]:
    """Turn HTML residue into plain text: <p>, <br>, <div>… become line breaks, other tags and
    <script>/<style> blocks go, entities (&nbsp; &amp; &#12345;) are decoded.
    Returns (text, number of tags and entities handled); text without tags comes back as is,
    apart from its entities."""
    import html as _html
    n = 0
    if _ANY_TAG.search(text):
        text, k1 = _SCRIPT.subn("", text)
        text, k2 = _BLOCK_TAGS.subn("\n", text)
        text, k3 = _ANY_TAG.subn("", text)
        n += k1 + k2 + k3
    entities = len(_ENTITY.findall(text))
    if entities:
        text = _ENTITY.sub(lambda m: _html.unescape(m.group()), text)
        n += entities
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


def _is_structural(line: str) -> bool:
    return bool(TITLE_LINE.match(line) or PART_HEADING.match(line) or CHAPTER_HEADING.match(line)
                or is_unnumbered_heading(line) or line.startswith(phrases("lead") + phrases("address")))


def is_unnumbered_heading(line: str) -> bool:
    """A part heading that lost its numbering: a short line with no punctuation ending with a
    heading ending ("2016年工作回顾", "全面加强政府自身建设")."""
    return (4 <= len(line) <= 25 and not re.search(r"[，。；：！？、,.;:!?]", line)
            and line.endswith(heading_endings()) and not TITLE_LINE.match(line))


def join_broken_lines(lines: list[str], first_line: int = 1) -> tuple[list[str], list[NoiseEvent]]:
    """Join paragraphs broken across lines: a line that ends mid-sentence (with ，or 、, or with a
    Chinese character or digit when it is at least 15 characters long) continues on the next
    line when neither is a heading, title or blank. Keeps the line count (a joined line
    becomes ""), and reports each join."""
    out = list(lines)
    events = []
    head = 0
    for k in range(1, len(out)):
        cur, nxt = out[head], out[k]
        mid_sentence = cur.endswith(("，", "、", ",")) or (len(cur) >= 15 and re.search(r"[\u4e00-\u9fff\d]$", cur))
        if (cur and nxt and mid_sentence and not _is_structural(cur) and not _is_structural(nxt)):
            events.append(NoiseEvent(first_line + k, 1, "joined", nxt[:30],
                                     f"continues the paragraph of line {first_line + head} "
                                     "(that line has no sentence end)", nxt, ""))
            out[head], out[k] = cur + nxt, ""
        else:
            head = k
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
