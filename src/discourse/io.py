"""Reading and writing tables and JSON Lines, the project's interchange formats."""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import Errors, IngestError


def read_jsonl(path: str | Path) -> Iterator[dict[str, Any]]:
    """Records of a JSON Lines file; blank lines are skipped.

    Raises :class:`~discourse.errors.IngestError` naming the file and line of
    the first malformed record (``[E006]``), ``[E001]`` for a missing file and
    ``[E013]`` for a folder or an unreadable file. A UTF-8 byte order mark at
    the start (as Windows editors write) is skipped.
    """
    for _, record in iter_jsonl(path):
        yield record


def iter_jsonl(
    path: str | Path, on_error: Callable[[IngestError], None] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, record)`` of a JSON Lines file, as :func:`read_jsonl` reads it.

    With ``on_error``, a malformed line's ``[E006]`` is handed to it and the
    next line is read, so a tagging batch keeps its good records; the line
    numbers let later checks name the line of a bad record.
    """
    p = Path(path)
    if p.is_dir():
        raise IngestError(Errors.E013, p, detail="it is a folder, not a JSON Lines file")
    try:
        handle = p.open(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise IngestError(Errors.E001, p) from err
    except OSError as err:
        raise IngestError(Errors.E013, p, detail=err.strerror or err) from err
    with handle:
        for no, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as err:
                    raise IngestError(Errors.E006, p, line=no, detail=err.msg) from err
                if not isinstance(record, dict):
                    raise IngestError(
                        Errors.E006, p, line=no, detail="a line must hold a JSON object"
                    )
            except IngestError as err:
                if on_error is None:
                    raise
                on_error(err)
                continue
            yield no, record


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only if the block succeeds.

    ``records`` handed to the writers below are often generators that read
    and check the input while they are written; opening ``path`` for writing
    first would empty an existing output (often a file worth keeping) before
    a bad input record is even seen. The temporary file lives in the same
    folder, so the final :func:`os.replace` is atomic, and it is removed on
    any error. An existing file keeps its permissions.
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            mode = p.stat().st_mode & 0o777
        except OSError:  # a new file: the permissions open() would have given it
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        tmp.chmod(mode)
        os.replace(tmp, p)
    finally:
        tmp.unlink(missing_ok=True)


def _strict(value: Any) -> Any:
    """``value`` with every float NaN or infinity (pandas' missing values) made ``None``."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    return value


def _json_line(record: dict[str, Any]) -> str:
    """One JSON Lines line; NaN is written ``null`` (``NaN`` is not JSON: other tools refuse it)."""
    try:
        text = json.dumps(record, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:  # a missing value from pandas somewhere in the record
        text = json.dumps(_strict(record), ensure_ascii=False, default=str, allow_nan=False)
    return text + "\n"


def write_jsonl(records: Iterable[dict[str, Any]], path: str | Path | None) -> None:
    """Write records as JSON Lines to ``path`` (``None`` or ``-``: stdout).

    A file is written through :func:`replacing`: if producing the records
    fails, an existing ``path`` is left as it was.
    """
    lines = (_json_line(r) for r in records)
    if path is None or str(path) == "-":
        sys.stdout.writelines(lines)
        return
    with replacing(path) as tmp, tmp.open("w", encoding="utf-8") as handle:
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
    """Write a table by the suffix of ``path``: ``.csv``, ``.parquet``, else JSON Lines.

    Files are written through :func:`replacing`, so a failed write leaves an
    existing ``path`` as it was.
    """
    check_records_path(path)
    if path is not None and str(path) != "-":
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in {".csv", ".parquet"}:
            with replacing(p) as tmp:
                if suffix == ".csv":
                    frame.to_csv(tmp, index=False)
                else:
                    frame.to_parquet(tmp, index=False)
            return
    write_jsonl(frame.to_dict("records"), path)
