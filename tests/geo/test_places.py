"""The base map's names (geodata/places.geojson, basemap.places,
static/places.js) and the borders they sit on (geodata/boundaries.geojson)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box, shape

from basemap.errors import OptionError
from basemap.geo import places
from basemap.render import base_layers
from basemap.resources import MAP_STATIC_DIR, load_boundaries

from ..conftest import REPO

FRAME = (44.0, 30.0, 90.0, 56.0)
PLACES = REPO / "geodata" / "places.geojson"
STATIC = MAP_STATIC_DIR
CORE = ("KAZ", "KGZ", "TJK", "UZB", "TKM")
CAPITALS = {
    "KAZ": "Astana",
    "KGZ": "Bishkek",
    "TJK": "Dushanbe",
    "UZB": "Tashkent",
    "TKM": "Ashgabat",
    "AFG": "Kabul",
}


@pytest.fixture(scope="module")
def data():
    return json.loads(PLACES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def by_name(data):
    return {f["properties"]["name"]: f for f in data["features"]}


@pytest.fixture(scope="module")
def countries():
    """alpha-3 -> shape, from the bundled borders."""
    return {
        f["properties"]["iso_a3"]: shape(f["geometry"])
        for f in load_boundaries()["features"]
        if f["properties"]["iso_a3"]
    }


def _point(feature) -> Point:
    return Point(feature["geometry"]["coordinates"])


# -- the file ------------------------------------------------------------------
def test_file_is_small_and_credits_its_sources(data):
    assert PLACES.stat().st_size < 15_000
    assert "GeoNames" in data["attribution"]
    assert "CC BY 4.0" in data["attribution"]
    assert "Natural Earth" in data["attribution"]
    assert data["licenses"]["GeoNames"].startswith("https://creativecommons.org/")
    assert all(url.startswith("https://") for url in data["licenses"].values())


def test_every_feature_is_a_named_ranked_point_inside_the_frame(data):
    frame = box(*FRAME)
    assert len(data["features"]) >= 40
    for f in data["features"]:
        p = f["properties"]
        assert f["geometry"]["type"] == "Point"
        assert isinstance(p["name"], str) and p["name"].strip() == p["name"] != ""
        assert p["kind"] in places.KINDS
        assert isinstance(p["rank"], int) and 1 <= p["rank"] <= 4
        assert frame.contains(_point(f)), p["name"]
        assert ("iso_a3" in p) == (p["kind"] == "country")
    names = [f["properties"]["name"] for f in data["features"]]
    assert len(names) == len(set(names))


def test_the_four_water_bodies_lie_on_their_water(by_name, countries):
    for name, kind in [
        ("Caspian Sea", "sea"),
        ("Aral Sea", "sea"),
        ("Lake Balkhash", "lake"),
        ("Issyk-Kul", "lake"),
    ]:
        assert by_name[name]["properties"]["kind"] == kind
    # the Caspian is the one sea the borders leave open: its name is off land
    caspian = _point(by_name["Caspian Sea"])
    assert not any(g.contains(caspian) for g in countries.values())
    assert countries["KGZ"].contains(_point(by_name["Issyk-Kul"]))
    assert countries["KAZ"].contains(_point(by_name["Lake Balkhash"]))
    aral = _point(by_name["Aral Sea"])
    assert countries["KAZ"].union(countries["UZB"]).contains(aral)


def test_inland_waters_have_outlines_around_their_names(data, by_name):
    outlines = {
        f["properties"]["name"]: shape(f["geometry"]) for f in data["water"]["features"]
    }
    assert set(outlines) == {"Aral Sea", "Lake Balkhash", "Issyk-Kul"}
    for name, outline in outlines.items():
        assert outline.is_valid and box(*FRAME).contains(outline)
        assert outline.buffer(0.05).contains(_point(by_name[name])), name


def test_every_capital_of_the_region_lies_in_its_country(by_name, countries):
    for alpha3, name in CAPITALS.items():
        feature = by_name[name]
        assert feature["properties"]["kind"] == "capital"
        assert feature["properties"]["rank"] == 1
        assert countries[alpha3].contains(_point(feature)), name
    # neighbours' capitals inside the frame are named too
    for name in ("Tehran", "Islamabad", "Baku", "Tbilisi"):
        assert by_name[name]["properties"]["kind"] == "capital"


def test_countries_of_the_region_and_neighbours_are_named_inside_them(data, countries):
    named = {
        f["properties"]["iso_a3"]: f
        for f in data["features"]
        if f["properties"]["kind"] == "country"
    }
    assert set(named) >= {*CORE, "AFG", "RUS", "CHN", "IRN", "PAK"}
    for alpha3, f in named.items():
        assert countries[alpha3].contains(_point(f)), alpha3
        if alpha3 in CORE:
            assert f["properties"]["rank"] == 1


def test_main_cities_have_english_names(by_name):
    for name in ("Almaty", "Shymkent", "Samarkand", "Osh", "Andijan", "Termez"):
        assert by_name[name]["properties"]["kind"] == "city"
    # GeoNames' national spellings and districts are not shown
    for name in ("Andijon", "Tirmiz", "Herāt", "Manas", "Chilanzar", "Yunusobod"):
        assert name not in by_name
    # a map of the whole region (zoom 5, ranks 1-3) has 25-40 of them to place
    towns = [
        f
        for f in by_name.values()
        if f["properties"]["kind"] in ("capital", "city")
        and f["properties"]["rank"] <= 3
    ]
    assert 25 <= len(towns) <= 40


# -- the module ----------------------------------------------------------------
def test_places_json_is_the_file_as_compact_json(data):
    text = base_layers.places_json()
    assert json.loads(text) == data
    assert "\n" not in text
    assert base_layers.places_json() is text  # encoded once per process


def test_places_json_is_script_safe(monkeypatch):
    hostile = {
        "type": "FeatureCollection",
        "attribution": "a & b",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "</script><!--x\u2028", "kind": "city"},
                "geometry": {"type": "Point", "coordinates": [70, 40]},
            }
        ],
    }
    base_layers.places_json.cache_clear()
    monkeypatch.setattr(base_layers, "load_places", lambda: hostile)
    try:
        text = base_layers.places_json()
        assert json.loads(text) == hostile
        for raw in ("<", ">", "&", "\u2028"):
            assert raw not in text
    finally:
        base_layers.places_json.cache_clear()


def test_place_names_filters_by_kind():
    everything = places.place_names()
    assert len(everything) == len(json.loads(PLACES.read_text())["features"])
    lakes = places.place_names("lake")
    assert {p["name"] for p in lakes} == {"Lake Balkhash", "Issyk-Kul"}
    assert all(set(p) >= {"name", "kind", "rank", "lon", "lat"} for p in lakes)
    ranks = [p["rank"] for p in everything]
    assert ranks == sorted(ranks)
    with pytest.raises(OptionError, match="unknown place kind 'town'"):
        places.place_names("town")
    assert places.places_path().parent == REPO / "geodata"
    assert "GeoNames" in places.places_attribution()


# -- the borders ---------------------------------------------------------------
def test_disputed_areas_are_features_not_holes(by_name):
    borders = load_boundaries()
    disputed = [f for f in borders["features"] if f["properties"].get("disputed")]
    assert disputed, "no disputed area"
    for f in disputed:
        assert f["properties"]["disputed"] is True
        assert f["properties"]["name"].endswith("(disputed)")
        assert f["properties"]["iso_a3"] is None  # never shaded as a country
    siachen = shape(disputed[0]["geometry"])
    assert siachen.contains(Point(77.2, 35.4))
    # the only opening the borders leave in the frame is the Caspian Sea
    union = shapely.union_all([shape(f["geometry"]) for f in borders["features"]])
    frame = box(*FRAME)
    holes = [
        shapely.Polygon(ring)
        for poly in getattr(union, "geoms", [union])
        for ring in poly.interiors
        if shapely.Polygon(ring).intersects(frame) and shapely.Polygon(ring).area > 1e-3
    ]
    assert len(holes) == 1
    assert holes[0].contains(_point(by_name["Caspian Sea"]))


def test_borders_reach_past_the_frame_so_no_edge_runs_along_it():
    borders = load_boundaries()
    assert borders["frame"] == list(FRAME)
    x0, y0, x1, y1 = borders["bbox"]
    assert x0 < FRAME[0] and y0 < FRAME[1] and x1 > FRAME[2] and y1 > FRAME[3]
    on_edge = []
    for f in borders["features"]:
        geom = shape(f["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            for ring in [poly.exterior, *poly.interiors]:
                coords = list(ring.coords)
                for a, b in itertools.pairwise(coords):
                    for axis, value in ((0, 44.0), (0, 90.0), (1, 30.0), (1, 56.0)):
                        if a[axis] == value == b[axis]:
                            on_edge.append((f["properties"]["name"], a, b))
    assert on_edge == []
    # land meets every edge of the frame, so the cut would show were it there
    union = shapely.union_all([shape(f["geometry"]) for f in borders["features"]])
    for x, y in ((44.0, 50.0), (90.0, 45.0), (70.0, 30.0), (70.0, 56.0)):
        assert union.contains(Point(x, y))


def test_borders_keep_the_codes_the_alliance_shading_uses():
    codes = [f["properties"]["iso_a3"] for f in load_boundaries()["features"]]
    named = [c for c in codes if c]
    assert len(named) == len(set(named))
    assert set(named) >= {*CORE, "RUS", "CHN", "ARM", "AZE", "GEO", "AFG", "IRN"}
    assert set(named) >= {"IND", "PAK", "MNG"}


# -- places.js in a browser ----------------------------------------------------
def _page_html(features, avoid_box=None, water=None) -> str:
    import xstatic.pkg.leaflet as leaflet

    from basemap.render.assets import script_json

    base = Path(leaflet.BASE_DIR)
    data = {"type": "FeatureCollection", "features": features}
    if water:
        data["water"] = {"type": "FeatureCollection", "features": water}
    avoid = json.dumps([avoid_box] if avoid_box else [])
    return f"""<!doctype html><html><head><meta charset="utf-8">
<style>{(base / "leaflet.css").read_text()}</style>
<style>{(STATIC / "places.css").read_text()}</style>
<style>html,body,#map{{margin:0;height:100%}}</style>
<script>{(base / "leaflet.js").read_text()}</script></head><body><div id="map"></div>
<script>{(STATIC / "places.js").read_text()}</script>
<script>
var map = L.map("map", {{zoomAnimation: false, fadeAnimation: false}});
map.setView([41, 68], 5);
var places = basemapPlaces(map, {script_json(data)}, {{avoidSelector: false}});
window.shown = places.update({avoid});
</script></body></html>"""


def point_feature(name, kind, rank, lon, lat):
    return {
        "type": "Feature",
        "properties": {"name": name, "kind": kind, "rank": rank},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def shown_rows(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries(Array.from(
             document.querySelectorAll('.basemap-place:not(.basemap-place-hidden)'))
           .map(e => {
             const r = e.firstChild.getBoundingClientRect();
             return [e.textContent, [r.left, r.top, r.right, r.bottom]];
           }))"""
    )


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 800, "height": 600})
    errors = []
    p.on("pageerror", lambda e: errors.append(str(e)))
    p.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(("about:", "data:"))
            else r.abort()
        ),
    )
    yield p, errors
    p.close()


@pytest.mark.browser
def test_places_js_draws_text_under_the_sites_and_drops_by_rank(page):
    p, errors = page
    features = [
        point_feature("Tashkent", "capital", 1, 69.22, 41.26),
        point_feature("Uzbekistan", "country", 1, 64.0, 41.5),
        point_feature("<img src=x onerror=alert(1)>", "city", 2, 66.96, 39.65),
        point_feature("Tiny Town", "city", 4, 71.0, 43.0),  # rank 4: zoom 6 only
        point_feature("Tashkent Twin", "city", 3, 69.22, 41.26),  # on Tashkent
    ]
    lake = {
        "type": "Feature",
        "properties": {"name": "A lake", "kind": "lake"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[60, 44], [61, 44], [61, 45], [60, 45], [60, 44]]],
        },
    }
    p.set_content(_page_html(features, water=[lake]))
    assert errors == []
    assert (
        p.evaluate(
            "document.querySelectorAll('.leaflet-basemapWater-pane path.basemap-water')"
            ".length"
        )
        == 1
    )
    shown = shown_rows(p)
    assert set(shown) == {"Tashkent", "Uzbekistan", "<img src=x onerror=alert(1)>"}
    assert p.evaluate("document.querySelectorAll('.basemap-place img').length") == 0
    pane = p.evaluate(
        """() => { const s = getComputedStyle(map.getPane('basemapPlaces'));
                   return [Number(s.zIndex), s.pointerEvents]; }"""
    )
    assert pane[0] < 400 and pane[1] == "none"  # under the markers, never clicked
    boxes = list(shown.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    p.evaluate("map.setZoom(6)")
    p.evaluate("places.update([])")
    assert "Tiny Town" in shown_rows(p)


@pytest.mark.browser
def test_places_js_gives_way_to_the_boxes_to_avoid(page):
    p, errors = page
    features = [
        point_feature("Samarkand", "city", 2, 66.96, 39.65),
        point_feature("Bukhara", "city", 2, 64.43, 39.77),
    ]
    p.set_content(_page_html(features))
    samarkand = shown_rows(p)["Samarkand"]
    # a site label right on Samarkand's name: the name moves left or goes
    avoid = [samarkand[0] + 8, samarkand[1], samarkand[2] + 30, samarkand[3]]
    p.evaluate(f"window.shown = places.update([{json.dumps(avoid)}])")
    after = shown_rows(p)
    assert "Bukhara" in after
    if "Samarkand" in after:
        box_ = after["Samarkand"]
        assert box_[2] <= avoid[0] or box_[0] >= avoid[2]
    # a box covering the whole map hides every name
    p.evaluate("places.update([{left: 0, top: 0, right: 800, bottom: 600}])")
    assert shown_rows(p) == {}
    assert errors == []
