"""The tables behind a stance report, computed from stance-bearing claims.

Everything a report shows is one of these DataFrames, built the same way for
one thread and for the whole corpus, and written as CSV beside the report so
an analyst can check or re-plot any figure:

``distribution``
    per frame: favor/against counts in the article(s) and in the comments.
``positions``
    speaker × frame: how often each speaker argued for and against each frame.
``key_points``
    per frame and direction, the representative claims (from
    :func:`discourse.argmap.key_points`), their prevalence and speakers.
``entities``
    entity × frame co-occurrence: how often a linked entity is mentioned in a
    sentence that takes a stance on a frame, split by direction.
``timeline``
    per period (day or month) and frame: favor/against counts, for posts
    with dates.

The input ``claims`` frame has one row per stance-bearing segment × frame:
``segment_id, thread_id, frame, label, score, utterance_id, kind, speaker,
text, date`` (``date`` is the utterance timestamp, else the thread's
publication date, as text).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

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
    "text",
    "date",
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


def frames_for(claims: pd.DataFrame) -> list[FrameInfo]:
    """Known frames first (file order), then any other frame found in ``claims``."""
    infos = list(frame_infos())
    known = {f.name for f in infos}
    for name in sorted(set(claims["frame"]) - known) if not claims.empty else []:
        infos.append(FrameInfo(name, name.replace("_", " ").capitalize(), ""))
    return infos


def claims_from_tables(
    utterances: pd.DataFrame,
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    published: str | None = None,
) -> pd.DataFrame:
    """Stance-bearing segment × frame rows of one thread, joined with who said it and when."""
    st = stances[stances["label"].isin(DIRECTIONS)]
    seg = segments[["id", "utterance_id", "kind", "speaker", "text"]].rename(
        columns={"id": "segment_id"}
    )
    dates = utterances[["id", "timestamp"]].rename(
        columns={"id": "utterance_id", "timestamp": "date"}
    )
    merged = st.merge(seg, on="segment_id", how="inner").merge(dates, on="utterance_id", how="left")
    merged["date"] = merged["date"].where(merged["date"].notna(), published)
    return merged.reindex(columns=CLAIM_COLUMNS).reset_index(drop=True)


def distribution(claims: pd.DataFrame, frames: list[FrameInfo]) -> pd.DataFrame:
    """Favor/against counts per frame, article vs comments."""
    rows = []
    for f in frames:
        sub = claims[claims["frame"] == f.name]
        row: dict[str, object] = {"frame": f.name, "title": f.title}
        for kind, col in (("article", "article"), ("comment", "comments")):
            for d in DIRECTIONS:
                row[f"{col}_{d}"] = int(((sub["kind"] == kind) & (sub["label"] == d)).sum())
        row["total"] = len(sub)
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[
            "frame",
            "title",
            "article_favor",
            "article_against",
            "comments_favor",
            "comments_against",
            "total",
        ],
    )


def positions(claims: pd.DataFrame, frames: list[FrameInfo], limit: int = 40) -> pd.DataFrame:
    """Speaker × frame: ``<frame>_favor`` and ``<frame>_against`` counts, most active speakers first."""
    cols = ["speaker", "role", "claims"] + [f"{f.name}_{d}" for f in frames for d in DIRECTIONS]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    counts = claims.groupby(["speaker", "frame", "label"]).size()
    roles = claims.groupby("speaker")["kind"].agg(
        lambda k: "author" if (k == "article").any() else "commenter"
    )
    rows = []
    for speaker, role in roles.items():
        row: dict[str, object] = {"speaker": speaker, "role": role}
        for f in frames:
            for d in DIRECTIONS:
                row[f"{f.name}_{d}"] = int(counts.get((speaker, f.name, d), 0))
        row["claims"] = sum(int(v) for k, v in row.items() if k.endswith(DIRECTIONS))
        rows.append(row)
    out = pd.DataFrame(rows, columns=cols)
    # the article author(s) first, then by activity
    out = out.sort_values(
        ["role", "claims", "speaker"], ascending=[True, False, True], kind="stable"
    )
    return out.head(limit).reset_index(drop=True)


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
    segments: pd.DataFrame, stances: pd.DataFrame, per_direction: int = 3
) -> pd.DataFrame:
    """Key points per frame and direction, via :func:`discourse.argmap.key_points`.

    Keeps the ``per_direction`` most prevalent points of each frame/direction
    and normalises ``speakers`` to a ``"; "``-joined string.
    """
    from ..argmap import key_points as argmap_key_points

    cols = ["frame", "direction", "key_point", "prevalence", "speakers", "segment_ids", "threads"]
    if stances.empty or not stances["label"].isin(DIRECTIONS).any():
        return pd.DataFrame(columns=cols)
    kp = argmap_key_points(segments, stances)
    if kp.empty:
        return pd.DataFrame(columns=cols)
    kp = kp.reindex(columns=cols).copy()
    for col in ("speakers", "segment_ids", "threads"):
        kp[col] = kp[col].map(_join)
    kp = kp.sort_values(["frame", "direction", "prevalence"], ascending=[True, False, False])
    kp = kp.groupby(["frame", "direction"], sort=False).head(per_direction)
    return kp.reset_index(drop=True)


def _join(value: object) -> str:
    if isinstance(value, list | tuple | set):
        return "; ".join(str(v) for v in value)
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def entity_frames(
    mentions: pd.DataFrame, claims: pd.DataFrame, frames: list[FrameInfo], limit: int = 15
) -> pd.DataFrame:
    """Entity × frame co-occurrence in stance-bearing sentences (``<frame>_favor``/``_against``)."""
    cols = ["entity", "entity_id", "sentences"] + [
        f"{f.name}_{d}" for f in frames for d in DIRECTIONS
    ]
    if mentions.empty or claims.empty:
        return pd.DataFrame(columns=cols)
    ents = mentions.copy()
    ents["entity"] = ents["canonical"].where(
        ents["canonical"].notna() & (ents["canonical"] != ""), ents["text"]
    )
    ents["entity_id"] = ents["entity_id"].where(ents["entity_id"].notna(), ents["entity"])
    ents = ents.drop_duplicates(["segment_id", "entity_id"])
    joined = ents[["segment_id", "entity_id", "entity"]].merge(
        claims[["segment_id", "frame", "label"]], on="segment_id"
    )
    if joined.empty:
        return pd.DataFrame(columns=cols)
    names = joined.groupby("entity_id")["entity"].agg(lambda s: s.value_counts().index[0])
    sentences = joined.groupby("entity_id")["segment_id"].nunique()
    counts = joined.groupby(["entity_id", "frame", "label"]).size()
    rows = []
    for eid, n in sentences.sort_values(ascending=False, kind="stable").head(limit).items():
        row: dict[str, object] = {"entity": names[eid], "entity_id": eid, "sentences": int(n)}
        for f in frames:
            for d in DIRECTIONS:
                row[f"{f.name}_{d}"] = int(counts.get((eid, f.name, d), 0))
        rows.append(row)
    return pd.DataFrame(rows, columns=cols)


_AT = re.compile(r"\s+at\s+", re.IGNORECASE)


def parse_dates(values: pd.Series) -> pd.Series:
    """Parse the free-form dates of page dumps ("November 18, 2011 at 3:04 pm", ISO…)."""
    text = values.fillna("").astype(str).map(lambda s: _AT.sub(" ", s.strip()))
    return pd.to_datetime(text.where(text != "", None), errors="coerce", format="mixed")


def timeline(claims: pd.DataFrame, frames: list[FrameInfo]) -> pd.DataFrame:
    """Favor/against counts per period and frame; days for short spans, else months."""
    cols = ["period", "frame", "favor", "against"]
    if claims.empty:
        return pd.DataFrame(columns=cols)
    dated = claims.assign(when=parse_dates(claims["date"])).dropna(subset=["when"])
    if dated.empty:
        return pd.DataFrame(columns=cols)
    span = dated["when"].max() - dated["when"].min()
    freq = "D" if span <= pd.Timedelta(days=62) else "M"
    dated["period"] = dated["when"].dt.to_period(freq).astype(str)
    counts = dated.groupby(["period", "frame", "label"]).size()
    rows = []
    for period in sorted(dated["period"].unique()):
        for f in frames:
            rows.append(
                {
                    "period": period,
                    "frame": f.name,
                    "favor": int(counts.get((period, f.name, "favor"), 0)),
                    "against": int(counts.get((period, f.name, "against"), 0)),
                }
            )
    return pd.DataFrame(rows, columns=cols)
