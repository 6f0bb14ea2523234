"""The changes between two years (basemap.pairs): one pair's rows must be
:func:`basemap.report.compare_years`, row for row, with the marks they put
on the maps; the compact data of every pair of an export's years must read
as each pair made alone."""

from __future__ import annotations

import json

import pytest

from basemap.pairs import MARKS, pair_changes, pair_data
from basemap.report import compare_years

from .changes import CLOSING, decode, library_rows

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
    from basemap.select import select
    from basemap.style import style

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
    from basemap.read import read_layers
    from basemap.select import select
    from basemap.style import style

    from .conftest import DATA

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
    from basemap.select import select
    from basemap.style import style

    years = list(range(2000, 2011))
    data = pair_data({y: style(select(layers, year=y)) for y in years}, years)
    assert len(data["strings"]) == len(set(data["strings"]))
    rows = sum(len(v) for v in data["pairs"].values())
    assert len(data["rows"]) < rows  # rows repeated across pairs are stored once
