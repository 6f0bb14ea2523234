"""Geography first: every dot at its place, every label near its dot.

Issue 32's measures, in headless Chromium, from each map's own coordinates
(``latLngToContainerPoint`` of every Leaflet map in ``window.basemapViews``,
the insets included), never from hand-set positions: for the yearly maps
of 2002, 2005, 2014 and 2022 at the sizes readers use, and embedded in an
article (a 390 px phone, a 680 px column) with the snippet of ``embed.html``
and in a plain 480 px iframe:

- no marker more than 16 px from its site's point (a site's own operators
  share a small ring around it);
- no label more than 100 px from its marker, no leader lines crossing;
- Bishkek and Dushanbe named;
- in an embed, the map at least 60% of the frame, and with the snippet
  nothing scrolls inside the frame.

Each test prints its figures (the report of issue 32 quotes them).
"""

from __future__ import annotations

import json

import pytest

from basemap.exporter.gallery import embed_snippet
from basemap.pipeline import build

YEARS = [2002, 2005, 2014, 2022]
SIZES = [(320, 480), (390, 844), (680, 480), (1024, 640), (1280, 800), (1920, 1080)]
MAX_SHIFT = 16  # px: about a marker's own size
MAX_REACH = 100  # px from a label to its marker

#: Per map: the largest displacement of a marker from its site's point,
#: the longest reach of a label, the leader lines that cross, the sites
#: named by label, by number and by an edge pointer, the anchors named.
GEOGRAPHY = """() => {
  const vis = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const out = {disp: 0, dispKey: null, reach: 0, reachKey: null, crossings: 0, byLabel: 0, byNumber: 0,
               present: 0, unnamed: [], listVisible: null, anchors: [], views: 0, mapShare: null};
  const main = document.querySelector('.folium-map').getBoundingClientRect();
  const views = window.basemapViews || [];
  out.views = views.length;
  const markerAt = {};  // key -> [{x,y,view}]
  views.forEach((v, vi) => {
    const map = v.map, c = map.getContainer().getBoundingClientRect();
    (v.markers ? v.markers() : []).forEach(m => {
      if (!map.hasLayer(m) || !m.getElement || !m.getElement()) return;
      const e = m.getElement(); if (!vis(e)) return;
      const r = e.getBoundingClientRect(); const cx = r.left + r.width/2, cy = r.top + r.height/2;
      const t = map.latLngToContainerPoint(m.basemapLatLng || m.getLatLng());
      const d = Math.hypot(cx - (c.left + t.x), cy - (c.top + t.y));
      const p = m.basemapProps;
      if (d > out.disp) { out.disp = d; out.dispKey = p.key + '@' + vi; }
      const inView = cx >= c.left && cx <= c.right && cy >= c.top && cy <= c.bottom;
      (markerAt[p.key] = markerAt[p.key] || []).push({x: cx, y: cy, vi, inView, former: p.presence === 'former',
         boxed: e.classList.contains('basemap-boxed')});
    });
  });
  const labels = [...document.querySelectorAll('.basemap-label[data-keys]')].filter(vis)
      .filter(e => !e.classList.contains('basemap-pointer'));
  const named = {};
  labels.forEach(e => {
    const r = e.getBoundingClientRect(); const num = e.classList.contains('basemap-label-num');
    e.getAttribute('data-keys').split(' ').forEach(k => {
      named[k] = num ? 'number' : (named[k] || 'label');
      const ms = (markerAt[k] || []).filter(m => !m.boxed);
      if (!ms.length) return;
      const d = Math.min(...ms.map(m => Math.hypot(Math.max(r.left - m.x, 0, m.x - r.right),
                                                   Math.max(r.top - m.y, 0, m.y - r.bottom))));
      if (d > out.reach) { out.reach = d; out.reachKey = k + ' "' + e.innerText + '"'; }
    });
  });
  [...document.querySelectorAll('.basemap-pointer[data-keys]')].filter(vis).forEach(e =>
    e.getAttribute('data-keys').split(' ').forEach(k => { named[k] = named[k] || 'pointer'; }));
  // leaders
  document.querySelectorAll('svg.basemap-leaders').forEach(svg => {
    const ls = [...svg.querySelectorAll('line')].map(l => ['x1','y1','x2','y2'].map(a => +l.getAttribute(a)));
    const cr = (a, b, c) => (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0]);
    for (let i = 0; i < ls.length; i++) for (let j = i+1; j < ls.length; j++) {
      const p=[ls[i][0],ls[i][1]], q=[ls[i][2],ls[i][3]], r=[ls[j][0],ls[j][1]], s=[ls[j][2],ls[j][3]];
      if (cr(p,q,r)*cr(p,q,s) < 0 && cr(r,s,p)*cr(r,s,q) < 0) out.crossings++;
    }
  });
  // sites present: by site, counting named
  const sites = {};
  Object.entries(markerAt).forEach(([k, ms]) => {
    if (ms.every(m => m.former)) return;
    if (!ms.some(m => m.inView)) return;
    const s = k.split('/')[0]; (sites[s] = sites[s] || []).push(k);
  });
  // off-map sites named by pointers also count
  Object.entries(named).forEach(([k, how]) => { if (how === 'pointer') { const s = k.split('/')[0]; (sites[s] = sites[s] || []).push(k); } });
  Object.entries(sites).forEach(([s, ks]) => {
    out.present++;
    const hows = ks.map(k => named[k]).filter(Boolean);
    if (!hows.length) out.unnamed.push(s);
    else if (hows.includes('label')) out.byLabel++;
    else if (hows.includes('number')) out.byNumber++;
    else out.byPointer = (out.byPointer || 0) + 1;
  });
  const list = document.getElementById('basemap-numbers');
  if (list && !list.hidden && list.querySelector('li')) {
    const r = list.getBoundingClientRect();
    out.listVisible = r.top < innerHeight && r.bottom <= innerHeight + 1;
    out.listBottom = Math.round(r.bottom);
  }
  out.anchors = [...new Set([...document.querySelectorAll('.basemap-place')].filter(e => {
       if (e.classList.contains('basemap-place-hidden') || getComputedStyle(e).visibility === 'hidden') return false;
       const d = e.firstElementChild; if (!d) return false; const r = d.getBoundingClientRect();
       const c = e.closest('.leaflet-container').getBoundingClientRect();
       return r.width > 0 && r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1; })
     .map(e => e.textContent.trim()).filter(t => /^(Bishkek|Dushanbe|Tashkent|Astana|Kyrgyzstan|Tajikistan)$/i.test(t)))].sort();
  out.mapShare = Math.round(100 * main.height * main.width / (innerWidth * innerHeight));
  out.mapH = Math.round(main.height); out.docH = document.documentElement.scrollHeight; out.winH = innerHeight;
  out.disp = Math.round(out.disp*10)/10; out.reach = Math.round(out.reach);
  return out;
}"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("geography")
    return {year: build(year=year, output=out / f"{year}.html") for year in YEARS}


def check(got: dict, where) -> None:
    assert got["disp"] <= MAX_SHIFT, (where, got["dispKey"], got["disp"])
    assert got["reach"] <= MAX_REACH, (where, got["reachKey"], got["reach"])
    assert got["crossings"] == 0, where
    assert {"Bishkek", "Dushanbe"} <= set(got["anchors"]), (where, got["anchors"])


def offline(context) -> None:
    context.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith(("file:", "data:"))
            else route.abort()
        ),
    )


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_dot_sits_at_its_place(pages, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    offline(context)
    page = context.new_page()
    try:
        for year in YEARS:
            page.goto(pages[year].resolve().as_uri())
            page.wait_for_selector("[data-basemap-ready=true]")
            got = page.evaluate(GEOGRAPHY)
            assert got["views"] >= 1
            print(year, size, json.dumps(got))
            check(got, (year, size))
    finally:
        context.close()


ARTICLE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
    "<meta name='viewport' content='width=device-width, initial-scale=1'>"
    "<style>body{{margin:0}} article{{box-sizing:border-box;max-width:{column}px;"
    "margin:0 auto;padding:0 {pad}px}} p{{font:17px/1.5 serif}}</style></head>"
    "<body><article><p>Before the map.</p>{frame}<p>After the map.</p>"
    "</article></body></html>"
)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("viewport", "column", "pad"),
    [((390, 844), 390, 0), ((1280, 800), 680, 0)],
    ids=["phone", "column680"],
)
@pytest.mark.parametrize("how", ["snippet", "fixed480"])
def test_an_embedded_map_is_mostly_map(pages, browser, viewport, column, pad, how):
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}
    )
    offline(context)
    page = context.new_page()
    try:
        for year in YEARS:
            src = pages[year].name
            if how == "snippet":
                frame = embed_snippet(src, "Map", "A map.")
            else:
                frame = (
                    f'<iframe src="{src}" title="Map" '
                    'style="width:100%;height:480px;border:0"></iframe>'
                )
            path = pages[year].parent / f"article-{year}-{column}-{how}.html"
            path.write_text(ARTICLE.format(column=column, pad=pad, frame=frame))
            page.goto(path.resolve().as_uri())
            inside = page.frames[1]
            inside.wait_for_selector("[data-basemap-ready=true]")
            if how == "snippet":  # the frame takes the page's height
                for _ in range(50):
                    box = page.locator("iframe").bounding_box()
                    want = inside.evaluate(
                        "() => document.documentElement.scrollHeight"
                    )
                    if abs(box["height"] - want) <= 1:
                        break
                    page.wait_for_timeout(100)
                assert abs(box["height"] - want) <= 1, (year, box, want)
            got = inside.evaluate(GEOGRAPHY)
            print(year, how, column, json.dumps(got))
            where = (year, how, column)
            check(got, where)
            share = inside.evaluate(
                "() => document.querySelector('.folium-map')"
                ".getBoundingClientRect().height / innerHeight"
            )
            assert share >= 0.6, (where, share)
            # an embed drops the full page's tools
            for tool in (".leaflet-control-zoom", ".leaflet-control-layers"):
                assert not inside.locator(tool).is_visible(), (where, tool)
    finally:
        context.close()
