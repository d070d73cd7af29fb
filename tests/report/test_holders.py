"""Reports credit each position to whoever holds it, not to the speaker who reported it.

A news article reports what politicians want; "Who stands where" read as
the speakers' table credited the article's author with all of it.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from discourse.model import Thread
from discourse.report import tables as rt
from discourse.report import write_thread_report
from discourse.stages import TABLE_COLUMNS

from .test_report import FRAMES, corpus_of, small_thread

#: The article's and the comments' sentences: (utterance, text, frame, label, holder).
#: The author reports Fox and Calderon and states one position of her own (once with
#: the holder left blank, as an older store has it); Derrick states his own; Ana
#: only reports Fox.
SENTENCES: list[tuple[str, str, str, str, str | None]] = [
    (
        "article",
        "Former president Vicente Fox has called for legalizing all drugs.",
        "legalization",
        "favor",
        "Vicente Fox",
    ),
    (
        "article",
        "President Felipe Calderon insists the army must stay on the streets.",
        "militarization",
        "favor",
        "Felipe Calderon",
    ),
    (
        "article",
        "Calderon also says legalization would only help the cartels grow richer.",
        "legalization",
        "against",
        "Felipe Calderon",
    ),
    (
        "article",
        "I think treatment, not prison, is what addicts need.",
        "demand_reduction",
        "favor",
        "",
    ),
    ("c1", "Send the army home before it is bought too.", "militarization", "against", "Derrick"),
    (
        "c2",
        "Fox told the BBC that prohibition has failed and drugs should be legal.",
        "legalization",
        "favor",
        "Vicente Fox",
    ),
]


@pytest.fixture
def reported(tmp_path: Path) -> tuple[Thread, dict[str, pd.DataFrame]]:
    """The thread of :data:`SENTENCES` and its stage tables, built by hand."""
    return hand_built(tmp_path, "fox", "Fox calls for legalization", SENTENCES)


def hand_built(
    tmp_path: Path,
    thread_id: str,
    title: str,
    sentences: list[tuple[str, str, str, str, str | None]],
) -> tuple[Thread, dict[str, pd.DataFrame]]:
    """A thread of ``sentences`` (as :data:`SENTENCES`) and its stage tables: the article
    is Maria Lopez's, ``c1`` Derrick's, ``c2`` Ana's; a holder of ``None`` is blank."""
    texts: dict[str, list[str]] = {}
    for utt, text, *_ in sentences:
        texts.setdefault(utt, []).append(text)
    speakers = {"article": "Maria Lopez", "c1": "Derrick", "c2": "Ana"}
    thread = small_thread(
        tmp_path,
        {
            "id": thread_id,
            "title": title,
            "utterances": [
                {
                    **({"id": utt} if utt != "article" else {}),
                    "kind": "article" if utt == "article" else "comment",
                    "speaker": speakers[utt],
                    "text": " ".join(sentences),
                }
                for utt, sentences in texts.items()
            ],
        },
    )
    ids = {u.id.rsplit("/", 1)[-1]: u for u in thread.utterances}
    segs, stances = [], []
    for no, (utt, text, frame, label, holder) in enumerate(sentences):
        u = ids[utt]
        sid = f"{u.id}/s{no:02d}"
        segs.append(
            {
                "id": sid,
                "thread_id": thread.id,
                "utterance_id": u.id,
                "kind": u.kind,
                "speaker": u.speaker,
                "index": no,
                "start": 0,
                "end": len(text),
                "text": text,
                "paragraph": 0,
            }
        )
        for f in FRAMES:
            stances.append(
                [sid, thread.id, f, label if f == frame else "none", 1.0, "", holder or None]
            )
    stance_table = pd.DataFrame(stances, columns=TABLE_COLUMNS["stances"])
    stance_table.loc[stance_table["holder"].isna(), "holder"] = ""  # blank, not missing
    return thread, {
        "segments": pd.DataFrame(segs),
        "stances": stance_table,
        "mentions": pd.DataFrame(columns=TABLE_COLUMNS["mentions"]),
    }


#: "Who stands where" of the thread: holder → (role, reported_by, positions, cells).
EXPECTED = {
    "Maria Lopez": ("author", "", 1, {"demand_reduction_favor": 1}),
    "Felipe Calderon": (
        "reported",
        "Maria Lopez",
        2,
        {"militarization_favor": 1, "legalization_against": 1},
    ),
    "Vicente Fox": ("reported", "Maria Lopez; Ana", 2, {"legalization_favor": 2}),
    "Derrick": ("commenter", "", 1, {"militarization_against": 1}),
}


def check_positions(table: pd.DataFrame) -> None:
    """``table`` (a positions.csv) is :data:`EXPECTED`, in that order."""
    cells = [f"{f}_{d}" for f in FRAMES for d in rt.DIRECTIONS]
    assert list(table.columns) == [
        "holder",
        "role",
        "reported_by",
        "positions",
        *cells,
        "thread_id",
    ]
    assert table["thread_id"].isna().all()  # named holders pool across threads
    # the author first, then by activity, reported actors among the speakers
    assert list(table["holder"]) == list(EXPECTED)
    for _, row in table.iterrows():
        role, reported_by, total, counts = EXPECTED[row["holder"]]
        said = "" if pd.isna(row["reported_by"]) else row["reported_by"]
        assert (row["role"], said, row["positions"]) == (role, reported_by, total), row["holder"]
        assert {c: row[c] for c in cells if row[c]} == counts, row["holder"]


def test_who_stands_where_credits_reported_positions_to_their_holders(
    tmp_path: Path, reported: tuple[Thread, dict[str, pd.DataFrame]]
) -> None:
    """The author's row counts only her own position; Fox and Calderon get rows of their
    own, marked reported and by whom; Ana, who only reports, gets none."""
    thread, tables = reported
    out = tmp_path / "reports"
    write_thread_report(thread, tables, out)
    check_positions(pd.read_csv(out / "tables" / "fox" / "positions.csv"))

    html = (out / "threads" / "fox.html").read_text(encoding="utf-8")
    md = (out / "threads" / "fox.md").read_text(encoding="utf-8")
    who = html.split('<section id="positions">')[1].split("</section>")[0]
    assert "<th>Holder</th>" in who
    assert '<th scope="row">Vicente Fox<small>reported by Maria Lopez; Ana</small></th>' in who
    assert '<th scope="row">Maria Lopez</th><td class="text role">author</td>' in who
    assert "| Felipe Calderon | reported by Maria Lopez | 2 |" in md
    assert "| Derrick | commenter | 1 |" in md
    # the findings say the article's counts include the positions it reports
    said = (
        "4 of 6 positions report what others hold (Felipe Calderon 2 and Vicente Fox 2), "
        "3 of them in the article: “Who stands where” credits them to those holders."
    )
    assert f"<li>{said}</li>" in html and f"- {said}" in md
    # a key point's quote names whose position it is, and who reported it
    calderon = "— Felipe Calderon (reported by Maria Lopez)"
    assert (
        "“President Felipe Calderon insists the army must stay on the streets.” " + (calderon) in md
    )
    cards = html.split('<section id="key-points">')[1].split("</section>")[0]
    assert "Felipe Calderon (reported by Maria Lopez)" in cards
    assert "Vicente Fox (reported by " in cards and "Vicente Fox (reported by " in md
    # her own position is hers, without a reporter
    assert "“I think treatment, not prison, is what addicts need.” — Maria Lopez" in md
    assert "Maria Lopez (reported by" not in md

    kp = pd.read_csv(out / "tables" / "fox" / "key_points.csv")
    assert {"speakers", "holders"} <= set(kp.columns)
    mil = kp.query("frame == 'militarization' and direction == 'favor'").iloc[0]
    assert (mil["speakers"], mil["holders"]) == ("Maria Lopez", "Felipe Calderon")


def test_the_corpus_page_credits_holders_as_the_thread_page_does(
    tmp_path: Path, reported: tuple[Thread, dict[str, pd.DataFrame]]
) -> None:
    """The corpus report's SQL join takes the holder (blank: the speaker) as the thread's does."""
    out = corpus_of(tmp_path, [reported])
    corpus = pd.read_csv(out / "tables" / "positions.csv")
    check_positions(corpus)
    pd.testing.assert_frame_equal(corpus, pd.read_csv(out / "tables" / "fox" / "positions.csv"))
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "Felipe Calderon (reported by Maria Lopez)" in md


def test_both_claim_joins_take_the_holder_else_the_speaker(
    reported: tuple[Thread, dict[str, pd.DataFrame]],
) -> None:
    thread, tables = reported
    utts = pd.DataFrame(
        {"id": [u.id for u in thread.utterances], "timestamp": [None] * len(thread.utterances)}
    )
    stances = tables["stances"]
    fast = rt.claims_from_tables(utts, tables["segments"], stances)
    merged = rt._claims_by_merge(utts, tables["segments"], rt._bearing(stances), None)
    pd.testing.assert_frame_equal(fast, merged)
    assert list(fast.columns) == rt.CLAIM_COLUMNS
    held = dict(zip(fast["text"], fast["holder"], strict=True))
    assert held[SENTENCES[0][1]] == "Vicente Fox"
    assert held[SENTENCES[3][1]] == "Maria Lopez"  # blank holder: the speaker
    # duplicate segment ids take the merge: the same holders
    doubled = pd.concat([tables["segments"], tables["segments"].head(1)])
    assert (
        rt.claims_from_tables(utts, doubled, stances)["holder"].tolist().count("Vicente Fox") == 3
    )
    # a stances table without holders (a notebook's): every position is its speaker's
    bare = rt.claims_from_tables(utts, tables["segments"], stances.drop(columns="holder"))
    assert bare["holder"].tolist() == bare["speaker"].tolist()
    merged = rt._claims_by_merge(
        utts, tables["segments"], rt._bearing(stances).drop(columns="holder"), None
    )
    pd.testing.assert_frame_equal(bare, merged)


def test_a_speaker_whose_position_another_reports_keeps_their_role() -> None:
    """Ana reports what Derrick, a commenter of the thread, holds: Derrick's row is a
    commenter's, and says Ana reported it; Ana, holding nothing herself, has no row."""
    claims = pd.DataFrame(
        [
            ["s1", "t", "militarization", "against", 1.0, "u1", "comment", "Derrick", "Derrick"],
            ["s2", "t", "militarization", "against", 1.0, "u2", "comment", "Ana", "Derrick"],
            ["s3", "t", "legalization", "favor", 1.0, "u0", "article", "Ed", "Vicente Fox"],
        ],
        columns=rt.CLAIM_COLUMNS[:9],
    ).assign(text="x", date=None)
    frames = rt.frames_for(claims)
    # roles taken from the claims' speakers when the page gives none
    table = rt.positions(claims, frames).set_index("holder")
    assert list(table.index) == ["Derrick", "Vicente Fox"]
    assert table.loc["Derrick", ["role", "reported_by", "positions"]].tolist() == [
        "commenter",
        "Ana",
        2,
    ]
    assert table.loc["Vicente Fox", ["role", "reported_by"]].tolist() == ["reported", "Ed"]
    # with the page's speakers, one who wrote no position is still no "reported" actor
    roles = {"Ed": "author", "Derrick": "commenter", "Ana": "commenter", "Vicente Fox": "commenter"}
    assert rt.positions(claims, frames, roles).set_index("holder").loc["Vicente Fox", "role"] == (
        "commenter"
    )


#: One point of the author's made in three sentences, her holder named, blank and
#: white space; then one of Fox's in two, his name once padded with white space.
OWN_AND_REPORTED: list[tuple[str, str, str, str, str | None]] = [
    ("article", "Prohibition has failed.", "legalization", "favor", "Maria Lopez"),
    ("article", "It filled the prisons and armed the cartels.", "legalization", "favor", ""),
    ("article", "Decades of it changed nothing.", "legalization", "favor", "\xa0\t"),
    ("article", "Fox says drugs should be sold legally.", "legalization", "favor", "Vicente Fox"),
    (
        "article",
        "He says the state should tax them.",
        "legalization",
        "favor",
        " Vicente Fox\u3000",
    ),
]


def test_a_blank_holder_is_the_speakers_own_position_in_claims_tables_and_the_corpus(
    tmp_path: Path,
) -> None:
    """Whose position a sentence states is decided once: a blank holder and the
    speaker's own name are the speaker's one point, a padded name is the name. The
    thread page, the corpus page's SQL and the map cut the same claims and credit
    the same holders (the corpus's thread list counted one claim, the map five)."""
    from discourse.argmap import extract_claims

    thread, tables = hand_built(tmp_path, "own", "Maria Lopez on prohibition", OWN_AND_REPORTED)
    claims = extract_claims(tables["segments"], tables["stances"])
    assert [(c.holder, len(c.segment_ids)) for c in claims] == [
        ("Maria Lopez", 3),
        ("Vicente Fox", 2),
    ]
    out = corpus_of(tmp_path, [(thread, tables)])
    threads = pd.read_csv(out / "tables" / "threads.csv")
    assert (threads["positions"].sum(), threads["claims"].sum()) == (5, 2)
    for positions in (out / "tables" / "positions.csv", out / "tables" / "own" / "positions.csv"):
        table = pd.read_csv(positions)
        got = dict(zip(table["holder"], table["positions"], strict=True))
        assert got == {"Maria Lopez": 3, "Vicente Fox": 2}, positions
    for key_points in (
        out / "tables" / "key_points.csv",
        out / "tables" / "own" / "key_points.csv",
    ):
        holders = set(pd.read_csv(key_points)["holders"].str.split("; ").explode())
        assert holders == {"Maria Lopez", "Vicente Fox"}, key_points


@pytest.mark.parametrize(
    ("holder", "named"),
    [
        ("Felipe Calderon", True),
        ("the DEA", True),
        ("Human Rights Watch", True),
        ("the Mexican government", True),
        ("the mayor of Ciudad Juarez", True),
        ("critics", False),
        ("Critics", False),  # a sentence's first word the parser took for a name
        ("human rights groups", False),
        ("many experts", False),
        ("the government", False),
        ("most people I know", False),
        ("lawmakers", False),
        # a people by its demonym alone: each writer's "Mexicans" are other people
        ("Mexicans", False),
        ("the Colombians", False),
        ("Latin Americans", False),
        ("the Dutch", False),
        ("Mexico", True),
        # an office by its title alone, capitalised or not: each thread's own
        ("the President", False),
        ("our Governor", False),
        ("the Attorney General", False),
        ("the former President", False),
        ("", False),
    ],
)
def test_a_holder_is_named_by_its_capitals(holder: str, named: bool) -> None:
    """The tagger lower-cases a group ("critics", "the government") and keeps a name's
    capitals: those are what tells an actor from a group no one names."""
    assert rt.is_named(holder) is named


def test_a_lower_case_holder_is_named_by_an_entity_of_the_page() -> None:
    """A holder in lower case ("calderon said …") is named by a PERSON the entities
    stage found; a generic head noun ("the army") stays a group whatever the stage
    linked it to."""
    mentions = pd.DataFrame(
        [
            ["s1", "t", 0, 8, "calderon", "PERSON", "person", "x:calderon", "Felipe Calderon"],
            ["s1", "t", 9, 17, "the army", "ORG", "armed_force", "mx-army", "Mexican Army"],
            ["s1", "t", 20, 27, "critics", "MISC", "", "", ""],
        ],
        columns=TABLE_COLUMNS["mentions"],
    )
    names = rt.holder_names(mentions)
    assert rt.is_named("calderon", names)
    assert not rt.is_named("the army", names)
    assert not rt.is_named("critics", names)  # no PERSON/ORG/GPE/NORP mention
    assert not rt.is_named("calderon")


def _claims(rows: list[tuple[str, str, str, str, str, str]]) -> pd.DataFrame:
    """Claims of ``rows``: (thread, kind, speaker, holder, frame, label), one sentence each."""
    return pd.DataFrame(
        [
            [f"{t}/s{i}", t, frame, label, 1.0, f"{t}/u{i}", kind, speaker, holder, "x", None]
            for i, (t, kind, speaker, holder, frame, label) in enumerate(rows)
        ],
        columns=rt.CLAIM_COLUMNS,
    )


#: The review's corpus: three writers' "critics" in two threads, Fox quoted in both.
CRITICS = [
    ("a", "article", "Kim", "critics", "legalization", "against"),
    ("a", "comment", "Joe", "critics", "militarization", "favor"),
    ("a", "article", "Kim", "Vicente Fox", "legalization", "favor"),
    ("b", "article", "Maria Lopez", "critics", "militarization", "against"),
    ("b", "article", "Maria Lopez", "Vicente Fox", "legalization", "favor"),
    ("b", "comment", "Luis", "Luis", "legalization", "favor"),
]


def test_an_unnamed_group_is_one_row_per_thread_and_citing_speaker() -> None:
    """Kim's, Joe's and Maria Lopez's critics were one "mixed" actor ("critics,
    reported, Kim; Joe; Maria Lopez, 3"): now a row each, after the named holders,
    while Fox, quoted in both threads, stays one actor."""
    claims = _claims(CRITICS)
    table = rt.positions(claims, rt.frames_for(claims))
    got = [
        (r.holder, r.role, r.reported_by, r.thread_id, r.positions)
        for r in table.itertuples(index=False)
    ]
    assert got == [
        ("Vicente Fox", "reported", "Kim; Maria Lopez", "", 2),
        ("Luis", "commenter", "", "", 1),
        ("critics", rt.UNNAMED, "Joe", "a", 1),
        ("critics", rt.UNNAMED, "Kim", "a", 1),
        ("critics", rt.UNNAMED, "Maria Lopez", "b", 1),
    ]
    kim = table[table["reported_by"] == "Kim"].iloc[0]
    assert (kim["legalization_against"], kim["militarization_favor"]) == (1, 0)
    # one speaker citing "critics" in two threads: two groups
    again = _claims([*CRITICS, ("b", "comment", "Joe", "critics", "legalization", "favor")])
    joe = rt.positions(again, rt.frames_for(again)).query("reported_by == 'Joe'")
    assert sorted(joe["thread_id"]) == ["a", "b"]


def test_the_findings_count_unnamed_groups_apart_from_named_holders() -> None:
    """The findings said "(critics 3)", naming one actor the table does not have."""
    claims = _claims(CRITICS)
    others = rt.reported(claims)
    assert (others.positions, others.unnamed, others.holders) == (5, 3, (("Vicente Fox", 2),))
    said = rt.findings(rt.distribution(claims, rt.frames_for(claims)), 2, others)
    assert (
        "5 of 6 positions report what others hold (Vicente Fox 2 and unnamed holders 3), "
        "4 of them in the articles" in " ".join(said)
    )
    assert "critics" not in " ".join(said)


#: Two threads by Maria Lopez, each article and Derrick's comment citing "critics".
CRITICS_A: list[tuple[str, str, str, str, str | None]] = [
    (
        "article",
        "Critics say legalization will increase addiction.",
        "legalization",
        "against",
        "critics",
    ),
    ("c1", "Critics say the army is the only answer.", "militarization", "favor", "critics"),
    ("article", "Fox says drugs should be legal.", "legalization", "favor", "Vicente Fox"),
]
CRITICS_B: list[tuple[str, str, str, str, str | None]] = [
    ("article", "Critics say the army should stay out.", "militarization", "against", "critics"),
    ("c1", "We should legalize cannabis now.", "legalization", "favor", None),
]


def test_the_corpus_page_ranks_named_holders_and_sums_up_unnamed_groups(tmp_path: Path) -> None:
    """positions.csv, the pages' "Who stands where" and the key findings agree: no
    cross-thread "critics" actor; each citing speaker's critics in its thread."""
    a = hand_built(tmp_path, "a", "A", CRITICS_A)
    b = hand_built(tmp_path, "b", "B", CRITICS_B)
    out = corpus_of(tmp_path, [a, b])
    table = pd.read_csv(out / "tables" / "positions.csv", keep_default_na=False)
    critics = table[table["holder"] == "critics"]
    assert set(critics["role"]) == {rt.UNNAMED}
    assert sorted(zip(critics["thread_id"], critics["reported_by"], strict=True)) == [
        ("a", "Derrick"),
        ("a", "Maria Lopez"),
        ("b", "Maria Lopez"),
    ]
    assert table.loc[table["holder"] == "Vicente Fox", "thread_id"].tolist() == [""]
    assert list(table["holder"])[-3:] == ["critics"] * 3  # after every named holder
    md = (out / "report.md").read_text(encoding="utf-8")
    html = (out / "index.html").read_text(encoding="utf-8")
    who = md.split("## Who stands where")[1].split("## Key points")[0]
    assert "| critics |" not in who
    line = (
        "Unnamed holders: 3 positions are credited to people and groups the speakers cite "
        "without naming them — critics (cited by Derrick in A) 1, critics (cited by Maria Lopez "
        "in A) 1 and critics (cited by Maria Lopez in B) 1."
    )
    assert line in who
    section = html.split('<section id="positions">')[1].split("</section>")[0]
    assert '<th scope="row">critics' not in section and line in section
    said = "4 of 5 positions report what others hold (Vicente Fox 1 and unnamed holders 3)"
    assert said in md and said in html
    # a thread page: the groups of its own speakers, without the thread's name
    page = (out / "threads" / "a.md").read_text(encoding="utf-8")
    assert "critics (cited by Derrick) 1 and critics (cited by Maria Lopez) 1." in page


def _mentions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Mentions of ``rows``: (text, label, canonical), one a sentence of thread t."""
    return pd.DataFrame(
        [
            [f"t/s{i}", "t", 0, len(text), text, label, "", "", canonical]
            for i, (text, label, canonical) in enumerate(rows)
        ],
        columns=TABLE_COLUMNS["mentions"],
    )


@pytest.mark.parametrize(
    ("holder", "entity"),
    [
        ("Congress", ("Congress", "ORG", "US Congress")),
        ("Senate", ("the Senate", "ORG", "")),
        ("Parliament", ("Parliament", "ORG", "")),
        ("King", ("King", "PERSON", "Martin Luther King")),
        ("Farmer", ("Paul Farmer", "PERSON", "Farmer")),
        ("Pope", ("Pope", "PERSON", "")),
    ],
)
def test_an_entity_of_the_page_is_named_though_its_name_is_a_group_noun(
    holder: str, entity: tuple[str, str, str]
) -> None:
    """The page's "Congress" (ORG "US Congress"), "Senate", surnames King and Farmer
    are also the tagger's nouns for groups and roles: the page's entity names are
    checked before that rule, which took them all for "Critics" at a sentence's start."""
    names = rt.holder_names(_mentions([entity]))
    assert rt.is_named(holder, names)
    assert not rt.is_named(holder)  # opening its sentence, no entity: as "Critics say …"
    assert rt.is_named(holder, initial=False)  # a capital mid-sentence is a name's


def test_congress_cited_in_two_threads_is_one_actor() -> None:
    """The review's b2 corpus: "Congress says …" in Kim's and Ana's articles, the
    stage's ORG "US Congress", was two "unnamed" rows; and "…, Congress says"
    is a name even with no entity, as "Critics" mid-sentence would not be written."""
    claims = _claims(
        [
            ("t1", "article", "Kim", "Congress", "legalization", "favor"),
            ("t2", "article", "Ana", "Congress", "legalization", "against"),
        ]
    )
    claims["text"] = "Congress says marijuana should be legalized."
    names = rt.holder_names(_mentions([("Congress", "ORG", "US Congress")]))
    table = rt.positions(claims, rt.frames_for(claims), names=names)
    got = [(r.holder, r.role, r.reported_by, r.thread_id) for r in table.itertuples(index=False)]
    assert got == [("Congress", "reported", "Kim; Ana", "")]
    assert rt.reported(claims, names=names).unnamed == 0
    # no entity: opening the sentence, the group noun is taken for "Critics" …
    alone = rt.positions(claims, rt.frames_for(claims))
    assert set(alone["role"]) == {rt.UNNAMED}
    # … but written mid-sentence anywhere on the page, it names someone
    claims.loc[1, "text"] = "Marijuana should stay illegal, Congress says."
    mid = rt.positions(claims, rt.frames_for(claims))
    assert mid["role"].tolist() == ["reported"]


#: The entity names of the review's b2 corpus: its demonyms, the DEA and the US are entities.
B2_NAMES = frozenset({"mexican", "mexicans", "americans", "us", "dea", "calderon", "congress"})


@pytest.mark.parametrize(
    ("holder", "named"),
    [
        ("many Mexicans", False),
        ("most Americans", False),
        ("half of Mexicans", False),
        ("several senators", False),
        ("a DEA agent", False),
        ("Mexican officials", False),
        ("US officials", False),
        ("DEA agents", False),
        ("US lawmakers", False),
        ("officials of the DEA", False),
        ("Legalization advocates", False),
        ("The government", False),
        ("the Mexican government", True),  # one institution
        ("the DEA", True),
        ("Human Rights Watch", True),
        ("President Calderon", True),
        ("the mayor of Ciudad Juarez", True),
        # a people by its demonym alone, though an entity of the page: Kim's
        # "Mexicans say …" and Ana's are not one actor either
        ("Mexicans", False),
        ("Mexico", True),
        # a name opening with an article is a name, all its words capitalised
        ("A New PATH", True),
        ("A DEA agent", False),
    ],
)
def test_a_counted_or_plural_group_is_unnamed_whatever_its_capitals(
    holder: str, named: bool
) -> None:
    """Any capital after the first word made a holder named: "many Mexicans" cited by
    Kim and by Ana in two threads, for and against legalization, was one actor."""
    assert rt.is_named(holder, B2_NAMES) is named


def test_a_plural_group_that_is_an_entity_of_the_page_is_named() -> None:
    """The whole phrase as an entity of the page is a name, whatever its head."""
    assert rt.is_named("DEA agents", B2_NAMES | {"dea agents"})


def test_many_mexicans_of_two_threads_are_two_groups() -> None:
    """The review's b2 corpus: "Many Mexicans say …" in Kim's and Ana's articles was
    one "reported" row, cited by "Kim; Ana", legalization +1/−1."""
    claims = _claims(
        [
            ("t1", "article", "Kim", "many Mexicans", "legalization", "favor"),
            ("t2", "article", "Ana", "many Mexicans", "legalization", "against"),
            ("t1", "article", "Kim", "Mexican officials", "militarization", "favor"),
            ("t2", "article", "Ana", "Mexican officials", "militarization", "against"),
        ]
    )
    table = rt.positions(claims, rt.frames_for(claims), names=B2_NAMES)
    got = [(r.holder, r.role, r.reported_by, r.thread_id) for r in table.itertuples(index=False)]
    assert got == [
        ("Mexican officials", rt.UNNAMED, "Kim", "t1"),
        ("Mexican officials", rt.UNNAMED, "Ana", "t2"),
        ("many Mexicans", rt.UNNAMED, "Kim", "t1"),
        ("many Mexicans", rt.UNNAMED, "Ana", "t2"),
    ]
    assert rt.reported(claims, names=B2_NAMES).unnamed == 4


def test_the_more_holders_caption_counts_named_holders_and_group_rows_apart(
    tmp_path: Path,
) -> None:
    """The review's b5: "5 more holders not shown: all 48 …" counted 3 unnamed-group
    rows among the 48 but not among the 40 shown and 5 hidden named holders."""
    named = [
        ("article", f"Juan Perez{n:02d} says legalize it.", "legalization", "favor", None)
        for n in range(43)
    ]
    named = [(u, t, f, lab, t.split(" says")[0]) for u, t, f, lab, _ in named]
    groups: list[tuple[str, str, str, str, str | None]] = [
        ("article", "Critics say the army must stay.", "militarization", "favor", "critics"),
        ("c1", "Critics say the army must go.", "militarization", "against", "critics"),
    ]
    thread, tables = hand_built(tmp_path, "crowd", "Crowd", [*named, *groups])
    out = tmp_path / "reports"
    write_thread_report(thread, tables, out)
    table = pd.read_csv(out / "tables" / "crowd" / "positions.csv")
    assert (len(table), (table["role"] == rt.UNNAMED).sum()) == (45, 2)
    note = "3 more holders not shown: all 43 named holders and 2 unnamed-holder rows are in"
    # an office-holder no one names is one of them too, not a group (REPORT_VERSION 28)
    how = "a holder no one names (“critics”, “the health minister”) is no actor of this ranking"
    for page in ("crowd.html", "crowd.md"):
        text = (out / "threads" / page).read_text(encoding="utf-8")
        assert note in text, page
        assert how in text, page


def test_findings_and_the_groups_line_say_no_ranking_when_every_position_is_a_group(
    tmp_path: Path,
) -> None:
    """The review's b4, an article citing only "critics" and "many experts": the
    findings said "Who stands where" credits them "to those holders", and the
    groups' line spoke of "the ranking above", where the page ranks no one."""
    only: list[tuple[str, str, str, str, str | None]] = [
        ("article", "Critics say legalize it.", "legalization", "favor", "critics"),
        (
            "article",
            "Many experts say the army must go.",
            "militarization",
            "against",
            "many experts",
        ),
    ]
    thread, tables = hand_built(tmp_path, "groups", "Only groups", only)
    out = tmp_path / "reports"
    write_thread_report(thread, tables, out)
    for page in ("groups.md", "groups.html"):
        text = (out / "threads" / page).read_text(encoding="utf-8")
        assert (
            "2 of 2 positions report what others hold (unnamed holders 2), 2 of them in the "
            "article: “Who stands where” counts them apart, per group, citing speaker and thread."
        ) in text, page
        assert "those holders" not in text and "ranking above" not in text, page
        assert "Each counts apart, per citing speaker and thread, not as one actor:" in text
    # named holders and groups: the groups said to be apart from "those holders"
    claims = _claims(CRITICS)
    dist = rt.distribution(claims, rt.frames_for(claims))
    said = " ".join(rt.findings(dist, 2, rt.reported(claims)))
    assert "credits them to those holders, the unnamed holders’ apart, per citing" in said
