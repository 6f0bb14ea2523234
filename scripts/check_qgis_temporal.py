"""Check, in a real QGIS, that ``layers.gpkg`` animates as the maps do.

Adds ``layers.gpkg`` (``basemap export --format gpkg``) to a QGIS project
the way QGIS's Add Layer does, so that QGIS applies the default style
basemap stored in the file's ``layer_styles`` table
(:mod:`basemap.output.qgisstyle`) and nothing else; sets the Temporal
Controller to the project's full range (its "Set to full range" button)
with a step of 1 year, as the README says; and, frame by frame, compares
the sites QGIS shows with ``basemap list --year YEAR --format csv`` (the
sites on that year's map: present and uncertain), by site and operator,
for both the points and the ``areas`` layer. Prints one line per year and
exits 1 when a year differs, when a layer is not temporal by itself, or
when the range does not run from the first year to the data's ``as_of``.

Not part of the test suite (QGIS is about 1 GB). It runs with Debian's
PyQGIS, headless::

    apt-get install -y qgis python3-qgis
    basemap export --format gpkg -o out/
    QT_QPA_PLATFORM=offscreen /usr/bin/python3 scripts/check_qgis_temporal.py \\
        out/layers.gpkg

With ``--save-as FOLDER`` it also saves the points layer as QGIS's "Save
Features As" does (QGIS's own writer: GeoPackage, CSV with X/Y columns,
FlatGeobuf, GeoJSON, Shapefile; a ``fid`` column, GDAL's dates, NULL
lists, text cut at 254 bytes) and checks that each gives the same 2005
map as the bundled layers (the GeoJSON the page embeds), or, for the
Shapefile, one line that names its 254-byte limit.

``--basemap`` gives the command that runs basemap (default ``basemap``),
``--data`` the layers ``basemap list`` reads (default: the bundled ones,
from which ``layers.gpkg`` was made). PyQGIS 3.22 may crash at interpreter
exit, after all output: the script ends with ``os._exit``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shlex
import subprocess
import sys

__all__ = ["main"]


def basemap_year(command: list[str], year: int, data: str | None) -> set:
    """(site, operator) of the sites on ``year``'s map, as ``basemap list``
    gives them."""
    args = [*command, "list", "--year", str(year), "--format", "csv"]
    if data:
        args += ["--data", data]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    rows = csv.DictReader(io.StringIO(done.stdout))
    return {(r["site"], r["operator"]) for r in rows}


def embedded_map(command: list[str], year: int, data: str | None, html: str):
    """The GeoJSON ``basemap build`` embeds in ``year``'s map (what it
    draws), or the one-line error it gives instead."""
    args = [*command, "build", "--year", str(year), "-o", html, "--force"]
    if data:
        args += ["--data", data]
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    if done.returncode:
        return done.stderr.strip()
    with open(html, encoding="utf-8") as page:
        text = page.read()
    start = text.index(">", text.index('id="basemap-data"')) + 1
    return json.loads(text[start : text.index("</script>", start)])


#: QGIS's Save Features As, as its dialog gives each format (the CSV's
#: points as X/Y columns); all in UTF-8.
SAVE_AS = {
    "saved.gpkg": ("GPKG", []),
    "saved.csv": ("CSV", ["GEOMETRY=AS_XY"]),
    "saved.fgb": ("FlatGeobuf", []),
    "saved.geojson": ("GeoJSON", []),
    "saved.shp": ("ESRI Shapefile", []),
}


def save_as(layer, folder: str, command: list[str]) -> list[str]:
    """Save the points layer in every format of :data:`SAVE_AS` with QGIS's
    own writer, and compare the 2005 map each gives with the bundled
    one's; return the failures."""
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    os.makedirs(folder, exist_ok=True)
    reference = embedded_map(command, 2005, None, os.path.join(folder, "2005.html"))
    failures = []
    for name, (driver, layer_options) in SAVE_AS.items():
        path = os.path.join(folder, name)
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = driver
        options.fileEncoding = "UTF-8"
        options.layerOptions = layer_options
        error, message, *_ = QgsVectorFileWriter.writeAsVectorFormatV3(
            layer, path, QgsCoordinateTransformContext(), options
        )
        if error != QgsVectorFileWriter.NoError:
            failures.append(f"QGIS could not save {name}: {message}")
            continue
        got = embedded_map(command, 2005, path, os.path.join(folder, name + ".html"))
        if driver == "ESRI Shapefile":  # too short for the sources: said in a line
            said = isinstance(got, str) and len(got.splitlines()) == 1
            said = said and "a Shapefile text field holds 254 bytes" in got
            print(f"save as {name}: {got if said else 'NOT REFUSED IN ONE LINE'}")
            if not said:
                failures.append(f"{name}: {got!r:.300}")
        elif got == reference:
            count = len(got["features"])
            print(f"save as {name}: the same 2005 map ({count} features)")
        else:
            print(f"save as {name}: DIFFERENT 2005 map")
            failures.append(f"{name}: {got if isinstance(got, str) else 'differs'}")
    return failures


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gpkg", help="layers.gpkg from basemap export --format gpkg")
    parser.add_argument("--basemap", default="basemap", help="command running basemap")
    parser.add_argument("--data", help="the layers basemap list reads")
    parser.add_argument(
        "--save-as",
        metavar="FOLDER",
        help="also save the points with QGIS (GPKG, CSV, FlatGeobuf, GeoJSON,"
        " Shapefile) into FOLDER and check each gives the bundled 2005 map",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from qgis.core import (
        Qgis,
        QgsApplication,
        QgsFeatureRequest,
        QgsInterval,
        QgsProject,
        QgsTemporalNavigationObject,
        QgsTemporalUtils,
        QgsUnitTypes,
        QgsVectorLayer,
        QgsVectorLayerTemporalContext,
    )

    app = QgsApplication([], False)
    app.initQgis()
    print(f"QGIS {Qgis.version()}, {args.gpkg}")
    failures = []

    # what GDAL (QGIS's, 3.6 on Debian 12) says on opening: it warned of
    # every GeoPackage 1.4 ("may only be partially supported")
    from osgeo import gdal

    logged = []
    gdal.PushErrorHandler(lambda level, _no, message: logged.append(message))
    gdal.OpenEx(args.gpkg, gdal.OF_VECTOR)
    gdal.PopErrorHandler()
    print(f"GDAL {gdal.__version__} on opening: {logged or 'no warning'}")
    failures += [f"GDAL on opening: {message}" for message in logged]

    project = QgsProject.instance()
    layers = {}
    for name in ("layers", "areas"):
        # as QGIS's Add Layer does (QgsAppLayerHandling): the layer made
        # without its style, then postProcessAddedLayer loads the default
        # style (that of layer_styles) over the defaults QGIS guessed. A
        # layer made with its style at once, QgsVectorLayer's default in a
        # script, has it overridden by those defaults in QGIS 3.22.
        options = QgsVectorLayer.LayerOptions(project.transformContext())
        options.loadDefaultStyle = False
        uri = f"{args.gpkg}|layername={name}"
        layer = QgsVectorLayer(uri, name, "ogr", options)
        if not layer.isValid():
            failures.append(f"{name}: QGIS cannot open this layer")
            continue
        message, _loaded = layer.loadDefaultStyle()
        print(f"{name}: default style: {message}")
        tp = layer.temporalProperties()
        print(
            f"{name}: {layer.featureCount()} features, temporal by itself:"
            f" {tp.isActive()}, start {tp.startExpression()!r},"
            f" end {tp.endExpression()!r}"
        )
        if not tp.isActive():
            failures.append(f"{name}: not temporal when added (no stored style?)")
        layers[name] = layer
    project.addMapLayers(list(layers.values()))

    # the Temporal Controller: "Set to full range", a step of 1 year
    full = QgsTemporalUtils.calculateTemporalRangeForProject(project)
    nav = QgsTemporalNavigationObject()
    nav.setNavigationMode(QgsTemporalNavigationObject.Animated)
    nav.setTemporalExtents(full)
    nav.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalYears))
    first, last = full.begin(), full.end()
    print(
        f"controller range {first.toString('yyyy-MM-dd hh:mm')} .."
        f" {last.toString('yyyy-MM-dd hh:mm')}, {nav.totalFrameCount()} frames"
        " of 1 year"
    )
    as_of = None
    if "layers" in layers:
        feature = next(layers["layers"].getFeatures())
        value = feature["as_of"]
        as_of = value.toString("yyyy-MM-dd") if hasattr(value, "toString") else value
        as_of = str(as_of)
        print(f"as_of {as_of}")

    command = shlex.split(args.basemap)
    years = []
    for frame in range(nav.totalFrameCount()):
        frame_range = nav.dateTimeRangeForFrameNumber(frame)
        begin = frame_range.begin()
        if (begin.date().month(), begin.date().day()) != (1, 1):
            failures.append(f"frame {frame} starts on {begin.toString('yyyy-MM-dd')}")
        year = begin.date().year()
        years.append(year)
        expected = basemap_year(command, year, args.data)
        shown = {}
        for name, layer in layers.items():
            context = QgsVectorLayerTemporalContext()
            context.setLayer(layer)
            where = layer.temporalProperties().createFilterString(context, frame_range)
            request = QgsFeatureRequest().setFilterExpression(where)
            features = layer.getFeatures(request)
            shown[name] = [(f["site"], f["operator"]) for f in features]
        points = set(shown.get("layers", []))
        areas = set(shown.get("areas", []))
        extra, missing = sorted(points - expected), sorted(expected - points)
        stray = sorted(areas - expected)
        same = not (extra or missing or stray)
        print(
            f"{year}: QGIS shows {len(points):2d} sites"
            f" ({len(shown.get('layers', [])):2d} points, {len(areas)} areas),"
            f" basemap list {len(expected):2d}: {'same' if same else 'DIFFERENT'}"
        )
        if not same:
            failures.append(
                f"{year}: only in QGIS {extra}, only in basemap {missing},"
                f" areas not on the map {stray}"
            )
    if as_of and years and str(years[-1]) != as_of[:4]:
        failures.append(f"the last frame is {years[-1]}, not as_of's {as_of[:4]}")
    if years and years[0] != 1991 and not args.data:  # the bundled data
        failures.append(f"the first frame is {years[0]}, not 1991")

    if args.save_as and "layers" in layers:
        failures += save_as(layers["layers"], args.save_as, command)

    if failures:
        print(f"FAILED ({len(failures)}):")
        for failure in failures:
            print(f"  {failure}")
    else:
        print(f"OK: every frame {years[0]}-{years[-1]} shows what basemap list gives")
    sys.stdout.flush()
    project.removeAllMapLayers()
    code = 1 if failures else 0
    os._exit(code)  # PyQGIS 3.22 may crash while tearing down
    return code


if __name__ == "__main__":
    sys.exit(main())
