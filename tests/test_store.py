"""The DuckDB store: per-thread transactions, replacement, run log and exports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from discourse.errors import StoreError
from discourse.model import Segment, Thread, segments_from_frame, segments_to_frame
from discourse.run import rename_thread
from discourse.stages import TABLE_COLUMNS
from discourse.store import SCHEMA, Store


def toy_tables(thread: Thread, label: str = "favor") -> dict[str, pd.DataFrame]:
    """One segment per utterance (its whole text) and a stance row for each."""
    segs = [
        Segment(f"{u.id}/s01", thread.id, u.id, u.kind, u.speaker, 1, 0, len(u.text), u.text)
        for u in thread.utterances
    ]
    stances = pd.DataFrame(
        [[s.id, thread.id, "legalization", label, 0.9, "cue", s.speaker] for s in segs],
        columns=TABLE_COLUMNS["stances"],
    )
    return {"segments": segments_to_frame(segs), "stances": stances}


def test_thread_round_trips_through_the_store(tmp_path: Path, seed_thread: Thread) -> None:
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, toy_tables(seed_thread), run_id="r1")
        thread, tables = db.load_thread(seed_thread.id)
        assert db.hashes() == {seed_thread.id: seed_thread.content_hash()}
    assert thread == seed_thread
    assert thread.meta == seed_thread.meta
    assert [u.id for u in thread.utterances] == [u.id for u in seed_thread.utterances]
    expected = toy_tables(seed_thread)
    pd.testing.assert_frame_equal(tables["segments"], expected["segments"], check_dtype=False)
    assert list(tables["stances"]["label"]) == ["favor"] * len(seed_thread.utterances)


def test_rewriting_a_thread_replaces_its_rows_and_keeps_others(
    tmp_path: Path, seed_thread: Thread
) -> None:
    other = rename_thread(seed_thread, "other-post")
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, toy_tables(seed_thread, "favor"))
        db.write_thread(other, toy_tables(other, "favor"))
        db.write_thread(seed_thread, toy_tables(seed_thread, "against"))
        counts = db.sql(
            "SELECT thread_id, label, count(*) AS n FROM stances GROUP BY ALL ORDER BY ALL"
        )
    n = len(seed_thread.utterances)
    assert counts.to_dict("records") == [
        {"thread_id": "guatemala-post", "label": "against", "n": n},
        {"thread_id": "other-post", "label": "favor", "n": n},
    ]


def test_values_arrow_cannot_type_are_stored_as_text(tmp_path: Path, seed_thread: Thread) -> None:
    """A plug-in reader's mixed values (a number among date strings) store as before: as text."""
    from dataclasses import replace

    utts = list(seed_thread.utterances)
    utts[0] = replace(utts[0], timestamp="November 18, 2011 at 3:04 pm")
    utts[1] = replace(utts[1], timestamp=1321628640)  # type: ignore[arg-type]
    thread = replace(seed_thread, utterances=tuple(utts))
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(thread, toy_tables(thread))
        stored = db.table("utterances", thread.id)["timestamp"].tolist()
    assert stored[:2] == ["November 18, 2011 at 3:04 pm", "1321628640"]


def test_a_failed_write_leaves_the_previous_version_intact(
    tmp_path: Path, seed_thread: Thread
) -> None:
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, toy_tables(seed_thread))
        broken = toy_tables(seed_thread, "against")
        broken["stances"] = broken["stances"].drop(columns=["score"])
        with pytest.raises(StoreError, match="E504"):
            db.write_thread(seed_thread, broken)
        labels = set(db.table("stances")["label"])
        assert labels == {"favor"}
        assert len(db.table("segments")) == len(seed_thread.utterances)


def test_a_batch_stores_what_thread_by_thread_writes_store(
    tmp_path: Path, seed_thread: Thread
) -> None:
    threads = [rename_thread(seed_thread, f"post-{n}") for n in range(3)]
    extra = pd.DataFrame({"thread_id": [threads[2].id], "emotion": ["hope"]})
    items = [
        (t, toy_tables(t, label))
        for t, label in zip(threads, ["favor", "against", "favor"], strict=True)
    ]
    items[2] = (threads[2], {**items[2][1], "emotions": extra})
    with Store(tmp_path / "one.duckdb") as one, Store(tmp_path / "batch.duckdb") as batch:
        one.write_thread(threads[0], toy_tables(threads[0], "none"))
        batch.write_thread(threads[0], toy_tables(threads[0], "none"))  # replaced by the batch
        for thread, tables in items:
            one.write_thread(thread, tables)
        batch.write_threads(items)
        for name in ["threads", "utterances", "segments", "stances", "emotions"]:
            a = one.sql(
                f"SELECT * EXCLUDE ({'analysed_at' if name == 'threads' else 'thread_id'}) "
                f"FROM {name}"
            )
            b = batch.sql(
                f"SELECT * EXCLUDE ({'analysed_at' if name == 'threads' else 'thread_id'}) "
                f"FROM {name}"
            )
            pd.testing.assert_frame_equal(a, b)
        assert batch.one("SELECT count(*) FROM threads")[0] == 3


def test_a_batch_with_a_bad_thread_keeps_the_others_and_names_the_bad_one(
    tmp_path: Path, seed_thread: Thread
) -> None:
    threads = [rename_thread(seed_thread, f"post-{n}") for n in range(3)]
    broken = toy_tables(threads[1])
    broken["stances"] = broken["stances"].drop(columns=["score"])
    with Store(tmp_path / "s.duckdb") as db:
        with pytest.raises(StoreError, match="E504"):
            db.write_threads(
                [
                    (threads[0], toy_tables(threads[0])),
                    (threads[1], broken),
                    (threads[2], toy_tables(threads[2])),
                ]
            )
        # thread by thread after the batch was refused: the one before the bad one is kept
        assert db.thread_ids() == [threads[0].id]
        assert set(db.table("stances")["thread_id"]) == {threads[0].id}


def test_a_refused_batch_forgets_the_plugin_table_it_created(
    tmp_path: Path, seed_thread: Thread
) -> None:
    threads = [rename_thread(seed_thread, f"post-{n}") for n in range(2)]
    emotions = pd.DataFrame({"thread_id": [threads[0].id], "emotion": ["hope"]})
    broken = toy_tables(threads[1])
    broken["stances"] = broken["stances"].drop(columns=["score"])
    with Store(tmp_path / "s.duckdb") as db:
        with pytest.raises(StoreError, match="E504"):
            # the batch creates "emotions", then is refused and rolled back with it
            db.write_threads(
                [
                    (threads[0], {"emotions": emotions, **toy_tables(threads[0])}),
                    (threads[1], broken),
                ]
            )
        assert db.thread_ids() == [threads[0].id]  # written again alone: the table made anew
        assert list(db.table("emotions", threads[0].id)["emotion"]) == ["hope"]


def test_plugin_tables_are_created_and_replaced_with_their_thread(
    tmp_path: Path, seed_thread: Thread
) -> None:
    extra = pd.DataFrame({"thread_id": [seed_thread.id] * 2, "emotion": ["anger", "hope"]})
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, {**toy_tables(seed_thread), "emotions": extra})
        db.write_thread(seed_thread, {**toy_tables(seed_thread), "emotions": extra.head(1)})
        assert "emotions" in db.tables
        assert list(db.table("emotions")["emotion"]) == ["anger"]
        _, tables = db.load_thread(seed_thread.id)
        assert list(tables["emotions"]["emotion"]) == ["anger"]


def test_runs_are_recorded_and_a_killed_run_is_marked_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as db:
        db.start_run("r1", config_hash="abc", model_version="m", stages=["stance"])
        db.finish_run(
            "r1",
            status="completed",
            counts={"new": 2, "failed": 1, "segments": 10, "skipped": 1},
            errors=[{"path": "x.txt", "code": "E002", "message": "[E002] x.txt: file is empty."}],
            warnings=[],
        )
        db.start_run("r2", config_hash="abc", model_version="m", stages=["stance"])
    with Store(path) as db:  # r2 never finished: its process died
        runs = db.runs().set_index("run_id")
    assert runs.loc["r2", "status"] == "interrupted"
    assert runs.loc["r2", "ended"] == runs.loc["r2", "started"]  # it stored nothing
    assert runs.loc["r1", "status"] == "completed"
    assert (runs.loc["r1", "new"], runs.loc["r1", "failed"], runs.loc["r1", "segments"]) == (
        2,
        1,
        10,
    )
    assert runs.loc["r1", "skipped"] == 1 and runs.loc["r2", "skipped"] == 0  # 0 at start
    assert json.loads(runs.loc["r1", "errors"])[0]["code"] == "E002"


def test_a_batch_is_counted_in_its_runs_row_in_the_same_transaction(
    tmp_path: Path, seed_thread: Thread
) -> None:
    threads = [rename_thread(seed_thread, f"post-{n}") for n in range(3)]
    broken = toy_tables(threads[2])
    broken["stances"] = broken["stances"].drop(columns=["score"])
    kinds = {threads[0].id: "new", threads[1].id: "changed", threads[2].id: "new"}
    with Store(tmp_path / "s.duckdb") as db:
        db.start_run("r1", config_hash="abc", model_version="m", stages=["stance"])
        db.write_threads([(t, toy_tables(t)) for t in threads[:2]], "r1", kinds)
        with pytest.raises(StoreError, match="E504"):  # refused: not stored, not counted
            db.write_threads([(threads[2], broken)], "r1", kinds)
        with pytest.raises(ValueError, match="E512"):
            db.write_threads([(threads[2], toy_tables(threads[2]))], "r1", {threads[2].id: "x"})
        db.write_thread(threads[2], toy_tables(threads[2]))  # no run to count it in
        row = db.runs().iloc[0]
        segments = len(toy_tables(threads[0])["segments"])
    assert (row["new"], row["changed"], row["unchanged"]) == (1, 1, 0)
    assert row["segments"] == 2 * segments and row["status"] == "running"


def test_export_writes_every_table_as_csv_and_parquet(tmp_path: Path, seed_thread: Thread) -> None:
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, toy_tables(seed_thread))
        written = db.export(tmp_path / "data", ["csv", "parquet"])
        with pytest.raises(StoreError, match="E506"):
            db.export(tmp_path / "data", ["xlsx"])
    names = {p.name for p in written}
    assert {"threads.csv", "segments.parquet", "stances.csv", "runs.parquet"} <= names
    seg = pd.read_parquet(tmp_path / "data" / "segments.parquet")
    assert len(seg) == len(seed_thread.utterances)
    assert len(pd.read_csv(tmp_path / "data" / "utterances.csv")) == len(seed_thread.utterances)


def test_csv_exports_neutralise_text_a_spreadsheet_would_run(tmp_path: Path) -> None:
    """A speaker named =HYPERLINK(...) was written as it was into data/*.csv,
    where Excel or LibreOffice evaluate it as a formula."""
    import csv

    from discourse.ingest import read_path

    evil = '=HYPERLINK("http://evil.example","x")'
    source = tmp_path / "t.json"
    source.write_text(
        json.dumps(
            {
                "id": "t",
                "title": "@everyone",
                "utterances": [
                    {"kind": "article", "speaker": evil, "text": "Legalize it."},
                    {"kind": "comment", "speaker": "-5", "text": "+1 to that\tand more."},
                ],
            }
        ),
        encoding="utf-8",
    )
    thread = read_path(source)[0]
    tables = toy_tables(thread)
    tables["stances"]["score"] = [-0.5, 0.25]
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(thread, tables)
        db.export(tmp_path / "data", ["csv", "parquet"])
    with (tmp_path / "data" / "utterances.csv").open(encoding="utf-8", newline="") as f:
        rows = {r["kind"]: r for r in csv.DictReader(f)}
    assert rows["article"]["speaker"] == "'" + evil
    assert rows["comment"]["speaker"] == "-5"  # a plain number as text is no formula
    assert rows["comment"]["text"] == "'+1 to that\tand more."
    threads = pd.read_csv(tmp_path / "data" / "threads.csv")
    assert threads.loc[0, "title"] == "'@everyone"
    stances = pd.read_csv(tmp_path / "data" / "stances.csv")
    assert stances["score"].tolist() == [-0.5, 0.25]  # numbers stay numbers
    assert stances["holder"].tolist() == ["'" + evil, "-5"]
    # Parquet is data, not a spreadsheet: every value as stored
    assert pd.read_parquet(tmp_path / "data" / "utterances.parquet")["speaker"].tolist() == [
        evil,
        "-5",
    ]


def test_opening_a_missing_store_read_only_is_a_coded_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="E500"):
        Store(tmp_path / "nope.duckdb", read_only=True)


def test_store_api_misuse_gets_coded_errors(tmp_path: Path, seed_thread: Thread) -> None:
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, toy_tables(seed_thread))
        assert [p.name for p in db.export(tmp_path / "one", "csv", ["threads"])] == ["threads.csv"]
        with pytest.raises(StoreError, match=r"E502\] Unknown store table 'nope'"):
            db.export(tmp_path / "one", ["csv"], ["nope"])
        with pytest.raises(StoreError, match=r"E502\] .*runs \(per thread"):
            db.table("runs", seed_thread.id)
    not_a_store = tmp_path / "notes.duckdb"
    not_a_store.write_text("my notes", encoding="utf-8")
    with pytest.raises(StoreError, match="E511") as err:
        Store(not_a_store)
    assert "another `discourse run`" not in str(err.value)  # not a lock: no misleading hint


def _foreign_duckdb(path: Path) -> None:
    import duckdb

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER)")
    con.close()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"my notes", "not a DuckDB database"),
        (b"", "an empty file"),
        # DuckDB would try to download its SQLite extension to open this one
        (b"SQLite format 3\x00" + bytes(100), "not a DuckDB database"),
        (None, "a DuckDB database without a threads table; its tables: orders"),
    ],
)
@pytest.mark.parametrize("read_only", [False, True])
def test_a_file_that_is_not_a_store_is_named_as_such_and_left_alone(
    tmp_path: Path, content: bytes | None, says: str, read_only: bool
) -> None:
    path = tmp_path / "bad.duckdb"
    if content is None:
        _foreign_duckdb(path)
    else:
        path.write_bytes(content)
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store(path, read_only=read_only)
    message = str(err.value)
    assert message.startswith(f"[E511] {path}: not a DuckDB store made by discourse ({says})")
    assert "E501" not in message and path.read_bytes() == before


@pytest.mark.parametrize("read_only", [False, True])
def test_a_folder_is_no_store_and_not_e501(tmp_path: Path, read_only: bool) -> None:
    """E501 is a store in use; a folder is E016 to write (an output), E511 to read."""
    code, says = ("E511", "(a folder)") if read_only else ("E016", "it is a folder")
    with pytest.raises(StoreError, match=rf"^\[{code}\] {re.escape(str(tmp_path))}: .*{says}"):
        Store(tmp_path, read_only=read_only)
    blocker = tmp_path / "f"
    blocker.write_text("hi", encoding="utf-8")
    if not read_only:  # a parent that is a file: not "[Errno 17] File exists"
        with pytest.raises(StoreError, match=r"^\[E016\] .*f is a file, not a folder"):
            Store(blocker / "s.duckdb")


def test_a_store_another_process_writes_is_e501(tmp_path: Path) -> None:
    """E501 stays what the README says it is: one run can write a store at a time."""
    import subprocess
    import sys

    path = tmp_path / "s.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True);"
            " time.sleep(60)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match=r"^\[E501\] .*another `discourse run`"):
            Store(path)
    finally:
        holder.kill()
        holder.wait()


def test_iter_threads_reads_chunks_as_the_per_thread_queries_would(
    tmp_path: Path, seed_thread: Thread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunked loading (rows of several threads per query) gives each thread its own rows, in order."""
    import discourse.store as store_module

    monkeypatch.setattr(store_module, "LOAD_CHUNK", 2)
    threads = [rename_thread(seed_thread, f"post-{n}") for n in range(3)]
    extra = pd.DataFrame({"thread_id": [threads[1].id], "emotion": ["hope"]})
    with Store(tmp_path / "s.duckdb") as db:
        for thread in threads:
            db.write_thread(thread, toy_tables(thread))
        # rewritten: its rows now come after the others' in storage order
        db.write_thread(threads[0], {**toy_tables(threads[0], "against"), "emotions": extra[:0]})
        db.write_thread(threads[1], {**toy_tables(threads[1]), "emotions": extra})
        loaded = list(db.iter_threads())
        assert [t.id for t, _ in loaded] == sorted(t.id for t in threads)
        for thread, tables in loaded:
            assert thread == next(t for t in threads if t.id == thread.id)
            assert list(tables) == ["segments", "stances", "mentions", "relations", "emotions"]
            for name, frame in tables.items():
                pd.testing.assert_frame_equal(frame, db.table(name, thread.id))
        assert list(loaded[0][1]["stances"]["label"].unique()) == ["against"]
        with pytest.raises(StoreError, match="E503"):
            db.load_thread("no-such-thread")


# ---------------------------------------------------------------------------
# source offsets: new columns, and stores written before they existed

#: The segments table as the version before source offsets created it.
OLD_SEGMENTS = (
    "CREATE TABLE segments (id VARCHAR, thread_id VARCHAR, utterance_id VARCHAR, kind VARCHAR, "
    'speaker VARCHAR, "index" INTEGER, "start" INTEGER, "end" INTEGER, text VARCHAR, '
    "paragraph INTEGER)"
)


def located_tables(thread: Thread) -> dict[str, pd.DataFrame]:
    """``toy_tables`` with source offsets on every other segment."""
    segs = [
        Segment(
            f"{u.id}/s01",
            thread.id,
            u.id,
            u.kind,
            u.speaker,
            1,
            0,
            len(u.text),
            u.text,
            0,
            *((100 * i, 100 * i + len(u.text)) if i % 2 == 0 else (None, None)),
        )
        for i, u in enumerate(thread.utterances)
    ]
    return {"segments": segments_to_frame(segs)}


def old_store(path: Path, seed_thread: Thread) -> None:
    """A store as an older version wrote it: no source columns, no ``runs.skipped``,
    one thread in it and the completed run that stored it."""
    import duckdb

    con = duckdb.connect(str(path))
    for name, cols in SCHEMA.items():
        if name == "segments":
            con.execute(OLD_SEGMENTS)
            continue
        body = ", ".join(f'"{c}" {t}' for c, t in cols.items() if (name, c) != ("runs", "skipped"))
        con.execute(f'CREATE TABLE "{name}" ({body})')
    con.execute(
        "INSERT INTO runs (run_id, started, ended, status, config_hash, model_version, stages, "
        "files, new, changed, unchanged, failed, segments, errors, warnings) VALUES "
        "('old', '2026-01-01 09:00', '2026-01-01 09:01', 'completed', 'abc', 'm', '[]', "
        "1, 1, 0, 0, 0, 5, '[]', '[]')"
    )
    con.execute(
        "INSERT INTO threads (id, content_hash, source) VALUES (?, ?, ?)",
        [seed_thread.id, seed_thread.content_hash(), "corpus/guatemala-post.txt"],
    )
    for i, u in enumerate(seed_thread.utterances):
        con.execute(
            "INSERT INTO utterances (id, thread_id, position, kind, speaker, text, meta) "
            "VALUES (?, ?, ?, ?, ?, ?, '{}')",
            [u.id, seed_thread.id, i, u.kind, u.speaker, u.text],
        )
        con.execute(
            "INSERT INTO segments VALUES (?, ?, ?, ?, ?, 1, 0, ?, ?, 0)",
            [f"{u.id}/s01", seed_thread.id, u.id, u.kind, u.speaker, len(u.text), u.text],
        )
    con.close()


def test_a_store_from_before_runs_skipped_gains_the_column_and_keeps_its_runs(
    tmp_path: Path, seed_thread: Thread
) -> None:
    path = tmp_path / "old.duckdb"
    old_store(path, seed_thread)
    with Store(path, read_only=True) as db:  # discourse report: not altered, reads as NULL
        old = db.runs()
        assert list(old.columns)[-1] == "skipped" and pd.isna(old["skipped"].iloc[0])
    with Store(path) as db:  # opened for writing: added last (as ALTER TABLE puts it), NULL
        cols = db.sql(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'runs'"
        )["column_name"].tolist()
        assert cols == list(SCHEMA["runs"])
        db.start_run("new", config_hash="abc", model_version="m", stages=["stance"])
        assert db.runs().set_index("run_id").loc["new", "skipped"] == 0
        db.finish_run("new", status="completed", counts={"skipped": 2}, errors=[], warnings=[])
    with Store(path) as db:  # opening it again changes nothing
        runs = db.runs().set_index("run_id")
    assert list(runs.index) == ["new", "old"]
    assert pd.isna(runs.loc["old", "skipped"]) and runs.loc["new", "skipped"] == 2
    kept = runs.loc["old"]
    assert (kept["status"], kept["files"], kept["new"], kept["segments"]) == ("completed", 1, 1, 5)


def test_segments_store_source_offsets_and_null_without_them(
    tmp_path: Path, seed_thread: Thread
) -> None:
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, located_tables(seed_thread))
        _, tables = db.load_thread(seed_thread.id)
        rows = db.sql('SELECT source_start, source_end FROM segments ORDER BY "id"')
    segs = tables["segments"]
    assert list(segs.columns)[-2:] == ["source_start", "source_end"]
    expected = located_tables(seed_thread)["segments"]
    assert segments_from_frame(segs) == segments_from_frame(expected)
    assert rows["source_start"].isna().sum() == len(seed_thread.utterances) // 2


def test_a_store_from_before_source_offsets_opens_and_gains_the_columns(
    tmp_path: Path, seed_thread: Thread
) -> None:
    path = tmp_path / "old.duckdb"
    old_store(path, seed_thread)
    # read-only (discourse report on an old store): the columns read as NULL
    with Store(path, read_only=True) as db:
        segs = db.table("segments")
        assert list(segs.columns)[-2:] == ["source_start", "source_end"]
        assert segs["source_start"].isna().all()
        _, tables = db.load_thread(seed_thread.id)
        assert [s.source_start for s in segments_from_frame(tables["segments"])] == [None] * 5
    # opened for writing: the columns are added, old rows NULL, new rows stored
    with Store(path) as db:
        assert db.hashes() == {seed_thread.id: seed_thread.content_hash()}
        cols = db.sql(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'segments'"
        )["column_name"].tolist()
        assert cols[-2:] == ["source_start", "source_end"]
        assert db.table("segments")["source_start"].isna().all()
        other = rename_thread(seed_thread, "other-post")
        db.write_thread(other, located_tables(other))
        db.write_thread(seed_thread, located_tables(seed_thread))
        stored = db.table("segments", "other-post")
        assert stored["source_start"].iloc[0] == 0 and pd.isna(stored["source_start"].iloc[1])
        written = db.export(tmp_path / "data", ["csv", "parquet"], ["segments"])
    # opening it again changes nothing
    with Store(path) as db:
        assert len(db.table("segments")) == 2 * len(seed_thread.utterances)
    csv = pd.read_csv(written[0])
    parquet = pd.read_parquet(written[1])
    for frame in (csv, parquet):
        assert list(frame.columns)[-2:] == ["source_start", "source_end"]
        assert frame["source_start"].notna().sum() == 2 * ((len(seed_thread.utterances) + 1) // 2)


def test_segment_rows_without_source_columns_are_stored_with_nulls(
    tmp_path: Path, seed_thread: Thread
) -> None:
    """A plug-in writing a segments frame of the old shape still works."""
    old_shape = toy_tables(seed_thread)["segments"].drop(columns=["source_start", "source_end"])
    with Store(tmp_path / "s.duckdb") as db:
        db.write_thread(seed_thread, {"segments": old_shape})
        assert db.table("segments")["source_end"].isna().all()
