"""Which spaCy pipeline a run uses, and its version, read without importing spaCy."""

from __future__ import annotations

import pytest
import spacy.util

from discourse.spacy_models import DEFAULT_MODELS, package_version, resolve_model


def test_the_first_installed_pipeline_is_used() -> None:
    installed = resolve_model()
    assert installed in DEFAULT_MODELS
    assert resolve_model(("no_such_pipeline_xyz", *DEFAULT_MODELS)) == installed


def test_no_installed_pipeline_is_a_coded_error() -> None:
    with pytest.raises(OSError, match="E020"):
        resolve_model(("no_such_pipeline_xyz",))


def test_versions_are_those_spacy_reports() -> None:
    for name in (resolve_model(), "spacy", "no_such_pipeline_xyz"):
        assert package_version(name) == spacy.util.get_package_version(name)
    assert package_version("no_such_pipeline_xyz") is None
