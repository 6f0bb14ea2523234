"""Export every year at once: maps, a timeline, a gallery, images, changes.

:func:`export` writes, in one run, into one folder:

* one map per year (``{year}.html`` by default), each linking to the
  previous and next year, the timeline and the index;
* ``timeline.html``: every year in one page, with a slider and a player;
* ``index.html``: a gallery of all years with thumbnails, links, the text
  summary of each year and what changed since the previous one;
* ``changes.csv`` (year, site, operator, change, name) and ``embed.html``
  (a responsive iframe snippet for each page, with its text description);
* with ``formats``: ``png`` screenshots (headless Chromium), ``svg`` and
  ``pdf`` figures of the same pages (headless Chromium, see
  :mod:`basemap.figures.draw`), and ``years.gif``, an animation.

Options are checked, the data read and (for ``png``) the browser found
before anything is written. The export owns only the files it made: it
keeps a manifest of them in the folder (:mod:`basemap.exporter.manifest`), replaces
or removes only those, never replaces an input, and stops before writing
anything if an output would replace a file it did not write (unless
``force``). A file whose new bytes are those already on disk is kept as it
is. One export at a time writes to a folder (a lock). Every file is written
atomically, so an interrupted export leaves complete files (old or new) and
the next run finishes the job; leftover temporary files of an interrupted
run are removed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BrowserNotFoundError, OptionError, OutputError
from ..figures.browser import PAGE_LIMIT, PLAYWRIGHT_HINT, find_chromium
from ..figures.draw import figure_size
from ..io.context import context_for
from ..io.layers import read_layers
from ..output.atomic import (
    clean_temp_files,
    linked_folder,
    output_error,
    remove_within,
    sync_folders,
)
from ..output.gpkg import GPKG_NAME, gpkg_bytes
from ..output.guard import input_files
from ..pages.compare import compare_page
from ..pages.sites import planned_names
from ..pipeline import data_as_of, data_title, frame_bounds, load_context
from ..render.contextdata import context_data
from ..render.page import resolve_tiles
from ..selection.context import select_alliances, select_events
from ..selection.sites import select
from ..styling.symbols import style
from ..text import check_text_option
from .drawing import browser_id, start_figures, thumbnails
from .gallery import write_changes, write_embed, write_index, year_changes
from .job import ExportJob, ExportResult
from .manifest import MANIFEST_NAME, Manifest, fingerprint, folder_lock
from .maps import planned_details, write_maps, write_sites
from .plan import (
    changed_outputs,
    check_base_url,
    check_name,
    check_outputs,
    plan_years,
    planned_outputs,
)

if TYPE_CHECKING:
    from ..io.load import PathArg
    from .manifest import Manifest

__all__ = ["FORMATS", "PAGE_SLOW", "export", "too_large_pages"]

FORMATS = ("html", "png", "svg", "pdf", "gif", "gpkg")


def export(
    folder: str | os.PathLike[str] = "output",
    *,
    first: int | None = None,
    last: int | None = None,
    data: Iterable[PathArg] | PathArg | None = None,
    formats: Sequence[str] = ("html",),
    name: str = "{year}",
    title: str | None = None,
    tiles: str | None = None,
    base_url: str | None = None,
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
    preset: str | None = None,
    progress: Callable[[str], None] | None = None,
    events: PathArg | bool | None = None,
    alliances: PathArg | bool | None = None,
    force: bool = False,
) -> ExportResult:
    """Export every year from ``first`` to ``last`` into ``folder``.

    Parameters
    ----------
    folder : path
        Output folder (created if needed).
    first, last : int, optional
        Years; default: the earliest start in the data and its ``as_of`` year.
    data : path or list of paths, optional
        Layers (default: the bundled data).
    formats : sequence of str
        Any of ``html``, ``png``, ``svg``, ``pdf``, ``gif``.
    name : str
        File name template of a year, with ``{year}`` (default ``{year}``;
        extensions are added per format).
    title, tiles : str, optional
        As for :func:`basemap.render.page.render_map`.
    base_url : str, optional
        Address the embed snippets point to (default: relative links).
    preset : str, optional
        A figure size from :data:`basemap.figures.draw.PRESETS` ("report",
        "slide", "social"); ``width`` and ``height`` override it.
    width, height : int
        Image size in CSS pixels (png) or at 100 dpi (svg, pdf, gif).
    scale : float
        Device pixel ratio of png screenshots.
    progress : callable, optional
        Called with a short label after each unit of work.
    events, alliances : path or False, optional
        The context shown on the HTML pages and PNG images (default: the
        bundled files); False leaves one out.
    force : bool
        Replace existing files the export did not write (never an input).

    Returns
    -------
    ExportResult

    Raises
    ------
    OutputError
        Before anything is written: when an output would replace an input,
        or (without ``force``) a file the export did not write, or another
        export is writing to the folder. While writing: when a file cannot
        be written (disk full, read-only); the files written so far are
        complete and recorded, the others are as they were.
    """
    formats = list(dict.fromkeys(formats))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise OptionError(
            f"unknown format {unknown[0]!r}: use one or more of {', '.join(FORMATS)}"
            if unknown
            else "give at least one format"
        )
    stem = check_name(name)
    base = check_base_url(base_url)

    if preset is None:  # the figures' size: 1200x800 unless told
        width = 1200 if width is None else width
        height = 800 if height is None else height
    else:
        width, height = figure_size(preset, width, height)
    if not (16 <= width <= 10_000 and 16 <= height <= 10_000):
        raise OptionError("--width and --height must be between 16 and 10000 pixels")
    if not 0.25 <= scale <= 8:
        raise OptionError("--scale must be between 0.25 and 8")
    if title is not None:
        check_text_option("--title", title)
    if tiles:
        resolve_tiles(tiles)
    if {"png", "svg", "pdf", "gif"} & set(formats):  # figures: a browser
        find_chromium()  # fail before writing anything
        try:
            import playwright  # noqa: F401
        except ImportError:
            raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None

    out = Path(folder)
    events, alliances = context_for(data, events, alliances)  # the data's own
    inputs = input_files(data, events, alliances)
    made_from = _fingerprint(
        inputs,
        first=first,
        last=last,
        formats=formats,
        stem=stem,
        title=title,
        tiles=tiles,
        base=base,
        width=width,
        height=height,
        scale=scale,
        events=events is not False,
        alliances=alliances is not False,
        bundled=data is None,
    )
    if not force:
        done = _nothing_to_do(out, made_from, progress)
        if done is not None:
            return done
    layers = read_layers(data)
    context = load_context(layers, events, alliances, bundled_layers=data is None)
    years = plan_years(layers, first, last)

    planned = planned_outputs(years, stem, formats) + planned_names(layers)
    planned += planned_details(layers)
    check_outputs(out, planned, inputs, force)  # before creating anything
    job = ExportJob(
        out=out,
        years=years,
        layers=layers,
        stem=stem,
        formats=formats,
        title=title or data_title(layers),
        tiles=tiles,
        base=base,
        width=width,
        height=height,
        scale=scale,
        as_of=data_as_of(layers),
        bounds=frame_bounds(layers),
        frames={y: style(select(layers, year=y)) for y in years},
        contexts={
            y: context_data(select_events(context, y), select_alliances(context, y))
            for y in years
        }
        if context
        else None,
        result=ExportResult(out, years),
        tell=progress or (lambda label: None),
        manifest=Manifest(out),  # (the folder's, read under its lock)
        context=context,
    )
    # the browser started before anything is written: one that does not
    # start stops the export here (BrowserNotFoundError), not half-way
    job.figures = start_figures(job)
    try:
        with folder_lock(out):
            manifest = job.manifest = check_outputs(out, planned, inputs, force)
            clean_temp_files(out)
            made = _write(job, planned, made_from)
    except BaseException:
        job.figures.finish(write=False)  # (the browser finishes on its own)
        raise
    job.result.warnings += _warnings(manifest, made)
    return job.result


def _write(job: ExportJob, planned: list[str], made_from: str) -> list[str]:
    """Write the export (under the folder's lock); return what it made."""
    manifest, out = job.manifest, job.out
    stale = [n for n in manifest.files if n not in set(planned)]
    changed = changed_outputs(manifest, planned)  # (made again: said so)
    manifest.announce(planned)
    manifest.save()
    # from here on the files change: what the last complete export was
    # made from no longer holds (an interrupted run saves the manifest
    # without it; a killed one leaves hashes its files no longer match)
    manifest.run = None

    try:
        try:
            _export_all(job)
            _remove_stale(job, stale)
        finally:  # the renames on disk before the manifest says so
            sync_folders(job.folders)
    except BaseException:
        # record what was written before the failure (or Ctrl-C), so
        # the next run knows these files; keep the first error
        with contextlib.suppress(OutputError):
            manifest.save()
        raise
    made = list(dict.fromkeys(p.relative_to(out).as_posix() for p in job.result.files))
    replaced = [n for n in changed if out / n in set(job.result.written)]
    if replaced:
        job.result.warnings.append(_replaced(replaced))
    if set(made) == set(manifest.files):
        manifest.run = {"inputs": made_from, "years": job.years, "made": made}
    manifest.save()
    return made


def _warnings(manifest: Manifest, made: list[str]) -> list[str]:
    """What the user should know of an export's outputs ``made``, from
    their sizes in the manifest (no file is read again)."""
    return too_large_pages({name: manifest.files[name]["size"] for name in made})


#: A page over this many bytes opens slowly: in Chromium, a page of 54 MB
#: (100,000 periods' presence chart) took 12 s, one of 100 MB (a 50 MB name)
#: more than a minute.
PAGE_SLOW = 64 * 2**20


def too_large_pages(sizes: Mapping[str, int | None]) -> list[str]:
    """A warning for each page too large for a browser to open
    (:data:`basemap.figures.browser.PAGE_LIMIT`), or to open within a
    minute or so (:data:`PAGE_SLOW`), of ``sizes`` (bytes by name relative
    to the folder): its name, its size and what to do.

    >>> too_large_pages({"2005.html": 46_000_000, "layers.gpkg": 2**30})
    []
    >>> too_large_pages({"timeline.html": 1_400_000_000})[0][:49]
    'timeline.html is 1,335 MB, more than a browser op'
    >>> too_large_pages({"sites/kant.html": 159 * 2**20})[0][:56]
    'sites/kant.html is 159 MB: a browser may take a minute o'
    """
    out = []
    for name, size in sizes.items():
        if not name.endswith(".html") or (size or 0) <= PAGE_SLOW:
            continue
        fix = (
            "export fewer years (--from and --to; first and last in Python) "
            "or fewer sites"
            if name == "timeline.html"
            else "map fewer sites (fewer layers, or layers cut down)"
        )
        if size > PAGE_LIMIT:
            out.append(
                f"{name} is {size / 2**20:,.0f} MB, more than a browser opens (it "
                f"reads a page's data as one string of at most "
                f"{PAGE_LIMIT / 2**20:,.0f} MB), so the page will not open; {fix}"
            )
        else:
            out.append(
                f"{name} is {size / 2**20:,.0f} MB: a browser may take a minute or "
                f"more to open it; {fix}, or shorten long texts and many periods"
            )
    return out


def _fingerprint(inputs, **options) -> str:
    """The fingerprint of an export with these inputs and options (see
    :func:`basemap.exporter.manifest.fingerprint`), with the browser that would draw
    its images."""
    return fingerprint(inputs, options, browser_id())


def _nothing_to_do(out: Path, made_from: str, progress) -> ExportResult | None:
    """The result of an export that has nothing to do, or None.

    Nothing is to do when the folder's last complete export had the same
    fingerprint and every file it made still holds the bytes recorded (told
    by its stat where the stat cache vouches for it, else by its SHA-256;
    see :mod:`basemap.exporter.statcache`): then no layer is read, nothing is
    rendered and no file is written (the stat cache may be, with the files
    that had to be hashed).
    """
    if not (out / MANIFEST_NAME).is_file():
        return None
    with folder_lock(out):
        try:
            manifest = Manifest.load(out)
        except OutputError:
            return None  # the full export says what is wrong with it
        if not manifest.unchanged_run(made_from):
            return None
        clean_temp_files(out)
        files = [out / name for name in manifest.run["made"]]
        result = ExportResult(out, manifest.run["years"], files, [], list(files))
        result.warnings = _warnings(manifest, manifest.run["made"])
    if progress is not None:
        progress("nothing changed")
    return result


def _export_all(job: ExportJob) -> None:
    # the figures need the pages (their cache is keyed by each year's page,
    # and a narrow figure is drawn from it) and the timeline (the others)
    html_pages = True
    # the browser (started by the export, before anything was written)
    # draws each year's figures as soon as its page is written, in threads
    # of its own, while the rest is written (Chromium on one core, Python
    # on the other)
    figures = job.figures
    try:
        write_maps(job)
        write_sites(job)
        figures.close()  # every page and the chart: the browser has them all
        if len(job.years) > 1:
            job.put(
                "compare.html",
                compare_page(
                    job.layers,
                    job.years,
                    frames=job.frames,
                    map_href=job.stem + ".html",
                    title=job.title,
                ),
            )

        changes = year_changes(job)
        write_changes(job, changes)
        if "gpkg" in job.formats:  # every period, start and end as dates (QGIS)
            job.put(GPKG_NAME, gpkg_bytes(job.layers))
        if html_pages:
            write_embed(job)
    except BaseException:
        figures.finish(write=False)  # the browser left to finish on its own
        raise
    figures.finish()  # waits for the browser; writes the figures and the GIF
    if html_pages:
        thumbs = thumbnails(job)
        write_index(job, changes, thumbs)


def _replaced(names: list[str]) -> str:
    """The warning for outputs changed since basemap wrote them, and made
    again.

    >>> _replaced(["index.html"])[:62]
    'index.html had been changed since basemap wrote it; it was mad'
    """
    more = f" and {len(names) - 8} more" if len(names) > 8 else ""
    one = len(names) == 1
    return (
        f"{', '.join(names[:8])}{more} had been changed since basemap wrote "
        f"{'it' if one else 'them'}; {'it was' if one else 'they were'} made "
        "again, as an export makes its files (keep changed copies outside the "
        "output folder)"
    )


def _remove_stale(job: ExportJob, stale: list[str]) -> None:
    """Remove the files of an earlier export that are no longer outputs.

    Only a file the manifest lists that still holds the bytes it recorded
    (by its stat in the stat cache, else by its SHA-256) is removed, reached
    from the output folder without following a symbolic link, to a folder
    on the way or as the file itself
    (:func:`basemap.output.atomic.remove_within`). Any other (changed since
    basemap wrote it, never recorded, or reached through a link) is left
    where it is and dropped from the manifest (it is no longer basemap's),
    with a warning that names it.
    """
    folders = set()
    kept = []
    for name in stale:
        path = job.out / name
        linked = linked_folder(job.out, name)
        if linked is not None:
            kept.append(f"{name} ({linked.relative_to(job.out)} is a symbolic link)")
        elif not os.path.lexists(path):
            pass  # gone already
        elif not job.manifest.intact(name):
            kept.append(f"{name} (changed since basemap wrote it)")
        else:
            try:
                remove_within(job.out, name)
                job.result.removed.append(path)
                folders.add(path.parent)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise output_error(path, exc, job.out) from exc
        job.manifest.forget(name)
    for sub in sorted(folders - {job.out}, reverse=True):
        with contextlib.suppress(OSError):
            sub.rmdir()  # only when empty
    if kept:
        more = f" and {len(kept) - 8} more" if len(kept) > 8 else ""
        named = ", ".join(kept[:8]) + more
        job.result.warnings.append(
            f"{len(kept)} {'file' if len(kept) == 1 else 'files'} of an earlier export "
            f"no longer made {'was' if len(kept) == 1 else 'were'} left in place: "
            f"{named}; basemap no longer lists {'it' if len(kept) == 1 else 'them'} "
            "as its own: remove or keep them as you wish"
        )
