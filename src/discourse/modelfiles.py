"""What identifies a stance model file, read without loading the model.

Nothing here imports spaCy or scikit-learn: a run asks for the model's
identity (its version in the runs table, W511, the thread-map cache) even
when nothing is to be analysed. The model's compiled form
(:mod:`discourse.stance.runtime`) lives beside it and names the file it was
compiled from by SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

#: Suffix of the compiled form beside a skops model (``stance_model.compiled.npz``).
COMPILED_SUFFIX = ".compiled.npz"
#: Version of the compiled form's layout; another version is not read.
COMPILED_FORMAT = 2  # 2: a fine-tuned encoder (``tuner``) may be part of the model


#: ``[stance] model`` names of the models shipped in ``discourse/data/``: the
#: default, and the one that also reads each sentence's all-MiniLM-L6-v2
#: vector (:mod:`discourse.encoder`; more accurate, a run about 2.4 times as long).
SHIPPED_MODELS: dict[str, str] = {
    "builtin": "stance_model.skops",
    "encoder": "stance_model_encoder.skops",
}


def shipped_model(name: str = "builtin") -> Path:
    """The file of a shipped stance model (:data:`SHIPPED_MODELS`)."""
    return Path(__file__).parent / "data" / SHIPPED_MODELS[name]


def stance_model_file(setting: str, base_dir: Path) -> Path:
    """The model file a ``[stance] model`` setting names: a shipped model's name, or a
    path (relative ones against ``base_dir``, the config file's folder)."""
    if setting in SHIPPED_MODELS:
        return shipped_model(setting)
    path = Path(setting)
    return path if path.is_absolute() else base_dir / path


def compiled_path(model_path: str | Path) -> Path:
    """Where the compiled form of the skops model ``model_path`` lives."""
    p = Path(model_path)
    return p.with_name(p.stem + COMPILED_SUFFIX)


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file's bytes, computed once per process and file version."""
    stat = Path(path).stat()
    return _file_sha256(str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _file_sha256(path_name: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path_name).read_bytes()).hexdigest()


def compiled_header(model_path: str | Path) -> dict[str, Any]:
    """The header of the compiled form beside ``model_path`` if it was compiled from
    that very file (same SHA-256), else ``{}`` (none, stale or unreadable)."""
    compiled = compiled_path(model_path)
    if not compiled.is_file():
        return {}
    try:
        with np.load(compiled, allow_pickle=False) as npz:
            header = json.loads(str(npz["header"]))
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return {}  # an empty or truncated file is unreadable too
    if header_problem(header, file_sha256(model_path)) is not None:
        return {}
    return header


def uses_encoder(model_path: str | Path) -> bool:
    """Whether the model reads sentence vectors (:mod:`discourse.encoder`), told by its
    compiled form's header; a model without a current compiled form says nothing here
    and fails on its first sentence instead, with the same message."""
    settings = compiled_header(model_path).get("features", {}).get("settings", {})
    return bool(settings.get("encoder"))


def compiled_propositions(model_path: str | Path) -> tuple[list[str], dict[str, str] | None]:
    """The frames of the model at ``model_path`` and their propositions, from its compiled form.

    ``([], None)`` without a current compiled form; the propositions are
    ``None`` when the compiled form was written before they were recorded
    (the frames are still named). Read without loading the model, as a run
    that has nothing to analyse needs them for its maps and reports.
    """
    header = compiled_header(model_path)
    frames = [str(f) for f in header.get("frames", [])]
    found = header.get("propositions")
    if not isinstance(found, dict):
        return frames, None
    return frames, {str(k): str(v) for k, v in found.items()}


def header_problem(header: Any, source_sha256: str | None) -> str | None:
    """Why a compiled form's header does not apply (another layout version, or
    compiled from another file than ``source_sha256``), or ``None`` when it does."""
    if not isinstance(header, dict) or header.get("format") != COMPILED_FORMAT:
        found = header.get("format") if isinstance(header, dict) else None
        return f"compiled format {found!r}, expected {COMPILED_FORMAT}"
    if source_sha256 is not None and header.get("source_sha256") != source_sha256:
        return "compiled from another version of the model file"
    return None


def model_digest(path: Path) -> str:
    """A short hash of what a stance model file holds, the same for every save of one model.

    Computed once per process and file version (a run asks twice: for its
    record and for the thread maps it caches).

    skops names archive members, and refers to objects in ``schema.json``,
    by memory addresses, so two saves of the same model differ in bytes (and
    a retrain on the same data and seed would look like a new model: W511).
    Long numbers are renumbered in order of first appearance before
    hashing, which keeps which object is which but not where it lived.

    The digest its compiled form records (:func:`compiled_header`) when that
    belongs to this very file: reading and renumbering the 8 MB of the
    archive cost a run 0.25 s of start-up, checking the file's SHA-256 20 ms.
    """
    recorded = compiled_header(path).get("model_digest")
    if isinstance(recorded, str):
        return recorded
    stat = path.stat()
    return _model_digest(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _model_digest(path_name: str, mtime_ns: int, size: int) -> str:
    """:func:`model_digest` of the file as it was at ``mtime_ns`` with ``size`` bytes."""
    path = Path(path_name)
    try:
        with zipfile.ZipFile(path) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
    except zipfile.BadZipFile:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    numbers: dict[bytes, bytes] = {}

    def canon(match: re.Match[bytes]) -> bytes:
        return b"#" + numbers.setdefault(match.group(0), str(len(numbers)).encode())

    digest = hashlib.sha256(_LONG_NUMBER.sub(canon, members.pop("schema.json", b"")))
    for key, content in sorted(
        (_LONG_NUMBER.sub(canon, name.encode()), content) for name, content in members.items()
    ):
        digest.update(key + hashlib.sha256(content).digest())
    return digest.hexdigest()[:12]


_LONG_NUMBER = re.compile(rb"\d{9,}")
