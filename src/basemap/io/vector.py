"""GIS in and out: GeoPackage, Shapefile, FlatGeobuf and CSV, through pyogrio.

**In.** :func:`read_vector` reads a layer from any vector file GDAL reads
(through ``pyogrio``: ``.gpkg``, ``.shp``, ``.fgb``) or from a CSV file with
longitude and latitude columns, and returns the GeoJSON FeatureCollection
a layer file would hold, so that :mod:`basemap.io.layers` checks it exactly as
it checks GeoJSON, with the same messages (file, feature id, property).
``--data`` takes these files by name (a folder still stands for its
``.geojson`` and ``.json`` files only). A file is read in one pass: a cell
that cannot be read is reported and left out, and the check of everything
else runs all the same (:data:`UNREAD`, :func:`without_repeats`).

Column conventions (the same for reading and writing). They are also how
a GeoJSON file without ``as_of`` is read: one written by a GIS tool
(QGIS's "Save Features As", ``ogr2ogr``) from such columns.

* one column per property, named as in the GeoJSON (``id``, ``site``,
  ``name``, ``operator``, ``host``, ``kind``, ``start``, ``end``, ...;
  the names Shapefiles cut to 10 characters, such as ``location_p``, are
  recognised); an empty (NULL) cell is an absent property, except ``end``
  in a layer (a file with a ``start`` column), where it means "still
  present"; the columns GIS tools add for themselves (``fid``,
  ``ogc_fid``, ...: :data:`basemap.io.cells.BOOKKEEPING`) are left out;
* the properties GeoJSON holds as lists or objects (``aliases``,
  ``personnel``, ``equipment``, ``units``, ``place``, ``radius``,
  ``sources``, ``anchor``; for events also ``countries``) are JSON text in
  their column, e.g. ``[{"title": "...", "publisher": "...", "date":
  "2004"}]``, read as strictly as a GeoJSON file (a key twice, ``NaN``,
  ``1e400`` are refused); OGR's list text (``(2:Kant,Кант)``, what
  ``ogr2ogr`` makes of a GeoJSON array in a GeoPackage or Shapefile) and
  Python literals (what pandas and geopandas write for list and dict
  columns) are read too (:mod:`basemap.io.cells`); a cell that is none of
  these is kept as text, which the check then reports as the wrong type;
* ``start`` and ``end`` may be Date or DateTime columns (read at midnight,
  or at 23:59:59), or GDAL's CSV text ``2026/12/01``; ``start_text`` and
  ``end_text``, where present, hold the dates as written (``2005?``), and
  win over the date columns;
* ``as_of``: the day the data was last checked, one value for the whole
  file, in a column on every row. GIS formats have no place for the
  collection's ``as_of`` of a GeoJSON layer, and every conversion of one
  (``ogr2ogr``, geopandas) drops it: a GIS layer without the column is
  refused with a message that says how to add it, e.g. ``ogr2ogr -sql
  "SELECT *, '2026-12-01' AS as_of FROM germany"``. Not guessed: the day
  is printed on every map as a fact ("as of 1 December 2026"), and no
  date in the rows says it (a source may be dated later);
* the geometry is a Point in WGS84 longitude/latitude (EPSG:4326, or no
  CRS); a file in another CRS is refused with the GeoJSON ``crs`` message.
  A site drawn as an area has its outline as geometry (with its
  ``anchor``), or its point with the outline in the :data:`AREA_COLUMN`
  column. A CSV's point is its ``longitude``/``latitude`` columns (or
  ``lon``/``lat``, or ``x``/``y``), in WGS84 degrees, or its geometry is
  the WKT of a ``WKT`` column (``ogr2ogr -lco GEOMETRY=AS_WKT``); every
  CSV value is text, UTF-8 (a spreadsheet's byte-order mark is accepted).

A Shapefile holds 254 bytes in a text field, too few for most ``sources``
and ``notes``; the text a Shapefile cut (GDAL stops at a whole character,
QGIS cuts inside one) is refused with that said: use a GeoPackage or
FlatGeobuf. Nor does a Shapefile hold lists (``ogr2ogr`` drops them).

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
same rows and columns for those periods, with their outlines; read back,
each outline is its feature's geometry again and the point its
``anchor`` (the points' :data:`AREA_COLUMN` says the same, for the points
saved alone). A year's GeoJSON gives an area its outline, with the point
in ``anchor``.

**QGIS's temporal controller.** ``layers.gpkg`` carries a default style
for both layers (:mod:`basemap.output.qgisstyle`): added to QGIS, they
are temporal, each period shown from its start to its end, and the
controller's range runs from the earliest start to ``as_of``. In View >
Panels > Temporal Controller, choose Animated Temporal Navigation, set
the step to 1 year, and play. Each frame shows every period present in
it, certain or not, as the map does (the uncertain ones dashed);
``start_text``/``end_text`` say how precise the dates are.

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
import re
import warnings
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import DataError, Problem
from ..geo.areas import AREA_TYPES
from ..resources import load_schema
from ..validate.rules import shown
from .cells import (
    BOOKKEEPING,
    DATE_PROPERTIES,
    day_text,
    looks_like_python,
    plain,
    python_literal,
    read_list,
)
from .load import (
    check_file,
    check_signature,
    gdal_offline,
    load_json,
    loads_text,
    read_bytes,
    strict_float,
    text_problems,
    utf16_name,
)

if TYPE_CHECKING:
    from .load import PathArg

__all__ = [
    "AREAS_LAYER",
    "AREA_COLUMN",
    "CSV_SUFFIXES",
    "LATITUDE_NAMES",
    "LONGITUDE_NAMES",
    "OGR_SUFFIXES",
    "SHAPEFILE_CUT",
    "UNREAD",
    "VECTOR_SUFFIXES",
    "WKT_NAMES",
    "json_properties",
    "load_collection",
    "load_vector",
    "read_vector",
    "without_repeats",
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
#: Names of a CSV's column of WKT geometries (GDAL's ``-lco GEOMETRY=AS_WKT``
#: and QGIS write ``WKT``), which wins over longitude and latitude.
WKT_NAMES = ("wkt", "geometry", "geom")
#: The column of a layer's points that holds, for a site that is an area,
#: its outline as GeoJSON text (:func:`basemap.output.gpkg.write_gpkg`
#: writes it; the frame of :func:`basemap.io.layers.read_layers` has it as
#: a dict): read back, the outline is the feature's geometry again and the
#: point its ``anchor``, so that a file saved from the points alone keeps
#: its areas.
AREA_COLUMN = "area"
#: The member of a FeatureCollection loaded from a GIS file that lists the
#: cells its loader could not read and has reported ([feature id,
#: property]); :func:`without_repeats` leaves out what the check then finds
#: missing there.
UNREAD = "basemap:unread"
#: What a Shapefile cannot hold (its text fields stop at 254 bytes).
SHAPEFILE_CUT = "a Shapefile text field holds 254 bytes"
_CUT_HINT = (
    "save the layer as a GeoPackage, FlatGeobuf or GeoJSON file, which keep "
    "the whole text"
)
#: Columns derived from others, not properties of their own.
_DERIVED = ("start_text", "end_text", "as_of")
_OGR_LIST_START = re.compile(r"\(\d+:")
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
    names: set[str] = {*_DERIVED, AREA_COLUMN}
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


class _Features:
    """Builds a FeatureCollection from rows of cells, collecting problems.

    A cell that cannot be read is reported once, left out of its feature,
    and noted in :data:`UNREAD`, so that the check of the collection (which
    runs all the same: one pass finds every problem) does not report it
    again as missing."""

    def __init__(self, name: str, columns: Iterable[str], shapefile: bool = False):
        self.name = name
        self.props = _column_names(columns)
        self.shapefile = shapefile
        # a layer has start and end (a NULL end: still present); an events
        # file has date and an optional end (a NULL end: none)
        self.layer = "start" in self.props.values()
        self.features: list[dict] = []
        self.problems: list[Problem] = []
        self.unread: list[list[str | None]] = []
        self.cut: list[tuple[str, str]] = []
        self.as_of: dict[str, None] = {}

    def problem(self, fid, prop, message, hint) -> None:
        self.problems.append(Problem(self.name, fid, prop, message, hint))
        self.unread.append([fid, prop])

    def _nested(self, value: str, fid: str, prop: str) -> tuple[Any, bool]:
        """A list or object read from a cell's text (see
        :mod:`basemap.io.cells`): (value, True), or (None, False) when
        reported; text that is none of them is kept, for the check to say
        what it expected."""
        text = value.strip()
        if not text:
            return None, True
        if text[:1] == "(":
            try:
                items = read_list(text, prop)
            except ValueError as exc:
                if _OGR_LIST_START.match(text):
                    self.problem(
                        fid,
                        prop,
                        f"{exc}: {shown(value)}",
                        "convert with ogr2ogr -oo ARRAY_AS_STRING=YES (lists as "
                        "JSON text), or write the list as JSON text",
                    )
                    return None, False
                return value, True
            return items, True
        if text[:1] not in ("[", "{"):
            return value, True
        parsed, problems = loads_text(text, self.name, fid, prop)
        if not problems:
            return parsed, True
        if looks_like_python(text):  # as pandas writes lists: not JSON
            try:
                return python_literal(text), True
            except ValueError:
                pass
        self.problems += problems
        self.unread.append([fid, prop])
        return None, False

    def add(
        self,
        index: int,
        cells: dict[str, Any],
        geometry: dict | None,
        cut: Iterable[str] = (),
        base: dict | None = None,
    ) -> None:
        """Add a row: its cells by column, its geometry, the columns whose
        text a Shapefile cut (``cut``), and the feature it came from
        (``base``, for a GeoJSON file whose members are kept)."""
        raw = {}
        for col, value in cells.items():
            prop = self.props.get(col, col)
            if prop not in _known_properties() and col.lower() in BOOKKEEPING:
                continue  # fid, ogc_fid, ...: the GIS tool's, not a property
            raw[prop] = value
        fid = raw.get("id") if isinstance(raw.get("id"), str) and raw["id"] else None
        fid = fid or f"#{index}"
        cut_props = {self.props.get(c, c) for c in cut}
        props: dict[str, Any] = {}
        for prop, value in raw.items():
            if prop in cut_props:
                self.cut.append((fid, prop))
                self.unread.append([fid, prop])
                continue
            if prop in _DERIVED or prop == AREA_COLUMN:
                continue
            if isinstance(value, bytes | bytearray | memoryview):
                self.problem(
                    fid, prop, "is a binary column", "store the property as text"
                )
                continue
            if value is None:
                if prop == "end" and self.layer:
                    props["end"] = None  # still present
                continue
            if prop in json_properties() and isinstance(value, str):
                value, ok = self._nested(value, fid, prop)
                if not ok or value is None:
                    continue
            elif prop in DATE_PROPERTIES and isinstance(value, str):
                value = day_text(value)
            props[prop] = value
        for prop in ("start", "end"):
            text = raw.get(f"{prop}_text")
            if isinstance(text, str) and text and f"{prop}_text" not in cut_props:
                props[prop] = text
        as_of = raw.get("as_of")
        if as_of is not None:
            self.as_of[day_text(str(as_of))] = None
        if AREA_COLUMN not in cut_props:
            geometry = self._area(raw.get(AREA_COLUMN), fid, geometry, props)
        feature = {"type": "Feature", "geometry": geometry, "properties": props}
        self.features.append({**base, **feature} if base else feature)

    def _area(self, cell: Any, fid: str, geometry: dict | None, props: dict):
        """The geometry of a row with an :data:`AREA_COLUMN` cell: the
        outline, the point its ``anchor``."""
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            return geometry
        outline = cell
        if isinstance(cell, str):
            outline, ok = self._nested(cell, fid, AREA_COLUMN)
            if not ok:
                return geometry
        if not (isinstance(outline, dict) and outline.get("type") in AREA_TYPES):
            self.problem(
                fid,
                AREA_COLUMN,
                f"not a GeoJSON Polygon or MultiPolygon: {shown(cell)}",
                "the area column holds the outline of a site that is an area, "
                "as GeoJSON text; leave it empty for a point",
            )
            return geometry
        if geometry and geometry.get("type") == "Point" and "anchor" not in props:
            props["anchor"] = geometry["coordinates"][:2]
        return outline

    def collection(self, crs: str | None = None) -> tuple[dict, list[Problem]]:
        data: dict[str, Any] = {"type": "FeatureCollection"}
        if len(self.as_of) > 1:
            days = sorted(self.as_of)
            self.problem(
                None,
                "as_of",
                f"{len(days)} different as_of days ({', '.join(days[:3])})",
                "a layer has one as_of: give every feature the same day, or "
                "split the file",
            )
        elif self.as_of:
            data["as_of"] = next(iter(self.as_of))
        if crs is not None and crs not in _WGS84:
            data["crs"] = {"type": "name", "properties": {"name": crs}}
        data["features"] = self.features
        if self.cut:
            self.problems.append(_cut_problem(self.name, self.cut))
        if self.unread:
            data[UNREAD] = self.unread
        return data, self.problems

    def gis_collection(
        self, crs: str | None = None, layer: str = "layer"
    ) -> tuple[dict, list[Problem]]:
        """:meth:`collection` of a GIS file (whose layer is ``layer``), which
        says what it lacks in its own terms: no features, no ``as_of``
        column."""
        if not self.features:
            self.problem(
                None,
                None,
                "holds no features",
                "a layer has a row per period; ogr2ogr leaves an empty file "
                "when it cannot write list fields (FlatGeobuf in GDAL 3.6): "
                "convert with -oo ARRAY_AS_STRING=YES",
            )
            self.unread.append([None, "as_of"])  # nothing to say it of
        elif not self.as_of and self.layer:
            self.problem(
                None,
                "as_of",
                "no as_of column: GIS formats do not keep a GeoJSON layer's "
                '"as_of" (the day the data was last checked)',
                "add an as_of column holding that day (the GeoJSON's as_of) on "
                "every row, e.g. ogr2ogr -sql \"SELECT *, 'YYYY-MM-DD' AS as_of "
                f"FROM {layer}\", QGIS's Field Calculator, or "
                "gdf['as_of'] = 'YYYY-MM-DD'",
            )
        return self.collection(crs)


def _cut_problem(name: str, cut: list[tuple[str, str]]) -> Problem:
    """One problem for the text a Shapefile cut at 254 bytes."""
    if len(cut) == 1:
        fid, prop = cut[0]
        return Problem(name, fid, prop, f"{SHAPEFILE_CUT}; this one was cut", _CUT_HINT)
    cells = ", ".join(f"feature {fid!r} {prop}" for fid, prop in cut[:3])
    more = f" and {len(cut) - 3} more" if len(cut) > 3 else ""
    return Problem(
        name,
        None,
        None,
        f"{SHAPEFILE_CUT}; {len(cut)} values were cut: {cells}{more}",
        _CUT_HINT,
    )


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


def _recode(result) -> tuple[tuple, set[tuple[int, str]]]:
    """A layer read as Latin-1 (every byte a character) decoded as the UTF-8
    its file says it is, and the (row, column) cells cut inside a character
    (as QGIS cuts a Shapefile's text at 254 bytes).

    Raises
    ------
    UnicodeDecodeError
        For text that is not UTF-8 before its last character.
    """
    meta, fids, geometry, field_data = result
    cut = set()
    for column, values in zip(meta["fields"], field_data, strict=True):
        for i, value in enumerate(values):
            if not isinstance(value, str):
                continue
            raw = value.encode("latin-1")
            try:
                values[i] = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                if exc.end < len(raw) or exc.reason != "unexpected end of data":
                    raise
                values[i] = raw[: exc.start].decode("utf-8")
                cut.add((i, str(column)))
    return (meta, fids, geometry, field_data), cut


def _cut_cells(meta, field_data, count: int) -> dict[int, set[str]]:
    """Row -> the columns of a Shapefile's row whose text fills its 254-byte
    field (GDAL stops short of a character it would split: 251 to 254 bytes
    of UTF-8)."""
    encoding = str(meta.get("encoding") or "UTF-8")
    utf8 = encoding.replace("-", "").upper() == "UTF8"
    cut: dict[int, set[str]] = {}
    for column, values in zip(meta["fields"], field_data, strict=True):
        for i in range(count):
            value = values[i]
            if not isinstance(value, str) or len(value) < 64:
                continue
            size = len(value.encode("utf-8" if utf8 else encoding, "replace"))
            if size == 254 or (utf8 and 251 <= size <= 254):
                cut.setdefault(i, set()).add(str(column))
    return cut


def _before(exc: UnicodeDecodeError) -> str:
    """The text before the byte that is not UTF-8, to find the value by."""
    return exc.object[max(0, exc.start - 40) : exc.start].decode("utf-8", "replace")


def _load_ogr(path: Path) -> tuple[dict | None, list[Problem]]:
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError
    from pyogrio.raw import read

    name = str(path)
    kind = _KINDS.get(path.suffix.lower(), "a vector file")
    problem = check_signature(path, kind)  # GDAL opens what the name says
    if problem is not None:
        return None, [problem]
    shapefile = path.suffix.lower() == ".shp"
    recoded: dict[str, set[tuple[int, str]]] = {}
    try:
        with warnings.catch_warnings(), gdal_offline():
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
            try:
                results = [(layer, read(path, layer=layer)) for layer in layers]
            except UnicodeDecodeError:  # UTF-8 text cut inside a character
                if not shapefile:
                    raise
                results = []
                for layer in layers:
                    result, recoded[layer] = _recode(
                        read(path, layer=layer, ENCODING="LATIN1")
                    )
                    results.append((layer, result))
    except UnicodeDecodeError as exc:
        return None, [
            Problem(
                name,
                None,
                None,
                f"text that is not UTF-8 (byte {exc.start} of a value: "
                f"{shown(_before(exc))})",
                "the file says its text is UTF-8 (its .cpg): save it again as "
                "UTF-8, or give the .cpg the encoding it has",
            )
        ]
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
    except Exception as exc:  # GDAL on any input: a message, never a traceback
        return None, [
            Problem(
                name,
                None,
                None,
                f"cannot be read as {kind} ({type(exc).__name__}: "
                f"{_gdal_message(exc, path)})",
                f"check that it is {kind}, as its name says",
            )
        ]
    fields = list(dict.fromkeys(f for _, r in results for f in r[0]["fields"]))
    if outlines and "anchor" not in fields:
        fields.append("anchor")
    builder = _Features(name, fields)
    crs_found = {r[0]["crs"] for _, r in results}
    index = 0
    for layer, (meta, _fids, geometry, field_data) in results:
        columns = list(meta["fields"])
        count = len(geometry) if geometry is not None else 0
        cut = _cut_cells(meta, field_data, count) if shapefile else {}
        for i, column in recoded.get(layer, ()):
            cut.setdefault(i, set()).add(column)
        for i in range(count):
            cells = {c: plain(field_data[j][i]) for j, c in enumerate(columns)}
            point = _geometry(geometry[i])
            outline = outlines.get(cells.get("id"))
            if outline is not None and point and point["type"] == "Point":
                # an area written by basemap: the outline, the point its anchor
                cells["anchor"] = json.dumps(point["coordinates"][:2])
                cells.pop(AREA_COLUMN, None)
                point = outline
            builder.add(index, cells, point, cut.get(i, ()))
            index += 1
    crs = sorted(c for c in crs_found if c) or [None]
    return builder.gis_collection(
        crs[0] if len(crs) == 1 else ", ".join(crs), layers[0]
    )


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
    wkt_col = _pick(header, WKT_NAMES)
    if (lon_col is None or lat_col is None) and wkt_col is None:
        return fail(
            "no longitude and latitude columns",
            "name them longitude and latitude (or lon/lat, x/y), in WGS84 "
            "degrees, or give the geometry as WKT in a WKT column",
        )
    places = [c for c in (lon_col, lat_col, wkt_col) if c is not None]
    props = [h for h in header if h not in places]
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
        values = {h: (cells.get(h) or None) for h in props}
        builder.add(
            index, values, _csv_geometry(builder, fid, cells, lon_col, lat_col, wkt_col)
        )
    return builder.gis_collection(layer=path.stem)


def _csv_geometry(builder, fid, cells, lon_col, lat_col, wkt_col) -> dict | None:
    """The geometry of a CSV row: its WKT, else its longitude and latitude
    (None, reported, if neither is there)."""
    import shapely

    wkt = (cells.get(wkt_col) or "").strip() if wkt_col else ""
    if wkt:
        try:
            return _geometry(shapely.to_wkb(shapely.from_wkt(wkt)))
        except shapely.errors.GEOSException as exc:
            builder.problem(
                fid,
                wkt_col,
                f"not a WKT geometry ({str(exc).split(':')[0]}): {shown(wkt)}",
                "write it as WKT, e.g. POINT (74.84639 42.85139)",
            )
            builder.unread.append([fid, "geometry"])
            return None
    coords = []
    area = bool((cells.get("anchor") or "").strip())
    for col in (lon_col, lat_col):
        value = (cells.get(col) or "").strip() if col else ""
        try:
            number = strict_float(value)
        except ValueError:
            hint = "write decimal degrees (WGS84), e.g. 74.84639"
            if area and not value:
                hint = (
                    "this row is an area (it has an anchor), which X and Y cannot "
                    "hold: write the CSV with the outline as WKT (ogr2ogr -lco "
                    "GEOMETRY=AS_WKT)"
                )
            builder.problem(
                fid,
                col or "longitude",
                f"{value!r} is not a number" if value else "missing",
                hint,
            )
            builder.unread.append([fid, "geometry"])
            if area:  # its anchor is no more wrong than the row is
                builder.unread.append([fid, "anchor"])
            return None
        coords.append(number)
    return {"type": "Point", "coordinates": coords}


def load_vector(
    path: Path, max_bytes: int | None = None
) -> tuple[dict | None, list[Problem]]:
    """Load a GIS file as a FeatureCollection dict: ``(data, problems)``,
    as :func:`basemap.io.load.load_json` does for JSON. ``data`` is None
    when the file cannot be read at all; otherwise it holds every feature,
    without the cells that could not be read (each reported in
    ``problems`` and listed in ``data[UNREAD]``), so that the check finds
    every other problem in the same pass.

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


def _from_gis(name: str, data: dict) -> tuple[dict, list[Problem]]:
    """A GeoJSON FeatureCollection written by a GIS tool, read by the same
    conventions as a GIS file's rows: its properties may be a GeoPackage's
    columns saved as GeoJSON (QGIS's "Save Features As", ``ogr2ogr``):
    ``fid``, ``as_of`` on every feature, ``start_text``/``end_text``,
    NULL lists, JSON text."""
    features = data["features"]
    columns = dict.fromkeys(
        key
        for f in features
        if isinstance(f, dict) and isinstance(f.get("properties"), dict)
        for key in f["properties"]
    )
    builder = _Features(name, columns)
    for index, feature in enumerate(features):
        if not (
            isinstance(feature, dict) and isinstance(feature.get("properties"), dict)
        ):
            builder.features.append(feature)  # the check says what it is
            continue
        builder.add(index, feature["properties"], feature.get("geometry"), base=feature)
    out, problems = builder.collection()
    return {**data, **out, "type": data.get("type")}, problems


def load_collection(
    path: Path, max_bytes: int | None = None
) -> tuple[Any, list[Problem]]:
    """Load a FeatureCollection: a GeoJSON file's (see
    :func:`basemap.io.load.load_json`), or a GIS file's (by its suffix, one of
    :data:`VECTOR_SUFFIXES`) loaded by :func:`load_vector` into the same
    FeatureCollection: ``(data, problems)``, ``data`` None when the file
    cannot be read at all.

    A GeoJSON FeatureCollection without ``as_of`` (which a basemap layer
    always has) is one a GIS tool wrote: its features are read by the
    column conventions above."""
    if Path(path).suffix.lower() in VECTOR_SUFFIXES:
        data, problems = load_vector(Path(path), max_bytes)
        if data is not None:  # (a JSON file's are looked for as it is read)
            found = text_problems(str(path), data)
            if found:
                return None, problems + found
        return data, problems
    data, problems = load_json(path, max_bytes, collection=True)
    if (
        data is not None
        and "as_of" not in data
        and isinstance(data.get("features"), list)
    ):
        return _from_gis(str(path), data)
    return data, problems


def without_repeats(problems: list[Problem], data: dict | None) -> list[Problem]:
    """``problems`` found by checking ``data``, without those at the cells
    its loader could not read and reported (:data:`UNREAD`): a property
    left out there is not also "missing".

    >>> from basemap.errors import Problem
    >>> data = {UNREAD: [["kant-rus-1", "sources"]]}
    >>> found = [Problem("a.gpkg", "kant-rus-1", "sources", "missing"),
    ...          Problem("a.gpkg", "kant-rus-1", "start", "bad date")]
    >>> [p.prop for p in without_repeats(found, data)]
    ['start']
    """
    if not data or not data.get(UNREAD):
        return problems
    unread = {(fid, prop) for fid, prop in data[UNREAD]}

    def repeated(p: Problem) -> bool:
        root = re.split(r"[.\[]", p.prop, maxsplit=1)[0] if p.prop else None
        return (p.feature_id, root) in unread

    return [p for p in problems if not repeated(p)]
