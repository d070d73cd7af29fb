from __future__ import annotations

import dataclasses
import html
import re
from itertools import pairwise

import pandas as pd
import pytest

from discourse.ingest import read_path
from discourse.ingest._text import BLOCK_TAGS
from discourse.model import Thread, Utterance
from discourse.segment import parse_threads, segment_threads, split_long

from .conftest import FIXTURES, SEED


def test_seed_segments_match_gold_sentences_and_ids(nlp, seed_gold):
    segments = list(segment_threads(read_path(SEED), nlp))
    assert [(s.id, s.text) for s in segments] == [(g["id"], g["text"]) for g in seed_gold]
    assert [s.speaker for s in segments] == [g["speaker"] for g in seed_gold]


def test_offsets_map_back_exactly(nlp):
    thread = read_path(SEED)[0]
    for seg in segment_threads([thread], nlp):
        utt = thread.utterance(seg.utterance_id)
        assert utt.text[seg.start : seg.end] == seg.text


def test_abbreviations_in_comments_do_not_split(nlp):
    texts = {s.text for s in segment_threads(read_path(SEED), nlp)}
    assert (
        "With the Mexican military so far not showing real progress I don’t know how you can "
        "seriously think these govts. in C. America will fare any better." in texts
    )
    assert any(t.startswith("Our govt. has utterly failed with cartels") for t in texts)


def test_sentence_end_after_abbreviation_still_splits(nlp):
    utt = Utterance(
        "t/a", "t", "comment", "x", "We sent aid to the U.S. Army. It did not help at all."
    )
    segs = list(segment_threads([Thread("t", (utt,))], nlp))
    assert len(segs) == 2


def test_rerun_gives_same_ids(nlp):
    first = [s.id for s in segment_threads(read_path(SEED), nlp)]
    second = [s.id for s in segment_threads(read_path(SEED), nlp)]
    assert first == second


def test_long_paragraph_is_split_into_pieces_with_exact_offsets(nlp):
    sentence = "The cartel moved cocaine through Honduras again this year. "
    text = (sentence * 400).strip()
    utt = Utterance("t/c", "t", "comment", "x", text)
    parsed = next(parse_threads([Thread("t", (utt,))], nlp, max_chars=2000))
    assert len(parsed.segments) == 400
    assert all(text[s.start : s.end] == s.text for s in parsed.segments)


def test_split_long_respects_limit():
    text = "word " * 1000
    pieces = split_long(text, 0, len(text.rstrip()), 300)
    assert all(e - s <= 300 for s, e in pieces)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text.rstrip())


def test_empty_thread_list_yields_nothing(nlp):
    assert list(parse_threads([], nlp)) == []


def test_threads_stream_in_input_order(nlp):
    threads = [
        Thread(f"t{i}", (Utterance(f"t{i}/a", f"t{i}", "article", "x", f"Sentence {i}. Another."),))
        for i in range(5)
    ]
    assert [p.thread.id for p in parse_threads(iter(threads), nlp, batch_size=2)] == [
        f"t{i}" for i in range(5)
    ]


def test_split_long_refuses_a_limit_it_could_never_meet():
    import pytest

    with pytest.raises(ValueError, match="at least 1"):
        split_long("some words here", 0, 15, 0)
    assert split_long("ab", 0, 2, 1) == [(0, 1), (1, 2)]


# ---------------------------------------------------------------------------
# offsets and reply links hold for every input format


INGEST_FIXTURES = sorted((FIXTURES / "ingest").iterdir())


@pytest.mark.parametrize("max_chars", [50000, 100])
@pytest.mark.parametrize("source", [SEED, *INGEST_FIXTURES], ids=lambda p: p.name)
def test_every_segment_of_every_fixture_points_at_its_text(nlp, source, max_chars):
    """The README's promise, checked on every shipped input (non-ASCII, CRLF,
    BOM, tabs, HTML entities, nested replies…), whole and cut into pieces:
    ``utterance.text[start:end] == text``, segments trimmed, in order, not
    overlapping, inside their paragraph; every ``reply_to`` names an utterance."""
    threads = read_path(source)
    for parsed in parse_threads(threads, nlp, max_chars=max_chars):
        thread = parsed.thread
        ids = {u.id for u in thread.utterances}
        assert all(u.reply_to is None or u.reply_to in ids for u in thread.utterances)
        assert parsed.segments, thread.id
        by_utterance: dict[str, list] = {}
        for seg in parsed.segments:
            utt = thread.utterance(seg.utterance_id)
            assert utt.text[seg.start : seg.end] == seg.text
            assert seg.text and seg.text == seg.text.strip()
            p_start, p_end = utt.paragraphs[seg.paragraph]
            assert p_start <= seg.start < seg.end <= p_end
            by_utterance.setdefault(utt.id, []).append(seg)
        for segs in by_utterance.values():
            assert [s.index for s in segs] == list(range(1, len(segs) + 1))
            assert all(a.end <= b.start for a, b in pairwise(segs))


def test_split_long_cuts_at_line_breaks_and_tabs_not_inside_words():
    for sep in ("\n", "\t"):
        text = sep.join(["wordy"] * 100)
        pieces = split_long(text, 0, len(text), 100)
        assert len(pieces) > 1
        for s, e in pieces:
            assert e - s <= 100
            assert set(text[s:e].split()) == {"wordy"}, repr(text[s:e])


def test_split_long_ends_pieces_at_cjk_sentence_ends():
    text = "麻薬戦争は失敗した。" * 30  # no spaces at all
    pieces = split_long(text, 0, len(text), 95)
    assert all(text[s:e].endswith("。") for s, e in pieces)
    assert "".join(text[s:e] for s, e in pieces) == text


@pytest.mark.parametrize("unit", ["👍🏽", "👨\u200d👩\u200d👧", "e\u0301"])
def test_split_long_never_cuts_inside_a_character_sequence(unit):
    text = unit * 200
    for limit in (99, 100, 101):
        pieces = split_long(text, 0, len(text), limit)
        assert all(e - s <= limit for s, e in pieces)
        assert all(text[s:e] == unit * ((e - s) // len(unit)) for s, e in pieces)


# ---------------------------------------------------------------------------
# offsets back into the source file (page dumps and HTML pages)

#: The seed thread's content hash before source offsets existed: reading the
#: file must still give byte-for-byte the same thread, or every weekly user
#: would see every thread "changed" after upgrading.
SEED_CONTENT_HASH = "a11c25fe5567978a97949a5a5c473259ee34760692e1db66cce4a166323bae55"

#: Every page dump and HTML page under tests/fixtures/, and the seed.
SOURCE_FIXTURES = [
    SEED,
    *sorted(
        p
        for p in FIXTURES.rglob("*")
        if p.suffix.lower() in {".txt", ".html", ".htm"} and p.is_file()
    ),
]


def _source_text(path) -> str:
    """The reference text source offsets index (README, "Data model")."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        return handle.read()


_SPACES = re.compile(r"[\s\u00a0\u200b]+")
_TAG = re.compile(r"""</?([A-Za-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")


def _visible(fragment: str, is_html: bool) -> str:
    """Whitespace-normalised text of a source span (for HTML: comments and tags
    gone — ``<br>`` and block tags standing for a space — and entities decoded)."""
    if is_html:
        fragment = re.sub(r"<!--.*?-->", "", fragment, flags=re.DOTALL)
        fragment = _TAG.sub(
            lambda m: " " if m.group(1).lower() in BLOCK_TAGS | {"br"} else "", fragment
        )
        fragment = html.unescape(fragment)
    return _SPACES.sub(" ", fragment).strip()


def test_seed_thread_content_hash_is_unchanged(seed_thread):
    assert seed_thread.content_hash() == SEED_CONTENT_HASH


@pytest.mark.parametrize("max_chars", [50000, 100])
@pytest.mark.parametrize("source", SOURCE_FIXTURES, ids=lambda p: p.name)
def test_source_offsets_point_at_each_sentence_in_the_file(nlp, source, max_chars):
    """For every page dump and HTML page: every segment has source offsets, the
    file's span reads as the sentence (whitespace normalised; HTML without tags,
    entities decoded), and the spans go forward within an utterance."""
    src = _source_text(source)
    is_html = source.suffix.lower() in {".html", ".htm"}
    segments = list(segment_threads(read_path(source), nlp, max_chars=max_chars))
    assert segments
    by_utterance: dict[str, list] = {}
    for seg in segments:
        # every fixture is fully aligned: None is only for text the reader cannot find
        assert seg.source_start is not None and seg.source_end is not None, seg.id
        assert 0 <= seg.source_start < seg.source_end <= len(src)
        assert _visible(src[seg.source_start : seg.source_end], is_html) == _visible(
            seg.text, False
        ), seg.id
        by_utterance.setdefault(seg.utterance_id, []).append(seg)
    for segs in by_utterance.values():
        assert all(a.source_end <= b.source_start for a, b in pairwise(segs))


def test_page_dump_spans_are_the_sentence_verbatim_but_for_line_wraps(nlp):
    src = _source_text(SEED)
    for seg in segment_threads(read_path(SEED), nlp):
        span = src[seg.source_start : seg.source_end]
        assert span[0] == seg.text[0] and span[-1] == seg.text[-1]
        assert " ".join(span.split()) == " ".join(seg.text.split())


def test_formats_without_a_source_text_leave_source_offsets_empty(nlp):
    for name in ("threads.jsonl", "utterances.csv", "threads.json", "disqus-export.xml"):
        segments = list(segment_threads(read_path(FIXTURES / "ingest" / name), nlp))
        assert segments and all(
            s.source_start is None and s.source_end is None for s in segments
        ), name


def test_threads_built_in_python_have_no_source_offsets(nlp):
    utt = Utterance("t/a", "t", "article", "x", "One sentence here. Another one there.")
    segs = list(segment_threads([Thread("t", (utt,))], nlp))
    assert len(segs) == 2 and all(s.source_start is None for s in segs)


def test_truncated_utterances_keep_their_offsets(nlp, seed_thread):
    """``discourse run`` cuts huge utterances (``dataclasses.replace``): the map
    stays, and only offsets before the cut ever occur."""
    from discourse.run import _truncated, rename_thread

    src = _source_text(SEED)
    cut = rename_thread(_truncated(seed_thread, 300), "renamed")
    assert all(len(u.text) <= 300 for u in cut.utterances)
    assert all(u.source_map is not None for u in cut.utterances)
    for seg in segment_threads([cut], nlp):
        assert seg.source_start is not None
        assert " ".join(src[seg.source_start : seg.source_end].split()) == seg.text


def test_segments_of_a_thread_sent_to_a_worker_keep_source_offsets(nlp, seed_thread):
    import pickle

    again = pickle.loads(pickle.dumps(seed_thread))
    assert [u.source_map for u in again.utterances] == [
        u.source_map for u in seed_thread.utterances
    ]
    first = [(s.source_start, s.source_end) for s in segment_threads([seed_thread], nlp)]
    assert first == [(s.source_start, s.source_end) for s in segment_threads([again], nlp)]


def test_split_long_does_not_cut_after_an_abbreviation():
    """A piece ends where the splitter ends a sentence: before a capital, not
    after "U.S." or "Dept." (the sentence guard keeps those inside a sentence)."""
    text = (
        "Farmers grow coca because it pays better than coffee. Most of it still goes to "
        "the U.S. and to Europe by sea. The Dept. of Justice says so."
    )
    pieces = [text[s:e] for s, e in split_long(text, 0, len(text), 100)]
    assert pieces == [
        "Farmers grow coca because it pays better than coffee.",
        "Most of it still goes to the U.S. and to Europe by sea. The Dept. of Justice says so.",
    ]
    text = (
        "The aid went to the U.S. Army, said the minister on Monday. Dept. of Justice staff agreed."
    )
    assert [text[s:e] for s, e in split_long(text, 0, len(text), 70)] == [
        "The aid went to the U.S. Army, said the minister on Monday.",
        "Dept. of Justice staff agreed.",
    ]


def test_split_long_prefers_a_paragraph_break():
    """A text given whole (not paragraph by paragraph) is cut at its blank line,
    even where no sentence punctuation ends the paragraph (a heading)."""
    text = "Why prohibition failed\n\nthe argument in brief runs like this for a while"
    assert [text[s:e] for s, e in split_long(text, 0, len(text), 60)] == [
        "Why prohibition failed",
        "the argument in brief runs like this for a while",
    ]


def test_text_parsed_in_pieces_gives_the_sentences_of_the_whole(nlp):
    """With ``max_chars`` small enough to force pieces, the sentences are those
    the whole text gives: no sentence is cut at "U.S." or "Dept.", so none is
    parsed in two halves."""
    text = (
        "Coca cultivation in Colombia rose by a quarter last year. "
        "The U.S. State Dept. says eradication works. "
        "Farmers in Cauca say otherwise and plant again the next week. "
        "Most of the cocaine still goes to the U.S. and to Europe by sea. "
        "The Dept. of Justice says seizures are up. Prices did not move."
    )
    utt = Utterance("t/c", "t", "comment", "x", text)
    thread = Thread("t", (utt,))
    whole = [s.text for s in segment_threads([thread], nlp)]
    assert len(whole) == 6
    for max_chars in (100, 120, 150):
        assert [s.text for s in segment_threads([thread], nlp, max_chars=max_chars)] == whole


def _sentences(nlp, text: str) -> list[str]:
    thread = Thread("t", (Utterance("t/c", "t", "comment", "x", text),))
    return [s.text for s in segment_threads([thread], nlp)]


def test_list_items_quoted_lines_and_headings_on_their_own_lines_are_sentences(nlp):
    """Where a text keeps its line breaks, each list item is one sentence with its
    number or bullet, a quoted line is not glued to the reply under it, and a
    heading is not glued to the text under it."""
    text = (
        "Background\nThe army was sent into Michoacán in December 2006. Violence rose after.\n\n"
        "Our proposals:\n1. Treat addiction as a health problem\n2) Regulate cannabis like alcohol\n"
        "3. Stop the flow of U.S. guns south\n\n"
        "> the army is the only answer\nNo it isn't. Look at Juárez.\n\n"
        "What would help\n- treatment on demand\n• legal regulation\n* fewer raids"
    )
    assert _sentences(nlp, text) == [
        "Background",
        "The army was sent into Michoacán in December 2006.",
        "Violence rose after.",
        "Our proposals:",
        "1. Treat addiction as a health problem",
        "2) Regulate cannabis like alcohol",
        "3. Stop the flow of U.S. guns south",
        "> the army is the only answer",
        "No it isn't.",
        "Look at Juárez.",
        "What would help",
        "- treatment on demand",
        "• legal regulation",
        "* fewer raids",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The army was sent into\nMichoacán in December 2006 and\nviolence rose every year after.",
        "We spent billions on the drug war\nand got nothing for it.",
        "The number of dead rose from 2,000 in\n2007 to 15,000 in 2010.",
        "In 2006\nCalderon sent the army into Michoacán.",
        "I met with Juan\nGarcia yesterday about it.",
        "We need\nReal reform now.",
        "I talked to President\nObama's people about it.",
        "Meet Juan\nGarcia, our new writer in Juárez.",
        "Meet Juan\nGarcia, a farmer from Sinaloa.",
        "Meet Senator\nLeahy, who wrote the bill.",
        "We spoke with Senator\nLeahy about the bill.",
        # a possessor's title reads on into the name ("Mexico's President Calderon")
        "Mexico's President\nCalderon sent the army into Michoacán.",
        "Colombia's President\nJuan Manuel Santos called for a debate.",
        "Our President\nCalderon sent the army into the streets.",
        "The General's Secretary\nMaria Lopez spoke to reporters.",
    ],
)
def test_hard_wrapped_prose_stays_one_sentence(nlp, text):
    """A short line over a capitalised line is no heading when it reads as prose
    (not title-like) or ends in a word going on in the next line: a name's first
    part, a title (after a possessor too: "Mexico's President\nCalderon sent
    …" had been cut as a heading), a function word, a number."""
    assert _sentences(nlp, text) == [text]


@pytest.mark.parametrize(
    "expected",
    [
        ["Hello all.", "We spoke with Senator\nLeahy about Merida."],
        ["Thanks for the post.", "My cousin Maria\nLopez lives in Juarez."],
        ["Background", "The army was sent into Michoacán in December 2006."],
        ["Some history.", "The War on Drugs", "It began in 1971."],
        ["My Response To Critics", "I stand by what I wrote."],
        ["What would help", "Treatment on demand would help."],
        ["Update", "The vote passed."],
        # a longer heading over a name, a title over a sentence opener, a possessive
        ["The Merida Initiative", "Congress approved the aid in 2008."],
        ["The Army in Juarez", "Calderon sent the troops."],
        ["An Open Letter to the President", "The army must leave."],
        ["Mexico's Failed Drug War", "The army has been on the streets for years."],
        # a title over a name: a name's title goes on, an office ends a heading
        ["Thanks.", "We talked to the President\nabout it."],
        ["Yes.", "The President\nsaid nothing about it."],
        ["Good post.", "Former Mexican President\nVicente Fox wants legalization."],
        ["Agreed.", "U.S. Attorney General\nEric Holder knew about it."],
        ["Right.", "Then Secretary\nClinton admitted it."],
        ["Ok.", "The President\nCalderon has failed."],
        ["Sure.", "Ask General\nFraser about it."],
        ["Yes.", "The Guatemalan President\nOtto Perez Molina was a general."],
        ["Indeed.", "Then the Mexican President\nFelipe Calderon sent the army."],
        ["Guatemala's New President", "Otto Perez Molina took office in January."],
        ["Our Next President", "Enrique Peña Nieto won the election in July."],
        ["The Outgoing President", "Felipe Calderon defends his war."],
        ["Meet the New President", "Otto Perez Molina is a former general."],
        ["A Letter to the President", "Barack Obama must end this war."],
        ["Questions for the Attorney General", "Eric Holder has some explaining to do."],
        ["Colombia's Former President", "Cesar Gaviria now calls for legalization."],
        ["An Interview With the Senator", "Patrick Leahy talked to us about Merida."],
        ["Honduras and Its New President", "Porfirio Lobo took office in 2010."],
    ],
)
def test_a_heading_is_a_title_like_line_after_a_finished_sentence(nlp, expected):
    """A line is a heading over the next when it opens the paragraph or follows a
    finished sentence and is title-like (capitalised words, a wh-word first);
    hard-wrapped prose after a finished sentence stays one sentence. A line
    ending in a title goes on with a name under it ("Former Mexican
    President\nVicente Fox"), unless it names an office: after a capitalised
    word prose writes in lower case ("Guatemala's New President", "Our Next
    President": that one had been glued to "Enrique Peña Nieto") or the
    determiner of an object ("A Letter to the President")."""
    assert _sentences(nlp, "\n".join(expected)) == expected


@pytest.mark.parametrize(
    "expected",
    [
        [
            "> The army should stay in Juarez because\n> the cartels are too strong for the police.",
            "I disagree completely.",
        ],
        ["> We should legalize it all\n> Every drug, now", "No way."],
        ["> The army should stay.", "> The police are corrupt.", "I disagree."],
    ],
)
def test_a_hard_wrapped_quotation_is_one_sentence(nlp, expected):
    """Quoted lines continuing a sentence stay together; a quoted line after a
    finished sentence, and the reply under the quotation, start new ones."""
    assert _sentences(nlp, "\n".join(expected)) == expected


def _quoting_thread() -> Thread:
    utts = [
        Utterance("q/a", "q", "article", "Ed", "We should legalize cannabis."),
        Utterance("q/c1", "q", "comment", "Carla", "Legalization would be a disaster."),
        Utterance(
            "q/c2",
            "q",
            "comment",
            "Eli",
            "> Legalization would be a disaster.\n\nThat's not true. It worked in Portugal.",
            "q/c1",
        ),
        Utterance(
            "q/c3",
            "q",
            "comment",
            "Fran",
            "> Legalization would be a disaster.\n> We will see.\n\nAgreed.",
            "q/c2",
        ),
    ]
    return Thread("q", tuple(utts))


def test_quoted_lines_name_the_utterance_they_quote(nlp):
    from discourse.segment import quoted_segments

    parsed = next(parse_threads([_quoting_thread()], nlp))
    quoted = {parsed.segments[k].id: v for k, v in quoted_segments(parsed).items()}
    # Eli's quote is Carla's sentence; Fran quoting Eli's quote goes back to Carla, and
    # a quoted line nobody wrote before has no source; sentences of their own are left out
    assert set(quoted) == {"q/c2/s01", "q/c3/s01", "q/c3/s02"}
    carla = next(k for k, s in enumerate(parsed.segments) if s.id == "q/c1/s01")
    assert (quoted["q/c2/s01"].speaker, quoted["q/c2/s01"].segment) == ("Carla", carla)
    assert quoted["q/c3/s01"].utterance_id == "q/c1"
    assert quoted["q/c3/s02"] is None


def test_one_quote_mark_and_one_locator_for_holder_and_quotes_edge(nlp):
    from discourse.argmap.relations import find_quotes
    from discourse.nlp import QUOTED_LINE
    from discourse.segment import QuoteLocator, quoted_segments

    # a ">" then a space or another ">" quotes; ">60,000 dead" (more than) does not
    assert QUOTED_LINE.match("> Legalization would be a disaster.")
    assert QUOTED_LINE.match(">> Legalization would be a disaster.")
    assert QUOTED_LINE.match("> > Legalization")
    assert not QUOTED_LINE.match(">60,000 dead in Mexico since 2006.")
    utts = [
        Utterance("r/a", "r", "article", "Ed", "Prohibition has failed in every country."),
        Utterance("r/c1", "r", "comment", "Carla", "Prohibition has failed in every country."),
        Utterance("r/c2", "r", "comment", "Dan", ">60,000 dead in Mexico since 2006.", "r/a"),
        Utterance(
            "r/c3",
            "r",
            "comment",
            "Eli",
            "> Prohibition has failed in every country.\n\nNo.",
            "r/a",
        ),
    ]
    thread = Thread("r", tuple(utts))
    parsed = next(parse_threads([thread], nlp))
    quoted = {parsed.segments[k].id: v for k, v in quoted_segments(parsed).items()}
    # Dan's "more than" is his own sentence; Eli answers the article, so he quotes it
    # (the reply chain first), not Carla's nearer comment saying the same
    assert set(quoted) == {"r/c3/s01"}
    assert quoted["r/c3/s01"].utterance_id == "r/a"
    segments = pd.DataFrame([dataclasses.asdict(s) for s in parsed.segments])
    edges = find_quotes(thread, segments)
    assert [(e[0], e[1], e[3], e[4]) for e in edges] == [("r/c3", "r/a", "r/c3/s01", "r/a/s01")]
    # too short to tell whom it quotes
    locator = QuoteLocator(utts, [])
    assert locator.locate("r/c3", "> Prohibition has failed.") is None


def test_a_quote_is_looked_for_first_as_a_sentence_then_in_the_reply_chain():
    from discourse.segment import QuoteLocator

    utts = [
        Utterance("s/a", "s", "article", "Ed", "Mexico debates the drug war."),
        Utterance("s/c1", "s", "comment", "Carla", "The army must stay.", "s/a"),
        Utterance("s/c2", "s", "comment", "Dan", "I think the army must stay for now.", "s/a"),
        Utterance("s/c3", "s", "comment", "Eli", "> the army must stay\n\nNo.", "s/c2"),
        Utterance("s/c4", "s", "comment", "Fay", "> think the army must stay\n\nNo.", "s/a"),
    ]
    sentences = [(u.id, u.text.split("\n")[0], 0, len(u.text.split("\n")[0])) for u in utts]
    locator = QuoteLocator(utts, sentences)
    assert locator.quoted == [3, 4]
    # Carla's sentence, exactly (closing stop aside), though Eli answers Dan
    assert locator.locate("s/c3", sentences[3][1]).utterance_id == "s/c1"
    # words of a sentence: Dan's, the nearest earlier holding them
    assert locator.locate("s/c4", sentences[4][1]).utterance_id == "s/c2"


def test_one_thread_is_segmented_and_a_table_is_refused_by_name(nlp):
    """segment_threads(Thread) said "'Thread' object is not iterable", and
    segment_threads(DataFrame) "'str' object has no attribute 'utterances'"."""
    thread = read_path(SEED)[0]
    assert list(segment_threads(thread, nlp)) == list(segment_threads([thread], nlp))
    assert next(parse_threads(thread, nlp)).thread.id == thread.id
    frame = pd.DataFrame({"thread_id": ["t"], "kind": ["article"], "text": ["Hi."]})
    with pytest.raises(
        TypeError, match=r"\[E041\] segment_threads\(\).*threads_from_frames.*got DataFrame"
    ):
        list(segment_threads(frame, nlp))
    with pytest.raises(TypeError, match=r"\[E041\] parse_threads\(\).*got str at position 0"):
        list(parse_threads(["corpus/a.txt"], nlp))


@pytest.mark.parametrize(
    ("reaction", "quoting"),
    [
        (" " + "😂" * 200, True),
        (" " + "😂" * 200 + " so true", False),
        (" " + "haha " * 200, True),
    ],
)
def test_a_long_reaction_after_a_quotation_is_read_at_once(nlp, reaction, quoting):
    """'"…" 😂😂… so true' took twice as long per emoji (18 s for 24): an emoji is both
    punctuation and scorn, "hah" both "ha…h" and "hah", and the reaction pattern tried
    every split. It must now read 200 of them as fast as one."""
    from discourse.segment import quotation_positions

    utts = [
        Utterance("e/a", "e", "article", "Ed", "Mexico is sending the army again."),
        Utterance(
            "e/c1",
            "e",
            "comment",
            "Jorge",
            "The army is the only institution the cartels cant buy.",
        ),
        Utterance(
            "e/c2",
            "e",
            "comment",
            "Sandra",
            f'"the only institution the cartels cant buy"{reaction}',
            "e/c1",
        ),
    ]
    parsed = next(parse_threads([Thread("e", tuple(utts))], nlp))
    sandra = [k for k, s in enumerate(parsed.segments) if s.speaker == "Sandra"]
    assert (sandra[0] in quotation_positions(parsed)) is quoting


@pytest.mark.parametrize(
    ("text", "reaction", "scorn"),
    [
        (" " + "hah " * 200, True, None),
        (" " + "hah " * 200 + "but no", False, None),
        (" " + "yeah right " * 200, True, None),
        (" " + "yeah right " * 200 + "and more", False, None),
        ("lol " + "😂" * 200, True, "lol"),
        ("😂" * 200, True, "😂"),
        ("😂" * 200 + " so true", False, None),
        (" /s", True, None),
    ],
)
def test_reaction_and_scorn_patterns_read_long_repeats_at_once(text, reaction, scorn):
    # each repeat was read both ways ("yeah right" or "yeah" then "right"): 2**200 tries
    from discourse.argmap.relations import _SCORN_ALONE
    from discourse.segment import _REACTION

    assert bool(_REACTION.fullmatch(text)) is reaction
    m = _SCORN_ALONE.fullmatch(text)
    assert (m and m.group(1)) == scorn
