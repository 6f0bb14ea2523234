"""Filters, search and the shareable address (static/filters.js, find.js), in headless
Chromium, offline: on a yearly map and on the timeline."""

from __future__ import annotations

import json
import shutil
from urllib.parse import unquote

import pytest

from basemap.pipeline import build

from ..conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def yearly(tmp_path_factory):
    out = tmp_path_factory.mktemp("filters")
    return build(year=2005, output=out / "2005.html")


@pytest.fixture(scope="module")
def cyrillic(tmp_path_factory):
    """The bundled layers with a Russian spelling among Kant's aliases."""
    folder = tmp_path_factory.mktemp("cyrillic")
    layers = folder / "layers"
    shutil.copytree(_layers_dir(), layers)
    path = layers / "russia.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    for f in doc["features"]:
        if f["properties"]["site"] == "kant":
            aliases = f["properties"].setdefault("aliases", [])
            if "Авиабаза Кант" not in aliases:
                aliases.append("Авиабаза Кант")
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return build(year=2005, data=layers, output=folder / "2005.html")


def _layers_dir():

    return REPO / "geodata" / "layers"


@pytest.fixture(scope="module")
def timelines(tmp_path_factory, layers):
    from basemap.output.atomic import render_html
    from basemap.pipeline import data_as_of, frame_bounds
    from basemap.render.page import render_timeline
    from basemap.selection.sites import select
    from basemap.styling.symbols import style

    out = tmp_path_factory.mktemp("filters-timeline")
    frames = {y: style(select(layers, year=y)) for y in (2004, 2005, 2006)}
    common = {"as_of": data_as_of(layers), "bounds": frame_bounds(layers)}
    plain, compare = out / "timeline.html", out / "with-compare.html"
    plain.write_text(render_html(render_timeline(frames, **common)), encoding="utf-8")
    compare.write_text(
        render_html(render_timeline(frames, compare_href="compare.html", **common)),
        encoding="utf-8",
    )
    # where the link leads (the comparison page is tested in test_compare)
    (out / "compare.html").write_text("<!DOCTYPE html><title>c</title>\n")
    return {"plain": plain, "compare": compare}


def features(page) -> list[dict]:
    """The yearly map's embedded features, read as a tool would."""
    data = json.loads(page.locator("#basemap-data").text_content())
    out = []
    for f in data["features"]:
        p = f["properties"]
        last = p["periods"][-1]
        out.append(
            {
                "key": f"{p['site']}/{p['operator']}",
                "site": p["site"],
                "operator": p["operator"],
                "host": p["host"],
                "presence": p.get("presence", "present"),
                "status": last.get("status", "base"),
                "kind": last.get("kind"),
            }
        )
    return out


def markers(page, former: bool = False) -> set[str]:
    cls = "basemap-former" if former else "basemap-present"
    return set(
        page.eval_on_selector_all(
            f"path.basemap-marker.{cls}", "es => es.map(e => e.dataset.key)"
        )
    )


def labels(page) -> list[tuple]:
    """Each visible label: text, keys and box (to compare layouts)."""
    return page.eval_on_selector_all(
        ".basemap-label",
        "es => es.map(e => { const r = e.getBoundingClientRect(); "
        "return [e.innerText, e.dataset.keys, Math.round(r.left), "
        "Math.round(r.top)]; })",
    )


def labelled(page) -> set[str]:
    return {k for label in labels(page) for k in label[1].split()}


def fragment(page) -> dict[str, str]:
    text = page.url.split("#", 1)[1] if "#" in page.url else ""
    return dict(part.split("=", 1) for part in text.split("&") if "=" in part)


def check(page, facet: str, value: str) -> None:
    panel = page.locator("#basemap-filters")
    if not panel.evaluate("e => e.open"):
        panel.locator("summary").first.click()
    group = page.locator(".basemap-facet").filter(
        has=page.locator(f'input[id^="basemap-f-{facet}-"]')
    )
    if not group.evaluate("e => e.open"):
        group.locator("summary").click()
    group.locator(f'input[value="{value}"]').check()


def test_filters_change_what_is_shown_and_clearing_restores_it(yearly, offline_page):
    view = offline_page(width=1280, height=800)
    page = view.open(yearly)
    data = features(page)
    before_markers, before_labels = markers(page), labels(page)
    assert len(before_markers) > 10
    text_items = page.locator("#basemap-text-present li")
    assert text_items.count() == len(before_markers)

    check(page, "operator", "USA")
    usa = {
        f["key"] for f in data if f["operator"] == "USA" and f["presence"] != "former"
    }
    assert markers(page) == usa
    assert labelled(page) == usa  # labels name only what is shown
    assert fragment(page)["operator"] == "USA"
    assert page.locator("#basemap-text-present li:not([hidden])").count() == len(usa)
    assert (
        "Filtered by operator United States"
        in page.locator("#basemap-text-filter").text_content()
    )
    # the key dims the operators filtered out
    russia = page.locator("#basemap-legend li", has_text="Russia")
    assert "basemap-key-off" in russia.get_attribute("class")

    check(page, "operator", "RUS")  # within a facet: either
    rus_usa = {
        f["key"]
        for f in data
        if f["operator"] in ("USA", "RUS") and f["presence"] != "former"
    }
    assert markers(page) == rus_usa
    check(page, "host", "KGZ")  # across facets: both
    assert markers(page) == {
        f["key"] for f in data if f["key"] in rus_usa and f["host"] == "KGZ"
    }
    assert fragment(page)["operator"] == "RUS,USA"
    assert fragment(page)["host"] == "KGZ"

    page.get_by_role("button", name="Clear filters").click()
    assert markers(page) == before_markers
    assert labels(page) == before_labels  # exactly the original layout
    assert "operator" not in fragment(page) and "host" not in fragment(page)
    assert page.locator("#basemap-text-present li:not([hidden])").count() == len(
        before_markers
    )
    assert view.requests == [] and view.console == []


@pytest.mark.parametrize(
    ("address", "keep"),
    [
        ("host=TJK", lambda f: f["host"] == "TJK"),
        ("kind=air+base", lambda f: f["kind"] == "air base"),
        ("status=temporary", lambda f: f["status"] == "temporary"),
        (
            "status=present,proposed",
            lambda f: f["presence"] == "present" and f["status"] == "proposed",
        ),
    ],
)
def test_each_facet_filters_by_the_data(yearly, offline_page, address, keep):
    view = offline_page(width=1280, height=800)
    page = view.open(yearly, "#" + address)
    want = {f["key"] for f in features(page) if keep(f) and f["presence"] != "former"}
    assert want, address
    assert markers(page) == want
    assert labelled(page) == want
    assert view.requests == [] and view.console == []


def test_former_status_shows_the_former_sites(yearly, offline_page):
    page = offline_page(width=1280, height=800).open(yearly, "#status=former")
    data = features(page)
    assert markers(page) == set()
    assert markers(page, former=True) == {
        f["key"] for f in data if f["presence"] == "former"
    }


def search(page, text: str) -> list[str]:
    page.locator("#basemap-q").fill(text)
    return page.locator("#basemap-results [role=option]").all_inner_texts()


def test_search_finds_by_name_label_and_alias_and_opens_the_popup(yearly, offline_page):
    view = offline_page(width=1280, height=800)
    page = view.open(yearly)
    box = page.get_by_role("combobox", name="Find a site")
    assert box.get_attribute("aria-controls") == "basemap-results"
    for text in ("Kant", "kant", "KANT", "aviabaza", "999th"):
        found = search(page, text)
        assert found and found[0].startswith("Kant"), (text, found)
    # accents and punctuation do not matter, either way
    for text in ("Détachement air", "detachement air de douchanbe", "karshi khanabad"):
        assert search(page, text), text
    assert search(page, "detachement air")[0].startswith("Dushanbe airport")
    assert search(page, "Gissar")[0].startswith("Ayni")  # an alias
    assert search(page, "no such place") == []
    assert page.locator(".basemap-find-status").inner_text() == "No site found"

    zoom = page.evaluate("basemapViews[0].map.getZoom()")
    search(page, "k2")
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "basemap-result-0"
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup")
    popup.wait_for()
    assert popup.locator("h3").inner_text().startswith("Karshi-Khanabad Air Base")
    assert page.evaluate("basemapViews[0].map.getZoom()") > zoom  # zoomed to it
    state = fragment(page)
    assert unquote(state["site"]) == "karshi-khanabad/USA"
    assert state["q"] == "k2" and "view" in state
    # the marker has the focus: Escape closes the popup
    page.keyboard.press("Escape")
    assert popup.count() == 0
    assert "site" not in fragment(page)
    assert view.requests == [] and view.console == []


def test_search_finds_a_cyrillic_alias(cyrillic, offline_page):
    page = offline_page(width=1280, height=800).open(cyrillic)
    for text in ("Кант", "кант", "АВИАБАЗА"):
        found = search(page, text)
        assert found and found[0].startswith("Kant"), (text, found)
    page.locator("#basemap-results [role=option]").first.click()
    page.locator(".leaflet-popup h3").wait_for()
    assert "Kant" in page.locator(".leaflet-popup h3").inner_text()


def test_search_says_what_the_filters_hide(yearly, offline_page):
    page = offline_page(width=1280, height=800).open(yearly, "#operator=USA")
    assert search(page, "kant") == []
    assert (
        "1 more hidden by the filters"
        in page.locator(".basemap-find-status").inner_text()
    )


def test_the_address_restores_filters_view_search_and_open_site(yearly, offline_page):
    view = offline_page(width=1280, height=800)
    page = view.open(
        yearly, "#operator=RUS&host=KGZ&q=kant&view=42.8,74.5,8&site=kant/RUS"
    )
    data = features(page)
    assert markers(page) == {
        f["key"]
        for f in data
        if f["operator"] == "RUS" and f["host"] == "KGZ" and f["presence"] != "former"
    }
    centre = page.evaluate(
        "(() => { const m = basemapViews[0].map, c = m.getCenter(); "
        "return [c.lat, c.lng, m.getZoom()]; })()"
    )
    # within a pixel (Leaflet keeps whole pixels; 1 px is 0.006 degrees here)
    assert centre[0] == pytest.approx(42.8, abs=0.01)
    assert centre[1] == pytest.approx(74.5, abs=0.01)
    assert centre[2] == 8
    assert page.locator(".leaflet-popup h3").inner_text().startswith("Kant")
    assert page.locator("#basemap-q").input_value() == "kant"
    assert page.locator('input[id^="basemap-f-operator-"][value="RUS"]').is_checked()
    assert page.locator('input[id^="basemap-f-host-"][value="KGZ"]').is_checked()
    # and writes back the same state
    state = fragment(page)
    assert state["operator"] == "RUS" and state["host"] == "KGZ"
    assert state["view"] == "42.8000,74.5000,8"
    assert unquote(state["site"]) == "kant/RUS"
    # a new address (a link followed in the page) is applied at once
    page.evaluate("window.location.hash = '#operator=USA'")
    page.wait_for_function("!document.querySelector('.leaflet-popup')")
    assert markers(page) == {
        f["key"] for f in data if f["operator"] == "USA" and f["presence"] != "former"
    }
    assert view.requests == [] and view.console == []


def test_the_address_is_checked(yearly, offline_page):
    view = offline_page(width=1280, height=800)
    page = view.open(
        yearly,
        "#operator=XXX,usa,%3Cb%3E&kind=%ZZ&view=999,-999,99&site=%3Cimg%20src=x%3E"
        "&q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&status=gone",
    )
    data = features(page)
    # unknown codes ignored, a known one kept (in any case)
    assert markers(page) == {
        f["key"] for f in data if f["operator"] == "USA" and f["presence"] != "former"
    }
    lat, lng, zoom = page.evaluate(
        "(() => { const m = basemapViews[0].map, c = m.getCenter(); "
        "return [c.lat, c.lng, m.getZoom()]; })()"
    )
    assert -85 <= lat <= 85 and -180 <= lng <= 180
    assert zoom <= page.evaluate("basemapViews[0].map.getMaxZoom()")
    # text lands as text: the search box holds it, no element was made
    assert page.locator("#basemap-q").input_value() == "<img src=x onerror=alert(1)>"
    assert page.locator("img[src=x]").count() == 0 and page.locator("b").count() == 0
    assert page.locator(".leaflet-popup").count() == 0
    assert view.dialogs == [] and view.requests == []
    assert fragment(page).get("operator") == "USA"
    assert "status" not in fragment(page) and "kind" not in fragment(page)


def year(page) -> str:
    return page.get_attribute(".folium-map", "data-basemap-year")


def test_timeline_keeps_old_links_and_the_filters_across_years(timelines, offline_page):
    view = offline_page(width=1280, height=800)
    page = view.open(timelines["plain"], "#2005")  # an old link
    assert year(page) == "2005"
    assert page.url.endswith("#year=2005")
    page = view.open(timelines["plain"], "#year=2004&operator=RUS")
    assert year(page) == "2004"
    shown = markers(page)
    assert shown and all(k.endswith("/RUS") for k in shown)
    assert labelled(page) == shown
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('.folium-map').dataset.basemapYear === '2005'"
    )
    shown = markers(page)
    assert shown and all(k.endswith("/RUS") for k in shown)
    assert fragment(page) == {"year": "2005", "operator": "RUS"}
    items = page.locator("#basemap-text-present li").all_inner_texts()
    assert len(items) == len(shown) and all("Russia" in i for i in items)
    page.evaluate("window.location.hash = '#year=2006&host=TJK'")
    page.wait_for_function(
        "document.querySelector('.folium-map').dataset.basemapYear === '2006'"
    )
    data = json.loads(page.locator("#basemap-data").text_content())
    host = {
        f"{f['properties']['site']}/{f['properties']['operator']}": f["properties"][
            "host"
        ]
        for f in data["features"]
    }
    assert markers(page) and {host[k] for k in markers(page)} == {"TJK"}
    assert page.locator('input[id^="basemap-f-operator-"]:checked').count() == 0
    assert page.locator(".basemap-compare").count() == 0  # no compare_href
    assert view.requests == [] and view.console == []


def test_timeline_compare_with_another_year(timelines, offline_page):
    view = offline_page(width=1280, height=800)
    page = view.open(timelines["compare"], "#year=2006")
    select = page.get_by_label("Compare with")
    assert select.is_visible()
    select.select_option("2004")
    page.wait_for_url("**/compare.html#before=2004&after=2006")
    assert page.url.endswith("/compare.html#before=2004&after=2006")


def test_a_print_says_what_is_filtered_and_a_figure_shows_no_controls(
    yearly, offline_page
):
    page = offline_page(width=1280, height=800).open(yearly, "#operator=USA")
    line = page.locator(".basemap-filter-print")
    assert not line.is_visible()  # on screen the panel says it
    page.emulate_media(media="print")
    assert line.is_visible()
    assert line.inner_text().startswith("Filtered by operator United States")
    assert not page.locator("#basemap-q").is_visible()
    page.emulate_media(media="screen")
    page.evaluate("basemapFigure.enter(null)")
    assert not page.locator(".basemap-find-slot").is_visible()


def test_timeline_search_finds_a_site_of_another_year(timelines, offline_page):
    # Osh (a proposed Russian base) is on the map from 2005, not in 2004
    view = offline_page(width=1280, height=800)
    page = view.open(timelines["plain"], "#year=2004")
    found = search(page, "osh")
    # the years it is on the map: 2005 only, since the fact-check (the
    # proposal was dropped in November 2005 and revived in 2009)
    assert found and found[0].startswith("Osh") and found[0].endswith(", 2005")
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup h3").wait_for()
    assert year(page) == "2005"  # the nearest year it is on the map
    assert "Osh" in page.locator(".leaflet-popup h3").inner_text()
    assert fragment(page)["year"] == "2005"
    assert unquote(fragment(page)["site"]) == "osh/RUS"
    assert view.requests == [] and view.console == []


@pytest.mark.parametrize("zoom", ["1e20", "100"])
def test_a_zoom_in_the_address_is_clamped_to_the_map_range(yearly, offline_page, zoom):
    """#view=40,70,1e20 put the map at NaN (no labels, never ready), 100
    drew a blank map: both are the map's highest zoom."""
    view = offline_page(width=1280, height=800)
    page = view.open(yearly, f"#view=40,70,{zoom}")
    z, lo, hi = page.evaluate(
        "(() => { const m = basemapViews[0].map; "
        "return [m.getZoom(), m.getMinZoom(), m.getMaxZoom()]; })()"
    )
    assert (lo, hi) == (0, 18)
    assert z == hi
    assert fragment(page)["view"].split(",")[2] == "18"
    assert view.console == [] and view.requests == []


@pytest.fixture(scope="module")
def year_2020(tmp_path_factory):
    out = tmp_path_factory.mktemp("former")
    return build(year=2020, output=out / "2020.html")


def test_searching_a_former_site_throws_nothing(year_2020, offline_page):
    """Manas closed in 2014: opening it from the search box threw a
    TypeError (a tooltip's focus listener left on its marker)."""
    view = offline_page(width=1280, height=800)
    page = view.open(year_2020)
    found = search(page, "Manas")
    assert found, "Manas is offered as a former site"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup").wait_for()
    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    assert view.console == [] and view.requests == []
