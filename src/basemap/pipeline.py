"""The whole pipeline in one call: read, select, style, render, write.

These are the functions the command line calls; they are also the shortest
way to use basemap from Python.

Examples
--------
>>> m = make_map(year=2005)
>>> type(m).__name__
'OfflineMap'
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .read import PathArg
from .select import parse_when

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas

    from .elements import OfflineMap

__all__ = [
    "build",
    "data_as_of",
    "default_output",
    "frame_bounds",
    "make_map",
    "presences",
]


def presences(
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
) -> geopandas.GeoDataFrame:
    """Read the layers and return the styled selection for a year or day."""
    from .read import read_layers
    from .select import select
    from .style import style

    return style(select(read_layers(data), year=year, when=when))


def make_map(
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    *,
    title: str | None = None,
    tiles: str | None = None,
    layers: geopandas.GeoDataFrame | None = None,
    nav: dict | None = None,
) -> OfflineMap:
    """Read, select, style and render the map of a year or a day.

    Parameters
    ----------
    year, when : int, or str/datetime.date
        The year, or the day (``YYYY-MM-DD``), to show; give one.
    data : path or list of paths, optional
        Layer files or folders (default: the bundled data).
    title, tiles : str, optional
        See :func:`basemap.render.render_map`.
    layers : GeoDataFrame, optional
        Layers already read with :func:`basemap.read.read_layers` (then
        ``data`` is ignored).
    nav : dict, optional
        Links to other pages (see :func:`basemap.render.render_map`).
    """
    from .read import read_layers
    from .render import render_map
    from .select import select
    from .style import style

    year, day = parse_when(year, when)
    if layers is None:
        layers = read_layers(data)
    styled = style(select(layers, year=year, when=day))
    return render_map(
        styled,
        when=day if day is not None else year,
        as_of=data_as_of(layers),
        bounds=frame_bounds(layers),
        title=title,
        tiles=tiles,
        nav=nav,
    )


def frame_bounds(layers: geopandas.GeoDataFrame, pad: float = 1.0):
    """The view every map of these layers shows: all sites, padded (degrees).

    Framing on all the data, not one year's, keeps every year's map (and
    image) on the same frame, so they can be compared side by side.
    """
    if not len(layers):
        return (55.0, 35.0, 80.0, 48.0)  # Central Asia
    minx, miny, maxx, maxy = (float(v) for v in layers.total_bounds)
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def data_as_of(layers: geopandas.GeoDataFrame) -> str:
    """The latest ``as_of`` of the layers (the day the data was checked)."""
    return max(layers["as_of"]) if len(layers) else "unknown"


def default_output(year: int | None = None, when: str | date | None = None) -> Path:
    """Return ``output/<year>.html`` or ``output/<YYYY-MM-DD>.html``."""
    year, day = parse_when(year, when)
    return Path("output") / f"{day.isoformat() if day else year}.html"


def build(
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    output: str | os.PathLike[str] | None = None,
    *,
    title: str | None = None,
    tiles: str | None = None,
) -> Path:
    """Build the map of a year or a day and write it; return the file's path.

    Nothing is written when the data or an option is wrong: the error is
    raised first.
    """
    from .write import write_map

    m = make_map(year, when, data, title=title, tiles=tiles)
    return write_map(m, output if output is not None else default_output(year, when))
