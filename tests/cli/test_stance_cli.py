"""``discourse stance`` / ``discourse eval``: outputs kept on failure, coded input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app

from ..conftest import MIXED_IDS_JSONL

runner = CliRunner()


def _write(path: Path, *records: dict, bom: bool = False) -> Path:
    text = "".join(json.dumps(r) + "\n" for r in records)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_an_input_with_no_good_record_leaves_an_existing_output_as_it_was(tmp_path: Path):
    src = _write(tmp_path / "odd.jsonl", {"id": "b"}, {"text": "no id"})
    keep = tmp_path / "keep.jsonl"
    keep.write_text("precious\n", encoding="utf-8")
    result = runner.invoke(app, ["stance", str(src), "-o", str(keep)])
    assert result.exit_code == 1
    assert "[E209]" in result.output and "odd.jsonl" in result.output
    assert "[E214]" in result.output and "stance tagging" in result.output
    assert keep.read_text(encoding="utf-8") == "precious\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.jsonl", "odd.jsonl"]  # no temp


def test_bad_lines_are_named_and_the_rest_of_the_batch_is_tagged(tmp_path: Path):
    """One bad line among thousands must not cost the others (the batch goes on)."""
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        json.dumps({"id": "a", "text": "We must legalize marijuana."})
        + "\n{not json\n"
        + json.dumps({"id": "b"})
        + "\n"
        + json.dumps({"id": "c", "text": 7})
        + "\n"
        + json.dumps({"id": "d", "text": "Send the army in."})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["stance", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "[E006] " in result.output and "line 2" in result.output
    assert "[E209]" in result.output and "line 3" in result.output
    assert "[E213]" in result.output and "line 4" in result.output
    assert "tagged 2 record(s)" in result.output and "3 left out" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "d"]
    assert rows[0]["legalization"] == "favor"


def test_a_line_cut_short_is_named_where_it_ends(tmp_path: Path):
    src = tmp_path / "badsent.jsonl"
    src.write_text('{"id":"x","text":"We must legalize marijuana."}\n{"id":"y"\n', encoding="utf-8")
    result = runner.invoke(app, ["stance", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert (
        "invalid JSON at line 2, column 10: Expecting ',' delimiter; "
        "the line ends before the object is closed." in result.output
    )


def test_stance_output_replaces_the_file_on_success(tmp_path: Path):
    src = _write(tmp_path / "in.jsonl", {"id": "a", "text": "We must legalize marijuana."})
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["stance", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["id"] == "a" and row["legalization"] == "favor"


@pytest.mark.parametrize("command", ["stance", "eval"])
def test_a_folder_as_input_is_a_coded_error(tmp_path: Path, command: str):
    result = runner.invoke(app, [command, str(tmp_path)])
    assert result.exit_code == 1
    assert "[E013]" in result.output and "folder" in result.output


def test_a_text_that_is_not_a_string_is_named_as_such(tmp_path: Path):
    src = _write(tmp_path / "num.jsonl", {"id": "d", "text": 12345})
    result = runner.invoke(app, ["stance", str(src)])
    assert result.exit_code == 1
    assert "[E213]" in result.output and "num.jsonl" in result.output
    assert "must be a string, got int" in result.output


def test_inputs_with_a_utf8_bom_are_read(tmp_path: Path):
    src = _write(
        tmp_path / "bom.jsonl", {"id": "a", "text": "We must legalize marijuana."}, bom=True
    )
    result = runner.invoke(app, ["stance", str(src)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout.splitlines()[0])["id"] == "a"
    gold = _write(
        tmp_path / "gold.jsonl",
        {"id": "g1", "text": "We must legalize marijuana.", "legalization": "favor"},
        {"id": "g2", "text": "Legalizing drugs would be a disaster.", "legalization": "against"},
        bom=True,
    )
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert "legalization" in result.output


def test_an_empty_gold_file_is_called_empty(tmp_path: Path):
    gold = tmp_path / "empty.jsonl"
    gold.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1
    assert "[E002]" in result.output and "empty.jsonl" in result.output


def test_half_an_emoji_is_read_as_u_fffd_and_every_line_is_tagged(tmp_path: Path):
    """A lone surrogate (``"\\ud800"``) used to stop the job with 0 lines written."""
    src = tmp_path / "cut.jsonl"
    src.write_text(
        '{"id": "first", "text": "Legalize it."}\n'
        '{"id": "ok\\udc00", "text": "bad surrogate \\ud800 legalize it"}\n'
        '{"id": "last", "text": "Send the army."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["stance", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "[W013]" in result.output and "cut.jsonl: line 2: 2 lone" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["first", "ok\ufffd", "last"]


def test_ids_follow_the_rule_entities_shares(tmp_path: Path):
    """Integers and strings are written back as given; any other id is [E018] naming
    its line, as in `discourse entities` (it once tagged 3.5, wrote 1e400 as null)."""
    src = tmp_path / "ids.jsonl"
    src.write_text(MIXED_IDS_JSONL, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["stance", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert [n for n in range(1, 8) if f"[E018] {src}: record line {n}:" in result.output] == [
        2,
        3,
        4,
        5,
        6,
    ]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == [42, "b"]


_DUPLICATES = (
    '{"id": "a", "text": "Mexico sent the army."}\n'
    '{"id": "b", "text": "Legalize it."}\n'
    '{"id": "a", "text": "Guatemala sent troops."}\n'
)


def test_a_repeated_id_is_w014_naming_both_lines_and_both_are_tagged(tmp_path: Path):
    """Two lines with one id passed silently; a join on id would mix them up."""
    src = tmp_path / "dup.jsonl"
    src.write_text(_DUPLICATES, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["stance", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"[W014] {src}: record line 3 has the id 'a' of record line 1" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "a"]
