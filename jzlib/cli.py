"""Command line: `python -m jzlib clean|indicators|compare …` (`--help` on each).

User errors print one line naming the file and exit non-zero; no traceback.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path
import sys

from .errors import JzlibError
from .paths import DATA, INTERIM, PROCESSED, RAW, ROOT


def _cmd_clean(args) -> int:
    from .pipeline import clean_files
    from .store import display_path, write_interim

    errors = []
    def report(e):
        errors.append(e)
        print(f"jzlib clean: error: {e}", file=sys.stderr)
    from .read import find_inputs
    files, skipped = [], []
    from pathlib import Path
    for given_path in args.raw:
        if not Path(given_path).exists():
            files.append(Path(given_path))    # reported in order, by the read
            continue
        f, sk = find_inputs([given_path])
        files += f
        skipped += sk
    if skipped:
        print(f"jzlib clean: {len(skipped)} files skipped (not .txt/.md/.html, or documentation)", file=sys.stderr)
    given = {}
    if args.manifest:
        from pathlib import Path
        from .identify import read_manifest
        said = read_manifest(args.manifest)
        given = {p: said[Path(p).resolve()] for p in files if Path(p).resolve() in said}
    from .outputs import Run, separate
    separate([*args.raw, *([args.manifest] if args.manifest else [])], [args.out])
    results = clean_files(files, city=args.city, year=args.year, max_mb=args.max_mb, on_error=report, given=given)
    out = Path(args.out)
    with Run(out, "clean") as run:        # all or nothing: written in staging, moved in at the end
        lines = []
        for result in results:
            written = write_interim(result, run.stage)
            for r in result.reports:      # written before the paragraphs were Parquet
                if (out / f"{r.report_id}.paragraphs.csv").is_file():
                    run.delete(out / f"{r.report_id}.paragraphs.csv")
            lines.append(result.summary() + f" -> {len(written)} files in {display_path(args.out)}")
        run.commit()
    print("\n".join(lines))
    return 1 if errors else 0


def _cmd_indicators(args) -> int:
    from . import tables
    from .extract import extract_interim
    from .store import display_path

    from .outputs import separate
    separate(args.interim, [args.out])
    df = extract_interim(args.interim)
    path = tables.write("indicators", df, args.out)
    reports = df.report_id.nunique()
    print(f"{len(df)} indicator rows from {reports} report(s) "
          f"({(df.kind == 'actual').sum()} actual, {(df.kind == 'target').sum()} target) "
          f"-> {display_path(path)} (UTF-8 with BOM, opens in Excel)")
    from .extract import MAX_ROWS_PER_SENTENCE
    for rid, n in sorted(df.attrs["capped"].items()):
        print(f"warning: {rid}: {n} sentence(s) with more than {MAX_ROWS_PER_SENTENCE} figures (pasted garbage?): "
              f"only their named figures were kept, at most {MAX_ROWS_PER_SENTENCE} each", file=sys.stderr)
    _warn_implausible(args.interim, "indicators")
    unknown = df[df.kind == "unknown"].report_id.unique()
    for rid in unknown:
        print(f"warning: {rid}: no review or plan part found; its {(df.report_id == rid).sum()} figures "
              f"have kind unknown (add its part headings to jzlib/resources/part_kinds.txt)", file=sys.stderr)
    return 0


def _warn_implausible(interim_dirs, command: str) -> None:
    """One warning per report that `clean` found not to read as a report (it is analysed all the
    same: the user decides)."""
    import json
    from pathlib import Path
    dirs = interim_dirs if isinstance(interim_dirs, (list, tuple)) else [interim_dirs]
    for d in dirs:
        d = Path(d)
        metas = sorted(d.glob("*.meta.json")) if d.is_dir() else [d] if d.name.endswith(".meta.json") else []
        for meta_path in metas:
            try:
                why = json.loads(meta_path.read_text(encoding="utf-8")).get("implausible")
            except (OSError, ValueError, AttributeError):
                continue                          # a damaged meta is the reader's error to report
            if why:
                print(f"jzlib {command}: warning: {meta_path.name[:-len('.meta.json')]}: {why}", file=sys.stderr)


def _cmd_compare(args) -> int:
    from . import tables
    from .compare import compare, read_indicators
    from .store import display_path

    from .outputs import separate
    separate([args.indicators], [args.out])
    indicators = read_indicators(args.indicators)
    if indicators.attrs.get("repeated_headers"):
        print(f"jzlib compare: warning: {args.indicators}: {indicators.attrs['repeated_headers']} repeated header "
              "row(s) dropped (tables joined with cat?)", file=sys.stderr)
    yoy = compare(indicators)
    path = tables.write("yoy", yoy, args.out)
    counts = yoy.relation.value_counts()
    parts = ", ".join(f"{counts.get(k, 0)} {k}" for k in ("actual→target", "target→actual", "stated-change"))
    print(f"{len(yoy)} comparison rows ({parts}) -> {display_path(path)}")
    return 0


def _cmd_words(args) -> int:
    from . import tables
    from .store import display_path
    from .words import word_tables

    from .outputs import separate
    separate(args.interim, [args.out])
    freq, themes, kw = word_tables(args.interim, k=args.top, progress=sys.stderr.isatty())
    paths = [tables.write(name, df, args.out) for name, df in (("word_freq", freq), ("themes", themes),
                                                                ("keywords", kw))]
    reports = freq.report_id.nunique()
    words = freq.word.nunique()
    print(f"{reports} report(s), {words} distinct words -> " + ", ".join(display_path(p) for p in paths))
    _warn_implausible(args.interim, "words")
    return 0


def _cmd_run(args) -> int:
    from . import runstate
    for nb in args.notebooks:                 # a mistyped path: one line, before any kernel starts
        if not Path(nb).is_file():
            raise JzlibError("no such notebook; check the path (make notebooks runs them all)", nb)
    if args.lang != "zh" and not args.pdf:
        raise JzlibError(f"--lang {args.lang} is for PDFs: add --pdf DIR (the notebooks themselves stay in Chinese)")
    # nothing changed since the last run: say so without starting a kernel or importing nbformat
    if not args.force and not any(any(runstate.todo(nb, args.pdf, args.lang, args.interim)) for nb in args.notebooks):
        print(f"{len(args.notebooks)} notebooks{' and PDFs' if args.pdf else ''} unchanged since their last run "
              "(nothing they read or write changed; --force reruns them)")
        return 0
    from .export import run_notebooks
    run_notebooks(args.notebooks, jobs=args.jobs, pdf_dir=args.pdf, log=lambda m: print(m, flush=True), lang=args.lang,
          force=args.force, interim=args.interim)
    return 0


def _cmd_pdf(args) -> int:
    from .export import to_pdfs
    from .store import display_path
    for nb in args.notebooks:
        if not Path(nb).is_file():
            raise JzlibError("no such notebook; check the path", nb)
    written = to_pdfs(args.notebooks, args.out, lang=args.lang)
    for p in written:
        print(f"{display_path(p)}  {p.stat().st_size // 1024} KiB")
    return 0


def _cmd_build(args) -> int:
    from .build import build
    from .store import display_path
    if args.jobs < 1:
        raise JzlibError("--jobs must be 1 or more", "--jobs")
    s = build(args.raw, args.out, jobs=args.jobs, backend=args.tokenizer, textrank=args.textrank,
              progress=sys.stderr.isatty() and not args.quiet, manifest=args.manifest,
              city=args.city, year=args.year, csv=args.csv, text=args.text)
    for e in s.errors[:20]:
        print(f"jzlib build: error: {e}", file=sys.stderr)
    if len(s.errors) > 20:
        print(f"jzlib build: … {len(s.errors) - 20} more errors, each a row of corpus_summary.csv", file=sys.stderr)
    t = s.timings
    print(f"{s.files} files -> {s.reports} reports ({s.duplicates} duplicates across files, "
          f"{len(s.errors)} refused, {s.skipped} other files skipped) in {s.wall:.1f} s -> "
          f"{display_path(args.out)} (corpus_summary.csv: a row per file); worker seconds: "
          + ", ".join(f"{k} {v:.1f}" for k, v in t.items()))
    return 1 if s.errors else 0


def _cmd_audit(args) -> int:
    from .audit import audit, indicator_measures, read_summary, render, render_indicator_measures
    summary = read_summary(args.out)
    print(render(audit(summary, since=args.since), limit=args.limit))
    if any((Path(args.out) / "processed" / f"headline.{f}").is_file() for f in ("csv", "parquet")):
        print(render_indicator_measures(indicator_measures(args.out, summary), limit=args.limit))
    return 0


def _cmd_panel(args) -> int:
    from . import panel
    from .store import display_path
    p = panel.from_build(args.out)
    paths = panel.write(p, args.out)
    counts = p.status.value_counts()
    print(f"{len(p)} targets of {p.government.nunique()} governments, {p.year.min() if len(p) else '-'}–"
          f"{p.year.max() if len(p) else '-'}: " + ", ".join(f"{s} {int(counts.get(s, 0))}" for s in panel.STATUSES)
          + " -> " + ", ".join(display_path(x) for x in paths))
    unknown = sorted(set(p.government[p.level == ""]))
    if unknown:
        print(f"governments not in jzlib/resources/governments.txt (no level or province): {len(unknown)}: "
              + ", ".join(unknown[:20]) + (" …" if len(unknown) > 20 else ""))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m jzlib",
                                     description="Clean and analyse Chinese government work reports.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("clean", help="clean, deduplicate and structure raw report files",
                       description="Read raw report files (UTF-8, UTF-8 with BOM, UTF-16 with BOM, "
                       "GB18030/GBK), remove noise, collapse duplicate copies and write "
                       "<report_id>.txt, .paragraphs.csv and .meta.json per report.")
    p.add_argument("raw", nargs="+", metavar="RAW", help="raw report files or folders (walked recursively: "
                   ".txt, .md, .html)")
    p.add_argument("--out", default=str(INTERIM), metavar="DIR",
                   help="output directory (default: data/interim)")
    p.add_argument("--city", help="government of every file, overriding the text (e.g. 焦作市, 黑龙江省, 全国)")
    p.add_argument("--year", type=_year, help="report year of every file, overriding the text (e.g. 2017)")
    p.add_argument("--manifest", metavar="CSV", help="CSV file,government,year: per file, overriding the text "
                   "(files relative to the CSV's folder; an empty cell says nothing)")
    p.add_argument("--max-mb", type=_positive_float, default=None, metavar="MB",
                   help="refuse raw files larger than this (default 50)")
    p.set_defaults(func=_cmd_clean)

    p = sub.add_parser("indicators", help="extract every figure of cleaned reports into one table",
                       description="Read cleaned reports (data/interim, written by `clean`) and write "
                       "every quantitative statement as a row: indicator, value, unit, growth, "
                       "qualifier, source sentence. The CSV is UTF-8 with a byte-order mark so "
                       "Excel shows Chinese correctly.")
    p.add_argument("interim", nargs="*", default=[str(INTERIM)], metavar="INTERIM",
                   help="interim directories or files of reports (default: data/interim)")
    p.add_argument("--out", default=str(PROCESSED / "indicators.csv"), metavar="CSV",
                   help="output CSV (default: data/processed/indicators.csv)")
    p.set_defaults(func=_cmd_indicators)

    p = sub.add_parser("compare", help="compare actuals with targets, within and across reports",
                       description="Read an indicators table and write last year's actual against "
                       "this year's target (actual→target), each target against the next report's "
                       "actual (target→actual: met, exceeded, missed, pending, not stated) and the "
                       "reports' own stated changes (stated-change).")
    p.add_argument("indicators", nargs="?", default=str(PROCESSED / "indicators.csv"), metavar="CSV",
                   help="indicators table (default: data/processed/indicators.csv)")
    p.add_argument("--out", default=str(PROCESSED / "yoy.csv"), metavar="CSV",
                   help="output CSV (default: data/processed/yoy.csv)")
    p.set_defaults(func=_cmd_compare)

    p = sub.add_parser("words", help="word frequencies, theme shares and keywords of cleaned reports",
                       description="Segment cleaned reports with jieba and the policy dictionary; write "
                       "word_freq.parquet (per chapter, and per part outside its chapters; words.roll_up sums them), "
                       "themes.parquet and keywords.parquet (TF-IDF and TextRank) to the output directory.")
    p.add_argument("interim", nargs="*", default=[str(INTERIM)], metavar="INTERIM",
                   help="interim directories or files of reports (default: data/interim)")
    p.add_argument("--out", default=str(PROCESSED), metavar="DIR",
                   help="output directory (default: data/processed)")
    p.add_argument("--top", type=_positive_int, default=10, metavar="K", help="keywords per text and method (default 10)")
    p.set_defaults(func=_cmd_words)

    p = sub.add_parser("build", help="the whole non-notebook pipeline over a directory of raw files",
                       description="Clean every raw file, extract indicators, compare years, count words "
                       "and themes, in parallel; writes OUT/interim/ and OUT/processed/ (the files the "
                       "notebooks use). Reports found in several files are kept once (MinHash LSH).")
    p.add_argument("--raw", nargs="+", default=[str(RAW)], metavar="PATH",
                   help="report files or folders, walked recursively (.txt, .md, .html; default: data/raw)")
    p.add_argument("--manifest", metavar="CSV", help="CSV file,government,year: per file, overriding the text")
    p.add_argument("--city", help="government of every file, overriding the text")
    p.add_argument("--year", type=_year, help="report year of every file, overriding the text")
    p.add_argument("--out", default=str(DATA), metavar="DIR", help="output root (default: data)")
    p.add_argument("--jobs", type=_positive_int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--tokenizer", choices=["rjieba", "jieba"], default="rjieba",
                   help="segmentation backend; rjieba cuts exactly as jieba with our dictionary (tested), ~10x faster")
    p.add_argument("--textrank", action="store_true", help="also TextRank keywords (about 1 s a report)")
    p.add_argument("--csv", action="store_true", help="also write indicators, headline and yoy as CSV "
                   "(every table is Parquet; CSV of a whole corpus is ~20x larger)")
    p.add_argument("--text", action="store_true", help="also write each report's clean text, interim/<id>.txt and "
                   "<id>.paragraphs.parquet, as the notebooks do (the tables never need them; for the real "
                   "corpus they are 70 MB of the output)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_cmd_build)

    p = sub.add_parser("audit", help="measure a build: files read, government/year agreement, parts found",
                       description="Read OUT/corpus_summary.csv of a build and print: the share of files "
                       "that became reports, files refused and why, reports whose government and year agree "
                       "with their folder and file name (<government>/<year>.md), and reports without a "
                       "review or a plan part.")
    p.add_argument("out", nargs="?", default=str(DATA), metavar="OUT", help="the build's --out (default: data)")
    p.add_argument("--since", type=int, default=1980, help="check review/plan parts from this year on (default 1980)")
    p.add_argument("--limit", type=int, default=40, help="list at most this many files per problem (default 40)")
    p.set_defaults(func=_cmd_audit)

    p = sub.add_parser("panel", help="the targets panel of a build: targets, wording, results, met or missed",
                       description="Read OUT/processed (headline and indicators) of a build or of the notebooks "
                       "and write OUT/processed/panel.csv (UTF-8 with BOM) and panel.parquet: one row per "
                       "government, year and headline indicator with a target, its qualifier, commitment and "
                       "hardness, the result the next year's report states, the gap and the status "
                       "(met, exceeded, missed, not stated, pending), both sentences, and for GDP the target "
                       "minus the province's and the nation's.")
    p.add_argument("out", nargs="?", default=str(DATA), metavar="OUT", help="the build's --out (default: data)")
    p.set_defaults(func=_cmd_panel)

    p = sub.add_parser("run", help="run notebooks top to bottom, each in a fresh kernel, in the order given",
                       description="Execute each notebook in a fresh python3 kernel and save it in place "
                       "(no timing metadata, so an unchanged run leaves the file unchanged).")
    p.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    p.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                   help="notebooks run side by side when neither reads the other's outputs (default 1)")
    p.add_argument("--pdf", metavar="DIR", help="also export each notebook to DIR/<name>.pdf once it has run")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language of the PDFs (default zh); en runs the notebooks in memory and writes DIR/en/")
    p.add_argument("--interim", default=str(INTERIM), metavar="DIR",
                   help="the reports the PDFs' page header names (default data/interim; a build's OUT/interim)")
    p.add_argument("--force", action="store_true",
                   help="run every notebook even when nothing it reads or writes changed since its last run")
    p.set_defaults(func=_cmd_run)

    p = sub.add_parser("pdf", help="export notebooks to A4 PDF briefings (code hidden, Chinese font embedded)",
                       description="Render each notebook's text and outputs (no code) to an A4 PDF with "
                       "WeasyPrint: title, date of the data and page numbers on every page; the "
                       "pip-installed Noto Sans SC is subset and embedded. No TeX or browser needed.")
    p.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    p.add_argument("--out", default=str(ROOT / "reports"), metavar="DIR", help="output directory (default: reports/)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh",
                   help="language (default zh, the notebooks as committed); en reruns each notebook in "
                   "English in memory and writes DIR/en/<name>.pdf")
    p.set_defaults(func=_cmd_pdf)
    return parser


def _option(parse, ok, not_parsed: str, not_ok: str):
    """An argparse type: `parse` the text (ValueError: `not_parsed`), then check it with `ok`
    (False: `not_ok`); the messages are formatted with the text or the value as {}."""
    def check(text: str):
        try:
            value = parse(text)
        except ValueError:
            raise argparse.ArgumentTypeError(not_parsed.format(repr(text))) from None
        if not ok(value):
            raise argparse.ArgumentTypeError(not_ok.format(value))
        return value
    return check


_positive_int = _option(int, lambda n: n >= 1, "{} is not a whole number", "{} must be 1 or more")
_positive_float = _option(float, lambda x: 0 < x < float("inf"), "{} is not a number", "{} must be a number above 0")
_year = _option(int, lambda n: 1949 <= n <= 2100, "{} is not a year (write it in digits, e.g. 2017)",
                "{} is not a plausible report year (1949–2100)")


def _crash_log(command: str) -> Path:
    """Write the traceback of an unexpected error to a file; return its path."""
    import tempfile
    import time
    import traceback
    text = f"jzlib {command} {' '.join(sys.argv[1:])}\n{time.strftime('%Y-%m-%d %H:%M:%S')}\n\n{traceback.format_exc()}"
    for folder in (ROOT / "build", Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"jzlib-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.txt"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return Path("(not written: no writable folder)")


def _on_sigterm(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    code = _main(argv)
    build = sys.modules.get("jzlib.build")
    if build is not None and build.STOPPED:      # workers were stopped mid-task: do not wait for their pipes
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    import signal
    signal.signal(signal.SIGTERM, _on_sigterm)       # `kill PID` cleans up as Ctrl-C does
    signal.signal(signal.SIGINT, signal.default_int_handler)   # also when started in the background (`&`)
    name = f"jzlib {args.command}"
    try:
        return args.func(args)
    except JzlibError as e:
        print(f"{name}: error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{name}: interrupted; the previous outputs are as they were (nothing of this run was "
              "moved into place)", file=sys.stderr)
        return 130
    except MemoryError:
        print(f"{name}: error: out of memory; the input is too large or pathological for this machine "
              "(build: fewer --jobs)", file=sys.stderr)
        return 1
    except OSError as e:
        where = e.filename or "(output)"
        what = e.strerror or str(e)
        hint = {28: "free some space or choose another --out", 13: "check the permissions or choose another --out",
                30: "choose a writable --out", 36: "use a shorter file name"}.get(e.errno, "check the path")
        print(f"{name}: error: {where}: {what}; {hint}; the previous outputs are as they were", file=sys.stderr)
        return 1
    except Exception as e:                           # a bug: one line, the traceback in a file
        log = _crash_log(args.command)
        print(f"{name}: error: internal error ({type(e).__name__}: {str(e)[:200]}); please report it with "
              f"the traceback written to {log}", file=sys.stderr)
        return 2
