"""Read and validate layer files.

:func:`read_layers` is the first step of the pipeline: it reads GeoJSON layer
files, checks them (:func:`validate_layers` runs the same checks and returns
the problems instead of raising) and returns one GeoDataFrame with a row per
feature (one period of one operator at one site).

Every problem is reported at once, each with its file, feature id, property
and a hint on how to fix it.

Examples
--------
>>> layers = read_layers()
>>> {"kant-rus-1", "k2-usa-1"} <= set(layers["id"])
True
>>> layers.crs.to_string()
'EPSG:4326'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..errors import DataError, Problem
from ..frames import no_gc_pauses
from ..validate.checker import Checker
from ..validate.rules import COLUMNS
from .load import MAX_NESTING, PathArg, find_layer_files
from .memory import check_memory
from .vector import load_collection, without_repeats

if TYPE_CHECKING:
    import geopandas

__all__ = ["check_layers", "read_layers", "validate_layers"]


def check_layers(
    paths: Iterable[PathArg] | PathArg | None,
    *,
    max_bytes: int | None = None,
    check_location: bool = True,
    vectorised: bool = True,
) -> Checker:
    """Read and check layer files; the :class:`~basemap.validate.checker.Checker`
    that holds every problem and the good records.

    ``vectorised=False`` checks every feature with the rules one at a time
    (the reference the screen is tested against).

    >>> checker = check_layers(None)
    >>> checker.problems, len(checker.files) > 10
    ([], True)
    """
    with no_gc_pauses():
        return _check_all(paths, max_bytes, check_location, vectorised)


def _check_all(paths, max_bytes, check_location, vectorised) -> Checker:
    checker = Checker(check_location=check_location, vectorised=vectorised)
    checker.files, checker.problems = find_layer_files(paths)
    too_large = check_memory(checker.files)
    if too_large is not None:  # refused before anything is read
        checker.problems.append(too_large)
        return checker
    for path in checker.files:
        data, problems = load_collection(path, max_bytes)
        checker.problems += problems
        if data is not None:
            found = len(checker.problems)
            try:
                checker.collection(path, data)
            except RecursionError:  # nesting that slipped past load_json
                checker.add(
                    str(path),
                    None,
                    None,
                    f"arrays or objects nested more than {MAX_NESTING} levels deep",
                    "a layer needs only a few levels: look for a runaway [[[...]]]",
                )
            # what the loader could not read, it said: not "missing" again
            checker.problems[found:] = without_repeats(checker.problems[found:], data)
    checker.across()
    return checker


def validate_layers(
    paths: Iterable[PathArg] | PathArg | None = None,
    *,
    max_bytes: int | None = None,
) -> list[Problem]:
    """Check layer files and return every problem found (empty when valid).

    Parameters
    ----------
    paths : path, list of paths, or None
        Files or folders of layers; None checks the bundled layers.
    max_bytes : int, optional
        Largest file accepted. By default there is no fixed limit: the
        layers are refused, before any is read, only when they would take
        more memory than the machine has (:mod:`basemap.io.memory`).

    Examples
    --------
    >>> validate_layers()
    []
    """
    return check_layers(paths, max_bytes=max_bytes).problems


def read_layers(
    paths: Iterable[PathArg] | PathArg | None = None,
    *,
    max_bytes: int | None = None,
    check_location: bool = True,
) -> geopandas.GeoDataFrame:
    """Read and validate layer files into one GeoDataFrame.

    Parameters
    ----------
    paths : path, list of paths, or None
        Files or folders of layers; None reads the bundled layers.
    max_bytes : int, optional
        Largest file accepted. By default there is no fixed limit: the
        layers are refused, before any is read, only when they would take
        more memory than the machine has (:mod:`basemap.io.memory`).
    check_location : bool
        Check that each site lies inside its host country (default True).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, with the columns in :data:`COLUMNS` (``period``
        holds the parsed :class:`basemap.dates.Period`) and ``area`` (the
        GeoJSON Polygon or MultiPolygon of a site drawn as an area, None for
        a Point), in EPSG:4326. The geometry is always the marker's point:
        for an area, its ``anchor``. ``attrs["descriptions"]`` holds each
        file's ``description``, by file.

    Raises
    ------
    DataError
        Listing every problem found, when any file has one.
    """
    import geopandas
    import shapely

    checker = check_layers(paths, max_bytes=max_bytes, check_location=check_location)
    if checker.problems:
        raise DataError(checker.problems)
    t = checker.table
    with no_gc_pauses():
        layers = geopandas.GeoDataFrame(
            {**{col: t[col] for col in COLUMNS}, "area": t["area"]},
            columns=[*COLUMNS, "area"],
            geometry=shapely.points(t["lon"], t["lat"]) if t["lon"] else [],
            crs="EPSG:4326",
        )
    # the files' own words, for the pages' titles (basemap.pipeline.data_title)
    layers.attrs["descriptions"] = dict(checker.descriptions)
    return layers
