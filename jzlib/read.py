"""Reading raw report files: bytes from disk to one decoded str, with the encoding it was in.

Encodings are tried in a fixed, documented order so the result never depends on a guess:
a byte-order mark decides first (UTF-8, UTF-16 LE/BE); UTF-16 without a mark is recognised by
its NUL bytes next to newlines; then strict UTF-8; then strict GB18030 (a superset of GBK
and GB2312, the usual encoding of Chinese government sites). A decoded text that is mostly
not Chinese, Latin or punctuation is refused rather than guessed at. Newlines of any style
(CRLF, CR, LF, mixed) become "\n". Files over MAX_MB are refused before they are read (a
report is ~100 KB; 50 MB is hundreds of copies). Raw files are only ever opened for reading.
"""
from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import JzlibError

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_FALLBACKS = ["utf-8", "gb18030"]
# Share of control characters (other than \t \n \r \f) above which a decoded text is binary.
_MAX_CONTROL_SHARE = 0.01
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f]")     # control characters other than \t \n \f
# Share of characters that must be Chinese, Latin, digits, punctuation or space.
_MIN_PLAUSIBLE = 0.85
MAX_MB = 50
_IMPLAUSIBLE = re.compile(r"[^\u0020-\u007e\u00a0-\u00ff\u2000-\u206f\u2e80-\u2fdf\u3000-\u303f"
                        r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\s\u00b7\u30fb\u2190-\u21ff]+")


@dataclass(frozen=True)
class RawText:
    """A raw file as read: its text (newlines normalised), encoding and sha256 of its bytes."""

    path: Path
    text: str
    encoding: str
    sha256: str


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode report bytes; return (text with "\\n" newlines, encoding name).

    Raises JzlibError naming `path` when the bytes are empty, look binary, or decode in
    none of the supported encodings.
    """
    if not data.strip():
        raise JzlibError("the file is empty; nothing to read", path)
    text = encoding = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text, encoding = data.decode(codec), codec
            except UnicodeDecodeError as e:
                raise JzlibError(f"starts with a {codec} byte-order mark but does not decode "
                                 f"({e.reason} at byte {e.start}); re-save it as UTF-8", path) from None
            break
    if text is None and b"\x00" in data:
        # UTF-16 without a byte-order mark: newlines are "\n\x00" (LE) or "\x00\n" (BE)
        le, be = data.count(b"\n\x00"), data.count(b"\x00\n")
        codec = "utf-16-le" if le > be else "utf-16-be" if be > le else None
        if codec and len(data) % 2 == 0:
            try:
                text, encoding = data.decode(codec), "utf-16"
            except UnicodeDecodeError:
                text = None
        if text is None:
            raise JzlibError("looks like a binary file (it contains NUL bytes), not a text report", path)
    if text is None:
        try:                                  # cut inside its last character (a download that stopped)
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.reason == "unexpected end of data" and e.start >= len(data) - 3 and e.start > 0:
                try:
                    text, encoding = data[:e.start].decode("utf-8"), "utf-8"
                except UnicodeDecodeError:
                    text = None
    if text is None:
        for codec in _FALLBACKS:
            try:
                text, encoding = data.decode(codec), codec
                break
            except UnicodeDecodeError:
                continue
        else:
            raise JzlibError("cannot be decoded as UTF-8, UTF-16 or GB18030/GBK; "
                             "convert it to UTF-8 and try again", path)
    text = text.replace("\ufeff", "") if encoding == "utf-16" else text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = len(_CONTROL.findall(text))
    if control > _MAX_CONTROL_SHARE * len(text):
        raise JzlibError(f"looks like a binary file ({control} control characters), not a text report", path)
    if not text.strip():
        raise JzlibError("the file holds only whitespace; nothing to read", path)
    sample = text[:200_000]
    plausible = 1 - sum(map(len, _IMPLAUSIBLE.findall(sample))) / len(sample)
    if plausible < _MIN_PLAUSIBLE:
        raise JzlibError(f"decodes as {encoding} but only {plausible:.0%} of it is Chinese, Latin or "
                         "punctuation: the encoding is probably wrong; convert it to UTF-8", path)
    return text, encoding


def read_raw(path: str | Path, max_mb: float = MAX_MB) -> RawText:
    """Read one raw report file. Errors a user can cause raise JzlibError naming the file."""
    import os
    import stat
    p = Path(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise JzlibError("no such file; check the path", p) from None
    except OSError as e:
        raise JzlibError(f"cannot be read ({e.strerror})", p) from None
    if stat.S_ISDIR(st.st_mode):
        raise JzlibError("is a directory; pass the report files inside it", p)
    if not stat.S_ISREG(st.st_mode):
        kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode)
                or stat.S_ISBLK(st.st_mode) else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
        raise JzlibError(f"is {kind}, not a file; save the report to a file and pass that", p)
    limit = int(max_mb * 1024 * 1024)
    def too_big(size):
        return JzlibError(f"is {size / 1024 / 1024:.0f} MB, larger than any government report (limit {max_mb:g} MB); "
                          "split it, or raise the limit with --max-mb", p)
    if st.st_size > limit:
        raise too_big(st.st_size)
    try:
        with open(p, "rb") as f:
            data = f.read(limit + 1)          # what is read counts, not what stat said (/proc, growing files)
    except PermissionError:
        raise JzlibError("cannot be read (permission denied)", p) from None
    except OSError as e:
        raise JzlibError(f"cannot be read ({e.strerror})", p) from None
    if len(data) > limit:
        raise JzlibError(f"holds more than {max_mb:g} MB (the limit), larger than any government report; "
                         "split it, or raise the limit with --max-mb", p)
    text, encoding = decode(data, p)
    return RawText(path=p, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())


# --- which files are reports -------------------------------------------------------------------

REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
# Documentation that lives beside reports in a folder (data/raw/SOURCES.md): never a report.
DOCUMENTATION = ("sources", "readme", "license", "licence", "changelog", "manifest")


@dataclass(frozen=True)
class Skipped:
    """A path under an input folder that is not read as a report, and why."""

    path: Path
    reason: str


def _skip_reason(p: Path) -> str | None:
    if p.name.startswith("."):
        return "hidden file"
    if p.suffix.lower() not in REPORT_SUFFIXES:
        return f"not a report file type ({p.suffix or 'no extension'}; reports are {', '.join(REPORT_SUFFIXES)})"
    if p.stem.lower() in DOCUMENTATION:
        return "documentation, not a report"
    return None


def find_inputs(paths) -> tuple[list[Path], list[Skipped]]:
    """The report files named by `paths` (files, and folders walked recursively), sorted within
    each folder, and the paths skipped with their reason. A file named directly is always
    taken (its reading says if it is no report); inside folders only `REPORT_SUFFIXES` files are
    taken, hidden files and documentation (SOURCES.md, README.md) are skipped. A missing path
    raises JzlibError."""
    import os
    files: list[Path] = []
    skipped: list[Skipped] = []
    for given in map(Path, paths):
        if not given.exists():
            raise JzlibError("no such file or folder; check the path", given)
        if not given.is_dir():
            files.append(given)
            continue
        for root, dirs, names in os.walk(given, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                p = Path(root) / name
                reason = _skip_reason(p)
                if reason is None and not p.is_file():
                    reason = "not a regular file"
                if reason:
                    skipped.append(Skipped(p, reason))
                else:
                    files.append(p)
    return list(dict.fromkeys(files)), skipped


def kind_of(path: str | Path) -> str:
    """"html", "markdown" or "text", by the file's suffix."""
    s = Path(path).suffix.lower()
    return "html" if s in (".html", ".htm") else "markdown" if s in (".md", ".markdown") else "text"
