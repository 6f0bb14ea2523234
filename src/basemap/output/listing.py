"""What ``basemap list`` writes: a selection as a report or a GIS file.

:func:`on_the_map` keeps the rows a map shows (present and uncertain;
the former sites on request), :func:`format_presences` lays a styled
selection out as a text table, CSV or JSON (the rows of
:func:`basemap.selection.changes.presence_records`, with their sources to
read);
:func:`format_bytes` gives it in any of :data:`FORMATS`, GeoJSON and
GeoPackage included (:mod:`basemap.output.gpkg`), and
:func:`write_selection` writes it to a file, atomically and never over an
input. Text from the data lands safely: a CSV cell a spreadsheet would run
as a formula is neutralised (:func:`basemap.text.csv_cell`), and the table,
laid out for a terminal, shows control characters as escapes
(:func:`basemap.text.visible`: a name cannot send an escape sequence or
forge a row). :func:`is_listing` tells a file ``basemap list`` wrote, which
``list -o`` may replace.

Examples
--------
>>> from basemap.pipeline import presences
>>> print(format_presences(presences(year=2006), "csv").splitlines()[0])
site,name,operator,host,kind,status,presence,change,start,end,sources,longitude,latitude
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import OptionError
from ..frames import records
from ..selection.changes import presence_records
from ..text import csv_cell, visible
from .gpkg import selection_geojson, selection_gpkg_bytes, sources_text, write_bytes

if TYPE_CHECKING:
    import geopandas

    from ..io.load import PathArg

__all__ = [
    "FORMATS",
    "LISTING_SIGN",
    "TEXT_FORMATS",
    "check_suffix",
    "format_bytes",
    "format_presences",
    "is_listing",
    "on_the_map",
    "write_selection",
]

#: The text reports.
TEXT_FORMATS = ("table", "csv", "json")
#: Every format of ``basemap list``: the reports and the GIS layers.
FORMATS = (*TEXT_FORMATS, "geojson", "gpkg")

_FIELDS = [
    "site",
    "name",
    "operator",
    "host",
    "kind",
    "status",
    "presence",
    "change",
    "start",
    "end",
]


#: The table's columns.
_TABLE = ["name", "operator", "host", "kind", "presence", "change", "start", "end"]


def on_the_map(styled: geopandas.GeoDataFrame, former: bool = False):
    """The rows of a styled selection that its map shows: the sites present
    and those uncertain; with ``former``, also the sites that had left (a
    layer the map hides).

    >>> from basemap.pipeline import presences
    >>> chosen = presences(year=2005)
    >>> sorted(set(on_the_map(chosen)["presence"]))
    ['present']
    >>> "former" in set(on_the_map(chosen, former=True)["presence"])
    True
    """
    if former or not len(styled):
        return styled
    return styled[styled["presence"] != "former"]


def _with_sources(styled, rows: list[dict]) -> list[dict]:
    """``rows`` of :func:`presence_records`, each with its ``sources`` to
    read (:func:`basemap.output.gpkg.sources_text`) before its point."""
    periods = {r["key"]: r["periods"] for r in records(styled)} if len(styled) else {}
    out = []
    for row in rows:
        text = sources_text(periods.get(f"{row['site']}/{row['operator']}", []))
        point = {k: row[k] for k in ("lon", "lat")}
        rest = {k: v for k, v in row.items() if k not in point}
        out.append({**rest, "sources": text, **point})
    return out


def format_presences(styled: geopandas.GeoDataFrame, fmt: str = "table") -> str:
    """Format a styled selection as ``table``, ``csv`` or ``json`` text.

    The CSV and the JSON give each row's ``sources`` to read; the CSV ends
    with ``longitude`` and ``latitude`` (WGS84 degrees), so that GIS tools
    place its rows; the JSON has them as ``lon`` and ``lat``.
    """
    rows = presence_records(styled)
    if fmt in ("json", "csv"):
        rows = _with_sources(styled, rows)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        # longitude/latitude last: GIS tools (QGIS's delimited text layer,
        # basemap.gis) find the points by these names
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf,
            fieldnames=_CSV_COLUMNS,
            extrasaction="ignore",
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(
            {k: csv_cell(v) for k, v in r.items()}
            | {"longitude": r["lon"], "latitude": r["lat"]}
            for r in rows
        )
        return buf.getvalue()
    if fmt == "table":
        cols = _TABLE
        cells = [[c.upper() for c in cols]] + [
            [
                visible(
                    ("" if r[c] is None else str(r[c])) if c != "end" else (r[c] or "-")
                )
                for c in cols
            ]
            for r in rows
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
        lines = [
            "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        return "\n".join(lines) + "\n"
    raise OptionError(f"unknown format {fmt!r}: use one of {', '.join(TEXT_FORMATS)}")


def format_bytes(styled, fmt: str, stamp: str) -> bytes:
    """A styled selection in one of :data:`FORMATS`, as bytes (``stamp``,
    YYYY-MM-DD, is a GeoPackage's timestamp)."""
    if fmt == "gpkg":
        return selection_gpkg_bytes(styled, stamp)
    if fmt == "geojson":
        return selection_geojson(styled).encode("utf-8")
    if fmt in TEXT_FORMATS:
        return format_presences(styled, fmt).encode("utf-8")
    known = ", ".join(FORMATS)
    raise OptionError(f"unknown format {fmt!r}: use one of {known}")


def write_selection(
    selection, path: PathArg, fmt: str, *, stamp: str = "1970-01-01", inputs=()
) -> Path:
    """Write a styled selection (:func:`basemap.pipeline.presences`) to
    ``path`` as ``geojson``, ``gpkg``, or one of the text reports (``csv``,
    ``json``, ``table``; :func:`format_presences`); return
    the path. ``stamp`` (YYYY-MM-DD) is the GeoPackage's timestamp.

    Written atomically, never over one of ``inputs``.
    """
    path = Path(path)
    check_suffix(path, fmt)
    return write_bytes(path, format_bytes(selection, fmt, stamp), inputs)


#: What a file :func:`is_listing` refuses lacks, as a message says it.
#: The CSV's columns: the fields, the sources to read, the point last.
_CSV_COLUMNS = [*_FIELDS, "sources", "longitude", "latitude"]
LISTING_SIGN = "it does not begin as a file of basemap list does"
#: How far into a file :func:`is_listing` looks.
_HEAD_BYTES = 65536
_JSON_HEAD = re.compile(r'\[\n?(?:\]|  \{\n    "site": )')
_GEOJSON_HEAD = re.compile(
    r'\{\n  "type": "FeatureCollection",\n  "features": \[\n?'
    r'(?:\]|    \{\n      "type": "Feature",\n      "geometry": )'
)
#: The GeoPackage layer of a listing (:func:`basemap.output.gpkg.selection_gpkg_bytes`).
_GPKG_LAYER = "presences"


def is_listing(path: Path) -> bool:
    """True when ``path`` is a regular file ``basemap list`` wrote, in any
    of :data:`FORMATS`, told by how each begins: the CSV's header, the
    table's head row, the JSON's rows and the GeoJSON's features as
    basemap lays them out, a GeoPackage whose only layer is the listing's
    (read by SQLite, read-only). Like a map's generator tag, a sign, not a
    proof: a file made to look like one is taken for one.

    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     mine, theirs = pathlib.Path(d) / "a.csv", pathlib.Path(d) / "b.csv"
    ...     _ = mine.write_text(",".join(_CSV_COLUMNS))
    ...     _ = theirs.write_text("my important spreadsheet")
    ...     is_listing(mine), is_listing(theirs)
    (True, False)
    """
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError:
        return False
    if head.startswith(b"SQLite format 3\x00"):
        return _is_listing_gpkg(path)
    text = head.decode("utf-8", "replace")
    first = text.split("\n", 1)[0]
    return (
        first == ",".join(_CSV_COLUMNS)
        or first == ",".join([*_FIELDS, "longitude", "latitude"])  # (before sources)
        or first.split() == [c.upper() for c in _TABLE]
        or _JSON_HEAD.match(text) is not None
        or _GEOJSON_HEAD.match(text) is not None
    )


def _is_listing_gpkg(path: Path) -> bool:
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"  # (no -wal made)
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            tables = {t for (t,) in db.execute("SELECT table_name FROM gpkg_contents")}
    except (sqlite3.Error, OSError, ValueError):
        return False
    return _GPKG_LAYER in tables and tables <= {_GPKG_LAYER, "areas"}


def check_suffix(path: Path, fmt: str) -> None:
    """A GeoPackage's path must end in ``.gpkg``."""
    if fmt == "gpkg" and path.suffix.lower() != ".gpkg":
        raise OptionError(
            f"-o {path}: a GeoPackage's name ends in .gpkg (QGIS and GDAL expect it)"
        )
