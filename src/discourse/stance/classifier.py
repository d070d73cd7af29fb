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
import hashlib
import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..errors import Errors, Warnings
from .analysis import SentenceAnalysis, as_spans, texts_of
from .features import StanceFeatures
from .frames import LABELS
from .runtime import ClassifierProba, is_multinomial_logistic

if TYPE_CHECKING:  # scikit-learn >= 1.6; older versions never ask an estimator for its tags
    from sklearn.utils import Tags

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
    "signed_scope",
)


def _labels_frame(labels: Any, n: int, index: pd.Index | None = None) -> pd.DataFrame:
    """``labels`` as a DataFrame of ``n`` rows in the order of the texts.

    Rows are matched to the texts by position, except when the texts came as
    a Series (``index``) and the labels as a pandas table with another index:
    the same index labels in another order (a shuffled or sorted copy) are
    matched by label, as pandas would; two indexes that both just count
    positions, by position; any other pair (disjoint or partly shared labels,
    ``1`` against ``"1"``) is ``[E258]``, so no sentence is trained or scored
    against another's labels.
    """
    from .evaluate import _match_index

    if labels is None:  # fit(X, None) read as "0 label rows"
        raise ValueError(Errors.E219.format(texts=n))
    frame = labels if isinstance(labels, pd.DataFrame) else pd.DataFrame(labels)
    if len(frame) != n:
        raise ValueError(Errors.E205.format(texts=n, labels=len(frame)))
    if (
        index is not None
        and isinstance(labels, pd.DataFrame | pd.Series)
        and not frame.index.equals(index)
    ):
        frame = _match_index(index, frame, ("texts", "label rows"), Errors.E258, hint="")
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


def _thread_columns(X: Any) -> tuple[list[Any] | None, list[Any] | None]:  # noqa: N803
    """Each sentence's ``post`` and ``parent`` when ``X`` is a DataFrame with a
    ``post`` column (a thread-labelled file as ``read_gold`` gives it), else None."""
    if not isinstance(X, pd.DataFrame) or "post" not in X.columns:
        return None, None
    return list(X["post"]), list(X["parent"]) if "parent" in X.columns else None


def _output_index(X: Any, n: int) -> pd.Index:  # noqa: N803  (scikit-learn naming)
    """The index of the prediction table for input ``X`` of ``n`` texts: a Series'
    or DataFrame's own, so predictions line up with their sentences; else positions."""
    if isinstance(X, pd.Series | pd.DataFrame) and len(X.index) == n:
        return X.index
    return pd.RangeIndex(n)


def _f_avg(frames: Sequence[str], pred: pd.DataFrame, y: Any, items: Any) -> float:
    """F-avg of ``pred`` (the predictions for ``items``, :func:`_items`) against labels
    ``y`` over the ``frames`` that ``y`` has a column for: the ``score`` of every stance
    model here, so they read labels alike (matched to the texts as :func:`_labels_frame`
    does). ``[E204]`` naming the columns when ``y`` labels none of ``frames``."""
    from .evaluate import evaluate

    gold = _labels_frame(y, len(pred), _index_of(items))
    names = [f for f in frames if f in gold.columns]
    if not names:  # else E239 would blame null labels that are not there at all
        raise ValueError(
            Errors.E204.format(names=", ".join(frames), columns=", ".join(map(str, gold.columns)))
        )
    return float(evaluate(gold, pred.reset_index(drop=True), frames=names).f_avg)


def _linear_shares(est: Any, frame: str, matrix: Any, names: Any) -> tuple[pd.DataFrame, pd.Series]:
    """What each feature of ``matrix``'s first row (feature ``names``) adds to
    each label's log probability under the logistic regression ``est``: weight
    × value in LABELS columns, centred over the labels ``est`` knows, plus a
    ``(bias)`` row of intercepts; and the feature values.

    Only a logistic regression's probabilities are the softmax of such sums
    (another linear model, say ``SGDClassifier``, normalises one-vs-rest
    scores), so any other ``est`` is ``[E261]``. A label ``est`` never saw
    gets ``-inf`` in ``(bias)`` (its probability is 0); a binary model's one
    row of weights is the second class's log-odds.
    Used by :meth:`StanceClassifier.explain`.
    """
    coef = getattr(est, "coef_", None)
    classes = list(getattr(est, "classes_", []))
    if not is_multinomial_logistic(est) or coef is None or coef.ndim != 2:
        raise ValueError(Errors.E261.format(frame=frame, kind=type(est).__name__))
    intercept = np.asarray(est.intercept_, dtype=float)
    if coef.shape[0] == 1 and len(classes) == 2:
        coef = np.vstack([np.zeros_like(coef), coef])
        intercept = np.array([0.0, intercept[0]])
    row = sp.csr_matrix(matrix)[0]
    cols, vals = row.indices, row.data
    known = [LABELS.index(label) for label in classes]
    raw = np.zeros((len(cols) + 1, len(LABELS)))
    raw[:, known] = np.vstack([coef[:, cols].T * vals[:, None], intercept[None, :]])
    raw[:, known] -= raw[:, known].mean(axis=1, keepdims=True)
    raw[-1, [j for j in range(len(LABELS)) if j not in known]] = -np.inf
    index = [str(names[c]) for c in cols] + ["(bias)"]
    return (
        pd.DataFrame(raw, index=index, columns=list(LABELS)),
        pd.Series(np.append(vals, 0.0), index=index),
    )


def _scaled(shares: Any, weight: float) -> Any:
    """``shares`` (a frame or row of :func:`_linear_shares`) times a blend's
    ``weight``; all 0 when the blend leaves that model out (``weight`` 0, as
    :func:`~.runtime.blend` does), where ``-inf`` × 0, a label the model never
    saw, would be NaN."""
    return shares * weight if weight > 0 else (shares * 0.0).fillna(0.0)


@dataclass(frozen=True)
class ParamRange:
    """The values a numeric parameter is documented to take.

    ``low`` to ``high`` (``None``: unbounded), ``low`` itself excluded when
    ``low_open``, ``high`` when ``high_open``; ``integer`` admits integers
    only, ``nullable`` also ``None``.
    """

    low: float
    high: float | None = None
    low_open: bool = False
    integer: bool = False
    nullable: bool = False
    high_open: bool = False

    def holds(self, value: Any) -> bool:
        """Whether ``value`` is in the range (NaN and booleans never are)."""
        if value is None:
            return self.nullable
        if isinstance(value, bool) or not isinstance(value, Integral if self.integer else Real):
            return False
        number = float(value)
        if not math.isfinite(number):  # inf passes every comparison with a high of None
            return False
        above = number > self.low if self.low_open else number >= self.low
        if self.high is None:
            return above
        return above and (number < self.high if self.high_open else number <= self.high)

    def __str__(self) -> str:
        kind = "an integer" if self.integer else "a number"
        if self.high is None:
            text = f"{kind} {'>' if self.low_open else '>='} {self.low:g}"
        else:
            text = (
                f"{kind} in {'(' if self.low_open else '['}{self.low:g}, "
                f"{self.high:g}{')' if self.high_open else ']'}"
            )
        return f"None or {text}" if self.nullable else text


_WEIGHT = ParamRange(0.0)

#: The documented range of each numeric parameter of :class:`StanceClassifier`,
#: checked when ``fit`` starts: out of range, a value either fails only after
#: every sentence is parsed or silently does something else (``threshold=2``
#: labels every sentence none). ``ngram_range``, ``min_df`` and
#: ``max_features`` are checked by scikit-learn's TF-IDF.
PARAM_RANGES: dict[str, ParamRange] = {
    "C": ParamRange(0.0, low_open=True),
    "max_iter": ParamRange(1, integer=True),
    "threshold": ParamRange(0.0, 1.0, nullable=True),
    "pooled": ParamRange(0.0, 1.0),
    "pooled_sentence_weight": _WEIGHT,
    "dense_weight": _WEIGHT,
    "tensor_weight": _WEIGHT,
    "char_weight": _WEIGHT,
    "scope_weight": _WEIGHT,
    "encoder_weight": _WEIGHT,
    "encoder_cues": _WEIGHT,
    "tune": ParamRange(0.0, 1.0),
    "tune_layers": ParamRange(1, 6, integer=True),
    "tune_epochs": ParamRange(1, integer=True),
    "tune_lr": ParamRange(0.0, low_open=True),
}


def text_digests(texts: Iterable[str]) -> np.ndarray:
    """Sorted, unique 64-bit digests of ``texts`` with whitespace collapsed.

    A fitted :class:`StanceClassifier` keeps those of its training sentences
    (``train_digests_``, 8 bytes a sentence, no text): ``discourse eval`` warns
    (``[W243]``) when a gold file holds sentences the model was trained on.
    """
    return np.unique(np.asarray([text_digest(t) for t in texts], dtype=np.uint64))


def text_digest(text: str) -> int:
    """64-bit digest of ``text`` with whitespace collapsed (see :func:`text_digests`)."""
    return int.from_bytes(hashlib.blake2b(" ".join(text.split()).encode(), digest_size=8).digest())


def check_params(estimator: Any, ranges: dict[str, ParamRange]) -> None:
    """Raise ``ValueError`` ``[E252]`` for the first parameter of ``estimator`` outside
    its range in ``ranges``, naming the parameter, its value and the range."""
    for name, allowed in ranges.items():
        value = getattr(estimator, name)
        if not allowed.holds(value):
            raise ValueError(
                Errors.E252.format(
                    kind=type(estimator).__name__, name=name, value=value, expected=allowed
                )
            )


def text_tags(tags: Tags) -> Tags:
    """scikit-learn ``tags`` of a stance model: its ``X`` is a 1-D collection of texts
    (strings, spaCy spans or docs), its ``y`` a table with a column per frame.

    The estimator type stays ``None`` rather than ``"classifier"``: for a
    classifier, scikit-learn's ``check_cv`` turns an integer ``cv`` into
    ``StratifiedKFold`` after reading ``y`` with ``type_of_target``, which
    raises ``TypeError`` on a label table holding None (an unlabelled
    sentence, which ``fit`` accepts), so ``cross_val_score(clf, texts, labels,
    cv=5)`` and ``GridSearchCV`` would fail on such labels, and one frame's
    column would be split by label instead of by position.
    """
    tags.input_tags.one_d_array = True
    tags.input_tags.two_d_array = False
    tags.input_tags.string = True
    tags.target_tags.required = True
    tags.target_tags.multi_output = True
    # a 1-D array of labels names no frame (a Series named after one is read)
    tags.target_tags.single_output = False
    return tags


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
        logistic regression (cloned once per frame); one without it (say
        ``LinearSVC``) is refused at ``fit`` (``[E251]``) unless
        ``calibration`` gives it probabilities.
    calibration:
        ``None`` (logistic regression's own probabilities), ``"sigmoid"`` or
        ``"isotonic"`` to wrap each frame's classifier in
        :class:`~sklearn.calibration.CalibratedClassifierCV` (3-fold).
    threshold:
        ``None``: the most probable label wins. A number (0–1): favor or
        against is predicted only when its probability reaches it (else
        none) — trades recall for precision on text that mostly takes no side.
    random_state:
        seed for every randomised step, so training is reproducible.
    pooled:
        weight (0–1, in log space) of a model shared by all frames over
        frame-relative features (:mod:`discourse.stance.pooled`), blended
        with each frame's own classifier; 0 switches it off.
    pooled_sentence_weight:
        weight (>= 0) of the sentence's own lemmas in the shared model
        (:class:`~discourse.stance.pooled.FrameView`).
    tfidf, cues, sentiment, syntax, scope, tensor, ngram_range, min_df, max_features,
    mask_entities, dense_weight, tensor_weight, scope_weight, char_ngrams, char_weight,
    encoder, encoder_weight, encoder_cues, signed_scope:
        feature settings, see :class:`~discourse.stance.features.StanceFeatures`
        (the weights are >= 0).
    tune:
        weight (0–1, in log space) of the fine-tuned encoder
        (:class:`~discourse.stance.tuning.EncoderTuner`: the sentence encoder's
        top ``tune_layers`` layers and a head per frame, trained on the same
        labels for ``tune_epochs`` epochs at peak learning rate ``tune_lr``),
        blended with this model's probabilities; 0 switches it off. Needs the
        sentence encoder installed, as ``encoder`` does.

    ``fit`` checks the numeric parameters against these ranges
    (:data:`PARAM_RANGES`, ``[E252]``) before it parses a sentence.
    """

    #: defaults for models saved before the encoder family existed (skops
    #: restores the attributes a model was saved with; scikit-learn's
    #: get_params, clone and repr read every setting)
    encoder: bool = False
    encoder_weight: float = 1.0
    encoder_cues: float = 0.0
    signed_scope: bool = False
    tune: float = 0.0
    tune_layers: int = 3
    tune_epochs: int = 6
    tune_lr: float = 2e-4

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
        signed_scope: bool = True,
        tune: float = 0.0,
        tune_layers: int = 3,
        tune_epochs: int = 6,
        tune_lr: float = 2e-4,
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
        self.signed_scope = signed_scope
        self.tune = tune
        self.tune_layers = tune_layers
        self.tune_epochs = tune_epochs
        self.tune_lr = tune_lr

    def __sklearn_tags__(self) -> Tags:
        """scikit-learn's tags: texts in, a table of frame labels out (see :func:`text_tags`)."""
        return text_tags(super().__sklearn_tags__())

    # -- fitting --------------------------------------------------------
    def _check_params(self) -> None:
        """Refuse settings ``fit`` cannot use, before any sentence is parsed: a
        numeric parameter outside its documented range (``[E252]``), an
        ``estimator`` without ``predict_proba`` that no calibration wraps
        (``[E251]``: it would fail only at the first ``predict``)."""
        check_params(self, PARAM_RANGES)
        if self.tune and not self.encoder:
            # a run tells a model that needs the encoder by its encoder setting
            raise ValueError(
                Errors.E252.format(
                    kind=type(self).__name__,
                    name="tune",
                    value=self.tune,
                    expected="0 unless encoder=True (it fine-tunes the sentence encoder)",
                )
            )
        if (
            self.estimator is not None
            and not self.calibration
            and not hasattr(self.estimator, "predict_proba")
        ):
            raise ValueError(Errors.E251.format(estimator=repr(self.estimator)))

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
        if self.frames is None and present:
            # frames=None trains the shipped frames that are labelled; say what
            # is left out, or a misspelt column ("militarisation") silently
            # leaves a shipped frame untrained and a new frame's column is
            # dropped without a word
            unknown = _frame_like_columns(labels, [f.name for f in frames])
            problems = []
            if missing:
                problems.append(
                    f"shipped frame(s) {', '.join(missing)} have no label column and are not trained"
                )
            if unknown:
                problems.append(
                    f"label column(s) {', '.join(unknown)} look like frames but are not "
                    "shipped frames, so they are not trained"
                )
            if problems:
                log.warning(Warnings.W213.format(detail="; ".join(problems)))
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
            # random_state seeds every randomised step (docstring), a user's
            # estimator's too unless it was given a seed of its own
            if est.get_params().get("random_state", False) is None:
                est.set_params(random_state=self.random_state)
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
        frame's training only. Parameters are checked first (:meth:`_check_params`).
        """
        self._check_params()
        items = _items(X)
        spans = as_spans(items)
        if not spans:  # else scikit-learn's "empty vocabulary", which names no cause
            raise ValueError(Errors.E243.format(texts=0))
        if not any(s.text.strip() for s in spans):
            raise ValueError(Errors.E243.format(texts=f"{len(spans)} blank"))
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
        # the maps' issue statements of the frames given (a list or a frames
        # file); frames=None keeps the package's, which the package supplies
        self.propositions_ = (
            {f.name: f.proposition for f in frames} if self.frames is not None else {}
        )
        self.train_digests_ = text_digests(s.text for s in spans)
        self.estimators_: dict[str, Any] = {}
        columns = {name: _column(labels, name) for name in self.frames_}
        for name, (values, mask) in columns.items():
            if len(set(values)) < 2:
                raise ValueError(Errors.E210.format(frame=name, labels=sorted(set(values))))
            self.estimators_[name] = self._base_estimator().fit(matrix[mask], values)
        self._fit_pooled(analyses, columns)
        self.tuner_ = None
        if self.tune:
            from .tuning import EncoderTuner

            self.tuner_ = EncoderTuner(
                top=self.tune_layers,
                epochs=self.tune_epochs,
                lr=self.tune_lr,
                random_state=self.random_state,
            ).fit([a.span.text for a in analyses], columns)
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

    def predict_proba(self, X: Iterable[Any]) -> pd.DataFrame:  # noqa: N803  (scikit-learn naming)
        """Probabilities with MultiIndex columns ``(frame, label)``; each frame's row sums to 1.

        Read in threads as :meth:`predict` reads them: where the context reader
        gave a side the model did not, that frame's row is the reader's
        probabilities (the score a run shows for it), else the model's.
        """
        items = _items(X)
        probs, _, reading = self.decide_sentences(self.analyse(items), *_thread_columns(X))
        if reading is not None:
            for f, changed in reading.changed.items():
                probs[f] = np.where(changed[:, None], reading.probs[f], probs[f])
        columns = pd.MultiIndex.from_tuples([(f, lab) for f in self.frames_ for lab in LABELS])
        data = np.hstack([probs[f] for f in self.frames_]) if self.frames_ else None
        return pd.DataFrame(data, columns=columns, index=_output_index(X, len(items)))

    def predict(self, X: Iterable[Any]) -> pd.DataFrame:  # noqa: N803  (scikit-learn naming)
        """The label per frame (:meth:`decide`): a DataFrame with one column per frame.

        A DataFrame with a ``post`` column (and ``parent``: the post each
        sentence answers, null for the article), its sentences in thread order
        as ``read_gold`` gives a thread-labelled file, is read in its threads
        when the model carries a context reader (``context_``), as a run reads
        them; other input, or a model without one, sentence by sentence.
        """
        items = _items(X)
        _, data, _ = self.decide_sentences(self.analyse(items), *_thread_columns(X))
        return pd.DataFrame(data, columns=self.frames_, index=_output_index(X, len(items)))

    def score(self, X: Iterable[Any], y: Any) -> float:  # noqa: N803  (scikit-learn naming)
        """F-avg over the frames labelled in ``y`` (SemEval-2016 style; higher is better)."""
        check_is_fitted(self, "estimators_")  # before frames_ is read
        items = _items(X)
        return _f_avg(self.frames_, self.predict(items), y, items)

    def explain(self, text: Any, frame: str, n: int | None = 10) -> pd.DataFrame:
        """Why the model labels one sentence as it does for ``frame``: each feature's share.

        A row per feature the sentence has (a word, a cue, a scope word, a
        polarity, …) with its ``value`` and what it adds to each label's log
        probability (columns ``favor``, ``against``, ``none``). The logistic
        regressions are linear, so the shares are exact: the frame's own
        classifier's weights times the values, the shared frame-relative
        model's (rows named ``pooled:…``) likewise, each scaled by its weight in
        the blend (``pooled``), the intercepts in the row ``(bias)`` and a
        fine-tuned encoder's log probabilities (``tune`` > 0) in one row of
        their own. Every row is centred over the labels, so a share says
        "towards this label, away from the others", and the softmax of the
        column sums over *all* rows is :meth:`predict_proba`'s row. Rows are
        ordered by their effect on the predicted label (``attrs["label"]``);
        ``n`` keeps the first ``n`` (``None``: all).

        The first question when a sentence comes out wrong — "I am not against
        legalization." read as against — is which words carried it; this
        answers it without reading the feature code. An unknown frame is
        ``[E237]``; a frame whose classifier has no linear weights (another
        ``estimator``, ``calibration``) is ``[E261]``.
        """
        check_is_fitted(self, "estimators_")
        if frame not in self.estimators_:
            raise ValueError(Errors.E237.format(name=frame, choices=", ".join(self.frames_)))
        analyses = self.analyse([text])
        # first: it also readies a fine-tuned encoder's states (ClassifierProba)
        label = str(self.decide(self.proba_arrays(analyses)[frame])[0])
        own, values = _linear_shares(
            self.estimators_[frame],
            frame,
            self.features_.transform_analyses(analyses),
            self.features_.get_feature_names_out(),
        )
        view, shared = getattr(self, "view_", None), getattr(self, "pooled_", None)
        weight = self.pooled if shared is not None else 0.0
        if weight and view is not None:
            pooled, pooled_values = _linear_shares(
                shared,
                frame,
                view.transform([(analyses[0], frame)]),
                view.get_feature_names_out(),
            )
            # one "(bias)" row: the two models' intercepts summed
            pooled.index = [n if n == "(bias)" else f"pooled:{n}" for n in pooled.index]
            pooled_values.index = pooled.index
            own = pd.concat([_scaled(own, 1 - weight), pooled * weight])
            own = own.groupby(level=0, sort=False).sum()
            values = pd.concat([values, pooled_values]).groupby(level=0, sort=False).sum()
        tuned = self._tuned_proba(analyses).get(frame)
        if tuned is not None:
            t = self.tune
            log_tuned = np.log(tuned[0] + 1e-9)
            own = _scaled(own, 1 - t)
            own.loc["(fine-tuned encoder)"] = t * (log_tuned - log_tuned.mean())
            values.loc["(fine-tuned encoder)"] = 0.0
        table = own.assign(value=values)[["value", *LABELS]]
        order = np.argsort(-np.abs(np.nan_to_num(table[label].to_numpy())), kind="stable")
        table = table.iloc[order]
        table.index.name = "feature"
        table.attrs["label"] = label
        return table if n is None else table.head(n)

    def top_terms(self, frame: str, label: str, n: int = 10) -> list[tuple[str, float]]:
        """The ``n`` features with the largest weight for ``label`` of ``frame`` (for inspection).

        An unknown frame raises ``ValueError`` ``[E237]`` naming the model's
        frames, a label other than favor/against/none ``[E253]`` (a typo such as
        "favour" would otherwise look like a label without weights). Empty
        when the frame's classifier has no linear weights (another
        ``estimator``, calibration) or never saw the label in training.
        """
        check_is_fitted(self, "estimators_")
        if frame not in self.estimators_:
            raise ValueError(Errors.E237.format(name=frame, choices=", ".join(self.frames_)))
        if label not in LABELS:
            raise ValueError(Errors.E253.format(label=label, choices=", ".join(LABELS)))
        est = self.estimators_[frame]
        coef = getattr(est, "coef_", None)
        if coef is None or label not in list(est.classes_):
            return []
        row = coef[list(est.classes_).index(label)] if coef.shape[0] > 1 else coef[0]
        names = self.features_.get_feature_names_out()
        order = np.argsort(-row)[:n]
        return [(str(names[i]), float(row[i])) for i in order]
