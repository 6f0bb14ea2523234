"""Text reports of a selection: a table, CSV or JSON.

Examples
--------
>>> from basemap.pipeline import presences
>>> print(format_presences(presences(year=2006), "csv").splitlines()[0])
site,name,operator,host,kind,status,presence,change,start,end
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from .errors import OptionError
from .style import change_words, records

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CHANGE_FIELDS",
    "FORMATS",
    "changes_between",
    "compare_years",
    "format_presences",
    "presence_records",
    "summary",
]

FORMATS = ("table", "csv", "json")
_FIELDS = [
    "site",
    "name",
    "operator",
    "host",
    "kind",
    "status",
    "presence",
    "change",
    "start",
    "end",
]


def presence_records(styled: geopandas.GeoDataFrame) -> list[dict]:
    """One flat dict per site and operator (former sites last)."""
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
                "change": r["change"],
                "start": r["periods"][0]["start"],
                "end": r["periods"][-1]["end"],
                "lon": round(r.geometry.x, 6),
                "lat": round(r.geometry.y, 6),
            }
        )
    rows.sort(key=lambda d: (d["presence"] == "former", d["operator"], d["site"]))
    return rows


def format_presences(styled: geopandas.GeoDataFrame, fmt: str = "table") -> str:
    """Format a styled selection as ``table``, ``csv`` or ``json`` text."""
    rows = presence_records(styled)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(
            buf, fieldnames=_FIELDS, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    if fmt == "table":
        cols = [
            "name",
            "operator",
            "host",
            "kind",
            "presence",
            "change",
            "start",
            "end",
        ]
        cells = [[c.upper() for c in cols]] + [
            [
                ("" if r[c] is None else str(r[c])) if c != "end" else (r[c] or "-")
                for c in cols
            ]
            for r in rows
        ]
        widths = [max(len(row[i]) for row in cells) for i in range(len(cols))]
        lines = [
            "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()
            for row in cells
        ]
        return "\n".join(lines) + "\n"
    raise OptionError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")


#: Columns of ``changes.csv``.
CHANGE_FIELDS = ["year", "site", "operator", "change", "name"]


def _shown(styled) -> dict:
    if not len(styled):
        return {}
    return {r["key"]: r for r in records(styled) if r["presence"] != "former"}


def changes_between(
    previous, current, year: int, *, consecutive: bool = True
) -> list[dict]:
    """What changed in ``year``: each site and operator that opened, closed
    or changed (a new period: a renaming, a new lease) during it.

    ``previous`` and ``current`` are styled selections of the year before
    and of ``year``. A presence that ends during the year is "closed" in
    that year (Karshi-Khanabad: 2005), as its label says on that year's map.
    With ``consecutive`` False (years further apart), a presence shown in
    ``previous`` and gone from ``current`` is "closed" even if it closed
    within ``previous`` itself.

    >>> from basemap.pipeline import presences
    >>> for c in changes_between(presences(year=2004), presences(year=2005), 2005):
    ...     print(c["site"], c["operator"], c["change"])
    panj-border RUS closed
    karshi-khanabad USA closed
    osh RUS proposed
    """
    before, now = _shown(previous), _shown(current)
    out = []
    for key, row in now.items():
        change = []
        if "opened" in row["change"] or key not in before:
            change.append("opened")
        elif {p["id"] for p in row["periods"]} - {
            p["id"] for p in before[key]["periods"]
        }:
            change.append("changed")
        if "closed" in row["change"]:
            change.append("closed")
        for c in change:
            out.append(
                {
                    "year": year,
                    "site": row["site"],
                    "operator": row["operator"],
                    "change": change_words(c, row["status"]),
                    "name": row["name"],
                }
            )
    for key, row in before.items():
        if key not in now and ("closed" not in row["change"] or not consecutive):
            # ended without a "closed" year of its own (an imprecise end)
            out.append(
                {
                    "year": year,
                    "site": row["site"],
                    "operator": row["operator"],
                    "change": change_words("closed", row["status"]),
                    "name": row["name"],
                }
            )
    out.sort(key=lambda c: (c["change"], c["operator"], c["site"]))
    return out


def summary(styled, limit: int = 20) -> str:
    """One sentence saying what is present (naming at most ``limit``).

    >>> from basemap.pipeline import presences
    >>> print(summary(presences(year=2005), limit=1))
    18 presences: French air detachment, Dushanbe airport (France); and 17 more.
    """
    rows = list(_shown(styled).values())
    if not rows:
        return "No foreign military presence recorded."
    parts = []
    ordered = sorted(rows, key=lambda r: (r["operator_name"], r["name"]))
    for r in ordered[:limit]:
        note = ", uncertain" if r["presence"] == "uncertain" else ""
        parts.append(f"{r['name']} ({r['operator_name']}{note})")
    if len(rows) > limit:
        parts.append(f"and {len(rows) - limit} more")
    noun = "presence" if len(rows) == 1 else "presences"
    return f"{len(rows)} {noun}: " + "; ".join(parts) + "."


def compare_years(layers, before: int, after: int) -> list[dict]:
    """What differs between two years: sites and operators that opened,
    closed or changed (a new period) between ``before`` and ``after``.

    >>> from basemap.read import read_layers
    >>> for c in compare_years(read_layers(), 2004, 2010):
    ...     print(c["site"], c["operator"], c["change"])
    manas USA changed
    ishkoshim-border RUS closed
    kalaikhum-border RUS closed
    khorugh-border RUS closed
    panj-border RUS closed
    karshi-khanabad USA closed
    manas NLD left
    ayni RUS proposed
    osh RUS proposed
    """
    from .select import select
    from .style import style

    return changes_between(
        style(select(layers, year=before)),
        style(select(layers, year=after)),
        after,
        consecutive=after - before == 1,
    )
