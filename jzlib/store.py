"""Writing and reading the interim files: atomic writes, one report's three files.

data/interim/<report_id>.txt               canonical clean text, one paragraph a line
data/interim/<report_id>.paragraphs.parquet  report_id, para_id, part, part_kind, chapter, section, text
data/interim/<report_id>.meta.json         metadata, source file and sha256, removals, flags
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from .errors import JzlibError
from .paths import ROOT

PARAGRAPH_COLUMNS = ["report_id", "para_id", "part", "part_kind", "chapter", "section", "text"]
# a report's files in data/interim (.paragraphs.csv: written before the paragraphs were Parquet)
INTERIM_SUFFIXES = (".meta.json", ".paragraphs.parquet", ".paragraphs.csv", ".txt")


def _stem(name: str) -> str:
    for suffix in INTERIM_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@contextmanager
def atomic_file(path, encoding: str | None = None, durable: bool = True):
    """A file object for writing `path` atomically: it is written beside `path` under a
    temporary name and replaces `path` only when the block ends without error, so readers see
    the old file or the whole new one, never half of it. Text mode when `encoding` is given.
    `durable`: flushed to disk before the rename (a corpus build, which writes thousands of
    files and can simply be rerun after a power cut, skips it: ~1 ms a file)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise JzlibError(f"cannot write here ({e.strerror}); choose another --out directory",
                         path.parent) from None
    try:
        with (os.fdopen(fd, "w", encoding=encoding, newline="") if encoding else os.fdopen(fd, "wb")) as f:
            yield f
            f.flush()
            if durable:
                os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: str | bytes, encoding: str = "utf-8", durable: bool = True) -> Path:
    """Write a whole file atomically (see `atomic_file`)."""
    with atomic_file(path, durable=durable) as f:
        f.write(data.encode(encoding) if isinstance(data, str) else data)
    return Path(path)


def printable(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (kept by Python as surrogates) become U+FFFD,
    so the name can be printed and written to JSON and CSV."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def display_path(path) -> str:
    """A path as shown in outputs: relative to the project when inside it, never machine-specific."""
    p = Path(path).resolve()
    try:
        return printable(p.relative_to(ROOT).as_posix())
    except ValueError:
        return printable(p.name)


def part_kind_counts(paragraphs) -> dict[str, int]:
    """How many parts of each kind (review, outlook, plan, government) a report has."""
    return {k: len({p.part for p in paragraphs if p.part_kind == k and p.part})
            for k in ("review", "outlook", "plan", "government")}


def interim_meta(result, cleaned) -> dict:
    """The meta.json content of one cleaned report."""
    rep = cleaned.report
    paras = cleaned.paragraphs
    return {
        **{k: v for k, v in cleaned.meta.items() if k != "also_in"},
        "source": {"file": display_path(result.raw.path), "sha256": result.raw.sha256,
                   "encoding": result.raw.encoding,
                   "lines": [rep.canonical.first_line, rep.canonical.last_line]},
        "copies": {"found": len(rep.copies), "exact": rep.exact_copies,
                   "near_duplicates": len(rep.copies) - rep.exact_copies,
                   "canonical_copy": rep.canonical.number,
                   "copy_lines": [[c.first_line, c.last_line] for c in rep.copies]},
        "counts": {"parts": len({p.part for p in paras if p.part}),
                   "chapters": len({(p.part, p.chapter) for p in paras if p.chapter}),
                   "sections": len({(p.part, p.chapter, p.section) for p in paras if p.section}),
                   "paragraphs": len(paras),
                   "part_kinds": part_kind_counts(paras)},
        "input": {"html_tags_and_entities": result.html_fixes,
                  "markdown_marks": result.markdown_marks,
                  "front_matter_title": result.front_matter.get("title", ""),
                  "traditional_share": round(result.traditional_share, 4),
                  "converted_to_simplified": result.converted},
        "removed": [e.as_dict() for e in cleaned.noise if e.action == "removed"],
        "flagged": [e.as_dict() for e in cleaned.noise if e.action == "flagged"],
        "joined": [e.as_dict() for e in cleaned.noise if e.action == "joined"],
        "differences": rep.differences,
        "also_in": cleaned.meta.get("also_in", []),
    }


def paragraph_rows(cleaned) -> list[tuple]:
    """The rows of one cleaned report's paragraphs table (PARAGRAPH_COLUMNS)."""
    rid = cleaned.report_id
    return [(rid, p.para_id, p.part, p.part_kind, p.chapter, p.section, p.text) for p in cleaned.paragraphs]


def meta_json(meta: dict) -> bytes:
    return (json.dumps(meta, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def interim_files(result, cleaned, text: bool = True) -> dict[str, bytes]:
    """The interim files of one cleaned report, as bytes by suffix: the clean text and its
    paragraphs table (Parquet), when `text`, and its meta.json. The notebooks write all three;
    a corpus build writes the text only when asked (`build --text`): it is the raw files' text,
    which the build leaves in place, and it would be most of the build's output."""
    from . import tables
    files = {}
    if text:
        files[".txt"] = cleaned.text.encode("utf-8")
        files[".paragraphs.parquet"] = tables.to_bytes("paragraphs", paragraph_rows(cleaned))
    files[".meta.json"] = meta_json(interim_meta(result, cleaned))
    return files


def write_files(out_dir, stem: str, files: dict[str, bytes], durable: bool = True, staged: bool = False) -> list[Path]:
    """Write `files` (suffix -> bytes) as OUT_DIR/<stem><suffix>, each atomically; `staged`:
    OUT_DIR is a staging folder that is moved into place whole or removed (a corpus build's
    `outputs.Run`), so each file is written directly (no temporary name and rename: 4 s of the
    parent's time over 2,540 files)."""
    if not staged:
        return [atomic_write(Path(out_dir) / f"{stem}{suffix}", data, durable=durable) for suffix, data in files.items()]
    written = []
    for suffix, data in files.items():
        path = Path(out_dir) / f"{stem}{suffix}"
        try:
            path.write_bytes(data)
        except OSError as e:
            raise JzlibError(f"cannot write here ({e.strerror}); choose another --out directory", path.parent) from None
        written.append(path)
    return written


def write_interim(result, out_dir, text: bool = True) -> list[Path]:
    """Write the interim files of every report of a CleanResult; return their paths. A
    report's .paragraphs.csv (written before the paragraphs were Parquet) is removed."""
    written = []
    for r in result.reports:
        written += write_files(out_dir, r.report_id, interim_files(result, r, text))
        (Path(out_dir) / f"{r.report_id}.paragraphs.csv").unlink(missing_ok=True)
    return written


def interim_ids(interim_dir) -> list[str]:
    """Report ids present in an interim directory, sorted."""
    return sorted(p.name[:-len(".meta.json")] for p in Path(interim_dir).glob("*.meta.json"))


def read_interim(path) -> tuple[dict, pd.DataFrame]:
    """Read one cleaned report: (meta, paragraphs). `path` is any of its three files or its stem."""
    p = Path(path)
    stem = p.name
    stem = _stem(p.name)
    base = p.parent / stem
    meta_p = Path(f"{base}.meta.json")
    paras_p = next((q for q in (Path(f"{base}.paragraphs.parquet"), Path(f"{base}.paragraphs.csv")) if q.is_file()),
                   Path(f"{base}.paragraphs.parquet"))
    for q in (meta_p, paras_p):
        if not q.is_file():
            raise JzlibError("interim file missing; run the clean step first "
                             "(python -m jzlib clean RAW --out data/interim)", q)
    from . import tables
    try:
        meta = json.loads(meta_p.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise JzlibError(f"is not a meta.json written by the clean step ({e}); rerun the clean step", meta_p) from None
    except OSError as e:
        raise JzlibError(f"cannot be read ({e.strerror})", meta_p) from None
    problem = _meta_problem(meta)
    if problem:
        raise JzlibError(f"is not a meta.json written by the clean step ({problem}); rerun the clean step", meta_p)
    return meta, tables.read("paragraphs", paras_p)


def _meta_problem(meta) -> str:
    """What makes `meta` unusable, or ""."""
    if not isinstance(meta, dict):
        return f"a JSON {type(meta).__name__}, not an object"
    for key in ("report_id", "year", "city"):
        if key not in meta:
            return f"no {key!r}"
    if not isinstance(meta["report_id"], str) or not meta["report_id"]:
        return "report_id is not a text"
    if isinstance(meta["year"], bool) or not isinstance(meta["year"], int) or not 1949 <= meta["year"] <= 2100:
        return f"year {meta['year']!r} is not a year in digits"
    return ""


def prune_interim(interim_dir, keep_ids) -> list[Path]:
    """Remove the interim files of reports not in `keep_ids` (their raw file is gone); return them.

    Only the three files this step writes are touched; anything else in the folder stays.
    """
    removed = []
    for rid in interim_ids(interim_dir):
        if rid not in set(keep_ids):
            for suffix in INTERIM_SUFFIXES:
                p = Path(interim_dir) / f"{rid}{suffix}"
                if p.exists():
                    p.unlink()
                    removed.append(p)
    return removed


_REPORT_FIGURE = re.compile(r"^\d\d-.+-(?P<rid>[a-z]+-\d{4}(?:-\d+)?)\.png$")


def prune_figures(figures_dir, keep_ids) -> list[Path]:
    """Remove the figures drawn for one report (NN-name-<report_id>.png) whose report is not in
    `keep_ids` (its raw file is gone); return them. Figures of all reports (NN-name.png) stay."""
    keep, removed = set(keep_ids), []
    for p in sorted(Path(figures_dir).glob("*.png")):
        m = _REPORT_FIGURE.match(p.name)
        if m and m.group("rid") not in keep:
            p.unlink()
            removed.append(p)
    return removed


def report_stems(sources) -> list[Path]:
    """Reports named by `sources`: an interim directory, or a list of directories and files
    (any of a report's three files names it). Returned as paths without suffix, in order."""
    if isinstance(sources, (str, Path)):
        sources = [sources]
    stems: list[Path] = []
    for s in map(Path, sources):
        if not s.exists() and not Path(f"{s}.meta.json").exists():
            raise JzlibError("no such file or directory", s)
        if s.is_dir():
            stems += [s / rid for rid in interim_ids(s)]
            continue
        stems.append(s.parent / _stem(s.name))
    if not stems:
        raise JzlibError("no cleaned reports found; run the clean step first (make all, or "
                         "python -m jzlib clean RAW --out data/interim)", ", ".join(map(str, sources)))
    return list(dict.fromkeys(stems))
