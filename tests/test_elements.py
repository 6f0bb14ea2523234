"""The page's elements (basemap.elements): a page is rendered without
copying its text section by section."""

from __future__ import annotations

import sys
import tracemalloc

from basemap.pipeline import make_map
from basemap.write import render_html


def test_a_page_is_rendered_in_about_its_own_size():
    # a map's document (tens of megabytes at 10,000 sites) is made into its
    # element once, and the page lays out its sections itself: rendering
    # holds little more than the page it returns. Before, the document, its
    # tag, the body section and the page were alive at once (2.06 times the
    # page for the bundled 2005 map; 1.14 now)
    m = make_map(year=2005)
    first = render_html(m)
    tracemalloc.start()
    try:
        page = render_html(m)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert page == first  # the same bytes every time
    assert peak < 1.5 * sys.getsizeof(page)


def test_a_map_shown_then_written_is_one_map(tmp_path):
    # a notebook renders a map to show it; written after, or twice, the
    # page must hold one map, byte for byte the one written at once
    from basemap.write import write_map

    m = make_map(year=2005)
    m._repr_html_()
    path = write_map(m, tmp_path / "2005.html")
    write_map(m, tmp_path / "again.html")
    fresh = render_html(make_map(year=2005))
    assert path.read_text("utf-8") == (tmp_path / "again.html").read_text() == fresh
    assert fresh.count('class="folium-map"') == 1
