"""plot: the pip font is used, draws Chinese, and saved figures are byte-identical across runs."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from jzlib import JzlibError, plot  # noqa: E402


def test_font_is_the_pip_installed_noto_sans_sc():
    p = plot.font_path()
    assert p.name == "NotoSansSC-Regular.otf" and "site-packages" in p.parts
    plot.setup()
    from matplotlib import font_manager
    assert font_manager.findfont(font_manager.FontProperties(family=["sans-serif"])) == str(p)


def test_font_has_glyphs_for_report_text_and_reports_missing_ones():
    assert plot.missing_glyphs("2017年焦作市政府工作报告——综合实力·增长8.3%（左右）") == []
    assert plot.missing_glyphs("A\U0001F600") == ["\U0001F600"]


def draw():
    plot.setup()
    fig, ax = plt.subplots()
    ax.bar(["生产总值", "工业增加值"], [8.3, 7.9])
    ax.set_title("焦作市 2016年增速（%）")
    return fig


def test_save_is_byte_identical(tmp_path):
    a = plot.save(draw(), "01-test-a", tmp_path).read_bytes()
    b = plot.save(draw(), "01-test-a", tmp_path).read_bytes()
    plt.close("all")
    assert a == b and a[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in a and b"matplotlib" not in a.lower()


def test_figure_names_carry_the_notebook_number(tmp_path):
    with pytest.raises(JzlibError, match="notebook number"):
        plot.save(draw(), "copy-similarity", tmp_path)
    plt.close("all")
