"""The embedded encoding (basemap.encoding): an export's reuse of encoded
features gives the same bytes as encoding each year afresh."""

from __future__ import annotations

import json

import pytest

from basemap import encoding
from basemap.elements import script_json
from basemap.read import read_layers
from basemap.select import select
from basemap.style import records, style

YEARS = range(1991, 2027)


@pytest.fixture(scope="module")
def frames():
    # the bundled layers, every year: sites open, change, close and stay
    # former, so a feature's state differs between years and repeats
    layers = read_layers()
    return {year: style(select(layers, year=year)) for year in YEARS}


def test_reused_features_give_the_same_bytes_every_year(frames):
    fresh = {
        y: encoding.collection_json(s, {"when": str(y)}) for y, s in frames.items()
    }
    with encoding.reused_features():
        reused = {
            y: encoding.collection_json(s, {"when": str(y)}) for y, s in frames.items()
        }
        kept = len(encoding._FEATURES)
    assert reused == fresh
    # the same as the plain encoding of the compact collection
    for year in (1991, 2005, 2026):
        plain = script_json(
            encoding.feature_collection(frames[year], {"when": str(year)})
        )
        assert reused[year] == plain
    # fewer entries than features shown over the years: reused, not redone
    shown = sum(len(s) for s in frames.values())
    assert 0 < kept < shown / 2
    assert encoding._FEATURES is None  # dropped after the block


def test_reused_features_give_the_same_dots(frames, monkeypatch):
    # a large layer's dots in columns (basemap.dots), made from the reused
    # features' kept values: the same as made afresh from the rows
    from basemap import render

    monkeypatch.setattr(render, "CANVAS_THRESHOLD", 5)
    fresh = {
        y: encoding.collection_json(s, {"when": str(y)}) for y, s in frames.items()
    }
    with encoding.reused_features():
        reused = {
            y: encoding.collection_json(s, {"when": str(y)}) for y, s in frames.items()
        }
    assert reused == fresh
    dots = json.loads(reused[2005])["basemap"]["dots"]
    assert len(dots["site"]) == len(frames[2005]) > 5
    assert len(dots["of"]) == 3 * len(dots["site"])
    assert dots == encoding.feature_collection(frames[2005], {})["basemap"]["dots"]


def test_a_changed_row_is_encoded_again(frames):
    styled = frames[2005].copy()
    side = "top" if styled["label_direction"].iloc[0] != "top" else "bottom"
    with encoding.reused_features():
        before = json.loads(encoding.collection_json(styled, {"when": "2005"}))
        styled.loc[styled.index[0], "label_direction"] = side
        after = json.loads(encoding.collection_json(styled, {"when": "2005"}))
    assert before["features"][0]["properties"].get("side") != side
    assert after["features"][0]["properties"]["side"] == side
    assert after["features"][1:] == before["features"][1:]


def test_timeline_holds_every_period_each_year_shows(frames):
    # a feature's periods are gathered over the years: one first shown
    # later (Manas's transit centre, 2009) is there, seeds cited, and each
    # year's rows name periods the features hold
    data = encoding.timeline_data(frames, {})
    features = data["features"]
    for year, styled in frames.items():
        rows = data["basemap"]["frames"][str(year)]
        assert len(rows) == len(styled)
        for row, record in zip(rows, records(styled), strict=True):
            props = features[row[0]]["properties"]
            assert (props["site"], props["operator"]) == (
                record["site"],
                record["operator"],
            )
            assert row[5] == [p["id"] for p in record["periods"]]
            cited = {p["id"]: p for p in encoding.cite_seeds(record["periods"])}
            assert {i: props["periods"][i] for i in row[5]} == cited
    manas = next(
        f["properties"]
        for f in features
        if f["properties"]["site"] == "manas" and f["properties"]["operator"] == "USA"
    )
    assert len(manas["periods"]) >= 2
