"""Hostile strings in the data never run in a reader's browser, and appear
literally where they belong."""

from __future__ import annotations

import re
import subprocess
import sys

import markupsafe
import pytest

from basemap.pipeline import build

from .hostile import PAYLOADS, write_hostile_context, write_hostile_layer


@pytest.fixture(scope="module")
def hostile_map(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    layer = write_hostile_layer(folder)
    path = build(
        year=2005, data=layer, output=folder / "2005.html", title=PAYLOADS["map_title"]
    )
    assert not (folder / "PWNED").exists(), "a template in the data ran at build time"
    return path


def test_template_syntax_in_data_is_never_evaluated(hostile_map):
    page = hostile_map.read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and "49 jinja" not in page
    assert PAYLOADS["ssti"] in page.replace("\\u003c", "<")


def assert_nothing_ran(view, page, start_url):
    assert view.dialogs == []
    assert view.console == []
    assert view.requests == []
    # the same document: the address's fragment follows the reader (the
    # filters, view and open popup) but nothing navigated away
    assert page.url.split("#")[0] == start_url.split("#")[0]
    assert page.evaluate("window.__pwned") is None


def test_yearly_map_payloads_are_inert_and_literal(hostile_map, offline_page):
    view = offline_page()
    page = view.open(hostile_map)
    start_url = page.url
    assert page.title() == f"{PAYLOADS['map_title']}, 2005"
    assert page.locator(".basemap-title h1").inner_text() == PAYLOADS["map_title"]
    assert page.locator(".basemap-label").inner_text() == f"{PAYLOADS['label']} (RUS)"
    # hover everything that might carry a handler, then open the popup
    page.locator("path.basemap-marker").hover(force=True)
    page.locator("path.basemap-marker").click(force=True)
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert PAYLOADS["name"] + " " + PAYLOADS["ssti"] in text
    for key in (
        "name",
        "alias",
        "kind",
        "notes",
        "unit",
        "equipment",
        "title",
        "publisher",
        "quote",
        "personnel",
    ):
        assert PAYLOADS[key] in text, key
    link = popup.locator("a")
    assert link.get_attribute("href") == PAYLOADS["url"]
    assert link.inner_text() == PAYLOADS["title"]
    # no element was created from the data: only our own tags are in the popup
    tags = set(popup.evaluate("e => [...e.querySelectorAll('*')].map(n => n.tagName)"))
    assert tags <= {
        "DIV",
        "H3",
        "H4",
        "H5",
        "P",
        "STRONG",
        "SECTION",
        "OL",
        "LI",
        "A",
        "Q",
        "CITE",
    }
    text_list = page.locator("#basemap-text").inner_text()
    assert PAYLOADS["name"] in text_list and PAYLOADS["kind"] in text_list
    assert_nothing_ran(view, page, start_url)


def test_context_payloads_are_inert_and_literal(tmp_path, offline_page):
    layer = write_hostile_layer(tmp_path)
    events, alliances = write_hostile_context(tmp_path)
    path = build(
        year=2005,
        data=layer,
        events=events,
        alliances=alliances,
        output=tmp_path / "2005.html",
    )
    assert not (tmp_path / "PWNED").exists()
    view = offline_page()
    page = view.open(path)
    start_url = page.url
    panel = page.locator(".basemap-context")
    assert PAYLOADS["name"] in panel.inner_text()
    short = "<img src onerror=f>"
    assert short in panel.inner_text()
    # the layer control writes its names as HTML: the data's text is escaped
    assert page.get_by_text(f"Alliance: {short}").count() == 1
    page.locator('input[data-alliance="hostile-org"]').check()
    page.locator(".basemap-event-icon").click()
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    text = popup.inner_text()
    for key in ("name", "notes", "ssti", "kind", "unit", "equipment", "title"):
        assert PAYLOADS[key] in text, key
    assert popup.locator("a").get_attribute("href") == PAYLOADS["url"]
    assert (
        page.locator(".leaflet-control-layers img, .basemap-context img").count() == 0
    )
    context_text = page.locator("#basemap-text-context").inner_text()
    assert PAYLOADS["name"] in context_text and PAYLOADS["alias"] in context_text
    assert_nothing_ran(view, page, start_url)


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory):
    # in a process of its own: Playwright's sync API does not nest
    folder = tmp_path_factory.mktemp("hostile-export")
    layer = write_hostile_layer(folder)
    out = folder / "out"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "basemap",
            "-q",
            "export",
            "--from",
            "2004",
            "--to",
            "2006",
            "--data",
            str(layer),
            "-o",
            str(out),
            "--title",
            PAYLOADS["map_title"],
        ],
        check=True,
    )
    assert not (folder / "PWNED").exists(), "a template in the data ran at build time"
    return out


def test_timeline_payloads_are_inert_and_literal(hostile_export, offline_page):
    view = offline_page()
    page = view.open(hostile_export / "timeline.html", "#2005")
    start_url = page.url
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('.folium-map').dataset.basemapYear === '2006'"
    )
    assert page.locator(".basemap-label").inner_text() == f"{PAYLOADS['label']} (RUS)"
    page.locator("path.basemap-marker").click(force=True)
    # the notes and sources come from the export's details/ file, as data
    page.locator(".basemap-popup .basemap-sources").wait_for()
    text = page.locator(".basemap-popup").inner_text()
    assert PAYLOADS["name"] in text and PAYLOADS["notes"] in text
    items = page.locator("#basemap-text-present li").all_text_contents()
    assert any(PAYLOADS["name"] in item for item in items)
    assert_nothing_ran(view, page, start_url.replace("#2005", "#2006"))


def test_index_and_embed_payloads_are_inert_and_literal(hostile_export, offline_page):
    for name in ("index.html", "embed.html"):
        view = offline_page()
        page = view.page
        page.goto((hostile_export / name).as_uri())
        page.wait_for_load_state("load")
        body = page.locator("body").text_content()
        assert PAYLOADS["map_title"] in body, name
        if name == "embed.html":  # the snippets are HTML source to paste: escaped
            code = page.locator("textarea").first.input_value()
            assert str(markupsafe.escape(PAYLOADS["map_title"])) in code
            # the previews show this folder's own maps, nothing from the data
            for src in page.locator("iframe").evaluate_all(
                "fs => fs.map(f => f.getAttribute('src'))"
            ):
                assert re.fullmatch(r"(timeline|\d{4})\.html", src), src
        # nothing from the data became an element (the copy button's own
        # script is in the head)
        assert page.locator("body script, body img[onerror]").count() == 0, name
        assert view.dialogs == [] and view.console == [] and view.requests == [], name
        assert page.evaluate("window.__pwned") is None
