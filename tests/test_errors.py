"""The message catalogue: every code says something of its own."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from discourse.errors import Errors, Warnings

_CODE = re.compile(r"^\[[EW]\d+\] ")


@pytest.mark.parametrize("catalogue", [Errors, Warnings])
def test_no_two_codes_share_a_message(catalogue: type) -> None:
    """Two codes with one text cannot be told apart by a reader, nor searched for:
    E214 (`discourse stance`) and E307 (`discourse entities`) once said the same."""
    codes: dict[str, list[str]] = defaultdict(list)
    for name, template in vars(catalogue).items():
        if re.fullmatch(r"[EW]\d+", name):
            assert template.startswith(f"[{name}] "), name
            codes[_CODE.sub("", template)].append(name)
    assert [names for names in codes.values() if len(names) > 1] == []
