"""Mention rows from parsed sentences: the ``mentions`` table and the JSONL interface.

A mention row has exactly the columns of the ``mentions`` table
(:data:`discourse.stages.TABLE_COLUMNS`): ``segment_id, thread_id, start,
end, text, label, kind, entity_id, canonical`` with ``start``/``end`` offsets
into the segment (sentence) text. Only the five entity labels of
:data:`~discourse.entities.gazetteer.LABELS` are reported; dates, sums of
money and the like are not who or what a debate is about.

A speaker of the thread named in it ("I agree with Ernesto", "@Concerned
Mom", "Dr Brooks") is a PERSON whose ``entity_id`` is that speaker's id in the
argument map (:func:`discourse.model.speaker_node`: ``speaker:ernesto``) and
whose ``canonical`` is the speaker's name as the thread gives it
(:meth:`ThreadResolver._speaker_of` says when a name is the speaker).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

import pandas as pd
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import Errors, IngestError, Warnings
from ..io import DuplicateIds, iter_jsonl, record_id
from ..model import records as frame_records
from ..model import speaker_node
from ..nlp import NAME_TITLES, speaker_short_names
from ..segment import DEFAULT_MAX_CHARS, split_long
from ..spacy_models import resolve_model
from ..stages import TABLE_COLUMNS
from .gazetteer import BUILTIN, LABELS, fold, load_gazetteer, name_key
from .linker import (
    COUNTRY_WEIGHT,
    GOVERNMENT_NOUNS,
    HEAD_KINDS,
    MODIFIER_DEPS,
    PROGRAM_VERBS,
    EntityLinker,
    lookups_verbs,
    program_verb,
)

log = logging.getLogger(__name__)

#: The ``mentions`` table schema, defined once in :mod:`discourse.stages`.
MENTION_COLUMNS: list[str] = TABLE_COLUMNS["mentions"]


def ensure_linked(doc: Doc, linker: EntityLinker | None) -> Doc:
    """Link ``doc`` if the pipeline that parsed it had no linker.

    Logs [W300] once per linker, not once per doc, so a batch parsed without
    the entity components gives one warning. With ``linker=None`` the linker of
    the built-in gazetteer is used (see :func:`default_linker`).
    """
    if doc._.entities_linked:
        return doc
    if linker is None:
        linker = default_linker()
    if not linker.warned_unlinked:
        log.warning(Warnings.W300)
        linker.warned_unlinked = True
    return linker(doc)


@lru_cache(maxsize=1)
def default_linker() -> EntityLinker:
    """One shared linker of the built-in gazetteer, for docs parsed without one.

    Shared so that calling :func:`span_mentions` sentence by sentence logs
    [W300] once, not once per sentence.
    """
    return EntityLinker(load_gazetteer(BUILTIN))


def _leading_space(sent: Span) -> int:
    """``len(sent.text) - len(sent.text.lstrip())``, reading only the leading tokens.

    Building ``sent.text`` reads every token of the sentence; the whitespace
    before its first word lies in its first tokens.
    """
    lead = 0
    for tok in sent:
        piece = tok.text_with_ws
        word = piece.lstrip()
        lead += len(piece) - len(word)
        if word:
            return lead
    text = sent.text  # only whitespace: its last token's trailing space is not in the text
    return len(text) - len(text.lstrip())


def span_mentions(
    sent: Span,
    segment_id: str,
    thread_id: str,
    linker: EntityLinker | None = None,
    ents: Sequence[Span] | None = None,
) -> list[dict[str, Any]]:
    """Mention rows of one sentence span; offsets into its whitespace-trimmed text.

    A mention that is the subject of a verb also has ``"subject"``, the verb's
    lemma ("pay"), and ``"program_verb"``, whether the verb makes a programme's
    place word the programme (:func:`~discourse.entities.linker.program_verb`),
    which :meth:`ThreadResolver.resolve` reads and removes
    ("Mérida paid for Black Hawks" is the Mérida Initiative in a thread that
    named it; "Brown signed the bill" is a person, not the colour the thread
    wrote in lower case). Every row has ``"placed"``, whether the linker
    decided a bare body's country by its sentence or paragraph
    (``span._.placed``: a country there, or the default kept where the only
    countries there receive), which the thread reads and removes.

    A doc parsed without the entity components is linked first (``linker``, or
    the built-in gazetteer's), logging [W300]: rows always carry an id.
    ``ents``: ``sent.doc.ents`` read after linking, when the caller already has
    them (``doc.ents`` builds every entity of the doc anew on each read, and a
    paragraph's sentences would each read it).
    """
    ensure_linked(sent.doc, linker)
    base: int | None = None  # where the trimmed text starts, once a mention needs it
    rows = []
    for ent in sent.doc.ents if ents is None else ents:
        if ent.start < sent.start or ent.end > sent.end or ent.label_ not in LABELS:
            continue
        if base is None:
            base = sent.start_char + _leading_space(sent)
        ext = ent._
        entity_id = ext.entity_id or ""
        if not entity_id:
            _, entity_id, canonical, kind = (linker or default_linker()).resolve(
                ent.text, ent.label_, ent.ent_id_
            )
        else:
            canonical, kind = ext.canonical or ent.text, ext.kind or ""
        row = {
            "segment_id": segment_id,
            "thread_id": thread_id,
            "start": ent.start_char - base,
            "end": ent.end_char - base,
            "text": ent.text,
            "label": ent.label_,
            "kind": kind,
            "entity_id": entity_id,
            "canonical": canonical,
        }
        # whether the linker decided a bare body's country by its sentence or
        # paragraph, for the thread, which removes it and leaves such a body as it is
        row["placed"] = bool(ext.placed)
        root = ent.root
        if root.dep_ in ("nsubj", "nsubjpass") and root.head.pos_ == "VERB":
            # for the thread ("Mérida paid for …"), which removes it
            row["subject"] = root.head.lemma_ or root.head.lower_
            # whether the verb says a programme acts ("provides a model" does not)
            row["program_verb"] = program_verb(root.head)
        rows.append(row)
    return rows


def noun_uses(span: Span) -> frozenset[str]:
    """The lower-case nouns of ``span`` not modifying another word
    (:data:`~discourse.entities.linker.MODIFIER_DEPS`): "heroin" and
    "fentanyl" of "The heroin here is cut with fentanyl", not "brown" of
    "brown heroin" nor of "The heroin is brown". :meth:`ThreadResolver.resolve` reads them to tell a
    common word from a name."""
    return frozenset(
        t.text
        for t in span
        if t.is_alpha
        and t.text.islower()
        and t.pos_ in ("NOUN", "PROPN")
        and t.dep_ not in MODIFIER_DEPS
    )


_Link = tuple[str, str, str]  # entity_id, canonical, kind of a person or organisation
#: A word of a text: letters, joined by hyphens ("Hernández" of "Hernández's").
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: The word right before a candidate surname, searched only in the last :data:`_NEAR`
#: characters (``search(text, start - _NEAR, start)``): searched from the start of
#: the text, each candidate cost its whole prefix, and a long URL before one
#: backtracked for seconds. Spaces of any kind separate words (a no-break space,
#: a line break: "Ovidio\u00a0Guzmán", "Ovidio\nGuzmán", a zero-width space), and
#: a word cut by the window's start (a 64-character token) is no word before.
_TOKEN_BEFORE = re.compile(r"(?<![^\s\u200b])([^\s\u200b]+)[\s\u200b]+$")
#: A handle of one word in any case, with digits and underscores: "@doc",
#: "@weedguy420", "@Sam_B"; not the "@" of an e-mail address.
_HANDLE = re.compile(r"(?<![\w@.])@\w+")
#: The first character of the word right after a candidate surname.
_TOKEN_AFTER = re.compile(r"[\s\u200b]+([^\s\u200b])")
#: How far before a candidate surname its title or first name is looked for.
_NEAR = 64
#: What may stand before the first word of a sentence: spaces, quotes, brackets, dashes.
_OPENERS = " \t\n\"'“”‘’«»([-–—*•"
_STOP_WORDS: frozenset[str] = frozenset(STOP_WORDS)

_Piece = tuple[dict[str, Any], int, bool]  # record, offset of a piece of its text, last piece?


def _opens_sentence(text: str, start: int) -> bool:
    """True when only spaces, quotes, brackets and dashes (:data:`_OPENERS`) stand
    between offset ``start`` of ``text`` and the text's start or a sentence's
    end (".!?:;"), within the :data:`_NEAR` characters before it."""
    before = text[max(0, start - _NEAR) : start].rstrip(_OPENERS)
    return not before or before[-1] in ".!?:;"


#: Words before a name that address a speaker: "I agree with Dana", "reply to
#: Dana", "@Dana", and vocatives: "Thanks, Dana", "Well said Dana", "Hi Dana".
_ADDRESS_BEFORE = re.compile(
    r"(?:\b(?:agree|agreed|agreeing|disagree|disagreed|disagreeing)\s+with"
    r"|\b(?:reply|replying|replied|respond|responding|responded)\s+to|@"
    r"|\b(?:thanks|thank\s+you|thx|well\s+said|hi|hey|hello|dear|sorry|congrats)\s*,?)\s*$",
    re.IGNORECASE,
)
#: After a name opening a sentence: a comma (or dash), then a clause that starts
#: with "you" ("Dana, you are wrong"); not "Mexico, as you know, extradited …".
_ADDRESS_AFTER = re.compile(r"\s*[,\-–—]\s*(?:you|your|you're|u|ur)\b", re.IGNORECASE)
#: After a name: what is said of an interlocutor's view ("Dana is right", "Dana
#: has a point"); not what a country is right to do ("Mexico is right to …").
_JUDGED_AFTER = re.compile(
    r"\s+(?:is|was|'s|’s)\s+(?:so\s+|quite\s+|absolutely\s+|completely\s+)?"
    r"(?:right|wrong|correct|mistaken|spot\s+on)\b(?!\s+to\b)"
    r"|\s+(?:has|makes)\s+a\s+(?:good\s+)?point\b",
    re.IGNORECASE,
)
#: A name set off by a comma at a sentence's end: "Good point, Dana."
_VOCATIVE_END = re.compile(r"\s*(?:[.!?]|$)")
#: After a name: what that speaker said ("Dana said", "Dana wrote that …").
_SAID_AFTER = re.compile(
    r"\s+(?:said|says|wrote|writes|mentioned|argued|argues|claimed|claims|asked|asks"
    r"|(?:points?|pointed)\s+out)\b",
    re.IGNORECASE,
)
#: Words before a name that make it a common noun, not a speaker named: "the
#: bill", "a doc", "your doc".
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|my|your|his|her|its|our|their|any|every"
    r"|some|no|each|what|which)\s+$",
    re.IGNORECASE,
)
#: Figures the model took into a name after it: "Brooks 100%" of "I agree with
#: Dr Brooks 100%."
_FIGURES_AFTER = re.compile(r"(?:\s+[$€£]?\d[\d.,:/+-]*%?)+\s*$")
#: After a speaker's name on the same line: another capitalised word or a
#: figure, so the name is part of a longer one ("Hope Street", "Bill C-45");
#: "Ines R." (an initial and a full stop) and a line break are not.
_NAME_GOES_ON = re.compile(r"[ \t]+(?:(?P<word>[^\W\d_][\w-])|\d)")


@lru_cache(maxsize=1)
def _model_verbs() -> frozenset[str]:
    """The base forms of English verbs (WordNet's verb index) of the rule
    lemmatizer of the installed spaCy pipeline (:func:`~discourse.spacy_models.resolve_model`),
    read from its lookups file without loading the pipeline
    (:func:`~discourse.entities.linker.lookups_verbs`, as the linker reads a
    loaded one's); empty when there is none or it cannot be read (a debug log
    says so). The default model list's pipeline, not a run's configured one:
    both ship the same lookups. For :meth:`ThreadResolver._common_name` when the
    linker has no verbs (:attr:`~discourse.entities.linker.EntityLinker.verbs`)."""
    from spacy.lookups import Lookups
    from spacy.util import get_package_path

    try:
        root = get_package_path(resolve_model())
        files = sorted(root.glob("lemmatizer/lookups/lookups.bin"))
        files += sorted(root.glob("*/lemmatizer/lookups/lookups.bin"))
        verbs = lookups_verbs(Lookups().from_disk(files[0].parent)) if files else None
    except Exception:  # a best-effort extra: any unreadable table is none
        log.debug("no verb index in the spaCy pipeline's lemmatizer lookups")
        return frozenset()
    return verbs[0] if verbs is not None else frozenset()


#: After a name the model tagged PERSON, what only a person has or does in a
#: thread: "Rob's point", "Sue posted the link", "Frank replied" — a commenter,
#: though "rob", "sue" and "frank" are verbs ("Hope is not a strategy" is not).
_PERSONAL_AFTER = re.compile(
    r"(?:['’]s\s+(?:point|comment|post|link|argument|question|reply|answer|view|take)\b"
    r"|\s+(?:posted|linked|shared|replied|commented|wrote|said|says|asked|thinks|argued))\b",
    re.IGNORECASE,
)


#: A preposition of place right before a lone name: "the clinic in Jackson",
#: "outside Jackson" (not "into": "ran into Jackson" is meeting the man).
_PLACE_PREP = re.compile(r"\b(?:in|near|outside)\s+$", re.IGNORECASE)
#: "to", "from" or "into" after a word of going or coming ("moved to Jackson",
#: "came from Jackson"), since "wrote to Jackson", "according to Jackson" and
#: "a letter from Jackson" name the man; not "back to" ("Coming back to
#: Jackson, he …" is the man again).
_MOTION_BEFORE = re.compile(
    r"\b(?:mov(?:e|es|ed|ing)|went|go(?:es|ing)?|gone|came|com(?:e|es|ing)"
    r"|head(?:s|ed|ing)?|drove|driv(?:e|es|en|ing)|flew|fl(?:y|ies|ying)|fled|flee(?:s|ing)?"
    r"|return(?:s|ed|ing)?|relocat(?:e|es|ed|ing)|travel(?:s|led|ed|ling|ing)?"
    r"|way|trip|road|miles?)\s+(?:to|from|into)\s+$",
    re.IGNORECASE,
)
#: A word of attitude governing the "in" of "in Jackson", right before it or
#: with one adverb between: "I believe in Jackson", "I believe strongly in
#: Jackson", "our confidence in Jackson", "we had a real ally in Jackson"; not
#: a word earlier in the clause ("Police found fentanyl in Jackson", "I saw
#: three overdoses in Jackson", "Investors built a rehab center in Jackson").
_ATTITUDE_BEFORE = re.compile(
    r"\b(?:believ\w*|belief|faith|confiden\w*|trust\w*|hop(?:e|es|ed|ing|eful)"
    r"|pride|proud|disappoint\w*|disillusion\w*|doubt\w*"
    r"|ally|allies|friends?|champion|partner)"
    r"(?:\s+(?:\w+ly|still|always|never|so|too|even|all))?\s+in\s+$",
    re.IGNORECASE,
)
#: A clause's start before "in Jackson" ("Compared with Bush, in Jackson we
#: had a real ally"): a place there only when a comma follows ("In Jackson, …").
_CLAUSE_START = re.compile(
    r"(?:^|[.,;:!?\n])[\s\"'“”‘’«»(\-–—*•]*(?:in|near|outside)\s+$", re.IGNORECASE
)
#: After the name, what a person does or is asked for: "went to Jackson and
#: asked him", "went to Jackson for advice", "Coming to Jackson, he …"; not a
#: purpose ("He moved to Jackson to talk to his family").
_PERSON_AFTER = re.compile(
    r"\s*,?\s*and\s+(?:\w+\s+)?"
    r"(?:ask\w*|told|tell\w*|said|say\w*|beg\w*|urg\w*|plead\w*|pled|complain\w*|talk\w*|spoke"
    r"|speak\w*|argu\w*|demand\w*|thank\w*|interview\w*|question\w*|confront\w*)\b"
    r"|\s+(?:for|with)\s+(?:\w+\s+)?(?:advice|help|guidance|counsel|support|answers?|comments?"
    r"|interviews?|endorsements?|approval|blessing|money|funds?|questions?|requests?|complaints?)\b"
    r"|\s+about\b|\s*,\s*(?:he|she|who|whose|whom)\b|\s+(?:himself|herself)\b",
    re.IGNORECASE,
)
#: "him" soon after in the sentence: "I went to Jackson and, frankly, asked him".
_HIM_LATER = re.compile(r"[^.!?;]{0,80}?\b(?:him|himself|her|herself)\b", re.IGNORECASE)
#: After a lone name: it is the subject of "is where" and what happens at a place
#: ("Jackson is where the clinic opened", "… where she was born"); not "Jackson
#: is where he always is".
_WHERE_AFTER = re.compile(
    r"\s+(?:is|was|'s|’s)\s+where\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:born|grew|raised|lives?|lived|living|opened|opens|located|based|held|settled"
    r"|moved|headquartered|stationed|took\s+place)\b",
    re.IGNORECASE,
)
#: After a lone name: a comma and the next word ("Jackson, Mississippi").
_COMMA_AFTER = re.compile(r"\s*,\s*(?=\S)")
#: What may follow the place of "Jackson, Mississippi": a punctuation mark or the
#: end, or a lower-case word that describes no one ("… Mississippi came"; not
#: "Jackson, Chicago activist, spoke").
_AFTER_STATE = re.compile(r"\s*(?:[,.;:!?)]|$)|\s+(?P<word>[a-z][\w-]*)\b")
_DESCRIPTIONS = frozenset(
    "native natives resident residents born based governor mayor senator congressman "
    "congresswoman representative activist activists official officials politician leader "
    "minister pastor preacher reverend critic lawmaker candidate democrat republican man "
    "woman lawyer judge journalist reporter columnist author businessman".split()
)
#: A possessive right after a name: "in Jackson's speech" is the man's.
_POSSESSIVE_AFTER = re.compile(r"(?:'s|’s|')(?!\w)")


def _place_use(text: str, start: int, end: int, places: Mapping[int, int] | None = None) -> bool:
    """True when the one word at ``start:end`` of ``text`` is certainly used as a
    place, so a person of the thread with that surname (Jesse Jackson) is not
    meant: after "in", "near" or "outside" ("the clinic in Jackson"; not after a
    word of attitude, "I believe in Jackson", "our confidence in Jackson", nor
    opening a clause without a comma after it, "in Jackson we had an ally"),
    after "to", "from" or "into" of going or coming ("he moved to Jackson"; not
    "back to"), either unless a person's doing follows ("went to Jackson and
    asked him", "for advice"); before "is where" and what happens at a place
    ("Jackson is where the clinic opened"); before a comma and just a place of
    ``places`` (the starts of the GPE and LOC mentions, and their ends): "from
    Jackson, Mississippi", not "Jackson, Mexico's harshest critic". When
    unsure, False: the person."""
    if _POSSESSIVE_AFTER.match(text, end):
        return False  # "in Jackson's speech"
    window = max(0, start - _NEAR)
    if _PLACE_PREP.search(text, window, start):
        after_comma = _COMMA_AFTER.match(text, end) is not None
        opens = _CLAUSE_START.search(text, window, start) is not None
        return (
            not _ATTITUDE_BEFORE.search(text, window, start)
            and (after_comma or not opens)
            and not _person_after(text, end)
        )
    if _MOTION_BEFORE.search(text, window, start):
        return not _person_after(text, end)
    if _WHERE_AFTER.match(text, end):
        return True
    comma = _COMMA_AFTER.match(text, end)
    place_end = (places or {}).get(comma.end()) if comma is not None else None
    if place_end is None or _POSSESSIVE_AFTER.match(text, place_end):
        return False  # "Jackson, Mexico's harshest critic"
    follow = _AFTER_STATE.match(text, place_end)
    return follow is not None and follow.group("word") not in _DESCRIPTIONS


def _person_after(text: str, end: int) -> bool:
    """True when what follows the name at ``end`` is what a person does or is
    asked for ("and asked him", "for advice", ", he never …")."""
    return bool(_PERSON_AFTER.match(text, end) or _HIM_LATER.match(text, end))


def _place_starts(rows: Iterable[dict[str, Any]]) -> dict[int, int]:
    """Where the GPE and LOC mentions of ``rows`` start, and end (for :func:`_place_use`)."""
    return {r["start"]: r["end"] for r in rows if r["label"] in ("GPE", "LOC")}


#: The word before a comma: "Juarez" of "in Ciudad Juarez, Mexico."
_WORD_BEFORE_COMMA = re.compile(r"(\S+)\s*,\s*$")


def _after_a_name(text: str, start: int) -> bool:
    """True when the word before the comma ending at ``start`` is capitalised
    inside its sentence: "in Ciudad Juarez, Mexico." is a place's country, not
    someone addressed ("Good point, Mexico." and "Thanks, Mexico." are)."""
    m = _WORD_BEFORE_COMMA.search(text, max(0, start - _NEAR), start)
    if m is None or not m.group(1)[:1].isupper():
        return False
    return not _opens_sentence(text, m.start(1))


def _addressed(r: dict[str, Any], text: str) -> bool:
    """True when the mention ``r`` of ``text`` addresses someone: a handle
    ("@Dana"), a vocative ("Thanks, Dana", "Well said Dana!", "Good point,
    Dana."), a name opening a sentence before a comma and a clause starting
    with "you" ("Dana, you are wrong"), a view judged ("Dana is right"), or
    after "agree with" / "reply to" ("I agree with Dana"); not a place named
    ("Guatemala executes smugglers", "Mexico, as you know, extradited El Chapo")."""
    start, end = r["start"], r["end"]
    if r["text"].startswith("@") or _ADDRESS_BEFORE.search(text, max(0, start - _NEAR), start):
        return True
    if _JUDGED_AFTER.match(text, end):
        return True
    if (
        text[max(0, start - 2) : start].strip() == ","
        and _VOCATIVE_END.match(text, end)
        and not _after_a_name(text, start)
    ):
        return True
    return _opens_sentence(text, start) and _ADDRESS_AFTER.match(text, end) is not None


def _speaker_forms(speakers: Iterable[str]) -> dict[str, tuple[str, bool] | None]:
    """Name key → ``(speaker, whole)`` of the names a thread's speakers go by.

    A speaker's whole name ("dr helen brooks"), without its titles ("helen
    brooks") and without trailing initials ("ines" of "Ines R.", "sandra" of
    "Sandra K") is *whole*; the names a speaker may be called by alone
    (:func:`~discourse.nlp.speaker_short_names`, the argument map's rule too:
    "helen", "brooks"; "mexico" and "mike" of "Mexico Mike"; "brent" and
    "kowalski" of the handle "Brent_Kowalski", "dave" of "dave123") are
    *parts*. A key two speakers share is ``None`` (no one), unless it is one's
    whole name and only a part of the other's: the whole name wins, whatever
    the order of ``speakers`` (whole names are added first).
    """
    forms: dict[str, tuple[str, bool] | None] = {}

    def add(key: str, speaker: str, whole: bool) -> None:
        if not key:
            return
        if key not in forms:
            forms[key] = (speaker, whole)
            return
        old = forms[key]
        if old is None or old[0] == speaker:
            if old is not None and whole and not old[1]:
                forms[key] = (speaker, True)
            return
        if old[1] != whole:
            forms[key] = old if old[1] else (speaker, whole)
        else:
            forms[key] = None

    parts: list[tuple[str, str]] = []  # added after every whole name, so order does not matter
    for speaker in speakers:
        name = " ".join(str(speaker).split())
        words = name_key(name).split()
        if not words:
            continue
        add(" ".join(words), name, True)
        while len(words) > 1 and words[0] in NAME_TITLES:
            words = words[1:]
        while len(words) > 1 and len(words[-1]) == 1:
            words = words[:-1]
        add(" ".join(words), name, True)
        parts += [(name_key(word), name) for word in speaker_short_names(name)]
        if len(words) >= 2:
            # a hyphenated first name's own first word too, as mentions read a
            # name folded and split at hyphens: "jean" of "Jean-Luc Picard"
            # ("jean luc" above), as the speaker's first name is in ``speakers``
            parts += [(w, name) for w in (words[0], words[-1]) if len(w) >= 2]
    for key, name in parts:
        add(key, name, False)
    return forms


class ThreadResolver:
    """What one thread has said so far about people and countries, to link later mentions.

    Feed it the mention rows of a thread in reading order
    (:meth:`resolve`); each row is resolved with what came *before* it only,
    so a name mentioned later never changes how an earlier one was linked
    (but an earlier surname no one explained takes the id of the one person
    named later in the same rows):

    * a surname alone ("Hooper", "Guzmán") after a full name ending in it
      takes the id of that person (:meth:`_person_for`: of two persons of
      the thread with that surname the one mentioned most so far, on a tie
      the one mentioned last); the second-last word of a name of three or
      more counts too ("Pérez Molina" → "Pérez"), and the words of the
      canonical name of a gazetteer person named by an alias ("JOH"); a
      lone surname (PERSON or ORG) no person of the thread has is the gazetteer person
      of that last name from the segment's or thread's country
      (:meth:`_gazetteer_person`). A lone word certainly used as a place —
      after "in", "near", "moved to", "came from", before "is where the
      clinic opened" or before a comma and just a place (:func:`_place_use`:
      "he moved to Jackson", "from Jackson, Mississippi"; not "I believe in
      Jackson", "went to Jackson for advice", "Jackson, Mexico's harshest
      critic") — is no person's surname (not Jesse Jackson), and a PERSON the
      model made of it is a GPE; when unsure it is the person. A
      surname or full name of a person of the thread is that person whatever
      label the model gave it (an ORG "Hooper", a GPE "Hernández", an ORG
      "Rodrigo Dutertes"), "Hernández's government" is that person's, and
      with the segments' ``texts`` a surname the model missed is found by its
      spelling (:meth:`_find_persons`). A lone surname that came *before*
      the full name, unexplained, is linked once the rows of the call are
      resolved (:meth:`_link_earlier_surnames`: "Molina", an ORG to the
      model, then "Otto Perez Molina" is one person, not two);
    * a programme named after a place ("Mérida Initiative") makes that place
      word the programme where a mention of it is the subject of a verb of
      :data:`~discourse.entities.linker.PROGRAM_VERBS` ("Mérida paid for Black
      Hawks", "Mérida trained police"; :func:`span_mentions` marks subjects;
      "provide", "give" and "supply" only with money or equipment as their
      object, :func:`~discourse.entities.linker.program_verb`: "Mérida
      provided helicopters", not "Mérida provides a model of …"),
      not of another verb ("Mérida remains one of the safest cities", "Mérida
      hosted the summit"); before a money noun ("the Mérida aid") the linker
      made it the programme already;
    * a speaker of the thread named (:meth:`_speaker_of`: a speaker's whole
      name, "Ernesto", "Ines" of "Ines R."; a handle, "@Concerned Mom"; a
      first name or surname after a title, addressed or quoted, "Dr Brooks",
      "I agree with Helen", "Brooks said", or that the model calls a
      PERSON) is a PERSON mention of that speaker, whatever label the
      model gave it: its id is the speaker's node id of the argument map
      (:func:`~discourse.model.speaker_node`: ``speaker:ernesto``), its
      canonical name the speaker's name as given ("Dr. Helen Brooks"), and
      figures the model took into the name are cut off ("Brooks 100%" →
      "Brooks"); with ``texts`` a speaker's name the model missed is found
      (:meth:`_find_speakers`: "I agree with Sandra"). Not a name in lower
      case or after a determiner ("the doc", "The Bill"), not a name the model
      calls a place unless addressed, never a part of a speaker's name the
      gazetteer knows ("Mexico" of "Mexico Mike"), and a place the gazetteer
      knows that is a speaker's whole name only where the sentence addresses
      the speaker ("Guatemala, you are wrong", "Thanks, Guatemala", "I agree
      with Guatemala", "@Guatemala": :func:`_addressed`). A speaker's name
      left unlinked (two speakers share it; a first name used as a place,
      "the market in Dana") is no mention where the model calls it a PERSON
      or it is a handle, and a place the gazetteer knows spelled like a
      speaker's first name is no mention where addressed ("Thanks, Mexico."
      to Mexico Mike) and stays the place elsewhere ("Guatemala hangs
      smugglers"); nor, with
      ``texts``, a single capitalised word opening a sentence that the
      thread writes in lower case ("Fentanyl is …" after "fentanyl labs"),
      unless it is a PERSON that is the subject of a verb and the thread's
      lower-case uses of the word only modify another (``uses``,
      :func:`noun_uses`: "Brown signed the bill" after "brown heroin", but
      not "Heroin killed …" after "the heroin here"); such a person adds no
      mention to :attr:`person_counts`;
    * a nickname bound to a person by "alias"/"known as" ("Juan Leon Ardon,
      alias “El Juancho,”") links to that person wherever it is used again;
    * an organisation's head noun alone ("the Guard", "the Cartel", "the
      Army": one word of :data:`~discourse.entities.linker.HEAD_KINDS`)
      after a longer name ending in it ("Mexico's National Guard", "the
      Sinaloa Cartel") takes the id of the most recent such name;
    * a bare "Congress", "Senate", "National Guard" … (a gazetteer entity
      with ``by_country`` alternatives, written without a country:
      :meth:`EntityLinker.in_country`) whose country the linker did not
      decide by its sentence or paragraph (a country there, or only countries
      that receive: a row's ``"placed"``; for rows
      without it, in a segment that names no country) takes the thread's
      country: the one with the highest count so far (the first to reach it
      on a tie), unless the body's own country (the US) has as many. A linked mention of a country or
      of its demonym counts :data:`~discourse.entities.linker.COUNTRY_WEIGHT`,
      one of any other entity with a ``country`` (Washington, Texas, the
      DEA, Eric Holder: :attr:`EntityLinker.country_of`) counts 1, and a
      country among the thread's ``topics`` (tags, categories:
      :func:`topic_names`) counts as a country mention before the first
      row. A segment naming a country or such an entity was decided by the
      linker from its sentence (:meth:`EntityLinker.locate_bodies`; one naming
      only a country it sends to, "Congress cut the aid to Mexico", keeps
      the default there, whatever the thread's country); with no
      country yet, or in the body's own country (the US), the mention keeps
      its default, and in a country the gazetteer has no such body for it
      is an unknown body of that country (``x:peru-senate``).

    Only mentions without a gazetteer id (``x:`` slugs) are relinked to
    persons and organisations. The country counts are kept as the rows go by, so the cost per
    mention does not grow with the thread. ``linker`` (default: the built-in
    gazetteer's) must be the one whose gazetteer linked the rows.
    """

    def __init__(
        self,
        linker: EntityLinker | None = None,
        topics: Iterable[str] = (),
        speakers: Iterable[str] = (),
    ) -> None:
        self.linker = linker or default_linker()
        #: a word of a person's name ("hernandez") → {person id: link} of every
        #: person of the thread whose name has it (:meth:`_person_for` chooses)
        self.surnames: dict[str, dict[str, _Link]] = {}
        #: name key of a person's full name ("rodrigo duterte") → the person
        self.full_names: dict[str, _Link] = {}
        #: person id → mentions so far, and the number of its latest mention
        self.person_counts: dict[str, int] = {}
        self._person_last: dict[str, int] = {}
        self.nicknames: dict[str, _Link] = {}
        #: head noun ("guard", "cartel") → the organisation last named with it
        self.heads: dict[str, _Link] = {}
        #: a programme's place word ("merida" of "Mérida Initiative") → the programme
        self.programs: dict[str, _Link] = {}
        #: country id → weighted mentions so far in the thread
        self.countries: dict[str, int] = {}
        #: the thread's country: the highest count so far
        self.country: str | None = None
        #: first names and full names (folded) of the thread's speakers, and the
        #: names they may be called by alone (:func:`~discourse.nlp.speaker_short_names`)
        self.speakers: frozenset[str] = frozenset(
            name
            for speaker in speakers
            for words in [fold(speaker).replace("-", " ").split()]
            if words
            for name in (
                words[0],
                " ".join(words),
                *(name_key(w) for w in speaker_short_names(speaker)),
            )
        )
        #: the names the speakers go by (:func:`_speaker_forms`), for :meth:`_speaker_link`
        self.speaker_forms = _speaker_forms(speakers)
        #: the most words of a speaker's name, for :meth:`_find_speakers`
        self._speaker_words = max((len(k.split()) for k in self.speaker_forms), default=0)
        #: words the thread's texts so far write in lower case ("fentanyl")
        self.lower_words: set[str] = set()
        #: words any text of the thread given so far writes in lower case,
        #: including texts after the row read (:meth:`_common_name`)
        self._thread_lower: set[str] = set()
        #: of these, the words used other than as a modifier ("fentanyl", not
        #: the "brown" of "brown heroin"; :func:`noun_uses`)
        self.noun_words: set[str] = set()
        #: mention text → its :func:`name_key` and folded words (see :meth:`_names`)
        self._keys: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._seen = 0  # person mentions so far
        self._thread_id = ""  # of the rows seen, for the rows :meth:`_find_persons` adds
        for name in topics:
            hit = self.linker.gazetteer.lookup(name)
            if hit is not None and hit[0].id in self.linker.countries:
                self._count(hit[0].id, COUNTRY_WEIGHT)

    def _count(self, country: str, weight: int) -> None:
        n = self.countries[country] = self.countries.get(country, 0) + weight
        if self.country is None or n > self.countries[self.country]:
            self.country = country

    def resolve(
        self,
        rows: list[dict[str, Any]],
        texts: Mapping[str, str] | None = None,
        uses: Mapping[str, Iterable[str]] | None = None,
    ) -> list[dict[str, Any]]:
        """Resolve ``rows`` (in reading order) in place, then remember them; returns ``rows``.

        ``texts`` (segment id → the text the rows' offsets index, in reading
        order; every segment of the thread, with mentions or not) lets the
        thread find the mentions the model missed of a person it named
        (:meth:`_find_persons`) and drop a capitalised common word
        (:meth:`_common_word`); rows added are put in ``rows`` in reading
        order. Without ``texts`` only the rows are resolved. ``uses``: segment
        id → its lower-case words used other than as modifiers
        (:func:`noun_uses`); without it every lower-case word counts as such.
        """
        country_of = self.linker.country_of
        by_segment = {
            sid: list(group) for sid, group in groupby(rows, key=itemgetter("segment_id"))
        }
        order = list(texts) if texts is not None else list(by_segment)
        order += [sid for sid in by_segment if texts is not None and sid not in texts]
        for whole_text in (texts or {}).values():
            self._thread_lower.update(w for w in _WORD.findall(whole_text) if w.islower())
        result: list[dict[str, Any]] = []
        acting: set[int] = set()  # rows that are the subject of a verb other than "be"
        for sid in order:
            segment = by_segment.get(sid, [])
            text = texts.get(sid) if texts is not None else None
            if text is not None:
                lower = [w for w in _WORD.findall(text) if w.islower()]
                self.lower_words.update(lower)
                self.noun_words.update(lower if uses is None else uses.get(sid, ()))
            here = {country_of[r["entity_id"]] for r in segment if r["entity_id"] in country_of}
            named = bool(here)
            kept = []
            places = _place_starts(segment)
            for r in segment:
                subject = r.pop("subject", "")
                if subject and subject != "be":
                    acting.add(id(r))
                place = text is not None and _place_use(text, r["start"], r["end"], places)
                program_subject = r.pop("program_verb", subject in PROGRAM_VERBS)
                if self._speaker_link(r, text, place):
                    r.pop("placed", None)
                    self._learn(r)
                    kept.append(r)
                    continue
                self._relink(r, program_subject, here, place)
                if self._not_a_mention(r, text, subject):
                    continue
                # the linker's verdict (:func:`span_mentions`); rows made
                # elsewhere: a segment naming a country was placed by it
                placed = r.pop("placed", named)
                if not placed and self.country is not None:
                    self._locate(r, self.country)
                # a common word kept as a person acting ("Brown signed …") names
                # no one a later "Brown"/"Fentanyl" could be taken for
                # a row of a person already counted counts again ("Brown said …" after
                # "Jerry Brown"); only one kept by the common-word escape does not
                counted = r["entity_id"] in self.person_counts or not self._is_common(r, text)
                self._learn(r, counted=counted)
                kept.append(r)
            if text is not None:
                found = self._find_speakers(kept, sid, text)
                found += self._find_persons([*kept, *found], sid, text)
                if found:
                    kept = sorted((*kept, *found), key=itemgetter("start"))
            result.extend(kept)
        self._link_earlier_surnames(result, acting)
        rows[:] = result
        return rows

    def _link_earlier_surnames(self, rows: list[dict[str, Any]], acting: set[int]) -> None:
        """Link in place each lone surname of ``rows`` that no one explained when it
        came (an ``x:`` slug the model called a PERSON, or an ORG that is the
        subject of a verb other than "be", ``acting`` holding the rows' ``id``:
        "Molina promised …"; not "on Fox", "Jackson is where …") to
        the one person of the thread whose full name, named later in ``rows``,
        has it ("Otto Perez Molina"): one person, one id, so the thread does not
        count "Molina" and Otto Pérez Molina as two. Only rows resolved in the
        same call (a thread's rows at once, as :func:`resolve_thread` gets them;
        one record at a time in :func:`tag_texts`), only a surname exactly one
        person of the thread has, and never a row linked already: a later name
        does not relink an earlier one ("Guzmán" linked to Joaquín Guzmán
        stays his after "Ovidio Guzmán López")."""
        for r in rows:
            if not r["entity_id"].startswith("x:") or r["kind"] not in ("", "person"):
                continue
            if not (r["label"] == "PERSON" or (r["label"] == "ORG" and id(r) in acting)):
                continue  # "I watched it on Fox", "Jackson is where …": no person
            key, words = self._names(r["text"])
            people = self.surnames.get(key)
            if len(words) != 1 or people is None or len(people) != 1:
                continue
            link = next(iter(people.values()))
            old = r["entity_id"]
            if old == link[0]:
                continue
            if r["label"] == "PERSON" and old in self.person_counts:
                # the mention counted for a person of its own: it counts for this one
                self.person_counts[old] -= 1
                if not self.person_counts[old]:
                    del self.person_counts[old]
                    self._person_last.pop(old, None)
                self.person_counts[link[0]] = self.person_counts.get(link[0], 0) + 1
            r["label"] = "PERSON"
            r["entity_id"], r["canonical"], r["kind"] = link

    def _names(self, text: str) -> tuple[str, tuple[str, ...]]:
        """:func:`name_key` of ``text`` and the words of its :func:`fold`, worked out
        once per text in the thread: a mention is relinked and then learned
        from, and a thread names the same people and bodies again and again."""
        found = self._keys.get(text)
        if found is None:
            found = self._keys[text] = (name_key(text), tuple(fold(text).split()))
        return found

    def _locate(self, r: dict[str, Any], country: str) -> None:
        """Relink the bare body ``r`` to its entity in the thread's ``country``,
        unless the body's own country (the US for "Congress") has as many
        mentions: the US wins a tie."""
        body = self.linker.gazetteer.get(r["entity_id"])
        own = body.country if body is not None else None
        if own is not None and self.countries.get(own, 0) >= self.countries.get(country, 0):
            return
        target = self.linker.in_country(r["entity_id"], r["text"], country)
        if target is not None:
            r["label"], r["entity_id"], r["canonical"], r["kind"] = target

    def _person_for(self, word: str) -> _Link | None:
        """The person a lone surname ``word`` means: of the thread's persons whose
        name has it, the one mentioned most so far, on a tie the one mentioned
        last ("Hernández" after "Juan Orlando Hernández", "Hernández" and "his
        brother Tony Hernández" is Juan Orlando)."""
        people = self.surnames.get(word)
        if not people:
            return None
        best = max(
            people, key=lambda eid: (self.person_counts.get(eid, 0), self._person_last.get(eid, 0))
        )
        return people[best]

    def _speaker_of(
        self, r: dict[str, Any], text: str | None, place: bool, found: bool = False
    ) -> tuple[str, int] | None:
        """The speaker the mention ``r`` of ``text`` names and where its name
        ends (figures the model took in cut off: "Brooks 100%"), or ``None``.

        ``r`` must be a name the speakers go by (:func:`_speaker_forms`): a
        speaker's whole name ("Ernesto", "Ines" of "Ines R.", "Concerned Mom"),
        a part of a longer one ("Helen", "Brooks" of "Dr. Helen Brooks"), or a
        handle of either ("@Concerned Mom", "@doc"); a title before it ("Dr
        Brooks", "Mrs. Brooks") makes it *titled*. In that order:

        * no name: a word written in lower case, unless a handle ("doc"), or
          after a determiner ("the Bill", "a Doc");
        * a row the gazetteer linked ("Mexico", a place): the speaker only as
          the speaker's whole name, addressed ("Thanks, Guatemala"; a handle
          counts), never a part ("Mexico" of "Mexico Mike"); the same for a
          missed name the gazetteer knows;
        * no one's when another capitalised word goes on from it on the line
          ("Hope Street", "Bill C-45"), nor when a figure does, unless
          addressed or quoted ("I agree with Dr Brooks 100%");
        * the speaker where addressed or quoted ("I agree with Helen", "Brooks
          is right", "Brooks said": :func:`_addressed`, :data:`_SAID_AFTER`);
        * otherwise no one's: an untitled one-word name that is also a common
          word (:meth:`_common_name`: "Hope is not a strategy."), the name of
          another person the thread named (Karen Hooper's "Hooper"), a row
          the model calls a place (GPE, LOC: "Kensington has needles");
        * a name the model missed (``found``, :meth:`_find_speakers`): the
          speaker when titled, or a whole name not used as a place
          (``place``, :func:`_place_use`);
        * a row of the model: the speaker when titled, a whole name, or a
          PERSON (a part only where not used as a place: "the market in
          Brooks").
        """
        raw = r["text"]
        handle = raw.startswith("@")
        figures = _FIGURES_AFTER.search(raw)
        name = raw[: figures.start()] if figures else raw
        words = name_key(name).split()
        titled = False
        while len(words) > 1 and words[0] in NAME_TITLES:
            words, titled = words[1:], True
        key = " ".join(words)
        hit = self.speaker_forms.get(key)
        if hit is None:
            return None
        speaker, whole = hit
        start, end = r["start"], r["start"] + len(name)
        lead = start  # where the name and a title before it start
        if not handle:
            if not name.lstrip(_OPENERS)[:1].isupper():
                return None  # "doc", "bill"
            if text is not None:
                before = _TOKEN_BEFORE.search(text, max(0, start - _NEAR), start)
                if before and name_key(before.group(1)) in NAME_TITLES:
                    titled, lead = True, before.start(1)
                if _DETERMINER_BEFORE.search(text, max(0, lead - _NEAR), lead):
                    return None  # "the Bill passed", "a Doc"
        span = {**r, "start": lead, "end": end, "text": text[lead:end] if text else name}
        target = handle or (text is not None and _addressed(span, text))
        if not r["entity_id"].startswith("x:") and not found:
            # a place or body the gazetteer knows: only the speaker's whole name, addressed
            return (speaker, end) if whole and target else None
        if found and self.linker.gazetteer.lookup(name) is not None and not (whole and target):
            return None
        said = text is not None and _SAID_AFTER.match(text, end) is not None
        goes_on = _NAME_GOES_ON.match(text, end) if text is not None and not handle else None
        if goes_on is not None and goes_on.group("word") and not goes_on.group("word")[0].isupper():
            goes_on = None  # a lower-case word goes on the sentence, not the name
        if goes_on is not None and (goes_on.group("word") or not (target or said)):
            return None  # "Hope Street clinic", "Bill C-45 legalized …", "Zoë Ávila clinic"
        if target or said:
            return speaker, end
        personal = r["label"] == "PERSON" and text is not None and _PERSONAL_AFTER.match(text, end)
        if not titled and len(words) == 1 and not personal and self._common_name(key):
            return None  # "Hope is not a strategy.", "Mark my words", "Grace under pressure"
        speaker_id = speaker_node(speaker)
        other = self.full_names.get(key) or (self._person_for(key) if len(words) == 1 else None)
        if other is not None and other[0] != speaker_id:
            return None  # "Hooper" of Karen Hooper, whom the thread named
        if r["label"] in ("GPE", "LOC"):
            return None  # "Kensington has needles", "the market in Kensington"
        if found:
            return (speaker, end) if titled or (whole and not place) else None
        if whole or titled or r["label"] == "PERSON":
            return None if place and not whole else (speaker, end)
        return None

    def _common_name(self, key: str) -> bool:
        """True when the speaker's one-word name ``key`` ("hope", "mark",
        "grace", "bill") is also a common English word: a stop word, a word
        any text of the thread writes in lower case (:attr:`_thread_lower`,
        also after the mention), or an English verb (the linker's
        :attr:`~discourse.entities.linker.EntityLinker.verbs`, else those of
        :func:`_model_verbs`). Not asked where the model found a PERSON that
        owns or posts something (:data:`_PERSONAL_AFTER`: "Rob's point", "Sue
        posted …")."""
        if key in _STOP_WORDS or key in self._thread_lower:
            return True
        verbs = self.linker.verbs[0] if self.linker.verbs is not None else _model_verbs()
        return key in verbs

    def _speaker_link(self, r: dict[str, Any], text: str | None, place: bool) -> bool:
        """Link ``r`` to the speaker of the thread it names (:meth:`_speaker_of`)
        as a PERSON with the speaker's id (:func:`~discourse.model.speaker_node`:
        ``speaker:ernesto``, the id of the speaker's node in the argument map)
        and name as given ("Dr. Helen Brooks"); True if it did."""
        if not self.speaker_forms:
            return False
        hit = self._speaker_of(r, text, place)
        if hit is None:
            return False
        speaker, end = hit
        r["text"] = r["text"][: end - r["start"]]
        r["end"] = end
        r["label"], r["kind"] = "PERSON", "person"
        r["entity_id"], r["canonical"] = speaker_node(speaker), speaker
        return True

    def _find_speakers(
        self, rows: list[dict[str, Any]], segment_id: str, text: str
    ) -> list[dict[str, Any]]:
        """Rows for the speakers' names in ``text`` that no row covers and the
        model missed ("I agree with Sandra", "@Concerned Mom, you …", "Dr Brooks
        said"): the longest name of a speaker (:func:`_speaker_forms`) starting
        at a capitalised word, and a one-word handle of a speaker's name in any
        case, with digits and underscores ("@doc", "@weedguy420"), judged as
        :meth:`_speaker_of` judges a name the model missed."""
        if not self.speaker_forms:
            return []
        covered = {i for r in rows for i in range(r["start"], r["end"])}
        thread_id = rows[0]["thread_id"] if rows else self._thread_id
        places = _place_starts(rows)
        words = list(_WORD.finditer(text))
        found: list[dict[str, Any]] = []

        def judge(start: int, end: int) -> None:
            if not covered.isdisjoint(range(start, end)):
                return
            r: dict[str, Any] = {
                "segment_id": segment_id,
                "thread_id": thread_id,
                "start": start,
                "end": end,
                "text": text[start:end],
                "label": "PERSON",
                "kind": "",
                "entity_id": "",
                "canonical": "",
            }
            place = _place_use(text, r["start"], r["end"], places)
            hit = self._speaker_of(r, text, place, found=True)
            if hit is None:
                return
            r["kind"], r["entity_id"], r["canonical"] = "person", speaker_node(hit[0]), hit[0]
            covered.update(range(r["start"], r["end"]))
            self._learn(r)
            found.append(r)

        for i, m in enumerate(words):
            if not m.group()[:1].isupper() or m.start() in covered:
                continue
            for n in range(min(self._speaker_words, len(words) - i), 0, -1):
                last = words[i + n - 1]
                pairs = zip(words[i : i + n - 1], words[i + 1 : i + n], strict=True)
                if not all(text[a.end() : b.start()].isspace() for a, b in pairs):
                    continue
                if self.speaker_forms.get(" ".join(name_key(w.group()) for w in words[i : i + n])):
                    break
            else:
                continue
            start = m.start() - 1 if m.start() and text[m.start() - 1] == "@" else m.start()
            judge(start, last.end())
        # handles the words above miss: lower case, digits, underscores ("@doc", "@weedguy420")
        for h in _HANDLE.finditer(text):
            if self.speaker_forms.get(name_key(h.group())):
                judge(h.start(), h.end())
        return found

    def _relink(
        self,
        r: dict[str, Any],
        program_subject: bool = False,
        here: Iterable[str] = (),
        place: bool = False,
    ) -> None:
        """Link ``r`` by what the thread named before it (see :class:`ThreadResolver`);
        ``program_subject``: ``r`` is the subject of a verb a programme acts by
        (:func:`~discourse.entities.linker.program_verb`); ``place``: ``r`` is
        used as a place (:func:`_place_use`), so a lone word of it is no
        person's surname ("he moved to Jackson" after "Jesse Jackson") and a
        PERSON the model made of it is a GPE."""
        key, words = self._names(r["text"])
        program = self.programs.get(key)
        if program is not None and program_subject and r["label"] != "PERSON":
            # "Mérida paid for Black Hawks" after the Mérida Initiative was named,
            # but not "Mérida remains one of the safest cities"
            r["label"] = "ORG"
            r["entity_id"], r["canonical"], r["kind"] = program
            return
        if not r["entity_id"].startswith("x:"):
            return
        if r["label"] == "ORG" and key in self.heads:
            # "the Guard" after "Mexico's National Guard"
            r["entity_id"], r["canonical"], r["kind"] = self.heads[key]
            return
        if r["label"] == "ORG" and r["kind"] == "government_body" and len(words) >= 2:
            # "Hernández's government": the government of the person the surname means
            person = self._person_for(name_key(" ".join(words[:-1])))
            if person is not None and words[-1] in GOVERNMENT_NOUNS:
                base = person[0].removeprefix("x:")
                r["entity_id"] = f"x:{base}-{words[-1]}"
                r["canonical"] = f"{person[1]} {words[-1]}"
            return
        if place and len(words) == 1:
            # "Jackson is where the clinic opened"; a speaker's name stays for
            # :meth:`_not_a_mention` ("I believe in Tom")
            if r["label"] == "PERSON" and key not in self.speakers:
                r["label"], r["kind"] = "GPE", ""
            return
        link = self.nicknames.get(key) or self.full_names.get(key)
        if link is None and len(words) == 1:
            link = self._person_for(key)
        if link is None and len(words) == 1 and r["label"] in ("PERSON", "ORG"):
            link = self._gazetteer_person(key, here)
        if link is not None and (link[0] != r["entity_id"] or r["label"] != "PERSON"):
            # the model sometimes calls a lone surname an ORG ("Hooper says …")
            # or a place ("Hernández would never have been extradited"), a
            # person's full name an ORG, and a nickname a place ("El Juancho
            # was feared")
            r["label"] = "PERSON"
            r["entity_id"], r["canonical"], r["kind"] = link

    def _gazetteer_person(self, surname: str, here: Iterable[str]) -> _Link | None:
        """The gazetteer person a lone surname no person of the thread has means:
        the one person with that last name whose ``country`` is a country of the
        segment (``here``) or, without one, the thread's country ("Honduras
        had a militarised police under Hernández" → Juan Orlando Hernández,
        not his brother, who has no country)."""
        people = self.linker.surname_index.get(surname)
        if not people:
            return None
        countries = set(here) or ({self.country} if self.country else set())
        gaz = self.linker.gazetteer
        fits = [gaz[eid] for eid in people if gaz[eid].country in countries]
        if len(fits) != 1:
            return None
        return fits[0].id, fits[0].name, fits[0].kind

    def _not_a_mention(self, r: dict[str, Any], text: str | None, subject: str = "") -> bool:
        """True for a row the thread shows is no entity: a speaker of the thread
        named — a speaker's first or full name the model calls a PERSON ("I agree
        with Tom", "Dana, the aid was not the problem"), or with another label
        written as a handle ("@Dana"): a place or body opening a sentence before
        a comma or after "with" is no one addressed ("Kensington, once a mill
        town, is …", "Compare Seattle with Portland") — or a
        capitalised common word opening a sentence (:meth:`_common_word`), unless
        the model calls it a PERSON, it is the subject of a verb (``subject``,
        its lemma, :func:`span_mentions`) and the thread's lower-case uses of it
        only modify (:attr:`noun_words`): "Brown signed the bill" after "brown
        heroin" stays; "Fentanyl kills …" after "cut with fentanyl" goes. Only names outside the gazetteer (``x:`` slugs)
        that no person of the thread explains. A place or body that shares a
        speaker's first word ("Kensington" of a speaker "Kensington Resident")
        stays a mention."""
        key = self._names(r["text"])[0]
        if not r["entity_id"].startswith("x:"):
            # a place the gazetteer knows is the speaker of its name only where
            # addressed ("Guatemala, you are wrong", "Thanks, Guatemala")
            return key in self.speakers and text is not None and _addressed(r, text)
        if r["kind"] == "person" and r["entity_id"] in self.person_counts:
            return False
        if key in self.speakers and (r["label"] == "PERSON" or r["text"].startswith("@")):
            return True
        if not self._is_common(r, text):
            return False
        # "Brown signed the bill": a person acting, where the thread's lower-case
        # "brown" only modifies ("brown heroin"); not "Heroin killed …"
        return not (subject and r["label"] == "PERSON" and r["text"].lower() not in self.noun_words)

    def _is_common(self, r: dict[str, Any], text: str | None) -> bool:
        """True when ``r``, of a name outside the gazetteer, is one word that is
        a capitalised common word (:meth:`_common_word`) of ``text``."""
        return (
            r["entity_id"].startswith("x:")
            and text is not None
            and len(self._names(r["text"])[1]) == 1
            and self._common_word(r, text)
        )

    def _common_word(self, r: dict[str, Any], text: str) -> bool:
        """True when the one-word mention ``r`` opens a sentence of ``text`` and the
        thread writes that word in lower case too ("Fentanyl is a product of
        prohibition" after "fentanyl labs"; "Mano dura failed" after "any mano
        dura plan"): a capitalised common word, not a name."""
        if not r["text"][:1].isupper():
            return False  # "japan also has …": the word is its own lower-case use
        return _opens_sentence(text, r["start"]) and r["text"].lower() in self.lower_words

    def _find_persons(
        self, rows: list[dict[str, Any]], segment_id: str, text: str
    ) -> list[dict[str, Any]]:
        """Rows for the surnames of the thread's persons in ``text`` that no row
        covers: the model misses some ("Hernández was extradited", "Goulão is
        a hero"). A surname counts as a capitalised word of its own — not
        next to another capitalised word ("Ovidio Guzmán"; a title such as
        "President" may stand before it), not a stop word, not a word the
        thread writes in lower case. Next to another capitalised word, across
        any space or a line break, it is found with that word when the two are
        the full name of a person of the thread ("Ovidio\nGuzmán", which the
        model did not read as a name, after "Ovidio Guzmán")."""
        if not self.surnames:
            return []
        # characters the rows cover: a set, not a scan of every row for every word
        # (a long text with thousands of mentions)
        covered = {i for r in rows for i in range(r["start"], r["end"])}
        thread_id = rows[0]["thread_id"] if rows else self._thread_id
        found = []
        places = _place_starts(rows)
        for m in _WORD.finditer(text):
            word = m.group()
            if not word[0].isupper():
                continue
            key = name_key(word)
            if key in _STOP_WORDS or word.lower() in self.lower_words or key not in self.surnames:
                continue
            if not covered.isdisjoint(range(m.start(), m.end())):
                continue
            start, link = m.start(), None
            before = _TOKEN_BEFORE.search(text, max(0, m.start() - _NEAR), m.start())
            if (
                before
                and before.group(1)[0].isupper()
                and name_key(before.group(1)) not in NAME_TITLES
            ):
                # "Ovidio Guzmán": part of another name, which is the person of
                # the thread with that full name across a line break
                start = before.start(1)
                if _WORD.fullmatch(before.group(1)) and covered.isdisjoint(range(start, m.start())):
                    link = self.full_names.get(name_key(f"{before.group(1)} {word}"))
                if link is None:
                    continue
            after = _TOKEN_AFTER.match(text, m.end())
            if after and after.group(1)[0].isupper():
                continue
            if link is None and _place_use(text, m.start(), m.end(), places):
                continue  # "he moved to Jackson": the town, not Jesse Jackson
            link = link or self._person_for(key)
            if link is None:
                continue
            r = {
                "segment_id": segment_id,
                "thread_id": thread_id,
                "start": start,
                "end": m.end(),
                "text": text[start : m.end()],
                "label": "PERSON",
                "kind": link[2],
                "entity_id": link[0],
                "canonical": link[1],
            }
            self._learn(r)
            found.append(r)
        return found

    def _learn_program(self, r: dict[str, Any], link: _Link) -> None:
        """Remember the place word of a programme named in ``r`` ("merida" of the
        Mérida Initiative, "Plan Mérida"; :func:`~discourse.entities.linker.program_places`)."""
        for short, program in self.linker.program_places.items():
            if program == r["entity_id"]:
                self.programs[short] = link

    def _learn(self, r: dict[str, Any], counted: bool = True) -> None:
        """Remember ``r`` for the rows after it; ``counted=False``: a person kept
        from a common word adds no mention to :attr:`person_counts`."""
        eid = r["entity_id"]
        country = self.linker.country_of.get(eid)
        if country is not None:
            self._count(country, COUNTRY_WEIGHT if eid in self.linker.countries else 1)
        link = (r["entity_id"], r["canonical"], r["kind"])
        if r["label"] == "ORG" and eid:
            key_words = self._names(r["text"])[0].split()
            if len(key_words) >= 2 and key_words[-1] in HEAD_KINDS:
                self.heads[key_words[-1]] = link
        if r["kind"] == "policy_program":
            self._learn_program(r, link)
        self._thread_id = r["thread_id"]
        if r["label"] != "PERSON" or not eid or not counted:
            return
        self._seen += 1
        self.person_counts[eid] = self.person_counts.get(eid, 0) + 1
        self._person_last[eid] = self._seen
        key = self._names(r["text"])[0]
        for name in {r["text"], r["canonical"]} if r["kind"] == "person" else {r["text"]}:
            name_words = name_key(name).split()
            if len(name_words) < 2:
                continue
            self.full_names[" ".join(name_words)] = link
            self.surnames.setdefault(name_words[-1], {})[eid] = link
            if len(name_words) >= 3:  # "Pérez Molina" shortens to "Molina" too
                self.surnames.setdefault(name_words[-2], {})[eid] = link
        # a person linked under a name that is no part of their own name: a
        # nickname ("El Juancho" → Juan Leon Ardon), not a surname ("Hooper")
        if (
            r["kind"] == "person"
            and key
            and not set(key.split()) <= set(self._names(r["canonical"])[0].split())
        ):
            self.nicknames[key] = link


def resolve_thread(
    rows: list[dict[str, Any]],
    linker: EntityLinker | None = None,
    topics: Iterable[str] = (),
    texts: Mapping[str, str] | None = None,
    speakers: Iterable[str] = (),
    uses: Mapping[str, Iterable[str]] | None = None,
) -> list[dict[str, Any]]:
    """Link surnames and nicknames to the person named earlier in one thread, and a
    bare "Congress" in a sentence without a country to the thread's country.

    ``rows`` are the mention rows of one thread in reading order, linked by
    ``linker`` (default: the built-in gazetteer's); ``topics`` the thread's
    tags and categories (:func:`topic_names`), ``texts`` its segments' texts
    ``speakers`` the names of its speakers and ``uses`` its segments'
    :func:`noun_uses`; see :class:`ThreadResolver`
    for the rules. Rows are changed in place and returned.
    """
    return ThreadResolver(linker, topics, speakers).resolve(rows, texts, uses)


#: ``Thread.meta`` keys that name what a thread is about: an HTML page's tags and
#: categories (lists), a page dump's "Labels:", "Tags:", "Filed under:" lines (text).
TOPIC_KEYS: tuple[str, ...] = ("tags", "categories", "labels", "filed under")


def topic_names(meta: Mapping[str, Any]) -> list[str]:
    """The tags and categories in a thread's ``meta``: a list's items, a text's comma-separated parts."""
    names: list[str] = []
    for key in TOPIC_KEYS:
        value = meta.get(key)
        parts = value.split(",") if isinstance(value, str) else value
        if isinstance(parts, list):
            names.extend(p.strip() for p in parts if isinstance(p, str) and p.strip())
    return names


def _record_thread(record: dict[str, Any]) -> str:
    """Thread a JSONL record belongs to: its ``thread_id``, else the id up to the first ``/``."""
    tid = record.get("thread_id")
    if isinstance(tid, str) and tid:
        return tid
    return str(record["id"]).split("/", 1)[0]


def tag_texts(
    records: Iterable[dict[str, Any]] | pd.DataFrame,
    nlp: Language,
    *,
    batch_size: int = 64,
    path: str = "<records>",
    max_chars: int = DEFAULT_MAX_CHARS,
    linker: EntityLinker | None = None,
    on_error: Callable[[IngestError], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """``{"id", "text"}`` records in, ``{"id", "mentions"}`` out (offsets into ``text``).

    Each mention is ``{start, end, text, label, kind, entity_id, canonical}``.
    Records of one thread (same ``thread_id``, or same id prefix before the
    first ``/``) are resolved together wherever they are in the input, so a
    surname links to an earlier full name of its thread; records come out in
    input order, as soon as they are tagged.

    A text longer than ``max_chars`` (or than ``nlp.max_length``) is analysed
    in pieces cut at whitespace (:func:`discourse.segment.split_long`), with
    offsets still into the whole text, logging [W302]. If ``nlp`` was loaded
    without the entity components, ``linker`` (default: the built-in
    gazetteer's) links the statistical entities, logging [W300] once. Raises
    :class:`~discourse.errors.IngestError` [E018] for a record whose ``id``
    is not a non-empty string or an integer (the rule ``discourse stance``
    shares, :func:`discourse.io.record_id`; the id is written back as given)
    and [E303] for one without a string ``text`` — or, with ``on_error``, hands the error to it
    and leaves the record out, so the rest of the batch is still tagged. A
    record with the id of an earlier one is tagged too, logging [W014].

    ``records`` may also be a DataFrame with ``id`` and ``text`` columns (and
    optionally ``thread_id``), one record per row. The input is checked when
    the function is called, as the stance models check theirs: one string
    raises ``TypeError`` [E308] (iterating it would give characters, not
    records), a single dict, a DataFrame without those columns or anything
    that is not an iterable of records [E309], also for an item that is not
    a dict.
    """
    return _tag_numbered(
        enumerate(_records_of(records), 1),
        nlp,
        batch_size=batch_size,
        path=path,
        max_chars=max_chars,
        linker=linker,
        on_error=on_error,
    )


def _records_of(records: Any) -> Iterator[dict[str, Any]]:
    """The records of :func:`tag_texts`'s input, its type checked now, its items as read.

    Raises ``TypeError`` [E308] for one string and [E309] for anything else
    that is not records (checked before the generator is returned, so the
    mistake shows at the call, not at the first ``next``).
    """
    if isinstance(records, str):
        raise TypeError(Errors.E308.format(text=records[:60]))
    if isinstance(records, pd.DataFrame):
        missing = [c for c in ("id", "text") if c not in records.columns]
        if missing:
            columns = ", ".join(map(str, records.columns)) or "none"
            kind = f"a DataFrame without {' and '.join(map(repr, missing))} (columns: {columns})"
            raise TypeError(Errors.E309.format(kind=kind))
        used = [c for c in ("id", "text", "thread_id") if c in records.columns]
        return iter(frame_records(records, used))
    if isinstance(records, bytes | dict | Doc | Span) or not isinstance(records, Iterable):
        what = "one dict (wrap it in a list)" if isinstance(records, dict) else None
        raise TypeError(Errors.E309.format(kind=what or type(records).__name__))
    return _checked_items(records)


def _checked_items(records: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """``records`` as they come, raising [E309] for an item that is not a dict (a bare text)."""
    for no, rec in enumerate(records, 1):
        if not isinstance(rec, dict):
            raise TypeError(Errors.E309.format(kind=f"{type(rec).__name__} item {no}: {rec!r:.60}"))
        yield rec


#: Characters read as a plain space when tagging (each is one character, so
#: offsets into the original text hold).
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u200b": " "})


def _tag_numbered(
    numbered: Iterable[tuple[int | str, dict[str, Any]]],
    nlp: Language,
    *,
    batch_size: int,
    path: str,
    max_chars: int,
    linker: EntityLinker | None,
    on_error: Callable[[IngestError], None] | None,
) -> Iterator[dict[str, Any]]:
    """:func:`tag_texts` over records numbered for messages ("3", or "line 3" from a file)."""
    linker = _linker_of(nlp) or linker or EntityLinker(load_gazetteer(BUILTIN))
    limit = max(1, min(max_chars, nlp.max_length))

    ids = DuplicateIds(path)

    def pieces() -> Iterator[tuple[str, _Piece]]:
        for no, rec in numbered:
            try:  # the id rule `stance` shares: a non-empty string or an integer, kept
                record_id(rec, path, no)
                if not isinstance(rec.get("text"), str):
                    raise IngestError(Errors.E303, path, record=no, field="text")
            except IngestError as err:
                if on_error is None:
                    raise
                on_error(err)
                continue
            ids.see(rec["id"], no)  # [W014]: both are tagged, a join on id would mix them
            text = rec["text"]
            bounds = split_long(text, 0, len(text), limit) or [(0, len(text))]
            if len(bounds) > 1:
                log.warning(
                    Warnings.W302.format(
                        path=path, record=no, id=rec["id"], size=len(text), limit=limit
                    )
                )
            for k, (start, end) in enumerate(bounds):
                # no-break and zero-width spaces read as spaces (one character
                # for one: offsets hold), so "Mexico\u00a0City" is one name
                yield text[start:end].translate(_SPACES), (rec, start, k == len(bounds) - 1)

    threads: dict[str, ThreadResolver] = {}
    rows: list[dict[str, Any]] = []
    nouns: set[str] = set()  # the record's noun_uses
    for doc, (rec, offset, last) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        thread = _record_thread(rec)
        found = span_mentions(doc[:], str(rec["id"]), thread, linker)
        lead = len(doc.text) - len(doc.text.lstrip())
        for m in found:  # offsets into the record text, not the trimmed piece
            m["start"] += lead + offset
            m["end"] += lead + offset
            m["text"] = rec["text"][m["start"] : m["end"]]  # as written, no-break spaces kept
        rows.extend(found)
        nouns |= noun_uses(doc[:])
        if last:
            sid = str(rec["id"])
            resolver = threads.setdefault(thread, ThreadResolver(linker))
            resolver.resolve(rows, {sid: rec["text"]}, {sid: nouns})
            nouns = set()
            yield {
                "id": rec["id"],
                "mentions": [{k: m[k] for k in MENTION_COLUMNS[2:]} for m in rows],
            }
            rows = []


def tag_file(
    path: str | Path,
    nlp: Language,
    *,
    batch_size: int = 64,
    max_chars: int = DEFAULT_MAX_CHARS,
    on_error: Callable[[IngestError], None] | None = None,
) -> Iterator[dict[str, Any]]:
    """:func:`tag_texts` over a JSON Lines file (messages name the line of a bad record).

    With ``on_error``, malformed lines (``[E006]``) and records without a
    valid id (``[E018]``) or string text (``[E303]``) are handed to it and left out.
    """
    numbered = ((f"line {no}", rec) for no, rec in iter_jsonl(path, on_error=on_error))
    yield from _tag_numbered(
        numbered,
        nlp,
        batch_size=batch_size,
        path=str(path),
        max_chars=max_chars,
        linker=None,
        on_error=on_error,
    )


def _linker_of(nlp: Language) -> EntityLinker | None:
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, EntityLinker):
            return pipe
    return None
