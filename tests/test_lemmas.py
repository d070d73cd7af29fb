"""The cached lemmatizer gives the stock lemmatizer's lemmas.

That it does token for token on real text with en_core_web_sm is checked in
``tests/test_nlp.py``; these tests cover the component's own rules.
"""

from __future__ import annotations

import spacy
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

import discourse.lemmas as lemmas_module
from discourse.lemmas import CachedLemmatizer, use_cached_lemmas


def _lookup_lemmatizer(overwrite: bool = False) -> tuple[spacy.Language, Lemmatizer]:
    nlp = spacy.blank("en")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": overwrite})
    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"cartels": "cartel", "armies": "army", "were": "be"})
    lemmatizer.initialize(lookups=lookups)
    return nlp, lemmatizer


WORDS = ["cartels", "were", "armies", "cartels", "Cartels", "and", "armies"]


def test_same_lemmas_as_the_stock_lemmatizer_and_preset_lemmas_kept() -> None:
    nlp, stock = _lookup_lemmatizer()
    cached = CachedLemmatizer(stock)
    a = stock(Doc(nlp.vocab, words=WORDS))
    b = cached(Doc(nlp.vocab, words=WORDS))
    assert [t.lemma_ for t in b] == [t.lemma_ for t in a]
    assert [t.lemma_ for t in b][:3] == ["cartel", "be", "army"]
    preset = Doc(nlp.vocab, words=WORDS, lemmas=["X"] * len(WORDS))
    assert {t.lemma_ for t in cached(preset)} == {"X"}  # not overwritten, as the stock one


def test_overwrite_is_honoured() -> None:
    nlp, stock = _lookup_lemmatizer(overwrite=True)
    doc = CachedLemmatizer(stock)(Doc(nlp.vocab, words=WORDS, lemmas=["X"] * len(WORDS)))
    assert [t.lemma_ for t in doc][:3] == ["cartel", "be", "army"]


def test_a_full_cache_restarts_without_changing_lemmas(monkeypatch) -> None:
    monkeypatch.setattr(lemmas_module, "MAX_CACHED", 1)
    nlp, stock = _lookup_lemmatizer()
    cached = CachedLemmatizer(stock)
    for _ in range(3):
        assert [t.lemma_ for t in cached(Doc(nlp.vocab, words=WORDS))][:3] == [
            "cartel",
            "be",
            "army",
        ]
    assert len(cached._cache) <= len(set(WORDS))


def test_swapped_in_under_the_stock_name_only_for_a_cacheable_lemmatizer() -> None:
    nlp, _ = _lookup_lemmatizer()
    assert use_cached_lemmas(nlp)
    assert nlp.pipe_names == ["lemmatizer"]
    assert isinstance(nlp.get_pipe("lemmatizer"), CachedLemmatizer)
    assert nlp("armies were there")[0].lemma_ == "army"
    assert not use_cached_lemmas(spacy.blank("en"))  # no lemmatizer at all
    assert not use_cached_lemmas(nlp)  # already swapped: not a stock Lemmatizer
