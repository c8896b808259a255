"""Naming a report: which government and year it is, where that was read, and its id.

The government and the year are taken, each on its own, from the first of these that says:

1. what the user says: `--city`/`--year` for files, or a manifest CSV (`file,government,year`);
2. the report's title, in front matter (`title: 焦作市政府工作报告 （2016年1月12日 徐衣显）`) or in
   the text (`2017年焦作市政府工作报告`, `天津市2018年政府工作报告`, `政府工作报告——1954年…`);
3. the report's opening lines: the date line (`——2016年1月12日在焦作市第十二届人民代表大会第四次
   会议上`: the year, and the government before 第…届), the speaker line (`焦作市人民政府代市长`,
   `国务院总理`); a report delivered in November or December is the next year's report;
4. the plan and review headings (`二、2017年工作安排` says 2017, `一、2016年工作回顾` says 2017);
5. the file's place: a folder layout `<government>/<year>.<ext>` or a file name carrying them
   (`2017年焦作市政府工作报告.txt`).

A government is a name of two or more characters ending as a government does (省, 自治区, 市,
地区, 州, 自治州, 盟 …, `resources/places.txt`), or the State Council (government `全国`).
Report ids are ASCII: the pinyin of the name without its suffix and ethnic part, with the
place-name readings of `places.txt` where pypinyin's first reading is wrong (漯河 -> luohe).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import JzlibError
from .paths import sections

NATIONAL = "全国"
_YEAR = r"((?:19|20)\d{2})"
_DATE = re.compile(_YEAR + r"年(\d{1,2})月(\d{1,2})日")
_PLAN_YEAR = re.compile(_YEAR + r"年(?:的)?(?:工作安排|主要任务|重点工作|工作任务|经济社会发展|主要工作|工作重点|"
                        r"发展目标|目标任务|工作的总体要求|工作总体要求|政府工作)")
_REVIEW_YEAR = re.compile(_YEAR + r"年(?:的)?(?:政府)?(?:工作)?(?:的)?回顾")
_SENTENCE_MARK = re.compile(r"[，。；！？]")


@lru_cache(maxsize=None)
def places() -> dict[str, list[str]]:
    """The sections of resources/places.txt."""
    return sections("places.txt")


@lru_cache(maxsize=None)
def _name_pattern() -> re.Pattern:
    suffixes = "|".join(sorted(map(re.escape, places()["suffixes"]), key=len, reverse=True))
    return re.compile(rf"[\u4e00-\u9fff]{{2,16}}?(?:{suffixes})")


def government_name(text: str) -> str | None:
    """`text` itself when it is a government's name ("黑龙江省", "宁夏回族自治区"), 全国 for the
    State Council, else None ("本市", "自治区", "人民政府" are not names)."""
    text = text.strip()
    for suffix in ("市", "省", "州"):
        if text.endswith(suffix * 2):         # "中卫市市政府工作报告": a doubled suffix is a typo
            text = text[:-1]
    if text in places()["national"] or text == NATIONAL:
        return NATIONAL
    if not _name_pattern().fullmatch(text):
        return None
    if text.startswith(tuple(places()["not_names"])) or any(w in text for w in ("人民", "政府", "代表")):
        return None
    for suffix in sorted(places()["suffixes"], key=len, reverse=True):
        if text.endswith(suffix):
            return text if len(text) - len(suffix) >= 2 else None
    return None


def _national(text: str) -> bool:
    return any(w in text for w in places()["national"])


# --- titles -------------------------------------------------------------------------------

_TITLE = re.compile(r"^(?:" + _YEAR + r"年(?:度)?)?(.{0,20}?)(?:" + _YEAR + r"年(?:度)?)?(?:人民)?政府工作报告(.*)$")


@dataclass(frozen=True)
class Title:
    """A report title line: what it says of the government and year (None where it is silent)."""

    text: str
    government: str | None
    year: int | None          # a year written as the report's ("2017年…政府工作报告")
    date_year: int | None     # the year of a date in the title ("（2016年1月12日 徐衣显）")


def parse_title(line: str) -> Title | None:
    """The title a line is, or None. A title line names the 政府工作报告 itself (with at most a
    year, a government, and a date, speaker or "摘要" after it), not a sentence or a reference
    to it ("《政府工作报告》名词解释", "市长张三作政府工作报告" are not titles)."""
    s = line.strip()
    if "政府工作报告" not in s or len(s) > 60 or "《" in s or _SENTENCE_MARK.search(s):
        return None
    m = _TITLE.match(s)
    if not m:
        return None
    y1, place, y2, rest = m.groups()
    if rest and not re.fullmatch(r"\s*(?:[（(][^）)]*[）)]|——.*|[:：].*|\s+[\u4e00-\u9fff·]{2,8})?\s*", rest):
        return None
    place = place.strip()
    government = None
    if place:
        government = government_name(place)
        if government is None:
            if _national(place) or place == "中华人民共和国":
                government = NATIONAL
            elif place not in places()["suffixes"]:
                return None             # "市长张三作", "关于…" and the like: not a title
    year = int(y1 or y2) if (y1 or y2) else None
    d = _DATE.search(rest or "")
    return Title(s, government, year, _date_year(d) if d else None)


def _date_year(m: re.Match) -> int:
    """The report year a date says: a report given in November or December is next year's."""
    y, month = int(m.group(1)), int(m.group(2))
    return y + 1 if month >= 11 else y


# --- opening lines ------------------------------------------------------------------------

_CONGRESS = re.compile(r"在(?:中华人民共和国)?([\u4e00-\u9fff]{2,16}?)第?[一二三四五六七八九十]{1,3}届")
_SPEAKER = re.compile(r"^([\u4e00-\u9fff]{2,16}?)(?:人民政府|政府)(?:代)?(?:省长|市长|主席|州长|盟长|专员|区长|县长|旗长)")


def opening_lines(texts: list[str], most: int = 8) -> list[str]:
    """The lines before the report's address to the delegates ("各位代表："), at most `most`."""
    from .clean import phrases
    out = []
    for t in texts[:most]:
        if t.startswith(phrases("address")):
            break
        out.append(t)
    return out


def _from_opening(lines: list[str]) -> tuple[tuple[str, str] | None, tuple[int, str] | None]:
    """((government, where), (year, where)) from a report's opening lines, each None if silent."""
    gov = year = None
    for line in lines:
        if gov is None:
            if _national(line) and ("总理" in line or "全国人民代表大会" in line or "全国人大" in line):
                gov = (NATIONAL, "speaker line" if "总理" in line else "date line")
            elif (m := _CONGRESS.search(line)) and government_name(m.group(1)):
                gov = (government_name(m.group(1)), "date line")
            elif (m := _SPEAKER.match(line.replace(" ", ""))) and government_name(m.group(1)):
                gov = (government_name(m.group(1)), "speaker line")
        if year is None and (m := _DATE.search(line)) and not _SENTENCE_MARK.search(line[:m.start()]):
            year = (_date_year(m), "date line")
        if gov and year:
            break
    return gov, year


def _from_headings(texts: list[str]) -> int | None:
    """The report's year as its part headings say it: headings naming two consecutive years
    ("一、2013年主要工作", "二、2014年工作总体要求") review the first and plan the second; a lone
    year is the plan's, or the review's when the heading reviews ("2016年工作回顾" -> 2017)."""
    from .clean import PART_HEADING, is_unnumbered_heading
    from .structure import PART_MAX_CHARS, heading_title
    years: dict[int, set] = {}                   # year -> what its headings do (review, plan, "")
    for t in texts:
        if not ((PART_HEADING.match(t) and len(heading_title(t)) <= PART_MAX_CHARS) or is_unnumbered_heading(t)):
            continue
        body = PART_HEADING.sub("", heading_title(t))
        for m in re.finditer(_YEAR + "年", body[:24]):
            y = int(m.group(1))
            said = "review" if _REVIEW_WORDS.search(body) else "plan" if _PLAN_WORDS.search(body) else ""
            years.setdefault(y, set()).add(said)
    if len(years) == 1:
        (y, said), = years.items()
        return y + 1 if said == {"review"} else y if said == {"plan"} else None
    if len(years) == 2 and max(years) - min(years) == 1:
        return max(years)
    return None


_REVIEW_WORDS = re.compile("回顾|过去|成就|成绩|总结|执行情况")
_PLAN_WORDS = re.compile("安排|重点|目标|任务|总体要求|建议|部署|打算")


# --- the file's place -----------------------------------------------------------------------

def from_path(path: str | Path) -> tuple[str | None, int | None, str]:
    """(government, year, where) that a file's place says: `<government>/<year>.<ext>` (also
    `国务院/1954.md`), or a file name with both (`2017年焦作市政府工作报告.txt`)."""
    p = Path(path)
    stem = p.stem
    gov = year = None
    where = ""
    m = re.match(_YEAR + r"(?!\d)", stem)
    parent = government_name(p.parent.name) if p.parent.name else None
    if m and parent:
        return parent, int(m.group(1)), "folder and file name"
    t = parse_title(stem) if "政府工作报告" in stem else None
    if t and (t.government or t.year):
        gov, year = t.government, t.year
    else:
        names = [n for n in (government_name(x) for x in re.findall(r"[\u4e00-\u9fff]+", stem)) if n]
        gov = names[0] if names else None
        ys = re.findall(r"(?<!\d)" + _YEAR + r"(?!\d)", stem)
        year = int(ys[0]) if len(ys) == 1 else None
    if gov is None and parent:
        gov = parent
        where = "folder"
    if gov or year:
        where = where or "file name"
    return gov, year, where


# --- all together ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Identity:
    """Which government and year a report is, and where each was read."""

    government: str
    year: int
    government_from: str
    year_from: str
    title: str


def identify(texts: list[str], front_title: str = "", path: str | Path | None = None,
             government: str | None = None, year: int | None = None, given_by: str = "user",
             source=None) -> Identity:
    """The government and year of a report (its cleaned paragraphs `texts`), in the order of the
    module docstring. `front_title` is the `title:` of the file's front matter; `government` and
    `year` are what the user said (`given_by`: "user" or "manifest"). Raises JzlibError naming
    `path` when neither can be found, saying what to pass."""
    found_gov: tuple[str, str] | None = (government, given_by) if government else None
    found_year: tuple[int, str] | None = (int(year), given_by) if year else None
    head = opening_lines(texts)
    titles = [t for t in ([parse_title(front_title)] if front_title else []) + [parse_title(x) for x in head] if t]
    title_text = next((t.text for t in titles if t.government or t.year), titles[0].text if titles else "")
    for t in titles:
        where = "front matter title" if front_title and t.text == front_title.strip() else "title"
        if found_gov is None and t.government:
            found_gov = (t.government, where)
        if found_year is None and t.year:
            found_year = (t.year, where)
    if found_year is None and (d := next((t.date_year for t in titles if t.date_year), None)):
        found_year = (d, "title date")
    if found_gov is None or found_year is None:
        opening = [x for x in head if not parse_title(x)]
        if front_title:
            opening.insert(0, front_title)
        gov, yr = _from_opening(opening)
        found_gov = found_gov or gov
        found_year = found_year or yr
    heading_year = _from_headings(texts)
    if found_year is None and heading_year:
        found_year = (heading_year, "headings")
    elif (found_year and heading_year and found_year[0] != heading_year and found_year[1] != given_by
          and found_year[1] != "date line"):
        # the title says one year, the review and plan headings another ("2003年四川省人民政府工作
        # 报告" reviewing 2003 and planning 2004 is the 2004 report): the headings win unless
        # the date line agrees with the title
        date = _from_opening([x for x in head if not parse_title(x)])[1]
        if date is None or date[0] == heading_year:
            found_year = (heading_year, f"headings (the {found_year[1]} says {found_year[0]})")
    if found_gov and found_gov[1] != given_by:
        # the same government named more fully elsewhere ("延边州" in the title, "延边朝鲜族自治州"
        # in the date line or the folder): keep the full name
        others = [g for g in (_from_opening(head + ([front_title] if front_title else []))[0],
                              (from_path(path)[0], "folder") if path is not None else None) if g and g[0]]
        for g, _ in others:
            if len(g) > len(found_gov[0]) and slug(g) == slug(found_gov[0]) and g.startswith(found_gov[0][:2]):
                found_gov = (g, found_gov[1])
                break
    if (found_gov is None or found_year is None) and path is not None:
        g, y, where = from_path(path)
        if found_gov is None and g:
            found_gov = (g, where)
        if found_year is None and y:
            found_year = (y, where)
    if found_gov is None or found_year is None:
        missing = " and ".join(w for w, f in (("government", found_gov), ("year", found_year)) if f is None)
        raise JzlibError(f"the report's {missing} is not stated in its title, opening lines or file "
                         "name; pass --city 焦作市 --year 2017 (or, for a folder, a manifest CSV "
                         "file,government,year with --manifest)", source or path or "<text>")
    return Identity(found_gov[0], int(found_year[0]), found_gov[1], found_year[1], title_text)


# --- ids ------------------------------------------------------------------------------------

def _strip_suffix(name: str) -> str:
    for suffix in sorted(places()["suffixes"], key=len, reverse=True):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    changed = True
    while changed:                               # "海西蒙古族藏族" -> "海西"
        changed = False
        for e in sorted(places()["ethnic"], key=len, reverse=True):
            if name.endswith(e) and len(name) - len(e) >= 2:
                name, changed = name[: -len(e)], True
                break
    return name


@lru_cache(maxsize=None)
def _readings() -> tuple[dict[str, str], dict[str, str]]:
    p = places()
    pinyin = dict(line.split("\t", 1) for line in p.get("pinyin", []))
    ids = dict(line.split("\t", 1) for line in p.get("ids", []))
    return {k.strip(): v.strip() for k, v in pinyin.items()}, {k.strip(): v.strip() for k, v in ids.items()}


@lru_cache(maxsize=4096)
def slug(government: str) -> str:
    """ASCII name of a government for ids: "焦作市" -> "jiaozuo", "漯河市" -> "luohe",
    "新疆维吾尔自治区" -> "xinjiang", "全国" -> "quanguo"."""
    pinyin, ids = _readings()
    if government in ids:
        return ids[government]
    name = _strip_suffix(government) if government != NATIONAL else government
    if name in pinyin:
        s = pinyin[name].replace(" ", "")
    else:
        from pypinyin import lazy_pinyin     # imported when needed: its phrase dictionary takes ~0.3 s
        s = "".join(lazy_pinyin(name))
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s or "report"


def report_id(government: str, year: int) -> str:
    return f"{slug(government)}-{year}"


# --- manifests ------------------------------------------------------------------------------

def read_manifest(path: str | Path) -> dict[Path, tuple[str | None, int | None]]:
    """A manifest CSV (`file,government,year`, header required; an empty cell says nothing):
    resolved file path -> (government, year). Files are relative to the manifest's folder."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise JzlibError(f"cannot read the manifest ({e.strerror})", p) from None
    rows = list(csv.DictReader(text.splitlines()))
    if not rows or not {"file", "government", "year"} <= set(rows[0]):
        raise JzlibError("a manifest needs the header file,government,year and one row a file", p)
    out = {}
    for n, row in enumerate(rows, 2):
        f = (row.get("file") or "").strip()
        if not f:
            raise JzlibError(f"line {n}: no file named", p)
        gov = (row.get("government") or "").strip() or None
        y = (row.get("year") or "").strip()
        if y and not re.fullmatch(r"\d{4}", y):
            raise JzlibError(f"line {n}: year {y!r} is not a four-digit year", p)
        out[(p.parent / f).resolve()] = (gov, int(y) if y else None)
    return out
