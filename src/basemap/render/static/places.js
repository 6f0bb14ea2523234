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
 * anchors(hosts, avoid, markers, bounds, hide) names the places the sites
 * cluster around before the sites are labelled: the host countries
 * (hosts: {iso_a3: true}) and their capitals (a capital's country is its
 * iso_a3, or the border polygon of opts.borders it lies in). They are
 * always shown when their point is on the map (unless it lies in one of
 * the boxes `hide`, whose inset names it), each on the first side of its
 * point (a country: around its label point) where it covers no marker (of
 * `markers`, as drawn), no box of `avoid` and no other anchor; it returns
 * their boxes (a capital's name and its mark, each its own), which the
 * site labels then avoid: sites give way around the anchors, not the
 * reverse. A capital whose mark lies by a marker puts its name off the
 * markers first.
 * update() keeps them where anchors() put them.
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
      order: ORDER[p.kind], index: i, kind: p.kind, latlng: L.latLng(c[1], c[0]), textName: p.name,
      iso: typeof p.iso_a3 === "string" ? p.iso_a3 :
        (p.kind === "capital" && opts.borders ? basemapCountryAt(opts.borders, c[0], c[1]) : null)
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
  var shapes = {};
  function countryShape(iso) {  // the border polygons of the country `iso`, or null
    if (!(iso in shapes)) {
      shapes[iso] = null;
      ((opts.borders && opts.borders.features) || []).forEach(function (f) {
        if (f.properties && f.properties.iso_a3 === iso && f.geometry) { shapes[iso] = f.geometry; }
      });
    }
    return shapes[iso];
  }
  function markBox(item, origin) {  // a capital's mark
    var m = item.root.firstChild.getBoundingClientRect();
    return [m.left - origin.left - PAD, m.top - origin.top - PAD, m.right - origin.left + PAD, m.bottom - origin.top + PAD];
  }
  function boxOf(item, origin, nameOnly) {  // the name and its mark (the name may be moved)
    var r = item.root.lastChild.getBoundingClientRect();
    var b = [r.left - origin.left - PAD, r.top - origin.top - PAD, r.right - origin.left + PAD, r.bottom - origin.top + PAD];
    if (item.pointed && !nameOnly) {
      var m = markBox(item, origin);
      b = [Math.min(b[0], m[0]), Math.min(b[1], m[1]), Math.max(b[2], m[2]), Math.max(b[3], m[3])];
    }
    return b;
  }

  /* The anchors: see above. Sides of a capital's name: right, left,
   * above, below its mark; a country's name: its point, then nudged. */
  var SIDES = ["", "basemap-place-left", "basemap-place-above", "basemap-place-below"];
  var NUDGES = [[0, 0], [0, -16], [0, 16], [-28, 0], [28, 0], [-24, -22], [24, 22], [24, -22],
                [-24, 22], [0, -32], [0, 32], [-48, 0], [48, 0]];
  var anchored = [];
  function anchors(hosts, avoid, markers, bounds, hide, named) {
    anchored.forEach(function (it) {
      it.anchor = null;
      if (it.el) { L.DomUtil.removeClass(it.el, "basemap-place-anchor"); }
    });
    anchored = [];
    items.forEach(function (it) { it.suppressed = false; });
    if (!map._loaded) { return []; }
    var origin = map.getContainer().getBoundingClientRect(), size = map.getSize();
    var blocks = [];
    (avoid || []).forEach(function (b) { var x = toBox(b); if (x) { blocks.push(x); } });
    var discs = (markers || []).filter(function (m) { return map.hasLayer(m); }).map(function (m) {
      var q = map.latLngToContainerPoint(m.getLatLng()), r = m.options.radius + 2;
      return [q.x - r, q.y - r, q.x + r, q.y + r];
    });
    // and the places the events shown are at (their badges sit beside them)
    var asked = function (it) {  // (not where a site's marker already stands)
      var q = map.latLngToContainerPoint(it.latlng);
      return (named || []).some(function (n) {
        return n.name === it.textName && it.latlng.distanceTo(n.latlng) < 30000;
      }) && !discs.some(function (d) { return q.x > d[0] - 6 && q.x < d[2] + 6 && q.y > d[1] - 6 && q.y < d[3] + 6; });
    };
    var list = items.filter(function (it) {
      return ((it.kind === "capital" || it.kind === "country") && it.iso && hosts[it.iso] || asked(it)) &&
        it.marker.getElement() && (!bounds || bounds.contains(it.latlng));
    });
    // capitals first (a point to name), then the countries
    list.sort(function (a, b) { return (a.kind === "country") - (b.kind === "country") || a.index - b.index; });
    var out = [], parts = [];
    list.forEach(function (it) {
      var el = it.marker.getElement(), q = map.latLngToContainerPoint(it.latlng);
      if ((hide || []).some(function (b) { return q.x >= b[0] && q.x <= b[2] && q.y >= b[1] && q.y <= b[3]; })) {
        L.DomUtil.addClass(el, "basemap-place-hidden");
        it.suppressed = true;  // (named in the inset)
        return;
      }
      it.el = el;
      // a capital's name beside its mark, else above or below it, slid
      // sideways; a country's around its point
      var tries = it.pointed ? SIDES.map(function (c) { return [c, 0, 0]; }).concat(
        [[2, -24], [2, 24], [3, -24], [3, 24], [2, -44], [2, 44], [3, -44], [3, 44],
         [2, -64], [2, 64], [3, -64], [3, 64]].map(function (t) {
          return [SIDES[t[0]], t[1], 0];
        }), [[0, 0, -16], [0, 0, 16], [1, 0, -16], [1, 0, 16], [2, 0, -16], [3, 0, 16]].map(function (t) {
          return [SIDES[t[0]], t[1], t[2]];  // (further above, below, or beside a little up or down)
        })) : NUDGES.map(function (n) { return ["", n[0], n[1]]; });
      var best = null, bestCost = Infinity;
      var costOf = function (b, text, t) {
        var cost = 0;
        if (b[0] + PAD < EDGE || b[1] + PAD < EDGE || b[2] - PAD > size.x - EDGE || b[3] - PAD > size.y - EDGE) {
          cost += 1000;
        }
        blocks.concat(out).forEach(function (o) { if (hits(b, o)) { cost += 100; } });
        // (a name under a site's marker loses letters: almost as bad; a
        // capital's mark by a marker weighs less than its name on one: the
        // mark is where it is, and "Dushanbe" should not lose its first
        // letters)
        discs.forEach(function (o) {
          if (hits(text, o)) { cost += 40; } else if (hits(b, o)) { cost += 10; }
        });
        return cost + (Math.abs(t[1]) + Math.abs(t[2])) / 100;
      };
      tries.forEach(function (t) {
        if (bestCost === 0) { return; }
        setSide(it, el, t);
        var b = boxOf(it, origin);
        var cost = costOf(b, it.pointed ? boxOf(it, origin, true) : b, t);
        // (what the sites then avoid: a capital's name and its mark, each
        // its own box; their union, a name above its mark, would also
        // take the room beside the mark, where a site's label goes)
        var own = it.pointed ? [boxOf(it, origin, true), markBox(it, origin)] : [b];
        if (cost < bestCost) { bestCost = cost; best = {side: t, box: b, parts: own}; }
      });
      // a country's name with no clear spot near its point: anywhere
      // further in the country, within 120 px across and 64 px up or
      // down, where its middle still lies in the country (a country is
      // named inside it), nearest first
      var shape = bestCost >= 10 && !it.pointed && it.iso && countryShape(it.iso);
      if (shape) {
        setSide(it, el, ["", 0, 0]);
        var b0 = boxOf(it, origin);
        for (var dy = -64; dy <= 64; dy += 8) {
          for (var dx = -120; dx <= 120; dx += 12) {
            var b = [b0[0] + dx, b0[1] + dy, b0[2] + dx, b0[3] + dy], t = ["", dx, dy];
            var cost = costOf(b, b, t);
            if (cost >= bestCost) { continue; }
            var mid = map.containerPointToLatLng(L.point((b[0] + b[2]) / 2, (b[1] + b[3]) / 2));
            if (!basemapInShape(shape, mid.lng, mid.lat)) { continue; }
            bestCost = cost;
            best = {side: t, box: b, parts: [b]};
          }
        }
      }
      setSide(it, el, best.side);
      L.DomUtil.removeClass(el, "basemap-place-hidden");
      L.DomUtil.addClass(el, "basemap-place-anchor");
      it.anchor = best;
      anchored.push(it);
      out.push(best.box);
      parts = parts.concat(best.parts);
    });
    return parts.map(function (b) { return [b[0] + PAD, b[1] + PAD, b[2] - PAD, b[3] - PAD]; });
  }
  function setSide(it, el, t) {  // (the name moves; a capital's mark stays)
    SIDES.forEach(function (c) { if (c) { L.DomUtil.removeClass(el, c); } });
    if (t[0]) { L.DomUtil.addClass(el, t[0]); }
    var text = it.root.lastChild;
    text.style.position = t[1] || t[2] ? "relative" : "";
    text.style.left = t[1] ? t[1] + "px" : "";
    text.style.top = t[2] ? t[2] + "px" : "";
  }

  function update(avoid) {
    if (!map._loaded) { return; }
    var container = map.getContainer(), origin = container.getBoundingClientRect();
    var size = map.getSize(), zoom = map.getZoom();
    var taken = [];
    (avoid || []).forEach(function (b) { var x = toBox(b); if (x) { taken.push(x); } });
    taken = taken.concat(domBoxes(origin));
    anchored.forEach(function (it) { taken = taken.concat(it.anchor.parts); });
    var wanted = [];
    items.forEach(function (it) {
      var el = it.marker.getElement();
      if (!el) { return; }
      it.el = el;
      if (it.anchor) { return; }  // kept where anchors() put it
      if (it.suppressed) { L.DomUtil.addClass(el, "basemap-place-hidden"); return; }
      var on = zoom >= (minZoom[it.rank] === undefined ? 99 : minZoom[it.rank]);
      // (on the right of its mark, as on a page just opened: a name that
      // was an anchor for an earlier year of a timeline kept its side)
      setSide(it, el, ["", 0, 0]);
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
  if (!opts.manual) {
    map.on("zoomend moveend resize", schedule);
    if (map._loaded) { schedule(); } else { map.whenReady(schedule); }
  }

  return {
    update: update,
    anchors: anchors,
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

/* The iso_a3 of the border polygon (of a GeoJSON FeatureCollection of
 * countries, with properties.iso_a3) that holds the point, or null. */
function basemapCountryAt(borders, lng, lat) {
  "use strict";
  var found = null;
  ((borders && borders.features) || []).some(function (f) {
    var iso = f.properties && f.properties.iso_a3;
    if (!f.geometry || !iso) { return false; }
    if (basemapInShape(f.geometry, lng, lat)) { found = iso; return true; }
    return false;
  });
  return found;
}

/* Whether a (Multi)Polygon GeoJSON geometry holds the point. */
function basemapInShape(g, lng, lat) {
  "use strict";
  function inRing(ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var xi = ring[i][0], yi = ring[i][1], xj = ring[j][0], yj = ring[j][1];
      if ((yi > lat) !== (yj > lat) && lng < (xj - xi) * (lat - yi) / (yj - yi) + xi) { inside = !inside; }
    }
    return inside;
  }
  function inPolygon(rings) {
    return inRing(rings[0]) && !rings.slice(1).some(inRing);
  }
  var polys = g.type === "Polygon" ? [g.coordinates] : (g.type === "MultiPolygon" ? g.coordinates : []);
  return polys.some(inPolygon);
}
