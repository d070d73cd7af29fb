"""Sentence → stance features, as a scikit-learn transformer.

:class:`StanceFeatures` turns sentences — spaCy ``Span``/``Doc`` objects that
were already parsed by :func:`discourse.segment.parse_threads`, or raw strings
that it parses itself with :func:`discourse.nlp.load_nlp` — into one sparse
matrix with these *feature families* (each can be switched off, which is how
the ablation in docs/stance-experiments.md was measured):

``tfidf``
    TF-IDF over lemma uni- and bigrams (numbers, people and dates masked so
    the model learns wording, not the names in the training sentences).
``cues``
    per frame: matches of the frame's topic / favor / against lexicons on
    token lemmas, each marked as negated when a negation governs it in the
    dependency parse ("not", "never", "no longer", "nobody", "fail to" …), and
    a net polarity (favor cues + negated against cues − against cues −
    negated favor cues).
``sentiment``
    TextBlob polarity and subjectivity, also multiplied by each frame's topic
    match (sentiment *about* the frame's topic).
``syntax``
    modality (need/should/must, will/would), reported speech (a reporting
    verb such as say/claim/intend with its own subject), questions,
    negation count, first-person plural, length.
``scope``
    what the sentence says *about each frame*: the content lemmas in the
    dependency neighbourhood of the frame's cue matches (two steps up the
    tree from the cue and the children on the way, each marked ``_NEG`` when
    a negation governs it), prefixed by the frame ("militarization|perverse",
    "demand_reduction|need"), plus per frame the TextBlob polarity of the
    clauses the cues sit in (sign-flipped when the clause is negated), a
    need/should modal on those clauses, the number of negated ones, and the
    direction an attitude word governing a cue states ("*not against*
    legalization" +1, "*rejected calls to* withdraw the military" +1 for
    militarization: :func:`~discourse.stance.analysis.cue_attitude`). A
    linear model cannot learn "'need' argues for militarization only when it
    governs a militarization cue" from sentence-wide words; these can.
``tensor``
    the mean of the sentence's rows of ``doc.tensor`` (the contextual
    token vectors of en_core_web_sm's tok2vec): dense features that transfer
    to wording absent from the lexicons.
``encoder``
    the sentence's all-MiniLM-L6-v2 vector (:mod:`discourse.encoder`, 384
    values of unit length): what the sentence means, so implicit arguments
    and paraphrases of the training wording land near it. Off by default: it
    is slower than the rest of the pipeline together (``[stance] model =
    "encoder"`` selects the shipped model that uses it). With
    ``encoder_cues`` > 0, also per frame the encoder's contextual states of
    the frame's cue words, pooled (:meth:`~discourse.encoder.SentenceEncoder.encode_parts`;
    zeros where the frame has no cue): what the sentence says *about* that
    frame's measure, where the sentence vector mixes every frame it touches.

Any classifier can sit behind the transformer
(``Pipeline([("features", StanceFeatures()), ("lr", LogisticRegression())])``);
:class:`~discourse.stance.classifier.StanceClassifier` puts one calibrated
logistic regression per frame behind it.

This module is the scikit-learn side: fitting the vocabularies and scalings.
Reading a sentence (cues, scope, sentiment, syntax) and building the matrix
from fitted state live in :mod:`discourse.stance.analysis`, which a run
uses without importing scikit-learn (:mod:`discourse.stance.runtime`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import StandardScaler
from sklearn.utils.validation import check_is_fitted

from ..errors import Errors
from .analysis import (
    FAMILIES,
    SCOPE_NAMES,
    SYNTAX_NAMES,
    FeatureMatrix,
    SentenceAnalysis,
    _stack,
    _tensor_mean,
    as_spans,
    compile_lexicon,
)


def words_vectorizer(texts: list[str], min_df: int) -> TfidfVectorizer:
    """TF-IDF fitted on space-separated words (scope words, lemmas).

    An all-empty corpus (no cue anywhere) still gets a (zero) vocabulary, and
    a training set too small for ``min_df`` falls back to every word.
    """
    if not any(texts):
        texts = ["-"]
    try:
        vec = TfidfVectorizer(
            token_pattern=r"\S+", lowercase=False, min_df=min(min_df, len(texts)), sublinear_tf=True
        ).fit(texts)
    except ValueError:  # no word reaches min_df
        vec = TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True).fit(texts)
    return plain_vocabulary(vec)


def plain_vocabulary(vec: TfidfVectorizer) -> TfidfVectorizer:
    """``vec`` with its vocabulary's column numbers as Python ints, not NumPy scalars.

    skops writes every NumPy scalar as a file of its own in the model's zip
    archive: the shipped model held over 5,000 of them, and opening and
    type-checking each made loading it (once per run) take seconds. The
    columns are the same numbers, so transforms do not change.
    """
    vec.vocabulary_ = {word: int(col) for word, col in vec.vocabulary_.items()}
    return vec


# ---------------------------------------------------------------------------
# the transformer


class StanceFeatures(FeatureMatrix, TransformerMixin, BaseEstimator):
    """Sentences → sparse feature matrix (see the module docstring for families).

    Parameters
    ----------
    frames:
        ``None`` (every frame of ``frames.json``), a list of frame names, or a
        list of :class:`~discourse.stance.frames.Frame` objects; their cue
        lexicons are compiled at ``fit`` and stored with the model.
    tfidf, cues, sentiment, syntax, scope, tensor, encoder:
        switch a feature family on or off.
    ngram_range, min_df, max_features, sublinear_tf:
        TF-IDF settings (over lemmas).
    mask_entities:
        replace people, dates and numbers by placeholders in the TF-IDF text.
    signed_scope:
        sign the scope block's modal and command columns by the direction
        of the cues they govern (:func:`~discourse.stance.analysis.cue_direction`:
        "we should keep it illegal" argues against legalization, "possession
        should be a crime" neither way); ``False`` counts every governed cue
        as the measure, as models fitted before 2026-12-02 (and loaded
        without the setting) do.
    dense_weight, tensor_weight, scope_weight, encoder_weight, encoder_cues:
        scale of the standardised dense features, of the tensor block, of
        the scope block, of the (unit-length) sentence vector and of the
        (unit-length) cue vectors (0 = none) relative to the L2-normalised TF-IDF row
        (regularisation treats every column alike, so the weight decides how
        much each family may say).
    """

    #: defaults for models saved before the encoder family existed (skops
    #: restores the attributes a model was saved with; scikit-learn's
    #: get_params, clone and repr read every setting)
    encoder: bool = False
    encoder_weight: float = 1.0
    encoder_cues: float = 0.0
    encoder_cue_width_: int = 0
    signed_scope: bool = False

    def __init__(
        self,
        frames: Any = None,
        *,
        tfidf: bool = True,
        cues: bool = True,
        sentiment: bool = True,
        syntax: bool = True,
        scope: bool = True,
        tensor: bool = True,
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 2,
        max_features: int | None = 30000,
        sublinear_tf: bool = True,
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
    ) -> None:
        self.frames = frames
        self.tfidf = tfidf
        self.cues = cues
        self.sentiment = sentiment
        self.syntax = syntax
        self.scope = scope
        self.tensor = tensor
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.sublinear_tf = sublinear_tf
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

    # -- analysis -------------------------------------------------------
    def analyse(self, texts: Iterable[Any]) -> list[SentenceAnalysis]:
        """Parse if needed and extract cues and dense features, one per sentence."""
        check_is_fitted(self, "frame_names_")
        return self._analyse(as_spans(texts))

    # -- fit / transform ------------------------------------------------
    def fit(self, X: Iterable[Any], y: Any = None) -> StanceFeatures:  # noqa: N803  (scikit-learn naming)
        """Compile the lexicons, learn the TF-IDF vocabulary and dense scaling."""
        self._prepare()
        return self._fit_analyses(self._analyse(as_spans(X)))

    def _prepare(self) -> None:
        """First half of ``fit``: resolve the frames and compile their lexicons."""
        if not any(getattr(self, fam) for fam in FAMILIES):
            raise ValueError(Errors.E203)
        from .frames import resolve_frames

        frames = resolve_frames(self.frames)
        self.frame_names_ = [f.name for f in frames]
        self.lexicon_ = (
            compile_lexicon(frames) if (self.cues or self.sentiment or self.scope) else {}
        )

    def _fit_analyses(self, analyses: list[SentenceAnalysis]) -> StanceFeatures:
        """Second half of ``fit``, on sentences analysed after :meth:`_prepare`."""
        if self.tfidf:
            self.vectorizer_ = TfidfVectorizer(
                token_pattern=r"\S+",
                lowercase=False,
                ngram_range=tuple(self.ngram_range),
                min_df=min(self.min_df, max(1, len(analyses) // 2)),
                max_features=self.max_features,
                sublinear_tf=self.sublinear_tf,
            ).fit([a.lemma_text for a in analyses])
            plain_vocabulary(self.vectorizer_)
        self.n_char_ = 0
        if self.char_ngrams:
            self.char_vectorizer_ = TfidfVectorizer(
                analyzer="char_wb",
                lowercase=False,
                ngram_range=tuple(self.char_ngrams),
                min_df=min(self.min_df, max(1, len(analyses) // 2)),
                max_features=self.max_features,
                sublinear_tf=True,
            ).fit([a.char_text for a in analyses])
            plain_vocabulary(self.char_vectorizer_)
            self.n_char_ = len(self.char_vectorizer_.vocabulary_)
        self.n_scope_ = 0
        if self.scope:
            self.scope_vectorizer_ = words_vectorizer([a.scope_text for a in analyses], min_df=2)
            self.n_scope_ = len(self.scope_vectorizer_.vocabulary_) + len(SCOPE_NAMES) * len(
                self.frame_names_
            )
        dense = _stack([a.dense for a in analyses], 0)
        self.n_dense_ = dense.shape[1] if dense.ndim == 2 else 0
        if self.n_dense_:
            self.scaler_ = StandardScaler().fit(dense)
        self.tensor_width_ = 0
        if self.tensor and analyses:
            self.tensor_width_ = int(analyses[0].span.doc.tensor.shape[1])
            tens = np.vstack([_tensor_mean(a.span, self.tensor_width_) for a in analyses])
            self.tensor_scaler_ = StandardScaler().fit(tens)
        self.encoder_width_ = 0
        self.encoder_digest_ = ""
        self.encoder_cue_width_ = 0
        if self.encoder:
            from ..encoder import WIDTH, load_encoder

            self.encoder_width_ = WIDTH
            self.encoder_digest_ = load_encoder().digest
            if self.encoder_cues:
                self.encoder_cue_width_ = WIDTH * len(self.frame_names_)
        self.n_features_out_ = self._width()
        return self

    def _width(self) -> int:
        width = len(self.vectorizer_.vocabulary_) if self.tfidf else 0
        extra = getattr(self, "n_char_", 0) + getattr(self, "n_scope_", 0)
        encoded = self.encoder_width_ + getattr(self, "encoder_cue_width_", 0)
        return width + extra + self.n_dense_ + self.tensor_width_ + encoded

    def transform(self, X: Iterable[Any]) -> sp.csr_matrix:  # noqa: N803  (scikit-learn naming)
        """Feature matrix (CSR), one row per sentence."""
        check_is_fitted(self, "frame_names_")
        return self.transform_analyses(self._analyse(as_spans(X)))

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Column names: ``tfidf:<ngram>``, ``cue:<frame>:<stat>``, ``sent:…``, ``syn:…``, ``tensor:<i>``, ``encoder:<i>``, ``encoder:<frame>:<i>``."""
        check_is_fitted(self, "frame_names_")
        names: list[str] = []
        if self.tfidf:
            names += [f"tfidf:{t}" for t in self.vectorizer_.get_feature_names_out()]
        if getattr(self, "n_char_", 0):
            names += [f"char:{t}" for t in self.char_vectorizer_.get_feature_names_out()]
        if self.cues:
            for f in self.frame_names_:
                names += [f"cue:{f}:{s}" for s in ("topic", "favor", "against", "net")]
        if self.sentiment:
            names += ["sent:polarity", "sent:subjectivity"]
            names += [f"sent:polarity_x_{f}" for f in self.frame_names_]
        if self.syntax:
            names += [f"syn:{n}" for n in SYNTAX_NAMES]
        if getattr(self, "n_scope_", 0):
            names += [f"scope:{t}" for t in self.scope_vectorizer_.get_feature_names_out()]
            names += [f"scope:{f}:{n}" for f in self.frame_names_ for n in SCOPE_NAMES]
        names += [f"tensor:{i}" for i in range(self.tensor_width_)]
        width = getattr(self, "encoder_width_", 0)
        names += [f"encoder:{i}" for i in range(width)]
        if getattr(self, "encoder_cue_width_", 0):
            names += [f"encoder:{f}:{i}" for f in self.frame_names_ for i in range(width)]
        return np.asarray(names, dtype=object)
