"""The per-feature rules of validation, and every message they give.

:mod:`basemap.read` checks layer files and :mod:`basemap.context` the events
and alliances with these rules, one item at a time: they are the reference
for what is reported, and how. For large layers, :mod:`basemap.checks` first
screens whole columns at once, and only the features it cannot clear go
through these rules (so the messages are always theirs).
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from .dates import Period, parse_date
from .errors import Problem

__all__ = [
    "BORDER_TOLERANCE_M",
    "COLUMNS",
    "HOST_HINT",
    "OPERATOR_HINT",
    "PRECISION_DISTANCE_M",
    "SITE_TOLERANCE_M",
]

#: How far outside its host country's (simplified) boundary a site may lie.
BORDER_TOLERANCE_M = 1_000.0
#: How far apart two periods of the same site may be placed.
SITE_TOLERANCE_M = 1_000.0
#: How far from its named place a point of each ``location_precision`` may
#: lie, as (nearest, farthest) in metres. A town-precision point is the
#: town's own point; an installation or airfield lies near, not at, its town.
PRECISION_DISTANCE_M = {
    "town": (0.0, 5_000.0),
    "airfield": (1_000.0, 50_000.0),
    "installation": (1_000.0, 50_000.0),
}

#: Hints for an unknown operator or host code.
OPERATOR_HINT = "use an ISO 3166-1 alpha-3 code or NATO/CSTO"
HOST_HINT = "use the alpha-3 code of a Central Asian state"

#: Columns of the GeoDataFrame returned by :func:`read_layers`.
COLUMNS = [
    "id",
    "site",
    "name",
    "label",
    "aliases",
    "operator",
    "host",
    "kind",
    "status",
    "start",
    "end",
    "personnel",
    "equipment",
    "units",
    "notes",
    "place",
    "location_precision",
    "location_note",
    "radius",
    "sources",
    "as_of",
    "file",
    "period",
]

_WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def _def_schema(kind: str = "feature") -> dict:
    """One type of the schema's ``$defs`` (a feature, an event, ...) as a
    schema of its own."""
    from .data import load_schema

    return {"$ref": f"#/$defs/{kind}", "$defs": load_schema()["$defs"]}


@cache
def _fast_validator(kind: str = "feature"):
    """The same check compiled to Python code: a fast gate for valid data."""
    import fastjsonschema

    return fastjsonschema.compile(
        {**_def_schema(kind), "$schema": "http://json-schema.org/draft-07/schema#"}
    )


@cache
def _validator(kind: str = "feature"):
    """A validator of one item against a type of the schema's ``$defs``."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_def_schema(kind))


@cache
def _host_shapes() -> dict[str, Any]:
    """Host alpha-3 -> prepared shapely geometry, and every country's shape."""
    import shapely
    from shapely.geometry import shape

    from .data import load_boundaries

    shapes = {}
    for feat in load_boundaries()["features"]:
        geom = shape(feat["geometry"])
        shapely.prepare(geom)
        shapes[feat["properties"]["iso_a3"]] = (feat["properties"]["name"], geom)
    return shapes


def _geodesic_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    from pyproj import Geod

    return abs(Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)[2])


def _distance_to_m(geom, lon: float, lat: float) -> float:
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    near = nearest_points(geom.boundary, Point(lon, lat))[0]
    return _geodesic_m(lon, lat, near.x, near.y)


def _country_at(lon: float, lat: float) -> str | None:
    from shapely.geometry import Point

    point = Point(lon, lat)
    for name, geom in _host_shapes().values():
        if geom.contains(point):
            return name
    return None


class _Rules:
    """Checks of one item (a feature, an event, a membership), each adding
    :class:`~basemap.errors.Problem` objects to ``self.problems``."""

    problems: list[Problem]

    def add(self, file, fid, prop, message, hint="") -> None:
        self.problems.append(Problem(file, fid, prop, message, hint))

    # -- files -----------------------------------------------------------
    def code(self, name, fid, props, prop, table, hint) -> None:
        """Report a code in ``props[prop]`` that ``table`` does not know."""
        value = props.get(prop)
        if isinstance(value, str) and value not in table:
            known = ", ".join(sorted(table))
            self.add(
                name, fid, prop, f"unknown code {value!r}", f"{hint}; known: {known}"
            )

    # -- features --------------------------------------------------------
    def _schema(self, name: str, fid: str, feature: dict, kind="feature") -> None:
        import fastjsonschema

        try:
            _fast_validator(kind)(feature)
            return
        except fastjsonschema.JsonSchemaException:
            pass  # report every problem, with jsonschema's detail
        errors = sorted(
            _validator(kind).iter_errors(feature),
            key=lambda e: list(map(str, e.absolute_path)),
        )
        for err in errors:
            raw = [str(p) for p in err.absolute_path]
            if raw[:1] == ["geometry"]:
                continue  # checked by _geometry, with a clearer message
            path = raw[1:] if raw[:1] == ["properties"] else raw
            if path[:1] and path[0] in ("start", "end", "date", "sources", "radius"):
                continue  # checked by _dates and _sources
            prop = ".".join(path) or None
            if err.validator == "required":
                missing = err.message.split("'")[1]
                if not raw and missing == "geometry":
                    continue  # reported by _geometry
                self.add(
                    name,
                    fid,
                    missing,
                    "missing required property",
                    f"add {missing!r} (see geodata/README.md)",
                )
            elif err.validator == "additionalProperties":
                self.add(
                    name,
                    fid,
                    prop,
                    err.message,
                    "remove it or check its spelling (see the schema)",
                )
            elif err.validator == "type":
                expected = err.validator_value
                self.add(
                    name,
                    fid,
                    prop,
                    f"wrong type: {type(err.instance).__name__} "
                    f"({json.dumps(err.instance)[:40]})",
                    f"expected {expected}",
                )
            elif err.validator == "pattern":
                self.add(
                    name,
                    fid,
                    prop,
                    f"{err.instance!r} is not allowed here",
                    f"it must match {err.validator_value}",
                )
            elif err.validator == "enum":
                self.add(
                    name,
                    fid,
                    prop,
                    f"{err.instance!r} is not allowed",
                    f"use one of {', '.join(map(str, err.validator_value))}",
                )
            else:
                self.add(name, fid, prop, err.message[:200], "see the schema")

    def _dates(
        self, name, fid, props, as_of, keys=("start", "end"), optional_end=False
    ) -> Period | None:
        """Parse and check a start and end (``keys``); None if either is bad.

        By default the end is required and null means still present. With
        ``optional_end`` (an event) it may be left out, meaning it ends on
        the day it starts, and it may not be null.
        """
        parsed = {}
        start_key, end_key = keys
        for key in keys:
            prop = "start" if key == start_key else "end"
            value = props.get(key, ...)
            if value is ...:
                continue  # reported as missing by the schema
            if prop == "end" and value is None and not optional_end:
                parsed[prop] = None
                continue
            if not isinstance(value, str):
                self.add(
                    name,
                    fid,
                    key,
                    f"not a date string ({json.dumps(value)})",
                    'write it as "YYYY", "YYYY-MM" or "YYYY-MM-DD"'
                    + (
                        ", or null if still present"
                        if prop == "end" and not optional_end
                        else ""
                    ),
                )
                continue
            try:
                parsed[prop] = parse_date(value)
            except ValueError as exc:
                self.add(
                    name,
                    fid,
                    key,
                    str(exc),
                    'write it as "YYYY", "YYYY-MM" or "YYYY-MM-DD", '
                    "adding ~ (approximate) or ? (uncertain) if needed",
                )
                continue
            if as_of is not None and parsed[prop].earliest > parse_date(as_of).latest:
                del parsed[prop]
                self.add(
                    name,
                    fid,
                    key,
                    f"{value!r} is after the file's as_of ({as_of}), the day the "
                    "data was last checked",
                    "if it has not ended yet, write null (still present)"
                    if prop == "end" and not optional_end
                    else "a date not yet reached cannot be sourced: check the year",
                )
        if optional_end and end_key not in props and "start" in parsed:
            parsed["end"] = parsed["start"]  # a one-day (or one-month...) event
        if "start" not in parsed or "end" not in parsed:
            return None
        period = Period(
            parsed["start"],
            parsed["end"],
            None if as_of is None else parse_date(as_of).earliest,
        )
        if not period.is_ordered():
            self.add(
                name,
                fid,
                end_key,
                f"ends ({props[end_key]}) before it starts ({props[start_key]})",
                "swap start and end, or correct the wrong one",
            )
            return None
        return period

    def _sources(self, name, fid, sources) -> None:
        if sources is None:
            return  # reported as missing by the schema
        if not isinstance(sources, list) or not sources:
            self.add(
                name,
                fid,
                "sources",
                "no sources",
                "cite at least one seed (with a quote) or public reference",
            )
            return
        for i, src in enumerate(sources):
            prop = f"sources[{i}]"
            if not isinstance(src, dict):
                self.add(
                    name,
                    fid,
                    prop,
                    "not an object",
                    'write {"seed": ..., "quote": ...} or '
                    '{"title": ..., "publisher": ..., "date": ...}',
                )
                continue
            url = src.get("url")
            if url is not None:
                scheme = url.split(":", 1)[0].lower() if isinstance(url, str) else ""
                if (
                    not isinstance(url, str)
                    or scheme not in ("http", "https")
                    or (not url.lower().startswith(("http://", "https://")))
                    or any(c.isspace() for c in url)
                ):
                    self.add(
                        name,
                        fid,
                        f"{prop}.url",
                        f"only http and https links are allowed ({url!r:.60})",
                        "link to the public web page, or drop the url",
                    )
            if "seed" in src:
                missing = [k for k in ("quote",) if not src.get(k)]
                if missing:
                    self.add(
                        name,
                        fid,
                        prop,
                        "seed source without a quote",
                        "quote the words of the seed that support the fact",
                    )
            elif not all(
                isinstance(src.get(k), str) and src.get(k)
                for k in ("title", "publisher", "date")
            ):
                missing = [k for k in ("title", "publisher", "date") if not src.get(k)]
                self.add(
                    name,
                    fid,
                    prop,
                    f"reference without {', '.join(missing)}",
                    "a public reference has title, publisher and date",
                )
            elif isinstance(src.get("date"), str):
                try:
                    parse_date(src["date"])
                except ValueError as exc:
                    self.add(
                        name,
                        fid,
                        f"{prop}.date",
                        str(exc),
                        'write it as "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
                    )
            extra = set(src) - {
                "seed",
                "quote",
                "supports",
                "title",
                "publisher",
                "date",
                "url",
            }
            if extra:
                self.add(
                    name,
                    fid,
                    prop,
                    f"unknown member {sorted(extra)[0]!r}",
                    "remove it or check its spelling",
                )
