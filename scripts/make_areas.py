"""Write the outlines of sites that are areas into geodata/layers/ from Natural Earth.

Source: the npm package ``world-atlas`` 2.0.2 (ISC licence; the data is
Natural Earth 1:10m Admin 0 countries, public domain), file
``countries-10m.json`` (TopoJSON). Natural Earth draws the Baikonur lease
as a feature of its own, named "Baikonur" (no ISO code): one ring of 65
points, 6,504 km² on the WGS84 ellipsoid (the sources say about 6,700 km²;
Natural Earth's 1:10m line is simplified). No other range or lease of the
data has an outline in any package the registries ship (see
``geodata/README.md``).

For each feature of :data:`AREAS` (layer file, feature id -> Natural Earth
name), the script sets the geometry to the outline (rounded to 5 decimals,
about 1 m) and ``anchor`` to the feature's point (its marker stays at the
installation), and stops if the point does not lie inside the outline.
Everything else in the file is kept as it is.

Run (from the repository root; needs npm, only to fetch the package)::

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/make_areas.py package/countries-10m.json

The output is deterministic for the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from shapely.geometry import Point, mapping

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_boundaries import _decode_arcs, _geometry

LAYERS = Path("geodata/layers")
#: (layer file, feature id) -> the Natural Earth feature's name.
AREAS = {
    ("russia.geojson", "baikonur-rus-1994"): "Baikonur",
    ("russia.geojson", "baikonur-rus-2"): "Baikonur",
}


def outlines(topojson_path: Path) -> dict[str, dict]:
    """Natural Earth name -> GeoJSON outline, for the names in :data:`AREAS`."""
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    wanted = set(AREAS.values())
    out = {}
    for obj in topology["objects"]["countries"]["geometries"]:
        name = (obj.get("properties") or {}).get("name")
        if name in wanted:
            out[name] = _geometry(obj, arcs)
    missing = wanted - set(out)
    if missing:
        raise SystemExit(f"not in {topojson_path}: {', '.join(sorted(missing))}")
    return out


def _rounded(coords):
    if isinstance(coords[0], int | float):
        return [round(coords[0], 5), round(coords[1], 5)]
    return [_rounded(c) for c in coords]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-10m.json")
    args = parser.parse_args()
    shapes = outlines(args.topojson)
    for file in sorted({f for f, _ in AREAS}):
        path = LAYERS / file
        layer = json.loads(path.read_text(encoding="utf-8"))
        for feature in layer["features"]:
            key = (file, feature["properties"]["id"])
            if key not in AREAS:
                continue
            shape = shapes[AREAS[key]]
            point = (
                feature["properties"].get("anchor")
                or feature["geometry"]["coordinates"]
            )
            if not shape.covers(Point(point)):
                raise SystemExit(f"{key}: the point {point} is outside the outline")
            geom = mapping(shape)
            feature["geometry"] = {
                "type": geom["type"],
                "coordinates": _rounded(json.loads(json.dumps(geom["coordinates"]))),
            }
            feature["properties"]["anchor"] = point
        text = json.dumps(layer, ensure_ascii=False, indent=2) + "\n"
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
