"""The whole history of each site: its periods as date intervals, and its events.

What a site's page and the presence chart draw, computed once from the
layers (:func:`basemap.io.layers.read_layers`, one row per period) and the
context (:func:`basemap.io.context.read_context`). No drawing here: the SVG is
built by :mod:`basemap.pages.chart`, the pages by :mod:`basemap.pages.sites`.

A period becomes a :class:`Bar` with the four days of :mod:`basemap.dates`:
the earliest and latest day its start can mean, the earliest and latest day
its end can mean. Between the latest start and the earliest end the period
is certain (drawn solid); from the earliest to the latest start, and from
the earliest to the latest end, it only may have run (drawn hatched, the
map's "uncertain"). A period still running (``end`` null) is certain up to
``as_of`` and drawn no further.

Each operator gets one colour across every chart and page of the data,
from :func:`basemap.styling.symbols.legend_colors` over all the operators of the
layers, so a chart of all sites never repeats a colour.

Examples
--------
>>> from basemap.io.layers import read_layers
>>> from basemap.io.context import read_context
>>> sites = {h.site: h for h in site_histories(read_layers(), read_context())}
>>> kant = sites["kant"]
>>> kant.name, kant.host_name, [b.id for b in kant.bars]
('Kant', 'Kyrgyzstan', ['kant-rus-2002', 'kant-rus-1', 'kant-rus-2'])
>>> kant.bars[0].end_uncertain, kant.bars[-1].open_end
(True, True)
>>> [e["id"] for e in kant.events][:2]
['kant-opened', 'kant-railroad-troops']
>>> [e["id"] for e in kant.events][2:]
['kant-reinforced-2010-04', 'kant-reinforced-2010-06']
>>> date_text("2005-11~")
'2005-11~ (month, approximate)'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..codes import host_text, operator_name
from ..selection.sites import PERIOD_FIELDS
from ..styling.palette import legend_colors

if TYPE_CHECKING:
    import geopandas

    from ..io.context import Context

__all__ = [
    "EVENT_RADIUS_KM",
    "SITE_ID",
    "Bar",
    "OperatorRow",
    "SiteHistory",
    "date_text",
    "event_sites",
    "operator_colors",
    "site_histories",
]

#: An event within this distance of a site (and naming no other site) is
#: listed and marked at that site.
EVENT_RADIUS_KM = 5.0
#: What a site id may be (the schema's pattern): it names a file.
SITE_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")

_PRECISION = {4: "year", 7: "month", 10: "day"}
_QUALIFIER = {"~": "approximate", "?": "uncertain"}


def date_text(text: str | None, as_of: str | None = None) -> str:
    """A date as written, with its precision (as the map's popups say it).

    >>> date_text("1992?")
    '1992? (year, uncertain)'
    >>> date_text("2003-10-23")
    '2003-10-23 (day)'
    >>> date_text(None, "2026-12-01")
    'present (as of 2026-12-01)'
    """
    if text is None:
        return f"present (as of {as_of})" if as_of else "present"
    bare, words = text, []
    if text[-1:] in _QUALIFIER:
        bare = text[:-1]
    words.append(_PRECISION.get(len(bare), ""))
    if text[-1:] in _QUALIFIER:
        words.append(_QUALIFIER[text[-1]])
    return f"{text} ({', '.join(w for w in words if w)})"


@dataclass(frozen=True)
class Bar:
    """One period of one operator at one site, as days to draw.

    Attributes
    ----------
    id, site, operator, host, name, status : str
    start, end : str or None
        The dates as written (``end`` None: still present on ``as_of``).
    earliest_start, latest_start, earliest_end, latest_end : datetime.date
        The spans of the two dates (:mod:`basemap.dates`); for an open end,
        both end days are ``as_of``.
    open_end : bool
        True when the period is still running on ``as_of``.
    record : dict
        The period's properties as written in the data (for its page).
    """

    id: str
    site: str
    operator: str
    host: str
    name: str
    status: str
    start: str
    end: str | None
    earliest_start: date
    latest_start: date
    earliest_end: date
    latest_end: date
    open_end: bool
    record: dict = field(compare=False, repr=False)

    @property
    def start_uncertain(self) -> bool:
        """True when the start is a span of days, not one day (drawn hatched).

        >>> b = Bar("x", "s", "RUS", "KGZ", "n", "base", "1992?", None,
        ...         date(1991, 1, 1), date(1993, 12, 31), date(2026, 12, 1),
        ...         date(2026, 12, 1), True, {})
        >>> b.start_uncertain, b.end_uncertain
        (True, False)
        """
        return self.latest_start > self.earliest_start

    @property
    def end_uncertain(self) -> bool:
        """True when the end is a span of days (an open end is not)."""
        return self.latest_end > self.earliest_end

    @property
    def qualified(self) -> bool:
        """True when either date carries ``~`` or ``?``."""
        return any((d or "")[-1:] in _QUALIFIER for d in (self.start, self.end))

    def present_in(self, year: int) -> bool:
        """True when the period may overlap ``year`` (the map shows it)."""
        return self.earliest_start <= date(year, 12, 31) and self.latest_end >= date(
            year, 1, 1
        )


@dataclass(frozen=True)
class OperatorRow:
    """The periods of one operator at one site: one bar of the presence chart.

    ``label`` is the site's short name and the operator ("Manas (United
    States)"); ``color`` the operator's colour across the whole data.
    """

    site: str
    operator: str
    operator_name: str
    color: str
    label: str
    bars: tuple[Bar, ...]

    @property
    def earliest(self) -> date:
        return min(b.earliest_start for b in self.bars)


@dataclass(frozen=True)
class SiteHistory:
    """Everything known about one site, in date order.

    Attributes
    ----------
    site : str
        The site id (``kant``), also the page's file name.
    name : str
        Its short name (the label of its latest period).
    full_name : str
        The name of its latest period.
    host, host_name : str
    lon, lat : float
        The site's point (its latest period's).
    bars : tuple of Bar
        Every period, by start.
    rows : tuple of OperatorRow
        One per operator, by first start.
    events : list of dict
        The events at the site (see :func:`event_sites`), by date.
    location : dict
        ``precision``, ``note`` and ``place`` of the latest period.
    area : dict or None
        The outline (GeoJSON) of a site drawn as an area, its latest
        period's (see :mod:`basemap.geo.areas`); its point is the anchor.
    """

    site: str
    name: str
    full_name: str
    host: str
    host_name: str
    lon: float
    lat: float
    bars: tuple[Bar, ...]
    rows: tuple[OperatorRow, ...]
    events: list[dict] = field(default_factory=list)
    location: dict = field(default_factory=dict)
    area: dict | None = None

    @property
    def operators(self) -> list[str]:
        return [r.operator for r in self.rows]

    def years(self, years) -> list[int]:
        """The years among ``years`` in which the site is on the map."""
        return [y for y in years if any(b.present_in(y) for b in self.bars)]


def operator_colors(layers: geopandas.GeoDataFrame) -> dict[str, str]:
    """One colour per operator of the layers, none repeated.

    >>> from basemap.io.layers import read_layers
    >>> colors = operator_colors(read_layers())
    >>> colors["RUS"], len(set(colors.values())) == len(colors)
    ('#FF4900', True)
    """
    return legend_colors(sorted(set(layers["operator"])) if len(layers) else [])


def _value(value: Any) -> Any:
    """None for pandas' missing values (NaN)."""
    return None if isinstance(value, float) and math.isnan(value) else value


#: A period's fields as the selection keeps them, and its location.
_FIELDS = (*PERIOD_FIELDS, "place", "location_precision", "location_note")


def _bar(row: dict, as_of: date) -> Bar:
    period = row["period"]
    open_end = period.end is None
    end_days = (as_of, as_of) if open_end else (period.end.earliest, period.end.latest)
    record = {}
    get = row.get
    for name in _FIELDS:
        value = get(name)
        # _value(), inline (a period has some twenty fields, a layer 10k periods)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            continue
        if value != "" and value != []:
            record[name] = value
    record["end"] = end = _value(get("end"))
    return Bar(
        id=row["id"],
        site=row["site"],
        operator=row["operator"],
        host=row["host"],
        name=row["name"],
        status=_value(get("status")) or "base",
        start=row["start"],
        end=end,
        earliest_start=period.earliest_start,
        latest_start=period.latest_start,
        earliest_end=end_days[0],
        latest_end=end_days[1],
        open_end=open_end,
        record=record,
    )


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km (haversine; enough for "within a few km")."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def event_sites(
    events: list[dict],
    points: dict[str, tuple[float, float]],
    radius_km: float = EVENT_RADIUS_KM,
) -> dict[str, list[dict]]:
    """Site id -> the events at it, in the order given.

    An event is at a site when it names the site (``site``), or names none
    and is placed within ``radius_km`` of the site's point.

    >>> event_sites([{"id": "a", "site": "x"}, {"id": "b", "lon": 10.0, "lat": 0.0},
    ...              {"id": "c", "lon": 10.1, "lat": 0.0}],
    ...             {"x": (0.0, 0.0), "y": (10.01, 0.0)})
    {'x': [{'id': 'a', 'site': 'x'}], 'y': [{'id': 'b', 'lon': 10.0, 'lat': 0.0}]}
    """
    import numpy as np

    out: dict[str, list[dict]] = {}
    names = list(points)
    lats = np.array([points[s][1] for s in names], dtype=float)
    # a site farther in latitude alone than the radius is farther in all:
    # only the sites of that band are measured (a hair wider, for rounding)
    band = radius_km / (6371.0088 * math.pi / 180) * 1.000001 + 1e-9
    for event in events:
        named = event.get("site")
        if named:
            if named in points:
                out.setdefault(named, []).append(event)
            continue
        lon, lat = event.get("lon"), event.get("lat")
        if lon is None or lat is None:
            continue
        for i in np.flatnonzero(np.abs(lats - lat) <= band).tolist():
            site = names[i]
            slon, slat = points[site]
            if _km(lon, lat, slon, slat) <= radius_km:
                out.setdefault(site, []).append(event)
    return out


def site_histories(
    layers: geopandas.GeoDataFrame,
    context: Context | None = None,
    *,
    as_of: str | date | None = None,
) -> list[SiteHistory]:
    """The history of every site of the layers, by host then name.

    Parameters
    ----------
    layers : GeoDataFrame
        As returned by :func:`basemap.io.layers.read_layers`.
    context : Context, optional
        Events to attach to their sites (:func:`event_sites`).
    as_of : str or date, optional
        The day the data was checked (default: the layers' latest
        ``as_of``): where a period still running is drawn to.

    Raises
    ------
    ValueError
        When a site id is not of the form the schema allows (it names a
        page).
    """
    if as_of is None:
        as_of = max(layers["as_of"]) if len(layers) else date.today().isoformat()
    day = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
    colors = operator_colors(layers)
    wanted = (*_FIELDS, "site", "operator", "host", "territory", "period", "area")
    columns = [c for c in dict.fromkeys(wanted) if c in layers.columns]
    rows = [
        dict(zip(columns, values, strict=True), geometry=geom)
        for *values, geom in zip(
            *(layers[c].to_numpy() for c in columns),
            layers.geometry.to_numpy(),
            strict=True,
        )
    ]
    by_site: dict[str, list[dict]] = {}
    for row in rows:
        by_site.setdefault(row["site"], []).append(row)
    points, lasts = {}, {}
    for site, group in by_site.items():
        if not SITE_ID.match(str(site)):
            raise ValueError(
                f"site {site!r} (feature {group[0]['id']!r}): a site id is lower-case "
                "letters, digits and hyphens (it names the site's page)"
            )
        last = lasts[site] = max(group, key=lambda r: (r["period"].latest_end, r["id"]))
        points[site] = (float(last["geometry"].x), float(last["geometry"].y))
    at = event_sites(context.events if context else [], points)
    out = []
    for site, group in by_site.items():
        bars = sorted(
            (_bar(r, day) for r in group),
            key=lambda b: (b.earliest_start, b.latest_start, b.id),
        )
        last = lasts[site]
        short = _value(last.get("label")) or last["name"]
        ops: dict[str, list[Bar]] = {}
        for b in bars:
            ops.setdefault(b.operator, []).append(b)
        op_rows = [
            OperatorRow(
                site=site,
                operator=op,
                operator_name=operator_name(op),
                color=colors[op],
                label=f"{short} ({operator_name(op)})",
                bars=tuple(bs),
            )
            for op, bs in ops.items()
        ]
        op_rows.sort(key=lambda r: (r.earliest, r.operator))
        host = last["host"]
        out.append(
            SiteHistory(
                site=site,
                name=short,
                full_name=last["name"],
                host=host,
                host_name=host_text(host, _value(last.get("territory"))),
                lon=points[site][0],
                lat=points[site][1],
                bars=tuple(bars),
                rows=tuple(op_rows),
                events=list(at.get(site, [])),
                location={
                    "precision": _value(last.get("location_precision")),
                    "note": _value(last.get("location_note")),
                    "place": _value(last.get("place")),
                },
                area=last["area"] if isinstance(last.get("area"), dict) else None,
            )
        )
    out.sort(key=lambda h: (h.host_name, h.rows[0].earliest, h.name, h.site))
    return out
