"""Fine-tuning the encoder's top layers (``discourse.stance.tuning``) and the
``tune`` setting of the stance model that blends it in."""

from __future__ import annotations

import numpy as np
import pytest

from discourse.encoder import WIDTH, layer_forward, load_encoder
from discourse.stance.frames import FRAME_NAMES, LABELS
from discourse.stance.tuning import EncoderTuner, layer_backward

TEXTS = [
    "We should legalize cannabis and tax it.",
    "Send in the marines!",
    "",
]


def _layer(rng: np.random.RandomState) -> dict[str, np.ndarray]:
    """A random layer at double precision, shaped like the encoder's."""

    def m(rows: int, cols: int) -> np.ndarray:
        return rng.standard_normal((rows, cols)) * 0.05

    return {
        "qkv": m(WIDTH, 3 * WIDTH),
        "qkv_b": rng.standard_normal(3 * WIDTH) * 0.05,
        "out": m(WIDTH, WIDTH),
        "out_b": rng.standard_normal(WIDTH) * 0.05,
        "norm1": 1 + rng.standard_normal(WIDTH) * 0.1,
        "norm1_b": rng.standard_normal(WIDTH) * 0.1,
        "up": m(WIDTH, 4 * WIDTH),
        "up_b": rng.standard_normal(4 * WIDTH) * 0.05,
        "down": m(4 * WIDTH, WIDTH),
        "down_b": rng.standard_normal(WIDTH) * 0.05,
        "norm2": 1 + rng.standard_normal(WIDTH) * 0.1,
        "norm2_b": rng.standard_normal(WIDTH) * 0.1,
    }


def test_layer_backward_matches_finite_differences():
    """Every weight's gradient, and the input's, against central differences of
    a loss on the layer's output (one padded position included)."""
    rng = np.random.RandomState(0)
    lay = _layer(rng)
    n, length, heads = 2, 4, 12
    x = rng.standard_normal((n * length, WIDTH))
    mask = np.array([[1, 1, 1, 1], [1, 1, 1, 0]], dtype=np.float64)
    blocked = ((mask - 1.0) * 1e9)[:, None, None, :]
    probe = rng.standard_normal((n * length, WIDTH)) * mask.reshape(-1, 1)

    def loss() -> float:
        return float((layer_forward(x, blocked, lay, (n, length), heads) * probe).sum())

    kept: dict[str, np.ndarray] = {}
    layer_forward(x, blocked, lay, (n, length), heads, kept)
    d_x, grads = layer_backward(probe, kept, lay, (n, length), heads)
    assert set(grads) == set(lay)

    def numeric(array: np.ndarray, index: tuple[int, ...]) -> float:
        old = array[index]
        array[index] = old + 1e-5
        up = loss()
        array[index] = old - 1e-5
        down = loss()
        array[index] = old
        return (up - down) / 2e-5

    for name, weight in lay.items():
        if name == "qkv_b":  # the key bias cancels in softmax: its gradient is 0
            assert np.abs(grads[name][WIDTH : 2 * WIDTH]).max() < 1e-9
        for _ in range(3):
            index = tuple(rng.randint(s) for s in weight.shape)
            if name == "qkv_b" and WIDTH <= index[0] < 2 * WIDTH:
                continue
            assert grads[name][index] == pytest.approx(numeric(weight, index), rel=1e-4, abs=1e-7)
    for _ in range(5):
        index = (rng.randint(n * length - 1), rng.randint(WIDTH))
        assert d_x[index] == pytest.approx(numeric(x, index), rel=1e-4, abs=1e-7)


def _columns(labels: list[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {"legalization": (np.asarray(labels), np.ones(len(labels), dtype=bool))}


TOY = [
    ("We must legalize cannabis.", "favor"),
    ("Legal weed would end the black market.", "favor"),
    ("Regulate and tax marijuana like alcohol.", "favor"),
    ("Decriminalise drug use now.", "favor"),
    ("Never legalize cannabis.", "against"),
    ("Legal weed would poison our kids.", "against"),
    ("Keep marijuana illegal.", "against"),
    ("Decriminalising drugs would be a disaster.", "against"),
    ("The weather was fine in Guatemala.", "none"),
    ("The summit opens on Monday.", "none"),
    ("He visited the capital last week.", "none"),
    ("The report has forty pages.", "none"),
]


@pytest.fixture(scope="module")
def toy_tuner() -> EncoderTuner:
    texts, labels = zip(*TOY, strict=True)
    return EncoderTuner(top=1, epochs=25, lr=1e-3, batch_size=4).fit(
        list(texts), _columns(list(labels))
    )


def test_the_tuner_learns_its_training_sentences(toy_tuner):
    texts, labels = zip(*TOY, strict=True)
    probs = toy_tuner.proba(list(texts))["legalization"]
    assert probs.shape == (len(TOY), len(LABELS))
    np.testing.assert_allclose(probs.sum(1), 1.0, atol=1e-6)
    predicted = [LABELS[i] for i in probs.argmax(1)]
    assert predicted == list(labels)


def test_the_tuner_is_reproducible_and_kept_at_half_precision(toy_tuner):
    texts, labels = zip(*TOY, strict=True)
    again = EncoderTuner(top=1, epochs=25, lr=1e-3, batch_size=4).fit(
        list(texts), _columns(list(labels))
    )
    assert all(v.dtype == np.float16 for lay in again.layers_ for v in lay.values())
    assert again.head_.dtype == np.float16
    for mine, theirs in zip(toy_tuner.layers_, again.layers_, strict=True):
        for key in mine:
            assert mine[key].tobytes() == theirs[key].tobytes(), key
    # the untuned encoder layers are not touched
    enc = load_encoder()
    assert not np.array_equal(enc._layers[-1]["up"], toy_tuner.layers_[0]["up"].astype(np.float32))


def test_the_tuner_refuses_more_layers_than_the_encoder_has():
    with pytest.raises(ValueError, match=r"\[E252\].*top"):
        EncoderTuner(top=7).fit(["a"], _columns(["none"]))


@pytest.fixture(scope="module")
def tuned_model(small_train):
    from discourse.stance import StanceClassifier

    return StanceClassifier(encoder=True, pooled=0.3, tensor=False, tune=0.5, tune_epochs=2).fit(
        small_train["text"], small_train[list(FRAME_NAMES)]
    )


def test_tune_blends_the_tuned_encoder_into_the_model(tuned_model):
    from discourse.stance.analysis import as_spans
    from discourse.stance.runtime import blend

    assert tuned_model.tuner_.frames_ == list(FRAME_NAMES)
    analyses = tuned_model.analyse(TEXTS)
    got = tuned_model.proba_arrays(analyses)
    tuned = tuned_model.tuner_.proba([a.span.text for a in analyses])
    tuned_model.tuner_, saved = None, tuned_model.tuner_
    try:
        alone = tuned_model.proba_arrays(tuned_model.features_._analyse(as_spans(TEXTS)))
    finally:
        tuned_model.tuner_ = saved
    for frame in FRAME_NAMES:
        np.testing.assert_allclose(got[frame], blend(alone[frame], tuned[frame], 0.5))
        assert not np.allclose(got[frame], alone[frame])


def test_tuned_model_saves_and_compiles_exactly(tmp_path, tuned_model):
    from discourse.stance.runtime import CompiledStance
    from discourse.stance.tagger import load_model, load_runtime, save_model

    path = save_model(tuned_model, tmp_path / "tuned.skops")
    analyses = tuned_model.analyse(TEXTS)
    want = tuned_model.proba_arrays(analyses)
    runtime = load_runtime(path)
    assert isinstance(runtime, CompiledStance)
    loaded = load_model(path)
    for model in (runtime, loaded):
        got = model.proba_arrays(analyses)
        for frame in want:
            assert got[frame].tobytes() == want[frame].tobytes(), frame


@pytest.mark.parametrize(
    ("name", "value"), [("tune", 1.5), ("tune_layers", 0), ("tune_layers", 7), ("tune_lr", 0.0)]
)
def test_tune_settings_out_of_range_are_refused_before_work(name, value):
    from discourse.stance import StanceClassifier

    with pytest.raises(ValueError, match=rf"\[E252\] StanceClassifier\({name}="):
        StanceClassifier(encoder=True, **{name: value}).fit(
            ["a", "b"], {"legalization": ["favor", "none"]}
        )


def test_tune_needs_the_encoder_setting():
    from discourse.stance import StanceClassifier

    with pytest.raises(ValueError, match=r"\[E252\].*tune=0.5.*encoder=True"):
        StanceClassifier(tune=0.5).fit(["a", "b"], {"legalization": ["favor", "none"]})


@pytest.mark.parametrize(
    ("name", "value"),
    [("epochs", 0), ("batch_size", 0), ("dropout", 1.0), ("lr", float("inf")), ("lr", 0.0)],
)
def test_the_tuner_refuses_settings_training_cannot_use(name, value):
    """Used directly (it is public), the tuner checks its own settings before work."""
    with pytest.raises(ValueError, match=rf"\[E252\] EncoderTuner\({name}="):
        EncoderTuner(**{name: value}).fit(["a"], _columns(["none"]))


def test_an_infinite_learning_rate_is_refused_not_turned_into_favor_everywhere():
    from discourse.stance import StanceClassifier

    with pytest.raises(ValueError, match=r"\[E252\] StanceClassifier\(tune_lr=inf\)"):
        StanceClassifier(encoder=True, tune=0.5, tune_lr=float("inf")).fit(
            ["a", "b"], {"legalization": ["favor", "none"]}
        )


def test_numpy_settings_from_a_grid_search_save_and_compile(tmp_path, small_train, caplog):
    """GridSearchCV hands NumPy scalars (and a user may pass a RandomState): the
    model still saves, and its compiled form tags exactly as it does."""
    from discourse.stance import StanceClassifier
    from discourse.stance.runtime import CompiledStance
    from discourse.stance.tagger import load_runtime, save_model

    rows = small_train.head(60)
    model = StanceClassifier(
        encoder=True,
        tensor=False,
        tune=np.float32(0.5),
        tune_layers=np.int64(1),
        tune_epochs=np.int64(1),
        tune_lr=np.float32(5e-4),
        random_state=np.random.RandomState(0),
    ).fit(rows["text"], rows[list(FRAME_NAMES)])
    with caplog.at_level("WARNING"):
        path = save_model(model, tmp_path / "grid.skops")
        runtime = load_runtime(path)
    assert isinstance(runtime, CompiledStance) and "W237" not in caplog.text
    analyses = model.analyse(TEXTS)
    want, got = model.proba_arrays(analyses), runtime.proba_arrays(analyses)
    for frame in want:
        assert got[frame].tobytes() == want[frame].tobytes(), frame


def test_explain_gives_the_tuned_encoder_a_row_and_still_adds_up(tuned_model):
    text = TEXTS[0]
    shares = tuned_model.explain(text, "legalization", n=None)
    sums = shares[["favor", "against", "none"]].sum().to_numpy()
    got = np.exp(sums - sums.max())
    proba = tuned_model.predict_proba([text])["legalization"].to_numpy()[0]
    np.testing.assert_allclose(got / got.sum(), proba, atol=1e-6)
    assert "(fine-tuned encoder)" in shares.index
