"""Reading corpus files into :class:`~discourse.model.Thread` objects.

One reader per format, registered in :data:`readers` with the file suffixes
it owns and a sniffer that recognises its content; :func:`load` picks the
reader by suffix and falls back to sniffing (``.txt`` files that are really
JSON, files without a suffix, …). Every failure is an
:class:`~discourse.errors.IngestError` whose message names the file and the
problem, so a batch can report it in one line and go on.

Add a format by writing ``read(text, path) -> list[Thread]`` and a sniffer
and decorating it with :func:`register_reader`. A sniffer that has to parse
the whole text to recognise it hands the parse to its reader with
:func:`keep_parsed` (:func:`parsed` gives it back), as the JSON one does.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..errors import Errors, IngestError, Warnings
from ..model import Thread
from ..surrogates import SURROGATE

log = logging.getLogger(__name__)

ReadFn = Callable[[str, Path], list[Thread]]
SniffFn = Callable[[str], bool]


@dataclass(frozen=True)
class Reader:
    """A registered input format.

    ``loose`` marks a sniffer that accepts almost any text (the plain-text page
    dump: one bullet or "Posted by" line is enough). It is tried only for files
    whose suffix names no structured format, so that a broken ``.csv`` gets the
    CSV error instead of being read as a page dump.
    """

    name: str
    suffixes: tuple[str, ...]
    sniff: SniffFn
    read: ReadFn
    description: str = ""
    loose: bool = False


#: The reader registry, in sniffing order (most specific first).
readers: dict[str, Reader] = {}


def register_reader(
    name: str,
    suffixes: Iterable[str],
    sniff: SniffFn,
    description: str = "",
    *,
    loose: bool = False,
) -> Callable[[ReadFn], ReadFn]:
    """Decorator registering ``read`` as the reader for ``name`` (see :class:`Reader`)."""

    def deco(read: ReadFn) -> ReadFn:
        readers[name] = Reader(name, tuple(suffixes), sniff, read, description, loose)
        return read

    return deco


@dataclass
class _Reading:
    """The file :func:`load` is reading: the warnings raised, and what a sniffer
    parsed of its text for the reader to take (see :func:`keep_parsed`)."""

    warnings: list[str]
    parsed: dict[str, tuple[str, Any]] = field(default_factory=dict)


#: The file :func:`load` is reading; ``None`` outside a load.
_reading: ContextVar[_Reading | None] = ContextVar("discourse_ingest_reading", default=None)


def keep_parsed(fmt: str, text: str, value: Any) -> None:
    """Keep ``value``, what format ``fmt`` parsed of ``text`` while sniffing it,
    for :func:`parsed` to give its reader: a JSON document is parsed once,
    not once to recognise it and again to read it.

    Kept only inside :func:`load`, for the file being read (it is dropped
    with the load); elsewhere nothing is kept.
    """
    reading = _reading.get()
    if reading is not None:
        reading.parsed[fmt] = (text, value)


def parsed(fmt: str, text: str) -> Any | None:
    """What :func:`keep_parsed` kept for format ``fmt`` of this very ``text``, else ``None``."""
    reading = _reading.get()
    kept = reading.parsed.get(fmt) if reading is not None else None
    return kept[1] if kept is not None and kept[0] is text else None


def warn(message: str) -> None:
    """Report a warning about the file being read.

    Readers return only threads, so they call this: inside :func:`load` the
    message ends up in :attr:`Loaded.warnings` (and so in a batch run's
    summary); a reader called directly logs it.
    """
    reading = _reading.get()
    if reading is None:
        log.warning("%s", message)
    else:
        reading.warnings.append(message)


@dataclass
class Loaded:
    """What :func:`load` read from one file: threads and the warnings raised."""

    path: Path
    threads: list[Thread]
    warnings: list[str] = field(default_factory=list)


#: Byte order marks and their codecs; UTF-32 first, as its LE mark starts like UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 BE"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_SNIFF_BYTES = 8192
#: How far into a file a declared encoding is looked for: an HTML ``<meta>``
#: charset must stand in the first 1024 bytes by the HTML standard; pages
#: saved by browsers and CMSs often put it after longer heads, so a little more.
_DECLARED_BYTES = 4096
#: ``<?xml version="1.0" encoding="ISO-8859-1"?>``: the XML declaration's encoding.
_XML_ENCODING = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: ``<meta charset="windows-1252">`` or ``<meta http-equiv="Content-Type"
#: content="text/html; charset=windows-1252">``: an HTML page's charset.
_HTML_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
#: Labels the HTML standard reads as windows-1252 (browsers never decode a page
#: as strict Latin-1 or ASCII): pages labelled so are usually typed in cp1252.
_HTML_AS_CP1252 = frozenset(
    {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}
)


def source_text(path: str | Path) -> str:
    """``path`` as text that can be stored and printed: itself, unless its name
    holds bytes that are not UTF-8 (``caf\\xe9 post.txt`` saved by a Latin-1
    system), which Python keeps as lone surrogates no store, JSON writer or
    terminal can encode; those bytes are written ``\\xe9``.

    Thread sources, read-file keys and issue paths are kept in this form, so
    one such file name does not stop the store write of a whole batch;
    :func:`source_path` turns it back into the path on disk.
    """
    text = os.fspath(path)
    if not SURROGATE.search(text):
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def source_path(text: str) -> Path:
    """The file a :func:`source_text` names: ``\\xNN`` (NN 80–FF) read back as the
    byte it stands for — unless a file is named with those characters literally."""
    plain = Path(text)
    if not _BYTE_ESCAPE.search(text) or plain.exists():
        return plain
    raw = b"".join(
        bytes([int(piece[2:], 16)]) if _BYTE_ESCAPE.fullmatch(piece) else piece.encode("utf-8")
        for piece in _BYTE_ESCAPE_SPLIT.split(text)
        if piece
    )
    return Path(os.fsdecode(raw))


_BYTE_ESCAPE = re.compile(r"\\x[89a-f][0-9a-f]")
_BYTE_ESCAPE_SPLIT = re.compile(r"(\\x[89a-f][0-9a-f])")


def declared_encoding(data: bytes) -> str | None:
    """The encoding a markup file declares in its first bytes, if any: the XML
    declaration's ``encoding=``, else an HTML ``<meta>`` charset.

    Only a file that starts with ``<`` (after white space) is looked at — XML
    and HTML do; a JSON, CSV or page-dump file quoting a ``<meta>`` tag in its
    text must not have its encoding changed by it.
    """
    head = data[:_DECLARED_BYTES].lstrip()
    if not head.startswith(b"<"):
        return None
    m = _XML_ENCODING.match(head)
    if m:
        return m.group(1).decode("ascii")
    m = _HTML_CHARSET.search(head)
    if m:
        label = m.group(1).decode("ascii").lower()
        return "cp1252" if label in _HTML_AS_CP1252 else label
    return None


def decode(data: bytes, path: Path, warnings: list[str]) -> str:
    """Decode a text file: UTF-16 or UTF-32 when it starts with their byte order
    mark (Windows Notepad saves "Unicode" as UTF-16 LE with one); else, for an
    XML or HTML file, the encoding its XML declaration or ``<meta>`` charset
    names (:func:`declared_encoding`); else UTF-8 with or without BOM, or
    windows-1252 when the file is not UTF-8 (:func:`_utf8_or_cp1252`). Bad
    bytes are replaced, with warning W001 (UTF-8) or W005; an encoding Python
    does not know is W018, and the file is read as UTF-8.

    NUL bytes mean a binary file (E003), except inside UTF-16/32, where every
    ASCII character has them; there the decoded text is checked instead.
    """
    if not data.strip():
        raise IngestError(Errors.E002, path)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(codec)
            except UnicodeDecodeError:
                warnings.append(Warnings.W005.format(path=path, encoding=name))
                text = body.decode(codec, errors="replace")
            break
    else:
        if b"\x00" in data[:_SNIFF_BYTES]:
            order = _bomless_utf16(data[:_SNIFF_BYTES])
            if order is not None:
                raise IngestError(Errors.E014, path, order=order)
            raise IngestError(Errors.E003, path)
        if data.startswith(codecs.BOM_UTF8):
            codec, declared = "utf-8-sig", True  # the byte order mark says UTF-8
        else:
            codec, declared = _declared_codec(data, path, warnings)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            if codec == "utf-8-sig":
                text = _utf8_or_cp1252(data, path, warnings, declared=declared)
            else:
                warnings.append(Warnings.W019.format(path=path, encoding=codec))
                text = data.decode(codec, errors="replace")
    if not text.strip():
        raise IngestError(Errors.E002, path)
    if "\x00" in text[: _SNIFF_BYTES // 2]:
        raise IngestError(Errors.E003, path)
    return text


#: Marks each invalid UTF-8 sequence with one lone surrogate, which valid UTF-8
#: never decodes to (Python's decoder rejects encoded surrogates), so counting
#: the marks counts decoding errors, not bytes.
_INVALID_MARK = "\udcff"


def _mark_invalid(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    return _INVALID_MARK, error.end


codecs.register_error("discourse.mark-invalid", _mark_invalid)
#: A character beyond ASCII that UTF-8 decoding did place (not a byte order mark
#: nor an error mark).
_DECODED = re.compile("[^\x00-\x7f\ufeff\udcff]")


def _utf8_errors(data: bytes) -> int:
    """The invalid sequences in ``data`` read as UTF-8 (each decoding error once,
    however many bytes it spans), not counting a sequence cut short at the very
    end of the file (before trailing whitespace): a scrape or download cut
    inside a character, not a sign of another encoding."""
    invalid = data.decode("utf-8", errors="discourse.mark-invalid").count(_INVALID_MARK)
    tail = data.rstrip()
    _, consumed = codecs.utf_8_decode(tail, "discourse.mark-invalid", False)
    return invalid - 1 if consumed < len(tail) else invalid


def _utf8_or_cp1252(data: bytes, path: Path, warnings: list[str], *, declared: bool) -> str:
    """A file read as UTF-8 that is not valid UTF-8: UTF-8 with its invalid
    sequences replaced (W001), or windows-1252 (W016); windows-1251 when its
    letters stand in runs with small letters (:func:`_cyrillic_runs`) and it gives fewer impossible
    words (:func:`_odd_words`) than windows-1252: Cyrillic saved by Notepad's
    "ANSI" on a Russian or Ukrainian Windows read as "Ïðèâåò" (W016 says which).

    Excel's "CSV (Comma delimited)" and Notepad's "ANSI" save text in the
    Windows code page, windows-1252 in the Americas and western Europe: read
    as UTF-8, every accented letter became U+FFFD ("Redacci�n"). windows-1252
    decodes almost any bytes, so it is chosen only when the file declares no
    encoding (``declared`` is false: no UTF-8 byte order mark, no XML
    declaration or ``<meta>`` charset, not even an unknown one) and the bytes
    say it is not UTF-8: it has more invalid UTF-8 sequences (decoding errors,
    a cp1252 letter is one) than UTF-8 characters beyond ASCII, a sequence cut
    short at the end of the file not counting (:func:`_utf8_errors`). A UTF-8
    file with a few bad sequences (a scrape cut inside a character or an
    emoji) keeps its other accents, with W001. The five bytes windows-1252
    leaves unassigned become U+FFFD.
    """
    if not declared:
        invalid = _utf8_errors(data)
        placed = len(_DECODED.findall(data.decode("utf-8", errors="discourse.mark-invalid")))
        if invalid > placed:
            text = data.decode("cp1252", errors="replace")
            encoding = "windows-1252"
            if _cyrillic_runs(data):  # letters in runs: Cyrillic, perhaps (windows-1251)?
                cyrillic = data.decode("cp1251", errors="replace")
                if _odd_words(cyrillic) < _odd_words(text):
                    text, encoding = cyrillic, _CP1251
            warnings.append(Warnings.W016.format(path=path, count=invalid, encoding=encoding))
            return text
    warnings.append(Warnings.W001.format(path=path))
    return data.decode("utf-8-sig", errors="replace")


#: Three letters or more in a row beyond ASCII in a windows code page (bytes
#: 0xC0–0xFF, with 0xA8/0xB8, Ё/ё in windows-1251): a word of Cyrillic saved as
#: windows-1251; western languages put one accented letter among ASCII ones.
_HIGH_RUN = re.compile(rb"[\xa8\xb8\xc0-\xff]{3,}")
#: A small letter in either code page (0xE0–0xFF, ё 0xB8 in windows-1251).
_SMALL_HIGH = re.compile(rb"[\xb8\xe0-\xff]")


def _cyrillic_runs(data: bytes) -> bool:
    """Whether ``data`` holds a run of letters that may be a word of Cyrillic in
    windows-1251 (:data:`_HIGH_RUN`) with a small letter in it: Cyrillic text
    is mostly small letters ("Íàðêîïîëèòèêà" read as windows-1252), while
    capitals in a row ("GROSSE ÄÖÜ-ÉTÉ in ÀÉÎ") are western, and were read
    as windows-1251."""
    return any(_SMALL_HIGH.search(run) for run in _HIGH_RUN.findall(data))


_CP1251 = "windows-1251 (its letters read as Cyrillic rather than as accented Latin ones)"
#: A word as written in one script or another.
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
#: Three accented Latin letters in a row: no western word has them ("Ïðèâåò").
_LATIN_RUN = re.compile(r"[\u00c0-\u00ff]{3}")


def _odd_words(text: str) -> int:
    """Words of ``text`` no language writes: Latin and Cyrillic letters mixed
    ("Redacciуn", windows-1252 read as windows-1251), or three accented Latin
    letters in a row ("Ïðèâåò", windows-1251 read as windows-1252)."""
    return sum(
        1
        for word in _WORD.findall(text)
        if (_CYRILLIC.search(word) and _LATIN.search(word)) or _LATIN_RUN.search(word)
    )


def _declared_codec(data: bytes, path: Path, warnings: list[str]) -> tuple[str, bool]:
    """The Python codec for the encoding ``data`` declares (:func:`declared_encoding`),
    ``"utf-8-sig"`` when it declares none, one Python does not know (W018), or a
    UTF-16/32 one: the declaration was read as ASCII, so the bytes are not UTF-16
    (HTML reads such a label as UTF-8 too); and whether an encoding was declared
    at all, which rules out guessing windows-1252 (:func:`_utf8_or_cp1252`)."""
    label = declared_encoding(data)
    if label is None:
        return "utf-8-sig", False
    try:
        name = codecs.lookup(label).name
    except LookupError:
        warnings.append(Warnings.W018.format(path=path, encoding=label))
        return "utf-8-sig", True
    if name in ("utf-8", "ascii") or name.startswith(("utf-16", "utf-32")):
        return "utf-8-sig", True
    return name, True


def _bomless_utf16(head: bytes) -> str | None:
    """``"LE"``/``"BE"`` when NUL bytes in ``head`` fall every other byte, as
    in mostly-ASCII UTF-16 saved without its byte order mark; else ``None``.

    Such a file is not decoded on a guess (binary data can look alike), but
    its error (E014) says what it probably is and how to save it instead.
    """
    even, odd = head[0::2], head[1::2]
    if len(odd) < 4:
        return None
    for order, nuls, chars in (("LE", odd, even), ("BE", even, odd)):
        if nuls.count(0) >= 0.9 * len(nuls) and chars.count(0) <= 0.05 * len(chars):
            return order
    return None


def _formats() -> str:
    return ", ".join(f"{r.name} ({' '.join(r.suffixes)})" for r in readers.values())


def detect_format(path: Path, text: str) -> Reader:
    """The reader for ``path``: by suffix when unambiguous, else by content.

    When the content does not match the suffix, the other formats are sniffed
    (JSON Lines saved as ``.json``, JSON saved as ``.txt`` …), but a suffix that
    names a structured format never falls back to a loose reader: a ``.csv``
    with a broken header is read as CSV and fails with the CSV error, rather
    than being taken for a page dump because one line starts with "- ".
    """
    suffix = path.suffix.lower()
    owners = [r for r in readers.values() if suffix in r.suffixes]
    if len(owners) == 1 and owners[0].sniff(text):
        return owners[0]
    suffix_is_structured = any(not r.loose for r in owners)
    for reader in readers.values():
        if suffix_is_structured and reader.loose:
            continue
        if reader.sniff(text):
            return reader
    if owners:
        return owners[0]
    if suffix and not any(suffix in r.suffixes for r in readers.values()):
        raise IngestError(Errors.E004, path, suffix=suffix, formats=_formats())
    raise IngestError(Errors.E005, path, formats=_formats())


#: Warnings saying that comments were found but left out (HTML markup the
#: reader does not know, page-dump lines no author claims): more specific than
#: W002 "page has no comments", which is not given beside them.
_COMMENTS_LEFT_OUT = ("[W035]", "[W031]")


def load(path: str | Path, fmt: str | None = None, data: bytes | None = None) -> Loaded:
    """Read one file into threads, collecting warnings instead of printing them.

    ``data``: the file's bytes, already read (standard input, say); ``path`` then
    only names it, and the format is told by content unless ``fmt`` says.

    Every failure is an :class:`IngestError` naming the file: one a reader did
    not foresee (its bug, or a Python limit) is E099, logged at INFO with its
    traceback (``-v``), so that a batch goes on with its other files. Messages,
    thread sources and thread ids name the file by :func:`source_text`, so a
    file name that is not UTF-8 is read like any other.
    """
    p = Path(path)
    name = Path(source_text(p))
    warnings: list[str] = []
    if data is None:
        if p.is_dir():  # "[Errno 21] Is a directory" said nothing of how to read one
            raise IngestError(Errors.E012, name)
        try:
            data = p.read_bytes()
        except FileNotFoundError as err:
            if p.is_symlink():  # in a folder, or named: the link is there, its file is not
                target = source_text(os.readlink(p))
                raise IngestError(Errors.E019, name, target=target) from err
            raise IngestError(Errors.E001, name) from err
        except OSError as err:
            raise IngestError(Errors.E013, name, detail=err.strerror or err) from err
    token = _reading.set(_Reading(warnings))
    try:
        content = decode(data, name, warnings)
        reader = readers[fmt] if fmt else detect_format(name, content)
        threads = reader.read(content, name)
    except IngestError:
        raise
    except Exception as err:  # a reader's bug or a Python limit must not end the batch
        log.info("reading %s failed", name, exc_info=True)
        detail = f"{type(err).__name__}: {err}"
        raise IngestError(Errors.E099, name, detail=_clip(detail)) from err
    finally:
        _reading.reset(token)
    if not threads or all(not t.utterances for t in threads):
        raise IngestError(Errors.E009, name)
    # an empty thread beside others (``"utterances": []`` in a list or a JSONL
    # line) would vanish downstream without a word: skip it, saying which
    for t in threads:
        if not t.utterances:
            warnings.append(Warnings.W011.format(path=name, thread=t.id))
    threads = [_collapse_speaker_space(t) for t in threads if t.utterances]
    # W035 and W031 already say the page's comments were left out (and how many):
    # W002 "page has no comments" beside them said the opposite of what happened
    left_out = any(w.startswith(_COMMENTS_LEFT_OUT) for w in warnings)
    for t in threads:
        if t.article is not None and not t.comments:
            if len(threads) == 1:
                if not left_out:
                    warnings.append(Warnings.W002.format(path=name))
            else:  # a Disqus export or a JSON list: say which thread
                warnings.append(Warnings.W007.format(path=name, thread=t.id))
        ambiguous = _ambiguous_dates(t, name)
        if ambiguous:
            warnings.append(ambiguous)
    return Loaded(p, threads, warnings)


#: A numeric date with a four-digit year, day and month in either order:
#: "05/03/2026", "5.3.2026", "05-03-2026 10:00" (the separators pandas reads).
_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})([/.-])(\d{1,2})\2\d{4}(?!\d)")


def _ambiguous_dates(thread: Thread, path: Path) -> str | None:
    """``[W015]`` when ``thread`` has numeric dates whose day and month could be swapped.

    "05/03/2026" is 3 May to a reader in the US and 5 March to most others;
    the reports, the timeline and the maps read it month first (as
    :func:`discourse.report.tables.parse_date`, pandas' reading), and the
    source does not say which it meant. One warning per thread, counting
    its distinct such dates and naming the first and how it is read; a date
    with a number over 12 ("25/03/2026", "03/25/2026") or the same number
    twice is not ambiguous.
    """
    found: dict[str, tuple[str, int]] = {}  # each distinct text: its date part, first number
    for value in (thread.published, *(u.timestamp for u in thread.utterances)):
        m = _NUMERIC_DATE.match(str(value)) if value else None
        if m and m[1] != m[3] and 1 <= int(m[1]) <= 12 and 1 <= int(m[3]) <= 12:
            found.setdefault(str(value), (m[0].strip(), int(m[1])))
    if not found:
        return None
    from ..report.tables import parse_date  # only now: most corpora have no such date

    value, (date, first) = next(iter(found.items()))
    when = parse_date(date)
    order = "month first" if when.month == first else "day first"
    reading = f"{when.day} {when:%B %Y} ({order})"
    return Warnings.W015.format(
        path=path, thread=thread.id, count=len(found), value=value, reading=reading
    )


def _clip(text: str, limit: int = 200) -> str:
    """``text`` cut to ``limit`` characters for a one-line message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _collapse_speaker_space(thread: Thread) -> Thread:
    """``thread`` with every run of whitespace in a speaker's name made one space.

    A name is one person however it is spaced: "Ana  Ruiz" (a double space
    typed in a comment form, a tab in a CSV export) and "Ana Ruiz" were two
    speakers, drawn identically in the map and counted apart in the reports.
    Done here for every reader alike; ends are already stripped, so this
    only changes names with inner runs.
    """
    if all(" ".join(u.speaker.split()) == u.speaker for u in thread.utterances):
        return thread
    return replace(
        thread,
        utterances=tuple(
            replace(u, speaker=" ".join(u.speaker.split())) for u in thread.utterances
        ),
    )


def read_path(path: str | Path, fmt: str | None = None) -> list[Thread]:
    """Threads in one file; its warnings go to the log (:func:`load` returns them instead).

    A list of paths is ``[E042]`` with the loop to write, not a bare TypeError.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(Errors.E042.format(kind=type(path).__name__))
    loaded = load(path, fmt)
    for message in loaded.warnings:
        log.warning("%s", message)
    return loaded.threads


#: The marker file the report writer leaves in its output folder
#: (:data:`discourse.report.STATE_FILE`; not imported, to keep ingest light).
REPORT_STATE_FILE = ".report-state.json"
#: The store ``discourse run`` creates in its output folder by default.
STORE_FILE = "discourse.duckdb"
#: DuckDB store files and their write-ahead logs: never corpus files.
STORE_SUFFIXES = frozenset({".duckdb", ".wal"})
#: Suffixes of files that are never threads: what a browser saves beside a page
#: ("Webpage, complete": styles, scripts, images, fonts) and other media. In a
#: corpus folder they are skipped (logged at INFO), not errors; named
#: directly, one is still E004.
NOT_THREAD_SUFFIXES = frozenset(
    {
        ".css", ".js", ".mjs", ".map",
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".ico", ".webp", ".avif", ".bmp", ".tif", ".tiff",
        ".woff", ".woff2", ".ttf", ".otf", ".eot",
        ".mp3", ".mp4", ".m4a", ".ogg", ".wav", ".webm", ".mov",
    }
)  # fmt: skip
#: Files Windows and macOS leave in folders (lower-cased; hidden ones such as
#: ``.DS_Store`` are skipped as hidden).
SYSTEM_FILES = frozenset({"thumbs.db", "ehthumbs.db", "ehthumbs_vista.db", "desktop.ini", "icon\r"})
#: The folder a browser saves a page's resources in, beside ``<name>.html``
#: ("Webpage, complete"): ``<name>_files`` (Chrome, Firefox, Edge), and
#: Internet Explorer's localised names. Its ``saved_resource.html`` is an
#: embedded frame (ads, a comment widget), not another thread.
SAVED_PAGE_FOLDER = re.compile(
    r"(?P<page>.+?)(?:_files|-Dateien|_fichiers|_archivos|_arquivos|_file|_bestanden)",
    re.IGNORECASE,
)
SAVED_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
#: A ConvoKit corpus folder's files beside its ``utterances.jsonl``: metadata, not threads.
CONVOKIT_METADATA = frozenset({"corpus.json", "index.json", "conversations.json", "speakers.json"})


def iter_files(
    paths: Iterable[str | Path],
    exclude: Iterable[str] = ("annotated",),
    outputs: Iterable[str | Path] = (),
) -> Iterator[Path]:
    """Expand files and folders into corpus files, sorted.

    Inside a folder it skips hidden files and folders, ``.md`` files, the
    folders named in ``exclude`` (gold annotations live beside threads), the
    run's own ``outputs`` and any other discourse output folder — one holding
    the report marker (:data:`REPORT_STATE_FILE`) or a store
    (:data:`STORE_FILE`) — as well as DuckDB files (``*.duckdb``, ``*.wal``),
    so that reports and stores kept in the corpus are not read back as threads.
    It also skips what is never a thread (:func:`_not_a_thread`): a saved
    page's resource folder beside it, styles, scripts, images and fonts, the
    files Windows and macOS leave in folders, Office lock files, and a
    ConvoKit corpus's metadata files; each skipped file or folder (hidden,
    excluded and ``.md`` ones too: README says so) is logged at INFO (``-v``), so a
    folder holding a page saved as "Webpage, complete" reads as one thread
    with no errors. Other files keep their errors (E004 for an unknown type).

    Each folder is listed completely before its first file is yielded, and a
    file listed as a regular file is yielded even if it is gone by the time its
    turn comes: reading it then fails with E001 ("removed during the run")
    instead of the file silently dropping out of the batch. Paths named
    directly are yielded as given, so a missing one fails the same way.
    """
    skip = set(exclude)
    own = [Path(o).resolve() for o in outputs]
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(_walk(p, skip, own))
        else:
            yield p


def _walk(folder: Path, skip: set[str], own: list[Path]) -> Iterator[Path]:
    """The corpus files below ``folder``, unsorted (see :func:`iter_files`).

    Like ``Path.rglob``, symlinks to files are followed but symlinked folders
    are not descended into. Whether an entry is a regular file is decided from
    the directory listing, once. A symlink whose file is gone is yielded too:
    reading it fails with E019 naming the missing target, where skipping it
    would hide the file from the batch without a word.
    """
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError as err:  # vanished or unreadable sub-folder: nothing listed in it
        log.warning("%s: folder could not be listed: %s", folder, err.strerror or err)
        return
    names = {entry.name.lower() for entry in entries}
    for entry in entries:
        path = folder / entry.name
        if entry.name.startswith("."):
            log.info("%s: skipped, hidden", path)
            continue
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
            is_file = not is_dir and entry.is_file()
            # a link whose file is gone: yielded, so reading it says so (E019)
            dangling = not is_dir and not is_file and entry.is_symlink() and not path.exists()
        except OSError:
            continue
        if own and _inside(path.resolve(), own):
            continue
        if is_dir:
            if entry.name in skip:
                log.info("%s: skipped, a folder the pipeline excludes (ingest.exclude)", path)
                continue
            marker = _output_marker(path)
            if marker is not None:
                log.info("%s: skipped, a discourse output folder (it holds %s)", path, marker)
                continue
            page = SAVED_PAGE_FOLDER.fullmatch(entry.name)
            if page and any(page["page"].lower() + s in names for s in SAVED_PAGE_SUFFIXES):
                log.info("%s: skipped, the files of the saved page beside it", path)
                continue
            yield from _walk(path, skip, own)
        elif is_file or dangling:
            suffix = path.suffix.lower()
            if suffix == ".md":  # notes and READMEs beside the threads
                log.info("%s: skipped, a Markdown file (notes, never a thread)", path)
                continue
            if suffix in STORE_SUFFIXES:
                log.info("%s: skipped, a DuckDB store file", path)
                continue
            why = _not_a_thread(entry.name, names)
            if why is not None:
                log.info("%s: skipped, %s", path, why)
                continue
            yield path


def _not_a_thread(name: str, siblings: set[str]) -> str | None:
    """Why the file ``name`` in a corpus folder is never a thread, else ``None``.

    ``siblings``: the lower-cased names in its folder. Only what cannot be a
    thread is named: a file that might be one (a ``.pdf``, ``.docx``, a
    ``.txt`` of any content) is left to be read, and to fail with its error.
    """
    lower = name.lower()
    if lower in SYSTEM_FILES:
        return "a file the operating system keeps"
    if lower.startswith("~$") or (lower.startswith("~") and lower.endswith(".tmp")):
        return "an Office lock or temporary file"
    if Path(lower).suffix in NOT_THREAD_SUFFIXES:
        return "not a thread (a style, script, image, font or media file)"
    if lower in CONVOKIT_METADATA and "utterances.jsonl" in siblings:
        return "a ConvoKit corpus's metadata (its threads are in utterances.jsonl)"
    return None


def _output_marker(folder: Path) -> str | None:
    """The file that marks ``folder`` as a discourse report or store folder, if any."""
    for name in (REPORT_STATE_FILE, STORE_FILE):
        if (folder / name).is_file():
            return name
    return None


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
