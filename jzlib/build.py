"""Building a corpus: the whole non-notebook pipeline over a directory of raw files, in parallel.

`build(raw_dir, out_dir, jobs)` cleans every raw file, extracts indicators, counts words and
themes, and writes the same files the notebooks write: `<out>/interim/<report_id>.*` and
`<out>/processed/{indicators,headline,yoy,word_freq,themes,keywords}.csv`.

Files are processed by a pool of `jobs` worker processes and their results merged in file
order, so the output does not depend on `jobs`. Reports found in more than one file are kept
once: each report's MinHash signature (datasketch, character 5-grams) goes into a MinHash LSH
index, so a new report is compared only with the few reports whose signatures collide, not
with all earlier ones (cost linear in the number of reports); a candidate counts as the same
report when the estimated Jaccard similarity reaches 0.8, as within a file, and it names the
same city and year. Workers write each report's word tables to a staging folder; the parent
streams the kept ones into the final CSVs, so memory stays flat as the corpus grows.
"""
from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import compare, dedup, extract, words
from .errors import JzlibError
from .paths import RAW, DATA, raw_files
from .store import PARAGRAPH_COLUMNS, atomic_write, csv_text, interim_meta, write_table

NUM_PERM = 64
STAGES = ("read", "clean", "structure", "extract", "words")


SAMPLE = 4   # keep the 5-grams whose hash is divisible by 4: a consistent sample, 4x less to permute
_BASE = np.uint64(1_000_003)


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 64-bit hashes of a text's character 5-grams (whitespace ignored), computed with
    numpy: a polynomial rolling hash of the code points (arithmetic mod 2**64), then the
    splitmix64 finaliser so every bit is well mixed. Stable across runs and machines (no
    Python hash randomisation); about 1 ms for a report of 20,000 characters."""
    s = "".join(text.split())
    cp = np.frombuffer(s.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = max(1, len(cp) - dedup.SHINGLE + 1)
    cp = np.concatenate([cp, np.zeros(max(0, n + dedup.SHINGLE - 1 - len(cp)), dtype=np.uint64)])
    h = np.zeros(n, dtype=np.uint64)
    for k in range(dedup.SHINGLE):
        h = h * _BASE + cp[k:k + n]
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    h.sort()                                  # np.unique is ~20x slower here (numpy 2 hashes)
    return h[np.concatenate(([True], h[1:] != h[:-1]))]


def _identity(h: int) -> int:
    return h


@lru_cache(maxsize=None)
def _template():
    from datasketch import MinHash
    return MinHash(num_perm=NUM_PERM, hashfunc=_identity, seed=1)


def minhash(text: str):
    """MinHash (datasketch, 64 permutations) of a text's character 5-grams, sampled by hash value
    (every document keeps the same 5-grams, so the Jaccard similarity of the samples estimates
    that of the full sets). Each sampled 5-gram enters as the top 32 bits of its hash."""
    h = shingle_hashes(text)
    kept = h[h % np.uint64(SAMPLE) == 0]
    if not len(kept):
        kept = h[:1]
    m = _template().copy()
    m.update_batch((kept >> np.uint64(32)).tolist())
    return m


# --- the worker ----------------------------------------------------------------------------------

_STATE: dict = {}


def _init(backend: str, k: int, textrank: bool, staging: str) -> None:
    _STATE["tok"] = words.Tokenizer(backend=backend)
    _STATE["tok"].cut("初始化")
    _STATE["k"], _STATE["methods"] = k, (("tfidf", "textrank") if textrank else ("tfidf",))
    _STATE["staging"] = Path(staging)


TABLES = ("word_freq", "themes", "keywords")


def _stage(df: pd.DataFrame, name: str, key: str) -> str:
    """Write a table part (CSV rows, no header) to the staging folder; return its path."""
    path = _STATE["staging"] / f"{key}.{name}.csv"
    df.to_csv(path, index=False, header=False, lineterminator="\n", float_format="%.10g")
    return str(path)


def _process(path: str) -> dict:
    """Everything about one raw file, computed in a worker process; errors come back as text."""
    from .pipeline import clean_raw
    from .read import read_raw
    timings: dict = {}
    t = time.perf_counter()
    try:
        raw = read_raw(path)
        timings["read"] = time.perf_counter() - t
        res = clean_raw(raw, timings=timings)
    except JzlibError as e:
        return {"file": path, "error": str(e), "timings": timings}
    reports = []
    for n, rep in enumerate(res.reports):
        meta = rep.meta
        paras = pd.DataFrame([{"report_id": rep.report_id, **p.as_dict()} for p in rep.paragraphs],
                             columns=PARAGRAPH_COLUMNS)
        t = time.perf_counter()
        ind = extract.extract_report(meta, paras)
        timings["extract"] = timings.get("extract", 0.0) + time.perf_counter() - t
        t = time.perf_counter()
        units = words.unit_counts(meta, paras, _STATE["tok"])
        f = words.frequencies(meta, paras, units=units)
        th = words.theme_table(meta, units)
        kw = words.keyword_table(meta, paras, _STATE["k"], _STATE["tok"], units=units, methods=_STATE["methods"])
        timings["words"] = timings.get("words", 0.0) + time.perf_counter() - t
        key = f"{zlib.crc32(path.encode('utf-8')):08x}-{n}"
        reports.append({"cleaned": rep, "indicators": ind, "minhash": minhash(rep.text),
                        "parts": {name: _stage(df, name, key) for name, df in
                                  (("word_freq", f), ("themes", th), ("keywords", kw))},
                        "columns": {"word_freq": list(f.columns), "themes": list(th.columns),
                                    "keywords": list(kw.columns)}})
    res.reports = [r["cleaned"] for r in reports]
    from .read import RawText
    res.raw = RawText(res.raw.path, "", res.raw.encoding, res.raw.sha256)   # the text is not sent back
    return {"file": path, "result": res, "reports": reports, "timings": timings}


# --- the parent ------------------------------------------------------------------------------------

@dataclass
class BuildSummary:
    """What a build did, and where its time went (seconds summed over workers)."""

    files: int = 0
    reports: int = 0
    duplicates: int = 0
    errors: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=lambda: {s: 0.0 for s in STAGES})
    wall: float = 0.0


def _concat_parts(path: Path, columns: list[str], parts: list[tuple[str, str, str]]) -> Path:
    """Write the final table: header, then each kept report's staged rows (renamed if needed),
    streamed from disk so memory stays flat; atomic."""
    from .store import atomic_file
    with atomic_file(path, encoding="utf-8-sig") as out:
        out.write(",".join(columns) + "\n")
        for part, old_id, new_id in parts:
            with open(part, encoding="utf-8", newline="") as f:
                if old_id == new_id:
                    while chunk := f.read(1 << 20):
                        out.write(chunk)
                else:                      # the report got a suffix: the id is the first field
                    for line in f:
                        out.write(new_id + line[len(old_id):] if line.startswith(old_id + ",") else line)
    return path


def build(raw_dir=RAW, out_dir=DATA, jobs: int = 1, backend: str = "rjieba", k: int = 10,
          textrank: bool = False, progress: bool = True, files=None) -> BuildSummary:
    """Run the non-notebook pipeline over every raw file of `raw_dir` (or over `files`)."""
    from concurrent.futures import ProcessPoolExecutor
    from datasketch import MinHashLSH

    started = time.perf_counter()
    paths = [str(p) for p in (files if files is not None else raw_files(Path(raw_dir)))]
    if not paths:
        raise JzlibError("no raw report files here", raw_dir)
    out = Path(out_dir)
    interim, processed = out / "interim", out / "processed"
    import shutil
    import tempfile
    try:
        processed.mkdir(parents=True, exist_ok=True)
        interim.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".build-", dir=out))
    except OSError as e:
        raise JzlibError(f"cannot write here ({e.strerror}); choose another --out directory", out) from None
    parts: dict[str, list] = {name: [] for name in TABLES}
    columns = {"word_freq": words.FREQ_COLUMNS, "themes": ["report_id", "level", "part", "side", "chapter",
               "theme", "theme_en", "count", "share", "per_10k"],
               "keywords": ["report_id", "level", "part", "side", "chapter", "method", "rank", "word", "weight"]}
    indicators = []
    lsh = MinHashLSH(threshold=dedup.SAME_REPORT, num_perm=NUM_PERM)
    kept: dict[str, tuple] = {}
    summary = BuildSummary(files=len(paths))

    def results():
        if jobs <= 1:
            _init(backend, k, textrank, str(staging))
            yield from map(_process, paths)
        else:
            with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                                     initargs=(backend, k, textrank, str(staging))) as pool:
                yield from pool.map(_process, paths, chunksize=max(1, min(16, len(paths) // (jobs * 8) or 1)))

    it = results()
    if progress:
        from tqdm import tqdm
        it = tqdm(it, total=len(paths), unit="file", desc="build", mininterval=0.5)
    for item in it:
        for s, v in item["timings"].items():
            summary.timings[s] = summary.timings.get(s, 0.0) + v
        if "error" in item:
            summary.errors.append(item["error"])
            continue
        res = item["result"]
        for rep in item["reports"]:
            cleaned = rep["cleaned"]
            m = rep["minhash"]
            # a candidate is the same report when it is as similar as copies are and names the same
            # city and year (templated reports of different cities share most of their wording)
            same = (cleaned.meta["city"], cleaned.meta["year"])
            dup = next((c for c in sorted(lsh.query(m)) if kept[c][1].jaccard(m) >= dedup.SAME_REPORT
                        and (kept[c][0].meta["city"], kept[c][0].meta["year"]) == same), None)
            if dup is not None:
                summary.duplicates += 1
                kept[dup][0].meta.setdefault("also_in", []).append(
                    {"file": Path(item["file"]).name, "sha256": res.raw.sha256, "encoding": res.raw.encoding,
                     "similarity": round(kept[dup][1].jaccard(m), 4)})
                res.duplicates_elsewhere.append({"report_id": cleaned.report_id, "kept_in": kept[dup][2]})
                continue
            rid = cleaned.report_id
            if rid in kept:                      # a different report that reads as the same id
                n = 2
                while f"{rid}-{n}" in kept:
                    n += 1
                cleaned.meta["report_id"] = f"{rid}-{n}"
            new_id = cleaned.report_id
            rep["indicators"]["report_id"] = new_id
            lsh.insert(new_id, m)
            kept[new_id] = (cleaned, m, Path(item["file"]).name, res)
            summary.reports += 1
            indicators.append(rep["indicators"])
            for name in TABLES:
                parts[name].append((rep["parts"][name], rid, new_id))
    # interim files are written once duplicates are known, so a later copy never overwrites
    for rid, (cleaned, _, _, res) in kept.items():
        rows = [{"report_id": rid, **p.as_dict()} for p in cleaned.paragraphs]
        meta = interim_meta(res, cleaned)
        meta["also_in"] = cleaned.meta.get("also_in", [])
        import json
        atomic_write(interim / f"{rid}.txt", cleaned.text)
        atomic_write(interim / f"{rid}.paragraphs.csv", csv_text(rows, PARAGRAPH_COLUMNS))
        atomic_write(interim / f"{rid}.meta.json", json.dumps(meta, ensure_ascii=False, indent=1) + "\n")
    ind = pd.concat(indicators, ignore_index=True) if indicators else pd.DataFrame(columns=extract.COLUMNS)
    write_table(ind, processed / "indicators.csv")
    write_table(extract.headline_table(ind), processed / "headline.csv")
    write_table(compare.compare(ind), processed / "yoy.csv")
    for name in TABLES:
        _concat_parts(processed / f"{name}.csv", columns[name], parts[name])
    shutil.rmtree(staging, ignore_errors=True)
    summary.wall = time.perf_counter() - started
    return summary
