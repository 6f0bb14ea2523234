/* basemap dodge: markers that would hide each other, moved apart.
 *
 * Inlined before basemap.js (basemap.render.elements.BasemapLayers), whose
 * declutter() places the markers where basemapDodge says and draws the
 * spokes back to their true places.
 *
 * Markers that would hide each other (the operators at Manas in 2002, the
 * 201st base, the French detachment and Ayni around Dushanbe) are spread
 * on a ring around their centre, far enough apart that each can be seen,
 * hovered and clicked, with a thin spoke to the true place; recomputed at
 * every zoom, so they fall back to their true places once zoomed in (the
 * data keeps the true coordinates). This is spiderfying kept on at every
 * zoom: a screenshot or a figure must show every operator, which a
 * spiderfier that fans out only on click (overlapping-marker-spiderfier,
 * markercluster) cannot. Skipped for large layers.
 */
var BASEMAP_DODGE = 14, BASEMAP_MAX_RING = 24;
/* The place of each marker, group by group: a group's members evenly on a
 * ring around their centre, in the order of their true angles. */
function basemapRings(pts, groups, r) {
  "use strict";
  var out = pts.slice();
  groups.forEach(function (members) {
    if (members.length < 2) { return; }
    var cx = 0, cy = 0;
    members.forEach(function (k) { cx += pts[k].x; cy += pts[k].y; });
    cx /= members.length; cy /= members.length;
    var ring = Math.max(BASEMAP_DODGE * 0.8, members.length * (2 * r + 3) / (2 * Math.PI));
    // keep the members' own order around the ring (by true angle)
    var sorted = members.slice().sort(function (a, b) {
      return Math.atan2(pts[a].y - cy, pts[a].x - cx) - Math.atan2(pts[b].y - cy, pts[b].x - cx) || a - b;
    });
    sorted.forEach(function (k, idx) {
      var a = -Math.PI / 2 + 2 * Math.PI * idx / sorted.length;
      out[k] = L.point(cx + ring * Math.cos(a), cy + ring * Math.sin(a));
    });
  });
  return out;
}

/* Where to draw each of the markers at container points ``pts`` (radius
 * ``r``): markers within BASEMAP_DODGE of each other, transitively, share a
 * ring; a ring that lands on a neighbour takes the neighbour in. Returns
 * one point per marker (its own where it needs no move). */
function basemapDodge(pts, r) {
  "use strict";
  // groups: markers within BASEMAP_DODGE of each other, transitively
  var of = pts.map(function (p, i) { return i; });
  function find(i) { while (of[i] !== i) { i = of[i] = of[of[i]]; } return i; }
  function join(i, j) { of[find(i)] = find(j); }
  for (var i = 0; i < pts.length; i++) {
    for (var j = i + 1; j < pts.length; j++) {
      if (pts[i].distanceTo(pts[j]) < BASEMAP_DODGE) { join(i, j); }
    }
  }
  var at = pts;
  for (var round = 0; round < 8; round++) {
    var byRoot = {};
    pts.forEach(function (p, k) { (byRoot[find(k)] = byRoot[find(k)] || []).push(k); });
    var groups = Object.keys(byRoot).map(function (key) { return byRoot[key]; });
    at = basemapRings(pts, groups, r);
    // a ring that lands on a neighbour takes the neighbour in (rings
    // stay small: no more than BASEMAP_MAX_RING markers in one)
    var merged = false, count = {};
    pts.forEach(function (p, k) { count[find(k)] = (count[find(k)] || 0) + 1; });
    for (i = 0; i < pts.length; i++) {
      for (j = i + 1; j < pts.length; j++) {
        if (find(i) !== find(j) && at[i].distanceTo(at[j]) < 2 * r + 2 &&
            count[find(i)] + count[find(j)] <= BASEMAP_MAX_RING) {
          count[find(j)] += count[find(i)];
          join(i, j);
          merged = true;
        }
      }
    }
    if (!merged) { break; }
  }
  return at;
}
