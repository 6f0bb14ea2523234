"""The bars of the charts, and a site's strip: its whole history in one SVG.

The drawing convention of every chart (:mod:`basemap.pages.chart`) and the map's:
a bar is solid where the period is certain, hatched (a pale fill with
stripes) where it only may have run (a date's span: "1992?" is 1991 to
1993), thin for a temporary deployment, outlined and dashed for a proposal
never realised, pale and dotted for a presence only reported; a small
triangle at the right edge means still present on ``as_of``; a small
triangle pointing up at a bar is an event at the site.

Pure functions from :mod:`basemap.pages.history` records to SVG text, with no
browser and no clock: the same data gives the same bytes. A site page draws
two strips (wide and narrow) and a layer may have 10k sites: the pieces
that repeat (tints, hatching, axes) are kept once made.

>>> from basemap.io.layers import read_layers
>>> from basemap.pages.history import site_histories
>>> kant = next(s for s in site_histories(read_layers()) if s.site == "kant")
>>> site_strip_svg(kant, as_of="2026-12-01").count('class="bm-period"')
3
"""

from __future__ import annotations

import math
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from ..codes import operator_name
from .svg import (
    GRID,
    MUTED,
    POINT_ZERO,
    esc,
    fit_text,
    num,
    svg_document,
    svg_text,
    text_width,
    wrap_text,
)

if TYPE_CHECKING:
    from .history import Bar, SiteHistory

__all__ = [
    "EVENT_INK",
    "FIRST_YEAR",
    "TimeScale",
    "as_day",
    "event_day",
    "event_pin",
    "hatched_span",
    "period_bar",
    "site_strip_svg",
    "time_axis",
    "tint",
]

#: The first year the charts show: the end of the Soviet Union.
FIRST_YEAR = 1991
EVENT_INK = "#1F2328"


def as_day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class TimeScale:
    """Days to x, from 1 January of ``first`` to the end of ``as_of``."""

    def __init__(self, first: int, as_of: date, x0: float, x1: float):
        self.lo = date(first, 1, 1).toordinal()
        self.hi = as_of.toordinal() + 1
        self.x0, self.x1 = x0, x1
        self._hash = hash(self._key())  # a memo key of every bar drawn on it

    def __call__(self, day: date) -> float:
        return self.at(day.toordinal())

    def at(self, ordinal: int) -> float:
        """The x of a day given as its ordinal (``date.toordinal``)."""
        d = min(max(ordinal, self.lo), self.hi)
        return self.x0 + (d - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)

    def years(self) -> range:
        return range(date.fromordinal(self.lo).year, date.fromordinal(self.hi).year + 1)

    def _key(self) -> tuple:
        return (self.lo, self.hi, self.x0, self.x1)

    def __eq__(self, other) -> bool:  # equal scales draw equal axes (time_axis)
        return isinstance(other, TimeScale) and self._key() == other._key()

    def __hash__(self) -> int:
        return self._hash


@lru_cache(maxsize=1024)  # a colour per operator
def tint(color: str, alpha: float = 0.25) -> str:
    """``color`` at ``alpha`` over white, as an opaque colour (no
    transparency: a PDF keeps it a plain vector fill).

    >>> tint("#FF4900")
    '#FFD2BF'
    """
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(
        *(round(255 - (255 - v) * alpha) for v in (r, g, b))
    )


def hatched_span(x0: float, x1: float, y: float, h: float, color: str) -> str:
    """A pale rectangle with 45-degree stripes in ``color``: a date's span.

    The stripes are plain line segments clipped to the rectangle (no SVG
    pattern: patterns come out of a browser's PDF as large images), in
    phase across all bars, so neighbouring spans line up.
    """
    step = 5.0
    parts = [
        f'<rect x="{num(x0)}" y="{num(y)}" width="{num(x1 - x0)}" '
        f'height="{num(h)}" fill="{tint(color)}"/>'
    ]
    ends: list[float] = []  # xa, ya, xb, yb of each stripe
    c = math.floor((x0 - h) / step) * step
    while c < x1:
        xa, ya, xb, yb = c, y + h, c + h, y
        if xa < x0:
            ya, xa = ya - (x0 - xa), x0
        if xb > x1:
            yb, xb = yb + (xb - x1), x1
        if xb - xa > 0.3:
            ends += (xa, ya, xb, yb)
        c += step
    if ends:  # "M{xa} {ya}L{xb} {yb}" each, numbers as num writes them
        d = POINT_ZERO.sub("", "M%.1f %.1fL%.1f %.1f" * (len(ends) // 4) % tuple(ends))
        parts.append(f'<path d="{d}" stroke="{color}" stroke-width="1.6"/>')
    return f'<g class="bm-uncertain">{"".join(parts)}</g>'


def period_bar(
    bar: Bar, scale: TimeScale, y: float, h: float, color: str, keep: bool = True
) -> str:
    """One period: solid where certain, hatched over its dates' spans.

    ``keep``: whether to keep the shape for a bar of the same days in the
    same row (a strip's rows repeat from page to page; a chart's do not).
    """
    shape = (_shape if keep else _shape.__wrapped__)(
        bar.status,
        bar.earliest_start.toordinal(),
        bar.latest_start.toordinal(),
        bar.earliest_end.toordinal() + 1,
        min(bar.latest_end.toordinal(), 3652058) + 1,
        bar.open_end,
        scale,
        y,
        h,
        color,
    )
    title = f"{bar.name}: {bar.start} to {bar.end or 'present'}"
    return f'<g class="bm-period"><title>{esc(title)}</title>{shape}</g>'


@lru_cache(maxsize=16384)  # the same dates in the same row on many pages
def _shape(
    status: str,
    earliest_start: int,
    latest_start: int,
    earliest_end: int,
    latest_end: int,
    open_end: bool,
    scale: TimeScale,
    y: float,
    h: float,
    color: str,
) -> str:
    """What :func:`period_bar` draws of a period, its days as ordinals (the ends
    the day after the last)."""
    if status == "temporary":
        y, h = y + h * 0.2, h * 0.6
    es, ls = scale.at(earliest_start), scale.at(latest_start)
    ee, le = scale.at(earliest_end), scale.at(latest_end)
    parts = []

    def rect(x0, x1, fill, extra=""):
        w = max(x1 - x0, 2.5)
        x0 = min(x0, scale.x1 - w)
        if fill is None:
            parts.append(hatched_span(x0, x0 + w, y, h, color))
            return
        parts.append(
            f'<rect x="{num(x0)}" y="{num(y)}" width="{num(w)}" '
            f'height="{num(h)}" fill="{fill}"{extra}/>'
        )

    fuzzy = None  # hatched
    if ls < ee:
        if status == "proposed":
            rect(
                ls,
                ee,
                "#FFFFFF",
                f' stroke="{color}" stroke-width="1.5" stroke-dasharray="4 2"',
            )
        elif status == "reported":  # pale, dotted: as its marker
            rect(
                ls,
                ee,
                color,
                f' fill-opacity="0.3" stroke="{color}" stroke-width="1.5" '
                'stroke-dasharray="1 2"',
            )
        else:  # a hair longer, so that adjoining periods meet without a seam
            rect(ls, min(ee + 0.4, scale.x1), color)
        if ls - es >= 0.5:
            rect(es, ls, fuzzy)
        if le - ee >= 0.5:
            rect(ee, le, fuzzy)
    else:  # no day is certain: the whole span may be
        rect(es, le, fuzzy)
    if open_end:
        x, mid = scale.x1 + 2, y + h / 2
        parts.append(f'<path d="M{num(x)} {num(mid - 4)}l6 4-6 4z" fill="{color}"/>')
    return "".join(parts)


def event_day(event: dict) -> date:
    period = event["period"]
    lo, hi = period.start.earliest.toordinal(), period.start.latest.toordinal()
    return date.fromordinal((lo + hi) // 2)


def event_pin(x: float, y: float, r: float, title: str) -> str:
    """An event: a small triangle pointing up at (x, y), a bar's bottom."""
    h = 1.75 * r
    return (
        f'<path class="bm-event" d="M{num(x - r)} {num(y + h)}h{num(2 * r)}'
        f'l-{num(r)}-{num(h)}z" fill="{EVENT_INK}" stroke="#FFFFFF" '
        f'stroke-width="0.75"><title>{esc(title)}</title></path>'
    )


@lru_cache(maxsize=256)
def time_axis(
    scale: TimeScale, y_top: float, y_bottom: float, size: float, step=5
) -> str:
    """Grid lines every ``step`` years and year labels above and below
    (the same axis for every site page of a height: made once)."""
    parts = []
    years = [y for y in scale.years() if y % step == 0 or y == scale.years()[0]]
    last_x = -1e9
    for year in scale.years():
        x = scale(date(year, 1, 1))
        major = year in years
        parts.append(
            f'<line x1="{num(x)}" y1="{num(y_top)}" x2="{num(x)}" '
            f'y2="{num(y_bottom)}" stroke="{GRID}" '
            f'stroke-width="{"1" if major else "0.5"}"/>'
        )
        half = text_width(str(year), size) / 2
        if major and x - last_x >= 2 * half + 8 and x - half >= 1:
            for ty in (y_top - 6, y_bottom + size + 4):
                parts.append(
                    svg_text(x, ty, str(year), size, anchor="middle", fill=MUTED)
                )
            last_x = x
    return "".join(parts)


def site_strip_svg(
    site: SiteHistory,
    *,
    as_of: str | date,
    first_year: int = FIRST_YEAR,
    width: float = 640,
    size: float = 14,
) -> str:
    """A site's whole history: one bar per period, its events below.

    Each period is a row: its name, operator and dates above its bar (on
    two lines where they do not fit on one), the bar on the same time axis
    as the presence chart. A narrow ``width`` (under 500) labels the axis
    every ten years instead of five.

    Returns
    -------
    str
        An SVG document (also valid inline in HTML).
    """
    day = as_day(as_of)
    margin = 16.0
    axis = size - 1
    scale = TimeScale(first_year, day, margin + 4, width - margin - 8)
    colors = {b.operator: r.color for r in site.rows for b in r.bars}
    parts: list[str] = []
    y = margin + axis + 8
    top = y - 4
    body = []
    line_h = size + 4
    for bar in site.bars:
        color = colors[bar.operator]
        when = f"{bar.start} to {bar.end or 'present'}"
        label = f"{bar.name} ({operator_name(bar.operator)}), {when}"
        lines = wrap_text(label, width - 2 * margin, size)
        if len(lines) > 2:
            lines = [lines[0], fit_text(" ".join(lines[1:]), width - 2 * margin, size)]
        for line in lines:
            y += line_h
            body.append(svg_text(margin, y, line, size, halo=True))
        body.append(period_bar(bar, scale, y + 6, 14, color))
        y += 6 + 14 + 10
    if site.events:
        y += line_h
        body.append(
            svg_text(margin, y, "Events at the site", size, fill=MUTED, halo=True)
        )
        body.append(
            f'<line x1="{num(scale.x0)}" y1="{num(y + 7.5)}" x2="{num(scale.x1)}" '
            f'y2="{num(y + 7.5)}" stroke="{MUTED}" stroke-width="1"/>'
        )
        for event in site.events:
            body.append(
                event_pin(
                    scale(event_day(event)),
                    y + 8,
                    5,
                    f"{event['date']}: {event['title']}",
                )
            )
        y += 17 + 10
    bottom = y
    parts.append(time_axis(scale, top, bottom, axis, step=5 if width >= 500 else 10))
    parts += body
    height = bottom + axis + 4 + margin
    label = f"{site.name}: periods from {first_year} to {day.isoformat()}"
    desc = "; ".join(
        f"{b.name} ({operator_name(b.operator)}), {b.start} to {b.end or 'present'}"
        for b in site.bars
    )
    return svg_document(width, height, "".join(parts), label, desc)
