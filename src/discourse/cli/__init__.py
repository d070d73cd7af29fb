"""The ``discourse`` command line: one module per command group.

``_app`` defines the Typer app and the core commands (``segment``, ``run``);
each feature module adds its commands to the same app when imported here.
"""

from __future__ import annotations

from ._app import app

__all__ = ["app"]
