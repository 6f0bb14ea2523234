/* basemap context: the year's events and the alliances.
 *
 * basemapContext(map, view, control, eventsLayer, borderData, opts) returns
 * drawContext(ctx, whenText), which redraws the events (numbered badges,
 * the same number as in the panel) and the alliance layers (one per
 * organisation, shading its member states, off by default, switched from
 * the panel or the layer control; suspended members paler and dashed), and
 * fills the panel in the page's side column and the text alternative.
 */
function basemapContext(map, view, control, eventsLayer, borderData, opts) {
  "use strict";
  var el = basemapEl, EVENT_SIZE = view.EVENT_SIZE;
  map.createPane("basemapAlliances").style.zIndex = 390;  // under the markers
  var alliances = {}, allianceOn = {};
  var contextBox = document.getElementById("basemap-context-panel");

  /* The same words as basemap.render.page.context_text, which writes the text
   * alternative of a yearly map; the timeline rewrites it every year. */
  function memberText(m, names) {
    var text = names[m.member] || m.member;
    if (m.changes && m.changes.length) { return text + " (" + m.changes.join("; ") + ")"; }
    return m.status === "suspended" ? text + " (suspended)" : text;
  }
  function membersText(a, names) {
    return a.members.length ?
      a.members.map(function (m) { return memberText(m, names); }).join(", ") :
      "no member recorded";
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
        keyboard: false,
        title: e.title, alt: e.title, riseOnHover: true
      });
      m.on("add", function () {
        var icon = m.getElement();
        icon.textContent = String(e.n);
        icon.setAttribute("data-event", e.id);
        icon.setAttribute("aria-label", "Event " + e.n + ": " + e.title);
      });
      if (e.place && typeof e.place.name === "string" && e.place.coordinates) {
        m.basemapPlace = {name: e.place.name, latlng: L.latLng(e.place.coordinates[1], e.place.coordinates[0])};
      }
      m.bindPopup(function () { return basemapEventPopup(e, names, view.whenPhrase()); }, view.popupOptions());
      view.keyboard(m, "Event " + e.n + ": " + e.title);
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
    if (!contextBox) { return; }
    while (contextBox.firstChild) { contextBox.removeChild(contextBox.firstChild); }
    var evBox = el("details"), evList = el("ol", "basemap-events");
    evBox.open = view.wide();  // a narrow page (an iframe) opens it on demand
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
    var alBox = el("details", "basemap-alliances-box"), alList = el("ul", "basemap-alliances");
    alBox.open = view.wide();
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

  return drawContext;
}

/* Event badges (``size`` px, of ``eventsLayer``) sit beside their place,
 * on the first side where they cover no marker (of ``markers``), no other
 * badge and no box of ``avoid``; labels then keep clear of them (their
 * boxes are added to ``avoid``). A badge whose place is off the map is
 * not drawn on it (the event stays in the panel, whose number opens its
 * popup): a badge never sits on the frame's edge, away from its place.
 * Called by basemap.js at each layout. */
function basemapPlaceBadges(map, markers, eventsLayer, size, avoid) {
  "use strict";
  var S = size, boxes = [], mapSize = map.getSize();
  markers.forEach(function (m) {
    if (!map.hasLayer(m)) { return; }
    var q = map.latLngToContainerPoint(m.getLatLng()), r = m.options.radius + 2;
    boxes.push([q.x - r, q.y - r, q.x + r, q.y + r]);
  });
  var hit = function (a, b) { return !(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1]); };
  var seen = {};
  eventsLayer.eachLayer(function (m) {
    var e = m.getElement();
    if (!e) { return; }
    var q = map.latLngToContainerPoint(m.getLatLng()), at = q.x.toFixed(0) + "," + q.y.toFixed(0);
    var off = q.x < 0 || q.y < 0 || q.x > mapSize.x || q.y > mapSize.y;
    e.style.display = off ? "none" : "";
    if (off) { return; }
    var k = seen[at] || 0;
    seen[at] = k + 1;
    var offsets = [];
    [10, 22, 34, 48].forEach(function (d) {
      offsets.push([0, d], [0, -d - S], [d, -S / 2], [-d - S, -S / 2],
                   [d, d], [-d - S, d], [d, -d - S], [-d - S, -d - S]);
    });
    var best = null;
    for (var i = 0; i < offsets.length && !best; i++) {
      var x = q.x - S / 2 + offsets[i][0] + (offsets[i][0] === 0 ? k * (S + 2) : 0), y = q.y + offsets[i][1];
      var b = [x, y, x + S, y + S];
      if (b[0] < 0 || b[1] < 0 || b[2] > mapSize.x || b[3] > mapSize.y) { continue; }
      if (boxes.concat(avoid).some(function (t) { return hit(b, t); })) { continue; }
      best = b;
    }
    if (!best) {  // nowhere free: below its place, kept inside the map
      var x0 = Math.max(2, Math.min(mapSize.x - S - 2, q.x - S / 2 + k * (S + 2)));
      var y0 = Math.max(2, Math.min(mapSize.y - S - 2, q.y + 10));
      best = [x0, y0, x0 + S, y0 + S];
    }
    e.style.marginLeft = (best[0] - q.x) + "px";
    e.style.marginTop = (best[1] - q.y) + "px";
    boxes.push(best);
    avoid.push(best);
  });
}
