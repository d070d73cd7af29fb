"""Reading a stance model's decisions again in their thread: the columns and the decision."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from discourse.stance.frames import FRAME_NAMES, LABELS
from discourse.stance.reading import (
    CONTEXT_FEATURES,
    context_matrix,
    log_odds,
    post_contexts,
    read_in_context,
    reread,
    strongest_in_context,
)

from .conftest import always_reader

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
    widths = {
        "own": 8,
        "blind": 8 + 8,
        "compact": 8 + 8 + 16 + 8 + 6,
        "full": 8 + 4 * 8 + 16,
        "sides": 8 + 16 + 8 + 3,
    }
    assert m.shape[1] == widths[features]


def test_bad_settings_say_what_is_wrong():
    probs = fake_probs(1, {})
    with pytest.raises(ValueError, match=r"\[E262\].*'vectors'.*compact"):
        context_matrix(probs, FRAMES, ["x"], features="vectors")
    with pytest.raises(ValueError, match=r"\[E263\].*'compact'.*encoder"):
        context_matrix(probs, FRAMES, ["x"], features="compact")
    assert context_matrix(probs, FRAMES, ["x"], features="own").shape == (1, 8)
    # the columns without vectors need no sentence encoder
    sides = context_matrix(
        fake_probs(5, {(0, "militarization"): "favor"}),
        FRAMES,
        list(THREAD.text),
        THREAD.post,
        THREAD.parent,
        features="sides",
    )
    mil = FRAMES.index("militarization")
    assert sides[2, 8 + 4 * mil] == pytest.approx(0.8)  # "This." sees the call for troops
    assert sides[:, -3:].tolist() == [[0, 0, 1], [0, 0, 1], [1, 1, 0], [1, 0, 0], [1, 1, 0]]


def test_each_sentence_knows_its_place_in_the_thread():
    where = post_contexts(5, THREAD.post, THREAD.parent)
    assert [w.before for w in where] == [None, 0, None, 2, None]
    assert where[0].others == [1] and where[3].others == [2]
    assert where[2].answered == where[3].answered == [0, 1]  # the comment answers the article
    assert where[4].answered == [2, 3]  # the reply answers the comment
    assert [w.article for w in where] == [True, True, False, False, False]
    alone = post_contexts(2)  # no posts: each sentence its own post, answering none
    assert all(w.before is None and not w.others and not w.answered for w in alone)
    assert not any(w.article for w in alone)


def test_filling_keeps_the_models_sides_and_fills_its_none():
    labels = {
        "legalization": np.array(["against", "none", "none"], dtype=object),
        "militarization": np.array(["none", "favor", "none"], dtype=object),
    }
    readers = {"legalization": always_reader("favor", 8)}
    matrix = np.zeros((3, 8))
    filled, probs = reread(readers, matrix, labels, fill=True)
    assert filled["legalization"].tolist() == ["against", "favor", "favor"]
    # a frame without a reader keeps the model's labels
    assert filled["militarization"].tolist() == ["none", "favor", "none"]
    # the reader's probabilities come in LABELS order (its classes are sorted otherwise)
    assert probs["legalization"].shape == (3, 3)
    assert probs["legalization"][0, LABELS.index("favor")] == pytest.approx(
        np.exp(5) / (np.exp(5) + 2)
    )
    assert "militarization" not in probs
    replaced, _ = reread(readers, matrix, labels, fill=False)
    assert replaced["legalization"].tolist() == ["favor"] * 3


def test_a_models_context_reads_the_thread_with_its_readers():
    """``read_in_context`` reads a model's ``context_`` as a run does; with the ``own``
    columns it needs no sentence vectors."""
    probs = fake_probs(5, {(0, "militarization"): "favor"})
    labels = {f: np.array(["none"] * 5, dtype=object) for f in FRAMES}
    labels["militarization"][0] = "favor"
    context = {
        "frames": FRAMES,
        "features": "own",
        "fill": True,
        "C": 3.0,
        "readers": {"militarization": always_reader("against", 8)},
    }
    decided, read = read_in_context(
        context, probs, labels, list(THREAD.text), THREAD.post, THREAD.parent
    )
    assert decided["militarization"].tolist() == ["favor"] + ["against"] * 4
    assert decided["legalization"].tolist() == ["none"] * 5
    assert list(read.probs) == ["militarization"]
    # the model's own side stands; the four sentences it left none the reader changed
    assert read.changed["militarization"].tolist() == [False, True, True, True, True]


def test_a_filled_side_points_at_the_context_that_holds_it():
    """The sentence of the post answered or of the rest of the post giving the side
    most; none for a sentence without context."""
    probs = fake_probs(5, {(0, "militarization"): "favor", (3, "militarization"): "against"})
    where = post_contexts(5, THREAD.post, THREAD.parent)
    mil = probs["militarization"]
    assert strongest_in_context(mil, "favor", where[2]) == 0  # "This." under the call for troops
    assert strongest_in_context(mil, "against", where[2]) == 3  # its own post's "never will"
    assert strongest_in_context(mil, "against", post_contexts(1)[0]) is None
