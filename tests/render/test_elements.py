"""The page's elements (basemap.elements): a page is rendered without
copying its text section by section; the JSON it embeds is safe inside a
script element and reads back as the data it was made from."""

from __future__ import annotations

import json
import math
import sys
import tracemalloc

from hypothesis import given
from hypothesis import strategies as st

from basemap.output.atomic import render_html
from basemap.pipeline import make_map
from basemap.render.assets import script_json

# what the data holds: text (any, with what could end a script element),
# whole numbers, coordinates and measures written without an exponent
_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"), st.sampled_from('<>&/!-\u2028\u2029"\\')
    )
)
_PLAIN_FLOATS = st.floats(min_value=1e-4, max_value=1e15) | st.floats(
    min_value=-1e15, max_value=-1e-4
)
_INTEGERS = st.integers(-(2**63), 2**63 - 1)
_DATA = st.recursive(
    st.none() | st.booleans() | _INTEGERS | _PLAIN_FLOATS | _TEXT,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4)
    ),
    max_leaves=20,
)


@given(_DATA)
def test_script_json_is_the_json_text_with_what_could_end_a_script_escaped(data):
    text = script_json(data)
    assert json.loads(text) == data
    # nothing that could close the element, open a comment or end a line
    # of JavaScript is left
    for char in "<>&\u2028\u2029":
        assert char not in text
    # else the text of the json module: compact, UTF-8 left as it is
    plain = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    assert text == (
        plain.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def test_script_json_writes_what_json_cannot_hold_as_null():
    # a number Python writes with an exponent reads back the same
    assert json.loads(script_json([1e-05, 1e16])) == [1e-05, 1e16]
    assert script_json({"a": math.nan, "b": math.inf, 2005: 1}) == (
        '{"a":null,"b":null,"2005":1}'
    )


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
    from basemap.output.atomic import write_map

    m = make_map(year=2005)
    m._repr_html_()
    path = write_map(m, tmp_path / "2005.html")
    write_map(m, tmp_path / "again.html")
    fresh = render_html(make_map(year=2005))
    assert path.read_text("utf-8") == (tmp_path / "again.html").read_text() == fresh
    assert fresh.count('class="folium-map"') == 1
