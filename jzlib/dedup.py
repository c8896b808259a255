"""Deduplicating: split a cleaned file into report copies and collapse copies of one report.

A copy starts where a report's title repeats after body text: a title line that names a year
or a government ("2017年焦作市政府工作报告"), or the file's first title again. A line that only
says 政府工作报告 under a full title (a heading of the text, "**政府工作报告**") starts nothing,
and neither do references to it ("《政府工作报告》名词解释"). Copies are texts of one government
and year: only copies with the same (government, year) key are ever merged, however similar
their wording (reports written from one template are 0.96 similar). Within a key, copies are
grouped by the Jaccard similarity of their character 5-gram sets (line breaks and whitespace
ignored), so exact copies, copies with small edits and copies with different line breaks
fall in one group. Each group yields one canonical text: the paragraph
sequence most copies share (the earliest on a tie); every paragraph where another copy
differs is reported, never silently dropped.
"""
from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass, field

from .identify import parse_title

SHINGLE = 5
SAME_REPORT = 0.8   # Jaccard similarity at or above which two copies are one report


@dataclass
class Copy:
    """One copy of a report as found in a file: numbered from 1, with raw line numbers."""

    number: int
    linenos: list[int]
    paragraphs: list[str]

    @property
    def first_line(self) -> int:
        return self.linenos[0]

    @property
    def last_line(self) -> int:
        return self.linenos[-1]

    @property
    def title(self) -> str:
        return next((p for p in self.paragraphs if parse_title(p)), "")

    def shingles(self) -> set[str]:
        joined = "".join(self.paragraphs)
        return {joined[i:i + SHINGLE] for i in range(max(1, len(joined) - SHINGLE + 1))}


@dataclass
class Report:
    """A group of copies of one report, its canonical paragraphs and the differences found."""

    copies: list[Copy]
    canonical: Copy
    differences: list[dict] = field(default_factory=list)

    @property
    def exact_copies(self) -> int:
        return sum(c.paragraphs == self.canonical.paragraphs for c in self.copies)


def split_copies(lines: list[str], first_line: int = 1, title: str = "") -> list[Copy]:
    """Split cleaned lines into copies where a report's title repeats (see the module
    docstring); `title` is the file's title given apart from its text (a markdown file's front
    matter), so a line saying only 政府工作报告 never repeats it. Empty lines are skipped. Lines
    before the first title belong to the first copy (so nothing is lost); a file with no title
    line is one copy."""
    copies: list[Copy] = []
    linenos: list[int] = []
    paras: list[str] = []
    first_title = (parse_title(title).text if parse_title(title) else title) or None
    body = False                      # the current copy has a sentence: a title now repeats
    for i, line in enumerate(lines):
        if not line:
            continue
        heading = parse_title(line) if "政府工作报告" in line else None
        if heading is not None:
            if body and first_title is not None and (heading.government or heading.year or heading.text == first_title):
                copies.append(Copy(len(copies) + 1, linenos, paras))
                linenos, paras, body = [], [], False
            first_title = first_title or heading.text
        elif "。" in line:
            body = True
        linenos.append(first_line + i)
        paras.append(line)
    if paras:
        copies.append(Copy(len(copies) + 1, linenos, paras))
    return copies


def unique_id(rid: str, taken) -> str:
    """`rid`, or when another report already has it, `rid`-2, -3 …: the one rule for ids of
    different reports that read as the same government and year (within a file, across files
    and in a corpus build)."""
    if rid not in taken:
        return rid
    n = 2
    while f"{rid}-{n}" in taken:
        n += 1
    return f"{rid}-{n}"


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def similarity_matrix(copies: list[Copy]) -> list[list[float]]:
    """Jaccard similarity of the 5-gram sets of every pair of copies (1.0 on the diagonal)."""
    sh = [c.shingles() for c in copies]
    return [[jaccard(sh[i], sh[j]) for j in range(len(copies))] for i in range(len(copies))]


def group_copies(copies: list[Copy], threshold: float = SAME_REPORT) -> list[list[Copy]]:
    """Group copies whose similarity reaches `threshold` (single linkage), in order of appearance."""
    parent = list(range(len(copies)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    exact: dict[tuple, int] = {}
    distinct: list[int] = []
    for i, c in enumerate(copies):
        key = tuple(c.paragraphs)
        if key in exact:                       # exact copy: no need to compare text
            parent[i] = exact[key]
        else:
            exact[key] = i
            distinct.append(i)
    if len(distinct) > 1:                      # shingles only when there is something to compare
        sh = {i: copies[i].shingles() for i in distinct}
        for a, i in enumerate(distinct):
            for j in distinct[:a]:
                if find(j) != find(i) and jaccard(sh[i], sh[j]) >= threshold:
                    parent[find(i)] = find(j)
    groups: dict[int, list[Copy]] = {}
    for i, c in enumerate(copies):
        groups.setdefault(find(i), []).append(c)
    return sorted(groups.values(), key=lambda g: g[0].number)


def _differences(canon: Copy, other: Copy) -> list[dict]:
    sm = difflib.SequenceMatcher(None, canon.paragraphs, other.paragraphs, autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        a, b = canon.paragraphs[i1:i2], other.paragraphs[j1:j2]
        out.append({
            "copy": other.number, "op": op,
            "kept_lines": canon.linenos[i1:i2], "kept": a,
            "other_lines": other.linenos[j1:j2], "other": b,
            "line_breaks_only": "".join(a) == "".join(b),
        })
    return out


def deduplicate(copies: list[Copy], threshold: float = SAME_REPORT, key=None) -> list[Report]:
    """Collapse copies into reports: one canonical text each, differences reported. With `key`
    (a function of a copy, e.g. its government and year), copies of different keys are never
    merged."""
    blocks: dict = {}
    for c in copies:
        blocks.setdefault(key(c) if key else None, []).append(c)
    groups = sorted((g for block in blocks.values() for g in group_copies(block, threshold)),
                    key=lambda g: g[0].number)
    reports = []
    for group in groups:
        counts = Counter(tuple(c.paragraphs) for c in group)
        best = max(counts.values())
        canon = next(c for c in group if counts[tuple(c.paragraphs)] == best)
        diffs = [d for c in group if c.paragraphs != canon.paragraphs for d in _differences(canon, c)]
        reports.append(Report(copies=group, canonical=canon, differences=diffs))
    return reports
