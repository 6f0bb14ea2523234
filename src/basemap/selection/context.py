"""Slice the context (events and alliances) to a year or a day.

The map's context beside its sites (:mod:`basemap.io.context` reads it):
:func:`select_events` gives the events of the year, and
:func:`select_alliances` which states belonged to which organisation. The
sites themselves are sliced by :mod:`basemap.selection.sites`, by the same rules
of presence.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..dates import When, parse_when
from .sites import presence_at

if TYPE_CHECKING:
    from ..io.context import Context

__all__ = ["select_alliances", "select_events"]


def _span(year: int | None, day: date | None) -> tuple[date, date]:
    return (day, day) if day is not None else (date(year, 1, 1), date(year, 12, 31))


def select_events(
    context: Context, year: int | None = None, when: str | date | When | None = None
) -> list[dict]:
    """The events of a year (or on a day), in date order.

    Each is the event's record with ``presence``: "present", or "uncertain"
    when its date is too imprecise to say it fell in this year (or day).

    Examples
    --------
    >>> from basemap.io.context import read_context
    >>> [e["id"] for e in select_events(read_context(), 2009)][:3]
    ['manas-closure-announced', 'csto-summit-crrf-agreement', 'kant-railroad-troops']
    """
    year, day = parse_when(year, when)
    out = []
    for event in context.events:
        presence = presence_at(event["period"], year, day)
        if presence is not None:
            out.append(dict(event, presence=presence))
    return out


def select_alliances(
    context: Context, year: int | None = None, when: str | date | When | None = None
) -> list[dict]:
    """Which states belonged to which organisation in a year.

    Returns one dict per organisation that existed in the year (or on the
    day), in the order of the file; an organisation succeeded by another
    (its ``successor`` in the alliances file) in the year is one entry, the
    successor's, named for both (``"CSTO (CST until 2002-10-06)"``, and the
    ``predecessor``'s id, names and dates). Each has ``members``: per state, its
    ``status`` ("member" or "suspended": the last status it held in the
    year, or its status on the day) and ``changes``, the dated changes
    within the year (joined, left, suspended).

    Examples
    --------
    >>> from basemap.io.context import read_context
    >>> csto = {o["id"]: o for o in select_alliances(read_context(), 2012)}["csto"]
    >>> [(m["member"], m["status"]) for m in csto["members"]]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('KAZ', 'member'), ('KGZ', 'member'), ('RUS', 'member'), ('TJK', 'member'),
     ('UZB', 'suspended')]
    >>> [m["changes"] for m in csto["members"] if m["member"] == "UZB"]
    [['suspended from 2012-06-28']]
    >>> [o["short"] for o in select_alliances(read_context(), 2002)][:1]
    ['CSTO (CST until 2002-10-06)']
    """
    year, day = parse_when(year, when)
    first, last = _span(year, day)
    out = []
    for org in context.organisations:
        if presence_at(org["period"], year, day) is None:
            continue
        rows: dict[str, list[dict]] = {}
        for m in context.memberships:
            if m["organisation"] == org["id"] and presence_at(m["period"], year, day):
                rows.setdefault(m["member"], []).append(m)
        members = []
        for code in sorted(rows):
            spells = sorted(rows[code], key=lambda m: m["period"].earliest_start)
            changes = []
            for i, m in enumerate(spells):
                period = m["period"]
                if first <= period.earliest_start <= last and (
                    period.earliest_start > org["period"].latest_start
                ):
                    verb = "suspended from" if m["status"] == "suspended" else "joined"
                    changes.append(f"{verb} {m['start']}")
                if (
                    m["end"] is not None
                    and i == len(spells) - 1
                    and first <= period.latest_end <= last
                    and (org["end"] is None or m["end"] != org["end"])
                ):
                    changes.append(f"left {m['end']}")
            members.append(
                {"member": code, "status": spells[-1]["status"], "changes": changes}
            )
        record = {k: org.get(k) for k in ("id", "name", "short", "start", "end")}
        record["members"] = members
        if org.get("successor"):
            record["successor"] = org["successor"]
        out.append(record)
    return _merge_successions(out)


def _merge_successions(orgs: list[dict]) -> list[dict]:
    """One entry for an organisation and its successor in the same year:
    the successor's, named for both ("CSTO (CST until 2002-10-06)"), with
    the members of either; a state that carried over from one to the other
    neither left nor joined.

    >>> cst = {"id": "cst", "name": "Collective Security Treaty", "short": "CST",
    ...        "start": "1994-04-20", "end": "2002-10-06", "successor": "csto",
    ...        "members": [{"member": "KAZ", "status": "member", "changes": []}]}
    >>> csto = {"id": "csto", "name": "Collective Security Treaty Organization",
    ...         "short": "CSTO", "start": "2002-10-07", "end": None,
    ...         "members": [{"member": "KAZ", "status": "member", "changes": []}]}
    >>> [merged] = _merge_successions([cst, csto])
    >>> merged["short"], merged["predecessor"]["id"]
    ('CSTO (CST until 2002-10-06)', 'cst')
    >>> merged["name"].endswith("(Collective Security Treaty until 2002-10-06)")
    True
    >>> merged["members"]
    [{'member': 'KAZ', 'status': 'member', 'changes': []}]
    """
    by_id = {o["id"]: o for o in orgs}
    merged_away = set()
    out = []
    for org in orgs:
        if org.get("successor") in by_id:
            merged_away.add(org["id"])
    for org in orgs:
        if org["id"] in merged_away:
            continue
        record = {k: v for k, v in org.items() if k != "successor"}
        predecessors = [o for o in orgs if o.get("successor") == org["id"]]
        for pred in predecessors:
            until = pred["end"]
            record["name"] = f"{org['name']} ({pred['name']} until {until})"
            record["short"] = f"{org['short']} ({pred['short']} until {until})"
            record["predecessor"] = {
                k: pred[k] for k in ("id", "name", "short", "start", "end")
            }
            old = {m["member"]: m for m in pred["members"]}
            new = {m["member"]: m for m in org["members"]}
            members = []
            for code in sorted(set(old) | set(new)):
                if code in new:
                    m = dict(new[code])
                    if code not in old:
                        joined = f"joined {org['start']}"
                        if joined not in m["changes"]:
                            m["changes"] = [joined, *m["changes"]]
                    else:
                        m["changes"] = old[code]["changes"] + m["changes"]
                else:
                    m = dict(old[code])
                    left = f"left {until}"
                    if not any(c.startswith("left") for c in m["changes"]):
                        m["changes"] = [*m["changes"], left]
                members.append(m)
            record["members"] = members
        out.append(record)
    return out
