"""Geodesic distances and reach on the WGS84 ellipsoid, with pyproj.

Flat functions, shapely-2 style: each takes longitudes and latitudes in
degrees (WGS84, as the layers hold them) and returns kilometres.

* :func:`distance_km`: the geodesic distance between points (scalars or
  arrays, broadcast like numpy), by :meth:`pyproj.Geod.inv` (Karney's
  algorithm: exact to a few nanometres on the ellipsoid);
* :func:`nearest_capital`: the nearest capital of the bundled base map's
  names (``geodata/places.geojson``, kind ``capital``; their points are
  rounded to 0.01 degree, about 1 km);
* :func:`range_ring`: a geodesic circle around a site, by
  :meth:`pyproj.Geod.fwd` (not a planar circle: every point is at the
  radius along the ellipsoid);
* :func:`site_distances` and :func:`site_matrix`: the figures a page
  embeds for its popups and its measuring tool (the distance to the
  border from :mod:`basemap.geo.borders`).

Examples
--------
>>> round(distance_km(74.84639, 42.85306, 74.4775, 43.06139), 1)  # Kant-Manas
38.0
>>> name, km = nearest_capital(74.84639, 42.85306)  # Kant
>>> name, round(km)
('Bishkek', 21)
>>> ring = range_ring(74.84639, 42.85306, 380, n=8)
>>> len(ring), ring[0] == ring[-1]
(9, True)
>>> [round(distance_km(74.84639, 42.85306, lon, lat), 6) for lon, lat in ring[:2]]
[380.0, 380.0]
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import OptionError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "ELLIPSOID",
    "distance_km",
    "nearest_capital",
    "range_ring",
    "site_distances",
    "site_matrix",
]

#: The ellipsoid of every distance (the layers' coordinates are WGS84).
ELLIPSOID = "WGS84"
#: Decimals of the kilometres a page embeds (0.1 km, the data's accuracy).
_KM_DECIMALS = 1


@cache
def _geod():
    from pyproj import Geod

    return Geod(ellps=ELLIPSOID)


def _check_lonlat(lon, lat) -> None:
    import numpy as np

    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if not (np.isfinite(lon).all() and np.isfinite(lat).all()):
        raise OptionError("coordinates must be finite numbers (degrees)")
    if (np.abs(lat) > 90).any():
        raise OptionError("latitude must lie between -90 and 90 degrees")


def distance_km(
    lon1: npt.ArrayLike, lat1: npt.ArrayLike, lon2: npt.ArrayLike, lat2: npt.ArrayLike
) -> float | np.ndarray:
    """The geodesic distance between two points on the WGS84 ellipsoid, in km.

    Parameters
    ----------
    lon1, lat1, lon2, lat2 : float or array-like
        Degrees; arrays are broadcast against each other (numpy rules).

    Returns
    -------
    float or numpy.ndarray
        A float for scalar inputs, else an array of the broadcast shape.

    Raises
    ------
    OptionError
        For a coordinate that is not finite or a latitude beyond 90 degrees.

    Examples
    --------
    >>> round(distance_km(0, 0, 1, 0), 3)  # one degree along the equator
    111.319
    >>> distance_km(0, 0, [0, 1], [1, 0]).round(3).tolist()
    [110.574, 111.319]
    """
    import numpy as np

    arrays = np.broadcast_arrays(
        *(np.asarray(v, dtype=float) for v in (lon1, lat1, lon2, lat2))
    )
    _check_lonlat(arrays[0], arrays[1])
    _check_lonlat(arrays[2], arrays[3])
    shape = arrays[0].shape
    flat = [np.ascontiguousarray(a).ravel() for a in arrays]
    _, _, metres = _geod().inv(*flat)
    km = np.abs(np.asarray(metres, dtype=float)).reshape(shape) / 1000.0
    return float(km) if km.ndim == 0 else km


@cache
def _capitals() -> tuple[tuple[str, ...], Any, Any]:
    import numpy as np

    from .places import place_names

    found = place_names("capital")
    return (
        tuple(p["name"] for p in found),
        np.array([p["lon"] for p in found], dtype=float),
        np.array([p["lat"] for p in found], dtype=float),
    )


def nearest_capital(lon: float, lat: float) -> tuple[str, float]:
    """The nearest capital of the bundled base map and its distance in km.

    The capitals are the names of kind ``capital`` in
    ``geodata/places.geojson`` (see :func:`basemap.geo.places.place_names`):
    those of Central Asia and its neighbours. A tie goes to the capital
    listed first (by rank, then name).

    Examples
    --------
    >>> name, km = nearest_capital(68.825, 38.5433)  # Dushanbe airport
    >>> name, round(km, 1)
    ('Dushanbe', 3.9)
    """
    import numpy as np

    names, lons, lats = _capitals()
    if not names:
        raise OptionError("the bundled places hold no capital")
    km = distance_km(lon, lat, lons, lats)
    i = int(np.argmin(km))
    return names[i], float(km[i])


def range_ring(
    lon: float, lat: float, radius_km: float, n: int = 128
) -> list[list[float]]:
    """A geodesic circle around a point: ``n`` points at ``radius_km``, closed.

    Each point is :meth:`pyproj.Geod.fwd` from the centre at an azimuth of
    ``360 * i / n`` degrees (clockwise from north); the first point is
    repeated at the end, so the list is a closed GeoJSON ring. Longitudes
    are unwrapped along the ring (a ring across the antimeridian runs on
    past 180 instead of jumping to -180), as Leaflet draws them; a ring
    around a pole, or wider than half the globe, is returned as computed,
    without error.

    Raises
    ------
    OptionError
        When ``radius_km`` is not a positive finite number, ``n`` is under 3,
        or the centre is not a valid point.

    Examples
    --------
    >>> ring = range_ring(179.9, 0, 100, n=4)
    >>> [round(lon, 3) for lon, lat in ring]
    [179.9, 180.798, 179.9, 179.002, 179.9]
    """
    import numpy as np

    _check_lonlat(lon, lat)
    if isinstance(radius_km, bool) or not isinstance(radius_km, int | float):
        raise OptionError(f"radius must be a number of km, not {radius_km!r}")
    if not math.isfinite(radius_km) or radius_km <= 0:
        raise OptionError(f"radius must be a positive number of km, not {radius_km!r}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        raise OptionError(f"a ring needs at least 3 points, not {n!r}")
    azimuths = np.arange(n, dtype=float) * (360.0 / n)
    lons, lats, _ = _geod().fwd(
        np.full(n, float(lon)),
        np.full(n, float(lat)),
        azimuths,
        np.full(n, float(radius_km) * 1000.0),
    )
    lons = np.rad2deg(np.unwrap(np.deg2rad(np.asarray(lons, dtype=float))))
    # keep the ring beside its centre (unwrap starts from the first point)
    lons += 360.0 * np.round((float(lon) - lons[0]) / 360.0)
    points = [[float(x), float(y)] for x, y in zip(lons, lats, strict=True)]
    return [*points, list(points[0])]


def _rows(rows) -> list[dict]:
    """(key, site, host, lon, lat) dicts from a selection (a GeoDataFrame)
    or from mappings with ``lon``/``lat`` or a shapely ``geometry``."""
    out = []
    if hasattr(rows, "geometry") and hasattr(rows, "columns"):
        xs, ys = rows.geometry.x.to_numpy(), rows.geometry.y.to_numpy()
        for key, site, host, x, y in zip(
            rows["key"], rows["site"], rows["host"], xs, ys, strict=True
        ):
            out.append({"key": key, "site": site, "host": host, "lon": x, "lat": y})
        return out
    for row in rows:
        if not isinstance(row, Mapping):
            raise OptionError("a row is a mapping with key, host, and lon/lat")
        if "lon" in row and "lat" in row:
            lon, lat = row["lon"], row["lat"]
        else:
            lon, lat = row["geometry"].x, row["geometry"].y
        key = row.get("key") or f"{row['site']}/{row['operator']}"
        site = row.get("site") or key.split("/")[0]
        out.append(
            {"key": key, "site": site, "host": row["host"], "lon": lon, "lat": lat}
        )
    return out


def site_distances(rows: Iterable[Mapping] | Any) -> dict[str, dict[str, Any]]:
    """Per site and operator, the nearest capital and the nearest border.

    Parameters
    ----------
    rows : GeoDataFrame or iterable of mappings
        A selection (:func:`basemap.selection.sites.select` or a styled one), or
        rows with ``key`` (or ``site`` and ``operator``), ``host`` and
        ``lon``/``lat`` (or a shapely point ``geometry``).

    Returns
    -------
    dict
        ``{key: {"capital": name, "capital_km": km, "border_km": km}}``,
        sorted by key, the kilometres rounded to 0.1 (geodesic, WGS84; the
        border is the host's land border, see
        :func:`basemap.geo.borders.nearest_border_km`;
        None for a host the boundaries do not hold). The same rows give the
        same dict. Vectorised: 10,000 sites take about a second.

    Examples
    --------
    >>> from basemap.pipeline import presences
    >>> figures = site_distances(presences(year=2005))
    >>> figures["kant/RUS"]["capital"], figures["kant/RUS"]["capital_km"]
    ('Bishkek', 21.0)
    """
    import numpy as np

    from .borders import _shapes, border_distances_km

    found = _rows(rows)
    if not found:
        return {}
    lons = np.array([float(r["lon"]) for r in found])
    lats = np.array([float(r["lat"]) for r in found])
    names, cap_lons, cap_lats = _capitals()
    to_capitals = distance_km(lons[:, None], lats[:, None], cap_lons, cap_lats)
    nearest = np.argmin(to_capitals, axis=1)
    border = np.full(len(found), np.nan)
    hosts = np.array([r["host"] for r in found], dtype=object)
    for host in sorted(set(hosts) & set(_shapes())):
        at = np.flatnonzero(hosts == host)
        border[at] = border_distances_km(lons[at], lats[at], host)
    out = {}
    for i, row in enumerate(found):
        out[row["key"]] = {
            "capital": names[nearest[i]],
            "capital_km": round(float(to_capitals[i, nearest[i]]), _KM_DECIMALS),
            "border_km": None
            if math.isnan(border[i])
            else round(float(border[i]), _KM_DECIMALS),
        }
    return dict(sorted(out.items()))


def site_matrix(rows: Iterable[Mapping] | Any) -> dict[str, list]:
    """Geodesic distances between every two sites of a selection, for a
    measuring tool that needs no geodesy of its own in the page.

    Returns
    -------
    dict
        ``{"sites": [site, ...], "km": [[...], ...]}``: the sites sorted, and
        a symmetric matrix of kilometres rounded to 0.1 (zero on the
        diagonal). A site is measured at the point of its first row.

    Examples
    --------
    >>> from basemap.pipeline import presences
    >>> m = site_matrix(presences(year=2005))
    >>> i, j = m["sites"].index("kant"), m["sites"].index("manas")
    >>> m["km"][i][j], m["km"][j][i]
    (38.0, 38.0)
    """
    import numpy as np

    points: dict[str, tuple[float, float]] = {}
    for row in _rows(rows):
        points.setdefault(row["site"], (float(row["lon"]), float(row["lat"])))
    sites = sorted(points)
    if not sites:
        return {"sites": [], "km": []}
    lons = np.array([points[s][0] for s in sites])
    lats = np.array([points[s][1] for s in sites])
    km = distance_km(lons[:, None], lats[:, None], lons[None, :], lats[None, :])
    km = np.round(np.maximum(km, km.T), _KM_DECIMALS)  # exactly symmetric
    return {"sites": sites, "km": km.tolist()}
