"""Package attributes imported on first use (PEP 562), so importing a package stays cheap."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(
    package: str, names: dict[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``names`` (attribute → submodule) when first asked for.

    The value is then stored in ``namespace`` (the package's ``globals()``),
    so later lookups are plain attribute reads. Used where a package's public
    names live in modules a common path need not import: spaCy for
    ``discourse.load_nlp``, scikit-learn for ``discourse.stance.StanceClassifier``.
    """

    def module_getattr(name: str) -> Any:
        if name in names:
            value = getattr(importlib.import_module(f".{names[name]}", package), name)
            namespace[name] = value
            return value
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return module_getattr
