"""Pipeline configuration: defaults, overrides, and settings refused at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from discourse.config import DEFAULTS, PipelineConfig, load_config
from discourse.errors import ConfigError


def test_a_file_changes_only_the_keys_it_names(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text('[run]\nworkers = 2\n[outputs]\nmaps = ["svg"]\n', encoding="utf-8")
    config = load_config(path)
    assert config["run"]["workers"] == 2 and config["outputs"]["maps"] == ["svg"]
    assert config["run"]["chunk_size"] == DEFAULTS["run"]["chunk_size"]
    assert config.hash != PipelineConfig().hash and config.path == str(path)


def test_an_exclude_list_adds_to_annotated(tmp_path: Path) -> None:
    """README: corpus/annotated/ is never read as threads; a file naming its own
    folders to skip made every run read the gold files (an error each)."""
    from discourse.ingest import iter_files

    path = tmp_path / "p.toml"
    path.write_text('[ingest]\nexclude = ["drafts"]\n', encoding="utf-8")
    config = load_config(path)
    assert config["ingest"]["exclude"] == ["annotated", "drafts"]
    corpus = tmp_path / "corpus"
    for folder in ("annotated", "drafts", "."):
        (corpus / folder).mkdir(parents=True, exist_ok=True)
        (corpus / folder / f"{folder.strip('.') or 'thread'}.txt").write_text("x", encoding="utf-8")
    found = [p.name for p in iter_files([corpus], exclude=config["ingest"]["exclude"])]
    assert found == ["thread.txt"]


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ('[output]\ntables = ["csv"]\n', r"unknown section \[output\]"),
        ("[run]\nworker = 2\n", "unknown key run.worker"),
        ('[run]\nworkers = "2"\n', "run.workers must be int"),
        ("[outputs]\nreports = 1\n", "outputs.reports must be bool"),
        # values of the right type that could only fail later, mid-run
        ("[segment]\nmax_chars = 0\n", "segment.max_chars must be at least 100, got 0"),
        ("[run]\nchunk_size = 0\n", "run.chunk_size must be at least 1"),
        ("[run]\nworkers = -1\n", "run.workers must be at least 1"),
        ("[nlp]\nbatch_size = 0\n", "nlp.batch_size must be at least 1"),
        (
            '[outputs]\ntables = ["xlsx"]\n',
            "outputs.tables: unknown 'xlsx'; choose from csv, parquet",
        ),
        ('[outputs]\nmaps = ["svg", "png"]\n', "outputs.maps: unknown 'png'; choose from aif"),
        ("[pipeline]\nstages = [1]\n", "pipeline.stages must be a list of strings, got 1"),
    ],
)
def test_bad_settings_are_refused_at_load_naming_file_and_key(
    tmp_path: Path, toml: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(toml, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"E021\] .*bad.toml: .*{message}"):
        load_config(path)


def test_max_utterance_chars_zero_switches_the_cut_off() -> None:
    config = PipelineConfig.from_dict({"run": {"max_utterance_chars": 0}})
    assert config["run"]["max_utterance_chars"] == 0


def test_the_default_outputs_name_every_format_the_writers_know() -> None:
    from discourse.argmap.export import FORMATS
    from discourse.store import EXPORT_FORMATS

    assert tuple(DEFAULTS["outputs"]["maps"]) == FORMATS
    assert tuple(DEFAULTS["outputs"]["tables"]) == EXPORT_FORMATS


def test_shipped_pipeline_file_is_the_defaults() -> None:
    root = Path(__file__).resolve().parents[1]
    assert load_config(root / "pipelines" / "default.toml").sections == DEFAULTS


def test_an_unknown_stage_names_the_file_after_the_code(tmp_path: Path) -> None:
    # "bogus.toml: [E023] …" put the file before the code, unlike every other message
    from discourse.stages import build_analyser, check_stage_names

    path = tmp_path / "bogus.toml"
    path.write_text('[pipeline]\nstages = ["stance", "bogus"]\n', encoding="utf-8")
    config = load_config(path)
    for check in (
        lambda: check_stage_names(config["pipeline"]["stages"], config.path),
        lambda: build_analyser(config),  # what `discourse map -p` calls: the file named too
    ):
        with pytest.raises(ConfigError) as err:
            check()
        assert str(err.value).startswith(f"[E023] {path}: Unknown analysis stage 'bogus'; ")
    with pytest.raises(ConfigError, match=r"^\[E023\] Unknown analysis stage 'bogus'"):
        build_analyser(PipelineConfig(), names=["bogus"])  # names not from a file: none named


def test_a_folder_given_as_the_pipeline_file_is_named_so(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"E021.*a folder, not a TOML file"):
        load_config(tmp_path)
