"""The figures of an export: drawn by the browser while the rest is written.

:func:`start_figures` starts one headless Chromium, before the export
writes its first page. It draws each year as a figure (PNG, SVG, PDF; the
GIF and the index's thumbnails from the PNGs) as soon as the year's page is
written, then the presence chart, in a thread of its own, while the export
writes the rest (:class:`Figures`); the images are written at the end,
through the export's ``put``.

A year is drawn from the export's timeline, written before the years'
pages: each tab of the browser opens it once, as a figure, and steps it
from year to year (:class:`basemap.figures.draw.TimelineYear`). The timeline at
a year shows what the year's own map shows, so its figure is the year's
figure (the SVG the same bytes, tested over every bundled year), at about
half the cost of opening each year's page. A figure narrower than
:data:`basemap.figures.draw.SIDE_BY_SIDE` (the key under the map) is drawn from
each year's own page, where a step could leave the map a pixel apart, and
so is every figure of a timeline larger than
:data:`basemap.figures.draw.STEP_LIMIT` (too large to step with profit).

A year whose page is unchanged since the last export keeps its images when
they were drawn from the same page, size, browser and drawing code (the
timeline's among it: :func:`_drawn_from`, the manifest's ``drawn_from``).
Part of :func:`basemap.exporter.run.export`, which says what an export writes.
"""

from __future__ import annotations

import hashlib
import json
import queue
import threading
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import BrowserNotFoundError
from ..figures import draw as figures
from ..figures.browser import find_chromium
from ..figures.draw import draw_figures
from ..figures.images import decoded, gif_bytes, gif_frame, thumbnail_bytes
from ..resources import PACKAGE_DIR, code_files
from .job import NoFigures

if TYPE_CHECKING:
    from .job import ExportJob

__all__ = ["Figures", "browser_id", "start_figures", "thumbnails"]


def browser_id() -> str | None:
    """The browser that would draw the images (path, size and time of the
    executable), or None."""
    try:
        path = find_chromium()
        st = path.stat()
        return f"{path.resolve()} {st.st_size} {st.st_mtime_ns}"
    except (BrowserNotFoundError, OSError):
        return None


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _code_hash() -> str:
    """The drawing code's fingerprint (part of what an image is drawn from):
    every module of the package and every static file. A year's page
    does not hold all that draws its figure (the timeline it is drawn from,
    the thumbnails and the PDF dates), and a stale image is worse than one
    drawn again after an upgrade."""
    code = hashlib.sha256()
    for path in code_files():
        code.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        code.update(path.read_bytes())
    return code.hexdigest()


def _drawn_from(job: ExportJob, year: int, draw: set[str], code: str) -> str:
    """What a year's images are drawn from: its page's bytes (as recorded
    just now), the figure's size, scale and formats, the browser, the
    drawing code and the libraries that encode the images."""
    doc = {
        "page": job.manifest.files[job.file_of(year, ".html")]["sha256"],
        "size": [job.width, job.height, job.scale],
        "draw": sorted(draw),
        "browser": browser_id(),
        "code": code,
        "versions": [_version(n) for n in ("pillow", "playwright")],
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


class Figures(NoFigures):
    """The figures of an export, drawn while it writes its pages.

    Made by :func:`start_figures` before the first page is written. The
    export tells it of each year's page once written (:meth:`page_written`)
    and that no page will come (:meth:`close`, once the presence chart is
    made too); the browser draws each year as its page comes (from the
    timeline, or from the page itself: :meth:`_handed`), in a thread of its
    own. :meth:`finish` waits for it and writes the images through the
    export's ``put``.
    """

    def __init__(self, job: ExportJob) -> None:
        self.job = job
        self.formats = [f for f in ("png", "svg", "pdf") if f in job.formats]
        self.gif = "gif" in job.formats
        self.draw = set(self.formats) | {"png"}  # the GIF and thumbnails need PNGs
        self.keys: dict[int, str] = {}
        self.kept: dict[int, dict[str, bytes]] = {}
        self.made: dict = {}  # year: the thumbnail and GIF frame, being made
        # the years are drawn from the timeline (written before them), or
        # from their own pages (:meth:`_handed`), these by year
        self.timeline = (job.out / "timeline.html").resolve()
        self.pages: dict[Path, int] = {}
        self.chart = [f for f in ("png", "pdf") if f in job.formats]
        self._code = _code_hash()
        self._drawing = None
        self._closed = False
        self._stopped = False  # the export failed or was interrupted

    def start(self) -> None:
        """Start the browser; it waits for the pages. Returns once the
        browser runs, so that an export stops before it writes anything
        when the browser cannot start.

        Raises
        ------
        BrowserNotFoundError
            When the browser does not start (one line).
        """
        from concurrent.futures import ThreadPoolExecutor

        self._launched = threading.Event()
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self.pool = ThreadPoolExecutor(max_workers=1)  # Pillow
        self.runner = ThreadPoolExecutor(max_workers=1)  # the browser
        job = self.job
        self._drawing = self.runner.submit(
            draw_figures,
            self._handed(),
            self.draw,
            preset=None,
            width=job.width,
            height=job.height,
            scale=job.scale,
            done=lambda fig: self.made.setdefault(
                self._year(fig), self.pool.submit(self._small, fig.outputs["png"])
            ),
            charts=(lambda: {"presence": job.chart_svg}) if self.chart else None,
            chart_formats=self.chart,
            # the same data, the same PDFs ("unknown": a layer without features)
            pdf_date=job.as_of if job.as_of[:4].isdigit() else None,
            launched=self._launched.set,
        )
        while not self._launched.wait(0.02):
            if self._drawing.done():  # it stopped before it ran: say why
                self.runner.shutdown()
                self.pool.shutdown()
                self._drawing.result()

    def _handed(self):
        """The years to draw, as the export writes their pages (until it
        closes, or stops: then the years not yet drawn are not): each a
        year of the timeline, or its own page for a narrow figure or a
        timeline too large to open."""
        stepped = None  # (the timeline is written before the first year)
        while (year := self._queue.get()) is not None and not self._stopped:
            if stepped is None:
                stepped = (
                    self.job.width >= figures.SIDE_BY_SIDE
                    and self.timeline.stat().st_size <= figures.STEP_LIMIT
                )
            if stepped:
                yield figures.TimelineYear(self.timeline, year)
            else:
                page = (self.job.out / self.job.file_of(year, ".html")).resolve()
                self.pages[page] = year
                yield page

    def _year(self, fig) -> int:
        """The year a figure shows (of the timeline, or of its own page)."""
        return fig.year if fig.year is not None else self.pages[fig.page]

    def _small(self, png: bytes):
        """The thumbnail and the GIF's frame, from one decoding."""
        image = decoded(png)
        return thumbnail_bytes(image), gif_frame(image) if self.gif else None

    def _thumb(self, year: int) -> str:
        return f"thumbs/{self.job.file_of(year, '.png')}"

    def _names(self, year: int) -> list[str]:
        out = [self.job.file_of(year, f".{fmt}") for fmt in self.formats]
        return [*out, self._thumb(year)]

    def page_written(self, year: int) -> None:
        """Year ``year``'s page is written (and the timeline before it):
        draw the year, unless its images are kept (intact, and drawn from
        the same page, size, browser and code)."""
        job = self.job
        self.keys[year] = key = _drawn_from(job, year, self.draw, self._code)
        if "png" in self.formats or not self.gif:  # the GIF is made from the PNGs
            found = {n: job.manifest.drawn(n, key) for n in self._names(year)}
            if all(data is not None for data in found.values()):
                self.kept[year] = found
                return
        self._queue.put(year)

    def close(self) -> None:
        """No more pages: the browser draws the chart and the last pages."""
        if not self._closed:
            self._closed = True
            self._queue.put(None)

    def finish(self, write: bool = True) -> None:
        """Wait for the browser and write the images (``write=False`` after
        an error of the export's own: then nothing more is written, and the
        browser finishes the pages it is drawing and draws no other)."""
        if not write:
            self._stopped = True
            self.close()
            self.runner.shutdown(wait=False, cancel_futures=True)
            self.pool.shutdown(wait=False, cancel_futures=True)
            return
        self.close()
        try:
            figures, charted = self._drawing.result()
            self._put(figures, charted)
        finally:
            self.runner.shutdown()
            self.pool.shutdown()

    def _put(self, figures, charted) -> None:
        job = self.job
        for fmt in self.chart:
            job.put(f"presence.{fmt}", charted["presence"][fmt])
        drawn = {self._year(fig): fig for fig in figures}
        frames = {}
        for year in job.years:  # in the order of the years
            key = self.keys[year]
            thumb = self._thumb(year)
            if year in self.kept:
                outputs = self.kept[year]
                for name, data in outputs.items():
                    label = None if name.startswith("thumbs/") else ""
                    job.put(name, data, label=label, drawn_from=key)
                png = outputs.get(job.file_of(year, ".png"))
                if self.gif:
                    frames[year] = self.pool.submit(gif_frame, png).result()
            else:
                fig = drawn[year]
                for fmt in self.formats:
                    job.put(
                        job.file_of(year, f".{fmt}"), fig.outputs[fmt], drawn_from=key
                    )
                small, frames[year] = self.made[year].result()
                job.put(thumb, small, label=None, drawn_from=key)
            job.thumbs[year] = thumb
        if self.gif:
            job.put("years.gif", gif_bytes([frames[y] for y in job.years]))
        job.tell("figures")


def start_figures(job: ExportJob) -> Figures | NoFigures:
    """Start drawing the figures (PNG, SVG, PDF, the GIF) and the index's
    thumbnails, before the export writes its pages; return what it tells
    of each page written, and asks to write the images (:class:`Figures`).

    Every image is a figure of its year as its own page shows it, drawn
    by one headless Chromium (:mod:`basemap.figures.draw`) from the timeline,
    or from the year's page for a narrow figure or a timeline too large
    to step, so maps and figures share one cartography. The browser draws
    each year as soon as its page is written, in a thread of its own,
    while the export writes the rest.
    Thumbnails are made whenever a browser is at hand (without one, an
    HTML-only export's index has none); the requested formats need one.
    Called before the export writes anything: a browser that does not
    start stops an export of figures then (and an HTML-only export goes on
    without thumbnails, with a warning).
    """
    needed = bool({"png", "svg", "pdf", "gif"} & set(job.formats))
    try:
        find_chromium()
        import playwright  # noqa: F401  (a plain `pip install .` has none)
    except (BrowserNotFoundError, ImportError):
        if needed:
            raise
        job.tell("thumbnails skipped: no Chromium or no playwright found")
        return NoFigures()
    figures = Figures(job)
    try:
        figures.start()
    except BrowserNotFoundError as exc:
        if needed:
            raise
        job.result.warnings.append(f"the index has no thumbnails: {exc}")
        return NoFigures()
    return figures


def thumbnails(job: ExportJob) -> dict[int, str]:
    """Thumbnail of each year for the index (drawn with the figures)."""
    return dict(sorted(job.thumbs.items()))
