"""The export's index and embed pages: compact, linked, escaped, offline.

The exports run in a process of their own (``basemap export``): the figures
may start a browser, and Playwright's sync API does not nest with the
browser tests' own.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from markupsafe import escape

from basemap.exporter.gallery import (
    CHANGES_BUDGET,
    RESIZER,
    change_line,
    count_text,
    embed_snippet,
)

from ..conftest import DATA
from ..hostile import PAYLOADS, write_hostile_layer

SAMPLE = DATA / "valid" / "sample.geojson"
YEARS = [2004, 2005, 2006]
BASE = "https://example.org/maps/"


def run_export(out, *args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    quiet_opt = ["-q"] if quiet else []
    proc = subprocess.run(
        [sys.executable, "-m", "basemap", *quiet_opt, "export", "-o", str(out), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An export of 2004-2006 of the sample layer, without --base-url."""
    out = tmp_path_factory.mktemp("pages") / "out"
    proc = run_export(out, "--from", "2004", "--to", "2006", "--data", str(SAMPLE))
    return out, proc


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The same export with --base-url."""
    out = tmp_path_factory.mktemp("published") / "out"
    proc = run_export(
        out,
        "--from",
        "2004",
        "--to",
        "2006",
        "--data",
        str(SAMPLE),
        "--base-url",
        BASE.rstrip("/"),
    )
    return out, proc


class Tree(HTMLParser):
    """Every element of a page: tag, attributes, text, and the elements it
    is inside (enough to query a generated page without a dependency)."""

    VOID: ClassVar[set[str]] = {
        "img",
        "meta",
        "link",
        "br",
        "hr",
        "input",
        "source",
        "wbr",
    }

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[dict] = []
        self.stack: list[dict] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        el = {
            "tag": tag,
            "attrs": dict(attrs),
            "text": "",
            "parents": list(self.stack),
        }
        self.elements.append(el)
        if tag not in self.VOID:
            self.stack.append(el)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self.stack:
            el["text"] += data

    def find(self, tag: str, cls: str | None = None, inside: dict | None = None):
        return [
            el
            for el in self.elements
            if el["tag"] == tag
            and (cls is None or cls in el["attrs"].get("class", "").split())
            and (inside is None or any(p is inside for p in el["parents"]))
        ]


def page_tree(folder, name: str) -> Tree:
    return Tree((folder / name).read_text(encoding="utf-8"))


def snippets(folder) -> dict[str, str]:
    """The snippet of each section of embed.html, as a user copies it."""
    tree = page_tree(folder, "embed.html")
    return {
        el["attrs"]["id"].removeprefix("code-"): el["text"]
        for el in tree.find("textarea")
    }


# -- the index ---------------------------------------------------------------


def test_every_year_has_a_card_linking_to_its_map_and_timeline(site):
    out, _ = site
    tree = page_tree(out, "index.html")
    cards = tree.find("article", "card")
    assert [c["attrs"]["id"] for c in cards] == [f"y{y}" for y in YEARS]
    manifest = json.loads((out / ".basemap-manifest.json").read_text())["files"]
    for year, card in zip(YEARS, cards, strict=True):
        links = [a["attrs"]["href"] for a in tree.find("a", inside=card)]
        assert f"{year}.html" in links
        assert f"timeline.html#{year}" in links
        # every file a card links to or shows is an output of this export
        shown = links + [i["attrs"]["src"] for i in tree.find("img", inside=card)]
        for target in shown:
            name = target.split("#")[0]
            assert name in manifest and (out / name).is_file(), target


def test_the_index_is_compact(site):
    """A card: one heading, one line of changes, the rest folded away."""
    out, _ = site
    tree = page_tree(out, "index.html")
    for card in tree.find("article", "card"):
        assert len(tree.find("h2", inside=card)) == 1
        lines = tree.find("p", "changes", inside=card)
        assert len(lines) == 1
        # about two lines of text: the budget and "+N more"
        assert len(lines[0]["text"]) <= CHANGES_BUDGET + len(" +99 more")
        details = tree.find("details", inside=card)
        assert len(details) <= 1
        # every list is inside the details (closed: not shown until asked)
        for ul in tree.find("ul", inside=card):
            assert any(p is details[0] for p in ul["parents"])
        assert all("open" not in d["attrs"] for d in details)
        assert len(tree.find("p", inside=card)) <= 2  # the changes, the links
    card_2005 = tree.find("article", "card")[1]
    assert tree.find("p", "changes", inside=card_2005)[0]["text"] == (
        "closed: Karshi-Khanabad (USA)"
    )
    stats = tree.find("span", "stats", inside=card_2005)[0]["text"]
    assert stats == "4 sites of 3 states · 8 events"


def test_the_index_names_every_change_and_event_in_its_details(site):
    out, _ = site
    tree = page_tree(out, "index.html")
    card = tree.find("article", "card")[1]
    (details,) = tree.find("details", inside=card)
    items = [li["text"] for li in tree.find("li", inside=details)]
    assert "closed: Karshi-Khanabad Air Base (K2) (USA)" in items
    assert "2005-05-12: Andijan uprising and massacre" in items


def test_the_index_links_only_the_figures_the_export_made(tmp_path):
    # an export with only the maps: no PNG, SVG or PDF to link to
    run_export(tmp_path / "out", "--from", "2005", "--to", "2005", quiet=True)
    page = (tmp_path / "out" / "index.html").read_text()
    assert not re.search(r'href="2005\.(png|svg|pdf)"', page)
    assert "<h1>Foreign military presence in Central Asia, 2005</h1>" in page


def test_change_line_counts_what_it_leaves_out():
    rows = [
        {"site": f"s{i}", "operator": "RUS", "change": "closed", "name": f"Site {i}"}
        for i in range(12)
    ]
    line = change_line(rows, {}, budget=40)
    shown = line.count("Site ")
    assert 1 <= shown < 12 and line.endswith(f" +{12 - shown} more")
    assert len(line) <= 40 + len(" +99 more")
    # the same site and operator twice (two periods) is one change
    assert change_line(rows[:1] * 2, {}) == "closed: Site 0 (RUS)"
    assert count_text([{"operator": "RUS"}] * 2) == "2 sites of 1 state"


# -- the embed page ------------------------------------------------------------


def test_one_preview_and_one_copy_button_per_snippet(site):
    out, _ = site
    tree = page_tree(out, "embed.html")
    sections = tree.find("section", "snippet")
    assert len(sections) == 1 + len(YEARS)  # the timeline and each year
    for section in sections:
        (preview,) = tree.find("div", "preview", inside=section)
        assert len(tree.find("iframe", inside=preview)) == 1
        assert len(tree.find("iframe", inside=section)) == 1
        (area,) = tree.find("textarea", inside=section)
        (button,) = tree.find("button", inside=section)
        assert button["attrs"]["data-copy"] == area["attrs"]["id"]
        # the preview is the snippet itself, rendered
        (frame,) = tree.find("iframe", inside=section)
        assert f'<iframe src="{html.escape(frame["attrs"]["src"])}"' in area["text"]


def test_snippets_are_relative_with_a_warning_without_base_url(site):
    out, proc = site
    code = snippets(out)
    assert set(code) == {"timeline", *map(str, YEARS)}
    assert '<iframe src="2005.html" ' in code["2005"]
    assert '<iframe src="timeline.html" ' in code["timeline"]
    tree = page_tree(out, "embed.html")
    (note,) = [p for p in tree.find("p", "note") if p["attrs"].get("role") == "note"]
    assert note["attrs"]["id"] == "relative-src"
    assert "Change the src before you publish" in note["text"]
    assert "--base-url" in note["text"]
    warnings = [ln for ln in proc.stderr.splitlines() if "warning" in ln]
    assert warnings == [
        "basemap: warning: no --base-url: the snippets in embed.html point to the "
        "maps by a relative src, which works only next to these files; give "
        "--base-url with the address where you publish them"
    ]


def test_snippets_are_absolute_with_base_url(published):
    out, proc = published
    code = snippets(out)
    for year in YEARS:
        assert f'<iframe src="{BASE}{year}.html" ' in code[str(year)]
    assert f'<iframe src="{BASE}timeline.html" ' in code["timeline"]
    page = (out / "embed.html").read_text()
    assert 'id="relative-src"' not in page and BASE in page
    assert "warning" not in proc.stderr
    # the previews show this folder's files: no request to a site not yet up
    frames = [f["attrs"]["src"] for f in page_tree(out, "embed.html").find("iframe")]
    assert frames == ["timeline.html", *(f"{y}.html" for y in YEARS)]


def test_captions_are_one_short_sentence(site):
    out, _ = site
    for key, code in snippets(out).items():
        text = html.unescape(re.search(r"<figcaption>(.*)</figcaption>", code)[1])
        assert len(text) < 160, key
        assert text.endswith(".") and not re.search(r"[.!?]\s", text), text
        assert "popup" in text  # where the sources are
    caption = html.unescape(
        re.search(r"<figcaption>(.*)</figcaption>", snippets(out)["2005"])[1]
    )
    assert caption == (
        "Foreign military presence in Central Asia in 2005: 4 sites of 3 states; "
        "sources in each site\u2019s popup."
    )


def test_snippet_height_follows_width_and_is_taller_when_narrow():
    code = embed_snippet("2005.html", "Map", "A map.")
    style = re.search(r'<div style="([^"]+)"', code)[1]
    assert "height:0" in style and "padding-bottom:66.67%" in style  # 3:2
    assert "padding-bottom:max(66.67%,560px)" in style  # never below 560 px


def test_snippet_follows_the_maps_height_and_checks_the_messages():
    code = embed_snippet("2005.html", "Map", "A map.")
    script = re.search(r"<script>(.*)</script>", code)[1]
    # only its own iframe's messages, on the channel, of the right shape
    assert "e.source!==i.contentWindow" in script
    assert "d.channel!==C" in script and "d.type!=='height'" in script
    assert "isFinite(h)" in script and "h>5000" in script
    assert "postMessage({channel:C,type:'ask'}" in script
    assert "<script>" not in embed_snippet("a.html", "M", "A.", resize=False)


def test_pages_escape_data_and_link_only_http_or_relative(tmp_path):
    folder = tmp_path / "hostile"
    folder.mkdir()
    layer = write_hostile_layer(folder)
    out = folder / "out"
    run_export(
        out,
        "--from",
        "2005",
        "--to",
        "2006",
        "--data",
        str(layer),
        "--title",
        PAYLOADS["map_title"],
        quiet=True,
    )
    for name, scripts in (("index.html", 0), ("embed.html", 1)):
        text = (out / name).read_text()
        assert PAYLOADS["map_title"] not in text, name  # only escaped
        assert str(escape(PAYLOADS["map_title"])) in text, name
        tree = Tree(text)
        # nothing from the data became an element or an attribute
        assert len(tree.find("script")) == scripts, name
        assert all(not el["attrs"].get("src") for el in tree.find("script"))
        assert not tree.find("img", inside=None) or all(
            set(el["attrs"]) <= {"src", "alt", "width", "height"}
            for el in tree.find("img")
        )
        for el in tree.elements:
            assert not any(a.startswith("on") for a in el["attrs"]), el
            for attr in ("href", "src"):
                value = el["attrs"].get(attr)
                if value is not None:
                    assert re.match(r"^(https?://|[\w#.%/-]+$)", value), value
        # the snippets (HTML to paste) cannot end their textarea
        for area in tree.find("textarea"):
            assert "</textarea" not in area["text"].lower()
            # (its only script is the resizer, the same in every snippet)
            assert "<script" not in area["text"].replace(f"<script>{RESIZER}", "")


# -- in a browser --------------------------------------------------------------


def article(out, snippet: str, column: int) -> str:
    """A small article page that embeds a map with a snippet."""
    path = out / f"article-{column}.html"
    path.write_text(
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<style>body{{margin:0}} article{{box-sizing:border-box;max-width:{column}px;"
        "margin:0 auto;padding:0 15px} p{font:16px/1.5 serif}</style></head>"
        "<body><article>"
        "<h1>An article</h1>" + "<p>Text before the map.</p>" * 3 + snippet + "<p>"
        "Text after the map.</p>" * 20 + "</article></body></html>",
        encoding="utf-8",
    )
    return path


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "column"), [((390, 844), 390), ((1280, 800), 1030)]
)
def test_an_article_embeds_a_map_with_no_request(site, offline_page, viewport, column):
    out, _ = site
    view = offline_page(width=viewport[0], height=viewport[1])
    page = view.page
    page.goto(article(out, snippets(out)["2005"], column).as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("[data-basemap-ready=true]").wait_for(timeout=10_000)
    assert frame.locator(".basemap-marker").count() > 0
    width = column - 30
    # the snippet's script makes the frame as tall as the map's page: nothing
    # scrolls inside it, and the map takes most of it
    inside = page.frames[1]
    for _ in range(50):
        box = page.locator("iframe").bounding_box()
        want = inside.evaluate("() => document.documentElement.scrollHeight")
        if abs(box["height"] - want) <= 1:
            break
        page.wait_for_timeout(100)
    assert box["width"] == pytest.approx(width, abs=1)
    assert inside.evaluate(
        "() => document.documentElement.scrollHeight <= innerHeight + 1"
    )
    share = inside.evaluate(
        "() => document.querySelector('.folium-map').getBoundingClientRect().height"
        " / innerHeight"
    )
    assert share >= 0.6, share
    caption = page.locator("figcaption").inner_text()
    assert caption.startswith("Foreign military presence in Central Asia in 2005")
    assert view.requests == [] and view.console == []


@pytest.mark.browser
def test_scrolling_over_an_embedded_map_scrolls_the_article(site, offline_page):
    out, _ = site
    view = offline_page(width=1280, height=800)
    page = view.page
    page.goto(article(out, snippets(out)["2005"], 1030).as_uri())
    frame = page.frame_locator("iframe")
    frame.locator("[data-basemap-ready=true]").wait_for(timeout=10_000)
    box = page.locator("iframe").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > 0
    assert view.requests == []


@pytest.mark.browser
def test_the_copy_button_copies_the_snippet(site, offline_page):
    out, _ = site
    view = offline_page(width=1280, height=800)
    page = view.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto((out / "embed.html").as_uri())
    button = page.locator('button[data-copy="code-2005"]')
    button.click()
    page.wait_for_selector('button[data-copy="code-2005"][data-copied]')
    assert button.get_attribute("data-copied") == "clipboard"
    expected = snippets(out)["2005"]
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert "Copied" in page.locator("#embed-2005 .status").inner_text()
    assert view.requests == [] and view.console == [] and view.dialogs == []


@pytest.mark.browser
def test_without_the_clipboard_the_copy_button_selects_the_snippet(site, offline_page):
    out, _ = site
    view = offline_page(width=390, height=844)
    page = view.page
    page.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined})"
    )
    page.goto((out / "embed.html").as_uri())
    page.locator('button[data-copy="code-2004"]').click()
    page.wait_for_selector('button[data-copy="code-2004"][data-copied]')
    selected = page.evaluate(
        """() => {
        const area = document.activeElement;
        return area.id + '|' + area.value.slice(area.selectionStart, area.selectionEnd);
    }"""
    )
    assert selected == "code-2004|" + snippets(out)["2004"]
    assert page.locator("#embed-2004 .status").inner_text() != ""
    assert view.requests == [] and view.console == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("width", "height", "columns"), [(390, 844, 1), (1280, 800, 4), (1600, 900, 5)]
)
def test_the_index_fits_in_a_screen_or_two(site, offline_page, width, height, columns):
    out, _ = site
    view = offline_page(width=width, height=height)
    page = view.page
    page.goto((out / "index.html").as_uri())
    page.wait_for_load_state("load")
    tracks = page.evaluate(
        "getComputedStyle(document.querySelector('main.grid'))"
        ".gridTemplateColumns.split(' ').length"
    )
    assert tracks == columns
    lines = page.evaluate(
        """() => [...document.querySelectorAll('.card .changes')].map(p =>
            p.getBoundingClientRect().height /
            parseFloat(getComputedStyle(p).lineHeight))"""
    )
    assert len(lines) == len(YEARS) and all(n <= 2.05 for n in lines), lines
    # and nothing of that line is cut off ("+N more" shows)
    clipped = page.evaluate(
        """() => [...document.querySelectorAll('.card .changes')]
            .filter(p => p.scrollHeight > p.clientHeight + 1).map(p => p.textContent)"""
    )
    assert clipped == []
    cards = page.evaluate(
        "[...document.querySelectorAll('.card')].map(c => c.offsetHeight)"
    )
    assert max(cards) <= (180 if columns == 1 else 340), cards
    assert view.requests == [] and view.console == []
