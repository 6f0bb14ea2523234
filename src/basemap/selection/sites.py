"""Slice layers to a year or a day.

:func:`select` is the second step of the pipeline: from the rows of
:func:`basemap.io.layers.read_layers` (one per period) it makes one row per site
and operator, the unit the map draws as one marker.

A site and operator is

* ``present`` in the year (or on the day) when one of its periods is present
  there, ``uncertain`` when its periods only *may* cover it (see
  :mod:`basemap.dates`);
* ``former`` when all of its periods ended before the year (or day).

Sites and operators that had not started are left out.

Examples
--------
>>> from basemap.io.layers import read_layers
>>> sel = select(read_layers(), year=2005)
>>> row = sel.set_index("key").loc["karshi-khanabad/USA"]
>>> row["presence"], row["change"]
('present', 'closed')
>>> "karshi-khanabad/USA" in set(select(read_layers(), year=2006).query(
...     "presence == 'former'")["key"])
True
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..codes import operator_name
from ..dates import When, parse_when
from ..frames import frame_cached, no_gc_pauses

if TYPE_CHECKING:
    import geopandas

__all__ = [
    "CHANGE_KINDS",
    "INDEPENDENCE",
    "OPTIONAL_COLUMNS",
    "PERIOD_FIELDS",
    "SELECTION_COLUMNS",
    "SOVIET_SUCCESSORS",
    "data_years",
    "period_changes",
    "presence_at",
    "select",
]

#: Columns of the GeoDataFrame returned by :func:`select`.
SELECTION_COLUMNS = [
    "key",
    "site",
    "operator",
    "operator_name",
    "name",
    "host",
    "kind",
    "status",
    "presence",
    "change",
    "changes",
    "periods",
    "location_precision",
    "location_note",
]
#: Columns of the layers that :func:`select` carries after
#: :data:`SELECTION_COLUMNS` when the layers have them: ``aliases`` (the
#: other names of the periods shown, in order, each once), ``area`` (the
#: outline, a GeoJSON geometry dict, of a site that is an area) and
#: ``territory`` (the disputed or breakaway territory the site is in, as its
#: last period shown names it; carried only when a period names one, so the
#: output of layers without territories keeps its columns).
OPTIONAL_COLUMNS = ("aliases", "area", "territory")

#: The kinds of change (a row lists its changes in date order).
CHANGE_KINDS = ("inherited", "opened", "changed", "closed")
#: The last day of the month the Soviet Union ended (26 December 1991) and
#: the Central Asian states' independence was complete. A presence of a
#: successor of the Soviet forces that may have begun on or before it was
#: not opened: it was inherited.
INDEPENDENCE = date(1991, 12, 31)
#: Operators whose forces took over Soviet forces in Central Asia.
SOVIET_SUCCESSORS = frozenset({"RUS"})
#: The attributes compared between two consecutive periods, in this order.
_COMPARED = (
    "name",
    "label",
    "kind",
    "status",
    "personnel",
    "equipment",
    "units",
    "aliases",
)

PERIOD_FIELDS = [
    "id",
    "name",
    "label",
    "aliases",
    "kind",
    "status",
    "start",
    "end",
    "personnel",
    "equipment",
    "units",
    "notes",
    "radius",
    "sources",
]


def data_years(layers: geopandas.GeoDataFrame) -> tuple[int, int]:
    """Return the first year any period may start and the ``as_of`` year.

    >>> from basemap.io.layers import read_layers
    >>> data_years(read_layers())
    (1991, 2026)
    """
    first = min(p.earliest_start.year for p in layers["period"])
    last = max(int(a[:4]) for a in layers["as_of"])
    return first, last


def _period_record(cache: dict, cols: dict, i: int, row: int) -> dict:
    """Period ``i`` (of the sorted columns; row ``row`` of the frame) as a
    dict, as written in the data: empty members and the default status
    ("base") left out. Built once per frame and shared by every year's
    selection (do not modify it)."""
    record = cache.get(row)
    if record is None:
        record = {}
        for name in PERIOD_FIELDS:
            value = cols[name][i]
            if name == "end":
                period = cols["period"][i]
                record["end"] = period.end.text if period.end else None
            elif name == "status" and value == "base":
                continue
            elif (
                value is not None
                and not isinstance(value, float)
                and value not in ("", [])
            ):
                record[name] = value
        cache[row] = record
    return record


def _day_arrays(layers):
    """Ordinal day numbers of each period's four bounds."""
    return frame_cached("days", layers, lambda: _make_day_arrays(layers))


def _make_day_arrays(layers):
    import numpy as np

    periods = list(layers["period"])
    arrays = tuple(
        np.fromiter(
            (getattr(p, name).toordinal() for p in periods),
            dtype=np.int64,
            count=len(periods),
        )
        for name in ("earliest_start", "latest_start", "earliest_end", "latest_end")
    )
    layers.attrs["_basemap_days"] = arrays
    return arrays


def _order_and_adjacency(layers):
    """Rows sorted by site, operator and start, and which adjoin their
    neighbour (a renaming or a new lease continues a presence)."""
    return frame_cached("order", layers, lambda: _make_order(layers))


def _make_order(layers):
    import numpy as np
    import pandas as pd

    es, _, _, le = _day_arrays(layers)
    codes, _ = pd.factorize(
        layers["site"].astype(str) + "\x00" + layers["operator"].astype(str)
    )
    ids = layers["id"].astype(str).to_numpy()
    order = np.lexsort((ids, es, codes))
    g = codes[order]
    same = g[1:] == g[:-1]
    starts = layers["start"].to_numpy()[order]
    ends = np.array(
        [
            p.end.text if p.end is not None else None
            for p in layers["period"].to_numpy()[order]
        ],
        dtype=object,
    )
    gap = es[order][1:] - le[order][:-1]
    adjoin = same & (((gap >= 0) & (gap <= 1)) | (ends[:-1] == starts[1:]))
    has_pred = np.zeros(len(order), dtype=bool)
    has_succ = np.zeros(len(order), dtype=bool)
    has_pred[1:] = adjoin
    has_succ[:-1] = adjoin
    return order, g, has_pred, has_succ


def _figure(personnel, since: str | None = None):
    """The strength last given (by its date), or the one in force on
    ``since`` (the last dated by then, else the first), as written."""
    if not personnel:
        return None
    ordered = sorted(personnel, key=lambda p: str(p.get("date") or ""))
    if since is not None:
        by_then = [p for p in ordered if str(p.get("date") or "").rstrip("~?") <= since]
        ordered = by_then or ordered[:1]
    return ordered[-1].get("value")


def period_changes(before: dict, after: dict) -> list[dict]:
    """What differs between two consecutive periods of one site and operator.

    ``before`` and ``after`` are periods as written (the ``periods`` of a
    selection row). Returns one ``{"field", "before", "after"}`` per
    attribute that differs, of name, label, kind, status, personnel (the
    figure last given in ``before`` against the one ``after`` gives for its
    start), equipment, units and aliases.

    >>> for c in period_changes({"name": "A", "status": "temporary"}, {"name": "B"}):
    ...     print(c)
    {'field': 'name', 'before': 'A', 'after': 'B'}
    {'field': 'status', 'before': 'temporary', 'after': 'base'}
    >>> period_changes({"name": "A", "personnel": [{"value": "400", "date": "2009"}]},
    ...                {"name": "A", "start": "2010-05",
    ...                 "personnel": [{"value": "300", "date": "2003"},
    ...                               {"value": "500", "date": "2010"},
    ...                               {"value": "700", "date": "2012"}]})
    [{'field': 'personnel', 'before': '400', 'after': '500'}]
    """
    out = []
    for name in _COMPARED:
        if name == "status":
            old, new = before.get(name) or "base", after.get(name) or "base"
        elif name == "personnel":
            old = _figure(before.get(name))
            new = _figure(after.get(name), since=str(after.get("start") or ""))
        else:
            old, new = before.get(name), after.get(name)
        if old != new:
            out.append({"field": name, "before": old, "after": new})
    return out


def select(
    layers: geopandas.GeoDataFrame,
    year: int | None = None,
    when: str | date | When | None = None,
) -> geopandas.GeoDataFrame:
    """Return what is present in a year or on a day, one row per site and operator.

    Parameters
    ----------
    layers : GeoDataFrame
        As returned by :func:`basemap.io.layers.read_layers`.
    year : int, optional
        The year to show.
    when : str or datetime.date, optional
        The day to show (``YYYY-MM-DD``), instead of a year.

    Returns
    -------
    GeoDataFrame
        Columns :data:`SELECTION_COLUMNS` (then those of
        :data:`OPTIONAL_COLUMNS` the layers have), sorted by operator then
        site.
        ``presence`` is "present", "uncertain" or "former". ``changes``
        lists what happened during the year (or on the day), each a dict
        with ``kind``: "inherited" (a presence of a Soviet successor that
        may have begun by :data:`INDEPENDENCE`), "opened" (a period with no
        predecessor began), "changed" (a period followed another: a
        renaming, a new lease; with the ``attributes`` that differ, see
        :func:`period_changes`) or "closed" (a period with no successor
        ended); ``status`` of that period, ``date`` as written, ``id`` of the
        period, and ``uncertain``: True when that date may fall outside the
        year (or day). An imprecise date counts in the first year its start
        can mean and in the last year its end can mean, the years the map
        first and last shows the presence. ``change`` joins the kinds other
        than "changed" with "and" ("opened", "closed", "opened and closed",
        "inherited", ""), what the marker's label says. ``periods`` lists the
        periods (as dicts) that cover the year or day, or the last one for a
        former site.

    Raises
    ------
    OptionError
        For a missing, doubled or invalid year or date.
    """
    year, day = parse_when(year, when)
    with no_gc_pauses():
        return _select(layers, year, day)


def _select(layers, year: int | None, day: date | None):
    import geopandas
    import numpy as np

    first, last = (
        (day, day) if day is not None else (date(year, 1, 1), date(year, 12, 31))
    )
    lo, hi = first.toordinal(), last.toordinal()
    optional = [
        c
        for c in OPTIONAL_COLUMNS
        if c in layers.columns and (c != "territory" or layers[c].notna().any())
    ]
    columns = [*SELECTION_COLUMNS, *optional, "geometry"]
    if not len(layers):
        return geopandas.GeoDataFrame(
            columns=columns, geometry="geometry", crs=layers.crs or "EPSG:4326"
        )

    es, ls, ee, le = _day_arrays(layers)
    order, groups, has_pred, has_succ = _order_and_adjacency(layers)
    cols, geoms, open_end = _sorted_columns(layers, tuple(optional))
    es, ls, ee, le = es[order], ls[order], ee[order], le[order]
    covering = (es <= hi) & (le >= lo)
    certain = covering & (ls <= hi) & (ee >= lo)
    began = covering & (es >= lo) & (es <= hi)
    closed = covering & ~open_end & (le >= lo) & (le <= hi) & ~has_succ
    ended = le < lo

    bounds = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1], True])
    first_rows, stop_rows = bounds[:-1], bounds[1:]

    def per_group(flags):
        return np.logical_or.reduceat(flags, first_rows).tolist()

    g_cover = per_group(covering)
    g_certain = per_group(certain)
    g_all_ended = np.logical_and.reduceat(ended, first_rows).tolist()
    # two adjoining periods, each unsure around their shared date, still
    # make a certain presence (a renaming, a new lease)
    g_joined = per_group(covering & has_pred & np.r_[False, covering[:-1]])
    # Python lists from here: the loop reads them element by element
    covering, began, closed = covering.tolist(), began.tolist(), closed.tolist()
    late_start, early_end = (ls > hi).tolist(), (ee < lo).tolist()
    pred, early = has_pred.tolist(), (es <= INDEPENDENCE.toordinal()).tolist()

    periods = frame_cached("periods", layers, dict)
    # a row without changes is the same in every year that shows the same
    # periods of its group the same way (a former site in every year after
    # it closed, a base in the quiet years of its lease): made once per
    # frame, with a list of changes of its own each time
    quiet = frame_cached(f"rows {optional}", layers, dict)
    order_list = order.tolist()
    rows = []

    def record(i):
        return _period_record(periods, cols, i, order_list[i])

    spans = zip(first_rows.tolist(), stop_rows.tolist(), strict=True)
    for gi, (a, b) in enumerate(spans):
        changes = []
        if g_cover[gi]:
            shown = [i for i in range(a, b) if covering[i]]
            presence = "present" if (g_certain[gi] or g_joined[gi]) else "uncertain"
            for i in range(a, b):
                if began[i]:
                    if pred[i]:
                        kind = "changed"
                    elif early[i] and cols["operator"][i] in SOVIET_SUCCESSORS:
                        kind = "inherited"
                    else:
                        kind = "opened"
                    change = {
                        "kind": kind,
                        "status": cols["status"][i],
                        "date": cols["start"][i],
                        "id": cols["id"][i],
                        "uncertain": late_start[i],
                    }
                    if kind == "changed":
                        change["attributes"] = period_changes(record(i - 1), record(i))
                    changes.append(change)
                if closed[i]:
                    changes.append(
                        {
                            "kind": "closed",
                            "status": cols["status"][i],
                            "date": cols["end_text"][i],
                            "id": cols["id"][i],
                            "uncertain": early_end[i],
                        }
                    )
        elif g_all_ended[gi]:
            shown, presence = [b - 1], "former"
        else:
            continue  # not started yet
        key = None if changes else (gi, presence, *shown)
        row = quiet.get(key) if key else None
        if row is not None:
            rows.append((*row[:_CHANGES_AT], [], *row[_CHANGES_AT + 1 :]))
            continue
        kinds = [c["kind"] for c in changes if c["kind"] != "changed"]
        change = " and ".join(dict.fromkeys(kinds))
        last_i = shown[-1]
        site, operator = cols["site"][last_i], cols["operator"][last_i]
        row = (
            operator,
            site,
            f"{site}/{operator}",
            operator_name(operator),
            cols["name"][last_i],
            cols["host"][last_i],
            cols["kind"][last_i],
            cols["status"][last_i],
            presence,
            change,
            changes,
            [record(i) for i in shown],
            cols["location_precision"][last_i],
            cols["location_note"][last_i],
            *(_optional(c, cols[c], shown, last_i) for c in optional),
            geoms[last_i],
        )
        if key:
            quiet[key] = row
        rows.append(row)
    rows.sort(key=lambda r: (r[0], r[1]))
    # column by column: quicker than a frame from dicts, the same frame
    return _frame(rows, columns, layers.crs or "EPSG:4326")


def _row_order(columns) -> list[str]:
    """The order of a row of :func:`_select`: operator and site first (the
    order it is sorted by), then the other columns in order."""
    return ["operator", "site", *[c for c in columns if c not in ("operator", "site")]]


#: Where a row of :func:`_select` holds its list of changes.
_CHANGES_AT = _row_order(SELECTION_COLUMNS).index("changes")


def _frame(rows: list[tuple], columns: list[str], crs):
    """The selection's GeoDataFrame from its rows (in :func:`_row_order`)."""
    import geopandas
    import pandas as pd

    order = _row_order(columns)
    if not rows:
        return geopandas.GeoDataFrame(columns=columns, geometry="geometry", crs=crs)
    data = dict(zip(order, zip(*rows, strict=True), strict=True))
    geometry = geopandas.GeoSeries(list(data.pop("geometry")), crs=crs)
    frame = pd.DataFrame({name: list(data[name]) for name in columns[:-1]})
    return geopandas.GeoDataFrame(frame, geometry=geometry, crs=crs)


def _sorted_columns(layers, optional: tuple[str, ...]):
    """The columns select reads, as Python lists in the sorted order (see
    :func:`_order_and_adjacency`), the geometries and which periods are
    open-ended; made once per frame."""
    return frame_cached(
        f"columns {optional}", layers, lambda: _make_sorted_columns(layers, optional)
    )


def _make_sorted_columns(layers, optional):
    import numpy as np

    order = _order_and_adjacency(layers)[0]
    names = (
        *PERIOD_FIELDS,
        "period",
        "site",
        "operator",
        "host",
        "location_precision",
        "location_note",
        *(c for c in optional if c not in PERIOD_FIELDS),
    )
    cols = {name: layers[name].to_numpy()[order].tolist() for name in names}
    for name in ("location_precision", "location_note"):
        cols[name] = [_none(v) for v in cols[name]]
    cols["end_text"] = [p.end.text if p.end else None for p in cols["period"]]
    geoms = layers.geometry.to_numpy()[order]
    open_end = np.array([p.end is None for p in cols["period"]], dtype=bool)
    return cols, geoms, open_end


def _none(value):
    return None if isinstance(value, float) else value


def _optional(name: str, column, shown: list[int], last: int):
    """An optional column's value for a row: the aliases of the periods
    shown, each once in order; else the last period's value (None for a
    missing one)."""
    if name == "aliases":
        if len(shown) == 1:  # the common case, without a generator
            return list(dict.fromkeys(column[shown[0]] or ()))
        return list(dict.fromkeys(a for i in shown for a in column[i] or ()))
    value = column[last]
    return None if value is None or isinstance(value, float) else value


def presence_at(period, year: int | None, day: date | None):
    """A period's presence in a year (or on a day), or None (see
    :mod:`basemap.dates`); ``year`` and ``day`` as :func:`parse_when` gives.

    >>> from basemap.dates import Period
    >>> k2 = Period.from_strings("2001-10-07", "2005-11-21")
    >>> presence_at(k2, 2005, None), presence_at(k2, None, date(2006, 1, 1))
    ('present', None)
    """
    return period.presence_on(day) if day is not None else period.presence_in_year(year)
