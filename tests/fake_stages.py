"""Small, fast stand-in stages for batch tests (registered on import).

``gold_stance`` labels sentences from the seed's gold annotation (matched by
normalised text, so perturbed copies of the seed are labelled too; score 1.0,
cue ""); ``toy_entities`` marks a few place names. Real end-to-end tests use
the real stages; these keep the many batch tests fast and independent of the
trained models.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from discourse.segment import normalise_space
from discourse.stages import TABLE_COLUMNS, register_stage

GOLD = Path(__file__).resolve().parents[1] / "corpus" / "annotated" / "guatemala-post.gold.jsonl"
FRAMES = ("demand_reduction", "militarization", "arms_control", "legalization")
PLACES = {
    "guatemala": "Guatemala",
    "mexico": "Mexico",
    "honduras": "Honduras",
    "u.s.": "United States",
}


@lru_cache(maxsize=1)
def gold_by_text() -> dict[str, dict[str, str]]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    return {normalise_space(r["text"]).lower(): r for r in rows}


@register_stage("gold_stance", after=("segments",))
def make_gold_stance(config):
    gold = gold_by_text()

    def stage(parsed, tables):
        rows = []
        for seg in parsed.segments:
            g = gold.get(normalise_space(seg.text).lower(), {})
            for frame in FRAMES:
                label = g.get(frame, "none")
                rows.append([seg.id, seg.thread_id, frame, label, 1.0, "", seg.speaker])
        return {"stances": pd.DataFrame(rows, columns=TABLE_COLUMNS["stances"])}

    return stage


@register_stage("toy_entities", after=("segments",))
def make_toy_entities(config):
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in PLACES) + r")", re.IGNORECASE)

    def stage(parsed, tables):
        rows = []
        for seg in parsed.segments:
            for m in pattern.finditer(seg.text):
                name = PLACES[m.group(1).lower()]
                eid = "place:" + name.lower().replace(" ", "-")
                rows.append(
                    [
                        seg.id,
                        seg.thread_id,
                        m.start(),
                        m.end(),
                        m.group(0),
                        "GPE",
                        "place",
                        eid,
                        name,
                    ]
                )
        return {"mentions": pd.DataFrame(rows, columns=TABLE_COLUMNS["mentions"])}

    return stage
