"""Reading free-form dates: :func:`discourse.report.tables.parse_date` is exactly pandas.

``parse_date`` reads the shapes the sources use with :mod:`datetime` and
leaves the rest to pandas; every text here is read both ways and must give
the same instant (and the same NaT), the same unit, and — through the
report's and the AIF map's callers — the same Series and timestamp text as
the pandas calls they replaced.
"""

from __future__ import annotations

import random
import warnings

import pandas as pd
import pytest

from discourse.argmap.export import _aif_date
from discourse.report import tables as rt

MONTHS = (
    "January February March April May June July August September October November December"
).split()


def _iso(rng: random.Random) -> str:
    """An ISO 8601 text: a day, maybe a time, fraction and zone (some impossible)."""
    years = [1000, 1677, 1970, 2011, 2024, 2262, 2999, 9999, rng.randint(1000, 9999)]
    text = f"{rng.choice(years)}"
    text += f"-{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}"
    if rng.random() < 0.8:
        text += rng.choice("T ") + f"{rng.randint(0, 25):02d}:{rng.randint(0, 60):02d}"
        if rng.random() < 0.7:
            text += f":{rng.randint(0, 60):02d}"
            if rng.random() < 0.4:
                text += "." + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(1, 6)))
    if rng.random() < 0.7:
        offset = f"{rng.choice('+-')}{rng.randint(0, 24):02d}:{rng.randint(0, 59):02d}"
        text += rng.choice(["Z", offset])
    return text


def _wordy(rng: random.Random) -> str:
    """A page dump's date: "November 18, 2011 at 3:04 pm" and its variants (some impossible)."""
    month = rng.choice(MONTHS)
    month = rng.choice([month, month[:3], month.upper(), month.lower()])
    text = f"{month} {rng.choice([str(rng.randint(0, 32)), f'{rng.randint(1, 31):02d}'])}"
    text += f", {rng.choice([1900, 1999, 2011, 2024, 2100, rng.randint(1000, 9999)])}"
    if rng.random() < 0.8:
        hour = rng.choice([str(rng.randint(0, 13)), f"{rng.randint(1, 12):02d}"])
        text += rng.choice([" at ", " "]) + f"{hour}:{rng.randint(0, 59):02d}"
        text += rng.choice([" ", ""]) + rng.choice(["am", "pm", "AM", "PM", "Pm"])
    return text


ODD = [
    "",
    " ",
    "no date",
    "12:30",
    "Nov 3",
    "2011",
    "20111101",
    "11/01/2011",
    "01/11/2011 10:00",
    "Tuesday, November 1, 2011",
    "1 November 2011",
    "Sept 1, 2011",
    "Nov. 1, 2011",
    "November 1 2011",
    "November 1, 2011 at 21:31",
    "November 1, 2011 at 0:31 am",
    "November 1, 2011, 9:31 pm",
    "2011-11-01T10Z",
    "2011-11-01T10:00+0100",
    "2011-11-01T10:00:00.123456789Z",
    "2011-11-01T10:00:00-05:30",
    "2011-11-01 10:00:00 UTC",
    "2011-11-01t10:00:00z",
    "2011-W44-2",
    "2011-305",
    "0999-01-01",
    "0001-01-01",
    "1600-01-01",
    "3000-01-01T00:00:00Z",
    "2011-11-01T24:00:00",
    "2011-02-29",
    "2012-02-29",
    "Febuary 3, 2011",
    "Mayo 3, 2011",
    "May 3, 2011",
    "\u212aov 3, 2011",  # Kelvin sign: matches [a-z] case-insensitively outside ASCII
    "\u0662\u0660\u0661\u0661-11-01",  # Arabic-Indic digits
]


def _texts(n: int = 1500) -> list[str]:
    rng = random.Random(20261130)
    return [_iso(rng) for _ in range(n)] + [_wordy(rng) for _ in range(n)] + ODD


def _pandas(text: str) -> pd.Timestamp:
    """The call :func:`parse_date` stands for."""
    try:
        return pd.to_datetime(text, errors="coerce", format="mixed", utc=True)
    except (ValueError, TypeError, OverflowError, NotImplementedError):
        return pd.NaT


@pytest.fixture(autouse=True)
def _quiet():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateutil's "could not infer format" and the like
        yield


def test_parse_date_is_pandas_for_every_shape():
    texts = _texts()
    fast = sum(rt._fast_date(t) is not None for t in texts)
    assert fast > 1500  # most generated texts take the fast path
    for text in texts:
        got, want = rt.parse_date(text), _pandas(text)
        if want is pd.NaT:
            assert got is pd.NaT, text
        else:
            assert got == want and got.unit == want.unit and str(got.tz) == str(want.tz), text


def _title_case(rng: random.Random) -> str:
    """A page dump's date as the sources write it: "November 18, 2011 at 3:04 pm"."""
    month = rng.choice(MONTHS)
    text = f"{rng.choice([month, month[:3]])} {rng.randint(1, 28)}, {rng.randint(1990, 2030)}"
    if rng.random() < 0.8:
        text += rng.choice([" at ", " "]) + f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d}"
        text += rng.choice([" am", " pm", "am", "pm", " AM", " PM"])
    return text


def test_aif_date_is_the_reports_reading():
    """AIF timestamps read dates as the reports do (pandas' ``format="mixed"``, UTC)."""
    for text in _texts(500):
        want = _pandas(text)
        assert _aif_date(text) == ("" if want is pd.NaT else want.strftime("%Y-%m-%d %H:%M:%S"))


def test_aif_date_is_the_timestamp_it_was_for_the_sources_shapes():
    """For ISO texts and Title-case page-dump dates, what ``pd.to_datetime(text, utc=True)``
    (pandas guessing one format from the text) gave before.

    Not for every text: that call loses the clock time of a lower- or
    upper-case month name ("september 18, 1999 9:45PM" was 00:45) or of
    "0:15 pm"; the AIF map now has the time the reports read.
    """
    rng = random.Random(7)
    texts = [_iso(rng) for _ in range(1000)] + [_title_case(rng) for _ in range(1000)]
    for text in texts:
        want = pd.to_datetime(text, errors="coerce", utc=True)
        assert _aif_date(text) == ("" if pd.isna(want) else want.strftime("%Y-%m-%d %H:%M:%S"))
    assert _aif_date("september 18, 1999 9:45PM") == "1999-09-18 21:45:00"


def _batch_distinct_dates(values: pd.Series) -> tuple[list[int], pd.Series]:
    """``_distinct_dates`` as it was: the distinct prepared texts read in one pandas batch."""
    texts = ["" if rt.is_missing(v) else rt._AT.sub(" ", str(v).strip()) for v in values.tolist()]
    number: dict[str, int] = {}
    codes = [number.setdefault(t, len(number)) for t in texts]
    distinct = pd.Series(list(number), dtype=object)
    distinct = distinct.where([bool(t) and bool(rt._YEAR.search(t)) for t in distinct], None)
    try:
        parsed = pd.to_datetime(distinct, errors="coerce", format="mixed", utc=True)
    except (ValueError, TypeError, OverflowError, NotImplementedError):
        one = [_pandas(t) if t is not None else pd.NaT for t in distinct]
        parsed = pd.Series(one, dtype="datetime64[us, UTC]")
    return codes, parsed.dt.tz_convert(None)


def _batches() -> list[list[object]]:
    texts = [t.replace(" at ", "  AT ", 1) if i % 3 else t for i, t in enumerate(_texts(400))]
    rng = random.Random(3)
    batches = [texts, [*texts, None, float("nan"), "now", "12:30"], texts[:400], texts[400:800]]
    batches += [rng.sample(texts, rng.randint(1, 6)) for _ in range(300)]
    batches += [["November 3, 2011", "2011-11-04"], ["no date", None], [], ["Nov 3"]]
    batches += [["2011-11-01T10:00:00.123456789Z", "2011-11-01"]]
    batches += [["2011-11-01T10:00:00.123456789Z", "5869-05-20T22:51:05.2181Z"]]
    return batches


def test_distinct_dates_is_the_batch_pandas_call_it_replaced():
    """Same codes, same values (NaT included) and the same unit as the pandas batch."""
    for batch in _batches():
        values = pd.Series(batch, dtype=object)
        codes, got = rt._distinct_dates(values)
        want_codes, want = _batch_distinct_dates(values)
        assert codes == want_codes
        assert got.dtype == want.dtype, batch
        assert [str(v) for v in got.tolist()] == [str(v) for v in want.tolist()], batch


def test_report_dates_read_as_before():
    """What the pages and the timeline show, on a mix of the sources' dates."""
    values = pd.Series(
        ["November 18, 2011 at 3:04 pm", "2011-11-18", "2011-11-19T01:30:00+02:00", "12:30", None],
        dtype=object,
    )
    assert rt.parse_dates(values).tolist()[:3] == [
        pd.Timestamp("2011-11-18 15:04"),
        pd.Timestamp("2011-11-18"),
        pd.Timestamp("2011-11-18 23:30"),
    ]
    assert rt.display_dates(values).tolist() == [
        "2011-11-18 15:04 UTC",
        "2011-11-18",
        # shown on the source's clock: the page said 1:30 on the 19th
        "2011-11-19 01:30 UTC+02:00",
        "12:30",
        None,
    ]


def test_a_time_with_an_offset_is_shown_on_its_own_clock_and_ordered_by_its_instant():
    """A Vancouver evening comment is on the 20th for its reader, the 21st in UTC."""
    values = pd.Series(
        ["2026-02-20T18:20:00-08:00", "2026-02-21T01:00:00Z", "2026-02-20T08:00:00+00:00"],
        dtype=object,
    )
    assert rt.display_dates(values).tolist() == [
        "2026-02-20 18:20 UTC\u221208:00",
        "2026-02-21 01:00 UTC",
        "2026-02-20 08:00 UTC",
    ]
    assert [rt.display_day(v) for v in values] == ["2026-02-20", "2026-02-21", "2026-02-20"]
    # the timeline and the order of posts still compare instants
    assert rt.parse_dates(values).tolist()[:2] == [
        pd.Timestamp("2026-02-21 02:20"),
        pd.Timestamp("2026-02-21 01:00"),
    ]
    assert [rt.display_day(v) for v in ("November 18, 2011", "no date", None)] == [
        "2011-11-18",
        None,
        None,
    ]


def test_a_date_column_shows_days_only_on_the_sources_own_clock():
    """The corpus thread list showed "2024-01-15 08:00 UTC−05:00" among dates."""
    values = pd.Series(
        [
            "2024-01-15T08:00:00-05:00",
            "March 3, 2025",
            "2026-02-20T18:20:00-08:00",
            "2025-02-10 09:30",
            "no date",
            None,
        ],
        dtype=object,
    )
    assert rt.display_days(values).tolist() == [
        "2024-01-15",
        "2025-03-03",
        "2026-02-20",  # the source's day, not UTC's 21st
        "2025-02-10",
        "no date",  # as written, as display_dates shows it
        None,
    ]


@pytest.mark.parametrize("text", ["2026-02-20T18:20:00-0800", "2026-02-20 18:20-08"])
def test_an_offset_written_without_a_colon_is_shown_on_its_own_clock_too(text):
    """ISO 8601's basic offset ("-0800", "-08") is an offset as "-08:00" is:
    the Vancouver evening was shown on UTC's next day."""
    values = pd.Series([text], dtype=object)
    assert rt.display_dates(values).tolist() == ["2026-02-20 18:20 UTC\u221208:00"]
    assert rt.display_day(text) == "2026-02-20"
    assert rt.parse_dates(values).tolist() == [pd.Timestamp("2026-02-21 02:20")]


@pytest.mark.parametrize(
    ("text", "day"),
    [
        # a number over 12 is the day, whichever side it stands on
        ("25/03/2026", "2026-03-25"),
        ("03/25/2026", "2026-03-25"),
        ("25.03.2026", "2026-03-25"),
        ("03-25-2026", "2026-03-25"),
        ("25/3/2026 10:00", "2026-03-25"),
        ("13/12/2026", "2026-12-13"),
        # both 12 or under: month first, as README says ([W015] when the file is read)
        ("05/03/2026", "2026-05-03"),
        ("5.3.2026", "2026-05-03"),
        ("05-03-2026 10:00", "2026-05-03"),
        ("05/05/2026", "2026-05-05"),
    ],
)
def test_numeric_dates_are_read_month_first_unless_a_number_is_over_12(text: str, day: str) -> None:
    assert f"{rt.parse_date(text):%Y-%m-%d}" == day
    # the page and the timeline read it so too
    assert rt.display_dates(pd.Series([text], dtype=object)).iloc[0][:10] == day
    assert f"{rt.parse_dates(pd.Series([text], dtype=object)).iloc[0]:%Y-%m-%d}" == day
