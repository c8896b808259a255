"""Plotting: one place sets the Chinese font and style, and saves figures reproducibly.

The font is Noto Sans SC (SIL OFL) from the pip package pylopdf-fonts-zh-cn, so Chinese
renders with no system font; `font_path()` gives it to wordcloud and the PDF export too.
`save()` writes PNGs with no version or date metadata, so the same input gives the same bytes.
"""
from __future__ import annotations

import io
import re
from functools import lru_cache
from pathlib import Path

import matplotlib
import matplotlib.ticker

from .errors import JzlibError
from .paths import FIGURES

FONT_FAMILY = "Noto Sans SC"
DPI = 150
_NAME = re.compile(r"^\d{2}-[a-z0-9][a-z0-9-]*$")


def font_path() -> Path:
    """Path of the pip-installed Simplified-Chinese font (Noto Sans SC, OpenType)."""
    import pylopdf_fonts_zh_cn
    return Path(pylopdf_fonts_zh_cn.sans_path())


@lru_cache(maxsize=None)
def _charmap() -> frozenset[int]:
    from matplotlib.ft2font import FT2Font
    return frozenset(FT2Font(str(font_path())).get_charmap())


def missing_glyphs(text: str) -> list[str]:
    """Characters of `text` the font cannot draw (would show as boxes), sorted, whitespace ignored."""
    cmap = _charmap()
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in cmap})


@lru_cache(maxsize=None)
def setup() -> None:
    """Register the font and set the house style for matplotlib. Safe to call many times."""
    from matplotlib import font_manager
    font_manager.fontManager.addfont(str(font_path()))
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,        # the font's ASCII hyphen, not U+2212
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "figure.figsize": (8, 4.5),
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 13,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "svg.hashsalt": "jzlib",
    })


def save(fig, name: str, figures_dir: Path | str = FIGURES, close: bool = True) -> Path:
    """Save `fig` as figures/<name>.png, byte-identical for identical input; return the path.

    `name` starts with the number of the notebook that draws it: "01-copy-similarity".
    The figure is closed afterwards (so a notebook shows the saved file, not a second copy).
    """
    from .store import atomic_write
    if not _NAME.match(name):
        raise JzlibError(f"figure name {name!r} must look like '01-copy-similarity' "
                         "(notebook number, dash, lowercase words)")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight",
                metadata={"Software": None})
    if close:
        import matplotlib.pyplot as plt
        plt.close(fig)
    return atomic_write(Path(figures_dir) / f"{name}.png", buf.getvalue())


def similarity_heatmap(matrix, labels, title: str, ax=None, bar_label: str = "Jaccard similarity (5-gram)",
                       values: bool | None = None):
    """A heatmap of pairwise similarity (0–1); the values are written in the cells when there
    are few enough to read (`values`: None decides, at most 10 copies)."""
    import matplotlib.pyplot as plt
    setup()
    n = len(labels)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.0 + 0.6 * n, 0.8 + 0.55 * n))
    im = ax.imshow(matrix, vmin=0, vmax=1, cmap="Blues")
    ax.set_xticks(range(n), labels)
    ax.set_yticks(range(n), labels)
    ax.grid(False)
    if values if values is not None else n <= 10:
        for i in range(n):
            for j in range(n):
                ax.text(j, i, f"{matrix[i][j]:.2f}", ha="center", va="center", fontsize=8 if n <= 6 else 6.5,
                        color="white" if matrix[i][j] > 0.6 else "black")
    ax.set_title(title, fontsize=11)
    ax.figure.colorbar(im, ax=ax, fraction=0.046, pad=0.04, label=bar_label)
    return ax


def signed_bars(labels, values, title: str, xlabel: str = "增长（%）", ax=None, fmt: str = "{:g}"):
    """Horizontal bars of signed values (growth rates, log ratios), largest on top, labelled."""
    import matplotlib.pyplot as plt
    setup()
    pairs = sorted(zip(values, labels))
    vals = [v for v, _ in pairs]
    labs = [l for _, l in pairs]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.38 * len(labs) + 1.2))
    colors = ["#c0392b" if v < 0 else "#2f6f9f" for v in vals]
    ax.barh(range(len(labs)), vals, color=colors)
    ax.set_yticks(range(len(labs)), labs)
    ax.axvline(0, color="black", linewidth=0.8)
    ax.grid(axis="y", visible=False)
    span = max(abs(v) for v in vals) if vals else 1
    for i, v in enumerate(vals):
        ax.text(v + (0.01 * span if v >= 0 else -0.01 * span), i, fmt.format(v),
                va="center", ha="left" if v >= 0 else "right", fontsize=9)
    ax.set_xlim(min(0, min(vals, default=0)) - 0.12 * span, max(0, max(vals, default=0)) + 0.12 * span)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    return ax


def grid(n: int, ncols: int = 2, panel: tuple[float, float] = (6.0, 4.0)):
    """Small multiples: a figure of `n` panels, `ncols` a row at most (fewer when n is smaller),
    each `panel` inches (width, height); returns (fig, the n axes). Unused cells are hidden."""
    import math
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    fig, axes = subplots(nrows, ncols, figsize=(panel[0] * ncols, panel[1] * nrows), squeeze=False)
    flat = list(axes.flat)
    for ax in flat[n:]:
        ax.set_visible(False)
    return fig, flat[:n]


def subplots(*args, **kwargs):
    """plt.subplots with the house style and Chinese font already set (use this, not plt's)."""
    import matplotlib.pyplot as plt
    setup()
    return plt.subplots(*args, **kwargs)


ACTUAL_COLOR = "#2f6f9f"
TARGET_COLOR = "#d98c1f"


def dumbbell(labels, actual, target, title: str, actual_label: str, target_label: str,
             xlabel: str = "增长（%）", target_text=None, ax=None):
    """One line per indicator from last year's actual (dot) to this year's target (diamond)."""
    n = len(labels)
    if ax is None:
        _, ax = subplots(figsize=(8, 0.45 * n + 1.4))
    ys = list(range(n))[::-1]
    for y, a, t in zip(ys, actual, target):
        ax.plot([a, t], [y, y], color="#999999", linewidth=2, zorder=1)
    ax.scatter(actual, ys, s=60, color=ACTUAL_COLOR, label=actual_label, zorder=2)
    ax.scatter(target, ys, s=70, marker="D", color=TARGET_COLOR, label=target_label, zorder=3)
    texts = target_text or [f"{t:g}" for t in target]
    lo, hi = min(list(actual) + list(target)), max(list(actual) + list(target))
    pad = max(1.0, 0.2 * (hi - lo))
    ax.set_xlim(lo - pad, hi + pad)
    gap = 0.025 * (hi - lo + 2 * pad)
    for y, a, t, tt in zip(ys, actual, target, texts):
        left, right = (f"{a:g}", tt) if a <= t else (tt, f"{a:g}")
        ax.text(min(a, t) - gap, y, left, ha="right", va="center", fontsize=9)
        ax.text(max(a, t) + gap, y, right, ha="left", va="center", fontsize=9)
    ax.set_yticks(ys, labels)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(xlabel)
    # the legend sits between the title and the plot, where it covers neither points nor labels
    ax.set_title(title, pad=24)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False, borderaxespad=0.2)
    return ax


def level_pairs(rows, title: str, actual_label: str, target_label: str, ncols: int = 3):
    """Small multiples, one panel per indicator: last year's level beside this year's target.

    `rows` is a list of (label, unit, actual, target, target_text).
    """
    import math
    n = len(rows)
    nrows = max(1, math.ceil(n / ncols))
    fig, axes = subplots(nrows, ncols, figsize=(3.2 * ncols, 2.6 * nrows), squeeze=False)
    for ax, (label, unit, a, t, tt) in zip(axes.flat, rows):
        ax.bar([0, 1], [a, t], color=[ACTUAL_COLOR, TARGET_COLOR], width=0.6)
        ax.set_xticks([0, 1], [actual_label, target_label])
        ax.set_title(f"{label}（{unit}）", fontsize=10)
        ax.grid(axis="x", visible=False)
        top = max(a, t)
        ax.set_ylim(0, top * 1.25)
        ax.text(0, a + top * 0.03, f"{a:g}", ha="center", fontsize=9)
        ax.text(1, t + top * 0.03, tt, ha="center", fontsize=9)
        ax.tick_params(axis="y", labelsize=8)
    for ax in list(axes.flat)[n:]:
        ax.set_visible(False)
    fig.suptitle(title, fontsize=13)
    fig.tight_layout()
    return fig


PALETTES = {   # dark enough to read on white, also when printed
    "mixed": ["#1f4e79", "#2f6f9f", "#b5473a", "#d98c1f", "#3d7a3d", "#6b4c9a", "#444444"],
    "blue": ["#0b2f55", "#1f4e79", "#2f6f9f", "#3f7fb5"],
    "orange": ["#7a3b00", "#a0522d", "#c46a12", "#d98c1f"],
}


def wordcloud(freqs: dict, width: int = 1200, height: int = 700, seed: int = 42,
              palette: str = "mixed", max_words: int = 120, scale: int = 2):
    """A word cloud of `freqs` (word -> weight) in the Chinese font, laid out and coloured the
    same way every run (fixed random_state). Returns the wordcloud.WordCloud; draw it with
    `show_wordcloud`. `palette`: "mixed", "blue" or "orange" (see PALETTES). The layout is
    computed at 1/`scale` of the size and drawn at full size (4x faster at scale 2, same look)."""
    from matplotlib.colors import ListedColormap
    from wordcloud import WordCloud
    wc = WordCloud(font_path=str(font_path()), width=width // scale, height=height // scale,
                   scale=scale, random_state=seed, background_color="white",
                   colormap=ListedColormap(PALETTES[palette]), max_words=max_words,
                   prefer_horizontal=0.9, collocations=False, margin=2, min_font_size=6)
    return wc.generate_from_frequencies(dict(freqs))


def show_wordcloud(wc, title: str, ax):
    """Draw a word cloud on a matplotlib axis, with a title and no frame."""
    ax.imshow(wc.to_array(), interpolation="bilinear")
    ax.set_axis_off()
    ax.set_title(title)
    return ax


def drawn_words(wc) -> list[str]:
    """The words a word cloud actually placed (to check the font has all their glyphs)."""
    return [item[0][0] for item in wc.layout_]


THEME_COLORS = ["#2f6f9f", "#d98c1f", "#5b9b5b", "#b5473a", "#7a5ea8", "#8c6d4f", "#d17ab0", "#7f7f7f",
                "#b8b23b", "#3bb3b8"]


def stacked_shares(shares, title: str, ax=None, label_min: float = 0.08):
    """Horizontal 100% stacked bars: one bar per row of `shares` (a DataFrame of shares per
    column, rows = chapters), in row order top to bottom, with a legend of the columns."""
    n = len(shares)
    if ax is None:
        _, ax = subplots(figsize=(10, 0.42 * n + 1.8))
    left = [0.0] * n
    ys = list(range(n))[::-1]
    for i, col in enumerate(shares.columns):
        vals = shares[col].tolist()
        ax.barh(ys, vals, left=left, color=THEME_COLORS[i % len(THEME_COLORS)], label=col, height=0.7)
        for y, l, v in zip(ys, left, vals):
            if v >= label_min:
                ax.text(l + v / 2, y, f"{v:.0%}", ha="center", va="center", fontsize=7, color="white")
        left = [l + v for l, v in zip(left, vals)]
    ax.set_yticks(ys, list(shares.index))
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.grid(False)
    rows = -(-len(shares.columns) // 4)
    ax.set_title(title, pad=8 + 16 * rows)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=min(4, len(shares.columns)), frameon=False,
              borderaxespad=0.2, fontsize=9)
    return ax
