"""Structured threads: JSON, JSON Lines and CSV following the data model.

The reference is :meth:`discourse.model.Thread.to_dict`; whatever it writes,
the JSON reader reads back into an equal thread.

JSON
    A thread object, a list of them, or ``{"threads": [...]}``::

        {"id": "border-post", "title": "…", "url": "…", "published": "…", "meta": {},
         "utterances": [
           {"id": "border-post/article", "kind": "article", "speaker": "editor",
            "text": "First paragraph.\\n\\nSecond paragraph."},
           {"kind": "comment", "speaker": "Ana", "text": "…", "timestamp": "…"},
           {"kind": "comment", "speaker": "Bob", "text": "…", "reply_to": "ana"}]}

JSON Lines
    One thread object per line, or one utterance per line with a
    ``thread_id`` (ConvoKit's ``conversation_id`` also works) and optional
    thread fields ``title``/``url``/``published``; lines are grouped into
    threads in order of first appearance. A line without ``kind`` is
    ConvoKit's: the utterance whose id is its conversation's id (else the
    first with ``"reply_to": null``) is the article, the others comments
    (:func:`_convokit_kinds`). A JSON document that is a list of such
    records (pandas' ``to_json(orient="records")``) is read the same way;
    without any thread id it is one thread, named by the file.

CSV
    One row per utterance; the header needs ``kind, speaker, text`` (``thread_id``: without it the file is one thread)
    (in any case) and may add ``id, reply_to, timestamp, title, url,
    published``; other columns go into the utterance's ``meta`` under their
    name as written. A column named twice is an error (E015). Commas,
    semicolons or tabs, or the separator an Excel ``sep=;`` first line names.

Rules shared by all three: ``kind``, ``speaker`` and ``text`` are required
fields — a record without the key is E007, as is a blank ``kind`` — and, in
JSON, must be strings (E008: a number as text is almost always a mixed-up
column); ``kind`` is ``article`` or ``comment`` (E008). A *value* that is
missing is what a scrape of deleted comments gives, so it costs that record
only, never the file: a ``text`` that is blank (white space and invisible
format characters such as U+200B only, or null) or only a deletion
placeholder (``[deleted]``, ``[removed]``: :data:`~discourse.ingest._markers.REMOVED_COMMENT`) is skipped,
with warning W021, and replies to it answer what it answered — the rule the
HTML, Disqus and page-dump readers follow for comments without text; a
blank or ``[deleted]`` ``speaker`` is ``anonymous`` (W022), as the HTML
reader names a comment without an author. Ids and thread ids may be
numbers, and so may ``title``, ``url``, ``published`` and ``timestamp``
(kept as their digits, except an epoch date: see :func:`_scalar`); a list, object or boolean in any of them is E008
(:func:`_scalar`). An id written as an integral float (``101.0``: pandas
writes an integer column holding a gap so) is that integer (:func:`_plain_id`),
so a ``parent_id`` of ``101.0`` finds the comment with id ``101``. A thread
with more than one article keeps them all, with warning W012.
Utterance ids are optional — missing ones are made with
:func:`~discourse.model.make_utterance_ids` — and every id is scoped to its
thread (``c1`` in thread ``t`` becomes ``t/c1``) so ids stay unique across a
corpus. ``reply_to`` names an utterance id, full or thread-relative; one that names
none (a deleted comment in a scrape) is read as answering the article, with
warning W010, and the id it named is kept in the utterance's
``meta["reply_to_missing"]``; a comment *without* a ``reply_to`` key (or with an empty CSV
cell) answers the article, while an explicit JSON ``null`` is kept as no
reply. ``reply_to`` values that go round in a circle (``c1`` answers ``c2``,
``c2`` answers ``c1``; or ``c3`` answers itself) are cut where the circle
closes, in file order: that utterance replies to nothing, with warning W006,
so tree walks downstream end.
Scraped shapes are read too: without ``reply_to``, a ``parent_id``/``parent``/
``in_reply_to`` field names the parent (null or blank there = top level), and
replies nested in an utterance's ``replies``/``children`` list come right after
it, answering it unless they say otherwise.
The thread id defaults to the file name (``-2``, ``-3``… for further
threads in the same file).

A CSV file is read strictly: a quote left open swallows the rest of the file,
so it is an error (E101) naming the line where the quote opened; a value may
be as long as the file (the ``csv`` module's 128 KiB default limit is lifted
while the file is read).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import Errors, IngestError, Warnings
from ..io import json_line_problem, parse_json_line
from ..model import (
    REPLY_TO_MISSING,
    UTTERANCE_KINDS,
    Thread,
    Utterance,
    make_utterance_ids,
    thread_slug,
)
from ..surrogates import json_problem, loads_json, surrogate_line
from . import keep_parsed, parsed, register_reader, warn
from ._markers import REMOVED_COMMENT
from ._text import epoch_iso

log = logging.getLogger(__name__)

REQUIRED = ("kind", "speaker", "text")
CSV_REQUIRED = ("thread_id", "kind", "speaker", "text")
THREAD_FIELDS = ("title", "url", "published")
UTTERANCE_FIELDS = frozenset({"id", "reply_to", "timestamp", "meta", *REQUIRED})
# ConvoKit's name for the thread an utterance belongs to.
THREAD_ID_ALIASES = ("thread_id", "conversation_id")
# Scraper names for the id a comment answers, read when there is no ``reply_to``;
# there, null or blank means a top-level comment (it answers the article).
PARENT_ALIASES = ("parent_id", "parent", "in_reply_to")
# Keys under which scraped JSON nests the replies to a comment.
NESTED_REPLIES = ("replies", "children")
CSV_DELIMITERS = (",", ";", "\t")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_FINAL_LINE_BREAK = re.compile(r"(?:\r\n|\r|\n)\Z")
#: Excel's first line naming the separator of a CSV it is to open (``sep=;``,
#: written by many exports for European Excel, where ``,`` is the decimal
#: comma); quoted by some writers (``"sep=;"``).
_SEP_LINE = re.compile(r"""\A[ \t]*"?sep=([^\r\n"])"?[ \t]*(?=\r\n|\r|\n|\Z)""", re.IGNORECASE)

#: A speaker as scrapes name an account deleted since (the text may be real).
DELETED_SPEAKER = re.compile(r"\[\s*(?:deleted|removed)\s*\]", re.IGNORECASE)
#: Who wrote a record with no speaker, as the HTML reader names a comment without an author.
ANONYMOUS = "anonymous"
#: An id pandas wrote as a float: ``101.0`` (an integer column with a gap is float64).
_INTEGRAL_FLOAT = re.compile(r"(-?\d+)\.0+")

_MISSING = object()


# ---------------------------------------------------------------------------
# shared validation and construction


def _blank(value: str) -> bool:
    """``value`` shows nothing: only white space and invisible format characters
    (Unicode category Cf: zero-width spaces and joiners, BOMs, direction marks).
    ``"\u200b\u200b"`` was read as a comment and became an invisible segment."""
    return all(c.isspace() or unicodedata.category(c) == "Cf" for c in value)


def _require(rec: dict[str, Any], name: str, record: str, path: Path) -> str:
    """A required, non-blank string field (E007 when absent or blank — :func:`_blank`
    — and E008 when not a string: ``"kind": 1`` is a mistake)."""
    value = _string_field(rec, name, record, path)
    if value is None:
        raise IngestError(Errors.E007, path, record=record, field=name)
    return value


def _string_field(rec: dict[str, Any], name: str, record: str, path: Path) -> str | None:
    """A required string field whose *value* may be missing: E007 when the record
    has no such key (a column or field the file lacks: another schema, a typo),
    E008 when it is not a string (``"text": 42`` is a mixed-up column, not a
    comment reading "42"), ``None`` when it is null or blank (:func:`_blank`),
    else the string. The caller decides what a missing value means."""
    if name not in rec:
        raise IngestError(Errors.E007, path, record=record, field=name)
    value = rec[name]
    if value is None or (isinstance(value, str) and _blank(value)):
        return None
    if not isinstance(value, str):
        raise IngestError(
            Errors.E008,
            path,
            field=name,
            record=record,
            detail=f"expected a string, got {type(value).__name__} {value!r}",
        )
    return value


def _plain_id(value: str) -> str:
    """An id as its integer when it is written as an integral float: ``"101.0"``
    → ``"101"``. pandas writes an integer column with a gap in it (a top-level
    comment's empty ``parent_id``) as floats, so ``parent_id`` 101.0 must find
    id 101; read as text, every such reply lost its parent (W010)."""
    m = _INTEGRAL_FLOAT.fullmatch(value.strip())
    return m[1] if m else value


def _id_field(value: Any, name: str, record: str, path: Path) -> str | None:
    """An optional id (:func:`_scalar`), an integral float read as its integer (:func:`_plain_id`)."""
    text = _scalar(value, name, record, path)
    return None if text is None else _plain_id(text)


def _optional(value: Any) -> str | None:
    """An optional scalar field: ``None`` for absent or blank, else a string."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return str(value)


def _scalar(value: Any, name: str, record: str, path: Path) -> str | None:
    """An optional text field (``title``, ``url``, ``published``, ``timestamp``,
    ``source``, ids): ``None`` for absent or blank, else the string.

    A number is kept as its digits (``"published": 2011`` → ``"2011"``),
    except an epoch in ``timestamp`` or ``published``: an integer or all-digit
    string of 9–10 digits (Unix seconds: ConvoKit, Reddit dumps) or 12–13
    (milliseconds: pandas' ``to_json``) is an ISO 8601 UTC time
    (:func:`~discourse.ingest._text.epoch_iso`, the HTML reader's conversion:
    ``1325376000`` → ``"2012-01-01T00:00:00+00:00"``), in every format, so the
    thread list dates and sorts it. A list, object or boolean is E008, as
    ``str()`` of it (``"['x']"``, ``"True"``) would be stored as if someone
    had written it.
    """
    if isinstance(value, dict | list | bool):
        raise IngestError(
            Errors.E008,
            path,
            field=name,
            record=record,
            detail=f"expected a string or null, got {_json_type(value)} {_shown(value)}",
        )
    if name in _DATE_FIELDS:
        iso = epoch_iso(value)
        if iso is not None:
            return iso
    return _optional(value)


#: The fields whose epoch numbers :func:`_scalar` writes as ISO 8601 times.
_DATE_FIELDS = frozenset({"timestamp", "published"})


def _shown(value: Any, limit: int = 60) -> str:
    """``value`` as JSON for a message, cut to ``limit`` characters."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages about JSON records."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return type(value).__name__


def _scoped(thread_id: str, raw: str) -> str:
    """Scope an utterance id to its thread: ``c1`` → ``<thread>/c1``."""
    return raw if raw.startswith(f"{thread_id}/") else f"{thread_id}/{raw}"


def _meta(value: Any, record: str, path: Path) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise IngestError(
            Errors.E008, path, field="meta", record=record, detail="expected a JSON object"
        )
    return dict(value)


def build_thread(
    fields: dict[str, Any],
    records: list[tuple[str, dict[str, Any]]],
    path: Path,
    record: str,
) -> Thread:
    """Validate utterance ``records`` (``(label, dict)`` pairs) into a :class:`Thread`.

    ``fields`` holds the thread-level values (``id`` already resolved);
    ``record`` names the thread in error messages and each label names its
    utterance, so every error and warning points at the line or JSON path to fix.
    A record without text (:func:`_utterance_fields`) is skipped with W021,
    its replies handed up to what it answered (:func:`_skip_empty`). A skipped
    article's ``timestamp`` becomes the thread's ``published`` when the thread
    has none and no other article: a link post's date is the thread's.
    """
    thread_id: str = fields["id"]
    # thread fields first: they stand above the utterances in the file
    info = {k: _scalar(fields.get(k), k, record, path) for k in (*THREAD_FIELDS, "source")}
    parsed: list[dict[str, Any]] = []
    for label, rec, nested_in in _flatten_replies(records):
        parsed.append(_utterance_fields(label, rec, nested_in, path))
    _warn_first(parsed, "anonymous", Warnings.W022, thread_id, path)
    _warn_first(parsed, "skip", Warnings.W021, thread_id, path)
    kept = [p for p in parsed if not p["skip"]]

    # ids: keep the given ones (scoped to the thread), generate the others;
    # a skipped record keeps its given id (replies name it) but gets no
    # generated one, so the ids of the others are those of a file without it
    given: dict[str, str] = {}
    for p in parsed:
        if p["id"] is not None:
            uid = _scoped(thread_id, p["id"])
            if uid in given:
                raise IngestError(
                    Errors.E008,
                    path,
                    field="id",
                    record=p["label"],
                    detail=f"duplicate utterance id {p['id']!r} (also in {given[uid]})",
                )
            given[uid] = p["label"]
            p["uid"] = uid
    generated = make_utterance_ids(thread_id, [(p["kind"], p["speaker"]) for p in kept])
    taken = set(given)
    for p, gen in zip(kept, generated, strict=True):
        if "uid" in p:
            continue
        uid, n = gen, 1
        while uid in taken:
            n += 1
            uid = f"{gen}-{n}"
        taken.add(uid)
        p["uid"] = uid
    for p in parsed:  # a skipped record without an id: named for messages (W006) only
        p.setdefault("uid", f"{thread_id}/{p['label']} (skipped)")

    articles = [p["uid"] for p in kept if p["kind"] == "article"]
    if len(articles) > 1:  # kept (a live blog's updates, say), but said: likely a mix-up
        warn(
            Warnings.W012.format(
                path=path, thread=thread_id, count=len(articles), ids=", ".join(articles)
            )
        )
    article_id = articles[0] if articles else None
    dangling: list[tuple[str, str]] = []  # (utterance, the reply_to no utterance has)
    for p in parsed:
        raw = p["reply_to"]
        if raw is _MISSING and p["nested_in"] is not None:
            reply_to = parsed[p["nested_in"]]["uid"]  # a reply nested in the comment it answers
        elif raw is _MISSING or (isinstance(raw, str) and not raw.strip()):
            reply_to = article_id if p["kind"] == "comment" else None
        elif raw is None:
            reply_to = None
        elif isinstance(raw, dict | list | bool):
            raise IngestError(
                Errors.E008,
                path,
                field="reply_to",
                record=p["label"],
                detail=f"expected an utterance id, got {raw!r}",
            )
        else:
            ref = _plain_id(str(raw).strip())
            reply_to = ref if ref in taken else _scoped(thread_id, ref)
            if reply_to not in taken:
                if not p["skip"]:  # one skipped itself loses nothing
                    # scraped threads lose deleted comments: their replies stay, on the article
                    dangling.append((p["uid"], ref))
                    # kept, so its cues are not pinned on whoever the article or the
                    # comment above happens to be (discourse.argmap.relations)
                    p["meta"] = {**p["meta"], REPLY_TO_MISSING: ref}
                reply_to = article_id if p["kind"] == "comment" else None
        # a reply to itself is the smallest circle: _cut_reply_cycles cuts it (W006)
        p["reply"] = reply_to
    _warn_dangling(dangling, thread_id, path)
    _cut_reply_cycles(parsed, thread_id, path)
    _skip_empty(parsed, article_id)

    utterances = []
    for p in kept:
        meta = p["meta"]
        if p["id"] is not None and p["uid"] != p["id"]:
            meta = {**meta, "source_id": p["id"]}
        utterances.append(
            Utterance(
                id=p["uid"],
                thread_id=thread_id,
                kind=p["kind"],
                speaker=p["speaker"],
                text=p["text"],
                reply_to=p["reply"],
                timestamp=p["timestamp"],
                meta=meta,
            )
        )
    published = info["published"]
    if published is None and article_id is None:
        # a blank or deleted article is skipped like the HTML and page-dump
        # readers' text-less article, but its timestamp still dates the thread
        published = next(
            (p["timestamp"] for p in parsed if p["kind"] == "article" and p["timestamp"]), None
        )
    return Thread(
        id=thread_id,
        utterances=tuple(utterances),
        title=info["title"],
        url=info["url"],
        published=published,
        source=info["source"] or str(path),
        meta=_meta(fields.get("meta"), record, path),
    )


def _utterance_fields(label: str, rec: Any, nested_in: int | None, path: Path) -> dict[str, Any]:
    """One utterance record checked and read into the fields :func:`build_thread` works on.

    ``skip`` is set for a record with no text to analyse: a ``text`` that is
    null, blank, or only a deletion notice (:data:`~discourse.ingest._markers.REMOVED_COMMENT`); the HTML,
    Disqus and page-dump readers drop a comment without text too. Its fields
    are still checked — a mistake in them is a mistake in the file — and
    its id and ``reply_to`` still place its replies. ``anonymous`` is set for
    a kept record whose speaker is null, blank or ``[deleted]``: it is read as
    :data:`ANONYMOUS`, as the HTML reader names a comment without an author.
    """
    if not isinstance(rec, dict):
        raise IngestError(
            Errors.E008, path, field="utterances", record=label, detail="expected an object"
        )
    kind = _require(rec, "kind", label, path).strip().lower()
    if kind not in UTTERANCE_KINDS:
        raise IngestError(
            Errors.E008,
            path,
            field="kind",
            record=label,
            detail=f"expected one of {', '.join(UTTERANCE_KINDS)}, got {rec['kind']!r}",
        )
    text = _string_field(rec, "text", label, path)
    skip = text is None or REMOVED_COMMENT.fullmatch(text) is not None
    speaker = _string_field(rec, "speaker", label, path)
    unnamed = speaker is None or DELETED_SPEAKER.fullmatch(speaker.strip()) is not None
    return {
        "label": label,
        "kind": kind,
        "speaker": ANONYMOUS if speaker is None or unnamed else speaker.strip(),
        "text": "" if text is None else text.replace("\r\n", "\n").replace("\r", "\n"),
        "skip": skip,
        "anonymous": unnamed and not skip,
        "id": _id_field(rec.get("id"), "id", label, path),
        "reply_to": _reply_field(rec),
        "nested_in": nested_in,
        "timestamp": _scalar(rec.get("timestamp"), "timestamp", label, path),
        "meta": _meta(rec.get("meta"), label, path),
    }


def _warn_first(
    parsed: list[dict[str, Any]], flag: str, template: str, thread_id: str, path: Path
) -> None:
    """``template`` (W021, W022) once for the thread, counting the records with
    ``flag`` set and naming the first, when there are any."""
    flagged = [p["label"] for p in parsed if p[flag]]
    if flagged:
        warn(template.format(path=path, count=len(flagged), thread=thread_id, record=flagged[0]))


def _skip_empty(parsed: list[dict[str, Any]], article_id: str | None) -> None:
    """Hand the replies to skipped records up to what those answered.

    A reply to a comment that was deleted answers that comment's own parent
    (the nearest kept ancestor, else the article), as the HTML reader and
    Disqus' deleted posts do, and keeps the deleted comment's id in
    ``meta["reply_to_missing"]`` as Disqus does: what it said was addressed to
    someone else, so the argument map does not pin its cues on the ancestor.
    A reply to a skipped *article* (a Reddit link post, a ConvoKit root with
    ``"text": ""`` or ``[removed]``) is a top-level comment, as on a page whose
    article has no text: it answers the (first kept) article, else nothing,
    and is not marked as answering a missing comment.
    The links are a forest already (:func:`_cut_reply_cycles`), so the walk up ends.
    """
    by_uid = {p["uid"]: p for p in parsed}
    for p in parsed:
        if p["skip"]:
            continue
        target = by_uid.get(p["reply"]) if p["reply"] is not None else None
        if target is None or not target["skip"]:
            continue
        if target["kind"] == "article":
            # a comment on a blank article (a link post) is a top-level comment:
            # it answered the article, not a comment that went missing
            p["reply"] = article_id if p["kind"] == "comment" else None
            continue
        first = target
        while target is not None and target["skip"]:
            target = by_uid.get(target["reply"]) if target["reply"] is not None else None
        p["reply"] = (
            target["uid"]
            if target is not None
            else (article_id if p["kind"] == "comment" else None)
        )
        missing = first["id"] if first["id"] is not None else first["label"]
        p["meta"] = {**p["meta"], REPLY_TO_MISSING: missing}


def _flatten_replies(
    records: list[tuple[str, dict[str, Any]]],
) -> list[tuple[str, Any, int | None]]:
    """``records`` with the replies nested in them (``"replies": [...]`` or
    ``"children": [...]``, lists of objects) spliced in after their parent, depth first.

    Each item is ``(label, record, index of the record it is nested in)``; the
    label gives the JSON path (``utterances[1].replies[0]``) for error messages.
    A ``replies`` value that is not a list of objects (a reply count, say) is
    left alone. Iterative, so any nesting depth works.
    """
    out: list[tuple[str, Any, int | None]] = []
    stack: list[tuple[str, Any, int | None]] = [(lb, r, None) for lb, r in reversed(records)]
    while stack:
        label, rec, nested_in = stack.pop()
        out.append((label, rec, nested_in))
        if not isinstance(rec, dict):
            continue
        here = len(out) - 1
        kids: list[tuple[str, Any, int | None]] = []
        for key in NESTED_REPLIES:
            value = rec.get(key)
            if isinstance(value, list) and all(isinstance(v, dict) for v in value):
                kids += [(f"{label}.{key}[{i}]", v, here) for i, v in enumerate(value)]
        stack.extend(reversed(kids))
    return out


def _reply_field(rec: dict[str, Any]) -> Any:
    """The raw ``reply_to`` of a record: the key itself, else a scraper's
    ``parent_id``/``parent``/``in_reply_to`` (null there = top level), else missing."""
    if "reply_to" in rec:
        return rec["reply_to"]
    for key in PARENT_ALIASES:
        value = rec.get(key)
        if value is not None and not (isinstance(value, str) and not value.strip()):
            return value
    return _MISSING


def _warn_dangling(dangling: list[tuple[str, str]], thread_id: str, path: Path) -> None:
    """[W010] for the ``(utterance, reply_to)`` pairs whose reply_to no utterance has."""
    if dangling:
        warn(
            Warnings.W010.format(
                path=path,
                count=len(dangling),
                thread=thread_id,
                utterance=dangling[0][0],
                reply_to=dangling[0][1],
            )
        )


def _cut_reply_cycles(parsed: list[dict[str, Any]], thread_id: str, path: Path) -> None:
    """Make the ``reply`` links of ``parsed`` a forest, so tree walks end.

    Links are added in file order; one that would close a circle (``c2``
    answering ``c1``, which answers ``c2``) is dropped — that utterance replies
    to nothing — with warning W006 naming the utterances of the circle. A
    comment answering itself is the smallest circle (``c3 -> c3``) and is cut
    the same way, rather than costing the whole file.
    """
    parent: dict[str, str | None] = {}
    for p in parsed:
        uid, target = p["uid"], p["reply"]
        chain = [uid]
        node = target
        while node is not None and node != uid:  # the links so far are acyclic: this ends
            chain.append(node)
            node = parent.get(node)
        if target is not None and node == uid:
            warn(
                Warnings.W006.format(
                    path=path, thread=thread_id, cycle=" -> ".join([*chain, uid]), utterance=uid
                )
            )
            p["reply"] = None
        parent[uid] = p["reply"]


class _ThreadIds:
    """Hands out thread ids: the given one, else the file stem (``-2``… after the first)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.stem = thread_slug(path.stem)
        self.seen: dict[str, str] = {}

    def __call__(self, raw: Any, record: str) -> str:
        given = _id_field(raw, "id", record, self.path)
        if given is not None:
            tid = given.strip()
            if tid in self.seen:
                raise IngestError(
                    Errors.E008,
                    self.path,
                    field="id",
                    record=record,
                    detail=f"duplicate thread id {tid!r} (also in {self.seen[tid]})",
                )
        else:
            tid, n = self.stem, 1
            while tid in self.seen:
                n += 1
                tid = f"{self.stem}-{n}"
        self.seen[tid] = record
        return tid


def _thread_object(obj: Any, record: str, ids: _ThreadIds, path: Path) -> Thread:
    """One thread object (``Thread.to_dict()`` shape) into a :class:`Thread`."""
    if not isinstance(obj, dict):
        raise IngestError(
            Errors.E008, path, field="threads", record=record, detail="expected a thread object"
        )
    if "utterances" not in obj:
        raise IngestError(Errors.E007, path, record=record, field="utterances")
    utts = obj["utterances"]
    if not isinstance(utts, list):
        raise IngestError(
            Errors.E008, path, field="utterances", record=record, detail="expected a list"
        )
    prefix = "" if record == "$" else f"{record}, " if record.startswith("line") else f"{record}."
    fields = {k: obj.get(k) for k in (*THREAD_FIELDS, "source", "meta")}
    fields["id"] = ids(obj.get("id"), record)
    labelled = [(f"{prefix}utterances[{i}]", u) for i, u in enumerate(utts)]
    return build_thread(fields, labelled, path, record)


def _group_utterance_records(
    records: Iterable[tuple[str, dict[str, Any]]], path: Path, default_id: str | None = None
) -> list[Thread]:
    """Utterance rows carrying a thread id, grouped into threads in order of first sight.

    ``default_id``: the thread of a row without a thread id (a JSON list of
    one thread's records); without it, such a row is E007. Rows without
    ``kind`` get ConvoKit's (:func:`_convokit_kinds`).
    """
    groups: dict[str, dict[str, Any]] = {}
    for label, rec in records:
        key = next((k for k in THREAD_ID_ALIASES if _optional(rec.get(k))), None)
        raw_tid = default_id if key is None else _id_field(rec[key], key, label, path)
        if raw_tid is None:
            raise IngestError(Errors.E007, path, record=label, field="thread_id")
        tid = raw_tid.strip()
        group = groups.setdefault(tid, {"fields": {"id": tid}, "records": [], "label": label})
        for name in THREAD_FIELDS:
            value = _scalar(rec.get(name), name, label, path)  # each line's, named by its line
            if group["fields"].get(name) is None and value is not None:
                group["fields"][name] = value
        group["records"].append((label, rec))
    return [
        build_thread(g["fields"], _convokit_kinds(tid, g["records"], path), path, g["label"])
        for tid, g in groups.items()
    ]


def _convokit_kinds(
    thread_id: str, records: list[tuple[str, dict[str, Any]]], path: Path
) -> list[tuple[str, dict[str, Any]]]:
    """``records`` with the ``kind`` ConvoKit leaves out given to those without one.

    A ConvoKit ``utterances.jsonl`` line has ``id, speaker, conversation_id,
    reply_to, timestamp, text, meta`` and no ``kind``: its conversation's
    root is the utterance whose id is the conversation id, and replies to
    nothing (``"reply_to": null``). That one is the article — else, when no
    id is the conversation id, the first with ``"reply_to": null`` — and the
    others are comments. A record with neither a ``kind`` nor a ``reply_to``
    key is not ConvoKit's and is left to be E007. (ConvoKit's Unix-second
    timestamps become ISO times in :func:`_scalar`, as every format's do.)
    Records are copied, not changed.
    """
    if all("kind" in rec for _, rec in records if isinstance(rec, dict)):
        return records
    ids = [
        _id_field(rec.get("id"), "id", label, path) if isinstance(rec, dict) else None
        for label, rec in records
    ]
    root = next((i for i, uid in enumerate(ids) if uid is not None and uid == thread_id), None)
    if root is None:
        root = next(
            (
                i
                for i, (_, rec) in enumerate(records)
                if isinstance(rec, dict) and "kind" not in rec and _reply_field(rec) is None
            ),
            None,
        )
    out = []
    for i, (label, rec) in enumerate(records):
        if isinstance(rec, dict) and "kind" not in rec and (i == root or "reply_to" in rec):
            rec = {**rec, "kind": "article" if i == root else "comment"}
        out.append((label, rec))
    return out


# ---------------------------------------------------------------------------
# JSON


def _loads(text: str, path: Path) -> Any:
    """A JSON document's data (:func:`_parse_document`), with E006 naming the line and
    column (minified JSON is one line). JSON Lines are parsed line by line with
    :func:`discourse.io.parse_json_line` instead.

    A lone UTF-16 surrogate in a string (``"\\ud83d"``, an emoji cut in two)
    is replaced with U+FFFD with warning W013 naming the line: left in, it
    cannot be encoded as UTF-8, and the store would refuse the whole batch.
    """
    try:
        data, replaced = _parse_document(text)
    except json.JSONDecodeError as err:
        where = f"{err.lineno}, column {err.colno}"
        raise IngestError(Errors.E006, path, line=where, detail=json_problem(err)) from err
    if replaced:
        warn(Warnings.W013.format(path=path, line=surrogate_line(text), count=replaced))
    return data


def _parse_document(text: str) -> tuple[Any, int]:
    """:func:`~discourse.surrogates.loads_json` of a JSON document, parsed once per
    file :func:`~discourse.ingest.load` reads: :func:`sniff_json` (perhaps
    twice, for a suffix whose reader it turns down) and :func:`read_json` take
    the same parse (:func:`~discourse.ingest.keep_parsed`)."""
    kept = parsed("json", text)
    if kept is None:
        kept = loads_json(text)
        keep_parsed("json", text, kept)
    return kept


def sniff_json(text: str) -> bool:
    """A JSON document holding a list, a thread object or ``{"threads": [...]}``."""
    if not text.lstrip().startswith(("{", "[")):
        return False
    try:
        data, _ = _parse_document(text)  # as the reader parses: nesting too deep for json.loads too
    except ValueError:
        return False
    return isinstance(data, list) or (
        isinstance(data, dict) and ("utterances" in data or "threads" in data)
    )


@register_reader(
    "json",
    suffixes=(".json",),
    sniff=sniff_json,
    description="a thread object as Thread.to_dict() writes it, a list of them, "
    '{"threads": [...]}, or a list of utterance records',
)
def read_json(text: str, path: Path) -> list[Thread]:
    """Read threads from a JSON document (see the module docstring).

    A list whose first item is an utterance record (:func:`_utterance_record`)
    rather than a thread object is read as JSON Lines' utterance layout; a
    document of any other shape (a Reddit listing, an object of other keys)
    is E102 saying what it holds and what is read (:func:`_shape_error`).
    """
    data = _loads(text, path)
    ids = _ThreadIds(path)
    if isinstance(data, dict) and "threads" in data and "utterances" not in data:
        items = data["threads"]
        if not isinstance(items, list):
            raise IngestError(
                Errors.E008, path, field="threads", record="$", detail="expected a list"
            )
        return [_thread_object(t, f"threads[{i}]", ids, path) for i, t in enumerate(items)]
    if isinstance(data, list):
        if data and _utterance_record(data[0]):
            return _utterance_list(data, path)
        if data and not (isinstance(data[0], dict) and "utterances" in data[0]):
            raise _shape_error(data, path)
        return [_thread_object(t, f"[{i}]", ids, path) for i, t in enumerate(data)]
    if not (isinstance(data, dict) and "utterances" in data):
        raise _shape_error(data, path)
    return [_thread_object(data, "$", ids, path)]


def _utterance_record(item: Any) -> bool:
    """``item`` is one utterance as a JSON Lines line gives it: an object with a
    ``text`` and no ``utterances`` (pandas' ``to_json(orient="records")`` of an
    utterance table, ConvoKit's utterances as a list)."""
    return isinstance(item, dict) and "text" in item and "utterances" not in item


def _utterance_list(data: list[Any], path: Path) -> list[Thread]:
    """Threads from a JSON list of utterance records, grouped by thread id as
    JSON Lines' lines are; a list in which no record names a thread is one
    thread, named by the file. An item that is not an object is E008."""
    for i, item in enumerate(data):
        if not isinstance(item, dict):
            raise IngestError(
                Errors.E008,
                path,
                field="utterances",
                record=f"[{i}]",
                detail=f"expected an utterance object like [0], got {_json_type(item)}",
            )
    named = any(_optional(rec.get(k)) for rec in data for k in THREAD_ID_ALIASES)
    default = None if named else thread_slug(path.stem)
    labelled = ((f"[{i}]", rec) for i, rec in enumerate(data))
    return _group_utterance_records(labelled, path, default_id=default)


def _shape_error(data: Any, path: Path) -> IngestError:
    """E102 for a JSON document that holds no threads, saying what it holds.

    "record [0] is missing required field 'utterances'" said nothing of the
    file's real shape; this names it — a Reddit listing, an object or a list
    of objects with their first keys — and the shapes that are read.
    """
    first = data[0] if isinstance(data, list) and data else data
    if isinstance(first, dict) and first.get("kind") == "Listing" and "data" in first:
        found = (
            'a Reddit listing ("kind": "Listing", the .json of a reddit.com page), which '
            "is not read directly: write the post and its comments as utterance records "
            "(the post as kind 'article'; author as speaker, selftext or body as text, "
            "parent_id without its t1_/t3_ prefix as reply_to)"
        )
    elif isinstance(data, list):
        if isinstance(first, dict):
            found = f"a list of objects with the keys {_keys(first)}"
        else:
            found = f"a list of {_json_type(first)}s" if data else "an empty list"
    elif isinstance(data, dict):
        found = f"an object with the keys {_keys(data)}"
    else:
        found = f"a single {_json_type(data)} ({_shown(data, 40)})"
    return IngestError(Errors.E102, path, found=found)


def _keys(obj: dict[str, Any], limit: int = 6) -> str:
    """The first ``limit`` keys of a JSON object, for a message."""
    keys = [repr(str(k)) for k in list(obj)[:limit]]
    more = " …" if len(obj) > limit else ""
    return (", ".join(keys) + more) if keys else "(none)"


# ---------------------------------------------------------------------------
# JSON Lines


def _physical_lines(text: str) -> Iterator[str]:
    """The lines of ``text``, split at ``\n``, ``\r\n`` or ``\r`` only, lazily.

    Not :meth:`str.splitlines`: it also splits at U+2028, U+0085, form feeds…,
    which ``json.dumps(..., ensure_ascii=False)`` writes raw inside strings, so
    a valid JSON Lines record holding one would be cut in two (E006).
    """
    start = 0
    for m in _LINE_BREAK.finditer(text):
        yield text[start : m.start()]
        start = m.end()
    yield text[start:]


def _json_lines(text: str, path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """The ``(line number, record)`` of each JSON object line of ``text``.

    A line that is not a JSON object (the last line cut short by a killed
    scraper, one garbled line) is skipped with warning W020 naming it, and
    the other lines are read, as ``discourse stance`` reads its input: one
    bad line used to cost the whole file. A file with more bad lines than
    good ones is not JSON Lines (a pretty-printed JSON document, say): E006
    for its first bad line (the file's warnings are dropped with it).
    """
    pending: list[tuple[int, IngestError]] = []  # bad lines not yet warned about
    good = bad = 0
    first_error: IngestError | None = None
    for no, line in enumerate(_physical_lines(text), 1):
        if not line.strip():
            continue
        try:
            record, replaced = parse_json_line(line, path, no)
        except IngestError as err:
            bad += 1
            first_error = first_error or err
            pending.append((no, err))
            if good:  # a JSON Lines file, then: say so as it comes
                _skip_lines(pending, path)
            continue
        good += 1
        _skip_lines(pending, path)  # those above the first good line
        if replaced:
            warn(Warnings.W013.format(path=path, line=no, count=replaced))
        yield no, record
    if first_error is not None and bad > good:
        raise first_error


def _skip_lines(bad: list[tuple[int, IngestError]], path: Path) -> None:
    """[W020] for each ``(line number, E006)`` in ``bad``, which it empties."""
    for no, err in bad:
        cause = err.__cause__
        if isinstance(cause, json.JSONDecodeError):
            column, problem = json_line_problem(cause)
            detail = f"invalid JSON at column {column}: {problem}"
        else:
            detail = "not a JSON object"
        warn(Warnings.W020.format(path=path, line=no, detail=detail))
    bad.clear()


def sniff_jsonl(text: str) -> bool:
    """The first non-blank line is a thread object or an utterance with a thread id."""
    first = next((ln for ln in _physical_lines(text) if ln.strip()), "")
    if not first.lstrip().startswith("{"):
        return False
    try:
        record, _ = loads_json(first)
    except ValueError:
        return False
    return isinstance(record, dict) and (
        "utterances" in record or ("text" in record and any(k in record for k in THREAD_ID_ALIASES))
    )


@register_reader(
    "jsonl",
    suffixes=(".jsonl", ".ndjson"),
    sniff=sniff_jsonl,
    description="JSON Lines: one thread object per line, or one utterance per line with a "
    "thread_id (or ConvoKit's conversation_id)",
)
def read_jsonl(text: str, path: Path) -> list[Thread]:
    """Read threads from JSON Lines; the first record decides the flavour."""
    lines = _json_lines(text, path)
    first = next(lines, None)
    if first is None:
        raise IngestError(Errors.E009, path)

    def all_lines() -> Iterator[tuple[int, dict[str, Any]]]:
        yield first
        yield from lines

    if "utterances" in first[1]:
        ids = _ThreadIds(path)
        return [_thread_object(rec, f"line {no}", ids, path) for no, rec in all_lines()]
    return _group_utterance_records(((f"line {no}", rec) for no, rec in all_lines()), path)


# ---------------------------------------------------------------------------
# CSV


def _sep_line(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` with an Excel ``sep=;`` first line blanked, and the delimiters
    to try on its header: the one that line names, else :data:`CSV_DELIMITERS`.

    Excel writes that line so that the file opens in columns whatever the
    locale; it is no header. Blanked, not cut, so line numbers in messages
    stay those of the file (blank lines before the header are skipped).
    """
    m = _SEP_LINE.match(text)
    if m is None:
        return text, CSV_DELIMITERS
    return text[m.end() :], (m[1],)


def _header_delimiter(text: str, need_thread: bool = True) -> tuple[str, list[str]] | None:
    """The delimiter whose split of the first line gives the required columns,
    and the column names as written (stripped; match them lower-cased).
    ``text`` has been through :func:`_sep_line`, or is a header's line.
    ``need_thread``: a thread id column is required (for sniffing a file of
    unknown type; a ``.csv`` without one is one thread)."""
    text, delimiters = _sep_line(text)
    first = next((ln for ln in _physical_lines(text) if ln.strip()), "")
    for delim in delimiters:
        try:
            cells = next(csv.reader([first], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        names = [c.strip() for c in cells]
        if not _missing_columns([n.lower() for n in names], need_thread):
            return delim, names
    return None


def _check_unique(names: list[str], path: Path) -> None:
    """E015 for a column named twice (case-insensitively, as columns are matched):
    ``dict(zip(...))`` would keep the last one's values without a word."""
    seen: dict[str, int] = {}
    for i, name in enumerate(names, 1):
        key = name.lower()
        if not key:
            continue  # unnamed columns are ignored, however many
        if key in seen:
            raise IngestError(Errors.E015, path, column=name, first=seen[key], second=i)
        seen[key] = i


def _missing_columns(columns: list[str], need_thread: bool = True) -> list[str]:
    """The required columns (:data:`CSV_REQUIRED`) a header row lacks; the
    thread id only when ``need_thread``."""
    have = set(columns)
    missing = [c for c in CSV_REQUIRED[1:] if c not in have]
    if need_thread and not any(a in have for a in THREAD_ID_ALIASES):
        missing.insert(0, CSV_REQUIRED[0])
    return missing


#: Column names other exports use for a required column, which the reader does
#: not take for it: E010 names the one a header has, so the fix is a rename.
COLUMN_LOOKALIKES: dict[str, tuple[str, ...]] = {
    "kind": ("type", "role", "post_type"),
    "speaker": ("author", "user", "username", "name", "commenter", "from"),
    "text": ("body", "comment", "message", "content", "post", "comment_text"),
}


def _header_error(text: str, path: Path) -> IngestError:
    """E010 for a CSV whose first line is not a usable header.

    When the first line, split at some delimiter, names some of the required
    columns it is taken as the header and the message names the ones it lacks,
    with a column it has under another export's name ("body" for "text",
    :data:`COLUMN_LOOKALIKES`). The thread id is optional (a table without it
    is one thread) and is named so: the message said the header lacked it.
    """
    text, delimiters = _sep_line(text)
    first = next((ln for ln in _physical_lines(text) if ln.strip()), "")
    best: list[str] | None = None
    header: list[str] = []
    for delim in delimiters:
        try:
            cells = next(csv.reader([first], delimiter=delim))
        except (csv.Error, StopIteration):
            continue
        have = [c.strip().lower() for c in cells]
        missing = _missing_columns(have, need_thread=False)
        if len(missing) < len(REQUIRED) and (best is None or len(missing) < len(best)):
            best, header = missing, have
    columns = f"{', '.join(REQUIRED)} ({CSV_REQUIRED[0]} optional)"
    if best:
        columns += f" (the header lacks {', '.join(best)}"
        renames = [
            f"{alias!r} is not read as {need!r}: rename it"
            for need in best
            for alias in COLUMN_LOOKALIKES.get(need, ())
            if alias in header
        ]
        columns += "; " + "; ".join(renames) + ")" if renames else ")"
    else:  # nothing like a header: show what the first line holds instead
        shown = first.strip()
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        columns += f" (the first line reads {shown!r})"
    return IngestError(Errors.E010, path, columns=columns)


@contextmanager
def _field_size_limit(size: int) -> Iterator[None]:
    """Let the ``csv`` module read values of up to ``size`` characters.

    Its default limit (131,072) would fail a file over one long comment, which
    JSON Lines reads fine. The limit is process-wide, so it is restored after.
    """
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, size))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def _open_quote_line(text: str, delim: str, start: int) -> int:
    """The line of the quote left open at the end of ``text``.

    ``start`` is the first line of the record holding it. Read leniently, that
    record runs to the end of the file and its last value is everything after
    the opening quote, so the quote sits as many lines above the last line as
    that value has line breaks (not counting a final one).
    """
    rest = io.StringIO(text, newline="").readlines()[start - 1 :]
    row = next(csv.reader(rest, delimiter=delim), None) or [""]
    tail = _FINAL_LINE_BREAK.sub("", row[-1])
    return start + len(rest) - 1 - len(_LINE_BREAK.findall(tail))


def sniff_csv(text: str) -> bool:
    """The first line is a header naming at least thread_id, kind, speaker and text."""
    return _header_delimiter(text) is not None


@register_reader(
    "csv",
    suffixes=(".csv", ".tsv"),
    sniff=sniff_csv,
    description="one row per utterance, separated by , ; or tab; columns kind, speaker, text "
    "[, thread_id or conversation_id (without it the file is one thread), id, reply_to, "
    "timestamp, title, url, published]",
)
def read_csv(text: str, path: Path) -> list[Thread]:
    """Read threads from a CSV table, one utterance per row, grouped by thread_id.

    A table without a thread id column is one thread, named by the file (as a
    JSON list of utterance records is): a spreadsheet of one post's comments.
    """
    found = _header_delimiter(text, need_thread=False)
    if found is None:
        raise _header_error(text, path)
    delim, names = found
    text, _ = _sep_line(text)  # Excel's "sep=;" line: a blank line now, before the header
    _check_unique(names, path)
    columns = [n.lower() for n in names]
    known = UTTERANCE_FIELDS | set(THREAD_FIELDS) | set(THREAD_ID_ALIASES) | set(PARENT_ALIASES)
    # extra columns go to meta under the name the header gives them ("Extra Two")
    extras = [(c, n) for c, n in zip(columns, names, strict=True) if c and c not in known]

    def rows() -> Iterator[tuple[str, dict[str, Any]]]:
        # strict: text after a closing quote, or a quote open at the end, is an error
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
        prev = 0  # the last line of the last complete record
        try:
            while not any(c.strip() for c in next(reader)):  # the header (after blank lines)
                pass
            prev = reader.line_num
            for row in reader:
                start, prev = prev + 1, reader.line_num
                if not any(c.strip() for c in row):
                    continue
                label = f"line {start}"
                if len(row) > len(columns):
                    raise IngestError(
                        Errors.E008,
                        path,
                        field="text",
                        record=label,
                        detail=f"row has {len(row)} fields but the header has {len(columns)} "
                        "(unquoted delimiter in a value?)",
                    )
                rec: dict[str, Any] = dict(zip(columns, row, strict=False))
                extra = {n: rec[c] for c, n in extras if rec.get(c, "").strip()}
                if extra:
                    rec["meta"] = extra
                yield label, rec
        except csv.Error as err:
            start = prev + 1  # the record being read when the error came
            if "end of data" in str(err):  # csv's message for a quote still open at the end
                line = _open_quote_line(text, delim, start)
                detail = "a quoted value starts here and its closing quote is missing"
            else:
                line, detail = reader.line_num, str(err)
                if start < line:
                    detail += f" (in the record that starts at line {start}: an unbalanced quote?)"
            raise IngestError(Errors.E101, path, line=line, detail=detail) from err

    named = any(a in columns for a in THREAD_ID_ALIASES)
    with _field_size_limit(len(text) + 1):
        return _group_utterance_records(
            rows(), path, default_id=None if named else thread_slug(path.stem)
        )
