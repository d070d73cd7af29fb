"""The context reader: a stance model's decisions read again with the sentence's thread."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from discourse.stance import read_gold
from discourse.stance.context import (
    CONTEXT_FEATURES,
    ContextReader,
    combine,
    context_matrix,
    log_odds,
)
from discourse.stance.corpus import CONTEXT_THREADS
from discourse.stance.frames import FRAME_NAMES, LABELS

from ..conftest import CORPUS

FRAMES = list(FRAME_NAMES)
# an article of two sentences, a comment answering it, a reply to the comment
THREAD = pd.DataFrame(
    {
        "text": [
            "The army will patrol the border.",
            "Officials announced it on Monday.",
            "This.",
            "Troops never stopped a single shipment and never will.",
            "Nonsense.",
        ],
        "post": ["art", "art", "c1", "c1", "c2"],
        "parent": [None, None, "art", "art", "c1"],
    }
)


def fake_probs(n: int, sides: dict[tuple[int, str], str]) -> dict[str, np.ndarray]:
    """Probabilities with ``none`` at 0.9 except the sides given, at 0.8."""
    probs = {f: np.tile([0.05, 0.05, 0.9], (n, 1)) for f in FRAMES}
    for (i, frame), label in sides.items():
        row = np.full(3, 0.1)
        row[LABELS.index(label)] = 0.8
        probs[frame][i] = row
    return probs


def unit_vectors(n: int, width: int = 8) -> np.ndarray:
    vec = np.random.default_rng(0).normal(size=(n, width))
    return vec / np.linalg.norm(vec, axis=1, keepdims=True)


def test_a_reply_carries_the_side_of_the_post_it_answers():
    """ "This." answering an article that calls for troops sees that call in its
    columns; the article's own sentences see no post answered."""
    probs = fake_probs(5, {(0, "militarization"): "favor", (3, "militarization"): "against"})
    vec = unit_vectors(5)
    m = context_matrix(probs, FRAMES, list(THREAD.text), THREAD.post, THREAD.parent, vec, "compact")
    n_own, width = 2 * len(FRAMES), vec.shape[1]
    sides = m[:, n_own + width : n_own + width + 4 * len(FRAMES)]
    mil = FRAMES.index("militarization")
    answered_favor, answered_against = 4 * mil, 4 * mil + 1
    rest_favor, rest_against = 4 * mil + 2, 4 * mil + 3
    assert sides[2, answered_favor] == pytest.approx(0.8)  # "This." under the call for troops
    assert sides[2, rest_against] == pytest.approx(0.8)  # and beside the comment's "never will"
    assert sides[4, answered_against] == pytest.approx(0.8)  # "Nonsense." answers that comment
    assert sides[0, answered_favor] == sides[0, answered_against] == 0.0  # the article answers none
    assert sides[1, rest_favor] == pytest.approx(0.8)  # but its other sentence is its post's
    previous = m[:, n_own + width + 4 * len(FRAMES) : n_own + width + 6 * len(FRAMES)]
    own = log_odds(probs, FRAMES)
    np.testing.assert_allclose(previous[3], own[2])  # the sentence before, in the same post
    assert not previous[2].any()  # a post's first sentence has none
    flags = m[:, -3:]  # a reply, short, an article sentence
    assert flags[:, 0].tolist() == [0, 0, 1, 1, 1]
    assert flags[:, 1].tolist() == [0, 0, 1, 0, 1]
    assert flags[:, 2].tolist() == [1, 1, 0, 0, 0]


def test_standalone_sentences_have_no_context():
    """Without post ids each sentence is its own post: only its own columns are set."""
    probs = fake_probs(3, {(0, "legalization"): "favor"})
    vec = unit_vectors(3)
    texts = ["Legalize it.", "No.", "Tax it."]
    m = context_matrix(probs, FRAMES, texts, vectors=vec)
    n_own, width = 2 * len(FRAMES), vec.shape[1]
    context = m[:, n_own + width :]
    assert not context[:, :-2].any()  # no sides, no sentence before, no similarity, no reply
    assert context[:, -1].tolist() == [0, 0, 0]  # and no article either


def test_sentences_without_a_post_stand_alone_among_threaded_ones():
    """Two lines with a null post are not one post: neither sees the other."""
    probs = fake_probs(4, {(1, "legalization"): "favor"})
    vec = unit_vectors(4)
    texts = ["Legalize it.", "Tax it.", "The army will patrol.", "Send them."]
    posts = [float("nan"), None, "art", "art"]
    m = context_matrix(probs, FRAMES, texts, posts, [None] * 4, vec)
    n_own, width = 2 * len(FRAMES), vec.shape[1]
    assert not m[:2, n_own + width : -2].any()  # no sides, no sentence before, no reply
    assert m[:2, -1].tolist() == [0, 0]  # and no article
    assert m[2:, -1].tolist() == [1, 1]  # the article's sentences are flagged


@pytest.mark.parametrize("features", CONTEXT_FEATURES)
def test_each_column_set_has_one_row_per_sentence(features):
    probs = fake_probs(5, {})
    m = context_matrix(
        probs, FRAMES, list(THREAD.text), THREAD.post, THREAD.parent, unit_vectors(5), features
    )
    assert m.shape[0] == 5
    assert np.isfinite(m).all()
    widths = {"own": 8, "blind": 8 + 8, "compact": 8 + 8 + 16 + 8 + 6, "full": 8 + 4 * 8 + 16}
    assert m.shape[1] == widths[features]


def test_bad_settings_say_what_is_wrong():
    probs = fake_probs(1, {})
    with pytest.raises(ValueError, match=r"\[E262\].*'vectors'.*compact"):
        context_matrix(probs, FRAMES, ["x"], features="vectors")
    with pytest.raises(ValueError, match=r"\[E263\].*'compact'.*encoder"):
        context_matrix(probs, FRAMES, ["x"], features="compact")
    assert context_matrix(probs, FRAMES, ["x"], features="own").shape == (1, 8)


def test_fill_keeps_every_side_the_model_gives():
    model = pd.DataFrame({"legalization": ["favor", "none", "none"]})
    read = pd.DataFrame({"legalization": ["against", "against", "none"]})
    assert combine(model, read, fill=True).legalization.tolist() == ["favor", "against", "none"]
    assert combine(model, read, fill=False).legalization.tolist() == ["against", "against", "none"]


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
