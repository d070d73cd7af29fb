"""The stage registry: plug-ins named in the pipeline file, stage order, stage results."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import discourse.stages as stages_mod
from discourse.config import load_config
from discourse.errors import ConfigError, StageError

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


def test_a_stage_before_one_it_must_come_after_is_refused_naming_both(tmp_path: Path) -> None:
    # relations before stance ran with exit 0 and silently lost every
    # stance-based agreement: the stances did not exist yet
    toml = tmp_path / "order.toml"
    toml.write_text('[pipeline]\nstages = ["relations", "stance"]\n', encoding="utf-8")
    config = load_config(toml)
    for check in (
        lambda: stages_mod.check_stage_names(config["pipeline"]["stages"], config.path),
        lambda: stages_mod.build_analyser(config),
    ):
        with pytest.raises(ConfigError) as err:
            check()
        assert str(err.value).startswith(
            f"[E025] {toml}: Stage 'relations' must come after 'stance' "
            "(registered with after=('stance',)), but [pipeline] stages runs relations → stance"
        )
    # a stage it comes after need not be configured at all (relations uses stances if there)
    stages_mod.check_stage_names(["relations"])
    stages_mod.check_stage_names(["stance", "entities", "relations"])


def test_a_plugin_after_a_builtin_table_comes_after_the_stage_writing_it(
    registry: dict[str, stages_mod.Stage],
) -> None:
    # after=("stances",) before stance failed on every thread with KeyError: 'stances'
    stages_mod.register_stage("needs_stances", after=("stances",))(lambda config: lambda p, t: {})
    with pytest.raises(
        ConfigError, match=r"^\[E025\] Stage 'needs_stances' must come after 'stance'"
    ):
        stages_mod.check_stage_names(["needs_stances", "stance"])
    stages_mod.check_stage_names(["stance", "needs_stances"])


def test_the_builtin_stages_are_ordered_as_they_register() -> None:
    # the order is checked before any stage module is imported, from a copy
    for name in stages_mod.BUILTIN_STAGE_MODULES:
        assert stages_mod.get_stage(name).after == stages_mod.BUILTIN_STAGE_AFTER[name]


@pytest.mark.parametrize(
    ("result", "detail"),
    [
        (None, "must return a dict of table name → DataFrame, got None"),
        (["a"], "must return a dict of table name → DataFrame, got list"),
        ({"oops": "a string"}, "table 'oops' must be a pandas DataFrame, got str"),
        ({"x": pd.DataFrame({"n": [1]})}, "table 'x' has no thread_id column"),
        ({"stances": pd.DataFrame({"thread_id": ["t"]})}, "table 'stances' lacks the column(s)"),
        ({"my table": pd.DataFrame({"thread_id": ["t"]})}, "is not a plain name"),
        ({"utterances": pd.DataFrame({"thread_id": ["t"]})}, "made from the thread itself"),
    ],
)
def test_a_stage_result_the_store_cannot_take_is_a_stage_error_naming_the_stage(
    result: object, detail: str
) -> None:
    # these raised AttributeError out of the batch, E505 losing the batch, or
    # "dictionary update sequence element #0 …" without naming the stage
    with pytest.raises(StageError) as err:
        stages_mod.check_stage_result("mine", result)
    assert err.value.stage == "mine" and err.value.returned
    assert str(err.value).startswith("stage 'mine' ") and detail in err.value.detail


def test_stage_results_the_store_takes_pass_unchanged() -> None:
    tables = {
        "stances": stages_mod.empty_table("stances"),
        "wordcounts": pd.DataFrame({"thread_id": ["t"], "words": [3]}),
        "nothing": pd.DataFrame(),  # no rows: nothing to store
    }
    assert stages_mod.check_stage_result("mine", tables) is tables


def test_a_stage_factory_that_raises_is_a_config_error_naming_the_stage(
    registry: dict[str, stages_mod.Stage],
) -> None:
    """A plug-in factory with a wrong signature raised TypeError out of the run."""

    @stages_mod.register_stage("wrong_signature")
    def make(nlp, config):  # the factory takes the configuration alone
        raise AssertionError("never called")

    config = load_config(None)
    with pytest.raises(ConfigError, match=r"\[E026\] Stage 'wrong_signature' could not be set up: "
                       r"TypeError: .*missing 1 required positional argument"):  # fmt: skip
        stages_mod.build_analyser(config, ["wrong_signature"])
