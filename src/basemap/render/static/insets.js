/* basemap insets: dense groups of sites drawn again, larger, in a detail inset.
 *
 * Inlined before basemap.js (basemap.render.elements.BasemapLayers), which
 * calls basemapInsets(view) once and, at every layout, plan(), place() and
 * layout(). A dot sits where its base is, so markers of different sites are
 * never moved apart: where they would collide at the map's zoom (the 201st
 * base, Dushanbe airport and Ayni; Manas, Kant and Chaldovar on a narrow
 * frame), their group is boxed on the map, its markers kept small at their
 * true places, and the group is drawn again in an inset, at a scale where
 * each sits at its own point, as atlases and newsroom base maps do.
 *
 * The plan (basemapInsetPlan, a pure function of the sites' points at zoom
 * 0, their reach and the room allowed): the sites that collide, by
 * single linkage; each group's zoom, the smallest at which none of its
 * sites collides (plus half a level of air), or, if the group would then be
 * too large for the room, the largest that fits, with the sites that still
 * collide in a nested inset of their own; sites that fall inside a group's
 * extent join it, and a group whose box would touch another site's marker
 * is seen closer, so that its box shrinks and leaves that site room.
 * place() finds each inset a place on the map that covers no marker, box,
 * control or other inset, as near its box as it can, and says which would
 * not fit (basemap.js then frames the data with room for them, or gives a
 * stacked page's map that room below the data).
 *
 * Each inset is a Leaflet map of its own (a second L.map, not an SVG of
 * our own): the same borders, water and place names, the same markers
 * (made by the view's marker maker, with their fans), the same label placer
 * (labels.js, its numbers continuing the map's), and the same popups and
 * keyboard path (a marker of an inset opens its site's popup on the main
 * map, which has room for it, and gets the focus back). So an inset is part
 * of the one cartography, in the page, in every figure (figure.js draws
 * insets into the SVG), in print and on the timeline; and it is listed in
 * window.basemapViews, with its map, for tools and tests. It sits in a pane
 * over the labels and under the popups, held still on screen while the map
 * is dragged; it neither pans nor zooms (a reader who zooms the main map in
 * sees the group dissolve once its sites no longer collide). A thin line
 * joins it to its box.
 */
var BASEMAP_INSET_GAP = 3;        // px between two sites' discs
var BASEMAP_INSET_MAX_ZOOM = 13;
/* Groups of the sites (indexes into sites: {p: zoom-0 point, reach}) that
 * collide at zoom z, single linkage; each of two sites at least. */
function basemapCollisions(sites, z) {
  "use strict";
  var of = sites.map(function (s, i) { return i; }), scale = Math.pow(2, z);
  function find(i) { while (of[i] !== i) { i = of[i] = of[of[i]]; } return i; }
  for (var i = 0; i < sites.length; i++) {
    for (var j = i + 1; j < sites.length; j++) {
      var dx = (sites[i].p.x - sites[j].p.x) * scale, dy = (sites[i].p.y - sites[j].p.y) * scale;
      if (Math.sqrt(dx * dx + dy * dy) < sites[i].reach + sites[j].reach + BASEMAP_INSET_GAP) {
        of[find(i)] = find(j);
      }
    }
  }
  var by = {}, order = [];
  sites.forEach(function (s, k) {
    var r = find(k);
    if (!by[r]) { by[r] = []; order.push(r); }
    by[r].push(k);
  });
  return order.map(function (r) { return by[r]; }).filter(function (g) { return g.length > 1; });
}
/* The inset of a group (indexes `members` of sites) seen from zoom z0,
 * given room {w, h, numbers} (px) for it: {members, zoom, centre (zoom-0
 * point), w, h, children: nested insets, cost}, or null when no useful
 * inset fits. Its zoom is the one, of those that part a pair of its sites
 * (or the largest that fits the room), whose inset and nested insets take
 * the least room: the 201st base, Dushanbe airport and Ayni lie a few
 * kilometres apart, the rest of the group tens, so the group is best seen
 * at the tens' scale with those three in an inset of its own. */
function basemapInsetPlan(sites, members, z0, room, depth) {
  "use strict";
  var sep = -Infinity, reach = 0, zooms = [];
  var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
  var air = room.numbers ? 0.5 : 1;  // (names need more room than numbers)
  members.forEach(function (i, a) {
    var s = sites[i];
    reach = Math.max(reach, s.reach);
    x0 = Math.min(x0, s.p.x); y0 = Math.min(y0, s.p.y); x1 = Math.max(x1, s.p.x); y1 = Math.max(y1, s.p.y);
    members.slice(a + 1).forEach(function (j) {
      var t = sites[j], d = Math.sqrt(Math.pow(s.p.x - t.p.x, 2) + Math.pow(s.p.y - t.p.y, 2));
      var need = s.reach + t.reach + BASEMAP_INSET_GAP;
      var z = d > 0 ? Math.log(need / d) / Math.LN2 : Infinity;
      sep = Math.max(sep, z);
      zooms.push(z + air);
    });
  });
  // room for the names beside the markers (site.label: a name's width;
  // on a narrow frame, a number's)
  var label = 0;
  members.forEach(function (i) { label = Math.max(label, room.numbers ? 24 : sites[i].label || 0); });
  label = Math.min(label, 0.3 * room.w);
  var margin = reach + 8, w0 = Math.max(x1 - x0, 1e-9), h0 = Math.max(y1 - y0, 1e-9);
  var fit = Math.log(Math.min((room.w - 2 * margin - label) / w0, (room.h - 2 * margin - 20) / h0)) / Math.LN2;
  var top = Math.min(fit, BASEMAP_INSET_MAX_ZOOM);
  zooms.push(top, z0 + 1, z0 + 1.25);
  var best = null;
  function consider(zoom) {
    // no view worth the name (one with insets of its own may be less of a
    // zoom: they take it further)
    var crowded = zoom < sep - 1e-9;
    if (!(zoom >= z0 + (crowded ? 1 : 1.25))) { return; }
    if (crowded && depth >= 2) { return; }
    var scale = Math.pow(2, zoom);
    var w = Math.min(room.w, Math.max(120, w0 * scale + 2 * margin + label + 8));
    var h = Math.min(room.h, Math.max(90, h0 * scale + 2 * margin + 40));
    // its room, and the room its box takes on the map it details
    var plan = {members: members, zoom: Math.round(zoom * 100) / 100,
                centre: L.point((x0 + x1) / 2, (y0 + y1) / 2), w: Math.round(w), h: Math.round(h),
                children: [], cost: w * h * (1 + 4 / Math.pow(4, zoom - z0))};
    if (crowded) {  // its own insets, each of which must fit
      var inner = basemapInsetPlans(sites, plan.zoom, room, depth + 1, members);
      if (inner.some(function (c) { return c.zoom === null; })) { return; }
      plan.children = inner;
      inner.forEach(function (c) { plan.cost += c.cost + 20000; });
    }
    if (!best || plan.cost < best.cost - 1) { best = plan; }
  }
  zooms.filter(function (z, k) { return z <= top && zooms.indexOf(z) === k; }).sort(function (a, b) {
    return b - a;
  }).forEach(consider);
  // a box that touches another site's marker takes its room for a name:
  // the group is seen closer, if that clears it (its box shrinks)
  var touches = function (plan) {
    var s = Math.pow(2, plan.zoom), hw = plan.w / 2 / s, hh = plan.h / 2 / s;
    return sites.some(function (t, i) {
      if (members.indexOf(i) >= 0) { return false; }
      var r = (t.reach + BASEMAP_INSET_GAP) / Math.pow(2, z0);
      return Math.abs(t.p.x - plan.centre.x) < hw + r && Math.abs(t.p.y - plan.centre.y) < hh + r;
    });
  };
  var closer = [z0 + 1.5, z0 + 2, z0 + 2.5, z0 + 3].filter(function (z) { return z <= top; });
  var was = best;
  for (var k = 0; was && touches(was) && k < closer.length; k++) {
    best = null;
    consider(closer[k]);
    if (best && !touches(best)) { return best; }
  }
  return was;
}
/* The plans of every group of sites (of the indexes `subset`, by default
 * all) that collides at zoom z0, with the sites that fall in a group's
 * extent taken into it and groups whose extents meet joined. */
function basemapInsetPlans(sites, z0, room, depth, subset) {
  "use strict";
  depth = depth || 0;
  var pool = subset || sites.map(function (s, i) { return i; });
  var groups = basemapCollisions(pool.map(function (i) { return sites[i]; }), z0).map(function (g) {
    return g.map(function (k) { return pool[k]; });
  });
  var plans = [];
  for (var round = 0; round < 4; round++) {
    plans = groups.map(function (g) { return basemapInsetPlan(sites, g, z0, room, depth); });
    // the extent of each plan, at zoom 0 (a null plan: its members' box)
    var boxes = plans.map(function (p, k) { return basemapPlanExtent(sites, groups[k], p); });
    var changed = false, of = groups.map(function (g, k) { return k; });
    var find = function (i) { while (of[i] !== i) { i = of[i]; } return i; };
    for (var a = 0; a < boxes.length; a++) {
      for (var b = a + 1; b < boxes.length; b++) {
        if (boxes[a].intersects(boxes[b]) && find(a) !== find(b)) { of[find(a)] = find(b); changed = true; }
      }
    }
    var taken = {};
    groups.forEach(function (g) { g.forEach(function (i) { taken[i] = true; }); });
    var merged = {}, order = [];
    groups.forEach(function (g, k) {
      var r = find(k);
      if (!merged[r]) { merged[r] = []; order.push(r); }
      merged[r] = merged[r].concat(g);
      pool.forEach(function (i) {
        if (!taken[i] && boxes[k].contains(sites[i].p)) {
          merged[r].push(i); taken[i] = true; changed = true;
        }
      });
    });
    groups = order.map(function (r) { return merged[r].sort(function (x, y) { return x - y; }); });
    if (!changed) { break; }
  }
  return plans.map(function (p, k) { return p || {members: groups[k], zoom: null}; });
}
/* A plan's extent at zoom 0 (L.Bounds): its view, or its members' box. */
function basemapPlanExtent(sites, members, plan) {
  "use strict";
  if (plan && plan.zoom !== null) {
    var s = Math.pow(2, plan.zoom), hw = plan.w / 2 / s, hh = plan.h / 2 / s;
    return L.bounds([plan.centre.x - hw, plan.centre.y - hh], [plan.centre.x + hw, plan.centre.y + hh]);
  }
  return L.bounds(members.map(function (i) { return sites[i].p; }));
}
/* A free place for a box of w x h px in a map of `size`, clear of the
 * `obstacles` ([l, t, r, b]) and `margin` px from the edges, as near to
 * `near` ([l, t, r, b]) as it can be; null when there is none. */
function basemapFreeSpot(size, w, h, obstacles, near, margin) {
  "use strict";
  var best = null, bestCost = Infinity, STEP = 6;
  var xs = [], ys = [];
  for (var x = margin; x <= size.x - w - margin; x += STEP) { xs.push(x); }
  for (var y = margin; y <= size.y - h - margin; y += STEP) { ys.push(y); }
  if (xs.length && xs[xs.length - 1] < size.x - w - margin) { xs.push(size.x - w - margin); }
  if (ys.length && ys[ys.length - 1] < size.y - h - margin) { ys.push(size.y - h - margin); }
  var cx = (near[0] + near[2]) / 2, cy = (near[1] + near[3]) / 2;
  for (var i = 0; i < xs.length; i++) {
    for (var j = 0; j < ys.length; j++) {
      var b = [xs[i], ys[j], xs[i] + w, ys[j] + h], free = true;
      for (var k = 0; k < obstacles.length && free; k++) {
        var o = obstacles[k];
        free = o[2] <= b[0] || b[2] <= o[0] || o[3] <= b[1] || b[3] <= o[1];
      }
      if (!free) { continue; }
      var dx = Math.max(b[0] - near[2], near[0] - b[2], 0), dy = Math.max(b[1] - near[3], near[1] - b[3], 0);
      // near its box; among equals, the one whose middle is nearest
      var cost = Math.sqrt(dx * dx + dy * dy) +
        0.05 * Math.abs((b[0] + b[2]) / 2 - cx) + 0.05 * Math.abs((b[1] + b[3]) / 2 - cy);
      if (cost < bestCost) { bestCost = cost; best = b; }
    }
  }
  return best;
}

/* The insets of a view: basemapInsets(view) -> {plan(), place(), layout(),
 * clear(), boxed(key), list()}. */
function basemapInsets(view) {
  "use strict";
  var map = view.map, opts = view.opts;
  var pane = map.createPane("basemapInsets");
  pane.style.zIndex = 660;  // over the labels (640) and tooltips (650), under popups (700)
  var boxPane = map.createPane("basemapInsetBoxes");
  boxPane.style.zIndex = 396;  // under the markers, over the place names
  boxPane.style.pointerEvents = "none";
  var boxRenderer = L.svg({pane: "basemapInsetBoxes"});
  var boxLayer = L.layerGroup().addTo(map);
  var SVGNS = "http://www.w3.org/2000/svg";
  var links = basemapLineLayer(pane, "basemap-inset-links");
  var live = {};     // insets by their members' keys, kept from one layout to the next
  var current = [];  // the insets of the last plan, parents before children
  var boxedKeys = {};
  var sitesOf = null;
  var missing = 0;   // groups of the last plan that no inset fits
  var stripEl = null, inStrip = false;  // the insets under a stacked map (see strip())
  var tags = [];     // the letters beside the boxes, in the strip's case

  /* The present sites of the view's markers, with their zoom-0 points. */
  function sites() {
    var bySite = {}, out = [];
    view.presentMarkers().forEach(function (m) {
      // (not a site said by a pointer at the map's edge: compose.js)
      if (view.compose && !view.compose.onMap(m.basemapLatLng)) { return; }
      var p = m.basemapProps, s = bySite[p.site];
      if (!s) {
        s = bySite[p.site] = {site: p.site, latlng: m.basemapLatLng, radii: [], markers: [],
                              p: map.project(m.basemapLatLng, 0)};
        out.push(s);
      }
      // (its own size: not the small one a box gave it in the last layout,
      // or the groups would depend on what was drawn before)
      // (as drawn: a layout starts with every marker at its own size, and
      // plans again, where its insets found no place, with the markers of
      // its groups drawn small, as they then are: basemap.js layInsets)
      s.radii.push(m.options.radius);
      s.markers.push(m);
    });
    out.forEach(function (s) {
      s.reach = basemapFanReach(s.radii);
      // a name's width, about: 6.8 px a character of 12 px bold type
      var p = s.markers[0].basemapProps;
      s.label = Math.min(260, 7 * (p.short.length + 3 + 5 * s.markers.length) + 8);
    });
    return out;
  }
  /* The room an inset may take (smaller by `shrink`): a stacked map's
   * may take its width (a band under the data); on a narrow map names
   * become numbers sooner, so an inset leaves them less room. */
  function room(shrink) {
    var size = map.getSize(), narrow = view.compose && view.compose.composed();
    var k = shrink || 1;
    return {w: Math.max(120, Math.min(600, Math.round(k * (narrow ? size.x - 16 : size.x * 0.58)))),
            h: Math.max(90, Math.min(300, Math.round(k * (narrow ? size.x * 0.6 : size.y * 0.46)))),
            numbers: false};
  }

  /* The groups that collide now, and their insets' plans (flattened,
   * parents first). The markers of a group are drawn small on the map. */
  function plan(shrink) {
    sitesOf = sites();
    var plans = view.labelled() ? basemapInsetPlans(sitesOf, map.getZoom(), room(shrink)) : [];
    // a group no inset fits with room for its names: one with room for
    // numbers (its names then in the list under the map)
    plans = plans.map(function (p) {
      if (p && p.zoom !== null) { return p; }
      var r = room(shrink);
      r.numbers = true;
      return basemapInsetPlan(sitesOf, p.members, map.getZoom(), r, 0) || p;
    });
    var flat = [];
    missing = plans.filter(function (p) { return !p || p.zoom === null; }).length;
    (function walk(list, parent) {
      list.forEach(function (p) {
        if (!p || p.zoom === null) { return; }
        p.parent = parent;
        p.keys = [];
        p.members.forEach(function (i) {
          sitesOf[i].markers.forEach(function (m) { p.keys.push(m.basemapProps.key); });
        });
        p.id = p.members.map(function (i) { return sitesOf[i].site; }).join(" ");
        flat.push(p);
        walk(p.children, p);
      });
    })(plans, null);
    current = flat;
    boxedKeys = {};
    flat.forEach(function (p) {
      if (!p.parent) {
        p.keys.forEach(function (k) { boxedKeys[k] = true; });
        var on = boxOn(p, map);
        p.box = on.px;
        p.exact = on.exact;
      }
    });
    return flat;
  }

  /* The box of a plan on the map of its parent (container pixels there). */
  function boxOn(p, onMap) {
    var b = basemapPlanExtent(sitesOf, p.members, p), z = onMap.getZoom();
    var nw = onMap.unproject(b.min, 0), se = onMap.unproject(b.max, 0);
    var a = onMap.latLngToContainerPoint(nw), c = onMap.latLngToContainerPoint(se);
    // at least a little larger than the small markers it holds
    var cx = (a.x + c.x) / 2, cy = (a.y + c.y) / 2;
    var hw = Math.max((c.x - a.x) / 2, 7), hh = Math.max((c.y - a.y) / 2, 7);
    return {bounds: L.latLngBounds(nw, se), zoom: z, px: [cx - hw, cy - hh, cx + hw, cy + hh],
            exact: [a.x, a.y, c.x, c.y]};  // (px: drawn; exact: its view, which may be smaller)
  }

  /* A place on the map for each inset, clear of `avoid` (boxes: the
   * controls) and of every marker not in a box. Returns the plans that
   * found no place (their insets are put where they cover least). */
  function place(avoid) {
    var size = map.getSize(), obstacles = avoid.slice(), failed = [];
    view.drawnMarkers().forEach(function (m) {
      if (boxedKeys[m.basemapProps.key]) { return; }
      var q = map.latLngToContainerPoint(m.getLatLng()), r = m.options.radius + 6;
      obstacles.push([q.x - r, q.y - r, q.x + r, q.y + r]);
    });
    current.forEach(function (p) {
      if (!p.parent) {
        var on = boxOn(p, map);  // (the view may have moved since the plan)
        p.box = on.px;
        p.exact = on.exact;
        obstacles.push([p.box[0] - 4, p.box[1] - 4, p.box[2] + 4, p.box[3] + 4]);
      }
    });
    if (inStrip) {  // under the map, in the page: all have their place
      current.forEach(function (p) { p.at = null; p.link = null; });
      letter(avoid, size);
      return [];
    }
    // a stacked map keeps a band under its data for its insets (compose.js):
    // there they stand in rows, in the order of their boxes, west to east
    var composed = view.compose && view.compose.composed(), band = composed ? view.compose.band() : null;
    // (a stacked map asks for a band first: until it has one, its insets
    // are put where they cover least, never on each other)
    var bandFirst = composed && current.length && !band;
    if (band) {
      // a stacked map keeps a band for its insets (compose.js): under its
      // data, in rows, or on its right, in columns, in the order of their
      // boxes, above the controls in its corners
      var low = 0;
      avoid.forEach(function (b) { if (b[1] > size.y / 2) { low = Math.max(low, size.y - b[1]); } });
      var root = function (p) { while (p.parent) { p = p.parent; } return p; };
      var depth = function (p) { var d = 0; while (p.parent) { p = p.parent; d++; } return d; };
      var order0 = current.slice().sort(function (a, b) {
        var ax = root(a).box, bx = root(b).box, k = band.side === 2 ? 0 : 1;
        return ax[k] - bx[k] || depth(a) - depth(b);
      });
      var fits = true, at = 6, line = 0;
      var start = band.side === 2 ? size.y - band.size - low + 8 : size.x - band.size + 8;
      var limit = band.side === 2 ? size.x - 6 : size.y - low - 6;
      var off = start;
      order0.forEach(function (p) {
        var along = band.side === 2 ? p.w : p.h, across = band.side === 2 ? p.h : p.w;
        if (at > 6 && at + along > limit) { at = 6; off += line + 10; line = 0; }
        p.at = band.side === 2 ? [at, off, at + p.w, off + p.h] : [off, at, off + p.w, at + p.h];
        if (p.at[2] > size.x - 4 || p.at[3] > size.y - 4 || p.at[0] < 4 || p.at[1] < 4) { fits = false; }
        avoid.forEach(function (o) {  // (nor over a control)
          if (!(o[2] <= p.at[0] || p.at[2] <= o[0] || o[3] <= p.at[1] || p.at[3] <= o[1])) { fits = false; }
        });
        at += along + 10;
        line = Math.max(line, across);
      });
      if (fits) {
        letter(avoid.concat(current.map(function (p) { return p.at; })), size);
        return [];
      }
      // (a band too small: placed below as on a wide map, and said so)
      bandFirst = true;
    }
    // the larger first: they have the fewest places
    var order = current.slice().sort(function (a, b) {
      return (a.parent ? 1 : 0) - (b.parent ? 1 : 0) || b.w * b.h - a.w * a.h;
    });
    var placed = [];  // the insets placed so far: never covered by the next
    var put = function (p, spot) {  // (and the room it takes from the next)
      p.at = spot;
      p.taken = [[spot[0] - 8, spot[1] - 8, spot[2] + 8, spot[3] + 8], [spot[0] - 4, spot[1] - 4, spot[2] + 4, spot[3] + 4]];
      obstacles.push(p.taken[0]);
      placed.push(p.taken[1]);
    };
    var lift = function (p) {
      obstacles.splice(obstacles.indexOf(p.taken[0]), 1);
      placed.splice(placed.indexOf(p.taken[1]), 1);
    };
    var nearOf = function (p) { return p.parent ? (p.parent.at || [0, 0, size.x, size.y]) : p.box; };
    /* No free place (clear of `against()`): one inset placed before moves
     * to another, if that frees one for this one (greedy placing can put
     * the first where two would have fitted side by side). */
    var corners = [[0, 0, 0, 0], [size.x, 0, size.x, 0], [0, size.y, 0, size.y], [size.x, size.y, size.x, size.y]];
    var makeRoom = function (p, against) {
      var before = order.slice(0, order.indexOf(p)).filter(function (q) { return !q.parent && !p.parent; });
      for (var i = 0; i < before.length; i++) {
        var q = before[i], was = q.at;
        lift(q);
        // (this one near its box, else in a corner; the other where it can)
        var wheres = [nearOf(p)].concat(corners);
        for (var k = 0; k < wheres.length; k++) {
          var spot = basemapFreeSpot(size, p.w, p.h, against(), wheres[k], 6);
          if (!spot) { break; }
          put(p, spot);
          var again = basemapFreeSpot(size, q.w, q.h, against(), nearOf(q), 6);
          if (again) { put(q, again); return true; }
          lift(p);
        }
        put(q, was);
      }
      return false;
    };
    var clearOfAll = function () { return obstacles; };
    var insetsOnly = function () { return avoid.concat(placed); };  // (it may cover markers)
    order.forEach(function (p) {
      var spot = basemapFreeSpot(size, p.w, p.h, obstacles, nearOf(p), 6);
      if (spot) { put(p, spot); return; }
      if (makeRoom(p, clearOfAll)) { return; }
      failed.push(p);
      spot = basemapFreeSpot(size, p.w, p.h, insetsOnly(), nearOf(p), 6);
      if (spot) { put(p, spot); return; }
      if (makeRoom(p, insetsOnly)) { return; }
      put(p, [6, size.y - p.h - 6, 6 + p.w, size.y - 6]);
    });
    letter(avoid.concat(placed), size);
    return bandFirst ? current.slice() : failed;
  }

  /* Draw the insets of the last plan where place() put them, lay each out
   * (its markers, fans, names and labels, numbered after `numbers`), and
   * draw the boxes and the lines that join them. */
  function layout(numbers, hold) {
    boxLayer.clearLayers();
    while (links.firstChild !== null) { links.removeChild(links.firstChild); }
    var keep = {};
    current.forEach(function (p) {
      keep[p.id] = true;
      var inset = live[p.id] || (live[p.id] = basemapInsetView(view, p.id));
      inset.dock(inStrip ? stripEl : null, p.letter || null);
      inset.show(p, sitesOf);
      if (!p.parent) {  // the box on the main map
        var b = boxOn(p, map);
        boxLayer.addLayer(L.rectangle(b.bounds, {renderer: boxRenderer, interactive: false, weight: 1.2,
                                                 fill: false, className: "basemap-inset-box"}));
        if (p.tag) { boxLayer.addLayer(basemapTagMarker(map, p.tag, p.letter, "basemapInsets")); }  // (place())
      }
    });
    Object.keys(live).forEach(function (id) {
      if (!keep[id]) { live[id].remove(); delete live[id]; }
    });
    // in the order of the plan, parents first (under the map, the order of
    // their letters): the page is the same whatever was drawn before it
    // (moved only if out of order: a move takes the focus from a marker)
    var els = current.map(function (p) { return live[p.id].el; });
    var ordered = els.every(function (e, k) {
      return !k || (e.parentNode === els[k - 1].parentNode &&
                    (els[k - 1].compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING));
    });
    if (!ordered || (inStrip && els.length && els[0].parentNode !== stripEl)) {
      els.forEach(function (e) { (inStrip ? stripEl : e.parentNode).appendChild(e); });
    }
    current.forEach(function (p) {
      live[p.id].layOut(numbers, current.filter(function (c) { return c.parent === p; }));
    });
    void hold;
    reposition();
  }
  /* The insets held still on screen (their pane moves with the map). */
  function reposition() {
    while (links.firstChild !== null) { links.removeChild(links.firstChild); }
    var origin = map.containerPointToLayerPoint([0, 0]);
    L.DomUtil.setPosition(links, origin);
    current.forEach(function (p) {
      var inset = live[p.id];
      if (!inset || !p.at) { return; }
      L.DomUtil.setPosition(inset.el, map.containerPointToLayerPoint(L.point(p.at[0], p.at[1])));
      // the line from its box (on the map, or on its parent inset) to it
      var up = p.parent && live[p.parent.id];
      if (p.parent && !up) { return; }  // (between a plan and its layout)
      var box = up ? up.boxOf(p) : boxOn(p, map).px;
      if (!box) { return; }
      var seg = basemapLink(box, p.at);
      // (no line across another inset: the box and its inset are then
      // matched by their places alone, as in an atlas)
      var across = current.some(function (o) {
        if (o === p || o === p.parent || !o.at) { return false; }
        for (var k = 1; k < 24; k++) {
          var x = seg[0].x + (seg[1].x - seg[0].x) * k / 24, y = seg[0].y + (seg[1].y - seg[0].y) * k / 24;
          if (x > o.at[0] && x < o.at[2] && y > o.at[1] && y < o.at[3]) { return true; }
        }
        return false;
      });
      // (nor a long one: the letters match them)
      var long = seg[0].distanceTo(seg[1]) > 120;
      p.link = across || long ? null : seg;
      if (!p.link) { return; }
      var line = document.createElementNS(SVGNS, "line");
      line.setAttribute("class", "basemap-inset-link");
      line.setAttribute("x1", seg[0].x); line.setAttribute("y1", seg[0].y);
      line.setAttribute("x2", seg[1].x); line.setAttribute("y2", seg[1].y);
      links.appendChild(line);
    });
  }
  map.on("move", function () { if (current.length) { reposition(); } });

  function clear() {
    current = [];
    tags = [];
    boxedKeys = {};
    Object.keys(live).forEach(function (id) { live[id].remove(); delete live[id]; });
    boxLayer.clearLayers();
    while (links.firstChild !== null) { links.removeChild(links.firstChild); }
  }

  /* Each inset's letter (A, B, ... parents first), on it and beside its
   * box, so that a reader matches them where no line joins them (a line
   * only where it is short and crosses no other inset: reposition()). */
  function letter(blocked, size) {
    tags = [];
    // (never on a marker the map shows)
    view.drawnMarkers().forEach(function (m) {
      if (boxedKeys[m.basemapProps.key]) { return; }
      var q = map.latLngToContainerPoint(m.getLatLng()), r = m.options.radius + 2;
      blocked = blocked.concat([[q.x - r, q.y - r, q.x + r, q.y + r]]);
    });
    current.forEach(function (p, i) {
      p.letter = String.fromCharCode(65 + i);
      p.tag = null;
      if (p.parent || !p.box) { return; }
      var others = current.filter(function (q) { return q !== p && !q.parent && q.box; }).map(function (q) {
        return q.box;
      });
      p.tag = basemapTagSpot(p.box, blocked.concat(tags), size, others);
      tags.push(p.tag);
    });
  }
  /* strip(on): the insets go under the map, in the page, lettered as
   * their boxes on the map are (a stacked page whose map cannot hold them
   * without covering its data or each other: 2002's three groups on a
   * phone or a 680 px window). Never in a figure, which is one picture.
   * Returns whether they are in the strip. */
  function strip(on) {
    on = !!on && !document.body.classList.contains("basemap-figure-mode");
    if (on && !stripEl) {
      stripEl = basemapEl("div", "basemap-inset-strip");
      stripEl.setAttribute("role", "group");
      stripEl.setAttribute("aria-label", "Details of the map");
      var c = map.getContainer(), nums = document.getElementById("basemap-numbers");
      var after = nums && nums.parentNode === c.parentNode ? nums : c;
      after.parentNode.insertBefore(stripEl, after.nextSibling);
    }
    if (stripEl) { stripEl.hidden = !on; }
    document.body.classList.toggle("basemap-insets-under", on);
    inStrip = on;
    return on;
  }

  return {
    plan: plan, place: place, layout: layout, clear: clear, reposition: reposition, strip: strip,
    boxed: function (key) { return !!boxedKeys[key]; },
    /* how many colliding groups of the last plan have no inset */
    missing: function () { return missing; },
    list: function () { return current.slice(); },
    /* the boxes, the insets and the lines, for the labels to avoid */
    obstacles: function () {
      var boxes = [], segments = [];
      tags.forEach(function (t) { boxes.push(t); });
      current.forEach(function (p) {
        if (!p.parent && p.box) { boxes.push(p.box); }
        if (p.at) { boxes.push([p.at[0] - 2, p.at[1] - 2, p.at[2] + 2, p.at[3] + 2]); }
        if (p.link) { segments.push(p.link); }
      });
      return {boxes: boxes, segments: segments};
    },
    views: function () { return current.map(function (p) { return live[p.id]; }); }
  };
}
/* A place for a box's letter (14 px square) just outside one of its
 * corners (else beside one of its sides), clear of `blocked` ([l, t, r,
 * b]), inside a map of `size` and nearer its own box than any of `others`
 * (the other boxes: a letter must not seem to be theirs); else the first
 * clear spot; else the first corner. */
function basemapTagSpot(b, blocked, size, others) {
  "use strict";
  var spots = [[b[0] - 15, b[1] - 15], [b[2] + 1, b[1] - 15], [b[0] - 15, b[3] + 1], [b[2] + 1, b[3] + 1],
               [b[0], b[1] - 15], [b[0] - 15, b[1]], [b[2] - 14, b[1] - 15], [b[2] + 1, b[1]],
               [b[0], b[3] + 1], [b[2] - 14, b[3] + 1], [b[0] - 15, b[3] - 14], [b[2] + 1, b[3] - 14]];
  var gap = function (t, o) {  // from the letter's middle to a box
    var cx = (t[0] + t[2]) / 2, cy = (t[1] + t[3]) / 2;
    var dx = Math.max(o[0] - cx, 0, cx - o[2]), dy = Math.max(o[1] - cy, 0, cy - o[3]);
    return Math.sqrt(dx * dx + dy * dy);
  };
  var free = null;  // (the first clear spot, if none is clearly its own)
  for (var i = 0; i < spots.length; i++) {
    var t = [spots[i][0], spots[i][1], spots[i][0] + 14, spots[i][1] + 14];
    if (t[0] < 2 || t[1] < 2 || t[2] > size.x - 2 || t[3] > size.y - 2) { continue; }
    if (blocked.some(function (o) { return !(o[2] <= t[0] || t[2] <= o[0] || o[3] <= t[1] || t[3] <= o[1]); })) {
      continue;
    }
    free = free || t;
    var own = gap(t, b);
    if (!(others || []).some(function (o) { return gap(t, o) <= own + 2; })) { return t; }
  }
  if (free) { return free; }
  var x = Math.max(2, b[0] - 15), y = Math.max(2, b[1] - 15);
  return [x, y, x + 14, y + 14];
}
/* The letter of a box (basemapTagSpot's `at`), a marker on `map`. */
function basemapTagMarker(map, at, letter, pane) {
  "use strict";
  var o = {interactive: false, keyboard: false,
           icon: L.divIcon({className: "basemap-overlay basemap-inset-tag", html: letter,
                            iconSize: [14, 14], iconAnchor: [0, 0]})};
  if (pane) { o.pane = pane; }
  return L.marker(map.containerPointToLatLng([at[0], at[1]]), o);
}
/* The line from a box to its inset: between their nearest points. */
function basemapLink(box, at) {
  "use strict";
  var cx = Math.max(box[0], Math.min((at[0] + at[2]) / 2, box[2]));
  var cy = Math.max(box[1], Math.min((at[1] + at[3]) / 2, box[3]));
  var ex = Math.max(at[0], Math.min(cx, at[2])), ey = Math.max(at[1], Math.min(cy, at[3]));
  var sx = Math.max(box[0], Math.min(ex, box[2])), sy = Math.max(box[1], Math.min(ey, box[3]));
  return [L.point(sx, sy), L.point(ex, ey)];
}

/* One inset: a Leaflet map in the view's inset pane, showing the sites of
 * a plan. Listed in window.basemapViews while it lives. */
function basemapInsetView(parent, id) {
  "use strict";
  var opts = parent.opts, main = parent.map;
  var el = basemapEl("div", "basemap-overlay basemap-inset");
  el.setAttribute("role", "group");
  el.setAttribute("data-inset", id);
  var holder = basemapEl("div", "basemap-inset-map");
  el.appendChild(holder);
  main.getPane("basemapInsets").appendChild(el);
  // the reader's clicks, drags and wheel stay in the inset
  L.DomEvent.disableClickPropagation(el);
  L.DomEvent.disableScrollPropagation(el);
  ["mousedown", "touchstart", "pointerdown", "dblclick", "contextmenu"].forEach(function (type) {
    L.DomEvent.on(el, type, L.DomEvent.stopPropagation);
  });
  var map = L.map(holder, {
    zoomControl: false, attributionControl: false, dragging: false, touchZoom: false,
    scrollWheelZoom: false, doubleClickZoom: false, boxZoom: false, keyboard: false,
    zoomSnap: 0, zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false,
    inertia: false, center: main.getCenter(), zoom: main.getZoom()
  });
  map.getContainer().setAttribute("aria-label", "Detail");
  var borders = L.geoJSON(parent.borderData, {
    interactive: false, noClip: true,
    style: function (f) {
      return f.properties && f.properties.disputed ? opts.disputed_style : opts.boundary_style;
    }
  }).addTo(map);
  var places = parent.placesData && window.basemapPlaces ?
    basemapPlaces(map, parent.placesData, {manual: true, borders: parent.borderData}) : null;
  var svg = L.svg({padding: 0.2});
  var markers = L.layerGroup().addTo(map);
  var boxes = L.layerGroup().addTo(map);
  map.createPane("basemapFans").style.zIndex = 395;
  var fanRenderer = L.svg({pane: "basemapFans"});
  var labeller = basemapLabeller(map);
  var scale = L.control.scale({position: "bottomleft", maxWidth: 100, imperial: false}).addTo(map);
  var drawn = [], plan = null, childBoxes = [];

  map.createPane("basemapGlyphs").style.zIndex = 610;  // letters on markers
  map.getPane("basemapGlyphs").style.pointerEvents = "none";
  // (the main map lays its insets out: a figure refits the main map only)
  var view = {
    map: map, inset: true, parent: parent, el: el, id: id, labeller: labeller,
    markers: function () { return drawn.slice(); },
    layout: function () { parent.layout(); },
    refit: function () {},
    boxOf: function (child) {
      var hit = childBoxes.filter(function (c) { return c.plan === child; })[0];
      if (!hit) { return null; }
      var off = [plan.at[0] + 1, plan.at[1] + 1];  // inside the inset's border
      return [hit.px[0] + off[0], hit.px[1] + off[1], hit.px[2] + off[0], hit.px[3] + off[1]];
    }
  };
  (window.basemapViews = window.basemapViews || []).push(view);

  /* Dock the inset in `strip` (an element under the map) with its letter,
   * or (null) over the map, in the main map's inset pane. */
  var caption = null;
  function dock(strip, letter) {
    var home = strip || main.getPane("basemapInsets");
    if (el.parentNode !== home) { home.appendChild(el); }
    el.classList.toggle("basemap-inset-docked", !!strip);
    el.classList.toggle("basemap-overlay", !strip);
    if (strip) { el.style.transform = ""; }  // (in the page's flow, not placed)
    if (letter && !caption) {
      caption = basemapEl("div", "basemap-inset-caption");
      el.insertBefore(caption, holder);
    }
    if (caption) {
      // under the map: a caption over it; over the map: a letter in its corner
      caption.hidden = !letter;
      caption.textContent = letter || "";
      caption.classList.toggle("basemap-inset-badge", !strip);
      el.setAttribute("aria-label", letter ? "Detail " + letter : "Detail");
    }
    badged = !!letter && !strip;
  }
  var badged = false;
  /* Show plan p (its size and view) with the sites' markers. */
  function show(p, sites) {
    plan = p;
    el.style.width = p.w + "px";
    el.style.height = (p.h + (caption && !caption.hidden && !badged ? 18 : 0)) + "px";
    holder.style.width = (p.w - 2) + "px";
    holder.style.height = (p.h - 2) + "px";
    map.invalidateSize({pan: false});
    map.setView(main.unproject(p.centre, 0), p.zoom, {animate: false, reset: true});  // (exactly: see fitData)
    markers.clearLayers();
    drawn = [];
    var bounds = map.getBounds(), want = {};
    p.members.forEach(function (i) { sites[i].markers.forEach(function (m) { want[m.basemapProps.key] = true; }); });
    parent.drawnMarkers().forEach(function (m) {
      var k = m.basemapProps.key, former = m.basemapProps.presence === "former";
      if (!want[k] && !(former && bounds.contains(m.basemapLatLng))) { return; }
      var copy = parent.makeMarker(m.basemapProps, m.basemapLatLng, {renderer: svg, map: map});
      copy.basemapSource = m;
      parent.keyboard(copy, m.basemapKeyName, function () { parent.openFrom(m, copy); });
      copy.on("click", function () { parent.openFrom(m, copy); });
      markers.addLayer(copy);
      drawn.push(copy);
    });
  }

  /* Lay out: fans, the boxes of nested insets, place names (the capitals
   * and countries of its sites first), labels and numbers. */
  function layout(numbers, children) {
    basemapFanOut(map, drawn, fanRenderer);
    var small = {};
    boxes.clearLayers();
    childBoxes = [];
    children.forEach(function (c) {
      var b = basemapPlanExtent(null, null, c);
      var nw = main.unproject(b.min, 0), se = main.unproject(b.max, 0);
      var a = map.latLngToContainerPoint(nw), z = map.latLngToContainerPoint(se);
      var cx = (a.x + z.x) / 2, cy = (a.y + z.y) / 2, hw = Math.max((z.x - a.x) / 2, 7), hh = Math.max((z.y - a.y) / 2, 7);
      childBoxes.push({plan: c, px: [cx - hw, cy - hh, cx + hw, cy + hh]});
      boxes.addLayer(L.rectangle([nw, se], {renderer: svg, interactive: false, weight: 1.2, fill: false,
                                            className: "basemap-inset-box"}));
      if (c.letter) {  // (its letter, as on the main map)
        var t = basemapTagSpot([cx - hw, cy - hh, cx + hw, cy + hh], [], map.getSize());
        childBoxes.push({plan: null, px: t});
        boxes.addLayer(basemapTagMarker(map, t, c.letter));
      }
      c.keys.forEach(function (k) { small[k] = true; });
    });
    parent.styleBoxed(drawn, small);
    var avoid = [], size = map.getSize();
    var sc = scale.getContainer().getBoundingClientRect(), o = map.getContainer().getBoundingClientRect();
    avoid.push([sc.left - o.left, sc.top - o.top, sc.right - o.left, sc.bottom - o.top]);
    childBoxes.forEach(function (c) { avoid.push(c.px); });
    if (badged) { avoid.push([0, 0, 18, 18]); }  // (its letter)
    var shown = drawn.filter(function (m) { return !small[m.basemapProps.key]; });
    var units = basemapUnits(map, shown);
    var hide = childBoxes.map(function (c) { return c.px; });
    // (the hosts of the whole map: a capital of a host whose sites are
    // outside the inset, inside its box, is named here or nowhere)
    var anchored = places ? places.anchors(basemapHosts(parent.presentMarkers()), avoid, shown, map.getBounds(),
                                           hide, []) : [];
    labeller.place(units, avoid.concat(anchored), {numbers: numbers});
    if (places) { places.update(avoid.concat(labeller.boxes())); }
    void size;
  }
  function remove() {
    var list = window.basemapViews || [], k = list.indexOf(view);
    if (k >= 0) { list.splice(k, 1); }
    map.remove();
    if (el.parentNode) { el.parentNode.removeChild(el); }
  }
  view.show = show;
  view.dock = dock;
  view.layOut = layout;
  view.remove = remove;
  void borders;
  return view;
}
