"""Slicing to a year or a day: one row per site and operator."""

from datetime import date

import pytest

from basemap.dates import parse_when
from basemap.errors import OptionError
from basemap.io.layers import read_layers
from basemap.selection.sites import SELECTION_COLUMNS, data_years, select

from ..conftest import DATA


@pytest.fixture(scope="module")
def sample():
    return read_layers(DATA / "valid" / "sample.geojson")


def by_key(sel):
    return {row["key"]: row for _, row in sel.iterrows()}


def test_columns_and_one_row_per_site_and_operator(sample):
    sel = select(sample, year=2009)
    assert list(sel.columns) == [*SELECTION_COLUMNS, "aliases", "area", "geometry"]
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


# -- changes: what happened during a year or on a day (issue 12) -------------


def made_layers(tmp_path, periods):
    """Layers of hand-made periods (at Kant's point, with its source): each
    ``(id, site, operator, start, end, status)``."""
    import json

    sample = json.loads((DATA / "valid" / "sample.geojson").read_text())
    kant = sample["features"][0]
    features = []
    for pid, site, operator, start, end, status in periods:
        props = dict(kant["properties"], id=pid, site=site, operator=operator)
        props.update(name=f"{site} {pid}", label=site, start=start, end=end)
        props.pop("location_precision", None)
        if status != "base":
            props["status"] = status
        features.append(dict(kant, properties=props))
    path = tmp_path / "made.geojson"
    path.write_text(json.dumps(dict(sample, features=features)))
    return read_layers(path, check_location=False)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return made_layers(
        tmp_path_factory.mktemp("made"),
        [
            ("soviet-1", "soviet", "RUS", "1992?", None, "base"),
            ("late-1", "late", "RUS", "1993", "2004-12-01", "base"),
            ("usa-early-1", "usa-early", "USA", "1991", "1995", "base"),
            ("osh-1", "osh", "RUS", "2005-05", "2011?", "proposed"),
            ("camp-1", "camp", "AUS", "2002-03", "2002-04", "temporary"),
            ("kulob-1", "kulob", "RUS", "2004-10-16", "2015-12~", "base"),
        ],
    )


def changes_of(sel, key):
    return by_key(sel)[key]["changes"]


def test_a_presence_from_before_independence_was_inherited(made):
    sel = select(made, year=1991)
    [change] = changes_of(sel, "soviet/RUS")
    assert change["kind"] == "inherited"
    assert change["uncertain"] is True  # "1992?": 1991 to 1993
    assert by_key(sel)["soviet/RUS"]["change"] == "inherited"
    # after independence, or not a successor of the Soviet forces: opened
    assert [c["kind"] for c in changes_of(select(made, year=1993), "late/RUS")] == [
        "opened"
    ]
    assert [c["kind"] for c in changes_of(sel, "usa-early/USA")] == ["opened"]
    # reported once: in the first year the start can mean
    assert changes_of(select(made, year=1992), "soviet/RUS") == []


def test_an_uncertain_end_is_marked_in_the_year_it_is_reported(made, sample):
    [change] = changes_of(select(made, year=2016), "kulob/RUS")
    assert (change["kind"], change["uncertain"], change["date"]) == (
        "closed",
        True,
        "2015-12~",
    )
    assert changes_of(select(made, year=2015), "kulob/RUS") == []
    [ayni] = changes_of(select(sample, year=2023), "ayni/IND")
    assert (ayni["kind"], ayni["uncertain"]) == ("closed", True)
    # an exact date is certain
    [k2] = changes_of(select(sample, year=2005), "karshi-khanabad/USA")
    assert (k2["kind"], k2["uncertain"]) == ("closed", False)


def test_an_uncertain_start_is_an_uncertain_opening(sample):
    row = by_key(select(sample, year=2001))["ayni/IND"]
    assert row["change"] == "opened"
    assert [(c["kind"], c["uncertain"]) for c in row["changes"]] == [("opened", True)]


def test_a_proposal_and_a_deployment_keep_their_status(made):
    [proposed] = changes_of(select(made, year=2005), "osh/RUS")
    assert (proposed["kind"], proposed["status"]) == ("opened", "proposed")
    [dropped] = changes_of(select(made, year=2012), "osh/RUS")
    assert (dropped["kind"], dropped["status"], dropped["uncertain"]) == (
        "closed",
        "proposed",
        True,
    )
    camp = changes_of(select(made, year=2002), "camp/AUS")
    assert [(c["kind"], c["status"]) for c in camp] == [
        ("opened", "temporary"),
        ("closed", "temporary"),
    ]


def test_a_new_period_is_a_change_that_says_what_changed(sample):
    manas = by_key(select(sample, year=2009))["manas/USA"]
    [change] = manas["changes"]
    assert change["kind"] == "changed" and change["date"] == "2009-07~"
    assert change["uncertain"] is False  # June to August 2009: in 2009
    fields = {a["field"]: (a["before"], a["after"]) for a in change["attributes"]}
    assert fields["name"] == (
        "Ganci Air Base (Manas Air Base)",
        "Transit Center at Manas",
    )
    assert fields["kind"] == ("air base", "transit centre")
    assert manas["change"] == ""  # not on the label


def test_changes_on_a_day(made, sample):
    on = by_key(select(sample, when="2005-11-21"))["karshi-khanabad/USA"]
    assert [(c["kind"], c["uncertain"]) for c in on["changes"]] == [("closed", False)]
    # "2002-04": the last day it can mean, and not a sure one
    [left] = changes_of(select(made, when="2002-04-30"), "camp/AUS")
    assert (left["kind"], left["uncertain"]) == ("closed", True)
    assert changes_of(select(made, when="2002-04-15"), "camp/AUS") == []


def test_optional_columns_carried_when_the_layers_have_them(sample):
    # aliases: those of every period shown, each once; area: the last one's
    layers = sample.copy()
    layers["aliases"] = [[f"alias {i}", "common"] for i in range(len(layers))]
    square = {
        "type": "Polygon",
        "coordinates": [[[68, 38], [69, 38], [69, 39], [68, 38]]],
    }
    layers["area"] = [square if s == "kant" else None for s in layers["site"]]
    sel = select(layers, year=2009)
    assert list(sel.columns) == [*SELECTION_COLUMNS, "aliases", "area", "geometry"]
    rows = by_key(sel)
    assert rows["kant/RUS"]["area"] == square
    assert rows["manas/USA"]["area"] is None
    for row in rows.values():
        assert row["aliases"].count("common") == 1
        assert len(row["aliases"]) == len(set(row["aliases"])) >= 2
    two = [r for r in rows.values() if len(r["periods"]) > 1]
    assert two and all(len(r["aliases"]) == len(r["periods"]) + 1 for r in two)
    without = select(layers.drop(columns=["area"]), year=2009)
    assert "area" not in without.columns


def test_rows_reused_across_years_are_those_a_fresh_frame_gives(layers):
    """A quiet row (no changes in the year) is made once per frame and
    reused by later years: every year's selection equals the one from a
    frame of its own, and each year has a list of changes of its own."""
    years = range(1991, 2027)
    warm = {y: select(layers, year=y) for y in years}  # in one frame, in order
    for y in years:
        fresh = select(layers.copy(), year=y)  # a new frame: nothing reused
        assert warm[y].drop(columns="geometry").to_dict("records") == fresh.drop(
            columns="geometry"
        ).to_dict("records"), y
        assert list(warm[y].geometry) == list(fresh.geometry), y
    quiet = [
        (y, i)
        for y in years
        for i, changes in enumerate(warm[y]["changes"])
        if not changes
    ]
    assert len(quiet) > 100  # the reuse is exercised
    lists = [warm[y]["changes"].iloc[i] for y, i in quiet]
    assert len({id(c) for c in lists}) == len(lists)
    lists[0].append({"kind": "opened"})  # a caller's edit stays in its year
    assert all(not c for c in lists[1:])
