"""Benchmark: build a real corpus in one `python -m jzlib build` call and measure it.

    python benchmarks/corpus.py ../shared/corpus --jobs 2        (or: make corpus-bench CORPUS=…)

Prints wall time, peak memory (the build process and, separately, its largest worker: both from
the kernel's rusage, so nothing is sampled), files, reports, errors and output size, then the
audit of the build (`python -m jzlib audit`). The build goes to a temporary folder, removed after.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="folder of reports (walked recursively)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--keep", metavar="DIR", help="build into DIR and keep it")
    args = ap.parse_args()
    out = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="jzlib-corpus-"))
    try:
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-m", "jzlib", "build", "--raw", args.corpus, "--out", str(out),
                            "--jobs", str(args.jobs), "--quiet"], capture_output=True, text=True)
        wall = time.perf_counter() - t
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024   # KiB -> MiB, largest process
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        print(r.stdout.strip())
        tracebacks = r.stderr.count("Traceback")
        print(f"\nwall {wall:.1f} s; peak memory of the largest process {peak:.0f} MiB; output {size:.0f} MB; "
              f"exit {r.returncode}; tracebacks {tracebacks}\n")
        a = subprocess.run([sys.executable, "-m", "jzlib", "audit", str(out)], capture_output=True, text=True)
        print(a.stdout)
        return 0 if tracebacks == 0 else 1
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
