"""Sites that are areas: a range, a test site, a lease.

A feature whose geometry is a Polygon or MultiPolygon is drawn as that area,
with its marker at the feature's ``anchor`` (a point inside the area: its
headquarters, or the town it is named after). Everything downstream of
reading uses the anchor as the site's point, so labels, distances and
figures treat an area like any other site; the area itself travels in the
``area`` column and is drawn under the marker.

>>> square = {"type": "Polygon",
...           "coordinates": [[[63, 45], [64, 45], [64, 46], [63, 46], [63, 45]]]}
>>> problems, found = check_area(square, [63.3, 45.6])
>>> problems
[]
>>> found[0]
(63.3, 45.6)
>>> round(area_km2(square))
8686
"""

from __future__ import annotations

import math
from typing import Any

from .geodesy import geod, geodesic_m

__all__ = ["AREA_TYPES", "area_km2", "check_area", "round_area"]

#: The geometry types of a site drawn as an area.
AREA_TYPES = ("Polygon", "MultiPolygon")


def _finite_pairs(coords: Any, depth: int) -> bool:
    """Whether ``coords`` nests ``depth`` levels of lists down to [lon, lat]
    pairs of finite numbers within range."""
    if not isinstance(coords, list) or not coords:
        return False
    if depth == 0:
        return (
            len(coords) in (2, 3)
            and all(
                isinstance(c, int | float) and not isinstance(c, bool) for c in coords
            )
            and all(math.isfinite(c) for c in coords)
            and -180 <= coords[0] <= 180
            and -90 <= coords[1] <= 90
        )
    return all(_finite_pairs(c, depth - 1) for c in coords)


def check_area(geom: dict, anchor: Any) -> tuple[list[tuple[str, str, str]], Any]:
    """Check the geometry of a site drawn as an area, and its anchor.

    Parameters
    ----------
    geom : dict
        The feature's GeoJSON geometry, a Polygon or a MultiPolygon.
    anchor : list or None
        The feature's ``anchor`` property, [longitude, latitude].

    Returns
    -------
    (problems, found)
        ``problems`` lists ``(property, message, hint)``; ``found`` is
        ``((lon, lat), area)``, the anchor and the area as GeoJSON (only
        ``type`` and ``coordinates``), or None when there is a problem.

    Examples
    --------
    >>> bow = {"type": "Polygon",
    ...        "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    >>> check_area(bow, [0.5, 0.2])[0][0][:2]
    ('geometry', 'not a valid Polygon: Self-intersection[0.5 0.5]')
    >>> square = {"type": "Polygon",
    ...           "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> check_area(square, [2, 2])[0][0][1]
    '[2.0, 2.0] lies outside the area, 156.9 km from it'
    >>> check_area(square, None)[0][0][0]
    'anchor'
    """
    kind = geom["type"]
    depth = 2 if kind == "Polygon" else 3
    coords = geom.get("coordinates")
    if not _finite_pairs(coords, depth):
        return [
            (
                "geometry.coordinates",
                f"not a {kind}'s rings of [longitude, latitude] numbers in range",
                "write a list of rings, each a closed list of [lon, lat] "
                "positions; a MultiPolygon is a list of those; see RFC 7946, "
                "section 3.1.6",
            )
        ], None
    if not isinstance(anchor, list) or len(anchor) != 2 or not _finite_pairs(anchor, 0):
        return [
            (
                "anchor",
                "missing"
                if anchor is None
                else f"not [longitude, latitude] in range ({anchor!r:.60})",
                'add "anchor": [lon, lat], the point of the marker inside the '
                "area: its headquarters or main town",
            )
        ], None
    from shapely.geometry import Point, shape
    from shapely.validation import explain_validity

    try:
        area = shape({"type": kind, "coordinates": coords})
    except (ValueError, TypeError, IndexError) as err:  # e.g. a ring of 2 points
        return [
            (
                "geometry",
                f"not a valid {kind}: {err}",
                "every ring needs at least 4 positions, the last equal to the first",
            )
        ], None
    if not area.is_valid:
        return [
            (
                "geometry",
                f"not a valid {kind}: {explain_validity(area)}",
                "rings must not cross themselves or each other; QGIS's Check "
                "Validity tool shows where",
            )
        ], None
    lon, lat = float(anchor[0]), float(anchor[1])
    point = Point(lon, lat)
    if not area.covers(point):
        from shapely.ops import nearest_points

        near = nearest_points(area, point)[0]
        km = geodesic_m(lon, lat, near.x, near.y) / 1000
        return [
            (
                "anchor",
                f"[{lon}, {lat}] lies outside the area, {km:.1f} km from it",
                "put the anchor inside the area, or check the outline",
            )
        ], None
    return [], ((lon, lat), {"type": kind, "coordinates": coords})


def round_area(area: dict, digits: int = 4) -> dict:
    """The area with its coordinates rounded (to about 10 m at 4 digits),
    for pages that embed it.

    >>> round_area({"type": "Polygon", "coordinates": [[[1.23456, 2.0],
    ...     [1.5, 2.0], [1.5, 2.5], [1.23456, 2.0]]]}, 2)["coordinates"]
    [[[1.23, 2.0], [1.5, 2.0], [1.5, 2.5], [1.23, 2.0]]]
    """

    def walk(c):
        if isinstance(c[0], list):
            return [walk(x) for x in c]
        return [round(c[0], digits), round(c[1], digits)]

    return {"type": area["type"], "coordinates": walk(area["coordinates"])}


def area_km2(area: dict) -> float:
    """The geodesic area in km² (on the WGS84 ellipsoid, with pyproj).

    >>> square = {"type": "Polygon",
    ...           "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    >>> round(area_km2(square))
    12309
    """
    from shapely.geometry import shape

    geom = shape(area)
    value, _ = geod().geometry_area_perimeter(geom)
    return abs(value) / 1e6
