"""What GIS tools write in a cell, read back: OGR lists, Python and numpy
reprs, GDAL's dates."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from basemap.io.cells import (
    day_text,
    looks_like_python,
    ogr_list,
    plain,
    python_literal,
    read_list,
)

# -- OGR's list text, as ogr2ogr writes a StringList to a GeoPackage --------


def test_ogr_list_items_with_commas_inside_are_kept_whole():
    # from russia.geojson: 6 items, the last with "(4, 2012)"
    text = (
        "(6:Su-25 ground-attack aircraft,Su-27 fighters,An-24 and Il-76 "
        "transports,Mi-8 helicopters,An-26 transports,L-39 trainers (4, 2012))"
    )
    assert ogr_list(text) == [
        "Su-25 ground-attack aircraft",
        "Su-27 fighters",
        "An-24 and Il-76 transports",
        "Mi-8 helicopters",
        "An-26 transports",
        "L-39 trainers (4, 2012)",
    ]
    one = "(1:201st Division (garrisons in Dushanbe, Kulob, and Bokhtar))"
    assert ogr_list(one) == [
        "201st Division (garrisons in Dushanbe, Kulob, and Bokhtar)"
    ]


def test_ogr_list_that_cannot_be_split_is_refused_not_guessed():
    with pytest.raises(ValueError, match="2 items"):
        ogr_list("(2:a,b,c)")  # "a,b" or "b,c"?
    assert ogr_list("Kant") is None and ogr_list("(Kant)") is None


@given(
    st.lists(
        st.text(
            alphabet=st.characters(
                blacklist_characters=",", blacklist_categories=["Cs"]
            ),
            min_size=1,
        ),
        max_size=12,
    )
)
def test_ogr_list_round_trips_items_without_commas(items):
    assert ogr_list(f"({len(items)}:{','.join(items)})") == items


def test_read_list_gives_numbers_for_a_list_of_numbers():
    assert read_list("(2:63.305,45.965)", "anchor") == [63.305, 45.965]
    assert read_list("(2:63,45)", "anchor") == [63, 45]
    assert read_list("(2:63.305,45.965)", "aliases") == ["63.305", "45.965"]
    with pytest.raises(ValueError, match="not a number"):
        read_list("(2:63.305,north)", "anchor")


# -- Python literals, as pandas writes list and dict columns -----------------

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(st.lists(JSON_VALUES, max_size=4) | st.dictionaries(st.text(), JSON_VALUES))
def test_python_literal_reads_what_pandas_writes(value):
    assert python_literal(str(value)) == value


@given(
    st.lists(
        st.text(  # numpy itself drops a trailing NUL
            alphabet=st.characters(
                blacklist_categories=["Cs"], blacklist_characters="\0"
            )
        )
    )
)
def test_python_literal_reads_numpy_arrays_of_text_as_they_print(items):
    array = np.array(items, dtype=object if not items else None)
    assert python_literal(str(array)) == items


def test_python_literal_reads_numpy_arrays_of_numbers_and_wrapped_lines():
    assert python_literal(str(np.array([63.305, 45.965]))) == [63.305, 45.965]
    names = ["Tyuratam", "Космодром Байконур", "Байқоңыр ғарыш айлағы"] * 4
    assert "\n" in str(np.array(names))  # numpy wraps long arrays
    assert python_literal(str(np.array(names))) == names


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('touch /tmp/basemap-was-here')",
        "[open('/etc/passwd').read()]",
        "[1, 2] + [3]",
        "{1, 2}",
        "[b'bytes']",
        "[float('nan')]",
        "[nan]",
        "[1j]",
        "{1: 'a'}",
        "['a' 'b'",
        "[" * 33 + "]" * 33,  # deeper than a layer file may nest
        "[" * 5000 + "]" * 5000,
    ],
)
def test_python_literal_never_runs_code_and_holds_only_json(text, tmp_path):
    with pytest.raises(ValueError):
        python_literal(text)


def test_json_with_a_typo_is_not_taken_for_python():
    assert not looks_like_python('["Kant",]')
    assert not looks_like_python('{"title": "Kant", }')
    assert looks_like_python("['Kant',]")
    assert looks_like_python("[None]")


# -- dates as GIS tools hand them back ---------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026/12/01", "2026-12-01"),  # GDAL's CSV of a Date field
        ("2026/12/01 00:00:00", "2026-12-01"),  # ... of a DateTime field
        ("2026/12/01 00:00:00+00", "2026-12-01"),
        ("2026-12-01T00:00:00", "2026-12-01"),
        ("2026-12-01T00:00:00.000Z", "2026-12-01"),
        ("2002-11-30T23:59:59", "2002-11-30"),  # the end of a day
        ("2002-11-30T23:59:59.999", "2002-11-30"),
        ("2002-11-30T12:00:00", "2002-11-30T12:00:00"),  # a time: for the check
        ("2005/11", "2005/11"),
        ("2005?", "2005?"),
    ],
)
def test_day_text(text, day):
    assert day_text(text) == day


def test_plain_dates_from_date_and_datetime_fields():
    assert plain(np.datetime64("2026-12-01", "D")) == "2026-12-01"
    assert plain(np.datetime64("2002-11-30T23:59:59.999", "ms")) == "2002-11-30"
    assert plain(np.datetime64("NaT", "ms")) is None
    assert plain(datetime(2002, 11, 30, 23, 59, 59, 999000)) == "2002-11-30"
    assert plain(np.array([63.305, 45.965])) == [63.305, 45.965]
