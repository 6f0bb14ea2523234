/* basemap: draws the embedded data on a Leaflet map.
 *
 * Inlined into every map by basemap.elements.BasemapLayers, which calls
 * basemapDraw(map, opts, tiles) once the map exists; the timeline page
 * (timeline.js) uses basemapView directly to redraw one year at a time.
 * Every string from the data lands through textContent or a DOM property,
 * never innerHTML, and only http(s) links are made.
 */
function basemapRead(id) {
  "use strict";
  return JSON.parse(document.getElementById(id).textContent);
}

/* The label drawn next to a marker: the rule of basemap.style.label_text. */
function basemapLabel(shortName, operator, status, presence, changeText) {
  "use strict";
  var text = shortName + " (" + operator + ")";
  if (status === "proposed" || status === "temporary") { text += ", " + status; }
  if (presence === "uncertain") { text += " ?"; }
  if (changeText && changeText !== "proposed") { text += ": " + changeText; }
  return text;
}

/* The embedded features are compact (see basemap.render.feature_collection):
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
      host_name: meta.names[p.host] || p.host, presence: presence,
      change: p.change || "", change_text: p.change_text || p.change || "",
      label: p.label || basemapLabel(last.label || last.name, p.operator, status,
                                     presence, p.change_text || p.change || ""),
      label_direction: p.side || "right",
      marker: marker, color: marker.fillColor, periods: periods,
      name: last.name, kind: last.kind, status: status,
      location_precision: p.location_precision, location_note: p.location_note
    }
  };
}

function basemapDraw(map, opts, tiles) {
  "use strict";
  var view = basemapView(map, opts, tiles);
  var data = basemapRead("basemap-data");
  view.draw(data.features.map(function (f) { return basemapExpand(f, data.basemap); }),
            opts.when_phrase);
  view.ready();
  return view;
}

/* Sets up borders, layer groups, controls and attribution; returns
 * {draw(features, whenPhrase), ready(), present, former}. */
function basemapView(map, opts, tiles) {
  "use strict";
  var container = map.getContainer();
  container.setAttribute("aria-describedby", "basemap-text");
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", opts.aria_label);

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) {
    return (typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u)) ? u : null;
  }
  var whenPhrase = opts.when_phrase;
  var PRECISION = {4: "year", 7: "month", 10: "day"};
  function dateText(d) {
    if (d === null || d === undefined) { return null; }
    var q = d.slice(-1), bare = d, notes = [];
    if (q === "~" || q === "?") { bare = d.slice(0, -1); }
    notes.push(PRECISION[bare.length] || "");
    if (q === "~") { notes.push("approximate"); }
    if (q === "?") { notes.push("uncertain"); }
    return d + " (" + notes.join(", ") + ")";
  }
  function row(parent, label, value) {
    if (value === null || value === undefined || value === "" ||
        (Array.isArray(value) && value.length === 0)) { return; }
    var p = el("p", "basemap-row");
    p.appendChild(el("strong", null, label + ": "));
    p.appendChild(document.createTextNode(Array.isArray(value) ? value.join("; ") : String(value)));
    parent.appendChild(p);
  }
  function sourceItem(s) {
    var li = el("li");
    if (s.seed) {
      li.appendChild(document.createTextNode("Seed document " + s.seed + ": "));
      li.appendChild(el("q", null, s.quote));
      return li;
    }
    var url = safeUrl(s.url);
    var title = el(url ? "a" : "cite", null, s.title);
    if (url) { title.href = url; title.target = "_blank"; title.rel = "noopener noreferrer"; }
    li.appendChild(title);
    li.appendChild(document.createTextNode(", " + s.publisher + ", " + s.date));
    if (s.quote) {
      li.appendChild(document.createTextNode(": "));
      li.appendChild(el("q", null, s.quote));
    }
    return li;
  }
  function popup(p) {
    var root = el("div", "basemap-popup");
    root.appendChild(el("h3", null, p.name));
    root.appendChild(el("p", "basemap-meta",
      p.operator_name + " (" + p.operator + ") in " + p.host_name + " (" + p.host + "), " + p.kind));
    root.appendChild(el("p", "basemap-status", opts.status_text[p.presence] +
      (p.change ? "; " + p.change_text + " " + whenPhrase : "")));
    p.periods.forEach(function (per) {
      var sec = el("section", "basemap-period");
      var end = per.end === null ? "present (as of " + opts.as_of + ")" : dateText(per.end);
      sec.appendChild(el("h4", null, per.name + ": " + dateText(per.start) + " to " + end));
      row(sec, "Also called", per.aliases);
      row(sec, "Personnel", (per.personnel || []).map(function (x) {
        return x.value + " (" + x.date + (x.source ? ", " + x.source : "") + ")";
      }));
      row(sec, "Equipment", per.equipment);
      row(sec, "Units", per.units);
      row(sec, "Notes", per.notes);
      sec.appendChild(el("h5", null, "Sources"));
      var ol = el("ol", "basemap-sources");
      (per.sources || []).forEach(function (s) { ol.appendChild(sourceItem(s)); });
      sec.appendChild(ol);
      root.appendChild(sec);
    });
    row(root, "Location", (p.location_precision || "unstated") +
      (p.location_note ? ": " + p.location_note : ""));
    return root;
  }

  var boundaries = L.geoJSON(basemapRead("basemap-boundaries"), {
    style: opts.boundary_style, interactive: false
  });
  boundaries.addTo(map);

  var present = L.featureGroup(), former = L.featureGroup();
  var OFFSET = {right: [10, 0], left: [-10, 0], top: [0, -10], bottom: [0, 10]};
  var svg = L.svg(), canvas = L.canvas({padding: 0.5});

  function draw(features, phrase) {
    whenPhrase = phrase;
    present.clearLayers();
    former.clearLayers();
    var renderer = features.length > opts.canvas_threshold ? canvas : svg;
    var labelled = features.length <= opts.label_limit;
    features.forEach(function (f) {
      var p = f.properties, c = f.geometry.coordinates;
      var style = L.extend({}, p.marker, {
        renderer: renderer,
        className: "basemap-marker basemap-" + p.presence
      });
      var m = L.circleMarker([c[1], c[0]], style);
      m.on("add", function () {
        // SVG markers carry their site and operator, for tools and tests.
        var e = m.getElement && m.getElement();
        if (e) { e.setAttribute("data-key", p.key); }
      });
      m.bindPopup(function () { return popup(p); }, {maxWidth: 380, maxHeight: 420});
      m.basemapLabel = p.label;
      m.basemapSide = p.label_direction || "right";
      if (labelled) {
        bindLabel(m, {dir: m.basemapSide, off: OFFSET[m.basemapSide] || [10, 0]}, true);
      } else {
        m.bindTooltip(function () { return el("span", null, p.label); });
      }
      m.basemapLatLng = m.getLatLng();
      (p.presence === "former" ? former : present).addLayer(m);
    });
    declutter();
    placeLabels();
  }
  present.addTo(map);

  /* Markers closer than DODGE pixels would hide each other (the French
   * detachment and the 201st base in Dushanbe): spread each such group in a
   * small ring around its centre. Recomputed at every zoom, so markers go
   * back to their true places when zoomed in; the data keeps the true
   * coordinates. Skipped for large layers. */
  var DODGE = 12;
  function declutter() {
    [present, former].forEach(function (group) {
      var ms = [];
      group.eachLayer(function (m) { m.setLatLng(m.basemapLatLng); ms.push(m); });
      if (!map.hasLayer(group) || ms.length < 2 || ms.length > opts.label_limit) { return; }
      var pts = ms.map(function (m) { return map.latLngToContainerPoint(m.basemapLatLng); });
      var used = ms.map(function () { return false; });
      for (var i = 0; i < ms.length; i++) {
        if (used[i]) { continue; }
        var members = [i];
        for (var j = i + 1; j < ms.length; j++) {
          if (!used[j] && pts[i].distanceTo(pts[j]) < DODGE) { members.push(j); used[j] = true; }
        }
        if (members.length < 2) { continue; }
        var cx = 0, cy = 0;
        members.forEach(function (k) { cx += pts[k].x; cy += pts[k].y; });
        cx /= members.length; cy /= members.length;
        // each marker moves towards the side its label is on, if free
        var SIDE = {right: 0, bottom: Math.PI / 2, left: Math.PI, top: -Math.PI / 2};
        var taken = {};
        members.forEach(function (k, n) {
          var side = ms[k].basemapSide;
          var a = (side in SIDE && !taken[side]) ? SIDE[side]
            : Math.PI + 2 * Math.PI * n / members.length;
          taken[side] = true;
          var q = L.point(cx + DODGE * 0.8 * Math.cos(a), cy + DODGE * 0.8 * Math.sin(a));
          ms[k].setLatLng(map.containerPointToLatLng(q));
        });
      }
    });
  }
  map.on("zoomend overlayadd", function () { declutter(); placeLabels(); });

  function bindLabel(m, place, permanent) {
    var tip = m.getTooltip();
    if (tip && tip.options.permanent === permanent) {  // move it in place
      tip.options.direction = place.dir;
      tip.options.offset = L.point(place.off);
      if (tip.isOpen()) { tip.update(); }
    } else {
      m.unbindTooltip();
      m.bindTooltip(el("span", null, m.basemapLabel), {
        permanent: permanent, direction: place.dir, offset: place.off,
        className: permanent ? "basemap-label" : "basemap-label basemap-label-hover"
      });
      if (permanent && m._map) { m.openTooltip(); }
    }
    m.basemapPlace = place;
  }

  /* Labels must stay readable in screenshots: each takes the first of 16
   * places around its marker (its preferred side first, then the diagonals,
   * then the same farther out) where it overlaps no label placed before it
   * and no marker, and is nearer its own marker than any other; crowded
   * markers choose first. A label that fits nowhere shows on hover instead
   * of covering another or misleading. Redone at every zoom. */
  function places(side, x, y, w, h, r) {
    var g = 10 + r / 2, v = h / 2 + 3, out = [];
    [[g, 1], [g + 18, 2]].forEach(function (ring) {
      var d = ring[0], k = ring[1];
      out.push(
        {dir: "right", off: [d, 0], box: [x + d, y - h / 2, x + d + w, y + h / 2]},
        {dir: "left", off: [-d, 0], box: [x - d - w, y - h / 2, x - d, y + h / 2]},
        {dir: "bottom", off: [0, d], box: [x - w / 2, y + d, x + w / 2, y + d + h]},
        {dir: "top", off: [0, -d], box: [x - w / 2, y - d - h, x + w / 2, y - d]},
        {dir: "right", off: [d - 4, -k * v], box: [x + d - 4, y - k * v - h / 2, x + d - 4 + w, y - k * v + h / 2]},
        {dir: "right", off: [d - 4, k * v], box: [x + d - 4, y + k * v - h / 2, x + d - 4 + w, y + k * v + h / 2]},
        {dir: "left", off: [4 - d, -k * v], box: [x + 4 - d - w, y - k * v - h / 2, x + 4 - d, y - k * v + h / 2]},
        {dir: "left", off: [4 - d, k * v], box: [x + 4 - d - w, y + k * v - h / 2, x + 4 - d, y + k * v + h / 2]}
      );
    });
    var first = out.filter(function (c, i) { return i < 4 && c.dir === side; });
    return first.concat(out.filter(function (c) { return first.indexOf(c) < 0; }));
  }
  function placeLabels() {
    var markers = [];
    [present, former].forEach(function (group) {
      if (map.hasLayer(group)) { group.eachLayer(function (m) { markers.push(m); }); }
    });
    if (markers.length > opts.label_limit) { return; }
    var size = map.getSize(), taken = [];
    var pts = markers.map(function (m) { return map.latLngToContainerPoint(m.getLatLng()); });
    markers.forEach(function (m, i) {
      var r = m.options.radius + 2;
      taken.push([pts[i].x - r, pts[i].y - r, pts[i].x + r, pts[i].y + r]);
    });
    function free(box) {
      if (box[0] < 0 || box[1] < 0 || box[2] > size.x || box[3] > size.y) { return false; }
      return taken.every(function (t) {
        return box[2] <= t[0] || t[2] <= box[0] || box[3] <= t[1] || t[3] <= box[1];
      });
    }
    // the most crowded markers choose first (ties: data order)
    var crowd = pts.map(function (p) {
      return pts.filter(function (o) { return p.distanceTo(o) < 80; }).length;
    });
    var order = markers.map(function (m, i) { return i; });
    order.sort(function (a, b) { return crowd[b] - crowd[a] || a - b; });
    function gap(box, p) {  // distance from a point to a box
      var dx = Math.max(box[0] - p.x, 0, p.x - box[2]);
      var dy = Math.max(box[1] - p.y, 0, p.y - box[3]);
      return Math.sqrt(dx * dx + dy * dy);
    }
    function ownNearest(box, i) {  // clearly nearer its own marker than any other
      var own = gap(box, pts[i]);
      return pts.every(function (p, j) { return j === i || gap(box, p) > own + 8; });
    }
    order.forEach(function (i) {
      var m = markers[i], q = pts[i];
      bindLabel(m, {dir: "right", off: [10, 0]}, true);
      var tip = m.getTooltip().getElement();
      var spot = places(m.basemapSide, q.x, q.y, tip.offsetWidth, tip.offsetHeight,
                        m.options.radius).filter(function (c) {
        return free(c.box) && ownNearest(c.box, i);
      })[0];
      if (spot) {
        bindLabel(m, spot, true);
        taken.push(spot.box);
      } else {
        bindLabel(m, {dir: m.basemapSide, off: OFFSET[m.basemapSide] || [10, 0]}, false);
      }
    });
  }

  var base = {};
  if (tiles) { base[opts.tiles_label] = tiles; }
  var overlays = {};
  overlays[opts.layer_names.boundaries] = boundaries;
  overlays[opts.layer_names.present] = present;
  overlays[opts.layer_names.former] = former;
  L.control.layers(base, overlays, {collapsed: opts.collapsed}).addTo(map);
  map.attributionControl.addAttribution(opts.attribution);
  // keep sites clear of the controls and title along the top edge
  map.fitBounds(opts.bounds, {paddingTopLeft: [30, 110], paddingBottomRight: [30, 30],
                              animate: false});

  function ready() {
    var pending = tiles ? 1 : 0;
    function mark() {
      requestAnimationFrame(function () {
        requestAnimationFrame(function () {
          container.setAttribute("data-basemap-ready", "true");
        });
      });
    }
    if (tiles) {
      tiles.once("load", function () { pending -= 1; if (!pending) { mark(); } });
    }
    if (!pending) { mark(); }
  }

  return {draw: draw, ready: ready, present: present, former: former, el: el};
}
