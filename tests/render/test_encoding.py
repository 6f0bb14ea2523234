"""The embedded encoding (basemap.encoding): an export's reuse of encoded
features gives the same bytes as encoding each year afresh."""

from __future__ import annotations

import json

from basemap.render import encoding
from basemap.render.assets import script_json


def encoded_every_year(frames):
    """Each year encoded afresh, and within one reused_features block; with
    the number of features the block kept."""

    def encoded():
        return {
            y: encoding.collection_json(s, {"when": str(y)}) for y, s in frames.items()
        }

    fresh = encoded()
    with encoding.reused_features():
        reused = encoded()
        kept = len(encoding._FEATURES)
    # both caches dropped after the block
    assert encoding._FEATURES is None and encoding._PERIODS_JSON is None
    return fresh, reused, kept


def test_reused_features_give_the_same_bytes_every_year(year_frames):
    fresh, reused, kept = encoded_every_year(year_frames)
    assert reused == fresh
    # the same as the plain encoding of the compact collection
    for year in (1991, 2005, 2026):
        plain = script_json(
            encoding.feature_collection(year_frames[year], {"when": str(year)})
        )
        assert reused[year] == plain
    # fewer entries than features shown over the years: reused, not redone
    shown = sum(len(s) for s in year_frames.values())
    assert 0 < kept < shown / 2


def test_reused_features_give_the_same_dots(year_frames, monkeypatch):
    # a large layer's dots in columns (basemap.dots), made from the reused
    # features' kept values: the same as made afresh from the rows
    monkeypatch.setattr(encoding, "CANVAS_THRESHOLD", 5)
    fresh, reused, _ = encoded_every_year(year_frames)
    assert reused == fresh
    dots = json.loads(reused[2005])["basemap"]["dots"]
    assert len(dots["site"]) == len(year_frames[2005]) > 5
    assert len(dots["of"]) == 3 * len(dots["site"])
    assert dots == encoding.feature_collection(year_frames[2005], {})["basemap"]["dots"]


def test_a_changed_row_is_encoded_again(year_frames):
    styled = year_frames[2005].copy()
    side = "top" if styled["label_direction"].iloc[0] != "top" else "bottom"
    with encoding.reused_features():
        before = json.loads(encoding.collection_json(styled, {"when": "2005"}))
        changed = styled.copy()  # frames are read-only once made (basemap.frames)
        changed.loc[changed.index[0], "label_direction"] = side
        after = json.loads(encoding.collection_json(changed, {"when": "2005"}))
    assert before["features"][0]["properties"].get("side") != side
    assert after["features"][0]["properties"]["side"] == side
    assert after["features"][1:] == before["features"][1:]
