"""The context reader as a scikit-learn estimator: fitting what a run applies.

:class:`ContextReader` takes a fitted stance model's reading of each
sentence, adds what the thread says around it (the columns of
:func:`~discourse.stance.reading.context_matrix`, where the column sets are
described) and decides each frame again with a multinomial logistic
regression per frame. ``discourse train --encoder`` fits one on the training
threads (``corpus/annotated/written/context_threads.jsonl``) and attaches it
to the model (:meth:`ContextReader.context_state`), and a run then reads each
thread's sentences in their thread (:mod:`discourse.stance.reading`, without
scikit-learn). ``benchmarks/context.py`` measures the column sets and ``C``
(docs/stance-experiments.md).

Its input is a DataFrame of sentences in thread order with ``text``,
``post`` (the id of the article or comment the sentence belongs to) and
``parent`` (the id of the post it answers; null for the article), as
``read_gold`` keeps them from a thread-labelled file
(``corpus/annotated/heldout-threads.jsonl``); a sentence with no ``post``
column stands alone. With ``fill=True`` the reader only fills the model's
``none``: a side the model gives is kept.

    from discourse.stance import read_gold
    from discourse.stance.context import ContextReader
    threads = read_gold("corpus/annotated/written/context_threads.jsonl")
    reader = ContextReader("encoder").fit(threads, threads[frames])
    reader.predict(other_threads)            # a DataFrame, a column per frame
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..errors import Errors
from .reading import CONTEXT_FEATURES, WITHOUT_VECTORS, context_matrix, log_odds, reread

__all__ = ["CONTEXT_FEATURES", "ContextReader", "context_matrix", "log_odds"]

#: lbfgs iterations allowed each reader: the columns are not scaled (log-odds
#: weighed 3 beside unit vectors), and fitted on the 48 training threads the
#: compact readers need 1,700–2,700, near enough to 3,000 that one machine's
#: BLAS stopped a frame short of converging.
MAX_ITER = 10_000


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
        if self.features not in WITHOUT_VECTORS:
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
        """Fit on columns :meth:`read` built for the model's ``frames`` (cross-validation
        reads a set once, then fits on its folds). A null label leaves the sentence
        out of that frame, as in :class:`StanceClassifier` (a frame the gold does not
        label is not a class); a frame ``y`` labels with fewer than two labels gets
        no reader, and keeps the model's decisions."""
        self.frames_ = list(frames)
        self.readers_ = {}
        for f in self.frames_:
            known = pd.Series(y[f]).notna().to_numpy()
            labels = np.asarray(pd.Series(y[f])[known], dtype=str)
            if len(set(labels)) < 2:
                continue
            self.readers_[f] = LogisticRegression(C=self.C, max_iter=MAX_ITER).fit(
                matrix[known], labels
            )
        return self

    def decide(self, matrix: np.ndarray, labels: pd.DataFrame) -> pd.DataFrame:
        """The labels for columns :meth:`read` built, given the model's own ``labels``
        (:func:`~discourse.stance.reading.reread`, as a run decides)."""
        check_is_fitted(self, "readers_")
        own = {f: labels[f].to_numpy() for f in self.frames_}
        decided, _ = reread(self.readers_, matrix, own, self.fill)
        return pd.DataFrame(decided, columns=self.frames_, index=labels.index)

    def context_state(self) -> dict[str, Any]:
        """What a stance model carries as its ``context_`` for a run to read its
        threads with (:func:`~discourse.stance.reading.read_in_context`): the
        frames its columns read, the column set, ``fill``, ``C`` and the fitted
        reader per frame."""
        check_is_fitted(self, "readers_")
        return {
            "frames": list(self.frames_),
            "features": self.features,
            "fill": bool(self.fill),
            "C": float(self.C),
            "readers": dict(self.readers_),
        }

    def predict(self, X: pd.DataFrame) -> pd.DataFrame:  # noqa: N803
        """A label per sentence of ``X`` and frame (a column per frame, ``X``'s index)."""
        check_is_fitted(self, "readers_")
        return self.decide(*self.read(X))
