"""The per-feature rules of validation, and every message they give.

:mod:`basemap.io.layers` checks layer files and :mod:`basemap.io.context` the events
and alliances with these rules, one item at a time: they are the reference
for what is reported, and how. For large layers, :mod:`basemap.validate.screen` first
screens whole columns at once, and only the features it cannot clear go
through these rules (so the messages are always theirs).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from functools import cache
from importlib import import_module
from typing import Any

from ..codes import former_state, suggest
from ..dates import Period, parse_date
from ..errors import Problem
from ..geo.geodesy import geodesic_m
from ..resources import load_boundaries, load_schema
from ..text import BIDI_CONTROLS, describe_char

__all__ = [
    "BORDER_TOLERANCE_M",
    "COAST_TOLERANCE_M",
    "COLUMNS",
    "DRAWN_TEXT",
    "HOST_HINT",
    "LISTED_CODES",
    "MAX_ID",
    "MEMBER_HINT",
    "OPERATOR_HINT",
    "PRECISION_DISTANCE_M",
    "SCHEMA_KINDS",
    "SITE_TOLERANCE_M",
    "WGS84_CRS_NAMES",
    "Rules",
    "code_hint",
    "country_at",
    "distance_to_m",
    "host_shapes",
    "nearest_state",
    "schema_digest",
    "shown",
    "validator_code",
]

#: How far outside its host country's boundary (Natural Earth 1:50m) a site
#: may lie: as far as the border is drawn from where it runs.
BORDER_TOLERANCE_M = 1_000.0
#: How far off its host's coast (Natural Earth 1:50m) a site at sea may lie,
#: when no other state is nearer: 1:50m coasts are generalised, and a
#: naval base's piers stand in the water (Tartus's lie 1.5 km off Syria's
#: 1:50m outline, Guantanamo Bay's 1.7 km off Cuba's).
COAST_TOLERANCE_M = 5_000.0
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


def shown(value: Any, limit: int = 60) -> str:
    """A value in a message, as the user wrote it: text in double quotes,
    Cyrillic as Cyrillic (never ``\\u``-escaped); longer than ``limit``
    characters, cut with an ellipsis inside its quotes and brackets, so
    that none is left open.

    >>> shown("Кант")
    '"Кант"'
    >>> shown("(4:Strategischer Lufttransportstützpunkt Termez,StratLTStp Termez)", 30)
    '"(4:Strategischer Lufttranspor…"'
    >>> shown(["Kant", "Кант", "Aviabaza Kant", "999th Air Base"], 30)
    '["Kant", "Кант", …]'
    >>> shown(None), shown(74.85)
    ('null', '74.85')
    """
    if isinstance(value, str):
        if len(value) > limit:
            value = value[: max(1, limit - 1)] + "…"
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple | dict):
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        parts: list[str] = []
        size = 2
        for key, item in pairs:
            head = (
                f"{json.dumps(str(key), ensure_ascii=False)}: "
                if isinstance(value, dict)
                else ""
            )
            part = head + shown(item, max(8, limit - size - len(head)))
            if parts and size + len(part) > limit:
                parts.append("…")
                break
            parts.append(part)
            size += len(part) + 2
        inner = ", ".join(parts)
        return "{" + inner + "}" if isinstance(value, dict) else "[" + inner + "]"
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)[:limit]


#: Hints for an unknown operator or host code.
OPERATOR_HINT = "use an ISO 3166-1 alpha-3 code or one of the organisations CSTO, NATO"
HOST_HINT = (
    "use the ISO 3166-1 alpha-3 code of the state the site is in (for a "
    "breakaway territory, the recognised state, and name it in territory)"
)
MEMBER_HINT = "a member is a state: use its ISO 3166-1 alpha-3 code"
#: A table longer than this is not listed in a message: the nearest code is.
LISTED_CODES = 30

#: The longest site id or feature id: a site's id names its page
#: (``sites/ID.html``, which a file system must hold) and its address
#: (``#site=ID``: at most 100 characters, render/static/filters.js).
MAX_ID = 100
#: The properties drawn as one line of text after which basemap writes more
#: (a label is "name (OPERATOR)"): no line break or tab, no bidi
#: formatting character (it would reorder what follows), and at least one
#: visible character.
DRAWN_TEXT = ("name", "label", "kind", "aliases")
#: Categories of characters that show nothing by themselves (spaces,
#: controls, format characters such as U+200B, combining marks alone).
_UNSEEN = frozenset(("Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"))

#: Columns of the GeoDataFrame returned by :func:`read_layers`.
COLUMNS = [
    "id",
    "site",
    "name",
    "label",
    "aliases",
    "operator",
    "host",
    "territory",
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

WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def _def_schema(kind: str = "feature") -> dict:
    """One type of the schema's ``$defs`` (a feature, an event, ...) as a
    schema of its own."""
    return {"$ref": f"#/$defs/{kind}", "$defs": load_schema()["$defs"]}


#: The types of the schema's ``$defs`` checked one item at a time; a
#: compiled validator of each ships in ``basemap/_validators``.
SCHEMA_KINDS = ("feature", "event", "organisation", "membership")

_VALIDATOR_HEADER = '''"""The compiled check of one {kind} of the layer schema.

Generated by ``python scripts/make_validators.py`` (fastjsonschema's
``compile_to_code``): do not edit. :mod:`basemap.validate.rules` uses it only while
``SCHEMA_DIGEST`` is the digest of the schema (``geodata/layer.schema.json``)
in use, and otherwise compiles the schema itself.
"""

# ruff: noqa
__all__ = ["SCHEMA_DIGEST", "validate"]

SCHEMA_DIGEST = "{digest}"

'''


def _fast_definition(kind: str) -> dict:
    return {**_def_schema(kind), "$schema": "http://json-schema.org/draft-07/schema#"}


def schema_digest(kind: str) -> str:
    """What a compiled validator of ``kind`` is made from: that type's
    schema, as a SHA-256 digest.

    >>> len(schema_digest("feature"))
    64
    """
    text = json.dumps(_fast_definition(kind), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def validator_code(kind: str) -> str:
    """The Python source of ``basemap/_validators/<kind>.py``: the compiled
    check of one item of that type (see ``scripts/make_validators.py``)."""
    import fastjsonschema

    header = _VALIDATOR_HEADER.format(kind=kind, digest=schema_digest(kind))
    return header + fastjsonschema.compile_to_code(_fast_definition(kind))


@cache
def _fast_validator(kind: str = "feature"):
    """The same check compiled to Python code: a fast gate for valid data.

    The module made from this schema ahead of time is imported (from its
    cached bytecode, in a millisecond); only if it is missing or was made
    from another schema is the schema compiled here, which takes 10-35 ms a
    type (a sixth of ``basemap build`` for the four).
    """
    try:
        module = import_module(f"._validators.{kind}", __package__)
    except ImportError:
        module = None
    if module is not None and schema_digest(kind) == module.SCHEMA_DIGEST:
        return module.validate
    import fastjsonschema

    return fastjsonschema.compile(_fast_definition(kind))


@cache
def _validator(kind: str = "feature"):
    """A validator of one item against a type of the schema's ``$defs``."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_def_schema(kind))


@cache
def _units() -> tuple[tuple[str, Any, str | None, tuple[str, ...]], ...]:
    """Every unit of the 1:50m borders: (name, prepared shape, alpha-3 or
    None, the states a disputed unit counts as part of)."""
    import shapely
    from shapely.geometry import shape

    out = []
    for feat in load_boundaries("50m")["features"]:
        props = feat["properties"]
        geom = shape(feat["geometry"])
        shapely.prepare(geom)
        claimants = tuple(props.get("claimants") or ())
        out.append((props["name"], geom, props.get("iso_a3"), claimants))
    return tuple(out)


@cache
def host_shapes() -> dict[str, Any]:
    """Host alpha-3 -> (name, prepared shapely geometry): the state's outline
    in the 1:50m borders (unsimplified), with the disputed units it may host
    a site in (:data:`basemap.codes.UNCODED_UNITS`: Kosovo for Serbia,
    Crimea for Ukraine or Russia, ...)."""
    import shapely

    own = {code: (name, geom) for name, geom, code, _ in _units() if code}
    extra: dict[str, list] = {}
    for _, geom, code, claimants in _units():
        for state in claimants if not code else ():
            if state in own:
                extra.setdefault(state, []).append(geom)
    shapes = {}
    for code, (name, geom) in own.items():
        if code in extra:
            geom = shapely.union_all([geom, *extra[code]])
            shapely.prepare(geom)
        shapes[code] = (name, geom)
    return shapes


def distance_to_m(geom, lon: float, lat: float) -> float:
    from shapely.geometry import Point
    from shapely.ops import nearest_points

    near = nearest_points(geom.boundary, Point(lon, lat))[0]
    return geodesic_m(lon, lat, near.x, near.y)


def country_at(lon: float, lat: float) -> str | None:
    """The name of the unit of the borders (a state or a disputed area) that
    holds a point, or None at sea."""
    from shapely.geometry import Point

    point = Point(lon, lat)
    for name, geom, _, _ in _units():
        if geom.contains(point):
            return name
    return None


def nearest_state(lon: float, lat: float, within_m: float) -> str | None:
    """The alpha-3 code of the state nearest a point, of those within
    ``within_m`` of it (as :func:`host_shapes` draws them), or None.

    >>> nearest_state(35.874, 34.915, 5_000)  # Tartus, the Russian piers
    'SYR'
    """
    degrees = within_m / 100_000 + 0.01  # a degree is at least 100 km here
    near = None
    for code, (_, geom) in host_shapes().items():
        x0, y0, x1, y1 = geom.bounds
        if not (
            x0 - degrees <= lon <= x1 + degrees and y0 - degrees <= lat <= y1 + degrees
        ):
            continue
        d = distance_to_m(geom, lon, lat)
        if d <= within_m and (near is None or d < near[0]):
            near = (d, code)
    return None if near is None else near[1]


def code_hint(value: str, table, hint: str) -> str:
    """The hint for an unknown code: what is accepted, and the code meant.

    A short table is listed; a long one (every ISO 3166-1 state) is not,
    and the nearest code, or the code of a name written for one, is named.

    >>> code_hint("RUSS", {"RUS": "Russia", "NATO": "NATO"}, "use a code")
    'use a code; known: NATO, RUS'
    >>> from basemap.codes import OPERATORS
    >>> code_hint("RUSS", OPERATORS, "use a code")
    'use a code; did you mean RUS (Russia)?'
    """
    if len(table) <= LISTED_CODES:
        return f"{hint}; known: {', '.join(sorted(table))}"
    if (former := former_state(value)) is not None:
        return f"{hint}; {value} is {former}, whose code ISO 3166-1 withdrew"
    meant = suggest(value, table)
    return f"{hint}; did you mean {meant}?" if meant else hint


class Rules:
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
            self.add(
                name,
                fid,
                prop,
                f"unknown code {value!r}",
                code_hint(value, table, hint),
            )

    # -- features --------------------------------------------------------
    def check_schema(self, name: str, fid: str, feature: dict, kind="feature") -> None:
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
                    f"({shown(err.instance, 40)})",
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

    def check_dates(
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
                    f"not a date string ({shown(value)})",
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

    def check_text(self, name: str, fid: str, props: dict) -> None:
        """The ids a file name is made of are short enough (:data:`MAX_ID`);
        the text drawn as a label (:data:`DRAWN_TEXT`) is one visible line
        that cannot reorder what is drawn after it."""
        for prop in ("id", "site"):
            value = props.get(prop)
            if isinstance(value, str) and len(value) > MAX_ID:
                self.add(
                    name,
                    fid,
                    prop,
                    f"is {len(value)} characters long, more than {MAX_ID}",
                    "shorten it: a site's id names its page (sites/ID.html) "
                    "and its link",
                )
        for prop in DRAWN_TEXT:
            value = props.get(prop)
            items = value if isinstance(value, list) else [value]
            for i, text in enumerate(items):
                if not isinstance(text, str) or not text:
                    continue  # (the schema says what it expected)
                where = f"{prop}[{i}]" if isinstance(value, list) else prop
                self._drawn(name, fid, where, text)

    def _drawn(self, name: str, fid: str, prop: str, text: str) -> None:
        for at, ch in enumerate(text):
            if ch in BIDI_CONTROLS:
                self.add(
                    name,
                    fid,
                    prop,
                    f"holds {describe_char(ch)} at character {at + 1}, which "
                    "reorders the text drawn after it (the operator's code)",
                    "remove it: the name keeps its own direction without it",
                )
                return
            if unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
                self.add(
                    name,
                    fid,
                    prop,
                    f"holds {describe_char(ch)} at character {at + 1}: it is "
                    "drawn as one line",
                    "write it on one line, without tabs",
                )
                return
        if all(ch.isspace() or unicodedata.category(ch) in _UNSEEN for ch in text):
            self.add(
                name,
                fid,
                prop,
                f"has no visible character ({text!r})",
                "write it as it is shown (spaces and zero-width characters "
                "alone show nothing)",
            )

    def check_sources(self, name, fid, sources) -> None:
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
