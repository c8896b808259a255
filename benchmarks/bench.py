"""Benchmark: the corpus build at 1, 100 and 1,000 reports, and tokenization overhead.

`make bench` runs this. A synthetic corpus is made from the shipped report: city names and
years vary (so every report has its own id), every number is scaled by a random factor, each
file holds 1-3 pasted copies, some carry spam glued to a heading and a page-furniture line,
a third are GBK-encoded, and 5% repeat an earlier file under another name: half with the
same bytes, half re-saved in the other encoding with a line added (found by MinHash).
Each size runs in its own process (`--size N`) so peak memory is measured per size.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CITIES = ("洛阳 郑州 开封 平顶山 安阳 鹤壁 新乡 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源 太原 大同 阳泉 "
          "长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁 石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 "
          "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 合肥 芜湖 蚌埠 淮南 "
          "马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 "
          "荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底").split()


def make_corpus(n: int, out: Path, seed: int = 7) -> None:
    """Write n synthetic raw report files to `out`."""
    rng = random.Random(seed)
    base = (ROOT / "data/interim/jiaozuo-2017.txt").read_text(encoding="utf-8")
    written = []
    for i in range(n):
        if written and rng.random() < 0.05:                      # a file that repeats another
            src, encoding = rng.choice(written)
            if rng.random() < 0.5:                               # the same bytes
                (out / f"dup-{i:04d}.txt").write_bytes(src.read_bytes())
            else:                                                # re-saved: other encoding, a line more
                text = "转载自政府网站\n" + src.read_bytes().decode(encoding)
                (out / f"dup-{i:04d}.txt").write_bytes(text.encode("utf-8" if encoding == "gbk" else "gbk"))
            continue
        city, year = CITIES[i % len(CITIES)], 2001 + i // len(CITIES)
        text = base.replace("焦作", city).replace("2017年", f"{year}年").replace("2016年", f"{year - 1}年")
        text = re.sub(r"\d+\.\d+", lambda m: f"{float(m.group()) * rng.uniform(0.8, 1.2):.1f}", text)
        lines = text.split("\n")
        if rng.random() < 0.5:                                   # spam glued to the plan heading
            lines = [l + "二号首长" if l.startswith("二、") else l for l in lines]
        copy = "\n".join(lines)
        body = ("来源：" + city + "日报\n" if rng.random() < 0.3 else "") + (copy + "\n") * rng.randint(1, 3)
        path = out / f"{city}-{year}.txt"
        encoding = "gbk" if i % 3 == 0 else "utf-8"
        path.write_bytes(body.encode(encoding))
        written.append((path, encoding))


def run_size(n: int, jobs: int) -> dict:
    """Build a corpus of n reports twice: through `build()` (stage timings, peak memory), then
    as a user runs it, `python -m jzlib build` in a new process (end to end: start-up,
    imports and the build)."""
    from jzlib.build import build
    with tempfile.TemporaryDirectory() as tmp:
        raw, out = Path(tmp) / "raw", Path(tmp) / "out"
        raw.mkdir()
        make_corpus(n, raw)
        s = build(raw, out, jobs=jobs, progress=False)
        size_mb = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
        self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jzlib", "build", "--raw", str(raw), "--out", str(Path(tmp) / "cli"),
                        "--jobs", str(jobs), "--quiet"], check=True, capture_output=True, cwd=ROOT)
        cli = time.perf_counter() - t
    return {"size": n, "jobs": jobs, "files": s.files, "reports": s.reports, "duplicates": s.duplicates,
            "compared": s.compared, "wall": s.wall, "cli_wall": cli,
            **{f"cpu_{k}": v for k, v in s.timings.items()},
            "peak_parent_mb": self_mb, "peak_worker_mb": child_mb, "output_mb": size_mb,
            "errors": len(s.errors)}


def tokenizer_overhead(repeat: int = 7) -> dict:
    import jieba
    from jzlib import words
    text = (ROOT / "data/interim/jiaozuo-2017.txt").read_text(encoding="utf-8")
    ours, fast = words.Tokenizer(), words.Tokenizer(backend="rjieba")
    jieba.lcut("预热"), ours.cut("预热"), fast.cut("预热")

    def best(f):
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            f(text)
            times.append(time.perf_counter() - t)
        return statistics.median(times)
    plain, mine, rs = best(jieba.lcut), best(ours.cut), best(fast.cut)
    return {"chars": len(text), "jieba_lcut_s": plain, "ours_jieba_s": mine, "ours_rjieba_s": rs,
            "overhead": mine / plain, "rjieba_speedup": plain / rs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--size", type=int, help="run one size and print JSON (used by the driver)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--sizes", default="1,100,1000")
    args = ap.parse_args()
    if args.size:
        print(json.dumps(run_size(args.size, args.jobs)))
        return
    rows = []
    for n in map(int, args.sizes.split(",")):
        r = subprocess.run([sys.executable, __file__, "--size", str(n), "--jobs", str(args.jobs)],
                           capture_output=True, text=True, check=True)
        rows.append(json.loads(r.stdout.strip().splitlines()[-1]))
    print(f"corpus build, --jobs {args.jobs} (stage columns: CPU seconds summed over the workers; "
          "build s: build(); CLI s: `python -m jzlib build` end to end, a new process)")
    print("| reports | files | kept | dups | signature comparisons | read | clean+dedup | structure | extract | words "
          "| tables | build s | CLI s | ms/report | peak parent MB | peak worker MB | output MB |")
    print("|---:" * 17 + "|")
    for r in rows:
        print(f"| {r['size']} | {r['files']} | {r['reports']} | {r['duplicates']} | {r['compared']} | "
              f"{r['cpu_read']:.2f} | {r['cpu_clean']:.2f} | {r['cpu_structure']:.2f} | {r['cpu_extract']:.2f} | "
              f"{r['cpu_words']:.2f} | {r.get('cpu_tables', 0):.2f} | {r['wall']:.1f} | {r['cli_wall']:.1f} | {1000 * r['wall'] / r['size']:.1f} | "
              f"{r['peak_parent_mb']:.0f} | {r['peak_worker_mb']:.0f} | {r['output_mb']:.0f} |")
    by = {r["size"]: r for r in rows}
    if 100 in by and 1000 in by:
        ratio = (by[1000]["wall"] / 1000) / (by[100]["wall"] / 100)
        print(f"\ntime per report at 1000 / at 100: {ratio:.2f}; signature comparisons per file: "
              f"{by[100]['compared'] / 100:.3f} at 100, {by[1000]['compared'] / 1000:.3f} at 1000")
    t = tokenizer_overhead()
    print(f"\ntokenizing the shipped report ({t['chars']} characters, median of 7): jieba.lcut "
          f"{1000 * t['jieba_lcut_s']:.1f} ms, our Tokenizer (jieba) {1000 * t['ours_jieba_s']:.1f} ms "
          f"(overhead {t['overhead']:.2f}x), our Tokenizer (rjieba) {1000 * t['ours_rjieba_s']:.1f} ms "
          f"({t['rjieba_speedup']:.1f}x faster than jieba.lcut)")


if __name__ == "__main__":
    main()
