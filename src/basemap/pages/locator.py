"""The locator map of a site page: the borders around the site, the site.

Pure SVG from the bundled borders, places and water, with no browser: the
same data gives the same bytes; text measured as in :mod:`basemap.pages.svg`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..codes import HOSTS
from .svg import INK, MUTED, num, ring_paths, svg_document, svg_text, text_width

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .history import SiteHistory

__all__ = ["locator_svg", "locator_svgs"]

#: The region an inset shows (lon, lat), the five host states' frame.
_REGION = (46.0, 35.0, 88.0, 56.0)


def _kept(cache: dict, document) -> dict:
    """``cache``, for ``document``: emptied when another one comes (one
    document at a time, the bundled ones, which are read-only)."""
    if cache.get("of") is not document:
        cache.clear()
        cache["of"] = document
    return cache


_SHAPES: dict = {}


def _shapes(boundaries: dict) -> list[tuple[dict, object, object]]:
    """(properties, geometry, the region's simplified geometry) of each
    border feature, made once per boundaries document."""
    import shapely
    from shapely.geometry import shape

    kept = _kept(_SHAPES, boundaries)
    if "shapes" not in kept:
        out = []
        for feature in boundaries.get("features", []):
            geom = shape(feature["geometry"])
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            region = shapely.clip_by_rect(geom.simplify(0.15), *_REGION)
            out.append((feature["properties"], geom, region))
        kept["shapes"] = out
    return kept["shapes"]


_WATER: dict = {}


def _water(water: dict | None) -> list:
    """The shapes of the water features, made once per document (as
    :func:`_shapes`)."""
    from shapely.geometry import shape

    if not water:
        return []
    kept = _kept(_WATER, water)
    if "shapes" not in kept:
        kept["shapes"] = [shape(f["geometry"]) for f in water.get("features", [])]
    return kept["shapes"]


#: The states of an inset, by (host, frame), for one boundaries document.
_INSETS: dict = {}


def _inset(site, boundaries: dict, box, x0: float, y0: float, w: float, h: float):
    """An overview in a corner: the host states, the locator's box in red."""
    lon0, lat0, lon1, lat1 = _REGION
    k = min(w / ((lon1 - lon0) * 0.7), h / (lat1 - lat0))

    def project(lon, lat):
        return x0 + (lon - lon0) * 0.7 * k, y0 + (lat1 - lat) * k

    def path(geom) -> str:
        out = []
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            pts, last = [], None
            for lon, lat in poly.exterior.coords:
                pt = tuple(num(v) for v in project(lon, lat))
                if pt != last:
                    pts.append(f"{pt[0]} {pt[1]}")
                    last = pt
            if len(pts) > 3:
                out.append("M" + "L".join(pts) + "Z")
        return "".join(out)

    # the states are the same in every inset of a host: drawn once
    kept = _kept(_INSETS, boundaries)
    key = (site.host, x0, y0, w, h)
    if key not in kept:
        states = []
        for props, _, geom in _shapes(boundaries):
            code = props.get("iso_a3")
            if code in HOSTS and (d := path(geom)):
                fill = "#E3D9BF" if code == site.host else "#F4EFE1"
                states.append(
                    f'<path d="{d}" fill="{fill}" stroke="#8C959F" stroke-width="0.5"/>'
                )
        kept[key] = "".join(states)
    states = kept[key]
    parts = [
        f'<rect x="{num(x0)}" y="{num(y0)}" width="{num(w)}" height="{num(h)}" '
        'fill="#FFFFFF" stroke="#8C959F"/>',
        states,
    ]
    bx0, by0 = project(max(box[0], lon0), min(box[3], lat1))
    bx1, by1 = project(min(box[2], lon1), max(box[1], lat0))
    parts.append(
        f'<rect x="{num(bx0)}" y="{num(by0)}" width="{num(max(bx1 - bx0, 2))}" '
        f'height="{num(max(by1 - by0, 2))}" fill="none" stroke="#CF222E" '
        'stroke-width="1.5"/>'
    )
    return '<g class="bm-inset">' + "".join(parts) + "</g>"


def _frame(site: SiteHistory, width: float, height: float, span: float):
    """The box a site's locator shows (lon0, lat0, lon1, lat1), its scale
    (px per degree of latitude), the cosine of its latitude and its area's
    outline (a shapely geometry) or None."""
    from shapely.geometry import shape

    outline = shape(site.area) if site.area else None
    if outline is not None:  # room for the whole area around its anchor
        x0, y0, x1, y1 = outline.bounds
        reach = max(site.lat - y0, y1 - site.lat)
        wide = max(site.lon - x0, x1 - site.lon) * math.cos(math.radians(site.lat))
        span = max(span, 1.15 * reach, 1.15 * wide * height / width)
    k = (height / 2) / span
    cos = math.cos(math.radians(site.lat))
    half_lon = (width / 2) / (k * cos)
    box = (site.lon - half_lon, site.lat - span, site.lon + half_lon, site.lat + span)
    return box, k, cos, outline


def _clip(geom, boxes):
    """``geom`` clipped to each box (rows lon0, lat0, lon1, lat1), in one
    call where shapely's ufunc allows it (the same GEOS clip per box)."""
    import numpy as np
    import shapely

    clip = getattr(shapely.lib, "clip_by_rect", None)
    if isinstance(clip, np.ufunc):
        return clip(geom, boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
    out = np.empty(len(boxes), dtype=object)
    out[:] = [shapely.clip_by_rect(geom, *box) for box in boxes.tolist()]
    return out


def _paths(geoms, owner, frame, width: float, height: float) -> list[str]:
    """The SVG path data of each geometry: its polygons' rings (nothing of
    its lines or points), projected as the locator of site ``owner[i]``,
    whose ``frame`` is (lon, lat, cos, k) arrays by site; "" for a geometry
    with no polygon."""
    import numpy as np
    import shapely

    lon, lat, cos, k = frame
    parts, part_of = shapely.get_parts(geoms, return_index=True)
    keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    parts, part_of = parts[keep], part_of[keep]
    rings, ring_of = shapely.get_rings(parts, return_index=True)
    ring_geom = part_of[ring_of]  # rising: the rings in their geometries' order
    xy, point_ring = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(point_ring, minlength=len(rings))
    starts = np.zeros(len(rings) + 1, dtype=np.int64)
    np.cumsum(counts, out=starts[1:])
    who = np.repeat(np.asarray(owner)[ring_geom], counts)
    # the projection of locator_svg, the same operations in the same order
    xs = width / 2 + (xy[:, 0] - lon[who]) * cos[who] * k[who]
    ys = height / 2 - (xy[:, 1] - lat[who]) * k[who]
    text, at = ring_paths(xs, ys, starts)
    index = np.arange(len(geoms))
    lo = np.searchsorted(ring_geom, index, "left").tolist()
    hi = np.searchsorted(ring_geom, index, "right").tolist()
    return [text[at[a] : at[b]] for a, b in zip(lo, hi, strict=True)]


def _bounds(kept: dict, geoms: list) -> object:
    """The bounds of ``geoms`` as an (n, 4) array, kept in ``kept``."""
    import numpy as np
    import shapely

    if "bounds" not in kept:
        kept["bounds"] = shapely.bounds(np.array(geoms, dtype=object)).reshape(-1, 4)
    return kept["bounds"]


def _meeting(bounds, boxes):
    """The boxes (rows lon0, lat0, lon1, lat1) that ``bounds`` (x0, y0,
    x1, y1) meet, as an index array."""
    import numpy as np

    x0, y0, x1, y1 = bounds
    return np.flatnonzero(
        (x0 <= boxes[:, 2])
        & (boxes[:, 0] <= x1)
        & (y0 <= boxes[:, 3])
        & (boxes[:, 1] <= y1)
    )


def locator_svg(
    site: SiteHistory,
    boundaries: dict,
    places: Sequence[dict] = (),
    *,
    water: dict | None = None,
    width: float = 320,
    height: float = 240,
    span: float = 2.5,
) -> str:
    """A small locator map: the borders around the site, the site as a dot.

    The borders (a GeoJSON FeatureCollection, the bundled Natural Earth
    ones) are clipped to a box ``span`` degrees of latitude either side of
    the site and projected equirectangularly, longitude scaled by the
    cosine of the site's latitude. A few ``places`` (dicts with ``name``,
    ``kind``, ``lon``, ``lat``, as :func:`basemap.geo.places.place_names`) are
    named where they fit; ``water`` (a FeatureCollection of seas and lakes)
    is drawn over the land. A site that is an area (``site.area``) is drawn
    as its outline too, in its operator's colour, the box widened to hold it.
    """
    return locator_svgs(
        [site], boundaries, places, water=water, width=width, height=height, span=span
    )[0]


def locator_svgs(
    sites: Sequence[SiteHistory],
    boundaries: dict,
    places: Sequence[dict] = (),
    *,
    water: dict | None = None,
    width: float = 320,
    height: float = 240,
    span: float = 2.5,
) -> list[str]:
    """The locator maps of many sites, as :func:`locator_svg` makes each
    (the same bytes), made together: each border is clipped to all the
    boxes it meets at once and every number is formatted in bulk.

    >>> from basemap.resources import load_boundaries
    >>> from basemap.pages.history import site_histories
    >>> from basemap.io.layers import read_layers
    >>> sites = site_histories(read_layers())[:3]
    >>> maps = locator_svgs(sites, load_boundaries())
    >>> maps == [locator_svg(s, load_boundaries()) for s in sites]
    True
    """
    import numpy as np

    sites = list(sites)
    n = len(sites)
    if not n:
        return []
    frames = [_frame(s, width, height, span) for s in sites]
    boxes = np.array([f[0] for f in frames], dtype=float).reshape(n, 4)
    frame = (
        np.array([s.lon for s in sites], dtype=float),
        np.array([s.lat for s in sites], dtype=float),
        np.array([f[2] for f in frames], dtype=float),
        np.array([f[1] for f in frames], dtype=float),
    )
    drawn: list[list[str]] = [[] for _ in sites]
    shapes = _shapes(boundaries)
    bounds = _bounds(_kept(_SHAPES, boundaries), [g for _, g, _ in shapes])
    for (props, geom, _), box in zip(shapes, bounds.tolist(), strict=True):
        meeting = _meeting(box, boxes)  # nothing of it in a box: nothing drawn
        if not len(meeting):
            continue
        paths = _paths(_clip(geom, boxes[meeting]), meeting, frame, width, height)
        code = props.get("iso_a3")
        for i, d in zip(meeting.tolist(), paths, strict=True):
            if d:
                fill = "#F4EFE1" if code == sites[i].host else "#FBFAF6"
                drawn[i].append(
                    f'<path d="{d}" fill="{fill}" '
                    f'stroke="#8C959F" stroke-width="0.8" stroke-linejoin="round"/>'
                )
    seas = _water(water)
    if seas:
        sea_bounds = _bounds(_kept(_WATER, water), seas)
        for geom, box in zip(seas, sea_bounds.tolist(), strict=True):
            meeting = _meeting(box, boxes)
            if not len(meeting):
                continue
            paths = _paths(_clip(geom, boxes[meeting]), meeting, frame, width, height)
            for i, d in zip(meeting.tolist(), paths, strict=True):
                if d:
                    drawn[i].append(
                        f'<path d="{d}" fill="#DCE9F2" stroke="#9DB7CC" '
                        'stroke-width="0.6"/>'
                    )
    areas = [i for i, f in enumerate(frames) if f[3] is not None]
    if areas:
        outlines = np.empty(len(areas), dtype=object)
        outlines[:] = [frames[i][3] for i in areas]
        for i, d in zip(
            areas, _paths(outlines, areas, frame, width, height), strict=True
        ):
            color = sites[i].rows[-1].color if sites[i].rows else "#57606A"
            drawn[i].append(
                f'<path class="bm-area" d="{d}" fill="{color}" '
                f'fill-opacity="0.15" stroke="{color}" stroke-width="1.2" '
                'stroke-linejoin="round"/>'
            )
    places = list(places)
    near: list[list[int]] = [[] for _ in sites]
    if places:  # the places inside each box, in their order
        lon = np.array([p["lon"] for p in places], dtype=float)
        lat = np.array([p["lat"] for p in places], dtype=float)
        inside = (
            (boxes[:, :1] < lon)
            & (lon < boxes[:, 2:3])
            & (boxes[:, 1:2] < lat)
            & (lat < boxes[:, 3:4])
        )
        rows, cols = np.nonzero(inside)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            near[i].append(j)
    named = [  # what a place's name needs, measured once for all the sites
        (
            p["lon"],
            p["lat"],
            p["name"],
            12 if p["kind"] == "country" else 11,
            text_width(p["name"], 12 if p["kind"] == "country" else 11),
            p["kind"] in ("capital", "city"),
            "#8C959F" if p["kind"] == "country" else MUTED,
        )
        for p in places
    ]
    return [
        _locator(
            site,
            frames[i],
            drawn[i],
            [named[j] for j in near[i]],
            boundaries,
            width,
            height,
        )
        for i, site in enumerate(sites)
    ]


def _locator(
    site: SiteHistory,
    frame,
    drawn: list[str],
    places: list[dict],
    boundaries: dict,
    width: float,
    height: float,
) -> str:
    """One locator map: its borders, water and area ``drawn``, then the
    names of the places in its box where they fit (``places``: lon, lat,
    name, size, width, whether a town with a dot, fill), the site, the
    inset, the scale."""
    box, k, cos, _ = frame

    def project(lon, lat):
        return (
            width / 2 + (lon - site.lon) * cos * k,
            height / 2 - (lat - site.lat) * k,
        )

    parts = [f'<rect width="{num(width)}" height="{num(height)}" fill="#DCE9F2"/>']
    parts += drawn
    sx, sy = project(site.lon, site.lat)
    inset_w, inset_h = 100.0, 68.0
    ix, iy = width - inset_w - 4, height - inset_h - 4
    taken = [(sx - 8, sy - 8, sx + 8, sy + 8), (ix - 4, iy - 4, width, height)]
    label_size = 13
    name_w = text_width(site.name, label_size, bold=True)
    if sx + 10 + name_w <= width - 4:  # right of the dot
        lx, ly = sx + 10, sy + 4.5
    else:  # under it, centred, inside the frame
        lx, ly = min(max(sx - name_w / 2, 4), width - 4 - name_w), sy + 22
    taken.append((lx - 3, ly - label_size - 1, lx + name_w + 3, ly + 4))

    right, bottom = width - 2, height - 20  # inside, above the scale bar

    def free(rect) -> bool:
        x0, y0, x1, y1 = rect
        if not (x0 >= 2 and y0 >= 2 and x1 <= right and y1 <= bottom):
            return False
        return all(x1 < r[0] or x0 > r[2] or y1 < r[1] or y0 > r[3] for r in taken)

    names = []
    for lon, lat, name, size, w, dot, fill in places:
        px, py = project(lon, lat)
        # a town's name right or left of its dot; a country's centred on its point
        starts = [px + 5, px - 5 - w] if dot else [px - w / 2]
        ty = py + 4
        for tx in starts:
            rect = (tx - 2, ty - size, tx + w + 2, ty + 4)
            if free(rect) and (not dot or free((px - 3, py - 3, px + 3, py + 3))):
                break
        else:
            continue
        taken.append(rect)
        if dot:
            taken.append((px - 3, py - 3, px + 3, py + 3))
            names.append(
                f'<circle cx="{num(px)}" cy="{num(py)}" r="2" fill="{MUTED}"/>'
            )
        names.append(svg_text(tx, ty, name, size, fill=fill))
        if len(names) >= 14:
            break
    parts += names
    color = site.rows[0].color if site.rows else INK
    parts.append(
        f'<circle cx="{num(sx)}" cy="{num(sy)}" r="6" fill="{color}" '
        'stroke="#FFFFFF" stroke-width="2"/>'
    )
    parts.append(svg_text(lx, ly, site.name, label_size, bold=True, halo=True))
    parts.append(_inset(site, boundaries, box, ix, iy, inset_w, inset_h))
    km = 100 if k * 100 / 111.32 < width / 3 else 50
    bar_w = k * km / 111.32
    parts.append(
        f'<path d="M8 {num(height - 12)}h{num(bar_w)}" stroke="{INK}" '
        'stroke-width="2"/>'
    )
    parts.append(svg_text(8 + bar_w + 5, height - 8, f"{km} km", 11, fill=INK))
    parts.append(
        f'<rect width="{num(width)}" height="{num(height)}" fill="none" '
        'stroke="#8C959F"/>'
    )
    label = f"Locator map: {site.name}, {site.host_name}"
    desc = f"{site.name} at {site.lat:.4f} N, {site.lon:.4f} E, in {site.host_name}."
    return svg_document(width, height, "".join(parts), label, desc)
