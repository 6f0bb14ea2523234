"""The GeoPackages basemap writes: a version GDAL 3.6 opens without a
warning, the QGIS style in ``layer_styles``, the outlines beside the points."""

from __future__ import annotations

import json
import sqlite3
import xml.etree.ElementTree as ET

import pyogrio
import pytest

from basemap.io.layers import read_layers
from basemap.output.gpkg import GPKG_VERSION, selection_gpkg_bytes, write_gpkg
from basemap.output.qgisstyle import END_EXPRESSION, START_EXPRESSION, STYLE_NAME
from basemap.pipeline import presences


@pytest.fixture(scope="module")
def layers():
    return read_layers()


@pytest.fixture(scope="module")
def gpkg(layers, tmp_path_factory):
    return write_gpkg(layers, tmp_path_factory.mktemp("gpkg") / "layers.gpkg")


def _user_version(path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_geopackages_are_version_1_2(gpkg, tmp_path):
    # GDAL 3.6 (and QGIS 3.22) warn on every open of a 1.4 file
    assert GPKG_VERSION == "1.2"
    assert _user_version(gpkg) == 10200
    listing = tmp_path / "2005.gpkg"
    listing.write_bytes(selection_gpkg_bytes(presences(year=2005), "2026-12-01"))
    assert _user_version(listing) == 10200


def test_the_qgis_style_is_the_default_of_both_layers(gpkg):
    with sqlite3.connect(gpkg) as db:
        rows = db.execute(
            "SELECT f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, useAsDefault, update_time "
            "FROM layer_styles ORDER BY id"
        ).fetchall()
        registered = db.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'"
        ).fetchone()
    # as QGIS writes it (QgsOgrProviderUtils: empty catalog and schema, geom)
    assert [r[:5] for r in rows] == [
        ("", "", "layers", "geom", STYLE_NAME),
        ("", "", "areas", "geom", STYLE_NAME),
    ]
    assert all(r[6] == 1 for r in rows)
    assert {r[7] for r in rows} == {"2026-12-01T00:00:00.000Z"}  # as_of: repeatable
    assert registered == ("attributes",)
    temporal = ET.fromstring(rows[0][5].split("\n", 1)[1]).find("temporal")
    assert temporal.get("enabled") == "1"
    assert temporal.get("mode") == "4"  # start and end from expressions
    assert temporal.get("limitMode") == "0"  # start included, end excluded
    assert temporal.get("startExpression") == START_EXPRESSION == 'to_datetime("start")'
    assert temporal.get("endExpression") == END_EXPRESSION
    assert 'to_datetime("as_of")' in END_EXPRESSION  # open periods reach as_of


def test_the_style_table_is_no_layer_to_read(gpkg):
    layers = [str(name) for name, _ in pyogrio.list_layers(gpkg)]
    assert layers == ["layers", "areas", "layer_styles"]
    assert pyogrio.read_info(gpkg, layer="layer_styles")["geometry_type"] is None


def test_the_points_carry_the_outlines_of_areas(layers, gpkg):
    with sqlite3.connect(gpkg) as db:
        points = dict(db.execute("SELECT id, area FROM layers"))
        columns = [r[1] for r in db.execute("PRAGMA table_info(areas)")]
    for _, row in layers.iterrows():
        if row["area"] is None:
            assert points[row["id"]] is None
        else:
            assert json.loads(points[row["id"]]) == row["area"]
    assert "area" not in columns  # the areas layer has them as geometry
