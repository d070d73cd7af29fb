"""The main job behind ``discourse run``: corpus files in, store, maps and reports out.

:func:`run_corpus` is what the CLI calls and what a notebook can call with the
same arguments. The weekly job is "drop new posts into the corpus, run one
command, read the updated reports", so a run:

1. reads every file and hashes each thread (:meth:`Thread.content_hash`);
   threads whose hash is already in the store are skipped *before* anything
   is parsed, and when nothing is new the models are never loaded;
2. parses and analyses the new and changed threads as a stream
   (:func:`discourse.segment.parse_threads` → the configured stages of
   :func:`discourse.stages.build_analyser`), in this process or in ``workers``
   processes that each load the models once;
3. writes each thread's argument map and report as soon as it is analysed and
   stores its tables in one transaction (:meth:`Store.write_thread`) — a run
   killed part-way loses at most the threads in flight;
4. rebuilds the corpus report, the corpus map and the table exports only when
   the store changed.

Bad files never stop the batch: each problem becomes a coded
:class:`Issue` in :attr:`RunSummary.errors` or :attr:`RunSummary.warnings`,
is recorded in the store's ``runs`` table and shown in the summary.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import re
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .config import PipelineConfig
from .errors import Errors, IngestError, StageError, Warnings
from .ingest import iter_files, load, source_path, source_text
from .io import check_output_folder, check_output_path
from .model import Thread
from .modelfiles import file_sha256, model_digest, stance_model_file, uses_encoder

if TYPE_CHECKING:
    from .store import Store

log = logging.getLogger(__name__)

#: A run writes analysed threads to the store in batches of at most this many
#: threads, or as many as were analysed in this many seconds (see ``_StoreBatch``).
STORE_BATCH_THREADS = 16
STORE_BATCH_SECONDS = 2.0

#: The collector's first threshold during a run (Python's default is 700).
GC_THRESHOLD = 10_000

#: Called after each stored thread with ``(thread_id, segments)``; the CLI
#: drives its progress bar with it.
ProgressFn = Callable[[str, int], None]


@dataclass(frozen=True)
class Issue:
    """One error or warning of a run: the file, the stable code and the message."""

    path: str
    code: str
    message: str

    @classmethod
    def from_message(cls, path: str | Path, message: str) -> Issue:
        """Take the code from a coded message (``"[W002] …"``)."""
        m = re.match(r"\[([EW]\d{3})\]", message)
        return cls(source_text(path), m.group(1) if m else "", message)

    def to_dict(self) -> dict[str, str]:
        """``{path, code, message}`` as stored in the ``runs`` table."""
        return {"path": self.path, "code": self.code, "message": self.message}


@dataclass
class RunSummary:
    """What a run did: counts, per-file errors and warnings, outputs, timing."""

    run_id: str = ""
    store: Path | None = None
    files: int = 0
    threads: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    #: threads not analysed because they are copies of one stored or read before (W517)
    skipped: int = 0
    utterances: int = 0
    segments: int = 0
    words: int = 0
    errors: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    #: unchanged threads analysed again because of ``force`` (counted as unchanged)
    forced: int = 0
    #: stored threads removed because their file is gone (``prune``)
    removed: int = 0
    #: unchanged threads whose file moved: thread id → the new source
    moved: dict[str, str] = field(default_factory=dict, repr=False)
    reports_rebuilt: bool = False
    #: why the corpus outputs were rebuilt (:func:`discourse.report.stale_reasons`)
    reports_reasons: list[str] = field(default_factory=list)
    reports_failed: bool = False
    models_loaded: bool = False
    seconds: float = 0.0
    #: threads selected for analysis and not yet stored: id → "new" or "changed".
    #: They are counted when stored, so an interrupted run counts what it stored.
    pending: dict[str, str] = field(default_factory=dict, repr=False)
    #: the selected threads stored so far: an interrupted run says how many are left
    stored_ids: set[str] = field(default_factory=set, repr=False)
    #: every file read without error: resolved path → the ids of the threads it gave.
    #: A stored thread its file no longer gives is gone from the corpus (W512, ``prune``).
    read_ids: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def stored(self, thread_id: str) -> None:
        """Count a selected thread as new or changed once it is stored."""
        kind = self.pending.pop(thread_id, "new")
        setattr(self, kind, getattr(self, kind) + 1)
        self.stored_ids.add(thread_id)

    def error(self, path: str | Path, message: str) -> None:
        """Record an error; the summary reports it, the log shows it at INFO as it happens."""
        log.info("%s", message)
        self.errors.append(Issue.from_message(path, message))

    def warn(self, path: str | Path, message: str) -> None:
        """Record a warning; the summary reports it, the log shows it at INFO as it happens."""
        log.info("%s", message)
        self.warnings.append(Issue.from_message(path, message))

    def error_lines(self) -> list[str]:
        """One line per error."""
        return [i.message for i in self.errors]

    def warning_lines(self) -> list[str]:
        """One line per warning."""
        return [i.message for i in self.warnings]

    @property
    def counts(self) -> dict[str, int]:
        """The counts recorded in the ``runs`` table (:meth:`discourse.store.Store.finish_run`).

        ``skipped`` is among them so that the run history accounts for copies
        skipped with ``W517``, which are neither stored nor failed.
        """
        return {
            "files": self.files,
            "new": self.new,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "failed": self.failed,
            "segments": self.segments,
            "skipped": self.skipped,
        }

    def describe(self) -> str:
        """Human summary printed at the end of ``discourse run``."""
        rate = (
            f" ({self.segments / self.seconds:.0f} segments/s)"
            if self.seconds and self.segments
            else ""
        )
        # why, so that a rebuild of unchanged threads is not read as "threads changed"
        why = f": {', '.join(self.reports_reasons)}" if self.reports_reasons else ""
        if self.reports_failed:
            reports = "reports NOT rebuilt (see W502)"
        elif not self.reports_rebuilt:
            reports = "reports up to date"
        elif any(p.name == "index.html" for p in self.outputs):
            reports = f"reports rebuilt{why}"
        elif self.outputs:
            reports = f"maps and tables rebuilt (reports off){why}"
        else:
            reports = "no reports, maps or tables configured"
        forced = f" ({self.forced} re-analysed: --force)" if self.forced else ""
        if self.removed:
            forced += f", {self.removed} removed (gone from the corpus: --prune)"
        skipped = f", {self.skipped} skipped (copies: W517)" if self.skipped else ""
        return (
            f"{self.files} files, {self.threads} threads: {self.new} new, {self.changed} changed, "
            f"{self.unchanged} unchanged{forced}, {self.failed} failed{skipped}; "
            f"{self.segments} segments analysed "
            f"in {self.seconds:.1f}s{rate}; {len(self.errors)} errors, {len(self.warnings)} warnings; "
            f"{reports}; store {self.store}"
        )


class RunInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run_corpus`, carrying the summary of what the run did.

    Still a ``KeyboardInterrupt`` (what stops on one stops on this); the
    summary's last warning (W514, W515 or W516) says how many threads were
    stored and how many are left, so the command line can tell the user more
    than that the run stopped. The same warning is in the run's row of the
    ``runs`` table.
    """

    def __init__(self, summary: RunSummary) -> None:
        super().__init__(summary.warnings[-1].message if summary.warnings else "interrupted")
        self.summary = summary


class _Tally(RunSummary):
    """A summary that keeps its issues to itself: for reading the corpus a second time."""

    def error(self, path: str | Path, message: str) -> None:
        """Already recorded (or not this run's to record): ignored."""

    def warn(self, path: str | Path, message: str) -> None:
        """Already recorded (or not this run's to record): ignored."""


# ---------------------------------------------------------------------------
# ingest: files → threads, de-duplicated, hashed, new/changed only


def ingest(
    paths: Iterable[str | Path],
    config: PipelineConfig,
    summary: RunSummary,
    outputs: Iterable[str | Path] = (),
    stored_sources: dict[str, str | None] | None = None,
    stored_hashes: dict[str, str] | None = None,
) -> Iterator[Thread]:
    """Threads from every readable file; failures are recorded in ``summary``.

    ``outputs`` (the report folder and the store) are skipped where a corpus
    folder holds them.

    Thread ids must be unique in a batch: a second thread with an id already
    read is renamed ``<id>-2`` (``-3`` …) with warning W003 naming both files,
    so both are kept. Files sorted by path decide who keeps the id, so the
    renaming is the same every week. ``stored_sources`` (``{stored thread id:
    source}``) keeps it so when the file that held the id is gone: a thread
    stored as ``<id>-2`` from the same file keeps ``<id>-2`` (W510) rather
    than taking ``<id>`` and overwriting the other file's stored analysis.
    A file that moved keeps the ``<id>-2`` its text is stored under too
    (``stored_hashes`` tell): renamed afresh it would be analysed and stored
    a second time. A moved file whose comments changed is renamed: the same
    article under the id can be another file's (a cross-posted article, a
    re-export), and taking the id would overwrite that file's analysis.

    A thread with the same id and content (:meth:`Thread.content_hash`) as one
    read earlier in the batch, or as the stored thread of a file that is still
    there, is a copy (a file dropped into an "incoming" folder twice): it is
    skipped with W517 naming both files and counted in ``summary.skipped``,
    not renamed and analysed again, which counted its posts twice.
    """
    seen: dict[str, str] = {}
    #: (id as read, content hash) → the file it was first read from: a copy's original
    firsts: dict[tuple[str, str], str] = {}
    #: stored originals read again to compare (:func:`_threads_held`): file → {id: content hash}
    originals: dict[str, dict[str, str]] = {}
    sources, hashes = stored_sources or {}, stored_hashes or {}
    renamed_before = _renamed_ids(sources)
    renamed_stored = _renamed_by_base(sources)
    paths = list(paths)
    named = {str(Path(p)) for p in paths}
    read: set[Path] = set()
    for found in iter_files(paths, exclude=config["ingest"]["exclude"], outputs=outputs):
        if Path(found).resolve() in read:  # named twice, or also found in a named folder
            log.info("%s: already read in this run; skipped", source_text(found))
            continue
        read.add(Path(found).resolve())
        summary.files += 1
        path = source_text(found)  # what messages and the store name it by (see source_text)
        try:
            loaded = load(found)
        except IngestError as err:
            if err.code == "E001" and str(found) not in named:
                # found in a folder a moment ago, gone now: removed while the batch ran
                summary.warn(path, Warnings.W501.format(path=path))
            summary.error(path, str(err))
            summary.failed += 1
            continue
        for w in loaded.warnings:
            summary.warnings.append(Issue.from_message(path, w))
        resolved = source_text(Path(found).resolve())
        held = summary.read_ids.setdefault(resolved, set())
        for thread in loaded.threads:
            if not thread.utterances:
                continue
            if thread.source == path:  # stored absolute: any working directory finds it
                thread = replace(thread, source=resolved)
            digest = thread.content_hash()
            original = _copy_of(thread, digest, firsts, sources, hashes, originals)
            if original:
                summary.skipped += 1
                summary.warn(
                    path, Warnings.W517.format(path=path, thread=thread.id, other=original)
                )
                continue
            firsts.setdefault((thread.id, digest), thread.source or str(path))
            earlier = renamed_before.get((thread.id, thread.source or ""))
            moved = None
            if earlier is None:  # not stored from this file: from the file it moved from?
                moved = _moved_id(thread, renamed_stored.get(thread.id, ()), sources, hashes, seen)
                earlier = moved
            owner = _owner_elsewhere(thread, sources, hashes)
            if thread.id in seen or owner:
                elsewhere = _owned_elsewhere(thread.id, thread.source, sources)
                elsewhere.pop(moved or "", None)  # held by this very text, from its old path
                taken = {**seen, **elsewhere}
                new_id = earlier if earlier and earlier not in taken else _free_id(thread.id, taken)
                if new_id == earlier and thread.id not in seen:  # its own id from before
                    message = Warnings.W510.format(path=path, thread=thread.id, new=new_id)
                elif thread.id in seen:
                    other = seen[thread.id]
                    message = Warnings.W003.format(
                        path=path, thread=thread.id, other=other, new=new_id
                    )
                else:  # held by a stored thread whose file this run did not read
                    gone = "" if owner and source_path(owner).exists() else ", a file now gone"
                    other = f"{owner} in an earlier run{gone}"
                    message = Warnings.W003.format(
                        path=path, thread=thread.id, other=other, new=new_id
                    )
                summary.warn(path, message)
                thread = rename_thread(thread, new_id)
            elif earlier and earlier not in seen:
                message = Warnings.W510.format(path=path, thread=thread.id, new=earlier)
                if thread.id in sources:  # the other file's thread is still stored
                    summary.warn(path, message)
                else:  # pruned: nothing to tell apart any more, nor to say every run
                    log.info("%s", message)
                thread = rename_thread(thread, earlier)
            seen[thread.id] = str(path)
            held.add(thread.id)
            yield thread


def _copy_of(
    thread: Thread,
    digest: str,
    firsts: dict[tuple[str, str], str],
    stored_sources: dict[str, str | None],
    stored_hashes: dict[str, str],
    originals: dict[str, dict[str, str]],
) -> str | None:
    """The other file ``thread`` is a copy of, as W517 names it, or ``None``.

    A copy has the same id and content hash (``digest``) as a thread read
    earlier in this run from another file (``firsts``), or as the thread
    stored under its id from another file that still holds it (:func:`_threads_held`).
    The content hash is of the parsed thread, so a copy in another format (the
    ``.json`` export of a ``.txt`` page) is one too. A stored thread whose file is gone is not
    copied but moved (:func:`_owner_elsewhere`): that file's thread takes
    its id back and its new path is recorded.
    """
    first = firsts.get((thread.id, digest))
    if first is not None and not _same_file(first, thread.source):
        return first
    owner = stored_sources.get(thread.id)
    if (
        owner
        and stored_hashes.get(thread.id) == digest
        and not _same_file(owner, thread.source)
        and _threads_held(owner, originals).get(thread.id) == digest
    ):
        return f"{owner}, stored in an earlier run"
    return None


def _threads_held(owner: str, originals: dict[str, dict[str, str]]) -> dict[str, str]:
    """The threads the file ``owner`` holds now, id → content hash (``{}`` when it is
    gone or unreadable), read once per run (``originals``, by file): a copy's stored
    original must still hold the copy's text.

    The store's hash is of the text stored before this run: an original edited
    since (and read in this run, before or after its copy) is no copy's original
    any more, and its old copy a thread of its own, as the next run would find
    it. Read only for a thread whose id and content a stored one has, and once
    per file: a copied file of 10,000 threads reads its original once, not
    10,000 times.
    """
    if owner not in originals:
        try:
            threads = load(source_path(owner)).threads
        except (IngestError, OSError):
            threads = []
        originals[owner] = {t.id: t.content_hash() for t in threads}
    return originals[owner]


def _same_file(a: str | None, b: str | None) -> bool:
    """Whether two stored sources name one file ("corpus/a.json" and its absolute path)."""
    if a is None or b is None:
        return a == b
    return a == b or source_path(a).resolve() == source_path(b).resolve()


def _owner_elsewhere(
    thread: Thread,
    stored_sources: dict[str, str | None],
    stored_hashes: dict[str, str],
) -> str | None:
    """The other file ``thread.id`` is stored from, if that file keeps the id.

    It keeps it whatever the path order, so stored threads keep their ids
    week after week: a new file reusing a stored id is the one renamed, also
    when the stored thread's file is gone (taking the id would overwrite that
    analysis). Only the same thread — same text — from a moved file takes
    its id back: the same article with other comments may be another file's
    (a cross-posted article), whose stored analysis taking the id would lose.
    """
    owner = stored_sources.get(thread.id)
    if owner is None or _same_file(owner, thread.source):
        return None
    if not source_path(owner).exists():
        if stored_hashes.get(thread.id) == thread.content_hash():
            return None  # the file moved
    return owner


def _owned_elsewhere(
    thread_id: str, source: str | None, stored_sources: dict[str, str | None]
) -> dict[str, str]:
    """Stored ``<id>-<n>`` ids held by other files: not free for renaming."""
    prefix = f"{thread_id}-"
    return {
        i: owner or ""
        for i, owner in stored_sources.items()
        if i.startswith(prefix) and not _same_file(owner, source)
    }


def _renamed_ids(stored_sources: dict[str, str | None]) -> dict[tuple[str, str], str]:
    """``{(original id, resolved source): stored id}`` for threads stored as ``<id>-<n>``.

    Not when the same file holds ``<id>`` too (a file may hold "x" and "x-2"
    itself); the base id may be held by another file, or by none any more.
    """
    out: dict[tuple[str, str], str] = {}
    for stored_id, source in sorted(stored_sources.items()):
        base, dash, n = stored_id.rpartition("-")
        if not (source and dash and n.isdigit() and int(n) >= 2):
            continue
        if not _same_file(stored_sources.get(base), source):
            out.setdefault((base, source_text(source_path(source).resolve())), stored_id)
    return out


def _renamed_by_base(stored_sources: dict[str, str | None]) -> dict[str, list[str]]:
    """``{original id: [stored ids <id>-2, <id>-3, …]}``, in number order.

    What :func:`_moved_id` looks through, built once per run so a thread
    costs a dictionary lookup, not a pass over every stored id.
    """
    out: dict[str, list[tuple[int, str]]] = {}
    for stored_id in stored_sources:
        base, dash, n = stored_id.rpartition("-")
        if dash and n.isdigit() and int(n) >= 2:
            out.setdefault(base, []).append((int(n), stored_id))
    return {base: [i for _, i in sorted(ids)] for base, ids in out.items()}


def _moved_id(
    thread: Thread,
    candidates: Iterable[str],
    stored_sources: dict[str, str | None],
    stored_hashes: dict[str, str],
    seen: dict[str, str],
) -> str | None:
    """The ``<id>-<n>`` this thread's text is stored under from a file that is gone.

    That file moved: the thread is the one stored, so it takes that id back
    (and counts as unchanged, its new path recorded) rather than a fresh
    ``<id>-<n+1>`` that would store the same text twice. The stored hash is
    of the renamed thread (its id is hashed too), so the thread is compared
    renamed. ``candidates`` are the stored ``<id>-<n>`` ids
    (:func:`_renamed_by_base`); one already given out in this run, or whose
    file is still there (a copy, not a move), is not this thread's. Nor is
    any when the thread is stored under its own id, from this file or with
    this text: a removed copy of it must not take its id away.
    """
    candidates = list(candidates)
    if not candidates or _same_file(stored_sources.get(thread.id), thread.source):
        return None
    if stored_hashes.get(thread.id) == thread.content_hash():
        return None
    for stored_id in candidates:
        source = stored_sources.get(stored_id)
        if stored_id in seen or not source or source_path(source).exists():
            continue
        if stored_hashes.get(stored_id) == rename_thread(thread, stored_id).content_hash():
            return stored_id
    return None


def _free_id(thread_id: str, seen: dict[str, str]) -> str:
    for n in itertools.count(2):
        candidate = f"{thread_id}-{n}"
        if candidate not in seen:
            return candidate
    raise AssertionError("unreachable")  # pragma: no cover


def rename_thread(thread: Thread, new_id: str) -> Thread:
    """The same thread under ``new_id``: utterance ids and replies are re-prefixed."""
    old = thread.id

    def fix(uid: str) -> str:
        return new_id + uid[len(old) :] if uid.startswith(old + "/") else uid

    utts = tuple(
        replace(
            u,
            id=fix(u.id),
            thread_id=new_id,
            reply_to=None if u.reply_to is None else fix(u.reply_to),
        )
        for u in thread.utterances
    )
    return replace(thread, id=new_id, utterances=utts)


def select_threads(
    threads: Iterable[Thread],
    known: dict[str, str],
    summary: RunSummary,
    *,
    force: bool = False,
    max_chars: int = 50000,
    max_utterance_chars: int = 0,
    originals: dict[str, Thread] | None = None,
    sources: dict[str, str | None] | None = None,
) -> Iterator[Thread]:
    """The threads to analyse: new or changed (all with ``force``); counts the rest.

    Warns (W004) about utterances long enough to be analysed in pieces, and
    cuts utterances over ``max_utterance_chars`` to that length for analysis
    (W503); the uncut thread goes into ``originals`` so the store keeps the
    full text. ``sources`` (stored thread id → source) lets an unchanged thread
    whose file moved be noted in ``summary.moved``.
    """
    for thread in threads:
        summary.threads += 1
        digest = thread.content_hash()
        old = known.get(thread.id)
        if old == digest and not force:
            summary.unchanged += 1
            if sources is not None and thread.source and sources.get(thread.id) != thread.source:
                # another file, or the same one stored under the other spelling of its path
                summary.moved[thread.id] = thread.source  # same text, new file: note where
            continue
        if old == digest:  # --force: same content, analysed again
            summary.pending[thread.id] = "unchanged"
            summary.forced += 1
        else:
            summary.pending[thread.id] = "new" if old is None else "changed"
        path = thread.source or thread.id
        for message in long_utterance_warnings(thread, path, max_chars, max_utterance_chars):
            summary.warn(path, message)
        if max_utterance_chars and any(
            len(u.text) > max_utterance_chars for u in thread.utterances
        ):
            if originals is not None:
                originals[thread.id] = thread
            thread = _truncated(thread, max_utterance_chars)
        yield thread


def long_utterance_warnings(
    thread: Thread, path: str | Path, max_chars: int, max_utterance_chars: int = 0
) -> list[str]:
    """The warnings for ``thread``'s utterances too long to analyse whole, in reading order.

    An utterance over ``max_utterance_chars`` (``0``: no limit) is cut to that
    length for analysis, ``[W503]``; any other over ``max_chars`` (``[segment]
    max_chars``) is parsed in pieces, ``[W004]``. ``discourse run`` and
    ``discourse segment`` (which cuts nothing) both warn with this, so the two
    name the same utterances in the same words; ``path`` is the file named.
    """
    messages = []
    for u in thread.utterances:
        size = len(u.text)
        if max_utterance_chars and size > max_utterance_chars:
            messages.append(
                Warnings.W503.format(
                    path=path, utterance=u.id, size=size, limit=max_utterance_chars
                )
            )
        elif size > max_chars:
            messages.append(Warnings.W004.format(path=path, utterance=u.id, size=size))
    return messages


def _truncated(thread: Thread, limit: int) -> Thread:
    """``thread`` with every utterance cut to ``limit`` characters, at a space where possible."""

    def cut(text: str) -> str:
        if len(text) <= limit:
            return text
        space = text.rfind(" ", 0, limit)
        return text[: space if space > limit // 2 else limit]

    return replace(
        thread, utterances=tuple(replace(u, text=cut(u.text)) for u in thread.utterances)
    )


# ---------------------------------------------------------------------------
# analysis: in this process or in worker processes


@dataclass
class Analysed:
    """One analysed thread, as it travels back from a worker: tables, no spaCy objects."""

    thread: Thread
    tables: dict[str, pd.DataFrame] | None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    words: int = 0


class _Analyser:
    """Models loaded once per process, and the per-thread work done with them."""

    def __init__(self, config: PipelineConfig, out: Path | None) -> None:
        from .nlp import nlp_from_config
        from .stages import build_analyser

        self.config = config
        self.out = out
        # the gazetteer ruler and linker cost parse time: only when mentions are wanted
        self.nlp = nlp_from_config(config)
        self.analyse = build_analyser(config)
        # what the corpus map checks before reusing a thread map cached by this process
        self.model_version = model_version(config)

    def run(self, threads: Iterable[Thread]) -> Iterator[Analysed]:
        """Parse and analyse ``threads`` lazily, in order; one failure costs one thread."""
        from .report import map_key
        from .segment import parse_threads

        for parsed in parse_threads(
            threads,
            self.nlp,
            batch_size=self.config["nlp"]["batch_size"],
            max_chars=self.config["segment"]["max_chars"],
        ):
            thread = parsed.thread
            words = sum(len(s) for s in parsed.spans)
            path = thread.source or thread.id
            try:
                result = self.analyse(parsed)
            except Exception as err:  # a stage bug must not stop the batch
                # the coded line is the message; the traceback is for -v
                log.info("analysing %s failed", thread.id, exc_info=True)
                if isinstance(err, StageError):
                    msg = err.message(path, thread.id)
                else:  # outside the stages (the segments table): the same E507
                    detail = f"{type(err).__name__}: {err}"
                    msg = Errors.E507.format(path=path, thread=thread.id, detail=detail)
                yield Analysed(thread, None, error=msg, words=words)
                continue
            tables = result.tables
            warnings = []
            if self.out is not None:
                key = map_key(thread.content_hash(), self.config.hash, self.model_version)
                warnings = write_thread_outputs(thread, tables, self.out, self.config, key)
            yield Analysed(thread, tables, warnings=warnings, words=words)


def write_thread_outputs(
    thread: Thread,
    tables: dict[str, pd.DataFrame],
    out: Path,
    config: PipelineConfig,
    map_key: str | None = None,
) -> list[str]:
    """Write one thread's argument maps and report; problems come back as W500 messages.

    A map or report that cannot be drawn must not cost the thread its stored
    analysis, so failures are messages, not exceptions (see
    :func:`discourse.report.draw_thread_outputs`). ``map_key`` (see
    :func:`discourse.report.map_key`) also caches the map for the corpus map.
    """
    from .report import draw_thread_outputs

    return draw_thread_outputs(thread, tables, out, config, map_key)[1]


_worker: _Analyser | None = None


def _init_worker(sections: dict[str, dict[str, Any]], path: str | None, out: str | None) -> None:
    global _worker
    logging.basicConfig(level=logging.WARNING)
    if gc.isenabled() and gc.get_threshold()[0] < GC_THRESHOLD:  # as fewer_collections, for good
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    _worker = _Analyser(PipelineConfig(sections=sections, path=path), Path(out) if out else None)


def _work(chunk: list[Thread]) -> list[Analysed]:
    assert _worker is not None, "worker not initialised"
    return list(_worker.run(chunk))


def analyse_threads(
    threads: Iterable[Thread],
    config: PipelineConfig,
    *,
    out: Path | None = None,
    workers: int = 1,
    chunk_size: int | None = None,
) -> Iterator[Analysed]:
    """Analyse a stream of threads, yielding results in input order.

    With ``workers > 1`` threads go in chunks to worker processes; at most
    ``2 × workers`` chunks are in flight, so memory stays bounded however long
    the stream. Where the OS can fork, the models are loaded once here and the
    workers inherit them (copy-on-write), as they inherit stages registered at
    run time (a notebook, a plug-in, a test); elsewhere each worker loads them
    in the pool initializer and stages must be importable. Results are the
    same as with one worker: every stage is a pure function of its thread.
    """
    global _worker
    if workers < 1:
        raise ValueError(Errors.E509.format(workers=workers))
    if workers == 1:
        yield from _Analyser(config, out).run(threads)
        return
    size = chunk_size or config["run"]["chunk_size"]
    it = iter(threads)
    pool: ProcessPoolExecutor
    if "fork" in multiprocessing.get_all_start_methods():
        _worker = _Analyser(config, out)
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("fork")
        )
    else:  # pragma: no cover - macOS/Windows
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            initargs=(config.sections, config.path, str(out) if out else None),
        )
    with pool:
        pending: deque[Future[list[Analysed]]] = deque()
        while True:
            while len(pending) < 2 * workers:
                chunk = list(itertools.islice(it, size))
                if not chunk:
                    break
                pending.append(pool.submit(_work, chunk))
            if not pending:
                break
            yield from pending.popleft().result()
    _worker = None


# ---------------------------------------------------------------------------
# the run


def _check_setup(config: PipelineConfig) -> list[tuple[str, str]]:
    """Stop before any work (and before a run is recorded) when a plug-in does
    not import, the configured stages do not exist, the stance model file is
    missing or the ``[entities] gazetteer`` file is not a valid gazetteer.

    A gazetteer of one's own is read here (``[E300]``–``[E306]`` with the
    line), which imports spaCy with the entities package even when no thread
    is new: about a second, against a failed run recorded after the store was
    made. It is cached, so the analysis does not read it again; the shipped
    one is valid, has no warning (a test says so) and is not read until a
    thread needs it. Returns the gazetteer's warnings (``[W301]``: an alias
    of two entities) as ``(file, message)`` pairs, read with the log quiet, for
    the run to record: logged, they were printed but not counted, nor kept
    in the runs table.
    """
    from .stages import check_stage_names, load_plugins

    load_plugins(config)
    check_stage_names(config["pipeline"]["stages"], config.path)
    if "stance" in config["pipeline"]["stages"]:
        path = _stance_model_file(config)
        if not path.is_file():
            raise OSError(Errors.E207.format(path=path))
        if uses_encoder(path):  # [E215] before any thread, not once per thread
            from .encoder import encoder_dir

            encoder_dir()
    gazetteer = config.resolve(config["entities"]["gazetteer"])
    if "entities" not in config["pipeline"]["stages"] or gazetteer == "builtin":
        return []
    from .entities.gazetteer import gazetteer_warnings

    return [(gazetteer, message) for message in gazetteer_warnings(gazetteer)]


def _stance_model_file(config: PipelineConfig) -> Path:
    """The stance model file ``[stance] model`` names, without loading it."""
    return stance_model_file(config["stance"]["model"], config.base_dir)


#: Bumped when a change to discourse's own analysis (segmentation, entity
#: linking, agreement relations, holders) changes what a run stores for text
#: that has not changed: stored threads then carry another :func:`model_version`,
#: and the next run says so (W511) instead of mixing two analyses in silence.
#: 3: entity links (a bare body's country, accents, lower-case acronyms);
#: 4: holders (only he/she and role descriptions resolve to a person named
#: before, by salience; a side is held by the subject of the reporting verb
#: governing its cue); 5: entity links (a state's own body, "Sinaloa's
#: Congress", is not the federal one; unknown bodies keyed by their country),
#: agreement by stance between speakers' own positions only, holders without
#: a title before a name ("Interior Minister Alejandro Poire"); 6: sentence
#: ends after "no.", abbreviations and single letters before a sentence
#: opener ("he said no. Nobody", "Schedule I. So is LSD."), list items, quoted
#: lines and headings on their own lines; Spanish titles ("Sra. Gómez");
#: an ellipsis before a lower-case word; 7: holders (a clause spliced on
#: with a comma onto a verb with its own complement, or an adverbial clause
#: with its own subject, is not held by the other clause's reporting verb),
#: and the line rules of 6 refined: a heading must be title-like and not end
#: in a title or a name's first part ("We spoke with Senator\nLeahy" is one
#: sentence), hard-wrapped quoted lines are one sentence, and "got a C.
#: Nobody" keeps "a C." in its sentence; 8: holders (he/she resolve to a
#: described person, "my uncle"; it/they to an organisation or group
#: subject; verbs of judging or hoping, "denounce", "hope", "be convinced",
#: report their subject's position; a name joins the full name anywhere in
#: the thread, without a title; a name in apposition to a role is the holder);
#: 9: holders (an opening "As Fox put it, …", "In the words of Calderon, …" and
#: "To quote …" attribute as "According to …" does; a name before an opening
#: colon, 'Fox: "Legalize it."', is the speaker of the rest; a quantified
#: group reported to hold a position is its holder, "everyone in my village",
#: "half my family", "most people I know", and one the writer is part of,
#: "my wife and I", "most of us", the writer), and sentence ends: an
#: abbreviation closing a phrase before a new clause ("… in the U.S. Mexico
#: pays"), a possessive heading over a name ("Guatemala's New President" /
#: "Otto Perez Molina took office"), "say no. that worked"; the demand cue
#: shown only in its market sense; a recipient country ("aid to Mexico") does
#: not decide which Congress;
#: a sentence on a quoted line ("> …") takes no side (the quoted position is
#: counted where it was said; the quotes relation links them), and agreement cues ("nonsense" /
#: "rubbish" only said of what the addressee said, a cue about someone outside
#: the thread answers nobody, "I couldn't agree more" kept whole, a handle's
#: first word — "Bob" of Bob_the_builder — names its speaker);
#: and what the HTML and page-dump readers give (a dump's headline is the
#: thread's title, not a sentence; comments in Blogger's classic markup, in a
#: furniture-named element, after an action bar or under Reddit's levels are
#: read; removed comments, pingbacks, trackbacks and "Says:" are not; author
#: badges are cut from names; menus and footers leave pages without markup).
#: 10: the same as 9 as merged on main (9 was bumped separately on three
#: branches), with the code review's mends: "IMHO:"/"FYI:" and a thread
#: speaker's name before a colon are no colon speakers, "many of you" holds
#: its own position, "I agree with the OP / Mr. Smith" answers the thread's
#: speaker, "This article is nonsense" disagrees again, epoch timestamps in
#: every format are ISO times.
#: 11: entities (gazetteer entries for Duterte, de Lima, the ICC, the NRA, Mexico's
#: parties and more; possessive 's cut from names; a sentence-opening verb is no
#: entity; a surname two people share goes to the one named most; a thread's
#: person keeps PERSON and one id; commenters' names are no mentions; "Mérida"
#: the Initiative), holders ("as X put it", "Most people I talk to think",
#: "The NRA:", "Critics reply that", "push" only for a position), sentence
#: ends after "U.S." ending an object, headings by title case, comments read
#: from unknown HTML markup, mocked praise disagrees.
#: 12: agreement by stance compares the two utterances' positions per frame (one
#: edge per reply claim, never both agrees and disagrees); entities (a drug's name
#: is no actor, DARE the programme, a surname first tagged ORG joins the later full
#: name, vocatives address a commenter); holders ("Several senators want …",
#: "Trump wants …", "As I recall, Calderon …"; a question or "so do I" stays the
#: writer's); HTML readers (old Reddit, forums, Drupal, Substack, Medium, comments
#: nested in the post's container or headed in the text's element, non-English
#: comment headings); page dumps' banner before a blank line.
#: 13: holders ("The governor wants …" is the governor's); entities (Purdue Pharma,
#: the Marijuana Policy Project, a surname used as a place, a bare "Congress" by
#: the nearest country); both stance models retrained (frames.json: "legalize
#: heroin" a topic cue, methadone and treatment centres demand_reduction topics;
#: a command after "I agree," heads its own clause; then with the 506 comment
#: sentences of written/comments2 in the split); a negated holder verb reports no
#: one, a commenter's surname is the commenter; a double-quoted quotation of
#: another comment takes no side; commenters named in comments are PERSON
#: mentions linked to them; the gazetteer's "organization" kind; HTML and
#: page-dump readers (ASP.NET repeaters, phpBB quotes, other languages' dates,
#: bylines and comment headings, a byline over the text).
#: 14: both stance models retrained with the attitude column ("I am not against
#: legalization"), longer topic cues shadowing another frame's ("military-style
#: weapons", "straw buyer") and arms control's needs_topic cues ("confiscate",
#: "self defense" beside a gun word only; topic cues sorted into the measure and
#: its opposite, words that turn an attitude round; "2nd amendment", "decrim"; a
#: negated "enough" asks for more of the measure);
#: role descriptions resolve to a salient
#: or recent name only, an office of its own to no one; page dumps leave a byline
#: of its own paragraph and the job title under it out of the text; Spanish,
#: Portuguese, French and German relative dates are date lines.
#: 15: both stance models retrained (the default model's modal and command
#: columns signed by the direction of the cues they govern; legalization's
#: "criminalize" family); evidence is no holder ("the experience of Mexico
#: suggests …" is the writer's), a quotation going on in the next sentence keeps
#: its holder; a commenter's handle names them ("Brent" of
#: Brent_Kowalski is a mention of that speaker); a Blogger page dump's banner is
#: the site and its post headline the title, not text.
ANALYSIS_VERSION = 15


def model_version(config: PipelineConfig) -> str:
    """What decides a stored analysis, without loading anything: the spaCy
    pipeline's ``name-version``, the stance model file's digest,
    :data:`ANALYSIS_VERSION`, and a user's own gazetteer file's digest (editing
    it changes the entity links of every thread)."""
    from .spacy_models import package_version, resolve_model

    try:
        name = resolve_model(tuple(config["nlp"]["models"]))
        spacy_part = f"{name}-{package_version(name) or '?'}"
    except OSError:
        spacy_part = "no-spacy-model"
    model_path = _stance_model_file(config)
    if model_path.is_file():
        stance_part = f"stance-{model_digest(model_path)}"
    else:
        stance_part = "stance-none"
    version = f"{spacy_part}+{stance_part}+analysis-{ANALYSIS_VERSION}"
    gazetteer = config["entities"]["gazetteer"]
    if gazetteer != "builtin":
        path = Path(config.resolve(gazetteer))
        if path.is_file():  # a missing one is refused before any work (_check_setup)
            version += f"+gazetteer-{file_sha256(path)[:12]}"
    return version


def _gone_files(
    db: Any, paths: list[str | Path], out: Path, summary: RunSummary, *, prune: bool
) -> None:
    """Stored threads that are no longer in the corpus of this run: W512, or removed
    with ``prune``.

    A thread is gone when its file is no longer in a corpus folder of this run
    (deleted, or renamed so that it gives another id), or when its file was
    read without error in this run but no longer gives it (its ``id`` or
    ``thread_id`` was changed, or it was deleted from a file of several
    threads): kept, it would be counted twice, under its old id and its new
    one. Only sources below a folder given to this run count for missing files
    (a store shared by runs over other folders is left alone), and not files
    that vanished during this run (E001 + W501 keep what was stored from them);
    a file that failed to read is not in ``summary.read_ids``, so the threads
    stored from it are kept until it reads again."""
    folders = [Path(p).resolve() for p in paths if Path(p).is_dir()]
    vanished = {
        source_text(source_path(i.path).resolve()) for i in summary.errors if i.code == "E001"
    }

    def is_gone(thread_id: str, source: str | None) -> bool:
        if not source or not Path(source).is_absolute():  # relative: another working directory
            return False
        held = summary.read_ids.get(source)  # stored resolved: no system call per thread
        exists = held is not None or source_path(source).exists()
        if held is None and exists:  # the same file spelt otherwise, or a file not read
            held = summary.read_ids.get(source_text(source_path(source).resolve()))
        if held is not None:  # read this run: gone if it no longer gives the thread
            return thread_id not in held
        return (
            not exists
            and source not in vanished
            and any(source_path(source).resolve().is_relative_to(f) for f in folders)
        )

    gone = [
        thread_id
        for thread_id, source in sorted(db.sources().items())
        if is_gone(thread_id, source)
    ]
    if not gone:
        return
    if prune:
        from .report import remove_thread_outputs

        for thread_id in gone:
            summary.removed += db.remove_thread(thread_id)
            remove_thread_outputs(out, thread_id)  # its page and maps must not outlive it
        return
    summary.warn(out, Warnings.W512.format(path=out, count=len(gone), examples=_examples(gone)))


def _examples(thread_ids: list[str]) -> str:
    """The first three ids, for a warning about many threads."""
    return ", ".join(thread_ids[:3]) + (", …" if len(thread_ids) > 3 else "")


def _warn_stale(
    db: Any, version: str, config: PipelineConfig, out: Path, summary: RunSummary
) -> None:
    """W511 when stored analyses come from another model than this run's (retrained,
    or a new spaCy model), W513 when from other stages: unchanged threads are not
    re-analysed on their own, so the reports would silently mix two analyses."""
    stale: dict[str, list[str]] = {}
    for thread_id, (_, _, used) in sorted(db.analyses().items()):
        if used is not None and used != version:
            stale.setdefault(used, []).append(thread_id)
    if stale:
        ids = [t for group in stale.values() for t in group]
        examples = _examples(ids)
        old = ", ".join(sorted(stale))
        summary.warn(
            out, Warnings.W511.format(path=out, count=len(ids), examples=examples, old=old)
        )
    stages = list(config["pipeline"]["stages"])
    other = {
        t: used for t, used in sorted(db.analysed_stages().items()) if used not in (None, stages)
    }
    if other:  # e.g. a run with fewer stages: those threads have no stances at all
        ids = list(other)
        examples = _examples(ids)
        old = "; ".join(sorted({", ".join(used) or "none" for used in other.values()}))
        summary.warn(
            out,
            Warnings.W513.format(
                path=out,
                count=len(ids),
                examples=examples,
                old=old,
                new=", ".join(stages) or "none",
            ),
        )


def _selected_ids(
    paths: list[str | Path],
    config: PipelineConfig,
    outputs: tuple[Path, Path],
    stored_sources: dict[str, str | None],
    stored_hashes: dict[str, str],
    *,
    force: bool,
) -> set[str]:
    """The ids of the threads a run over ``paths`` selects for analysis, read without analysing.

    A run selects its threads as a stream — files are read and hashed as
    the analysis asks for threads, so the corpus never sits in memory — and
    so does not know how many it had to analyse until it has seen them all.
    This reads them again (as a re-run on an unchanged corpus does: a few per
    cent of a run) with the store's sources and hashes from before the run,
    so threads get the ids and the selection they got in it.
    """
    threads = ingest(
        paths,
        config,
        _Tally(),
        outputs=outputs,
        stored_sources=stored_sources,
        stored_hashes=stored_hashes,
    )
    return {t.id for t in threads if force or stored_hashes.get(t.id) != t.content_hash()}


def _note_interrupt(
    summary: RunSummary, out: Path, analysed_all: bool, count: Callable[[], set[str]] | None
) -> None:
    """Warn how far an interrupted run got, for the runs table and the command line.

    W514: stored *n* of the *m* selected threads, *m − n* left; W515: every
    selected thread stored, only the corpus outputs left; W516: the threads
    left could not be counted (interrupted again while counting, or before
    the run had read the store). ``count`` gives the ids of the threads the
    run selected (:func:`_selected_ids`); not called when ``analysed_all``.
    """
    stored = len(summary.stored_ids)
    left: int | None = 0
    if not analysed_all:
        try:
            left = len(count() - summary.stored_ids) if count is not None else None
        except (KeyboardInterrupt, Exception):  # a second Ctrl-C stops the counting, not the exit
            log.info("threads left after the interruption not counted", exc_info=True)
            left = None
    if left is None:
        message = Warnings.W516.format(path=out, stored=stored)
    elif not left:
        message = Warnings.W515.format(path=out, stored=stored)
    else:
        message = Warnings.W514.format(path=out, stored=stored, selected=stored + left, left=left)
    summary.warn(out, message)


class _StoreBatch:
    """Analysed threads on their way into the store, written a few at a time.

    DuckDB pays about 3 ms per INSERT whatever its size, so a thread written
    alone cost ~28 ms; :meth:`Store.write_threads` writes a batch with one
    INSERT per table. A batch is written once it holds
    :data:`STORE_BATCH_THREADS` threads or its first thread has waited
    :data:`STORE_BATCH_SECONDS`, at the end of the run, and on Ctrl-C or a
    failure. A thread counts as stored (summary, ``stored thread`` log line,
    progress) only once its batch is committed, and the run's row in ``runs``
    counts it in that very transaction; a run killed outright loses at most
    the batch being filled, which the next run analyses again, and its row
    still counts every thread it stored.
    """

    def __init__(
        self,
        db: Store,
        summary: RunSummary,
        originals: dict[str, Thread],
        progress: ProgressFn | None,
    ) -> None:
        self.db, self.summary, self.originals, self.progress = db, summary, originals, progress
        self.items: list[Analysed] = []
        self.since = 0.0

    def add(self, item: Analysed) -> None:
        if not self.items:
            self.since = time.perf_counter()
        self.items.append(item)

    def due(self) -> bool:
        return (
            len(self.items) >= STORE_BATCH_THREADS
            or time.perf_counter() - self.since >= STORE_BATCH_SECONDS
        )

    def flush(self) -> None:
        """Write the batch in one transaction, then count it and report progress."""
        items, summary = self.items, self.summary
        if not items:
            return
        # a thread cut for analysis is stored with its full text
        batch = [(self.originals.get(i.thread.id, i.thread), i.tables or {}) for i in items]
        # counted in the run's row as the batch commits: a killed run still records it
        kinds = {i.thread.id: summary.pending.get(i.thread.id, "new") for i in items}
        try:
            self.db.write_threads(batch, summary.run_id, kinds)
        except Exception:
            self.items = []  # refused: writing it again would only fail again
            raise
        self.items = []  # after Ctrl-C in the write, the batch stays for a second try
        segments = [len(tables.get("segments", ())) for _, tables in batch]
        for item, n in zip(items, segments, strict=True):
            self.originals.pop(item.thread.id, None)
            summary.stored(item.thread.id)
            log.info("stored thread %s", item.thread.id)
            summary.segments += n
            summary.words += item.words
            summary.utterances += len(item.thread.utterances)
        if self.progress:  # after the counting: a Ctrl-C raised here loses no count
            for item, n in zip(items, segments, strict=True):
                self.progress(item.thread.id, n)


def _store_analysed(batch: _StoreBatch) -> None:
    """Write what was analysed when the run stopped; a second Ctrl-C gives it up."""
    try:
        batch.flush()
    except (KeyboardInterrupt, Exception):
        log.warning("threads analysed before the run stopped were not stored", exc_info=True)


@contextmanager
def fewer_collections(threshold: int = GC_THRESHOLD) -> Iterator[None]:
    """Raise the garbage collector's first threshold to ``threshold`` for a block, then restore it.

    A run creates millions of short-lived containers (spans, rows, dicts of
    every stage); at Python's default of 700 new objects the collector ran
    about 14 times per thread, and every tenth run walked all the objects
    that survived, the loaded models' among them: 1.3-2.0 s of collection
    per 60 benchmark threads, 0.6-1.0 s at 10,000 (``gc.callbacks``, same
    runs). Garbage without cycles is freed at once either way; cyclic
    garbage waits for at most ``threshold`` new objects. A collector that
    is disabled, or set higher already, is left as it is.
    """
    old = gc.get_threshold()
    change = gc.isenabled() and old[0] < threshold
    if change:
        gc.set_threshold(threshold, *old[1:])
    try:
        yield
    finally:
        if change:
            gc.set_threshold(*old)


def new_run_id() -> str:
    """Sortable, unique run id: UTC time plus a random suffix."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def _fail_on_outputs(summary: RunSummary, out: Path) -> None:
    """Record error E513 when maps, pages or corpus outputs could not be written.

    Their W500/W502 warnings say which and why; the analysis is stored, but
    the reports a weekly job exists for are missing or stale, so the run
    must not end as a success (exit code 0) a scheduler would not look at.
    """
    from .report import OUTPUT_FAILURES

    failed = sum(1 for w in summary.warnings if w.code in OUTPUT_FAILURES)
    if failed:
        summary.error(out, Errors.E513.format(path=out, count=failed))


def run_corpus(
    paths: Iterable[str | Path],
    *,
    out: str | Path = "reports",
    store: str | Path | None = None,
    config: PipelineConfig | None = None,
    workers: int | None = None,
    force: bool = False,
    prune: bool = False,
    progress: ProgressFn | None = None,
) -> RunSummary:
    """Ingest every thread under ``paths``, analyse the new and changed ones, store, report.

    ``out`` receives the reports (``index.html``, ``report.md``,
    ``threads/``, ``maps/``, ``tables/``, ``data/``); the store defaults to
    ``<out>/discourse.duckdb``. ``workers`` (default ``[run] workers``)
    analyses in parallel processes; ``force`` re-analyses unchanged threads
    too; ``prune`` removes stored threads whose file is gone from a corpus
    folder or no longer holds them (else W512 says there are some). ``progress(thread_id, segments)``
    is called after each stored thread. An ``out`` or ``store`` that cannot
    be written (an ``out`` that is a file, a ``store`` that is a folder, a
    path under a file) is ``OSError`` ``[E016]`` before any work. When no
    path in ``paths`` exists (``discourse run`` where there is no ``corpus/``)
    it is :class:`~discourse.errors.IngestError` ``[E001]`` and nothing is
    created: an empty store and report appeared beside the error.
    Ctrl-C stops after the current thread; everything stored so far is kept,
    and :class:`RunInterrupted` is raised with the summary, whose last
    warning (W514, W515, W516) says how many threads were stored and how
    many are left.
    """
    from .report import build_outputs
    from .store import Store

    config = config or PipelineConfig()
    workers = config["run"]["workers"] if workers is None else workers
    if workers < 1:
        raise ValueError(Errors.E509.format(workers=workers))
    started = time.perf_counter()
    out = Path(out)
    paths = list(paths)
    for p in paths:  # files under the output folder are skipped as outputs
        if Path(p).resolve().is_relative_to(out.resolve()):
            raise ValueError(Errors.E510.format(out=out, path=p))
    missing = [p for p in paths if not os.path.lexists(p)]  # a dangling link is E019
    if missing and len(missing) == len(paths):
        raise IngestError(Errors.E001, ", ".join(str(p) for p in missing))
    store_path = Path(store) if store else out / "discourse.duckdb"
    # E016 before any work: not an "[Errno 17] File exists" from mkdir, nor
    # DuckDB's refusal of a folder read as the E501 of a store in use
    check_output_folder(out)
    check_output_path(store_path)
    setup_warnings = _check_setup(config)
    out.mkdir(parents=True, exist_ok=True)
    summary = RunSummary(run_id=new_run_id(), store=store_path)
    for where, message in setup_warnings:
        summary.warn(where, message)
    status = "completed"
    analysed_all = False  # every selected thread analysed: an interrupt leaves none
    count_selected: Callable[[], set[str]] | None = None  # for an interrupted run
    no_outputs: set[str] = set()  # threads whose maps or page this run failed to write
    with Store(store_path) as db, fewer_collections():
        version = model_version(config)
        db.start_run(
            summary.run_id,
            config_hash=config.hash,
            model_version=version,
            stages=list(config["pipeline"]["stages"]),
        )
        originals: dict[str, Thread] = {}  # full text of threads cut for analysis
        to_store = _StoreBatch(db, summary, originals, progress)
        try:
            stored_sources, stored_hashes = db.sources(), db.hashes()
            count_selected = partial(
                _selected_ids,
                paths,
                config,
                (out, store_path),
                stored_sources,
                stored_hashes,
                force=force,
            )
            todo = select_threads(
                ingest(
                    paths,
                    config,
                    summary,
                    outputs=(out, store_path),
                    stored_sources=stored_sources,
                    stored_hashes=stored_hashes,
                ),
                stored_hashes,
                summary,
                force=force,
                max_chars=config["segment"]["max_chars"],
                max_utterance_chars=config["run"]["max_utterance_chars"],
                originals=originals,
                sources=stored_sources,
            )
            first = next(todo, None)  # hash everything up to the first thread to analyse
            if first is not None:
                summary.models_loaded = True
                stream = itertools.chain([first], todo)
                for item in analyse_threads(stream, config, out=out, workers=workers):
                    path = item.thread.source or item.thread.id
                    for w in item.warnings:
                        summary.warn(path, w)
                        if w.startswith("[W500]"):
                            no_outputs.add(item.thread.id)
                    if item.tables is None:
                        summary.error(path, item.error or "")
                        summary.failed += 1
                        summary.pending.pop(item.thread.id, None)
                        continue
                    to_store.add(item)
                    if to_store.due():
                        to_store.flush()
                to_store.flush()
            analysed_all = True
            for thread_id, source in summary.moved.items():
                db.set_source(thread_id, source)
            _gone_files(db, paths, out, summary, prune=prune)
            _warn_stale(db, version, config, out, summary)
            try:
                # a moved file's new path is in the store, not in the fingerprint
                moved = bool(summary.moved)
                summary.outputs, summary.reports_reasons = build_outputs(
                    db,
                    out,
                    config,
                    rebuild=moved,
                    rebuild_reason="files moved",
                    complete_pages=True,
                    tried_pages=no_outputs,
                    processes=workers,
                    warn=summary.warn,
                )
                summary.reports_rebuilt = bool(summary.reports_reasons)
            except Exception as err:  # the analysis is stored; a report bug must not hide that
                log.debug("corpus outputs failed", exc_info=True)
                summary.reports_failed = True
                summary.warn(
                    out, Warnings.W502.format(path=out, detail=f"{type(err).__name__}: {err}")
                )
            _fail_on_outputs(summary, out)
        except KeyboardInterrupt as interrupt:
            status = "interrupted"
            _store_analysed(to_store)  # analysed before the Ctrl-C: keep it
            # how far it got, in the runs table (finish_run below) and for the CLI
            _note_interrupt(summary, out, analysed_all, count_selected)
            raise RunInterrupted(summary) from interrupt
        except Exception:
            status = "failed"
            _store_analysed(to_store)  # a failure elsewhere must not cost the analysed threads
            raise
        finally:
            summary.seconds = time.perf_counter() - started
            db.finish_run(
                summary.run_id,
                status=status,
                counts=summary.counts,
                errors=[i.to_dict() for i in summary.errors],
                warnings=[i.to_dict() for i in summary.warnings],
            )
            # the export above ran before this run's row was final: refresh that table
            formats = config["outputs"]["tables"]
            if formats:  # every run adds its row, also one that changed nothing else
                try:
                    db.export(out / "data", formats, tables=["runs"])
                except Exception:  # the run is recorded in the store; a stale copy is all we lose
                    log.exception("exporting the runs table failed")
    return summary


__all__ = [
    "Analysed",
    "Issue",
    "RunInterrupted",
    "RunSummary",
    "analyse_threads",
    "ingest",
    "model_version",
    "rename_thread",
    "run_corpus",
    "select_threads",
    "write_thread_outputs",
]
