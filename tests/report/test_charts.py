"""Report charts: small, valid SVG bar charts with the numbers and labels a reader needs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from discourse.report.charts import AGAINST, FAVOR, _ticks, distribution_chart, timeline_chart
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
    assert heights[-1] == 2 * heights[0]


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
