"""Whole-column checks of layer features: clear the valid ones in bulk.

Checking a large layer one feature at a time (the compiled schema, then
each date, source and point in Python) costs far more than parsing it.
:func:`screen` looks at a file's features a column at a time instead: one
pass over each property for its type and pattern, the dates parsed once per
distinct string and compared as day numbers in numpy, the host test with
shapely's vectorised ``contains_xy`` per host, the distances to the named
places with one vectorised geodesic call.

The screen only ever *clears* features: it is stricter than the rules of
:mod:`basemap.validate.rules` (a feature it clears would get no problem from them),
and every feature it does not clear goes through those rules, which give
the messages. So the messages are exactly those of the per-feature checks;
``tests/validate/test_screen.py`` checks this on the whole broken corpus. The
checks across features are screened the same way, by
:func:`basemap.validate.across.suspect_sites`.

Examples
--------
>>> feature = {"type": "Feature",
...     "geometry": {"type": "Point", "coordinates": [74.84, 42.85]},
...     "properties": {"id": "kant-rus-1", "site": "kant", "name": "Kant",
...         "operator": "RUS", "host": "KGZ", "kind": "air base",
...         "start": "2003-10-23", "end": None,
...         "sources": [{"title": "T", "publisher": "P", "date": "2003"}]}}
>>> bad = {**feature, "properties": {**feature["properties"], "host": "XXX"}}
>>> screen([feature, bad], "2026-11-01", check_location=True).ok
[True, False]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..codes import is_operator, is_state
from ..dates import FuzzyDate, Period, parse_date
from .rules import MAX_ID, PRECISION_DISTANCE_M, host_shapes

__all__ = ["Screen", "screen"]

# The schema's patterns, matched in full (so stricter than the schema's
# search for ``^...$``, which lets a trailing newline through).
_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[~?]?")
_SEED = re.compile(r"[0-9]{3}_[0-9a-f]{16}\.txt")
_URL = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://\S+")

_REQUIRED = frozenset(
    ("id", "site", "name", "operator", "host", "kind", "start", "end", "sources")
)
_ALLOWED = _REQUIRED | {
    "label",
    "territory",
    "aliases",
    "status",
    "personnel",
    "equipment",
    "units",
    "notes",
    "place",
    "location_precision",
    "location_note",
    "radius",
}
_STATUS = frozenset(("base", "temporary", "proposed", "reported"))
_PRECISION = frozenset(("installation", "airfield", "town", "area"))
_SEED_KEYS = frozenset(("seed", "quote", "supports"))
_REF_KEYS = frozenset(("title", "publisher", "date", "url", "quote", "supports"))
_VALUE_KEYS = frozenset(("value", "date", "source"))
_PLACE_KEYS = frozenset(("name", "coordinates", "geonames"))
_RADIUS_KEYS = frozenset(("km", "what", "source"))
#: The largest radius (km) the rules accept
#: (:data:`basemap.validate.radius.MAX_RADIUS_KM`).
_MAX_KM = 20_000.0
_NUMBER = (int, float)  # not bool: type() is checked, not isinstance()
_MISSING: Any = object()
_EMPTY: dict = {}
#: Distances this close to a limit (relative) go to the exact check.
_MARGIN = 1e-6


@dataclass
class Screen:
    """What :func:`screen` found in one file's features.

    Attributes
    ----------
    ok : list of bool
        True for a feature the per-feature rules would find nothing wrong
        with (a duplicate id aside: that is checked across files).
    columns : dict
        The record columns (:data:`basemap.validate.rules.COLUMNS` but ``as_of`` and
        ``file``, plus ``lon`` and ``lat``), one value per feature; only the
        values of cleared features are meaningful.
    """

    ok: list[bool]
    columns: dict[str, list] = field(default_factory=dict)


def _text(v) -> bool:
    return type(v) is str and v != ""


def _shown(v) -> bool:
    """A non-empty string the rules' check of drawn text
    (:meth:`basemap.validate.rules.Rules.check_text`) would pass: every
    character printable (no control, format character such as a bidi
    override, or line break) and a first one after the spaces that is no
    combining mark, so one at least is visible."""
    if type(v) is not str or not v.isprintable():
        return False
    bare = v.lstrip(" ")
    return bare != "" and not unicodedata.combining(bare[0])


def _shown_all(v) -> bool:
    """An optional list of :func:`_shown` strings (aliases)."""
    return v is _MISSING or (type(v) is list and all(_shown(x) for x in v))


def _texts(v) -> bool:
    """An optional list of non-empty strings."""
    return v is _MISSING or (type(v) is list and all(_text(x) for x in v))


def _values(v) -> bool:
    """An optional list of dated values (personnel)."""
    if v is _MISSING:
        return True
    if type(v) is not list:
        return False
    for x in v:
        if not (
            type(x) is dict
            and x.keys() <= _VALUE_KEYS
            and _text(x.get("value"))
            and type(d := x.get("date")) is str
            and _DATE.fullmatch(d)
            and type(x.get("source", "")) is str
        ):
            return False
    return True


def _place(v) -> bool:
    if v is _MISSING:
        return True
    if not (type(v) is dict and v.keys() <= _PLACE_KEYS and _text(v.get("name"))):
        return False
    c = v.get("coordinates")
    return (
        type(c) is list
        and len(c) == 2
        and type(c[0]) in _NUMBER
        and type(c[1]) in _NUMBER
        and type(v.get("geonames", 0)) is int
    )


def _radius(v, dates: set) -> bool:
    """An optional range ring: km, what, and a public reference that quotes
    the figure (a seed is left to the rules, which check it is known); its
    date goes to ``dates``."""
    if v is _MISSING:
        return True
    if not (type(v) is dict and v.keys() == _RADIUS_KEYS):
        return False
    km, what, s = v["km"], v["what"], v["source"]
    if not (
        type(km) in _NUMBER
        and 0 < km <= _MAX_KM
        and type(what) is str
        and what.strip()
        and type(s) is dict
        and "seed" not in s
        and type(q := s.get("quote")) is str
        and q.strip()
    ):
        return False
    return _sources([s], dates)


def _sources(v, dates: set) -> bool:
    """A non-empty list of valid sources; reference dates go to ``dates``
    (parsed later, once each)."""
    if type(v) is not list or not v:
        return False
    for s in v:
        if type(s) is not dict:
            return False
        if "seed" in s:
            if not (
                s.keys() <= _SEED_KEYS
                and type(seed := s["seed"]) is str
                and _SEED.fullmatch(seed)
                and _text(s.get("quote"))
                and type(s.get("supports", "")) is str
            ):
                return False
        else:
            d = s.get("date")
            url = s.get("url", _MISSING)
            if not (
                s.keys() <= _REF_KEYS
                and _text(s.get("title"))
                and _text(s.get("publisher"))
                and type(d) is str
                and _DATE.fullmatch(d)
                and (url is _MISSING or (type(url) is str and _URL.fullmatch(url)))
                and type(s.get("quote", "")) is str
                and type(s.get("supports", "")) is str
            ):
                return False
            dates.add(d)
    return True


def _feature(f, ref_dates: set) -> bool:
    """One pass over a feature: its structure, types, patterns and codes."""
    if type(f) is not dict or f.get("type") != "Feature":
        return False
    p, g = f.get("properties"), f.get("geometry")
    if type(p) is not dict or type(g) is not dict or g.get("type") != "Point":
        return False
    keys = p.keys()
    if not (keys <= _ALLOWED and keys >= _REQUIRED):
        return False
    if "id" in f and type(f["id"]) not in (str, int, float):
        return False
    c = g.get("coordinates")
    if not (
        type(c) is list
        and len(c) == 2
        and type(c[0]) in _NUMBER
        and type(c[1]) in _NUMBER
    ):
        return False
    v, site, start, end = p["id"], p["site"], p["start"], p["end"]
    if not (
        type(v) is str
        and _ID.fullmatch(v)
        and len(v) <= MAX_ID
        and type(site) is str
        and _ID.fullmatch(site)
        and len(site) <= MAX_ID
        and _shown(p["name"])
        and _shown(p["kind"])
        and type(op := p["operator"]) is str
        and is_operator(op)
        and type(host := p["host"]) is str
        and is_state(host)
        and type(start) is str
        and _DATE.fullmatch(start)
        and (end is None or (type(end) is str and _DATE.fullmatch(end)))
        and _sources(p["sources"], ref_dates)
    ):
        return False
    if len(keys) == len(_REQUIRED):
        return True
    get = p.get
    return (
        (
            (v := get("label", _MISSING)) is _MISSING
            or (type(v) is str and 0 < len(v) <= 40 and _shown(v))
        )
        and (
            (v := get("status", _MISSING)) is _MISSING
            or (type(v) is str and v in _STATUS)
        )
        and (
            (v := get("location_precision", _MISSING)) is _MISSING
            or (type(v) is str and v in _PRECISION)
        )
        and type(get("notes", "")) is str
        and type(get("location_note", "")) is str
        and ((v := get("territory", _MISSING)) is _MISSING or _shown(v))
        and _shown_all(get("aliases", _MISSING))
        and _texts(get("equipment", _MISSING))
        and _texts(get("units", _MISSING))
        and _values(get("personnel", _MISSING))
        and _place(get("place", _MISSING))
        and _radius(get("radius", _MISSING), ref_dates)
    )


def _parse_all(texts) -> dict[str, FuzzyDate | None]:
    """Each distinct date string parsed once (None when it is no date)."""
    out: dict[str, FuzzyDate | None] = {}
    for text in texts:
        try:
            out[text] = parse_date(text)
        except ValueError:
            out[text] = None
    return out


def screen(features: list, as_of: str, check_location: bool = True) -> Screen:
    """Check a file's features a column at a time.

    Parameters
    ----------
    features : list
        The file's ``features``, as parsed.
    as_of : str
        The file's ``as_of`` day, already checked.
    check_location : bool
        Also check that each point lies in its host country.

    Returns
    -------
    Screen
    """
    import numpy as np

    n = len(features)
    ref_dates: set[str] = set()
    ok = [_feature(f, ref_dates) for f in features]
    props = [
        f["properties"] if k else _EMPTY for f, k in zip(features, ok, strict=True)
    ]
    try:
        lon = np.array(
            [
                f["geometry"]["coordinates"][0] if k else 0.0
                for f, k in zip(features, ok, strict=True)
            ],
            float,
        )
        lat = np.array(
            [
                f["geometry"]["coordinates"][1] if k else 0.0
                for f, k in zip(features, ok, strict=True)
            ],
            float,
        )
    except OverflowError:  # an integer beyond a double: the rules say so
        return Screen([False] * n)
    cols = {
        k: [p.get(k) for p in props]
        for k in (
            "id",
            "site",
            "name",
            "label",
            "operator",
            "host",
            "territory",
            "kind",
            "start",
            "end",
            "notes",
            "place",
            "location_precision",
            "location_note",
            "radius",
        )
    }
    cols["status"] = [p.get("status", "base") for p in props]
    for k in ("aliases", "personnel", "equipment", "units", "sources"):
        cols[k] = [p.get(k) or [] for p in props]
    mask = np.array(ok, dtype=bool)
    mask &= np.isfinite(lon) & np.isfinite(lat)
    mask &= (np.abs(lon) <= 180) & (np.abs(lat) <= 90)

    # dates: each distinct string parsed once, compared as day numbers
    starts, ends = cols["start"], cols["end"]
    keep = mask.tolist()
    texts = {v for v, k in zip(starts, keep, strict=True) if k}
    texts |= {v for v, k in zip(ends, keep, strict=True) if k and v is not None}
    parsed = _parse_all(texts | ref_dates)
    if any(parsed[d] is None for d in ref_dates):
        mask &= np.array(
            [
                not k
                or (
                    all(parsed.get(s.get("date"), 1) is not None for s in v)
                    and (r is None or parsed.get(r["source"]["date"]) is not None)
                )
                for v, r, k in zip(cols["sources"], cols["radius"], keep, strict=True)
            ],
            dtype=bool,
        )
    limit = parse_date(as_of)
    late = limit.latest
    bad = {t for t, d in parsed.items() if d is None or d.earliest > late}
    if bad:
        mask &= np.array(
            [
                not k or (s not in bad and e not in bad)
                for s, e, k in zip(starts, ends, keep, strict=True)
            ],
            dtype=bool,
        )
    keep = mask.tolist()
    never = date.max.toordinal()
    first_day = {t: d.earliest.toordinal() for t, d in parsed.items() if d}
    last_day = {t: d.latest.toordinal() for t, d in parsed.items() if d}
    last_day[None] = never
    first = np.array(
        [first_day[s] if k else 0 for s, k in zip(starts, keep, strict=True)]
    )
    last = np.array(
        [last_day[e] if k else never for e, k in zip(ends, keep, strict=True)]
    )
    mask &= last >= first

    if check_location:
        mask &= _in_hosts(cols["host"], lon, lat, mask)
    mask &= _near_places(cols["place"], cols["location_precision"], lon, lat, mask)

    ok = mask.tolist()
    as_of_day = limit.earliest
    periods: dict[tuple, Period] = {}
    period_col = []
    for s, e, k in zip(starts, ends, ok, strict=True):
        if not k:
            period_col.append(None)
            continue
        key = (s, e)
        p = periods.get(key)
        if p is None:
            p = periods[key] = Period(
                parsed[s], None if e is None else parsed[e], as_of_day
            )
        period_col.append(p)
    columns = cols
    columns["period"] = period_col
    columns["lon"] = lon.tolist()
    columns["lat"] = lat.tolist()
    return Screen(ok, columns)


def _in_hosts(hosts: list, lon, lat, mask):
    """True where the point lies inside its host country (or none is
    mapped); False where the exact check must say how far outside."""
    import numpy as np
    import shapely

    shapes = host_shapes()
    inside = np.ones(len(hosts), dtype=bool)
    codes = np.array([h if type(h) is str else "" for h in hosts], dtype=object)
    for host in set(codes[mask]):
        if host not in shapes:
            continue
        idx = np.flatnonzero(mask & (codes == host))
        inside[idx] = shapely.contains_xy(shapes[host][1], lon[idx], lat[idx])
    return inside


def _near_places(places: list, precisions: list, lon, lat, mask):
    """False where the distance to the named place may not fit
    ``location_precision`` (the exact check decides)."""
    import numpy as np
    from pyproj import Geod

    fine = np.ones(len(places), dtype=bool)
    idx, plon, plat, near, far = [], [], [], [], []
    for i, (place, precision) in enumerate(zip(places, precisions, strict=True)):
        if place is None or precision not in PRECISION_DISTANCE_M or not mask[i]:
            continue
        x, y = place["coordinates"]
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            continue  # the rules skip it too
        idx.append(i)
        plon.append(float(x))
        plat.append(float(y))
        near.append(PRECISION_DISTANCE_M[precision][0])
        far.append(PRECISION_DISTANCE_M[precision][1])
    if idx:
        i = np.array(idx)
        _, _, d = Geod(ellps="WGS84").inv(
            lon[i], lat[i], np.array(plon), np.array(plat)
        )
        d = np.abs(d)
        near, far = np.array(near), np.array(far)
        fine[i] = (d <= far * (1 - _MARGIN)) & (d >= near * (1 + _MARGIN))
    return fine
