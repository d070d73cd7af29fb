"""Fixtures for the stance model tests: a small training set and the shipped model."""

from __future__ import annotations

import pandas as pd
import pytest

from discourse.stance.frames import FRAME_NAMES

from ..conftest import CORPUS


@pytest.fixture(scope="session")
def small_train() -> pd.DataFrame:
    """A deterministic slice of the train split with every frame × label present."""
    from discourse.stance.corpus import load_corpus

    train = load_corpus("train", root=CORPUS.parent)
    parts = []
    for frame in FRAME_NAMES:
        for label in ("favor", "against"):
            parts.append(train[train[frame] == label].head(12))
    parts.append(train[(train[list(FRAME_NAMES)] == "none").all(axis=1)].head(40))
    return pd.concat(parts).drop_duplicates("id").reset_index(drop=True)


@pytest.fixture(scope="session")
def shipped():
    """The stance model shipped in the package."""
    from discourse.stance import load_model

    return load_model()


def always_reader(label: str, width: int) -> object:
    """A fitted context reader for one frame that says ``label`` of any sentence
    (the compiled stand-in, :class:`~discourse.stance.runtime.Linear`, over
    ``width`` columns), with probability e⁵ / (e⁵ + 2)."""
    import numpy as np

    from discourse.stance.runtime import Linear

    intercept = np.array([5.0 if c == label else 0.0 for c in ("against", "favor", "none")])
    return Linear(["against", "favor", "none"], np.zeros((3, width)), intercept)


def with_reader(model: object, frame: str = "militarization", label: str = "favor") -> object:
    """A copy of the fitted ``model`` carrying a context reader (the ``own`` columns,
    filling only) that says ``label`` on ``frame`` of every sentence: what a run
    does with a reader, without fitting one."""
    import copy

    reading = copy.copy(model)
    frames = list(model.frames_)  # type: ignore[attr-defined]
    reading.context_ = {  # type: ignore[attr-defined]
        "frames": frames,
        "features": "own",
        "fill": True,
        "C": 1.0,
        "readers": {frame: always_reader(label, 2 * len(frames))},
    }
    return reading
