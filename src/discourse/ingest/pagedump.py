"""Plain-text page dumps: what "select all, copy" of a blog page gives.

Layout (``corpus/guatemala-post.txt`` is the model)::

    *A guest post by STRATFOR Latin America Analyst Karen Hooper   ← optional byline

    Article paragraphs, separated by blank lines …

    Posted by nhughes in Foreign Policy                            ← footer: poster, category

    You can leave a response, or trackback from your own site.     ← boilerplate, dropped

      • Aaron B                                                    ← comment author
        November 18, 2011 at 3:04 pm                               ← optional date line

        Comment paragraphs, indented …

          • Reply author                                           ← deeper bullet = reply

With a "Posted by" footer, bullets above it are a list in the article (each
item a paragraph), not comment authors. A comment with no text is dropped and
replies to it answer what it answered.

The article's speaker is the guest author named in a "guest post by …" byline,
else the "Posted by" user. Page furniture (share buttons, "Leave a reply",
"Like this", …) is dropped; post metadata (poster, category, byline) is kept
in ``Thread.meta``.

Each utterance records where its text stands in ``text`` (a
:class:`~discourse.model.SourceMap`): every stripped line is copied verbatim,
so every character but the spaces and blank lines put between lines and
paragraphs has its exact position in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Errors, IngestError
from ..model import SourceMap, SourceRun, Thread, Utterance, make_utterance_ids, slugify
from . import register_reader

BULLET = re.compile(r"^(?P<indent>[ \t]*)[•◦▪‣●\*\-–]\s+(?P<name>\S.{0,80})$")
POSTED_BY = re.compile(
    r"^\s*Posted by\s+(?P<poster>.+?)(?:\s+in\s+(?P<category>.+?))?(?:\s+on\s+(?P<date>.+?))?\s*$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\W*(?:a\s+)?(?:guest\s+post|posted|written|article)\s+by\s+(?P<byline>.+?)\s*$",
    re.IGNORECASE,
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?"
#: The date line under a comment author, in the formats blogs print: "November
#: 18, 2011 at 3:04 pm", "18 November 2011 at 15:04", "Nov 18th, 2011",
#: "Friday, November 18, 2011", "2011-11-18T15:04:00Z", "18.11.2011 15:04",
#: "3:04 pm, November 18, 2011", "2 days ago" …
DATE_LINE = re.compile(
    rf"^\s*(?:on\s+)?(?:[a-z]+day,?\s+)?(?:{_CLOCK}\s*(?:,|on)?\s+)?"
    rf"(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    rf"(?:,?\s+(?:at\s+|@\s*|-\s+)?{_CLOCK}(?:\s*(?:UTC|GMT|[A-Z]{{3,4}}))?)?\s*$"
    r"|^\s*(?:(?:\d+|an?|one)\s+(?:second|minute|hour|day|week|month|year)s?\s+ago"
    r"|yesterday|today)(?:\s+at\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?\s*$",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(
    r"^\s*(?:you can leave a response|you can follow any responses|both comments and pings"
    r"|leave a (?:reply|comment)|share this:?|like this:?|tweet|email|print|facebook|twitter"
    r"|related posts?:?|reply|report comment|loading\.{0,3}|\d+\s+(?:comments?|responses?)"
    r"(?:\s+to\s+.+)?|comments?:?|be the first to like this\.?)\s*$",
    re.IGNORECASE,
)
# A bullet line counts as a comment author when it is short and name-like.
NAME_LIKE = re.compile(r"^[^\s.!?,;:][^.!?;:]{0,60}$")
STATUS_NAME = re.compile(r"^(?P<name>.+?)\s+(?:says|said|wrote)\s*:?\s*$", re.IGNORECASE)


def sniff(text: str) -> bool:
    """A page dump has a "Posted by" footer or bulleted, named comments."""
    head = text.lstrip()[:1]
    if head in "{[<":
        return False
    lines = text.splitlines()
    return (
        any(POSTED_BY.match(ln) for ln in lines)
        or sum(1 for ln in lines if BULLET.match(ln) and NAME_LIKE.match(BULLET.match(ln)["name"]))
        >= 1
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    """Offset in ``text`` of each line :func:`read` splits it into (CRLF, CR or LF breaks)."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def _mapped_paragraphs(
    lines: list[str], offsets: list[int | None]
) -> tuple[str, tuple[SourceRun, ...]]:
    """Join dedented lines into paragraphs separated by one blank line, and say
    where each stripped line stands in the source.

    ``offsets[i]`` is the source offset of ``lines[i][0]`` (``None``: unknown);
    the runs are ``(text_start, text_end, source_start, source_end)``.
    """
    paras: list[list[tuple[str, int | None]]] = [[]]
    for ln, off in zip(lines, offsets, strict=True):
        stripped = ln.strip()
        if stripped:
            lead = len(ln) - len(ln.lstrip())
            paras[-1].append((stripped, None if off is None else off + lead))
        elif paras[-1]:
            paras.append([])
    runs: list[SourceRun] = []
    parts: list[str] = []
    pos = 0
    for para in (p for p in paras if p):
        if parts:
            parts.append("\n\n")
            pos += 2
        for k, (line, off) in enumerate(para):
            if k:
                parts.append(" ")
                pos += 1
            parts.append(line)
            if off is not None:
                runs.append((pos, pos + len(line), off, off + len(line)))
            pos += len(line)
    return "".join(parts), tuple(runs)


def _is_boilerplate(line: str) -> bool:
    return bool(BOILERPLATE.match(line))


@register_reader(
    "text",
    suffixes=(".txt", ".text"),
    sniff=sniff,
    description="plain-text page dump: article, 'Posted by … in …' footer, bulleted comments",
    loose=True,  # one bullet or "Posted by" line is enough: never for .csv, .json …
)
def read(text: str, path: Path) -> list[Thread]:
    """Read one thread from a page dump (see the module docstring)."""
    thread_id = slugify(path.stem, fallback="thread")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = _line_starts(text)  # where each line stands in ``text``, for the source maps

    meta: dict[str, str] = {}
    article_lines: list[str] = []
    article_offsets: list[int | None] = []  # source offset of each article line's first character
    comments: list[dict] = []  # {"name", "depth", "lines", "timestamp"}
    in_comments = False
    # With a "Posted by" footer, the comments come after it: a bulleted list
    # above it is part of the article, not a run of comment authors.
    footer = next((i for i, ln in enumerate(lines) if POSTED_BY.match(ln)), None)
    for no, ln in enumerate(lines):
        bullet = BULLET.match(ln)
        if bullet and footer is not None and no < footer:
            # a list item: its own paragraph, without the bullet
            article_lines += ["", bullet["name"].strip(), ""]
            article_offsets += [None, starts[no] + bullet.start("name"), None]
            continue
        if bullet and NAME_LIKE.match(bullet["name"].strip()):
            name = bullet["name"].strip()
            status = STATUS_NAME.match(name)
            if status:
                name = status["name"]
            in_comments = True
            comments.append(
                {
                    "name": name,
                    "depth": len(bullet["indent"].expandtabs(4)),
                    "lines": [],
                    "offsets": [],
                    "timestamp": None,
                }
            )
            continue
        if not in_comments:
            posted = POSTED_BY.match(ln)
            if posted:
                meta["posted_by"] = posted["poster"].strip()
                if posted["category"]:
                    meta["category"] = posted["category"].strip()
                if posted["date"]:
                    meta["date"] = posted["date"].strip()
                in_comments = True  # what follows the footer is not the article
                continue
            if _is_boilerplate(ln):
                continue
            article_lines.append(ln)
            article_offsets.append(starts[no])
            continue
        if not comments or _is_boilerplate(ln):
            continue
        current = comments[-1]
        if (
            not any(x.strip() for x in current["lines"])
            and current["timestamp"] is None
            and DATE_LINE.match(ln)
        ):
            current["timestamp"] = ln.strip()
            continue
        current["lines"].append(ln)
        current["offsets"].append(starts[no])

    # byline: "*A guest post by STRATFOR Latin America Analyst Karen Hooper"
    first = next((ln for ln in article_lines if ln.strip()), "")
    speaker = meta.get("posted_by", "")
    by = BYLINE.match(first)
    if by:
        meta["byline"] = by["byline"]
        words = re.findall(r"[A-Z][\w'’.-]+", by["byline"])
        # the author is the trailing run of capitalised words ("… Analyst Karen Hooper")
        if len(words) >= 2:
            speaker = " ".join(words[-2:])
    article_text, article_runs = _mapped_paragraphs(article_lines, article_offsets)
    if not article_text and not comments:
        raise IngestError(Errors.E009, path)

    for c in comments:
        c["body"], c["runs"] = _mapped_paragraphs(c["lines"], c["offsets"])
    kept = [c for c in comments if c["body"]]
    kinds: list[tuple[str, str]] = []
    if article_text:
        kinds.append(("article", speaker or "unknown"))
    kinds += [("comment", c["name"]) for c in kept]
    ids = make_utterance_ids(thread_id, kinds)
    uid_of = {id(c): uid for c, uid in zip(kept, ids[1 if article_text else 0 :], strict=True)}

    utterances: list[Utterance] = []
    article_id = ids[0] if article_text else None
    if article_text:
        utterances.append(
            Utterance(
                id=ids[0],
                thread_id=thread_id,
                kind="article",
                speaker=speaker or "unknown",
                text=article_text,
                timestamp=meta.get("date"),
                source_map=SourceMap(article_runs),
            )
        )
    # (depth, id replies at that depth answer) of open comments; a comment with
    # no text is skipped, and replies to it answer what it answered
    stack: list[tuple[int, str | None]] = []
    for c in comments:
        while stack and stack[-1][0] >= c["depth"]:
            stack.pop()
        reply_to = stack[-1][1] if stack else article_id
        uid = uid_of.get(id(c))
        stack.append((c["depth"], uid if uid is not None else reply_to))
        if uid is None:
            continue
        utterances.append(
            Utterance(
                id=uid,
                thread_id=thread_id,
                kind="comment",
                speaker=c["name"],
                text=c["body"],
                reply_to=reply_to,
                timestamp=c["timestamp"],
                source_map=SourceMap(c["runs"]),
            )
        )
    return [
        Thread(
            id=thread_id,
            utterances=tuple(utterances),
            title=meta.get("title"),
            published=meta.get("date"),
            source=str(path),
            meta=meta,
        )
    ]
