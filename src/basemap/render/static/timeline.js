/* basemap timeline: every year in one page, with a slider and a player.
 *
 * Needs basemap.js. The data (#basemap-data) holds each site and operator
 * once, with all its periods (by id), each way a feature shows once
 * (meta.rows), and per year the numbers of its rows (meta.frames); a row is
 * [feature index, presence, change, label, label side, period ids,
 *  text, change words, and where the periods shown make them differ from
 *  the feature's, the index of its location, names and outline among the
 *  feature's variants]; each is expanded by basemapExpand, as on a yearly
 * map. The address (filters.js: #year=2005&..., or the old #2005) opens a
 * year, with its filters, view and open site, and follows the reader; the
 * filters hold across years; the arrow keys step; the player steps once a
 * second. The key dims the entries the year shown does not use
 * (opts.key_years). With opts.compare_href, "Compare with" opens the
 * comparison page of the year shown and another (#before=YEAR&after=YEAR).
 * The page's title names the year shown, as that year's own map's does
 * (opts.year_titles), so a print, a bookmark or a figure of it is titled
 * by its year; figure.js draws a year of it as that year's own figure
 * (view.showYear).
 */
function basemapTimeline(map, opts, tiles) {
  "use strict";
  var view = basemapView(map, opts, tiles);
  var data = basemapRead("basemap-data");
  var meta = data.basemap, years = meta.years;
  var context = document.getElementById("basemap-context") ? basemapRead("basemap-context") : null;
  var container = map.getContainer();
  var current = null, timer = null;

  function frame(year) {
    return (meta.frames[String(year)] || []).map(function (k) {
      var s = meta.rows[k];
      var f = data.features[s[0]], base = f.properties;
      // s[8]: the variant of the properties the periods shown give otherwise
      // (a lease's outline, its location, other names)
      var props = L.extend({}, base, {
        presence: s[1], change: s[2], label: s[3], side: s[4], change_text: s[7] || "",
        periods: s[5].map(function (id) { return base.periods[id]; })
      }, s.length > 8 ? base.variants[s[8]] : {});
      var out = basemapExpand({geometry: f.geometry, properties: props}, meta);
      out.text = s[6];
      return out;
    });
  }

  // -- the player control ----------------------------------------------
  var el = view.el;
  var box = el("div", "basemap-player");
  box.setAttribute("role", "group");
  box.setAttribute("aria-label", "Year");
  var prev = el("button", null, "\u25C0"), play = el("button", null, "\u25B6");
  var next = el("button", null, "\u25B6\u25B6");
  prev.title = "Previous year"; next.title = "Next year"; play.title = "Play";
  prev.setAttribute("aria-label", "Previous year");
  next.setAttribute("aria-label", "Next year");
  play.setAttribute("aria-label", "Play");
  var slider = el("input");
  slider.type = "range"; slider.min = 0; slider.max = years.length - 1; slider.step = 1;
  slider.setAttribute("aria-label", "Year");
  var out = el("output");
  [prev, play, next, slider, out].forEach(function (c) { box.appendChild(c); });
  var compareHref = opts.compare_href;
  // a relative link only: no scheme, no root, nothing but a path
  var compare = null;
  if (typeof compareHref === "string" && /^[\w.\/-]+$/.test(compareHref) && compareHref.charAt(0) !== "/") {
    var wrap = el("label", "basemap-compare");
    wrap.appendChild(el("span", null, "Compare with"));
    compare = el("select");
    compare.appendChild(el("option", null, "\u2026"));
    compare.options[0].value = "";
    years.forEach(function (y) {
      var o = el("option", null, String(y));
      o.value = String(y);
      compare.appendChild(o);
    });
    compare.addEventListener("change", function () {
      var y = Number(compare.value);
      if (!compare.value || years.indexOf(y) < 0 || y === current) { compare.value = ""; return; }
      window.location.href = compareHref + "#before=" + Math.min(y, current) + "&after=" + Math.max(y, current);
    });
    wrap.appendChild(compare);
    box.appendChild(wrap);
  }
  // the player sits in the masthead, beside the year, not on the map
  var slot = document.getElementById("basemap-player-slot");
  (slot || document.body).appendChild(box);

  function show(year) {
    var i = years.indexOf(year);
    if (i < 0 || year === current) { return; }
    current = year;
    if (context) {
      view.drawContext(context.years[String(year)] || {events: [], alliances: [], names: {}},
                       String(year));
    }
    var features = frame(year);
    view.draw(features, "in " + year);
    // the key: the entries this year's own map lists (render._key_years)
    var listed = (opts.key_years || {})[String(year)];
    Array.prototype.forEach.call(document.querySelectorAll("#basemap-legend li"), function (li, k) {
      li.classList.toggle("basemap-key-absent", !!listed && listed.indexOf(k) < 0);
    });
    slider.value = i;
    out.textContent = String(year);
    slider.setAttribute("aria-valuetext", String(year));
    var when = document.querySelector(".basemap-title .basemap-when");
    if (when) { when.textContent = String(year); }
    if (compare) {
      Array.prototype.forEach.call(compare.options, function (o) { o.disabled = o.value === String(year); });
    }
    var titled = (opts.year_titles || {})[String(year)];
    if (titled) { document.title = titled; }
    container.setAttribute("data-basemap-year", String(year));
    if (filters) { filters.write(); }
  }
  view.showYear = show;
  // the text alternative lists what is drawn (the filters hold)
  view.onDraw(function (shown) {
    var list = document.getElementById("basemap-text-present");
    if (!list) { return; }
    while (list.firstChild) { list.removeChild(list.firstChild); }
    shown.forEach(function (f) {
      if (f.properties.presence !== "former") { list.appendChild(el("li", null, f.text)); }
    });
  });
  function step(delta) {
    var i = years.indexOf(current) + delta;
    if (i >= 0 && i < years.length) { show(years[i]); return true; }
    return false;
  }
  function stop() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    play.textContent = "\u25B6"; play.title = "Play"; play.setAttribute("aria-label", "Play");
  }
  function start() {
    if (years.indexOf(current) === years.length - 1) { show(years[0]); }
    play.textContent = "\u275A\u275A"; play.title = "Pause"; play.setAttribute("aria-label", "Pause");
    timer = window.setInterval(function () { if (!step(1)) { stop(); } }, opts.interval_ms || 1000);
  }
  prev.addEventListener("click", function () { stop(); step(-1); });
  next.addEventListener("click", function () { stop(); step(1); });
  play.addEventListener("click", function () { if (timer === null) { start(); } else { stop(); } });
  slider.addEventListener("input", function () { stop(); show(years[Number(slider.value)]); });
  document.addEventListener("keydown", function (e) {
    if (e.target === slider || e.altKey || e.ctrlKey || e.metaKey) { return; }
    // inside the map the arrow keys pan it (Leaflet's keyboard handler):
    // they never also change the year
    var t = e.target, typing = t.isContentEditable || /^(SELECT|TEXTAREA)$/.test(t.tagName) ||
      (t.tagName === "INPUT" && !/^(checkbox|radio|button)$/.test(t.type));
    if (container.contains(t) || typing) { return; }
    if (e.key === "ArrowLeft") { stop(); step(-1); e.preventDefault(); }
    if (e.key === "ArrowRight") { stop(); step(1); e.preventDefault(); }
  });

  // filters.js reads and writes the address, the year with the rest
  var catalog = [];
  years.forEach(function (y) {
    catalog = catalog.concat(frame(y).map(function (f) { f.properties.year = y; return f; }));
  });
  var filters = window.basemapFilters ? basemapFilters(view, opts, {
    features: catalog, years: years, show: show, stop: stop,
    year: function () { return current; }
  }) : null;
  var first = filters ? filters.year() : null;
  show(first !== null ? first : (years.indexOf(meta.start) >= 0 ? meta.start : years[0]));
  view.ready();
  return {show: show, play: start, pause: stop};
}
