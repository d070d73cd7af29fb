"""Helpers of discourse.model shared by the store, maps and reports."""

from __future__ import annotations

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


@pytest.mark.parametrize(
    ("change", "message"),
    [
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
