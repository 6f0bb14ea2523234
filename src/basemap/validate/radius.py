"""The optional ``radius`` of a period: a documented reach, as a range ring.

A period may carry ``radius``: ``{"km", "what", "source"}``, a figure a
source gives (say, the combat radius of the aircraft based at the site),
what it is, and that source with the words that give it (``quote``). The
map may draw it as a geodesic circle around the site
(:func:`basemap.geo.geodesy.range_ring`), never a planar one. The figure is
never estimated: no source, no ring.

:func:`radius_problems` checks one, as :mod:`basemap.io.layers` checks sources
(the schema, ``geodata/layer.schema.json``, checks its shape too);
:func:`basemap.render.measures.site_rings` gives the rings of a selection
for a page.

Examples
--------
>>> src = {"title": "Air forces", "publisher": "StrategyPage",
...        "date": "2006-09-02", "quote": "a combat radius of 380 kilometers"}
>>> radius_problems("a.geojson", "kant-rus-1", {"km": 380, "what": "Su-25",
...                 "source": src})
[]
>>> for p in radius_problems("a.geojson", "kant-rus-1",
...                          {"km": -1, "what": "Su-25", "source": src}):
...     print(p.prop, "|", p.message)
radius.km | -1 is not a positive number of km
"""

from __future__ import annotations

import math
from typing import Any

from ..dates import parse_date
from ..errors import Problem
from ..resources import seed_citations

__all__ = ["MAX_RADIUS_KM", "radius_problems"]

#: The largest radius accepted: half the distance round the globe.
MAX_RADIUS_KM = 20_000.0
_MEMBERS = {"km", "what", "source"}
_SOURCE_MEMBERS = {"seed", "quote", "supports", "title", "publisher", "date", "url"}


def radius_problems(file: str, fid: str | None, radius: Any) -> list[Problem]:
    """Every problem of one period's ``radius`` (empty when it is absent or
    valid), each with the file, the feature id and the member at fault.

    Beyond the schema: the source's date must be a real date, a seed must
    be one of ``geodata/seeds.json``, links are ``http``/``https`` only, and
    the quote (the source's own words for the figure) is required.
    """
    if radius is None:
        return []
    problems: list[Problem] = []

    def add(prop: str, message: str, hint: str) -> None:
        problems.append(Problem(file, fid, prop, message, hint))

    if not isinstance(radius, dict):
        add(
            "radius",
            f"not an object ({type(radius).__name__})",
            'write {"km": ..., "what": ..., "source": {...}}',
        )
        return problems
    for key in sorted(set(radius) - _MEMBERS):
        add(f"radius.{key}", "unknown member", "use only km, what and source")
    km = radius.get("km")
    if km is None:
        add("radius.km", "missing", "give the figure the source gives, in km")
    elif (
        isinstance(km, bool)
        or not isinstance(km, int | float)
        or not math.isfinite(km)
        or km <= 0
    ):
        add(
            "radius.km",
            f"{km!r} is not a positive number of km",
            "give the figure the source gives, in km",
        )
    elif km > MAX_RADIUS_KM:
        add(
            "radius.km",
            f"{km:g} km is more than half the way round the globe",
            "check the unit: the figure is in km",
        )
    what = radius.get("what")
    if not isinstance(what, str) or not what.strip():
        add(
            "radius.what",
            "missing or empty",
            "say what the figure is, e.g. the combat radius of the aircraft "
            "based there",
        )
    problems += _source_problems(file, fid, radius.get("source"))
    return problems


def _source_problems(file: str, fid: str | None, src: Any) -> list[Problem]:
    prop = "radius.source"
    out: list[Problem] = []

    def add(where: str, message: str, hint: str) -> None:
        out.append(Problem(file, fid, where, message, hint))

    if src is None:
        add(prop, "missing", "cite the source that gives the figure, with its words")
        return out
    if not isinstance(src, dict):
        add(
            prop,
            "not an object",
            'write {"title": ..., "publisher": ..., "date": ..., "quote": ...}',
        )
        return out
    for key in sorted(set(src) - _SOURCE_MEMBERS):
        add(f"{prop}.{key}", "unknown member", "remove it or check its spelling")
    quote = src.get("quote")
    if not isinstance(quote, str) or not quote.strip():
        add(
            f"{prop}.quote",
            "missing or empty",
            "quote the words of the source that give the figure",
        )
    if "seed" in src:
        cites = seed_citations()
        if cites and src["seed"] not in cites:
            add(
                f"{prop}.seed",
                f"unknown seed {src['seed']!r}",
                "cite a seed listed in geodata/seeds.json",
            )
        return out
    missing = [
        k
        for k in ("title", "publisher", "date")
        if not isinstance(src.get(k), str) or not src[k]
    ]
    if missing:
        add(
            prop,
            f"reference without {', '.join(missing)}",
            "a public reference has title, publisher and date",
        )
    date = src.get("date")
    if isinstance(date, str) and date:
        try:
            parse_date(date)
        except ValueError as exc:
            add(
                f"{prop}.date",
                str(exc),
                'write it as "YYYY", "YYYY-MM" or "YYYY-MM-DD"',
            )
    url = src.get("url")
    if url is not None and (
        not isinstance(url, str)
        or not url.lower().startswith(("http://", "https://"))
        or any(c.isspace() for c in url)
    ):
        add(
            f"{prop}.url",
            f"only http and https links are allowed ({url!r:.60})",
            "link to the public web page, or drop the url",
        )
    return out
