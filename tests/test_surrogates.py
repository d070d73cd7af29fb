"""Lone UTF-16 surrogates in JSON text (half an emoji) are read as U+FFFD."""

from __future__ import annotations

import json

import pytest

from discourse.surrogates import MAX_JSON_DEPTH, loads_json, replace_surrogates, surrogate_line


def test_a_lone_surrogate_in_a_string_or_key_becomes_the_replacement_character() -> None:
    data, n = loads_json('{"id": "\\ud800", "t\\udc00": ["ok \\ud83d now", 3]}')
    assert data == {"id": "\ufffd", "t\ufffd": ["ok \ufffd now", 3]}
    assert n == 3
    json.dumps(data).encode("utf-8")  # what failed before: it can now be written


def test_whole_pairs_and_plain_text_are_left_as_they_are() -> None:
    data, n = loads_json('{"t": "legalize it \\ud83c\\udf3f", "u": "\\u00e9"}')
    assert (data, n) == ({"t": "legalize it \U0001f33f", "u": "é"}, 0)
    value = {"a": ["b"]}
    assert replace_surrogates(value)[0] is value  # nothing to replace: nothing copied


def test_a_surrogate_already_in_the_text_is_replaced_too() -> None:
    """Standard input decoded with ``surrogateescape`` holds them unescaped."""
    assert loads_json('{"t": "x\udcff"}') == ({"t": "x\ufffd"}, 1)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{\n"a": "\\ud83d\\ude00",\n"b": "\\ud83d"\n}', 3),
        ('{"a":\n "\\udc00"}', 2),
        ('{"a": "x"}', 1),
    ],
)
def test_the_line_of_the_first_lone_surrogate_is_found(text: str, line: int) -> None:
    assert surrogate_line(text) == line


def test_nesting_past_the_recursion_limit_is_read_and_past_the_cap_is_a_json_error():
    """``json.loads`` raised RecursionError (no line, no code) for replies nested
    a few hundred deep; up to MAX_JSON_DEPTH they are read, beyond it the error
    is a JSONDecodeError pointing at the deepest line."""
    deep = "[" * 3000 + "]" * 3000
    data, _ = loads_json(deep)
    assert isinstance(data, list)
    over = MAX_JSON_DEPTH + 1
    with pytest.raises(json.JSONDecodeError) as e:
        loads_json('{"a":\n' + "[" * over + "]" * over + "}")
    assert e.value.lineno == 2 and f"nested {over + 1} deep" in e.value.msg


def test_a_number_too_long_for_int_is_a_json_error_naming_where():
    with pytest.raises(json.JSONDecodeError) as e:
        loads_json('{"id":\n  ' + "9" * 5000 + "}")
    assert (e.value.lineno, e.value.colno) == (2, 3) and "5000 digits" in e.value.msg
