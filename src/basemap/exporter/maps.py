"""The pages of an export: the yearly maps, the timeline, the site pages.

:func:`write_maps` writes the periods' details (notes and sources, shared
by every page, :func:`write_details`), the timeline, then a map per year (each linking
to the years beside it, the timeline and the index); :func:`write_sites` a
page per site and the presence chart (HTML and SVG). Both write through the
export's ``put`` (atomic, kept when unchanged, recorded in the manifest).
Part of :func:`basemap.exporter.run.export`, which says what an export writes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..frames import no_gc_pauses, records
from ..output.atomic import render_html
from ..pages.history import site_histories
from ..pages.sites import SITES_DIR, presence_files, site_pages
from ..render.details import (
    DetailsFiles,
    chunk_count,
    chunk_names,
    details_files,
    details_of,
)
from ..render.encoding import reused_features
from ..render.page import host_codes, render_map, render_timeline

if TYPE_CHECKING:
    from .job import ExportJob

__all__ = [
    "DETAILS_DIR",
    "planned_details",
    "write_details",
    "write_maps",
    "write_sites",
]

#: The folder of an export's details files (relative, as the pages link it).
DETAILS_DIR = "details/"


def _chunks(layers) -> int:
    """How many details files an export of ``layers`` writes."""
    return chunk_count(len(set(layers["site"])) if len(layers) else 0)


def planned_details(layers) -> list[str]:
    """The details files an export of ``layers`` writes (for its plan)."""
    return [DETAILS_DIR + n for n in chunk_names(_chunks(layers))]


def write_maps(job: ExportJob) -> None:
    # every year's pages: many small objects, no cycles; a site that shows
    # alike in several years is encoded once
    with no_gc_pauses(), reused_features():
        _write_pages(job)


def _write_pages(job: ExportJob) -> None:
    # the periods' details (notes, every source), once for every page that
    # shows them, in files a popup loads when it opens
    details = write_details(job)
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
        details=details,
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
            details=details,
            hosts=host_codes(job.layers),
        )
        job.put(job.file_of(year, ".html"), render_html(m))
        job.figures.page_written(year)  # its figures drawn now, while we go on


def write_details(job: ExportJob) -> DetailsFiles:
    """The details of every period the export's pages show, in the files
    of :data:`DETAILS_DIR` (:func:`basemap.render.details.details_files`);
    return where the pages find them."""
    rows = (r for styled in job.frames.values() for r in records(styled))
    where, files = details_files(details_of(rows), _chunks(job.layers), DETAILS_DIR)
    job.put_many((DETAILS_DIR + name, text) for name, text in files.items())
    job.tell(f"the sources of every site, in {len(files)} files of {DETAILS_DIR}")
    return where


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
    job.put_many(pages.items())
    job.tell(f"{len(pages) - 2} site pages and the presence chart")
    # the chart as figures too, for reports: drawn with the maps' figures,
    # in their browser (exportfigures.start_figures)
    job.chart_svg = pages["presence.svg"]
