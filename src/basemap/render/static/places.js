/* basemap places: the base map's names (countries, capitals, cities, seas
 * and lakes) as quiet, non-interactive text under the sites.
 *
 *   var places = basemapPlaces(map, data, opts);   // data: places.geojson
 *   places.update(avoid);   // after the site labels are placed: sites win
 *
 * Each name is an L.marker with an L.divIcon (class "basemap-place
 * basemap-place-<kind>", its text set through textContent, never as HTML)
 * in its own pane, "basemapPlaces" (z-index 395: over the borders and the
 * alliance shading, under the site markers, their labels and popups), with
 * pointer events off, so a name never takes a click or a tap.
 *
 * update(avoid) shows the names that fit: a name is shown when the zoom has
 * reached its rank (opts.minZoom: rank -> zoom, by default rank 1 always,
 * rank 2 from zoom 4, rank 3 from 5, rank 4 from 6), it lies wholly inside
 * the map, and it overlaps none of the boxes to avoid nor a name shown
 * before it (names go by rank, then kind: country, sea, capital, lake,
 * city). A city or capital whose name does not fit on the right of its
 * mark tries the left. avoid is a list of boxes in container pixels, each
 * [left, top, right, bottom] (or {left, top, right, bottom}); update() also
 * avoids the elements that opts.avoidSelector matches in the map (by
 * default: the marker pane's icons, interactive SVG paths such as the site
 * markers, tooltips, the site labels (.basemap-label) and the map's
 * controls; false for none; markers drawn on a canvas are not seen, so pass
 * their boxes in avoid), so the names
 * stay clear of the sites when it runs on its own after a zoom, a pan or a
 * resize.
 *
 * Where data has a "water" FeatureCollection (the outlines of the Aral Sea,
 * Lake Balkhash and Issyk-Kul, which the country borders cover with land),
 * they are drawn as water (class basemap-water) in the pane "basemapWater"
 * (z-index 355: over the borders' fill once the borders have a pane under
 * it, under the alliance shading).
 *
 * basemapFrame(map, frame) draws a neat frame: the map's frame [west,
 * south, east, north] outlined, and everything outside it covered (pane
 * "basemapFrame", z-index 393), so the cut edge of the borders, which lie a
 * degree outside the frame, is never seen.
 */
function basemapPlaces(map, data, opts) {
  "use strict";
  opts = opts || {};
  var paneName = opts.pane || "basemapPlaces";
  var pane = map.getPane(paneName) || map.createPane(paneName);
  pane.style.zIndex = String(opts.zIndex || 395);
  pane.style.pointerEvents = "none";
  pane.setAttribute("aria-hidden", "true");  // the page's text list names the sites
  var minZoom = opts.minZoom || {1: 0, 2: 4, 3: 5, 4: 6};
  var PAD = opts.padding === undefined ? 3 : opts.padding;  // around each name
  var EDGE = 2;  // from the map's edge
  var ORDER = {country: 0, sea: 1, capital: 2, lake: 3, city: 4};
  var selector = opts.avoidSelector === undefined
    ? ".leaflet-marker-pane > *, .leaflet-overlay-pane path.leaflet-interactive, " +
      ".leaflet-tooltip, .basemap-label, .leaflet-control"
    : opts.avoidSelector;

  // the inland waters the borders cover with land (data.water): drawn as
  // water, in their own pane over the borders' fill (opts.waterZIndex, 355)
  var water = null;
  if (data && data.water && data.water.features && data.water.features.length) {
    var waterPane = map.getPane("basemapWater") || map.createPane("basemapWater");
    waterPane.style.zIndex = String(opts.waterZIndex || 355);
    waterPane.style.pointerEvents = "none";
    water = L.geoJSON(data.water, {
      pane: "basemapWater", interactive: false,
      style: function () { return {className: "basemap-water", weight: 0.7, fillOpacity: 1}; }
    }).addTo(map);
  }

  var items = [];
  var group = L.layerGroup();
  ((data && data.features) || []).forEach(function (f, i) {
    var p = f.properties || {}, c = f.geometry && f.geometry.coordinates;
    if (!c || typeof p.name !== "string" || !(p.kind in ORDER)) { return; }
    var root = document.createElement("div");
    var pointed = p.kind === "capital" || p.kind === "city";
    if (pointed) {
      var mark = document.createElement("span");
      mark.className = "basemap-place-mark";
      root.appendChild(mark);
    }
    var text = document.createElement("span");
    text.className = "basemap-place-text";
    text.textContent = p.name;
    root.appendChild(text);
    var icon = L.divIcon({
      className: "basemap-place basemap-place-" + p.kind + " basemap-place-rank" + p.rank,
      html: root, iconSize: null
    });
    var marker = L.marker([c[1], c[0]], {
      icon: icon, pane: paneName, interactive: false, keyboard: false
    });
    group.addLayer(marker);
    items.push({
      marker: marker, root: root, pointed: pointed, rank: Number(p.rank) || 9,
      order: ORDER[p.kind], index: i, kind: p.kind
    });
  });
  items.sort(function (a, b) {
    return (a.rank - b.rank) || (a.order - b.order) || (a.index - b.index);
  });
  group.addTo(map);

  function toBox(b) {
    if (Array.isArray(b)) { return b; }
    if (b && typeof b.left === "number") { return [b.left, b.top, b.right, b.bottom]; }
    return null;
  }
  function hits(a, b) {
    return !(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]);
  }
  function domBoxes(origin) {
    if (!selector) { return []; }
    var out = [];
    var els = map.getContainer().querySelectorAll(selector);
    for (var i = 0; i < els.length; i++) {
      if (pane.contains(els[i])) { continue; }
      var r = els[i].getBoundingClientRect();
      if (r.width || r.height) {
        out.push([r.left - origin.left, r.top - origin.top, r.right - origin.left,
                  r.bottom - origin.top]);
      }
    }
    return out;
  }
  function boxOf(item, origin) {
    var r = item.root.getBoundingClientRect();
    return [r.left - origin.left - PAD, r.top - origin.top - PAD,
            r.right - origin.left + PAD, r.bottom - origin.top + PAD];
  }

  function update(avoid) {
    if (!map._loaded) { return; }
    var container = map.getContainer(), origin = container.getBoundingClientRect();
    var size = map.getSize(), zoom = map.getZoom();
    var taken = [];
    (avoid || []).forEach(function (b) { var x = toBox(b); if (x) { taken.push(x); } });
    taken = taken.concat(domBoxes(origin));
    var wanted = [];
    items.forEach(function (it) {
      var el = it.marker.getElement();
      if (!el) { return; }
      it.el = el;
      var on = zoom >= (minZoom[it.rank] === undefined ? 99 : minZoom[it.rank]);
      L.DomUtil.removeClass(el, "basemap-place-left");
      if (on) {
        L.DomUtil.removeClass(el, "basemap-place-hidden");
        wanted.push(it);
      } else {
        L.DomUtil.addClass(el, "basemap-place-hidden");
      }
    });
    // measure every candidate once (one layout), then decide in order
    var boxes = wanted.map(function (it) { return boxOf(it, origin); });
    var marks = wanted.map(function (it) {
      return it.pointed ? it.root.firstChild.getBoundingClientRect() : null;
    });
    var writes = [];  // class changes wait until every box is read (one layout)
    var inside = function (b) {
      return b[0] + PAD >= EDGE && b[1] + PAD >= EDGE && b[2] - PAD <= size.x - EDGE &&
        b[3] - PAD <= size.y - EDGE;
    };
    var free = function (b) {
      if (!inside(b)) { return false; }
      for (var k = 0; k < taken.length; k++) { if (hits(b, taken[k])) { return false; } }
      return true;
    };
    var shown = 0;
    wanted.forEach(function (it, i) {
      var b = boxes[i];
      if (!free(b) && it.pointed) {
        // the name on the left of its mark: mirror the box about the mark
        var m = marks[i];
        var mx = m.left - origin.left, mw = m.right - m.left;
        var left = [2 * mx + mw - b[2], b[1], 2 * mx + mw - b[0], b[3]];
        if (free(left)) {
          writes.push([it.el, "basemap-place-left"]);
          b = left;
        } else {
          b = null;
        }
      } else if (!free(b)) {
        b = null;
      }
      if (b) {
        taken.push(b);
        shown += 1;
      } else {
        writes.push([it.el, "basemap-place-hidden"]);
      }
    });
    writes.forEach(function (w) { L.DomUtil.addClass(w[0], w[1]); });
    container.setAttribute("data-basemap-places", String(shown));
    return shown;
  }

  var pending = null;
  function schedule() {
    if (pending !== null) { return; }
    pending = L.Util.requestAnimFrame(function () {
      pending = null;
      update(opts.avoid ? opts.avoid() : []);
    });
  }
  map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
  map.on("zoomend", function () { pane.style.visibility = ""; });
  map.on("zoomend moveend resize", schedule);
  if (map._loaded) { schedule(); } else { map.whenReady(schedule); }

  return {
    update: update,
    layer: group,
    pane: pane,
    water: water,
    remove: function () {
      map.off("zoomend moveend resize", schedule);
      group.remove();
      if (water) { water.remove(); }
    }
  };
}

/* A neat frame around [west, south, east, north]: the outside covered with
 * the paper colour (CSS class basemap-frame-mask) and the frame outlined
 * (basemap-frame-line), both non-interactive. */
function basemapFrame(map, frame, opts) {
  "use strict";
  opts = opts || {};
  var paneName = opts.pane || "basemapFrame";
  var pane = map.getPane(paneName) || map.createPane(paneName);
  pane.style.zIndex = String(opts.zIndex || 393);
  pane.style.pointerEvents = "none";
  var w = frame[0], s = frame[1], e = frame[2], n = frame[3];
  var inner = [[s, w], [n, w], [n, e], [s, e]];
  var outer = [[-85, -180], [85, -180], [85, 180], [-85, 180]];
  var renderer = L.svg({pane: paneName, padding: 1});
  var mask = L.polygon([outer, inner], {
    pane: paneName, renderer: renderer, interactive: false, stroke: false,
    fillOpacity: 1, className: "basemap-frame-mask"
  });
  var line = L.rectangle([[s, w], [n, e]], {
    pane: paneName, renderer: renderer, interactive: false, fill: false,
    weight: 1, className: "basemap-frame-line"
  });
  var group = L.layerGroup([mask, line]).addTo(map);
  return {layer: group, pane: pane};
}
