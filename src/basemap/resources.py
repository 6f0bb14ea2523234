"""Where the package's files are: the bundled data, scripts and templates.

This is the one module that locates files from its own path; every other
module asks it. The data is kept at the top of the repository in
``geodata/``; an installed wheel carries a copy inside the package
(``basemap/_geodata``). Both are found the same way, so the bundled data
works from a checkout, an editable install and a plain ``pip install``.
The page scripts and styles (``static/``) and the page templates
(``templates/``) are package data beside the code that uses them, and
:func:`code_files` lists everything an export's fingerprint and its images
are made from, wherever a module lives in the package.

Examples
--------
>>> sorted(p.name for p in layer_paths())[:3]
['australia.geojson', 'csto.geojson', 'denmark.geojson']
>>> load_boundaries()["type"]
'FeatureCollection'
>>> "basemap.js" in {p.name for p in code_files()}
True
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

__all__ = [
    "BOUNDARY_FILES",
    "MAP_STATIC_DIR",
    "PACKAGE_DIR",
    "PAGE_STATIC_DIR",
    "RESOURCE_DIRS",
    "TEMPLATES_DIR",
    "alliances_path",
    "boundaries_path",
    "code_files",
    "events_path",
    "geodata_dir",
    "layer_paths",
    "load_boundaries",
    "load_schema",
    "schema_path",
    "seed_citations",
    "seeds_path",
]


#: The package's own folder (its real path).
PACKAGE_DIR = Path(__file__).resolve().parent
#: The scripts and styles every map page inlines.
MAP_STATIC_DIR = PACKAGE_DIR / "render" / "static"
#: The scripts and styles of the other pages (the comparison page).
PAGE_STATIC_DIR = PACKAGE_DIR / "pages" / "static"
#: The Jinja templates of the pages.
TEMPLATES_DIR = PACKAGE_DIR / "pages" / "templates"
#: Every folder of package data that shapes a page.
RESOURCE_DIRS = (MAP_STATIC_DIR, PAGE_STATIC_DIR, TEMPLATES_DIR)


def geodata_dir() -> Path:
    """Return the folder of the bundled data."""
    installed = PACKAGE_DIR / "_geodata"
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent.parent / "geodata"


def code_files() -> list[Path]:
    """Every file of the package's code, sorted: its modules, wherever they
    are in the package, and its scripts, styles and templates.

    What an export's outputs are made from besides its inputs: a change to
    any of these files makes the next export write its pages again.
    """
    files = [
        path
        for path in PACKAGE_DIR.rglob("*.py")
        if "__pycache__" not in path.relative_to(PACKAGE_DIR).parts
    ]
    for folder in RESOURCE_DIRS:
        files += (p for p in folder.rglob("*") if p.is_file())
    return sorted(set(files))


def layer_paths() -> list[Path]:
    """Return the bundled layer files, sorted by name."""
    return sorted((geodata_dir() / "layers").glob("*.geojson"))


def events_path() -> Path:
    """Return the bundled events (a GeoJSON FeatureCollection)."""
    return geodata_dir() / "context" / "events.geojson"


def alliances_path() -> Path:
    """Return the bundled alliance memberships (JSON)."""
    return geodata_dir() / "context" / "alliances.json"


#: The scales of the bundled borders, and their files.
BOUNDARY_FILES = {"50m": "boundaries.geojson", "110m": "boundaries-110m.geojson"}


def boundaries_path(scale: str = "50m") -> Path:
    """Return the bundled Natural Earth country borders of the world at a
    scale of :data:`BOUNDARY_FILES` (GeoJSON)."""
    return geodata_dir() / BOUNDARY_FILES[scale]


def schema_path() -> Path:
    """Return the JSON Schema of a layer file."""
    return geodata_dir() / "layer.schema.json"


@cache
def load_boundaries(scale: str = "50m") -> dict:
    """Return the borders of the world at ``scale`` as a GeoJSON dict (read
    once per process)."""
    return json.loads(boundaries_path(scale).read_text(encoding="utf-8"))


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
