"""Rendering: the page is self-contained, escaped, and readable by tools."""

from __future__ import annotations

import json
import re

import pytest

from basemap.output.atomic import render_html
from basemap.pipeline import make_map
from basemap.styling.palette import operator_color

from ..conftest import DATA

SAMPLE = DATA / "valid" / "sample.geojson"


@pytest.fixture(scope="module")
def page_2005():
    return render_html(make_map(year=2005))


def embedded(page: str, element_id: str) -> dict:
    match = re.search(
        rf'<script type="application/(?:geo\+)?json" id="{element_id}">(.*?)</script>',
        page,
        re.S,
    )
    assert match, element_id
    return json.loads(match.group(1))


def test_no_external_resources(page_2005):
    assert "<link" not in page_2005
    assert not re.search(r"\ssrc\s*=", page_2005)
    assert "@import" not in page_2005 and "url(http" not in page_2005
    assert "jquery" not in page_2005.lower() and "$(" not in page_2005
    assert "fonts.googleapis" not in page_2005


def test_leaflet_is_inlined(page_2005):
    assert "Leaflet 1.9.3" in page_2005 or "leaflet" in page_2005.lower()
    assert "L.map(" in page_2005
    assert ".leaflet-container" in page_2005


def test_one_copy_of_the_data(page_2005):
    data = embedded(page_2005, "basemap-data")
    assert data["type"] == "FeatureCollection"
    assert data["basemap"]["when"] == "2005"
    keys = [
        f"{f['properties']['site']}/{f['properties']['operator']}"
        for f in data["features"]
    ]
    assert len(keys) == len(set(keys)) >= 7
    from basemap import read_layers, select

    assert len(keys) == len(select(read_layers(), year=2005))
    assert page_2005.count('id="basemap-data"') == 1
    # the data is not also written out as JS literals: a note appears once,
    # in the details the page reads on the first popup, not in the features
    first = data["features"][0]["properties"]
    details = embedded(page_2005, "basemap-details")
    period = first["periods"][0]
    assert "notes" not in period and "sources" not in period
    note = details[f"{first['site']}/{first['operator']}"][period["id"]]["notes"]
    assert page_2005.count(note[:60]) == 1


def test_the_details_hold_every_period_shown_with_every_source(page_2005):
    from basemap import read_layers

    data = embedded(page_2005, "basemap-data")
    details = embedded(page_2005, "basemap-details")
    written = {
        p["id"]: p for p in read_layers()[["id", "sources", "notes"]].to_dict("records")
    }
    for f in data["features"]:
        own = details[f"{f['properties']['site']}/{f['properties']['operator']}"]
        for period in f["properties"]["periods"]:
            held = own[period["id"]]
            assert held["notes"] == written[period["id"]]["notes"]
            assert [s.get("quote") for s in held["sources"]] == [
                s.get("quote") for s in written[period["id"]]["sources"]
            ]
            # seeds cited by their bibliographic reference
            assert all(s.get("cite") for s in held["sources"] if s.get("seed"))


def test_boundaries_embedded_with_attribution(page_2005):
    b = embedded(page_2005, "basemap-boundaries")
    assert {f["properties"]["iso_a3"] for f in b["features"]} >= {
        "KAZ",
        "KGZ",
        "TJK",
        "TKM",
        "UZB",
    }
    assert "Natural Earth" in page_2005


def test_title_year_legend_scale_and_text_alternative(page_2005):
    assert "<title>Foreign military presence in Central Asia, 2005</title>" in page_2005
    assert '<p class="basemap-when">2005</p>' in page_2005
    assert 'id="basemap-legend"' in page_2005
    assert "L.control.scale(" in page_2005
    # readers may zoom the page: no user-scalable=no
    assert "user-scalable" not in page_2005
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        page_2005
    )
    text = re.search(r'<section id="basemap-text".*?</section>', page_2005, re.S).group(
        0
    )
    assert "Kant Air Base (Kyrgyzstan): Russia, air base, 2003-10-23 to" in text
    assert "Karshi-Khanabad Air Base (K2) (Uzbekistan): United States" in text
    assert "closed at this time" in text


def test_embedded_features_are_compact(page_2005):
    data = embedded(page_2005, "basemap-data")
    k2 = next(
        f for f in data["features"] if f["properties"]["site"] == "karshi-khanabad"
    )
    props = k2["properties"]
    # defaults are left out: presence "present", status "base"
    assert set(props) == {
        "site",
        "operator",
        "host",
        "change",
        "location_precision",
        "aliases",
        "periods",
    }
    # the note on how the location is known is the popup's: in the details
    last = props["periods"][-1]["id"]
    note = embedded(page_2005, "basemap-details")["karshi-khanabad/USA"][last]
    assert note["location_note"]
    assert props["change"] == "closed"
    assert props["aliases"] and all(isinstance(a, str) for a in props["aliases"])
    assert data["basemap"]["styles"]["USA|present|base"]["fillColor"] == (
        operator_color("USA")
    )
    assert "label" not in props, "labels are derived by the page"
    assert data["basemap"]["names"]["USA"] == "United States"
    assert props["periods"][0]["end"] == "2005-11-21"
    assert "equipment" not in props["periods"][0], "empty members are left out"


def test_size_under_680_kb(page_2005):
    # December 2026, 516 KB: Leaflet (144 KB), the year's sourced data with
    # its distances and aliases (119 KB), the borders (104 KB), the page's
    # scripts (83 KB, comment lines and indentation stripped), the styles
    # (34 KB), the base map's names (14 KB) and the year's events (11 KB).
    # Issue 32 (true places, insets, the composed layout, the embed mode)
    # added about 64 KB of scripts, to 649 KB with the grown data.
    # A self-contained offline page; the limit catches a runaway, not growth
    # of the sourced data
    assert len(page_2005.encode()) < 680 * 1024


def test_date_map_title_and_data():
    page = render_html(make_map(when="2005-11-22", data=SAMPLE))
    assert "22 November 2005" in page
    data = embedded(page, "basemap-data")
    presence = {
        f["properties"]["site"]: f["properties"].get("presence", "present")
        for f in data["features"]
    }
    assert presence["karshi-khanabad"] == "former"


def test_custom_title_is_escaped():
    page = render_html(make_map(year=2005, data=SAMPLE, title="<b>A & B</b>"))
    assert "<title>&lt;b&gt;A &amp; B&lt;/b&gt;, 2005</title>" in page
    assert "<h1>&lt;b&gt;A &amp; B&lt;/b&gt;</h1>" in page
    assert "<b>A & B</b>" not in page


def test_tiles_are_opt_in():
    page = render_html(make_map(year=2005, data=SAMPLE, tiles="OpenStreetMap.Mapnik"))
    assert "tile.openstreetmap.org" in page
    assert "openstreetmap" not in render_html(make_map(year=2005, data=SAMPLE)).lower()


def test_deterministic_in_process():
    a = render_html(make_map(year=2005, data=SAMPLE))
    b = render_html(make_map(year=2005, data=SAMPLE))
    assert a == b
    assert not re.search(r"[0-9a-f]{32}", a), "no random element ids"


def test_aliases_and_area_reach_the_embedded_properties():
    from basemap.io.layers import read_layers
    from basemap.render.encoding import feature_collection
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    layers = read_layers(SAMPLE)
    layers["aliases"] = [["Other name"] if s == "kant" else [] for s in layers["site"]]
    square = {
        "type": "Polygon",
        "coordinates": [
            [[74.1234567, 42.1], [74.2, 42.1], [74.2, 42.2], [74.1234567, 42.1]]
        ],
    }
    layers["area"] = [square if s == "kant" else None for s in layers["site"]]
    data = feature_collection(style(select(layers, year=2009)), {})
    props = {f["properties"]["site"]: f["properties"] for f in data["features"]}
    assert props["kant"]["aliases"] == ["Other name"]
    assert props["kant"]["area"]["type"] == "Polygon"
    assert props["kant"]["area"]["coordinates"][0][0] == [74.123457, 42.1]
    # empty or missing: left out
    assert "aliases" not in props["manas"] and "area" not in props["manas"]
    plain = feature_collection(style(select(read_layers(SAMPLE), year=2009)), {})
    assert all("area" not in f["properties"] for f in plain["features"])


def test_timeline_passes_compare_href():
    from basemap.io.layers import read_layers
    from basemap.pipeline import frame_bounds
    from basemap.render.page import render_timeline
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    layers = read_layers(SAMPLE)
    frames = {y: style(select(layers, year=y)) for y in (2004, 2005)}
    kwargs = {"as_of": "2026-01-01", "bounds": frame_bounds(layers)}
    with_link = render_html(
        render_timeline(frames, compare_href="compare.html", **kwargs)
    )
    assert '"compare_href": "compare.html"' in with_link or (
        '"compare_href":"compare.html"' in with_link
    )
    # the script reads opts.compare_href; the options carry none
    assert '"compare_href":' not in render_html(render_timeline(frames, **kwargs))
    from basemap.errors import OptionError

    with pytest.raises(OptionError, match="relative"):
        render_timeline(frames, compare_href="https://example.org/c.html", **kwargs)
