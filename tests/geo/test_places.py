"""The base map's names (geodata/places.geojson, basemap.geo.places,
static/places.js) and the borders they sit on (geodata/boundaries*.geojson,
basemap.geo.frame), for the bundled data's frame and for frames elsewhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely
from shapely.geometry import Point, box, shape

from basemap.errors import OptionError
from basemap.geo import places
from basemap.geo.frame import frame_boundaries, map_frame
from basemap.render import base_layers
from basemap.resources import MAP_STATIC_DIR, load_boundaries

from ..conftest import REPO

#: The bundled data's view (all its sites, padded) and host states.
VIEW = (57.15042, 35.72484, 82.06667, 52.09718)
CORE = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
FRAME = map_frame(VIEW).frame
PLACES = REPO / "geodata" / "places.geojson"
STATIC = MAP_STATIC_DIR
CAPITALS = {
    "KAZ": "Astana",
    "KGZ": "Bishkek",
    "TJK": "Dushanbe",
    "UZB": "Tashkent",
    "TKM": "Ashgabat",
    "AFG": "Kabul",
}
#: The example's view (examples/russia-abroad: Belarus to Vietnam) and hosts.
EXAMPLE_VIEW = (25.43096, 10.9982, 110.219, 55.4914)
EXAMPLE_HOSTS = ("ARM", "BLR", "GEO", "MDA", "SYR", "VNM")


@pytest.fixture(scope="module")
def data():
    return json.loads(PLACES.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def region():
    """The names of the bundled data's map."""
    return places.frame_places(map_frame(VIEW), CORE)


@pytest.fixture(scope="module")
def by_name(region):
    return {f["properties"]["name"]: f for f in region["features"]}


@pytest.fixture(scope="module")
def countries():
    """alpha-3 -> shape, from the bundled 1:50m borders of the world."""
    return {
        f["properties"]["iso_a3"]: shape(f["geometry"])
        for f in load_boundaries()["features"]
        if f["properties"]["iso_a3"]
    }


def _point(feature) -> Point:
    return Point(feature["geometry"]["coordinates"])


# -- the file ------------------------------------------------------------------
def test_file_credits_its_sources_and_holds_the_world(data):
    assert PLACES.stat().st_size < 250_000
    assert "GeoNames" in data["attribution"]
    assert "CC BY 4.0" in data["attribution"]
    assert "Natural Earth" in data["attribution"]
    assert data["licenses"]["GeoNames"].startswith("https://creativecommons.org/")
    assert all(url.startswith("https://") for url in data["licenses"].values())
    capitals = {p["country"] for p in places.place_names("capital")}
    assert len(capitals) > 200  # every state's capital GeoNames has
    assert {"SYR", "VNM", "DJI", "CUB", "KGZ", "ARM"} <= capitals
    assert len(places.place_names("city")) > 3000


def test_city_names_are_geonames_english_forms(data):
    cities = {p["name"]: p for p in places.place_names("city")}
    for name in ("Almaty", "Shymkent", "Samarkand", "Osh", "Andijan", "Termez"):
        assert cities[name]["country"] in CORE
    # GeoNames' diacritics dropped where GeoNames lists the plain form too
    assert {"Tartus", "Hamah", "Aleppo", "Latakia"} <= set(cities)
    for name in ("Andijon", "Tirmiz", "Herāt", "Manas", "Chilanzar", "Ţarţūs"):
        assert name not in cities


def test_every_pool_name_is_a_ranked_point(data):
    for f in data["features"]:
        p = f["properties"]
        assert f["geometry"]["type"] == "Point"
        assert isinstance(p["name"], str) and p["name"].strip() == p["name"] != ""
        assert p["kind"] in places.KINDS
    for p in places.place_names():
        assert 1 <= p["rank"] <= 4


def test_seas_and_lakes_lie_on_their_water(countries):
    waters = {
        p["name"]: p for p in places.place_names() if p["kind"] in ("sea", "lake")
    }
    land = shapely.union_all(list(countries.values()))
    for name in (
        "Caspian Sea",
        "Black Sea",
        "Mediterranean Sea",
        "Red Sea",
        "South China Sea",
        "Atlantic Ocean",
        "Indian Ocean",
    ):
        assert not land.contains(Point(waters[name]["lon"], waters[name]["lat"])), name
    inside = {
        "Issyk-Kul": "KGZ",
        "Lake Balkhash": "KAZ",
        "Lake Baikal": "RUS",
        "Lake Sevan": "ARM",
        "Lake Van": "TUR",
    }
    for name, code in inside.items():
        assert countries[code].contains(Point(waters[name]["lon"], waters[name]["lat"]))


# -- a map's names ---------------------------------------------------------------
def test_every_name_of_a_map_is_a_named_ranked_point_inside_its_frame(region):
    frame = box(*FRAME)
    assert 40 <= len(region["features"]) <= 150
    for f in region["features"]:
        p = f["properties"]
        assert f["geometry"]["type"] == "Point"
        assert p["kind"] in places.KINDS
        assert isinstance(p["rank"], int) and 1 <= p["rank"] <= 4
        assert frame.contains(_point(f)), p["name"]
        assert ("iso_a3" in p) == (p["kind"] in ("country", "capital"))
        assert set(p) <= {"name", "kind", "rank", "iso_a3"}  # what places.js reads
    names = [f["properties"]["name"] for f in region["features"]]
    assert len(names) == len(set(names))
    assert region["bbox"] == list(FRAME)


def test_the_regions_waters_are_named_and_outlined(region, by_name, countries):
    for name, kind in [
        ("Caspian Sea", "sea"),
        ("Aral Sea", "sea"),
        ("Lake Balkhash", "lake"),
        ("Issyk-Kul", "lake"),
    ]:
        assert by_name[name]["properties"]["kind"] == kind
    assert countries["KGZ"].contains(_point(by_name["Issyk-Kul"]))
    assert countries["KAZ"].contains(_point(by_name["Lake Balkhash"]))
    aral = _point(by_name["Aral Sea"])
    assert countries["KAZ"].union(countries["UZB"]).contains(aral)
    outlines = {
        f["properties"]["name"]: shape(f["geometry"])
        for f in region["water"]["features"]
    }
    assert {"Aral Sea", "Lake Balkhash", "Issyk-Kul"} <= set(outlines)
    for name in ("Aral Sea", "Lake Balkhash", "Issyk-Kul"):
        assert outlines[name].is_valid
        assert outlines[name].buffer(0.05).contains(_point(by_name[name])), name


def test_the_hosts_and_their_capitals_come_first(by_name, countries):
    for alpha3, name in CAPITALS.items():
        feature = by_name[name]
        assert feature["properties"]["kind"] == "capital"
        assert feature["properties"]["rank"] == (1 if alpha3 in CORE else 2)
        assert countries[alpha3].contains(_point(feature)), name
    # neighbours' capitals inside the frame are named too
    for name in ("Tehran", "Islamabad", "Baku"):
        assert by_name[name]["properties"]["kind"] == "capital"


def test_countries_of_the_region_and_neighbours_are_named_inside_them(
    region, countries
):
    named = {
        f["properties"]["iso_a3"]: f
        for f in region["features"]
        if f["properties"]["kind"] == "country"
    }
    assert set(named) >= {*CORE, "AFG", "RUS", "CHN", "IRN", "PAK"}
    for alpha3, f in named.items():
        assert countries[alpha3].contains(_point(f)), alpha3
        rank = f["properties"]["rank"]
        assert rank == 1 if alpha3 in CORE else rank in (2, 3), (alpha3, rank)
    # the large neighbours are rank 2, the slivers at the edge rank 3
    assert named["RUS"]["properties"]["rank"] == named["CHN"]["properties"]["rank"] == 2


def test_the_regions_cities_are_many_and_its_neighbours_few(region):
    towns = [
        f["properties"]
        for f in region["features"]
        if f["properties"]["kind"] == "city" and f["properties"]["rank"] <= 3
    ]
    # a map of the whole region (zoom 5, ranks 1-3) has 12-40 of them to place
    assert 12 <= len(towns) <= 40
    assert {"Almaty", "Shymkent", "Samarkand", "Osh"} <= {t["name"] for t in towns}


def test_a_map_elsewhere_names_its_own_hosts_and_capitals():
    got = places.frame_places(map_frame(EXAMPLE_VIEW), EXAMPLE_HOSTS)
    first = {
        f["properties"]["name"]: f["properties"]["kind"]
        for f in got["features"]
        if f["properties"]["rank"] == 1
    }
    for capital in ("Yerevan", "Minsk", "Tbilisi", "Chisinau", "Damascus", "Hanoi"):
        assert first[capital] == "capital"
    for country in ("Armenia", "Belarus", "Georgia", "Moldova", "Syria", "Vietnam"):
        assert first[country] == "country"
    assert {"Black Sea", "Mediterranean Sea", "Caspian Sea"} <= set(first)
    # no Central Asian state is a host here: Astana is only a capital
    astana = [f for f in got["features"] if f["properties"]["name"] == "Astana"]
    assert astana and astana[0]["properties"]["rank"] == 2


def test_a_world_map_keeps_few_names():
    got = places.frame_places(map_frame((-76.2, 10.5, 110.2, 48.8)), ("CUB", "DJI"))
    assert got["bbox"] == [-180.0, -60.0, 180.0, 82.0]
    text = json.dumps(got, separators=(",", ":"))
    assert len(text) < 60_000
    first = [
        f["properties"]["name"] for f in got["features"] if f["properties"]["rank"] == 1
    ]
    assert {"Havana", "Djibouti", "Cuba", "Atlantic Ocean", "Pacific Ocean"} <= set(
        first
    )
    assert len(first) < 25


# -- the module ----------------------------------------------------------------
def test_places_json_is_the_frames_names_as_compact_json(region):
    frame = map_frame(VIEW)
    text = base_layers.places_json(frame, CORE)
    assert json.loads(text) == json.loads(json.dumps(region))
    assert "\n" not in text
    assert base_layers.places_json(frame, CORE) is text  # encoded once per process


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
    monkeypatch.setattr(base_layers, "frame_places", lambda frame, hosts: hostile)
    try:
        text = base_layers.places_json(map_frame(VIEW), ())
        assert json.loads(text) == hostile
        for raw in ("<", ">", "&", "\u2028"):
            assert raw not in text
    finally:
        base_layers.places_json.cache_clear()


def test_place_names_filters_by_kind():
    everything = places.place_names()
    lakes = places.place_names("lake")
    assert {"Lake Balkhash", "Issyk-Kul", "Lake Baikal"} <= {p["name"] for p in lakes}
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
    disputed = {
        f["properties"]["name"]: f
        for f in borders["features"]
        if f["properties"].get("disputed")
    }
    assert set(disputed) == {
        "Crimea (disputed)",
        "Kosovo (disputed)",
        "Northern Cyprus (disputed)",
        "Siachen Glacier (disputed)",
        "Somaliland (disputed)",
    }
    for f in disputed.values():
        assert f["properties"]["iso_a3"] is None  # never shaded as a country
        assert f["properties"]["claimants"]
    assert shape(disputed["Siachen Glacier (disputed)"]["geometry"]).contains(
        Point(77.2, 35.4)
    )
    # Natural Earth draws Crimea in Russia, who holds it: cut out, disputed
    sevastopol = Point(33.52, 44.6)
    assert shape(disputed["Crimea (disputed)"]["geometry"]).contains(sevastopol)
    rus = next(f for f in borders["features"] if f["properties"]["iso_a3"] == "RUS")
    assert not shape(rus["geometry"]).contains(sevastopol)
    # a map's borders draw them dashed (disputed, no code), never as holes
    region = frame_boundaries(map_frame(VIEW))
    siachen = [f for f in region["features"] if f["properties"].get("disputed")]
    assert [f["properties"]["name"] for f in siachen] == ["Siachen Glacier (disputed)"]
    union = shapely.union_all([shape(f["geometry"]) for f in region["features"]])
    frame = box(*FRAME)
    holes = [
        shapely.Polygon(ring)
        for poly in getattr(union, "geoms", [union])
        for ring in poly.interiors
        if shapely.Polygon(ring).intersects(frame) and shapely.Polygon(ring).area > 1e-3
    ]
    assert len(holes) == 1  # the only opening in the frame is the Caspian Sea
    assert holes[0].contains(_point(by_name["Caspian Sea"]))


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
def boxes_overlap(a, b) -> bool:
    """Whether two [left, top, right, bottom] boxes overlap."""
    return not (a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1])


def test_places_js_gives_way_to_the_boxes_to_avoid(page):
    p, errors = page
    features = [
        point_feature("Samarkand", "city", 2, 66.96, 39.65),
        point_feature("Bukhara", "city", 2, 64.43, 39.77),
    ]
    p.set_content(_page_html(features))
    shown_rows_before = shown_rows(p)
    samarkand = shown_rows_before["Samarkand"]
    # a site label right on Samarkand's name: the name moves left or goes
    avoid = [samarkand[0] + 8, samarkand[1], samarkand[2] + 30, samarkand[3]]
    p.evaluate(f"window.shown = places.update([{json.dumps(avoid)}])")
    after = shown_rows(p)
    # no shown name on the box; Samarkand's, moved left, may take Bukhara's
    # place, and Bukhara (the second of equal rank) then gives way to it
    for name, box_ in after.items():
        assert box_[2] <= avoid[0] or box_[0] >= avoid[2], name
    if "Bukhara" in after and "Samarkand" in after:
        assert not boxes_overlap(after["Bukhara"], after["Samarkand"])
    else:
        assert set(after) == {"Samarkand"}, after
        assert after["Samarkand"][0] < samarkand[0]  # moved to the left
        assert boxes_overlap(after["Samarkand"], shown_rows_before["Bukhara"])
    # a box covering the whole map hides every name
    p.evaluate("places.update([{left: 0, top: 0, right: 800, bottom: 600}])")
    assert shown_rows(p) == {}
    assert errors == []
