"""dedup: copies split at title lines; exact and near copies collapse; different reports stay apart."""
from jzlib.clean import normalise, remove_noise
from jzlib.dedup import deduplicate, group_copies, similarity_matrix, split_copies

from conftest import mini_report, other_report


def copies_of(text):
    lines, _ = remove_noise(normalise(text).split("\n"))
    return split_copies(lines)


def test_k_exact_copies_collapse_to_one():
    one = mini_report()
    copies = copies_of(one * 5)
    assert len(copies) == 5
    assert [c.first_line for c in copies] == [1, 15, 29, 43, 57]   # 14 lines a copy
    reports = deduplicate(copies)
    assert len(reports) == 1
    assert reports[0].exact_copies == 5
    assert reports[0].differences == []
    assert reports[0].canonical.paragraphs == one.strip().split("\n")


def test_near_duplicates_differing_in_one_number_collapse_and_the_difference_is_reported():
    a, b = mini_report(gdp="2082.6"), mini_report(gdp="2028.6")
    copies = copies_of(a + a + b)           # two copies agree, so they are canonical
    sim = similarity_matrix(copies)
    assert sim[0][1] == 1.0 and 0.9 < sim[0][2] < 1.0
    [report] = deduplicate(copies)
    assert report.exact_copies == 2
    assert report.canonical.number == 1
    [d] = report.differences
    assert d["copy"] == 3 and d["op"] == "replace"
    assert d["kept"] == ["——综合实力再上台阶。全市生产总值2082.6亿元，增长8.3%，迈上新的台阶。"]
    assert d["other"] == ["——综合实力再上台阶。全市生产总值2028.6亿元，增长8.3%，迈上新的台阶。"]
    assert d["kept_lines"] == [5] and d["other_lines"] == [33]
    assert d["line_breaks_only"] is False


def test_a_paragraph_broken_across_lines_is_a_line_break_difference():
    a = mini_report()
    b = a.replace("集中开工项目333个，", "集中开工项目333个，\n")
    [report] = deduplicate(copies_of(a + a + b))
    [d] = report.differences
    assert d["line_breaks_only"] is True
    assert d["other"] == ["狠抓项目建设。集中开工项目333个，", "完成投资287亿元。"]


def test_two_different_reports_in_one_file_stay_two():
    copies = copies_of(mini_report() + other_report() + mini_report())
    assert len(copies) == 3
    groups = group_copies(copies)
    assert [[c.number for c in g] for g in groups] == [[1, 3], [2]]
    reports = deduplicate(copies)
    assert [r.canonical.title for r in reports] == ["2017年焦作市政府工作报告", "2018年洛阳市政府工作报告"]


def test_same_city_next_year_is_a_different_report():
    nxt = other_report().replace("洛阳市", "焦作市")
    assert len(deduplicate(copies_of(mini_report() + nxt))) == 2


def test_untitled_lines_before_the_first_title_are_kept_with_the_first_copy():
    copies = copies_of("以下为报告全文，仅供参考。\n" + mini_report())
    assert len(copies) == 1 and copies[0].paragraphs[0] == "以下为报告全文，仅供参考。"


def test_a_file_without_a_title_is_one_copy():
    copies = copies_of(mini_report(title=False))
    assert len(copies) == 1 and copies[0].title == ""


def test_copies_across_files_are_found_in_small_and_large_blocks():
    """One method for both paths (dedup.CopyIndex): a small block is compared member by member;
    past LSH_FROM reports a block gets an LSH index, so a copy is found with few comparisons."""
    import random
    from jzlib.dedup import CopyIndex, signature
    rnd = random.Random(7)
    chars = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    texts = ["".join(rnd.choice(chars) for _ in range(3000)) for _ in range(40)]
    small, large = CopyIndex(), CopyIndex()
    small.add("a-2017", signature(texts[0]), ("甲市", 2017))
    copy = texts[0][:2900] + "附件：名词解释。" + texts[0][2900:]        # the same report with a line added
    assert small.find(signature(copy), ("甲市", 2017)) == "a-2017"
    assert small.find(signature(copy), ("乙市", 2017)) is None          # another government: never a copy
    assert small.find(signature(texts[1]), ("甲市", 2017)) is None      # another text of the same key
    for i, t in enumerate(texts):                                      # one block of 40: government unknown
        large.add(f"r-{i:02d}", signature(t), ("", None))
    assert ("", None) in large.lsh
    before = large.compared
    assert large.find(signature(texts[25][:2950]), ("", None)) == "r-25"
    assert large.compared - before <= 3
