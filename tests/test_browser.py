"""The maps in a real headless Chromium, offline.

Every request that is not file: or data: is blocked and counted.
"""

from __future__ import annotations

import json
import re

import pytest

from basemap.pipeline import build
from basemap.wording import label_text


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


def short_name(props: dict) -> str:
    """The site's short name, as its labels give it."""
    last = props["periods"][-1]
    return last.get("label") or last["name"]


def label(props: dict) -> str:
    """The full label the page derives (basemap.styling.symbols.label_text's
    rule): the marker's name for screen readers, and the numbered list's."""
    last = props["periods"][-1]
    return props.get("label") or label_text(
        short_name(props),
        props["operator"],
        last.get("status", "base"),
        props.get("presence", "present"),
        props.get("change_text") or props.get("change", ""),
    )


def short(props: list[dict]) -> str:
    """The label drawn on the map: the site's name and its operators, no
    status words (issue 32: those are in the key and the list)."""
    return f"{short_name(props[0])} ({', '.join(p['operator'] for p in props)})"


def full(props: list[dict]) -> str:
    """A site's entry in the numbered list: its full label, or, for several
    operators, the name once and each operator's status words (labels.js)."""
    if len(props) == 1:
        return label(props[0])

    def words(p: dict) -> str:
        own = f"{short_name(p)} ({p['operator']})"
        rest = label(p)
        rest = (
            re.sub(r"^[,:]?\s*", "", rest[len(own) :]) if rest.startswith(own) else ""
        )
        return p["operator"] + (f": {rest}" if rest else "")

    return f"{short_name(props[0])} ({'; '.join(words(p) for p in props)})"


def numbered(page) -> dict[str, str]:
    """The numbered list under the map, by the keys of the markers named."""
    return {
        li.get_attribute("data-keys"): li.inner_text()
        for li in page.locator("#basemap-numbers li").all()
    }


def check_label(item, by_key: dict[str, dict], numbers: dict[str, str]) -> str:
    """A label names its markers (data-keys) by their short label, or, where
    no name fits, by a number whose entry in the list is their full label;
    returns the name, either way."""
    named = item.get_attribute("data-keys").split()
    assert named and set(named) <= set(by_key)
    props = [by_key[k] for k in named]
    text = item.inner_text()
    if text.isdigit():
        assert numbers[" ".join(named)] == f"{text} {full(props)}"
        return short(props)
    # (a long name may take two lines)
    assert text.replace("\n", " ") == short(props)
    return text.replace("\n", " ")


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
    # one marker per site and operator in the embedded data, and its label;
    # a group too dense for the map's zoom is boxed (its markers drawn small)
    # and drawn again in a detail inset, whose copies are the ones to reach
    markers = page.locator("path.basemap-marker:not(.basemap-inset *)")
    assert markers.count() == len(shown)
    assert sorted(m.get_attribute("data-key") for m in markers.all()) == keys
    boxed = {
        m.get_attribute("data-key")
        for m in markers.all()
        if "basemap-boxed" in m.get_attribute("class").split()
    }
    assert "dushanbe-201/RUS" in boxed  # a few km from the airport and Ayni
    copies = page.locator(".basemap-inset path.basemap-marker:not(.basemap-boxed)")
    assert {m.get_attribute("data-key") for m in copies.all()} == boxed
    assert all(m.get_attribute("tabindex") == "0" for m in copies.all())
    # labels: readable in a screenshot, so none overlaps another or a marker;
    # each names the markers in its data-keys, short, or by a number listed
    # under the map with the full label
    labels = page.locator(".basemap-label")
    by_key = {key(p): p for p in shown}
    numbers = numbered(page)
    texts = [check_label(item, by_key, numbers) for item in labels.all()]
    assert {"Karshi-Khanabad (USA)", "Kant (RUS)"} <= set(texts)
    assert texts.count("Manas (ESP, FRA, USA)") == 1  # one for a site's operators
    # the status words are in the marker's accessible name
    k2 = page.locator(
        'path.basemap-marker[data-key="karshi-khanabad/USA"]:not(.basemap-boxed)'
    )
    assert k2.get_attribute("aria-label").startswith("Karshi-Khanabad (USA): closed, ")
    boxes = [b.bounding_box() for b in labels.all()]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlap(a, b), (a, b)
    for m in page.locator("path.basemap-marker").all():  # the insets' too
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
    page.locator('path.basemap-marker[data-key="karshi-khanabad/USA"]').click(
        force=True
    )
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert text.startswith("Karshi-Khanabad Air Base (K2)")
    assert "United States (USA) in Uzbekistan (UZB), air base" in text
    assert "Present; closed in 2005" in text
    assert "2001-10-05 (day) to 2005-11-21 (day)" in text
    # a seed is cited by its reference, never by its file name
    assert "004_70a211056a8b6a84" not in text
    assert "Paper on Russian policy towards Central Asia" in text
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
    former_count = sum(
        1
        for f in embedded(page)["features"]
        if f["properties"].get("presence") == "former"
    )
    assert former_count >= 1
    page.hover(".leaflet-control-layers")  # the layer control opens on demand
    page.get_by_text(f"Former sites ({former_count})").click()
    # one on the map (an inset whose view holds it draws its copy too: grey)
    key = '[data-key="karshi-khanabad/USA"]'
    former = page.locator(f"path.basemap-marker{key}:not(.basemap-inset *)")
    assert former.count() == 1
    every = page.locator(f"path.basemap-marker{key}").all()
    assert {m.get_attribute("fill").upper() for m in every} == {"#8C8C8C"}
    assert view.console == []


def test_text_alternative_is_in_the_page(maps, offline_page):
    page = offline_page().open(maps[2005])
    container = page.locator(".folium-map")
    assert container.get_attribute("aria-describedby") == "basemap-text"
    items = page.locator("#basemap-text-present li").all_text_contents()
    assert any(i.startswith("Kant Air Base (Kyrgyzstan): Russia") for i in items)
    data = embedded(page)
    assert len(items) == sum(
        1
        for f in data["features"]
        if f["properties"].get("presence", "present") != "former"
    )
    # the year's events and alliances are in the text too
    context = page.locator("#basemap-text-context li").all_text_contents()
    assert "Event: 2005-05-12 to 2005-05-13, Andijan uprising and massacre" in context
    assert (
        "Collective Security Treaty Organization: Kazakhstan, Kyrgyzstan, Russia, "
        "Tajikistan" in context
    )


# -- context: events and alliances ---------------------------------------------


def context_of(page) -> dict:
    return json.loads(page.locator("#basemap-context").text_content())


def test_events_panel_and_badges(maps, offline_page):
    view = offline_page()
    page = view.open(maps[2005])
    ctx = context_of(page)
    titles = page.locator(".basemap-events li").all_inner_texts()
    assert len(titles) == len(ctx["events"]) >= 7
    assert any("Andijan uprising and massacre" in t for t in titles)
    assert page.locator(".basemap-context summary").first.inner_text() == (
        f"Events in 2005 ({len(ctx['events'])})"
    )
    # one numbered badge per placed event, numbered as in the panel
    placed = [e for e in ctx["events"] if "coordinates" in e]
    badges = page.locator(".basemap-event-icon")
    assert badges.count() == len(placed) >= 6
    assert sorted(badges.all_inner_texts(), key=int) == [str(e["n"]) for e in placed]
    # badges neither cover a marker nor sit under a label
    boxes = [badges.nth(i).bounding_box() for i in range(badges.count())]
    labels = page.locator(".basemap-label")
    for i in range(labels.count()):
        for box in boxes:
            assert not overlap(labels.nth(i).bounding_box(), box)
    # the panel's number opens the event's popup, with its sources
    andijan = next(e for e in placed if e["id"] == "andijan")
    page.locator('li[data-event="andijan"] button').click()
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "Andijan uprising and massacre" in text
    assert "2005-05-12 (day) to 2005-05-13 (day)" in text
    assert "12-13 May revolt" in text  # the RFE/RL quote
    hrefs = popup.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert andijan["n"] == 1
    assert view.console == [] and view.requests == []


def test_alliance_shading_switches_on_and_off(maps, offline_page):
    view = offline_page()
    page = view.open(maps[2006])
    shading = page.locator(".leaflet-basemapAlliances-pane path")
    assert shading.count() == 0  # off by default
    box = page.locator('input[data-alliance="csto"]')
    box.check()
    # Uzbekistan rejoined in August 2006: five members shaded (with Russia)
    assert shading.count() == 5
    assert shading.first.get_attribute("fill").upper() == "#7B3294"
    # the layer control follows the panel, and the other way round
    page.hover(".leaflet-control-layers")  # the layer control opens on demand
    control = page.locator(".leaflet-control-layers label", has_text="Alliance: CSTO")
    assert control.locator("input").is_checked()
    control.locator("input").uncheck()
    assert shading.count() == 0 and not box.is_checked()
    text = page.locator(".basemap-alliances li", has_text="CSTO").inner_text()
    assert "Uzbekistan (joined 2006-08-16)" in text
    assert view.console == [] and view.requests == []


def test_suspended_member_is_drawn_pale_and_dashed(tmp_path, offline_page):
    path = build(year=2013, output=tmp_path / "2013.html")
    page = offline_page().open(path)
    page.locator('input[data-alliance="csto"]').check()
    dashed = page.locator(".leaflet-basemapAlliances-pane path[stroke-dasharray]")
    assert dashed.count() == 1  # Uzbekistan, suspended since 2012
    assert float(dashed.get_attribute("fill-opacity")) < 0.2


def test_map_without_context(tmp_path, offline_page):
    path = build(
        year=2005, output=tmp_path / "2005.html", events=False, alliances=False
    )
    view = offline_page()
    page = view.open(path)
    assert page.locator("#basemap-context").count() == 0
    assert page.locator(".basemap-context").count() == 0
    assert page.get_attribute(".folium-map", "data-basemap-ready") == "true"
    assert view.console == []


def test_coalition_at_manas_gets_one_combined_label(tmp_path, offline_page):
    """The coalition at Manas in 2002 is one label, the airport's name and
    its eight operators: drawn, or (where it finds no room) a number whose
    entry under the map gives each operator's status words."""
    path = build(year=2002, output=tmp_path / "2002.html")
    view = offline_page()
    page = view.open(path)
    shown = {key(f["properties"]): f["properties"] for f in embedded(page)["features"]}
    keys = {
        m.get_attribute("data-key")
        for m in page.locator("path.basemap-marker:not(.basemap-inset *)").all()
    }
    operators = sorted(k.split("/")[1] for k in keys if k.startswith("manas/"))
    assert operators == ["AUS", "DNK", "ESP", "FRA", "KOR", "NLD", "NOR", "USA"]
    combined = [
        item
        for item in page.locator(".basemap-label").all()
        if any(k.startswith("manas/") for k in item.get_attribute("data-keys").split())
    ]
    assert len(combined) == 1
    assert sorted(combined[0].get_attribute("data-keys").split()) == sorted(
        f"manas/{o}" for o in operators
    )
    name = check_label(combined[0], shown, numbered(page))
    assert name == f"Manas ({', '.join(operators)})"
    # the operators fan out around the airport (in its inset, where the
    # group is boxed) on a ring no wider than about a marker's size (issue
    # 32, tests/render/test_geography.py): eight touch there, but each is
    # seen, on top at its own middle, can be clicked, and opens its own popup
    ring = [
        page.locator(
            f'path.basemap-marker[data-key="manas/{o}"]:not(.basemap-boxed)'
        ).bounding_box()
        for o in operators
    ]
    on_top = page.evaluate(
        "bs => bs.map(b => document.elementFromPoint(b.x + b.width / 2, "
        "b.y + b.height / 2).getAttribute('data-key'))",
        ring,
    )
    assert on_top == [f"manas/{o}" for o in operators]
    page.locator(
        'path.basemap-marker[data-key="manas/NOR"]:not(.basemap-boxed)'
    ).dispatch_event("click")
    text = page.locator(".basemap-popup").inner_text()
    assert "Norwegian F-16 detachment (EPAF), Manas" in text
    assert "Norway has pulled back from the operation since April 1st 2003" in text
    assert view.console == [] and view.requests == []


def test_popup_gives_geodesic_distances_and_measures(maps, offline_page):
    from basemap.geo.geodesy import distance_km

    view = offline_page()
    page = view.open(maps[2005])
    data = embedded(page)
    measure = data["basemap"]["measure"]
    # (Kant may be boxed, drawn small: its inset's copy is the one to click)
    page.locator(
        'path.basemap-marker[data-key="kant/RUS"]:not(.basemap-boxed)'
    ).dispatch_event("click")
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    dist = data["basemap"]["distances"]["kant/RUS"]
    assert f"{dist['capital_km']:.1f} km to {dist['capital']} (nearest capital)" in (
        popup.inner_text()
    )
    # the measuring tool: Kant to Manas along the geodesic
    i, j = measure["sites"].index("kant"), measure["sites"].index("manas")
    page.locator(".basemap-measure select").select_option(str(j))
    shown = page.locator(".basemap-measure output").inner_text()
    assert shown == f" {measure['km'][i][j]} km along the geodesic"
    feats = {
        f["properties"]["site"]: f["geometry"]["coordinates"] for f in data["features"]
    }
    km = distance_km(*feats["kant"], *feats["manas"])
    assert abs(measure["km"][i][j] - km) <= 0.5
    assert view.console == [] and view.requests == []


def test_documented_reach_is_a_geodesic_ring(maps, offline_page):
    from basemap.geo.geodesy import distance_km

    view = offline_page()
    page = view.open(maps[2005])
    data = embedded(page)
    ring = data["basemap"]["rings"]["kant/RUS"]
    assert ring["km"] == 380 and "Su-25" in ring["what"]
    # (Kant may be boxed, drawn small: its inset's copy is the one to click)
    page.locator(
        'path.basemap-marker[data-key="kant/RUS"]:not(.basemap-boxed)'
    ).dispatch_event("click")
    popup = page.locator(".basemap-popup")
    popup.wait_for()
    assert "StrategyPage" in popup.inner_text()  # the figure's source
    assert page.locator("path.basemap-ring").count() == 0
    popup.get_by_label("Show its reach", exact=False).check()
    assert page.locator("path.basemap-ring").count() == 1
    kant = next(
        f["geometry"]["coordinates"]
        for f in data["features"]
        if f["properties"]["site"] == "kant"
    )
    for lon, lat in ring["ring"][::16]:  # along the geodesic, not a flat circle
        assert abs(distance_km(*kant, lon, lat) - 380) < 0.5
    assert view.console == [] and view.requests == []


def test_an_inherited_site_is_labelled_short_and_described_in_full(
    tmp_path, offline_page
):
    """In 1991 every Russian site was inherited: its label is short, the
    name and the operator (issue 32: the status words are not in it); its
    marker's name says "ex-Soviet (date uncertain)" (the page derives it by
    the rule of basemap.wording), the key what the "?" means, and its popup
    data and the text alternative keep "inherited from the Soviet forces"."""
    page = offline_page().open(build(year=1991, output=tmp_path / "1991.html"))
    shown = [p["properties"] for p in embedded(page)["features"]]
    by_key = {key(p): p for p in shown}
    numbers = numbered(page)
    singles = [
        i
        for i in page.locator(".basemap-label").all()
        if len(i.get_attribute("data-keys").split()) == 1
    ]
    assert len(singles) >= 5
    for item in singles:
        site = item.get_attribute("data-keys")
        assert check_label(item, by_key, numbers) == short([by_key[site]])
        assert "Soviet" not in item.inner_text()
        marker = page.locator(
            f'path.basemap-marker[data-key="{site}"]:not(.basemap-boxed)'
        )
        name = marker.get_attribute("aria-label")
        assert name.startswith(label(by_key[site]) + ", "), name
        assert label(by_key[site]).endswith("?: ex-Soviet (date uncertain)")
    legend = page.locator(".basemap-legend").inner_text()
    assert "dates imprecise around this time" in legend
    assert all(
        p.get("change_text", "").startswith("inherited from the Soviet forces")
        for p in shown
    )
    alternative = page.locator("#basemap-text-present").inner_text()
    assert "inherited from the Soviet forces" in alternative
    assert "ex-Soviet" not in alternative


def test_the_page_labels_every_bundled_row_as_python_does(
    tmp_path, offline_page, year_frames
):
    """The page derives a label by the rule of basemap.wording (data.js
    basemapLabel): the same text as Python's for every row of every
    bundled year (inherited, proposed, reported, temporary, combined
    changes, date uncertain)."""
    rows = [
        [
            (last.get("label") or last["name"]),
            r["operator"],
            r["status"],
            r["presence"],
            r["change_text"],
            r["label"],
        ]
        for frame in year_frames.values()
        for r in frame[
            ["periods", "operator", "status", "presence", "change_text", "label"]
        ]
        .assign(last=lambda f: [p[-1] for p in f["periods"]])
        .to_dict("records")
        for last in [r["last"]]
    ]
    kinds = {r[4] for r in rows}
    assert any("inherited" in k for k in kinds) and any(" and " in k for k in kinds)
    page = offline_page().open(build(year=2005, output=tmp_path / "2005.html"))
    derived = page.evaluate(
        "rows => rows.map(r => basemapLabel(...r.slice(0, 5)))", rows
    )
    assert derived == [r[5] for r in rows]
