"""The scikit-learn-free side of the stance features: TextBlob's scorer loaded on its own."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest


def test_pattern_sentiment_scores_like_textblob():
    """Same polarity, subjectivity and assessments as ``textblob.en.sentiment`` on
    lexicon words, their -ly adverbs, negations, intensifiers and punctuation."""
    from textblob.en import sentiment

    from discourse.stance.analysis import pattern_sentiment

    ours = pattern_sentiment()
    words = sorted(sentiment.keys())
    extra = ["not", "no", "never", "n't", "very", "!", "?", "terribly", "happily", "drugs", ":)"]
    rng = random.Random(0)
    for _ in range(3000):
        sample = [rng.choice(words + extra) for _ in range(rng.randint(0, 12))]
        got, want = ours(sample), sentiment(sample)
        assert got[:2] == want[:2] and got.assessments == want.assessments, sample


@pytest.mark.slow
def test_sentence_sentiment_does_not_import_textblob_or_nltk():
    """``import textblob`` imports NLTK, which imports scikit-learn and scipy.stats."""
    code = (
        "import sys\n"
        "from discourse.stance.analysis import _blob_sentiment\n"
        "print(_blob_sentiment(('a', 'terrible', 'idea')))\n"
        "print(sorted(m for m in ('textblob', 'nltk', 'sklearn') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "(-1.0, 1.0)"
    assert out[1] == "[]"
