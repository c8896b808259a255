"""Where a command writes: one run at a time per output folder, all or nothing, never onto its inputs.

`Run(out, command)` is the output folder of one `clean` or `build`:

- **Lock.** `OUT/.jzlib.lock` is held (`flock`) while the run lasts; a second run into the same
  folder stops at once with one line naming the first (its pid, command and start time). The
  run removes the file when it ends; a killed run leaves it, unlocked (the next run takes it).
- **Staging.** The run writes into `OUT/.jzlib-staging-<pid>-<random>/`, a mirror of the
  folder's layout, and `commit` moves every file into place at the end (one rename each, with
  SIGINT and SIGTERM held back until the last), then applies the deletions the run asked for.
  A run that fails or is interrupted before `commit` leaves the previous outputs exactly as
  they were and removes its staging.
- **Recovery.** A run killed outright (SIGKILL, power cut) leaves its staging behind; the next
  run into the folder removes it, or, if the kill came during `commit` (the staging carries a
  `.complete` record), finishes moving it, so the folder is the old set or the new one, never a
  mix. Temporary files of an interrupted atomic write (`.<name>.<random>.tmp`) go too.

`separate(inputs, outputs)` refuses an output that is, contains or lies inside an input.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import JzlibError

LOCK = ".jzlib.lock"
STAGING = ".jzlib-staging-"
COMPLETE = ".complete"
_TMP = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")      # atomic_file's temporary names (mkstemp)


def _resolved(p) -> Path:
    return Path(os.path.abspath(Path(p).expanduser())).resolve()


def _within(a: Path, b: Path) -> bool:
    """a is b or lies inside b."""
    return a == b or b in a.parents


def separate(inputs, outputs, option: str = "--out") -> None:
    """Refuse when an output path is an input, lies inside an input folder or contains an input:
    a run must never overwrite what it reads, nor write where a later run would read it."""
    ins = [(_resolved(p), p) for p in inputs]
    for out in outputs:
        o = _resolved(out)
        for i, given in ins:
            if _within(o, i) or _within(i, o):
                how = ("is" if o == i else "lies inside" if _within(o, i) else "contains")
                raise JzlibError(f"the output {how} the input {given}: outputs would overwrite or be read as "
                                 f"inputs; choose a {option} outside the inputs", out)


@contextmanager
def held_signals():
    """SIGINT and SIGTERM wait until the block ends (a few renames), then act as usual."""
    sigs = {signal.SIGINT, signal.SIGTERM}
    old = signal.pthread_sigmask(signal.SIG_BLOCK, sigs)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


class Run:
    """The output folder of one run (see the module's text). Use as a context manager:

        with Run(out, "build") as run:
            write everything under run.stage (same relative paths as under out)
            run.delete(out / "interim" / "x.txt")     # removed at commit
            run.commit()
    """

    def __init__(self, out, command: str):
        self.out = Path(out)
        self.command = command
        self.stage: Path | None = None
        self._deletions: list[str] = []
        self._lock_fd: int | None = None
        self.recovered: list[str] = []

    # --- lock --------------------------------------------------------------------------------
    def _lock(self) -> None:
        path = self.out / LOCK
        for _ in range(20):
            try:
                self.out.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as e:
                raise JzlibError(f"cannot write here ({e.strerror}); choose another --out directory",
                                 self.out) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                try:
                    other = os.pread(fd, 4096, 0).decode("utf-8", "replace").strip() or "another jzlib run"
                finally:
                    os.close(fd)
                raise JzlibError(f"{other} is writing here; wait for it to finish, or choose another --out",
                                 self.out) from None
            try:                                  # the file a run that just ended removed: lock anew
                same = os.stat(path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        else:
            raise JzlibError("could not take the lock of this folder; try again", self.out)
        os.pwrite(fd, f"jzlib {self.command} (pid {os.getpid()}, started "
                      f"{time.strftime('%Y-%m-%d %H:%M:%S')})\n".encode(), 0)
        self._lock_fd = fd

    def _unlock(self) -> None:
        """Remove the lock file, then release it (a run waiting on the removed file locks anew)."""
        if self._lock_fd is not None:
            (self.out / LOCK).unlink(missing_ok=True)
            os.close(self._lock_fd)
            self._lock_fd = None

    # --- recovery ----------------------------------------------------------------------------
    def _recover(self) -> None:
        """Finish or remove what a killed run left (the lock is held: no run is alive here)."""
        for p in sorted(self.out.glob(STAGING + "*")):
            if (p / COMPLETE).is_file():
                _move_in(p, self.out)
                self.recovered.append(f"finished the outputs of a run killed while moving them into place ({p.name})")
            else:
                shutil.rmtree(p, ignore_errors=True)
                self.recovered.append(f"removed the staging of an interrupted run ({p.name})")
        for root, dirs, names in os.walk(self.out):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            for name in names:
                if _TMP.match(name):
                    Path(root, name).unlink(missing_ok=True)

    # --- the run -----------------------------------------------------------------------------
    def __enter__(self) -> "Run":
        self._created = not self.out.exists()
        self._lock()
        try:
            self._recover()
            self.stage = self.out / f"{STAGING}{os.getpid()}-{secrets.token_hex(4)}"
            self.stage.mkdir()
        except OSError as e:
            self._unlock()
            raise JzlibError(f"cannot write here ({e.strerror}); choose another --out directory", self.out) from None
        return self

    def delete(self, path) -> None:
        """Remove `path` (under out) when the run commits."""
        self._deletions.append(Path(path).relative_to(self.out).as_posix())

    def commit(self) -> None:
        """Move the staged files into place, then apply the deletions."""
        with held_signals():
            (self.stage / COMPLETE).write_text(json.dumps({"delete": self._deletions}, ensure_ascii=False),
                                               encoding="utf-8")
            _move_in(self.stage, self.out)
        self.stage = None

    def __exit__(self, *exc) -> None:
        try:
            if self.stage is not None:
                shutil.rmtree(self.stage, ignore_errors=True)
        finally:
            self._unlock()
        if exc[0] is not None and self._created:       # a folder this run made and never filled
            try:
                self.out.rmdir()
            except OSError:
                pass


def _move_in(stage: Path, out: Path) -> None:
    """Every file under `stage` to the same place under `out`, then the deletions of its
    `.complete` record; `stage` is removed. Safe to call again after an interruption."""
    record = stage / COMPLETE
    deletions = json.loads(record.read_text(encoding="utf-8")).get("delete", []) if record.is_file() else []
    for root, dirs, names in os.walk(stage):
        dirs.sort()
        rel = Path(root).relative_to(stage)
        for name in sorted(names):
            if rel == Path(".") and name == COMPLETE:
                continue
            target = out / rel / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(Path(root) / name, target)
    for rel in deletions:
        (out / rel).unlink(missing_ok=True)
    shutil.rmtree(stage, ignore_errors=True)
