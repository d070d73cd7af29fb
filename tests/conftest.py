"""Shared fixtures: the repository's corpus and one loaded spaCy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

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
