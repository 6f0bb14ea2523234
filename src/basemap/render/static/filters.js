/* basemap filters: filter, search and the address that keeps them.
 *
 * basemapFilters(view, opts, host) is called by basemapDraw (a yearly map,
 * host = {features}) and by basemapTimeline (host = {features: every year's
 * features, years, year(), show(year)}) before the first drawing. It puts
 * a search box and the filters in the side panel (#basemap-find-slot),
 * narrows what the view draws (view.setFilter: the markers, and so the
 * labels, which name only what is drawn), hides what is filtered out from
 * the text alternative, and keeps the state in the address.
 *
 * The address (the fragment), read on load and on "hashchange", written
 * with history.replaceState (no history entry per change):
 *
 *   #year=2005&operator=USA,RUS&host=KGZ&kind=air+base&status=present,base
 *    &q=kant&view=42.8,74.5,7&site=manas/USA
 *
 *   year      the timeline's year (a yearly map ignores it); a bare "#2005",
 *             the timeline's old address, still opens 2005.
 *   operator  operator codes, host: host country codes, kind: kinds as the
 *             data writes them; each a comma-separated list, each value
 *             URI-encoded (a space may be "+"). Within a list any value
 *             matches; across lists all must.
 *   status    presence (present, uncertain, former) and standing (base,
 *             temporary, proposed, and any other status in the data): a
 *             site matches one of the presences given (if any) and one of
 *             the standings given (if any). "former" also switches on the
 *             former sites' layer.
 *   q         the text in the search box (at most 100 characters).
 *   view      latitude,longitude,zoom of the map, written once the reader
 *             has moved it (else the page frames the data, as on first load).
 *   site      the open popup: "site/OPERATOR" (or "site", its first marker).
 *
 * Every value read is checked: codes, kinds and statuses the page does not
 * hold are ignored, numbers are clamped to the map's range, anything else
 * is dropped. Values only ever land in the page as DOM properties and
 * textContent, never as HTML. Keys left out mean "no filter", "the
 * default framing", "no popup".
 *
 * The sites that match the search box are found by find.js.
 */
function basemapFilters(view, opts, host) {
  "use strict";
  var el = basemapEl, map = view.map, timeline = !!host.years;
  var PRESENCE = ["present", "uncertain", "former"];
  var STANDING = ["base", "temporary", "proposed"];
  var WORDS = {present: "present", uncertain: "uncertain (dates imprecise)", former: "former site",
               base: "base", temporary: "temporary deployment", proposed: "proposed"};
  var FIND_ZOOM = 7, MAX_FIND_ZOOM = 12, MAX_RESULTS = 12, MAX_Q = 100;

  /* -- what can be chosen: the values the data holds ----------------- */
  var names = {};
  (host.features || []).forEach(function (f) {
    var p = f.properties;
    names[p.operator] = p.operator_name;
    names[p.host] = p.host_state || p.host_name;  // the state, not its region
  });
  var FACETS = [
    {key: "operator", title: "Operator", of: function (p) { return p.operator; },
     word: function (v) { return names[v] || v; }, norm: function (v) { return v.toUpperCase(); }},
    {key: "host", title: "Host country", of: function (p) { return p.host; },
     word: function (v) { return names[v] || v; }, norm: function (v) { return v.toUpperCase(); }},
    {key: "kind", title: "Kind", of: function (p) { return p.kind || ""; },
     word: function (v) { return v; }, norm: function (v) { return v; }},
    {key: "status", title: "Status", of: null,
     word: function (v) { return WORDS[v] || v; }, norm: function (v) { return v.toLowerCase(); }}
  ];
  /* The features of each facet's values (each a count in `into`, by
   * value): one pass over a large layer for every facet, no array made per
   * feature. */
  function tally(features, facets, into) {
    function add(n, v) { if (v) { n[v] = (n[v] || 0) + 1; } }
    for (var i = 0; i < features.length; i++) {
      var p = features[i].properties;
      for (var j = 0; j < facets.length; j++) {
        if (facets[j].of) { add(into[j], facets[j].of(p)); } else { add(into[j], p.presence); add(into[j], p.status); }
      }
    }
    return into;
  }
  var held = tally(host.features || [], FACETS, FACETS.map(function () { return {}; }));
  FACETS.forEach(function (facet, j) {
    var values = Object.keys(held[j]);
    if (facet.key === "status") {  // presences first, then standings, in their order
      var order = PRESENCE.concat(STANDING);
      values.sort(function (a, b) {
        var ia = order.indexOf(a), ib = order.indexOf(b);
        return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || (a < b ? -1 : a > b ? 1 : 0);
      });
    } else {
      values.sort(function (a, b) {
        var wa = facet.word(a).toLowerCase(), wb = facet.word(b).toLowerCase();
        return wa < wb ? -1 : wa > wb ? 1 : 0;
      });
    }
    facet.values = values;
    facet.chosen = {};
  });
  function facetOf(key) { return FACETS.filter(function (f) { return f.key === key; })[0]; }

  /* -- the filter ---------------------------------------------------- */
  function chosen(facet) { return facet.values.filter(function (v) { return facet.chosen[v]; }); }
  function active() { return FACETS.some(function (f) { return chosen(f).length > 0; }); }
  function keeps(p) {
    for (var i = 0; i < FACETS.length; i++) {
      var facet = FACETS[i], c = chosen(facet);
      if (!c.length) { continue; }
      if (facet.of) {
        if (!facet.chosen[facet.of(p)]) { return false; }
      } else {
        var pres = c.filter(function (v) { return PRESENCE.indexOf(v) >= 0; });
        var stand = c.filter(function (v) { return PRESENCE.indexOf(v) < 0; });
        if (pres.length && pres.indexOf(p.presence) < 0) { return false; }
        if (stand.length && stand.indexOf(p.status) < 0) { return false; }
      }
    }
    return true;
  }

  /* -- the address --------------------------------------------------- */
  function decode(v) {
    try { return decodeURIComponent(v.replace(/\+/g, " ")); } catch (e) { return null; }
  }
  function encode(v) {
    return encodeURIComponent(v).replace(/%20/g, "+").replace(/%2F/g, "/");
  }
  function clamp(x, lo, hi) { return Math.max(lo, Math.min(hi, x)); }
  /* A zoom asked of the page, within the map's range (its minZoom and
   * maxZoom; a finite one even if a map were to have none): a zoom of
   * 1e20 would put the map at NaN, one of 100 would leave it blank. */
  function zoomIn(z) {
    var lo = map.getMinZoom(), hi = map.getMaxZoom();
    return clamp(z, isFinite(lo) ? lo : 0, isFinite(hi) ? hi : 18);
  }
  /* The state in an address fragment, checked; null where absent. */
  function parse(hash) {
    var st = {year: null, lists: {}, q: null, view: null, site: null};
    var text = String(hash || "").replace(/^#/, "");
    if (/^\d{4}$/.test(text)) { text = "year=" + text; }  // the timeline's old "#2005"
    text.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at < 1) { return; }
      var key = part.slice(0, at), raw = part.slice(at + 1);
      if (key === "year" && /^\d{1,4}$/.test(raw)) {
        st.year = parseInt(raw, 10);
      } else if (facetOf(key)) {
        var facet = facetOf(key);
        st.lists[key] = raw.split(",").map(decode).filter(function (v) {
          return v !== null;
        }).map(facet.norm).filter(function (v) { return facet.values.indexOf(v) >= 0; });
      } else if (key === "q") {
        var q = decode(raw);
        if (q !== null) { st.q = q.slice(0, MAX_Q); }
      } else if (key === "view") {
        var n = raw.split(",").map(Number);
        if (n.length === 3 && n.every(isFinite)) {
          st.view = {lat: clamp(n[0], -85, 85), lng: clamp(n[1], -180, 180), zoom: zoomIn(n[2])};
        }
      } else if (key === "site") {
        var s = decode(raw);
        if (s !== null && /^[\w.-]{1,100}(\/[\w.-]{1,12})?$/.test(s)) { st.site = s; }
      }
    });
    return st;
  }
  var openKey = null, restoring = true, restoredView = null;
  function serialise() {
    var parts = [];
    if (timeline && host.year() !== null) { parts.push("year=" + host.year()); }
    FACETS.forEach(function (facet) {
      var c = chosen(facet);
      if (c.length) { parts.push(facet.key + "=" + c.map(encode).join(",")); }
    });
    var q = input.value.trim();
    if (q) { parts.push("q=" + encode(q.slice(0, MAX_Q))); }
    if (view.moved()) {
      var c0 = map.getCenter(), z0 = map.getZoom(), r = restoredView;
      // the view an address gave, while the map is within a pixel of it
      // (Leaflet keeps whole pixels): written as given, so it never drifts
      if (r && r.zoom === z0 && map.latLngToContainerPoint([r.lat, r.lng]).distanceTo(
          map.latLngToContainerPoint(c0)) < 1.5) { c0 = L.latLng(r.lat, r.lng); }
      parts.push("view=" + c0.lat.toFixed(4) + "," + c0.lng.toFixed(4) + "," +
                 String(Math.round(z0 * 100) / 100));
    }
    if (openKey) { parts.push("site=" + encode(openKey)); }
    return parts.join("&");
  }
  function write() {
    if (restoring) { return; }
    var text = serialise(), now = window.location.hash.replace(/^#/, "");
    if (text === now) { return; }
    var base = window.location.href.split("#")[0];
    try {
      window.history.replaceState(window.history.state, "", text ? "#" + text : base);
    } catch (e) { /* a sandboxed frame may refuse: the page still works */ }
  }

  /* -- the panel ----------------------------------------------------- */
  var slot = document.getElementById("basemap-find-slot");
  var box = el("div", "basemap-find");
  box.setAttribute("role", "search");
  box.setAttribute("aria-label", "Find and filter sites");
  var label = el("label", "basemap-find-label", "Find a site");
  label.htmlFor = "basemap-q";
  var input = el("input", "basemap-find-input");
  input.type = "search";
  input.id = "basemap-q";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.placeholder = "Name or alias";
  input.maxLength = MAX_Q;
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "basemap-results");
  var results = el("ul", "basemap-results");
  results.id = "basemap-results";
  results.setAttribute("role", "listbox");
  results.setAttribute("aria-label", "Sites found");
  results.hidden = true;
  var found = el("p", "basemap-find-status");
  found.setAttribute("aria-live", "polite");
  var row = el("div", "basemap-find-row");
  row.appendChild(label);
  row.appendChild(input);
  box.appendChild(row);
  box.appendChild(results);
  box.appendChild(found);

  var panel = el("details", "basemap-filters");
  panel.id = "basemap-filters";
  var summary = el("summary", null, "Filters");
  var badge = el("span", "basemap-filter-badge");
  summary.appendChild(badge);
  panel.appendChild(summary);
  FACETS.forEach(function (facet) {
    if (!facet.values.length) { return; }
    var group = el("details", "basemap-facet");
    var head = el("summary", null, facet.title);
    facet.count = el("span", "basemap-facet-count");
    head.appendChild(facet.count);
    group.appendChild(head);
    var set = el("fieldset");
    set.appendChild(el("legend", "basemap-visually-hidden", facet.title));
    facet.boxes = {};
    facet.tallies = {};
    facet.values.forEach(function (v, i) {
      var item = el("label", "basemap-facet-item");
      var check = el("input");
      check.type = "checkbox";
      check.value = v;
      check.id = "basemap-f-" + facet.key + "-" + i;
      check.addEventListener("change", function () {
        facet.chosen[v] = check.checked;
        changed();
      });
      item.appendChild(check);
      item.appendChild(document.createTextNode(" " + facet.word(v)));
      if (facet.key === "operator" || facet.key === "host") { item.title = v; }
      facet.tallies[v] = el("span", "basemap-facet-n");
      item.appendChild(facet.tallies[v]);
      set.appendChild(item);
      facet.boxes[v] = check;
    });
    facet.group = group;
    group.appendChild(set);
    panel.appendChild(group);
  });
  var clear = el("button", "basemap-filter-clear", "Clear filters");
  clear.type = "button";
  clear.addEventListener("click", function () {
    FACETS.forEach(function (facet) { facet.chosen = {}; });
    changed();
  });
  var shownText = el("p", "basemap-filter-status");
  shownText.setAttribute("aria-live", "polite");
  var foot = el("div", "basemap-filter-foot");
  foot.appendChild(shownText);
  foot.appendChild(clear);
  panel.appendChild(foot);
  box.appendChild(panel);
  // on paper, the filters in words (the box itself is not printed)
  var printed = el("p", "basemap-filter-print");
  if (slot) { slot.appendChild(box); slot.appendChild(printed); }

  function sync() {  // the checkboxes, counts and words follow the state
    var n = 0;
    FACETS.forEach(function (facet) {
      if (!facet.boxes) { return; }
      var c = chosen(facet);
      n += c.length;
      facet.values.forEach(function (v) { facet.boxes[v].checked = !!facet.chosen[v]; });
      facet.count.textContent = c.length ? ": " + c.length + " chosen" : ": all";
    });
    badge.textContent = n ? " (" + n + " chosen)" : "";
    clear.disabled = !n;
    panel.classList.toggle("basemap-filters-on", n > 0);
  }

  /* -- what the filters leave: text alternative, key, counts ---------- */
  function sites(features) {
    var s = new Set();
    for (var i = 0; i < features.length; i++) { s.add(features[i].properties.site); }
    return s.size;
  }
  function describeFilter() {
    return FACETS.filter(function (f) { return chosen(f).length; }).map(function (f) {
      return f.title.toLowerCase() + " " + chosen(f).map(f.word).join(" or ");
    }).join("; ");
  }
  var note = null, tallied = host.features, counts = held;
  function words(shown, all) {  // what the map shows: former sites only with their layer
    var formerOn = map.hasLayer(view.former);
    var seen = function (f) { return formerOn || f.properties.presence !== "former"; };
    var kept = function (fs) { return formerOn ? fs : fs.filter(seen); };
    var text = active() ? "Showing " + sites(kept(shown)) + " of " + sites(kept(all)) + " sites" :
      "Showing all " + sites(kept(all)) + " sites";
    var off = formerOn || !active() ? 0 : sites(shown.filter(function (f) { return !seen(f); }));
    if (active() && off) {
      text += "; " + off + (off === 1 ? " former site matches" : " former sites match") +
        " (switched off in the layer control)";
    }
    return text;
  }
  function reflect(shown, all) {
    var on = active();
    shownText.textContent = words(shown, all);
    if (all !== tallied) {  // counted once for the features the page holds
      tallied = all;
      counts = tally(all, FACETS, FACETS.map(function () { return {}; }));
    }
    FACETS.forEach(function (facet, j) {
      if (!facet.tallies) { return; }
      var n = counts[j];
      facet.values.forEach(function (v) { facet.tallies[v].textContent = " " + (n[v] || 0); });
    });
    // the text alternative: what is filtered out is not listed
    var text = document.getElementById("basemap-text");
    if (text) {
      if (!note) {
        note = el("p", "basemap-text-filter");
        note.id = "basemap-text-filter";
        var h = text.querySelector("h2");
        text.insertBefore(note, h ? h.nextSibling : text.firstChild);
      }
      note.textContent = on ? "Filtered by " + describeFilter() + ": " + shownText.textContent + "." : "";
      note.hidden = !on;
      printed.textContent = note.textContent;
      if (!timeline) {  // a yearly map's lists follow the data's order
        var every = shown.length === all.length, keep = {};  // all shown: all kept
        if (!every) { shown.forEach(function (f) { keep[f.properties.key] = true; }); }
        var lists = {present: "basemap-text-present", former: "basemap-text-former"};
        Object.keys(lists).forEach(function (kind) {
          var list = document.getElementById(lists[kind]);
          if (!list) { return; }
          var items = list.children, k = 0;
          for (var i = 0; i < all.length && k < items.length; i++) {  // (a long list is cut)
            var p = all[i].properties;
            if ((p.presence === "former") !== (kind === "former")) { continue; }
            items[k].hidden = !every && !keep[p.key];
            k += 1;
          }
        });
      }
    }
    // the key: operators filtered out are dimmed
    var op = facetOf("operator"), off = {};
    if (chosen(op).length) {
      op.values.forEach(function (v) { if (!op.chosen[v]) { off[op.word(v)] = true; } });
    }
    Array.prototype.forEach.call(document.querySelectorAll("#basemap-legend li"), function (li) {
      var sw = li.querySelector(".basemap-swatch-operator");
      li.classList.toggle("basemap-key-off", !!(sw && off[li.textContent.trim()]));
    });
    if (active() && chosen(facetOf("status")).indexOf("former") >= 0 && !map.hasLayer(view.former)) {
      map.addLayer(view.former);
      view.layout();
    }
  }
  map.on("overlayadd overlayremove", function () { reflect(view.shown(), view.features()); });
  view.onDraw(function (shown, all) {
    reflect(shown, all);
    if (openKey && !byKey(openKey)) { openKey = null; }
    write();
  });

  function changed() {
    var was = openKey;
    sync();
    view.setFilter(active() ? keeps : null);
    search(false);
    if (was && byKey(was)) { open(was, false); }  // still shown: reopened
    write();
  }

  /* -- finding a site ------------------------------------------------ */
  function byKey(key) {
    var ms = view.markers().filter(function (m) {
      var p = m.basemapProps;
      return p.key === key || p.site === key;
    });
    ms.sort(function (a, b) {  // a site's present markers first
      return (a.basemapProps.presence === "former") - (b.basemapProps.presence === "former");
    });
    return ms[0] || null;
  }
  var hits = [], activeIndex = -1;
  function search(showList) {
    var text = input.value;
    while (results.firstChild) { results.removeChild(results.firstChild); }
    var all = basemapMatches(text, view.shown());
    hits = all.slice(0, MAX_RESULTS);
    activeIndex = -1;
    input.removeAttribute("aria-activedescendant");
    var here = basemapMatches(text, view.features());
    var hidden = here.filter(function (h) {
      return !all.some(function (g) { return g.site === h.site; });
    }).length;
    if (timeline) {  // sites of other years (the filters hold): opened in the nearest
      var elsewhere = basemapMatches(text, host.features.filter(function (f) {
        return keeps(f.properties) && !here.some(function (h) { return h.site === f.properties.site; });
      }));
      elsewhere.forEach(function (h) {
        var ys = h.props.map(function (p) { return p.year; }), now = host.year();
        var present = h.props.filter(function (p) { return p.presence !== "former"; });
        h.first = Math.min.apply(null, ys);
        h.last = Math.max.apply(null, ys);
        h.year = (present.length ? present : h.props).map(function (p) { return p.year; }).sort(function (a, b) {
          return Math.abs(a - now) - Math.abs(b - now) || a - b;
        })[0];
        h.props = h.props.filter(function (p) { return p.year === h.year; });
      });
      // the better match first; on a par, this year's
      hits = all.concat(elsewhere).map(function (h, k) { return [h, k]; }).sort(function (a, b) {
        return a[0].s - b[0].s || a[1] - b[1];
      }).map(function (x) { return x[0]; }).slice(0, MAX_RESULTS);
    }
    hits.forEach(function (h, i) {
      var p = h.props[0];
      var li = el("li", "basemap-result");
      li.id = "basemap-result-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-site", h.site);
      li.appendChild(el("span", "basemap-result-name", p.short));
      var ops = h.props.map(function (q) { return q.operator; }).join(", ");
      var when = h.year === undefined ? "" : ", " + (h.first === h.last ? h.first : h.first + "\u2013" + h.last);
      li.appendChild(el("span", "basemap-result-where", " " + p.host_name + ", " + ops +
                        (h.former && h.year === undefined ? ", former site" : "") + when));
      if (h.also && basemapFold(h.also) !== basemapFold(p.short)) {
        li.appendChild(el("span", "basemap-result-also", h.also));
      }
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
      li.addEventListener("click", function () { pick(i); });
      results.appendChild(li);
    });
    var typed = !!basemapFold(text);
    results.hidden = !(showList && hits.length);
    input.setAttribute("aria-expanded", results.hidden ? "false" : "true");
    found.textContent = !typed ? "" :
      (hits.length ? hits.length + (hits.length === 1 ? " site found" : " sites found") : "No site found") +
      (hidden ? "; " + hidden + " more hidden by the filters" : "");
  }
  function highlight(i) {
    Array.prototype.forEach.call(results.children, function (li, k) {
      li.setAttribute("aria-selected", k === i ? "true" : "false");
      li.classList.toggle("basemap-result-active", k === i);
    });
    activeIndex = i;
    if (i >= 0) {
      input.setAttribute("aria-activedescendant", "basemap-result-" + i);
      results.children[i].scrollIntoView({block: "nearest"});
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function pick(i) {
    var h = hits[i];
    if (!h) { return; }
    results.hidden = true;
    input.setAttribute("aria-expanded", "false");
    var p = h.props.filter(function (q) { return q.presence !== "former"; })[0] || h.props[0];
    if (h.year !== undefined && h.year !== host.year()) {
      if (host.stop) { host.stop(); }
      host.show(h.year);
    }
    open(p.key, true);
    write();
  }
  /* Opens a marker's popup: with `go`, the map first pans and zooms to it
   * (far enough in that its neighbours fan out). */
  function open(key, go, exact) {
    var m = byKey(key);
    if (!m) { return false; }
    if (m.basemapProps.presence === "former" && !map.hasLayer(view.former)) {
      map.addLayer(view.former);
    }
    if (go) {
      var z = clamp(Math.max(map.getZoom(), FIND_ZOOM), map.getMinZoom(), Math.min(MAX_FIND_ZOOM, map.getMaxZoom()));
      view.goTo(m.basemapLatLng, z);
    }
    view.layout();
    var pop = m.getPopup();
    var pan = pop ? pop.options.autoPan : true;
    if (exact && pop) { pop.options.autoPan = false; }  // the view given is the one to keep
    m.openPopup();
    if (pop) { pop.options.autoPan = pan; }
    openKey = m.basemapProps.key;
    var e = m.getElement && m.getElement();
    if (go && e && e.focus) { e.focus({preventScroll: true}); }
    return true;
  }
  input.addEventListener("input", function () { search(true); write(); });
  input.addEventListener("focus", function () { if (hits.length) { search(true); } });
  input.addEventListener("blur", function () {
    results.hidden = true;
    input.setAttribute("aria-expanded", "false");
  });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (results.hidden) { search(true); }
      if (!hits.length) { return; }
      var d = ev.key === "ArrowDown" ? 1 : -1;
      highlight((activeIndex + d + hits.length) % hits.length);
      ev.preventDefault();
    } else if (ev.key === "Enter") {
      if (hits.length) { pick(activeIndex >= 0 ? activeIndex : 0); }
      ev.preventDefault();
    } else if (ev.key === "Escape" && !results.hidden) {
      results.hidden = true;
      input.setAttribute("aria-expanded", "false");
      highlight(-1);
      ev.stopPropagation();
    }
  });

  /* -- the open popup and the view follow the reader ------------------ */
  map.on("popupopen", function (ev) {
    var origin = ev.popup._source;
    openKey = origin && origin.basemapProps ? origin.basemapProps.key : null;
    write();
  });
  map.on("popupclose", function (ev) {
    var origin = ev.popup._source;
    if (origin && origin.basemapProps && origin.basemapProps.key === openKey) { openKey = null; }
    write();
  });
  map.on("moveend", function () { write(); });

  /* -- restoring a state ---------------------------------------------- */
  function apply(st, initial) {
    restoring = true;
    FACETS.forEach(function (facet) {
      facet.chosen = {};
      (st.lists[facet.key] || []).forEach(function (v) { facet.chosen[v] = true; });
    });
    sync();
    if (active() && view.wide()) { panel.open = true; }  // folded in a band
    view.setFilter(active() ? keeps : null);  // before the first drawing: only kept
    input.value = st.q || "";
    if (timeline && !initial && st.year !== null && host.years.indexOf(st.year) >= 0 &&
        st.year !== host.year()) {
      host.show(st.year);
    }
    function rest() {
      if (st.view) {
        view.goTo([st.view.lat, st.view.lng], st.view.zoom);
        restoredView = st.view;
        view.layout();
      }
      search(!!st.q && !st.site);
      if (st.site) { open(st.site, false, !!st.view); } else if (!initial) { map.closePopup(); }
      restoring = false;
      write();
    }
    if (initial) { view.whenReady(rest); } else { rest(); }
  }
  var first = parse(window.location.hash);
  apply(first, true);
  window.addEventListener("hashchange", function () {
    if (host.stop) { host.stop(); }
    apply(parse(window.location.hash), false);
  });

  return {
    /* the year the address asks for (the timeline's first), or null */
    year: function () {
      return first.year !== null && timeline && host.years.indexOf(first.year) >= 0 ? first.year : null;
    },
    parse: parse, write: write
  };
}
