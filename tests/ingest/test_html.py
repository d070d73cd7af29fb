from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from discourse.errors import IngestError
from discourse.ingest import detect_format, load, read_path
from discourse.segment import segment_threads

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


def test_page_with_no_text_is_a_clear_error(tmp_path: Path):
    f = tmp_path / "blank.html"
    f.write_text("<html><body><script>x()</script><nav>Home</nav></body></html>", encoding="utf-8")
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
