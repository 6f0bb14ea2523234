"""Large layers (static/canvas.js): more than ``render.CANVAS_THRESHOLD``
sites are drawn as one dots layer per group on a canvas, in headless
Chromium, offline. The layer is the benchmarks' synthetic one (the bundled
sites cloned with all their properties and moved to random points inside
their host countries), 3,500 sites."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from basemap.render.encoding import CANVAS_THRESHOLD

from ..conftest import REPO

pytestmark = pytest.mark.browser

ROOT = REPO
N = 3_500


def _synthetic():
    spec = importlib.util.spec_from_file_location(
        "synthetic", ROOT / "benchmarks" / "synthetic.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    from basemap.pipeline import build

    out = tmp_path_factory.mktemp("canvas")
    layer = out / "sites.geojson"
    layer.write_text(json.dumps(_synthetic().make_layer(N)), encoding="utf-8")
    return build(year=2005, data=layer, output=out / "2005.html")


# an opaque dot of the present group, in view, that no later dot covers
# (the last drawn are on top), where it is drawn, and its style
TOP = """() => {
  const view = window.basemapViews[0], map = view.map;
  const dots = view.markers().filter(m => m.basemapProps.presence !== "former");
  const at = dots.map(d => map.latLngToContainerPoint(d.getLatLng()));
  let i = dots.length - 1;
  const covered = k => at.slice(k + 1).some(q => q.distanceTo(at[k]) < 24);
  const size = map.getSize();
  const inside = k => at[k].x > 20 && at[k].y > 20 &&
    at[k].x < size.x - 20 && at[k].y < size.y - 20;
  const opaque = k => dots[k].basemapProps.marker.fillOpacity >= 0.9;
  while (i > 0 && !(opaque(i) && inside(i) && !covered(i))) { i--; }
  const m = dots[i], q = at[i];
  const box = map.getContainer().getBoundingClientRect();
  const p = m.basemapProps;
  return {key: p.key, short: p.short, label: p.label,
          x: box.left + q.x, y: box.top + q.y, fill: m.basemapProps.marker.fillColor,
          opacity: m.basemapProps.marker.fillOpacity, count: view.markers().length,
          shown: view.shown().length};
}"""


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def test_a_large_layer_is_drawn_as_dots_not_a_layer_per_marker(large, offline_page):
    page = offline_page().open(large)
    assert page.locator(".basemap-marker").count() == 0  # no SVG markers
    assert page.locator(".leaflet-overlay-pane canvas").count() == 1
    top = page.evaluate(TOP)
    assert top["shown"] > CANVAS_THRESHOLD
    assert top["count"] == top["shown"]  # one stand-in per dot, for the tools


PIXEL = """([x, y]) => {
  const c = document.querySelector(".leaflet-overlay-pane canvas");
  const r = c.getBoundingClientRect(), k = c.width / r.width;
  const d = c.getContext("2d").getImageData(
    Math.round((x - r.left) * k), Math.round((y - r.top) * k), 1, 1).data;
  return [d[0], d[1], d[2], d[3]];
}"""


def _assert_drawn(page, top):
    pixel = page.evaluate(PIXEL, [top["x"], top["y"]])  # the page's own pixels
    want = _rgb(top["fill"])
    assert pixel[3] >= round(255 * top["opacity"]) - 3  # opaque as its fill
    close = [abs(a - b) <= 24 for a, b in zip(pixel[:3], want, strict=True)]
    assert all(close), (pixel, top)


def test_the_topmost_dot_is_drawn_in_its_colour_where_it_lies(large, offline_page):
    page = offline_page().open(large)
    _assert_drawn(page, page.evaluate(TOP))


def test_the_dots_are_drawn_again_where_a_pan_or_zoom_takes_them(large, offline_page):
    page = offline_page().open(large)
    for move in (
        "map => map.panBy([120, 60], {animate: false})",
        "map => map.setZoom(map.getZoom() + 1, {animate: false})",
    ):
        page.evaluate(f"({move})(window.basemapViews[0].map)")
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        top = page.evaluate(TOP)
        _assert_drawn(page, top)


def test_hovering_a_dot_names_it_and_clicking_opens_its_popup(large, offline_page):
    page = offline_page().open(large)
    top = page.evaluate(TOP)
    page.mouse.move(top["x"] - 40, top["y"] - 40)
    page.mouse.move(top["x"], top["y"], steps=4)
    # Leaflet's canvas tests what lies under the pointer at most every 32
    # ms and drops the moves between: the reader's next move is tested
    page.wait_for_timeout(60)
    page.mouse.move(top["x"] + 1, top["y"])
    page.wait_for_function(
        "label => [...document.querySelectorAll('.basemap-hover')]"
        ".some(t => t.textContent === label)",
        arg=top["label"],
        timeout=3_000,
    )
    page.mouse.click(top["x"], top["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3_000)
    assert top["short"] in popup.inner_text()
    assert "Sources" in popup.inner_text()


def test_an_address_naming_a_site_opens_its_popup(large, offline_page):
    page = offline_page().open(large)
    top = page.evaluate(TOP)
    other = offline_page().open(large, f"#site={top['key']}")
    popup = other.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3_000)
    assert top["short"] in popup.inner_text()


def test_a_filter_draws_only_the_dots_it_keeps(large, offline_page):
    page = offline_page().open(large, "#operator=RUS")
    operators = page.evaluate(
        "() => [...new Set(window.basemapViews[0].markers()"
        ".map(m => m.basemapProps.operator))]"
    )
    assert operators == ["RUS"]


def test_an_svg_figure_draws_the_dots_as_circles(large, offline_page):
    page = offline_page().open(large)
    top = page.evaluate(TOP)
    svg = page.evaluate("() => basemapFigure.svg()")
    dots = svg.split('<g class="basemap-dots">', 1)[1].split("</g>", 1)[0]
    in_view = page.evaluate(
        """() => {
          const view = window.basemapViews[0], size = view.map.getSize();
          return view.markers().filter(m => {
            if (!view.map.hasLayer(m.basemapDots)) { return false; }  // former: off
            const q = view.map.latLngToContainerPoint(m.getLatLng());
            return q.x >= 0 && q.y >= 0 && q.x <= size.x && q.y <= size.y;
          }).length;
        }"""
    )
    assert dots.count("<circle ") >= in_view > CANVAS_THRESHOLD // 2
    # the dot found on the canvas is in the figure, in its place and colour
    x, y = page.evaluate(  # rounded as figure.js writes numbers
        "([x, y]) => [x, y].map(v => String(Math.round(v * 10) / 10))",
        [top["x"], top["y"]],
    )
    circle = f'<circle cx="{x}" cy="{y}"'
    assert circle in dots
    # the last circle there: the sites are cloned from the real ones, and a
    # site's other operators are drawn at the same point, under it
    drawn = dots.rsplit(circle, 1)[1].split("/>", 1)[0]
    assert f'fill="{top["fill"]}" fill-opacity="{top["opacity"]:g}"' in drawn


def _embedded(path: Path) -> dict:
    html = path.read_text(encoding="utf-8")
    start = html.index('id="basemap-data">') + len('id="basemap-data">')
    return json.loads(html[start : html.index("</script>", start)])


def test_the_embedded_data_stays_whole_geojson_with_the_dots_beside(large):
    data = _embedded(large)
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) > CANVAS_THRESHOLD
    for f in features:  # every feature whole, periods and all
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        assert {"site", "operator", "host", "periods"} <= f["properties"].keys()
    dots = data["basemap"]["dots"]  # a foreign member: the dots in columns
    assert dots["site"] == [f["properties"]["site"] for f in features]
    assert dots["xy"] == [c for f in features for c in f["geometry"]["coordinates"]]
    assert len(dots["of"]) == 3 * len(features)
    styles = [dots["styles"][i] for i in dots["of"][::3]]
    assert set(styles) <= data["basemap"]["styles"].keys()


def test_a_small_layer_carries_no_dots(tmp_path):
    from basemap.pipeline import build

    page = build(year=2005, output=tmp_path / "2005.html")
    assert "dots" not in _embedded(page)["basemap"]


# every property of every feature as the page holds it, against the
# features read from the GeoJSON and expanded as a small layer's are
SAME = """() => {
  const view = window.basemapViews[0], held = view.features();
  const data = JSON.parse(document.getElementById("basemap-data").textContent);
  const full = data.features.map(f => basemapExpand(f, data.basemap));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const differ = [];
  full.forEach((f, i) => {
    const p = held[i].properties;
    if (!same(held[i].geometry, f.geometry)) { differ.push([i, "geometry"]); }
    Object.keys(f.properties).forEach(k => {
      if (!same(p[k], f.properties[k])) { differ.push([i, k]); }
    });
  });
  return {n: held.length, differ: differ.slice(0, 10)};
}"""


def test_the_dots_drawn_before_the_data_is_read_hold_its_properties(
    large, offline_page
):
    page = offline_page().open(large)
    same = page.evaluate(SAME)
    assert same["n"] > CANVAS_THRESHOLD
    assert same["differ"] == []


def test_the_search_finds_a_dot_by_its_name(large, offline_page):
    page = offline_page().open(large)
    top = page.evaluate(TOP)
    page.fill("#basemap-q", top["short"])
    found = page.locator(".basemap-result-name", has_text=top["short"]).first
    found.wait_for(timeout=5_000)
    found.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3_000)
    assert top["short"] in popup.inner_text()
