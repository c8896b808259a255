"""Hostile input: for each pathological pattern, the time, peak memory and output of `clean`,
`indicators` and `words` at n and 10n repetitions (issue 17: 10x the input may cost at most
12x; no input of <= 1 MB may write more than 50 MB).

    .venv/bin/python benchmarks/hostile.py [--scale 1] [--timeout 300] [--only NAME]

Each report is a valid title and review heading, then one line of the pattern repeated. Prints
a Markdown table (the README's); every command runs in its own process, its peak memory
measured by the kernel (RUSAGE_CHILDREN of a fresh wrapper process).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAD = "2017年焦作市政府工作报告\n各位代表：\n一、2016年工作回顾\n"
PLAN = "\n二、2017年工作安排\n生产总值增长8%左右。\n"

# name -> (the repeated unit, n, joined into one line?)
PATTERNS = {
    "1% x n": ("1%", 3_000, True),
    "1亿元、 x n": ("1亿元、", 2_000, True),
    "二号首长 x n": ("二号首长", 2_000, True),
    "1 x n": ("1", 10_000, True),
    "（ x n": ("（", 10_000, True),
    "现( x n": ("现(", 10_000, True),
    "tiny reports x n": (None, 250, False),
    "broken lines x n": ("全市生产总值增长8%，推进项目建设。", 4_000, False),   # each line ends with its number
    "paragraphs x n": ("全市生产总值增长8%，推进项目建设。", 4_000, False),     # each line ends with 。
}

WRAP = """
import resource, subprocess, sys, time, json
t = time.perf_counter()
try:
    r = subprocess.run(sys.argv[2:], capture_output=True, timeout=float(sys.argv[1]))
    rc, err = r.returncode, r.stderr.decode("utf-8", "replace")
except subprocess.TimeoutExpired:
    rc, err = "timeout", ""
print(json.dumps({"rc": rc, "s": time.perf_counter() - t, "mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "traceback": "Traceback" in err, "err": err.strip().splitlines()[-1:] }))
"""


def text_of(name: str, n: int) -> str:
    unit, _, one_line = PATTERNS[name]
    if unit is None:                                  # many tiny distinct reports in one file
        return "".join(f"2017年焦作市政府工作报告\n一、2016年工作回顾\n第{i}项：生产总值{i}亿元，增长{i % 9}%，"
                       f"编号{i * 7919 % 100003}。\n" for i in range(n))
    if one_line:
        body = unit * n
    elif name.startswith("broken"):
        body = "\n".join(f"{unit}{i}" for i in range(n))
    else:
        body = "\n".join(f"第{i}项，{unit}" for i in range(n))
    return HEAD + body + PLAN


def measure(cmd: list[str], timeout: float) -> dict:
    out = subprocess.run([sys.executable, "-c", WRAP, str(timeout), *cmd], capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout)


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def run(name: str, n: int, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        raw = tmp / "raw"
        raw.mkdir()
        f = raw / "r.txt"
        f.write_text(text_of(name, n), encoding="utf-8")
        jz = [sys.executable, "-m", "jzlib"]
        row = {"pattern": name, "n": n, "input_kb": f.stat().st_size / 1024}
        for step, cmd in (("clean", [*jz, "clean", str(raw), "--out", str(tmp / "interim")]),
                          ("indicators", [*jz, "indicators", str(tmp / "interim"), "--out", str(tmp / "ind.csv")]),
                          ("words", [*jz, "words", str(tmp / "interim"), "--out", str(tmp / "words")])):
            m = measure(cmd, timeout)
            row[step] = m
            if m["rc"] != 0:
                break
        row["output_mb"] = size_mb(tmp) - f.stat().st_size / 1e6
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every n (default 1)")
    ap.add_argument("--timeout", type=float, default=300)
    ap.add_argument("--only", help="one pattern")
    args = ap.parse_args()
    print("| pattern | n | input KB | step | s at n | s at 10n | ×time | MB at n | MB at 10n | ×memory | output MB at 10n | exit at 10n |")
    print("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, (_, n, _) in PATTERNS.items():
        if args.only and args.only != name:
            continue
        n = max(1, int(n * args.scale))
        a, b = run(name, n, args.timeout), run(name, 10 * n, args.timeout)
        for step in ("clean", "indicators", "words"):
            if step not in a or step not in b:
                continue
            x, y = a[step], b[step]
            print(f"| {name} | {n:,} | {a['input_kb']:.0f} | {step} | {x['s']:.1f} | {y['s']:.1f} | {y['s'] / x['s']:.1f} | "
                  f"{x['mb']:.0f} | {y['mb']:.0f} | {y['mb'] / x['mb']:.1f} | {b['output_mb']:.1f} | "
                  f"{y['rc']}{' traceback' if y['traceback'] else ''} |", flush=True)


if __name__ == "__main__":
    main()
