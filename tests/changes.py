"""What the comparison tests share: a pair's rows as the library and as the
page's compact data (``basemap.pages.pairs.pair_data``) give them."""

from __future__ import annotations

from basemap.selection.changes import CHANGE_FIELDS

__all__ = ["CLOSING", "decode", "library_rows"]

#: How a closing reads (basemap.styling.symbols.change_text), whatever the status.
CLOSING = ("closed", "dropped", "left")


def library_rows(rows):
    return [{k: r[k] for k in CHANGE_FIELDS} for r in rows]


def decode(data, before, after):
    """A pair's rows from the page's compact data (as compare.js reads it)."""
    rows = []
    for i in data["pairs"][f"{before}-{after}"]:
        site, op, name, change, _mark, _map = data["rows"][i]
        rows.append(
            {
                "year": after,
                "site": data["sites"][site],
                "operator": data["operators"][op][0],
                "change": data["strings"][change],
                "name": data["strings"][name],
            }
        )
    return rows
