"""The map's side of the comparison page (``render/static/bridge.js``),
in a real Chromium: a view asked by message is clamped to the map's zoom
range, and only a parent of the map's own origin is obeyed.
"""

from __future__ import annotations

import pytest

from basemap.pipeline import build

pytestmark = pytest.mark.browser

ZOOM = "() => basemapViews[0].map.getZoom()"
MARKED = "() => document.querySelectorAll('path.basemap-marker[data-compare]').length"
PARENT = """<!doctype html><meta charset="utf-8"><title>parent</title>
<iframe id="f" src="{src}" width="800" height="600"></iframe>
<script>
function ask(msg) {{
  msg.channel = "basemap-compare";
  document.getElementById("f").contentWindow.postMessage(msg, "*");
}}
</script>"""


@pytest.fixture(scope="module")
def yearly(tmp_path_factory):
    out = tmp_path_factory.mktemp("bridge")
    return build(year=2005, output=out / "2005.html")


def framed(page):
    page.locator("#f").element_handle().content_frame().wait_for_selector(
        "[data-basemap-ready=true]", timeout=10_000
    )
    return page.locator("#f").element_handle().content_frame()


def ask(page, frame, keys: list[str]) -> None:
    page.evaluate("() => ask({type: 'hello'})")
    page.evaluate("() => ask({type: 'view', center: [40, 70], zoom: 30})")
    page.evaluate(
        "keys => ask({type: 'mark', marks: keys.map(k => [k, 'closed', 'x'])})", keys
    )
    page.wait_for_timeout(300)


def keys(frame) -> list[str]:
    return frame.evaluate(
        "() => [...document.querySelectorAll('path.basemap-marker')]"
        ".map(e => e.dataset.key)"
    )


def test_a_message_view_is_clamped_to_the_map_range(yearly, offline_page):
    parent = yearly.parent / "parent.html"
    parent.write_text(PARENT.format(src=yearly.name), encoding="utf-8")
    view = offline_page(width=1000, height=700)
    page = view.page
    page.goto(parent.as_uri())
    frame = framed(page)
    ask(page, frame, keys(frame))
    assert frame.evaluate(ZOOM) == 18  # asked 30, the map's highest is 18
    assert frame.evaluate(MARKED) > 0  # a parent on disk is obeyed
    assert view.console == [] and view.requests == []


def test_only_a_parent_of_the_maps_own_origin_is_obeyed(yearly, browser):
    """A published map framed by a page of another site: its messages are
    ignored (it could mark every site closed under the publisher's name)."""
    body = yearly.read_bytes()
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    try:

        def serve(route):
            url = route.request.url
            if url.endswith("/2005.html"):
                route.fulfill(body=body, content_type="text/html")
            elif url.endswith("/parent.html"):
                src = "http://pub.example/2005.html"
                html = PARENT.format(src=src)
                route.fulfill(body=html, content_type="text/html")
            else:
                route.abort()

        page.route("**/*", serve)
        for parent, obeyed in (
            ("http://evil.example/parent.html", False),
            ("http://pub.example/parent.html", True),
        ):
            page.goto(parent)
            frame = framed(page)
            before = frame.evaluate(ZOOM)
            ask(page, frame, keys(frame))
            assert (frame.evaluate(MARKED) > 0) is obeyed, parent
            assert (frame.evaluate(ZOOM) == 18) is obeyed or before == 18, parent
    finally:
        page.close()
