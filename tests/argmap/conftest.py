"""Fixtures for the argument-map tests: the seed thread with its gold stances.

Until the stance model exists, the gold labels of the seed thread stand in for
the ``stances`` table (score 1.0, no cue), and a ``test_gold_stance`` stage
serving them lets the CLI and the stage registry run end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from discourse.argmap import build_thread_map
from discourse.config import PipelineConfig
from discourse.model import Segment, Thread, Utterance, make_utterance_ids, segments_to_frame
from discourse.segment import ParsedThread
from discourse.stages import TABLE_COLUMNS, StageFn, Tables, register_stage
from tests.conftest import SEED, SEED_GOLD

FRAMES = ("demand_reduction", "militarization", "arms_control", "legalization")


def gold_stances(path: Path = SEED_GOLD, thread_id: str | None = None) -> pd.DataFrame:
    """A ``stances`` table from a gold JSONL file (score 1.0, cue "")."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        for frame in FRAMES:
            rows.append(
                {
                    "segment_id": rec["id"],
                    "thread_id": thread_id or rec["id"].split("/")[0],
                    "frame": frame,
                    "label": rec[frame] or "none",
                    "score": 1.0,
                    "cue": "",
                    "holder": rec.get("holder") or rec.get("speaker", ""),
                }
            )
    return pd.DataFrame(rows, columns=TABLE_COLUMNS["stances"])


@register_stage("test_gold_stance", after=("segments",))
def _make_gold_stage(config: PipelineConfig) -> StageFn:
    """Serve the seed's gold labels for any thread whose segment ids match them."""
    gold = gold_stances()

    def stage(parsed: ParsedThread, tables: Tables) -> Tables:
        ids = set(tables["segments"]["id"])
        own = gold[gold["segment_id"].isin(ids)].copy()
        own["thread_id"] = parsed.thread.id
        return {"stances": own.reset_index(drop=True)}

    return stage


@pytest.fixture(scope="session")
def seed_thread() -> Thread:
    """The seed thread (article + 4 comments)."""
    from discourse.ingest import read_path

    return read_path(SEED)[0]


@pytest.fixture(scope="session")
def seed_tables(nlp, seed_thread) -> dict[str, pd.DataFrame]:
    """``segments`` from the real segmenter and ``stances`` from the gold labels."""
    from discourse.segment import parse_threads

    parsed = next(parse_threads([seed_thread], nlp))
    return {"segments": segments_to_frame(parsed.segments), "stances": gold_stances()}


@pytest.fixture(scope="session")
def seed_map(seed_thread, seed_tables):
    """The seed thread's argument map built from gold stances."""
    return build_thread_map(seed_thread, seed_tables)


@pytest.fixture
def gold_pipeline(tmp_path: Path) -> Path:
    """A pipeline file running the gold stance stage and the relations stage."""
    p = tmp_path / "gold.toml"
    p.write_text('[pipeline]\nstages = ["test_gold_stance", "relations"]\n', encoding="utf-8")
    return p


def make_thread(
    thread_id: str, items: list[tuple[str, str, int | None]], article: bool = True
) -> Thread:
    """A thread from ``(speaker, text, reply_to index)`` items; item 0 is the article.

    ``reply_to`` is the index of the item answered (``None``: the article, or
    nothing for the article itself).
    """
    kinds = [
        ("article" if article and i == 0 else "comment", sp) for i, (sp, _, _) in enumerate(items)
    ]
    ids = make_utterance_ids(thread_id, kinds)
    utts = []
    for i, ((kind, speaker), (_, text, reply)) in enumerate(zip(kinds, items, strict=True)):
        if kind == "article":
            reply_id = None
        else:
            reply_id = ids[reply] if reply is not None else (ids[0] if article else None)
        utts.append(Utterance(ids[i], thread_id, kind, speaker, text, reply_id))
    return Thread(thread_id, tuple(utts), title=thread_id)


def simple_tables(thread: Thread, labels: dict[tuple[int, int], dict[str, str]]) -> Tables:
    """``segments`` (one per sentence, split at . ! ?) and ``stances`` for a small thread.

    ``labels`` maps ``(utterance index, 1-based sentence index)`` to
    ``{frame: label}``; everything else is ``none``. A ``"holder"`` key there
    names the actor whose position the sentence reports (default: the speaker).
    """
    import re

    segs, rows = [], []
    for u_no, utt in enumerate(thread.utterances):
        for index, m in enumerate(re.finditer(r"[^.!?]+[.!?]*", utt.text), 1):
            text = m.group(0).strip()
            start = utt.text.index(text, m.start())
            seg = Segment(
                f"{utt.id}/s{index:02d}",
                thread.id,
                utt.id,
                utt.kind,
                utt.speaker,
                index,
                start,
                start + len(text),
                text,
            )
            segs.append(seg)
            given = labels.get((u_no, index), {})
            for frame in FRAMES:
                rows.append(
                    {
                        "segment_id": seg.id,
                        "thread_id": thread.id,
                        "frame": frame,
                        "label": given.get(frame, "none"),
                        "score": 0.9,
                        "cue": "",
                        "holder": given.get("holder", utt.speaker),
                    }
                )
    return {
        "segments": segments_to_frame(segs),
        "stances": pd.DataFrame(rows, columns=TABLE_COLUMNS["stances"]),
    }
