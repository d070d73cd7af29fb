"""A context reader: a stance model's decisions read again with the sentence's thread.

Many positions in a comment thread are plain only in context: "This.",
"No thanks.", an anecdote offered as evidence inside an argued comment. A
sentence model cannot see that. :class:`ContextReader` is a scikit-learn
estimator that takes a fitted stance model's reading of each sentence and
adds what the thread says around it, then decides each frame again with a
multinomial logistic regression per frame.

Its input is a DataFrame of sentences in thread order with ``text``,
``post`` (the id of the article or comment the sentence belongs to) and
``parent`` (the id of the post it answers; null for the article), as
``read_gold`` keeps them from a thread-labelled file
(``corpus/annotated/heldout-threads.jsonl``); a sentence with no ``post``
column stands alone. The columns it reads (``features``):

* ``compact`` (the default): the model's log-odds of favor and of against
  against ``none`` for every frame, the sentence's vector (the sentence
  encoder, all-MiniLM-L6-v2), the strongest favor and against the model
  gives in the post answered and in the rest of the sentence's post, the
  log-odds of the sentence before it, the sentence's cosine similarity to
  the post answered, to the rest of its post and to the sentence before,
  and flags for a reply, a sentence of four words or fewer and an article
  sentence;
* ``full`` (the first reader): the log-odds, the sentence's vector, the
  strongest sides, and the context as vectors — the sentence before's and
  the means of the post answered and of the rest of the post;
* ``own``: the model's log-odds only (a control: what the training labels
  do to the model's thresholds alone);
* ``blind``: the log-odds and the sentence's vector, no context.

With ``fill=True`` the reader only fills the model's ``none``: a side the
model gives is kept. The reader is an experiment measured by
``benchmarks/context.py`` (see ``docs/stance-experiments.md``); the tagger
does not apply it yet.

    from discourse.stance import read_gold
    from discourse.stance.context import ContextReader
    threads = read_gold("corpus/annotated/written/context_threads.jsonl")
    reader = ContextReader("encoder").fit(threads, threads[frames])
    reader.predict(other_threads)            # a DataFrame, a column per frame
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..errors import Errors
from .frames import LABELS

#: The reader's column sets (see the module docstring).
CONTEXT_FEATURES = ("compact", "full", "own", "blind")
#: Weight of the model's log-odds against the vector columns.
OWN_WEIGHT = 3.0
#: A sentence of at most this many words is flagged short ("This.", "No thanks.").
SHORT_WORDS = 4

_FAVOR, _AGAINST, _NONE = (LABELS.index(label) for label in ("favor", "against", "none"))


def _is_id(value: Any) -> bool:
    """A post id, not a null (None or NaN) read from JSON Lines."""
    return isinstance(value, str) and bool(value)


def log_odds(probs: Mapping[str, np.ndarray], frames: Sequence[str]) -> np.ndarray:
    """Per frame, log P(favor) / P(none) and log P(against) / P(none): ``(n, 2 × frames)``."""
    return np.hstack(
        [
            np.log(probs[f][:, [_FAVOR, _AGAINST]] + 1e-4) - np.log(probs[f][:, [_NONE]] + 1e-4)
            for f in frames
        ]
    )


def context_matrix(
    probs: Mapping[str, np.ndarray],
    frames: Sequence[str],
    texts: Sequence[str],
    posts: Sequence[Any] | None = None,
    parents: Sequence[Any] | None = None,
    vectors: np.ndarray | None = None,
    features: str = "compact",
) -> np.ndarray:
    """The reader's columns for sentences in thread order (see the module docstring).

    ``probs`` are a stance model's probabilities per frame (``proba_arrays``),
    ``posts`` and ``parents`` each sentence's post id and the id of the post
    it answers (None: standalone sentences, each its own post). ``vectors``
    (unit-length sentence vectors) are needed by every column set but ``own``.
    """
    if features not in CONTEXT_FEATURES:
        raise ValueError(Errors.E262.format(name=features, known=", ".join(CONTEXT_FEATURES)))
    n = len(texts)
    own = log_odds(probs, frames)
    if features == "own":
        return OWN_WEIGHT * own
    if vectors is None:
        raise ValueError(Errors.E263.format(features=features))
    vec = np.asarray(vectors, dtype=np.float64)
    if features == "blind":
        return np.hstack([OWN_WEIGHT * own, vec])
    # a sentence without a post id (None, NaN: a standalone line among threaded
    # ones) is its own post, not one post with every other such sentence
    given = list(posts) if posts is not None else [None] * n
    post_ids = [str(p) if _is_id(p) else f"\0{i}" for i, p in enumerate(given)]
    parent_ids = list(parents) if parents is not None else [None] * n
    members: dict[str, list[int]] = {}
    for i, post in enumerate(post_ids):
        members.setdefault(post, []).append(i)
    before, rest, answered = (np.zeros_like(vec) for _ in range(3))
    sides = np.zeros((n, 4 * len(frames)))
    previous = np.zeros_like(own)
    # cosine to the post answered, the rest of the post, the sentence before;
    # a reply; a short sentence; an article sentence (no parent)
    numbers = np.zeros((n, 6))
    for i in range(n):
        mine = members[post_ids[i]]
        k = mine.index(i)
        others = [j for j in mine if j != i]
        parent = parent_ids[i]
        theirs = members.get(str(parent), []) if _is_id(parent) else []
        if k:
            before[i] = vec[mine[k - 1]]
            previous[i] = own[mine[k - 1]]
        if others:
            rest[i] = vec[others].mean(axis=0)
        if theirs:
            answered[i] = vec[theirs].mean(axis=0)
        for a, frame in enumerate(frames):
            p = probs[frame]
            for b, js in enumerate((theirs, others)):
                if js:
                    sides[i, 4 * a + 2 * b : 4 * a + 2 * b + 2] = p[js][:, [_FAVOR, _AGAINST]].max(
                        axis=0
                    )
        numbers[i, :3] = [float(vec[i] @ part[i]) for part in (answered, rest, before)]
        numbers[i, 3] = bool(theirs)
        numbers[i, 4] = len(str(texts[i]).split()) <= SHORT_WORDS
        numbers[i, 5] = _is_id(given[i]) and not _is_id(parent)
    if features == "compact":
        return np.hstack([OWN_WEIGHT * own, vec, sides, previous, numbers])
    return np.hstack([OWN_WEIGHT * own, vec, before, answered, rest, sides])


def combine(model_labels: pd.DataFrame, read: pd.DataFrame, fill: bool) -> pd.DataFrame:
    """The reader's labels, or with ``fill`` the model's wherever it gives a side."""
    return model_labels.where(model_labels != "none", read) if fill else read


class ContextReader(BaseEstimator):
    """Re-decide a stance model's labels with each sentence's thread (module docstring).

    ``model`` names the stance model read (``"encoder"``, ``None`` for the
    shipped default, or a model file), loaded at :meth:`fit`, so ``clone``
    and ``GridSearchCV`` copy a name and not a fitted model. ``C`` is the
    logistic regressions' inverse regularisation (``benchmarks/context.py``
    chooses it by cross-validation over threads; 3 for the compact, filling
    reader over either shipped model).
    """

    def __init__(
        self,
        model: str | None = "encoder",
        features: str = "compact",
        C: float = 1.0,  # noqa: N803  (scikit-learn naming)
        fill: bool = True,
    ) -> None:
        self.model = model
        self.features = features
        self.C = C
        self.fill = fill

    def _stance_model(self) -> Any:
        from .tagger import load_model

        return load_model(self.model)

    def read(self, X: pd.DataFrame, model: Any = None) -> tuple[np.ndarray, pd.DataFrame]:  # noqa: N803
        """The reader's columns for ``X`` and the model's own labels, a column per frame."""
        if model is None:
            check_is_fitted(self, "model_")
            model = self.model_
        if "text" not in X:
            raise ValueError(Errors.E264.format(columns=list(X.columns)))
        texts = [str(t) for t in X["text"]]
        probs = model.proba_arrays(model.analyse(texts))
        frames = list(model.frames_)
        vectors = None
        if self.features != "own":
            from ..encoder import load_encoder

            vectors = load_encoder().encode(texts)
        posts = list(X["post"]) if "post" in X else None
        parents = list(X["parent"]) if "parent" in X and posts is not None else None
        matrix = context_matrix(probs, frames, texts, posts, parents, vectors, self.features)
        # the model's own decisions (its threshold, if it has one, applied)
        labels = pd.DataFrame({f: model.decide(probs[f]) for f in frames}, index=X.index)
        return matrix, labels

    def fit(self, X: pd.DataFrame, y: pd.DataFrame) -> ContextReader:  # noqa: N803
        """Fit one logistic regression per frame of the model on ``X`` labelled ``y``."""
        self.model_ = self._stance_model()
        missing = [f for f in self.model_.frames_ if f not in y]
        if missing:
            raise ValueError(Errors.E265.format(frames=missing))
        matrix, _ = self.read(X)
        return self.fit_matrix(matrix, y, self.model_.frames_)

    def fit_matrix(
        self, matrix: np.ndarray, y: pd.DataFrame, frames: Sequence[str]
    ) -> ContextReader:
        """Fit on columns :meth:`read` built (cross-validation reads a set once, then fits
        on its folds). A null label leaves the sentence out of that frame, as in
        :class:`StanceClassifier` (a frame the gold does not label is not a class)."""
        self.frames_ = list(frames)
        self.readers_ = {}
        for f in self.frames_:
            known = pd.Series(y[f]).notna().to_numpy()
            labels = np.asarray(pd.Series(y[f])[known], dtype=str)
            self.readers_[f] = LogisticRegression(C=self.C, max_iter=3000).fit(
                matrix[known], labels
            )
        return self

    def decide(self, matrix: np.ndarray, labels: pd.DataFrame) -> pd.DataFrame:
        """The labels for columns :meth:`read` built, given the model's own ``labels``."""
        check_is_fitted(self, "readers_")
        read = pd.DataFrame(
            {f: self.readers_[f].predict(matrix) for f in self.frames_}, index=labels.index
        )
        return combine(labels[self.frames_], read, self.fill)

    def predict(self, X: pd.DataFrame) -> pd.DataFrame:  # noqa: N803
        """A label per sentence of ``X`` and frame (a column per frame, ``X``'s index)."""
        check_is_fitted(self, "readers_")
        return self.decide(*self.read(X))
