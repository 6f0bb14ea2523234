"""SVG charts of the sites' histories: a site's strip, the presence chart, a locator.

Pure functions from :mod:`basemap.history` records to SVG text, with no
browser and no clock: the same data gives the same bytes. Every piece of
text is a real ``<text>`` element in a system sans-serif stack, laid out
from measured widths of DejaVu Sans (the widest common fallback, so other
system fonts only leave more room): labels never run into each other or
out of the frame. Every string from data is escaped.

The drawing convention, the same in every chart and the map's: a bar is
solid where the period is certain, hatched (a pale fill with stripes)
where it only may have run (a date's span: "1992?" is 1991 to 1993), thin
for a temporary deployment, outlined and dashed for a proposal never
realised; a small triangle at the right edge means still present on
``as_of``; a small triangle pointing up at a bar is an
event at the site.

Examples
--------
>>> from basemap.read import read_layers
>>> from basemap.context import read_context
>>> from basemap.history import site_histories
>>> sites = site_histories(read_layers(), read_context())
>>> svg = presence_svg(sites, as_of="2026-12-01")
>>> svg.count('class="bm-row"') == sum(len(s.rows) for s in sites)
True
>>> kant = next(s for s in sites if s.site == "kant")
>>> site_strip_svg(kant, as_of="2026-12-01").count('class="bm-period"')
3
>>> text_width("Kant", 10)
22.9
"""

from __future__ import annotations

import math
import unicodedata
from datetime import date
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .history import Bar, SiteHistory

__all__ = [
    "FIRST_YEAR",
    "FONT",
    "locator_svg",
    "presence_svg",
    "site_strip_svg",
    "text_width",
]

#: The first year the charts show: the end of the Soviet Union.
FIRST_YEAR = 1991
#: The fonts of every chart: the reader's system sans-serif.
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Liberation Sans', 'DejaVu Sans', sans-serif"
)
_INK, _MUTED, _GRID = "#1F2328", "#57606A", "#D0D7DE"
_EVENT = "#1F2328"

# Advance widths (per 1000 em) of DejaVu Sans, Book and Bold, for ASCII
# 32-126 (measured with FreeType through matplotlib's bundled font).
_W_BOOK = (
    "320 400 470 840 640 960 780 280 390 390 500 850 320 360 320 340 640 640 "
    "640 640 640 640 640 640 640 640 340 340 840 850 840 530 1000 680 690 700 "
    "770 630 580 780 750 290 290 650 560 860 750 790 600 790 700 640 620 730 "
    "680 990 690 610 680 390 340 390 840 500 500 620 630 560 640 620 350 640 "
    "630 280 280 580 280 970 630 610 630 640 420 520 390 630 590 820 590 590 "
    "520 630 340 640 840"
)
_W_BOLD = (
    "350 460 530 840 700 1000 870 320 470 470 520 850 380 410 380 370 700 700 "
    "700 700 700 700 700 700 700 700 400 400 840 850 840 590 1000 770 760 730 "
    "820 680 680 820 830 360 370 770 640 990 830 850 730 850 770 720 690 800 "
    "770 1100 770 720 730 460 370 460 840 500 500 680 710 590 710 680 440 710 "
    "710 330 330 660 330 1040 710 680 710 710 490 600 470 710 650 920 650 650 "
    "580 710 370 720 850"
)
_WIDTHS = {
    False: [int(w) for w in _W_BOOK.split()],
    True: [int(w) for w in _W_BOLD.split()],
}


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` at ``size`` px, in DejaVu Sans (rounded up to 0.1).

    A character outside ASCII counts as its base letter ("é" as "e"), or
    as a wide letter.

    >>> text_width("Manas (Russia)", 12) < text_width("Manas (Russia)", 12, bold=True)
    True
    """
    table = _WIDTHS[bold]
    total = 0
    for ch in text:
        code = ord(ch)
        if not 32 <= code < 127:
            base = unicodedata.normalize("NFKD", ch)[:1]
            code = ord(base) if base and 32 <= ord(base) < 127 else 0
        total += table[code - 32] if code else 1000
    return math.ceil(total * size / 100) / 10


def _e(text) -> str:
    return escape(str(text), quote=True)


def _num(v: float) -> str:
    """A coordinate with at most one decimal, no trailing zero."""
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _fit(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text``, cut with an ellipsis to fit ``width`` px."""
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "\u2026", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "\u2026"


def _wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` px (breaking at spaces)."""
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(_fit(line, width, size, bold))
    return lines


def _text(
    x, y, text, size, *, anchor="start", bold=False, fill=_INK, cls=None, halo=False
):
    attrs = f'x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}"'
    if halo:  # a white outline, so grid lines do not run through the letters
        attrs += ' stroke="#FFFFFF" stroke-width="3" paint-order="stroke"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if fill != _INK:
        attrs += f' fill="{fill}"'
    if cls:
        attrs += f' class="{cls}"'
    return f"<text {attrs}>{_e(text)}</text>"


def _day(value: str | date) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class _Scale:
    """Days to x, from 1 January of ``first`` to the end of ``as_of``."""

    def __init__(self, first: int, as_of: date, x0: float, x1: float):
        self.lo = date(first, 1, 1).toordinal()
        self.hi = as_of.toordinal() + 1
        self.x0, self.x1 = x0, x1

    def __call__(self, day: date) -> float:
        d = min(max(day.toordinal(), self.lo), self.hi)
        return self.x0 + (d - self.lo) / (self.hi - self.lo) * (self.x1 - self.x0)

    def years(self) -> range:
        return range(date.fromordinal(self.lo).year, date.fromordinal(self.hi).year + 1)


def _tint(color: str, alpha: float = 0.25) -> str:
    """``color`` at ``alpha`` over white, as an opaque colour (no
    transparency: a PDF keeps it a plain vector fill).

    >>> _tint("#FF4900")
    '#FFD2BF'
    """
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02X}{:02X}{:02X}".format(
        *(round(255 - (255 - v) * alpha) for v in (r, g, b))
    )


def _hatched(x0: float, x1: float, y: float, h: float, color: str) -> str:
    """A pale rectangle with 45-degree stripes in ``color``: a date's span.

    The stripes are plain line segments clipped to the rectangle (no SVG
    pattern: patterns come out of a browser's PDF as large images), in
    phase across all bars, so neighbouring spans line up.
    """
    step = 5.0
    parts = [
        f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(x1 - x0)}" '
        f'height="{_num(h)}" fill="{_tint(color)}"/>'
    ]
    segments = []
    c = math.floor((x0 - h) / step) * step
    while c < x1:
        xa, ya, xb, yb = c, y + h, c + h, y
        if xa < x0:
            ya, xa = ya - (x0 - xa), x0
        if xb > x1:
            yb, xb = yb + (xb - x1), x1
        if xb - xa > 0.3:
            segments.append(f"M{_num(xa)} {_num(ya)}L{_num(xb)} {_num(yb)}")
        c += step
    if segments:
        parts.append(
            f'<path d="{"".join(segments)}" stroke="{color}" stroke-width="1.6"/>'
        )
    return f'<g class="bm-uncertain">{"".join(parts)}</g>'


def _bar(bar: Bar, scale: _Scale, y: float, h: float, color: str) -> str:
    """One period: solid where certain, hatched over its dates' spans."""
    if bar.status == "temporary":
        y, h = y + h * 0.2, h * 0.6
    es, ls = scale(bar.earliest_start), scale(bar.latest_start)
    ee = scale(date.fromordinal(bar.earliest_end.toordinal() + 1))
    le = scale(date.fromordinal(min(bar.latest_end.toordinal(), 3652058) + 1))
    parts = []

    def rect(x0, x1, fill, extra=""):
        w = max(x1 - x0, 2.5)
        x0 = min(x0, scale.x1 - w)
        if fill is None:
            parts.append(_hatched(x0, x0 + w, y, h, color))
            return
        parts.append(
            f'<rect x="{_num(x0)}" y="{_num(y)}" width="{_num(w)}" '
            f'height="{_num(h)}" fill="{fill}"{extra}/>'
        )

    fuzzy = None  # hatched
    if ls < ee:
        if bar.status == "proposed":
            rect(
                ls,
                ee,
                "#FFFFFF",
                f' stroke="{color}" stroke-width="1.5" stroke-dasharray="4 2"',
            )
        elif bar.status == "reported":  # pale, dotted: as its marker
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
    if bar.open_end:
        x, mid = scale.x1 + 2, y + h / 2
        parts.append(f'<path d="M{_num(x)} {_num(mid - 4)}l6 4-6 4z" fill="{color}"/>')
    title = f"{bar.name}: {bar.start} to {bar.end or 'present'}"
    return f'<g class="bm-period"><title>{_e(title)}</title>{"".join(parts)}</g>'


def _event_day(event: dict) -> date:
    period = event["period"]
    lo, hi = period.start.earliest.toordinal(), period.start.latest.toordinal()
    return date.fromordinal((lo + hi) // 2)


def _pin(x: float, y: float, r: float, title: str) -> str:
    """An event: a small triangle pointing up at (x, y), a bar's bottom."""
    h = 1.75 * r
    return (
        f'<path class="bm-event" d="M{_num(x - r)} {_num(y + h)}h{_num(2 * r)}'
        f'l-{_num(r)}-{_num(h)}z" fill="{_EVENT}" stroke="#FFFFFF" '
        f'stroke-width="0.75"><title>{_e(title)}</title></path>'
    )


def _axis(scale: _Scale, y_top: float, y_bottom: float, size: float, step=5) -> str:
    """Grid lines every ``step`` years and year labels above and below."""
    parts = []
    years = [y for y in scale.years() if y % step == 0 or y == scale.years()[0]]
    last_x = -1e9
    for year in scale.years():
        x = scale(date(year, 1, 1))
        major = year in years
        parts.append(
            f'<line x1="{_num(x)}" y1="{_num(y_top)}" x2="{_num(x)}" '
            f'y2="{_num(y_bottom)}" stroke="{_GRID}" '
            f'stroke-width="{"1" if major else "0.5"}"/>'
        )
        half = text_width(str(year), size) / 2
        if major and x - last_x >= 2 * half + 8 and x - half >= 1:
            for ty in (y_top - 6, y_bottom + size + 4):
                parts.append(
                    _text(x, ty, str(year), size, anchor="middle", fill=_MUTED)
                )
            last_x = x
    return "".join(parts)


def _svg(width: float, height: float, body: str, label: str, desc: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {_num(width)} '
        f'{_num(height)}" width="{_num(width)}" height="{_num(height)}" '
        f'role="img" aria-label="{_e(label)}" font-family="{FONT}" '
        f'class="bm-chart"><desc>{_e(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#FFFFFF"/>{body}</svg>\n'
    )


def _key_items(colors: dict[str, str], names: dict[str, str]):
    return [(names.get(code, code), color) for code, color in colors.items()]


def _symbol_key(
    x0, y, width, size, as_of: str, reported: bool = False
) -> tuple[list[str], float]:
    """The key of the drawing convention (with "reported" only when a bar
    is); returns (parts, height)."""
    from .style import STATUS_WORDS

    gray = "#6E7781"
    items = [
        (f'<rect x="0" y="-9" width="22" height="10" fill="{gray}"/>', "dates certain"),
        (_hatched(0, 22, -9, 10, gray), "within an imprecise or uncertain date"),
        (
            f'<rect x="0" y="-7" width="22" height="6" fill="{gray}"/>',
            STATUS_WORDS["temporary"],
        ),
        (
            f'<rect x="0.75" y="-8.25" width="20.5" height="8.5" fill="#FFFFFF" '
            f'stroke="{gray}" stroke-width="1.5" stroke-dasharray="4 2"/>',
            STATUS_WORDS["proposed"],
        ),
        *(
            [
                (
                    f'<rect x="0.75" y="-8.25" width="20.5" height="8.5" '
                    f'fill="{gray}" fill-opacity="0.3" stroke="{gray}" '
                    'stroke-width="1.5" stroke-dasharray="1 2"/>',
                    STATUS_WORDS["reported"],
                )
            ]
            if reported
            else []
        ),
        (f'<path d="M5 1h10l-5-9z" fill="{_EVENT}"/>', "event at the site"),
        (f'<path d="M4 -8l6 4-6 4z" fill="{gray}"/>', f"still present on {as_of}"),
    ]
    return _flow(x0, y, width, size, items, 26)


def _flow(x0, y, width, size, items, swatch) -> tuple[list[str], float]:
    """Key items (swatch SVG, label) laid out left to right, wrapping."""
    parts, x, line = [], x0, 0
    gap, line_h = 18, size + 9
    for svg, label in items:
        w = swatch + text_width(label, size)
        if x > x0 and x + w > x0 + width:
            x, line = x0, line + 1
        ty = y + line * line_h
        parts.append(f'<g transform="translate({_num(x)} {_num(ty)})">{svg}</g>')
        parts.append(_text(x + swatch, ty, label, size))
        x += w + gap
    return parts, (line + 1) * line_h


def presence_svg(
    sites: Sequence[SiteHistory],
    *,
    as_of: str | date,
    first_year: int = FIRST_YEAR,
    title: str | None = None,
    href: Callable[[str], str] | None = None,
    width: float = 1000,
) -> str:
    """The presence chart: a bar per site and operator, grouped by host.

    Parameters
    ----------
    sites : sequence of SiteHistory
        From :func:`basemap.history.site_histories` (in its order: by host,
        then first start).
    as_of : str or date
        The data's ``as_of``: the chart's right edge.
    first_year : int
        The chart's first year (default 1991).
    title : str, optional
        Default "Foreign military presence in Central Asia, 1991-YYYY".
    href : callable, optional
        Site id -> the address of its page; each row links to it. Default
        ``sites/{site}.html``; pass ``lambda s: None`` for no links.
    width : float
        The width of the viewBox (the chart scales to its container).

    Returns
    -------
    str
        A standalone SVG document (also valid inline in HTML).
    """
    from .codes import operator_name

    day = _day(as_of)
    as_of = day.isoformat()
    href = href or (lambda site: f"sites/{site}.html")
    title = (
        title
        or f"Foreign military presence in Central Asia, {first_year}\u2013{day.year}"
    )
    colors: dict[str, str] = {}
    for s in sites:
        for r in s.rows:
            colors.setdefault(r.operator, r.color)
    colors = dict(sorted(colors.items(), key=lambda kv: (operator_name(kv[0]), kv[0])))
    narrow = width < 600
    if narrow:  # labels above the bars, the bars the whole width
        margin, size, title_size, text_size = 14.0, 12.0, 19.0, 12.0
        row_h, bar_h, group_h = 34.0, 10.0, 20.0
        x0 = margin + 6  # room for the first year's label
    else:  # labels left of the bars
        margin, size, title_size, text_size = 20.0, 13.0, 22.0, 13.0
        row_h, bar_h, group_h = 23.0, 12.0, 22.0
        labels = [r.label for s in sites for r in s.rows]
        x0 = margin + max([text_width(t, size) for t in labels] + [120.0]) + 10
    inner = width - 2 * margin
    x1 = width - margin - 10  # room for the "still present" triangle
    scale = _Scale(first_year, day, x0, x1)
    parts: list[str] = []
    y = margin
    for line in _wrap(title, inner, title_size, bold=True):
        y += title_size + 4
        parts.append(_text(margin, y, line, title_size, bold=True, cls="bm-title"))
    y += 6
    sub = (
        "Each bar is one state's or organisation's forces at one site, from the "
        "sources' dates; grouped by host country, in order of arrival."
    )
    for line in _wrap(sub, inner, text_size + 1):
        y += text_size + 7
        parts.append(_text(margin, y, line, text_size + 1, fill=_MUTED))
    y += 30
    key, key_h = _flow(
        margin,
        y,
        inner,
        text_size,
        [
            (f'<rect x="0" y="-10" width="12" height="12" fill="{c}"/>', name)
            for name, c in _key_items(colors, {k: operator_name(k) for k in colors})
        ],
        17,
    )
    parts += key
    y += key_h
    reported = any(b.status == "reported" for s in sites for b in s.bars)
    sym, sym_h = _symbol_key(margin, y + 4, inner, text_size, as_of, reported)
    parts += sym
    y += sym_h + 30
    top = y - 8
    rows: list[str] = []
    for host in dict.fromkeys(s.host_name for s in sites):
        y += group_h
        rows.append(_text(margin, y, host, size + 2, bold=True, cls="bm-host"))
        rows.append(
            f'<line x1="{_num(margin)}" y1="{_num(y + 6)}" x2="{_num(x1)}" '
            f'y2="{_num(y + 6)}" stroke="{_INK}" stroke-width="0.75"/>'
        )
        y += 8
        for s in (s for s in sites if s.host_name == host):
            link = href(s.site)
            for r in s.rows:
                if narrow:
                    label = _text(
                        margin, y + size + 2, _fit(r.label, inner, size), size
                    )
                    bar_y = y + size + 8
                else:
                    bar_y = y + (row_h - 7 - bar_h) / 2
                    base = bar_y + bar_h / 2 + size * 0.36
                    label = _text(x0 - 8, base, r.label, size, anchor="end")
                body = [label]
                body += (_bar(b, scale, bar_y, bar_h, r.color) for b in r.bars)
                ops, first_row = {r.operator}, r is s.rows[0]
                for event in s.events:
                    countries = set(event.get("countries") or ())
                    mine = ops & countries or (
                        first_row and not countries & set(s.operators)
                    )
                    if mine:
                        x = scale(_event_day(event))
                        text = f"{event['date']}: {event['title']}"
                        body.append(_pin(x, bar_y + bar_h, 4, text))
                row = "".join(body)
                if link:
                    # xlink:href too, for SVG 1.1 editors and viewers
                    row = f'<a href="{_e(link)}" xlink:href="{_e(link)}">{row}</a>'
                rows.append(f'<g class="bm-row" data-site="{_e(s.site)}">{row}</g>')
                y += row_h
    bottom = y + 4
    parts.append(_axis(scale, top, bottom, 12, step=10 if narrow else 5))
    parts += rows
    y = bottom + 12 + 4 + 28
    note = (
        "Facilities Russia inherited from the Soviet forces start in \u201c1992?\u201d "
        "(1991 to 1993) where no source dates their Russian use."
    )
    for line in _wrap(note, inner, 12):
        parts.append(_text(margin, y, line, 12, fill=_MUTED, cls="bm-note"))
        y += 17
    source = (
        f"Source: basemap data as of {as_of}; sources per site in "
        "sites/\u2026 (one page per site)."
    )
    for line in _wrap(source, inner, 12):
        parts.append(_text(margin, y, line, 12, fill=_MUTED, cls="bm-source"))
        y += 17
    height = y + margin - 17 + 6
    count = sum(len(s.rows) for s in sites)
    desc = (
        f"Bar chart of {count} foreign military presences at {len(sites)} "
        f"sites in Central Asia, {first_year} to {as_of}, grouped by host country."
    )
    return _svg(width, height, "".join(parts), title, desc)


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
    from .codes import operator_name

    day = _day(as_of)
    margin = 16.0
    axis = size - 1
    scale = _Scale(first_year, day, margin + 4, width - margin - 8)
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
        lines = _wrap(label, width - 2 * margin, size)
        if len(lines) > 2:
            lines = [lines[0], _fit(" ".join(lines[1:]), width - 2 * margin, size)]
        for line in lines:
            y += line_h
            body.append(_text(margin, y, line, size, halo=True))
        body.append(_bar(bar, scale, y + 6, 14, color))
        y += 6 + 14 + 10
    if site.events:
        y += line_h
        body.append(
            _text(margin, y, "Events at the site", size, fill=_MUTED, halo=True)
        )
        body.append(
            f'<line x1="{_num(scale.x0)}" y1="{_num(y + 7.5)}" x2="{_num(scale.x1)}" '
            f'y2="{_num(y + 7.5)}" stroke="{_MUTED}" stroke-width="1"/>'
        )
        for event in site.events:
            body.append(
                _pin(
                    scale(_event_day(event)),
                    y + 8,
                    5,
                    f"{event['date']}: {event['title']}",
                )
            )
        y += 17 + 10
    bottom = y
    parts.append(_axis(scale, top, bottom, axis, step=5 if width >= 500 else 10))
    parts += body
    height = bottom + axis + 4 + margin
    label = f"{site.name}: periods from {first_year} to {day.isoformat()}"
    desc = "; ".join(
        f"{b.name} ({operator_name(b.operator)}), {b.start} to {b.end or 'present'}"
        for b in site.bars
    )
    return _svg(width, height, "".join(parts), label, desc)


#: The region an inset shows (lon, lat), the five host states' frame.
_REGION = (46.0, 35.0, 88.0, 56.0)


_SHAPES: dict[int, tuple[dict, list]] = {}


def _shapes(boundaries: dict) -> list[tuple[dict, object, object]]:
    """(properties, geometry, the region's simplified geometry) of each
    border feature, made once per boundaries document (they are read-only)."""
    import shapely
    from shapely.geometry import shape

    hit = _SHAPES.get(id(boundaries))
    if hit is not None and hit[0] is boundaries:
        return hit[1]
    out = []
    for feature in boundaries.get("features", []):
        geom = shape(feature["geometry"])
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        region = shapely.clip_by_rect(geom.simplify(0.15), *_REGION)
        out.append((feature["properties"], geom, region))
    _SHAPES.clear()  # one document at a time: the bundled borders
    _SHAPES[id(boundaries)] = (boundaries, out)
    return out


def _inset(site, boundaries: dict, box, x0: float, y0: float, w: float, h: float):
    """An overview in a corner: the host states, the locator's box in red."""
    from .codes import HOSTS

    lon0, lat0, lon1, lat1 = _REGION
    k = min(w / ((lon1 - lon0) * 0.7), h / (lat1 - lat0))

    def project(lon, lat):
        return x0 + (lon - lon0) * 0.7 * k, y0 + (lat1 - lat) * k

    def path(geom) -> str:
        out = []
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            pts, last = [], None
            for lon, lat in poly.exterior.coords:
                pt = tuple(_num(v) for v in project(lon, lat))
                if pt != last:
                    pts.append(f"{pt[0]} {pt[1]}")
                    last = pt
            if len(pts) > 3:
                out.append("M" + "L".join(pts) + "Z")
        return "".join(out)

    parts = [
        f'<rect x="{_num(x0)}" y="{_num(y0)}" width="{_num(w)}" height="{_num(h)}" '
        'fill="#FFFFFF" stroke="#8C959F"/>'
    ]
    for props, _, geom in _shapes(boundaries):
        code = props.get("iso_a3")
        if code not in HOSTS:
            continue
        d = path(geom)
        if d:
            fill = "#E3D9BF" if code == site.host else "#F4EFE1"
            parts.append(
                f'<path d="{d}" fill="{fill}" stroke="#8C959F" stroke-width="0.5"/>'
            )
    bx0, by0 = project(max(box[0], lon0), min(box[3], lat1))
    bx1, by1 = project(min(box[2], lon1), max(box[1], lat0))
    parts.append(
        f'<rect x="{_num(bx0)}" y="{_num(by0)}" width="{_num(max(bx1 - bx0, 2))}" '
        f'height="{_num(max(by1 - by0, 2))}" fill="none" stroke="#CF222E" '
        'stroke-width="1.5"/>'
    )
    return '<g class="bm-inset">' + "".join(parts) + "</g>"


def locator_svg(
    site: SiteHistory,
    boundaries: dict,
    places: Sequence[dict] = (),
    *,
    water: dict | None = None,
    width: float = 320,
    height: float = 240,
    span: float = 2.5,
) -> str:
    """A small locator map: the borders around the site, the site as a dot.

    The borders (a GeoJSON FeatureCollection, the bundled Natural Earth
    ones) are clipped to a box ``span`` degrees of latitude either side of
    the site and projected equirectangularly, longitude scaled by the
    cosine of the site's latitude. A few ``places`` (dicts with ``name``,
    ``kind``, ``lon``, ``lat``, as :func:`basemap.places.place_names`) are
    named where they fit; ``water`` (a FeatureCollection of seas and lakes)
    is drawn over the land.
    """
    import shapely
    from shapely.geometry import shape

    k = (height / 2) / span
    cos = math.cos(math.radians(site.lat))
    half_lon = (width / 2) / (k * cos)
    box = (site.lon - half_lon, site.lat - span, site.lon + half_lon, site.lat + span)

    def project(lon, lat):
        return (
            width / 2 + (lon - site.lon) * cos * k,
            height / 2 - (lat - site.lat) * k,
        )

    def path(geom) -> str:
        out = []
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            for ring in (poly.exterior, *poly.interiors):
                pts = [project(x, y) for x, y in ring.coords]
                out.append("M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in pts) + "Z")
        return "".join(out)

    parts = [f'<rect width="{_num(width)}" height="{_num(height)}" fill="#DCE9F2"/>']
    for props, geom, _ in _shapes(boundaries):
        clipped = shapely.clip_by_rect(geom, *box)
        d = path(clipped)
        if d:
            is_host = props.get("iso_a3") == site.host
            parts.append(
                f'<path d="{d}" fill="{"#F4EFE1" if is_host else "#FBFAF6"}" '
                f'stroke="#8C959F" stroke-width="0.8" stroke-linejoin="round"/>'
            )
    for feature in (water or {}).get("features", []):
        clipped = shapely.clip_by_rect(shape(feature["geometry"]), *box)
        d = path(clipped)
        if d:
            parts.append(
                f'<path d="{d}" fill="#DCE9F2" stroke="#9DB7CC" stroke-width="0.6"/>'
            )
    sx, sy = project(site.lon, site.lat)
    inset_w, inset_h = 100.0, 68.0
    ix, iy = width - inset_w - 4, height - inset_h - 4
    taken = [(sx - 8, sy - 8, sx + 8, sy + 8), (ix - 4, iy - 4, width, height)]
    label_size = 13
    name_w = text_width(site.name, label_size, bold=True)
    if sx + 10 + name_w <= width - 4:  # right of the dot
        lx, ly = sx + 10, sy + 4.5
    else:  # under it, centred, inside the frame
        lx, ly = min(max(sx - name_w / 2, 4), width - 4 - name_w), sy + 22
    taken.append((lx - 3, ly - label_size - 1, lx + name_w + 3, ly + 4))

    def free(rect) -> bool:
        inside = rect[0] >= 2 and rect[1] >= 2 and rect[2] <= width - 2
        return (
            inside
            and rect[3] <= height - 20  # above the scale bar
            and all(
                rect[2] < r[0] or rect[0] > r[2] or rect[3] < r[1] or rect[1] > r[3]
                for r in taken
            )
        )

    names = []
    for p in places:
        if not (box[0] < p["lon"] < box[2] and box[1] < p["lat"] < box[3]):
            continue
        px, py = project(p["lon"], p["lat"])
        size = 12 if p["kind"] == "country" else 11
        w = text_width(p["name"], size)
        dot = p["kind"] in ("capital", "city")
        # a town's name right or left of its dot; a country's centred on its point
        starts = [px + 5, px - 5 - w] if dot else [px - w / 2]
        ty = py + 4
        for tx in starts:
            rect = (tx - 2, ty - size, tx + w + 2, ty + 4)
            if free(rect) and (not dot or free((px - 3, py - 3, px + 3, py + 3))):
                break
        else:
            continue
        taken.append(rect)
        if dot:
            taken.append((px - 3, py - 3, px + 3, py + 3))
            names.append(
                f'<circle cx="{_num(px)}" cy="{_num(py)}" r="2" fill="{_MUTED}"/>'
            )
        fill = "#8C959F" if p["kind"] == "country" else _MUTED
        names.append(_text(tx, ty, p["name"], size, fill=fill))
        if len(names) >= 14:
            break
    parts += names
    color = site.rows[0].color if site.rows else _INK
    parts.append(
        f'<circle cx="{_num(sx)}" cy="{_num(sy)}" r="6" fill="{color}" '
        'stroke="#FFFFFF" stroke-width="2"/>'
    )
    parts.append(_text(lx, ly, site.name, label_size, bold=True, halo=True))
    parts.append(_inset(site, boundaries, box, ix, iy, inset_w, inset_h))
    km = 100 if k * 100 / 111.32 < width / 3 else 50
    bar_w = k * km / 111.32
    parts.append(
        f'<path d="M8 {_num(height - 12)}h{_num(bar_w)}" stroke="{_INK}" '
        'stroke-width="2"/>'
    )
    parts.append(_text(8 + bar_w + 5, height - 8, f"{km} km", 11, fill=_INK))
    parts.append(
        f'<rect width="{_num(width)}" height="{_num(height)}" fill="none" '
        'stroke="#8C959F"/>'
    )
    label = f"Locator map: {site.name}, {site.host_name}"
    desc = f"{site.name} at {site.lat:.4f} N, {site.lon:.4f} E, in {site.host_name}."
    return _svg(width, height, "".join(parts), label, desc)
