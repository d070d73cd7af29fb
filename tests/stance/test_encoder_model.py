"""The ``encoder`` feature family and the shipped model that uses it."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import clone

from discourse.config import PipelineConfig
from discourse.encoder import WIDTH, load_encoder
from discourse.modelfiles import compiled_path, file_sha256, shipped_model
from discourse.stance.frames import FRAME_NAMES
from discourse.stance.runtime import CompiledStance, read_compiled

TEXTS = [
    "We should legalize cannabis and tax it.",
    "Criminals don't obey laws, so new gun laws only disarm the law-abiding.",
    "Send in the marines!",
    "",
]


@pytest.fixture(scope="module")
def encoder_model(small_train):
    from discourse.stance import StanceClassifier

    return StanceClassifier(encoder=True, pooled=0.3, tensor=False).fit(
        small_train["text"], small_train[list(FRAME_NAMES)]
    )


def test_models_saved_before_the_family_read_it_as_off(shipped):
    """The default model was saved before the setting existed: scikit-learn still
    reads every setting (get_params, clone, repr), and no column is added."""
    assert shipped.get_params()["encoder"] is False
    assert shipped.get_params()["encoder_cues"] == 0.0
    assert clone(shipped).get_params()["encoder"] is False
    assert repr(shipped).startswith("StanceClassifier(")
    assert not any(n.startswith("encoder:") for n in shipped.features_.get_feature_names_out())


def test_the_family_adds_the_sentence_vector(encoder_model):
    names = encoder_model.features_.get_feature_names_out()
    assert [n for n in names if n.startswith("encoder:")] == [f"encoder:{i}" for i in range(WIDTH)]
    assert encoder_model.features_.encoder_digest_ == load_encoder().digest
    view_names = encoder_model.view_.get_feature_names_out()
    assert sum(n.startswith("encoder:") for n in view_names) == WIDTH
    # the block is the vector itself, scaled by encoder_weight
    from discourse.stance.analysis import as_spans

    analyses = encoder_model.features_._analyse(as_spans(TEXTS[:1]))
    row = encoder_model.features_.transform_analyses(analyses).toarray()[0, -WIDTH:]
    np.testing.assert_allclose(row, load_encoder().encode(TEXTS[:1])[0], atol=1e-6)


def test_compiled_form_tags_like_the_skops_model(tmp_path, encoder_model):
    from discourse.stance.analysis import as_spans
    from discourse.stance.tagger import load_runtime, save_model

    path = save_model(encoder_model, tmp_path / "enc.skops")
    runtime = load_runtime(path)
    assert isinstance(runtime, CompiledStance)
    analyses = encoder_model.features_._analyse(as_spans(TEXTS))
    want = encoder_model.proba_arrays(analyses)
    got = runtime.proba_arrays(analyses)
    for frame in want:
        assert got[frame].tobytes() == want[frame].tobytes(), frame


@pytest.fixture(scope="module")
def cue_model(small_train):
    from discourse.stance import StanceClassifier

    return StanceClassifier(encoder=True, encoder_cues=1.5, pooled=0.3, tensor=False).fit(
        small_train["text"], small_train[list(FRAME_NAMES)]
    )


def test_cue_vectors_read_each_frames_cue_words_in_context(cue_model, encoder_model):
    """``encoder_cues``: per frame, the pooled states of that frame's cue words
    (zeros for a frame without one), after the sentence vector; off in models
    fitted without it."""
    from discourse.stance.analysis import as_spans, cue_parts

    feats = cue_model.features_
    names = list(feats.get_feature_names_out())
    assert names[-len(FRAME_NAMES) * WIDTH :] == [
        f"encoder:{f}:{i}" for f in FRAME_NAMES for i in range(WIDTH)
    ]
    assert not encoder_model.features_.encoder_cue_width_
    analyses = feats._analyse(as_spans(TEXTS[:1]))  # "We should legalize cannabis and tax it."
    parts = cue_parts(analyses[0], FRAME_NAMES)
    text = analyses[0].span.text
    assert any("legalize" in text[a:b] for a, b in parts[FRAME_NAMES.index("legalization")])
    assert parts[FRAME_NAMES.index("militarization")] == ()
    row = feats.transform_analyses(analyses).toarray()[0]
    cues = row[-len(FRAME_NAMES) * WIDTH :].reshape(len(FRAME_NAMES), WIDTH) / 1.5
    _, (want,) = load_encoder().encode_parts([text], [parts])
    np.testing.assert_allclose(cues, want, atol=1e-6)
    assert not cues[FRAME_NAMES.index("militarization")].any()
    np.testing.assert_allclose(np.linalg.norm(cues[FRAME_NAMES.index("legalization")]), 1.0)
    # the shared frame-relative model keeps the sentence vector alone
    view_names = cue_model.view_.get_feature_names_out()
    assert sum(n.startswith("encoder:") for n in view_names) == WIDTH


def test_compiled_form_of_a_cue_model_tags_like_skops(tmp_path, cue_model):
    from discourse.stance.analysis import as_spans
    from discourse.stance.tagger import load_runtime, save_model

    runtime = load_runtime(save_model(cue_model, tmp_path / "cues.skops"))
    assert isinstance(runtime, CompiledStance)
    analyses = cue_model.features_._analyse(as_spans(TEXTS))
    want, got = cue_model.proba_arrays(analyses), runtime.proba_arrays(analyses)
    for frame in want:
        assert got[frame].tobytes() == want[frame].tobytes(), frame


def test_other_encoder_weights_are_refused(encoder_model, monkeypatch):
    """Vectors from other weights would be read as if they were the fitted ones."""
    monkeypatch.setattr(load_encoder(), "digest", "0" * 16)
    with pytest.raises(ValueError, match=r"\[E217\]"):
        encoder_model.predict(TEXTS[:1])


@pytest.mark.slow
def test_the_shipped_encoder_model(seed_thread, nlp):
    """Shipped with its compiled form, named "encoder" in the config and on the command
    line, and better than the default model on the dev split it was not trained on."""
    from discourse.segment import parse_threads
    from discourse.stance import load_model
    from discourse.stance.tagger import load_runtime, load_tagger, model_path

    path = shipped_model("encoder")
    read_compiled(compiled_path(path), file_sha256(path))  # raises when missing or stale
    config = PipelineConfig.from_dict({"stance": {"model": "encoder"}})
    assert model_path(config) == path
    assert isinstance(load_runtime("encoder"), CompiledStance)
    assert load_tagger("encoder").source == str(path)  # the name, as load_model takes it
    info = load_model("encoder").training_info_
    # trained by `discourse train --encoder` with the settings the code names
    from discourse.stance.train import ENCODER_PARAMS

    assert {k: info["params"][k] for k in ENCODER_PARAMS} == {
        k: repr(v) for k, v in ENCODER_PARAMS.items()
    }
    assert info["dev"]["f_avg"] > load_model().training_info_["dev"]["f_avg"]
    table = load_tagger(config).tag_parsed(next(parse_threads([seed_thread], nlp)))
    assert set(table["frame"]) == set(FRAME_NAMES)
    assert (table["label"] != "none").any()
