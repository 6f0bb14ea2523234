"""The bundled layers through the GIS tools users have, and back into the
same map.

Each conversion is made with the real tool: Debian's ``ogr2ogr`` (GDAL
3.6, what QGIS 3.22 is built on; ``scripts/ensure_gdal.py`` installs it,
and the test command runs that script), and geopandas. What QGIS's "Save
Features As" does to ``layers.gpkg`` (a ``fid`` column, GDAL's
``2026/12/01`` dates in CSV, NULL lists in GeoJSON, Shapefile text cut at
254 bytes inside a character) is made with ``ogr2ogr`` the same way
(``scripts/check_qgis_temporal.py --save-as`` does it in QGIS itself).
"Same map" is the GeoJSON the 2005 map embeds: every feature shown, with
its properties, and the map's ``as_of``. Without ``ogr2ogr`` these tests
are skipped, except under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from basemap.io.layers import read_layers, validate_layers
from basemap.output.gpkg import write_gpkg
from basemap.pipeline import make_map
from basemap.resources import layer_paths

AS_OF = "2026-12-01"


@pytest.fixture(scope="session")
def ogr2ogr() -> str:
    exe = shutil.which("ogr2ogr")
    if exe is None:
        message = "no ogr2ogr (Debian's gdal-bin): run python3 scripts/ensure_gdal.py"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return exe


def run(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done


def embedded(layers) -> dict:
    """The GeoJSON the 2005 map of ``layers`` embeds (what it draws)."""
    html = make_map(year=2005, layers=layers).get_root().render()
    start = html.index(">", html.index('id="basemap-data"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture(scope="module")
def bundled():
    return read_layers()


@pytest.fixture(scope="module")
def reference(bundled):
    data = embedded(bundled)
    assert data["basemap"]["as_of"] == AS_OF and len(data["features"]) > 15
    return data


def same_map(paths, reference) -> None:
    assert validate_layers(paths) == []
    assert embedded(read_layers(paths)) == reference


def convert(ogr2ogr, out: Path, driver: str, *options: str) -> list[Path]:
    """Every bundled layer through ``ogr2ogr -f driver``, one file each."""
    out.mkdir()
    paths = []
    suffix = {"GPKG": ".gpkg", "FlatGeobuf": ".fgb", "CSV": ".csv"}[driver]
    for layer in layer_paths():
        path = out / (layer.stem + suffix)
        args = [a.replace("{layer}", layer.stem) for a in options]
        run(ogr2ogr, "-f", driver, str(path), str(layer), *args)
        paths.append(path)
    return paths


#: The documented way to keep the as_of a GeoJSON holds outside its rows.
WITH_AS_OF = ("-sql", f"SELECT *, '{AS_OF}' AS as_of FROM \"{{layer}}\"")


# -- ogr2ogr, from the GeoJSON layers ----------------------------------------


def test_ogr2ogr_to_gpkg_reads_back_into_the_same_map(ogr2ogr, reference, tmp_path):
    # lists become OGR's StringList text (4:a,b,c,d), anchor a RealList
    paths = convert(ogr2ogr, tmp_path / "gpkg", "GPKG", *WITH_AS_OF)
    same_map(paths, reference)


def test_ogr2ogr_drops_as_of_and_that_alone_is_said(ogr2ogr, tmp_path):
    paths = convert(ogr2ogr, tmp_path / "gpkg", "GPKG")
    problems = validate_layers(paths)
    assert [(p.file, p.prop) for p in problems] == [(str(p), "as_of") for p in paths]
    germany = next(p for p in problems if p.file.endswith("germany.gpkg"))
    assert "no as_of column" in germany.message
    assert "AS as_of FROM germany" in germany.hint


def test_ogr2ogr_to_flatgeobuf(ogr2ogr, reference, tmp_path):
    # GDAL 3.6 cannot write list fields to FlatGeobuf: lists as JSON text
    paths = convert(
        ogr2ogr,
        tmp_path / "fgb",
        "FlatGeobuf",
        "-oo",
        "ARRAY_AS_STRING=YES",
        *WITH_AS_OF,
    )
    same_map(paths, reference)


def test_ogr2ogr_to_flatgeobuf_without_array_as_string_says_so(ogr2ogr, tmp_path):
    russia = next(p for p in layer_paths() if p.stem == "russia")
    path = tmp_path / "russia.fgb"
    subprocess.run(  # GDAL fails ("Unknown OGRFieldType 5") and leaves the file
        [ogr2ogr, "-f", "FlatGeobuf", str(path), str(russia)],
        capture_output=True,
        check=False,
    )
    (problem,) = validate_layers(path)
    assert problem.message == "holds no features"
    assert "-oo ARRAY_AS_STRING=YES" in problem.hint


def test_ogr2ogr_to_csv(ogr2ogr, reference, tmp_path):
    # the outlines of areas as WKT; lists as JSON text, as GDAL writes them
    paths = convert(
        ogr2ogr, tmp_path / "csv", "CSV", "-lco", "GEOMETRY=AS_WKT", *WITH_AS_OF
    )
    same_map(paths, reference)


def test_ogr2ogr_to_csv_of_points_cannot_hold_an_area(ogr2ogr, tmp_path):
    paths = convert(
        ogr2ogr, tmp_path / "csv", "CSV", "-lco", "GEOMETRY=AS_XY", *WITH_AS_OF
    )
    problems = validate_layers(paths)
    assert problems, "the Baikonur lease is an area"
    assert {p.file for p in problems} == {str(tmp_path / "csv" / "russia.csv")}
    assert all(p.prop == "X" and "GEOMETRY=AS_WKT" in p.hint for p in problems)


# -- what QGIS's Save Features As does to layers.gpkg, made with ogr2ogr -----


@pytest.fixture(scope="module")
def layers_gpkg(bundled, tmp_path_factory):
    return write_gpkg(bundled, tmp_path_factory.mktemp("export") / "layers.gpkg")


#: QGIS keeps the GeoPackage's fid as a column in the other formats.
WITH_FID = ("-sql", "SELECT CAST(FID AS character(10)) AS fid, * FROM layers")


@pytest.mark.parametrize(
    ("name", "driver", "options"),
    [
        ("saved.gpkg", "GPKG", ("layers",)),
        ("saved.csv", "CSV", ("-lco", "GEOMETRY=AS_XY", *WITH_FID)),
        ("saved.fgb", "FlatGeobuf", WITH_FID),
        ("saved.geojson", "GeoJSON", WITH_FID),
    ],
)
def test_layers_gpkg_saved_as_reads_back_into_the_same_map(
    ogr2ogr, layers_gpkg, reference, tmp_path, name, driver, options
):
    path = tmp_path / name
    run(ogr2ogr, "-f", driver, str(path), str(layers_gpkg), *options)
    if name.endswith(".csv"):  # GDAL's dates, a fid column
        text = path.read_text(encoding="utf-8")
        assert text.startswith("X,Y,fid,") and f",{AS_OF.replace('-', '/')}" in text
    if name.endswith(".geojson"):  # NULL lists, as_of on every feature
        props = json.loads(path.read_text(encoding="utf-8"))["features"][0]
        assert props["properties"]["as_of"] == AS_OF and "fid" in props["properties"]
        assert None in props["properties"].values()
    same_map([path], reference)


def test_a_shapefile_cut_inside_a_character_is_one_line(ogr2ogr, layers_gpkg, tmp_path):
    path = tmp_path / "saved.shp"
    # no recoding: GDAL cuts the UTF-8 bytes at 254, as QGIS does
    run(ogr2ogr, "-f", "ESRI Shapefile", str(path), str(layers_gpkg), "layers",
        "-lco", "ENCODING=")  # fmt: skip
    path.with_suffix(".cpg").write_text("UTF-8")
    done = subprocess.run(
        [sys.executable, "-m", "basemap", "validate", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(
        f"basemap: error: {path}: a Shapefile text field holds 254 bytes; "
    )
    assert "values were cut: feature '" in line


def test_gdal_opens_layers_gpkg_without_a_warning(ogr2ogr, layers_gpkg):
    ogrinfo = Path(ogr2ogr).with_name("ogrinfo")
    done = run(str(ogrinfo), "-so", str(layers_gpkg), "layers")
    assert "Warning" not in done.stderr and "user_version" not in done.stderr
    assert "Feature Count: " in done.stdout


# -- geopandas ---------------------------------------------------------------


def test_geopandas_to_file_reads_back_into_the_same_map(reference, tmp_path):
    import geopandas

    paths = []
    for layer in layer_paths():
        frame = geopandas.read_file(layer)  # lists as numpy arrays
        frame["as_of"] = AS_OF  # the collection's as_of is not a column
        path = tmp_path / f"{layer.stem}.gpkg"
        frame.to_file(path)  # written as their reprs
        paths.append(path)
    same_map(paths, reference)


@pytest.mark.parametrize("name", ["frame.gpkg", "frame.fgb"])
def test_read_layers_to_file_reads_back_into_the_same_map(
    bundled, reference, tmp_path, name
):
    path = tmp_path / name
    bundled.to_file(path)
    same_map([path], reference)
