"""The ``entities`` stage (mentions table) and the ``discourse entities`` commands."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from discourse.cli import app
from discourse.config import PipelineConfig
from discourse.ingest import read_path
from discourse.model import Thread, Utterance
from discourse.segment import parse_threads
from discourse.stages import TABLE_COLUMNS, build_analyser, get_stage

from ..conftest import MIXED_IDS_JSONL, SEED, SEED_ENTITIES


def test_stage_reuses_parses_and_offsets_point_into_segments(nlp):
    stage = get_stage("entities")
    assert stage.after == ("segments",)
    analyse = build_analyser(PipelineConfig(), ["entities"])
    parsed = next(parse_threads(read_path(SEED), nlp))
    table = analyse(parsed).tables["mentions"]
    assert list(table.columns) == TABLE_COLUMNS["mentions"]
    texts = {s.id: s.text for s in parsed.segments}
    for row in table.itertuples():
        assert texts[row.segment_id][row.start : row.end] == row.text
        assert row.entity_id and row.canonical
    zetas = table[table.text.str.contains("Zetas")]
    assert len(zetas) >= 8 and set(zetas.entity_id) == {"los-zetas"}
    assert set(table[table.text == "Guatemalan"].label) == {"NORP"}


def test_stage_links_docs_parsed_without_the_components(caplog):
    from discourse.nlp import load_nlp

    bare = load_nlp(entities=False)
    utt = Utterance("t/a", "t", "article", "x", "  Felipe Calderón sent the army to Michoacán.")
    parsed = next(parse_threads([Thread("t", (utt,))], bare))
    table = build_analyser(PipelineConfig(), ["entities"])(parsed).tables["mentions"]
    assert "felipe-calderon" in set(table.entity_id)
    assert "[W300]" in caplog.text


def test_cli_round_trip(tmp_path):
    src = tmp_path / "in.jsonl"
    out = tmp_path / "out.jsonl"
    records = [
        {"id": "a/1", "text": " El Chapo ran the Sinaloa cartel from Culiacán."},
        {"id": "a/2", "text": "No names here."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = CliRunner().invoke(app, ["entities", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["a/1", "a/2"]
    assert lines[1]["mentions"] == []
    for m in lines[0]["mentions"]:
        assert records[0]["text"][m["start"] : m["end"]] == m["text"]
        assert set(m) == {"start", "end", "text", "label", "kind", "entity_id", "canonical"}
    assert {m["entity_id"] for m in lines[0]["mentions"]} == {
        "joaquin-guzman-loera",
        "sinaloa-cartel",
        "culiacan",
    }


def test_cli_errors_are_one_line_with_exit_code(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["entities", str(bad)])
    assert result.exit_code == 1
    assert "[E303]" in result.output


def test_cli_tags_the_good_lines_and_names_the_bad_ones(tmp_path):
    src = tmp_path / "mixed.jsonl"
    src.write_text(
        '{"id": "a/1", "text": "El Chapo ran the Sinaloa cartel."}\n'
        "{oops\n"
        '{"id": "a/2"}\n'
        '{"id": "a/3", "text": "Guatemala sent troops."}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["entities", str(src), "-o", str(out)])
    assert result.exit_code == 1
    assert "[E006]" in result.output and "line 2" in result.output
    assert "[E303]" in result.output and "line 3" in result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["a/1", "a/3"]
    assert lines[0]["mentions"]
    # nothing good at all: the old output stays
    only_bad = tmp_path / "bad.jsonl"
    only_bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["entities", str(only_bad), "-o", str(out)])
    assert result.exit_code == 1 and "[E307]" in result.output
    assert "entity tagging" in result.output  # not the stance command's E214
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a/1", "a/3"]


def test_eval_command_reports_both_systems():
    result = CliRunner().invoke(app, ["entities-eval", str(SEED_ENTITIES), "--stock", "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output[result.output.index("{") :])
    assert scores["discourse"]["span_f1"] > scores["stock"]["span_f1"]


def test_cli_folder_and_missing_input_are_coded_errors(tmp_path):
    folder = CliRunner().invoke(app, ["entities", str(tmp_path)])
    assert folder.exit_code == 1
    assert "[E013]" in folder.output and "folder" in folder.output
    missing = CliRunner().invoke(app, ["entities", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 1 and "[E001]" in missing.output


def test_cli_tags_long_texts_in_pieces_of_segment_max_chars(tmp_path):
    pipeline = tmp_path / "p.toml"
    pipeline.write_text("[segment]\nmax_chars = 100\n", encoding="utf-8")
    text = (
        "Karen Hooper wrote the post. "
        + "Nothing happened here today. " * 10
        + "Hooper says the Zetas are winning."
    )
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "long/1", "text": text}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["entities", str(src), "-o", str(out), "-p", str(pipeline)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    found = [(text[m["start"] : m["end"]], m["entity_id"]) for m in record["mentions"]]
    assert found == [
        ("Karen Hooper", "x:karen-hooper"),
        ("Hooper", "x:karen-hooper"),
        ("Zetas", "los-zetas"),
    ]


def test_cli_bad_gazetteer_is_a_coded_error(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    gaz = tmp_path / "gaz.jsonl"
    gaz.write_bytes(b'{"id": "x", "name": "M\xe9xico", "label": "GPE", "kind": "country"}\n')
    result = CliRunner().invoke(app, ["entities", str(src), "-g", str(gaz)])
    assert result.exit_code == 1
    assert "[E301]" in result.output and "UTF-8" in result.output


def test_cli_reads_half_an_emoji_as_u_fffd_and_tags_every_line(tmp_path):
    """A lone surrogate (``"\\ud800"``) used to crash the command with a traceback."""
    src = tmp_path / "cut.jsonl"
    src.write_text(
        '{"id": "a", "text": "Guatemala sent troops."}\n'
        '{"id": "\\ud800", "text": "cut \\ud83d Mexico"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["entities", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "[W013]" in result.output and "line 2" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "\ufffd"]
    assert [m["text"] for m in rows[1]["mentions"]] == ["Mexico"]


def test_cli_ids_follow_the_rule_stance_shares(tmp_path):
    """Integers and strings are written back as given (42, not "42"); any other id is
    [E018] naming its line, as in `discourse stance` (floats were refused, ints kept)."""
    src = tmp_path / "ids.jsonl"
    src.write_text(MIXED_IDS_JSONL, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["entities", str(src), "-o", str(out)])
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
    assert [m["entity_id"] for m in rows[0]["mentions"]] == ["mexico"]


_DUPLICATES = (
    '{"id": "a", "text": "Mexico sent the army."}\n'
    '{"id": "b", "text": "Legalize it."}\n'
    '{"id": "a", "text": "Guatemala sent troops."}\n'
)


def test_cli_a_repeated_id_is_w014_naming_both_lines_and_both_are_tagged(tmp_path):
    """Two lines with one id passed silently; a join on id would mix them up."""
    src = tmp_path / "dup.jsonl"
    src.write_text(_DUPLICATES, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["entities", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"[W014] {src}: record line 3 has the id 'a' of record line 1" in result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "a"]
    assert [m["entity_id"] for m in rows[2]["mentions"]] == ["guatemala"]
