"""GIS out: the layers as one GeoPackage, a year's selection as GIS files.

The writing half of :mod:`basemap.io.vector` (whose docstring gives the
column conventions and the steps for QGIS's temporal controller).

:func:`write_gpkg` writes layers (the frame of
:func:`basemap.io.layers.read_layers`) as one GeoPackage layer with those
columns, ``start`` and ``end`` as real DATE columns: a written date means a
span of days (see :mod:`basemap.dates`), so ``start`` holds the earliest
day the start can mean and ``end`` the latest day the end can mean (for
``2005?``: 2004-01-01 and 2006-12-31), NULL for a period still present;
``start_text``/``end_text`` keep the dates as written. :func:`export_gpkg`
writes that file into an export folder; :func:`selection_geojson` and
:func:`selection_gpkg_bytes` give a year's selection (``basemap list``) as
GeoJSON and GeoPackage (:mod:`basemap.output.listing` writes it). Files
are written atomically (a temporary file renamed into place,
:mod:`basemap.output.atomic`), never over an input
(:mod:`basemap.output.guard`), and the same data give the same bytes (the
GeoPackage's timestamp is the data's ``as_of``).

Examples
--------
>>> from basemap.pipeline import presences
>>> import json
>>> data = json.loads(selection_geojson(presences(year=2005)))
>>> k2 = [f for f in data["features"]
...       if f["properties"]["key"] == "karshi-khanabad/USA"][0]
>>> k2["properties"]["change"], k2["geometry"]["coordinates"]
('closed', [65.9215, 38.8336])
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..dates import Period, parse_date
from ..errors import OutputError
from ..frames import records
from ..io.vector import AREA_COLUMN, AREAS_LAYER, json_properties
from ..resources import seed_citations
from ..selection.changes import presence_records
from .atomic import atomic_write_bytes
from .guard import check_not_inputs
from .qgisstyle import STYLE_NAME, temporal_qml

if TYPE_CHECKING:
    import geopandas

    from ..io.load import PathArg

__all__ = [
    "GPKG_NAME",
    "GPKG_VERSION",
    "export_gpkg",
    "gpkg_bytes",
    "selection_geojson",
    "selection_gpkg_bytes",
    "sources_text",
    "write_bytes",
    "write_gpkg",
]

#: The GeoPackage ``basemap export --format gpkg`` writes in its folder.
GPKG_NAME = "layers.gpkg"
#: The version of the GeoPackages basemap writes: the latest that GDAL 3.6
#: (Debian 12, Ubuntu 22.04, and the QGIS 3.22 built on it) opens without
#: a warning; GDAL 3.6 itself writes it.
GPKG_VERSION = "1.2"
_GPKG_LAYER = "layers"


def _json_cell(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, list | tuple) and not value:
        return None
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _text_cell(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return str(value)


def _day(value: date | None):
    import numpy as np

    return np.datetime64("NaT", "D") if value is None else np.datetime64(value, "D")


def _gpkg(
    columns: dict[str, Any],
    points: list[tuple[float, float]],
    layer: str,
    stamp: str,
    areas: list[tuple[int, dict]] | None = None,
    styled: bool = False,
) -> bytes:
    """The bytes of a GeoPackage of points (EPSG:4326) with these columns
    (object arrays of text, or ``datetime64[D]`` arrays: DATE columns), its
    timestamps set to ``stamp`` so the bytes repeat. With ``areas`` (row
    index, GeoJSON outline), a second layer, :data:`AREAS_LAYER`, holds
    those rows with their outlines (without :data:`AREA_COLUMN`). With
    ``styled``, the QGIS style of :mod:`basemap.output.qgisstyle` is the
    default style of both layers.

    The file is a GeoPackage 1.2, which the GDAL 3.6 and QGIS 3.22 of
    Debian 12 and Ubuntu 22.04 open without the warning the 1.4 of a newer
    GDAL gives on every open."""
    import numpy as np
    import pyogrio
    import shapely
    from pyogrio.raw import write

    geometry = np.array(
        [shapely.to_wkb(shapely.Point(x, y)) for x, y in points], dtype=object
    )
    names = list(columns)
    arrays = [columns[n] for n in names]
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": f"{stamp}T00:00:00.000Z"})
    options = {"driver": "GPKG", "crs": "EPSG:4326", "encoding": "UTF-8"}
    first = {"dataset_options": {"VERSION": GPKG_VERSION}}
    try:
        if not areas and not styled:
            buffer = io.BytesIO()
            write(
                buffer,
                geometry,
                arrays,
                names,
                layer=layer,
                geometry_type="Point",
                **options,
                **first,
            )
            return buffer.getvalue()
        # GDAL adds a second layer only to a file (not to memory)
        with tempfile.TemporaryDirectory(prefix="basemap-gpkg-") as folder:
            path = os.path.join(folder, "layers.gpkg")
            write(
                path,
                geometry,
                arrays,
                names,
                layer=layer,
                geometry_type="Point",
                **options,
                **first,
            )
            tables = [layer]
            if areas:
                rows = [i for i, _ in areas]
                shapes = [shapely.geometry.shape(a) for _, a in areas]
                kinds = {g.geom_type for g in shapes}
                keep = [i for i, n in enumerate(names) if n != AREA_COLUMN]
                write(
                    path,
                    np.array([shapely.to_wkb(g) for g in shapes], dtype=object),
                    [arrays[i][rows] for i in keep],
                    [names[i] for i in keep],
                    layer=AREAS_LAYER,
                    geometry_type=kinds.pop() if len(kinds) == 1 else "Unknown",
                    **options,
                )
                tables.append(AREAS_LAYER)
            if styled:
                _write_styles(path, tables, stamp)
            with open(path, "rb") as f:
                return f.read()
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def _write_styles(path: str, tables: list[str], stamp: str) -> None:
    """Add QGIS's ``layer_styles`` table, as QGIS itself creates it, with
    the temporal style (:mod:`basemap.output.qgisstyle`) as the default of
    each of ``tables``."""
    import numpy as np
    from pyogrio.raw import write

    n = len(tables)

    def text(value: str | None) -> Any:
        return np.array([value] * n, dtype=object)

    columns = {
        "f_table_catalog": text(""),
        "f_table_schema": text(""),
        "f_table_name": np.array(tables, dtype=object),
        "f_geometry_column": text("geom"),
        "styleName": text(STYLE_NAME),
        "styleQML": text(temporal_qml()),
        "styleSLD": text(""),
        "useAsDefault": np.ones(n, dtype=bool),
        "description": text(
            "basemap: the temporal controller shows each period from its start "
            "to its end (see basemap.output.qgisstyle)"
        ),
        "owner": text(""),
        "ui": text(None),
        "update_time": np.array([f"{stamp}T00:00:00"] * n, dtype="datetime64[ms]"),
    }
    write(
        path,
        None,
        list(columns.values()),
        list(columns),
        layer="layer_styles",
        driver="GPKG",
        geometry_type=None,
        encoding="UTF-8",
        layer_options={"FID": "id"},
        gdal_tz_offsets={"update_time": np.full(n, 100)},  # GDAL: 100 is UTC
    )


def _layer_columns(layers: geopandas.GeoDataFrame) -> dict[str, Any]:
    import numpy as np

    texts = [
        c
        for c in (
            "id",
            "site",
            "name",
            "label",
            "operator",
            "host",
            "kind",
            "status",
            "notes",
            "location_precision",
            "location_note",
        )
        if c in layers.columns
    ]

    nested = [c for c in layers.columns if c in json_properties()]
    periods = []
    for _, row in layers.iterrows():
        period = row.get("period")
        if not isinstance(period, Period):
            period = Period.from_strings(row["start"], row["end"], row.get("as_of"))
        periods.append(period)
    columns: dict[str, Any] = {}
    order = ["id", "site", "name", "label", "aliases", "operator", "host", "kind"]
    order += ["status", "start", "end", "start_text", "end_text", "personnel"]
    order += ["equipment", "units", "notes", "place", "location_precision"]
    order += ["location_note", "radius", "sources", "as_of", AREA_COLUMN]
    for col in order:
        if col in texts:
            columns[col] = np.array([_text_cell(v) for v in layers[col]], dtype=object)
        elif col in nested:
            columns[col] = np.array([_json_cell(v) for v in layers[col]], dtype=object)
        elif col == "start":
            columns[col] = np.array([_day(p.earliest_start) for p in periods])
        elif col == "end":
            columns[col] = np.array(
                [_day(p.end.latest if p.end else None) for p in periods]
            )
        elif col == "start_text":
            columns[col] = np.array([p.start.text for p in periods], dtype=object)
        elif col == "end_text":
            columns[col] = np.array(
                [p.end.text if p.end else None for p in periods], dtype=object
            )
        elif col == AREA_COLUMN and AREA_COLUMN in layers.columns:
            columns[col] = np.array(
                [_json_cell(v) if isinstance(v, dict) else None for v in layers[col]],
                dtype=object,
            )
        elif col == "as_of" and "as_of" in layers.columns:
            columns[col] = np.array(
                [_day(date.fromisoformat(v)) if v else _day(None) for v in layers[col]]
            )
    for col in columns:
        if columns[col].dtype.kind == "M":
            columns[col] = columns[col].astype("datetime64[D]")
    return columns


def _stamp(layers) -> str:
    values = [v for v in layers.get("as_of", []) if isinstance(v, str) and v]
    return max(values) if values else "1970-01-01"


def gpkg_bytes(layers: geopandas.GeoDataFrame) -> bytes:
    """The GeoPackage of :func:`write_gpkg`, as bytes (for an export that
    writes through its own manifest). Same layers, same bytes."""
    points = list(zip(layers.geometry.x, layers.geometry.y, strict=True))
    outlines = layers["area"] if "area" in layers.columns else ()
    areas = [(i, a) for i, a in enumerate(outlines) if isinstance(a, dict)]
    return _gpkg(
        _layer_columns(layers), points, _GPKG_LAYER, _stamp(layers), areas, True
    )


def write_bytes(path: Path, data: bytes, inputs: Iterable = ()) -> Path:
    path = Path(path)
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give the path of a file")
    check_not_inputs([path], inputs)
    return atomic_write_bytes(path, data)


def write_gpkg(
    layers: geopandas.GeoDataFrame, path: PathArg, *, inputs: Iterable = ()
) -> Path:
    """Write layers (as :func:`basemap.io.layers.read_layers` returns them) as one
    GeoPackage layer, ``start``/``end`` DATE columns (see above); return
    the path.

    The file is written atomically, and never over one of ``inputs``
    (:func:`basemap.output.guard.check_not_inputs`).

    Raises
    ------
    OutputError
        When the path is a folder, an input, or cannot be written.
    """
    return write_bytes(Path(path), gpkg_bytes(layers), inputs)


def export_gpkg(layers: geopandas.GeoDataFrame, folder: PathArg) -> Path:
    """Write :data:`GPKG_NAME` (every layer, :func:`write_gpkg`) into an
    export folder; return its path."""
    return write_gpkg(layers, Path(folder) / GPKG_NAME)


# -- a year's selection (basemap list) -------------------------------------

_SELECTION_FIELDS = [
    "key",
    "site",
    "name",
    "operator",
    "operator_name",
    "host",
    "kind",
    "status",
    "presence",
    "change",
    "start",
    "end",
]


def sources_text(periods: list[dict]) -> str:
    """The sources of a site's periods, as a reader cites them, each once,
    separated by semicolons: a public source's title, publisher, date and
    address; a seed document's reference (``geodata/seeds.json``).

    >>> sources_text([{"sources": [
    ...     {"title": "Kant opens", "publisher": "Reuters", "date": "2003-10-23",
    ...      "url": "https://example.org/kant"},
    ...     {"seed": "no-such-seed.txt", "quote": "..."}]}])
    '“Kant opens”, Reuters, 2003-10-23, https://example.org/kant; a source document'
    """
    cites = seed_citations()
    seen: dict[str, None] = {}
    for period in periods:
        for source in period.get("sources") or ():
            if source.get("seed"):
                text = cites.get(source["seed"], "a source document")
            else:
                title = source.get("title")
                parts = [
                    f"\u201c{title}\u201d" if title else None,
                    source.get("publisher"),
                    source.get("date"),
                    source.get("url"),
                ]
                text = ", ".join(str(p) for p in parts if p)
            seen[text] = None
    return "; ".join(seen)


def _selection_rows(styled) -> list[dict]:
    """The rows of a styled selection, in the order of
    :func:`basemap.selection.changes.presence_records`, with their periods (as
    written, with their sources)."""
    by_key = {r["key"]: r for r in records(styled)} if len(styled) else {}
    rows = []
    for rec in presence_records(styled):
        row = by_key[f"{rec['site']}/{rec['operator']}"]
        out = {f: rec.get(f, row.get(f)) for f in _SELECTION_FIELDS}
        out["periods"] = row["periods"]
        out["sources"] = sources_text(row["periods"])
        out["lon"], out["lat"] = rec["lon"], rec["lat"]
        area = row.get("area")
        out["area"] = area if isinstance(area, dict) else None
        rows.append(out)
    return rows


def selection_geojson(styled) -> str:
    """A styled selection as GeoJSON text: one Point per site and operator
    (for a site that is an area, its outline, with the point as
    ``anchor``), with what ``basemap list`` reports, the sources to read
    (:func:`sources_text`) and the periods (their sources included), as
    written in the data."""
    features = []
    for r in _selection_rows(styled):
        point = [r["lon"], r["lat"]]
        props = {f: r[f] for f in _SELECTION_FIELDS}
        props.update(sources=r["sources"], periods=r["periods"])
        geometry = {"type": "Point", "coordinates": point}
        if r["area"]:  # an area: its outline, the marker's point its anchor
            geometry, props["anchor"] = r["area"], point
        features.append({"type": "Feature", "geometry": geometry, "properties": props})
    data = {"type": "FeatureCollection", "features": features}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def selection_gpkg_bytes(styled, stamp: str) -> bytes:
    import numpy as np

    rows = _selection_rows(styled)
    columns: dict[str, Any] = {}
    for f in _SELECTION_FIELDS:
        if f in ("start", "end"):
            continue
        columns[f] = np.array([_text_cell(r[f]) for r in rows], dtype=object)
    columns["start"] = np.array(
        [_day(parse_date(r["start"]).earliest) for r in rows], dtype="datetime64[D]"
    )
    columns["end"] = np.array(
        [_day(parse_date(r["end"]).latest if r["end"] else None) for r in rows],
        dtype="datetime64[D]",
    )
    columns["start_text"] = np.array([r["start"] for r in rows], dtype=object)
    columns["end_text"] = np.array([r["end"] for r in rows], dtype=object)
    columns["sources"] = np.array([r["sources"] for r in rows], dtype=object)
    columns["periods"] = np.array(
        [_json_cell(r["periods"]) for r in rows], dtype=object
    )
    points = [(r["lon"], r["lat"]) for r in rows]
    areas = [(i, r["area"]) for i, r in enumerate(rows) if r["area"]]
    return _gpkg(columns, points, "presences", stamp, areas)
