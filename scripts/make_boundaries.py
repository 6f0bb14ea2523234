"""Make the world's country borders, geodata/boundaries.geojson (1:50m) and
geodata/boundaries-110m.geojson (1:110m), from Natural Earth via world-atlas.

Source: the npm package ``world-atlas`` 2.0.2 (ISC licence; the data is
Natural Earth Admin 0 countries, public domain), files
``countries-50m.json`` and ``countries-110m.json`` (TopoJSON; countries
carry their ISO 3166 numeric code as ``id`` and a ``name``).

What the map and validation do with them: a page draws the borders of its
own frame, clipped and simplified to it at run time
(:mod:`basemap.geo.frame`: 1:110m for a frame wider than a continent,
1:50m otherwise); validation tests that a site lies inside its host at
1:50m, unsimplified (:mod:`basemap.validate.rules`). 1:10m (3.6 MB of
TopoJSON) is not bundled: a frame is at least a few degrees wide, where
1:50m's detail is finer than the map's pixels, and 1:50m holds every state
a host can be (Bahrain, Djibouti, Singapore, Malta).

Steps, for each scale: decode the TopoJSON arcs; give each unit its ISO
3166-1 alpha-3 code from its numeric code, and its name from that code
(pycountry, through :mod:`basemap.codes`, as every page names a state);
cut the rings that cross the antimeridian (world-atlas
draws Russia, Fiji and Antarctica for a spherical renderer: a planar ring
from 180 to -180 would cover the world), with the PyPI package
``antimeridian``; repair what is still invalid (``make_valid``); snap to a
0.001 degree grid (about 100 m; world-atlas quantises to about 0.0036
degree, so nothing is lost), which keeps the polygons valid; merge the units
of one code (Australia and its Ashmore and Cartier Islands; the
Indian Ocean Territories, which Natural Earth draws apart and ISO splits
into CXR and CCK, go to Australia too). Antarctica is left out: no state
may keep a military base there (the Antarctic Treaty, Article I), and the
maps' frames stop at 60 degrees south.

Disputed areas: units without an ISO code (Kosovo, Northern Cyprus,
Somaliland, the Siachen Glacier), and Crimea, which Natural Earth draws in
Russia, the state that holds it (its polygon is cut out whole, :data:`SPLIT`),
are written as their own features,
``"disputed": true``, ``iso_a3`` null, named "<name> (disputed)", with the
states they count as part of (:data:`basemap.codes.UNCODED_UNITS`) in
``claimants``, so the map shows them dashed instead of as a hole, and a
site there may name any of those states as its host. A unit without a
code that is in neither table stops the script.

Run (from the repository root; npm is needed only to fetch the package,
and ``pip install antimeridian==0.4.9 pycountry`` for this script)::

    npm pack world-atlas@2.0.2 && mkdir -p /tmp/wa
    tar xzf world-atlas-2.0.2.tgz -C /tmp/wa
    python scripts/make_boundaries.py /tmp/wa/package

The output is deterministic for the same input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from basemap.codes import UNCODED_UNITS, state_name

#: The grid the coordinates are snapped to (degrees).
GRID = 0.001
DECIMALS = 3
#: Natural Earth units without an ISO code merged into a state.
MERGED = {"Indian Ocean Ter.": "AUS"}
#: Parts cut out of a state as a unit of their own: name -> (the state
#: Natural Earth draws them in, the box that holds every polygon of the
#: part, and nothing else of that state).
SPLIT = {"Crimea": ("RUS", (32.0, 44.0, 37.0, 46.3))}
#: Units left out, by ISO numeric code (Antarctica: see above).
LEFT_OUT = {"010"}
#: The output file of each scale.
OUTPUTS = {"50m": "boundaries.geojson", "110m": "boundaries-110m.geojson"}


def decode_arcs(topology: dict) -> list[np.ndarray]:
    """The arcs of a quantised TopoJSON topology, in degrees."""
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


def geometry(obj: dict, arcs: list[np.ndarray]):
    """A TopoJSON Polygon or MultiPolygon as shapely (None for others)."""
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


def alpha3(numeric: str) -> str:
    import pycountry

    found = pycountry.countries.get(numeric=numeric)
    if found is None:
        raise SystemExit(f"ISO 3166 numeric code {numeric} is not in pycountry")
    return found.alpha_3


def repaired(geom):
    """``geom`` cut at the antimeridian, valid, snapped to :data:`GRID`."""
    import antimeridian

    x0, _, x1, _ = geom.bounds
    if x1 - x0 > 180:
        geom = shape(antimeridian.fix_shape(geom, fix_winding=True))
    geom = shapely.make_valid(geom)
    geom = shapely.set_precision(geom, GRID)
    polys = [
        p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and p.area > 0
    ]
    return MultiPolygon(polys)


def _disputed(name: str) -> dict:
    claimants, territory = UNCODED_UNITS[name]
    return {
        "iso_a3": None,
        "iso_n3": None,
        "name": f"{territory} (disputed)",
        "disputed": True,
        "claimants": list(claimants),
    }


def countries(topojson_path: Path) -> list[tuple[dict, MultiPolygon]]:
    """(properties, shape) of every unit, merged by code, sorted."""
    topology = json.loads(topojson_path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    coded: dict[str, list] = {}
    uncoded: list[tuple[dict, MultiPolygon]] = []
    for obj in topology["objects"]["countries"]["geometries"]:
        code, name = obj.get("id"), obj["properties"]["name"]
        if code in LEFT_OUT:
            continue
        geom = geometry(obj, arcs)
        if geom is None:
            continue
        geom = repaired(geom)
        if code is None and name in MERGED:
            code = MERGED[name]
        elif code is None:
            if name not in UNCODED_UNITS:
                raise SystemExit(
                    f"{name} has no ISO code: add it to basemap.codes.UNCODED_UNITS "
                    "(or MERGED here), or the map gets a hole"
                )
            uncoded.append((_disputed(name), geom))
            continue
        else:
            code = alpha3(code)
        for part, (holder, bounds) in SPLIT.items():
            if code != holder:
                continue
            inside = [p for p in geom.geoms if shapely.box(*bounds).contains(p)]
            if not inside:
                raise SystemExit(f"no polygon of {holder} inside {bounds} for {part}")
            geom = MultiPolygon([p for p in geom.geoms if p not in inside])
            uncoded.append((_disputed(part), MultiPolygon(inside)))
        coded.setdefault(code, []).append((obj.get("id"), name, geom))
    rows = []
    for code, units in coded.items():
        units.sort(key=lambda u: -u[2].area)  # the main unit names the state
        numeric = units[0][0]
        geom = units[0][2]
        if len(units) > 1:
            geom = repaired(shapely.union_all([u[2] for u in units]))
        props = {"iso_a3": code, "iso_n3": numeric, "name": state_name(code)}
        rows.append((props, geom))
    rows.sort(key=lambda r: r[0]["iso_a3"])
    uncoded.sort(key=lambda r: r[0]["name"])
    return rows + uncoded


def make(topojson_path: Path, scale: str) -> dict:
    features = [
        {"type": "Feature", "properties": props, "geometry": mapping(geom)}
        for props, geom in countries(topojson_path)
    ]
    return {
        "type": "FeatureCollection",
        "name": f"boundaries-{scale}",
        "attribution": f"Natural Earth (public domain), 1:{scale} Admin 0 "
        "countries, via the npm package world-atlas 2.0.2 (ISC)",
        "scale": scale,
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


def write(collection: dict, output: Path) -> int:
    """One feature a line (small diffs when the data changes), atomically."""
    lines = [
        json.dumps(_round(f), ensure_ascii=False, separators=(",", ":"))
        for f in collection["features"]
    ]
    head = json.dumps(
        {k: v for k, v in collection.items() if k != "features"},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    text = head[:-1] + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"
    fd, tmp = tempfile.mkstemp(dir=output.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, output)
    return len(text.encode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("world_atlas", type=Path, help="world-atlas package folder")
    parser.add_argument("-o", "--output-dir", type=Path, default=Path("geodata"))
    args = parser.parse_args()
    for scale, name in OUTPUTS.items():
        collection = make(args.world_atlas / f"countries-{scale}.json", scale)
        size = write(collection, args.output_dir / name)
        print(f"wrote {args.output_dir / name} ({size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
