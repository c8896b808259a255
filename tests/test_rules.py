"""rules: every resource file is read by one checking reader; a bad line is a one-line error
naming the file and line; no list is dead; an edited list changes what the package does."""
from pathlib import Path

import pytest

from jzlib import JzlibError, paths, rules


@pytest.fixture
def resources(tmp_path, monkeypatch):
    """A copy of the resource files the test may edit; the package reads the copy."""
    for p in paths.RESOURCES.iterdir():
        (tmp_path / p.name).write_bytes(p.read_bytes())
    monkeypatch.setattr(rules, "resource", lambda name: tmp_path / name)
    rules.clear()
    yield tmp_path
    rules.clear()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_resource_file_has_a_format_and_reads_cleanly():
    on_disk = {p.name for p in paths.RESOURCES.iterdir()} - {"briefing.css", "briefing_labels.txt"}
    assert on_disk == set(rules.SPECS)          # briefing_labels.txt: checked by jzlib.brief as it reads
    assert rules.check_all() == sorted(rules.SPECS)


@pytest.mark.parametrize("name, old, new, message", [
    ("indicator_grammar.txt", "[growth_down]", "[growth_dwon]", "unknown section [growth_dwon]"),
    ("indicator_grammar.txt", "[growth_down]\n", "[growth_down]\n提高\n", "'提高' is in [growth_up]"),
    ("part_kinds.txt", "[review]", "[plan]", "section [plan] appears twice"),
    ("stopwords.txt", "\n加快\n", "\n加快\n加快\n", "'加快' is listed twice"),
    ("compare_rules.txt", "| floor", "| flor", "'flor' is not one of floor, ceiling, about, range"),
    ("headline_indicators.txt", "生产总值 | GDP", "生产总值 GDP", "has no '|'"),
    ("structure.txt", "\nspeaker 总理", "\nspeeker 总理", "does not start with a role"),
])
def test_a_bad_line_is_one_error_naming_file_and_line(resources, name, old, new, message):
    edit(resources / name, old, new)
    with pytest.raises(JzlibError) as e:
        rules.check_all()
    text = str(e.value)
    assert message in text and f"{name}:" in text and "\n" not in text
    line = int(text.split(f"{name}:", 1)[1].split(":", 1)[0])
    assert line >= 1


def test_no_section_is_dead(shipped_interim):
    """Everything the package does, once, on the shipped reports (clean, indicators, comparisons,
    words, the briefing's words): every section of every sectioned file is looked up by some code."""
    from jzlib import brief, compare, extract, words
    from jzlib.pipeline import clean_file, report_rows
    from jzlib.store import read_interim
    raw = Path(__file__).parent / "fixtures" / "raw"
    for f in sorted(raw.iterdir()):
        for rep in clean_file(f).reports:
            report_rows(rep.meta, rep.paragraphs, words.default_tokenizer(), 10, ("tfidf",))
    from jzlib import panel
    ind = extract.extract_interim(shipped_interim)
    compare.compare(ind)
    panel.panel(extract.headline_table(ind), ind)
    brief.reports(shipped_interim)
    read_interim(shipped_interim / "jiaozuo-2017.meta.json")
    # what the shipped reports do not contain: a growth written as 持平, a report without part headings
    extract.read_sentence("一般公共预算收入与上年基本持平。")
    assert extract.canonical("完成固定资产投资", with_growth=True) == "固定资产投资"   # nor a bare total
    from jzlib.structure import paragraphs
    kinds = {p.part_kind for p in paragraphs(["2017年某市政府工作报告", "各位代表：", "过去一年，全市生产总值增长8%。",
                                                "今年经济社会发展的主要预期目标是：生产总值增长7%左右。"], 2017)}
    assert "plan" in kinds
    dead = [f"{name} [{section}]" for name, spec in rules.SPECS.items() for section in spec.sections
            if (name, section) not in rules.USED]
    unread = [name for name in rules.SPECS if (name, "") not in rules.USED]
    assert not dead and not unread, (dead, unread)


def test_edited_lists_change_what_is_read(resources):
    """The lists whose copies disagreed before (direction words, the bases of stated changes)
    and a list of each format: an edit shows in the output."""
    from jzlib import compare, extract, words
    caches = (extract.grammar, extract._comparisons, extract._affixes, extract.aliases, extract.headline_indicators,
              words.stopwords, words.themes, compare.rules)

    def reload():
        rules.clear()
        for f in caches:
            f.cache_clear()

    reload()
    assert [r["change_pp"] for r in extract.read_sentence("工业增速下滑0.3个百分点。")] == [-0.3]
    edit(resources / "indicator_grammar.txt", "\n下滑\n", "\n")
    reload()
    assert [r["change_pp"] for r in extract.read_sentence("工业增速下滑0.3个百分点。")] == [0.3]

    assert extract.stated_bases()["年初目标"] == "target"
    edit(resources / "indicator_grammar.txt", "年初目标 | target", "年度目标 | target")
    reload()
    assert "年初目标" not in extract.stated_bases() and extract.stated_bases()["年度目标"] == "target"

    assert "加快" in words.stopwords()
    edit(resources / "stopwords.txt", "\n加快\n", "\n")
    reload()
    assert "加快" not in words.stopwords()

    assert compare.rules()["左右"] == "about"
    edit(resources / "compare_rules.txt", "左右 | about", "左右 | floor")
    reload()
    assert compare.rules()["左右"] == "floor"

    assert dict(extract.headline_indicators())["生产总值"] == "GDP"
    edit(resources / "headline_indicators.txt", "生产总值 | GDP", "生产总值 | Gross domestic product")
    reload()
    assert dict(extract.headline_indicators())["生产总值"] == "Gross domestic product"
    reload()
