"""The base map as a page embeds it: country borders and place names.

Both are made for the map's frame (:mod:`basemap.geo.frame`: the borders
clipped and simplified to it; :mod:`basemap.geo.places`: the names chosen
for it), encoded once per frame and process, as compact JSON that is safe
inside an HTML ``<script>`` element (:func:`basemap.render.assets.script_json`),
and embedded in every map, so the base map reads offline.

Examples
--------
>>> import json
>>> from basemap.geo.frame import map_frame
>>> frame = map_frame((57.15, 35.72, 82.07, 52.10))
>>> json.loads(boundaries_json(frame))["type"]
'FeatureCollection'
>>> "</" in places_json(frame, ("KAZ",))
False
"""

from __future__ import annotations

from functools import cache

from ..geo.frame import MapFrame, frame_boundaries
from ..geo.places import frame_places
from .assets import script_json

__all__ = ["boundaries_json", "places_json", "round_coords"]


def round_coords(coords, decimals: int = 3):
    """Coordinates (nested lists) rounded to ``decimals``.

    >>> round_coords([[1.23456, 2.0], [3.0001, 4.5]], 2)
    [[1.23, 2.0], [3.0, 4.5]]
    """
    if coords and isinstance(coords[0], int | float):
        return [round(c, decimals) for c in coords]
    return [round_coords(c, decimals) for c in coords]


@cache
def boundaries_json(frame: MapFrame) -> str:
    """The borders of ``frame``, encoded once per process for every page.

    Coordinates are rounded to the frame's decimals (0.001 degree, about
    100 m, for a regional frame, under the 1 km to which its borders are
    simplified); a vertex shared by two countries rounds to the same point
    in both, so borders stay shared.
    """
    data = frame_boundaries(frame)
    features = [
        dict(
            f,
            geometry=dict(
                f["geometry"],
                coordinates=round_coords(f["geometry"]["coordinates"], frame.decimals),
            ),
        )
        for f in data["features"]
    ]
    return script_json(dict(data, features=features))


@cache
def places_json(frame: MapFrame, hosts: tuple[str, ...] = ()) -> str:
    """The names of ``frame`` for a map of sites in ``hosts``, encoded once
    per process for every page.

    Compact JSON that is safe inside an HTML ``<script>`` element (see
    :func:`basemap.render.assets.script_json`), with the file's ``attribution``.

    Examples
    --------
    >>> import json
    >>> from basemap.geo.frame import map_frame
    >>> data = json.loads(places_json(map_frame((57.15, 35.72, 82.07, 52.10))))
    >>> data["type"], data["features"][0]["geometry"]["type"]
    ('FeatureCollection', 'Point')
    >>> "GeoNames" in data["attribution"]
    True
    """
    return script_json(frame_places(frame, hosts))
