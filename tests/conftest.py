"""Shared fixtures: the repository's corpus and one loaded spaCy pipeline."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = CORPUS / "guatemala-post.txt"
SEED_GOLD = CORPUS / "annotated" / "guatemala-post.gold.jsonl"
SEED_ENTITIES = CORPUS / "annotated" / "guatemala-post.entities.jsonl"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline, loaded once per test session."""
    from discourse.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def seed_gold() -> list[dict]:
    """Gold sentences of the seed thread."""
    return [json.loads(line) for line in SEED_GOLD.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="session")
def seed_thread():
    """The seed thread (article + comments), read from the shipped corpus."""
    from discourse.ingest import read_path

    return read_path(SEED)[0]


@pytest.fixture
def registry(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Any]]:
    """A copy of the stage registry for a test that registers stages (a plug-in);
    the registry and ``sys.path`` are restored afterwards, and the modules the
    test imported from its temporary folders are forgotten."""
    import discourse.stages as stages_mod

    copy = dict(stages_mod.stages)
    monkeypatch.setattr(stages_mod, "stages", copy)
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield copy
    temp = tmp_path_factory.getbasetemp().resolve()
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve().is_relative_to(temp):
            del sys.modules[name]


#: JSON Lines whose ids test the id rule `discourse stance` and `discourse entities`
#: share: an integer and a string are kept; a float, a bool, a list, an empty
#: string and an overflowing number are [E018].
MIXED_IDS_JSONL = (
    '{"id": 42, "text": "Mexico sent the army."}\n'
    '{"id": 3.5, "text": "Mexico."}\n'
    '{"id": true, "text": "Mexico."}\n'
    '{"id": ["x"], "text": "Mexico."}\n'
    '{"id": "", "text": "Mexico."}\n'
    '{"id": 1e400, "text": "Mexico."}\n'
    '{"id": "b", "text": "Legalize it."}\n'
)
