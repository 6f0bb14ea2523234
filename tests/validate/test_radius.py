"""The optional, sourced ``radius`` of a period and its range ring."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from basemap.geo.geodesy import distance_km
from basemap.io.layers import validate_layers
from basemap.render.measures import site_rings
from basemap.resources import layer_paths
from basemap.validate.radius import radius_problems

from ..conftest import DATA

SOURCE = {
    "title": "Air Forces article of September 2, 2006",
    "publisher": "StrategyPage",
    "date": "2006-09-02",
    "quote": "a combat radius of 380 kilometers",
}
GOOD = {"km": 380, "what": "combat radius of the Su-25", "source": SOURCE}


def bundled_radii():
    for path in layer_paths():
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if "radius" in feat["properties"]:
                yield path, feat["properties"]["id"], feat["properties"]["radius"]


def test_every_bundled_radius_is_sourced_in_the_sources_words():
    found = list(bundled_radii())
    assert found, "the bundled layers document at least one radius"
    for path, fid, radius in found:
        assert radius_problems(str(path), fid, radius) == []
        # the figure is the source's own, not an estimate
        assert f"{radius['km']:g}" in radius["source"]["quote"], fid
        assert radius["source"]["url"].startswith("https://")


@pytest.mark.parametrize(
    ("radius", "expected"),
    [
        ([380], "radius: not an object (list)"),
        (dict(GOOD, km=0), "radius.km: 0 is not a positive number of km"),
        (dict(GOOD, km=True), "radius.km: True is not a positive number of km"),
        (dict(GOOD, km="380"), "radius.km: '380' is not a positive number of km"),
        (dict(GOOD, km=40_000), "radius.km: 40000 km is more than half the way"),
        ({"km": 380, "source": SOURCE}, "radius.what: missing or empty"),
        ({"km": 380, "what": "w"}, "radius.source: missing"),
        (dict(GOOD, unit="km"), "radius.unit: unknown member"),
        (
            dict(GOOD, source={k: v for k, v in SOURCE.items() if k != "quote"}),
            "radius.source.quote: missing or empty",
        ),
        (
            dict(GOOD, source=dict(SOURCE, date="2006-13")),
            "radius.source.date: ",
        ),
        (
            dict(GOOD, source=dict(SOURCE, url="javascript:alert(1)")),
            "radius.source.url: only http and https links are allowed",
        ),
        (
            dict(GOOD, source={"seed": "999_0000000000000000.txt", "quote": "q"}),
            "radius.source.seed: unknown seed",
        ),
    ],
)
def test_a_broken_radius_says_what_and_where(radius, expected):
    problems = [str(p) for p in radius_problems("a.geojson", "kant-rus-1", radius)]
    assert problems, radius
    assert problems[0].startswith(f"a.geojson: feature 'kant-rus-1': {expected}")


def test_the_schema_accepts_a_radius_and_refuses_one_without_its_words(tmp_path):
    layer = json.loads((DATA / "valid" / "sample.geojson").read_text())
    ok = copy.deepcopy(layer)
    ok["features"][0]["properties"]["radius"] = GOOD
    (tmp_path / "ok.geojson").write_text(json.dumps(ok))
    assert validate_layers(tmp_path / "ok.geojson") == []
    bad = copy.deepcopy(layer)
    bad["features"][0]["properties"]["radius"] = dict(GOOD, km=-5)
    (tmp_path / "bad.geojson").write_text(json.dumps(bad))
    (problem,) = validate_layers(tmp_path / "bad.geojson")
    assert (problem.feature_id, problem.prop) == ("kant-rus-1", "radius.km")
    unquoted = copy.deepcopy(layer)
    unquoted["features"][0]["properties"]["radius"] = dict(
        GOOD, source={k: v for k, v in SOURCE.items() if k != "quote"}
    )
    (tmp_path / "unquoted.geojson").write_text(json.dumps(unquoted))
    assert validate_layers(tmp_path / "unquoted.geojson")


def test_site_rings_are_geodesic_circles_of_the_period_radius():
    rows = [
        {
            "key": "kant/RUS",
            "lon": 74.84639,
            "lat": 42.85306,
            "periods": [{"id": "a"}, {"id": "b", "radius": GOOD}],
        },
        {"key": "manas/USA", "lon": 74.4775, "lat": 43.06139, "periods": [{}]},
    ]
    rings = site_rings(rows, n=64)
    assert list(rings) == ["kant/RUS"]
    kant = rings["kant/RUS"]
    assert (kant["km"], kant["source"]) == (380, SOURCE)
    xy = np.array(kant["ring"])
    assert len(xy) == 65 and (xy[0] == xy[-1]).all()
    km = distance_km(74.84639, 42.85306, xy[:, 0], xy[:, 1])
    assert np.allclose(km, 380, rtol=1e-3)
