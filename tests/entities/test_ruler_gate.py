"""The entity ruler's token matcher is skipped only where it could match nothing."""

from __future__ import annotations

from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher
from spacy.strings import get_string_id

from discourse.entities.ruler import _GatedMatcher, _need

TEXTS = [
    'Ismael "El Mayo" Zambada ran the Sinaloa cartel for decades.',
    "Troops moved into South Texas and Central Guatemala last week.",
    "The Leon crime family and the Gulf clan were named in court.",
    "Legalization would take the money out of the drug trade.",
    "Central America pays for the demand of the north.",
    "Nobody said El Mayo was there; the cartel denied it.",
    "",
]


def test_a_need_is_the_first_two_adjacent_fixed_tokens_else_the_first():
    pair = [{"LOWER": "a"}, {"IS_QUOTE": True}, {"LOWER": "el"}, {"ORTH": {"IN": ["Mayo"]}}]
    assert _need(pair) == (
        (LOWER, frozenset([get_string_id("el")])),
        (ORTH, frozenset([get_string_id("Mayo")])),
    )
    single = [{"POS": "PROPN", "OP": "+"}, {"LOWER": "cartel"}]
    assert _need(single) == ((LOWER, frozenset([get_string_id("cartel")])),)
    # an operator or a value that is no fixed word fixes nothing
    assert _need([{"LOWER": "x", "OP": "?"}, {"LOWER": {"NOT_IN": ["y"]}}]) is None


def test_the_gated_matcher_finds_what_the_matcher_finds(nlp):
    ruler = nlp.get_pipe("discourse_entity_ruler")
    gated = ruler.matcher
    assert isinstance(gated, _GatedMatcher)
    plain = Matcher(nlp.vocab)
    for key, patterns in ruler.token_patterns.items():
        plain.add(key, patterns)
    docs = list(nlp.pipe(TEXTS))
    assert [gated(doc) for doc in docs] == [plain(doc) for doc in docs]
    # what the gate is for: no word any pattern needs, no matcher run
    assert [gated._may_match(doc) for doc in docs] == [True, True, True, False, False, True, False]
    assert sum(1 for doc in docs if plain(doc)) == 3


def test_a_pattern_that_needs_nothing_is_run_on_every_doc(nlp):
    gated = _GatedMatcher(Matcher(nlp.vocab))
    gated.add("any", [[{"POS": "PROPN"}]])
    doc = nlp("Legalization would help.")
    assert gated._may_match(doc)
    gated.remove("any")
    assert not gated._may_match(doc)
    assert len(gated) == 0 and "any" not in gated
