"""The keyword + TextBlob baseline: behaviour on clear sentences and the estimator API."""

from __future__ import annotations

import pandas as pd
import pytest
from sklearn.base import clone

from discourse.stance.baseline import KeywordSentimentBaseline
from discourse.stance.evaluate import evaluate
from discourse.stance.frames import FRAME_NAMES, Frame

SENTENCES = [
    "Legalizing marijuana is a wonderful and sensible idea.",  # legalization topic, positive
    "Gun control is a terrible, stupid idea.",  # arms_control topic, negative
    "The weather was lovely and the food was excellent.",  # no topic cue
    "Marijuana dispensaries opened in Colorado.",  # topic cue, neutral polarity
]


def test_topic_and_polarity_decide(nlp) -> None:
    pred = KeywordSentimentBaseline().fit().predict(SENTENCES)
    assert list(pred.columns) == list(FRAME_NAMES)
    assert pred.loc[0, "legalization"] == "favor"
    assert pred.loc[1, "arms_control"] == "against"
    assert set(pred.loc[2]) == {"none"}  # positive, but no frame is talked about
    assert pred.loc[3, "legalization"] == "none"  # on topic but no polarity
    assert pred.loc[0, "militarization"] == "none"


def test_threshold_and_inputs(nlp) -> None:
    texts = pd.Series(SENTENCES[:2], index=["x", "y"])
    strict = KeywordSentimentBaseline(threshold=1.0).fit().predict(texts)  # |polarity| <= 1
    assert list(strict.index) == ["x", "y"]
    assert strict.loc["x", "legalization"] == "none"
    docs = [nlp(t) for t in SENTENCES[:2]]
    from_docs = KeywordSentimentBaseline().fit().predict(docs)
    assert from_docs.equals(KeywordSentimentBaseline().fit().predict(SENTENCES[:2]))
    with pytest.raises(TypeError, match=r"\[E200\].*got int at position 0"):
        KeywordSentimentBaseline().fit().predict([42])


def test_estimator_api_and_score(nlp) -> None:
    base = KeywordSentimentBaseline(frames=["legalization", "arms_control"], threshold=0.1)
    twin = clone(base)
    assert twin.get_params() == {"frames": ["legalization", "arms_control"], "threshold": 0.1}
    assert twin.fit(SENTENCES) is twin and twin.frame_names_ == ["legalization", "arms_control"]
    gold = pd.DataFrame(
        {
            "legalization": ["favor", "none", "none", "favor"],
            "arms_control": ["none", "against", "none", "none"],
        }
    )
    # legalization: favor tp 1 of gold 2, predicted 1 -> F1 2/3, against undefined -> 2/3
    # arms_control: against perfect, favor undefined -> 1.0
    assert twin.score(SENTENCES, gold) == pytest.approx((2 / 3 + 1.0) / 2)
    assert twin.score(SENTENCES, gold) == evaluate(gold, twin.predict(SENTENCES)).f_avg


def test_a_frame_given_as_data(nlp) -> None:
    alt = Frame(
        name="alternative_development",
        definition="Crop substitution for coca growers.",
        proposition="Give coca growers a legal livelihood",
        topic_cues=("crop substitution", "coca grower"),
    )
    pred = (
        KeywordSentimentBaseline(frames=[alt])
        .fit()
        .predict(["Crop substitution gave coca growers a wonderful new life."])
    )
    assert pred.to_dict("records") == [{"alternative_development": "favor"}]


def test_inputs_are_read_as_the_stance_classifier_reads_them(nlp) -> None:
    base = KeywordSentimentBaseline().fit()
    table = pd.DataFrame({"id": ["a", "b"], "text": SENTENCES[:2]}, index=[5, 6])
    pred = base.predict(table)  # the text column, not one "sentence" per column name
    assert list(pred.index) == [5, 6]
    assert pred.reset_index(drop=True).equals(base.predict(SENTENCES[:2]))
    with pytest.raises(TypeError, match=r"\[E212\].*\['Legalize it.'\]"):
        base.predict("Legalize it.")
    with pytest.raises(TypeError, match=r"\[E242\]"):
        base.predict(123)
    with pytest.raises(TypeError, match=r"\[E218\].*at position 1 is missing"):
        base.predict(["Legalize it.", None])
    assert base.predict([]).shape == (0, len(FRAME_NAMES))
    with pytest.raises(TypeError, match=r"\[E212\]"):
        KeywordSentimentBaseline().fit("Legalize it.")
    with pytest.raises(ValueError, match=r"\[E205\]"):
        KeywordSentimentBaseline().fit(SENTENCES, pd.DataFrame({"legalization": ["favor"]}))
    with pytest.raises(ValueError, match=r"\[E252\].*threshold=2"):
        KeywordSentimentBaseline(threshold=2).fit()


def test_score_matches_labels_to_the_texts_by_index(nlp) -> None:
    base = KeywordSentimentBaseline(frames=["legalization", "arms_control"]).fit()
    texts = pd.Series(SENTENCES, index=[10, 11, 12, 13])
    gold = pd.DataFrame(
        {
            "legalization": ["favor", "none", "none", "favor"],
            "arms_control": ["none", "against", "none", "none"],
        },
        index=texts.index,
    )
    aligned = base.score(texts, gold)
    assert aligned == pytest.approx((2 / 3 + 1.0) / 2)
    assert base.score(texts, gold.iloc[::-1]) == aligned  # same labels, other order
    assert base.score(texts.to_frame("text"), gold.sample(frac=1, random_state=0)) == aligned
    with pytest.raises(ValueError, match=r"\[E204\].*columns: alternative_development"):
        base.score(SENTENCES[:1], [{"alternative_development": "favor"}])
