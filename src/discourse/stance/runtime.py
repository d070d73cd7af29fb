"""Tagging with a fitted stance model without importing scikit-learn or skops.

A run only *applies* the stance model, yet loading it the usual way costs
about 3 s of every run's start-up: importing scikit-learn (1.7 s, most of it
SciPy modules the model never calls), importing skops (0.8 s: it imports
every scikit-learn estimator to know their types) and skops's audit of the
8 MB of JSON the vocabularies become (0.7 s).

So :func:`~discourse.stance.tagger.save_model` writes, next to the skops
file, the fitted state a tagger reads — vocabularies, IDF weights, scalings,
coefficients and settings — as plain arrays in a NumPy ``.npz`` file (no
pickle) that records the SHA-256 of the skops file it came from
(:func:`~discourse.modelfiles.compiled_path`). :func:`~discourse.stance.tagger.load_tagger` uses it
when that checksum matches and loads the skops file otherwise (another
model, an edited file, settings this module does not reproduce). The skops
file stays the model: notebooks, ``discourse train`` and ``discourse eval``
load it as a :class:`~discourse.stance.classifier.StanceClassifier`.

Both go through the same code: :class:`~discourse.stance.analysis.FeatureMatrix`,
:class:`~discourse.stance.analysis.ViewMatrix` and :class:`ClassifierProba`
are mixed into the scikit-learn classes and into the compiled ones here, and
the plain stand-ins (:class:`Tfidf`, :class:`Scaler`, :class:`Linear`)
compute what scikit-learn's fitted objects compute, bit for bit (tested on
the shipped model, the dev split and the seed thread).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from numbers import Integral, Real
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import scipy.sparse as sp

from ..modelfiles import (
    COMPILED_FORMAT,
    compiled_path,
    file_sha256,
    header_problem,
    model_digest,
)
from ..tfidf import word_ngrams
from .analysis import FeatureMatrix, SentenceAnalysis, ViewMatrix, tfidf_transform
from .frames import LABELS

if TYPE_CHECKING:  # imported where read: reading imports this module
    from .reading import ThreadReading


def _quiet_checks() -> AbstractContextManager[Any]:
    """scikit-learn's input checks off, when scikit-learn is imported at all.

    A compiled model never reaches scikit-learn; a fitted
    :class:`~discourse.stance.classifier.StanceClassifier` has it imported.
    """
    sklearn = sys.modules.get("sklearn")
    if sklearn is None:
        return nullcontext()
    return sklearn.config_context(assume_finite=True, skip_parameter_validation=True)


def blend(own: np.ndarray, pooled: np.ndarray, weight: float) -> np.ndarray:
    """Geometric blend of two ``(n, k)`` probability arrays, rows renormalised.

    ``weight`` 0 returns ``own``, 1 returns ``pooled``; in between the log
    probabilities are mixed, so a confident model is not averaged away.
    """
    if weight <= 0:
        return own
    if weight >= 1:
        return pooled
    eps = 1e-9
    logp = (1 - weight) * np.log(own + eps) + weight * np.log(pooled + eps)
    logp -= logp.max(axis=1, keepdims=True)
    out = np.exp(logp)
    return out / out.sum(axis=1, keepdims=True)


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    """Row-wise softmax of ``scores`` in place: scikit-learn's ``softmax(copy=False)`` steps."""
    scores -= scores.max(axis=1).reshape((-1, 1))
    np.exp(scores, out=scores)
    scores /= scores.sum(axis=1).reshape((-1, 1))
    return scores


def is_multinomial_logistic(est: Any) -> bool:
    """A :class:`Linear`, or a scikit-learn ``LogisticRegression`` (told by name, not imported)."""
    kind = type(est)
    return kind is Linear or (
        kind.__name__ == "LogisticRegression" and kind.__module__.startswith("sklearn.")
    )


def predict_proba_fast(est: Any, matrix: Any) -> np.ndarray:
    """``est.predict_proba(matrix)``, skipping scikit-learn's checks for a multinomial
    logistic regression on a CSR float64 matrix.

    The same calls in the same order as ``LogisticRegression.predict_proba``
    (``matrix @ coef_.T + intercept_``, then :func:`softmax_rows`), so the
    probabilities are identical; on a thread's few dozen rows the input
    validation (array-namespace and dataframe sniffing) costs several times the
    arithmetic. Any other estimator, a binary model (one-vs-rest probabilities),
    or another input goes to ``est.predict_proba``.
    """
    coef = getattr(est, "coef_", None)
    if (
        not is_multinomial_logistic(est)
        or coef is None
        or coef.ndim != 2
        or len(est.classes_) <= 2
        or not isinstance(matrix, sp.csr_matrix)
        or matrix.dtype != np.float64
        or matrix.shape[0] == 0
        or matrix.shape[1] != coef.shape[1]
    ):
        return np.asarray(est.predict_proba(matrix))
    return softmax_rows(np.asarray(matrix @ coef.T) + est.intercept_)


def in_label_order(est: Any, raw: np.ndarray) -> np.ndarray:
    """``est.predict_proba`` output with its columns in :data:`LABELS` order (absent labels 0)."""
    probs = np.zeros((raw.shape[0], len(LABELS)))
    for j, label in enumerate(est.classes_):
        probs[:, LABELS.index(label)] = raw[:, j]
    return probs


class ClassifierProba:
    """Probabilities and decisions of a fitted stance model, per frame.

    Mixed into :class:`~discourse.stance.classifier.StanceClassifier` and
    :class:`CompiledStance`; reads ``frames_``, ``features_``,
    ``estimators_``, ``view_``, ``pooled_``, ``pooled``, ``tuner_``, ``tune``,
    ``threshold`` and ``context_`` (the context reader; ``None`` for a model
    without one, or saved before it existed).
    """

    frames_: list[str]
    features_: Any
    estimators_: dict[str, Any]
    pooled: float
    threshold: float | None
    context_: dict[str, Any] | None = None

    def proba_arrays(self, analyses: Sequence[SentenceAnalysis]) -> dict[str, np.ndarray]:
        """``{frame: (n, 3) array}`` of probabilities in :data:`LABELS` order.

        scikit-learn's input and parameter checks are skipped: the matrices
        are built here from fitted transformers, and on a thread's few dozen
        sentences those checks cost more than the arithmetic.
        """
        analyses = list(analyses)
        if not analyses:  # the fitted transformers refuse zero rows
            return {name: np.zeros((0, len(LABELS))) for name in self.estimators_}
        tuner = getattr(self, "tuner_", None)
        if tuner is not None:  # the encoding pass keeps the states the tuned top starts from
            tuner.prepare()
        with _quiet_checks():
            matrix = self.features_.transform_analyses(analyses)
            pooled = self._pooled_proba(analyses)
            tuned = self._tuned_proba(analyses)
            out = {}
            for name, est in self.estimators_.items():
                probs = in_label_order(est, predict_proba_fast(est, matrix))
                if name in pooled:
                    probs = blend(probs, pooled[name], self.pooled)
                if name in tuned:
                    probs = blend(probs, tuned[name], getattr(self, "tune", 0.0))
                out[name] = probs
        return out

    def _tuned_proba(self, analyses: list[SentenceAnalysis]) -> dict[str, np.ndarray]:
        """``{frame: (n, 3) array}`` of the fine-tuned encoder (empty when off)."""
        tuner = getattr(self, "tuner_", None)
        if tuner is None:
            return {}
        return dict(tuner.proba([a.span.text for a in analyses]))

    def _pooled_proba(self, analyses: list[SentenceAnalysis]) -> dict[str, np.ndarray]:
        """``{frame: (n, 3) array}`` of the shared frame-relative model (empty when off).

        Every frame's pairs go through one transform and one ``predict_proba``:
        per-call overhead, not arithmetic, dominates on a thread's few dozen
        sentences.
        """
        pooled, view = getattr(self, "pooled_", None), getattr(self, "view_", None)
        if pooled is None or view is None:
            return {}
        pairs = [(a, name) for name in self.frames_ for a in analyses]
        raw = predict_proba_fast(pooled, view.transform(pairs))
        probs = in_label_order(pooled, raw)
        n = len(analyses)
        return {name: probs[k * n : (k + 1) * n] for k, name in enumerate(self.frames_)}

    def decide_sentences(
        self,
        analyses: Sequence[SentenceAnalysis],
        posts: Sequence[Any] | None = None,
        parents: Sequence[Any] | None = None,
    ) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], ThreadReading | None]:
        """Each frame's probabilities and labels for ``analyses``, and what the
        context reader made of them (:class:`~discourse.stance.reading.ThreadReading`;
        ``None`` when it did not read them).

        With ``posts`` (each sentence's post id, the sentences in thread order;
        ``parents``: the id of the post each answers) and a model carrying a
        context reader (``context_``, fitted by ``discourse train``), the labels
        are read again in their thread (:func:`~discourse.stance.reading.read_in_context`).
        Without either, the model's own decisions (:meth:`decide`).
        """
        analyses = list(analyses)
        probs = self.proba_arrays(analyses)
        labels = {f: self.decide(probs[f]) for f in self.frames_}
        context = getattr(self, "context_", None)
        if context is None or posts is None or not analyses:
            return probs, labels, None
        from .reading import read_in_context

        texts = [a.span.text for a in analyses]
        with _quiet_checks():
            labels, reading = read_in_context(context, probs, labels, texts, posts, parents)
        return probs, labels, reading

    def decide(self, probs: np.ndarray) -> np.ndarray:
        """Labels from an ``(n, 3)`` probability array (LABELS order), applying ``threshold``."""
        labels = np.asarray(LABELS, dtype=object)
        best = probs.argmax(axis=1)
        if self.threshold is not None:
            none = LABELS.index("none")
            side = probs[:, :none].argmax(axis=1)
            best = np.where(probs[np.arange(len(probs)), side] >= self.threshold, side, none)
        return labels[best]


# ---------------------------------------------------------------------------
# plain stand-ins for scikit-learn's fitted objects


class Tfidf:
    """A fitted word TF-IDF as :func:`~discourse.stance.analysis.tfidf_transform` reads it.

    What a scikit-learn ``TfidfVectorizer`` with a word analyser, a token
    pattern and no stop words, preprocessor or accent stripping holds after
    ``fit``: the vocabulary (term → column), ``idf_`` and the settings.
    """

    binary = False
    dtype = np.float64

    def __init__(
        self,
        terms: Sequence[str],
        idf: np.ndarray | None,
        *,
        token_pattern: str,
        lowercase: bool,
        ngram_range: tuple[int, int],
        sublinear_tf: bool,
        norm: str | None,
    ) -> None:
        self.terms = list(terms)
        self.vocabulary_ = dict(zip(self.terms, range(len(self.terms)), strict=True))
        self.use_idf = idf is not None
        self.idf_ = idf
        self.token_pattern = token_pattern
        self.lowercase = lowercase
        self.ngram_range = (int(ngram_range[0]), int(ngram_range[1]))
        self.sublinear_tf = sublinear_tf
        self.norm = norm

    def build_analyzer(self) -> Callable[[str], list[str]]:
        """Text → terms, as the vectorizer's ``build_analyzer()`` splits it."""
        findall = re.compile(self.token_pattern).findall
        lowercase, ngram_range = self.lowercase, self.ngram_range

        def analyze(text: str) -> list[str]:
            return word_ngrams(findall(text.lower() if lowercase else text), ngram_range)

        return analyze

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """TF-IDF rows of ``texts`` (see :func:`~discourse.stance.analysis.tfidf_transform`)."""
        if not texts:
            return sp.csr_matrix((0, len(self.terms)))
        return tfidf_transform(self, texts)

    def get_feature_names_out(self) -> np.ndarray:
        """The terms in column order."""
        return np.asarray(self.terms, dtype=object)


class Scaler:
    """A fitted ``StandardScaler`` (centring and scaling on) as :func:`standardise` reads it."""

    with_mean = True
    with_std = True

    def __init__(self, mean: np.ndarray, scale: np.ndarray) -> None:
        self.mean_ = mean
        self.scale_ = scale
        self.n_features_in_ = len(mean)

    def transform(self, rows: np.ndarray) -> np.ndarray:
        """Refuse what :func:`~discourse.stance.analysis.standardise` does not compute."""
        out = np.asarray(rows, dtype=np.float64)
        if out.ndim != 2 or out.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {out.shape[-1]} features, but the scaler expects {self.n_features_in_}"
            )
        if not np.isfinite(out).all():
            raise ValueError("Input contains infinity or a value too large for dtype('float64').")
        return (out - self.mean_) / self.scale_


class Linear:
    """A fitted multinomial logistic regression: classes, coefficients and intercepts."""

    def __init__(self, classes: Sequence[str], coef: np.ndarray, intercept: np.ndarray) -> None:
        self.classes_ = np.asarray(list(classes), dtype=object)
        self.coef_ = coef
        self.intercept_ = intercept

    def predict_proba(self, matrix: Any) -> np.ndarray:
        """Class probabilities (columns in ``classes_`` order) of the rows of ``matrix``."""
        return softmax_rows(np.asarray(matrix @ self.coef_.T, dtype=np.float64) + self.intercept_)


class _Fitted:
    """Settings and fitted parts as plain attributes, named as on the scikit-learn object."""

    def __init__(self, settings: dict[str, Any], parts: dict[str, Any]) -> None:
        self.__dict__.update(settings)
        self.__dict__.update(parts)


class CompiledFeatures(_Fitted, FeatureMatrix):
    """The fitted state of a :class:`~discourse.stance.features.StanceFeatures`, plain."""


class CompiledView(_Fitted, ViewMatrix):
    """The fitted state of a :class:`~discourse.stance.pooled.FrameView`, plain."""


class CompiledStance(ClassifierProba):
    """A fitted stance model as a tagger applies it, loaded without scikit-learn.

    Has what :class:`~discourse.stance.tagger.StanceTagger` reads of a
    :class:`~discourse.stance.classifier.StanceClassifier`: ``frames_``,
    ``features_`` (with ``_analyse`` and ``transform_analyses``),
    :meth:`proba_arrays` and :meth:`decide`. ``source`` is the compiled file it
    was read from. ``propositions`` maps each frame the model was trained
    with as a :class:`~discourse.stance.frames.Frame` (a frames file of the
    user's, say) to its proposition, which the maps and reports show as the
    frame's issue (:func:`model_propositions`); a compiled form written before
    it was recorded has none. ``context`` is the model's context reader
    (``context_``, its readers as :class:`Linear`), ``None`` without one.
    """

    def __init__(
        self,
        frames: list[str],
        features: CompiledFeatures,
        estimators: dict[str, Linear],
        *,
        view: CompiledView | None,
        pooled_model: Linear | None,
        pooled: float,
        threshold: float | None,
        tuner: Any = None,
        tune: float = 0.0,
        source: str = "",
        propositions: dict[str, str] | None = None,
        context: dict[str, Any] | None = None,
    ) -> None:
        self.frames_ = frames
        self.propositions = dict(propositions or {})
        self.features_ = features
        self.estimators_ = estimators
        self.view_ = view
        self.pooled_ = pooled_model
        self.pooled = pooled
        self.threshold = threshold
        self.tuner_ = tuner
        self.tune = tune
        self.source = source
        self.context_ = context


# ---------------------------------------------------------------------------
# writing and reading


#: Settings of StanceFeatures a compiled model keeps (what FeatureMatrix reads).
_FEATURE_SETTINGS: tuple[str, ...] = (
    "tfidf",
    "cues",
    "sentiment",
    "syntax",
    "scope",
    "tensor",
    "mask_entities",
    "char_ngrams",
    "dense_weight",
    "tensor_weight",
    "char_weight",
    "scope_weight",
    "encoder",
    "encoder_weight",
    "encoder_cues",
    "signed_scope",
)
#: Fitted plain values of StanceFeatures a compiled model keeps.
_FEATURE_STATE: tuple[str, ...] = (
    "frame_names_",
    "lexicon_",
    "n_char_",
    "n_scope_",
    "n_dense_",
    "tensor_width_",
    "encoder_width_",
    "encoder_digest_",
    "encoder_cue_width_",
)
#: Settings of an EncoderTuner a compiled model keeps.
_TUNER_SETTINGS: tuple[str, ...] = (
    "top",
    "epochs",
    "lr",
    "batch_size",
    "dropout",
    "weight_decay",
    "random_state",
)
#: Settings of FrameView a compiled model keeps.
_VIEW_SETTINGS: tuple[str, ...] = (
    "frames",
    "scope_weight",
    "dense_weight",
    "sentence_weight",
    "encoder_weight",
)


def model_propositions(model: Any) -> dict[str, str]:
    """Frame → proposition for the frames a fitted model carries, in its frame order.

    A :class:`CompiledStance` has them as ``propositions``; a
    :class:`~discourse.stance.classifier.StanceClassifier` fitted with
    ``frames`` given (:class:`~discourse.stance.frames.Frame` objects, names or
    a frames file) as ``propositions_`` (one saved before that attribute, in
    ``frames`` when they were Frame objects). One trained with all shipped
    frames (``frames=None``) carries none: its propositions are the
    package's frames file's.
    """
    from .frames import Frame

    names = list(getattr(model, "frames_", []) or [])
    found = getattr(model, "propositions", None)  # a compiled model's
    if not isinstance(found, dict) or not found:
        found = getattr(model, "propositions_", None)  # a fitted classifier's
    if isinstance(found, dict) and found:
        return {n: str(found[n]) for n in names if n in found}
    frames = getattr(model, "frames", None)
    if not isinstance(frames, list | tuple):
        return {}
    given = {f.name: f.proposition for f in frames if isinstance(f, Frame)}
    return {n: given[n] for n in names if n in given}


class NotCompilableError(ValueError):
    """The model holds a part this module does not reproduce; it is loaded with skops."""


class _Writer:
    """Collects arrays under unique keys and the JSON that refers to them."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, value: Any, dtype: Any = np.float64) -> str:
        key = f"a{len(self.arrays)}"
        self.arrays[key] = np.asarray(value, dtype=dtype)
        return key

    def tfidf(self, vec: Any) -> dict[str, Any]:
        unsupported = (
            getattr(vec, "analyzer", None) != "word"
            or vec.tokenizer is not None
            or vec.preprocessor is not None
            or vec.stop_words is not None
            or vec.strip_accents is not None
            or vec.binary
            or vec.input != "content"
            or vec.dtype != np.float64
            or vec.norm not in ("l2", None)
        )
        if unsupported:
            raise NotCompilableError(f"a TF-IDF with settings not reproduced here: {vec!r}")
        terms = [""] * len(vec.vocabulary_)
        for term, col in vec.vocabulary_.items():
            terms[int(col)] = term
        return {
            "terms": self.array(terms, dtype=str),
            "idf": self.array(vec.idf_) if vec.use_idf else None,
            "token_pattern": vec.token_pattern,
            "lowercase": bool(vec.lowercase),
            "ngram_range": [int(n) for n in vec.ngram_range],
            "sublinear_tf": bool(vec.sublinear_tf),
            "norm": vec.norm,
        }

    def scaler(self, scaler: Any) -> dict[str, Any]:
        if not (scaler.with_mean and scaler.with_std) or scaler.mean_ is None:
            raise NotCompilableError("a scaler that does not both centre and scale")
        return {"mean": self.array(scaler.mean_), "scale": self.array(scaler.scale_)}

    def tuner(self, tuner: Any) -> dict[str, Any]:
        # plain numbers: a grid search hands NumPy scalars, which JSON refuses
        settings = {k: getattr(tuner, k) for k in _TUNER_SETTINGS}
        for key, value in settings.items():
            if isinstance(value, Integral):
                settings[key] = int(value)
            elif isinstance(value, Real):
                settings[key] = float(value)
            elif value is not None:  # a RandomState instance: fitting is over
                settings[key] = None
        return {
            "settings": settings,
            "frames_": list(tuner.frames_),
            "encoder_digest_": tuner.encoder_digest_,
            "layers_": [
                {k: self.array(v, dtype=np.float16) for k, v in lay.items()}
                for lay in tuner.layers_
            ],
            "head_": self.array(tuner.head_, dtype=np.float16),
            "head_b_": self.array(tuner.head_b_, dtype=np.float16),
        }

    def context(self, context: dict[str, Any]) -> dict[str, Any]:
        return {
            "frames": [str(f) for f in context["frames"]],
            "features": str(context["features"]),
            "fill": bool(context["fill"]),
            "C": float(context["C"]),
            "readers": {str(f): self.linear(est) for f, est in context["readers"].items()},
        }

    def linear(self, est: Any) -> dict[str, Any]:
        kind = type(est)
        if not (kind.__name__ == "LogisticRegression" and kind.__module__.startswith("sklearn.")):
            raise NotCompilableError(f"a {kind.__name__}, not a plain LogisticRegression")
        if len(est.classes_) <= 2 or est.coef_.shape[0] != len(est.classes_):
            raise NotCompilableError("a binary logistic regression (one-vs-rest probabilities)")
        return {
            "classes": [str(c) for c in est.classes_],
            "coef": self.array(est.coef_),
            "intercept": self.array(est.intercept_),
        }


def write_compiled(model: Any, model_path: str | Path) -> Path:
    """Write the compiled form of the fitted ``model`` (a StanceClassifier) saved at
    ``model_path`` beside it (:func:`~discourse.modelfiles.compiled_path`).

    The header records the skops file's SHA-256 (what :func:`read_compiled`
    checks) and its :func:`~discourse.modelfiles.model_digest` (the model's
    identity, read by a run without opening the skops file).

    Raises :class:`NotCompilableError` when the model holds a part this module
    does not reproduce (character n-grams, calibration, another estimator,
    a binary frame): such a model is loaded with skops.
    """
    feats = getattr(model, "features_", None)
    if feats is None or not hasattr(model, "estimators_"):
        raise NotCompilableError("the model was never fitted")
    if getattr(feats, "n_char_", 0):
        raise NotCompilableError("character n-grams")
    w = _Writer()
    features: dict[str, Any] = {
        "settings": {k: getattr(feats, k, None) for k in _FEATURE_SETTINGS},
        "state": {k: getattr(feats, k, 0) for k in _FEATURE_STATE},
        "vectorizer_": w.tfidf(feats.vectorizer_) if feats.tfidf else None,
        "scope_vectorizer_": w.tfidf(feats.scope_vectorizer_) if feats.n_scope_ else None,
        "scaler_": w.scaler(feats.scaler_) if feats.n_dense_ else None,
        "tensor_scaler_": w.scaler(feats.tensor_scaler_) if feats.tensor_width_ else None,
    }
    view = getattr(model, "view_", None)
    pooled_model = getattr(model, "pooled_", None)
    tuner = getattr(model, "tuner_", None)
    context = getattr(model, "context_", None)
    header = {
        "format": COMPILED_FORMAT,
        "source_sha256": file_sha256(model_path),
        "model_digest": model_digest(Path(model_path)),
        "frames": list(model.frames_),
        # the maps' and reports' issue text for a frame the package does not ship
        "propositions": model_propositions(model),
        "pooled": float(model.pooled or 0.0),
        "threshold": None if model.threshold is None else float(model.threshold),
        "features": features,
        "estimators": {name: w.linear(est) for name, est in model.estimators_.items()},
        "view": None
        if view is None or pooled_model is None
        else {
            "settings": {
                **{k: getattr(view, k, 0.0) for k in _VIEW_SETTINGS},
                "frames": list(view.frames),
            },
            "vectorizer_": w.tfidf(view.vectorizer_),
            "scaler_": w.scaler(view.scaler_),
            "sentence_vectorizer_": None
            if view.sentence_vectorizer_ is None
            else w.tfidf(view.sentence_vectorizer_),
            "model": w.linear(pooled_model),
        },
        "tune": float(getattr(model, "tune", 0.0) or 0.0),
        "tuner": None if tuner is None else w.tuner(tuner),
        "context": None if context is None else w.context(context),
    }
    text = json.dumps(header)  # before the file is opened: no empty file on an error
    target = compiled_path(model_path)
    with target.open("wb") as out:
        np.savez(out, header=np.asarray(text), **w.arrays)  # type: ignore[arg-type]
    return target


def read_compiled(path: str | Path, source_sha256: str | None = None) -> CompiledStance:
    """Load a compiled model written by :func:`write_compiled` (no pickle, no scikit-learn).

    Raises ``ValueError`` when the file is not one, has another format
    version, or was compiled from another skops file than ``source_sha256``.
    """
    with np.load(path, allow_pickle=False) as npz:
        header = json.loads(str(npz["header"]))
        problem = header_problem(header, source_sha256)
        if problem is not None:
            raise ValueError(problem)
        arrays = {key: npz[key] for key in npz.files if key != "header"}

    def tfidf(spec: dict[str, Any] | None) -> Tfidf | None:
        if spec is None:
            return None
        return Tfidf(
            arrays[spec["terms"]].tolist(),
            arrays[spec["idf"]] if spec["idf"] is not None else None,
            token_pattern=spec["token_pattern"],
            lowercase=spec["lowercase"],
            ngram_range=tuple(spec["ngram_range"]),
            sublinear_tf=spec["sublinear_tf"],
            norm=spec["norm"],
        )

    def scaler(spec: dict[str, Any] | None) -> Scaler | None:
        return None if spec is None else Scaler(arrays[spec["mean"]], arrays[spec["scale"]])

    def linear(spec: dict[str, Any]) -> Linear:
        return Linear(spec["classes"], arrays[spec["coef"]], arrays[spec["intercept"]])

    f = header["features"]
    settings = dict(f["settings"])
    if settings.get("char_ngrams") is not None:
        settings["char_ngrams"] = tuple(settings["char_ngrams"])
    features = CompiledFeatures(
        settings,
        {
            **f["state"],
            "vectorizer_": tfidf(f["vectorizer_"]),
            "scope_vectorizer_": tfidf(f["scope_vectorizer_"]),
            "scaler_": scaler(f["scaler_"]),
            "tensor_scaler_": scaler(f["tensor_scaler_"]),
        },
    )
    v = header["view"]
    view = pooled_model = None
    if v is not None:
        view = CompiledView(
            v["settings"],
            {
                "vectorizer_": tfidf(v["vectorizer_"]),
                "scaler_": scaler(v["scaler_"]),
                "sentence_vectorizer_": tfidf(v["sentence_vectorizer_"]),
            },
        )
        pooled_model = linear(v["model"])
    c = header.get("context")  # a compiled form written before context readers: None
    tuner = None
    t = header.get("tuner")
    if t is not None:
        from .tuning import EncoderTuner

        tuner = EncoderTuner(**t["settings"])
        tuner.frames_ = t["frames_"]
        tuner.encoder_digest_ = t["encoder_digest_"]
        tuner.layers_ = [{k: arrays[a] for k, a in lay.items()} for lay in t["layers_"]]
        tuner.head_ = arrays[t["head_"]]
        tuner.head_b_ = arrays[t["head_b_"]]
    return CompiledStance(
        list(header["frames"]),
        features,
        {name: linear(spec) for name, spec in header["estimators"].items()},
        view=view,
        pooled_model=pooled_model,
        pooled=header["pooled"],
        threshold=header["threshold"],
        tuner=tuner,
        tune=header.get("tune", 0.0),
        source=str(path),
        propositions=header.get("propositions") or {},
        context=None
        if c is None
        else {**c, "readers": {f: linear(r) for f, r in c["readers"].items()}},
    )
