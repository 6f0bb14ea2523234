/* basemap: draws the embedded data on a Leaflet map.
 *
 * Inlined into every map by basemap.render.elements.BasemapLayers, after the
 * scripts it calls (labels.js names the sites and keys the lettered ones,
 * dodge.js spreads markers that would hide each other, context.js draws
 * the events and places their badges, popups.js writes the popups), which
 * calls basemapDraw(map, opts, tiles) once the map exists; the timeline page (timeline.js) uses
 * basemapView directly to redraw one year at a time. filters.js narrows
 * what is drawn and keeps the address through the view's hooks (setFilter,
 * onDraw, whenReady, goTo, moved). The embedded data is read and expanded
 * by data.js.
 */
function basemapDraw(map, opts, tiles) {
  "use strict";
  var view = basemapView(map, opts, tiles);
  var lean = basemapLean("basemap-data");  // a large layer: its dots first
  var data = lean || basemapRead("basemap-data");
  if (document.getElementById("basemap-context")) {
    view.drawContext(basemapRead("basemap-context"), opts.when_text);
  }
  var features = lean ? lean.features :
    data.features.map(function (f) { return basemapExpand(f, data.basemap); });
  var measure = data.basemap.measure;
  if (measure) {  // the measuring tool lists sites by the names on the map
    var short = {};
    features.forEach(function (f) { short[f.properties.site] = f.properties.short; });
    measure.names = measure.sites.map(function (s) { return short[s] || s; });
  }
  // filters.js: the filters, the search and the address (read before the
  // first drawing, so a shared link draws only what its reader saw)
  if (window.basemapFilters) { basemapFilters(view, opts, {features: features}); }
  view.draw(features, opts.when_phrase);
  view.ready();
  return view;
}

/* Sets up borders, layer groups, controls and attribution; returns
 * {draw(features, whenPhrase), drawContext(ctx, whenText), ready(), ...}. */
function basemapView(map, opts, tiles) {
  "use strict";
  var el = basemapEl;
  var container = map.getContainer();
  container.setAttribute("aria-describedby", "basemap-text");
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", opts.aria_label);
  var whenPhrase = opts.when_phrase;

  var borderData = basemapRead("basemap-boundaries");
  // borders under the water and the place names (places.js)
  map.createPane("basemapBorders").style.zIndex = 350;
  var boundaries = L.geoJSON(borderData, {
    pane: "basemapBorders",
    style: function (f) {
      return f.properties && f.properties.disputed ? opts.disputed_style : opts.boundary_style;
    },
    interactive: false,
    // the borders are few and small (simplified for the region): drawn
    // whole, not clipped to the view again at every move
    noClip: true
  });
  boundaries.addTo(map);

  var present = L.featureGroup(), former = L.featureGroup();
  var ringLayer = L.featureGroup().addTo(map);  // range rings asked for in popups
  opts.showRing = function (p, on) {
    ringLayer.clearLayers();
    if (on && p.ring) {
      ringLayer.addLayer(L.polygon(p.ring.ring.map(function (c) { return [c[1], c[0]]; }), {
        color: p.color, weight: 1.5, dashArray: "5 4", fillOpacity: 0.06, interactive: false,
        className: "basemap-ring"
      }));
    }
  };
  var eventsLayer = L.featureGroup();
  var areas = basemapAreas(map, opts);  // areas.js: extents under the markers
  var svg = L.svg(), canvas = basemapCanvas({padding: 0.5});  // canvas.js
  var labeller = basemapLabeller(map);
  map.createPane("basemapGlyphs").style.zIndex = 610;  // letters on markers
  map.getPane("basemapGlyphs").style.pointerEvents = "none";
  // spokes run under the markers, in a pane of their own
  map.createPane("basemapSpokes").style.zIndex = 395;
  var spokeRenderer = L.svg({pane: "basemapSpokes"});
  var spokes = L.layerGroup().addTo(map);
  var markers = [];  // every marker drawn, in data order
  var labelled = true;
  // filters.js narrows what is drawn (setFilter); hooks run after each
  // drawing and once the page is ready (before it says so)
  var filter = null, allFeatures = [], shownFeatures = [], drawn = false;
  var drawHooks = [], readyHooks = [];

  /* Popups lie inside the map and clear of its controls (in the corners):
   * sized to the map, and panned into the free middle when they open. */
  function controlBoxes() {
    var box0 = container.getBoundingClientRect(), out = [];
    Array.prototype.forEach.call(container.querySelectorAll(".leaflet-control"), function (c) {
      var r = c.getBoundingClientRect();
      if (r.width && r.height) {
        out.push([r.left - box0.left, r.top - box0.top, r.right - box0.left, r.bottom - box0.top]);
      }
    });
    return out;
  }
  function popupOptions() {
    var size = map.getSize(), left = 10, right = 10, top = 10, bottom = 10;
    controlBoxes().forEach(function (b) {
      var cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
      if (cy < size.y / 2) { top = Math.max(top, b[3] + 6); } else { bottom = Math.max(bottom, size.y - b[1] + 6); }
      if (cx < size.x / 2) { left = Math.max(left, b[2] + 6); } else { right = Math.max(right, size.x - b[0] + 6); }
    });
    // a popup that spans the width must clear the top and bottom controls
    var width = Math.max(120, Math.min(380, size.x - left - right - 44));
    return {
      maxWidth: width, minWidth: Math.min(220, width),
      maxHeight: Math.max(100, Math.min(440, size.y - top - bottom - 40)),
      autoPanPaddingTopLeft: L.point(left, top),
      autoPanPaddingBottomRight: L.point(right, bottom),
      closeButton: true
    };
  }
  function refitPopups() {
    var o = popupOptions();
    markers.concat(eventsLayer.getLayers()).forEach(function (m) {
      var pop = m.getPopup && m.getPopup();
      if (pop) { L.extend(pop.options, o); }
    });
  }

  /* Keyboard and screen readers: every marker is a button in the tab order
   * with a name (site, operator, status); Enter or Space opens its popup,
   * Escape closes it and gives the focus back. */
  var lastFocus = null;
  function keyboard(m, name) {
    m.on("add", function () {
      var e = m.getElement && m.getElement();
      if (!e) { return; }
      e.setAttribute("tabindex", "0");
      e.setAttribute("role", "button");
      e.setAttribute("aria-label", name);
      e.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") {
          lastFocus = e;
          m.openPopup();
          ev.preventDefault();
          ev.stopPropagation();
        }
      });
    });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
      map.closePopup();
      if (lastFocus) { lastFocus.focus(); }
    }
  });
  map.on("popupopen", function (ev) {
    var close = ev.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", "Close"); }
  });

  function draw(features, phrase) {
    whenPhrase = phrase;
    present.clearLayers();
    former.clearLayers();
    markers = [];
    dotLayers = [];
    // thresholds by the whole layer: clearing a filter restores its layout
    var large = features.length > opts.canvas_threshold;
    labelled = features.length <= opts.label_limit;
    allFeatures = features;
    drawn = true;
    features = filter ? features.filter(function (f) { return filter(f.properties); }) : features;
    shownFeatures = features;
    var popupOpts = popupOptions();
    if (large) {
      drawDots(features);
    } else {
      features.forEach(function (f) { drawMarker(f, popupOpts); });
    }
    areas.draw(features);
    layout();
    drawHooks.forEach(function (fn) { fn(shownFeatures, allFeatures); });
  }
  present.addTo(map);

  /* A large layer: one dots layer (canvas.js) per group, whose dot under
   * the pointer opens its popup or is named on hover. */
  var dotLayers = [];
  function drawDots(features) {
    var groups = {present: [], former: []}, styles = new Map();
    features.forEach(function (f) {
      groups[f.properties.presence === "former" ? "former" : "present"].push(f);
    });
    function style(p) {  // a circle marker's whole options, once a style
      var o = styles.get(p.marker);
      if (!o) {
        o = L.extend({}, L.Path.prototype.options, L.CircleMarker.prototype.options, p.marker);
        styles.set(p.marker, o);
      }
      return o;
    }
    [["present", present], ["former", former]].forEach(function (g) {
      if (!groups[g[0]].length) { return; }
      var dots = basemapDots(groups[g[0]], {renderer: canvas, dotStyle: style});
      var hover = L.tooltip({className: "basemap-hover", direction: "top", offset: [0, -6]});
      var shown = -1;
      dots.basemapOpen = function (i) {
        var it = dots.item(i), o = popupOptions();
        dots.basemapPopup = dots.basemapPopup || L.popup(o);
        L.extend(dots.basemapPopup.options, o);
        var popup = dots.basemapPopup;
        popup.setLatLng(it.latlng).setContent(basemapPopup(it.props, opts, whenPhrase, function () {
          popup.update();
        })).openOn(map);
      };
      dots.on("click", function (ev) { if (ev.basemapIndex >= 0) { dots.basemapOpen(ev.basemapIndex); } });
      dots.on("mousemove", function (ev) {
        var i = ev.basemapIndex;
        if (i === shown || i < 0) { return; }
        shown = i;
        var it = dots.item(i);
        hover.setLatLng(it.latlng).setContent(el("span", null, it.props.label));
        map.openTooltip(hover);
      });
      dots.on("mouseout", function () { shown = -1; map.closeTooltip(hover); });
      dotLayers.push(dots);
      g[1].addLayer(dots);
    });
  }
  function dotMarkers() {  // stand-ins for the dots, where tools want markers
    return [].concat.apply([], dotLayers.map(function (dots) { return dots.proxies(); }));
  }

  function drawMarker(f, popupOpts) {  // a marker of its own (SVG)
    var p = f.properties, c = f.geometry.coordinates;
    var style = L.extend({}, p.marker, {
      renderer: svg,
      className: "basemap-marker basemap-" + p.presence
    });
    var m = L.circleMarker([c[1], c[0]], style);
    m.on("add", function () {
      // SVG markers carry their site and operator, for tools and tests.
      var e = m.getElement && m.getElement();
      if (e) { e.setAttribute("data-key", p.key); }
    });
    keyboard(m, p.label + ", " + p.operator_name + ", " + opts.status_text[p.presence]);
    m.bindPopup(function () {
      lastFocus = lastFocus || m.getElement();
      return basemapPopup(p, opts, whenPhrase, function () { if (m.getPopup()) { m.getPopup().update(); } });
    }, popupOpts);
    m.basemapProps = p;
    m.basemapLatLng = m.getLatLng();
    if (p.marker.glyph) {
      // a second cue where colours alone could be confused: letters
      m.basemapGlyph = L.marker(m.basemapLatLng, {
        pane: "basemapGlyphs", interactive: false, keyboard: false,
        icon: L.divIcon({className: "basemap-glyph", iconSize: [16, 16], iconAnchor: [8, 8]})
      });
      m.on("add", function () {
        m.basemapGlyph.addTo(map);
        var g = m.basemapGlyph.getElement();
        g.textContent = p.marker.glyph;
        g.style.color = p.marker.glyphColor || "#fff";
        g.setAttribute("aria-hidden", "true");
      });
      m.on("remove", function () { m.basemapGlyph.remove(); });
    }
    if (!labelled) {
      m.bindTooltip(function () { return el("span", null, p.label); }, {className: "basemap-hover"});
    }
    markers.push(m);
    (p.presence === "former" ? former : present).addLayer(m);
  }

  /* Markers that would hide each other are spread on rings (dodge.js),
   * with a thin spoke to the true place; recomputed at every zoom.
   * Skipped for large layers. */
  function place(m, ll) {
    if (m.getLatLng().equals(ll)) { return; }
    m.setLatLng(ll);
    if (m.basemapGlyph) { m.basemapGlyph.setLatLng(ll); }
  }
  function declutter() {
    spokes.clearLayers();
    [present, former].forEach(function (group) {
      var ms = [];
      group.eachLayer(function (m) {  // markers (a large layer's dots stay put)
        if (m.basemapProps) { place(m, m.basemapLatLng); ms.push(m); }
      });
      if (!map.hasLayer(group) || ms.length < 2 || !labelled) { return; }
      var pts = ms.map(function (m) { return map.latLngToContainerPoint(m.basemapLatLng); });
      var at = basemapDodge(pts, ms[0].options.radius);
      ms.forEach(function (m, k) {
        if (at[k].equals(pts[k])) { return; }
        var ll = map.containerPointToLatLng(at[k]);
        place(m, ll);
        spokes.addLayer(L.polyline([m.basemapLatLng, ll], {
          interactive: false, weight: 1, color: "#555", opacity: 0.8, renderer: spokeRenderer,
          className: "basemap-spoke"
        }));
      });
    });
  }

  /* One label per site (its operators combined), placed by labels.js clear
   * of every marker, badge, control and other label. */
  var EVENT_SIZE = 18;
  function relabel(hold) {
    if (!labelled) { labeller.clear(); return; }
    var avoid = controlBoxes();
    if (map.hasLayer(eventsLayer)) {
      basemapPlaceBadges(map, markers, eventsLayer, EVENT_SIZE, avoid);
    }
    var units = [];
    [[present, 0], [former, 1]].forEach(function (gr) {
      if (!map.hasLayer(gr[0])) { return; }
      var bySite = {}, order = [];
      gr[0].eachLayer(function (m) {
        var s = m.basemapProps.site;
        if (!bySite[s]) { bySite[s] = []; order.push(s); }
        bySite[s].push(m);
      });
      order.forEach(function (s) {
        var ms = bySite[s], p = ms[0].basemapProps;
        var text = ms.length === 1 ? p.label :
          p.short + " (" + ms.map(function (m) { return m.basemapProps.operator; }).join(", ") + ")";
        units.push({
          text: text, rank: gr[1],
          cls: gr[1] ? "basemap-label-former" : "",
          keys: ms.map(function (m) { return m.basemapProps.key; }),
          markers: ms.map(function (m) {
            return {point: map.latLngToContainerPoint(m.getLatLng()), r: m.options.radius + 1};
          })
        });
      });
    });
    labeller.place(units, avoid);
    basemapShowRefs(labeller.refs(), hold);
    // markers whose label found no place are named on hover; a marker
    // named on the map keeps a tooltip too, one never shown: Leaflet's
    // focus listeners of an unbound tooltip stay on the marker and fail
    // on the next focus (a keyboard user's, or a search's)
    var named = {};
    units.forEach(function (u) { if (!u.unplaced) { u.keys.forEach(function (k) { named[k] = true; }); } });
    markers.forEach(function (m) {
      var off = !!named[m.basemapProps.key];
      if (m.getTooltip() && m.basemapTipOff === off) { return; }
      m.unbindTooltip();
      m.bindTooltip(el("span", null, m.basemapProps.label),
                    {className: off ? "basemap-hover basemap-hover-off" : "basemap-hover"});
      m.basemapTipOff = off;
    });
    // the base map's names give way to the sites and their labels
    lastAvoid = avoid;
    if (places) { places.update(avoid); }
  }
  var places = null, lastAvoid = [];
  if (document.getElementById("basemap-places") && window.basemapPlaces) {
    // its own redraws (after a pan) avoid the same boxes as the last layout
    places = basemapPlaces(map, basemapRead("basemap-places"), {
      avoid: function () { return lastAvoid; }
    });
    if (borderData.frame) { basemapFrame(map, borderData.frame); }
  }
  /* Laying out is the costly part of a redraw: the events that ask for it
   * (a zoom, a resize, a layer switched, a new year) within one frame get
   * one layout; layoutNow() does it at once (before the page says ready). */
  var pending = null, resizedOnly = true;  // every ask since the last: a resize
  function layoutNow(hold) {
    if (pending !== null) { L.Util.cancelAnimFrame(pending); pending = null; }
    resizedOnly = true;
    declutter();
    relabel(hold === true);
  }
  function layout(resized) {
    if (resized !== true) { resizedOnly = false; }
    if (pending === null) {
      pending = L.Util.requestAnimFrame(function () { pending = null; layoutNow(resizedOnly); });
    }
  }
  // (a zoom of the frame fitted again after a resize is part of the resize)
  var refitting = false;
  map.on("zoomend overlayadd overlayremove resize", function (ev) {
    layout(ev.type === "resize" || refitting);
    refitPopups();
  });
  // the page grid may resize the map without a window resize (a panel
  // opening below it): tell Leaflet, which lays out again on "resize"
  // and, until the reader moves the map, frame the data again
  var moved = false;
  ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (type) {
    container.addEventListener(type, function () { moved = true; }, {passive: true});
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      refitting = true;
      try {
        map.invalidateSize({pan: false});
        if (!moved) { fit(); }
      } finally { refitting = false; }
    }).observe(container);
  }

  var base = {};
  if (tiles) { base[opts.tiles_label] = tiles; }
  var overlays = {};
  overlays[opts.layer_names.boundaries] = boundaries;
  overlays[opts.layer_names.present] = present;
  overlays[opts.layer_names.former] = former;
  var control = L.control.layers(base, overlays, {collapsed: true, position: "topright"}).addTo(map);
  // the scale above the attribution, both in one corner: they never meet.
  // Leaflet draws the longest round distance (1, 2, 3 or 5 x 10^n) that
  // fits maxWidth, so a bar is at least half of it: at 150 px, 75, wide
  // enough for "1000 km" in the page's 13 px type (Leaflet's 100 px left
  // "100 mi" wider than its own bar)
  L.control.scale({position: "bottomright", maxWidth: 150}).addTo(map);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(opts.attribution);
  // keep the sites clear of the controls in the corners: the frame is
  // padded by the controls along its top and bottom edges
  var pads = null;  // [top, right, bottom, left] in pixels, as last fitted
  function fitData() {
    // a tall, narrow control (zoom, layers) pads its side; a wide one (the
    // scale and attribution) pads its edge
    var size = map.getSize(), top = 10, bottom = 10, left = 10, right = 10;
    if (!size.x || !size.y) { return false; }  // not laid out yet (a hidden frame)
    controlBoxes().forEach(function (b) {
      var w = b[2] - b[0], h = b[3] - b[1];
      if (w < 1.5 * h) {
        if ((b[0] + b[2]) / 2 < size.x / 2) { left = Math.max(left, b[2] + 8); }
        else { right = Math.max(right, size.x - b[0] + 8); }
      } else if ((b[1] + b[3]) / 2 < size.y / 2) { top = Math.max(top, b[3] + 8); }
      else { bottom = Math.max(bottom, size.y - b[1] + 8); }
    });
    pads = [top, right, bottom, left];
    map.fitBounds(opts.bounds, {paddingTopLeft: [left, top], paddingBottomRight: [right, bottom],
                                animate: false});
    return true;
  }
  // how far the data may move up and down and stay clear of the controls
  function room() {
    var size = map.getSize(), b = L.latLngBounds(opts.bounds);
    var top = map.latLngToContainerPoint(b.getNorthWest()).y;
    var bottom = map.latLngToContainerPoint(b.getSouthEast()).y;
    return [Math.max(0, top - pads[0]), Math.max(0, size.y - pads[2] - bottom)];
  }
  // the frame over the whole map, and a phone's map no taller (keepframe.js)
  var keepFrame = borderData.frame && window.basemapKeepFrame ?
    basemapKeepFrame(map, borderData.frame, wide) : null;
  function fit() {
    if (fitData() && keepFrame) { keepFrame(fitData, room); }
  }
  fit();
  if (opts.max_bounds) { map.setMaxBounds(opts.max_bounds); }

  function ready() {
    var pending = tiles ? 1 : 0;
    function mark() {
      requestAnimationFrame(function () {
        // every control and panel now exists (the side panel may have
        // changed the map's size): lay out again, clear of all of them
        map.invalidateSize({pan: false});
        fit();
        map.fire("moveend");  // the scale bar now, not 200 ms later
        layoutNow();
        refitPopups();
        readyHooks.forEach(function (fn) { fn(); });
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

  control.addOverlay(eventsLayer, opts.layer_names.events || "Events");
  eventsLayer.addTo(map);
  function wide() { return window.matchMedia("(min-width: 760px)").matches; }

  /* In a frame (an article's iframe) the wheel scrolls the article: the map
   * zooms with the wheel only once the reader has clicked it, or with Ctrl
   * (or Cmd) held, as the big web maps do; a hint says so. */
  var embedded = window.self !== window.top || opts.embedded;
  if (embedded) {
    map.scrollWheelZoom.disable();
    var hint = el("div", "basemap-overlay basemap-wheel-hint", "Use Ctrl + scroll to zoom the map, or click it first");
    hint.setAttribute("aria-hidden", "true");
    container.appendChild(hint);
    var hintTimer = null, active = false;
    var activate = function () { if (!active) { active = true; map.scrollWheelZoom.enable(); } };
    map.on("click", activate);
    container.addEventListener("mouseleave", function () {
      if (active) { active = false; map.scrollWheelZoom.disable(); }
    });
    container.addEventListener("wheel", function (ev) {
      if (active) { return; }
      if (ev.ctrlKey || ev.metaKey) {
        ev.preventDefault();
        var z = map.getZoom() + (ev.deltaY < 0 ? 0.5 : -0.5);
        map.setZoomAround(map.mouseEventToContainerPoint(ev), z);
        return;
      }
      hint.classList.add("basemap-wheel-hint-on");
      window.clearTimeout(hintTimer);
      hintTimer = window.setTimeout(function () { hint.classList.remove("basemap-wheel-hint-on"); }, 1500);
    }, {passive: false});
  }

  /* Printing: one landscape page, the map refitted to it, no controls. */
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".basemap-context details"), function (d) {
      d.open = true;
    });
    map.invalidateSize({pan: false}); fit(); layoutNow();
  });
  window.addEventListener("afterprint", function () { map.invalidateSize({pan: false}); fit(); layoutNow(); });
  var view = {
    draw: draw, ready: ready, present: present, former: former, el: el,
    events: eventsLayer, popupOptions: popupOptions, keyboard: keyboard,
    whenPhrase: function () { return whenPhrase; }, wide: wide, EVENT_SIZE: EVENT_SIZE,
    layout: layoutNow, map: map,
    /* hooks of filters.js: draw only what fn(properties) keeps (redrawn at
     * once); what is drawn; the reader's view, or one set for the reader */
    setFilter: function (fn) { filter = fn || null; if (drawn) { draw(allFeatures, whenPhrase); } },
    features: function () { return allFeatures; },
    shown: function () { return shownFeatures; },
    markers: function () { return dotLayers.length ? dotMarkers() : markers.slice(); },
    onDraw: function (fn) { drawHooks.push(fn); },
    whenReady: function (fn) { readyHooks.push(fn); },
    moved: function () { return moved; },
    goTo: function (latlng, zoom) { moved = true; map.setView(latlng, zoom, {animate: false}); }
  };
  view.drawContext = basemapContext(map, view, control, eventsLayer, borderData, opts);
  // a figure (figure.js) or a print lays the page out anew: frame it again
  view.refit = function () {
    labeller.reset();
    map.invalidateSize({pan: false});
    fit();
    // Leaflet debounces "moveend" after a resize (200 ms): the scale bar,
    // whose box the labels avoid, would change after them. Now, at once.
    map.fire("moveend");
    layoutNow();
  };
  (window.basemapViews = window.basemapViews || []).push(view);
  return view;
}
