"""``python -m discourse`` (src/discourse/__main__.py) is the ``discourse`` command."""

from __future__ import annotations

import subprocess
import sys


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run(
        [sys.executable, "-m", "discourse", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("discourse ")


def test_python_dash_m_keeps_a_failures_exit_code(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "discourse", "stance", str(tmp_path / "missing.jsonl")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode != 0
    assert "missing.jsonl" in done.stderr
