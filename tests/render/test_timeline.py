"""The timeline page and PNG snapshots in headless Chromium, offline."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from PIL import Image


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    # in a process of its own: Playwright's sync API does not nest, and the
    # tests' browser is already running
    folder = tmp_path_factory.mktemp("timeline")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "basemap",
            "-q",
            "export",
            "--from",
            "2003",
            "--to",
            "2007",
            "-o",
            str(folder),
            "--format",
            "html,png",
            "--width",
            "1000",
            "--height",
            "700",
        ],
        check=True,
    )
    return folder


def year(page) -> str:
    return page.get_attribute(".folium-map", "data-basemap-year")


def labels(page) -> list[str]:
    return sorted(page.locator(".basemap-label").all_inner_texts())


def wait_year(page, value: str) -> None:
    # removed labels fade out for 200 ms: wait until only this year's remain
    page.wait_for_function(
        "y => document.querySelector('.folium-map').dataset.basemapYear === y && "
        "[...document.querySelectorAll('.basemap-label')]"
        ".every(l => l.style.opacity !== '0')",
        arg=value,
    )


def test_fragment_opens_a_year_and_follows_the_reader(exported, offline_page):
    view = offline_page()
    page = view.open(exported / "timeline.html", "#2005")
    assert year(page) == "2005"
    assert page.locator(".basemap-title .basemap-when").inner_text() == "2005"
    # (the label is short; the status words are in the marker's name)
    assert "Karshi-Khanabad (USA)" in labels(page)
    k2 = page.locator(
        'path.basemap-marker[data-key="karshi-khanabad/USA"]:not(.basemap-boxed)'
    )
    assert k2.get_attribute("aria-label").startswith("Karshi-Khanabad (USA): closed, ")
    # the page's title names the year shown, as the year's own map's does
    own = (exported / "2005.html").read_text(encoding="utf-8")
    assert f"<title>{page.title()}</title>" in own
    page.keyboard.press("ArrowRight")
    wait_year(page, "2006")
    assert page.url.endswith("#year=2006")  # the address (filters.js) keeps it
    own = (exported / "2006.html").read_text(encoding="utf-8")
    assert page.title().endswith(", 2006") and f"<title>{page.title()}</title>" in own
    assert not any(label.startswith("Karshi") for label in labels(page))
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    wait_year(page, "2004")
    assert page.url.endswith("#year=2004")
    page.evaluate("window.location.hash = '#2007'")
    wait_year(page, "2007")
    assert view.requests == [] and view.console == []


def test_player_plays_through_the_years(exported, offline_page):
    view = offline_page()
    page = view.open(exported / "timeline.html", "#2003")
    page.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "document.querySelector('.folium-map').dataset.basemapYear === '2007'",
        timeout=10_000,
    )
    # it stops at the last year
    page.get_by_role("button", name="Play").wait_for(timeout=5_000)
    slider = page.locator(".basemap-player input[type=range]")
    slider.fill("1")  # index 1 = 2004
    assert year(page) == "2004"
    # the text alternative follows the year
    items = page.locator("#basemap-text-present li").all_text_contents()
    assert any(i.startswith("Karshi-Khanabad Air Base (K2)") for i in items)
    assert view.requests == [] and view.console == []


def test_png_shows_the_same_sites_as_the_map(exported, offline_page):
    """Every marker of the 2005 map, at its place in the PNG (the figure
    layout of the same page), has its colour (a boxed group's, in its
    detail inset)."""
    page = offline_page(width=1000, height=700).open(exported / "2005.html")
    page.evaluate(
        "() => new Promise(ok => { basemapFigure.enter(null); "
        "requestAnimationFrame(() => requestAnimationFrame(ok)); })"
    )
    data = json.loads(page.locator("#basemap-data").text_content())
    shown = [
        f["properties"]
        for f in data["features"]
        if f["properties"].get("presence", "present") != "former"
    ]
    with Image.open(exported / "2005.png") as im:
        assert im.size == (1000, 700)
        rgb = im.convert("RGB")
        for props in shown:
            key = f"{props['site']}/{props['operator']}"
            status = props["periods"][-1].get("status", "base")
            style = f"{props['operator']}|{props.get('presence', 'present')}|{status}"
            color = data["basemap"]["styles"][style]["fillColor"]
            want = tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
            # (a boxed group's markers, drawn small at one point, hide each
            # other: their inset's copies are the ones to see)
            drawn = page.locator(
                f'path.basemap-marker[data-key="{key}"]:not(.basemap-boxed)'
            ).all()
            assert drawn, key
            for marker in drawn:
                box = marker.bounding_box()
                cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
                # within the marker (a proposed one is a hollow, dashed ring)
                near = [
                    rgb.getpixel((int(cx) + dx, int(cy) + dy))
                    for dx in range(-8, 9)
                    for dy in range(-8, 9)
                ]
                assert any(
                    sum(abs(a - b) for a, b in zip(p[:3], want, strict=True)) < 40
                    for p in near
                ), (key, marker.get_attribute("class"))


def test_timeline_context_follows_the_year(exported, offline_page):
    view = offline_page()
    page = view.open(exported / "timeline.html", "#2005")
    wait_year(page, "2005")
    summary = page.locator(".basemap-context summary").first
    ctx = json.loads(page.locator("#basemap-context").text_content())
    assert (
        summary.inner_text()
        == f"Events in 2005 ({len(ctx['years']['2005']['events'])})"
    )
    page.locator('input[data-alliance="csto"]').check()
    shading = page.locator(".leaflet-basemapAlliances-pane path")

    def members(y: int) -> int:  # one shape per member state
        (csto,) = [a for a in ctx["years"][str(y)]["alliances"] if a["id"] == "csto"]
        return len(csto["members"])

    assert shading.count() == members(2005)
    page.keyboard.press("ArrowRight")
    wait_year(page, "2006")
    assert summary.inner_text().startswith("Events in 2006")
    assert any(
        "Uzbekistan rejoins the CSTO" in t
        for t in page.locator(".basemap-events li").all_inner_texts()
    )
    # the shading stays on and now includes Uzbekistan
    assert page.locator('input[data-alliance="csto"]').is_checked()
    assert shading.count() == members(2006) == members(2005) + 1
    text = page.locator("#basemap-text-context li").all_inner_texts()
    assert "Event: 2006-08-16, Uzbekistan rejoins the CSTO" in text
    assert view.console == [] and view.requests == []


@pytest.fixture(scope="module")
def lease(tmp_path_factory):
    # Baikonur before and after its lease began (1994-12-10)
    folder = tmp_path_factory.mktemp("lease")
    subprocess.run(
        [
            *(sys.executable, "-m", "basemap", "-q", "export"),
            *("--from", "1993", "--to", "1995", "-o", str(folder), "--format", "html"),
        ],
        check=True,
    )
    return folder


def test_a_lease_is_outlined_and_located_from_its_year_as_on_its_map(
    lease, offline_page
):
    # the timeline's features are kept as the year they first show: a
    # site that becomes a leased area later must still be drawn and told
    # as that later year's own map draws and tells it
    outline = 'path.basemap-area[data-key="baikonur/RUS"]'

    def location(page) -> str:
        popup = page.locator(".leaflet-popup-content")
        popup.wait_for(timeout=3_000)
        (line,) = [t for t in popup.inner_text().splitlines() if "Location" in t]
        return line

    yearly = {}
    for y in (1993, 1995):
        page = offline_page().open(lease / f"{y}.html", "#site=baikonur/RUS")
        yearly[y] = (page.locator(outline).count(), location(page))
    assert yearly[1993][0] == 0 and yearly[1995][0] == 1
    assert yearly[1993][1] != yearly[1995][1]
    view = offline_page()
    page = view.open(lease / "timeline.html", "#year=1993&site=baikonur/RUS")
    assert (page.locator(outline).count(), location(page)) == yearly[1993]
    view = offline_page()
    page = view.open(lease / "timeline.html", "#year=1995&site=baikonur/RUS")
    assert (page.locator(outline).count(), location(page)) == yearly[1995]
    assert view.requests == [] and view.console == []


def _key(page, absent: bool = False) -> list[str]:
    return page.eval_on_selector_all(
        "#basemap-legend li",
        "(items, absent) => items.filter(li => "
        "li.classList.contains('basemap-key-absent') === absent)"
        ".map(li => li.textContent.trim())",
        absent,
    )


def test_the_key_follows_the_year_and_a_print_lists_its_entries_only(
    exported, offline_page
):
    # the timeline's key holds every year's operators and symbols: the
    # year shown lists those its own map lists, the others are dimmed on
    # screen and left out of a print (or a figure) of that year
    own = {}
    for y in (2003, 2005):
        page = offline_page().open(exported / f"{y}.html")
        items = page.locator("#basemap-legend li").all_inner_texts()
        own[y] = [t.strip() for t in items]
    assert own[2003] != own[2005]
    view = offline_page()
    page = view.open(exported / "timeline.html", "#2005")
    wait_year(page, "2005")
    assert _key(page) == own[2005]
    assert _key(page, absent=True)  # another year's, dimmed
    opacity = page.eval_on_selector(
        "#basemap-legend li.basemap-key-absent", "li => getComputedStyle(li).opacity"
    )
    assert float(opacity) < 0.5
    page.emulate_media(media="print")
    printed = [
        li.inner_text().strip()
        for li in page.locator("#basemap-legend li").all()
        if li.is_visible()
    ]
    assert printed == own[2005]
    page.emulate_media(media="screen")
    page.evaluate("window.location.hash = '#2003'")
    wait_year(page, "2003")
    assert _key(page) == own[2003]
    assert view.requests == [] and view.console == []
