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
* :func:`geod`: the one :class:`pyproj.Geod` of the package, and
  :func:`check_lonlat`, the check of coordinates every function here makes.

What a page embeds from these (distances, the matrix, range rings) is
:mod:`basemap.render.measures`'.

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
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import OptionError
from .places import place_names

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "ELLIPSOID",
    "capital_points",
    "check_lonlat",
    "distance_km",
    "geod",
    "geodesic_m",
    "nearest_capital",
    "range_ring",
]

#: The ellipsoid of every distance (the layers' coordinates are WGS84).
ELLIPSOID = "WGS84"


@cache
def geod():
    from pyproj import Geod

    return Geod(ellps=ELLIPSOID)


def check_lonlat(lon, lat) -> None:
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
    check_lonlat(arrays[0], arrays[1])
    check_lonlat(arrays[2], arrays[3])
    shape = arrays[0].shape
    flat = [np.ascontiguousarray(a).ravel() for a in arrays]
    _, _, metres = geod().inv(*flat)
    km = np.abs(np.asarray(metres, dtype=float)).reshape(shape) / 1000.0
    return float(km) if km.ndim == 0 else km


@cache
def capital_points() -> tuple[tuple[str, ...], Any, Any]:
    import numpy as np

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

    names, lons, lats = capital_points()
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

    check_lonlat(lon, lat)
    if isinstance(radius_km, bool) or not isinstance(radius_km, int | float):
        raise OptionError(f"radius must be a number of km, not {radius_km!r}")
    if not math.isfinite(radius_km) or radius_km <= 0:
        raise OptionError(f"radius must be a positive number of km, not {radius_km!r}")
    if isinstance(n, bool) or not isinstance(n, int) or n < 3:
        raise OptionError(f"a ring needs at least 3 points, not {n!r}")
    azimuths = np.arange(n, dtype=float) * (360.0 / n)
    lons, lats, _ = geod().fwd(
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


def geodesic_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """The geodesic distance between two points on the WGS84 ellipsoid, in
    metres (one pair of scalars; :func:`distance_km` for arrays).

    >>> round(geodesic_m(74.84639, 42.85306, 74.4775, 43.06139))  # Kant-Manas
    37969
    """
    return abs(geod().inv(lon1, lat1, lon2, lat2)[2])
