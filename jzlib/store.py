"""Writing and reading the interim files: atomic writes, one report's three files.

data/interim/<report_id>.txt               canonical clean text, one paragraph a line
data/interim/<report_id>.paragraphs.csv    report_id, para_id, part, chapter, section, text
data/interim/<report_id>.meta.json         metadata, source file and sha256, removals, flags
"""
from __future__ import annotations

import csv
import io
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


@contextmanager
def atomic_file(path, encoding: str | None = None):
    """A file object for writing `path` atomically: it is written beside `path` under a
    temporary name and replaces `path` only when the block ends without error, so readers see
    the old file or the whole new one, never half of it. Text mode when `encoding` is given."""
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
            os.fsync(f.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write a whole file atomically (see `atomic_file`)."""
    with atomic_file(path) as f:
        f.write(data.encode(encoding) if isinstance(data, str) else data)
    return Path(path)


def display_path(path) -> str:
    """A path as shown in outputs: relative to the project when inside it, never machine-specific."""
    p = Path(path).resolve()
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return p.name


def csv_text(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


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
                   "part_kinds": {k: len({p.part for p in paras if p.part_kind == k and p.part})
                                  for k in ("review", "outlook", "plan", "government")}},
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


def write_interim(result, out_dir) -> list[Path]:
    """Write the three interim files of every report of a CleanResult; return their paths."""
    out_dir = Path(out_dir)
    written = []
    for r in result.reports:
        rid = r.report_id
        rows = [{"report_id": rid, **p.as_dict()} for p in r.paragraphs]
        meta = json.dumps(interim_meta(result, r), ensure_ascii=False, indent=1) + "\n"
        written += [atomic_write(out_dir / f"{rid}.txt", r.text),
                    atomic_write(out_dir / f"{rid}.paragraphs.csv", csv_text(rows, PARAGRAPH_COLUMNS)),
                    atomic_write(out_dir / f"{rid}.meta.json", meta)]
    return written


def interim_ids(interim_dir) -> list[str]:
    """Report ids present in an interim directory, sorted."""
    return sorted(p.name[:-len(".meta.json")] for p in Path(interim_dir).glob("*.meta.json"))


def read_interim(path) -> tuple[dict, pd.DataFrame]:
    """Read one cleaned report: (meta, paragraphs). `path` is any of its three files or its stem."""
    p = Path(path)
    stem = p.name
    for suffix in (".meta.json", ".paragraphs.csv", ".txt"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    base = p.parent / stem
    meta_p, csv_p = Path(f"{base}.meta.json"), Path(f"{base}.paragraphs.csv")
    for q in (meta_p, csv_p):
        if not q.is_file():
            raise JzlibError("interim file missing; run the clean step first "
                             "(python -m jzlib clean RAW --out data/interim)", q)
    meta = json.loads(meta_p.read_text(encoding="utf-8"))
    paras = pd.read_csv(csv_p, dtype=str, keep_default_na=False, encoding="utf-8")
    return meta, paras


def write_table(df: pd.DataFrame, path, excel: bool = True) -> Path:
    """Write a processed table as CSV, atomically.

    With `excel` (the default) the file is UTF-8 with a byte-order mark ("utf-8-sig"): Excel
    then opens the Chinese text correctly on double-click, and pandas, R and Python's csv read
    it as plain UTF-8 (pandas: encoding="utf-8-sig" or the default, which skips the mark).
    """
    text = df.to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return atomic_write(Path(path), text, encoding="utf-8-sig" if excel else "utf-8")


def rows_csv(rows, floats: tuple[int, ...] = ()) -> str:
    """CSV text (no header) of row tuples, byte-identical to what `write_table` writes for a
    DataFrame of the same rows: fields quoted as needed, None as an empty field, the columns at
    positions `floats` formatted with %.10g (NaN and None empty). The corpus build writes its
    tables this way: several times faster than building a DataFrame and calling to_csv."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    if floats:
        def fmt(row):
            row = list(row)
            for i in floats:
                v = row[i]
                row[i] = "" if v is None or v != v else "%.10g" % v
            return row
        rows = map(fmt, rows)
    w.writerows(rows)
    return buf.getvalue()


def prune_interim(interim_dir, keep_ids) -> list[Path]:
    """Remove the interim files of reports not in `keep_ids` (their raw file is gone); return them.

    Only the three files this step writes are touched; anything else in the folder stays.
    """
    removed = []
    for rid in interim_ids(interim_dir):
        if rid not in set(keep_ids):
            for suffix in (".txt", ".paragraphs.csv", ".meta.json"):
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
        name = s.name
        for suffix in (".meta.json", ".paragraphs.csv", ".txt"):
            if name.endswith(suffix):
                name = name[: -len(suffix)]
        stems.append(s.parent / name)
    if not stems:
        raise JzlibError("no cleaned reports found; run the clean step first (make all, or "
                         "python -m jzlib clean RAW --out data/interim)", ", ".join(map(str, sources)))
    return list(dict.fromkeys(stems))
