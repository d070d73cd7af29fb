"""What blogs and news sites print around a post and its comments, shared by
the HTML reader (:mod:`.html`) and the page-dump reader (:mod:`.pagedump`).

A page says the same things whether it was saved as HTML or copied as text:
the heading over its comments ("23 Comments", "Reader comments (2)",
"3 Responses to …"), the placeholder a blog leaves where a comment was
deleted ("This comment has been removed by the author."), the badge a theme
prints beside a commenter's name ("Post author", "Mod"), the excerpt a
trackback quotes ("[…] words of the post […]") and a news site's byline
("By Hannah Marsh"). Both readers take them from here, so that the two
formats of one page read alike.

This module registers no reader, so either reader may import it without
changing the sniffing order.
"""

from __future__ import annotations

import re

#: A count of comments: "4", "1,204", "1.2k", "no", "one" … "ten".
COUNT = r"(?:\d[\d,.]*k?|no|one|two|three|four|five|six|seven|eight|nine|ten)"
#: Headings news sites and comment plugins print over their comments, beyond a
#: count ("123 Comments"): "Comments (3)", "(3) Comments", "Comments 3",
#: "Discussion (3)", "Reader comments", "Showing 3 comments", "Join the
#: conversation".
HEADING = (
    r"(?:(?:reader|readers['’]?|user|your)\s+)?(?:comments?|discussion)"
    r"(?:\s*\(\d[\d,.]*k?\)|\s+\d[\d,.]*k?)?"
    r"|\(\d[\d,.]*k?\)\s+(?:comments?|responses?|replies)"
    rf"|showing\s+(?:all\s+)?(?:{COUNT}\s+(?:of\s+{COUNT}\s+)?)?comments?"
    r"|join the (?:conversation|discussion)(?:\.{0,3}|…)"
)
#: A heading over the comments: "4 comments:", "123 Comments", "4 thoughts on “…”",
#: "3 Responses to …", "Comments (3)", "Reader comments" … (:data:`HEADING`).
COMMENTS_HEADING = re.compile(
    rf"^\s*(?:{COUNT}\s+"
    r"(?:comments?|responses?|thoughts?|replies|reactions?)(?:\s+(?:on|to)\s+.+?)?"
    rf"|{HEADING})\s*:?\s*$",
    re.IGNORECASE,
)
#: The comment form's heading, which themes print right under (or over) the comments.
REPLY_FORM_HEADING = re.compile(r"^\s*leave\s+a\s+(?:reply|comment)\s*[:.!]?\s*$", re.IGNORECASE)
#: A heading saying there is nothing under it: "0 Comments", "No comments yet".
NO_COMMENTS = re.compile(r"^\s*(?:0|no)\s+(?:comments?|responses?|thoughts?|replies)\b", re.I)

#: What a blog leaves in place of a deleted comment (Blogger, WordPress, Disqus,
#: Reddit): not what anyone said, so the comment is dropped and its replies move
#: up to what it answered, as for a comment without text.
REMOVED_COMMENT = re.compile(
    r"^\s*(?:this\s+(?:comment|post|message)\s+(?:has\s+been|was)\s+(?:removed|deleted)"
    r"(?:\s+by\s+(?:the\s+author|(?:a|the)\s+(?:blog\s+)?(?:administrator|admin|moderator)"
    r"|(?:a|the)\s+site\s+(?:administrator|admin|moderator)))?"
    r"|comment\s+(?:removed|deleted)(?:\s+by\s+(?:the\s+)?(?:author|moderator|administrator))?"
    r"|\[(?:deleted|removed)\])\s*[.!]?\s*$",
    re.IGNORECASE,
)

#: Badges themes print after a commenter's name: "Sylvia Ortiz Post author",
#: "GregT Mod", "Ana (Moderator)". Not part of the name.
BADGE = re.compile(
    r"\s+(?:\(\s*)?(?:post\s+author|author|mod|moderator|admin|administrator|staff"
    r"|verified)(?:\s*\))?\s*$",
    re.IGNORECASE,
)


def without_badge(name: str) -> str:
    """``name`` without a badge after it ("Sylvia Ortiz Post author" → "Sylvia
    Ortiz"); a name that is only a badge ("Author", "Admin") is kept as it is."""
    stripped = BADGE.sub("", name)
    return stripped if stripped.strip() else name


#: A trackback's excerpt of the post it links from: "[…] Plan Colombia, ten
#: years on […]", or "[...]" at either end. Third-party text, not a comment.
TRACKBACK_EXCERPT = re.compile(r"^\s*\[(?:\.\.\.|…)\].*\[(?:\.\.\.|…)\]\s*$", re.DOTALL)

#: A news site's byline: "By Sarah Kline" (", Health reporter" and the like cut off).
BY_NAME = re.compile(r"^\s*(?i:by)\s+(?P<name>[A-Z][^,|·.!?;:]{0,60}?)\s*(?:[,|·].*)?$")
