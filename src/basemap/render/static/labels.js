/* basemap labels: every site on the map named, none covering another.
 *
 * Inlined with basemap.js (basemap.render.elements.BasemapLayers). The placer is
 * the one cartography of the project: yearly maps, the timeline and the
 * figures all name sites through it.
 *
 * A "unit" is one label: the markers of one site (all its operators: one
 * combined label "Manas (USA, FRA, ...)"), with its text and the keys
 * ("site/operator") of the markers it names. Units are placed one after
 * another, present sites first (the most crowded first), former sites last
 * and in grey, so a former site never takes a place a present one needs.
 * Each label takes the first free candidate place: beside its markers
 * (right, left, above, below, the diagonals), then, where the neighbourhood
 * is full, further out with a leader line back to its markers (a callout,
 * as newsroom locator maps do for dense clusters). A place is free when the
 * label lies inside the map, clear of the map's controls, and overlaps no
 * marker, event badge, label or leader line placed before it; a leader line
 * crosses no other marker or label.
 *
 * No library fits this: the collision indexes on the npm registry (rbush,
 * flatbush, labelgun) answer "which boxes overlap", which is the easy part
 * here (a few dozen boxes, checked directly), and none places callouts.
 *
 * Labels are plain elements in their own map pane (class basemap-label,
 * data-keys), leader lines one SVG; both are rebuilt after every zoom and
 * resize, and hidden while a zoom animates.
 */
function basemapLabeller(map) {
  "use strict";
  var pane = map.createPane("basemapLabels");
  pane.style.zIndex = 640;  // above markers (600), under popups (700)
  pane.style.pointerEvents = "none";
  var SVGNS = "http://www.w3.org/2000/svg";
  var lines = document.createElementNS(SVGNS, "svg");
  lines.setAttribute("class", "basemap-leaders");
  lines.setAttribute("aria-hidden", "true");
  lines.style.position = "absolute";
  lines.style.overflow = "visible";
  lines.style.left = "0";
  lines.style.top = "0";
  pane.appendChild(lines);
  map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
  map.on("zoomend", function () { pane.style.visibility = ""; });

  var sizes = {};        // label sizes, by class and text (fonts do not change)
  var MARGIN = 3;        // from the map's edge
  var CLEAR = 10;        // between a callout and other sites' markers
  var GAP = 3;           // between a label and its markers
  var RINGS = [26, 44, 66, 92, 124, 160, 200, 250, 310, 380, 460];
  var ANGLES = 24;

  function clear() {
    Array.prototype.slice.call(pane.querySelectorAll(".basemap-label")).forEach(function (e) {
      pane.removeChild(e);
    });
    while (lines.firstChild) { lines.removeChild(lines.firstChild); }
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
  function nearestOnBox(b, p) {
    return L.point(Math.max(b[0], Math.min(p.x, b[2])), Math.max(b[1], Math.min(p.y, b[3])));
  }

  /* Candidate boxes for a label of size w x h around the markers' box g
   * (container pixels): beside it first, then callouts on rings. */
  function candidates(g, w, h, away) {
    var cx = (g[0] + g[2]) / 2, cy = (g[1] + g[3]) / 2, out = [];
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
    return out;
  }

  /* Place the labels of units ({text, keys, cls, markers: [{point, r}]})
   * clear of `avoid` (container-pixel boxes: controls, badges). Returns
   * the boxes of the labels placed, with the keys each names. */
  function place(units, avoid) {
    clear();
    var size = map.getSize(), taken = avoid.slice(), segments = [];
    // a small map (a phone, a narrow column) takes smaller labels
    var small = size.x < 600 || size.y < 420;
    if (small !== L.DomUtil.hasClass(pane, "basemap-small")) {
      (small ? L.DomUtil.addClass : L.DomUtil.removeClass)(pane, "basemap-small");
      sizes = {};
    }
    var markerBoxes = [];
    units.forEach(function (u, ui) {
      u.markers.forEach(function (m) {
        var r = m.r + 1, k = m.r * 0.6;
        markerBoxes.push({unit: ui, box: [m.point.x - r, m.point.y - r, m.point.x + r, m.point.y + r],
                          core: [m.point.x - k, m.point.y - k, m.point.x + k, m.point.y + k]});
      });
    });
    markerBoxes.forEach(function (mb) { taken.push(mb.box); });
    var centres = units.map(function (u) {
      var x = 0, y = 0;
      u.markers.forEach(function (m) { x += m.point.x; y += m.point.y; });
      return L.point(x / u.markers.length, y / u.markers.length);
    });
    // crowding: how many other units lie within 90 px
    var crowd = centres.map(function (c) {
      return centres.filter(function (o) { return c.distanceTo(o) < 90; }).length;
    });
    var order = units.map(function (u, i) { return i; });
    order.sort(function (a, b) {
      return (units[a].rank - units[b].rank) || (crowd[b] - crowd[a]) || (a - b);
    });
    var placed = [];
    function makeLabel(u, rows) {
      var label = document.createElement("div");
      label.className = "basemap-label " + (u.cls || "");
      if (rows) {  // a cluster's callout: one line per site
        label.classList.add("basemap-label-list");
        rows.forEach(function (t) {
          var line = document.createElement("div");
          line.textContent = t;
          label.appendChild(line);
        });
      } else {
        label.textContent = u.text;
      }
      label.style.position = "absolute";
      label.style.visibility = "hidden";
      return label;
    }
    function sizeKey(u, rows) { return (u.cls || "") + "|" + (rows ? rows.join("\n") : u.text); }
    // measure every label at once: one reflow, not one per label and round
    var fresh = units.filter(function (u) { return !sizes[sizeKey(u, null)]; }).map(function (u) {
      var e = makeLabel(u, null);
      pane.appendChild(e);
      return [u, e];
    });
    fresh.forEach(function (ue) {
      sizes[sizeKey(ue[0], null)] = [ue[1].offsetWidth, ue[1].offsetHeight];
    });
    fresh.forEach(function (ue) { pane.removeChild(ue[1]); });
    function tryPlace(u, ui, rows) {
      var c = centres[ui];
      var label = makeLabel(u, rows);
      label.setAttribute("data-keys", u.keys.join(" "));
      var known = sizes[sizeKey(u, rows)];
      if (!known) {
        pane.appendChild(label);
        known = sizes[sizeKey(u, rows)] = [label.offsetWidth, label.offsetHeight];
        pane.removeChild(label);
      }
      var w = known[0], h = known[1];
      var g = [Infinity, Infinity, -Infinity, -Infinity];
      u.markers.forEach(function (m) {
        g = [Math.min(g[0], m.point.x - m.r), Math.min(g[1], m.point.y - m.r),
             Math.max(g[2], m.point.x + m.r), Math.max(g[3], m.point.y + m.r)];
      });
      // away from the crowd: opposite the mean of the near neighbours
      var vx = 0, vy = 0;
      centres.forEach(function (o, j) {
        var d = c.distanceTo(o);
        if (j !== ui && d < 120 && d > 0 && !(u.members && u.members.indexOf(j) >= 0)) {
          vx += (c.x - o.x) / d; vy += (c.y - o.y) / d;
        }
      });
      var away = (vx || vy) ? Math.atan2(vy, vx) : 0;
      var mine = function (mb) { return u.members ? u.members.indexOf(mb.unit) >= 0 : mb.unit === ui; };
      var own = function (box) {  // beside labels: clearly nearer their own markers
        var near = Infinity, other = Infinity;
        markerBoxes.forEach(function (mb) {
          var p = L.point((mb.box[0] + mb.box[2]) / 2, (mb.box[1] + mb.box[3]) / 2);
          var d = nearestOnBox(box, p).distanceTo(p);
          if (mine(mb)) { near = Math.min(near, d); } else { other = Math.min(other, d); }
        });
        return other > near + 6;
      };
      var spot = null, from = null;
      var list = candidates(g, w, h, away);
      for (var k = 0; k < list.length && !spot; k++) {
        var cand = list[k], b = cand.box;
        if (b[0] < MARGIN || b[1] < MARGIN || b[2] > size.x - MARGIN || b[3] > size.y - MARGIN) { continue; }
        if (taken.some(function (t) { return hits(b, t); })) { continue; }
        if (segments.some(function (sg) { return segmentHitsBox(sg[0], sg[1], b); })) { continue; }
        if (!cand.leader) {
          if (own(b)) { spot = cand; }
          continue;
        }
        // a callout keeps clear of other sites' markers, so it never seems
        // to name them (CLEAR px around it)
        var near = markerBoxes.some(function (mb) {
          return !mine(mb) && hits([b[0] - CLEAR, b[1] - CLEAR, b[2] + CLEAR, b[3] + CLEAR], mb.box);
        });
        if (near && !u.loose) { continue; }
        // a leader from the markers to the label's nearest point: one for a
        // site, one to each site of a cluster
        var legs = (u.members ? u.members.map(function (m) { return centres[m]; }) : [c]).map(function (o) {
          var end = nearestOnBox(b, o);
          return [u.members ? o : nearestOnBox(g, end), end];
        });
        // a leader may pass between markers, not through one's middle
        var blocked = legs.some(function (leg) {
          return (!u.loose && markerBoxes.some(function (mb) {
            return !mine(mb) && segmentHitsBox(leg[0], leg[1], mb.core);
          })) || placed.some(function (pl) { return segmentHitsBox(leg[0], leg[1], pl.box); }) ||
            avoid.some(function (t) { return segmentHitsBox(leg[0], leg[1], t); });
        });
        if (!blocked) { spot = cand; from = legs; }
      }
      if (!spot) { return false; }
      pane.appendChild(label);
      L.DomUtil.setPosition(label, map.containerPointToLayerPoint(L.point(spot.box[0], spot.box[1])));
      label.style.visibility = "";
      taken.push(spot.box);
      placed.push({box: spot.box, keys: u.keys});
      if (from) {
        from.forEach(function (leg) {
          segments.push(leg);
          var a = map.containerPointToLayerPoint(leg[0]), z = map.containerPointToLayerPoint(leg[1]);
          var line = document.createElementNS(SVGNS, "line");
          line.setAttribute("class", "basemap-leader " + (u.cls || ""));
          line.setAttribute("x1", a.x); line.setAttribute("y1", a.y);
          line.setAttribute("x2", z.x); line.setAttribute("y2", z.y);
          lines.appendChild(line);
        });
        label.classList.add("basemap-callout");
      }
      return true;
    }
    /* Where the neighbourhood is too full for one label a site (the
     * Dushanbe area on a phone), the sites that found no place are named
     * together: one callout listing them, a line each, with a leader to
     * their centre (clusters: the unplaced units within CLUSTER px). The
     * layout is then redone with those clusters placed first, so the
     * hardest places choose before the easy ones; at most three rounds. */
    var CLUSTER = small ? 80 : 60, clusters = [], base = centres.length;
    function clusterOf(members) {
      var cl = {cls: units[members[0]].cls, rank: units[members[0]].rank, members: members,
                keys: [], markers: [], rows: []};
      var sx = 0, sy = 0;
      members.forEach(function (m) {
        cl.keys = cl.keys.concat(units[m].keys);
        cl.markers = cl.markers.concat(units[m].markers);
        cl.rows.push(units[m].text);
        sx += centres[m].x; sy += centres[m].y;
      });
      cl.centre = L.point(sx / members.length, sy / members.length);
      return cl;
    }
    for (var round = 0; round < 3; round++) {
      // start again from the fixed obstacles
      clear();
      taken = avoid.slice();
      markerBoxes.forEach(function (mb) { taken.push(mb.box); });
      segments = [];
      placed = [];
      centres.length = base;
      var inCluster = {}, failed = [];
      clusters.forEach(function (cl) {
        centres.push(cl.centre);
        var ok = tryPlace(cl, centres.length - 1, cl.rows);
        cl.members.forEach(function (m) { inCluster[m] = true; units[m].unplaced = !ok; });
        if (!ok) { failed = failed.concat(cl.members); }
      });
      order.forEach(function (ui) {
        if (inCluster[ui]) { return; }
        units[ui].unplaced = !tryPlace(units[ui], ui, null);
        if (units[ui].unplaced) { failed.push(ui); }
      });
      if (!failed.length) { break; }
      // the failed units, and the clusters that failed, regrouped
      var pool = failed.slice(), next = [];
      clusters.forEach(function (cl) {
        if (cl.members.every(function (m) { return !units[m].unplaced; })) { next.push(cl); }
        else { cl.members.forEach(function (m) { if (pool.indexOf(m) < 0) { pool.push(m); } }); }
      });
      while (pool.length) {
        var members = [pool.shift()];
        pool = pool.filter(function (j) {
          var near = members.some(function (m) { return centres[m].distanceTo(centres[j]) < CLUSTER; });
          if (near && units[j].rank === units[members[0]].rank) { members.push(j); return false; }
          return true;
        });
        next.push(clusterOf(members));
      }
      next.sort(function (a, b) { return b.rows.length - a.rows.length; });
      clusters = next;
    }
    /* Last, where even a cluster's list finds no room (a phone, a small
     * frame): a letter by the markers, and the name in a key beside the map
     * (refs), as newsroom maps number a crowd. The letter is a label: it
     * carries data-keys and, for screen readers and on hover, the name. */
    refs = [];
    order.forEach(function (ui) {
      var u = units[ui];
      if (!u.unplaced) { return; }
      var letter = String.fromCharCode(65 + refs.length % 26) + (refs.length >= 26 ? String(Math.floor(refs.length / 26)) : "");
      var ref = {text: letter, keys: u.keys, markers: u.markers, rank: u.rank,
                 cls: (u.cls || "") + " basemap-label-ref"};
      // a letter's leader may cross a marker, as a last resort
      if (tryPlace(ref, ui, null) || tryPlace(L.extend(ref, {loose: true}), ui, null)) {
        u.unplaced = false;
        refs.push({letter: letter, text: u.text, keys: u.keys});
        var e = pane.lastChild.previousSibling && pane.querySelector('.basemap-label-ref[data-keys="' + u.keys.join(" ") + '"]');
        if (e) { e.title = u.text; e.setAttribute("aria-label", letter + ": " + u.text); }
      }
    });
    return placed;
  }

  var refs = [];
  // sizes measured before a font arrived are wrong: measure again
  if (document.fonts && document.fonts.addEventListener) {
    document.fonts.addEventListener("loadingdone", function () { sizes = {}; });
  }
  return {place: place, clear: clear, pane: pane, refs: function () { return refs; },
          reset: function () { sizes = {}; }};
}

/* The key of the lettered sites (basemapLabeller's refs()), under the
 * legend (called by basemap.js at each layout). Held, it
 * keeps at least its height: a layout asked only by a resize of the map
 * (and the zoom that fits the frame again after it) never shortens it,
 * or a shorter key would make the map taller, which can letter one more
 * site, which makes the key longer, and the map would never settle; the
 * reader's next zoom or a redraw lets it shrink. */
function basemapShowRefs(refs, hold) {
  "use strict";
  var el = basemapEl;
  var box = document.getElementById("basemap-refs");
  var legend = document.getElementById("basemap-legend");
  if (!box && legend && refs.length) {
    box = el("section", "basemap-refs");
    box.id = "basemap-refs";
    box.appendChild(el("h2", null, "Sites by letter"));
    box.appendChild(el("ol"));
    legend.parentNode.insertBefore(box, legend.nextSibling);
  }
  if (!box) { return; }
  var was = hold && !box.hidden ? box.offsetHeight : 0;
  var list = box.querySelector("ol");
  while (list.firstChild) { list.removeChild(list.firstChild); }
  refs.forEach(function (r) {
    var li = el("li");
    li.appendChild(el("b", "basemap-ref-letter", r.letter));
    li.appendChild(document.createTextNode(" " + r.text));
    li.setAttribute("data-keys", r.keys.join(" "));
    list.appendChild(li);
  });
  box.hidden = !refs.length && !was;
  box.style.visibility = refs.length ? "" : "hidden";  // held empty: its room
  box.style.minHeight = was ? was + "px" : "";
}
