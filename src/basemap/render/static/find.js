/* basemap find: the sites that match what a reader types.
 *
 * Inlined before filters.js (basemap.render.elements.BasemapLayers), whose search
 * box lists basemapMatches(text, features) and opens the one picked. A
 * site matches by its name, its label, any of its periods' names and
 * aliases, or its id, whatever the accents, case and punctuation.
 *
 * The search is written here, not bundled: leaflet-search draws its box
 * over the map (the page's layout keeps everything of its own beside it),
 * and a fuzzy matcher (fuse.js) would weigh more than this file to rank a
 * few dozen names, with fuzzy hits ("Kant" finding "Karshi") not wanted.
 * Names, labels and aliases are folded (case, accents, punctuation) and
 * matched as substrings, whole names first, then starts of words.
 */

/* Text as it is compared: accent-, case- and punctuation-insensitive. */
function basemapFold(s) {
  "use strict";
  return String(s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/\u00df/g, "ss").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}

/* What a reader may type for a site: its name, label, aliases and id. */
function basemapTerms(p) {
  "use strict";
  var out = [[p.short, ""], [p.name, p.name], [p.site, ""]];
  (p.periods || []).forEach(function (per) {
    if (per.name) { out.push([per.name, per.name]); }
    (per.aliases || []).forEach(function (a) { out.push([a, a]); });
  });
  return out;
}

/* How well the folded text ``q`` matches the folded term ``t``: 0 the
 * whole term, 1 its start, 2 the start of a word in it, 3 anywhere; null
 * not at all. */
function basemapScore(q, t) {
  "use strict";
  if (!t || t.indexOf(q) < 0) { return null; }
  if (t === q) { return 0; }
  if (t.indexOf(q) === 0) { return 1; }
  return (" " + t).indexOf(" " + q) >= 0 ? 2 : 3;
}
/* The sites matching ``text`` among ``features``, best first: one hit per
 * site ({site, s: its score, also: the other name it matched by, props:
 * its features' properties, former: whether all of them are former}). */
function basemapMatches(text, features) {
  "use strict";
  var q = basemapFold(text), bySite = {};
  if (!q) { return []; }
  features.forEach(function (f) {
    var p = f.properties, best = null;
    // folded once per feature (a large layer is searched at every key)
    if (!p.basemapTerms) {
      p.basemapTerms = basemapTerms(p).map(function (t) { return [basemapFold(t[0]), t[1]]; });
    }
    p.basemapTerms.forEach(function (t) {
      var s = basemapScore(q, t[0]);
      if (s !== null && (!best || s < best.s)) { best = {s: s, also: t[1]}; }
    });
    if (!best) { return; }
    var hit = bySite[p.site];
    if (!hit) {
      hit = bySite[p.site] = {site: p.site, s: best.s, also: best.also, props: [], former: true};
    } else if (best.s < hit.s) {
      hit.s = best.s; hit.also = best.also;
    }
    hit.props.push(p);
    if (p.presence !== "former") { hit.former = false; }
  });
  return Object.keys(bySite).map(function (k) { return bySite[k]; }).sort(function (a, b) {
    return a.s - b.s || a.former - b.former ||
      (a.props[0].short < b.props[0].short ? -1 : a.props[0].short > b.props[0].short ? 1 : 0);
  });
}
