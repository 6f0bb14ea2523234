"""Shared fixtures: paths, the bundled layers, and a headless Chromium.

Browser tests need Chromium (Debian's ``chromium`` package) and the
``playwright`` package. Where they are missing the browser tests are
skipped, except under CI (``CI`` set), where that is a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
REPO = HERE.parent


def build_fails(*args: str, out: Path) -> list[str]:
    """Run ``basemap build --year 2005 ARGS -o OUT``; assert that it fails
    as bad data must (exit 1, no traceback, nothing written) and return the
    lines it printed, without their ``basemap: error:`` prefix."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "basemap",
            "build",
            "--year",
            "2005",
            *args,
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert not out.exists()
    prefix = "basemap: error: "
    lines = proc.stderr.splitlines()
    assert all(line.startswith(prefix) for line in lines)
    return [line[len(prefix) :] for line in lines]


@pytest.fixture(scope="session")
def layers():
    from basemap.io.layers import read_layers

    return read_layers()


@pytest.fixture(scope="session")
def year_frames(layers):
    """The bundled layers' styled selection of every year 1991-2026: sites
    open, change, close and stay former, so a site's state differs between
    years and repeats."""
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    return {year: style(select(layers, year=year)) for year in range(1991, 2027)}


@pytest.fixture(scope="session")
def browser():
    from basemap.errors import BrowserNotFoundError
    from basemap.figures.browser import launch

    try:
        context = launch()
        instance = context.__enter__()
    except BrowserNotFoundError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests must run in CI: {exc}")
        pytest.skip(str(exc))
    yield instance
    context.__exit__(None, None, None)


class OfflinePage:
    """A page that blocks and counts every request that is not file: or data:."""

    def __init__(self, browser, width=1200, height=800):
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.requests: list[str] = []
        self.console: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))

        def on_dialog(dialog):
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", on_dialog)
        self.page.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def open(self, path: Path, fragment: str = ""):
        self.page.goto(path.resolve().as_uri() + fragment)
        self.page.wait_for_selector("[data-basemap-ready=true]", timeout=10_000)
        return self.page

    def close(self):
        self.page.close()


@pytest.fixture
def offline_page(browser):
    pages = []

    def make(**kw):
        p = OfflinePage(browser, **kw)
        pages.append(p)
        return p

    yield make
    for p in pages:
        p.close()


@pytest.fixture
def hashed(monkeypatch):
    """The names of the files an export reads and hashes to know them
    unchanged, in order (the stat cache vouches for the others)."""
    from basemap.exporter import statcache

    names = []
    real = statcache.file_sha256

    def counting(path):
        names.append(os.path.basename(path))
        return real(path)

    monkeypatch.setattr(statcache, "file_sha256", counting)
    return names
