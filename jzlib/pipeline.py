"""The clean step end to end: raw file -> normalised, denoised, deduplicated, structured reports.

Pure: text in, `CleanedReport`s out. Reading is in `read`, writing in `store`.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import clean, dedup, structure
from .read import RawText, read_raw
from .store import printable
from .structure import Paragraph


@dataclass
class CleanedReport:
    """One report found in a raw file: metadata, structured paragraphs and what was done."""

    meta: dict
    paragraphs: list[Paragraph]
    report: dedup.Report
    noise: list[clean.NoiseEvent] = field(default_factory=list)

    @property
    def report_id(self) -> str:
        return self.meta["report_id"]

    @property
    def text(self) -> str:
        """The canonical clean text, one paragraph a line."""
        return "".join(p.text + "\n" for p in self.paragraphs)


@dataclass
class CleanResult:
    """Everything the clean step found in one raw file."""

    raw: RawText
    copies: list[dedup.Copy]
    reports: list[CleanedReport]
    noise: list[clean.NoiseEvent]
    html_fixes: int = 0                 # HTML tags and entities turned into text
    traditional_share: float = 0.0      # share of Chinese characters that were traditional
    converted: bool = False             # converted to simplified (OpenCC t2s)
    duplicates_elsewhere: list[dict] = field(default_factory=list)   # reports dropped as copies of another file's
    markdown_marks: int = 0             # markdown heading, quote and emphasis marks removed
    front_matter: dict = field(default_factory=dict)                 # fields of a markdown file's front matter

    def summary(self) -> str:
        """One line for the CLI: copies found, duplicates merged, noise removed, paragraphs kept."""
        removed = sum(e.action == "removed" for e in self.noise)
        flagged = sum(e.action == "flagged" for e in self.noise)
        joined = sum(e.action == "joined" for e in self.noise)
        reps = ", ".join(f"{r.report_id} ({len(r.paragraphs)} paragraphs)" for r in self.reports) or "nothing new"
        merged = len(self.copies) - len(self.reports) - len(self.duplicates_elsewhere)
        near = sum(len(r.report.copies) - r.report.exact_copies for r in self.reports)
        extra = ""
        if self.converted:
            extra += f"; converted from traditional characters ({self.traditional_share:.0%})"
        if self.html_fixes:
            extra += f"; {self.html_fixes} HTML tags/entities removed"
        if joined:
            extra += f"; {joined} broken lines joined"
        for d in self.duplicates_elsewhere:
            extra += f"; {d['report_id']} already read from {d['kept_in']}"
        for r in self.reports:
            if r.meta.get("implausible"):
                extra += f"; warning: {r.report_id} {r.meta['implausible']}"
        return (f"{printable(self.raw.path.name)}: {len(self.copies)} copies -> {len(self.reports)} report(s); "
                f"{merged} duplicates merged ({near} near-duplicates); {removed} noise removed, "
                f"{flagged} flagged{extra}; kept {reps}")


def clean_raw(raw: RawText, city: str | None = None, year: int | None = None,
              timings: dict | None = None, given_by: str = "user") -> CleanResult:
    """Clean one decoded raw file. `city`/`year` override what the text says, for every report
    (`given_by`: "user", or "manifest" when they come from one). With `timings`, the seconds
    spent cleaning/deduplicating and finding structure are added to its "clean" and
    "structure" keys."""
    import time
    from .errors import JzlibError
    from .read import kind_of
    t0 = time.perf_counter()
    kind = kind_of(raw.path)
    fields, text = clean.front_matter(raw.text)
    text, html_fixes = clean.strip_html(text, document=kind == "html")
    text, marks = clean.strip_markdown(text)
    text, trad = clean.to_simplified(text)
    lines = clean.normalise(text).split("\n")
    lines, noise = clean.remove_noise(lines)
    lines, joins = clean.join_broken_lines(lines)
    noise = sorted(noise + joins + clean.flag_standalone_lines(lines),
                   key=lambda e: (e.line, e.column, e.action))
    front_title = clean.normalise_line(fields.get("title", ""))
    copies = dedup.split_copies(lines, title=front_title)
    if not copies:
        raise JzlibError("holds no text once noise is removed", raw.path)
    metas: dict[int, dict] = {}

    def meta_of(c: dedup.Copy) -> dict:
        if c.number not in metas:
            metas[c.number] = structure.metadata(
                c.paragraphs, city=city, year=year, source=raw.path, path=raw.path, given_by=given_by,
                front_title=front_title if c.number == 1 else "")
        return metas[c.number]

    grouped = dedup.deduplicate(copies, key=lambda c: (meta_of(c)["city"], meta_of(c)["year"]))
    t1 = time.perf_counter()
    reports, seen = [], set()
    for rep in grouped:
        meta = dict(meta_of(rep.canonical))
        meta["report_id"] = dedup.unique_id(meta["report_id"], seen)   # two reports that read as one id
        seen.add(meta["report_id"])
        why = clean.implausible("\n".join(rep.canonical.paragraphs))
        if why:                                   # kept, and said wherever the report is listed
            meta["implausible"] = why
        spans = [(c.first_line, c.last_line) for c in rep.copies]
        events = [e for e in noise if any(a <= e.line <= b for a, b in spans)]
        reports.append(CleanedReport(meta, structure.paragraphs(rep.canonical.paragraphs, meta["year"]),
                                     rep, events))
    placed = {id(e) for r in reports for e in r.noise}
    reports[0].noise.extend(e for e in noise if id(e) not in placed)   # nothing unreported
    if timings is not None:
        timings["clean"] = timings.get("clean", 0.0) + (t1 - t0)
        timings["structure"] = timings.get("structure", 0.0) + (time.perf_counter() - t1)
    return CleanResult(raw, copies, reports, noise, html_fixes=html_fixes, traditional_share=trad,
                       converted=trad >= clean.TRADITIONAL_SHARE, markdown_marks=marks,
                       front_matter=fields)


def clean_file(path, city: str | None = None, year: int | None = None, max_mb: float | None = None,
               given_by: str = "user") -> CleanResult:
    """Read and clean one raw file."""
    from .read import MAX_MB
    return clean_raw(read_raw(path, max_mb=MAX_MB if max_mb is None else max_mb), city=city, year=year,
                     given_by=given_by)


def merge_across_files(results: list[CleanResult]) -> None:
    """Reports found in several files (the same report saved twice, in other encodings) are kept
    once, found as a corpus build finds them (`dedup.CopyIndex`): the first file's copy stays;
    the later one is dropped from its result and recorded in both (`duplicates_elsewhere`, and
    `also_in` in the kept meta, with the paragraphs that differ: both texts are at hand here).
    Different reports that read as the same id get a suffix (-2, -3 …) instead."""
    index = dedup.CopyIndex()
    kept: dict[str, tuple[CleanResult, CleanedReport]] = {}
    for res in results:
        for rep in list(res.reports):
            sig = dedup.signature(rep.text)
            block = (rep.meta["city"], rep.meta["year"])
            dup = index.find(sig, block)
            if dup is not None:
                first_res, first = kept[dup]
                sim = index.similarity(dup, sig)
                first.meta.setdefault("also_in", []).append(
                    {"file": printable(res.raw.path.name), "sha256": res.raw.sha256, "encoding": res.raw.encoding,
                     "similarity": sim, "differences": dedup._differences(first.report.canonical, rep.report.canonical)})
                res.reports.remove(rep)
                res.duplicates_elsewhere.append({"report_id": dup, "kept_in": printable(first_res.raw.path.name),
                                                 "similarity": sim})
                continue
            rep.meta["report_id"] = dedup.unique_id(rep.report_id, kept)
            index.add(rep.report_id, sig, block)
            kept[rep.report_id] = (res, rep)


def clean_files(paths, city: str | None = None, year: int | None = None, max_mb: float | None = None,
                on_error=None, given: dict | None = None) -> list[CleanResult]:
    """Clean several raw files and merge reports found in more than one of them.

    A file that cannot be read raises JzlibError, or, with `on_error`, is passed to it (the
    error) and skipped, so one bad file does not stop the others.
    """
    from .errors import JzlibError
    results = []
    for p in paths:
        try:
            g, y = (given or {}).get(p, (None, None))
            results.append(clean_file(p, city=g or city, year=y or year, max_mb=max_mb,
                                      given_by="manifest" if (g or y) else "user"))
        except JzlibError as e:
            if on_error is None:
                raise
            on_error(e)
    merge_across_files(results)
    return results


def report_rows(meta: dict, paragraphs, tokenizer=None, k: int = 10, methods=("tfidf", "textrank"),
                timings: dict | None = None, capped: list | None = None) -> dict:
    """Every table of one cleaned report (its meta and paragraphs: a table or a list of
    `structure.Paragraph`), as rows or columns (see `tables.arrow`): indicators, headline,
    yoy_within (last year's actual against this year's target), yoy_stated (the report's own
    stated changes), word_freq, themes, keywords; and `quantities`, what the comparison across
    reports needs. The notebooks make the same tables with the same functions, a table at a
    time; a corpus build calls this in its workers. With `timings`, the seconds spent are added
    to its "extract" (indicators and comparisons) and "words" keys; `capped` collects the
    sentences whose indicator rows were capped (see `extract.indicator_rows`)."""
    import time
    from . import compare, extract, words
    t0 = time.perf_counter()
    ind = extract.indicator_rows(meta, paragraphs, capped)
    quants = compare.quantities(ind)
    out = {"indicators": ind, "headline": extract.headline_rows(ind),
           "yoy_within": compare.within_rows(None, quants), "yoy_stated": compare.stated_rows(ind)}
    t1 = time.perf_counter()
    out.update(words.report_words(meta, paragraphs, tokenizer, k, methods))
    if timings is not None:
        timings["extract"] = timings.get("extract", 0.0) + t1 - t0
        timings["words"] = timings.get("words", 0.0) + time.perf_counter() - t1
    out["quantities"] = quants
    return out


TABLE_OF = {"yoy_within": "yoy", "yoy_stated": "yoy"}     # the file a piece of `report_rows` goes to


# --- tables for notebooks and reports --------------------------------------------------------

def copies_table(result: CleanResult):
    """One row per copy found: where it is, its size, which report it became, exact or not."""
    import pandas as pd
    rows = []
    for r in result.reports:
        for c in r.report.copies:
            rows.append({"copy": c.number, "lines": f"{c.first_line}–{c.last_line}",
                         "paragraphs": len(c.paragraphs), "characters": sum(map(len, c.paragraphs)),
                         "report_id": r.report_id,
                         "role": "canonical" if c is r.report.canonical else
                                 ("exact duplicate" if c.paragraphs == r.report.canonical.paragraphs
                                  else "near duplicate")})
    return pd.DataFrame(rows).sort_values("copy").reset_index(drop=True)


def noise_table(result: CleanResult):
    """Every removal, flag and join with its raw line, column and the line before and after."""
    import pandas as pd
    cols = ["line", "column", "action", "text", "before", "after"]
    return pd.DataFrame([e.as_dict() for e in result.noise], columns=cols + ["reason"])[cols]


def structure_table(cleaned: CleanedReport):
    """Per part: chapters, sections, paragraphs and characters."""
    import pandas as pd
    df = pd.DataFrame([p.as_dict() for p in cleaned.paragraphs])
    df["part"] = df["part"].replace("", "（开头）")
    df["characters"] = df["text"].str.len()
    g = df.groupby("part", sort=False)
    return pd.DataFrame({
        "chapters": g["chapter"].apply(lambda s: s[s != ""].nunique()),
        "sections": g.apply(lambda d: d.loc[d.section != "", ["chapter", "section"]]
                            .drop_duplicates().shape[0], include_groups=False),
        "paragraphs": g.size(),
        "characters": g["characters"].sum(),
    })


def normalisation_table(result: CleanResult, width: int = 12):
    """Lines of the canonical copies that normalisation changed: an excerpt before and after.

    The excerpt is centred on the first changed character, so the change is visible.
    """
    import pandas as pd
    raw_lines = result.raw.text.split("\n")
    noisy = {e.line for e in result.noise}
    rows = []
    for c in result.reports:
        for n in c.report.canonical.linenos:
            before = raw_lines[n - 1].strip()
            after = clean.normalise_line(raw_lines[n - 1])
            if before == after or n in noisy:
                continue
            k = next((i for i, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
            lo = max(0, k - width // 2)
            cut = lambda s: ("…" if lo else "") + s[lo:lo + width] + ("…" if len(s) > lo + width else "")
            rows.append({"report_id": c.report_id, "line": n, "before": cut(before), "after": cut(after)})
    return pd.DataFrame(rows, columns=["report_id", "line", "before", "after"])
