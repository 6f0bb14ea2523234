"""The date grammar and the time semantics, at every boundary."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from basemap.dates import Period, parse_date


@pytest.mark.parametrize(
    ("text", "precision", "qualifier", "earliest", "latest"),
    [
        ("2005", "year", "", date(2005, 1, 1), date(2005, 12, 31)),
        ("2005-02", "month", "", date(2005, 2, 1), date(2005, 2, 28)),
        ("2004-02", "month", "", date(2004, 2, 1), date(2004, 2, 29)),
        ("2005-11-21", "day", "", date(2005, 11, 21), date(2005, 11, 21)),
        ("2005~", "year", "~", date(2004, 1, 1), date(2006, 12, 31)),
        ("2005?", "year", "?", date(2004, 1, 1), date(2006, 12, 31)),
        ("2005-01~", "month", "~", date(2004, 12, 1), date(2005, 2, 28)),
        ("2005-12?", "month", "?", date(2005, 11, 1), date(2006, 1, 31)),
        ("2005-12-31~", "day", "~", date(2005, 12, 30), date(2006, 1, 1)),
    ],
)
def test_parse_date_spans(text, precision, qualifier, earliest, latest):
    d = parse_date(text)
    assert (d.text, d.precision, d.qualifier) == (text, precision, qualifier)
    assert (d.earliest, d.latest) == (earliest, latest)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2005/11", "is not a date of the form"),
        ("Nov 2005", "is not a date of the form"),
        ("05", "is not a date of the form"),
        ("", "is not a date of the form"),
        ("2005-1", "is not a date of the form"),
        ("2005-11-21T00:00", "is not a date of the form"),
        ("2005~?", "is not a date of the form"),
        (" 2005", "is not a date of the form"),
        ("2005-13", "month 13 is not between 01 and 12"),
        ("2005-00", "month 00 is not between 01 and 12"),
        ("2005-02-30", "day 30 does not exist in 2005-02 (which has 28 days)"),
        ("2005-04-31", "day 31 does not exist"),
        ("2005-02-29", "day 29 does not exist"),
        ("0000", "year 0000 does not exist"),
    ],
)
def test_parse_date_rejects(text, message):
    with pytest.raises(
        ValueError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        parse_date(text)


def test_parse_date_rejects_non_strings():
    with pytest.raises(ValueError, match="is not a date string"):
        parse_date(2005)


# -- years: "present when the earliest start <= 31 Dec Y and latest end >= 1 Jan Y"


@pytest.mark.parametrize(
    ("start", "end", "year", "expected"),
    [
        # exact days at the year's edges
        ("2005-12-31", "2006-06-01", 2005, "present"),
        ("2005-12-31", "2006-06-01", 2004, None),
        ("2001-01-01", "2005-01-01", 2005, "present"),
        ("2001-01-01", "2004-12-31", 2005, None),
        # a start written as a year is present in that year
        ("2003", "2010", 2003, "present"),
        ("2003", "2010", 2002, None),
        # an approximate start may mean the year before: uncertain there
        ("2003~", "2010", 2002, "uncertain"),
        ("2003~", "2010", 2001, None),
        ("2003~", "2010", 2004, "present"),
        # an uncertain end may mean the year after: uncertain there
        ("2002", "2022?", 2023, "uncertain"),
        ("2002", "2022?", 2024, None),
        # ... and may mean the year before, so that year is uncertain too
        ("2002", "2022?", 2022, "uncertain"),
        ("2002", "2022?", 2021, "present"),
        # month precision at a year boundary
        ("2004-12", "2005-01", 2004, "present"),
        ("2004-12", "2005-01", 2005, "present"),
        ("2004-12~", "2005-01", 2005, "present"),
    ],
)
def test_presence_in_year(start, end, year, expected):
    assert Period.from_strings(start, end).presence_in_year(year) == expected


def test_open_end_is_present_until_as_of_then_uncertain():
    p = Period.from_strings("2003-10-23", None, as_of="2026-11-23")
    assert p.presence_in_year(2026) == "present"
    assert p.presence_in_year(2027) == "uncertain"
    assert p.presence_on(date(2026, 11, 23)) == "present"
    assert p.presence_on(date(2026, 11, 24)) == "uncertain"
    assert p.presence_on(date(2003, 10, 22)) is None


@pytest.mark.parametrize(
    ("start", "end", "day", "expected"),
    [
        ("2005-11-21", "2005-11-21", date(2005, 11, 21), "present"),
        ("2001-10-05", "2005-11-21", date(2005, 11, 22), None),
        ("2001-10-05", "2005-11-21", date(2001, 10, 4), None),
        # imprecise around the day: uncertain, neither dropped nor asserted
        ("2003", "2010", date(2003, 6, 1), "uncertain"),
        ("2003", "2010", date(2004, 1, 1), "present"),
        ("2001", "2005-11", date(2005, 11, 10), "uncertain"),
        ("2001", "2005-11", date(2005, 10, 31), "present"),
        ("2001", "2005-11", date(2005, 12, 1), None),
    ],
)
def test_presence_on_day(start, end, day, expected):
    assert Period.from_strings(start, end).presence_on(day) == expected


def test_order_and_overlap():
    assert not Period.from_strings("2005", "2004").is_ordered()
    assert Period.from_strings("2005-06", "2005").is_ordered()
    a = Period.from_strings("2002-02-18", "2014-12")
    b = Period.from_strings("2015-01", "2015-12-20")
    assert not a.overlaps(b) and not b.overlaps(a)
    assert a.overlaps(Period.from_strings("2014-11-15", None))
    # "2014-12" may end on the 1st: a start on the 15th only might overlap it
    assert not a.overlaps(Period.from_strings("2014-12-15", None))


# -- properties (hypothesis) ------------------------------------------------

_days = st.dates(min_value=date(1950, 1, 1), max_value=date(2060, 12, 31))


@st.composite
def written_dates(draw):
    d = draw(_days)
    precision = draw(st.sampled_from(["year", "month", "day"]))
    text = {"year": f"{d:%Y}", "month": f"{d:%Y-%m}", "day": d.isoformat()}[precision]
    return text + draw(st.sampled_from(["", "~", "?"]))


@st.composite
def periods(draw):
    start = draw(written_dates())
    end = draw(st.one_of(st.none(), written_dates()))
    period = Period.from_strings(start, end, as_of="2026-11-23")
    if not period.is_ordered():
        period = Period.from_strings(end, start, as_of="2026-11-23")
    return period


@given(written_dates())
def test_written_dates_round_trip(text):
    d = parse_date(text)
    assert d.text == text
    assert d.earliest <= d.latest


@given(periods())
def test_years_present_form_one_unbroken_run_matching_the_ends(period):
    years = [y for y in range(1940, 2071) if period.presence_in_year(y)]
    assert years, "an ordered period is present in at least one year"
    assert years == list(range(years[0], years[-1] + 1))
    assert years[0] == max(period.earliest_start.year, 1940)
    if period.end is not None:
        assert years[-1] == period.latest_end.year
    else:
        assert years[-1] == 2070


@given(periods())
def test_certain_years_lie_inside_the_present_ones(period):
    for y in range(1945, 2066):
        if period.presence_in_year(y) == "present":
            assert period.earliest_start.year <= y <= period.latest_end.year


@given(periods(), _days)
def test_date_and_year_selection_agree(period, day):
    on_day = period.presence_on(day)
    in_year = period.presence_in_year(day.year)
    if on_day is not None:
        assert in_year is not None, "present on a day means present in its year"
    if on_day == "present":
        assert in_year == "present"
    if in_year is None:
        assert on_day is None
