"""The reference baseline: frame keywords + TextBlob polarity.

For every frame, a sentence that mentions one of the frame's topic cues is
labelled ``favor`` when TextBlob's polarity is above ``threshold``,
``against`` when below ``-threshold``, and ``none`` otherwise; a sentence
without a topic cue is ``none``. It learns nothing — ``fit`` only resolves
the frames — and is the floor any trained model has to beat in
``benchmarks/stance.py``. It has the same scikit-learn API as
:class:`~discourse.stance.classifier.StanceClassifier`, so the two are
swapped freely.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from sklearn.base import BaseEstimator
from spacy.tokens import Doc, Span

from ..nlp import load_nlp
from .evaluate import evaluate
from .frames import Frame, resolve_frames


def parse_texts(texts: Iterable[str | Span | Doc], batch_size: int = 64) -> list[Span | Doc]:
    """Parsed spans for ``texts``: spaCy spans and docs pass through, strings are parsed.

    Strings are parsed together with ``nlp.pipe`` of :func:`discourse.nlp.load_nlp`.
    """
    items = list(texts)
    todo = {i: t for i, t in enumerate(items) if isinstance(t, str)}
    if todo:
        nlp = load_nlp()
        for i, doc in zip(todo, nlp.pipe(todo.values(), batch_size=batch_size), strict=True):
            items[i] = doc
    for item in items:
        if not isinstance(item, Span | Doc):
            raise TypeError(f"expected str, spaCy Span or Doc, got {type(item).__name__}")
    return items  # type: ignore[return-value]


def _index_of(texts: Any, n: int) -> pd.Index:
    return texts.index if isinstance(texts, pd.Series) else pd.RangeIndex(n)


class KeywordSentimentBaseline(BaseEstimator):
    """Topic keyword match + TextBlob polarity sign, per frame.

    Parameters
    ----------
    frames:
        ``None`` (the shipped frames), frame names, or :class:`Frame` objects.
    threshold:
        Polarity magnitude a sentence needs to count as favor/against.
    """

    def __init__(self, frames: Sequence[str | Frame] | None = None, threshold: float = 0.0) -> None:
        self.frames = frames
        self.threshold = threshold

    def fit(
        self, texts: Iterable[Any] | None = None, labels: Any = None
    ) -> KeywordSentimentBaseline:
        """Resolve the frames; nothing is learned. Returns ``self``."""
        self.frames_ = resolve_frames(self.frames)
        self.frame_names_ = [f.name for f in self.frames_]
        return self

    def _frames(self) -> list[Frame]:
        return getattr(self, "frames_", None) or resolve_frames(self.frames)

    def predict(self, texts: Iterable[str | Span | Doc]) -> pd.DataFrame:
        """One row per text (index kept from a Series), one favor/against/none column per frame."""
        # imported here, not at module top: TextBlob (and NLTK under it) costs
        # ≈ 0.7 s, paid by every ``discourse run`` that never uses the baseline
        from textblob import TextBlob

        frames = self._frames()
        docs = parse_texts(texts)
        rows = []
        for doc in docs:
            polarity = TextBlob(doc.text).sentiment.polarity
            sign = (
                "favor"
                if polarity > self.threshold
                else "against"
                if polarity < -self.threshold
                else "none"
            )
            rows.append({f.name: sign if f.match(doc, "topic") else "none" for f in frames})
        return pd.DataFrame(
            rows, columns=[f.name for f in frames], index=_index_of(texts, len(docs))
        )

    def score(self, texts: Iterable[str | Span | Doc], labels: pd.DataFrame) -> float:
        """F-avg of the predictions against ``labels`` (one column per frame)."""
        texts = list(texts) if not isinstance(texts, pd.Series) else texts
        pred = self.predict(texts)
        gold = labels.reset_index(drop=True)
        names = [f.name for f in self._frames() if f.name in gold.columns]
        return evaluate(gold, pred.reset_index(drop=True), frames=names).f_avg
