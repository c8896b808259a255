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
from functools import lru_cache

import numpy as np

from .identify import parse_title

SHINGLE = 5
SAME_REPORT = 0.8   # Jaccard similarity at or above which two copies are one report
NUM_PERM = 64       # MinHash permutations of a report's signature (copies across files)
SAMPLE = 8          # keep the 5-grams whose hash is divisible by 8: a consistent sample, 8x less to permute
_BASE = np.uint64(1_000_003)


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


# A file holds a few pasted copies (the shipped one 8); up to this many distinct ones every pair
# is compared. Beyond (a file of thousands of tiny reports: 2,500 took 49 s all pairs), the pairs
# compared are those MinHash LSH finds (the build's method), so the cost grows linearly.
ALL_PAIRS_UP_TO = 50


def _pairs(copies: list[Copy], distinct: list[int]):
    """(later, earlier) pairs of copy numbers to compare."""
    if len(distinct) <= ALL_PAIRS_UP_TO:
        for a, i in enumerate(distinct):
            for j in distinct[:a]:
                yield i, j
        return
    index = _lsh()
    for i in distinct:
        mh = _minhash(signature("".join(copies[i].paragraphs)))
        for j in sorted(index.query(mh)):
            yield i, j
        index.insert(i, mh)


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
        for i, j in _pairs(copies, distinct):
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


# --- copies across files --------------------------------------------------------------------
# Reports found in more than one file are kept once, the same way in the notebooks (notebook
# 01, `pipeline.merge_across_files`) and in a corpus build: a copy names the same government
# and year, so kept reports are put in blocks by (government, year); a report is a copy of the
# first kept report of its block (in id order) whose MinHash estimate of the Jaccard similarity
# of their character 5-grams reaches SAME_REPORT, as copies within a file are grouped.

def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of a text's character 5-grams (whitespace ignored), computed with
    numpy: a polynomial rolling hash of the code points (arithmetic mod 2**64), then the
    splitmix64 finaliser so every bit is well mixed. Stable across runs and machines (no
    Python hash randomisation); about 1 ms for a report of 20,000 characters."""
    s = "".join(text.split())
    cp = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = max(1, len(cp) - SHINGLE + 1)
    cp = np.concatenate([cp, np.zeros(max(0, n + SHINGLE - 1 - len(cp)), dtype=np.uint64)])
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = h * _BASE + cp[k:k + n]
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    h.sort()                                  # np.unique is ~20x slower here (numpy 2 hashes)
    return h[np.concatenate(([True], h[1:] != h[:-1]))]


@lru_cache(maxsize=None)
def _permutations() -> np.ndarray:
    """The 64 permutations (a, b) of datasketch's MinHash(num_perm=64, seed=1) in its default
    "affine32" scheme, drawn as datasketch draws them (tests check the signatures equal
    datasketch's own)."""
    gen = np.random.RandomState(1)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return np.array([a, b])


def signature(text: str) -> np.ndarray:
    """MinHash signature (64 uint32 values) of a text's character 5-grams, sampled by hash value
    (every document keeps the same 5-grams, so the Jaccard similarity of the samples estimates
    that of the full sets; texts under 4,000 characters keep every 5-gram). Each 5-gram enters
    as the top 32 bits of its hash; the values are those of datasketch's MinHash(num_perm=64,
    seed=1) fed the same numbers (MurmurHash3 finaliser, then h -> a*h + b mod 2**32, minimum),
    computed with numpy in one go, so workers need not import datasketch (and scipy, ~1 s)."""
    h = shingle_hashes(text)
    kept = h[h % np.uint64(SAMPLE) == 0] if len(h) >= 500 * SAMPLE else h     # short texts: every 5-gram
    hv = (kept >> np.uint64(32)).astype(np.uint32).reshape(-1, 1)
    hv ^= hv >> np.uint32(16)
    hv *= np.uint32(0x85EBCA6B)
    hv ^= hv >> np.uint32(13)
    hv *= np.uint32(0xC2B2AE35)
    hv ^= hv >> np.uint32(16)
    a, b = _permutations()
    return (hv * a + b).min(axis=0)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal MinHash values: datasketch's `MinHash.jaccard` of the same signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


class CopyIndex:
    """Kept reports, for finding the copy of a new one without comparing all pairs.

    A block (government, year) is usually one report, and its few members are compared
    directly. Reports whose government or year could not be read share a block, and reports
    written from one template collide; a block of more than LSH_FROM reports gets a MinHash LSH
    index (datasketch) that returns the few candidates (one index over all reports returned
    ~470 candidates a query at 1,000 templated reports: quadratic)."""

    LSH_FROM = 16

    def __init__(self):
        self.blocks: dict[tuple, list[str]] = {}
        self.lsh: dict[tuple, object] = {}
        self.signatures: dict[str, np.ndarray] = {}
        self.compared = 0                      # signature comparisons made (the cost of finding copies)

    def find(self, sig: np.ndarray, block: tuple) -> str | None:
        """Id of the first kept report (in id order) of `block` that is a copy of `sig`, or None."""
        members = self.blocks.get(block)
        if not members:
            return None
        candidates = sorted(self.lsh[block].query(_minhash(sig))) if block in self.lsh else sorted(members)
        for c in candidates:
            self.compared += 1
            if estimated_jaccard(self.signatures[c], sig) >= SAME_REPORT:
                return c
        return None

    def similarity(self, rid: str, sig: np.ndarray) -> float:
        return round(estimated_jaccard(self.signatures[rid], sig), 4)

    def add(self, rid: str, sig: np.ndarray, block: tuple) -> None:
        members = self.blocks.setdefault(block, [])
        members.append(rid)
        self.signatures[rid] = sig
        if block in self.lsh:
            self.lsh[block].insert(rid, _minhash(sig))
        elif len(members) > self.LSH_FROM:
            self.lsh[block] = index = _lsh()
            for r in members:
                index.insert(r, _minhash(self.signatures[r]))


def _minhash(sig: np.ndarray):
    """A datasketch MinHash holding a `signature` (for MinHash LSH)."""
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=sig, permutations=_permutations(), scheme="affine32")


@lru_cache(maxsize=1)
def _lsh_params() -> tuple[int, int]:
    # the band/row split for the threshold is found by numerical integration (~30 ms): once
    from datasketch import MinHashLSH
    first = MinHashLSH(threshold=SAME_REPORT, num_perm=NUM_PERM)
    return first.b, first.r


def _lsh():
    from datasketch import MinHashLSH
    return MinHashLSH(threshold=SAME_REPORT, num_perm=NUM_PERM, params=_lsh_params())
