"""Exporting notebooks: run them in fresh kernels, and turn them into PDF briefings.

`run` executes notebooks top to bottom, each in a fresh python3 kernel (nbclient), in the order
given, and writes them back in place with no timing metadata. `to_pdf` renders a notebook's
outputs (code hidden) to HTML with nbconvert and then to an A4 PDF with WeasyPrint: the
pip-installed Noto Sans SC is embedded through @font-face, so no TeX, system font or browser
is needed. The page carries the notebook's title, the date of the data and page numbers.
"""
from __future__ import annotations

import copy
import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from .errors import JzlibError
from .paths import INTERIM, ROOT, resource

# Measured choice: jsonschema (which nbformat imports) loads rfc3987_syntax when it is installed
# (jupyterlab brings it, through jupyter-events), and that module builds its grammar at import:
# 1.0 s in every process that reads or runs a notebook. It serves only "iri" format checks,
# which nbformat's schema does not use; marking it absent skips it.
import sys  # noqa: E402
sys.modules.setdefault("rfc3987_syntax", None)

FONT_CACHE = ROOT / "build" / "fonts"
# characters a page can draw that are not in its text: list bullets, ellipsis, dashes, arrows
ALWAYS = "\u00a0•◦▪–—…·“”‘’→←×÷±≤≥°‰№、。，：；！？（）《》"
SOURCE_DATE_EPOCH = 1483228800      # 2017-01-01: a fixed timestamp for fonts embedded in PDFs
from .plot import font_path
from .runstate import declared_files   # the one reader of a notebook's Inputs/Outputs lines
from .store import atomic_write, display_path


DEFAULT_LANG = "zh"
EN_FIGURES = ROOT / "build" / "en" / "figures"    # charts of an English run (not committed)


def _with_language(nb, lang: str):
    """A copy of `nb` whose parameters cell is followed by one that sets LANG (and, for a
    language other than the committed one, FIGURES_DIR, so its charts go to build/<lang>/)."""
    import copy
    import nbformat
    nb = copy.deepcopy(nb)
    if lang == DEFAULT_LANG:
        return nb
    at = next((i for i, c in enumerate(nb.cells) if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if at is None:
        raise JzlibError("has no cell tagged 'parameters' to set the language in")
    figures = ROOT / "build" / lang / "figures"
    cell = nbformat.v4.new_code_cell(f"import pathlib\nLANG = {lang!r}\nFIGURES_DIR = pathlib.Path({str(figures)!r})",
                                     metadata={"tags": ["injected-parameters"]})
    cell.pop("id", None)
    nb.cells.insert(at + 1, cell)
    nb.metadata.setdefault("jzlib", {})["lang"] = lang
    return nb


def execute(nb_path: Path, lang: str = DEFAULT_LANG, timeout: int = 900):
    """Run one notebook in a fresh kernel and return the executed node (the file is untouched)."""
    import nbformat
    from nbclient import NotebookClient

    from jupyter_client.manager import KernelManager

    nb_path = Path(nb_path)
    if not nb_path.is_file():
        raise JzlibError("no such notebook; check the path (make notebooks runs them all)", nb_path)
    from .brief import check_lang
    check_lang(lang)
    nb = _with_language(nbformat.read(nb_path, as_version=4), lang)
    # the kernel talks over local sockets (ipc), not TCP ports: no "running over TCP without
    # encryption" warning, no "Address already in use" when two run at once
    sockets = Path(tempfile.mkdtemp(prefix="jzlib-kernel-"))   # absolute: the kernel's cwd differs
    km = KernelManager(kernel_name="python3", transport="ipc", ip=str(sockets / "kernel"))
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(nb_path.parent)}})
    try:
        client.execute()
    except Exception as e:        # a failing cell: report it, keep the committed notebook
        said = re.sub(r"\x1b\[[0-9;]*m", "", str(e)).strip()      # the traceback's colours
        raise JzlibError(f"a cell failed while running it: {type(e).__name__}: "
                         f"{said.splitlines()[-1] if said else ''}", nb_path) from None
    finally:                      # a kernel we started is ours to stop (nbclient stops only its own)
        if km.has_kernel:                 # every cell has finished and its files are written
            km.shutdown_kernel(now=True)
        km.cleanup_resources()
        shutil.rmtree(sockets, ignore_errors=True)
    # the interpreter's version is not the notebook's: without it a rerun on 3.11, 3.12 or 3.13
    # writes the same bytes
    nb.metadata.get("language_info", {}).pop("version", None)
    return nb


def run(notebooks, timeout: int = 900, log=print) -> list[Path]:
    """Execute each notebook in a fresh kernel, top to bottom, and save it in place."""
    import nbformat
    done = []
    for nb_path in map(Path, notebooks):
        log(f"running {display_path(nb_path)}")
        nb = execute(nb_path, DEFAULT_LANG, timeout)
        atomic_write(nb_path, nbformat.writes(nb) + "\n")
        done.append(nb_path)
    return done


def data_changed(raw_dir: Path, interim_dir: Path) -> str | None:
    """One line saying how the report files in `raw_dir` differ from those `interim_dir` (and so
    the committed notebooks) was made from, by content (sha256); None when they are the same."""
    import hashlib
    from .read import find_inputs
    files, _ = find_inputs([raw_dir]) if Path(raw_dir).is_dir() else ([], [])
    now = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in files}
    used = {}
    for m in Path(interim_dir).glob("*.meta.json"):
        src = json.loads(m.read_text(encoding="utf-8"))["source"]
        used[src["sha256"]] = Path(src["file"]).name
    new = sorted(n for h, n in now.items() if h not in used)
    gone = sorted(n for h, n in used.items() if h not in now)
    if not (new or gone):
        return None
    say = [f"{len(x)} {w} ({', '.join(x[:3])}{', …' if len(x) > 3 else ''})"
           for x, w in ((new, "new or changed"), (gone, "no longer there")) if x]
    return ("the committed notebooks were run on other reports than data/raw holds now: " + "; ".join(say)
            + ". Run `make all` (then commit notebooks/, data/ and figures/) before the notebook checks; "
            "`make unit` does not depend on data/")


def data_note(interim_dir: Path = INTERIM, lang: str = DEFAULT_LANG) -> str:
    """The page header: "数据：焦作市 2016–2017（2份）" for the reports present, on one line."""
    from .brief import header_note, reports
    return header_note(reports(interim_dir), lang)


def _lang_of(nb) -> str:
    return nb.metadata.get("jzlib", {}).get("lang", DEFAULT_LANG)


def notebook_html(nb, note: str, title: str = "") -> str:
    """The notebook's outputs and text as HTML for print (code, prompts, stderr hidden; cells
    tagged `no-pdf` or written in the other language, `lang-zh` / `lang-en`, left out).

    `nb` is a path or an executed notebook node. The font is not set here: `to_pdf` adds an
    @font-face for the subset it makes.
    """
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    from .brief import LANGS

    if not hasattr(nb, "cells"):
        title = title or Path(nb).stem
        nb = nbformat.read(nb, as_version=4)
    lang = _lang_of(nb)
    nb = copy.copy(nb)
    # a code cell without output leaves an empty block between a heading and its chart, and
    # the keep-with-next rule of briefing.css holds only between neighbours
    nb.cells = [c for c in nb.cells if c.cell_type != "code" or c.get("outputs")]
    drop = {"no-pdf"} | {f"lang-{x}" for x in LANGS if x != lang}
    exporter = HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, anchor_link_text="")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=drop, enabled=True), enabled=True)
    body, _ = exporter.from_notebook_node(nb)
    css = resource("briefing.css").read_text(encoding="utf-8")
    note_css = note.replace("\\", "\\\\").replace('"', '\\"')
    return (f"<!DOCTYPE html><html lang=\"{'zh-CN' if lang == 'zh' else lang}\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>@@FONTFACE@@\n"
            f":root {{ --data-note: \"{note_css}\"; }}\n{css}</style></head><body>"
            f"{body}</body></html>")


def subset_font(text: str, cache_dir: Path = FONT_CACHE) -> Path:
    """Noto Sans SC reduced to the characters of `text` (plus ASCII); cached by character set.

    Two reasons: WeasyPrint then embeds a small font quickly (subsetting the full 30,000-glyph
    CFF font inside WeasyPrint took ~10 s a PDF), and each glyph is reached from one code point
    only, so text copied from the PDF is the text written (the full font maps 工 and the radical
    ⼯ to one glyph, and extraction returned the radical). A rerun with the same characters
    reuses the cached file (build/fonts/, not committed).
    """
    import hashlib
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = "".join(sorted(set(text) | {chr(c) for c in range(0x20, 0x7F)} | set(ALWAYS)))
    key = hashlib.sha256((font_path().name + chars).encode("utf-8")).hexdigest()[:16]
    out = Path(cache_dir) / f"NotoSansSC-{key}.ttf"
    if out.is_file():
        return out
    font = TTFont(str(font_path()), recalcTimestamp=False)
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.layout_features = ["*"]
    sub = subset.Subsetter(opts)
    sub.populate(text=chars)
    sub.subset(font)
    _to_truetype(font)
    import io
    buf = io.BytesIO()
    font.save(buf)
    return atomic_write(out, buf.getvalue())


def _to_truetype(font) -> None:
    """Replace a CFF font's cubic outlines by TrueType quadratic ones (fontTools' cu2qu, within
    1 font unit of 1,000 per em: the same on the page). Measured choice: WeasyPrint subsets the
    embedded font again, with fontTools (the pip path has no HarfBuzz-subset), and for CFF that
    re-runs every charstring: 1.3 s of the 2.5 s a briefing's PDF took; TrueType glyphs are
    copied, and the PDF took 0.7 s, with the same text (pdftotext) and the same size."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable
    glyphs, order = font.getGlyphSet(), font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 3.0
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font.sfntVersion = "\0\1\0\0"


def _visible_text(page: str) -> str:
    import re
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def to_pdf(nb_path, out_dir, note: str | None = None, nb=None) -> Path:
    """Render one notebook to <out_dir>/<stem>.pdf: A4, code hidden, font subset and embedded,
    title, the reports of the data and page numbers on every page. Same notebook, same bytes.
    `nb`: an executed node of that notebook (an English run), instead of the file."""
    import logging
    import nbformat
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    # fontTools stamps fonts it saves (WeasyPrint's subsets too) with the current time unless
    # SOURCE_DATE_EPOCH is set (reproducible-builds.org): fix it, so PDFs are byte-identical.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(SOURCE_DATE_EPOCH))
    p = Path(nb_path)
    if nb is None:
        if not p.is_file():
            raise JzlibError("no such notebook", p)
        nb = nbformat.read(p, as_version=4)
    note = note if note is not None else data_note(lang=_lang_of(nb))
    page = notebook_html(nb, note, title=p.stem)
    font = subset_font(_visible_text(page) + note)
    face = f'@font-face {{ font-family: "Noto Sans SC"; src: url("{font.as_uri()}"); }}'
    doc = weasyprint.HTML(string=page.replace("@@FONTFACE@@", face), base_url=str(p.parent))
    # presentational_hints: the width an Image cell asks for (<img width=…>) is the width printed
    pdf = doc.write_pdf(pdf_identifier=p.stem.encode(), custom_metadata=False, presentational_hints=True)
    return atomic_write(Path(out_dir) / f"{p.stem}.pdf", pdf)


def to_pdfs(notebooks, out_dir, note: str | None = None, lang: str = DEFAULT_LANG) -> list[Path]:
    """`to_pdf` for each notebook; in a language other than the committed one each notebook is
    first run with LANG set (in memory: the notebook files are not changed) into <out_dir>/<lang>/."""
    if lang == DEFAULT_LANG:
        return [to_pdf(p, out_dir, note) for p in notebooks]
    return [to_pdf(p, Path(out_dir) / lang, note, nb=execute(p, lang)) for p in notebooks]


# --- running notebooks in dependency order --------------------------------------------------

def dependencies(notebooks) -> dict[Path, set[Path]]:
    """For each notebook, the earlier notebooks whose declared outputs it reads."""
    from fnmatch import fnmatch
    nbs = [Path(p) for p in notebooks]
    files = {p: declared_files(p) for p in nbs}
    deps = {}
    for i, p in enumerate(nbs):
        deps[p] = {q for q in nbs[:i]
                   if any(fnmatch(a, b) or fnmatch(b, a)
                          for a in files[p]["Inputs"] for b in files[q]["Outputs"])}
    return deps


def _run_one(nb_path: str, pdf_dir: str | None, note_from: str, lang: str = DEFAULT_LANG,
             run_it: bool = True, pdf: bool = True) -> str:
    if lang != DEFAULT_LANG:          # another language: run in memory, the notebook file is kept
        nb = execute(Path(nb_path), lang)
        if pdf_dir:
            to_pdf(nb_path, Path(pdf_dir) / lang, data_note(Path(note_from), lang), nb=nb)
        return nb_path
    if run_it:
        run([nb_path], log=lambda m: None)
    if pdf_dir and pdf:
        to_pdf(nb_path, pdf_dir, data_note(Path(note_from), lang))
    return nb_path


def run_notebooks(notebooks, jobs: int = 1, pdf_dir=None, log=print, lang: str = DEFAULT_LANG,
          force: bool = False, interim=INTERIM) -> list[Path]:
    """Run notebooks (and export each to PDF when `pdf_dir` is given) with `jobs` processes.

    A notebook starts when every earlier notebook whose outputs it reads has finished
    (`dependencies`); otherwise they start in the order given. A PDF is its own job, started
    after its notebook ran and only when no notebook is waiting for a process, so PDF layout
    stays off the path from the first notebook to the last. With jobs=1 everything runs strictly
    one after another. A notebook (or PDF) that nothing has touched since it last ran here is
    skipped (`runstate`; `force`: run everything). `interim`: the reports the PDFs' page header
    names (a corpus build's OUT/interim for a notebook pointed at that build). With `lang`
    other than "zh" the notebooks run in memory with LANG set (their files are not changed),
    each with its PDF in one job, and the PDFs go to <pdf_dir>/<lang>/.
    """
    import time
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from . import runstate
    nbs = [Path(p) for p in notebooks]
    deps = dependencies(nbs)
    jobs = max(1, jobs)
    pending, pdfs, running, done = list(nbs), [], {}, set()
    started = time.perf_counter()
    in_memory = lang != DEFAULT_LANG
    pdf_arg = str(pdf_dir) if pdf_dir else None

    def submit(p, run_it, pdf):
        future = pool.submit(_run_one, str(p), pdf_arg, str(interim), lang, run_it, pdf)
        running[future] = (p, run_it, pdf)
        what = "running " if run_it else "pdf of   "
        log(what + display_path(p) + (" (+ pdf)" if run_it and pdf else ""))

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        while pending or pdfs or running:
            for p in list(pending):
                if len(running) < jobs and deps[p] <= done:
                    pending.remove(p)
                    run_it, pdf = (True, pdf_dir is not None) if force else runstate.todo(p, pdf_dir, lang, interim)
                    if not (run_it or pdf):
                        done.add(p)
                        log(f"unchanged {display_path(p)}")
                    elif run_it and not in_memory:
                        submit(p, True, False)
                        if pdf:
                            pdfs.append(p)          # queued now, started once p has run
                    else:
                        submit(p, run_it, pdf)
            ready = [p for p in pdfs if p in done]
            while ready and len(running) < jobs and not any(deps[q] <= done for q in pending):
                p = ready.pop(0)
                pdfs.remove(p)
                submit(p, False, True)
            if not running:
                if pending:
                    raise JzlibError("notebooks depend on each other in a cycle", ", ".join(map(str, pending)))
                if not pdfs:
                    break
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for f in finished:
                p, run_it, pdf = running.pop(f)
                f.result()                      # a failure stops the build with its message
                if run_it and not in_memory:
                    runstate.notebook_ran(p)
                if pdf:
                    runstate.pdf_made(p, runstate.pdf_path(p, pdf_dir, lang), lang, interim)
                done.add(p)
                log(f"{'done   ' if run_it else 'pdf    '} {display_path(p)}  [{time.perf_counter() - started:.1f} s]")
    return nbs
