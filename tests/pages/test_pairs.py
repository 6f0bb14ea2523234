"""The changes between two years (basemap.pairs): one pair's rows must be
:func:`basemap.selection.changes.compare_years`, row for row, with the marks they put
on the maps; the compact data of every pair of an export's years must read
as each pair made alone."""

from __future__ import annotations

import json

import pytest

from basemap.pages.pairs import MARKS, pair_changes, pair_data
from basemap.pipeline import compare_years

from ..changes import CLOSING, decode, library_rows

PAIRS = [(2004, 2010), (2004, 2005), (2001, 2002), (1991, 2026), (2005, 2014)]


@pytest.mark.parametrize(("before", "after"), PAIRS)
def test_pair_changes_are_compare_years(layers, before, after):
    rows = pair_changes(layers, before, after)
    assert library_rows(rows) == compare_years(layers, before, after)
    assert {r["mark"] for r in rows} <= {"opened", "changed", "closed"}
    for r in rows:
        if r["change"].split(" ")[0] in CLOSING:
            assert r["mark"] == "closed"
        elif r["change"].startswith("changed:"):
            assert r["mark"] == "changed"
        else:
            assert r["mark"] == "opened"


def test_compact_data_is_pair_changes_for_every_pair(layers):
    # pair_data words and interns each change record once for all pairs:
    # every pair of every year still reads as pair_changes makes it alone,
    # marks and maps included
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    years = list(range(1991, 2027))
    frames = {y: style(select(layers, year=y)) for y in years}
    data = pair_data(frames, years)
    for i, before in enumerate(years):
        for after in years[i + 1 :]:
            alone = pair_changes(None, before, after, frames=frames)
            marks = [
                (MARKS[data["rows"][k][4]], ("before", "after")[data["rows"][k][5]])
                for k in data["pairs"][f"{before}-{after}"]
            ]
            assert decode(data, before, after) == library_rows(alone)
            assert marks == [(r["mark"], r["map"]) for r in alone]


def test_compact_data_words_a_return_after_a_gap_for_each_pair(tmp_path):
    # Manas back in 2011 after a gap (a hand-made variant of the sample
    # layer), Ayni's and Karshi-Khanabad's dates: a site's opening or
    # closing reads with or without "(date uncertain)" depending on the
    # pair, and each pair keeps its own words
    from basemap.io.layers import read_layers
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    from ..conftest import DATA

    layer = json.loads((DATA / "valid" / "sample.geojson").read_text("utf-8"))
    for f in layer["features"]:
        if f["properties"]["id"] == "manas-usa-1":
            f["properties"]["end"] = "2008"
        if f["properties"]["id"] == "manas-usa-2":
            f["properties"]["start"] = "2011"
    (tmp_path / "gap.geojson").write_text(json.dumps(layer), "utf-8")
    layers = read_layers(tmp_path / "gap.geojson")
    years = list(range(2000, 2016))
    frames = {y: style(select(layers, year=y)) for y in years}
    data = pair_data(frames, years)
    words = set()
    for i, before in enumerate(years):
        for after in years[i + 1 :]:
            alone = library_rows(pair_changes(None, before, after, frames=frames))
            assert decode(data, before, after) == alone
            words |= {(r["site"], r["change"]) for r in alone}
    for site in ("ayni", "karshi-khanabad"):
        assert {(site, "opened"), (site, "opened (date uncertain)")} <= words or {
            (site, "closed"),
            (site, "closed (date uncertain)"),
        } <= words


def test_compact_data_shares_strings(layers):
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    years = list(range(2000, 2011))
    data = pair_data({y: style(select(layers, year=y)) for y in years}, years)
    assert len(data["strings"]) == len(set(data["strings"]))
    rows = sum(len(v) for v in data["pairs"].values())
    assert len(data["rows"]) < rows  # rows repeated across pairs are stored once


def _hand_row(periods, changes, name="X"):
    return {
        "key": "x/RUS",
        "site": "x",
        "operator": "RUS",
        "name": name,
        "presence": "present",
        "periods": periods,
        "changes": changes,
    }


def _texts(table, indexes):
    rows, strings = list(table.rows), list(table.strings)
    return [strings[rows[k][3]] for k in indexes]


def test_a_pair_passes_over_no_row_with_changes_of_its_own():
    # pair_data passes over a row whose periods list is the same object in
    # both years; a row with changes of its own in the later year is
    # reported even when it shows the very same list
    from basemap.pages.pairs import _pair_rows, _Table

    periods = [{"id": "x-rus-1", "start": "2001", "end": "2005-06", "status": "base"}]
    closed = {"kind": "closed", "status": "base", "date": "2005-06"}
    shown = {
        2004: {"x/RUS": _hand_row(periods, [])},
        2005: {"x/RUS": _hand_row(periods, [dict(closed, id="x-rus-1")])},
    }
    table = _Table(["RUS"], shown)
    alone = [r["change"] for r in _pair_rows(shown[2004], shown[2005], 2004, 2005)]
    assert alone == ["closed"]
    assert _texts(table, table.pair(2004, 2005)) == alone


def test_a_rows_changes_of_one_kind_read_in_the_order_of_their_periods_ids():
    # two new periods of one row in one year: the report lists them by
    # period id (as text: "x-rus-10" before "x-rus-9"), and so does every
    # pair of pair_data, whatever the order of the row's own changes
    from basemap.pages.pairs import _pair_rows, _Table

    old = [{"id": "x-rus-8", "start": "2001", "name": "A"}]
    new = [
        {"id": "x-rus-9", "start": "2005-01", "end": "2005-06", "name": "B"},
        {"id": "x-rus-10", "start": "2005-07", "name": "C"},
    ]

    def changed(pid, before, after):
        attributes = [{"field": "name", "before": before, "after": after}]
        return {"kind": "changed", "status": "base", "date": "2005", "id": pid,
                "uncertain": False, "attributes": attributes}  # fmt: skip

    own = [changed("x-rus-9", "A", "B"), changed("x-rus-10", "B", "C")]
    shown = {
        2004: {"x/RUS": _hand_row(old, [], name="A")},
        2005: {"x/RUS": _hand_row(new, own, name="C")},
    }
    alone = [r["change"] for r in _pair_rows(shown[2004], shown[2005], 2004, 2005)]
    assert alone == ["changed: name B → C", "changed: name A → B"]
    table = _Table(["RUS"], shown)
    assert _texts(table, table.pair(2004, 2005)) == alone
