"""Figures (basemap.figures): PNG, PDF and SVG of the bundled years.

Each figure is its year's page in the figure layout, drawn by Chromium: the
SVG's text (measured in Chromium) names every site present and no two
pieces of text overlap or leave the frame; the PDF keeps its text as text;
the figure has no interactive controls; the SVG is the same bytes twice.
"""

from __future__ import annotations

import io
import json
import re

import pypdf
import pytest
from PIL import Image, ImageChops

from basemap.figures.draw import PRESETS, figure_size, render_figures
from basemap.figures.images import gif_bytes
from basemap.pipeline import build

YEARS = [2002, 2005, 2014, 2022]

MEASURE_SVG = """() => {
  const svg = document.querySelector('svg');
  const frame = svg.getBoundingClientRect();
  return {frame: {x: frame.x, y: frame.y, w: frame.width, h: frame.height},
    texts: [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, keys: (t.getAttribute('data-keys') || '').split(' '),
              x: r.x, y: r.y, w: r.width, h: r.height};
    })};
}"""


def present_keys(page: str) -> dict[str, str]:
    data = json.loads(
        re.search(r'id="basemap-data">(.*?)</script>', page, re.S).group(1)
    )
    out = {}
    for f in data["features"]:
        p = f["properties"]
        if p.get("presence", "present") != "former":
            last = p["periods"][-1]
            out[f"{p['site']}/{p['operator']}"] = last.get("label") or last["name"]
    return out


def changed(a: bytes, b: bytes) -> float:
    """The share of pixels that differ visibly between two PNGs of one size."""
    with Image.open(io.BytesIO(a)) as x, Image.open(io.BytesIO(b)) as y:
        assert x.size == y.size
        diff = ImageChops.difference(x.convert("RGB"), y.convert("RGB"))
        visible = diff.convert("L").point(lambda v: 255 if v > 24 else 0)
        return visible.histogram()[255] / (x.width * x.height)


def overlap(a: dict, b: dict, tol: float = 1.0) -> bool:
    return not (
        a["x"] + a["w"] <= b["x"] + tol
        or b["x"] + b["w"] <= a["x"] + tol
        or a["y"] + a["h"] <= b["y"] + tol
        or b["y"] + b["h"] <= a["y"] + tol
    )


def glyph(text: dict) -> bool:
    """A marker's own letters (an operator's code, drawn inside it)."""
    return not any(text["keys"]) and re.fullmatch(r"[A-Z]{2}", text["text"]) is not None


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    pages = [build(year=y, output=out / f"{y}.html") for y in YEARS]
    figs = render_figures(pages, ["png", "svg", "pdf"], preset="report")
    by_year = {}
    for year, page, fig in zip(YEARS, pages, figs, strict=True):
        assert fig.page == page
        for fmt, data in fig.outputs.items():
            (out / f"{year}.{fmt}").write_bytes(data)
        by_year[year] = fig
    return out, by_year


def test_presets_and_sizes():
    assert figure_size("social") == PRESETS["social"] == (1200, 630)
    assert figure_size("slide", width=1280) == (1280, 900)
    with pytest.raises(ValueError, match="unknown figure preset 'poster'"):
        figure_size("poster")


@pytest.mark.browser
def test_svg_names_every_site_and_no_text_overlaps(figures, browser):
    out, _ = figures
    width, height = PRESETS["report"]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        for year in YEARS:
            page.goto((out / f"{year}.svg").resolve().as_uri())
            got = page.evaluate(MEASURE_SVG)
            frame, texts = got["frame"], got["texts"]
            named = {k for t in texts for k in t["keys"] if k}
            present = present_keys((out / f"{year}.html").read_text())
            assert set(present) <= named, (year, set(present) - named)
            for i, a in enumerate(texts):
                assert frame["x"] - 1 <= a["x"] and a["x"] + a["w"] <= frame["w"] + 1
                assert frame["y"] - 1 <= a["y"] and a["y"] + a["h"] <= frame["h"] + 1
                for b in texts[i + 1 :]:
                    if glyph(a) and glyph(b):
                        continue  # (the letters inside one site's fanned markers)
                    assert not overlap(a, b), (year, a, b)
    finally:
        page.close()


def test_pdf_keeps_text_and_names_every_site(figures):
    out, _ = figures
    for year in YEARS:
        reader = pypdf.PdfReader(out / f"{year}.pdf")
        assert len(reader.pages) == 1
        # (a name in the list under the map may wrap: "201st,\nQurghonteppa")
        text = " ".join(reader.pages[0].extract_text().split())
        assert str(year) in text
        for key, name in present_keys((out / f"{year}.html").read_text()).items():
            assert name in text, (year, key)


@pytest.mark.browser
def test_figures_have_no_interactive_controls(figures, browser):
    out, by_year = figures
    width, height = PRESETS["report"]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto((out / "2005.html").resolve().as_uri())
        page.wait_for_selector("[data-basemap-ready=true]")
        controls = ".leaflet-control-zoom, .leaflet-control-layers, .basemap-nav"
        assert page.locator(controls).first.is_visible()  # the web map has them
        interactive = page.screenshot(type="png")
        for _ in range(2):  # as basemap.figures lays a figure out
            page.evaluate(
                "() => new Promise(ok => { basemapFigure.enter('report'); "
                "requestAnimationFrame(() => requestAnimationFrame(ok)); })"
            )
        for i in range(page.locator(controls).count()):
            assert not page.locator(controls).nth(i).is_visible()
        # and the PNG is the figure: the page in its figure layout looks the
        # same, the interactive page does not. Pixels, not bytes: Chromium's
        # rasteriser now and then draws an edge a shade apart (basemap.figures)
        figure = by_year[2005].outputs["png"]
        assert changed(page.screenshot(type="png"), figure) < 0.002
        assert changed(interactive, figure) > 0.02
    finally:
        page.close()


@pytest.mark.browser
def test_a_figure_is_settled_after_one_layout(figures, browser):
    """basemap.figures lays a page out as a figure once: laying it out
    again (as earlier versions did, twice) changes nothing."""
    from basemap.figures.draw import _FIGURE_JS

    out, by_year = figures
    width, height = PRESETS["report"]
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.emulate_media(media="screen")
        for year in (2005, 2022):
            page.goto((out / f"{year}.html").resolve().as_uri())
            once = page.evaluate(_FIGURE_JS, ["report", True, 10_000])
            assert once.encode("utf-8") == by_year[year].outputs["svg"]
            page.evaluate(
                "() => new Promise(ok => { basemapFigure.enter('report'); "
                "requestAnimationFrame(() => requestAnimationFrame(ok)); })"
            )
            assert page.evaluate("() => basemapFigure.svg()") == once, year
    finally:
        page.close()


def test_svg_is_deterministic(figures, tmp_path):
    out, by_year = figures
    again = render_figures([out / "2005.html"], ["svg"], preset="report")
    assert again[0].outputs["svg"] == by_year[2005].outputs["svg"]


def test_gif_has_a_frame_per_figure(figures):
    from io import BytesIO

    from PIL import Image

    _, by_year = figures
    gif = gif_bytes([by_year[y].outputs["png"] for y in YEARS])
    with Image.open(BytesIO(gif)) as image:
        assert image.n_frames == len(YEARS)
        assert image.size == PRESETS["report"]


def test_presence_chart_as_png_and_pdf_figures(tmp_path, browser):
    import io

    from PIL import Image

    from basemap.figures.charts import chart_images
    from basemap.io.context import read_context
    from basemap.io.layers import read_layers
    from basemap.pages.sites import presence_files

    svg = presence_files(read_layers(), read_context(), as_of="2026-12-01")[
        "presence.svg"
    ]
    width, height = (
        round(float(v))
        for v in re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg).groups()
    )
    images = chart_images(svg, ["png", "pdf"], scale=2)
    png = Image.open(io.BytesIO(images["png"]))
    assert png.size == (2 * width, 2 * height)  # the chart's own size, scaled
    assert png.convert("L").getextrema()[0] < 50  # drawn: dark text on white
    path = tmp_path / "presence.pdf"
    path.write_bytes(images["pdf"])
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Foreign military presence in Central Asia" in text
    assert "Kazakhstan" in text and "Karshi-Khanabad" in text
    # titled as the chart is, and dated by its data when asked: the same
    # chart, the same bytes
    assert (
        reader.metadata.title
        == "Foreign military presence in Central Asia, 1991\u20132026"
    )
    dated = [chart_images(svg, ["pdf"], pdf_date="2026-12-01")["pdf"] for _ in "ab"]
    assert dated[0] == dated[1]
    assert pypdf.PdfReader(io.BytesIO(dated[0])).metadata.creation_date.isoformat() == (
        "2026-12-01T00:00:00+00:00"
    )


def test_maps_and_a_chart_are_drawn_in_one_browser(tmp_path, browser, monkeypatch):
    import io

    import playwright.async_api
    from PIL import Image

    from basemap.figures.draw import draw_figures
    from basemap.io.context import read_context
    from basemap.io.layers import read_layers
    from basemap.pages.sites import presence_files
    from basemap.pipeline import build

    svg = presence_files(read_layers(), read_context(), as_of="2026-12-01")[
        "presence.svg"
    ]
    page = build(year=2005, output=tmp_path / "2005.html")
    launches = []
    start = playwright.async_api.async_playwright

    def counting():
        launches.append(1)
        return start()

    monkeypatch.setattr(playwright.async_api, "async_playwright", counting)
    figures, charts = draw_figures(
        [page], ["png"], preset=None, charts={"presence": svg}, chart_formats=["png"]
    )
    assert len(launches) == 1  # one Playwright, one Chromium for all of it
    assert [f.page for f in figures] == [page]
    assert set(charts) == {"presence"} and set(charts["presence"]) == {"png"}
    chart = Image.open(io.BytesIO(charts["presence"]["png"]))
    assert chart.convert("L").getextrema()[0] < 50  # drawn
    size = Image.open(io.BytesIO(figures[0].outputs["png"])).size
    assert size == figure_size(None, None, None)


def test_pages_are_drawn_as_they_come(tmp_path, browser):
    """An export hands its pages over as it writes them: each is drawn as
    soon as it comes (the second waits for the first's figure here), and a
    chart given as a function is asked for once every page is handed over."""
    import threading

    from basemap.figures.draw import draw_figures
    from basemap.io.context import read_context
    from basemap.io.layers import read_layers
    from basemap.pages.sites import presence_files

    pages = [build(year=y, output=tmp_path / f"{y}.html") for y in (2001, 2005)]
    first_drawn = threading.Event()
    handed = []

    def written():
        yield pages[0]
        handed.append(pages[0])
        # the export goes on writing: the first page is drawn meanwhile
        assert first_drawn.wait(120), "the first page waited for the last"
        yield pages[1]
        handed.append(pages[1])

    def chart():
        assert handed == pages  # asked for after the last page
        return presence_files(read_layers(), read_context(), as_of="2026-12-01")[
            "presence.svg"
        ]

    figures, charts = draw_figures(
        written(),
        ["png"],
        preset=None,
        width=640,
        height=480,
        done=lambda fig: fig.page == pages[0] and first_drawn.set(),
        charts=lambda: {"presence": chart()},
        chart_formats=["png"],
    )
    assert [f.page for f in figures] == pages
    assert set(charts["presence"]) == {"png"}
    for fig in figures:
        assert Image.open(io.BytesIO(fig.outputs["png"])).size == (640, 480)
