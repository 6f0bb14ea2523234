"""Find and start a headless Chromium (for figures and tests).

:mod:`basemap.figures.draw` draws every image with it.

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

from ..errors import BrowserError, BrowserNotFoundError

__all__ = [
    "CHROMIUM_ARGS",
    "PAGES_AT_ONCE",
    "PAGE_LIMIT",
    "PLAYWRIGHT_HINT",
    "browser_failed",
    "find_chromium",
    "launch",
    "not_started",
]

#: The largest page (bytes) a browser opens. A page's data is the text of
#: one script, read as one string, and V8 (Chromium, Edge, Node) makes no
#: string longer than 2**29 - 24 characters (checked in this Chromium: one
#: character more raises RangeError). The data is nearly all of a large
#: page, and a character is at least a byte of UTF-8, so a page over this
#: many bytes may not open (one far over it, never). The timeline of
#: 100,000 synthetic sites (about 1.4 GB) is past it.
PAGE_LIMIT = 2**29 - 24

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
    "the playwright package is not installed: "
    'pip install "centralasia-basemap[figures]"'
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


def _first_line(exc: BaseException) -> str:
    """The first line of a Playwright error, without its ``Class.method:``
    prefix (the browser's own log follows it, many lines long)."""
    text = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return text.split(": ", 1)[-1] if text.startswith("BrowserType.") else text


def not_started(executable, exc: BaseException) -> BrowserNotFoundError:
    """The error of a Chromium that was found but did not start (a broken
    install, missing libraries, too little memory): one line.

    >>> print(not_started("/x/chrome", RuntimeError("BrowserType.launch: closed")))
    ... # doctest: +NORMALIZE_WHITESPACE
    Chromium (/x/chrome) did not start (closed); check that it runs
    (/x/chrome --version), or set BASEMAP_CHROMIUM to a browser that does
    """
    return BrowserNotFoundError(
        f"Chromium ({executable}) did not start ({_first_line(exc)}); check that "
        f"it runs ({executable} --version), or set BASEMAP_CHROMIUM to a browser "
        "that does"
    )


def browser_failed(exc: BaseException) -> BrowserError:
    """The error of a Chromium that stopped while drawing: one line.

    >>> print(browser_failed(RuntimeError("Target closed")))
    ... # doctest: +NORMALIZE_WHITESPACE
    the browser drawing the figures failed (Target closed); the files
    written so far are complete: run again to finish
    """
    return BrowserError(
        f"the browser drawing the figures failed ({_first_line(exc)}); the files "
        "written so far are complete: run again to finish"
    )


@contextmanager
def launch():
    """Start a headless Chromium with Playwright; yield the browser.

    Raises
    ------
    BrowserNotFoundError
        When no Chromium or no ``playwright`` package is installed, or the
        browser does not start.
    """
    executable = find_chromium()
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise BrowserNotFoundError(PLAYWRIGHT_HINT) from None
    with sync_playwright() as pw:
        try:
            browser = pw.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
        except Error as exc:
            raise not_started(executable, exc) from None
        try:
            yield browser
        finally:
            browser.close()
