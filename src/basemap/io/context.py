"""Read and validate the context: dated events and alliance memberships.

The context frames the layers: the events of a year (openings and closures,
agreements, eviction notices, exercises, summits, unrest) and which
organisations (the Collective Security Treaty and the CSTO, the Shanghai
Five and the SCO, EurAsEC) each Central Asian state belonged to, and the
memberships of the outside powers present in the region (Russia, China). It is read
with the same checks as the layers (:mod:`basemap.io.layers`): the schema, the
date grammar, sources, codes, places; and, across records, unique ids,
memberships inside their organisation's life, no overlapping memberships of
the same state in the same organisation, and events that name a site lying
at that site.

Examples
--------
>>> context = read_context()
>>> andijan = next(e for e in context.events if e["id"] == "andijan")
>>> andijan["date"], andijan["host"]
('2005-05-12', 'UZB')
>>> sorted({m["organisation"] for m in context.memberships})
['cst', 'csto', 'eurasec', 'sco', 'shanghai-five']
>>> validate_context()
[]
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codes import HOSTS, MEMBERS, OPERATORS, is_operator
from ..errors import DataError, Problem
from ..geo.geodesy import geodesic_m
from ..resources import alliances_path, events_path
from ..validate.checker import Checker
from ..validate.rules import (
    HOST_HINT,
    MEMBER_HINT,
    OPERATOR_HINT,
    SITE_TOLERANCE_M,
    code_hint,
)
from ..wording import CENTRAL_ASIA
from .load import PathArg, load_json
from .vector import load_collection, without_repeats

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "BUNDLED_CONTEXT_HOSTS",
    "MAX_CONTEXT_BYTES",
    "OWN_CONTEXT",
    "Context",
    "bundled_fits",
    "check_context",
    "context_for",
    "layer_sites",
    "read_context",
    "validate_context",
]

#: Largest context file read, in bytes.
MAX_CONTEXT_BYTES = 64 * 2**20


@dataclass(frozen=True)
class Context:
    """The context read from the events and alliances files.

    Attributes
    ----------
    events : list of dict
        One per event, sorted by date: its properties, plus ``period`` (a
        :class:`basemap.dates.Period` from ``date`` to ``end``, or to
        ``date`` when it has no end), ``lon``/``lat`` (None for an event
        without a place) and ``file``.
    organisations : list of dict
        The organisations, each with its ``period``.
    memberships : list of dict
        One continuous spell of one state in one organisation, with its
        ``period``.
    as_of : str or None
        The latest ``as_of`` of the files read.
    """

    events: list[dict] = field(default_factory=list)
    organisations: list[dict] = field(default_factory=list)
    memberships: list[dict] = field(default_factory=list)
    as_of: str | None = None


#: A data folder's own context, beside its layers: the events, the alliances.
OWN_CONTEXT = ("context/events.geojson", "context/alliances.json")


def context_for(
    data: Iterable[PathArg] | PathArg | None,
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
) -> tuple[PathArg | bool | None, PathArg | bool | None]:
    """The events and alliances to read with the layers ``data``.

    A file given (or False, for none) is kept. Otherwise, with layers given,
    the data's own context: ``context/events.geojson`` and
    ``context/alliances.json`` in a folder given, or beside a file given (in
    its folder, or the folder above: ``layers/`` beside ``context/``); None
    where the data has none, and with the bundled layers (``data`` None):
    the bundled context, where it fits the layers (:func:`bundled_fits`).

    >>> context_for(None)
    (None, None)
    >>> import tempfile, pathlib
    >>> with tempfile.TemporaryDirectory() as d:
    ...     (pathlib.Path(d) / "context").mkdir()
    ...     _ = (pathlib.Path(d) / "context" / "events.geojson").write_text("{}")
    ...     events, alliances = context_for(d)
    ...     events.relative_to(d).as_posix(), alliances
    ('context/events.geojson', None)
    """
    if data is None:
        return events, alliances
    paths = [data] if isinstance(data, str | PathLike) else list(data)
    folders: list[Path] = []
    for raw in paths:
        path = Path(raw)
        folders += [path] if path.is_dir() else [path.parent, path.parent.parent]
    own: list[Path | None] = []
    for name in OWN_CONTEXT:
        found = next((f / name for f in folders if (f / name).is_file()), None)
        own.append(found)
    return (
        own[0] if events is None else events,
        own[1] if alliances is None else alliances,
    )


#: The bundled events and alliances are Central Asia's: its sites, its
#: states and the powers present there.
BUNDLED_CONTEXT_HOSTS = CENTRAL_ASIA


def bundled_fits(hosts) -> bool:
    """Whether the bundled context goes with layers whose sites lie in
    ``hosts``: only if they all lie in Central Asia. The bundled events name
    Central Asian sites and states; a map of Syria shows none of them.

    >>> bundled_fits(["KGZ", "TJK"]), bundled_fits(["KGZ", "SYR"]), bundled_fits([])
    (True, False, False)
    """
    hosts = set(hosts)
    return bool(hosts) and hosts <= BUNDLED_CONTEXT_HOSTS


def _default(kind: str) -> Path:
    return events_path() if kind == "events" else alliances_path()


def _check_events(checker, path: Path, data, sites) -> list[dict]:
    name = str(path)
    if data is None:
        return []
    as_of = checker.as_of(name, data)
    features = data.get("features")
    if not isinstance(features, list):
        checker.add(
            name, None, "features", "missing or not a list", 'add "features": [...]'
        )
        return []
    records, ids = [], {}
    for index, feature in enumerate(features):
        fid = f"#{index}"
        props = feature.get("properties") if isinstance(feature, dict) else None
        if isinstance(props, dict) and isinstance(props.get("id"), str):
            fid = props["id"] or fid
        if not isinstance(props, dict):
            checker.add(
                name,
                fid,
                "properties",
                "event is not a GeoJSON Feature with properties",
                "each item of features is a Feature (see the schema)",
            )
            continue
        before = len(checker.problems)
        checker.check_schema(name, fid, feature, "event")
        lonlat = None
        geometry = feature.get("geometry")
        if geometry is not None:
            if props.get("host") is None:
                checker.add(
                    name,
                    fid,
                    "host",
                    "an event placed on the map must name its host state",
                    'add "host", or make geometry null for an event without '
                    "a place on the map",
                )
            lonlat = checker.check_point(name, fid, geometry, props)
        period = checker.check_dates(
            name, fid, props, as_of, keys=("date", "end"), optional_end=True
        )
        checker.check_sources(name, fid, props.get("sources"))
        for i, code in enumerate(props.get("countries") or []):
            if (
                isinstance(code, str)
                and re.fullmatch("[A-Z]{3,4}", code)
                and not is_operator(code)
            ):
                checker.add(
                    name,
                    fid,
                    f"countries[{i}]",
                    f"unknown code {code!r}",
                    code_hint(code, OPERATORS, OPERATOR_HINT),
                )
        checker.code(name, fid, props, "host", HOSTS, HOST_HINT)
        site = props.get("site")
        if isinstance(site, str) and sites is not None:
            if site not in sites:
                checker.add(
                    name,
                    fid,
                    "site",
                    f"no site {site!r} in the layers",
                    "use the site of a layer feature, or drop site",
                )
            elif lonlat is not None:
                d = geodesic_m(*lonlat, *sites[site])
                if d > SITE_TOLERANCE_M:
                    checker.add(
                        name,
                        fid,
                        "geometry.coordinates",
                        f"{d / 1000:.1f} km from the site {site!r} it names",
                        "place the event at the site's point",
                    )
        if fid in ids and not fid.startswith("#"):
            checker.add(
                name,
                fid,
                "id",
                f"duplicate id, also in {ids[fid]}",
                "give every event a unique id",
            )
        ids.setdefault(fid, name)
        if len(checker.problems) == before and period is not None:
            record = dict(props)
            record.update(
                period=period,
                file=name,
                as_of=as_of,
                lon=lonlat[0] if lonlat else None,
                lat=lonlat[1] if lonlat else None,
            )
            records.append(record)
    return records


def _check_items(checker, name, data, key, kind, as_of) -> list[dict]:
    """Check the organisations or memberships of an alliances file."""
    items = data.get(key)
    if not isinstance(items, list):
        checker.add(name, None, key, "missing or not a list", f'add "{key}": [...]')
        return []
    records, ids = [], set()
    for index, item in enumerate(items):
        fid = f"{key}[{index}]"
        if not isinstance(item, dict):
            checker.add(
                name, fid, None, "not a JSON object", "see the schema of this file"
            )
            continue
        if isinstance(item.get("id"), str) and item["id"]:
            fid = item["id"]
        before = len(checker.problems)
        checker.check_schema(name, fid, item, kind)
        period = checker.check_dates(name, fid, item, as_of)
        checker.check_sources(name, fid, item.get("sources"))
        if fid in ids:
            checker.add(
                name, fid, "id", f"duplicate id in {key}", "give each a unique id"
            )
        ids.add(fid)
        if len(checker.problems) == before and period is not None:
            records.append(dict(item, period=period, file=name, as_of=as_of))
    return records


def _check_alliances(checker, path: Path) -> tuple[list[dict], list[dict]]:
    name = str(path)
    data, problems = load_json(path, MAX_CONTEXT_BYTES, collection=False)
    checker.problems += problems
    if data is None:
        return [], []
    as_of = checker.as_of(name, data)
    orgs = _check_items(checker, name, data, "organisations", "organisation", as_of)
    members = _check_items(checker, name, data, "memberships", "membership", as_of)
    by_id = {o["id"]: o for o in orgs}
    known = {
        o.get("id") for o in data.get("organisations") or [] if isinstance(o, dict)
    }
    kept = []
    for m in members:
        fid, org = m["id"], by_id.get(m["organisation"])
        if m["member"] not in MEMBERS:
            checker.add(
                name,
                fid,
                "member",
                f"unknown code {m['member']!r}",
                code_hint(m["member"], MEMBERS, MEMBER_HINT),
            )
            continue
        if org is None:
            if m["organisation"] not in known:
                checker.add(
                    name,
                    fid,
                    "organisation",
                    f"no organisation {m['organisation']!r}",
                    f"use one of: {', '.join(sorted(by_id))}",
                )
            continue  # a broken organisation is reported already
        if not m["period"].within(org["period"]):
            checker.add(
                name,
                fid,
                "start",
                f"{m['start']} to {m['end'] or 'now'} is outside the life of "
                f"{org['id']!r} ({org['start']} to {org['end'] or 'now'})",
                "correct the membership's dates or the organisation's",
            )
            continue
        kept.append(m)
    groups: dict[tuple[str, str], list[dict]] = {}
    for m in kept:
        groups.setdefault((m["organisation"], m["member"]), []).append(m)
    for group in groups.values():
        group.sort(key=lambda m: m["period"].earliest_start)
        for a, b in itertools.pairwise(group):
            if a["period"].overlaps(b["period"]):
                checker.add(
                    name,
                    b["id"],
                    "start",
                    f"overlaps {a['id']!r} ({a['start']} to {a['end'] or 'now'}) "
                    "of the same state and organisation",
                    "make consecutive memberships meet without overlapping",
                )
    return orgs, kept


def check_context(
    events: PathArg | bool | None,
    alliances: PathArg | bool | None,
    sites: Mapping[str, tuple[float, float]] | None,
    *,
    check_location: bool = True,
) -> tuple[list[Problem], Context]:
    """Read and check the events and alliances files: (every problem, the
    context of the good records). The arguments are those of
    :func:`read_context`.

    >>> problems, context = check_context(None, None, None)
    >>> problems, len(context.organisations)
    ([], 5)
    """
    checker = Checker(check_location=check_location)
    records: list[dict] = []
    orgs: list[dict] = []
    members: list[dict] = []
    if events is not False:
        path = Path(events) if events is not None else _default("events")
        data, problems = load_collection(path, MAX_CONTEXT_BYTES)
        checker.problems += problems
        found = len(checker.problems)
        records = _check_events(checker, path, data, sites)
        # what the loader could not read, it said: not "missing" again
        checker.problems[found:] = without_repeats(checker.problems[found:], data)
    if alliances is not False:
        path = Path(alliances) if alliances is not None else _default("alliances")
        orgs, members = _check_alliances(checker, path)
    records.sort(key=lambda r: (r["period"].earliest_start, r["id"]))
    dates = [r["as_of"] for r in records + orgs + members if r.get("as_of")]
    context = Context(records, orgs, members, max(dates) if dates else None)
    return checker.problems, context


def validate_context(
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    *,
    sites: Mapping[str, tuple[float, float]] | None = None,
) -> list[Problem]:
    """Check the events and alliances files; return every problem found.

    Parameters
    ----------
    events, alliances : path, None or False
        The files to check; None checks the bundled one, False skips it.
    sites : mapping, optional
        Site id -> (lon, lat) of the layers: an event that names a site must
        name one of these and lie at it. Without it, the link is not checked.
    """
    return check_context(events, alliances, sites)[0]


def read_context(
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    *,
    sites: Mapping[str, tuple[float, float]] | None = None,
    check_location: bool = True,
) -> Context:
    """Read and validate the events and alliances files.

    Parameters are those of :func:`validate_context`; ``check_location``
    checks that each placed event lies in its host state (default True).

    Raises
    ------
    DataError
        Listing every problem found.
    """
    problems, context = check_context(
        events, alliances, sites, check_location=check_location
    )
    if problems:
        raise DataError(problems)
    return context


def layer_sites(layers: Any) -> dict[str, tuple[float, float]]:
    """Site id -> (lon, lat) of a GeoDataFrame from :func:`read_layers`."""
    if not len(layers):
        return {}
    first = layers.drop_duplicates("site")
    return {
        site: (float(g.x), float(g.y))
        for site, g in zip(first["site"], first.geometry, strict=True)
    }
