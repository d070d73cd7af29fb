"""The compiled attribute rules give the stock ``attribute_ruler``'s results, token for token."""

from __future__ import annotations

import json

import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from discourse.attribute_rules import compile_attribute_rules, use_compiled_rules
from discourse.nlp import resolve_model

from .conftest import CORPUS, SEED

EDGE_CASES = [
    "gon na do it , y' all",  # two-token rules setting the first and the second token
    "let 's go , c'm on",
    "It ai n't nothin' but trouble and I do n't care .",
    "There is a man and there were cartels .",  # rule keyed on the previous token's DEP
    "I told you it works , but it was n't me .",
    "  \n\n  ",
    "",
]


def _attributes(doc: Doc) -> list[tuple[str, ...]]:
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def stock_and_compiled() -> tuple[spacy.Language, spacy.Language]:
    stock = spacy.load(resolve_model())
    compiled = spacy.load(resolve_model())
    assert use_compiled_rules(compiled)
    return stock, compiled


def test_pipeline_keeps_the_stock_name_and_order(stock_and_compiled, nlp) -> None:
    stock, compiled = stock_and_compiled
    assert compiled.pipe_names == stock.pipe_names
    assert not isinstance(compiled.get_pipe("attribute_ruler"), AttributeRuler)
    # the project's pipeline uses the compiled rules
    assert not isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def _assert_same(stock: spacy.Language, compiled: spacy.Language, texts: list[str]) -> int:
    tokens = 0
    for a, b in zip(stock.pipe(texts), compiled.pipe(texts), strict=True):
        assert _attributes(a) == _attributes(b), a.text
        tokens += len(a)
    return tokens


def test_same_attributes_as_the_stock_ruler_on_the_seed(stock_and_compiled) -> None:
    texts = SEED.read_text(encoding="utf-8").split("\n\n") + EDGE_CASES
    assert _assert_same(*stock_and_compiled, texts) > 1500


@pytest.mark.slow
def test_same_attributes_as_the_stock_ruler_on_the_dev_split(stock_and_compiled) -> None:
    path = CORPUS / "annotated" / "dev.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    assert _assert_same(*stock_and_compiled, texts) > 15000


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
