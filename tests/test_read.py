"""read: every supported encoding and newline style, and a clear error for every bad input."""
import codecs
import hashlib
import os

import pytest

from jzlib import JzlibError
from jzlib.read import decode, read_raw

TEXT = "2017年焦作市政府工作报告\n全市生产总值2082.6亿元，增长8.3%。\n"


@pytest.mark.parametrize("encoding, expected", [
    ("utf-8", "utf-8"), ("gb18030", "gb18030"), ("gbk", "gb18030"), ("gb2312", "gb18030"),
])
def test_each_encoding_decodes_to_the_same_text(write, encoding, expected):
    raw = read_raw(write("r.txt", TEXT, encoding))
    assert raw.text == TEXT
    assert raw.encoding == expected


def test_utf8_bom_is_dropped(write):
    raw = read_raw(write("r.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")))
    assert raw.text == TEXT and not raw.text.startswith("\ufeff")
    assert raw.encoding == "utf-8-sig"


@pytest.mark.parametrize("bom, codec", [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_utf16_with_bom(write, bom, codec):
    raw = read_raw(write("r.txt", bom + TEXT.encode(codec)))
    assert raw.text == TEXT
    assert raw.encoding == "utf-16"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_any_newline_style_becomes_lf(write, newline):
    raw = read_raw(write("r.txt", TEXT.replace("\n", newline)))
    assert raw.text == TEXT


def test_mixed_newlines(write):
    raw = read_raw(write("r.txt", "甲\r\n乙\r丙\n丁"))
    assert raw.text.split("\n") == ["甲", "乙", "丙", "丁"]


def test_sha256_is_of_the_bytes_and_the_raw_file_is_untouched(write):
    data = TEXT.encode("gb18030")
    p = write("r.txt", data)
    before = (p.read_bytes(), os.stat(p).st_mtime_ns)
    raw = read_raw(p)
    assert raw.sha256 == hashlib.sha256(data).hexdigest()
    assert (p.read_bytes(), os.stat(p).st_mtime_ns) == before


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"  \n\r\n ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (bytes(range(1, 32)) * 20, "binary"),
    ("报告".encode("utf-8") + b"\x80\x80\xff", "cannot be decoded"),
    (codecs.BOM_UTF16_LE + b"\x00", "byte-order mark but does not decode"),
])
def test_bad_content_raises_naming_the_file(write, content, message):
    p = write("bad.txt", content)
    with pytest.raises(JzlibError, match=message) as e:
        read_raw(p)
    assert str(p) in str(e.value)


def test_missing_path(tmp_path):
    with pytest.raises(JzlibError, match="no such file"):
        read_raw(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(JzlibError, match="is a directory"):
        read_raw(tmp_path)


def test_decode_names_the_source():
    with pytest.raises(JzlibError, match="^x.txt: the file is empty"):
        decode(b"", "x.txt")
