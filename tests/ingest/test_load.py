"""``discourse.ingest`` itself: decoding, format detection, listing corpus folders."""

from __future__ import annotations

import codecs
import json
import logging
import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from discourse.config import PipelineConfig
from discourse.errors import IngestError
from discourse.ingest import (
    REPORT_STATE_FILE,
    decode,
    detect_format,
    iter_files,
    load,
    read_path,
    readers,
    source_path,
    source_text,
)
from discourse.model import Thread
from discourse.report import STATE_FILE
from discourse.run import RunSummary, ingest

from ..conftest import FIXTURES, SEED

INGEST = FIXTURES / "ingest"

DUMP = (
    "We need to reduce the demand for drugs.\n\n"
    "Posted by editor in Policy\n\n"
    "  • Reader\n\n    The military solution is simply perverse. Legalize it.\n"
)


def _unsourced(threads: list[Thread]) -> list[Thread]:
    return [replace(t, source=None) for t in threads]


# ---------------------------------------------------------------------------
# decoding


ENCODINGS = {
    # what Windows Notepad saves as "Unicode" / "Unicode big endian" / "UTF-8 with BOM"
    "utf-16-le-bom": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be-bom": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-32-le-bom": lambda text: codecs.BOM_UTF32_LE + text.encode("utf-32-le"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
@pytest.mark.parametrize(
    "source", [SEED, INGEST / "threads.json", INGEST / "utterances.csv"], ids=lambda p: p.suffix
)
def test_bom_marked_files_read_like_utf8(tmp_path: Path, source: Path, encoding: str):
    text = source.read_text(encoding="utf-8").replace("\n", "\r\n")  # Notepad line ends
    f = tmp_path / source.name
    f.write_bytes(ENCODINGS[encoding](text))
    loaded = load(f)
    assert loaded.warnings == []
    assert _unsourced(loaded.threads) == _unsourced(read_path(source))
    assert "\ufeff" not in loaded.threads[0].utterances[0].text


def test_invalid_utf16_is_replaced_with_a_warning_naming_the_encoding(tmp_path: Path):
    f = tmp_path / "broken.txt"
    # a lone high surrogate in the middle of the article
    f.write_bytes(
        codecs.BOM_UTF16_LE
        + DUMP.replace("drugs", "dr\ud800ugs").encode("utf-16-le", "surrogatepass")
    )
    loaded = load(f)
    assert [w[:7] for w in loaded.warnings] == ["[W005] "]
    assert "broken.txt: invalid UTF-16 LE" in loaded.warnings[0]
    assert "dr\ufffdugs" in loaded.threads[0].article.text


@pytest.mark.parametrize(("codec", "order"), [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_a_byte_order_mark_is_not_decoded_but_named(
    tmp_path: Path, codec: str, order: str
):
    """Not decoded on a guess, but no longer called binary (E003): E014 says what
    the file probably is and how to save it."""
    f = tmp_path / "noise.txt"
    f.write_bytes(DUMP.encode(codec))  # no BOM
    with pytest.raises(IngestError) as e:
        load(f)
    assert e.value.code == "E014"
    assert str(e.value) == (
        f"[E014] {f}: file looks like UTF-16 {order} without a byte order mark (every other "
        "byte is NUL); save it as UTF-8, or as UTF-16 with a byte order mark (Notepad's "
        '"Unicode").'
    )


def test_nul_bytes_not_every_other_byte_are_still_binary(tmp_path: Path):
    f = tmp_path / "noise.txt"
    f.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256)) * 4)
    with pytest.raises(IngestError, match=r"\[E003\] .*noise\.txt: file looks binary"):
        load(f)


def test_a_bom_alone_is_an_empty_file(tmp_path: Path):
    f = tmp_path / "blank.txt"
    f.write_bytes(codecs.BOM_UTF16_LE + " \r\n".encode("utf-16-le"))
    with pytest.raises(IngestError, match=r"\[E002\] .*blank\.txt: file is empty"):
        load(f)


WORDPRESS = (
    (INGEST / "wordpress-post.html").read_text(encoding="utf-8").replace("Tom Reyes", "Renée")
)
UTF8_META = '<meta charset="UTF-8" />'


def _check_offsets(thread: Thread, src: str) -> None:
    """Every verbatim run of every source map indexes ``src``, the decoded file."""
    runs = 0
    for u in thread.utterances:
        assert u.source_map is not None
        for ts, te, ss, se in u.source_map.runs:
            if te - ts == se - ss:
                assert u.text[ts:te] == src[ss:se]
                runs += 1
    assert runs


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ('<meta charset="windows-1252" />', "cp1252"),
        ("<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-15'>", "iso8859_15"),
        ('<meta charset="iso-8859-1">', "cp1252"),  # read as windows-1252, as browsers do
    ],
)
def test_an_html_page_is_decoded_with_the_charset_it_declares(
    tmp_path: Path, declared: str, encoding: str
):
    """Such a page was read as UTF-8: W001 and U+FFFD in every accented word."""
    text = WORDPRESS.replace(UTF8_META, declared).replace("</p>", "</p>\n<p>Curly ’quotes’.</p>", 1)
    if encoding == "iso8859_15":
        text = text.replace("’", "'")  # not in ISO-8859-15
    path = tmp_path / "page.html"
    path.write_bytes(text.encode(encoding))
    loaded = load(path)
    assert loaded.warnings == []
    (thread,) = loaded.threads
    (utf8,) = load_text(tmp_path / "utf8.html", text.replace(declared, UTF8_META)).threads
    assert [(u.speaker, u.text) for u in thread.utterances] == [
        (u.speaker, u.text) for u in utf8.utterances
    ]
    assert "Renée" in [u.speaker for u in thread.utterances]
    _check_offsets(thread, path.read_bytes().decode(encoding))


def load_text(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    return load(path)


def test_a_disqus_export_is_decoded_with_its_xml_declaration_s_encoding(tmp_path: Path):
    """Read as UTF-8, an ISO-8859-1 export lost every accent (and a thread id changed)."""
    text = (
        (INGEST / "disqus-export.xml")
        .read_text(encoding="utf-8")
        .replace("Sylvia Ortiz", "Sílvia Ortiz")
    )
    declared = text.replace('encoding="utf-8"', 'encoding="ISO-8859-1"')
    path = tmp_path / "export.xml"
    path.write_bytes(declared.encode("latin-1"))
    loaded = load(path)
    assert loaded.warnings == []
    utf8 = load_text(tmp_path / "utf8.xml", text)
    assert loaded.threads == [replace(t, source=str(path)) for t in utf8.threads]
    assert "Sílvia Ortiz" in {u.speaker for t in loaded.threads for u in t.utterances}


def test_a_byte_order_mark_wins_over_a_declared_charset(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_bytes(
        codecs.BOM_UTF8 + WORDPRESS.replace(UTF8_META, '<meta charset="windows-1252">').encode()
    )
    loaded = load(path)
    assert loaded.warnings == []
    assert "Renée" in {u.speaker for u in loaded.threads[0].utterances}


def test_an_unknown_declared_charset_is_a_warning_and_utf8(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(WORDPRESS.replace(UTF8_META, '<meta charset="x-klingon">'), encoding="utf-8")
    loaded = load(path)
    assert [w[:6] for w in loaded.warnings] == ["[W018]"]
    assert "'x-klingon'" in loaded.warnings[0] and str(path) in loaded.warnings[0]
    assert "Renée" in {u.speaker for u in loaded.threads[0].utterances}


def test_bytes_invalid_in_the_declared_charset_are_replaced_with_a_warning(tmp_path: Path):
    path = tmp_path / "page.html"
    page = WORDPRESS.replace(UTF8_META, '<meta charset="windows-1252">')
    path.write_bytes(page.encode("cp1252").replace(b"Ren\xe9e", b"Ren\x81e"))  # 0x81: unassigned
    loaded = load(path)
    assert [w[:6] for w in loaded.warnings] == ["[W019]"] and "cp1252" in loaded.warnings[0]
    assert "Ren\ufffde" in {u.speaker for u in loaded.threads[0].utterances}


def test_an_excel_ansi_csv_is_read_as_windows_1252_with_a_warning():
    """Excel's "CSV (Comma delimited)": only W001 and 'Redacci\ufffdn' before."""
    path = FIXTURES / "scraped" / "excel-ansi.csv"
    loaded = load(path)
    assert loaded.warnings == [
        f"[W016] {path}: not UTF-8 (6 byte sequence(s) invalid in UTF-8, and few or no valid UTF-8 "
        "characters beyond ASCII); read as windows-1252, the encoding Windows programs save "
        'text in by default (Excel\'s "CSV (Comma delimited)", Notepad\'s "ANSI"); if accented '
        "letters look wrong, save the file as UTF-8."
    ]
    article, comment = loaded.threads[0].utterances
    assert (article.speaker, article.text) == ("Redacción", "El ejército debe volver – dijo.")
    assert (comment.speaker, comment.text) == ("José", "“No” es la respuesta.")


def test_a_notepad_ansi_dump_keeps_its_offsets_into_the_windows_1252_text(tmp_path: Path):
    """Source offsets index the text as read: the file decoded as cp1252."""
    path = tmp_path / "ansi.txt"
    path.write_bytes(DUMP.replace("•", "*").replace("Reader", "Renée").encode("cp1252"))
    loaded = load(path)
    assert [w[:6] for w in loaded.warnings] == ["[W016]"]
    (thread,) = loaded.threads
    assert thread.comments[0].speaker == "Renée"
    _check_offsets(thread, path.read_bytes().decode("cp1252"))


CYRILLIC_DUMP = (
    "Наркополитика России зашла в тупик\n\n"
    "Закон 1998 года сделал наказуемым любое хранение наркотиков.\n\n"
    "Posted by ivanova in Политика\n\n"
    "  • Сергей Коваленко\n\n"
    "    Лечение дешевле тюрьмы.\n"
)


def test_a_notepad_ansi_cyrillic_dump_is_read_as_windows_1251(tmp_path: Path):
    """Notepad's "ANSI" on a Russian Windows: read as windows-1252, every word
    was mojibake ("Íàðêîïîëèòèêà") with a warning saying windows-1252."""
    path = tmp_path / "russia.txt"
    path.write_bytes(CYRILLIC_DUMP.encode("cp1251"))
    loaded = load(path)
    (warning,) = loaded.warnings
    assert warning.startswith("[W016]") and "read as windows-1251" in warning
    (thread,) = loaded.threads
    assert thread.title == "Наркополитика России зашла в тупик"
    assert thread.article.text == "Закон 1998 года сделал наказуемым любое хранение наркотиков."
    assert [(c.speaker, c.text) for c in thread.comments] == [
        ("Сергей Коваленко", "Лечение дешевле тюрьмы.")
    ]
    _check_offsets(thread, path.read_bytes().decode("cp1251"))


def test_western_text_with_accented_letters_in_a_row_stays_windows_1252(tmp_path: Path):
    """Letters beyond ASCII side by side ("NÃO", "ÉÉÉ!") do not make a western file Cyrillic."""
    path = tmp_path / "pt.csv"
    body = "thread_id,kind,speaker,text\nt,article,Redação,NÃO À GUERRA ÀS DROGAS. Já!\n"
    path.write_bytes(body.encode("cp1252"))
    loaded = load(path)
    assert [w[:6] for w in loaded.warnings] == ["[W016]", "[W002]"]
    assert "read as windows-1252" in loaded.warnings[0]
    (article,) = loaded.threads[0].utterances
    assert (article.speaker, article.text) == ("Redação", "NÃO À GUERRA ÀS DROGAS. Já!")


def test_western_capitals_in_a_row_stay_windows_1252(tmp_path: Path):
    """Accented capitals in a row ("ÄÖÜ", "ÀÉÎ") gave fewer impossible words as
    windows-1251 ("ДЦЬ-ЙTЙ in АЙО") than as windows-1252: the file was read as
    Cyrillic."""
    path = tmp_path / "caps.csv"
    body = "thread_id,kind,speaker,text\nt,article,Hans,GROSSE ÄÖÜ-ÉTÉ in ÀÉÎ: fine\n"
    path.write_bytes(body.encode("cp1252"))
    loaded = load(path)
    assert "read as windows-1252" in loaded.warnings[0]
    (article,) = loaded.threads[0].utterances
    assert (article.speaker, article.text) == ("Hans", "GROSSE ÄÖÜ-ÉTÉ in ÀÉÎ: fine")


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_utf8_with_a_stray_bad_byte_stays_utf8_with_w001(tmp_path: Path, bom: bytes):
    """A scrape cut inside one character must not turn every other accent into
    mojibake ("Ã©"): a file that is mostly valid UTF-8, or says it is UTF-8 with
    its byte order mark, keeps UTF-8 and replaces the bad byte."""
    path = tmp_path / "cut.csv"
    body = "thread_id,kind,speaker,text\nt,article,Renée,Café y ejército.\nt,comment,Al,"
    path.write_bytes(bom + body.encode("utf-8") + b"Cut \xc3\n")
    loaded = load(path)
    assert [w[:6] for w in loaded.warnings] == ["[W001]"]
    article, comment = loaded.threads[0].utterances
    assert (article.speaker, comment.text) == ("Renée", "Cut \ufffd")
    if not bom:  # a lone bad byte and nothing else beyond ASCII: windows-1252 reads it
        path.write_bytes(b"thread_id,kind,speaker,text\nt,article,Ren\xe9e,Hi.\n")
        assert [w[:6] for w in load(path).warnings] == ["[W016]", "[W002]"]  # no comments


def test_an_emoji_cut_at_the_end_does_not_outweigh_the_accents_before_it():
    """Invalid UTF-8 is counted in sequences, not bytes, and a sequence cut short
    at the end of the file is not counted: three bytes of a cut emoji made the
    file windows-1252 ("Jos\u00c3\u00a9", W016); it stays UTF-8 (W001)."""
    data = "thread_id,kind,speaker,text\nt,article,José,Calderón said no \U0001f600".encode()
    warnings: list[str] = []
    text = decode(data[:-1], Path("cut.csv"), warnings)
    assert text.endswith("José,Calderón said no \ufffd")
    assert [w[:6] for w in warnings] == ["[W001]"]
    # cut inside the text, one sequence among two accented letters: UTF-8 too
    warnings = []
    text = decode(data[:-1] + b" ok\n", Path("mid.csv"), warnings)
    assert "José" in text and [w[:6] for w in warnings] == ["[W001]"]


@pytest.mark.parametrize("meta", [UTF8_META, '<meta charset="x-klingon">'])
def test_a_file_declaring_an_encoding_is_never_guessed_to_be_windows_1252(
    tmp_path: Path, meta: str
):
    """A page saying it is UTF-8 (or naming an encoding Python does not know,
    W018: read as UTF-8) keeps UTF-8 with W001, however many bad bytes."""
    path = tmp_path / "page.html"
    page = WORDPRESS.replace(UTF8_META, meta)
    path.write_bytes(page.encode().replace("Renée".encode(), b"Ren\xe9e\x81\x82\x83"))
    codes = [w[:6] for w in load(path).warnings]
    assert "[W016]" not in codes and "[W001]" in codes


def test_a_charset_quoted_in_a_json_file_does_not_change_its_decoding(tmp_path: Path):
    """Only a file that starts with markup declares an encoding."""
    thread = {
        "utterances": [
            {
                "kind": "article",
                "speaker": "Ed",
                "text": 'Pages say <meta charset="windows-1252">.',
            },
            {"kind": "comment", "speaker": "Renée", "text": "So?"},
        ]
    }
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(thread, ensure_ascii=False), encoding="utf-8")
    assert "Renée" in {u.speaker for u in load(path).threads[0].utterances}


# ---------------------------------------------------------------------------
# format detection


@pytest.mark.parametrize(
    ("name", "code"),
    [("dump.csv", "E010"), ("dump.json", "E006"), ("dump.jsonl", "E006"), ("dump.xml", "E011")],
)
def test_a_structured_suffix_never_falls_back_to_the_page_dump_reader(
    tmp_path: Path, name: str, code: str
):
    f = tmp_path / name
    f.write_text(DUMP, encoding="utf-8")
    assert detect_format(f, DUMP).name != "text"
    with pytest.raises(IngestError) as e:
        load(f)
    assert e.value.code == code and name in str(e.value)


def test_content_still_decides_for_text_and_unknown_suffixes(tmp_path: Path):
    assert detect_format(tmp_path / "dump.txt", DUMP).name == "text"
    assert detect_format(tmp_path / "dump", DUMP).name == "text"
    csv_text = "thread_id,kind,speaker,text\nt,article,Ed,Hi.\n"
    assert detect_format(tmp_path / "table.txt", csv_text).name == "csv"


# ---------------------------------------------------------------------------
# speaker names


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "names.json",
            '[{"id": "t", "utterances": ['
            '{"kind": "article", "speaker": "Ana Ruiz ", "text": "Needle exchanges save lives."},'
            '{"kind": "comment", "speaker": "Ana  Ruiz", "text": "Safe sites reduce overdoses."},'
            '{"kind": "comment", "speaker": "Ana\\tRuiz", "text": "Treatment works."}]}]',
        ),
        (
            "names.csv",
            "thread_id,kind,speaker,text\n"
            "t,article,Ana Ruiz,Needle exchanges save lives.\n"
            "t,comment,Ana  Ruiz,Safe sites reduce overdoses.\n"
            't,comment,"Ana \u00a0 Ruiz",Treatment works.\n',
        ),
        (
            "names.txt",
            "Needle exchanges save lives.\n\nPosted by Ana  Ruiz in Policy\n\n"
            "  • Ana   Ruiz\n\n    Safe sites reduce overdoses.\n",
        ),
    ],
)
def test_whitespace_inside_a_speaker_name_is_one_space(tmp_path: Path, name: str, text: str):
    # "Ana  Ruiz" and "Ana Ruiz" were two speakers, drawn identically in the map
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    (thread,) = load(f).threads
    assert {u.speaker for u in thread.utterances} == {"Ana Ruiz"}


# ---------------------------------------------------------------------------
# listing corpus folders


def test_a_file_removed_after_listing_is_still_yielded_and_fails_with_e001(tmp_path: Path):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(DUMP, encoding="utf-8")
    files = iter_files([tmp_path])
    assert next(files).name == "a.txt"
    (tmp_path / "b.txt").unlink()  # removed while the batch works on a.txt
    rest = list(files)
    assert [f.name for f in rest] == ["b.txt", "c.txt"]
    with pytest.raises(IngestError) as e:
        load(rest[0])
    assert e.value.code == "E001"


def test_a_file_removed_during_a_run_gives_e001_and_w501(tmp_path: Path):
    for name, reader in (("a.txt", "Ann"), ("b.txt", "Bob")):
        (tmp_path / name).write_text(DUMP.replace("Reader", reader), encoding="utf-8")
    summary = RunSummary()
    threads = ingest([tmp_path], PipelineConfig(), summary)
    assert next(threads).id == "a"
    (tmp_path / "b.txt").unlink()
    assert list(threads) == []
    codes = [(Path(i.path).name, i.code) for i in summary.errors + summary.warnings]
    assert codes == [("b.txt", "E001"), ("b.txt", "W501")]


def test_things_that_never_were_regular_files_are_not_yielded(tmp_path: Path):
    (tmp_path / "a.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "folder.txt").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")
    assert [f.name for f in iter_files([tmp_path])] == ["a.txt"]


def test_a_dangling_symlink_in_a_folder_is_an_error_naming_its_target(tmp_path: Path):
    """Skipped silently, the file the link stood for vanished from the batch
    without a word (0 files, exit 0); it is E019, and the batch goes on."""
    (tmp_path / "a.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    assert [f.name for f in iter_files([tmp_path])] == ["a.txt", "dangling.txt"]
    summary = RunSummary()
    assert [t.id for t in ingest([tmp_path], PipelineConfig(), summary)] == ["a"]
    (error,) = summary.errors
    assert (Path(error.path).name, error.code) == ("dangling.txt", "E019")
    assert str(tmp_path / "nowhere.txt") in error.message
    assert summary.warnings == []  # not W501: it did not vanish during the run


# ---------------------------------------------------------------------------
# file names that are not UTF-8, and readers that fail unforeseen


def test_a_file_name_that_is_not_utf8_is_read_and_named_by_text_that_encodes(tmp_path: Path):
    """``caf\\xe9 post.txt`` (a Latin-1 name) gave a thread whose source held a
    lone surrogate, which the store could not write: the whole batch failed."""
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9 post.txt"))
    path.write_text(DUMP, encoding="utf-8")
    (thread,) = load(path).threads
    assert thread.source is not None and thread.source.endswith("caf\\xe9 post.txt")
    thread.source.encode("utf-8")  # storable, printable
    assert source_text(path) == thread.source
    assert source_path(thread.source) == path and source_path(thread.source).is_file()
    assert source_path(str(tmp_path / "a.txt")) == tmp_path / "a.txt"  # plain names as they are


def test_a_file_named_with_a_literal_backslash_x_is_not_taken_for_a_byte(tmp_path: Path):
    literal = tmp_path / "caf\\xe9.txt"
    literal.write_text(DUMP, encoding="utf-8")
    assert source_path(source_text(literal)) == literal


def test_an_unforeseen_reader_failure_is_a_coded_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    """A reader's bug or a Python limit ended the whole batch with a bare
    traceback; it is E099 for that file, its traceback logged for -v."""
    (tmp_path / "a.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "b.json").write_text('{"utterances": []}', encoding="utf-8")
    (tmp_path / "c.txt").write_text(DUMP.replace("Reader", "Cleo"), encoding="utf-8")

    def broken(text: str, path: Path) -> list[Thread]:
        raise KeyError("oops")

    monkeypatch.setitem(readers, "json", replace(readers["json"], read=broken))
    summary = RunSummary()
    with caplog.at_level(logging.INFO, logger="discourse.ingest"):
        assert [t.id for t in ingest([tmp_path], PipelineConfig(), summary)] == ["a", "c"]
    (error,) = summary.errors
    assert error.code == "E099" and error.path == str(tmp_path / "b.json")
    assert "KeyError: 'oops'" in error.message and str(tmp_path / "b.json") in error.message
    assert any(r.exc_info and "b.json" in r.getMessage() for r in caplog.records)


def test_hidden_excluded_and_markdown_files_are_skipped(tmp_path: Path):
    for rel in ("a.txt", ".hidden.txt", ".git/b.txt", "annotated/c.txt", "README.md", "sub/d.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(DUMP, encoding="utf-8")
    assert [f.relative_to(tmp_path).as_posix() for f in iter_files([tmp_path])] == [
        "a.txt",
        "sub/d.txt",
    ]


def test_hidden_excluded_and_markdown_files_are_logged_when_skipped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    """README says skipped files are logged under -v: a notes.md was skipped
    without a word, so an analyst could not tell why it gave no thread."""
    for rel in ("a.txt", ".hidden.txt", "annotated/c.txt", "notes.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(DUMP, encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="discourse.ingest"):
        list(iter_files([tmp_path]))
    logged = " ".join(r.getMessage() for r in caplog.records)
    for name in (".hidden.txt", "annotated", "notes.md"):
        assert f"{tmp_path / name}: skipped" in logged


def _saved_page_folder(root: Path) -> Path:
    """A corpus folder as Windows leaves it after "Save page as… Webpage, complete"."""
    page = root / "Why Mexico_files"
    page.mkdir(parents=True)
    (root / "Why Mexico.html").write_text(WORDPRESS, encoding="utf-8")
    (page / "saved_resource.html").write_text(WORDPRESS, encoding="utf-8")  # a frame
    for name in ("style.css", "comment-reply.min.js", "avatar.png", "blank.gif", "font.woff2"):
        (page / name).write_bytes(b"\x89PNG\x00" if name.endswith(".png") else b"x{}")
    (root / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0\x00\x00")
    (root / "desktop.ini").write_text("[.ShellClassInfo]\r\n", encoding="utf-8")
    (root / "~$weekly.csv").write_bytes(b"\x05Ana   \x00\x00")
    (root / ".DS_Store").write_bytes(b"Bud1\x00")
    (root / "logo.svg").write_text("<svg/>", encoding="utf-8")
    return root


def test_a_page_saved_complete_is_one_thread_and_its_files_are_no_errors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    """Its styles, scripts and images were E004/E003, its frame a second thread,
    Thumbs.db and Office lock files errors: the weekly run exited 1."""
    corpus = _saved_page_folder(tmp_path / "corpus")
    with caplog.at_level(logging.INFO, logger="discourse.ingest"):
        assert [f.name for f in iter_files([corpus])] == ["Why Mexico.html"]
    skipped = " ".join(r.getMessage() for r in caplog.records)
    assert "Why Mexico_files: skipped, the files of the saved page" in skipped
    assert "Thumbs.db: skipped" in skipped and "~$weekly.csv: skipped" in skipped
    summary = RunSummary()
    threads = ingest([corpus], PipelineConfig(), summary)
    assert [t.id for t in threads] == ["why-mexico"]
    assert summary.errors == [] and summary.failed == 0


def test_unknown_files_that_could_be_threads_keep_their_errors(tmp_path: Path):
    """Only what is never a thread is skipped: a PDF (E004), a ``_files`` folder with
    no page beside it, and a resource named directly are still read."""
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "exports_files").mkdir()
    (tmp_path / "exports_files" / "a.txt").write_text(DUMP, encoding="utf-8")
    (tmp_path / "style.css").write_text("p{}", encoding="utf-8")
    assert [f.relative_to(tmp_path).as_posix() for f in iter_files([tmp_path])] == [
        "exports_files/a.txt",
        "notes.pdf",
    ]
    assert list(iter_files([tmp_path / "style.css"])) == [tmp_path / "style.css"]
    with pytest.raises(IngestError, match=r"\[E004\] .*notes\.pdf: unsupported file type '\.pdf'"):
        load(tmp_path / "notes.pdf")


def test_a_convokit_corpus_folder_gives_its_utterances_only(tmp_path: Path):
    """ConvoKit's corpus.json, index.json, conversations.json and speakers.json are
    metadata beside utterances.jsonl, not threads (each was an error)."""
    shutil.copy(FIXTURES / "scraped" / "convokit-utterances.jsonl", tmp_path / "utterances.jsonl")
    for name in ("corpus.json", "index.json", "conversations.json", "speakers.json"):
        (tmp_path / name).write_text('{"abc123": {"meta": {}}}', encoding="utf-8")
    assert [f.name for f in iter_files([tmp_path])] == ["utterances.jsonl"]


def test_read_path_of_a_folder_points_to_the_function_that_lists_one(tmp_path: Path):
    """It was ``[E013] …: could not read file: Is a directory``."""
    with pytest.raises(IngestError) as err:
        read_path(tmp_path)
    assert err.value.code == "E012"
    assert str(err.value).startswith(f"[E012] {tmp_path}: is a folder; read_path() and load()")
    assert "discourse.iter_files([folder])" in str(err.value)


def test_the_report_writer_and_store_agree_on_the_marker_file():
    assert REPORT_STATE_FILE == STATE_FILE


@pytest.mark.parametrize("marker", [STATE_FILE, "discourse.duckdb"])
def test_old_discourse_output_folders_in_the_corpus_are_skipped(
    tmp_path: Path, marker: str, caplog: pytest.LogCaptureFixture
):
    shutil.copy(SEED, tmp_path / "guatemala-post.txt")
    old = tmp_path / "old-reports"
    (old / "threads").mkdir(parents=True)
    (old / marker).write_text("{}", encoding="utf-8")
    (old / "index.html").write_text("<html><body><p>Report</p></body></html>", encoding="utf-8")
    (old / "threads" / "guatemala-post.html").write_text("<html></html>", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="discourse.ingest"):
        files = list(iter_files([tmp_path]))
    assert [f.name for f in files] == ["guatemala-post.txt"]
    assert any("old-reports" in r.getMessage() and marker in r.getMessage() for r in caplog.records)


def test_store_files_are_never_read_but_a_named_output_folder_is(tmp_path: Path):
    (tmp_path / "a.txt").write_text(DUMP, encoding="utf-8")
    for name in ("mine.duckdb", "mine.duckdb.wal", "OTHER.DUCKDB"):
        (tmp_path / name).write_bytes(b"DUCK\x00\x01")
    assert [f.name for f in iter_files([tmp_path])] == ["a.txt"]
    # a folder named explicitly is read even if it holds a marker
    (tmp_path / STATE_FILE).write_text("{}", encoding="utf-8")
    assert [f.name for f in iter_files([tmp_path])] == ["a.txt"]


def _dated_lines(thread: str, published: str, stamps: list[str]) -> str:
    """JSON Lines of one thread: an article dated ``published`` and comments dated ``stamps``."""
    rows = [{"thread_id": thread, "id": "a", "kind": "article", "speaker": "Ed"}]
    rows[0] |= {"text": "An article.", "timestamp": published}
    rows += [
        {"thread_id": thread, "id": f"c{i}", "kind": "comment", "speaker": f"R{i}"}
        | {"text": "A comment.", "timestamp": stamp}
        for i, stamp in enumerate(stamps)
    ]
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_an_ambiguous_numeric_date_is_a_warning_once_per_thread_naming_its_reading(
    tmp_path: Path,
) -> None:
    """'05/03/2026' (5 March or May 3?) was read month first without a word: the
    file's warnings say so once per thread, with the value and the reading chosen."""
    path = tmp_path / "posts.jsonl"
    path.write_text(
        _dated_lines("vienna", "2026-03-01", ["05/03/2026 10:00", "05/03/2026 11:00", "6.4.2026"])
        + _dated_lines("lisbon", "07-08-2026", ["07-08-2026"])
        + _dated_lines("clear", "25/03/2026", ["03/25/2026", "05/05/2026", "2026-05-03"]),
        encoding="utf-8",
    )
    warned = [w for w in load(path).warnings if "[W015]" in w]
    assert warned == [
        f"[W015] {path}: thread 'vienna' has 3 date(s) whose day and month could be either "
        "way round (first: '05/03/2026 10:00', read as 3 May 2026 (month first)); a numeric "
        "date is read month first, as in the US, unless its first number is over 12 "
        "(25/03/2026 is 25 March): write 2026-03-05 to say which day you mean.",
        f"[W015] {path}: thread 'lisbon' has 1 date(s) whose day and month could be either "
        "way round (first: '07-08-2026', read as 8 July 2026 (month first)); a numeric "
        "date is read month first, as in the US, unless its first number is over 12 "
        "(25/03/2026 is 25 March): write 2026-03-05 to say which day you mean.",
    ]


def test_read_path_of_a_list_names_the_loop_to_write(tmp_path: Path):
    """read_path([file]) was a bare TypeError from deep in pathlib."""
    f = tmp_path / "post.txt"
    f.write_text(DUMP, encoding="utf-8")
    with pytest.raises(TypeError, match=r"\[E042\] read_path\(\) reads one file, got list"):
        read_path([f])  # type: ignore[arg-type]
