"""basemap.borders: the distance from a point to its host country's border."""

from __future__ import annotations

import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from basemap.errors import OptionError
from basemap.geo.borders import border_line, nearest_border_km
from basemap.geo.geodesy import distance_km

# Central Asia and around it: where the borders are
region_lons = st.floats(46, 88, allow_nan=False)
region_lats = st.floats(35, 55, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(region_lons, region_lats, st.sampled_from(["KAZ", "KGZ", "TJK", "TKM", "UZB"]))
def test_border_distance_is_the_geodesic_minimum(lon, lat, host):
    """Against brute force: the geodesic distance to every vertex of the
    border densified ten times finer (100 m), which can only overestimate
    the distance to the line, by at most the spacing."""
    km = nearest_border_km(lon, lat, host)
    fine = shapely.get_coordinates(shapely.segmentize(border_line(host), 0.001))
    brute = distance_km(lon, lat, fine[:, 0], fine[:, 1]).min()
    assert brute - 0.12 <= km <= brute + 0.01


def test_border_distance_on_the_border_is_zero_and_coast_is_nearer():
    lon, lat = shapely.get_coordinates(border_line("KGZ"))[100]
    assert nearest_border_km(lon, lat, "KGZ") == pytest.approx(0, abs=1e-6)
    # Aktau, on the Caspian coast of Kazakhstan, far from any land border
    coast = nearest_border_km(51.2, 43.65, "KAZ", coast=True)
    land = nearest_border_km(51.2, 43.65, "KAZ")
    assert coast < 10 < 100 < land


def test_border_of_an_unknown_host_is_refused():
    with pytest.raises(OptionError, match="no boundary for host 'XYZ'"):
        nearest_border_km(70, 40, "XYZ")
