"""JSON text with lone UTF-16 surrogates: read it, with U+FFFD where half a character was.

JSON writes a character outside the Basic Multilingual Plane (an emoji) as a
pair of escapes, ``"\\ud83d\\ude00"``. A scraper that cuts a string by UTF-16
units leaves one half, ``"\\ud83d"``: valid JSON, which ``json.loads`` turns
into a ``str`` holding a lone surrogate. Such a string cannot be encoded as
UTF-8, so spaCy, the JSON Lines writer and the store all fail on it — one
bad comment used to cost a whole file or batch. The readers of JSON and
JSON Lines (:mod:`discourse.io`, :mod:`discourse.ingest.structured`) read
through :func:`loads_json`, which replaces each lone surrogate with U+FFFD,
as undecodable bytes are (``[W001]``), and say so with ``[W013]``.

Kept apart from :mod:`discourse.io` (which imports pandas) so that the
thread readers stay light.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

#: A surrogate code point in a decoded ``str``: always a lone one, since
#: ``json.loads`` joins a whole pair into the one character it stands for.
SURROGATE = re.compile("[\ud800-\udfff]")
#: What can give a lone surrogate in JSON text: a ``\\uD800``–``\\uDFFF``
#: escape (whole pairs too: the check after parsing tells them apart), or
#: one already in the text (standard input read with ``surrogateescape``).
_SOURCE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}|[\ud800-\udfff]")
#: A high-surrogate escape not followed by a low one, a low one not preceded
#: by a high one, or a surrogate in the text itself: where a lone one is written.
_LONE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    "|[\ud800-\udfff]"
)

REPLACEMENT = "\ufffd"


def replace_surrogates(value: Any) -> tuple[Any, int]:
    """``value`` (parsed JSON) with every lone surrogate in its strings and keys
    replaced by U+FFFD, and how many were replaced. Unchanged parts are the
    same objects."""
    if isinstance(value, str):
        return SURROGATE.subn(REPLACEMENT, value)
    if isinstance(value, list):
        items = [replace_surrogates(v) for v in value]
        count = sum(n for _, n in items)
        return ([v for v, _ in items] if count else value), count
    if isinstance(value, dict):
        total = 0
        out: dict[Any, Any] = {}
        for key, item in value.items():
            new_key, k = replace_surrogates(key)
            new_item, n = replace_surrogates(item)
            total += k + n
            out[new_key] = new_item
        return (out if total else value), total
    return value, 0


#: The deepest nesting of lists and objects :func:`loads_json` reads. Python's
#: parser recurses once per level and stops at the interpreter's recursion
#: limit (1000, minus the frames in use): a scraped thread nesting its replies
#: 500 deep (``"replies": [{… "replies": [`` is two levels each) is over it.
#: Deeper text is parsed with the limit raised to fit, up to this many levels,
#: which keeps well within the C stack; beyond it, a JSON error names the line.
MAX_JSON_DEPTH = 5000
#: The tokens that nest, and whole strings (whose brackets do not).
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


def loads_json(text: str) -> tuple[Any, int]:
    """``json.loads(text)`` with lone surrogates replaced (see the module docstring),
    and how many were replaced. Text with no surrogate escape is not walked a
    second time.

    Raises ``json.JSONDecodeError`` (its line and column point at the problem)
    for invalid JSON, and also for what Python's parser refuses beyond the JSON
    grammar: a number of more digits than ``int`` converts (4300), or nesting
    deeper than :data:`MAX_JSON_DEPTH`. Nesting deeper than the recursion limit
    allows, but within that, is read.
    """
    try:
        return _loads(text)
    except RecursionError:
        depth, pos = _deepest(text)
        if depth > MAX_JSON_DEPTH:
            detail = f"lists and objects nested {depth} deep (at most {MAX_JSON_DEPTH} are read)"
            raise json.JSONDecodeError(detail, text, pos) from None
        old = sys.getrecursionlimit()
        sys.setrecursionlimit(old + depth + 100)
        try:
            return _loads(text)
        finally:
            sys.setrecursionlimit(old)
    except json.JSONDecodeError:
        raise
    except (
        ValueError
    ) as err:  # int(): "Exceeds the limit (4300 digits) for integer string conversion"
        limit = sys.get_int_max_str_digits()
        m = re.search(rf"\d{{{limit + 1},}}", text) if limit else None
        if m is None:
            raise json.JSONDecodeError(str(err), text, 0) from err
        detail = f"a number of {len(m.group())} digits (Python reads at most {limit})"
        raise json.JSONDecodeError(detail, text, m.start()) from err


def _loads(text: str) -> tuple[Any, int]:
    """:func:`loads_json` without its handling of Python's limits."""
    data = json.loads(text)
    if _SOURCE.search(text) is None:
        return data, 0
    return replace_surrogates(data)


def _deepest(text: str) -> tuple[int, int]:
    """How deep lists and objects nest in JSON ``text``, and where the deepest
    one opens (its offset), counted without recursing."""
    depth = deepest = where = 0
    for m in _NESTING.finditer(text):
        token = m.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest, where = depth, m.start()
        elif token in "]}":
            depth -= 1
    return deepest, where


def surrogate_line(text: str) -> int:
    """The line (1-based, lines split at ``\\n`` as JSON's own messages count them) of
    the first lone surrogate written in ``text``; 1 when none is found (an escaped
    backslash before ``u`` can hide it), so a message still names a line."""
    m = _LONE.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def json_problem(err: json.JSONDecodeError) -> str:
    """What is wrong, in words, for a message that gives the line and column itself:
    ``json``'s own message without the dangling " at" its ``str()`` follows with
    the place; its "Unterminated string starting at" (whose place is where the
    string starts) as "a string starts here and is never closed"."""
    if err.msg.startswith("Unterminated string"):
        return "a string starts here and is never closed"
    return err.msg.removesuffix(" at")
