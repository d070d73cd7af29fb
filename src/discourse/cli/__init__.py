"""The ``discourse`` command line: one module per command group.

``_app`` defines the Typer app and the core commands (``segment``, ``run``);
each feature module adds its commands to the same app when imported here.
"""

from __future__ import annotations

import atexit
import os
import sys

from . import argmap as _argmap  # noqa: F401  (discourse map)
from . import corpus as _corpus  # noqa: F401  (discourse corpus …)
from . import entities as _entities  # noqa: F401  (discourse entities, entities-eval)
from . import report as _report  # noqa: F401  (discourse report)
from . import stance as _stance  # noqa: F401  (discourse train, stance, eval)
from ._app import app

__all__ = ["app", "main"]


def main() -> None:
    """The ``discourse`` console script: :data:`app`, then a quick exit.

    Tearing the interpreter down after a command — deallocating the module
    state of spaCy, pandas, SciPy and DuckDB object by object — takes about
    a second: a third of re-running an unchanged corpus. Every command has
    closed its files and its store when it returns, so the script runs the
    exit handlers itself (logging, multiprocessing, coverage), flushes the
    standard streams and ends the process with ``os._exit``. ``app`` called
    any other way (``CliRunner`` in the tests, a notebook) exits as usual.
    """
    status = 0
    try:
        app()
    except SystemExit as done:
        if isinstance(done.code, int):
            status = done.code
        elif done.code is not None:  # sys.exit("message")
            print(done.code, file=sys.stderr)
            status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`discourse stance … | head`)
            pass
    os._exit(status)
