"""The ``discourse`` command line: one module per command group.

``_app`` defines the Typer app and the core commands (``segment``, ``run``);
each feature module adds its commands to the same app when imported here.
"""

from __future__ import annotations

from . import argmap as _argmap  # noqa: F401  (discourse map)
from . import corpus as _corpus  # noqa: F401  (discourse corpus …)
from . import entities as _entities  # noqa: F401  (discourse entities, entities-eval)
from . import report as _report  # noqa: F401  (discourse report)
from . import stance as _stance  # noqa: F401  (discourse train, stance, eval)
from ._app import app

__all__ = ["app"]
