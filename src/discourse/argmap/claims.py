"""Claims: stance-bearing segments merged into argumentative units.

A *claim* is a run of consecutive sentences of one utterance that take the
same position (``favor`` or ``against``) on the same frame, held by the same
holder: "Perez Molina wants to use the military. The former general has said
he intends to use special forces." from sarah_j is her claim and then Perez
Molina's, not one claim of hers with his words as premises. Its first sentence
is the claim itself; the later sentences are its premises — commenters state
a position and then give their reasons, so that is how a reader would split
them. One sentence can open claims in several frames ("we should protect the
border, require drug tests and legalize marijuana").

Claims are computed from the ``segments`` and ``stances`` tables alone (see
:mod:`discourse.stages`), so the relations stage, the thread map and the key
points all agree on what a claim is and on its id,
``<first segment id>#<frame>``.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ..errors import Errors, Warnings
from ..model import position_holder, records

log = logging.getLogger(__name__)

#: Stance labels that make a segment part of a claim.
DIRECTIONS: tuple[str, ...] = ("favor", "against")

#: Issue title and proposition used when the stance package offers no frames.
FALLBACK_FRAMES: dict[str, str] = {
    "demand_reduction": "Reduce the demand for illicit drugs",
    "militarization": "Fight drug trafficking with military force",
    "arms_control": "Restrict the supply of weapons",
    "legalization": "Legalise or decriminalise illicit drugs",
}


@dataclass(frozen=True)
class Issue:
    """A frame seen as the policy proposition that claims support or attack."""

    frame: str
    title: str
    proposition: str

    @property
    def node_id(self) -> str:
        """Node id in the argument map."""
        return f"issue:{self.frame}"


def frame_title(frame: str) -> str:
    """Readable title of a frame name: ``demand_reduction`` → ``Demand reduction``."""
    return frame.replace("_", " ").strip().capitalize()


@lru_cache(maxsize=1)
def _shipped_issues() -> tuple[Issue, ...]:
    try:
        from ..stance.frames import load_frames

        frames = [(f.name, f.proposition) for f in load_frames()]
    except (ImportError, OSError, ValueError):  # stance package absent or broken
        frames = list(FALLBACK_FRAMES.items())
    return tuple(Issue(name, frame_title(name), prop) for name, prop in frames)


#: Propositions of the frames of the stance model in use (frame name → proposition),
#: set by :func:`use_propositions`. A model trained with a frames file of its own
#: carries its frames, propositions included; the package's frames file knows
#: only the shipped four, so without this a fifth frame's issue had only its title.
_model_propositions: dict[str, str] = {}


def use_propositions(propositions: Mapping[str, str]) -> dict[str, str]:
    """Take issue propositions from ``propositions`` (frame → proposition); returns the previous ones.

    ``discourse run``, ``discourse map`` and ``discourse report`` call it with
    the propositions of the frames the configured stance model was trained
    with (:func:`discourse.stance.tagger.frame_propositions`), so that the
    maps and reports give a user's frame its proposition as they give a
    shipped one theirs (and a shipped frame the proposition the model was
    trained with). Replaces what an earlier call set: an empty mapping goes
    back to the package's frames file alone.
    """
    global _model_propositions
    previous = _model_propositions
    _model_propositions = {str(k): str(v) for k, v in propositions.items() if str(v).strip()}
    return previous


def model_proposition(frame: str) -> str | None:
    """The proposition of ``frame`` in the stance model in use (:func:`use_propositions`), if known."""
    return _model_propositions.get(frame)


def issues_for(frames: Iterable[str] = ()) -> list[Issue]:
    """The shipped frames as issues (in frame-file order), plus any extra ``frames``.

    Propositions come from the stance model in use where it carries them
    (:func:`use_propositions`), else from the package's frames file. A frame
    that appears in a stances table but in neither (a user's own frame, its
    model unknown) still gets an issue, with its title as proposition.
    """
    issues = [
        Issue(i.frame, i.title, _model_propositions.get(i.frame, i.proposition))
        for i in _shipped_issues()
    ]
    known = {i.frame for i in issues}
    for frame in frames:
        if frame not in known:
            known.add(frame)
            title = frame_title(frame)
            issues.append(Issue(frame, title, _model_propositions.get(frame, title)))
    return issues


@dataclass(frozen=True)
class Claim:
    """A run of sentences of one utterance with one position on one frame."""

    thread_id: str
    utterance_id: str
    speaker: str
    kind: str
    frame: str
    direction: str
    segment_ids: tuple[str, ...]
    texts: tuple[str, ...]
    score: float = 1.0
    cues: tuple[str, ...] = field(default=())
    #: whose position (:func:`~discourse.model.position_holder`: the speaker's own unless the
    #: sentence reports someone's); ``""`` in a hand-built claim: the speaker's
    holder: str = ""

    @property
    def id(self) -> str:
        """Stable id: ``<first segment id>#<frame>``."""
        return f"{self.segment_ids[0]}#{self.frame}"

    @property
    def own(self) -> bool:
        """Whether the speaker states this position as their own
        (:func:`~discourse.model.position_holder` is the speaker), not an
        actor's they report."""
        return position_holder(self.holder, self.speaker) == self.speaker

    @property
    def text(self) -> str:
        """The claim sentence (the first of the run)."""
        return self.texts[0]

    @property
    def premises(self) -> tuple[str, ...]:
        """The later sentences of the run, read as reasons for the claim."""
        return self.texts[1:]

    @property
    def full_text(self) -> str:
        """Claim and premises as one passage."""
        return " ".join(self.texts)

    @property
    def relation(self) -> str:
        """``supports`` for favor, ``attacks`` for against."""
        return "supports" if self.direction == "favor" else "attacks"


#: The segment columns :func:`extract_claims` needs.
_SEGMENT_COLUMNS = ("id", "thread_id", "utterance_id", "speaker", "kind", "index", "text")
#: The stance columns :func:`extract_claims` reads (the first three are needed;
#: ``score``, ``cue``, ``holder`` are used when present).
_STANCE_COLUMNS = ("segment_id", "frame", "label", "score", "cue", "holder")


def _check_columns(name: str, table: pd.DataFrame, needed: Sequence[str]) -> None:
    """Raise ``ValueError`` [E405] when ``table`` lacks any of the ``needed`` columns."""
    missing = [c for c in needed if c not in table.columns]
    if missing:
        columns = ", ".join(map(str, table.columns)) or "none"
        raise ValueError(
            Errors.E405.format(table=name, missing=", ".join(missing), columns=columns)
        )


def extract_claims(segments: pd.DataFrame, stances: pd.DataFrame | None) -> list[Claim]:
    """Claims of the segments, in reading order (then frame order).

    ``segments`` needs the columns ``id, thread_id, utterance_id, kind,
    speaker, index, text``; ``stances`` the columns ``segment_id, frame,
    label`` (``score``, ``cue``, ``holder`` are used when present). Sentences
    are consecutive when their ``index`` values in the utterance follow each
    other; consecutive sentences with different holders are separate claims
    (:func:`~discourse.model.position_holder`: a blank holder is the speaker's
    own position, as is the speaker's name).

    Works on plain records rather than pandas group-bys: it runs several times
    per thread (relations stage, map, report, corpus map), and on thread-sized
    tables pandas' per-call overhead was most of the cost.

    Raises ``ValueError`` [E405] naming the columns a table lacks (a bare
    ``KeyError: 'speaker'`` did not say which table, nor what else was missing).
    """
    if stances is None or stances.empty or segments.empty:
        return []
    _check_columns("segments", segments, _SEGMENT_COLUMNS)
    _check_columns("stances", stances, _STANCE_COLUMNS[:3])
    cols = list(_SEGMENT_COLUMNS)
    info: dict[object, dict] = {}
    for order, rec in enumerate(records(segments, cols)):
        rec["_order"] = order
        info.setdefault(rec["id"], rec)
    # only the columns a claim reads: converting every stance column to rows cost more
    used = [c for c in _STANCE_COLUMNS if c in stances.columns]
    picked = [
        r for r in records(stances, used) if r["label"] in DIRECTIONS and r["segment_id"] in info
    ]
    if not picked:
        return []
    picked = _one_position_per_frame(picked)
    frames = list(dict.fromkeys(r["frame"] for r in picked))
    frame_order = {i.frame: n for n, i in enumerate(issues_for(frames))}
    for r in picked:
        seg = info[r["segment_id"]]
        r["_order"] = seg["_order"]
        r["_utt"] = seg["utterance_id"]
        r["_speaker"] = str(seg["speaker"])
        r["_index"] = int(seg["index"])
        r["_frame_order"] = frame_order[r["frame"]]
    picked.sort(key=lambda r: (r["_frame_order"], r["_order"]))
    claims: list[tuple[int, int, Claim]] = []
    run: list[dict] = []
    for row in [*picked, None]:
        if run and (
            row is None
            or row["frame"] != run[-1]["frame"]
            or row["_utt"] != run[-1]["_utt"]
            or row["label"] != run[-1]["label"]
            or row["_index"] != run[-1]["_index"] + 1
            or _holder(row) != _holder(run[-1])
        ):
            claims.append(_make_claim(str(run[0]["frame"]), run, info))
            run = []
        if row is not None:
            run.append(row)
    claims.sort(key=lambda c: (c[0], c[1]))
    return [c for _, _, c in claims]


def _holder(row: dict) -> str:
    """Whose position a picked stance ``row`` states (:func:`position_holder`)."""
    return position_holder(row.get("holder"), row["_speaker"])


def _score(row: dict) -> float:
    score = row.get("score")
    return float(score) if score is not None and pd.notna(score) else 1.0


def _one_position_per_frame(rows: list[dict]) -> list[dict]:
    """The highest-scoring of several favor/against rows of one sentence on one frame.

    The stance stage gives each sentence one label per frame, but a table
    put together in a notebook (two models' stances concatenated) can hold
    both: the claim (``<segment>#<frame>``) would then both support and
    attack its proposition. ``[W401]`` says how many sentences were affected.
    """
    best: dict[tuple[object, object], dict] = {}
    for row in rows:
        key = (row["segment_id"], row["frame"])
        if key not in best or _score(row) > _score(best[key]):
            best[key] = row
    if len(best) == len(rows):
        return rows
    kept = {id(r) for r in best.values()}
    clashes = sorted({str(r["segment_id"]) for r in rows if id(r) not in kept})
    log.warning(Warnings.W401.format(count=len(clashes), example=clashes[0]))
    return [r for r in rows if id(r) in kept]


def _make_claim(frame: str, run: list[dict], info: dict[object, dict]) -> tuple[int, int, Claim]:
    first = info[run[0]["segment_id"]]
    scores = [float(r["score"]) for r in run if "score" in r and pd.notna(r["score"])]
    cues = tuple(str(r["cue"]) for r in run if r.get("cue") and pd.notna(r.get("cue")))
    claim = Claim(
        thread_id=str(first["thread_id"]),
        utterance_id=str(first["utterance_id"]),
        speaker=str(first["speaker"]),
        kind=str(first["kind"]),
        frame=frame,
        direction=str(run[0]["label"]),
        segment_ids=tuple(str(r["segment_id"]) for r in run),
        texts=tuple(str(info[r["segment_id"]]["text"]) for r in run),
        score=(sum(scores) / len(scores)) if scores else 1.0,
        cues=cues,
        holder=_holder(run[0]),  # every sentence of the run has it
    )
    return int(run[0]["_order"]), int(run[0]["_frame_order"]), claim


def claims_frame(claims: Iterable[Claim]) -> pd.DataFrame:
    """Claims as a table (one row per claim), for notebooks and reports."""
    rows = [
        {
            "claim_id": c.id,
            "thread_id": c.thread_id,
            "utterance_id": c.utterance_id,
            "speaker": c.speaker,
            "kind": c.kind,
            "frame": c.frame,
            "direction": c.direction,
            "text": c.text,
            "premises": " ".join(c.premises),
            "segment_ids": " ".join(c.segment_ids),
            "score": c.score,
        }
        for c in claims
    ]
    columns = [
        "claim_id",
        "thread_id",
        "utterance_id",
        "speaker",
        "kind",
        "frame",
        "direction",
        "text",
        "premises",
        "segment_ids",
        "score",
    ]
    return pd.DataFrame(rows, columns=columns)


#: A :func:`thread_claims` cache entry is valid while the segment and stance
#: columns :func:`extract_claims` reads (:data:`_SEGMENT_COLUMNS`,
#: :data:`_STANCE_COLUMNS`) hold the same values.
#: Threads whose claims :func:`thread_claims` keeps (a run writes one thread's
#: map and then its report; workers interleave nothing within a process).
_CLAIMS_KEPT = 4
_claims_cache: OrderedDict[Hashable, tuple[Claim, ...]] = OrderedDict()


def _column_key(column: pd.Series) -> tuple[object, ...]:
    """A column's dtype and values; in an object column each value's type too.

    Equal values can print differently (``1`` and ``True``, ``1`` and
    ``1.0``): a claim's ``str()`` of them must not come from the other.
    """
    values = column.tolist()
    types = tuple(map(type, values)) if column.dtype == object else ()
    return (str(column.dtype), tuple(values), types)


def _claims_key(segments: pd.DataFrame, stances: pd.DataFrame) -> Hashable:
    """Everything :func:`extract_claims` reads from the tables, as one hashable value."""
    seg_cols = [c for c in _SEGMENT_COLUMNS if c in segments.columns]
    st_cols = [c for c in _STANCE_COLUMNS if c in stances.columns]
    return (
        tuple(seg_cols),
        tuple(st_cols),
        *(_column_key(segments[c]) for c in seg_cols),
        *(_column_key(stances[c]) for c in st_cols),
    )


def thread_claims(segments: pd.DataFrame, stances: pd.DataFrame | None) -> list[Claim]:
    """:func:`extract_claims` of one thread's tables, computed once for its map and report.

    ``discourse run`` draws a thread's map (:func:`~.graph.build_thread_map`)
    and then its report's key points (:func:`key_point_rows`) from the same
    tables, each of which extracted the claims again. Entries are keyed on
    the values of every column ``extract_claims`` reads, not on the frames'
    identity, so a table changed in place (or a new one that reuses a freed
    frame's id) is a miss, never a stale hit; building the key costs less
    than half an extraction. A missing value (NaN) only ever matches
    itself, so at worst a table with one is extracted again.
    """
    if segments.empty or stances is None or stances.empty:
        return extract_claims(segments, stances)
    try:
        key = _claims_key(segments, stances)
        hash(key)
    except TypeError:  # an unhashable cell (a list in an object column): no caching
        return extract_claims(segments, stances)
    found = _claims_cache.get(key)
    if found is None:
        found = tuple(extract_claims(segments, stances))
        _claims_cache[key] = found
        if len(_claims_cache) > _CLAIMS_KEPT:
            _claims_cache.popitem(last=False)
    else:
        _claims_cache.move_to_end(key)
    return list(found)
