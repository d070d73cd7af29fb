"""The ``discourse`` console script: output, exit codes and exit handlers survive its quick exit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import CORPUS

SCRIPT = Path(sys.executable).with_name("discourse")

pytestmark = pytest.mark.skipif(not SCRIPT.is_file(), reason="console script not installed")


def _script(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=300)


def test_version_exits_zero_and_prints():
    done = _script("--version")
    assert done.returncode == 0
    assert done.stdout.startswith("discourse ")


@pytest.mark.slow
def test_piped_output_is_complete_and_a_failure_keeps_its_exit_code(tmp_path):
    """``main`` ends with ``os._exit``: every line written to a pipe must still
    arrive, and a failed command must still exit non-zero with its message."""
    done = _script("segment", str(CORPUS / "guatemala-post.txt"))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 60 and all(json.loads(line)["thread_id"] for line in lines)
    assert lines[-1].endswith("}")

    failed = _script("run", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert failed.returncode == 1
    assert "[E001]" in failed.stderr + failed.stdout


def test_main_runs_exit_handlers_and_flushes(monkeypatch, capsys):
    """What interpreter shutdown would have done: atexit handlers, flushed streams."""
    import atexit
    import os

    from discourse import cli

    ran: list[str] = []
    # the real handlers belong to this test process (pytest's, logging's): not run here
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: ran.append("handlers"))
    exits: list[int] = []
    monkeypatch.setattr(os, "_exit", exits.append)
    monkeypatch.setattr(sys, "argv", ["discourse", "--version"])
    cli.main()
    assert exits == [0] and ran == ["handlers"]
    assert capsys.readouterr().out.startswith("discourse ")
    monkeypatch.setattr(sys, "argv", ["discourse", "no-such-command"])
    cli.main()
    assert exits == [0, 2]


def test_an_unknown_stage_is_one_message_of_the_usual_shape(tmp_path):
    """``error [E023] bogus.toml: …``, like every other message (it read
    ``error bogus.toml: [E023] …``)."""
    pipeline = tmp_path / "bogus.toml"
    pipeline.write_text('[pipeline]\nstages = ["stance", "bogus"]\n', encoding="utf-8")
    corpus = tmp_path / "c"
    corpus.mkdir()
    for command in (["run", "--out", str(tmp_path / "out")], ["map"]):
        done = _script(*command, str(corpus), "-p", str(pipeline))
        assert done.returncode == 1
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        assert lines == [
            f"error [E023] {pipeline}: Unknown analysis stage 'bogus'; "
            "known stages: entities, relations, stance."
        ], done.stderr
