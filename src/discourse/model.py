"""The conversation model: threads, utterances and segments.

After ConvoKit: a thread is an article plus the comments on it; each is an
:class:`Utterance` with ``id``, ``speaker``, ``reply_to``, ``timestamp`` and
``text``. Segmentation turns utterances into :class:`Segment` rows (sentences)
with character offsets into the utterance text, so every tag produced later
can be traced back to the words it was made from. Readers of page dumps and
HTML pages also record, per utterance, a :class:`SourceMap` from the extracted
text back into the file they read, and segments carry ``source_start``/
``source_end`` offsets into that file's text.

All three are frozen dataclasses: they are values, safe to share between
processes and to hash. Ids are readable and stable — the same input always
gives the same ids — e.g. ``guatemala-post``, ``guatemala-post/aaron-b`` and
``guatemala-post/aaron-b/s03``.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

import numpy as np
import pandas as pd

from .errors import Errors

_T = TypeVar("_T")

UtteranceKind = Literal["article", "comment"]
UTTERANCE_KINDS: tuple[str, ...] = ("article", "comment")
#: ``Utterance.meta`` key of a reply whose parent the thread lacks (a deleted
#: comment): the id it answered, as written. The readers make such a comment
#: answer the article; this says it did not, so no cue of it is pinned on
#: whoever the article's author or the comment above happens to be.
REPLY_TO_MISSING = "reply_to_missing"


def slugify(text: str, fallback: str = "anonymous") -> str:
    """Lower-case ASCII slug for ids: ``"Aaron B"`` → ``"aaron-b"``."""
    norm = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", norm.lower()).strip("-")
    return slug or fallback


def name_slug(name: str) -> str:
    """Slug of a speaker's name for utterance ids: :func:`slugify`, or the name's own letters.

    A name with no Latin letter or digit ("Дмитрий", "张伟") has an empty
    ASCII slug; rather than ``anonymous`` — every such speaker the same id,
    told apart only by ``-2``, ``-3`` — it keeps its letters, case-folded
    (``дмитрий``, ``张伟``). Only a name with no letter or digit at all ("!!!",
    "") is ``anonymous``. Thread ids keep :func:`slugify`: they name files.
    """
    slug = slugify(name, fallback="")
    if slug:
        return slug
    letters = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", name).casefold())
    return letters.strip("-") or "anonymous"


def speaker_node(name: str) -> str:
    """Node id of a speaker: one node per name, and a different node for every other name.

    A speaker *is* their name, exactly as the thread gives it — the same key
    the reports' positions table groups by — so the same name is one person
    across threads, and "José" and "Jose", or "Bo [x]: +1" and "Bo (x)  +1",
    are two. The id is the name's ASCII slug (``speaker:aaron-b``) when the
    name is exactly what the slug spells (:func:`_slug_spelling`: its words,
    each capitalised, one space apart — "Aaron B", "Distiller", "Дмитрий");
    any other name gets a short hash of itself after the slug
    (``speaker:jose~8f72d20b`` for "José", ``speaker:aaron-b~bf58f25b`` for
    "aaron b"), so no two names share a node. The slug is the utterance ids'
    (:func:`name_slug`): non-Latin names keep their letters. The id depends on
    the name alone, so a thread map and the corpus map give a speaker the
    same id.
    """
    slug = name_slug(name)
    if name == _slug_spelling(slug):
        return f"speaker:{slug}"
    digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"speaker:{slug}~{digest}"  # no slug holds "~": never a bare id


def _slug_spelling(slug: str) -> str:
    """The one name whose speaker id is the bare ``slug``: ``"aaron-b"`` → ``"Aaron B"``.

    Every other name of that slug gets a hash (:func:`speaker_node`); the
    capitalised spelling is the one most names in comment threads have.
    """
    return " ".join(word[:1].upper() + word[1:] for word in slug.split("-"))


def thread_slug(stem: str) -> str:
    """Thread id from a file name: :func:`slugify`, keeping letters of other scripts.

    "Guatemala Post" → ``guatemala-post``; a name with letters that have no
    ASCII form ("Дмитрий", "東京-2011") keeps them, case-folded
    (``дмитрий``, ``東京-2011``), so two such files do not both become
    ``thread`` and ``thread-2``; a name with no letter or digit at all is
    ``thread``. Report pages and maps name their files with
    :func:`discourse.report.file_stem`, which makes any id a safe file name.
    """
    ascii_slug = slugify(stem, fallback="")
    folded = unicodedata.normalize("NFKD", stem)
    if not any(c.isalpha() and not c.isascii() and not unicodedata.combining(c) for c in folded):
        return ascii_slug or "thread"
    letters = re.sub(r"[\W_]+", "-", unicodedata.normalize("NFKC", stem).casefold())
    return letters.strip("-") or ascii_slug or "thread"


#: One run of a :class:`SourceMap`: ``(text_start, text_end, source_start, source_end)``.
SourceRun = tuple[int, int, int, int]


@dataclass(frozen=True)
class SourceMap:
    """Where the characters of an utterance's text stand in the source file's text.

    The *source text* is the file as the reader saw it (see README, "Data
    model"): for UTF-8 files ``open(path, encoding="utf-8-sig",
    errors="replace", newline="").read()`` — byte order mark dropped, bad bytes
    replaced, line breaks as in the file; an HTML or XML file declaring another
    encoding is decoded with that one (:func:`discourse.ingest.decode`).

    ``runs`` are sorted, non-overlapping ``(text_start, text_end, source_start,
    source_end)``. A run whose two lengths are equal was copied verbatim
    (character ``i`` stands at ``source_start + i - text_start``); any other run
    is one piece of markup that became those characters (``&amp;`` → ``&``),
    and each of its characters maps to the whole piece. Characters in no run
    (the line breaks and spaces a reader put between lines and paragraphs)
    have no source position; ``holes`` lists the non-whitespace ones among
    them (text the aligner could not find), so a span holding one maps to
    nothing rather than to a wrong place.
    """

    runs: tuple[SourceRun, ...]
    holes: tuple[int, ...] = ()
    _starts: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(r[0] for r in self.runs))

    def __reduce__(self) -> tuple[Any, ...]:  # pickle runs and holes only
        return (SourceMap, (self.runs, self.holes))

    @classmethod
    def from_positions(cls, text: str, starts: Sequence[int], ends: Sequence[int]) -> SourceMap:
        """Build a map from per-character source spans (``-1``: no position)."""
        runs: list[SourceRun] = []
        holes: list[int] = []
        i, n = 0, len(text)
        while i < n:
            s, e = starts[i], ends[i]
            if s < 0:
                if not text[i].isspace():
                    holes.append(i)
                i += 1
                continue
            j = i + 1
            if e == s + 1:  # verbatim: extend while the next character follows on
                while j < n and starts[j] == s + (j - i) and ends[j] == starts[j] + 1:
                    j += 1
                runs.append((i, j, s, s + (j - i)))
            else:  # one piece of markup: every character it gave maps to all of it
                while j < n and starts[j] == s and ends[j] == e:
                    j += 1
                runs.append((i, j, s, e))
            i = j
        return cls(tuple(runs), tuple(holes))

    def _run(self, i: int) -> SourceRun | None:
        k = bisect_right(self._starts, i) - 1
        if k < 0:
            return None
        run = self.runs[k]
        return run if i < run[1] else None

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Source offsets of ``text[start:end]``, from its first to its last character.

        ``None`` when the first or last character has no source position or a
        character in between could not be aligned.
        """
        if end <= start:
            return None
        first = self._run(start)
        last = self._run(end - 1)
        if first is None or last is None:
            return None
        if self.holes:
            h = bisect_right(self.holes, start - 1)
            if h < len(self.holes) and self.holes[h] < end:
                return None
        ts, te, ss, se = first
        src_start = ss + (start - ts) if te - ts == se - ss else ss
        ts, te, ss, se = last
        src_end = ss + (end - ts) if te - ts == se - ss else se
        return src_start, src_end


@dataclass(frozen=True)
class Utterance:
    """One article or comment.

    ``text`` holds paragraphs separated by a blank line (``"\\n\\n"``);
    ``reply_to`` is the id of the utterance answered (comments on the article
    itself reply to the article), ``None`` for the article. ``source_map``
    (page dumps and HTML pages only) locates the text in the file it was read
    from; it takes no part in equality, hashing, tables or the content hash.
    """

    id: str
    thread_id: str
    kind: UtteranceKind
    speaker: str
    text: str
    reply_to: str | None = None
    timestamp: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    source_map: SourceMap | None = field(default=None, compare=False, hash=False, repr=False)

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


@dataclass(frozen=True, repr=False)
class Thread:
    """An article and its comments, in reading order (the article first).

    Its repr is a summary (``Thread(id='guatemala-post', utterances=5,
    chars=10542)``): the dataclass's would print every utterance's text,
    thousands of characters in a notebook cell.
    """

    id: str
    utterances: tuple[Utterance, ...]
    title: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __repr__(self) -> str:
        chars = sum(len(u.text) for u in self.utterances)
        return f"{type(self).__name__}(id={self.id!r}, utterances={len(self.utterances)}, chars={chars})"

    @property
    def article(self) -> Utterance | None:
        """The article utterance, if the source had one."""
        return next((u for u in self.utterances if u.kind == "article"), None)

    @property
    def comments(self) -> list[Utterance]:
        """The comments, in reading order."""
        return [u for u in self.utterances if u.kind == "comment"]

    @property
    def date(self) -> str | None:
        """The thread's date: ``published``, else its article's ``timestamp``.

        A CSV or JSON Lines export often dates each post and gives no
        ``published``; such a thread was listed as undated (and sorted with
        the undated) while its own page showed its posts' dates. The page
        dump and HTML readers set both from the post's date, so for them
        nothing changes. The report's SQL uses :data:`THREAD_DATE_SQL`, the
        same rule: change both together.
        """
        if self.published:
            return self.published
        article = self.article
        return article.timestamp if article is not None else None

    def utterance(self, utterance_id: str) -> Utterance:
        """Look an utterance up by id (``KeyError`` if absent)."""
        for u in self.utterances:
            if u.id == utterance_id:
                return u
        raise KeyError(utterance_id)

    def content_hash(self) -> str:
        """SHA-256 of everything that affects analysis, to detect changed threads.

        Worked out once per thread object (every field it reads is immutable): a
        run asks for it several times per thread — the copy check, the changed
        check, the map key, the store.
        """
        cached: str | None = self.__dict__.get("_content_hash")
        if cached is not None:
            return cached
        payload = {
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "utterances": [
                [u.id, u.kind, u.speaker, u.reply_to, u.timestamp, u.text] for u in self.utterances
            ],
        }
        blob = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        digest = hashlib.sha256(blob).hexdigest()
        object.__setattr__(self, "_content_hash", digest)  # frozen: the cache is no field
        return digest

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form; the JSON reader accepts it back (see README, "JSON")."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "utterances"}
        data["utterances"] = [
            {k: v for k, v in _utterance_row(u).items() if k != "thread_id"}
            for u in self.utterances
        ]
        return data


@dataclass(frozen=True)
class Segment:
    """A sentence of an utterance.

    ``start``/``end`` are character offsets into the utterance text, so
    ``utterance.text[seg.start:seg.end] == seg.text`` always holds;
    ``paragraph`` is the index of the paragraph it stands in and ``index`` its
    1-based position in the utterance. ``source_start``/``source_end`` locate
    the sentence, from its first to its last character, in the text of the
    file it was read from (page dumps and HTML pages; ``None`` for the other
    formats, whose utterance text is the record's field itself, and where the
    text could not be aligned): see :class:`SourceMap`.
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
    source_start: int | None = None
    source_end: int | None = None


# ---------------------------------------------------------------------------
# pandas conversions

THREAD_COLUMNS = ["id", "title", "url", "published", "source", "meta"]
UTTERANCE_COLUMNS = [f.name for f in fields(Utterance) if f.name != "source_map"]
SEGMENT_COLUMNS = [f.name for f in fields(Segment)]
#: Segment columns that may be missing (tables written before they existed) or null.
SOURCE_COLUMNS = ("source_start", "source_end")


def _utterance_row(u: Utterance) -> dict[str, Any]:
    """``asdict(u)`` without the source map (values copied as ``asdict`` copies them)."""
    return {k: copy.deepcopy(getattr(u, k)) for k in UTTERANCE_COLUMNS}


def meta_json(meta: dict[str, Any] | None) -> str:
    """A ``meta`` dict as the JSON object text the tables hold (``"{}"`` when empty
    or ``None``).

    A column of dicts cannot be written to Parquet when every dict is empty
    (an Arrow struct with no fields), and when the dicts differ Arrow makes
    one struct of all their keys, so each row reads back with the other rows'
    keys as nulls. JSON text writes to CSV and Parquet alike and reads back
    as it was; a value JSON has no type for (a date) is written as its
    ``str``. It is also how the store keeps ``meta``.
    """
    return json.dumps(meta if meta is not None else {}, ensure_ascii=False, default=str)


def threads_to_frame(threads: Iterable[Thread]) -> pd.DataFrame:
    """One row per thread (without its utterances; see :func:`utterances_to_frame`).

    ``meta`` is JSON object text (:func:`meta_json`), so the frame writes to
    CSV and Parquet; ``json.loads`` or :func:`threads_from_frames` read it back.
    """
    rows = [
        {c: meta_json(t.meta) if c == "meta" else getattr(t, c) for c in THREAD_COLUMNS}
        for t in threads
    ]
    return pd.DataFrame(rows, columns=THREAD_COLUMNS)


def utterances_to_frame(threads: Iterable[Thread]) -> pd.DataFrame:
    """One row per utterance, ConvoKit-style columns (``id``, ``speaker``, ``reply_to``…).

    ``meta`` is JSON object text (:func:`meta_json`), so the frame writes to
    CSV and Parquet; ``json.loads`` or :func:`threads_from_frames` read it back.
    """
    rows = [
        {c: meta_json(u.meta) if c == "meta" else getattr(u, c) for c in UTTERANCE_COLUMNS}
        for t in threads
        for u in t.utterances
    ]
    return pd.DataFrame(rows, columns=UTTERANCE_COLUMNS)


def segments_to_frame(segments: Iterable[Segment]) -> pd.DataFrame:
    """One row per segment.

    ``source_start``/``source_end`` are object columns of Python ints and
    ``None`` (not floats with NaN), so JSON gets numbers and ``null``, and CSV
    numbers and empty cells.
    """
    segs = list(segments)
    # every field is a plain value: ``asdict``'s deep copy of each cost more than the frame
    frame = pd.DataFrame(
        [{c: getattr(s, c) for c in SEGMENT_COLUMNS} for s in segs], columns=SEGMENT_COLUMNS
    )
    for c in SOURCE_COLUMNS:
        frame[c] = pd.Series([getattr(s, c) for s in segs], index=frame.index, dtype=object)
    return frame


def is_missing(value: object) -> bool:
    """None or a float NaN: what a pandas object column holds where a record had no value."""
    return value is None or (isinstance(value, float) and value != value)


#: The characters Python's ``str.strip()`` removes (every ``str.isspace()``
#: character), spelled out so that :data:`HOLDER_SQL` trims exactly the same.
_BLANK = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def position_holder(holder: object, speaker: _T) -> str | _T:
    """Whose position a sentence states: its stance's ``holder``, else the sentence's ``speaker``.

    The stance stage names the holder of every position it tags (the
    speaker for their own, the actor a sentence reports); a stances table
    from an older store or a notebook may leave it missing or blank, and
    then the position is the speaker's, as it was before holders were read.
    So a blank holder and the speaker's own name are one holder — the
    writer's own position — wherever holders are compared or shown: claims
    (:func:`discourse.argmap.extract_claims`), key points, and the report's
    tables. The name is taken without the white space around it. The corpus
    report's SQL uses :data:`HOLDER_SQL`, the same rule: change both together.
    """
    if isinstance(holder, str):
        name = holder.strip(_BLANK)
        if name:
            return name
    return speaker


#: :func:`position_holder` as an SQL expression over ``stances st`` joined with
#: ``segments s`` (the report's corpus queries): the holder trimmed of the same
#: white space, unless that leaves nothing (or it is NULL); else the speaker.
HOLDER_SQL = f"coalesce(nullif(trim(st.holder, '{_BLANK}'), ''), s.speaker)"


#: :attr:`Thread.date` as an SQL expression over ``threads t`` (the report's
#: thread list): ``published``, else the timestamp of the thread's first article.
THREAD_DATE_SQL = (
    'coalesce(t.published, (SELECT u."timestamp" FROM utterances u '
    "WHERE u.thread_id = t.id AND u.kind = 'article' ORDER BY u.position LIMIT 1))"
)


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


#: How to add a column :func:`threads_from_frames` needs to a table made by hand.
_COLUMN_HINTS: dict[str, str] = {
    "id": (
        " (each utterance needs an id, unique in its thread, which reply_to names;"
        " e.g. df['id'] = df.groupby('thread_id').cumcount().astype(str))"
    ),
    "thread_id": " (name the thread of each row, e.g. df['thread_id'] = 'my-thread')",
}


def threads_from_frames(
    utterances: pd.DataFrame, threads: pd.DataFrame | None = None
) -> list[Thread]:
    """Rebuild threads from an utterance table (and optionally a thread table).

    The inverse of :func:`utterances_to_frame`/:func:`threads_to_frame`; row
    order within a thread is kept as reading order. Tables read back from CSV
    should be read as text (``pd.read_csv(path, dtype=str,
    keep_default_na=False)``): else pandas turns a speaker "007" into ``7.0``.
    Empty optional cells are missing values. A ``meta`` cell may be the JSON
    text those functions write, a dict, or a dict's ``repr`` (tables saved
    while the frames held dicts).

    Rows get the checks and repairs the file readers give: a missing or blank
    id, thread id, kind, speaker or text is ``[E040]`` naming the row; a
    ``reply_to`` no utterance of the thread has makes a comment answer the
    article (``[W010]``), and one closing a circle — a comment answering
    itself — makes it answer nothing (``[W006]``).
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
        if missing:  # say how to add it: a table made by hand often lacks id
            detail = f"no {missing[0]!r} column" + _COLUMN_HINTS.get(missing[0], "")
            raise ValueError(Errors.E040.format(table="utterance", row=i, detail=detail))
        for column in ("id", "thread_id", "speaker", "text"):
            value = _none_if_na(row[column])
            if value is None or not str(value).strip():
                detail = f"{column} is {'missing' if value is None else 'blank'}"
                raise ValueError(Errors.E040.format(table="utterance", row=i, detail=detail))
        if row["kind"] not in ("article", "comment"):
            detail = f"kind {row['kind']!r} is neither 'article' nor 'comment'"
            raise ValueError(Errors.E040.format(table="utterance", row=i, detail=detail))
        reply_to = _blank_none(row.get("reply_to"))
        u = Utterance(
            id=str(row["id"]),
            thread_id=str(row["thread_id"]),
            kind=row["kind"],
            speaker=str(row["speaker"]),
            text=str(row["text"]),
            reply_to=None if reply_to is None else str(reply_to),
            timestamp=_blank_none(row.get("timestamp")),
            meta=_meta(row.get("meta"), "utterance", i),
        )
        grouped.setdefault(u.thread_id, []).append(u)
    out = []
    for tid, utts in grouped.items():
        t = info.get(tid, {})
        out.append(
            Thread(
                id=tid,
                utterances=_repair_replies(tid, utts),
                title=_blank_none(t.get("title")),
                url=_blank_none(t.get("url")),
                published=_blank_none(t.get("published")),
                source=_blank_none(t.get("source")),
                meta=dict(t.get("meta") or {}),
            )
        )
    return out


def _blank_none(value: Any) -> Any:
    """An optional cell: missing when NaN, None or blank text (an empty CSV cell)."""
    value = _none_if_na(value)
    return None if isinstance(value, str) and not value.strip() else value


def _repair_replies(thread_id: str, utts: list[Utterance]) -> tuple[Utterance, ...]:
    """The thread's utterances with ``reply_to`` links repaired as the file readers
    repair them: to an id the thread lacks, the article ([W010], the id kept in
    ``meta["reply_to_missing"]``); closing a circle, nothing ([W006]). Warnings
    name the table, as readers name the file."""
    from dataclasses import replace
    from pathlib import Path

    from .ingest.structured import _cut_reply_cycles, _warn_dangling

    where = Path("utterance table")
    ids = {u.id for u in utts}
    article = next((u.id for u in utts if u.kind == "article"), None)
    parsed: list[dict[str, Any]] = []
    dangling = []
    kept: list[Utterance] = []
    for u in utts:
        reply = u.reply_to
        if reply is not None and reply not in ids:
            dangling.append((u.id, reply))
            u = replace(u, meta={**u.meta, REPLY_TO_MISSING: reply})
            reply = article if u.kind == "comment" and article != u.id else None
        parsed.append({"uid": u.id, "reply": reply})
        kept.append(u)
    _warn_dangling(dangling, thread_id, where)
    _cut_reply_cycles(parsed, thread_id, where)
    return tuple(
        u if u.reply_to == p["reply"] else replace(u, reply_to=p["reply"])
        for u, p in zip(kept, parsed, strict=True)
    )


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
    out = []
    for row in records(frame):
        values = {k: v for k, v in row.items() if k in names}
        for c in SOURCE_COLUMNS:  # null in the store, NaN or <NA> in a frame; absent in old ones
            value = _none_if_na(values.get(c))
            values[c] = None if value is None else int(value)
        out.append(Segment(**values))
    return out


def make_utterance_ids(thread_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
    """Readable, unique utterance ids from ``(kind, speaker)`` pairs.

    The article is ``<thread>/article``; a comment is ``<thread>/<speaker-slug>``,
    and a speaker's second and later comments get ``-2``, ``-3``… so ids stay
    stable when the same input is read again.
    """
    seen: dict[str, int] = {}
    ids = []
    for kind, speaker in items:
        base = "article" if kind == "article" else name_slug(speaker)
        seen[base] = seen.get(base, 0) + 1
        suffix = "" if seen[base] == 1 else f"-{seen[base]}"
        ids.append(f"{thread_id}/{base}{suffix}")
    return ids
