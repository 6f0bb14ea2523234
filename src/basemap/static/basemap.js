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
  if (document.getElementById("basemap-context")) {
    view.drawContext(basemapRead("basemap-context"), opts.when_text);
  }
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

  var borderData = basemapRead("basemap-boundaries");
  var boundaries = L.geoJSON(borderData, {
    style: opts.boundary_style, interactive: false
  });
  boundaries.addTo(map);

  var present = L.featureGroup(), former = L.featureGroup();
  var EVENT_SIZE = 18, eventsLayer = L.featureGroup();  // see drawContext
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
      m.basemapSite = p.site;
      m.basemapShort = p.periods[p.periods.length - 1].label || p.name;
      m.basemapOperator = p.operator;
      (p.presence === "former" ? former : present).addLayer(m);
    });
    groupLabels(present);
    declutter();
    placeLabels();
  }

  /* Where three or more operators share a site (the coalition at Manas in
   * 2002), one label names them all ("Manas (USA, FRA, ...)"), carried by
   * the first marker of the site; the others label on hover. */
  var GROUP = 3;
  function groupLabels(group) {
    var bySite = {};
    group.eachLayer(function (m) {
      m.basemapGrouped = false;
      (bySite[m.basemapSite] = bySite[m.basemapSite] || []).push(m);
    });
    Object.keys(bySite).forEach(function (site) {
      var ms = bySite[site];
      if (ms.length < GROUP) { return; }
      ms[0].basemapLabel = ms[0].basemapShort + " (" +
        ms.map(function (m) { return m.basemapOperator; }).join(", ") + ")";
      ms[0].unbindTooltip();  // placeLabels binds the combined text
      ms.slice(1).forEach(function (m) { m.basemapGrouped = true; });
    });
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
    var box0 = container.getBoundingClientRect();  // ... and of the controls
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) {
        taken.push([r.left - box0.left, r.top - box0.top, r.right - box0.left, r.bottom - box0.top]);
      }
    });
    if (map.hasLayer(eventsLayer)) {  // labels keep clear of the event badges
      eventsLayer.eachLayer(function (m) {
        var q = map.latLngToContainerPoint(m.getLatLng()), a = m.options.icon.options.iconAnchor;
        taken.push([q.x - a[0], q.y - a[1], q.x - a[0] + EVENT_SIZE, q.y - a[1] + EVENT_SIZE]);
      });
    }
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
      var own = gap(box, pts[i]), site = markers[i].basemapSite;
      return pts.every(function (p, j) {
        return j === i || (markers[j].basemapGrouped && markers[j].basemapSite === site) ||
          gap(box, p) > own + 8;
      });
    }
    order.forEach(function (i) {
      var m = markers[i], q = pts[i];
      if (m.basemapGrouped) {  // named by its site's combined label
        bindLabel(m, {dir: m.basemapSide, off: OFFSET[m.basemapSide] || [10, 0]}, false);
        return;
      }
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
  var control = L.control.layers(base, overlays, {collapsed: opts.collapsed}).addTo(map);
  map.attributionControl.addAttribution(opts.attribution);
  // keep sites clear of the controls and title along the top edge and, on
  // a wide map with the context panel, of the column of controls on the right
  var wide = map.getSize().x >= 800;
  var reserve = opts.context_panel && wide ? 350 : 30;
  map.fitBounds(opts.bounds, {paddingTopLeft: [30, 110], paddingBottomRight: [reserve, 30],
                              animate: false});

  function ready() {
    var pending = tiles ? 1 : 0;
    function mark() {
      requestAnimationFrame(function () {
        // the legend and other controls are added by scripts that run after
        // this one: place the labels again now that they are all there
        declutter();
        placeLabels();
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

  // -- context: the year's events and the alliances ----------------------
  /* Events with a place are numbered badges (the same number as in the
   * panel); every event is listed in the panel. Each organisation is one
   * layer shading its member states (off by default), switched from the
   * panel or the layer control; suspended members are paler and dashed. */
  map.createPane("basemapAlliances").style.zIndex = 390;  // under the markers
  var alliances = {}, allianceOn = {}, contextBox = null, contextControl = null;
  control.addOverlay(eventsLayer, opts.layer_names.events || "Events");
  eventsLayer.addTo(map);

  function spanText(e) {
    return e.end ? dateText(e.date) + " to " + dateText(e.end) : dateText(e.date);
  }
  function eventPopup(e, names) {
    var root = el("div", "basemap-popup");
    root.appendChild(el("h3", null, e.title));
    root.appendChild(el("p", "basemap-meta", spanText(e) + (e.kind ? ", " + e.kind : "")));
    if (e.presence === "uncertain") {
      root.appendChild(el("p", "basemap-status", "The date is too imprecise to be sure it fell " + whenPhrase));
    }
    row(root, "What happened", e.description);
    row(root, "Where", e.place ? e.place.name + (e.host ? " (" + (names[e.host] || e.host) + ")" : "") : null);
    row(root, "States", (e.countries || []).map(function (c) { return names[c] || c; }));
    row(root, "Notes", e.notes);
    root.appendChild(el("h5", null, "Sources"));
    var ol = el("ol", "basemap-sources");
    (e.sources || []).forEach(function (s) { ol.appendChild(sourceItem(s)); });
    root.appendChild(ol);
    if (e.location_precision) {
      row(root, "Location", e.location_precision + (e.location_note ? ": " + e.location_note : ""));
    }
    return root;
  }
  /* The same words as basemap.render.context_text, which writes the text
   * alternative of a yearly map; the timeline rewrites it every year. */
  function memberText(m, names) {
    var text = names[m.member] || m.member;
    if (m.changes && m.changes.length) { return text + " (" + m.changes.join("; ") + ")"; }
    return m.status === "suspended" ? text + " (suspended)" : text;
  }
  function membersText(a, names) {
    return a.members.length ?
      a.members.map(function (m) { return memberText(m, names); }).join(", ") :
      "no Central Asian member";
  }
  function writtenSpan(e) {
    return e.end ? e.date + " to " + e.end : e.date;
  }

  function drawContext(ctx, whenText) {
    var names = ctx.names || {};
    // events
    eventsLayer.clearLayers();
    var seen = {}, markers = {};
    ctx.events.forEach(function (e) {
      if (!e.coordinates) { return; }
      var at = e.coordinates.join(","), k = seen[at] || 0;
      seen[at] = k + 1;
      var m = L.marker([e.coordinates[1], e.coordinates[0]], {
        icon: L.divIcon({className: "basemap-event-icon", iconSize: [EVENT_SIZE, EVENT_SIZE],
                         iconAnchor: [EVENT_SIZE / 2 - k * (EVENT_SIZE + 2), -8]}),
        title: e.title, alt: e.title, riseOnHover: true
      });
      m.on("add", function () {
        var icon = m.getElement();
        icon.textContent = String(e.n);
        icon.setAttribute("data-event", e.id);
        icon.setAttribute("aria-label", "Event " + e.n + ": " + e.title);
      });
      m.bindPopup(function () { return eventPopup(e, names); }, {maxWidth: 380, maxHeight: 420});
      markers[e.id] = m;
      eventsLayer.addLayer(m);
    });
    // alliances: one layer per organisation, kept across redraws
    Object.keys(alliances).forEach(function (id) {
      allianceOn[id] = map.hasLayer(alliances[id]);
      control.removeLayer(alliances[id]);
      map.removeLayer(alliances[id]);
    });
    alliances = {};
    ctx.alliances.forEach(function (a) {
      var status = {};
      a.members.forEach(function (m) { status[m.member] = m.status; });
      var layer = L.geoJSON({type: "FeatureCollection", features: borderData.features.filter(function (f) {
        return f.properties.iso_a3 in status;
      })}, {
        pane: "basemapAlliances", interactive: false,
        style: function (f) { return a.styles[status[f.properties.iso_a3]]; }
      });
      alliances[a.id] = layer;
      // the layer control writes names as HTML: escape the data's text
      control.addOverlay(layer, "Alliance: " + el("span", null, a.short).innerHTML);
      if (allianceOn[a.id]) { layer.addTo(map); }
    });
    // the panel
    if (!contextBox) {
      contextBox = el("div", "basemap-context leaflet-control");
      contextBox.id = "basemap-context-panel";
      contextControl = L.control({position: "bottomright"});
      contextControl.onAdd = function () {
        L.DomEvent.disableClickPropagation(contextBox);
        L.DomEvent.disableScrollPropagation(contextBox);
        return contextBox;
      };
      contextControl.addTo(map);
    }
    while (contextBox.firstChild) { contextBox.removeChild(contextBox.firstChild); }
    var evBox = el("details"), evList = el("ol", "basemap-events");
    evBox.open = wide;  // a small map (an iframe) opens the panel on demand
    evBox.appendChild(el("summary", null, "Events in " + whenText + " (" + ctx.events.length + ")"));
    if (!ctx.events.length) { evBox.appendChild(el("p", null, "None recorded.")); }
    ctx.events.forEach(function (e) {
      var li = el("li");
      li.setAttribute("data-event", e.id);
      if (e.n) {
        var b = el("button", "basemap-event-n", e.n);
        b.type = "button";
        b.title = "Show on the map";
        b.setAttribute("aria-label", "Show event " + e.n + " on the map");
        b.addEventListener("click", function () {
          if (!map.hasLayer(eventsLayer)) { eventsLayer.addTo(map); }
          markers[e.id].openPopup();
        });
        li.appendChild(b);
      }
      li.appendChild(el("time", null, writtenSpan(e)));
      li.appendChild(document.createTextNode(" " + e.title + (e.presence === "uncertain" ? " ?" : "")));
      evList.appendChild(li);
    });
    evBox.appendChild(evList);
    contextBox.appendChild(evBox);
    var alBox = el("details"), alList = el("ul", "basemap-alliances");
    alBox.open = wide;
    alBox.appendChild(el("summary", null, "Alliances in " + whenText));
    if (!ctx.alliances.length) { alBox.appendChild(el("p", null, "None recorded.")); }
    ctx.alliances.forEach(function (a) {
      var li = el("li"), label = el("label"), box = el("input");
      box.type = "checkbox";
      box.checked = map.hasLayer(alliances[a.id]);
      box.setAttribute("data-alliance", a.id);
      box.addEventListener("change", function () {
        if (box.checked) { alliances[a.id].addTo(map); } else { map.removeLayer(alliances[a.id]); }
      });
      alliances[a.id].on("add remove", function () { box.checked = map.hasLayer(alliances[a.id]); });
      var sw = el("span", "basemap-swatch basemap-swatch-area");
      sw.style.background = a.styles.member.fillColor;
      label.appendChild(box);
      label.appendChild(sw);
      var name = el("abbr", null, a.short);
      name.title = a.name;
      label.appendChild(name);
      li.appendChild(label);
      li.appendChild(document.createTextNode(": " + membersText(a, names)));
      alList.appendChild(li);
    });
    alBox.appendChild(alList);
    contextBox.appendChild(alBox);
    // the text alternative follows (the timeline redraws it every year)
    var text = document.getElementById("basemap-text-context");
    if (text) {
      while (text.firstChild) { text.removeChild(text.firstChild); }
      ctx.events.forEach(function (e) {
        text.appendChild(el("li", null, "Event: " + writtenSpan(e) + ", " + e.title));
      });
      ctx.alliances.forEach(function (a) {
        text.appendChild(el("li", null, a.name + ": " + membersText(a, names)));
      });
    }
  }

  return {draw: draw, ready: ready, present: present, former: former, el: el,
          drawContext: drawContext, events: eventsLayer};
}
