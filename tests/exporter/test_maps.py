"""The pages of an export (basemap.exporter.maps): the periods' details
(notes, every source) written once, in files a popup loads from file://."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from basemap.exporter.run import export
from basemap.render.details import chunk_of

from ..conftest import DATA

SAMPLE = DATA / "valid" / "sample.geojson"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("export")
    export(folder, first=2004, last=2006, data=SAMPLE)
    return folder


def _written_sources() -> dict[str, list[dict]]:
    """Each period's sources, as the layer writes them."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"]["sources"] for f in doc["features"]}


def _written_notes() -> dict[str, dict]:
    """Each period's location precision and note, as the layer writes them."""
    doc = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"] for f in doc["features"]}


def _chunk(path) -> dict:
    text = path.read_text(encoding="utf-8")
    match = re.fullmatch(r"basemapDetailsChunk\((\d+),(.*)\);\n", text, re.S)
    assert match, text[:80]
    return json.loads(match[2])


def test_details_are_written_once_and_not_in_the_pages(exported):
    files = sorted(p.name for p in (exported / "details").iterdir())
    assert files == ["00.js"]  # 4 sites: one file
    held = _chunk(exported / "details" / "00.js")
    written = _written_sources()
    periods = {pid: d for own in held.values() for pid, d in own.items()}
    shown = {
        pid
        for name in ("2004.html", "2005.html", "2006.html")
        for ids in _shown_periods((exported / name).read_text("utf-8")).values()
        for pid in ids
    }
    assert set(periods) == shown  # every period the pages show, once
    for pid in shown:
        assert [s.get("quote") for s in periods[pid]["sources"]] == [
            s.get("quote") for s in written[pid]
        ]
    for name in ("2004.html", "2005.html", "2006.html", "timeline.html"):
        page = (exported / name).read_text(encoding="utf-8")
        assert 'id="basemap-details"' not in page
        for sources in written.values():
            for s in sources:  # no quote is carried by the pages themselves
                assert json.dumps(s["quote"], ensure_ascii=False)[1:-1] not in page


def _shown_periods(page: str) -> dict[str, list[str]]:
    """The ids of the periods each site's popup shows in 2005, read from
    the page's own data (a yearly map's features, or the timeline's 2005)."""
    text = re.search(
        r'<script type="application/geo\+json" id="basemap-data">(.*?)</script>',
        page,
        re.S,
    )[1]
    data = json.loads(text)
    features = data["features"]
    if "frames" not in data["basemap"]:
        return {
            f"{f['properties']['site']}/{f['properties']['operator']}": [
                p["id"] for p in f["properties"]["periods"]
            ]
            for f in features
        }
    out = {}
    for row in (data["basemap"]["rows"][i] for i in data["basemap"]["frames"]["2005"]):
        props = features[row[0]]["properties"]
        out[f"{props['site']}/{props['operator']}"] = row[5]
    return out


@pytest.mark.parametrize("page", ["2005.html", "timeline.html"])
def test_a_popup_of_an_exported_page_shows_every_source(exported, offline_page, page):
    written = _written_sources()
    shown = _shown_periods((exported / page).read_text(encoding="utf-8"))
    view = offline_page()
    p = view.open(exported / page, "#year=2005" if page == "timeline.html" else "")
    keys = p.eval_on_selector_all(
        "[data-key]", "els => [...new Set(els.map(e => e.dataset.key))]"
    )
    assert sorted(keys) == sorted(shown)
    for key in keys:
        p.locator(f'[data-key="{key}"]').first.dispatch_event("click")
        popup = p.locator(".basemap-popup")
        popup.locator(".basemap-sources").first.wait_for()
        assert not popup.locator(".basemap-loading, .basemap-missing").count()
        quotes = popup.locator(".basemap-sources q").all_inner_texts()
        assert quotes == [
            s["quote"] for pid in shown[key] for s in written[pid] if s.get("quote")
        ], key
        assert popup.locator(".basemap-sources li").count() == sum(
            len(written[pid]) for pid in shown[key]
        )
        # and how the location is known: the note of the last period shown
        last = _written_notes()[shown[key][-1]]
        note = last.get("location_note")
        located = f"Location: {last.get('location_precision') or 'unstated'}"
        assert located + (f": {note}" if note else "") in popup.inner_text()
        p.keyboard.press("Escape")
    assert view.requests == [] and not view.console


def test_a_page_without_its_details_says_where_they_are(
    exported, tmp_path, offline_page
):
    shutil.copy(exported / "2005.html", tmp_path / "2005.html")
    view = offline_page()
    p = view.open(tmp_path / "2005.html")
    key = p.eval_on_selector_all("[data-key]", "els => els[0].dataset.key")
    p.locator(f'[data-key="{key}"]').first.dispatch_event("click")
    missing = p.locator(".basemap-popup .basemap-missing").first
    missing.wait_for()
    assert "details/00.js" in missing.inner_text()
    assert not p.locator(".basemap-popup .basemap-loading").count()


def test_popups_find_their_site_among_many_files(tmp_path, offline_page, monkeypatch):
    # a file a site: each popup must load the file its site's number names
    monkeypatch.setattr("basemap.render.details.SITES_PER_CHUNK", 1)
    export(tmp_path, first=2005, last=2005, data=SAMPLE)
    files = sorted(p.name for p in (tmp_path / "details").iterdir())
    assert files == ["00.js", "01.js", "02.js", "03.js"]  # 4 sites
    written = _written_sources()
    shown = _shown_periods((tmp_path / "2005.html").read_text(encoding="utf-8"))
    view = offline_page()
    p = view.open(tmp_path / "2005.html")
    for key in shown:
        p.locator(f'[data-key="{key}"]').first.dispatch_event("click")
        popup = p.locator(".basemap-popup")
        popup.locator(".basemap-sources").first.wait_for()
        quotes = popup.locator(".basemap-sources q").all_inner_texts()
        assert quotes == [
            s["quote"] for pid in shown[key] for s in written[pid] if s.get("quote")
        ], key
        p.keyboard.press("Escape")
    loaded = p.eval_on_selector_all(
        "script[src]", "els => els.map(e => e.getAttribute('src')).sort()"
    )
    assert loaded == sorted(
        {f"details/{chunk_of(key.split('/')[0], 4):02d}.js" for key in shown}
    )
    assert len(loaded) > 1
    assert view.requests == [] and not view.console
