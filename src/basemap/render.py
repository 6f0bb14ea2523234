"""Render a styled selection as an offline Leaflet map.

:func:`render_map` is the fourth step of the pipeline. It returns a folium
map (a :class:`basemap.elements.OfflineMap`) inside its page, ready to be
displayed in a notebook or written by :func:`basemap.write.write_map`.

The page opens offline: Leaflet is inlined, there are no web fonts, no CDN
links and, by default, no tiles, so it makes no network request at all.
"""

from __future__ import annotations

import html
from datetime import date
from typing import TYPE_CHECKING

from .errors import OptionError

if TYPE_CHECKING:
    import geopandas

    from .elements import OfflineMap

__all__ = ["DEFAULT_TITLE", "feature_collection", "render_map", "resolve_tiles"]

DEFAULT_TITLE = "Foreign military presence in Central Asia"

#: Above this many markers, draw on one canvas instead of one SVG path each.
CANVAS_THRESHOLD = 1_000
#: Above this many markers, labels show on hover instead of permanently.
LABEL_LIMIT = 300

_STATUS_TEXT = {
    "present": "Present",
    "uncertain": "Possibly present: the dates are imprecise around this time",
    "former": "Former site: no longer present",
}
_PROPERTIES = [
    "key", "site", "name", "label", "label_direction", "operator", "operator_name",
    "host", "host_name", "kind", "status", "presence", "change", "color",
    "marker", "location_precision", "location_note", "periods",
]  # fmt: skip


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


def feature_collection(styled: geopandas.GeoDataFrame, meta: dict) -> dict:
    """Return the styled selection as the GeoJSON the map embeds and reads.

    ``meta`` is kept as a foreign member ``basemap`` of the collection.
    """
    features = []
    for _, row in styled.iterrows():
        props = {name: row[name] for name in _PROPERTIES}
        features.append(
            {
                "type": "Feature",
                "id": row["key"],
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(row.geometry.x, 6), round(row.geometry.y, 6)],
                },
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "basemap": meta, "features": features}


def _describe(row) -> str:
    period = row["periods"][-1]
    start, end = row["periods"][0]["start"], period["end"]
    span = f"since {start}" if end is None else f"{start} to {end}"
    text = (
        f"{row['name']} ({row['host_name']}): {row['operator_name']}, "
        f"{row['kind']}, {span}"
    )
    if row["presence"] == "uncertain":
        text += " (uncertain at this time)"
    if row["change"]:
        text += f"; {row['change']} at this time"
    return text


def render_map(
    styled: geopandas.GeoDataFrame,
    *,
    when: int | date,
    as_of: str,
    bounds: tuple[float, float, float, float],
    title: str | None = None,
    tiles: str | None = None,
    width: str = "100%",
    height: str = "100%",
) -> OfflineMap:
    """Build the map of a styled selection.

    Parameters
    ----------
    styled : GeoDataFrame
        As returned by :func:`basemap.style.style`.
    when : int or datetime.date
        The year or day shown (drawn on the map and in the page title).
    as_of : str
        The day the data was last checked (YYYY-MM-DD).
    bounds : tuple
        ``(minx, miny, maxx, maxy)`` to frame; use the extent of all the
        data, not just of this year, so every year is framed the same way.
    title : str, optional
        Title on the map (default :data:`DEFAULT_TITLE`).
    tiles : str, optional
        An xyzservices provider name for an online tile layer; by default
        there is none and the map makes no network request.
    width, height : str
        CSS size of the map.

    Returns
    -------
    OfflineMap
        The map, inside its :class:`basemap.elements.BasemapFigure`.
    """
    import folium

    from .data import load_boundaries
    from .elements import (
        BasemapFigure,
        BasemapLayers,
        EmbeddedGeoJSON,
        InlineLeaflet,
        Legend,
        OfflineMap,
        PageStyle,
        TextAlternative,
        TitleBox,
    )
    from .style import legend_entries

    title = title or DEFAULT_TITLE
    if isinstance(when, date):
        when_text = f"{when.day} {when:%B} {when.year}"
        when_phrase = "on this day"
        when_key = when.isoformat()
    else:
        when_text = str(when)
        when_phrase = f"in {when}"
        when_key = str(when)
    provider = resolve_tiles(tiles) if tiles else None

    figure = BasemapFigure(title=f"{title}, {when_text}")
    minx, miny, maxx, maxy = bounds
    m = OfflineMap(
        location=[(miny + maxy) / 2, (minx + maxx) / 2],
        zoom_start=6,
        tiles=None,
        control_scale=True,
        zoom_snap=0.25,
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

    present = styled[styled["presence"] != "former"]
    former = styled[styled["presence"] == "former"]
    meta = {"when": when_key, "as_of": as_of, "title": title}
    m.add_child(EmbeddedGeoJSON(feature_collection(styled, meta), "basemap-data"))
    m.add_child(EmbeddedGeoJSON(load_boundaries(), "basemap-boundaries"))
    options = {
        "as_of": as_of,
        "when_phrase": when_phrase,
        "aria_label": f"Map: {title}, {when_text}",
        "status_text": _STATUS_TEXT,
        "boundary_style": {"color": "#7A7A7A", "weight": 1, "fillColor": "#FFFFFF",
                           "fillOpacity": 0.6},
        "canvas_threshold": CANVAS_THRESHOLD,
        "label_limit": LABEL_LIMIT,
        "collapsed": False,
        "bounds": [[miny, minx], [maxy, maxx]],
        "tiles_label": html.escape(provider.name) if provider is not None else None,
        "layer_names": {
            "boundaries": "Country borders",
            "present": f"Present {html.escape(when_phrase)} ({len(present)})",
            "former": f"Former sites ({len(former)})",
        },
        "attribution": "Borders: Natural Earth (public domain) | "
        "Data: basemap, sources in each popup",
    }  # fmt: skip
    m.add_child(BasemapLayers(options, tiles=tile_layer))
    m.add_child(TitleBox(title, when_text))
    m.add_child(Legend(legend_entries(styled)))
    m.add_child(
        TextAlternative(
            heading=f"{title}, {when_text}: what the map shows",
            present=[_describe(r) for _, r in present.iterrows()],
            former=[_describe(r) for _, r in former.iterrows()],
            credit=f"Data as of {as_of}. Borders: Natural Earth (public domain).",
        )
    )
    return m
