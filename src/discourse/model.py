"""The conversation model: threads, utterances and segments.

After ConvoKit: a thread is an article plus the comments on it; each is an
:class:`Utterance` with ``id``, ``speaker``, ``reply_to``, ``timestamp`` and
``text``. Segmentation turns utterances into :class:`Segment` rows (sentences)
with character offsets into the utterance text, so every tag produced later
can be traced back to the words it was made from.

All three are frozen dataclasses: they are values, safe to share between
processes and to hash. Ids are readable and stable — the same input always
gives the same ids — e.g. ``guatemala-post``, ``guatemala-post/aaron-b`` and
``guatemala-post/aaron-b/s03``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import numpy as np
import pandas as pd

from .errors import Errors

UtteranceKind = Literal["article", "comment"]
UTTERANCE_KINDS: tuple[str, ...] = ("article", "comment")


def slugify(text: str, fallback: str = "anonymous") -> str:
    """Lower-case ASCII slug for ids: ``"Aaron B"`` → ``"aaron-b"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug or fallback


@dataclass(frozen=True)
class Utterance:
    """One article or comment.

    ``text`` holds paragraphs separated by a blank line (``"\\n\\n"``);
    ``reply_to`` is the id of the utterance answered (comments on the article
    itself reply to the article), ``None`` for the article.
    """

    id: str
    thread_id: str
    kind: UtteranceKind
    speaker: str
    text: str
    reply_to: str | None = None
    timestamp: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        """``(start, end)`` offsets of the non-blank paragraphs of ``text``."""
        spans = []
        for m in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", self.text):
            start, end = m.start(), m.end()
            chunk = self.text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            trail = len(chunk) - len(chunk.rstrip())
            if end - trail > start + lead:
                spans.append((start + lead, end - trail))
        return spans


@dataclass(frozen=True)
class Thread:
    """An article and its comments, in reading order (the article first)."""

    id: str
    utterances: tuple[Utterance, ...]
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def article(self) -> Utterance | None:
        """The article utterance, if the source had one."""
        return next((u for u in self.utterances if u.kind == "article"), None)

    @property
    def comments(self) -> list[Utterance]:
        """The comments, in reading order."""
        return [u for u in self.utterances if u.kind == "comment"]

    def utterance(self, utterance_id: str) -> Utterance:
        """Look an utterance up by id (``KeyError`` if absent)."""
        for u in self.utterances:
            if u.id == utterance_id:
                return u
        raise KeyError(utterance_id)

    def content_hash(self) -> str:
        """SHA-256 of everything that affects analysis, to detect changed threads."""
        payload = {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "utterances": [
                [u.id, u.kind, u.speaker, u.reply_to, u.timestamp, u.text] for u in self.utterances
            ],
        }
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form; the JSON reader accepts it back (see README, "JSON")."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "utterances"}
        data["utterances"] = [
            {k: v for k, v in asdict(u).items() if k != "thread_id"} for u in self.utterances
        ]
        return data


@dataclass(frozen=True)
class Segment:
    """A sentence of an utterance.

    ``start``/``end`` are character offsets into the utterance text, so
    ``utterance.text[seg.start:seg.end] == seg.text`` always holds;
    ``paragraph`` is the index of the paragraph it stands in and ``index`` its
    1-based position in the utterance.
    """

    id: str
    thread_id: str
    utterance_id: str
    kind: UtteranceKind
    speaker: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0


# ---------------------------------------------------------------------------
# pandas conversions

THREAD_COLUMNS = ["id", "title", "url", "published", "source", "meta"]
UTTERANCE_COLUMNS = [f.name for f in fields(Utterance)]
SEGMENT_COLUMNS = [f.name for f in fields(Segment)]


def threads_to_frame(threads: Iterable[Thread]) -> pd.DataFrame:
    """One row per thread (without its utterances; see :func:`utterances_to_frame`)."""
    rows = [{c: getattr(t, c) for c in THREAD_COLUMNS} for t in threads]
    return pd.DataFrame(rows, columns=THREAD_COLUMNS)


def utterances_to_frame(threads: Iterable[Thread]) -> pd.DataFrame:
    """One row per utterance, ConvoKit-style columns (``id``, ``speaker``, ``reply_to``…)."""
    rows = [asdict(u) for t in threads for u in t.utterances]
    return pd.DataFrame(rows, columns=UTTERANCE_COLUMNS)


def segments_to_frame(segments: Iterable[Segment]) -> pd.DataFrame:
    """One row per segment."""
    return pd.DataFrame([asdict(s) for s in segments], columns=SEGMENT_COLUMNS)


def _none_if_na(value: Any) -> Any:
    if value is None:
        return None
    try:
        return None if pd.isna(value) else value
    except (TypeError, ValueError):  # lists, dicts
        return value


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of ``frame`` (or of its ``columns``) as dicts: ``frame.to_dict("records")``, faster.

    Values are the same Python objects ``to_dict`` gives (``tolist`` boxes
    numbers as Python ``int``/``float``, missing strings stay ``nan``), but
    the conversion is column by column: ``to_dict`` goes row by row on frames
    with Arrow string columns, several times slower on the thread-sized
    tables that maps and reports turn into rows for every thread.
    """
    cols = list(frame.columns if columns is None else columns)
    if not cols:
        return [{} for _ in range(len(frame))]
    values = [_native(frame[c]) for c in cols]
    return [dict(zip(cols, row, strict=True)) for row in zip(*values, strict=True)]


def _native(column: pd.Series) -> list[Any]:
    """A column's values as ``to_dict`` boxes them (numpy scalars in object columns too)."""
    if column.dtype == object:
        return [v.item() if isinstance(v, np.generic) else v for v in column.tolist()]
    return column.tolist()


def threads_from_frames(
    utterances: pd.DataFrame, threads: pd.DataFrame | None = None
) -> list[Thread]:
    """Rebuild threads from an utterance table (and optionally a thread table).

    The inverse of :func:`utterances_to_frame`/:func:`threads_to_frame`; row
    order within a thread is kept as reading order.
    """
    info: dict[str, dict[str, Any]] = {}
    if threads is not None:
        for i, row in enumerate(records(threads)):
            values = {k: _none_if_na(row.get(k)) for k in THREAD_COLUMNS}
            values["meta"] = _meta(values.get("meta"), "thread", i)
            info[str(row["id"])] = values
    grouped: dict[str, list[Utterance]] = {}
    for i, row in enumerate(records(utterances)):
        missing = [c for c in ("id", "thread_id", "kind", "speaker", "text") if c not in row]
        if missing:
            raise ValueError(
                Errors.E040.format(table="utterance", row=i, detail=f"no {missing[0]!r} column")
            )
        if row["kind"] not in ("article", "comment"):
            detail = f"kind {row['kind']!r} is neither 'article' nor 'comment'"
            raise ValueError(Errors.E040.format(table="utterance", row=i, detail=detail))
        reply_to = _none_if_na(row.get("reply_to"))
        u = Utterance(
            id=str(row["id"]),
            thread_id=str(row["thread_id"]),
            kind=row["kind"],
            speaker=str(row["speaker"]),
            text=str(row["text"]),
            reply_to=None if reply_to is None else str(reply_to),
            timestamp=_none_if_na(row.get("timestamp")),
            meta=_meta(row.get("meta"), "utterance", i),
        )
        grouped.setdefault(u.thread_id, []).append(u)
    out = []
    for tid, utts in grouped.items():
        t = info.get(tid, {})
        out.append(
            Thread(
                id=tid,
                utterances=tuple(utts),
                title=t.get("title"),
                url=t.get("url"),
                published=t.get("published"),
                source=t.get("source"),
                meta=dict(t.get("meta") or {}),
            )
        )
    return out


def _meta(value: Any, table: str, row: int) -> dict[str, Any]:
    """A ``meta`` cell as a dict: a dict as it is; text as a JSON object or as the
    ``repr`` of a dict (``DataFrame.to_csv`` writes a dict cell that way), read
    with :func:`ast.literal_eval`, never evaluated; empty when missing."""
    value = _none_if_na(value)
    if value is None or value == "":
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as err:
            try:
                value = ast.literal_eval(value)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                detail = f"meta is neither a JSON object nor a dict literal: {err}"
                raise ValueError(Errors.E040.format(table=table, row=row, detail=detail)) from err
    if not isinstance(value, dict):
        detail = f"meta must be a mapping, got {type(value).__name__}"
        raise ValueError(Errors.E040.format(table=table, row=row, detail=detail))
    return dict(value)


def segments_from_frame(frame: pd.DataFrame) -> list[Segment]:
    """Rebuild segments from :func:`segments_to_frame` output."""
    names = set(SEGMENT_COLUMNS)
    return [Segment(**{k: v for k, v in row.items() if k in names}) for row in records(frame)]


def make_utterance_ids(thread_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
    """Readable, unique utterance ids from ``(kind, speaker)`` pairs.

    The article is ``<thread>/article``; a comment is ``<thread>/<speaker-slug>``,
    and a speaker's second and later comments get ``-2``, ``-3``… so ids stay
    stable when the same input is read again.
    """
    seen: dict[str, int] = {}
    ids = []
    for kind, speaker in items:
        base = "article" if kind == "article" else slugify(speaker)
        seen[base] = seen.get(base, 0) + 1
        suffix = "" if seen[base] == 1 else f"-{seen[base]}"
        ids.append(f"{thread_id}/{base}{suffix}")
    return ids
