"""Report charts, written directly as inline SVG text (no plotting library).

SVG keeps the HTML report self-contained (no image files, no scripts) and
sharp at any zoom; text stays text, so the charts use the page's own system
fonts and stay small. Building the markup as a string takes well under a
millisecond per chart (matplotlib took about a quarter of a second, which was
a fifth of the batch run's time). The root ``<svg>`` has a ``viewBox`` and
``class="chart"`` but no width or height, so CSS sizes it. Colours are the
report's: favor green, against red-orange, none grey.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from html import escape

import pandas as pd

FAVOR = "#2e7d32"
AGAINST = "#d84315"
NONE = "#9e9e9e"
INK = "#263238"
MUTED = "#607d8b"
GRID = "#e0e0e0"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(text: object) -> str:
    """``text`` safe inside an SVG element or attribute."""
    return escape(_CONTROL.sub("", str(text)), quote=True)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _ticks(top: float, most: int = 5) -> list[int]:
    """Integer ticks 0 … ≥ ``top`` with a 1/2/5×10ᵏ step, at most ``most`` + 1 of them."""
    top = max(1.0, top)
    step = 1
    for k in range(0, 12):
        for m in (1, 2, 5):
            step = m * 10**k
            if math.ceil(top / step) <= most:
                return list(range(0, step * math.ceil(top / step) + 1, step))
    return [0, step]


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'class="chart" role="img" font-family="{FONT}" font-size="11" fill="{INK}">'
        f"<title>{_esc(title)}</title>" + "".join(body) + "</svg>\n"
    )


def distribution_chart(dist: pd.DataFrame) -> str:
    """Diverging bars per frame — against to the left, favor to the right — for article and comments.

    Each frame gets a pair of bars (article, pale, above; comments below);
    identical tables give the cached picture.
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
    width, left, right = 760.0, 260.0, 740.0
    bar, pair_gap, head = 15.0, 14.0, 34.0
    zero = (left + right) / 2
    ticks = _ticks(max([1, *(v for r in rows for v in r[1:])]))
    scale = (right - zero - 24) / ticks[-1]  # leave room for the value labels
    plot_h = max(len(rows), 1) * (2 * bar + 3 + pair_gap)
    height = head + plot_h + 44
    body = [
        f'<text x="{zero - 8:.1f}" y="20" text-anchor="end" fill="{AGAINST}" '
        f'font-weight="bold">← against</text>',
        f'<text x="{zero + 8:.1f}" y="20" fill="{FAVOR}" font-weight="bold">favor →</text>',
    ]
    bottom = head + plot_h
    for t in ticks:  # grid lines and tick labels on both sides
        for sign in (1,) if t == 0 else (-1, 1):
            x = zero + sign * t * scale
            body.append(
                f'<line x1="{x:.1f}" y1="{head - 4:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" '
                f'stroke="{GRID}" stroke-width="0.8"/>'
                f'<text x="{x:.1f}" y="{bottom + 14:.1f}" text-anchor="middle" font-size="10" '
                f'fill="{MUTED}">{t}</text>'
            )
    y = head
    for title, af, aa, cf, ca in rows:
        body.append(
            f'<text x="{left - 74:.1f}" y="{y + bar + 5:.1f}" text-anchor="end" '
            f'font-weight="bold">{_esc(_short(title, 28))}</text>'
        )
        for who, fav, ag, opacity in (("article", af, aa, 0.5), ("comments", cf, ca, 1.0)):
            mid = y + bar / 2
            body.append(
                f'<text x="{left - 8:.1f}" y="{mid + 4:.1f}" text-anchor="end" font-size="10" '
                f'fill="{MUTED}">{who}</text>'
            )
            for value, colour, sign in ((fav, FAVOR, 1), (ag, AGAINST, -1)):
                if not value:
                    continue
                w = value * scale
                x = zero if sign > 0 else zero - w
                end = zero + sign * (w + 4)
                body.append(
                    f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar}" '
                    f'fill="{colour}" fill-opacity="{opacity}"><title>{_esc(title)}, {who}: '
                    f"{value} {'favor' if sign > 0 else 'against'}</title></rect>"
                    f'<text x="{end:.1f}" y="{mid + 4:.1f}" font-size="10" fill="{colour}" '
                    f'text-anchor="{"start" if sign > 0 else "end"}">{value}</text>'
                )
            y += bar + 3
        y += pair_gap - 3
    body.append(
        f'<line x1="{zero:.1f}" y1="{head - 4:.1f}" x2="{zero:.1f}" y2="{bottom:.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
        f'<text x="{zero:.1f}" y="{bottom + 34:.1f}" text-anchor="middle" font-size="10" '
        f'fill="{MUTED}">stance-bearing sentences (pale bars: the article)</text>'
    )
    return _svg(width, height, "Stance distribution per frame, article and comments", body)


def _time_axis(periods: list[str]) -> tuple[list[int], int, list[int]] | None:
    """Where ``periods`` fall on a time axis, in periods from the first: ``(offsets, span, labelled)``.

    ``periods`` are the timeline table's (``2011-11-18`` days or ``2011-11``
    months, sorted); ``span`` is how many periods the axis covers, first to
    last; ``labelled`` the offsets to label. ``None`` if the periods are not
    all days or all months (then the chart can only list them).
    """
    try:
        parsed = [pd.Period(p) for p in periods]
    except (ValueError, TypeError):
        return None
    freqs = {p.freqstr for p in parsed}
    if len(freqs) != 1 or freqs.pop() not in ("D", "M"):
        return None
    first = parsed[0]
    offsets = [(p - first).n for p in parsed]
    span = offsets[-1] + 1
    return offsets, span, _time_ticks(first, span)


def _time_ticks(first: pd.Period, span: int, most: int = 4) -> list[int]:
    """Offsets (from ``first``) of at most ``most`` round dates to label on a time axis.

    Days: every day or every other day for a short span, else Mondays a
    week or more apart (so the axis shows the weeks); months: every month,
    or January, April, July and October and so on. Steps of one or two days
    or one month start at the first period, so a two-day chart names both.
    """
    daily = first.freqstr == "D"
    steps = (1, 2, 7, 14, 28, 56, 91, 182, 364) if daily else (1, 2, 3, 6, 12, 24, 60, 120)
    for step in steps:
        if daily and step >= 7:  # the first Monday on or after the first day
            start = (7 - first.day_of_week) % 7
        elif not daily and step > 1:  # a month whose number (from January) the step divides
            start = (-(first.month - 1)) % step
        else:
            start = 0
        ticks = list(range(start, span, step))
        if len(ticks) <= most:
            return ticks or [0]
    return [0]


def timeline_chart(tl: pd.DataFrame, titles: dict[str, str]) -> str:
    """Favor and against sentences per period, one small panel per frame (shared y scale).

    The x axis is time: each period (a day or a month, as in the timeline
    table) sits at its distance from the first, so two weeks without posts
    show as a gap two weeks wide and a weekly rhythm stays visible; labels
    mark round dates (Mondays, quarters). Periods the table has but that are
    not days or months are listed at equal spacing instead.
    """
    frames = [f for f in titles if f in set(tl["frame"])] or ["?"]
    periods = [str(p) for p in sorted(tl["period"].unique())]
    counts = {
        (str(r.period), str(r.frame)): (int(r.favor), int(r.against)) for r in tl.itertuples()
    }
    axis = _time_axis(periods) if periods else None
    if axis is None:  # no time axis: the periods in order, every ~quarter labelled
        step = max(1, math.ceil(len(periods) / 4))
        offsets, span = list(range(len(periods))), max(len(periods), 1)
        labelled = set(range(0, len(periods), step))
    else:
        offsets, span, round_dates = axis
        labelled = set(round_dates)
    first = pd.Period(periods[0]) if axis is not None else None
    ticks = _ticks(max([1, *(v for pair in counts.values() for v in pair)]), most=4)
    width, height = 820.0, 250.0
    top, bottom, gap, axis_w = 52.0, 188.0, 18.0, 62.0
    panel_w = (width - axis_w - 10 - gap * (len(frames) - 1)) / len(frames)
    scale = (bottom - top) / ticks[-1]
    body = [  # legend, top right
        f'<rect x="{width - 150}" y="8" width="10" height="10" fill="{FAVOR}"/>'
        f'<text x="{width - 136}" y="17" font-size="10">favor</text>'
        f'<rect x="{width - 90}" y="8" width="10" height="10" fill="{AGAINST}"/>'
        f'<text x="{width - 76}" y="17" font-size="10">against</text>'
    ]
    for t in ticks:
        y = bottom - t * scale
        body.append(
            f'<text x="{axis_w - 6:.1f}" y="{y + 3.5:.1f}" text-anchor="end" font-size="9" '
            f'fill="{MUTED}">{t}</text>'
        )
    slot = panel_w / span
    # two bars side by side within a period's slot; at least a hairline however long the span
    bw = max(0.6, min(14.0, slot * 0.38))
    for k, frame in enumerate(frames):
        x0 = axis_w + k * (panel_w + gap)
        body.append(
            f'<text x="{x0:.1f}" y="{top - 10:.1f}" font-weight="bold" font-size="10.5">'
            f"{_esc(_short(titles.get(frame, frame), int(panel_w / 6.5)))}</text>"
        )
        for t in ticks:
            y = bottom - t * scale
            body.append(
                f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x0 + panel_w:.1f}" y2="{y:.1f}" '
                f'stroke="{INK if t == 0 else GRID}" stroke-width="{1 if t == 0 else 0.6}"/>'
            )
        for period, offset in zip(periods, offsets, strict=True):
            cx = x0 + (offset + 0.5) * slot
            fav, ag = counts.get((period, frame), (0, 0))
            for value, colour, dx, name in (
                (fav, FAVOR, -bw, "favor"),
                (ag, AGAINST, 0, "against"),
            ):
                if value:
                    h = value * scale
                    body.append(
                        f'<rect x="{cx + dx:.1f}" y="{bottom - h:.1f}" width="{bw:.1f}" '
                        f'height="{h:.1f}" fill="{colour}"><title>{_esc(period)}: {value} '
                        f"{name}</title></rect>"
                    )
        for offset in sorted(labelled):
            cx = x0 + (offset + 0.5) * slot
            label = str(first + offset) if first is not None else periods[offset]
            body.append(
                f'<line x1="{cx:.1f}" y1="{bottom:.1f}" x2="{cx:.1f}" y2="{bottom + 3:.1f}" '
                f'stroke="{MUTED}" stroke-width="0.8"/>'
                f'<text transform="translate({cx:.1f},{bottom + 12:.1f}) rotate(-30)" '
                f'text-anchor="end" font-size="9" fill="{MUTED}">{_esc(label)}</text>'
            )
    return _svg(width, height, "Stance over time per frame", body)
