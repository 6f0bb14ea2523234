"""Sites that are areas (basemap.areas) and the "reported" status, from
reading to the page."""

from __future__ import annotations

import json

import pytest

from basemap.geo.areas import area_km2, check_area, round_area
from basemap.io.layers import read_layers, validate_layers
from basemap.selection.sites import select
from basemap.styling.symbols import legend_entries, marker_style, style

from ..conftest import DATA

AREAS = DATA / "valid" / "areas.geojson"
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]],
}
HOLED = {
    "type": "Polygon",
    "coordinates": [
        [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]],
        [[1, 1], [3, 1], [3, 3], [1, 3], [1, 1]],
    ],
}


def test_anchor_inside_area_and_its_edge():
    assert check_area(SQUARE, [2, 2])[0] == []
    assert check_area(SQUARE, [0, 2])[0] == []  # on the edge: covered


def test_anchor_in_a_hole_is_outside():
    (problem,), found = check_area(HOLED, [2, 2])
    assert found is None
    assert problem[0] == "anchor"
    assert problem[1].startswith("[2.0, 2.0] lies outside the area, 110.6 km")


def test_multipolygon_anchor_in_either_part():
    multi = {
        "type": "MultiPolygon",
        "coordinates": [SQUARE["coordinates"], [[[10, 0], [11, 0], [11, 1], [10, 0]]]],
    }
    assert check_area(multi, [10.8, 0.3])[0] == []
    assert check_area(multi, [7, 2])[0][0][0] == "anchor"


@pytest.mark.parametrize(
    "coords",
    [[], [[]], [[[0, 0], [1, 0]]], [[[0, 0], [1, "a"], [1, 1], [0, 0]]], [[[0, 91]]]],
)
def test_malformed_rings_are_refused_with_a_message(coords):
    (problem,), found = check_area({"type": "Polygon", "coordinates": coords}, [0, 0])
    assert found is None
    assert problem[0] in ("geometry.coordinates", "geometry")


def test_area_km2_is_geodesic():
    # a degree square is smaller near the pole than at the equator
    north = {
        "type": "Polygon",
        "coordinates": [[[0, 60], [1, 60], [1, 61], [0, 61], [0, 60]]],
    }
    equator = {
        "type": "Polygon",
        "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
    }
    assert 6100 < area_km2(north) < 6150
    assert 12300 < area_km2(equator) < 12320


def test_round_area_keeps_type_and_shape():
    rounded = round_area(HOLED, 1)
    assert rounded["type"] == "Polygon"
    assert len(rounded["coordinates"]) == 2


def test_read_keeps_the_anchor_as_point_and_the_outline():
    assert validate_layers(AREAS) == []
    layers = read_layers(AREAS).set_index("id")
    a = layers.loc["range-a-rus-1"]
    assert (a.geometry.x, a.geometry.y) == (73.6, 46.4)
    assert a["area"]["type"] == "Polygon"
    assert a["area"]["coordinates"][0][0] == [73.0, 46.0]
    assert layers.loc["range-b-rus-1"]["area"]["type"] == "MultiPolygon"
    assert layers.loc["outpost-c-chn-1"]["area"] is None
    assert layers.loc["outpost-c-chn-1"]["status"] == "reported"


def test_select_and_style_carry_the_area_and_the_key_says_so():
    styled = style(select(read_layers(AREAS), year=2010))
    by_site = styled.set_index("site")
    assert by_site.loc["range-a", "area"]["type"] == "Polygon"
    symbols = {e["symbol"]: e["label"] for e in legend_entries(styled)}
    assert symbols["outline"] == "area of a range or lease (outline)"
    # 2010: the reported outpost is not there yet (from 2016)
    assert "reported" not in symbols
    later = style(select(read_layers(AREAS), year=2017))
    symbols = {e["symbol"]: e["label"] for e in legend_entries(later)}
    assert symbols["reported"] == "reported, not confirmed"
    label = later.set_index("site").loc["outpost-c", "label"]
    assert label == "Outpost C (CHN), reported"


def test_reported_marker_differs_from_base_proposed_and_uncertain():
    looks = {
        (p, s): tuple(sorted(marker_style(p, s, "#123456").items()))
        for p, s in [
            ("present", "base"),
            ("present", "proposed"),
            ("present", "reported"),
            ("uncertain", "base"),
        ]
    }
    assert len(set(looks.values())) == 4
    assert marker_style("present", "reported", "#123456")["dashArray"] == "1 3"


def test_page_draws_the_outline_under_its_marker(tmp_path, offline_page):
    from basemap.pipeline import build

    path = build(year=2017, data=[AREAS], output=tmp_path / "areas.html")
    view = offline_page(width=1280, height=800)
    page = view.open(path)
    assert view.requests == [] and view.console == []
    data = json.loads(page.locator("#basemap-data").text_content())
    props = {f["properties"]["site"]: f["properties"] for f in data["features"]}
    assert props["range-a"]["area"]["type"] == "Polygon"
    outline = page.locator('path.basemap-area[data-key="range-a/RUS"]')
    assert outline.count() == 1
    marker = page.locator('path.basemap-marker[data-key="range-a/RUS"]')
    box, dot = outline.bounding_box(), marker.bounding_box()
    cx, cy = dot["x"] + dot["width"] / 2, dot["y"] + dot["height"] / 2
    assert box["x"] < cx < box["x"] + box["width"]
    assert box["y"] < cy < box["y"] + box["height"]
    assert box["width"] > 20  # a square degree, drawn as an area, not a dot
    # the former range's outline is not drawn, nor does the outline take clicks
    assert page.locator('path.basemap-area[data-key="range-b/RUS"]').count() == 0
    events = page.eval_on_selector(
        "path.basemap-area", "e => getComputedStyle(e).pointerEvents"
    )
    assert events == "none"
    assert "area of a range or lease (outline)" in page.inner_text("#basemap-legend")


def test_presence_chart_draws_and_keys_a_reported_presence():
    from basemap.pages.chart import presence_svg
    from basemap.pages.history import site_histories

    layers = read_layers(AREAS)
    svg = presence_svg(site_histories(layers), as_of="2026-11-23")
    assert svg.count('stroke-dasharray="1 2"') == 2  # the bar and its key
    assert "reported, not confirmed" in svg
    plain = presence_svg(
        site_histories(layers[layers["status"] != "reported"]), as_of="2026-11-23"
    )
    assert "reported, not confirmed" not in plain


def test_geopackage_keeps_areas_and_reads_back_the_same(tmp_path):
    import pyogrio

    from basemap.io.vector import AREAS_LAYER
    from basemap.output.gpkg import write_gpkg

    layers = read_layers(AREAS)
    path = write_gpkg(layers, tmp_path / "areas.gpkg")
    kinds = dict(pyogrio.list_layers(path).tolist())
    assert kinds["layers"] == "Point" and AREAS_LAYER in kinds
    again = read_layers(path).set_index("id")
    for row in layers.itertuples():
        back = again.loc[row.id]
        assert back["area"] == row.area
        assert (back.geometry.x, back.geometry.y) == (row.geometry.x, row.geometry.y)
    for year in (2010, 2017):
        a, b = select(layers, year=year), select(read_layers(path), year=year)
        assert (
            a.drop(columns="geometry").to_json() == b.drop(columns="geometry").to_json()
        )
    assert write_gpkg(layers, tmp_path / "again.gpkg").read_bytes() == path.read_bytes()


def test_a_years_geojson_gives_an_area_its_outline_and_anchor():
    from basemap.output.gpkg import selection_geojson

    data = json.loads(selection_geojson(style(select(read_layers(AREAS), year=2010))))
    by_key = {f["properties"]["key"]: f for f in data["features"]}
    area = by_key["range-a/RUS"]
    assert area["geometry"]["type"] == "Polygon"
    assert area["properties"]["anchor"] == [73.6, 46.4]
    multi = by_key["range-b/RUS"]
    assert multi["geometry"]["type"] == "MultiPolygon"
    assert multi["properties"]["anchor"] == [67.2, 48.2]


def test_site_page_locator_draws_the_area_around_its_anchor():
    from basemap.pages.history import site_histories
    from basemap.pages.locator import locator_svg
    from basemap.resources import load_boundaries

    sites = {h.site: h for h in site_histories(read_layers(AREAS))}
    assert sites["range-a"].area["type"] == "Polygon"
    assert sites["outpost-c"].area is None
    svg = locator_svg(sites["range-a"], load_boundaries())
    assert svg.count('class="bm-area"') == 1
    assert 'class="bm-area"' not in locator_svg(sites["outpost-c"], load_boundaries())


def test_popups_say_how_large_an_area_is_and_that_a_presence_is_reported(
    tmp_path, offline_page
):
    from basemap.pipeline import build

    path = build(year=2017, data=[AREAS], output=tmp_path / "areas.html")
    page = offline_page(width=1280, height=800).open(path)
    page.eval_on_selector(
        'path.basemap-marker[data-key="range-a/RUS"]', "e => e.focus()"
    )
    page.keyboard.press("Enter")
    popup = page.locator(".basemap-popup")
    # a 1x1 degree square at 46 N: pyproj's geodesic area, in the popup
    expected = f"about {round(area_km2(read_layers(AREAS)['area'][0])):,} km²"
    assert expected in popup.inner_text()
    page.keyboard.press("Escape")
    page.eval_on_selector(
        'path.basemap-marker[data-key="outpost-c/CHN"]', "e => e.focus()"
    )
    page.keyboard.press("Enter")
    assert (
        "Present (reported, not confirmed)"
        in page.locator(".basemap-popup .basemap-status").first.inner_text()
    )


def test_the_text_list_says_a_presence_is_reported():
    from basemap.frames import records
    from basemap.render.encoding import describe

    rows = records(style(select(read_layers(AREAS), year=2017)))
    text = {r["site"]: describe(r) for r in rows}
    assert text["outpost-c"].endswith("(reported, not confirmed)")
    assert "reported" not in text["range-a"]
