"""Who answers, agrees with, disagrees with or quotes whom in a thread.

The ``relations`` table (schema in :mod:`discourse.stages`) holds one row per
edge:

``replies_to``
    utterance → utterance, from the thread structure (``reply_to``).
``agrees`` / ``disagrees`` from an explicit cue
    utterance → utterance; ``cue`` is the words that signal it ("Great post",
    "Second all that", "I agree", "I couldn't agree more", "+1", "exactly"
    ("Exactly this."),
    "you're wrong", "That's nonsense", "I disagree", "Disagree.", "With all
    due respect, …"; "nonsense" and
    "rubbish" only said of what the addressee said, :data:`_NONSENSE`;
    scorn right after a quotation, '"…" lol', :data:`~discourse.segment.SCORN`,
    only of a quotation the thread holds, and addressing whom it quotes),
    ``evidence`` the segment holding them.
``quotes``
    utterance → utterance whose words are quoted ("…" or a quoted line,
    "> …", of at least :data:`MIN_QUOTE_WORDS` words found verbatim in an
    earlier utterance's own words, :func:`find_quotes`);
    ``evidence`` is the quoting and the quoted segment.
``agrees`` / ``disagrees`` from stance
    claim → claim (ids ``<segment id>#<frame>``, see
    :mod:`discourse.argmap.claims`): a reply takes the same (or the
    opposite) side on a frame as the utterance it answers. Each side is an
    utterance's *position* on the frame (:func:`utterance_positions`): what
    its speaker's own claims there argue
    (:attr:`~discourse.argmap.claims.Claim.own`: a position a speaker only
    reports agrees with nobody), weighed by their scores — one side must
    weigh at least :data:`POSITION_RATIO` times the other and its strongest
    claim score at least :data:`MIN_POSITION_SCORE`, else the utterance takes
    no clear side and makes no such edge (an article whose sentences lean
    both ways on militarization is agreed with by nobody). Every claim of the
    reply's side gets one edge, to the strongest claim of the answered
    utterance's side (the strongest of those the reply quotes, if it quotes
    any: :meth:`Position.answered`): so two utterances never both agree and disagree on a
    frame, and a long article is one position, not one edge per sentence.
    ``cue`` names the frame, ``evidence`` lists both claims' segments.

Resolving whom a cue addresses (:func:`cue_target`): "Great post" praises
the article. "Second that", "+1" or "you're wrong" answer a *comment*:

1. a comment quoted in the cue's own sentence (``"…" is nonsense``);
2. a speaker of the thread named next to the cue in its sentence ("I agree
   with Ana", "+1 @Ana", "Ana, you're wrong"; and "Ana is right", which is
   a cue only with a name before it): their nearest utterance up the reply
   chain, else their latest one before the cue (:func:`named_speaker`);
3. in a threaded discussion, the ``reply_to`` parent — the thread says whom
   the comment answers, so a quotation in another sentence (often cited in
   support, not answered) does not override it; when the parent is the
   speaker's own, the nearest ancestor up the reply chain by someone else;
4. in a *flat* comment list (every comment replies to the article, as on
   most news sites), a comment quoted anywhere in the comment, else the
   comment just above.

A cue about someone who is not a speaker of the thread ("I agree with the
president", "with Obama", "with the DEA": :meth:`SpeakerNames.someone_else`)
addresses nobody.

A reply to a comment the thread lacks (deleted; the readers make it answer
the article and keep the lost id in ``meta["reply_to_missing"]``) addresses
nobody under rules 3 and 4: the one it answered is gone, and the article's
author or the comment above never was.

Quoting the *article* never makes it the addressee of such a cue: the
article is not a comment, and "You're wrong. "<article words>" is right."
disagrees with the comment answered, not with the author quoted (the quote
still counts for agreement by stance). Scorn right after a quotation is the
exception: '"<article words>" lol' mocks the words quoted, so it disagrees with
the article (:class:`_ScornReader`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ..model import REPLY_TO_MISSING, Thread, Utterance
from ..nlp import NAME_TITLES, name_words, speaker_short_names
from ..segment import MIN_QUOTE_WORDS as MIN_QUOTE_WORDS  # the shortest quotation counted
from ..segment import QUOTATION, QUOTE_MARKS, SCORN, QuoteLocator, normalise_space
from ..stages import TABLE_COLUMNS
from .claims import Claim, thread_claims

log = logging.getLogger(__name__)

RELATION_TYPES: tuple[str, ...] = ("replies_to", "agrees", "disagrees", "quotes")


@dataclass(frozen=True)
class Cue:
    """An explicit agreement cue: its pattern, the relation, and whom it addresses.

    ``target`` is ``"article"`` (praise of the post) or ``"previous"`` (the
    comment answered: the one above in a flat list, else the parent).
    ``negatable`` is False for a cue whose words already hold a negation
    ("that's not true"), which :func:`match_cue` must not read as negated.
    """

    pattern: re.Pattern[str]
    relation: str
    target: str
    negatable: bool = True


def _cue(pattern: str, relation: str, target: str = "previous", negatable: bool = True) -> Cue:
    return Cue(re.compile(pattern, re.IGNORECASE), relation, target, negatable)


_POST = r"(?:post|article|piece|analysis|read|write-?up|report|summary)"
#: The words of a dismissal: a cue only when said of what the addressee said
#: ("Nonsense.", "That's rubbish", "what you say is nonsense", "you're talking
#: nonsense", "Nonsense, the army …", '"…" is nonsense'), not of any subject:
#: "The whole war on drugs is nonsense" or "What the DEA publishes is rubbish"
#: answer nobody in the thread; "This article is nonsense", "The post is
#: rubbish" and an opening "Complete nonsense …" answer the post.
_NONSENSE = r"(?:nonsense|rubbish)\b"
#: Words that may stand before a dismissal: "utter nonsense", "a load of rubbish".
_DEGREE = (
    r"(?:(?:utter|complete|total|pure|absolute|absolutely|just|simply|such|more|"
    r"a\s+load\s+of|a\s+lot\s+of|a\s+bunch\s+of)\s+){0,2}"
)
#: Up to three words between a subject and its dismissal ("that is complete and utter
#: nonsense", "your whole argument is", "that's not nonsense": a negation counts).
_SOME_WORDS = r"(?:[\w'’-]+\s+){0,3}"
#: What a comment dismisses as "nonsense" when it names the post it answers.
_DISMISSED = r"(?:article|post|piece|blog|comment)"
#: Verbs of saying in "you're talking nonsense", "you write rubbish".
_TALK = r"(?:talk(?:ing)?|spout(?:ing)?|writ(?:e|ing)|post(?:ing)?|spew(?:ing)?)"
#: A negated auxiliary between "I" and "agree": "I don't agree", "I cannot agree".
_NEG_AUX = r"(?:(?:do|does|did|can|could|would|will|should|wo|ca)(?:n['’]t|\s+not)|cannot|never)"
#: Interjections a comment may open its verdict with: "Oh please, nonsense."
_INTERJECTION = r"(?:oh(?:\s+please)?|please|sorry|mate|dude|man|come\s+on|honestly|seriously)"
#: Whom a comment may name before its verdict: a name ("Sam", "sam", "@sam_k",
#: "Mr. Lopez"), which :func:`compute_relations` keeps only when it is a speaker of
#: the thread ("Legalization: nonsense." names no one), or an interjection. The
#: verdict then ends its clause: "Needles, rubbish, tents … fill every park" is a
#: list.
_ADDRESS = (
    rf"(?:@[\w.-]+|(?-i:[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){{0,2}})|[a-z][\w'’-]*|{_INTERJECTION})"
)
_INTERJECTION_RE = re.compile(rf"\W*{_INTERJECTION}", re.IGNORECASE)
#: Scorn right after a quotation: '"the only institution the cartels cant buy" lol.'
#: It answers the utterance quoted, and only when the thread holds the quotation
#: (:func:`compute_relations`): 'Nixon called it "public enemy number one" lol' is none.
_SCORN_AFTER_QUOTE = _cue(rf"(?<=[\"”])[\s,.!…]*{SCORN}(?!\w)", "disagrees", negatable=False)
#: A bare verdict opening the sentence: "Disagree.", "Disagreed.", "Strongly disagree.",
#: "Nope, disagree.", "Respectfully disagree with Ana" ("Disagreements remain" is none).
#: A past "disagreed" may open a concession instead ("Disagreed with it at first, but
#: now I agree with you."): :func:`_gives_way`.
_BARE_DISAGREE = _cue(
    r"^\W*(?:(?:no+|nope|nah|sorry|hard|strongly|totally|completely|entirely|"
    r"respectfully|fully|very\s+much|must|have\s+to|gotta|got\s+to)[\s,.!…-]+){0,2}"
    r"disagreed?(?=\s*(?:[.!?,;:…]|$)|\s+(?:with|here|there|on\s+that)\b)",
    "disagrees",
)
#: "With all (due) respect(,) Tiago, …" opens a rebuttal; last in :data:`CUES`, so that
#: a cue of its own later in the sentence says which way ("With respect, you're
#: right"), as does "he is right" (:data:`_PRONOUN_RIGHT`, :func:`_gives_way`).
#: "With respect to the budget" (regarding) and "with the utmost respect for the
#: troops" (esteem for someone) are none.
_WITH_RESPECT = _cue(
    r"^\W*with\s+(?:all\s+(?:(?:due|the)\s+)?|due\s+|the\s+(?:greatest|utmost)\s+)respect\b"
    r"(?!\s+(?:for|of)\b)"
    r"|^\W*with\s+respect(?=\s*[,;:—–])",
    "disagrees",
)
#: Agreement cues, most specific first; the first match in a sentence wins.
CUES: tuple[Cue, ...] = (
    _cue(
        rf"\b(?:great|good|excellent|nice|fine|interesting|insightful|informative|superb|"
        rf"brilliant|thoughtful)\s+{_POST}\b|\bthanks?\s+(?:you\s+)?for\s+(?:this|the|your)\s+{_POST}\b",
        "agrees",
        "article",
    ),
    _cue(r"\bsecond(?:ed)?\s+(?:all\s+|everything\s+)?(?:that|this|the\s+above)\b", "agrees"),
    _cue(r"(?:^|\s)\+1\b", "agrees"),
    # "Exactly.", "Exactly this.", "This, exactly!", "Exactly right", "Exactly my point",
    # "Exactly what I was going to say" (not "Exactly 27 people died")
    _cue(
        r"^\W*(?:this[\s,.!…-]+)?exactly(?:\s+(?:this|that|so|right|correct|"
        r"(?:my|our)\s+(?:point|thoughts?|view))|\s+what\s+i\s+(?:(?:was\s+)?(?:going|about)\s+"
        r"to\s+|wanted\s+to\s+|would\s+(?:have\s+)?)?(?:say|said|think|thought|meant|mean)(?:\s+too)?)?"
        r"(?=\s*(?:[.!,;:…]|$))",
        "agrees",
    ),
    _cue(
        r"^\W*(?:agreed|so\s+true|well\s+said|spot\s+on|hear,?\s+hear)(?=\s*(?:[.!,;:]|$))",
        "agrees",
    ),
    _cue(r"\byou(?:'|’)?re\s+(?:\w+\s+)?wrong\b|\byou\s+are\s+(?:\w+\s+)?wrong\b", "disagrees"),
    _cue(rf"\bi\s+(?:{_NEG_AUX}\s+)?(?:\w+\s+)?disagree\b", "disagrees"),
    _BARE_DISAGREE,
    # "nonsense" / "rubbish" only when said of what the addressee said (:data:`_NONSENSE`)
    _cue(
        # after a name or an interjection: "Sam, nonsense.", "Oh please, rubbish!"
        # (then the verdict is the whole sentence)
        rf"^(?P<address>\W*{_ADDRESS})[,:]\s+(?:what\s+)?{_DEGREE}{_NONSENSE}"
        r"(?=\s*(?:[.!?…:;—–]|-\s|$))"
        rf"|^\W*(?:what\s+)?{_DEGREE}{_NONSENSE}(?=\s*(?:[.!?,;:—–…]|-\s|$))"
        # an opening verdict may go on: "Complete nonsense from start to finish."
        rf"|^\W*(?:utter|complete|total|absolute|pure)\s+(?:and\s+utter\s+)?{_NONSENSE}"
        # said of the post answered: "This article is nonsense", "The post was rubbish"
        rf"|\b(?:this|the|your)\s+(?:whole\s+|entire\s+)?{_DISMISSED}\s+(?:is|was)\s+{_SOME_WORDS}{_NONSENSE}"
        rf"|\b(?:that|this)(?:['’]s|\s+is|\s+was)\s+{_SOME_WORDS}{_NONSENSE}"
        rf"|\bwhat\s+(?:you|u)\b[^.!?]{{0,40}}?\b(?:is|was)\s+{_SOME_WORDS}{_NONSENSE}"
        rf"|\byour\s+{_SOME_WORDS}(?:is|are|was|were)\s+{_SOME_WORDS}{_NONSENSE}"
        rf"|\byou(?:['’]re|\s+are)?\s+(?:\w+\s+)?{_TALK}\s+{_DEGREE}{_NONSENSE}"
        # after a quotation: its words are not the clause a negation is looked for in
        rf"|(?<=[\"”])\s+(?:is|was)\s+{_SOME_WORDS}{_NONSENSE}",
        "disagrees",
    ),
    _cue(r"\bthat(?:'|’)?s\s+not\s+true\b", "disagrees", negatable=False),
    _SCORN_AFTER_QUOTE,
    _cue(
        r"\byou(?:'|’)?re\s+(?:\w+\s+)?right\b|\byou\s+are\s+(?:\w+\s+)?right\b"
        # "I couldn't agree more" is shown whole: "I couldn't agree" reads as a refusal
        rf"|\bi\s+(?:{_NEG_AUX}\s+)?(?:\w+\s+)?agree(?:\s+more\b)?"
        rf"|^\W*{_NEG_AUX}\s+(?:\w+\s+)?agree\s+more\b",
        "agrees",
    ),
    _WITH_RESPECT,
)


#: Words that negate a cue when they stand in it or just before it in its clause.
_NEGATION = re.compile(r"\b(?:not|never|no\s+longer|cannot|hardly|barely|nor)\b|n['’]t\b", re.I)
#: "I couldn't agree more" is the strongest agreement, not a negated one: a cue
#: ending so (the agree cue takes "more" in) is never read as negated.
_AGREE_MORE = re.compile(r"\bagree\s+more$", re.I)
#: How far back (in words, within the clause) a negation still governs a cue.
NEGATION_WINDOW = 5

_OPPOSITE = {"agrees": "disagrees", "disagrees": "agrees"}


def _words_before(text: str, m: re.Match[str]) -> list[str]:
    """The last :data:`NEGATION_WINDOW` words of the clause before the cue ``m``
    (a comma, semicolon or sentence end closes a clause)."""
    return re.split(r"[,;:.!?()\"“”]", text[: m.start()])[-1].split()[-NEGATION_WINDOW:]


def _negated(text: str, m: re.Match[str]) -> bool:
    """True when the cue matched by ``m`` is negated: "I cannot agree", "you're not
    wrong", "I don't think you're right", "Not a great post".

    Counts negations inside the cue and in the last :data:`NEGATION_WINDOW`
    words of its clause before it (a comma, semicolon or sentence end closes
    a clause, so "No, you're right" is not negated); an odd count negates.
    """
    if _AGREE_MORE.search(m.group(0)):
        return False
    window = " ".join(_words_before(text, m))
    count = len(_NEGATION.findall(m.group(0))) + len(_NEGATION.findall(window))
    return count % 2 == 1


def match_cue(text: str, following: str = "") -> tuple[Cue, str] | None:
    """The first agreement cue in ``text`` and the words that matched.

    A negated cue counts the other way ("I can't agree" disagrees, "you're
    not wrong" agrees; see :func:`_negated`), and so does mocked agreement
    ("Great post, if you like fairy tales"; "Great article." followed by the
    sentence ``following`` it in the comment, "NOT."; see :func:`_mockery`);
    the words returned then include the negation or the mockery, so the map
    shows why.
    """
    found = _find_cue(text, following)
    return None if found is None else (found[0], found[1])


def _find_cue(
    text: str,
    following: str = "",
    accept: Callable[[Cue, re.Match[str]], bool] | None = None,
) -> tuple[Cue, str, re.Match[str]] | None:
    """:func:`match_cue` plus the match, whose span says where the cue stands.

    ``accept``, if given, may turn down a match of a cue (scorn after a quotation
    the thread does not hold): a later match of it, else the next cue, is tried.
    """
    for cue in CUES:
        for m in cue.pattern.finditer(text):
            if accept is None or accept(cue, m):
                read = _read_cue(cue, text, m, following)
                way = _gives_way(text, m, read[0]) if cue in _YIELDING else read
                if way is None:
                    break  # "Disagreed with it at first": no verdict, the next cue may be
                return (*way, m)
            if cue is not _SCORN_AFTER_QUOTE:
                break  # only scorn is looked for past its first match
    return None


#: What a past "disagreed" opening a concession goes on with: "Disagreed with it at
#: first", "… initially", "… back then".
_CONCESSION = re.compile(r"\b(?:at\s+first|initially|originally|back\s+then)\b", re.I)
#: Adverbs allowed between "is" and "right"/"wrong" in "Ana is (so) right".
_VERDICT_ADVERB = (
    r"(?:not|so|quite|absolutely|totally|completely|entirely|dead|just|simply|clearly|"
    r"obviously|perfectly|100%)"
)


#: "he is right", "they're absolutely right": agreement with whom a rebuttal's
#: opening names ("With all respect to Tiago, he is right.").
_PRONOUN_RIGHT = re.compile(
    rf"\b(?:he|she|they|you|u)(?:\s+(?:is|are|was|were)|['’](?:s|re))\s+"
    rf"(?:{_VERDICT_ADVERB}\s+)?right\b(?!\s+to\b)",
    re.IGNORECASE,
)


def _gives_way(text: str, m: re.Match[str], cue: Cue) -> tuple[Cue, str] | None:
    """Disagreement ``m`` (of :data:`_YIELDING`, read as ``cue``) or what replaces it:
    a later agreement in its sentence ("With all respect to Tiago, he is right.",
    "Disagreed with it at first, but now I agree with you."), whose words are then
    given, or None for a past "disagreed" opening a concession without one."""
    past = m.group(0).lower().endswith("disagreed")
    if cue.relation != "disagrees" or (m.re is _BARE_DISAGREE.pattern and not past):
        return cue, m.group(0).strip()  # "Disagree with Ana, but I agree with you": both
    later = [c for c in CUES if c.relation == "agrees" and c.target == "previous"]
    for c in (*later, Cue(_PRONOUN_RIGHT, "agrees", "previous")):
        hit = c.pattern.search(text, m.end())
        if hit is not None:
            read = _read_cue(c, text, hit)
            if read[0].relation == "agrees":
                return read
    if past and _CONCESSION.search(text, m.end()):
        return None
    return cue, m.group(0).strip()


#: What a mocking condition holds up: "fairy tales", "propaganda", "a shill".
_DERIDED = (
    r"(?:fairy[\s-]?tales?|fiction|fantas(?:y|ies)|propaganda|lies|spin|myths?|conspirac\w*|"
    r"nonsense|rubbish|garbage|drivel|crap|bs|bullshit|comedy|delusions?|wishful\s+thinking|"
    r"being\s+lied\s+to|shill|lobbyist|apologist|stooge|paid\s+troll)"
)
#: A tail that turns praise into mockery: "Great post, if you like fairy tales",
#: "Well said… if you're a cartel lobbyist", "Great article. NOT.", "Great post /s".
#: "Great read if you love history" stays praise: the condition must deride.
_SARCASTIC_TAIL = re.compile(
    r"^\W*(?:"
    r"if\s+(?:you|u|one)(?:(?:['’]re|\s+are)\s+(?:a|an|into)|\s+(?:like|love|enjoy|prefer|"
    rf"believe\s+in|live\s+in))\s+(?:[\w'’-]+\s+){{0,3}}{_DERIDED}\b[.!?…]*\s*$"
    r"|not+\W*$|/s\b"
    r")",
    re.IGNORECASE,
)


def _mockery(text: str, m: re.Match[str], following: str) -> str | None:
    """The words from agreement ``m`` to the end of what mocks it
    (:data:`_SARCASTIC_TAIL`) — in its own sentence, or in the sentence
    ``following`` it when its own ends with the cue ("Great article." "NOT.") —
    or None when nothing does."""
    rest = text[m.end() :]
    if following and not re.search(r"\w", rest):
        rest = f"{rest} {following.strip()}"
    tail = _SARCASTIC_TAIL.search(rest)
    return None if tail is None else f"{m.group(0)}{rest[: tail.end()]}".strip()


def _read_cue(cue: Cue, text: str, m: re.Match[str], following: str = "") -> tuple[Cue, str]:
    """The cue matched by ``m`` and its words, turned the other way when negated
    or, for agreement, mocked ("Great post, if you like fairy tales")."""
    mocked = _mockery(text, m, following) if cue.relation == "agrees" else None
    if mocked is not None:
        return Cue(cue.pattern, "disagrees", cue.target, False), mocked
    if not cue.negatable or not _negated(text, m):
        return cue, m.group(0).strip()
    words = m.group(0).strip()
    if not _NEGATION.search(words):
        # the negation stands before the cue: show the words from it on
        words = " ".join([*_words_before(text, m), *words.split()])
        hit = list(_NEGATION.finditer(words))
        start = words.rfind(" ", 0, hit[-1].start()) + 1 if hit else 0
        words = words[start:]
    return Cue(cue.pattern, _OPPOSITE[cue.relation], cue.target, False), words


#: Disagreement cues that a later agreement in the sentence overrides (:func:`_gives_way`).
_YIELDING = (_BARE_DISAGREE, _WITH_RESPECT)


#: "with" (or "to": "With all due respect to the president") and the first words
#: after it, after a cue: whom it is about.
_WITH_WHOM = re.compile(r"\s*(?i:with|to)\s+((?:[^\W\d_][\w'’-]*\.?(?:\s+|$)?){1,4})")
#: A title before a name: "Mr. ", "Dr ", "Senator ".
_TITLE = re.compile(
    r"(?i:"
    + "|".join(sorted(map(re.escape, NAME_TITLES), key=len, reverse=True))
    + r")\.?\s+(?=[A-Z])"
)
#: Determiners before a role or a name in "with the president", "with our governor".
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "my"})
#: Words after "with" that are the addressee or what they said, never a third party.
_ADDRESSEE_WORDS = frozenset(
    {"you", "your", "yours", "u", "op", "author", "authors", "writer", "poster", "commenter", "i"}
)


@lru_cache(maxsize=1)
def _third_party_nouns() -> frozenset[str]:
    """Roles, organisations and groups ("president", "government", "critic"): the
    stance tagger's nouns for actors a sentence reports, here for a cue about one."""
    from ..stance.tagger import GROUP_NOUNS, ORGANISATION_NOUNS, ROLE_NOUNS

    return frozenset(ROLE_NOUNS | ORGANISATION_NOUNS | GROUP_NOUNS)


#: The verdict after a speaker's name: "(Ana) is right", "('s) not wrong".
_VERDICT = re.compile(
    rf"(?:\s+(?i:is|was)|['’]s)\s+(?i:{_VERDICT_ADVERB}\s+)?(?i:(right)|wrong)"
    # then the clause ends or says what about: "Ana's right to choose" is her right
    r"(?=\s*(?:[.!?,;:)\"”]|$)|\s+(?i:about|on|that|there|here|again)\b)"
)


@dataclass(frozen=True)
class SpeakerNames:
    """What a comment may call the speakers of a thread, for :func:`named_speaker`.

    ``speaker`` maps each name as written to its speaker: every full name,
    and a first name or surname (:func:`~discourse.nlp.speaker_short_names`,
    the names the entity mentions know a speaker by too: "Helen" of "Dr. Helen
    Brooks", "Bob" of "Bob_the_builder" — of a handle only a capitalised word,
    since matching is exact: "legalize" of "legalize_now" is nobody's name)
    that exactly one speaker's name has and
    that is nobody's full name. Matching is exact — case, accents and spacing
    as the thread has them — so a name that could be someone else's is never
    guessed at. ``pattern`` finds any of them, longest first, as whole words.
    ``words`` holds every word of every speaker's name in lower case, so that
    :meth:`someone_else` knows a name that is no speaker's.
    """

    speaker: dict[str, str]
    pattern: re.Pattern[str] | None
    words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, thread: Thread) -> SpeakerNames:
        """The names of ``thread``'s speakers (see the class docstring)."""
        full = {u.speaker: u.speaker for u in thread.utterances if re.search(r"\w", u.speaker)}
        parts: dict[str, set[str]] = {}
        every: set[str] = set()
        for name in full:
            every.update(w.lower() for w in name_words(name))
            handle = len(name.split()) == 1
            for word in speaker_short_names(name):
                # matched as written, a handle's lower-case word is a word of the
                # text too: "legalize" of legalize_now in "I agree to legalize drugs"
                if handle and not word[:1].isupper():
                    continue
                parts.setdefault(word, set()).add(name)
        speaker = dict(full)
        for word, owners in parts.items():
            if len(owners) == 1 and word not in full:
                speaker[word] = next(iter(owners))
        if not speaker:
            return cls({}, None, frozenset(every))
        alternatives = "|".join(re.escape(n) for n in sorted(speaker, key=len, reverse=True))
        return cls(speaker, re.compile(rf"(?<![\w@])@?({alternatives})(?!\w)"), frozenset(every))

    def someone_else(self, text: str) -> bool:
        """Whether ``text``, the words right after a cue, say the cue is about someone
        who is not a speaker of the thread: "(I agree) with the president", "with
        Obama", "with the DEA", "with critics".

        Such a cue answers nobody in the thread (it used to agree with the
        comment answered). Only "with …" (or "to …": "With all due respect to
        the president") is read, and only a capitalised word
        that is no word of any speaker's name (:attr:`words`), or a role,
        organisation or group ("the president", "the government", "experts":
        the holder search's nouns), bare or after a determiner; after a title
        (:data:`~discourse.nlp.NAME_TITLES`) the name that follows it is read
        ("with Mr. Smith" answers John Smith). "with you", "with that", "with
        the author", "with the OP", "with him", a lower-case name (not
        written as the thread writes names) or a speaker's name shared by two
        (:meth:`after` finds no one) keep the cue's usual addressee.
        """
        m = _WITH_WHOM.match(text)
        if m is None:
            return False
        words = [re.sub(r"['’]s$", "", w.rstrip(".")) for w in m.group(1).split()]
        if words[0].lower() in _DETERMINERS:
            words = words[1:]
        # a title before a name: the name says who ("Mr. Smith", "Dr Hooper")
        while len(words) > 1 and words[0].lower() in NAME_TITLES and words[1][:1].isupper():
            words = words[1:]
        if not words:
            return False
        head, noun = words[0], words[0].lower()
        if noun in _ADDRESSEE_WORDS:  # "with the OP", "with the author"
            return False
        if head[:1].isupper():  # "Obama", "the DEA", "the Pope"
            return noun not in self.words
        return noun in _third_party_nouns() or noun.removesuffix("s") in _third_party_nouns()

    def after(self, text: str) -> str | None:
        """The speaker named at the start of ``text``, the words right after a cue:
        "with Ana", "to Ana", ", Ana", " @Ana"."""
        if self.pattern is None:
            return None
        m = re.match(r"\s*[,:]?\s*(?:(?i:with|to)\s+)?", text)
        at = m.end() if m else 0
        title = _TITLE.match(text, at)  # "with Mr. Smith", "with Dr Hooper"
        hit = (title and self.pattern.match(text, title.end())) or self.pattern.match(text, at)
        return self.speaker[hit.group(1)] if hit else None

    def before(self, text: str) -> str | None:
        """The speaker named as all of ``text``, the words before a cue ("Ana, ",
        "@Ana "): a name opening the sentence addresses that speaker."""
        if self.pattern is None:
            return None
        hit = self.pattern.search(text)
        if hit is None or re.search(r"\w", text[: hit.start()] + text[hit.end() :]):
            return None
        return self.speaker[hit.group(1)]

    def verdict(self, text: str) -> tuple[Cue, str, str] | None:
        """ "Ana is right" / "Bob's wrong" (or "not right"…): the cue, its words and the
        speaker named. Only with a speaker's name right before it: "That is
        right" or "the law is wrong" answer nobody in particular."""
        if self.pattern is None or not _VERDICT.search(text):  # rare: skip the names' scan
            return None
        for hit in self.pattern.finditer(text):
            m = _VERDICT.match(text, hit.end())
            if m:
                verdict = Cue(_VERDICT, "agrees" if m.group(1) else "disagrees", "previous")
                cue, words = _read_cue(verdict, text, m)
                if words == m.group(0).strip():  # not negated before: show the name too
                    words = text[hit.start() : m.end()].strip()
                return cue, words, self.speaker[hit.group(1)]
        return None


def is_flat(thread: Thread) -> bool:
    """True when every comment replies to the article (or to nothing)."""
    article = thread.article
    roots = {None, article.id if article else None}
    return all(c.reply_to in roots for c in thread.comments)


def _same_person(a: str, b: str) -> bool:
    """True when two speaker names are one person: the same name, as the map has it.

    The map gives every name its own speaker node
    (:func:`~discourse.argmap.graph.speaker_node`) and the reports group
    positions by the name, so "José" and "Jose" are two people here too: a
    "+1" from one under the other's comment is agreement, not self-praise.
    """
    return a == b


def _previous(thread: Thread, utt: Utterance, flat: bool) -> str | None:
    """Whom a "previous"-type cue of ``utt`` addresses.

    Nobody agrees with themselves, so a speaker's "+1" under their own
    comment answers the comment before it: in a threaded discussion the
    nearest ``reply_to`` ancestor by *someone else* (:func:`_ancestor_by_other`),
    in a flat list the nearest comment above by someone else.
    """
    if not flat and utt.reply_to:
        return _ancestor_by_other(thread, utt)
    before = _earlier(thread, utt)
    for other in reversed(before):
        if not _same_person(other.speaker, utt.speaker):
            return other.id
    return None if before else utt.reply_to


def _ancestor_by_other(thread: Thread, utt: Utterance) -> str | None:
    """The nearest utterance up ``utt``'s ``reply_to`` chain not by ``utt``'s speaker.

    Bob's "+1" answering his own reply to Carla agrees with Carla, as the
    same "+1" under his own comment in a flat list answers the comment
    before it; dropping it (the parent is Bob himself) lost the agreement.
    ``None`` when the chain holds only the speaker (their own article) or
    ends; the walk stops on a repeated id, though the readers cut circles.
    """
    return next(
        (p.id for p in _ancestors(thread, utt) if not _same_person(p.speaker, utt.speaker)), None
    )


def _ancestors(thread: Thread, utt: Utterance) -> Iterator[Utterance]:
    """The utterances up ``utt``'s ``reply_to`` chain, nearest first; the walk stops
    on a repeated id (the readers cut circles, a table built by hand may not)."""
    by_id = {u.id: u for u in thread.utterances}
    seen = {utt.id}
    parent = by_id.get(utt.reply_to) if utt.reply_to else None
    while parent is not None and parent.id not in seen:
        yield parent
        seen.add(parent.id)
        parent = by_id.get(parent.reply_to) if parent.reply_to else None


def _earlier(thread: Thread, utt: Utterance) -> tuple[Utterance, ...]:
    """The utterances of ``thread`` before ``utt``, in reading order."""
    return thread.utterances[: [u.id for u in thread.utterances].index(utt.id)]


def named_speaker(thread: Thread, utt: Utterance, speaker: str) -> str | None:
    """The utterance of ``speaker`` that a cue of ``utt`` naming them answers.

    Their nearest utterance up ``utt``'s reply chain (the comment or article
    being discussed), else their latest one before ``utt``; ``None`` when
    they said nothing before it (or are ``utt``'s own speaker).
    """
    if _same_person(speaker, utt.speaker):
        return None
    up = next((p.id for p in _ancestors(thread, utt) if _same_person(p.speaker, speaker)), None)
    if up is not None:
        return up
    return next(
        (u.id for u in reversed(_earlier(thread, utt)) if _same_person(u.speaker, speaker)), None
    )


def cue_target(
    thread: Thread,
    utt: Utterance,
    cue: Cue,
    segment_id: str,
    quoted_comments: list[tuple[str, str]],
    flat: bool,
    named: str | None = None,
) -> str | None:
    """Whom the cue of ``utt`` found in segment ``segment_id`` addresses (see the module
    docstring); ``None`` when nobody.

    ``quoted_comments`` are ``(quoting segment, quoted comment)`` pairs of
    ``utt``, in text order, with quotations of the article left out.
    ``named`` is the speaker the cue's sentence names next to the cue
    (:class:`SpeakerNames`), if any: their utterance (:func:`named_speaker`)
    is addressed rather than the parent or the comment above. A reply to a
    deleted comment (``meta["reply_to_missing"]``) has neither.
    """
    if cue.target == "article":
        article = thread.article
        return article.id if article else utt.reply_to
    for seg, target in quoted_comments:
        if seg == segment_id:
            return target
    if named is not None:
        answered = named_speaker(thread, utt, named)
        if answered is not None:
            return answered
    if flat and quoted_comments:
        return quoted_comments[0][1]
    if REPLY_TO_MISSING in utt.meta:
        return None  # it answered a deleted comment: neither the article nor the one above
    return _previous(thread, utt, flat)


def _quote_key(text: str) -> str:
    """``text`` as quotes are compared: its words, lower case, one space apart
    (punctuation, quoted-line markers and line breaks left out)."""
    return " " + " ".join(_WORDS.findall(text.lower())) + " "


_WORDS = re.compile(r"\w+")


#: Scorn as a sentence of its own: "Yeah right.", "lol", "Sure." (:data:`SCORN`).
#: The punctuation around it is taken whole (possessive), the scorn emoji aside, so
#: that a long run of emoji is matched in linear time.
_SCORN_ALONE = re.compile(rf"(?:[^\w🙄😂🤣]|_)*+({SCORN})[\W_]*+", re.IGNORECASE)
_SCORN_CUE = Cue(_SCORN_ALONE, "disagrees", "previous", False)
#: A sentence ending with a quotation: '"the only institution the cartels cant buy".'
_ENDS_QUOTING = re.compile(r"[\"”][\s.!?…]*$")


def _scorn_after_quotation(text: str, before: str) -> str | None:
    """The words of ``text`` when it is only scorn ("Yeah right.", "lol") and the
    sentence ``before`` it ends with a quotation, else None: the segmenter makes
    '"…" yeah right.' two sentences, and the scorn answers the quotation as
    '"…" lol' does (:data:`CUES`)."""
    m = _SCORN_ALONE.fullmatch(text)
    return m.group(1) if m and _ENDS_QUOTING.search(before) else None


#: Scorn words that are scorn only when they end the comment: "Sure." or "As if."
#: after a quotation mocks it, "Sure, and I agree" or "Sure. That is what the data
#: show." concedes, 'The "war on drugs" sure is expensive' is an adverb.
_SCORN_ONLY_LAST = re.compile(r"[\W_]*(?:sure(?:\s+thing)?|as\s+if)[\W_]*", re.IGNORECASE)


def _quotation_before(text: str, at: int) -> str | None:
    """The words of the quotation (:data:`QUOTATION`) of ``text`` closing right before
    offset ``at`` (nothing but punctuation and spaces between), if any."""
    last = None
    for m in QUOTATION.finditer(text, 0, at):
        if not re.search(r"\w", text[m.end() : at]):
            last = m
    return None if last is None else normalise_space(last.group(1))


@dataclass
class _ScornReader:
    """Whom scorn after a quotation in sentence ``i`` of the comment ``utt`` answers.

    The utterance quoted (``located``: ``(quoting utterance, quotation)`` → quoted
    utterance, from :func:`find_quotes`), the article too — and only when the
    thread holds the quotation: 'Nixon called it "public enemy number one" lol'
    answers nobody here. "Sure" and "as if" (:data:`_SCORN_ONLY_LAST`) count only
    when no word follows them in the comment. ``texts``, ``utt_ids`` and ``starts``
    are the thread's sentences; :attr:`target` is set by the scorn last accepted.
    """

    utt: Utterance
    located: dict[tuple[str, str], str]
    texts: list[str]
    utt_ids: list[str]
    starts: list[int]
    i: int
    target: str | None = None

    def answers(self, words: str, at: int, after: str = "") -> str | None:
        """Whom scorn ``words`` at offset ``at`` of the comment, followed in its
        sentence by ``after``, answers (and :attr:`target` becomes), if anyone."""
        self.target = None
        if _SCORN_ONLY_LAST.fullmatch(words) and (
            re.search(r"\w", after)
            or any(
                re.search(r"\w", str(t))
                for t, u in zip(self.texts[self.i + 1 :], self.utt_ids[self.i + 1 :], strict=True)
                if u == self.utt.id
            )
        ):
            return None  # "Sure, and I agree.", "Sure. That is what the data show."
        quote = _quotation_before(self.utt.text, at)
        if quote is not None:
            self.target = self.located.get((self.utt.id, quote))
        return self.target

    def accept(self, cue: Cue, m: re.Match[str]) -> bool:
        """For :func:`_find_cue`: any cue but scorn after a quotation, which only when
        it answers someone."""
        if cue is not _SCORN_AFTER_QUOTE:
            return True
        text = self.texts[self.i]
        return (
            self.answers(m.group(0), self.starts[self.i] + m.start(), text[m.end() :]) is not None
        )


def _rows_frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=TABLE_COLUMNS["relations"])


def find_quotes(thread: Thread, segments: pd.DataFrame) -> list[tuple[str, str, str, str, str]]:
    """``(utterance, quoted utterance, quote, quoting segment, quoted segment)`` tuples.

    A quotation is a sentence on a quoted line (``> …``,
    :data:`~discourse.nlp.QUOTED_LINE`) or a passage in double quotes; it
    counts when :class:`~discourse.segment.QuoteLocator` finds whom it quotes
    (at least :data:`MIN_QUOTE_WORDS` words in an earlier utterance's own
    words) — the same rule that makes a quoted line no position of its writer
    (:func:`~discourse.segment.quoted_segments`), so the edge and the stance
    stage name the same utterance.
    """
    if segments.empty or not any(c in u.text for u in thread.utterances for c in '>"“'):
        return []
    ids = segments["id"].astype(str).tolist()
    utt_ids = segments["utterance_id"].astype(str).tolist()
    texts = segments["text"].astype(str).tolist()
    starts = segments["start"].astype(int).tolist()
    ends = segments["end"].astype(int).tolist()
    locator = QuoteLocator(thread.utterances, zip(utt_ids, texts, starts, ends, strict=True))
    first_of: dict[str, str] = {}
    for uid, sid in zip(utt_ids, ids, strict=True):
        first_of.setdefault(uid, sid)
    found: list[tuple[int, tuple[str, str, str, str, str]]] = []  # (text offset, row)
    for k in locator.quoted:
        source = locator.locate(utt_ids[k], texts[k])
        if source is not None:
            tgt = (
                ids[source.segment]
                if source.segment is not None
                else first_of.get(source.utterance_id, "")
            )
            quote = normalise_space(QUOTE_MARKS.sub(" ", texts[k]))
            found.append((starts[k], (utt_ids[k], source.utterance_id, quote, ids[k], tgt)))
    by_utt: dict[str, pd.DataFrame] | None = None  # grouped when a quotation is first found
    for utt in thread.utterances:
        for m in QUOTATION.finditer(utt.text):
            source = locator.locate(utt.id, m.group(1))
            if source is None:
                continue
            if by_utt is None:
                by_utt = {uid: g for uid, g in segments.groupby("utterance_id", sort=False)}
            tgt = (
                ids[source.segment]
                if source.segment is not None
                else first_of.get(source.utterance_id, "")
            )
            row = (
                utt.id,
                source.utterance_id,
                normalise_space(m.group(1)),
                _segment_at(by_utt.get(utt.id), m.start()),
                tgt,
            )
            found.append((m.start(), row))
    order = {u.id: k for k, u in enumerate(thread.utterances)}
    found.sort(key=lambda f: (order.get(f[1][0], len(order)), f[0]))
    return [row for _, row in found]


def _segment_at(segs: pd.DataFrame | None, offset: int) -> str:
    if segs is None or segs.empty:
        return ""
    hit = segs[(segs["start"] <= offset) & (segs["end"] > offset)]
    if hit.empty:
        hit = segs[segs["start"] >= offset]
    return str(hit.iloc[0]["id"]) if not hit.empty else str(segs.iloc[-1]["id"])


#: How many times the other side's weight one side of an utterance's own claims on a
#: frame must reach to be its speaker's position (:func:`utterance_positions`): two
#: sentences for and one against make a position, one for and one against none.
POSITION_RATIO = 2.0
#: The score the strongest claim of a position needs: the stance model finds the
#: side more likely right than wrong (its scores are close to calibrated on real
#: comments, README "Are the scores probabilities?"). A side argued only by
#: claims the model barely prefers to "none" is no position to agree with.
MIN_POSITION_SCORE = 0.5


@dataclass(frozen=True)
class Position:
    """The side an utterance's speaker takes on one frame, and the claims that take it.

    ``claims`` are the utterance's own claims on that side, in reading order;
    :attr:`strongest` is the one an agreement with the position points at.
    """

    frame: str
    direction: str
    claims: tuple[Claim, ...]

    @property
    def strongest(self) -> Claim:
        """The highest-scoring claim of the side (the earliest of equals)."""
        return max(self.claims, key=lambda c: c.score)

    def answered(self, quoted: Iterable[str] = ()) -> Claim:
        """The claim a reply to this position answers: the strongest of those whose
        sentences it quotes (``quoted``: segment ids), else :attr:`strongest`.

        A reply that quotes "Troops have made nobody safer" answers that claim,
        not the article's higher-scoring one on the same frame.
        """
        wanted = set(quoted)
        named = [c for c in self.claims if wanted.intersection(c.segment_ids)]
        return max(named, key=lambda c: c.score) if named else self.strongest


def utterance_positions(claims: Iterable[Claim]) -> dict[str, dict[str, Position]]:
    """utterance id → frame → :class:`Position`, where its speaker clearly takes a side.

    Only the speaker's own claims count (a position they report is not
    theirs). A side's weight is the sum of its sentences' scores (a claim's
    score times its sentences); it is the utterance's position when it weighs
    at least :data:`POSITION_RATIO` times the other side and its strongest
    claim scores at least :data:`MIN_POSITION_SCORE`. Otherwise the utterance
    is mixed or unclear on the frame and has no position there: the stance
    tagger labels each sentence, and a comment that agrees "that closer
    relationships with the militaries are key" and then gives three reasons
    against takes neither side as a whole, while an article with two weak
    favor sentences and one weak against sentence would otherwise be agreed
    *and* disagreed with by the same reply.
    """
    sides: dict[tuple[str, str], dict[str, list[Claim]]] = {}
    for c in claims:
        if c.own:
            sides.setdefault((c.utterance_id, c.frame), {}).setdefault(c.direction, []).append(c)
    held: dict[str, dict[str, Position]] = {}
    for (utt_id, frame), by_side in sides.items():
        weight = {d: sum(c.score * len(c.segment_ids) for c in cs) for d, cs in by_side.items()}
        side = max(weight, key=lambda d: weight[d])
        other = sum(w for d, w in weight.items() if d != side)
        position = Position(frame, side, tuple(by_side[side]))
        if (
            weight[side] >= POSITION_RATIO * other
            and position.strongest.score >= MIN_POSITION_SCORE
        ):
            held.setdefault(utt_id, {})[frame] = position
    return held


def compute_relations(
    thread: Thread,
    segments: pd.DataFrame,
    stances: pd.DataFrame | None = None,
    claims: Iterable[Claim] | None = None,
) -> pd.DataFrame:
    """The ``relations`` table of one thread (see the module docstring).

    ``claims`` defaults to :func:`~discourse.argmap.claims.extract_claims`
    of ``segments`` and ``stances``; without stances only the reply, cue and
    quote relations are produced.
    """
    rows: list[dict] = []
    tid = thread.id
    ids = {u.id for u in thread.utterances}
    speaker_of = {u.id: u.speaker for u in thread.utterances}
    for utt in thread.utterances:
        if utt.reply_to and utt.reply_to in ids:
            rows.append(_row(tid, utt.id, utt.reply_to, "replies_to"))

    flat = is_flat(thread)
    article = thread.article
    quotes = find_quotes(thread, segments) if not segments.empty else []
    quoted: dict[str, list[str]] = {}
    quoted_comments: dict[str, list[tuple[str, str]]] = {}
    quoted_segments: dict[tuple[str, str], list[str]] = {}  # (quoting, quoted utterance)
    seg_text = dict(zip(segments["id"], segments["text"], strict=True)) if quotes else {}
    # whom each quotation in double quotes quotes, for the scorn right after it
    located: dict[tuple[str, str], str] = {}
    for src, tgt, quote, _, _ in quotes:
        located.setdefault((src, quote), tgt)
    for src, tgt, quote, src_seg, tgt_seg in quotes:
        rows.append(_row(tid, src, tgt, "quotes", quote, f"{src_seg} {tgt_seg}".strip()))
        if _quote_key(quote) in _quote_key(seg_text.get(tgt_seg, "")):
            # the sentence the quote is in; a quote across sentences names the
            # utterance's first, which no one quoted: the position's strongest claim
            quoted_segments.setdefault((src, tgt), []).append(tgt_seg)
        if _same_person(speaker_of[src], speaker_of[tgt]):
            continue  # quoting oneself addresses nobody
        quoted.setdefault(src, []).append(tgt)
        if article is None or tgt != article.id:
            quoted_comments.setdefault(src, []).append((src_seg, tgt))

    addressed: dict[str, list[str]] = {}
    for utt in thread.comments:
        parent = [utt.reply_to] if utt.reply_to in ids else []
        others = [
            u
            for u in parent + quoted.get(utt.id, [])
            if not _same_person(speaker_of[u], utt.speaker)  # nobody (dis)agrees with themselves
        ]
        addressed[utt.id] = list(dict.fromkeys(others))
    if not segments.empty:
        names = SpeakerNames.of(thread)
        # plain column lists: row objects of a DataFrame cost more than the cue search
        columns = [segments[c].tolist() for c in ("id", "utterance_id", "kind", "text")]
        utt_ids, texts = columns[1], columns[3]
        starts = segments["start"].astype(int).tolist()
        for i, (seg_id, utt_id, kind, text) in enumerate(zip(*columns, strict=True)):
            if kind != "comment":
                continue
            # the comment's next sentence may mock a cue: "Great article." "NOT."
            nxt = i + 1 < len(texts) and utt_ids[i + 1] == utt_id
            scorn = _ScornReader(thread.utterance(str(utt_id)), located, texts, utt_ids, starts, i)
            found = _find_cue(str(text), str(texts[i + 1]) if nxt else "", scorn.accept)
            if found is not None:
                cue, words, m = found
                # the words before the cue, or those it opens with: "Sam, nonsense."
                address = m.groupdict().get("address")
                opening = address or str(text)[: m.start()]
                named = names.after(str(text)[m.end() :]) or names.before(opening)
                if m.re is _WITH_RESPECT.pattern and cue.relation == "disagrees":
                    # a later verdict says which way: "With all respect to Tiago, Ben is right."
                    verdict = names.verdict(str(text)[m.end() :])
                    if verdict is not None and verdict[0].relation == "agrees":
                        cue, words, named = verdict
                if address and named is None and not _INTERJECTION_RE.fullmatch(address):
                    continue  # "Legalization: nonsense." names no one of the thread
                if named is None and names.someone_else(str(text)[m.end() :]):
                    # "I agree with the president": not with anyone of the thread
                    log.debug("cue %r in %s is about someone else", words, seg_id)
                    continue
            at = str(seg_id)  # the sentence whose quotation the cue may answer
            scorned = None
            if found is None and i > 0 and utt_ids[i - 1] == utt_id:
                # '"…"' then "Yeah right." as a sentence of its own: the quotation's
                scorned = _scorn_after_quotation(str(text), str(texts[i - 1]))
                if scorned is not None and scorn.answers(str(text), starts[i]) is None:
                    scorned = None  # "Yeah right." after a quotation the thread lacks
            if scorned is not None:
                cue, words, named, at = _SCORN_CUE, scorned, None, str(columns[0][i - 1])
            elif found is None:
                verdict = names.verdict(str(text))
                if verdict is None:
                    continue
                cue, words, named = verdict
            utt = thread.utterance(str(utt_id))
            # scorn answers the utterance quoted, be it the article
            target = (
                scorn.target
                if scorn.target is not None
                else cue_target(thread, utt, cue, at, quoted_comments.get(utt.id, []), flat, named)
            )
            if (
                found is None
                and scorned is None
                and (target is None or speaker_of.get(target) != named)
            ):
                continue  # "Ana is right" counts only as an answer to Ana
            if not target or target not in ids or _same_person(speaker_of[target], utt.speaker):
                log.debug("cue %r in %s addresses no other speaker", words, seg_id)
                continue
            rows.append(_row(tid, utt.id, target, cue.relation, words, str(seg_id)))
            if target not in addressed[utt.id]:
                addressed[utt.id].append(target)

    # the thread's map and report then reuse this extraction (thread_claims)
    claim_list = list(claims) if claims is not None else thread_claims(segments, stances)
    held = utterance_positions(claim_list)
    for src_id, targets in addressed.items():
        for tgt_id in targets:
            for frame, mine in held.get(src_id, {}).items():
                theirs = held.get(tgt_id, {}).get(frame)
                if theirs is None:
                    continue
                same = mine.direction == theirs.direction
                answered = theirs.answered(quoted_segments.get((src_id, tgt_id), ()))
                for claim in mine.claims:
                    rows.append(
                        _row(
                            tid,
                            claim.id,
                            answered.id,
                            "agrees" if same else "disagrees",
                            f"{'same' if same else 'opposite'} stance on {frame}",
                            " ".join((*claim.segment_ids, *answered.segment_ids)),
                        )
                    )
    return _rows_frame(rows)


def _row(
    thread_id: str, source: str, target: str, relation: str, cue: str = "", evidence: str = ""
) -> dict:
    return {
        "thread_id": thread_id,
        "source": source,
        "target": target,
        "relation": relation,
        "cue": cue,
        "evidence": evidence,
    }
