"""Helpers of discourse.model shared by the store, maps and reports."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

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
