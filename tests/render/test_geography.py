"""Geography first: every dot at its place, every label near its dot.

Issue 32's measures, in headless Chromium, from each map's own coordinates
(``latLngToContainerPoint`` of every Leaflet map in ``window.basemapViews``,
the insets included), never from hand-set positions: for the yearly maps
of 2002, 2005, 2014 and 2022 at the sizes readers use, and embedded in an
article (a 390 px phone, a 680 px column) with the snippet of ``embed.html``
and in a plain 480 px iframe:

- no marker more than 16 px from its site's point (a site's own operators
  share a small ring around it);
- no label more than 100 px from its marker, no leader lines crossing;
- Bishkek and Dushanbe named;
- in an embed, the map (with the insets a stacked map puts under its list)
  at least 60% of the frame, and with the snippet nothing scrolls inside
  the frame; there too the layout rules of ``tests/test_layout.py`` hold
  (nothing overlaps, every present site seen and named).

Each test prints its figures (the report of issue 32 quotes them).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from basemap.exporter.gallery import embed_snippet
from basemap.pipeline import build

from ..test_layout import check_layout

YEARS = [2002, 2005, 2014, 2022]
SIZES = [(320, 480), (390, 844), (680, 480), (1024, 640), (1280, 800), (1920, 1080)]
MAX_SHIFT = 16  # px: about a marker's own size
MAX_REACH = 100  # px from a label to its marker

#: Per map: the largest displacement of a marker from its site's point,
#: the longest reach of a label, the leader lines that cross, the sites
#: named by label, by number and by an edge pointer, the anchors named.
GEOGRAPHY = Path(__file__).with_name("geography.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("geography")
    return {year: build(year=year, output=out / f"{year}.html") for year in YEARS}


def check(got: dict, where) -> None:
    assert got["disp"] <= MAX_SHIFT, (where, got["dispKey"], got["disp"])
    assert got["reach"] <= MAX_REACH, (where, got["reachKey"], got["reach"])
    assert got["crossings"] == 0, where
    assert {"Bishkek", "Dushanbe"} <= set(got["anchors"]), (where, got["anchors"])


def offline(context) -> None:
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else route.abort()
        ),
    )


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dot_sits_at_its_place(pages, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    offline(context)
    page = context.new_page()
    try:
        for year in YEARS:
            page.goto(pages[year].resolve().as_uri())
            page.wait_for_selector("[data-basemap-ready=true]")
            got = page.evaluate(GEOGRAPHY)
            assert got["views"] >= 1
            print(year, size, json.dumps(got))
            check(got, (year, size))
    finally:
        context.close()


ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    "<style>body{{margin:0}} article{{box-sizing:border-box;max-width:{column}px;"
    "margin:0 auto;padding:0 {pad}px}} p{{font:17px/1.5 serif}}</style></head>"
    "<body><article><p>Before the map.</p>{frame}<p>After the map.</p>"
    "</article></body></html>"
)


def open_in_article(page, built: Path, column: int, pad: int, how: str, name: str):
    """Open the map `built` in an article of `column` px, embedded with the
    snippet of ``embed.html`` (`how` "snippet") or in a plain 480 px iframe
    ("fixed480"); return the iframe's frame once its map is ready."""
    if how == "snippet":
        frame = embed_snippet(built.name, "Map", "A map.")
    else:
        frame = (
            f'<iframe src="{built.name}" title="Map" '
            'style="width:100%;height:480px;border:0"></iframe>'
        )
    path = built.parent / f"{name}-{built.stem}-{column}-{how}.html"
    path.write_text(ARTICLE.format(column=column, pad=pad, frame=frame))
    page.goto(path.resolve().as_uri())
    inside = page.frames[1]
    inside.wait_for_selector("[data-basemap-ready=true]")
    return inside


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "column", "pad"),
    [((390, 844), 390, 0), ((1280, 800), 680, 0)],
    ids=["phone", "column680"],
)
@pytest.mark.parametrize("how", ["snippet", "fixed480"])
def test_an_embedded_map_is_mostly_map(pages, browser, viewport, column, pad, how):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}
    )
    offline(context)
    page = context.new_page()
    try:
        for year in YEARS:
            inside = open_in_article(page, pages[year], column, pad, how, "article")
            if how == "snippet":  # the frame takes the page's height
                for _ in range(50):
                    box = page.locator("iframe").bounding_box()
                    want = inside.evaluate(
                        "() => document.documentElement.scrollHeight"
                    )
                    if abs(box["height"] - want) <= 1:
                        break
                    page.wait_for_timeout(100)
                assert abs(box["height"] - want) <= 1, (year, box, want)
            got = inside.evaluate(GEOGRAPHY)
            print(year, how, column, json.dumps(got))
            where = (year, how, column)
            check(got, where)
            # (the insets a stacked map puts under its list are maps too)
            share = inside.evaluate(
                "() => { const strip = document.querySelector("
                "'.basemap-inset-strip:not([hidden])'); return (document"
                ".querySelector('.folium-map').getBoundingClientRect().height"
                " + (strip ? strip.getBoundingClientRect().height : 0))"
                " / innerHeight; }"
            )
            assert share >= 0.6, (where, share)
            # an embed drops the full page's tools
            for tool in (".leaflet-control-zoom", ".leaflet-control-layers"):
                assert not inside.locator(tool).is_visible(), (where, tool)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "column", "how"),
    [
        pytest.param(v, c, h, id=f"{h}-{name}")
        for v, c, name in [((390, 844), 390, "phone"), ((1280, 800), 680, "column680")]
        for h in ("snippet", "fixed480")
    ],
)
def test_an_embedded_map_lays_out_cleanly(pages, browser, viewport, column, how):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}
    )
    offline(context)
    page = context.new_page()
    try:
        for year in YEARS:
            inside = open_in_article(page, pages[year], column, 0, how, "laid")
            page.wait_for_timeout(300)  # (a snippet's frame takes its height)
            got = check_layout(inside, (column, viewport[1]))
            assert got["named"] == got["present"], (year, how, column, got["labels"])
    finally:
        context.close()
