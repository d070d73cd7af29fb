from __future__ import annotations

import numpy as np
import pytest

from discourse.stance import FRAME_NAMES, StanceClassifier
from discourse.stance.analysis import as_spans, own_scope_words
from discourse.stance.features import StanceFeatures
from discourse.stance.pooled import FrameView
from discourse.stance.runtime import blend


def test_own_scope_words_keeps_one_frame_and_strips_its_prefix():
    text = "legalization|fail legalization|need_NEG militarization|fail"
    assert own_scope_words(text, "legalization") == "fail need_NEG"
    assert own_scope_words(text, "militarization") == "fail"
    assert own_scope_words(text, "arms_control") == ""


def test_frame_view_sees_the_same_words_whichever_frame_they_are_about():
    feats = StanceFeatures(tfidf=True, min_df=1)
    feats._prepare()
    analyses = feats._analyse(
        as_spans(["Legalizing cannabis has failed us.", "The military crackdown has failed."])
    )
    pairs = [(analyses[0], "legalization"), (analyses[1], "militarization")]
    view = FrameView(list(FRAME_NAMES)).fit(pairs * 2)
    matrix = view.transform(pairs).toarray()
    names = list(view.get_feature_names_out())
    fail = names.index("view:fail")
    # "fail" next to each sentence's own cue is one column, shared by both frames
    assert matrix[0, fail] > 0 and matrix[1, fail] > 0
    # the frame enters only as its one-hot column
    assert matrix[0, names.index("frame:legalization")] == 1
    assert matrix[1, names.index("frame:militarization")] == 1
    # seen from a frame it does not mention, a sentence has no scope words
    other = view.transform([(analyses[0], "arms_control")]).toarray()
    assert other[0, fail] == 0


def test_blend_weights_and_normalisation():
    own = np.array([[0.7, 0.1, 0.2], [0.2, 0.2, 0.6]])
    pooled = np.array([[0.1, 0.8, 0.1], [0.3, 0.3, 0.4]])
    np.testing.assert_allclose(blend(own, pooled, 0.0), own)
    np.testing.assert_allclose(blend(own, pooled, 1.0), pooled)
    mid = blend(own, pooled, 0.5)
    np.testing.assert_allclose(mid.sum(axis=1), 1.0)
    # the geometric mean of 0.7/0.1 and 0.1/0.8 for the first two labels
    assert mid[0, 0] / mid[0, 1] == pytest.approx(np.sqrt(0.7 * 0.1) / np.sqrt(0.1 * 0.8))


def test_pooled_model_changes_probabilities_and_survives_clone(small_train):
    texts, labels = small_train["text"], small_train[list(FRAME_NAMES)]
    plain = StanceClassifier(min_df=1).fit(texts, labels)
    pooled = StanceClassifier(min_df=1, pooled=0.3).fit(texts, labels)
    assert plain.pooled_ is None and pooled.pooled_ is not None
    a, b = plain.predict_proba(texts), pooled.predict_proba(texts)
    for frame in FRAME_NAMES:
        np.testing.assert_allclose(b[frame].sum(axis=1), 1.0)
    assert not np.allclose(a.to_numpy(), b.to_numpy())
    from sklearn.base import clone

    assert clone(pooled).get_params()["pooled"] == 0.3


def test_sentence_block_vectorises_each_sentence_once_with_the_same_result():
    feats = StanceFeatures(min_df=1)
    feats._prepare()
    analyses = feats._analyse(
        as_spans(["We must legalize cannabis now.", "Send more troops.", "Nice weather today."])
    )
    pairs = [(a, f) for f in FRAME_NAMES for a in analyses]
    view = FrameView(list(FRAME_NAMES), sentence_weight=1.0).fit(pairs)
    direct = view.sentence_vectorizer_.transform(view._sentence_words(pairs)).toarray()
    np.testing.assert_allclose(view._gated_sentences(pairs).toarray(), direct)
    # only pairs whose frame has a cue in the sentence carry its words
    assert direct[list(FRAME_NAMES).index("legalization") * 3].any()
    assert not direct[list(FRAME_NAMES).index("arms_control") * 3].any()


def test_frame_view_dense_columns_are_each_frames_slice_of_the_scope_block():
    """Each pair's scope columns are its frame's slice of ``scope_dense`` (zeros when a
    sentence has none), read once per sentence however many frames see it."""
    from dataclasses import replace

    from discourse.stance.analysis import SCOPE_NAMES

    feats = StanceFeatures(tfidf=True, min_df=1)
    feats._prepare()
    analyses = feats._analyse(
        as_spans(["We should not legalize cannabis?", "Send in the marines to end the war."])
    )
    bare = replace(analyses[0], scope_dense=None)
    frames = list(FRAME_NAMES)
    pairs = [(a, f) for f in frames for a in (*analyses, bare)]
    dense = FrameView(frames)._dense(pairs)
    n = len(SCOPE_NAMES)
    assert dense.shape == (len(pairs), 8 + n) and dense.dtype == np.float64
    assert dense[0, 7] == 1.0  # the question column, read once for all its frames
    for row, (a, f) in zip(dense, pairs, strict=True):
        k = frames.index(f)
        want = np.zeros(n) if a.scope_dense is None else a.scope_dense[k * n : (k + 1) * n]
        assert row[8:].tobytes() == np.asarray(want, dtype=np.float64).tobytes()
    assert dense[:, 8:].any()
