"""The timeline's document (basemap.timelinedata): every year's rows and
the periods its features hold."""

from __future__ import annotations

from basemap.encoding import cite_seeds
from basemap.style import records
from basemap.timelinedata import timeline_data


def test_timeline_holds_every_period_each_year_shows(year_frames):
    # a feature's periods are gathered over the years: one first shown
    # later (Manas's transit centre, 2009) is there, seeds cited, and each
    # year's rows name periods the features hold
    data = timeline_data(year_frames, {})
    features = data["features"]
    for year, styled in year_frames.items():
        rows = data["basemap"]["frames"][str(year)]
        assert len(rows) == len(styled)
        for row, record in zip(rows, records(styled), strict=True):
            props = features[row[0]]["properties"]
            assert (props["site"], props["operator"]) == (
                record["site"],
                record["operator"],
            )
            assert row[5] == [p["id"] for p in record["periods"]]
            cited = {p["id"]: p for p in cite_seeds(record["periods"])}
            assert {i: props["periods"][i] for i in row[5]} == cited
    manas = next(
        f["properties"]
        for f in features
        if f["properties"]["site"] == "manas" and f["properties"]["operator"] == "USA"
    )
    assert len(manas["periods"]) >= 2
