from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from discourse.errors import IngestError
from discourse.ingest import detect_format, load, read_path
from discourse.ingest._text import BLOCK_TAGS
from discourse.segment import segment_threads
from tests.ingest.dates import OTHER_LANGUAGE_DATES

from ..conftest import FIXTURES

WORDPRESS = FIXTURES / "ingest" / "wordpress-post.html"
NO_COMMENTS = FIXTURES / "ingest" / "no-comments.html"


def test_wordpress_page_gives_article_and_nested_comments():
    (thread,) = read_path(WORDPRESS)
    assert thread.id == "wordpress-post"
    assert thread.title == "Should Portugal’s drug model cross the Atlantic?"
    assert thread.url == "https://policynotes.example.org/2012/03/portugal-drug-model/"
    assert thread.published == "2012-03-05T08:30:00+00:00"
    assert thread.article.speaker == "Maria Lopes"
    assert [c.speaker for c in thread.comments] == [
        "Tom Reyes",
        "Maria Lopes",
        "Ana Gómez",
        "Derrick",
    ]
    tom, maria, ana, derrick = thread.comments
    assert tom.reply_to == thread.article.id
    assert maria.reply_to == tom.id  # depth 2
    assert ana.reply_to == maria.id  # depth 3
    assert derrick.reply_to == thread.article.id  # back at the top level
    assert tom.timestamp == "2012-03-05T10:02:00+00:00"
    assert derrick.timestamp == "2012-03-06T09:00:00+00:00"
    assert thread.meta["categories"] == ["Drug policy"]
    assert thread.meta["tags"] == ["Portugal"]


def test_paragraphs_are_kept_and_furniture_dropped():
    (thread,) = read_path(WORDPRESS)
    article = thread.article
    assert len(article.paragraphs) == 4
    assert article.text.startswith("In 2001 Portugal decriminalised")
    assert article.text.endswith("another $100 million on interdiction.")
    assert thread.comments[0].text == (
        "Decriminalisation worked in Portugal because they funded treatment. "
        "Without the money it is just a slogan.\n\nMexico cannot afford that right now."
    )
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in (
        "Share this",
        "Twitter",
        "Like this",
        "_gaq",
        "jetpackLikes",
        "font-family",
        "Leave a Reply",
        "Reply",
        "says:",
        "Pingback",
        "Recent posts",
        "Previous post",
        "powered by WordPress",
        "Posted in",
        "Photo: Policy Notes",
    ):
        assert junk not in everything, junk


def test_page_without_comments_gives_the_article_and_warns(tmp_path: Path):
    loaded = load(NO_COMMENTS)
    (thread,) = loaded.threads
    assert thread.comments == []
    assert thread.title == "Cannabis clubs in Uruguay"
    assert thread.article.speaker == "J. Brandt"
    assert thread.published == "2013-08-01T09:00:00-03:00"
    assert thread.article.text == (
        "Uruguay's lower house voted to create a regulated cannabis market run by the state."
        "\n\nSupporters say it will take business away from traffickers; opponents fear more "
        "use among teenagers."
    )
    assert any("[W002]" in w and "no-comments.html" in w for w in loaded.warnings)


GENERIC = """<!doctype html>
<html><head><title>Forum: should cannabis be legal?</title></head>
<body>
<div class="story"><p>The city council debates a cannabis dispensary.</p></div>
<div class="comment" id="c1">
  <span class="author">Bea</span> <span class="date">2014-01-02</span>
  <p>Yes, regulate it.</p>
  <div class="replies">
    <div class="comment" id="c2"><span class="author">Cole</span><p>No way.</p><p>Think of the kids.</p></div>
  </div>
</div>
<div class="comment" id="c3"><span class="author">Dee</span><p>Tax it.</p></div>
</body></html>
"""


def test_generic_comment_blocks_are_read_with_nesting(tmp_path: Path):
    f = tmp_path / "forum.html"
    f.write_text(GENERIC, encoding="utf-8")
    (thread,) = read_path(f)
    assert thread.article.text == "The city council debates a cannabis dispensary."
    bea, cole, dee = thread.comments
    assert (bea.speaker, cole.speaker, dee.speaker) == ("Bea", "Cole", "Dee")
    assert bea.text == "Yes, regulate it."
    assert bea.timestamp == "2014-01-02"
    assert cole.text == "No way.\n\nThink of the kids."
    assert cole.reply_to == bea.id
    assert dee.reply_to == thread.article.id


def test_html_saved_as_txt_is_sniffed(tmp_path: Path):
    f = tmp_path / "saved-page.txt"
    shutil.copy(WORDPRESS, f)
    assert detect_format(f, f.read_text(encoding="utf-8")).name == "html"
    (thread,) = read_path(f)
    assert len(thread.comments) == 4


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><script>x()</script><nav>Home</nav></body></html>",
        # cut off inside <head>: the doctype's "html" was stored as the article
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<title>Some post</title>\n<link rel="stylesheet" href="style.css" type="text/css',
    ],
)
def test_page_with_no_text_is_a_clear_error(tmp_path: Path, page: str):
    f = tmp_path / "blank.html"
    f.write_text(page, encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E009\].*blank\.html"):
        load(f)


@pytest.mark.parametrize("fixture", [WORDPRESS, NO_COMMENTS])
def test_segment_offsets_map_back(nlp, fixture: Path):
    threads = read_path(fixture)
    segments = list(segment_threads(threads, nlp))
    assert segments
    by_id = {u.id: u for t in threads for u in t.utterances}
    for seg in segments:
        assert by_id[seg.utterance_id].text[seg.start : seg.end] == seg.text
    assert {s.utterance_id for s in segments} == set(by_id)


CLASSIC = """<html><head><title>Guns and cartels &laquo; Border Blog</title></head><body>
<div class="post" id="post-9"><h2>Guns and cartels</h2>
<div class="entry"><p>Most guns seized in Mexico come from the U.S.</p></div>
<p class="postmetadata">Posted by nhughes in <a href="/c/" rel="category tag">Foreign Policy</a></p></div>
<h3 id="comments">2 Responses</h3>
<ol class="commentlist">
<li class="comment even thread-even depth-1" id="li-comment-7"><div id="comment-7" class="comment-body">
  <div class="comment-author vcard"><img class="avatar" src="a.png"/><cite class="fn">Aaron B</cite> <span class="says">says:</span></div>
  <div class="comment-meta commentmetadata"><a href="#comment-7">November 18, 2011 at 3:04 pm</a></div>
  <p>Stop the guns going south.</p><p>Then talk.</p>
  <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div></div>
  <ul class="children"><li class="comment odd depth-2" id="li-comment-8"><div class="comment-body">
    <div class="comment-author vcard"><cite class="fn"><a href="http://x.org" class="url">Matt Yankee</a></cite> <span class="says">says:</span></div>
    <div class="comment-meta commentmetadata"><a href="#comment-8">November 18, 2011 at 5:10 pm</a></div>
    <p>Guns are not the problem, demand is.</p></div></li></ul>
</li></ol></body></html>
"""


def test_classic_wordpress_comment_markup(tmp_path: Path):
    f = tmp_path / "guns.html"
    f.write_text(CLASSIC, encoding="utf-8")
    (thread,) = read_path(f)
    assert thread.title == "Guns and cartels"
    assert thread.article.text == "Most guns seized in Mexico come from the U.S."
    aaron, matt = thread.comments
    assert (aaron.speaker, matt.speaker) == ("Aaron B", "Matt Yankee")
    assert aaron.text == "Stop the guns going south.\n\nThen talk."
    assert aaron.timestamp == "November 18, 2011 at 3:04 pm"
    assert matt.reply_to == aaron.id and matt.text == "Guns are not the problem, demand is."


# ---------------------------------------------------------------------------
# comment markup of the platforms analysts save pages from (hand-made fixtures)

SAVED = FIXTURES / "ingest"
GENESIS = SAVED / "html-wordpress-genesis.html"
WP_SIBLING = SAVED / "html-wordpress-sibling-children.html"
SIBLING = SAVED / "html-sibling-replies.html"
BLOGGER = SAVED / "html-blogger.html"
DISQUS = SAVED / "html-disqus.html"
NEWS = SAVED / "html-news-schema.html"
DISCOURSE = SAVED / "html-discourse.html"

_SPACES = re.compile(r"[\s\u00a0\u200b]+")
_TAG = re.compile(r"""</?([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _visible(fragment: str) -> str:
    """A source span as a reader sees it: no comments or tags (block tags and
    ``<br>`` stand for a space), entities decoded, whitespace normalised."""
    fragment = re.sub(r"<!--.*?-->", "", fragment, flags=re.DOTALL)
    fragment = _TAG.sub(
        lambda m: " " if m.group(1).lower() in BLOCK_TAGS | {"br"} else "", fragment
    )
    return _SPACES.sub(" ", html.unescape(fragment)).strip()


def _check_page(path: Path, nlp, expected: list[tuple[str, str, int | None, str | None]]):
    """Read ``path`` and check its comments against ``expected`` rows of
    ``(speaker, first words, index of the comment answered or None for the
    article, timestamp)``; check that every segment maps back into the file."""
    (thread,) = read_path(path)
    comments = thread.comments
    assert len(comments) == len(expected), [c.speaker for c in comments]
    for c, (speaker, start, parent, stamp) in zip(comments, expected, strict=True):
        assert c.speaker == speaker
        assert c.text.startswith(start), (speaker, c.text)
        answered = thread.article.id if parent is None else comments[parent].id
        assert c.reply_to == answered, (speaker, c.reply_to)
        assert c.timestamp == stamp, speaker
    for c in comments:  # no comment leaks into the article, nor one into another
        assert c.text[:40] not in thread.article.text
    src = path.read_text(encoding="utf-8")
    segments = list(segment_threads([thread], nlp))
    assert {s.utterance_id for s in segments} == {u.id for u in thread.utterances}
    for seg in segments:
        assert seg.source_start is not None and seg.source_end is not None, seg.id
        assert _visible(src[seg.source_start : seg.source_end]) == _SPACES.sub(" ", seg.text)
    return thread


def test_wordpress_genesis_children_inside_the_comment(nlp):
    thread = _check_page(
        GENESIS,
        nlp,
        [
            ("Priya Nair", "The law was never the problem.", None, "2023-02-14T09:12:33+00:00"),
            ("Walt Becker", "Priya, my deputies wrote", 0, "2023-02-14T11:40:02+00:00"),
            ("Dana Hollis", "Walt is right about the hotline.", 1, "2023-02-14T13:05:47+00:00"),
            ("Lena K.", "Portugal spent years building", None, "2023-02-15T08:00:19+00:00"),
        ],
    )
    assert thread.title == "What Oregon’s Measure 110 taught us"
    assert (thread.article.speaker, thread.published) == (
        "Dana Hollis",
        "2023-02-14T07:45:00+00:00",
    )
    assert thread.article.text.startswith("In 2021 Oregon became the first American state")
    assert thread.article.text.endswith("took barely a hundred calls.")
    assert thread.comments[2].text == (
        "Walt is right about the hotline. The audit by the Secretary of State found it cost "
        "$1.4 million & answered 119 calls.\nThat is roughly twelve thousand dollars a call."
    )
    # Jetpack's comment like button and count sit inside .comment-content
    assert thread.comments[3].text == (
        "Portugal spent years building clinics before it changed the law. "
        "Oregon did it the other way round."
    )
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in ("Pingback", "roundup", "says", "Reply", "Leave a Reply", "Recent Posts", "Skip"):
        assert junk not in everything, junk


def test_wordpress_children_list_after_the_comment_not_inside_it(nlp):
    """A theme closing ``</li>`` before ``<ul class="children">``: the replies used
    to be dropped altogether; they answer the comment just before their list."""
    thread = _check_page(
        WP_SIBLING,
        nlp,
        [
            ("Pastor Jim Wheeler", "Handing out needles", None, "June 3, 2012 at 4:12 pm"),
            ("Nurse Alvarez", "Jim, I treat the abscesses.", 0, "June 3, 2012 at 6:40 pm"),
            ("Pastor Jim Wheeler", "Fair enough.", 1, "June 4, 2012 at 8:02 am"),
            ("hepC_survivor", "Treatment cost me", None, "June 3, 2012 at 9:15 pm"),
            ("Carol Dempsey", "The state health department", None, "June 5, 2012 at 10:30 am"),
        ],
    )
    assert thread.title == "Needle exchanges in Appalachia"
    assert thread.article.text.startswith("Scott County, Indiana, had no needle exchange")
    assert thread.article.text.endswith("far more than clean syringes.")
    assert thread.comments[2].text == (
        "Fair enough. Could the exchange at least refer people to a recovery program & keep "
        "records?\nThat I could support."
    )
    assert "Kratom" not in thread.article.text and "Archives" not in thread.article.text


def test_replies_in_a_sibling_block_after_the_comment(nlp):
    """``div.replies``, ``div.comment-replies`` and ``ul.children`` placed after a
    comment hold its answers (they used to be read as comments on the article)."""
    thread = _check_page(
        SIBLING,
        nlp,
        [
            ("GabrielM", "Soldiers are not trained", None, "2019-09-03 14:22"),
            ("Rosa Ibarra", "The federal police were worse", 0, "2019-09-03 15:05"),
            ("GabrielM", "Read the human rights commission report", 1, "2019-09-03 16:47"),
            ("truckerjoe", "I drive that road", None, "2019-09-04 07:30"),
            ("Inés Valdivia", "Thank you, that matches", 3, "2019-09-04 09:12"),
            ("M. Okafor", "Follow the money", None, "2019-09-05 18:40"),
        ],
    )
    assert thread.title == "Checkpoints on the Pan-American Highway"
    assert thread.article.speaker == "Inés Valdivia"
    assert thread.article.text == (
        "Every truck heading north from the Guatemalan border now passes four military "
        "checkpoints before it reaches Mexico City. The army says the stops seized eleven tonnes "
        "of cocaine last year.\n\nDrivers tell a different story: most seizures happen at the "
        "ports, and the roadside stops mainly collect small bribes."
    )
    assert thread.comments[2].text == (
        "Read the human rights commission report & count the complaints against the army."
        "\nThey tripled after 2007."
    )


def test_blogger_threaded_comments(nlp):
    """Blogger wraps the whole post in ``div.widget``: it must not be taken for a
    sidebar widget (the page used to give nothing at all, E009)."""
    thread = _check_page(
        BLOGGER,
        nlp,
        [
            ("Lucía Moreno", "My family grows coffee", None, "May 8, 2013 at 11:30 AM"),
            ("Andrés Quintero", "Lucía, the Ombudsman's 2012 report", 0, "May 8, 2013 at 1:00 PM"),
            ("Anonymous", "@Andrés Quintero complaints go nowhere", 0, "May 8, 2013 at 3:02 PM"),
            ("DEA Watcher", "Spraying was always about", None, "May 9, 2013 at 10:15 AM"),
            ("Sofía R.", "Numbers that the UN survey", 3, "May 9, 2013 at 6:00 PM"),
        ],
    )
    assert thread.title == "Aerial spraying in Colombia: ten years of glyphosate"
    assert thread.article.speaker == "Andrés Quintero"
    assert thread.published == "2013-05-08T09:30:00-05:00"
    assert thread.meta["tags"] == ["Colombia", "eradication"]
    assert len(thread.article.paragraphs) == 3
    assert thread.article.text.startswith("Since 2000 the Colombian police")
    assert thread.article.text.endswith("from mines and snipers.")
    assert thread.comments[1].text == (
        "Lucía, the Ombudsman's 2012 report lists 300 complaints like yours & almost none were "
        "paid.\nDid you file one?"
    )
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in ("Replies", "Delete", "Reply", "Email This", "Newer Post", "Blog Archive", "Note:"):
        assert junk not in everything, junk


def test_disqus_comments_rendered_in_the_page(nlp):
    """Disqus' ``ul#post-list`` of ``li.post`` used to be dropped with
    ``#disqus_thread``: the page gave its article only."""
    thread = _check_page(
        DISQUS,
        nlp,
        [
            ("Maria Cruz", "I live in Tondo.", None, "Tuesday, March 12, 2019 7:41 AM"),
            ("Dindo", "The streets are safer now.", 0, "Tuesday, March 12, 2019 9:03 AM"),
            ("Maria Cruz", "Safer for whom?", 1, "Tuesday, March 12, 2019 10:27 AM"),
            ("Jan van den Berg", "I am so sorry, Maria.", 0, "Tuesday, March 12, 2019 1:15 PM"),
            (
                "policywonk88",
                "Thailand tried the same thing",
                None,
                "Wednesday, March 13, 2019 2:48 AM",
            ),
        ],
    )
    assert thread.title == "Why the Philippines' drug war failed"
    assert thread.article.speaker == "Ramon Santos"
    assert thread.article.text.startswith("Since 2016 the Philippine police")
    assert thread.article.text.endswith("were rarely arrested.")
    assert thread.comments[2].text == (
        "Safer for whom? The police's own figures show robbery & homicide barely moved."
        "\nAnd shabu costs the same."
    )
    assert thread.comments[4].text.endswith("\n\nNobody learned anything.")
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in ("years ago", "Vote up", "Reply", "Share", "Load more", "Powered by", "Sort by"):
        assert junk not in everything, junk


def test_news_site_schema_org_comments_with_parent_ids(nlp):
    """Flat ``article.comment[itemtype=…/Comment]`` elements answering each other by
    ``data-parent-id`` (they used to all answer the article, speakers "anonymous")."""
    thread = _check_page(
        NEWS,
        nlp,
        [
            ("ElspethG", "My brother died alone", None, "2021-06-14T07:12:00+01:00"),
            ("Hamish_D", "Sorry for your loss.", 0, "2021-06-14T07:55:00+01:00"),
            ("Dr Aileen Shaw", "Hamish, the Glasgow pilot", 1, "2021-06-14T09:30:00+01:00"),
            ("K. Lindqvist", "The law is reserved", None, "2021-06-14T10:02:00+01:00"),
            ("ElspethG", "People are dying while", 3, "2021-06-14T10:40:00+01:00"),
            ("Paul O'Neill", "Portugal did this", None, "2021-06-14T12:18:00+01:00"),
        ],
    )
    assert thread.title == "Scotland asks for power to open drug consumption rooms"
    assert (thread.article.speaker, thread.published) == (
        "Fiona McRae",
        "2021-06-14T06:00:00+01:00",
    )
    assert (
        thread.url
        == "https://northernledger.example.co.uk/news/2021/06/14/scotland-drug-consumption-rooms"
    )
    assert len(thread.article.paragraphs) == 3
    assert thread.article.text.startswith("Scotland recorded 1,339 drug deaths in 2020")
    assert thread.article.text.endswith("without a single overdose death on site.")
    assert thread.comments[2].text == (
        "Hamish, the Glasgow pilot was designed with referral & detox beds attached. "
        "See the business case.\nBoth, not either."
    )
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in (
        "Read more",
        "Naloxone kits",
        "recommend",
        "Reply",
        "Sort by",
        "Most read",
        "Subscribe",
        "Advertisement",  # div.ad-slot and div.newsletter-signup inside the article body
        "newsletter",
    ):
        assert junk not in everything, junk


def test_discourse_topic_first_post_is_the_article(nlp):
    """A Discourse topic: post #1 is the article, ``a.reply-to-tab`` names the
    user answered (their latest earlier post), a post without one answers the topic.
    Before, the page gave post #1 with its user names and topic map as the article
    and lost posts #2 to #6."""
    thread = _check_page(
        DISCOURSE,
        nlp,
        [
            ("tom_h", "Philadelphia tried this with Safehouse", None, "2021-11-30T16:25:00+00:00"),
            ("nurse_lee", "I worked at the Vancouver site", None, "2021-11-30T18:47:00+00:00"),
            ("maria_o", "Tom, the difference is", 0, "2021-12-01T09:10:00+00:00"),
            ("jcarver", "Neighbours in East Harlem", None, "2021-12-01T13:33:00+00:00"),
            ("tom_h", "Daring Washington works", 2, "2021-12-02T08:05:00+00:00"),
        ],
    )
    assert thread.title == "Overdose prevention centres open in New York"
    assert thread.id == "html-discourse"
    assert thread.article.speaker == "maria_o"
    assert thread.published == "2021-11-30T15:02:00+00:00"
    assert thread.meta["categories"] == ["Policy"] and thread.meta["tags"] == ["harm-reduction"]
    assert len(thread.article.paragraphs) == 3
    assert thread.article.text.startswith("New York City opened the first two")
    assert thread.article.text.endswith("looking the other way.")
    assert thread.comments[2].text == (
        "Tom, the difference is that New York did not ask first. The mayor opened them & dared "
        "Washington to act; see the city press release.\nSo far nobody has."
    )
    everything = "\n".join(u.text for u in thread.utterances)
    # a link preview (aside.onebox) is not what the poster wrote, and a quoted
    # post (aside.quote) is the other post's words, counted once, under its own speaker
    assert thread.article.text.count("fare any better") == 0
    assert thread.comments[0].text.count("fare any better") == 1
    for junk in (
        "Suggested Topics",
        "Log In",
        "Reply",
        "views",
        "Maria Ortega",
        "Nov '21",
        "tom_h:",
        "NYC Health",
        "www1.example.gov",
    ):
        assert junk not in everything, junk


FLAT = """<!doctype html><html><head><title>Hemp rules</title></head><body>
<article><div class="article-body"><p>The farm bill legalised hemp.</p></div></article>
<div class="comments">
<div class="comment" data-comment-id="3" data-parent-id="2"><b class="author">Cy</b><p>Newest first.</p></div>
<div class="comment" data-comment-id="2" data-parent-id="1"><b class="author">Bo</b><p>Middle.</p></div>
<div class="comment" data-comment-id="1"><b class="author">Al</b><p>Oldest.</p></div>
<div class="comment" data-comment-id="5" data-parent-id="6"><b class="author">Di</b><p>Loop one.</p></div>
<div class="comment" data-comment-id="6" data-parent-id="5"><b class="author">Ed</b><p>Loop two.</p></div>
<div class="comment" data-comment-id="7" data-parent-id="99"><b class="author">Fay</b><p>Parent gone.</p></div>
</div></body></html>
"""


def test_parent_ids_may_point_forward_and_circles_or_missing_parents_fall_back(tmp_path: Path):
    f = tmp_path / "hemp.html"
    f.write_text(FLAT, encoding="utf-8")
    (thread,) = read_path(f)
    cy, bo, al, di, ed, fay = thread.comments
    assert (cy.reply_to, bo.reply_to, al.reply_to) == (bo.id, al.id, thread.article.id)
    # a circle of references: the first of it in page order is read by its markup
    assert (di.reply_to, ed.reply_to) == (thread.article.id, di.id)
    assert fay.reply_to == thread.article.id
    assert thread.article.text == "The farm bill legalised hemp."


def test_page_saved_without_the_disqus_frame_gives_the_article(tmp_path: Path):
    f = tmp_path / "empty-disqus.html"
    f.write_text(
        '<html><body><article class="post"><div class="post-content"><p>Kratom is legal here.</p>'
        '</div></article><div id="disqus_thread"><noscript>Please enable JavaScript</noscript>'
        "</div></body></html>",
        encoding="utf-8",
    )
    loaded = load(f)
    (thread,) = loaded.threads
    assert thread.article.text == "Kratom is legal here." and thread.comments == []
    assert any("[W002]" in w for w in loaded.warnings)


def test_a_circle_through_nesting_is_broken_at_its_first_comment(tmp_path: Path):
    """A answers C by reference, B sits in A, C answers B: A is placed by the markup."""
    f = tmp_path / "circle.html"
    f.write_text(
        '<html><body><article><div class="entry-content"><p>Khat is banned.</p></div></article>'
        '<div class="comment" data-comment-id="1" data-parent-id="3"><b class="author">A</b>'
        '<p>One.</p><div class="comment" data-comment-id="2"><b class="author">B</b><p>Two.</p>'
        '</div></div><div class="comment" data-comment-id="3" data-parent-id="2">'
        '<b class="author">C</b><p>Three.</p></div>'
        '<div class="comment" data-comment-id="4" data-parent-id="3"><b class="author">D</b>'
        "<p>Four.</p></div></body></html>",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    a, b, c, d = thread.comments
    assert [x.text for x in (a, b, c, d)] == ["One.", "Two.", "Three.", "Four."]
    assert (a.reply_to, b.reply_to, c.reply_to, d.reply_to) == (thread.article.id, a.id, b.id, c.id)


# --- adversarial pages


def test_a_comment_styled_pull_quote_in_the_article_stays_article_text(tmp_path: Path):
    f = tmp_path / "safe-supply.html"
    f.write_text(
        '<!DOCTYPE html><html><body><article class="post"><header>'
        '<a class="comments-link" href="#comments">2 Comments</a></header>'
        '<div class="entry-content"><p>Prescribing began in 2020.</p>'
        '<div class="comment">"We cannot arrest our way out," the minister said.</div>'
        "<p>Critics point to diversion.</p></div></article>"
        '<div id="comments"><div class="comment" id="c1" data-parent-id="c1">'
        '<span class="author">Lena</span><div class="comment-content"><p>Overstated.</p>'
        '</div></div><div class="comment" id="c2" data-parent-id="c99">'
        '<span class="author">Omar</span><div class="comment-content"><p>Which study?</p>'
        "</div></div></div></body></html>",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert thread.article.text.split("\n\n") == [
        "Prescribing began in 2020.",
        '"We cannot arrest our way out," the minister said.',
        "Critics point to diversion.",
    ]
    assert [(c.speaker, c.text, c.reply_to) for c in thread.comments] == [
        ("Lena", "Overstated.", thread.article.id),
        ("Omar", "Which study?", thread.article.id),
    ]


def test_cite_time_and_footer_in_a_comments_text_are_text_not_metadata(tmp_path: Path):
    f = tmp_path / "checking.html"
    f.write_text(
        '<!DOCTYPE html><html><body><article class="post"><div class="entry-content">'
        "<p>Drug checking tests pills.</p></div></article>"
        '<section class="comments"><article class="comment" id="c1">'
        '<span class="author">Lena</span> <span class="date">May 2, 2023</span>'
        "<p>Read <cite>Drug War Capitalism</cite> first.</p>"
        "<blockquote><p>Testing saves lives.</p><footer>a nurse in Leeds</footer></blockquote>"
        '<p>It opens at <time>9 am</time>, ask the <span class="name">nurse</span>.</p>'
        "</article></section></body></html>",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    (comment,) = thread.comments
    assert (comment.speaker, comment.timestamp) == ("Lena", "May 2, 2023")
    assert comment.text == (
        "Read Drug War Capitalism first.\n\nTesting saves lives.\n\na nurse in Leeds"
        "\n\nIt opens at 9 am, ask the nurse."
    )


# ---------------------------------------------------------------------------
# review fixes: Disqus replies inside .post-content, numberless Discourse
# posts, WordPress permalink dates, dashed site names in <title>


def _page(tmp_path: Path, name: str, markup: str):
    f = tmp_path / name
    f.write_text(markup, encoding="utf-8")
    return load(f)


def test_disqus_replies_inside_the_post_content_are_read_as_replies(tmp_path: Path):
    """``div.post-content`` is also an article-body name: a reply list inside it
    was taken for article text and the reply was lost without a word."""
    loaded = _page(
        tmp_path,
        "disqus-nested.html",
        """<html><body><article><p>Guns flow south.</p></article>
<ul id="post-list">
 <li class="post" id="post-111"><div class="post-content">
   <span class="author">GregT</span>
   <div class="post-message"><p>Close the gun shows.</p></div>
   <ul class="children">
     <li class="post" id="post-112"><div class="post-content">
       <span class="author">Ann</span>
       <div class="post-message"><p>That will not stop it.</p></div></div></li>
   </ul></div>
 </li>
</ul></body></html>""",
    )
    (thread,) = loaded.threads
    article, greg, ann = thread.utterances
    assert article.text == "Guns flow south."
    assert (greg.speaker, greg.text, greg.reply_to) == ("GregT", "Close the gun shows.", article.id)
    assert (ann.speaker, ann.text, ann.reply_to) == ("Ann", "That will not stop it.", greg.id)


def test_a_discourse_topic_without_post_numbers_opens_with_its_article(tmp_path: Path):
    loaded = _page(
        tmp_path,
        "d7.html",
        """<html><head><title>Decriminalize?</title></head><body>
<div class="topic-post"><span class="username">alice</span>
<div class="cooked"><p>Portugal decriminalized in 2001.</p></div></div>
<div class="topic-post"><span class="username">bob</span>
<div class="cooked"><p>And it worked.</p></div></div>
</body></html>""",
    )
    (thread,) = loaded.threads
    article, bob = thread.utterances
    assert (article.kind, article.speaker, article.text) == (
        "article",
        "alice",
        "Portugal decriminalized in 2001.",
    )
    assert (bob.kind, bob.reply_to) == ("comment", article.id)
    assert loaded.warnings == []


def test_a_later_page_of_a_topic_does_not_make_its_first_post_the_article(tmp_path: Path):
    loaded = _page(
        tmp_path,
        "page2.html",
        """<html><body>
<div class="topic-post" data-post-number="21"><span class="username">alice</span>
<div class="cooked"><p>Twenty-one.</p></div></div>
<div class="topic-post" data-post-number="22"><span class="username">bob</span>
<div class="cooked"><p>Twenty-two.</p></div></div></body></html>""",
    )
    assert [u.kind for u in loaded.threads[0].utterances] == ["comment", "comment"]


def test_wordpress_comment_date_is_the_permalink_not_the_authors_link(tmp_path: Path):
    loaded = _page(
        tmp_path,
        "wp-ts.html",
        """<html><body><article class="post"><div class="entry-content"><p>Article.</p></div></article>
<ol class="commentlist"><li class="comment" id="comment-11">
<div class="comment-meta"><cite class="fn"><a href="http://kim.example.com">Kim</a></cite>
<a href="#comment-11">January 6, 2013 at 8:00 am</a></div>
<div class="comment-content"><p>Not me.</p></div></li></ol></body></html>""",
    )
    (kim,) = loaded.threads[0].comments
    assert (kim.speaker, kim.timestamp, kim.text) == (
        "Kim",
        "January 6, 2013 at 8:00 am",
        "Not me.",
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Legalize it? - Drug Policy Forum", "Legalize it?"),
        ("Legalize it? &#8211; Drug Policy Forum", "Legalize it?"),
        ("Legalize it? — Voice of San Diego", "Legalize it?"),
        ("Legalize it? - drugpolicy.org", "Legalize it?"),
        ("Cost-benefit of prohibition - BBC News", "Cost-benefit of prohibition"),
        ("Drug courts - are they working? - Drug Policy Forum", "Drug courts - are they working?"),
        # a subtitle, not a site name: kept
        ("Mexico's drug war – a failure", "Mexico's drug war – a failure"),
        (
            "Prohibition - Why it failed, and what next",
            "Prohibition - Why it failed, and what next",
        ),
        ("Iran-Contra", "Iran-Contra"),
        ("- Drug Policy Forum", "- Drug Policy Forum"),
        # the site's name first: every post of such a blog was titled with it
        ("Drug War Blog | Plan Colombia, ten years on", "Plan Colombia, ten years on"),
        (
            "Drug War Blog &raquo; Blog Archive &raquo; Plan Colombia, ten years on",
            "Plan Colombia, ten years on",
        ),
        ("Guns and cartels &laquo; Border Blog", "Guns and cartels"),
        ("Plan Colombia | Drug War Blog", "Plan Colombia"),
    ],
)
def test_a_dashed_site_name_is_cut_from_the_title(tmp_path: Path, title: str, expected: str):
    loaded = _page(
        tmp_path,
        "t.html",
        f"<html><head><title>{title}</title></head><body><article>"
        '<div class="entry-content"><p>Text.</p></div></article></body></html>',
    )
    assert loaded.threads[0].title == expected


# ---------------------------------------------------------------------------
# comment markup that was lost or misread: classic Blogger, furniture-named
# comments, unknown author markup, old WordPress themes, removed comments

BLOGGER_CLASSIC = """<!DOCTYPE html><html><head><title>Border Notes: The price of the drug war</title></head>
<body><div class='widget Blog' id='Blog1'><div class='post hentry'>
<h3 class='post-title entry-title'>The price of the drug war</h3>
<div class='post-body entry-content'>Every kilo passes through Honduras.<br /><br />Demand decides.</div>
<div class='post-footer'><span class='post-author vcard'>Posted by <span class='fn'>Dan Whitfield</span></span>
<abbr class='published' title='2011-11-15T21:12:00-06:00'>9:12 PM</abbr></div></div>
<div class='comments' id='comments'><h4>3 comments:</h4>
<dl class='avatar-comment-indent' id='comments-block'>
<dt class='comment-author ' id='c111'><a name='c111'></a>
<div class="avatar-image-container"><img src="blank.gif" title="Anonymous"></div>
Anonymous said...
</dt>
<dd class='comment-body' id='Blog1_cmt-111'><p>Interdiction has never worked.</p></dd>
<dd class='comment-footer'><span class='comment-timestamp'><a href='#c111' title='comment permalink'>November 16, 2011 at 2:41 AM</a>
<span class='item-control blog-admin'><a class='comment-delete' href='#' title='Delete Comment'><img src='d.gif'/></a></span></span></dd>
<dt class='comment-author blog-author' id='c222'><a name='c222'></a>
<a href='https://www.blogger.com/profile/1' rel='nofollow'>Dan Whitfield</a> said...
</dt>
<dd class='comment-body' id='Blog1_cmt-222'><p>Higher prices also keep some people from using.</p></dd>
<dd class='comment-footer'><span class='comment-timestamp'><a href='#c222'>November 16, 2011 at 8:03 AM</a></span></dd>
<dt class='comment-author ' id='c333'><a href='https://www.blogger.com/profile/2' rel='nofollow'>Rosa M.</a> said...</dt>
<dd class='comment-body' id='Blog1_cmt-333'><p>They see a war on them.</p></dd>
<dd class='comment-footer'><span class='comment-timestamp'><a href='#c333'>November 17, 2011 at 6:55 PM</a></span></dd>
</dl>
<p class='comment-footer'><a href='https://www.blogger.com/comment.g?blogID=1'>Post a Comment</a></p>
</div></div></body></html>
"""


def test_classic_blogger_comment_block_is_read(nlp, tmp_path: Path):
    """``dl#comments-block`` of ``dt.comment-author`` / ``dd.comment-body``: the page
    gave its article only, with W002 and the article's speaker ``unknown``."""
    f = tmp_path / "blogger-classic.html"
    f.write_text(BLOGGER_CLASSIC, encoding="utf-8")
    thread = _check_page(
        f,
        nlp,
        [
            ("Anonymous", "Interdiction has never worked.", None, "November 16, 2011 at 2:41 AM"),
            ("Dan Whitfield", "Higher prices also", None, "November 16, 2011 at 8:03 AM"),
            ("Rosa M.", "They see a war on them.", None, "November 17, 2011 at 6:55 PM"),
        ],
    )
    assert thread.article.speaker == "Dan Whitfield"
    assert thread.article.text == "Every kilo passes through Honduras.\n\nDemand decides."
    assert [c.meta["html_id"] for c in thread.comments] == ["c111", "c222", "c333"]
    assert not [w for w in load(f).warnings if "[W002]" in w]
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in ("said", "Post a Comment", "comments:", "Delete"):
        assert junk not in everything, junk


@pytest.mark.parametrize(
    "extra", ["reply", "navigation", "widget", "says", "share-box", "screen-reader-text"]
)
def test_a_comment_with_a_furniture_class_is_still_a_comment(tmp_path: Path, extra: str):
    """``article.comment.reply`` (a news site's reply) was deleted as page
    furniture with its text, silently."""
    loaded = _page(
        tmp_path,
        "reply-class.html",
        '<html><body><article><div class="entry-content"><p>Drug courts send people to '
        'treatment.</p></div></article><section id="comments" class="comments">'
        '<article class="comment" id="cmt-9001" data-comment-id="9001">'
        '<span class="comment-author">GregT</span><div class="comment-body"><p>Fund '
        'treatment.</p></div><footer class="comment-actions"><button>Reply</button></footer>'
        f'</article><article class="comment {extra}" id="cmt-9002" data-comment-id="9002" '
        'data-parent-id="9001"><span class="comment-author">Marisol_Tx</span>'
        '<div class="comment-body"><p>Treatment does not stop the Zetas.</p></div></article>'
        f'<div class="{extra}"><a href="#">Reply</a></div></section></body></html>',
    )
    (thread,) = loaded.threads
    greg, marisol = thread.comments
    assert (marisol.speaker, marisol.text, marisol.reply_to) == (
        "Marisol_Tx",
        "Treatment does not stop the Zetas.",
        greg.id,
    )
    assert "Reply" not in "\n".join(u.text for u in thread.utterances)


@pytest.mark.parametrize(
    "markup",
    [
        '<strong class="comment-author-name">{name}</strong>',
        '<span class="user-name">{name}</span>',
        '<span class="commenter">{name}</span>',
        '<b class="author-name">{name}</b>',
        '<span class="comment__author">{name}</span>',
        '<span class="nickname">{name}</span>',
    ],
)
def test_common_author_classes_name_the_commenter(tmp_path: Path, markup: str):
    """Every commenter used to be "anonymous", and the header's "Tina P. wrote on
    June 3, 2016 at 4:12pm:" the timestamp."""
    comments = "".join(
        f'<div class="comment" id="c-{k}"><div class="comment-meta">'
        f"{markup.format(name=name)} wrote on June {k}, 2016 at 4:12pm:</div>"
        f'<div class="comment-text"><p>{text}</p></div><a class="reply-link">Reply</a></div>'
        for k, (name, text) in enumerate([("Tina P.", "It saved his life."), ("Rick", "No.")], 3)
    )
    loaded = _page(
        tmp_path,
        "authors.html",
        '<html><body><div class="article-text"><p>Drug courts send people to treatment.</p>'
        f'</div><div id="comments"><h3>Reader comments (2)</h3>{comments}</div></body></html>',
    )
    assert [(c.speaker, c.timestamp, c.text) for c in loaded.threads[0].comments] == [
        ("Tina P.", "June 3, 2016 at 4:12pm", "It saved his life."),
        ("Rick", "June 4, 2016 at 4:12pm", "No."),
    ]
    assert not [w for w in loaded.warnings if "[W036]" in w]


def test_comments_whose_author_is_not_found_are_reported(tmp_path: Path):
    loaded = _page(
        tmp_path,
        "nameless.html",
        '<html><body><article><div class="entry-content"><p>Article.</p></div></article>'
        '<div class="comment"><span class="handle">Tina</span><div class="comment-text">'
        '<p>It saved his life.</p></div></div><div class="comment"><span class="handle">Rick'
        '</span><div class="comment-text"><p>No.</p></div></div></body></html>',
    )
    assert [c.speaker for c in loaded.threads[0].comments] == ["anonymous", "anonymous"]
    (warning,) = [w for w in loaded.warnings if "[W036]" in w]
    assert "nameless.html" in warning and "2 comment(s)" in warning
    assert "It saved his life." in warning


KUBRICK = """<html><head><title>Drug War Blog &raquo; Blog Archive &raquo; Plan Colombia, ten years on</title></head>
<body><div id="page"><div id="header"><h1><a href="/">Drug War Blog</a></h1></div>
<div id="content" class="widecolumn">
<div class="navigation"><div class="alignleft">&laquo; <a href="/prev">Previous</a></div></div>
<div class="post" id="post-12"><h2>Plan Colombia, ten years on</h2>
<div class="entry"><p>Coca cultivation in the Andes has barely moved.</p>
<p class="postmetadata alt"><small>This entry was posted on Monday, July 12th, 2010.</small></p>
</div></div>
<h3 id="comments">3 Responses to &#8220;Plan Colombia, ten years on&#8221;</h3>
<ol class="commentlist">
<li class="alt" id="comment-31">
<cite><a href='http://x.example' rel='external nofollow' class='url'>Carlos V.</a></cite> Says:<br />
<small class="commentmetadata"><a href="#comment-31" title="">July 12th, 2010 at 10:02 am</a> </small>
<p>The balloon effect is real.</p>
</li>
<li id="comment-32">
<cite>Maureen</cite> Says:<br />
<small class="commentmetadata"><a href="#comment-32" title="">July 12th, 2010 at 11:15 am</a> </small>
<p>But violence in Colombia did fall.</p>
<p>Give some credit.</p>
</li>
<li class="alt" id="comment-33">
<cite><a href='http://y.example' rel='external nofollow' class='url'>Weekly links &laquo; Other Blog</a></cite> Says:<br />
<small class="commentmetadata"><a href="#comment-33" title="">July 13th, 2010 at 1:00 am</a> </small>
<p>[...] Plan Colombia, ten years on [...]</p>
</li>
</ol>
<h3 id="respond">Leave a Reply</h3>
</div></div></body></html>
"""


def test_old_wordpress_kubrick_theme(nlp, tmp_path: Path):
    """Kubrick titles the post with a bare ``h2`` and the page with the blog's name
    first (the thread was titled "Drug War Blog"), prints "Says:" after each
    name (a segment of its own in every comment) and gives a trackback no class
    (it was read as a comment by "Weekly links « Other Blog")."""
    f = tmp_path / "kubrick.html"
    f.write_text(KUBRICK, encoding="utf-8")
    thread = _check_page(
        f,
        nlp,
        [
            ("Carlos V.", "The balloon effect is real.", None, "July 12th, 2010 at 10:02 am"),
            ("Maureen", "But violence", None, "July 12th, 2010 at 11:15 am"),
        ],
    )
    assert thread.title == "Plan Colombia, ten years on"
    assert thread.article.text == "Coca cultivation in the Andes has barely moved."
    assert thread.comments[1].text == "But violence in Colombia did fall.\n\nGive some credit."
    assert "Says" not in "\n".join(c.text for c in thread.comments)


@pytest.mark.parametrize(
    "placeholder",
    [
        "This comment has been removed by the author.",
        "This comment has been removed by a blog administrator.",
        "[deleted]",
    ],
)
def test_a_removed_comment_is_skipped_and_its_replies_move_up(tmp_path: Path, placeholder: str):
    """Blogger keeps a deleted comment's place with a placeholder: it was analysed
    as a comment by "Anonymous"."""
    loaded = _page(
        tmp_path,
        "removed.html",
        '<html><body><div class="post hentry"><div class="post-body entry-content">Uruguay '
        "regulates cannabis.</div></div><div class='comments' id='comments'><ol>"
        "<li class='comment' id='c1'><cite class='user'>Gabriela R.</cite>"
        "<p class='comment-content'>Finally.</p><div class='comment-replies'><ol>"
        "<li class='comment' id='c2'><cite class='user'>Anonymous</cite>"
        f"<p class='comment-content'>{placeholder}</p><div class='comment-replies'><ol>"
        "<li class='comment' id='c3'><cite class='user'>Marcos</cite>"
        "<p class='comment-content'>The dealer today is a cartel.</p></li>"
        "</ol></div></li></ol></div></li></ol></div></body></html>",
    )
    (thread,) = loaded.threads
    gabriela, marcos = thread.comments
    assert (marcos.speaker, marcos.reply_to) == ("Marcos", gabriela.id)
    assert placeholder not in "\n".join(u.text for u in thread.utterances)


UNKNOWN_COMMENTS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Drug courts: do they work?</title></head>
<body><div class="wrap"><h1>Drug courts: do they work?</h1>
<div class="story"><p>Drug courts send people to treatment instead of prison.</p>
<p>Graduates re-offend less, but many never graduate.</p></div>
<div id="talk"><h3>{heading}</h3>
<div class="cmt" id="cmt-1"><div class="cmt-head"><b>Tina P.</b> · June 3, 2016</div>
<p>My son went through drug court. It saved his life.</p></div>
<div class="cmt" id="cmt-2"><div class="cmt-head"><b>Rick</b> · June 3, 2016</div>
<p>Coerced treatment is still coercion.</p></div>
</div></div>
<p>© 2016 City Weekly</p></body></html>
"""


HEADINGS = ["Reader comments (2)", "2 Comments", "Comments", "2 Responses to “Drug courts”"]


@pytest.mark.parametrize("heading", HEADINGS)
def test_comments_in_unknown_markup_are_read_by_their_shape(tmp_path: Path, heading: str):
    """Repeated blocks under a comment heading, each a name (``<b>``), a date
    beside it and a paragraph: they were left out of the article with W035, and
    the user lost every comment."""
    loaded = _page(tmp_path, "talk.html", UNKNOWN_COMMENTS.format(heading=heading))
    (thread,) = loaded.threads
    assert thread.article.text == (
        "Drug courts send people to treatment instead of prison.\n\n"
        "Graduates re-offend less, but many never graduate."
    )
    assert [(c.speaker, c.timestamp, c.text, c.reply_to) for c in thread.comments] == [
        (
            "Tina P.",
            "June 3, 2016",
            "My son went through drug court. It saved his life.",
            thread.article.id,
        ),
        ("Rick", "June 3, 2016", "Coerced treatment is still coercion.", thread.article.id),
    ]
    assert loaded.warnings == []


@pytest.mark.parametrize("heading", HEADINGS)
def test_comments_in_unknown_markup_are_left_out_of_the_article_with_a_warning(
    tmp_path: Path, heading: str
):
    """No block names its commenter (the name alone is a paragraph like the text,
    no date beside it to tell it from one): the page fell back to its ``<body>``,
    and the comments were read as the author's words, with only W002 "page has
    no comments"."""
    page = UNKNOWN_COMMENTS.format(heading=heading)
    page = re.sub(r'<div class="cmt-head"><b>(.*?)</b>(.*?)</div>', r"<p>\1</p>", page)
    loaded = _page(tmp_path, "talk.html", page)
    (thread,) = loaded.threads
    assert thread.article.text == (
        "Drug courts send people to treatment instead of prison.\n\n"
        "Graduates re-offend less, but many never graduate."
    )
    assert thread.comments == []
    (warning,) = [w for w in loaded.warnings if "[W035]" in w]
    assert "talk.html" in warning and heading in warning
    assert "4 paragraph(s) in 2 block(s)" in warning and "'Tina P.'" in warning
    # W002 "page has no comments" beside it said the opposite of W035
    assert not [w for w in loaded.warnings if "[W002]" in w]


#: Comment sections in markup no reader knows, each under a comment heading:
#: (file, article's last words, comments as (speaker, whom it answers, date, text)).
UNKNOWN_MARKUP = [
    (
        "html-unknown-disqus-export.html",  # a Disqus export pasted into the page: div.post
        "emptied of small users.",
        [
            (
                "GregT",
                None,
                "Tuesday, March 5, 2024 9:12 AM",
                "The money went to treatment. That is the part nobody copies.",
            ),
            (
                "Mara Lindqvist",
                "GregT",
                "Tuesday, March 5, 2024 11:40 AM",
                "Treatment and housing. Oregon had neither ready.",
            ),
            (
                "portland_nurse",
                None,
                "Wednesday, March 6, 2024 7:02 AM",
                "Half my patients did not know they were taking fentanyl.\n\n"
                "Decriminalise or not, that is what kills them.",
            ),
        ],
    ),
    (
        "html-unknown-drupal.html",  # div.comment-wrapper > article, replies in div.indented
        "Hospital visits fell in three of them.",
        [
            (
                "Dr. Alan Reyes",
                None,
                "Thu, 06/08/2023 - 10:52",
                "Our clinic saw the same drop in overdoses, but diversion is real.",
            ),
            (
                "Rosa M.",
                "Dr. Alan Reyes",
                "Thu, 06/08/2023 - 14:03",
                "Diversion was measured in the Ottawa pilot and stayed low.",
            ),
            ("kwame_o", None, "Fri, 06/09/2023 - 08:15", "Who pays once the grant ends?"),
        ],
    ),
    (
        "html-unknown-phpbb.html",  # a forum's table: one row per post, the name in a cell
        "at a price set by the state.",
        [
            (
                "montevideo_mike",
                None,
                "Wed Jul 19, 2017 2:14 pm",
                "The queues were around the block by nine.\n\nMost people paid in cash.",
            ),
            (
                "Lucía F.",
                None,
                "Wed Jul 19, 2017 3:40 pm",
                "Ten grams a week is plenty for anyone.",
            ),
            (
                "Guest",
                None,
                "Thu Jul 20, 2017 8:05 am",
                "The banks will not take the pharmacies' money. Watch that.",
            ),
        ],
    ),
    (
        "html-unknown-commento.html",  # Commento on a Ghost blog: div.commento-card, nested
        "not what they were sold.",
        [
            (
                "Sam Whitfield",
                None,
                "Sat Aug 12 2023 21:04:11 GMT+0000",
                "Our local festival tested 900 samples last summer.\n\n"
                "One in five was not what the buyer thought.",
            ),
            (
                "Jo Park",
                "Sam Whitfield",
                "Sun Aug 13 2023 08:30:00 GMT+0000",
                "And the police came to ask for the results.",
            ),
            (
                "Anonymous",
                None,
                "Mon Aug 14 2023 12:00:00 GMT+0000",
                "Testing tells people the drugs are safe. They are not.",
            ),
        ],
    ),
    (
        "html-unknown-responses.html",  # section#responses > ul > li.response, nested lists
        "is what the money should buy.",
        [
            ("Héctor Ruiz", None, "March 2, 2024", "Troops at least stop the labs for a while."),
            ("Ana Sofía", "Héctor Ruiz", "March 2, 2024", "For a week. Then they open two more."),
            ("Héctor Ruiz", "Ana Sofía", "March 3, 2024", "Two more is still better than twenty."),
            (
                "Dmitri K.",
                None,
                "March 4, 2024",
                "Nobody here mentions the precursor chemicals from abroad.",
            ),
        ],
    ),
]


@pytest.mark.parametrize(("name", "article_end", "expected"), UNKNOWN_MARKUP)
def test_comment_sections_in_unknown_markup_are_read(name: str, article_end: str, expected):
    """Each page was its article alone, with W035 (and W002): every comment lost."""
    path = FIXTURES / "ingest" / name
    loaded = load(path)
    (thread,) = loaded.threads
    assert thread.article.text.endswith(article_end)
    speaker = {u.id: u.speaker for u in thread.utterances}
    assert [
        (
            c.speaker,
            None if c.reply_to == thread.article.id else speaker[c.reply_to],
            c.timestamp,
            c.text,
        )
        for c in thread.comments
    ] == expected
    assert loaded.warnings == []
    for c in thread.comments:  # no comment in the article, each where it stands in the file
        assert c.text.split("\n")[0] not in thread.article.text
        first = c.text.split("\n")[0]
        assert c.source_map is not None
        start, end = c.source_map.span(0, len(first))
        assert " ".join(path.read_text(encoding="utf-8")[start:end].split()) == first


def test_a_name_element_in_a_reply_is_not_its_parents_author(tmp_path: Path):
    """A comment named by a plain link, its reply by an element classed as a
    name (``span.poster``): the reply's name is not the parent's author (the
    search for a name stops at the comment's text)."""
    loaded = _page(
        tmp_path,
        "msgs.html",
        "<html><head><title>Kratom bans</title></head><body><h1>Kratom bans</h1>"
        '<div class="story"><p>Three states banned kratom this year.</p></div>'
        '<div class="talk"><h3>2 Comments</h3>'
        '<div class="msg"><a href="/u/tina">Tina P.</a><p>It got me off opioids.</p>'
        '<div class="msg"><span class="poster">Rick</span><p>Same here.</p></div></div>'
        '<div class="msg"><a href="/u/lee">Lee</a><p>It is an opioid too.</p></div>'
        "</div></body></html>",
    )
    (thread,) = loaded.threads
    tina, rick, lee = thread.comments
    assert (tina.speaker, tina.text) == ("Tina P.", "It got me off opioids.")
    assert (rick.speaker, rick.reply_to) == ("Rick", tina.id)
    assert (lee.speaker, lee.reply_to) == ("Lee", thread.article.id)


def _loose_comment(name: str, date: str, text: str, replies: str = "") -> str:
    """A comment in markup no reader knows: ``div.cmt``, a header and a paragraph."""
    return (
        f"<div class='cmt'><div class='hdr'><strong>{name}</strong> <span>{date}</span></div>"
        f"<p>{text}</p>{replies}</div>"
    )


def _loose_page(comments: str) -> str:
    return (
        "<html><body><article><h1>Drug war</h1><p>The army must leave the cities now, says "
        "the author of this post.</p></article><h2>2 Comments</h2>"
        f"<div class='cmts'>{comments}</div></body></html>"
    )


def test_a_lone_comment_with_a_reply_in_unknown_markup_is_two_comments(tmp_path: Path):
    """No row of comments repeats side by side: the wrapper (``div.cmts``) was
    taken as the one comment, and Bo's reply was read as Ana's words ("… Bo
    June 3, 2016 No, the army must go home."), without a warning."""
    ana = _loose_comment("Ana", "June 3, 2016", "The army must stay in Juarez.")
    bo = _loose_comment("Bo", "June 3, 2016", "No, the army must go home.")
    loaded = _page(tmp_path, "onereply.html", _loose_page(f"{ana}<div class='replies'>{bo}</div>"))
    (thread,) = loaded.threads
    ana_c, bo_c = thread.comments
    assert (ana_c.speaker, ana_c.text, ana_c.reply_to) == (
        "Ana",
        "The army must stay in Juarez.",
        thread.article.id,
    )
    assert (bo_c.speaker, bo_c.text, bo_c.reply_to) == (
        "Bo",
        "No, the army must go home.",
        ana_c.id,
    )
    assert loaded.warnings == []


def test_nested_comments_in_unknown_markup_are_each_a_reply(tmp_path: Path):
    """Replies nested in their comment, one level in another, with no two side by
    side: the first comment swallowed all the others (and reading the page took
    time growing with the square of its depth)."""
    nested = ""
    for i in reversed(range(30)):
        nested = _loose_comment(f"User{i}", "June 3, 2016", f"Comment {i} says stay.", nested)
    loaded = _page(tmp_path, "deep.html", _loose_page(nested))
    (thread,) = loaded.threads
    comments = thread.comments
    assert [c.speaker for c in comments] == [f"User{i}" for i in range(30)]
    assert [c.text for c in comments] == [f"Comment {i} says stay." for i in range(30)]
    assert [c.reply_to for c in comments] == [thread.article.id] + [c.id for c in comments[:-1]]
    assert loaded.warnings == []


def test_nested_comments_without_paragraphs_are_read_in_linear_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Replies nested one in another, their text in ``div.txt`` broken by
    ``<br>`` rather than in paragraphs: the search for each block's name walked
    its whole subtree, every nested reply included, each element's place in the
    text looked up anew (600 levels took 37 s). Work is counted, not timed."""
    from discourse.ingest import html as reader

    def work(levels: int) -> int:
        nested = ""
        for i in reversed(range(levels)):
            nested = (
                f"<div class='cmt'><div class='hdr'><strong>User{i}</strong> "
                f"<span>June 3, 2016</span></div><div class='txt'>Comment {i} says stay."
                f"<br>more words here</div>{nested}</div>"
            )
        calls = 0
        naming_class = reader._naming_class

        def counted(node: Any) -> bool:
            nonlocal calls
            calls += 1
            return naming_class(node)

        monkeypatch.setattr(reader, "_naming_class", counted)
        (thread,) = _page(tmp_path, f"deep{levels}.html", _loose_page(nested)).threads
        monkeypatch.setattr(reader, "_naming_class", naming_class)
        assert [c.speaker for c in thread.comments] == [f"User{i}" for i in range(levels)]
        assert thread.comments[1].text == "Comment 1 says stay.\nmore words here"
        return calls

    assert work(200) <= 2.5 * work(100)


@pytest.mark.parametrize(
    "header",
    [
        # a name class ending in "text": refused as the comment's text (W035, no comments)
        "<span class='author-text'>{n}</span> <span>June 3, 2016</span>",
        # a rank classed by the user before the name: every commenter was "Newbie"
        "<span class='user-rank'>Newbie</span> <span class='name'>{n}</span>",
        # a bold or linked title before the name class: every commenter was the title
        "<strong>Re: legalization</strong> by <span class='author'>{n}</span>",
        "<strong>Top comment</strong> &middot; <a class='user-link' href='/u'>{n}</a>",
    ],
)
def test_a_name_class_is_told_from_text_and_rank_classes(tmp_path: Path, header: str):
    comments = "".join(
        f"<div class='cmt'>{header.format(n=name)}<div><p>{text}</p></div></div>"
        for name, text in [
            ("Tina P.", "Legalize it all."),
            ("Bo", "Agreed, tax it."),
            ("Ana", "No."),
        ]
    )
    loaded = _page(tmp_path, "names.html", _loose_page(comments))
    (thread,) = loaded.threads
    assert [c.speaker for c in thread.comments] == ["Tina P.", "Bo", "Ana"]
    texts = ["Legalize it all.", "Agreed, tax it.", "No."]
    # the comment's text, without its header line (name, a title before it, "by")
    assert [c.text for c in thread.comments] == texts
    assert loaded.warnings == []


def test_a_block_wrapping_a_comment_and_its_replies_is_no_comment(tmp_path: Path):
    """``div.thread`` blocks side by side, each a comment and the block of its
    replies: the thread blocks were read as the comments, each reply merged
    into the comment over it."""
    ana = _loose_comment("Ana", "June 3, 2016", "The army must stay in Juarez.")
    bo = _loose_comment("Bo", "June 3, 2016", "No, the army must go home.")
    cy = _loose_comment("Cy", "June 4, 2016", "Send them to the border.")
    loaded = _page(
        tmp_path,
        "threads.html",
        _loose_page(
            f"<div class='thread'>{ana}<div class='replies'>{bo}</div></div>"
            f"<div class='thread'>{cy}</div>"
        ),
    )
    (thread,) = loaded.threads
    speaker = {u.id: u.speaker for u in thread.utterances}
    assert [(c.speaker, speaker[c.reply_to], c.text) for c in thread.comments] == [
        ("Ana", thread.article.speaker, "The army must stay in Juarez."),
        ("Bo", "Ana", "No, the army must go home."),
        ("Cy", thread.article.speaker, "Send them to the border."),
    ]


def test_a_list_in_a_comment_in_unknown_markup_stays_its_text(tmp_path: Path):
    """List items each opening with a bold word look like comments; they recur
    inside one comment only, its name outside them: they are its text."""
    ana = _loose_comment(
        "Ana",
        "June 3, 2016",
        "Two points:</p><ul><li><b>First</b> the army is not police.</li>"
        "<li><b>Second</b> the army kills.</li></ul><p>That is all.",
    )
    bo = _loose_comment("Bo", "June 3, 2016", "No, the army must stay.")
    loaded = _page(tmp_path, "list.html", _loose_page(ana + bo))
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        (
            "Ana",
            "Two points:\n\nFirst the army is not police.\n\nSecond the army kills.\n\nThat is all.",
        ),
        ("Bo", "No, the army must stay."),
    ]


@pytest.mark.parametrize(
    "body_class", ["user-content", "field field--name-comment-body", "comment-text", "user"]
)
def test_a_short_comment_is_not_taken_for_its_commenters_name(tmp_path: Path, body_class: str):
    """The name is a plain link; the text stands in an element whose class holds
    "user" or "name" (``user-content``, Drupal 8's ``field--name-comment-body``):
    the text was taken as the commenter's name, and the two short comments were
    lost without a warning."""
    comments = "".join(
        f"<div class='cmt'><div class='meta'><a href='/u/{name}'>{name}</a> · June 3, 2016</div>"
        f"<div class='{body_class}'><p>{text}</p></div></div>"
        for name, text in [
            ("Tina P.", "Legalize it all"),
            ("Bo", "Agreed, tax it"),
            ("Ana", "The army must stay in the streets of Juarez, whatever the critics say."),
        ]
    )
    loaded = _page(tmp_path, "usercontent.html", _loose_page(comments))
    (thread,) = loaded.threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Tina P.", "June 3, 2016", "Legalize it all"),
        ("Bo", "June 3, 2016", "Agreed, tax it"),
        (
            "Ana",
            "June 3, 2016",
            "The army must stay in the streets of Juarez, whatever the critics say.",
        ),
    ]
    assert loaded.warnings == []


def test_a_name_styled_as_text_is_still_the_commenters_name(tmp_path: Path):
    """A style class beginning with "text" (``text-muted``) on the name element
    does not say it holds the comment's text."""
    comments = "".join(
        f"<div class='cmt'><span class='text-muted'>{name}</span>"
        f"<div class='cmt-body'><p>{text}</p></div></div>"
        for name, text in [("Tina P.", "Legalize it all"), ("Bo", "Agreed, tax it")]
    )
    loaded = _page(tmp_path, "muted.html", _loose_page(comments))
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Tina P.", "Legalize it all"),
        ("Bo", "Agreed, tax it"),
    ]


def test_a_comment_section_in_unknown_markup_is_read_not_deleted(tmp_path: Path):
    """A ``#comments`` section the reader knows by name, holding comments in
    markup it does not know, was deleted whole: the page said only W002."""
    loaded = _page(
        tmp_path,
        "courts.html",
        "<html><head><title>Drug courts</title></head><body><article><h1>Drug courts</h1>"
        '<div class="entry-content"><p>Drug courts send people to treatment.</p></div>'
        '</article><div id="comments"><h3>2 Comments</h3><div class="response">'
        '<strong>Tina P.</strong><p>It saved my son.</p></div><div class="response">'
        "<strong>Rick</strong><p>Coercion is coercion.</p></div></div></body></html>",
    )
    (thread,) = loaded.threads
    assert thread.article.text == "Drug courts send people to treatment."
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Tina P.", "It saved my son."),
        ("Rick", "Coercion is coercion."),
    ]
    assert loaded.warnings == []


def test_a_comment_section_without_comment_markup_is_left_out_with_a_warning(tmp_path: Path):
    """Deleted whole, silently: the page said only W002 "page has no comments"."""
    loaded = _page(
        tmp_path,
        "courts.html",
        "<html><head><title>Drug courts</title></head><body><article><h1>Drug courts</h1>"
        '<div class="entry-content"><p>Drug courts send people to treatment.</p></div>'
        '</article><div id="comments"><p>Tina P.: it saved my son.</p>'
        "<p>Rick: coercion is coercion.</p></div></body></html>",
    )
    (thread,) = loaded.threads
    assert (thread.article.text, thread.comments) == ("Drug courts send people to treatment.", [])
    assert [w[:6] for w in loaded.warnings] == ["[W035]"]
    assert "under '#comments'" in loaded.warnings[0]
    assert "2 paragraph(s) in 2 block(s)" in loaded.warnings[0]


def test_a_discussion_heading_in_an_article_stays_its_text(tmp_path: Path):
    loaded = _page(
        tmp_path,
        "paper.html",
        "<html><body><h1>Heroin-assisted treatment</h1><p>The trial ran for two years.</p>"
        "<h2>Discussion</h2><p>Retention was high.</p></body></html>",
    )
    assert loaded.threads[0].article.text.endswith("Discussion\n\nRetention was high.")
    assert not [w for w in loaded.warnings if "[W035]" in w]


def test_the_post_is_the_article_element_holding_the_text_not_a_trending_card(tmp_path: Path):
    """A "Trending" bar of ``article.card`` elements above the story: the first card
    was taken for the post, and the story's ``.byline .author`` never read."""
    loaded = _page(
        tmp_path,
        "trending.html",
        "<html><head><title>Oregon rolls back decriminalization | Pacific Courier</title></head>"
        '<body><div class="trending-bar"><h2>Trending</h2><article class="card"><h3>Storm hits '
        "coast</h3><p>Thousands without power.</p></article></div><main>"
        '<article class="story"><h1>Oregon rolls back decriminalization</h1>'
        '<div class="byline">By <span class="author">Lee Park</span> '
        '<time datetime="2024-03-01">March 1</time></div><div class="article-body">'
        "<p>Possession is a crime again.</p></div></article></main></body></html>",
    )
    (thread,) = loaded.threads
    assert (thread.title, thread.article.speaker, thread.published) == (
        "Oregon rolls back decriminalization",
        "Lee Park",
        "2024-03-01",
    )
    assert thread.article.text == "Possession is a crime again."


OLDSCHOOL = """<HTML><HEAD><TITLE>Narco News Bulletin - Plan Mexico Is Plan Colombia Redux</TITLE></HEAD>
<BODY BGCOLOR="#FFFFFF">
<TABLE WIDTH="100%"><TR><TD><A HREF="/">Home</A> | <A HREF="/archive">Archive</A> | <A HREF="/donate">Donate</A></TD></TR></TABLE>
<TABLE WIDTH="760"><TR>
<TD WIDTH="160" VALIGN="top"><FONT SIZE="-1"><B>Sections</B><BR><A HREF="/a">Colombia</A><BR><A HREF="/b">Mexico</A><BR><A HREF="/c">Bolivia</A></FONT></TD>
<TD VALIGN="top">
<H2>Plan Mexico Is Plan Colombia Redux</H2>
<I>By Laura Carlsen</I><BR>
<I>Special to The Narco News Bulletin</I><P>
Eight years later, Plan Colombia has not reduced the flow of cocaine.<P>
Now Washington wants to repeat it in Mexico (see <A HREF="/x">our report</A>).<P>
<CENTER><FONT SIZE="-2">Share this story: <A HREF="#">Digg</A> <A HREF="#">del.icio.us</A></FONT></CENTER>
</TD></TR></TABLE>
<P><FONT SIZE="-2">Copyright 2008 The Narco News Bulletin. All rights reserved.</FONT>
</BODY></HTML>
"""


def test_a_page_without_article_markup_loses_its_menus_and_footer(tmp_path: Path):
    """Read from ``<body>``: the menu bar, the sidebar's sections, the share line
    and the copyright were the article's first and last paragraphs, the title
    was "Narco News Bulletin - …" and the author unknown."""
    loaded = _page(tmp_path, "oldschool.html", OLDSCHOOL)
    (thread,) = loaded.threads
    assert thread.title == "Plan Mexico Is Plan Colombia Redux"
    assert thread.article.speaker == "Laura Carlsen"
    assert thread.article.text == (
        "By Laura Carlsen\nSpecial to The Narco News Bulletin\n\n"
        "Eight years later, Plan Colombia has not reduced the flow of cocaine.\n\n"
        "Now Washington wants to repeat it in Mexico (see our report)."
    )


def test_soft_hyphens_are_dropped_from_words(tmp_path: Path):
    src = (
        '<html><body><article><div class="entry-content"><p>Legal&shy;ization of can\u00adnabis '
        "would end that.</p></div></article></body></html>"
    )
    loaded = _page(tmp_path, "shy.html", src)
    article = loaded.threads[0].article
    assert article.text == "Legalization of cannabis would end that."
    start, end = article.source_map.span(0, len("Legalization"))
    assert src[start:end] == "Legal&shy;ization"


def test_a_depth_class_places_a_reply_in_a_flat_list(tmp_path: Path):
    """Hand-made templates indent replies with a margin and say so only by WordPress'
    ``depth-N`` classes: the replies answered the article."""
    comment = (
        '<div class="comment{cls}" id="c-{n}"><span class="author">{name}</span>'
        '<div class="comment-text"><p>{text}</p></div></div>'
    )
    rows = [
        ("", "Tina", "It saved his life."),
        (" depth-2", "Rick", "Coercion is coercion."),
        (" depth-3", "Tina", "He chose it."),
        (" depth-2", "Jo", "Fund them."),
        ("", "Al", "Top level."),
    ]
    loaded = _page(
        tmp_path,
        "depth.html",
        '<html><body><article><div class="entry-content"><p>Drug courts.</p></div></article>'
        + "".join(comment.format(cls=c, n=n, name=a, text=t) for n, (c, a, t) in enumerate(rows))
        + "</body></html>",
    )
    (thread,) = loaded.threads
    ids = [c.id for c in thread.comments]
    assert [c.reply_to for c in thread.comments] == [
        thread.article.id,
        ids[0],
        ids[1],
        ids[0],
        thread.article.id,
    ]


def test_a_comment_heading_over_nothing_but_the_site_footer_warns_nothing(tmp_path: Path):
    loaded = _page(
        tmp_path,
        "closed.html",
        '<html><body><article><div class="entry-content"><p>Article.</p></div></article>'
        "<h3>Comments</h3><p>Comments are closed.</p>"
        "<footer><p>About us: a nonprofit newsroom since 2009.</p></footer></body></html>",
    )
    assert loaded.threads[0].article.text == "Article."
    assert not [w for w in loaded.warnings if "[W035]" in w]


_BLOG_POST = """<html><head><title>{title} - Drug War Blog</title></head><body>
<div id="page">
<h1>{h1}</h1>
<p>By March, the fund was empty and the critics were loud about it.</p>
<p>Copyright 1998 legislation made the problem worse, as everybody in the trade will tell you.</p>
<p>Two reactions to the verdict stood out: anger and relief.</p>
<p>See the <a href="#a">BC coroner's report</a>, the <a href="#b">CIHR evaluation</a>
and the <a href="#c">Lancet cohort study</a>.</p>
<h2>{h2}</h2>
<p>First, the numbers are not invented; they come from the ministry itself.</p>
<p>Second, decriminalisation is not legalisation, whatever the critics say.</p>
</div>
<p>© 2016 Drug War Blog</p>
</body></html>
"""


@pytest.mark.parametrize(
    ("title", "h1", "h2"),
    [
        ("Five thoughts on the drug war", "Five thoughts on the drug war", "Answers"),
        ("My answer to critics", "My answer to critics", "Two responses to the critics"),
        ("Three replies to my critics", "Three replies to my critics", "Answers"),
    ],
)
def test_a_blog_title_or_subheading_that_counts_is_no_comment_heading(
    tmp_path: Path, title: str, h1: str, h2: str
):
    """'Five thoughts on the drug war' as the page's <h1> (no article markup)
    made the whole page a comment section (E009); 'Two responses to the critics'
    as a subheading cut the article off after its first paragraph (W035); the
    sentences starting 'Copyright 1998', 'Two reactions' and citing three links
    were dropped as page furniture."""
    loaded = _page(tmp_path, "post.html", _BLOG_POST.format(title=title, h1=h1, h2=h2))
    (thread,) = loaded.threads
    assert thread.title == title
    assert thread.article.text == (
        "By March, the fund was empty and the critics were loud about it.\n\n"
        "Copyright 1998 legislation made the problem worse, as everybody in the trade "
        "will tell you.\n\n"
        "Two reactions to the verdict stood out: anger and relief.\n\n"
        "See the BC coroner's report, the CIHR evaluation and the Lancet cohort study.\n\n"
        f"{h2}\n\n"
        "First, the numbers are not invented; they come from the ministry itself.\n\n"
        "Second, decriminalisation is not legalisation, whatever the critics say."
    )
    assert not [w for w in loaded.warnings if "[W035]" in w]


def test_a_counted_heading_that_repeats_the_title_still_opens_the_comments(tmp_path: Path):
    page = _BLOG_POST.format(title="Drug courts", h1="Drug courts", h2="Answers").replace(
        "</div>\n<p>©",
        "<h3>2 thoughts on “Drug courts”</h3><p>Tina P.</p><p>It saved my son.</p></div>\n<p>©",
    )
    loaded = _page(tmp_path, "post.html", page)
    (thread,) = loaded.threads
    assert "saved my son" not in thread.article.text
    assert [w for w in loaded.warnings if "[W035]" in w]


def test_a_badge_is_cut_from_a_name_only_when_it_is_its_own_element(tmp_path: Path):
    """'Tom Author' was 'Tom' and 'Ask the Staff' 'Ask the'."""
    comment = (
        '<li class="comment" id="comment-{k}"><div class="comment-author vcard">'
        '<cite class="fn">{name}</cite></div><p>Comment {k}.</p></li>'
    )
    names = [
        "Tom Author",
        "Ask the Staff",
        'Sylvia Ortiz <span class="badge">Author</span>',
        "GregT (Mod)",
    ]
    page = (
        '<html><head><title>Post</title></head><body><article class="post">'
        '<h1 class="entry-title">Post</h1><div class="entry-content"><p>Text.</p></div>'
        '</article><div id="comments"><ol class="commentlist">'
        + "".join(comment.format(k=k, name=n) for k, n in enumerate(names))
        + "</ol></div></body></html>"
    )
    (thread,) = _page(tmp_path, "post.html", page).threads
    assert [c.speaker for c in thread.comments] == [
        "Tom Author",
        "Ask the Staff",
        "Sylvia Ortiz",
        "GregT",
    ]


OLD_REDDIT = FIXTURES / "ingest" / "html-old-reddit.html"


def test_old_reddit_saved_page(nlp):
    """Old Reddit puts each text in a ``form.usertext`` (deleted as furniture: every
    comment was its header line and buttons, "[–]oporto_nurse 187 points … permalink
    embed save report reply"), the name in ``p.tagline > a.author`` (a paragraph:
    taken for text, so every commenter was "anonymous", W036) and the subreddit's
    description in a sidebar (the thread's title was "drugpolicy")."""
    loaded = load(OLD_REDDIT)
    assert loaded.warnings == []
    thread = _check_page(
        OLD_REDDIT,
        nlp,
        [
            ("oporto_nurse", "I work in a CRI in Porto.", None, "2021-03-12T15:10:02+00:00"),
            ("skeptical_sam", "And yet Porto has open", 0, "2021-03-12T16:22:40+00:00"),
            ("oporto_nurse", "Because funding was cut", 1, "2021-03-12T17:01:09+00:00"),
            # the reply to a deleted comment answers what that comment answered
            ("legalize_lena", "Decriminalise, then legalise", None, "2021-03-12T18:44:12+00:00"),
            ("harm_reduction_hugo", "Thanks all.", None, "2021-03-13T09:02:33+00:00"),
        ],
    )
    assert thread.title == (
        "Portugal decriminalised everything in 2001. Why hasn't anyone copied it properly?"
    )
    assert (thread.article.speaker, thread.published) == (
        "harm_reduction_hugo",
        "2021-03-12T14:03:51+00:00",
    )
    assert thread.article.text == (
        "Twenty years on, overdose deaths are down and HIV infections among people who "
        'inject fell sharply.\n\nEvery country that says it "copied Portugal" copied the '
        "decriminalisation and skipped the treatment money. Why?"
    )
    assert thread.comments[0].text == (
        "I work in a CRI in Porto. The dissuasion commissions are the whole trick: a social "
        "worker, not a judge.\n\nWithout them decriminalisation is just the police looking away."
    )
    everything = "\n".join(u.text for u in thread.utterances)
    for junk in ("points", "permalink", "[S]", "[–]", "children", "civil", "Log in"):
        assert junk not in everything, junk


ASPNET = """<!DOCTYPE html><html><head><title>Treatment, not jail - Valley Courier</title>
</head><body><form method="post" action="./story.aspx?id=4411" id="aspnetForm">
<input type="hidden" name="__VIEWSTATE" value="/wEPDwUKMTY1NDU2MTA1Mg9kFgJmD2QWAgIDD2Q" />
<input name="q" type="text"/><input type="submit" value="Search"/>
<div id="story"><h1>Treatment, not jail</h1>
<p>The county will send first-time drug offenders to treatment instead of jail.</p>
<p>The sheriff says the jail is full; the district attorney says it is untested.</p></div>
</form></body></html>"""


def test_a_page_wrapped_in_a_form_is_read(tmp_path: Path):
    """ASP.NET sites wrap the whole page in ``form#aspnetForm``: it was deleted
    as a comment form, and the page was error E009, "no text found"."""
    (thread,) = _page(tmp_path, "story.html", ASPNET).threads
    assert thread.title == "Treatment, not jail"
    assert thread.article.text == (
        "The county will send first-time drug offenders to treatment instead of jail.\n\n"
        "The sheriff says the jail is full; the district attorney says it is untested."
    )


#: A post whose theme prints its comments inside the post's text container
#: ({body}), under a comment heading: the comments in WordPress' ``li.comment``
#: without its ``ol.commentlist``, or in markup no reader knows.
_NESTED_COMMENTS = """<!DOCTYPE html><html><head><title>Why drug courts fail</title></head><body>
<div class="post" id="post-12"><h2>Why drug courts fail</h2><div class="{body}">
<p>Drug courts promise treatment instead of prison, but most participants never graduate.</p>
<p>Those who fail often serve longer sentences than if they had pleaded guilty.</p>
<h3>3 Responses to &#8220;Why drug courts fail&#8221;</h3>
{comments}
</div></div></body></html>"""
_KNOWN_NESTED = """<ol>
<li class="comment" id="comment-21"><cite>Maria Lopes</cite> Says:
<small class="commentmetadata"><a href="#comment-21">May 3rd, 2012 at 9:14 am</a></small>
<p>My brother went through one. The judge was kind, the rules were impossible.</p>
<ul class="children"><li class="comment" id="comment-23"><cite>Derrick</cite> Says:
<small class="commentmetadata"><a href="#comment-23">May 3rd, 2012 at 1:40 pm</a></small>
<p>Graduates re-offend less. That is not nothing.</p></li></ul></li>
<li class="comment" id="comment-22"><cite>Ana Ruiz</cite> Says:
<small class="commentmetadata"><a href="#comment-22">May 4th, 2012 at 8:05 am</a></small>
<p>Treatment should not need a judge.</p></li></ol>"""
_UNKNOWN_NESTED = """<div class="cmt"><div class="cmt-head"><b>Maria Lopes</b> · May 3rd, 2012 at 9:14 am</div>
<p>My brother went through one. The judge was kind, the rules were impossible.</p>
<div class="cmt"><div class="cmt-head"><b>Derrick</b> · May 3rd, 2012 at 1:40 pm</div>
<p>Graduates re-offend less. That is not nothing.</p></div></div>
<div class="cmt"><div class="cmt-head"><b>Ana Ruiz</b> · May 4th, 2012 at 8:05 am</div>
<p>Treatment should not need a judge.</p></div>"""


@pytest.mark.parametrize("body", ["entry", "entry-content", "post-body"])
@pytest.mark.parametrize("comments", [_KNOWN_NESTED, _UNKNOWN_NESTED], ids=["known", "unknown"])
def test_comments_nested_in_the_articles_container_are_comments(
    tmp_path: Path, body: str, comments: str
):
    """The comments were read as the article's last paragraphs ("3 Responses to
    …", "Maria Lopes Says:", "My brother went through one …"), with W002 "page
    has no comments": a comment in the article's container was taken for a
    pull quote, a heading in it for the article's own."""
    loaded = _page(tmp_path, "courts.html", _NESTED_COMMENTS.format(body=body, comments=comments))
    (thread,) = loaded.threads
    assert thread.article.text == (
        "Drug courts promise treatment instead of prison, but most participants never "
        "graduate.\n\nThose who fail often serve longer sentences than if they had pleaded "
        "guilty."
    )
    maria, derrick, ana = thread.comments
    assert [(c.speaker, c.timestamp) for c in thread.comments] == [
        ("Maria Lopes", "May 3rd, 2012 at 9:14 am"),
        ("Derrick", "May 3rd, 2012 at 1:40 pm"),
        ("Ana Ruiz", "May 4th, 2012 at 8:05 am"),
    ]
    assert (
        maria.text == "My brother went through one. The judge was kind, the rules were impossible."
    )
    assert (derrick.text, derrick.reply_to) == (
        "Graduates re-offend less. That is not nothing.",
        maria.id,
    )
    assert (ana.text, ana.reply_to) == ("Treatment should not need a judge.", thread.article.id)
    assert loaded.warnings == []


def test_a_comments_heading_in_the_article_over_no_comments_stays_its_text(tmp_path: Path):
    """A comment heading in the article's container over prose, not comments,
    is the article's own (a comment list nested there is read as comments)."""
    page = _NESTED_COMMENTS.format(
        body="entry-content",
        comments="<p>The judges we asked would not comment on the record.</p>",
    ).replace("3 Responses to &#8220;Why drug courts fail&#8221;", "Comments")
    (thread,) = _page(tmp_path, "courts.html", page).threads
    assert thread.article.text.endswith(
        "Comments\n\nThe judges we asked would not comment on the record."
    )


#: Comments in plain ``<div>``s (or paragraphs) whose header line, the name and
#: the date, stands in the same element as the text: ``{tag}``.
_LINE_HEADERS = """<!DOCTYPE html><html><head><title>Portugal, twenty years on</title></head>
<body><h1>Portugal, twenty years on</h1>
<p>Portugal decriminalised the possession of all drugs in 2001.</p>
<p>Overdose deaths fell, and the prisons emptied of small users.</p>
<h3>Comments</h3><div>
<div><{tag}>Ana — 3 May 2012</{tag}><{tag}>The money went to treatment. That is the part nobody
copies.</{tag}></div>
<div><{tag}>Bruno, 4 May 2012</{tag}><{tag}>Oregon tried it without the clinics.</{tag}>
<div style="margin-left:30px"><div><{tag}>Ana wrote on 4 May 2012 at 9:40 pm:</{tag}>
<{tag}>Oregon had no clinics ready, yes.</{tag}></div></div></div>
<div><{tag}>Carla (5 May 2012)</{tag}><{tag}>Decriminalisation is not legalisation.</{tag}></div>
</div></body></html>"""


@pytest.mark.parametrize("tag", ["div", "p", "span"])
def test_a_header_line_in_the_same_element_as_the_text_names_the_commenter(
    tmp_path: Path, tag: str
):
    """ "Ana — 3 May 2012" in a ``<div>`` like the text's: no block was found to
    name a commenter, and the comments were left out with W035."""
    loaded = _page(tmp_path, "portugal.html", _LINE_HEADERS.format(tag=tag))
    (thread,) = loaded.threads
    assert thread.article.text == (
        "Portugal decriminalised the possession of all drugs in 2001.\n\n"
        "Overdose deaths fell, and the prisons emptied of small users."
    )
    bruno = thread.comments[1]
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", "3 May 2012", "The money went to treatment. That is the part nobody copies."),
        ("Bruno", "4 May 2012", "Oregon tried it without the clinics."),
        ("Ana", "4 May 2012 at 9:40 pm", "Oregon had no clinics ready, yes."),
        ("Carla", "5 May 2012", "Decriminalisation is not legalisation."),
    ]
    assert [c.reply_to for c in thread.comments] == [
        thread.article.id,
        thread.article.id,
        bruno.id,
        thread.article.id,
    ]
    assert loaded.warnings == []


@pytest.mark.parametrize("date", OTHER_LANGUAGE_DATES)
def test_a_relative_date_in_another_language_dates_a_comment_in_unknown_markup(
    tmp_path: Path, date: str
):
    """ "hace 2 horas", "il y a 3 jours", "vor 2 Stunden", "ayer" … beside the
    name read as "2 hours ago" does: in a header of its own the comment had no
    timestamp, and a one-line header ("Ana · hace 2 horas") named no commenter,
    so the comments were left out with W035."""
    comments = _loose_comment("Ana", date, "La guerra no funciona.") + _loose_comment(
        "Bo", date, "No estoy de acuerdo."
    )
    loaded = _page(tmp_path, "loose.html", _loose_page(comments))
    (thread,) = loaded.threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", date, "La guerra no funciona."),
        ("Bo", date, "No estoy de acuerdo."),
    ]
    page = _LINE_HEADERS.format(tag="div")
    for stamp in ("3 May 2012", "4 May 2012", "4 May 2012 at 9:40 pm", "5 May 2012"):
        page = page.replace(stamp, date, 1)
    loaded = _page(tmp_path, "portugal.html", page)
    (thread,) = loaded.threads
    assert [(c.speaker, c.timestamp) for c in thread.comments] == [
        ("Ana", date),
        ("Bruno", date),
        ("Ana", date),
        ("Carla", date),
    ]
    assert loaded.warnings == []


@pytest.mark.parametrize(
    "text",
    [
        "Ayer fui al mercado y no había leche.",
        "Hier soir j'ai lu l'article.",
        "Gestern war es anders.",
    ],
)
def test_a_comment_opening_with_yesterday_in_another_language_keeps_its_text(
    tmp_path: Path, text: str
):
    """ "Ayer fui al mercado …" as a comment's text is no date: only a date
    alone (or after a name) is one."""
    comments = _loose_comment("Ana", "June 3, 2016", text) + _loose_comment(
        "Bo", "June 3, 2016", "No estoy de acuerdo."
    )
    (thread,) = _page(tmp_path, "loose.html", _loose_page(comments)).threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", "June 3, 2016", text),
        ("Bo", "June 3, 2016", "No estoy de acuerdo."),
    ]
    page = _LINE_HEADERS.format(tag="div").replace("Ana — 3 May 2012", f"Ana — {text}")
    (thread,) = _page(tmp_path, "portugal.html", page).threads
    assert text not in [c.timestamp for c in thread.comments]


#: Pages saved from sources the reader got wrong: (file, title, article author,
#: published, article text, comments as (speaker, whom it answers, date, text)).
SOURCES = [
    (  # Drupal 9's comment module: article.comment, subject line, body field, div.indented
        "html-drupal9.html",
        "Kratom bans and the opioid crisis",
        "lhernandez",
        "2023-09-14T12:00:00Z",
        "Six states have now banned kratom, a leaf sold as a supplement that many people use "
        "to come off opioids.\n\nThe FDA says it is an opioid itself; users say the bans will "
        "push them back to heroin.",
        [
            (
                "recovering_rn",
                None,
                "Thu, 09/14/2023 - 14:00",
                "Kratom got me off oxycodone after eight years. Banning it will kill people "
                "like me.",
            ),
            (
                "Dr. Alan Reyes",
                "recovering_rn",
                "Thu, 09/14/2023 - 16:12",
                "I have seen kratom withdrawal in my clinic. It is not harmless, but a ban is "
                "the wrong tool.",
            ),
            (
                "Concerned parent",
                None,
                "Fri, 09/15/2023 - 08:30",
                "My son bought it at a gas station. Ban it and prosecute the sellers.",
            ),
        ],
    ),
    (  # a phpBB 3 topic: the first post is the article, a quote is the quoted post's
        "html-phpbb3.html",
        "Should Uruguay's model be copied?",
        "montevideo_mike",
        "Wed Jul 19, 2017 2:14 pm",
        "Pharmacies started selling state cannabis today. The queues were around the block "
        "by nine.\n\nShould the rest of the region copy this, or wait for the results?",
        [
            (
                "Lucía F.",
                None,
                "Wed Jul 19, 2017 3:40 pm",
                "Not yet. Ten grams a week is plenty, but the banks will not take the "
                "pharmacies' money.",
            ),
            (
                "guardia_civil",
                None,
                "Thu Jul 20, 2017 8:05 am",
                "Legal weed will not stop the cocaine routes through the port. That needs "
                "police and the navy.",
            ),
        ],
    ),
    (  # a vBulletin 4 thread: post #1 is the article
        "html-vbulletin4.html",
        "Mandatory minimums for fentanyl dealers?",
        "DeputyDawg",
        "03-14-2019, 09:12 AM",
        "Our county had 41 overdose deaths last year. The legislature wants a ten-year "
        "minimum for dealing fentanyl.\n\nI say it is overdue.",
        [
            (
                "rn_sarah",
                None,
                "03-14-2019, 10:40 AM",
                "Minimums filled the prisons in the crack era and did nothing to supply. Most "
                "of the people dealing are users selling to pay for their own.",
            ),
            (
                "oldtimer",
                None,
                "03-15-2019, 07:02 AM",
                "Treatment on demand would save more lives than any sentence. Portugal proved "
                "that.",
            ),
        ],
    ),
    (  # Substack: div.comment holding table.comment-content, replies in .comment-list-items
        "html-substack.html",
        "The case for heroin-assisted treatment",
        "Dana Hollis",
        "May 02, 2023",
        "Switzerland began prescribing pharmaceutical heroin to long-term users in 1994.\n\n"
        "Crime by participants fell by more than half, and nobody in the programme has died "
        "of an overdose on the prescribed drug.\n\nCanada, Germany and the Netherlands "
        "followed. The United States has not.",
        [
            (
                "Walt Becker",
                None,
                "May 2, 2023, 2:10 PM",
                "Our ER sees the same people every week. A prescription would at least keep "
                "them out of the alley.",
            ),
            (
                "Dana Hollis",
                "Walt Becker",
                "May 2, 2023, 4:40 PM",
                "Exactly, Walt. And the Swiss data say people stay in treatment longer, too.",
            ),
            (
                "Gerald Fox",
                None,
                "May 3, 2023, 9:00 AM",
                "The state should not be a dealer. Abstinence-based treatment or nothing.",
            ),
        ],
    ),
    (  # a news site: li.comment, a "Related" box in the story, a "Latest comments" rail
        "html-news-comment-list.html",
        "Council votes to close safe injection site",
        "Hannah Marsh",
        "2024-02-06T18:30:00Z",
        "The city council voted 5-4 on Tuesday to close the supervised consumption site on "
        "Fourth Street by June.\n\nSupporters said the site reversed more than 900 overdoses; "
        "neighbours complained of needles and dealing on the block.\n\nThe mayor said she "
        "would not veto the decision.",
        [
            ("PeteR", None, "Feb 6, 2024 7:02pm", "Good. My kids walk past that place every day."),
            (
                "NurseKay",
                "PeteR",
                "Feb 6, 2024 8:15pm",
                "Your kids also walk past the people who would be dead without it.",
            ),
            (
                "Marcus D.",
                None,
                "Feb 6, 2024 7:30pm",
                "Closing it will not close the addiction. It moves it back to the park.",
            ),
            (
                "ValleyVoter",
                None,
                "Feb 7, 2024 6:00am",
                "Arrest the dealers on the block and the complaints stop.",
            ),
        ],
    ),
    (  # Medium: responses under "Responses (3)", each name a paragraph in a link
        "html-medium.html",
        "Why I changed my mind on decriminalization",
        "Sam Ortiz",
        "2022-11-03T15:20:11.112Z",
        "I spent twelve years as a narcotics officer in Baltimore.\n\nEvery arrest I made was "
        "replaced by another seller within a week. Decriminalizing possession is not "
        "surrender; it is admitting what the numbers said all along.",
        [
            (
                "Kate Field",
                None,
                "Nov 4, 2022",
                "Thank you for writing this. My brother was one of those arrests.",
            ),
            (
                "Dan Reilly",
                None,
                "Nov 5, 2022",
                "Without the threat of arrest nobody goes to treatment. I have seen it.",
            ),
        ],
    ),
    (  # a Spanish news site in markup no reader knows, under "Comentarios (3)"
        "html-unknown-spanish.html",
        "La guerra contra las drogas en México, diez años después",
        "Laura Carlsen",  # "Por Laura Carlsen" opening the text
        None,
        "Por Laura Carlsen\n\nEn diciembre de 2006 el gobierno envió al ejército a Michoacán."
        "\n\nDiez años después, los homicidios se han triplicado y los cárteles se han "
        "dividido.",
        [
            (
                "Jorge M.",
                None,
                "3 de mayo de 2016, 10:15",
                "El ejército nunca debió salir de los cuarteles.",
            ),
            (
                "María Elena",
                None,
                "3 de mayo de 2016, 11:40",
                "Sin el ejército, Michoacán sería de los Templarios.",
            ),
            (
                "anónimo",
                None,
                "4 de mayo de 2016, 08:05",
                "Legalizar la marihuana les quitaría la mitad del negocio.",
            ),
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "title", "author", "published", "article", "expected"),
    SOURCES,
    ids=[row[0] for row in SOURCES],
)
def test_pages_saved_from_more_sources(name, title, author, published, article, expected):
    """What each page gave before: Drupal's subject lines and "Reply" links in
    every comment and the comment headings in the article; phpBB and vBulletin
    topics all article (every post, profile and "Reply With Quote", W002), the
    vBulletin posts' words lost as quotes; Substack's name, date and "Like (6)
    Reply Share" in each comment and the reply on the article; the news story's
    "Related" box in its text and "| February 6, 2024" in its author; the Spanish
    comments as the article's last paragraphs (W002); Medium's byline and read
    time in the article, its responses left out (W002, then W035)."""
    path = FIXTURES / "ingest" / name
    loaded = load(path)
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert (thread.title, thread.article.speaker, thread.published) == (title, author, published)
    assert thread.article.text == article
    speaker = {u.id: u.speaker for u in thread.utterances}
    assert [
        (
            c.speaker,
            None if c.reply_to == thread.article.id else speaker[c.reply_to],
            c.timestamp,
            c.text,
        )
        for c in thread.comments
    ] == expected
    source = path.read_text(encoding="utf-8")
    for c in thread.comments:  # each comment where it stands in the file
        first = c.text.split("\n")[0]
        assert c.source_map is not None
        start, end = c.source_map.span(0, len(first))
        assert _visible(source[start:end]) == first


def test_an_aspnet_comment_repeater_gives_one_comment_per_row():
    """An ASP.NET news page prints its comments as rows of a repeater, named
    only by the controls' ids (``…_rptComments_ctl01_lblAuthor``, ``_lblDate``,
    ``_lblBody``, a ``_hlAuthor`` link): the first comment was read with "wrote
    on" as its text, and the others were lost."""
    path = FIXTURES / "ingest" / "html-aspnet-repeater.html"
    loaded = load(path)
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert thread.title == "Border city weighs needle exchange"
    assert [(c.speaker, c.reply_to, c.timestamp, c.text) for c in thread.comments] == [
        (
            "Ana",
            thread.article.id,
            "1/14/2012 3:05 PM",
            "My cousin got hep C from a shared needle in Juarez. Clean needles are cheaper "
            "than a liver.",
        ),
        (
            "Frank M.",
            thread.article.id,
            "1/14/2012 4:47 PM",
            "So the taxpayer buys the works now?\nWhat comes next, free heroin?",
        ),
        (
            "nurse_lupe",
            thread.article.id,
            "1/15/2012 8:12 AM",
            "We already treat the infections in the ER. That costs far more than a needle.",
        ),
    ]
    assert thread.article.text.startswith("By Rosa Delgado\n\nCity council will vote Tuesday")
    for words in ("wrote on", "Reader Comments", "comments on this story", "hep C"):
        assert words not in thread.article.text, words
    source = path.read_text(encoding="utf-8")
    for c in thread.comments:  # each comment where it stands in the file
        assert c.source_map is not None
        start, end = c.source_map.span(0, len(c.text.split("\n")[0]))
        assert _visible(source[start:end]) == c.text.split("\n")[0]


@pytest.mark.parametrize(
    "ids",
    [
        ("ctl00_rptComments_ctl0{n}_lblAuthor", "ctl00_rptComments_ctl0{n}_lblDate"),
        ("rptComments_lblUserName_{n}", "rptComments_lblPostedOn_{n}"),  # ASP.NET 4's ids
    ],
)
def test_a_repeater_item_of_divs_is_a_comment(tmp_path: Path, ids: tuple[str, str]):
    """The repeater's item may be a ``div`` rather than a table row, and its
    ids those of ASP.NET 4 (``rptComments_lblUserName_0``)."""
    author, date = ids
    items = "".join(
        f'<div class="item"><span id="{author.format(n=n)}">{name}</span> '
        f'<span id="{date.format(n=n)}">{when}</span>'
        f'<p id="{author.format(n=n).replace("UserName", "Comment").replace("Author", "Body")}">'
        f"{said}</p></div>"
        for n, name, when, said in (
            (1, "Ana", "1/14/2012 3:05 PM", "Clean needles are cheaper than a liver."),
            (2, "Beto", "1/15/2012 9:00 AM", "Not with my taxes."),
        )
    )
    markup = (
        "<html><head><title>Needles | News</title></head><body><div id='story'>"
        "<h1>Needles</h1><p>The council votes Tuesday on a needle exchange.</p></div>"
        f"<div id='ctl00_pnlComments'>{items}</div></body></html>"
    )
    (thread,) = _page(tmp_path, "needles.html", markup).threads
    assert thread.article.text == "The council votes Tuesday on a needle exchange."
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", "1/14/2012 3:05 PM", "Clean needles are cheaper than a liver."),
        ("Beto", "1/15/2012 9:00 AM", "Not with my taxes."),
    ]


def test_a_phpbb_post_answers_the_post_it_quotes():
    """A phpBB post quoting another answers it: the post its ``<cite>`` links
    to (``#p7101``), else the quoted user's latest earlier post (a 3.0 cite
    without a link, or a link to a post not on the page); a quote inside the
    quote is the quoted post's own. Every post answered the topic. The text
    around a quote stays apart: "Two things.Nobody dies inside" ran together."""
    loaded = load(FIXTURES / "ingest" / "html-phpbb3-quotes.html")
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert thread.article.speaker == "hr_moderator"
    comments = thread.comments
    index = {c.id: i for i, c in enumerate(comments)}
    assert [(c.speaker, index.get(c.reply_to or "")) for c in comments] == [
        ("dr_okafor", None),  # quotes the opening post: the article
        ("skeptic_sam", 0),  # links to #p7101
        ("dr_okafor", 1),  # "skeptic_sam wrote:", no link: skeptic_sam's latest post
        ("nurse_kim", 2),  # dr_okafor's latest post, not the skeptic_sam quoted inside
        ("skeptic_sam", 0),  # links to dr_okafor's first post, not the latest
        ("harm_mom", 2),  # links to #p6988, not on the page: dr_okafor's latest post
    ]
    assert comments[0].reply_to == thread.article.id
    assert comments[1].text == (
        "Two things.\n\nNobody dies inside, sure. They die two blocks away an hour later."
    )
    assert comments[0].text.startswith("Yes. The Vancouver site")
    everything = "\n".join(u.text for u in thread.utterances)
    assert "wrote" not in everything


def test_a_hacker_news_thread_reads_names_dates_and_nesting_by_indent():
    """Each comment row's ``div.comment`` holds only the text; the name
    (``a.hnuser``) and date (``span.age[title]``) stand before it, and replies
    are rows indented by ``td.ind[indent]``: every commenter was "anonymous"
    (W036), every comment on the topic."""
    loaded = load(FIXTURES / "ingest" / "html-hacker-news.html")
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert thread.title == "Oregon recriminalizes drug possession"
    speaker = {u.id: u.speaker for u in thread.utterances}
    assert [
        (c.speaker, speaker.get(c.reply_to or ""), c.timestamp, c.text) for c in thread.comments
    ] == [
        (
            "throwaway_rn",
            None,
            "2024-03-01T18:30:00",
            "Measure 110 never funded the treatment side in time. The clinics opened two "
            "years late.",
        ),
        (
            "libertarian42",
            "throwaway_rn",
            "2024-03-01T19:00:00",
            "The law was fine. Portland just stopped enforcing anything at all, including dealing.",
        ),
        (
            "throwaway_rn",
            "libertarian42",
            "2024-03-01T19:20:00",
            "Dealing was never legal under 110.",
        ),
        (
            "econ_phd",
            None,
            "2024-03-01T20:00:00",
            "Overdose deaths rose everywhere fentanyl arrived, decriminalised or not.",
        ),
    ]


def test_a_comment_form_whose_box_is_classed_comment_is_no_comment(tmp_path: Path):
    """A theme wrapping the comment box in ``div.comment`` inside its form: the
    form is furniture still, not a comment reading "Comment *"."""
    page = (
        '<html><body><article class="post"><div class="entry-content"><p>Text.</p></div>'
        '</article><div id="comments"><div class="comment" id="c1"><span class="author">Lena'
        '</span><div class="comment-content"><p>Overstated.</p></div></div>'
        '<form id="commentform"><div class="comment"><label>Comment *</label>'
        "<textarea name='comment'></textarea></div><input type='submit' value='Post'></form>"
        "</div></body></html>"
    )
    loaded = _page(tmp_path, "post.html", page)
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [("Lena", "Overstated.")]
    assert loaded.warnings == []


# Pages from the code review of the reader's forum/platform rules: each read
# right before those rules and misread after them.
REVIEW = FIXTURES / "ingest"


def _review(name: str) -> tuple[Any, list[str], list[tuple[str, str]]]:
    """The thread of one review page, its article paragraphs and its comments
    as (speaker, text)."""
    loaded = load(REVIEW / name)
    (thread,) = loaded.threads
    paragraphs = thread.article.text.split("\n\n") if thread.article else []
    return thread, paragraphs, [(c.speaker, c.text) for c in thread.comments]


def test_an_ordinary_blog_post_in_div_postbody_is_no_phpbb_post():
    """An older blog theme's ``div.post > div.postbody`` (no phpBB profile) is the
    article; its ``div.comment`` comments are the comments."""
    _thread, paragraphs, comments = _review("html-postbody-blog.html")
    assert paragraphs[-1] == "Legalization would take the profits away from the cartels."
    assert comments == [
        ("Tom", "Legalize it all now."),
        ("Ana", "The army must go back to barracks."),
    ]


@pytest.mark.parametrize(
    "name", ["html-pullquote-cite.html", "html-pullquote-schema-comments.html"]
)
def test_a_pull_quote_with_a_cite_in_the_article_is_no_comment(name: str):
    """``div.comment`` pull quotes "<p>…</p><cite>Felipe Calderon</cite>" in the
    article's body are its text; the readers' comments after it (``.comment`` or
    schema.org ones) are the comments, and none is lost."""
    _thread, paragraphs, comments = _review(name)
    assert "Felipe Calderon" in paragraphs
    assert "We will not negotiate with criminals; the army stays." in paragraphs
    assert comments == [
        ("Tom", "Legalize it all now."),
        ("Ana", "The army must go back to barracks."),
    ]


@pytest.mark.parametrize("name", ["html-sronly-heading.html", "html-sronly-heading-body.html"])
def test_a_screen_reader_only_comments_heading_still_marks_the_comments(name: str):
    """``<h2 class="sr-only">Comments</h2>`` is hidden from the eye, not furniture:
    deleting it read the comments as article text or lost them."""
    loaded = load(REVIEW / name)
    (thread,) = loaded.threads
    assert thread.article.text.endswith("many argue.")
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Tom", "May 3, 2012", "Legalize it all now, the drug war has failed."),
        ("Ana", "May 4, 2012", "The army must go back to barracks."),
    ]
    assert loaded.warnings == []


def test_an_in_article_reader_comments_box_does_not_hide_the_real_comments():
    """A "Reader comments" box inside the article's text, then the page's own
    "23 Comments" section: the section's comments are the comments (the box,
    picked quotes, stays the article's text as it always was)."""
    _thread, paragraphs, comments = _review("html-inbody-readers-then-real.html")
    assert "Reader comments" in paragraphs
    assert comments == [
        ("Tom", "Legalize it all now."),
        ("Ana", "The army must go back to barracks."),
    ]


def test_a_related_box_in_the_article_is_neither_comment_nor_text():
    """A "You may also like" box inside ``.entry-content`` whose teaser is styled
    ``div.comment`` with an ``.author``, before the comments the theme nests
    there: the teaser is no comment by "Editor", and neither it nor the
    "2 Comments" heading is the article's text."""
    _thread, paragraphs, comments = _review("html-related-box-in-entry.html")
    assert paragraphs == [
        "The army has been deployed across Juarez since 2008 and violence has risen."
    ]
    assert comments == [
        ("Tom", "Legalize it all now."),
        ("Ana", "The army must go back to barracks."),
    ]


def test_a_headline_in_a_div_header_is_the_title():
    """A news page's ``div.header`` holding its headline ``h1`` (the ``<title>``
    being the site's name): the headline is the title, not article text."""
    thread, paragraphs, _comments = _review("html-title-in-header.html")
    assert thread.title == "Mexico's army must go home"
    assert "Mexico's army must go home" not in paragraphs
    assert thread.article.speaker == "Jim Smith"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Por Ana Pérez", "Ana Pérez"),
        ("Von Hans Müller", "Hans Müller"),
        ("Par Jean Dupont", "Jean Dupont"),
        ("Por Ana Pérez y Luis Mora", "Ana Pérez y Luis Mora"),
    ],
)
def test_a_byline_in_another_language_names_the_article_author(
    tmp_path: Path, byline: str, author: str
):
    """A "Por …", "Von …" or "Par …" line opening the text, or in the post's
    ``.byline``, names the article's author as "By …" does (it was "unknown")."""
    text = "<p>La policía decomisó dos toneladas de cocaína en el puerto.</p>"
    opening = (
        f"<html><body><article><h1>El puerto</h1><div class='entry-content'><p>{byline}</p>{text}"
    )
    marked = f"<html><body><article><h1>El puerto</h1><p class='byline'>{byline}</p><div class='entry-content'>{text}"
    for markup in (opening, marked):
        (thread,) = _page(
            tmp_path, "puerto.html", markup + "</div></article></body></html>"
        ).threads
        assert thread.article.speaker == author, markup


def test_a_byline_of_co_authors_names_them_all():
    """ "By Jim Smith, Ana Lopez and Tom Ruiz": the comma joins writers here, it
    does not cut off a date or an outlet."""
    thread, _paragraphs, _comments = _review("html-byline-coauthors.html")
    assert thread.article.speaker == "Jim Smith, Ana Lopez and Tom Ruiz"


def test_a_comment_content_wrapping_its_header_is_still_the_text():
    """``.comment-content`` holding the name and date as well as the text: the
    text is what is in it without the header, not the whole comment with its
    "Rate this" line and the commenter's signature."""
    _thread, _paragraphs, comments = _review("html-content-wraps-cite.html")
    assert comments == [
        ("Tom", "Legalize it all now."),
        ("Ana", "The army must go back to barracks."),
    ]


def test_a_kept_forms_field_box_leaves_no_labels_in_the_article():
    """A page wrapped in ASP.NET's form, with an "Email this story" box of fields
    after the text: the box goes with its fields, not its labels left behind
    as the article's last paragraphs ("Your name:", "Message:")."""
    _thread, paragraphs, _comments = _review("html-aspnet-article-tail.html")
    assert paragraphs == [
        "The army has been deployed across Juarez since 2008 and violence has risen.",
        "Legalization would take the profits away from the cartels.",
    ]


def test_comments_with_fields_in_a_kept_form_stay_comments(tmp_path: Path):
    """Comments in markup the reader does not know, each with a field and a
    "Reply" button, inside ASP.NET's page-wide form: no box of fields (they name
    a commenter), so only the controls go and the comments are read."""
    comment = (
        '<div class="c"><span class="username">{}</span><p>{}</p>'
        '<input type="button" value="Reply"><input name="q"></div>'
    )
    page = (
        '<html><head><title>T | News</title></head><body><form id="aspnetForm">'
        '<div id="main"><h1>T</h1><p>The army has been deployed across Juarez.</p></div>'
        '<section class="talk"><h2>2 Comments</h2>'
        + comment.format("Tom", "Legalize it")
        + comment.format("Ana", "Army out")
        + "</section></form></body></html>"
    )
    (thread,) = _page(tmp_path, "story.html", page).threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Tom", "Legalize it"),
        ("Ana", "Army out"),
    ]


def test_a_comment_box_named_like_a_related_box_keeps_its_comments(tmp_path: Path):
    """``div.more-comments`` inside ``.entry-content`` is the comments' own box,
    not a related-posts one: its comments are read, not dropped."""
    page = (
        '<html><body><article class="post"><div class="entry-content"><p>Text.</p>'
        '<div class="more-comments"><h3>2 Comments</h3>'
        '<div class="comment"><span class="author">Tom</span><p>Legalize it.</p></div>'
        '<div class="comment"><span class="author">Ana</span><p>Army out.</p></div>'
        "</div></div></article></body></html>"
    )
    (thread,) = _page(tmp_path, "post.html", page).threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Tom", "Legalize it."),
        ("Ana", "Army out."),
    ]
