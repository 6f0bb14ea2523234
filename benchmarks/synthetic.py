"""Synthetic layers for benchmarks: the bundled sites, cloned and jittered.

Each synthetic site is a copy of one of the bundled data's sites (taken in
turn), with every one of its features (all its operators and periods) and
every property as it is: the full sources with their quotes, the notes,
aliases, personnel, equipment, units, range rings. So a synthetic feature
weighs what a real one does (about 3.4 KB of JSON), and reading, selecting,
rendering and drawing it costs what a real one does: lighter stand-ins
(a name, a date and one source) made every figure look better than it is.

A clone is moved to a random point inside its host country (0.05 degrees
inside the border, so that no point sits on it); its ``place`` moves with
it, at the same geodesic distance and azimuth, so its
``location_precision`` still holds. Ids and site ids get a suffix of the
clone's number; names get the number too. Sites drawn as areas (the
Baikonur lease) are not cloned: an outline moved elsewhere would cross
borders. Deterministic for a given N and seed.

    python benchmarks/synthetic.py 10000 -o /tmp/sites-10000.geojson
    python benchmarks/synthetic.py 100000 -o /tmp/sites-100000/   # a folder

A layer has no fixed size limit (only the memory the machine has:
:mod:`basemap.io.memory`), so any N is written as one file; to a path
without a suffix, as a folder of files of :data:`SITES_PER_FILE` sites each
(:func:`write_layers`), which ``read_layers`` reads as one layer.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

#: Sites per file when a layer is written as a folder (about 70 MB each).
SITES_PER_FILE = 10_000


def _templates() -> tuple[list[list[dict]], str]:
    """The bundled sites drawn as points (each a list of its features, in
    the data's order) and the data's latest ``as_of``."""
    from basemap.resources import layer_paths

    sites: dict[str, list[dict]] = {}
    as_of = ""
    for path in sorted(layer_paths()):
        doc = json.loads(path.read_text(encoding="utf-8"))
        as_of = max(as_of, doc["as_of"])
        for feature in doc["features"]:
            sites.setdefault(feature["properties"]["site"], []).append(feature)
    points = [
        features
        for _, features in sorted(sites.items())
        if all(f["geometry"]["type"] == "Point" for f in features)
    ]
    return points, as_of


def _points_in(host: str, n: int, rng: random.Random) -> list[tuple[float, float]]:
    import numpy as np
    import shapely
    from shapely.geometry import shape

    from basemap.resources import load_boundaries

    geom = next(
        shape(f["geometry"])
        for f in load_boundaries()["features"]
        if f["properties"]["iso_a3"] == host
    )
    inner = geom.buffer(-0.05)
    shapely.prepare(inner)
    minx, miny, maxx, maxy = inner.bounds
    gen = np.random.default_rng(rng.randrange(2**32))
    out: list[tuple[float, float]] = []
    while len(out) < n:
        xs = gen.uniform(minx, maxx, n * 2 + 16)
        ys = gen.uniform(miny, maxy, n * 2 + 16)
        keep = shapely.contains_xy(inner, xs, ys)
        out.extend(
            zip(xs[keep].round(5).tolist(), ys[keep].round(5).tolist(), strict=True)
        )
    return out[:n]


def _clone(features: list[dict], k: int, lon: float, lat: float, geod) -> list[dict]:
    """The features of one site, as clone ``k`` at (lon, lat). What a clone
    does not change (sources, notes, ...) is shared with the template, not
    copied: the layers are written out as JSON, where it is all copied."""
    out = []
    for feature in features:
        p = dict(feature["properties"])
        x0, y0 = feature["geometry"]["coordinates"][:2]
        place = p.get("place")
        if isinstance(place, dict) and place.get("coordinates"):
            px, py = place["coordinates"]
            az, _, dist = geod.inv(x0, y0, px, py)
            qx, qy, _ = geod.fwd(lon, lat, az, dist)
            p["place"] = {**place, "coordinates": [round(qx, 6), round(qy, 6)]}
        p["id"] = f"{p['id']}-c{k}"
        p["site"] = f"{p['site']}-c{k}"
        p["name"] = f"{p['name']} {k}"
        geometry = {"type": "Point", "coordinates": [lon, lat]}
        out.append({**feature, "geometry": geometry, "properties": p})
    return out


def make_sites(n: int, seed: int = 1) -> tuple[list[list[dict]], str]:
    """``n`` cloned sites (each a list of features) and the ``as_of`` day."""
    from pyproj import Geod

    rng = random.Random(seed)
    templates, as_of = _templates()
    chosen = [templates[k % len(templates)] for k in range(n)]
    by_host: dict[str, list[int]] = {}
    for k, features in enumerate(chosen):
        by_host.setdefault(features[0]["properties"]["host"], []).append(k)
    where: dict[int, tuple[float, float]] = {}
    for host in sorted(by_host):
        ks = by_host[host]
        where.update(zip(ks, _points_in(host, len(ks), rng), strict=True))
    geod = Geod(ellps="WGS84")
    return [_clone(f, k, *where[k], geod) for k, f in enumerate(chosen)], as_of


def _collection(sites: list[list[dict]], as_of: str, name: str) -> dict:
    return {
        "type": "FeatureCollection",
        "name": name,
        "as_of": as_of,
        "features": [f for features in sites for f in features],
    }


def make_layer(n: int, seed: int = 1) -> dict:
    """One FeatureCollection of ``n`` cloned sites (for sizes that fit in
    one file: see :func:`write_layers`)."""
    sites, as_of = make_sites(n, seed)
    return _collection(sites, as_of, f"synthetic-{n}")


def write_layers(n: int, path: Path, seed: int = 1) -> Path:
    """Write ``n`` cloned sites to ``path``: one file (a path with a
    suffix), else a folder of files of :data:`SITES_PER_FILE` sites each.
    Returns what to read (the file or the folder)."""
    sites, as_of = make_sites(n, seed)
    path = Path(path)
    if path.suffix:
        path.write_text(
            json.dumps(_collection(sites, as_of, f"synthetic-{n}")), encoding="utf-8"
        )
        return path
    path.mkdir(parents=True, exist_ok=True)
    for i in range(0, n, SITES_PER_FILE):
        part = _collection(sites[i : i + SITES_PER_FILE], as_of, f"synthetic-{n}-{i}")
        (path / f"part-{i // SITES_PER_FILE:03d}.geojson").write_text(
            json.dumps(part), encoding="utf-8"
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="a file, or a folder"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(write_layers(args.n, args.output, args.seed))


if __name__ == "__main__":
    main()
