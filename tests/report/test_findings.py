"""The "Key findings" a page opens with: every sentence computed from the distribution table."""

from __future__ import annotations

import pandas as pd

from discourse.report import first_words
from discourse.report import tables as rt


def dist(*rows: tuple[str, int, int, int, int]) -> pd.DataFrame:
    """A distribution table: (title, article favor, article against, comments favor, against)."""
    return pd.DataFrame(
        [
            (t.lower().replace(" ", "_"), t, af, aa, cf, ca, af + aa + cf + ca)
            for t, af, aa, cf, ca in rows
        ],
        columns=rt.DISTRIBUTION_COLUMNS,
    )


def test_findings_name_the_most_argued_frame_the_contested_ones_and_the_widest_gap() -> None:
    said = rt.findings(
        dist(
            ("Demand reduction", 3, 1, 12, 4),
            ("Militarization", 5, 4, 10, 14),
            ("Arms control", 5, 0, 12, 5),
            ("Legalization", 4, 0, 6, 6),
        )
    )
    assert said == [
        "Militarization is the most argued frame: 33 of 91 positions (15 for, 18 against).",
        "Against outnumbers favor only on Militarization (18 to 15).",
        "Article and comments differ most on Legalization: the article is 100% for (4 of 4),"
        " the comments 50% for (6 of 12).",
    ]


def test_findings_of_an_empty_or_all_zero_table_say_there_is_nothing_to_sum_up() -> None:
    for table in (dist(), dist(("Legalization", 0, 0, 0, 0))):
        assert rt.findings(table) == [
            "No sentence takes a position on any frame, so there is nothing to sum up yet."
        ]


def test_findings_on_thin_data_say_so_and_invent_no_gap() -> None:
    said = rt.findings(dist(("Militarization", 1, 0, 0, 2), ("Legalization", 0, 0, 1, 0)))
    assert (
        said[0] == "Militarization is the most argued frame: 3 of 4 positions (1 for, 2 against)."
    )
    assert said[1] == "Against outnumbers favor only on Militarization (2 to 1)."
    # one article position is too few to compare with the comments
    assert not any("differ" in line for line in said)
    assert said[-1] == "Only 4 positions in all: read these as indications."
    assert 2 <= len(said) <= 4


def test_findings_when_favor_leads_everywhere_ties_and_no_article_positions() -> None:
    said = rt.findings(dist(("Arms control", 0, 0, 6, 2), ("Legalization", 0, 0, 5, 3)))
    assert said == [
        "Arms control and Legalization are the most argued frames, 8 of 16 positions each.",
        "Favor outnumbers against on every argued frame.",
        "Every position comes from the comments: the article takes none.",
    ]
    even = rt.findings(dist(("Arms control", 2, 2, 3, 3), ("Legalization", 0, 0, 0, 0)))
    assert even[1] == "Favor and against are even on Arms control (5 each)."
    # shares alike in article and comments: no difference is claimed
    assert not any("differ" in line for line in even)


def test_findings_list_every_frame_against_outnumbers_favor_on() -> None:
    said = rt.findings(dist(("Arms control", 1, 3, 2, 6), ("Legalization", 0, 2, 1, 4)))
    assert said[1] == "Against outnumbers favor on Arms control (9 to 3) and Legalization (6 to 1)."


def test_date_span_and_undated_positions() -> None:
    values = pd.Series(["November 18, 2011 at 3:04 pm", None, "2012-01-05T10:00:00Z", "soon"])
    assert rt.date_span(values) == "Posts dated 2011-11-18 to 2012-01-05"
    assert rt.date_span(pd.Series(["2011-11-18", "2011-11-18T20:00:00Z"])) == (
        "Posts dated 2011-11-18"
    )
    assert rt.date_span(pd.Series([None, "no date"], dtype=object)) is None
    claims = pd.DataFrame(
        {"thread_id": ["a", "a", "b", "c"], "date": ["2011-11-18", None, None, "later"]}
    )
    assert rt.undated(claims) == rt.Undated(positions=3, total=4, threads=3)
    assert rt.undated(pd.DataFrame(columns=["thread_id", "date"])) == rt.Undated(0, 0, 0)


def test_an_untitled_thread_is_named_by_its_articles_first_words() -> None:
    assert first_words("*A guest post by STRATFOR Latin America Analyst Karen Hooper") == (
        "A guest post by STRATFOR Latin America Analyst …"
    )
    assert first_words("Short one.") == "Short one."
    # a byline of its own line names the writer, not the thread (a user review's
    # page dump was titled "By Laura Mendez Five years after …")
    assert first_words("By Laura Mendez\n\nFive years after Felipe Calderon sent the army") == (
        "Five years after Felipe Calderon sent the army"
    )
    assert first_words("By March, the fund was empty.\nThen what?") == (
        "By March, the fund was empty. Then what?"
    )
    assert first_words("   ") is None and first_words(None) is None


def test_findings_say_where_the_sides_are_even() -> None:
    """Favor equal to against is said as such, wherever it is: "On no frame does
    against outnumber favor" alone left a reader to guess favor led somewhere."""
    both = rt.findings(dist(("Arms control", 1, 1, 2, 2), ("Legalization", 0, 0, 3, 3)))
    assert both[1] == (
        "Favor and against are even on Arms control (3 each) and Legalization (3 each)."
    )
    some = rt.findings(dist(("Arms control", 1, 1, 2, 2), ("Legalization", 0, 0, 5, 1)))
    assert some[1] == (
        "Favor outnumbers against on every argued frame but Arms control (3 each),"
        " where the sides are even."
    )
    contested = rt.findings(dist(("Arms control", 1, 1, 2, 2), ("Legalization", 0, 0, 1, 5)))
    assert contested[1] == (
        "Against outnumbers favor only on Legalization (5 to 1);"
        " the sides are even on Arms control (3 each)."
    )
    assert not any("On no frame" in line for line in both + some + contested)


def test_findings_of_several_threads_speak_of_the_articles() -> None:
    """A corpus page pools several threads' articles: "the articles", not "the article"."""
    table = dist(("Legalization", 4, 0, 6, 6))
    one = rt.findings(table)
    pooled = rt.findings(table, threads=3)
    assert one[-1].startswith("Article and comments differ most on Legalization: the article is")
    assert pooled[-1] == (
        "Articles and comments differ most on Legalization: the articles are 100% for (4 of 4),"
        " the comments 50% for (6 of 12)."
    )
    none = rt.findings(dist(("Legalization", 0, 0, 6, 2)), threads=2)
    assert "Every position comes from the comments: the articles take none." in none


def test_findings_say_how_many_positions_report_others_and_whose() -> None:
    """An article quoting politicians is "100% for" with their positions: the findings say so."""
    table = dist(("Legalization", 6, 1, 2, 3), ("Militarization", 1, 0, 2, 2))
    others = rt.Reported(
        positions=9,
        in_articles=7,
        holders=(("Vicente Fox", 4), ("Felipe Calderon", 2), ("Patrick Leahy", 2), ("UN", 1)),
    )
    said = rt.findings(table, others=others)
    assert said[-1] == (
        "9 of 17 positions report what others hold (Vicente Fox 4, Felipe Calderon 2, "
        "Patrick Leahy 2 and 1 other), 7 of them in the article: "
        "“Who stands where” credits them to those holders."
    )
    pooled = rt.findings(table, threads=3, others=rt.Reported(1, 0, (("UN", 1),)))
    assert pooled[-1] == (
        "1 of 17 positions reports what others hold (UN 1): "
        "“Who stands where” credits it to its holder."
    )
    # nobody reported: nothing is said
    assert rt.findings(table, others=rt.Reported(0, 0, ())) == rt.findings(table)
