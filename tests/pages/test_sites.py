"""The site pages and the presence page (basemap.sitepages)."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from basemap.io.context import read_context
from basemap.pages.history import site_histories
from basemap.pages.sitehtml import safe_url
from basemap.pages.sites import (
    planned_names,
    presence_files,
    site_pages,
    write_presence_chart,
    write_site_pages,
)
from basemap.resources import seed_citations

from ..conftest import REPO
from ..hostile import PAYLOADS, write_hostile_context, write_hostile_layer

AS_OF = "2026-12-01"


def str_escape(text: str) -> str:
    """As the templates escape (markupsafe)."""
    return str(escape(text))


YEARS = range(1991, 2027)


class Links(HTMLParser):
    """Every href and src of a page, and every tag."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.tags: set[str] = set()
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            if name in ("href", "src"):
                self.links.append(value)
            if name.startswith("on"):
                self.handlers.append(name)


def parse(page: str) -> Links:
    p = Links()
    p.feed(page)
    return p


@pytest.fixture(scope="module")
def context():
    return read_context()


@pytest.fixture(scope="module")
def pages(layers, context):
    return site_pages(layers, context, as_of=AS_OF, years=YEARS)


@pytest.fixture(scope="module")
def exported(tmp_path_factory, layers, context):
    folder = tmp_path_factory.mktemp("atlas")
    written = write_site_pages(layers, context, folder, as_of=AS_OF, years=YEARS)
    written += write_presence_chart(layers, context, folder, as_of=AS_OF)
    return folder, written


def test_one_page_per_site_written_atomically(exported, layers):
    folder, written = exported
    sites = sorted(set(layers["site"]))
    assert written[: len(sites)] == [folder / "sites" / f"{s}.html" for s in sites]
    assert written[len(sites) :] == [folder / "presence.html", folder / "presence.svg"]
    assert all(p.is_file() and p.stat().st_size > 1000 for p in written)
    leftovers = [p.name for p in folder.rglob(".*")]
    assert leftovers == []  # no temporary file left behind


def test_planned_names_are_the_files_made(layers, context, pages):
    made = [*pages, *presence_files(layers, context, as_of=AS_OF)]
    assert planned_names(layers) == made


def test_every_period_with_its_attributes(pages, layers):
    page = pages["sites/kant.html"]
    for row in layers[layers["site"] == "kant"].itertuples():
        assert f'id="{row.id}"' in page
        assert str_escape(row.name) in page
        for source in row.sources:
            if source.get("seed"):
                assert str_escape(seed_citations()[source["seed"]]) in page
                assert source["seed"] not in page  # the file name is only a key
            else:
                assert str_escape(source["title"]) in page
    assert "2002-12 (month)" in page
    assert "2002-10~ (month, approximate)" in pages["sites/manas.html"]
    assert "present (as of 2026-12-01)" in page
    assert "about 400 (2009, " in page  # personnel with its date and source
    assert "Su-27 fighters" in page and "999th Air Base" in page
    baikonur = pages["sites/baikonur.html"]
    assert "1992? (year, uncertain)" in baikonur


def test_links_are_relative_or_http(pages):
    for name, page in pages.items():
        parsed = parse(page)
        assert parsed.handlers == [], name
        for link in parsed.links:
            if re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I):
                assert safe_url(link) == link, (name, link)
            else:
                assert link.startswith(("../", "#")), (name, link)


def test_links_back_to_index_timeline_and_each_year_present(pages):
    links = parse(pages["sites/kant.html"]).links
    assert "../index.html" in links and "../presence.html" in links
    assert "../timeline.html#2002" in links  # the first year Kant is on a map
    years = [
        int(m) for m in re.findall(r"^\.\./(\d{4})\.html$", "\n".join(links), re.M)
    ]
    assert years == list(range(2002, 2027))
    k2 = parse(pages["sites/karshi-khanabad.html"]).links
    assert [link for link in k2 if re.match(r"\.\./\d{4}\.html", link)] == [
        f"../{y}.html" for y in range(2001, 2006)
    ]


def test_year_links_follow_the_export_name(layers, context):
    pages = site_pages(layers, context, as_of=AS_OF, years=[2005], name="map-{year}")
    assert 'href="../map-2005.html"' in pages["sites/kant.html"]
    assert "../2004.html" not in pages["sites/kant.html"]


def test_events_at_the_site_with_sources(pages):
    page = pages["sites/karshi-khanabad.html"]
    for title in (
        "US forces arrive at Karshi-Khanabad (K2)",
        "Uzbekistan serves the US notice to leave K2",
        "Last US aircraft leaves Karshi-Khanabad",
    ):
        assert str_escape(title) in page
    assert "2005-07-29 (day)" in page
    assert "No event is recorded at this site." in pages["sites/emba.html"]


def test_page_embeds_its_charts_and_locator(pages):
    page = pages["sites/manas.html"]
    assert page.count("<svg ") == 3  # wide and narrow strips, locator
    assert page.count('class="bm-period"') == 2 * 18
    assert "43.0614° N, 74.4775° E" in page


def test_pages_are_self_contained(pages, exported):
    folder, _ = exported
    for page in [*pages.values(), (folder / "presence.html").read_text()]:
        parsed = parse(page)
        assert "script" not in parsed.tags
        assert not {"img", "link", "iframe", "object", "embed"} & parsed.tags
        assert "@import" not in page and "url(http" not in page


def test_presence_page_embeds_the_same_svg(exported):
    folder, _ = exported
    svg = (folder / "presence.svg").read_text(encoding="utf-8")
    page = (folder / "presence.html").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert svg.strip() in page
    for link in set(re.findall(r'href="(sites/[^"]+)"', page)):
        assert (folder / link).is_file(), link


def test_output_is_deterministic(layers, context, pages):
    again = site_pages(layers, context, as_of=AS_OF, years=YEARS)
    assert again == pages
    files = presence_files(layers, context, as_of=AS_OF)
    assert presence_files(layers, context, as_of=AS_OF) == files


def test_without_context_or_layers(layers):
    pages = site_pages(layers, None, as_of=AS_OF, years=[2005])
    assert "No event is recorded at this site." in pages["sites/kant.html"]
    empty = layers.iloc[0:0]
    assert site_pages(empty, None, as_of=AS_OF, years=[2005]) == {}
    files = presence_files(empty, None, as_of=AS_OF)
    assert set(files) == {"presence.html", "presence.svg"} == set(planned_names(empty))


def test_safe_url_accepts_only_http_and_https():
    assert safe_url("http://example.org/") == "http://example.org/"
    assert safe_url("HTTPS://example.org/a?b=1") == "HTTPS://example.org/a?b=1"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example/", "", None):
        assert safe_url(bad) is None
    assert safe_url("https://example.org/ x") is None


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-atlas")
    from basemap.io.layers import read_layers

    layers = read_layers(write_hostile_layer(folder))
    events, alliances = write_hostile_context(folder)
    context = read_context(events, alliances)
    written = write_site_pages(layers, context, folder, as_of="2026-11-23", years=YEARS)
    written += write_presence_chart(layers, context, folder, as_of="2026-11-23")
    assert not (folder / "PWNED").exists(), "a template in the data ran"
    return folder


def test_hostile_strings_are_escaped_and_literal(hostile):
    page = (hostile / "sites" / "kant.html").read_text(encoding="utf-8")
    assert "{{ 7*7 }}" in page and "49 jinja" not in page
    for key in ("name", "alias", "kind", "notes", "unit", "equipment", "title"):
        assert str(escape(PAYLOADS[key])) in page, key
    parsed = parse(page)
    assert "script" not in parsed.tags and "iframe" not in parsed.tags
    assert parsed.handlers == []
    for link in parsed.links:
        assert link.startswith(("../", "#", "https://example.org/")), link


def test_hostile_link_is_not_a_javascript_link(tmp_path, layers):
    from basemap.pages.sites import site_page

    layers = layers[layers["site"] == "emba"].copy()
    record = dict(layers.iloc[0]["sources"][0])
    record.update(url="javascript:alert(1)", title="Bad link", seed=None)
    layers.at[layers.index[0], "sources"] = [record]
    [site] = site_histories(layers)
    page = site_page(site, as_of=AS_OF, years=YEARS)
    assert "javascript:" not in page
    assert "<cite>Bad link</cite>" in page


# -- in a browser ----------------------------------------------------------

BOXES = """svg => {
  const vb = svg.viewBox.baseVal, r = svg.getBoundingClientRect();
  return {
    viewBox: [vb.x, vb.y, vb.width, vb.height],
    rect: [r.left, r.top, r.right, r.bottom],
    boxes: [...svg.querySelectorAll("text")].map(t => {
      const b = t.getBBox(), c = t.getBoundingClientRect();
      return {text: t.textContent, box: [b.x, b.y, b.x + b.width, b.y + b.height],
              client: [c.left, c.top, c.right, c.bottom]};
    }),
  };
}"""


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def assert_text_clear(found: dict) -> None:
    x, y, w, h = found["viewBox"]
    boxes = found["boxes"]
    assert len(boxes) > 50
    for t in boxes:
        b = t["box"]
        assert b[0] >= x and b[1] >= y and b[2] <= x + w and b[3] <= y + h, t
        c, r = t["client"], found["rect"]
        assert c[0] >= r[0] - 0.5 and c[2] <= r[2] + 0.5, t
    clashes = [
        (a["text"], b["text"])
        for a, b in itertools.combinations(boxes, 2)
        if _overlap(a["box"], b["box"])
    ]
    assert clashes == []


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_presence_page_offline_with_clear_labels(exported, offline_page, size):
    folder, _ = exported
    view = offline_page(width=size[0], height=size[1])
    page = view.open(folder / "presence.html")
    chart = page.locator("figure svg:visible")
    assert chart.count() == 1  # the wide chart, or on a phone the narrow one
    found = chart.evaluate(BOXES)
    assert found["viewBox"][2] == (1000 if size[0] > 760 else 420)
    assert found["rect"][2] <= size[0]  # no sideways scrolling
    assert_text_clear(found)
    assert page.locator("figure svg a").count() == page.locator(".bm-row").count()
    assert view.requests == [] and view.console == []


@pytest.mark.browser
def test_presence_svg_alone_has_clear_labels(exported, offline_page):
    folder, _ = exported
    view = offline_page()
    view.page.goto((folder / "presence.svg").resolve().as_uri())
    assert_text_clear(view.page.locator("svg").first.evaluate(BOXES))
    assert view.requests == [] and view.console == []


@pytest.mark.browser
@pytest.mark.parametrize("size", [(1280, 800), (390, 844)])
def test_site_page_offline(exported, offline_page, size):
    folder, _ = exported
    view = offline_page(width=size[0], height=size[1])
    page = view.open(folder / "sites" / "manas.html")
    assert page.locator("h1").inner_text() == "Manas"
    assert page.locator("article").count() == 18 + 4  # periods and events
    strip = page.locator(".bm-narrow svg" if size[0] < 560 else ".bm-wide svg")
    assert strip.is_visible()
    box = strip.bounding_box()
    assert box["width"] <= size[0]  # fits the screen: no sideways scrolling
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= size[0]
    assert view.requests == [] and view.console == []


@pytest.mark.browser
def test_hostile_site_page_runs_nothing(hostile, offline_page):
    view = offline_page()
    page = view.open(hostile / "sites" / "kant.html")
    start = page.url
    page.locator("a").first.hover()
    assert PAYLOADS["name"] in page.locator("main").inner_text()
    assert view.dialogs == [] and view.console == [] and view.requests == []
    assert page.evaluate("window.__pwned") is None and page.url == start
    presence = view.open(hostile / "presence.html")
    assert presence.evaluate("window.__pwned") is None
    assert view.dialogs == [] and view.requests == []


def test_pages_name_no_local_path(pages):
    here = str(REPO)
    assert not any(here in page for page in pages.values())


def test_histories_made_once_give_the_same_files(layers, context, pages):
    """An export makes the histories once for the pages and the chart."""
    sites = site_histories(layers, context, as_of=AS_OF)
    assert site_pages(layers, context, as_of=AS_OF, years=YEARS, sites=sites) == pages
    assert presence_files(layers, context, as_of=AS_OF, sites=sites) == presence_files(
        layers, context, as_of=AS_OF
    )
