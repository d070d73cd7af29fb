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

from .features import (
    SCOPE_NAMES,
    SentenceAnalysis,
    cue_stats,
    is_question,
    standardise,
    tfidf_transform,
    transform_distinct,
    words_vectorizer,
)

#: Dense columns of a frame view, in order.
VIEW_DENSE_NAMES: tuple[str, ...] = (
    "topic",
    "pro",
    "con",
    "net",
    "polarity",
    "subjectivity",
    "polarity_x_topic",
    "question",
    *SCOPE_NAMES,
)


def own_scope_words(scope_text: str, frame: str) -> str:
    """The scope words of ``frame`` with the frame prefix stripped ("legalization|fail" → "fail")."""
    prefix = f"{frame}|"
    return " ".join(w[len(prefix) :] for w in scope_text.split() if w.startswith(prefix))


class FrameView(TransformerMixin, BaseEstimator):
    """(sentence analysis, frame) pairs → frame-relative features.

    Fitted on pairs, so its vocabulary is the union of every frame's scope
    words. ``frames`` fixes the one-hot frame columns (an intercept per
    frame); ``scope_weight`` and ``dense_weight`` scale the word and dense
    blocks as in :class:`~discourse.stance.features.StanceFeatures`.
    """

    def __init__(
        self,
        frames: Sequence[str] = (),
        *,
        scope_weight: float = 1.0,
        dense_weight: float = 0.3,
        sentence_weight: float = 0.0,
    ) -> None:
        self.frames = frames
        self.scope_weight = scope_weight
        self.dense_weight = dense_weight
        self.sentence_weight = sentence_weight

    @staticmethod
    def _sentence_words(pairs: Sequence[tuple[SentenceAnalysis, str]]) -> list[str]:
        """The sentence's lemmas where ``frame`` has a cue match, else nothing."""
        return [a.lemma_text if cue_stats(a.cues, f)[0] else "" for a, f in pairs]

    def _dense(self, pairs: Sequence[tuple[SentenceAnalysis, str]]) -> np.ndarray:
        """The dense columns (:data:`VIEW_DENSE_NAMES`) of each pair, unscaled."""
        rows = []
        names = list(self.frames)
        n_scope = len(SCOPE_NAMES)
        no_scope = [0.0] * n_scope
        # per sentence (a tagger passes each once per frame): whether it asks, and
        # its scope columns as floats (the array's own numbers, without making a
        # NumPy scalar of each for every pair)
        seen: dict[int, tuple[float, list[float] | None]] = {}
        for a, frame in pairs:
            known = seen.get(id(a))
            if known is None:
                scope_dense = a.scope_dense.tolist() if a.scope_dense is not None else None
                known = seen[id(a)] = (float(is_question(a.span)), scope_dense)
            question, scope_dense = known
            topic, pro, con = cue_stats(a.cues, frame)
            pol, subj = a.sentiment if a.sentiment is not None else (0.0, 0.0)
            k = names.index(frame)
            scope = (
                scope_dense[k * n_scope : (k + 1) * n_scope]
                if scope_dense is not None and len(scope_dense) >= (k + 1) * n_scope
                else no_scope
            )
            rows.append([topic, pro, con, pro - con, pol, subj, pol * topic, question, *scope])
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(VIEW_DENSE_NAMES))

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
        words = transform_distinct(
            self.vectorizer_, [own_scope_words(a.scope_text, f) for a, f in pairs]
        )
        dense = standardise(self.scaler_, self._dense(pairs)) * self.dense_weight
        names = list(self.frames)
        onehot = sp.csr_matrix(
            (np.ones(len(pairs)), (np.arange(len(pairs)), [names.index(f) for _, f in pairs])),
            shape=(len(pairs), len(names)),
        )
        blocks = [words * self.scope_weight, sp.csr_matrix(dense), onehot]
        if self.sentence_vectorizer_ is not None:
            blocks.append(self._gated_sentences(pairs) * self.sentence_weight)
        return sp.hstack(blocks, format="csr")

    def _gated_sentences(self, pairs: Sequence[tuple[SentenceAnalysis, str]]) -> sp.csr_matrix:
        """The rows :meth:`_sentence_words` would give, vectorising each sentence once.

        A tagger passes every sentence once per frame; TF-IDF of a document
        does not depend on the others, so one row per distinct sentence,
        zeroed where the frame has no cue, is the same matrix at a quarter
        of the cost.
        """
        vectorizer = self.sentence_vectorizer_
        assert vectorizer is not None, "called only when the sentence block is on"
        first: dict[int, int] = {}
        uniq: list[SentenceAnalysis] = []
        rows, gate = [], []
        for a, f in pairs:
            k = first.setdefault(id(a), len(uniq))
            if k == len(uniq):
                uniq.append(a)
            rows.append(k)
            gate.append(cue_stats(a.cues, f)[0])
        sents = tfidf_transform(vectorizer, [a.lemma_text for a in uniq])[rows]
        return sp.diags(np.asarray(gate, dtype=np.float64)) @ sents

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """``view:<word>``, ``view:<dense name>``, ``frame:<name>``."""
        check_is_fitted(self, "vectorizer_")
        names = [f"view:{w}" for w in self.vectorizer_.get_feature_names_out()]
        names += [f"view:{n}" for n in VIEW_DENSE_NAMES]
        names += [f"frame:{f}" for f in self.frames]
        if self.sentence_vectorizer_ is not None:
            names += [f"sent:{w}" for w in self.sentence_vectorizer_.get_feature_names_out()]
        return np.asarray(names, dtype=object)


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
