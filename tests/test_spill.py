"""spill: what a corpus build holds to its end, on disk, read back as the build would have
computed it in memory."""
import pandas as pd
import pyarrow as pa
import pytest

from jzlib import compare, tables
from jzlib.spill import Spill


def q(rid, city, year, kind, indicator, number, qualifier="", sent="s1"):
    """A quantity of report `rid` (published in `year`): targets are for `year`, actuals for `year - 1`."""
    of = year if kind == "target" else year - 1
    return compare.Quantity(rid, city, year, kind, of, indicator, "growth", "%", "", number, qualifier,
                            float("nan"), float("nan"), "p1", sent, f"{indicator}{number}")


# Two governments, three reports each, added interleaved (the order a build keeps them in).
# Each report states last year's actual and this year's target of GDP growth.
REPORTS = [
    ("a-2016", [q("a-2016", "甲市", 2016, "actual", "生产总值", 8.0), q("a-2016", "甲市", 2016, "target", "生产总值", 8.5, "左右")]),
    ("b-2016", [q("b-2016", "乙市", 2016, "target", "生产总值", 7.0)]),
    ("a-2017", [q("a-2017", "甲市", 2017, "actual", "生产总值", 8.3), q("a-2017", "甲市", 2017, "target", "生产总值", 9.0)]),
    ("b-2017", [q("b-2017", "乙市", 2017, "actual", "生产总值", 6.0), q("b-2017", "乙市", 2017, "target", "生产总值", 6.5, "以上")]),
    ("a-2018", [q("a-2018", "甲市", 2018, "actual", "生产总值", 9.5)]),
    ("b-2018", [q("b-2018", "乙市", 2018, "target", "生产总值", 6.0)]),     # b-2018 states no 2017 actual
]


@pytest.fixture
def spill(tmp_path):
    s = Spill(tmp_path / "held.sqlite")
    yield s
    s.close()


def test_across_per_government_equals_across_all_in_order(spill):
    everything = []
    for rid, quants in REPORTS:
        spill.add(rid, {}, quants)
        everything += quants
    got = [row for batch in spill.across() for row in batch]
    pd.testing.assert_frame_equal(pd.DataFrame(got), pd.DataFrame(compare.across_rows(None, everything)))  # NaN == NaN
    # read by hand from REPORTS: each target, in the order added, against the next report's actual
    assert [(r["city"], r["year_to"], r["value_from"], r["value_to"], r["status"]) for r in got] == [
        ("甲市", 2016, 8.5, 8.3, "met"),          # 8.5%左右 against 8.3%: within the band
        ("乙市", 2016, 7.0, 6.0, "missed"),
        ("甲市", 2017, 9.0, 9.5, "exceeded"),
        ("乙市", 2017, 6.5, None, "not stated"),  # b-2018 is in, without a 2017 actual
        ("乙市", 2018, 6.0, None, "pending"),     # no 2019 report
    ]


def test_across_reads_back_in_batches(spill, monkeypatch):
    import jzlib.spill
    monkeypatch.setattr(jzlib.spill, "BATCH", 2)
    for rid, quants in REPORTS:
        spill.add(rid, {}, quants)
    assert [len(b) for b in spill.across()] == [2, 2, 1]


def test_held_tables_come_back_by_id_or_in_build_order(spill, monkeypatch):
    import jzlib.spill
    monkeypatch.setattr(jzlib.spill, "PIECES", 2)      # several joined batches
    for rid in ["c", "a", "b", "a"]:                      # "a" twice: build order decides between them
        piece = pa.table({"report_id": [rid], "n": [spill.seq + 1]})
        spill.add(rid, {"t": tables.to_ipc(piece)}, [])
    by_id = pa.concat_tables(list(spill.held("t", by_id=True))).to_pydict()
    assert by_id == {"report_id": ["a", "a", "b", "c"], "n": [2, 4, 3, 1]}
    built = pa.concat_tables(list(spill.held("t", by_id=False))).to_pydict()
    assert built == {"report_id": ["c", "a", "b", "a"], "n": [1, 2, 3, 4]}
    assert list(spill.held("other", by_id=True)) == []


def test_close_removes_the_file(tmp_path):
    s = Spill(tmp_path / "held.sqlite")
    s.add("a", {}, REPORTS[0][1])
    assert (tmp_path / "held.sqlite").exists()
    s.close()
    assert list(tmp_path.iterdir()) == []


# A word_freq piece per report: repeated text (report id, part, chapter) is dictionary-encoded
# while it waits; a piece whose words are all different is not. Mixed in one row group, the
# file must still hold plain strings equal to what went in.
def freq_piece(rid, n, repeat):
    return pa.table({"report_id": [rid] * n, "part": ["review" if repeat else f"p{i}" for i in range(n)],
                     "side": ["review"] * n, "chapter": ["一、回顾" if repeat else f"c{i}" for i in range(n)],
                     "chars": list(range(n)), "word": [f"词{i}" for i in range(n)], "count": [i % 3 + 1 for i in range(n)]})


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_appender_writes_mixed_pieces_as_one_plain_table(tmp_path, fmt):
    pieces = [freq_piece("a-2016", 40, True), freq_piece("b-2016", 3, False), freq_piece("c-2016", 40, True),
              freq_piece("d-2016", 1, True)]
    assert pa.types.is_dictionary(tables._waiting(tables.arrow("word_freq", pieces[0])).column("part").type)
    assert not pa.types.is_dictionary(tables._waiting(tables.arrow("word_freq", pieces[1])).column("part").type)
    path = tmp_path / tables.file_name("word_freq", fmt)
    ap = tables.Appender("word_freq", path, fmt, group_bytes=2_000)     # a row group every piece or two
    for p in pieces:
        ap.add(tables.arrow("word_freq", p))
    ap.close()
    got = tables.read("word_freq", path)
    want = tables.frame("word_freq", pa.concat_tables(pieces).to_pydict())
    pd.testing.assert_frame_equal(got, want, check_dtype=False)
    assert len(got) == 84 and got.part.iloc[41] == "p1" and got.chapter.iloc[0] == "一、回顾"
    if fmt == "parquet":
        import pyarrow.parquet as pq
        f = pq.ParquetFile(path)
        assert f.metadata.num_row_groups > 1
        assert f.schema_arrow.field("part").type == pa.string()


def test_an_abandoned_appender_leaves_the_old_file(tmp_path):
    path = tmp_path / "word_freq.parquet"
    path.write_bytes(b"old")
    ap = tables.Appender("word_freq", path, "parquet", group_bytes=1)
    ap.add(tables.arrow("word_freq", freq_piece("a-2016", 5, True)))
    ap.abandon()
    assert path.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["word_freq.parquet"]


def test_a_full_disk_is_an_os_error_naming_the_file(spill):
    import errno
    spill.db.execute("PRAGMA max_page_count = 8")          # SQLite's own "database or disk is full"
    with pytest.raises(OSError) as e:
        for i in range(50):
            spill.add(f"r{i}", {"t": b"x" * 10_000}, [])
    assert e.value.errno == errno.ENOSPC and e.value.filename == str(spill.path)
    assert "No space left on device" in str(e.value)
