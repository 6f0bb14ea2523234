"""The changes between two years, for any pair of years: what the
comparison page lists, and rings on its maps.

:func:`pair_changes` gives one pair's changes, in the rows and words of
:func:`basemap.report.compare_years`, each with the mark it puts on a map
("opened", "changed" or "closed") and the map it is drawn on;
:func:`pair_data` the changes of every pair of an export's years at once,
compactly, as the page's script reads them (each distinct change stored,
worded and marked once). :mod:`basemap.compare` makes the pages.

Examples
--------
>>> from basemap.read import read_layers
>>> layers = read_layers()
>>> [(c["site"], c["mark"], c["map"]) for c in pair_changes(layers, 2004, 2005)
...  if c["operator"] == "USA"]
[('karshi-khanabad', 'closed', 'before')]
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import geopandas

__all__ = ["MARKS", "pair_changes", "pair_data"]

#: The marks a change puts on a map, in the order of the key.
MARKS = ("opened", "changed", "closed")

_STATUSES = ("base", "temporary", "proposed")


@cache
def _kinds() -> dict[str, str]:
    """The words of an opening or a closing, for each status, by the one
    wording of :func:`basemap.style.change_text`, with the mark they take."""
    from .style import change_text

    words = {change_text({"kind": "inherited", "status": "base"}): "opened"}
    for status in _STATUSES:
        for kind in ("opened", "closed"):
            words[change_text({"kind": kind, "status": status})] = kind
    return words


def _mark(
    text: str, key: str, before: Container[str], after: Container[str]
) -> tuple[str, str]:
    """(mark, map) of one change: "opened" (or inherited), "changed" or
    "closed", and the map it is drawn on: the later one ("after"), but a
    closing on the earlier one where it is shown there.

    >>> _mark("left (date uncertain)", "manas/NLD", {"manas/NLD"}, set())
    ('closed', 'before')
    >>> _mark("changed: name A → B", "manas/USA", {"manas/USA"}, {"manas/USA"})
    ('changed', 'after')
    """
    word = text.removesuffix(" (date uncertain)")
    mark = "changed" if text.startswith("changed:") else _kinds().get(word)
    if mark is None:  # words this module does not know: by where it is shown
        mark = (
            "closed"
            if key not in after
            else "opened"
            if key not in before
            else "changed"
        )
    if mark == "closed" and key in before:
        return mark, "before"
    return mark, "after"


def _frames(layers, years: Iterable[int], frames: Mapping | None = None) -> dict:
    """The styled selection of each year (those given are used as they are)."""
    from .select import select
    from .style import style

    frames = dict(frames or {})
    for year in years:
        if year not in frames:
            frames[year] = style(select(layers, year=year))
    return frames


def pair_changes(
    layers: geopandas.GeoDataFrame | None,
    before: int,
    after: int,
    *,
    frames: Mapping[int, geopandas.GeoDataFrame] | None = None,
) -> list[dict]:
    """The changes between two years, as :func:`basemap.report.compare_years`
    gives them (same rows, same order, same words), each with its ``mark``
    (:data:`MARKS`) and the ``map`` it is drawn on ("before" or "after").

    ``frames`` holds styled selections already made (by year); the years
    missing from it are selected from ``layers``.

    >>> from basemap.read import read_layers
    >>> from basemap.report import compare_years
    >>> layers = read_layers()
    >>> rows = pair_changes(layers, 2004, 2010)
    >>> [{k: r[k] for k in ("year", "site", "operator", "change", "name")}
    ...  for r in rows] == compare_years(layers, 2004, 2010)
    True
    >>> sorted({(r["mark"], r["map"]) for r in rows})
    [('changed', 'after'), ('closed', 'before'), ('opened', 'after')]
    """
    from .report import _shown

    frames = _frames(layers, (before, after), frames)
    return _pair_rows(_shown(frames[before]), _shown(frames[after]), before, after)


def _pair_rows(old: dict, new: dict, before: int, after: int) -> list[dict]:
    """:func:`pair_changes` of two years' shown rows (by key), made once a
    year by :func:`pair_data` for all the pairs."""
    from .report import _changes

    rows = _changes(old, new, after, after - before == 1, before + 1)
    shown_before, shown_after = set(old), set(new)
    out = []
    for row in rows:
        key = f"{row['site']}/{row['operator']}"
        mark, side = _mark(row["change"], key, shown_before, shown_after)
        out.append(dict(row, mark=mark, map=side))
    return out


def _operator_names(frames: Mapping) -> dict[str, str]:
    from .codes import operator_name

    codes = set()
    for styled in frames.values():
        if len(styled):
            codes.update(styled["operator"])
    return {code: operator_name(code) for code in sorted(codes)}


class _Table:
    """The distinct sites, strings and change rows of :func:`pair_data`,
    each stored once; a pair's changes as indexes into its rows.

    A change record and the row it is reported for are worded, marked and
    stored once: most recur over many pairs (a site absent before and
    present after reads the same for every earlier year). They are keyed
    by what their row of the page is made of; the row and the record are
    kept, so no id in a key is reused meanwhile. Two periods are compared
    once for all pairs too (``compared``), for as long as the table lives.
    """

    def __init__(self, operators: list[str]):
        self.operators = {code: i for i, code in enumerate(operators)}
        self.sites: dict[str, int] = {}
        self.strings: dict[str, int] = {}
        self.rows: dict[tuple, int] = {}
        self.made: dict[tuple, tuple[int, dict, dict]] = {}
        self.compared: dict[tuple[int, int], tuple] = {}

    def pair(self, old: dict, new: dict, before: int, after: int) -> list[int]:
        """The indexes of the changes from ``before`` to ``after``, given
        each year's shown rows by key, in the order of the report."""
        from .report import _found

        out = []
        consecutive, since = after - before == 1, before + 1
        for c, row in _found(old, new, after, consecutive, since, self.compared):
            key, kind = row["key"], c["kind"]
            what = (
                id(row),
                kind,
                c.get("status"),
                bool(c.get("uncertain")),
                c.get("date") if kind == "changed" else None,
                id(c.get("attributes")),
                key in old,
                key in new,
            )
            hit = self.made.get(what)
            if hit is None:
                hit = self.made[what] = (self._row(c, row, old, new), row, c)
            out.append(hit[0])
        return out

    def _row(self, c: dict, row: dict, old: dict, new: dict) -> int:
        from .style import change_text

        text = change_text(c)
        mark, side = _mark(text, row["key"], old, new)
        entry = (
            _intern(self.sites, row["site"]),
            self.operators[row["operator"]],
            _intern(self.strings, row["name"]),
            _intern(self.strings, text),
            MARKS.index(mark),
            ("before", "after").index(side),
        )
        return _intern(self.rows, entry)


def _intern(table: dict, value) -> int:
    return table.setdefault(value, len(table))


def pair_data(
    frames: Mapping[int, geopandas.GeoDataFrame],
    years: Sequence[int],
    pairs: Iterable[tuple[int, int]] | None = None,
) -> dict:
    """The changes of every pair of ``years`` (or of ``pairs``), compactly,
    as the page's script reads them.

    Returns a dict with ``years``; ``sites`` (ids) and ``operators``
    (``[code, name]``); ``strings`` (the distinct names and change texts);
    ``rows``, the distinct changes, each ``[site, operator, name, change,
    mark, map]`` (indexes into ``sites``, ``operators``, ``strings``,
    :data:`MARKS` and ``("before", "after")``); and ``pairs``, for each
    ``"BEFORE-AFTER"``, the indexes of its rows in the order of
    :func:`basemap.report.compare_years`.

    >>> from basemap.pipeline import presences
    >>> frames = {y: presences(year=y) for y in (2004, 2005)}
    >>> d = pair_data(frames, [2004, 2005])
    >>> row = d["rows"][d["pairs"]["2004-2005"][-1]]
    >>> d["sites"][row[0]], d["operators"][row[1]], d["strings"][row[3]]
    ('karshi-khanabad', ['USA', 'United States'], 'closed')
    """
    from .gcpause import no_gc_pauses
    from .report import _shown

    years = sorted(years)
    if pairs is None:
        pairs = [(a, b) for i, a in enumerate(years) for b in years[i + 1 :]]
    names = _operator_names({y: frames[y] for y in years})
    table = _Table(list(names))
    # millions of small tuples, lists and dicts, no cycles (gcpause)
    with no_gc_pauses():
        shown = {y: _shown(frames[y]) for y in years}  # each year's rows, once
        out_pairs = {
            f"{before}-{after}": table.pair(shown[before], shown[after], before, after)
            for before, after in pairs
        }
    return {
        "years": years,
        "sites": list(table.sites),
        "operators": [[code, names[code]] for code in names],
        "strings": list(table.strings),
        "rows": [list(r) for r in table.rows],
        "pairs": out_pairs,
    }
