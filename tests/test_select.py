"""Slicing to a year or a day: one row per site and operator."""

from datetime import date

import pytest

from basemap.errors import OptionError
from basemap.read import read_layers
from basemap.select import SELECTION_COLUMNS, data_years, parse_when, select

from .conftest import DATA


@pytest.fixture(scope="module")
def sample():
    return read_layers(DATA / "valid" / "sample.geojson")


def by_key(sel):
    return {row["key"]: row for _, row in sel.iterrows()}


def test_columns_and_one_row_per_site_and_operator(sample):
    sel = select(sample, year=2009)
    assert list(sel.columns) == [*SELECTION_COLUMNS, "geometry"]
    assert sorted(sel["key"]) == [
        "ayni/IND",
        "kant/RUS",
        "karshi-khanabad/USA",
        "manas/USA",
    ]


def test_a_year_lists_every_period_it_covers(sample):
    manas = by_key(select(sample, year=2009))["manas/USA"]
    assert [p["id"] for p in manas["periods"]] == ["manas-usa-1", "manas-usa-2"]
    assert manas["presence"] == "present"
    assert manas["change"] == "", "a renaming is neither an opening nor a closing"
    assert manas["name"] == "Transit Center at Manas"


def test_opening_closing_and_former(sample):
    assert (
        by_key(select(sample, year=2001))["karshi-khanabad/USA"]["change"] == "opened"
    )
    k2 = by_key(select(sample, year=2005))["karshi-khanabad/USA"]
    assert (k2["presence"], k2["change"]) == ("present", "closed")
    k2 = by_key(select(sample, year=2006))["karshi-khanabad/USA"]
    assert (k2["presence"], k2["change"]) == ("former", "")
    assert [p["id"] for p in k2["periods"]] == ["k2-usa-1"]
    assert "kant/RUS" not in by_key(select(sample, year=2002))


def test_uncertain_ends_are_shown_as_uncertain(sample):
    # Ayni: "2002?" to "2022?" (each may be a year off)
    assert by_key(select(sample, year=2001))["ayni/IND"]["presence"] == "uncertain"
    assert by_key(select(sample, year=2010))["ayni/IND"]["presence"] == "present"
    assert by_key(select(sample, year=2023))["ayni/IND"]["presence"] == "uncertain"
    assert by_key(select(sample, year=2024))["ayni/IND"]["presence"] == "former"
    assert "ayni/IND" not in by_key(select(sample, year=2000))


def test_after_as_of_an_open_presence_is_uncertain(sample):
    assert by_key(select(sample, year=2026))["kant/RUS"]["presence"] == "present"
    assert by_key(select(sample, year=2027))["kant/RUS"]["presence"] == "uncertain"


def test_day_selection(sample):
    on = by_key(select(sample, when="2005-11-21"))
    assert on["karshi-khanabad/USA"]["presence"] == "present"
    assert on["karshi-khanabad/USA"]["change"] == "closed"
    after = by_key(select(sample, when=date(2005, 11, 22)))
    assert after["karshi-khanabad/USA"]["presence"] == "former"
    # the renaming month of Manas: each period unsure, the presence is not
    july = by_key(select(sample, when="2009-07-15"))["manas/USA"]
    assert july["presence"] == "present" and len(july["periods"]) == 2


def test_year_and_day_agree_on_the_bundled_data(layers):
    for year in range(1991, 2027):
        in_year = set(select(layers, year=year).query("presence != 'former'")["key"])
        for day in (date(year, 1, 1), date(year, 7, 1), date(year, 12, 31)):
            on_day = set(select(layers, when=day).query("presence != 'former'")["key"])
            assert on_day <= in_year, (year, day)


@pytest.mark.parametrize(
    ("year", "when", "message"),
    [
        (None, None, "give a year (e.g. 2005) or a date (e.g. 2005-11-21)"),
        (2005, "2005-01-01", "give a year or a date, not both"),
        (None, "2005-02-30", "date '2005-02-30' is not a valid YYYY-MM-DD date"),
        (0, None, "year 0 is out of range (1-9999)"),
    ],
)
def test_parse_when_errors(year, when, message):
    with pytest.raises(
        OptionError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        parse_when(year, when)


def test_data_years(sample, layers):
    assert data_years(sample) == (2001, 2026)
    assert data_years(layers)[1] == 2026
