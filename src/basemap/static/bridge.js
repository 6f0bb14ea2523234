/* basemap bridge: what a page embedding this map (the comparison page,
 * basemap.compare) may ask of it by postMessage. Inlined in every map,
 * before basemap.js; idle unless the map is in a frame and its parent says
 * "hello" on the basemap-compare channel.
 *
 * parent -> map: {channel, type: "hello"}
 *                {channel, type: "view", center: [lat, lng], zoom}
 *                {channel, type: "mark", marks: [[key, mark, note], ...]}
 *                  key "site/operator", mark "opened" | "changed" | "closed",
 *                  note: plain text for screen readers
 * map -> parent: {channel, type: "ready", center, zoom, keys: [shown keys]}
 *                {channel, type: "view", center, zoom}  (the reader moved it)
 *                {channel, type: "marked", keys: [keys marked], missing: [...]}
 *
 * Messages are checked (sender, shape, types); nothing from them is ever
 * parsed as HTML. A view set from a message is not reported back (no
 * echo). Marks are a class and data-compare on the marker and a ring in a
 * pane under the markers that follows it (it moves when markers are spread
 * apart, goes when the marker is hidden).
 */
(function () {
  "use strict";
  if (window.parent === window || !window.L || !L.Map || !window.addEventListener) { return; }
  var CHANNEL = "basemap-compare";
  var MARKS = {opened: {color: "#1B7837", dashArray: null},
               changed: {color: "#B35806", dashArray: "2 3"},
               closed: {color: "#B2182B", dashArray: "6 3"}};
  var maps = [];
  L.Map.addInitHook(function () { maps.push(this); });  // Leaflet's own hook

  var greeted = false, map = null, applying = false, marks = {}, rings = {};
  var pending = null;

  function send(msg) {
    msg.channel = CHANNEL;
    window.parent.postMessage(msg, "*");  // opaque origins: see compare.js
  }
  function viewOf() {
    var c = map.getCenter();
    return {center: [c.lat, c.lng], zoom: map.getZoom()};
  }
  function markers() {  // the site markers on the map (basemap.js's)
    var out = [];
    map.eachLayer(function (l) {
      if (l.basemapProps && l instanceof L.CircleMarker && !l.basemapCompareRing) { out.push(l); }
    });
    return out;
  }
  function isReady() {
    return !!map && map.getContainer().getAttribute("data-basemap-ready") === "true";
  }

  /* Once the map is drawn: report it, follow its moves, mark on request. */
  function start() {
    map = maps[0];
    if (!map) { return; }
    if (!map.getPane("basemapCompare")) {
      map.createPane("basemapCompare").style.zIndex = 398;  // under the markers
      map.getPane("basemapCompare").style.pointerEvents = "none";
    }
    map.on("move", function () {
      if (applying || !greeted) { return; }
      if (pending === null) {  // at most once a frame while it moves
        pending = L.Util.requestAnimFrame(function () { pending = null; send(L.extend({type: "view"}, viewOf())); });
      }
    });
    map.on("moveend", function () {
      if (applying || !greeted) { return; }
      if (pending !== null) { L.Util.cancelAnimFrame(pending); pending = null; }
      send(L.extend({type: "view"}, viewOf()));
    });
    map.on("layeradd", function (ev) { if (ev.layer.basemapProps) { decorate(ev.layer); } });
    map.on("layerremove", function (ev) { if (ev.layer.basemapProps) { undecorate(ev.layer); } });
    ready();
  }
  var started = false;
  function ready() {
    var keys = markers().map(function (m) { return m.basemapProps.key; });
    send(L.extend({type: "ready", keys: keys}, viewOf()));
  }
  function whenReady(fn) {
    if (isReady()) { fn(); return; }
    var tries = 0;
    var timer = window.setInterval(function () {
      map = map || maps[0];
      if (isReady() || ++tries > 600) { window.clearInterval(timer); if (isReady()) { fn(); } }
    }, 50);
  }

  var RING = {className: "basemap-overlay basemap-compare-ring", interactive: false, fill: false, weight: 3,
              opacity: 0.95};
  function decorate(m) {
    var key = m.basemapProps.key, mark = marks[key];
    undecorate(m);
    if (!mark) { return; }
    var e = m.getElement && m.getElement();
    if (e) {
      e.classList.add("basemap-marked", "basemap-marked-" + mark.mark);
      e.setAttribute("data-compare", mark.mark);
      var label = e.getAttribute("aria-label");
      if (label !== null) {
        e.setAttribute("data-compare-label", label);
        e.setAttribute("aria-label", label + "; " + mark.note);
      }
    }
    var ring = L.circleMarker(m.getLatLng(), L.extend({}, RING, {
      pane: "basemapCompare", radius: (m.options.radius || 6) + 4, color: MARKS[mark.mark].color,
      dashArray: MARKS[mark.mark].dashArray, renderer: ringRenderer()
    }));
    ring.basemapCompareRing = true;
    ring.addTo(map);
    var re = ring.getElement && ring.getElement();
    if (re) {
      re.classList.add("basemap-compare-" + mark.mark);
      re.setAttribute("data-compare-key", key);
    }
    var follow = function (ev) { ring.setLatLng(ev.latlng); };
    m.on("move", follow);
    rings[L.Util.stamp(m)] = {ring: ring, follow: follow, marker: m};
  }
  function undecorate(m) {
    var id = L.Util.stamp(m), r = rings[id];
    if (r) {
      m.off("move", r.follow);
      r.ring.remove();
      delete rings[id];
    }
    var e = m.getElement && m.getElement();
    if (e && e.hasAttribute("data-compare")) {
      e.classList.remove("basemap-marked", "basemap-marked-opened", "basemap-marked-changed",
                         "basemap-marked-closed");
      e.removeAttribute("data-compare");
      if (e.hasAttribute("data-compare-label")) {
        e.setAttribute("aria-label", e.getAttribute("data-compare-label"));
        e.removeAttribute("data-compare-label");
      }
    }
  }
  var renderer = null;
  function ringRenderer() {
    renderer = renderer || L.svg({pane: "basemapCompare"});
    return renderer;
  }
  function setMarks(list) {
    marks = {};
    list.forEach(function (t) { marks[t[0]] = {mark: t[1], note: t[2]}; });
    var found = {};
    markers().forEach(function (m) {
      decorate(m);
      if (marks[m.basemapProps.key]) { found[m.basemapProps.key] = true; }
    });
    var keys = Object.keys(found).sort();
    var missing = Object.keys(marks).filter(function (k) { return !found[k]; }).sort();
    send({type: "marked", keys: keys, missing: missing});
  }

  function validMarks(list) {
    return Array.isArray(list) && list.length <= 5000 && list.every(function (t) {
      return Array.isArray(t) && t.length === 3 && typeof t[0] === "string" && t[0].length <= 300 &&
        Object.prototype.hasOwnProperty.call(MARKS, t[1]) && typeof t[2] === "string" && t[2].length <= 2000;
    });
  }
  function validView(msg) {
    return Array.isArray(msg.center) && msg.center.length === 2 &&
      msg.center.every(function (v) { return typeof v === "number" && isFinite(v); }) &&
      Math.abs(msg.center[0]) <= 90 && Math.abs(msg.center[1]) <= 360 &&
      typeof msg.zoom === "number" && isFinite(msg.zoom) && msg.zoom >= -5 && msg.zoom <= 30;
  }

  window.addEventListener("message", function (ev) {
    var msg = ev.data;
    if (ev.source !== window.parent || !msg || typeof msg !== "object" || msg.channel !== CHANNEL ||
        typeof msg.type !== "string") { return; }
    if (msg.type === "hello") {
      greeted = true;
      // links leave the comparison for the page they name, not this frame
      if (!document.querySelector("base[target]")) {
        var base = document.createElement("base");
        base.target = "_top";
        document.head.appendChild(base);
      }
      map = map || maps[0];
      whenReady(function () {
        if (!started) { started = true; start(); } else { ready(); }
      });
    } else if (!started) {
      return;
    } else if (msg.type === "view" && validView(msg)) {
      var z = Math.max(map.getMinZoom(), Math.min(map.getMaxZoom(), msg.zoom));
      applying = true;
      try { map.setView(msg.center, z, {animate: false}); } finally { applying = false; }
    } else if (msg.type === "mark" && validMarks(msg.marks)) {
      setMarks(msg.marks);
    }
  });
}());
