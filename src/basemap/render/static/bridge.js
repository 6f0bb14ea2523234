/* basemap bridge: what a page embedding this map (the comparison page,
 * basemap.compare) may ask of it by postMessage. Inlined in every map,
 * before basemap.js; idle unless the map is in a frame and its parent says
 * "hello" on the basemap-compare channel.
 *
 * parent -> map: {channel, type: "hello"}
 *                {channel, type: "view", center: [lat, lng], zoom}
 *                {channel, type: "mark", marks: [[key, mark, note], ...]}
 *                {channel, type: "focus", key}  (centre that site's marker)
 *                {channel, type: "where"}  (say where you are: a check)
 *                  key "site/operator", mark "opened" | "changed" | "closed",
 *                  note: plain text for screen readers
 * map -> parent: {channel, type: "ready", center, zoom, keys: [shown keys]}
 *                {channel, type: "view", center, zoom}  (the reader moved it)
 *                {channel, type: "marked", keys: [keys marked], missing: [...]}
 *                {channel, type: "where", center, zoom}  (the answer)
 *
 * Messages are checked (sender and its origin, shape, types); nothing
 * from them is ever parsed as HTML. A view set from a message is not reported back (no
 * echo) unless the map could not take it. Marks are a class and data-compare on the marker and a ring in a
 * pane under the markers that follows it (it moves when markers are spread
 * apart, goes when the marker is hidden). A site drawn again in a detail
 * inset (insets.js: a Leaflet map of its own) is marked there too, its copy
 * ringed on the inset's map: the copy is the marker the reader sees.
 */
(function () {
  "use strict";
  if (window.parent === window || !window.L || !L.Map || !window.addEventListener) { return; }
  var CHANNEL = "basemap-compare";
  var MARKS = {opened: {color: "#1B7837", dashArray: null},
               changed: {color: "#B35806", dashArray: "2 3"},
               closed: {color: "#B2182B", dashArray: "6 3"}};
  var maps = [];  // the map first, then its insets, while they live
  L.Map.addInitHook(function () {  // Leaflet's own hook
    var m = this;
    maps.push(m);
    if (started) { watch(m); }
    m.on("unload", function () {
      var k = maps.indexOf(m);
      if (k > 0) { maps.splice(k, 1); }
      delete renderers[L.Util.stamp(m)];
    });
  });

  var greeted = false, map = null, applying = false, held = false, marks = {}, rings = {};
  var size = null, shared = null;  // the map's size, the view the maps share
  var pending = null;

  function send(msg) {
    msg.channel = CHANNEL;
    window.parent.postMessage(msg, "*");  // opaque origins: see compare.js
  }
  function viewOf() {
    var c = map.getCenter();
    return {center: [c.lat, c.lng], zoom: map.getZoom()};
  }
  function isMarker(l) {  // a site's marker (basemap.js's), not an area or a ring
    return !!l.basemapProps && l instanceof L.CircleMarker && !l.basemapCompareRing;
  }
  function markers(on) {  // the site markers on the map (or on map on)
    var out = [];
    (on || map).eachLayer(function (l) {
      if (isMarker(l)) { out.push(l); }
      if (l.proxies) { out = out.concat(l.proxies()); }  // a large layer's dots (canvas.js)
    });
    return out;
  }
  function allMarkers() {  // the map's and its insets' (their copies)
    var out = [];
    maps.forEach(function (m) { if (m === map || m._loaded) { out = out.concat(markers(m)); } });
    return out;
  }
  /* Mark a map's markers as they come (an inset shows its copies anew
   * each time it is laid out). */
  function watch(m) {
    m.on("layeradd", function (ev) { if (isMarker(ev.layer)) { decorate(ev.layer); } });
    m.on("layerremove", function (ev) { if (isMarker(ev.layer)) { undecorate(ev.layer); } });
  }
  function isReady() {
    return !!map && map.getContainer().getAttribute("data-basemap-ready") === "true";
  }

  /* A move the reader made is reported; one made by a resize is not (the
   * page may resize the map as it pans: a key listing the sites lettered
   * in view grows): the map keeps the view the two share instead, else
   * each resize would move the other map, which would resize, ... */
  var resizing = false;
  function moved() {
    if (resizing) { return false; }
    var now = map.getSize();
    if (now.equals(size)) { return true; }
    size = now;
    if (!shared) { return true; }  // not in step yet: its new frame is news
    resizing = true;  // the moves of this resize, until the view is back
    L.Util.requestAnimFrame(function () { resizing = false; setView(shared); });
    return false;
  }
  function report() {
    shared = viewOf();
    send(L.extend({type: "view"}, shared));
  }
  /* Once the map is drawn: report it, follow its moves, mark on request. */
  function start() {
    map = maps[0];
    if (!map) { return; }
    if (!map.getPane("basemapCompare")) {
      map.createPane("basemapCompare").style.zIndex = 398;  // under the markers
      map.getPane("basemapCompare").style.pointerEvents = "none";
    }
    size = map.getSize();
    map.on("move", function () {
      if (applying || !greeted || !moved()) { return; }
      if (pending === null) {  // at most once a frame while it moves
        pending = L.Util.requestAnimFrame(function () { pending = null; report(); });
      }
    });
    map.on("moveend", function () {
      if (applying || !greeted || !moved()) { return; }
      if (pending !== null) { L.Util.cancelAnimFrame(pending); pending = null; }
      report();
    });
    maps.forEach(function (m) { if (m === map || m._loaded) { watch(m); } });
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
    var on = m._map || map;  // the map, or the inset showing this copy
    var ring = L.circleMarker(m.getLatLng(), L.extend({}, RING, {
      pane: "basemapCompare", radius: (m.options.radius || 6) + 4, color: MARKS[mark.mark].color,
      dashArray: MARKS[mark.mark].dashArray, renderer: ringRenderer(on)
    }));
    ring.basemapCompareRing = true;
    ring.addTo(on);
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
  var renderers = {};  // one a map: a renderer draws on one map
  function ringRenderer(on) {
    if (!on.getPane("basemapCompare")) {
      on.createPane("basemapCompare").style.zIndex = 398;  // under the markers
      on.getPane("basemapCompare").style.pointerEvents = "none";
    }
    var id = L.Util.stamp(on);
    renderers[id] = renderers[id] || L.svg({pane: "basemapCompare"});
    return renderers[id];
  }
  function setMarks(list) {
    marks = {};
    list.forEach(function (t) { marks[t[0]] = {mark: t[1], note: t[2]}; });
    var found = {};
    allMarkers().forEach(function (m) {
      decorate(m);
      if (marks[m.basemapProps.key]) { found[m.basemapProps.key] = true; }
    });
    var keys = Object.keys(found).sort();
    var missing = Object.keys(marks).filter(function (k) { return !found[k]; }).sort();
    send({type: "marked", keys: keys, missing: missing});
  }

  /* Show a view the two maps share, and keep it as theirs. */
  function setView(view) {
    if (!held) {
      // moved by the reader (through the other map): basemap.js frames
      // the data again on a resize only until the reader moves the map,
      // which it learns from an input event on the map (a bare one, which
      // no handler acts on); else a key that grows with the zoom would
      // resize the map and refit it, undoing the zoom
      held = true;
      map.getContainer().dispatchEvent(new Event("keydown"));
    }
    // the very view of the other map, even a little past this one's bounds
    // (a taller map, or the other dragged past its edge for a moment, until
    // it springs back and this one follows): Leaflet keeps a view inside
    // options.maxBounds, so they are lifted while it is set
    var bounds = map.options.maxBounds;
    // within the map's zoom range (a finite one even if it had none)
    var lo = map.getMinZoom(), hi = map.getMaxZoom();
    var z = Math.max(isFinite(lo) ? lo : 0, Math.min(isFinite(hi) ? hi : 18, view.zoom));
    applying = true;
    map.options.maxBounds = null;
    try { map.setView(view.center, z, {animate: false}); } finally {
      map.options.maxBounds = bounds;
      applying = false;
    }
    size = map.getSize();
    shared = view;
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

  /* Only the page that embeds the map as basemap's comparison page does:
   * a parent of the map's own origin (a published export: compare.html
   * beside the maps; a srcdoc frame shares its page's origin), or, for a
   * map opened from disk (file:, an opaque origin), a parent on disk too.
   * A page of another site framing a published map is not obeyed: it
   * could mark every site "closed" or rewrite their labels, under the
   * publisher's name. */
  var ORIGIN = window.location.origin;
  function trusted(ev) {
    if (ev.origin === ORIGIN) { return true; }
    var opaque = ORIGIN === "null" || window.location.protocol === "file:";
    return opaque && (ev.origin === "null" || ev.origin === "file://");
  }

  window.addEventListener("message", function (ev) {
    var msg = ev.data;
    if (ev.source !== window.parent || !trusted(ev) || !msg || typeof msg !== "object" ||
        msg.channel !== CHANNEL || typeof msg.type !== "string") { return; }
    if (msg.type === "hello") {
      greeted = true;
      // framed, the map is an article's embed (embed.js), which hides its
      // zoom buttons; the comparison page is no article: the reader zooms
      // either map (basemap.css shows them again)
      if (document.body) { document.body.classList.add("basemap-compared"); }
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
      setView({center: msg.center, zoom: msg.zoom});
      // a zoom it cannot take: say where it is, so the other follows (not
      // a centre a pixel off, rounded: that would bounce between the maps)
      if (Math.abs(map.getZoom() - msg.zoom) > 1e-9) { report(); }
    } else if (msg.type === "focus" && typeof msg.key === "string") {
      // a site of the table: centred, close enough to see it among its
      // neighbours; the other map follows
      var found = markers().filter(function (m) { return m.basemapProps.key === msg.key; })[0];
      if (found) {
        setView({center: L.latLng(found.basemapLatLng || found.getLatLng()), zoom: Math.max(map.getZoom(), 7)});
        report();
      }
    } else if (msg.type === "where") {
      // (while it springs back after a resize, the view it keeps)
      send(L.extend({type: "where"}, resizing && shared ? shared : viewOf()));
    } else if (msg.type === "mark" && validMarks(msg.marks)) {
      setMarks(msg.marks);
    }
  });
}());
