"""The tables behind a stance report, computed from stance-bearing claims.

Everything a report shows is one of these DataFrames, built the same way for
one thread and for the whole corpus, and written as CSV beside the report so
an analyst can check or re-plot any figure:

``distribution``
    per frame: favor/against counts in the article(s) and in the comments.
``positions``
    holder × frame: how often each stance holder argued for and against each
    frame — a speaker for the positions they take themselves, an actor whose
    position a speaker reports for that one, pooled by name across speakers
    and threads; a group no one names ("critics", "the government") once per
    thread and speaker who cites it (:func:`positions`, :func:`is_named`).
``key_points``
    per frame and direction, every key point — a group of similar claims —
    with its representative claim, prevalence, speakers and holders (from
    :func:`discourse.argmap.key_points`); a page shows a selection
    (:func:`pick_key_points`) and says how many it leaves out.
``entities``
    entity × frame co-occurrence: how often a linked entity is mentioned in a
    sentence that takes a stance on a frame, split by direction.
``timeline``
    per period (day or month) and frame: favor/against counts, for posts
    with dates.

Words, the same on every page: a *position* is one sentence's stance (favor
or against) on one frame — a sentence can take positions on several frames;
a *claim* is what the argument map and the key points count, a run of
consecutive sentences of one post taking the same position on the same
frame (:mod:`discourse.argmap.claims`).

The input ``claims`` frame has one row per position (stance-bearing segment × frame):
``segment_id, thread_id, frame, label, score, utterance_id, kind, speaker,
holder, text, date``. ``speaker`` wrote the sentence; ``holder`` holds the
position it states: the speaker, or the actor whose position the sentence
reports ("Vicente Fox has called for legalizing all drugs", written by the
article's author) — the stances' ``holder``, the speaker where it is missing
or empty. ``date`` is the utterance timestamp as text; an article
without one takes the thread's publication date, which is the article's,
while a comment without one has none — the thread's date would put it on a
day it was not written, and the timeline counts it among the undated.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..model import is_missing, position_holder

if TYPE_CHECKING:
    from ..argmap.claims import Claim

log = logging.getLogger(__name__)

DIRECTIONS: tuple[str, ...] = ("favor", "against")
CLAIM_COLUMNS = [
    "segment_id",
    "thread_id",
    "frame",
    "label",
    "score",
    "utterance_id",
    "kind",
    "speaker",
    "holder",
    "text",
    "date",
]

#: Where :func:`claims_from_tables` takes the claim columns from (``date``: the
#: utterances; ``holder``: the stances, else the speaker — :func:`holders`).
_FROM_STANCES = ("segment_id", "thread_id", "frame", "label", "score")
_FROM_SEGMENTS = ("utterance_id", "kind", "speaker", "text")

#: Columns of the stance-distribution table (one row per frame).
DISTRIBUTION_COLUMNS: list[str] = [
    "frame",
    "title",
    "article_favor",
    "article_against",
    "comments_favor",
    "comments_against",
    "total",
]


@dataclass(frozen=True)
class FrameInfo:
    """What a report says about a frame: its id, a short title and the proposition."""

    name: str
    title: str
    proposition: str


@lru_cache(maxsize=1)
def frame_infos() -> tuple[FrameInfo, ...]:
    """The shipped frames in their canonical order (frames are data: see frames.json)."""
    from ..stance.frames import load_frames

    return tuple(
        FrameInfo(f.name, f.name.replace("_", " ").capitalize(), f.proposition)
        for f in load_frames()
    )


def frames_for(claims: pd.DataFrame, stances: pd.DataFrame | None = None) -> list[FrameInfo]:
    """The frames a report shows: known frames first (file order), then any other.

    Propositions are those of the stance model in use where it carries them
    (:func:`discourse.argmap.claims.use_propositions`), else the frames file's.

    With a ``stances`` table (one row per segment and frame the model tags,
    ``none`` included) only the frames it holds are shown: a model trained
    without a shipped frame leaves no column of zeros that would read as
    "nobody argued this" (``[W232]`` at load says which frames are missing).
    Without stances (no stance stage, an empty thread) every known frame is.
    """
    from ..argmap.claims import frame_title, model_proposition

    tagged: set[str] = set()
    if stances is not None and not stances.empty:
        tagged = set(stances["frame"].tolist())
    known = frame_infos()
    # propositions from the stance model in use where it carries them: a
    # user's fifth frame gets its heading's proposition as a shipped one does
    infos = [
        FrameInfo(f.name, f.title, model_proposition(f.name) or f.proposition)
        for f in known
        if not tagged or f.name in tagged
    ]
    found = tagged | (set(claims["frame"].tolist()) if not claims.empty else set())
    for name in sorted(found - {f.name for f in known}):
        infos.append(FrameInfo(name, frame_title(name), model_proposition(name) or ""))
    return infos


def claims_from_tables(
    utterances: pd.DataFrame,
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    published: str | None = None,
) -> pd.DataFrame:
    """Stance-bearing segment × frame rows of one thread, joined with who said it and when.

    The joins are positional lookups on the unique segment and utterance ids
    (what ``merge`` computes, in the stances' row order, for a fraction of its
    cost on thread-sized tables); duplicate or unknown ids take ``merge``.
    The frame is built once from the looked-up column arrays: filtering and
    then assigning column by column cost several times the lookups.
    """
    stances = one_position_per_frame(stances)
    seg_ids, utt_ids = pd.Index(segments["id"]), pd.Index(utterances["id"])
    if not (seg_ids.is_unique and utt_ids.is_unique):
        return _claims_by_merge(utterances, segments, _bearing(stances), published)
    rows = np.flatnonzero(stances["label"].isin(DIRECTIONS).to_numpy())
    at = seg_ids.get_indexer(stances["segment_id"].array.take(rows))
    rows, at = rows[at >= 0], at[at >= 0]
    said = utt_ids.get_indexer(segments["utterance_id"].array.take(at))
    if (said < 0).any():
        return _claims_by_merge(utterances, segments, _bearing(stances), published)
    columns = {c: stances[c].array.take(rows) for c in _FROM_STANCES}
    columns.update({c: segments[c].array.take(at) for c in _FROM_SEGMENTS})
    held = stances["holder"].array.take(rows) if "holder" in stances.columns else None
    columns["holder"] = holders(held, columns["speaker"])
    date = pd.Series(utterances["timestamp"].array.take(said))
    columns["date"] = _dated(date, pd.Series(columns["kind"]), published).array
    return pd.DataFrame(columns, columns=CLAIM_COLUMNS)


def holders(holder: Sequence[object] | None, speaker: Sequence[object]) -> np.ndarray:
    """Who holds each position (:func:`~discourse.model.position_holder` of each pair).

    ``None``: a stances table without a ``holder`` column (an older store, a
    notebook): every position is its speaker's. Both claim joins
    (:func:`claims_from_tables`, :func:`_claims_by_merge`) go through here
    and the corpus query through :data:`~discourse.model.HOLDER_SQL`, so
    all three give the same values.
    """
    said = list(speaker)
    if holder is None:
        return np.array(said, dtype=object)
    return np.array(
        [position_holder(h, s) for h, s in zip(list(holder), said, strict=True)], dtype=object
    )


def _dated(date: pd.Series, kind: pd.Series, published: str | None) -> pd.Series:
    """``date`` with the thread's ``published`` date for the article's sentences that have none.

    Only the article's: the thread's publication date is when the article
    appeared, not when a comment was written (weeks later, maybe), so an
    undated comment stays undated and the page counts it so.
    """
    return date.where(date.notna() | (kind != "article").to_numpy(), published)


def one_position_per_frame(stances: pd.DataFrame) -> pd.DataFrame:
    """``stances`` with one favor/against row per sentence and frame: the highest-scoring.

    What the argument map keeps (:mod:`discourse.argmap.claims`, which logs
    ``[W401]``): a stances table put together in a notebook (two models'
    rows concatenated) can hold both positions for one sentence, and the
    report would count the sentence on both sides. A missing score counts
    as 1; on a tie the first row wins. Other rows are kept as they are.
    """
    labels, segs, frames = (stances[c].tolist() for c in ("label", "segment_id", "frame"))
    pairs = [
        (s, f) for s, f, label in zip(segs, frames, labels, strict=True) if label in DIRECTIONS
    ]
    if len(set(pairs)) == len(pairs):  # the usual case, checked without pandas (per thread)
        return stances
    bearing = stances["label"].isin(DIRECTIONS).to_numpy()
    at = np.flatnonzero(bearing)
    keys = stances[["segment_id", "frame"]].iloc[at].reset_index(drop=True)
    if "score" in stances.columns:
        score = pd.to_numeric(stances["score"].iloc[at], errors="coerce")
        scores = score.fillna(1.0).reset_index(drop=True)
    else:
        scores = pd.Series(1.0, index=keys.index)
    # the first row of each sentence and frame with its highest score
    best = scores.groupby([keys["segment_id"], keys["frame"]], sort=False, dropna=False).idxmax()
    keep = ~bearing
    keep[at[best.to_numpy()]] = True
    return stances[keep]


def _bearing(stances: pd.DataFrame) -> pd.DataFrame:
    """The favor/against rows of ``stances``, renumbered."""
    return stances[stances["label"].isin(DIRECTIONS)].reset_index(drop=True)


def _claims_by_merge(
    utterances: pd.DataFrame, segments: pd.DataFrame, st: pd.DataFrame, published: str | None
) -> pd.DataFrame:
    """:func:`claims_from_tables` with pandas joins (``st``: the favor/against stances).

    The general path, for ids that are not unique keys.
    """
    seg = segments[["id", "utterance_id", "kind", "speaker", "text"]].rename(
        columns={"id": "segment_id"}
    )
    dates = utterances[["id", "timestamp"]].rename(
        columns={"id": "utterance_id", "timestamp": "date"}
    )
    merged = st.merge(seg, on="segment_id", how="inner").merge(dates, on="utterance_id", how="left")
    merged["date"] = _dated(merged["date"], merged["kind"], published)
    held = merged["holder"].tolist() if "holder" in merged.columns else None
    merged["holder"] = holders(held, merged["speaker"].tolist())
    return merged.reindex(columns=CLAIM_COLUMNS).reset_index(drop=True)


def distribution(claims: pd.DataFrame, frames: list[FrameInfo]) -> pd.DataFrame:
    """Favor/against counts per frame, article vs comments."""
    # plain counting over the columns: a report is built per thread, and a
    # pandas filter per frame and cell cost more than the rest of the table
    of_frame, of_kind, of_label = (claims[c].tolist() for c in ("frame", "kind", "label"))
    cells = Counter(zip(of_frame, of_kind, of_label, strict=True))
    totals = Counter(of_frame)
    rows = []
    for f in frames:
        row: dict[str, object] = {"frame": f.name, "title": f.title}
        for kind, col in (("article", "article"), ("comment", "comments")):
            for d in DIRECTIONS:
                row[f"{col}_{d}"] = cells[(f.name, kind, d)]
        row["total"] = totals[f.name]
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=DISTRIBUTION_COLUMNS,
    )


#: Rows a page's "Who stands where" shows (the most active holders); ``positions.csv`` has all.
POSITIONS_SHOWN = 40

#: The ``role`` of a holder who is no speaker of the page: their positions are all reported.
REPORTED = "reported"
#: The ``role`` of a holder a speaker cites without naming it — a group ("critics", "many
#: experts", "the government") or one office-holder ("the health minister", "a senator
#: from Ohio"): one row per thread and citing speaker, never pooled (:func:`is_named`).
UNNAMED = "unnamed"

#: Entity labels whose mentions name a holder (:func:`holder_names`).
_NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
#: Capitalised words that name no one: the speaker's "I" inside a group ("most people I know").
_NOT_NAMES = frozenset({"I", "I'm", "I've", "I'd", "I'll", "I’m", "I’ve", "I’d", "I’ll"})


#: First words of a holder that count people rather than name them ("many Mexicans",
#: "most Americans", "half of Mexicans", "a DEA agent", "three senators"): a group,
#: whatever capitals follow — one writer's "many Mexicans" are not another's.
_QUANTIFIERS = frozenset(
    """
    many most some few all several half both numerous countless various other others
    more majority minority a an another one two three four five six seven eight nine ten
    dozens hundreds thousands millions
    """.split()
)
#: Words after a holder's head noun ("officials in Mexico City", "members of
#: Congress", "officials who spoke …"): the head is the word before the first.
_AFTER_HEAD = frozenset({"of", "in", "from", "at", "on", "for", "with", "who", "that", "which"})
#: Nouns for people the tagger does not list (:func:`_generic_nouns`) whose plural heads
#: a group as its own do ("Mexican journalists", "US troops"), and plurals without -s.
_PEOPLE_NOUNS = frozenset(
    """
    journalist reporter troop user addict grower dealer trafficker student immigrant
    migrant youth people men women children
    """.split()
)


@lru_cache(maxsize=1)
def _generic_nouns() -> frozenset[str]:
    """The stance tagger's nouns for roles, organisations and groups ("critic",
    "government", "senator") and :data:`_PEOPLE_NOUNS` ("journalist", "people"):
    a holder whose only capital is such a noun's, starting the sentence ("Critics
    say …" the parser took for a name), names no one."""
    from ..stance.tagger import GROUP_NOUNS, ORGANISATION_NOUNS, ROLE_NOUNS

    return frozenset(ROLE_NOUNS | ORGANISATION_NOUNS | GROUP_NOUNS | _PEOPLE_NOUNS)


def _singulars(word: str) -> tuple[str, ...]:
    """``word`` lower-cased and the singulars it may be the plural of ("critics" → "critic")."""
    low = word.lower()
    forms = [low]
    if low.endswith("ies"):
        forms.append(low[:-3] + "y")
    if low.endswith("es"):
        forms.append(low[:-2])
    if low.endswith("s"):
        forms.append(low[:-1])
    return tuple(forms)


def holder_names(mentions: pd.DataFrame | None) -> frozenset[str]:
    """The names (:func:`~discourse.entities.gazetteer.name_key` of each mention's text and
    canonical form) of the PERSON, ORG, GPE and NORP mentions of ``mentions``: the
    entities a holder written in lower case ("calderon said …") may name."""
    if mentions is None or mentions.empty:
        return frozenset()
    from ..entities.gazetteer import name_key

    names: set[str] = set()
    for label, text, canonical in zip(
        *(mentions[c].tolist() for c in ("label", "text", "canonical")), strict=True
    ):
        if label not in _NAME_LABELS:
            continue
        for name in (text, canonical):
            if not is_missing(name) and str(name).strip():
                names.add(name_key(str(name)))
    names.discard("")
    return frozenset(names)


def is_named(
    holder: str, names: frozenset[str] | set[str] = frozenset(), initial: bool = True
) -> bool:
    """Whether ``holder`` names someone, so that positions under that name pool across
    speakers and threads, or is a group no one names, which does not.

    The stance tagger writes a group or a description in lower case ("critics",
    "human rights groups", "the government", "many experts" — a common noun
    starting the sentence lower-cased) and keeps the capitals of a name
    ("Felipe Calderon", "the DEA", "Human Rights Watch", "the mayor of Ciudad
    Juarez"). A holder counting people ("many Mexicans", "most Americans",
    "half of Mexicans", "a DEA agent") is a group, whatever its capitals, as is
    a people named by its plural demonym alone ("Mexicans", "the Colombians"); so is
    one headed by a lower-case plural noun for people or bodies whose capitals
    are a demonym's or a modifier's ("Mexican officials", "DEA agents", "US
    lawmakers"), unless the whole phrase is one of ``names``: those are
    different people in each writer's sentence, as "critics" are. "The Mexican
    government", a singular institution, is named. Otherwise a holder with a
    capitalised word names someone, and so does one whose
    :func:`~discourse.entities.gazetteer.name_key` is among ``names`` (:func:`holder_names`: the page's PERSON/ORG/GPE/NORP entities,
    "calderon" written in lower case, "Congress" the stage found as "US
    Congress"). The entity names are checked first: "Congress", "King" or
    "Pope" is also one of the tagger's nouns for groups and roles, and an
    entity of the page under that name is someone. Only a capital that is
    the holder's first word and one of those nouns, where the holder opens
    its sentence (``initial``: every sentence crediting it starts with it;
    the default, when that is not known), is taken for a group: "Critics
    say …" the parser took for a name. A lower-case role or organisation
    noun as the head ("the army", "police") is a group whatever the entities
    stage linked it to: "the army" of one thread is not another thread's.
    "critics" of Kim's article and "critics" of Joe's comment are different
    people; "Felipe Calderon" is one wherever he is quoted.
    """
    words = holder.split()
    if not words or _counted(words) or _demonym_group(words) or _role_description(words):
        return False
    from ..entities.gazetteer import name_key

    capitalised = [
        i
        for i, w in enumerate(words)
        if w not in _NOT_NAMES and any(c.isupper() for c in w) and (i or w != "The")
    ]  # a sentence's "The government …" names no one
    generic = _generic_nouns()
    if not capitalised:
        if any(f in generic for f in _singulars(words[-1])):
            return False
        return name_key(holder) in names
    if name_key(holder) in names:
        return True
    if _plural_group(words):
        return False
    if capitalised == [0] and initial:
        return not any(f in generic for f in _singulars(words[0]))
    return True


@lru_cache(maxsize=1)
def _demonyms() -> tuple[frozenset[str], frozenset[str]]:
    """The shipped gazetteer's demonyms as
    :func:`~discourse.entities.gazetteer.name_key` keys them: those for people in
    the plural ("mexicans", "latin americans") and all of them ("dutch" too)."""
    from ..entities.gazetteer import load_gazetteer, name_key

    every = [d for e in load_gazetteer().entities.values() for d in e.demonyms]
    return (
        frozenset(name_key(d) for d in every if d.endswith("s")),
        frozenset(name_key(d) for d in every),
    )


def _demonym_group(words: Sequence[str]) -> bool:
    """Whether a holder of ``words`` is a people by its plural demonym alone
    ("Mexicans", "Latin Americans", "the Colombians", "the Dutch"): one writer's
    "Mexicans say …" and another's are not one actor, as "many Mexicans" are not
    ("Mexico", a country, is one)."""
    from ..entities.gazetteer import name_key

    plural, every = _demonyms()
    if words[0].lower() == "the":
        return name_key(" ".join(words[1:])) in every  # "the Dutch", "the Colombians"
    return name_key(" ".join(words)) in plural


#: Words a description of one office-holder may hold besides its role nouns.
_ROLE_MODIFIERS = frozenset("former new current outgoing incoming acting vice deputy".split())


def _role_description(words: Sequence[str]) -> bool:
    """Whether a holder of ``words`` describes an office-holder by the office alone,
    capitalised or not ("the President", "our Governor", "the Attorney General"):
    one thread's President is Calderon and another's Obama, so the description
    names no one across threads, as "the president" does not."""
    from ..stance.tagger import ROLE_DETERMINERS, ROLE_NOUNS

    if len(words) < 2 or words[0].lower() not in ROLE_DETERMINERS:
        return False
    rest = [w.lower() for w in words[1:]]
    return rest[-1] in ROLE_NOUNS and all(w in ROLE_NOUNS or w in _ROLE_MODIFIERS for w in rest)


def _counted(words: Sequence[str]) -> bool:
    """Whether a holder of ``words`` opens with a quantifier (:data:`_QUANTIFIERS`,
    after a "the": "the majority of Mexicans") or a number: people counted, not named.
    A phrase of capitalised words only is a name even after "A" or "One" ("A New
    PATH", the parents' group); "A DEA agent" is counted."""
    first = words[1] if words[0].lower() == "the" and len(words) > 1 else words[0]
    if first in {"A", "An", "One"} and len(words) > 1 and all(w[:1].isupper() for w in words):
        return False  # a name that opens with an article: "A New PATH", "One Nation"
    return first.lower() in _QUANTIFIERS or first[:1].isdigit()


def _plural_group(words: Sequence[str]) -> bool:
    """Whether a holder of ``words`` is headed by a lower-case plural noun for people
    or bodies ("Mexican officials", "DEA agents", "US lawmakers", "officials of the
    DEA"): its capitals are a demonym's or a modifier's, the head a group. The head
    is the word before the first of :data:`_AFTER_HEAD` (else the last); a
    singular head ("the Mexican government", "the mayor of Ciudad Juarez") or a
    capitalised one ("Human Rights Watch") is no such group."""
    end = next((i for i, w in enumerate(words) if i and w.lower() in _AFTER_HEAD), len(words))
    head = words[end - 1]
    if any(c.isupper() for c in head):
        return False
    singulars = _singulars(head)[1:]  # the forms it may be the plural of
    return head in _PEOPLE_NOUNS or any(f in _generic_nouns() for f in singulars)


def _opens(holder: str, text: object) -> bool:
    """Whether the sentence ``text`` starts with ``holder``'s first word, as written
    (after opening quotes and dashes): where a common noun may carry a capital
    that names no one. An unknown sentence (missing) counts as opening with it."""
    if is_missing(text):
        return True
    first = holder.split()[0] if holder.split() else ""
    start = str(text).lstrip(_OPENING)
    return start.startswith(first) and not start[len(first) : len(first) + 1].isalnum()


#: What may come before a sentence's first word: spaces, quotes, dashes, brackets.
_OPENING = " \t\n\"'“‘«„‚(-–—*_"


def named_holders(
    claims: pd.DataFrame, speakers: dict[str, str], names: frozenset[str] = frozenset()
) -> dict[str, bool]:
    """:func:`is_named` of every holder of ``claims`` who is no speaker of the page
    (``speakers``; a speaker is named), with ``names`` and whether each sentence
    crediting the holder opens with it (the claims' ``text``): "Congress" written
    mid-sentence anywhere on the page is a name even where it opens one."""
    texts = claims["text"].tolist() if "text" in claims else [None] * len(claims)
    initial: dict[str, bool] = {}
    for holder, text in zip(claims["holder"].tolist(), texts, strict=True):
        if is_missing(holder) or str(holder) in speakers:
            continue
        name = str(holder)
        initial[name] = initial.get(name, True) and _opens(name, text)
    return {name: is_named(name, names, only) for name, only in initial.items()}


def speaker_roles(speakers: Sequence[object], kinds: Sequence[object]) -> dict[str, str]:
    """``author`` or ``commenter`` per speaker, from the kinds of what they wrote.

    ``speakers``/``kinds``: one entry per utterance (or sentence); a speaker who
    wrote an article is its author, whatever else they wrote. Missing names are
    left out.
    """
    roles: dict[str, str] = {}
    for speaker, kind in zip(speakers, kinds, strict=True):
        if is_missing(speaker):
            continue
        name = str(speaker)
        if kind == "article" or roles.get(name) == "author":
            roles[name] = "author"
        else:
            roles[name] = "commenter"
    return roles


def positions(
    claims: pd.DataFrame,
    frames: list[FrameInfo],
    speakers: dict[str, str] | None = None,
    names: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """Holder × frame: ``<frame>_favor`` and ``<frame>_against`` counts, one row per holder.

    A position is credited to whoever holds it (the claims' ``holder``), not
    to the speaker who wrote the sentence: an article reporting that Vicente
    Fox called for legalizing all drugs gives Fox a legalization position, not
    its author. ``role`` is the holder's role among the page's ``speakers``
    (name → ``author``/``commenter``, every speaker of the thread or corpus;
    default: those of the claims, :func:`speaker_roles`), or
    :data:`REPORTED` for a holder who is no speaker there. ``reported_by``
    names the speakers who reported any of the holder's positions ("; "-joined,
    in reading order; empty when they took them all themselves), so a reader
    can tell a commenter's own words from what others say they think.
    ``positions`` is a holder's total: their sentences' stances summed over
    the frames (a sentence arguing two frames counts twice).

    A speaker or a named actor (:func:`is_named`; ``names``: the page's entity
    names, :func:`holder_names`) is one row wherever they hold a position: one
    Felipe Calderon in every thread that quotes him. A group no one names
    ("critics", "many experts", "the government") is not one actor: Kim's
    article's critics and Joe's comment's critics are different people, and
    pooled they made one "mixed" actor of them. Such a holder has a row per
    thread and speaker who cites it, with role :data:`UNNAMED`,
    ``reported_by`` that speaker and ``thread_id`` that thread (empty for
    every other row: they pool across threads).

    Order: the article author(s) first, then every other named holder —
    commenters and reported actors alike — by activity (most positions first,
    then by name): the table answers "who argues where", and an actor the
    article quotes at length belongs among the most active, not after the
    last commenter; the unnamed holders last, out of that ranking. Every
    holder with a position: this is ``positions.csv``, "the table behind the
    page"; the page shows the first :data:`POSITIONS_SHOWN` named holders,
    says how many more the CSV has, and sums up the unnamed holders in a line.
    """
    cols = (
        ["holder", "role", "reported_by", "positions"]
        + [f"{f.name}_{d}" for f in frames for d in DIRECTIONS]
        + ["thread_id"]
    )
    if claims.empty:
        return pd.DataFrame(columns=cols)
    if speakers is None:
        speakers = speaker_roles(claims["speaker"].tolist(), claims["kind"].tolist())
    named = named_holders(claims, speakers, names)
    counts: Counter[tuple[tuple[str, str, str], str, str]] = Counter()
    reporters: dict[tuple[str, str, str], dict[str, None]] = {}
    groups: set[tuple[str, str, str]] = set()
    for holder, speaker, thread, frame, label in zip(
        *(claims[c].tolist() for c in ("holder", "speaker", "thread_id", "frame", "label")),
        strict=True,
    ):
        if is_missing(holder):  # as a pandas group-by: no group for a missing key
            continue
        name = str(holder)
        own = not is_missing(speaker) and speaker == holder
        if own or name in speakers or named.get(name, True):
            key = (name, "", "")
        else:  # an unnamed holder: the citing speaker's, in that thread
            key = (name, _text_of(thread), _text_of(speaker))
            groups.add(key)
        counts[(key, frame, label)] += 1
        said_by = reporters.setdefault(key, {})
        if not own and not is_missing(speaker):
            said_by[str(speaker)] = None
    rows = []
    for key, said_by in reporters.items():
        holder, thread, _ = key
        row: dict[str, Any] = {
            "holder": holder,
            "role": UNNAMED if key in groups else speakers.get(holder, REPORTED),
            "reported_by": "; ".join(said_by),
        }
        for f in frames:
            for d in DIRECTIONS:
                row[f"{f.name}_{d}"] = counts[(key, f.name, d)]
        row["positions"] = sum(int(v) for k, v in row.items() if k.endswith(DIRECTIONS))
        row["thread_id"] = thread
        rows.append(row)
    # the article author(s) first, then by activity, the unnamed holders last
    # (sorted before the frame is built: a DataFrame sort and slice cost more
    # than counting the claims)
    rows.sort(
        key=lambda r: (
            r["role"] != "author",
            r["role"] == UNNAMED,
            -r["positions"],
            r["holder"],
            r["thread_id"],
            r["reported_by"],
        )
    )
    return pd.DataFrame(rows, columns=cols)


def _text_of(value: object) -> str:
    """``value`` as text, ``""`` for a missing one."""
    return "" if is_missing(value) else str(value)


@dataclass(frozen=True)
class UnnamedGroups:
    """What a page says of the unnamed holders of its :func:`positions` table (role
    :data:`UNNAMED`): how many rows and positions, and the rows themselves as
    "critics (cited by Kim) 2" — "in <thread>" added on a page of several threads."""

    groups: int
    positions: int
    shown: tuple[str, ...]


#: Unnamed groups a page lists by name; the others are counted.
UNNAMED_SHOWN = 10


def unnamed_line(groups: UnnamedGroups, ranked: bool = True) -> str:
    """The page's sentence on its unnamed holders (``""`` when it has none): how many
    positions, which groups (the first :data:`UNNAMED_SHOWN`), and why they are
    not ranked — one writer's "critics" are not another's. ``ranked``: whether the
    page shows a ranking of named holders above it (else it names none)."""
    if not groups.groups:
        return ""
    listed = list(groups.shown[:UNNAMED_SHOWN])
    rest = len(groups.shown) - len(listed)
    if rest:
        listed.append(f"{rest} more")
    one = groups.positions == 1
    return (
        f"Unnamed holders: {groups.positions} position{'' if one else 's'} "
        f"{'is' if one else 'are'} credited to people and groups the speakers cite without "
        f"naming them — {_names(listed)}. Each counts apart, per citing speaker and thread, "
        f"not as one actor{' of the ranking above' if ranked else ''}: one writer’s "
        "“critics” are not another’s."
    )


def unnamed_groups(
    table: pd.DataFrame, thread_titles: dict[str, str] | None = None
) -> UnnamedGroups:
    """The unnamed-group rows of a :func:`positions` table, for the page's line under
    "Who stands where". ``thread_titles``: thread id → title, on the corpus page
    (each group is named with its thread there; a thread page has one thread)."""
    rows = table[table["role"] == UNNAMED] if len(table) else table
    shown = []
    for holder, by, thread, n in zip(
        *(rows[c].tolist() for c in ("holder", "reported_by", "thread_id", "positions")),
        strict=True,
    ):
        where = ""
        if thread_titles is not None:
            where = f" in {thread_titles.get(str(thread), str(thread))}"
        cited = f"cited by {by}{where}" if by else where.strip()
        shown.append(f"{holder} ({cited}) {int(n)}" if cited else f"{holder} {int(n)}")
    return UnnamedGroups(len(rows), int(rows["positions"].sum()) if len(rows) else 0, tuple(shown))


def thread_frames(
    threads: pd.DataFrame, claims: pd.DataFrame, frames: list[FrameInfo]
) -> pd.DataFrame:
    """``threads`` (an ``id`` column) with ``<frame>_favor`` and ``<frame>_against``
    counts: each thread's positions per frame and side, from ``claims`` (a
    position per row, with ``thread_id``, ``frame`` and ``label``).

    The corpus page's thread list counted a thread's positions but did not say
    which way they lean; these columns, shown as "Who stands where" shows a
    holder's (+favor / −against, coloured by :func:`position_of`), do, and a
    thread's cells add up to its ``positions``.
    """
    counts: Counter[tuple[str, str, str]] = Counter(
        zip(*(claims[c].tolist() for c in ("thread_id", "frame", "label")), strict=True)
    )
    ids = threads["id"].tolist()
    columns = {
        f"{f.name}_{d}": [counts[(tid, f.name, d)] for tid in ids]
        for f in frames
        for d in DIRECTIONS
    }
    return threads.assign(**columns)


def position_of(favor: int, against: int) -> str:
    """A speaker's position on a frame from their counts: favor, against, mixed or none."""
    if favor and against:
        if favor >= 2 * against:
            return "favor"
        if against >= 2 * favor:
            return "against"
        return "mixed"
    if favor:
        return "favor"
    if against:
        return "against"
    return "none"


def key_points(
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
) -> pd.DataFrame:
    """Every key point per frame and direction, via :func:`discourse.argmap.key_points`.

    All of them: this is the table written as ``key_points.csv`` and the one
    the argument map's footnote sends readers to; the pages show a selection
    (:func:`pick_key_points`). Frames A–Z, favor before against, most
    prevalent first; ``speakers`` (who wrote the point's claims) and
    ``holders`` (whose positions they are: the speakers and the actors they
    report) are ``"; "``-joined strings.
    ``clusters`` (from :func:`discourse.argmap.cluster_claims`) reuses a
    clustering already done, as the corpus report does with the corpus map's.
    The rows come from :func:`discourse.argmap.keypoints.key_point_rows`
    (the map's key-point table without its DataFrame) and are sorted in
    plain Python: this runs for every thread.
    """
    from ..argmap.keypoints import KEY_POINT_COLUMNS, key_point_rows

    # the map's key-point columns without its ids, which no report shows
    cols = [c for c in KEY_POINT_COLUMNS if c not in ("claim_ids", "key_point_id")]
    if stances.empty or not stances["label"].isin(DIRECTIONS).any():
        return pd.DataFrame(columns=cols)
    rows = [
        {c: row[c] for c in cols} for row in key_point_rows(segments, stances, clusters=clusters)
    ]
    if not rows:
        return pd.DataFrame(columns=cols)
    # frame A–Z, favor before against, most prevalent first (a stable sort, as
    # pandas' multi-column sort)
    rows.sort(key=lambda r: r["prevalence"], reverse=True)
    rows.sort(key=lambda r: r["direction"], reverse=True)
    rows.sort(key=lambda r: r["frame"])
    return pd.DataFrame(rows, columns=cols)


@dataclass(frozen=True)
class LeftOut:
    """What a page leaves out of one frame and direction's key points."""

    points: int  # key points not shown
    holders: int  # holders none of the shown points names


#: Key points a page shows per frame and direction: the most prevalent ones …
KEY_POINTS_SHOWN = 3
#: … plus one for each speaker not yet among them, up to this many in all.
KEY_POINTS_MOST = 10


def pick_key_points(
    rows: list[dict[str, object]], shown: int = KEY_POINTS_SHOWN, most: int = KEY_POINTS_MOST
) -> tuple[list[dict[str, object]], dict[tuple[object, object], LeftOut]]:
    """The key points a page shows, and what it leaves out per ``(frame, direction)``.

    ``rows`` are :func:`key_points` rows in table order. Of each frame and
    direction the page shows the ``shown`` most prevalent points and then,
    while fewer than ``most`` are shown, the most prevalent point of every
    holder none of the shown points names — holders on more of that side's
    points first. Prevalence alone would hide a holder's whole side behind
    another's: with every point made once (a thread), the first few in
    reading order would be all the page shows, while "Who stands where"
    counts that holder's positions. Holders, not speakers, as "Who stands
    where" counts them: an actor the article reports gets a point of their
    own, and the article's author is not taken to be covered by a point
    stating someone else's position. A thread's handful of holders all get
    a point; a corpus side with more holders than ``most`` keeps its most
    active ones. What is left out is counted (points, and holders left
    without a point), so the page can say so; the CSV table has every
    point. Shown points keep the table order.
    """
    groups: dict[tuple[object, object], list[dict[str, object]]] = {}
    for row in rows:
        groups.setdefault((row["frame"], row["direction"]), []).append(row)
    picked: list[dict[str, object]] = []
    left_out: dict[tuple[object, object], LeftOut] = {}
    for key, group in groups.items():
        names = [listed_names(row["holders"]) for row in group]
        keep = set(range(min(shown, len(group))))
        covered = {name for i in keep for name in names[i]}
        on_points: Counter = Counter(name for row_names in names for name in row_names)
        for name in sorted(on_points, key=lambda n: -on_points[n]):  # stable: first seen first
            if len(keep) >= most:
                break
            if name in covered:
                continue
            first = next(i for i, row_names in enumerate(names) if name in row_names)
            keep.add(first)
            covered.update(names[first])
        picked.extend(group[i] for i in sorted(keep))
        if len(group) > len(keep):
            left_out[key] = LeftOut(len(group) - len(keep), len(set(on_points) - covered))
    return picked, left_out


def listed_names(value: object) -> list[str]:
    """The names of a key-point row's ``speakers`` or ``holders`` (a ``"; "``-joined string)."""
    return [] if is_missing(value) else [n for n in str(value).split("; ") if n]


#: Id prefix of a mention naming a speaker of the thread
#: (:func:`~discourse.model.speaker_node`), left out of :func:`entity_frames`.
SPEAKER_PREFIX = "speaker:"
#: Entities a page's "Entities and frames" shows (the most named); ``entities.csv`` has all.
ENTITIES_SHOWN = 15


def entity_frames(
    mentions: pd.DataFrame, claims: pd.DataFrame, frames: list[FrameInfo]
) -> pd.DataFrame:
    """Entity × frame co-occurrence in stance-bearing sentences (``<frame>_favor``/``_against``).

    Every entity named in such a sentence — not a speaker of the thread
    named in it (an id of :data:`SPEAKER_PREFIX`: "I agree with Ernesto"),
    who is who argues, not what about — most sentences first and ties in
    the alphabetical order of the name shown (case aside): the order of
    entity ids put an entity outside the gazetteer (``x:egypt``) after every
    known one. This is ``entities.csv``; the page shows the first
    :data:`ENTITIES_SHOWN` and says how many more the CSV has.
    """
    cols = ["entity", "entity_id", "sentences"] + [
        f"{f.name}_{d}" for f in frames for d in DIRECTIONS
    ]
    if mentions.empty or claims.empty:
        return pd.DataFrame(columns=cols)
    # plain Python over the columns instead of a merge and three group-bys:
    # the same numbers at a fraction of the cost on thread-sized tables
    stances_of: dict[object, list[tuple[object, object]]] = {}
    for seg, frame, label in zip(
        *(claims[c].tolist() for c in ("segment_id", "frame", "label")), strict=True
    ):
        stances_of.setdefault(seg, []).append((frame, label))
    seen: set[tuple[object, object]] = set()
    names: dict[object, Counter] = {}
    sentences: dict[str, set[object]] = {}
    counts: Counter = Counter()
    for seg, eid, canonical, text in zip(
        *(mentions[c].tolist() for c in ("segment_id", "entity_id", "canonical", "text")),
        strict=True,
    ):
        entity = text if is_missing(canonical) or canonical == "" else canonical
        eid = entity if is_missing(eid) else eid
        if str(eid).startswith(SPEAKER_PREFIX):
            continue  # a commenter named ("I agree with Ernesto") is who speaks, not the topic
        if (seg, eid) in seen or seg not in stances_of:
            continue
        seen.add((seg, eid))
        for frame, label in stances_of[seg]:
            names.setdefault(eid, Counter())[entity] += 1
            sentences.setdefault(eid, set()).add(seg)
            counts[(eid, frame, label)] += 1
    if not sentences:
        return pd.DataFrame(columns=cols)
    shown = {eid: str(names[eid].most_common(1)[0][0]) for eid in sentences}
    # most sentences first; ties by the name shown, then by id (two entities
    # of one name keep a fixed order)
    ranked = sorted(
        sentences, key=lambda e: (-len(sentences[e]), shown[e].casefold(), shown[e], str(e))
    )
    rows = []
    for eid in ranked:
        row: dict[str, object] = {
            "entity": shown[eid],
            "entity_id": eid,
            "sentences": len(sentences[eid]),
        }
        for f in frames:
            for d in DIRECTIONS:
                row[f"{f.name}_{d}"] = counts[(eid, f.name, d)]
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


_AT = re.compile(r"\s+at\s+", re.IGNORECASE)
#: A year in a date text. Text without one ("now", "12:30", "Nov 3") is not read:
#: pandas would silently put it on today's date or in the current year.
_YEAR = re.compile(r"(?<!\d)(1[89]|2[01])\d\d(?!\d)")


#: The date shapes :func:`parse_date` reads without pandas. ISO 8601 as the
#: sources write it (a day, or a day and a time to the minute, second or
#: microsecond, with ``Z``, an ``±hh:mm`` offset or no zone) ...
_ISO_DATE = re.compile(
    r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d:\d\d)?)?",
    re.ASCII,
)
#: ... and a page dump's "November 18, 2011 at 3:04 pm" or "Nov 18, 2011"
#: (English month names, as dateutil reads them; "at" optional).
_WORDY_DATE = re.compile(
    r"([a-z]+) (\d\d?), (\d{4})(?:(?: at)? (\d\d?):(\d\d) ?([ap]m))?",
    re.IGNORECASE | re.ASCII,
)
_MONTHS = {
    name: number
    for number, full in enumerate(
        (
            "january", "february", "march", "april", "may", "june", "july",
            "august", "september", "october", "november", "december",
        ),
        1,
    )
    for name in (full, full[:3])
}  # fmt: skip


@lru_cache(maxsize=16384)
def parse_date(text: str) -> pd.Timestamp:
    """One free-form date text as a UTC timestamp, NaT if unreadable.

    Exactly ``pd.to_datetime(text, errors="coerce", format="mixed",
    utc=True)`` (a date with a zone or offset converted to UTC, one without
    taken as UTC), NaT where pandas raises. That call costs 0.3–0.8 ms per
    text, most of a thread's timeline and AIF timestamps, so the
    shapes the sources use (:data:`_ISO_DATE`, :data:`_WORDY_DATE`) are read
    with :mod:`datetime` — to the same instant, as
    ``tests/report/test_dates.py`` checks against pandas over generated texts
    — and only the others go to pandas. Cached: a corpus's claims and maps
    meet the same few utterance dates again and again.

    A numeric date whose day and month could be either way round
    ("05/03/2026") is read as pandas reads it, month first (3 May 2026);
    reading the file warns ``[W015]``. One with a number over 12 can be
    read one way only: "25/03/2026" and "03/25/2026" are both 25 March.
    """
    when = _fast_date(text)
    if when is not None:
        return when
    try:
        return pd.to_datetime(text, errors="coerce", format="mixed", utc=True)
    except (ValueError, TypeError, OverflowError, NotImplementedError):
        return pd.NaT


def _fast_date(text: str) -> pd.Timestamp | None:
    """:func:`parse_date` of an ISO or "Month d, yyyy [at h:mm pm]" text; ``None``: ask pandas.

    ``None`` too for an impossible day or time ("2011-02-30", "13:04 pm") and
    a year outside 1000–9999: pandas decides what those are.
    """
    when: datetime | None = None
    if _ISO_DATE.fullmatch(text):
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return None
    elif m := _WORDY_DATE.fullmatch(text):
        name, day, year, hour, minute, half = m.groups()
        month = _MONTHS.get(name.lower())
        if month is None:
            return None
        h = 0
        if hour is not None:
            h = int(hour)
            if not 1 <= h <= 12:
                return None
            h = h % 12 + (12 if half.lower() == "pm" else 0)
        try:
            when = datetime(int(year), month, int(day), h, int(minute or 0))
        except ValueError:
            return None
    if when is None or when.year < 1000:
        return None
    if when.tzinfo is None:
        return pd.Timestamp(when.replace(tzinfo=UTC))
    return pd.Timestamp(when.astimezone(UTC))


def _distinct_dates(values: pd.Series) -> tuple[list[int], pd.Series]:
    """Each value's code into its distinct date texts, and those texts parsed (NaT if unreadable).

    Parsing free-form text is the costly part and a thread's claims share
    the few dates of its utterances, so each distinct text is parsed once
    (:func:`parse_date`, cached across threads); the texts are prepared in
    plain Python (pandas' per-call cost was most of a thread's timeline).

    Dates come as the sources wrote them — a day without a zone for an
    article, ``…Z`` or ``+01:00`` for its comments — so they are all read
    as UTC: a date with a zone or offset is converted to UTC, and a date
    without one is *taken as* UTC (the sources do not say which zone they
    mean, and UTC keeps a day-only date on its own day). Without this
    pandas refuses the mix ("Mixed timezones detected") and no report gets
    written. A text that is no date at all is NaT and stays out of the
    timeline rather than failing the report, and so is a text without a year
    ("now", "12:30"), which pandas would date today. The result is naive UTC, so
    that periods can be taken from it without dropping a zone.
    """
    texts = ["" if is_missing(v) else _AT.sub(" ", str(v).strip()) for v in values.tolist()]
    number: dict[str, int] = {}
    codes = [number.setdefault(t, len(number)) for t in texts]
    readable = [t if t and _YEAR.search(t) else None for t in number]
    stamps = [pd.NaT if t is None else parse_date(t) for t in readable]
    units = {ts.unit for ts in stamps if ts is not pd.NaT}
    if units <= {"us"}:  # the unit pandas reads such texts in (seconds: all NaT)
        parsed = pd.Series(stamps, dtype=f"datetime64[{'us' if units else 's'}, UTC]")
    else:
        # a text with nanoseconds: pandas reads the batch in nanoseconds (and
        # coerces what lies beyond 2262 to NaT), so it reads that batch
        distinct = pd.Series(readable, dtype=object)
        try:
            parsed = pd.to_datetime(distinct, errors="coerce", format="mixed", utc=True)
        except (ValueError, TypeError, OverflowError, NotImplementedError):
            # a text pandas cannot even coerce fails the whole batch: each
            # read alone, so one odd date costs only itself
            parsed = pd.Series(stamps, dtype="datetime64[us, UTC]")
    return codes, parsed.dt.tz_convert(None)


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse the free-form dates of page dumps ("November 18, 2011 at 3:04 pm", ISO…).

    Naive UTC timestamps (see :func:`_distinct_dates`: dates with a zone
    are converted to UTC, dates without one taken as UTC), NaT where a value
    is missing or no date.
    """
    codes, parsed = _distinct_dates(values)
    return pd.Series(parsed.array.take(codes), index=values.index, name=values.name)


#: A clock time in a date text ("10:00", "3:04 pm", "T23:30:00"): the page shows it.
_CLOCK = re.compile(r"\d:\d\d")


#: An ISO 8601 time with an offset, extended ("-08:00") or basic ("-0800", "-08").
_ISO_OFFSET_TIME = re.compile(
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(?::\d\d(?:\.\d{1,6})?)?(?:Z|[+-]\d\d(?::?\d\d)?)",
    re.ASCII,
)


def wall_clock(text: str) -> datetime | None:
    """The time an ISO 8601 ``text`` with an offset other than UTC's names, on its
    own clock ("2026-02-20T18:20:00-08:00", or "-0800" → 18:20 on 20 February,
    at −08:00); ``None`` for any other text.

    The timeline and the order of posts compare instants, in UTC; a reader of a
    page wants the day and hour the source showed, which for a comment posted
    in a Vancouver evening is the 20th, not UTC's 21st.
    """
    text = text.strip()
    if not _ISO_OFFSET_TIME.fullmatch(text):
        return None
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return None
    offset = when.utcoffset()
    return when if offset is not None and offset.total_seconds() != 0 else None


def _zone_name(when: datetime) -> str:
    """``UTC−08:00`` for a time at that offset (a real minus sign, as in print)."""
    offset = when.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "\u2212"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


def display_day(value: object) -> str | None:
    """The day a date text names, as ``2026-02-20``: on the source's own clock
    when it gives an offset (:func:`wall_clock`), else as :func:`parse_date`
    reads it; ``None`` when it is missing or no date."""
    if is_missing(value) or not str(value).strip():
        return None
    local = wall_clock(str(value))
    if local is not None:
        return f"{local:%Y-%m-%d}"
    when = parse_dates(pd.Series([value], dtype=object)).iloc[0]
    return None if pd.isna(when) else f"{when:%Y-%m-%d}"


def display_days(values: pd.Series) -> pd.Series:
    """:func:`display_day` for a column of a table, which shows days only:
    ``2024-01-15`` for "2024-01-15T08:00:00-05:00" (the source's own day) as for
    "January 15, 2024". One row with a time and an offset among day-only rows
    read as a different kind of value; a single post's time keeps its hour
    (:func:`display_dates`). A missing value stays missing (``None``); a text
    that is no date is shown as written, as :func:`display_dates` shows it.
    """
    shown = [
        None if is_missing(value) or not str(value).strip() else display_day(value) or str(value)
        for value in values.tolist()
    ]
    return pd.Series(shown, index=values.index, name=values.name, dtype=object)


def display_dates(values: pd.Series) -> pd.Series:
    """Dates in the one form the pages show: ``2026-10-05``, or ``2026-10-05 10:00 UTC``.

    Sources write dates every which way ("October 5, 2026", "2026-10-12",
    "2026-10-14T10:00:00Z"); side by side in a column they are hard to
    compare. Each is read as :func:`parse_dates` reads it (converted to
    UTC, or taken as UTC without a zone — as the timeline and the page's own
    time are), and shown with its time only if its text had one, so a
    day-only date does not gain a midnight; an ISO time with an offset other
    than UTC's is shown on its own clock with the offset
    (``2026-02-20 18:20 UTC−08:00``, :func:`wall_clock`): the reader sees the
    day the source showed. A missing value stays missing
    (``None``); a text that is no date is shown as written, since the page
    cannot say better. Only the pages use this: the CSV tables and the store
    keep the sources' texts.
    """
    codes, parsed = _distinct_dates(values)
    raw = values.tolist()
    first: dict[int, object] = {}
    for code, value in zip(codes, raw, strict=True):
        first.setdefault(code, value)
    shown: list[str | None] = []
    for code, when in enumerate(parsed.tolist()):
        value = first[code]
        local = wall_clock(str(value)) if not is_missing(value) else None
        if is_missing(value) or str(value).strip() == "":
            shown.append(None)
        elif pd.isna(when):
            shown.append(str(value))
        elif local is not None:
            shown.append(f"{local:%Y-%m-%d %H:%M} {_zone_name(local)}")
        elif _CLOCK.search(str(value)):
            shown.append(f"{when:%Y-%m-%d %H:%M} UTC")
        else:
            shown.append(f"{when:%Y-%m-%d}")
    return pd.Series([shown[c] for c in codes], index=values.index, name=values.name, dtype=object)


def timeline(claims: pd.DataFrame, frames: list[FrameInfo]) -> pd.DataFrame:
    """Favor/against counts per period and frame; days for short spans, else months."""
    cols = ["period", "frame", "favor", "against"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    codes, parsed = _distinct_dates(claims["date"])
    # the few distinct dates in plain Python: pandas' NaT filter, min, max and
    # period conversion cost more than counting the claims
    when = parsed.tolist()
    dates = [w for w in when if w is not pd.NaT]
    if not dates:
        return pd.DataFrame(columns=cols)
    # the distinct dates span what the claims' dates span; a period is
    # written as pandas writes a daily or monthly ``Period``
    days = max(dates) - min(dates) <= pd.Timedelta(days=62)
    fmt = "%Y-%m-%d" if days else "%Y-%m"
    period_of = ["" if w is pd.NaT else w.strftime(fmt) for w in when]  # "": no date
    counts = Counter(
        (period_of[code], frame, label)
        for code, frame, label in zip(
            codes, claims["frame"].tolist(), claims["label"].tolist(), strict=True
        )
        if period_of[code]
    )
    rows = []
    for period in sorted({period for period, _, _ in counts}):
        for f in frames:
            rows.append(
                {
                    "period": period,
                    "frame": f.name,
                    "favor": counts[(period, f.name, "favor")],
                    "against": counts[(period, f.name, "against")],
                }
            )
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------------
# what a page says up top: key findings, the span of its dates, undated positions

#: Fewer positions than this in all: the findings say the shares are indications.
FEW_POSITIONS = 10
#: The article and the comments "differ" on a frame when their shares for it are
#: this far apart, each side having at least :data:`MIN_SIDE` positions on it.
SHARE_GAP = 0.25
MIN_SIDE = 2


def _names(titles: list[str]) -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    return titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]


def _share(favor: int, against: int) -> str:
    return f"{round(100 * favor / (favor + against))}% for ({favor} of {favor + against})"


@dataclass(frozen=True)
class Reported:
    """Positions whose sentences report someone else's: a speaker's words, another's position."""

    positions: int  # reported positions
    in_articles: int  # of those, in an article
    holders: tuple[tuple[str, int], ...]  # (named holder, their reported positions), most first
    unnamed: int = 0  # of ``positions``, those of groups no one names (:func:`is_named`)


#: Holders a findings sentence names; the others are counted.
REPORTED_NAMED = 3


def reported(
    claims: pd.DataFrame,
    speakers: dict[str, str] | None = None,
    names: frozenset[str] = frozenset(),
) -> Reported:
    """How many of ``claims``' positions are held by someone other than their speaker, and whose.

    Named holders (a speaker of the page, ``speakers``, or :func:`is_named`
    with ``names``) by name, as "Who stands where" pools them; the positions
    of groups no one names ("critics") are counted apart, in ``unnamed``:
    "critics 3" would name one actor the table does not have.
    """
    if claims.empty:
        return Reported(0, 0, ())
    if speakers is None:
        speakers = speaker_roles(claims["speaker"].tolist(), claims["kind"].tolist())
    count: Counter[str] = Counter()
    named = named_holders(claims, speakers, names)
    unnamed = 0
    in_articles = 0
    for holder, speaker, kind in zip(
        *(claims[c].tolist() for c in ("holder", "speaker", "kind")), strict=True
    ):
        if is_missing(holder) or is_missing(speaker) or holder == speaker:
            continue
        name = str(holder)
        if named.get(name, True):  # a speaker of the page is named
            count[name] += 1
        else:
            unnamed += 1
        in_articles += kind == "article"
    holders = sorted(count.items(), key=lambda item: (-item[1], item[0]))
    return Reported(sum(count.values()) + unnamed, in_articles, tuple(holders), unnamed)


def findings(dist: pd.DataFrame, threads: int = 1, others: Reported | None = None) -> list[str]:
    """Two to five sentences on what the debate concluded, each computed from ``dist``.

    ``dist`` is a :func:`distribution` table; ``threads``: how many threads
    it pools, whose articles are then "the articles" (a corpus page's "the
    article" would be read as one article). The sentences: the most argued
    frame with its counts; the frames where against outnumbers favor (or that
    none does), and those where the sides are even; the frame where the article's and the comments' shares for it
    differ most (when some frame's differ by :data:`SHARE_GAP` with
    :data:`MIN_SIDE` positions on each side); with ``others`` (the
    page's :func:`reported` positions), how many positions report someone
    else's and whose — the article's and the comments' counts are of where a
    position was written, so "the article is 100% for" may be the positions
    of the politicians it quotes, and the reader is told so and sent to "Who
    stands where", which credits them to their holders (the named by name, the
    holders no one names counted together: "unnamed holders 3", and said to be
    counted apart, per citing speaker and thread); and, with fewer than
    :data:`FEW_POSITIONS` positions, that the numbers are thin. Nothing else
    is said: no frame is named that the table does not count.
    """
    rows = []
    for title, af, aa, cf, ca in zip(
        *(
            dist[c].tolist()
            for c in (
                "title",
                "article_favor",
                "article_against",
                "comments_favor",
                "comments_against",
            )
        ),
        strict=True,
    ):
        rows.append((str(title), int(af), int(aa), int(cf), int(ca)))
    total = sum(af + aa + cf + ca for _, af, aa, cf, ca in rows)
    if not total:
        return ["No sentence takes a position on any frame, so there is nothing to sum up yet."]
    said: list[str] = []
    sizes = {title: af + aa + cf + ca for title, af, aa, cf, ca in rows}
    most = max(sizes.values())
    top = [title for title, n in sizes.items() if n == most]
    favor = {title: af + cf for title, af, _, cf, _ in rows}
    against = {title: aa + ca for title, _, aa, _, ca in rows}
    if len(top) == 1:
        (name,) = top
        said.append(
            f"{name} is the most argued frame: {most} of {total} positions "
            f"({favor[name]} for, {against[name]} against)."
        )
    else:
        said.append(f"{_names(top)} are the most argued frames, {most} of {total} positions each.")
    argued = [t for t in sizes if sizes[t]]
    contested = [title for title in sizes if against[title] > favor[title]]
    even = [t for t in argued if favor[t] == against[t]]
    # where the sides are even is said: "no frame has more against" alone
    # would leave a reader to guess that favor leads somewhere
    even_named = _names([f"{t} ({favor[t]} each)" for t in even]) if even else ""
    if contested:
        named = _names([f"{t} ({against[t]} to {favor[t]})" for t in contested])
        only = "only " if len(contested) < len(argued) else ""
        also = f"; the sides are even on {even_named}" if even else ""
        said.append(f"Against outnumbers favor {only}on {named}{also}.")
    elif not even:
        said.append("Favor outnumbers against on every argued frame.")
    elif len(even) == len(argued):
        said.append(f"Favor and against are even on {even_named}.")
    else:
        said.append(
            f"Favor outnumbers against on every argued frame but {even_named}, "
            "where the sides are even."
        )
    gaps = [
        (abs(af / (af + aa) - cf / (cf + ca)), title, af, aa, cf, ca)
        for title, af, aa, cf, ca in rows
        if af + aa >= MIN_SIDE and cf + ca >= MIN_SIDE
    ]
    if gaps:
        gap, title, af, aa, cf, ca = max(gaps, key=lambda g: g[0])  # first of equals
        if gap >= SHARE_GAP:
            said.append(
                f"Articles and comments differ most on {title}: the articles are "
                f"{_share(af, aa)}, the comments {_share(cf, ca)}."
                if threads > 1
                else f"Article and comments differ most on {title}: the article is "
                f"{_share(af, aa)}, the comments {_share(cf, ca)}."
            )
    elif not any(af + aa for _, af, aa, _, _ in rows):
        said.append(
            "Every position comes from the comments: the articles take none."
            if threads > 1
            else "Every position comes from the comments: the article takes none."
        )
    if others is not None and others.positions:
        whose = [f"{name} {n}" for name, n in others.holders[:REPORTED_NAMED]]
        rest = len(others.holders) - len(whose)
        if rest:
            whose.append(f"{rest} other{'s' if rest != 1 else ''}")
        if others.unnamed:  # not one actor: "critics 3" would pool different people's critics
            whose.append(f"unnamed holders {others.unnamed}")
        where = ""
        if others.in_articles:
            article = "the articles" if threads > 1 else "the article"
            where = f", {others.in_articles} of them in {article}"
        one = others.positions == 1
        if not others.holders:  # only groups no one names: no holder of the ranking has them
            credits = (
                "counts it apart, per citing speaker and thread"
                if one
                else "counts them apart, per group, citing speaker and thread"
            )
        elif others.unnamed:
            credits = (
                "credits them to those holders, the unnamed holders’ apart, per citing "
                "speaker and thread"
            )
        else:
            credits = "credits it to its holder" if one else "credits them to those holders"
        said.append(
            f"{others.positions} of {total} positions {'reports' if one else 'report'} what "
            f"others hold ({_names(whose)}){where}: “Who stands where” {credits}."
        )
    if total < FEW_POSITIONS:
        said.append(
            f"Only {total} position{'s' if total != 1 else ''} in all: read these as indications."
        )
    return said


def date_span(values: pd.Series) -> str | None:
    """The span of date texts, "Posts dated 2011-11-18 to 2012-03-02"; ``None`` if none reads."""
    when = parse_dates(values).dropna()
    if when.empty:
        return None
    first, last = f"{when.min():%Y-%m-%d}", f"{when.max():%Y-%m-%d}"
    return f"Posts dated {first}" if first == last else f"Posts dated {first} to {last}"


@dataclass(frozen=True)
class Undated:
    """Positions a timeline leaves out: they carry no date it can read."""

    positions: int  # positions without a date
    total: int  # all positions
    threads: int  # threads those undated positions come from


def undated(claims: pd.DataFrame) -> Undated:
    """How many of ``claims``' positions (and of which threads) have no readable date."""
    if claims.empty:
        return Undated(0, 0, 0)
    missing = parse_dates(claims["date"]).isna().to_numpy()
    threads = {t for t, gone in zip(claims["thread_id"].tolist(), missing, strict=True) if gone}
    return Undated(int(missing.sum()), len(claims), len(threads))
