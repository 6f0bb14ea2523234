"""GIS in and out: GeoPackage, FlatGeobuf, Shapefile and CSV layers."""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import os
import sqlite3
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely
from pyogrio.raw import write

from basemap.errors import DataError
from basemap.frames import records
from basemap.io.layers import read_layers, validate_layers
from basemap.io.vector import json_properties, read_vector
from basemap.output.gpkg import GPKG_NAME, export_gpkg, gpkg_bytes, write_gpkg
from basemap.selection.sites import data_years, select

from ..conftest import DATA

SAMPLE = DATA / "valid" / "sample.geojson"
BROKEN = DATA / "broken"
EXPECTED = json.loads((BROKEN / "expected.json").read_text(encoding="utf-8"))


# -- helpers: a layer as a user's GIS tool would write it --------------------


def cell(value):
    """A property as a GIS cell: lists and objects as JSON text."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def columns_of(layer: dict, raw: dict | None = None) -> dict[str, list]:
    """Columns of cells; ``raw`` maps (feature id, property) to a cell's
    text as written, for text no JSON encoder would write."""
    features = layer["features"]
    names = list(dict.fromkeys(k for f in features for k in f["properties"]))
    cols = {n: [cell(f["properties"].get(n)) for f in features] for n in names}
    if "as_of" in layer:
        cols["as_of"] = [layer["as_of"]] * len(features)
    for (fid, prop), text in (raw or {}).items():
        i = next(i for i, f in enumerate(features) if f["properties"]["id"] == fid)
        cols.setdefault(prop, [None] * len(features))[i] = text
    return cols


def write_table(
    layer: dict,
    path: Path,
    driver: str = "GPKG",
    crs: str = "EPSG:4326",
    raw: dict | None = None,
) -> Path:
    """Write a layer dict as a GIS file: one text column per property."""
    geoms = []
    for f in layer["features"]:
        g = f["geometry"]
        geoms.append(None if g is None else shapely.to_wkb(shapely.geometry.shape(g)))
    cols = columns_of(layer, raw)
    write(
        path,
        np.array(geoms, dtype=object),
        [np.array(v, dtype=object) for v in cols.values()],
        list(cols),
        driver=driver,
        geometry_type="Unknown",
        crs=crs,
        layer="layer",
    )
    return path


def write_csv(
    layer: dict, path: Path, lon: str = "longitude", lat: str = "latitude"
) -> Path:
    cols = columns_of(layer)
    header = [*cols, lon, lat]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for i, f in enumerate(layer["features"]):
        x, y = f["geometry"]["coordinates"][:2]
        row = ["" if cols[c][i] is None else cols[c][i] for c in cols]
        writer.writerow([*row, repr(x), repr(y)])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def comparable(selection) -> list:
    """A selection as plain data: every record and its point."""
    return [
        (r, (g.x, g.y))
        for r, g in zip(records(selection), selection.geometry, strict=True)
    ]


def same_every_year(a, b) -> None:
    first, last = data_years(a)
    assert data_years(b) == (first, last)
    for year in range(first, last + 1):
        assert comparable(select(a, year=year)) == comparable(select(b, year=year)), (
            year
        )


def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


# -- the GeoPackage of the layers --------------------------------------------


@pytest.fixture(scope="module")
def bundled():
    return read_layers()


@pytest.fixture(scope="module")
def bundled_gpkg(bundled, tmp_path_factory):
    return write_gpkg(bundled, tmp_path_factory.mktemp("gpkg") / "layers.gpkg")


def test_gpkg_round_trip_selects_the_same_every_year(bundled, bundled_gpkg):
    again = read_layers(bundled_gpkg)
    assert list(again["id"]) == list(bundled["id"])
    same_every_year(bundled, again)


def test_gpkg_holds_the_layer_as_geojson_does(bundled, bundled_gpkg):
    data = read_vector(bundled_gpkg)
    assert data["type"] == "FeatureCollection" and data["as_of"] == "2026-12-01"
    assert "crs" not in data
    by_id = {f["properties"]["id"]: f for f in data["features"]}
    for _, row in bundled.iterrows():
        props = by_id[row["id"]]["properties"]
        assert props["sources"] == row["sources"]
        end = row["end"] if isinstance(row["end"], str) else None
        assert (props["start"], props["end"]) == (row["start"], end)
        assert props.get("place") == row["place"]
        point = [row.geometry.x, row.geometry.y]
        if row["area"] is None:
            assert by_id[row["id"]]["geometry"]["coordinates"] == point
        else:  # an area: its outline, the point its anchor (the Baikonur lease)
            assert by_id[row["id"]]["geometry"] == row["area"]
            assert props["anchor"] == point


def test_gpkg_start_and_end_are_date_columns(bundled, bundled_gpkg):
    info = pyogrio.read_info(bundled_gpkg, layer="layers")
    types = dict(zip(info["fields"], info["ogr_types"], strict=True))
    assert types["start"] == types["end"] == types["as_of"] == "OFTDate"
    assert types["start_text"] == types["end_text"] == "OFTString"
    assert info["crs"] == "EPSG:4326" and info["geometry_type"] == "Point"
    with sqlite3.connect(bundled_gpkg) as db:
        declared = {row[1]: row[2] for row in db.execute("PRAGMA table_info(layers)")}
        assert declared["start"] == declared["end"] == "DATE"
        rows = {
            r[0]: r[1:]
            for r in db.execute(
                'SELECT id, start, "end", start_text, end_text FROM layers'
            )
        }
    # "1992?": uncertain, so 1991 to 1993; its earliest day is the start
    uncertain = bundled.loc[bundled["start"] == "1992?", "id"].iloc[0]
    assert rows[uncertain][0] == "1991-01-01" and rows[uncertain][2] == "1992?"
    # an approximate end: its latest day; an open end: NULL
    tankers = rows["manas-aus-1"]
    assert tankers[1:] == ("2002-11-30", "2002-03", "2002-10~")
    # a month: its last day
    kant = rows["kant-rus-2002"]
    assert kant[1:] == ("2002-12-31", "2002-11-30", "2002-12")
    open_ended = bundled.loc[bundled["end"].isna(), "id"].iloc[0]
    assert rows[open_ended][1] is None and rows[open_ended][3] is None


def test_gpkg_is_deterministic(bundled):
    assert gpkg_bytes(bundled) == gpkg_bytes(bundled)


def test_export_gpkg_writes_one_file_atomically(bundled, tmp_path):
    path = export_gpkg(bundled, tmp_path / "out")
    assert path == tmp_path / "out" / GPKG_NAME
    assert sorted(p.name for p in path.parent.iterdir()) == [GPKG_NAME]
    assert pyogrio.read_info(path, layer="layers")["features"] == len(bundled)


def test_write_gpkg_never_replaces_an_input(tmp_path):
    layer = tmp_path / "layer.geojson"
    layer.write_bytes(SAMPLE.read_bytes())
    with pytest.raises(OSError, match="output would replace the input"):
        write_gpkg(read_layers(layer), layer, inputs=[layer])
    assert layer.read_bytes() == SAMPLE.read_bytes()


def test_json_columns_are_the_schema_lists_and_objects():
    assert json_properties() >= {"aliases", "personnel", "sources", "place"}
    assert "radius" in json_properties() and "name" not in json_properties()


# -- other formats in ----------------------------------------------------------


@pytest.mark.parametrize(
    ("lon", "lat"), [("longitude", "latitude"), ("lon", "lat"), ("X", "Y")]
)
def test_csv_round_trip(tmp_path, lon, lat):
    path = write_csv(sample(), tmp_path / "layer.csv", lon, lat)
    same_every_year(read_layers(SAMPLE), read_layers(path))


def test_csv_from_a_spreadsheet_with_a_byte_order_mark(tmp_path):
    path = write_csv(sample(), tmp_path / "layer.csv")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    same_every_year(read_layers(SAMPLE), read_layers(path))


def test_flatgeobuf_round_trip(tmp_path):
    path = write_table(sample(), tmp_path / "layer.fgb", driver="FlatGeobuf")
    same_every_year(read_layers(SAMPLE), read_layers(path))


def test_gpkg_with_text_dates_round_trip(tmp_path):
    path = write_table(sample(), tmp_path / "layer.gpkg")
    same_every_year(read_layers(SAMPLE), read_layers(path))


def test_shapefile_names_cut_to_ten_characters(tmp_path):
    layer = sample()
    layer["features"] = layer["features"][:1]
    props = layer["features"][0]["properties"]
    props["sources"] = [{k: v for k, v in props["sources"][0].items() if k != "quote"}]
    props["sources"][0]["quote"] = "inaugurated on October 23, 2003"
    path = write_table(layer, tmp_path / "layer.shp", driver="ESRI Shapefile")
    fields = list(pyogrio.read_info(path)["fields"])
    assert "location_p" in fields  # cut by the format
    data = read_vector(path)
    got = data["features"][0]["properties"]
    assert got["location_precision"] == props["location_precision"]
    assert got["sources"] == props["sources"]


def test_shapefile_too_short_for_the_sources_says_so(tmp_path):
    layer = sample()
    layer["features"] = layer["features"][:1]
    src = layer["features"][0]["properties"]["sources"][0]
    src["quote"] = "x" * 300  # over the 254 characters a Shapefile holds
    path = write_table(layer, tmp_path / "layer.shp", driver="ESRI Shapefile")
    (problem,) = validate_layers(path)
    assert (problem.file, problem.feature_id, problem.prop) == (
        str(path),
        "kant-rus-1",
        "sources",
    )
    assert problem.message == (
        "a Shapefile text field holds 254 bytes; this one was cut"
    )
    assert "GeoPackage" in problem.hint


# -- broken input: the same messages as GeoJSON -------------------------------


def _representable(name: str) -> dict | None:
    """The broken file as a layer dict a GIS table can hold (text cells,
    Point or null geometries, finite coordinates), or None."""
    path = BROKEN / name
    if not path.is_file():
        return None

    def pairs(items):
        if len({k for k, _ in items}) != len(items):
            raise ValueError("duplicate key")
        return dict(items)

    def number(token):
        value = float(token)
        if not math.isfinite(value):
            raise ValueError("not finite")
        return value

    try:
        data = json.loads(
            path.read_text(encoding="utf-8"),
            object_pairs_hook=pairs,
            parse_float=number,
            parse_int=int,
        )
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("features"), list):
        return None
    if "crs" in data or set(data) - {"type", "as_of", "features", "name"}:
        return None
    for f in data["features"]:
        if not isinstance(f, dict) or not isinstance(f.get("properties"), dict):
            return None
        if set(f) - {"type", "geometry", "properties"}:
            return None
        g = f.get("geometry")
        if g is not None and (
            g.get("type") != "Point"
            or len(g.get("coordinates", [])) != 2
            or not all(
                isinstance(c, float | int) and math.isfinite(c)
                for c in g["coordinates"]
            )
        ):
            return None
        if any(
            not isinstance(v, str | list | dict) and v is not None
            for v in f["properties"].values()
        ):
            return None
    try:  # a GIS file holds UTF-8 text only: no lone surrogate
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return None
    return data


GIS_CASES = sorted(n for n in EXPECTED if _representable(n) is not None)
# A CSV cell cannot be an empty string apart from a missing value, nor a
# geometry be null apart from missing coordinates.
NOT_CSV = {"date-empty-string.geojson", "null-geometry.geojson"}


#: What a GIS file says where a GeoJSON says that "as_of" is missing: the
#: format has no place for it but a column (see basemap.io.vector).
NO_AS_OF_COLUMN = (
    "as_of: no as_of column: GIS formats do not keep a GeoJSON layer's "
    '"as_of" (the day the data was last checked) (add an as_of column holding '
    "that day (the GeoJSON's as_of) on every row, e.g. ogr2ogr -sql \"SELECT *, "
    "'YYYY-MM-DD' AS as_of FROM {layer}\", QGIS's Field Calculator, or "
    "gdf['as_of'] = 'YYYY-MM-DD')"
)


def expected_for(name: str, path: Path) -> list[str]:
    lines = [
        line.replace(f"{{dir}}/{name}", str(path)).replace("{dir}", str(BROKEN))
        for line in EXPECTED[name]
    ]
    missing = 'as_of: missing or not a YYYY-MM-DD date (None) (add "as_of": the day'
    layer = "layer" if path.suffix == ".gpkg" else path.stem  # as write_table names it
    said = f"{path}: {NO_AS_OF_COLUMN.format(layer=layer)}"
    return [said if missing in line else line for line in lines]


def test_the_broken_corpus_has_cases_for_gis_files():
    assert len(GIS_CASES) >= 20, GIS_CASES


@pytest.mark.parametrize("name", GIS_CASES)
def test_broken_gpkg_gives_the_geojson_message(name, tmp_path):
    path = write_table(_representable(name), tmp_path / (Path(name).stem + ".gpkg"))
    assert [str(p) for p in validate_layers(path)] == expected_for(name, path)


@pytest.mark.parametrize("name", [n for n in GIS_CASES if n not in NOT_CSV])
def test_broken_csv_gives_the_geojson_message(name, tmp_path):
    layer = _representable(name)
    if any(f["geometry"] is None for f in layer["features"]):
        pytest.skip("no point to write")
    path = write_csv(layer, tmp_path / (Path(name).stem + ".csv"))
    assert [str(p) for p in validate_layers(path)] == expected_for(name, path)


def test_broken_json_text_in_a_column(tmp_path):
    raw = {
        ("kant-rus-1", "sources"): (
            '[{"title": "a", "title": "b", "publisher": "p", "date": "2004"}]'
        ),
        ("manas-usa-1", "aliases"): '["Ganci",]',
        ("k2-usa-1", "units"): "[NaN]",
    }
    gpkg = write_table(sample(), tmp_path / "layer.gpkg", raw=raw)
    problems = [str(p) for p in validate_layers(gpkg)]
    assert problems == [
        f"{gpkg}: feature 'kant-rus-1': sources[0].title: duplicate key 'title' in "
        "one object (write each key once: JSON readers silently keep only one of "
        "its values)",
        f"{gpkg}: feature 'manas-usa-1': aliases: not valid JSON text: Expecting "
        'value at column 10 (the column holds JSON text, e.g. ["a", "b"] or '
        '{"name": "..."})',
        f"{gpkg}: feature 'k2-usa-1': units: not valid JSON text: NaN is not a "
        "JSON number (write a number, or null for an unknown value)",
    ]


def test_gpkg_in_another_crs_is_refused_as_geojson_is(tmp_path):
    path = write_table(sample(), tmp_path / "mercator.gpkg", crs="EPSG:3857")
    (problem,) = validate_layers(path)
    assert str(problem) == (
        f"{path}: crs: coordinates are in 'EPSG:3857', not WGS84 longitude/latitude "
        "(reproject to EPSG:4326 (RFC 7946), e.g. ogr2ogr -t_srs EPSG:4326, and drop "
        "the crs member)"
    )


def test_gpkg_polygon_and_mixed_as_of(tmp_path):
    layer = sample()
    layer["features"][0]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[74, 42], [75, 42], [75, 43], [74, 42]]],
    }
    # a polygon is an area: it needs the point of its marker
    (problem,) = validate_layers(write_table(layer, tmp_path / "polygon.gpkg"))
    assert (problem.feature_id, problem.prop) == ("kant-rus-1", "anchor")
    assert problem.message == "missing"
    path = write_table(
        sample(), tmp_path / "as-of.gpkg", raw={("kant-rus-1", "as_of"): "2020-01-01"}
    )
    (problem,) = validate_layers(path)
    assert (problem.prop, problem.message) == (
        "as_of",
        f"2 different as_of days (2020-01-01, {sample()['as_of']})",
    )


def test_not_a_geopackage(tmp_path):
    path = tmp_path / "layer.gpkg"
    path.write_bytes(b"this is not a GeoPackage\n" * 10)
    (problem,) = validate_layers(path)
    # told by its first bytes, before GDAL (which picks a driver by content)
    assert problem.message == "is not a GeoPackage: its content is another format"
    assert str(tmp_path) not in problem.message
    assert problem.hint == (
        "give a GeoPackage itself; basemap reads a file as the format its name says"
    )


def test_a_fifo_named_gpkg_is_refused_before_gdal_opens_it(tmp_path):
    fifo = tmp_path / "layer.gpkg"
    os.mkfifo(fifo)
    (problem,) = validate_layers(fifo)
    assert str(problem) == (
        f"{fifo}: is a FIFO (named pipe), not a regular file (give the path of a "
        "layer file (basemap does not read from pipes or devices))"
    )


def test_a_gpkg_without_points(tmp_path):
    path = tmp_path / "table.gpkg"
    write(
        path,
        None,
        [np.array(["a"], dtype=object)],
        ["name"],
        driver="GPKG",
        layer="plain",
    )
    (problem,) = validate_layers(path)
    assert problem.message == "a GeoPackage without a layer of points"


@pytest.mark.parametrize(
    ("text", "message", "prop"),
    [
        ("id,site\nkant-rus-1,kant\n", "no longitude and latitude columns", None),
        (
            "id,longitude,latitude\nkant-rus-1,east,42\n",
            "'east' is not a number",
            "longitude",
        ),
        (
            "id,longitude,latitude\nkant-rus-1,nan,42\n",
            "'nan' is not a number",
            "longitude",
        ),
        ("id,id,lon,lat\n", "column 'id' appears twice in the header", None),
        (
            "id,lon,lat\nkant-rus-1,74,42,extra\n",
            "row has 4 cells, the header 3",
            None,
        ),
        ('id,lon,lat\n"kant-rus-1,74,42\n', "not valid CSV: ", None),
    ],
)
def test_broken_csv_says_where(tmp_path, text, message, prop):
    path = tmp_path / "layer.csv"
    path.write_text(text, encoding="utf-8")
    problems = validate_layers(path)
    assert problems[0].file == str(path)
    assert problems[0].message.startswith(message)
    assert problems[0].prop == prop


def test_csv_encodings(tmp_path):
    path = tmp_path / "layer.csv"
    path.write_bytes("id,lon,lat\n".encode("utf-16"))
    (problem,) = validate_layers(path)
    assert problem.message == (
        "file is UTF-16 (little-endian, with a byte-order mark), not UTF-8"
    )
    path.write_bytes("id,lon,lat\nkörte,1,2\n".encode("latin-1"))
    (problem,) = validate_layers(path)
    assert problem.message.startswith("file is not UTF-8 (byte ")


def test_read_vector_raises_data_error(tmp_path):
    path = tmp_path / "layer.csv"
    path.write_text("id\n", encoding="utf-8")
    with pytest.raises(DataError, match="no longitude and latitude columns"):
        read_vector(path)


def test_build_reads_a_gpkg_and_reports_its_problems(tmp_path):
    from ..conftest import build_fails

    layer = copy.deepcopy(sample())
    layer["features"][0]["properties"]["start"] = "2003-13"
    path = write_table(layer, tmp_path / "layer.gpkg")
    lines = build_fails("--data", str(path), out=tmp_path / "map.html")
    assert lines and all(
        line.startswith(f"{path}: feature 'kant-rus-1'") for line in lines
    )


def test_events_as_a_gpkg_read_as_the_geojson(tmp_path):
    """An events file may be a GeoPackage too: there a NULL end is no end
    (a layer's NULL end means still present)."""
    from basemap.io.context import read_context
    from basemap.resources import events_path

    events = json.loads(events_path().read_text(encoding="utf-8"))
    path = write_table(events, tmp_path / "events.gpkg")
    ours, theirs = read_context(path, None), read_context(None, None)

    def strip(items):
        return [{k: v for k, v in e.items() if k != "file"} for e in items]

    assert strip(ours.events) == strip(theirs.events)


def test_an_unterminated_string_is_said_once_at(tmp_path):
    raw = {("kant-rus-1", "aliases"): '["Kant", "Кант]'}
    gpkg = write_table(sample(), tmp_path / "layer.gpkg", raw=raw)
    (problem,) = validate_layers(gpkg)
    assert problem.message == (
        "not valid JSON text: Unterminated string starting at column 10"
    )


# -- what GIS tools write, read back -------------------------------------------


def _with_lists(layer: dict) -> dict:
    """The sample with lists of text, some items holding commas."""
    kant, manas = layer["features"][:2]
    kant["properties"]["aliases"] = ["Кант", "Aviabaza Kant", "999th Air Base"]
    kant["properties"]["equipment"] = ["Su-25 aircraft", "L-39 trainers (4, 2012)"]
    manas["properties"]["units"] = ["376th Air Expeditionary Wing"]
    return layer


def _gis_cells(layer: dict) -> dict:
    """The layer's lists as OGR list text, as ogr2ogr writes StringList
    fields to a GeoPackage (items joined by commas, no quoting)."""
    raw = {}
    for f in layer["features"]:
        for prop in ("aliases", "equipment", "units"):
            items = f["properties"].get(prop)
            if items:
                raw[(f["properties"]["id"], prop)] = f"({len(items)}:{','.join(items)})"
    assert raw, "the sample has lists to write"
    return raw


def test_ogr_list_text_reads_as_the_lists(tmp_path):
    layer = _with_lists(sample())
    geojson = tmp_path / "layer.geojson"
    geojson.write_text(json.dumps(layer), encoding="utf-8")
    path = write_table(layer, tmp_path / "layer.gpkg", raw=_gis_cells(layer))
    same_every_year(read_layers(geojson), read_layers(path))


def test_an_ogr_list_that_cannot_be_split_says_how_to_convert(tmp_path):
    raw = {("kant-rus-1", "aliases"): "(2:Kant,Kant,Кант)"}
    path = write_table(sample(), tmp_path / "layer.gpkg", raw=raw)
    (problem,) = validate_layers(path)
    assert (problem.feature_id, problem.prop) == ("kant-rus-1", "aliases")
    assert problem.message == (
        'OGR list text of 2 items holds 3 commas-separated parts: "(2:Kant,Kant,Кант)"'
    )
    assert "ogr2ogr -oo ARRAY_AS_STRING=YES" in problem.hint


def test_python_reprs_read_as_the_lists_and_objects(tmp_path):
    layer = _with_lists(sample())
    geojson = tmp_path / "layer.geojson"
    geojson.write_text(json.dumps(layer), encoding="utf-8")
    raw = {}
    for f in layer["features"]:
        for prop in ("aliases", "sources", "place", "personnel"):
            value = f["properties"].get(prop)
            if value:  # as pandas writes a list or dict column; numpy for aliases
                text = str(np.array(value)) if prop == "aliases" else str(value)
                raw[(f["properties"]["id"], prop)] = text
    path = write_table(layer, tmp_path / "layer.gpkg", raw=raw)
    same_every_year(read_layers(geojson), read_layers(path))


def test_the_frame_saved_by_geopandas_reads_back_as_it_was(tmp_path):
    layers = read_layers(SAMPLE)
    path = tmp_path / "frame.gpkg"
    layers.to_file(path)  # file, period and area columns, lists as reprs
    again = read_layers(path)
    assert list(again["id"]) == list(layers["id"])
    same_every_year(layers, again)


def test_bookkeeping_columns_are_not_properties(tmp_path):
    layer = sample()
    n = len(layer["features"])
    raw = {}
    for i, f in enumerate(layer["features"]):
        raw[(f["properties"]["id"], "fid")] = str(i + 1)  # as QGIS keeps it
        raw[(f["properties"]["id"], "OGC_FID")] = str(i + 1)
    path = write_table(layer, tmp_path / "layer.fgb", driver="FlatGeobuf", raw=raw)
    assert "fid" in pyogrio.read_info(path)["fields"]
    assert validate_layers(path) == []
    assert n == len(read_layers(path))


def test_gdal_csv_dates_and_a_fid_column(tmp_path):
    layer = sample()
    del layer["as_of"]
    path = write_csv(layer, tmp_path / "layer.csv")
    text = path.read_text(encoding="utf-8").splitlines()
    # as GDAL writes a GeoPackage's Date columns to CSV: 2026/12/01
    rows = [text[0] + ",fid,as_of"] + [
        f'{line},"{i}",2026/12/01' for i, line in enumerate(text[1:], 1)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = read_vector(path)
    assert data["as_of"] == "2026-12-01"
    same_every_year(read_layers(SAMPLE), read_layers(path))


def test_date_and_datetime_fields_as_gis_tools_hand_them_back(tmp_path):
    layer = sample()
    path = write_table(layer, tmp_path / "layer.gpkg")
    ids = [f["properties"]["id"] for f in layer["features"]]
    # a DateTime end at the last second of its day, an as_of DateTime at midnight
    day = tmp_path / "days.gpkg"
    meta, _, geometry, fields = pyogrio.raw.read(path)
    names = list(meta["fields"])
    arrays = [np.array(a, dtype=object) for a in fields]
    ends = arrays[names.index("end")]
    kant = ids.index("k2-usa-1")
    assert isinstance(ends[kant], str) and len(ends[kant]) == 10, "a day to write"
    end_times = np.array(
        [
            np.datetime64(f"{e}T23:59:59")
            if isinstance(e, str) and len(e) == 10
            else np.datetime64("NaT")
            for e in ends
        ],
        dtype="datetime64[ms]",
    )
    keep = [i for i, n in enumerate(names) if n not in ("end", "as_of")]
    write(
        day,
        geometry,
        [arrays[i] for i in keep]
        + [end_times, np.full(len(ids), np.datetime64("2026-11-23T00:00:00"))],
        [names[i] for i in keep] + ["end", "as_of"],
        driver="GPKG",
        geometry_type="Unknown",
        crs="EPSG:4326",
    )
    props = read_vector(day)["features"][kant]["properties"]
    assert props["end"] == ends[kant]
    assert read_vector(day)["as_of"] == "2026-11-23"


def test_a_geojson_saved_by_a_gis_tool_reads_back(bundled, bundled_gpkg, tmp_path):
    # what QGIS's Save Features As writes from layers.gpkg: a fid, every
    # column (as_of and start_text on each feature), NULL for empty lists
    data = read_vector(bundled_gpkg)
    features = []
    for i, f in enumerate(data["features"], 1):
        props = dict(f["properties"])
        out = {"fid": i, **props, "as_of": data["as_of"]}
        for prop in ("aliases", "units", "equipment", "personnel"):
            out.setdefault(prop, None)
        out["start_text"], out["start"] = props["start"], "1900-01-01"
        features.append({**f, "properties": out})
    path = tmp_path / "saved.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "name": "saved", "features": features}
        ),
        encoding="utf-8",
    )
    again = read_layers(path)
    assert list(again["id"]) == list(bundled["id"])
    same_every_year(bundled, again)


def test_an_area_column_keeps_the_outlines_of_the_points_alone(bundled, tmp_path):
    # the points layer of layers.gpkg saved alone (no areas layer)
    areas = bundled[bundled["area"].notna()]
    assert len(areas), "the bundled data has areas"
    path = write_gpkg(bundled, tmp_path / "layers.gpkg")
    meta, _, geometry, fields = pyogrio.raw.read(path, layer="layers")
    points = tmp_path / "points.gpkg"
    write(
        points,
        geometry,
        fields,
        meta["fields"],
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    again = read_layers(points)
    assert list(again["area"].notna()) == list(bundled["area"].notna())
    same_every_year(bundled, again)


def test_every_problem_in_one_pass(tmp_path):
    layer = sample()
    layer["features"][1]["properties"]["start"] = "2005-13"  # a schema problem
    raw = {("kant-rus-1", "sources"): '[{"title": "a",'}  # a loading problem
    path = write_table(layer, tmp_path / "layer.gpkg", raw=raw)
    problems = validate_layers(path)
    assert [(p.feature_id, p.prop) for p in problems] == [
        ("kant-rus-1", "sources"),
        (layer["features"][1]["properties"]["id"], "start"),
    ]  # and sources is not also "missing"


def test_csv_coordinates_do_not_hide_the_other_problems(tmp_path):
    layer = sample()
    layer["features"][1]["properties"]["operator"] = "XXX"
    path = write_csv(layer, tmp_path / "layer.csv")
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].rsplit(",", 2)[0] + ",,42.8"  # kant-rus-1: no longitude
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    problems = validate_layers(path)
    assert [(p.feature_id, p.prop) for p in problems] == [
        ("kant-rus-1", "longitude"),
        (layer["features"][1]["properties"]["id"], "operator"),
    ]


def test_csv_with_wkt_geometries(bundled, tmp_path):
    area = bundled[bundled["area"].notna()].iloc[0]
    layer = {
        "type": "FeatureCollection",
        "as_of": "2026-12-01",
        "features": [
            f
            for f in json.loads(
                (DATA.parent.parent / "geodata/layers/russia.geojson").read_text(
                    encoding="utf-8"
                )
            )["features"]
            if f["properties"]["id"] == area["id"]
        ],
    }
    cols = columns_of(layer)
    wkt = [shapely.geometry.shape(f["geometry"]).wkt for f in layer["features"]]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["WKT", *cols])
    for i, w in enumerate(wkt):
        writer.writerow([w] + ["" if cols[c][i] is None else cols[c][i] for c in cols])
    path = tmp_path / "area.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    got = read_vector(path)["features"][0]
    assert got["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert validate_layers(path) == []


def test_an_empty_gis_file_says_it_is_empty(tmp_path):
    path = tmp_path / "empty.gpkg"
    write(
        path,
        np.array([], dtype=object),
        [np.array([], dtype=object)],
        ["id"],
        driver="GPKG",
        geometry_type="Point",
        crs="EPSG:4326",
    )
    (problem,) = validate_layers(path)
    assert problem.message == "holds no features"
    assert "ARRAY_AS_STRING" in problem.hint


def test_a_shapefile_cut_inside_a_character_is_one_line_not_a_crash(tmp_path):
    layer = sample()
    layer["features"] = layer["features"][:1]
    props = layer["features"][0]["properties"]
    props["sources"] = [{k: v for k, v in props["sources"][0].items() if k != "quote"}]
    props["sources"][0]["quote"] = "inaugurated on October 23, 2003"
    props["notes"] = "x" + "Кант " * 80  # 2-byte letters: byte 254 inside one
    path = tmp_path / "layer.shp"
    write_table(layer, path, driver="ESRI Shapefile")
    # write the .dbf's bytes as QGIS does: cut at 254 bytes, not at a character
    dbf = path.with_suffix(".dbf")
    raw = dbf.read_bytes()
    cut = ("x" + "Кант " * 80).encode("utf-8")[:254]
    whole = cut.decode("utf-8", "ignore").encode("utf-8")
    assert whole in raw and len(whole) < 254
    dbf.write_bytes(raw.replace(whole.ljust(254, b" "), cut, 1))
    path.with_suffix(".cpg").write_text("UTF-8")
    (problem,) = validate_layers(path)
    assert str(problem) == (
        f"{path}: feature 'kant-rus-1': notes: a Shapefile text field holds "
        "254 bytes; this one was cut (save the layer as a GeoPackage, FlatGeobuf "
        "or GeoJSON file, which keep the whole text)"
    )
