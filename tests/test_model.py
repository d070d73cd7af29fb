"""Helpers of discourse.model shared by the store, maps and reports."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from discourse.model import records


def test_records_are_to_dict_records_value_for_value() -> None:
    frame = pd.DataFrame(
        {
            "text": ["a", None, "c"],
            "n": [1, 2, 3],
            "score": [0.5, float("nan"), 1.0],
            "mixed": [np.float64(1.5), "x", np.int64(3)],
        }
    )
    frame["small"] = frame["n"].astype("int32")
    expected = frame.to_dict("records")
    got = records(frame)
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        assert list(row) == list(want)
        for key, value in want.items():
            assert type(row[key]) is type(value), key
            assert row[key] == value or (math.isnan(value) and math.isnan(row[key]))
    assert records(frame, ["n", "text"])[0] == {"n": 1, "text": "a"}
    assert records(frame.iloc[:0]) == []


def test_threads_round_trip_through_csv_files(tmp_path, seed_thread) -> None:
    from discourse.model import threads_from_frames, threads_to_frame, utterances_to_frame

    thread = replace(seed_thread, meta={"site": "Foreign Policy", "tags": ["guatemala"]})
    first = thread.utterances[0]
    utts = (replace(first, meta={"likes": 3}), *thread.utterances[1:])
    thread = replace(thread, utterances=utts)
    utterances_to_frame([thread]).to_csv(tmp_path / "u.csv", index=False)
    threads_to_frame([thread]).to_csv(tmp_path / "t.csv", index=False)
    again = threads_from_frames(pd.read_csv(tmp_path / "u.csv"), pd.read_csv(tmp_path / "t.csv"))
    assert again == [thread]


def test_threads_round_trip_through_csv_read_as_text(tmp_path, seed_thread) -> None:
    """Read as text, a CSV round trip keeps values pandas would turn into numbers."""
    from discourse.model import threads_from_frames, threads_to_frame, utterances_to_frame

    first, second, *rest = seed_thread.utterances
    utts = (first, replace(second, speaker="007", timestamp="1325376000"), *rest)
    thread = replace(seed_thread, utterances=utts, published="2011")
    utterances_to_frame([thread]).to_csv(tmp_path / "u.csv", index=False)
    threads_to_frame([thread]).to_csv(tmp_path / "t.csv", index=False)
    as_text = {"dtype": str, "keep_default_na": False}
    again = threads_from_frames(
        pd.read_csv(tmp_path / "u.csv", **as_text), pd.read_csv(tmp_path / "t.csv", **as_text)
    )
    assert again == [thread]


@pytest.mark.parametrize("with_meta", [False, True], ids=["empty-meta", "meta"])
def test_thread_and_utterance_frames_round_trip_through_parquet(
    tmp_path, seed_thread, with_meta
) -> None:
    """A notebook saves the tables to Parquet whatever the meta (pyarrow cannot
    write a column of empty dicts); each row's meta reads back as it was, not
    with the other rows' keys as nulls, and the threads rebuild from the files."""
    from discourse.model import threads_from_frames, threads_to_frame, utterances_to_frame

    thread = replace(seed_thread, meta={})
    utts = tuple(replace(u, meta={}) for u in seed_thread.utterances)
    if with_meta:
        thread = replace(thread, meta={"site": "Foreign Policy", "tags": ["guatemala"]})
        first, second, *rest = utts
        utts = (replace(first, meta={"likes": 3}), replace(second, meta={"site": "FP"}), *rest)
    thread = replace(thread, utterances=utts)
    utterances_to_frame([thread]).to_parquet(tmp_path / "u.parquet", index=False)
    threads_to_frame([thread]).to_parquet(tmp_path / "t.parquet", index=False)
    u_back = pd.read_parquet(tmp_path / "u.parquet")
    t_back = pd.read_parquet(tmp_path / "t.parquet")
    assert [json.loads(m) for m in u_back["meta"]] == [u.meta for u in utts]
    assert json.loads(t_back.at[0, "meta"]) == thread.meta
    again = threads_from_frames(u_back, t_back)
    assert again == [thread]
    assert [u.meta for u in again[0].utterances] == [u.meta for u in utts]
    assert again[0].meta == thread.meta


def test_segment_frames_round_trip_through_parquet(tmp_path) -> None:
    """Segments write to Parquet with or without source offsets, and with no rows."""
    from discourse.model import Segment, segments_from_frame, segments_to_frame

    placed = Segment("t/a/s01", "t", "t/a", "article", "x", 1, 0, 3, "One", 0, 10, 13)
    unplaced = Segment("t/a/s02", "t", "t/a", "article", "x", 2, 4, 7, "Two", 0, None, None)
    for segs in ([placed, unplaced], [unplaced], []):
        segments_to_frame(segs).to_parquet(tmp_path / "s.parquet", index=False)
        assert segments_from_frame(pd.read_parquet(tmp_path / "s.parquet")) == segs


def test_reply_links_are_repaired_as_the_file_readers_repair_them(seed_thread, caplog) -> None:
    from discourse.model import threads_from_frames, utterances_to_frame

    frame = utterances_to_frame([seed_thread])
    article = frame.at[0, "id"]
    frame.at[1, "reply_to"] = frame.at[1, "id"]  # answers itself
    frame.at[2, "reply_to"] = "deleted-comment"  # answers a comment the table lacks
    with caplog.at_level("WARNING"):
        (thread,) = threads_from_frames(frame)
    assert thread.utterances[1].reply_to is None
    assert thread.utterances[2].reply_to == article
    assert thread.utterances[2].meta["reply_to_missing"] == "deleted-comment"
    assert "reply_to_missing" not in thread.utterances[1].meta
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "[W006] utterance table" in messages and "[W010] utterance table" in messages


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"text": float("nan")}, r"E040\] utterance table, row 1: text is missing"),
        ({"speaker": None}, r"E040\] utterance table, row 1: speaker is missing"),
        ({"text": "   "}, r"E040\] utterance table, row 1: text is blank"),
        ({"kind": "reply"}, r"E040\] utterance table, row 1: kind 'reply' is neither"),
        (
            {"meta": "{not json"},
            r"E040\] utterance table, row 1: meta is neither a JSON object nor a dict literal",
        ),
        ({"meta": "[1, 2]"}, r"E040\] utterance table, row 1: meta must be a mapping, got list"),
    ],
)
def test_bad_utterance_rows_name_the_row_and_the_problem(seed_thread, change, message) -> None:
    from discourse.model import threads_from_frames, utterances_to_frame

    frame = utterances_to_frame([seed_thread])
    for column, value in change.items():
        frame[column] = frame[column].astype(object)
        frame.at[1, column] = value
    with pytest.raises(ValueError, match=message):
        threads_from_frames(frame)


# ---------------------------------------------------------------------------
# source maps and source offsets


def test_source_map_spans_verbatim_runs_and_whole_entities() -> None:
    from discourse.model import SourceMap

    # "A & B" read from "<p>A &amp; B</p>": A at 3, & from "&amp;" at 5..10, B at 11
    text = "A & B"
    starts = [3, 4, 5, 10, 11]
    ends = [4, 5, 10, 11, 12]
    smap = SourceMap.from_positions(text, starts, ends)
    assert smap.runs == ((0, 2, 3, 5), (2, 3, 5, 10), (3, 5, 10, 12))
    assert smap.holes == ()
    assert smap.span(0, 5) == (3, 12)
    assert smap.span(2, 3) == (5, 10)  # an entity at the edge: all of it
    assert smap.span(0, 3) == (3, 10)
    assert smap.span(4, 5) == (11, 12)
    assert smap.span(3, 3) is None


def test_source_map_without_a_place_gives_none_never_a_guess() -> None:
    from discourse.model import SourceMap

    text = "ab cd\n\nef"
    # "cd" was not found (-1); the paragraph break was put in by the reader
    starts = [0, 1, 2, -1, -1, -1, -1, 9, 10]
    ends = [1, 2, 3, -1, -1, -1, -1, 10, 11]
    smap = SourceMap.from_positions(text, starts, ends)
    assert smap.holes == (3, 4)
    assert smap.span(0, 2) == (0, 2)
    assert smap.span(0, 5) is None  # ends on an unplaced character
    assert smap.span(0, 9) is None  # holds unplaced characters
    assert smap.span(7, 9) == (9, 11)
    assert smap.span(5, 9) is None  # starts on a break the reader put in


def test_source_map_takes_no_part_in_equality_hash_tables_or_content_hash(seed_thread) -> None:
    import pickle

    from discourse.model import Thread, utterances_to_frame

    stripped = replace(
        seed_thread,
        utterances=tuple(replace(u, source_map=None) for u in seed_thread.utterances),
    )
    assert all(u.source_map is not None for u in seed_thread.utterances)
    assert stripped == seed_thread
    assert hash(stripped.utterances[0]) == hash(seed_thread.utterances[0])
    assert stripped.content_hash() == seed_thread.content_hash()
    assert stripped.to_dict() == seed_thread.to_dict()
    assert "source_map" not in seed_thread.to_dict()["utterances"][0]
    assert "source_map" not in utterances_to_frame([seed_thread]).columns
    again = pickle.loads(pickle.dumps(seed_thread))
    assert isinstance(again, Thread)
    assert [u.source_map for u in again.utterances] == [
        u.source_map for u in seed_thread.utterances
    ]
    assert again.utterances[0].source_map.span(0, 5) == seed_thread.utterances[0].source_map.span(
        0, 5
    )


def test_segment_frames_keep_source_offsets_as_ints_and_none() -> None:
    from discourse.model import SEGMENT_COLUMNS, Segment, segments_from_frame, segments_to_frame

    segs = [
        Segment("t/a/s01", "t", "t/a", "article", "x", 1, 0, 3, "One", 0, 10, 13),
        Segment("t/a/s02", "t", "t/a", "article", "x", 2, 4, 7, "Two", 0, None, None),
    ]
    frame = segments_to_frame(segs)
    assert SEGMENT_COLUMNS[-2:] == ["source_start", "source_end"]
    assert list(frame.columns) == SEGMENT_COLUMNS
    assert frame["source_start"].tolist() == [10, None]
    assert type(frame["source_start"].tolist()[0]) is int
    assert segments_from_frame(frame) == segs
    # as the store gives them back: nullable integers; a frame from before: no columns
    stored = frame.astype({"source_start": "Int32", "source_end": "Int32"})
    assert segments_from_frame(stored) == segs
    old = frame.drop(columns=["source_start", "source_end"])
    assert [s.source_start for s in segments_from_frame(old)] == [None, None]
    floats = frame.astype({"source_start": float, "source_end": float})
    assert segments_from_frame(floats) == segs


def test_thread_and_parsed_thread_reprs_are_summaries(seed_thread, nlp) -> None:
    # the dataclass reprs printed every utterance (a Thread ~10,000 characters) and
    # every segment and span (a ParsedThread ~44,000): a flood in a notebook cell
    from discourse.segment import ParsedThread, parse_threads

    chars = sum(len(u.text) for u in seed_thread.utterances)
    assert repr(seed_thread) == f"Thread(id='guatemala-post', utterances=5, chars={chars})"
    assert repr([seed_thread]) == f"[{seed_thread!r}]"
    # equality and the fields are the dataclass's, as before
    assert seed_thread == replace(seed_thread) and seed_thread != replace(seed_thread, id="x")
    parsed = next(parse_threads([seed_thread], nlp))
    assert repr(parsed) == "ParsedThread(thread='guatemala-post', segments=68)"
    assert parsed == ParsedThread(parsed.thread, parsed.segments, parsed.spans)


def test_utterance_ids_keep_the_letters_of_non_latin_names():
    from discourse.model import make_utterance_ids, name_slug

    items = [("article", "Ed"), ("comment", "Дмитрий"), ("comment", "张伟"), ("comment", "Дмитрий")]
    assert make_utterance_ids("t", items) == ["t/article", "t/дмитрий", "t/张伟", "t/дмитрий-2"]
    # Latin names are slugged as before; no letter or digit at all is still "anonymous"
    assert [name_slug(n) for n in ("Aaron B", "José", "Влад Петров", "!!!", "")] == [
        "aaron-b",
        "jose",
        "влад-петров",
        "anonymous",
        "anonymous",
    ]


@pytest.mark.parametrize(
    "holder",
    ["Vicente Fox", " Vicente Fox\u3000", "", " \t", "\xa0", "\u2028\x1c", "a\nb", None, math.nan],
)
def test_the_sql_holder_is_the_python_holder(holder: object) -> None:
    """The corpus report's query and the thread pages decide whose position a sentence
    states by one rule: the trimmed holder, else (blank or missing) the speaker."""
    import duckdb

    from discourse.model import HOLDER_SQL, position_holder

    with duckdb.connect() as con:
        got = con.execute(
            f"SELECT {HOLDER_SQL} FROM (SELECT ? AS holder) st, (SELECT 'Ana' AS speaker) s",
            [None if holder is None or holder != holder else holder],
        ).fetchone()
    assert got is not None and got[0] == position_holder(holder, "Ana")


def test_a_holder_is_trimmed_of_every_white_space_character() -> None:
    """:data:`HOLDER_SQL` spells out what ``str.strip()`` removes: none may be missing."""
    import sys

    from discourse.model import _BLANK

    assert set(_BLANK) == {c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()}


def test_a_hand_made_table_without_ids_is_told_how_to_add_them() -> None:
    """threads_from_frames on a frame without 'id' said only "no 'id' column"."""
    from discourse.model import threads_from_frames

    df = pd.DataFrame(
        {"thread_id": ["t1", "t1"], "kind": ["article", "comment"], "speaker": ["A", "B"]}
        | {"text": ["We must legalize drugs.", "No, never."]}
    )
    with pytest.raises(ValueError, match=r"\[E040\].*no 'id' column \(each utterance needs an id"):
        threads_from_frames(df)
    df["id"] = df.groupby("thread_id").cumcount().astype(str)  # the hint works
    assert [u.text for u in threads_from_frames(df)[0].utterances] == list(df["text"])
