"""An export's figures (basemap.exportfigures), drawn from its timeline.

The export draws every year by stepping its timeline, laid out as a
figure, from year to year. That is only right if the timeline at a year is
the year's own figure: here, for every bundled year, the export's SVG is
the same bytes as the figure of the year's own page, its PNG the same
picture, and its PDF the same text under the year's own title. A narrow
figure (the key under the map) is drawn from each year's own page.
"""

from __future__ import annotations

import io

import pypdf
import pytest

from basemap.exporter.run import export
from basemap.figures.draw import render_figures

from ..figures.test_draw import changed

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def drawn_both_ways(tmp_path_factory):
    """The bundled export's figures (from the timeline), and the figures of
    its yearly pages, each opened on its own."""
    out = tmp_path_factory.mktemp("export")
    result = export(out, formats=["svg", "png", "pdf"])
    pages = [out / f"{year}.html" for year in result.years]
    own = render_figures(
        pages, ["svg", "png", "pdf"], preset=None, width=1200, height=800
    )
    return (
        out,
        result.years,
        {y: f.outputs for y, f in zip(result.years, own, strict=True)},
    )


def test_every_year_s_svg_is_its_own_page_s(drawn_both_ways):
    out, years, own = drawn_both_ways
    assert len(years) >= 30  # 1991 to the data's "as of" year
    for year in years:
        assert (out / f"{year}.svg").read_bytes() == own[year]["svg"], year


def test_every_year_s_png_is_its_own_page_s_picture(drawn_both_ways):
    out, years, own = drawn_both_ways
    for year in years:
        # (raster bytes may differ by a few anti-aliased pixels: see the
        # note in basemap.figures; a wrong year differs in thousands)
        assert changed((out / f"{year}.png").read_bytes(), own[year]["png"]) < 1e-4, (
            year
        )


def test_every_year_s_pdf_has_its_own_title_and_text(drawn_both_ways):
    out, years, own = drawn_both_ways
    for year in years[:: len(years) // 6]:
        ours = pypdf.PdfReader(out / f"{year}.pdf")
        theirs = pypdf.PdfReader(io.BytesIO(own[year]["pdf"]))
        assert ours.metadata.title == theirs.metadata.title
        assert ours.metadata.title.endswith(f", {year}")
        assert ours.pages[0].extract_text() == theirs.pages[0].extract_text(), year


@pytest.mark.parametrize(
    "size",
    [
        {"preset": None, "width": 760, "height": 1000},  # SIDE_BY_SIDE, portrait
        {"preset": "social"},
        {"preset": "slide", "scale": 2},
    ],
)
def test_a_stepped_year_is_its_own_figure_at_every_wide_size(drawn_both_ways, size):
    """From SIDE_BY_SIDE up the map keeps its size from year to year: a
    timeline stepped through years with and without events draws each
    year's own figure, byte for byte (TimelineYear's promise)."""
    from basemap.figures.draw import TimelineYear, draw_figures

    out, _, _ = drawn_both_ways
    years = [1991, 2002, 2005, 2014, 2022]
    stepped, _ = draw_figures(
        [TimelineYear(out / "timeline.html", y) for y in years], ["svg"], **size
    )
    own, _ = draw_figures([out / f"{y}.html" for y in years], ["svg"], **size)
    for year, a, b in zip(years, stepped, own, strict=True):
        assert a.outputs["svg"] == b.outputs["svg"], (year, size)


#: The figure's layout: the map's and the side panel's boxes.
LAYOUT = """() => [".folium-map", ".basemap-side"].map(s => {
  const r = document.querySelector(s).getBoundingClientRect();
  return [r.x, r.y, r.width, r.height];
})"""


def test_a_narrow_figure_stepped_to_a_year_shows_its_events_under_the_map(
    drawn_both_ways, offline_page
):
    """Below the side-by-side width the events go under the map, in panels
    a narrow page draws closed: a timeline stepped from a year without
    events to one with eight opens them, under the map, none hidden under
    its edge (it kept the year before's height once). The map itself is
    the timeline's, framed on the core of every year so that it does not
    jump (compose.js): not the year's own page, whose core is its own
    year's, which is why an export draws narrow figures from the pages."""
    from basemap.figures.draw import _FIGURE_JS, _YEAR_JS, SIDE_BY_SIDE

    out, _, _ = drawn_both_ways
    size = {"width": SIDE_BY_SIDE - 60, "height": 900}
    page = offline_page(**size).open(out / "timeline.html", "#year=1991")
    page.evaluate(_FIGURE_JS, [None, False, 10_000])
    page.evaluate(_YEAR_JS, [2005, False])
    map_box, side_box = page.evaluate(LAYOUT)
    # the key and the events under the map
    assert side_box[1] >= map_box[1] + map_box[3] - 0.5
    assert page.evaluate(
        "() => [...document.querySelectorAll('.basemap-context details')]"
        ".every(d => d.open)"
    )
    assert page.locator("ol.basemap-events > li").count() == 8  # 2005's eight


@pytest.mark.parametrize(
    ("width", "limit", "stepped"),
    [(1200, None, True), (700, None, False), (1200, 1000, False)],
)
def test_a_narrow_export_or_a_large_timeline_draws_each_year_from_its_page(
    tmp_path, monkeypatch, width, limit, stepped
):
    import basemap.exporter.drawing
    import basemap.figures.draw
    from basemap.figures.draw import TimelineYear

    if limit is not None:  # a timeline too large for a browser to open
        monkeypatch.setattr(basemap.figures.draw, "STEP_LIMIT", limit)

    from ..conftest import DATA

    handed = []
    draw = basemap.figures.draw.draw_figures

    def recording(pages, *args, **kwargs):
        def seen():
            for page in pages:
                handed.append(page)
                yield page

        return draw(seen(), *args, **kwargs)

    monkeypatch.setattr(basemap.exporter.drawing, "draw_figures", recording)
    data = DATA / "valid" / "sample.geojson"
    export(tmp_path, first=2004, last=2005, data=data, formats=["svg"], width=width)
    assert len(handed) == 2
    assert all(isinstance(p, TimelineYear) for p in handed) == stepped
    assert (tmp_path / "2005.svg").is_file()
