"""``discourse_entity_ruler``: gazetteer names as spaCy ``entity_ruler`` patterns.

The stock English model tags "Los Zetas" and "Los Kaibiles" as places and
"Guatemalan" as an organisation. This component runs *before* the statistical
``ner`` and pre-sets every gazetteer name, acronym and demonym as an entity;
``ner`` then keeps those spans and predicts only around them, so the
gazetteer wins where it knows better and the model still finds everything
else.

Patterns generated from each entry (see :mod:`.gazetteer`):

* names with an acronym or period ("US", "U.S.", "MS-13", "DoD") match
  their exact spelling, so the pronoun "us" is never the United States —
  unless the entity is marked ``lower_ok`` (its acronyms are no English
  words: "cjng", "dea", "ms-13" match too);
* other single words match as written, capitalised or in capitals, but not
  in lower case ("Holder", not "holder"; ``lower_ok``: "sheinbaum" too);
* other multi-word names also match in lower case and with only the first
  word capitalised ("northern triangle", "Perez Molina", "barrio 18"), except
  for kinds marked ``case: title`` whose lower-case forms are descriptions
  ("national guard");
* a demonym or place before a lower-case noun ("the Guatemalan army",
  "Mexico's army") is not a name: it stays a NORP or GPE, as OntoNotes and
  the seed thread's entity gold mark it;
* accents never matter, letter by letter: the phrase patterns are matched
  on the text with every accented letter replaced by its base letter
  (:func:`fold_accents`, one character for one, so the spans are the
  text's own), and "Andrés Manuel Lopez Obrador" is one name;
* two generic patterns with no fixed id: a proper name followed by
  "cartel"/"clan"/"crime family" (an ORG: "Leon crime family"), and a
  capitalised direction before a place ("South Texas", a LOC).

It also teaches the tokenizer to split "U.S.-Mexico" and "U.N.-backed" at the
hyphen, which it otherwise leaves as one token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from itertools import pairwise, product
from typing import Any, cast

from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.strings import get_string_id
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from .gazetteer import BUILTIN, Entity, Gazetteer, fold, is_exact, load_gazetteer

#: Words left lower-case inside capitalised names ("Office on Drugs and Crime").
FUNCTION_WORDS: frozenset[str] = frozenset(
    "of the and for on in against to at de del la las los el y da do dos das e & , - ' ’s".split()
)
DIRECTIONS: tuple[str, ...] = (
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
)
#: Nouns that turn a preceding proper name into a criminal organisation.
GROUP_NOUNS: tuple[tuple[str, ...], ...] = (("cartel",), ("clan",), ("crime", "family"))
#: Ids of the generic patterns (the linker gives their mentions a slug id).
GENERIC_GROUP = "@group"
GENERIC_AREA = "@area"

_HYPHEN_AFTER_ABBREV = r"(?<=[A-Z]\.)-(?=[A-Za-z])"


def _variants(word: str) -> list[str]:
    """Lower-case spellings a word may take: with and without accents."""
    low = word.lower()
    return sorted({low, fold(low)})


def _token_patterns(words: list[str], title: bool) -> list[list[dict[str, Any]]]:
    """Token patterns for ``words``, one per accent variant.

    Plain ``LOWER``/``ORTH`` values and the ``IS_LOWER`` flag are checked in the
    matcher's compiled core; ``IN`` sets would call back into Python for every
    token and pattern, which made the ruler slower than the parser.
    """
    options: list[list[dict[str, Any]]] = []
    for w in words:
        if is_exact(w):
            options.append([{"ORTH": w}])
        elif w.lower() in FUNCTION_WORDS or not any(c.isalpha() for c in w):
            options.append([{"LOWER": v} for v in _variants(w)])
        elif title:
            options.append([{"LOWER": v, "IS_LOWER": False} for v in _variants(w)])
        else:
            options.append([{"LOWER": v} for v in _variants(w)])
    return [list(combo) for combo in product(*options)]


#: Folded form of each non-ASCII character seen so far (see :func:`fold_accents`).
_FOLDED: dict[str, str] = {}


def _fold_char(c: str) -> str:
    folded = _FOLDED.get(c)
    if folded is None:
        norm = unicodedata.normalize("NFKD", c)
        base = "".join(ch for ch in norm if not unicodedata.combining(ch))
        folded = _FOLDED[c] = base if len(base) == 1 else c
    return folded


def fold_accents(text: str) -> str:
    """``text`` with each accented letter replaced by its base letter, case
    kept and one character for one
    (``"Pérez"`` → ``"Perez"``), so offsets into the result are offsets into
    ``text``. A character that does not fold to one character stays."""
    if text.isascii():
        return text
    return _NON_ASCII.sub(_fold_match, text)  # a call per non-ASCII character only


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _fold_match(m: re.Match[str]) -> str:
    return _fold_char(m.group())


def folded_doc(doc: Doc) -> Doc:
    """``doc``'s tokens with their accents folded (:func:`fold_accents`), or
    ``doc`` itself when there is nothing to fold. Same tokens, same spaces:
    a token range matched in the result is the same range of ``doc``."""
    # folding goes character by character and spaces fold to themselves, so the
    # text folds to itself when each of its distinct words does (an ASCII doc, or
    # one with only dashes and quotes): checked without building Doc.text
    strings = doc.vocab.strings
    if all(fold_accents(w) == w for w in {strings[h] for h in doc.to_array(ORTH).tolist()}):
        return doc
    text = doc.text
    folded = fold_accents(text)  # one character for one: token offsets hold
    if folded == text:  # ASCII, or dashes and quotes, which fold to themselves
        return doc
    words = [folded[t.idx : t.idx + len(t.text)] for t in doc]
    return Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])


def _title_words(text: str) -> str:
    return " ".join(
        w if w.lower() in FUNCTION_WORDS or is_exact(w) else w[:1].upper() + w[1:]
        for w in text.split(" ")
    )


def surface_forms(name: str, case: str, lower_ok: bool = False) -> set[str]:
    """Spellings of ``name`` the ruler matches exactly (it compares ``ORTH`` of
    the accent-folded text, :func:`folded_doc`).

    Case-insensitive matching is done by listing the case forms text really
    uses — as written, upper case, capitalised words, and for ``case: any``
    multi-word names also lower case and sentence-initial capital — all
    without accents. Exact-spelling names ("US", "MS-13") get no variants,
    except all lower case for ``lower_ok`` entities ("cjng", "ms-13"; single
    words too: "sheinbaum"; but not "Dea"). A demonym or place before a
    lower-case noun ("the Guatemalan army", "Mexico's army") stays a NORP or
    GPE and a common noun, as OntoNotes and the seed thread's entity gold
    mark it; "Mexican Army" in title case is the name. This keeps every
    pattern a phrase pattern: spaCy's
    ``PhraseMatcher`` looks them up by hash, where a token-pattern
    ``Matcher`` with hundreds of patterns cost more than the parser.
    """
    base = fold_accents(name)
    words = base.split(" ")
    low = base.lower()
    forms = {base}
    if lower_ok:
        forms.add(low)
    if not any(is_exact(w) for w in words):
        forms.update({base.upper(), _title_words(base)})
        if len(words) > 1 and case == "any":
            forms.update({low, low[:1].upper() + low[1:]})
    # a typographic apostrophe ("Mexico’s Army") as a spelling of its own: folding
    # it would make a second Doc of nearly every paragraph of a web page
    return forms | {f.replace("'", "’") for f in forms if "'" in f}


def entity_patterns(gazetteer: Gazetteer, nlp: Language) -> list[dict[str, Any]]:
    """``entity_ruler`` patterns for every name, alias and demonym of ``gazetteer``.

    Names become phrase patterns (see :func:`surface_forms`); only quoted
    nicknames inside full names and the two generic patterns are token patterns.
    """
    patterns: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()

    def add(ent: Entity, name: str, label: str) -> None:
        for form in sorted(surface_forms(name, ent.case, ent.lower_ok)):
            if (form, label) in seen:
                continue
            seen.add((form, label))
            patterns.append({"label": label, "id": ent.id, "pattern": form})

    for ent in gazetteer:
        for name in gazetteer.names_of(ent):
            add(ent, name, ent.label)
        for dem in ent.demonyms:
            add(ent, dem, "NORP")
        patterns.extend(_nickname_patterns(ent, nlp))
    patterns.extend(_generic_patterns(gazetteer))
    return patterns


def _nickname_patterns(ent: Entity, nlp: Language) -> list[dict[str, Any]]:
    """Joaquín "El Chapo" Guzmán: given name, quoted nickname, one or more surnames."""
    parts = ent.name.split()
    if ent.kind != "person" or len(parts) < 2:
        return []
    out = []
    for nick in ent.nicknames:
        words = [t.text for t in nlp.make_doc(nick)]
        for first, middle, last in product(
            _variants(parts[0]), _token_patterns(words, title=False), _variants(parts[1])
        ):
            pattern: list[dict[str, Any]] = [{"LOWER": first}, {"IS_QUOTE": True}, *middle]
            pattern += [{"IS_QUOTE": True}, {"LOWER": last}]
            pattern += [{"LOWER": fold(w), "OP": "?"} for w in parts[2:]]
            out.append({"label": "PERSON", "id": ent.id, "pattern": pattern})
    return out


def _generic_patterns(gazetteer: Gazetteer) -> list[dict[str, Any]]:
    demonyms = sorted({fold(d) for e in gazetteer for d in e.demonyms})
    name = {"POS": "PROPN", "IS_TITLE": True, "LOWER": {"NOT_IN": demonyms}, "OP": "+"}
    out: list[dict[str, Any]] = [
        {
            "label": "ORG",
            "id": GENERIC_GROUP,
            "pattern": [name, *({"LOWER": w} for w in noun)],
        }
        for noun in GROUP_NOUNS
    ]
    aliases = {fold(n) for e in gazetteer for n in e.names}
    places = sorted(
        {
            fold(n)
            for e in gazetteer
            if e.label == "GPE"
            for n in e.names
            if " " not in n and not is_exact(n)
        }
        - {fold(n.split()[-1]) for n in aliases if n.split()[0] in {d.lower() for d in DIRECTIONS}}
    )
    out.append(
        {
            "label": "LOC",
            "id": GENERIC_AREA,
            "pattern": [{"ORTH": {"IN": list(DIRECTIONS)}}, {"LOWER": {"IN": places}}],
        }
    )
    return out


def split_abbreviation_hyphens(nlp: Language) -> None:
    """Make the tokenizer split "U.S.-Mexico" into "U.S.", "-", "Mexico"."""
    infixes = list(nlp.Defaults.infixes or [])
    if _HYPHEN_AFTER_ABBREV not in infixes:
        infixes.append(_HYPHEN_AFTER_ABBREV)
        cast(Tokenizer, nlp.tokenizer).infix_finditer = compile_infix_regex(infixes).finditer


class _MatcherProxy:
    """What a ruler's wrapped matcher leaves to the spaCy matcher it wraps:
    attributes, counting and membership of pattern keys."""

    matcher: Any

    def __getattr__(self, name: str) -> Any:
        if name == "matcher":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.matcher, name)

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key: str) -> bool:
        return key in self.matcher


class _FoldingPhraseMatcher(_MatcherProxy):
    """A ruler's ``PhraseMatcher`` that matches the accent-folded text of the doc
    it is called on (:func:`folded_doc`), and is the matcher itself otherwise
    (adding, removing and counting patterns)."""

    def __init__(self, matcher: PhraseMatcher) -> None:
        self.matcher = matcher

    def __call__(self, doc: Doc, **kwargs: Any) -> Any:
        return self.matcher(folded_doc(doc), **kwargs)


#: What one pattern needs (see :class:`_GatedMatcher`): one token attribute
#: (``LOWER`` or ``ORTH``) and the values it may take, for a token or for
#: two adjacent tokens.
_Need = tuple[tuple[int, frozenset[int]], ...]
#: Pattern keys whose values :class:`_GatedMatcher` reads as fixed (``TEXT`` is ``ORTH``).
_FIXED_ATTRS: dict[str, int] = {"LOWER": LOWER, "ORTH": ORTH, "TEXT": ORTH}


def _fixed(token: dict[str, Any]) -> tuple[int, frozenset[int]] | None:
    """The attribute and values one pattern token must match exactly once, if it fixes them.

    A token with an operator (``?``, ``*``, ``+``, ``!`` …) may match no token
    or several, and a value other than a string or ``{"IN": [...]}``
    (``NOT_IN``, ``REGEX``, ``FUZZY``) fixes nothing: ``None``.
    """
    if "OP" in token:
        return None
    for key, attr in _FIXED_ATTRS.items():
        value = token.get(key)
        if isinstance(value, str):
            return attr, frozenset([get_string_id(value)])
        if isinstance(value, dict) and set(value) == {"IN"}:
            return attr, frozenset(get_string_id(v) for v in value["IN"])
    return None


def _need(pattern: Sequence[dict[str, Any]]) -> _Need | None:
    """What a doc must hold for ``pattern`` to match in it: its first two adjacent
    tokens that fix their values (:func:`_fixed`), else its first one; ``None``
    when no token fixes anything (the pattern may match anywhere)."""
    fixed = [_fixed(token) for token in pattern]
    for first, second in pairwise(fixed):
        if first is not None and second is not None:
            return first, second
    return next(((f,) for f in fixed if f is not None), None)


class _GatedMatcher(_MatcherProxy):
    """A ruler's token ``Matcher``, not run on a doc where none of its patterns can match.

    spaCy's ``Matcher`` starts every pattern at every token, so its cost
    grows with patterns × tokens whether or not anything matches: 0.6 CPU-s
    per 100 benchmark threads for the gazetteer's 29 token patterns, where
    only one paragraph in six has a match. Each pattern needs a word or two
    adjacent words (:func:`_need`: "el mayo" of a nickname, "cartel" after a
    name, "South" before a place): a doc without any pattern's need gets no
    match, so the matcher's answer there, an empty list, is given without
    running it. Everything else (adding, removing, counting patterns) is the
    matcher itself.
    """

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        #: each key's patterns' needs (``None``: a pattern that needs nothing)
        self.needs: dict[str, list[_Need | None]] = {}
        #: every pattern's need, or ``None`` when a pattern needs nothing (run always)
        self._all: list[_Need] | None = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]], **kwargs: Any) -> None:
        """``Matcher.add``, noting what each pattern needs."""
        self.matcher.add(key, patterns, **kwargs)
        self.needs.setdefault(key, []).extend(_need(p) for p in patterns)
        self._collect()

    def remove(self, key: str) -> None:
        """``Matcher.remove``, forgetting the key's needs."""
        self.matcher.remove(key)
        self.needs.pop(key, None)
        self._collect()

    def _collect(self) -> None:
        needs = [need for key_needs in self.needs.values() for need in key_needs]
        self._all = None if None in needs else cast(list[_Need], needs)

    def __call__(self, doclike: Doc | Span, **kwargs: Any) -> Any:
        if isinstance(doclike, Doc) and not self._may_match(doclike):
            return []
        return self.matcher(doclike, **kwargs)

    def _may_match(self, doc: Doc) -> bool:
        """Whether some pattern's need is met in ``doc`` (always, if one needs nothing)."""
        needs = self._all
        if needs is None:
            return True
        lower, orth = doc.to_array([LOWER, ORTH]).T.tolist()
        columns = {LOWER: lower, ORTH: orth}
        present = {LOWER: set(lower), ORTH: set(orth)}
        for need in needs:
            attr, first = need[0]
            if first.isdisjoint(present[attr]):
                continue
            if len(need) == 1:
                return True
            next_attr, second = need[1]
            if second.isdisjoint(present[next_attr]):
                continue
            this, after = columns[attr], columns[next_attr]
            if any(this[i] in first and after[i + 1] in second for i in range(len(this) - 1)):
                return True
        return False


class FoldingRuler(EntityRuler):
    """An ``EntityRuler`` whose phrase patterns match the accent-folded text.

    The phrase patterns are written without accents (:func:`surface_forms`)
    and matched on :func:`folded_doc`, which has the same tokens, so accents
    are ignored letter by letter ("Andrés Manuel Lopez Obrador", "Cartel de
    Jalisco Nueva Generación") and the matched token ranges are the doc's
    own. Token patterns (nicknames, the generic ones) read the doc itself,
    and only a doc where one of them can match runs them (:class:`_GatedMatcher`).
    Only a doc with an accented letter pays for the folded copy.

    spaCy's ``EntityRuler.match`` runs as it is: the ruler's phrase matcher,
    whichever ``PhraseMatcher`` spaCy puts there (on creation, ``clear``,
    ``from_disk``), is wrapped to match the folded text.
    """

    @property  # type: ignore[override]
    def matcher(self) -> _GatedMatcher:
        """The token matcher, not run where no pattern can match (:class:`_GatedMatcher`)."""
        return self._gated_matcher

    @matcher.setter
    def matcher(self, matcher: Matcher | _GatedMatcher) -> None:
        if isinstance(matcher, Matcher):
            matcher = _GatedMatcher(matcher)
        self._gated_matcher = matcher

    @property  # type: ignore[override]
    def phrase_matcher(self) -> _FoldingPhraseMatcher:
        """The phrase matcher, matching the accent-folded text."""
        return self._folding_phrase_matcher

    @phrase_matcher.setter
    def phrase_matcher(self, matcher: PhraseMatcher | _FoldingPhraseMatcher) -> None:
        if isinstance(matcher, PhraseMatcher):
            matcher = _FoldingPhraseMatcher(matcher)
        self._folding_phrase_matcher = matcher


def build_ruler(nlp: Language, name: str, gazetteer: str = BUILTIN) -> EntityRuler:
    """A spaCy ``EntityRuler`` (:class:`FoldingRuler`) loaded with the gazetteer's patterns."""
    gaz = load_gazetteer(gazetteer)
    split_abbreviation_hyphens(nlp)
    ruler = FoldingRuler(nlp, name, phrase_matcher_attr="ORTH", overwrite_ents=False)
    # phrase patterns only need the tokenizer: keep add_patterns from running the model
    with nlp.select_pipes(disable=nlp.pipe_names):
        ruler.add_patterns(entity_patterns(gaz, nlp))
    return ruler


@Language.factory(
    "discourse_entity_ruler",
    default_config={"gazetteer": BUILTIN},
    requires=["token.pos"],
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
def make_entity_ruler(nlp: Language, name: str, gazetteer: str) -> EntityRuler:
    """spaCy factory: an ``entity_ruler`` built from the gazetteer (path or ``"builtin"``)."""
    return build_ruler(nlp, name, gazetteer)
