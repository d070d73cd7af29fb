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
