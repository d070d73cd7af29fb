from __future__ import annotations

from itertools import pairwise

import pytest

from discourse.ingest import read_path
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
