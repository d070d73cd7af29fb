"""Source maps: where each utterance's text stands in the file it was read from.

The page-dump and HTML readers record a :class:`~discourse.model.SourceMap` per
utterance; segments turn it into ``source_start``/``source_end``. These tests
look at the readers' maps directly (no spaCy), on hostile input: CRLF, BOM,
tabs, entities, ``<br>``, links inside sentences, wrapped lines, emoji and CJK,
and comments repeating earlier text word for word.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from discourse.ingest import load, read_path
from discourse.ingest._text import align_strings, html_paragraphs_mapped
from discourse.model import SourceMap, Utterance

from ..conftest import FIXTURES

HOSTILE_HTML = FIXTURES / "ingest" / "offsets-hostile.html"
HOSTILE_DUMP = FIXTURES / "ingest" / "offsets-hostile.txt"


def source_text(path: Path) -> str:
    """The reference text source offsets index (README, "Data model")."""
    with open(path, encoding="utf-8-sig", errors="replace", newline="") as handle:
        return handle.read()


def locate(utt: Utterance, sentence: str, start: int = 0) -> tuple[int, int] | None:
    """Source span of ``sentence`` (found in ``utt.text`` from ``start``)."""
    i = utt.text.index(sentence, start)
    assert utt.source_map is not None
    return utt.source_map.span(i, i + len(sentence))


def spans_of(path: Path, sentence: str) -> list[tuple[str, tuple[int, int] | None]]:
    """``(utterance id, source span)`` of every utterance holding ``sentence``."""
    (thread,) = read_path(path)
    return [(u.id, locate(u, sentence)) for u in thread.utterances if sentence in u.text]


# ---------------------------------------------------------------------------
# HTML


@pytest.fixture(scope="module")
def hostile_html():
    (thread,) = read_path(HOSTILE_HTML)
    return thread, source_text(HOSTILE_HTML)


def test_html_fixture_has_a_bom_and_crlf_and_offsets_skip_the_bom(hostile_html):
    thread, src = hostile_html
    data = HOSTILE_HTML.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    assert src == data.decode("utf-8-sig")  # the BOM is not a character of the source
    s, e = locate(thread.article, "Line one ends here.")
    assert src[s:e] == "Line one ends here."


def test_html_entities_tabs_and_a_sentence_wrapped_over_two_lines(hostile_html):
    thread, src = hostile_html
    sentence = "Café owners & coca growers met in Zürich on Monday."
    s, e = locate(thread.article, sentence)
    assert src[s:e] == (
        "Caf&eacute; owners &amp; coca growers met in\r\n\t   Z&uuml;rich&nbsp;on Monday."
    )


def test_html_link_inside_a_sentence_and_a_numeric_entity(hostile_html):
    thread, src = hostile_html
    s, e = locate(thread.article, "The cartel’s reach was discussed at length.")
    assert src[s:e] == (
        'The <a href="/x?a=1&amp;b=2" title="a > b">cartel&#8217;s</a> reach was\r\n'
        "   discussed at length."
    )


def test_html_an_entity_at_the_edge_maps_to_the_whole_entity(hostile_html):
    thread, src = hostile_html
    s, e = locate(thread.article, "’")
    assert src[s:e] == "&#8217;"
    s, e = locate(thread.article, "Café")
    assert src[s:e] == "Caf&eacute;"


def test_html_br_splits_lines_and_both_lines_are_found(hostile_html):
    thread, src = hostile_html
    one = locate(thread.article, "Line one ends here.")
    two = locate(thread.article, "Line two follows it.")
    assert src[one[1] : two[0]] == "<br>"
    assert thread.article.text.count("Line one ends here.\nLine two follows it.") == 1


def test_html_cjk_and_emoji_count_code_points(hostile_html):
    thread, src = hostile_html
    s, e = locate(thread.article, "麻薬戦争は失敗した。政策を変えるべきだ。")
    assert src[s:e] == "麻薬戦争は失敗した。政策を変えるべきだ。"
    s, e = locate(thread.article, "Emoji 😀👍🏽 are fine 😀 👍 too.")
    assert src[s:e] == "Emoji 😀👍🏽 are fine &#x1F600; &#128077; too."
    s, e = locate(thread.article, "Tabs and double spaces stay.")
    assert src[s:e] == "Tabs\tand  double  spaces stay."


def test_html_repeated_comments_map_to_their_own_position(hostile_html):
    """Three comments say the same words: each maps into its own element, in page order."""
    _, src = hostile_html
    found = spans_of(HOSTILE_HTML, "I agree with this. Prohibition has failed.")
    assert [uid for uid, _ in found] == [
        "offsets-hostile/ana",
        "offsets-hostile/bo",
        "offsets-hostile/cy",
    ]
    starts = [span[0] for _, span in found]
    assert starts == sorted(set(starts))
    for (uid, (s, e)), anchor in zip(found, ('id="c1"', 'id="c2"', 'id="c3"'), strict=True):
        assert src[s:e] == "I agree with this. Prohibition has failed."
        assert src.rfind('<li class="comment"', 0, s) == src.index(anchor) - len(
            '<li class="comment" '
        ), uid


def test_html_a_comment_quoting_the_article_maps_into_the_comment(hostile_html):
    thread, src = hostile_html
    bo = thread.utterance("offsets-hostile/bo")
    article = locate(thread.article, "The cartel’s reach was discussed at length.")
    s, e = locate(bo, "The cartel’s reach was discussed at length.")
    assert s > article[1] and s > src.index('id="c2"')
    assert src[s:e] == "The cartel&#8217;s reach was discussed at length."


def test_html_script_and_comment_text_is_never_a_source(hostile_html):
    thread, src = hostile_html
    script = (src.index("<script>"), src.index("</script>"))
    for utt in thread.utterances:
        for _, _, s, e in utt.source_map.runs:
            assert not (script[0] <= s < script[1])
            assert "<!--" not in src[s:e]


def test_text_that_cannot_be_aligned_has_no_offsets_rather_than_wrong_ones():
    """Aligned against a source that says something else, the changed words have
    no position and a sentence holding them maps to nothing."""
    page = "<html><body><p>Hello world. Bye now, friends.</p></body></html>"
    other = "<html><body><p>Hello world. Bye later, folks.</p></body></html>"
    soup = BeautifulSoup(page, "lxml")
    text, (starts, ends) = html_paragraphs_mapped(soup.body, align_strings(soup, other))
    assert text == "Hello world. Bye now, friends."
    smap = SourceMap.from_positions(text, starts, ends)
    assert smap.span(0, len("Hello world.")) == (15, 27)
    assert smap.holes
    assert smap.span(text.index("Bye"), len(text)) is None


def test_html_pages_without_a_bom_or_crlf_map_the_same(tmp_path: Path):
    plain = tmp_path / "plain.html"
    plain.write_bytes(HOSTILE_HTML.read_bytes()[3:].replace(b"\r\n", b"\n"))
    (thread,) = read_path(plain)
    src = source_text(plain)
    s, e = locate(thread.article, "The cartel’s reach was discussed at length.")
    assert src[s:e].replace("\n", " ").startswith('The <a href="/x?a=1&amp;b=2"')
    assert src[s:e].endswith("discussed at length.")


# ---------------------------------------------------------------------------
# page dumps


@pytest.fixture(scope="module")
def hostile_dump():
    (thread,) = read_path(HOSTILE_DUMP)
    return thread, source_text(HOSTILE_DUMP)


def test_dump_every_line_is_copied_verbatim(hostile_dump):
    """Every non-space character has its place; only the joins between lines have none."""
    thread, src = hostile_dump
    for utt in thread.utterances:
        assert not utt.source_map.holes
        covered = set()
        for ts, te, ss, se in utt.source_map.runs:
            assert utt.text[ts:te] == src[ss:se]
            covered.update(range(ts, te))
        assert {i for i, c in enumerate(utt.text) if not c.isspace()} <= covered
        assert all(utt.text[i] in " \n" for i in set(range(len(utt.text))) - covered)


def test_dump_bom_crlf_and_a_sentence_wrapped_over_two_lines(hostile_dump):
    thread, src = hostile_dump
    assert HOSTILE_DUMP.read_bytes().startswith(b"\xef\xbb\xbf")
    assert thread.title == "Offsets in a hostile page dump"  # the headline, not a sentence
    sentence = (
        "The commission met in Zürich on Monday and the report it wrote runs over two "
        "wrapped lines."
    )
    s, e = locate(thread.article, sentence)
    assert s == len("Offsets in a hostile page dump\r\n\r\n")  # the BOM takes no offset
    assert src[s:e] == (
        "The commission met in Zürich on Monday and the\r\n"
        "    report it wrote runs over two wrapped lines."
    )


def test_dump_tabs_cjk_and_emoji(hostile_dump):
    thread, src = hostile_dump
    s, e = locate(thread.article, "A tab-indented line\tkeeps its tab.")
    assert src[s:e] == "A tab-indented line\tkeeps its tab."
    assert src[s - 1] == "\t"  # the indentation is not part of the sentence
    s, e = locate(thread.article, "麻薬戦争は失敗した。")
    assert src[s:e] == "麻薬戦争は失敗した。"
    s, e = locate(thread.article, "Emoji 😀👍🏽 are fine too.")
    assert src[s:e] == "Emoji 😀👍🏽 are fine too."


def test_dump_repeated_comments_map_to_their_own_position(hostile_dump):
    thread, src = hostile_dump
    found = spans_of(HOSTILE_DUMP, "I agree with this. Prohibition has failed.")
    assert [uid for uid, _ in found] == ["offsets-hostile/ana", "offsets-hostile/bo"]
    (_, ana), (_, bo) = found
    assert ana[1] < bo[0]
    assert (
        src[ana[0] : ana[1]] == src[bo[0] : bo[1]] == "I agree with this. Prohibition has failed."
    )
    assert src[bo[0] - 2 : bo[0]] == "\t\t"  # Bo's line is indented with tabs
    assert src.rfind("• Bo", 0, bo[0]) > ana[1]
    # Cy repeats the article's wrapped sentence: it maps to Cy's lines, not the article's
    sentence = "The commission met in Zürich"
    article = locate(thread.article, sentence)
    cy = locate(thread.utterance("offsets-hostile/cy"), sentence)
    assert cy[0] > src.index("• Cy") > article[1]


@pytest.mark.parametrize("newline", ["\r", "\n", "\r\n"])
def test_dump_line_endings_of_any_kind(tmp_path: Path, newline: str):
    text = HOSTILE_DUMP.read_bytes()[3:].decode("utf-8").replace("\r\n", newline)
    path = tmp_path / "dump.txt"
    path.write_bytes(text.encode("utf-8"))
    (thread,) = read_path(path)
    src = source_text(path)
    s, e = locate(
        thread.utterance("dump/cy"), "The commission met in Zürich on Monday and the report"
    )
    assert src[s:e] == f"The commission met in Zürich on Monday and the{newline}    report"


def test_dump_with_invalid_utf8_indexes_the_replaced_text(tmp_path: Path):
    """Bad bytes become U+FFFD (W001) in what the reader sees, and in the reference text."""
    path = tmp_path / "bad.txt"
    path.write_bytes(HOSTILE_DUMP.read_bytes().replace("Zürich".encode(), b"Z\xfcrich"))
    loaded = load(path)
    assert any("W001" in w for w in loaded.warnings)
    (thread,) = loaded.threads
    src = source_text(path)
    s, e = locate(thread.article, "Z\ufffdrich on Monday")
    assert src[s:e] == "Z\ufffdrich on Monday"
    s, e = locate(thread.utterance("bad/bo"), "Prohibition has failed.")
    assert src[s:e] == "Prohibition has failed."


def test_dump_in_utf16_indexes_the_decoded_text(tmp_path: Path):
    """A UTF-16 file (Notepad's "Unicode") is indexed as decoded, its BOM dropped."""
    text = HOSTILE_DUMP.read_bytes()[3:].decode("utf-8")
    path = tmp_path / "wide.txt"
    path.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    (thread,) = read_path(path)
    s, e = locate(thread.utterance("wide/bo"), "Prohibition has failed.")
    assert text[s:e] == "Prohibition has failed."
