"""The analyst's pages: one page per site, and the presence chart of all sites.

:func:`write_site_pages` writes ``sites/{site}.html`` for every site of the
layers: the site's whole history as a strip chart
(:func:`basemap.pages.chart.site_strip_svg`), a locator map
(:func:`basemap.pages.chart.locator_svg`), every period with its attributes and
sources, the events at the site, and links back to the index, the timeline
and each year's map where the site is present. :func:`write_presence_chart`
writes ``presence.svg`` (:func:`basemap.pages.chart.presence_svg`) and
``presence.html``, the same SVG inline with a list of the sites.

The pages are self-contained: inline CSS, inline SVG, no script, no
request. Templates are Jinja with autoescaping on, so every string from
the data is escaped where it lands; the SVGs are built escaped by
:mod:`basemap.pages.chart` and inserted as they are, as are the rows and sources
of the periods and events, built escaped by :mod:`basemap.pages.sitehtml`.
Only ``http``/``https`` links are emitted; a seed is cited by its
bibliographic reference (:func:`basemap.resources.seed_citations`), never by
its file name.

:func:`site_pages` and :func:`presence_files` return the same files as
``{name: text}`` without writing them, for a caller that keeps its own
record of what it wrote (``basemap export``).

Examples
--------
>>> from basemap.io.layers import read_layers
>>> from basemap.io.context import read_context
>>> pages = site_pages(read_layers(), read_context(), as_of="2026-12-01",
...                    years=range(1991, 2027))
>>> "sites/kant.html" in pages and 'href="../2005.html"' in pages["sites/kant.html"]
True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..geo.places import place_names, places_path
from ..output.atomic import atomic_write_text
from ..resources import load_boundaries, seed_citations
from ..wording import DEFAULT_TITLE, region_name
from .chart import presence_svg
from .history import site_histories
from .locator import locator_svg, locator_svgs
from .sitehtml import event_row, period_row, rows_html
from .strip import site_strip_svg
from .templates import site_template_env

if TYPE_CHECKING:
    import geopandas

    from ..io.context import Context
    from .history import SiteHistory

__all__ = [
    "PAGE_CSS",
    "SITES_DIR",
    "planned_names",
    "presence_files",
    "presence_page",
    "site_page",
    "site_pages",
    "write_presence_chart",
    "write_site_pages",
]

#: The folder of the site pages, relative to the export folder.
SITES_DIR = "sites"

#: Sites whose locator maps are made together (:func:`locator_svgs`).
_BATCH = 1000


#: The pages' styles (shared by the site pages and the presence page).
PAGE_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  margin: 0; color: #1F2328; background: #F6F7F9; }
main { max-width: 1040px; margin: 0 auto; padding: 12px 16px 40px; }
nav.bm-nav { font-size: 15px; padding: 10px 0; display: flex; flex-wrap: wrap;
  gap: 4px 18px; }
a { color: #0B5CAD; }
h1 { font-size: 26px; line-height: 1.2; margin: 8px 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid #D0D7DE; }
h3 { font-size: 17px; margin: 0 0 6px; }
h4 { font-size: 15px; margin: 10px 0 4px; }
.bm-meta { color: #57606A; margin: 0 0 12px; }
figure { margin: 0 0 16px; background: #FFFFFF; border-radius: 6px;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12); padding: 8px; }
figure svg { display: block; width: 100%; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #57606A; margin-top: 6px; }
.bm-narrow, .bm-narrow-chart { display: none; }
@media (max-width: 560px) { .bm-wide { display: none; } .bm-narrow { display: block; } }
@media (max-width: 760px) {
  .bm-wide-chart { display: none; } .bm-narrow-chart { display: block; } }
.bm-op { white-space: nowrap; }
.bm-top { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
  gap: 16px; align-items: start; }
@media (max-width: 720px) { .bm-top { grid-template-columns: minmax(0, 1fr); } }
article { background: #FFFFFF; border-radius: 6px; padding: 12px 14px;
  margin: 0 0 12px; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12);
  border-left: 6px solid var(--bm-color, #8C8C8C); overflow-wrap: anywhere; }
dl { display: grid; grid-template-columns: max-content minmax(0, 1fr);
  gap: 2px 12px; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
@media (max-width: 560px) {
  dl { grid-template-columns: minmax(0, 1fr); }
  dt { margin-top: 6px; }
  article { padding: 10px 10px 10px 12px; border-left-width: 4px; }
}
dd ul, .bm-list { margin: 0; padding-left: 18px; }
ol.bm-sources { margin: 0; padding-left: 22px; font-size: 15px; }
ol.bm-sources li { margin-bottom: 4px; }
.bm-years { display: flex; flex-wrap: wrap; gap: 6px; padding: 0; list-style: none; }
.bm-years a { display: inline-block; padding: 4px 8px; background: #FFFFFF;
  border: 1px solid #D0D7DE; border-radius: 4px; text-decoration: none; }
.bm-source { font-size: 13px; color: #57606A; }
.bm-swatch { display: inline-block; width: 0.8em; height: 0.8em;
  margin-right: 4px; vertical-align: baseline; }
"""


def planned_names(layers: geopandas.GeoDataFrame) -> list[str]:
    """The files :func:`site_pages` and :func:`presence_files` make, relative
    to the export folder, without making them (for an export's plan).

    >>> from basemap.io.layers import read_layers
    >>> names = planned_names(read_layers())
    >>> names[0], names[-2:]
    ('sites/almaty-csto.html', ['presence.html', 'presence.svg'])
    """
    sites = sorted(set(layers["site"])) if len(layers) else []
    return [f"{SITES_DIR}/{s}.html" for s in sites] + ["presence.html", "presence.svg"]


def _css():
    from markupsafe import Markup

    return Markup(PAGE_CSS)  # a constant, not data


@cache
def _water() -> dict:
    """The seas and lakes of the bundled places file."""
    return json.loads(places_path().read_text(encoding="utf-8")).get("water") or {}


def _span(site: SiteHistory, as_of: str) -> str:
    """ "2002-11-30 to present": from the earliest start to the latest end."""
    first = min(site.bars, key=lambda b: (b.earliest_start, b.id))
    last = max(site.bars, key=lambda b: (b.open_end, b.latest_end, b.id))
    return f"{first.start} to {last.end or 'present (as of ' + as_of + ')'}"


def site_page(
    site: SiteHistory,
    *,
    as_of: str,
    years: Iterable[int],
    name: str = "{year}",
    title: str | None = None,
) -> str:
    """The HTML page of one site (it links as if in ``sites/``).

    Parameters
    ----------
    site : SiteHistory
        From :func:`basemap.pages.history.site_histories`.
    as_of : str
        The data's ``as_of`` (``YYYY-MM-DD``).
    years : iterable of int
        The years that have a map; the page links those the site is on.
    name : str
        The file name template of a year's map, as ``basemap export``'s.
    title : str, optional
        The maps' title, named in the page title.
    """
    locator = locator_svg(site, load_boundaries(), place_names(), water=_water())
    return _site_page(
        site, as_of=as_of, years=years, name=name, title=title, locator=locator
    )


def _site_page(
    site: SiteHistory,
    *,
    as_of: str,
    years: Iterable[int],
    name: str,
    title: str | None,
    locator: str,
) -> str:
    """:func:`site_page`, its ``locator`` map made."""
    from markupsafe import Markup

    cites = seed_citations()
    on_map = site.years(sorted(set(years)))
    colors = {r.operator: r.color for r in site.rows}
    operators = [(r.operator_name, r.color) for r in site.rows]
    lon, lat = site.lon, site.lat
    place = (site.location.get("place") or {}).get("name")
    coordinates = (
        f"{abs(lat):.4f}\u00b0 {'N' if lat >= 0 else 'S'}, "
        f"{abs(lon):.4f}\u00b0 {'E' if lon >= 0 else 'W'}"
    )
    return (
        site_template_env()
        .get_template("site.html")
        .render(
            css=_css(),
            site=site,
            title=title or DEFAULT_TITLE,
            as_of=as_of,
            kinds=list(
                dict.fromkeys(
                    b.record.get("kind") for b in site.bars if b.record.get("kind")
                )
            ),
            operators=operators,
            strip=Markup(site_strip_svg(site, as_of=as_of)),  # built escaped
            strip_narrow=Markup(  # built escaped
                site_strip_svg(site, as_of=as_of, width=360, size=13)
            ),
            span=_span(site, as_of),
            locator=Markup(locator),  # built escaped
            years=[(y, "../" + name.format(year=y) + ".html") for y in on_map],
            timeline=f"../timeline.html#{on_map[0]}" if on_map else "../timeline.html",
            periods=[
                period_row(b, as_of, cites, colors[b.operator]) for b in site.bars
            ],
            events=[event_row(e, cites) for e in site.events],
            coordinates=coordinates,
            location=site.location,
            location_rows=rows_html(
                (
                    ("Coordinates", coordinates + " (WGS84)"),
                    ("Precision", site.location.get("precision")),
                    ("Near", place),
                    ("How we know", site.location.get("note")),
                )
            ),
        )
    )


def site_pages(
    layers: geopandas.GeoDataFrame,
    context: Context | None,
    *,
    as_of: str,
    years: Iterable[int],
    name: str = "{year}",
    title: str | None = None,
    sites: Sequence[SiteHistory] | None = None,
) -> dict[str, str]:
    """Every site's page, as ``{"sites/{site}.html": text}``, by site id.

    ``sites``, when given, are the layers' histories already made with the
    same ``context`` and ``as_of`` (:func:`basemap.pages.history.site_histories`),
    for a caller that also makes :func:`presence_files` from them.
    """
    years = list(years)
    if sites is None:
        sites = site_histories(layers, context, as_of=as_of)
    sites = sorted(sites, key=lambda s: s.site)
    boundaries, places, water = load_boundaries(), place_names(), _water()
    pages = {}
    for at in range(0, len(sites), _BATCH):  # the locators made together
        batch = sites[at : at + _BATCH]
        locators = locator_svgs(batch, boundaries, places, water=water)
        for s, locator in zip(batch, locators, strict=True):
            pages[f"{SITES_DIR}/{s.site}.html"] = _site_page(
                s, as_of=as_of, years=years, name=name, title=title, locator=locator
            )
    return pages


def presence_page(
    sites: list[SiteHistory], *, as_of: str, svg: str, narrow: str | None = None
) -> str:
    """The HTML page of the presence chart, ``svg`` inline; on a small
    screen, ``narrow`` instead (the same chart with its labels above the
    bars), when given."""
    from markupsafe import Markup

    hosts: dict[str, list[SiteHistory]] = {}
    for s in sites:
        hosts.setdefault(s.host_name, []).append(s)
    first = min((b.earliest_start.year for s in sites for b in s.bars), default=1991)
    return (
        site_template_env()
        .get_template("presence.html")
        .render(
            css=_css(),
            svg=Markup(svg),  # built escaped
            narrow=Markup(narrow) if narrow else None,  # built escaped
            hosts=hosts,
            as_of=as_of,
            region=region_name(s.host for s in sites),
            first=max(first, 1991),
            last=as_of[:4],
            sites_dir=SITES_DIR,
            spans={s.site: _span(s, as_of) for s in sites},
        )
    )


def presence_files(
    layers: geopandas.GeoDataFrame,
    context: Context | None,
    *,
    as_of: str,
    sites: Sequence[SiteHistory] | None = None,
) -> dict[str, str]:
    """``presence.html`` and ``presence.svg`` as ``{name: text}``; ``sites``
    as for :func:`site_pages`."""
    if sites is None:
        sites = site_histories(layers, context, as_of=as_of)
    sites = list(sites)

    def href(site: str) -> str:
        return f"{SITES_DIR}/{site}.html"

    svg = presence_svg(sites, as_of=as_of, href=href)
    narrow = presence_svg(sites, as_of=as_of, href=href, width=420)
    return {
        "presence.html": presence_page(sites, as_of=as_of, svg=svg, narrow=narrow),
        "presence.svg": svg,
    }


def _write(folder: str | os.PathLike[str], files: dict[str, str]) -> list[Path]:
    out = Path(folder)
    written = []
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        written.append(atomic_write_text(path, text))
    return written


def write_site_pages(
    layers: geopandas.GeoDataFrame,
    context: Context | None,
    folder: str | os.PathLike[str],
    *,
    as_of: str,
    years: Iterable[int],
    name: str = "{year}",
    title: str | None = None,
) -> list[Path]:
    """Write ``sites/{site}.html`` for every site into ``folder``.

    Each file is written atomically (:func:`basemap.output.atomic.atomic_write_text`).
    Returns the paths written, by site id.
    """
    return _write(
        folder,
        site_pages(layers, context, as_of=as_of, years=years, name=name, title=title),
    )


def write_presence_chart(
    layers: geopandas.GeoDataFrame,
    context: Context | None,
    folder: str | os.PathLike[str],
    *,
    as_of: str,
) -> list[Path]:
    """Write ``presence.html`` and ``presence.svg`` into ``folder``.

    The PNG and PDF figures are made from the same SVG (or the page) by a
    browser renderer. Returns the two paths.
    """
    return _write(folder, presence_files(layers, context, as_of=as_of))
