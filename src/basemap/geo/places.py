"""The base map's names: countries, capitals, cities, seas and lakes.

The names are bundled in ``geodata/places.geojson`` (made by
``scripts/make_places.py`` from GeoNames and Natural Earth; its
``attribution`` says how to credit them). A page embeds them once, as
script-safe JSON (:func:`basemap.render.base_layers.places_json`), and the
page's ``places.js`` draws them under the sites.

Examples
--------
>>> names = place_names()
>>> {"Caspian Sea", "Tashkent", "Kazakhstan"} <= {p["name"] for p in names}
True
>>> [p["name"] for p in place_names("sea")]
['Caspian Sea', 'Aral Sea']
>>> place_names("capital")[0]["kind"]
'capital'
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from ..errors import OptionError
from ..resources import geodata_dir

__all__ = ["KINDS", "load_places", "place_names", "places_attribution", "places_path"]

#: The kinds of name, from the largest feature to the smallest.
KINDS = ("country", "sea", "lake", "capital", "city")


def places_path() -> Path:
    """Return the bundled places file (a GeoJSON FeatureCollection of points).

    Examples
    --------
    >>> places_path().name
    'places.geojson'
    """
    return geodata_dir() / "places.geojson"


@cache
def load_places() -> dict:
    """The bundled places as a GeoJSON dict (read once per process)."""
    return json.loads(places_path().read_text(encoding="utf-8"))


def places_attribution() -> str:
    """The credit line the map must show for the names.

    Examples
    --------
    >>> "Natural Earth" in places_attribution()
    True
    """
    return load_places()["attribution"]


def place_names(kind: str | None = None) -> list[dict]:
    """Return the names as dicts, most important first.

    Parameters
    ----------
    kind : str, optional
        One of :data:`KINDS`; all kinds when omitted.

    Returns
    -------
    list of dict
        ``name``, ``kind``, ``rank`` (1 = most important), ``lon``, ``lat``
        and, for countries, ``iso_a3``; sorted by rank, then kind, then name.

    Raises
    ------
    OptionError
        If ``kind`` is not one of :data:`KINDS` (also a ``ValueError``).

    Examples
    --------
    >>> kaz = [p for p in place_names("country") if p["iso_a3"] == "KAZ"][0]
    >>> kaz["name"], kaz["rank"]
    ('Kazakhstan', 1)
    >>> place_names("town")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: unknown place kind 'town': use one of country, ...
    """
    if kind is not None and kind not in KINDS:
        raise OptionError(f"unknown place kind {kind!r}: use one of {', '.join(KINDS)}")
    out = []
    for feat in load_places()["features"]:
        props = feat["properties"]
        if kind is not None and props["kind"] != kind:
            continue
        lon, lat = feat["geometry"]["coordinates"]
        out.append(dict(props, lon=lon, lat=lat))
    return out
