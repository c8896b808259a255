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


from .clean import CHAPTER_HEADING, PART_HEADING, TITLE_LINE, is_heading_line, is_unnumbered_heading, phrases
from .errors import JzlibError

SECTION_MAX_CHARS = 20   # a lead phrase longer than this is a sentence, not a section title
_SENTENCE = re.compile(r"[^。！？]*(?:[。！？]+[”’」』）)]*|$)")
_LEAD = re.compile(r"^(?:——)?([^，。；！？：]{2,%d})[。！]" % SECTION_MAX_CHARS)


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a canonical report, with its place in the structure."""

    para_id: str
    part: str
    chapter: str
    section: str
    text: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)       # flat fields: no deep copy needed (asdict is ~10x slower)


def split_sentences(text: str) -> list[str]:
    """Sentences of a paragraph, each ending with its 。！？ (closing quotes kept with it)."""
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def heading_title(text: str) -> str:
    """The title of a part or chapter heading paragraph: up to its first 。 (or whole line)."""
    return re.split(r"[。！]", text, maxsplit=1)[0]


def lead_phrase(text: str) -> str:
    """The short lead phrase that opens a paragraph ("狠抓项目建设"), or "" if none."""
    m = _LEAD.match(text)
    return m.group(1) if m else ""


def paragraphs(texts: list[str]) -> list[Paragraph]:
    """Assign part, chapter and section to every paragraph of a canonical report."""
    out = []
    part = chapter = section = ""
    width = max(3, len(str(len(texts))))
    for n, text in enumerate(texts, 1):
        if (PART_HEADING.match(text) and len(heading_title(text)) <= 40) or is_unnumbered_heading(text):
            part, chapter, section = heading_title(text), "", ""
        elif CHAPTER_HEADING.match(text):
            chapter, section = heading_title(text), ""
        elif text.startswith(phrases("address")):
            chapter, section = "", ""
        else:
            lead = lead_phrase(text)
            if lead or not chapter:
                section = lead
        out.append(Paragraph(f"p{n:0{width}d}", part, chapter, section, text))
    return out


def sentences(paras: list[Paragraph]) -> list[dict]:
    """Every sentence with a stable id ("p012.s3") and its paragraph's place."""
    rows = []
    for p in paras:
        for k, s in enumerate(split_sentences(p.text), 1):
            rows.append({"sent_id": f"{p.para_id}.s{k}", **{f: getattr(p, f) for f in
                         ("para_id", "part", "chapter", "section")}, "sentence": s})
    return rows


# --- metadata ------------------------------------------------------------------------------

_YEAR_IN_TITLE = re.compile(r"((?:19|20)\d{2})年")
_CITY_IN_TITLE = re.compile(r"^([\u4e00-\u9fff]{1,12}?(?:特别行政区|自治区|自治州|市|省|县|区|州|盟|旗))(?:人民)?政府")
_DATE = re.compile(r"(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日")
_PLAN_YEAR = re.compile(r"((?:19|20)\d{2})年(?:工作安排|主要任务|重点工作|工作任务|经济社会发展)")
_REVIEW_YEAR = re.compile(r"((?:19|20)\d{2})年(?:工作回顾)")
_PLACE_SUFFIX = re.compile(r"(特别行政区|自治区|自治州|市|省|县|区|州|盟|旗)$")


def slug(city: str) -> str:
    """ASCII name of a place for ids: "焦作市" -> "jiaozuo" (pinyin, suffix dropped)."""
    from pypinyin import lazy_pinyin     # imported when needed: its phrase dictionary takes ~0.3 s
    name = _PLACE_SUFFIX.sub("", city) or city
    s = "".join(lazy_pinyin(name))
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s or "report"


def metadata(texts: list[str], city: str | None = None, year: int | None = None,
             source: str = "<text>") -> dict:
    """City, year, title, date and speaker read from a report's first paragraphs.

    `city` and `year` override what the text says. Raises JzlibError when the year can be
    found neither in the text nor in the overrides.
    """
    title = next((t for t in texts if TITLE_LINE.match(t)), "")
    head = texts[:6]
    found_year = None
    m = _YEAR_IN_TITLE.search(title)
    if m:
        found_year = int(m.group(1))
    else:
        for t in texts:
            if is_heading_line(t) or PART_HEADING.match(t):
                if (m := _PLAN_YEAR.search(t)):
                    found_year = int(m.group(1)); break
                if (m := _REVIEW_YEAR.search(t)):
                    found_year = int(m.group(1)) + 1; break
    year = year or found_year
    if not year:
        raise JzlibError("the report's year is not stated in a title or heading; "
                         "pass it with --year (or year= in the notebook)", source)
    found_city = None
    if (m := _CITY_IN_TITLE.search(_YEAR_IN_TITLE.sub("", title))):
        found_city = m.group(1)
    if found_city is None and any("国务院" in t for t in head):
        found_city = "全国"
    city = city or found_city
    if not city:
        raise JzlibError("the report's city is not stated in a title line; "
                         "pass it with --city (or city= in the notebook)", source)
    date = ""
    for t in head:
        if t == title:
            continue
        if (m := _DATE.search(t)):
            y = int(m.group(1)) if m.group(1) else year
            date = f"{y:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            break
    speaker = ""
    roles = "|".join(map(re.escape, phrases("speaker")))
    for t in head:
        if (m := re.search(rf"({roles})([\u4e00-\u9fff]{{2,3}}?)(?=在|同志|代表|作|向|$)", t)):
            speaker = m.group(2)
            break
    return {"report_id": f"{slug(city)}-{year}", "city": city, "year": year,
            "review_year": year - 1, "title": title or f"{year}年{city}政府工作报告",
            "date": date, "speaker": speaker}
