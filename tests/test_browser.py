"""The maps in a real headless Chromium, offline.

Every request that is not file: or data: is blocked and counted.
"""

from __future__ import annotations

import json

import pytest

from basemap.pipeline import build
from basemap.style import label_text


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    out = tmp_path_factory.mktemp("maps")
    return {
        year: build(year=year, output=out / f"{year}.html") for year in (2005, 2006)
    }


def embedded(page) -> dict:
    return json.loads(page.locator("#basemap-data").text_content())


def key(props: dict) -> str:
    return f"{props['site']}/{props['operator']}"


def overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def label(props: dict) -> str:
    """The label the page derives (basemap.style.label_text's rule)."""
    last = props["periods"][-1]
    return props.get("label") or label_text(
        last.get("label") or last["name"],
        props["operator"],
        last.get("status", "base"),
        props.get("presence", "present"),
        props.get("change", ""),
    )


def test_2005_map_offline(maps, offline_page):
    view = offline_page()
    page = view.open(maps[2005])
    assert view.requests == []
    assert view.console == []
    assert page.get_attribute(".folium-map", "data-basemap-ready") == "true"

    data = embedded(page)
    shown = [
        f["properties"]
        for f in data["features"]
        if f["properties"].get("presence", "present") != "former"
    ]
    keys = sorted(key(p) for p in shown)
    mission = {
        "ayni/IND",
        "dushanbe-201/RUS",
        "dushanbe-airport/FRA",
        "kant/RUS",
        "karshi-khanabad/USA",
        "manas/USA",
        "termez/DEU",
    }
    assert mission <= set(keys)
    # one marker per site and operator in the embedded data, and its label
    markers = page.locator("path.basemap-marker")
    assert markers.count() == len(shown)
    assert sorted(m.get_attribute("data-key") for m in markers.all()) == keys
    # labels: readable in a screenshot, so none overlaps another or a marker
    labels = page.locator(".basemap-label")
    texts = labels.all_inner_texts()
    assert set(texts) <= {label(p) for p in shown}
    assert {"Karshi-Khanabad (USA): closed", "Kant (RUS)", "Manas (USA)"} <= set(texts)
    boxes = [b.bounding_box() for b in labels.all()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlap(a, b), (a, b)
    for m in markers.all():
        c = m.bounding_box()
        centre = {
            "x": c["x"] + c["width"] / 2 - 1,
            "y": c["y"] + c["height"] / 2 - 1,
            "width": 2,
            "height": 2,
        }
        assert not any(overlap(centre, b) for b in boxes)


def test_popup_opens_with_sourced_text(maps, offline_page):
    view = offline_page()
    page = view.open(maps[2005])
    page.locator('path[data-key="karshi-khanabad/USA"]').click(force=True)
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert text.startswith("Karshi-Khanabad Air Base (K2)")
    assert "United States (USA) in Uzbekistan (UZB), air base" in text
    assert "Present; closed in 2005" in text
    assert "2001-10-05 (day) to 2005-11-21 (day)" in text
    assert "Seed document 004_70a211056a8b6a84.txt" in text
    assert "closed down the US military base at Karshi-Khanabad" in text
    hrefs = [a.get_attribute("href") for a in popup.locator("a").all()]
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert view.requests == [] and view.console == []


def test_2006_has_no_karshi_khanabad_but_offers_it_as_former(maps, offline_page):
    view = offline_page()
    page = view.open(maps[2006])
    keys = [
        m.get_attribute("data-key") for m in page.locator("path.basemap-marker").all()
    ]
    assert "karshi-khanabad/USA" not in keys and "manas/USA" in keys
    # the grey "former sites" layer is off until the reader switches it on
    page.get_by_text("Former sites (1)").click()
    former = page.locator('path[data-key="karshi-khanabad/USA"]')
    assert former.count() == 1
    assert former.get_attribute("fill").upper() == "#8C8C8C"
    assert view.console == []


def test_text_alternative_is_in_the_page(maps, offline_page):
    page = offline_page().open(maps[2005])
    container = page.locator(".folium-map")
    assert container.get_attribute("aria-describedby") == "basemap-text"
    items = page.locator("#basemap-text li").all_text_contents()
    assert any(i.startswith("Kant Air Base (Kyrgyzstan): Russia") for i in items)
    data = embedded(page)
    assert len(items) == sum(
        1
        for f in data["features"]
        if f["properties"].get("presence", "present") != "former"
    )
