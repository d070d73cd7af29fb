"""A stance model's identity, read without loading it: the archive's digest, or its compiled form's record."""

from __future__ import annotations

import shutil

from discourse.modelfiles import _model_digest, compiled_header, compiled_path, model_digest
from discourse.stance.tagger import default_model_path


def _archive_digest(path):
    stat = path.stat()
    return _model_digest(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def test_the_compiled_record_is_the_archives_digest_and_a_stale_one_is_ignored(tmp_path):
    shipped = default_model_path()
    assert compiled_header(shipped)["model_digest"] == _archive_digest(shipped)
    assert model_digest(shipped) == _archive_digest(shipped)

    model = shutil.copy(shipped, tmp_path / "model.skops")
    assert compiled_header(model) == {}  # no compiled form beside the copy
    assert model_digest(model) == model_digest(shipped)  # same model, read from the archive
    shutil.copy(compiled_path(shipped), compiled_path(model))
    assert compiled_header(model)["source_sha256"]
    model.write_bytes(model.read_bytes() + b"\0")  # other bytes: the record no longer applies
    assert compiled_header(model) == {}
    assert model_digest(model) == _archive_digest(model)  # read from the archive again
    compiled_path(model).write_bytes(b"broken")
    assert compiled_header(model) == {}


def test_the_compiled_header_tells_which_model_needs_the_encoder(tmp_path):
    from discourse.modelfiles import shipped_model, uses_encoder

    assert uses_encoder(shipped_model("encoder"))
    assert not uses_encoder(shipped_model("builtin"))
    lone = tmp_path / "m.skops"  # no compiled form beside it: nothing to tell
    lone.write_bytes(b"x")
    assert not uses_encoder(lone)
