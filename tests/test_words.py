"""words: policy terms stay whole, stopwords and numbers are dropped, counts match the text."""
import subprocess
import sys
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from jzlib import paths, plot, words  # noqa: E402
from jzlib.store import read_interim  # noqa: E402

POLICY_TERMS = ["供给侧结构性改革", "大气污染防治", "产业集聚区", "棚户区", "城中村", "脱贫攻坚", "放管服",
                "互联网+", "四个焦作", "第一方阵", "郑焦融合", "一赛一节", "污染围城", "全域旅游", "海绵城市",
                "中原城市群"]


@pytest.fixture(scope="module")
def report(shipped_interim):
    return read_interim(shipped_interim / "jiaozuo-2017.meta.json")


@pytest.fixture(scope="module")
def leaves(report):
    return words.frequencies(*report)


@pytest.fixture(scope="module")
def freq(leaves):
    """The counts of the report, of each part and of each chapter (`roll_up` of the table)."""
    return pd.concat([words.roll_up(leaves, level) for level in ("report", "part", "chapter")], ignore_index=True)


@pytest.fixture(scope="module")
def tokens(report):
    tok = words.default_tokenizer()
    return [t for text in report[1].text for t in tok.cut(text)]


@pytest.mark.parametrize("term", POLICY_TERMS)
def test_each_policy_term_is_one_token_wherever_it_occurs(report, tokens, term):
    text = "\n".join(report[1].text)
    assert text.count(term) >= 1, term
    assert Counter(tokens)[term] == text.count(term)


def test_top_50_has_no_stopword_number_punctuation_or_single_character(freq):
    top = freq[freq.level == "report"].head(50).word.tolist()
    assert len(top) == 50
    for w in top:
        assert w not in words.stopwords()
        assert len(w) >= 2
        assert not any(ch.isdigit() for ch in w)
        assert all("\u4e00" <= ch <= "\u9fff" or ch.isalpha() for ch in w), w


# Counted by hand in data/interim/jiaozuo-2017.txt (grep -o WORD | wc -l), each occurrence read:
HAND_COUNTS = {
    "产业集聚区": 8,
    "海绵城市": 4,
    "第一方阵": 6,
    "治污": 4,         # 科学治污、精准治污、依法治污、全民治污
    "招商": 10,        # 12 occurrences, 2 of them inside 招商引资 (one jieba word)
}


@pytest.mark.parametrize("word, count", HAND_COUNTS.items())
def test_counts_checked_by_hand(freq, word, count):
    row = freq[(freq.level == "report") & (freq.word == word)].iloc[0]
    assert row["count"] == count
    # the report has 17,926 characters (no whitespace): per 10,000 characters
    assert row.per_10k == pytest.approx(count * 10000 / 17926, abs=1e-4)


def test_word_freq_stores_each_count_once_in_the_smallest_scopes(leaves, freq):
    assert list(leaves.columns) == ["report_id", "part", "side", "chapter", "chars", "word", "count"]
    assert not leaves.duplicated(["part", "chapter", "word"]).any()
    # the scopes partition the report: 17,926 characters in all, and every count adds up to the report's
    assert leaves.drop_duplicates(["part", "chapter"]).chars.sum() == 17926
    rep = freq[freq.level == "report"].set_index("word")["count"]
    assert leaves.groupby("word")["count"].sum().sort_index().equals(rep.sort_index())
    # 产业集聚区 (8 in all, by hand) is counted in the scopes it occurs in, never twice
    assert leaves[leaves.word == "产业集聚区"]["count"].sum() == 8
    # the text before the first part (title, date, greeting) is its own scope, on no side
    head = leaves[leaves.part == ""]
    assert set(head.side) == {""} and set(head.chapter) == {""} and head.chars.nunique() == 1
    with pytest.raises(ValueError, match="level is report, part or chapter"):
        words.roll_up(leaves, "section")


def test_frequencies_per_part_and_chapter_add_up(freq):
    rep = freq[freq.level == "report"].set_index("word")["count"]
    parts = freq[freq.level == "part"].groupby("word")["count"].sum()
    # every paragraph outside the parts (title, greeting) holds no policy term
    assert parts["产业集聚区"] == rep["产业集聚区"]
    assert set(freq[freq.level == "part"].side) == {"review", "plan"}
    assert freq[freq.level == "chapter"].chapter.nunique() == 20


def test_filters_are_configurable():
    text = "全市新增就业9.2万人，加快推进产业集聚区建设。"
    assert words.content_words(text) == ["就业", "产业集聚区", "建设"]
    kept = words.content_words(text, drop_stopwords=False, drop_single=False, drop_numbers=False)
    assert "加快" in kept and "9.2" in kept and "全市" in kept


def test_shift_is_the_smoothed_log_ratio():
    s = words.shift({"甲": 3, "乙": 1}, {"甲": 1, "乙": 3}, min_count=1).set_index("word")
    # N_a = N_b = 4, V = 2: log2((3+1)/6) − log2((1+1)/6) = 1
    assert s.loc["乙", "log_ratio"] == pytest.approx(1.0)
    assert s.loc["甲", "log_ratio"] == pytest.approx(-1.0)


def test_theme_shares_on_a_tiny_table():
    from collections import Counter
    scopes = [("report", "", "", "", 10000, Counter({"投资": 2, "创新": 1, "人才": 1, "其他": 5}))]
    t = words.theme_table({"report_id": "r"}, scopes).set_index("theme")
    assert t.loc["增长与投资", "share"] == 0.5 and t.loc["创新与人才", "share"] == 0.5
    assert t.loc["增长与投资", "count"] == 2 and t.loc["增长与投资", "per_10k"] == 2.0   # 2 per 10,000 characters
    assert t.loc["民生", "count"] == 0 and t.loc["民生", "share"] == 0.0


def test_keywords_are_content_words(report):
    kw = words.keywords("\n".join(report[1].text))
    assert [m for m, _, _ in kw].count("tfidf") == 10 and [m for m, _, _ in kw].count("textrank") == 10
    assert all(words.is_content(w) for _, w, _ in kw)
    assert "建设" in [w for _, w, _ in kw]


def test_tokenizer_leaves_global_jieba_alone_and_is_silent():
    code = ("import jieba; from jzlib import words; t = words.Tokenizer(); "
            "print('/'.join(t.cut('推动郑焦融合发展'))); print('/'.join(jieba.lcut('推动郑焦融合发展')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stderr == ""
    ours, plain = r.stdout.splitlines()
    assert ours == "推动/郑焦融合/发展"
    assert plain != ours


def test_font_has_a_glyph_for_every_character_drawn(freq):
    """Everything notebook 04 draws: word clouds of the report and of each side, chart labels."""
    rep = freq[freq.level == "report"]
    drawn = plot.drawn_words(plot.wordcloud(dict(zip(rep.word, rep["count"]))))
    for side in ("review", "plan"):
        s = freq[(freq.level == "part") & (freq.side == side)].groupby("word")["count"].sum()
        drawn += plot.drawn_words(plot.wordcloud(s.to_dict(), width=900, height=650))
    labels = list(words.themes()) + [words.short_label(p, c) for p, c in
                                     freq[freq.level == "chapter"][["part", "chapter"]].drop_duplicates().values]
    labels += ["高频词（每万字出现次数）", "从回顾到安排，升降最多的词", "log2 比值（安排 / 回顾）", "各章主题占比",
               "回顾（上年工作）", "安排（今年工作）", "词云"]
    assert len(drawn) > 100
    assert plot.missing_glyphs("".join(drawn + labels)) == []


def test_word_cloud_is_deterministic(tmp_path):
    freqs = {"发展": 50, "建设": 40, "产业集聚区": 8, "海绵城市": 4, "郑焦融合": 2}
    a, b = plot.wordcloud(freqs, 400, 300), plot.wordcloud(freqs, 400, 300)
    assert (a.to_array() == b.to_array()).all()
    paths_ = []
    for name in ("04-a", "04-b"):
        fig, ax = plot.subplots()
        plot.show_wordcloud(plot.wordcloud(freqs, 400, 300), "词云", ax)
        paths_.append(plot.save(fig, name, tmp_path))
    assert paths_[0].read_bytes() == paths_[1].read_bytes()


def test_cli_words(tmp_path):
    r = subprocess.run([sys.executable, "-m", "jzlib", "words", "--out", str(tmp_path)],
                       capture_output=True, text=True, cwd=paths.ROOT)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keywords.parquet", "themes.parquet", "word_freq.parquet"]
    f = pd.read_parquet(tmp_path / "word_freq.parquet")
    assert list(f.columns) == words.FREQ_COLUMNS
    rep = words.roll_up(f).set_index(["report_id", "word"])["count"]
    assert rep["jiaozuo-2017", "产业集聚区"] == HAND_COUNTS["产业集聚区"]


def test_rjieba_backend_cuts_every_paragraph_exactly_as_jieba(report):
    """The fast backend is offered only because it gives the same tokens with our dictionary."""
    ours, fast = words.Tokenizer(backend="jieba"), words.Tokenizer(backend="rjieba")
    paragraphs = list(report[1].text)
    assert len(paragraphs) == 107
    for text in paragraphs:
        assert fast.cut(text) == ours.cut(text)
    assert fast.cut("推进郑焦融合和供给侧结构性改革") == ["推进", "郑焦融合", "和", "供给侧结构性改革"]


def test_idf_table_is_read_as_jieba_reads_it(monkeypatch):
    """words._idf reads jieba's idf.txt itself (importing jieba.analyse costs ~0.5 s) and must
    give jieba's table and median; once jieba.analyse is loaded it takes its default table, but
    not after set_idf_path pointed that at another file."""
    import sys
    import types

    import jieba.analyse
    loader = jieba.analyse.TFIDF().idf_loader
    words._idf.cache_clear()
    monkeypatch.setitem(sys.modules, "jieba.analyse", types.ModuleType("jieba.analyse"))
    idf, median = words._idf()
    assert len(idf) > 200_000 and idf is not loader.idf_freq
    assert idf == loader.idf_freq and median == loader.median_idf and idf["经济"] > 0
    monkeypatch.undo()
    words._idf.cache_clear()
    assert words._idf()[0] is jieba.analyse.default_tfidf.idf_loader.idf_freq
    other = jieba.analyse.TFIDF()
    monkeypatch.setattr(jieba.analyse, "default_tfidf", other)
    other.idf_loader.path = "/elsewhere/idf.txt"
    words._idf.cache_clear()
    assert words._idf()[0] is not other.idf_loader.idf_freq and words._idf()[0] == loader.idf_freq
    words._idf.cache_clear()


def test_textrank_tags_each_line_once_and_ranks_as_jieba_does():
    tok = words.default_tokenizer()
    pos = words._textrank(tok).postokenizer
    text = ("全市生产总值增长8.3%，GDP总量 2082.6亿元。\n 加快建设创新型城市，推进乡村振兴。\n\n"
            "推进乡村振兴，建设美丽乡村 (试点) ；Made in 焦作。")
    tagger = words._TaggedLines(pos)
    assert [(p.word, p.flag) for p in tagger.cut(text)] == [(p.word, p.flag) for p in pos.cut(text)]
    line = "推进乡村振兴，建设美丽乡村 (试点) ；Made in 焦作。"
    assert line in tagger.memo                      # each line is tagged once, then reused
    found = words.textrank(text, 5, tok)
    assert "乡村振兴" in dict(found) and len(found) == 5
    assert words.textrank(text, 5, tok, tagger) == found
    assert words._textrank(tok).tokenizer is pos    # the shared ranker is left as it was


def test_tag_table_is_read_as_jieba_reads_it():
    """The POS tag table read in one split equals jieba's own line-by-line reading of its
    dictionary, and a malformed dictionary still gets jieba's error naming the line."""
    import io

    import jieba.posseg
    from jzlib.words import _load_word_tags

    class Ours(jieba.posseg.POSTokenizer):
        load_word_tag = _load_word_tags

    theirs, ours = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer), Ours.__new__(Ours)
    theirs.load_word_tag(jieba.dt.get_dict_file())
    ours.load_word_tag(jieba.dt.get_dict_file())
    assert ours.word_tag_tab == theirs.word_tag_tab and ours.word_tag_tab["经济"] == "n"
    small = Ours.__new__(Ours)
    small.load_word_tag(io.BytesIO("高质量发展 9 n\n\n稳中求进 3 i\n".encode("utf-8")))
    assert small.word_tag_tab == {"高质量发展": "n", "稳中求进": "i"}
    with pytest.raises(ValueError, match="at Line 2: 稳中求进 i"):
        small.load_word_tag(io.BytesIO("高质量发展 9 n\n稳中求进 i\n".encode("utf-8")))
