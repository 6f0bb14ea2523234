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

from .select import parse_when

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas

    from .context import Context
    from .elements import OfflineMap
    from .read import PathArg

__all__ = [
    "build",
    "data_as_of",
    "default_output",
    "frame_bounds",
    "load_context",
    "make_map",
    "presences",
    "validate_data",
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


def load_context(
    layers: geopandas.GeoDataFrame,
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    *,
    bundled_layers: bool = True,
) -> Context | None:
    """Read the events and alliances to show with these layers.

    ``events``/``alliances``: a file, None for the bundled one, or False to
    leave it out (both False: no context at all). Events that name a site
    are checked against the layers' sites when the layers are the bundled
    ones or the events file is given; the bundled events name bundled sites,
    which other layers need not have.
    """
    from .context import layer_sites, read_context

    if events is False and alliances is False:
        return None
    check_sites = bundled_layers or events not in (None, False)
    return read_context(
        events, alliances, sites=layer_sites(layers) if check_sites else None
    )


def make_map(
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    *,
    title: str | None = None,
    tiles: str | None = None,
    layers: geopandas.GeoDataFrame | None = None,
    nav: dict | None = None,
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    context: Context | bool | None = None,
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
    events, alliances : path or False, optional
        The context files (default: the bundled ones); False leaves one out.
    context : Context or False, optional
        Context already read with :func:`load_context` (then ``events`` and
        ``alliances`` are ignored); False shows no context.
    """
    from .read import read_layers

    year, day = parse_when(year, when)
    bundled = layers is None and data is None
    if layers is None:
        layers = read_layers(data)
    if context is None:
        context = load_context(layers, events, alliances, bundled_layers=bundled)
    from .gcpause import no_gc_pauses

    with no_gc_pauses():  # tens of thousands of small objects, no cycles
        return _make_map(layers, context, year, day, title, tiles, nav)


def _make_map(layers, context, year, day, title, tiles, nav):
    from .render import context_data, render_map
    from .select import select
    from .selectcontext import select_alliances, select_events
    from .style import style

    styled = style(select(layers, year=year, when=day))
    shown = None
    if context:
        shown = context_data(
            select_events(context, year, day), select_alliances(context, year, day)
        )
    return render_map(
        styled,
        when=day if day is not None else year,
        as_of=data_as_of(layers),
        bounds=frame_bounds(layers),
        title=title,
        tiles=tiles,
        nav=nav,
        context=shown,
    )


def frame_bounds(layers: geopandas.GeoDataFrame, pad: float = 1.0):
    """The view every map of these layers shows: all sites, padded (degrees).

    Framing on all the data, not one year's, keeps every year's map (and
    image) on the same frame, so they can be compared side by side. Events
    do not widen it: the few placed outside (the SCO summit in Astana) are
    still listed in the panel, and the frame stays on the sites.
    """
    if not len(layers):
        return (55.0, 35.0, 80.0, 48.0)  # Central Asia
    from .framecache import frame_cached

    minx, miny, maxx, maxy = frame_cached(
        "bounds", layers, lambda: tuple(float(v) for v in layers.total_bounds)
    )
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def data_as_of(layers: geopandas.GeoDataFrame) -> str:
    """The latest ``as_of`` of the layers (the day the data was checked)."""
    if not len(layers):
        return "unknown"
    from .framecache import frame_cached

    return frame_cached("as_of", layers, lambda: max(layers["as_of"].tolist()))


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
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    force: bool = False,
) -> Path:
    """Build the map of a year or a day and write it; return the file's path.

    Nothing is written when the data or an option is wrong: the error is
    raised first. The output never replaces a file the run reads (a layer,
    the events, the alliances, a template), and replaces an existing file
    only if basemap wrote it, or with ``force`` (see :mod:`basemap.guard`).
    Temporary files a killed build of the same file left are removed.

    Raises
    ------
    OptionError
        When ``output`` does not end in ``.html``.
    OutputError
        When ``output`` is an input, a file basemap did not write (without
        ``force``), or cannot be written.
    """
    from .guard import check_build_output, check_not_inputs, input_files
    from .write import clean_temp_files, write_map

    path = Path(output) if output is not None else default_output(year, when)
    check_not_inputs([path], input_files(data, events, alliances))
    check_build_output(path, force=force)
    m = make_map(
        year,
        when,
        data,
        title=title,
        tiles=tiles,
        events=events,
        alliances=alliances,
    )
    clean_temp_files(path.parent, subfolders=(), prefix=f".{path.name}.")
    return write_map(m, path)


def validate_data(
    data: Iterable[PathArg] | PathArg | None = None,
    *,
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
) -> tuple[list, str]:
    """Check layers and context files; return (problems, summary of what
    was checked).

    With ``data`` None, the bundled layers and the bundled (or given)
    context files are checked, and the events' sites against the layers.
    With layer files given, a context file is checked only when given.

    Examples
    --------
    >>> problems, summary = validate_data()
    >>> problems, summary.split(",")[0]
    ([], 'ok: 15 layer files')
    """
    from .context import _check as check_context
    from .read import MAX_LAYER_BYTES, _check

    if data is not None:
        events = False if events is None else events
        alliances = False if alliances is None else alliances
    layers = _check(data, MAX_LAYER_BYTES, True)
    problems = list(layers.problems)
    sites = {r["site"]: (r["lon"], r["lat"]) for r in layers.records}
    context_problems, context = check_context(events, alliances, sites, True)
    problems += context_problems
    files = 0 if layers.problems else len(layers.files)
    parts = [f"ok: {files} layer files"]
    if events is not False:
        parts.append(f"{len(context.events)} events")
    if alliances is not False:
        parts.append(
            f"{len(context.organisations)} organisations and "
            f"{len(context.memberships)} memberships"
        )
    return problems, ", ".join(parts)
