/* basemap popups: the DOM helpers and the sourced popups of sites and events.
 *
 * Every string from the data lands through textContent or a DOM property,
 * never innerHTML, and only http(s) links are made.
 */
function basemapEl(tag, cls, text) {
  "use strict";
  var e = document.createElement(tag);
  if (cls) { e.className = cls; }
  if (text !== undefined && text !== null) { e.textContent = String(text); }
  return e;
}

function basemapSafeUrl(u) {
  "use strict";
  return (typeof u === "string" && /^https?:\/\/[^\s]+$/i.test(u)) ? u : null;
}

/* "2005-11 (month, approximate)": a date as written, with its precision. */
function basemapDateText(d) {
  "use strict";
  if (d === null || d === undefined) { return null; }
  var PRECISION = {4: "year", 7: "month", 10: "day"};
  var q = d.slice(-1), bare = d, notes = [];
  if (q === "~" || q === "?") { bare = d.slice(0, -1); }
  notes.push(PRECISION[bare.length] || "");
  if (q === "~") { notes.push("approximate"); }
  if (q === "?") { notes.push("uncertain"); }
  return d + " (" + notes.join(", ") + ")";
}

function basemapRow(parent, label, value) {
  "use strict";
  if (value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0)) { return; }
  var p = basemapEl("p", "basemap-row");
  p.appendChild(basemapEl("strong", null, label + ": "));
  p.appendChild(document.createTextNode(Array.isArray(value) ? value.join("; ") : String(value)));
  parent.appendChild(p);
}

/* One source: a public reference (title, publisher, date, link) or a seed
 * document, cited by its bibliographic reference (`cite`, resolved by
 * basemap.render from geodata/seeds.json), with its quote. */
function basemapSourceItem(s) {
  "use strict";
  var el = basemapEl, li = el("li");
  if (s.seed) {
    li.appendChild(el("cite", null, s.cite || "Source document"));
    li.appendChild(document.createTextNode(": "));
    li.appendChild(el("q", null, s.quote));
    return li;
  }
  var url = basemapSafeUrl(s.url);
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

function basemapSources(parent, sources) {
  "use strict";
  parent.appendChild(basemapEl("h5", null, "Sources"));
  var ol = basemapEl("ol", "basemap-sources");
  (sources || []).forEach(function (s) { ol.appendChild(basemapSourceItem(s)); });
  parent.appendChild(ol);
}

/* A site's details (notes, personnel, equipment, units, every source of
 * each period; basemap.render.details), read when its first popup opens.
 * A single page carries them in #basemap-details, parsed then; an
 * export's pages find them in shared files (opts.details: {href, chunks}),
 * each a classic script that hands its part to basemapDetailsChunk, so it
 * loads from file:// offline too. The file of a site is
 * basemapChunkOf(site): the number basemap.render.details.chunk_of gives. */
var basemapDetailsStore = {inline: null, chunks: {}, waiting: {}, failed: {}};

function basemapChunkOf(site, chunks) {
  "use strict";
  var h = 0x811c9dc5;  // FNV-1a, 32 bits, over UTF-16 code units
  for (var i = 0; i < site.length; i++) {
    h = Math.imul(h ^ site.charCodeAt(i), 0x01000193) >>> 0;
  }
  return h % chunks;
}

function basemapDetailsChunk(n, data) {
  "use strict";
  var st = basemapDetailsStore, waiting = st.waiting[n] || [];
  st.chunks[n] = data;
  delete st.waiting[n];
  waiting.forEach(function (cb) { cb(data); });
}

/* The file that holds a site's details, relative to the page (null: the
 * page carries them, or the option is not a plain relative folder). */
function basemapDetailsFile(site, where) {
  "use strict";
  if (!where || typeof where.href !== "string" || !/^[\w.\/-]*\/$/.test(where.href) ||
      where.href.charAt(0) === "/" || !(where.chunks >= 1)) { return null; }
  var n = basemapChunkOf(site, where.chunks), name = String(n);
  while (name.length < Math.max(2, String(where.chunks - 1).length)) { name = "0" + name; }
  return {n: n, src: where.href + name + ".js"};
}

/* Calls done(the details of p's periods by id), or done(null, file) when
 * its file does not load; at once when they are at hand. */
function basemapDetailsOf(p, opts, done) {
  "use strict";
  var st = basemapDetailsStore, key = p.site + "/" + p.operator;
  var file = basemapDetailsFile(p.site, opts.details);
  if (!file) {
    if (st.inline === null) {
      var block = document.getElementById("basemap-details");
      st.inline = block ? JSON.parse(block.textContent) : {};
    }
    done(st.inline[key] || {});
    return;
  }
  if (st.chunks[file.n]) { done(st.chunks[file.n][key] || {}); return; }
  if (st.failed[file.n]) { done(null, file.src); return; }
  var first = !st.waiting[file.n];
  (st.waiting[file.n] = st.waiting[file.n] || []).push(function (data) {
    if (data) { done(data[key] || {}); } else { done(null, file.src); }
  });
  if (!first) { return; }
  var script = document.createElement("script");
  script.src = file.src;
  script.onerror = function () {
    var waiting = st.waiting[file.n] || [];
    delete st.waiting[file.n];
    st.failed[file.n] = true;  // said once, not asked again on every redraw
    script.remove();
    waiting.forEach(function (cb) { cb(null); });
  };
  document.head.appendChild(script);
}

/* A period's details, in the order a popup has always shown them. */
function basemapPeriodDetails(parent, d) {
  "use strict";
  var row = basemapRow;
  row(parent, "Personnel", (d.personnel || []).map(function (x) {
    return x.value + " (" + x.date + (x.source ? ", " + x.source : "") + ")";
  }));
  row(parent, "Equipment", d.equipment);
  row(parent, "Units", d.units);
  row(parent, "Notes", d.notes);
  basemapSources(parent, d.sources);
}

/* The popup of a site and operator: who, where, status, every period, and
 * each period's details and sources (filled in as soon as they are read:
 * then filled() is called if they came later, to fit the popup again). */
function basemapPopup(p, opts, whenPhrase, filled) {
  "use strict";
  var el = basemapEl, dateText = basemapDateText, row = basemapRow;
  var root = el("div", "basemap-popup");
  root.appendChild(el("h3", null, p.name));
  root.appendChild(el("p", "basemap-meta",
    p.operator_name + " (" + p.operator + ") in " +
    (p.territory ? p.territory + ", " + p.host_state : p.host_name) + " (" + p.host + "), " + p.kind));
  var standing = p.status !== "base" && opts.status_words && opts.status_words[p.status];
  root.appendChild(el("p", "basemap-status", opts.status_text[p.presence] +
    (standing ? " (" + standing + ")" : "") +
    (p.change_text ? "; " + p.change_text + " " + whenPhrase : "")));
  var slots = [];
  p.periods.forEach(function (per) {
    var sec = el("section", "basemap-period");
    var end = per.end === null ? "present (as of " + opts.as_of + ")" : dateText(per.end);
    sec.appendChild(el("h4", null, per.name + ": " + dateText(per.start) + " to " + end));
    row(sec, "Also called", per.aliases);
    var slot = el("p", "basemap-row basemap-loading", "Reading the sources\u2026");
    sec.appendChild(slot);
    slots.push([slot, per]);
    root.appendChild(sec);
  });
  var located = el("p", "basemap-row");
  var last = p.periods[p.periods.length - 1];
  var later = false;
  basemapDetailsOf(p, opts, function (details, missing) {
    slots.forEach(function (s) {
      var slot = s[0], per = s[1], part = document.createDocumentFragment();
      if (details) {
        basemapPeriodDetails(part, details[per.id] || per);
      } else {
        part.appendChild(el("p", "basemap-row basemap-missing", "The notes and sources are in " +
          missing + " beside this page, which could not be read: keep the export's folders together."));
      }
      slot.parentNode.replaceChild(part, slot);
    });
    // how the location is known: the last period's note (in the details)
    var note = p.location_note || (details && last && (details[last.id] || {}).location_note);
    var lines = basemapEl("div");
    row(lines, "Location", (p.location_precision || "unstated") + (note ? ": " + note : ""));
    if (located.parentNode) { located.parentNode.replaceChild(lines.firstChild, located); }
    else { located = lines.firstChild; }
    if (later && filled) { filled(); }
  });
  later = true;
  root.appendChild(located);
  if (p.area_km2) {  // geodesic, from the outline drawn (basemap.areas)
    row(root, "Area", "about " + p.area_km2.toLocaleString("en") + " km\u00b2, the outline drawn");
  }
  basemapReach(root, p, opts);
  if (opts.site_href) {  // the site's own page (an export's sites/)
    var more = el("p", "basemap-more"), a = el("a", null, "The whole history of this site \u2192");
    a.href = opts.site_href.replace("{site}", encodeURIComponent(p.site));
    more.appendChild(a);
    root.appendChild(more);
  }
  return root;
}

/* The popup of an event: what, when, where, who, sources. */
function basemapEventPopup(e, names, whenPhrase) {
  "use strict";
  var el = basemapEl, row = basemapRow;
  var root = el("div", "basemap-popup");
  root.appendChild(el("h3", null, e.title));
  var span = e.end ? basemapDateText(e.date) + " to " + basemapDateText(e.end) : basemapDateText(e.date);
  root.appendChild(el("p", "basemap-meta", span + (e.kind ? ", " + e.kind : "")));
  if (e.presence === "uncertain") {
    root.appendChild(el("p", "basemap-status", "The date is too imprecise to be sure it fell " + whenPhrase));
  }
  row(root, "What happened", e.description);
  row(root, "Where", e.place ? e.place.name + (e.host ? " (" + (names[e.host] || e.host) + ")" : "") : null);
  row(root, "States", (e.countries || []).map(function (c) { return names[c] || c; }));
  row(root, "Notes", e.notes);
  basemapSources(root, e.sources);
  if (e.location_precision) {
    row(root, "Location", e.location_precision + (e.location_note ? ": " + e.location_note : ""));
  }
  return root;
}

/* Distances along the geodesic (basemap.geodesy, pyproj): to the nearest
 * capital and land border, to any other site on the map (a measuring
 * tool), and the site's documented reach as a range ring. */
function basemapReach(root, p, opts) {
  "use strict";
  var el = basemapEl, d = p.distances;
  if (d) {
    basemapRow(root, "Distances", d.capital_km.toFixed(1) + " km to " + d.capital + " (nearest capital)" +
      (d.border_km === null || d.border_km === undefined ? "" :
        "; " + d.border_km.toFixed(1) + " km to the nearest land border"));
  }
  var m = p.measure, i = m ? m.sites.indexOf(p.site) : -1;
  if (i >= 0 && m.sites.length > 1) {
    var line = el("p", "basemap-row basemap-measure"), label = el("label");
    label.appendChild(el("strong", null, "Distance to: "));
    var pick = el("select"), out = el("output");
    pick.appendChild(el("option", null, "another site\u2026"));
    m.sites.forEach(function (s, j) {
      if (j === i) { return; }
      var o = el("option", null, (m.names && m.names[j]) || s);
      o.value = String(j);
      pick.appendChild(o);
    });
    pick.addEventListener("change", function () {
      var j = Number(pick.value);
      out.textContent = isNaN(j) ? "" : " " + m.km[i][j] + " km along the geodesic";
    });
    label.appendChild(pick);
    line.appendChild(label);
    line.appendChild(out);
    root.appendChild(line);
  }
  if (p.ring && opts.showRing) {
    var r = p.ring, box = el("p", "basemap-row"), lab = el("label"), cb = el("input");
    cb.type = "checkbox";
    cb.addEventListener("change", function () { opts.showRing(p, cb.checked); });
    lab.appendChild(cb);
    lab.appendChild(document.createTextNode(" Show its reach: " + r.km + " km, " + r.what));
    box.appendChild(lab);
    root.appendChild(box);
    var origin = r.source || {};
    var cite = el("p", "basemap-row basemap-ring-source");
    cite.appendChild(document.createTextNode("Reach from: "));
    var li = basemapSourceItem(origin);
    while (li.firstChild) { cite.appendChild(li.firstChild); }
    root.appendChild(cite);
  }
}
