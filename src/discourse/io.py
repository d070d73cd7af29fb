"""Reading and writing tables and JSON Lines, the project's interchange formats."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import Errors, IngestError, Warnings
from .surrogates import json_problem, loads_json

log = logging.getLogger(__name__)

#: File stems the corpus outputs use (``maps/corpus.*``, ``charts/corpus-*.svg``).
RESERVED_STEMS = frozenset({"corpus"})
#: The longest stem :func:`file_stem` gives. File systems refuse names over
#: 255 bytes, and a stem gets suffixes (``-distribution.svg``, ``.aif.json``);
#: a thread id of any length must still give files that can be written.
MAX_STEM_CHARS = 100
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _digest(name: str) -> str:
    """The short hash :func:`safe_stem` and :func:`file_stem` add to a name."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:8]


def safe_stem(name: str) -> str:
    """``name`` made safe as a file name: itself when it is a short slug, else
    cleaned (``[A-Za-z0-9._-]`` only), cut to fit and with a short hash of it.

    A name with a ``/``, ``..``, spaces or markup must not pick the folder a
    file goes to, nor be refused by the file system (over 255 bytes with its
    suffixes), and two names cleaned alike must still differ. What it gives
    is given back unchanged (``safe_stem(safe_stem(n)) == safe_stem(n)``), so
    a stem may be passed through again.
    """
    stem = _UNSAFE_IN_NAME.sub("_", name).strip("._") or "thread"
    if stem != name or len(stem) > MAX_STEM_CHARS:
        digest = _digest(name)
        stem = f"{stem[: MAX_STEM_CHARS - len(digest) - 1].rstrip('._')}-{digest}"
    return stem


def file_stem(thread_id: str) -> str:
    """A thread id made safe as a file name, and distinct for distinct ids.

    Ids are slugs already and are used as they are. An id that had to be
    changed ("a/b", "a b"), one longer than :data:`MAX_STEM_CHARS` (cut to
    fit; see :func:`safe_stem`), or one the corpus outputs use ("corpus")
    gets a short hash of the id, so two threads never write over each
    other's (or the corpus's) pages and maps, and no name is too long for
    the file system. ``file_stem(file_stem(i)) == file_stem(i)``.
    """
    stem = safe_stem(thread_id)
    if stem in RESERVED_STEMS:
        stem = f"{stem}-{_digest(thread_id)}"
    return stem


#: What a text cell must not start with in a CSV export: a spreadsheet reads
#: ``=``, ``+``, ``-`` and ``@`` as the start of a formula, tab and carriage
#: return let one slip past the first check (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A plain number written as text ("-5", "+0.5", "-1e3"): what a spreadsheet
#: reads as that number, not a formula, so it is left as it is. The same
#: pattern serves Python's ``re`` and DuckDB's (RE2) ``regexp_full_match``.
PLAIN_NUMBER = r"[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?"
_PLAIN_NUMBER = re.compile(PLAIN_NUMBER)


def spreadsheet_text(value: str) -> str:
    """A text cell for a CSV export, with a leading apostrophe if a spreadsheet would run it.

    Speakers, titles and comments come from anyone: a speaker named
    ``=HYPERLINK("http://evil.example","x")`` in a CSV opened in Excel or
    LibreOffice is a live formula. As OWASP advises, text starting with one
    of :data:`FORMULA_STARTS` gets a ``'`` in front, which spreadsheets show
    as text (and hide); a plain number written as text (``-5``) is left as
    it is. Only text cells go through this: numeric columns (a score of
    ``-0.5``) are written as numbers.
    """
    if value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


#: Characters XML 1.0 cannot hold and a scraped text can carry: control characters
#: (a bell, a form feed) other than tab and line ends, lone surrogates and the
#: noncharacters U+FFFE/U+FFFF.
XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def printable_text(value: object) -> str:
    """``value`` as text without the characters :data:`XML_INVALID` matches.

    The one rule of every map format and picture (GraphML, DOT, SVG, Argdown,
    and the report's charts), so a character one of them drops the others drop
    too: lxml refuses such characters, Graphviz copies them into an SVG no XML
    reader takes, and Argdown kept a bell (``\\x07``) the others had dropped.
    """
    text = str(value)
    # every character XML_INVALID matches is unprintable (str.isprintable), and
    # most texts are printable throughout: then there is nothing to drop
    return text if text.isprintable() else XML_INVALID.sub("", text)


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
    numbers let later checks name the line of a bad record. ``-`` reads stdin.
    A lone UTF-16 surrogate in a string (``"\\ud83d"``, half an emoji) is
    replaced with U+FFFD, logging ``[W013]`` with the line
    (:mod:`discourse.surrogates`): it could be neither parsed nor written.
    """
    p = Path(path)
    if str(path) == "-":  # stdin: named <stdin> in messages, and not closed
        yield from _numbered(sys.stdin, Path("<stdin>"), on_error)
        return
    if p.is_dir():
        raise IngestError(Errors.E013, p, detail="it is a folder, not a JSON Lines file")
    try:
        handle = p.open(encoding="utf-8-sig")
    except FileNotFoundError as err:
        raise IngestError(Errors.E001, p) from err
    except OSError as err:
        raise IngestError(Errors.E013, p, detail=err.strerror or err) from err
    with handle:
        yield from _numbered(handle, p, on_error)


def parse_json_line(line: str, path: str | Path, no: int) -> tuple[dict[str, Any], int]:
    """The object on line ``no`` of a JSON Lines file, and how many lone surrogates
    in it were replaced with U+FFFD (:func:`~discourse.surrogates.loads_json`).

    Every JSON Lines reader parses its lines with this — :func:`iter_jsonl`
    (``discourse stance`` and ``entities`` input, the annotated corpus) and the
    thread reader (:mod:`discourse.ingest.structured`) — so a bad line is
    reported alike everywhere: ``[E006]`` naming the line in the file and the
    column within it (:func:`json_line_problem`), or that the line holds no
    object. The line end (``\n``, ``\r\n``) is not parsed: left in, a line cut
    short was reported at column 1 of the line after it.
    """
    text = line.rstrip("\r\n")
    try:
        record, replaced = loads_json(text)
    except json.JSONDecodeError as err:
        column, detail = json_line_problem(err)
        raise IngestError(Errors.E006, path, line=f"{no}, column {column}", detail=detail) from err
    if not isinstance(record, dict):
        raise IngestError(Errors.E006, path, line=no, detail="a line must hold a JSON object")
    return record, replaced


def json_line_problem(err: json.JSONDecodeError) -> tuple[int, str]:
    """The column (1-based, within the line) of a JSON Lines line's parse error, and the
    problem in words, with what the reader can tell of the cause.

    A line cut short (a scraper killed mid-write, ``{"id":"y"``) fails where the
    line ends, with a message ("Expecting ',' delimiter") that does not say so:
    "the line ends before the object is closed" is added, and an unterminated
    string (whose column is where it starts) is "a string starts here and the
    line ends inside it". ``err`` is of one line (:func:`parse_json_line`), so its
    offset is the column.
    """
    detail = json_problem(err)
    if err.pos >= len(err.doc.rstrip()):
        detail += "; the line ends before the object is closed"
    elif err.msg.startswith("Unterminated string"):
        detail = "a string starts here and the line ends inside it"
    return err.pos + 1, detail


def _numbered(
    handle: Iterable[str], p: Path, on_error: Callable[[IngestError], None] | None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records of an open JSON Lines text stream (see :func:`iter_jsonl`)."""
    for no, line in enumerate(handle, 1):
        if no == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        try:
            record, replaced = parse_json_line(line, p, no)
        except IngestError as err:
            if on_error is None:
                raise
            on_error(err)
            continue
        if replaced:  # half an emoji must not cost the line, nor the file at its output
            log.warning(Warnings.W013.format(path=p, line=no, count=replaced))
        yield no, record


#: What :func:`record_id` calls each JSON type an id must not be.
_JSON_KINDS: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),
    (float, "a number with a fraction or exponent"),
    (list, "a list"),
    (dict, "an object"),
)


def record_id(record: dict[str, Any], path: str | Path, where: str | int) -> str | int:
    """The ``id`` of a ``{"id", "text"}`` record, as ``discourse stance`` and
    ``discourse entities`` both read it: a non-empty string or an integer, kept as
    given (each command writes it back on the record's output line).

    Raises :class:`~discourse.errors.IngestError` ``[E018]`` naming ``path`` and
    the record (``where``: ``"line 3"``) for anything else — missing, null, a
    float (``1.0``; ``1e400`` and ``NaN`` parse as floats too, and would be
    written back as ``null``), a boolean, a list, an object, or a blank string:
    such an id names no output line a reader could join back to its input.
    The two commands used to differ (one wrote ``42`` where the other wrote
    ``"42"``, one tagged ``3.5`` where the other refused it).
    """
    if "id" not in record:
        detail = "there is no 'id'"
    else:
        value = record["id"]
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            if value.strip():
                return value
            detail = "'id' is blank"
        elif value is None:
            detail = "'id' is null"
        else:
            kind = next((k for t, k in _JSON_KINDS if isinstance(value, t)), type(value).__name__)
            shown = json.dumps(value, ensure_ascii=False, default=str)
            detail = f"'id' is {kind} ({shown[:40]}{'…' if len(shown) > 40 else ''})"
    raise IngestError(Errors.E018, path, record=where, detail=detail)


class DuplicateIds:
    """Logs ``[W014]`` for a record whose id an earlier record of the same input had,
    naming both records (``"line 2"`` and ``"line 7"``).

    ``discourse stance`` and ``discourse entities`` write one output line per
    input line, so both records are still tagged; but a reader joining the
    output back on ``id`` would mix them up, and nothing said so. Ids are
    compared as text: ``42`` and ``"42"`` are one id to such a join.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = path
        self.first: dict[str, str | int] = {}

    def see(self, value: str | int, where: str | int) -> None:
        """Note the id ``value`` of record ``where``; ``[W014]`` if it was seen before."""
        first = self.first.setdefault(str(value), where)
        if first != where:
            log.warning(Warnings.W014.format(path=self.path, record=where, id=value, first=first))


def _why(err: OSError) -> str:
    """What an ``OSError`` of creating a file says, in words (no temporary file names)."""
    if isinstance(err, IsADirectoryError):
        return "it is a folder; give a file name"
    if isinstance(err, NotADirectoryError | FileExistsError):
        return "a parent of it is a file, not a folder"
    if isinstance(err, PermissionError):
        return "permission denied"
    return str(err.strerror or err)


def check_output_path(path: str | Path | None) -> None:
    """Raise ``OSError`` ``[E016]`` naming ``path`` when an output cannot be written there.

    A folder, a parent that is a file, a folder without write permission or
    a file system that refuses new files (``/proc``): found before the work,
    by creating and removing a temporary file in the nearest existing folder.
    Nothing is left behind (missing parent folders are not created here).
    ``None`` or ``-`` (stdout) pass.
    """
    if path is None or str(path) == "-":
        return
    p = Path(path)
    if p.is_dir():
        raise OSError(Errors.E016.format(path=p, detail="it is a folder; give a file name"))
    _check_writable(p, p.parent)


def check_output_folder(path: str | Path) -> None:
    """Raise ``OSError`` ``[E016]`` naming ``path`` when a folder of outputs cannot be made there.

    The folder counterpart of :func:`check_output_path`, for ``--out`` of
    ``discourse run`` and ``discourse report``: an existing file, a parent
    that is a file, or no permission is refused before the work starts, as
    one coded line rather than ``[Errno 17] File exists`` (or a traceback)
    from the first ``mkdir``. Nothing is created.
    """
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OSError(Errors.E016.format(path=p, detail="it is a file, not a folder"))
    _check_writable(p, p)


def _check_writable(p: Path, folder: Path) -> None:
    """``[E016]`` for ``p`` unless a file can be created in ``folder``, or in its nearest
    existing ancestor when ``folder`` does not exist yet (it would be created there)."""
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise OSError(Errors.E016.format(path=p, detail=f"{folder} is a file, not a folder"))
    try:
        fd, name = tempfile.mkstemp(dir=folder, prefix=".discourse-check.", suffix=".tmp")
        os.close(fd)
        os.unlink(name)
    except OSError as err:
        detail = _why(err)
        if not isinstance(err, IsADirectoryError | NotADirectoryError | PermissionError):
            detail = f"no file can be created in {folder} ({detail})"
        raise OSError(Errors.E016.format(path=p, detail=detail)) from err


def _is_stream(path: Path) -> bool:
    """``path`` exists (links followed) and is neither a regular file nor a folder."""
    try:
        mode = path.stat().st_mode
    except OSError:  # missing, or a dangling link: a new file is made
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


@contextmanager
def replacing(path: str | Path) -> Iterator[Path]:
    """A temporary file beside ``path`` that replaces it only if the block succeeds.

    ``records`` handed to the writers below are often generators that read
    and check the input while they are written; opening ``path`` for writing
    first would empty an existing output (often a file worth keeping) before
    a bad input record is even seen. The temporary file lives in the same
    folder, so the final :func:`os.replace` is atomic, and it is removed on
    any error. An existing file keeps its permissions. A path that cannot be
    written (a folder, a parent that is a file, no permission) raises
    ``OSError`` ``[E016]``/``[E017]`` naming ``path``, not the temporary file.

    Only a regular file is replaced. A stream (``-o /dev/null``, a named pipe,
    ``-o >(gzip > out.gz)``) is written to as it is: replacing it would put a
    regular file where ``/dev/null`` was. A symbolic link keeps pointing where
    it did, and the file it points to is replaced.
    """
    p = Path(path)
    if _is_stream(p):
        yield p
        return
    if p.is_symlink():
        p = p.resolve()
    try:
        if p.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(p))
        p.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=p.parent, prefix=f".{p.name}.", suffix=".tmp")
    except OSError as err:
        raise OSError(Errors.E016.format(path=p, detail=_why(err))) from err
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
        try:
            os.replace(tmp, p)
        except OSError as err:
            raise OSError(Errors.E017.format(path=p, detail=_why(err))) from err
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
        raise ValueError(
            Errors.E030.format(path=path, fmt=suffix, choices=", ".join(RECORD_SUFFIXES))
        )


def write_records(frame: pd.DataFrame, path: str | Path | None) -> None:
    """Write a table by the suffix of ``path``: ``.csv``, ``.parquet``, ``.json`` (one
    JSON array of objects, what ``json.load`` reads), else JSON Lines.

    Files are written through :func:`replacing`, so a failed write leaves an
    existing ``path`` as it was.
    """
    check_records_path(path)
    if path is not None and str(path) != "-":
        p = Path(path)
        suffix = p.suffix.lower()
        if suffix in {".csv", ".parquet", ".json"}:
            with replacing(p) as tmp:
                if suffix == ".csv":
                    frame.to_csv(tmp, index=False)
                elif suffix == ".parquet":
                    frame.to_parquet(tmp, index=False)
                else:
                    with tmp.open("w", encoding="utf-8") as handle:
                        handle.write("[\n")
                        lines = [_json_line(r).rstrip("\n") for r in frame.to_dict("records")]
                        handle.write(",\n".join(lines))
                        handle.write("\n]\n")
            return
    write_jsonl(frame.to_dict("records"), path)
