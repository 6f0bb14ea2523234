/* basemap data: the sites embedded in a page (the "basemap-data" GeoJSON,
 * compact as basemap.encoding writes it), read and expanded into the
 * properties the drawing code uses: basemapRead, basemapLabel,
 * basemapExpand, and basemapLean for a large layer, drawn from its dots in
 * columns before (or without) its features are read. Inlined before
 * basemap.js (basemap.render.elements.BasemapLayers), which calls them. */
function basemapRead(id) {
  "use strict";
  return JSON.parse(document.getElementById(id).textContent);
}

/* The label drawn next to a marker: the rule of basemap.wording._label (the
 * change already worded by basemap.styling.symbols.change_text; an inheritance said
 * short, as wording._INHERITED_LABEL). */
function basemapLabel(shortName, operator, status, presence, words) {
  "use strict";
  words = (words || "").split("inherited from the Soviet forces").join("ex-Soviet");
  var text = shortName + " (" + operator + ")";
  if (status === "temporary") {
    text += ", temporary";
  } else if (status === "proposed" || status === "reported") {
    if (words && words.indexOf(status) === 0) { text += ", " + words; words = ""; }
    else if (!words) { text += ", " + status; }
  }
  if (presence === "uncertain") { text += " ?"; }
  if (words) { text += ": " + words; }
  return text;
}

/* The embedded features are compact (see basemap.render.page.feature_collection):
 * expand one into the properties the drawing code uses. */
function basemapExpand(f, meta) {
  "use strict";
  var p = f.properties, periods = p.periods, last = periods[periods.length - 1];
  var presence = p.presence || "present", status = last.status || "base";
  var marker = meta.styles[p.operator + "|" + presence + "|" + status];
  return {
    type: "Feature",
    geometry: f.geometry,
    properties: {
      key: p.site + "/" + p.operator, site: p.site, operator: p.operator,
      host: p.host, operator_name: meta.names[p.operator] || p.operator,
      // a breakaway region is named with its recognised state: "Georgia (Abkhazia)"
      host_name: (meta.names[p.host] || p.host) + (p.territory ? " (" + p.territory + ")" : ""),
      host_state: meta.names[p.host] || p.host, territory: p.territory, presence: presence,
      change: p.change || "", change_text: p.change_text || p.change || "",
      label: p.label || basemapLabel(last.label || last.name, p.operator, status,
                                     presence, p.change_text || p.change || ""),
      short: last.label || last.name,
      marker: marker, color: marker.fillColor, periods: periods,
      name: last.name, kind: last.kind, status: status,
      location_precision: p.location_precision, location_note: p.location_note,
      distances: (meta.distances || {})[p.site + "/" + p.operator] || null,
      ring: (meta.rings || {})[p.site + "/" + p.operator] || null,
      measure: meta.measure || null,
      area: p.area || null,  // the outline of a site that is an area (areas.js)
      area_km2: p.area_km2 || null
    }
  };
}

/* A large layer's features, before its GeoJSON is read: reading 40,000
 * features (JSON.parse, then expanding each) was a third of the time until
 * such a map was ready, for popups, labels and names that no one has asked
 * for yet. The collection's "basemap" member comes first in the text and
 * carries the dots in columns (basemap.render.encoding._dots): it is read alone,
 * and each feature gets the properties that drawing, filtering and
 * counting use (key, site, operator, host, their names, presence, status,
 * kind, marker, colour). The others (label, short, name, periods, change,
 * ...) are read when first asked for, from that feature's own text alone
 * (a hover or a popup reads one feature, not hundreds of megabytes); the
 * whole collection is read only if its features cannot be told apart in
 * the text. null: no such member (a small layer), the collection is read
 * as ever. */
function basemapLean(id) {
  "use strict";
  var text = document.getElementById(id).textContent;
  var at = text.indexOf(',"features":[');  // no string holds an unescaped quote
  var head = null;
  try { head = at > 0 ? JSON.parse(text.slice(0, at) + "}") : null; } catch (e) { head = null; }
  var meta = head && head.type === "FeatureCollection" && head.basemap, dots = meta && meta.dots;
  if (!dots) { return null; }
  var n = dots.site.length, full = null, alone = new Array(n), starts = null;
  function read() {  // every feature, expanded as a small layer's are
    if (!full) {
      full = JSON.parse(text).features.map(function (f, i) { return alone[i] || basemapExpand(f, meta); });
      text = null;
    }
    return full;
  }
  function begins() {  // where each feature's text begins (null: not found one to one)
    var out = new Float64Array(n), k = 0, pos = at, mark = '{"type":"Feature",';
    for (;;) {
      pos = text.indexOf(mark, pos + 1);
      if (pos < 0) { break; }
      if (k === n) { return null; }
      out[k++] = pos;
    }
    return k === n ? out : null;
  }
  function feature(i) {  // feature i expanded, read alone when it can be
    if (full) { return full[i]; }
    if (!alone[i]) {
      if (starts === null) { starts = begins() || false; }
      var f = null;
      if (starts) {
        var end = i + 1 < n ? starts[i + 1] - 1 : text.lastIndexOf("]");
        try { f = JSON.parse(text.slice(starts[i], end)); } catch (e) { f = null; }
      }
      if (!f || !f.properties || f.properties.site !== dots.site[i]) { return read()[i]; }
      alone[i] = basemapExpand(f, meta);
    }
    return alone[i];
  }
  var lazy = {};
  ["change", "change_text", "label", "short", "periods", "name", "location_precision", "location_note",
   "distances", "ring", "measure", "area", "area_km2", "host_name", "territory"].forEach(function (k) {
    Object.defineProperty(lazy, k, {
      get: function () { return feature(this.basemapIndex).properties[k]; }, enumerable: true
    });
  });
  var styles = dots.styles.map(function (key) {
    var parts = key.split("|");
    return {operator: parts[0], presence: parts[1], status: parts.slice(2).join("|"), marker: meta.styles[key]};
  });
  function Props(i, site, st, host, kind) {  // (one shape for all: made fast)
    this.basemapIndex = i;
    this.key = site + "/" + st.operator;
    this.site = site;
    this.operator = st.operator;
    this.host = host;
    this.operator_name = meta.names[st.operator] || st.operator;
    this.host_state = meta.names[host] || host;  // host_name, with a territory, is read lazily
    this.presence = st.presence;
    this.marker = st.marker;
    this.color = st.marker.fillColor;
    this.kind = kind === null ? undefined : kind;
    this.status = st.status;
  }
  Props.prototype = lazy;
  var features = new Array(n), of = dots.of, xy = dots.xy;
  for (var i = 0; i < n; i++) {
    var p = new Props(i, dots.site[i], styles[of[3 * i]], dots.hosts[of[3 * i + 1]], dots.kinds[of[3 * i + 2]]);
    features[i] = {type: "Feature", geometry: {type: "Point", coordinates: [xy[2 * i], xy[2 * i + 1]]},
                   properties: p};
  }
  return {basemap: meta, features: features};
}
