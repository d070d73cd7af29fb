from __future__ import annotations

from pathlib import Path

import pytest

from discourse.errors import IngestError
from discourse.ingest import load, read_path
from tests.ingest.dates import OTHER_LANGUAGE_DATES

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


def test_a_latin1_dump_is_read_as_windows_1252_with_a_warning(tmp_path: Path):
    """Read as UTF-8 it was "Ana G\ufffdmez" (W001); see test_load for the rule."""
    f = tmp_path / "latin1.txt"
    f.write_bytes(DUMP.replace("•", "*").encode("latin-1"))
    loaded = load(f)
    assert any("[W016]" in w and "latin1.txt" in w for w in loaded.warnings)
    assert loaded.threads[0].comments[0].speaker == "Ana Gómez"


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
        "14 de enero de 2012 a las 15:05",
        "enero 14, 2012",
        "martes, 14 de enero de 2012, 3:05 p. m.",
        "14 de janeiro de 2012 às 15:05",
        "14 de março de 2012",
        "14 janvier 2012 à 15 h 05",
        "le 1er août 2012 à 9h30",
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


@pytest.mark.parametrize(
    ("heading", "dates"),
    [
        ("Comentarios", ("14 de enero de 2012 a las 15:05", "enero 14, 2012")),
        ("Comentários", ("14 de janeiro de 2012 às 15:05", "15 de janeiro de 2012 às 9:12")),
        ("Commentaires", ("14 janvier 2012 à 15 h 05", "15 janvier 2012 à 9h12")),
    ],
)
def test_a_news_layout_with_dates_in_spanish_portuguese_or_french(
    tmp_path: Path, heading: str, dates: tuple[str, str]
):
    """Where nothing but the date line under a user name marks a comment (a
    news site's layout), dates in Spanish, Portuguese or French were not
    dates: no comment was found and they were all left out (W031)."""
    f = tmp_path / "nota.txt"
    f.write_text(
        "La policía decomisó dos toneladas de cocaína en el puerto.\n\n"
        f"{heading}\n\nAna Pérez\n{dates[0]}\n\nNo cambia nada mientras haya demanda.\n\n"
        f"jmartin\n{dates[1]}\n\nEso dicen cada año.\n",
        encoding="utf-8",
    )
    loaded = load(f)
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert thread.article.text == "La policía decomisó dos toneladas de cocaína en el puerto."
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana Pérez", dates[0], "No cambia nada mientras haya demanda."),
        ("jmartin", dates[1], "Eso dicen cada año."),
    ]


@pytest.mark.parametrize(
    "heading",
    ["12 Comentarios", "12 comentários", "12 commentaires", "1 comentario", "2 Kommentare"],
)
def test_a_comment_count_heading_in_another_language_starts_the_comments(
    tmp_path: Path, heading: str
):
    """ "12 Comentarios" is "12 Comments": it ends the article and the comments
    under it are read (it was the article's last paragraph, with the
    comments' names, dates and text after it)."""
    loaded = _dump(
        tmp_path,
        "La policía decomisó dos toneladas de cocaína en el puerto.\n\n"
        f"{heading}\n\nAna Pérez\n14 de enero de 2012 a las 15:05\n\n"
        "No cambia nada mientras haya demanda.\n",
    )
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert thread.article.text == "La policía decomisó dos toneladas de cocaína en el puerto."
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana Pérez", "14 de enero de 2012 a las 15:05", "No cambia nada mientras haya demanda.")
    ]


@pytest.mark.parametrize(
    "line", ["May 2011 was bad.", "2 days ago the army came in.", "14 de enero de 2012 fue duro."]
)
def test_sentences_that_start_like_dates_stay_comment_text(tmp_path: Path, line: str):
    f = tmp_path / "post.txt"
    f.write_text(f"Article.\n\nPosted by ed\n\n  • Ana\n    {line}\n", encoding="utf-8")
    (ana,) = read_path(f)[0].comments
    assert ana.timestamp is None and ana.text == line


# ---------------------------------------------------------------------------
# what copying real pages gives: tabs, WordPress, Blogger, a news site, …

DUMPS = FIXTURES / "ingest"


def _source(path: Path) -> str:
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        return handle.read()


def _words(text: str) -> str:
    return " ".join(text.split())


def assert_every_segment_maps_to_its_sentence(nlp, path: Path) -> None:
    """Every segment has source offsets, and the file's span reads as the sentence."""
    from discourse.segment import segment_threads

    src = _source(path)
    segments = list(segment_threads(read_path(path), nlp))
    assert segments
    for seg in segments:
        assert seg.source_start is not None and seg.source_end is not None, seg.id
        assert _words(src[seg.source_start : seg.source_end]) == _words(seg.text), seg.id


def shape(thread) -> list[tuple[str, str | None, str | None, str]]:
    """``(speaker, speaker replied to, timestamp, first words)`` of each comment."""
    speaker = {u.id: u.speaker for u in thread.utterances}
    return [
        (
            c.speaker,
            None if c.reply_to == thread.article.id else speaker[c.reply_to],
            c.timestamp,
            " ".join(c.text.split()[:3]),
        )
        for c in thread.comments
    ]


FURNITURE = (
    "Share",
    "Twitter",
    "Facebook",
    "Leave a Reply",
    "Reply",
    "Like",
    "Report",
    "Comments",
    "comments:",
    "thoughts on",
    "Responses to",
    "Sort by",
    "Posted",
    "Delete",
    "Email",
    "Labels",
    "Advertisement",
    "Load more",
    "Post Comment",
    "Website",
    "Newer Post",
)


def assert_no_furniture(thread) -> None:
    everything = "\n".join(u.text for u in thread.utterances)
    for word in FURNITURE:
        assert word not in everything, word


def test_seed_layout_indented_with_tabs(nlp):
    path = DUMPS / "pagedump-tabs.txt"
    (thread,) = read_path(path)
    assert thread.article.speaker == "Elena Ruiz"
    assert thread.meta["category"] == "Drug Policy"
    assert thread.title == "Why the coca eradication numbers mislead"
    assert thread.article.text.startswith("*A guest post by policy researcher Elena Ruiz\n\n")
    assert len(thread.article.paragraphs) == 4
    assert shape(thread) == [
        ("Aaron B", None, "March 9, 2012 at 10:15 am", "This matches what"),
        ("Camila Restrepo", "Aaron B", "March 9, 2012 at 1:40 pm", "And when the"),
        ("Derrick", None, "March 10, 2012 at 8:02 am", "The demand side"),
    ]
    assert len(thread.comments[0].paragraphs) == 2
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_seed_layout_with_tabs_and_spaces_mixed_reads_a_tab_as_one_level(nlp):
    """An editor with 4-column tabs turned some leading spaces into tabs: a tab is
    one indentation level (here 4 columns, the step between the space-indented
    authors), so "\\t  • Jorge" stands beside "      • Camila", not under her."""
    path = DUMPS / "pagedump-mixed-indent.txt"
    loaded = load(path)
    (thread,) = loaded.threads
    assert shape(thread) == [
        ("Aaron B", None, "March 9, 2012 at 10:15 am", "This matches what"),
        ("Camila Restrepo", "Aaron B", "March 9, 2012 at 1:40 pm", "And when the"),
        ("Jorge Medina", "Aaron B", "March 9, 2012 at 6:12 pm", "Roads first, then"),
        ("Aaron B", "Jorge Medina", "March 9, 2012 at 9:30 pm", "Exactly the point"),
        ("Derrick", None, "March 10, 2012 at 8:02 am", "The demand side"),
    ]
    assert [c.id for c in thread.comments][3] == "pagedump-mixed-indent/aaron-b-2"
    # the 8-column reading would nest Jorge under Camila: the user is told
    (warning,) = [w for w in loaded.warnings if "[W030]" in w]
    assert "pagedump-mixed-indent.txt" in warning and "Jorge Medina" in warning
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_tab_only_and_space_only_indentation_give_no_tab_warning():
    for name in ("pagedump-tabs.txt", "offsets-hostile.txt", "page-dump-crlf.txt"):
        assert not [w for w in load(DUMPS / name).warnings if "[W030]" in w], name


WORDPRESS = DUMPS / "pagedump-wordpress.txt"
BLOGGER = DUMPS / "pagedump-blogger.txt"


def test_wordpress_says_lines_dates_and_reply_links(nlp):
    (thread,) = read_path(WORDPRESS)
    assert thread.article.speaker == "Marta Oliveira"
    assert thread.meta["posted_by"] == "Marta Oliveira"
    assert thread.article.timestamp == thread.published == "July 1, 2021"
    assert thread.title == "Why Portugal's decriminalisation still works, twenty years on"
    assert thread.article.text.startswith("In July 2001")
    assert thread.article.text.endswith("when it is spent on treatment.")
    assert len(thread.article.paragraphs) == 3
    assert shape(thread) == [
        ("Tom Becker", None, "July 1, 2021 at 9:42 am", "The numbers on"),
        ("Marta Oliveira", "Tom Becker", "July 1, 2021 at 11:05 am", "Good question. Most"),
        ("Priya N", None, "July 2, 2021 at 8:17 pm", "We keep hearing"),
        ("Dr. Alan Reyes", None, "July 3, 2021 at 6:30 am", "Decriminalisation without enough"),
    ]
    assert thread.comments[-1].text == (
        "Decriminalisation without enough treatment places just moves the queue from the "
        "courtroom to the clinic."
    )
    assert_no_furniture(thread)
    assert "Required fields" not in thread.comments[-1].text
    assert_every_segment_maps_to_its_sentence(nlp, WORDPRESS)


@pytest.mark.parametrize("said", ["said...", "said…", "said:", "wrote:"])
def test_wordpress_themes_that_print_said_instead_of_says(tmp_path: Path, said: str):
    f = tmp_path / "post.txt"
    f.write_text(WORDPRESS.read_text(encoding="utf-8").replace("says:", said), encoding="utf-8")
    (thread,) = read_path(f)
    assert [c.speaker for c in thread.comments] == [
        "Tom Becker",
        "Marta Oliveira",
        "Priya N",
        "Dr. Alan Reyes",
    ]
    assert thread.comments[1].timestamp == "July 1, 2021 at 11:05 am"


def test_blogger_said_text_then_timestamp_and_delete_links(nlp):
    path = DUMPS / "pagedump-blogger.txt"
    (thread,) = read_path(path)
    assert thread.article.speaker == "Dan Whitfield"
    assert thread.published == "Tuesday, November 15, 2011"
    assert thread.meta["labels"] == "Central America, drug policy"
    assert thread.title == "The price of the drug war is paid in Central America"
    assert thread.article.text.startswith("Every kilo of cocaine")
    assert len(thread.article.paragraphs) == 3
    # Blogger's "Replies" block is not indented when copied: the text does not say
    # which comment Dan answers, so every comment answers the article
    assert shape(thread) == [
        ("Anonymous", None, "November 16, 2011 at 2:41 AM", "Interdiction has never"),
        ("Dan Whitfield", None, "November 16, 2011 at 8:03 AM", "Higher prices also"),
        ("Rosa M.", None, "November 17, 2011 at 6:55 PM", "I grew up"),
        ("Kevin", None, "November 18, 2011 at 3:04 PM", "Legalize and tax"),
    ]
    assert thread.comments[2].text.endswith("every day on the way to school.")
    assert all("2011" not in c.text for c in thread.comments)
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


HEADLINE = "Safe supply is not a loophole"


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("pagedump-blogger-banner.txt", None),
        ("pagedump-blogger-banner-dated.txt", "Tuesday, May 14, 2024"),
    ],
)
def test_blogger_banner_is_the_site_and_the_post_headline_the_title(nlp, name: str, date):
    """A Blogger page opens with the blog's name, then the optional date header,
    then the post's headline: the blog's name was the title, and the headline
    the article's first sentence, analysed as the author's words."""
    path = DUMPS / name
    (thread,) = read_path(path)
    assert thread.title == HEADLINE
    assert thread.meta["site"] == "Harm Reduction Notes"
    assert thread.article.text.startswith("Vancouver's safe supply program")
    assert HEADLINE not in thread.article.text
    assert "Harm Reduction Notes" not in thread.article.text
    assert len(thread.article.paragraphs) == 3
    assert (thread.published, thread.article.timestamp, thread.meta.get("date")) == (date,) * 3
    assert (thread.article.speaker, thread.meta["time"]) == ("Jenna Park", "9:12 AM")
    assert shape(thread) == [
        ("Anonymous", None, "May 14, 2024 at 10:02 AM", "Safe supply is"),
        ("Mark Liu", None, "May 14, 2024 at 11:30 AM", "Anonymous, nonsense. Every"),
        ("Jenna Park", None, "May 14, 2024 at 12:15 PM", "Thanks Mark. The"),
    ]
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_a_blog_name_and_description_over_the_date_header_are_the_banner(tmp_path: Path):
    """The blog's description under its name is banner too, not the headline."""
    (thread,) = _dump(
        tmp_path,
        "Harm Reduction Notes\nA Vancouver nurse on drug policy\n\nTuesday, May 14, 2024\n\n"
        f"{HEADLINE}\n\nThe evidence is thin. Expand it.\n\n"
        "Posted by Jenna Park at 9:12 AM\n\nNo comments:\n",
    ).threads
    assert thread.title == HEADLINE
    assert thread.meta["site"].startswith("Harm Reduction Notes")
    assert thread.article.text == "The evidence is thin. Expand it."


def test_without_a_blog_footer_a_deck_under_the_headline_stays_text(tmp_path: Path):
    """Only a blog's "Posted by … at 9:12 AM" footer makes the last header
    paragraph the headline: elsewhere the first is, and a deck under it is text."""
    (thread,) = _dump(
        tmp_path,
        f"{HEADLINE}\n\nWhat the coroner's numbers show\n\nThe evidence is thin. Expand it.\n\n"
        "Posted by Jenna Park in Opinion\n\n  • Mark\n    May 14, 2024 at 11:30 AM\n\n"
        "    Agreed.\n",
    ).threads
    assert thread.title == HEADLINE
    assert "site" not in thread.meta
    assert thread.article.text.startswith("What the coroner's numbers show")


def test_news_site_comment_count_sort_menu_relative_dates_and_action_bars(nlp):
    path = DUMPS / "pagedump-news.txt"
    (thread,) = read_path(path)
    assert thread.article.speaker == "Sarah Kline"
    assert thread.published == "March 2, 2021 at 2:14 PM EST"
    assert thread.title == "Oregon’s drug decriminalisation deserves a fair trial"
    assert thread.article.text.startswith("Three years")  # the byline is the speaker
    assert thread.article.text.endswith("is not a fair test.")
    assert shape(thread) == [
        ("GregT", None, "2 hours ago", "The hotline was"),
        ("Mara Lindqvist", "GregT", "1 hour ago", "That is exactly"),
        ("portland_nurse", None, "3 hours ago", "I work in"),
        ("Dave R.", None, "Yesterday at 9:40 PM", "Give it five"),
    ]
    # the site's footer under the last comment is not part of it
    assert thread.comments[-1].text == "Give it five more years before we call it a failure"
    assert_no_furniture(thread)
    assert "Likes" not in thread.comments[2].text
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_page_without_comments_is_its_article_without_the_comment_form(nlp):
    path = DUMPS / "pagedump-no-comments.txt"
    loaded = load(path)
    (thread,) = loaded.threads
    assert thread.comments == []
    assert any("[W002]" in w for w in loaded.warnings)
    assert thread.article.speaker == "Jonas Weber"
    assert thread.published == "12 May 2023"
    assert thread.title is not None and thread.title not in thread.article.text
    assert len(thread.article.paragraphs) == 3
    assert thread.article.text.endswith("before the results are in.")
    assert_no_furniture(thread)
    assert "Name *" not in thread.article.text and "email" not in thread.article.text
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_bulleted_list_in_the_article_above_the_comment_count(nlp):
    path = DUMPS / "pagedump-article-list.txt"
    (thread,) = read_path(path)
    assert thread.article.speaker == "Kwame Asante"
    assert thread.title == "Five things the drug war taught us"
    paragraphs = [thread.article.text[s:e] for s, e in thread.article.paragraphs]
    assert paragraphs == [
        "Fifty years of prohibition have left a long record. Five lessons stand out:",
        "Seizures do not raise street prices for long",
        "Arresting users fills prisons without emptying markets",
        "Every crackdown on one route opens another",
        "Treatment costs less than prison",
        "Criminal records outlast most addictions",
        "None of this is new. What is new is that governments have begun to act on it.",
    ]
    assert shape(thread) == [
        ("Lena Fischer", None, "4 February 2020 at 07:15", "Point four deserves"),
        ("Omar", None, "4 February 2020 at 12:48", "I would add"),
        ("Kwame Asante", "Omar", "4 February 2020 at 13:02", "Agreed, Omar. That"),
    ]
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_a_tab_is_one_level_of_the_files_own_step_not_four_or_eight_columns(tmp_path: Path):
    """Authors at 0 and 2 spaces: the level step is 2, so a tab is 2 columns and
    "\\t• Cy" answers Ana beside Bob (4 or 8 columns would nest Cy under Bob)."""
    f = tmp_path / "post.txt"
    f.write_text(
        "Article.\n\nPosted by ed\n\n• Ana\n  Legalize it.\n\n  • Bob\n    No.\n\n"
        "\t• Cy\n\t  Maybe.\n\n• Dee\n  Later.\n",
        encoding="utf-8",
    )
    loaded = load(f)
    (thread,) = loaded.threads
    assert [(c.speaker, c.reply_to) for c in thread.comments] == [
        ("Ana", "post/article"),
        ("Bob", "post/ana"),
        ("Cy", "post/ana"),
        ("Dee", "post/article"),
    ]
    assert any("[W030]" in w and "Cy" in w and "(2 columns)" in w for w in loaded.warnings)


def test_a_comment_count_under_the_title_does_not_start_the_comments(tmp_path: Path):
    """WordPress prints "4 Comments" by the title too: the comments start at the
    last comment heading with an author under it."""
    f = tmp_path / "post.txt"
    f.write_text(
        "Title of the post\n\n2 Comments\n\nFirst paragraph of the article.\n\n"
        "2 Comments\n\nAna says:\nMay 3, 2020 at 9:00 am\n\nGood.\n\nReply\n\n"
        "Bo says:\nMay 3, 2020 at 9:30 am\n\nBad.\n\nReply\n",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert thread.title == "Title of the post"
    assert thread.article.text == "First paragraph of the article."
    assert [(c.speaker, c.text) for c in thread.comments] == [("Ana", "Good."), ("Bo", "Bad.")]


def test_says_lines_without_a_heading_start_the_comments(tmp_path: Path):
    f = tmp_path / "post.txt"
    f.write_text(
        "The article.\n\n• Seizures fell.\n• Prices did not.\n\nAna says:\n\nGood post.\n",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert thread.article.text == "The article.\n\nSeizures fell.\n\nPrices did not."
    (ana,) = thread.comments
    assert (ana.speaker, ana.text) == ("Ana", "Good post.")


def test_name_and_date_lines_in_the_article_are_not_comments(tmp_path: Path):
    """Without a footer or comment heading a name over a date is a byline, not a comment."""
    f = tmp_path / "post.txt"
    f.write_text(
        "A title\n\nBy Sarah Kline\nMarch 2, 2021\n\nThe article.\n\nJo Bloggs\n2 days ago\n\n"
        "More article.\n",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert thread.comments == []
    assert thread.article.speaker == "Sarah Kline" and thread.published == "March 2, 2021"


def test_a_wordpress_dump_without_suffix_is_recognised(tmp_path: Path):
    f = tmp_path / "post"
    f.write_bytes((DUMPS / "pagedump-wordpress.txt").read_bytes())
    (thread,) = read_path(f)
    assert len(thread.comments) == 4


def test_user_name_and_date_on_one_line(tmp_path: Path):
    f = tmp_path / "post.txt"
    f.write_text(
        "The article.\n\n12 Comments\n\nGregT • 2 hours ago\nThe hotline was a joke.\n"
        "Reply · Like\n\nMara Lindqvist · Yesterday at 9:40 PM\nIt was never the point.\n",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("GregT", "2 hours ago", "The hotline was a joke."),
        ("Mara Lindqvist", "Yesterday at 9:40 PM", "It was never the point."),
    ]


def test_text_under_the_footer_that_no_author_claims_is_reported(tmp_path: Path):
    f = tmp_path / "post.txt"
    f.write_text(
        "The article.\n\nPosted by ed\n\nJo commented on this post\n\nA comment.\n",
        encoding="utf-8",
    )
    loaded = load(f)
    assert loaded.threads[0].comments == []
    (warning,) = [w for w in loaded.warnings if "[W031]" in w]
    assert "post.txt" in warning and "2 line(s)" in warning and "Jo commented" in warning


@pytest.mark.parametrize("path", [SEED, *sorted(DUMPS.glob("*.txt"))], ids=lambda p: p.name)
def test_shipped_dumps_leave_no_text_out(path: Path):
    assert not [w for w in load(path).warnings if "[W031]" in w]


def test_a_says_line_quoted_in_a_dated_comment_stays_its_text(tmp_path: Path):
    """Where every author has a date line under it, "The report says:" without
    one is a quote inside a comment."""
    f = tmp_path / "post.txt"
    text = WORDPRESS.read_text(encoding="utf-8").replace(
        "Portugal was told the same thing in 2001.",
        "Portugal was told the same thing in 2001.\n\nThe EMCDDA report says:\n\nUse did not rise.",
    )
    f.write_text(text, encoding="utf-8")
    (thread,) = read_path(f)
    assert [c.speaker for c in thread.comments] == [
        "Tom Becker",
        "Marta Oliveira",
        "Priya N",
        "Dr. Alan Reyes",
    ]
    assert thread.comments[2].text.endswith(
        "in 2001.\n\nThe EMCDDA report says:\n\nUse did not rise."
    )


def test_disqus_comments_embedded_in_a_page(nlp):
    """Disqus prints "Name • 2 hours ago" on one line and "Reply • Share ›" under the text."""
    path = DUMPS / "pagedump-disqus-embed.txt"
    (thread,) = read_path(path)
    assert thread.title == "Canada's cannabis licences, five years in"
    assert len(thread.article.paragraphs) == 2
    assert thread.article.text.endswith("some still sell outside the system.")
    assert shape(thread) == [
        ("GregT", None, "2 hours ago", "Licensing worked better"),
        ("Mara", "GregT", "an hour ago", "Except for the"),
        ("Jo Bloggs", None, "5 hours ago", "Prices are still"),
    ]
    assert all("Share" not in c.text and "›" not in c.text for c in thread.comments)
    assert thread.comments[-1].text == (
        "Prices are still too high to beat the street in some provinces."
    )  # not "Also on Harm Reduction Today", Disqus' links to the site's other threads
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


def test_posted_by_above_the_article_is_a_header_not_the_footer(tmp_path: Path):
    """Only a "Posted by" line below article text starts the comments; above it
    (under a title, or first in the file) the article follows it."""
    f = tmp_path / "post.txt"
    f.write_text(
        "A title\n\nPosted by Dan in Policy on March 3, 2012\n\nThe article.\n\n  • Ana\n\n"
        "    Good.\n",
        encoding="utf-8",
    )
    loaded = load(f)
    (thread,) = loaded.threads
    assert (thread.title, thread.article.text) == ("A title", "The article.")
    assert (thread.article.speaker, thread.published) == ("Dan", "March 3, 2012")
    assert thread.meta["category"] == "Policy"
    assert [(c.speaker, c.text) for c in thread.comments] == [("Ana", "Good.")]
    assert loaded.warnings == []


# --- adversarial layouts: article text read as comments, comment text read as furniture


def _dump(tmp_path: Path, text: str):
    f = tmp_path / "post.txt"
    f.write_text(text, encoding="utf-8")
    return load(f)


def test_a_bulleted_list_of_names_in_an_article_is_not_comments(tmp_path: Path):
    """Bullets one under the other are a list; comment authors stand apart."""
    loaded = _dump(
        tmp_path,
        "Lisbon, 2001\n\nPortugal decriminalised possession of all drugs.\n\n"
        "The people who shaped the policy included:\n\n• João Goulão\n• Maria Santos\n"
        "• Rui Silva\n\nEach of them later argued for the model abroad.\n",
    )
    (thread,) = loaded.threads
    assert thread.comments == []
    assert thread.article.text.endswith(
        "included:\n\nJoão Goulão\n\nMaria Santos\n\nRui Silva\n\n"
        "Each of them later argued for the model abroad."
    )


def test_a_comments_heading_and_a_date_line_amid_the_article_stay_its_text(tmp_path: Path):
    loaded = _dump(
        tmp_path,
        "The debate\n\nHIV infections fell sharply.\n\nComments\n\n"
        "Critics were not convinced.\n\nMarch 3, 2012\n\nThe people involved:\n\n"
        "• Ana Silva\n• Rui Costa\n\nThat is where the debate stands.\n",
    )
    (thread,) = loaded.threads
    assert thread.comments == []
    assert thread.title == "The debate"
    assert thread.article.text.split("\n\n")[1:4] == [
        "Comments",
        "Critics were not convinced.",
        "March 3, 2012",
    ]
    assert thread.article.text.endswith("That is where the debate stands.")


def test_a_quote_introduced_by_a_says_line_in_an_article_is_not_a_comment(tmp_path: Path):
    """ "The report says:" and "He said:" introduce quotes: no user name starts so."""
    loaded = _dump(
        tmp_path,
        "Portugal, twenty years on\n\nThe minister was blunt.\n\nHe said:\n\n"
        '"Addiction is a health problem."\n\nThe report says:\n\n'
        "Drug-related HIV infections fell sharply.\n\nTop\n\nThat is where it stands.\n",
    )
    (thread,) = loaded.threads
    assert thread.comments == []
    assert thread.title == "Portugal, twenty years on"
    assert thread.article.text.split("\n\n")[1:] == [
        "He said:",
        '"Addiction is a health problem."',
        "The report says:",
        "Drug-related HIV infections fell sharply.",
        "Top",
        "That is where it stands.",
    ]


def test_says_lines_with_nothing_else_marking_comments_warn(tmp_path: Path):
    """Without a date, a heading or a footer, "João Goulão said:" may be a quote: W032."""
    loaded = _dump(
        tmp_path,
        "The hearing\n\nThe hearing ran for three hours.\n\nJoão Goulão said:\n\n"
        "Treatment is cheaper than prison.\n",
    )
    (warning,) = [w for w in loaded.warnings if "[W032]" in w]
    assert "João Goulão" in warning and "post.txt" in warning
    dated = _dump(tmp_path, WORDPRESS.read_text(encoding="utf-8"))
    assert not [w for w in dated.warnings if "[W032]" in w]


def test_a_said_line_quoted_in_a_bulleted_comment_stays_its_text(tmp_path: Path):
    """Where comments are bulleted, an unbulleted "Ana said:" quotes another comment."""
    loaded = _dump(
        tmp_path,
        "Naloxone\n\nPharmacies will stock naloxone.\n\nPosted by ed in Health\n\n"
        "  • Ana Gómez\n\n    What is the price per kit?\n\n"
        "  • Bob Tran\n\n    Ana said:\n\n    What is the price per kit?\n\n"
        "    About forty dollars.\n",
    )
    (thread,) = loaded.threads
    assert [c.speaker for c in thread.comments] == ["Ana Gómez", "Bob Tran"]
    assert thread.comments[1].text == (
        "Ana said:\n\nWhat is the price per kit?\n\nAbout forty dollars."
    )


def test_furniture_words_in_comments_are_text_or_reported(tmp_path: Path):
    """ "Top" amid a comment is its text; "Best" alone is the comment (W034);
    a count after the text is dropped, but said (W033)."""
    loaded = _dump(
        tmp_path,
        "Naloxone\n\nPharmacies will stock naloxone.\n\n4 Comments\n\n"
        "Ana says:\nMarch 3, 2012 at 9:15 am\nGood.\n\nTop\n\nCheap too.\nReply\n\n"
        "Bob says:\nMarch 3, 2012 at 9:20 am\nWhat is the price?\n\n14\nReply\n\n"
        "Carla says:\nMarch 4, 2012 at 8:00 am\nBest\nReply\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Ana", "Good.\n\nTop\n\nCheap too."),
        ("Bob", "What is the price?"),
        ("Carla", "Best"),
    ]
    (w33,) = [w for w in loaded.warnings if "[W033]" in w]
    assert "'14'" in w33 and "Bob" in w33
    (w34,) = [w for w in loaded.warnings if "[W034]" in w]
    assert "Carla" in w34 and "'Best'" in w34


def test_a_user_named_like_furniture_over_a_date_is_an_author(tmp_path: Path):
    loaded = _dump(
        tmp_path,
        "Measure 110\n\nFew people called the hotline.\n\n12 Comments\nSort by: Newest\n\n"
        "GregT\n2 hours ago\nThe hotline was a joke.\nReply · Like · Report\n\n"
        "X\n3 hours ago\nThe money came late.\nReply · Like · Report\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("GregT", "2 hours ago", "The hotline was a joke."),
        ("X", "3 hours ago", "The money came late."),
    ]


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Por Ana Pérez", "Ana Pérez"),
        ("Por Álvaro Gómez | Ciudad de México", "Álvaro Gómez"),
        ("Von Hans Müller", "Hans Müller"),
        ("Par Jean Dupont, correspondant à Bogota", "Jean Dupont"),
    ],
)
def test_a_byline_in_spanish_german_or_french_names_the_article_author(
    tmp_path: Path, byline: str, author: str
):
    """ "Por …", "Von …" and "Par …" bylines name the article's author as "By …"
    does: the article was "unknown"'s, or the poster's."""
    loaded = _dump(
        tmp_path,
        f"El puerto de la cocaína\n\n{byline}\n\nLa policía decomisó dos toneladas.\n\n"
        "Posted by editor in Noticias\n\n  • Ana\n\n    Otra vez.\n",
    )
    (thread,) = loaded.threads
    assert thread.article.speaker == author
    assert thread.meta["byline"] == byline


@pytest.mark.parametrize(
    "line", ["Par ailleurs, la police a saisi deux tonnes.", "Por eso no cambia nada."]
)
def test_a_sentence_starting_with_por_or_par_is_not_a_byline(tmp_path: Path, line: str):
    loaded = _dump(
        tmp_path,
        f"El puerto\n\n{line}\n\nLa policía decomisó dos toneladas.\n\n"
        "Posted by editor in Noticias\n\n  • Ana\n\n    Otra vez.\n",
    )
    (thread,) = loaded.threads
    assert thread.article.speaker == "editor"
    assert "byline" not in thread.meta


def test_a_sentence_starting_with_by_is_not_a_byline(tmp_path: Path):
    loaded = _dump(
        tmp_path,
        "The fund that ran dry\n\nBy March, the naloxone fund was empty.\n\n"
        "Clinics rationed kits.\n\nPosted by editor in Health\n\n  • Ana\n\n    A scandal.\n",
    )
    (thread,) = loaded.threads
    assert thread.article.speaker == "editor"
    assert "byline" not in thread.meta


def test_a_byline_over_the_text_of_an_untitled_dump_is_no_sentence_nor_title(nlp):
    """A dump with no headline, opening with "By Laura Mendez" right over the
    first paragraph, read the byline as the start of the article's first
    sentence: the report titled the thread "By Laura Mendez Five years after
    …" and "By Laura Mendez" was a segment. The byline names the author and is
    kept in ``meta``; the thread stays untitled, named by the text's first words."""
    from discourse.report import first_words
    from discourse.segment import segment_threads

    path = DUMPS / "pagedump-byline-no-headline.txt"
    (thread,) = read_path(path)
    assert thread.title is None
    assert thread.article.speaker == "Laura Mendez"
    assert thread.meta["byline"] == "By Laura Mendez"
    assert thread.article.text.startswith("Five years after Felipe Calderón sent the army")
    assert "Mendez" not in thread.article.text
    assert first_words(thread.article.text) == "Five years after Felipe Calderón sent the army …"
    assert [(c.speaker, c.timestamp) for c in thread.comments] == [
        ("Carlos R.", "March 3, 2012 at 9:15 am"),
        ("Ann Smith", "March 3, 2012 at 10:02 am"),
        ("Jorge Medina", "March 4, 2012 at 8:40 pm"),
    ]
    segments = list(segment_threads([thread], nlp))
    article = [seg.text for seg in segments if seg.id.startswith(thread.article.id + "/")]
    assert article[0].startswith("Five years after")
    assert not any("Mendez" in text for text in article)
    assert_every_segment_maps_to_its_sentence(nlp, path)


BODY = (
    "Five years after Felipe Calderón sent the army into the streets, the violence has"
    " not ebbed.\n\nThe president insists the strategy is working.\n\n12 Comments\n\n"
    "Ann Smith\nMarch 3, 2012 at 10:02 am\nWhat else could he have done?\nReply\n"
)


@pytest.mark.parametrize(
    ("header", "key", "value"),
    [
        ("By Laura Mendez | March 3, 2012", "byline", "By Laura Mendez | March 3, 2012"),
        ("By Laura Mendez, March 3, 2012", "byline", "By Laura Mendez, March 3, 2012"),
        ("By Laura Mendez\nMarch 3, 2012", "byline", "By Laura Mendez"),
        ("Posted by Laura Mendez", "posted_by", "Laura Mendez"),
        ("Written by Laura Mendez", "byline", "Laura Mendez"),
        ("Por Laura Mendez", "byline", "Por Laura Mendez"),
    ],
)
def test_a_byline_with_a_date_or_in_another_form_over_untitled_text_is_no_text(
    tmp_path: Path, header: str, key: str, value: str
):
    """Dated, "Posted by", "Written by" and "Por" bylines right over the text of
    a dump without a headline: the author, not the first words of the article."""
    (thread,) = _dump(tmp_path, f"{header}\n{BODY}").threads
    assert thread.title is None
    assert thread.article.speaker == "Laura Mendez"
    assert thread.meta[key] == value
    assert thread.article.text.startswith("Five years after Felipe Calderón")
    assert "Mendez" not in thread.article.text


def test_a_byline_between_headline_and_text_without_blank_lines(tmp_path: Path):
    """ "Headline", "By …" and the text with no blank line between: the headline
    was not found (a hard-wrapped first paragraph has none) and headline and
    byline opened the article's first sentence."""
    (thread,) = _dump(tmp_path, f"Mexico's lost war\nBy Laura Mendez\n{BODY}").threads
    assert thread.title == "Mexico's lost war"
    assert thread.article.speaker == "Laura Mendez"
    assert thread.article.text.startswith("Five years after Felipe Calderón")


def test_a_byline_over_a_hard_wrapped_first_paragraph_is_no_text(tmp_path: Path):
    (thread,) = _dump(
        tmp_path,
        "By Laura Mendez\n" + BODY.replace(" into ", " into\n", 1),  # wrapped at 55 columns
    ).threads
    assert thread.title is None
    assert thread.article.speaker == "Laura Mendez"
    assert thread.article.text.startswith("Five years after Felipe Calderón sent the army into the")


@pytest.mark.parametrize(
    ("header", "byline"),
    [
        ("By Laura Mendez", "By Laura Mendez"),
        ("Mexico's lost war\n\nBy Laura Mendez", "By Laura Mendez"),
        ("By Laura Mendez | Reuters", "By Laura Mendez | Reuters"),
        ("Mexico's lost war\n\nBy Laura Mendez, Reuters", "By Laura Mendez, Reuters"),
        ("Mexico's lost war\n\nPor Laura Mendez", "Por Laura Mendez"),
    ],
)
def test_a_byline_in_a_paragraph_of_its_own_is_the_authors_not_the_text(
    tmp_path: Path, header: str, byline: str
):
    """ "By Laura Mendez" set apart by blank lines (or "By Laura Mendez |
    Reuters") stayed the article's first paragraph: a segment of its own, and
    the first words naming an untitled thread. It names the author, is kept in
    ``meta`` and is no text."""
    (thread,) = _dump(tmp_path, f"{header}\n\n{BODY}").threads
    assert thread.article.speaker == "Laura Mendez"
    assert thread.meta["byline"] == byline
    assert thread.article.text.startswith("Five years after Felipe Calderón")
    assert "Mendez" not in thread.article.text
    assert thread.title == ("Mexico's lost war" if "\n" in header else None)
    assert [(c.speaker, c.timestamp) for c in thread.comments] == [
        ("Ann Smith", "March 3, 2012 at 10:02 am")
    ]


@pytest.mark.parametrize(
    "author",
    [
        "Ahmed al-Masri",
        "Jean d'Ormesson",
        "Hassan bin-Talal",
        "Amira el-Sayed",
        "Maria Lopez & Tom Ruiz",
    ],
)
def test_a_byline_whose_name_has_a_lower_case_particle_names_the_author(
    tmp_path: Path, author: str
):
    """A surname opening with a lower-case particle ("al-Masri", "d'Ormesson")
    is a name's word, and "&" joins two names: "By Ahmed al-Masri" and "By
    Maria Lopez & Tom Ruiz" were read as sentences (no byline, no author) and
    left in the text, as they were not before byline_author."""
    (thread,) = _dump(tmp_path, f"Mexico's lost war\n\nBy {author}\n\n{BODY}").threads
    assert thread.article.speaker == author
    assert thread.meta["byline"] == f"By {author}"
    assert thread.article.text.startswith("Five years after Felipe Calderón")


@pytest.mark.parametrize(
    "sentence",
    [
        "By 2010 the cartels had taken the border towns",
        "By the time the army arrived, the cartels had left",
        "By Tuesday the army had withdrawn from\nthe northern towns, and the mayors fled.",
        "By Tuesday everything had changed",
    ],
)
def test_a_first_sentence_starting_with_by_stays_in_the_text(tmp_path: Path, sentence: str):
    """A paragraph opening with "By" that is no byline is the article's first
    words, ended or not ("By Tuesday the army had withdrawn from" over the rest
    of a hard-wrapped sentence was taken for a byline by "Tuesday the army …",
    and left out)."""
    (thread,) = _dump(tmp_path, f"Mexico's lost war\n\n{sentence}\n\n{BODY}").threads
    assert thread.article.speaker == "unknown"
    assert "byline" not in thread.meta
    first, second, *_ = thread.article.text.split("\n\n")
    assert first == sentence.replace("\n", " ")
    assert second.startswith("Five years after")


@pytest.mark.parametrize(
    "label",
    [
        "Staff writer",
        "Staff Reporter",
        "Contributing Writer",
        "Senior Correspondent",
        "Associated Press",
        "Special to the Post",
    ],
)
@pytest.mark.parametrize("headline", ["", "Mexico's lost war\n\n"])
def test_a_job_title_under_a_byline_is_the_bylines_not_the_text(
    tmp_path: Path, label: str, headline: str
):
    """ "By Laura Mendez" over "Staff writer": the byline stayed in the text
    with its label ("By Laura Mendez Staff writer"), or, in a dump without a
    headline, the label was the thread's title. The label belongs to the byline:
    kept in ``meta["byline_label"]``, neither text nor title."""
    (thread,) = _dump(tmp_path, f"{headline}By Laura Mendez\n{label}\n\n{BODY}").threads
    assert thread.article.speaker == "Laura Mendez"
    assert thread.meta["byline"] == "By Laura Mendez"
    assert thread.meta["byline_label"] == label
    assert thread.title == ("Mexico's lost war" if headline else None)
    assert thread.article.text.startswith("Five years after Felipe Calderón")
    assert label not in thread.article.text


def test_a_job_title_and_the_text_under_a_byline_without_blank_lines(tmp_path: Path):
    """Byline, label and text in one paragraph: the text starts after the label."""
    (thread,) = _dump(tmp_path, f"By Laura Mendez\nStaff writer\n{BODY}").threads
    assert thread.article.speaker == "Laura Mendez"
    assert thread.meta["byline_label"] == "Staff writer"
    assert thread.article.text.startswith("Five years after Felipe Calderón")


@pytest.mark.parametrize(
    "first_line", ["Police arrested a reporter", "The editor", "Our correspondent", "I am a writer"]
)
def test_a_hard_wrapped_first_line_ending_in_a_job_word_stays_text(tmp_path: Path, first_line: str):
    """The first line of a hard-wrapped paragraph right under the byline that
    ends in a job word ("Police arrested a reporter" over "in Culiacan on
    Tuesday …") is a sentence's start, not a job title: it was taken into
    ``meta["byline_label"]`` and the text began mid-sentence."""
    rest = "in Culiacan on Tuesday, and the army withdrew from the town."
    (thread,) = _dump(
        tmp_path, f"Mexico's lost war\n\nBy Laura Mendez\n{first_line}\n{rest}\n\n{BODY}"
    ).threads
    assert thread.article.speaker == "Laura Mendez"
    assert "byline_label" not in thread.meta
    assert thread.article.text.startswith(f"{first_line} {rest}")


def test_only_a_label_line_right_under_a_byline_is_the_bylines(tmp_path: Path):
    """A sentence under the byline is text, and a label-like line that is not
    right under a byline ("Associated Press" as a paragraph of the article) stays."""
    (thread,) = _dump(
        tmp_path,
        "Mexico's lost war\n\nBy Laura Mendez\nStaff writers here have covered the war since 2006.\n\n"
        "Five years after Felipe Calderón sent the army into the streets, the violence has"
        " not ebbed.\n\nAssociated Press\n\nThe president insists the strategy is working.\n\n"
        "12 Comments\n\nAnn Smith\nMarch 3, 2012 at 10:02 am\nWhat else could he have done?\n",
    ).threads
    assert thread.article.speaker == "Laura Mendez"
    assert "byline_label" not in thread.meta
    paragraphs = thread.article.text.split("\n\n")
    assert paragraphs[0] == "Staff writers here have covered the war since 2006."
    assert "Associated Press" in paragraphs


def test_a_said_line_quoted_in_a_blogger_comment_stays_its_text(tmp_path: Path):
    """Blogger ends each comment with its date: a "said..." line not after one is a quote."""
    text = BLOGGER.read_text(encoding="utf-8").replace(
        "They see it every day on the way to school.",
        "They see it every day on the way to school.\n\nDan Whitfield said...\n\n"
        "Higher prices keep some people from using.\n\nNot where I live.",
    )
    loaded = _dump(tmp_path, text)
    (thread,) = loaded.threads
    assert [c.speaker for c in thread.comments] == [
        "Anonymous",
        "Dan Whitfield",
        "Rosa M.",
        "Kevin",
    ]
    assert thread.comments[2].text.endswith(
        "school.\n\nDan Whitfield said...\n\nHigher prices keep some people from using."
        "\n\nNot where I live."
    )
    assert thread.comments[2].timestamp == "November 17, 2011 at 6:55 PM"


def test_a_user_name_starting_like_a_subject_is_an_author_over_its_date(tmp_path: Path):
    loaded = _dump(
        tmp_path,
        "Title\n\nArticle text.\n\n1 Comment\n\nThe Economist says:\n"
        "March 3, 2012 at 9:20 am\nWe covered this in 2009.\nReply\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("The Economist", "We covered this in 2009.")
    ]


@pytest.mark.parametrize(
    "heading",
    [
        "Comments (3)",
        "Reader comments",
        "Join the conversation",
        "Discussion (3)",
        "(3) Comments",
        "Comments 3",
        "Showing 3 comments",
    ],
)
def test_news_comment_headings_other_sites_print_start_the_comments(tmp_path: Path, heading: str):
    """Over a news layout (a name, a date line) only a heading marks the comments:
    without it being recognised, every comment went into the article (W002)."""
    loaded = _dump(
        tmp_path,
        "Portland recriminalises drug possession\n\nBy Sarah Kline\nApril 1, 2024\n\n"
        "Oregon lawmakers voted to make possession a misdemeanour again.\n\n"
        f"{heading}\n\nGregT\n2 hours ago\nabout time. downtown is a mess\n"
        "Reply · Like · Report\n\n    Mara Lindqvist\n    1 hour ago\n"
        "    It was a mess before 2020 too.\n    Reply · Like · Report\n",
    )
    (thread,) = loaded.threads
    assert not [w for w in loaded.warnings if "[W002]" in w]
    assert thread.article.text.endswith("misdemeanour again.")
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("GregT", "2 hours ago", "about time. downtown is a mess"),
        ("Mara Lindqvist", "1 hour ago", "It was a mess before 2020 too."),
    ]


def test_wordpress_login_notices_and_cookie_banner_after_the_last_comment(nlp):
    """What a theme prints under the comments when only users may comment
    ("Log in to comment.", "You must be logged in …", Akismet's notice) and a
    cookie banner are furniture; comment sentences about cookies or comments
    are not."""
    path = DUMPS / "pagedump-wordpress-login.txt"
    loaded = load(path)
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        (
            "Tom Becker",
            "Spraying never worked. We use cookies on this site too, and nobody reads the "
            "comments about it.",
        ),
        ("Ana María", "The comments under the UN report say the same. Accept that and move on."),
        ("Greg", "Legalize and tax it."),
    ]
    assert not [w for w in loaded.warnings if "[W033]" in w or "[W031]" in w]
    assert_no_furniture(thread)
    assert_every_segment_maps_to_its_sentence(nlp, path)


@pytest.mark.parametrize(
    "sentence",
    [
        "Copyright 1998 legislation in California made medical marijuana legal, and the rest "
        "followed.",
        "Copyright 2006 rules let labels claim the strain was grown in Humboldt County.",
    ],
)
def test_a_sentence_starting_like_a_copyright_notice_is_text(tmp_path: Path, sentence: str):
    """A dump whose one line is such a sentence was dropped as a footer's copyright
    notice: E009 'no article or comment text found'."""
    (thread,) = _dump(tmp_path, sentence + "\n").threads
    assert thread.article.text == sentence


def test_copyright_notices_are_still_furniture(tmp_path: Path):
    loaded = _dump(
        tmp_path,
        "Copyright 1998 legislation in California made medical marijuana legal, and the rest "
        "followed.\n\nOther states waited a decade.\n\n"
        "Copyright © 2012 Drug War Blog. All rights reserved.\n\n"
        "© 2012 Drug War Blog\n\nCopyright 2012 Drug War Blog\n\n"
        "Copyright 2004-2012 Drug Policy Forum. All Rights Reserved.\n",
    )
    (thread,) = loaded.threads
    assert thread.article.text == (
        "Copyright 1998 legislation in California made medical marijuana legal, and the rest "
        "followed.\n\nOther states waited a decade."
    )


@pytest.mark.parametrize(
    "footer",
    [
        "Copyright 2024 The Marshall Project, a nonprofit news organization covering the U.S. "
        "criminal justice system.",
        "Copyright 2019 Drug Policy Alliance. Content may be reused under a Creative Commons "
        "license.",
        # the holder after "by" (or "the", "of"…): kept as the article's text
        "Copyright 2024 by The Marshall Project, a nonprofit news organization covering the "
        "U.S. criminal justice system.",
        "Copyright 2019 by the Drug Policy Alliance. Content may be reused under a Creative "
        "Commons license.",
        "Copyright 2019 the Drug Policy Alliance. Content may be reused under a Creative "
        "Commons license.",
    ],
)
def test_a_copyright_notice_naming_its_holder_in_a_sentence_is_furniture(
    tmp_path: Path, footer: str
):
    """A name after the year is the notice's holder: the footer was kept as the
    article's last paragraph, read as a sentence of text since it is long,
    ends with a full stop and has lower-case words."""
    (thread,) = _dump(
        tmp_path,
        "Drug courts\n\nDrug courts send people to treatment instead of prison.\n\n"
        f"Graduates re-offend less.\n\n{footer}\n",
    ).threads
    assert thread.article.text == (
        "Drug courts send people to treatment instead of prison.\n\nGraduates re-offend less."
    )


def test_cookie_banner_and_menu_bar_above_the_article_are_dropped(nlp, tmp_path: Path):
    """Copying a whole page starts with the cookie banner and the menu bar, often
    with no blank line before the title: they were glued into its first sentence."""
    text = (
        "We use cookies to give you the best experience. Accept all cookies\n"
        "Home | News | Opinion | Contact\n"
        "Colombia’s coca fields are back\n\n"
        "Posted on March 9, 2012 by Juan Pérez\n\n"
        "Coca cultivation in Colombia rose by 25% last year. We use cookies as an example.\n\n"
        "3 thoughts on “Colombia’s coca fields are back”\n\n"
        "Tom Becker says:\nMarch 9, 2012 at 10:15 am\n\n"
        "Yes | No | Maybe is how the survey read.\n\nReply\n"
    )
    f = tmp_path / "coca.txt"
    f.write_text(text, encoding="utf-8")
    (thread,) = read_path(f)
    assert thread.title == "Colombia’s coca fields are back"
    assert thread.article.text == (
        "Coca cultivation in Colombia rose by 25% last year. We use cookies as an example."
    )
    assert thread.comments[0].text == "Yes | No | Maybe is how the survey read."
    first = "Coca cultivation in Colombia"
    assert thread.article.source_map.span(0, len(first)) == (
        text.index(first),
        text.index(first) + len(first),
    )
    assert_every_segment_maps_to_its_sentence(nlp, f)


@pytest.mark.parametrize("space", ["\u00a0", "\u2007", "\u3000"])
def test_a_no_break_space_in_comment_indentation_counts_like_a_space(tmp_path: Path, space: str):
    """Pages copied from a browser indent with U+00A0: the comment was left out
    (W031) and its reply pinned on the article."""
    dump = (
        "Title\n\nBy Jane Roe\n\nThe war on drugs has failed.\n\nPosted by jroe in Policy\n\n"
        f"{space} • Aaron B\n\n    I agree. Legalization would cut cartel revenue.\n\n"
        f"    {space} • Matt Yankee\n\n        The army should stay out of it.\n"
    )
    path = tmp_path / "nb.txt"
    path.write_text(dump, encoding="utf-8")
    loaded = load(path)
    assert loaded.warnings == []
    (thread,) = loaded.threads
    assert [(u.id, u.reply_to) for u in thread.utterances] == [
        ("nb/article", None),
        ("nb/aaron-b", "nb/article"),
        ("nb/matt-yankee", "nb/aaron-b"),
    ]
    assert thread.utterances[1].text == "I agree. Legalization would cut cartel revenue."


def test_a_signature_bullet_does_not_turn_says_authors_off(tmp_path: Path):
    """A "- Tom" signature or a one-item list in a WordPress comment is its text: the
    "says:" authors stay authors, and no comment goes to a speaker called "Tom"."""
    loaded = _dump(
        tmp_path,
        "Mexico's army\n\nPosted on July 1, 2021 by Marta Oliveira\n\nHomicides tripled.\n\n"
        "2 thoughts on “Mexico's army”\n\n"
        "Tom Becker says:\nJuly 1, 2021 at 9:42 am\n\nSend the soldiers home.\n\n- Tom\n\nReply\n\n"
        "Priya N says:\nJuly 2, 2021 at 8:17 pm\n\nMy three asks:\n\n- Legal regulation\n\nReply\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Tom Becker", "Send the soldiers home.\n\n- Tom"),
        ("Priya N", "My three asks:\n\n- Legal regulation"),
    ]
    assert not [w for w in loaded.warnings if "[W031]" in w]


def test_a_signature_bullet_does_not_turn_news_authors_off(tmp_path: Path):
    loaded = _dump(
        tmp_path,
        "Oregon's trial\n\nBy Sarah Kline\n\nVoters made possession a civil violation.\n\n"
        "123 Comments\n\nGregT\n2 hours ago\nThe hotline was a joke.\n- Greg\n"
        "Reply · Like · Report\n\nportland_nurse\n3 hours ago\nI work in an ER.\n"
        "Reply · Like · Report\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("GregT", "The hotline was a joke. - Greg"),
        ("portland_nurse", "I work in an ER."),
    ]
    assert not [w for w in loaded.warnings if "[W031]" in w]


def test_a_one_item_list_in_a_bulleted_comment_is_not_a_reply(tmp_path: Path):
    """In the seed layout a list item inside a comment, with no date under it and
    its text no deeper than its bullet, stays in the comment."""
    loaded = _dump(
        tmp_path,
        "Why the drug war failed\n\nBy Karen Hooper\n\nThe army cannot win.\n\n3 Comments\n\n"
        "• Aaron B\n  March 9, 2012 at 10:15 am\n\n    The one thing that would work:\n\n"
        "    - Legal regulation\n\n    Everything else has been tried.\n\n"
        "• Matt Yankee\n  March 9, 2012 at 11:02 am\n\n    Agreed.\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.reply_to, c.text) for c in thread.comments] == [
        (
            "Aaron B",
            thread.article.id,
            "The one thing that would work:\n\n- Legal regulation\n\nEverything else has been tried.",
        ),
        ("Matt Yankee", thread.article.id, "Agreed."),
    ]


def test_a_flat_bulleted_layout_without_dates_keeps_its_authors(tmp_path: Path):
    """Bullets at the indentation of the bullet opening the comments are authors even
    where neither a date nor deeper text marks them."""
    (thread,) = _dump(
        tmp_path, "Article.\n\nPosted by ed in Policy\n\n• Ana\nLegalize it.\n\n• Bob\nNo.\n"
    ).threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Ana", "Legalize it."),
        ("Bob", "No."),
    ]


def _bulleted_dump(tmp_path: Path, comments: int) -> Path:
    """A page dump with ``comments`` undated bulleted comments, text indented under each."""
    f = tmp_path / f"many-{comments}.txt"
    body = "".join(
        f"  • Reader Number{n}\n\n    Legalize it all, comment {n}.\n\n" for n in range(comments)
    )
    f.write_text(DUMP.split("  • Ana")[0] + body, encoding="utf-8")
    return f


def test_a_dump_of_thousands_of_bulleted_comments_reads_every_one(tmp_path: Path):
    """Each bullet finds the text under it by index (it used to copy the rest of
    the dump per bullet: 16,000 comments took 4.1 s, now 0.8 s; timings are for
    benchmarks, not tests): every comment keeps its speaker and its text."""
    (thread,) = read_path(_bulleted_dump(tmp_path, 3000))
    assert len(thread.comments) == 3000
    assert [c.speaker for c in thread.comments[:2]] == ["Reader Number0", "Reader Number1"]
    assert thread.comments[-1].text == "Legalize it all, comment 2999."


@pytest.mark.parametrize(
    "placeholder",
    [
        "This comment has been removed by the author.",
        "This comment has been removed by a blog administrator.",
    ],
)
def test_a_removed_comment_is_skipped_and_its_replies_move_up(tmp_path: Path, placeholder: str):
    """A removed comment's placeholder was analysed as a comment by "Anonymous"."""
    loaded = _dump(
        tmp_path,
        "Uruguay\n\nThe Senate voted to regulate cannabis.\n\nPosted by Marcos in Policy\n\n"
        "  • Gabriela R.\n    December 10, 2013 at 7:00 PM\n\n    Finally.\n\n"
        f"      • Anonymous\n        December 10, 2013 at 8:00 PM\n\n        {placeholder}\n\n"
        "          • Marcos\n            December 10, 2013 at 9:00 PM\n\n"
        "            The dealer today is a cartel.\n",
    )
    (thread,) = loaded.threads
    gabriela, marcos = thread.comments
    assert (marcos.speaker, marcos.reply_to) == ("Marcos", gabriela.id)
    assert placeholder not in "\n".join(u.text for u in thread.utterances)


def test_removed_comments_in_a_blogger_dump_leave_no_comment(tmp_path: Path):
    """Blogger's date under the text: the comment is the placeholder and its date."""
    loaded = _dump(
        tmp_path,
        "Tuesday, December 10, 2013\nUruguay\n\nThe Senate voted to regulate cannabis.\n\n"
        "Posted by Marcos at 6:21 PM\n\n3 comments:\n\nGabriela R. said...\nFinally.\n\n"
        "December 10, 2013 at 7:00 PM\n\nAnonymous said...\n"
        "This comment has been removed by the author.\n\nDecember 10, 2013 at 8:00 PM\n\n"
        "Marcos said...\nThe dealer today is a cartel.\n\nDecember 10, 2013 at 10:00 PM\n",
    )
    assert [(c.speaker, c.timestamp) for c in loaded.threads[0].comments] == [
        ("Gabriela R.", "December 10, 2013 at 7:00 PM"),
        ("Marcos", "December 10, 2013 at 10:00 PM"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Your comment is awaiting moderation.",
        "Liked by 2 people",
        "Liked by 1 person",
        "Reply ↓",
        "« Older Comments",
        "Newer Comments »",
        "This entry was posted in Strategy. Bookmark the permalink.",
        "Show more",
        "Report abuse",
        "Report this comment",
        "Reply to this comment",
        "Flag as inappropriate",
        "Like · Reply · 3h",
        "Like · Reply · 5 · 2h",
        "Powered by Disqus",
        "Loading…",
        "(Edit)",
    ],
)
def test_comment_furniture_does_not_leak_into_the_text(tmp_path: Path, line: str):
    """Each of these ended up in the text of the comment above it (or the article)."""
    loaded = _dump(
        tmp_path,
        "The kingpin strategy\n\nPosted on February 10, 2012 by Sylvia Longmire\n\n"
        f"Every leader killed splinters his cartel.\n\n{line}\n\n"
        "3 Responses to The kingpin strategy\n\n"
        f"Aaron B says:\nFebruary 10, 2012 at 2:00 pm\n{line}\n\n"
        f"Going after the kingpins is the only thing that works.\n\n{line}\n\nReply\n\n"
        f"    Matt Yankee says:\n    February 10, 2012 at 3:00 pm\n\n"
        f"    Legalization. Next question.\n\n    {line}\n\n{line}\n",
    )
    (thread,) = loaded.threads
    assert thread.article.text.endswith("Every leader killed splinters his cartel.")
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Aaron B", "Going after the kingpins is the only thing that works."),
        ("Matt Yankee", "Legalization. Next question."),
    ]
    assert thread.comments[1].reply_to == thread.comments[0].id
    assert not [w for w in loaded.warnings if "[W031]" in w or "[W033]" in w]


def test_a_pingback_entry_is_dropped_whole(tmp_path: Path):
    """A pingback's excerpt is the linking site's text: it was read as the end of
    the comment above it."""
    loaded = _dump(
        tmp_path,
        "The kingpin strategy\n\nEvery leader killed splinters his cartel.\n\n"
        "2 thoughts on “The kingpin strategy”\n\n"
        "Aaron B says:\nFebruary 10, 2012 at 2:00 pm\n\nGoing after the kingpins works.\n\n"
        "Reply\n\nPingback: Weekly roundup « Drug War Chronicle\n\n"
        "[…] Sylvia Longmire argues that the kingpin strategy […]\n\n"
        "drpepper says:\nFebruary 11, 2012 at 9:30 am\n\nColombia shows it can work.\n",
    )
    assert [(c.speaker, c.text) for c in loaded.threads[0].comments] == [
        ("Aaron B", "Going after the kingpins works."),
        ("drpepper", "Colombia shows it can work."),
    ]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Sylvia Ortiz Post author\nMarch 5, 2012 at 11:02 am", "Sylvia Ortiz"),
        ("Sylvia Ortiz (Author)\nMarch 5, 2012 at 11:02 am", "Sylvia Ortiz"),
        ("Sylvia Ortiz · Author\nMarch 5, 2012 at 11:02 am", "Sylvia Ortiz"),
        ("GregT Moderator\n2 hours ago", "GregT"),
        ("GregT (Mod)\n2 hours ago", "GregT"),
        ("Dana | Admin\n2 hours ago", "Dana"),
        ("Pacific Courier — Staff\n2 hours ago", "Pacific Courier"),
        ("Dr. Lee (Verified)\n2 hours ago", "Dr. Lee"),
        ("Ana (Moderator)\n2 hours ago", "Ana"),
        ("Author\n2 hours ago", "Author"),  # a name that is only a badge stays
        # a bare "Author", "Mod", "Admin", "Staff" or "Verified" may end a name:
        # kept, and a bare "Author" never makes the commenter the post's author
        ("Tom Author\nMarch 5, 2012 at 11:02 am", "Tom Author"),
        ("GregT Mod • 2 hours ago", "GregT Mod"),
        ("Dana Admin · 2 hours ago", "Dana Admin"),
        ("Ask the Staff\n2 hours ago", "Ask the Staff"),
        ("Dr. Lee Verified\n2 hours ago", "Dr. Lee Verified"),
    ],
)
def test_author_badges_are_not_part_of_the_name(tmp_path: Path, line: str, name: str):
    """'Sylvia Ortiz Post author' and 'GregT Mod' were speakers of their own."""
    loaded = _dump(
        tmp_path,
        "Why Mexico's Army Should Go Home\n\nHomicides have tripled.\n\n"
        "2 thoughts on “Why Mexico's Army Should Go Home”\n\n"
        "Luis Hernández\nMarch 5, 2012 at 10:14 am\nThe army cannot be bought.\n\nReply\n"
        f"{line}\nWhole units have defected.\nReply\n",
    )
    (thread,) = loaded.threads
    assert [c.speaker for c in thread.comments] == ["Luis Hernández", name]
    # the commenter a theme badges as the post's author wrote the post
    badged = "Post author" in line or "(Author)" in line or "· Author" in line
    assert thread.article.speaker == (name if badged else "unknown")


def test_a_name_ending_in_author_is_no_badge_and_no_post_author(tmp_path: Path):
    """'Tom Author says:' was 'Tom' and, in a dump without a byline, the article's speaker."""
    loaded = _dump(
        tmp_path,
        "Harm reduction works\n\nThe ministry opened a consultation in January.\n\n"
        "3 Comments\n\nTom Author says:\nJuly 1, 2021 at 9:42 am\n\n"
        "I think the age limit is too high.\n\nReply\n\n"
        "Jane Guest Author says:\nJuly 1, 2021 at 10:42 am\n\nHere is my point.\n\nReply\n",
    )
    (thread,) = loaded.threads
    assert [c.speaker for c in thread.comments] == ["Tom Author", "Jane Guest Author"]
    assert thread.article.speaker == "unknown"


def test_a_quoted_says_line_at_the_top_of_a_comment_is_its_text(tmp_path: Path):
    """An undated "Tom Becker says:" right under Ana's date quotes Tom: Ana's
    comment was handed to Tom (a second comment by him)."""
    loaded = _dump(
        tmp_path,
        "Kerlikowske on the drug war\n\nThe new drug czar wants a new phrase.\n\n"
        "2 Responses to Kerlikowske on the drug war\n\n"
        "Tom Becker says:\nMay 14, 2009 at 9:42 am\n\nWords are cheap.\n\nReply\n\n"
        "Ana Silva says:\nMay 14, 2009 at 10:00 am\n\nTom Becker says:\nWords are cheap.\n\n"
        "No, tone matters.\n\nReply\n",
    )
    (thread,) = loaded.threads
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Tom Becker", "Words are cheap."),
        ("Ana Silva", "Tom Becker says: Words are cheap.\n\nNo, tone matters."),
    ]
    assert not [w for w in loaded.warnings if "[W037]" in w]


def test_an_undated_says_line_among_dated_ones_is_read_with_a_warning(tmp_path: Path):
    """Too few dated comments to tell a quote from a comment whose date is missing:
    it is read as a comment, and the user is told."""
    loaded = _dump(
        tmp_path,
        "Kerlikowske\n\nThe czar wants a new phrase.\n\n2 Responses to Kerlikowske\n\n"
        "Tom Becker says:\nMay 14, 2009 at 9:42 am\n\nWords are cheap.\n\n"
        "Ana Silva says:\n\nTone matters.\n",
    )
    assert [c.speaker for c in loaded.threads[0].comments] == ["Tom Becker", "Ana Silva"]
    (warning,) = [w for w in loaded.warnings if "[W037]" in w]
    assert "post.txt" in warning and "'Ana Silva says:'" in warning


ARTICLE = (
    "Oregon’s drug decriminalisation deserves a fair trial\n\n"
    "Three years ago Oregon made possession a civil violation.\n\n"
    "The early figures are discouraging.\n\n"
)


@pytest.mark.parametrize(
    ("heading", "bar"),
    [
        ("23 Comments", "Reply · Like · Report"),
        ("Comments", "Reply · Like · Report"),
        ("12 Comments\nSort by Top", "Like · Reply · 3h"),
        ("Reader comments (3)", "Reply"),
    ],
)
def test_name_text_action_bar_comments_are_read(nlp, tmp_path: Path, heading: str, bar: str):
    """A name, its text and an action bar, nothing else: the comments were pasted
    into the article, with only W002 "page has no comments"."""
    f = tmp_path / "bars.txt"
    f.write_text(
        f"{ARTICLE}{heading}\n\nGregT\nThe hotline was a joke from day one.\n{bar}\n\n"
        f"Mara Lindqvist\nThat is exactly why the money mattered.\n\nIt came late.\n{bar}\n\n"
        f"portland_nurse\nHalf my patients did not know they were taking fentanyl.\n{bar}\n\n"
        "Facebook Comments Plugin\n",
        encoding="utf-8",
    )
    loaded = load(f)
    (thread,) = loaded.threads
    assert thread.article.text.endswith("The early figures are discouraging.")
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("GregT", "The hotline was a joke from day one."),
        ("Mara Lindqvist", "That is exactly why the money mattered.\n\nIt came late."),
        ("portland_nurse", "Half my patients did not know they were taking fentanyl."),
    ]
    assert loaded.warnings == []
    assert_every_segment_maps_to_its_sentence(nlp, f)


def test_a_text_line_after_an_action_bar_is_no_author(tmp_path: Path):
    """All or nothing: where a bar is followed by a sentence, not a name, the layout is
    not the one of names over text, and no line is taken for an author."""
    loaded = _dump(
        tmp_path,
        f"{ARTICLE}23 Comments\n\nGregT\nThe hotline was a joke.\nReply\n\n"
        "And another thing: the money came late.\nReply\n",
    )
    (thread,) = loaded.threads
    assert thread.comments == []
    assert "GregT" not in thread.article.text
    (warning,) = [w for w in loaded.warnings if "[W031]" in w]
    assert "3 line(s)" in warning and "'GregT'" in warning


@pytest.mark.parametrize(
    "heading",
    [
        "23 Comments",
        "3 Responses to “Oregon’s drug decriminalisation deserves a fair trial”",
        "Reader comments (2)",
        "Comments (2)",
        "Leave a Reply",
    ],
)
def test_comments_in_an_unknown_layout_stop_the_article_with_a_warning(
    tmp_path: Path, heading: str
):
    """Under a comment heading, a layout the reader does not know: its text was
    pasted into the article, with only W002."""
    loaded = _dump(
        tmp_path,
        f"{ARTICLE}{heading}\n\n@GregT: the hotline was a joke from day one.\n\n"
        "@Mara: that is exactly why the treatment money mattered.\n",
    )
    (thread,) = loaded.threads
    assert thread.article.text.endswith("The early figures are discouraging.")
    assert thread.comments == []
    (warning,) = [w for w in loaded.warnings if "[W031]" in w]
    assert "post.txt" in warning and "2 line(s)" in warning and "@GregT" in warning
    # W002 "page has no comments" beside it said the opposite of W031
    assert not [w for w in loaded.warnings if "[W002]" in w]


def test_a_comment_count_by_the_title_of_an_article_without_comments_cuts_nothing(
    tmp_path: Path,
):
    loaded = _dump(
        tmp_path,
        "Who is winning the drug war?\n\n2 Comments\n\nThe army has been deployed for years.\n\n"
        "Homicides have tripled.\n",
    )
    (thread,) = loaded.threads
    assert thread.article.text.endswith("Homicides have tripled.")
    assert not [w for w in loaded.warnings if "[W031]" in w]


REDDIT = """r/drugpolicy
Posted by u/throwaway_pt
3 yr. ago
Why hasn't anyone copied Portugal?
Portugal decriminalized all drugs in 2001. HIV infections fell.

42 comments
Share
Save
Hide
Report
92% Upvoted
Sort by: best

level 1
leafy_greens
· 3 yr. ago
Because prohibition is politically easy.

15
Reply
Share
Report
Save
Follow

level 2
narcoanalyst
· 3 yr. ago
Portugal also funded treatment.

8
Reply
Share
Report
Save
Follow

level 1
HardLiner
· 3 yr. ago
Decriminalization sends the wrong message.

-3
Reply
Share
Report
Save
Follow
"""


def test_a_copied_reddit_thread_keeps_its_commenters_and_levels(tmp_path: Path):
    """Reddit's "· 3 yr. ago" is a date line and "level 2" a depth: the comments
    were pasted into the article with the buttons and labels."""
    loaded = _dump(tmp_path, REDDIT)
    (thread,) = loaded.threads
    assert thread.article.speaker == "u/throwaway_pt"
    assert "Upvoted" not in thread.article.text and "Save" not in thread.article.text
    assert shape(thread) == [
        ("leafy_greens", None, "3 yr. ago", "Because prohibition is"),
        ("narcoanalyst", "leafy_greens", "3 yr. ago", "Portugal also funded"),
        ("HardLiner", None, "3 yr. ago", "Decriminalization sends the"),
    ]
    assert [c.text for c in thread.comments][2] == "Decriminalization sends the wrong message."


@pytest.mark.parametrize("date", OTHER_LANGUAGE_DATES)
def test_a_relative_date_in_another_language_is_the_comments_timestamp(tmp_path: Path, date: str):
    """ "hace 2 horas", "há uma hora", "il y a 3 jours", "vor 2 Stunden", "ayer"
    … under a commenter's name, beside it ("Bruno · hace 2 horas") or under a
    bulleted author read as "2 hours ago" does: they were not date lines, so the
    news layout had no authors (its comments were left out, W031), and a
    bulleted comment began with its date."""
    (thread,) = _dump(
        tmp_path,
        "La guerra perdida\n\nEl ejército debe dejar las ciudades.\n\n2 comentarios\n\n"
        f"Ana\n{date}\nLa guerra no funciona.\nReply\n\n"
        f"Bruno · {date}\nNo estoy de acuerdo.\nReply\n",
    ).threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", date, "La guerra no funciona."),
        ("Bruno", date, "No estoy de acuerdo."),
    ]
    (thread,) = _dump(
        tmp_path,
        "El ejército debe dejar las ciudades.\n\nPosted by editor in Noticias\n\n"
        f"  • Ana\n    {date}\n\n    La guerra no funciona.\n",
    ).threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", date, "La guerra no funciona.")
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Ayer fui al mercado y no había leche.",
        "Ayer fui al mercado",
        "hier soir j'ai lu l'article",
        "Hier bin ich anderer Meinung",
        "Gestern war alles anders",
        "Ontem eu li o artigo",
        "vor 2 Stunden war ich dort",
        "hace 2 horas que lo leí",
        "Il y a 3 jours que je l'attends",
    ],
)
def test_a_comment_sentence_holding_a_relative_date_word_stays_its_text(tmp_path: Path, line: str):
    """Only a line that is the date alone is one: a comment opening (or ending)
    with "Ayer fui …" or "hier soir …" keeps it as text, and has no timestamp."""
    (thread,) = _dump(
        tmp_path,
        "El ejército debe dejar las ciudades.\n\nPosted by editor in Noticias\n\n"
        f"  • Ana\n\n    {line}\n\n    Nada más.\n\n  • Bruno\n\n    Nada.\n\n    {line}\n",
    ).threads
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Ana", None, f"{line}\n\nNada más."),
        ("Bruno", None, f"Nada.\n\n{line}"),
    ]


def test_a_news_header_gives_title_section_byline_and_date(nlp, tmp_path: Path):
    """ "Opinion / title / By … / Tue 4 May 2021 07.00 BST" with no blank line between
    was one sentence of the article, and the thread had no title nor date."""
    f = tmp_path / "news.txt"
    f.write_text(
        "Skip to main content\nWorld | Politics | Opinion | Sport\n\nOpinion\n"
        "Decriminalise drugs and spend the money on treatment\nBy Hannah Marsh\n"
        "Tue 4 May 2021 07.00 BST\n\nBritain spends more than £1bn a year policing drug users.\n\n"
        "Comments (2)\n\nSort by oldest\n\nJamesK\n4 May 2021 8:12\nAgreed.\nReply\n\n"
        "rosie_m\n4 May 2021 8:40\nNobody?\nReply\n\nShow more\n",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert thread.title == "Decriminalise drugs and spend the money on treatment"
    assert thread.published == thread.article.timestamp == "Tue 4 May 2021 07.00 BST"
    assert (thread.article.speaker, thread.meta["section"]) == ("Hannah Marsh", "Opinion")
    assert thread.article.text == "Britain spends more than £1bn a year policing drug users."
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("JamesK", "4 May 2021 8:12", "Agreed."),
        ("rosie_m", "4 May 2021 8:40", "Nobody?"),
    ]
    assert_every_segment_maps_to_its_sentence(nlp, f)


@pytest.mark.parametrize(
    ("dump", "title"),
    [
        (
            "Who is winning the drug war?\n\nThe army has been deployed.\n",
            "Who is winning the drug war?",
        ),
        # a hard-wrapped first paragraph has no headline
        ("Five years after President\nCalderón sent in the army,\nhomicides tripled.\n", None),
        ("The article says it all.\n\nMore of it.\n", None),
        ("Only a headline\n", None),
        ("The commission lists three options:\n\n• Legalize\n• Regulate\n", None),
        # the site's name over its menu is no headline; a deck under the headline stays text
        (
            "Drug Policy Notes\nHome | About | Contact\n\nWhy Mexico's Army Should Go Home\n\n"
            "Five years on, a verdict\n\nPosted on March 5, 2012 by Sylvia Ortiz\n\n"
            "Homicides have tripled.\n",
            "Why Mexico's Army Should Go Home",
        ),
    ],
)
def test_only_a_headline_over_body_text_is_the_title(tmp_path: Path, dump: str, title):
    (thread,) = _dump(tmp_path, dump).threads
    assert thread.title == title
    assert (title or "\0") not in thread.article.text
    if "Drug Policy Notes" in dump:
        assert thread.meta["site"] == "Drug Policy Notes"
        assert thread.article.text == "Five years on, a verdict\n\nHomicides have tripled."


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_the_site_name_over_its_menu_is_no_headline_with_or_without_a_blank_line(
    tmp_path: Path, gap: str
):
    """A WordPress page saved as text: with a blank line between the site's
    name and its menu, the name was the thread's title and the real headline
    the article's first sentence (tagged with a stance held by the author)."""
    headline = "Should the National Guard patrol the border?"
    (thread,) = _dump(
        tmp_path,
        f"Drug Policy Blog{gap}Home | About | Contact\n\n{headline}\n\n"
        "Posted on March 2, 2021 by Marta Oliveira\n\n"
        "The governor wants to send the Guard to the border. Critics disagree.\n\n"
        f"4 thoughts on “{headline}”\n\nTom Becker says:\nMarch 2, 2021 at 10:15 am\n\n"
        "Send the Guard.\n\nReply\n\nGregT says:\nMarch 3, 2021 at 8:40 am\n\n"
        "Legalize it.\n\nReply\n",
    ).threads
    assert thread.title == headline
    assert thread.meta["site"] == "Drug Policy Blog"
    assert thread.article.text == (
        "The governor wants to send the Guard to the border. Critics disagree."
    )
    assert all("thoughts on" not in u.text for u in thread.utterances)
    assert [c.text for c in thread.comments] == ["Send the Guard.", "Legalize it."]


def test_a_headline_over_share_buttons_stays_the_headline(tmp_path: Path):
    """Furniture under the only header paragraph is no menu under a site name:
    with no other text before the body, the paragraph is still the headline."""
    (thread,) = _dump(
        tmp_path,
        "Portugal twenty years on\n\nShare this:\n\nPortugal decriminalised all drugs.\n",
    ).threads
    assert thread.title == "Portugal twenty years on"
    assert "site" not in thread.meta


def test_a_headline_over_share_buttons_and_a_standfirst_stays_the_headline(tmp_path: Path):
    """A share bar is no site menu: with a standfirst under it, the headline
    became the site's name and the standfirst the title (final code read)."""
    (thread,) = _dump(
        tmp_path,
        "Mexico should legalize cannabis\n\nShare | Tweet | Email\n\n"
        "A new report weighs the cost of the drug war\n\n"
        "Prices fell after legalization in Colorado, and the cartels lost a market.\n",
    ).threads
    assert thread.title == "Mexico should legalize cannabis"
    assert "site" not in thread.meta


@pytest.mark.parametrize(
    ("dump", "title"),
    [
        # a clause over the article, nothing between: its first paragraph
        ("Drugs are killing us\n\nOverdoses rose again last year.\n\nFentanyl is blamed.\n", None),
        ("We have lost the war\n\nFifty years on, prices are lower than ever.\n", None),
        # headlines: in title case, over a byline or date, repeated in the page, a question
        (
            "Drugs Are Killing Us\n\nOverdoses rose again last year.\n",
            "Drugs Are Killing Us",
        ),
        (
            "Drugs are killing us\n\nBy Hannah Marsh\n\nOverdoses rose again last year.\n",
            "Drugs are killing us",
        ),
        (
            "Drugs are killing us\n\nMarch 3, 2024\n\nOverdoses rose again last year.\n",
            "Drugs are killing us",
        ),
        (
            "Drugs are killing us\n\nOverdoses rose again last year.\n\n"
            "2 thoughts on “Drugs are killing us”\n\nAna says:\nMarch 3, 2024 at 9:00 am\n\n"
            "Yes.\n\nBo says:\nMarch 3, 2024 at 9:30 am\n\nNo.\n",
            "Drugs are killing us",
        ),
        ("Are drugs killing us?\n\nOverdoses rose again last year.\n", "Are drugs killing us?"),
        # a noun phrase over the text is a headline
        ("Drug deaths in Scotland\n\nOverdoses rose again last year.\n", "Drug deaths in Scotland"),
        # sentence-case headlines: a question word first, an attribution, a clause
        # in the third person (they were read as the text's first paragraph)
        (
            "Why we must end the drug war\n\nFifty years of prohibition have failed.\n",
            "Why we must end the drug war",
        ),
        (
            "What we can learn from Portugal\n\nIn 2001 Portugal decriminalised all drugs.\n",
            "What we can learn from Portugal",
        ),
        (
            "Oregon's drug experiment has failed, say critics\n\n"
            "Measure 110 decriminalised small amounts of drugs.\n",
            "Oregon's drug experiment has failed, say critics",
        ),
        (
            "Oregon's drug experiment has failed\n\nMeasure 110 decriminalised drugs.\n",
            "Oregon's drug experiment has failed",
        ),
        # lines that cannot be a headline: the text goes on with them, or a
        # sentence in the first person
        ("I have lived in Juarez for ten years\n\nThe army came in 2008.\n", None),
        ("The army came to Juarez in 2008\n\nand nothing has been the same.\n", None),
        ("The army came to Juarez in 2008\n\nBut the killing went on.\n", None),
        # a lede opening with a subordinator or a pointing word is no continuation
        # of a sentence-case headline (all four were read as the text's first line)
        (
            "Oregon's drug experiment has failed\n\n"
            "While supporters promised fewer overdoses, deaths rose by half.\n",
            "Oregon's drug experiment has failed",
        ),
        (
            "Portugal's drug policy is working\n\n"
            "Although critics warned of drug tourism, none came.\n",
            "Portugal's drug policy is working",
        ),
        (
            "Decriminalization is working in Portugal\n\nThis is what twenty years of data show.\n",
            "Decriminalization is working in Portugal",
        ),
        (
            "Scotland's drug deaths have doubled\n\nThese are the highest figures in Europe.\n",
            "Scotland's drug deaths have doubled",
        ),
        (
            "The army has come to Juarez\n\nIt came in 2008, and the killing went on.\n",
            "The army has come to Juarez",
        ),
        # "you"/"we" not the line's subject: in a relative clause, after a question's auxiliary
        (
            "Ten things you should know about fentanyl\n\n"
            "Fentanyl is fifty times stronger than heroin.\n",
            "Ten things you should know about fentanyl",
        ),
        (
            "Can we talk about Portugal\n\nPortugal decriminalised all drugs in 2001.\n",
            "Can we talk about Portugal",
        ),
        # title case keeps "over" and "under" small, as the old list did
        (
            "Our Kids Are Dying under Prohibition\n\nFifty years of prohibition have failed.\n",
            "Our Kids Are Dying under Prohibition",
        ),
        (
            "We Are Losing the Fight over Drugs\n\nFifty years of prohibition have failed.\n",
            "We Are Losing the Fight over Drugs",
        ),
        (
            "You Can't Win a War over Plants\n\nFifty years of prohibition have failed.\n",
            "You Can't Win a War over Plants",
        ),
        # the writer as the subject after one opening word: a sentence
        ("Now we must act\n\nFifty years of prohibition have failed.\n", None),
    ],
)
def test_a_clause_opening_a_dump_is_its_first_paragraph_not_its_title(
    tmp_path: Path, dump: str, title
):
    """ "Drugs are killing us" over the article was the thread's title, and the
    sentence was left out of the text the analysis reads."""
    (thread,) = _dump(tmp_path, dump).threads
    assert thread.title == title
    first = dump.split("\n")[0]
    assert thread.article.text.startswith(first) == (title is None)


def test_a_comment_heading_in_spanish_ends_the_article(tmp_path: Path):
    """'Comentarios (2)' was no comment heading: the comments, names and dates
    were the article's last paragraphs, with W002 "page has no comments". The
    comments under it are read by their Spanish dates (they were left out, W031)."""
    f = tmp_path / "guerra.txt"
    f.write_text(
        "La guerra contra las drogas en México\n\n"
        "En diciembre de 2006 el gobierno envió al ejército a Michoacán.\n\n"
        "Comentarios (2)\n\n"
        "Jorge M.\n3 de mayo de 2016, 10:15\nEl ejército nunca debió salir de los cuarteles.\n\n"
        "María Elena\n3 de mayo de 2016, 11:40\nSin el ejército, Michoacán sería otra cosa.\n",
        encoding="utf-8",
    )
    loaded = load(f)
    (thread,) = loaded.threads
    assert thread.article.text == "En diciembre de 2006 el gobierno envió al ejército a Michoacán."
    assert loaded.warnings == []
    assert [(c.speaker, c.timestamp, c.text) for c in thread.comments] == [
        ("Jorge M.", "3 de mayo de 2016, 10:15", "El ejército nunca debió salir de los cuarteles."),
        ("María Elena", "3 de mayo de 2016, 11:40", "Sin el ejército, Michoacán sería otra cosa."),
    ]
