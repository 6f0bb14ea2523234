"""A site lies inside its host, anywhere on Earth (basemap.validate.geometry):
the 1:50m borders within 1 km, a site at sea off its own coast within 5 km,
disputed areas counted with the states they belong to, with the messages
the Central Asian data always had."""

from __future__ import annotations

import copy
import json

import pytest

from basemap.io.layers import validate_layers
from basemap.validate.rules import (
    BORDER_TOLERANCE_M,
    COAST_TOLERANCE_M,
    country_at,
    host_shapes,
    nearest_state,
)

from ..conftest import DATA

WORLD = DATA / "world" / "bases.geojson"


def _layer(tmp_path, **changes):
    """The world fixture's Khmeimim period, moved or rehosted."""
    data = json.loads(WORLD.read_text(encoding="utf-8"))
    feature = copy.deepcopy(
        next(f for f in data["features"] if f["properties"]["id"] == "khmeimim-rus-1")
    )
    if "coordinates" in changes:
        feature["geometry"]["coordinates"] = changes.pop("coordinates")
        feature["properties"].pop("place")  # no distance to its town here
    feature["properties"].update(changes)
    data["features"] = [feature]
    path = tmp_path / "layer.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _messages(path) -> list[str]:
    return [f"{p.prop}: {p.message} ({p.hint})" for p in validate_layers(path)]


def test_the_world_fixture_and_the_example_validate():
    assert validate_layers(WORLD) == []
    assert validate_layers(DATA.parent.parent / "examples" / "russia-abroad") == []


def test_the_tolerances_are_todays():
    assert BORDER_TOLERANCE_M == 1_000.0
    assert COAST_TOLERANCE_M == 5_000.0


def test_a_coastal_naval_base_off_its_own_coast_passes():
    # Tartus's piers: 1.5 km off Syria's 1:50m coast, nearer Syria than any
    # other state (the example's point); Guantanamo Bay's, 1.7 km off Cuba's
    assert country_at(35.874, 34.915) is None
    assert nearest_state(35.874, 34.915, COAST_TOLERANCE_M) == "SYR"
    assert nearest_state(-75.16, 19.9175, COAST_TOLERANCE_M) == "CUB"


def test_a_site_in_the_wrong_state_is_refused_with_todays_message(tmp_path):
    # Khmeimim's point, written with Lebanon's code
    (got,) = _messages(_layer(tmp_path, host="LBN"))
    assert got.startswith("geometry.coordinates: [35.9487, 35.4011] lies in Syria, ")
    assert got.endswith(
        "km from Lebanon (host LBN) (check the coordinates and the host)"
    )
    # a point in Lebanon, 1 km past the Syrian border, for Syria
    (got,) = _messages(_layer(tmp_path, coordinates=[35.80, 33.85]))
    assert "lies in Lebanon" in got and "(host SYR)" in got


def test_a_site_at_sea_off_another_coast_is_refused(tmp_path):
    # at sea 2.6 km off Cyprus, written as Syria's: Cyprus is nearer
    (got,) = _messages(_layer(tmp_path, coordinates=[32.9, 34.6]))
    assert "lies outside every mapped country" in got and "Syria (host SYR)" in got
    # at sea, far out: too far from any coast
    (got,) = _messages(_layer(tmp_path, coordinates=[35.5, 35.0]))
    assert "lies outside every mapped country" in got


def test_swapped_coordinates_are_named(tmp_path):
    (got,) = _messages(_layer(tmp_path, coordinates=[35.4011, 35.9487]))
    assert got.endswith("(longitude and latitude look swapped: GeoJSON is [lon, lat])")


@pytest.mark.parametrize(
    ("lon", "lat", "hosts"),
    [
        (21.17, 42.66, ("SRB",)),  # Pristina, in Kosovo
        (33.52, 44.60, ("UKR", "RUS")),  # Sevastopol, in Crimea
        (33.36, 35.19, ("CYP",)),  # north Nicosia
        (44.06, 9.56, ("SOM",)),  # Hargeisa, in Somaliland
    ],
)
def test_a_disputed_area_counts_for_the_states_it_belongs_to(lon, lat, hosts):
    from shapely.geometry import Point

    for host in hosts:
        assert host_shapes()[host][1].contains(Point(lon, lat)), host
    assert country_at(lon, lat).endswith("(disputed)")


def test_a_breakaway_territory_is_named_and_must_be_text(tmp_path):
    assert _messages(_layer(tmp_path, host="SYR", territory="Latakia")) == []
    (got,) = _messages(_layer(tmp_path, territory=""))
    assert got.startswith("territory:")


def test_validation_uses_the_1_50m_borders():
    from basemap.resources import load_boundaries

    assert load_boundaries()["scale"] == "50m"
    # 1:50m holds the small states a host can be
    assert {"DJI", "BHR", "SGP", "MLT"} <= set(host_shapes())
