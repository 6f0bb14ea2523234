"""The base map's names: countries, capitals, cities, seas and lakes.

The names a map may show are bundled for the whole world in
``geodata/places.geojson`` (made by ``scripts/make_places.py`` from GeoNames
and Natural Earth; its ``attribution`` says how to credit them): every
capital, the cities of 120,000 people or more, seas and lakes, and the
outlines of the lakes the country borders cover with land.
:func:`frame_places` chooses a map's names for its frame
(:mod:`basemap.geo.frame`), once per frame: the countries in it, named at
the pole of inaccessibility of their part of the frame where it has room
for a name; every capital in it; cities by population, lower for the data's
host states and higher as the frame widens; the seas and lakes. A host
state is always named, a neighbour where it has room. Each name
gets a rank (1 = most important: the hosts and their capitals, oceans and
large seas), which the page's ``places.js`` uses to drop names when zoomed
out or crowded. A page embeds them once, as script-safe JSON
(:func:`basemap.render.base_layers.places_json`), in the format
``places.js`` reads: Points with ``name``, ``kind``, ``rank`` and, for
countries and capitals, ``iso_a3`` (a capital's from GeoNames, not from
the simplified borders, on which a coastal capital such as Djibouti may
fall in the sea).

Examples
--------
>>> names = place_names()
>>> {"Caspian Sea", "Tashkent", "Damascus"} <= {p["name"] for p in names}
True
>>> "Caspian Sea" in [p["name"] for p in place_names("sea")]
True
>>> place_names("capital")[0]["kind"]
'capital'
>>> from basemap.geo.frame import map_frame
>>> ca = frame_places(map_frame((57.15, 35.72, 82.07, 52.10)), ("KAZ", "KGZ"))
>>> sorted(p["properties"]["name"] for p in ca["features"]
...        if p["properties"]["rank"] == 1 and p["properties"]["kind"] != "sea")
['Astana', 'Bishkek', 'Kazakhstan', 'Kyrgyzstan']
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..codes import state_name
from ..errors import OptionError
from ..resources import geodata_dir
from .frame import frame_boundaries

if TYPE_CHECKING:
    from .frame import MapFrame

__all__ = [
    "KINDS",
    "frame_places",
    "load_places",
    "place_names",
    "places_attribution",
    "places_path",
]

#: The kinds of name, from the largest feature to the smallest.
KINDS = ("country", "sea", "lake", "capital", "city")
#: At the bundled data's frame, 46 degrees wide, names keep 0.6 degree from
#: its edge; a country is named where its part has an inscribed circle of
#: 0.9 degree; the hosts' cities of 120,000 people are named, and the other
#: states' of a million. Each scales with the frame's width.
REFERENCE_WIDTH = 46.0
INSET, MIN_ROOM = 0.6, 0.9
HOST_MIN_POP, OTHER_MIN_POP = 120_000, 1_000_000
#: At most this many cities of the hosts, and of the other states, per map.
HOST_CITIES, OTHER_CITIES = 60, 30
#: A country whose part of the frame is at least this share of it is rank 2.
LARGE_SHARE = 0.04
_ORDER = {"country": 0, "sea": 1, "lake": 2, "capital": 3, "city": 4}


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


@cache
def _pool() -> tuple[dict, ...]:
    """Every name of the file as a dict, most important first."""
    data = load_places()
    out = []
    for feat in data["features"]:
        props = feat["properties"]
        lon, lat = feat["geometry"]["coordinates"]
        out.append(dict(props, rank=props.get("rank", 1), lon=lon, lat=lat))
    columns = data["cities"]["columns"]
    for row in data["cities"]["rows"]:
        city = dict(zip(columns, row, strict=True))
        out.append(dict(city, kind="city", rank=4))
    out.sort(key=lambda p: (p["rank"], _ORDER[p["kind"]], p["name"]))
    return tuple(out)


def place_names(kind: str | None = None) -> list[dict]:
    """Return the bundled names as dicts, most important first.

    Parameters
    ----------
    kind : str, optional
        One of :data:`KINDS`; all kinds when omitted. Countries are named
        per frame (:func:`frame_places`), so the file holds none.

    Returns
    -------
    list of dict
        ``name``, ``kind``, ``rank`` (1 = most important), ``lon``, ``lat``
        and, for capitals and cities, ``country`` (alpha-3), for cities
        ``population``; sorted by rank, then kind, then name.

    Raises
    ------
    OptionError
        If ``kind`` is not one of :data:`KINDS` (also a ``ValueError``).

    Examples
    --------
    >>> [p["name"] for p in place_names("lake") if p["name"].startswith("Lake B")]
    ['Lake Baikal', 'Lake Balkhash']
    >>> place_names("town")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: unknown place kind 'town': use one of country, ...
    """
    if kind is not None and kind not in KINDS:
        raise OptionError(f"unknown place kind {kind!r}: use one of {', '.join(KINDS)}")
    return [dict(p) for p in _pool() if kind is None or p["kind"] == kind]


def _point(name: str, kind: str, rank: int, lon: float, lat: float, **extra) -> dict:
    return {
        "type": "Feature",
        "properties": {"name": name, "kind": kind, "rank": rank, **extra},
        "geometry": {"type": "Point", "coordinates": [round(lon, 2), round(lat, 2)]},
    }


def _countries(frame: MapFrame, hosts: frozenset, inner, scale: float) -> list[dict]:
    """A name for each country with room for one in the frame."""
    import shapely
    from shapely.geometry import shape
    from shapely.ops import polylabel

    area = inner.area
    out = []
    for f in frame_boundaries(frame)["features"]:
        code = f["properties"].get("iso_a3")
        if not code:
            continue
        part = shapely.intersection(shape(f["geometry"]), inner)
        polys = [
            p for p in shapely.get_parts(part) if p.geom_type == "Polygon" and p.area
        ]
        if not polys:
            continue
        biggest = max(polys, key=lambda p: p.area)
        point = polylabel(biggest, tolerance=0.01 * scale)
        # a host is always named (the page drops a name that does not fit)
        if code not in hosts and biggest.exterior.distance(point) < MIN_ROOM * scale:
            continue
        rank = 1 if code in hosts else 2 if part.area >= LARGE_SHARE * area else 3
        out.append(
            _point(state_name(code), "country", rank, point.x, point.y, iso_a3=code)
        )
    return out


@cache
def _towns_by_size() -> tuple[dict, ...]:
    """The capitals, then the cities, the most populous first."""
    towns = [p for p in _pool() if p["kind"] in ("capital", "city")]
    return tuple(
        sorted(towns, key=lambda p: (p["kind"] != "capital", -p.get("population", 0)))
    )


def _towns(hosts: frozenset, inside, scale: float) -> list[dict]:
    """The capitals in the frame, and its cities by population."""
    out, host_cities, other_cities = [], 0, 0
    for p in _towns_by_size():
        if p["kind"] not in ("capital", "city") or not inside(p["lon"], p["lat"]):
            continue
        host = p["country"] in hosts
        if p["kind"] == "capital":
            out.append(
                _point(
                    p["name"],
                    "capital",
                    1 if host else 2,
                    p["lon"],
                    p["lat"],
                    iso_a3=p["country"],
                )
            )
            continue
        pop = p["population"]
        if host:
            if pop < HOST_MIN_POP * scale or host_cities >= HOST_CITIES:
                continue
            host_cities += 1
            rank = 2 if pop >= 1e6 * scale else 3 if pop >= 3e5 * scale else 4
        else:
            if pop < OTHER_MIN_POP * scale or other_cities >= OTHER_CITIES:
                continue
            other_cities += 1
            rank = 3 if pop >= 3e6 * scale else 4
        out.append(_point(p["name"], "city", rank, p["lon"], p["lat"]))
    return out


@cache
def frame_places(frame: MapFrame, hosts: tuple[str, ...] = ()) -> dict:
    """The names of a map of ``frame`` whose sites lie in ``hosts``.

    Returns a GeoJSON FeatureCollection of Points (``name``, ``kind``,
    ``rank``, and ``iso_a3`` for a country), sorted by rank, kind and name,
    with the file's ``attribution`` and ``licenses``, ``bbox`` (the frame)
    and ``water`` (the outlines of the lakes in the frame).
    """
    from shapely.geometry import box, shape

    scale = max(1.0, frame.width / REFERENCE_WIDTH)
    inset = INSET * frame.width / REFERENCE_WIDTH
    x0, y0, x1, y1 = frame.frame
    inner = box(x0 + inset, y0 + inset, x1 - inset, y1 - inset)

    def inside(lon: float, lat: float) -> bool:
        return x0 + inset <= lon <= x1 - inset and y0 + inset <= lat <= y1 - inset

    wanted = frozenset(hosts)
    features = _countries(frame, wanted, inner, frame.width / REFERENCE_WIDTH)
    features += [
        _point(p["name"], p["kind"], p["rank"], p["lon"], p["lat"])
        for p in _pool()
        if p["kind"] in ("sea", "lake") and inside(p["lon"], p["lat"])
    ]
    features += _towns(wanted, inside, scale)
    features.sort(
        key=lambda f: (
            f["properties"]["rank"],
            _ORDER[f["properties"]["kind"]],
            f["properties"]["name"],
        )
    )
    data = load_places()
    frame_box = box(*frame.frame)
    water = [
        f
        for f in data["water"]["features"]
        if shape(f["geometry"]).intersects(frame_box)
    ]
    return {
        "type": "FeatureCollection",
        "name": "places",
        "attribution": data["attribution"],
        "licenses": data["licenses"],
        "bbox": list(frame.frame),
        "water": {"type": "FeatureCollection", "features": water},
        "features": features,
    }
