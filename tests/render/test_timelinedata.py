"""The timeline's document (basemap.timelinedata): every year's rows and
the periods its features hold."""

from __future__ import annotations

from basemap.frames import records
from basemap.render.details import lean_periods
from basemap.render.timelinedata import timeline_data


def test_timeline_holds_every_period_each_year_shows(year_frames):
    # a feature's periods are gathered over the years: one first shown
    # later (Manas's transit centre, 2009) is there, lean (its details are
    # the page's: basemap.render.details), and each
    # year's rows name periods the features hold
    data = timeline_data(year_frames, {})
    features = data["features"]
    for year, styled in year_frames.items():
        rows = [
            data["basemap"]["rows"][i] for i in data["basemap"]["frames"][str(year)]
        ]
        assert len(rows) == len(styled)
        for row, record in zip(rows, records(styled), strict=True):
            props = features[row[0]]["properties"]
            assert (props["site"], props["operator"]) == (
                record["site"],
                record["operator"],
            )
            assert row[5] == [p["id"] for p in record["periods"]]
            lean = {p["id"]: p for p in lean_periods(record["periods"])}
            assert {i: props["periods"][i] for i in row[5]} == lean
    manas = next(
        f["properties"]
        for f in features
        if f["properties"]["site"] == "manas" and f["properties"]["operator"] == "USA"
    )
    assert len(manas["periods"]) >= 2


def test_each_year_carries_the_location_names_and_outline_of_its_periods(year_frames):
    # a feature's location, names and outline follow the periods a year
    # shows, as on that year's own map: Baikonur is an installation until
    # 1994 and a leased area after, with its outline; Manas's US base goes
    # by other names from 2010
    from basemap.render.encoding import PASSED, feature_properties
    from basemap.render.timelinedata import _BY_PERIODS

    data = timeline_data(year_frames, {})
    features = data["features"]
    overridden = set()
    for year, styled in year_frames.items():
        passed = [c for c in PASSED if c in styled.columns]
        rows = [
            data["basemap"]["rows"][i] for i in data["basemap"]["frames"][str(year)]
        ]
        for row, record in zip(rows, records(styled), strict=True):
            props = features[row[0]]["properties"]
            shown = {**props, **(props["variants"][row[8]] if len(row) > 8 else {})}
            own = feature_properties(record, passed)
            assert {k: shown.get(k) for k in _BY_PERIODS} == {
                k: own.get(k) for k in _BY_PERIODS
            }, (year, record["key"])
            if len(row) > 8:
                overridden.add((record["key"], year))
    assert ("baikonur/RUS", 1995) in overridden
    assert ("baikonur/RUS", 1993) not in overridden
    assert ("manas/USA", 2010) in overridden
