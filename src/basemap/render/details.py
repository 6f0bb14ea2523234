"""A page's sources, carried so that they cost nothing until a reader asks.

Every fact keeps its source where the reader meets it: a site's popup
lists, for each period, its notes, personnel, equipment, units and every
source with its quote, and says how its location is known. Those details
are most of a page's weight (two thirds of the bundled data's bytes are
sources) and none of what it draws, labels or searches, so a page carries
its periods lean (name, label,
aliases, kind, status, dates: :func:`lean_periods`) and their details
apart, read when a popup first needs them:

* a single page (``basemap build``) stays one self-contained file: its
  details are an inline ``<script type="application/json"
  id="basemap-details">`` block, which the browser does not parse as
  script, and the page parses on the first popup (:func:`details_of`);
* an export's pages share the details of every year in a few files
  (``details/00.js`` ...; :func:`details_files`), each a classic script
  that hands its part to the page (``basemapDetailsChunk(n, {...})``),
  loaded by a ``<script src>`` on the first popup of a site it holds. A
  classic script loads from ``file://`` offline, where ``fetch`` does not;
  the 35 yearly maps and the timeline of an export no longer each carry
  every source they show, and a source is written once, not once a year.

A site's details are in the file :func:`chunk_of` names from its id (the
page computes the same number); the store is keyed by ``site/operator``,
then by period id. The files' number grows with the sites
(:data:`SITES_PER_CHUNK` each, about), so a popup reads a small file
however large the layer.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..resources import seed_citations
from .assets import script_json

__all__ = [
    "DETAIL_FIELDS",
    "SITES_PER_CHUNK",
    "DetailsFiles",
    "chunk_count",
    "chunk_names",
    "chunk_of",
    "cite_seeds",
    "details_files",
    "details_of",
    "lean_periods",
    "period_details",
]

#: The members of a period that only its popup shows: moved out of the
#: embedded periods into the page's details.
DETAIL_FIELDS = ("personnel", "equipment", "units", "notes", "radius", "sources")

#: How many sites one file of an export's details holds, about (a file of
#: synthetic sites of real weight: about 350 KB).
SITES_PER_CHUNK = 64


@dataclass(frozen=True)
class DetailsFiles:
    """Where an export's pages find their details: ``href`` (relative,
    ending in "/") holds ``chunks`` files named ``00.js``, ``01.js`` ..."""

    href: str
    chunks: int

    def option(self) -> dict:
        """The page option that tells the script where to look."""
        return {"href": self.href, "chunks": self.chunks}


def chunk_of(site: str, chunks: int) -> int:
    """The file that holds ``site``'s details: FNV-1a (32 bits) over the
    UTF-16 code units of its id, modulo ``chunks`` (what the page computes,
    ``basemapChunkOf`` in popups.js).

    >>> chunk_of("manas", 1)
    0
    >>> [chunk_of(s, 16) for s in ("manas", "kant", "ayni")]
    [11, 11, 14]
    """
    h = 0x811C9DC5
    data = site.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | (data[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % chunks


def lean_periods(periods: list[dict]) -> list[dict]:
    """Periods without their details (see :data:`DETAIL_FIELDS`): what a
    page draws, labels and searches by.

    >>> lean_periods([{"id": "a", "name": "A", "notes": "n", "sources": []}])
    [{'id': 'a', 'name': 'A'}]
    """
    return [{k: v for k, v in p.items() if k not in DETAIL_FIELDS} for p in periods]


def period_details(period: Mapping) -> dict:
    """A period's details, its seed sources carrying ``cite`` (their
    bibliographic reference, from ``geodata/seeds.json``).

    >>> period_details({"id": "a", "notes": "n", "sources": [{"seed": "x"}]})
    {'notes': 'n', 'sources': [{'seed': 'x'}]}
    """
    (out,) = cite_seeds([{k: period[k] for k in DETAIL_FIELDS if k in period}])
    return out


def cite_seeds(periods: list[dict]) -> list[dict]:
    """Periods whose seed sources carry ``cite``, their reference (copies)."""
    cites = seed_citations()
    if not any(s.get("seed") for p in periods for s in p.get("sources", ())):
        return periods
    out = []
    for period in periods:
        sources = [
            dict(s, cite=cites[s["seed"]]) if s.get("seed") in cites else s
            for s in period.get("sources", ())
        ]
        out.append(dict(period, sources=sources) if "sources" in period else period)
    return out


def details_of(rows: Iterable[Mapping]) -> dict[str, dict[str, dict]]:
    """The details of the periods of ``rows`` (records of styled
    selections, of one year or many): ``{"site/operator": {period id:
    details}}``, sorted, each period once; a period a row shows last also
    carries the row's ``location_note`` (the note on where the site is,
    which is its last period's, a third of a large page's features)."""
    store: dict[str, dict[str, dict]] = {}
    done: set[int] = set()
    for row in rows:
        periods = row["periods"]
        if id(periods) in done:  # shared records: a site seen in many years
            continue
        done.add(id(periods))
        own = store.setdefault(f"{row['site']}/{row['operator']}", {})
        for period in periods:
            if period["id"] not in own:
                own[period["id"]] = period_details(period)
        # the note on where the site is: its last period's (as the row's)
        note = row.get("location_note")
        if note:
            own[periods[-1]["id"]]["location_note"] = note
    return {k: dict(sorted(v.items())) for k, v in sorted(store.items())}


def chunk_count(sites: int) -> int:
    """How many files an export's details of ``sites`` sites are cut in:
    :data:`SITES_PER_CHUNK` sites a file, known from the layers alone, so
    that an export names its files before it writes any.

    >>> chunk_count(28), chunk_count(10_000)
    (1, 157)
    """
    return max(1, math.ceil(sites / SITES_PER_CHUNK))


def chunk_names(chunks: int) -> list[str]:
    """The names of the files (``00.js`` ...), as the page makes them.

    >>> chunk_names(2)
    ['00.js', '01.js']
    """
    width = max(2, len(str(chunks - 1)))
    return [f"{n:0{width}d}.js" for n in range(chunks)]


def details_files(
    store: Mapping[str, Mapping], chunks: int, href: str = "details/"
) -> tuple[DetailsFiles, dict[str, str]]:
    """An export's details (:func:`details_of`) cut in ``chunks`` files:
    where they are, and each file's name (relative to ``href``) and text.

    >>> where, files = details_files({"manas/USA": {"p1": {"notes": "n"}}}, 1)
    >>> where
    DetailsFiles(href='details/', chunks=1)
    >>> files["00.js"]
    'basemapDetailsChunk(0,{"manas/USA":{"p1":{"notes":"n"}}});\\n'
    """
    grouped: list[list[str]] = [[] for _ in range(chunks)]
    for key, value in store.items():
        grouped[chunk_of(key.rsplit("/", 1)[0], chunks)].append(
            f"{script_json(key)}:{script_json(value)}"
        )
    files = {
        name: f"basemapDetailsChunk({n},{{{','.join(items)}}});\n"
        for n, (name, items) in enumerate(
            zip(chunk_names(chunks), grouped, strict=True)
        )
    }
    return DetailsFiles(href, chunks), files
