/* basemap: draws the embedded data on a Leaflet map.
 *
 * Inlined into every map by basemap.render.elements.BasemapLayers, after the
 * scripts it calls (labels.js names the sites and numbers those it cannot
 * name, fans.js fans a site's operators around its point, insets.js draws
 * dense groups again in detail insets, compose.js composes the map for its
 * frame, embed.js makes it an article's embed, context.js draws the events
 * and places their badges, popups.js writes the popups), which calls
 * basemapDraw(map, opts, tiles) once the map exists; the timeline page
 * (timeline.js) uses basemapView directly to redraw one year at a time.
 * filters.js narrows what is drawn and keeps the address through the
 * view's hooks (setFilter, onDraw, whenReady, goTo, moved). The embedded
 * data is read and expanded by data.js.
 *
 * A dot sits where its base is: a marker is drawn at its site's point, or,
 * with the other operators of that site, on a ring of at most 16 px around
 * it; markers of different sites are never moved apart. Each layout (a
 * zoom, a resize, a new year) goes in this order: the markers fanned; the
 * groups that collide boxed and their insets placed (with room made for
 * them if none is free); the names that must stay (the host countries and
 * their capitals); pointers to the sites a narrow frame leaves out; the
 * events' badges; the sites' labels (numbers where they do not fit), on
 * the map then in each inset; the numbered list; the other place names.
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
  var placesData = document.getElementById("basemap-places") ? basemapRead("basemap-places") : null;
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
  // the view (filled in below), its composition for the frame (compose.js)
  // and its insets (insets.js), which ask it for its markers when they lay out
  var view = {map: map, opts: opts};
  var compose = basemapCompose(view);
  var insets = basemapInsets(view);
  map.createPane("basemapGlyphs").style.zIndex = 610;  // letters on markers
  map.getPane("basemapGlyphs").style.pointerEvents = "none";
  // the points of fanned sites, under the markers, in a pane of their own
  map.createPane("basemapFans").style.zIndex = 395;
  var fanRenderer = L.svg({pane: "basemapFans"});
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
      if (c.closest(".basemap-inset")) { return; }
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
   * with a name (site, operator, status); Enter or Space opens its popup
   * (open(), by default its own), Escape closes it and gives the focus
   * back. */
  var lastFocus = null;
  function keyboard(m, name, open) {
    m.on("add", function () {
      var e = m.getElement && m.getElement();
      if (!e) { return; }
      e.setAttribute("tabindex", "0");
      e.setAttribute("role", "button");
      e.setAttribute("aria-label", name);
      e.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") {
          lastFocus = e;
          if (open) { open(); } else { m.openPopup(); }
          ev.preventDefault();
          ev.stopPropagation();
        }
      });
    });
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && map._popup && map.hasLayer(map._popup)) {
      map.closePopup();
      if (lastFocus && !document.contains(lastFocus) && lastFocus.getAttribute("data-key")) {
        // (an inset laid out anew while the popup was open: its new marker)
        var key = lastFocus.getAttribute("data-key");
        lastFocus = Array.prototype.filter.call(container.querySelectorAll("path.basemap-marker"), function (e) {
          return e.getAttribute("data-key") === key && !e.classList.contains("basemap-boxed");
        })[0] || lastFocus;
      }
      if (lastFocus) { lastFocus.focus(); }
    }
  });
  map.on("popupopen", function (ev) {
    var close = ev.popup.getElement().querySelector(".leaflet-popup-close-button");
    if (close) { close.setAttribute("aria-label", "Close"); }
    container.classList.add("basemap-popup-open");  // the insets step aside (basemap.css)
  });
  map.on("popupclose", function () { container.classList.remove("basemap-popup-open"); });
  /* A marker of an inset (or a pointer) opens its site's popup here. */
  function openFrom(m, from) {
    var e = from && (from.getElement ? from.getElement() : from);
    if (e) { lastFocus = e; }
    if (m.basemapProps.presence === "former" && !map.hasLayer(former)) { map.addLayer(former); }
    m.openPopup();
  }

  var drawing = 0;  // how many times the markers were drawn (a new year, a filter)
  function draw(features, phrase) {
    drawing++;
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
    compose.setFeatures(features, !!view.showYear);
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

  /* A site's marker at `latlng` (SVG; o.renderer, o.map: its map, for the
   * glyph), carrying its site and operator (data-key) for tools and tests;
   * with a glyph where colours alone could be confused. The map's markers
   * and the insets' are made here alike. */
  function makeMarker(p, latlng, o) {
    var style = L.extend({}, p.marker, {
      renderer: o.renderer,
      className: "basemap-marker basemap-" + p.presence
    });
    var m = L.circleMarker(latlng, style);
    m.on("add", function () {
      var e = m.getElement && m.getElement();
      if (e) { e.setAttribute("data-key", p.key); }
    });
    m.basemapProps = p;
    m.basemapLatLng = L.latLng(latlng);
    m.basemapRadius = style.radius;
    m.basemapWeight = style.weight;
    if (p.marker.glyph) {
      m.basemapGlyph = L.marker(m.basemapLatLng, {
        pane: "basemapGlyphs", interactive: false, keyboard: false,
        icon: L.divIcon({className: "basemap-glyph", iconSize: [16, 16], iconAnchor: [8, 8]})
      });
      m.on("add", function () {
        m.basemapGlyph.addTo(o.map || map);
        var g = m.basemapGlyph.getElement();
        g.textContent = p.marker.glyph;
        g.style.color = p.marker.glyphColor || "#fff";
        g.setAttribute("aria-hidden", "true");
      });
      m.on("remove", function () { m.basemapGlyph.remove(); });
    }
    return m;
  }
  function drawMarker(f, popupOpts) {  // a marker of its own (SVG)
    var p = f.properties, c = f.geometry.coordinates;
    var m = makeMarker(p, [c[1], c[0]], {renderer: svg});
    m.basemapKeyName = p.label + ", " + p.operator_name + ", " + opts.status_text[p.presence];
    keyboard(m, m.basemapKeyName);
    m.bindPopup(function () {
      lastFocus = lastFocus || m.getElement();
      return basemapPopup(p, opts, whenPhrase, function () { if (m.getPopup()) { m.getPopup().update(); } });
    }, popupOpts);
    if (!labelled) {
      m.bindTooltip(function () { return el("span", null, p.label); }, {className: "basemap-hover"});
    }
    markers.push(m);
    (p.presence === "former" ? former : present).addLayer(m);
  }

  /* The markers of a boxed group are drawn small on the map (their inset
   * shows them), out of the tab order (their inset's copies are in it);
   * the others at their own size. */
  function styleBoxed(ms, boxed) {
    ms.forEach(function (m) {
      var small = !!boxed[m.basemapProps.key];
      if (small !== !!m.basemapSmall) {
        m.basemapSmall = small;
        m.setStyle({weight: small ? 1 : m.basemapWeight});
        m.setRadius(small ? 3.5 : m.basemapRadius);
      }
      var e = m.getElement && m.getElement();
      if (e) {
        e.classList.toggle("basemap-boxed", small);
        e.setAttribute("tabindex", small ? "-1" : "0");
        if (small) { e.setAttribute("aria-hidden", "true"); } else { e.removeAttribute("aria-hidden"); }
      }
      var g = m.basemapGlyph && m.basemapGlyph.getElement();
      if (g) { g.style.visibility = small ? "hidden" : ""; }
    });
  }
  function presentMarkers() {
    return markers.filter(function (m) { return map.hasLayer(m) && m.basemapProps.presence !== "former"; });
  }
  function drawnMarkers() {
    return markers.filter(function (m) { return map.hasLayer(m); });
  }

  /* One label per site (its operators combined), placed by labels.js clear
   * of every marker, badge, control, name that must stay, inset and other
   * label; numbers where none fits, listed under the map. */
  var EVENT_SIZE = 18;
  var lastAvoid = [];
  function relabel(hold, anchored) {
    if (!labelled || dotLayers.length) {
      insets.clear();
      labeller.clear();
      basemapShowNumbers([], false);
      return;
    }
    var avoid = controlBoxes();
    var ob = insets.obstacles(), boxes = ob.boxes.slice();
    var unboxed = drawnMarkers().filter(function (m) { return !insets.boxed(m.basemapProps.key); });
    var taken = avoid.concat(boxes, anchored);
    // (the pointers at the edge never on a marker in view)
    var discs = unboxed.map(function (m) {
      var q = map.latLngToContainerPoint(m.getLatLng()), r = m.options.radius + 3;
      return [q.x - r, q.y - r, q.x + r, q.y + r];
    });
    taken = taken.concat(compose.pointers(taken.concat(discs), function (key, from) {
      var m = markers.filter(function (x) { return x.basemapProps.key === key; })[0];
      if (m) { openFrom(m, from); }
    }));
    if (map.hasLayer(eventsLayer)) {
      basemapPlaceBadges(map, unboxed, eventsLayer, EVENT_SIZE, taken);
    }
    var numbers = {next: 1};
    // (a site said by its pointer is not labelled beside its marker's edge)
    var inView = unboxed.filter(function (m) { return compose.onMap(m.getLatLng()); });
    labeller.place(basemapUnits(map, inView), taken, {numbers: numbers, segments: ob.segments});
    insets.layout(numbers);
    var refs = labeller.refs();
    insets.views().forEach(function (v) { refs = refs.concat(v.labeller.refs()); });
    basemapShowNumbers(refs.concat(compose.unsaid()), hold);
    // markers whose label found no place are named on hover
    var named = {};
    Array.prototype.forEach.call(container.querySelectorAll(".basemap-label[data-keys]"), function (e) {
      e.getAttribute("data-keys").split(" ").forEach(function (k) { named[k] = true; });
    });
    markers.forEach(function (m) {
      // named on the map or in an inset: a tooltip never shown (an unbound
      // one leaves Leaflet's focus listeners to fail on the next focus)
      var off = !!named[m.basemapProps.key] || !!insets.boxed(m.basemapProps.key);
      if (m.getTooltip() && m.basemapTipOff === off) { return; }
      m.unbindTooltip();
      m.bindTooltip(el("span", null, m.basemapProps.label),
                    {className: off ? "basemap-hover basemap-hover-off" : "basemap-hover"});
      m.basemapTipOff = off;
    });
    // the base map's other names give way to the sites and their labels
    lastAvoid = taken.concat(labeller.boxes());
    if (places) { places.update(lastAvoid); }
  }
  var places = null;
  if (placesData && window.basemapPlaces) {
    // its own redraws (after a pan) avoid the same boxes as the last layout
    places = basemapPlaces(map, placesData, {
      avoid: function () { return lastAvoid; }, borders: borderData
    });
    if (borderData.frame) { basemapFrame(map, borderData.frame); }
  }
  /* Laying out is the costly part of a redraw: the events that ask for it
   * (a zoom, a resize, a layer switched, a new year) within one frame get
   * one layout; layoutNow() does it at once (before the page says ready). */
  var pending = null, resizedOnly = true;  // every ask since the last: a resize
  var laying = false;
  function layoutNow(hold) {
    laying = true;
    try { layoutOnce(hold); } finally { laying = false; }
  }
  function layoutOnce(hold) {
    if (pending !== null) { L.Util.cancelAnimFrame(pending); pending = null; }
    resizedOnly = true;
    // (once under the map, the insets stay there for the same frame and
    // markers: trying the map again would change its height, and lay out
    // again)
    // (an embed whose frame follows its page makes its own height: its
    // frame is its width)
    var follows = !!(embed && embed.follows());
    var why = window.innerWidth + "x" + (follows ? "" : window.innerHeight) + "/" + drawing;
    var anchored = stripFor === why && insets.strip(true) ? finishStrip() : layInsets(why);
    basemapFanOut(map, markers, fanRenderer);  // (as the boxes now are: a site no longer boxed fans out again)
    relabel(hold === true, anchored);
    if (embed) { embed.report(); }
  }
  /* Plan and place the insets on the map (or under it); returns the names
   * that stay. Insets with no free place: smaller ones first, then room
   * made for them and the data framed again (not once the reader has
   * moved it). */
  function layInsets(why) {
    var anchored = [], shrink = 1, left = [];
    styleBoxed(markers, {});  // (from the same start whatever was laid out before)
    // (nor while a popup is open: the pan that showed it is kept)
    var moved = movedByReader || popupOpen();
    insets.strip(false);
    stripFor = null;
    for (var round = 0; round < 6; round++) {
      basemapFanOut(map, markers, fanRenderer);
      insets.plan(shrink);
      if (shrink < 1 && insets.missing()) {  // smaller lost a group: room instead
        shrink = 1;
        insets.plan(shrink);
        styleBoxed(markers, insetKeys());
        anchored = anchorNames();
        left = insets.place(controlBoxes().concat(anchored));
        if (moved || !compose.room(left.length ? left : insets.list(), insets.list())) { break; }
        fit(true);
        continue;
      }
      styleBoxed(markers, insetKeys());
      anchored = anchorNames();
      left = insets.place(controlBoxes().concat(anchored));
      if (!left.length || moved || round === 5) { break; }
      if (round < 2 && !compose.composed()) { shrink *= 0.82; continue; }
      if (!compose.room(left, insets.list())) { break; }
      shrink = 1;
      fit(true);
    }
    // a stacked page whose map cannot hold its insets: they go under the
    // map, in the page (insets.js), and the data take the whole map again
    if (left.length && !moved && compose.composed() && insets.strip(true)) {
      stripFor = why;
      fit();
      anchored = finishStrip();
    }
    return anchored;
  }
  var stripFor = null;  // the frame and drawing whose insets went under the map
  /* The insets under the map (insets.strip): planned and placed for the
   * map as it is; returns the names that stay. */
  function finishStrip() {
    styleBoxed(markers, {});
    basemapFanOut(map, markers, fanRenderer);
    insets.plan(1);
    styleBoxed(markers, insetKeys());
    var anchored = anchorNames();
    insets.place(controlBoxes().concat(anchored));
    return anchored;
  }
  /* The names that stay (the host countries, their capitals, the places
   * of the events shown), placed before the insets and the labels; a
   * capital in an inset's box is named in the inset. */
  function anchorNames() {
    if (!places || !labelled || dotLayers.length) { return []; }
    var unboxed = drawnMarkers().filter(function (m) { return !insets.boxed(m.basemapProps.key); });
    var roots = insets.list().filter(function (p) { return !p.parent; });
    var tops = roots.map(function (p) { return p.box; });
    // (a name is left to an inset only if the inset's view holds it: a
    // small box is drawn larger than its view)
    var views = roots.map(function (p) { return p.exact || p.box; });
    var named = [];
    if (map.hasLayer(eventsLayer)) {
      eventsLayer.eachLayer(function (b) { if (b.basemapPlace) { named.push(b.basemapPlace); } });
    }
    return places.anchors(basemapHosts(presentMarkers()), controlBoxes().concat(tops), unboxed,
                          map.getBounds(), views, named);
  }
  function insetKeys() {
    var out = {};
    markers.forEach(function (m) { if (insets.boxed(m.basemapProps.key)) { out[m.basemapProps.key] = true; } });
    return out;
  }
  function layout(resized, own) {
    if (laying && own) { return; }  // (a zoom of layoutNow's own framing: laid out by it)
    if (resized !== true) { resizedOnly = false; }
    if (pending === null) {
      pending = L.Util.requestAnimFrame(function () { pending = null; layoutNow(resizedOnly); });
    }
  }
  // (a zoom of the frame fitted again after a resize is part of the resize)
  var refitting = false;
  map.on("zoomend overlayadd overlayremove resize", function (ev) {
    layout(ev.type === "resize" || refitting, ev.type === "zoomend" || ev.type === "resize");
    refitPopups();
  });
  // a pan moves the boxes: their insets find their places again
  map.on("moveend", function () { if (insets.list().length && !map._animatingZoom) { layout(true, true); } });
  // the page grid may resize the map without a window resize (a panel
  // opening below it): tell Leaflet, which lays out again on "resize"
  // and, until the reader moves the map, frame the data again (not while
  // a popup is open: the pan that showed it is kept)
  var movedByReader = false;
  function popupOpen() { return container.classList.contains("basemap-popup-open"); }
  ["mousedown", "wheel", "keydown", "touchstart"].forEach(function (type) {
    container.addEventListener(type, function (ev) {
      if (ev.target && ev.target.closest && ev.target.closest(".basemap-inset, .basemap-pointer")) { return; }
      movedByReader = true;
    }, {passive: true});
  });
  if (window.ResizeObserver) {
    new ResizeObserver(function () {
      refitting = true;
      try {
        map.invalidateSize({pan: false});
        if (!movedByReader && !popupOpen()) {
          fit();
          // (a figure lays out at once: the frames between a refit, which
          // frames the data without the room kept for insets, and the
          // layout that keeps it again are not a figure's, and its SVG,
          // read two frames after it was laid out, was read in one)
          if (document.body.classList.contains("basemap-figure-mode")) { layoutNow(true); }
        }
      } finally { refitting = false; }
    }).observe(container);
  }
  window.addEventListener("resize", function () {
    // (a figure keeps its layout: printed to PDF, Chromium resizes the
    // window for a moment, and a figure's PDF is its picture in vectors)
    if (document.body.classList.contains("basemap-figure-mode")) { return; }
    if (compose.choose()) { map.invalidateSize({pan: false}); }
    if (!movedByReader) { compose.reset(); fit(); }
  });

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
  // padded by the controls along its top and bottom edges, and by the
  // room kept for insets (compose.js)
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
    var extra = compose.pads();
    // (the room kept for insets never leaves the data too little)
    var kx = Math.min(1, Math.max(0, size.x - left - right - 80) / Math.max(1, extra[1] + extra[3]));
    var ky = Math.min(1, Math.max(0, size.y - top - bottom - 60) / Math.max(1, extra[0] + extra[2]));
    top += extra[0] * ky; right += extra[1] * kx; bottom += extra[2] * ky; left += extra[3] * kx;
    // (nor do the controls, on a map smaller than they are)
    var fx = Math.min(1, (size.x - 40) / Math.max(1, left + right));
    var fy = Math.min(1, (size.y - 40) / Math.max(1, top + bottom));
    if (fx <= 0 || fy <= 0) { return false; }
    top *= fy; bottom *= fy; left *= fx; right *= fx;
    pads = [top, right, bottom, left];
    // (reset: the view set exactly, as on a page just opened; at the same
    // zoom Leaflet would pan by whole pixels from where the map was, and a
    // timeline stepped to a year would sit a pixel from the year's page.
    // A reset ends with "viewreset", after which the SVG layers keep the
    // fraction of a pixel of their zoom transform: "moveend" puts them on
    // whole pixels again, as after any pan)
    map.fitBounds(compose.bounds(), {paddingTopLeft: [left, top], paddingBottomRight: [right, bottom],
                                     animate: false, reset: true});
    map.fire("moveend");
    return true;
  }
  // how far the data may move up and down and stay clear of the controls
  function room() {
    var size = map.getSize(), b = compose.bounds();
    var top = map.latLngToContainerPoint(b.getNorthWest()).y;
    var bottom = map.latLngToContainerPoint(b.getSouthEast()).y;
    return [Math.max(0, top - pads[0]), Math.max(0, size.y - pads[2] - bottom)];
  }
  // the frame over the whole map, and a phone's map no taller (keepframe.js)
  var keepFrame = borderData.frame && window.basemapKeepFrame ?
    basemapKeepFrame(map, borderData.frame, wide) : null;
  /* Frame the data: the map's height on a stacked page first (compose.js),
   * then the view; `keep`: the room made for insets stays. */
  function fit(keep) {
    if (keep !== true) { compose.reset(); }
    compose.setHeight();
    map.invalidateSize({pan: false});
    // (a composed map frames its core, within the frame: nothing to keep)
    if (fitData() && keepFrame && !compose.composed()) { keepFrame(fitData, room); }
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
  function wide() { return compose.wide(); }

  var embed = null;
  var hint = el("div", "basemap-overlay basemap-wheel-hint", "");
  hint.setAttribute("aria-hidden", "true");
  container.appendChild(hint);

  /* Printing: one landscape page, the map refitted to the size it prints
   * at (basemap.css: the page less the key's column), no controls. */
  var PRINT = {w: 787, h: 703};  // (277 mm - 69 mm) x 186 mm at 96 dpi, less the margins
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".basemap-context details"), function (d) {
      d.open = true;
    });
    document.body.classList.add("basemap-printing");
    container.style.width = PRINT.w + "px";
    container.style.height = PRINT.h + "px";
    map.invalidateSize({pan: false}); fit(); map.fire("moveend"); layoutNow();
  });
  window.addEventListener("afterprint", function () {
    document.body.classList.remove("basemap-printing");
    container.style.width = "";
    container.style.height = "";
    map.invalidateSize({pan: false}); fit(); layoutNow();
  });
  L.extend(view, {
    draw: draw, ready: ready, present: present, former: former, el: el,
    events: eventsLayer, popupOptions: popupOptions, keyboard: keyboard,
    whenPhrase: function () { return whenPhrase; }, wide: wide, EVENT_SIZE: EVENT_SIZE,
    layout: layoutNow, map: map, opts: opts, labeller: labeller,
    borderData: borderData, placesData: placesData,
    makeMarker: makeMarker, openFrom: openFrom, styleBoxed: styleBoxed,
    presentMarkers: presentMarkers, drawnMarkers: drawnMarkers,
    labelled: function () { return labelled && !dotLayers.length; },
    /* hooks of filters.js: draw only what fn(properties) keeps (redrawn at
     * once); what is drawn; the reader's view, or one set for the reader */
    setFilter: function (fn) { filter = fn || null; if (drawn) { draw(allFeatures, whenPhrase); } },
    features: function () { return allFeatures; },
    shown: function () { return shownFeatures; },
    markers: function () { return dotLayers.length ? dotMarkers() : markers.slice(); },
    onDraw: function (fn) { drawHooks.push(fn); },
    whenReady: function (fn) { readyHooks.push(fn); },
    moved: function () { return movedByReader; },
    goTo: function (latlng, zoom) { movedByReader = true; map.setView(latlng, zoom, {animate: false}); }
  });
  view.compose = compose;
  view.insets = insets;
  embed = basemapEmbed(view, hint);  // embed.js: in an article's iframe
  view.embed = embed;
  view.drawContext = basemapContext(map, view, control, eventsLayer, borderData, opts);
  // a figure (figure.js) or a print lays the page out anew: frame it again
  // (`hold`: the numbered list keeps at least its height, basemapShowNumbers)
  view.refit = function (hold) {
    labeller.reset();
    compose.choose();
    map.invalidateSize({pan: false});
    fit();
    // Leaflet debounces "moveend" after a resize (200 ms): the scale bar,
    // whose box the labels avoid, would change after them. Now, at once.
    map.fire("moveend");
    layoutNow(hold === true);
  };
  (window.basemapViews = window.basemapViews || []).push(view);
  return view;
}

/* Fan each site's markers (of `markers`, on `map`) around its point
 * (fans.js), with a small dot at the point of a fanned site (drawn with
 * `renderer`, in the basemapFans pane). */
function basemapFanOut(map, markers, renderer) {
  "use strict";
  var bySite = {}, order = [];
  markers.forEach(function (m) {
    if (!m.basemapProps || !map.hasLayer(m)) { return; }
    var k = m.basemapProps.site + "|" + (m.basemapProps.presence === "former" ? 1 : 0);
    if (!bySite[k]) { bySite[k] = []; order.push(k); }
    bySite[k].push(m);
  });
  if (map.basemapFanDots) { map.basemapFanDots.clearLayers(); } else {
    map.basemapFanDots = L.layerGroup().addTo(map);
  }
  order.forEach(function (k) {
    var ms = bySite[k];
    var offsets = basemapFan(ms.map(function (m) { return m.options.radius; }));
    var small = ms.some(function (m) { return m.basemapSmall; });
    var at = map.latLngToContainerPoint(ms[0].basemapLatLng);
    ms.forEach(function (m, i) {
      var ll = small || ms.length < 2 ? m.basemapLatLng :
        map.containerPointToLatLng(at.add(L.point(offsets[i].x, offsets[i].y)));
      if (!m.getLatLng().equals(ll)) {
        m.setLatLng(ll);
        if (m.basemapGlyph) { m.basemapGlyph.setLatLng(ll); }
      }
    });
    if (ms.length > 1 && !small) {
      map.basemapFanDots.addLayer(L.circleMarker(ms[0].basemapLatLng, {
        renderer: renderer, pane: "basemapFans", radius: 2, weight: 0, fillColor: "#333", fillOpacity: 1,
        interactive: false, className: "basemap-fan-point"
      }));
    }
  });
}

/* The host countries of markers (iso_a3: true), whose names and capitals
 * the maps always show. */
function basemapHosts(markers) {
  "use strict";
  var out = {};
  markers.forEach(function (m) {
    var p = m.basemapProps;
    if (p && p.host && p.presence !== "former") { out[p.host] = true; }
  });
  return out;
}
