from __future__ import annotations

from pathlib import Path

import pytest

from discourse.errors import IngestError
from discourse.ingest import load, read_path

from ..conftest import FIXTURES, SEED


def test_seed_has_article_and_four_comments():
    (thread,) = read_path(SEED)
    assert thread.id == "guatemala-post"
    assert thread.article.speaker == "Karen Hooper"
    assert [c.speaker for c in thread.comments] == [
        "Aaron B",
        "Matt Yankee",
        "Derrick",
        "Distiller",
    ]
    assert all(c.reply_to == "guatemala-post/article" for c in thread.comments)


def test_seed_keeps_metadata_and_drops_boilerplate():
    (thread,) = read_path(SEED)
    assert thread.meta["posted_by"] == "nhughes"
    assert thread.meta["category"] == "Foreign Policy"
    everything = "\n".join(u.text for u in thread.utterances)
    assert "leave a response" not in everything
    assert "Posted by" not in everything
    assert len(thread.article.paragraphs) == 9


DUMP = """\
Cartels, guns and the border

Paragraph one of the article. It has two sentences.

Second paragraph.

Posted by editor in Policy on March 3, 2012

Share this:
Tweet
Leave a Reply

  • Ana Gómez
    March 3, 2012 at 9:15 am

    Great post. We need to stop the guns going south.

      • Bob
        March 3, 2012 at 10:01 am

        Disagree, Ana. Guns are not the problem.

  • Carl

    Legalize it all.
"""


def test_nested_bullets_become_replies_with_timestamps(tmp_path: Path):
    f = tmp_path / "border-post.txt"
    f.write_text(DUMP, encoding="utf-8")
    (thread,) = read_path(f)
    ana, bob, carl = thread.comments
    assert (ana.speaker, bob.speaker, carl.speaker) == ("Ana Gómez", "Bob", "Carl")
    assert ana.id == "border-post/ana-gomez"
    assert bob.reply_to == ana.id
    assert carl.reply_to == thread.article.id
    assert ana.timestamp == "March 3, 2012 at 9:15 am"
    assert thread.meta["category"] == "Policy"
    assert "Share this" not in thread.article.text and "Tweet" not in thread.article.text


def test_empty_file_is_a_clear_error(tmp_path: Path):
    f = tmp_path / "empty.txt"
    f.write_text("  \n", encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E002\].*empty.txt.*empty"):
        load(f)


def test_invalid_utf8_is_replaced_with_a_warning(tmp_path: Path):
    f = tmp_path / "latin1.txt"
    f.write_bytes(DUMP.replace("•", "*").encode("latin-1"))
    loaded = load(f)
    assert any("[W001]" in w and "latin1.txt" in w for w in loaded.warnings)
    assert loaded.threads[0].comments[0].speaker == "Ana G\ufffdmez"


def test_binary_file_is_rejected(tmp_path: Path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    with pytest.raises(IngestError, match=r"\[E003\].*image.txt"):
        load(f)


# ---------------------------------------------------------------------------
# scraped dumps: CRLF, lists in the article, removed comments, date formats

EDGE = FIXTURES / "ingest" / "page-dump-crlf.txt"


def test_reply_to_a_comment_without_text_answers_what_that_comment_answered():
    (thread,) = read_path(EDGE)
    ids = {u.id for u in thread.utterances}
    assert all(u.reply_to is None or u.reply_to in ids for u in thread.utterances)
    aaron, replier, cafe = thread.comments
    assert replier.speaker == "Replier" and replier.reply_to == aaron.id
    assert "page-dump-crlf/empty-guy" not in ids  # no text: no utterance, no id used up
    assert cafe.reply_to == thread.article.id


def test_bulleted_list_above_the_footer_stays_in_the_article():
    (thread,) = read_path(EDGE)
    assert thread.article.text == (
        "The commission lists three options:\n\nLegalize cannabis\n\nSend the army home"
        "\n\nNone of them is easy — café talk."
    )
    assert thread.meta["posted_by"] == "nhughes"  # the footer is still found
    assert [c.speaker for c in thread.comments] == ["Aaron B", "Replier", "Café Señor"]


@pytest.mark.parametrize(
    "line",
    [
        "18 November 2011 at 15:04",
        "Nov 18th, 2011 at 3:04 pm",
        "Friday, November 18, 2011 at 3:04 pm",
        "3:04 pm, November 18, 2011",
        "2011-11-18T15:04:00Z",
        "2011-11-18 15:04",
        "18.11.2011 15:04",
        "November 18, 2011 at 3:04 pm EST",
        "2 days ago",
        "Yesterday at 3:04 pm",
    ],
)
def test_comment_date_lines_in_common_formats_are_timestamps(tmp_path: Path, line: str):
    f = tmp_path / "post.txt"
    f.write_text(
        f"Article.\n\nPosted by ed in Policy\n\n  • Ana\n    {line}\n\n    My comment.\n",
        encoding="utf-8",
    )
    (ana,) = read_path(f)[0].comments
    assert ana.timestamp == line
    assert ana.text == "My comment."


@pytest.mark.parametrize("line", ["May 2011 was bad.", "2 days ago the army came in."])
def test_sentences_that_start_like_dates_stay_comment_text(tmp_path: Path, line: str):
    f = tmp_path / "post.txt"
    f.write_text(f"Article.\n\nPosted by ed\n\n  • Ana\n    {line}\n", encoding="utf-8")
    (ana,) = read_path(f)[0].comments
    assert ana.timestamp is None and ana.text == line
