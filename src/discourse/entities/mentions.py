"""Mention rows from parsed sentences: the ``mentions`` table and the JSONL interface.

A mention row has exactly the columns of the ``mentions`` table
(:data:`discourse.stages.TABLE_COLUMNS`): ``segment_id, thread_id, start,
end, text, label, kind, entity_id, canonical`` with ``start``/``end`` offsets
into the segment (sentence) text. Only the five entity labels of
:data:`~discourse.entities.gazetteer.LABELS` are reported; dates, sums of
money and the like are not who or what a debate is about.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import Errors, IngestError, Warnings
from ..io import read_jsonl
from ..stages import TABLE_COLUMNS
from .gazetteer import LABELS, fold
from .linker import EntityLinker

log = logging.getLogger(__name__)

#: The ``mentions`` table schema, defined once in :mod:`discourse.stages`.
MENTION_COLUMNS: list[str] = TABLE_COLUMNS["mentions"]


def ensure_linked(doc: Doc, linker: EntityLinker | None) -> Doc:
    """Link ``doc`` if the pipeline that parsed it had no linker.

    Logs [W300] once per linker, not once per doc, so a batch parsed without
    the entity components gives one warning.
    """
    if doc._.entities_linked or linker is None:
        return doc
    if not linker.warned_unlinked:
        log.warning(Warnings.W300)
        linker.warned_unlinked = True
    return linker(doc)


def span_mentions(
    sent: Span, segment_id: str, thread_id: str, linker: EntityLinker | None = None
) -> list[dict[str, Any]]:
    """Mention rows of one sentence span; offsets into its whitespace-trimmed text."""
    ensure_linked(sent.doc, linker)
    text = sent.text
    lead = len(text) - len(text.lstrip())
    base = sent.start_char + lead
    rows = []
    for ent in sent.doc.ents:
        if ent.start < sent.start or ent.end > sent.end or ent.label_ not in LABELS:
            continue
        entity_id = ent._.entity_id or ""
        if not entity_id and linker is not None:
            _, entity_id, canonical, kind = linker.resolve(ent.text, ent.label_, ent.ent_id_)
        else:
            canonical, kind = ent._.canonical or ent.text, ent._.kind or ""
        rows.append(
            {
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
        )
    return rows


def resolve_thread(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Link a surname alone to the full name it shortens, within one thread.

    "Hooper" after "Karen Hooper", or "Morales" after "Evo Morales", takes the
    id of the full name when exactly one full name in the thread ends in that
    word (a lone surname the model called an ORG becomes a PERSON). Rows are
    changed in place and returned.
    """
    full: dict[str, set[tuple[str, str, str]]] = {}
    for r in rows:
        words = fold(r["text"]).split()
        if r["label"] == "PERSON" and len(words) >= 2:
            full.setdefault(words[-1], set()).add((r["entity_id"], r["canonical"], r["kind"]))
            if len(words) >= 3:  # "Pérez Molina" shortens to "Molina" too
                full.setdefault(words[-2], set()).add((r["entity_id"], r["canonical"], r["kind"]))
    for r in rows:
        words = fold(r["text"]).split()
        if r["label"] not in ("PERSON", "ORG") or len(words) != 1:
            continue
        if not r["entity_id"].startswith("x:"):
            continue
        cands = full.get(words[0], set())
        if len(cands) == 1:
            # the model sometimes calls a lone surname an ORG ("Hooper says …")
            r["label"] = "PERSON"
            r["entity_id"], r["canonical"], r["kind"] = next(iter(cands))
    return rows


def _record_thread(record: dict[str, Any]) -> str:
    """Thread a JSONL record belongs to: its ``thread_id``, else the id up to the first ``/``."""
    tid = record.get("thread_id")
    if isinstance(tid, str) and tid:
        return tid
    return str(record["id"]).split("/", 1)[0]


def tag_texts(
    records: Iterable[dict[str, Any]],
    nlp: Language,
    *,
    batch_size: int = 64,
    path: str = "<records>",
) -> Iterator[dict[str, Any]]:
    """``{"id", "text"}`` records in, ``{"id", "mentions"}`` out (offsets into ``text``).

    Each mention is ``{start, end, text, label, kind, entity_id, canonical}``.
    Records of one thread (same ``thread_id``, or same id prefix before the
    first ``/``) are resolved together, so a surname links to an earlier full
    name. Raises :class:`~discourse.errors.IngestError` [E303] for a record
    without a string ``id`` and ``text``.
    """
    linker = _linker_of(nlp)

    def checked() -> Iterator[tuple[str, dict[str, Any]]]:
        for no, rec in enumerate(records, 1):
            for key in ("id", "text"):
                if not isinstance(rec.get(key), str):
                    raise IngestError(Errors.E303, path, record=no, field=key)
            yield rec["text"], rec

    group: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    current: str | None = None

    def flush() -> Iterator[dict[str, Any]]:
        resolve_thread([m for _, ms in group for m in ms])
        for rec, ms in group:
            yield {
                "id": rec["id"],
                "mentions": [{k: m[k] for k in MENTION_COLUMNS[2:]} for m in ms],
            }

    for doc, rec in nlp.pipe(checked(), as_tuples=True, batch_size=batch_size):
        thread = _record_thread(rec)
        if current is not None and thread != current:
            yield from flush()
            group = []
        current = thread
        whole = doc[:]
        rows = span_mentions(whole, rec["id"], thread, linker)
        lead = len(doc.text) - len(doc.text.lstrip())
        for m in rows:  # offsets into the record text, not its trimmed form
            m["start"] += lead
            m["end"] += lead
        group.append((rec, rows))
    if group:
        yield from flush()


def tag_file(
    path: str | Path,
    nlp: Language,
    *,
    batch_size: int = 64,
) -> Iterator[dict[str, Any]]:
    """:func:`tag_texts` over a JSON Lines file."""
    yield from tag_texts(read_jsonl(path), nlp, batch_size=batch_size, path=str(path))


def _linker_of(nlp: Language) -> EntityLinker | None:
    for _, pipe in nlp.pipeline:
        if isinstance(pipe, EntityLinker):
            return pipe
    return None
