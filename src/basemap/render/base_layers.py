"""The base map as a page embeds it: country borders and place names.

Both are encoded once per process, as compact JSON that is safe inside an
HTML ``<script>`` element (:func:`basemap.render.assets.script_json`), and
embedded in every map, so the base map reads offline. The files are the
bundled ones (:mod:`basemap.resources`, :mod:`basemap.geo.places`).

Examples
--------
>>> import json
>>> json.loads(boundaries_json())["type"]
'FeatureCollection'
>>> "</" in places_json()
False
"""

from __future__ import annotations

from functools import cache

from ..geo.places import load_places
from ..resources import load_boundaries
from .assets import script_json

__all__ = ["BORDER_DECIMALS", "boundaries_json", "places_json", "round_coords"]

#: Decimals of the borders embedded in a page: 0.001 degree is about 100 m,
#: well under the 1 km to which the bundled borders are simplified.
BORDER_DECIMALS = 3


def round_coords(coords):
    if coords and isinstance(coords[0], int | float):
        return [round(c, BORDER_DECIMALS) for c in coords]
    return [round_coords(c) for c in coords]


@cache
def boundaries_json() -> str:
    """The borders, encoded once per process for every page.

    Coordinates are rounded to :data:`BORDER_DECIMALS`; a vertex shared by
    two countries rounds to the same point in both, so borders stay shared.
    """
    data = load_boundaries()
    features = [
        dict(
            f,
            geometry=dict(
                f["geometry"], coordinates=round_coords(f["geometry"]["coordinates"])
            ),
        )
        for f in data["features"]
    ]
    return script_json(dict(data, features=features))


@cache
def places_json() -> str:
    """The places, encoded once per process for every page.

    Compact JSON that is safe inside an HTML ``<script>`` element (see
    :func:`basemap.render.assets.script_json`), with the file's ``attribution``.

    Examples
    --------
    >>> import json
    >>> data = json.loads(places_json())
    >>> data["type"], data["features"][0]["geometry"]["type"]
    ('FeatureCollection', 'Point')
    >>> "GeoNames" in data["attribution"]
    True
    """
    return script_json(load_places())
