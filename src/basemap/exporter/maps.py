"""The pages of an export: the yearly maps, the timeline, the site pages.

:func:`write_maps` writes the timeline, then a map per year (each linking
to the years beside it, the timeline and the index); :func:`write_sites` a
page per site and the presence chart (HTML and SVG). Both write through the
export's ``put`` (atomic, kept when unchanged, recorded in the manifest).
Part of :func:`basemap.exporter.run.export`, which says what an export writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..frames import no_gc_pauses
from ..output.atomic import render_html
from ..pages.history import site_histories
from ..pages.sites import SITES_DIR, presence_files, site_pages
from ..render.encoding import reused_features
from ..render.page import host_codes, render_map, render_timeline

if TYPE_CHECKING:
    from .job import ExportJob

__all__ = ["write_maps", "write_sites"]


def write_maps(job: ExportJob) -> None:
    # every year's pages: many small objects, no cycles; a site that shows
    # alike in several years is encoded once
    with no_gc_pauses(), reused_features():
        _write_pages(job)


def _write_pages(job: ExportJob) -> None:
    # the timeline first: the browser draws every year's figure from it
    # (exportfigures), each as soon as the year's page is written
    timeline = render_timeline(
        job.frames,
        as_of=job.as_of,
        bounds=job.bounds,
        title=job.title,
        tiles=job.tiles,
        nav={"index": ("All years", "index.html")},
        contexts=job.contexts,
        site_href=f"{SITES_DIR}/{{site}}.html",
        compare_href="compare.html" if len(job.years) > 1 else None,
        hosts=host_codes(job.layers),
    )
    job.put("timeline.html", render_html(timeline))
    del timeline
    years = job.years
    for i, year in enumerate(years):
        nav = {
            "index": ("All years", "index.html"),
            "timeline": ("Timeline", f"timeline.html#{year}"),
        }
        if i > 0:
            nav["prev"] = (f"\u2190 {years[i - 1]}", job.file_of(years[i - 1], ".html"))
        if i < len(years) - 1:
            nav["next"] = (f"{years[i + 1]} \u2192", job.file_of(years[i + 1], ".html"))
        m = render_map(
            job.frames[year],
            when=year,
            as_of=job.as_of,
            bounds=job.bounds,
            title=job.title,
            tiles=job.tiles,
            nav=nav,
            context=job.contexts[year] if job.contexts else None,
            site_href=f"{SITES_DIR}/{{site}}.html",
            hosts=host_codes(job.layers),
        )
        job.put(job.file_of(year, ".html"), render_html(m))
        job.figures.page_written(year)  # its figures drawn now, while we go on


def write_sites(job: ExportJob) -> None:
    """A page per site (its history, periods, sources, locator, events) and
    the presence chart of every site over the years (HTML and SVG)."""
    # the histories once, for the pages and the chart
    sites = site_histories(job.layers, job.context, as_of=job.as_of)
    pages = site_pages(
        job.layers,
        job.context,
        as_of=job.as_of,
        years=job.years,
        name=job.stem,
        title=job.title,
        sites=sites,
    )
    pages.update(presence_files(job.layers, job.context, as_of=job.as_of, sites=sites))
    for name, text in pages.items():
        job.put(name, text, label=None)
    job.tell(f"{len(pages) - 2} site pages and the presence chart")
    # the chart as figures too, for reports: drawn with the maps' figures,
    # in their browser (exportfigures.start_figures)
    job.chart_svg = pages["presence.svg"]
