"""Building a corpus: the whole non-notebook pipeline over a directory of raw files, in parallel.

`build(raw_dir, out_dir, jobs)` cleans every raw file, extracts indicators, counts words and
themes, and writes the tables the notebooks write, made by the same functions:
`<out>/interim/<report_id>.meta.json` (with `text`, the clean text as the notebooks write it)
and `<out>/processed/*.parquet` (see `tables`).

How the work is split, so that the cost per report stays flat as the corpus grows:

- Workers (`jobs` processes) do everything that concerns one report: read, clean, structure,
  `pipeline.report_rows` (indicators, headline rows, the report's own comparisons, word
  counts, themes, keywords) and its MinHash signature. They send back each table as the bytes
  of an Arrow IPC stream and the interim files' bytes (`store.interim_files`).
- The parent takes the results in file order (so the output does not depend on `jobs`) and
  only decides and writes: is this report a copy of one already kept (`dedup.CopyIndex`, the
  method the notebooks use too)? Does its id clash with another report's (`dedup.unique_id`)?
  Then it appends the rows to the final tables (`tables.Appender`) and writes the interim
  files. Only the comparison across reports (report Y's targets against report Y+1's actuals)
  needs all reports; it runs at the end on the `quantities` the workers return, which wait on
  disk with the rows ordered by report id (`spill`), so the parent's memory stays flat.
- Files with the same bytes as an earlier file are not processed twice.

A different report that reads as an id already taken gets a suffix (-2, -3 …); its file is
then processed again with that id (rare).
"""
from __future__ import annotations

import itertools
import json
import os
import stat
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import dedup, tables, words
from .errors import JzlibError
from .extract import MAX_ROWS_PER_SENTENCE
from .outputs import held_signals
from .paths import DATA, RAW
from .store import INTERIM_SUFFIXES, interim_files, meta_json, part_kind_counts, printable, write_files

STAGES = ("read", "clean", "structure", "extract", "words", "tables")

# --- the worker ----------------------------------------------------------------------------------

_STATE: dict = {}


def _die_with_parent() -> None:
    """In a worker: Ctrl-C and SIGTERM are the parent's to handle (it stops the workers), and the
    kernel kills this process when the parent dies, however it dies (Linux PR_SET_PDEATHSIG)."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)        # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):                 # not Linux: workers end when their pipe closes
        pass
    if os.getppid() == 1:                             # the parent died before the line above
        os._exit(1)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _worker_init(*args) -> None:
    _die_with_parent()
    _init(*args)


def _init(backend: str, k: int, textrank: bool, text: bool = False) -> None:
    if _STATE.get("backend") != backend:
        _STATE["tok"] = words.Tokenizer(backend=backend)
        _STATE["tok"].cut("初始化")
        _STATE["backend"] = backend
    words.tfidf({"初始化": 1})                 # loads jieba's IDF table (~0.7 s) before the first report
    _STATE["k"], _STATE["methods"] = k, (("tfidf", "textrank") if textrank else ("tfidf",))
    _STATE["text"] = text


def _process(task: tuple) -> dict:
    """Everything about one raw file, computed in a worker process; errors come back as text.

    `task` is (path, {report number in the file: id to use instead of its own}, (government,
    year, given by)). Each report's tables come back as
    `pipeline.report_rows` as Arrow IPC bytes, its interim files as the bytes `store.interim_files` makes.
    """
    from .pipeline import TABLE_OF, clean_raw, report_rows
    from .read import read_raw
    path, forced, given = task[0], task[1], (task[2] if len(task) > 2 else (None, None, "user"))
    timings: dict = {}
    t = time.perf_counter()
    try:
        raw = read_raw(path)
        timings["read"] = time.perf_counter() - t
        res = clean_raw(raw, city=given[0], year=given[1], given_by=given[2], timings=timings)
    except JzlibError as e:
        return {"file": path, "error": str(e), "timings": timings}
    except Exception as e:                    # a bug must not stop the build: the file is a row with its reason
        return {"file": path, "error": f"{path}: internal error ({type(e).__name__}: {e}); please report it",
                "timings": timings}
    reports = []
    for n, rep in enumerate(res.reports):
        if n in forced:
            rep.meta["report_id"] = forced[n]
        capped: list = []
        rows = report_rows(rep.meta, rep.paragraphs, _STATE["tok"], _STATE["k"], _STATE["methods"], timings, capped)
        quants = rows.pop("quantities")
        ind = rows["indicators"]
        n_unknown = sum(r.kind == "unknown" for r in ind)
        t = time.perf_counter()                   # "tables": typed Arrow tables and the interim files' bytes
        made = {name: tables.to_ipc(tables.arrow(TABLE_OF.get(name, name), data)) for name, data in rows.items()}
        interim = interim_files(res, rep, text=_STATE["text"])
        timings["tables"] = timings.get("tables", 0.0) + time.perf_counter() - t
        kinds = part_kind_counts(rep.paragraphs)
        reports.append({"report_id": rep.report_id, "city": rep.meta["city"], "year": rep.meta["year"],
                        "row": {"government": rep.meta["city"], "year": rep.meta["year"],
                                "government_from": rep.meta.get("government_from", ""),
                                "year_from": rep.meta.get("year_from", ""),
                                **{f"{k}_parts": v for k, v in kinds.items()},
                                "review_paragraphs": sum(p.part_kind == "review" for p in rep.paragraphs),
                                "plan_paragraphs": sum(p.part_kind in ("plan", "outlook") for p in rep.paragraphs),
                                "paragraphs": len(rep.paragraphs), "indicator_rows": len(ind),
                                "warning": "; ".join(w for w in (
                                    rep.meta.get("implausible", ""),
                                    f"{len(capped)} sentence(s) with more than {MAX_ROWS_PER_SENTENCE} figures: "
                                    "only their named figures kept" if capped else "",
                                    f"parts not found: {n_unknown} indicator rows of kind unknown" if n_unknown else "")
                                    if w)},
                        "signature": dedup.signature(rep.text), "quantities": quants, "tables": made, "interim": interim})
    return {"file": path, "sha256": res.raw.sha256, "encoding": res.raw.encoding,
            "reports": reports, "timings": timings}


ID_COLUMNS = ("report_id", "report_from", "report_to")


def relabel(rep: dict, new: str) -> dict:
    """One report of `_process`'s result under another id (the build found its own id taken by
    a different report): its tables' id columns, its quantities and its interim files, as
    `_process` makes them when told the id (test). Measured choice: processing the file again
    in the parent took ~150 ms a file, beside the two workers, for what is a change of id."""
    import pyarrow as pa
    import pyarrow.compute as pc
    old = rep["report_id"]

    def table(data: bytes) -> bytes:
        t = tables.from_ipc(data)
        for name in ID_COLUMNS:
            if name in t.column_names:
                col = t[name]
                t = t.set_column(t.column_names.index(name), name,
                                 pc.if_else(pc.equal(col, old), pa.scalar(new, col.type), col))
        return tables.to_ipc(t)

    interim = dict(rep["interim"])
    meta = json.loads(interim[".meta.json"])
    interim[".meta.json"] = meta_json({**meta, "report_id": new})
    if ".paragraphs.parquet" in interim:
        import io

        import pyarrow.parquet as pq
        paras = pq.read_table(io.BytesIO(interim[".paragraphs.parquet"])).to_pandas()
        paras["report_id"] = paras["report_id"].where(paras["report_id"] != old, new)
        interim[".paragraphs.parquet"] = tables.to_bytes("paragraphs", paras)
    return {**rep, "report_id": new, "tables": {name: table(data) for name, data in rep["tables"].items()},
            "quantities": [q._replace(report_id=new) if q.report_id == old else q for q in rep["quantities"]],
            "interim": interim}


def _spooled(task: tuple, where: str) -> str:
    """In a worker: `_process(task)`, pickled to the file `where`; only that name goes back
    through the result pipe. A message of a few hundred bytes is one write to the pipe, there
    whole or not at all: a worker killed while sending a result of megabytes left half of it in
    the pipe, and the executor's thread waited for the rest forever (the fault suite's case of a
    worker killed mid-build hung so). Results waiting for their turn stay on disk, not in the parent."""
    import pickle
    result = _process(task)
    with open(where + ".part", "wb") as f:
        pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(where + ".part", where)
    return where


def _unspooled(where: str) -> dict:
    import pickle
    with open(where, "rb") as f:
        result = pickle.load(f)
    os.unlink(where)
    return result


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
    compared: int = 0            # MinHash signature comparisons made to find copies across files
    skipped: int = 0             # files under the input folders that are not report files
    rows: list = field(default_factory=list)    # corpus_summary.csv


class _Output:
    """The final tables, written as reports are kept (`tables.Appender`: they replace the old
    tables only when the build ends). Every table is Parquet; with `csv`, the Excel-facing ones
    (indicators, headline, yoy) are also written as CSV. Rows that must wait for the end (those
    ordered by report id, and the quantities of the comparison across reports) wait on disk,
    in `spill` (see `spill.Spill`): the parent's memory does not grow with the corpus."""

    WAIT = ("headline", "yoy_within", "yoy_stated")

    def __init__(self, processed: Path, spill: Path, csv: bool = False):
        from .spill import Spill
        fmts = {name: ["parquet"] + (["csv"] if csv and tables.schema(name).format == "csv" else [])
                for name in ("indicators", "headline", "yoy", "word_freq", "themes", "keywords")}
        self.streams = {(name, fmt): tables.Appender(name, processed / tables.file_name(name, fmt), fmt)
                        for name, each in fmts.items() for fmt in each}
        self.spill = Spill(spill)

    def add(self, rid: str, made: dict, quantities: list) -> None:
        """One kept report: `made` its tables as the worker sent them (name -> Arrow IPC bytes)."""
        now = {name: tables.from_ipc(data) for name, data in made.items() if name not in self.WAIT}
        for (name, _), out in self.streams.items():
            if name in now:
                out.add(now[name])
        self.spill.add(rid, {name: made[name] for name in self.WAIT}, quantities)

    def _append(self, name: str, pieces) -> None:
        for piece in pieces:
            for (each, _), out in self.streams.items():
                if each == name:
                    out.add(piece)

    def finish(self) -> None:
        """The waiting rows, in order: headline by report id; yoy as the report's own
        comparisons by report id, the comparisons across reports, the stated changes in
        build order. Then every table replaces the old one."""
        self._append("headline", self.spill.held("headline", by_id=True))
        self._append("yoy", self.spill.held("yoy_within", by_id=True))
        self._append("yoy", (tables.arrow("yoy", rows) for rows in self.spill.across()))
        self._append("yoy", self.spill.held("yoy_stated", by_id=False))
        for out in self.streams.values():
            out.close()
        self.spill.close()

    def abandon(self) -> None:
        try:
            for out in self.streams.values():
                out.abandon()
        finally:
            self.spill.close()


SUMMARY_COLUMNS = ["file", "status", "report_id", "reason", "government", "year", "government_from",
                   "year_from", "review_parts", "outlook_parts", "plan_parts", "government_parts",
                   "review_paragraphs", "plan_paragraphs", "paragraphs", "indicator_rows", "warning"]


def build(raw_dir=RAW, out_dir=DATA, jobs: int = 1, backend: str = "rjieba", k: int = 10,
          textrank: bool = False, progress: bool = True, files=None, manifest=None,
          city: str | None = None, year: int | None = None, csv: bool = False, text: bool = False) -> BuildSummary:
    """Run the non-notebook pipeline over the report files under `raw_dir` (a folder walked
    recursively, a file, or a list of them; or exactly `files`). `manifest`: a CSV
    file,government,year saying what the texts may not; `city`/`year`: the same for every file.
    Writes OUT/interim (per report: .meta.json; `text`: the clean text too, .txt and
    .paragraphs.parquet, as the notebooks write them),
    OUT/processed (every table as Parquet; `csv`: indicators, headline and yoy also as CSV) and
    OUT/corpus_summary.csv (one row per report found in a file, and per file skipped, duplicated
    or refused, with its reason)."""
    from .identify import read_manifest
    from .read import find_inputs
    started = time.perf_counter()
    roots = raw_dir if isinstance(raw_dir, (list, tuple)) else [raw_dir]
    if files is not None:
        found, skipped = [Path(p) for p in files], []
    else:
        found, skipped = find_inputs(roots)
    paths = [str(p) for p in found]
    if not paths:
        raise JzlibError(f"no report files here ({len(skipped)} other files skipped; reports are "
                         ".txt, .md or .html files)", ", ".join(map(str, roots)))
    given: dict[str, tuple] = {}
    if manifest:
        said = read_manifest(manifest)
        for p in paths:
            g, y = said.get(Path(p).resolve(), (None, None))
            if g or y:
                given[p] = (g or city, y or year, "manifest")
    if city or year:
        for p in paths:
            given.setdefault(p, (city, year, "user"))
    out = Path(out_dir)
    from .outputs import Run, separate
    separate(roots + ([manifest] if manifest else []),
             [out / "interim", out / "processed", out / "corpus_summary.csv"])
    shown = _display(roots)
    summary = BuildSummary(files=len(paths), skipped=len(skipped))
    summary.rows += [{"file": shown(x.path), "status": "skipped", "reason": x.reason} for x in skipped]
    with Run(out, "build") as run:            # all or nothing: written in staging, moved in at the end
        interim, processed = run.stage / "interim", run.stage / "processed"
        processed.mkdir(parents=True)
        interim.mkdir(parents=True)
        spool = run.stage / ".spool"          # what the build holds until its end; removed before the move
        spool.mkdir()
        output = _Output(processed, spool / "held.sqlite", csv=csv)
        try:
            _build(paths, interim, output, jobs, (backend, k, textrank, text), progress, summary, given, shown, run)
        except BaseException:
            output.abandon()
            raise
        import shutil
        shutil.rmtree(spool)
        summary.rows.sort(key=lambda r: (r["file"], r.get("report_id") or ""))
        write_summary(summary.rows, run.stage / "corpus_summary.csv")
        run.commit()
    summary.wall = time.perf_counter() - started
    return summary


def _display(roots):
    """A function naming a file as the summary shows it: relative to the input folder it was
    found in (the folder's own name first, "corpus/其他地市/焦作市/2016.md"), else as given."""
    bases = [Path(r).resolve() for r in roots if Path(r).is_dir()]

    def shown(path) -> str:
        try:
            p = Path(path).resolve()
        except (OSError, RuntimeError):             # a symbolic link loop
            p = Path(os.path.abspath(path))
        for b in bases:
            try:
                return printable((Path(b.name) / p.relative_to(b)).as_posix())
            except ValueError:
                continue
        return printable(Path(path).as_posix())
    return shown


def write_summary(rows: list[dict], path) -> Path:
    """OUT/corpus_summary.csv: UTF-8 with BOM (opens in Excel), SUMMARY_COLUMNS."""
    import pandas as pd
    return tables.write_csv(pd.DataFrame(rows, columns=SUMMARY_COLUMNS, dtype=object).fillna(""), path)


def _same_bytes(paths: list[str]) -> dict[int, int]:
    """File number -> number of an earlier file with the same bytes (those are read once).
    Files are grouped by size and CRC-32 (fast), then compared byte for byte."""
    first: dict[tuple, list[int]] = {}
    same = {}
    for i, p in enumerate(paths):
        try:
            st = os.stat(p)
            if not stat.S_ISREG(st.st_mode) or st.st_size > 64 << 20:
                continue                                # the worker refuses it (FIFOs are never opened here)
            data = Path(p).read_bytes()
        except OSError:
            continue                                    # the worker reports it
        key = (len(data), zlib.crc32(data))
        match = next((j for j in first.get(key, []) if Path(paths[j]).read_bytes() == data), None)
        if match is None:
            first.setdefault(key, []).append(i)
        else:
            same[i] = match
    return same


STOPPED: list = []        # pools stopped early in this process (see _stop)


def _stop(pool) -> None:
    """Stop the workers now (after an error or Ctrl-C, nothing they still do is wanted).

    A worker killed while sending its result can leave half a message in the result pipe, and
    the executor's thread then waits for the rest forever; Python's exit would wait for that
    thread, so the command line ends such a process with os._exit (`cli.main`), after its
    outputs were cleaned up and its message printed."""
    procs = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
            STOPPED.append(pool)
    for proc in procs:
        proc.join(5)


class _Workers:
    """The worker pool, made again when a worker dies (killed for memory, a crash in C code):
    the file it was reading becomes an error row and the build goes on. Results come back as
    files in `spool` (see `_spooled`)."""

    def __init__(self, jobs: int, init_args, spool: Path):
        self.jobs, self.init_args, self.pool, self.spool = jobs, init_args, None, spool
        self.sent = itertools.count()
        spool.mkdir(parents=True, exist_ok=True)
        self.start()

    def start(self) -> None:
        from concurrent.futures import ProcessPoolExecutor
        with held_signals():               # workers are born with Ctrl-C held back until they ignore it
            self.pool = ProcessPoolExecutor(max_workers=self.jobs, initializer=_worker_init, initargs=self.init_args)
            self.pool.submit(int)          # start them now, under the held signals

    def submit(self, task):
        return self.pool.submit(_spooled, task, str(self.spool / f"{next(self.sent)}.pickle"))

    def restart(self) -> None:
        _stop(self.pool)
        self.start()


def _in_order(workers: _Workers, tasks, window: int):
    """`_process` of each task, in task order, with at most `window` tasks submitted and not yet
    taken: results never pile up in the parent however far the workers run ahead (with all
    tasks submitted at once, a build of 2,540 files held ~400 MB of finished results). When a
    worker dies, the task waited for runs again alone in new workers (an error row if it kills
    that one too) and the tasks submitted with it are submitted again."""
    from collections import deque
    from concurrent.futures.process import BrokenProcessPool
    it = iter(tasks)
    waiting = deque((t, workers.submit(t)) for t in itertools.islice(it, window))    # the workers start now

    def results():
        while waiting:
            task, future = waiting.popleft()
            try:
                done = _unspooled(future.result())
            except BrokenProcessPool:          # a worker died: this file alone, in new workers
                workers.restart()
                try:
                    done = _unspooled(workers.submit(task).result())
                except BrokenProcessPool:
                    done = {"file": task[0], "timings": {},
                            "error": f"{task[0]}: the worker reading it died twice (out of memory, or a crash); "
                                     "the file is left out: check it"}
                    workers.restart()
                for i, (t, _) in enumerate(waiting):
                    waiting[i] = (t, workers.submit(t))
            nxt = next(it, None)
            if nxt is not None:
                waiting.append((nxt, workers.submit(nxt)))
            yield done
    return results()


def _build(paths, interim, output, jobs, init_args, progress, summary, given=None, shown=str, run=None) -> None:

    same = _same_bytes(paths)
    todo = [(i, p) for i, p in enumerate(paths) if i not in same]
    kept: dict[str, dict] = {}            # report id -> what the parent keeps of it
    landed: dict[int, tuple] = {}         # file number -> (sha256, encoding, [(kept id, similarity)])
    failed: dict[int, str] = {}           # file number -> error, without the path
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(paths), unit="file", desc="build", mininterval=0.5)
    waiting = sorted(same)

    def settle_same_bytes(before: int) -> None:
        """Files with the same bytes as an earlier file, in file order: what happened to the
        earlier file's reports (kept, or merged into a kept report) happened to theirs."""
        while waiting and waiting[0] < before:
            i = waiting.pop(0)
            if same[i] in failed:
                summary.errors.append(f"{paths[i]}: {failed[same[i]]}")
                summary.rows.append({"file": shown(paths[i]), "status": "error", "reason": failed[same[i]]})
            else:
                sha, encoding, ids = landed[same[i]]
                for rid, similarity in ids:
                    summary.rows.append({**kept[rid]["row"], "file": shown(paths[i]), "status": f"duplicate of {rid}",
                                         "report_id": rid, "reason": f"same bytes as {shown(paths[same[i]])}"})
                    kept[rid]["also_in"].append({"file": printable(Path(paths[i]).name), "sha256": sha,
                                                 "encoding": encoding, "similarity": similarity})
                    summary.duplicates += 1
            if bar is not None:
                bar.update(1)

    given = given or {}
    tasks = [(p, {}, given.get(p, (None, None, "user"))) for _, p in todo]
    spool = Path(interim).parent / ".spool" / "results"     # in the run's staging folder
    workers = _Workers(jobs, init_args, spool) if jobs > 1 else None
    if workers is None:
        _init(*init_args)
        results = map(_process, tasks)
    else:
        results = _in_order(workers, tasks, window=8 * jobs)
    try:
        index = dedup.CopyIndex()
        for (number, path), item in zip(todo, results):
            settle_same_bytes(number)
            for stage, seconds in item["timings"].items():
                summary.timings[stage] = summary.timings.get(stage, 0.0) + seconds
            if "error" in item:
                summary.errors.append(item["error"])
                failed[number] = item["error"][len(path) + 2:] if item["error"].startswith(path + ": ") else item["error"]
                summary.rows.append({"file": shown(path), "status": "error", "reason": failed[number]})
            else:
                landed[number] = _settle(path, item, index, kept, output, interim, summary, shown, run)
            if bar is not None:
                bar.update(1)
                if summary.errors:
                    bar.set_postfix(errors=len(summary.errors), refresh=False)
    finally:
        if workers is not None:
            _stop(workers.pool)
            import shutil
            shutil.rmtree(spool, ignore_errors=True)
    settle_same_bytes(len(paths))
    summary.compared = index.compared
    if bar is not None:
        bar.close()
    for rid, entry in kept.items():           # reports found in other files too: their meta lists them
        if entry["also_in"]:
            meta = json.loads((interim / f"{rid}.meta.json").read_text(encoding="utf-8"))
            write_files(interim, rid, {".meta.json": meta_json(dict(meta, also_in=entry["also_in"]))}, staged=True)
    output.finish()


def _settle(path, item, index, kept, output, interim, summary, shown=str, run=None) -> tuple:
    """Decide, for each report of one file, whether it is kept (and under which id) or a copy of
    a kept report; move the kept reports' rows and files into place. Returns (sha256, encoding,
    [(id of the kept report each report of the file ended in, similarity)])."""
    decisions = []
    taken = set(kept)
    for rep in item["reports"]:
        dup = index.find(rep["signature"], (rep["city"], rep["year"]))
        if dup is not None:
            decisions.append(("dup", dup))
            continue
        new = dedup.unique_id(rep["report_id"], taken)    # a different report that reads as an id taken
        taken.add(new)
        decisions.append(("keep", new))
    forced = {n: new for n, ((what, new), rep) in enumerate(zip(decisions, item["reports"]))
              if what == "keep" and new != rep["report_id"]}
    for n, new in forced.items():             # rare (47 of 2,540 real files): the new id put in
        item["reports"][n] = relabel(item["reports"][n], new)
    ids = []
    for (what, rid), rep in zip(decisions, item["reports"]):
        sig = rep["signature"]
        if what == "dup":
            entry = kept[rid]
            similarity = index.similarity(rid, sig)
            entry["also_in"].append({"file": printable(Path(path).name), "sha256": item["sha256"],
                                     "encoding": item["encoding"], "similarity": similarity})
            summary.duplicates += 1
            ids.append((rid, similarity))
            summary.rows.append({**rep["row"], "file": shown(path), "status": f"duplicate of {rid}", "report_id": rid,
                                 "reason": f"estimated similarity {similarity:.2f}, same government and year"})
            continue
        index.add(rid, sig, (rep["city"], rep["year"]))
        kept[rid] = {"also_in": [], "row": rep["row"]}
        summary.rows.append({**rep["row"], "file": shown(path), "status": "report", "report_id": rid})
        summary.reports += 1
        output.add(rid, rep["tables"], rep["quantities"])
        write_files(interim, rid, rep["interim"], staged=True)
        for suffix in INTERIM_SUFFIXES:           # the text an earlier build --text left
            old = (run.out / "interim" if run else Path(interim)) / f"{rid}{suffix}"
            if suffix not in rep["interim"] and old.is_file():
                run.delete(old) if run else old.unlink()
        ids.append((rid, 1.0))
    return item["sha256"], item["encoding"], ids
