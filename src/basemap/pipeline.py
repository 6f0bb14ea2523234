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

from .dates import When, parse_when
from .errors import OptionError
from .frames import frame_cached, no_gc_pauses
from .io.context import (
    bundled_fits,
    check_context,
    context_for,
    layer_sites,
    read_context,
)
from .io.layers import check_layers, read_layers
from .output.atomic import atomic_write_text, clean_temp_files, render_html, write_map
from .output.guard import (
    check_build_output,
    check_file_output,
    check_not_inputs,
    input_files,
)
from .output.listing import (
    LISTING_SIGN,
    check_suffix,
    format_bytes,
    is_listing,
    on_the_map,
    write_selection,
)
from .pages.compare import LAYOUTS, check_pair, pair_page
from .pages.pairs import year_frames
from .render.contextdata import context_data
from .render.page import host_codes, render_map
from .selection.changes import changes_between
from .selection.context import select_alliances, select_events
from .selection.sites import data_years, select
from .styling.symbols import style
from .wording import data_title as wording_title

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas

    from .io.context import Context
    from .io.load import PathArg
    from .render.elements import OfflineMap

__all__ = [
    "build",
    "compare",
    "compare_html",
    "compare_output",
    "compare_years",
    "data_as_of",
    "data_title",
    "default_output",
    "frame_bounds",
    "listing",
    "load_context",
    "make_map",
    "presences",
    "validate_data",
    "write_listing",
]


def presences(
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
) -> geopandas.GeoDataFrame:
    """Read the layers and return the styled selection for a year or day."""
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
    leave it out (both False: no context at all). With layers other than
    the bundled ones, None stands for the bundled file only where it fits
    them (:func:`basemap.io.context.bundled_fits`: their sites all lie in
    Central Asia), and for none elsewhere. Events that name a site are
    checked against the layers' sites when the layers are the bundled ones
    or the events file is given; the bundled events name bundled sites,
    which other layers need not have.
    """
    if not bundled_layers and not bundled_fits(host_codes(layers)):
        events = False if events is None else events
        alliances = False if alliances is None else alliances
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
        See :func:`basemap.render.page.render_map`.
    layers : GeoDataFrame, optional
        Layers already read with :func:`basemap.io.layers.read_layers` (then
        ``data`` is ignored).
    nav : dict, optional
        Links to other pages (see :func:`basemap.render.page.render_map`).
    events, alliances : path or False, optional
        The context files (default: the bundled ones); False leaves one out.
    context : Context or False, optional
        Context already read with :func:`load_context` (then ``events`` and
        ``alliances`` are ignored); False shows no context.
    """
    at = parse_when(year, when)  # parsed once, handed on as it is
    bundled = layers is None and data is None
    if layers is None:
        layers = read_layers(data)
        events, alliances = context_for(data, events, alliances)
    if context is None:
        context = load_context(layers, events, alliances, bundled_layers=bundled)

    with no_gc_pauses():  # tens of thousands of small objects, no cycles
        return _make_map(layers, context, at, title, tiles, nav)


def _make_map(layers, context, at: When, title, tiles, nav):
    styled = style(select(layers, when=at))
    shown = None
    if context:
        shown = context_data(
            select_events(context, when=at), select_alliances(context, when=at)
        )
    return render_map(
        styled,
        when=at.day if at.day is not None else at.year,
        as_of=data_as_of(layers),
        bounds=frame_bounds(layers),
        title=title or data_title(layers),
        tiles=tiles,
        nav=nav,
        context=shown,
        hosts=host_codes(layers),
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

    minx, miny, maxx, maxy = frame_cached(
        "bounds", layers, lambda: tuple(float(v) for v in layers.total_bounds)
    )
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def data_title(layers: geopandas.GeoDataFrame) -> str:
    """The title of the pages of these layers when none is given: their
    files' shared ``description``, or where their sites are
    (:func:`basemap.wording.data_title`).

    >>> from basemap.io.layers import read_layers
    >>> data_title(read_layers())
    'Foreign military presence in Central Asia'
    """
    descriptions = (layers.attrs.get("descriptions") or {}).values()
    return wording_title(descriptions, host_codes(layers))


def data_as_of(layers: geopandas.GeoDataFrame) -> str:
    """The latest ``as_of`` of the layers (the day the data was checked)."""
    if not len(layers):
        return "unknown"

    return frame_cached("as_of", layers, lambda: max(layers["as_of"].tolist()))


def default_output(
    year: int | None = None, when: str | date | When | None = None
) -> Path:
    """Return ``output/<year>.html`` or ``output/<YYYY-MM-DD>.html``.

    >>> default_output(when="2005-11-21").as_posix()
    'output/2005-11-21.html'
    """
    return Path("output") / f"{parse_when(year, when).key}.html"


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
    only if basemap wrote it, or with ``force`` (see :mod:`basemap.output.guard`).
    Temporary files a killed build of the same file left are removed.

    Raises
    ------
    OptionError
        When ``output`` does not end in ``.html``.
    OutputError
        When ``output`` is an input, a file basemap did not write (without
        ``force``), or cannot be written.
    """
    at = parse_when(year, when)
    path = Path(output) if output is not None else default_output(when=at)
    events, alliances = context_for(data, events, alliances)
    check_not_inputs([path], input_files(data, events, alliances))
    check_build_output(path, force=force)
    m = make_map(
        when=at,
        data=data,
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
    With layer files given, the context files given, or else the data's own
    (:func:`basemap.io.context.context_for`).

    Examples
    --------
    >>> problems, summary = validate_data()
    >>> problems, summary.split(",")[0]
    ([], 'ok: 15 layer files')
    """
    events, alliances = context_for(data, events, alliances)
    if data is not None:  # the bundled context is checked with its own layers
        events = False if events is None else events
        alliances = False if alliances is None else alliances
    layers = check_layers(data)
    problems = list(layers.problems)
    sites = {r["site"]: (r["lon"], r["lat"]) for r in layers.records}
    context_problems, context = check_context(events, alliances, sites)
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


def listing(
    fmt: str,
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    *,
    former: bool = False,
) -> str:
    """What ``basemap list`` prints: the selection of a year or day as text
    (``table``, ``csv``, ``json`` or ``geojson``): what the map shows, the
    sites present or uncertain; with ``former``, also those that had left.

    Raises
    ------
    OptionError
        For ``gpkg`` (a binary file: give an output path).
    """
    if fmt == "gpkg":
        raise OptionError(
            "--format gpkg writes a binary GeoPackage: give its path with -o FILE.gpkg"
        )
    styled = on_the_map(presences(year, when, data), former)
    return format_bytes(styled, fmt, "1970-01-01").decode("utf-8")


def write_listing(
    path: PathArg,
    fmt: str,
    year: int | None = None,
    when: str | date | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    *,
    force: bool = False,
    former: bool = False,
) -> Path:
    """``basemap list -o PATH``: write the selection of a year or day to a
    file, atomically; never over a file the run reads (a layer and its side
    files, the bundled data), nor anything but a file (a FIFO, a device),
    nor, unless ``force``, a file ``basemap list`` did not write
    (:func:`basemap.output.guard.check_file_output`), all checked before
    anything is read. The GeoPackage's timestamp is the data's ``as_of``.
    As :func:`listing`, the sites the map shows; with ``former``, also
    those that had left."""
    path = Path(path)
    at = parse_when(year, when)
    check_suffix(path, fmt)
    inputs = input_files(data, False, False)
    check_not_inputs([path], inputs)
    check_file_output(path, force=force, ours=is_listing, sign=LISTING_SIGN)
    layers = read_layers(data)
    styled = on_the_map(style(select(layers, when=at)), former)
    stamp = data_as_of(layers)
    if len(stamp) != 10:  # no layers: "unknown"
        stamp = "1970-01-01"
    check_file_output(path, force=force, ours=is_listing, sign=LISTING_SIGN)  # (again)
    return write_selection(styled, path, fmt, stamp=stamp, inputs=inputs)


def compare_years(layers, before: int, after: int) -> list[dict]:
    """What differs between two years: sites and operators that were
    inherited, opened, closed or changed (a new period) between ``before``
    and ``after``, worded as everywhere (:func:`basemap.styling.symbols.change_text`).

    >>> from basemap.io.layers import read_layers
    >>> for c in compare_years(read_layers(), 2004, 2010):
    ...     if c["operator"] == "USA":
    ...         print(c["site"], c["change"].split(" → ")[0])
    manas changed: name Ganci Air Base (Manas Air Base)
    karshi-khanabad closed
    """
    return changes_between(
        style(select(layers, year=before)),
        style(select(layers, year=after)),
        after,
        consecutive=after - before == 1,
        since=before + 1,
    )


def compare_html(
    before: int,
    after: int,
    *,
    data: Iterable[PathArg] | PathArg | None = None,
    layers: geopandas.GeoDataFrame | None = None,
    title: str | None = None,
    layout: str = "side",
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
) -> str:
    """The self-contained comparison page of two years, as text.

    Both yearly maps are built by :func:`basemap.pipeline.make_map` and
    embedded whole as ``srcdoc`` iframes: the page makes no request.

    Parameters
    ----------
    before, after : int
        The two years, the earlier first.
    data, layers : optional
        Layer files or folders (default: the bundled data), or layers
        already read (then ``data`` is ignored).
    title : str, optional
        The maps' title (default: :func:`data_title`).
    layout : {"side", "swipe"}
        How the page opens; the reader can switch.
    events, alliances : path or False, optional
        The context shown on the maps (default: the bundled files).

    Raises
    ------
    OptionError
        When ``before`` is not before ``after``, a year lies outside the
        data, or the layout is unknown.

    Examples
    --------
    >>> page = compare_html(2004, 2010)
    >>> page.count("<iframe"), "srcdoc=" in page
    (2, True)
    """
    check_pair(before, after)
    if layout not in LAYOUTS:
        raise OptionError(f"unknown layout {layout!r}: use one of {', '.join(LAYOUTS)}")
    bundled = layers is None and data is None
    if layers is None:
        layers = read_layers(data)
        events, alliances = context_for(data, events, alliances)
    if len(layers):
        check_pair(before, after, data_years(layers))
    context = load_context(layers, events, alliances, bundled_layers=bundled)
    title = title or data_title(layers)
    docs = tuple(
        render_html(
            make_map(year, layers=layers, title=title, context=context or False)
        )
        for year in (before, after)
    )
    frames = year_frames(layers, (before, after))
    return pair_page(
        before, after, docs=docs, frames=frames, title=title, layout=layout
    )


def compare_output(before: int, after: int) -> Path:
    """``output/compare-BEFORE-AFTER.html``.

    >>> compare_output(2004, 2010).as_posix()
    'output/compare-2004-2010.html'
    """
    return Path("output") / f"compare-{before}-{after}.html"


def compare(
    before: int,
    after: int,
    *,
    data: Iterable[PathArg] | PathArg | None = None,
    out: str | os.PathLike[str] | None = None,
    title: str | None = None,
    layout: str = "side",
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    force: bool = False,
) -> Path:
    """Write the self-contained page comparing two years; return its path.

    See :func:`compare_html` for the page and the parameters. ``out``
    defaults to :func:`compare_output`. The file is written atomically, and
    only over a file basemap wrote (or with ``force``), never over an input
    (the rules of :func:`build`).

    Raises
    ------
    OptionError
        When the years or the layout are wrong, or ``out`` does not end in
        ``.html``.
    OutputError
        When ``out`` is an input, a file basemap did not write (without
        ``force``), or cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     path = compare(2004, 2010, out=pathlib.Path(d) / "c.html")
    ...     path.name, path.read_bytes() == compare_html(2004, 2010).encode()
    ('c.html', True)
    """
    check_pair(before, after)
    path = Path(out) if out is not None else compare_output(before, after)
    check_not_inputs([path], input_files(data, events, alliances))
    check_build_output(path, force=force)
    text = compare_html(
        before,
        after,
        data=data,
        title=title,
        layout=layout,
        events=events,
        alliances=alliances,
    )
    clean_temp_files(path.parent, subfolders=(), prefix=f".{path.name}.")
    return atomic_write_text(path, text)
