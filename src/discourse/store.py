"""The embedded store: one DuckDB file holding every analysed thread and every run.

``discourse run`` writes here and ``discourse report`` reads from here, so the
weekly job only analyses what is new. Design points:

* **One transaction per thread.** :meth:`Store.write_thread` deletes the
  thread's old rows from every table and inserts the new ones, then commits.
  A run killed part-way (Ctrl-C, SIGKILL) therefore leaves each thread either
  fully old or fully new — never half-written — and the next run finishes the
  work.
* **The content hash decides.** ``threads.content_hash`` is
  :meth:`~discourse.model.Thread.content_hash`; :meth:`Store.hashes` lets the
  runner skip unchanged threads before parsing anything.
* **DataFrames in, not rows.** Tables are inserted from pandas DataFrames,
  handed to DuckDB as Arrow tables (``INSERT … SELECT … FROM rows``), never row
  by row; :meth:`Store.iter_threads` reads many threads per query.
* **Few statements per thread.** DuckDB costs about half a millisecond per
  statement whatever its size, so a new thread (no ``threads`` row, hence no
  rows anywhere) is inserted without the per-table DELETEs a changed thread
  needs, and inserts read their rows without registering a view.
* **Every run is recorded** in ``runs`` with its counts (kept up to date as
  each batch of threads commits, so a killed run's row counts what it stored),
  configuration hash, model version and the errors/warnings it met (JSON
  lists of ``{path, code, message}``).
* Tables of plug-in stages (anything beyond the built-in ones) are created on
  first sight from the DataFrame's columns, as long as they carry
  ``thread_id``.

Open it from a notebook with ``Store("reports/discourse.duckdb")`` and query
with :meth:`Store.sql` or :meth:`Store.table`.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeAlias

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import Errors, StoreError
from .io import FORMULA_STARTS, PLAIN_NUMBER, check_output_path
from .model import Thread, meta_json, threads_from_frames
from .stages import TABLE_COLUMNS

log = logging.getLogger(__name__)

#: Column types of the built-in tables. Names follow the model and
#: :data:`discourse.stages.TABLE_COLUMNS`; ``meta`` and the run lists are JSON.
SCHEMA: dict[str, dict[str, str]] = {
    "threads": {
        "id": "VARCHAR PRIMARY KEY",
        "content_hash": "VARCHAR NOT NULL",
        "source": "VARCHAR",
        "title": "VARCHAR",
        "url": "VARCHAR",
        "published": "VARCHAR",
        "meta": "JSON",
        "analysed_at": "TIMESTAMP",
        "run_id": "VARCHAR",
    },
    "utterances": {
        "id": "VARCHAR",
        "thread_id": "VARCHAR",
        "position": "INTEGER",
        "kind": "VARCHAR",
        "speaker": "VARCHAR",
        "text": "VARCHAR",
        "reply_to": "VARCHAR",
        "timestamp": "VARCHAR",
        "meta": "JSON",
    },
    "segments": {
        "id": "VARCHAR",
        "thread_id": "VARCHAR",
        "utterance_id": "VARCHAR",
        "kind": "VARCHAR",
        "speaker": "VARCHAR",
        "index": "INTEGER",
        "start": "INTEGER",
        "end": "INTEGER",
        "text": "VARCHAR",
        "paragraph": "INTEGER",
        "source_start": "INTEGER",
        "source_end": "INTEGER",
    },
    "stances": {
        "segment_id": "VARCHAR",
        "thread_id": "VARCHAR",
        "frame": "VARCHAR",
        "label": "VARCHAR",
        "score": "DOUBLE",
        "cue": "VARCHAR",
        "holder": "VARCHAR",
    },
    "mentions": {
        "segment_id": "VARCHAR",
        "thread_id": "VARCHAR",
        "start": "INTEGER",
        "end": "INTEGER",
        "text": "VARCHAR",
        "label": "VARCHAR",
        "kind": "VARCHAR",
        "entity_id": "VARCHAR",
        "canonical": "VARCHAR",
    },
    "relations": {
        "thread_id": "VARCHAR",
        "source": "VARCHAR",
        "target": "VARCHAR",
        "relation": "VARCHAR",
        "cue": "VARCHAR",
        "evidence": "VARCHAR",
    },
    "runs": {
        "run_id": "VARCHAR PRIMARY KEY",
        "started": "TIMESTAMP",
        "ended": "TIMESTAMP",
        "status": "VARCHAR",
        "config_hash": "VARCHAR",
        "model_version": "VARCHAR",
        "stages": "JSON",
        "files": "INTEGER",
        "new": "INTEGER",
        "changed": "INTEGER",
        "unchanged": "INTEGER",
        "failed": "INTEGER",
        "segments": "INTEGER",
        "errors": "JSON",
        "warnings": "JSON",
        # added after the first release, so last (where ALTER TABLE puts it in an old store):
        # threads not analysed as identical copies of another (W517), NULL in older rows
        "skipped": "INTEGER",
    },
}
for _name, _cols in TABLE_COLUMNS.items():  # keep the store in step with the stage schemas
    assert list(SCHEMA[_name]) == _cols, _name

#: Columns added after the first release: a store written before them gets them
#: (``ALTER TABLE … ADD COLUMN``, NULL in old rows) when opened for writing, and
#: rows inserted without them (a plug-in's old-style table) store NULL.
ADDED_COLUMNS: dict[str, tuple[str, ...]] = {
    "segments": ("source_start", "source_end"),
    "runs": ("skipped",),
}

#: The ``runs`` counts a stored thread adds to as it is committed (:meth:`Store.write_threads`).
RUN_THREAD_COUNTS: tuple[str, ...] = ("new", "changed", "unchanged", "segments")

#: Tables holding per-thread rows (deleted and rewritten with their thread).
THREAD_TABLES: tuple[str, ...] = ("utterances", "segments", "stances", "mentions", "relations")
EXPORT_FORMATS: tuple[str, ...] = ("csv", "parquet")
#: Threads read per query by :meth:`Store.iter_threads` (bounds its memory).
LOAD_CHUNK = 50
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _q(name: str) -> str:
    """Quote an identifier (``start``, ``end`` and ``index`` are SQL keywords)."""
    return '"' + name.replace('"', '""') + '"'


def _as_arrow(frame: pd.DataFrame, columns: list[str]) -> pa.Table | pd.DataFrame:
    """``frame[columns]`` as an Arrow table, for DuckDB to insert from.

    Registering a pandas frame with DuckDB costs a few milliseconds per call
    whatever its size, six times per stored thread; an Arrow table a fraction
    of that. The insert casts every column to the
    schema's type, so the stored values are the same either way; a column
    Arrow cannot hold (mixed Python objects) keeps the DataFrame.
    """
    try:
        return pa.Table.from_pandas(frame, columns=columns, preserve_index=False)
    except (pa.ArrowException, TypeError, ValueError):
        return frame[columns]


#: Rows to insert: a stage's DataFrame, or an Arrow table built directly.
Rows: TypeAlias = pd.DataFrame | pa.Table


def _one(cursor: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The one row of an aggregate (COUNT, MAX) or of a DELETE (its row count)."""
    row = cursor.fetchone()
    assert row is not None, "an aggregate or DELETE statement always gives one row"
    return row


def _columns(rows: Rows) -> list[str]:
    return list(rows.column_names if isinstance(rows, pa.Table) else rows.columns)


def _rows_table(rows: list[dict[str, Any]], columns: list[str]) -> Rows:
    """``rows`` (dicts) as an Arrow table, built directly, for :meth:`Store._insert`.

    A DataFrame when Arrow cannot type a column (mixed Python objects from a
    plug-in reader), as :func:`_as_arrow` falls back.
    """
    try:
        return pa.Table.from_pylist(rows)
    except (pa.ArrowException, TypeError, ValueError):
        return pd.DataFrame(rows, columns=columns)


def _concat(name: str, frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One table's frames from several threads as one, for one INSERT.

    Frames whose columns differ cannot be stacked without inventing missing
    values, which would hide the ``[E504]`` a lone thread gets for a missing
    column: :meth:`Store.write_threads` then writes thread by thread.
    """
    if len(frames) == 1:
        return frames[0]
    columns = list(frames[0].columns)
    if any(list(f.columns) != columns for f in frames[1:]):
        raise ValueError(f"the {name!r} tables of the threads have different columns")
    return pd.concat(frames, ignore_index=True)


def _parse_meta(value: Any) -> dict[str, Any]:
    """A stored JSON ``meta`` cell as a dict (``{}`` when missing)."""
    return json.loads(value) if isinstance(value, str) else {}


#: What a DuckDB database file holds at byte 8, after its header's checksum.
DUCKDB_MAGIC = b"DUCK"


def _check_duckdb_file(path: Path) -> None:
    """E511 for an existing file that is not a DuckDB database (notes, a SQLite file, empty).

    Checked before DuckDB opens it: DuckDB's own refusal read as the E501 of
    a store another run holds, and a SQLite file made it try to download its
    SQLite extension. A missing file is left to the caller (a new store, or
    E500 read-only).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
    except FileNotFoundError:
        return
    except OSError as err:  # no permission: DuckDB says what it says (E501)
        log.debug("%s: header not read: %s", path, err)
        return
    if head[8:12] != DUCKDB_MAGIC:
        detail = "an empty file" if not head else "not a DuckDB database"
        raise StoreError(Errors.E511.format(path=path, detail=detail))


def now() -> datetime:
    """Current UTC time without tzinfo (DuckDB ``TIMESTAMP``)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A DuckDB file with the analysed threads, their tables and the run log.

    Use as a context manager, or call :meth:`close`. Only one process may hold
    the file open for writing at a time (DuckDB's file lock); a second
    ``discourse run`` on the same store fails with E501 instead of corrupting it.
    """

    def __init__(self, path: str | Path, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if read_only and self.path.is_dir():  # not "not found": it is there, and no store
            raise StoreError(Errors.E511.format(path=self.path, detail="a folder"))
        if read_only and not self.path.is_file():
            raise StoreError(Errors.E500.format(path=self.path))
        if not read_only:
            try:  # E016 for a folder, a parent that is a file, no permission
                check_output_path(self.path)
            except OSError as err:
                raise StoreError(str(err)) from err
            self.path.parent.mkdir(parents=True, exist_ok=True)
        _check_duckdb_file(self.path)
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as err:
            detail = str(err).rstrip(".!")
            if "not a valid duckdb database" in detail.lower():  # what the header check missed
                raise StoreError(
                    Errors.E511.format(path=self.path, detail="not a DuckDB database")
                ) from err
            if "lock" in detail.lower():  # the common case: a run still going
                detail += " (is another `discourse run` using it?)"
            raise StoreError(Errors.E501.format(path=self.path, detail=detail)) from err
        self.read_only = read_only
        try:
            self._check_tables()
        except StoreError:
            self.close()
            raise
        if not read_only:
            self._create()
        self._extra = self._extra_tables()
        self._absent = self._absent_columns()

    # -- lifecycle -----------------------------------------------------------
    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        con = getattr(self, "con", None)
        if con is not None:
            con.close()
            self.con = None  # type: ignore[assignment]

    def _check_tables(self) -> None:
        """E511 for a DuckDB database of something else: tables, and no ``threads`` among them.

        Opened for writing, it would get discourse's tables added beside its
        own; read-only, every query would fail on the missing tables. A
        database without tables (a new file) becomes a store.
        """
        names = {
            r[0]
            for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        if (names or self.read_only) and "threads" not in names:
            tables = ", ".join(sorted(names)) or "none"
            detail = f"a DuckDB database without a threads table; its tables: {tables}"
            raise StoreError(Errors.E511.format(path=self.path, detail=detail))

    def _create(self) -> None:
        for name, cols in SCHEMA.items():
            body = ", ".join(f"{_q(c)} {t}" for c, t in cols.items())
            self.con.execute(f"CREATE TABLE IF NOT EXISTS {_q(name)} ({body})")
        self._add_columns()
        # a run still 'running' belongs to a process that was killed (a second writer
        # cannot open the file): it ended, at the latest, with the last batch it stored
        self.con.execute(
            "UPDATE runs SET status = 'interrupted', ended = coalesce("
            "(SELECT max(t.analysed_at) FROM threads t WHERE t.run_id = runs.run_id), started) "
            "WHERE status = 'running'"
        )

    def _add_columns(self) -> None:
        """Add the :data:`ADDED_COLUMNS` a store written by an older version lacks."""
        for name, absent in self._absent_columns().items():
            for col in ADDED_COLUMNS[name]:
                if col in absent:
                    log.info("%s: adding column %s.%s", self.path, name, col)
                    self.con.execute(
                        f"ALTER TABLE {_q(name)} ADD COLUMN {_q(col)} {SCHEMA[name][col]}"
                    )

    def _absent_columns(self) -> dict[str, set[str]]:
        """:data:`ADDED_COLUMNS` missing from the file (an old store opened read-only)."""
        absent: dict[str, set[str]] = {}
        for name, added in ADDED_COLUMNS.items():
            have = {
                r[0]
                for r in self.con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    [name],
                ).fetchall()
            }
            if have and set(added) - have:
                absent[name] = set(added) - have
        return absent

    def _select(self, name: str) -> str:
        """The select list of table ``name``: its documented columns (NULL for absent ones)."""
        if name not in SCHEMA:
            return "*"
        absent = self._absent.get(name, set())
        return ", ".join(
            f"CAST(NULL AS {SCHEMA[name][c].split()[0]}) AS {_q(c)}" if c in absent else _q(c)
            for c in SCHEMA[name]
        )

    def _extra_tables(self) -> list[str]:
        names = {
            r[0]
            for r in self.con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
        return sorted(names - set(SCHEMA))

    @property
    def tables(self) -> list[str]:
        """Names of every table in the store (built-in first, then plug-in tables)."""
        return [*SCHEMA, *self._extra]

    # -- reading -------------------------------------------------------------
    def sql(self, query: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Run a query and return a DataFrame (for notebooks and reports)."""
        return self.con.execute(query, params or []).df()

    def one(self, query: str, params: list[Any] | None = None) -> tuple[Any, ...]:
        """The single row of an aggregate query (counts, maxima), as a tuple."""
        return _one(self.con.execute(query, params or []))

    def hashes(self) -> dict[str, str]:
        """``{thread_id: content_hash}`` of every stored thread."""
        return dict(self.con.execute("SELECT id, content_hash FROM threads").fetchall())

    def sources(self) -> dict[str, str | None]:
        """``{thread_id: source}`` of every stored thread (the file it was read from)."""
        return dict(self.con.execute("SELECT id, source FROM threads").fetchall())

    def analyses(self) -> dict[str, tuple[str, str | None, str | None]]:
        """What each stored thread's analysis came from:
        ``{thread id: (content hash, config hash, model version)}``.

        The hashes are the thread's and those of the run that analysed it
        (``None`` when that run is not recorded). Outputs derived from a
        thread's tables can be cached under them: while they match, the
        tables are the ones the output was made from.
        """
        rows = self.con.execute(
            "SELECT t.id, t.content_hash, r.config_hash, r.model_version "
            "FROM threads t LEFT JOIN runs r ON r.run_id = t.run_id"
        ).fetchall()
        return {tid: (content, config, model) for tid, content, config, model in rows}

    def analysed_stages(self) -> dict[str, list[str] | None]:
        """``{thread id: the stages of the run that analysed it}`` (``None``: run not recorded)."""
        rows = self.con.execute(
            "SELECT t.id, r.stages FROM threads t LEFT JOIN runs r ON r.run_id = t.run_id"
        ).fetchall()
        return {tid: None if stages is None else list(json.loads(stages)) for tid, stages in rows}

    def thread_ids(self) -> list[str]:
        """Ids of the stored threads, sorted."""
        return [r[0] for r in self.con.execute("SELECT id FROM threads ORDER BY id").fetchall()]

    def table(self, name: str, thread_id: str | None = None) -> pd.DataFrame:
        """One table (optionally one thread's rows), with the documented columns."""
        if name not in self.tables:
            raise StoreError(Errors.E502.format(name=name, choices=", ".join(self.tables)))
        select = self._select(name)
        order = " ORDER BY position" if name == "utterances" else ""
        if thread_id is None:
            return self.sql(f"SELECT {select} FROM {_q(name)}{order}")
        key = "id" if name == "threads" else "thread_id"
        if name == "runs":  # the run log is not per thread
            raise StoreError(
                Errors.E502.format(
                    name=f"runs (per thread: {thread_id})",
                    choices=", ".join(t for t in self.tables if t != "runs"),
                )
            )
        return self.sql(f"SELECT {select} FROM {_q(name)} WHERE {_q(key)} = ?{order}", [thread_id])

    def load_thread(self, thread_id: str) -> tuple[Thread, dict[str, pd.DataFrame]]:
        """A stored thread and its tables (``segments``, ``stances``, …) as the stages made them."""
        return next(self._load_threads([thread_id]))

    def iter_threads(
        self, thread_ids: Iterable[str] | None = None
    ) -> Iterator[tuple[Thread, dict[str, pd.DataFrame]]]:
        """Stored threads one at a time, so a corpus never has to fit in memory.

        Threads are read :data:`LOAD_CHUNK` at a time — one query per table
        for the whole chunk, split by thread in Python — because six queries
        per thread cost more than the corpus map built from them.
        """
        ids = self.thread_ids() if thread_ids is None else list(thread_ids)
        for start in range(0, len(ids), LOAD_CHUNK):
            yield from self._load_threads(ids[start : start + LOAD_CHUNK])

    def _rows_by_thread(
        self, name: str, thread_ids: list[str]
    ) -> tuple[pd.DataFrame, dict[str, tuple[int, int]]]:
        """Rows of table ``name`` for ``thread_ids`` and each thread's ``(start, stop)`` in them.

        Each thread's rows are in the order the per-thread query :meth:`table`
        returns them (storage order; ``utterances`` by ``position``), so a
        thread's slice is the same frame as ``table(name, thread_id)``. The
        rows are regrouped by thread with one stable ``take`` for the whole
        chunk: a ``take`` per thread and table cost more than the queries.
        """
        select = self._select(name)
        key = "id" if name == "threads" else "thread_id"
        marks = ", ".join("?" for _ in thread_ids)
        order = " ORDER BY position" if name == "utterances" else ""
        frame = self.sql(
            f"SELECT {select} FROM {_q(name)} WHERE {_q(key)} IN ({marks}){order}", thread_ids
        )
        if not len(frame):
            return frame, {}
        rows = frame.groupby(key, sort=False).indices
        frame = frame.take(np.concatenate(list(rows.values()))).reset_index(drop=True)
        stops = np.cumsum([len(r) for r in rows.values()]).tolist()
        starts = [0, *stops[:-1]]
        return frame, dict(zip(rows, zip(starts, stops, strict=True), strict=True))

    def _no_rows(self, name: str) -> pd.DataFrame:
        """What :meth:`table` returns for a thread without rows in ``name`` (its column types)."""
        return self.table(name, "").iloc[:0]

    def _load_threads(
        self, thread_ids: list[str]
    ) -> Iterator[tuple[Thread, dict[str, pd.DataFrame]]]:
        """:meth:`load_thread` for several threads, with one query per table."""
        if not thread_ids:
            return
        names = (*THREAD_TABLES, "threads", *self._extra)
        loaded = {name: self._rows_by_thread(name, thread_ids) for name in names}

        def part(name: str, thread_id: str) -> pd.DataFrame:
            frame, where = loaded[name]
            if thread_id not in where:  # an empty result has other dtypes than an empty slice
                return frame.copy() if frame.empty else self._no_rows(name)
            start, stop = where[thread_id]
            return frame.iloc[start:stop].reset_index(drop=True)

        for thread_id in thread_ids:
            utts = part("utterances", thread_id)
            if utts.empty:
                raise StoreError(Errors.E503.format(thread=thread_id, path=self.path))
            info = part("threads", thread_id)
            utts["meta"] = utts["meta"].map(_parse_meta)
            info["meta"] = info["meta"].map(_parse_meta)
            thread = threads_from_frames(utts.drop(columns=["position"]), info)[0]
            tables = {name: part(name, thread_id) for name in (*THREAD_TABLES[1:], *self._extra)}
            yield thread, tables

    def fingerprint(self) -> str:
        """Changes whenever a thread is written or removed: decides if reports are stale."""
        count, last = self.one("SELECT count(*), max(analysed_at) FROM threads")
        return f"{count}:{last}"

    def runs(self) -> pd.DataFrame:
        """The run log, newest first.

        Every documented column, ``skipped`` too: an old store opened read-only
        (no ``skipped`` column yet) shows it as NULL rather than leaving it out.
        """
        return self.sql(f"SELECT {self._select('runs')} FROM runs ORDER BY started DESC")

    # -- writing -------------------------------------------------------------
    def _insert(self, name: str, frame: Rows | None) -> None:
        """Insert ``frame`` into table ``name``, creating a plug-in stage's table on first sight.

        The SQL reads the rows from the local variable ``_new_rows`` by name
        (DuckDB's replacement scan): half the cost of registering and
        unregistering a view around every insert.
        """
        if frame is None or len(frame) == 0:
            return
        columns = _columns(frame)
        if name in SCHEMA:
            optional = ADDED_COLUMNS.get(name, ())
            missing = [c for c in SCHEMA[name] if c not in columns and c not in optional]
            if missing:
                raise StoreError(Errors.E504.format(name=name, missing=", ".join(missing)))
            cols = [c for c in SCHEMA[name] if c in columns]
            select = ", ".join(
                f"CAST({_q(c)} AS {SCHEMA[name][c].split()[0]}) AS {_q(c)}" for c in cols
            )
            _new_rows = (
                frame.select(cols) if isinstance(frame, pa.Table) else _as_arrow(frame, cols)
            )
        else:
            if "thread_id" not in columns or not _IDENT.match(name):
                raise StoreError(Errors.E505.format(name=name))
            cols = columns
            select = ", ".join(_q(c) for c in cols)
            _new_rows = frame
            if name not in self._extra:
                self.con.execute(
                    f"CREATE TABLE IF NOT EXISTS {_q(name)} AS SELECT * FROM _new_rows LIMIT 0"
                )
                self._extra.append(name)
        self.con.execute(
            f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in cols)}) SELECT {select} FROM _new_rows"
        )

    def write_thread(
        self, thread: Thread, tables: dict[str, pd.DataFrame], run_id: str | None = None
    ) -> None:
        """Replace everything stored for ``thread`` with ``tables``, in one transaction.

        ``tables`` are the stage outputs (``segments``, ``stances``, …); the
        thread and utterance rows are made from ``thread`` itself. See
        :meth:`write_threads`, which writes several threads at once.
        """
        self.write_threads([(thread, tables)], run_id)

    def write_threads(
        self,
        items: Sequence[tuple[Thread, dict[str, pd.DataFrame]]],
        run_id: str | None = None,
        kinds: Mapping[str, str] | None = None,
    ) -> None:
        """Replace everything stored for each ``(thread, tables)`` of ``items``, in one transaction.

        DuckDB takes about 3 ms for an INSERT whatever its size (planning,
        the scan of the new rows), and a thread has six to eight tables: a
        run hands its threads over a few at a time and each table gets one
        INSERT for all of them, which takes the store from about 28 ms to a
        few ms a thread. All of the batch is written or none of it, so a
        thread without a ``threads`` row still has no rows in any other table;
        the other tables are only cleared when that DELETE removed a row.
        Thread and utterance rows are built as Arrow tables (building
        DataFrames only to convert them cost more than the inserts).

        A batch whose tables cannot go in together (a stage table whose
        columns differ from thread to thread, a value the store refuses) is
        rolled back and written thread by thread, so each thread's own error
        (``[E504]``, …) is raised for it alone and the threads before it are
        kept. A batch naming one thread twice is written in order, thread by
        thread, the later replacing the earlier.

        ``kinds`` (``{thread id: "new", "changed" or "unchanged"}``, the
        ``runs`` column that counts it) adds the batch's threads and segments
        to the counts of run ``run_id``'s row in the same transaction, so the
        row always says what the run stored: a run killed outright (SIGKILL,
        power cut) never reaches :meth:`finish_run`, and its threads would
        otherwise carry its ``run_id`` while its row counted none of them.
        """
        if not items:
            return
        ids = [thread.id for thread, _ in items]
        if len(items) > 1 and len(set(ids)) < len(ids):
            for thread, tables in items:
                self.write_threads([(thread, tables)], run_id, kinds)
            return
        written = now()
        info = _rows_table(
            [
                {
                    "id": thread.id,
                    "content_hash": thread.content_hash(),
                    "source": thread.source,
                    "title": thread.title,
                    "url": thread.url,
                    "published": thread.published,
                    "meta": meta_json(thread.meta),
                    "analysed_at": written,
                    "run_id": run_id,
                }
                for thread, _ in items
            ],
            list(SCHEMA["threads"]),
        )
        utts = _rows_table(
            [
                {
                    "id": u.id,
                    "thread_id": thread.id,
                    "position": i,
                    "kind": u.kind,
                    "speaker": u.speaker,
                    "text": u.text,
                    "reply_to": u.reply_to,
                    "timestamp": u.timestamp,
                    "meta": meta_json(u.meta),
                }
                for thread, _ in items
                for i, u in enumerate(thread.utterances)
            ],
            list(SCHEMA["utterances"]),
        )
        frames: dict[str, list[pd.DataFrame]] = {}
        for _, tables in items:
            for name, frame in tables.items():
                if frame is not None and len(frame):
                    frames.setdefault(name, []).append(frame)
        extra = list(self._extra)
        self.con.execute("BEGIN TRANSACTION")
        try:
            if self._delete_threads(ids):
                self._delete_rows(ids)
            self._insert("threads", info)
            self._insert("utterances", utts)
            for name, parts in frames.items():
                self._insert(name, _concat(name, parts))
            if run_id is not None and kinds is not None:
                self._count_in_run(run_id, items, kinds)
            self.con.execute("COMMIT")
        except Exception:
            self._rollback(extra)
            if len(items) == 1:
                raise
            log.debug("a batch of %d threads was refused; writing them one by one", len(items))
            for thread, tables in items:
                self.write_threads([(thread, tables)], run_id, kinds)
        except BaseException:  # Ctrl-C: nothing of the batch is kept, the next run writes it
            self._rollback(extra)
            raise

    def _count_in_run(
        self,
        run_id: str,
        items: Sequence[tuple[Thread, dict[str, pd.DataFrame]]],
        kinds: Mapping[str, str],
    ) -> None:
        """Add ``items`` to the counts of run ``run_id`` (inside the caller's transaction)."""
        added = dict.fromkeys(RUN_THREAD_COUNTS, 0)
        for thread, tables in items:
            kind = kinds.get(thread.id, "new")
            if kind not in added:
                raise ValueError(Errors.E512.format(kind=kind, thread=thread.id))
            added[kind] += 1
            segments = tables.get("segments")
            added["segments"] += 0 if segments is None else len(segments)
        sets = ", ".join(f"{_q(k)} = {_q(k)} + ?" for k in added)
        self.con.execute(f"UPDATE runs SET {sets} WHERE run_id = ?", [*added.values(), run_id])

    def _delete_threads(self, ids: list[str]) -> int:
        """Delete the ``threads`` rows of ``ids`` (inside the caller's transaction); how many."""
        sql = "DELETE FROM threads WHERE id IN (SELECT unnest(?::VARCHAR[]))"
        return int(_one(self.con.execute(sql, [ids]))[0])

    def _delete_rows(self, ids: list[str]) -> None:
        """Delete the rows of threads ``ids`` from every per-thread table, plug-in tables too."""
        for name in (*THREAD_TABLES, *self._extra):
            self.con.execute(
                f"DELETE FROM {_q(name)} WHERE thread_id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            )

    def _rollback(self, extra: list[str]) -> None:
        """Roll back, forgetting plug-in tables created in the rolled-back transaction."""
        self.con.execute("ROLLBACK")
        self._extra[:] = extra

    def remove_thread(self, thread_id: str) -> bool:
        """Delete a thread and all its rows in one transaction; ``False`` if it is not stored."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            deleted = self._delete_threads([thread_id])
            self._delete_rows([thread_id])
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return bool(deleted)

    def set_source(self, thread_id: str, source: str | None) -> None:
        """Record that a stored thread is now read from ``source`` (its file was moved)."""
        self.con.execute("UPDATE threads SET source = ? WHERE id = ?", [source, thread_id])

    def start_run(
        self, run_id: str, *, config_hash: str, model_version: str, stages: list[str]
    ) -> None:
        """Record that a run started (status ``running`` until :meth:`finish_run`)."""
        self.con.execute(
            "INSERT INTO runs (run_id, started, status, config_hash, model_version, stages, "
            "files, new, changed, unchanged, failed, segments, errors, warnings, skipped) "
            "VALUES (?, ?, 'running', ?, ?, ?, 0, 0, 0, 0, 0, 0, '[]', '[]', 0)",
            [run_id, now(), config_hash, model_version, json.dumps(stages)],
        )

    def finish_run(
        self,
        run_id: str,
        *,
        status: str,
        counts: dict[str, int],
        errors: list[dict[str, str]],
        warnings: list[dict[str, str]],
    ) -> None:
        """Record a run's outcome: counts and the errors and warnings it met.

        ``counts`` is :attr:`discourse.run.RunSummary.counts`; a key it lacks is
        stored as 0. ``skipped`` (copies of another thread, ``W517``) is kept so
        that a run's row also accounts for the threads it read but neither
        stored nor failed on.
        """
        keys = ("files", "new", "changed", "unchanged", "failed", "segments", "skipped")
        sets = ", ".join(f"{_q(k)} = ?" for k in keys)
        self.con.execute(
            f"UPDATE runs SET ended = ?, status = ?, {sets}, errors = ?, warnings = ? WHERE run_id = ?",
            [
                now(),
                status,
                *(int(counts.get(k, 0)) for k in keys),
                json.dumps(errors, ensure_ascii=False),
                json.dumps(warnings, ensure_ascii=False),
                run_id,
            ],
        )

    # -- export --------------------------------------------------------------
    def _csv_select(self, name: str) -> str:
        """The query a CSV export of table ``name`` copies: its text columns
        under :func:`discourse.io.spreadsheet_text`'s rule, in SQL.

        A text value starting with ``=``, ``+``, ``-``, ``@``, tab or carriage
        return that is not a plain number gets a leading ``'``, so a speaker
        named ``=HYPERLINK(…)`` is not a live formula in a spreadsheet. Only
        VARCHAR (and JSON) columns: numbers such as a score of ``-0.5`` stay
        numbers.
        """
        types = self.con.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = ? AND table_schema = current_schema() ORDER BY ordinal_position",
            [name],
        ).fetchall()
        starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_STARTS)
        columns = []
        for column, kind in types:
            col = _q(column)
            if kind in ("VARCHAR", "JSON"):
                text = f"{col}::VARCHAR"
                columns.append(
                    f"CASE WHEN left({text}, 1) IN ({starts}) "
                    f"AND NOT regexp_full_match({text}, '{PLAIN_NUMBER}') "
                    f"THEN chr(39) || {text} ELSE {text} END AS {col}"
                )
            else:
                columns.append(col)
        return f"(SELECT {', '.join(columns)} FROM {_q(name)})"

    def export(
        self,
        out_dir: str | Path,
        formats: Iterable[str] = EXPORT_FORMATS,
        tables: Iterable[str] | None = None,
    ) -> list[Path]:
        """Write tables (default: all) to ``out_dir/<table>.<fmt>`` (``csv``, ``parquet``) via DuckDB's COPY.

        In CSV, text that a spreadsheet would run as a formula gets a leading
        apostrophe (see :meth:`_csv_select`); Parquet keeps every value as stored.
        """
        if isinstance(formats, str):  # export(dir, "csv"), not one format per character
            formats = [formats]
        names = list(self.tables if tables is None else tables)
        unknown = [n for n in names if n not in self.tables]
        if unknown:
            raise StoreError(Errors.E502.format(name=unknown[0], choices=", ".join(self.tables)))
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for fmt in formats:
            if fmt not in EXPORT_FORMATS:
                raise StoreError(Errors.E506.format(fmt=fmt, choices=", ".join(EXPORT_FORMATS)))
        for name in names:
            for fmt in formats:
                target = out / f"{name}.{fmt}"
                opts = "FORMAT CSV, HEADER" if fmt == "csv" else "FORMAT PARQUET"
                source = self._csv_select(name) if fmt == "csv" else _q(name)
                path = str(target).replace("'", "''")
                self.con.execute(f"COPY {source} TO '{path}' ({opts})")
                written.append(target)
        log.info("exported %d tables to %s", len(names), out)
        return written
