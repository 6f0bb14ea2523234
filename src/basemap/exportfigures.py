"""The figures of an export: drawn by the browser while the rest is written.

:func:`start_figures` starts one headless Chromium drawing every year's
page as a figure (PNG, SVG, PDF; the GIF and the index's thumbnails from
the PNGs) and the presence chart, in a thread of its own, and returns the
function that waits for it and writes the images
(the export's ``put``). A year whose page is unchanged since the
last export keeps its images when they were drawn from the same page, size
and browser (:func:`_drawn_from`, the manifest's ``drawn_from``). Part of
:func:`basemap.export.export`, which says what an export writes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .export import _Job

__all__ = ["browser_id", "start_figures", "thumbnails"]


def browser_id() -> str | None:
    """The browser that would draw the images (path, size and time of the
    executable), or None."""
    from .browser import find_chromium
    from .errors import BrowserNotFoundError

    try:
        path = find_chromium()
        st = path.stat()
        return f"{path.resolve()} {st.st_size} {st.st_mtime_ns}"
    except (BrowserNotFoundError, OSError):
        return None


def _version(name: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _drawn_from(job: _Job, year: int, draw: set[str]) -> str:
    """What a year's images are drawn from: its page's bytes (as recorded
    just now), the figure's size, scale and formats, the browser, the
    drawing code and the libraries that encode the images."""
    import hashlib
    import json

    here = Path(__file__).resolve().parent
    code = hashlib.sha256()
    for module in ("figures.py", "exportfigures.py", "export.py", "browser.py"):
        code.update((here / module).read_bytes())
    doc = {
        "page": job.manifest.files[job.file_of(year, ".html")]["sha256"],
        "size": [job.width, job.height, job.scale],
        "draw": sorted(draw),
        "browser": browser_id(),
        "code": code.hexdigest(),
        "versions": [_version(n) for n in ("pillow", "playwright")],
    }
    return hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()


def start_figures(job: _Job) -> Callable[..., None]:
    """Start drawing the figures (PNG, SVG, PDF, the GIF) and the index's
    thumbnails; return the function that waits for them and writes them.

    Every image is a figure of its year's own page, drawn by one headless
    Chromium (:mod:`basemap.figures`), so maps and figures share one
    cartography. The browser draws in a thread of its own: the caller
    writes its other files meanwhile, then calls the function returned
    (with ``write=False`` after an error of its own: then it neither waits
    nor writes).
    Thumbnails are made whenever a browser is at hand (without one, an
    HTML-only export's index has none); the requested formats need one,
    and were checked for before anything was written.
    """
    from concurrent.futures import ThreadPoolExecutor

    from .browser import find_chromium
    from .errors import BrowserNotFoundError
    from .figures import decoded, draw_figures, gif_bytes, gif_frame, thumbnail_bytes

    formats = [f for f in ("png", "svg", "pdf") if f in job.formats]
    gif = "gif" in job.formats
    try:
        find_chromium()
    except BrowserNotFoundError:
        if formats or gif:
            raise
        job.tell("thumbnails skipped: no Chromium found")
        return lambda write=True: None
    draw = set(formats) | {"png"}  # the GIF and the thumbnails need PNGs
    keys = {y: _drawn_from(job, y, draw) for y in job.years}

    def names(year: int) -> list[str]:
        out = [job.file_of(year, f".{fmt}") for fmt in formats]
        return [*out, f"thumbs/{job.file_of(year, '.png')}"]

    # a year whose page is unchanged keeps its images (when they are intact
    # and were drawn from the same page, size and browser): not drawn again
    kept: dict[int, dict[str, bytes]] = {}
    if "png" in formats or not gif:  # the GIF is made from the PNGs
        for year in job.years:
            found = {n: job.manifest.drawn(n, keys[year]) for n in names(year)}
            if all(data is not None for data in found.values()):
                kept[year] = found
    pages = {
        (job.out / job.file_of(y, ".html")).resolve(): y
        for y in job.years
        if y not in kept
    }

    def small(png: bytes):
        """The thumbnail and the GIF's frame, from one decoding."""
        image = decoded(png)
        return thumbnail_bytes(image), gif_frame(image) if gif else None

    # the images are made while the browser draws the next pages (Pillow
    # lets go of the interpreter while it works)
    chart = [f for f in ("png", "pdf") if f in job.formats]
    charts = {"presence": job.chart_svg} if chart else {}
    pool = ThreadPoolExecutor(max_workers=1)  # Pillow
    runner = ThreadPoolExecutor(max_workers=1)  # the browser
    made = {}
    drawing = (
        runner.submit(
            draw_figures,
            list(pages),
            draw,
            preset=None,
            width=job.width,
            height=job.height,
            scale=job.scale,
            done=lambda fig: made.setdefault(
                fig.page.resolve(), pool.submit(small, fig.outputs["png"])
            ),
            charts=charts,
            chart_formats=chart,
        )
        if pages or charts
        else None
    )

    def finish(write: bool = True) -> None:
        if not write:  # the export failed: nothing more is written
            runner.shutdown(wait=False, cancel_futures=True)
            pool.shutdown(wait=False, cancel_futures=True)
            return
        try:
            figures, charted = drawing.result() if drawing else ([], {})
            put_figures(figures, charted)
        finally:
            runner.shutdown()
            pool.shutdown()

    def put_figures(figures, charted) -> None:
        for fmt in chart:
            job.put(f"presence.{fmt}", charted["presence"][fmt])
        drawn = {pages[fig.page.resolve()]: fig for fig in figures}
        frames = {}
        for year in job.years:  # in the order of the years
            if year in kept:
                outputs = kept[year]
                for name, data in outputs.items():
                    label = None if name.startswith("thumbs/") else ""
                    job.put(name, data, label=label, drawn_from=keys[year])
                png = outputs.get(job.file_of(year, ".png"))
                frames[year] = pool.submit(gif_frame, png).result() if gif else None
            else:
                fig = drawn[year]
                for fmt in formats:
                    job.put(
                        job.file_of(year, f".{fmt}"),
                        fig.outputs[fmt],
                        drawn_from=keys[year],
                    )
                thumb, frames[year] = made[fig.page.resolve()].result()
                rel = f"thumbs/{job.file_of(year, '.png')}"
                job.put(rel, thumb, label=None, drawn_from=keys[year])
            job.thumbs[year] = f"thumbs/{job.file_of(year, '.png')}"
        if gif:
            job.put("years.gif", gif_bytes([frames[y] for y in job.years]))
        job.tell("figures")

    return finish


def thumbnails(job: _Job) -> dict[int, str]:
    """Thumbnail of each year for the index (drawn with the figures)."""
    return dict(sorted(job.thumbs.items()))
