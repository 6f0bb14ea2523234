"""GIS in and out: GeoPackage, Shapefile, FlatGeobuf and CSV, through pyogrio.

**In.** :func:`read_vector` reads a layer from any vector file GDAL reads
(through ``pyogrio``: ``.gpkg``, ``.shp``, ``.fgb``) or from a CSV file with
longitude and latitude columns, and returns the GeoJSON FeatureCollection
a layer file would hold, so that :mod:`basemap.io.layers` checks it exactly as
it checks GeoJSON, with the same messages (file, feature id, property).
``--data`` takes these files by name (a folder still stands for its
``.geojson`` and ``.json`` files only).

Column conventions (the same for reading and writing):

* one column per property, named as in the GeoJSON (``id``, ``site``,
  ``name``, ``operator``, ``host``, ``kind``, ``start``, ``end``, ...;
  the names Shapefiles cut to 10 characters, such as ``location_p``, are
  recognised); an empty (NULL) cell is an absent property, except ``end``
  in a layer (a file with a ``start`` column), where it means "still
  present";
* the properties GeoJSON holds as lists or objects (``aliases``,
  ``personnel``, ``equipment``, ``units``, ``place``, ``radius``,
  ``sources``; for events also ``countries``) are JSON text in their
  column, e.g. ``[{"title": "...", "publisher": "...", "date": "2004"}]``,
  read as strictly as a GeoJSON file (a key twice, ``NaN``, ``1e400`` are
  refused); a cell there that does not start with ``[`` or ``{`` is kept
  as text, which the check then reports as the wrong type;
* ``start`` and ``end`` may be date columns; then ``start_text`` and
  ``end_text``, where present, hold the dates as written (``2005?``), and
  win over the date columns;
* ``as_of``: the day the data was checked, one value for the whole file;
* the geometry is a Point in WGS84 longitude/latitude (EPSG:4326, or no
  CRS); a file in another CRS is refused with the GeoJSON ``crs`` message.
  A CSV's point is its ``longitude``/``latitude`` columns (or ``lon``/``lat``,
  or ``x``/``y``), in WGS84 degrees; every CSV value is text, UTF-8 (a
  spreadsheet's byte-order mark is accepted).

Shapefiles hold at most 254 characters in a text column, so a layer's
``sources`` rarely fit: use a GeoPackage or FlatGeobuf.

**Out** (:mod:`basemap.output.gpkg`, whose functions are also here).
:func:`write_gpkg` writes layers as one GeoPackage layer with those
columns, ``start`` and ``end`` as real DATE columns: ``start`` holds the
earliest day the start can mean and ``end`` the latest day the end can
mean (for ``2005?``: 2004-01-01 and 2006-12-31; see :mod:`basemap.dates`),
NULL for a period still present; ``start_text``/``end_text`` keep the
dates as written, so the file reads back as it was. :func:`export_gpkg`
writes it into an export folder (``basemap export --format gpkg``);
:func:`write_selection` writes a year's selection (``basemap list``).
Where sites are areas (a Polygon or MultiPolygon with an ``anchor``, see
:mod:`basemap.geo.areas`), the GeoPackage has a second layer, ``areas``: the
same rows and columns for those periods, with their outlines (both layers
animate in QGIS as below); read back, each outline is its feature's
geometry again and the point its ``anchor``. A year's GeoJSON gives an
area its outline, with the point in ``anchor``.

**QGIS's temporal controller.** Open the GeoPackage (drag it onto the map,
or Layer > Add Layer > Add Vector Layer). In the layer's Properties >
Temporal, tick Dynamic Temporal Control and choose Configuration "Separate
Fields for Start and End Date/Time", Start field ``start``, End field
``end`` (QGIS proposes them: they are the layer's only date fields named
so); where QGIS offers Limits, choose "Include Start, Include End" (both
dates are days included in the period). Open View > Panels > Temporal
Controller, choose Animated Temporal Navigation, set the range to the
layer's (the refresh button by the range), the step to 1 year, and play.
A NULL ``end`` is open-ended in QGIS too: the period shows up to the last
frame. Each frame shows every period present in it, certain or not, as the
map does (the uncertain ones dashed); ``start_text``/``end_text`` say how
precise the dates are.

Examples
--------
>>> import tempfile, pathlib
>>> from basemap.io.layers import read_layers
>>> from basemap.output.gpkg import write_gpkg
>>> layers = read_layers()
>>> with tempfile.TemporaryDirectory() as d:
...     path = write_gpkg(layers, pathlib.Path(d) / "layers.gpkg")
...     again = read_vector(path)
>>> len(again["features"]) == len(layers), again["as_of"]
(True, '2026-12-01')
>>> kant = next(f for f in again["features"] if f["properties"]["id"] == "kant-rus-1")
>>> kant["properties"]["start"], kant["properties"]["sources"][0]["seed"]
('2003-10-23', '000_3d98f19f1ccf2261.txt')
"""

from __future__ import annotations

import csv
import io
import json
import math
import warnings
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError, Problem
from ..geo.areas import AREA_TYPES
from ..resources import load_schema
from .load import (
    check_file,
    load_json,
    loads_text,
    read_bytes,
    utf16_name,
)

if TYPE_CHECKING:
    from .load import PathArg

__all__ = [
    "AREAS_LAYER",
    "CSV_SUFFIXES",
    "LATITUDE_NAMES",
    "LONGITUDE_NAMES",
    "OGR_SUFFIXES",
    "VECTOR_SUFFIXES",
    "json_properties",
    "load_collection",
    "load_vector",
    "read_vector",
]

#: Suffixes read through GDAL (pyogrio).
OGR_SUFFIXES = (".gpkg", ".shp", ".fgb")
#: Suffixes read as CSV with longitude/latitude columns.
CSV_SUFFIXES = (".csv",)
#: Every suffix :func:`read_vector` reads.
VECTOR_SUFFIXES = OGR_SUFFIXES + CSV_SUFFIXES
#: The second layer of a GeoPackage whose layers have sites drawn as areas
#: (:func:`basemap.output.gpkg.gpkg_bytes` writes it): their outlines, one
#: row per period as in the points layer (same columns), so QGIS shows and
#: animates them too; read back, each outline becomes its feature's geometry
#: again, the point its ``anchor``.
AREAS_LAYER = "areas"
#: Names of a CSV's longitude and latitude columns, in order of preference.
LONGITUDE_NAMES = ("longitude", "lon", "x")
LATITUDE_NAMES = ("latitude", "lat", "y")
#: Columns derived from others, not properties of their own.
_DERIVED = ("start_text", "end_text", "as_of")
_WGS84 = {"EPSG:4326", "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84"}
_KINDS = {".gpkg": "a GeoPackage", ".shp": "a Shapefile", ".fgb": "a FlatGeobuf file"}


# -- reading ---------------------------------------------------------------


@cache
def json_properties() -> frozenset[str]:
    """The properties a GIS column holds as JSON text: those the schema
    (``geodata/layer.schema.json``) makes lists or objects, in layers and
    in events.

    >>> sorted(json_properties())  # doctest: +NORMALIZE_WHITESPACE
    ['aliases', 'anchor', 'countries', 'equipment', 'personnel', 'place',
     'radius', 'sources', 'units']
    """
    defs = load_schema()["$defs"]

    def nested(schema: dict, depth: int = 0) -> bool:
        if depth > 8:
            return False
        if "$ref" in schema:
            return nested(defs[schema["$ref"].rsplit("/", 1)[-1]], depth + 1)
        kinds = schema.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if {"array", "object"} & set(kinds):
            return True
        return any(
            nested(s, depth + 1)
            for key in ("oneOf", "anyOf", "allOf")
            for s in schema.get(key, [])
        )

    names = set()
    for kind in ("feature", "event"):
        if kind not in defs:
            continue
        props = defs[kind]["properties"]["properties"]["properties"]
        names |= {name for name, s in props.items() if nested(s)}
    return frozenset(names)


@cache
def _known_properties() -> tuple[str, ...]:
    defs = load_schema()["$defs"]
    names: set[str] = set(_DERIVED)
    for kind in ("feature", "event"):
        if kind in defs:
            names |= set(defs[kind]["properties"]["properties"]["properties"])
    return tuple(sorted(names))


def _column_names(columns: Iterable[str]) -> dict[str, str]:
    """Column -> property: exact names first, then names in another case,
    then a Shapefile's 10-character cut of exactly one known name."""
    known = _known_properties()
    columns = list(columns)
    out = {}
    for col in columns:
        if col in known:
            out[col] = col
            continue
        lower = col.lower()
        if lower in known and lower not in columns:
            out[col] = lower
            continue
        cut = [k for k in known if len(lower) == 10 and k.startswith(lower)]
        if len(cut) == 1 and cut[0] not in columns:
            out[col] = cut[0]
            continue
        out[col] = col  # unknown: the schema names it
    return out


def _plain(value: Any) -> Any:
    """A value read by GDAL as plain Python (None for NULL)."""
    import numpy as np

    if value is None:
        return None
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            return None
        if value.dtype == np.dtype("datetime64[D]"):
            return str(value)
        moment = value.astype("datetime64[ms]").item()
        if moment.time() == datetime.min.time():
            return moment.date().isoformat()
        return moment.isoformat()
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        value = float(value)
        return None if math.isnan(value) else value
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    return value


class _Features:
    """Builds a FeatureCollection from rows of cells, collecting problems."""

    def __init__(self, name: str, columns: Iterable[str]):
        self.name = name
        self.props = _column_names(columns)
        # a layer has start and end (a NULL end: still present); an events
        # file has date and an optional end (a NULL end: none)
        self.layer = "start" in self.props.values()
        self.features: list[dict] = []
        self.problems: list[Problem] = []
        self.as_of: dict[str, None] = {}

    def add(self, index: int, cells: dict[str, Any], geometry: dict | None) -> None:
        raw = {self.props[c]: v for c, v in cells.items()}
        fid = raw.get("id") if isinstance(raw.get("id"), str) and raw["id"] else None
        fid = fid or f"#{index}"
        props: dict[str, Any] = {}
        for prop, value in raw.items():
            if prop in _DERIVED:
                continue
            if isinstance(value, bytes | bytearray | memoryview):
                self.problems.append(
                    Problem(
                        self.name,
                        fid,
                        prop,
                        "is a binary column",
                        "store the property as text",
                    )
                )
                continue
            if value is None:
                if prop == "end" and self.layer:
                    props["end"] = None  # still present
                continue
            if (
                prop in json_properties()
                and isinstance(value, str)
                and value.lstrip()[:1] in ("[", "{")
            ):  # other text is kept, for the schema to say what it expected
                value, problems = loads_text(value, self.name, fid, prop)
                if problems:
                    self.problems += problems
                    continue
            props[prop] = value
        for prop in ("start", "end"):
            text = raw.get(f"{prop}_text")
            if isinstance(text, str) and text:
                props[prop] = text
        as_of = raw.get("as_of")
        if as_of is not None:
            self.as_of[str(as_of)] = None
        self.features.append(
            {"type": "Feature", "geometry": geometry, "properties": props}
        )

    def collection(self, crs: str | None = None) -> tuple[dict | None, list[Problem]]:
        data: dict[str, Any] = {"type": "FeatureCollection"}
        if len(self.as_of) > 1:
            days = sorted(self.as_of)
            self.problems.append(
                Problem(
                    self.name,
                    None,
                    "as_of",
                    f"{len(days)} different as_of days ({', '.join(days[:3])})",
                    "a layer has one as_of: give every feature the same day, or "
                    "split the file",
                )
            )
        elif self.as_of:
            data["as_of"] = next(iter(self.as_of))
        if crs is not None and crs not in _WGS84:
            data["crs"] = {"type": "name", "properties": {"name": crs}}
        data["features"] = self.features
        if self.problems:
            return None, self.problems
        return data, []


def _geometry(wkb: bytes | None) -> dict | None:
    import shapely
    from shapely.geometry import mapping

    if wkb is None:
        return None
    geom = shapely.from_wkb(wkb)
    if geom is None:
        return None
    if geom.geom_type == "Point":
        if geom.is_empty:
            return {"type": "Point", "coordinates": []}
        return {"type": "Point", "coordinates": list(geom.coords[0])}
    return json.loads(json.dumps(mapping(geom)))  # tuples to lists


def _outlines(result) -> dict:
    """Feature id -> outline (GeoJSON) of an :data:`AREAS_LAYER` read by
    pyogrio (its rows are those of the layer of points, with their ids)."""
    meta, _fids, geometry, field_data = result
    fields = list(meta["fields"])
    if "id" not in fields or geometry is None:
        return {}
    ids = field_data[fields.index("id")]
    return {
        str(fid): geom
        for fid, wkb in zip(ids, geometry, strict=True)
        if (geom := _geometry(wkb)) is not None and geom["type"] in AREA_TYPES
    }


def _gdal_message(exc: Exception, path: Path) -> str:
    text = str(exc).split("; It might help", 1)[0]
    for form in (f"'{path}' ", f"{path}: ", str(path)):
        text = text.replace(form, "")
    return text.strip().rstrip(".") or type(exc).__name__


def _load_ogr(path: Path) -> tuple[dict | None, list[Problem]]:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyogrio.raw import read

    name = str(path)
    kind = _KINDS.get(path.suffix.lower(), "a vector file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            layers = [
                str(layer)
                for layer, geom_type in pyogrio.list_layers(path)
                if geom_type is not None
            ]
            if not layers:
                return None, [
                    Problem(
                        name,
                        None,
                        None,
                        f"{kind} without a layer of points",
                        "a layer holds one Point per period (see geodata/README.md)",
                    )
                ]
            outlines = {}
            if AREAS_LAYER in layers and len(layers) > 1:
                layers.remove(AREAS_LAYER)
                outlines = _outlines(read(path, layer=AREAS_LAYER))
            results = [(layer, read(path, layer=layer)) for layer in layers]
    except (DataSourceError, DataLayerError) as exc:
        return None, [
            Problem(
                name,
                None,
                None,
                f"cannot be read as {kind} ({_gdal_message(exc, path)})",
                f"check that it is {kind}, as its name says",
            )
        ]
    fields = list(dict.fromkeys(f for _, r in results for f in r[0]["fields"]))
    if outlines and "anchor" not in fields:
        fields.append("anchor")
    builder = _Features(name, fields)
    crs_found = {r[0]["crs"] for _, r in results}
    index = 0
    for _, (meta, _fids, geometry, field_data) in results:
        columns = list(meta["fields"])
        count = len(geometry) if geometry is not None else 0
        for i in range(count):
            cells = {c: _plain(field_data[j][i]) for j, c in enumerate(columns)}
            point = _geometry(geometry[i])
            outline = outlines.get(cells.get("id"))
            if outline is not None and point and point["type"] == "Point":
                # an area written by basemap: the outline, the point its anchor
                cells["anchor"] = json.dumps(point["coordinates"][:2])
                point = outline
            builder.add(index, cells, point)
            index += 1
    crs = sorted(c for c in crs_found if c) or [None]
    return builder.collection(crs[0] if len(crs) == 1 else ", ".join(crs))


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in reversed(header)}
    return next((lowered[n] for n in names if n in lowered), None)


def _load_csv(path: Path, max_bytes: int | None) -> tuple[dict | None, list[Problem]]:
    name = str(path)
    raw, problem = read_bytes(path, max_bytes)
    if problem is not None:
        return None, [problem]

    def fail(message: str, hint: str, prop: str | None = None):
        return None, [Problem(name, None, prop, message, hint)]

    if not raw.strip():
        return fail(
            "file is empty", "a CSV layer has a header row, then one row per period"
        )
    utf16 = utf16_name(raw)
    if utf16:
        return fail(f"file is {utf16}, not UTF-8", "save it as UTF-8 (CSV UTF-8)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return fail(
            f"file is not UTF-8 (byte {exc.start} cannot be decoded)",
            "save it as UTF-8 (CSV UTF-8)",
        )
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(reader)
    except csv.Error as exc:
        return fail(
            f"not valid CSV: {exc} (line {reader.line_num})",
            "check the quoting of that line",
        )
    header = rows[0] if rows else []
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        return fail(
            f"column {repeated[0]!r} appears twice in the header",
            "give every column its own name",
        )
    lon_col, lat_col = _pick(header, LONGITUDE_NAMES), _pick(header, LATITUDE_NAMES)
    if lon_col is None or lat_col is None:
        return fail(
            "no longitude and latitude columns",
            "name them longitude and latitude (or lon/lat, x/y), in WGS84 degrees",
        )
    props = [h for h in header if h not in (lon_col, lat_col)]
    builder = _Features(name, props)
    for index, row in enumerate(rows[1:]):
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        cells = dict(zip(header, row, strict=False))
        fid = cells.get("id") or f"#{index}"
        if len(row) > len(header):
            builder.problems.append(
                Problem(
                    name,
                    fid,
                    None,
                    f"row has {len(row)} cells, the header {len(header)}",
                    "quote a value that holds a comma",
                )
            )
            continue
        coords = []
        for col in (lon_col, lat_col):
            value = (cells.get(col) or "").strip()
            try:
                number = float(value)
                if not math.isfinite(number):
                    raise ValueError
            except ValueError:
                builder.problems.append(
                    Problem(
                        name,
                        fid,
                        col,
                        f"{value!r} is not a number" if value else "missing",
                        "write decimal degrees (WGS84), e.g. 74.84639",
                    )
                )
                break
            coords.append(number)
        values = {h: (cells.get(h) or None) for h in props}
        if len(coords) == 2:
            builder.add(index, values, {"type": "Point", "coordinates": coords})
    return builder.collection()


def load_vector(
    path: Path, max_bytes: int | None = None
) -> tuple[dict | None, list[Problem]]:
    """Load a GIS file as a FeatureCollection dict: ``(data, [])`` or
    ``(None, problems)``, as :func:`basemap.io.load.load_json` does for JSON.

    Anything that is not a regular file, or is larger than ``max_bytes``,
    is refused before GDAL opens it.
    """
    path = Path(path)
    if path.suffix.lower() in CSV_SUFFIXES:
        return _load_csv(path, max_bytes)
    problem = check_file(path, max_bytes)
    if problem is not None:
        return None, [problem]
    return _load_ogr(path)


def read_vector(path: PathArg, *, max_bytes: int | None = None) -> dict:
    """Read a GeoPackage, Shapefile, FlatGeobuf or CSV layer as the GeoJSON
    FeatureCollection dict a layer file holds (see the column conventions
    above); :func:`basemap.io.layers.read_layers` validates it as any layer.

    Raises
    ------
    DataError
        When the file cannot be read as such (with file, feature id and
        property, as for GeoJSON).
    """
    data, problems = load_vector(Path(path), max_bytes)
    if problems:
        raise DataError(problems)
    return data


def load_collection(
    path: Path, max_bytes: int | None = None
) -> tuple[Any, list[Problem]]:
    """Load a FeatureCollection: a GeoJSON file's (see
    :func:`basemap.io.load.load_json`), or a GIS file's (by its suffix, one of
    :data:`VECTOR_SUFFIXES`) loaded by :func:`load_vector` into the same
    FeatureCollection: (data, []) or (None, [the problems])."""
    if Path(path).suffix.lower() in VECTOR_SUFFIXES:
        return load_vector(Path(path), max_bytes)
    return load_json(path, max_bytes, collection=True)
