"""What the last `jzlib run` made, so that a rerun skips the notebooks and PDFs nothing touched.

A notebook is up to date when, since it last ran here: its own file, every file it reads (its
**Inputs:** line), every file it writes (its **Outputs:** line), the package's code and
resources (`jzlib/`, `pyproject.toml`) and the Python version are all unchanged (sha256). A
PDF is up to date when its notebook, the code and the PDF itself are unchanged. The record is
`build/run-state.json` (not committed: a fresh clone runs everything once).

Reads JSON and hashes files only (no nbformat, no kernel), so a rerun with nothing to do takes
well under a second beyond Python's start.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from pathlib import Path

from .paths import ROOT

STATE = ROOT / "build" / "run-state.json"
INTERIM = ROOT / "data" / "interim"
_DECLARED = re.compile(r"\*\*(Inputs|Outputs):\*\*(.*)")


def declared_files(nb_path) -> dict[str, list[str]]:
    """The files a notebook declares in its text cells ("**Inputs:** `../data/…`"), as
    project-relative patterns (`<report_id>` becomes `*`)."""
    try:
        nb = json.loads(Path(nb_path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {"Inputs": [], "Outputs": []}
    out: dict[str, list[str]] = {"Inputs": [], "Outputs": []}
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        src = cell.get("source", "")
        for line in ("".join(src) if isinstance(src, list) else src).splitlines():
            m = _DECLARED.match(line.strip())
            if m:
                for path in re.findall(r"`([^`]+)`", m.group(2)):
                    path = re.sub(r"<[^>]+>", "*", path)
                    out[m.group(1)].append(re.sub(r"^(\.\./)+", "", path))
    return out


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(patterns: list[str]) -> dict[str, str]:
    """project-relative path -> sha256 of the files matching `patterns` (a directory pattern
    "data/raw/*" covers its subfolders too)."""
    found = {}
    for pat in patterns:
        if pat.startswith(("/", "reports/")):
            continue                                  # PDFs are tracked on their own
        for p in ROOT.glob(pat):
            for f in ([p] if p.is_file() else sorted(q for q in p.rglob("*") if q.is_file())):
                found[f.relative_to(ROOT).as_posix()] = _sha(f)
    return dict(sorted(found.items()))


_CODE: list[str] = []


def code_fingerprint() -> str:
    """sha256 over the package's code and resources, pyproject.toml and the Python version."""
    if not _CODE:
        h = hashlib.sha256(f"{sys.version_info[0]}.{sys.version_info[1]}".encode())
        pkg = Path(__file__).parent
        for f in sorted([*pkg.rglob("*.py"), *(pkg / "resources").rglob("*"), ROOT / "pyproject.toml"]):
            if f.is_file() and "__pycache__" not in f.parts:
                h.update(f.relative_to(ROOT).as_posix().encode() + b"\0" + _sha(f).encode())
        _CODE.append(h.hexdigest())
    return _CODE[0]


def _load() -> dict:
    try:
        return json.loads(STATE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save(state: dict) -> None:
    STATE.parent.mkdir(parents=True, exist_ok=True)
    tmp = STATE.with_name(f".{STATE.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, STATE)


def _key(nb_path) -> str:
    return Path(nb_path).resolve().relative_to(ROOT).as_posix() if Path(nb_path).resolve().is_relative_to(ROOT) \
        else str(Path(nb_path).resolve())


def notebook_record(nb_path) -> dict:
    """What a run of `nb_path` depends on and made, as it is now."""
    files = declared_files(nb_path)
    return {"notebook": _sha(Path(nb_path)), "inputs": _files(files["Inputs"]),
            "outputs": _files(files["Outputs"]), "code": code_fingerprint()}


def notebook_fresh(nb_path) -> bool:
    """True when `nb_path` ran here and nothing it depends on or made has changed since."""
    old = _load().get("notebooks", {}).get(_key(nb_path))
    return old is not None and old == notebook_record(nb_path)


def notebook_ran(nb_path) -> None:
    state = _load()
    state.setdefault("notebooks", {})[_key(nb_path)] = notebook_record(nb_path)
    _save(state)


def _present(interim) -> list:
    """(city, year) of the reports in `interim`: all the page header says of them."""
    found = []
    for p in sorted(Path(interim).glob("*.meta.json")):
        try:
            m = json.loads(p.read_text(encoding="utf-8"))
            found.append([m.get("city") or "", int(m["year"])])
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError):
            found.append([p.name, _sha(p)])     # unreadable: any change re-exports
    return sorted(found)


def _pdf_record(nb_path, pdf: Path, lang: str, interim) -> dict:
    """A PDF depends on its notebook, the code (styles, labels), the governments and years of
    the reports present (the page header) and, for another language, everything the notebook
    reads (it reruns in memory). A report whose text changed but not its city or year leaves
    the PDFs of notebooks that did not rerun as they are."""
    record = {"notebook": _sha(Path(nb_path)), "code": code_fingerprint(), "reports": _present(interim),
              "pdf": _sha(pdf) if pdf.is_file() else ""}
    if lang != "zh":
        record["inputs"] = _files(declared_files(nb_path)["Inputs"])
    return record


def pdf_fresh(nb_path, pdf: Path, lang: str = "zh", interim=None) -> bool:
    old = _load().get("pdfs", {}).get(_key(pdf))
    return pdf.is_file() and old is not None and old == _pdf_record(nb_path, pdf, lang, interim or INTERIM)


def pdf_made(nb_path, pdf: Path, lang: str = "zh", interim=None) -> None:
    state = _load()
    state.setdefault("pdfs", {})[_key(pdf)] = _pdf_record(nb_path, pdf, lang, interim or INTERIM)
    _save(state)


def pdf_path(nb_path, pdf_dir, lang: str = "zh") -> Path:
    return Path(pdf_dir) / ("" if lang == "zh" else lang) / f"{Path(nb_path).stem}.pdf"


def todo(nb_path, pdf_dir=None, lang: str = "zh", interim=None) -> tuple[bool, bool]:
    """(run the notebook?, export its PDF?) for a rerun now. Another language runs the notebook
    in memory for its PDF only: both or neither. `interim`: the reports the page header names."""
    if lang != "zh":
        stale = pdf_dir is not None and not pdf_fresh(nb_path, pdf_path(nb_path, pdf_dir, lang), lang, interim)
        return stale, stale
    run = not notebook_fresh(nb_path)
    pdf = pdf_dir is not None and (run or not pdf_fresh(nb_path, pdf_path(nb_path, pdf_dir, lang), lang, interim))
    return run, pdf
