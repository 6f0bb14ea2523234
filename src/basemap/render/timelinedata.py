"""The timeline page's document: every year's styled selection in one
GeoJSON FeatureCollection, each site and operator once.

Built from the embedded encoding of :mod:`basemap.render.encoding` (the same
compact properties, the same seed citations); the page's script shows one
year at a time from it (``static/timeline.js``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..frames import records
from .details import lean_periods
from .encoding import (
    PASSED,
    change_phrase,
    collection_meta,
    describe,
    feature_properties,
    point_feature,
    style_key,
)

if TYPE_CHECKING:
    import geopandas

__all__ = ["timeline_data"]


#: A timeline feature's properties, as the year it first shows has them
#: (the rest is per year, in ``basemap.frames``).
_TIMELINE_STATIC = (
    "site",
    "operator",
    "host",
    "location_precision",
    "aliases",
    "area",
    "area_km2",
)

#: Of those, the ones that follow the periods a year shows: a lease's
#: outline from the day it began (Baikonur, 1994), the location that goes
#: with it, the names the periods shown go by. A year whose periods give
#: other values than the feature's first year carries them in its row.
_BY_PERIODS = ("location_precision", "aliases", "area", "area_km2")


def _variant(first: dict, now: dict) -> int | None:
    """The index in ``first["variants"]`` of the properties of
    :data:`_BY_PERIODS` that ``now`` gives otherwise than ``first`` (a
    feature's properties as its first year has them), added if new; None
    when all are alike."""
    diff = {k: now.get(k) for k in _BY_PERIODS if now.get(k) != first.get(k)}
    if not diff:
        return None
    variants = first.setdefault("variants", [])
    if diff not in variants:
        variants.append(diff)
    return variants.index(diff)


def timeline_data(frames: Mapping[int, geopandas.GeoDataFrame], meta: dict) -> dict:
    """Every year's styled selection as one GeoJSON document.

    Each feature (a site and operator) appears once, with all of its periods
    (``periods``, by id); ``basemap.rows`` lists each distinct way a feature
    shows, once: ``[feature index, presence, change, label, side, period
    ids, text, change words]``, and, where the periods shown give them other
    values than the feature's first year, a last member: the index of those
    properties (of :data:`_BY_PERIODS`; null for one the year does not have)
    in the feature's ``variants``; ``basemap.frames``, per year, the numbers
    of its rows.

    >>> from basemap.pipeline import presences
    >>> data = timeline_data({y: presences(year=y) for y in (1993, 2005)}, {})
    >>> shown = [data["basemap"]["rows"][i] for i in data["basemap"]["frames"]["2005"]]
    >>> rows = {data["features"][r[0]]["properties"]["site"]: r for r in shown}
    >>> baikonur = data["features"][rows["baikonur"][0]]["properties"]
    >>> sorted(baikonur["variants"][rows["baikonur"][8]])  # its lease, not 1993's site
    ['aliases', 'area', 'area_km2', 'location_precision']
    >>> len(rows["kant"])  # as in 1993
    8
    """
    import numpy as np

    features: list[dict] = []
    feature_index: dict[str, int] = {}
    styles: dict[str, dict] = {}
    years_out: dict[str, list] = {}
    # each distinct row once: a site shown alike in 30 years is one row
    # and 30 numbers (the rows were most of a large timeline's weight)
    unique: dict[tuple, int] = {}
    first_ids: list[list[str]] = []  # the periods each feature first shows
    differ: dict[tuple, int | None] = {}  # (feature, periods shown): variant
    for year, styled in sorted(frames.items()):
        rows = []
        passed = [c for c in PASSED if c in styled.columns]
        xs = np.round(styled.geometry.x.to_numpy(), 6).tolist()
        ys = np.round(styled.geometry.y.to_numpy(), 6).tolist()
        for record, x, y in zip(records(styled), xs, ys, strict=True):
            skey = style_key(record)
            if skey not in styles:
                styles[skey] = record["marker"]
            key, ids = record["key"], [p["id"] for p in record["periods"]]
            index = feature_index.get(key)
            if index is None:  # the feature, as the year it first shows
                props = feature_properties(record, passed)
                static = {k: props[k] for k in _TIMELINE_STATIC if k in props}
                static["periods"] = {}
                index = feature_index[key] = len(features)
                first_ids.append(ids)
                features.append(
                    {
                        "type": "Feature",
                        "geometry": point_feature(props, x, y)["geometry"],
                        "properties": static,
                    }
                )
            periods = features[index]["properties"]["periods"]
            if any(i not in periods for i in ids):  # details apart, in the page's
                for period in lean_periods(record["periods"]):
                    periods.setdefault(period["id"], period)
            row = [
                index,
                record["presence"],
                record["change"],
                record["label"],
                record["label_direction"],
                ids,
                describe(record),
                change_phrase(record),
            ]
            if ids != first_ids[index]:
                seen = (index, *ids)
                if seen not in differ:
                    differ[seen] = _variant(
                        features[index]["properties"],
                        feature_properties(record, passed),
                    )
                if differ[seen] is not None:
                    row.append(differ[seen])
            key = (*row[:5], tuple(ids), *row[6:])
            number = unique.get(key)
            if number is None:
                number = unique[key] = len(unique)
            rows.append(number)
        years_out[str(year)] = rows
    import pandas as pd

    shown = [f for f in frames.values() if len(f)]
    codes_from = pd.concat(shown) if shown else next(iter(frames.values()))
    meta = dict(
        collection_meta(meta, styles, codes_from),
        years=sorted(int(y) for y in years_out),
        rows=[[*k[:5], list(k[5]), *k[6:]] for k in unique],
        frames=years_out,
    )
    return {"type": "FeatureCollection", "basemap": meta, "features": features}
