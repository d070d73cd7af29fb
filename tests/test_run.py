"""``discourse run``: incremental batches, bad input, parallel workers, kills.

Most tests use the fast stand-in stages of :mod:`tests.fake_stages` (gold
labels for the seed thread) so they run in seconds; the end-to-end test at
the bottom uses the configured real stages.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import discourse.run as run_mod
from discourse.config import PipelineConfig
from discourse.errors import IngestError
from discourse.store import Store

from . import fake_stages  # noqa: F401  (registers gold_stance, toy_entities)
from .conftest import ROOT, SEED

FAST = {
    "pipeline": {"stages": ["gold_stance", "toy_entities", "relations"]},
    "outputs": {"maps": ["aif", "svg"], "tables": ["csv", "parquet"]},
}


def fast_config(**sections: dict) -> PipelineConfig:
    merged = {k: dict(v) for k, v in FAST.items()}
    for name, values in sections.items():
        merged.setdefault(name, {}).update(values)
    return PipelineConfig.from_dict(merged)


def tiny_thread(no: int) -> str:
    """A small page dump: an article and two comments, distinct per ``no``."""
    return (
        f"Thread {no}: We need to reduce the demand for drugs in the United States.\n\n"
        f"Posted by editor{no} in Policy\n\n"
        f"  • Reader {no}\n\n    The military solution is simply perverse. Legalize it.\n\n"
        f"  • Other {no}\n\n    I agree. Stop the guns flowing south to Mexico.\n"
    )


def write_tiny_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"t{i:03d}.txt").write_text(tiny_thread(i), encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two tiny threads, ``guatemala-post`` and ``copy-post`` (fast to analyse)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / SEED.name).write_text(tiny_thread(1), encoding="utf-8")
    (folder / "copy-post.txt").write_text(tiny_thread(2), encoding="utf-8")
    return folder


@pytest.fixture
def seed_corpus(tmp_path: Path) -> Path:
    """The seed thread plus a renamed copy of it."""
    folder = tmp_path / "seed-corpus"
    folder.mkdir()
    shutil.copy(SEED, folder / SEED.name)
    shutil.copy(SEED, folder / "copy-post.txt")
    return folder


def run_record(store: Path) -> dict:
    with Store(store, read_only=True) as db:
        return db.runs().iloc[0].to_dict()


@pytest.mark.slow
def test_first_run_stores_every_thread_and_writes_reports(
    seed_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    summary = run_mod.run_corpus([seed_corpus], out=out, config=fast_config())
    assert summary.errors == [] and summary.warnings == []
    assert (summary.new, summary.changed, summary.unchanged) == (2, 0, 0)
    assert summary.segments > 100 and summary.reports_rebuilt
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert db.thread_ids() == ["copy-post", "guatemala-post"]
        per_thread = db.sql("SELECT thread_id, count(*) AS n FROM segments GROUP BY 1")
        assert per_thread["n"].nunique() == 1  # same text, same segmentation
        assert len(db.table("relations")) > 0
        run = db.runs().iloc[0]
    assert run["status"] == "completed" and run["new"] == 2 and run["segments"] == summary.segments
    assert "en_core_web_sm" in run["model_version"]
    for rel in (
        "index.html",
        "report.md",
        "threads/guatemala-post.html",
        "threads/guatemala-post.md",
        "maps/guatemala-post.aif.json",
        "maps/corpus.svg",
        "tables/distribution.csv",
        "tables/guatemala-post/positions.csv",
        "data/stances.parquet",
    ):
        assert (out / rel).is_file(), rel


def test_exported_runs_table_records_the_run_that_wrote_it(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_mod.run_corpus([corpus], out=out, config=fast_config())
    for runs in (
        pd.read_csv(out / "data" / "runs.csv"),
        pd.read_parquet(out / "data" / "runs.parquet"),
    ):
        row = runs.set_index("run_id").loc[summary.run_id]
        assert row["status"] == "completed" and pd.notna(row["ended"])
        assert (row["files"], row["new"], row["segments"]) == (2, 2, summary.segments)


def test_rerun_on_unchanged_corpus_skips_parsing_and_reports(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config())
    index_mtime = (out / "index.html").stat().st_mtime_ns

    def no_models(*args: object, **kwargs: object) -> None:
        raise AssertionError("models loaded although nothing changed")

    monkeypatch.setattr(run_mod._Analyser, "__init__", no_models)
    summary = run_mod.run_corpus([corpus], out=out, config=fast_config())
    assert (summary.new, summary.changed, summary.unchanged) == (0, 0, 2)
    assert not summary.models_loaded and not summary.reports_rebuilt
    assert (out / "index.html").stat().st_mtime_ns == index_mtime
    assert (summary.segments, summary.failed, summary.errors) == (0, 0, [])
    assert run_record(out / "discourse.duckdb")["unchanged"] == 2


def test_reports_and_store_inside_the_corpus_folder_are_not_read_back(corpus: Path) -> None:
    out = corpus / "reports"
    store = corpus / "state" / "weekly.duckdb"
    first = run_mod.run_corpus([corpus], out=out, store=store, config=fast_config())
    again = run_mod.run_corpus([corpus], out=out, store=store, config=fast_config())
    for summary in (first, again):
        assert (summary.files, summary.failed, summary.errors) == (2, 0, [])
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)


def test_changed_thread_is_replaced_and_others_untouched(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    store = tmp_path / "elsewhere.duckdb"
    run_mod.run_corpus([corpus], out=out, store=store, config=fast_config())
    with Store(store, read_only=True) as db:
        before = db.sql("SELECT id, analysed_at FROM threads ORDER BY id")
        n_before = len(db.table("segments", "copy-post"))
    text = (corpus / "copy-post.txt").read_text(encoding="utf-8")
    (corpus / "copy-post.txt").write_text(text.replace(" Legalize it.", ""), encoding="utf-8")
    summary = run_mod.run_corpus([corpus], out=out, store=store, config=fast_config())
    assert (summary.new, summary.changed, summary.unchanged) == (0, 1, 1)
    assert summary.reports_rebuilt
    with Store(store, read_only=True) as db:
        after = db.sql("SELECT id, analysed_at FROM threads ORDER BY id").set_index("id")
        assert len(db.table("segments", "copy-post")) == n_before - 1
        legalize = db.sql("SELECT thread_id FROM segments WHERE text = 'Legalize it.'")
        assert list(legalize["thread_id"]) == ["guatemala-post"]
    old = before.set_index("id")
    assert after.loc["guatemala-post", "analysed_at"] == old.loc["guatemala-post", "analysed_at"]
    assert after.loc["copy-post", "analysed_at"] > old.loc["copy-post", "analysed_at"]


def test_force_reanalyses_everything(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config())
    summary = run_mod.run_corpus([corpus], out=out, config=fast_config(), force=True)
    # the content did not change: counted unchanged, and said to be analysed again
    assert (summary.new, summary.changed, summary.unchanged, summary.forced) == (0, 0, 2, 2)
    assert "2 unchanged (2 re-analysed: --force)" in summary.describe()
    assert summary.models_loaded and summary.segments > 0


def test_analyses_from_another_model_are_pointed_out_until_forced(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    monkeypatch.setattr(run_mod, "model_version", lambda config: "spacy-1+stance-old")
    run_mod.run_corpus([corpus], out=out, config=fast_config())
    monkeypatch.setattr(run_mod, "model_version", lambda config: "spacy-1+stance-new")
    retrained = run_mod.run_corpus([corpus], out=out, config=fast_config())
    assert retrained.unchanged == 2 and not retrained.models_loaded
    (warning,) = retrained.warnings
    assert warning.code == "W511" and "2 stored thread(s)" in warning.message
    assert "(spacy-1+stance-old)" in warning.message and "--force" in warning.message
    forced = run_mod.run_corpus([corpus], out=out, config=fast_config(), force=True)
    assert forced.forced == 2 and forced.warnings == []


def test_editing_ones_own_gazetteer_points_out_the_stored_entity_links(
    corpus: Path, tmp_path: Path
) -> None:
    """Stored entity links come from the gazetteer file: after it is edited an
    unchanged thread keeps the old links, and the run must say so (W511)."""
    gazetteer = tmp_path / "gaz.jsonl"
    record = {"id": "acme-cartel", "name": "Acme Cartel", "label": "ORG", "kind": "criminal_group"}
    gazetteer.write_text(json.dumps(record) + "\n", encoding="utf-8")
    config = fast_config(pipeline={"stages": ["entities"]}, entities={"gazetteer": str(gazetteer)})
    out = tmp_path / "out"
    first = run_mod.run_corpus([corpus], out=out, config=config)
    assert first.new == 2 and first.warnings == []
    again = run_mod.run_corpus([corpus], out=out, config=config)
    assert again.warnings == []  # the same file: nothing to point out
    record["aliases"] = ["Acme"]
    gazetteer.write_text(json.dumps(record) + "\n", encoding="utf-8")
    edited = run_mod.run_corpus([corpus], out=out, config=config)
    (warning,) = edited.warnings
    assert warning.code == "W511" and "2 stored thread(s)" in warning.message
    assert "+gazetteer-" in warning.message and "--force" in warning.message


def test_the_analysis_version_is_part_of_what_decides_a_stored_analysis(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An upgrade whose analysis differs must not leave old stored analyses unremarked."""
    before = run_mod.model_version(fast_config())
    assert f"+analysis-{run_mod.ANALYSIS_VERSION}" in before
    monkeypatch.setattr(run_mod, "ANALYSIS_VERSION", run_mod.ANALYSIS_VERSION + 1)
    assert run_mod.model_version(fast_config()) != before


def test_analyses_from_other_stages_are_pointed_out_until_forced(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config(pipeline={"stages": []}))
    full = fast_config()
    later = run_mod.run_corpus([corpus], out=out, config=full)
    (warning,) = later.warnings
    assert warning.code == "W513" and "2 stored thread(s)" in warning.message
    assert "other stages (none)" in warning.message and "gold_stance" in warning.message
    forced = run_mod.run_corpus([corpus], out=out, config=full, force=True)
    assert forced.warnings == []


def test_bad_files_are_reported_and_the_batch_goes_on(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config())  # stored before the bad batch
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (corpus / "latin1.txt").write_bytes(tiny_thread(1).encode().replace(b"Reader", b"Ren\xe9"))
    (corpus / "article-only.txt").write_text(
        "We need to reduce demand for drugs.\n\nPosted by editor in Policy\n", encoding="utf-8"
    )
    (corpus / "dup").mkdir()
    # the same id with other comments: another thread (an identical copy is W517)
    other = tiny_thread(2).replace("I agree.", "I disagree.")
    (corpus / "dup" / "copy-post.txt").write_text(other, encoding="utf-8")
    (corpus / "zz-vanishing.txt").write_text(tiny_thread(3), encoding="utf-8")
    real_load = run_mod.load

    def load_while_someone_deletes(path: Path, *args: object):
        if Path(path).name == "zz-vanishing.txt":  # listed, then removed before it is read
            Path(path).unlink()
        return real_load(path, *args)

    monkeypatch.setattr(run_mod, "load", load_while_someone_deletes)
    summary = run_mod.run_corpus([corpus], out=out, config=fast_config())
    codes = {(Path(i.path).name, i.code) for i in summary.errors + summary.warnings}
    assert ("empty.txt", "E002") in codes
    assert ("binary.txt", "E003") in codes
    assert ("latin1.txt", "W001") in codes
    assert ("article-only.txt", "W002") in codes
    assert ("copy-post.txt", "W003") in codes  # the second copy-post, renamed
    assert ("zz-vanishing.txt", "E001") in codes and ("zz-vanishing.txt", "W501") in codes
    dup = next(i for i in summary.warnings if i.code == "W003")
    assert "dup/copy-post.txt" in dup.message and str(corpus / "copy-post.txt") in dup.message
    assert summary.failed == 3 and summary.unchanged == 2
    with Store(out / "discourse.duckdb", read_only=True) as db:
        ids = db.thread_ids()
        record = db.runs().iloc[0]
    # nothing stored before was lost; the readable new files were analysed
    assert {"guatemala-post", "copy-post", "copy-post-2", "latin1", "article-only"} <= set(ids)
    stored = {(Path(i["path"]).name, i["code"]) for i in json.loads(record["errors"])}
    stored |= {(Path(i["path"]).name, i["code"]) for i in json.loads(record["warnings"])}
    assert codes == stored
    assert record["failed"] == 3


def test_a_file_name_that_is_not_utf8_is_stored_and_followed_like_any_other(
    tmp_path: Path,
) -> None:
    """A Latin-1 file name (``caf\\xe9 post.txt``) made every run fail at the store
    write, with no thread stored; it is read, stored, found again, and pruned."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    latin1 = Path(os.fsdecode(bytes(folder) + b"/caf\xe9 post.txt"))
    latin1.write_text(tiny_thread(1), encoding="utf-8")
    (folder / "second.txt").write_text(tiny_thread(2), encoding="utf-8")
    first = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (first.errors, first.new) == ([], 2)
    with Store(out / "discourse.duckdb", read_only=True) as db:
        sources = db.sources()
    assert set(sources) == {"caf-xe9-post", "second"}
    assert sources["caf-xe9-post"] == str(folder.resolve() / "caf\\xe9 post.txt")
    assert (out / "threads" / "caf-xe9-post.html").is_file()
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (again.unchanged, again.warnings) == (2, [])  # its stored source is its file
    latin1.unlink()
    gone = run_mod.run_corpus([folder], out=out, config=fast_config())
    (warning,) = gone.warnings
    assert warning.code == "W512" and "(caf-xe9-post)" in warning.message
    pruned = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    assert pruned.removed == 1


def test_json_beyond_python_s_limits_is_a_coded_error_and_the_batch_goes_on(
    tmp_path: Path,
) -> None:
    """A 5000-digit number (ValueError) and replies nested past the recursion
    limit (RecursionError) ended the batch uncoded; the first is E006, the
    second is read, and the files after them are read too."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    huge = '{"id": "t", "utterances": [{"id": ' + "9" * 5000 + ', "kind": "article", '
    (folder / "a.json").write_text(huge + '"speaker": "A", "text": "Hi."}]}', encoding="utf-8")
    nested = (
        "".join(
            f'{{"kind": "comment", "speaker": "S{i}", "text": "Line {i}.", "replies": ['
            for i in range(500)
        )
        + "]}" * 500
    )
    (folder / "b.json").write_text(
        '{"id": "deep", "utterances": [{"kind": "article", "speaker": "Ed", "text": "Art."}, '
        + nested
        + "]}",
        encoding="utf-8",
    )
    (folder / "z_good.csv").write_text(
        "thread_id,kind,speaker,text\nok,article,Ed,Hello.\nok,comment,Ann,Hi.\n", encoding="utf-8"
    )
    summary = run_mod.run_corpus([folder], out=out, config=fast_config())
    (error,) = summary.errors
    assert error.code == "E006" and error.path.endswith("a.json")
    assert "line 1, column 35: a number of 5000 digits" in error.message
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert set(db.thread_ids()) == {"deep", "ok"}
        replies = db.sql("SELECT count(*) AS n FROM utterances WHERE thread_id = 'deep'")["n"][0]
    assert replies == 501


def test_a_renamed_duplicate_keeps_its_id_when_the_other_file_goes(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name, words in (("a", "Legalize it."), ("b", "Send in the army.")):
        thread = {
            "id": "dupe",
            "utterances": [
                {"kind": "article", "speaker": name, "text": words},
                {"kind": "comment", "speaker": "Reader", "text": "I agree."},
            ],
        }
        (folder / f"{name}.json").write_text(json.dumps(thread), encoding="utf-8")
    first = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert [i.code for i in first.warnings] == ["W003"] and first.new == 2
    (folder / "a.json").unlink()
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    # b.json's thread stays "dupe-2": taking "dupe" would overwrite a.json's
    # stored analysis and leave b.json's content in the store twice
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)
    assert [i.code for i in again.warnings] == ["W510", "W512"]  # W512: a.json's thread stays
    with Store(out / "discourse.duckdb", read_only=True) as db:
        rows = db.sql("SELECT id, source FROM threads ORDER BY id")
    assert [(i, Path(s).name) for i, s in zip(rows["id"], rows["source"], strict=True)] == [
        ("dupe", "a.json"),
        ("dupe-2", "b.json"),
    ]
    pruned = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    assert pruned.removed == 1
    later = run_mod.run_corpus([folder], out=out, config=fast_config())
    # "dupe" is stored from no file now: W510 said so on every run for ever
    assert later.warnings == [] and later.unchanged == 1


def test_a_run_with_no_input_path_creates_nothing(tmp_path: Path) -> None:
    """`discourse run` where there is no corpus/ printed E001 but still left an
    empty store and report under reports/."""
    out = tmp_path / "reports"
    with pytest.raises(IngestError, match=r"\[E001\] .*corpus: no such file or folder"):
        run_mod.run_corpus([tmp_path / "corpus"], out=out, config=fast_config())
    assert not out.exists()


def test_another_file_with_a_stored_article_never_takes_its_thread(tmp_path: Path) -> None:
    """The same article with other comments, from another file, while the stored
    thread's file is gone (a cross-posted article, a re-export): taking the id
    overwrote the stored analysis without a word. It is renamed, W003 says the
    id is stored from a file now gone, and the stored thread stays."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    old = _json_thread(folder, "b.json", "thread-b", "Send in the army.")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    data = json.loads(old.read_text(encoding="utf-8"))
    data["utterances"] = [u for u in data["utterances"] if u.get("kind") != "comment"]
    data["utterances"].append({"kind": "comment", "speaker": "Hal", "text": "Send it home."})
    old.unlink()
    (folder / "site-c.json").write_text(json.dumps(data), encoding="utf-8")
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    (w003,) = [i for i in again.warnings if i.code == "W003"]
    assert "a file now gone; renamed to 'thread-b-2'" in w003.message
    with Store(out / "discourse.duckdb", read_only=True) as db:
        stored = {i: Path(s).name for i, s in db.sources().items()}
    assert stored == {"thread-b": "b.json", "thread-b-2": "site-c.json"}


def test_a_new_page_named_like_a_removed_one_says_where_the_id_is_stored(tmp_path: Path) -> None:
    """An id made from the file name is no sign of the same thread: the new page
    is renamed, and W003 says the id is stored from a file gone, not "read"."""
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder / "w1").mkdir(parents=True)
    (folder / "w2").mkdir()
    first = folder / "w1" / "post.txt"
    first.write_text(
        "Legalize it\n\nPrices fell after legalization.\n\nAna says:\n"
        "March 2, 2021 at 10:15 am\n\nGood.\n",
        encoding="utf-8",
    )
    run_mod.run_corpus([folder], out=out, config=fast_config())
    first.unlink()
    (folder / "w2" / "post.txt").write_text(
        "Send the army\n\nThe army was sent again.\n\nBo says:\n"
        "March 9, 2021 at 10:15 am\n\nBad.\n",
        encoding="utf-8",
    )
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    (w003,) = [i for i in again.warnings if i.code == "W003"]
    assert "in an earlier run, a file now gone; renamed to 'post-2'" in w003.message


def test_an_interrupted_run_counts_the_threads_it_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_tiny_corpus(tmp_path / "in", 6)
    out = tmp_path / "out"
    monkeypatch.setattr(run_mod, "STORE_BATCH_THREADS", 1)  # each thread stored as it comes

    def stop_after_two(thread_id: str, segments: int) -> None:
        stored.append(thread_id)
        if len(stored) == 2:
            raise KeyboardInterrupt

    stored: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        run_mod.run_corpus([folder], out=out, config=fast_config(), progress=stop_after_two)
    record = run_record(out / "discourse.duckdb")
    assert record["status"] == "interrupted"
    # threads already parsed or selected ahead of the store are not counted
    assert (record["new"], record["changed"], record["failed"]) == (2, 0, 0)
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert sorted(db.thread_ids()) == sorted(stored)


def test_a_run_killed_outright_has_counted_what_it_stored_in_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGKILL never reaches ``finish_run``: the row must count each batch as it commits."""
    folder = write_tiny_corpus(tmp_path / "in", 6)
    out, store = tmp_path / "out", tmp_path / "out" / "discourse.duckdb"
    run_mod.run_corpus([folder / "t000.txt"], out=out, config=fast_config())
    (folder / "t000.txt").write_text(tiny_thread(99), encoding="utf-8")  # one changed thread
    monkeypatch.setattr(run_mod, "STORE_BATCH_THREADS", 2)
    monkeypatch.setattr(Store, "finish_run", lambda *args, **kwargs: None)  # killed: never ends

    def die_after_four(thread_id: str, segments: int) -> None:
        stored.append(thread_id)
        if len(stored) == 4:
            raise KeyboardInterrupt  # stands in for the kill: the row is left as it was

    stored: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        run_mod.run_corpus([folder], out=out, config=fast_config(), progress=die_after_four)
    monkeypatch.undo()
    with Store(store) as db:  # the next run opens the store for writing
        killed = db.runs().iloc[0]
        analysed = db.sql(
            "SELECT count(*) AS threads, max(analysed_at) AS last FROM threads WHERE run_id = ?",
            [killed["run_id"]],
        ).iloc[0]
        segments = db.one(
            "SELECT count(*) FROM segments WHERE thread_id IN "
            "(SELECT id FROM threads WHERE run_id = ?)",
            [killed["run_id"]],
        )[0]
    assert killed["status"] == "interrupted" and analysed["threads"] == 4
    assert (killed["new"], killed["changed"], killed["segments"]) == (3, 1, segments)
    assert segments > 0 and killed["ended"] == analysed["last"]


def test_threads_are_stored_in_batches_and_counted_as_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch is one transaction; the run counts every thread of a committed batch."""
    folder = write_tiny_corpus(tmp_path / "in", 7)
    out = tmp_path / "out"
    monkeypatch.setattr(run_mod, "STORE_BATCH_THREADS", 3)
    monkeypatch.setattr(run_mod, "STORE_BATCH_SECONDS", 3600.0)
    batches: list[list[str]] = []
    real = Store.write_threads

    def spy(self: Store, items, run_id=None, kinds=None):  # type: ignore[no-untyped-def]
        batches.append([thread.id for thread, _ in items])
        return real(self, items, run_id, kinds)

    monkeypatch.setattr(Store, "write_threads", spy)
    seen: list[str] = []

    def stop_in_second_batch(thread_id: str, segments: int) -> None:
        seen.append(thread_id)
        if len(seen) == 4:  # the first thread of the second batch
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_mod.run_corpus([folder], out=out, config=fast_config(), progress=stop_in_second_batch)
    assert [len(b) for b in batches] == [3, 3]
    record = run_record(out / "discourse.duckdb")
    # the whole second batch was committed before its progress call: all 6 count
    assert record["new"] == 6
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert sorted(db.thread_ids()) == sorted(batches[0] + batches[1])
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (again.new, again.unchanged) == (1, 6)


def test_a_run_collects_garbage_less_often_and_restores_the_collector(tmp_path: Path) -> None:
    folder = write_tiny_corpus(tmp_path / "in", 2)
    seen: list[int] = []
    before = gc.get_threshold()
    run_mod.run_corpus(
        [folder],
        out=tmp_path / "out",
        config=fast_config(),
        progress=lambda thread_id, n: seen.append(gc.get_threshold()[0]),
    )
    assert seen == [run_mod.GC_THRESHOLD] * 2
    assert gc.get_threshold() == before
    gc.disable()
    try:  # a collector the user switched off is left alone
        with run_mod.fewer_collections():
            assert gc.get_threshold() == before and not gc.isenabled()
    finally:
        gc.enable()


def test_a_thread_s_claims_are_extracted_once_for_its_relations_map_and_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from discourse.argmap import claims as claims_module

    folder = write_tiny_corpus(tmp_path / "in", 3)
    calls: list[int] = []
    real = claims_module.extract_claims
    # other tests' runs of the same tiny threads would be (valid) cache hits
    monkeypatch.setattr(claims_module, "_claims_cache", type(claims_module._claims_cache)())

    def counted(*args: object, **kwargs: object) -> list:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    for name, module in list(sys.modules.items()):  # wherever it was imported by name
        if name.startswith("discourse") and getattr(module, "extract_claims", None) is real:
            monkeypatch.setattr(module, "extract_claims", counted)
    summary = run_mod.run_corpus([folder], out=tmp_path / "out", config=fast_config())
    assert summary.new == 3 and not summary.errors
    assert (tmp_path / "out" / "threads").is_dir()
    # one per thread: the relations stage's, reused by the map and the report's key points;
    # and one over the whole corpus for its key points (was 3 + 3 + 1)
    assert len(calls) == 3 + 1


@pytest.mark.slow
def test_a_re_run_with_nothing_new_imports_neither_spacy_nor_scikit_learn(tmp_path: Path) -> None:
    """Nothing to parse: the models are not loaded, and their libraries not even imported."""
    folder = write_tiny_corpus(tmp_path / "in", 2)
    out = tmp_path / "out"
    assert run_mod.run_corpus([folder], out=out).new == 2
    code = (
        "import sys\n"
        "from discourse.cli import app\n"
        "try:\n    app()\nexcept SystemExit as stop:\n    assert not stop.code, stop.code\n"
        "print(sorted(m for m in ('spacy', 'sklearn', 'skops') if m in sys.modules))\n"
    )
    again = subprocess.run(
        [sys.executable, "-c", code, "run", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    assert "0 new, 0 changed, 2 unchanged" in again.stdout
    assert again.stdout.strip().splitlines()[-1] == "[]"


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, n: int) -> None:
    """Ctrl-C while the thread after the first ``n`` is analysed (its outputs being written)."""
    real = run_mod.write_thread_outputs
    analysed: list[str] = []

    def interrupted(thread, *args, **kwargs):
        analysed.append(thread.id)
        if len(analysed) > n:
            raise KeyboardInterrupt
        return real(thread, *args, **kwargs)

    monkeypatch.setattr(run_mod, "write_thread_outputs", interrupted)


def test_an_interrupted_run_says_how_many_threads_it_stored_and_how_many_are_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_tiny_corpus(tmp_path / "in", 6)
    out = tmp_path / "out"
    run_mod.run_corpus([folder / "t000.txt"], out=out, config=fast_config())  # 5 left to do
    _interrupt_after(monkeypatch, 2)
    with pytest.raises(run_mod.RunInterrupted) as stopped:
        run_mod.run_corpus([folder], out=out, config=fast_config())
    assert isinstance(stopped.value, KeyboardInterrupt)  # what stops on Ctrl-C stops on it
    summary = stopped.value.summary
    last = summary.warnings[-1]
    assert last.code == "W514"
    assert "interrupted after storing 2 of 5 thread(s) to analyse" in last.message
    assert "run again to finish the other 3." in last.message
    # the run's row records the same: 2 stored (new), and the warning with its numbers
    record = run_record(out / "discourse.duckdb")
    assert record["status"] == "interrupted"
    assert (record["new"], record["changed"], record["failed"]) == (2, 0, 0)
    assert json.loads(record["warnings"])[-1]["message"] == last.message
    monkeypatch.undo()
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (again.new, again.unchanged) == (3, 3)  # "the other 3"


def test_an_interrupt_once_every_thread_is_stored_says_so(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import discourse.report as report_mod

    def ctrl_c(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(report_mod, "build_outputs", ctrl_c)
    with pytest.raises(run_mod.RunInterrupted) as stopped:
        run_mod.run_corpus([corpus], out=tmp_path / "out", config=fast_config())
    last = stopped.value.summary.warnings[-1]
    assert last.code == "W515" and "every thread to analyse was stored (2)" in last.message
    assert run_record(tmp_path / "out" / "discourse.duckdb")["new"] == 2


def test_an_interrupt_while_counting_the_threads_left_stops_the_counting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_tiny_corpus(tmp_path / "in", 4)
    _interrupt_after(monkeypatch, 1)

    def ctrl_c_again(*args: object, **kwargs: object) -> set[str]:
        raise KeyboardInterrupt

    monkeypatch.setattr(run_mod, "_selected_ids", ctrl_c_again)
    with pytest.raises(run_mod.RunInterrupted) as stopped:
        run_mod.run_corpus([folder], out=tmp_path / "out", config=fast_config())
    last = stopped.value.summary.warnings[-1]
    assert last.code == "W516" and "after storing 1 thread(s), before" in last.message


def test_cli_says_how_far_an_interrupted_run_got(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from discourse.cli import app

    folder = write_tiny_corpus(tmp_path / "in", 6)
    (folder / "empty.txt").write_bytes(b"")  # met before the interruption: still shown
    pipeline = tmp_path / "fast.toml"
    pipeline.write_text('[pipeline]\nstages = ["gold_stance"]\n', encoding="utf-8")
    _interrupt_after(monkeypatch, 2)
    result = CliRunner().invoke(
        app, ["run", str(folder), "--out", str(tmp_path / "out"), "-p", str(pipeline)]
    )
    assert result.exit_code == 130, result.output
    lines = result.output.strip().splitlines()
    assert "E002" in result.output
    assert "[W514]" in lines[-1]
    assert "interrupted after storing 2 of 6 thread(s) to analyse" in lines[-1]
    assert "everything stored is kept — run again to finish the other 4." in lines[-1]


def test_settings_that_do_not_change_the_reports_do_not_rebuild_them(
    corpus: Path, tmp_path: Path
) -> None:
    """The corpus outputs are drawn from the store; of the settings only [outputs] changes
    them. Other settings (batch sizes, workers, abbreviations) change the configuration
    hash but not one byte of the reports, and must not be reported as a rebuild."""
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config())
    index_mtime = (out / "index.html").stat().st_mtime_ns
    other = fast_config(
        run={"chunk_size": 5}, nlp={"batch_size": 8}, segment={"abbreviations": ["approx."]}
    )
    summary = run_mod.run_corpus([corpus], out=out, config=other)
    assert summary.unchanged == 2 and not summary.reports_rebuilt
    assert "reports up to date" in summary.describe()
    assert (out / "index.html").stat().st_mtime_ns == index_mtime
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert db.runs()["config_hash"].nunique() == 2  # the run log still tells them apart


def test_summary_says_why_the_reports_were_rebuilt(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_mod.run_corpus([corpus], out=out, config=fast_config())
    assert "; reports rebuilt: none built before;" in first.describe()
    text = (corpus / "copy-post.txt").read_text(encoding="utf-8")
    (corpus / "copy-post.txt").write_text(text.replace(" Legalize it.", ""), encoding="utf-8")
    changed = run_mod.run_corpus([corpus], out=out, config=fast_config())
    assert "; reports rebuilt: threads stored or removed;" in changed.describe()
    svg_only = fast_config(outputs={"maps": ["svg"]})
    formats = run_mod.run_corpus([corpus], out=out, config=svg_only)
    assert formats.unchanged == 2
    assert "; reports rebuilt: [outputs] settings changed;" in formats.describe()
    (corpus / "week2").mkdir()
    (corpus / "copy-post.txt").rename(corpus / "week2" / "copy-post.txt")
    moved = run_mod.run_corpus([corpus], out=out, config=svg_only)
    assert moved.unchanged == 2 and "; reports rebuilt: files moved;" in moved.describe()
    # without reports there is no corpus page to look for: the maps are not redrawn each week
    maps_only = fast_config(outputs={"reports": False, "maps": ["svg"], "tables": []})
    once = run_mod.run_corpus([corpus], out=tmp_path / "maps", config=maps_only)
    twice = run_mod.run_corpus([corpus], out=tmp_path / "maps", config=maps_only)
    assert once.reports_rebuilt and not twice.reports_rebuilt


def test_summary_says_what_was_rebuilt(corpus: Path, tmp_path: Path) -> None:
    off = {"reports": False, "maps": [], "tables": []}
    nothing = run_mod.run_corpus([corpus], out=tmp_path / "a", config=fast_config(outputs=off))
    assert "no reports, maps or tables configured" in nothing.describe()
    assert not (tmp_path / "a" / "index.html").exists()
    maps_only = fast_config(outputs={"reports": False, "maps": ["svg"], "tables": []})
    summary = run_mod.run_corpus([corpus], out=tmp_path / "b", config=maps_only)
    assert "maps and tables rebuilt (reports off)" in summary.describe()


def test_summary_says_when_the_corpus_report_failed(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import discourse.report as report_mod

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template missing")

    monkeypatch.setattr(report_mod, "build_outputs", broken)
    summary = run_mod.run_corpus([corpus], out=tmp_path / "out", config=fast_config())
    assert [i.code for i in summary.warnings] == ["W502"]
    assert "reports NOT rebuilt (see W502)" in summary.describe()
    assert summary.new == 2  # the analysis is stored all the same


def test_a_very_long_thread_id_does_not_cost_the_corpus_report(tmp_path: Path) -> None:
    """A 300-character id: its maps and page could not be written, and then neither
    could the corpus page — in every later run too — while the run exited 0."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    _json_thread(folder, "long.json", "x" * 300, "We should legalize cannabis.")
    _json_thread(folder, "ok.json", "ok", "Send the army against the cartels.")
    summary = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert summary.errors == [] and summary.warnings == []
    assert (out / "index.html").is_file() and (out / "report.md").is_file()
    assert len(list((out / "threads").glob("*.html"))) == 2


def test_outputs_that_cannot_be_written_fail_the_run_with_a_coded_error(
    corpus: Path, tmp_path: Path
) -> None:
    """A run whose reports were not written ended with exit code 0 and uncoded
    "outputs of … failed" lines: a scheduled job looked fine."""
    out = tmp_path / "out"
    (out / "threads" / "copy-post.html").mkdir(parents=True)  # a folder where the page goes
    summary = run_mod.run_corpus([corpus], out=out, config=fast_config())
    assert [i.code for i in summary.warnings] == ["W500"]
    assert [i.code for i in summary.errors] == ["E513"]
    assert "1 output(s) could not be written" in summary.errors[0].message
    assert (out / "index.html").is_file()  # the corpus page all the same
    assert summary.new == 2


def _cli_run(corpus: Path, tmp_path: Path, toml: str) -> tuple[Any, Path, Path, Any]:
    """``discourse run corpus --out tmp/out -p tmp/p.toml`` (``toml``'s text) through
    the CLI; returns the runner, the pipeline file, the output folder and the result."""
    from typer.testing import CliRunner

    from discourse.cli import app

    pipeline = tmp_path / "p.toml"
    pipeline.write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(app, ["run", str(corpus), "--out", str(out), "-p", str(pipeline)])
    assert first.exit_code == 0, first.output
    return runner, pipeline, out, first


def test_cli_report_exits_1_when_an_output_cannot_be_written(corpus: Path, tmp_path: Path) -> None:
    from discourse.cli import app

    toml = '[pipeline]\nstages = ["gold_stance"]\n[outputs]\nmaps = ["svg"]\n'
    runner, pipeline, out, _ = _cli_run(corpus, tmp_path, toml)
    (out / "threads" / "copy-post.html").unlink()
    (out / "threads" / "copy-post.html").mkdir()
    rebuilt = runner.invoke(app, ["report", "--out", str(out), "-p", str(pipeline)])
    assert rebuilt.exit_code == 1, rebuilt.output
    assert "[W500]" in rebuilt.output and "[E513]" in rebuilt.output
    assert "Traceback" not in rebuilt.output and "failed\n" not in rebuilt.output
    assert (out / "threads" / "guatemala-post.html").is_file()


def test_cli_report_with_reports_off_does_not_point_at_a_page(corpus: Path, tmp_path: Path) -> None:
    """It said "open out/index.html" when the pipeline wrote maps and tables only."""
    from discourse.cli import app

    toml = '[pipeline]\nstages = ["gold_stance"]\n[outputs]\nreports = false\nmaps = ["svg"]\n'
    runner, pipeline, out, _ = _cli_run(corpus, tmp_path, toml)
    rebuilt = runner.invoke(app, ["report", "--out", str(out), "-p", str(pipeline)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "(reports off)" in rebuilt.output and "index.html" not in rebuilt.output
    assert not (out / "index.html").exists()


def _json_thread(folder: Path, name: str, thread_id: str, words: str) -> Path:
    thread = {
        "id": thread_id,
        "utterances": [
            {"kind": "article", "speaker": "Ed", "text": words},
            {"kind": "comment", "speaker": "Reader", "text": "I agree."},
        ],
    }
    path = folder / name
    path.write_text(json.dumps(thread), encoding="utf-8")
    return path


def test_a_new_file_reusing_a_stored_id_is_the_one_renamed(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    _json_thread(folder, "kingpin.json", "kingpin", "Kill the kingpins.")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    # sorts before kingpin.json, so path order alone would give it the id
    _json_thread(folder, "kingpin-followup.json", "kingpin", "Part two: the kingpins are back.")
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (again.new, again.changed, again.unchanged) == (1, 0, 1)
    (warning,) = again.warnings
    assert warning.code == "W003" and "renamed to 'kingpin-2'" in warning.message
    with Store(out / "discourse.duckdb", read_only=True) as db:
        stored = {i: Path(s).name for i, s in db.sources().items()}
    assert stored == {"kingpin": "kingpin.json", "kingpin-2": "kingpin-followup.json"}


@pytest.mark.parametrize("to", ["moved", "a-first"])  # read after, and before, the id's owner
def test_a_moved_file_keeps_the_renamed_id_its_text_is_stored_under(
    tmp_path: Path, to: str
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    (folder / to).mkdir()
    _json_thread(folder, "post.json", "post", "Legalize it.")
    dupe = _json_thread(folder / "sub", "post.json", "post", "Send in the army.")
    first = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert [i.code for i in first.warnings] == ["W003"] and first.new == 2  # post, post-2
    dupe.rename(folder / to / "post.json")
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    # the same text from a new path: not analysed again, not stored twice as post-3
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    assert "W512" not in {i.code for i in again.warnings}
    assert all("'post-2'" in i.message for i in again.warnings), again.warning_lines()
    with Store(out / "discourse.duckdb", read_only=True) as db:
        stored = {i: Path(s).relative_to(folder).as_posix() for i, s in db.sources().items()}
    assert stored == {"post": "post.json", "post-2": f"{to}/post.json"}
    later = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (later.new, later.changed, later.unchanged) == (0, 0, 2)


def test_a_removed_copy_does_not_take_the_id_of_the_thread_it_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    (folder / "sub").mkdir(parents=True)
    _json_thread(folder, "post.json", "post", "Legalize it.")
    copy = _json_thread(folder / "sub", "post.json", "post", "Legalize it.")
    with monkeypatch.context() as m:  # a store written before copies were skipped (W517)
        m.setattr(run_mod, "_copy_of", lambda *args: None)
        run_mod.run_corpus([folder], out=out, config=fast_config())  # post, post-2: same text
    copy.unlink()
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (again.new, again.changed, again.unchanged) == (0, 0, 1)
    assert [i.code for i in again.warnings] == ["W512"]  # post-2 is the one gone
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert Path(db.sources()["post"]) == folder / "post.json"


def _stored_counts(out: Path) -> tuple[set[str], int]:
    """The stored thread ids and how many utterances (posts) the store holds."""
    with Store(out / "discourse.duckdb", read_only=True) as db:
        (posts,) = db.con.execute("SELECT count(*) FROM utterances").fetchone()
        return set(db.thread_ids()), posts


def test_a_copy_of_a_stored_thread_in_another_folder_is_skipped_not_counted_twice(
    corpus: Path, tmp_path: Path
) -> None:
    out, incoming = tmp_path / "out", tmp_path / "incoming"
    incoming.mkdir()
    run_mod.run_corpus([corpus], out=out, config=fast_config())
    before = _stored_counts(out)
    shutil.copy(corpus / "copy-post.txt", incoming / "copy-post.txt")  # byte-identical
    again = run_mod.run_corpus([incoming], out=out, config=fast_config())
    (warning,) = again.warnings
    assert warning.code == "W517" and not again.models_loaded
    assert "incoming/copy-post.txt" in warning.message
    assert f"is a copy of {corpus / 'copy-post.txt'}" in warning.message
    assert "(same content); skipped" in warning.message
    assert (again.new, again.changed, again.unchanged, again.skipped) == (0, 0, 0, 1)
    assert "1 skipped (copies: W517)" in again.describe()
    record = run_record(out / "discourse.duckdb")  # the run history keeps the copy too
    assert (record["files"], record["new"], record["skipped"]) == (1, 0, 1)
    assert _stored_counts(out) == before  # no copy-post-2: its posts are counted once
    # both folders at once, the copy in either order: the stored file keeps the thread
    for paths in ([corpus, incoming], [incoming, corpus]):
        both = run_mod.run_corpus(paths, out=out, config=fast_config())
        assert (both.new, both.unchanged, both.skipped) == (0, 2, 1)
        assert [i.code for i in both.warnings] == ["W517"]
        assert _stored_counts(out) == before


def test_counts_recorded_in_the_runs_table_include_skipped_copies() -> None:
    summary = run_mod.RunSummary(files=3, new=1, unchanged=1, skipped=1, segments=4)
    assert summary.counts == {
        "files": 3,
        "new": 1,
        "changed": 0,
        "unchanged": 1,
        "failed": 0,
        "segments": 4,
        "skipped": 1,
    }


def test_a_copy_in_another_format_read_in_the_same_batch_is_skipped(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "a-post.txt").write_text(tiny_thread(1), encoding="utf-8")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    (thread,) = run_mod.ingest([folder], fast_config(), run_mod.RunSummary())
    export = {**thread.to_dict(), "source": None}
    (folder / "b-export.json").write_text(json.dumps(export), encoding="utf-8")
    summary = run_mod.run_corpus([folder], out=out, config=fast_config())
    (warning,) = summary.warnings
    assert warning.code == "W517" and "b-export.json" in warning.message
    assert (summary.new, summary.unchanged, summary.skipped) == (0, 1, 1)
    # a fresh store: the copy read after its original in the same batch
    fresh = run_mod.run_corpus([folder], out=tmp_path / "fresh", config=fast_config())
    assert (fresh.new, fresh.skipped) == (1, 1)
    assert f"is a copy of {folder / 'a-post.txt'} (same content)" in fresh.warnings[0].message


def test_a_copy_that_changes_later_is_a_thread_of_its_own(corpus: Path, tmp_path: Path) -> None:
    out, incoming = tmp_path / "out", tmp_path / "incoming"
    incoming.mkdir()
    run_mod.run_corpus([corpus], out=out, config=fast_config())
    copy = incoming / "copy-post.txt"
    shutil.copy(corpus / "copy-post.txt", copy)
    assert run_mod.run_corpus([incoming], out=out, config=fast_config()).skipped == 1
    copy.write_text(tiny_thread(2).replace("I agree.", "I disagree."), encoding="utf-8")
    changed = run_mod.run_corpus([incoming], out=out, config=fast_config())
    assert (changed.new, changed.skipped) == (1, 0)
    assert [i.code for i in changed.warnings] == ["W003"]  # renamed copy-post-2, as before
    same = run_mod.run_corpus([incoming], out=out, config=fast_config())
    assert (same.new, same.unchanged, same.skipped) == (0, 1, 0)
    # the original changing is a change of the original, not a copy
    (corpus / "copy-post.txt").write_text(tiny_thread(5), encoding="utf-8")
    edited = run_mod.run_corpus([corpus], out=out, config=fast_config())
    assert (edited.changed, edited.unchanged, edited.skipped) == (1, 1, 0)


def test_threads_of_removed_files_are_pointed_out_and_pruned_on_request(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    _json_thread(folder, "a.json", "a", "Legalize it.")
    _json_thread(folder, "b.json", "b", "Send in the army.")
    moved = _json_thread(folder, "c.json", "c", "Reduce demand.")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    (folder / "a.json").unlink()
    (folder / "week2").mkdir()
    moved.rename(folder / "week2" / "c.json")  # same thread, same id, another file
    kept = run_mod.run_corpus([folder], out=out, config=fast_config())
    (warning,) = kept.warnings
    assert warning.code == "W512" and "1 stored thread(s) (a)" in warning.message
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert set(db.thread_ids()) == {"a", "b", "c"}  # nothing is lost unasked
        assert Path(db.sources()["c"]).parent.name == "week2"
    pruned = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    assert pruned.removed == 1 and pruned.warnings == []
    assert "1 removed (gone from the corpus: --prune)" in pruned.describe()
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert set(db.thread_ids()) == {"b", "c"}
        assert db.sql("SELECT count(*) AS n FROM segments WHERE thread_id = 'a'")["n"][0] == 0
    assert sorted(pd.read_csv(out / "tables" / "threads.csv")["id"]) == ["b", "c"]  # reports too
    leftovers = [p.name for p in out.rglob("a.*")] + [p.name for p in out.rglob("a-*.svg")]
    assert leftovers == [] and not (out / "tables" / "a").exists()  # nor its pages and maps
    assert (out / "threads" / "b.html").is_file() and (out / "maps" / "b.svg").is_file()


def test_a_thread_whose_file_now_gives_another_id_is_gone_and_pruned(tmp_path: Path) -> None:
    """Changing the ``id`` inside a file must not leave the old id counted beside the new."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    path = _json_thread(folder, "m.json", "mexico-army", "Legalize it.")
    _json_thread(folder, "b.json", "b", "Send in the army.")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    path.write_text(path.read_text(encoding="utf-8").replace("mexico-army", "mexico-army-2011"))
    kept = run_mod.run_corpus([folder], out=out, config=fast_config())
    (warning,) = kept.warnings
    assert warning.code == "W512" and "1 stored thread(s) (mexico-army)" in warning.message
    pruned = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    assert pruned.removed == 1 and pruned.warnings == []
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert db.thread_ids() == ["b", "mexico-army-2011"]
    assert sorted(pd.read_csv(out / "tables" / "threads.csv")["id"]) == ["b", "mexico-army-2011"]
    assert not (out / "threads" / "mexico-army.html").exists()


@pytest.mark.parametrize("suffix", ["jsonl", "csv"])
def test_a_thread_deleted_from_a_file_of_several_is_gone_and_pruned(
    tmp_path: Path, suffix: str
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    rows = [
        ("week-1", "article", "Ed", "Legalize it."),
        ("week-1", "comment", "Al", "I agree."),
        ("week-2", "article", "Ed", "Send in the army."),
        ("week-2", "comment", "Al", "No."),
    ]

    def write(kept: list[tuple[str, str, str, str]]) -> None:
        if suffix == "csv":
            lines = ["thread_id,kind,speaker,text", *(",".join(r) for r in kept)]
        else:
            keys = ("thread_id", "kind", "speaker", "text")
            lines = [json.dumps(dict(zip(keys, r, strict=True))) for r in kept]
        (folder / f"posts.{suffix}").write_text("\n".join(lines) + "\n", encoding="utf-8")

    write(rows)
    first = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert first.new == 2
    write(rows[:2])  # week-2 deleted from the file
    kept = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert [(i.code, "(week-2)" in i.message) for i in kept.warnings] == [("W512", True)]
    pruned = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    assert pruned.removed == 1
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert db.thread_ids() == ["week-1"]


def test_threads_of_a_file_that_fails_to_read_are_not_gone(tmp_path: Path) -> None:
    """A file that is broken this week keeps its stored threads, even with ``prune``."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    path = _json_thread(folder, "a.json", "a", "Legalize it.")
    _json_thread(folder, "b.json", "b", "Send in the army.")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    path.write_text('{"id": "a", "utterances": [', encoding="utf-8")
    broken = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    assert [i.code for i in broken.errors] == ["E006"]
    assert broken.removed == 0 and broken.warnings == []
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert db.thread_ids() == ["a", "b"]


def test_paths_spelt_differently_are_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder, out = Path("in"), Path("out")
    folder.mkdir()
    _json_thread(folder, "a.json", "a", "Legalize it.")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    # the same folder absolute, the same file named twice more: nothing new, nothing twice
    again = run_mod.run_corpus(
        [folder.resolve(), folder / "a.json", "in/./a.json"], out=out, config=fast_config()
    )
    assert (again.files, again.new, again.unchanged, again.warnings) == (1, 0, 1, [])
    # from another working directory, a file that fails to read is not "gone"
    (folder / "a.json").write_text("{", encoding="utf-8")
    monkeypatch.chdir(folder)
    broken = run_mod.run_corpus([Path(".")], out=Path("../out"), config=fast_config(), prune=True)
    assert [i.code for i in broken.errors] == ["E006"] and broken.removed == 0
    with Store(tmp_path / "out" / "discourse.duckdb", read_only=True) as db:
        assert db.thread_ids() == ["a"]


def test_a_new_file_never_takes_the_id_of_a_stored_thread_whose_file_is_gone(
    tmp_path: Path,
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    _json_thread(folder, "a.json", "dup", "Legalize it.")
    _json_thread(folder, "b.json", "dup", "Send in the army.")
    run_mod.run_corpus([folder], out=out, config=fast_config())  # dup, dup-2
    (folder / "a.json").unlink()
    _json_thread(folder, "c.json", "dup", "Reduce demand.")
    later = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (later.new, later.changed) == (1, 0)  # a.json's stored analysis is not overwritten
    pruned = run_mod.run_corpus([folder], out=out, config=fast_config(), prune=True)
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert pruned.removed == 1 and (again.new, again.changed, again.unchanged) == (0, 0, 2)
    with Store(out / "discourse.duckdb", read_only=True) as db:
        stored = {i: Path(s).name for i, s in db.sources().items()}
    assert sorted(stored.values()) == ["b.json", "c.json"] and stored["dup-2"] == "b.json"


def test_changing_the_map_formats_rewrites_unchanged_threads_outputs(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config())  # aif + svg
    assert (out / "maps" / "copy-post.aif.json").is_file()
    svg_only = fast_config(outputs={"maps": ["svg"]})
    summary = run_mod.run_corpus([corpus], out=out, config=svg_only)
    assert summary.unchanged == 2 and summary.reports_rebuilt
    assert not list((out / "maps").glob("*.aif.json"))  # no stale format left, none linked
    assert "aif.json" not in (out / "threads" / "copy-post.html").read_text(encoding="utf-8")
    assert (out / "maps" / "copy-post.svg").is_file()


def test_exports_in_formats_no_longer_configured_are_removed(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_mod.run_corpus([corpus], out=out, config=fast_config())  # csv + parquet
    assert (out / "data" / "threads.parquet").is_file()
    (out / "data" / "notes.parquet").write_text("a user's own file", encoding="utf-8")
    csv_only = run_mod.run_corpus(
        [corpus], out=out, config=fast_config(outputs={"tables": ["csv"]})
    )
    assert csv_only.reports_reasons == ["[outputs] settings changed"]
    # no copy of an older store stays beside the fresh exports
    assert sorted(p.name for p in (out / "data").glob("*.parquet")) == ["notes.parquet"]
    assert (out / "data" / "threads.csv").is_file() and (out / "data" / "runs.csv").is_file()
    run_mod.run_corpus([corpus], out=out, config=fast_config(outputs={"tables": []}))
    assert sorted(p.name for p in (out / "data").iterdir()) == ["notes.parquet"]


def test_a_store_shared_by_two_folders_gives_each_report_every_page(tmp_path: Path) -> None:
    a, b, store = tmp_path / "A", tmp_path / "B", tmp_path / "shared.duckdb"
    a.mkdir()
    b.mkdir()
    _json_thread(a, "x.json", "ax", "Legalize it.")
    _json_thread(b, "y.json", "by", "Send in the army.")
    run_mod.run_corpus([a], out=tmp_path / "repA", store=store, config=fast_config())
    run_mod.run_corpus([b], out=tmp_path / "repB", store=store, config=fast_config())
    index = (tmp_path / "repB" / "index.html").read_text(encoding="utf-8")
    for linked in re.findall(r'href="(threads/[^"]+\.html)"', index):
        assert (tmp_path / "repB" / linked).is_file(), linked  # no broken link
    assert (tmp_path / "repB" / "threads" / "ax.html").is_file()


def test_long_utterances_are_warned_about_and_analysed_in_pieces(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    body = " ".join(["The military solution is simply perverse."] * 400)  # ~17 KB
    (folder / "long.txt").write_text(
        f"Posted by editor in Policy\n\nArticle text.\n\n  • Ranter\n\n    {body}\n",
        encoding="utf-8",
    )
    config = fast_config(segment={"max_chars": 5000})
    summary = run_mod.run_corpus([folder], out=tmp_path / "out", config=config)
    assert [i.code for i in summary.warnings] == ["W004"]
    assert summary.segments >= 400


@pytest.mark.slow
def test_a_5mb_comment_is_cut_for_analysis_but_stored_whole(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    sentence = "The military solution is simply perverse, and demand must fall. "
    body = sentence * (5_000_000 // len(sentence))
    (folder / "huge.txt").write_text(
        f"An article about drug policy.\n\nPosted by editor in Policy\n\n  • Spammer\n\n    {body}\n"
        f"\n  • Reader\n\n    I agree with the article.\n",
        encoding="utf-8",
    )
    started = time.perf_counter()
    summary = run_mod.run_corpus([folder], out=tmp_path / "out", config=fast_config())
    assert time.perf_counter() - started < 300
    assert [i.code for i in summary.warnings] == ["W503"] and summary.new == 1
    with Store(tmp_path / "out" / "discourse.duckdb", read_only=True) as db:
        thread, tables = db.load_thread("huge")
        assert len(thread.utterance("huge/spammer").text) >= 4_900_000  # nothing lost
        assert thread.content_hash() == db.hashes()["huge"]
        assert tables["segments"]["end"].max() <= 200_000
        assert "huge/reader" in set(tables["segments"]["utterance_id"])
    # unchanged next week: not cut and analysed again
    again = run_mod.run_corpus([folder], out=tmp_path / "out", config=fast_config())
    assert again.unchanged == 1 and not again.models_loaded


@pytest.mark.slow
def test_parallel_workers_give_the_same_store_as_one(tmp_path: Path) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus", 9)
    shutil.copy(SEED, corpus / SEED.name)
    frames = []
    for workers in (1, 2):
        out = tmp_path / f"out{workers}"
        summary = run_mod.run_corpus(
            [corpus], out=out, config=fast_config(run={"chunk_size": 2}), workers=workers
        )
        assert summary.new == 10 and not summary.errors
        with Store(out / "discourse.duckdb", read_only=True) as db:
            frames.append(
                {
                    name: db.table(name)
                    .drop(columns=["analysed_at", "run_id"], errors="ignore")
                    .sort_values(list(db.table(name).columns[:3]))
                    .reset_index(drop=True)
                    for name in (
                        "threads",
                        "utterances",
                        "segments",
                        "stances",
                        "mentions",
                        "relations",
                    )
                }
            )
    for name, one in frames[0].items():
        pd.testing.assert_frame_equal(one, frames[1][name], obj=name)


def test_a_missing_named_file_is_an_error_not_a_vanished_file(corpus: Path, tmp_path: Path) -> None:
    summary = run_mod.run_corpus(
        [corpus / "typo.txt", corpus], out=tmp_path / "out", config=fast_config()
    )
    assert [(Path(i.path).name, i.code) for i in summary.errors] == [("typo.txt", "E001")]
    assert summary.warnings == [] and summary.new == 2
    assert run_record(tmp_path / "out" / "discourse.duckdb")["status"] == "completed"


def test_a_bad_setup_stops_the_run_before_any_work(corpus: Path, tmp_path: Path) -> None:
    # checked before the store is opened: also when no thread is new
    config = fast_config(pipeline={"stages": ["no_such_stage"]})
    with pytest.raises(ValueError, match="E023"):
        run_mod.run_corpus([corpus], out=tmp_path / "out", config=config)
    backwards = fast_config(pipeline={"stages": ["relations", "stance"]})
    with pytest.raises(ValueError, match=r"E025\] Stage 'relations' must come after 'stance'"):
        run_mod.run_corpus([corpus], out=tmp_path / "out", config=backwards)
    missing = fast_config(pipeline={"stages": ["stance"]}, stance={"model": "nope.skops"})
    with pytest.raises(OSError, match=r"E207\] .*nope.skops"):
        run_mod.run_corpus([corpus], out=tmp_path / "out", config=missing)
    assert not (tmp_path / "out" / "discourse.duckdb").exists()


def test_a_bad_gazetteer_stops_the_run_before_the_store_is_opened(
    corpus: Path, tmp_path: Path
) -> None:
    # it was E301 only once a thread was parsed: after the store and
    # data/runs.csv were made, with a failed run whose errors were '[]'
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "x", "name": "X Cartel", "label": "ORG", "kind": "cartel", "aliases": []}\n',
        encoding="utf-8",
    )
    config = fast_config(pipeline={"stages": ["entities"]}, entities={"gazetteer": str(bad)})
    with pytest.raises(ValueError, match=r"^\[E301\] .*bad.jsonl: .*line 1: kind 'cartel'"):
        run_mod.run_corpus([corpus], out=tmp_path / "out", config=config)
    assert not (tmp_path / "out").exists()


def test_the_encoder_model_without_the_encoder_stops_before_any_work(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # not an [E507] per thread: one message naming the install command
    monkeypatch.setenv("DISCOURSE_ENCODER", str(tmp_path / "nowhere"))
    config = fast_config(pipeline={"stages": ["stance"]}, stance={"model": "encoder"})
    with pytest.raises(OSError, match=r"E215\] .*requirements/encoder.txt"):
        run_mod.run_corpus([corpus], out=tmp_path / "out", config=config)
    assert not (tmp_path / "out" / "discourse.duckdb").exists()


@pytest.mark.parametrize("out", [".", ".."])
def test_reports_may_not_be_written_around_the_corpus(corpus: Path, out: str) -> None:
    # every file under the output folder is skipped as an output: nothing would be read
    with pytest.raises(ValueError, match=r"E510\] --out .* holds the corpus folder"):
        run_mod.run_corpus([corpus], out=corpus / out, config=fast_config())
    with pytest.raises(ValueError, match=r"E510"):  # a file named in it, too
        run_mod.run_corpus([corpus / "copy-post.txt"], out=corpus / out, config=fast_config())
    assert not (corpus / "index.html").exists()


def test_workers_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="E509"):
        run_mod.run_corpus([SEED], out=tmp_path, config=fast_config(), workers=0)


@pytest.mark.slow
def test_sigkill_mid_run_leaves_a_consistent_store_and_the_next_run_finishes(
    tmp_path: Path,
) -> None:
    corpus = write_tiny_corpus(tmp_path / "corpus", 60)
    out = tmp_path / "out"
    pipeline = tmp_path / "fast.toml"
    pipeline.write_text(
        '[pipeline]\nstages = ["gold_stance", "toy_entities", "relations"]\n'
        '[outputs]\nmaps = ["aif"]\n',
        encoding="utf-8",
    )
    code = "import tests.fake_stages; from discourse.cli import app; app()"
    cmd = [
        sys.executable,
        "-c",
        code,
        "-v",
        "run",
        str(corpus),
        "--out",
        str(out),
        "-p",
        str(pipeline),
    ]
    proc = subprocess.Popen(
        cmd, cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    stored = 0
    assert proc.stderr is not None
    for line in proc.stderr:
        if "stored thread" in line:
            stored += 1
            if stored == 5:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    with Store(out / "discourse.duckdb") as db:
        ids = db.thread_ids()
        assert 5 <= len(ids) < 60
        killed = db.runs().iloc[0]  # it counted every thread it stored, batch by batch
        assert (killed["new"], killed["segments"]) == (len(ids), 5 * len(ids))
        assert not pd.isna(killed["ended"])
        # every stored thread is complete: 3 utterances, its segments and stances
        counts = db.sql(
            "SELECT t.id, (SELECT count(*) FROM utterances u WHERE u.thread_id = t.id) AS u, "
            "(SELECT count(*) FROM segments s WHERE s.thread_id = t.id) AS s, "
            "(SELECT count(*) FROM stances st WHERE st.thread_id = t.id) AS st FROM threads t"
        )
        assert (counts["u"] == 3).all() and (counts["s"] == 5).all() and (counts["st"] == 20).all()
        orphans = db.sql(
            "SELECT count(*) AS n FROM segments WHERE thread_id NOT IN (SELECT id FROM threads)"
        )
        assert orphans["n"][0] == 0
        assert db.runs().iloc[0]["status"] == "interrupted"
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Store(out / "discourse.duckdb", read_only=True) as db:
        assert len(db.thread_ids()) == 60
        last = db.runs().iloc[0]
    assert last["status"] == "completed"
    assert last["new"] == 60 - len(ids) and last["unchanged"] == len(ids)


def test_cli_run_then_report_rebuilds_from_the_store(corpus: Path, tmp_path: Path) -> None:
    from discourse.cli import app

    toml = (
        '[pipeline]\nstages = ["gold_stance", "toy_entities", "relations"]\n'
        '[outputs]\nmaps = ["aif"]\n'
    )
    runner, pipeline, out, first = _cli_run(corpus, tmp_path, toml)
    assert "2 new" in first.output and "reports rebuilt" in first.output
    (out / "index.html").unlink()
    shutil.rmtree(out / "threads")
    rebuilt = runner.invoke(app, ["report", "--out", str(out), "-p", str(pipeline)])
    assert rebuilt.exit_code == 0, rebuilt.output
    assert (out / "index.html").is_file() and (out / "threads" / "copy-post.html").is_file()
    missing = runner.invoke(app, ["report", "--store", str(tmp_path / "none.duckdb")])
    assert missing.exit_code == 1 and "E500" in missing.output
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes", encoding="utf-8")
    for command in (["report"], ["run", str(corpus)]):
        not_a_store = runner.invoke(
            app, [*command, "--store", str(notes), "--out", str(tmp_path / "x")]
        )
        assert not_a_store.exit_code == 1 and "[E511]" in not_a_store.output, command
        assert "not a DuckDB store made by discourse" in not_a_store.output
    bad = runner.invoke(app, ["run", str(corpus), "--out", str(out), "--workers", "0"])
    assert bad.exit_code == 1 and "E509" in bad.output


def test_cli_prints_file_names_and_thread_ids_as_text_not_markup(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from discourse.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "[draft] post.txt").write_text("", encoding="utf-8")  # empty: E002 names it
    thread = {
        "id": "x[/red]y",  # shown in the progress bar as each thread is stored
        "utterances": [
            {"kind": "article", "speaker": "Ed", "text": "We need to reduce demand."},
            {"kind": "comment", "speaker": "[b]Al", "text": "Legalize it."},
        ],
    }
    (folder / "thread.json").write_text(json.dumps(thread), encoding="utf-8")
    pipeline = tmp_path / "fast.toml"
    pipeline.write_text('[pipeline]\nstages = ["gold_stance"]\n', encoding="utf-8")
    result = CliRunner().invoke(
        app, ["run", str(folder), "--out", str(tmp_path / "out"), "-p", str(pipeline)]
    )
    assert isinstance(result.exception, SystemExit), result.exception  # no MarkupError
    assert result.exit_code == 1, result.output  # the empty file is an error
    assert "[draft] post.txt" in result.output and "E002" in result.output
    assert "1 new" in result.output
    with Store(tmp_path / "out" / "discourse.duckdb", read_only=True) as db:
        assert list(db.sql("SELECT id FROM threads")["id"]) == ["x[/red]y"]


@pytest.mark.slow
def test_end_to_end_with_the_real_stages(tmp_path: Path) -> None:
    """The shipped configuration on the seed thread: real stance, entities and relations."""
    out = tmp_path / "out"
    summary = run_mod.run_corpus([SEED], out=out, config=PipelineConfig())
    assert summary.errors == [] and summary.warnings == [], summary.warnings
    assert summary.new == 1 and summary.segments > 50
    with Store(out / "discourse.duckdb", read_only=True) as db:
        labels = set(db.table("stances")["label"])
        assert {"favor", "against"} & labels
        assert len(db.table("mentions")) > 0 and len(db.table("relations")) > 0
        assert "stance-" in db.runs().iloc[0]["model_version"]
    html = (out / "threads" / "guatemala-post.html").read_text(encoding="utf-8")
    assert 'class="map"' in html and "Matt Yankee" in html
    assert (out / "index.html").is_file() and (out / "maps" / "corpus.aif.json").is_file()


@pytest.mark.slow
def test_a_quoted_comment_is_credited_once_to_whoever_said_it_not_the_quoter(
    tmp_path: Path,
) -> None:
    """The reviewer's thread: Eli quotes Carla ("> …") and rebuts her. positions.csv
    gave Eli legalization both ways and the map had him agree with Carla; then it
    counted Carla's one sentence twice (the quote reported by Eli)."""
    post = tmp_path / "corpus" / "rules.json"
    post.parent.mkdir()
    utterances = [
        {"id": "a", "kind": "article", "speaker": "Ed", "text": "We should legalize cannabis."},
        {
            "id": "c1",
            "kind": "comment",
            "speaker": "Carla",
            "text": "Legalization would be a disaster.",
        },
        {
            "id": "c5",
            "kind": "comment",
            "speaker": "Eli",
            "reply_to": "c1",
            "text": "> Legalization would be a disaster.\n\nThat's not true. "
            "Portugal decriminalized and it worked.",
        },
    ]
    post.write_text(json.dumps({"id": "rules", "utterances": utterances}), encoding="utf-8")
    out = tmp_path / "out"
    config = PipelineConfig.from_dict({"outputs": {"maps": ["argdown"], "tables": ["csv"]}})
    run_mod.run_corpus([post.parent], out=out, config=config)
    positions = pd.read_csv(out / "tables" / "rules" / "positions.csv").set_index("holder")
    assert positions.loc["Eli", "legalization_against"] == 0
    # Carla's sentence counts once, where she wrote it: Eli's quote of it is no second count
    assert positions.loc["Carla", "legalization_against"] == 1
    assert "Eli" not in str(positions.loc["Carla", "reported_by"])
    argdown = (out / "maps" / "rules.argdown").read_text(encoding="utf-8")
    assert "// Eli disagrees with Carla (That's not true)" in argdown
    assert not re.search(r"<Eli \d+> agrees with <Carla", argdown)


def test_cli_runs_a_plugin_stage_named_in_the_pipeline_file_in_worker_processes(
    corpus: Path, tmp_path: Path, registry: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # [E023] Unknown analysis stage for a user's @register_stage: nothing imported
    # it. Spawned workers (macOS, Windows) start from nothing, so they import the
    # plug-in themselves; forked ones would inherit it and prove nothing.
    from typer.testing import CliRunner

    from discourse.cli import app

    from .test_stages import write_plugin

    pipeline = write_plugin(tmp_path / "conf", "plug_for_workers", "wordcount_workers")
    monkeypatch.setattr(run_mod.multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["run", str(corpus), "--out", str(out), "-p", str(pipeline), "--workers", "2"]
    )
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output
    with Store(out / "discourse.duckdb", read_only=True) as db:
        counts = db.table("wordcounts")
    assert set(counts["thread_id"]) == {"guatemala-post", "copy-post"}
    assert (counts["words"] > 0).all()


def test_a_stage_failing_on_one_thread_costs_that_thread_alone_and_is_named(
    corpus: Path, tmp_path: Path, registry: dict
) -> None:
    # a bad result raised AttributeError out of run_corpus, or E505 lost the
    # batch; E507 did not say which stage raised
    from discourse.stages import register_stage

    def make(bad: str):
        def factory(config: PipelineConfig):
            def stage(parsed, tables):
                if parsed.thread.id != bad:
                    return {"counts": pd.DataFrame({"thread_id": [parsed.thread.id], "n": [1]})}
                if bad == "copy-post":
                    return ["not", "tables"]
                raise RuntimeError("my bug")

            return stage

        return factory

    register_stage("bad_result")(make("copy-post"))
    register_stage("raises")(make("guatemala-post"))
    for name, code, detail in (
        (
            "bad_result",
            "E514",
            "stage 'bad_result' gave thread 'copy-post' a result that "
            "cannot be stored: must return a dict of table name → DataFrame, got list",
        ),
        (
            "raises",
            "E507",
            "analysing thread 'guatemala-post' failed: stage 'raises' raised RuntimeError: my bug",
        ),
    ):
        out = tmp_path / name
        config = fast_config(pipeline={"stages": ["gold_stance", name]})
        summary = run_mod.run_corpus([corpus], out=out, config=config)
        assert (summary.new, summary.failed) == (1, 1)
        assert [e.code for e in summary.errors] == [code]
        assert detail in summary.errors[0].message
        assert detail in run_record(out / "discourse.duckdb")["errors"]
        with Store(out / "discourse.duckdb", read_only=True) as db:
            assert len(db.table("counts")) == 1


def test_a_stage_bug_is_one_coded_line_and_its_traceback_is_shown_with_verbose(
    corpus: Path, tmp_path: Path, registry: dict
) -> None:
    """The traceback behind an E507 is what a plug-in's author needs: with -v only
    (it used to print an uncoded "analysing … failed" line without it)."""
    from typer.testing import CliRunner

    from discourse.cli import app
    from discourse.stages import register_stage

    @register_stage("buggy")
    def make(config: PipelineConfig):
        def stage(parsed, tables):
            raise RuntimeError("my bug")

        return stage

    toml = '[pipeline]\nstages = ["gold_stance", "buggy"]\n[outputs]\nmaps = []\nreports = false\n'
    (tmp_path / "p.toml").write_text(toml, encoding="utf-8")
    runner = CliRunner()
    for verbose, out in (([], "quiet"), (["-v"], "loud")):
        args = [
            *verbose,
            "run",
            str(corpus),
            "--out",
            str(tmp_path / out),
            "-p",
            str(tmp_path / "p.toml"),
        ]
        result = runner.invoke(app, args)
        assert (
            "[E507]" in result.output
            and "stage 'buggy' raised RuntimeError: my bug" in result.output
        )
        assert ("Traceback" in result.output) is bool(verbose)
        assert "error analysing" not in result.output


def test_a_gazetteer_warning_is_counted_and_recorded_in_the_runs_table(tmp_path: Path) -> None:
    """W301 (an alias of two entities) was printed while the gazetteer loaded but the
    summary said "0 warnings" and the runs table held none; it names its lines too."""
    gazetteer = tmp_path / "gaz.jsonl"
    records = [
        {"id": "mexico", "name": "Mexico", "label": "GPE", "kind": "country", "aliases": ["MX"]},
        {"id": "mx-gang", "name": "MX Gang", "label": "ORG", "kind": "criminal_group",
         "aliases": ["MX"]},
    ]  # fmt: skip
    gazetteer.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    config = fast_config(
        pipeline={"stages": ["gold_stance", "entities"]}, entities={"gazetteer": str(gazetteer)}
    )
    out = tmp_path / "out"
    summary = run_mod.run_corpus([write_tiny_corpus(tmp_path / "c", 1)], out=out, config=config)
    w301 = [w for w in summary.warnings if w.code == "W301"]
    assert len(w301) == 1 and "(line 2)" in w301[0].message and "(line 1)" in w301[0].message
    assert "1 warnings" in summary.describe()
    with Store(out / "discourse.duckdb", read_only=True) as db:
        stored = json.loads(db.runs().iloc[0]["warnings"])
    assert [w["code"] for w in stored] == ["W301"]


def test_a_thread_with_half_an_emoji_is_stored_with_w013_beside_the_others(tmp_path: Path) -> None:
    """A lone surrogate (``"\\ud83d"``) used to fail the whole batch at the store."""
    corpus = write_tiny_corpus(tmp_path / "corpus", 1)
    (corpus / "cut.json").write_text(
        '{"id": "cut", "utterances": [{"kind": "article", "speaker": "Ed", "text": '
        '"We must legalize cannabis \\ud83d now."}, {"kind": "comment", "speaker": "Bo", '
        '"text": "Send the army."}]}',
        encoding="utf-8",
    )
    summary = run_mod.run_corpus([corpus], out=tmp_path / "out", config=fast_config())
    assert not summary.errors
    assert [(Path(i.path).name, i.code) for i in summary.warnings] == [("cut.json", "W013")]
    with Store(tmp_path / "out" / "discourse.duckdb", read_only=True) as db:
        assert set(db.thread_ids()) == {"t000", "cut"}


def test_run_and_segment_warn_about_long_utterances_in_the_same_words(tmp_path: Path) -> None:
    """`discourse run` and `discourse segment` name the utterances parsed in pieces
    (W004) identically; run warns W503 instead for one it cuts, in reading order."""
    from typer.testing import CliRunner

    from discourse.cli import app

    sentence = "Cartels moved cocaine through Honduras again this year. "
    post = tmp_path / "corpus" / "post.json"
    post.parent.mkdir()
    texts = {"ana": sentence * 3, "bo": sentence * 20, "cy": sentence * 4, "di": "Short."}
    utterances = [{"kind": "article", "speaker": "ed", "text": "An article."}]
    utterances += [{"kind": "comment", "speaker": k, "text": v} for k, v in texts.items()]
    post.write_text(json.dumps({"id": "post", "utterances": utterances}), encoding="utf-8")
    pipeline = tmp_path / "small.toml"
    pipeline.write_text("[segment]\nmax_chars = 100\n", encoding="utf-8")

    result = CliRunner().invoke(app, ["segment", str(post), "-p", str(pipeline), "-o", "-"])
    assert result.exit_code == 0, result.output
    said = [line.split("warning ", 1)[1] for line in result.stderr.splitlines() if "[W" in line]
    config = fast_config(segment={"max_chars": 100}, run={"max_utterance_chars": 500})
    summary = run_mod.run_corpus([post.parent], out=tmp_path / "out", config=config)
    warned = [line for line in summary.warning_lines() if line.startswith(("[W004]", "[W503]"))]

    w004 = [
        f"[W004] {post}: utterance 'post/{k}' is {len(texts[k])} characters long; it is analysed in pieces."
        for k in ("ana", "bo", "cy")
    ]
    assert said == w004  # segment cuts nothing: every long one is parsed in pieces
    assert [w[:6] for w in warned] == ["[W004]", "[W503]", "[W004]"]
    assert [warned[0], warned[2]] == [said[0], said[2]]
    assert "utterance 'post/bo'" in warned[1]
    # both are the one helper's lines, which a notebook can call before running
    (thread,) = run_mod.load(post).threads
    assert run_mod.long_utterance_warnings(thread, post, 100) == said
    assert run_mod.long_utterance_warnings(thread, post, 100, 500) == warned


def test_the_old_copy_of_an_original_edited_since_is_a_thread_of_its_own(
    tmp_path: Path,
) -> None:
    """The store's hash of the original is of its text before this run: a copy
    of it was skipped as a copy of the original edited in that very run (W517
    naming it, untrue), then renamed and analysed in the next run with nothing
    changed."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    for name in ("a.json", "b.json"):
        _json_thread(folder, name, "post", "Legalize it.")
    assert run_mod.run_corpus([folder], out=out, config=fast_config()).skipped == 1
    _json_thread(folder, "a.json", "post", "Legalize it now, all of it.")
    edited = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (edited.new, edited.changed, edited.skipped) == (1, 1, 0)
    assert [i.code for i in edited.warnings] == ["W003"]
    again = run_mod.run_corpus([folder], out=out, config=fast_config())
    assert (again.new, again.changed, again.unchanged, again.skipped) == (0, 0, 2, 0)


def test_a_copied_file_of_many_threads_reads_its_stored_original_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whether a stored original still holds a copy's text is read from its file:
    once per file, not once per copied thread (quadratic for a big JSONL copy)."""
    folder, out, incoming = tmp_path / "in", tmp_path / "out", tmp_path / "incoming"
    folder.mkdir()
    incoming.mkdir()
    lines = [
        json.dumps(
            {
                "id": f"t{n}",
                "utterances": [{"kind": "article", "speaker": "Ed", "text": "Legalize."}],
            }
        )
        for n in range(5)
    ]
    (folder / "all.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    run_mod.run_corpus([folder], out=out, config=fast_config())
    shutil.copy(folder / "all.jsonl", incoming / "all.jsonl")
    loaded: list[str] = []
    real_load = run_mod.load

    def counting_load(path: Any) -> Any:
        loaded.append(Path(path).name)
        return real_load(path)

    monkeypatch.setattr(run_mod, "load", counting_load)
    again = run_mod.run_corpus([incoming], out=out, config=fast_config())
    assert again.skipped == 5
    assert sorted(loaded) == ["all.jsonl", "all.jsonl"]  # the copy, and its original once
