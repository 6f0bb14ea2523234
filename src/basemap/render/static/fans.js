/* basemap fans: the operators of one site, on a small ring around its point.
 *
 * Inlined before basemap.js (basemap.render.elements.BasemapLayers). A dot
 * sits where its base is: a site with one marker is drawn at its point, and
 * nothing ever moves a marker towards or across another site. Only the
 * markers of one site (the coalition at Manas, the French, British and
 * American detachments at Dushanbe airport) share its point; they fan out
 * on a ring around it, in the order of the data, the ring no wider than
 * BASEMAP_FAN_MAX pixels, so every operator can be seen, hovered and
 * clicked and none is drawn more than about its own size from its place
 * (a small dot marks the point itself). Markers of different sites that
 * would collide are shown in a detail inset instead (insets.js).
 *
 * basemapFan(radii) gives the offsets of the markers (container pixels,
 * from the site's point); basemapFanReach(radii) the radius of the disc
 * the fanned markers cover, which the insets use to tell sites apart.
 */
var BASEMAP_FAN_MAX = 15;
/* The ring's radius for markers of these radii (0: one marker). */
function basemapFanRing(radii) {
  "use strict";
  if (radii.length < 2) { return 0; }
  var around = 0, largest = 0;
  radii.forEach(function (r) { around += 2 * r + 2.5; largest = Math.max(largest, r); });
  return Math.min(BASEMAP_FAN_MAX, Math.max(largest + 1.5, around / (2 * Math.PI)));
}
/* Offsets [{x, y}] of markers of radii `radii` around their site's point:
 * two side by side, more around a ring from the top, clockwise, each given
 * an arc in proportion to its size. */
function basemapFan(radii) {
  "use strict";
  var ring = basemapFanRing(radii);
  if (!ring) { return radii.map(function () { return {x: 0, y: 0}; }); }
  var total = 0;
  radii.forEach(function (r) { total += r + 1.25; });
  // the first marker's middle on the left (two) or at the top (more)
  var at = (radii.length === 2 ? Math.PI : -Math.PI / 2) - Math.PI * (radii[0] + 1.25) / total;
  return radii.map(function (r) {
    var half = Math.PI * (r + 1.25) / total;
    at += half;
    var out = {x: ring * Math.cos(at), y: ring * Math.sin(at)};
    at += half;
    // (rounded to a tenth of a pixel: the same page, the same drawing)
    return {x: Math.round(out.x * 10) / 10, y: Math.round(out.y * 10) / 10};
  });
}
/* The radius of the disc a site's markers cover, outline included. */
function basemapFanReach(radii) {
  "use strict";
  var largest = 0;
  radii.forEach(function (r) { largest = Math.max(largest, r); });
  return basemapFanRing(radii) + largest + 1;
}
