"""Shared fixtures: tiny synthetic reports, written for the tests (not copied from output)."""
from pathlib import Path

import pytest

# byte copies of the shipped reports (tests/fixtures/README.md): unit tests never read data/raw
FIXTURE_RAW = Path(__file__).parent / "fixtures" / "raw"


@pytest.fixture(scope="session")
def shipped_interim(tmp_path_factory) -> Path:
    """The interim files of the two shipped reports, cleaned from the fixtures' copies (what
    `make all` writes to data/interim for them, without reading data/)."""
    from jzlib.pipeline import clean_file
    from jzlib.store import write_interim
    out = tmp_path_factory.mktemp("interim")
    for f in sorted(FIXTURE_RAW.iterdir()):
        write_interim(clean_file(f), out)
    return out


def mini_report(city="焦作市", year=2017, gdp="2082.6", title=True) -> str:
    """A short report in the shape of a city's 政府工作报告: title, review, plan, self-building."""
    lines = [
        f"{year}年{city}政府工作报告" if title else "",
        f"2月28日上午，市长张三在{city}人民代表大会上作政府工作报告。",
        "各位代表：",
        f"一、{year - 1}年工作回顾",
        f"——综合实力再上台阶。全市生产总值{gdp}亿元，增长8.3%，迈上新的台阶。",
        "（一）突出精准施策，经济平稳向好势头持续巩固。面对经济下行压力，把稳增长作为突出任务。",
        "狠抓项目建设。集中开工项目333个，完成投资287亿元。",
        "坚持观摩点评，强化跟踪督导。",
        f"二、{year}年工作安排",
        "今年经济社会发展主要预期目标是：生产总值增长8.5%左右，一般公共预算收入增长8%左右。",
        "（一）发挥市场决定性作用，促进经济稳定增长。用活市场无形之手。",
        "加强项目谋划建设。坚持项目为王，谋划推进一批龙头型项目。",
        "三、全面加强政府自身建设",
        "（一）践行新的理念。主动适应、把握和引领经济发展新常态。",
    ]
    return "\n".join(l for l in lines if l) + "\n"


def other_report() -> str:
    """A different report (another city, other wording): must never merge with mini_report."""
    return "\n".join([
        "2018年洛阳市政府工作报告",
        "各位代表：",
        "一、过去五年和2017年工作回顾",
        "五年来，我们坚持稳中求进工作总基调，推动高质量发展，城市面貌发生深刻变化。",
        "（一）综合经济实力显著增强。地区生产总值达到4343亿元，年均增长8.9%。",
        "二、2018年主要任务",
        "（一）深化供给侧结构性改革。培育壮大先进制造业集群，建设智能工厂和数字化车间。",
    ]) + "\n"


@pytest.fixture
def write(tmp_path):
    """write(name, text_or_bytes, encoding="utf-8") -> path of a file in a temporary directory."""
    def _write(name, content, encoding="utf-8"):
        p = tmp_path / name
        p.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return p
    return _write


def report_text(city: str, year: int, review: list[str], plan: list[str]) -> str:
    """A minimal report: title, a review part of year-1 and a plan part of year."""
    return "\n".join([f"{year}年{city}政府工作报告", "各位代表：", f"一、{year - 1}年工作回顾", *review,
                      f"二、{year}年工作安排", *plan]) + "\n"


@pytest.fixture
def corpus(tmp_path):
    """corpus({"a.txt": text, ...}) -> indicator table of those reports, through clean and extract."""
    from jzlib.extract import extract_interim
    from jzlib.pipeline import clean_raw
    from jzlib.read import RawText
    from jzlib.store import write_interim

    def _build(files: dict):
        out = tmp_path / "interim"
        for name, text in files.items():
            write_interim(clean_raw(RawText(tmp_path / name, text, "utf-8", "0" * 64)), out)
        return extract_interim(out)
    return _build
