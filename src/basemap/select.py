"""Slice layers to a year or a day.

:func:`select` is the second step of the pipeline: from the rows of
:func:`basemap.read.read_layers` (one per period) it makes one row per site
and operator, the unit the map draws as one marker.

A site and operator is

* ``present`` in the year (or on the day) when one of its periods is present
  there, ``uncertain`` when its periods only *may* cover it (see
  :mod:`basemap.dates`);
* ``former`` when all of its periods ended before the year (or day).

Sites and operators that had not started are left out.

Examples
--------
>>> from basemap.read import read_layers
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

from .codes import operator_name
from .errors import OptionError

if TYPE_CHECKING:
    import geopandas

__all__ = ["SELECTION_COLUMNS", "data_years", "parse_when", "select"]

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
    "periods",
    "location_precision",
    "location_note",
]

_PERIOD_FIELDS = [
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
    "sources",
]


def parse_when(year: int | None = None, when: str | date | None = None):
    """Check a year/date choice; return ``(year, day)`` with one of them set.

    Examples
    --------
    >>> parse_when(year=2005)
    (2005, None)
    >>> parse_when(when="2005-11-21")
    (None, datetime.date(2005, 11, 21))
    >>> parse_when(year=2005, when="2005-01-01")
    Traceback (most recent call last):
    ...
    basemap.errors.OptionError: give a year or a date, not both
    """
    if (year is None) == (when is None):
        raise OptionError(
            "give a year or a date, not both"
            if year is not None
            else "give a year (e.g. 2005) or a date (e.g. 2005-11-21)"
        )
    if year is not None:
        if not 1 <= int(year) <= 9999:
            raise OptionError(f"year {year} is out of range (1-9999)")
        return int(year), None
    if isinstance(when, date):
        return None, when
    try:
        return None, date.fromisoformat(str(when))
    except ValueError:
        raise OptionError(f"date {when!r} is not a valid YYYY-MM-DD date") from None


def data_years(layers: geopandas.GeoDataFrame) -> tuple[int, int]:
    """Return the first year any period may start and the ``as_of`` year.

    >>> from basemap.read import read_layers
    >>> data_years(read_layers())
    (1991, 2026)
    """
    first = min(p.earliest_start.year for p in layers["period"])
    last = max(int(a[:4]) for a in layers["as_of"])
    return first, last


def _period_record(row) -> dict:
    out = {}
    for name in _PERIOD_FIELDS:
        value = row[name]
        if name == "end":
            value = row["period"].end.text if row["period"].end else None
        elif isinstance(value, float):  # pandas' missing value
            value = None
        out[name] = value
    return out


def select(
    layers: geopandas.GeoDataFrame,
    year: int | None = None,
    when: str | date | None = None,
) -> geopandas.GeoDataFrame:
    """Return what is present in a year or on a day, one row per site and operator.

    Parameters
    ----------
    layers : GeoDataFrame
        As returned by :func:`basemap.read.read_layers`.
    year : int, optional
        The year to show.
    when : str or datetime.date, optional
        The day to show (``YYYY-MM-DD``), instead of a year.

    Returns
    -------
    GeoDataFrame
        Columns :data:`SELECTION_COLUMNS`, sorted by operator then site.
        ``presence`` is "present", "uncertain" or "former"; ``change`` is
        "opened", "closed", "opened and closed" or "" (for a year: whether a
        period began or ended during it; for a day: whether one began or ended
        that day); ``periods`` lists the periods (as dicts) that cover the
        year or day, or the last one for a former site.

    Raises
    ------
    OptionError
        For a missing, doubled or invalid year or date.
    """
    import geopandas

    year, day = parse_when(year, when)
    if day is not None:
        first = last = day
    else:
        first, last = date(year, 1, 1), date(year, 12, 31)

    rows = []
    groups = layers.groupby(["site", "operator"], sort=True)
    for (site, operator), group in groups:
        group = group.sort_values("id", kind="stable")
        group = group.iloc[
            sorted(
                range(len(group)), key=lambda i: group["period"].iloc[i].earliest_start
            )
        ]
        covering = []
        presences = []
        for _, row in group.iterrows():
            period = row["period"]
            found = (
                period.presence_on(day)
                if day is not None
                else period.presence_in_year(year)
            )
            if found:
                covering.append(row)
                presences.append(found)
        if covering:
            presence = "present" if "present" in presences else "uncertain"
            if presence == "uncertain" and any(
                _continues(group, r, before=True) and covering[0]["id"] != r["id"]
                for r in covering
            ):
                # Two adjoining periods (a renaming, a new lease) each unsure
                # around their shared date still make a certain presence.
                presence = "present"
            opened = any(
                first <= r["period"].start.earliest <= last
                and r["period"].start.latest <= last
                and not _continues(group, r, before=True)
                for r in covering
            )
            closed = any(
                r["period"].end is not None
                and first <= r["period"].end.latest <= last
                and not _continues(group, r, before=False)
                for r in covering
            )
            shown = covering
        elif all(row["period"].latest_end < first for _, row in group.iterrows()):
            presence, opened, closed = "former", False, False
            shown = [group.iloc[-1]]
        else:
            continue  # not started yet
        change = " and ".join(
            w for w, flag in (("opened", opened), ("closed", closed)) if flag
        )
        last_row = shown[-1]
        rows.append(
            {
                "key": f"{site}/{operator}",
                "site": site,
                "operator": operator,
                "operator_name": operator_name(operator),
                "name": last_row["name"],
                "host": last_row["host"],
                "kind": last_row["kind"],
                "status": last_row["status"],
                "presence": presence,
                "change": change,
                "periods": [_period_record(r) for r in shown],
                "location_precision": _none(last_row["location_precision"]),
                "location_note": _none(last_row["location_note"]),
                "geometry": last_row.geometry,
            }
        )
    rows.sort(key=lambda r: (r["operator"], r["site"]))
    return geopandas.GeoDataFrame(
        rows,
        columns=[*SELECTION_COLUMNS, "geometry"],
        geometry="geometry",
        crs=layers.crs or "EPSG:4326",
    )


def _none(value):
    return None if isinstance(value, float) else value


def _continues(group, row, before: bool) -> bool:
    """True when another period of the same site and operator adjoins ``row``.

    A renaming or a new lease is a new period of a continuing presence, not
    an opening or a closing.
    """
    period = row["period"]
    for _, other in group.iterrows():
        if other["id"] == row["id"]:
            continue
        p = other["period"]
        if (
            before
            and p.end is not None
            and 0 <= (period.start.earliest - p.end.latest).days <= 1
        ):
            return True
        if before and p.end is not None and p.end.text == period.start.text:
            return True
        if (
            not before
            and period.end is not None
            and 0 <= (p.start.earliest - period.end.latest).days <= 1
        ):
            return True
        if not before and period.end is not None and p.start.text == period.end.text:
            return True
    return False
