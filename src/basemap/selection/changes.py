"""What changed: in a year, between two years, for every year, in one wording.

The change engine behind the maps' labels, the comparison page, the
gallery and ``changes.csv``: :func:`changes_between` compares two styled
selections (what was inherited, opened, closed or changed, a new period),
:func:`changes_by_year` every year of an export with the year before, and
:func:`compare_years` two years of the layers. :func:`presence_records`
flattens a selection into the rows every report lists, with each row's
change in the words of :func:`basemap.wording.change_text`.

Examples
--------
>>> from basemap.pipeline import presences
>>> rows = presence_records(presences(year=2005))
>>> [r["change"] for r in rows if r["site"] == "karshi-khanabad"]
['closed']
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from ..dates import parse_date
from ..frames import records
from ..wording import change_text, change_words
from .sites import INDEPENDENCE, SOVIET_SUCCESSORS, period_changes

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CHANGE_FIELDS",
    "CHANGE_RANK",
    "changes_between",
    "changes_by_year",
    "gone_plan",
    "presence_records",
    "row_changes",
    "row_plan",
    "shown_rows",
    "skipped",
    "uncertain_change",
]


def _row_change_text(row) -> str:
    """Every change of a row (a "changed" too), by :func:`change_text`."""
    changes = row.get("changes") if hasattr(row, "get") else None
    if isinstance(changes, list):
        return change_text(changes)
    return change_words(row["change"], row["status"])


def presence_records(styled: geopandas.GeoDataFrame) -> list[dict]:
    """One flat dict per site and operator (former sites last).

    ``change`` says what happened during the year or day, in the words of
    :func:`basemap.styling.symbols.change_text` (the words of every other report).

    >>> from basemap.pipeline import presences
    >>> rows = {r["site"] + "/" + r["operator"]: r
    ...         for r in presence_records(presences(year=2012))}
    >>> rows["osh/RUS"]["change"]
    'dropped (date uncertain)'
    >>> [r["change"] for r in presence_records(presences(year=1991))][:1]
    ['inherited from the Soviet forces (date uncertain)']
    """
    rows = []
    for _, r in styled.iterrows():
        rows.append(
            {
                "site": r["site"],
                "name": r["name"],
                "operator": r["operator"],
                "host": r["host"],
                "kind": r["kind"],
                "status": r["status"],
                "presence": r["presence"],
                "change": _row_change_text(r),
                "start": r["periods"][0]["start"],
                "end": r["periods"][-1]["end"],
                "lon": round(r.geometry.x, 6),
                "lat": round(r.geometry.y, 6),
            }
        )
    rows.sort(key=lambda d: (d["presence"] == "former", d["operator"], d["site"]))
    return rows


#: Columns of ``changes.csv``.
CHANGE_FIELDS = ["year", "site", "operator", "change", "name"]


def shown_rows(styled) -> dict:
    if not len(styled):
        return {}
    return {r["key"]: r for r in records(styled, former=False)}


_ORDER = ("inherited", "opened", "changed", "closed")
CHANGE_RANK = {kind: i for i, kind in enumerate(_ORDER)}


@functools.lru_cache(maxsize=65_536)
def uncertain_change(text: str | None, since: int, year: int) -> bool:
    """Whether a written date may fall outside the years ``since`` to
    ``year`` (a change found across a gap). Kept for the same arguments: a
    comparison of many pairs of years asks the same of thousands of rows.

    >>> uncertain_change("2005-11-21", 2005, 2005), uncertain_change("2003", 2004, 2006)
    (False, True)
    """
    if not text:
        return True
    span = parse_date(text)
    return not (
        date(since, 1, 1) <= span.earliest and span.latest <= date(year, 12, 31)
    )


@functools.lru_cache(maxsize=65_536)
def _by_independence(start: str) -> bool:
    """Whether a start date may fall at or before independence (kept for
    the same text, as :func:`uncertain_change`)."""
    return parse_date(start).earliest <= INDEPENDENCE


def _began(row, first: dict) -> dict:
    """The opening (or inheritance) of a row first seen across a gap, its
    ``uncertain`` still to be told by the years (:func:`_dated`)."""
    inherited = row["operator"] in SOVIET_SUCCESSORS and _by_independence(
        first["start"]
    )
    return {
        "kind": "inherited" if inherited else "opened",
        "status": first.get("status", "base"),
        "date": first["start"],
        "id": first["id"],
        "uncertain": None,
    }


def _dated(change: dict, since: int, year: int) -> dict:
    """A change found across the years ``since`` to ``year`` (an opening
    first seen across a gap, a new period, a closing), with its
    ``uncertain``: whether its date may fall outside those years.

    >>> _dated({"kind": "closed", "date": "2005-11-21", "uncertain": None}, 2005, 2005)
    {'kind': 'closed', 'date': '2005-11-21', 'uncertain': False}
    """
    return {**change, "uncertain": uncertain_change(change["date"], since, year)}


def _period_changes(before: dict, after: dict, compared: dict | None) -> list[dict]:
    """:func:`basemap.selection.sites.period_changes`, kept in ``compared`` (if
    given) by the ids of the two read-only period records, with the records
    themselves so that no id is reused while the entry lives: a comparison
    of many pairs of years asks the same again and again. The list
    returned may be shared: read it, do not change it."""
    if compared is None:
        return period_changes(before, after)
    key = (id(before), id(after))
    hit = compared.get(key)
    if hit is None:
        hit = compared[key] = (before, after, period_changes(before, after))
    return hit[2]


def row_plan(
    row, before_row, consecutive: bool, compared: dict | None
) -> tuple[list[dict], dict | None]:
    """The changes to report for a row shown in the later year, whichever
    the years: the row's own changes to report, and the change found
    across the years (an opening first seen across a gap, a new period),
    or None, its ``uncertain`` still to be told by the years
    (:func:`_dated`). Periods are compared through ``compared`` (see
    :func:`_period_changes`). A comparison of many pairs of years makes
    each row's plan once for all the earlier years that show it alike."""
    own = row.get("changes") or []
    kinds = {c["kind"] for c in own}
    out = [c for c in own if c["kind"] in ("inherited", "opened", "closed")]
    if before_row is None:
        if not kinds & {"inherited", "opened"}:  # first shown across a gap
            return out, _began(row, row["periods"][0])
    elif "changed" in kinds and consecutive:
        out += [c for c in own if c["kind"] == "changed"]
    else:
        old_ids = {p["id"] for p in before_row["periods"]}
        new = [p for p in row["periods"] if p["id"] not in old_ids]
        if new and not kinds & {"inherited", "opened"}:
            return out, {
                "kind": "changed",
                "status": new[0].get("status", "base"),
                "date": new[0]["start"],
                "id": new[0]["id"],
                "uncertain": None,
                "attributes": _period_changes(
                    before_row["periods"][-1], new[0], compared
                ),
            }
    return out, None


def gone_plan(row, consecutive: bool) -> dict | None:
    """The closing to report for a row shown in the earlier year only, its
    ``uncertain`` still to be told by the years (:func:`_dated`), or None
    when the row's own "closed" in a consecutive year says it already."""
    closed = any(c["kind"] == "closed" for c in row.get("changes") or [])
    if closed and consecutive:
        return None
    last = row["periods"][-1]  # ended without a "closed" year of its own
    return {
        "kind": "closed",
        "status": last.get("status", "base"),
        "date": last.get("end"),
        "id": last["id"],
        "uncertain": None,
    }


def skipped(row, before_row) -> bool:
    """Whether a row is shown alike in both years: nothing to report."""
    return (
        before_row is not None
        and not row.get("changes")
        and _same_periods(before_row["periods"], row["periods"])
    )


def changes_between(
    previous,
    current,
    year: int,
    *,
    consecutive: bool = True,
    since: int | None = None,
) -> list[dict]:
    """What changed in ``year``: each site and operator that was inherited,
    opened, closed or changed (a new period: a renaming, a new lease)
    during it, one dict per change (``year``, ``site``, ``operator``,
    ``change``, ``name``; the columns of ``changes.csv``).

    ``previous`` and ``current`` are styled selections of the year before
    and of ``year``. The changes are those of the selection of ``year``
    (its ``changes``), so that the CSV, the index, ``basemap list`` and the
    map's labels report the same change in the same year and the same
    words (:func:`basemap.styling.symbols.change_text`): a presence that ends during
    the year is "closed" in that year (Karshi-Khanabad: 2005), as its label
    says on that year's map; one whose end is imprecise, in the last year
    the end can mean, "(date uncertain)". With ``consecutive`` False (years
    further apart), a presence shown in ``previous`` and gone from
    ``current`` is "closed" even if it closed within ``previous`` itself,
    and a date that may fall outside the years ``since`` (the year after
    ``previous``; default ``year``) to ``year`` is uncertain.

    >>> from basemap.pipeline import presences
    >>> for c in changes_between(presences(year=2004), presences(year=2005), 2005):
    ...     if c["site"] in ("osh", "karshi-khanabad", "panj-border"):
    ...         print(c["site"], c["operator"], c["change"])
    osh RUS proposed
    osh RUS dropped
    panj-border RUS closed
    karshi-khanabad USA closed
    >>> for c in changes_between(presences(year=2011), presences(year=2012), 2012):
    ...     if c["site"] == "osh":
    ...         print(c["site"], c["operator"], c["change"])
    osh RUS dropped (date uncertain)
    """
    return row_changes(
        shown_rows(previous), shown_rows(current), year, consecutive, since
    )


def changes_by_year(previous, frames: Mapping[int, geopandas.GeoDataFrame]) -> dict:
    """:func:`changes_between` of each styled selection of ``frames`` (by
    year, in order) and the one before it, ``previous`` before the first:
    what changed in each year, as ``changes.csv`` lists it. Each year's
    rows are made once.

    >>> from basemap.pipeline import presences
    >>> frames = {y: presences(year=y) for y in (2005, 2006)}
    >>> by_year = changes_by_year(presences(year=2004), frames)
    >>> by_year[2006] == changes_between(frames[2005], frames[2006], 2006)
    True
    """
    out, before = {}, shown_rows(previous)
    for year, frame in frames.items():
        now = shown_rows(frame)
        out[year] = row_changes(before, now, year, True, None)
        before = now
    return out


def _same_periods(old: list[dict], new: list[dict]) -> bool:
    """Whether every period of ``new`` was shown in ``old`` already (then a
    row without changes of its own has none to report: see
    :func:`row_plan`). The lists are often the same object: a row with
    no changes in its year is made once and shown in every such year.

    >>> a, b = {"id": "kant-rus-1"}, {"id": "kant-rus-2"}
    >>> _same_periods([a], [a]), _same_periods([a, b], [b]), _same_periods([a], [b])
    (True, True, False)
    """
    if old is new:
        return True
    ids = {p["id"] for p in old}
    return all(p["id"] in ids for p in new)


def row_changes(
    before: dict, now: dict, year: int, consecutive: bool, since: int | None
) -> list[dict]:
    """:func:`changes_between` of two selections' shown rows (by key, as
    ``shown_rows`` gives them): a caller comparing many pairs of years makes
    each year's rows once."""
    return [
        {
            "year": year,
            "site": row["site"],
            "operator": row["operator"],
            "change": change_text(c),
            "name": row["name"],
        }
        for c, row in _found(before, now, year, consecutive, since)
    ]


def _found(
    before: dict, now: dict, year: int, consecutive: bool, since: int | None
) -> list[tuple[dict, dict]]:
    """The changes of :func:`row_changes` in their order (by kind, then the
    row's operator and site, then period id; :func:`basemap.pages.pairs.pair_data`
    keeps the same order), each as (change record, the row it is reported
    for), before they are worded."""
    since = year if since is None else since
    found = []
    for key, row in now.items():
        before_row = before.get(key)
        if skipped(row, before_row):
            continue
        own, across = row_plan(row, before_row, consecutive, None)
        found += [(c, row) for c in own]
        if across is not None:
            found.append((_dated(across, since, year), row))
    for key, row in before.items():
        if key not in now and (change := gone_plan(row, consecutive)) is not None:
            found.append((_dated(change, since, year), row))
    found.sort(
        key=lambda cr: (
            CHANGE_RANK[cr[0]["kind"]],
            cr[1]["operator"],
            cr[1]["site"],
            cr[0]["id"],
        )
    )
    return found
