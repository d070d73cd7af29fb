"""``discourse segment`` writes each sentence's offsets into its source file."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from discourse.cli import app

from ..conftest import FIXTURES, SEED

runner = CliRunner()
JSONL_INPUT = FIXTURES / "ingest" / "threads.jsonl"
COLUMNS = [
    "id",
    "thread_id",
    "utterance_id",
    "kind",
    "speaker",
    "index",
    "start",
    "end",
    "text",
    "paragraph",
    "source_start",
    "source_end",
]


def _source(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        return handle.read()


def test_jsonl_output_has_source_offsets_numbers_or_null(tmp_path: Path) -> None:
    out = tmp_path / "seg.jsonl"
    result = runner.invoke(app, ["segment", str(SEED), str(JSONL_INPUT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert all(list(r) == COLUMNS for r in records)
    src = _source(SEED)
    seed = [r for r in records if r["thread_id"] == "guatemala-post"]
    others = [r for r in records if r["thread_id"] != "guatemala-post"]
    assert len(seed) == 68 and others
    for r in seed:
        assert isinstance(r["source_start"], int) and isinstance(r["source_end"], int)
        assert " ".join(src[r["source_start"] : r["source_end"]].split()) == r["text"]
    assert all(r["source_start"] is None and r["source_end"] is None for r in others)


def test_csv_output_has_source_offset_columns(tmp_path: Path) -> None:
    out = tmp_path / "seg.csv"
    html_page = FIXTURES / "ingest" / "offsets-hostile.html"
    result = runner.invoke(app, ["segment", str(html_page), str(JSONL_INPUT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype={"source_start": "Int64", "source_end": "Int64"})
    assert list(frame.columns) == COLUMNS
    page = frame[frame["thread_id"] == "offsets-hostile"]
    assert page["source_start"].notna().all() and page["source_end"].notna().all()
    assert frame[frame["thread_id"] != "offsets-hostile"]["source_start"].isna().all()
    src = _source(html_page)
    first = page.iloc[0]
    assert src[first["source_start"] : first["source_end"]].startswith("Caf&eacute; owners")
    # CSV writes whole numbers, not floats
    row = out.read_text(encoding="utf-8").splitlines()[1]
    assert row.endswith(f",{first['source_start']},{first['source_end']}")
