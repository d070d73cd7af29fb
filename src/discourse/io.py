"""Reading and writing tables and JSON Lines, the project's interchange formats."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import Errors, IngestError


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file; blank lines are skipped.

    Raises :class:`~discourse.errors.IngestError` naming the file and line of
    the first malformed record.
    """
    p = Path(path)
    try:
        handle = p.open(encoding="utf-8")
    except FileNotFoundError as err:
        raise IngestError(Errors.E001, p) from err
    with handle:
        for no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as err:
                raise IngestError(Errors.E006, p, line=no, detail=err.msg) from err
            if not isinstance(record, dict):
                raise IngestError(Errors.E006, p, line=no, detail="a line must hold a JSON object")
            yield record


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path | None) -> None:
    """Write records as JSON Lines to ``path`` (``None`` or ``-``: stdout)."""
    lines = (json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records)
    if path is None or str(path) == "-":
        sys.stdout.writelines(lines)
        return
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    with p.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)


#: Suffixes :func:`write_records` knows; any other is refused, not written as JSON Lines.
RECORD_SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson", ".json", ".csv", ".parquet")


def check_records_path(path: str | Path | None) -> None:
    """Refuse an output file whose suffix :func:`write_records` cannot honour (``[E030]``):
    called before the work, so a typo (``seg.xlsx``) costs nothing."""
    if path is None or str(path) == "-":
        return
    suffix = Path(path).suffix.lower()
    if suffix and suffix not in RECORD_SUFFIXES:
        raise ValueError(Errors.E030.format(fmt=suffix, choices=", ".join(RECORD_SUFFIXES)))


def write_records(frame: pd.DataFrame, path: str | Path | None) -> None:
    """Write a table by the suffix of ``path``: ``.csv``, ``.parquet``, else JSON Lines."""
    check_records_path(path)
    if path is not None and str(path) != "-":
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in {".csv", ".parquet"}:
            p.parent.mkdir(parents=True, exist_ok=True)
            if suffix == ".csv":
                frame.to_csv(p, index=False)
            else:
                frame.to_parquet(p, index=False)
            return
    write_jsonl(frame.to_dict("records"), path)
