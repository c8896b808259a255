"""Finding structure: parts, chapters, sections, paragraphs, sentences and metadata of a report.

Parts are headings "一、…" (or, when the numbering was lost, a short line such as
"2016年工作回顾" ending like a heading), chapters "（一）…", and a section is the short lead phrase that
opens a paragraph ("狠抓项目建设。", "——综合实力再上台阶。", "一是新战略赋予焦作新定位。").
Inside a chapter a paragraph with no lead phrase of its own belongs to the section before
it; outside chapters it has none. Ids are positional ("p001", "p001.s1") and so stable
across runs for the same canonical text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


from .clean import CHAPTER_HEADING, PART_HEADING, TITLE_LINE, is_heading_line, is_unnumbered_heading, phrases
from .errors import JzlibError
from .numbers import cn_years
from .paths import sections
from .periods import plan_start

PART_MAX_CHARS = 60      # a numbered part heading ("二、展望2022年，…") is at most this long
SECTION_MAX_CHARS = 20   # a lead phrase longer than this is a sentence, not a section title
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+[”’」』）)]*|$)")
_LEAD = re.compile(r"^(?:——)?([^，。；！？：]{2,%d})[。！]" % SECTION_MAX_CHARS)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a canonical report, with its place in the structure."""

    para_id: str
    part: str
    part_kind: str      # review / outlook / plan / government, "" outside the parts
    chapter: str
    section: str
    text: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)       # flat fields: no deep copy needed (asdict is ~10x slower)


# The longest sentence of the 2,540 real reports is 1,035 characters; a "sentence" over this many
# is pasted garbage (a line of 1%1%1%…), cut into pieces so that no step meets more than this.
MAX_SENTENCE = 2000
_CUT_AFTER = "，；、,;：: "


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, each ending with its 。！？ (closing quotes kept with it). A
    sentence over MAX_SENTENCE characters is cut after its last comma (，；、) before the limit,
    or at the limit."""
    out = []
    for s in _SENTENCE.findall(text):
        if not s.strip():
            continue
        while len(s) > MAX_SENTENCE:
            window = s[:MAX_SENTENCE]
            cut = max(window.rfind(c) for c in _CUT_AFTER) + 1 or MAX_SENTENCE
            out.append(s[:cut])
            s = s[cut:]
        if s.strip():
            out.append(s)
    return out


def heading_title(text: str) -> str:
    """The title of a part or chapter heading paragraph: up to its first 。 (or whole line)."""
    return re.split(r"[。！]", text, maxsplit=1)[0]


def lead_phrase(text: str) -> str:
    """The short lead phrase that opens a paragraph ("狠抓项目建设"), or "" if none."""
    m = _LEAD.match(text)
    return m.group(1) if m else ""


PART_KINDS = ("review", "outlook", "plan", "government")
_OTHER_SECTIONS = ("plan_opener", "first_year", "targets_statement", "targets_restated")
_FIVE_YEAR_PLAN = re.compile(r"[“\"]十([一二三四五六七八九]?)五[”\"]|十([一二三四五六七八九]?)五(?=时期|规划|期间)")
_CN = "一二三四五六七八九"


@lru_cache(maxsize=None)
def _kind_words() -> tuple[tuple[str, str], ...]:
    """(word, kind) of resources/part_kinds.txt, longest words first."""
    sec = sections("part_kinds.txt")
    unknown = set(sec) - set(PART_KINDS) - set(_OTHER_SECTIONS)
    if unknown:
        raise ValueError(f"part_kinds.txt: unknown section(s) {sorted(unknown)}; "
                         f"use {PART_KINDS} or {_OTHER_SECTIONS}")
    return tuple(sorted(((w, k) for k in PART_KINDS for w in sec.get(k, [])), key=lambda x: -len(x[0])))


@lru_cache(maxsize=4096)
def heading_kind(heading: str, year: int | None = None) -> str:
    """The kind a part heading names (see resources/part_kinds.txt): the kind of the first word
    of a kind it contains, "" when it names none."""
    hits = []
    heading = cn_years(heading)                  # 三、关于二〇〇一年的政府工作
    for word, kind in _kind_words():
        at = heading.find(word)
        if at >= 0:
            hits.append((at, -len(word), kind))
    if year:
        for y, kind in ((year, "plan"), (year - 1, "review")):
            at = heading.find(f"{y}年")
            if at >= 0:
                hits.append((at, -5, kind))
        for m in _FIVE_YEAR_PLAN.finditer(heading):
            digit = m.group(1) if m.group(1) is not None else m.group(2)
            n = 10 + (_CN.index(digit) + 1 if digit else 0)
            start = plan_start(n)
            if start + 4 < year:                 # ended: its results are reviewed
                hits.append((m.start(), -len(m.group()), "review"))
            elif start >= year:                  # begins: its goals are the outlook
                hits.append((m.start(), -len(m.group()), "outlook"))
    if not hits:
        return ""
    kind = min(hits)[2]
    if kind == "outlook" and (any(k == "plan" and w == -5 for _, w, k in hits)
                              or any(w in heading for w in _first_year_words())):
        # "“十四五”时期主要目标任务和2021年重点工作", "全力以赴做好“十四五”开局工作": this year's targets are in it
        kind = "plan"
    return kind


@lru_cache(maxsize=None)
def _first_year_words() -> tuple[str, ...]:
    return tuple(sections("part_kinds.txt").get("first_year", ()))


def part_kinds(parts: list[str], year: int | None = None) -> dict[str, str]:
    """The kind of each part heading of a report, in order (see resources/part_kinds.txt): what
    its heading names; a heading naming none takes the kind before it (plan after a review,
    unless a later heading names the plan or outlook); a review-looking part after the plan or
    outlook is plan."""
    out: dict[str, str] = {}
    before = ""
    heads = list(dict.fromkeys(p for p in parts if p))
    named = [heading_kind(p, year) for p in heads]
    for i, (part, kind) in enumerate(zip(heads, named)):
        if not kind:
            # after the review, an unnamed part is the plan, unless a later heading names the
            # plan or the outlook: then it is a chapter of the review written as a part
            # (“十二五”及2015年工作回顾 / 一、突出发展要务… / … / 2016年工作安排)
            later_plan = any(k in ("plan", "outlook") for k in named[i + 1:])
            kind = {"": "review", "review": "review" if later_plan else "plan"}.get(before, before)
        elif kind == "review" and before in ("plan", "outlook", "government"):
            kind = "plan"
        out[part] = before = kind
    return out


def paragraphs(texts: list[str], year: int | None = None) -> list[Paragraph]:
    """Assign part (and its kind), chapter and section to every paragraph of a canonical report."""
    rows = []
    part = chapter = section = ""
    width = max(3, len(str(len(texts))))
    for n, text in enumerate(texts, 1):
        if (PART_HEADING.match(text) and len(heading_title(text)) <= PART_MAX_CHARS) or is_unnumbered_heading(text):
            part, chapter, section = heading_title(text), "", ""
        elif CHAPTER_HEADING.match(text):
            chapter, section = heading_title(text), ""
        elif text.startswith(phrases("address")):
            chapter, section = "", ""
        else:
            lead = lead_phrase(text)
            if lead or not chapter:
                section = lead
        rows.append((f"p{n:0{width}d}", part, chapter, section, text))
    kinds = part_kinds([r[1] for r in rows], year)
    each = implicit_kinds([r[4] for r in rows], [kinds.get(r[1], "") for r in rows], year)
    return [Paragraph(pid, part, kind, chapter, section, text)
            for (pid, part, chapter, section, text), kind in zip(rows, each)]


@lru_cache(maxsize=None)
def _plan_openers() -> tuple[str, ...]:
    return tuple(sections("part_kinds.txt").get("plan_opener", []))


def implicit_kinds(texts: list[str], kinds: list[str], year: int | None) -> list[str]:
    """Kinds for the paragraphs outside any part when the headings leave the review or the plan
    unfound (a report without part headings, one whose review part lost its heading, or one whose
    only plan part is an appendix after the government part): from
    the address to the delegates on, paragraphs before the first plan opener
    ([plan_opener] of part_kinds.txt) are review, those from it on are plan, until a part
    heading. Paragraphs inside parts keep their part's kind."""
    found = set(kinds)
    # the parts before the government's own part: a plan part after it is an appendix
    # (成都市2024年民生实事工作目标), not the plan of the year
    main = set(kinds[: kinds.index("government")]) if "government" in found else found
    if "review" in main and main & {"plan", "outlook"}:
        return _opening_is_review(texts, kinds)
    openers = [re.compile(p.replace("{year}", str(year or ""))) for p in _plan_openers()]
    out = list(kinds)
    no_plan = not main & {"plan", "outlook"}
    started = False
    current = "review" if "review" not in found else ""
    for i, (text, kind) in enumerate(zip(texts, kinds)):
        if not started:
            started = text.startswith(phrases("address"))
            continue
        if no_plan and kind in ("", "review") and any(o.match(text) for o in openers):
            current = "plan"                  # the plan begins here, inside the review part or after it
            no_plan = False
        if kind and not (kind == "review" and current == "plan"):
            if kind in ("plan", "outlook", "government"):
                current = ""                  # the parts take over
            continue
        if current:
            out[i] = current
    return out


def _opening_is_review(texts: list[str], kinds: list[str]) -> list[str]:
    """The paragraphs between the address to the delegates and the first part found are the
    review (its heading was lost or merged into the text: 2011年工作回顾2011年是…)."""
    out = list(kinds)
    started = False
    for i, (text, kind) in enumerate(zip(texts, kinds)):
        if kind:
            break
        if started:
            out[i] = "review"
        started = started or text.startswith(phrases("address"))
    return out


def sentences(paras: list[Paragraph]) -> list[dict]:
    """Every sentence with a stable id ("p012.s3") and its paragraph's place."""
    rows = []
    for p in paras:
        for k, s in enumerate(split_sentences(p.text), 1):
            rows.append({"sent_id": f"{p.para_id}.s{k}", **{f: getattr(p, f) for f in
                         ("para_id", "part", "part_kind", "chapter", "section")}, "sentence": s})
    return rows


# --- metadata ------------------------------------------------------------------------------

_DATE = re.compile(r"(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日")


def slug(city: str) -> str:
    """ASCII name of a government for ids (see `identify.slug`): "焦作市" -> "jiaozuo"."""
    from .identify import slug as _slug
    return _slug(city)


def _display_title(title: str, city: str, year: int) -> str:
    """The report's title as tables and page headers show it: as written when it names the
    government and the year, without a date or speaker in brackets after it; else
    "<year>年<government>政府工作报告" ("2024年政府工作报告" for the State Council)."""
    from .identify import NATIONAL, parse_title
    t = parse_title(title) if title else None
    if t and t.government and t.year:
        return re.sub(r"\s*[（(][^（）()]*[）)]\s*$", "", t.text)
    return f"{year}年{'' if city == NATIONAL else city}政府工作报告"


def metadata(texts: list[str], city: str | None = None, year: int | None = None,
             source="<text>", front_title: str = "", path=None, given_by: str = "user") -> dict:
    """Government ("city"), year, title, date and speaker of a report, and where the government
    and year were read (`identify.identify`: what the user says, the title, the opening lines,
    the headings, the file's place). `city` and `year` override what the text says. Raises
    JzlibError when the government or the year cannot be found."""
    from .identify import identify, opening_lines, report_id
    who = identify(texts, front_title=front_title, path=path, government=city, year=year,
                   given_by=given_by, source=source)
    city, year = who.government, who.year
    title = who.title
    head = opening_lines(texts) or texts[:6]
    date = ""
    for t in ([front_title] if front_title else []) + head:
        if t == title:
            continue
        if (m := _DATE.search(t)):
            y = int(m.group(1)) if m.group(1) else year
            date = f"{y:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            break
    speaker = ""
    roles = "|".join(map(re.escape, phrases("speaker")))
    for t in head + ([front_title] if front_title else []):
        t = t.replace("\u3000", " ")
        if (m := re.search(rf"({roles})\s*([\u4e00-\u9fff·]{{2,12}}?)(?=\s|在|同志|代表|作|向|[）)]|$)", t)):
            speaker = m.group(2)
            break
    return {"report_id": report_id(city, year), "city": city, "year": year,
            "review_year": year - 1, "title": _display_title(title, city, year),
            "date": date, "speaker": speaker,
            "government_from": who.government_from, "year_from": who.year_from}
