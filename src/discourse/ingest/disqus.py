"""Disqus XML exports: one file, every thread of a site and its comments.

Layout (what Disqus' "Export comments" mails you)::

    <disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
      <category dsq:id="1"><forum>site</forum><title>General</title></category>
      <thread dsq:id="10">
        <id>wp-post-42</id><forum>site</forum><category dsq:id="1"/>
        <link>https://blog.example.org/2012/03/border/</link><title>Cartels and the border</title>
        <message><![CDATA[<p>Article HTML, often empty</p>]]></message>
        <createdAt>2012-03-03T08:00:00Z</createdAt>
        <author><name>editor</name></author>
      </thread>
      <post dsq:id="100">
        <message><![CDATA[<p>Comment HTML</p>]]></message>
        <createdAt>2012-03-03T09:15:00Z</createdAt>
        <isDeleted>false</isDeleted><isSpam>false</isSpam>
        <author><name>Ana</name></author>
        <thread dsq:id="10"/>
        <parent dsq:id="99"/>                                ← optional: a reply
      </post>
    </disqus>

Each ``<thread>`` with an article message or at least one comment becomes a
:class:`Thread` (id from the link's last path segment, else its title).
Comments are in reading order — replies right after what they answer,
siblings by ``createdAt`` — and reply to their parent post, or to the article
when there is one (else ``None``). Deleted and spam posts are skipped; their
replies move up to the nearest surviving ancestor (or to the article, for a
parent missing from the export), keeping the Disqus id of the post they
answered in ``meta["reply_to_missing"]``. Message HTML becomes plain
paragraphs. The Disqus ids are kept in ``meta["disqus_id"]``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from lxml import etree

from ..errors import Errors, IngestError, Warnings
from ..model import REPLY_TO_MISSING, Thread, Utterance, make_utterance_ids, slugify
from . import register_reader, warn
from ._text import html_paragraphs, squash

log = logging.getLogger(__name__)

DISQUS_NS = "http://disqus.com"
DSQ_NS = "http://disqus.com/disqus-internals"
_DSQ_ID = f"{{{DSQ_NS}}}id"
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")
_ROOT = re.compile(r"<(?:\w+:)?disqus[\s>]")


def sniff(text: str) -> bool:
    """A Disqus export: a ``<disqus>`` root near the top of an XML file."""
    head = text[:4096]
    return head.lstrip().startswith("<") and bool(_ROOT.search(head)) and "disqus.com" in head


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def _child(el: etree._Element, name: str) -> etree._Element | None:
    return next((c for c in el if _local(c) == name), None)


def _text(el: etree._Element, *names: str) -> str:
    """Text of the nested child ``names`` (``"author", "name"``), stripped; ``""`` if absent."""
    node: etree._Element | None = el
    for name in names:
        node = _child(node, name) if node is not None else None
    return (node.text or "").strip() if node is not None else ""


def _ref(el: etree._Element, name: str) -> str | None:
    """The ``dsq:id`` of a reference child such as ``<thread dsq:id="10"/>``."""
    node = _child(el, name)
    if node is None:
        return None
    return node.get(_DSQ_ID) or node.get("id")


def _flag(el: etree._Element, name: str) -> bool:
    return _text(el, name).lower() in {"true", "1", "yes"}


@dataclass
class _Post:
    dsq_id: str
    thread: str | None
    parent: str | None
    speaker: str
    text: str
    timestamp: str | None
    order: int
    meta: dict[str, str]
    children: list[_Post] = field(default_factory=list)


def _speaker(el: etree._Element) -> str:
    return squash(_text(el, "author", "name")) or _text(el, "author", "username") or "anonymous"


def _thread_slug(link: str, title: str, dsq_id: str) -> str:
    segments = [s for s in urlsplit(link).path.split("/") if s]
    last = re.sub(r"\.(?:html?|php|aspx?)$", "", segments[-1]) if segments else ""
    return slugify(last, "") or slugify(title, "") or f"disqus-{dsq_id}"


def _parse(text: str, path: Path) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
    )
    try:
        return etree.fromstring(_XML_DECL.sub("", text, count=1), parser)
    except etree.XMLSyntaxError as err:
        raise IngestError(Errors.E011, path, detail=err.msg or err) from err


@register_reader(
    "disqus",
    suffixes=(".xml",),
    sniff=sniff,
    description="Disqus XML export: many threads with their posts and replies",
)
def read(text: str, path: Path) -> list[Thread]:
    """Read every thread of a Disqus export (see the module docstring)."""
    root = _parse(text, path)
    if _local(root) != "disqus":
        raise IngestError(Errors.E100, path, root=_local(root) or root.tag)

    categories = {c.get(_DSQ_ID) or "": _text(c, "title") for c in root if _local(c) == "category"}
    threads: dict[str, etree._Element] = {}
    posts: list[_Post] = []
    skipped = 0
    for el in root:
        name = _local(el)
        if name == "thread":
            threads.setdefault(el.get(_DSQ_ID) or _text(el, "id"), el)
        elif name == "post":
            if _flag(el, "isDeleted") or _flag(el, "isSpam"):
                skipped += 1
                posts.append(
                    _Post(el.get(_DSQ_ID) or "", None, _ref(el, "parent"), "", "", None, 0, {})
                )
                continue
            dsq_id = el.get(_DSQ_ID) or _text(el, "id")
            meta = {"disqus_id": dsq_id}
            if _text(el, "author", "username"):
                meta["username"] = _text(el, "author", "username")
            posts.append(
                _Post(
                    dsq_id=dsq_id,
                    thread=_ref(el, "thread"),
                    parent=_ref(el, "parent"),
                    speaker=_speaker(el),
                    text=html_paragraphs(_text(el, "message")),
                    timestamp=_text(el, "createdAt") or None,
                    order=len(posts),
                    meta=meta,
                )
            )
    if skipped:
        log.info("%s: skipped %d deleted or spam posts", path, skipped)

    # a skipped or empty post hands its replies up to its own parent
    by_id = {p.dsq_id: p for p in posts if p.dsq_id}

    def surviving_parent(post: _Post) -> _Post | None:
        seen: set[str] = set()
        ref = post.parent
        while ref and ref in by_id and ref not in seen:
            seen.add(ref)
            parent = by_id[ref]
            if parent.text and parent.thread == post.thread:
                return parent
            ref = parent.parent
        return None

    kept: list[_Post] = []
    orphans = 0
    for post in posts:
        if not post.text:
            continue
        if post.thread not in threads:
            orphans += 1
            continue
        kept.append(post)
    if orphans:
        warn(Warnings.W100.format(path=path, count=orphans))
    lost = [p for p in kept if p.parent and p.parent not in by_id]
    if lost:
        first = lost[0]
        warn(
            Warnings.W008.format(path=path, count=len(lost), post=first.dsq_id, parent=first.parent)
        )
    parent_of = {id(p): surviving_parent(p) for p in kept}
    for post in kept:
        answered = by_id.get(post.parent) if post.parent else None
        if post.parent and (answered is None or parent_of[id(post)] is not answered):
            # its parent was deleted or lost: whoever it now answers was never addressed
            post.meta[REPLY_TO_MISSING] = post.parent
    _cut_cycles(kept, parent_of, path)
    roots: dict[str | None, list[_Post]] = {}
    for post in kept:
        parent = parent_of[id(post)]
        (parent.children if parent else roots.setdefault(post.thread, [])).append(post)

    out: list[Thread] = []
    used: set[str] = set()
    for dsq_id, el in threads.items():
        if _flag(el, "isDeleted"):
            continue
        article = html_paragraphs(_text(el, "message"))
        top = roots.get(dsq_id, [])
        if not article and not top:
            continue
        link, title = _text(el, "link"), squash(_text(el, "title"))
        tid = _thread_slug(link, title, dsq_id)
        if tid in used:
            tid = f"{tid}-{dsq_id}"
        used.add(tid)
        out.append(_build(tid, el, article, top, categories, path, link, title, dsq_id))
    return out


def _cut_cycles(kept: list[_Post], parent_of: dict[int, _Post | None], path: Path) -> None:
    """Make the parent links a forest: posts answering each other in a circle
    would otherwise reach no thread root and vanish from the output.

    In file order, a post whose chain of parents leads back to itself becomes a
    top-level comment, with warning W009 naming the circle.
    """
    for post in kept:
        chain = [post]
        node = parent_of[id(post)]
        while node is not None and node is not post and node not in chain:
            chain.append(node)
            node = parent_of[id(node)]
        if node is post:
            cycle = " -> ".join(p.dsq_id for p in [*chain, post])
            warn(Warnings.W009.format(path=path, thread=post.thread, cycle=cycle, post=post.dsq_id))
            parent_of[id(post)] = None


def _time_key(post: _Post) -> tuple[int, float, str, int]:
    """Sort key by ``createdAt`` as an instant: ``…14:05:00Z`` and ``…10:05:00-05:00``
    compare by the moment they name, not as strings (no zone = UTC). Unparsable
    times sort after parsable ones, as text; file order breaks ties."""
    raw = (post.timestamp or "").strip()
    try:
        when = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return (1, 0.0, raw, post.order)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (0, when.timestamp(), "", post.order)


def _reading_order(top: list[_Post]) -> list[tuple[_Post, _Post | None]]:
    """Depth-first: each post followed by its replies; siblings by time, then file order."""
    ordered: list[tuple[_Post, _Post | None]] = []
    stack: list[tuple[_Post, _Post | None]] = [(p, None) for p in sorted(top, key=_time_key)]
    stack.reverse()
    while stack:  # iterative: a reply chain thousands deep must not hit the recursion limit
        post, parent = stack.pop()
        ordered.append((post, parent))
        stack.extend((c, post) for c in sorted(post.children, key=_time_key, reverse=True))
    return ordered


def _build(
    tid: str,
    el: etree._Element,
    article: str,
    top: list[_Post],
    categories: dict[str, str],
    path: Path,
    link: str,
    title: str,
    dsq_id: str,
) -> Thread:
    ordered = _reading_order(top)
    author = _speaker(el) if _child(el, "author") is not None else "unknown"
    kinds = [("article", author)] if article else []
    kinds += [("comment", p.speaker) for p, _ in ordered]
    ids = make_utterance_ids(tid, kinds)
    published = _text(el, "createdAt") or None
    utterances: list[Utterance] = []
    article_id = ids[0] if article else None
    if article_id is not None:
        utterances.append(
            Utterance(article_id, tid, "article", author, article, timestamp=published)
        )
    uid_of: dict[str, str] = {}
    for (post, parent), uid in zip(ordered, ids[1 if article else 0 :], strict=True):
        uid_of[post.dsq_id] = uid
        utterances.append(
            Utterance(
                id=uid,
                thread_id=tid,
                kind="comment",
                speaker=post.speaker,
                text=post.text,
                reply_to=uid_of[parent.dsq_id] if parent else article_id,
                timestamp=post.timestamp,
                meta=post.meta,
            )
        )
    meta = {"disqus_id": dsq_id}
    for key, value in (
        ("identifier", _text(el, "id")),
        ("forum", _text(el, "forum")),
        ("category", categories.get(_ref(el, "category") or "", "")),
    ):
        if value:
            meta[key] = value
    return Thread(
        id=tid,
        utterances=tuple(utterances),
        title=title or None,
        url=link or None,
        published=published,
        source=str(path),
        meta=meta,
    )
