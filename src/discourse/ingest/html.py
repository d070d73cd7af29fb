"""HTML pages with a comment section: blogs, news sites, Disqus, Discourse topics.

What is read, in order of preference:

article
    the text of ``.entry-content`` (or ``.post-content``, ``[itemprop=articleBody]``…)
    inside the post (``<article>``, ``.post``, ``.hentry``), else the post itself
    without its header and footer, else ``<main>``/``<body>``;
title
    ``h1.entry-title`` / ``.entry-title``, ``og:title``, the post's own heading
    above its text (:func:`_post_heading`), else ``<title>`` without the site's
    name (:func:`_title_from_tag`: the part a heading repeats, else the part
    before ``|``, ``«``… unless it reads as a name, else without a dashed
    site name: :func:`_strip_dashed_site_name`);
author and date
    ``.author .fn`` / ``.post-author .fn`` / ``a[rel=author]`` / ``.author`` /
    ``meta[name=author]``, else a "By Name" line ("Por …", "Von …", "Par …")
    opening the article's text
    (which stays in the text);
    ``time[datetime]`` / ``article:published_time`` (ISO kept as is);
url
    ``link[rel=canonical]``, else ``og:url``;
comments
    the first kind of comment markup found on the page, outside the article's
    text (a ``div.comment`` pull quote in ``.entry-content`` stays article text),
    or in it when two or more name their commenter (a theme printing the
    comment list in the post's container; the comment heading over them goes):

    - WordPress: ``li`` items of ``ol.commentlist`` / ``ol.comment-list`` and
      of every ``ul.children``/``ol.children`` list in it (pingbacks and
      trackbacks skipped, a trackback also by its "[…] excerpt […]" text);
    - Disqus as rendered in the page: ``#post-list li.post`` (a reply list
      inside a post's ``.post-content`` holds comments, not article text);
    - old Reddit: ``div.thing.comment`` (a ``.comment``), the name in
      ``p.tagline > a.author``, the text in ``.usertext-body``, replies in
      its ``div.child``; the post's own text is its ``.usertext-body``;
    - forum topics: phpBB 3's ``div.post`` (with its ``.postbody``: name in
      ``.username``, text in ``.content`` without quoted posts, date in the
      ``.author`` line) and vBulletin 4's ``li.postcontainer`` (text in
      ``blockquote.postcontent``, number in ``a.postcounter``); the opening
      post is the article as on a Discourse topic (:func:`_opens_topic_block`);
    - Hacker News: ``tr.athing.comtr`` rows (name ``a.hnuser``, text
      ``.commtext``, date ``span.age[title]``), replies by their indent;
    - an ASP.NET comment repeater: its items (table rows or ``div`` elements)
      named only by their controls' ids, ``…_rptComments_ctl01_lblAuthor``,
      ``_lblDate``, ``_lblBody`` (:func:`_mark_repeater_comments`);
    - a Discourse topic: ``.topic-post`` (post #1, found by
      ``data-post-number``/``#post_1``, or the first post when none carries a
      number, is the article when the page has no other article body);
    - any ``.comment`` element (``div``, ``li``, ``article``, ``section``):
      Blogger's ``li.comment``, news sites' ``article.comment``…; classic
      Blogger's ``dl#comments-block``, where a comment is a ``dt`` and the
      ``dd`` elements after it, is read as such elements;
    - schema.org ``[itemscope][itemtype*=Comment]``.

    Speaker: ``.comment-author .fn``, ``cite`` (Blogger's ``cite.user``),
    ``[itemprop=author] [itemprop=name]``, a name element
    (:data:`AUTHOR_NAMES`: ``.comment-author-name``, ``.username``…),
    ``.author``… (none found: "anonymous", and the caller is warned, W036); date:
    the ``time[datetime]`` or permalink text (``#comment-…``, not the author's
    link) in ``.comment-meta``, else any
    ``time[datetime]``, ``[itemprop=dateCreated]``, an epoch ``data-time``
    (as ISO UTC), the ``title`` of ``.time-ago``/``.relative-date``, the text
    of ``.datetime``; text: ``.comment-content``, ``.post-message``,
    ``.cooked``, ``[itemprop=text]``… (else ``.comment-body`` without author,
    date and reply link).

who answers whom
    a comment replies to the comment its element names (``data-parent-id``
    and the like, matched against ``id``/``data-comment-id``; an "in reply
    to" link such as Disqus' ``a.parent-link[href="#comment-…"]``; a
    Discourse ``a.reply-to-tab`` naming a user: that user's latest earlier
    post; a phpBB post's quote of another, the post its ``<cite>`` links to,
    else the quoted user's latest earlier post), else to the comment it sits
    in, else to the comment just before the replies block it sits in
    (``.children``, ``.replies``, ``.comment-replies``… placed after the
    comment rather than inside it),
    else, in a flat list of ``depth-N`` comments, to the comment before it one
    level up, else to the article. A reference to a comment not on the page is
    ignored; when references go round in a circle, the first comment of the
    circle is placed by the markup instead.

Scripts, styles, navigation, share and like buttons (``.sharedaddy``,
``.share``, ``.social``…, Jetpack's ``.comment-likes`` in a comment's text),
Discourse's link previews and quoted posts (``aside.onebox``, ``aside.quote``),
ad slots and newsletter sign-up boxes (``.ad-slot``, ``.newsletter-signup``), related posts, asides inside the article body and
the "Leave a reply" form are dropped (a form holding the text, old Reddit's
``form.usertext`` or ASP.NET's page-wide ``form#aspnetForm``, loses only its
fields) (an element named like furniture that
holds the post, such as Blogger's ``div.widget``, or that is or holds a
comment, such as ``article.comment.reply``, is kept); block elements
become paragraphs. A page without comments still
gives its article (the caller warns W002). A page whose comments are in
markup none of the above knows has them taken out of its article from their
heading on (:func:`_comments_under_heading`), and read from what they look
like (a comment heading inside the article's container only when such
comments follow it): elements of a kind that recurs, side by side or nested as replies
(same element and class: Disqus exports' ``div.post``, Commento's
``div.commento-card``, a forum's table rows, a plain ``article``; not a
block only wrapping a comment and its replies) each holding a commenter's name (an element whose
class says name, author, user…, else a name link, ``cite`` or ``strong``
before the text, else a first line of the name and a date: :func:`_name_date_line`) and text, an optional date (``<time>``, or date text beside
the name) and replies (the same elements nested in it, or in a block after
it: :func:`_loose_blocks`). Where there are none, what was under the heading
is left out, with warning W035. Categories and tags go into
``Thread.meta``.

Each utterance records where its text stands in the page's source (a
:class:`~discourse.model.SourceMap`, from :func:`~._text.align_strings`), so
segments get offsets into the file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag
from bs4.element import AttributeValueList

from ..errors import Errors, IngestError, Warnings
from ..model import SourceMap, Thread, Utterance, make_utterance_ids, slugify, thread_slug
from . import register_reader, warn
from ._markers import (
    AMBIGUOUS_FURNITURE,
    BADGE_WORD,
    BY_WORD,
    COMMENTS_HEADING,
    COUNTED_HEADING,
    MONTH,
    NO_COMMENTS,
    OTHER_AGO,
    OTHER_DAY,
    OTHER_MONTH,
    REMOVED_COMMENT,
    REPLY_FORM_HEADING,
    SENTENCE_END,
    TRACKBACK_EXCERPT,
    byline_name,
    is_furniture,
    is_loose_furniture,
    without_badge,
)
from ._text import (
    BLOCK_TAGS,
    EPOCH_DIGITS,
    Positions,
    Spans,
    align_strings,
    epoch_iso,
    html_paragraphs,
    html_paragraphs_mapped,
    squash,
)

log = logging.getLogger(__name__)

_SNIFF = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.IGNORECASE)

#: Page furniture removed everywhere before reading (a ``<form>`` holding the
#: post or a comment's text is kept: :func:`_strip_furniture`).
FURNITURE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "nav", "form")
#: A form's controls: what is left of the page's furniture in a form that is kept.
FORM_CONTROLS = ("input", "textarea", "select", "button")
#: Screen-reader-only classes (Bootstrap, Drupal) named as furniture since the
#: forum rules; ``screen-reader-text`` was furniture before and stays so.
SCREEN_READER_CLASSES = frozenset({"sr-only", "visually-hidden", "element-invisible"})
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
        # Jetpack's like button and count inside each comment's .comment-content
        "comment-likes",
        "comment-like-link",
        "comment-like-feedback",
        "jp-relatedposts",
        "related",
        "yarpp-related",
        "related-posts",
        "navigation",
        "post-navigation",
        "comment-navigation",
        "nav-links",
        "screen-reader-text",
        # text for screen readers only (Bootstrap, Drupal): never on the screen,
        # but a heading among them may still mark the comments (:func:`_is_furniture`)
        *SCREEN_READER_CLASSES,
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
        "ad-slot",
        "ad-unit",
        "ad-container",
        "ad-wrapper",
        "adsbygoogle",
        # a news site's sign-up box, often inside the article body
        "newsletter",
        "widget",
        "widget-area",
        "sidebar",
        # Medium's byline, read time and claps above and below the story
        "speechify-ignore",
        # old Reddit's sidebar: the subreddit's description in a .usertext-body
        "side",
    }
)
FURNITURE_PREFIXES = (
    "related-",  # a news story's "Related" box inside its body
    "subscription-",  # Substack's "Subscribe for free" box inside the post
    "share-",
    "sharing-",
    "social-",
    "sharedaddy",
    "addtoany",
    "a2a_",
    "newsletter-",
)
FURNITURE_IDS = frozenset(
    {"respond", "reply-title", "jp-post-flair", "sidebar", "secondary", "comments-title"}
)
#: A phpBB post's quote of another post, a ``blockquote`` in its text
#: (:data:`FURNITURE_SELECTORS`); its ``<cite>`` says whom it answers
#: (:func:`_mark_quoted_posts`).
PHPBB_QUOTE = "div.post:has(.postprofile) .postbody .content blockquote"
#: Attributes :func:`_mark_quoted_posts` leaves on a phpBB post: the id of the
#: post it quotes (``p5101``) and the name of the user it quotes.
QUOTED_POST = "data-quoted-post"
QUOTED_USER = "data-quoted-user"
#: A quote's ``<cite>``: "montevideo_mike wrote:" (phpBB 3.0), "<a>montevideo_mike</a>
#: wrote: <a href='…#p5101'>↑</a> Wed Jul 19, 2017" (3.2), localised boards' words.
_QUOTE_CITE = re.compile(
    r"^\s*(?P<name>\S.*?)\s+(?:wrote|escribió|escreveu|a\s+écrit|schrieb|ha\s+scritto)\s*:",
    re.IGNORECASE,
)
_POST_ANCHOR = re.compile(r"#(p\d+)$")
#: Furniture named by element and class together, where the class alone is too
#: common to drop: Discourse's link previews (``aside.onebox``) and quoted posts
#: (``aside.quote``, another post's words, which would count twice and under the
#: wrong speaker) inside a post's ``.cooked``, and a phpBB post's quote of
#: another (``blockquote`` in its ``.content``: "montevideo_mike wrote: …"), and
#: vBulletin's ("Originally Posted by DeputyDawg …").
FURNITURE_SELECTORS = (
    "aside.onebox",
    "aside.quote",
    # phpBB, scoped like PHPBB_POST: an ordinary blog's div.post > div.postbody
    # quotes its sources in blockquotes that are the article's own text
    PHPBB_QUOTE,
    ".postcontent .bbcode_container",  # vBulletin: "Originally Posted by …"
)

ARTICLE_BODY = (
    ".entry-content",
    ".post-content",
    ".post-body",
    ".article-body",
    ".story-body",
    "[itemprop=articleBody]",
    # Drupal's body field (8 and later, 7), beside the node's comment section
    ".field--name-body",
    ".field-name-body",
    ".available-content",  # Substack
    ".toptext",  # Hacker News: an "Ask HN" post's text
    # old Reddit: a self post's text (form.usertext > div.usertext-body), in its div.entry
    ".usertext-body",
    ".entry",
)
POST = (
    "article.post",
    "article.hentry",
    "article",
    ".post",
    ".hentry",
    ".type-post",
    ".thing.link",  # old Reddit's post
)
# removed from the post when no body container is found
POST_META = (
    "header",
    ".post-header",
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
#: A phpBB 3 (prosilver) forum post: ``div.post`` with its ``.postprofile`` and
#: ``.postbody``. The profile is required: older blog themes also put the post's
#: text in ``div.post > div.postbody``, and without it the whole blog post was
#: read as one anonymous comment (and its real ``div.comment`` comments lost).
PHPBB_POST = "div.post:has(.postprofile):has(.postbody)"
#: The class :func:`_mark_repeater_comments` gives each item of an ASP.NET
#: comment repeater (``…_rptComments_ctl01_…``), whose markup has no class of its own.
REPEATER_ITEM = "aspnet-repeater-comment"
COMMENT_LISTS = ("ol.commentlist", "ol.comment-list", "ul.commentlist", "ul.comment-list")
#: Comment elements when there is no WordPress list, by platform: the first
#: selector that finds any is used (Disqus, Discourse, any ``.comment``, schema.org).
COMMENT_ITEMS = (
    "#post-list li.post, ul.post-list li.post",
    ".topic-post",
    PHPBB_POST,
    "li.postcontainer",  # vBulletin 4
    "tr.athing.comtr",  # Hacker News: its div.comment holds the text only
    f".{REPEATER_ITEM}",  # ASP.NET: a comment repeater's items (:func:`_mark_repeater_comments`)
    ".comment",
    "[itemscope][itemtype*=Comment]",
)
COMMENT_ELEMENTS = frozenset({"div", "li", "article", "section", "tr"})
#: What furniture never is nor holds: the post, the comment section and any
#: comment (an element matching one of these, or holding one, is kept whatever
#: its class says). A news site's ``article.comment.reply`` or a theme's
#: ``li.comment.navigation`` is a comment first: furniture classes used to
#: delete it, silently.
MAIN_CONTENT = ", ".join(
    (
        ".entry-content",
        ".post-body",
        "[itemprop=articleBody]",
        ".hentry",
        "#comments",
        *COMMENT_LISTS,
        *COMMENT_ITEMS,
        *(f"{holder} > li" for holder in COMMENT_LISTS),
    )
)
#: Comments written as a definition list, with no element around each comment:
#: Blogger's classic templates print ``dl#comments-block`` holding, per comment,
#: ``dt.comment-author`` ("Anonymous said..."), ``dd.comment-body`` and
#: ``dd.comment-footer`` (the date). :func:`_group_definition_comments` wraps
#: each ``dt`` and the ``dd`` elements after it in a ``div.comment``.
DEFINITION_COMMENTS = "dl#comments-block, dl:has(> dt.comment-author)"
COMMENT_SECTION = ("#comments", ".comments-area", "#disqus_thread", ".comments")
#: Elements holding a comment's replies, placed inside it or just after it.
_REPLY_CONTAINER = re.compile(
    r"(?:.*[-_])?(?:children|replies|subcomments|indented|nested)"
    r"|comment-list-items"  # Substack: after the comment, in the item holding both
)
#: Attributes naming the comment a comment answers, and those naming a comment.
PARENT_ATTRS = (
    "data-parent-id",
    "data-parent",
    "data-parentid",
    "data-parent-comment-id",
    "data-reply-to",
    "data-reply-to-id",
    "data-in-reply-to",
)
ID_ATTRS = ("id", "data-comment-id", "data-commentid", "data-id", "data-post-id")
#: "In reply to …" links and tabs (Disqus, Discourse, microformats).
REPLY_MARKERS = "a.reply-to-tab, a.parent-link, [data-role=parent-link], .in-reply-to"
#: Elements holding only a commenter's name, as comment systems and hand-made
#: templates name them ("Tina P." in ``strong.comment-author-name``, followed by
#: "wrote on June 3, 2016:"). Without them every commenter was "anonymous".
AUTHOR_NAMES = (
    ".comment-author-name",
    ".comment__author",
    ".comment-author__name",
    ".author-name",
    ".user-name",
    ".username",
    ".commenter",
    ".commenter-name",
    ".nickname",
    ".username-coloured",  # phpBB's moderators and administrators
    ".hnuser",  # Hacker News
)
COMMENT_AUTHOR = (
    ".comment-author .fn",
    ".comment-author cite",
    ".fn",
    "cite",
    "[itemprop=author] [itemprop=name]",
    *AUTHOR_NAMES,
    ".comment-author",
    "[itemprop=author]",
    ".author",
    ".name",
)
COMMENT_CONTENT = (
    ".comment-content",
    ".comment-text",
    ".comment-entry",
    ".post-message",
    ".cooked",
    "[itemprop=text]",
    ".comment__body",
    ".comment__content",
    ".comment__text",
    ".usertext-body",  # old Reddit
    ".postbody .content",  # phpBB
    "blockquote.postcontent",  # vBulletin 4
    ".commtext",  # Hacker News
    # Drupal's comment body field (8 and later, 7), under the subject line
    ".field--name-comment-body",
    ".field-name-comment-body",
)
#: What a ``<form>`` holding the page's content holds (:func:`_holds_content`).
_CONTENT_IN_FORM = ", ".join(
    (MAIN_CONTENT, *ARTICLE_BODY, *COMMENT_CONTENT, "article", "main", "h1")
)
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
    *AUTHOR_NAMES,
    ".date",
    ".datetime",
    "[itemprop=author]",
    # old Reddit's header line: "[–] name 12 points 3 years ago (2 children)"
    ".tagline",
    "header",
    "footer",
    "cite",
    "time",
)
#: A comment's header parts: a text block named so is not the commenter's text.
_HEADER_PARTS = ", ".join([s for s in COMMENT_FURNITURE if not s.isalpha()] + [".fn"])
#: A comment header's author parts, and a permalink to a comment (``#comment-11``).
_AUTHOR_PARTS = ", ".join(
    ("cite, .fn, .comment-author, .vcard, .author, a.url, [rel~=author]", *AUTHOR_NAMES)
)
#: What a comment header says between the name and the date: "Tina P. wrote on
#: June 3, 2016 at 4:12pm:" gives the date alone.
_HEADER_WORDS = re.compile(
    r"^(?:(?:posted\s+)?by\s*[»·•|–—-]?\s*)?"  # phpBB's "by <name> » <date>"
    r"(?:(?:says|said|wrote|posted|commented)\b(?:\s+(?:on|at))?\s*:?\s*)?|\s*:\s*$",
    re.I,
)
_COMMENT_ANCHOR = re.compile(r"#(?:comment|li-comment|div-comment|c)[-_]?\d+$")
#: What follows a name in a comment header: "says:", "said...", "wrote:" (WordPress, Blogger).
_SAID = re.compile(r"\s*\b(?:says|said|wrote)\s*(?::|\.{2,}|…)?\s*$", re.IGNORECASE)
#: The same standing alone, between a comment's author and its date.
_SAID_ALONE = re.compile(r"^\s*(?:says|said|wrote)\s*(?::|\.{2,}|…)?\s*$", re.IGNORECASE)
CATEGORIES = "a[rel~=category], .cat-links a, .topic-category .category-name"
TAGS = "a[rel~=tag], .tags-links a, a.discourse-tag"
TITLE_SEPARATORS = re.compile(r"\s+(?:\||«|»|::)\s+")
#: Any separator of a ``<title>``'s parts, dashes included.
_ANY_TITLE_SEPARATOR = re.compile(r"\s+(?:\||«|»|::|-|–|—)\s+")
#: A page's banner, whose heading is the site's name, not a post's title.
_SITE_HEADER = (
    "#header, #masthead, .site-header, .site-title, #site-title, #blog-title, .header,"
    " #page-header, .headerbar"  # phpBB
)
#: A ``<title>`` ending in "<separator dash> <something>": the last dash splits.
_DASHED_TAIL = re.compile(r"(.*\S)\s+[-–—]\s+(\S.*?)", re.DOTALL)
#: Words a site name may hold in lower case ("Voice of San Diego").
_NAME_JOINERS = frozenset({"of", "the", "and", "&", "for", "on", "in", "at", "de", "la", "del"})
SITE_NAME_WORDS = 5
_HOST = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}", re.IGNORECASE)
_NAME_RUN = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*"
#: A byline naming co-authors: "By Jim Smith, Ana Lopez and Tom Ruiz" (names,
#: commas and one "and"/"&", or "y", "e", "und", "et"), never "By Jim Smith,
#: Reuters" or "…, May 3, 2012".
_CO_AUTHORS = re.compile(
    rf"^\s*{BY_WORD}\s+{_NAME_RUN}(?:\s*,\s*{_NAME_RUN})*\s*,?\s+(?:and|&|y|e|und|et)\s+"
    rf"{_NAME_RUN}\s*$"
)
_BY = re.compile(rf"^\s*(?:posted\s+|written\s+)?{BY_WORD}\s+", re.IGNORECASE)


def sniff(text: str) -> bool:
    """An HTML document: a doctype, ``<html>``, ``<head>`` or ``<body>`` near the top."""
    return bool(_SNIFF.search(text[:4096]))


def _is_furniture(tag: Tag) -> bool:
    if tag.attrs is None:
        return False
    classes: list[str] = list(tag.get("class") or [])
    if tag.name in _HEADINGS and SCREEN_READER_CLASSES.intersection(classes):
        # a hidden "Comments" heading is where the comments begin: deleting it
        # read them as article text, or lost them (``<h2 class="sr-only">``)
        text = squash(tag.get_text(" "))
        if COMMENTS_HEADING.match(text) or REPLY_FORM_HEADING.match(text):
            return False
    if any(c in FURNITURE_CLASSES or c.startswith(FURNITURE_PREFIXES) for c in classes):
        # a wrapper named like furniture around the post (Blogger's div.widget.Blog)
        # or a comment (article.comment.reply) is not furniture
        return not tag.css.match(MAIN_CONTENT) and tag.select_one(MAIN_CONTENT) is None
    return tag.get("id") in FURNITURE_IDS


def _holds_content(form: Tag) -> bool:
    """Whether ``form`` holds what the page is about rather than a comment box
    or a search field: old Reddit wraps every post's and comment's text in a
    ``form.usertext`` (the edit box), ASP.NET sites wrap the whole page in
    ``form#aspnetForm``. Both were deleted as furniture, with every word."""
    return any(  # a "div.comment" around a comment box's textarea is no content
        tag.name not in FORM_CONTROLS and tag.find(FORM_CONTROLS) is None
        for tag in form.select(_CONTENT_IN_FORM)
    )


#: Most text a box of form fields in a kept form holds: its labels and heading.
_CONTROL_BOX_CHARS = 200


def _control_box(control: Tag, form: Tag) -> Tag | None:
    """The box of form fields ``control`` stands in, inside a ``form`` kept for
    its content: its smallest ancestor below the form holding two fields or
    more (:func:`_is_field`), when that holds at most :data:`_CONTROL_BOX_CHARS`
    characters of text besides the controls', no sentence, no commenter's
    name (:data:`COMMENT_AUTHOR`) and no content (:data:`_CONTENT_IN_FORM`);
    else ``None``, and only the control goes. Its labels ("Your name:", "Friend's
    email:") ended the article when only the controls were removed."""
    for up in control.parents:
        if up is form or up.css.match(_CONTENT_IN_FORM) or up.select_one(_CONTENT_IN_FORM):
            return None
        said = squash(
            " ".join(
                str(s) for s in up.find_all(string=True) if s.find_parent(FORM_CONTROLS) is None
            )
        )
        # labels, not sentences nor names: a comment in markup the reader does
        # not know, with its "Reply" button, is no box of fields
        if (
            len(said) > _CONTROL_BOX_CHARS
            or re.search(r"[.!?…]", said)
            or _first(up, COMMENT_AUTHOR) is not None
        ):
            return None
        if len(up.find_all(_is_field)) >= 2:  # the smallest box of fields
            return up
    return None


def _is_field(tag: Tag) -> bool:
    """A form field someone fills in: a ``textarea``, a ``select``, an ``input``
    that is no button, hidden value or check box."""
    if tag.name in ("textarea", "select"):
        return True
    kind = str(tag.get("type") or "text").lower()
    return tag.name == "input" and kind not in {
        "hidden",
        "submit",
        "button",
        "image",
        "reset",
        "checkbox",
        "radio",
    }


def _mark_quoted_posts(soup: BeautifulSoup) -> None:
    """Note on each phpBB post what its first quote of another post names
    (:data:`QUOTED_POST`, :data:`QUOTED_USER`), before the quotes go as
    furniture: the post answers the quoted one (:func:`_references`). A quote
    inside a quote is the quoted post's own and names nothing here."""
    for quote in soup.select(PHPBB_QUOTE):
        post = quote.find_parent("div", class_="post")
        outer = quote.find_parent("blockquote")
        cite = quote.find("cite")
        if (
            post is None
            or (outer is not None and _within(outer, post))
            or cite is None
            or cite.find_parent("blockquote") is not quote
            or post.has_attr(QUOTED_POST)
            or post.has_attr(QUOTED_USER)
        ):
            continue
        for link in cite.find_all("a"):
            found = _POST_ANCHOR.search(str(link.get("href") or ""))
            number = squash(str(link.get("data-post-id") or ""))
            if found or number.isdigit():
                post[QUOTED_POST] = found[1] if found else f"p{number}"
                break
        said = _QUOTE_CITE.match(squash(cite.get_text(" ")))
        if said is not None:
            post[QUOTED_USER] = said["name"]


def _strip_furniture(soup: BeautifulSoup) -> None:
    for tag in soup.find_all(FURNITURE_TAGS):
        if tag.decomposed:
            continue
        if tag.name == "form" and _holds_content(tag):
            for control in tag.find_all(FORM_CONTROLS):
                if control.decomposed:
                    continue
                box = _control_box(control, tag)
                (box or control).decompose()
            tag.name = "div"  # a form's text is never read (``_text.INVISIBLE_TAGS``)
            continue
        tag.decompose()
    for tag in soup.select(", ".join(FURNITURE_SELECTORS)):
        if tag.decomposed:
            continue
        if tag.name in BLOCK_TAGS:  # a quote mid-post: the text around it stays apart
            tag.replace_with(soup.new_tag("p"))  # (it ran together: "I agreebut")
        tag.decompose()
    for tag in soup.find_all(_is_furniture):
        if not tag.decomposed:
            tag.decompose()


def _first(scope: Tag, selectors: tuple[str, ...], text_too: bool = True) -> Tag | None:
    """The first element matching the first selector that matches any (one search);
    without ``text_too``, none in the text of the comment ``scope`` (:func:`_in_text`)."""
    found: list[Tag] = list(scope.select(", ".join(selectors)))
    if not text_too:
        found = [t for t in found if not _in_text(t, scope)]
    if len(found) <= 1 or len(selectors) == 1:
        return found[0] if found else None
    for sel in selectors:
        for tag in found:
            if tag.css.match(sel):
                return tag
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
    node = scope.find("time") or _first(
        scope, (".entry-date", ".published:not(h1, h2, h3, h4, h5, h6)", ".date", ".post-date")
    )  # Substack's title is h1.post-title.published
    return squash(node.get_text(" ")) or None if node is not None else None


# ---------------------------------------------------------------------------
# comments


#: Elements holding what a commenter wrote, unless named as a comment's header:
#: a ``<cite>``, ``<time>``, ``<footer>`` or ``.name`` in them is text, not metadata.
_TEXT_BLOCKS = frozenset({"p", "blockquote", "pre", "q", "figure"})


def _in_text(tag: Tag, comment: Tag) -> bool:
    """Whether ``tag`` stands in the text of ``comment`` (in a paragraph, a quote…)
    rather than in its header: ``<p>Read <cite>Drug War Capitalism</cite></p>``."""
    for up in tag.parents:
        if up is comment or up is None:
            return False
        if up.name in _TEXT_BLOCKS and not up.css.match(_HEADER_PARTS):
            return True
    return False


def _find(node: Tag, *args: Any, **kwargs: Any) -> Tag | None:
    """``node.find(…)``, skipping elements in the comment's text (:func:`_in_text`)."""
    for tag in node.find_all(*args, **kwargs):
        if isinstance(tag, Tag) and not _in_text(tag, node):
            return tag
    return None


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
        self.post_number: str | None = None  # a forum's "#3"
        self.topic_post = False  # a Discourse ``.topic-post``
        self.named = True  # False: no author markup found, read as "anonymous" (W036)


def _comment_author(node: Tag) -> str:
    """The commenter's name, or ``""`` when the comment's markup names none."""
    tag = _first(node, COMMENT_AUTHOR, text_too=False)
    return "" if tag is None else _name_in(tag)


def _name_in(tag: Tag) -> str:
    """The name an author element gives, without a badge of its own ("Tom
    <span>Author</span>") or after it, nor the "says:" after it."""
    whole = squash(tag.get_text(" "))
    for part in tag.find_all(True):  # a badge of its own: "Tom <span>Author</span>"
        text = squash(part.get_text(" "))
        if BADGE_WORD.match(text) and text != whole:
            part.decompose()
    return without_badge(_SAID.sub("", squash(tag.get_text(" "))))


def _stamp(node: Tag) -> str | None:
    """A comment date without ``<time>``: schema.org, epoch attributes, tooltips, text."""
    tag = _find(node, True, itemprop=["dateCreated", "datePublished"])
    value = squash(str(tag.get("datetime") or tag.get("content") or "")) if tag else ""
    if value:
        return value
    for attr in ("data-time", "data-timestamp"):
        tag = _find(node, True, attrs={attr: EPOCH_DIGITS})
        if tag is not None:
            return epoch_iso(str(tag[attr]))
    tag = _find(node, class_=["time-ago", "relative-date", "age"], title=True) or _find(
        node, "abbr", title=True
    )
    if tag is not None and squash(str(tag["title"])):
        return squash(str(tag["title"]))
    tag = _find(node, class_=["datetime", "comment-time", "timestamp"])
    return squash(tag.get_text(" ")) or None if tag is not None else None


def _permalink_text(meta: Tag) -> str | None:
    """The date WordPress writes in ``.comment-meta`` as the comment's permalink
    (``<a href="…#comment-11">January 6, 2013 at 8:00 am</a>``).

    Older themes put the author there too (``<cite class="fn"><a href=
    "http://kim.example.com">Kim</a></cite>``): a link to ``#comment-…`` is
    the date, else the first link outside the author, else the text outside it.
    """
    links = [a for a in meta.find_all("a") if squash(a.get_text(" "))]
    link = next((a for a in links if _COMMENT_ANCHOR.search(str(a.get("href") or ""))), None)
    link = link or next((a for a in links if not _in_author(a, meta)), None)
    if link is not None:  # its tooltip when it gives the date in full ("May 2" → "May 2, 2023, …")
        title = squash(str(link.get("title") or ""))
        text = squash(link.get_text(" "))
        return title if _LOOSE_DATE.search(title) and len(title) > len(text) else text
    words = [str(s) for s in meta.find_all(string=True) if not _in_author(s, meta)]
    return _HEADER_WORDS.sub("", squash(" ".join(words))) or None


def _in_author(node: Any, scope: Tag) -> bool:
    """Whether ``node`` is or stands in the author part of a comment header ``scope``
    (phpBB's ``a.username`` is the name, not the date's link)."""
    if isinstance(node, Tag) and node is not scope and node.css.match(_AUTHOR_PARTS):
        return True
    for up in node.parents:
        if up is scope or up is None:
            return False
        if up.css.match(_AUTHOR_PARTS):
            return True
    return False


def _comment_date(node: Tag) -> str | None:
    meta = _first(
        node,
        (
            ".comment-meta",
            ".comment-metadata",
            ".commentmetadata",
            ".comment-date",
            ".comment-timestamp",
            ".comment__time",  # Drupal
            ".postbody .author",  # phpBB: "by <name> » Wed Jul 19, 2017 2:14 pm"
        ),
        text_too=False,
    )
    found = _date(meta) if meta is not None else None
    if found is None and meta is not None:
        found = _permalink_text(meta)
    if found:
        return found
    time = _find(node, "time", attrs={"datetime": True})
    if time is not None and squash(str(time["datetime"])):
        return squash(str(time["datetime"]))
    found = _stamp(node)
    if found:
        return found
    abbr = _find(node, "abbr", class_="published", title=True)
    if abbr is not None:
        return squash(str(abbr["title"]))
    tag = _find(node, "time") or _first(node, (".entry-date", ".published", ".date"), False)
    return squash(tag.get_text(" ")) or None if tag is not None else None


def _text_of(node: Tag, spans: Spans | None) -> tuple[str, SourceMap | None]:
    """The paragraphs of ``node`` and, given the page's ``spans``, their source map."""
    if spans is None:
        return html_paragraphs(node), None
    text, (starts, ends) = html_paragraphs_mapped(node, spans)
    return text, SourceMap.from_positions(text, starts, ends)


def _comment_text(node: Tag, spans: Spans | None = None) -> tuple[str, SourceMap | None]:
    """What the commenter wrote: the comment's text element, else its
    ``.comment-body`` (or the comment) without the header's parts, and without
    the bare "Says:" old WordPress themes print after the name (Kubrick:
    ``<cite>Carlos V.</cite> Says:``), which came out as a paragraph of its own."""
    content = _first(node, COMMENT_CONTENT)
    author = _first(node, COMMENT_AUTHOR, text_too=False)
    if content is not None and author is not None and _within(author, content):
        # a text element wrapping the header too: the text is its .comment-body
        # (Substack's table.comment-content), else the element without the
        # header; what stands outside it (a rating, a signature) is not what
        # the commenter wrote
        content = content.select_one(".comment-body") or content
        _strip_comment_header(content)
        if not author.decomposed and _within(author, content):
            author.decompose()
    if content is None:
        content = node.select_one(".comment-body") or node
        _strip_comment_header(content)
    return _text_of(content, spans)


def _strip_comment_header(content: Tag) -> None:
    """Take the header's parts (:data:`COMMENT_FURNITURE`: name, date, avatar…)
    out of a comment's text element ``content``, and the bare "Says:" old
    WordPress themes print after the name."""
    for tag in content.select(", ".join(COMMENT_FURNITURE)):
        if not tag.decomposed and not _in_text(tag, content):
            tag.decompose()
    for said in content.find_all(string=_SAID_ALONE):
        if said.parent is not None and said.parent.name not in _TEXT_BLOCKS:
            said.extract()


def _read_comment(node: Tag, parent: int | None, spans: Spans | None = None) -> _Comment:
    """Author, date and text of one comment element (its replies already detached)."""
    meta: dict[str, str] = {}
    anchor = node.get("id") or ""
    if anchor:
        meta["html_id"] = str(anchor)
    speaker = _comment_author(node)
    timestamp = _comment_date(node)
    text, source_map = _comment_text(node, spans)
    if TRACKBACK_EXCERPT.fullmatch(text) or REMOVED_COMMENT.fullmatch(text):
        # a trackback without its class (another blog's excerpt of this post) or what
        # a blog leaves of a deleted comment: no comment; its replies move up
        text, source_map = "", None
    comment = _Comment(speaker or "anonymous", text, timestamp, parent, meta, source_map)
    comment.named = bool(speaker)
    return comment


def _is_reply_container(tag: Tag) -> bool:
    return any(_REPLY_CONTAINER.fullmatch(c) for c in tag.get("class") or [])


def _structural_parent(block: Tag, index: dict[int, int]) -> int | None:
    """The comment ``block`` sits in, or the one just before the replies block it sits in."""
    for up in block.parents:
        if id(up) in index:
            return index[id(up)]
        if not _is_reply_container(up):
            continue
        before = up.find_previous_sibling(True)
        if before is None:
            continue
        if id(before) in index:
            return index[id(before)]
        inside = [t for t in before.find_all(True) if id(t) in index]
        if inside:  # a wrapper holding the comment: its last outermost one
            top = inside[-1]
            for wrapper in inside[-1].parents:
                if wrapper is before:
                    break
                if id(wrapper) in index:
                    top = wrapper
            return index[id(top)]
    return None


def _keys(block: Tag) -> tuple[set[str], str | None]:
    """The ids a reference may use for ``block``, and its post number in a forum topic."""
    keys: set[str] = set()
    for attr in ID_ATTRS:
        value = squash(str(block.get(attr) or ""))
        if value:
            keys |= _key_forms(value)
    number = squash(str(block.get("data-post-number") or ""))
    if not number:
        tag = block.find(True, attrs={"data-post-number": True})
        number = squash(str(tag["data-post-number"])) if tag is not None else ""
    if not number:  # vBulletin's "#1" (its ``li#post_88101`` holds the database's id)
        counter = block.select_one("a.postcounter")
        found = re.fullmatch(r"#?(\d+)", squash(counter.get_text())) if counter else None
        number = found[1] if found else ""
    if not number:
        tag = block if re.fullmatch(r"post_\d+", str(block.get("id") or "")) else None
        tag = tag or block.find(id=re.compile(r"^post_\d+$"))
        number = str(tag["id"])[5:] if tag is not None else ""
    return keys, number or None


def _references(block: Tag) -> tuple[list[str], list[str], list[str]]:
    """What ``block`` says it answers: ids, post numbers and names ("in reply to …")."""
    ids = [squash(str(block.get(a) or "")) for a in PARENT_ATTRS]
    ids = [v for v in ids if v and v != "0"]
    numbers: list[str] = []
    names: list[str] = []
    # a forum post quoting another (:func:`_mark_quoted_posts`): that post, else
    # the quoted user's latest earlier post
    ids += [squash(str(block.get(QUOTED_POST) or ""))] if block.get(QUOTED_POST) else []
    names += [squash(str(block.get(QUOTED_USER) or ""))] if block.get(QUOTED_USER) else []
    for marker in block.select(REPLY_MARKERS):
        href = str(marker.get("href") or "")
        if "#" in href and href.split("#", 1)[1]:
            ids.append(href.split("#", 1)[1])
        said = " ".join(
            [marker.get_text(" ")]
            + [str(marker.get(a) or "") for a in ("title", "aria-label", "data-reply-to")]
        )
        numbers += re.findall(r"\bpost\s*#?\s*(\d+)", said, flags=re.IGNORECASE)
        name = squash(marker.get_text(" "))
        name = re.sub(
            r"^(?:in\s+reply\s+to|replying\s+to|reply\s+to)\s*:?\s*", "", name, flags=re.I
        )
        img = marker.find("img", attrs={"title": True})
        name = name.lstrip("@").strip() or (squash(str(img["title"])) if img is not None else "")
        if name:
            names.append(name)
    return ids, numbers, names


def _key_forms(value: str) -> set[str]:
    """``value`` and, for ``comment-123``/``c123``/``post_123``, its number."""
    m = re.fullmatch(r"[A-Za-z_-]*?(\d+)", value)
    return {value, m.group(1)} if m else {value}


def _resolve(
    i: int,
    refs: tuple[list[str], list[str], list[str]],
    by_key: dict[str, int],
    by_number: dict[str, int],
    comments: list[_Comment],
) -> int | None:
    """The comment that comment ``i``'s references name, if it is on the page."""
    ids, posts, names = refs
    for ref in ids:
        hit = next(
            (by_key[k] for k in sorted(_key_forms(ref), key=len, reverse=True) if k in by_key), None
        )
        if hit is not None and hit != i:
            return hit
    for number in posts:
        hit = by_number.get(number)
        if hit is not None and hit != i:
            return hit
    for name in names:  # the latest earlier comment by that name
        folded = name.casefold()
        hit = next(
            (j for j in range(i - 1, -1, -1) if comments[j].speaker.casefold() == folded), None
        )
        if hit is not None:
            return hit
    return None


def _read_blocks(
    blocks: list[Tag],
    spans: Spans | None = None,
    read: Callable[[Tag, int | None, Spans | None], _Comment] = _read_comment,
) -> list[_Comment]:
    """Read comment elements (in page order) and work out who answers whom;
    ``read`` reads one (:func:`_read_comment`, or :func:`_read_loose_comment`
    for markup the reader does not know).

    A comment replies to the comment its element names (``data-parent-id``, an
    "in reply to" link or tab), else to the comment it sits in, else to the
    comment just before the replies block (``.children``, ``.replies``,
    ``.comment-replies``, ``.indented``…) it sits in, else to the article.
    """
    index = {id(b): i for i, b in enumerate(blocks)}
    structural = [_structural_parent(b, index) for b in blocks]
    for block in reversed(blocks):  # innermost first: each keeps only its own content
        block.extract()
    found = [(_keys(b), _references(b)) for b in blocks]
    comments = [read(b, p, spans) for b, p in zip(blocks, structural, strict=True)]
    by_key: dict[str, int] = {}
    by_number: dict[str, int] = {}
    for i, ((keys, number), _) in enumerate(found):
        for key in keys:
            by_key.setdefault(key, i)
        if number is not None:
            by_number.setdefault(number, i)
    for i, (c, ((_, number), refs)) in enumerate(zip(comments, found, strict=True)):
        c.post_number = number
        c.topic_post = _opens_topic_block(blocks[i])
        named = _resolve(i, refs, by_key, by_number, comments)
        if named is not None:
            c.parent = named
    _place_by_depth(blocks, comments)
    rooted: set[int] = set()  # comments whose chain of parents ends at the article
    for i in range(len(comments)):
        while i not in rooted:  # references going round in a circle: the markup decides
            chain = [i]
            up = comments[i].parent
            while up is not None and up not in rooted and up not in chain:
                chain.append(up)
                up = comments[up].parent
            if up is None or up in rooted:
                rooted.update(chain)
            else:  # a circle: its first comment answers a later one, by reference; undo that
                first = min(chain[chain.index(up) :])
                comments[first].parent = structural[first]  # earlier in the page: acyclic
    for block in blocks:
        block.decompose()
    return comments


def _group_definition_comments(soup: BeautifulSoup) -> None:
    """Wrap each comment of a definition-list comment block (:data:`DEFINITION_COMMENTS`)
    in a ``div.comment`` carrying the ``dt``'s id, so that it is read like any
    ``.comment``: the page used to give its article only, with W002.

    The ``dt`` and ``dd`` elements are moved, not copied, so their text keeps
    its place in the source (:func:`~._text.align_strings`).
    """
    for block in soup.select(DEFINITION_COMMENTS):
        group: Tag | None = None
        for child in list(block.children):
            if isinstance(child, Tag) and child.name == "dt":
                group = soup.new_tag("div", attrs={"class": "comment"})
                if child.get("id"):
                    group["id"] = str(child["id"])
                child.insert_before(group)
            if group is not None:
                group.append(child.extract())


#: An ASP.NET comment repeater's control in one of its items, by its client id:
#: ``ctl00_Main_rptComments_ctl01_lblAuthor`` (the "AutoID" ids of ASP.NET
#: 2–3.5, ``$`` or ``:`` in older pages) or ``rptComments_lblAuthor_0`` (the
#: "Predictable" ids of ASP.NET 4). The item is ``item`` (and ``n``).
_REPEATER_CONTROL = (
    re.compile(
        r"(?P<item>.*?rptComments[_$:]ctl\d+)[_$:](?:\w+[_$:])?(?P<control>[A-Za-z]\w*)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<item>.*?rptComments)_(?:\w+_)?(?P<control>[A-Za-z][A-Za-z0-9]*)_(?P<n>\d+)",
        re.IGNORECASE,
    ),
)
#: What a repeater control holds, by how its id ends ("lblAuthor", "hlUserName",
#: "lblPostedBy"; "lblDate", "lblCommentTime"; "lblBody", "lblComment",
#: "litCommentText"), as the class the comment reader knows it by.
_REPEATER_ROLES = (
    ("comment-author-name", ("author", "name", "user", "poster", "commenter", "by")),
    ("comment-date", ("date", "time", "posted", "postedon", "created", "timestamp")),
    ("comment-content", ("body", "comment", "text", "message", "msg", "content")),
)


def _mark_repeater_comments(soup: BeautifulSoup) -> None:
    """Give each item of an ASP.NET comment repeater (``…rptComments…`` ids)
    the class :data:`REPEATER_ITEM`, and its author, date and text controls
    (:data:`_REPEATER_ROLES`) the classes the comment reader knows, so that
    each is read like any comment: the repeater prints table rows (or
    ``div`` elements) whose only names are the controls' ids, and its
    comments were lost, or one read with "wrote on" as its text.

    An item is the smallest element holding all of its controls and none of
    another item's, a table cell's row rather than the cell; an item with no
    text control is none. Only classes are added: the text keeps its place
    in the source."""
    items: dict[str, list[tuple[str, Tag]]] = {}
    for tag in soup.find_all(id=re.compile("rptcomments", re.IGNORECASE)):
        if tag.name in ("img", "input", "script"):  # an avatar (imgAuthor), a field
            continue
        value = str(tag.get("id"))
        for pattern in _REPEATER_CONTROL:
            m = pattern.fullmatch(value)
            if m is None:
                continue
            control = m["control"].casefold()
            role = next((cls for cls, ends in _REPEATER_ROLES if control.endswith(ends)), None)
            if role is not None:
                key = m["item"] + (f"#{m['n']}" if "n" in m.groupdict() else "")
                items.setdefault(key.casefold(), []).append((role, tag))
            break
    owner = {id(tag): key for key, controls in items.items() for _, tag in controls}
    for key, controls in items.items():
        if not any(role == "comment-content" for role, _ in controls):
            continue
        item = _repeater_item([tag for _, tag in controls], key, owner)
        if item is None:
            continue
        for role, tag in controls:
            if tag is not item:
                _add_class(tag, role)
        _add_class(item, REPEATER_ITEM)


def _add_class(tag: Tag, name: str) -> None:
    """Give ``tag`` the class ``name`` besides its own."""
    tag["class"] = AttributeValueList([*(c for c in tag.get_attribute_list("class") if c), name])


def _repeater_item(controls: list[Tag], key: str, owner: dict[int, str]) -> Tag | None:
    """The element of one repeater item ``key`` holding its ``controls`` (see
    :func:`_mark_repeater_comments`), or ``None`` when the smallest one holds
    another item's controls too (an item spread over two table rows)."""
    first = controls[0]
    ancestors = [first, *first.parents]
    common = next(
        up for up in ancestors if all(c is up or any(p is up for p in c.parents) for c in controls)
    )

    def others(tag: Tag) -> bool:
        return any(owner.get(id(t), key) != key for t in tag.find_all(id=True))

    if others(common):
        return None
    item = common
    while item.name not in COMMENT_ELEMENTS:
        up = item.parent
        if up is None or up.name in ("table", "tbody", "body", "html") or others(up):
            return None
        item = up
    return item


_DEPTH = re.compile(r"depth-(\d+)")


def _place_by_depth(blocks: list[Tag], comments: list[_Comment]) -> None:
    """A comment that neither markup nor reference places but whose class gives
    its depth (WordPress' ``depth-2``, kept by flat, hand-made lists that indent
    replies with a margin) answers the comment before it one level up; where
    some comments carry a depth, one without is at the top level."""
    depths = [
        next((int(m[1]) for c in block.get("class") or [] if (m := _DEPTH.fullmatch(c))), None)
        or _indent_depth(block)
        for block in blocks
    ]
    if not any(depths):
        return
    latest: dict[int, int] = {}  # depth -> index of the latest comment at that depth
    for i, found in enumerate(depths):
        depth = found or 1
        if comments[i].parent is None and depth > 1 and depth - 1 in latest:
            comments[i].parent = latest[depth - 1]
        latest[depth] = i
        for deeper in [d for d in latest if d > depth]:
            del latest[deeper]


def _indent_depth(block: Tag) -> int | None:
    """The depth Hacker News gives a comment row: ``td.ind[indent=N]`` is depth N + 1."""
    cell = block.select_one("td.ind[indent]")
    found = re.fullmatch(r"\d+", str(cell["indent"]).strip()) if cell is not None else None
    return int(found[0]) + 1 if found else None


def _comment_items(soup: BeautifulSoup) -> list[Tag]:
    """The page's comment elements, by the first kind of markup that finds any."""
    lists = [el for el in soup.select(", ".join(COMMENT_LISTS)) if el.find_parent("li") is None]
    if lists:  # WordPress: the items of the list and of every .children list in it
        holders = set(map(id, lists))
        for el in lists:
            holders.update(id(c) for c in el.find_all(["ul", "ol"], class_="children"))
        return [
            li
            for li in soup.find_all("li")
            if id(li.parent) in holders
            and not {"pingback", "trackback"} & set(li.get("class") or [])
        ]
    bodies = {id(t) for t in soup.select(", ".join(ARTICLE_BODY))}
    sections = {id(t) for t in soup.select(", ".join(COMMENT_SECTION))}
    for sel in COMMENT_ITEMS:
        found = [t for t in soup.select(sel) if t.name in COMMENT_ELEMENTS]
        candidates = {id(t) for t in found}
        inside = [t for t in found if _in_body(t, bodies, sections, candidates)]
        named = [t for t in inside if _names_commenter(t)]
        if len(named) >= 2:
            boxes = {id(b): b for t in named if (b := _related_box(t, bodies)) is not None}
            for box in boxes.values():  # "You may also like": no comment, no text either
                box.decompose()
            if boxes:
                found = [t for t in found if not t.decomposed]
                inside = [t for t in inside if not t.decomposed]
                named = [t for t in named if not t.decomposed]
        if len(named) >= 2:  # a comment list the theme nests in the article's container
            inside = [t for t in inside if t not in named]
            heading = _comment_heading_before(named[0])
            if heading is not None:
                heading.decompose()
        items = [t for t in found if all(t is not other for other in inside)]
        if items:
            return items
    return []


_RELATED_BOX = re.compile(r"related|recommend|also|popular|promo|teaser|more-", re.IGNORECASE)


def _related_box(tag: Tag, bodies: set[int]) -> Tag | None:
    """The outermost related-posts or furniture box (``div.related-box``…) that
    holds ``tag`` inside the article's text container (one of ``bodies``, a set
    of ``id()``s), if any: a "You may also like" teaser styled ``div.comment``
    with an ``.author`` was read as a comment by "Editor"."""
    box: Tag | None = None
    for up in tag.parents:
        if id(up) in bodies:
            return box
        classes: list[str] = list(up.get("class") or [])
        if any(
            c in FURNITURE_CLASSES
            or c.startswith(FURNITURE_PREFIXES)
            # "more-comments", "popular-comments": the comments' own box
            or (_RELATED_BOX.search(c) and "comment" not in c.casefold())
            for c in classes
        ):
            box = up
    return None


def _names_commenter(tag: Tag) -> bool:
    """Whether the comment element ``tag`` names its commenter (:data:`COMMENT_AUTHOR`,
    outside its text): a ``div.comment`` pull quote in the article's text names nobody.

    A name (a ``<cite>`` most often) standing after a paragraph of text is a
    quote's source, not a commenter (the Kubrick theme's "<cite>Maria</cite>
    Says:" stands first): a pull quote
    "<p>We will not negotiate…</p><cite>Felipe Calderon</cite>" in the article
    was read as a comment, and the page's real comments were then lost."""
    author = _first(tag, COMMENT_AUTHOR, text_too=False)
    if author is None or not squash(author.get_text(" ")):
        return False
    for node in tag.descendants:
        if node is author:
            return True
        if isinstance(node, Tag) and node.name in ("p", "blockquote") and squash(node.get_text()):
            return False
    return True


def _comment_heading_before(first: Tag) -> Tag | None:
    """The comment heading ("3 Responses to …", "Comments") right before the
    comment element ``first``, with nothing but page furniture between them:
    over a comment list nested in the article's container, it would end the
    article's text."""
    for node in first.previous_elements:
        if isinstance(node, Tag) and node.name in _HEADINGS:
            text = squash(node.get_text(" "))
            return node if COMMENTS_HEADING.match(text) and not NO_COMMENTS.match(text) else None
        if (
            isinstance(node, NavigableString)
            and not isinstance(node, Comment)
            and squash(str(node))
            and node.find_parent(_HEADINGS) is None
            and not is_furniture(squash(str(node)))
        ):
            return None
    return None


def _in_body(tag: Tag, bodies: set[int], sections: set[int], comments: set[int]) -> bool:
    """Whether ``tag`` sits in the article's text (a ``div.comment`` pull quote
    in ``.entry-content``: in one of ``bodies``) rather than in a comment
    section (one of ``sections``) or in another comment (one of ``comments``);
    all are sets of ``id()``s of elements.

    A body container inside a comment is that comment's, not the article's:
    Disqus wraps each post in ``div.post-content`` and may put the replies
    list inside it, and those replies are comments, not article text.
    """
    for up in tag.parents:
        if id(up) in sections or id(up) in comments:
            return False
        if id(up) in bodies:
            return not any(id(a) in comments for a in up.parents)
    return False


def _comments(soup: BeautifulSoup, spans: Spans | None = None) -> tuple[list[_Comment], list[Tag]]:
    """All comments in page order, and remove the comment section from the page.

    When no comment markup the reader knows is found, the comment sections
    (:data:`COMMENT_SECTION`: ``#comments``…) are taken out of the page and
    returned, for :func:`_comments_under_heading` to read: they were deleted,
    with every comment in them, and the page said only W002."""
    lists = [el for el in soup.select(", ".join(COMMENT_LISTS)) if el.find_parent("li") is None]
    section = None
    if lists:
        section = lists[0].find_parent(
            lambda t: t.get("id") == "comments" or "comments-area" in (t.get("class") or [])
        )
    _group_definition_comments(soup)
    comments = _read_blocks(_comment_items(soup), spans)
    for el in lists:
        if not el.decomposed:
            el.decompose()
    if section is not None and not section.decomposed:
        section.decompose()
    sections: list[Tag] = []
    for sel in COMMENT_SECTION:
        for tag in soup.select(sel):
            if tag.decomposed or any(up is s for s in sections for up in tag.parents):
                continue
            if comments:
                tag.decompose()
            else:
                sections.append(tag.extract())
    return comments, sections


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
#: The page's own parts after a comment section: removed with it, never counted
#: as comments left unread.
_PAGE_PARTS = frozenset({"footer", "aside", "header", "nav"})


#: What a ``<title>`` puts between the post's title and the site's name.
_TITLE_PARTS = re.compile(r"\s+[-|–—»:·]\s+|:\s+")


def _title_key(text: str) -> str:
    """``text`` as compared with the page's title: no quotes, case or spacing."""
    return squash(text.strip(" \"'“”‘’«»")).casefold()


def _page_titles(soup: BeautifulSoup) -> set[str]:
    """The page's title as a heading may repeat it: its ``<title>`` and each part
    of it ("Five thoughts on the drug war - Drug War Blog"), ``og:title`` and
    its ``h1`` headings."""
    found = [_meta_content(soup, "og:title")]
    if soup.title is not None:
        whole = squash(soup.title.get_text(" "))
        found += [whole, *_TITLE_PARTS.split(whole)]
    found += [squash(h.get_text(" ")) for h in soup.find_all("h1")]
    return {_title_key(t) for t in found if t and t.strip()}


def _after_the_text(soup: BeautifulSoup, heading: Tag) -> bool:
    """Whether a good part of the page's text (a third) comes before ``heading``:
    a page read from its ``<body>`` puts its comments after the article's text,
    which may be shorter than the comments under it, but not much shorter."""
    root = soup.body or soup
    before = after = 0
    for node in heading.find_all_previous(string=True):
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            if (
                root in node.parents
                and node.parent is not None
                and node.parent.name
                not in {
                    "script",
                    "style",
                }
            ):
                before += len(node.strip())
    for node in heading.find_all_next(string=True):
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            if node.parent is not None and node.parent.name not in {"script", "style"}:
                after += len(node.strip())
    return 2 * before >= after


# ---------------------------------------------------------------------------
# comments in markup the reader does not know (under a comment heading)

#: Elements that may be one comment of a comment section the reader does not know.
_LOOSE_COMMENT_TAGS = frozenset({"div", "li", "article", "section", "tr"})
_TEXT_BLOCK_NAMES = sorted(_TEXT_BLOCKS)
#: A part of a class (or ``itemprop``) naming a commenter, between hyphens or
#: underscores: ``.user``, ``.username``, ``.postauthor``, ``.comment__author``,
#: ``.nick``, ``.post-byline``; "name" only as the class's last part
#: (``.commento-name``, ``.display-name``, not Drupal's ``.field--name-comment-body``).
_NAMING_PART = re.compile(
    r"(?:post|comment|display|screen|full|real)?(?:user|author|nick|commenter|poster|byline)"
    r"(?:name)?"
)
_LAST_NAMING_PART = re.compile(r"(?:user|nick|author|display|screen|full|real)?name")
#: A part of a class (or ``itemprop``) saying the element holds the comment's
#: text, as its last part: ``.user-content``, ``.comment-body``, ``.message-text``.
_TEXT_PART = re.compile(r"body|content|contents|text|message|msg")


def _class_parts(node: Tag) -> list[list[str]]:
    """The parts of each class and ``itemprop`` of ``node``, lower case:
    ``field--name-comment-body`` gives ``field``, ``name``, ``comment``, ``body``."""
    labels = [*(node.get("class") or []), *str(node.get("itemprop") or "").split()]
    return [[p for p in re.split(r"[-_]+", label.casefold()) if p] for label in labels]


#: A part of a class after a naming part saying the element holds something
#: else of the commenter's: ``.user-rank`` ("Newbie"), ``.author-avatar``.
_NOT_NAME_PART = re.compile(r"ranks?|titles?|badges?|avatars?|flairs?|stats?")


def _naming_parts(parts: list[str]) -> bool:
    """Whether the parts of one class name a commenter (:data:`_NAMING_PART`),
    not followed by a part saying it holds their rank, badge… (:data:`_NOT_NAME_PART`)."""
    return any(
        _NAMING_PART.fullmatch(p)
        and not (k + 1 < len(parts) and _NOT_NAME_PART.fullmatch(parts[k + 1]))
        for k, p in enumerate(parts)
    ) or bool(parts and _LAST_NAMING_PART.fullmatch(parts[-1]))


def _rank_class(node: Tag) -> bool:
    """Whether a class of ``node`` says it holds the commenter's rank, badge…
    (:data:`_NOT_NAME_PART` after a naming part): ``user-rank``, ``author-badge``."""
    return any(
        _NAMING_PART.fullmatch(p) and _NOT_NAME_PART.fullmatch(q)
        for parts in _class_parts(node)
        for p, q in pairwise(parts)
    )


def _naming_class(node: Tag) -> bool:
    """Whether a class (or ``itemprop``) of ``node`` says it holds a commenter's
    name (:func:`_naming_parts`), whole parts only: ``user-content`` holds text,
    ``user-rank`` a rank."""
    return any(_naming_parts(parts) for parts in _class_parts(node))


def _text_class(node: Tag) -> bool:
    """Whether a class (or ``itemprop``) of ``node`` says it holds the comment's
    text: its last part is one of :data:`_TEXT_PART` (``user-content``,
    ``field--name-comment-body``, ``itemprop="text"``) and no part before it
    names the commenter, "user" aside (``author-text`` holds a name); a
    style's ``text-muted`` on a name says nothing of the kind."""
    return any(
        parts
        and _TEXT_PART.fullmatch(parts[-1])
        and not any(p != "user" and _NAMING_PART.fullmatch(p) for p in parts[:-1])
        for parts in _class_parts(node)
    )


#: Elements that hold only a commenter's name in hand-made markup: a name
#: link, ``<cite>``, ``<strong>``…, before any text of the comment.
_NAME_TAGS = ("cite", "strong", "b", "a", "h2", "h3", "h4", "h5", "h6", "dt", "span")
#: A date as comment headers write it: "June 3, 2016", "3 June 2016",
#: "03/06/2016", "2016-06-03", "2 hours ago", "Yesterday at 9:40 PM"; "hace 2
#: horas", "há uma hora", "il y a 3 jours", "vor 2 Stunden" (:data:`~._markers.OTHER_AGO`);
#: "ayer", "hier à 21h40", "gestern" only as the whole text, a closing bracket
#: aside ("Carla (ayer)"): :data:`~._markers.OTHER_DAY`, as "Hier soir j'ai lu …"
#: is a sentence.
_LOOSE_DATE = re.compile(
    rf"\b{MONTH}\s+\d|\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:de\s+)?(?:{MONTH}|{OTHER_MONTH})(?:\s|,|$)"
    r"|\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b"
    r"|\b(?:\d+|an?|one)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|hours?|hrs?|days?|weeks?|months?"
    r"|years?|yrs?)\s+ago\b|\b(?:yesterday|today)\b"
    rf"|\b{OTHER_AGO}(?!\w)|^\s*{OTHER_DAY}(?=\s*(?:\)\s*)?$)",
    re.IGNORECASE,
)
#: What a header puts around its date: "· ", "Posted: ", "wrote on", "| ".
_DATE_FRAME = re.compile(
    r"^[\s·•|,:–—-]*(?:(?:posted|published|written|submitted|says|said|wrote|commented)"
    r"(?:\s+(?:on|at))?\s*(?::|\.{2,}|…)?\s*)?|[\s·•|,:–—-]+$",
    re.IGNORECASE,
)
#: A commenter's name is short: a few words, no sentence.
_NAME_CHARS = 40
_NAME_WORDS = 5


def _loose_name(text: str) -> bool:
    """Whether ``text`` may be a commenter's name: short, few words, no date, no
    sentence (a name may end with an initial: "Tina P."), no page furniture."""
    return (
        0 < len(text) <= _NAME_CHARS
        and len(text.split()) <= _NAME_WORDS
        and not _LOOSE_DATE.search(text)
        and not re.search(r"[!?;]|\w{3,}\.$", text)
        and not is_furniture(text)
    )


#: Words after a name found by its tag within which a name class may still follow
#: ("Re: legalization by <span class='author'>Ana</span>", "Top comment · Ana").
_HEADER_WORD_COUNT = 4

#: A comment's header as one line of text, in an element like the text's own
#: (``<div>Ana — 3 May 2012</div><div>text…</div>``): the name, a separator or
#: "wrote"/"said"…, then the date (:func:`_name_date_line`).
_NAME_DATE_LINE = re.compile(
    r"(?P<name>.+?)\s*(?:[—–·•|,(]\s*|\s-\s*"
    r"|(?=\b(?:wrote|said|says|posted|commented)\b))(?P<date>.+)",
    re.IGNORECASE,
)
#: A weekday before a date ("Wed Jul 19, 2017"), and what may follow a date's
#: day and month: the rest of it and a time ("rd, 2012 at 9:14 am", " 8:14:00 AM").
_WEEKDAY = re.compile(r"(?:on\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?", re.I)
_DATE_REST = re.compile(
    r"(?:[\s,–-]+|de\b|\d{1,4}|[:.]\d{2}|(?:st|nd|rd|th)\b|(?:at|@)(?=\s)|[ap]\.?m\.?|utc|gmt"
    r"|[+-]\d{2}:?\d{2})*\)?",
    re.IGNORECASE,
)


def _name_date_line(text: str) -> tuple[str, str] | None:
    """The name and date of a header written as one line, ``text``: "Ana — 3 May
    2012", "Bruno, 4 May 2012", "Carla wrote on 5 May 2012:", "Tina P. · 2
    hours ago"; ``None`` unless the part before reads as a name
    (:func:`_loose_name`) and the part after as a date and nothing else, so a
    comment's first sentence ("Well, 2 years ago I was arrested") is none."""
    m = _NAME_DATE_LINE.fullmatch(text)
    if m is None:
        return None
    name = m["name"].strip()
    date = _DATE_FRAME.sub("", m["date"]).strip()
    found = _LOOSE_DATE.search(date)
    if (
        found is None
        or not _loose_name(name)
        or _WEEKDAY.fullmatch(date[: found.start()]) is None
        or _DATE_REST.fullmatch(date[found.end() :]) is None
    ):
        return None
    return name, date.removesuffix(")").rstrip()


def _loose_author(block: Tag) -> Tag | None:
    """The element naming the commenter in ``block``, markup the reader does not
    know: the first element whose class says it holds a name (:func:`_naming_class`),
    else a name link, ``cite``, ``strong``… standing before any text of the
    comment, holding a short name (:func:`_loose_name`), or any element there
    holding the name and a date as one line (:func:`_name_date_line`: "<div>Ana
    — 3 May 2012</div>", a header in an element like the text's); not in the text,
    neither holding a paragraph nor classed as text (:func:`_text_class`): a
    short comment in ``div.user-content`` is no name. Once a name element is
    found by its tag, a name class may still follow within a header's few words
    (:data:`_HEADER_WORD_COUNT`: "<strong>Re: legalization</strong> by <span
    class='author'>"); the search ends after them, at a paragraph or at an
    element of the block's own kind (a nested reply): no reading of a thread."""
    named: Tag | None = None
    text_seen = False  # text of the block before the element: a name comes first
    in_text: set[int] = set()  # elements whose inside is text (:func:`_in_text`), one step each
    in_name: set[int] = set()  # what the name element holds
    words_after = 0  # words after a name found by its tag: a header's few, then text
    own = _signature(block)
    for node in block.descendants:
        if isinstance(node, NavigableString):
            if not isinstance(node, Comment) and node.strip():
                if named is not None and id(node) not in in_name:
                    # a title may stand before the name class ("<strong>Re: …</strong>
                    # by <span class='author'>"): look on through a header's words
                    words_after += len(node.split())
                    if words_after > _HEADER_WORD_COUNT:
                        break  # the comment's text: the header is behind
                text_seen = True
            continue
        if not isinstance(node, Tag):
            continue
        if named is not None and (node.name in _TEXT_BLOCKS or _signature(node) == own):
            break  # the comment's text, or a reply: a name element after it is a reply's
        if id(node.parent) in in_text or (
            node.name in _TEXT_BLOCKS and not node.css.match(_HEADER_PARTS)
        ):
            in_text.add(id(node))
            if id(node.parent) in in_text:
                continue
        naming = _naming_class(node)
        first = named is None and not text_seen  # nothing of the comment before it
        if (
            (naming or (first and node.name in _NAME_TAGS))
            and _loose_name(squash(node.get_text(" ")))
            and not _text_class(node)
            and (node.find(_TEXT_BLOCK_NAMES) is None or _name_link(node))
        ) or (
            first  # a header line in an element like the text's: "<div>Ana — 3 May 2012</div>"
            and not _text_class(node)
            and node.find(_TEXT_BLOCK_NAMES) is None
            and _name_date_line(squash(node.get_text(" "))) is not None
        ):
            if naming:
                return node
            named = node
            in_name = {id(part) for part in named.descendants}
    return named


def _name_link(node: Tag) -> bool:
    """Whether ``node`` is a link holding the name in a paragraph of its own and
    nothing else (Medium: ``<a href="/@kfield"><p>Kate Field</p></a>``): a
    name, though it holds a paragraph."""
    blocks = node.find_all(_TEXT_BLOCK_NAMES)
    return (
        node.name == "a"
        and len(blocks) == 1
        and squash(blocks[0].get_text(" ")) == squash(node.get_text(" "))
    )


def _loose_header(block: Tag, author: Tag) -> Tag:
    """The author's header in ``block``: the largest element around the author
    element that holds no paragraph of text (a ``div`` holding the name and
    the date; Medium writes both as paragraphs, the name's in its link: those
    are the header's), else the author element itself."""
    header = author
    for up in author.parents:
        if up is block or up is None:
            break
        if any(  # stops at the first paragraph of text: no reading of a thread
            isinstance(p, Tag)
            and p.name in _TEXT_BLOCKS
            and not _within(p, author)
            and not _date_text(p)
            for p in up.descendants
        ):
            break
        if len(squash(up.get_text(" "))) > 2 * _NAME_CHARS + 40:
            break
        header = up
    return header


#: Elements a comment's header line is made of, beside the name: a title, "by", a date.
_HEADER_LINE_TAGS = frozenset({*_NAME_TAGS, "em", "i", "small", "time", "br"})


def _header_line(author: Tag) -> list[PageElement]:
    """What stands before ``author`` on its line when the line opens its parent: a
    title and "by" or "·" ("<strong>Re: legalization</strong> by <span
    class='author'>"), inline elements and words only, no more than
    :data:`_HEADER_WORD_COUNT` words before the name as :func:`_loose_author`
    looks; else nothing."""
    line = list(author.previous_siblings)
    for part in line:
        if isinstance(part, Tag) and (
            part.name in _TEXT_BLOCKS
            or part.find(_TEXT_BLOCK_NAMES) is not None
            or part.name not in _HEADER_LINE_TAGS
        ):
            return []
    text = squash(" ".join(p.get_text(" ") if isinstance(p, Tag) else str(p) for p in line))
    return line if 0 < len(text.split()) <= _HEADER_WORD_COUNT + 6 else []


#: A date that is not the comment's: a forum's "Joined: 12 Jan 2012" beside the name.
_NOT_THE_DATE = re.compile(r"^\s*(?:joined|member since|registered|posts)\b", re.IGNORECASE)


def _within(node: PageElement, other: Tag) -> bool:
    """Whether ``node`` is ``other`` or stands in it (by identity: equal markup
    elsewhere is another element)."""
    return node is other or any(up is other for up in node.parents)


def _date_text(tag: Tag) -> str | None:
    """The date an element gives, if it reads as one: its ``datetime`` or
    ``title`` (Commento's "2 years ago" titled with the full date), else its
    text without "Posted:", "wrote on" and the like."""
    for attr in ("datetime", "title"):
        value = squash(str(tag.get(attr) or ""))
        if value and _LOOSE_DATE.search(value):
            return value
    text = _DATE_FRAME.sub("", squash(tag.get_text(" ")))
    if len(text) > 2 * _NAME_CHARS or _NOT_THE_DATE.match(text):
        return None
    return text if _LOOSE_DATE.search(text) else None


def _loose_date(block: Tag, header: Tag, author: Tag) -> tuple[str | None, Tag | None]:
    """A comment's date in markup the reader does not know, where no known date
    markup gives one (:func:`_comment_date`), and the element to remove with
    it: the innermost element of its header reading as a date, else the date text of the header
    beside the name ("<b>Tina P.</b> · June 3, 2016"), else the innermost
    element outside the header and the text reading as a date ("Posted: Wed
    Jul 19, 2017 2:14 pm")."""
    best = _innermost_date(header, lambda t: _within(t, author) or _within(author, t))
    if best is not None:
        return best
    words = [str(t) for t in header.find_all(string=True) if not _within(t, author)]
    rest = _DATE_FRAME.sub("", squash(" ".join(words)))
    if _LOOSE_DATE.search(rest) and len(rest) <= 2 * _NAME_CHARS and not _NOT_THE_DATE.match(rest):
        return rest, None
    best = _innermost_date(
        block,
        lambda t: (
            _within(t, header)
            or _within(header, t)
            or _in_text(t, block)
            or t.find(_TEXT_BLOCK_NAMES) is not None
        ),
    )
    return best or (None, None)


def _innermost_date(scope: Tag, skip: Callable[[Tag], bool]) -> tuple[str, Tag] | None:
    """The first element in ``scope`` reading as a date (:func:`_date_text`), or
    the innermost such element in it, with its date; elements ``skip`` names aside."""
    best: tuple[str, Tag] | None = None
    for tag in scope.find_all(True):
        if best is not None and not _within(tag, best[1]):
            break
        if skip(tag):
            continue
        value = _date_text(tag)
        if value:
            best = (value, tag)
    return best


def _read_loose_comment(node: Tag, parent: int | None, spans: Spans | None = None) -> _Comment:
    """Author, date and text of a comment element in markup the reader does not
    know (:func:`_loose_blocks`): its header (name, date) and buttons ("Reply",
    "Like · Reply") are not its text."""
    meta: dict[str, str] = {}
    if node.get("id"):
        meta["html_id"] = str(node["id"])
    author = _loose_author(node)
    speaker = ""
    timestamp = _comment_date(node)
    if author is not None:
        header = _loose_header(node, author)
        stamp = None
        line = _name_date_line(squash(author.get_text(" ")))  # "Ana — 3 May 2012"
        if timestamp is None and line is not None:
            timestamp = line[1]
        elif timestamp is None:
            timestamp, stamp = _loose_date(node, header, author)
        speaker = without_badge(line[0]) if line is not None else _name_in(author)
        title = _header_line(header) if header is author else []
        for tag in (stamp, header):
            if tag is not None and not tag.decomposed:
                tag.decompose()
        for part in title:  # "<strong>Re: legalization</strong> by": the header's line
            part.extract()
    for tag in node.find_all(True):
        if tag.decomposed or _in_text(tag, node) or tag.find(_TEXT_BLOCK_NAMES) is not None:
            continue
        text = squash(tag.get_text(" "))
        if text and is_furniture(text) and not AMBIGUOUS_FURNITURE.match(text):
            tag.decompose()  # "Reply", "Like · Reply · Report", "Permalink"
        elif author is not None and _rank_class(tag):
            tag.decompose()  # the commenter's rank beside the name: "Newbie"
        elif tag.name in _HEADINGS and any(
            _COMMENT_ANCHOR.search(str(a.get("href") or "")) for a in tag.find_all("a")
        ):
            tag.decompose()  # Drupal's subject line, a permalink: the text's first words
    text, source_map = _comment_text(node, spans)
    if REMOVED_COMMENT.fullmatch(text):
        text, source_map = "", None
    comment = _Comment(speaker or "anonymous", text, timestamp, parent, meta, source_map)
    comment.named = bool(speaker)
    return comment


def _signature(tag: Tag) -> tuple[str, str]:
    """What repeated comment elements share: the element and its first class,
    digits aside (phpBB's alternating ``tr.row1``/``tr.row2``)."""
    classes = list(tag.get("class") or [])
    return tag.name, re.sub(r"\d+", "", classes[0]) if classes else ""


def _holds_loose_comment(tag: Tag) -> bool:
    """Whether ``tag`` may be a comment in markup the reader does not know: an
    element that may be one (:data:`_LOOSE_COMMENT_TAGS`) holding an author
    element (:func:`_loose_author`) and text beyond its header."""
    if tag.name not in _LOOSE_COMMENT_TAGS:
        return False
    author = _loose_author(tag)
    if author is None:
        return False
    in_header = {id(node) for node in _loose_header(tag, author).descendants}
    return any(  # stops at the first word beyond the header: no reading of a whole thread
        isinstance(node, NavigableString)
        and not isinstance(node, Comment)
        and node.strip()
        and id(node) not in in_header
        for node in tag.descendants
    )


def _wraps_comments(blocks: list[Tag], others: dict[tuple[str, str], list[Tag]]) -> bool:
    """Whether ``blocks`` (elements of one kind, in page order) only wrap comments
    of another kind (``others``, by signature): one of them holds two or more
    elements of one other kind outside the blocks nested in it (its replies),
    and its author element (:func:`_loose_author`) stands in the first of them
    (a thread's ``div`` holding a comment and its replies). A comment holding
    a list of its own (its author outside the list) is no wrapper."""
    mine = {id(b) for b in blocks}
    nearest: dict[int, Tag | None] = {}  # element -> the block of ``blocks`` it stands in

    def block_of(tag: Tag) -> Tag | None:
        path: list[Tag] = []
        found: Tag | None = None
        up = tag.parent
        while up is not None:
            if id(up) in nearest:
                found = nearest[id(up)]
                break
            if id(up) in mine:
                found = up
                break
            path.append(up)
            up = up.parent
        for step in path:  # each element is walked once: linear however deep the nesting
            nearest[id(step)] = found
        return found

    for found in others.values():
        held: dict[int, list[Tag]] = {}
        for tag in found:
            block = block_of(tag)
            if block is not None:
                held.setdefault(id(block), []).append(tag)
        for block in blocks:
            inner = held.get(id(block), [])
            author = _loose_author(block) if len(inner) >= 2 else None
            if author is not None and _within(author, inner[0]):
                return True
    return False


def _loose_blocks(parts: list[Tag]) -> list[Tag]:
    """The comments of a comment section in markup the reader does not know:
    the elements under a comment heading (``parts``, in page order) that each
    hold an author element and text (:func:`_holds_loose_comment`), of the
    outermost kind (same element and class) that recurs, side by side or one
    in another (a list in a comment's text is no comment), with every element
    of that kind inside (replies, nested or in a block after their comment).
    A kind that only wraps comments of another (:func:`_wraps_comments`) gives
    way to it; a lone such element is taken when no kind recurs. ``[]`` when
    there is none. Each element is looked at once, however deep the replies
    are nested: a wrapper read as one comment merged its replies into it."""
    holders: dict[tuple[str, str], list[Tag]] = {}  # by signature, in page order
    order: dict[int, int] = {}
    for part in parts:
        for tag in [part, *part.find_all(True)]:
            order[id(tag)] = len(order)
            if _holds_loose_comment(tag):
                holders.setdefault(_signature(tag), []).append(tag)
    kinds = [s for s, found in holders.items() if len(found) >= 2] or list(holders)
    while kinds:
        outer = min(kinds, key=lambda s: order[id(holders[s][0])])
        kinds.remove(outer)
        if not _wraps_comments(holders[outer], {s: holders[s] for s in kinds}):
            return holders[outer]
    return []


class _UnderHeading(NamedTuple):
    """A comment section in markup the reader does not know (:func:`_comments_under_heading`)."""

    heading: str
    comments: list[_Comment]  # read by :func:`_loose_blocks`, else none
    left: list[str]  # the paragraphs left out when none was read (W035)
    blocks: int  # the elements they stood in


def _comments_under_heading(
    soup: BeautifulSoup, spans: Spans | None = None
) -> _UnderHeading | None:
    """Take a comment section whose markup the reader does not know out of the
    page, and read what comments it can of it.

    Called when no comment markup was found: the first heading over comments
    ("Reader comments (2)", "23 Comments", "3 Responses to …", "Comments",
    "Leave a Reply"; not above the article's text) and all that follows it
    are removed, so that the comments do not end up in the
    article (a page falling back to its ``<body>`` read them as the author's
    words). Under it, repeated elements each holding a commenter's name and
    text are read as comments (:func:`_loose_blocks`, :func:`_read_loose_comment`);
    where there are none, the paragraphs removed that are not page furniture
    are returned, for warning W035. ``None`` when there is no such heading,
    or nothing but furniture under it. A heading inside the article's text
    container is taken only when such comments follow it and no heading after
    the article has comments under it, and then with what follows it in that
    container: some themes nest the comment list there (its comments were the
    article's last paragraphs); over anything else it is the article's own
    heading, and an in-article "Reader comments" box is the article's text.
    """
    order = {id(t): k for k, t in enumerate(soup.find_all(True))}
    bodies = soup.select(", ".join(ARTICLE_BODY))
    last_body = max((order[id(t)] for t in bodies), default=-1)
    body_ids = {id(t) for t in bodies}
    titles = _page_titles(soup)
    # in-body headings over comments, kept for when no later heading has any: an
    # in-article "Reader comments" box won over the real "23 Comments" section
    in_body: list[tuple[Tag, str, list[PageElement]]] = []
    for heading in soup.find_all(_HEADINGS):
        text = squash(heading.get_text(" "))
        if (
            heading.name == "h1"  # the page's title ("Five thoughts on the drug war")
            or _title_key(text) in titles
            or not (COMMENTS_HEADING.match(text) or REPLY_FORM_HEADING.match(text))
            or NO_COMMENTS.match(text)
            or text.casefold() == "discussion"  # an article's section as often as not
            or order[id(heading)] < last_body  # the article's text comes after it
        ):
            continue
        counted = COUNTED_HEADING.match(text)
        if counted and (
            _title_key(counted["about"]) not in titles  # "Two responses to the critics"
            or (not bodies and not _after_the_text(soup, heading))
        ):
            continue
        body = next((up for up in heading.parents if id(up) in body_ids), None)
        following: list[PageElement] = []
        node: Tag = heading
        while True:  # what comes after the heading, at its level and at each level up
            following += list(node.next_siblings)
            parent = node.parent
            if parent is None or parent is soup or parent.name in {"body", "html"}:
                break
            if parent is body:  # a comment list nested in the article's container
                break
            node = parent
        loose = _loose_blocks(
            [t for t in following if isinstance(t, Tag) and t.name not in _PAGE_PARTS]
        )
        if body is not None:
            if loose:  # taken only if no heading after the article has comments
                in_body.append((heading, text, following))
            continue  # else a heading of the article's text, over no comments: its text
        if in_body and not loose:
            continue
        heading.decompose()
        return _read_region(text, following, spans)
    if in_body:
        heading, text, following = in_body[0]
        heading.decompose()
        return _read_region(text, following, spans)
    return None


def _read_section(sections: list[Tag], spans: Spans | None) -> _UnderHeading | None:
    """What :func:`_comments_under_heading` gives for comment sections already
    taken out of the page (``#comments``, ``.comments``…, :func:`_comments`),
    under their first heading, else under the section's name."""
    first = next((h for s in sections for h in s.find_all(_HEADINGS)), None)
    if first is not None:
        label = squash(first.get_text(" "))
        first.decompose()
    else:
        top = sections[0]
        label = f"#{top['id']}" if top.get("id") else "." + ".".join(top.get("class") or [])
    return _read_region(label, [c for s in sections for c in list(s.children)], spans)


def _read_region(
    heading: str, following: list[PageElement], spans: Spans | None
) -> _UnderHeading | None:
    """The comments read in what stands under a comment ``heading`` in markup
    the reader does not know (:func:`_loose_blocks`), else the paragraphs
    left out, for W035; ``None`` when there is nothing but furniture. Every
    part of ``following`` is taken out of the page."""
    left: list[str] = []
    holders: list[PageElement] = []  # the parts holding text that is no furniture
    for part in following:
        found: list[str] = []
        if isinstance(part, Tag) and part.name not in _PAGE_PARTS:
            found = html_paragraphs(part).split("\n\n")
        elif isinstance(part, NavigableString) and not isinstance(part, Comment):
            found = [squash(str(part))]
        found = [p for p in found if p and not is_furniture(p)]
        if found:
            holders.append(part)
        left += found
        part.extract()
    tags = [t for t in following if isinstance(t, Tag) and t.name not in _PAGE_PARTS]
    comments = _read_blocks(_loose_blocks(tags), spans, _read_loose_comment)
    if any(c.text for c in comments):
        return _UnderHeading(heading, comments, [], 0)
    while len(holders) == 1 and isinstance(holders[0], Tag):  # a wrapper: count inside it
        inner = [t for t in holders[0].find_all(True, recursive=False) if squash(t.get_text())]
        if len(inner) < 2:
            break
        holders = list(inner)
    return _UnderHeading(heading, [], left, len(holders)) if left else None


# ---------------------------------------------------------------------------
# the article


def _site_name(soup: BeautifulSoup) -> str:
    tag = _first(soup, (".site-title", "#site-title", "#blog-title"))
    return _meta_content(soup, "og:site_name") or (squash(tag.get_text(" ")) if tag else "")


def _title(soup: BeautifulSoup, post: Tag | None, site: str) -> str | None:
    """The post's title (see the module docstring): its ``h1``/``.entry-title``,
    ``og:title``, its own heading above its text, else ``<title>`` without the
    site name (:func:`_title_from_tag`)."""
    selectors = ("h1.entry-title", ".entry-title", ".post-title", ".threadtitle", "h1")
    found = [
        t  # without a post, an h1 in a forum's banner or naming the site is the site's name
        for t in (post or soup).select(", ".join(selectors))
        if post is not None or not _names_site(t, site)
    ]
    tag = next((t for sel in selectors for t in found if t.css.match(sel)), None)
    if tag is None and post is not None:
        tag = _first(soup, ("h1.entry-title", ".entry-title"))
    if tag is not None and squash(tag.get_text(" ")):
        return squash(tag.get_text(" "))
    og = _meta_content(soup, "og:title")
    if og:
        return og
    own = _post_heading(post)
    if own:
        return own
    if soup.title is None or not squash(soup.title.get_text(" ")):
        return None
    return _title_from_tag(soup, squash(soup.title.get_text(" ")), site)


def _post_heading(post: Tag | None) -> str:
    """The heading (``h1``–``h3``) the post has above its text: old WordPress
    themes (Kubrick) title a post with a bare ``<h2>`` in ``div.post``, and their
    ``<title>`` starts with the blog's name ("Drug War Blog » Blog Archive » …").
    Headings in the post's text are subheadings, not its title."""
    body = _first(post, ARTICLE_BODY) if post is not None else None
    if post is None or body is None:
        return ""
    for node in post.descendants:
        if node is body:
            return ""
        if isinstance(node, Tag) and node.name in {"h1", "h2", "h3"}:
            text = squash(node.get_text(" "))
            if text:
                return text
    return ""


def _title_from_tag(soup: BeautifulSoup, title: str, site: str) -> str:
    """The post's title in the text of ``<title>``, without the site's name.

    The site name is cut when the page names it (``og:site_name``,
    ``.site-title``) at either end; else the part that a heading of the page
    repeats is the title ("Narco News Bulletin - Plan Mexico Is Plan Colombia
    Redux" over ``<h2>Plan Mexico Is Plan Colombia Redux</h2>``); else, of
    "A | B" (or «, », ::), A, unless A reads as a name and B does not ("Drug
    War Blog | Plan Colombia, ten years on": every post of such a blog had the
    blog's name for a title); else the title without a dashed site name
    (:func:`_strip_dashed_site_name`).
    """
    if site:
        for sep in (" | ", " – ", " — ", " - ", " « ", " » ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip() or title
            if title.startswith(site + sep):
                return title[len(site + sep) :].strip() or title
    parts = [p.strip() for p in _ANY_TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) > 1:
        shown = {
            squash(h.get_text(" "))
            for h in soup.find_all(["h1", "h2", "h3"])
            if not _is_site_header(h) and h.find_parent(_is_site_header) is None
        }
        named = [p for p in parts if p in shown and p != site]
        if named:
            return max(named, key=len)
    parts = [p.strip() for p in TITLE_SEPARATORS.split(title)]
    if len(parts) > 1 and parts[0]:
        if _reads_as_name(parts[0]) and parts[-1] and not _reads_as_name(parts[-1]):
            return parts[-1]
        return parts[0]
    return _strip_dashed_site_name(title)


#: A forum's banner (phpBB's), whose ``h1`` is the forum's name, never a post's title.
_FORUM_BANNER = "#page-header, .headerbar"


def _names_site(heading: Tag, site: str) -> bool:
    """Whether the title candidate ``heading`` is the site's name: in a forum's
    banner (:data:`_FORUM_BANNER`), or in a page's banner and reading ``site``.
    Any ``h1`` in a banner was skipped, and a news page's headline in its
    ``div.header`` was lost to the ``<title>`` (the site's name)."""
    if heading.css.match(_FORUM_BANNER) or heading.find_parent(
        lambda t: bool(t.css.match(_FORUM_BANNER))
    ):
        return True
    in_banner = _is_site_header(heading) or heading.find_parent(_is_site_header) is not None
    text = squash(heading.get_text(" ")).casefold()
    return in_banner and bool(site) and text == site.casefold()


def _is_site_header(tag: Tag) -> bool:
    """A page's banner (``#header``, ``.site-header``…), where the blog's name is a heading."""
    return tag.name == "header" or bool(tag.css.match(_SITE_HEADER))


def _reads_as_name(text: str) -> bool:
    """Whether ``text`` reads as a site's name rather than a post's title: at most
    :data:`SITE_NAME_WORDS` words and 40 characters, no sentence punctuation,
    every word capitalised (or a digit, or a short joining word like "of" or
    "&"): "Drug Policy Forum", "BBC News", "Voice of San Diego"; or a host
    name ("drugpolicy.org")."""
    if _HOST.fullmatch(text):
        return True
    words = text.split()
    return (
        len(text) <= 40
        and 0 < len(words) <= SITE_NAME_WORDS
        and not re.search(r"[?!:;,\"“”]|\.$", text)
        and all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_JOINERS for w in words)
        and (words[0][0].isupper() or words[0][0].isdigit())
    )


def _strip_dashed_site_name(title: str) -> str:
    """``title`` without a site name after its last `` - ``/`` – ``/`` — ``.

    A dash also joins a title to its subtitle ("Mexico's drug war – a
    failure"), so the part after the last dash is cut only when it reads as a
    name (:func:`_reads_as_name`). A capitalised subtitle ("Drug war — The
    Real Cost") reads as a name too and is cut: pages that have an
    ``h1.entry-title``, ``og:title``, ``og:site_name`` or a heading repeating
    part of the title never get here.
    """
    m = _DASHED_TAIL.fullmatch(title)
    if m is None:
        return title
    head, tail = m.group(1).strip(), m.group(2).strip()
    return head if head and _reads_as_name(tail) else title


def _author(soup: BeautifulSoup, post: Tag | None) -> str:
    scope = post or soup
    tag = _first(
        scope,
        (
            ".entry-meta .author .fn",
            ".byline .author",
            ".author .fn",
            ".post-author .fn",
            ".author.vcard",
            "a[rel~=author]",
            "[itemprop=author] [itemprop=name]",
            "[itemprop=author]",
            ".author",
            ".byline",
            # Drupal's "Submitted by <name> on <date>" (8 and later, 7)
            ".node__submitted .field--name-uid",
            ".submitted .username",
        ),
    )
    line = squash(tag.get_text(" ")) if tag is not None else ""
    # "By Hannah Marsh | February 6, 2024": the name alone; "By Jim Smith, Ana
    # Lopez and Tom Ruiz": all three (cut at the comma, two writers were lost)
    name = (None if _CO_AUTHORS.match(line) else byline_name(line)) or _BY.sub("", line)
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
        _strip_loose_furniture(body)
    for tag in body.select(
        ".entry-meta, .entry-footer, .entry-utility, .postmetadata, figcaption, aside"
    ):
        tag.decompose()
    if spans is None:
        return html_paragraphs(body), None
    return html_paragraphs_mapped(body, spans)


#: Blocks that may be a menu, a sidebar or a footer line in a page without markup
#: for them (tables of the 1990s and 2000s).
_LOOSE_BLOCKS = sorted(BLOCK_TAGS | {"td", "th", "center"})
#: Longer blocks are never taken for furniture.
_LOOSE_FURNITURE_CHARS = 500


def _strip_loose_furniture(body: Tag) -> None:
    """Remove what a page without article markup (read from ``<main>`` or
    ``<body>``) has around the text: blocks that are mostly links (a menu bar,
    a sidebar's list of sections: three links or more making up 60 % of the
    text) and blocks that are page furniture as a whole (:func:`~._markers.is_furniture`:
    "Share this story: …", "Copyright 2008 …"; a word that may be text, such as
    "Top", stays). They were read as the article's first and last paragraphs.
    """
    for tag in body.find_all(_LOOSE_BLOCKS):
        if tag.decomposed:
            continue
        text = squash(tag.get_text(" "))
        if not text or len(text) > _LOOSE_FURNITURE_CHARS:
            continue
        if tag.name in _HEADINGS and COUNTED_HEADING.match(text):
            continue  # a subheading ("Two responses to the critics"), see _comments_under_heading
        links = [squash(a.get_text(" ")) for a in tag.find_all("a")]
        links = [t for t in links if t]
        dense = (
            len(links) >= 3
            and sum(map(len, links)) >= 0.6 * len(text)
            and not SENTENCE_END.search(text)  # a sentence citing its sources
        )
        if dense or (is_loose_furniture(text) and not AMBIGUOUS_FURNITURE.match(text)):
            tag.decompose()


def _post(soup: BeautifulSoup) -> Tag | None:
    """The post: of the elements :data:`POST` names, by its order, one holding the
    article's text when the page has a text element (:data:`ARTICLE_BODY`), else
    the first. A news page's "Trending" cards are ``<article>`` elements too, and
    the first of them used to be taken for the post (its byline was never read)."""
    body = _first(soup, ARTICLE_BODY)
    if body is None:
        return _first(soup, POST)
    holders = [up for up in body.parents if isinstance(up, Tag)]
    for sel in POST:
        found = next((up for up in holders if up.css.match(sel)), None)
        if found is not None:
            return found
    return None


def _opens_topic_block(block: Tag) -> bool:
    """Whether a comment element may be a forum topic's opening post: a
    Discourse ``.topic-post``, or a phpBB post whose subject is not a reply's
    ("Re: Should Uruguay's model be copied?" on a later page's first post)."""
    if "topic-post" in (block.get("class") or []):
        return True
    if not block.css.match(PHPBB_POST):
        return False
    subject = block.select_one(".postbody h3")
    return subject is not None and not re.match(r"\s*re\s*:", subject.get_text(), re.I)


def _opens_topic(first: _Comment) -> bool:
    """Whether the page's first comment is a forum topic's opening post: post #1,
    or a Discourse ``.topic-post`` saved without its number (no
    ``article[data-post-id]``/``data-post-number``/``#post_1``), which on a
    topic page comes first; a later page of a topic numbers its first post #21."""
    if first.post_number is not None:
        return first.post_number == "1"
    return first.topic_post


def _thread_id(path: Path, url: str | None) -> str:
    stem = thread_slug(path.stem)
    if stem in {"index", "default", "page", "post", "thread"} and url:
        segments = [s for s in urlsplit(url).path.split("/") if s]
        if segments:
            return slugify(re.sub(r"\.(?:html?|php|aspx?)$", "", segments[-1]), stem)
    return stem


@register_reader(
    "html",
    suffixes=(".html", ".htm", ".xhtml"),
    sniff=sniff,
    description="saved web page: article and comments of WordPress, Blogger and other blogs, "
    "news sites, Disqus, forums (Discourse, phpBB, vBulletin) and old Reddit",
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

    _mark_repeater_comments(soup)
    _mark_quoted_posts(soup)
    _strip_furniture(soup)
    comments, sections = _comments(soup, spans)
    under = None
    if not comments:  # markup the reader does not know: in a comment section, or under a heading
        under = _read_section(sections, spans) if sections else None
        under = under or _comments_under_heading(soup, spans)
    if under is not None and under.comments:
        comments = under.comments
    elif under is not None:
        warn(
            Warnings.W035.format(
                path=path,
                heading=under.heading,
                count=len(under.left),
                blocks=under.blocks,
                line=under.left[0][:60],
            )
        )
    # a forum topic: the opening post (#1) is the article when the page has no other
    opener = None
    if comments and _first(soup, ARTICLE_BODY) is None and _opens_topic(comments[0]):
        opener = comments[0]

    post = _post(soup) if opener is None else None
    title = _title(soup, post, site)
    author = _author(soup, post) if opener is None else opener.speaker
    published = (_date(post) if opener is None else opener.timestamp) or published_meta or None
    categories = [squash(a.get_text(" ")) for a in soup.select(CATEGORIES)]
    tags = [
        squash(a.get_text(" ")) for a in soup.select(TAGS) if "category" not in (a.get("rel") or [])
    ]
    if categories:
        meta["categories"] = list(dict.fromkeys(c for c in categories if c))
    if tags:
        meta["tags"] = list(dict.fromkeys(t for t in tags if t))
    if author:
        meta["author"] = author

    article_map: SourceMap | None = None
    if opener is not None:
        article_text, article_map = opener.text, opener.source_map
    else:
        article_text, positions = _article(soup, post, spans)
        starts, ends = positions or ([-1] * len(article_text), [-1] * len(article_text))
        # drop the title if the fallback body repeated it as its first paragraph
        if title and article_text.startswith(title + "\n\n"):
            article_text = article_text[len(title) + 2 :]
            starts, ends = starts[len(title) + 2 :], ends[len(title) + 2 :]
        article_map = SourceMap.from_positions(article_text, starts, ends)
        if not author:  # no author markup: a "By Laura Carlsen" line opening the text
            author = next((n for ln in article_text.split("\n")[:4] if (n := byline_name(ln))), "")
            if author:
                meta["author"] = author

    kept = [c for c in comments if c.text and c is not opener]
    if not article_text and not kept:
        raise IngestError(Errors.E009, path)
    unnamed = [c for c in kept if not c.named]
    if unnamed:
        first = unnamed[0].text.split("\n")[0][:60]
        warn(Warnings.W036.format(path=path, count=len(unnamed), first=first))

    thread_id = _thread_id(path, url or None)
    kinds: list[tuple[str, str]] = [("article", author or "unknown")] if article_text else []
    kinds += [("comment", c.speaker) for c in kept]
    ids = make_utterance_ids(thread_id, kinds)
    article_id = ids[0] if article_text else None
    utterances: list[Utterance] = []
    if article_text:
        utterances.append(
            Utterance(
                ids[0],
                thread_id,
                "article",
                author or "unknown",
                article_text,
                None,
                published,
                source_map=article_map,
            )
        )
    by_index = {id(c): i for i, c in enumerate(comments)}
    uid_of = {
        by_index[id(c)]: uid for c, uid in zip(kept, ids[1 if article_text else 0 :], strict=True)
    }
    for c in kept:
        uid = uid_of[by_index[id(c)]]
        parent = c.parent
        while parent is not None and parent not in uid_of:  # parent had no text, or is #1
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
