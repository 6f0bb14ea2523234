/* basemap compose: a map composed for its frame, chosen by the frame's own size.
 *
 * Inlined before basemap.js (basemap.render.elements.BasemapLayers), which
 * calls basemapCompose(view) once. The page's layout is chosen from the
 * window's (the frame's) own width and height, not from one media query:
 *
 * - "wide" (basemap-wide on the body): the map, with the title, key,
 *   events and credit in a column beside it; from 760 px wide, or a
 *   landscape frame of 600 px and more. The map frames all the data.
 * - "stacked" (basemap-stacked): title, map, the numbered list, then the
 *   key and the rest, one under the other, the page's own scroll (never a
 *   box that scrolls). This is a phone and an article's column (a 680 px
 *   iframe is composed for its size, not given a phone's layout): the map
 *   frames the core of the data, the sites the core leaves out are drawn
 *   as pointers at the edge of the map ("Baikonur (RUS) 640 km" with an
 *   arrow), and the map's height is the one that core needs at that width
 *   (preferred()), within what the frame allows: in a frame of fixed
 *   height (an iframe no script resizes), what leaves room for the rest of
 *   the page, and never less than 60% of the frame; where the page's
 *   height follows its content (a full page; an iframe whose snippet
 *   resizes it, embed.js), the height the core needs.
 *
 * The core (core()): the present sites joined in single linkage within
 * 15% of the data's extent, the clusters that hold 3 sites or 15% of them
 * at least (at least 60% of the sites in all), kept only if leaving the
 * others out gains at least a third of a zoom level; the others become
 * pointers. For a timeline, the core of every year, so the map does not
 * jump from year to year.
 *
 * room(plans) gives the insets (insets.js) that found no place on the map
 * their room: a full stacked page makes its map taller, up to the screen;
 * else the data are framed with a band kept free for them. Where that
 * costs the data too much, a stacked page puts its insets under the map
 * (basemap.js): an embed's too, whether its frame follows its page or not,
 * since its frame is not the reader's screen and a map grown by the insets'
 * band was planned for insets the next framing no longer had.
 */
function basemapCompose(view) {
  "use strict";
  var map = view.map, opts = view.opts, body = document.body;
  var STACKED = "basemap-stacked", WIDE = "basemap-wide";
  var extra = [0, 0, 0, 0];  // [top, right, bottom, left] kept free for insets
  var grow = 0;              // px added to a stacked map's height for insets
  var coreBounds = null, outside = [];  // the core, and the sites it leaves out
  var pane = map.createPane("basemapPointers");
  pane.style.zIndex = 645;
  var pointers = [];

  function frameWide() {
    var w = window.innerWidth, h = window.innerHeight;
    if (body.classList.contains("basemap-figure-mode")) {
      return w >= 760;
    }
    return w >= 760 || (w >= 600 && w > 1.6 * h);
  }
  /* Set the page's layout classes from the frame's size; true if changed. */
  function choose() {
    var wide = frameWide(), was = body.classList.contains(WIDE);
    body.classList.toggle(WIDE, wide);
    body.classList.toggle(STACKED, !wide);
    return wide !== was;
  }
  choose();
  function wide() { return body.classList.contains(WIDE); }
  function composed() { return !wide() && body.classList.contains("basemap-page"); }

  /* The core of `features` (present sites): see above. */
  function core(features) {
    var pts = [], seen = {};
    features.forEach(function (f) {
      var p = f.properties;
      if (p.presence === "former" || seen[p.site]) { return; }
      seen[p.site] = true;
      var c = f.geometry.coordinates;
      pts.push({site: p.site, ll: L.latLng(c[1], c[0]), props: p, keys: []});
    });
    features.forEach(function (f) {
      var p = f.properties;
      pts.forEach(function (s) { if (s.site === p.site && p.presence !== "former") { s.keys.push(p.key); } });
    });
    if (pts.length < 4) { return null; }
    var all = L.latLngBounds(pts.map(function (s) { return s.ll; }));
    var reach = 0.15 * all.getSouthWest().distanceTo(all.getNorthEast());
    var of = pts.map(function (s, i) { return i; });
    var find = function (i) { while (of[i] !== i) { i = of[i] = of[of[i]]; } return i; };
    for (var i = 0; i < pts.length; i++) {
      for (var j = i + 1; j < pts.length; j++) {
        if (pts[i].ll.distanceTo(pts[j].ll) <= reach) { of[find(i)] = find(j); }
      }
    }
    var size = {};
    pts.forEach(function (s, k) { size[find(k)] = (size[find(k)] || 0) + 1; });
    // the clusters that hold a good share of the sites (3, or 15%, at least)
    var big = Math.max(3, 0.15 * pts.length);
    var inner = pts.filter(function (s, k) { return size[find(k)] >= big; });
    if (inner.length === pts.length || inner.length < 0.6 * pts.length) { return null; }
    var bounds = L.latLngBounds(inner.map(function (s) { return s.ll; }));
    // worth it: a third of a zoom level at least, at this map's size
    var gain = map.getBoundsZoom(bounds.pad(0.08), false) - map.getBoundsZoom(all.pad(0.08), false);
    if (gain < 0.33) { return null; }
    return {bounds: bounds, outside: pts.filter(function (s) { return inner.indexOf(s) < 0; }), all: pts};
  }
  /* The bounds to frame: the core on a stacked page, else all the data. */
  function bounds() {
    if (composed() && coreBounds) {
      // a margin for the names around the core's outer sites
      return coreBounds.pad(0.06);
    }
    return L.latLngBounds(opts.bounds);
  }
  var source = null;  // the features the core is drawn from
  function setFeatures(features, stable) {
    if (stable && source) { return; }  // a timeline: the core of every year, once
    source = features;
    var c = core(features);
    coreBounds = c ? c.bounds : null;
    outside = c ? c.outside : [];
    everyone = c ? c.all : [];
  }
  var everyone = [];  // every present site, where the map frames a core

  /* A stacked map's height: the core's (or the data's) at this width,
   * and what the frame allows. */
  function preferred() {
    var w = map.getSize().x || window.innerWidth, b = bounds();
    var nw = map.project(b.getNorthWest(), 0), se = map.project(b.getSouthEast(), 0);
    var scale = (w - 40) / Math.max(se.x - nw.x, 1e-9);
    var h = (se.y - nw.y) * scale + 70;  // the fitted core, with room for the controls
    return Math.round(Math.max(0.5 * w, Math.min(1.2 * w, h)));
  }
  /* The height of the page's parts other than the map (stacked). */
  function rest() {
    var sum = 0;
    Array.prototype.forEach.call(body.children, function (c) {
      // (the insets under the map are maps: not the page's other parts)
      if (c !== map.getContainer() && c.getBoundingClientRect && c.tagName !== "SCRIPT" &&
          !(c.classList && c.classList.contains("basemap-inset-strip")) &&
          getComputedStyle(c).position !== "absolute") {
        sum += c.getBoundingClientRect().height;
      }
    });
    return sum;
  }
  /* The height the page wants (embed.js tells the article): a stacked
   * page, its parts with the map at its preferred height; a wide one, the
   * data's height at the map's width, or the column's, the taller. */
  function pageHeight() {
    if (composed()) {
      var r = rest(), strip = document.querySelector(".basemap-inset-strip");
      return r + mapShare(preferred() + grow, r) + (strip && !strip.hidden ? strip.offsetHeight : 0);
    }
    var w = map.getSize().x, b = L.latLngBounds(opts.bounds);
    var nw = map.project(b.getNorthWest(), 0), se = map.project(b.getSouthEast(), 0);
    var h = Math.max(360, Math.min(1.2 * w, (se.y - nw.y) * (w - 40) / Math.max(se.x - nw.x, 1e-9) + 60));
    var column = 0;
    ["basemap-masthead", "basemap-side"].forEach(function (id) {
      var e = document.getElementById(id);
      if (e) { column += e.scrollHeight; }
    });
    return Math.max(h, column);
  }
  /* A map's height `h` in an embed whose frame follows its content, with
   * `others` px of the page's other parts: at least 60% of the frame (a
   * long numbered list or key makes the map taller, not the map smaller). */
  function mapShare(h, others) {
    return Math.max(h, Math.ceil(1.5 * others) + 4);
  }
  function setHeight() {
    if (!composed()) {
      body.style.removeProperty("--basemap-map-height");
      body.classList.remove("basemap-composed");
      return;
    }
    body.classList.add("basemap-composed");
    var vh = window.innerHeight, pref = preferred() + grow;
    var others = rest();
    var h = pref;
    var fixed = (view.embed && !view.embed.follows()) || body.classList.contains("basemap-figure-mode");
    if (fixed) {  // a frame of fixed height (or a figure): fit in it
      h = Math.max(Math.round(0.6 * vh), Math.min(pref, vh - others));
    } else if (!view.embed) {  // a full page (a phone): the screen at most
      h = Math.min(pref, maxHeight());
    } else {  // an embed that follows its content: the map most of it
      h = mapShare(pref, others);
    }
    body.style.setProperty("--basemap-map-height", Math.round(h) + "px");
  }

  /* Room for insets that found no place: see above. `failed` are plans
   * ({w, h}); returns true if anything changed (the caller fits again). */
  function room(failed, all) {
    if (!failed.length) { return false; }
    var need = failed.reduce(function (a, p) { return Math.max(a, p.h); }, 0) + 14;
    var needW = failed.reduce(function (a, p) { return Math.max(a, p.w); }, 0) + 14;
    var size = map.getSize();
    var fixed = (view.embed && !view.embed.follows()) || body.classList.contains("basemap-figure-mode");
    if (composed()) {
      // a band holding every inset: under the data, in rows (the map
      // taller by as much, where its height may grow), or on its right, in
      // columns; the one that keeps the data's zoom the larger
      var list = (all || failed).slice().sort(function (a, b) { return b.h - a.h; });
      var pack = function (along, across, limit) {  // lines of insets: their total depth
        var lines = [], at = 0, line = 0;
        list.forEach(function (p) {
          if (at && at + p[along] > limit) { lines.push(line); at = 0; line = 0; }
          at += p[along] + 10;
          line = Math.max(line, p[across]);
        });
        lines.push(line);
        return lines.reduce(function (a, r) { return a + r + 10; }, 8);
      };
      var under = pack("w", "h", size.x - 12), beside = pack("h", "w", size.y - 12);
      var b0 = bounds();
      // (a full page's map may grow to the screen's height; an embed's
      // frame is not the reader's screen, and its map keeps its height)
      var taller = fixed || view.embed ? 0 : Math.max(0, maxHeight() - size.y + grow);
      // (a band may keep at most half the map's width, or what its
      // height can grow by and half of the rest, free)
      var lost = Math.max(0, under - Math.min(under, taller));
      // (a band deeper than two fifths of the map, once grown, leaves the
      // data a strip at its top: the insets go under the map instead)
      var deep = under > 0.4 * (size.y + Math.min(under, taller));
      var zUnder = lost <= 0.6 * size.y && !deep ? map.getBoundsZoom(b0, false, L.point(40, 80 + lost)) : -Infinity;
      var zBeside = beside <= 0.45 * size.x ? map.getBoundsZoom(b0, false, L.point(40 + beside, 80)) : -Infinity;
      if (zUnder === -Infinity && zBeside === -Infinity) { return false; }
      var side = zBeside > zUnder + 0.05 ? 1 : 2, depth = side === 1 ? beside : under;
      if (depth <= extra[side] && side === bandSide) { return false; }
      extra = [0, 0, 0, 0];
      extra[side] = depth;
      bandSide = side;
      grow = side === 2 && !fixed ? Math.min(depth, taller) : 0;
      return true;
    }
    // else a band on the side that costs the data least: the one whose
    // framing keeps the largest zoom
    var b = bounds(), best = null, bestZoom = -Infinity;
    [[2, need, size.y], [3, needW, size.x], [1, needW, size.x], [0, need, size.y]].forEach(function (t) {
      var pads = extra.slice();
      pads[t[0]] += t[1];
      // never more than half the map kept free, on either axis
      if (pads[0] + pads[2] > 0.5 * size.y || pads[1] + pads[3] > 0.5 * size.x) { return; }
      var z = map.getBoundsZoom(b, false, L.point(pads[1] + pads[3] + 20, pads[0] + pads[2] + 20));
      if (z > bestZoom + 0.01) { bestZoom = z; best = pads; }
    });
    if (!best) { return false; }
    var changed = best.join() !== extra.join();
    extra = best;
    return changed;
  }
  function reset() { extra = [0, 0, 0, 0]; grow = 0; bandSide = 0; }
  var bandSide = 0;  // where the insets' band is: 1 on the right, 2 under the data
  /* The tallest a full page's map may be: the screen, less the masthead
   * and a line of what follows. */
  function maxHeight() {
    var head = document.getElementById("basemap-masthead");
    return Math.max(0.6 * window.innerHeight,
                    window.innerHeight - (head ? head.offsetHeight : 0) - 40);
  }

  /* Pointers at the map's edge to the present sites the core leaves out,
   * while they are off the map: an arrow, the names and how far. Each is a
   * button that opens its site's popup. Returns their boxes. */
  var unsaid = [];  // the pointers that found no room: listed under the map
  var ARROWS = ["\u2192", "\u2198", "\u2193", "\u2199", "\u2190", "\u2196", "\u2191", "\u2197"];
  function drawPointers(avoid, open) {
    pointers.forEach(function (e) { if (e.parentNode) { e.parentNode.removeChild(e); } });
    pointers = [];
    unsaid = [];
    if (!composed() || !outside.length) { return []; }
    // (a site of the core the map cannot show, room made for its insets
    // and controls, is pointed to as well: no present site goes unsaid)
    var size = map.getSize(), c = L.point(size.x / 2, size.y / 2), M = 6;
    var view0 = map.getBounds();
    var items = [];
    everyone.forEach(function (s) {
      if (view0.contains(s.ll) || !s.keys.length) { return; }
      var q = map.latLngToContainerPoint(s.ll), dx = q.x - c.x, dy = q.y - c.y;
      // where the line from the middle to the site leaves the map
      var t = Math.min(dx ? Math.abs((size.x / 2 - M) / dx) : Infinity, dy ? Math.abs((size.y / 2 - M) / dy) : Infinity);
      var e = L.point(c.x + dx * t, c.y + dy * t);
      var sector = Math.round(Math.atan2(dy, dx) / (Math.PI / 4));
      items.push({s: s, at: e, arrow: ARROWS[(sector + 8) % 8], km: map.distance(map.containerPointToLatLng(e), s.ll)});
    });
    // near neighbours share a pointer
    var groups = [];
    items.forEach(function (it) {
      var g = groups.filter(function (x) { return x.arrow === it.arrow && x.at.distanceTo(it.at) < 70; })[0];
      if (g) { g.items.push(it); } else { groups.push({arrow: it.arrow, at: it.at, items: [it]}); }
    });
    var taken = avoid.slice(), boxes = [];
    // (a group with no room for its pointer: a pointer for each of its sites)
    // (nor for one of them alone: said in the list under the map, with its
    // arrow, never left unsaid)
    groups.forEach(function (g) {
      if (drawGroup(g)) { return; }
      g.items.forEach(function (it) {
        var one = {arrow: g.arrow, at: it.at, items: [it]};
        if (g.items.length === 1 || !drawGroup(one)) { unsaid.push(say(one)); }
      });
    });
    return boxes;
    /* A group's words: each name with how far it lies beyond the edge,
     * and the operators; and its markers' keys. */
    function say(g) {
      var ops = {}, keys = [];
      g.items.forEach(function (it) {
        it.s.keys.forEach(function (k) { ops[k.split("/")[1]] = true; });
        keys = keys.concat(it.s.keys);
      });
      var far = function (m) {
        var km = m >= 1e6 ? Math.round(m / 50000) * 50 : Math.round(m / 10000) * 10;
        return km.toLocaleString("en") + "\u00a0km";
      };
      var text = g.items.map(function (it) { return it.s.props.short + " " + far(it.km); }).join(", ") +
        " (" + Object.keys(ops).join(", ") + ")";
      return {arrow: g.arrow, text: text, keys: keys};
    }
    function drawGroup(g) {
      var said = say(g), text = said.text, keys = said.keys;
      var e = basemapEl("button", "basemap-label basemap-pointer");
      e.type = "button";
      var arrow = basemapEl("span", "basemap-pointer-arrow", g.arrow);
      arrow.setAttribute("aria-hidden", "true");
      var left = /[\u2190\u2196\u2199]/.test(g.arrow);
      if (left) { e.appendChild(arrow); }
      e.appendChild(document.createTextNode((left ? " " : "") + text + (left ? "" : " ")));
      if (!left) { e.appendChild(arrow); }
      e.setAttribute("data-keys", keys.join(" "));
      e.setAttribute("aria-label", text + ", off the map: open its popup");
      e.style.position = "absolute";
      e.style.visibility = "hidden";
      pane.appendChild(e);
      var w = e.offsetWidth, h = e.offsetHeight;
      // at its edge point, kept inside the map, slid along the edge past others
      var x = Math.max(M, Math.min(size.x - M - w, g.at.x - w / 2));
      var y = Math.max(M, Math.min(size.y - M - h, g.at.y - h / 2));
      var box = null;
      var onSide = g.at.x <= M + 1 || g.at.x >= size.x - M - 1;
      // (along the edge first; where the edge is full, a line further in)
      var inward = onSide ? (g.at.x <= M + 1 ? [1, 0] : [-1, 0]) : (g.at.y <= M + 1 ? [0, 1] : [0, -1]);
      for (var line = 0; line < 3 && !box; line++) {
        var ix = inward[0] * line * (w + 6), iy = inward[1] * line * (h + 4);
        for (var k = 0; k < 120 && !box; k++) {
          var d = Math.ceil(k / 2) * (k % 2 ? 1 : -1) * 8;
          var bx = onSide ? x + ix : Math.max(M, Math.min(size.x - M - w, x + d));
          var by = onSide ? Math.max(M, Math.min(size.y - M - h, y + d)) : y + iy;
          var b = [bx, by, bx + w, by + h];
          if (b[0] < M - 0.5 || b[2] > size.x - M + 0.5 || b[1] < M - 0.5 || b[3] > size.y - M + 0.5) { continue; }
          if (!taken.some(function (t) { return !(t[2] <= b[0] || b[2] <= t[0] || t[3] <= b[1] || b[3] <= t[1]); })) {
            box = b;
          }
        }
      }
      if (!box) { pane.removeChild(e); return false; }
      L.DomUtil.setPosition(e, map.containerPointToLayerPoint(L.point(box[0], box[1])));
      e.style.visibility = "";
      L.DomEvent.disableClickPropagation(e);
      e.addEventListener("click", function () { open(keys[0], e); });
      taken.push(box);
      boxes.push(box);
      pointers.push(e);
      return true;
    }
  }

  return {
    choose: choose, wide: wide, composed: composed, core: core, bounds: bounds,
    setFeatures: setFeatures, setHeight: setHeight, preferred: preferred, room: room, reset: reset,
    pageHeight: pageHeight,
    pads: function () { return extra.slice(); },
    /* the height of the band kept for insets under a stacked map's data */
    band: function () { return composed() && bandSide ? {side: bandSide, size: extra[bandSide]} : null; },
    pointers: drawPointers,
    /* whether a site at `ll` is drawn on the map, not said by a pointer at
     * its edge (on a stacked map, a site whose point is off it) */
    onMap: function (ll) { return !composed() || map.getBounds().contains(ll); },
    /* the sites off the map whose pointer found no room ({arrow, text, keys}) */
    unsaid: function () { return unsaid.slice(); },
    outside: function () { return outside.slice(); }
  };
}
