"""Report charts: small, valid SVG bar charts with the numbers and labels a reader needs."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import pairwise

import pandas as pd
import pytest

from discourse.report.charts import (
    AGAINST,
    FAVOR,
    _ticks,
    distribution_chart,
    timeline_chart,
    timeline_unit,
)
from discourse.report.tables import DISTRIBUTION_COLUMNS

NS = "{http://www.w3.org/2000/svg}"


def _dist() -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("demand_reduction", "Demand reduction", 0, 0, 3, 0, 3),
            ("legalization", "Legalization & <more>", 0, 1, 2, 12, 15),
        ],
        columns=DISTRIBUTION_COLUMNS,
    )


def test_distribution_chart_draws_one_bar_per_nonzero_count():
    svg = distribution_chart(_dist())
    assert svg.startswith("<svg") and 'class="chart"' in svg and "width=" not in svg.split(">")[0]
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{NS}rect") if r.get("fill") in (FAVOR, AGAINST)]
    assert len(bars) == 4  # 3, 1, 2, 12
    widths = {r.find(f"{NS}title").text: float(r.get("width")) for r in bars}
    big = widths["Legalization & <more>, comments: 12 against"]
    assert big == max(widths.values()) and big == 4 * widths["Demand reduction, comments: 3 favor"]
    words = [t.text for t in root.iter(f"{NS}text")]
    assert "Legalization & <more>" in words and "12" in words and "article" in words
    # against bars grow leftwards from the zero line, favor bars rightwards
    zero = next(float(r.get("x")) for r in bars if r.get("fill") == FAVOR)
    assert all(
        float(r.get("x")) + float(r.get("width")) <= zero + 0.1
        for r in bars
        if r.get("fill") == AGAINST
    )


def test_timeline_chart_has_a_panel_per_frame_and_labelled_periods():
    tl = pd.DataFrame(
        [
            ("2011-11-01", "militarization", 2, 0),
            ("2011-11-02", "militarization", 0, 1),
            ("2011-11-01", "legalization", 1, 1),
            ("2011-11-02", "legalization", 0, 0),
        ],
        columns=["period", "frame", "favor", "against"],
    )
    root = ET.fromstring(
        timeline_chart(tl, {"militarization": "Militarization", "legalization": "Legalization"})
    )
    words = [t.text for t in root.iter(f"{NS}text")]
    assert {"Militarization", "Legalization", "2011-11-01", "2011-11-02", "favor"} <= set(words)
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    assert len(bars) == 4  # 2, 1, 1, 1: zero counts draw nothing
    heights = sorted(float(r.get("height")) for r in bars)
    assert heights[-1] == pytest.approx(2 * heights[0], abs=0.2)


def test_ticks_are_round_and_cover_the_maximum():
    assert _ticks(3) == [0, 1, 2, 3]
    assert _ticks(12) == [0, 5, 10, 15]
    assert _ticks(0) == [0, 1]
    assert _ticks(2300)[-1] >= 2300 and len(_ticks(2300)) <= 6


def _bar_centres(svg: str) -> dict[str, float]:
    """The x centre of each favor bar, by its period (from the bar's tooltip)."""
    root = ET.fromstring(svg)
    centres = {}
    for r in root.iter(f"{NS}rect"):
        title = r.find(f"{NS}title")
        if title is not None and title.text.endswith("favor"):
            centres[title.text.split(":")[0]] = float(r.get("x")) + float(r.get("width"))
    return centres


def _one_frame(periods: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        [(p, "legalization", 1, 1) for p in periods],
        columns=["period", "frame", "favor", "against"],
    )


def test_timeline_x_axis_is_time_a_quiet_fortnight_is_fourteen_days_wide():
    """Bars sit at their date's distance from the first: 14 days apart is 14 times 1 day apart."""
    svg = timeline_chart(
        _one_frame(["2026-10-05", "2026-10-06", "2026-10-20"]), {"legalization": "Legalization"}
    )
    x = _bar_centres(svg)
    one_day = x["2026-10-06"] - x["2026-10-05"]
    assert one_day > 0
    assert (x["2026-10-20"] - x["2026-10-06"]) / one_day == pytest.approx(14, rel=0.01)
    # the weekly rhythm: labels on Mondays a week apart, though no post fell on the 12th
    root = ET.fromstring(svg)
    labels = [t.text for t in root.iter(f"{NS}text") if t.get("transform")]
    assert labels == ["2026-10-05", "2026-10-12", "2026-10-19"]
    # the chart stays text and self-contained
    assert "Legalization" in [t.text for t in root.iter(f"{NS}text")]
    assert "href" not in svg and "<image" not in svg


def test_timeline_months_are_spaced_by_time_and_labelled_by_quarter():
    svg = timeline_chart(
        _one_frame(["2025-01", "2025-02", "2025-12"]), {"legalization": "Legalization"}
    )
    x = _bar_centres(svg)
    month = x["2025-02"] - x["2025-01"]
    assert (x["2025-12"] - x["2025-02"]) / month == pytest.approx(10, rel=0.01)
    labels = [t.text for t in ET.fromstring(svg).iter(f"{NS}text") if t.get("transform")]
    assert labels == ["2025-01", "2025-04", "2025-07", "2025-10"]


def test_timeline_periods_that_are_no_dates_are_listed_evenly():
    """Not days or months (a plug-in's table): the old categorical axis, not a failure."""
    x = _bar_centres(
        timeline_chart(_one_frame(["early", "late", "later"]), {"legalization": "Legalization"})
    )
    assert x["late"] - x["early"] == pytest.approx(x["later"] - x["late"], abs=0.15)


#: The shipped frames: every page's timeline has a panel for each.
FOUR_FRAMES = {
    "demand_reduction": "Demand reduction",
    "militarization": "Militarization",
    "arms_control": "Arms control",
    "legalization": "Legalization",
}


def _every_frame(periods: list[str]) -> pd.DataFrame:
    """One favor and two against sentences in every period, for each of the four frames."""
    return pd.DataFrame(
        [(p, f, 1, 2) for p in periods for f in FOUR_FRAMES],
        columns=["period", "frame", "favor", "against"],
    )


def _bars(svg: str) -> list[tuple[str, float, float]]:
    """Every bar of a chart: its tooltip, its left edge and its width."""
    return [
        (r.find(f"{NS}title").text, float(r.get("x")), float(r.get("width")))
        for r in ET.fromstring(svg).iter(f"{NS}rect")
        if r.find(f"{NS}title") is not None
    ]


@pytest.mark.parametrize(
    ("periods", "unit"),
    [
        # a corpus of three years: the timeline table counts months
        ([str(p) for p in pd.period_range("2023-01", "2025-12", freq="M")], "quarter"),
        # a table of days over three years (a plug-in's, or one's own)
        ([str(p) for p in pd.period_range("2023-01-01", "2025-12-31", freq="D")], "quarter"),
        # a thread whose comments came over three days
        (["2026-10-05", "2026-10-06", "2026-10-07"], "day"),
    ],
)
def test_timeline_bars_are_visible_however_long_the_span(periods: list[str], unit: str) -> None:
    """Bars at least 3 units wide (the chart is 820 wide, shown at most 860 px):
    a long span is drawn in longer periods, not in slivers, and no sentence is lost."""
    tl = _every_frame(periods)
    svg = timeline_chart(tl, FOUR_FRAMES)
    bars = _bars(svg)
    widths = {width for _, _, width in bars}
    assert min(widths) >= 3.0
    assert timeline_unit(tl, FOUR_FRAMES) == unit
    # every sentence of the table is in some bar
    drawn = {"favor": 0, "against": 0}
    for title, _, _ in bars:
        value, name = title.rsplit(": ", 1)[1].split()
        drawn[name] += int(value)
    assert drawn == {"favor": int(tl["favor"].sum()), "against": int(tl["against"].sum())}
    # a period's pair of bars stays within its slot: neighbouring pairs do not overlap
    favor = sorted(x for title, x, _ in bars if title.endswith("favor"))
    assert all(b - a >= 2 * max(widths) for a, b in pairwise(favor))


def test_a_long_span_drawn_in_quarters_keeps_the_time_axis() -> None:
    """Months with posts over three years: quarters at their distance, labelled by year,
    each quarter's bar adding up its months."""
    svg = timeline_chart(_every_frame(["2023-01", "2023-03", "2023-05", "2025-11"]), FOUR_FRAMES)
    right_edge = {}
    titles = []
    for title, left, width in _bars(svg):
        titles.append(title)
        if title.endswith("favor"):  # the first frame's panel
            right_edge.setdefault(title.split(":")[0], left + width)
    quarter = right_edge["2023Q2"] - right_edge["2023Q1"]
    assert quarter > 0
    assert (right_edge["2025Q4"] - right_edge["2023Q2"]) / quarter == pytest.approx(10, rel=0.01)
    assert titles.count("2023Q1: 2 favor") == 4  # January and March, in each frame's panel
    assert titles.count("2023Q2: 2 against") == 4
    labels = [t.text for t in ET.fromstring(svg).iter(f"{NS}text") if t.get("transform")]
    assert labels[:3] == ["2023Q1", "2024Q1", "2025Q1"]


def test_two_months_of_days_are_drawn_in_weeks_named_by_their_monday() -> None:
    days = [str(p) for p in pd.period_range("2026-09-01", "2026-10-31", freq="D")]
    tl = _every_frame(days)
    assert timeline_unit(tl, FOUR_FRAMES) == "week"
    titles = {title for title, _, _ in _bars(timeline_chart(tl, FOUR_FRAMES))}
    # 2026-09-01 is a Tuesday: its week began on Monday 31 August and has six of its days
    assert "week of 31 Aug 2026: 6 favor" in titles
    assert "week of 7 Sep 2026: 7 favor" in titles
    # the axis says "week of", so its Monday before the first post is not read as a day
    svg = timeline_chart(tl, FOUR_FRAMES)
    labels = [t.text for t in ET.fromstring(svg).iter(f"{NS}text") if t.get("transform")]
    assert labels and all(label.startswith("week of ") for label in labels)


def test_timeline_columns_diverge_favor_above_against_below_the_zero_line() -> None:
    svg = timeline_chart(
        _one_frame(["2026-10-05", "2026-10-06"]).assign(favor=[2, 1], against=[1, 3]),
        {"legalization": "Legalization"},
    )
    root = ET.fromstring(svg)
    bars = [r for r in root.iter(f"{NS}rect") if r.find(f"{NS}title") is not None]
    favor = [r for r in bars if r.get("fill") == FAVOR]
    against = [r for r in bars if r.get("fill") == AGAINST]
    assert len(favor) == 2 and len(against) == 2
    zero = max(float(r.get("y")) + float(r.get("height")) for r in favor)
    assert all(float(r.get("y")) + float(r.get("height")) == pytest.approx(zero) for r in favor)
    assert all(float(r.get("y")) == pytest.approx(zero) for r in against)
    heights = {r.find(f"{NS}title").text: float(r.get("height")) for r in bars}
    assert heights["2026-10-06: 3 against"] == pytest.approx(3 * heights["2026-10-06: 1 favor"])


def test_a_span_of_centuries_is_drawn_in_decades() -> None:
    """A misdated post from 1850 in a 2026 corpus: decades, bars still visible."""
    tl = _every_frame(["1850-01", "2026-10"])
    assert timeline_unit(tl, FOUR_FRAMES) == "decade"
    bars = _bars(timeline_chart(tl, FOUR_FRAMES))
    assert min(width for _, _, width in bars) >= 3.0
    assert {title.split(":")[0] for title, _, _ in bars} == {"1850s", "2020s"}


def test_a_frame_title_with_control_characters_is_dropped_from_the_chart_as_from_the_map():
    """A title from a user's model (a scraped form feed, a bell) must not make the chart
    invalid XML; the chart drops exactly what the argument map's picture drops."""
    from discourse.argmap.render import svg_escape

    title = 'Legal\x0cization <& "more"> \x07\ufffe'
    dist = _dist()
    dist.loc[1, "title"] = title
    root = ET.fromstring(distribution_chart(dist))  # parses: no control characters left
    words = [t.text for t in root.iter(f"{NS}text")]
    assert 'Legalization <& "more"> ' in words
    assert svg_escape(title) == "Legalization &lt;&amp; &quot;more&quot;&gt; "
