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
from typing import TYPE_CHECKING, Any

import pandas as pd
from sklearn.base import BaseEstimator

from .analysis import as_spans
from .classifier import (
    ParamRange,
    _f_avg,
    _index_of,
    _items,
    _labels_frame,
    _output_index,
    check_params,
    text_tags,
)
from .frames import Frame, resolve_frames

if TYPE_CHECKING:  # scikit-learn >= 1.6
    from sklearn.utils import Tags

#: The documented range of the baseline's ``threshold``: a TextBlob polarity magnitude.
PARAM_RANGES: dict[str, ParamRange] = {"threshold": ParamRange(0.0, 1.0)}


class KeywordSentimentBaseline(BaseEstimator):
    """Topic keyword match + TextBlob polarity sign, per frame.

    Its inputs are read as :class:`~discourse.stance.classifier.StanceClassifier`
    reads them (the same helpers): texts as a list, array or Series (whose
    index the predictions keep) or a DataFrame's ``text`` column, strings
    or spaCy spans and docs; one string is ``[E212]``, another container
    ``[E242]``, an item that is no text ``[E200]``. Labels are a DataFrame
    (or a list of dicts) with a column per frame, matched to the texts by
    index when they carry the texts' index in another order (``[E205]`` when
    the row counts differ).

    Parameters
    ----------
    frames:
        ``None`` (the shipped frames), frame names, or :class:`Frame` objects.
    threshold:
        Polarity magnitude (0–1) a sentence needs to count as favor/against.
    """

    def __init__(self, frames: Sequence[str | Frame] | None = None, threshold: float = 0.0) -> None:
        self.frames = frames
        self.threshold = threshold

    def __sklearn_tags__(self) -> Tags:
        """scikit-learn's tags: texts in, a table of frame labels out, labels optional."""
        tags = text_tags(super().__sklearn_tags__())
        tags.target_tags.required = False  # fit learns nothing
        return tags

    def fit(
        self, texts: Iterable[Any] | None = None, labels: Any = None
    ) -> KeywordSentimentBaseline:
        """Resolve the frames; nothing is learned. Returns ``self``.

        ``threshold`` is checked (``[E252]``), and texts and labels when given
        are checked as ``StanceClassifier.fit`` checks them (``[E212]``,
        ``[E242]``, ``[E205]``); the sentences themselves are parsed, and
        their items checked, only by :meth:`predict`.
        """
        check_params(self, PARAM_RANGES)
        if texts is not None:
            items = _items(texts)
            if labels is not None:
                _labels_frame(labels, len(items), _index_of(items))
        self.frames_ = resolve_frames(self.frames)
        self.frame_names_ = [f.name for f in self.frames_]
        return self

    def _frames(self) -> list[Frame]:
        return getattr(self, "frames_", None) or resolve_frames(self.frames)

    def predict(self, texts: Iterable[Any]) -> pd.DataFrame:
        """One row per text (index kept from a Series), one favor/against/none column per frame."""
        # imported here, not at module top: TextBlob (and NLTK under it) costs
        # ≈ 0.7 s, paid by every ``discourse run`` that never uses the baseline
        from textblob import TextBlob

        frames = self._frames()
        items = _items(texts)
        spans = as_spans(items)
        rows = []
        for span in spans:
            polarity = TextBlob(span.text).sentiment.polarity
            sign = (
                "favor"
                if polarity > self.threshold
                else "against"
                if polarity < -self.threshold
                else "none"
            )
            rows.append({f.name: sign if f.match(span, "topic") else "none" for f in frames})
        return pd.DataFrame(
            rows, columns=[f.name for f in frames], index=_output_index(texts, len(spans))
        )

    def score(self, texts: Iterable[Any], labels: Any) -> float:
        """F-avg of the predictions against ``labels`` over the frames they have a column
        for (``[E204]`` when none), as ``StanceClassifier.score`` computes it."""
        items = _items(texts)
        return _f_avg([f.name for f in self._frames()], self.predict(items), labels, items)
