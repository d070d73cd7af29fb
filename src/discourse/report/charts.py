"""Report charts drawn with matplotlib and returned as inline SVG text.

SVG keeps the HTML report self-contained (no image files, no scripts) and
sharp at any zoom; text stays text (``svg.fonttype = none``) so the charts
use the page's own system fonts and stay small. Colours are the report's:
favor green, against red-orange, none grey.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")  # no display needed; must precede pyplot

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

FAVOR = "#2e7d32"
AGAINST = "#d84315"
NONE = "#9e9e9e"
INK = "#263238"
GRID = "#e0e0e0"

_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "discourse",  # stable ids: identical input, identical file
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Helvetica", "Arial"],
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _svg(fig: plt.Figure) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buf.getvalue()
    # inline use: drop the XML prolog and DOCTYPE, let CSS size the picture
    text = text[text.index("<svg") :]
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r'\1 class="chart"', text, count=1)


def distribution_chart(dist: pd.DataFrame) -> str:
    """Diverging bars per frame — against to the left, favor to the right — for article and comments.

    One axes with a pair of bars per frame (article above, comments below)
    keeps the drawing cheap; identical tables give the cached picture.
    """
    key = tuple(
        (
            str(r.title),
            int(r.article_favor),
            int(r.article_against),
            int(r.comments_favor),
            int(r.comments_against),
        )
        for r in dist.itertuples()
    )
    return _distribution_chart(key)


@lru_cache(maxsize=256)
def _distribution_chart(rows: tuple[tuple[str, int, int, int, int], ...]) -> str:
    with plt.rc_context(_STYLE):
        n = max(len(rows), 1)
        fig, ax = plt.subplots(figsize=(7.5, 0.62 * n + 0.9))
        top = max([1, *(v for r in rows for v in r[1:])])
        labels, ys, values = [], [], []
        for i, (title, af, aa, cf, ca) in enumerate(rows):
            base = (n - 1 - i) * 3
            for dy, who, fav, ag in ((1, "article", af, aa), (0, "comments", cf, ca)):
                labels.append(f"{title} · {who}" if who == "article" else "comments")
                ys.append(base + dy)
                values.append((who, fav, ag))
        # four bar calls (favor/against × article/comments) instead of one per bar
        for who, alpha in (("article", 0.55), ("comments", 1.0)):
            sel = [(y, f, a) for y, (w, f, a) in zip(ys, values, strict=True) if w == who]
            yy = [y for y, _, _ in sel]
            ax.barh(yy, [f for _, f, _ in sel], color=FAVOR, height=0.8, alpha=alpha)
            ax.barh(yy, [-a for _, _, a in sel], color=AGAINST, height=0.8, alpha=alpha)
        for y, (_, fav, ag) in zip(ys, values, strict=True):
            if fav:
                ax.text(
                    fav + top * 0.02, y, str(fav), va="center", ha="left", color=FAVOR, fontsize=8
                )
            if ag:
                ax.text(
                    -ag - top * 0.02, y, str(ag), va="center", ha="right", color=AGAINST, fontsize=8
                )
        ax.axvline(0, color=INK, linewidth=0.8)
        ax.set_xlim(-top * 1.3, top * 1.3)
        ax.set_yticks(ys, labels)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{abs(v):g}"))
        ax.set_xlabel(
            "stance-bearing sentences  (← against | favor →;  pale = article)",
            color=INK,
            fontsize=8,
        )
        fig.subplots_adjust(left=0.3, right=0.98, top=0.97, bottom=0.8 / (0.62 * n + 0.9))
        return _svg(fig)


def timeline_chart(tl: pd.DataFrame, titles: dict[str, str]) -> str:
    """Favor and against sentences per period, one small panel per frame."""
    frames = [f for f in titles if f in set(tl["frame"])]
    periods = sorted(tl["period"].unique())
    with plt.rc_context(_STYLE):
        fig, axes = plt.subplots(
            1, max(len(frames), 1), figsize=(8.2, 2.2), sharey=True, squeeze=False
        )
        for ax, frame in zip(axes[0], frames, strict=False):
            sub = tl[tl["frame"] == frame].set_index("period").reindex(periods, fill_value=0)
            x = range(len(periods))
            ax.bar([i - 0.2 for i in x], sub["favor"], width=0.4, color=FAVOR, label="favor")
            ax.bar([i + 0.2 for i in x], sub["against"], width=0.4, color=AGAINST, label="against")
            ax.set_title(titles[frame], fontsize=9, color=INK, loc="left")
            step = max(1, len(periods) // 4)
            ax.set_xticks(list(x)[::step], periods[::step], rotation=30, ha="right", fontsize=7)
            ax.grid(axis="y", color=GRID, linewidth=0.6)
            ax.set_axisbelow(True)
        axes[0][-1].legend(frameon=False, fontsize=7)
        return _svg(fig)
