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

if TYPE_CHECKING:
    import geopandas

__all__ = ["FORMATS", "format_presences", "presence_records"]

FORMATS = ("table", "csv", "json")
_FIELDS = ["site", "name", "operator", "host", "kind", "status", "presence",
           "change", "start", "end"]  # fmt: skip


def presence_records(styled: geopandas.GeoDataFrame) -> list[dict]:
    """One flat dict per site and operator (former sites last)."""
    rows = []
    for _, r in styled.iterrows():
        rows.append(
            {
                "site": r["site"], "name": r["name"], "operator": r["operator"],
                "host": r["host"], "kind": r["kind"], "status": r["status"],
                "presence": r["presence"], "change": r["change"],
                "start": r["periods"][0]["start"], "end": r["periods"][-1]["end"],
                "lon": round(r.geometry.x, 6), "lat": round(r.geometry.y, 6),
            }
        )  # fmt: skip
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
