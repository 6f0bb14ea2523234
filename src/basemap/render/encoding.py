"""The embedded encoding of a styled selection: what a page carries.

A map embeds its sites once, as GeoJSON (``basemap-data``), in a compact
form (:func:`feature_collection`): defaults are left out and what the page
can derive (labels, names, colours) is not written; a large layer's dots
are also written in columns (:func:`_dots`), which the page draws before
it reads the features. :func:`collection_json` is the same document
encoded for the page by :func:`basemap.render.assets.script_json`; within
:func:`reused_features` (an export's years), each feature and its periods
(the bulk of it, with their seed citations) are encoded once and reused by
every year that shows them, byte for byte the same.
The timeline's document, every year's selection in one, is
:mod:`basemap.render.timelinedata`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..codes import operator_name
from ..frames import records
from ..geo.areas import area_km2
from ..wording import STATUS_WORDS, change_words, row_label
from .assets import script_json
from .details import lean_periods

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CANVAS_THRESHOLD",
    "LABEL_LIMIT",
    "PASSED",
    "change_phrase",
    "code_names",
    "collection_json",
    "collection_meta",
    "describe",
    "feature_collection",
    "feature_properties",
    "point_feature",
    "reused_features",
    "round_geometry",
    "style_key",
]

#: Above this many markers, draw on one canvas instead of one SVG path each.
CANVAS_THRESHOLD = 1_000
#: Above this many markers, labels show on hover instead of permanently.
LABEL_LIMIT = 300

#: Optional columns of a selection passed through to the embedded
#: properties when present and non-empty (see :data:`basemap.selection.sites.
#: OPTIONAL_COLUMNS`): the other names, for the search box, and the outline
#: of a site that is an area.
PASSED = ("aliases", "area")


def style_key(row: dict) -> str:
    """The key of a row's marker style in the collection's ``styles``."""
    return f"{row['operator']}|{row['presence']}|{row['status']}"


def round_geometry(geometry: dict) -> dict:
    """A GeoJSON geometry dict with its coordinates rounded to 6 decimals
    (about 0.1 m), like the points.

    >>> round_geometry({"type": "Polygon", "coordinates": [[[1.23456789, 2.0],
    ...     [1.0, 2.0], [1.0, 3.0], [1.23456789, 2.0]]]})["coordinates"][0][0]
    [1.234568, 2.0]
    """

    def rounded(coords):
        if coords and isinstance(coords[0], int | float):
            return [round(c, 6) for c in coords]
        return [rounded(c) for c in coords]

    return dict(geometry, coordinates=rounded(geometry["coordinates"]))


def _compact_features(
    styled: geopandas.GeoDataFrame,
    styles: dict,
    rows: list[dict] | None = None,
) -> list[dict]:
    """The features of a styled selection in the embedded (compact) form.

    Per feature: ``site``, ``operator``, ``host``, the location notes, and
    ``periods`` as written in the data (without empty members or the default
    status "base"); then, only where they differ from their defaults,
    ``presence`` (default "present"), ``change`` ("") and ``side`` of the
    label ("right"); ``aliases`` and ``area`` where the selection has them.
    The label itself is derived by the page from the last period's label
    (or name), the operator, status, presence and change, by the rule of
    :func:`basemap.styling.symbols.label_text`. Marker styles are in the collection's
    ``basemap.styles``, keyed by "operator|presence|status". The page
    derives the rest (names, colours, the key "site/operator").
    """
    import numpy as np

    features = []
    xs = np.round(styled.geometry.x.to_numpy(), 6).tolist()
    ys = np.round(styled.geometry.y.to_numpy(), 6).tolist()
    rows = records(styled) if rows is None else rows
    passed = [c for c in PASSED if c in styled.columns]
    for row, x, y in zip(rows, xs, ys, strict=True):
        key = style_key(row)
        if key not in styles:
            styles[key] = row["marker"]
        props = feature_properties(row, passed)
        # as written (see select), without what only a popup shows: the
        # page's details (basemap.render.details)
        props["periods"] = lean_periods(row["periods"])
        features.append(point_feature(props, x, y))
    return features


def point_feature(props: dict, x: float, y: float) -> dict:
    """A GeoJSON point feature at ``x``, ``y`` (to 6 decimals, about 0.1 m)."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(x, 6), round(y, 6)]},
        "properties": props,
    }


def feature_properties(row: dict, passed: list[str]) -> dict:
    """A row's embedded properties but its periods (see
    :func:`_compact_features`)."""
    props = {"site": row["site"], "operator": row["operator"], "host": row["host"]}
    if row.get("territory"):  # a breakaway region: named with its host
        props["territory"] = row["territory"]
    if row["presence"] != "present":
        props["presence"] = row["presence"]
    change = row["change"]
    if change:
        props["change"] = change
    words = change_phrase(row)
    if words and words != change:
        props["change_text"] = words
    if row["label"] != row_label(row):  # one the page would not derive
        props["label"] = row["label"]
    if row["label_direction"] != "right":
        props["side"] = row["label_direction"]
    if row["location_precision"]:
        props["location_precision"] = row["location_precision"]
    for name in passed:
        value = row[name]
        if value:
            props[name] = round_geometry(value) if name == "area" else list(value)
    if props.get("area"):  # the popup says how large (geodesic, pyproj)
        props["area_km2"] = _area_km2(row["area"])
    return props


def code_names(codes) -> dict[str, str]:
    """Code -> display name, sorted by code (the names the page shows)."""
    return {c: operator_name(c) for c in sorted(codes)}


def collection_meta(meta: dict, styles: dict, styled, dots: dict | None = None) -> dict:
    """The collection's ``basemap`` member: ``meta``, the styles used and the
    names of the codes shown (and a large layer's dots)."""
    # whole columns as lists: a pandas string column read element by
    # element costs microseconds an element
    codes = (
        set(styled["operator"].tolist()) | set(styled["host"].tolist())
        if len(styled)
        else set()
    )
    out = dict(meta, styles=dict(sorted(styles.items())), names=code_names(codes))
    if dots is not None:
        out["dots"] = dots
    return out


def _dot(row: dict) -> tuple[str, str, str | None]:
    """A dot's style ("operator|presence|status", the status of its last
    period, as the page derives it), host and kind of its last period."""
    last = row["periods"][-1]
    status = last.get("status") or "base"
    style = f"{row['operator']}|{row['presence']}|{status}"
    return style, row["host"], last.get("kind")


def _dots(rows: list[dict], points, dots: list[tuple] | None = None) -> dict | None:
    """A large layer's dots in columns (more than :data:`CANVAS_THRESHOLD`
    rows, else None), beside its features in the collection's ``basemap``
    member: what the page needs to draw, filter and count them before it
    reads the features themselves (``basemapLean`` in ``static/data.js``).

    ``site`` per dot; ``xy`` its coordinates, as in its geometry; ``of``
    three numbers per dot: its style ("operator|presence|status", the
    status of its last period, as the page derives it) in ``styles``, its
    host in ``hosts``, the kind of its last period in ``kinds`` (null: none).
    ``dots``: each row's :func:`_dot`, if already made.
    """
    if len(rows) <= CANVAS_THRESHOLD:
        return None
    dots = [_dot(row) for row in rows] if dots is None else dots
    tables: list[dict] = []
    of: list[int] = [0] * (3 * len(dots))
    for i, column in enumerate(zip(*dots, strict=True)):
        table: dict = {}
        of[i::3] = [table.setdefault(v, len(table)) for v in column]
        tables.append(table)
    styles, hosts, kinds = (list(t) for t in tables)
    sites = [row["site"] for row in rows]
    xy = [c for x, y in points for c in (round(x, 6), round(y, 6))]
    return dict(styles=styles, hosts=hosts, kinds=kinds, site=sites, xy=xy, of=of)


def feature_collection(
    styled: geopandas.GeoDataFrame, meta: dict, rows: list[dict] | None = None
) -> dict:
    """Return the styled selection as the GeoJSON the map embeds and reads.

    ``meta`` is kept, with the style table and the names of the codes, as
    the collection's foreign member ``basemap``.
    """
    styles: dict[str, dict] = {}
    rows = records(styled) if rows is None else rows
    features = _compact_features(styled, styles, rows)
    dots = _dots(rows, (f["geometry"]["coordinates"] for f in features))
    return {
        "type": "FeatureCollection",
        "basemap": collection_meta(meta, styles, styled, dots),
        "features": features,
    }


#: Stands for a feature's periods while the rest is encoded; a string no
#: feature can hold unnoticed (see :func:`_cached_json`).
_SLOT = "\x00basemap periods\x00"
#: Encoded periods by the ids of their (shared, read-only) period records,
#: with the list itself, so that no id is reused while its entry lives;
#: while :func:`reused_features` is in effect (else None).
_PERIODS_JSON: dict[tuple[int, ...], tuple[list, str]] | None = None
#: Entries kept at most (then the cache starts again).
_PERIODS_LIMIT = 400_000


def _periods_json(periods: list[dict]) -> str:
    """A row's periods, seeds cited, as :func:`script_json` encodes them,
    encoded once for the same records; within :func:`reused_features` only
    (:func:`_cached_json`).

    The records of :func:`basemap.selection.sites.select` are built once per frame
    and shared by every year's selection (they are read-only), so a site
    shown in 30 years is encoded once. A single map is encoded whole
    (:func:`collection_json`): nothing of it is kept after the page is made.
    """
    cache = _PERIODS_JSON
    key = tuple(map(id, periods))
    hit = cache.get(key)
    if hit is None:
        if len(cache) >= _PERIODS_LIMIT:
            cache.clear()
        hit = cache[key] = (periods, script_json(lean_periods(periods)))
    return hit[1]


#: Each feature's encoding (and its periods, kept alive) by what it is
#: made of, while :func:`reused_features` is in effect (else None).
_FEATURES: dict[tuple, tuple[str, list]] | None = None


@contextlib.contextmanager
def reused_features() -> Iterator[None]:
    """Within the block, :func:`collection_json` encodes a feature once and
    reuses it in every later map that shows it the same way: an export's
    years, where a site shows alike from year to year (a former site in
    every year after it closed), and each row's periods once (a site shown
    in another way). Kept for the block only (memory).

    >>> from basemap.pipeline import presences
    >>> styled = presences(year=2005)
    >>> with reused_features():
    ...     first = collection_json(styled, {"when": "2005"})
    ...     again = collection_json(styled, {"when": "2005"})
    >>> first == again == collection_json(styled, {"when": "2005"})
    True
    """
    global _FEATURES, _PERIODS_JSON
    outer = _FEATURES, _PERIODS_JSON
    if _FEATURES is None:
        _FEATURES, _PERIODS_JSON = {}, {}
    try:
        yield
    finally:
        _FEATURES, _PERIODS_JSON = outer


def _feature_key(row: dict, x: float, y: float) -> tuple | None:
    """What a row's encoded feature is made of (None: not kept, an area).
    The periods by the ids of their shared, read-only records, which the
    cache holds on to (so no id is reused while its entry lives)."""
    if row.get("area"):
        return None
    aliases = row.get("aliases")
    return (
        row["site"],
        row["operator"],
        row["host"],
        row["presence"],
        row["status"],
        row["change"],
        row.get("change_text"),
        row["label"],
        row["label_direction"],
        row["location_precision"],
        row["location_note"],
        tuple(aliases) if aliases else None,
        x,
        y,
        *map(id, row["periods"]),
    )


def _cached_json(styled, meta: dict, rows: list[dict], cache: dict) -> str | None:
    """:func:`collection_json` with each feature taken from ``cache`` where
    it was encoded before (the same bytes: a list encodes as its items
    joined); None if a feature holds the placeholder itself.

    An entry holds a feature's text, its periods (kept alive, see
    :func:`_feature_key`), its style key and its :func:`_dot`. The page's
    text is joined once: it may weigh tens of megabytes.
    """
    import numpy as np

    styles: dict[str, dict] = {}
    slot = script_json(_SLOT)
    xs = np.round(styled.geometry.x.to_numpy(), 6).tolist()
    ys = np.round(styled.geometry.y.to_numpy(), 6).tolist()
    passed = [c for c in PASSED if c in styled.columns]
    out: list[str | None] = []
    dots: list[tuple | None] = []
    missed: list[tuple[int, tuple | None, dict]] = []
    for row, x, y in zip(rows, xs, ys, strict=True):
        key = _feature_key(row, x, y)
        hit = cache.get(key) if key is not None else None
        if hit is None:
            props = feature_properties(row, passed)
            props["periods"] = _SLOT
            missed.append((len(out), key, point_feature(props, x, y)))
            out.append(None)
            dots.append(None)
            skey = style_key(row)
        else:
            out.append(hit[0])
            dots.append(hit[3])
            skey = hit[2]
        if skey not in styles:
            styles[skey] = row["marker"]
    if missed:  # encoded in one call, cut where each feature's periods go
        parts = script_json([f for _, _, f in missed]).split(slot)
        if len(parts) != len(missed) + 1:
            return None  # the placeholder is in the data itself
        heads = [parts[0][1:], *(p[3:] for p in parts[1:-1])]  # "[", "}},"
        for (i, key, _), head in zip(missed, heads, strict=True):
            row = rows[i]
            periods = row["periods"]
            text = head + _periods_json(periods) + "}}"
            out[i], dots[i] = text, _dot(row)
            if key is not None:
                if len(cache) >= _PERIODS_LIMIT:
                    cache.clear()
                cache[key] = (text, periods, style_key(row), dots[i])
    dotted = _dots(rows, zip(xs, ys, strict=True), dots)
    head = script_json(
        {
            "type": "FeatureCollection",
            "basemap": collection_meta(meta, styles, styled, dotted),
        }
    )
    # one join of the whole text: the first feature carries the head, the
    # last the closing brackets
    out[0] = f'{head[:-1]},"features":[{out[0]}'
    out[-1] = f"{out[-1]}]}}"
    return ",".join(out)


def collection_json(
    styled: geopandas.GeoDataFrame, meta: dict, rows: list[dict] | None = None
) -> str:
    """:func:`feature_collection`, encoded for the page by
    :func:`basemap.render.assets.script_json`; within :func:`reused_features`,
    each feature is taken from the features encoded before (the same bytes).

    Outside the block, the collection is encoded in one call: in one buffer,
    freed whole, where encoding each feature's periods apart, and joining
    them, left the heap half a gigabyte larger at 100,000 sites, and was
    no faster.

    >>> from basemap.render.assets import script_json
    >>> from basemap.pipeline import presences
    >>> styled = presences(year=2005)
    >>> collection_json(styled, {"when": "2005"}) == script_json(
    ...     feature_collection(styled, {"when": "2005"}))
    True
    """
    rows = records(styled) if rows is None else rows
    if _FEATURES is not None and rows:
        text = _cached_json(styled, meta, rows, _FEATURES)
        if text is not None:
            return text
    return script_json(feature_collection(styled, meta, rows))


def describe(row) -> str:
    """One line of text saying what a styled row shows (the text list)."""
    period = row["periods"][-1]
    start, end = row["periods"][0]["start"], period["end"]
    span = f"since {start}" if end is None else f"{start} to {end}"
    text = (
        f"{row['name']} ({row['host_name']}): {row['operator_name']}, "
        f"{row['kind']}, {span}"
    )
    if row["presence"] == "uncertain":
        text += " (uncertain at this time)"
    if row["status"] == "reported":  # not confirmed: say so in the text too
        text += f" ({STATUS_WORDS['reported']})"
    words = change_phrase(row)
    if words:
        text += f"; {words} at this time"
    return text


def change_phrase(row) -> str:
    """The row's change as :func:`basemap.styling.symbols.change_text` words it."""
    words = row.get("change_text")
    if words is None:
        return change_words(row["change"], row["status"]) if row["change"] else ""
    return words


def _area_km2(area: dict) -> int:
    """An outline's geodesic area in km², rounded (:func:`basemap.geo.areas.area_km2`),
    once per outline (every year of an export shows the same ones)."""
    key = json.dumps(area, sort_keys=True)
    if key not in _AREA_KM2:
        _AREA_KM2[key] = round(area_km2(area))
    return _AREA_KM2[key]


_AREA_KM2: dict[str, int] = {}
