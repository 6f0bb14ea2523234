"""SVG charts of the sites' histories: the presence chart, a site's strip.

The presence chart is drawn here; a site's strip, and the bars both draw,
in :mod:`basemap.pages.strip` (its :func:`site_strip_svg` importable from here).

Pure functions from :mod:`basemap.pages.history` records to SVG text, with no
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
>>> from basemap.io.layers import read_layers
>>> from basemap.io.context import read_context
>>> from basemap.pages.history import site_histories
>>> sites = site_histories(read_layers(), read_context())
>>> svg = presence_svg(sites, as_of="2026-12-01")
>>> svg.count('class="bm-row"') == sum(len(s.rows) for s in sites)
True
>>> sorted({s.host for s in sites})
['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB']
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..codes import operator_name
from ..wording import STATUS_WORDS, region_name
from .strip import (  # the bars, shared with the site strips
    EVENT_INK,
    FIRST_YEAR,
    TimeScale,
    as_day,
    event_day,
    event_pin,
    hatched_span,
    period_bar,
    time_axis,
)
from .svg import (
    INK,
    MUTED,
    esc,
    fit_text,
    num,
    svg_document,
    svg_text,
    text_width,
    wrap_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from .history import SiteHistory

__all__ = ["presence_svg"]


def _key_items(colors: dict[str, str], names: dict[str, str]):
    return [(names.get(code, code), color) for code, color in colors.items()]


def _symbol_key(
    x0, y, width, size, as_of: str, reported: bool = False
) -> tuple[list[str], float]:
    """The key of the drawing convention (with "reported" only when a bar
    is); returns (parts, height)."""
    gray = "#6E7781"
    items = [
        (f'<rect x="0" y="-9" width="22" height="10" fill="{gray}"/>', "dates certain"),
        (hatched_span(0, 22, -9, 10, gray), "within an imprecise or uncertain date"),
        (
            f'<rect x="0" y="-7" width="22" height="6" fill="{gray}"/>',
            STATUS_WORDS["temporary"],
        ),
        (
            f'<rect x="0.75" y="-8.25" width="20.5" height="8.5" fill="#FFFFFF" '
            f'stroke="{gray}" stroke-width="1.5" stroke-dasharray="4 2"/>',
            STATUS_WORDS["proposed"],
        ),
        (f'<path d="M5 1h10l-5-9z" fill="{EVENT_INK}"/>', "event at the site"),
        (f'<path d="M4 -8l6 4-6 4z" fill="{gray}"/>', f"still present on {as_of}"),
    ]
    if reported:  # after "proposed", as the statuses go
        dotted = (
            f'<rect x="0.75" y="-8.25" width="20.5" height="8.5" fill="{gray}" '
            f'fill-opacity="0.3" stroke="{gray}" stroke-width="1.5" '
            'stroke-dasharray="1 2"/>'
        )
        items.insert(4, (dotted, STATUS_WORDS["reported"]))
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
        parts.append(f'<g transform="translate({num(x)} {num(ty)})">{svg}</g>')
        parts.append(svg_text(x + swatch, ty, label, size))
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
        From :func:`basemap.pages.history.site_histories` (in its order: by host,
        then first start).
    as_of : str or date
        The data's ``as_of``: the chart's right edge.
    first_year : int
        The chart's first year (default 1991).
    title : str, optional
        Default "Foreign military presence in <region>, 1991-YYYY", the
        region named from the sites' hosts (:func:`basemap.wording.region_name`).
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
    day = as_day(as_of)
    as_of = day.isoformat()
    href = href or (lambda site: f"sites/{site}.html")
    region = region_name(s.host for s in sites)
    title = (
        title or f"Foreign military presence in {region}, {first_year}\u2013{day.year}"
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
    scale = TimeScale(first_year, day, x0, x1)
    parts: list[str] = []
    y = margin
    for line in wrap_text(title, inner, title_size, bold=True):
        y += title_size + 4
        parts.append(svg_text(margin, y, line, title_size, bold=True, cls="bm-title"))
    y += 6
    sub = (
        "Each bar is one state's or organisation's forces at one site, from the "
        "sources' dates; grouped by host country, in order of arrival."
    )
    for line in wrap_text(sub, inner, text_size + 1):
        y += text_size + 7
        parts.append(svg_text(margin, y, line, text_size + 1, fill=MUTED))
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
    hosts: dict[str, list[SiteHistory]] = {}
    for s in sites:
        hosts.setdefault(s.host_name, []).append(s)
    for host, hosted in hosts.items():
        y += group_h
        rows.append(svg_text(margin, y, host, size + 2, bold=True, cls="bm-host"))
        rows.append(
            f'<line x1="{num(margin)}" y1="{num(y + 6)}" x2="{num(x1)}" '
            f'y2="{num(y + 6)}" stroke="{INK}" stroke-width="0.75"/>'
        )
        y += 8
        for s in hosted:
            link = href(s.site)
            for r in s.rows:
                if narrow:
                    label = svg_text(
                        margin, y + size + 2, fit_text(r.label, inner, size), size
                    )
                    bar_y = y + size + 8
                else:
                    bar_y = y + (row_h - 7 - bar_h) / 2
                    base = bar_y + bar_h / 2 + size * 0.36
                    label = svg_text(x0 - 8, base, r.label, size, anchor="end")
                body = [label]
                body += (
                    period_bar(b, scale, bar_y, bar_h, r.color, False) for b in r.bars
                )
                ops, first_row = {r.operator}, r is s.rows[0]
                for event in s.events:
                    countries = set(event.get("countries") or ())
                    mine = ops & countries or (
                        first_row and not countries & set(s.operators)
                    )
                    if mine:
                        x = scale(event_day(event))
                        text = f"{event['date']}: {event['title']}"
                        body.append(event_pin(x, bar_y + bar_h, 4, text))
                row = "".join(body)
                if link:
                    # xlink:href too, for SVG 1.1 editors and viewers
                    row = f'<a href="{esc(link)}" xlink:href="{esc(link)}">{row}</a>'
                rows.append(f'<g class="bm-row" data-site="{esc(s.site)}">{row}</g>')
                y += row_h
    bottom = y + 4
    parts.append(time_axis(scale, top, bottom, 12, step=10 if narrow else 5))
    parts += rows
    y = bottom + 12 + 4 + 28
    note = (
        "Facilities Russia inherited from the Soviet forces start in \u201c1992?\u201d "
        "(1991 to 1993) where no source dates their Russian use."
    )
    for line in wrap_text(note, inner, 12):
        parts.append(svg_text(margin, y, line, 12, fill=MUTED, cls="bm-note"))
        y += 17
    source = (
        f"Source: basemap data as of {as_of}; sources per site in "
        "sites/\u2026 (one page per site)."
    )
    for line in wrap_text(source, inner, 12):
        parts.append(svg_text(margin, y, line, 12, fill=MUTED, cls="bm-source"))
        y += 17
    height = y + margin - 17 + 6
    count = sum(len(s.rows) for s in sites)
    desc = (
        f"Bar chart of {count} foreign military presences at {len(sites)} "
        f"sites in {region}, {first_year} to {as_of}, grouped by host country."
    )
    return svg_document(width, height, "".join(parts), title, desc)
