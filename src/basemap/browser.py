"""Find and start a headless Chromium (for screenshots and tests).

basemap drives Chromium through the ``playwright`` package but never
downloads a browser: it uses one installed on the machine (Debian's
``chromium`` package, for example), found by :func:`find_chromium`.

Example (needs Chromium, so not run as a doctest)::

    with launch() as browser:
        page = browser.new_page()
        page.goto("file:///path/to/output/2005.html")
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

from .errors import BrowserNotFoundError

__all__ = [
    "CHROMIUM_ARGS",
    "PAGES_AT_ONCE",
    "find_chromium",
    "launch",
    "screenshot_pages",
]

#: Flags for a quiet, offline, headless Chromium (as root, in containers).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: How many pages :func:`screenshot_pages` keeps open at once: enough to
#: keep two cores busy (one page draws while another is shot), few enough
#: that memory stays small.
PAGES_AT_ONCE = 4
_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
INSTALL_HINT = (
    "install one (Debian/Ubuntu: 'apt-get install chromium') or set "
    "BASEMAP_CHROMIUM to the browser's path"
)
PLAYWRIGHT_HINT = (
    'the playwright package is not installed: pip install "centralasia-basemap[png]"'
)


def find_chromium() -> Path:
    """Return the path of a Chromium executable.

    Looks at ``$BASEMAP_CHROMIUM`` first, then for ``chromium``,
    ``chromium-browser`` and ``google-chrome`` on the ``PATH``.

    Raises
    ------
    BrowserNotFoundError
        With a message saying how to install one.
    """
    configured = os.environ.get("BASEMAP_CHROMIUM")
    if configured:
        path = Path(configured)
        if path.is_file() and os.access(path, os.X_OK):
            return path
        raise BrowserNotFoundError(
            f"BASEMAP_CHROMIUM is {configured!r}, which is not an executable file"
        )
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise BrowserNotFoundError(f"no Chromium browser found: {INSTALL_HINT}")


@contextmanager
def launch():
    """Start a headless Chromium with Playwright; yield the browser.

    Raises
    ------
    BrowserNotFoundError
        When no Chromium or no ``playwright`` package is installed.
    """
    executable = find_chromium()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


def screenshot_pages(
    pages: list[tuple[Path, Path]],
    *,
    width: int = 1200,
    height: int = 800,
    scale: float = 1.0,
    timeout_ms: int = 30_000,
    progress=None,
    concurrency: int = PAGES_AT_ONCE,
) -> list[Path]:
    """Screenshot HTML maps to PNG files, in one browser, several at once.

    One Chromium opens up to ``concurrency`` pages at a time (in one
    context), each with every request that is not ``file:`` or ``data:``
    blocked (the maps need none), and shoots each once its map sets
    ``data-basemap-ready``: the pages load and draw in parallel while one
    is being shot. Files are written atomically.

    Parameters
    ----------
    pages : list of (html path, png path)
    width, height : int
        Viewport size in CSS pixels.
    scale : float
        Device pixel ratio (2 doubles the pixels, for print).
    progress : callable, optional
        Called with each PNG path once written (in the order of ``pages``).
    concurrency : int
        How many pages are open at once.

    Returns
    -------
    list of Path
        The PNG files, in the order of ``pages``.
    """
    import asyncio

    executable = find_chromium()
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None
    from .write import atomic_write_bytes

    async def offline(route):
        if route.request.url.startswith(("file:", "data:")):
            await route.continue_()
        else:
            await route.abort()

    async def main() -> list[Path]:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
            try:
                context = await browser.new_context(
                    viewport={"width": width, "height": height},
                    device_scale_factor=scale,
                )
                await context.route("**/*", offline)
                gate = asyncio.Semaphore(max(1, concurrency))

                async def shoot(html_path) -> bytes:
                    async with gate:
                        page = await context.new_page()
                        try:
                            await page.goto(Path(html_path).resolve().as_uri())
                            await page.wait_for_selector(
                                "[data-basemap-ready=true]", timeout=timeout_ms
                            )
                            return await page.screenshot(type="png")
                        finally:
                            await page.close()

                tasks = [asyncio.ensure_future(shoot(h)) for h, _ in pages]
                written = []
                try:
                    # written and reported in order, as each one is ready
                    for task, (_, png_path) in zip(tasks, pages, strict=True):
                        atomic_write_bytes(png_path, await task)
                        written.append(Path(png_path))
                        if progress is not None:
                            progress(png_path)
                finally:
                    for task in tasks:
                        task.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                await context.close()
                return written
            finally:
                await browser.close()

    return asyncio.run(main())
