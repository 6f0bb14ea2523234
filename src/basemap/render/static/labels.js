/* An SVG layer for lines (leaders, an inset's links) over a pane, at its
 * origin, letting the pointer through; appended to `pane`. */
function basemapLineLayer(pane, cls) {
  "use strict";
  var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("class", cls);
  svg.setAttribute("aria-hidden", "true");
  svg.style.position = "absolute";
  svg.style.left = "0";
  svg.style.top = "0";
  svg.style.overflow = "visible";
  svg.style.pointerEvents = "none";
  pane.appendChild(svg);
  return svg;
}
/* basemap labels: every site on the map named, near its dot, none covering another.
 *
 * Inlined with basemap.js (basemap.render.elements.BasemapLayers). The placer is
 * the one cartography of the project: yearly maps, their detail insets
 * (insets.js), the timeline and the figures all name sites through it.
 *
 * A "unit" is one label: the markers of one site (all its operators: one
 * combined label "Manas (USA, FRA, ...)"), its short text (the name and
 * the operators: the status words, "temporary", "closed", "ex-Soviet",
 * are in the key and the list, so a label stays short), its full text (for
 * the numbered list) and the keys ("site/operator") of the markers it
 * names. Units are placed one after another, present sites first (the most
 * crowded first), former sites last and in grey. Each label takes the
 * first free candidate place: beside its markers (right, left, above,
 * below, the diagonals), then a little further out with a leader line back
 * to them. A label is never more than BASEMAP_REACH px from its site's
 * point, and leaders never cross each other, a label, a box to avoid or
 * another site's marker. A place is free when the label lies inside the
 * map, clear of the map's controls, the names that must stay (capitals,
 * the host countries), the insets and their boxes, and overlaps no marker,
 * event badge, label or leader placed before it.
 *
 * Where a frame cannot hold a name, the site gets a number instead, in a
 * white disc beside its markers (so it reads apart from the events' black
 * square badges), and the numbered list directly under the map gives its
 * full label (basemapShowNumbers). A site with no room even for a number
 * takes it from the names nearest it, which become numbers, or from the
 * nearest number, which is placed again after it. Numbers run on across
 * the map and its insets, which share one `numbers` count per layout.
 *
 * No library fits this: the collision indexes on the npm registry (rbush,
 * flatbush, labelgun) answer "which boxes overlap", which is the easy part
 * here (a few dozen boxes, checked directly), and none places callouts.
 *
 * Labels are plain elements in their own map pane (class basemap-label,
 * data-keys), leader lines one SVG; both are rebuilt after every zoom and
 * resize, and hidden while a zoom animates.
 */
var BASEMAP_REACH = 100;
function basemapLabeller(map) {
  "use strict";
  var pane = map.createPane("basemapLabels");
  pane.style.zIndex = 640;  // above markers (600), under popups (700)
  pane.style.pointerEvents = "none";
  var SVGNS = "http://www.w3.org/2000/svg";
  var lines = basemapLineLayer(pane, "basemap-leaders");
  map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
  map.on("zoomend", function () { pane.style.visibility = ""; });

  var sizes = {};        // label sizes, by class and text (fonts do not change)
  var MARGIN = 3;        // from the map's edge
  var CLEAR = 8;         // between a callout and other sites' markers
  var GAP = 3;           // between a label and its markers
  var RINGS = [24, 36, 50, 66, 84];
  var ANGLES = 24;
  var placed = [], refs = [];

  function clear() {
    Array.prototype.slice.call(pane.querySelectorAll(".basemap-label")).forEach(function (e) {
      pane.removeChild(e);
    });
    while (lines.firstChild) { lines.removeChild(lines.firstChild); }
    placed = [];
    refs = [];
  }

  function hits(a, b) {
    return !(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]);
  }
  function segmentHitsBox(p, q, b) {  // Liang-Barsky clip of segment p-q to box b
    var t0 = 0, t1 = 1, dx = q.x - p.x, dy = q.y - p.y;
    var checks = [[-dx, p.x - b[0]], [dx, b[2] - p.x], [-dy, p.y - b[1]], [dy, b[3] - p.y]];
    for (var i = 0; i < 4; i++) {
      var pp = checks[i][0], qq = checks[i][1];
      if (pp === 0) { if (qq < 0) { return false; } continue; }
      var r = qq / pp;
      if (pp < 0) { if (r > t1) { return false; } if (r > t0) { t0 = r; } }
      else { if (r < t0) { return false; } if (r < t1) { t1 = r; } }
    }
    return t1 - t0 > 1e-6;
  }
  function cross(a, b, c) { return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x); }
  function segmentsCross(p, q, r, s) {  // proper crossings (not a shared end)
    var d1 = cross(r, s, p), d2 = cross(r, s, q), d3 = cross(p, q, r), d4 = cross(p, q, s);
    return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
  }
  function nearestOnBox(b, p) {
    return L.point(Math.max(b[0], Math.min(p.x, b[2])), Math.max(b[1], Math.min(p.y, b[3])));
  }

  /* Candidate boxes for a label of size w x h around the markers' box g
   * (container pixels), whose site's point is c: beside it first, then
   * callouts on rings, none further than BASEMAP_REACH from c. */
  function candidates(g, c, w, h, away, short) {
    var cy = (g[1] + g[3]) / 2, cx = (g[0] + g[2]) / 2, out = [];
    var beside = [
      [g[2] + GAP, cy - h / 2], [g[0] - GAP - w, cy - h / 2],
      [cx - w / 2, g[1] - GAP - h], [cx - w / 2, g[3] + GAP],
      [g[2] + GAP - 2, g[1] - h], [g[2] + GAP - 2, g[3]],
      [g[0] - GAP - w + 2, g[1] - h], [g[0] - GAP - w + 2, g[3]]
    ];
    beside.forEach(function (xy) {
      out.push({box: [xy[0], xy[1], xy[0] + w, xy[1] + h], leader: false});
    });
    RINGS.forEach(function (r) {
      if (short && r > short) { return; }
      for (var k = 0; k < ANGLES; k++) {
        // start away from the crowd, alternate either side of that direction
        var step = Math.ceil(k / 2) * (k % 2 ? 1 : -1);
        var a = away + step * 2 * Math.PI / ANGLES;
        var px = cx + r * Math.cos(a), py = cy + r * Math.sin(a);
        // the box's side nearest the markers touches the ring point; above
        // or below, the box may also slide sideways (narrow maps need it)
        var ca = Math.cos(a), sa = Math.sin(a);
        var y0 = sa >= 0.3 ? py : (sa <= -0.3 ? py - h : py - h / 2);
        var xs = Math.abs(sa) >= 0.3 ? [px - w / 2, px - w * 0.15, px - w * 0.85]
          : [ca > 0 ? px : px - w];
        xs.forEach(function (x0) {
          out.push({box: [x0, y0, x0 + w, y0 + h], leader: true});
        });
      }
    });
    return out.filter(function (cand) {  // never far from the site's point
      return nearestOnBox(cand.box, c).distanceTo(c) <= BASEMAP_REACH - 4;
    });
  }

  function makeLabel(text, cls) {
    var label = document.createElement("div");
    label.className = "basemap-label " + (cls || "");
    label.textContent = text;
    label.style.position = "absolute";
    label.style.visibility = "hidden";
    return label;
  }
  function measure(list) {  // every label's size at once: one reflow
    var fresh = list.filter(function (t) { return !sizes[t[1] + "|" + t[0]]; }).map(function (t) {
      var e = makeLabel(t[0], t[1]);
      pane.appendChild(e);
      return [t, e];
    });
    fresh.forEach(function (te) { sizes[te[0][1] + "|" + te[0][0]] = [te[1].offsetWidth, te[1].offsetHeight]; });
    fresh.forEach(function (te) { pane.removeChild(te[1]); });
  }

  /* Place the labels of units ({text, full, keys, cls, rank, centre,
   * markers: [{point, r}]}) clear of `avoid` (container-pixel boxes) and
   * of o.segments (lines: [p, q]); the units that find no place are
   * numbered from o.numbers ({next: 1}). Returns the boxes placed. */
  function place(units, avoid, o) {
    clear();
    o = o || {};
    var numbers = o.numbers || {next: 1};
    var size = map.getSize(), taken = avoid.slice(), segments = [], fixed = (o.segments || []).slice();
    var markerBoxes = [];
    units.forEach(function (u, ui) {
      u.markers.forEach(function (m) {
        var r = m.r + 1, k = m.r * 0.6;
        markerBoxes.push({unit: ui, box: [m.point.x - r, m.point.y - r, m.point.x + r, m.point.y + r],
                          core: [m.point.x - k, m.point.y - k, m.point.x + k, m.point.y + k]});
      });
    });
    markerBoxes.forEach(function (mb) { taken.push(mb.box); });
    var centres = units.map(function (u) { return u.centre; });
    var crowd = centres.map(function (c) {
      return centres.filter(function (q) { return c.distanceTo(q) < 90; }).length;
    });
    var order = units.map(function (u, i) { return i; });
    order.sort(function (a, b) {
      return (units[a].rank - units[b].rank) || (crowd[b] - crowd[a]) || (a - b);
    });
    measure(units.map(function (u) { return [u.text, u.cls || ""]; }));

    function tryPlace(u, ui, text, cls, short, loose) {
      var c = centres[ui];
      var known = sizes[cls + "|" + text];
      if (!known) { measure([[text, cls]]); known = sizes[cls + "|" + text]; }
      var w = known[0], h = known[1];
      var g = [Infinity, Infinity, -Infinity, -Infinity];
      u.markers.forEach(function (m) {
        g = [Math.min(g[0], m.point.x - m.r), Math.min(g[1], m.point.y - m.r),
             Math.max(g[2], m.point.x + m.r), Math.max(g[3], m.point.y + m.r)];
      });
      // away from the crowd: opposite the mean of the near neighbours
      var vx = 0, vy = 0;
      centres.forEach(function (q, j) {
        var d = c.distanceTo(q);
        if (j !== ui && d < 120 && d > 0) { vx += (c.x - q.x) / d; vy += (c.y - q.y) / d; }
      });
      var away = (vx || vy) ? Math.atan2(vy, vx) : 0;
      var mine = function (mb) { return mb.unit === ui; };
      var own = function (box) {  // beside labels: clearly nearer their own markers
        var near = Infinity, other = Infinity;
        markerBoxes.forEach(function (mb) {
          var p = L.point((mb.box[0] + mb.box[2]) / 2, (mb.box[1] + mb.box[3]) / 2);
          var d = nearestOnBox(box, p).distanceTo(p);
          if (mine(mb)) { near = Math.min(near, d); } else { other = Math.min(other, d); }
        });
        return other > near + 4;
      };
      var list = candidates(g, c, w, h, away, short);
      for (var k = 0; k < list.length; k++) {
        var cand = list[k], b = cand.box;
        if (b[0] < MARGIN || b[1] < MARGIN || b[2] > size.x - MARGIN || b[3] > size.y - MARGIN) { continue; }
        if (taken.some(function (t) { return hits(b, t); })) { continue; }
        if (segments.concat(fixed).some(function (sg) { return segmentHitsBox(sg[0], sg[1], b); })) { continue; }
        if (!cand.leader) {
          if (own(b) || loose) { return commit(u, text, cls, cand, null); }
          continue;
        }
        // a callout keeps clear of other sites' markers, so it never seems
        // to name them (CLEAR px around it)
        var near = markerBoxes.some(function (mb) {
          return !mine(mb) && hits([b[0] - CLEAR, b[1] - CLEAR, b[2] + CLEAR, b[3] + CLEAR], mb.box);
        });
        if (near && !loose) { continue; }
        var end = nearestOnBox(b, c), leg = [nearestOnBox(g, end), end];
        // a leader crosses no marker's middle, no label, no box to avoid and
        // no other line
        var blocked = markerBoxes.some(function (mb) {
          return !mine(mb) && segmentHitsBox(leg[0], leg[1], mb.core);
        }) || placed.some(function (pl) { return segmentHitsBox(leg[0], leg[1], pl.box); }) ||
          avoid.some(function (t) { return segmentHitsBox(leg[0], leg[1], t); }) ||
          segments.concat(fixed).some(function (sg) { return segmentsCross(leg[0], leg[1], sg[0], sg[1]); });
        if (!blocked) { return commit(u, text, cls, cand, leg); }
      }
      return null;
    }
    function commit(u, text, cls, spot, leg) {
      var label = makeLabel(text, cls);
      label.setAttribute("data-keys", u.keys.join(" "));
      pane.appendChild(label);
      L.DomUtil.setPosition(label, map.containerPointToLayerPoint(L.point(spot.box[0], spot.box[1])));
      label.style.visibility = "";
      taken.push(spot.box);
      var entry = {box: spot.box, keys: u.keys, el: label, unit: u, leg: leg, line: null};
      placed.push(entry);
      if (leg) {
        segments.push(leg);
        var a = map.containerPointToLayerPoint(leg[0]), z = map.containerPointToLayerPoint(leg[1]);
        var line = document.createElementNS(SVGNS, "line");
        line.setAttribute("class", "basemap-leader " + (cls || ""));
        line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
        line.setAttribute("x2", z.x); line.setAttribute("y2", z.y);
        lines.appendChild(line);
        entry.line = line;
        label.classList.add("basemap-callout");
      }
      return label;
    }
    function replace(entry) {  // (and put back)
      placed.push(entry);
      taken.push(entry.box);
      if (entry.leg) { segments.push(entry.leg); }
      if (entry.line) { lines.appendChild(entry.line); }
      pane.appendChild(entry.el);
    }
    function unplace(entry) {  // (a label taken back: its box, its leader)
      placed.splice(placed.indexOf(entry), 1);
      taken.splice(taken.indexOf(entry.box), 1);
      if (entry.leg) { segments.splice(segments.indexOf(entry.leg), 1); }
      if (entry.line && entry.line.parentNode) { entry.line.parentNode.removeChild(entry.line); }
      if (entry.el.parentNode) { entry.el.parentNode.removeChild(entry.el); }
    }
    var unplaced = [];
    order.forEach(function (ui) {
      var u = units[ui];
      // a long name (a coalition) may take two lines where one does not fit
      u.unplaced = !tryPlace(u, ui, u.text, u.cls || "", 0, false) &&
        !(u.wrapped && tryPlace(u, ui, u.wrapped, u.cls || "", 0, false));
      if (u.unplaced) { unplaced.push(ui); }
    });
    /* Where no name fits: a number beside the markers, the name in the
     * list under the map. A number is a label: it carries data-keys and,
     * for screen readers and on hover, the name. */
    function numberAt(ui, n) {  // site ui's number n beside it, or null
      var u = units[ui], cls = (u.cls || "") + " basemap-label-num";
      // (near it; where there is no room near it, as far as a label may be)
      var e = tryPlace(u, ui, n, cls, 50, false) || tryPlace(u, ui, n, cls, 50, true);
      if (e) {
        e.title = u.full || u.text;
        e.setAttribute("aria-label", n + ": " + (u.full || u.text));
      }
      return e;
    }
    function number(ui) {
      var u = units[ui], n = String(numbers.next);
      if (!numberAt(ui, n)) { return false; }
      numbers.next += 1;
      u.unplaced = false;
      u.number = n;
      refs.push({number: n, text: u.full || u.text, keys: u.keys});
      return true;
    }
    function unnumber(ui) {  // (the last number given, taken back)
      var u = units[ui];
      unplace(placed.filter(function (pl) { return pl.unit === u; })[0]);
      numbers.next -= 1;
      refs.pop();
      u.unplaced = true;
      u.number = undefined;
    }
    unplaced.forEach(number);
    function nearestPlaced(c, keep) {  // the labels placed within 120 px of c that `keep`, nearest first
      var d = function (pl) { return nearestOnBox(pl.box, c).distanceTo(c); };
      return placed.filter(function (pl) { return keep(pl) && d(pl) < 120; }).sort(function (a, b) {
        return d(a) - d(b);
      });
    }
    /* A site with no room even for a number: the names nearest it become
     * numbers too, one at a time, nearest first, until it has one (every
     * site is named, by a label or by a number); if none of that gives it
     * one, the names are put back (numbers for nothing help no reader). */
    unplaced.forEach(function (ui) {
      if (!units[ui].unplaced) { return; }
      var near = nearestPlaced(centres[ui], function (pl) {
        return !pl.unit.number && units.indexOf(pl.unit) >= 0;
      });
      var turned = [];
      for (var i = 0; i < near.length && units[ui].unplaced; i++) {
        var vi = units.indexOf(near[i].unit);
        unplace(near[i]);
        if (!number(vi)) { replace(near[i]); continue; }  // (room for its name only: kept)
        turned.push([vi, near[i]]);
        number(ui);
      }
      if (units[ui].unplaced) {
        turned.reverse().forEach(function (t) {
          unnumber(t[0]);
          replace(t[1]);
          units[t[0]].unplaced = false;  // (named again)
        });
      }
    });
    /* Still none: the site takes the place of the nearest number, which is
     * placed again after it (greedy placing can give a number the only
     * room its neighbour had, where another side of its own site was free). */
    unplaced.forEach(function (ui) {
      if (!units[ui].unplaced) { return; }
      var near = nearestPlaced(centres[ui], function (pl) { return !!pl.unit.number; });
      for (var i = 0; i < near.length && units[ui].unplaced; i++) {
        var vi = units.indexOf(near[i].unit);
        unplace(near[i]);
        if (number(ui)) {
          if (numberAt(vi, near[i].unit.number)) { break; }
          unnumber(ui);
        }
        replace(near[i]);
      }
    });
    return placed;
  }

  // sizes measured before a font arrived are wrong: measure again
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener("loadingdone", function () { sizes = {}; });
  }
  return {
    place: place, clear: clear, pane: pane,
    refs: function () { return refs.slice(); },
    boxes: function () { return placed.map(function (p) { return p.box; }); },
    reset: function () { sizes = {}; }
  };
}

/* The units of a map's markers (one per site, present before former): the
 * short text (name and operators), the full labels for the list, the
 * markers' container points (as drawn, fanned) and the site's point. */
function basemapUnits(map, markers) {
  "use strict";
  var units = [];
  [[false, 0], [true, 1]].forEach(function (gr) {
    var bySite = {}, order = [];
    markers.forEach(function (m) {
      if (!map.hasLayer(m) || (m.basemapProps.presence === "former") !== gr[0]) { return; }
      var s = m.basemapProps.site;
      if (!bySite[s]) { bySite[s] = []; order.push(s); }
      bySite[s].push(m);
    });
    order.forEach(function (s) {
      var ms = bySite[s], p = ms[0].basemapProps;
      var ops = ms.map(function (m) { return m.basemapProps.operator; });
      var half = Math.ceil(ops.length / 2);
      // the full label: each operator's status words, once the site's name
      var full = ms.length === 1 ? p.label : p.short + " (" + ms.map(function (m) {
        var q = m.basemapProps, own = q.short + " (" + q.operator + ")";
        var rest = q.label.indexOf(own) === 0 ? q.label.slice(own.length).replace(/^[,:]?\s*/, "") : "";
        return q.operator + (rest ? ": " + rest : "");
      }).join("; ") + ")";
      units.push({
        text: p.short + " (" + ops.join(", ") + ")",
        wrapped: ops.length > 3 ? p.short + " (" + ops.slice(0, half).join(", ") + ",\n" +
          ops.slice(half).join(", ") + ")" : null,
        full: full,
        rank: gr[1], cls: gr[1] ? "basemap-label-former" : "",
        keys: ms.map(function (m) { return m.basemapProps.key; }),
        centre: map.latLngToContainerPoint(ms[0].basemapLatLng),
        markers: ms.map(function (m) {
          return {point: map.latLngToContainerPoint(m.getLatLng()), r: m.options.radius + 1};
        })
      });
    });
  });
  return units;
}

/* The numbered list under the map (#basemap-numbers): the sites numbered
 * on the map and its insets, each with its full label, and the sites off
 * the map whose pointer found no room at its edge (an arrow for a number).
 * Held, it keeps at least its height: a layout asked only by a resize of the map (and the
 * zoom that fits the frame again after it) never shortens it, or a shorter
 * list would make the map taller, which can number one site fewer, which
 * makes the list shorter, and the map would never settle; the reader's
 * next zoom or a redraw lets it shrink. */
function basemapShowNumbers(refs, hold) {
  "use strict";
  var el = basemapEl;
  var box = document.getElementById("basemap-numbers");
  if (!box) { return; }
  var was = hold && !box.hidden ? box.offsetHeight : 0;
  var list = box.querySelector("ol");
  if (!list) {
    box.appendChild(el("h2", "basemap-visually-hidden", "Sites by number"));
    list = box.appendChild(el("ol"));
  }
  while (list.firstChild) { list.removeChild(list.firstChild); }
  refs.forEach(function (r) {
    var li = el("li");
    if (r.arrow) {  // a site off the map whose pointer found no room on it
      var arrow = li.appendChild(el("b", "basemap-num basemap-num-off", r.arrow));
      arrow.setAttribute("aria-hidden", "true");
      li.appendChild(document.createTextNode(" " + r.text + ", off the map"));
    } else {
      li.appendChild(el("b", "basemap-num", r.number));
      li.appendChild(document.createTextNode(" " + r.text));
    }
    li.setAttribute("data-keys", r.keys.join(" "));
    list.appendChild(li);
  });
  box.hidden = !refs.length && !was;
  box.style.visibility = refs.length ? "" : "hidden";  // held empty: its room
  box.style.minHeight = was ? was + "px" : "";
}
