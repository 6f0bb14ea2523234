"""Count how many of a layer's dated facts rest on two sources.

A dated fact is a boundary between periods of a site (a start, an end, or
the day one period gives way to the next, counted once) or an event's date.
A start written ``1992?`` under the project's rule for inherited facilities
(geodata/README.md) is set by rule, not by a source, and is left out.

A source backs a date when its ``supports`` or ``quote`` (or, for a seed,
its quote) writes that date at the precision the data draws: the day
("1 October 2003", "October 1, 2003", "2003-10-01"), the month ("October
2003", "2003-10") or the year. For a boundary between two periods, the
last day of the first and the first day of the next are the same fact.
The sources looked at are those of the periods (or the event) the date
belongs to, each counted once (by URL, title or seed).

This is a reading aid for a data editor: it finds the words, not the
meaning, so its count is checked against the notes' "Single source" flags
and the editor's own count (examples/russia-abroad/README.md).

Run::

    python scripts/count_sources.py examples/russia-abroad/russia.geojson \\
        examples/russia-abroad/context/events.geojson
"""

from __future__ import annotations

import argparse
import json
import re
from datetime import date, timedelta
from pathlib import Path

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _forms(text: str) -> list[str]:
    """The ways a source may write a date of the data (``YYYY[-MM[-DD]]``)."""
    text = text.rstrip("~?")
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 1:
        return [str(parts[0])]
    year, month = parts[0], MONTHS[parts[1] - 1]
    short = month[:3]
    if len(parts) == 2:
        return [f"{month} {year}", f"{short} {year}", f"{short}. {year}", text]
    day = parts[2]
    return [
        f"{day} {month} {year}",
        f"{day} {short} {year}",
        f"{month} {day}, {year}",
        f"{short} {day}, {year}",
        text,
    ]


def _yearless(text: str) -> list[str]:
    """A day written without its year ("on 2 May", "October 15"): it counts
    only where the source names the year too."""
    parts = [int(p) for p in text.rstrip("~?").split("-")]
    if len(parts) != 3:
        return []
    month = MONTHS[parts[1] - 1]
    return [f"{parts[2]} {month}", f"{month} {parts[2]}"]


def _next_day(text: str) -> str | None:
    parts = text.rstrip("~?").split("-")
    if len(parts) != 3:
        return None
    d = date(*(int(p) for p in parts)) + timedelta(days=1)
    return d.isoformat()


def _key(source: dict) -> str:
    return source.get("url") or source.get("seed") or source.get("title") or ""


def _backs(source: dict, dates: list[str]) -> bool:
    words = f"{source.get('supports', '')} {source.get('quote', '')}"
    for d in dates:
        forms = _forms(d)
        if d[:4] in words:
            forms += _yearless(d)
        for form in forms:
            if re.search(rf"(?<![0-9]){re.escape(form)}(?![0-9])", words):
                return True
    return False


def facts(layer: dict, events: dict | None) -> list[tuple[str, list[str], list]]:
    """(what, the dates that name the fact, the sources) of each dated fact."""
    by_site: dict[str, list[dict]] = {}
    for f in layer["features"]:
        by_site.setdefault(f["properties"]["site"], []).append(f["properties"])
    out = []
    for site, periods in sorted(by_site.items()):
        periods.sort(key=lambda p: p["start"])
        for i, p in enumerate(periods):
            before = periods[i - 1] if i else None
            if before is None or before.get("end") is None:
                if not p["start"].endswith("?") or not p["start"].startswith("1992"):
                    out.append(
                        (f"{site} start {p['start']}", [p["start"]], p["sources"])
                    )
            else:  # one boundary: the end of the one before, the start of this
                dates = [before["end"], p["start"]]
                sources = before["sources"] + p["sources"]
                out.append((f"{site} {before['end']}/{p['start']}", dates, sources))
            after = periods[i + 1] if i + 1 < len(periods) else None
            if p.get("end") and after is None:
                out.append((f"{site} end {p['end']}", [p["end"]], p["sources"]))
    for e in (events or {}).get("features", []):
        props = e["properties"]
        out.append(
            (f"event {props['id']} {props['date']}", [props["date"]], props["sources"])
        )
    return out


def count(layer: dict, events: dict | None) -> dict[str, list[str]]:
    """The facts by how many sources back them: "two" (two or more), "one",
    "none" (no source writes the date: derived, or worded otherwise)."""
    out: dict[str, list[str]] = {"two": [], "one": [], "none": []}
    for what, dates, sources in facts(layer, events):
        extra = [n for d in dates if (n := _next_day(d))]
        backing = {_key(s) for s in sources if _backs(s, dates + extra)}
        kind = "two" if len(backing) >= 2 else "one" if backing else "none"
        out[kind].append(what)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("layer", type=Path)
    parser.add_argument("events", type=Path, nargs="?")
    args = parser.parse_args()
    layer = json.loads(args.layer.read_text(encoding="utf-8"))
    events = (
        json.loads(args.events.read_text(encoding="utf-8")) if args.events else None
    )
    got = count(layer, events)
    total = sum(len(v) for v in got.values())
    print(f"{total} dated facts not set by rule")
    for kind in ("two", "one", "none"):
        print(f"  {len(got[kind])} rest on {kind} source(s) at the precision drawn")
        for what in got[kind] if kind != "two" else []:
            print(f"    {what}")


if __name__ == "__main__":
    main()
