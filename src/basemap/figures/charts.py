"""Charts as figures: an SVG chart drawn as PNG and PDF by headless Chromium.

The presence chart (:func:`basemap.pages.chart.presence_svg`) is already a
figure: its title, key and source line are in the SVG. :func:`chart_images`
draws it at its own size, offline; an export draws it in the browser of
its map figures (:mod:`basemap.figures.draw`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import BrowserNotFoundError, OptionError
from .browser import (
    CHROMIUM_ARGS,
    PLAYWRIGHT_HINT,
    browser_failed,
    find_chromium,
    not_started,
)
from .images import page_pdf

__all__ = ["chart_images", "draw_chart", "formats_for_charts", "svg_bytes"]


def _chart_size(svg: bytes) -> tuple[int, int]:
    head = svg[:400].decode("utf-8", "replace")
    size = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', head)
    if size is None:
        raise OptionError("the chart has no viewBox: not a basemap chart")
    width, height = (round(float(v)) for v in size.groups())
    return width, height


def _chart_title(svg: bytes) -> str:
    """The chart's title as HTML text: its root's ``aria-label`` (already
    escaped as an attribute), for the PDF's title; empty without one.

    >>> _chart_title(b'<svg viewBox="0 0 9 9" aria-label="Bases &amp; sites">')
    'Bases &amp; sites'
    """
    root = svg[: svg.find(b">") + 1].decode("utf-8", "replace")
    found = re.search(r'\saria-label="([^"<>]*)"', root)
    return found.group(1) if found else ""


def formats_for_charts(formats: Iterable[str]) -> set[str]:
    formats = set(formats)
    if not formats <= {"png", "pdf"}:
        raise OptionError(f"a chart is drawn as png or pdf, not {formats}")
    return formats


def svg_bytes(svg: bytes | str) -> bytes:
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    _chart_size(data)  # a chart, or an OptionError now (not in the browser)
    return data


async def _chart(
    svg: bytes, formats: set[str], scale: float, pdf_date: str | None
) -> dict[str, bytes]:
    from playwright.async_api import Error, async_playwright

    executable = find_chromium()
    async with async_playwright() as pw:
        try:
            browser = await pw.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            raise not_started(executable, exc) from None
        try:
            return await draw_chart(browser, svg, formats, scale, pdf_date)
        finally:
            await browser.close()


async def draw_chart(
    browser, svg: bytes, formats: set[str], scale: float, pdf_date: str | None = None
):
    """A chart's images, drawn in a page of its own of ``browser`` (its
    PDF dated ``pdf_date``: :func:`basemap.figures.images.dated_pdf`)."""
    width, height = _chart_size(svg)
    out: dict[str, bytes] = {}
    page = await browser.new_page(
        viewport={"width": width, "height": height}, device_scale_factor=scale
    )
    try:

        async def route(r):  # nothing but the document itself
            await r.abort()

        await page.route("**/*", route)
        html = (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
            + _chart_title(svg)  # the PDF's title
            + "</title><style>"
            "html,body{margin:0}svg{display:block}</style></head><body>"
            + svg.decode("utf-8")
            + "</body></html>"
        )
        await page.set_content(html)
        await page.evaluate("() => document.fonts.ready.then(() => 1)")
        if "png" in formats:
            out["png"] = await page.screenshot(type="png", caret="initial")
        if "pdf" in formats:
            out["pdf"] = await page_pdf(page, width, height, pdf_date)
    finally:
        await page.close()
    return out


def chart_images(
    svg: bytes | str,
    formats: Iterable[str] = ("png", "pdf"),
    *,
    scale: float = 1.0,
    pdf_date: str | None = None,
) -> dict[str, bytes]:
    """Draw an SVG chart (the presence chart, :func:`basemap.pages.chart.presence_svg`)
    as PNG and PDF figures at its own size, in headless Chromium, offline.

    The chart is already a figure: its title, key and source line are in the
    SVG, every label real text laid out from measured widths; Chromium draws
    it as it draws the map figures (the PDF keeps the text as text).
    ``pdf_date`` (``YYYY-MM-DD``) dates the PDF instead of the time it is
    drawn, so the same chart gives the same bytes.

    Raises
    ------
    BrowserNotFoundError
        When no Chromium (or no Playwright) is installed, or it does not
        start.
    BrowserError
        When the browser fails while drawing.
    OptionError
        For an unknown format.
    """
    formats = formats_for_charts(formats)
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None
    data = svg_bytes(svg)
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from playwright.async_api import Error

    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(
                asyncio.run, _chart(data, formats, scale, pdf_date)
            ).result()
        except Error as exc:  # (its message goes on with the browser's log)
            raise browser_failed(exc) from None
