"""Report charts, written directly as inline SVG text (no plotting library).

SVG keeps the HTML report self-contained (no image files, no scripts) and
sharp at any zoom; text stays text, so the charts use the page's own system
fonts and stay small. Building the markup as a string takes well under a
millisecond per chart (matplotlib took about a quarter of a second, which was
a fifth of the batch run's time). The root ``<svg>`` has a ``viewBox`` and
``class="chart"`` but no width or height, so CSS sizes it. Colours are the
report's colour-blind-safe diverging pair (ColorBrewer RdBu ends): favor
blue, against red, none grey — told apart under deuteranopia and protanopia
too, where the former green and red-orange were not.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..argmap.render import svg_escape

#: Favor and against: the ends of ColorBrewer's RdBu diverging scheme (blue
#: and red differ in lightness and on the blue–yellow axis, so deuteranopes and
#: protanopes tell them apart). ``templates/report.css`` and the map renderer
#: use the same values.
FAVOR = "#2166ac"
AGAINST = "#b2182b"
NONE = "#9e9e9e"
INK = "#263238"
MUTED = "#607d8b"
GRID = "#e0e0e0"
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


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
        f"<title>{svg_escape(title)}</title>" + "".join(body) + "</svg>\n"
    )


def distribution_chart(dist: pd.DataFrame) -> str:
    """Diverging bars per frame — against to the left, favor to the right — for article and comments.

    Each frame gets a pair of bars (article, pale, above; comments below);
    identical tables give the cached picture.
    """
    # the columns as lists: ``itertuples`` built a named tuple per row, and
    # cost more than the picture, which is mostly cached
    columns = ("title", "article_favor", "article_against", "comments_favor", "comments_against")
    key = tuple(
        (str(title), int(af), int(aa), int(cf), int(ca))
        for title, af, aa, cf, ca in zip(*(dist[c].tolist() for c in columns), strict=True)
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
            f'font-weight="bold">{svg_escape(_short(title, 28))}</text>'
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
                    f'fill="{colour}" fill-opacity="{opacity}"><title>{svg_escape(title)}, {who}: '
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


#: The narrowest timeline bar, in viewBox units (the chart is 820 wide and shown
#: at most 860 px wide, so about as many pixels): a span too long for bars this
#: wide is drawn in longer periods (weeks, quarters …) rather than in slivers.
MIN_BAR = 3.0
#: The widest timeline bar, so that a few days do not turn into blocks.
MAX_BAR = 14.0
#: A period's favor and against bars stand side by side, each this share of its slot.
BAR_SHARE = 0.38

#: The periods a timeline can be drawn in, shortest first: name, pandas
#: frequency, and how many of those periods make one (ten years a decade).
TIME_UNITS: tuple[tuple[str, str, int], ...] = (
    ("day", "D", 1),
    ("week", "W", 1),
    ("month", "M", 1),
    ("quarter", "Q", 1),
    ("year", "Y", 1),
    ("decade", "Y", 10),
)
#: Steps between labelled periods, by unit, for the units the table itself has
#: not (days and months: :func:`_time_ticks`).
_COARSE_STEPS: dict[str, tuple[int, ...]] = {
    "week": (1, 2, 4, 8, 13, 26, 52),
    "month": (1, 2, 3, 6, 12, 24, 60, 120),
    "quarter": (1, 2, 4, 8, 20, 40),
    "year": (1, 2, 5, 10, 20, 50, 100),
    "decade": (1, 2, 5, 10, 20),
}


@dataclass(frozen=True)
class _TimeAxis:
    """Where a timeline table's periods fall on the chart's time axis."""

    unit: str  # what one slot is: a day, a week, … (see TIME_UNITS)
    slots: list[int]  # each table period's slot, counted from the first
    span: int  # slots from the first to the last
    ticks: list[int]  # the slots to label
    first: pd.Period  # the first slot's period
    step: int  # periods of ``first``'s frequency per slot (10 for decades)

    def name(self, slot: int) -> str:
        """A slot as its axis label: ``2026-10-05``, ``2025-04``, ``2025Q2``, ``2025``, ``2020s``."""
        period = self.first + slot * self.step
        if self.unit == "week":
            # "week of 28 Nov": its Monday, which may come before the first post
            # (a bare date there read as a day nobody posted on)
            return f"week of {period.start_time.day} {period.start_time:%b}"
        if self.unit == "decade":
            return f"{period.year}s"
        return str(period)

    def title(self, slot: int) -> str:
        """A slot as a bar's tooltip names it (``week of 5 Oct 2026``)."""
        if self.unit == "week":
            return f"{self.name(slot)} {(self.first + slot * self.step).start_time.year}"
        return self.name(slot)


def _time_axis(periods: list[str], most_slots: int) -> _TimeAxis | None:
    """The time axis for a timeline table's ``periods``, in at most ``most_slots`` slots.

    ``periods`` are the table's (``2011-11-18`` days or ``2011-11`` months,
    sorted). Each is drawn at its distance from the first, in the table's own
    period while the span fits ``most_slots``; a longer span is drawn in the
    shortest longer unit that fits (weeks, months, quarters, years, decades),
    counts added up, so that every bar stays at least :data:`MIN_BAR` wide and
    the axis stays time. ``None`` if the periods are not all days or all
    months (then the chart can only list them).
    """
    try:
        parsed = [pd.Period(p) for p in periods]
    except (ValueError, TypeError):
        return None
    freqs = {p.freqstr for p in parsed}
    if len(freqs) != 1 or (freq := freqs.pop()) not in ("D", "M"):
        return None
    units = TIME_UNITS[[f for _, f, _ in TIME_UNITS].index(freq) :]
    for choice in units:
        unit, unit_freq, step = choice
        keys = [p.asfreq(unit_freq).ordinal // step for p in parsed]
        span = keys[-1] - keys[0] + 1
        if span <= most_slots:
            break
    # else the longest unit, bars at their narrowest (a span of centuries: misdated posts)
    first = pd.Period(ordinal=keys[0] * step, freq=unit_freq)
    if unit_freq == freq:  # the table's own periods: labels as before
        ticks = _time_ticks(first, span)
    else:
        # align labels to round periods: month, quarter and week numbers count from 1970
        origin = first.year // step if unit_freq == "Y" else first.ordinal
        ticks = _coarse_ticks(origin, span, _COARSE_STEPS[unit])
    return _TimeAxis(unit, [k - keys[0] for k in keys], span, ticks, first, step)


def _coarse_ticks(origin: int, span: int, steps: tuple[int, ...], most: int = 4) -> list[int]:
    """Offsets of at most ``most`` slots to label, a round step apart.

    ``origin`` numbers the first slot so that multiples of the step are
    round (a year's number, a decade's, a quarter's since 1970): every
    fourth quarter is a first quarter, every fifth year ends in 0 or 5.
    """
    for step in steps:
        ticks = list(range((-origin) % step if step > 1 else 0, span, step))
        if len(ticks) <= most:
            return ticks or [0]
    return [0]


def _panel_width(panels: int, width: float = 820.0, axis_w: float = 62.0) -> float:
    """The width of each of the timeline's ``panels`` (one per frame, 18 apart)."""
    return (width - axis_w - 10 - 18.0 * (panels - 1)) / panels


def _most_slots(panel_w: float) -> int:
    """How many periods a panel this wide has room for with bars :data:`MIN_BAR` wide."""
    return int(panel_w * BAR_SHARE / MIN_BAR)


def _timeline_frames(tl: pd.DataFrame, titles: dict[str, str]) -> list[str]:
    """The frames the timeline has a panel for: those of ``titles`` in the table."""
    return [f for f in titles if f in set(tl["frame"])] or ["?"]


def timeline_unit(tl: pd.DataFrame, titles: dict[str, str]) -> str | None:
    """What :func:`timeline_chart` draws one bar pair per ("day", "week", "month",
    "quarter", "year", "decade"), so the page can say so; ``None`` when the periods
    are no dates."""
    periods = [str(p) for p in sorted(tl["period"].unique())]
    if not periods:
        return None
    axis = _time_axis(periods, _most_slots(_panel_width(len(_timeline_frames(tl, titles)))))
    return axis.unit if axis is not None else None


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
    """Favor and against sentences per period, one small panel per frame (shared y scale):
    diverging columns, favor above the zero line and against below it.

    The x axis is time: each period (a day or a month, as in the timeline
    table) sits at its distance from the first, so two weeks without posts
    show as a gap two weeks wide and a weekly rhythm stays visible; labels
    mark round dates (Mondays, quarters). A span too long for bars at least
    :data:`MIN_BAR` wide is drawn in weeks, months, quarters, years or
    decades instead (:func:`timeline_unit` says which), still to scale: a
    corpus spanning years would otherwise get bars a fraction of a pixel
    wide. Periods the table has but that are not days or months are listed
    at equal spacing instead.
    """
    frames = _timeline_frames(tl, titles)
    periods = [str(p) for p in sorted(tl["period"].unique())]
    width, height = 820.0, 250.0
    top, bottom, gap, axis_w = 52.0, 188.0, 18.0, 62.0
    panel_w = _panel_width(len(frames), width, axis_w)
    axis = _time_axis(periods, _most_slots(panel_w)) if periods else None
    if axis is None:  # no time axis: the periods in order, every ~quarter labelled
        step = max(1, math.ceil(len(periods) / 4))
        slot_of = {p: i for i, p in enumerate(periods)}
        span = max(len(periods), 1)
        labelled = list(range(0, len(periods), step))
        names = {i: p for i, p in enumerate(periods)}
        tips = names
    else:
        slot_of = dict(zip(periods, axis.slots, strict=True))
        span = axis.span
        labelled = axis.ticks
        names = {i: axis.name(i) for i in {*axis.slots, *axis.ticks}}
        tips = {i: axis.title(i) for i in set(axis.slots)}
    counts: dict[tuple[int, str], list[int]] = {}  # (slot, frame) → [favor, against]
    for r in tl.itertuples():
        pair = counts.setdefault((slot_of[str(r.period)], str(r.frame)), [0, 0])
        pair[0] += int(r.favor)
        pair[1] += int(r.against)
    # diverging columns, as the stance chart: favor rises above the zero line,
    # against hangs below it, on one scale (ticks a common step apart)
    top_f = max([0, *(pair[0] for pair in counts.values())])
    top_a = max([0, *(pair[1] for pair in counts.values())])
    step = _ticks(max(1, top_f, top_a), most=3)[1]
    up = step * math.ceil(top_f / step) if top_f else 0
    down = step * math.ceil(top_a / step) if top_a else 0
    if up == down == 0:
        up = step
    scale = (bottom - top) / (up + down)
    zero = top + up * scale
    body = [  # legend, top right
        f'<rect x="{width - 150}" y="8" width="10" height="10" fill="{FAVOR}"/>'
        f'<text x="{width - 136}" y="17" font-size="10">favor</text>'
        f'<rect x="{width - 90}" y="8" width="10" height="10" fill="{AGAINST}"/>'
        f'<text x="{width - 76}" y="17" font-size="10">against</text>'
    ]
    levels = [(t, zero - t * scale) for t in range(0, up + 1, step)]
    levels += [(t, zero + t * scale) for t in range(step, down + 1, step)]
    for t, y in levels:
        body.append(
            f'<text x="{axis_w - 6:.1f}" y="{y + 3.5:.1f}" text-anchor="end" font-size="9" '
            f'fill="{MUTED}">{t}</text>'
        )
    slot = panel_w / span
    # one column per period's slot, never narrower than MIN_BAR
    # (only a span of centuries, or many periods that are no dates, needs the floor)
    bw = max(MIN_BAR, min(MAX_BAR, slot * BAR_SHARE))
    slots = sorted({s for s, _ in counts})
    for k, frame in enumerate(frames):
        x0 = axis_w + k * (panel_w + gap)
        body.append(
            f'<text x="{x0:.1f}" y="{top - 10:.1f}" font-weight="bold" font-size="10.5">'
            f"{svg_escape(_short(titles.get(frame, frame), int(panel_w / 6.5)))}</text>"
        )
        for t, y in levels:
            if t:
                body.append(
                    f'<line x1="{x0:.1f}" y1="{y:.1f}" x2="{x0 + panel_w:.1f}" y2="{y:.1f}" '
                    f'stroke="{GRID}" stroke-width="0.6"/>'
                )
        for offset in slots:
            cx = x0 + (offset + 0.5) * slot
            fav, ag = counts.get((offset, frame), (0, 0))
            for value, colour, sign, name in (
                (fav, FAVOR, -1, "favor"),
                (ag, AGAINST, 1, "against"),
            ):
                if value:
                    h = value * scale
                    y = zero - h if sign < 0 else zero
                    body.append(
                        f'<rect x="{cx - bw / 2:.1f}" y="{y:.1f}" width="{bw:.1f}" '
                        f'height="{h:.1f}" fill="{colour}"><title>{svg_escape(tips[offset])}: {value} '
                        f"{name}</title></rect>"
                    )
        body.append(  # the zero line, over the bars' ends
            f'<line x1="{x0:.1f}" y1="{zero:.1f}" x2="{x0 + panel_w:.1f}" y2="{zero:.1f}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        for offset in sorted(labelled):
            cx = x0 + (offset + 0.5) * slot
            body.append(
                f'<line x1="{cx:.1f}" y1="{bottom:.1f}" x2="{cx:.1f}" y2="{bottom + 3:.1f}" '
                f'stroke="{MUTED}" stroke-width="0.8"/>'
                f'<text transform="translate({cx:.1f},{bottom + 12:.1f}) rotate(-30)" '
                f'text-anchor="end" font-size="9" fill="{MUTED}">{svg_escape(names[offset])}</text>'
            )
    return _svg(width, height, "Stance over time per frame", body)
