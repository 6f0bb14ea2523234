"""Synthetic layers for benchmarks: N random sites with random periods.

Sites are random points inside the five Central Asian states (so they pass
validation), each with one to three consecutive periods of one operator
between 1991 and 2025, and one source. Deterministic for a given N and seed.

    python benchmarks/synthetic.py 10000 -o /tmp/sites-10000.geojson
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

OPERATORS = ["RUS", "USA", "FRA", "DEU", "IND", "CHN", "NATO", "CSTO", "GBR", "TUR"]
HOSTS = ["KAZ", "KGZ", "TJK", "TKM", "UZB"]


def _points_in(host: str, n: int, rng: random.Random) -> list[tuple[float, float]]:
    import numpy as np
    import shapely
    from shapely.geometry import shape

    from basemap.data import load_boundaries

    geom = next(
        shape(f["geometry"])
        for f in load_boundaries()["features"]
        if f["properties"]["iso_a3"] == host
    )
    # 0.05 degrees inside the border, so that no point sits on it
    inner = geom.buffer(-0.05)
    shapely.prepare(inner)
    minx, miny, maxx, maxy = inner.bounds
    gen = np.random.default_rng(rng.randrange(2**32))
    out: list[tuple[float, float]] = []
    while len(out) < n:
        xs = gen.uniform(minx, maxx, n * 2)
        ys = gen.uniform(miny, maxy, n * 2)
        keep = shapely.contains_xy(inner, xs, ys)
        out.extend(
            zip(xs[keep].round(5).tolist(), ys[keep].round(5).tolist(), strict=True)
        )
    return out[:n]


def _date(rng: random.Random, year: int) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    if kind < 0.8:
        return f"{year}-{rng.randint(1, 12):02d}"
    return f"{year}" + rng.choice(["", "", "~", "?"])


def make_layer(n: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    per_host = {
        h: n // len(HOSTS) + (1 if i < n % len(HOSTS) else 0)
        for i, h in enumerate(HOSTS)
    }
    features = []
    site = 0
    for host, count in per_host.items():
        for lon, lat in _points_in(host, count, rng):
            site += 1
            operator = rng.choice(OPERATORS)
            start = rng.randint(1991, 2024)
            periods = rng.randint(1, 3)
            bounds = sorted(rng.sample(range(start, 2026), min(periods, 2026 - start)))
            year = start
            for i, end_year in enumerate(bounds):
                last = i == len(bounds) - 1
                end = None if last and rng.random() < 0.3 else _date(rng, end_year)
                start_text = f"{year}" if i == 0 else f"{year}-01-01"
                end_text = (
                    None
                    if end is None
                    else (end if i == 0 or end_year > year else f"{end_year}-12-31")
                )
                if end_text is not None and i < len(bounds) - 1:
                    end_text = f"{end_year}-12-31"
                features.append(
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        "properties": {
                            "id": f"s{site}-{i}",
                            "site": f"s{site}",
                            "name": f"Site {site} period {i + 1}",
                            "operator": operator,
                            "host": host,
                            "kind": rng.choice(
                                ["air base", "army base", "radar station"]
                            ),
                            "start": start_text,
                            "end": end_text,
                            "personnel": [
                                {"value": str(rng.randint(10, 5000)), "date": str(year)}
                            ],
                            "sources": [
                                {
                                    "title": f"Report {site}",
                                    "publisher": "Synthetic",
                                    "date": "2020",
                                    "url": f"https://example.org/{site}",
                                }
                            ],
                        },
                    }
                )
                year = end_year + 1
                if end_text is None or year > 2025:
                    break
    return {
        "type": "FeatureCollection",
        "name": f"synthetic-{n}",
        "as_of": "2025-12-31",
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    args.output.write_text(json.dumps(make_layer(args.n, args.seed)), encoding="utf-8")


if __name__ == "__main__":
    main()
