"""What blogs and news sites print around a post and its comments, shared by
the HTML reader (:mod:`.html`) and the page-dump reader (:mod:`.pagedump`).

A page says the same things whether it was saved as HTML or copied as text:
its furniture (buttons, counts, menus, the comment form, the footer: whole
lines, :func:`is_furniture`), the heading over its comments ("23 Comments", "Reader comments (2)",
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
#: "Comments" in Spanish, Portuguese, French, German, Italian and Dutch.
OTHER_COMMENTS = r"(?:comentarios?|coment[áa]rios?|commentaires?|kommentare?|commenti|reacties)"
#: What a count of comments counts: "12 Comments", "4 thoughts", "12 comentarios".
_COUNTED = rf"(?:comments?|responses?|thoughts?|replies|reactions?|{OTHER_COMMENTS})"
#: Headings news sites and comment plugins print over their comments, beyond a
#: count ("123 Comments"): "Comments (3)", "(3) Comments", "Comments 3",
#: "Discussion (3)", "Reader comments", "Showing 3 comments", "Join the
#: conversation".
HEADING = (
    rf"(?:(?:reader|readers['’]?|user|your)\s+)?(?:comments?|discussion|{OTHER_COMMENTS})"
    r"(?:\s*\(\d[\d,.]*k?\)|\s+\d[\d,.]*k?)?"
    r"|\(\d[\d,.]*k?\)\s+(?:comments?|responses?|replies)"
    r"|responses\s*\(\d[\d,.]*k?\)"  # Medium's "Responses (3)"
    rf"|showing\s+(?:all\s+)?(?:{COUNT}\s+(?:of\s+{COUNT}\s+)?)?comments?"
    r"|join the (?:conversation|discussion)(?:\.{0,3}|…)"
)
#: A month's name or abbreviation: "March", "Mar", "Sept."; also the months of
#: other languages it starts ("febrero", "janvier", "novembro").
MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
#: Months of Spanish, Portuguese, French, German and Italian that the English
#: abbreviations (:data:`MONTH`) do not start: "3 de enero de 2016",
#: "3 de março de 2016", "3 avril 2016", "3. März 2016".
OTHER_MONTH = (
    r"(?:ene(?:ro)?|abr(?:il)?|ago(?:sto)?|dic(?:iembre)?|set(?:iembre|embro)?|janv(?:ier)?"
    r"|f[ée]vr(?:ier)?|avr(?:il)?|mai(?:o)?|juin|juil(?:let)?|ao[uû]t|d[ée]c(?:embre)?|m[äa]rz"
    r"|okt(?:ober)?|dez(?:ember|embro)?|gen(?:naio)?|giu(?:gno)?|lug(?:lio)?|ott(?:obre)?"
    r"|fev(?:ereiro)?|mar[çc]o|outubro|junho|julho)\.?"
)
#: Any month's name in those languages: :data:`MONTH` or :data:`OTHER_MONTH`.
ANY_MONTH = rf"(?:{MONTH}|{OTHER_MONTH})"
#: A comment's age as Spanish, Portuguese, French and German sites print it,
#: where English ones print "2 hours ago": "hace 2 horas", "hace un mes", "há 2
#: dias", "há uma hora", "il y a 3 jours", "il y a une heure", "vor 2 Stunden",
#: "vor einer Stunde". A word, a count and a unit, no quantifier inside another:
#: read in linear time, however long the line.
OTHER_AGO = (
    r"(?:(?:hace|h[áa])\s+(?:\d+|una?|uma?)\s+(?:segundos?|minutos?|mins?\.?|horas?|h|d[íi]as?"
    r"|semanas?|m[eê]s(?:es)?|a[ñn]os?)(?:\s+atr[áa]s)?"
    r"|il\s+y\s+a\s+(?:\d+|une?)\s+(?:secondes?|minutes?|min\.?|heures?|h|jours?|j|semaines?"
    r"|mois|ans?|ann[ée]es?)"
    r"|vor\s+(?:\d+|einer|einem)\s+(?:sekunden?|minuten?|min\.?|stunden?|std\.?|tag(?:en)?"
    r"|wochen?|monat(?:en)?|jahr(?:en)?))"
)
#: "Yesterday" and "today" in those languages ("ayer", "ontem", "hier", "gestern"
#: …), maybe with the time: "ayer a las 21:40", "ayer a las 9:40 p. m.", "ontem
#: às 21:40", "hier à 21h40", "hier à 21h", "gestern um 21:40 Uhr", "gestern,
#: 21:40". Only ever a whole date line: "Ayer fui al mercado" and "hier soir …"
#: are sentences, and German "hier" is "here". Spaces inside the time are
#: single (``\s?``), so no two runs of spaces meet.
OTHER_DAY = (
    r"(?:ayer|hoy|ontem|hoje|hier|aujourd['’]hui|gestern|heute)"
    r"(?:,?\s+(?:(?:a\s+las?|[àa]s|à|um)\s+)?\d{1,2}(?:[:.]\d{2}|\s?h(?:\s?\d{2})?)"
    r"(?:\s?(?:uhr|[ap]\.?\s?m\.?))?)?"
)
#: Page furniture every blog prints (WordPress, Blogger): whole lines only.
BOILERPLATE = re.compile(
    r"^\s*(?:you can leave a response|you can follow any responses|both comments and pings"
    r"|leave a (?:reply|comment)|share this:?|like this:?|tweet|email|print|facebook|twitter"
    r"|related posts?:?|reply|report comment|loading(?:\.{0,3}|…)|\d+\s+(?:comments?|responses?)"
    r"(?:\s+to\s+.+)?|comments?:?|be the first to like this\.?)\s*$",
    re.IGNORECASE,
)
#: A button of a comment's action bar, a count, or the comment's age as action
#: bars print it ("Like · Reply · 3h", Reddit's "Save", "Follow").
_ACTION = (
    r"(?:repl(?:y|ies)|likes?|unlike|report|flag|share|delete|edit|\(edit\)|permalink|quote"
    r"|(?:up|down)?votes?|recommend|save|hide|follow|give award|award"
    r"|\d+\s*(?:s|m|h|d|w|y|mo|mins?|hrs?|yrs?)|[-−]?\d+)(?:\s*\(\d+\))?"
)
#: An action bar: buttons and counts on one line ("Reply · Like · Report",
#: "Reply ↓", "Like · Reply · 5 · 2h").
ACTION_BAR = rf"{_ACTION}(?:\s*[·•|/‧∙–-]?\s*{_ACTION})*\s*[›»↓→]?"
#: Small words a site's name may hold ("Also on Voices of the Street").
_NAME_JOIN = r"of|the|and|for|on|in|to|a|&"
#: A link in a site's footer: "Terms of Service", "Privacy Policy", "Cookie Settings".
_LEGAL = (
    r"(?:terms\s+(?:of|and)\s+(?:service|use|conditions)|privacy\s+(?:policy|notice)"
    r"|cookies?\s+(?:settings|policy|preferences|notice)|manage\s+cookies"
    r"|do not sell(?: or share)? my (?:personal )?info(?:rmation)?|your privacy choices)"
)
#: The same in a row of footer links, where single words are links too ("Privacy | Terms").
_LEGAL_LINK = rf"(?:{_LEGAL}|terms|privacy|cookies)"
#: An item of a site's menu bar: one to three capitalised words ("Opinion", "Contact Us").
_MENU_ITEM = rf"(?-i:[A-Z][\w'’&.-]*(?:\s+(?:[A-Z0-9][\w'’&.-]*|{_NAME_JOIN})){{0,2}})"
#: Page furniture of blogs and news sites, beyond :data:`BOILERPLATE`: whole
#: lines only, so a sentence that mentions cookies or comments is no furniture.
FURNITURE = re.compile(
    # share buttons
    r"^\s*(?:share(?:\s+(?:this|on|to|via)(?:\s+\w+)?)?:?"
    # "Share this story: Digg del.icio.us": the label and its buttons on one line
    r"|share(?:\s+(?:this|on|to|via)(?:\s+\w+)?)?:(?:\s+[\w'-]+(?:\.[\w'-]+)*){1,8}"
    r"|email this|blogthis!?|pinterest|linkedin"
    r"|whatsapp|reddit|telegram|x|link copied!?|copy link|like loading(?:\.{0,3}|…)"
    # action bars ("Reply · Like · Report"), like and reply counts, reply toggles
    rf"|{ACTION_BAR}"
    r"|(?:view|show|hide|load|see)(?:\s+(?:all|more|previous|\d+))*\s+(?:comments?|repl(?:y|ies))(?:\.{0,3}|…)"
    r"|(?:show|see|view|read)\s+(?:more|less)(?:\.{0,3}|…)"
    # what a comment carries besides its text ("Liked by 2 people", moderation
    # notices, Disqus' and Reddit's buttons and labels, report links)
    r"|liked by (?:\d+|one) (?:people|persons?)|liked by you(?: and \d+ others?)?"
    r"|your comment is awaiting moderation\.?|report (?:abuse|this comment)|reply to this comment"
    r"|flag as inappropriate|(?:proudly )?powered by [\w.]+|facebook comments plugin"
    r"|level \d+|\d+% upvoted|r/\w+"
    # a pingback or trackback: another site's link to the post ("Pingback: Links for
    # February 11 | Border Blog"); in a comment section the whole entry is dropped
    r"|(?:pingback|trackback):.*"
    # comment counts and sort menus
    rf"|{COUNT}\s+{_COUNTED}"
    r"(?:\s+(?:on|to)\s+.+)?:?|sort(?:ed)?\s+by:?(?:\s+\w+){0,3}|newest(?: first)?|oldest(?: first)?|best|top"
    rf"|(?:{HEADING}):?"
    r"|most (?:liked|popular|recent)"
    # navigation, comment boxes, ads
    r"|newer post|older post|home|(?:newer post\s+)?older post\s+home|newer post\s+home"
    r"|[«←]?\s*(?:older|newer|previous|next)\s+comments\s*[»→]?"
    r"|this entry was posted\b.*|bookmark the permalink\.?"
    r"|next post|previous post|subscribe to:.*|post comments \(atom\)"
    # a menu bar copied as one line: "Home | News | Opinion | Contact"
    rf"|[|·•]?\s*{_MENU_ITEM}(?:\s+[|·•]\s+{_MENU_ITEM}){{2,}}\s*[|·•]?"
    r"|load more(?:\s+comments)?(?:\.{0,3}|…)|add (?:a )?comment|post (?:a )?comment"
    r"|(?:leave a (?:reply|comment)\s+)?cancel reply|log ?in"
    r"|(?:log|sign) in to (?:comment|reply)\.?|advertisement|skip to (?:main )?content|menu|related"
    # WordPress: "You can leave a response, or trackback from your own site." and the form
    r"|you can (?:leave a response|follow any responses)\b.*|both comments and pings\b.*"
    r"|your email address will not be published\..*|required fields are marked \*"
    r"|(?:comment|name|email|website)\s*\*?|δ"
    r"|save my name, email, and website in this browser for the next time i comment\."
    r"|notify me of .+ by email\.|comments are closed\.?|logged in as .{1,60}\. log out\??"
    r"|you must be (?:logged|signed) in to (?:post a )?(?:comment|reply)\.?"
    r"|this site uses akismet to reduce spam\..*"
    # what follows the comments: Disqus' "Also on <Site Name>", a site's footer
    # ("Terms of Service | Privacy Policy | Cookie Settings", "© 2024 Example News")
    # and cookie banners, which a copy may put anywhere ("We use cookies … Accept")
    rf"|also on(?!\s+(?:[a-z]+day|{MONTH})\b)(?-i:(?:\s+(?:[A-Z0-9][\w'’&.-]*|{_NAME_JOIN})){{1,6}})"
    rf"|{_LEGAL}|(?:{_LEGAL_LINK}\s*[|·•]\s*)+{_LEGAL_LINK}"
    r"|(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\b.*"
    r"|all rights reserved\.?"
    r"|(?:we|this (?:site|website)) uses? cookies\b.*?(?:[.!]\s*(?:accept|allow|ok(?:ay)?|got it"
    r"|i agree|agree|close|dismiss)(?:\s+all)?(?:\s+cookies)?|\s(?:accept|allow) all cookies)[.!]?"
    r"|(?:accept|allow|reject|decline) (?:all )?cookies)\s*$",
    re.IGNORECASE,
)
#: Furniture that is also a word or number a person may write on its own line
#: ("Top", "Home", "Best", "X", "14"): dropped as page furniture only where
#: nothing around it says it is text (see :func:`read`).
AMBIGUOUS_FURNITURE = re.compile(
    r"^\s*(?:home|top|best|newest|oldest|menu|related|comments?|discussion|x|[-−]?\d[\d,.]*k?)\s*$",
    re.IGNORECASE,
)


def is_furniture(line: str) -> bool:
    """Whether ``line`` (a line of a page dump, or a paragraph of a page) is page
    furniture as a whole: a button, a count, a menu, a form's notice, a footer;
    not a sentence that starts like a copyright notice (:func:`_copyright_sentence`)."""
    if BOILERPLATE.match(line):
        return True
    return bool(FURNITURE.match(line)) and not _copyright_sentence(line)


#: What a footer's copyright notice starts with: "Copyright 2012", "© 2012", "(c) 2012".
_COPYRIGHT = re.compile(r"^\s*(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\b", re.IGNORECASE)
#: What only a notice holds: the sign, or "All rights reserved".
_NOTICE_MARK = re.compile(r"©|\(c\)|rights\s+reserved", re.IGNORECASE)
#: A footer's notice is short ("Copyright © 2012 Blog Name. All rights reserved.");
#: a sentence is longer, with lower-case words of a clause ("legislation", "made").
_SENTENCE_CHARS = 60
#: A sentence's lower-case word right after the year ("1998 legislation"), not
#: the notice's "by", "the", "of"…: "Copyright 2019 by the Drug Policy Alliance".
_CLAUSE_AFTER_YEAR = re.compile(r"\s+(?!(?:by|the|of|for|all|and)\b)[a-z]")
_SENTENCE_WORDS = 4


def _copyright_sentence(line: str) -> bool:
    """Whether ``line``, which starts like a copyright notice ("Copyright 1998"),
    is a sentence of text: "Copyright 1998 legislation in California made
    medical marijuana legal, and the rest followed." A page dump whose one line
    was one lost it as page furniture. A sentence goes on after the year with
    a word in lower case (a name there, "Copyright 2024 The Marshall Project,
    a nonprofit …", is the notice's holder: a footer), not one of the notice's
    own ("by", "the", "of", "for", "all", "and": "Copyright 2019 by the Drug
    Policy Alliance. …"), is long (60 characters
    or more), ends with a full stop (or ``!``/``?``), has at least four
    lower-case words, and holds no "©", "(c)" nor "rights reserved"."""
    text = line.strip()
    notice = _COPYRIGHT.match(text)
    return (
        notice is not None
        and re.match(_CLAUSE_AFTER_YEAR, text[notice.end() :]) is not None
        and len(text) >= _SENTENCE_CHARS
        and SENTENCE_END.search(text) is not None
        and _NOTICE_MARK.search(text) is None
        and len(re.findall(r"(?<![\w'’-])[a-z][a-z'’-]*\b", text)) >= _SENTENCE_WORDS
    )


#: A heading over the comments: "4 comments:", "123 Comments", "4 thoughts on “…”",
#: "3 Responses to …", "Comments (3)", "Reader comments", "12 Comentarios",
#: "12 commentaires" … (:data:`HEADING`).
COMMENTS_HEADING = re.compile(
    rf"^\s*(?:{COUNT}\s+{_COUNTED}(?:\s+(?:on|to)\s+.+?)?"
    rf"|{HEADING})\s*:?\s*$",
    re.IGNORECASE,
)
#: A counted heading over what follows: "4 thoughts on “Post title”", "Three
#: replies to my critics". WordPress's heading over its comments when ``about``
#: repeats the page's title; a blog post's title or subheading otherwise.
COUNTED_HEADING = re.compile(
    rf"^\s*{COUNT}\s+(?:comments?|responses?|thoughts?|replies|reactions?)\s+(?:on|to)\s+"
    r"(?P<about>.+?)\s*:?\s*$",
    re.IGNORECASE,
)
#: The comment form's heading, which themes print right under (or over) the comments.
REPLY_FORM_HEADING = re.compile(r"^\s*leave\s+a\s+(?:reply|comment)\s*[:.!]?\s*$", re.IGNORECASE)
#: A heading saying there is nothing under it: "0 Comments", "No comments yet".
NO_COMMENTS = re.compile(
    rf"^\s*(?:0|no)\s+(?:comments?|responses?|thoughts?|replies|{OTHER_COMMENTS})\b", re.I
)

#: What a blog or an export leaves in place of a deleted comment (Blogger,
#: WordPress, Disqus, Reddit's "[deleted]", "[removed by moderator]"): not what
#: anyone said, so the comment is dropped and its replies move up to what it
#: answered, as for a comment without text.
REMOVED_COMMENT = re.compile(
    r"^\s*(?:this\s+(?:comment|post|message)\s+(?:has\s+been|was|is)\s+(?:removed|deleted)"
    r"(?:\s+by\s+(?:the\s+(?:author|user)|its\s+author"
    r"|(?:an?|the)\s+(?:blog\s+|site\s+)?(?:administrator|admin|moderator)s?))?"
    r"|comment\s+(?:removed|deleted)(?:\s+by\s+(?:the\s+)?(?:author|moderator|administrator))?"
    r"|\[\s*(?:deleted|removed)\b[^\]]*\])\s*[.!]?\s*$",
    re.IGNORECASE,
)

_BADGES = (
    r"(?:post\s+author|author|mod|moderator|admin|administrator|staff|verified"
    r"|not\s+verified)"  # Drupal's anonymous commenters: "Ana (not verified)"
)
#: A badge word themes print beside a commenter's name.
BADGE_WORD = re.compile(rf"^\s*{_BADGES}\s*$", re.IGNORECASE)
#: Badges themes print after a commenter's name: "Sylvia Ortiz Post author",
#: "GregT Moderator", "Ana (Moderator)", "Dana · Admin". Not part of the name.
#: A bare "Author", "Staff", "Admin", "Verified" or "Mod" may end a name ("Tom
#: Author", "Ask the Staff"): a badge only when set apart, in brackets or after
#: "·", "|", "—" or " - ".
BADGE = re.compile(
    r"(?:\s+(?:post\s+author|moderator|administrator)"
    rf"|\s*\(\s*{_BADGES}\s*\)|\s*[·•|]\s*{_BADGES}|\s+[–—-]\s*{_BADGES})\s*$",
    re.IGNORECASE,
)


#: The badge that says the commenter wrote the post: "Post author", or "Author"
#: set apart ("(Author)", "· Author"); "Tom Author says:" is a name.
POST_AUTHOR_BADGE = re.compile(
    r"(?:\s+post\s+author|\s*\(\s*(?:post\s+)?author\s*\)|\s*[·•|]\s*(?:post\s+)?author"
    r"|\s+[–—-]\s*(?:post\s+)?author)(?:\s+(?:says|said|wrote)\b.*|\s*[·•|–—-].*)?\s*$",
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

#: The word a byline starts with: "By", Spanish and Portuguese "Por", German
#: "Von", French "Par".
BY_WORD = r"(?i:by|por|von|par)"
#: A news site's byline: "By Sarah Kline", "Por Ana Pérez", "Von Hans Müller",
#: "Par Jean Dupont" (", Health reporter" and the like cut off).
BY_NAME = re.compile(rf"^\s*{BY_WORD}\s+(?P<name>[A-ZÀ-ÖØ-Þ][^,|·.!?;:]{{0,60}}?)\s*(?:[,|·].*)?$")
#: What a byline's writer is: "Staff writer", "Senior Correspondent", "Health
#: reporter", Spanish "Corresponsal", French "Correspondante", German "Redakteurin".
_JOB = (
    r"(?:writer|reporter|correspondent|editor|columnist|contributor|journalist|analyst|critic"
    r"|photographer|producer|staff|bureau\s+chief|corresponsal|correspondant|korrespondent"
    r"|redactor|redakteur)(?:e|a|in)?s?"
)
#: Words of a sentence, never of a job title: "Police arrested *a* reporter", "*The*
#: editor", "*I am* a writer" (the first line of a hard-wrapped paragraph).
_NOT_IN_TITLES = (
    r"(?:a|an|the|this|that|these|those|my|our|your|his|her|its|their|i|we|you|he|she"
    r"|it|they|is|am|are|was|were|be|been|has|have|had|will|would|to|of|for|with|and|or"
    r"|no|not|every|any|some|one|many)"
)
#: A job title or agency a news site prints on the line(s) under a byline ("By
#: Maria Lopez" over "Staff writer"): a job (:data:`_JOB`) after at most three
#: words none of :data:`_NOT_IN_TITLES` ("Senior Correspondent", "Latin America
#: analyst"), a wire agency ("Associated Press", "Reuters"), or "Special to the
#: Post". A whole line only; what it is depends on where it stands (right
#: under a byline), as a paragraph of the article may be "Associated Press" too.
BYLINE_LABEL = re.compile(
    rf"^\s*(?:(?:(?!{_NOT_IN_TITLES}\s)[^\W\d_][\w'’&.-]*\s+){{0,3}}{_JOB}"
    r"|(?:the\s+)?associated\s+press|ap|afp|reuters|bloomberg(?:\s+news)?"
    r"|agence\s+france[-\s]presse"
    r"|special\s+to\s+(?:the\s+)?[^\W\d_][\w'’&.-]*(?:\s+[^\W\d_][\w'’&.-]*){0,3})\s*$",
    re.IGNORECASE,
)
#: A line of body text: it ends a sentence, or it is too long for a title or byline.
BODY_TEXT = re.compile(r"(?:[.!?…:][\"'”’)\]]*\s*$|^.{120})")
#: A line that ends a sentence: text, never a menu, whatever its links.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
#: Furniture rules that a sentence may also match ("Copyright 1998 legislation
#: made …", "Two reactions to the verdict stood out: …"): a page's furniture
#: only on a short line that ends no sentence (:func:`is_loose_furniture`).
_SENTENCE_LIKE_FURNITURE = re.compile(
    rf"^\s*(?:{COUNT}\s+{_COUNTED}\b"
    r"|(?:©|\(c\)|copyright)\s*(?:©\s*)?\d{4}\b)",
    re.IGNORECASE,
)
#: Below this length a count or copyright line may be furniture.
_SHORT_LINE = 60


def is_loose_furniture(text: str) -> bool:
    """Whether a block of a page without article markup is furniture as a whole
    (:func:`is_furniture`), a count or a copyright notice only on a short line
    that ends no sentence ("© 2024 Example News. All rights reserved." is one)."""
    if not is_furniture(text):
        return False
    if not _SENTENCE_LIKE_FURNITURE.match(text):
        return True
    text = text.strip()
    if re.search(r"all rights reserved\.?$", text, re.IGNORECASE):
        return True
    return len(text) < _SHORT_LINE and not SENTENCE_END.search(text)


def byline_name(line: str) -> str | None:
    """The name a byline gives ("By Sarah Kline", "By Karen Lowe, June 3, 2016",
    "Por Ana Pérez"), or ``None``: a sentence starting with "By" ("By March,
    the fund was empty.", "Par ailleurs, …") ends like one (:data:`BODY_TEXT`)
    and is no byline."""
    m = BY_NAME.match(line)
    if m is None or BODY_TEXT.search(line.strip()):
        return None
    return m["name"]
