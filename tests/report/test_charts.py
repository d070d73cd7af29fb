"""Report charts: small, valid SVG bar charts with the numbers and labels a reader needs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

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
