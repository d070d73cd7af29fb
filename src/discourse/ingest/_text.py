"""HTML fragments → plain text with paragraphs, shared by the HTML and Disqus readers.

The data model wants utterance text as paragraphs separated by one blank line
(``"\\n\\n"``), with no markup. Block elements (``<p>``, ``<div>``,
``<blockquote>``, list items, headings …) and runs of two or more ``<br>``
end a paragraph; a single ``<br>`` is a line break inside a paragraph; all
other whitespace collapses to one space, as a browser shows it.

This module registers no reader, so any reader may import it without changing
the sniffing order.
"""

from __future__ import annotations

import re
import warnings

from bs4 import BeautifulSoup, Comment, MarkupResemblesLocatorWarning, NavigableString, Tag

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
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


def squash(text: str) -> str:
    """Collapse whitespace runs (including no-break spaces) to one space and strip."""
    return _SPACE.sub(" ", text).strip()


class _Paragraphs:
    """Accumulates inline text into lines and lines into paragraphs."""

    def __init__(self) -> None:
        self.paragraphs: list[str] = []
        self.lines: list[str] = []
        self.buffer: list[str] = []
        self.breaks = 0  # consecutive <br> seen since the last text

    def text(self, s: str) -> None:
        if self.breaks and squash(s):  # whitespace between <br>s does not count
            if self.breaks == 1:
                self.end_line()
            else:
                self.end_paragraph()
            self.breaks = 0
        self.buffer.append(s)

    def br(self) -> None:
        self.breaks += 1

    def end_line(self) -> None:
        line = squash("".join(self.buffer))
        self.buffer = []
        if line:
            self.lines.append(line)

    def end_paragraph(self) -> None:
        self.end_line()
        self.breaks = 0
        if self.lines:
            self.paragraphs.append("\n".join(self.lines))
            self.lines = []


def _walk(node: Tag, out: _Paragraphs) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            out.text(str(child))
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
