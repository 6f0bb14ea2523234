"""Make geodata/boundaries.geojson from Natural Earth (via npm's world-atlas).

Source: the npm package ``world-atlas`` 2.0.2 (ISC licence; the data is
Natural Earth 1:50m Admin 0 countries, public domain), file
``countries-50m.json`` (TopoJSON; countries carry their ISO 3166 numeric code
as ``id`` and a ``name``).

Steps: decode the TopoJSON arcs; keep the countries that meet the region's
box; repair invalid polygons (Russia's 1:50m polygon self-intersects);
clip to the box; simplify all countries together with
``shapely.coverage_simplify`` so that shared borders stay shared (no gaps,
no overlaps); round to 4 decimals (about 10 m).

Run (from the repository root; needs npm, only to fetch the package)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_boundaries.py package/countries-50m.json

The output is deterministic for the same input.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, box, mapping

#: The region drawn: lon 44-90, lat 30-56 (Central Asia and its neighbours).
BBOX = (44.0, 30.0, 90.0, 56.0)
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
    "417": "KGZ",
    "496": "MNG",
    "586": "PAK",
    "643": "RUS",
    "762": "TJK",
    "792": "TUR",
    "795": "TKM",
    "860": "UZB",
}


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
    region = box(*BBOX)
    rows = []
    for obj in topology["objects"]["countries"]["geometries"]:
        code = obj.get("id")
        if code not in ALPHA3:
            continue
        geom = _geometry(obj, arcs)
        if geom is None or not geom.intersects(region):
            continue
        geom = shapely.make_valid(geom)
        geom = geom.intersection(region)
        polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
        if not polys:
            continue
        rows.append(
            (ALPHA3[code], code, obj["properties"]["name"], MultiPolygon(polys))
        )
    rows.sort()
    simplified = shapely.coverage_simplify(
        np.array([r[3] for r in rows]), TOLERANCE, simplify_boundary=False
    )
    features = []
    for (alpha3, numeric, name, _), geom in zip(rows, simplified, strict=True):
        geom = shapely.set_precision(geom, 10**-DECIMALS)
        features.append(
            {
                "type": "Feature",
                "properties": {"iso_a3": alpha3, "iso_n3": numeric, "name": name},
                "geometry": mapping(geom),
            }
        )
    return {
        "type": "FeatureCollection",
        "name": "boundaries",
        "attribution": "Natural Earth (public domain), 1:50m Admin 0 countries, "
        "via the npm package world-atlas 2.0.2 (ISC)",
        "bbox": list(BBOX),
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
    args.output.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(text.encode()) / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
