"""Where the bundled data lives: layers, boundaries and the layer schema.

The data is kept at the top of the repository in ``geodata/``; an installed
wheel carries a copy inside the package (``basemap/_geodata``). Both are found
the same way, so the bundled data works from a checkout, an editable install
and a plain ``pip install``.

Examples
--------
>>> sorted(p.name for p in layer_paths())[:3]
['australia.geojson', 'csto.geojson', 'denmark.geojson']
>>> load_boundaries()["type"]
'FeatureCollection'
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

__all__ = [
    "alliances_path",
    "boundaries_path",
    "events_path",
    "geodata_dir",
    "layer_paths",
    "load_boundaries",
    "load_schema",
    "schema_path",
    "seed_citations",
    "seeds_path",
]


def geodata_dir() -> Path:
    """Return the folder of the bundled data."""
    here = Path(__file__).resolve().parent
    installed = here / "_geodata"
    if installed.is_dir():
        return installed
    return here.parent.parent / "geodata"


def layer_paths() -> list[Path]:
    """Return the bundled layer files, sorted by name."""
    return sorted((geodata_dir() / "layers").glob("*.geojson"))


def events_path() -> Path:
    """Return the bundled events (a GeoJSON FeatureCollection)."""
    return geodata_dir() / "context" / "events.geojson"


def alliances_path() -> Path:
    """Return the bundled alliance memberships (JSON)."""
    return geodata_dir() / "context" / "alliances.json"


def boundaries_path() -> Path:
    """Return the bundled Natural Earth country boundaries (GeoJSON)."""
    return geodata_dir() / "boundaries.geojson"


def schema_path() -> Path:
    """Return the JSON Schema of a layer file."""
    return geodata_dir() / "layer.schema.json"


@cache
def load_boundaries() -> dict:
    """Return the boundaries as a GeoJSON dict (read once per process)."""
    return json.loads(boundaries_path().read_text(encoding="utf-8"))


@cache
def load_schema() -> dict:
    """Return the layer JSON Schema as a dict (read once per process)."""
    return json.loads(schema_path().read_text(encoding="utf-8"))


def seeds_path() -> Path:
    """Return the bibliographic references of the seed documents (JSON)."""
    return geodata_dir() / "seeds.json"


@cache
def seed_citations() -> dict[str, str]:
    """Seed file name -> the reference a reader can follow.

    Built from ``geodata/seeds.json``: author, title (quoted) or, where the
    document shows none, what it is, publisher and year, as far as the
    document shows them. The file name itself is only an internal key.

    >>> seed_citations()["002_b729ff56edc44534.txt"].startswith("Joshua Kucera")
    True
    """
    path = seeds_path()
    if not path.is_file():
        return {}
    out = {}
    for key, seed in json.loads(path.read_text(encoding="utf-8"))["seeds"].items():
        what = f"\u201c{seed['title']}\u201d" if seed.get("title") else None
        if what is None and seed.get("note"):
            what = re.split(r" \(|[,.;:]", seed["note"], maxsplit=1)[0]
        parts = [seed.get("author"), what, seed.get("publisher"), seed.get("year")]
        out[key] = ", ".join(p for p in parts if p)
    return out
