"""The compiled stance model: tags exactly like the skops model, loads without scikit-learn."""

from __future__ import annotations

import logging
import subprocess
import sys

import numpy as np
import pytest

from discourse.modelfiles import compiled_header, compiled_path, file_sha256
from discourse.stance.runtime import CompiledStance, Tfidf, read_compiled

from ..conftest import CORPUS


@pytest.fixture(scope="module")
def compiled() -> CompiledStance:
    """The shipped model's compiled form, as a run loads it."""
    from discourse.stance.tagger import default_model_path, load_runtime

    model = load_runtime(default_model_path())
    assert isinstance(model, CompiledStance), "the shipped compiled file is missing or stale"
    return model


def test_the_shipped_compiled_model_belongs_to_the_shipped_skops_file():
    """A retrained model shipped without its compiled form would silently cost every
    run 3 s; `discourse train` (save_model) writes both."""
    from discourse.stance.tagger import default_model_path

    path = default_model_path()
    assert compiled_path(path).is_file()
    read_compiled(compiled_path(path), file_sha256(path))  # raises when stale


def test_compiled_and_skops_models_give_the_same_probabilities_bit_for_bit(
    shipped, compiled, seed_gold
):
    from discourse.stance.analysis import as_spans

    texts = [r["text"] for r in seed_gold] + [
        "We should not legalize cannabis.",
        "Send in the marines!",
        "Guns from the US arm the cartels; close the gun-show loophole.",
        "",
    ]
    analyses = shipped.features_._analyse(as_spans(texts))
    want = shipped.proba_arrays(analyses)
    got = compiled.proba_arrays(analyses)
    assert list(got) == list(want) == compiled.frames_
    for frame in want:
        assert got[frame].tobytes() == want[frame].tobytes(), frame
        assert (compiled.decide(got[frame]) == shipped.decide(want[frame])).all()
    # the matrices themselves, not only what the estimators make of them
    a = shipped.features_.transform_analyses(analyses)
    b = compiled.features_.transform_analyses(analyses)
    assert a.shape == b.shape and (a != b).nnz == 0


@pytest.mark.slow
def test_compiled_and_skops_taggers_agree_on_the_dev_split(shipped, compiled):
    """Labels, scores, cues and holders of the whole dev split (886 sentences)."""
    from discourse.stance.corpus import load_corpus
    from discourse.stance.tagger import StanceTagger

    texts = load_corpus("dev", root=CORPUS.parent)["text"].tolist()
    assert StanceTagger(compiled).tag_spans(texts) == StanceTagger(shipped).tag_spans(texts)


def test_tfidf_stand_in_splits_and_weighs_like_scikit_learn():
    from sklearn.feature_extraction.text import TfidfVectorizer

    from discourse.stance.analysis import tfidf_transform

    docs = ["we must legalise it", "legalise it now now", "send troops", "", "it it it"]
    for ngram_range, lowercase in [((1, 1), False), ((1, 2), False), ((2, 3), True)]:
        vec = TfidfVectorizer(
            token_pattern=r"\S+", lowercase=lowercase, ngram_range=ngram_range, sublinear_tf=True
        ).fit([*docs, "We MUST"])
        terms = vec.get_feature_names_out().tolist()
        stand_in = Tfidf(
            terms,
            vec.idf_,
            token_pattern=r"\S+",
            lowercase=lowercase,
            ngram_range=ngram_range,
            sublinear_tf=True,
            norm="l2",
        )
        for doc in [*docs, "We MUST legalise it it"]:
            assert stand_in.build_analyzer()(doc) == vec.build_analyzer()(doc)
        want = vec.transform(docs)
        got = tfidf_transform(stand_in, docs)
        assert got.shape == want.shape and (got != want).nnz == 0
        assert np.array_equal(got.toarray(), want.toarray())


def _saved(tmp_path, small_train, **params):
    from discourse.stance import StanceClassifier, save_model
    from discourse.stance.frames import FRAME_NAMES

    clf = StanceClassifier(random_state=0, **params).fit(
        small_train["text"].tolist(), small_train[list(FRAME_NAMES)]
    )
    return clf, save_model(clf, tmp_path / "model.skops")


def test_save_model_writes_a_compiled_form_that_tags_like_the_model(tmp_path, small_train):
    from discourse.stance.tagger import StanceTagger, load_runtime

    clf, path = _saved(tmp_path, small_train)
    assert compiled_path(path) == tmp_path / "model.compiled.npz"
    model = load_runtime(path)
    assert isinstance(model, CompiledStance)
    texts = small_train["text"].tolist()[:30]
    assert StanceTagger(model).tag_spans(texts) == StanceTagger(clf).tag_spans(texts)


def test_a_model_the_compiled_form_cannot_hold_is_tagged_from_skops(tmp_path, small_train):
    """Character n-grams (and calibration) are not compiled: no file, the skops model is used."""
    from discourse.stance import StanceClassifier
    from discourse.stance.tagger import load_runtime

    _, path = _saved(tmp_path, small_train, char_ngrams=(3, 4))
    assert not compiled_path(path).exists()
    assert isinstance(load_runtime(path), StanceClassifier)


def test_a_stale_or_broken_compiled_file_falls_back_to_skops(tmp_path, small_train, caplog):
    from discourse.stance import StanceClassifier
    from discourse.stance.tagger import load_runtime

    _, path = _saved(tmp_path, small_train)
    # the skops file replaced by hand (another model, same name): the compiled one is stale
    stale = compiled_path(path).read_bytes()
    _, path = _saved(tmp_path, small_train, C=0.5)
    compiled_path(path).write_bytes(stale)
    with caplog.at_level(logging.WARNING):
        assert isinstance(load_runtime(path), StanceClassifier)
    assert "[W237]" in caplog.text and "another version of the model file" in caplog.text
    caplog.clear()
    # not an npz file; empty (a save interrupted); cut short
    for broken in (b"not an npz file", b"", stale[: len(stale) // 3]):
        caplog.clear()
        compiled_path(path).write_bytes(broken)
        path.touch()  # a new file version: not the cached load
        with caplog.at_level(logging.WARNING):
            assert isinstance(load_runtime(path), StanceClassifier)
        assert "[W237]" in caplog.text and str(compiled_path(path)) in caplog.text
        assert compiled_header(path) == {}


@pytest.mark.slow
def test_tagging_imports_neither_scikit_learn_nor_skops_nor_nltk(tmp_path):
    """What the compiled model is for: `discourse stance` and the run's stance stage
    start without the ~3 s of those imports."""
    (tmp_path / "in.jsonl").write_text('{"id": "a", "text": "We must legalize cannabis."}\n')
    code = (
        "import sys\n"
        "from discourse.stance import tag_jsonl\n"
        f"tag_jsonl({str(tmp_path / 'in.jsonl')!r}, {str(tmp_path / 'out.jsonl')!r})\n"
        "print(sorted(m for m in ('sklearn', 'skops', 'nltk', 'textblob') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
    assert '"legalization": "favor"' in (tmp_path / "out.jsonl").read_text()


def test_predict_proba_fast_is_the_estimators_predict_proba(shipped):
    """The check-free path gives every shipped estimator's probabilities bit for bit;
    binary, calibrated and dense-input cases go to ``predict_proba`` itself."""
    import numpy as np
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    from discourse.stance.runtime import predict_proba_fast

    analyses = shipped.analyse(["We must legalize cannabis.", "Send in the marines.", "Hi."])
    matrix = shipped.features_.transform_analyses(analyses)
    for est in shipped.estimators_.values():
        assert np.array_equal(predict_proba_fast(est, matrix), est.predict_proba(matrix))
    view = shipped.view_.transform([(a, f) for f in shipped.frames_ for a in analyses])
    got = predict_proba_fast(shipped.pooled_, view)
    assert got.tobytes() == shipped.pooled_.predict_proba(view).tobytes()

    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 3)), np.array(["favor", "none"] * 20)
    for est in (
        LogisticRegression().fit(x, y),
        CalibratedClassifierCV(LogisticRegression(), cv=2).fit(x, y),
    ):
        assert np.array_equal(predict_proba_fast(est, x), est.predict_proba(x))
    dense = matrix.toarray()
    est = next(iter(shipped.estimators_.values()))
    assert np.array_equal(predict_proba_fast(est, dense), est.predict_proba(dense))


def test_a_model_trained_with_its_own_frames_carries_their_propositions(tmp_path, small_train):
    """Maps and reports name a frame's proposition from the model in use: the compiled
    form (what a run loads) records them, and a compiled form written before they were
    recorded, or none, sends the question to the skops file's frames."""
    import json

    from discourse.argmap.claims import model_proposition, use_propositions
    from discourse.config import PipelineConfig
    from discourse.report import _use_model_frames
    from discourse.stance import Frame, StanceClassifier, load_frames, make_stance, save_model
    from discourse.stance.frames import FRAME_NAMES
    from discourse.stance.runtime import model_propositions
    from discourse.stance.tagger import frame_propositions, load_runtime

    harm = Frame(
        name="harm_reduction",
        definition="Needle exchanges, naloxone, supervised consumption.",
        proposition="Reduce the harms of drug use for people who use drugs",
        topic_cues=("needle exchange", "naloxone"),
    )
    labels = small_train[list(FRAME_NAMES)].assign(harm_reduction=small_train["legalization"])
    clf = StanceClassifier(frames=[*load_frames(), harm], random_state=0)
    path = save_model(clf.fit(small_train["text"].tolist(), labels), tmp_path / "hr.skops")
    want = {f.name: f.proposition for f in [*load_frames(), harm]}
    assert compiled_header(path)["propositions"] == want
    model = load_runtime(path)
    assert isinstance(model, CompiledStance) and model.propositions == want
    assert model_propositions(model) == model_propositions(clf) == want
    assert frame_propositions(path) == want
    # the shipped model carries none: its propositions are the package's frames file's
    assert frame_propositions("builtin") == {}
    # a compiled form from before: no "propositions" in its header; then none at all
    with np.load(compiled_path(path)) as npz:
        arrays = {k: npz[k] for k in npz.files}
    header = json.loads(str(arrays.pop("header")))
    del header["propositions"]
    np.savez(compiled_path(path), header=np.asarray(json.dumps(header)), **arrays)
    assert frame_propositions(path) == want
    compiled_path(path).unlink()
    assert frame_propositions(path) == want
    # a run (the stance stage) and `discourse report` (no model loaded) take them
    config = PipelineConfig.from_dict({"stance": {"model": str(path)}})
    before = use_propositions({})
    try:
        make_stance(config)
        assert model_proposition("harm_reduction") == harm.proposition
        use_propositions({})
        _use_model_frames(config)
        assert model_proposition("harm_reduction") == harm.proposition
    finally:
        use_propositions(before)


def test_a_context_reader_is_compiled_with_its_model(tmp_path, small_train):
    """The readers a model carries are written into its compiled form and read
    threads there exactly as from the skops file; a model without one has none."""
    import numpy as np
    import pandas as pd

    from discourse.stance import StanceClassifier, save_model
    from discourse.stance.context import ContextReader
    from discourse.stance.frames import FRAME_NAMES
    from discourse.stance.runtime import Linear
    from discourse.stance.tagger import load_runtime

    frames = list(FRAME_NAMES)
    clf = StanceClassifier(random_state=0).fit(small_train["text"].tolist(), small_train[frames])
    texts = small_train["text"].tolist()[:12]
    thread = pd.DataFrame(
        {"text": texts, "post": ["a"] * 4 + ["b"] * 4 + ["c"] * 4, "parent": [None] * 4 + ["a"] * 8}
    )
    reader = ContextReader(features="own", C=1.0)
    matrix, _ = reader.read(small_train, clf)
    clf.context_ = reader.fit_matrix(matrix, small_train, frames).context_state()
    path = save_model(clf, tmp_path / "model.skops")
    compiled = load_runtime(path)
    assert isinstance(compiled, CompiledStance)
    assert compiled.context_ is not None and compiled.context_["features"] == "own"
    assert all(isinstance(r, Linear) for r in compiled.context_["readers"].values())
    analyses = clf.analyse(texts)
    posts, parents = list(thread.post), list(thread.parent)
    probs, labels, read = clf.decide_sentences(analyses, posts, parents)
    c_probs, c_labels, c_read = compiled.decide_sentences(analyses, posts, parents)
    assert read is not None and c_read is not None
    for f in frames:
        np.testing.assert_array_equal(probs[f], c_probs[f])
        np.testing.assert_array_equal(labels[f], c_labels[f])
        np.testing.assert_allclose(read.probs[f], c_read.probs[f], rtol=1e-12)
        np.testing.assert_array_equal(read.changed[f], c_read.changed[f])
    pd.testing.assert_frame_equal(clf.predict(thread), pd.DataFrame(labels, columns=frames))
    (tmp_path / "plain").mkdir()
    _, plain = _saved(tmp_path / "plain", small_train)
    assert load_runtime(plain).context_ is None
