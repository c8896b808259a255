"""Reading raw report files: bytes from disk to one decoded str, with the encoding it was in.

Encodings are tried in a fixed, documented order so the result never depends on a guess:
a byte-order mark decides first (UTF-8, UTF-16 LE/BE); then strict UTF-8; then strict
GB18030 (a superset of GBK and GB2312, the usual encoding of Chinese government sites).
Newlines of any style (CRLF, CR, LF, mixed) become "\n". Raw files are only ever opened
for reading.
"""
from __future__ import annotations

import codecs
import hashlib
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
    if text is None:
        if b"\x00" in data:
            raise JzlibError("looks like a binary file (it contains NUL bytes), not a text report", path)
        for codec in _FALLBACKS:
            try:
                text, encoding = data.decode(codec), codec
                break
            except UnicodeDecodeError:
                continue
        else:
            raise JzlibError("cannot be decoded as UTF-8, UTF-16 (with BOM) or GB18030/GBK; "
                             "convert it to UTF-8 and try again", path)
    text = text.replace("\ufeff", "") if encoding == "utf-16" else text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\f")
    if control > _MAX_CONTROL_SHARE * len(text):
        raise JzlibError(f"looks like a binary file ({control} control characters), not a text report", path)
    if not text.strip():
        raise JzlibError("the file holds only whitespace; nothing to read", path)
    return text, encoding


def read_raw(path: str | Path) -> RawText:
    """Read one raw report file. Errors a user can cause raise JzlibError naming the file."""
    p = Path(path)
    if not p.exists():
        raise JzlibError("no such file; check the path", p)
    if p.is_dir():
        raise JzlibError("is a directory; pass the report files inside it", p)
    try:
        data = p.read_bytes()
    except PermissionError:
        raise JzlibError("cannot be read (permission denied)", p) from None
    except OSError as e:
        raise JzlibError(f"cannot be read ({e.strerror})", p) from None
    text, encoding = decode(data, p)
    return RawText(path=p, text=text, encoding=encoding, sha256=hashlib.sha256(data).hexdigest())
