"""HTML blog pages with a comment section (WordPress markup first).

What is read, in order of preference:

article
    the text of ``.entry-content`` (or ``.post-content``, ``[itemprop=articleBody]``…)
    inside the post (``<article>``, ``.post``, ``.hentry``), else the post itself
    without its header and footer, else ``<main>``/``<body>``;
title
    ``h1.entry-title`` / ``.entry-title``, ``og:title``, else ``<title>`` without
    the site-name suffix;
author and date
    ``.author .fn`` / ``a[rel=author]`` / ``.author`` / ``meta[name=author]``;
    ``time[datetime]`` / ``article:published_time`` (ISO kept as is);
url
    ``link[rel=canonical]``, else ``og:url``;
comments
    ``ol.commentlist`` / ``ol.comment-list`` with ``li.comment`` items:
    ``.comment-author .fn`` (or ``cite``), the ``time[datetime]`` or link text
    in ``.comment-meta``, the text of ``.comment-content`` (else
    ``.comment-body`` without author, date and reply link). Replies nested in
    ``ul.children``/``ol.children`` reply to the comment they sit in; the
    others reply to the article. Pingbacks and trackbacks are skipped.
    Without such a list, ``<div class="comment">`` blocks are read the same
    way, nesting giving the replies.

Scripts, styles, navigation, share and like buttons (``.sharedaddy``,
``.share``, ``.social``…), related posts and the "Leave a reply" form are
dropped; block elements become paragraphs. A page without comments still
gives its article (the caller warns W002). Categories and tags go into
``Thread.meta``.

Each utterance records where its text stands in the page's source (a
:class:`~discourse.model.SourceMap`, from :func:`~._text.align_strings`), so
segments get offsets into the file.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag

from ..errors import Errors, IngestError
from ..model import SourceMap, Thread, Utterance, make_utterance_ids, slugify
from . import register_reader
from ._text import Positions, Spans, align_strings, html_paragraphs, html_paragraphs_mapped, squash

log = logging.getLogger(__name__)

_SNIFF = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)

#: Page furniture removed everywhere before reading.
FURNITURE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "form")
FURNITURE_CLASSES = frozenset(
    {
        "share",
        "shares",
        "sharing",
        "social",
        "sharedaddy",
        "sd-sharing",
        "sd-sharing-enabled",
        "sd-like",
        "sd-block",
        "jp-relatedposts",
        "yarpp-related",
        "related-posts",
        "navigation",
        "post-navigation",
        "comment-navigation",
        "nav-links",
        "screen-reader-text",
        "skip-link",
        "comment-respond",
        "comment-form",
        "comments-title",
        "says",
        "reply",
        "comment-reply-link",
        "edit-link",
        "comment-edit-link",
        "comment-awaiting-moderation",
        "wp-caption-text",
        "advertisement",
        "ad",
        "ads",
        "widget",
        "widget-area",
        "sidebar",
    }
)
FURNITURE_PREFIXES = ("share-", "sharing-", "social-", "sharedaddy", "addtoany", "a2a_")
FURNITURE_IDS = frozenset(
    {"respond", "reply-title", "jp-post-flair", "sidebar", "secondary", "comments-title"}
)

ARTICLE_BODY = (
    ".entry-content",
    ".post-content",
    ".post-body",
    ".article-body",
    ".story-body",
    "[itemprop=articleBody]",
    ".entry",
)
POST = ("article.post", "article.hentry", "article", ".post", ".hentry", ".type-post")
# removed from the post when no body container is found
POST_META = (
    "header",
    "footer",
    "h1",
    ".entry-title",
    ".entry-header",
    ".entry-meta",
    ".entry-footer",
    ".entry-utility",
    ".postmetadata",
    ".byline",
    ".post-meta",
    ".posted-on",
    ".cat-links",
    ".tags-links",
)
COMMENT_LISTS = ("ol.commentlist", "ol.comment-list", "ul.commentlist", "ul.comment-list")
COMMENT_SECTION = ("#comments", ".comments-area", "#disqus_thread", ".comments")
# parts of a comment that are not what the commenter wrote
COMMENT_FURNITURE = (
    ".comment-author",
    ".comment-meta",
    ".commentmetadata",
    ".comment-metadata",
    ".comment-header",
    ".comment-date",
    ".vcard",
    ".avatar",
    ".author",
    ".name",
    ".username",
    ".date",
    "footer",
    "cite",
    "time",
)
TITLE_SEPARATORS = re.compile(r"\s+(?:\||«|»|::)\s+")
_BY = re.compile(r"^\s*(?:posted\s+|written\s+)?by\s+", re.IGNORECASE)


def sniff(text: str) -> bool:
    """An HTML document: a doctype, ``<html>``, ``<head>`` or ``<body>`` near the top."""
    return bool(_SNIFF.search(text[:4096]))


def _is_furniture(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    classes = tag.get("class") or []
    if any(c in FURNITURE_CLASSES or c.startswith(FURNITURE_PREFIXES) for c in classes):
        return True
    return tag.get("id") in FURNITURE_IDS


def _strip_furniture(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(FURNITURE_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:
            tag.decompose()


def _first(scope: Tag, selectors: tuple[str, ...]) -> Tag | None:
    for sel in selectors:
        found = scope.select_one(sel)
        if found is not None:
            return found
    return None


def _meta_content(soup: BeautifulSoup, *keys: str) -> str:
    for key in keys:
        tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
        if tag is not None and squash(str(tag.get("content") or "")):
            return squash(str(tag["content"]))
    return ""


def _date(scope: Tag | None) -> str | None:
    """ISO ``datetime`` of the first ``<time>``, else the text of a date-like element."""
    if scope is None:
        return None
    time = scope.find("time", attrs={"datetime": True})
    if time is not None and squash(str(time["datetime"])):
        return squash(str(time["datetime"]))
    abbr = scope.select_one("abbr.published[title]")
    if abbr is not None:
        return squash(str(abbr["title"]))
    node = scope.find("time") or _first(scope, (".entry-date", ".published", ".date"))
    return squash(node.get_text(" ")) or None if node is not None else None


# ---------------------------------------------------------------------------
# comments


class _Comment:
    """A comment found on the page, before ids are assigned."""

    def __init__(
        self,
        speaker: str,
        text: str,
        timestamp: str | None,
        parent: int | None,
        meta: dict,
        source_map: SourceMap | None = None,
    ) -> None:
        self.speaker = speaker
        self.text = text
        self.timestamp = timestamp
        self.parent = parent  # index into the comment list
        self.meta = meta
        self.source_map = source_map


def _comment_author(node: Tag) -> str:
    tag = _first(
        node,
        (
            ".comment-author .fn",
            ".comment-author cite",
            ".fn",
            "cite",
            ".comment-author",
            ".author",
            ".name",
            ".username",
        ),
    )
    if tag is None:
        return "anonymous"
    name = squash(tag.get_text(" "))
    name = re.sub(r"\s+(?:says|said|wrote)\s*:?\s*$", "", name, flags=re.IGNORECASE)
    return name or "anonymous"


def _comment_date(node: Tag) -> str | None:
    meta = _first(node, (".comment-meta", ".comment-metadata", ".commentmetadata", ".comment-date"))
    found = _date(meta) if meta is not None else None
    if found is None and meta is not None:
        link = meta.find("a")
        found = squash((link or meta).get_text(" ")) or None
    return found or _date(node)


def _text_of(node: Tag, spans: Spans | None) -> tuple[str, SourceMap | None]:
    """The paragraphs of ``node`` and, given the page's ``spans``, their source map."""
    if spans is None:
        return html_paragraphs(node), None
    text, (starts, ends) = html_paragraphs_mapped(node, spans)
    return text, SourceMap.from_positions(text, starts, ends)


def _comment_text(node: Tag, spans: Spans | None = None) -> tuple[str, SourceMap | None]:
    content = _first(node, (".comment-content", ".comment-text", ".comment-entry"))
    if content is None:
        content = node.select_one(".comment-body") or node
        for sel in COMMENT_FURNITURE:
            for tag in content.select(sel):
                tag.decompose()
    return _text_of(content, spans)


def _read_comment(node: Tag, parent: int | None, spans: Spans | None = None) -> _Comment:
    """Author, date and text of one comment element (its replies already detached)."""
    meta: dict[str, str] = {}
    anchor = node.get("id") or ""
    if anchor:
        meta["html_id"] = str(anchor)
    speaker = _comment_author(node)
    timestamp = _comment_date(node)
    text, source_map = _comment_text(node, spans)
    return _Comment(speaker, text, timestamp, parent, meta, source_map)


def _wordpress_comments(
    items: list[Tag], parent: int | None, out: list[_Comment], spans: Spans | None = None
) -> None:
    for li in items:
        classes = li.get("class") or []
        if "pingback" in classes or "trackback" in classes:
            continue
        replies = li.find(["ul", "ol"], class_="children")
        nested = replies.extract() if replies is not None else None
        out.append(_read_comment(li, parent, spans))
        if nested is not None:
            here = len(out) - 1
            _wordpress_comments(nested.find_all("li", recursive=False), here, out, spans)


def _generic_comments(soup: BeautifulSoup, spans: Spans | None = None) -> list[_Comment]:
    """``<div class="comment">`` blocks; a block inside another replies to it."""
    blocks = [
        tag
        for tag in soup.find_all(class_="comment")
        if tag.name in {"div", "li", "article", "section"}
    ]
    if not blocks:
        return []
    index = {id(b): i for i, b in enumerate(blocks)}
    parents: list[int | None] = []
    for block in blocks:
        up = next((index[id(a)] for a in block.parents if id(a) in index), None)
        parents.append(up)
    # detach nested blocks (innermost first) so each block keeps only its own text
    for block, parent in reversed(list(zip(blocks, parents, strict=True))):
        if parent is not None:
            block.extract()
    out = [_read_comment(b, p, spans) for b, p in zip(blocks, parents, strict=True)]
    for block, parent in zip(blocks, parents, strict=True):
        if parent is None:
            block.decompose()
    return out


def _comments(soup: BeautifulSoup, spans: Spans | None = None) -> list[_Comment]:
    """All comments in page order, and remove the comment section from the page."""
    lists = [el for el in soup.select(", ".join(COMMENT_LISTS)) if el.find_parent("li") is None]
    comments: list[_Comment] = []
    if lists:
        section = lists[0].find_parent(
            lambda t: t.get("id") == "comments" or "comments-area" in (t.get("class") or [])
        )
        for el in lists:
            _wordpress_comments(el.find_all("li", recursive=False), None, comments, spans)
            el.decompose()
        if section is not None:
            section.decompose()
    else:
        comments = _generic_comments(soup, spans)
    for sel in COMMENT_SECTION:
        for tag in soup.select(sel):
            tag.decompose()
    return comments


# ---------------------------------------------------------------------------
# the article


def _site_name(soup: BeautifulSoup) -> str:
    tag = _first(soup, (".site-title", "#site-title", "#blog-title"))
    return _meta_content(soup, "og:site_name") or (squash(tag.get_text(" ")) if tag else "")


def _title(soup: BeautifulSoup, post: Tag | None, site: str) -> str | None:
    tag = _first(post or soup, ("h1.entry-title", ".entry-title", ".post-title", "h1"))
    if tag is None and post is not None:
        tag = _first(soup, ("h1.entry-title", ".entry-title"))
    if tag is not None and squash(tag.get_text(" ")):
        return squash(tag.get_text(" "))
    og = _meta_content(soup, "og:title")
    if og:
        return og
    if soup.title is None or not squash(soup.title.get_text(" ")):
        return None
    title = squash(soup.title.get_text(" "))
    if site:
        for sep in (" | ", " – ", " — ", " - ", " « ", " » ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip() or title
    parts = TITLE_SEPARATORS.split(title)
    return parts[0] if len(parts) > 1 and parts[0] else title


def _author(soup: BeautifulSoup, post: Tag | None) -> str:
    scope = post or soup
    tag = _first(
        scope,
        (
            ".entry-meta .author .fn",
            ".byline .author",
            ".author .fn",
            ".author.vcard",
            "a[rel~=author]",
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]",
            ".author",
            ".byline",
        ),
    )
    name = _BY.sub("", squash(tag.get_text(" "))) if tag is not None else ""
    if len(name) > 60:  # an "about the author" box, not a name
        name = ""
    if not name:
        name = _meta_content(soup, "author", "article:author", "twitter:creator")
        if name.startswith(("http://", "https://")):
            name = ""
    return name


def _article(
    soup: BeautifulSoup, post: Tag | None, spans: Spans | None = None
) -> tuple[str, Positions | None]:
    body = _first(post, ARTICLE_BODY) if post is not None else None
    if body is None:
        body = _first(soup, ARTICLE_BODY)
    if body is None and post is not None:
        for sel in POST_META:
            for tag in post.select(sel):
                tag.decompose()
        body = post
    if body is None:
        body = soup.find("main") or soup.body or soup
        for tag in body.find_all(["header", "footer", "aside"]):
            tag.decompose()
    for tag in body.select(".entry-meta, .entry-footer, .entry-utility, .postmetadata, figcaption"):
        tag.decompose()
    if spans is None:
        return html_paragraphs(body), None
    return html_paragraphs_mapped(body, spans)


def _thread_id(path: Path, url: str | None) -> str:
    stem = slugify(path.stem, fallback="thread")
    if stem in {"index", "default", "page", "post", "thread"} and url:
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if segments:
            return slugify(re.sub(r"\.(?:html?|php|aspx?)$", "", segments[-1]), stem)
    return stem


@register_reader(
    "html",
    suffixes=(".html", ".htm", ".xhtml"),
    sniff=sniff,
    description="saved blog page (WordPress-style markup): article and nested comment list",
)
def read(text: str, path: Path) -> list[Thread]:
    """Read one thread from a saved HTML page (see the module docstring)."""
    soup = BeautifulSoup(text, "lxml")
    spans = align_strings(soup, text)  # before anything is removed from the tree
    canonical = soup.find("link", rel="canonical")
    url = squash(str(canonical.get("href") or "")) if canonical else ""
    url = url or _meta_content(soup, "og:url")
    site = _site_name(soup)
    published_meta = _meta_content(soup, "article:published_time", "date", "dc.date")
    meta: dict[str, object] = {}
    if site:
        meta["site"] = site

    _strip_furniture(soup)
    comments = _comments(soup, spans)

    post = _first(soup, POST)
    title = _title(soup, post, site)
    author = _author(soup, post)
    published = _date(post) or published_meta or None
    categories = [squash(a.get_text(" ")) for a in soup.select("a[rel~=category], .cat-links a")]
    tags = [
        squash(a.get_text(" "))
        for a in soup.select("a[rel~=tag], .tags-links a")
        if "category" not in (a.get("rel") or [])
    ]
    if categories:
        meta["categories"] = list(dict.fromkeys(c for c in categories if c))
    if tags:
        meta["tags"] = list(dict.fromkeys(t for t in tags if t))
    if author:
        meta["author"] = author

    article_text, positions = _article(soup, post, spans)
    starts, ends = positions or ([-1] * len(article_text), [-1] * len(article_text))
    # drop the title if the fallback body repeated it as its first paragraph
    if title and article_text.startswith(title + "\n\n"):
        article_text = article_text[len(title) + 2 :]
        starts, ends = starts[len(title) + 2 :], ends[len(title) + 2 :]

    kept = [c for c in comments if c.text]
    if not article_text and not kept:
        raise IngestError(Errors.E009, path)

    thread_id = _thread_id(path, url or None)
    kinds: list[tuple[str, str]] = [("article", author or "unknown")] if article_text else []
    kinds += [("comment", c.speaker) for c in kept]
    ids = make_utterance_ids(thread_id, kinds)
    article_id = ids[0] if article_text else None
    utterances: list[Utterance] = []
    if article_text:
        utterances.append(
            Utterance(
                article_id,
                thread_id,
                "article",
                author or "unknown",
                article_text,
                None,
                published,
                source_map=SourceMap.from_positions(article_text, starts, ends),
            )
        )
    uid_of: dict[int, str] = {}
    by_index = {id(c): i for i, c in enumerate(comments)}
    for c, uid in zip(kept, ids[1 if article_text else 0 :], strict=True):
        uid_of[by_index[id(c)]] = uid
        parent = c.parent
        while parent is not None and parent not in uid_of:  # parent had no text
            parent = comments[parent].parent
        utterances.append(
            Utterance(
                id=uid,
                thread_id=thread_id,
                kind="comment",
                speaker=c.speaker,
                text=c.text,
                reply_to=uid_of[parent] if parent is not None else article_id,
                timestamp=c.timestamp,
                meta=c.meta,
                source_map=c.source_map,
            )
        )
    log.debug("%s: article %s, %d comments", path, bool(article_text), len(kept))
    return [
        Thread(
            id=thread_id,
            utterances=tuple(utterances),
            title=title,
            url=url or None,
            published=published,
            source=str(path),
            meta=meta,
        )
    ]
