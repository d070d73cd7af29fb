"""``discourse map``: thread files in, map files out; errors as one line and an exit code."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from typer.testing import CliRunner

from discourse.argmap import map_files
from discourse.argmap.graph import speaker_node
from discourse.cli import app
from discourse.config import load_config
from tests.conftest import SEED

runner = CliRunner()


SMALL = """The army should take over the fight against the cartels.

Posted by editor in Policy

  • Ann

    We must reduce demand for drugs at home.

  • Ben

    Second that. Troops never solved anything.
"""


@pytest.fixture
def two_threads(tmp_path):
    """Two small page dumps (two thread ids), quick to analyse."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "week-1.txt").write_text(SMALL, encoding="utf-8")
    (folder / "week-2.txt").write_text(SMALL.replace("Ann", "Cleo"), encoding="utf-8")
    return folder


def test_map_to_file_in_aif(nlp, gold_pipeline, tmp_path):
    out = tmp_path / "seed.aif.json"
    result = runner.invoke(
        app, ["map", str(SEED), "--format", "aif", "-o", str(out), "-p", str(gold_pipeline)]
    )
    assert result.exit_code == 0, result.output
    aif = json.loads(out.read_text(encoding="utf-8"))
    # attacks on militarization: Aaron B (s03–s05), Matt Yankee (s02), Distiller (s02–s03)
    assert sum(1 for n in aif["nodes"] if n["type"] == "CA") == 3
    assert {p["firstname"] for p in aif["participants"]} >= {"Matt", "Distiller"}


def test_map_to_stdout(nlp, gold_pipeline):
    result = runner.invoke(app, ["map", str(SEED), "-f", "argdown", "-p", str(gold_pipeline)])
    assert result.exit_code == 0, result.output
    assert "# Demand reduction" in result.stdout
    assert "<Derrick 1>: The ultimate root cause of the drug problem is demand. #(Derrick)" in (
        result.stdout
    )


def test_one_map_per_thread_into_a_folder(nlp, gold_pipeline, two_threads, tmp_path):
    out = tmp_path / "maps"
    result = runner.invoke(
        app, ["map", str(two_threads), "-f", "dot", "-o", str(out), "-p", str(gold_pipeline)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["week-1.dot", "week-2.dot"]
    dot = (out / "week-1.dot").read_text(encoding="utf-8")
    assert '"speaker:ben" -> "speaker:ann" [label="agrees: Second that"' in dot


def test_corpus_map(nlp, gold_pipeline, two_threads, tmp_path):
    report = map_files(
        [two_threads],
        fmt="graphml",
        output=tmp_path / "corpus.graphml",
        corpus=True,
        config=load_config(gold_pipeline),
    )
    assert report.threads == 2
    g = nx.read_graphml(report.outputs[0], force_multigraph=True)
    speakers = {d["name"]: n for n, d in g.nodes(data=True) if d["type"] == "speaker"}
    # Ben and the editor comment in both threads: one node each in the corpus map
    assert sorted(speakers) == ["Ann", "Ben", "Cleo", "editor"]
    assert speakers["Ben"] == "speaker:ben"  # a capitalised name keeps its bare slug
    assert speakers["editor"] == speaker_node("editor") == "speaker:editor~ab419498"
    utterances = [n for n, d in g.nodes(data=True) if d["type"] == "utterance"]
    assert len(utterances) == 6
    assert len([n for n, d in g.nodes(data=True) if d["type"] == "issue"]) == 4


def test_several_maps_to_one_file_is_an_error(nlp, gold_pipeline, two_threads, tmp_path):
    result = runner.invoke(
        app,
        ["map", str(two_threads), "-o", str(tmp_path / "one.svg"), "-p", str(gold_pipeline)],
    )
    assert result.exit_code == 1
    assert "[E402]" in result.output


def test_unknown_format_and_unreadable_input(nlp, gold_pipeline, tmp_path):
    result = runner.invoke(app, ["map", str(SEED), "-f", "pdf", "-p", str(gold_pipeline)])
    assert result.exit_code == 1 and "[E400]" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["map", str(empty), "-p", str(gold_pipeline)])
    assert result.exit_code == 1 and "[E401]" in result.output


def test_svg_to_a_file_with_another_suffix(nlp, gold_pipeline, tmp_path):
    # -f svg writes SVG to the name given, like -f dot -o x.png writes DOT
    out = tmp_path / "maps" / "seed.svg.out"
    result = runner.invoke(
        app, ["map", str(SEED), "-f", "svg", "-o", str(out), "-p", str(gold_pipeline)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "<svg " in text and "Karen Hooper" in text


def test_no_readable_thread_names_each_file_and_its_problem(nlp, gold_pipeline, tmp_path):
    # E401 alone hid why: the per-file errors were never printed
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["map", str(missing), str(empty), "-p", str(gold_pipeline)])
    assert result.exit_code == 1
    line = next(ln for ln in result.output.splitlines() if "[E401]" in ln)
    assert "[E001]" in line and "missing.txt" in line
    assert "[E002]" in line and "empty.txt" in line


def test_unwritable_output_is_a_coded_error(nlp, gold_pipeline, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    out = blocker / "seed.aif.json"
    result = runner.invoke(
        app, ["map", str(SEED), "-f", "aif", "-o", str(out), "-p", str(gold_pipeline)]
    )
    assert result.exit_code == 1
    assert "[E403]" in result.output and "seed.aif.json" in result.output


@pytest.mark.parametrize("name", ["maps", "exists.svg"])
def test_several_maps_into_an_existing_file(nlp, gold_pipeline, two_threads, tmp_path, name):
    # E404 is "several maps but -o names an existing file" (README), with or without a
    # suffix: a suffix-less name was taken for a folder, an "exists.svg" gave E402
    existing = tmp_path / name
    existing.write_text("kept", encoding="utf-8")
    result = runner.invoke(
        app, ["map", str(two_threads), "-o", str(existing), "-p", str(gold_pipeline)]
    )
    assert result.exit_code == 1
    assert "[E404]" in result.output and "[E402]" not in result.output and name in result.output
    assert existing.read_text(encoding="utf-8") == "kept"


def test_thread_ids_that_clean_up_alike_get_a_map_each(nlp, gold_pipeline, tmp_path):
    """'week/1' and 'week_1' both became week_1.dot: one map silently overwrote the other.
    Map files are named like the report's pages (an id changed to be a file name gets a
    hash), so both stay."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for thread_id in ("week/1", "week_1"):
        record = {
            "id": thread_id,
            "utterances": [
                {"kind": "article", "speaker": "Ed", "text": "Send the army after the cartels."},
                {"id": "c1", "kind": "comment", "speaker": "Al", "text": "You are wrong."},
            ],
        }
        name = thread_id.replace("/", "-slash-")
        (folder / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "maps"
    result = runner.invoke(
        app, ["map", str(folder), "-f", "dot", "-o", str(out), "-p", str(gold_pipeline)]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 2 and "week_1.dot" in names, names


def test_analyse_paths_without_a_report_raises_for_a_missing_path(tmp_path):
    # it returned [] and said nothing, while discourse.read_path raises [E001]
    from discourse.argmap import analyse_paths
    from discourse.errors import IngestError

    with pytest.raises(IngestError, match=r"\[E001\] .*nope"):
        analyse_paths([tmp_path / "nope"])  # at the call: nothing is loaded first


def test_analyse_paths_skips_a_bad_file_and_says_so(
    nlp, gold_pipeline, two_threads, tmp_path, caplog
):
    # a bad file in a batch does not stop the rest; with no report to hold its error,
    # the error is logged as a warning
    from discourse.argmap import analyse_paths
    from discourse.argmap.api import MapRun

    (two_threads / "empty.txt").write_text("", encoding="utf-8")
    config = load_config(gold_pipeline)
    with caplog.at_level("WARNING", logger="discourse.argmap.api"):
        items = list(analyse_paths([two_threads], config))
    assert [t.id for t, _ in items] == ["week-1", "week-2"]
    assert any("[E002]" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)
    # with a report, a missing path is one more recorded error: the rest is still mapped
    report = MapRun()
    items = list(analyse_paths([tmp_path / "nope", two_threads], config, report))
    assert len(items) == 2 and report.threads == 2
    assert [e[:6] for e in report.errors] == ["[E001]", "[E002]"]


def test_a_stage_that_raises_on_one_thread_is_e507_and_the_others_are_mapped(
    nlp, two_threads, tmp_path, registry
):
    """As `discourse run`: one coded line for the failing thread, maps for the rest
    (it was a traceback, or an uncoded line, and no map at all)."""
    from discourse.stages import register_stage

    @register_stage("breaks_week_1")
    def make(config):
        def stage(parsed, tables):
            if parsed.thread.id == "week-1":
                raise RuntimeError("kaboom")
            return {}

        return stage

    pipeline = tmp_path / "p.toml"
    pipeline.write_text(
        '[pipeline]\nstages = ["test_gold_stance", "breaks_week_1"]\n', encoding="utf-8"
    )
    out = tmp_path / "maps"
    result = runner.invoke(
        app, ["map", str(two_threads), "-f", "dot", "-o", str(out), "-p", str(pipeline)]
    )
    assert result.exit_code == 1
    text = " ".join(result.output.split())
    assert "[E507]" in text and "stage 'breaks_week_1' raised RuntimeError: kaboom" in text
    assert "Traceback" not in result.output
    assert sorted(p.name for p in out.iterdir()) == ["week-2.dot"]


def test_map_warns_about_utterances_analysed_in_pieces(nlp, gold_pipeline, tmp_path):
    """W004, as `discourse run` and `discourse segment` say it for the same file."""
    pipeline = tmp_path / "small.toml"
    pipeline.write_text(
        gold_pipeline.read_text(encoding="utf-8") + "[segment]\nmax_chars = 100\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["map", str(SEED), "-f", "aif", "-p", str(pipeline)])
    assert result.exit_code == 0, result.output
    assert "[W004]" in result.output
