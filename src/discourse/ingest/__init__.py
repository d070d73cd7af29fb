"""Reading corpus files into :class:`~discourse.model.Thread` objects.

One reader per format, registered in :data:`readers` with the file suffixes
it owns and a sniffer that recognises its content; :func:`load` picks the
reader by suffix and falls back to sniffing (``.txt`` files that are really
JSON, files without a suffix, …). Every failure is an
:class:`~discourse.errors.IngestError` whose message names the file and the
problem, so a batch can report it in one line and go on.

Add a format by writing ``read(text, path) -> list[Thread]`` and a sniffer
and decorating it with :func:`register_reader`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Errors, IngestError, Warnings
from ..model import Thread

log = logging.getLogger(__name__)

ReadFn = Callable[[str, Path], list[Thread]]
SniffFn = Callable[[str], bool]


@dataclass(frozen=True)
class Reader:
    """A registered input format."""

    name: str
    suffixes: tuple[str, ...]
    sniff: SniffFn
    read: ReadFn
    description: str = ""


#: The reader registry, in sniffing order (most specific first).
readers: dict[str, Reader] = {}


def register_reader(
    name: str, suffixes: Iterable[str], sniff: SniffFn, description: str = ""
) -> Callable[[ReadFn], ReadFn]:
    """Decorator registering ``read`` as the reader for ``name``."""

    def deco(read: ReadFn) -> ReadFn:
        readers[name] = Reader(name, tuple(suffixes), sniff, read, description)
        return read

    return deco


@dataclass
class Loaded:
    """What :func:`load` read from one file: threads and the warnings raised."""

    path: Path
    threads: list[Thread]
    warnings: list[str] = field(default_factory=list)


def decode(data: bytes, path: Path, warnings: list[str]) -> str:
    """Decode UTF-8 (BOM tolerated); bad bytes are replaced, with warning W001."""
    if not data.strip():
        raise IngestError(Errors.E002, path)
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(Errors.E003, path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warnings.append(Warnings.W001.format(path=path))
        return data.decode("utf-8-sig", errors="replace")


def _formats() -> str:
    return ", ".join(f"{r.name} ({' '.join(r.suffixes)})" for r in readers.values())


def detect_format(path: Path, text: str) -> Reader:
    """The reader for ``path``: by suffix when unambiguous, else by content."""
    suffix = path.suffix.lower()
    owners = [r for r in readers.values() if suffix in r.suffixes]
    if len(owners) == 1 and owners[0].sniff(text):
        return owners[0]
    for reader in readers.values():
        if reader.sniff(text):
            return reader
    if owners:
        return owners[0]
    if suffix and not any(suffix in r.suffixes for r in readers.values()):
        raise IngestError(Errors.E004, path, suffix=suffix, formats=_formats())
    raise IngestError(Errors.E005, path, formats=_formats())


def load(path: str | Path, fmt: str | None = None) -> Loaded:
    """Read one file into threads, collecting warnings instead of printing them."""
    p = Path(path)
    warnings: list[str] = []
    try:
        data = p.read_bytes()
    except FileNotFoundError as err:
        raise IngestError(Errors.E001, p) from err
    except OSError as err:
        raise IngestError(Errors.E013, p, detail=err.strerror or err) from err
    content = decode(data, p, warnings)
    reader = readers[fmt] if fmt else detect_format(p, content)
    threads = reader.read(content, p)
    if not threads or all(not t.utterances for t in threads):
        raise IngestError(Errors.E009, p)
    for t in threads:
        if t.article is not None and not t.comments:
            warnings.append(Warnings.W002.format(path=p))
    return Loaded(p, threads, warnings)


def read_path(path: str | Path, fmt: str | None = None) -> list[Thread]:
    """Threads in one file; its warnings go to the log (:func:`load` returns them instead)."""
    loaded = load(path, fmt)
    for message in loaded.warnings:
        log.warning("%s", message)
    return loaded.threads


def iter_files(
    paths: Iterable[str | Path],
    exclude: Iterable[str] = ("annotated",),
    outputs: Iterable[str | Path] = (),
) -> Iterator[Path]:
    """Expand files and folders into corpus files, sorted, skipping hidden files,
    the folders named in ``exclude`` (gold annotations live beside threads) and,
    inside a folder, the run's own ``outputs`` (a report folder or store file
    placed in the corpus folder must not be read back as threads)."""
    skip = set(exclude)
    own = [Path(o).resolve() for o in outputs]
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if any(part.startswith(".") or part in skip for part in rel[:-1]):
                    continue
                if own and _inside(f.resolve(), own):
                    continue
                if f.is_file() and not f.name.startswith(".") and f.suffix.lower() != ".md":
                    yield f
        else:
            yield p


def _inside(path: Path, roots: list[Path]) -> bool:
    """``path`` is one of ``roots`` or lies below one (DuckDB's ``.wal`` beside its store too)."""
    return any(
        path == r
        or r in path.parents
        or (path.name.startswith(r.name + ".") and path.parent == r.parent)
        for r in roots
    )


# Register the built-in readers (import for side effects). Import order is the
# sniffing order, most specific first: Disqus XML, JSON, JSON Lines, CSV, HTML,
# and last the loose plain-text page dump.
from . import disqus  # noqa: E402,F401,I001
from . import structured  # noqa: E402,F401
from . import html  # noqa: E402,F401
from . import pagedump  # noqa: E402,F401
