"""A stance model shared by all frames, over features *relative to* one frame.

Each frame's own classifier learns "'failed' next to a legalization cue
argues against legalization" from the legalization sentences alone — a few
hundred per side. But how a position is expressed hardly depends on the
frame: "X has failed", "we need X", "X only made things worse", "X is not the
answer" mean the same for every measure. :class:`FrameView` rewrites a
sentence as seen from one frame (that frame's scope words without their
prefix, its cue counts, the polarity and modality of the clauses holding its
cues), so one model trained on every (sentence, frame) pair of the corpus
learns those expressions from four times the evidence. The frame's identity
enters only as an intercept per frame.

:class:`~discourse.stance.classifier.StanceClassifier` blends this pooled
model's probabilities with each frame's own (``pooled`` = the blend weight in
log space), so the frame-specific wording the pooled model cannot see still
counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from .analysis import VIEW_DENSE_NAMES, SentenceAnalysis, ViewMatrix, own_scope_words
from .features import words_vectorizer


class FrameView(ViewMatrix, TransformerMixin, BaseEstimator):
    """(sentence analysis, frame) pairs → frame-relative features.

    Fitted on pairs, so its vocabulary is the union of every frame's scope
    words. ``frames`` fixes the one-hot frame columns (an intercept per
    frame); ``scope_weight`` and ``dense_weight`` scale the word and dense
    blocks as in :class:`~discourse.stance.features.StanceFeatures`;
    ``encoder_weight`` (0 = off) adds the sentence's all-MiniLM-L6-v2 vector
    (:mod:`discourse.encoder`) to each of its pairs.
    """

    #: defaults for views saved before the setting existed (skops restores
    #: the attributes a model was saved with; scikit-learn reads the settings)
    encoder_weight: float = 0.0

    def __init__(
        self,
        frames: Sequence[str] = (),
        *,
        scope_weight: float = 1.0,
        dense_weight: float = 0.3,
        sentence_weight: float = 0.0,
        encoder_weight: float = 0.0,
    ) -> None:
        self.frames = frames
        self.scope_weight = scope_weight
        self.dense_weight = dense_weight
        self.sentence_weight = sentence_weight
        self.encoder_weight = encoder_weight

    def fit(self, pairs: Sequence[tuple[SentenceAnalysis, str]], y: Any = None) -> FrameView:
        """Learn the scope-word vocabulary and the dense scaling from ``pairs``."""
        self.vectorizer_ = words_vectorizer(
            [own_scope_words(a.scope_text, f) for a, f in pairs], min_df=2
        )
        self.scaler_ = StandardScaler().fit(self._dense(pairs))
        self.sentence_vectorizer_ = None
        if self.sentence_weight:
            self.sentence_vectorizer_ = words_vectorizer(self._sentence_words(pairs), min_df=3)
        return self

    def transform(self, pairs: Sequence[tuple[SentenceAnalysis, str]]) -> sp.csr_matrix:
        """One row per pair: scope words, scaled dense columns, frame one-hot."""
        check_is_fitted(self, "vectorizer_")
        return super().transform(pairs)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``view:<word>``, ``view:<dense name>``, ``frame:<name>``."""
        check_is_fitted(self, "vectorizer_")
        names = [f"view:{w}" for w in self.vectorizer_.get_feature_names_out()]
        names += [f"view:{n}" for n in VIEW_DENSE_NAMES]
        names += [f"frame:{f}" for f in self.frames]
        if self.sentence_vectorizer_ is not None:
            names += [f"sent:{w}" for w in self.sentence_vectorizer_.get_feature_names_out()]
        if self.encoder_weight:
            from ..encoder import WIDTH

            names += [f"encoder:{i}" for i in range(WIDTH)]
        return np.asarray(names, dtype=object)
