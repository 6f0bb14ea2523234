"""Figures: the maps as PNG, PDF, SVG and GIF, drawn by the page itself.

A figure is a yearly map's own page in its figure layout (see
``static/figure.js``): title and year, the key, the events, a short source
line, the scale and the base map's names, and no interactive controls. One
headless Chromium opens the pages, several at once, and

- PNG is a screenshot of the figure (``scale`` multiplies its pixels);
- PDF is Chromium's vector PDF of the same figure (text stays text);
- SVG is the page's own SVG layers and every piece of text as ``<text>``,
  where the browser placed it (``basemapFigure.svg()``);
- a GIF animates the years' PNGs, and thumbnails are small PNGs (Pillow,
  :mod:`basemap.figures.images`); charts are drawn by :mod:`basemap.figures.charts`.

So the web map and every figure place, colour and name sites by one set of
rules: the label placer of the page. Sizes come from a preset or from
``width`` and ``height``.

SVG is the same bytes for the same page, and so is PDF when dated by its
data (``pdf_date``; else it carries Chromium's time stamp). PNG (and so the
GIF and the thumbnails) is the same figure, but not yet always the same
bytes: now and then, on a loaded machine, a first drawing differs from
later ones (known, not yet found).

Examples
--------
>>> figure_size("slide")
(1600, 900)
>>> figure_size(None, 800, 600)
(800, 600)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BrowserNotFoundError, OptionError
from .browser import (
    CHROMIUM_ARGS,
    PLAYWRIGHT_HINT,
    browser_failed,
    find_chromium,
    not_started,
)
from .charts import draw_chart, formats_for_charts, svg_bytes
from .images import (
    page_pdf,
)

__all__ = [
    "FORMATS",
    "PRESETS",
    "SIDE_BY_SIDE",
    "STEP_LIMIT",
    "Figure",
    "TimelineYear",
    "draw_figures",
    "figure_size",
    "render_figures",
]

#: Preset sizes in CSS pixels: an A4 report page (landscape, 96 dpi), a
#: 16:9 slide, a social card (the 1.91:1 size the big networks use).
PRESETS: dict[str, tuple[int, int]] = {
    "report": (1123, 794),
    "slide": (1600, 900),
    "social": (1200, 630),
}
#: The formats the browser draws for each page.
FORMATS = ("png", "pdf", "svg")
#: Tabs drawing at once in the one browser; each draws page after page.
#: Two: a page's drawing keeps more than one core busy (renderer, raster,
#: compositor), and an export writes its pages meanwhile. On two cores,
#: the bundled export in every format took 19.6-23.2 s with two tabs and
#: 21.9-25.0 s with three, in turns on the same machine.
CONCURRENCY = 2
#: The narrowest page that lays the key beside the map (``basemap.css`` and
#: ``wide()`` in ``basemap.js``). From this width up, the map keeps its size
#: from year to year, and a timeline stepped to a year is the year's own
#: figure byte for byte. Narrower, the key and the events go under the map,
#: whose height then follows each year's panel, and a narrow timeline frames
#: the core of all its years (so that it does not jump), not the year's own:
#: the same sites, key and events, framed otherwise.
SIDE_BY_SIDE = 760
#: The largest timeline (bytes) an export steps from year to year; past
#: it, each year's page is opened. Stepping saves the most on a small
#: timeline: at 10,000 synthetic sites (141 MB, 6 s to open) it took as long
#: as the pages and 0.7 GB more of the browser's memory. And a timeline
#: past :data:`basemap.figures.browser.PAGE_LIMIT` (100,000 sites, about 1.4 GB)
#: cannot open at all. 128 MB opens in about 5 s, well within the 30 s a
#: page is given.
STEP_LIMIT = 128 * 2**20


def figure_size(
    preset: str | None, width: int | None = None, height: int | None = None
) -> tuple[int, int]:
    """The figure's size in CSS pixels, from a preset or explicit sizes.

    Explicit ``width``/``height`` win over the preset's.

    Raises
    ------
    OptionError
        For an unknown preset or a size out of range.
    """
    if preset is not None and preset not in PRESETS:
        known = ", ".join(PRESETS)
        raise OptionError(f"unknown figure preset {preset!r}; choose one of {known}")
    w, h = PRESETS[preset or "report"]
    w, h = width or w, height or h
    if not (16 <= w <= 10_000 and 16 <= h <= 10_000):
        raise OptionError(
            f"figure size {w}x{h} is out of range: --width and --height must "
            "be between 16 and 10000 pixels"
        )
    return w, h


@dataclass
class Figure:
    """What the browser drew for one page (or a timeline's year): bytes by
    format."""

    page: Path
    outputs: dict[str, bytes] = field(default_factory=dict)
    #: the timeline's year drawn (:class:`TimelineYear`), or None for a page
    year: int | None = None


@dataclass(frozen=True)
class TimelineYear:
    """Year ``year`` of a timeline page, to draw as that year's own figure.

    The timeline at a year shows what the year's own map shows (its sites,
    names, outlines, key, events and title), so its figure is the year's
    figure: byte for byte (SVG) at figures at least :data:`SIDE_BY_SIDE`
    wide; narrower, framed as the timeline frames it (see there). A
    tab opens the timeline once and steps it from year to year, which
    costs less than opening each year's page: an export draws its years
    so (:mod:`basemap.exporter.drawing`).

    >>> TimelineYear(Path("out/timeline.html"), 2005).year
    2005
    """

    page: Path
    year: int


#: What a tab does in the page, in one call, once the page is loaded: wait
#: until the map is ready and every font it uses is loaded, lay the page out
#: as a figure, let two frames pass (what the layout set off, a resize
#: observed, the scale bar, is settled by then: laying it out again changes
#: nothing, see the tests), and return the SVG when asked.
_FIGURE_JS = """async ([preset, svg, timeout]) => {
  const ready = () => document.querySelector("[data-basemap-ready=true]");
  if (!ready()) {
    await new Promise((ok, fail) => {
      const seen = new MutationObserver(() => {
        if (ready()) { seen.disconnect(); clearTimeout(late); ok(); }
      });
      seen.observe(document.documentElement, {subtree: true, attributes: true,
                                              attributeFilter: ["data-basemap-ready"]});
      const late = setTimeout(() => {
        seen.disconnect();
        fail(new Error("the map was not ready after " + timeout + " ms"));
      }, timeout);
    });
  }
  await document.fonts.ready;
  await new Promise(ok => {
    basemapFigure.enter(preset);
    requestAnimationFrame(() => requestAnimationFrame(ok));
  });
  return svg ? basemapFigure.svg() : null;
}"""

#: What a tab does to draw a year of the timeline it has open, in figure
#: layout (``_FIGURE_JS`` done once): show the year and lay it out at once
#: (figure.js ``year``), let two frames pass, as for a page, and return the
#: SVG when asked.
_YEAR_JS = """async ([year, svg]) => {
  if (!basemapFigure.year(year)) {
    throw new Error("the page shows no year " + year + ": not a timeline of it");
  }
  await document.fonts.ready;
  await new Promise(ok => requestAnimationFrame(() => requestAnimationFrame(ok)));
  return svg ? basemapFigure.svg() : null;
}"""


#: Charts to draw with the figures: ``{name: SVG}``, or a function that
#: returns them, called once every page has been handed over.
Charts = Mapping[str, "bytes | str"] | Callable[[], Mapping[str, "bytes | str"]] | None


async def _render(
    pages: Iterable[Path | TimelineYear],
    formats: set[str],
    width: int,
    height: int,
    scale: float,
    preset: str | None,
    done: Callable[[Figure], None] | None,
    timeout_ms: int,
    charts: Charts = None,
    chart_kinds: frozenset[str] = frozenset(),
    pdf_date: str | None = None,
    launched: Callable[[], None] | None = None,
) -> tuple[list[Figure], dict[str, dict[str, bytes]]]:
    import asyncio

    from playwright.async_api import Error, async_playwright

    executable = find_chromium()
    results: dict[int, Figure] = {}
    charted: dict[str, dict[str, bytes]] = {}
    async with async_playwright() as pw:
        try:
            browser = await pw.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            raise not_started(executable, exc) from None
        if launched is not None:
            launched()
        try:

            async def route(r):
                if r.request.url.startswith(("file:", "data:")):
                    await r.continue_()
                else:
                    await r.abort()

            async def draw(page, i: int, item: Path | TimelineYear, open_: Path | None):
                """Draw ``item`` in ``page``, whose timeline ``open_`` is
                open (laid out as a figure) or None; return the timeline
                now open."""
                svg = "svg" in formats
                if isinstance(item, TimelineYear):
                    path, year = Path(item.page), item.year
                    if open_ != path:  # open it at the year, as a figure
                        await page.goto(f"{path.resolve().as_uri()}#year={year}")
                        await page.evaluate(_FIGURE_JS, [preset, False, timeout_ms])
                        open_ = path
                    text = await page.evaluate(_YEAR_JS, [year, svg])
                else:
                    path, year, open_ = Path(item), None, None
                    await page.goto(path.resolve().as_uri())
                    # one call: ready, fonts, the figure layout (and its SVG)
                    text = await page.evaluate(_FIGURE_JS, [preset, svg, timeout_ms])
                fig = Figure(path, year=year)
                if "png" in formats:
                    # a figure has no text caret to hide: Playwright's
                    # hiding it restyles the page twice per screenshot
                    # (about 15% of a screenshot's time; the same bytes)
                    fig.outputs["png"] = await page.screenshot(
                        type="png", caret="initial"
                    )
                if "svg" in formats:
                    fig.outputs["svg"] = text.encode("utf-8")
                if "pdf" in formats:
                    fig.outputs["pdf"] = await page_pdf(page, width, height, pdf_date)
                results[i] = fig
                if done is not None:
                    done(fig)
                return open_

            # the pages may come one by one, as they are written (an
            # export): each tab asks for its next page once it has drawn
            # one, and the next is waited for in a thread. So a page is
            # drawn as soon as it comes, and when the pages stop coming
            # (an export stopped) no tab has any left to draw
            feed = enumerate(pages)
            asking = asyncio.Lock()
            handed_over = asyncio.Event()  # every page: the charts now
            tabs: set[asyncio.Task] = set()
            opened = 0

            def open_tab() -> None:
                nonlocal opened
                opened += 1
                tabs.add(asyncio.create_task(tab()))

            async def next_page() -> tuple[int, Path | TimelineYear] | None:
                async with asking:
                    item = await asyncio.to_thread(next, feed, None)
                if item is None:
                    handed_over.set()
                return item

            async def tab() -> None:
                item = await next_page()
                if item is None:
                    return
                if opened < CONCURRENCY:  # another tab, for the next page
                    open_tab()
                # one tab draws page after page: a new tab costs a renderer.
                # Each tab in a context (a window) of its own: a tab that
                # shares its window with the others is drawn as a
                # background tab, and Chromium's screenshot of it now and
                # then repeats the top of the page over its bottom band
                context = await browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                )
                await context.route("**/*", route)
                page = await context.new_page()
                try:
                    # the screen layout, not the print stylesheet, in the PDF
                    # (screen is what a screenshot shows anyway)
                    await page.emulate_media(media="screen")
                    open_ = None  # the timeline open in this tab
                    while item is not None:
                        open_ = await draw(page, *item, open_)
                        item = await next_page()
                finally:
                    await page.close()
                    await context.close()

            async def draw_charts() -> None:
                await handed_over.wait()  # (an export's chart comes after its pages)
                found = await asyncio.to_thread(charts) if callable(charts) else charts
                for name, svg in (found or {}).items():
                    charted[name] = await draw_chart(
                        browser, svg_bytes(svg), chart_kinds, scale, pdf_date
                    )

            open_tab()
            charting = asyncio.create_task(draw_charts())
            failed: BaseException | None = None
            while tabs:  # (a tab may open another as it goes)
                ended, _ = await asyncio.wait(tabs, return_when=asyncio.FIRST_COMPLETED)
                for t in ended:
                    tabs.discard(t)
                    failed = failed or t.exception()  # the first, once all stop
            handed_over.set()  # (every tab failed: no page is asked for)
            try:
                await charting
            except Exception as exc:
                failed = failed or exc
            if failed is not None:
                raise failed
        finally:
            await browser.close()
    return [results[i] for i in sorted(results)], charted


def render_figures(
    pages: Iterable[str | Path | TimelineYear],
    formats: Iterable[str] = FORMATS,
    *,
    preset: str | None = "report",
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
    done: Callable[[Figure], None] | None = None,
    timeout_ms: int = 30_000,
    pdf_date: str | None = None,
) -> list[Figure]:
    """Draw each map page as a figure in ``formats`` (png, pdf, svg): the
    figures of :func:`draw_figures`, without charts."""
    figures, _ = draw_figures(
        pages,
        formats,
        preset=preset,
        width=width,
        height=height,
        scale=scale,
        done=done,
        timeout_ms=timeout_ms,
        pdf_date=pdf_date,
    )
    return figures


def draw_figures(
    pages: Iterable[str | Path | TimelineYear],
    formats: Iterable[str] = FORMATS,
    *,
    preset: str | None = "report",
    width: int | None = None,
    height: int | None = None,
    scale: float = 1.0,
    done: Callable[[Figure], None] | None = None,
    timeout_ms: int = 30_000,
    charts: Charts = None,
    chart_formats: Iterable[str] = ("png", "pdf"),
    pdf_date: str | None = None,
    launched: Callable[[], None] | None = None,
) -> tuple[list[Figure], dict[str, dict[str, bytes]]]:
    """Draw each map page as a figure in ``formats`` (png, pdf, svg), and
    each of ``charts`` (name: SVG, as :func:`chart_images` draws one) in
    ``chart_formats``, all in one browser.

    Pages are opened offline (every request that is not ``file:`` or
    ``data:`` is refused), several at a time in one browser, and drawn
    once their map is ready. ``pages`` may be any iterable, also one that
    waits for each page to be written (an export hands its pages over as
    it writes them): each is drawn as soon as it comes. ``charts`` may be
    a function that returns them: it is called once every page is handed
    over. ``done`` is called with each figure as soon as it is drawn (in
    the order they finish); the list returned is in the order of ``pages``.

    ``pdf_date`` (``YYYY-MM-DD``, an export gives its data's "as of" day)
    dates the PDFs instead of the time they are drawn, so the same figure
    gives the same bytes (:func:`dated_pdf`). ``launched`` is called (in
    the browser's thread) once the browser has started.

    An item of ``pages`` may also be a :class:`TimelineYear`: that year of
    a timeline page, drawn as the year's own figure. A tab keeps the
    timeline open and steps it to the next year it is handed, so years of
    one timeline handed in a row cost one page load per tab.

    Raises
    ------
    BrowserNotFoundError
        When no Chromium (or no Playwright) is installed, or it does not
        start.
    BrowserError
        When the browser fails while drawing (one line, not its log).
    OptionError
        For an unknown format, preset or size.

    Returns
    -------
    tuple
        The figures, in the order of ``pages``, and the charts' images
        (``{name: {format: bytes}}``).
    """
    formats = set(formats)
    kinds = formats_for_charts(chart_formats)
    unknown = formats - set(FORMATS)
    if unknown:
        raise OptionError(f"figures are drawn as {', '.join(FORMATS)}, not {unknown}")
    w, h = figure_size(preset, width, height)
    if not (0.25 <= scale <= 8):
        raise OptionError("--scale must be between 0.25 and 8")
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None
    if not callable(charts):  # a chart, or an OptionError now (not in the browser)
        charts = {n: svg_bytes(svg) for n, svg in (charts or {}).items()}
    job = _render(
        (p if isinstance(p, TimelineYear) else Path(p) for p in pages),
        formats,
        w,
        h,
        scale,
        preset,
        done,
        timeout_ms,
        charts,
        frozenset(kinds),
        pdf_date,
        launched,
    )
    # in a thread of its own: the caller may be running an event loop
    # already (a notebook, Playwright's sync API)
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from playwright.async_api import Error

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(asyncio.run, job).result()
        except Error as exc:  # (its message goes on with the browser's log)
            raise browser_failed(exc) from None
