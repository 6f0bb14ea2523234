"""The context of a year as a page embeds and words it: events, alliances.

:func:`context_data` is what a map carries (``basemap-context``);
:func:`context_text` and :func:`alliance_text` are its lines of text (the
text alternative, the figures' column), in the one wording the page's
script also uses.
"""

from __future__ import annotations

from ..styling.palette import alliance_style
from .details import cite_seeds
from .encoding import code_names

__all__ = ["alliance_text", "context_data", "context_text", "written_span"]

_EVENT_KEYS = (
    "id",
    "date",
    "end",
    "kind",
    "title",
    "description",
    "countries",
    "host",
    "site",
    "place",
    "location_precision",
    "location_note",
    "notes",
    "sources",
)


def context_data(events: list[dict], alliances: list[dict]) -> dict:
    """The context of one year (or day) as the page embeds and reads it.

    ``events`` and ``alliances`` are as returned by
    :func:`basemap.selection.context.select_events` and
    :func:`basemap.selection.context.select_alliances`. An event with a place gets
    ``coordinates`` and ``n``, the number on its badge; each organisation
    gets its shading ``styles`` by status.
    """
    out_events, placed, codes = [], 0, set()
    for e in events:
        item = {k: e[k] for k in _EVENT_KEYS if e.get(k) not in (None, [], "")}
        if e["presence"] != "present":
            item["presence"] = e["presence"]
        if e.get("lon") is not None:
            placed += 1
            item["n"] = placed
            item["coordinates"] = [round(e["lon"], 6), round(e["lat"], 6)]
        codes.update(e.get("countries") or [])
        if e.get("host"):
            codes.add(e["host"])
        if "sources" in item:
            item["sources"] = cite_seeds([{"sources": item["sources"]}])[0]["sources"]
        out_events.append(item)
    out_alliances = []
    for org in alliances:
        codes.update(m["member"] for m in org["members"])
        out_alliances.append(
            dict(
                org,
                styles={
                    s: alliance_style(org["id"], s) for s in ("member", "suspended")
                },
            )
        )
    return {
        "events": out_events,
        "alliances": out_alliances,
        "names": code_names(codes),
    }


def written_span(event: dict) -> str:
    """An event's dates as written: "2005-05-12 to 2005-05-13", or its date."""
    return f"{event['date']} to {event['end']}" if event.get("end") else event["date"]


def alliance_text(context: dict) -> list[str]:
    """One line per organisation: its members, and what changed that year."""
    names = context["names"]

    def member(m: dict) -> str:
        text = names.get(m["member"], m["member"])
        if m["changes"]:
            return f"{text} ({'; '.join(m['changes'])})"
        return f"{text} (suspended)" if m["status"] == "suspended" else text

    lines = []
    for a in context["alliances"]:
        members = ", ".join(member(m) for m in a["members"])
        lines.append(f"{a['name']}: {members or 'no member recorded'}")
    return lines


def context_text(context: dict) -> list[str]:
    """Lines of text for the context (the text alternative): the events,
    then :func:`alliance_text`. The page's script writes the same lines when
    the timeline changes year."""
    events = [f"Event: {written_span(e)}, {e['title']}" for e in context["events"]]
    return events + alliance_text(context)
