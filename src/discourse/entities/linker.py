"""``discourse_entity_linker``: a canonical id on every entity mention.

Runs after the statistical ``ner``. For each PERSON, NORP, ORG, GPE or LOC
entity of the doc it sets ``Span`` extensions (registered once,
idempotently) and ``span.kb_id_``:

``span._.entity_id``
    the gazetteer id ("otto-perez-molina", "united-states"), or for a name
    outside the gazetteer a stable slug of the name ("x:karen-hooper"), so
    the same name links the same way across the whole corpus;
``span._.canonical``
    the canonical name ("Otto Pérez Molina"), or the name as written;
``span._.kind``
    the gazetteer kind ("criminal_group", "country"…), ``"person"`` for an
    unknown PERSON, the head noun's kind for an unknown organisation ("the
    Army"), and ``""`` for other unknown names;
``span._.placed``
    ``True`` on a bare "Congress", "Senate"… whose country its sentence or
    paragraph decided (:meth:`EntityLinker.locate_bodies`): placed by a
    country there, or kept the default's (the US Congress) where the only
    countries there receive ("Congress cut the aid to Mexico"); the thread's
    country then does not change it.

Linking rules, in order: the ruler's id; the gazetteer's alias index (any
case, accents, "the", possessive — which also fixes the model's label where
the gazetteer knows better); a partial person name that is an in-order part
of exactly one gazetteer name ("Joaquín Guzmán"); otherwise a slug. Then the
context rules: a bare place name that also names a cartel ("Sinaloa") becomes
the cartel next to "cartel(s)" or another criminal group; a name meaning
another body in another country ("Congress", "the National Guard": the
gazetteer's ``by_country``) by the country of its sentence, named or implied
by an entity with a ``country`` ("the Senate in Washington") but not one
that only receives ("Congress cut the aid to Mexico" is the US Congress) or
that the body acts on ("… before it lectures Bogotá", :func:`is_object`), else
by the country nearest in its paragraph, see
:meth:`EntityLinker.locate_bodies`; a capitalised head noun after "the"
("the Guard", :data:`SHORT_HEADS`) is an organisation even where ``ner``
found none, and a PERSON that is such a noun ("The Cartel runs…") an
organisation of its kind; a
person plus "administration"/"government" becomes an ORG ("Obama
administration", "Peña Nieto's government"); an unknown organisation gets
its kind from its head noun ("the Navy": ``armed_force``, :data:`HEAD_KINDS`); a quoted nickname after "alias"/"known as" is the same
person ("Juan Leon Ardon, alias “El Juancho,”"). Statistical PERSON/GPE/LOC/
NORP entities holding digits ("M240s") and statistical entities without a
single letter (emoji, flags: "🇲🇽") and statistical entities of lower-case
words holding a verb ("heroin clinics cut crime") are dropped as tagging
noise, and so are
"US" where it reads as the pronoun (:func:`pronoun_us`: "THEY WILL KILL US
ALL", "Let US be clear"), an acronym used as a verb (:func:`acronym_verb`:
"I DARE YOU"), a drug's name (:func:`is_substance`: "Fentanyl kills…",
"Meth labs…") and a verb opening a sentence ("Legalise it",
:meth:`EntityLinker._imperative`); a possessive "'s" inside a statistical
entity ("Ramon Mendoza's") is cut off.

Surname-only mentions after a full mention, a head noun alone after a name
ending in it ("the Guard"), a nickname used again after "alias", and a bare
"Congress" in a sentence that names no country, in the same thread are
resolved per thread by
:func:`discourse.entities.mentions.resolve_thread`.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from ..nlp import NAME_TITLES
from .gazetteer import BUILTIN, LABELS, Entity, Gazetteer, fold, load_gazetteer, name_key, slug
from .ruler import GENERIC_GROUP

#: Nouns after a person's name that make the phrase an organisation.
GOVERNMENT_NOUNS: frozenset[str] = frozenset({"administration", "government", "regime", "cabinet"})
#: Words after a bare name that show it means a criminal group.
GROUP_HEADS: frozenset[str] = frozenset(
    {"cartel", "cartels", "organization", "organizations", "organisation", "federation"}
)
#: Last words of an unknown organisation's name that tell its kind ("the Navy",
#: "Honduran Air Force", "Congress of Peru"): the name is not linked to a
#: gazetteer entry, since which country's body it is cannot be told from the
#: name, but it is not left without a kind.
HEAD_KINDS: dict[str, str] = {
    **dict.fromkeys(
        (
            "army",
            "navy",
            "force",
            "forces",
            "marines",
            "military",
            "police",
            "guard",
            "gendarmerie",
        ),
        "armed_force",
    ),
    **dict.fromkeys(
        (
            "congress",
            "senate",
            "parliament",
            "assembly",
            "ministry",
            "department",
            "agency",
            "bureau",
            "secretariat",
            "commission",
            "court",
            "administration",
            "government",
        ),
        "government_body",
    ),
    **dict.fromkeys(("cartel", "cartels", "gang", "gangs", "clan", "mafia"), "criminal_group"),
}
_COORD: frozenset[str] = frozenset({"and", "or", ",", "&", "as", "well"})
#: Head nouns that make a capitalised "the Guard", "the Cartel" the short form of
#: an organisation even where the statistical ``ner`` found no entity there.
SHORT_HEADS: frozenset[str] = frozenset(
    noun for noun, kind in HEAD_KINDS.items() if kind in ("armed_force", "criminal_group")
)
#: The ``LOWER`` ids of :data:`SHORT_HEADS` (string hashes, the same in every vocab):
#: a doc's tokens are screened for them in one array, not one ``Token`` at a time.
_SHORT_HEAD_IDS: frozenset[int] = frozenset(get_string_id(noun) for noun in SHORT_HEADS)
#: Weight of a country's own name or demonym in a thread's country count; any
#: other entity with a ``country`` (a city, an agency, a politician) counts 1.
COUNTRY_WEIGHT = 2
#: Words of a programme's name that are not its place ("Mérida *Initiative*", "*Plan* Mérida").
PROGRAM_WORDS: frozenset[str] = frozenset(
    {"initiative", "iniciativa", "plan", "operation", "operacion", "program", "programme"}
)
#: Nouns a programme's place word modifies when it means the programme ("the
#: Mérida *aid*", "the first Mérida *funds*").
PROGRAM_NOUNS: frozenset[str] = frozenset(
    {
        "aid",
        "assistance",
        "funds",
        "funding",
        "money",
        "package",
        "dollars",
        "budget",
        "grants",
        "helicopters",
        "program",
        "programme",
        "deal",
    }
)
#: Lemmas of verbs a programme is the subject of as a programme, spending or
#: failing ("Mérida *paid* for Black Hawks", "Mérida *trained* police"): a place
#: word that is the subject of another verb is the place ("Mérida *remains* one
#: of the safest cities", "Mérida *hosted* the summit").
PROGRAM_VERBS: frozenset[str] = frozenset(
    {
        "pay",
        "fund",
        "finance",
        "buy",
        "provide",
        "deliver",
        "train",
        "give",
        "supply",
        "equip",
        "spend",
        "fail",
        "expire",
    }
)
#: Verbs of :data:`PROGRAM_VERBS` that say a programme acts only with what a
#: programme hands over as their object (:data:`PROGRAM_GOODS`): "Mérida
#: *provided* helicopters", not "Mérida *provides* a model of how safe a city can be".
GIVING_VERBS: frozenset[str] = frozenset({"provide", "give", "supply"})
#: What a programme hands over: money and equipment ("aid", "funds", "Black Hawks").
PROGRAM_GOODS: frozenset[str] = PROGRAM_NOUNS | frozenset(
    {
        "equipment",
        "training",
        "trainer",
        "trainers",
        "weapon",
        "weapons",
        "helicopter",
        "aircraft",
        "plane",
        "planes",
        "hawk",
        "hawks",
        "scanner",
        "scanners",
        "vehicle",
        "vehicles",
        "fund",
        "grant",
        "loan",
        "loans",
        "cash",
        "million",
        "millions",
        "billion",
        "billions",
    }
)


def program_verb(verb: Token) -> bool:
    """True when a programme's place word that is the subject of ``verb`` is the
    programme by the verb: one of :data:`PROGRAM_VERBS` ("Mérida paid for Black
    Hawks", "Mérida trained police"), and for one of :data:`GIVING_VERBS` with
    an object — direct, or after "with" ("provided Mexico with helicopters"),
    or joined to one by "and" — of :data:`PROGRAM_GOODS` ("Mérida gave Mexico
    $1.6 billion", but not "Mérida provides a model of …")."""
    lemma = verb.lemma_ or verb.lower_
    if lemma not in PROGRAM_VERBS:
        return False
    if lemma not in GIVING_VERBS:
        return True
    objects = [c for c in verb.children if c.dep_ in _OBJECT_DEPS]
    objects += [
        o
        for prep in verb.children
        if prep.dep_ == "prep" and prep.lower_ == "with"
        for o in prep.children
        if o.dep_ == "pobj"
    ]
    objects += [c for o in objects for c in o.conjuncts]
    return any(o.lower_ in PROGRAM_GOODS or o.lemma_ in PROGRAM_GOODS for o in objects)


_ALIAS_WORDS: frozenset[str] = frozenset({"alias", "aka", "a.k.a.", "a.k.a", "nicknamed", "dubbed"})
_QUOTE_CHARS = "\"'“”‘’«»"


#: Share of a sentence's words written in capitals above which it is shouted
#: ("THEY WILL KILL US ALL"), so that capitals no longer tell "US" from "us".
SHOUTED_SHARE = 0.6
#: Dependency labels of a word that modifies the word after it ("US troops").
MODIFIER_DEPS: frozenset[str] = frozenset({"compound", "amod", "nmod", "poss"})
#: Dependency labels of an object ("KILL US", "OF US", "GIVE US").
_OBJECT_DEPS = frozenset({"dobj", "dative", "iobj", "pobj", "obj"})
#: Parts of speech after which "US" is an object: a verb ("Let US be clear",
#: "Trust US"), an auxiliary, a preposition ("one of US", "lied to US") or a particle.
_OBJECT_AFTER = frozenset({"VERB", "AUX", "ADP", "PART"})
#: Parts of speech of a word after a sentence-opening verb that can be its object
#: or complement ("Legalise *it*", "Send *the* army", "Decriminalising *drug* use",
#: "Send *10,000* troops"): before any other word the opening word is a name.
_COMPLEMENT_POS = frozenset({"DET", "PRON", "NOUN", "ADJ", "NUM", "ADP"})
#: Prepositions whose object is where something goes ("aid *to* Mexico", "guns
#: *into* Mexico"): a country there receives, it does not act (:func:`is_destination`).
DESTINATION_PREPS: frozenset[str] = frozenset({"to", "into", "onto", "toward", "towards"})
#: Words whose "to" names a source, a cause or a comparison, not a recipient
#: ("*according* to Mexico", "*due* to Mexico's laws", "*next* to Mexico").
_NOT_SENT_TO: frozenset[str] = frozenset(
    {
        "according",
        "due",
        "thanks",
        "owing",
        "next",
        "close",
        "compared",
        "similar",
        "contrary",
        "relative",
        "prior",
        "opposed",
        "pursuant",
        "subject",
    }
)
#: Dependency labels climbed from a name to the noun phrase it is a part of
#: ("the *Mexican* army", "*Mexico's* army", "Mexico and *Guatemala*").
_PHRASE_DEPS = frozenset({"compound", "amod", "nmod", "poss", "conj", "appos"})


def is_shouted(sent: Span, skip: Span | None = None) -> bool:
    """True when most words of ``sent`` (at least two, of two letters or more,
    ``skip`` left out) are in capitals: casing says nothing there."""
    words = [
        t
        for t in sent
        if t.is_alpha and len(t) > 1 and not (skip is not None and skip.start <= t.i < skip.end)
    ]
    return len(words) >= 2 and sum(t.is_upper for t in words) >= SHOUTED_SHARE * len(words)


def pronoun_us(ent: Span) -> bool:
    """True when the entity "US" reads as the pronoun "us", not the United States.

    The gazetteer matches "US" only in capitals, so the pronoun is safe in
    ordinary text; but shouted text ("THEY WILL KILL US ALL", "NONE OF US
    WANT THE ARMY") and emphasis ("Let US be clear") write the pronoun in
    capitals too, and the tagger calls every "US" a proper noun. It stays
    the country after "the" ("the US", "THE US"), next to a hyphen
    ("US-Mexico", "anti-US"), and as a modifier of a word after it ("US
    troops", "US DRUG POLICY"). Otherwise it is the pronoun in a shouted
    sentence (:func:`is_shouted`), and elsewhere when it is an object right
    after a verb or preposition ("Let US", "lied to US"), where the country
    would take "the": the price is a headline's "exports to US".
    """
    if ent.text != "US":
        return False
    doc, tok = ent.doc, ent[0]
    prev = doc[tok.i - 1] if tok.i > 0 else None
    after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if prev is not None and (prev.lower_ == "the" or (prev.text == "-" and not prev.whitespace_)):
        return False
    if after is not None and not tok.whitespace_ and after.text.startswith(("-", "–")):
        return False
    if tok.dep_ in MODIFIER_DEPS and tok.head.i > tok.i:
        return False
    sent = ent.sent if doc.has_annotation("SENT_START") else doc[:]
    if is_shouted(sent, skip=ent):
        return True
    if prev is None:
        return False
    return prev.pos_ in _OBJECT_AFTER or (tok.dep_ in _OBJECT_DEPS and tok.head.i < tok.i)


#: Words after an acronym that make it the verb it spells: "They DARE not touch
#: the cartels", "I DARE YOU", "Nobody DARES to cut it".
_VERB_AFTER: frozenset[str] = frozenset({"not", "n't", "you", "ya", "u", "to"})


def acronym_verb(ent: Span) -> bool:
    """True when the one-word entity ``ent``, written in capitals, is an acronym
    that is also an English verb, used as one: before "not", "you" or "to"
    ("They DARE not touch the cartels", "I DARE YOU to find one study"), after a
    modal ("Nobody would DARE cut it"), or in the present tense with a pronoun
    subject of its own ("We DARE anyone to …"). Not the programme after a verb
    whose subject the pronoun is ("We had DARE in fifth grade", "My school had
    DARE every year", which the tagger calls a verb "DARE" with an auxiliary
    "had"), nor the programme as a subject ("DARE never worked")."""
    if len(ent) != 1 or not ent.text.isupper() or len(ent.text) < 2:
        return False
    tok = ent[0]
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in _VERB_AFTER:
        return True
    kids = list(tok.children)
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids):
        return True
    if tok.dep_ == "aux" and any(
        c.dep_ == "aux" and c.tag_ == "MD" and c.i < tok.i for c in tok.head.children
    ):
        # "Nobody would DARE cut it": the parser hangs DARE and the modal on "cut"
        return True
    return (
        tok.tag_ in ("VBP", "VBZ", "VBD")
        and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in kids)
        and not any(c.dep_ == "aux" for c in kids)
    )


@lru_cache(maxsize=1)
def substance_names() -> frozenset[str]:
    """Drug names (``discourse/data/substances.txt``): generic, street and brand names."""
    text = resources.files("discourse").joinpath("data/substances.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def is_substance(ent: Span) -> bool:
    """True when the entity ``ent`` is a drug's name, which the statistical ``ner``
    often takes for an actor ("*Fentanyl* kills more Americans…" PERSON, "*Meth*
    labs in Sinaloa…" GPE, "*Cocaine* seizures rose" ORG): a plural or a hyphen
    ("Opioids", "crack-cocaine") is the same name. An organisation *named* after
    a drug is more than the drug's name ("Narcotics Anonymous", "Marijuana
    Policy Project") and stays."""
    key = " ".join(ent.text.lower().replace("-", " ").split())
    names = substance_names()
    return key in names or (key.endswith("s") and key[:-1] in names)


#: Possessive endings the statistical ``ner`` sometimes leaves inside a name
#: ("Ramon Mendoza's"): never part of the mention.
_POSSESSIVES: frozenset[str] = frozenset({"'s", "’s", "'", "’"})


def is_object(span: Span, actors: frozenset[int] = frozenset()) -> bool:
    """True when the mention ``span`` is the direct object of a verb whose subject
    is a pronoun or a token of ``actors`` (the bodies being placed): what the
    body acts on ("Congress should stop the guns before it lectures *Bogotá*",
    "Congress sanctioned *Colombia*"), like a country that only receives
    (:func:`is_destination`), not where the body is. A verb with another
    subject leaves the object a context ("The US pressed *Mexico*, and the
    Senate gave in"). ``False`` without a dependency parse."""
    if not span.doc.has_annotation("DEP"):
        return False
    tok = span.root
    if tok.dep_ != "dobj" or tok.head.pos_ != "VERB":
        return False
    subjects = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    return any(c.pos_ == "PRON" or c.i in actors for c in subjects)


#: A verb lexicon: base forms, inflected forms the rules miss ("ran"), and suffix
#: rules (``("ing", "e")``) that make a form a base form (:func:`verb_lexicon`).
VerbLexicon = tuple[frozenset[str], frozenset[str], tuple[tuple[str, str], ...]]


def verb_lexicon(nlp: Language) -> VerbLexicon | None:
    """The English verbs of ``nlp``'s rule lemmatizer (WordNet's verb index, its
    exceptions and suffix rules), or ``None`` without such a lemmatizer."""
    try:
        pipe = nlp.get_pipe("lemmatizer")
    except KeyError:
        return None
    return lookups_verbs(getattr(getattr(pipe, "lemmatizer", pipe), "lookups", None))


def lookups_verbs(lookups: Any) -> VerbLexicon | None:
    """The verb lexicon in a lemmatizer's ``lookups`` (spaCy ``Lookups``: tables
    ``lemma_index``, ``lemma_exc``, ``lemma_rules``), or ``None`` when a table or
    its verbs are missing: shared by :func:`verb_lexicon` (a loaded pipeline's
    lemmatizer) and the lookups file read without loading one
    (``discourse.entities.mentions._model_verbs``)."""
    try:
        index = lookups.get_table("lemma_index").get("verb")
        exc = lookups.get_table("lemma_exc").get("verb")
        rules = lookups.get_table("lemma_rules").get("verb")
    except (AttributeError, KeyError):
        return None
    if not index:
        return None
    return (
        frozenset(index),
        frozenset(exc or ()),
        tuple((old, new) for old, new in rules or ()),
    )


def is_verb_form(word: str, verbs: VerbLexicon, *, base: bool = False) -> bool:
    """True when ``word`` (any case) is an English verb form by ``verbs``:
    "Legalise", "Decriminalising", "Send" (British "-ise" spellings too);
    with ``base``, only a verb's base form ("tax", "regulate", not "taxed")."""
    index, exc, rules = verbs
    low = word.lower()
    for form in {low, low.replace("is", "iz")}:
        if form in index:
            return True
        if base:
            continue
        if form in exc:
            return True
        for old, new in rules:
            if form.endswith(old) and form[: len(form) - len(old)] + new in index:
                return True
    return False


def is_destination(span: Span) -> bool:
    """True when the mention ``span`` is, or is part of, the object of a preposition of
    :data:`DESTINATION_PREPS`: the recipient or target of what the sentence
    does ("Congress cut the aid to *Mexico*", "troops to *Colombia*", "guns
    into *Mexico*", "aid to the *Mexican* army"), not where it happens. Such a
    country does not say whose "Congress" the sentence means. ``False``
    without a dependency parse."""
    if not span.doc.has_annotation("DEP"):
        return False
    tok = span.root
    for _ in range(6):  # a noun phrase is a few modifiers deep at most
        if tok.dep_ == "pobj":
            prep = tok.head
            # "according to Mexico", "due to Mexico's laws": a source or a
            # cause, not a recipient
            return prep.lower_ in DESTINATION_PREPS and prep.head.lower_ not in _NOT_SENT_TO
        if tok.dep_ not in _PHRASE_DEPS or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _joins(doc: Doc, i: int) -> bool:
    """True when token ``i`` joins two names in a list: a coordinator ("and", ",")
    or a "the" right after one ("Sinaloa and the Zetas"); a "the" alone does
    not ("in Sinaloa the cartel is king")."""
    low = doc[i].lower_
    if low in _COORD:
        return True
    return low == "the" and i > 0 and doc[i - 1].lower_ in _COORD


def _names_a_country(key: str, terms: set[str]) -> bool:
    """True when some run of the words of name key ``key`` is a country's name key in
    ``terms`` ("us congress", "united states senate"; not "national guard")."""
    words = key.split()
    return any(
        " ".join(words[i:j]) in terms
        for i in range(len(words))
        for j in range(i + 1, len(words) + 1)
    )


def head_kind(name: str) -> str:
    """Kind of an unknown organisation from its head noun, or ``""``.

    The head is the last word, or the word before "of" ("Congress of Peru").
    """
    words = fold(name).lower().replace("-", " ").split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return HEAD_KINDS.get(words[-1], "") if words else ""


def program_places(gazetteer: Gazetteer) -> dict[str, str]:
    """Name key of the place word of each programme of ``gazetteer`` → the programme's id:
    its names without :data:`PROGRAM_WORDS` ("merida" of "Mérida Initiative" and
    "Plan Mérida"), except a country's name ("Plan Colombia": "Colombia" stays
    the country)."""
    places: dict[str, str] = {}
    for ent in gazetteer:
        if ent.kind != "policy_program":
            continue
        for name in gazetteer.names_of(ent):
            key = name_key(name)
            short = " ".join(w for w in key.split() if w not in PROGRAM_WORDS)
            if not short or short == key:
                continue
            hit = gazetteer.lookup(short)
            if hit is None or hit[0].kind != "country":
                places.setdefault(short, ent.id)
    return places


def _nearest(
    countries: list[tuple[int, str]], at: int, own: str | None, start: int, end: int
) -> str | None:
    """The country of ``countries`` (``(token index, country id)`` in order of
    index) between tokens ``start`` and ``end`` nearest to token ``at``; on a
    tie ``own`` (the body's own country, the US for "Congress"), else the
    earlier one. Only the last one before ``at`` and the first after it can be
    nearest: found by bisection, not by a walk over every country of the doc."""
    lo = bisect_left(countries, (start,))
    hi = bisect_left(countries, (end,))
    mid = bisect_left(countries, (at,), lo, hi)
    near = [
        (abs(i - at), cid != own, i > at, cid)
        for i, cid in countries[max(lo, mid - 1) : min(hi, mid + 1)]
    ]
    return min(near)[3] if near else None


def _within(starts: list[int], start: int, end: int) -> bool:
    """True when one of the ordered ``starts`` is between ``start`` and ``end``."""
    j = bisect_left(starts, start)
    return j < len(starts) and starts[j] < end


def _paragraph_ends(doc: Doc) -> list[int]:
    """The token indices of ``doc`` that end a paragraph: followed by a blank
    line (a doc is a paragraph already in a thread's segmentation, and may be
    a whole text in :func:`~discourse.entities.mentions.tag_texts`). Found once
    per doc, for :func:`_paragraph`."""
    return [
        tok.i
        for tok in doc
        if "\n\n" in tok.whitespace_ or (tok.is_space and tok.text.count("\n") >= 2)
    ]


def _paragraph(ends: list[int], size: int, i: int) -> tuple[int, int]:
    """Token range of the paragraph holding token ``i`` of a doc of ``size``
    tokens whose paragraphs end at ``ends`` (:func:`_paragraph_ends`): looked
    up by bisection, since a walk over the paragraph for each bare body made a
    long text's linking quadratic."""
    j = bisect_left(ends, i)
    return (ends[j - 1] + 1 if j else 0), (ends[j] + 1 if j < len(ends) else size)


def register_extensions() -> None:
    """Register the ``Span``/``Doc`` extensions (safe to call any number of times)."""
    for name, default in (
        ("entity_id", None),
        ("canonical", None),
        ("kind", None),
        ("placed", False),
    ):
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)
    if not Doc.has_extension("entities_linked"):
        Doc.set_extension("entities_linked", default=False)


register_extensions()


class EntityLinker:
    """Give every entity of a doc a canonical id (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer, verbs: VerbLexicon | None = None) -> None:
        self.gazetteer = gazetteer
        #: English verbs (:func:`verb_lexicon`): a lone sentence-initial "Legalise"
        #: the model took for a name is none (:meth:`_imperative`); without it
        #: only a word the tagger calls a verb is
        self.verbs = verbs
        #: set once [W300] was logged for docs parsed without this component
        self.warned_unlinked = False
        self.persons = [
            (e.id, [fold(w) for w in e.name.replace("-", " ").split()])
            for e in gazetteer
            if e.kind == "person"
        ]
        #: a programme's place word ("merida" of "Mérida Initiative") → the programme,
        #: unless the word names a country ("Plan Colombia"): see :func:`program_places`
        self.program_places: dict[str, str] = program_places(gazetteer)
        #: last word of a gazetteer person's name ("hernandez") → the persons with it
        self.surname_index: dict[str, tuple[str, ...]] = {}
        for eid, words in self.persons:
            last = name_key(words[-1]) if words else ""
            if last:
                self.surname_index[last] = (*self.surname_index.get(last, ()), eid)
        #: ids that give a bare body its country: countries and every ``by_country`` key
        self.countries: frozenset[str] = frozenset(
            {e.id for e in gazetteer if e.kind == "country"}
            | {country for e in gazetteer for country, _ in e.by_country}
        )
        #: states, provinces and other places inside a country: "Sinaloa's
        #: Congress" is the state's own, not the country's
        self.regions: frozenset[str] = frozenset(
            e.id
            for e in gazetteer
            if e.kind == "region" and e.country and e.id not in self.countries
        )
        #: the bodies that stand for one another by country ("Congress", the
        #: Mexican Congress …): no country context for each other
        bodies = {e.id for e in gazetteer if e.by_country} | {
            target for e in gazetteer for _, target in e.by_country
        }
        #: entity id → the country a linked mention of it speaks of: a country
        #: itself, and every entity with a ``country`` but those bodies
        self.country_of: dict[str, str] = {
            **{e.id: e.country for e in gazetteer if e.country and e.id not in bodies},
            **{c: c for c in self.countries},
        }
        terms = {
            name_key(name)
            for e in gazetteer
            if e.id in self.countries
            for name in (*gazetteer.names_of(e), *e.demonyms)
        }
        #: entity id → (name keys that name no country, country id → entity id),
        #: for the entities with ``by_country`` alternatives: "Congress" and
        #: "the National Guard" are open to the country context, "US Congress" is not
        self.by_country: dict[str, tuple[frozenset[str], dict[str, str]]] = {
            e.id: (
                frozenset(
                    key
                    for key in map(name_key, gazetteer.names_of(e))
                    if not _names_a_country(key, terms)
                ),
                dict(e.by_country),
            )
            for e in gazetteer
            if e.by_country
        }

    # -- lookups ---------------------------------------------------------

    def in_country(
        self, entity_id: str, text: str, country: str
    ) -> tuple[str, str, str, str] | None:
        """``(label, entity_id, canonical, kind)`` of what a bare mention ``text`` of
        ``entity_id`` means in ``country``, or ``None`` when it keeps ``entity_id``.

        The ``by_country`` alternative for that country if there is one
        ("Mexico's Senate" → the Senate of Mexico); ``None`` in the entity's
        own ``country`` (or any, if it has none) and when ``text`` names a
        country itself ("US Senate", "U.S. Congress"), which then stands. In
        another country the gazetteer has no such body for ("Peru's Senate")
        an unknown body of the entity's kind (``x:peru-senate``): the US Senate
        there would be a false link.
        """
        entry = self.by_country.get(entity_id)
        if entry is None or name_key(text) not in entry[0]:
            return None
        target = entry[1].get(country)
        if target:
            ent = self.gazetteer[target]
            return ent.label, ent.id, ent.name, ent.kind
        own = self.gazetteer[entity_id]
        if own.country is None or own.country == country:
            return None
        return self.local_body(entity_id, text, country)

    def local_body(self, entity_id: str, text: str, place: str) -> tuple[str, str, str, str]:
        """``(label, entity_id, canonical, kind)`` of an unknown body ``text`` of
        ``place`` (a country or region id) that the gazetteer lacks: "Peru's
        Senate" → ``x:peru-senate``, "Sinaloa's Congress" (the state's own) →
        ``x:sinaloa-congress``, with the kind of ``entity_id`` (the US Senate,
        Congress). Keyed by the place, so Peru's Senate and Chile's are two
        bodies, not one ``x:senate``."""
        own = self.gazetteer[entity_id]
        body = " ".join(text.split())
        if body.lower().startswith("the "):
            body = body[4:]
        canonical = f"{self.gazetteer[place].name} {body}"
        return own.label, slug(canonical), canonical, own.kind

    def _partial_person(self, text: str) -> Entity | None:
        words = [w for w in fold(text).replace("-", " ").split() if w.strip(_QUOTE_CHARS)]
        if len(words) < 2:
            return None
        hits = []
        for eid, tokens in self.persons:
            it = iter(tokens)
            if all(w in it for w in words):
                hits.append(eid)
        return self.gazetteer[hits[0]] if len(hits) == 1 else None

    def resolve(self, text: str, label: str, ent_id: str = "") -> tuple[str, str, str, str]:
        """``(label, entity_id, canonical, kind)`` for a mention ``text``."""
        gaz = self.gazetteer
        if ent_id and ent_id in gaz.entities:
            ent = gaz[ent_id]
            return label, ent.id, ent.name, ent.kind
        hit = gaz.lookup(text)
        if hit is None and any(q in text for q in _QUOTE_CHARS):
            # Joaquín "El Chapo" Guzmán: try without the quoted nickname, then the nickname
            outside: list[str] = []
            inside: list[str] = []
            quoted = False
            for ch in text:
                if ch in _QUOTE_CHARS:
                    quoted = not quoted
                    continue
                (inside if quoted else outside).append(ch)
            for part in ("".join(outside), "".join(inside)):
                hit = gaz.lookup(part)
                if hit is not None and hit[0].kind == "person":
                    break
                hit = None
        if hit is not None:
            ent, hit_label = hit
            return hit_label, ent.id, ent.name, ent.kind
        if label == "PERSON":
            person = self._partial_person(text)
            if person is not None:
                return label, person.id, person.name, person.kind
        canonical = " ".join(text.split())
        for prefix in ("the ", "The "):
            if canonical.startswith(prefix) and label != "PERSON":
                canonical = canonical[len(prefix) :]
        for suffix in ("'s", "’s"):
            if canonical.endswith(suffix):
                canonical = canonical[: -len(suffix)]
        return (
            label,
            slug(canonical),
            canonical,
            "person"
            if label == "PERSON"
            else (head_kind(canonical) if label in ("ORG", "NORP") else ""),
        )

    # -- context rules ---------------------------------------------------

    def _is_group(self, span: Span) -> bool:
        ent = self.gazetteer.get(span.ent_id_)
        if ent is not None and ent.kind == "criminal_group":
            return True
        if span.ent_id_ == GENERIC_GROUP:
            return True
        hit = self.gazetteer.lookup(span.text)
        return hit is not None and hit[0].kind == "criminal_group"

    def _group_context(self, doc: Doc, span: Span, starts: dict[int, Span]) -> bool:
        """True when a bare name stands with "cartel(s)" or other criminal groups."""
        i = span.end
        while i < len(doc):
            tok = doc[i]
            if tok.lower_ in GROUP_HEADS:
                return True
            if _joins(doc, i):
                i += 1
                continue
            other = starts.get(i)
            if other is None:
                break
            if self._is_group(other):
                return True
            if name_key(other.text) not in self.gazetteer.context_index:
                break
            i = other.end
        j = span.start - 1
        while j >= 0 and _joins(doc, j):
            j -= 1
        if j < span.start - 1 and j >= 0:
            prev = next((s for s in starts.values() if s.end == j + 1), None)
            if prev is not None and self._is_group(prev):
                return True
        return False

    def locate_bodies(
        self, doc: Doc, out: list[tuple[Span, tuple[str, str, str, str]]]
    ) -> list[tuple[Span, tuple[str, str, str, str]]]:
        """Relink each bare "Congress", "Senate", "National Guard"… by its sentence's country.

        ``out`` holds the linked entities of ``doc`` in order, as ``(span,
        (label, entity_id, canonical, kind))``. A mention of an entity with
        ``by_country`` alternatives, written without a country of its own
        (:meth:`in_country`), takes the country right before it ("Mexico's
        Congress", "Mexican National Guard"), else the country mentioned
        nearest to it in its sentence ("In Guatemala, Congress voted …"; on
        a tie the body's own country, the US for "Congress", else the earlier
        one), else, in a sentence without one, the country nearest to it in
        its paragraph (the text between blank lines; a thread's paragraph is
        a doc of its own). A mention placed so is marked ``span._.placed``
        for the thread to leave alone. A country bound that way to another body
        ("Congress cut the aid, Mexico's Congress did not") is no context for
        the others: there it sets the two apart. Nor is a country that only
        receives what the sentence sends (:func:`is_destination`: "Congress
        cut the aid to Mexico", "troops to Colombia"): the body is the
        default's (the US Congress) unless another country places it. A
        state or city sent to still places it ("Congress sent troops to
        Sinaloa": a body sends troops within its own country); a sentence
        naming only such a country keeps the default, placed, and so does a
        paragraph naming only such countries ("We sent aid to Colombia.
        Congress refused more." is the US Congress). Without a country in the
        sentence or paragraph the mention keeps the default, for the thread's
        country to decide
        (:class:`~discourse.entities.mentions.ThreadResolver`). Only
        docs with such a mention pay for the sentence scan.
        """
        open_at = [k for k, (_, v) in enumerate(out) if v[1] in self.by_country]
        if not open_at:
            return out
        by_end = {span.end: (span, values[1]) for span, values in out}
        bound: dict[int, str] = {}  # index in ``out`` → country right before the mention
        taken: set[int] = set()  # starts of those country mentions
        local: dict[int, str] = {}  # index in ``out`` → region right before the mention
        for k in open_at:
            before = self._place_before(doc, out[k][0], by_end)
            if before is None:
                continue
            taken.add(before[0].start)
            if before[1] in self.countries:
                bound[k] = before[1]
            else:
                local[k] = before[1]
        actors = frozenset(i for k in open_at for i in range(out[k][0].start, out[k][0].end))
        countries: list[tuple[int, str]] = []
        passive: list[int] = []  # starts of countries that only receive or are acted on
        for span, values in out:
            if values[1] not in self.country_of or span.start in taken:
                continue
            if (values[1] in self.countries and is_destination(span)) or (
                self.gazetteer[values[1]].kind in ("country", "region") and is_object(span, actors)
            ):
                passive.append(span.start)
            else:
                countries.append((span.start, self.country_of[values[1]]))
        sentences = doc.has_annotation("SENT_START")
        ends: list[int] | None = None  # paragraph ends, found once when needed
        result = list(out)
        for k in open_at:
            span, values = out[k]
            if k in local:  # "Sinaloa's Congress": the state's own, not the federal body
                if name_key(span.text) in self.by_country[values[1]][0]:
                    result[k] = (span, self.local_body(values[1], span.text, local[k]))
                continue
            country = bound.get(k)
            if country is None:
                own = self.gazetteer[values[1]].country
                sent = span.sent if sentences else doc[:]
                country = _nearest(countries, span.start, own, sent.start, sent.end)
                if country is None and _within(passive, sent.start, sent.end):
                    # "Congress cut the aid to Mexico": the default, by its sentence
                    span._.placed = True
                elif country is None and (countries or passive):
                    if ends is None:
                        ends = _paragraph_ends(doc)
                    start, end = _paragraph(ends, len(doc), span.start)
                    country = _nearest(countries, span.start, own, start, end)
                    if country is None and _within(passive, start, end):
                        # "We sent aid to Colombia. Congress refused more.": the
                        # default, by its paragraph, as by its sentence
                        span._.placed = True
                if country is not None:
                    # decided here, by its sentence or paragraph: not the thread's to change
                    span._.placed = True
            target = self.in_country(values[1], span.text, country) if country else None
            if target is not None:
                result[k] = (span, target)
        return result

    def _place_before(
        self, doc: Doc, span: Span, by_end: dict[int, tuple[Span, str]]
    ) -> tuple[Span, str] | None:
        """The mention and id of the country ("Mexico's", "Mexican") or region
        ("Sinaloa's", "the Texas") right before ``span``."""
        k = span.start
        if k > 0 and doc[k - 1].lower_ in ("'s", "’s"):
            k -= 1
        prev = by_end.get(k)
        if prev is None:
            return None
        if prev[1] in self.countries or prev[1] in self.regions:
            return prev
        return None

    def _add_short_heads(self, doc: Doc, kept: list[Span]) -> list[Span]:
        """``kept`` plus an ORG for each capitalised "the Guard", "the Cartel" (a
        head noun of :data:`SHORT_HEADS` after "the", not at a sentence start)
        that no entity covers: the short form of an organisation, which the
        thread links to the one named before (:class:`~discourse.entities.mentions.ThreadResolver`)."""
        lower = doc.to_array(LOWER).tolist()
        if _SHORT_HEAD_IDS.isdisjoint(lower):
            return kept
        added: list[Span] = []
        covered: set[int] | None = None
        for i, word in enumerate(lower):
            if word not in _SHORT_HEAD_IDS or i == 0:
                continue
            tok = doc[i]
            if not tok.is_title or tok.is_sent_start:
                continue
            if doc[tok.i - 1].lower_ != "the":
                continue
            after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
            if after is not None and after.is_title and after.pos_ == "PROPN":
                continue  # "the Guard Commander Ruiz": part of a longer name
            if covered is None:
                covered = {i for e in kept for i in range(e.start, e.end)}
            if tok.i not in covered:
                added.append(Span(doc, tok.i, tok.i + 1, label="ORG"))
        return sorted((*kept, *added), key=lambda e: e.start) if added else kept

    def _imperative(self, ent: Span) -> bool:
        """True when the statistical entity ``ent`` is one word opening its sentence
        that is a verb, not a name, unless the gazetteer knows the word: a verb
        only before a word that can be its object or complement (a determiner,
        pronoun, noun, adjective, number or preposition, :data:`_COMPLEMENT_POS`:
        "Legalise it", "Send the army", "Decriminalising drug use would …"), and
        then one the tagger calls a verb, or an English verb form
        (:attr:`verbs`) the model did not call a place that is no subject of a
        verb ("Bush in 2007 signed …") and, when the tagger calls it a proper
        noun and the model a PERSON, has a pronoun after it ("Legalise it", but
        "Rice herself admitted"). A word the tagger calls a verb and the parser
        the root of its sentence is a verb before any other word too ("Limit
        how many rifles …"). Before a punctuation mark, a conjunction or a verb
        the word stays a name: "Bush and Calderon signed", "Rice, then
        Secretary of State, praised", "Amnesty, to its credit, documented",
        'Fox: "…"' (a speaker), "Japan's", "Grant argued", "Bush (the elder)" —
        unless it heads a list of orders (:meth:`_verb_list`: "Legalise, tax
        and regulate", "Legalise; tax; regulate", "Legalise and regulate
        everything"), which makes it a verb form whatever the tagger says.
        """
        if len(ent) != 1:
            return False
        tok = ent[0]
        doc = ent.doc
        sent_start = ent.sent.start if doc.has_annotation("SENT_START") else 0
        if any(not (t.is_punct or t.is_quote or t.is_space) for t in doc[sent_start : tok.i]):
            return False
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is None or after.lower_ in _POSSESSIVES or after.pos_ in ("VERB", "AUX"):
            return False  # "Japan's", "Grant argued"
        listed = (after.is_punct or after.pos_ == "CCONJ") and self._verb_list(after)
        if (after.is_punct or after.pos_ == "CCONJ") and not listed:
            return False  # "Bush and …", "Rice, then …", "Fox: …"
        complement = after.pos_ in _COMPLEMENT_POS
        if not (listed or complement or (tok.pos_ == "VERB" and tok.dep_ == "ROOT")):
            return False
        if self.gazetteer.lookup(tok.text) is not None:
            return False
        if tok.pos_ == "VERB":
            return True
        if ent.label_ in ("GPE", "LOC") or self.verbs is None:
            return False  # "Japan" is a verb in WordNet too
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return False  # "Bush in 2007 signed it", "Rice herself admitted it", "Brown and staff agreed"
        if listed:
            return is_verb_form(tok.text, self.verbs)
        if (
            tok.pos_ == "PROPN"
            and ent.label_ == "PERSON"
            and (after.pos_ != "PRON" or "Yes" in after.morph.get("Reflex", []))
        ):
            return False  # a person's name; "Legalise it" has its object pronoun
        return is_verb_form(tok.text, self.verbs)

    def _verb_list(self, sep: Token) -> bool:
        """True when the comma, semicolon or conjunction ``sep`` after a sentence's
        first word joins it to another order: the word after ``sep`` is written
        in lower case, is a verb's base form (:func:`is_verb_form`: "tax",
        "regulate") the tagger does not call a preposition, adverb or the like
        ("like", "then"), and — unless the tagger calls it a verb after a
        conjunction ("Legalise and regulate everything") — is itself followed by
        a comma, semicolon, conjunction or the sentence's end ("Legalise, tax and
        regulate", "Legalize, regulate, tax."), not by its own object ("Trump,
        pardon Ross Ulbricht": a name addressed) or a verb ("Brown and staff
        agreed": a noun that is also a verb)."""
        if self.verbs is None or (sep.pos_ != "CCONJ" and sep.text not in (",", ";")):
            return False
        doc = sep.doc
        nxt = doc[sep.i + 1] if sep.i + 1 < len(doc) else None
        if (
            nxt is None
            or not nxt.text.islower()
            or nxt.pos_ not in ("VERB", "NOUN", "PROPN")
            or not is_verb_form(nxt.text, self.verbs, base=True)
        ):
            return False
        if sep.pos_ == "CCONJ" and nxt.pos_ == "VERB":
            return True  # "Legalise and regulate everything"; not "Brown and staff agreed"
        then = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        return then is None or then.is_sent_end or then.pos_ == "CCONJ" or then.text in (",", ";")

    def _nickname(self, doc: Doc, span: Span) -> tuple[int, int] | None:
        """Token range of the nickname in "X, alias “Y”," / "X, known as 'Y'"."""
        i = span.end
        if i < len(doc) and doc[i].text == ",":
            i += 1
        if i < len(doc) and doc[i].lower_ in _ALIAS_WORDS:
            i += 1
        elif i + 1 < len(doc) and doc[i].lower_ == "known" and doc[i + 1].lower_ == "as":
            i += 2
        else:
            return None
        while i < len(doc) and doc[i].text in _QUOTE_CHARS:
            i += 1
        start = i
        while i < len(doc) and (doc[i].is_title or doc[i].is_upper or doc[i].text == "-"):
            if doc[i].is_punct and doc[i].text != "-":
                break
            i += 1
        return (start, i) if i > start else None

    # -- the component ---------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        """Link (and where needed relabel, extend or add) the entities of ``doc``."""
        gaz = self.gazetteer
        kept: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in LABELS:
                kept.append(ent)
                continue
            from_ruler = bool(ent.ent_id_)
            if not from_ruler and ent.label_ != "ORG" and any(c.isdigit() for c in ent.text):
                continue  # "M240s" as PERSON: tagging noise
            if not from_ruler and not any(c.isalpha() for c in ent.text):
                continue  # an emoji or flag ("🇲🇽") as PERSON: no name at all
            if not from_ruler and ent.text.rstrip().endswith("-"):
                continue  # "anti-" of "anti-DEA", left over by the ruler's "DEA"
            if not from_ruler and name_key(ent.text) in gaz.exact and gaz.lookup(ent.text) is None:
                continue  # "Us" (the pronoun), "the Dea": an acronym's name in another case
            if (
                not from_ruler
                and len(ent) > 1
                and not any(c.isupper() for c in ent.text)
                and any(t.pos_ in ("VERB", "AUX") for t in ent)
            ):
                continue  # "heroin clinics cut crime" as ORG: lower-case words round a verb
            if pronoun_us(ent):
                continue  # "KILL US ALL", "Let US be clear": the pronoun in capitals
            if acronym_verb(ent):
                continue  # "I DARE YOU": the verb in capitals, not the D.A.R.E. programme
            if not from_ruler and is_substance(ent):
                continue  # "Fentanyl kills …" as PERSON: a drug, no actor
            if not from_ruler and len(ent) > 1 and ent[-1].lower_ in _POSSESSIVES:
                # "Ramon Mendoza's": the possessive is no part of the name
                ent = Span(doc, ent.start, ent.end - 1, label=ent.label_)
            if not from_ruler and self._imperative(ent):
                continue  # "Legalise it", "Decriminalising drug use …": a verb, no name
            kept.append(ent)
        kept = self._add_short_heads(doc, kept)
        starts = {e.start: e for e in kept}
        out: list[tuple[Span, tuple[str, str, str, str]]] = []
        for ent in kept:
            if ent.label_ not in LABELS:
                out.append((ent, ("", "", "", "")))
                continue
            label, eid, canonical, kind = self.resolve(ent.text, ent.label_, ent.ent_id_)
            if label == "PERSON" and eid.startswith("x:") and head_kind(canonical):
                # "The Cartel runs Sinaloa": a capitalised common noun the model took for a name
                label, kind = "ORG", head_kind(canonical)
            program = self.program_places.get(name_key(ent.text))
            if (
                program is not None
                and ent.root.dep_ in ("compound", "nmod", "amod")
                and ent.root.head.lower_ in PROGRAM_NOUNS
            ):
                # "the Mérida aid", "the first Mérida funds": the programme's money
                target = gaz[program]
                label, eid, canonical, kind = target.label, target.id, target.name, target.kind
            # a bare place name that also names a cartel
            group_id = gaz.context_index.get(name_key(ent.text))
            if group_id and self._group_context(doc, ent, starts):
                group = gaz[group_id]
                label, eid, canonical, kind = group.label, group.id, group.name, group.kind
            out.append((ent, (label, eid, canonical, kind)))
        out = self.locate_bodies(doc, out)
        out = self._apply_person_rules(doc, out)
        spans = []
        for ent, (label, eid, _canonical, _kind) in out:
            if not eid:
                spans.append(ent)
                continue
            span = Span(doc, ent.start, ent.end, label=label, kb_id=eid, span_id=eid)
            spans.append(span)
        doc.ents = spans
        info = {(e.start, e.end): v for e, v in out}
        for span in doc.ents:
            values = info.get((span.start, span.end))
            if values is None or not values[1]:
                continue
            span._.entity_id, span._.canonical, span._.kind = values[1], values[2], values[3]
        doc._.entities_linked = True
        return doc

    def _apply_person_rules(
        self, doc: Doc, out: list[tuple[Span, tuple[str, str, str, str]]]
    ) -> list[tuple[Span, tuple[str, str, str, str]]]:
        """Administration → ORG, nicknames after "alias", "Juan" + place-name surname."""
        taken = {i for e, _ in out for i in range(e.start, e.end)}
        result: list[tuple[Span, tuple[str, str, str, str]]] = []
        extra: list[tuple[Span, tuple[str, str, str, str]]] = []
        for idx, (ent, values) in enumerate(out):
            label, eid, canonical, kind = values
            # "Juan Guerrero": a first name the ruler split from a place-like
            # surname; "Sara Duterte": from a surname that names another person.
            # Not a country: "Under Obama Mexico got …", "In Honduras Hernandez …"
            if (
                kind in ("region", "person")
                and len(ent) == 1
                and ent.ent_id_
                and ent.start > 0
                and doc[ent.start - 1].pos_ == "PROPN"
                and doc[ent.start - 1].is_title
                and not (kind == "person" and name_key(doc[ent.start - 1].text) in NAME_TITLES)
            ):
                prev_tok = doc[ent.start - 1]
                prev = result[-1] if result and result[-1][0].end == ent.start else None
                if prev is not None and prev[1][0] == "PERSON":
                    merged = doc[prev[0].start : ent.end]
                    result[-1] = (merged, self.resolve(merged.text, "PERSON"))
                    continue
                if prev is None and prev_tok.i not in taken and prev_tok.ent_iob_ == "O":
                    merged = doc[ent.start - 1 : ent.end]
                    taken.add(prev_tok.i)
                    result.append((merged, self.resolve(merged.text, "PERSON")))
                    continue
            # "Obama administration", "Peña Nieto's government"
            head = (
                ent.end + 1
                if ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s")
                else ent.end
            )
            if (
                label == "PERSON"
                and head < len(doc)
                and doc[head].lower_ in GOVERNMENT_NOUNS
                and not taken.intersection(range(ent.end, head + 1))
            ):
                noun = doc[head].lower_
                span = doc[ent.start : head + 1]
                taken.update(range(ent.end, head + 1))
                base = eid[2:] if eid.startswith("x:") else eid
                result.append(
                    (span, ("ORG", f"x:{base}-{noun}", f"{canonical} {noun}", "government_body"))
                )
                continue
            if label == "PERSON":
                nick = self._nickname(doc, ent)
                if nick is not None and not any(i in taken for i in range(*nick)):
                    extra.append((doc[nick[0] : nick[1]], ("PERSON", eid, canonical, kind)))
                    taken.update(range(*nick))
                elif nick is not None and nick[0] in {e.start for e, _ in out}:
                    # the model found the nickname as an entity of its own: link it here
                    for k, (other, _) in enumerate(out):
                        if other.start == nick[0] and idx < k:
                            out[k] = (other, ("PERSON", eid, canonical, kind))
            result.append((ent, values))
        # later entries of ``out`` may have been relinked by the nickname rule
        relinked = {e.start: v for e, v in out}
        final = []
        for ent, values in result:
            if ent.start in relinked and values[0] == relinked[ent.start][0] == "PERSON":
                values = relinked[ent.start]
            final.append((ent, values))
        final.extend(extra)
        final.sort(key=lambda item: item[0].start)
        return final


@Language.factory(
    "discourse_entity_linker",
    default_config={"gazetteer": BUILTIN},
    requires=["doc.ents"],
    assigns=["doc.ents", "span._.entity_id", "span._.canonical", "span._.kind", "span._.placed"],
)
def make_entity_linker(nlp: Language, name: str, gazetteer: str) -> EntityLinker:
    """spaCy factory for :class:`EntityLinker` (gazetteer path or ``"builtin"``)."""
    return EntityLinker(load_gazetteer(gazetteer), verb_lexicon(nlp))
