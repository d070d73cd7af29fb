"""The context reader as a scikit-learn estimator: fitting what a run applies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from discourse.stance import read_gold
from discourse.stance.context import ContextReader
from discourse.stance.corpus import CONTEXT_THREADS
from discourse.stance.frames import FRAME_NAMES

from ..conftest import CORPUS

FRAMES = list(FRAME_NAMES)


def test_a_null_label_leaves_the_sentence_out_of_that_frame():
    """Gold may leave a frame unlabelled (null): that is no class of its own."""
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(6, 3))
    y = pd.DataFrame(
        {
            "legalization": ["favor", "none", None, "against", "none", float("nan")],
            "militarization": ["none", "favor", "against", "none", "favor", "against"],
        }
    )
    reader = ContextReader().fit_matrix(matrix, y, ["legalization", "militarization"])
    assert sorted(reader.readers_["legalization"].classes_) == ["against", "favor", "none"]
    assert reader.readers_["legalization"].n_features_in_ == 3


@pytest.fixture(scope="module")
def threads() -> pd.DataFrame:
    """Ten of the training threads: eight to fit on, two to read."""
    gold = read_gold(CORPUS / "annotated" / CONTEXT_THREADS, frames=FRAMES)
    keep = list(dict.fromkeys(gold["thread"]))[:10]
    return gold[gold["thread"].isin(keep)].reset_index(drop=True)


@pytest.fixture(scope="module")
def fitted(threads):
    fit_on = threads[threads["thread"].isin(list(dict.fromkeys(threads["thread"]))[:8])]
    return ContextReader(None, features="compact", fill=True).fit(fit_on, fit_on[FRAMES])


@pytest.fixture(scope="module")
def unseen(threads):
    return threads[threads["thread"].isin(list(dict.fromkeys(threads["thread"]))[8:])]


@pytest.mark.slow  # fits a reader on eight threads: the default model reads ~500 sentences
def test_the_reader_fills_sides_the_model_left_none_and_keeps_its_own(fitted, unseen):
    """On threads it was not fitted on, the reader gives sides the sentence model
    missed (its purpose), and with ``fill`` never drops or flips the model's."""
    _, model_labels = fitted.read(unseen)
    read = fitted.predict(unseen)
    assert list(read.columns) == FRAMES and read.index.equals(unseen.index)
    sided = model_labels != "none"
    assert (read[sided] == model_labels[sided]).sum().sum() == sided.sum().sum()
    filled = (model_labels == "none") & (read != "none")
    assert filled.sum().sum() > 0


@pytest.mark.slow  # fits a reader on eight threads: the default model reads ~500 sentences
def test_the_reader_is_a_scikit_learn_estimator(fitted, unseen):
    """``clone`` copies the model's name, not a fitted model; a refit on the same
    threads reads the same."""
    copy = clone(fitted)
    assert copy.get_params() == {"model": None, "features": "compact", "C": 1.0, "fill": True}
    with pytest.raises(NotFittedError):
        copy.predict(unseen)
    assert "readers_" not in vars(copy)


@pytest.mark.slow  # fits a reader on eight threads: the default model reads ~500 sentences
def test_the_reader_reads_what_it_needs(fitted, threads):
    with pytest.raises(ValueError, match=r"\[E264\].*'body'"):
        fitted.predict(threads.rename(columns={"text": "body"}))
    with pytest.raises(ValueError, match=r"\[E265\].*legalization"):
        ContextReader(None).fit(threads, threads[FRAMES[:3]])
    standalone = fitted.predict(threads[["text"]].head(5))  # no thread: sentences alone
    assert standalone.shape == (5, len(FRAMES))


def test_a_frame_the_labels_cannot_teach_keeps_the_models_decisions():
    """A frame labelled with one label only (or none) gets no reader; the model's
    labels stand, and the state a model carries says which frames its columns read."""
    rng = np.random.default_rng(0)
    matrix = rng.normal(size=(6, 3))
    y = pd.DataFrame(
        {
            "legalization": ["favor", "none", "against", "against", "none", "favor"],
            "militarization": ["none"] * 6,
        }
    )
    frames = ["legalization", "militarization"]
    reader = ContextReader(features="own").fit_matrix(matrix, y, frames)
    assert list(reader.readers_) == ["legalization"]
    model_labels = pd.DataFrame({"legalization": ["none"] * 6, "militarization": ["favor"] * 6})
    read = reader.decide(matrix, model_labels)
    assert read["militarization"].tolist() == ["favor"] * 6
    state = reader.context_state()
    assert state["frames"] == frames and state["features"] == "own" and state["fill"] is True
    assert state["readers"]["legalization"] is reader.readers_["legalization"]
