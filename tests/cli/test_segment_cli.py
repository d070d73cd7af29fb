from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse.cli import app

from ..conftest import SEED

runner = CliRunner()


def _records(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def seed_run():
    """``discourse segment corpus/guatemala-post.txt`` (loads the pipeline once)."""
    return runner.invoke(app, ["segment", str(SEED)])


def test_segment_seed_gives_article_and_four_comments(seed_run):
    assert seed_run.exit_code == 0, seed_run.output
    records = _records(seed_run.stdout)
    utterances = list(dict.fromkeys((r["utterance_id"], r["kind"], r["speaker"]) for r in records))
    assert [kind for _, kind, _ in utterances] == ["article"] + ["comment"] * 4
    assert [speaker for _, kind, speaker in utterances if kind == "comment"] == [
        "Aaron B",
        "Matt Yankee",
        "Derrick",
        "Distiller",
    ]
    first = records[0]
    assert set(first) >= {"id", "thread_id", "utterance_id", "start", "end", "text", "paragraph"}


def test_segment_writes_csv(tmp_path: Path, seed_run):
    out = tmp_path / "x.csv"
    result = runner.invoke(app, ["segment", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out)
    assert list(frame["id"]) == [r["id"] for r in _records(seed_run.stdout)]
    assert frame["speaker"].iloc[-1] == "Distiller"


def test_segment_writes_json_as_one_array_and_jsonl_as_lines(tmp_path: Path, seed_run):
    """A .json file was JSON Lines: json.load failed on it ("Extra data")."""
    expected = _records(seed_run.stdout)
    for name in ("x.json", "x.jsonl"):
        result = runner.invoke(app, ["segment", str(SEED), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "x.json").read_text(encoding="utf-8")) == expected
    assert _records((tmp_path / "x.jsonl").read_text(encoding="utf-8")) == expected


def test_an_output_suffix_it_cannot_write_is_refused_before_any_work(tmp_path: Path):
    out = tmp_path / "seg.xlsx"
    result = runner.invoke(app, ["segment", str(SEED), "-o", str(out)])
    assert result.exit_code == 1 and "E030" in result.output and "'.xlsx'" in result.output
    assert not out.exists()


def test_batch_with_one_malformed_file_reports_it_and_keeps_going(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEED, corpus / "guatemala-post.txt")
    bad = corpus / "a-rather-long-file-name-so-that-a-narrow-terminal-would-wrap-it.json"
    bad.write_text('{"utterances": [\n  {"kind": "article",,}\n]}', encoding="utf-8")
    out = tmp_path / "segments.jsonl"
    result = runner.invoke(app, ["segment", str(corpus), "-o", str(out)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert len(errors) == 1
    assert bad.name in errors[0] and "[E006]" in errors[0] and "line 2" in errors[0]
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["thread_id"] for r in records} == {"guatemala-post"}
    assert records[-1]["speaker"] == "Distiller"


def test_segment_warns_w004_about_utterances_analysed_in_pieces(tmp_path: Path):
    """Like ``discourse run``: a text over ``[segment] max_chars`` is named (W004)."""
    pipeline = tmp_path / "small.toml"
    pipeline.write_text("[segment]\nmax_chars = 100\n", encoding="utf-8")
    long = " ".join(["Cartels moved cocaine through Honduras again this year."] * 3)
    post = tmp_path / "post.json"
    post.write_text(
        json.dumps(
            {
                "id": "post",
                "utterances": [
                    {"kind": "article", "speaker": "ed", "text": "Short."},
                    {"kind": "comment", "speaker": "ana", "text": long},
                ],
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["segment", str(post), "-p", str(pipeline)])
    assert result.exit_code == 0, result.output
    assert f"warning [W004] {post}: utterance 'post/ana' is {len(long)} characters" in " ".join(
        result.output.split()
    )
    assert result.output.count("[W004]") == 1  # not the short article
    assert len(_records(result.stdout)) == 4


def test_segment_keeps_an_existing_output_when_no_thread_is_read(tmp_path: Path, seed_run):
    """As stance, entities and map do: a typo in the input must not empty earlier results."""
    out = tmp_path / "seg.jsonl"
    out.write_text(seed_run.stdout, encoding="utf-8")
    result = runner.invoke(app, ["segment", str(tmp_path / "typo.txt"), "-o", str(out)])
    assert result.exit_code == 1
    assert "[E001]" in result.output and "[E027]" in result.output
    assert out.read_text(encoding="utf-8") == seed_run.stdout
