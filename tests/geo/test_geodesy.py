"""Geodesic distances, nearest capital and border, range rings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from basemap.errors import OptionError
from basemap.geo.borders import nearest_border_km
from basemap.geo.geodesy import distance_km, nearest_capital, range_ring
from basemap.geo.places import place_names
from basemap.io.layers import read_layers
from basemap.render.measures import site_distances, site_matrix
from basemap.selection.sites import select

GEOD = Geod(ellps="WGS84")
lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-89.9, 89.9, allow_nan=False)
# Central Asia and around it: where the capitals and borders are
region_lons = st.floats(46, 88, allow_nan=False)
region_lats = st.floats(35, 55, allow_nan=False)


@given(lons, lats, lons, lats)
def test_distance_is_geod_inv_and_symmetric(lon1, lat1, lon2, lat2):
    expected = abs(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000
    assert distance_km(lon1, lat1, lon2, lat2) == pytest.approx(expected, abs=1e-9)
    assert distance_km(lon1, lat1, lon2, lat2) == pytest.approx(
        distance_km(lon2, lat2, lon1, lat1), rel=1e-12, abs=1e-9
    )
    assert distance_km(lon1, lat1, lon1, lat1) == 0


@given(st.lists(st.tuples(lons, lats, lons, lats), min_size=1, max_size=20))
def test_distance_is_vectorised(points):
    a = np.array(points)
    km = distance_km(a[:, 0], a[:, 1], a[:, 2], a[:, 3])
    assert isinstance(km, np.ndarray) and km.shape == (len(points),)
    for value, (lon1, lat1, lon2, lat2) in zip(km, points, strict=True):
        assert value == pytest.approx(distance_km(lon1, lat1, lon2, lat2), abs=1e-9)


def test_distance_broadcasts_a_point_against_many():
    km = distance_km(0, 0, [[0, 1], [2, 3]], 0)
    assert km.shape == (2, 2)
    assert km[0, 0] == 0 and km[0, 1] == pytest.approx(111.319, abs=1e-3)


@pytest.mark.parametrize(
    "args", [(0, 91, 0, 0), (0, 0, float("nan"), 0), (0, 0, 0, float("inf"))]
)
def test_distance_refuses_bad_coordinates(args):
    with pytest.raises(OptionError):
        distance_km(*args)


@settings(max_examples=60, deadline=None)
@given(lons, st.floats(-85, 85), st.floats(1, 5000), st.integers(3, 200))
def test_ring_points_lie_at_the_radius(lon, lat, radius, n):
    ring = range_ring(lon, lat, radius, n=n)
    assert len(ring) == n + 1 and ring[0] == ring[-1]
    xy = np.array(ring)
    km = distance_km(lon, lat, xy[:, 0], xy[:, 1])
    assert np.all(np.abs(km - radius) <= radius * 1e-3)
    # no jump across the antimeridian between neighbours (a ring around a
    # pole winds once round it, so its closing segment may)
    assert np.all(np.abs(np.diff(xy[:-1, 0])) <= 180)
    assert np.all(np.abs(xy[:, 1]) <= 90)


def test_ring_goes_clockwise_from_north():
    ring = range_ring(70, 40, 100, n=4)
    (n_lon, n_lat), (e_lon, _), (s_lon, s_lat), (w_lon, _) = ring[:4]
    assert n_lat > 40 and s_lat < 40 and e_lon > 70 and w_lon < 70
    assert n_lon == pytest.approx(70) and s_lon == pytest.approx(70)


def test_ring_across_the_antimeridian_and_around_a_pole():
    ring = range_ring(179.5, 10, 200, n=16)
    assert max(lon for lon, _ in ring) > 180  # runs on past 180, no jump
    assert min(lon for lon, _ in ring) < 180
    polar = range_ring(0, 89.5, 300, n=16)  # encloses the pole: no crash
    assert len(polar) == 17 and all(lat > 86 for _, lat in polar)
    wide = range_ring(0, 0, 15_000, n=8)  # beyond a quarter of the globe
    assert len(wide) == 9


@pytest.mark.parametrize(
    ("radius", "n"), [(0, 8), (-5, 8), (float("inf"), 8), ("10", 8), (10, 2)]
)
def test_ring_refuses_bad_radius_or_points(radius, n):
    with pytest.raises(OptionError):
        range_ring(70, 40, radius, n=n)


@given(region_lons, region_lats)
def test_nearest_capital_is_the_minimum_over_capitals(lon, lat):
    name, km = nearest_capital(lon, lat)
    capitals = place_names("capital")
    every = {c["name"]: distance_km(lon, lat, c["lon"], c["lat"]) for c in capitals}
    assert km == pytest.approx(min(every.values()), abs=1e-9)
    assert every[name] == pytest.approx(km, abs=1e-9)


def test_site_distances_for_every_key_of_a_year():
    selection = select(read_layers(), year=2005)
    figures = site_distances(selection)
    assert list(figures) == sorted(selection["key"])
    row = selection.set_index("key").loc["karshi-khanabad/USA"]
    k2 = figures["karshi-khanabad/USA"]
    name, km = nearest_capital(row.geometry.x, row.geometry.y)
    assert (k2["capital"], k2["capital_km"]) == (name, round(km, 1))
    assert k2["border_km"] == round(
        nearest_border_km(row.geometry.x, row.geometry.y, "UZB"), 1
    )
    # rows as plain mappings give the same figures
    rows = [
        {"key": k, "host": h, "lon": g.x, "lat": g.y}
        for k, h, g in zip(
            selection["key"], selection["host"], selection.geometry, strict=True
        )
    ]
    assert site_distances(rows) == figures


def test_site_matrix_is_symmetric_with_a_zero_diagonal():
    matrix = site_matrix(select(read_layers(), year=2005))
    km = np.array(matrix["km"])
    assert matrix["sites"] == sorted(set(matrix["sites"]))
    assert (km == km.T).all() and (np.diag(km) == 0).all()
    i, j = matrix["sites"].index("kant"), matrix["sites"].index("manas")
    assert km[i, j] == round(distance_km(74.84639, 42.85306, 74.4775, 43.06139), 1)
