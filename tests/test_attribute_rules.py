"""The compiled attribute rules apply a ruler's rules as the stock ``attribute_ruler`` does.

That they give en_core_web_sm's annotations token for token on real text is
checked in ``tests/test_nlp.py``.
"""

from __future__ import annotations

import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from discourse.attribute_rules import compile_attribute_rules, use_compiled_rules


def _attributes(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def _doc(vocab, words, tags, deps) -> Doc:
    return Doc(vocab, words=words, tags=tags, deps=deps, heads=[0] * len(words))


def test_rule_order_overrides_and_multi_token_index() -> None:
    """Later rules win, negative indices count from the end, IN / NOT_IN / REGEX work."""
    nlp = spacy.blank("en")
    rules = [
        ([[{"TAG": "NN"}]], {"POS": "NOUN", "MORPH": "Number=Sing"}, 0),
        ([[{"LOWER": {"IN": ["cartel", "army"]}, "TAG": "NN"}]], {"POS": "PROPN"}, 0),
        ([[{"LOWER": "the"}, {"TAG": {"NOT_IN": ["VB"]}}]], {"LEMMA": "THE-NEXT"}, -1),
        ([[{"LOWER": {"REGEX": "^arm"}, "DEP": "nsubj"}]], {"MORPH": "Case=Nom"}, 0),
        ([[{"IS_SPACE": True}]], {"POS": "SPACE"}, 0),
    ]
    ruler = AttributeRuler(nlp.vocab)
    for patterns, attrs, index in rules:
        ruler.add(patterns, attrs, index=index)
    compiled = compile_attribute_rules(ruler)
    assert compiled is not None
    words = ["the", "army", "and", "the", "cartel", "grow", " "]
    tags = ["DT", "NN", "CC", "DT", "NN", "VB", "_SP"]
    deps = ["det", "nsubj", "cc", "det", "conj", "ROOT", "dep"]
    a = ruler(_doc(nlp.vocab, words, tags, deps))
    b = compiled(_doc(nlp.vocab, words, tags, deps))
    assert _attributes(a) == _attributes(b)
    assert [t.pos_ for t in b][:2] == ["", "PROPN"]
    assert b[1].lemma_ == "THE-NEXT" and str(b[1].morph) == "Case=Nom"


def test_unsupported_patterns_keep_the_stock_ruler() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"POS": "DET"})  # operators are not compiled
    assert compile_attribute_rules(ruler) is None
    assert not use_compiled_rules(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)
    assert not use_compiled_rules(spacy.blank("en"))  # no ruler at all
