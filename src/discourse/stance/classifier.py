"""The stance classifier: one calibrated classifier per frame behind shared features.

:class:`StanceClassifier` is a scikit-learn estimator over *sentences*
(strings, or spaCy spans already parsed by the pipeline) and a label table
with one column per frame::

    clf = StanceClassifier().fit(texts, labels)   # labels: DataFrame, favor/against/none/None
    clf.predict(["We must legalise cannabis."])   # DataFrame, one column per frame
    clf.predict_proba(texts)                      # columns (frame, label), rows sum to 1 per frame
    clf.score(texts, labels)                      # F-avg (SemEval-2016), for cross_val_score

It follows the scikit-learn contract (``__init__`` only stores parameters,
learned state ends in ``_``), so ``clone``, ``Pipeline``, ``GridSearchCV`` and
``cross_val_score`` work without a custom scorer. A frame is added with no
code change: pass a :class:`~discourse.stance.frames.Frame` in ``frames`` (or
add it to a frames file) and a label column of that name.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..errors import Errors, Warnings
from .analysis import SentenceAnalysis, as_spans, texts_of
from .features import StanceFeatures
from .frames import LABELS
from .runtime import ClassifierProba

log = logging.getLogger(__name__)

#: Parameters of :class:`StanceClassifier` handed on to :class:`StanceFeatures`.
FEATURE_PARAMS: tuple[str, ...] = (
    "tfidf",
    "cues",
    "sentiment",
    "syntax",
    "scope",
    "tensor",
    "ngram_range",
    "min_df",
    "max_features",
    "mask_entities",
    "dense_weight",
    "tensor_weight",
    "char_ngrams",
    "char_weight",
    "scope_weight",
    "encoder",
    "encoder_weight",
    "encoder_cues",
)


def _labels_frame(labels: Any, n: int, index: pd.Index | None = None) -> pd.DataFrame:
    """``labels`` as a DataFrame of ``n`` rows in the order of the texts.

    Rows are matched to the texts by position, except when the texts came as
    a Series (``index``) and the labels carry the same index labels in
    another order (a shuffled or sorted copy): then by index label, as pandas
    would, so no sentence is trained or scored against another's labels.
    """
    frame = labels if isinstance(labels, pd.DataFrame) else pd.DataFrame(labels)
    if len(frame) != n:
        raise ValueError(Errors.E205.format(texts=n, labels=len(frame)))
    if (
        index is not None
        and isinstance(labels, pd.DataFrame | pd.Series)
        and not frame.index.equals(index)
        and index.is_unique
        and frame.index.is_unique
        and len(frame.index.intersection(index)) == n
    ):
        frame = frame.loc[index]
    return frame.reset_index(drop=True)


def _column(labels: pd.DataFrame, frame: str) -> tuple[np.ndarray, np.ndarray]:
    """Labels of ``frame`` as strings and the mask of labelled rows (None/NaN = unlabelled)."""
    col = labels[frame]
    mask = col.notna().to_numpy()
    values = col[mask].astype(str).to_numpy()
    bad = sorted(set(values) - set(LABELS))
    if bad:
        raise ValueError(Errors.E206.format(label=bad[0], frame=frame))
    return values, mask


def _frame_like_columns(labels: pd.DataFrame, known: Sequence[str]) -> list[str]:
    """Label columns that look like a frame but are none of ``known``: a close
    spelling of a known frame ("militarisation"), or a column holding nothing but
    stance labels."""
    out = []
    for col in labels.columns:
        name = str(col)
        if name in known:
            continue
        values = labels[col].dropna()
        labelled = len(values) > 0 and values.map(lambda v: isinstance(v, str)).all()
        if difflib.get_close_matches(name, known, n=1, cutoff=0.8) or (
            labelled and set(values) <= set(LABELS)
        ):
            out.append(name)
    return out


def _items(X: Any) -> Any:  # noqa: N803  (scikit-learn naming)
    """``X`` as a sequence of texts: a Series as it is (its index is kept), else a list.

    A DataFrame gives its ``text`` column (or its only column): iterating it
    would yield the column names, one "sentence" per column.
    """
    items = texts_of(X)
    return items if isinstance(items, pd.Series) else list(items)


def _index_of(items: Any) -> pd.Index | None:
    return items.index if isinstance(items, pd.Series) else None


class StanceClassifier(ClassifierProba, BaseEstimator):
    """Per-frame stance (favor / against / none) of sentences.

    Parameters
    ----------
    frames:
        ``None`` (every frame of the shipped ``frames.json`` that has a label
        column at ``fit``; ``[W213]`` is logged naming the shipped frames
        without one and label columns that look like misspelt or new frames),
        frame names, or :class:`Frame` objects.
    C, class_weight, max_iter:
        of the per-frame :class:`~sklearn.linear_model.LogisticRegression`
        (multinomial, L2): regularisation strength and class balancing.
    estimator:
        any scikit-learn classifier with ``predict_proba`` to use instead of
        logistic regression (cloned once per frame).
    calibration:
        ``None`` (logistic regression's own probabilities), ``"sigmoid"`` or
        ``"isotonic"`` to wrap each frame's classifier in
        :class:`~sklearn.calibration.CalibratedClassifierCV` (3-fold).
    threshold:
        ``None``: the most probable label wins. A number: favor or against is
        predicted only when its probability reaches it (else none) — trades
        recall for precision on text that mostly takes no side.
    random_state:
        seed for every randomised step, so training is reproducible.
    pooled:
        weight (0–1, in log space) of a model shared by all frames over
        frame-relative features (:mod:`discourse.stance.pooled`), blended
        with each frame's own classifier; 0 switches it off.
    tfidf, cues, sentiment, syntax, scope, tensor, ngram_range, min_df, max_features,
    mask_entities, dense_weight, tensor_weight, scope_weight, char_ngrams, char_weight,
    encoder, encoder_weight, encoder_cues:
        feature settings, see :class:`~discourse.stance.features.StanceFeatures`.
    """

    #: defaults for models saved before the encoder family existed (skops
    #: restores the attributes a model was saved with; scikit-learn's
    #: get_params, clone and repr read every setting)
    encoder: bool = False
    encoder_weight: float = 1.0
    encoder_cues: float = 0.0

    def __init__(
        self,
        frames: Any = None,
        *,
        C: float = 1.0,  # noqa: N803  (scikit-learn naming)
        class_weight: str | dict | None = "balanced",
        max_iter: int = 2000,
        estimator: Any = None,
        calibration: str | None = None,
        threshold: float | None = None,
        random_state: int | None = 0,
        pooled: float = 0.0,
        pooled_sentence_weight: float = 0.0,
        tfidf: bool = True,
        cues: bool = True,
        sentiment: bool = True,
        syntax: bool = True,
        scope: bool = True,
        tensor: bool = True,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = 30000,
        mask_entities: bool = True,
        dense_weight: float = 0.3,
        tensor_weight: float = 0.15,
        char_ngrams: tuple[int, int] | None = None,
        char_weight: float = 1.0,
        scope_weight: float = 1.0,
        encoder: bool = False,
        encoder_weight: float = 1.0,
        encoder_cues: float = 0.0,
    ) -> None:
        self.frames = frames
        self.C = C
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.estimator = estimator
        self.calibration = calibration
        self.threshold = threshold
        self.random_state = random_state
        self.pooled = pooled
        self.pooled_sentence_weight = pooled_sentence_weight
        self.tfidf = tfidf
        self.cues = cues
        self.sentiment = sentiment
        self.syntax = syntax
        self.scope = scope
        self.tensor = tensor
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.mask_entities = mask_entities
        self.dense_weight = dense_weight
        self.tensor_weight = tensor_weight
        self.char_ngrams = char_ngrams
        self.char_weight = char_weight
        self.scope_weight = scope_weight
        self.encoder = encoder
        self.encoder_weight = encoder_weight
        self.encoder_cues = encoder_cues

    # -- fitting --------------------------------------------------------
    def _frame_names(self, labels: pd.DataFrame) -> list[Any]:
        from .frames import resolve_frames

        frames = resolve_frames(self.frames)
        missing = [f.name for f in frames if f.name not in labels.columns]
        if missing and self.frames is not None:
            raise ValueError(
                Errors.E204.format(
                    names=", ".join(missing), columns=", ".join(map(str, labels.columns))
                )
            )
        present = [f for f in frames if f.name in labels.columns]
        if missing and present:
            # frames=None trains what is labelled; say so, or a misspelt column
            # ("militarisation") silently leaves a shipped frame untrained
            unknown = _frame_like_columns(labels, [f.name for f in frames])
            log.warning(
                Warnings.W213.format(
                    missing=", ".join(missing),
                    unknown=(
                        f"; label column(s) {', '.join(unknown)} look like frames but are unknown"
                        if unknown
                        else ""
                    ),
                )
            )
        if not present:
            raise ValueError(
                Errors.E204.format(
                    names=", ".join(f.name for f in frames),
                    columns=", ".join(map(str, labels.columns)),
                )
            )
        return present

    def _base_estimator(self) -> Any:
        if self.estimator is not None:
            est = clone(self.estimator)
        else:
            est = LogisticRegression(
                C=self.C,
                class_weight=self.class_weight,
                max_iter=self.max_iter,
                random_state=self.random_state,
            )
        if self.calibration:
            est = CalibratedClassifierCV(est, method=self.calibration, cv=3)
        return est

    def fit(self, X: Iterable[Any], y: Any) -> StanceClassifier:  # noqa: N803  (scikit-learn naming)
        """Learn features and one classifier per frame from sentences ``X`` and labels ``y``.

        ``y`` is a DataFrame (or anything ``pd.DataFrame`` accepts) with a
        column per frame; rows whose label is None/NaN are left out of that
        frame's training only.
        """
        items = _items(X)
        spans = as_spans(items)
        if not spans:  # else scikit-learn's "empty vocabulary", which names no cause
            raise ValueError(Errors.E243.format(texts=0))
        labels = _labels_frame(y, len(spans), _index_of(items))
        frames = self._frame_names(labels)
        feats = StanceFeatures(
            # names when the frames come from frames.json: the saved model then
            # holds plain strings (and the compiled lexicon), not Frame objects
            frames=frames if self.frames is not None else [f.name for f in frames],
            **{p: getattr(self, p) for p in FEATURE_PARAMS},
        )
        feats._prepare()
        analyses = feats._analyse(spans)
        feats._fit_analyses(analyses)
        matrix = feats.transform_analyses(analyses)
        self.features_ = feats
        self.frames_ = [f.name for f in frames]
        self.estimators_: dict[str, Any] = {}
        columns = {name: _column(labels, name) for name in self.frames_}
        for name, (values, mask) in columns.items():
            if len(set(values)) < 2:
                raise ValueError(Errors.E210.format(frame=name, labels=sorted(set(values))))
            self.estimators_[name] = self._base_estimator().fit(matrix[mask], values)
        self._fit_pooled(analyses, columns)
        return self

    def _fit_pooled(
        self,
        analyses: list[SentenceAnalysis],
        columns: dict[str, tuple[np.ndarray, np.ndarray]],
    ) -> None:
        """Fit the frame-relative model shared by all frames (when ``pooled`` > 0)
        on every labelled (sentence, frame) pair; ``columns`` is each frame's
        labels and labelled-row mask."""
        self.view_ = self.pooled_ = None
        if not self.pooled:
            return
        from .pooled import FrameView

        pairs, ys = [], []
        for name, (values, mask) in columns.items():
            pairs += [(analyses[i], name) for i in np.flatnonzero(mask)]
            ys += list(values)
        self.view_ = FrameView(
            self.frames_,
            scope_weight=self.scope_weight,
            dense_weight=self.dense_weight,
            sentence_weight=self.pooled_sentence_weight,
            encoder_weight=self.encoder_weight if self.encoder else 0.0,
        ).fit(pairs)
        self.pooled_ = self._base_estimator().fit(self.view_.transform(pairs), np.asarray(ys))

    # -- prediction -----------------------------------------------------
    def analyse(self, X: Iterable[Any]) -> list[SentenceAnalysis]:  # noqa: N803  (scikit-learn naming)
        """Per-sentence cue matches and dense features (parsing strings once)."""
        check_is_fitted(self, "estimators_")
        return self.features_._analyse(as_spans(texts_of(X)))

    def proba_arrays(self, analyses: Sequence[SentenceAnalysis]) -> dict[str, np.ndarray]:
        """``{frame: (n, 3) array}`` of probabilities in :data:`LABELS` order
        (see :class:`~discourse.stance.runtime.ClassifierProba`)."""
        check_is_fitted(self, "estimators_")
        return super().proba_arrays(analyses)

    @staticmethod
    def _index(X: Any, n: int) -> pd.Index:  # noqa: N803  (scikit-learn naming)
        if isinstance(X, pd.Series | pd.DataFrame) and len(X.index) == n:
            return X.index
        return pd.RangeIndex(n)

    def predict_proba(self, X: Iterable[Any]) -> pd.DataFrame:  # noqa: N803  (scikit-learn naming)
        """Probabilities with MultiIndex columns ``(frame, label)``; each frame's row sums to 1."""
        items = _items(X)
        probs = self.proba_arrays(self.analyse(items))
        columns = pd.MultiIndex.from_tuples([(f, lab) for f in self.frames_ for lab in LABELS])
        data = np.hstack([probs[f] for f in self.frames_]) if self.frames_ else None
        return pd.DataFrame(data, columns=columns, index=self._index(X, len(items)))

    def predict(self, X: Iterable[Any]) -> pd.DataFrame:  # noqa: N803  (scikit-learn naming)
        """Most probable label per frame: a DataFrame with one column per frame."""
        items = _items(X)
        probs = self.proba_arrays(self.analyse(items))
        data = {f: self.decide(probs[f]) for f in self.frames_}
        return pd.DataFrame(data, columns=self.frames_, index=self._index(X, len(items)))

    def score(self, X: Iterable[Any], y: Any) -> float:  # noqa: N803  (scikit-learn naming)
        """F-avg over the frames labelled in ``y`` (SemEval-2016 style; higher is better)."""
        from .evaluate import evaluate

        items = _items(X)
        pred = self.predict(items).reset_index(drop=True)
        gold = _labels_frame(y, len(pred), _index_of(items))
        frames = [f for f in self.frames_ if f in gold.columns]
        if not frames:  # else E239 would blame null labels that are not there at all
            raise ValueError(
                Errors.E204.format(
                    names=", ".join(self.frames_), columns=", ".join(map(str, gold.columns))
                )
            )
        return float(evaluate(gold, pred, frames=frames).f_avg)

    def top_terms(self, frame: str, label: str, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` features with the largest weight for ``label`` of ``frame`` (for inspection).

        An unknown frame raises ``ValueError`` ``[E237]`` naming the model's frames.
        """
        check_is_fitted(self, "estimators_")
        if frame not in self.estimators_:
            raise ValueError(Errors.E237.format(name=frame, choices=", ".join(self.frames_)))
        est = self.estimators_[frame]
        coef = getattr(est, "coef_", None)
        if coef is None or label not in list(est.classes_):
            return []
        row = coef[list(est.classes_).index(label)] if coef.shape[0] > 1 else coef[0]
        names = self.features_.get_feature_names_out()
        order = np.argsort(-row)[:n]
        return [(str(names[i]), float(row[i])) for i in order]
