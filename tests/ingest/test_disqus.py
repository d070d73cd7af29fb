from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from discourse.errors import IngestError
from discourse.ingest import detect_format, load, read_path
from discourse.segment import segment_threads

from ..conftest import FIXTURES

EXPORT = FIXTURES / "ingest" / "disqus-export.xml"

HEAD = '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">'


def test_one_export_gives_every_commented_thread():
    threads = read_path(EXPORT)
    # the third thread has neither article text nor comments
    assert [t.id for t in threads] == ["merida-initiative-review", "guns-south"]
    merida = threads[0]
    assert merida.title == "The Merida Initiative, four years on"
    assert merida.url == "https://borderblog.example.com/2012/04/merida-initiative-review/"
    assert merida.published == "2012-04-02T13:00:00Z"
    assert merida.meta["category"] == "Drug policy"
    assert merida.meta["identifier"] == "post-88"


def test_article_message_html_becomes_paragraphs():
    merida = read_path(EXPORT)[0]
    assert merida.article.speaker == "Sylvia Ortiz"
    assert merida.article.text == (
        "Congress has spent $1.6 billion on the Merida Initiative since 2008.\n\n"
        "Homicides in Mexico have tripled over the same period.\nIs the money buying security?"
    )


def test_replies_nest_and_deleted_and_spam_posts_are_skipped():
    merida, guns = read_path(EXPORT)
    assert [c.speaker for c in merida.comments] == ["Aaron B", "Matt Yankee", "Derrick"]
    aaron, matt, derrick = merida.comments
    assert aaron.reply_to == merida.article.id
    assert matt.reply_to == aaron.id
    assert derrick.reply_to == matt.id
    assert (
        aaron.text
        == "Most of that money bought helicopters.\n\nHelicopters do not fix corrupt police."
    )
    assert aaron.timestamp == "2012-04-02T14:05:00Z"
    assert aaron.meta["disqus_id"] == "9001"
    everything = "\n".join(u.text for t in (merida, guns) for u in t.utterances)
    assert "watches" not in everything and "removed" not in everything


def test_thread_without_article_text_has_top_level_comments_replying_to_none():
    guns = read_path(EXPORT)[1]
    assert guns.article is None
    distiller, ana = guns.comments
    assert distiller.reply_to is None
    assert ana.reply_to == distiller.id
    assert ana.speaker == "Ana Gómez"
    assert ana.text == "The ATF traced 70% of seized guns to U.S. dealers."


def test_replies_to_a_deleted_post_move_up_to_its_parent(tmp_path: Path):
    f = tmp_path / "export.xml"
    f.write_text(
        HEAD + '<thread dsq:id="1"><link>http://x.org/a-post</link><title>A</title>'
        "<message>&lt;p&gt;Article.&lt;/p&gt;</message><author><name>Ed</name></author></thread>"
        '<post dsq:id="10"><message>First.</message><isDeleted>false</isDeleted>'
        '<author><name>Al</name></author><thread dsq:id="1"/></post>'
        '<post dsq:id="11"><message>Gone.</message><isDeleted>true</isDeleted>'
        '<author><name>Bo</name></author><thread dsq:id="1"/><parent dsq:id="10"/></post>'
        '<post dsq:id="12"><message>Reply to gone.</message><isDeleted>false</isDeleted>'
        '<author><name>Cy</name></author><thread dsq:id="1"/><parent dsq:id="11"/></post>'
        "</disqus>",
        encoding="utf-8",
    )
    (thread,) = read_path(f)
    assert thread.id == "a-post"
    al, cy = thread.comments
    assert cy.reply_to == al.id
    # Cy answered Bo, not Al: said in meta, so Cy's cues are not pinned on Al
    assert cy.meta["reply_to_missing"] == "11" and "reply_to_missing" not in al.meta


def test_malformed_xml_names_the_file(tmp_path: Path):
    f = tmp_path / "broken.xml"
    f.write_text(HEAD + '<thread dsq:id="1"><title>A</thread></disqus>', encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E011\] .*broken\.xml: malformed XML") as e:
        load(f)
    assert e.value.code == "E011"


def test_other_xml_is_not_a_disqus_export(tmp_path: Path):
    f = tmp_path / "feed.xml"
    f.write_text('<?xml version="1.0"?><rss version="2.0"><channel/></rss>', encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E100\] .*feed\.xml: XML root element is <rss>"):
        load(f)


def test_export_saved_as_txt_is_sniffed(tmp_path: Path):
    f = tmp_path / "comments-backup.txt"
    shutil.copy(EXPORT, f)
    assert detect_format(f, f.read_text(encoding="utf-8")).name == "disqus"
    assert len(read_path(f)) == 2


def test_segment_offsets_map_back(nlp):
    threads = read_path(EXPORT)
    segments = list(segment_threads(threads, nlp))
    by_id = {u.id: u for t in threads for u in t.utterances}
    assert {s.utterance_id for s in segments} == set(by_id)
    for seg in segments:
        assert by_id[seg.utterance_id].text[seg.start : seg.end] == seg.text


def test_article_without_comments_in_a_multi_thread_export_names_the_thread(tmp_path: Path):
    f = tmp_path / "export.xml"
    f.write_text(
        HEAD + '<thread dsq:id="1"><link>http://x.org/talked-about</link><title>A</title>'
        "<message>Article A.</message><author><name>Ed</name></author></thread>"
        '<thread dsq:id="2"><link>http://x.org/ignored-post</link><title>B</title>'
        "<message>Article B.</message><author><name>Ed</name></author></thread>"
        '<post dsq:id="10"><message>First.</message><author><name>Al</name></author>'
        '<thread dsq:id="1"/></post>'
        '<post dsq:id="11"><message>Lost.</message><author><name>Bo</name></author>'
        '<thread dsq:id="99"/></post>'
        "</disqus>",
        encoding="utf-8",
    )
    loaded = load(f)
    assert [t.id for t in loaded.threads] == ["talked-about", "ignored-post"]
    assert loaded.warnings == [
        f"[W100] {f}: 1 Disqus post(s) name a thread missing from the export; skipped.",
        f"[W007] {f}: thread 'ignored-post' has no comments; only its article is analysed.",
    ]


# ---------------------------------------------------------------------------
# reply structure: missing parents, circles, mixed time zones


def _post(dsq_id: str, text: str, at: str, parent: str | None = None) -> str:
    ref = f'<parent dsq:id="{parent}"/>' if parent else ""
    return (
        f'<post dsq:id="{dsq_id}"><message><![CDATA[<p>{text}</p>]]></message>'
        f"<createdAt>{at}</createdAt><author><name>P{dsq_id}</name></author>"
        f'<thread dsq:id="10"/>{ref}</post>'
    )


def _export(tmp_path: Path, *posts: str) -> Path:
    f = tmp_path / "export.xml"
    f.write_text(
        HEAD + '<thread dsq:id="10"><link>https://b.example.org/merida/</link>'
        "<message><![CDATA[<p>Article.</p>]]></message></thread>" + "".join(posts) + "</disqus>",
        encoding="utf-8",
    )
    return f


def test_posts_answering_each_other_in_a_circle_are_kept_with_w009(tmp_path: Path):
    f = _export(
        tmp_path,
        _post("102", "Cycle one.", "2012-04-02T16:05:00Z", parent="103"),
        _post("103", "Cycle two.", "2012-04-02T17:05:00Z", parent="102"),
    )
    loaded = load(f)
    (thread,) = loaded.threads
    article, one, two = thread.utterances
    assert (one.text, one.reply_to) == ("Cycle one.", article.id)
    assert (two.text, two.reply_to) == ("Cycle two.", one.id)
    assert any("[W009]" in w and "102 -> 103 -> 102" in w for w in loaded.warnings)


def test_reply_to_a_post_missing_from_the_export_warns_w008(tmp_path: Path):
    f = _export(tmp_path, _post("101", "Orphan reply.", "2012-04-02T15:05:00Z", parent="999"))
    loaded = load(f)
    (comment,) = loaded.threads[0].comments
    assert comment.reply_to == loaded.threads[0].article.id
    assert comment.meta["reply_to_missing"] == "999"
    assert any("[W008]" in w and "101 answers 999" in w for w in loaded.warnings)


def test_siblings_are_ordered_by_the_instant_not_the_string(tmp_path: Path):
    f = _export(
        tmp_path,
        _post("104", "At 15:05 UTC.", "2012-04-02T10:05:00-05:00"),
        _post("100", "At 14:05 UTC.", "2012-04-02T14:05:00Z"),
        _post("105", "At 14:30 UTC, no zone.", "2012-04-02T14:30:00"),
    )
    texts = [c.text for c in read_path(f)[0].comments]
    assert texts == ["At 14:05 UTC.", "At 14:30 UTC, no zone.", "At 15:05 UTC."]
