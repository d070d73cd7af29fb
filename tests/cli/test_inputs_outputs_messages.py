"""Output paths, empty and stdin inputs, closed pipes, entity gold checks, one-line warnings."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from discourse.cli import app

from ..conftest import CORPUS

runner = CliRunner()
RECORDS = [
    {"id": "a", "text": "We should legalize marijuana and tax it."},
    {"id": "b", "text": "Send the army to the border."},
]


def _input(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return path


def _one_error_line(result, code: str, *names: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and ".tmp" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error ")]
    assert len(errors) == 1 and f"[{code}]" in errors[0], result.output
    for name in names:
        assert name in errors[0]


# --- 3. bad output paths ----------------------------------------------------


@pytest.mark.parametrize("command", ["segment", "stance", "entities"])
def test_an_output_that_is_a_folder_is_one_coded_line(tmp_path: Path, command: str):
    folder = tmp_path / "d"
    folder.mkdir()
    source = CORPUS / "guatemala-post.txt" if command == "segment" else _input(tmp_path)
    result = runner.invoke(app, [command, str(source), "-o", str(folder)])
    _one_error_line(result, "E016", str(folder), "folder")
    assert folder.is_dir() and not list(folder.iterdir())


@pytest.mark.parametrize("command", ["segment", "stance", "entities"])
def test_an_output_under_a_file_is_one_coded_line(tmp_path: Path, command: str):
    blocker = tmp_path / "seg.jsonl"
    blocker.write_text("x\n", encoding="utf-8")
    source = CORPUS / "guatemala-post.txt" if command == "segment" else _input(tmp_path)
    result = runner.invoke(app, [command, str(source), "-o", str(blocker / "x.jsonl")])
    _one_error_line(result, "E016", str(blocker / "x.jsonl"), "is a file")
    assert blocker.read_text(encoding="utf-8") == "x\n"


def test_an_output_where_no_file_can_be_created_is_one_coded_line():
    target = Path("/proc/discourse-x.jsonl")
    result = runner.invoke(app, ["segment", str(CORPUS / "guatemala-post.txt"), "-o", str(target)])
    _one_error_line(result, "E016", str(target))


@pytest.mark.parametrize("command", ["run", "report"])
@pytest.mark.parametrize("under", [False, True])
def test_an_out_folder_that_is_a_file_is_one_coded_line(
    tmp_path: Path, command: str, under: bool
) -> None:
    """``--out f`` (or ``f/sub``) with ``f`` a file: [E016], not an Errno or a traceback."""
    blocker = tmp_path / "f"
    blocker.write_text("hi\n", encoding="utf-8")
    out = blocker / "sub" if under else blocker
    args = [str(CORPUS / "guatemala-post.txt")] if command == "run" else []
    args += ["--store", str(tmp_path / "s.duckdb")] if command == "report" else []
    result = runner.invoke(app, [command, *args, "--out", str(out)])
    _one_error_line(result, "E016", str(out), "is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "hi\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]  # refused before any work


@pytest.mark.parametrize("under_a_file", [False, True])
def test_a_run_store_that_cannot_be_written_is_one_coded_line(
    tmp_path: Path, under_a_file: bool
) -> None:
    """A folder as ``--store`` is E016 before any work, not E501 (a store in use)."""
    if under_a_file:
        (tmp_path / "f").write_text("hi\n", encoding="utf-8")
        store, says = tmp_path / "f" / "s.duckdb", "is a file, not a folder"
    else:
        (tmp_path / "f").mkdir()
        store, says = tmp_path / "f", "it is a folder"
    out = tmp_path / "out"
    result = runner.invoke(
        app, ["run", str(CORPUS / "guatemala-post.txt"), "--out", str(out), "--store", str(store)]
    )
    _one_error_line(result, "E016", str(store), says)
    assert not out.exists()


def test_a_folder_as_the_report_store_is_named_as_no_store(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", "--store", str(tmp_path), "--out", str(tmp_path / "o")])
    _one_error_line(result, "E511", str(tmp_path), "(a folder)")


def test_train_checks_its_output_before_training(tmp_path: Path):
    blocker = tmp_path / "seg.jsonl"
    blocker.write_text("x\n", encoding="utf-8")
    out = blocker / "m.skops"
    result = runner.invoke(app, ["train", "--corpus", str(tmp_path / "nothing"), "-o", str(out)])
    # the output is refused first, before the (missing) corpus is even read
    _one_error_line(result, "E016", str(out))


def test_train_tune_needs_an_output_so_no_shipped_model_is_overwritten(tmp_path: Path):
    from discourse.modelfiles import file_sha256, shipped_model

    before = file_sha256(shipped_model("encoder"))
    result = runner.invoke(app, ["train", "--tune", "--corpus", str(tmp_path / "nothing")])
    _one_error_line(result, "E254")
    assert "--output" in result.output
    assert file_sha256(shipped_model("encoder")) == before


def test_an_unknown_output_suffix_names_the_file_and_the_formats_of_help(tmp_path: Path):
    out = tmp_path / "out.txt"
    result = runner.invoke(app, ["segment", str(CORPUS / "guatemala-post.txt"), "-o", str(out)])
    _one_error_line(result, "E030", str(out))
    listed = result.output.split("choose one of ")[1].rstrip(".\n").split(", ")
    helped = runner.invoke(app, ["segment", "--help"]).output
    assert listed and all(suffix in helped for suffix in listed)


def test_help_names_the_input_formats_and_page_dump_layouts_readme_documents():
    """A review found ``--help`` describing a page dump as the seed's layout only
    ("'Posted by … in …' footer, bulleted comments") where README lists seven."""
    import re

    helped = " ".join(runner.invoke(app, ["--help"]).output.split())
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    dumps = readme.split("### Plain-text page dumps")[1].split("- **Where the comments")[0]
    rows = [line for line in dumps.splitlines() if line.startswith("| ")][1:]  # no header
    assert len(rows) == 7, rows  # the seed, WordPress, Blogger, news, Disqus, plug-ins, Reddit
    text = helped.split("text (.txt, .text):")[1]
    for layout in ("WordPress", "Blogger", "news sites", "Disqus", "comment plug-ins", "Reddit"):
        assert layout in text, layout
    assert "bulleted comments" in text and "Posted by" not in text
    assert "README, section Input formats" in helped
    # every format README's table lists, with its suffixes
    table = readme.split("## Input formats")[1].split("A file whose suffix")[0]
    for name, suffixes in re.findall(r"^\| `(\w+)` \| ([^|]+) \|", table, re.M):
        assert f"{name} ({', '.join(re.findall(r'`([^`]+)`', suffixes))}):" in helped, name
    # what README says the structured readers take
    assert "conversation_id" in helped.split("jsonl (")[1].split("csv (")[0]
    assert "separated by , ; or tab" in helped
    for site in ("WordPress", "Blogger", "news sites", "Disqus", "Discourse", "phpBB", "Reddit"):
        assert site in helped.split("html (")[1].split("text (")[0], site


# --- 4. empty inputs --------------------------------------------------------


@pytest.mark.parametrize("command", ["stance", "entities"])
@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_an_empty_input_is_e002_and_keeps_the_output(tmp_path: Path, command: str, content: str):
    empty = tmp_path / "e.jsonl"
    empty.write_text(content, encoding="utf-8")
    out = tmp_path / "out1.jsonl"
    out.write_text("keep\n", encoding="utf-8")
    result = runner.invoke(app, [command, str(empty), "-o", str(out)])
    _one_error_line(result, "E002", "e.jsonl", "empty")
    assert out.read_text(encoding="utf-8") == "keep\n"


# --- 5. entity gold ---------------------------------------------------------


def _gold(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_entities_eval_refuses_an_empty_gold(tmp_path: Path):
    result = runner.invoke(app, ["entities-eval", str(_gold(tmp_path))])
    _one_error_line(result, "E002", "gold.jsonl")


def test_entities_eval_refuses_a_stance_gold_file():
    gold = CORPUS / "annotated" / "guatemala-post.gold.jsonl"
    result = runner.invoke(app, ["entities-eval", str(gold)])
    _one_error_line(result, "E310", str(gold), "line 1", "mentions")


@pytest.mark.parametrize("label", ["GEP", "gpe"])
def test_entities_eval_refuses_an_invalid_label(tmp_path: Path, label: str):
    ok = {"id": "a", "text": "Guatemala", "mentions": []}
    bad = {
        "id": "b",
        "text": "Guatemala sends troops.",
        "mentions": [
            {"start": 0, "end": 9, "text": "Guatemala", "label": label, "entity": "Guatemala"}
        ],
    }
    result = runner.invoke(app, ["entities-eval", str(_gold(tmp_path, ok, bad))])
    _one_error_line(result, "E311", "line 2", repr(label), "PERSON, NORP, ORG, GPE, LOC")


# --- 6. and 7. pipes and stdin ----------------------------------------------


@pytest.mark.parametrize("command", ["stance", "entities"])
def test_a_closed_pipe_ends_quietly(tmp_path: Path, command: str):
    """``discourse stance in.jsonl | head -c 10``: the reader is gone before the output."""
    import subprocess

    script = Path(sys.executable).parent / "discourse"
    with subprocess.Popen(
        [str(script), command, str(_input(tmp_path)), "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # long before the model is loaded and the first line written
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=300)
    assert code == 0, err
    assert "Broken pipe" not in err and "error" not in err


@pytest.mark.parametrize("command", ["stance", "entities"])
def test_dash_reads_stdin_and_the_summary_says_stdout(tmp_path: Path, command: str):
    text = _input(tmp_path).read_text(encoding="utf-8")
    result = runner.invoke(app, [command, "-", "-o", "-"], input=text)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in result.output.splitlines() if line.startswith("{")]
    assert ids == ["a", "b"]
    assert "→ stdout" in result.output and "→ -" not in result.output
    empty = runner.invoke(app, [command, "-"], input="\n")
    _one_error_line(empty, "E002", "<stdin>")


# --- 8. warnings are one line of the usual form -----------------------------


def test_logged_warnings_print_as_warning_lines(tmp_path: Path):
    """A library warning reads ``warning [W…] …``, not ``WARNING discourse…: […]``."""
    from discourse.cli._app import _SayHandler

    handler_count = len(logging.getLogger().handlers)
    long = {"id": "x", "text": "Guatemala sends troops. " * 40}
    path = _gold(tmp_path, {"id": "x", "text": long["text"]})
    result = runner.invoke(app, ["entities", str(path), "-p", str(_small_pieces(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "warning [W302]" in result.output and "WARNING discourse" not in result.output
    # the handler is removed again once the command ends
    assert len(logging.getLogger().handlers) == handler_count
    assert not any(isinstance(h, _SayHandler) for h in logging.getLogger().handlers)


def _small_pieces(tmp_path: Path) -> Path:
    toml = tmp_path / "small.toml"
    toml.write_text("[segment]\nmax_chars = 200\n", encoding="utf-8")
    return toml


def test_eval_w230_names_the_gold_file(tmp_path: Path):
    gold = _gold(
        tmp_path,
        {"id": "g1", "text": "We must legalize cannabis now.", "legalization": "favor"},
        {"id": "g2", "text": "Legalizing drugs would be a disaster.", "legalization": "against"},
    )
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert f"warning [W230] {gold}: Frame" in result.output


def test_segment_dash_reads_one_thread_file_from_stdin():
    """``discourse segment -``: the format is told by content (a page dump here), the
    thread is named ``stdin``, and the offsets point into what was read."""
    raw = (CORPUS / "guatemala-post.txt").read_bytes()
    piped = runner.invoke(app, ["segment", "-"], input=raw)
    from_file = runner.invoke(app, ["segment", str(CORPUS / "guatemala-post.txt")])
    assert piped.exit_code == 0, piped.output
    rows = [json.loads(line) for line in piped.stdout.splitlines()]
    want = [json.loads(line) for line in from_file.stdout.splitlines()]
    assert {r["thread_id"] for r in rows} == {"stdin"}
    assert [(r["text"], r["source_start"]) for r in rows] == [
        (w["text"], w["source_start"]) for w in want
    ]
    text = raw.decode("utf-8-sig")
    first = rows[0]
    assert text[first["source_start"] : first["source_end"]] == first["text"]
    empty = runner.invoke(app, ["segment", "-"], input=b"\n")
    _one_error_line(empty, "E002", "<stdin>")
