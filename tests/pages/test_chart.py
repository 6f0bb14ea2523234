"""The SVG charts (basemap.chart) and the histories they draw (basemap.history)."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from basemap.geo.places import place_names
from basemap.io.context import read_context
from basemap.pages.chart import presence_svg
from basemap.pages.history import (
    event_sites,
    operator_colors,
    site_histories,
)
from basemap.pages.locator import locator_svg
from basemap.pages.strip import site_strip_svg, tint
from basemap.pages.svg import FONT, text_width
from basemap.resources import load_boundaries

from ..hostile import PAYLOADS, write_hostile_context, write_hostile_layer

AS_OF = "2026-12-01"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def context():
    return read_context()


@pytest.fixture(scope="module")
def sites(layers, context):
    return site_histories(layers, context, as_of=AS_OF)


@pytest.fixture(scope="module")
def by_site(sites):
    return {s.site: s for s in sites}


@pytest.fixture(scope="module")
def presence(sites):
    return presence_svg(sites, as_of=AS_OF)


def tree(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in tree(svg).iter(f"{SVG}text")]


# -- history ---------------------------------------------------------------


def test_every_period_is_a_bar_of_its_site(layers, sites):
    bars = {b.id for s in sites for b in s.bars}
    assert bars == set(layers["id"])
    assert {s.site for s in sites} == set(layers["site"])
    for s in sites:
        assert {r.operator for r in s.rows} == {b.operator for b in s.bars}


def test_uncertain_ends_are_flagged_from_the_date_spans(by_site):
    division = by_site["dushanbe-201"].bars[0]  # 1992? to 2004-10-15
    assert division.start == "1992?"
    assert (division.earliest_start, division.latest_start) == (
        date(1991, 1, 1),
        date(1993, 12, 31),
    )
    assert division.start_uncertain and not division.end_uncertain
    kant = by_site["kant"]
    # a month is a span of days: its end is drawn as unsure within the month
    assert kant.bars[0].end == "2002-12" and kant.bars[0].end_uncertain
    assert kant.bars[0].latest_end == date(2002, 12, 31)
    hospital = by_site["farkhor"].bars[0]  # 1999? to 2002?
    assert hospital.end == "2002?" and hospital.end_uncertain
    assert hospital.latest_end == date(2003, 12, 31)
    last = kant.bars[-1]
    assert last.open_end and not last.end_uncertain
    assert last.earliest_end == last.latest_end == date(2026, 12, 1)
    exact = kant.bars[1]  # 2003-10-23 to 2012-09-19
    assert not exact.start_uncertain and not exact.end_uncertain


def test_one_distinct_colour_per_operator(layers, sites):
    colors = operator_colors(layers)
    assert set(colors) == set(layers["operator"])
    assert len(set(colors.values())) == len(colors)
    for s in sites:
        for r in s.rows:
            assert r.color == colors[r.operator]


def test_events_by_site_name_or_distance():
    points = {"a": (74.0, 42.0), "b": (80.0, 42.0)}
    events = [
        {"id": "named", "site": "b", "lon": 74.0, "lat": 42.0},
        {"id": "near", "lon": 74.03, "lat": 42.0},  # about 2.5 km
        {"id": "far", "lon": 74.2, "lat": 42.0},  # about 16 km
        {"id": "nowhere"},
    ]
    got = event_sites(events, points)
    assert [e["id"] for e in got["a"]] == ["near"]
    assert [e["id"] for e in got["b"]] == ["named"]


def test_bundled_events_at_their_sites(by_site):
    assert [e["id"] for e in by_site["karshi-khanabad"].events] == [
        "k2-opened",
        "k2-eviction-notice",
        "k2-closed",
    ]
    assert "andijan" not in {e["id"] for s in by_site.values() for e in s.events}


def test_a_site_id_that_cannot_name_a_file_is_refused(layers):
    bad = layers.copy()
    bad.loc[bad.index[0], "site"] = "../etc"
    with pytest.raises(ValueError, match=r"site '\.\./etc'"):
        site_histories(bad)


def test_sites_are_grouped_by_host_in_order_of_arrival(sites):
    hosts = [s.host_name for s in sites]
    assert hosts == sorted(hosts)
    for host in set(hosts):
        starts = [s.rows[0].earliest for s in sites if s.host_name == host]
        assert starts == sorted(starts)


# -- presence chart --------------------------------------------------------


def test_presence_chart_has_every_site_and_operator(presence, sites):
    root = tree(presence)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bm-row"]
    assert len(rows) == sum(len(s.rows) for s in sites)
    assert {g.get("data-site") for g in rows} == {s.site for s in sites}
    labels = set(texts(presence))
    for s in sites:
        for r in s.rows:
            assert r.label in labels  # site name and operator
            assert r.operator_name in r.label and s.name in r.label


def test_presence_chart_bars_per_period_in_operator_colour(presence, sites):
    root = tree(presence)
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bm-row"]
    flat = [r for s in sites for r in s.rows]
    for g, r in zip(rows, flat, strict=True):
        periods = [p for p in g.iter(f"{SVG}g") if p.get("class") == "bm-period"]
        assert len(periods) == len(r.bars)
        fills = {rect.get("fill") for p in periods for rect in p.iter(f"{SVG}rect")}
        assert fills <= {r.color, "#FFFFFF", tint(r.color)}  # the hatch's tint
        stripes = {path.get("stroke") for p in periods for path in p.iter(f"{SVG}path")}
        assert stripes <= {r.color, None}


def test_presence_chart_key_title_axis_and_source(presence, sites):
    words = texts(presence)
    assert words[0] == "Foreign military presence in Central Asia, 1991\u20132026"
    names = {r.operator_name for s in sites for r in s.rows}
    assert names <= set(words)  # the key names every operator
    assert {"1991", "1995", "2000", "2025"} <= set(words)
    assert words.count("2000") == 2  # above and below the bars
    assert any(
        w.startswith(
            "Source: basemap data as of 2026-12-01; sources per site in sites/"
        )
        for w in words
    )
    assert tree(presence).get("font-family") == FONT
    for host in (
        "Kazakhstan",
        "Kyrgyzstan",
        "Tajikistan",
        "Turkmenistan",
        "Uzbekistan",
    ):
        assert host in words


def test_presence_chart_key_colours_are_distinct(presence, layers):
    root = tree(presence)
    swatches = [
        r.get("fill")
        for r in root.iter(f"{SVG}rect")
        if r.get("width") == "12" and r.get("height") == "12"
    ]
    assert len(swatches) == len(set(swatches)) == layers["operator"].nunique() == 15


def test_uncertain_ends_are_hatched(presence, sites):
    root = tree(presence)
    [row] = [
        g
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "bm-row" and g.get("data-site") == "baikonur"
    ]
    hatched = [g for g in row.iter(f"{SVG}g") if g.get("class") == "bm-uncertain"]
    assert len(hatched) == 1  # 1992?: 1991 to 1993; its other dates are days
    stripes = hatched[0].find(f"{SVG}path")
    assert stripes.get("stroke") == "#FF4900" and stripes.get("d").count("M") >= 5
    # the stripes stay inside their rectangle
    box = hatched[0].find(f"{SVG}rect")
    x0, y0 = float(box.get("x")), float(box.get("y"))
    x1, y1 = x0 + float(box.get("width")), y0 + float(box.get("height"))
    for x, y in re.findall(r"([\d.]+) ([\d.]+)", stripes.get("d")):
        assert x0 - 0.05 <= float(x) <= x1 + 0.05 and y0 - 0.05 <= float(y) <= y1 + 0.05
    # an exact period has no hatched part
    k2 = site_strip_svg(
        next(s for s in sites if s.site == "karshi-khanabad"), as_of=AS_OF
    )
    assert "bm-uncertain" not in k2
    # no SVG pattern (a browser's PDF makes images of them), no transparency
    assert "<pattern" not in presence and "opacity" not in presence


def test_events_are_marked(presence, sites):
    root = tree(presence)
    marks = [p for p in root.iter(f"{SVG}path") if p.get("class") == "bm-event"]
    assert len(marks) == sum(len(s.events) for s in sites)
    titles = {"".join(p.find(f"{SVG}title").itertext()) for p in marks}
    assert "2005-07-29: Uzbekistan serves the US notice to leave K2" in titles


def test_presence_rows_link_to_site_pages(presence, sites):
    links = re.findall(r'<a href="([^"]*)"', presence)
    assert set(links) == {f"sites/{s.site}.html" for s in sites}
    bare = presence_svg(sites, as_of=AS_OF, href=lambda s: None)
    assert "<a " not in bare


def test_narrow_presence_chart_puts_labels_above_full_width_bars(sites):
    narrow = presence_svg(sites, as_of=AS_OF, width=420)
    root = tree(narrow)
    assert root.get("viewBox").startswith("0 0 420 ")
    rows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bm-row"]
    assert len(rows) == sum(len(s.rows) for s in sites)
    for t in root.iter(f"{SVG}text"):
        width = text_width(
            "".join(t.itertext()),
            float(t.get("font-size")),
            t.get("font-weight") == "bold",
        )
        x = float(t.get("x")) - (width / 2 if t.get("text-anchor") == "middle" else 0)
        assert x >= 0 and x + width <= 420, "".join(t.itertext())
    # no ids, so both charts can share a page
    assert " id=" not in narrow


def test_presence_chart_is_deterministic(sites, presence):
    assert presence_svg(sites, as_of=AS_OF) == presence
    assert not re.search(r"20\d\d-\d\d-\d\dT", presence)  # no timestamp


def test_open_periods_reach_the_right_edge(presence):
    # the "still present" triangles: one per period with end null
    assert presence.count("l6 4-6 4z") >= 10


# -- site strip ------------------------------------------------------------


def test_site_strip_has_one_bar_per_period(by_site):
    for site in ("kant", "manas", "ayni", "osh"):
        s = by_site[site]
        svg = site_strip_svg(s, as_of=AS_OF)
        root = tree(svg)
        periods = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bm-period"]
        assert len(periods) == len(s.bars)
        for g, b in zip(periods, s.bars, strict=True):
            title = "".join(g.find(f"{SVG}title").itertext())
            assert title.startswith(b.name) and b.start in title


def test_site_strip_draws_proposals_outlined_and_events(by_site):
    osh = site_strip_svg(by_site["osh"], as_of=AS_OF)
    assert 'stroke-dasharray="4 2"' in osh  # proposed, never realised
    k2 = site_strip_svg(by_site["karshi-khanabad"], as_of=AS_OF)
    assert k2.count('class="bm-event"') == 3
    assert "Events at the site" in texts(k2)


def test_site_strip_narrow_wraps_its_labels(by_site):
    kant = by_site["kant"]
    narrow = site_strip_svg(kant, as_of=AS_OF, width=360, size=13)
    for line in texts(narrow):
        assert text_width(line, 13) <= 360 - 2 * 16
    assert "2010" in texts(narrow) and "2005" not in texts(narrow)


# -- locator ---------------------------------------------------------------


def test_locator_shows_the_site_inside_its_borders(by_site):
    kant = by_site["kant"]
    svg = locator_svg(kant, load_boundaries(), place_names())
    root = tree(svg)
    assert root.get("viewBox") == "0 0 320 240"
    dots = [c for c in root.iter(f"{SVG}circle") if c.get("r") == "6"]
    assert [(d.get("cx"), d.get("cy")) for d in dots] == [("160", "120")]
    assert "Kant" in texts(svg) and "100 km" in texts(svg)
    fills = [p.get("fill") for p in root.iter(f"{SVG}path") if p.get("d")]
    assert "#F4EFE1" in fills  # the host country, highlighted
    # every coordinate is inside (or on) the box after clipping
    for p in root.iter(f"{SVG}path"):
        for x, y in re.findall(r"(-?[\d.]+) (-?[\d.]+)", p.get("d") or ""):
            assert -1 <= float(x) <= 321 and -1 <= float(y) <= 241


def test_locator_labels_stay_inside_and_apart(sites):
    boundaries, places = load_boundaries(), place_names()
    for site in sites:
        root = tree(locator_svg(site, boundaries, places))
        boxes = []
        for t in root.iter(f"{SVG}text"):
            size = float(t.get("font-size"))
            w = text_width("".join(t.itertext()), size, t.get("font-weight") == "bold")
            x, y = float(t.get("x")), float(t.get("y"))
            boxes.append((x, y - size, x + w, y + 3))
        assert all(
            b[0] >= 0 and b[2] <= 320 and b[1] >= 0 and b[3] <= 240 for b in boxes
        )
        for a, b in itertools.combinations(boxes, 2):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (
                site.site
            )
        insets = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bm-inset"]
        assert len(insets) == 1  # where the box lies in the region


def test_text_width_is_monotonic_and_wider_in_bold():
    assert text_width("", 12) == 0
    assert text_width("Manas", 12) < text_width("Manas (Russia)", 12)
    assert text_width("Manas", 12) < text_width("Manas", 12, bold=True)
    assert text_width("Kŭlob", 12) == text_width("Kulob", 12)


# -- hostile data ----------------------------------------------------------


def test_hostile_strings_are_escaped_in_every_chart(tmp_path):
    from basemap.io.layers import read_layers

    layers = read_layers(write_hostile_layer(tmp_path))
    events, alliances = write_hostile_context(tmp_path)
    context = read_context(events, alliances)
    [site] = site_histories(layers, context)
    assert [e["id"] for e in site.events] == ["hostile-event"]  # at the site's point
    for svg in (
        presence_svg([site], as_of="2026-11-23"),
        site_strip_svg(site, as_of="2026-11-23"),
        locator_svg(site, load_boundaries(), place_names()),
    ):
        root = tree(svg)  # well-formed: nothing broke out of its element
        tags = {e.tag.removeprefix(SVG) for e in root.iter()}
        assert tags <= {
            "svg", "desc", "rect", "defs", "pattern", "g", "title", "text",
            "path", "line", "a", "circle",
        }  # fmt: skip
        assert "<script" not in svg and "<img" not in svg and "<iframe" not in svg
        for e in root.iter():
            assert not any(k.startswith("on") for k in e.attrib)
    strip = site_strip_svg(site, as_of="2026-11-23")
    assert any(PAYLOADS["name"] in t for t in texts(strip))
    chart = presence_svg([site], as_of="2026-11-23")
    assert f"{PAYLOADS['label']} (Russia)" in texts(chart)
    titles = "".join(t.text or "" for t in tree(chart).iter(f"{SVG}title"))
    assert PAYLOADS["name"] in titles  # the event's title, as text


# -- the same bytes, made in bulk --------------------------------------------


def _plain_paths(site, boundaries, water) -> list[str]:
    """The ``d`` of each border, sea and area of a site's locator, made the
    plain way: each shape clipped to the site's box alone, every number of
    every ring written by _points."""
    import shapely
    from shapely.geometry import shape

    from basemap.pages.locator import _frame
    from basemap.pages.svg import _points

    (x0, y0, x1, y1), k, cos, outline = _frame(site, 320, 240, 2.5)

    def d(geom) -> str:
        out = []
        for poly in getattr(geom, "geoms", [geom]):
            if poly.geom_type != "Polygon" or poly.is_empty:
                continue
            for ring in (poly.exterior, *poly.interiors):
                xy = [
                    (160 + (x - site.lon) * cos * k, 120 - (y - site.lat) * k)
                    for x, y in ring.coords
                ]
                out.append("M" + _points(xy) + "Z")
        return "".join(out)

    shapes = [shape(f["geometry"]) for f in boundaries["features"]]
    shapes = [g if g.is_valid else shapely.make_valid(g) for g in shapes]
    shapes += [shape(f["geometry"]) for f in water.get("features", [])]
    found = []
    for geom in shapes:
        gx0, gy0, gx1, gy1 = geom.bounds
        if gx0 <= x1 and x0 <= gx1 and gy0 <= y1 and y0 <= gy1:
            found.append(d(shapely.clip_by_rect(geom, x0, y0, x1, y1)))
    return [p for p in found if p] + ([d(outline)] if outline is not None else [])


def test_locators_made_together_draw_each_sites_own_borders(sites):
    from basemap.io.layers import read_layers
    from basemap.pages.locator import locator_svgs
    from basemap.pages.sites import _water

    from ..geo.test_areas import AREAS

    every = [*sites, *site_histories(read_layers(AREAS))]
    assert any(s.area for s in every)
    boundaries, water = load_boundaries(), _water()
    together = locator_svgs(every, boundaries, place_names(), water=water)
    for site, svg in zip(every, together, strict=True):
        drawn = [p.get("d") for p in tree(svg).iter(f"{SVG}path")]
        plain = _plain_paths(site, boundaries, water)
        assert drawn[: len(plain)] == plain, site.site
        assert svg == locator_svg(site, boundaries, place_names(), water=water)


def test_rings_written_at_once_as_point_by_point():
    import random

    from basemap.pages.svg import _points, num, ring_paths

    rng = random.Random(7)
    xs = [rng.uniform(-5, 400) for _ in range(3000)]
    xs[:8] = [0.0, -0.0, -0.04, 0.05, 0.15, 0.25, 2.25, -2.35]  # halves, zeros
    ys = [round(rng.uniform(-1, 300), rng.choice([1, 2, 3])) for _ in xs]
    starts = sorted({0, len(xs), *rng.sample(range(len(xs)), 40)})
    text, at = ring_paths(xs, ys, starts)
    rings = [
        "M" + _points(list(zip(xs[a:b], ys[a:b], strict=True))) + "Z"
        for a, b in itertools.pairwise(starts)
    ]
    assert text == "".join(rings)
    assert [text[a:b] for a, b in itertools.pairwise(at)] == rings
    assert _points([(xs[3], ys[3])]) == f"{num(xs[3])} {num(ys[3])}"
    assert (num(0.0), num(-0.0), num(0.0)) == ("0", "-0", "0")  # kept apart


def test_lines_wrapped_and_cut_as_measured_line_by_line():
    import random

    from basemap.pages.svg import fit_text, wrap_text

    def wrap(text, width, size):  # every trial line measured whole
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}" if line else word
            if line and text_width(trial, size) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        return lines + ([fit(line, width, size)] if line else [])

    def fit(text, width, size):  # one character off at a time
        if text_width(text, size) <= width:
            return text
        while text and text_width(text + "\u2026", size) > width:
            text = text[:-1]
        return text.rstrip() + "\u2026"

    rng = random.Random(3)
    letters = "abcdefghij KLMNOP  ,.-()éüКантø\u2026\t\u00a0"
    for _ in range(2000):
        text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 50)))
        width, size = rng.uniform(5, 300), rng.choice([11, 13, 14])
        assert wrap_text(text, width, size) == wrap(text, width, size), text
        assert fit_text(text, width, size) == fit(text, width, size), text
