"""Render styled selections as offline Leaflet pages.

:func:`render_map` is the fourth step of the pipeline: the map of one year
or day. :func:`render_timeline` draws every year in one page with a slider
and a player, from the same data, styles and drawing code. Both return a
folium map (a :class:`basemap.render.elements.OfflineMap`) inside its page, ready
to be displayed in a notebook or written by :func:`basemap.output.atomic.write_map`.

The pages open offline: Leaflet is inlined, there are no web fonts, no CDN
links and, by default, no tiles, so they make no network request at all.

What a page embeds is made in modules of their own: the sites' compact
GeoJSON in :mod:`basemap.render.encoding`, the year's events and alliances
in :mod:`basemap.render.contextdata`, the timeline's years in
:mod:`basemap.render.timelinedata`, the base map in
:mod:`basemap.render.base_layers` and the popups' figures in
:mod:`basemap.render.measures`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from ..errors import OptionError
from ..frames import records
from ..geo.frame import map_frame
from ..styling.symbols import legend_entries
from ..text import check_text_option
from ..wording import DEFAULT_TITLE, STATUS_WORDS
from .base_layers import boundaries_json, places_json
from .contextdata import context_text
from .details import DetailsFiles, details_of
from .encoding import CANVAS_THRESHOLD, LABEL_LIMIT, collection_json, describe
from .measures import site_distances, site_matrix, site_rings
from .timelinedata import timeline_data

if TYPE_CHECKING:
    import geopandas

    from .elements import OfflineMap

__all__ = ["host_codes", "render_map", "render_timeline", "resolve_tiles"]

_STATUS_TEXT = {
    "present": "Present",
    "uncertain": "Possibly present: the dates are imprecise around this time",
    "former": "Former site: no longer present",
}


def resolve_tiles(name: str):
    """Return the xyzservices provider called ``name``.

    Raises
    ------
    OptionError
        For an unknown name or a provider that needs an API key.

    Examples
    --------
    >>> resolve_tiles("esri worldgraycanvas").name
    'Esri.WorldGrayCanvas'
    >>> resolve_tiles("CartoDB.Positron")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: tile provider 'CartoDB.Positron' needs an API key, ...
    >>> resolve_tiles("Nowhere.Map")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: unknown tile provider 'Nowhere.Map': use ...
    """
    import xyzservices

    try:
        provider = xyzservices.providers.query_name(name)
    except ValueError:
        raise OptionError(
            f"unknown tile provider {name!r}: use an xyzservices name such as "
            "'OpenStreetMap.Mapnik' or 'Esri.WorldGrayCanvas'"
        ) from None
    if provider.requires_token():
        raise OptionError(
            f"tile provider {name!r} needs an API key, which basemap does not pass"
        )
    return provider


#: Longest text list; past it, the list says how many more the data holds.
TEXT_LIMIT = 100


def _text_list(rows: list[dict]) -> list[str]:
    items = [describe(r) for r in rows[:TEXT_LIMIT]]
    if len(rows) > TEXT_LIMIT:
        items.append(f"... and {len(rows) - TEXT_LIMIT} more, listed in the map's data")
    return items


def _when(when: int | date) -> tuple[str, str, str]:
    """(text drawn, phrase, key) for a year or a day."""
    if isinstance(when, date):
        return f"{when.day} {when:%B} {when.year}", "on this day", when.isoformat()
    return str(when), f"in {when}", str(when)


def _page_title(title: str, when: int | date) -> str:
    """A map's page title: the yearly map's, and the timeline's at that year.

    >>> _page_title("Bases", 2005)
    'Bases, 2005'
    """
    return f"{title}, {_when(when)[0]}"


def _page(title: str, page_title: str, bounds, tiles: str | None, width, height):
    """The page, the map, Leaflet and styles, and the optional tile layer."""
    import folium

    from .elements import BasemapFigure, InlineLeaflet, OfflineMap, PageStyle

    provider = resolve_tiles(tiles) if tiles else None
    figure = BasemapFigure(title=page_title)
    minx, miny, maxx, maxy = bounds
    m = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=6,
        tiles=None,
        zoom_snap=0.25,
        # no fading: what a screenshot or a test sees is what is drawn
        fade_animation=False,
        width=width,
        height=height,
    )
    figure.add_child(m)
    m.add_child(InlineLeaflet())
    m.add_child(PageStyle())
    tile_layer = None
    if provider is not None:
        tile_layer = folium.TileLayer(tiles=provider, overlay=False, control=False)
        m.add_child(tile_layer)
    return m, provider, tile_layer


def _check_href(href: str | None) -> str | None:
    """A relative link template with ``{site}`` (never a scheme or a root).

    >>> _check_href("sites/{site}.html")
    'sites/{site}.html'
    """
    if href is None:
        return None
    if "{site}" not in href or ":" in href.split("/")[0] or href.startswith("/"):
        raise OptionError(f"site links are relative, with {{site}}: {href!r}")
    return href


def _check_page_href(href: str) -> str:
    """A relative link to another page of the export (never a scheme or a
    root).

    >>> _check_page_href("compare.html")
    'compare.html'
    """
    if not href or ":" in href.split("/")[0] or href.startswith(("/", "\\")):
        raise OptionError(f"page links are relative: {href!r}")
    return href


def host_codes(styled) -> tuple[str, ...]:
    """The host states of a frame's rows, sorted.

    >>> import pandas as pd
    >>> host_codes(pd.DataFrame({"host": ["KGZ", "KAZ", "KGZ"]}))
    ('KAZ', 'KGZ')
    """
    if not len(styled) or "host" not in styled:
        return ()
    return tuple(sorted(set(styled["host"].tolist())))


def _base_map(m, bounds, hosts: tuple[str, ...]) -> None:
    """Embed the borders and names of the frame around ``bounds``."""
    from .elements import EmbeddedGeoJSON

    frame = map_frame(tuple(bounds))
    m.add_child(EmbeddedGeoJSON.from_json(boundaries_json(frame), "basemap-boundaries"))
    m.add_child(
        EmbeddedGeoJSON.from_json(places_json(frame, tuple(hosts)), "basemap-places")
    )


def _credit(as_of: str) -> str:
    """The short source line under the key: the same on screen and on
    paper (see :data:`_SCREEN_NOTE` and :data:`_PRINT_NOTE`).

    >>> _credit("2026-12-01")
    'Data as of 2026-12-01. Base map: Natural Earth; place names: GeoNames (CC BY 4.0).'
    """
    return (
        f"Data as of {as_of}. "
        "Base map: Natural Earth; place names: GeoNames (CC BY 4.0)."
    )


#: What the credit adds on screen, where a popup opens, and in a figure or
#: a print, where none can.
_SCREEN_NOTE = "Every site's sources are in its popup."
_PRINT_NOTE = "Every site is sourced in the data behind the map."


def _options(title, when_text, when_phrase, as_of, bounds, provider, names) -> dict:
    minx, miny, maxx, maxy = bounds
    return {
        "as_of": as_of,
        "when_phrase": when_phrase,
        "aria_label": f"Map: {title}, {when_text}",
        "status_text": _STATUS_TEXT,
        "status_words": STATUS_WORDS,
        "boundary_style": {
            "color": "#7A7A7A",
            "weight": 1,
            "fillColor": "#FFFFFF",
            "fillOpacity": 0.6,
        },
        "disputed_style": {
            "color": "#7A7A7A",
            "weight": 1,
            "dashArray": "4 3",
            "fillColor": "#E4E4E4",
            "fillOpacity": 0.6,
        },
        "canvas_threshold": CANVAS_THRESHOLD,
        "label_limit": LABEL_LIMIT,
        "collapsed": False,
        "bounds": [[miny, minx], [maxy, maxx]],
        "tiles_label": html.escape(provider.name) if provider is not None else None,
        "layer_names": names,
        "attribution": "Leaflet | Natural Earth | GeoNames (CC BY 4.0)",
    }


def render_map(
    styled: geopandas.GeoDataFrame,
    *,
    when: int | date,
    as_of: str,
    bounds: tuple[float, float, float, float],
    title: str | None = None,
    tiles: str | None = None,
    nav: Mapping[str, tuple[str, str]] | None = None,
    width: str = "100%",
    height: str = "100%",
    context: dict | None = None,
    site_href: str | None = None,
    details: DetailsFiles | None = None,
    hosts: tuple[str, ...] | None = None,
) -> OfflineMap:
    """Build the map of a styled selection.

    Parameters
    ----------
    styled : GeoDataFrame
        As returned by :func:`basemap.styling.symbols.style`.
    when : int or datetime.date
        The year or day shown (drawn on the map and in the page title).
    as_of : str
        The day the data was last checked (YYYY-MM-DD).
    bounds : tuple
        ``(minx, miny, maxx, maxy)`` to frame; use the extent of all the
        data, not just of this year, so every year is framed the same way.
    title : str, optional
        Title on the map (default :data:`basemap.wording.DEFAULT_TITLE`).
    tiles : str, optional
        An xyzservices provider name for an online tile layer; by default
        there is none and the map makes no network request.
    nav : mapping, optional
        Links drawn on the map, as ``{"prev"|"next"|"index"|"timeline":
        (text, relative href)}`` (used by :func:`basemap.exporter.run.export`).
    width, height : str
        CSS size of the map.
    context : dict, optional
        The year's events and alliances, from :func:`context_data`: the
        events are listed in a panel and placed as numbered badges, and each
        organisation can shade its members (see the panel and the layer
        control). Without it, the map has neither.
    site_href : str, optional
        Relative link of each site's own page, with ``{site}`` for its id
        (``"sites/{site}.html"`` in an export): popups link to it.
    details : DetailsFiles, optional
        Where the page finds its periods' details (notes, every source):
        an export's shared files (:func:`basemap.render.details.details_files`).
        By default the page carries them itself, in an inline block read
        on the first popup (:mod:`basemap.render.details`).
    hosts : tuple of str, optional
        The host states of all the data (:func:`host_codes`), whose cities
        and names the base map favours; by default, those of ``styled``.
        Give the same for every year, so that the years' base maps match.

    Returns
    -------
    OfflineMap
        The map, inside its :class:`basemap.render.elements.BasemapFigure`.
    """
    from .elements import BasemapLayers, EmbeddedGeoJSON, EmbeddedJSON
    from .panels import Masthead, SidePanel, SiteNumbers, TextAlternative

    title = check_text_option("--title", title) if title else DEFAULT_TITLE
    when_text, when_phrase, when_key = _when(when)
    m, provider, tile_layer = _page(
        title, _page_title(title, when), bounds, tiles, width, height
    )
    rows = records(styled) if len(styled) else []
    present = [r for r in rows if r["presence"] != "former"]
    former = [r for r in rows if r["presence"] == "former"]
    meta = {"when": when_key, "as_of": as_of, "title": title}
    if 0 < len(styled) <= LABEL_LIMIT:  # reach: geodesic distances (pyproj)
        # for a map a reader can label; a large layer (a benchmark's 100k
        # sites) would carry an n-by-n table for nothing

        meta["distances"] = site_distances(styled)
        measure = site_matrix(styled)  # whole kilometres are enough here
        measure["km"] = [[round(km) for km in row] for row in measure["km"]]
        meta["measure"] = measure
        meta["rings"] = site_rings(styled)
    m.add_child(
        EmbeddedGeoJSON.from_json(collection_json(styled, meta, rows), "basemap-data")
    )
    if details is None:
        m.add_child(EmbeddedJSON(details_of(rows), "basemap-details"))
    _base_map(m, bounds, host_codes(styled) if hosts is None else hosts)
    if context is not None:
        m.add_child(EmbeddedJSON(context, "basemap-context"))
    names = {
        "boundaries": "Country borders",
        "present": f"Present {html.escape(when_phrase)} ({len(present)})",
        "former": f"Former sites ({len(former)})",
        "events": f"Events {html.escape(when_phrase)}",
    }
    options = _options(title, when_text, when_phrase, as_of, bounds, provider, names)
    options.update(
        when_text=when_text,
        context_panel=context is not None,
        site_href=_check_href(site_href),
    )
    if details is not None:
        options["details"] = details.option()
    m.add_child(BasemapLayers(options, tiles=tile_layer))
    m.add_child(Masthead(title, when_text, dict(nav or {})))
    m.add_child(SiteNumbers())
    m.add_child(
        SidePanel(
            legend_entries(styled),
            _credit(as_of),
            context=context is not None,
            screen_note=_SCREEN_NOTE,
            print_note=_PRINT_NOTE,
        )
    )
    m.add_child(
        TextAlternative(
            heading=f"{title}, {when_text}: what the map shows",
            present=_text_list(present),
            former=_text_list(former),
            credit=f"Data as of {as_of}. Borders: Natural Earth (public domain).",
            context=None if context is None else context_text(context),
        )
    )
    return m


def _key_years(entries: list[dict], frames: Mapping) -> dict[str, list[int]]:
    """For each year of a timeline, the indexes in ``entries`` (its key, of
    every year) of the entries that year's own map lists.

    >>> from basemap.pipeline import presences
    >>> from basemap.styling.symbols import legend_entries
    >>> import pandas as pd
    >>> frames = {y: presences(year=y) for y in (1993, 2005)}
    >>> entries = legend_entries(pd.concat(list(frames.values())))
    >>> years = _key_years(entries, frames)
    >>> [entries[i]["label"] for i in years["2005"]][:2]
    ['France', 'Germany']
    >>> "United States" in [entries[i]["label"] for i in years["1993"]]
    False
    """
    where = {(e["symbol"], e["label"]): i for i, e in enumerate(entries)}
    return {
        str(year): [where[e["symbol"], e["label"]] for e in legend_entries(styled)]
        for year, styled in sorted(frames.items())
    }


def render_timeline(
    frames: Mapping[int, geopandas.GeoDataFrame],
    *,
    as_of: str,
    bounds: tuple[float, float, float, float],
    title: str | None = None,
    tiles: str | None = None,
    start: int | None = None,
    nav: Mapping[str, tuple[str, str]] | None = None,
    contexts: Mapping[int, dict] | None = None,
    site_href: str | None = None,
    compare_href: str | None = None,
    details: DetailsFiles | None = None,
    hosts: tuple[str, ...] | None = None,
) -> OfflineMap:
    """Build one page holding every year, with a slider and a player.

    The page opens on ``start`` (default: the first year), or on the year in
    its address fragment (``timeline.html#2005``), which it keeps up to date
    as the reader moves. Play/pause, step buttons and the arrow keys move
    through the years. ``contexts`` maps each year to its events and
    alliances (:func:`context_data`), shown as on a yearly map.
    ``compare_href``, the relative link of the comparison page (e.g.
    ``"compare.html"``), is passed to the page's script as the option
    ``compare_href`` when given. ``details`` and ``hosts``: as for
    :func:`render_map` (``hosts`` by default those of every year).
    """
    from .elements import EmbeddedGeoJSON, EmbeddedJSON, TimelineLayers
    from .panels import Masthead, SidePanel, SiteNumbers, TextAlternative

    if not frames:
        raise OptionError("a timeline needs at least one year")
    import pandas as pd

    title = check_text_option("--title", title) if title else DEFAULT_TITLE
    years = sorted(frames)
    start = years[0] if start is None else start
    m, provider, tile_layer = _page(
        title, f"{title}, {years[0]}-{years[-1]}", bounds, tiles, "100%", "100%"
    )
    meta = {"as_of": as_of, "title": title, "start": start}
    m.add_child(EmbeddedGeoJSON(timeline_data(frames, meta), "basemap-data"))
    if details is None:
        every = (r for styled in frames.values() for r in records(styled))
        m.add_child(EmbeddedJSON(details_of(every), "basemap-details"))
    if hosts is None:
        hosts = tuple(sorted({h for f in frames.values() for h in host_codes(f)}))
    _base_map(m, bounds, hosts)
    if contexts:
        m.add_child(
            EmbeddedJSON(
                {"years": {str(y): contexts[y] for y in years if y in contexts}},
                "basemap-context",
            )
        )
    names = {
        "boundaries": "Country borders",
        "present": "Present",
        "former": "Former sites",
        "events": "Events of the year",
    }
    options = _options(
        title, f"{years[0]}-{years[-1]}", f"in {start}", as_of, bounds, provider, names
    )
    options["context_panel"] = bool(contexts)
    options["site_href"] = _check_href(site_href)
    if details is not None:
        options["details"] = details.option()
    if compare_href is not None:
        options["compare_href"] = _check_page_href(compare_href)
    # the key lists every year's operators and symbols; each year, which
    # of its entries that year's own map would list
    everything = legend_entries(pd.concat(list(frames.values())))
    options["key_years"] = _key_years(everything, frames)
    # the page's title names the year shown, as the year's own map's does
    options["year_titles"] = {str(y): _page_title(title, y) for y in years}
    m.add_child(TimelineLayers(options, tiles=tile_layer))
    m.add_child(Masthead(title, str(start), dict(nav or {})))
    m.add_child(SiteNumbers())
    m.add_child(
        SidePanel(
            everything,
            _credit(as_of),
            context=bool(contexts),
            screen_note=_SCREEN_NOTE,
            print_note=_PRINT_NOTE,
        )
    )
    first = frames[start] if start in frames else frames[years[0]]
    m.add_child(
        TextAlternative(
            heading=f"{title}: what the map shows",
            present=_text_list(records(first, former=False)),
            former=[],
            credit=f"Data as of {as_of}. Borders: Natural Earth (public domain).",
            live=True,
            context=context_text(contexts[start])
            if contexts and start in contexts
            else None,
        )
    )
    return m
