"""Distances to a country's border, on the WGS84 ellipsoid.

* :func:`border_line`: the host country's land border (the edges it shares
  with a neighbour in ``geodata/boundaries.geojson``, Natural Earth 1:50m
  for the whole world; with ``coast`` the whole outline, its Caspian coast
  included), densified; :func:`has_land_border` (an island state has none);
* :func:`nearest_border_km` and :func:`border_distances_km`: the geodesic
  distance from a point, or from many points at once, to that border.

Accuracy of the border distance. The boundary is densified every 0.01
degree (about 1 km), then projected to an azimuthal equidistant projection
centred on the site (PROJ's ellipsoidal ``aeqd``, in which the distance of
every point from the centre is its geodesic distance), and shapely measures
the distance from the centre to the projected line. Against the line as
drawn, the figure is good to about 10 m; the line itself is Natural Earth
1:50m (quantised by world-atlas to about 0.004 degree), so the distance to
the real border is good to about 1 km. Every figure the page shows is rounded to 0.1 km.

Examples
--------
>>> 0 < nearest_border_km(74.84639, 42.85306, "KGZ") < 50  # Kant
True
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..errors import OptionError
from ..resources import load_boundaries
from .geodesy import ELLIPSOID, check_lonlat, geod

__all__ = [
    "DENSIFY_DEGREES",
    "border_distances_km",
    "border_line",
    "country_shapes",
    "has_land_border",
    "nearest_border_km",
]

#: Spacing of the vertices added along a boundary before it is measured.
DENSIFY_DEGREES = 0.01


@cache
def country_shapes() -> dict[str, Any]:
    from shapely.geometry import shape

    out = {}
    for i, feat in enumerate(load_boundaries()["features"]):
        code = feat["properties"].get("iso_a3") or f"#{i}"
        out[code] = shape(feat["geometry"])
    return out


def _boxes_meet(a: tuple, b: tuple) -> bool:
    """Whether two (minx, miny, maxx, maxy) boxes meet."""
    return a[0] <= b[2] and a[2] >= b[0] and a[1] <= b[3] and a[3] >= b[1]


@cache
def border_line(host: str, coast: bool = False):
    """The host country's border as a shapely (multi)line, densified.

    Without ``coast``, only the land border: the parts of the country's
    outline it shares with another country of ``geodata/boundaries.geojson``
    (whose borders are coverage-simplified, so a shared border is the same
    line in both countries). With ``coast``, the whole outline (for
    Kazakhstan and Turkmenistan, also the Caspian coast). Vertices are
    added every :data:`DENSIFY_DEGREES`.

    Raises
    ------
    OptionError
        When the boundaries hold no country of that code.

    Examples
    --------
    >>> border_line("KGZ").geom_type
    'MultiLineString'
    >>> border_line("KAZ", coast=True).length > border_line("KAZ").length
    True
    """
    import shapely

    shapes = country_shapes()
    if host not in shapes:
        known = ", ".join(sorted(c for c in shapes if not c.startswith("#")))
        raise OptionError(f"no boundary for host {host!r}: use one of {known}")
    outline = shapes[host].boundary
    if not coast:
        # only a neighbour, whose bounding box meets the host's, can share
        # a part of the outline: the union of those parts is the same line
        # as the outline's intersection with the union of every other
        # country, made in a third of the time
        x0, y0, x1, y1 = shapes[host].bounds
        shared = [
            shapely.intersection(outline, geom.boundary)
            for code, geom in shapes.items()
            if code != host and _boxes_meet(geom.bounds, (x0, y0, x1, y1))
        ]
        outline = shapely.line_merge(shapely.union_all(shared))
    return shapely.segmentize(outline, DENSIFY_DEGREES)


@cache
def _border_index(host: str, coast: bool):
    """The border's vertices (degrees), the index of each segment's first
    vertex (the second follows it), and a shapely STRtree of the segments
    drawn in an azimuthal equidistant projection centred on the country, to
    find the few segments near a point."""
    import numpy as np
    import shapely
    from pyproj import Transformer

    line = border_line(host, coast)
    if line.is_empty:
        raise OptionError(f"host {host!r} has no border to measure")
    vertices, starts, offset = [], [], 0
    for part in shapely.get_parts(line):
        xy = shapely.get_coordinates(part)
        vertices.append(xy)
        starts.append(np.arange(offset, offset + len(xy) - 1))
        offset += len(xy)
    points = np.concatenate(vertices)
    a_idx = np.concatenate(starts)
    centre = country_shapes()[host].centroid
    # the same operation as Transformer.from_crs("EPSG:4326", aeqd), written
    # as PROJ's pipeline: made in under a millisecond, not 15 ms of
    # database lookups (four hosts are a tenth of `basemap build`)
    to_plane = Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={centre.y!r} +lon_0={centre.x!r} "
        f"+ellps={ELLIPSOID}"
    )
    plane = np.column_stack(to_plane.transform(points[:, 0], points[:, 1]))
    # each segment from a vertex to the next (each vertex projected once)
    segments = shapely.linestrings(np.stack([plane[a_idx], plane[a_idx + 1]], axis=1))
    return points, a_idx, shapely.STRtree(segments), to_plane


#: The mean radius of the earth (IUGG), for the sphere used to filter.
_RADIUS_M = 6_371_008.8


def _sphere_m(lons, lats, points):
    """Great-circle distances on the mean sphere (haversine), in m."""
    import numpy as np

    lon1, lat1 = np.deg2rad(lons), np.deg2rad(lats)
    lon2, lat2 = np.deg2rad(points[:, 0]), np.deg2rad(points[:, 1])
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * _RADIUS_M * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _local(lons, lats, points):
    """Points in the azimuthal equidistant plane of each site: (x, y) in m,
    from the geodesic distance and azimuth (what PROJ's ellipsoidal aeqd
    computes)."""
    import numpy as np

    az, _, dist = geod().inv(lons, lats, points[:, 0], points[:, 1])
    az = np.deg2rad(np.asarray(az, dtype=float))
    dist = np.asarray(dist, dtype=float)
    return dist * np.sin(az), dist * np.cos(az)


def border_distances_km(lons, lats, host: str, *, coast: bool = False):
    """:func:`nearest_border_km` of many points of one host at once (arrays
    of degrees in, an array of km out).

    The few border segments that can be nearest are found in an azimuthal
    equidistant projection centred on the country (an STRtree query within
    the projection's scale error of the nearest there, plus 2 km), narrowed
    on a sphere (ends within 1.3% plus 2 km of the nearest end), then each
    is measured exactly in the site's own azimuthal equidistant plane (from
    :meth:`pyproj.Geod.inv`), and the least distance kept.

    >>> km = border_distances_km([69.225, 74.84639], [38.281, 42.85306], "KGZ")
    >>> km.round(1).tolist()
    [138.1, 11.8]
    """
    import numpy as np
    import shapely

    lons = np.atleast_1d(np.asarray(lons, dtype=float))
    lats = np.atleast_1d(np.asarray(lats, dtype=float))
    check_lonlat(lons, lats)
    if not len(lons):
        return np.zeros(0)
    vertices, first, tree, to_plane = _border_index(host, coast)
    px, py = to_plane.transform(lons, lats)
    sites = shapely.points(px, py)
    _, planar = tree.query_nearest(sites, return_distance=True, all_matches=False)
    # 1. segments that may be nearest: the projection's distances exceed the
    # true ones by at most its scale error at that distance from its centre
    reach = np.minimum(np.hypot(px, py) + planar * 1.1 + 2_000.0, 19e6)
    scale = np.where(reach > 0, (reach / _RADIUS_M) / np.sin(reach / _RADIUS_M), 1.0)
    site_i, seg_i = tree.query(
        sites, predicate="dwithin", distance=planar * scale + 2_000.0
    )
    # 2. of those, the ones whose ends are near the nearest end on a sphere
    # (within its 0.6% of the ellipsoid, and a segment's length)
    ends = np.minimum(
        *_per_vertex(_sphere_m, lons, lats, vertices, site_i, first[seg_i])
    )
    nearest_end = np.full(len(lons), np.inf)
    np.minimum.at(nearest_end, site_i, ends)
    keep = ends <= nearest_end[site_i] * 1.013 + 2_000.0
    site_i, seg_i = site_i[keep], seg_i[keep]
    # 3. each measured exactly, in the site's own plane
    (ax, ay), (bx, by) = _per_vertex(_local, lons, lats, vertices, site_i, first[seg_i])
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(length2 > 0, -(ax * dx + ay * dy) / length2, 0.0)
    t = np.clip(t, 0.0, 1.0)
    dist = np.hypot(ax + t * dx, ay + t * dy)
    best = np.full(len(lons), np.inf)
    np.minimum.at(best, site_i, dist)
    return best / 1000.0


def _per_vertex(measure, lons, lats, vertices, site_i, start_i):
    """``measure`` from each site to the two ends of each of its segments,
    computed once per (site, vertex): neighbouring segments share an end.
    Returns the values at the first ends and at the second ends."""
    import numpy as np

    n = len(vertices)
    keys = np.concatenate([site_i * n + start_i, site_i * n + start_i + 1])
    unique, back = np.unique(keys, return_inverse=True)
    sites, verts = np.divmod(unique, n)
    values = measure(lons[sites], lats[sites], vertices[verts])
    m = len(site_i)
    if isinstance(values, tuple):
        return tuple(v[back[:m]] for v in values), tuple(v[back[m:]] for v in values)
    return values[back[:m]], values[back[m:]]


def has_land_border(host: str) -> bool:
    """Whether the borders hold ``host`` with a land border (an island
    state, such as Cuba, has none: its sites have no border distance).

    >>> has_land_border("KGZ"), has_land_border("CUB"), has_land_border("XXX")
    (True, False, False)
    """
    return host in country_shapes() and not border_line(host).is_empty


def nearest_border_km(
    lon: float, lat: float, host: str, *, coast: bool = False
) -> float:
    """The geodesic distance from a point to its host country's border, in km.

    See the module's notes for the method and its accuracy (about 1 km, the
    simplification of the boundaries), and :func:`border_distances_km` for
    many points at once. The border is the land border unless ``coast``
    (see :func:`border_line`); the distance is the same inside or outside
    the country.

    Examples
    --------
    >>> round(nearest_border_km(69.225, 38.281, "TJK"))  # Okno
    77
    """
    return float(border_distances_km([lon], [lat], host, coast=coast)[0])
