"""The layout of the maps at the sizes readers use, in headless Chromium.

For yearly maps and the timeline at a phone, an article column, laptops and
desktops: nothing the page draws over the map overlaps anything else or
leaves the window; labels overlap neither each other, nor a control, nor
another site's marker; no marker lies on a host's capital's name;
every present marker in view can be seen (nothing covers its centre), and
every present site off the map is said by a pointer at its edge or in the
list under it; a popup opened on any marker lies inside the map and under
no control; the marker's keyboard path works; the scale's distances fit
their bars.
"""

from __future__ import annotations

import pytest

from basemap.pipeline import build

SIZES = [
    (320, 480),
    (360, 740),
    (390, 844),
    (680, 480),
    (1024, 640),
    (1280, 800),
    (1920, 1080),
]
YEARS = [2002, 2005, 2014, 2022]
#: Every present site must be named by a visible label (its own, a
#: cluster's list, or a letter keyed beside the map) at every size.
NAMED_AT = set(SIZES)

MEASURE = """() => {
  const map = document.querySelector('.folium-map');
  const m = map.getBoundingClientRect(), map0 = m;
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
  const visible = e => { const r = e.getBoundingClientRect();
    const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  // (what an inset draws is inside it: its overlay, not an obstacle to it)
  const insetOf = e => { const i = e.closest('.basemap-inset');
    return i ? [...document.querySelectorAll('.basemap-inset')].indexOf(i) : -1; };
  // (an inset is one overlay: its own scale and controls are parts of it)
  const overlays = [...document.querySelectorAll('.leaflet-control, .basemap-overlay')]
    .filter(visible).filter(e => !(e.parentElement && e.parentElement.closest('.basemap-inset')))
    .map(e => ({cls: e.className, inset: e.classList.contains('basemap-inset') ? insetOf(e) : -2,
                ...box(e.getBoundingClientRect())}));
  const labels = [...document.querySelectorAll('.basemap-label')].filter(visible)
    .map(e => ({text: e.innerText, keys: e.getAttribute('data-keys').split(' '), inset: insetOf(e),
                ...box(e.getBoundingClientRect())}));
  const markers = [...document.querySelectorAll('path.basemap-marker')].map(e => {
    const r = e.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    // (in view: of its own map, the main map or its inset, on the map or
    // under it, and above the fold: scrolled to, an inset is seen as well)
    const i = e.closest('.basemap-inset'), m = i ? i.getBoundingClientRect() : map0;
    const top = document.elementFromPoint(cx, cy);
    // (a marker boxed on its map is drawn small under its group's box:
    // its inset's copy is the one to see)
    return {key: e.getAttribute('data-key'), former: e.classList.contains('basemap-former'),
            boxed: e.classList.contains('basemap-boxed'), inset: insetOf(e),
            inView: r.width > 0 && cx >= m.left && cx <= m.right && cy >= m.top && cy <= m.bottom &&
              cy <= innerHeight,
            seen: top === e, on: top ? (top.className.baseVal || top.className || top.tagName) : null,
            ...box(r)};
  });
  const scales = [...document.querySelectorAll('.leaflet-control-scale-line')].map(e => {
    const s = getComputedStyle(e), text = document.createRange();
    text.selectNodeContents(e);
    return {text: e.innerText, w: text.getBoundingClientRect().width,
            room: e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)};
  });
  const page = [...document.querySelectorAll('.basemap-masthead, .basemap-side')]
    .filter(visible).map(e => box(e.getBoundingClientRect()));
  const insets = [...document.querySelectorAll('.basemap-inset')].map(e => box(e.getBoundingClientRect()));
  // (the names that stay: the host countries and their capitals)
  const anchors = [...document.querySelectorAll('.basemap-place-anchor .basemap-place-text')]
    .filter(visible).map(e => ({text: e.textContent, inset: insetOf(e),
                                capital: !!e.closest('.basemap-place-capital'), ...box(e.getBoundingClientRect())}));
  // (the numbered list under the map: its sites, numbered or off the map)
  const listed = [...document.querySelectorAll('#basemap-numbers li[data-keys]')].filter(visible)
    .flatMap(e => e.getAttribute('data-keys').split(' '));
  return {map: box(m), win: {w: innerWidth, h: innerHeight}, overlays, labels, markers, page, insets,
          scales, listed, anchors};
}"""


def overlap(a: dict, b: dict, tol: float = 0.5) -> bool:
    return not (
        a["x"] + a["w"] <= b["x"] + tol
        or b["x"] + b["w"] <= a["x"] + tol
        or a["y"] + a["h"] <= b["y"] + tol
        or b["y"] + b["h"] <= a["y"] + tol
    )


def inside(a: dict, b: dict, tol: float = 0.5) -> bool:
    return (
        a["x"] >= b["x"] - tol
        and a["y"] >= b["y"] - tol
        and a["x"] + a["w"] <= b["x"] + b["w"] + tol
        and a["y"] + a["h"] <= b["y"] + b["h"] + tol
    )


def core(marker: dict, r: float = 3) -> dict:
    """The middle of a marker: what must stay visible."""
    cx, cy = marker["x"] + marker["w"] / 2, marker["y"] + marker["h"] / 2
    return {"x": cx - r, "y": cy - r, "w": 2 * r, "h": 2 * r}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    return {year: build(year=year, output=out / f"{year}.html") for year in YEARS}


def check_layout(page, size) -> dict:
    got = page.evaluate(MEASURE)
    window = {"x": 0, "y": 0, "w": got["win"]["w"], "h": got["win"]["h"]}
    where = f"at {size[0]}x{size[1]}"
    # the page's own boxes are beside the map, never over it
    for box in got["page"]:
        assert not overlap(box, got["map"]), (where, box, got["map"])
    overlays = got["overlays"]
    for i, a in enumerate(overlays):
        assert inside(a, window), (where, a)
        for b in overlays[i + 1 :]:
            assert not overlap(a, b), (where, a, b)
    # each distance of the scale is written inside its own bar
    for scale in got["scales"]:
        assert scale["w"] <= scale["room"], (where, scale)
    labels = got["labels"]
    for i, a in enumerate(labels):
        # inside its map: the main map, or its inset (over the map, or under
        # it on a stacked page whose map cannot hold them)
        assert inside(
            a, got["insets"][a["inset"]] if a["inset"] >= 0 else got["map"]
        ), (
            where,
            a,
        )
        for b in labels[i + 1 :]:
            assert not overlap(a, b), (where, a, b)
        for o in overlays:
            if o["inset"] != a["inset"]:
                assert not overlap(a, o), (where, a, o)
        for m in got["markers"]:
            if m["key"] not in a["keys"] and not m["boxed"]:
                assert not overlap(a, core(m)), (where, a, m)
    # a host's capital keeps every letter: no site's marker on it (sites
    # give way around the anchors); a country's wide, spaced name may find
    # no spot clear of every marker in its country (got["covered"])
    got["covered"] = []
    for a in got["anchors"]:
        for m in got["markers"]:
            if m["inset"] == a["inset"] and m["w"] and not m["boxed"]:
                if a["capital"]:
                    assert not overlap(a, m, tol=2), (where, a, m)
                elif overlap(a, m, tol=2):
                    got["covered"].append((a["text"], m["key"]))
    present = [
        m for m in got["markers"] if m["inView"] and not m["former"] and not m["boxed"]
    ]
    for m in present:
        assert m["seen"], (where, m)
    named = {k for label in labels for k in label["keys"]}
    got["named"] = sum(m["key"] in named for m in present)
    got["present"] = len(present)
    # a present site off the map (a stacked map frames the data's core) is
    # said by a pointer at the map's edge or in the list under the map
    away = {
        m["key"]
        for m in got["markers"]
        if not m["inView"] and not m["former"] and not m["boxed"] and m["inset"] < 0
    }
    assert not away - named - set(got["listed"]), (where, sorted(away - named))
    return got


def check_popups(page, got, size) -> None:
    where = f"at {size[0]}x{size[1]}"
    for m in got["markers"]:
        if not m["inView"] or m["former"] or m["boxed"]:
            continue
        page.locator(
            f'path.basemap-marker[data-key="{m["key"]}"]:not(.basemap-boxed)'
        ).first.dispatch_event("click")
        popup = page.locator(".leaflet-popup")
        popup.wait_for()
        page.wait_for_timeout(400)  # the pan into view is animated (0.25 s)
        box = popup.bounding_box()
        pop = {"x": box["x"], "y": box["y"], "w": box["width"], "h": box["height"]}
        assert inside(pop, got["map"], tol=1), (where, m["key"], pop, got["map"])
        for o in page.evaluate(MEASURE)["overlays"]:
            assert not overlap(pop, o), (where, m["key"], pop, o)
        page.keyboard.press("Escape")
        assert page.locator(".leaflet-popup").count() == 0
        # the map may have panned: restore the default view for the next one
        # (the address now keeps the open site: load the page without it)
        page.evaluate(
            "() => { const c = document.querySelector('.folium-map'); "
            "c.removeAttribute('data-basemap-ready'); }"
        )
        page.goto(page.url.split("#")[0])
        page.wait_for_selector("[data-basemap-ready=true]")


#: Known failures, kept in the suite so that a fix shows (none left: the
#: last ones, 2002 at 1024x640 and 1920x1080 and 2022 at 320x480, were
#: mended in issue 32's last round). Not strict where set: the layout waits
#: for fonts and the page's other parts.
KNOWN: dict[tuple[int, int], str] = {}
#: The same for the timeline's sizes (none left).
KNOWN_TIMELINE: dict[tuple[int, int], str] = {}
#: Host countries whose name a site's marker lies on, known (issue 32): at
#: 1024x640 Kyrgyzstan has no spot clear of its five sites in 2005. Every
#: other view names each host country clear of the markers.
COVERED: dict[tuple[int, int], list] = {(1024, 640): [(2005, "Kyrgyzstan", "osh/RUS")]}


@pytest.mark.browser
@pytest.mark.parametrize(
    "size",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN[s], strict=False))
        if s in KNOWN
        else s
        for s in SIZES
    ],
    ids=lambda s: f"{s[0]}x{s[1]}",
)
def test_yearly_maps_lay_out_cleanly(pages, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else route.abort()
        ),
    )
    page = context.new_page()
    report = []
    try:
        for year in YEARS:
            page.goto(pages[year].resolve().as_uri())
            page.wait_for_selector("[data-basemap-ready=true]")
            got = check_layout(page, size)
            report.append(f"{year}: {got['named']}/{got['present']}")
            covered = [(year, *c) for c in got["covered"]]
            assert covered == [c for c in COVERED.get(size, []) if c[0] == year], size
            if size in NAMED_AT:
                assert got["named"] == got["present"], (year, size, got["labels"])
        print(f"named at {size[0]}x{size[1]}:", ", ".join(report))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("size", [(390, 844), (1280, 800)], ids=str)
def test_popups_fit_the_map(pages, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        page.goto(pages[2005].resolve().as_uri())
        page.wait_for_selector("[data-basemap-ready=true]")
        check_popups(page, page.evaluate(MEASURE), size)
    finally:
        context.close()


@pytest.mark.browser
def test_markers_are_reached_and_opened_with_the_keyboard(pages, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(pages[2005].resolve().as_uri())
        page.wait_for_selector("[data-basemap-ready=true]")
        # (Kant may be in an inset: its copy there is the one in the tab order)
        kant = page.locator(
            'path.basemap-marker[data-key="kant/RUS"]:not(.basemap-boxed)'
        )
        assert kant.get_attribute("tabindex") == "0"
        assert kant.get_attribute("role") == "button"
        assert kant.get_attribute("aria-label").startswith("Kant (RUS), Russia, ")
        # Tab reaches the markers
        keys = set()
        for _ in range(80):
            page.keyboard.press("Tab")
            key = page.evaluate("() => document.activeElement.getAttribute('data-key')")
            if key:
                keys.add(key)
        assert "kant/RUS" in keys and "manas/USA" in keys
        kant.focus()
        page.keyboard.press("Enter")
        assert page.locator(".basemap-popup h3").inner_text() == "Kant Air Base"
        page.keyboard.press("Escape")
        assert page.locator(".basemap-popup").count() == 0
        # the focus goes back to the marker (a frame later where the insets
        # were laid out anew while the popup was open)
        page.wait_for_function(
            "() => document.activeElement && "
            "document.activeElement.getAttribute('data-key') === 'kant/RUS'",
            timeout=5000,
        )
    finally:
        page.close()


@pytest.fixture(scope="module")
def timeline(tmp_path_factory):
    from basemap.exporter.run import export

    out = tmp_path_factory.mktemp("timeline")
    export(out, first=2001, last=2006)
    return out / "timeline.html"


@pytest.mark.browser
@pytest.mark.parametrize(
    "size",
    [
        pytest.param(s, marks=pytest.mark.xfail(reason=KNOWN_TIMELINE[s], strict=False))
        if s in KNOWN_TIMELINE
        else s
        for s in [(390, 844), (680, 480), (1280, 800)]
    ],
    ids=str,
)
def test_timeline_lays_out_cleanly(timeline, browser, size):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    try:
        for year in (2002, 2005):
            page.goto(timeline.resolve().as_uri() + f"#{year}")
            page.wait_for_selector("[data-basemap-ready=true]")
            page.wait_for_function(
                f"() => document.querySelector('.folium-map')"
                f".getAttribute('data-basemap-year') === '{year}'"
            )
            page.wait_for_timeout(100)  # the year's layout is one frame late
            got = check_layout(page, size)
            assert got["named"] == got["present"], (year, size)
    finally:
        page.close()


FRAME_AND_MAP = """() => {
  const box = e => { const r = document.querySelector(e).getBoundingClientRect();
                     return {top: r.top, bottom: r.bottom}; };
  const side = document.querySelector('.basemap-side');
  return {map: box('.folium-map'), side: box('.basemap-side'), page: window.innerHeight,
          sideScrolls: side.scrollHeight - side.clientHeight};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("size", [(360, 740), (390, 844), (412, 915)], ids=str)
def test_a_phone_map_is_composed_for_the_screen(pages, timeline, offline_page, size):
    """On a phone the map is composed for its frame (compose.js): it fits
    the screen under the masthead, the side panel follows below it, and
    the page scrolls, never a box inside it."""
    view = offline_page(width=size[0], height=size[1])
    for url in [pages[y].resolve().as_uri() for y in YEARS] + [
        timeline.resolve().as_uri() + "#2014"
    ]:
        view.page.goto(url)
        view.page.wait_for_selector("[data-basemap-ready=true]")
        got = view.page.evaluate(FRAME_AND_MAP)
        where = (url.rsplit("/", 1)[-1], size)
        assert got["map"]["top"] >= 0, (where, got)
        assert got["map"]["bottom"] <= got["page"] + 1, (where, got)
        assert got["side"]["top"] >= got["map"]["bottom"] - 1, (where, got)
        assert got["sideScrolls"] <= 1, (where, got)


#: Sizes and years where the key of lettered sites under the map once
#: flipped the map for ever (a letter more at one fitted zoom than at the
#: other): 2001 at 750x700 here, and in an export (whose masthead is taller)
#: 2022 at 480x600 too.
SETTLE_SIZES = [(390, 844), (480, 600), (680, 480), (750, 700)]
SETTLE_YEARS = [2001, 2022]
COUNT_MOVES = """() => { const m = window.basemapViews[0].map; window.__moves = 0;
  m.on('resize zoomend', () => { window.__moves++; }); }"""


@pytest.fixture(scope="module")
def settle_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("settle")
    return {y: build(year=y, output=out / f"{y}.html") for y in SETTLE_YEARS}


@pytest.mark.browser
@pytest.mark.parametrize("size", SETTLE_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_ready_map_holds_still(settle_pages, offline_page, size):
    """Once ready, a map left alone neither resizes nor zooms: a key that
    would be a line shorter at the fitted zoom keeps its room instead."""
    view = offline_page(width=size[0], height=size[1])
    for year in SETTLE_YEARS:
        view.page.goto(settle_pages[year].resolve().as_uri())
        view.page.wait_for_selector("[data-basemap-ready=true]")
        view.page.wait_for_timeout(400)
        view.page.evaluate(COUNT_MOVES)
        view.page.wait_for_timeout(800)
        assert view.page.evaluate("() => window.__moves") == 0, (year, size)


SIDE = """() => { const s = document.querySelector('.basemap-side');
  const r = s.getBoundingClientRect();
  return {x: r.left, y: r.top, w: r.width, h: r.height,
          more: s.scrollHeight - s.clientHeight}; }"""
#: The panel's text hidden (its layout kept), to see only what is behind it.
NO_TEXT = ".basemap-side * { visibility: hidden !important; }"


def edge_shade(page, side: dict, edge: str) -> int:
    """How far from white (0-255) the darkest pixel of a strip along the
    middle third of the panel's top or bottom edge is."""
    from io import BytesIO

    from PIL import Image

    y = side["y"] + 3 if edge == "top" else side["y"] + side["h"] - 4
    clip = {"x": side["x"] + side["w"] / 3, "y": y, "width": side["w"] / 3, "height": 2}
    strip = Image.open(BytesIO(page.screenshot(clip=clip))).convert("L")
    return 255 - strip.getextrema()[0]


@pytest.mark.browser
def test_a_scrolling_side_panel_shows_that_it_scrolls(pages, timeline, offline_page):
    """A side panel with more text beyond an edge shades that edge (the
    column of a short wide frame scrolls: a line cut at its bottom edge
    must not look like the end); a panel that does not scroll, or has
    scrolled to its end, has a clean edge. (On a phone or in an article's
    column the panel is a band under the map: the page scrolls, not it.)"""
    view = offline_page(width=1024, height=480)
    page = view.open(timeline, "#2005")
    page.add_style_tag(content=NO_TEXT)
    side = page.evaluate(SIDE)
    assert side["more"] > 40, side  # this panel scrolls
    assert edge_shade(page, side, "bottom") > 25
    assert edge_shade(page, side, "top") < 3
    page.evaluate(
        "() => { const s = document.querySelector('.basemap-side');"
        " s.scrollTop = s.scrollHeight; }"
    )
    assert edge_shade(page, side, "bottom") < 3
    assert edge_shade(page, side, "top") > 25
    view = offline_page(width=1280, height=1000)
    page = view.open(pages[2014])
    page.add_style_tag(content=NO_TEXT)
    side = page.evaluate(SIDE)
    assert side["more"] == 0, side  # all of it shown
    assert edge_shade(page, side, "bottom") < 3
