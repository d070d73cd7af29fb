from __future__ import annotations

import csv
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from discourse.errors import IngestError
from discourse.ingest import detect_format, load, read_path
from discourse.ingest.structured import sniff_csv
from discourse.model import Thread
from discourse.segment import segment_threads
from discourse.surrogates import loads_json

from ..conftest import FIXTURES, SEED

INGEST = FIXTURES / "ingest"
JSON = INGEST / "threads.json"
JSONL_THREADS = INGEST / "threads.jsonl"
JSONL_UTTERANCES = INGEST / "utterances.jsonl"
CSV = INGEST / "utterances.csv"


def _write(tmp_path: Path, name: str, content: str) -> Path:
    f = tmp_path / name
    f.write_text(content, encoding="utf-8")
    return f


def _thread(**overrides) -> dict:
    data = {
        "id": "t",
        "utterances": [
            {"kind": "article", "speaker": "Ed", "text": "Drug courts work."},
            {"id": "c1", "kind": "comment", "speaker": "Al", "text": "They do not."},
        ],
    }
    data.update(overrides)
    return data


# ---------------------------------------------------------------------------
# JSON


def test_round_trip_through_to_dict_gives_an_equal_thread(tmp_path: Path):
    (original,) = read_path(SEED)
    f = _write(tmp_path, "seed.json", json.dumps(original.to_dict(), ensure_ascii=False))
    (back,) = read_path(f)
    assert back == original
    assert back.meta == original.meta
    assert back.content_hash() == original.content_hash()


def test_round_trip_of_a_list_of_threads(tmp_path: Path):
    threads = read_path(JSON) + read_path(CSV)
    f = _write(tmp_path, "all.json", json.dumps([t.to_dict() for t in threads]))
    assert read_path(f) == threads


def test_json_threads_with_optional_ids_and_replies():
    army, honduras = read_path(JSON)
    assert army.id == "mexico-army" and army.title == "Should Mexico send the army home?"
    assert army.meta == {"site": "Example News"}
    assert [u.id for u in army.utterances] == [
        "mexico-army/article",
        "mexico-army/c1",
        "mexico-army/c2",
        "mexico-army/c3",
    ]
    article, luis, jen, luis2 = army.utterances
    assert luis.reply_to == article.id  # no reply_to: answers the article
    assert jen.reply_to == luis.id and luis2.reply_to == jen.id
    assert jen.timestamp == "2011-12-01T11:30:00Z"
    assert luis2.meta["likes"] == 4
    assert [u.id for u in honduras.utterances] == ["honduras-route/article", "honduras-route/pete"]


def test_explicit_null_reply_to_is_kept(tmp_path: Path):
    data = _thread()
    data["utterances"][1]["reply_to"] = None
    (thread,) = read_path(_write(tmp_path, "t.json", json.dumps(data)))
    assert thread.comments[0].reply_to is None


def test_thread_id_defaults_to_file_name(tmp_path: Path):
    data = [_thread(id=None), _thread(id=None)]
    threads = read_path(_write(tmp_path, "Drug Courts.json", json.dumps(data)))
    assert [t.id for t in threads] == ["drug-courts", "drug-courts-2"]
    assert threads[1].comments[0].id == "drug-courts-2/c1"


def test_file_names_in_other_scripts_keep_their_letters_as_thread_ids(tmp_path: Path):
    """Every such file used to become "thread", "thread-2" … with a false W003."""
    data = json.dumps(_thread(id=None))
    ids = [read_path(_write(tmp_path, name, data))[0].id for name in ("Дмитрий.json", "東京.json")]
    assert ids == ["дмитрий", "東京"]
    assert read_path(_write(tmp_path, "!!!.json", data))[0].id == "thread"


def test_invalid_json_names_file_and_line(tmp_path: Path):
    f = _write(tmp_path, "broken.json", '{\n  "utterances": [\n    {"kind": "article",,}\n  ]\n}')
    with pytest.raises(IngestError, match=r"\[E006\] .*broken\.json: invalid JSON at line 3") as e:
        load(f)
    assert e.value.code == "E006" and e.value.path.endswith("broken.json")


def test_missing_field_names_file_and_record(tmp_path: Path):
    data = _thread()
    del data["utterances"][1]["speaker"]
    f = _write(tmp_path, "nospeaker.json", json.dumps(data))
    with pytest.raises(
        IngestError, match=r"\[E007\] .*nospeaker\.json: record utterances\[1\] .*'speaker'"
    ):
        load(f)


def test_a_record_without_a_text_field_is_still_e007(tmp_path: Path):
    """A missing *field* is another schema (``body`` for ``text``): E007 as before;
    a blank *value* is a deleted comment (test_a_blank_text_...)."""
    data = {"threads": [_thread()]}
    del data["threads"][0]["utterances"][1]["text"]
    data["threads"][0]["utterances"][1]["body"] = "They do not."
    with pytest.raises(
        IngestError, match=r"\[E007\] .*nobody\.json: record threads\[0\]\.utterances\[1\] .*'text'"
    ):
        load(_write(tmp_path, "nobody.json", json.dumps(data)))


def test_bad_kind(tmp_path: Path):
    data = _thread()
    data["utterances"][1]["kind"] = "reply"
    with pytest.raises(
        IngestError, match=r"\[E008\] .*badkind\.json: invalid value for 'kind'.*'reply'"
    ):
        load(_write(tmp_path, "badkind.json", json.dumps(data)))


@pytest.mark.parametrize("field", ["text", "speaker"])
@pytest.mark.parametrize("value", [42, 4.5])
def test_a_number_as_text_or_speaker_is_an_error(tmp_path: Path, field: str, value: object):
    data = _thread()
    data["utterances"][1][field] = value
    with pytest.raises(
        IngestError,
        match=rf"\[E008\] .*types\.json: invalid value for '{field}' in record utterances\[1\]: "
        rf"expected a string, got {type(value).__name__} {value}",
    ):
        load(_write(tmp_path, "types.json", json.dumps(data)))


def test_numbers_as_ids_are_fine(tmp_path: Path):
    data = _thread(id=7)
    data["utterances"][1]["id"] = 1
    (thread,) = read_path(_write(tmp_path, "ids.json", json.dumps(data)))
    assert thread.id == "7" and thread.comments[0].id == "7/1"


def _walk_up(thread: Thread, uid: str) -> list[str]:
    """The reply chain from ``uid`` to its root, failing (not hanging) on a cycle."""
    by_id = {u.id: u for u in thread.utterances}
    chain = [uid]
    while by_id[chain[-1]].reply_to is not None:
        chain.append(by_id[chain[-1]].reply_to)
        assert len(chain) <= len(by_id), f"reply cycle: {chain}"
    return chain


def test_a_reply_cycle_is_cut_where_it_closes_with_a_warning(tmp_path: Path):
    data = _thread()
    data["utterances"][1]["reply_to"] = "c2"
    data["utterances"].append(
        {"id": "c2", "kind": "comment", "speaker": "Bo", "text": "Yes.", "reply_to": "c1"}
    )
    loaded = load(_write(tmp_path, "cycle.json", json.dumps(data)))
    (thread,) = loaded.threads
    _, c1, c2 = thread.utterances
    assert c1.reply_to == "t/c2"  # the first link is kept …
    assert c2.reply_to is None  # … the one closing the circle is cut
    assert loaded.warnings == [
        f"[W006] {tmp_path / 'cycle.json'}: reply_to values in thread 't' form a cycle "
        "(t/c2 -> t/c1 -> t/c2); 't/c2' is read as replying to nothing."
    ]
    for u in thread.utterances:
        _walk_up(thread, u.id)


def test_a_longer_reply_cycle_in_csv_is_cut_too(tmp_path: Path):
    f = _write(
        tmp_path,
        "ring.csv",
        "thread_id,id,kind,speaker,reply_to,text\n"
        "r,a,article,Ed,,Legalize it.\n"
        "r,x,comment,Al,z,No.\n"
        "r,y,comment,Bo,x,Yes.\n"
        "r,z,comment,Cy,y,Maybe.\n"
        "r,w,comment,Di,x,Who knows.\n",
    )
    loaded = load(f)
    (thread,) = loaded.threads
    assert [u.reply_to for u in thread.comments] == ["r/z", "r/x", None, "r/x"]
    assert len(loaded.warnings) == 1
    assert "[W006]" in loaded.warnings[0] and "(r/z -> r/y -> r/x -> r/z)" in loaded.warnings[0]
    assert all(_walk_up(thread, u.id)[-1] == "r/z" for u in thread.comments)


def test_a_reply_to_a_deleted_comment_answers_the_article_with_w010(tmp_path: Path):
    """Scraped threads lose deleted comments; the replies to them must not cost the
    whole file (it used to be E012): they are read as comments on the article."""
    data = _thread()
    data["utterances"][1]["reply_to"] = "c9"
    loaded = load(_write(tmp_path, "dangling.json", json.dumps(data)))
    (thread,) = loaded.threads
    assert thread.utterances[1].reply_to == thread.article.id
    # said in meta, so its cues are not pinned on the article's author
    assert thread.utterances[1].meta["reply_to_missing"] == "c9"
    assert "reply_to_missing" not in thread.article.meta
    (warning,) = loaded.warnings
    assert re.search(r"\[W010\] .*dangling\.json: 1 utterance\(s\) of thread 't'", warning)
    assert "first: 't/c1' answers 'c9'" in warning


def test_duplicate_ids_are_rejected(tmp_path: Path):
    data = _thread()
    data["utterances"][0]["id"] = "c1"
    with pytest.raises(IngestError, match=r"\[E008\] .*duplicate utterance id 'c1'"):
        load(_write(tmp_path, "dup.json", json.dumps(data)))
    with pytest.raises(IngestError, match=r"\[E008\] .*duplicate thread id 't'"):
        load(_write(tmp_path, "dup2.json", json.dumps([_thread(), _thread()])))


def test_json_saved_as_txt_is_sniffed(tmp_path: Path):
    f = tmp_path / "export.txt"
    shutil.copy(JSON, f)
    assert detect_format(f, f.read_text(encoding="utf-8")).name == "json"
    assert [t.id for t in read_path(f)] == ["mexico-army", "honduras-route"]


@pytest.mark.parametrize("name", ["threads.json", "export.txt", "wrong.json"])
def test_a_json_document_is_parsed_once(tmp_path: Path, monkeypatch, name: str):
    """Recognising a JSON document and reading it share one parse: a large export
    is not parsed twice (three times for a .json that is not a thread list)."""
    from discourse.ingest import structured

    calls: list[str] = []

    def counted(text: str):
        calls.append(text)
        return loads_json(text)

    monkeypatch.setattr(structured, "loads_json", counted)
    if name == "wrong.json":
        f = _write(tmp_path, name, json.dumps({"title": "no utterances"}, indent=2))
        with pytest.raises(IngestError, match=r"\[E102\] .*the keys 'title'"):
            load(f)
    else:
        f = tmp_path / name
        shutil.copy(JSON, f)
        assert [t.id for t in load(f).threads] == ["mexico-army", "honduras-route"]
    whole = f.read_text(encoding="utf-8")
    assert calls.count(whole) == 1  # (the JSON Lines sniffer reads a first line of its own)
    # a parse is kept only for the file being loaded: the next one parses its own
    other = _write(tmp_path, "other.json", json.dumps(_thread(id="other")))
    assert [t.id for t in load(other).threads] == ["other"]
    assert calls.count(other.read_text(encoding="utf-8")) == 1


# ---------------------------------------------------------------------------
# JSON Lines


def test_jsonl_one_thread_per_line():
    needle, tax = read_path(JSONL_THREADS)
    assert (needle.id, tax.id) == ("needle-exchange", "cannabis-tax")
    rob, sally = needle.comments
    assert sally.reply_to == rob.id == "needle-exchange/rob"  # thread-relative reply_to
    assert tax.comments[0].reply_to == tax.article.id


def test_jsonl_one_utterance_per_line_is_grouped_in_order():
    kingpin, portugal = read_path(JSONL_UTTERANCES)
    assert kingpin.title == "The kingpin strategy" and kingpin.url == "https://example.org/kingpin"
    assert [u.speaker for u in kingpin.utterances] == ["Sylvia Longmire", "Aaron B", "Matt Yankee"]
    assert kingpin.utterances[2].reply_to == "kingpin/k1"
    assert kingpin.utterances[1].timestamp == "2012-02-10T14:00:00Z"
    assert [u.speaker for u in portugal.utterances] == ["Maria", "Tom"]
    assert portugal.comments[0].reply_to == "portugal/article"


def test_a_bad_jsonl_line_is_skipped_with_a_warning_naming_it(tmp_path: Path):
    """One garbled line cost the whole file (E006); it is W020 and the rest is read."""
    lines = JSONL_UTTERANCES.read_text(encoding="utf-8").splitlines()
    lines.insert(2, '{"thread_id": "kingpin", "kind": "comment", "speaker": "X", "text": "oops"')
    f = _write(tmp_path, "bad.jsonl", "\n".join(lines))
    loaded = load(f)
    (warning,) = loaded.warnings
    assert warning.startswith(f"[W020] {f}: line 3 is skipped (invalid JSON at column")
    assert [t.id for t in loaded.threads] == ["kingpin", "portugal"]
    assert loaded.threads == [replace(t, source=str(f)) for t in read_path(JSONL_UTTERANCES)]


def test_jsonl_threads_report_a_line_cut_short_as_discourse_stance_does(tmp_path: Path):
    """The thread reader parses its lines with the reading of :mod:`discourse.io`:
    the same column within the line, and the same words, in W020 and in E006."""
    good = json.dumps(
        {"id": "t", "utterances": [{"kind": "article", "speaker": "A", "text": "Hi."}]}
    )
    f = _write(tmp_path, "cut.jsonl", f'{good}\n{{"id":"y"\n{good.replace("t", "u", 1)}\n')
    (warning,) = [w for w in load(f).warnings if w.startswith("[W020]")]
    assert warning == (
        f"[W020] {f}: line 2 is skipped (invalid JSON at column 10: Expecting ',' delimiter; "
        "the line ends before the object is closed; a line cut short, or garbled?); "
        "the file's other lines are read."
    )
    only_bad = _write(tmp_path, "bad.jsonl", '{"id":"y"\r\n')
    with pytest.raises(IngestError) as err:
        load(only_bad)
    assert str(err.value) == (
        f"[E006] {only_bad}: invalid JSON at line 1, column 10: Expecting ',' delimiter; "
        "the line ends before the object is closed."
    )


def test_a_jsonl_file_cut_short_keeps_its_lines_and_repairs_replies_to_the_lost_one(
    tmp_path: Path,
):
    """A killed scraper leaves half a last line; what answered a lost line is
    read as a comment on the article (W010), as for a deleted comment."""
    text = JSONL_UTTERANCES.read_text(encoding="utf-8")
    k1 = next(ln for ln in text.splitlines() if '"id": "k1"' in ln)
    f = _write(tmp_path, "cut.jsonl", text.replace(k1, k1[:40]) + '{"thread_id": "portugal", "kin')
    loaded = load(f)
    codes = sorted(w[:6] for w in loaded.warnings)
    assert codes == ["[W010]", "[W020]", "[W020]"]
    assert any("line 2 is skipped" in w for w in loaded.warnings)
    assert any("line 7 is skipped" in w for w in loaded.warnings)
    kingpin = loaded.threads[0]
    assert [u.id for u in kingpin.utterances] == ["kingpin/article", "kingpin/k2"]
    assert kingpin.utterances[1].reply_to == "kingpin/article"
    assert kingpin.utterances[1].meta["reply_to_missing"] == "k1"


def test_a_file_of_mostly_bad_lines_is_not_jsonl_and_fails_on_its_first(tmp_path: Path):
    """Records pretty-printed over several lines each are an error, not a pile of W020s."""
    records = [
        {"thread_id": "t", "kind": "article", "speaker": "A", "text": "Hi."},
        {"thread_id": "t", "kind": "comment", "speaker": "B", "text": "Ho."},
    ]
    f = _write(tmp_path, "pretty.jsonl", "\n".join(json.dumps(r, indent=2) for r in records))
    with pytest.raises(IngestError, match=r"\[E006\] .*pretty\.jsonl: invalid JSON at line 1"):
        load(f)


@pytest.mark.parametrize("text", ["\u200b\u200b", " \u200d\ufeff ", "\u2060\n\u200e"])
def test_text_of_only_zero_width_characters_is_blank(tmp_path: Path, text: str):
    """Accepted, it became an invisible segment; it is skipped like white space (W021)."""
    thread = {
        "utterances": [
            {"kind": "article", "speaker": "Ed", "text": "Legalize it."},
            {"kind": "comment", "speaker": "Ann", "text": text},
        ]
    }
    f = _write(tmp_path, "zw.json", json.dumps(thread))
    loaded = load(f)
    assert [u.speaker for u in loaded.threads[0].utterances] == ["Ed"]
    assert any(w.startswith(f"[W021] {f}: 1 utterance(s)") for w in loaded.warnings)
    assert "record utterances[1]" in loaded.warnings[0]


def test_a_zero_width_character_inside_real_text_is_kept(tmp_path: Path):
    thread = {"utterances": [{"kind": "article", "speaker": "Ed", "text": "Legal\u200bize it."}]}
    f = _write(tmp_path, "zw.json", json.dumps(thread))
    assert read_path(f)[0].utterances[0].text == "Legal\u200bize it."


def test_jsonl_missing_thread_id_names_the_line(tmp_path: Path):
    f = _write(
        tmp_path,
        "orphan.jsonl",
        '{"thread_id": "a", "kind": "article", "speaker": "S", "text": "T."}\n\n'
        '{"kind": "comment", "speaker": "S", "text": "T."}\n',
    )
    with pytest.raises(IngestError, match=r"\[E007\] .*orphan\.jsonl: record line 3 .*'thread_id'"):
        load(f)


def test_jsonl_saved_as_json_is_sniffed(tmp_path: Path):
    f = tmp_path / "lines.json"
    shutil.copy(JSONL_UTTERANCES, f)
    assert detect_format(f, f.read_text(encoding="utf-8")).name == "jsonl"
    assert [t.id for t in read_path(f)] == ["kingpin", "portugal"]


# ---------------------------------------------------------------------------
# CSV


def test_csv_rows_become_utterances():
    (thread,) = read_path(CSV)
    assert thread.id == "war-on-drugs" and thread.title == "The war on drugs has failed"
    assert [u.speaker for u in thread.utterances] == [
        "Ethan Nadelmann",
        "Smith, John",
        "Derrick",
        "Distiller",
    ]
    article, smith, derrick, distiller = thread.utterances
    assert len(article.paragraphs) == 2  # a quoted multi-line cell keeps its paragraphs
    assert smith.text == 'Finally someone says it, "officially".'
    assert derrick.reply_to == smith.id and distiller.reply_to == article.id
    assert smith.timestamp == "2011-06-02 09:12"
    assert smith.meta["likes"] == "12"  # extra columns go to meta


def test_csv_without_the_needed_header(tmp_path: Path):
    f = _write(tmp_path, "table.csv", "thread,who,body\nt,Al,Hello\n")
    with pytest.raises(IngestError, match=r"\[E010\] .*table\.csv: CSV has no header row") as e:
        load(f)
    assert "lacks" not in str(e.value)  # no required column at all: nothing to single out


def test_csv_with_a_missing_column_is_a_csv_error_not_a_page_dump(tmp_path: Path):
    # the bullet lines and "Posted by" would pass for a plain-text page dump
    f = _write(
        tmp_path,
        "missing.csv",
        'thread_id,kind,text\nt1,article,"Points:\n- Legalize it\n- Tax it"\n'
        't1,comment,"Posted by admin"\n',
    )
    with pytest.raises(
        IngestError,
        match=r"\[E010\] .*missing\.csv: CSV has no header row with the columns "
        r"kind, speaker, text \(thread_id optional\) \(the header lacks speaker\)\.",
    ):
        load(f)
    f = _write(tmp_path, "semi.csv", "conversation_id;text\nt;Hi.\n")
    with pytest.raises(IngestError, match=r"\(the header lacks kind, speaker\)"):
        load(f)


def test_e010_names_only_required_columns_and_a_lookalike_to_rename(tmp_path: Path):
    """A header "kind,speaker,body" was told it lacked "thread_id, text": the
    thread id is optional, and the fix is renaming "body"."""
    f = _write(tmp_path, "nothread.csv", "kind,speaker,body\narticle,Al,Legalize it.\n")
    with pytest.raises(IngestError) as e:
        load(f)
    assert str(e.value).endswith(
        "with the columns kind, speaker, text (thread_id optional) "
        "(the header lacks text; 'body' is not read as 'text': rename it)."
    )


def test_csv_without_a_thread_id_column_is_one_thread_named_by_the_file(tmp_path: Path):
    """A spreadsheet of one post and its comments has no thread_id column: E010
    had refused it, while a JSON list of the same records was one thread."""
    f = _write(
        tmp_path,
        "juarez.csv",
        "id,kind,speaker,text,reply_to\n1,article,Ann,We should legalize cannabis.,\n"
        "2,comment,Bob,Rehab not prison.,1\n",
    )
    (thread,) = load(f).threads
    assert thread.id == "juarez"
    assert [(u.kind, u.speaker, u.reply_to) for u in thread.utterances] == [
        ("article", "Ann", None),
        ("comment", "Bob", "juarez/1"),
    ]
    # a file of unknown type still needs the thread id to be taken for a CSV
    assert not sniff_csv("kind,speaker,text\narticle,Ann,Hi.\n")
    assert sniff_csv("thread_id,kind,speaker,text\nt,article,Ann,Hi.\n")


def test_csv_quote_never_closed_names_the_line_it_opened(tmp_path: Path):
    f = _write(
        tmp_path,
        "open.csv",
        "thread_id,kind,speaker,text\n"
        't,article,Ed,"Two\n\nparagraphs"\n'  # lines 2-4: a quoted multi-line value is fine
        't,comment,Al,"I never close my quote\n'  # line 5
        "t,comment,Bo,So this row\n"
        "t,comment,Cy,and this one are swallowed.\n",
    )
    with pytest.raises(
        IngestError, match=r"\[E101\] .*open\.csv: malformed CSV at line 5: .*quot"
    ) as e:
        load(f)
    assert e.value.code == "E101"


def test_csv_quote_opened_mid_value_at_the_end_of_a_line(tmp_path: Path):
    # the open quote is the last value of a record that starts two lines earlier
    f = _write(
        tmp_path,
        "late.csv",
        "thread_id,kind,speaker,text\r\n"
        't,article,"Ed\r\nWard",Hi.\r\n'
        't,comment,"Al\r\nBee","\r\nno end\r\nat all',
    )
    with pytest.raises(IngestError, match=r"\[E101\] .*late\.csv: malformed CSV at line 5: "):
        load(f)


def test_csv_unbalanced_quote_closed_by_a_later_row_is_an_error(tmp_path: Path):
    f = _write(
        tmp_path,
        "unbalanced.csv",
        "thread_id,kind,speaker,text\n"
        "t,article,Ed,Legalize it.\n"
        't,comment,Al,"Oops\n'  # line 3: opens a quote …
        't,comment,Bo,"Quoted, properly"\n',  # … which this row's first quote closes
    )
    with pytest.raises(
        IngestError,
        match=r"\[E101\] .*unbalanced\.csv: malformed CSV at line 4: .*"
        r"record that starts at line 3",
    ):
        load(f)


def test_a_csv_comment_longer_than_the_csv_field_limit_is_read_whole(tmp_path: Path):
    limit = csv.field_size_limit()
    long_text = ("Legalization would end the cartels' business model. " * 4000).strip()
    assert len(long_text) > 131072
    f = _write(
        tmp_path,
        "long.csv",
        f'thread_id,kind,speaker,text\nt,article,Ed,Legalize it.\nt,comment,Al,"{long_text}"\n',
    )
    (thread,) = read_path(f)
    assert thread.comments[0].text == long_text
    assert csv.field_size_limit() == limit  # the process-wide limit is restored


def test_csv_empty_required_cell_names_the_line(tmp_path: Path):
    """An empty speaker cell is an anonymous comment (W022 names its line); an empty
    kind cell still says nothing of what the row is (E007)."""
    f = _write(
        tmp_path,
        "rows.csv",
        'thread_id,kind,speaker,text\nt,article,Ed,"Two\n\nparagraphs"\nt,comment,,Hi\n',
    )
    loaded = load(f)
    assert loaded.threads[0].comments[0].speaker == "anonymous"
    assert loaded.warnings == [
        f"[W022] {f}: 1 utterance(s) of thread 't' name no speaker, or a deleted account "
        "('[deleted]') (first: record line 5); read as 'anonymous'."
    ]
    f = _write(tmp_path, "kind.csv", "thread_id,kind,speaker,text\nt,article,Ed,Hi.\nt,,Al,Ho.\n")
    with pytest.raises(IngestError, match=r"\[E007\] .*kind\.csv: record line 3 .*'kind'"):
        load(f)


def test_csv_bad_kind_and_dangling_reply(tmp_path: Path):
    head = "thread_id,kind,speaker,text,reply_to\n"
    f = _write(tmp_path, "k.csv", head + "t,article,Ed,Text.,\nt,answer,Al,Text.,\n")
    with pytest.raises(IngestError, match=r"\[E008\] .*k\.csv.*'kind' in record line 3"):
        load(f)
    f = _write(tmp_path, "r.csv", head + "t,article,Ed,Text.,\nt,comment,Al,Text.,nobody\n")
    loaded = load(f)
    assert loaded.threads[0].utterances[1].reply_to == "t/article"
    assert loaded.threads[0].utterances[1].meta == {"reply_to_missing": "nobody"}
    assert "[W010]" in loaded.warnings[0] and "answers 'nobody'" in loaded.warnings[0]


def test_semicolon_csv_saved_as_txt_is_sniffed(tmp_path: Path):
    f = _write(tmp_path, "excel-export.txt", "thread_id;kind;speaker;text\nt;article;Ed;Hi.\n")
    assert detect_format(f, f.read_text(encoding="utf-8")).name == "csv"
    (thread,) = read_path(f)
    assert thread.article.speaker == "Ed"


# ---------------------------------------------------------------------------


@pytest.mark.parametrize("fixture", [JSON, JSONL_THREADS, JSONL_UTTERANCES, CSV])
def test_segment_offsets_map_back(nlp, fixture: Path):
    threads: list[Thread] = read_path(fixture)
    segments = list(segment_threads(threads, nlp))
    by_id = {u.id: u for t in threads for u in t.utterances}
    assert {s.utterance_id for s in segments} == set(by_id)
    for seg in segments:
        assert by_id[seg.utterance_id].text[seg.start : seg.end] == seg.text


# ---------------------------------------------------------------------------
# scraped shapes: raw line separators, nested replies, parent columns


def test_jsonl_record_holding_a_raw_line_separator_is_one_record(tmp_path: Path):
    # json.dumps(ensure_ascii=False) writes U+2028 and U+0085 raw; they end no line
    recs = [
        {
            "thread_id": "t",
            "kind": "article",
            "speaker": "A",
            "text": "One\u2028two. Next\x85 thing.",
        },
        {"thread_id": "t", "kind": "comment", "speaker": "B", "text": "Emoji 😀\fand café."},
    ]
    body = "\r\n".join(json.dumps(r, ensure_ascii=False) for r in recs)
    f = _write(tmp_path, "sep.jsonl", body)
    (thread,) = read_path(f)
    assert [u.text for u in thread.utterances] == [r["text"] for r in recs]


def test_nested_replies_become_reply_links_in_reading_order():
    (thread,) = read_path(INGEST / "nested-replies.json")
    article, c1, c2, deeper, ana = thread.utterances
    assert [u.id for u in thread.utterances] == [
        "juarez-cafes/article",
        "juarez-cafes/c1",
        "juarez-cafes/c2",
        "juarez-cafes/zoe-2",
        "juarez-cafes/ana",
    ]
    assert c1.reply_to == article.id
    assert c2.reply_to == c1.id and deeper.reply_to == c2.id
    assert ana.reply_to == article.id  # "parent_id": null is a top-level comment
    assert c2.timestamp == "2012-03-03T15:20:00+00:00" and c2.text == "No.\n\nThe army must stay."


def test_error_in_a_nested_reply_names_its_json_path(tmp_path: Path):
    data = _thread()
    data["utterances"][1]["replies"] = [{"kind": "reply", "speaker": "Bo", "text": "x"}]
    f = _write(tmp_path, "t.json", json.dumps(data))
    with pytest.raises(IngestError, match=r"\[E008\].*'kind'.*utterances\[1\]\.replies\[0\]"):
        load(f)
    data["utterances"][1]["replies"] = [{"kind": "comment", "speaker": "Bo", "text": ""}]
    f = _write(tmp_path, "t.json", json.dumps(data))
    assert "record utterances[1].replies[0]" in load(f).warnings[0]  # [W021]


def test_deeply_nested_replies_do_not_hit_the_recursion_limit(tmp_path: Path):
    from discourse.ingest.structured import _thread_object, _ThreadIds

    node: dict = {"kind": "comment", "speaker": "z", "text": "Deepest."}
    for i in range(3000):  # deeper than Python's default recursion limit
        node = {"kind": "comment", "speaker": f"s{i}", "text": "Reply.", "replies": [node]}
    data = {"id": "deep", "utterances": [{"kind": "article", "speaker": "E", "text": "A."}, node]}
    f = tmp_path / "deep.json"
    thread = _thread_object(data, "$", _ThreadIds(f), f)
    assert len(thread.utterances) == 3002
    assert thread.utterances[-1].reply_to == thread.utterances[-2].id


def test_csv_parent_id_column_gives_the_reply_structure():
    (thread,) = read_path(INGEST / "parent-column-crlf-bom.csv")
    article, b, c = thread.utterances
    assert b.reply_to == article.id and c.reply_to == b.id
    assert "parent_id" not in c.meta  # read as the reply link, not kept as an extra column
    assert article.text == "Portugal decriminalised possession in 2001.\n\nDeaths fell — a lot."
    assert (b.speaker, b.text) == ("Renée", 'Café culture, not "war".')


def test_reply_to_wins_over_a_parent_alias(tmp_path: Path):
    data = _thread()
    data["utterances"].append(
        {"kind": "comment", "speaker": "Bo", "text": "x", "reply_to": None, "parent_id": "c1"}
    )
    f = _write(tmp_path, "t.json", json.dumps(data))
    assert read_path(f)[0].utterances[-1].reply_to is None


# ---------------------------------------------------------------------------
# review fixes: self-replies, empty threads, field types


SELF_REPLIES: list[dict[str, str]] = [
    {"kind": "article", "speaker": "A", "text": "Art."},
    {"id": "c1", "kind": "comment", "speaker": "B", "text": "one"},
    {"id": "c3", "kind": "comment", "speaker": "D", "text": "self", "reply_to": "c3"},
]


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv"])
def test_a_comment_replying_to_itself_is_cut_with_w006_not_e008(tmp_path: Path, fmt: str):
    """The smallest circle: cut like any other (it used to reject the whole file)."""
    if fmt == "json":
        content = json.dumps({"id": "t", "utterances": SELF_REPLIES})
    elif fmt == "jsonl":
        content = "\n".join(json.dumps({"thread_id": "t", **u}) for u in SELF_REPLIES)
    else:
        content = (
            "thread_id,id,kind,speaker,text,reply_to\n"
            "t,,article,A,Art.,\nt,c1,comment,B,one,\nt,c3,comment,D,self,c3\n"
        )
    f = _write(tmp_path, f"self.{fmt}", content)
    loaded = load(f)
    (thread,) = loaded.threads
    _, one, self_reply = thread.utterances
    assert one.reply_to == thread.article.id
    assert self_reply.id == "t/c3" and self_reply.reply_to is None
    assert loaded.warnings == [
        f"[W006] {f}: reply_to values in thread 't' form a cycle (t/c3 -> t/c3); "
        "'t/c3' is read as replying to nothing."
    ]


GOOD = {
    "id": "g",
    "utterances": [
        {"kind": "article", "speaker": "A", "text": "Art."},
        {"kind": "comment", "speaker": "B", "text": "one"},
    ],
}


@pytest.mark.parametrize("name", ["two.json", "two.jsonl"])
def test_an_empty_thread_beside_others_is_skipped_with_w011(tmp_path: Path, name: str):
    items = [GOOD, {"id": "u", "utterances": []}]
    content = json.dumps(items) if name.endswith(".json") else "\n".join(map(json.dumps, items))
    f = _write(tmp_path, name, content)
    loaded = load(f)
    assert [t.id for t in loaded.threads] == ["g"]
    assert loaded.warnings == [
        f"[W011] {f}: thread 'u' has no utterances; it is skipped and the file's other "
        "threads are read."
    ]


def test_an_empty_thread_reaches_the_run_summary(tmp_path: Path):
    from discourse.config import PipelineConfig
    from discourse.run import RunSummary, ingest

    _write(tmp_path, "two.json", json.dumps([GOOD, {"id": "u", "utterances": []}]))
    summary = RunSummary()
    assert [t.id for t in ingest([tmp_path], PipelineConfig(), summary)] == ["g"]
    assert [(i.code, i.message.split(": ", 1)[1]) for i in summary.warnings] == [
        (
            "W011",
            "thread 'u' has no utterances; it is skipped and the file's other threads are read.",
        )
    ]
    assert summary.errors == []


def test_an_empty_thread_alone_in_its_file_is_still_e009(tmp_path: Path):
    with pytest.raises(IngestError, match=r"\[E009\]"):
        load(_write(tmp_path, "empty.json", json.dumps({"id": "u", "utterances": []})))


@pytest.mark.parametrize(
    ("where", "field", "value", "record", "shown"),
    [
        ("thread", "title", ["x"], r"\$", r'array \["x"\]'),
        ("thread", "url", ["x"], r"\$", r'array \["x"\]'),
        ("thread", "published", {"y": 2011}, r"\$", r'object \{"y": 2011\}'),
        ("thread", "id", True, r"\$", "boolean true"),
        ("utterance", "timestamp", {"a": 1}, r"utterances\[1\]", r'object \{"a": 1\}'),
        ("utterance", "timestamp", True, r"utterances\[1\]", "boolean true"),
        ("utterance", "id", ["c1"], r"utterances\[1\]", r'array \["c1"\]'),
    ],
)
def test_a_list_object_or_boolean_in_a_text_field_is_e008(
    tmp_path: Path, where: str, field: str, value: object, record: str, shown: str
):
    """README types these as string or null; ``str()`` of them used to be stored."""
    data = _thread()
    (data if where == "thread" else data["utterances"][1])[field] = value
    with pytest.raises(
        IngestError,
        match=rf"\[E008\] .*types\.json: invalid value for '{field}' in record {record}: "
        rf"expected a string or null, got {shown}\.$",
    ):
        load(_write(tmp_path, "types.json", json.dumps(data)))


def test_the_reviewers_mixed_types_file_fails_on_the_first_bad_field(tmp_path: Path):
    data = {
        "id": "types",
        "title": 5,
        "url": ["x"],
        "published": 2011,
        "utterances": [
            {"kind": "article", "speaker": "A", "text": "Prohibition.", "timestamp": {"a": 1}},
            {"kind": "comment", "speaker": "B", "text": "No.", "timestamp": True},
        ],
    }
    with pytest.raises(IngestError, match=r"'url' in record \$: expected a string or null"):
        load(_write(tmp_path, "types.json", json.dumps(data)))


def test_numbers_in_text_fields_are_kept_as_their_digits_but_epochs_are_dates(tmp_path: Path):
    """A year stays a year; Unix seconds and milliseconds become ISO 8601 UTC
    times in every format, as the HTML reader writes its ``data-time``: the
    thread list showed "1325376000" and sorted it with the undated."""
    data = _thread(title=1984, published=2011)
    data["utterances"][1]["timestamp"] = 1325376000
    (thread,) = read_path(_write(tmp_path, "numbers.json", json.dumps(data)))
    assert (thread.title, thread.published) == ("1984", "2011")
    assert thread.comments[0].timestamp == "2012-01-01T00:00:00+00:00"
    # a record with a kind, milliseconds (pandas' to_json), a thread's published
    data = _thread(published=1325376000000)
    data["utterances"][1]["timestamp"] = 1325376000500
    (thread,) = read_path(_write(tmp_path, "millis.json", json.dumps(data)))
    assert thread.published == "2012-01-01T00:00:00+00:00"
    assert thread.comments[0].timestamp == "2012-01-01T00:00:00.500000+00:00"
    # CSV cells are strings: all digits is an epoch too
    csv_text = (
        "thread_id,kind,speaker,text,timestamp\n"
        "t,article,A,Army out.,1325376000\n"
        "t,comment,B,No.,1325379600000\n"
        "t,comment,C,Yes.,2011\n"
    )
    (thread,) = read_path(_write(tmp_path, "epoch.csv", csv_text))
    assert [u.timestamp for u in thread.utterances] == [
        "2012-01-01T00:00:00+00:00",
        "2012-01-01T01:00:00+00:00",
        "2011",
    ]
    assert thread.date == "2012-01-01T00:00:00+00:00"


def test_a_bad_thread_field_in_jsonl_names_its_line(tmp_path: Path):
    f = _write(
        tmp_path,
        "lines.jsonl",
        '{"thread_id": "a", "kind": "article", "speaker": "S", "text": "T."}\n'
        '{"thread_id": "a", "kind": "comment", "speaker": "S", "text": "T.", "title": ["x"]}\n',
    )
    with pytest.raises(IngestError, match=r"'title' in record line 2: expected a string or null"):
        load(f)


@pytest.mark.parametrize(
    ("header", "column", "first", "second"),
    [
        ("thread_id,thread_id,kind,speaker,text", "thread_id", 1, 2),
        ("thread_id,kind,speaker,text,Text", "Text", 4, 5),
        ("thread_id,kind,speaker,text,likes,likes", "likes", 5, 6),
    ],
)
def test_a_csv_column_named_twice_is_e015(
    tmp_path: Path, header: str, column: str, first: int, second: int
):
    """``dict(zip(header, row))`` used to keep the last column's value silently."""
    row = ",".join(["t", "article", "A", "Art.", "x", "y"][: header.count(",") + 1])
    f = _write(tmp_path, "dup.csv", f"{header}\n{row}\n")
    with pytest.raises(IngestError) as e:
        load(f)
    assert str(e.value) == (
        f"[E015] {f}: CSV header names the column {column!r} twice (columns {first} and "
        f"{second}); rename or remove one."
    )


def test_csv_extra_columns_keep_their_names_as_written(tmp_path: Path):
    f = _write(
        tmp_path,
        "extra.csv",
        "Thread_ID,KIND,Speaker,Text,extra1,Extra Two\nt,article,A,Art.,e1,e2\nt,comment,B,x,,\n",
    )
    (thread,) = read_path(f)
    article = thread.article
    assert article is not None and article.meta == {"extra1": "e1", "Extra Two": "e2"}
    assert thread.comments[0].meta == {}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_two_articles_in_a_thread_are_kept_with_w012(tmp_path: Path, fmt: str):
    if fmt == "json":
        data = _thread()
        data["utterances"].append({"kind": "article", "speaker": "Ed", "text": "Update."})
        content = json.dumps(data)
    else:
        content = (
            "thread_id,kind,speaker,text\nt,article,Ed,Drug courts work.\n"
            "t,comment,Al,They do not.\nt,article,Ed,Update.\n"
        )
    f = _write(tmp_path, f"two.{fmt}", content)
    loaded = load(f)
    (thread,) = loaded.threads
    assert [u.id for u in thread.utterances if u.kind == "article"] == ["t/article", "t/article-2"]
    assert thread.comments[0].reply_to == "t/article"
    assert loaded.warnings == [
        f"[W012] {f}: thread 't' has 2 articles (t/article, t/article-2); all are kept, and "
        "comments that name no reply_to answer the first."
    ]


def test_invalid_minified_json_names_the_column(tmp_path: Path):
    f = _write(tmp_path, "min.json", '{"id":"t","utterances":[{"kind":"article",,}]}')
    with pytest.raises(IngestError) as e:
        load(f)
    assert str(e.value) == (
        f"[E006] {f}: invalid JSON at line 1, column 43: Expecting property name enclosed in "
        "double quotes."
    )


def test_a_truncated_json_file_says_what_is_cut_short(tmp_path: Path):
    """json's "Unterminated string starting at" ended the message with a dangling
    "at." (a user review): the place is the line and column already given."""
    f = _write(tmp_path, "cut.json", '{"id": "t", "utterances": [{"text": "the army mu')
    with pytest.raises(IngestError) as e:
        load(f)
    assert str(e.value) == (
        f"[E006] {f}: invalid JSON at line 1, column 37: a string starts here and is never closed."
    )


def test_a_csv_header_naming_no_column_is_echoed_in_e010(tmp_path: Path):
    f = _write(tmp_path, "table.csv", "Who;Said;What" + ";x" * 40 + "\nAl;1;Hello\n")
    with pytest.raises(IngestError) as e:
        load(f)
    message = str(e.value)
    assert message.startswith(
        f"[E010] {f}: CSV has no header row with the columns kind, speaker, text "
        "(thread_id optional) "
        "(the first line reads 'Who;Said;What;x;x;"
    )
    assert message.endswith("…').")
    assert len(message) < len(str(f)) + 200


README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_examples(section: str) -> list[str]:
    """The code blocks of a ``### <section>`` of the README's "Input formats"."""
    text = README.read_text(encoding="utf-8")
    body = text.split(f"\n### {section}\n", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    return re.findall(r"```[a-z]*\n(.*?)```", body, flags=re.DOTALL)


@pytest.mark.parametrize(
    ("section", "suffix", "count"), [("JSON Lines", ".jsonl", 3), ("CSV", ".csv", 1)]
)
def test_the_readme_examples_run_as_printed(tmp_path: Path, section: str, suffix: str, count: int):
    """The first JSON Lines example used to hold a ``[...]`` placeholder (E006)."""
    examples = _readme_examples(section)
    assert len(examples) == count
    for i, example in enumerate(examples):
        loaded = load(_write(tmp_path, f"example-{i}{suffix}", example))
        assert loaded.warnings == []
        assert all(t.article is not None and t.comments for t in loaded.threads)


def test_a_lone_surrogate_in_json_is_replaced_with_w013_naming_the_line(tmp_path: Path):
    """A scraper's emoji cut in two (``"\\ud83d"``) is valid JSON the store cannot take."""
    doc = tmp_path / "cut.json"
    doc.write_text(
        '{"id": "cut", "utterances": [\n'
        '{"kind": "article", "speaker": "Ed", "text": "Legalize it."},\n'
        '{"kind": "comment", "speaker": "Bo\\udc00", "text": "Send \\ud83d the army."}\n]}\n',
        encoding="utf-8",
    )
    lines = tmp_path / "cut.jsonl"
    lines.write_text(
        '{"thread_id": "l", "kind": "article", "speaker": "Ed", "text": "Legalize it."}\n'
        '{"thread_id": "l", "kind": "comment", "speaker": "Bo", "text": "No \\ud800"}\n',
        encoding="utf-8",
    )
    loaded = load(doc)
    (warning,) = loaded.warnings
    assert "[W013]" in warning and "cut.json: line 3: 2 lone" in warning
    comment = loaded.threads[0].comments[0]
    assert (comment.speaker, comment.text) == ("Bo\ufffd", "Send \ufffd the army.")
    loaded = load(lines)
    assert [w for w in loaded.warnings if "[W013]" in w and "line 2: 1 lone" in w]
    assert loaded.threads[0].comments[0].text == "No \ufffd"


# ---------------------------------------------------------------------------
# scraped and exported files as analysts get them (the reviewer's reproductions,
# tests/fixtures/scraped/): deleted comments, pandas' floats, ConvoKit, Excel

SCRAPED = FIXTURES / "scraped"


def _tree(thread: Thread) -> list[tuple[str, str, str | None]]:
    """``(id, speaker, reply_to)`` of each utterance: what a reader made of the file."""
    return [(u.id, u.speaker, u.reply_to) for u in thread.utterances]


@pytest.mark.parametrize("name", ["blank-text.jsonl", "blank-text.json"])
def test_a_blank_text_skips_that_comment_not_the_file(name: str):
    """One ``"text": ""`` was E007 for the whole file: every thread in it lost."""
    path = SCRAPED / name
    loaded = load(path)
    a, b = loaded.threads
    assert _tree(a) == [
        ("a/article", "Ed", None),
        ("a/c1", "Ann", "a/article"),
        ("a/c3", "Cy", "a/c1"),  # Bob's empty c2 is gone; Cy answered c1 anyway
    ]
    assert b.article is not None and b.article.text == "Send the army home."
    record = "line 3" if name.endswith(".jsonl") else "threads[0].utterances[2]"
    assert loaded.warnings[0] == (
        f"[W021] {path}: 1 utterance(s) of thread 'a' have no text, or only a deletion "
        f"notice such as '[deleted]' (first: record {record}); they are skipped, and "
        "replies to them answer what they answered."
    )


def test_a_reply_to_a_skipped_comment_answers_its_parent_and_keeps_the_lost_id(
    tmp_path: Path,
):
    """As the HTML reader and Disqus' deleted posts: replies move up to the nearest
    kept ancestor; the lost id stays in meta so the map pins no cue on that ancestor."""
    content = (
        "thread_id,id,kind,speaker,reply_to,text\n"
        "t,a,article,Ed,,Legalize it.\n"
        "t,c1,comment,Ann,,Tax it.\n"
        "t,c2,comment,Bob,c1,\n"  # deleted: an empty cell
        "t,c3,comment,Cy,c2,Agreed.\n"
        "t,c4,comment,Bob,,Later.\n"
    )
    loaded = load(_write(tmp_path, "gone.csv", content))
    (thread,) = loaded.threads
    assert _tree(thread) == [
        ("t/a", "Ed", None),
        ("t/c1", "Ann", "t/a"),
        ("t/c3", "Cy", "t/c1"),
        ("t/c4", "Bob", "t/a"),
    ]
    assert thread.utterance("t/c3").meta["reply_to_missing"] == "c2"
    assert [w[:6] for w in loaded.warnings] == ["[W021]"]  # no W010: c2 was in the file


def test_nested_replies_of_a_skipped_comment_and_generated_ids(tmp_path: Path):
    """Generated ids are those of the file without the deleted comment: Bob's later
    comment is still ``bob``, not ``bob-2``."""
    data = {
        "id": "t",
        "utterances": [
            {"kind": "article", "speaker": "Ed", "text": "Legalize it."},
            {
                "kind": "comment",
                "speaker": "Bob",
                "text": None,
                "replies": [{"kind": "comment", "speaker": "Cy", "text": "To Bob."}],
            },
            {"kind": "comment", "speaker": "Bob", "text": "Bob again."},
        ],
    }
    loaded = load(_write(tmp_path, "t.json", json.dumps(data)))
    assert _tree(loaded.threads[0]) == [
        ("t/article", "Ed", None),
        ("t/cy", "Cy", "t/article"),
        ("t/bob", "Bob", "t/article"),
    ]
    assert "(first: record utterances[1])" in loaded.warnings[0]


def test_a_blank_article_leaves_its_comments_answering_nothing(tmp_path: Path):
    """As the HTML reader reads a page whose article has no text."""
    content = "thread_id,kind,speaker,text\nt,article,Ed, \nt,comment,Al,Hi.\n"
    loaded = load(_write(tmp_path, "noart.csv", content))
    assert _tree(loaded.threads[0]) == [("t/al", "Al", None)]
    assert "(first: record line 2)" in loaded.warnings[0]


def test_a_blank_speaker_is_anonymous_with_a_warning():
    path = SCRAPED / "blank-speaker.csv"
    loaded = load(path)
    assert [u.speaker for u in loaded.threads[0].utterances] == ["Ed", "anonymous", "Di"]
    assert loaded.warnings == [
        f"[W022] {path}: 1 utterance(s) of thread 'b' name no speaker, or a deleted "
        "account ('[deleted]') (first: record line 3); read as 'anonymous'."
    ]


@pytest.mark.parametrize("name", ["pandas-float-ids.csv", "pandas-float-ids.jsonl"])
def test_a_parent_id_pandas_wrote_as_a_float_finds_its_comment(name: str):
    """``parent_id`` 101.0 vs id 101: every reply became a comment on the article (W010)."""
    loaded = load(SCRAPED / name)
    assert _tree(loaded.threads[0]) == [
        ("t/100", "Ed", None),
        ("t/101", "Ann", "t/100"),
        ("t/102", "Bob", "t/101"),
        ("t/103", "Cy", "t/102"),
    ]
    assert loaded.warnings == []


def test_integral_float_ids_and_thread_ids_are_their_integers(tmp_path: Path):
    rows = [
        {"thread_id": 7.0, "id": 1.0, "kind": "article", "speaker": "Ed", "text": "A."},
        {"thread_id": "7.0", "id": "2.00", "kind": "comment", "speaker": "Al", "text": "B."},
        {
            "thread_id": 7,
            "id": 2.5,
            "kind": "comment",
            "speaker": "Bo",
            "text": "C.",
            "reply_to": 2,
        },
    ]
    f = _write(tmp_path, "f.jsonl", "\n".join(json.dumps(r) for r in rows))
    (thread,) = read_path(f)
    assert _tree(thread) == [
        ("7/1", "Ed", None),
        ("7/2", "Al", "7/1"),
        ("7/2.5", "Bo", "7/2"),  # not integral: kept as written
    ]


def test_deleted_placeholders_are_skipped_and_a_deleted_account_is_anonymous(tmp_path: Path):
    path = SCRAPED / "deleted-placeholders.json"
    loaded = load(path)
    (thread,) = loaded.threads
    assert _tree(thread) == [
        ("77/1", "Staff", None),
        ("77/2", "Gary", "77/1"),
        ("77/4", "Mia", "77/2"),  # answered the deleted 3, which answered 2
        ("77/5", "Lee", "77/2"),
        ("77/6", "Zed", "77/5"),
    ]
    assert thread.utterance("77/4").meta["reply_to_missing"] == "3"
    assert [w[:6] for w in loaded.warnings] == ["[W021]"]
    # an account deleted since, whose comment stands: the text is kept, the name unknown
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    data["threads"][0]["utterances"][2]["text"] = "Audit the tax office."
    loaded = load(_write(tmp_path, "kept.json", json.dumps(data)))
    assert loaded.threads[0].utterance("77/3").speaker == "anonymous"
    assert [w[:6] for w in loaded.warnings] == ["[W022]"]


@pytest.mark.parametrize(
    ("text", "skipped"),
    [
        ("[removed]", True),
        ("  [Deleted]\n", True),
        ("[ Removed by Reddit ]", True),
        ("[deleted by user]", True),
        ("This comment has been removed by the author.", True),
        ("This comment has been removed by a blog administrator.", True),
        ("This comment was deleted.", True),
        ("[deleted] lol, the mods again", False),
        ("Why was the post [removed]?", False),
    ],
)
def test_which_texts_are_deletion_notices(tmp_path: Path, text: str, skipped: bool):
    data = _thread()
    data["utterances"][1]["text"] = text
    loaded = load(_write(tmp_path, "t.json", json.dumps(data)))
    assert (len(loaded.threads[0].utterances) == 1) is skipped


def test_convokit_utterances_are_read_with_their_root_as_the_article():
    """``E007 … missing required field 'kind'``: ConvoKit writes no kind."""
    loaded = load(SCRAPED / "convokit-utterances.jsonl")
    (thread,) = loaded.threads
    assert thread.id == "abc123"
    assert [(u.kind, u.speaker, u.reply_to) for u in thread.utterances] == [
        ("article", "throwaway_pt", None),
        ("comment", "leafy_greens", "abc123/abc123"),
        ("comment", "narcoanalyst", "abc123/c001"),
    ]
    assert thread.comments[0].meta == {"score": 42, "source_id": "c001"}
    # ConvoKit's Unix seconds as a time a reader (and the thread list) can read
    assert thread.article.timestamp == "2012-01-01T00:00:00+00:00" and loaded.warnings == []
    assert thread.date == "2012-01-01T00:00:00+00:00"


def test_convokit_without_a_root_id_takes_the_first_unanswering_utterance(tmp_path: Path):
    rows = [
        {"id": "u1", "speaker": "A", "conversation_id": "conv", "reply_to": None, "text": "Q?"},
        {"id": "u2", "speaker": "B", "conversation_id": "conv", "reply_to": "u1", "text": "A."},
        {"id": "u3", "speaker": "C", "conversation_id": "conv", "text": "No kind, no reply_to."},
    ]
    f = _write(tmp_path, "utterances.jsonl", "\n".join(json.dumps(r) for r in rows[:2]))
    assert [u.kind for u in read_path(f)[0].utterances] == ["article", "comment"]
    f = _write(tmp_path, "utterances.jsonl", "\n".join(json.dumps(r) for r in rows))
    with pytest.raises(IngestError, match=r"\[E007\] .*record line 3 .*'kind'"):
        load(f)


def test_a_json_list_of_utterance_records_is_read_like_json_lines():
    """pandas' ``to_json(orient="records")``: "record [0] is missing … 'utterances'"."""
    loaded = load(SCRAPED / "pandas-records.json")
    assert _tree(loaded.threads[0]) == _tree(read_path(SCRAPED / "pandas-float-ids.jsonl")[0])
    assert loaded.warnings == []


def test_a_json_list_of_one_thread_s_records_is_named_by_the_file(tmp_path: Path):
    rows = [
        {"kind": "article", "speaker": "Ed", "text": "Legalize it."},
        {"kind": "comment", "speaker": "Al", "text": "No."},
        "a stray string",
    ]
    (thread,) = read_path(_write(tmp_path, "One Post.json", json.dumps(rows[:2])))
    assert thread.id == "one-post" and _tree(thread)[1] == ("one-post/al", "Al", "one-post/article")
    with pytest.raises(IngestError, match=r"\[E008\] .*record \[2\]: expected an utterance object"):
        load(_write(tmp_path, "bad.json", json.dumps(rows)))


def test_a_reddit_listing_says_what_it_is_and_what_is_read():
    path = SCRAPED / "reddit-listing.json"
    with pytest.raises(IngestError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(f"[E102] {path}: the JSON holds a Reddit listing")
    assert "a list of utterance records (kind, speaker, text; thread_id" in message
    assert err.value.code == "E102"


@pytest.mark.parametrize(
    ("document", "found"),
    [
        ({"post": {}, "comments": []}, "an object with the keys 'post', 'comments'"),
        ([{"author": "a", "body": "b"}], "a list of objects with the keys 'author', 'body'"),
        (["just", "strings"], "a list of strings"),
    ],
)
def test_a_json_document_of_another_shape_is_e102_naming_its_keys(
    tmp_path: Path, document: object, found: str
):
    with pytest.raises(
        IngestError, match=rf"\[E102\] .*x\.json: the JSON holds {re.escape(found)};"
    ):
        load(_write(tmp_path, "x.json", json.dumps(document)))


def test_excel_s_sep_line_names_the_csv_separator(tmp_path: Path):
    """``sep=;`` was read as the header: E010."""
    loaded = load(SCRAPED / "excel-sep-line.csv")
    assert _tree(loaded.threads[0]) == [("t/article", "Ed", None), ("t/ann", "Ann", "t/article")]
    piped = _write(
        tmp_path, "pipe.csv", '"sep=|"\r\nthread_id|kind|speaker|text\r\nt|article|Ed|A, B; C.\r\n'
    )
    assert read_path(piped)[0].article.text == "A, B; C."
    # line numbers are still the file's
    bad = _write(
        tmp_path, "bad.csv", "sep=;\nthread_id;kind;speaker;text\nt;article;Ed;A\nt;reply;Al;B\n"
    )
    with pytest.raises(IngestError, match=r"\[E008\] .*'kind' in record line 4"):
        load(bad)
    missing = _write(tmp_path, "missing.csv", "sep=;\nthread_id;kind;text\n")
    with pytest.raises(IngestError, match=r"\[E010\] .*the header lacks speaker"):
        load(missing)


@pytest.mark.parametrize("convokit", [False, True])
@pytest.mark.parametrize("text", ["", "[removed]"])
def test_a_blank_or_deleted_article_still_dates_the_thread_and_its_replies_are_top_level(
    tmp_path: Path, convokit: bool, text: str
):
    """A Reddit link post, or a ConvoKit root whose text was removed: its record
    is skipped (W021) as the HTML and page-dump readers skip a text-less
    article, but its timestamp is the thread's date (it was undated), and the
    comments answering it are top-level comments, not replies to a missing
    comment (``meta["reply_to_missing"]`` pinned nobody's cues on them)."""
    if convokit:
        recs = [
            {"id": "p", "speaker": "op", "conversation_id": "p", "reply_to": None},
            {"id": "c1", "speaker": "ana", "conversation_id": "p", "reply_to": "p"},
            {"id": "c2", "speaker": "bob", "conversation_id": "p", "reply_to": "c1"},
        ]
    else:
        recs = [
            {"thread_id": "p", "kind": "article", "speaker": "op", "id": "p"},
            {"thread_id": "p", "kind": "comment", "speaker": "ana", "id": "c1", "reply_to": "p"},
            {"thread_id": "p", "kind": "comment", "speaker": "bob", "id": "c2", "reply_to": "c1"},
        ]
    for rec, stamp, said in zip(
        recs,
        (1325376000, 1325379600, 1325379700),
        (text, "The army must stay.", "No."),
        strict=True,
    ):
        rec.update(timestamp=stamp, text=said)
    f = _write(tmp_path, "link.jsonl", "\n".join(json.dumps(r) for r in recs))
    loaded = load(f)
    assert [w[:6] for w in loaded.warnings] == ["[W021]"]
    (thread,) = loaded.threads
    assert thread.article is None
    assert thread.date == thread.published == "2012-01-01T00:00:00+00:00"
    c1, c2 = thread.utterances
    assert c1.reply_to is None and "reply_to_missing" not in c1.meta
    assert c2.reply_to == c1.id
    # a published the thread gives wins over the skipped article's timestamp
    recs[0]["published"] = "2011-12-31"
    f.write_text("\n".join(json.dumps(r) for r in recs), encoding="utf-8")
    (thread,) = read_path(f)
    assert thread.published == "2011-12-31"
