"""The changes between two years, for any pair of years: what the
comparison page lists, and rings on its maps.

:func:`pair_changes` gives one pair's changes, in the rows and words of
:func:`basemap.selection.changes.compare_years`, each with the mark it puts on a map
("opened", "changed" or "closed") and the map it is drawn on;
:func:`pair_data` the changes of every pair of an export's years at once,
compactly, as the page's script reads them (each distinct change stored,
worded and marked once). :mod:`basemap.pages.compare` makes the pages.

Examples
--------
>>> from basemap.io.layers import read_layers
>>> layers = read_layers()
>>> [(c["site"], c["mark"], c["map"]) for c in pair_changes(layers, 2004, 2005)
...  if c["operator"] == "USA"]
[('karshi-khanabad', 'closed', 'before')]
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from functools import cache
from typing import TYPE_CHECKING

from ..codes import operator_name
from ..frames import no_gc_pauses
from ..selection.changes import (
    CHANGE_RANK,
    gone_plan,
    row_changes,
    row_plan,
    shown_rows,
    skipped,
    uncertain_change,
)
from ..selection.sites import select
from ..styling.symbols import style
from ..wording import change_text

if TYPE_CHECKING:
    import geopandas

__all__ = ["MARKS", "pair_changes", "pair_data", "year_frames"]

#: The marks a change puts on a map, in the order of the key.
MARKS = ("opened", "changed", "closed")

_STATUSES = ("base", "temporary", "proposed")


@cache
def _kinds() -> dict[str, str]:
    """The words of an opening or a closing, for each status, by the one
    wording of :func:`basemap.styling.symbols.change_text`, with the mark they take."""
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


def year_frames(layers, years: Iterable[int], frames: Mapping | None = None) -> dict:
    """The styled selection of each year (those given are used as they are)."""
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
    """The changes between two years, as :func:`basemap.selection.changes.compare_years`
    gives them (same rows, same order, same words), each with its ``mark``
    (:data:`MARKS`) and the ``map`` it is drawn on ("before" or "after").

    ``frames`` holds styled selections already made (by year); the years
    missing from it are selected from ``layers``.

    >>> from basemap.io.layers import read_layers
    >>> from basemap.pipeline import compare_years
    >>> layers = read_layers()
    >>> rows = pair_changes(layers, 2004, 2010)
    >>> [{k: r[k] for k in ("year", "site", "operator", "change", "name")}
    ...  for r in rows] == compare_years(layers, 2004, 2010)
    True
    >>> sorted({(r["mark"], r["map"]) for r in rows})
    [('changed', 'after'), ('closed', 'before'), ('opened', 'after')]
    """
    frames = year_frames(layers, (before, after), frames)
    return _pair_rows(
        shown_rows(frames[before]), shown_rows(frames[after]), before, after
    )


def _pair_rows(old: dict, new: dict, before: int, after: int) -> list[dict]:
    """:func:`pair_changes` of two years' shown rows (by key), made once a
    year by :func:`pair_data` for all the pairs."""
    rows = row_changes(old, new, after, after - before == 1, before + 1)
    shown_before, shown_after = set(old), set(new)
    out = []
    for row in rows:
        key = f"{row['site']}/{row['operator']}"
        mark, side = _mark(row["change"], key, shown_before, shown_after)
        out.append(dict(row, mark=mark, map=side))
    return out


def _operator_names(frames: Mapping) -> dict[str, str]:
    codes = set()
    for styled in frames.values():
        if len(styled):
            codes.update(styled["operator"])
    return {code: operator_name(code) for code in sorted(codes)}


class _Item:
    """One change as a pair's list reports it: its place in the report's
    order (``order``), what its row of the page is made of (``entry``),
    and that row's index once stored (``index``)."""

    __slots__ = ("entry", "index", "order")

    def __init__(self, order: int, entry: tuple):
        self.order, self.entry, self.index = order, entry, None


#: A plan not made yet (None: a row with nothing to report).
_UNPLANNED = object()


def _order(item: _Item) -> int:
    return item.order


class _Plan:
    """A row's changes, for every pair of years that shows it so: those
    that hold whichever the years (``changes``), and the change found
    across the years (``across``, or None), whose ``uncertain`` the pair's
    years tell (:func:`basemap.selection.changes._dated`). Their items (``made``, see
    :meth:`_Table._made`) are made once: ``fixed`` when there is no change
    across the years, else once for each answer (:meth:`items`)."""

    __slots__ = ("across", "changes", "dated", "fixed", "made")

    def __init__(self, changes: list[dict], across: dict | None, made):
        self.changes, self.across, self.made, self.dated = changes, across, made, {}
        self.fixed = made(changes) if across is None else None

    def items(self, uncertain: bool) -> list[_Item]:
        """The items of a pair whose years make the change across them
        ``uncertain`` (or not)."""
        hit = self.dated.get(uncertain)
        if hit is None:
            change = {**self.across, "uncertain": uncertain}
            hit = self.dated[uncertain] = self.made([*self.changes, change])
        return hit


class _Table:
    """The distinct sites, strings and change rows of :func:`pair_data`,
    each stored once; a pair's changes as indexes into its rows.

    ``shown`` holds each year's shown rows by key (``shown_rows``). Each
    year's rows are also kept as arrays over all the keys: the periods
    each shows, the row as a whole (its periods, own changes and name)
    and whether it has changes of its own. So a pair of years passes over
    the rows shown alike in both years at once, and looks only at those
    that differ.

    A row's changes depend on the two years only through the rows shown
    in each, whether the years follow each other, and whether a date
    found across them may fall outside them. So they are planned, worded
    and marked once for all the pairs that show the row so
    (:class:`_Plan`), and each distinct change row is stored once, in the
    order in which the pairs first report it (the order of the single
    pair's report, :func:`basemap.selection.changes._found`). Two periods are
    compared once for all pairs too (``compared``). The arrays number the
    periods lists and rows by their ``id`` while ``shown`` holds them.
    """

    def __init__(self, operators: list[str], shown: Mapping[int, dict]):
        import numpy as np

        self.operators = {code: i for i, code in enumerate(operators)}
        self.shown = shown
        self.sites: dict[str, int] = {}
        self.strings: dict[str, int] = {}
        self.rows: dict[tuple, int] = {}
        self.compared: dict[tuple[int, int], tuple] = {}
        rows = {key: row for year in shown.values() for key, row in year.items()}
        self.keys = list(rows)
        # each key's place in the report's order: by operator, then site
        by = sorted(self.keys, key=lambda k: (rows[k]["operator"], rows[k]["site"]))
        self.order = {key: i for i, key in enumerate(by)}
        index = {key: i for i, key in enumerate(self.keys)}
        lists: dict[int, int] = {}  # a periods list, by id: its number
        kinds: dict[tuple, int] = {}  # a row as a whole: its number
        self.periods, self.kind, self.own = {}, {}, {}
        for year, year_rows in shown.items():
            periods = np.zeros(len(self.keys), dtype=np.int64)  # 0: not shown
            kind = np.zeros(len(self.keys), dtype=np.int64)
            own = np.zeros(len(self.keys), dtype=bool)
            for key, row in year_rows.items():
                i, changes = index[key], row.get("changes") or None
                number = lists.setdefault(id(row["periods"]), len(lists) + 1)
                what = (key, number, id(changes), row["name"])
                periods[i], kind[i] = number, kinds.setdefault(what, len(kinds) + 1)
                own[i] = changes is not None
            self.periods[year], self.kind[year], self.own[year] = periods, kind, own
        self.span = len(lists) + 1
        # the plans, by whether the years follow each other, then by the
        # rows shown in each year: (the later row, the earlier periods)
        # for a row shown in the later year, the earlier row for one not
        self.plans: dict[bool, dict[int, _Plan | None]] = {True: {}, False: {}}
        self.gone: dict[bool, dict[int, _Plan | None]] = {True: {}, False: {}}

    def pair(self, before: int, after: int) -> list[int]:
        """The indexes of the changes from ``before`` to ``after``, in the
        order of the report."""
        import numpy as np

        old, new = self.shown[before], self.shown[after]
        consecutive, since = after - before == 1, before + 1
        was, now = self.periods[before], self.periods[after]
        # shown in the later year, and not alike in the earlier one
        differ = np.flatnonzero((now != 0) & ((was != now) | self.own[after]))
        codes = self.kind[after][differ] * self.span + was[differ]
        gone = np.flatnonzero((was != 0) & (now == 0))
        keys, items = self.keys, []
        plans = self.plans[consecutive]
        for i, code in zip(differ.tolist(), codes.tolist(), strict=True):
            plan = plans.get(code, _UNPLANNED)
            if plan is _UNPLANNED:
                row, before_row = new[keys[i]], old.get(keys[i])
                plan = plans[code] = (
                    None
                    if skipped(row, before_row)
                    else _Plan(
                        *row_plan(row, before_row, consecutive, self.compared),
                        self._made(row, before_row is not None, True),
                    )
                )
            if plan is None:
                continue
            if plan.across is None:
                items += plan.fixed
            else:
                items += plan.items(uncertain_change(plan.across["date"], since, after))
        plans, gone_rows = self.gone[consecutive], self.kind[before][gone]
        for i, code in zip(gone.tolist(), gone_rows.tolist(), strict=True):
            plan = plans.get(code, _UNPLANNED)
            if plan is _UNPLANNED:
                row = old[keys[i]]
                across = gone_plan(row, consecutive)
                plan = plans[code] = (
                    None
                    if across is None
                    else _Plan([], across, self._made(row, True, False))
                )
            if plan is not None:
                items += plan.items(uncertain_change(plan.across["date"], since, after))
        items.sort(key=_order)  # stable: a row's items are in its own order
        for item in items:
            if item.index is None:
                self._index(item)
        return [item.index for item in items]

    def _made(self, row: dict, shown_before: bool, shown_after: bool):
        """What makes the items of a list of ``row``'s changes, in the
        report's order: by kind, then period id, as
        :func:`basemap.selection.changes._found` sorts them (the rows by operator and
        site, through ``order``)."""
        key = row["key"]
        before, after = ({key} if shown_before else ()), ({key} if shown_after else ())
        place, count = self.order[key], len(self.order)

        def made(changes: list[dict]) -> list[_Item]:
            out = []
            for c in sorted(changes, key=lambda c: (CHANGE_RANK[c["kind"]], c["id"])):
                text = change_text(c)
                mark, side = _mark(text, key, before, after)
                entry = (
                    row["site"],
                    row["operator"],
                    row["name"],
                    text,
                    MARKS.index(mark),
                    ("before", "after").index(side),
                )
                out.append(_Item(CHANGE_RANK[c["kind"]] * count + place, entry))
            return out

        return made

    def _index(self, item: _Item) -> None:
        """Store the row of an item first reported, with its site and
        strings, in the order the single pair's report stores them."""
        site, operator, name, text, mark, side = item.entry
        entry = (
            _intern(self.sites, site),
            self.operators[operator],
            _intern(self.strings, name),
            _intern(self.strings, text),
            mark,
            side,
        )
        item.index = _intern(self.rows, entry)


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
    :func:`basemap.selection.changes.compare_years`.

    >>> from basemap.pipeline import presences
    >>> frames = {y: presences(year=y) for y in (2004, 2005)}
    >>> d = pair_data(frames, [2004, 2005])
    >>> row = d["rows"][d["pairs"]["2004-2005"][-1]]
    >>> d["sites"][row[0]], d["operators"][row[1]], d["strings"][row[3]]
    ('karshi-khanabad', ['USA', 'United States'], 'closed')
    """
    years = sorted(years)
    if pairs is None:
        pairs = [(a, b) for i, a in enumerate(years) for b in years[i + 1 :]]
    names = _operator_names({y: frames[y] for y in years})
    # millions of small tuples, lists and dicts, no cycles (gcpause)
    with no_gc_pauses():
        shown = {y: shown_rows(frames[y]) for y in years}  # each year's rows, once
        table = _Table(list(names), shown)
        out_pairs = {
            f"{before}-{after}": table.pair(before, after) for before, after in pairs
        }
        rows = [list(r) for r in table.rows]
    return {
        "years": years,
        "sites": list(table.sites),
        "operators": [[code, names[code]] for code in names],
        "strings": list(table.strings),
        "rows": rows,
        "pairs": out_pairs,
    }
