"""Draw the hand-checked sample of real reports (issue 13): 40 reports of a corpus laid out
<category>/<government>/<year>.md, with a fixed seed, stratified so that the sample holds the
State Council, at least 5 provinces, at least 5 term-review reports (a review of the whole
term: 过去五年, 五年来, 本届政府 in the opening pages) and at least 30 reports since 2000.

    python benchmarks/handcheck_sample.py ../shared/corpus > tests/handcheck/sample.txt

The draw depends only on the seed and the list of file paths, so it is the same on every
machine holding the same corpus.
"""
from __future__ import annotations

import random
import re
import sys
from pathlib import Path

SEED = 2026
SIZE = 40
TERM_REVIEW = re.compile(r"过去五年|五年来|本届政府|过去的五年")


def is_term_review(path: Path) -> bool:
    return bool(TERM_REVIEW.search(path.read_text(encoding="utf-8", errors="replace")[:6000]))


def draw(root: Path, seed: int = SEED, size: int = SIZE) -> list[Path]:
    files = sorted(p for p in root.rglob("*.md") if p.stem[:4].isdigit())
    rng = random.Random(seed)
    year = lambda p: int(p.stem[:4])
    since = [p for p in files if year(p) >= 2000]
    picked: list[Path] = []

    def take(pool, n, distinct_government=False):
        pool = [p for p in pool if p not in picked]
        rng.shuffle(pool)
        seen = {p.parent for p in picked}
        for p in pool:
            if n == 0:
                break
            if distinct_government and p.parent in seen:
                continue
            picked.append(p); seen.add(p.parent); n -= 1

    take([p for p in since if "国务院" in p.relative_to(root).parts[:1]], 1)
    take([p for p in since if "省自治区" in p.relative_to(root).parts[:1]], 5, distinct_government=True)
    take([p for p in since if is_term_review(p)], 5)
    take(since, 30 - len(picked))
    take(files, size - len(picked))
    return sorted(picked)


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus")
    for p in draw(root):
        print(p.relative_to(root).as_posix(), "term-review" if is_term_review(p) else "")
