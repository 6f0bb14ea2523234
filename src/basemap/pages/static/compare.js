/* basemap compare: two yearly maps, side by side or as a swipe.
 *
 * Inlined into the comparison page by basemap.pages.compare. The two maps are the
 * yearly map pages themselves, in iframes (srcdoc in the single file, src in
 * an export); they speak to this page only by postMessage (bridge.js in each
 * map): this page says "hello", sends the marks of the pair and the view to
 * keep in step; a map answers "ready" and reports its view when it moves.
 * Every message is checked (shape, types, sender) and text is only ever set
 * as text. The address keeps the pair and the layout:
 * #before=2004&after=2010&layout=swipe.
 */
(function () {
  "use strict";
  var CHANNEL = "basemap-compare";
  var root = document.getElementById("basemap-compare");
  if (!root) { return; }
  var data = JSON.parse(document.getElementById("basemap-compare-data").textContent);
  var years = data.years, marks = data.marks;
  var stage = document.getElementById("cmp-stage");
  var handle = document.getElementById("cmp-handle");
  var state = {before: data.before, after: data.after, layout: data.layout, swipe: 50};
  var panes = {};
  var leader = null;  // the pane the reader moved last: its view is kept

  ["before", "after"].forEach(function (side) {
    var frame = document.getElementById("cmp-frame-" + side);
    // sent: views sent to it; asked: that count at each "where" unanswered
    panes[side] = {side: side, frame: frame, ready: false, marked: false, view: null, year: null,
                   sent: 0, asked: []};
    frame.addEventListener("load", function () { hello(panes[side]); });
  });

  function post(pane, msg) {
    var win = pane.frame.contentWindow;
    msg.channel = CHANNEL;
    // "*": a file: page or a srcdoc frame has an opaque origin; the
    // messages hold only years, keys, words and a view
    if (win) { win.postMessage(msg, "*"); }
  }
  function hello(pane) {
    pane.ready = false;
    pane.marked = false;
    pane.asked = [];  // a new page: the old one's answers never come
    setReady();
    post(pane, {type: "hello"});
  }
  function other(pane) { return pane === panes.before ? panes.after : panes.before; }

  /* Views: [lat, lng] and zoom, all finite numbers. */
  function isView(msg) {
    return Array.isArray(msg.center) && msg.center.length === 2 &&
      msg.center.every(function (v) { return typeof v === "number" && isFinite(v); }) &&
      typeof msg.zoom === "number" && isFinite(msg.zoom);
  }
  /* The same view, to the pixel (a map rounds its centre to whole pixels,
   * so a view set is read back up to a pixel off). */
  function sameView(a, b) {
    if (!a || !b || Math.abs(a.zoom - b.zoom) > 1e-6) { return false; }
    var pixel = 360 / (256 * Math.pow(2, a.zoom));
    return Math.abs(a.center[0] - b.center[0]) < pixel && Math.abs(a.center[1] - b.center[1]) < pixel;
  }
  /* Every second each map is asked where it is: one that moved without a
   * word (a late animation or resize on a loaded machine can slip past its
   * bridge) is taken as moved, and the other follows: the two are never
   * left apart. Not while the page is hidden. */
  window.setInterval(function () {
    if (document.hidden) { return; }
    [panes.before, panes.after].forEach(function (p) {
      if (p.ready) { p.asked.push(p.sent); post(p, {type: "where"}); }
    });
  }, 1000);
  function sendView(pane, view) {
    if (!pane.ready || sameView(pane.view, view)) { return; }
    pane.view = {center: view.center.slice(), zoom: view.zoom};
    pane.sent++;
    post(pane, {type: "view", center: view.center, zoom: view.zoom});
  }

  window.addEventListener("message", function (ev) {
    var msg = ev.data, pane = null;
    ["before", "after"].forEach(function (side) {
      if (ev.source && ev.source === panes[side].frame.contentWindow) { pane = panes[side]; }
    });
    if (!pane || !msg || typeof msg !== "object" || msg.channel !== CHANNEL ||
        typeof msg.type !== "string") { return; }
    if (msg.type === "ready" && isView(msg)) {
      pane.ready = true;
      pane.view = {center: msg.center, zoom: msg.zoom};
      sendMarks(pane);
      // a map (re)loaded after the reader moved the other: in step with it
      // (at first the earlier map leads: both open on the same view)
      var lead = leader && leader !== pane && leader.ready ? leader : null;
      if (lead) { sendView(pane, lead.view); }
      else if (pane === panes.after && panes.before.ready) { sendView(pane, panes.before.view); }
      else if (pane === panes.before && panes.after.ready) { sendView(panes.after, pane.view); }
    } else if ((msg.type === "view" || msg.type === "where") && isView(msg) && pane.ready) {
      // an answer older than the last view sent to it says where it was
      if (msg.type === "where" && pane.asked.shift() !== pane.sent) { return; }
      if (sameView(pane.view, msg)) { return; }  // where it was put, near enough
      pane.view = {center: msg.center, zoom: msg.zoom};
      leader = pane;
      sendView(other(pane), pane.view);
    } else if (msg.type === "marked" && Array.isArray(msg.keys)) {
      pane.marked = true;
      pane.frame.setAttribute("data-marked", String(msg.keys.length));
      setReady();
    }
  });

  /* The changes of a pair, decoded: {site, operator, operator_name, name,
   * change, mark, map} in the order of basemap.selection.changes.compare_years. */
  function changes(before, after) {
    var list = data.pairs[before + "-" + after] || [];
    return list.map(function (i) {
      var r = data.rows[i], op = data.operators[r[1]];
      return {site: data.sites[r[0]], operator: op[0], operator_name: op[1],
              name: data.strings[r[2]], change: data.strings[r[3]],
              mark: marks[r[4]], map: r[5] ? "after" : "before"};
    });
  }
  var NOTES = {opened: "opened since ", changed: "changed since ", closed: "closed by "};
  function sendMarks(pane) {
    var list = [];
    changes(state.before, state.after).forEach(function (c) {
      if (c.map !== pane.side) { return; }
      var note = NOTES[c.mark] + (c.mark === "closed" ? state.after : state.before) + ": " + c.change;
      list.push([c.site + "/" + c.operator, c.mark, note]);
    });
    post(pane, {type: "mark", marks: list});
  }

  function setReady() {
    var ok = panes.before.ready && panes.after.ready && panes.before.marked && panes.after.marked;
    if (ok) { root.setAttribute("data-basemap-ready", "true"); }
    else { root.removeAttribute("data-basemap-ready"); }
  }

  /* The table under the maps, built with DOM methods (text as text). */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function siteLink(site) {
    return data.site_href ? data.site_href.replace("{site}", encodeURIComponent(site)) : null;
  }
  /* "Show": both maps centred on the site, on the map it is ringed on. */
  function showButton(c) {
    var b = el("button", "cmp-show", "Show");
    b.type = "button";
    b.setAttribute("aria-label", "Show " + c.name + " on the " + state[c.map] + " map");
    b.addEventListener("click", function () {
      var pane = panes[c.map];
      if (!pane.ready) { return; }
      leader = pane;
      post(pane, {type: "focus", key: c.site + "/" + c.operator});
      if (stage.getBoundingClientRect().top < 0) { stage.scrollIntoView({block: "start"}); }
    });
    return b;
  }
  function drawTable() {
    var rows = changes(state.before, state.after);
    var body = document.getElementById("cmp-rows");
    while (body.firstChild) { body.removeChild(body.firstChild); }
    rows.forEach(function (c) {
      var tr = el("tr", "cmp-row-" + c.mark);
      tr.setAttribute("data-compare-key", c.site + "/" + c.operator);
      tr.appendChild(el("td", null, state.before + " \u2192 " + state.after));
      var td = el("td"), href = siteLink(c.site);
      if (href) { var a = el("a", null, c.name); a.href = href; td.appendChild(a); }
      else { td.appendChild(document.createTextNode(c.name)); }
      td.appendChild(showButton(c));
      tr.appendChild(td);
      tr.appendChild(el("td", null, c.operator_name));
      var change = el("td");
      var ring = el("span", "cmp-ring cmp-ring-" + c.mark);
      ring.setAttribute("aria-hidden", "true");
      change.appendChild(ring);
      change.appendChild(document.createTextNode(" " + c.change));
      tr.appendChild(change);
      body.appendChild(tr);
    });
    document.getElementById("cmp-changes-title").textContent =
      rows.length + (rows.length === 1 ? " change" : " changes") + " between " +
      state.before + " and " + state.after;
    document.getElementById("cmp-none").hidden = rows.length > 0;
  }
  function drawYears() {
    document.getElementById("cmp-years").textContent = state.before + " \u2192 " + state.after;
    Array.prototype.forEach.call(root.querySelectorAll("[data-cmp]"), function (e) {
      e.textContent = String(state[e.getAttribute("data-cmp")]);
    });
    ["before", "after"].forEach(function (side) {
      var f = panes[side].frame;
      f.title = "Map of " + state[side];
      f.parentNode.setAttribute("aria-label", "Map of " + state[side]);
    });
    handle.setAttribute("aria-label", "Swipe line: " + state.before + " to the left, " +
                        state.after + " to the right");
    document.title = document.title.replace(/\d{4} and \d{4} compared$/,
                                            state.before + " and " + state.after + " compared");
  }

  /* Years: in an export, the reader picks both; each map follows. */
  var pick = {before: document.getElementById("cmp-before"), after: document.getElementById("cmp-after")};
  function syncSelects() {
    if (!pick.before) { return; }
    pick.before.value = String(state.before);
    pick.after.value = String(state.after);
    Array.prototype.forEach.call(pick.before.options, function (o) { o.disabled = +o.value >= state.after; });
    Array.prototype.forEach.call(pick.after.options, function (o) { o.disabled = +o.value <= state.before; });
  }
  function setPair(before, after) {
    var changed = [];
    if (before !== state.before) { changed.push("before"); }
    if (after !== state.after) { changed.push("after"); }
    state.before = before;
    state.after = after;
    drawYears();
    drawTable();
    syncSelects();
    ["before", "after"].forEach(function (side) {
      var p = panes[side];
      if (changed.indexOf(side) >= 0 && data.map_href) {
        p.ready = false;
        p.marked = false;
        p.frame.src = data.map_href.replace("{year}", String(state[side]));
      } else if (p.ready) {
        p.marked = false;
        sendMarks(p);  // the same map, the marks of the new pair
      }
    });
    setReady();
  }
  if (pick.before) {
    pick.before.addEventListener("change", function () {
      var b = +pick.before.value, a = state.after;
      if (b >= a) { a = years[Math.min(years.indexOf(b) + 1, years.length - 1)]; }
      if (b < a) { setPair(b, a); writeHash(); }
    });
    pick.after.addEventListener("change", function () {
      var a = +pick.after.value, b = state.before;
      if (a <= b) { b = years[Math.max(years.indexOf(a) - 1, 0)]; }
      if (b < a) { setPair(b, a); writeHash(); }
    });
  }

  /* Layout: side by side (stacked on a phone) or a swipe. */
  function setLayout(layout) {
    state.layout = layout === "swipe" ? "swipe" : "side";
    root.classList.toggle("basemap-compare-swipe", state.layout === "swipe");
    root.classList.toggle("basemap-compare-side", state.layout === "side");
    Array.prototype.forEach.call(root.querySelectorAll("[data-layout]"), function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-layout") === state.layout));
    });
    handle.hidden = state.layout !== "swipe";
    setSwipe(state.swipe);
    // the maps change size: once they settle, the one moved last leads
    if (leader) { window.setTimeout(function () { if (leader) { sendView(other(leader), leader.view); } }, 250); }
  }
  Array.prototype.forEach.call(root.querySelectorAll("[data-layout]"), function (b) {
    b.addEventListener("click", function () { setLayout(b.getAttribute("data-layout")); writeHash(); });
  });

  /* The swipe line: dragged (mouse, pen, touch) or moved with the keys. */
  function setSwipe(pct) {
    state.swipe = Math.max(0, Math.min(100, pct));
    var v = Math.round(state.swipe * 10) / 10;
    panes.after.frame.parentNode.style.clipPath =
      state.layout === "swipe" ? "inset(0 0 0 " + v + "%)" : "";
    handle.style.left = v + "%";
    handle.setAttribute("aria-valuenow", String(Math.round(v)));
    handle.setAttribute("aria-valuetext", Math.round(v) + "% of the width shows " + state.before);
  }
  function fromPointer(ev) {
    var box = stage.getBoundingClientRect();
    setSwipe(100 * (ev.clientX - box.left) / box.width);
  }
  var dragging = false;
  handle.addEventListener("pointerdown", function (ev) {
    dragging = true;
    handle.setPointerCapture(ev.pointerId);
    handle.classList.add("cmp-dragging");
    stage.classList.add("cmp-dragging");  // the frames let the pointer through
    ev.preventDefault();
  });
  handle.addEventListener("pointermove", function (ev) { if (dragging) { fromPointer(ev); } });
  function stop() {
    dragging = false;
    handle.classList.remove("cmp-dragging");
    stage.classList.remove("cmp-dragging");
  }
  handle.addEventListener("pointerup", stop);
  handle.addEventListener("pointercancel", stop);
  handle.addEventListener("keydown", function (ev) {
    var step = {ArrowLeft: -2, ArrowDown: -2, ArrowRight: 2, ArrowUp: 2, PageDown: -10, PageUp: 10}[ev.key];
    if (ev.key === "Home") { setSwipe(0); }
    else if (ev.key === "End") { setSwipe(100); }
    else if (step) { setSwipe(state.swipe + (ev.shiftKey ? step / 2 : step)); }
    else { return; }
    ev.preventDefault();
  });

  /* The address: #before=YYYY&after=YYYY&layout=side|swipe. */
  function readHash() {
    var out = {};
    location.hash.replace(/^#+/, "").split("&").forEach(function (part) {
      var kv = part.split("=");
      if (kv.length !== 2) { return; }
      try {  // a malformed escape ("%") is dropped, as any value not understood
        out[decodeURIComponent(kv[0])] = decodeURIComponent(kv[1]);
      } catch (e) { /* URIError */ }
    });
    var b = /^\d{1,4}$/.test(out.before || "") ? +out.before : null;
    var a = /^\d{1,4}$/.test(out.after || "") ? +out.after : null;
    if (b === null || years.indexOf(b) < 0) { b = null; }
    if (a === null || years.indexOf(a) < 0) { a = null; }
    if (b !== null && a !== null && b > a) { var t = a; a = b; b = t; }
    if (b !== null && a !== null && b === a) { a = null; }
    if (b === null && a === null) { b = data.before; a = data.after; }
    else if (b === null) { b = a > years[0] ? (a > data.before ? data.before : years[0]) : null; }
    else if (a === null) { a = b < data.after ? data.after : null; }
    if (b === null || a === null || b >= a) { b = data.before; a = data.after; }
    return {before: b, after: a, layout: out.layout === "swipe" || out.layout === "side" ? out.layout : null};
  }
  function writeHash() {
    var h = "#before=" + state.before + "&after=" + state.after + "&layout=" + state.layout;
    if (location.hash !== h) { history.replaceState(null, "", h); }
  }
  function applyHash() {
    var h = readHash();
    if (h.before !== state.before || h.after !== state.after) { setPair(h.before, h.after); }
    setLayout(h.layout || state.layout);
  }
  window.addEventListener("hashchange", function () { applyHash(); writeHash(); });

  var start = readHash();
  if (data.map_href && (start.before !== state.before || start.after !== state.after)) {
    setPair(start.before, start.after);
  } else {
    drawTable();
    syncSelects();
  }
  setLayout(start.layout || state.layout);
  if (location.hash) { writeHash(); }
  // frames that loaded before this script ran had no listener: greet them
  ["before", "after"].forEach(function (side) { hello(panes[side]); });
}());
