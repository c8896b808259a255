"""The project's tables: their columns, their types and their file format, and the one way to
write and to read each of them.

Two formats, chosen per table, the same for the notebooks (`data/`) and a corpus build:

- CSV, UTF-8 with a byte-order mark, for the small tables people open in Excel: `indicators`,
  `headline`, `yoy` (numbers written with %.10g, an empty cell for a missing value);
- Parquet (zstd), typed and about 20x smaller, for the tables that grow with a corpus:
  `word_freq`, `themes`, `keywords`, and each report's `paragraphs`.

`read` gives the same DataFrame whichever format a table was written in: strings as strings
("" for empty), numbers as float64, whole numbers as int64 (Int64 where a value may be missing).
A corpus build writes every table as Parquet (the CSV ones with `--csv` too), so
`read("indicators", OUT/"processed")` works on either.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import JzlibError
from .store import atomic_file


@dataclass(frozen=True)
class Schema:
    columns: tuple[str, ...]
    floats: tuple[str, ...] = ()
    ints: tuple[str, ...] = ()          # always present
    maybe_ints: tuple[str, ...] = ()    # whole numbers that may be missing (Int64)
    bools: tuple[str, ...] = ()         # True/False (CSV: True, False)
    format: str = "parquet"             # "csv" (Excel-facing) or "parquet"
    dictionary: bool = True             # Parquet dictionary encoding (not for columns of unique texts)
    # sentence columns that Parquet does not store: (column, its report, paragraph and sentence
    # id columns); `read` takes each sentence from the indicators table beside the file
    references: tuple[tuple[str, str, str, str], ...] = ()


def _schemas() -> dict[str, Schema]:
    from . import compare, extract, panel, words
    from .store import PARAGRAPH_COLUMNS
    return {
        "indicators": Schema(tuple(extract.COLUMNS), floats=tuple(extract.NUMBER_COLUMNS), ints=("report_year",),
                             maybe_ints=("year", "year_from", "year_to", "rank"), format="csv"),
        "headline": Schema(tuple(extract.HEADLINE_COLUMNS),
                           floats=("actual_value", "actual_growth_pct", "actual_low", "actual_high",
                                   "target_value", "target_growth_pct", "target_low", "target_high"),
                           ints=("actual_year", "target_year"), format="csv",
                           references=(("actual_sentence", "report_id", "actual_para_id", "actual_sent_id"),
                                       ("target_sentence", "report_id", "target_para_id", "target_sent_id"))),
        "yoy": Schema(tuple(compare.COLUMNS), floats=("value_from", "value_to", "low_to", "high_to", "delta"),
                      maybe_ints=("year_from", "year_to"), format="csv",
                      references=(("sentence_from", "report_from", "para_from", "sent_from"),
                                  ("sentence_to", "report_to", "para_to", "sent_to"))),
        "word_freq": Schema(tuple(words.FREQ_COLUMNS), ints=("chars", "count")),
        "themes": Schema(tuple(words.THEME_COLUMNS), floats=("share", "per_10k"), ints=("count",)),
        "keywords": Schema(tuple(words.KEYWORD_COLUMNS), floats=("weight",), ints=("rank",)),
        # one report's paragraphs: small, each text unique, read whole: no dictionary, no statistics
        # (25% smaller and 30% faster to write than with them)
        "paragraphs": Schema(tuple(PARAGRAPH_COLUMNS), dictionary=False),
        "panel": Schema(tuple(panel.COLUMNS), floats=("target", "target_low", "target_high", "result", "gap",
                                                      "minus_province", "minus_nation"),
                        ints=("year",), bools=("result_estimated",), format="csv"),
    }


_SCHEMAS: dict[str, Schema] = {}


def schema(name: str) -> Schema:
    if not _SCHEMAS:
        _SCHEMAS.update(_schemas())
    if name not in _SCHEMAS:
        raise JzlibError(f"no table called {name!r} (tables: {', '.join(_SCHEMAS)})")
    return _SCHEMAS[name]


def names() -> list[str]:
    schema("indicators")
    return list(_SCHEMAS)


def _numbers(col: pd.Series, column: str) -> pd.Series:
    """A column as numbers; an empty cell is missing, a cell that is no number is an error naming
    its row (as a spreadsheet counts them: the header is row 1) and column: never dropped in silence."""
    if pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        return pd.to_numeric(col, errors="coerce")
    text = col.astype(str).str.strip()
    num = pd.to_numeric(text.where(text != "", None), errors="coerce")
    bad = num.isna() & (text != "") & col.notna() & ~text.str.lower().isin(("nan", "<na>", "none"))
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise JzlibError(f"row {row + 2}, column {column}: {text.iloc[row][:40]!r} is not a number; "
                         f"correct the cell ({int(bad.sum())} such cells in this column)")
    return num


def typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """`df` with the table's columns, in order, and types (a missing column is an error)."""
    s = schema(name)
    missing = [c for c in s.columns if c not in df.columns]
    if missing:
        raise JzlibError(f"is not a {name} table (missing columns: {', '.join(missing)})")
    out = {}
    for c in s.columns:
        col = df[c]
        if c in s.floats:
            out[c] = _numbers(col, c).astype("float64")
        elif c in s.ints:
            num = _numbers(col, c)
            if num.isna().any():
                row = int(num.isna().to_numpy().nonzero()[0][0])
                raise JzlibError(f"is not a {name} table (row {row + 2}, column {c}: a number is needed, the cell is empty)")
            out[c] = num.astype("int64")
        elif c in s.maybe_ints:
            out[c] = _numbers(col, c).astype("Int64")
        elif c in s.bools:
            out[c] = col.map(lambda v: v is True or str(v).strip().lower() in ("true", "1")).astype(bool)
        else:
            out[c] = col.astype(object).where(col.notna(), "").astype(str)
    return pd.DataFrame(out, index=range(len(df)))


_ARROW: dict = {}


def arrow_schema(name: str):
    """The table's Arrow schema: strings, float64, int64 (nullable where a value may be missing)."""
    if name not in _ARROW:
        import pyarrow as pa
        s = schema(name)
        _ARROW[name] = pa.schema([(c, pa.float64() if c in s.floats else
                                   pa.int64() if c in s.ints or c in s.maybe_ints else
                                   pa.bool_() if c in s.bools else pa.string())
                                  for c in s.columns])
    return _ARROW[name]


@dataclass(frozen=True)
class Coded:
    """A text column given as its strings and, for each row, the number of its string
    (values[codes]): a table of thousands of rows with few distinct strings (word_freq) is
    converted once per string, not once per row."""
    values: list
    codes: object                       # numpy integer array

    def __len__(self) -> int:
        return len(self.codes)


def _str_array(values):
    import pyarrow as pa
    import pyarrow.compute as pc
    if isinstance(values, Coded):
        return pa.array(values.values, type=pa.string()).take(pa.array(values.codes))
    try:
        arr = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):       # numbers or NaN among the strings
        arr = pa.array(["" if v is None or v != v else str(v) for v in values], type=pa.string())
    return pc.fill_null(arr, "") if arr.null_count else arr


def _num_array(values, kind):
    import numpy as np
    import pyarrow as pa
    try:
        return pa.array(values, type=kind, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):       # numbers written as text
        num = pd.to_numeric(pd.Series(list(values), dtype=object), errors="coerce")
        if kind == pa.int64():
            return pa.array(num.astype("Int64"), type=kind, from_pandas=True)
        return pa.array(num.to_numpy(dtype=np.float64), type=kind, from_pandas=True)


def arrow(name: str, data):
    """Table `name` as an Arrow table of its schema, from a DataFrame, a dict of columns, or
    rows (tuples in column order, or dicts). Strings are "" where empty, numbers null where
    missing. The one conversion behind every file written and every table handed on."""
    import pyarrow as pa
    sch = arrow_schema(name)
    cols = list(schema(name).columns)
    if isinstance(data, pa.Table):
        return data.select(cols).cast(sch)
    if isinstance(data, pd.DataFrame):
        missing = [c for c in cols if c not in data.columns]
        if missing:
            raise JzlibError(f"is not a {name} table (missing columns: {', '.join(missing)})")
        columns = {c: data[c].to_numpy(dtype=object) if data[c].dtype == object else data[c] for c in cols}
    elif isinstance(data, dict):
        columns = data
    else:
        rows = list(data)
        if rows and isinstance(rows[0], dict):       # a list per column (2x faster than tuples per row)
            columns = {c: [r.get(c) for r in rows] for c in cols}
        else:
            columns = dict(zip(cols, zip(*rows))) if rows else {c: [] for c in cols}
    arrays = []
    for field in sch:
        values = columns[field.name]
        if isinstance(values, tuple):
            values = list(values)
        arrays.append(_str_array(values) if field.type == pa.string() else _num_array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=sch)


def to_ipc(table) -> bytes:
    """An Arrow table as the bytes of an IPC stream: what a build's worker sends back (the
    parent reads it in one C++ call; a pickled table is rebuilt array by array in Python)."""
    import pyarrow as pa
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as w:
        w.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes):
    """The Arrow table of `to_ipc` bytes."""
    import pyarrow as pa
    with pa.ipc.open_stream(data) as reader:
        return reader.read_all()


def from_arrow(name: str, table) -> pd.DataFrame:
    """The DataFrame of an Arrow table of `name`: Int64 where a whole number may be missing."""
    df = table.to_pandas()
    for c in schema(name).maybe_ints:
        df[c] = df[c].astype("Int64")
    return df


def frame(name: str, data) -> pd.DataFrame:
    """A typed table from rows (tuples in column order, or dicts) or a dict of columns."""
    return from_arrow(name, arrow(name, data))


def concat(name: str, frames) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return typed(name, pd.concat(frames, ignore_index=True)) if frames else frame(name, [])


def file_name(name: str, fmt: str | None = None) -> str:
    return f"{name}.{fmt or schema(name).format}"


def _csv_bytes(df: pd.DataFrame, header: bool = True) -> bytes:
    text = df.to_csv(index=False, header=header, lineterminator="\n", float_format="%.10g")
    return (("\ufeff" if header else "") + text).encode("utf-8")


def to_bytes(name: str, df: pd.DataFrame, fmt: str | None = None) -> bytes:
    """The file content of table `name` in format `fmt` (default: the table's own)."""
    if (fmt or schema(name).format) == "csv":
        return _csv_bytes(typed(name, df) if isinstance(df, pd.DataFrame) else frame(name, df))   # frame: rows or Arrow
    import io
    import pyarrow.parquet as pq
    buf = io.BytesIO()
    s = schema(name)
    pq.write_table(stored(name, arrow(name, df)), buf, compression="zstd", compression_level=ZSTD_LEVEL,
                   use_dictionary=s.dictionary, write_statistics=s.dictionary)
    return buf.getvalue()


# zstd level of every Parquet file (Arrow's default is 1). Measured on the tables of the real
# corpus: level 6 is 3-21% smaller than level 1 (indicators 29.1 -> 22.9 MB) and within 1-3%
# of level 9, whose encoding took 7.7 s of the parent's 21 CPU-seconds in a build of 2,538
# reports (level 6: see the README's corpus table).
ZSTD_LEVEL = 6


def stored(name: str, table):
    """The Arrow table as Parquet stores it: without the sentence columns the indicators table
    holds (`Schema.references`; a corpus' yoy and headline tables were 10 of 77 MB with them)."""
    drop = [ref[0] for ref in schema(name).references if ref[0] in table.column_names]
    return table.drop_columns(drop) if drop else table


def _with_sentences(name: str, df: pd.DataFrame, where: Path) -> pd.DataFrame:
    """`df` (read from Parquet) with its sentence columns, taken from the indicators table in
    directory `where` by report, paragraph and sentence id."""
    refs = [ref for ref in schema(name).references if ref[0] not in df.columns]
    if not refs:
        return df
    try:
        src = find("indicators", where)
    except JzlibError:
        raise JzlibError(f"{name}.parquet keeps its sentences in the indicators table, which is not beside "
                         "it; copy indicators.parquet (or .csv) with it", where) from None
    cols = ["report_id", "para_id", "sent_id", "sentence"]
    ind = (pd.read_parquet(src, columns=cols) if src.suffix == ".parquet" else
           pd.read_csv(src, encoding="utf-8-sig", dtype=str, keep_default_na=False, usecols=cols))
    ind = ind.drop_duplicates(cols[:3])
    df = df.copy()
    for col, rid, para, sent in refs:
        keys = ind.rename(columns={"report_id": rid, "para_id": para, "sent_id": sent, "sentence": col})
        df[col] = df[[rid, para, sent]].astype(str).merge(keys, how="left", on=[rid, para, sent])[col].fillna("").values
    return df


def write(name: str, df: pd.DataFrame, path, fmt: str | None = None) -> Path:
    """Write table `name` atomically. `path`: a directory (the file is NAME.csv or NAME.parquet
    there, in `fmt` or the table's own format) or a file (its suffix chooses the format). In a
    directory, the table in its own format replaces a copy in the other one (an older
    word_freq.csv when word_freq.parquet is written), so a table is never there twice."""
    path = Path(path)
    stale = None
    if path.suffix in (".csv", ".parquet"):
        fmt = path.suffix[1:]
    else:
        if fmt is None:
            other = "csv" if schema(name).format == "parquet" else "parquet"
            stale = path / file_name(name, other)
        path = path / file_name(name, fmt)
    with atomic_file(path) as f:
        f.write(to_bytes(name, df, fmt))
    if stale is not None:
        stale.unlink(missing_ok=True)
    return path


def write_csv(df: pd.DataFrame, path) -> Path:
    """Any DataFrame as a CSV the way the tables are written (UTF-8 with BOM), atomically."""
    with atomic_file(Path(path)) as f:
        f.write(_csv_bytes(df))
    return Path(path)


class Appender:
    """One table written a piece at a time (a corpus build): pieces (Arrow tables or anything
    `arrow` takes) are added as reports finish, and the file replaces the old one only at
    `close` (atomically); `abandon` leaves the old one. Parquet pieces are gathered into row
    groups of about `group` rows or `group_bytes` bytes, whichever comes first (the bytes bound
    keeps memory flat for tables of long rows: indicators carry their sentence). While they
    wait, a piece's text columns that repeat (report id, part, chapter) are dictionary-encoded:
    a row group of word_freq waits in ~1/4 of its bytes. Measured on the real corpus: row groups
    of 32 MB make its tables 5 MB (10%) smaller than groups of 8 MB."""

    def __init__(self, name: str, path, fmt: str, group: int = 1 << 18, group_bytes: int = 1 << 25):
        self.name, self.fmt, self.group, self.group_bytes = name, fmt, group, group_bytes
        self._bytes = 0
        self._cm = atomic_file(Path(path))
        self._f = self._cm.__enter__()
        self._pending: list = []
        self._fresh: list = []                  # pieces as they came, encoded together (see _settle)
        self._fresh_bytes = 0
        self._rows = 0
        self._writer = None
        self._schema = None
        if fmt == "csv":
            self._f.write(_csv_bytes(frame(name, [])))

    def add(self, piece) -> None:
        import pyarrow as pa
        t = piece if isinstance(piece, pa.Table) else arrow(self.name, piece)
        if not t.num_rows:
            return
        if self._schema is None:
            self._schema = t.schema
        self._rows += t.num_rows
        self._bytes += t.nbytes
        self._fresh.append(t if t.schema.equals(self._schema) else t.cast(self._schema))
        self._fresh_bytes += t.nbytes
        if self._fresh_bytes >= FRESH_BYTES:
            self._settle()
        if self._rows >= self.group or self._bytes >= self.group_bytes:
            self._flush()

    def _settle(self) -> None:
        """The fresh pieces as one table (copied out of the messages they were read from) with
        its repeated text dictionary-encoded. Measured choice: a table's pieces are one report
        each, ~15 columns; encoding and decoding them one by one was 250,000 Arrow calls in a
        corpus build's parent (15 s of its CPU), a batch of 2 MB is encoded in a few."""
        if self._fresh:
            import pyarrow as pa
            fresh, self._fresh, self._fresh_bytes = self._fresh, [], 0
            self._pending.append(_waiting(pa.concat_tables(fresh).combine_chunks()))

    def _flush(self) -> None:
        self._settle()
        if not self._pending:
            return
        import pyarrow as pa
        pending, self._pending, self._rows, self._bytes = self._pending, [], 0, 0
        table = pa.concat_tables([p.cast(self._schema) for p in pending])   # decoded one group at a time
        del pending
        if self.fmt == "csv":
            self._f.write(_csv_bytes(from_arrow(self.name, table), header=False))
            return
        import pyarrow.parquet as pq
        table = stored(self.name, table)
        if self._writer is None:
            self._writer = pq.ParquetWriter(self._f, table.schema, compression="zstd", compression_level=ZSTD_LEVEL)
        self._writer.write_table(table, row_group_size=table.num_rows)

    def close(self) -> None:
        self._flush()
        if self.fmt == "parquet":
            if self._writer is None:            # no rows at all: an empty table with its columns
                import pyarrow.parquet as pq
                pq.write_table(stored(self.name, arrow(self.name, [])), self._f, compression="zstd")
            else:
                self._writer.close()
        self._cm.__exit__(None, None, None)

    def abandon(self) -> None:
        try:
            if self._writer is not None:
                self._writer.close()
        finally:
            try:
                self._cm.__exit__(RuntimeError, RuntimeError("abandoned"), None)
            except RuntimeError:
                pass


FRESH_BYTES = 1 << 21


def _waiting(t):
    """`t` with each text column that repeats enough dictionary-encoded (a smaller copy)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    cols = []
    for col in t.columns:
        if pa.types.is_string(col.type) and t.num_rows > 1:
            coded = pc.dictionary_encode(col)
            if coded.nbytes < col.nbytes // 2:
                col = coded
        cols.append(col)
    return pa.Table.from_arrays(cols, names=t.column_names)


def find(name: str, where) -> Path:
    """The file of table `name`: `where` is that file, or a directory holding NAME.csv or
    NAME.parquet (Parquet first)."""
    p = Path(where)
    if p.is_file():
        return p
    for fmt in ("parquet", "csv"):
        if (p / file_name(name, fmt)).is_file():
            return p / file_name(name, fmt)
    raise JzlibError(f"no {name} table here ({file_name(name, 'csv')} or {file_name(name, 'parquet')}); "
                     "run the notebooks (make all) or a build first", p)


def read(name: str, where) -> pd.DataFrame:
    """Read table `name` (see `find`), typed; a file that is not that table is a one-line error."""
    p = find(name, where)
    dropped = 0                                     # header rows repeated inside (`cat a.csv b.csv`)
    try:
        if p.suffix == ".parquet":
            df = _with_sentences(name, pd.read_parquet(p), p.parent)
        else:
            df = pd.read_csv(p, encoding="utf-8-sig", dtype=str, keep_default_na=False)
            if len(df.columns) > 1:
                again = (df[df.columns[0]] == df.columns[0]) & (df[df.columns[1]] == df.columns[1])
                if again.any():
                    df, dropped = df[~again].reset_index(drop=True), int(again.sum())
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError, OSError, ValueError) as e:
        raise JzlibError(f"cannot be read as a {name} table ({str(e).splitlines()[0] if str(e) else type(e).__name__})",
                         p) from None
    try:
        out = typed(name, df)
    except JzlibError as e:
        raise JzlibError(str(e), p) from None
    except (ValueError, TypeError) as e:
        raise JzlibError(f"is not a {name} table ({str(e).splitlines()[0]})", p) from None
    out.attrs["repeated_headers"] = dropped
    return out
