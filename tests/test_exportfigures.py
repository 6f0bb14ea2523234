"""An export's figures (basemap.exportfigures), drawn from its timeline.

The export draws every year by stepping its timeline, laid out as a
figure, from year to year. That is only right if the timeline at a year is
the year's own figure: here, for every bundled year, the export's SVG is
the same bytes as the figure of the year's own page, its PNG the same
picture, and its PDF the same text under the year's own title.
"""

from __future__ import annotations

import io

import pypdf
import pytest

from basemap.export import export
from basemap.figures import render_figures

from .test_figures import changed

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
