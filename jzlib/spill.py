"""What a corpus build must keep until its end, kept on disk so the parent's memory stays flat.

Most rows go straight to their table as reports are kept (`tables.Appender`). Three kinds wait:
rows ordered by report id (headline, the report's own comparisons), which are known in order
only when the last report is in; the stated changes, which follow them in the yoy table; and
the quantities the comparison across reports needs (report Y's targets against report Y+1's
actuals, same government). Held in lists, they grew by ~110 MB per 1,000 reports (a build of
50,000 would have held gigabytes); here they are rows of one SQLite file in the run's staging
folder (the standard library's, no server), and the end of the build reads them back in order,
one government at a time.

The comparison across reports only pairs quantities of the same government, so running
`compare.across_rows` on one government's quantities (in build order) gives exactly that
government's rows of the run over all of them; each row is put back in its place by the build
order of its target.
"""
from __future__ import annotations

import errno
from contextlib import contextmanager
import os
import pickle
import sqlite3
from pathlib import Path

from . import compare, tables

BATCH = 5_000           # comparison rows read back and appended at a time
PIECES = 256            # held tables read back and joined into one at a time


@contextmanager
def _os_errors(path: Path):
    """SQLite's errors as the OSError they are (a full disk is ENOSPC), so the build reports
    them as it reports any other file it cannot write: one line naming the file."""
    try:
        yield
    except sqlite3.Error as e:
        if "full" in str(e):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path)) from None
        raise OSError(errno.EIO, f"SQLite: {e}", str(path)) from None


class Spill:
    """Rows waiting for the end of a build, in one SQLite file at `path` (removed by `close`)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        with _os_errors(self.path):
            self.db = sqlite3.connect(self.path, isolation_level=None)
            for pragma in ("journal_mode=OFF", "synchronous=OFF"):
                self.db.execute(f"PRAGMA {pragma}")   # a scratch file: a crash loses it with its run anyway
            self.db.execute("BEGIN")
            self.db.execute("CREATE TABLE held (name TEXT, rid TEXT, seq INTEGER, data BLOB)")
            self.db.execute("CREATE TABLE quants (city TEXT, seq INTEGER, data BLOB)")
            self.db.execute("CREATE TABLE across (seq INTEGER, pos INTEGER, data BLOB)")
        self.seq = 0
        self._pending = 0

    def add(self, rid: str, ipc: dict[str, bytes], quantities: list) -> None:
        """One kept report: its tables waiting for the end (name -> Arrow IPC bytes, as the
        worker made them) and its quantities."""
        with _os_errors(self.path):
            self.seq += 1
            self.db.executemany("INSERT INTO held VALUES (?, ?, ?, ?)",
                                [(name, rid, self.seq, data) for name, data in ipc.items()])
            by_city: dict = {}
            for pos, q in enumerate(quantities):
                by_city.setdefault(q.city, []).append((pos, tuple(q)))
            self.db.executemany("INSERT INTO quants VALUES (?, ?, ?)",
                                [(city, self.seq, pickle.dumps(qs, protocol=pickle.HIGHEST_PROTOCOL))
                                 for city, qs in by_city.items()])
            self._pending += 1
            if self._pending >= 256:
                self.db.execute("COMMIT")
                self.db.execute("BEGIN")
                self._pending = 0

    def held(self, name: str, by_id: bool):
        """The Arrow tables held under `name`, ordered by report id (stable) or in build order."""
        with _os_errors(self.path):
            order = "rid, seq" if by_id else "seq"
            self.db.execute("CREATE INDEX IF NOT EXISTS held_order ON held (name, rid, seq)")
            self.db.execute("CREATE INDEX IF NOT EXISTS held_seq ON held (name, seq)")
            batch = []
            for (data,) in self.db.execute(f"SELECT data FROM held WHERE name = ? ORDER BY {order}", (name,)):
                batch.append(tables.from_ipc(data))
                if len(batch) >= PIECES:
                    yield _joined(batch)
                    batch = []
            if batch:
                yield _joined(batch)

    def across(self):
        """The rows of `compare.across_rows` over all quantities held, in batches of dicts."""
        with _os_errors(self.path):
            self.db.execute("CREATE INDEX quants_city ON quants (city, seq)")
            cities = [c for (c,) in self.db.execute("SELECT DISTINCT city FROM quants")]
            for city in cities:
                qs, keys = [], []
                for seq, data in self.db.execute("SELECT seq, data FROM quants WHERE city IS ? ORDER BY seq", (city,)):
                    for pos, q in pickle.loads(data):
                        qs.append(compare.Quantity(*q))
                        keys.append((seq, pos))
                rows = compare.across_rows(None, qs)
                targets = [k for k, q in zip(keys, qs) if q.kind == "target"]
                if len(rows) != len(targets):       # across_rows makes one row per target
                    raise AssertionError(f"{len(rows)} comparison rows for {len(targets)} targets")
                self.db.executemany("INSERT INTO across VALUES (?, ?, ?)",
                                    ((s, p, pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
                                     for (s, p), r in zip(targets, rows)))
            self.db.execute("CREATE INDEX across_order ON across (seq, pos)")
            batch = []
            for (data,) in self.db.execute("SELECT data FROM across ORDER BY seq, pos"):
                batch.append(pickle.loads(data))
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
            if batch:
                yield batch

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self.path.unlink(missing_ok=True)


def _joined(pieces):
    """One table of its own (a copy) from tables read from IPC bytes: each of those keeps its
    whole message alive (~16 KB for a table of a few rows)."""
    import pyarrow as pa
    return pa.concat_tables(pieces).combine_chunks()
