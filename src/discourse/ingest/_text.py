"""HTML fragments → plain text with paragraphs, shared by the HTML and Disqus readers.

The data model wants utterance text as paragraphs separated by one blank line
(``"\\n\\n"``), with no markup. Block elements (``<p>``, ``<div>``,
``<blockquote>``, list items, headings …) and runs of two or more ``<br>``
end a paragraph; a single ``<br>`` is a line break inside a paragraph; all
other whitespace collapses to one space, as a browser shows it.

:func:`align_strings` finds where each text node of a parsed page stands in
the page's source, and :func:`html_paragraphs_mapped` carries those positions
through the extraction, so the HTML reader can tell where every character of
an utterance came from (see :class:`~discourse.model.SourceMap`).

This module registers no reader, so any reader may import it without changing
the sniffing order.
"""

from __future__ import annotations

import html
import re
import warnings
from datetime import UTC, datetime
from typing import Any

from bs4 import (
    BeautifulSoup,
    Comment,
    Declaration,
    Doctype,
    MarkupResemblesLocatorWarning,
    NavigableString,
    ProcessingInstruction,
    Tag,
)
from bs4.element import PreformattedString, Script, Stylesheet

#: Unix time as digits: 9–10 are seconds (1973–2286), 12–13 milliseconds.
EPOCH_DIGITS = re.compile(r"^(?:\d{9,10}|\d{12,13})$")


def epoch_iso(value: Any) -> str | None:
    """An epoch timestamp as an ISO 8601 UTC time, else ``None``.

    ``value`` is an integer (or integral float, as pandas writes a column with
    a gap) or an all-digit string: 9–10 digits are seconds, 12–13 digits
    milliseconds (JavaScript's ``Date.now()``, pandas' ``to_json``), so
    ``1325376000`` and ``"1325376000000"`` are ``"2012-01-01T00:00:00+00:00"``
    (``datetime.isoformat``; milliseconds that are not whole seconds are kept
    as a fraction). Anything else — a year such as ``"2011"``, a date already
    written out, a boolean — is ``None``: the caller keeps it as written. The
    one conversion the HTML reader (``data-time`` attributes) and the JSON/CSV
    reader (``timestamp``, ``published``) share.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str) or not EPOCH_DIGITS.match(value.strip()):
        return None
    digits = value.strip()
    seconds = int(digits) / 1000 if len(digits) >= 12 else int(digits)
    return datetime.fromtimestamp(seconds, tz=UTC).isoformat()


BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "center",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tr",
        "ul",
    }
)
#: Elements whose content is never reader-visible prose.
INVISIBLE_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "svg",
        "canvas",
        "object",
        "embed",
        "form",
        "button",
        "input",
        "select",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
    }
)
_SPACE = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
#: ``&shy;``: where a browser may break a word, never shown unless it does. Left
#: in, it split words for the parser and the entity lists ("Legal\xadization").
SOFT_HYPHEN = "\u00ad"


def squash(text: str) -> str:
    """Collapse whitespace runs (including no-break spaces) to one space and strip;
    drop soft hyphens."""
    return _SPACE.sub(" ", text.replace(SOFT_HYPHEN, "")).strip()


#: Per-character source spans: ``(starts, ends)``, ``-1`` where a character has none.
Positions = tuple[list[int], list[int]]
#: :func:`align_strings` output: ``id(string)`` → the string (kept alive) and its positions.
Spans = dict[int, tuple[NavigableString, list[int], list[int]]]


def _unplaced(n: int) -> Positions:
    return [-1] * n, [-1] * n


def _squash_positions(joined: str, starts: list[int], ends: list[int]) -> Positions:
    """The positions of ``squash(joined)``'s characters, given those of ``joined``'s.

    A collapsed whitespace run keeps the span of its first character.
    """
    out_s: list[int] = []
    out_e: list[int] = []
    pos = 0
    for m in _SPACE.finditer(joined):
        out_s += starts[pos : m.start()]
        out_e += ends[pos : m.start()]
        out_s.append(starts[m.start()])
        out_e.append(ends[m.start()])
        pos = m.end()
    out_s += starts[pos:]
    out_e += ends[pos:]
    collapsed = _SPACE.sub(" ", joined)
    lead = len(collapsed) - len(collapsed.lstrip())
    stop = len(collapsed.rstrip())
    if stop <= lead:
        return [], []
    return out_s[lead:stop], out_e[lead:stop]


class _Paragraphs:
    """Accumulates inline text into lines and lines into paragraphs.

    Given the ``spans`` of :func:`align_strings`, it also keeps the source
    span of every character it emits (:attr:`positions`).
    """

    def __init__(self, spans: Spans | None = None) -> None:
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.breaks = 0  # consecutive <br> seen since the last text
        self.spans = spans
        self.buffer_pos: list[Positions] = []
        self.line_pos: list[Positions] = []
        self.positions: Positions = ([], [])  # of "\n\n".join(paragraphs)

    def text(self, s: str, node: NavigableString | None = None) -> None:
        if self.breaks and squash(s):  # whitespace between <br>s does not count
            if self.breaks == 1:
                self.end_line()
            else:
                self.end_paragraph()
            self.breaks = 0
        if self.spans is not None:
            entry = self.spans.get(id(node)) if node is not None else None
            if entry is None or entry[0] is not node or len(entry[1]) != len(s):
                pos = _unplaced(len(s))
            else:
                pos = (entry[1], entry[2])
            if SOFT_HYPHEN in s:  # dropped with its position
                keep = [k for k, ch in enumerate(s) if ch != SOFT_HYPHEN]
                pos = ([pos[0][k] for k in keep], [pos[1][k] for k in keep])
            self.buffer_pos.append(pos)
        self.buffer.append(s.replace(SOFT_HYPHEN, ""))

    def br(self) -> None:
        self.breaks += 1

    def end_line(self) -> None:
        joined = "".join(self.buffer)
        line = squash(joined)
        self.buffer = []
        if self.spans is not None:
            starts = [x for pos in self.buffer_pos for x in pos[0]]
            ends = [x for pos in self.buffer_pos for x in pos[1]]
            self.buffer_pos = []
            if line:
                self.line_pos.append(_squash_positions(joined, starts, ends))
        if line:
            self.lines.append(line)

    def end_paragraph(self) -> None:
        self.end_line()
        self.breaks = 0
        if self.lines:
            self.paragraphs.append("\n".join(self.lines))
            if self.spans is not None:
                starts, ends = self.positions
                if len(self.paragraphs) > 1:
                    starts += [-1, -1]
                    ends += [-1, -1]
                for k, (line_starts, line_ends) in enumerate(self.line_pos):
                    if k:
                        starts.append(-1)
                        ends.append(-1)
                    starts += line_starts
                    ends += line_ends
                self.line_pos = []
            self.lines = []


#: Markup that parses as a string but is never text: a comment, ``<!DOCTYPE
#: html>`` (whose "html" was the whole article of a page cut off in its
#: ``<head>``), a declaration or a processing instruction.
_NOT_TEXT = (Comment, Doctype, Declaration, ProcessingInstruction)


def _walk(node: Tag, out: _Paragraphs) -> None:
    for child in node.children:
        if isinstance(child, _NOT_TEXT):
            continue
        if isinstance(child, NavigableString):
            out.text(str(child), child)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower() if child.name else ""
        if name in INVISIBLE_TAGS:
            continue
        if name == "br":
            out.br()
            continue
        if name == "img":
            continue
        block = name in BLOCK_TAGS
        if block:
            out.end_paragraph()
        _walk(child, out)
        if block:
            out.end_paragraph()
        elif name in {"td", "th"}:
            out.text(" ")


def html_paragraphs(fragment: Tag | str) -> str:
    """Plain text of an HTML element or fragment, paragraphs joined by ``"\\n\\n"``."""
    node: Tag
    if isinstance(fragment, str):
        if "<" not in fragment and "&" not in fragment:
            # plain text: paragraphs are already blank-line separated
            return "\n\n".join(p for p in (squash(x) for x in re.split(r"\n\s*\n", fragment)) if p)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            node = BeautifulSoup(fragment, "lxml")
    else:
        node = fragment
    out = _Paragraphs()
    _walk(node, out)
    out.end_paragraph()
    return "\n\n".join(out.paragraphs)


def html_paragraphs_mapped(fragment: Tag, spans: Spans) -> tuple[str, Positions]:
    """:func:`html_paragraphs` of an element, and the source span of each character
    (``-1`` for the line and paragraph breaks it put in, and text not aligned)."""
    out = _Paragraphs(spans)
    _walk(fragment, out)
    out.end_paragraph()
    return "\n\n".join(out.paragraphs), out.positions


# ---------------------------------------------------------------------------
# aligning a parsed page with its source

#: A character reference: named ones need their ``;`` (lxml leaves ``&amp`` as it is).
_ENTITY = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,8};?|[A-Za-z][A-Za-z0-9]{1,31};)")
_TAG = re.compile(r"""</?([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
#: Elements whose content is not markup: skipped whole (their strings are not aligned).
_RAW_TEXT = frozenset({"script", "style"})
#: How far ahead a lost string is looked for in the source.
_RESYNC_WINDOW = 4096


def _markup_end(src: str, k: int) -> int:
    """End of the markup starting at ``src[k] == "<"``, or ``k`` if it is a literal ``<``."""
    nxt = src[k + 1 : k + 2]
    if nxt == "!" or nxt == "?":
        if src.startswith("<!--", k):
            end = src.find("-->", k + 4)
            return len(src) if end < 0 else end + 3
        end = src.find(">", k + 2)
        return len(src) if end < 0 else end + 1
    m = _TAG.match(src, k)
    if m is None:
        return k
    name = m.group(1).lower()
    if nxt != "/" and name in _RAW_TEXT and not m.group().endswith("/>"):
        close = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(src, m.end())
        return len(src) if close is None else close.end()
    return m.end()


def _skip(src: str, k: int, skip_space: bool) -> int:
    """Skip markup (and whitespace the parser dropped, with ``skip_space``) from ``k``."""
    n = len(src)
    while k < n:
        ch = src[k]
        if ch == "<":
            end = _markup_end(src, k)
            if end > k:
                k = end
                continue
            break
        if skip_space and ch.isspace():
            k += 1
            continue
        break
    return k


def _decoded(entity: str) -> set[str]:
    """What a character reference may have become (Python's and libxml2's readings)."""
    out = {html.unescape(entity)}
    if entity.startswith("&#"):
        body = entity[2:].rstrip(";")
        try:
            out.add(chr(int(body[1:], 16) if body[:1] in "xX" else int(body)))
        except (ValueError, OverflowError):
            pass
    return out


def _align_one(value: str, src: str, k: int) -> tuple[list[int], list[int], int]:
    """Source spans of the characters of one text node, reading ``src`` from ``k``."""
    n, size = len(src), len(value)
    k0 = _skip(src, k, not value[0].isspace())
    if src.startswith(value, k0):  # the common case: copied as it is
        return list(range(k0, k0 + size)), list(range(k0 + 1, k0 + size + 1)), k0 + size
    starts, ends = _unplaced(size)
    i = 0
    while i < size:
        c = value[i]
        k = _skip(src, k, not c.isspace())
        if k >= n:
            break
        ch = src[k]
        if ch == "&":
            m = _ENTITY.match(src, k)
            if m is not None and not value.startswith(m.group(), i):
                dec = next((d for d in _decoded(m.group()) if d and value.startswith(d, i)), None)
                if dec is not None:
                    for x in range(i, i + len(dec)):
                        starts[x], ends[x] = k, m.end()
                    i += len(dec)
                    k = m.end()
                    continue
        if ch == c or (c.isspace() and ch.isspace()):
            step = 2 if ch == "\r" and src.startswith("\r\n", k) and c == "\n" else 1
            starts[i], ends[i] = k, k + step
            i += 1
            k += step
            continue
        if c.isspace():  # whitespace the parser put in: no position, nothing read
            i += 1
            continue
        # lost: look for the rest of the string a little further on
        probe = value[i : i + 16]
        found = src.find(probe, k, k + _RESYNC_WINDOW) if len(probe.strip()) >= 4 else -1
        if found < 0:
            return starts, ends, k  # the rest stays unplaced; the next string tries from here
        k = found
    return starts, ends, k


def align_strings(soup: BeautifulSoup, src: str) -> Spans:
    """Where each text node of ``soup`` (parsed from ``src``) stands in ``src``.

    Walks the text nodes in document order and the source alongside them,
    skipping tags, comments, doctypes, scripts and styles, decoding character
    references (``&amp;`` → ``&``: each character it gives maps to the whole
    reference) and letting ``\\r\\n`` stand for a parsed ``\\n``. Call it before
    the tree is changed. Every span it gives holds the character it is for
    (verbatim, or as a reference); a character it cannot find gets none
    (``-1``). When a string stops matching (markup the parser read otherwise),
    the rest of it is looked for within the next few thousand characters by
    its next 16 characters; if they are not there, the rest of that string
    stays unplaced and the walk goes on with the next string.
    """
    spans: Spans = {}
    k = 0
    for node in soup.descendants:
        if not isinstance(node, NavigableString) or isinstance(
            node, PreformattedString | Script | Stylesheet
        ):
            continue
        value = str(node)
        if not value:
            continue
        starts, ends, k = _align_one(value, src, k)
        spans[id(node)] = (node, starts, ends)
    return spans
