"""The fault suite (`make faults`): hostile input and hostile conditions, as a user or an attacker
would try them. Each case runs the command line in a new process and asserts the exit, the one
line on stderr (never a traceback) and the state of the output folder afterwards: the previous
outputs byte for byte, or a complete new set; no staging or temporary file; no worker left.

Not part of `make test` (about two minutes). Built only from tests/fixtures and text written here.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURE_RAW, mini_report

pytestmark = pytest.mark.faults
ROOT = Path(__file__).resolve().parents[2]
ERROR_LINE = re.compile(r"^jzlib( [a-z]+)?: (error|interrupted)")


# --- helpers ----------------------------------------------------------------------------------

def jz(*args, timeout=120, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jzlib", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout, errors="replace", **kw)


def start(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "jzlib", *map(str, args)], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, errors="replace")


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too) -> sha256."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def strays(folder: Path) -> list[str]:
    """Staging folders, temporary files and locks left in `folder`."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if any(part.startswith(".jzlib") for part in p.relative_to(folder).parts)
                  or p.name.endswith((".tmp", ".building")))


def one_error_line(r, command: str, *needles: str) -> str:
    """The run failed with exactly one `jzlib <command>: error: …` line and no traceback."""
    assert "Traceback" not in r.stderr, r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    errors = [l for l in lines if ERROR_LINE.match(l)]
    assert errors, r.stderr
    assert all(l.startswith(f"jzlib {command}: ") for l in errors), r.stderr
    for needle in needles:
        assert needle in r.stderr, r.stderr
    return errors[-1]


def workers_of(marker: str) -> list[int]:
    """pids of python processes whose command line mentions `marker`."""
    found = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                if marker.encode() in (d / "cmdline").read_bytes() and int(d.name) != os.getpid():
                    found.append(int(d.name))
            except OSError:
                continue
    return found


def children_of(pid: int) -> list[int]:
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                stat = (d / "stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(d.name))
            except (OSError, ValueError, IndexError):
                continue
    return out


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except OSError:
        return False


def wait_gone(pids, seconds=10.0) -> list[int]:
    end = time.time() + seconds
    while time.time() < end and any(alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if alive(p)]


# --- a corpus that takes a while to build -----------------------------------------------------

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """200 report files made from the fixture report (8 pasted copies each): different governments
    and years; a build takes ~10 s on 2 cores, long enough to interrupt."""
    raw = tmp_path_factory.mktemp("corpus")
    base = (FIXTURE_RAW / "jiaozuo-2017-scraped.txt").read_text(encoding="utf-8")
    cities = "洛阳 郑州 开封 安阳 鹤壁 新乡 濮阳 许昌 漯河 南阳 商丘 信阳".split()
    for i in range(200):
        city, year = cities[i % len(cities)], 1990 + i // len(cities)
        text = base.replace("焦作", city).replace("2017年", f"{year}年").replace("2016年", f"{year - 1}年")
        (raw / f"{city}-{year}.txt").write_text(text, encoding="utf-8")
    return raw


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> tuple[Path, dict]:
    """A complete build of `corpus` and its snapshot (what every good outcome must equal)."""
    out = tmp_path_factory.mktemp("built")
    r = jz("build", "--raw", corpus, "--out", out, "--jobs", "2", "--quiet", timeout=600)
    assert r.returncode == 0, r.stderr
    return out, snapshot(out)


def previous_build(tmp_path, corpus) -> tuple[Path, dict]:
    """An output folder holding an older build (of the first 20 files), and its snapshot."""
    small = tmp_path / "small"
    small.mkdir()
    for p in sorted(corpus.iterdir())[:20]:
        shutil.copy(p, small / p.name)
    out = tmp_path / "out"
    r = jz("build", "--raw", small, "--out", out, "--quiet")
    assert r.returncode == 0, r.stderr
    return out, snapshot(out)


def interrupted_build(out: Path, corpus: Path, sig: int, after: float, whom: str = "parent"):
    """Start a build over `out`, send `sig` after `after` seconds; return (process, workers);
    the process's stderr is in `process.err`."""
    p = start("build", "--raw", corpus, "--out", out, "--jobs", "2", "--quiet")
    time.sleep(after)
    assert p.poll() is None, "the build ended before it could be interrupted"
    workers = children_of(p.pid)
    os.kill(p.pid, sig)
    try:
        p.err = p.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
        pytest.fail("the build did not stop")
    return p, workers


# --- 1. runs into the same folder, interruptions ----------------------------------------------

def test_two_builds_into_one_folder_the_second_is_refused(corpus, built, tmp_path):
    out = tmp_path / "out"
    first = start("build", "--raw", corpus, "--out", out, "--jobs", "2", "--quiet")
    time.sleep(2.0)
    second = jz("build", "--raw", corpus, "--out", out, "--quiet")
    assert second.returncode == 1
    line = one_error_line(second, "build", "is writing here")
    assert f"pid {first.pid}" in line
    first.communicate(timeout=600)
    assert first.returncode == 0
    assert snapshot(out) == built[1] and strays(out) == []


def test_two_cleans_into_one_folder_never_mix(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report(year=2017), encoding="utf-8")
    out = tmp_path / "out"
    runs = [start("clean", raw, "--out", out) for _ in range(3)]
    results = [(p.wait(60), p.stderr.read()) for p in runs]
    assert any(rc == 0 for rc, _ in results)
    for rc, err in results:
        assert rc == 0 or ("is writing here" in err and "Traceback" not in err), err
    assert sorted(snapshot(out)) == ["jiaozuo-2017.meta.json", "jiaozuo-2017.paragraphs.parquet", "jiaozuo-2017.txt"]


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_build_leaves_the_previous_outputs_and_no_worker(corpus, built, tmp_path, sig):
    out, before = previous_build(tmp_path, corpus)
    p, workers = interrupted_build(out, corpus, sig, after=3.0)
    assert p.returncode == 130, p.err
    assert p.err.strip().splitlines() == ["jzlib build: interrupted; the previous outputs are as they were "
                                          "(nothing of this run was moved into place)"]
    assert workers, "the build had started its workers"
    assert wait_gone(workers, 10) == []
    assert snapshot(out) == before and strays(out) == []
    again = jz("build", "--raw", corpus, "--out", out, "--jobs", "2", "--quiet", timeout=600)
    assert again.returncode == 0 and snapshot(out) == built[1]


def test_a_killed_build_kills_its_workers_and_the_next_build_cleans_up(corpus, built, tmp_path):
    out, before = previous_build(tmp_path, corpus)
    p, workers = interrupted_build(out, corpus, signal.SIGKILL, after=3.0)
    assert workers and wait_gone(workers, 10) == []
    leftovers = strays(out)
    assert snapshot(out).keys() - before.keys() <= set(leftovers)      # only staging and the lock were added
    assert {k: v for k, v in snapshot(out).items() if k not in leftovers} == before
    again = jz("build", "--raw", corpus, "--out", out, "--jobs", "2", "--quiet", timeout=600)
    assert again.returncode == 0, again.stderr
    assert snapshot(out) == built[1] and strays(out) == []


@pytest.mark.parametrize("after", [2.0, 3.0, 4.5])
def test_a_worker_killed_mid_build_is_replaced_and_the_build_completes(corpus, built, tmp_path, after):
    # killed at different moments: before, while or after sending a result (a worker killed while
    # sending one used to leave half a message in the pipe, and the build waited forever)
    out = tmp_path / "out"
    p = start("build", "--raw", corpus, "--out", out, "--jobs", "2", "--quiet")
    time.sleep(after)
    workers = children_of(p.pid)
    assert p.poll() is None and workers
    os.kill(workers[0], signal.SIGKILL)                # as the kernel's OOM killer would
    try:
        _, err = p.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        pytest.fail("the build hung after its worker was killed")
    assert p.returncode == 0, err
    assert "Traceback" not in err
    assert snapshot(out) == built[1] and strays(out) == []


def test_ctrl_c_while_workers_start_prints_no_traceback(corpus, tmp_path):
    for i, after in enumerate((0.1, 0.4, 0.8, 1.3, 1.8)):
        out = tmp_path / f"out{i}"
        p, workers = interrupted_build(out, corpus, signal.SIGINT, after=after)
        err = p.err
        assert "Traceback" not in err and "Exception in initializer" not in err, err
        assert wait_gone(workers, 10) == []
        assert strays(out) == [] if out.exists() else True


# --- 2. full disk -------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs (root), else skipped."""
    mnt = tmp_path / "disk"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True)
    if r.returncode:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield mnt
    subprocess.run(["umount", str(mnt)], capture_output=True)


def test_build_on_a_full_disk_is_one_line_and_leaves_the_previous_outputs(corpus, small_disk, tmp_path):
    small = tmp_path / "two"
    small.mkdir()
    for p in sorted(corpus.iterdir())[:2]:
        shutil.copy(p, small / p.name)
    out = small_disk / "out"
    assert jz("build", "--raw", small, "--out", out, "--quiet").returncode == 0
    before = snapshot(out)
    (small_disk / "filler").write_bytes(b"\0" * (2 * 1024 * 1024 - sum(p.stat().st_size for p in out.rglob("*")
                                                                    if p.is_file()) - 300_000))
    r = jz("build", "--raw", corpus, "--out", out, "--quiet", timeout=600)
    assert r.returncode == 1
    one_error_line(r, "build", "No space left on device")
    assert snapshot(out) == before and strays(out) == []


def test_clean_on_a_full_disk_writes_nothing(corpus, small_disk):
    out = small_disk / "interim"
    (small_disk / "filler").write_bytes(b"\0" * (2 * 1024 * 1024 - 200_000))
    r = jz("clean", corpus, "--out", out, timeout=600)
    assert r.returncode == 1
    one_error_line(r, "clean", "No space left on device")
    assert snapshot(out) == {} and strays(out) == []


# --- 3. outputs that would overwrite inputs ---------------------------------------------------

def test_outputs_may_not_overwrite_or_sit_among_inputs(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report(), encoding="utf-8")
    interim = tmp_path / "interim"
    assert jz("clean", raw, "--out", interim).returncode == 0
    ind = tmp_path / "ind.csv"
    assert jz("indicators", interim, "--out", ind).returncode == 0
    before = {**snapshot(raw), **{f"i/{k}": v for k, v in snapshot(interim).items()}, "ind": snapshot(tmp_path)["ind.csv"]}
    cases = [("clean", raw, "--out", raw), ("clean", raw / "a.txt", "--out", raw), ("clean", raw, "--out", tmp_path),
             ("indicators", interim, "--out", interim / "jiaozuo-2017.meta.json"),
             ("indicators", interim, "--out", interim / "x.csv"),
             ("compare", ind, "--out", ind), ("words", interim, "--out", interim),
             ("build", "--raw", raw, "--out", raw), ("build", "--raw", tmp_path, "--out", tmp_path / "b")]
    for args in cases:
        r = jz(*args)
        assert r.returncode == 1, (args, r.stderr)
        one_error_line(r, args[0], "choose a --out outside the inputs")
    after = {**snapshot(raw), **{f"i/{k}": v for k, v in snapshot(interim).items()}, "ind": snapshot(tmp_path)["ind.csv"]}
    assert after == before


# --- 4. special files and bad options ---------------------------------------------------------

def test_a_fifo_named_is_refused_at_once(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = jz("clean", fifo, "--out", tmp_path / "out", timeout=20)
    assert r.returncode == 1
    one_error_line(r, "clean", "is a FIFO")


def test_a_device_is_refused_without_reading_it(tmp_path):
    r = jz("clean", "/dev/zero", "--out", tmp_path / "out", timeout=20)
    assert r.returncode == 1
    one_error_line(r, "clean", "/dev/zero: is a device")


def test_special_files_inside_raw_are_skipped_with_a_note(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report(), encoding="utf-8")
    os.mkfifo(raw / "pipe.txt")
    (raw / "loop.txt").symlink_to(raw / "loop.txt")
    r = jz("build", "--raw", raw, "--out", tmp_path / "out", "--quiet", timeout=60)
    assert r.returncode == 0, r.stderr
    summary = (tmp_path / "out" / "corpus_summary.csv").read_text(encoding="utf-8-sig")
    assert "pipe.txt,skipped,,not a regular file" in summary and "loop.txt,skipped" in summary


def test_a_file_name_that_is_not_utf8(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    bad = os.fsencode(raw) + b"/\xff\xfe-report.txt"
    with open(bad, "wb") as f:
        f.write(mini_report(year=2018).encode("utf-8"))
    (raw / "good.txt").write_text(mini_report(year=2017), encoding="utf-8")
    r = jz("clean", raw, "--out", tmp_path / "interim")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    meta = json.loads((tmp_path / "interim" / "jiaozuo-2018.meta.json").read_text(encoding="utf-8"))
    assert meta["source"]["file"].endswith("\ufffd\ufffd-report.txt")
    r = jz("build", "--raw", raw, "--out", tmp_path / "out", "--quiet")
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    assert sorted(p.name for p in (tmp_path / "out" / "interim").iterdir()) == [
        "jiaozuo-2017.meta.json", "jiaozuo-2018.meta.json"]


@pytest.mark.parametrize("where", ["missing", "file", "fifo", "loop"])
def test_build_raw_that_is_not_a_folder_of_reports(tmp_path, where):
    p = tmp_path / "raw"
    if where == "file":
        p.write_text("not a report", encoding="utf-8")
    elif where == "fifo":
        os.mkfifo(p)
    elif where == "loop":
        p.symlink_to(p)
    r = jz("build", "--raw", p, "--out", tmp_path / "out", "--quiet", timeout=30)
    assert r.returncode == 1
    one_error_line(r, "build", str(p))


@pytest.mark.parametrize("args", [("build", "--jobs", "0"), ("build", "--jobs", "-3"), ("build", "--jobs", "two"),
                                  ("clean", "x.txt", "--max-mb", "0"), ("clean", "x.txt", "--max-mb", "-1"),
                                  ("clean", "x.txt", "--year", "二〇一六"), ("clean", "x.txt", "--year", "20170"),
                                  ("words", "--top", "0")])
def test_bad_option_values_are_refused(args, tmp_path):
    r = jz(*args, "--out", tmp_path / "out")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert re.search(rf"jzlib {args[0]}: error: argument {args[-2]}", r.stderr), r.stderr


# --- 5. bad tables and interim files ---------------------------------------------------------

@pytest.fixture
def interim(tmp_path) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(mini_report(), encoding="utf-8")
    out = tmp_path / "interim"
    assert jz("clean", raw, "--out", out).returncode == 0
    return out


BAD_META = {"empty": b"", "invalid": b"{not json", "object": b"{}", "list": b"[]",
            "year as text": None, "binary": b"\x00\x01\x02\xff" * 100, "gbk": None}


@pytest.mark.parametrize("case", list(BAD_META))
@pytest.mark.parametrize("command", ["indicators", "words"])
def test_damaged_meta_json_is_one_line(interim, tmp_path, case, command):
    meta = interim / "jiaozuo-2017.meta.json"
    data = BAD_META[case]
    if case == "year as text":
        m = json.loads(meta.read_text(encoding="utf-8"))
        m["year"] = "二〇一七"
        data = json.dumps(m, ensure_ascii=False).encode("utf-8")
    elif case == "gbk":
        data = meta.read_text(encoding="utf-8").encode("gb18030")
    meta.write_bytes(data)
    out = tmp_path / ("o.csv" if command == "indicators" else "o")
    r = jz(command, interim, "--out", out)
    assert r.returncode == 1, r.stderr
    one_error_line(r, command, "jiaozuo-2017.meta.json")
    assert not out.exists() or not any(out.iterdir() if out.is_dir() else [1])


@pytest.mark.parametrize("case", ["empty", "header only", "wrong columns", "gbk", "binary"])
def test_damaged_paragraphs_are_one_line(interim, tmp_path, case):
    paras = interim / "jiaozuo-2017.paragraphs.parquet"
    data = {"empty": b"", "header only": b"PAR1", "wrong columns": None, "gbk": "段落".encode("gbk"),
            "binary": os.urandom(2000)}[case]
    if case == "wrong columns":
        import pandas as pd
        pd.DataFrame({"x": [1, 2]}).to_parquet(paras)
    else:
        paras.write_bytes(data)
    for command in ("indicators", "words"):
        r = jz(command, interim, "--out", tmp_path / ("o.csv" if command == "indicators" else "o"))
        assert r.returncode == 1, r.stderr
        one_error_line(r, command, "jiaozuo-2017.paragraphs.parquet")


@pytest.mark.parametrize("case", ["abc in value", "year in hanzi", "growth with %", "repeated header", "empty",
                                  "wrong columns", "binary"])
def test_bad_indicator_tables_for_compare(interim, tmp_path, case):
    ind = tmp_path / "ind.csv"
    assert jz("indicators", interim, "--out", ind).returncode == 0
    import pandas as pd
    df = pd.read_csv(ind, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if case == "abc in value":
        df.loc[0, "value"] = "abc"
    elif case == "year in hanzi":
        df["report_year"] = "二〇一七"
    elif case == "growth with %":
        row = df.index[df.growth_pct != ""][0]
        df.loc[row, "growth_pct"] += "%"
    elif case == "repeated header":
        df = pd.concat([df, pd.DataFrame([df.columns], columns=df.columns), df])
    elif case == "wrong columns":
        df = pd.DataFrame({"a": ["1"], "b": ["2"]})
    if case == "binary":
        ind.write_bytes(os.urandom(3000))
    elif case == "empty":
        ind.write_bytes(b"")
    else:
        df.to_csv(ind, index=False, encoding="utf-8-sig")
    r = jz("compare", ind, "--out", tmp_path / "yoy.csv")
    assert "Traceback" not in r.stderr, r.stderr
    if case in ("repeated header",):                  # the repeated header row is dropped, said once
        assert r.returncode == 0, r.stderr
        assert "header" in r.stderr
    else:
        assert r.returncode == 1, r.stderr
        one_error_line(r, "compare", str(ind))
