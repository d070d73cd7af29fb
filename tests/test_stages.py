"""The stage registry: plug-ins named in the pipeline file, stage order, stage results."""

from __future__ import annotations

from pathlib import Path

import pytest

import discourse.stages as stages_mod
from discourse.config import load_config
from discourse.errors import ConfigError

PLUGIN = """
import pandas as pd
from discourse.stages import register_stage


@register_stage("{stage}", after=("segments",))
def make_wordcount(config):
    def stage(parsed, tables):
        seg = tables["segments"]
        words = seg["text"].str.split().str.len()
        return {{"wordcounts": pd.DataFrame(
            {{"segment_id": seg["id"], "thread_id": seg["thread_id"], "words": words}}
        )}}

    return stage
"""


def write_plugin(folder: Path, module: str, stage: str) -> Path:
    """``<module>.py`` registering a word-count stage ``stage``, and a pipeline naming it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(PLUGIN.format(stage=stage), encoding="utf-8")
    toml = folder / "plug.toml"
    toml.write_text(f'[pipeline]\nstages = ["{stage}"]\nplugins = ["{module}"]\n', encoding="utf-8")
    return toml


def test_a_plugin_beside_the_pipeline_file_registers_its_stage(
    registry: dict[str, stages_mod.Stage], tmp_path: Path
) -> None:
    # `discourse run -p plug.toml` said "[E023] Unknown analysis stage" for any
    # stage of the user's own: nothing imported the module that registers it
    toml = write_plugin(tmp_path / "conf", "plug_beside_toml", "wordcount_beside")
    config = load_config(toml)
    assert "wordcount_beside" not in registry
    stages_mod.build_analyser(config)  # what every worker process calls
    assert "wordcount_beside" in registry


def test_a_plugin_that_does_not_import_is_a_config_error_naming_file_and_module(
    registry: dict[str, stages_mod.Stage], tmp_path: Path
) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text('[pipeline]\nstages = ["stance"]\nplugins = ["no_such_plug"]\n')
    with pytest.raises(ConfigError) as err:
        stages_mod.load_plugins(load_config(toml))
    assert str(err.value).startswith(f"[E024] {toml}: ")
    assert "'no_such_plug'" in str(err.value) and "ModuleNotFoundError" in str(err.value)
    (tmp_path / "broken_plug.py").write_text("raise RuntimeError('my bug')\n")
    toml.write_text('[pipeline]\nplugins = ["broken_plug"]\n')
    with pytest.raises(ConfigError, match=r"^\[E024\] .*'broken_plug'.*RuntimeError: my bug"):
        stages_mod.load_plugins(load_config(toml))
