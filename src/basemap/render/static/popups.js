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

/* The popup of a site and operator: who, where, status, every period. */
function basemapPopup(p, opts, whenPhrase) {
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
    basemapSources(sec, per.sources);
    root.appendChild(sec);
  });
  row(root, "Location", (p.location_precision || "unstated") +
    (p.location_note ? ": " + p.location_note : ""));
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
