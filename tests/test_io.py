"""JSON Lines in and out: the project's interchange format."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from discourse.errors import IngestError
from discourse.io import (
    DuplicateIds,
    check_output_folder,
    iter_jsonl,
    read_jsonl,
    record_id,
    write_jsonl,
)


def test_missing_values_are_written_as_null_not_nan(tmp_path: Path) -> None:
    """``NaN`` is not JSON; a record from a DataFrame with gaps must still parse anywhere."""
    frame = pd.DataFrame({"id": ["a", "b"], "score": [0.5, np.nan], "unit": [None, "comment"]})
    records = frame.to_dict("records")
    records[0]["nested"] = {"scores": [float("nan"), 1.0], "inf": float("inf")}
    out = tmp_path / "out.jsonl"
    write_jsonl(records, out)

    def refuse(token: str) -> None:
        raise AssertionError(token)

    rows = [json.loads(line, parse_constant=refuse) for line in out.read_text().splitlines()]
    assert rows[0]["nested"] == {"scores": [None, 1.0], "inf": None}
    assert rows[1]["score"] is None and rows[0]["unit"] is None
    assert rows[0]["score"] == 0.5


def test_bad_lines_are_handed_on_with_their_line_numbers(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1}\n\n[1, 2]\n{oops\n{"id": 2}\n', encoding="utf-8")
    errors: list[IngestError] = []
    got = list(iter_jsonl(src, on_error=errors.append))
    assert got == [(1, {"id": 1}), (5, {"id": 2})]
    assert [("line 3" in str(e), "line 4" in str(e)) for e in errors] == [
        (True, False),
        (False, True),
    ]
    with pytest.raises(IngestError, match=r"E006.*line 3"):
        list(read_jsonl(src))


def test_a_broken_json_line_names_its_line_and_column(tmp_path):
    """As the JSON reader of ingest does; json's own message ends in a dangling "at"."""
    from discourse.errors import IngestError
    from discourse.io import iter_jsonl

    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "text": "x\ty"}\n', encoding="utf-8")
    with pytest.raises(IngestError) as err:
        list(iter_jsonl(path))
    assert str(err.value) == (
        f"[E006] {path}: invalid JSON at line 2, column 23: Invalid control character."
    )


@pytest.mark.parametrize("end", ["\n", "\r\n", ""])
def test_a_line_cut_short_is_reported_where_it_ends_not_on_the_next_line(
    tmp_path: Path, end: str
) -> None:
    """The line end was parsed with the line: a line cut short failed at column 1 of
    the line after it, past its end."""
    path = tmp_path / "badsent.jsonl"
    path.write_bytes(f'{{"id":"x","text":"a"}}\n{{"id":"y"{end}'.encode())
    with pytest.raises(IngestError) as err:
        list(iter_jsonl(path))
    assert str(err.value) == (
        f"[E006] {path}: invalid JSON at line 2, column 10: Expecting ',' delimiter; "
        "the line ends before the object is closed."
    )


def test_a_string_cut_short_is_reported_where_it_starts(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "text": "Legal\n', encoding="utf-8")
    errors: list[IngestError] = []
    assert list(iter_jsonl(path, on_error=errors.append)) == [(1, {"id": "a"})]
    assert [str(e) for e in errors] == [
        f"[E006] {path}: invalid JSON at line 2, column 21: a string starts here "
        "and the line ends inside it."
    ]


def test_a_bad_line_in_the_middle_gets_no_hint_about_the_line_end(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a",, "text": "x"}\n', encoding="utf-8")
    with pytest.raises(IngestError) as err:
        list(iter_jsonl(path))
    assert str(err.value).endswith(
        "line 1, column 12: Expecting property name enclosed in double quotes."
    )


def test_an_output_folder_is_refused_where_a_file_is_and_nothing_is_created(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "f"
    blocker.write_text("hi", encoding="utf-8")
    with pytest.raises(OSError, match=r"^\[E016\] .*f: .*it is a file, not a folder"):
        check_output_folder(blocker)
    with pytest.raises(OSError, match=r"^\[E016\] .*deeper: .*f is a file, not a folder"):
        check_output_folder(blocker / "sub" / "deeper")
    check_output_folder(tmp_path / "new" / "reports")  # would be created: fine
    check_output_folder(tmp_path)  # an existing folder: fine
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f"]


def test_a_long_thread_id_gets_a_short_stem_with_a_hash() -> None:
    """A file system refuses names over 255 bytes: a 300-character id made every
    file of its thread, and then the corpus page, fail to be written."""
    from discourse.io import MAX_STEM_CHARS, file_stem

    long_id = "x" * 300
    stem = file_stem(long_id)
    assert len(stem) <= MAX_STEM_CHARS and stem.startswith("x" * 80)
    assert file_stem("x" * 299) != stem  # cut alike, told apart by the hash
    assert file_stem(stem) == stem  # a stem passed through again stays as it is
    exact = "y" * MAX_STEM_CHARS  # a slug that fits is used as it is
    assert file_stem(exact) == exact
    assert len(file_stem("a/" * 200)) <= MAX_STEM_CHARS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
        ("+1 agreed", "'+1 agreed"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-5", "-5"),  # plain numbers as text are read as numbers, not formulas
        ("+0.5", "+0.5"),
        ("-1e3", "-1e3"),
        ("Ed", "Ed"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_spreadsheet_text_neutralises_formulas_only(text: str, expected: str) -> None:
    from discourse.io import spreadsheet_text

    assert spreadsheet_text(text) == expected


def test_a_lone_surrogate_is_replaced_with_w013_naming_the_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Half an emoji (``"\\ud800"``) cannot be written as UTF-8: the line is kept, repaired."""
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "ok"}\n{"id": "b\\ud800", "text": "cut \\ud83d here"}\n',
        encoding="utf-8",
    )
    got = list(iter_jsonl(src))
    assert got[1] == (2, {"id": "b\ufffd", "text": "cut \ufffd here"})
    (message,) = [r.getMessage() for r in caplog.records if "[W013]" in r.getMessage()]
    assert "in.jsonl: line 2: 2 lone" in message
    out = tmp_path / "out.jsonl"
    write_jsonl([rec for _, rec in got], out)
    assert out.read_text(encoding="utf-8").count("\ufffd") == 2


@pytest.mark.parametrize("value", ["a", "t/1", 42, 0, -7, 12345678901234567890123])
def test_string_and_integer_ids_are_kept_as_given(value: object) -> None:
    assert record_id({"id": value}, "in.jsonl", "line 1") == value


@pytest.mark.parametrize(
    ("line", "detail"),
    [
        ('{"id": 1.0}', "a number with a fraction or exponent (1.0)"),
        ('{"id": 3.5}', "(3.5)"),
        ('{"id": 1e400}', "(Infinity)"),
        ('{"id": NaN}', "(NaN)"),
        ('{"id": true}', "a boolean (true)"),
        ('{"id": [1]}', "a list ([1])"),
        ('{"id": {"a": 1}}', "an object"),
        ('{"id": ""}', "'id' is blank"),
        ('{"id": "  "}', "'id' is blank"),
        ('{"id": null}', "'id' is null"),
        ("{}", "there is no 'id'"),
    ],
)
def test_any_other_id_is_e018_naming_the_record(line: str, detail: str) -> None:
    """One rule for `stance` and `entities`: these would be written back as ``null``,
    ``"1.0"`` or not at all, and name no output line a reader could join on."""
    with pytest.raises(IngestError) as err:
        record_id(json.loads(line), "in.jsonl", "line 4")
    assert err.value.code == "E018"
    assert str(err.value).startswith("[E018] in.jsonl: record line 4: ")
    assert detail in str(err.value)


def test_a_repeated_id_is_w014_naming_both_records(caplog: pytest.LogCaptureFixture) -> None:
    ids = DuplicateIds("in.jsonl")
    for no, value in enumerate(["a", "b", 7, "a", "7", "a"], 1):
        ids.see(value, f"line {no}")
    got = [r.getMessage() for r in caplog.records if "[W014]" in r.getMessage()]
    assert [m.split(" has the id ")[0] for m in got] == [
        "[W014] in.jsonl: record line 4",
        "[W014] in.jsonl: record line 5",
        "[W014] in.jsonl: record line 6",
    ]
    assert "'a' of record line 1" in got[0] and "'7' of record line 3" in got[1]


def test_a_named_pipe_is_written_to_not_replaced(tmp_path: Path) -> None:
    """``-o /dev/null`` or ``-o >(gzip > out.gz)``: replacing the stream with a
    regular file (as an atomic write does) replaced /dev/null itself when run as root."""
    import os
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_jsonl([{"id": "a", "legalization": "favor"}], fifo)
    reader.join(timeout=10)
    assert stat.S_ISFIFO(fifo.stat().st_mode)  # still the pipe
    assert [json.loads(line)["id"] for line in got[0].splitlines()] == ["a"]


def test_a_symbolic_link_keeps_pointing_at_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "real.jsonl"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.jsonl"
    link.symlink_to(target)
    write_jsonl([{"id": "b"}], link)
    assert link.is_symlink() and link.resolve() == target.resolve()
    assert json.loads(target.read_text(encoding="utf-8"))["id"] == "b"
