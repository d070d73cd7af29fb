"""Plain-text page dumps: what "select all, copy" of a blog or news page gives.

The seed layout (``corpus/guatemala-post.txt`` is the model)::

    *A guest post by STRATFOR Latin America Analyst Karen Hooper   ← optional byline

    Article paragraphs, separated by blank lines …

    Posted by nhughes in Foreign Policy                            ← footer: poster, category

    You can leave a response, or trackback from your own site.     ← boilerplate, dropped

      • Aaron B                                                    ← comment author
        November 18, 2011 at 3:04 pm                               ← optional date line

        Comment paragraphs, indented …

          • Reply author                                           ← deeper bullet = reply

The same rules read what copying other common sites gives:

* WordPress themes: ``Tom Becker says:`` (or ``said...``, ``said…``,
  ``said:``, ``wrote:``) on its own line, a date line, the text, a ``Reply``
  link; the post's ``Posted on July 1, 2021 by Marta Oliveira`` line.
* Blogger: ``Anonymous said...``, the text, *then* the timestamp line
  (``November 18, 2011 at 3:04 PM``), ``Delete``/``Reply``; the post's date
  header (``Tuesday, November 15, 2011``) and ``Posted by Dan at 9:12 PM``.
* News sites: ``By Sarah Kline``, ``Updated March 2, 2021 at 2:14 PM EST``,
  ``123 Comments``, ``Sort by: Newest``, then per comment the user name, a
  date line (``2 hours ago``; ``hace 2 horas``, ``há uma hora``, ``il y a 3
  jours``, ``vor 2 Stunden``, ``ayer``), the text and ``Reply · Like · Report``.
* Disqus embedded in a page: ``GregT • 2 hours ago`` on one line, the text,
  ``Reply • Share ›``.

**Where the comments start.** At the "Posted by" footer — a "Posted by"
line below article text (a line ending a sentence); above any, it is a
header like "Posted on …" and the article follows it — else at the last
comment heading ("4 comments:", "123 Comments", "4 thoughts on “…”",
"3 Responses to …", "Comments", "Comments (3)", "Reader comments", "12
Comentarios", "12 comentários", "12 commentaires", "Showing 3
comments", "Join the conversation" …) that has a comment author after it; else at
the first author line. Everything above is the article: a bulleted list there
is part of it (each item a paragraph, without its bullet), not a run of
comment authors. Bullets one right under the other (no blank line between)
are a list wherever they stand, never comment authors.

**Comment authors** are recognised by the strongest marker the comments use:

1. a bullet before a short, name-like line (``• Aaron B``, ``• Omar says:``)
   with a date line under it, or its text indented deeper than the bullet,
   or at the indentation of a bullet opening the comments; any other bullet
   (a ``- Tom`` signature, a one-item ``- Legal regulation`` list) is a line
   of a comment. Where comments are bulleted, an unbulleted ``Ana said:`` is
   a quote in one;
2. a name followed by ``says:``, ``said...``, ``said…``, ``said:`` or
   ``wrote:`` alone on its line (names may hold initials: ``Dr. Alan Reyes``,
   ``Rosa M.``; a subject such as ``The report says:`` or ``He said:``, which
   starts with an article or pronoun, is not a name). Where most such lines
   have a date under them (WordPress) or follow the date ending the comment
   above (Blogger; a date right under an author line heads that comment
   instead), one that does neither is a quote inside a comment (too few to
   tell: read as an author, with warning W037); where
   none does and no footer or heading stands above them, they are still read
   as authors, with warning W032 (they may be quotes in the article);
3. only when the comments use neither, and only below a footer or heading: a
   short name-like line whose next line (page furniture aside) is a date
   line, or a name and a date on one line (``GregT · 2 hours ago``) — the
   news layout, where nothing else marks the user name;
4. only when the comments use none of these, below a heading: a short name
   standing first under the heading and after each action bar ("Reply ·
   Like · Report", "Like · Reply · 3h"), with text under it
   (:func:`_bar_authors`, all or nothing) — comment plugins' layout.

Reddit's "level 2" over an author line is its depth, which a copy keeps no
indentation for.

Text below the footer or heading but above every author (a comment layout
these rules do not know) is left out with warning W031, so that it is never
lost silently. Where no author is found at all, the article still stops at the
first comment heading below its text ("23 Comments", "Reader comments (2)",
"Leave a Reply"…: :func:`_cut_heading`), and what follows is left out with
W031: it was read as the author's words.

**Title.** The post's headline is the thread's title, not a sentence of the
article: in the lines above the article's first paragraph of body text
(dates, "Posted on …" and bylines aside), the last line of the first
paragraph that is not the site's banner (its name over its menu, or set apart
from it by a blank line: :func:`_over_a_menu`; kept in
``Thread.meta["site"]``), when it reads as a headline and has only short
labels above it ("Opinion", kept in ``Thread.meta["section"]``): :func:`_headline`.
On a blog whose footer gives the time of posting (Blogger's "Posted by Jenna
Park at 9:12 AM": :func:`_blog_footer`) the header is the blog's name (and
description), the optional date header, then the post's headline: there the
headline is the header's *last* paragraph of text, and the paragraphs above
it are the banner (``Thread.meta["site"]``); elsewhere a paragraph under the
headline is its deck, and stays text.
A first line right over the body text that cannot be a headline, as the
body goes on with it or it is a sentence in the first or second person
("Drugs are killing us"), is the article's first paragraph instead
(:func:`_opens_the_text`). A byline right over the body text ends the header
("Mexico's lost war", "By Laura Mendez", then the text with no blank line
between): the line above it is the headline. A dump with no headline has no
title (``None``), as the other readers' untitled threads: the report names
it by its article's first words, never by its byline.

**Dates.** A date line right under the author, or (Blogger) the last line of
the comment, is its timestamp. A date line in the article (a date header,
``Updated …``, ``Published …``) and the ``Posted on <date> by <name>`` line
are post metadata when they stand above the article's body text: dropped from
the text, kept in ``Thread.meta`` (``date``, ``posted_by``), and the date is
the article's timestamp. A date line below body text is part of the text.

**Replies** are read from indentation, which is all a copied page shows of
them: a comment whose author line is indented deeper than the one above
answers it; less or equally deep, it answers what that one's level answers.
A comment with no text, or only a removed comment's placeholder ("This
comment has been removed by the author."), is dropped and replies to it
answer what it answered.
Where the copy loses the indentation (Blogger's "Replies" block, most
WordPress themes pasted from a browser), every comment answers the article.

**Tabs.** A tab is one indentation level, not a number of columns. What a tab
looks like depends on the viewer (8 columns in a terminal or Notepad, 4 in
Notepad++, VS Code or Sublime Text), a setting the person making the dump
never chose and cannot see in the file; what they did choose is to indent
by one level, with the Tab key or an editor's "indent" / "spaces to tabs".
So a tab counts as the file's own level step — the smallest difference
between the indentations of space-indented author lines (4 in the seed
layout: authors at 2 columns, replies at 6), or 4 when no two differ — and a
dump indented with tabs only, with spaces only, or partly converted reads
the same. Where reading a tab as 8 columns would nest a comment differently,
warning W030 names the comments to check.

**Furniture** is dropped wherever it stands: share and like buttons
("Share this:", "Tweet", "Like Loading…", "Email This", "Link Copied!"),
"Reply", action bars ("Reply · Like · Report"), like and reply counts, comment
counts and sort menus ("123 Comments", "Sort by: Newest"), "Leave a Reply",
"Delete", "Load more comments", "Newer Post Older Post Home", a menu bar
("Home | News | Opinion | Contact"), "Advertisement",
the WordPress comment form ("Your email address will not be published…",
"Name *", "Post Comment", "You must be logged in to post a comment.", Akismet's
notice), Disqus' "Also on <Site Name>", a site's footer ("Terms of Service |
Privacy Policy", "© 2024 Example News"; a sentence starting "Copyright 1998
legislation …" is text) and cookie banners ("We use cookies on
this site. Accept"), which otherwise end up in the last comment, and what
themes print in and between comments ("Your comment is awaiting
moderation.", "Liked by 2 people", "Reply ↓", "« Older Comments", "Report
abuse", "Show more", "Powered by Disqus", Reddit's "level 2" and "Save" …:
:func:`~._markers.is_furniture`). A pingback or trackback entry ("Pingback:
…" and the excerpt under it) is dropped whole: it is another site's text. Blogger's ``Labels: …`` go to ``Thread.meta``.
Some furniture is also a word or number a person writes on its own line
("Top", "Home", "Best", "Related", "Comments", "X", "14"): in the article it is
kept where it stands between two lines of text; in a comment it is kept amid
the text, kept as the text when it is all the comment holds (warning W034),
and left out after the text with warning W033; a user named so ("X") is an
author when a date line follows it directly.

A badge a theme prints after a commenter's name ("Sylvia Ortiz Post author",
"GregT (Mod)", "Dana · Admin") is not part of the name
(:func:`~._markers.without_badge`); a bare "Author", "Staff" or "Mod" may end a
name ("Tom Author", "Ask the Staff") and is kept.

The article's speaker is the guest author named in a "guest post by …" or
"By …" byline ("Por …", "Von …", "Par …") among its first lines (a sentence
such as "By March, the fund was empty." is no byline), else the poster, else
the commenter badged "Post author". A news byline ("By Laura Mendez", "By
Laura Mendez | Reuters") above the body text is left out of the text, in a
paragraph of its own or with body text right under it, no blank line between
("By Laura Mendez" over "Five years after …", with or without a headline
above): it was a segment of its own, or opened the article's first sentence,
and an untitled thread was named by it. A job title on the line(s) right under
it ("Staff writer", "Senior Correspondent", "Associated Press", "Special to
the Post": :data:`~._markers.BYLINE_LABEL`) goes with it, kept in
``Thread.meta["byline_label"]``: it was text, or the title of a dump without
a headline. A sentence opening with "By" ("By the time the army arrived, …",
"By Tuesday everything had changed", the first line of a hard-wrapped one) is
no byline: :func:`byline_author`. A guest post's byline in a paragraph of its
own stays in the text (the seed's "A guest post by …" is a sentence of its
gold). Post metadata (poster, category, byline, date, labels) is kept in
``Thread.meta``.

Each utterance records where its text stands in ``text`` (a
:class:`~discourse.model.SourceMap`): every stripped line is copied verbatim,
so every character but the spaces and blank lines put between lines and
paragraphs has its exact position in the file.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from ..errors import Errors, IngestError, Warnings
from ..headwords import HEADING_OPENERS, TITLE_SMALL_WORDS
from ..model import (
    SourceMap,
    SourceRun,
    Thread,
    Utterance,
    make_utterance_ids,
    thread_slug,
)
from . import register_reader, warn
from ._markers import (
    ACTION_BAR,
    AMBIGUOUS_FURNITURE,
    ANY_MONTH,
    BODY_TEXT,
    BYLINE_LABEL,
    COMMENTS_HEADING,
    NO_COMMENTS,
    OTHER_AGO,
    OTHER_DAY,
    POST_AUTHOR_BADGE,
    REMOVED_COMMENT,
    REPLY_FORM_HEADING,
    byline_name,
    is_furniture,
    without_badge,
)

#: A comment author's bullet line. Its indentation is any horizontal white space
#: (``[^\S\r\n]``): a no-break space (U+00A0), which a page copied from a
#: browser often indents with, or another Unicode space counts as a column
#: like a space; only spaces and tabs did, and such a comment was left out (W031).
BULLET = re.compile(r"^(?P<indent>[^\S\r\n]*)[•◦▪‣●\*\-–]\s+(?P<name>\S.{0,80})$")
#: A day of the month: "18", "18th", French "1er", Spanish and Portuguese "1º".
_DAY = r"\d{1,2}(?:st|nd|rd|th|er|º|°)?"
#: A time of day: "3:04 pm", "15:04", "15.04", Spanish "3:04 p. m.".
_CLOCK = r"\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?\s?m\.?)?"
POSTED_BY = re.compile(
    r"^\s*Posted by\s+(?P<poster>.+?)(?:\s+in\s+(?P<category>.+?))?(?:\s+on\s+(?P<date>.+?))?"
    rf"(?:\s+at\s+(?P<time>{_CLOCK}))?\s*$",
    re.IGNORECASE,
)
#: WordPress's post line: "Posted on July 1, 2021 by Marta Oliveira".
POSTED_ON = re.compile(
    r"^\s*(?:posted|published)(?:\s+on)?\s+(?P<date>.+?)\s+by\s+(?P<poster>.+?)\s*$",
    re.IGNORECASE,
)
BYLINE = re.compile(
    r"^\W*(?:a\s+)?(?:guest\s+post|posted|written|article)\s+by\s+(?P<byline>.+?)\s*$",
    re.IGNORECASE,
)
#: A day of the week, written out or cut short as news sites do ("Tue 4 May 2021"),
#: or in Spanish, Portuguese or French ("martes", "terça-feira", "mardi").
_WEEKDAY = (
    r"(?:[a-z]+day|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun"
    r"|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo"
    r"|(?:segunda|ter[çc]a|quarta|quinta|sexta)(?:-feira)?"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)\.?"
)
#: The time after a comment's date: :data:`_CLOCK`, or French "15 h 05", "15h05".
_DATE_CLOCK = rf"(?:{_CLOCK}|\d{{1,2}}\s?h\s?\d{{2}})"
#: What stands between a comment's date and its time: "at", "@", "-", Spanish
#: "a las", Portuguese "às", French "à".
_AT = r"(?:(?:at|a\s+las?|[àa]s|à)\s+|@\s*|-\s+)"
#: The date line under a comment author, in the formats blogs print: "November
#: 18, 2011 at 3:04 pm", "18 November 2011 at 15:04", "Nov 18th, 2011",
#: "Friday, November 18, 2011", "2011-11-18T15:04:00Z", "18.11.2011 15:04",
#: "3:04 pm, November 18, 2011", "2 days ago", Reddit's "· 3 yr. ago" …; and
#: as Spanish, Portuguese and French sites print them: "14 de enero de 2012 a
#: las 15:05", "enero 14, 2012", "14 de janeiro de 2012 às 15:05", "14 janvier
#: 2012 à 15 h 05", "martes, 14 de enero de 2012" (months: :data:`~._markers.ANY_MONTH`),
#: "hace 2 horas", "há uma hora", "il y a 3 jours", "vor 2 Stunden", "ayer a las
#: 21:40", "gestern" (:data:`~._markers.OTHER_AGO`, :data:`~._markers.OTHER_DAY`).
DATE_LINE = re.compile(
    rf"^\s*(?:(?:on|el|le)\s+)?(?:{_WEEKDAY},?\s+)?(?:{_CLOCK}\s*(?:,|on)?\s+)?"
    rf"(?:{ANY_MONTH}\s+{_DAY},?\s+\d{{4}}"
    rf"|{_DAY}\s+(?:of\s+|de\s+)?{ANY_MONTH},?\s+(?:de\s+)?\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
    r"|\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    rf"(?:,?\s+{_AT}?{_DATE_CLOCK}(?:\s*(?:UTC|GMT|[A-Z]{{3,4}}))?)?\s*$"
    r"|^\s*(?:[·•]\s*)?(?:(?:\d+|an?|one)\s*(?:seconds?|secs?\.?|minutes?|mins?\.?|hours?|hrs?\.?"
    r"|h|days?|d|weeks?|wks?\.?|w|months?|mos?\.?|years?|yrs?\.?|y)\s+ago"
    r"|yesterday|today)(?:\s+at\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)?\s*$"
    rf"|^\s*(?:[·•]\s*)?(?:{OTHER_AGO}|{OTHER_DAY})\s*$",
    re.IGNORECASE,
)
#: A date line of the post itself: "Updated March 2, 2021 at 2:14 PM EST".
POST_DATE = re.compile(
    r"^\s*(?:(?:last\s+)?(?:updated|modified)|published|posted)(?:\s+on)?\s*:?\s+(?P<date>.+?)\s*$",
    re.IGNORECASE,
)
LABELS = re.compile(
    r"^\s*(?P<key>labels|tags|filed under|categories)\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE
)
# A bullet line counts as a comment author when it is short and name-like.
NAME_LIKE = re.compile(r"^[^\s.!?,;:][^.!?;:]{0,60}$")
STATUS_NAME = re.compile(
    r"^(?P<name>.+?)\s+(?:says|said|wrote)\s*(?::|\.{2,}|…)?\s*$", re.IGNORECASE
)
#: "Tom Becker says:" alone on a line: a comment author (WordPress, Blogger).
STATUS_LINE = re.compile(
    r"^\s*(?P<name>\S.*?)\s+(?:says|said|wrote)\s*(?::|\.{2,}|…)\s*$", re.IGNORECASE
)
#: A comment's action bar alone on its line, with a button in it (not a bare
#: count): "Reply · Like · Report", "Reply", "Like · Reply · 3h".
ACTION_BAR_LINE = re.compile(rf"^\s*(?=.*[a-z])(?:{ACTION_BAR})\s*$", re.IGNORECASE)
#: A pingback or trackback entry among the comments: "Pingback: Links for
#: February 11 | Border Blog", maybe followed by its excerpt ("[…] … […]").
PINGBACK = re.compile(r"^\s*(?:pingback|trackback)\s*:", re.IGNORECASE)
#: "GregT · 2 hours ago": a user name and a date line on one line.
INLINE_AUTHOR = re.compile(r"^(?P<name>\S.*?)\s+[·•|–—-]\s+(?P<date>\S.*)$")
_INITIALS = re.compile(r"(?:[A-Z][a-z]{0,2}\.)+")
#: First words of a sentence's subject, never of a user name: "The report says:",
#: "He said:" and "My doctor wrote:" are quotes, not comment authors.
_NOT_NAME_START = frozenset(
    "the a an this that these those he she it they we i you his her its their our my your"
    " one someone somebody everyone everybody nobody no some many most".split()
)
_NOT_IN_NAMES = set('!?,;:"“”()[]{}<>')
#: Longer lines are never author lines (and are not searched for one).
_MAX_AUTHOR_LINE = 160
#: Columns a tab counts for when no two space-indented author lines differ.
DEFAULT_TAB_STEP = 4


def _name_like(text: str) -> bool:
    """A user name: 1–6 words, no sentence punctuation; a period only after
    initials or a short title ("Rosa M.", "Dr. Alan Reyes")."""
    words = text.split()
    if not 1 <= len(words) <= 6 or len(text) > 60 or text[0].isdigit():
        return False
    for word in words:
        if _NOT_IN_NAMES & set(word):
            return False
        if "." in word and not _INITIALS.fullmatch(word):
            return False
    return True


#: Words a name holds in lower case: "Ana de la Cruz", "Ludwig van Beethoven",
#: "Sarah Kline and Tom Ruiz".
_NAME_PARTICLES = frozenset(
    "de del della der den di da das do dos du la le van von y e and und et bin ibn al el".split()
)
#: A surname a lower-case particle opens ("al-Masri", "d'Ormesson", "el-Sayed"):
#: the particle (or French "d'", "l'") joined to a capitalised rest.
_PARTICLE_SURNAME = re.compile(r"(?P<particle>[^\W\d_]+)[-'’](?P<rest>[^\W\d_].*)")


def _name_word(word: str) -> bool:
    """A word a name holds: any not opening in lower case or a digit
    (capitalised, "&" of "Maria Lopez & Tom Ruiz"), a particle
    (:data:`_NAME_PARTICLES`), or a surname a particle opens ("al-Masri",
    "d'Ormesson")."""
    if not (word[0].islower() or word[0].isdigit()) or word.casefold() in _NAME_PARTICLES:
        return True
    joined = _PARTICLE_SURNAME.fullmatch(word)
    return bool(
        joined
        and joined["rest"][0].isupper()
        and joined["particle"].casefold() in _NAME_PARTICLES | {"d", "l"}
    )


def byline_author(line: str) -> str | None:
    """The author a news site's byline names ("By Sarah Kline", "By Sarah Kline
    | Reuters", "Por Ana Pérez, 3 de marzo de 2012": the name), else ``None``.

    A sentence opening with "By" is none: one that ends like a sentence ("By
    March, the fund was empty.", :func:`~._markers.byline_name`), that is no
    name (:func:`_name_like`), or that holds a word in lower case no name has
    (:func:`_name_word`: a particle or "al-Masri" aside): "By Tuesday
    everything had changed", or "By Tuesday the army had withdrawn from", the
    first line of a hard-wrapped sentence, was read as a byline by "Tuesday
    the army …" and left out of the text."""
    name = byline_name(line.strip())
    if not name or not _name_like(name):
        return None
    if not all(_name_word(w) for w in name.split()):
        return None
    return name


#: Most job-title lines under a byline ("Staff writer", then "Associated Press").
_MAX_LABEL_LINES = 2


def _byline_labels(lines: list[str], i: int) -> list[int]:
    """Indexes of the job-title lines right under the byline ``lines[i]``, no
    blank line between ("By Maria Lopez" over "Staff writer",
    :data:`~._markers.BYLINE_LABEL`): at most :data:`_MAX_LABEL_LINES`. They
    belong to the byline, and were read as the article's text, or as the title
    of a dump without a headline."""
    labels: list[int] = []
    for j in range(i + 1, min(i + 1 + _MAX_LABEL_LINES, len(lines))):
        if not BYLINE_LABEL.match(lines[j]):
            break
        labels.append(j)
    return labels


def is_byline(line: str) -> bool:
    """Whether ``line`` is a byline: "A guest post by …", "Written by …", "By
    Sarah Kline", "Por Ana Pérez, 3 de marzo de 2012" ("By March, the fund was
    empty." is a sentence: :func:`byline_author`)."""
    return bool(BYLINE.match(line.strip()) or byline_author(line))


def _opens_paragraph_of_text(lines: list[str], i: int) -> bool:
    """Whether ``lines[i]`` has lines under it in its paragraph (no blank line
    between) and one of them is body text (:data:`~._markers.BODY_TEXT`): a
    byline over "Staff writer" is a paragraph of its own, not the text's."""
    for line in lines[i + 1 :]:
        if not line.strip():
            return False
        if BODY_TEXT.search(line.strip()):
            return True
    return False


def sniff(text: str) -> bool:
    """A page dump has a "Posted by" footer, bulleted named comments, a comment
    heading ("12 Comments") or "Name says:" lines."""
    head = text.lstrip()[:1]
    if head in "{[<":
        return False
    lines = text.splitlines()
    return any(
        POSTED_BY.match(ln) or _bullet_name(ln) or COMMENTS_HEADING.match(ln) or _status_name(ln)
        for ln in lines
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


def _status_name(line: str, dated: bool = False) -> str | None:
    """The name of a "Tom Becker says:" line, else ``None``; one starting like a
    sentence's subject ("The report says:") only with a date line under it (``dated``)."""
    if len(line) > _MAX_AUTHOR_LINE:
        return None
    m = STATUS_LINE.match(line)
    name = without_badge(m["name"]) if m else ""
    if not m or BULLET.match(line) or not _name_like(name):
        return None
    subject = name.split()[0].casefold() in _NOT_NAME_START
    return None if subject and not dated else name


def _bullet_name(line: str) -> str | None:
    """The name of a "• Aaron B" (or "• Omar says:") line, else ``None``."""
    bullet = BULLET.match(line)
    if not bullet:
        return None
    name = bullet["name"].strip()
    status = STATUS_NAME.match(name)
    if status:
        name = status["name"]
    name = without_badge(name)
    return name if NAME_LIKE.match(name) or _name_like(name) else None


def _list_items(lines: list[str]) -> set[int]:
    """Bullet lines with another bullet at the same indentation right above or
    below them (no blank line between): the items of a list, not comment authors."""
    bullets = {i: _indent(ln) for i, ln in enumerate(lines) if BULLET.match(ln)}
    return {
        i
        for i, indent in bullets.items()
        if bullets.get(i - 1) == indent or bullets.get(i + 1) == indent
    }


def _bullet_authors(
    lines: list[str], furniture: list[bool], region: range, listed: set[int]
) -> set[int]:
    """The bullet lines of the comment ``region`` that are comment authors.

    A name-like bullet line is an author where the layout is really bulleted
    authors: it has a date line under it, or the text under it is indented
    deeper than its bullet (the seed layout), or it stands at the indentation
    of a bullet opening the comments (a flat bulleted layout). Any other
    bullet is a line of a comment: a signature ("- Tom") or a one-item list
    ("- Legal regulation") must not turn the comment's text into a comment by
    a speaker of that name, nor switch a page of "Tom says:" authors to
    bulleted authors.
    """
    candidates = [no for no in region if no not in listed and _bullet_name(lines[no])]
    if not candidates:
        return set()
    first = next((no for no in region if lines[no].strip() and not furniture[no]), None)
    flat = _columns(lines[first]) if first in candidates else None
    return {
        no
        for no in candidates
        if _dated(lines, furniture, no)
        or _text_deeper(lines, furniture, no)
        or _columns(lines[no]) == flat
    }


def _columns(line: str) -> int:
    """Columns ``line`` is indented by, a tab counting as :data:`DEFAULT_TAB_STEP`."""
    return len(_indent(line).expandtabs(DEFAULT_TAB_STEP))


def _text_deeper(lines: list[str], furniture: list[bool], i: int) -> bool:
    """Whether the next line of text under ``lines[i]`` (blank lines and furniture
    aside) is indented deeper than it: a comment's text under its author."""
    # by index: slicing the rest of the dump for each bullet was quadratic
    below = next(
        (lines[n] for n in range(i + 1, len(lines)) if lines[n].strip() and not furniture[n]),
        None,
    )
    return below is not None and _columns(below) > _columns(lines[i])


def _indent(line: str) -> str:
    """The white space ``line`` is indented with: tabs, spaces, no-break spaces…
    (each a column but tabs, see :func:`_tab_step`)."""
    return line[: len(line) - len(line.lstrip())]


def _tab_step(indents: list[str]) -> int:
    """Columns a tab stands for: the smallest step between space-indented authors."""
    widths = sorted({len(i) for i in indents if "\t" not in i})
    steps = [b - a for a, b in pairwise(widths)]
    return min(steps) if steps else DEFAULT_TAB_STEP


def _reply_targets(depths: list[int], uids: list[str | None], article_id: str | None) -> list:
    """What each comment answers, from the depths of the author lines.

    ``uids[i]`` is ``None`` for a comment without text: replies to it answer
    what it answered.
    """
    # (depth, id replies at that depth answer) of open comments
    stack: list[tuple[int, str | None]] = []
    targets = []
    for depth, uid in zip(depths, uids, strict=True):
        while stack and stack[-1][0] >= depth:
            stack.pop()
        reply_to = stack[-1][1] if stack else article_id
        stack.append((depth, uid if uid is not None else reply_to))
        targets.append(reply_to)
    return targets


class _Header(NamedTuple):
    """Where a dump's header stands (:func:`_headline`): line indexes."""

    title: int  # the headline
    labels: list[int]  # the section over it ("Opinion")
    banner: list[int]  # the site's name over its menu


#: The article's first line of body text ends a sentence (not a question: a
#: headline may be one) or is too long for a headline.
_HEAD_BODY = re.compile(r"(?:[.!…:;,][\"'”’)\]]*\s*$|^.{120})")
#: Longest headline read as a title (in characters).
_MAX_HEADLINE = 150
#: Longest section label ("Opinion", "World news") over a news site's headline, in words.
_MAX_SECTION_WORDS = 3


def _post_meta(line: str) -> bool:
    """Whether ``line`` is the post's metadata that the article drops (dates,
    "Posted on … by …", "Posted by …", "Labels: …")."""
    posted = POSTED_ON.match(line) or POST_DATE.match(line)
    return bool(
        DATE_LINE.match(line)
        or (posted and DATE_LINE.match(posted["date"]))
        or POSTED_BY.match(line)
        or LABELS.match(line)
    )


def _headline(
    lines: list[str], furniture: list[bool], end: int, blog: bool = False
) -> _Header | None:
    """The post's headline among the lines above ``end`` (the article), with
    the labels over it; ``None`` when the dump has none.

    The header is what stands above the paragraph holding the article's first
    line of body text (a line ending a sentence, not a question, or a long
    one). In it, page furniture, dates, "Posted on …" lines and bylines
    aside, a line with page furniture under it in its paragraph is the site's
    banner (its name over its menu); the first paragraph with other text
    holds the headline: its last line, when it reads as one — at most
    :data:`_MAX_HEADLINE` characters, not ending like a sentence — and when
    the lines above it in its paragraph are short labels (a news site's
    "Opinion"). A hard-wrapped first paragraph has no header, so no headline.
    The headline used to be the article's first sentence, and the thread had
    no title: pages named it by its first words, cut with "…".

    On a ``blog`` (:func:`_blog_footer`) the headline is the *last* paragraph
    with text, the ones above it being the banner (the blog's name and
    description, over the date header): the blog's name was the title, and
    the headline the article's first sentence, read as the author's words.
    """
    body = next(
        (
            i
            for i in range(end)
            if lines[i].strip()
            and not furniture[i]
            and not _post_meta(lines[i])
            and not BULLET.match(lines[i])
            and _HEAD_BODY.search(lines[i].strip())
        ),
        None,
    )
    if body is None:
        return None
    # the start of its paragraph; a byline right over the text ends the header
    # above it ("Title", "By Laura Mendez", then the text with no blank line)
    while body > 0 and lines[body - 1].strip() and not is_byline(lines[body - 1]):
        body -= 1
    paragraphs: list[list[int]] = []
    for k in range(body):
        if lines[k].strip():
            if k == 0 or not lines[k - 1].strip():
                paragraphs.append([])
            paragraphs[-1].append(k)
    # the job title under a byline ("Staff writer") is no headline either
    labelled = {j for i in range(body) if is_byline(lines[i]) for j in _byline_labels(lines, i)}
    texts_of = [
        [
            i
            for i in paragraph
            if not furniture[i]
            and not _post_meta(lines[i])
            and not BULLET.match(lines[i])
            and not BYLINE.match(lines[i].strip())
            and not byline_name(lines[i].strip())
            and i not in labelled
        ]
        for paragraph in paragraphs
    ]
    chrome_of: list[list[int]] = []  # per paragraph: the banner's lines (a name over a menu)
    for n, (paragraph, texts) in enumerate(zip(paragraphs, texts_of, strict=True)):
        chrome = [i for i in texts if any(furniture[j] for j in paragraph if j > i)]
        if texts and not chrome and _over_a_menu(lines, paragraphs, texts_of, furniture, n):
            chrome = texts
        chrome_of.append(chrome)
    rest_of = [
        [i for i in texts if i not in chrome]
        for texts, chrome in zip(texts_of, chrome_of, strict=True)
    ]
    headed = [n for n, rest in enumerate(rest_of) if rest]
    if not headed:
        return None
    # a blog's header: the blog's name (and description) over the post's headline
    h = headed[-1] if blog else headed[0]
    banner = [i for n in range(h + 1) for i in chrome_of[n]]
    banner += [i for n in headed if n < h for i in rest_of[n]]
    title, labels = rest_of[h][-1], rest_of[h][:-1]
    text = lines[title].strip()
    if (
        len(text) > _MAX_HEADLINE
        or re.search(r"[.:;,…][\"'”’)\]]*$", text)
        or any(len(lines[i].split()) > _MAX_SECTION_WORDS for i in labels)
        or (not labels and not banner and _opens_the_text(lines, title, body))
    ):
        return None
    return _Header(title, labels, sorted(banner))


#: Words of a site's menu, not of a post's share bar: "Home | About | Contact".
_MENU_WORDS = re.compile(
    r"\b(?:home|about(?: us)?|contact(?: us)?|archives?|categories|menu|blog|log ?in"
    r"|sign ?in|register|search)\b",
    re.IGNORECASE,
)


def _over_a_menu(
    lines: list[str],
    paragraphs: list[list[int]],
    texts_of: list[list[int]],
    furniture: list[bool],
    n: int,
) -> bool:
    """Whether header paragraph ``n`` is the site's name set apart from its
    menu by a blank line ("Drug Policy Blog", blank, "Home | About | Contact"):
    the next paragraph is furniture only, a menu (:data:`_MENU_WORDS`), and
    another paragraph of text follows before the body. The name was read as
    the headline, and the real headline as the article's first sentence. A
    headline over share buttons stays the headline, with a standfirst under
    them too ("Share | Tweet | Email", then "A new report weighs …").
    """
    if n + 1 >= len(paragraphs) or not all(furniture[i] for i in paragraphs[n + 1]):
        return False
    if not any(_MENU_WORDS.search(lines[i]) for i in paragraphs[n + 1]):
        return False
    return any(texts_of[m] for m in range(n + 2, len(paragraphs)))


#: Auxiliaries and modals: with a personal pronoun, a line reads as a sentence
#: ("Drugs are killing us", "I have lived in Juarez for ten years").
_AUXILIARIES = re.compile(
    r"\b(?:am|is|are|was|were|be|been|has|have|had|do|does|did|will|would|can|could|should"
    r"|must|shall)\b",
    re.IGNORECASE,
)
#: A writer or reader in a line: first and second person.
_PERSONAL = re.compile(r"\b(?:i|me|my|we|us|our|you|your)\b", re.IGNORECASE)
#: A writer or reader as a clause's object.
_OBJECTS = frozenset("me us you".split())
#: A headline's attribution at its end: "…, say critics", "…, says UN".
_ATTRIBUTED = re.compile(r",\s+(?:says?|said|warns?|claims?)\s+\S", re.IGNORECASE)
#: First words of a paragraph going on with the line above: coordinating
#: conjunctions. A subordinator ("While supporters promised …") or a pointing
#: word ("This is what the data show.") opens a lede under a headline as often.
_GOES_ON = frozenset("and but or nor so yet".split())


def _opens_the_text(lines: list[str], title: int, body: int) -> bool:
    """Whether headline candidate ``title``, the dump's first line, cannot be a
    headline and is rather the article's first paragraph: "Drugs are killing
    us" over the article was taken for its title, and the sentence left out of
    the text.

    Only a line on its own, right over the body text (no byline, date or "Posted
    on …" between, where a headline has them), with no punctuation at its end
    (a question is a headline), not in title case ("Drugs Are Killing Us",
    :data:`~discourse.headwords.TITLE_SMALL_WORDS`), not opening with a
    question word ("Why we must end the drug war",
    :data:`~discourse.headwords.HEADING_OPENERS`), not attributed ("…, say
    critics") and not repeated elsewhere in the page ("3 thoughts on “…”");
    and then only when the body text goes on with it (its first word in lower
    case or a coordinating conjunction, :data:`_GOES_ON`) or the line is a
    sentence in the first or second person: a personal pronoun as its subject,
    the first word or right after one opening word that is no auxiliary
    ("Can we talk about Portugal" asks), and an auxiliary ("We have lost the
    war", "Now you must act"), or "I"; or "me", "us" or "you" as the last
    word, the object of a clause whose auxiliary is among the first three
    words, after its subject ("Drugs are killing us"). A noun phrase ("Drug deaths in
    Scotland", "Ten things you should know about fentanyl") or a sentence-case
    headline ("Oregon's drug experiment has failed" over "While supporters
    promised …") stays the title.
    """
    text = lines[title].strip()
    first = next(i for i, ln in enumerate(lines) if ln.strip())
    after = next((i for i in range(title + 1, len(lines)) if lines[i].strip()), None)
    if first != title or after != body or title + 1 == after:
        return False
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if not words or words[0].casefold() in HEADING_OPENERS:
        return False
    titled = all(w[0].isupper() or w.casefold() in TITLE_SMALL_WORDS for w in words)
    folded = text.casefold()
    repeated = any(folded in ln.casefold() for k, ln in enumerate(lines) if k != title)
    if titled or repeated or _ATTRIBUTED.search(text) or re.search(r"[?!][\"'”’)\]]*$", text):
        return False
    clause = _AUXILIARIES.search(text) is not None
    next_word = re.match(r"[^\W\d_]+", lines[body].strip())
    if next_word is not None:
        word = next_word.group()
        if word[0].islower() or word.casefold() in _GOES_ON:
            return True
    if _PERSONAL.fullmatch(words[0]):
        subject = words[0].casefold()
    elif len(words) > 1 and _PERSONAL.fullmatch(words[1]) and not _AUXILIARIES.fullmatch(words[0]):
        subject = words[1].casefold()
    else:  # the reader as the main clause's object: "Drugs are killing us"
        main = [k for k, w in enumerate(words[:3]) if _AUXILIARIES.fullmatch(w)]
        return bool(main) and main[0] > 0 and words[-1].casefold() in _OBJECTS
    return clause or subject == "i"


def _is_footer(lines: list[str], furniture: list[bool], i: int) -> bool:
    """A "Posted by" line below article text; above it ("Posted by Dan on March
    3, 2012" under a title) it is a header, and the article follows it."""
    return bool(POSTED_BY.match(lines[i])) and any(
        not furniture[k] and BODY_TEXT.search(lines[k].strip()) for k in range(i)
    )


def _blog_footer(lines: list[str], start: int | None) -> bool:
    """Whether the comments start (``start``, :func:`_comments_start`) at a
    blog's post footer with the time of posting: Blogger's "Posted by Jenna
    Park at 9:12 AM". Such a page opens with the blog's name (and description)
    as a banner, then the optional date header, then the post's headline
    (:func:`_headline`); the seed's "Posted by nhughes in Foreign Policy" has
    no time, and a news page's deck under its headline no such footer."""
    posted = POSTED_BY.match(lines[start]) if start is not None else None
    return bool(posted and posted["time"])


def _comments_start(lines: list[str], furniture: list[bool], listed: set[int]) -> int | None:
    """Index of the line where the comments start (see the module docstring);
    ``listed`` are list items (:func:`_list_items`), never comment authors."""
    footer = next((i for i, ln in enumerate(lines) if _is_footer(lines, furniture, i)), None)
    if footer is not None:
        return footer
    strong = [
        i
        for i, ln in enumerate(lines)
        if i not in listed
        and (
            _bullet_name(ln)
            or _status_name(ln)
            or (_status_name(ln, dated=True) and _dated(lines, furniture, i))
        )
    ]
    headings = [
        i for i, ln in enumerate(lines) if COMMENTS_HEADING.match(ln) and not _status_name(ln)
    ]
    for h in reversed(headings):
        if (
            any(i > h for i in strong)
            or any(_weak_author(lines, furniture, i) for i in range(h + 1, len(lines)))
            or _bar_authors(lines, furniture, range(h + 1, len(lines)))
        ):
            return h
    return strong[0] if strong else _cut_heading(lines, furniture)


def _cut_heading(lines: list[str], furniture: list[bool]) -> int | None:
    """Where comments in a layout the reader does not know start: the first
    comment heading ("23 Comments", "3 Responses to …", "Reader comments (2)",
    "Comments", "Leave a Reply"…) below the article's body text, with no
    author line under it that the reader knows.

    What follows it is left out, with warning W031, instead of being read as
    the article: its comments were the author's words, with only W002. Not a
    heading: a bare "Comments" or "Discussion" standing between lines of text
    (a word of the article), a count of none ("0 Comments"), nor a count by
    the title, with no body text above it but the title itself.
    """
    body = [
        i
        for i, ln in enumerate(lines)
        if ln.strip() and not furniture[i] and BODY_TEXT.search(ln.strip())
    ]
    first = next((i for i, ln in enumerate(lines) if ln.strip() and not furniture[i]), None)
    for h, ln in enumerate(lines):
        if not (
            (COMMENTS_HEADING.match(ln) and not _status_name(ln)) or REPLY_FORM_HEADING.match(ln)
        ):
            continue
        if NO_COMMENTS.match(ln) or _between_text(lines, furniture, h, len(lines)):
            continue
        if first is not None and any(first < i < h for i in body):
            return h
    return None


def _bar_authors(
    lines: list[str], furniture: list[bool], region: range
) -> dict[int, tuple[str, str | None]]:
    """Comment authors of the layout that marks a comment by nothing but the
    action bar under it ("Reply · Like · Report", "Like · Reply · 3h"): the
    first line of text in ``region`` and the first after each action bar,
    each a short name with text under it before the next bar.

    All or nothing: where a bar is followed by text that is no such name, the
    layout is not this one and no author is found.
    """
    bars = [i for i in region if ACTION_BAR_LINE.match(lines[i])]
    if not bars:
        return {}
    stops = set(bars)
    authors: dict[int, tuple[str, str | None]] = {}
    for after in [region.start - 1, *bars]:
        k = after + 1
        while k < region.stop and (not lines[k].strip() or furniture[k]):
            k += 1
        if k >= region.stop:
            continue
        name = without_badge(lines[k].strip())
        j = k + 1
        while j < region.stop and (not lines[j].strip() or (furniture[j] and j not in stops)):
            j += 1
        if (
            not _name_like(name)
            or DATE_LINE.match(name)
            or COMMENTS_HEADING.match(name)
            or j >= region.stop
            or j in stops
        ):
            if after == bars[-1]:  # what follows the last comment: a footer, say
                continue
            return {}
        authors[k] = (name, None)
    return authors


def _weak_author(lines: list[str], furniture: list[bool], i: int) -> tuple[str, str | None] | None:
    """``(name, timestamp)`` of an author line the news layout marks only by its
    date: a short name-like line whose next line (furniture aside) is a date
    line, or "GregT · 2 hours ago" on one line."""
    text = lines[i].strip()
    if not text or len(text) > _MAX_AUTHOR_LINE or DATE_LINE.match(text):
        return None
    if furniture[i]:  # a user named "X" or "Best": only right over its date line
        nxt = next((ln for ln in lines[i + 1 :] if ln.strip()), "")
        ok = AMBIGUOUS_FURNITURE.match(text) and not text[0].isdigit() and DATE_LINE.match(nxt)
        return (text, None) if ok else None
    if COMMENTS_HEADING.match(text) or POSTED_BY.match(text):
        return None
    inline = INLINE_AUTHOR.match(text)
    if inline and _name_like(without_badge(inline["name"])) and DATE_LINE.match(inline["date"]):
        return without_badge(inline["name"]), inline["date"]
    name = without_badge(text)  # "Sylvia Ortiz Post author", "GregT (Mod)"
    if not _name_like(name):
        return None
    return (name, None) if _dated(lines, furniture, i) else None


def _between_text(lines: list[str], furniture: list[bool], i: int, end: int) -> bool:
    """Whether furniture line ``i`` is a word that may be text ("Top", "Home",
    "14") standing between lines of text (blank lines aside) above ``end``."""
    if not AMBIGUOUS_FURNITURE.match(lines[i]):
        return False
    before = next((k for k in range(i - 1, -1, -1) if lines[k].strip()), None)
    after = next((k for k in range(i + 1, end) if lines[k].strip()), None)
    return (
        before is not None
        and after is not None
        and not furniture[before]
        and not furniture[after]
        and not DATE_LINE.match(lines[before])
        and not DATE_LINE.match(lines[after])
    )


def _ends_dated(lines: list[str], furniture: list[bool], authors: dict, i: int) -> bool:
    """Whether the comment under author line ``i`` ends with a date line (Blogger)."""
    last = None
    for k in range(i + 1, len(lines)):
        if authors.get(k):
            break
        if lines[k].strip() and not furniture[k]:
            last = k
    return last is not None and bool(DATE_LINE.match(lines[last]))


def _after_date(lines: list[str], furniture: list[bool], i: int) -> bool:
    """Whether the line before ``lines[i]`` (blank lines and furniture aside) is a
    date line ending the comment above, where comments end with their date
    (Blogger). A date right under an author line heads that author's comment:
    a "Tom Becker says:" after it is the first line of the comment, quoting
    Tom, and was read as a comment by Tom."""
    j = _previous_text(lines, furniture, i)
    if j is None or not DATE_LINE.match(lines[j]):
        return False
    k = _previous_text(lines, furniture, j)
    return k is None or not (_status_name(lines[k]) or _bullet_name(lines[k]))


#: Reddit's depth label over a comment: "level 1", "level 2".
LEVEL = re.compile(r"^\s*level\s+(?P<level>\d+)\s*$", re.IGNORECASE)


def _level(lines: list[str], i: int) -> int | None:
    """The depth Reddit prints right above author line ``i`` ("level 2"), if any:
    a copied Reddit thread keeps no indentation, only these labels."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    m = LEVEL.match(lines[j]) if j >= 0 else None
    return int(m["level"]) if m else None


def _previous_text(lines: list[str], furniture: list[bool], i: int) -> int | None:
    """Index of the line before ``lines[i]``, blank lines and furniture aside."""
    j = i - 1
    while j >= 0 and (not lines[j].strip() or furniture[j]):
        j -= 1
    return j if j >= 0 else None


def _dated(lines: list[str], furniture: list[bool], i: int) -> bool:
    """Whether the line after ``lines[i]`` (blank lines and furniture aside) is a date line;
    a furniture word that may be a user name ("X") is not set aside."""
    j = i + 1
    while j < len(lines) and (
        not lines[j].strip() or (furniture[j] and not AMBIGUOUS_FURNITURE.match(lines[j]))
    ):
        j += 1
    return j < len(lines) and bool(DATE_LINE.match(lines[j]))


@register_reader(
    "text",
    suffixes=(".txt", ".text"),
    sniff=sniff,
    description="plain-text copy of a page (article, then its comments) as WordPress, Blogger, "
    "news sites, Disqus, comment plug-ins and Reddit lay it out, or the seed's bulleted comments",
    loose=True,  # one bullet or "Posted by" line is enough: never for .csv, .json …
)
def read(text: str, path: Path) -> list[Thread]:
    """Read one thread from a page dump (see the module docstring)."""
    thread_id = thread_slug(path.stem)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    starts = _line_starts(text)  # where each line stands in ``text``, for the source maps
    furniture = [is_furniture(ln) for ln in lines]

    meta: dict[str, str] = {}
    article_lines: list[str] = []
    article_offsets: list[int | None] = []  # source offset of each article line's first character
    listed = _list_items(lines)
    start = _comments_start(lines, furniture, listed)
    end = len(lines) if start is None else start
    body_seen = False  # a line of body text above: a date line below it is text
    head = _headline(lines, furniture, end, blog=_blog_footer(lines, start))
    title = lines[head.title].strip() if head is not None else None
    dropped = {head.title, *head.labels, *head.banner} if head is not None else set()
    if head is not None and head.labels:
        meta["section"] = " ".join(lines[k].strip() for k in head.labels)
    if head is not None and head.banner:
        meta["site"] = " ".join(lines[k].strip() for k in head.banner)
    for no in range(end):
        ln = lines[no]
        if no in dropped:
            continue  # the title, the section over it, the site's name: Thread.title and meta
        bullet = BULLET.match(ln)
        if bullet:  # above the comments: a list item, its own paragraph, without the bullet
            article_lines += ["", bullet["name"].strip(), ""]
            article_offsets += [None, starts[no] + bullet.start("name"), None]
            continue
        if furniture[no] and not _between_text(lines, furniture, no, end):
            continue
        posted = POSTED_ON.match(ln)
        if posted and DATE_LINE.match(posted["date"]):
            meta["posted_by"] = posted["poster"]
            meta.setdefault("date", posted["date"])
            continue
        header = POSTED_BY.match(ln)  # "Posted by …" above the article text
        if header:
            meta["posted_by"] = header["poster"].strip()
            for key in ("category", "date", "time"):
                if header[key]:
                    meta.setdefault(key, header[key].strip())
            continue
        posted = POST_DATE.match(ln)
        is_date = DATE_LINE.match(ln) or (posted and DATE_LINE.match(posted["date"]))
        if is_date and not body_seen:  # a date line amid the text ("March 3, 2012") is text
            meta.setdefault("date", posted["date"] if posted else ln.strip())
            continue
        labels = LABELS.match(ln)
        if labels:
            meta[labels["key"].lower()] = labels["value"]
            continue
        article_lines.append(ln)
        article_offsets.append(starts[no])
        body_seen = body_seen or bool(BODY_TEXT.search(ln.strip()))

    comments: list[dict] = []  # {"name", "indent", "lines", "offsets", "timestamp"}
    if start is not None:
        posted = POSTED_BY.match(lines[start])
        if posted:
            meta["posted_by"] = posted["poster"].strip()
            for key in ("category", "date", "time"):
                if posted[key]:
                    meta[key] = posted[key].strip()
        author_first = start not in listed and (
            _bullet_name(lines[start]) or _status_name(lines[start])
        )
        region = range(start if author_first else start + 1, len(lines))
        bulleted_authors = _bullet_authors(lines, furniture, region, listed)
        authors: dict[int, tuple[str, str | None] | None] = {
            no: (name, None)
            if no in bulleted_authors and (name := _bullet_name(lines[no]))
            else None
            for no in region
        }
        bulleted = bool(bulleted_authors)
        for no in region:
            # where the comments are bulleted, an unbulleted "Ana said:" is a quote in one
            name = None if bulleted else _status_name(lines[no])
            if not bulleted and not name and _dated(lines, furniture, no):
                name = _status_name(lines[no], dated=True)  # "The Economist says:" + date
            if name:
                authors[no] = (name, None)
        # where the site prints a date under its "says:" lines (WordPress), or
        # ends each comment with one so that the next "said..." follows a date
        # (Blogger), one without is a quote in a comment ("Ana said:"), not an author
        status = [no for no in region if authors[no] and not BULLET.match(lines[no])]
        dated = [no for no in status if _dated(lines, furniture, no)]
        confirmed = set(dated) | {
            no for k, no in enumerate(status) if k == 0 or _after_date(lines, furniture, no)
        }
        if len(confirmed) >= 2 and 2 * len(confirmed) > len(status):
            for no in set(status) - confirmed:
                authors[no] = None
        undated = [no for no in status if authors[no] and no not in dated]
        if dated and undated:  # too few dated lines to tell: read as comments, but say so
            warn(
                Warnings.W037.format(path=path, count=len(undated), line=lines[undated[0]].strip())
            )
        if not any(authors.values()):  # the news layout: a name over a date line
            authors = {no: _weak_author(lines, furniture, no) for no in region}
            if not any(authors.values()):  # a name over its text over an action bar
                authors.update(_bar_authors(lines, furniture, region))
        elif (
            status
            and not dated
            and not POSTED_BY.match(lines[start])
            and not COMMENTS_HEADING.match(lines[start])
            and not any(_ends_dated(lines, furniture, authors, no) for no in status)
        ):  # nothing but "X says:" lines says these are comments, not quotes in the article
            names = [a[0] for no in status if (a := authors[no])]
            warn(Warnings.W032.format(path=path, names=", ".join(names[:5])))
        orphans: list[str] = []  # text above the first author: belongs to no comment
        for no in region:
            ln = lines[no]
            author = authors[no]
            pingback = None if author else PINGBACK.match(ln)
            if author or pingback:
                # a pingback opens an entry of its own, dropped whole: its excerpt is
                # another site's text, not the comment above it
                comments.append(
                    {
                        "name": author[0] if author else "",
                        "indent": _indent(ln),
                        "lines": [],
                        "offsets": [],
                        "timestamp": author[1] if author else None,
                        "ambiguous": set(),
                        "pingback": bool(pingback),
                        "post_author": bool(author and POST_AUTHOR_BADGE.search(ln)),
                        "level": _level(lines, no),
                    }
                )
                continue
            if not comments:
                labels = LABELS.match(ln)  # Blogger: "Labels: …" under the footer
                if labels:
                    meta[labels["key"].lower()] = labels["value"]
                elif ln.strip() and not furniture[no]:
                    orphans.append(ln.strip())
                continue
            current = comments[-1]
            if furniture[no]:
                if AMBIGUOUS_FURNITURE.match(ln):  # text or furniture: decided at the end
                    current["ambiguous"].add(len(current["lines"]))
                    current["lines"].append(ln)
                    current["offsets"].append(starts[no])
                continue
            if (
                not any(x.strip() for x in current["lines"])
                and current["timestamp"] is None
                and DATE_LINE.match(ln)
            ):
                current["timestamp"] = ln.strip().lstrip("·• ")  # Reddit: "· 3 yr. ago"
                continue
            current["lines"].append(ln)
            current["offsets"].append(starts[no])

        if orphans:
            warn(Warnings.W031.format(path=path, count=len(orphans), line=orphans[0][:60]))

    # byline: "*A guest post by STRATFOR Latin America Analyst Karen Hooper", "By Sarah Kline"
    speaker = meta.get("posted_by", "")
    filled = [k for k, ln in enumerate(article_lines) if ln.strip()]
    for k in filled[:4]:
        line = article_lines[k]
        by, by_name = BYLINE.match(line), byline_author(line)
        if by:
            meta["byline"] = by["byline"]
            words = re.findall(r"[A-Z][\w'’.-]+", by["byline"])
            # the author is the trailing run of capitalised words ("… Analyst Karen Hooper")
            if len(words) >= 2:
                speaker = " ".join(words[-2:])
        # "By March, the fund was empty." is a sentence, not a byline
        elif by_name:
            meta["byline"] = line.strip()
            speaker = by_name
        else:
            continue
        # a byline with body text right under it (no blank line) is no sentence of
        # that paragraph: it opened the article's first sentence ("By Laura Mendez
        # Five years after …"), and so the title of an untitled thread; a news
        # byline ("By Laura Mendez") in a paragraph of its own is no text either,
        # but a guest post's ("A guest post by …") is a sentence of the seed's gold;
        # the job title under a news byline ("Staff writer") goes with it
        job_titles = _byline_labels(article_lines, k) if by_name else []
        last = job_titles[-1] if job_titles else k
        own_paragraph = by_name is not None and (
            last + 1 == len(article_lines) or not article_lines[last + 1].strip()
        )
        if (own_paragraph or _opens_paragraph_of_text(article_lines, last)) and not any(
            BODY_TEXT.search(article_lines[j].strip()) for j in filled if j < k
        ):
            if job_titles:
                meta["byline_label"] = ", ".join(article_lines[j].strip() for j in job_titles)
            del article_lines[k : last + 1], article_offsets[k : last + 1]
        break
    if not speaker:  # the commenter a theme badges "Post author" wrote the post
        speaker = next((c["name"] for c in comments if c["post_author"]), "")
    article_text, article_runs = _mapped_paragraphs(article_lines, article_offsets)
    if not article_text and not comments:
        raise IngestError(Errors.E009, path)

    trailing: list[tuple[str, str]] = []  # (comment author, line) left out
    alone: list[tuple[str, str]] = []  # (comment author, line) kept as the only text
    for c in comments:
        if c["pingback"]:
            c["body"], c["runs"] = "", ()
            continue
        # a furniture word ("Top", "14") amid a comment's text is text; after it, furniture
        filled = [k for k, x in enumerate(c["lines"]) if x.strip()]
        real = [k for k in filled if k not in c["ambiguous"]]
        if real:
            cut = [k for k in c["ambiguous"] if k > real[-1]]
            trailing += [(c["name"], c["lines"][k].strip()) for k in sorted(cut)]
            if cut:
                del c["lines"][real[-1] + 1 :], c["offsets"][real[-1] + 1 :]
        elif filled:
            alone.append((c["name"], c["lines"][filled[0]].strip()))
        # Blogger prints the timestamp under the text: a date line ending the comment
        filled = [k for k, x in enumerate(c["lines"]) if x.strip()]
        if c["timestamp"] is None and filled and DATE_LINE.match(c["lines"][filled[-1]]):
            c["timestamp"] = c["lines"][filled[-1]].strip()
            del c["lines"][filled[-1] :], c["offsets"][filled[-1] :]
        c["body"], c["runs"] = _mapped_paragraphs(c["lines"], c["offsets"])
        if REMOVED_COMMENT.fullmatch(c["body"]):  # "This comment has been removed by …"
            c["body"], c["runs"] = "", ()
    if trailing:
        name, line = trailing[0]
        warn(Warnings.W033.format(path=path, count=len(trailing), line=line, name=name))
    if alone:
        name, line = alone[0]
        warn(Warnings.W034.format(path=path, count=len(alone), line=line, name=name))
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
    indents = [c["indent"] for c in comments]
    uids = [uid_of.get(id(c)) for c in comments]
    step = max(1, _tab_step(indents))
    targets = _reply_targets([len(i.expandtabs(step)) for i in indents], uids, article_id)
    levels = [c["level"] for c in comments if not c["pingback"]]
    if levels and None not in levels:  # Reddit's "level 2" over each author says it all
        depths = [c["level"] or 0 for c in comments]
        targets = _reply_targets(depths, uids, article_id)
    elif any("\t" in i for i in indents) and any(i.strip("\t") for i in indents):
        as_columns = _reply_targets([len(i.expandtabs(8)) for i in indents], uids, article_id)
        differ = [
            c["name"]
            for c, uid, a, b in zip(comments, uids, targets, as_columns, strict=True)
            if uid is not None and a != b
        ]
        if differ:
            warn(Warnings.W030.format(path=path, step=step, names=", ".join(differ)))
    for c, uid, reply_to in zip(comments, uids, targets, strict=True):
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
            title=title,
            published=meta.get("date"),
            source=str(path),
            meta=meta,
        )
    ]
