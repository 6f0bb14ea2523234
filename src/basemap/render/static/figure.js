/* basemap figures: the same page, laid out as a figure, and as SVG.
 *
 * basemapFigure.enter(preset) turns the page into a figure: no interactive
 * controls (zoom, layers, links, player), the key and a short source line
 * beside or under the map, the sites named by the same placer as on screen
 * (labels.js). basemap.figures renders it to PNG (a screenshot) and PDF
 * (Chromium's vector PDF, text as text), and asks basemapFigure.svg() for
 * an SVG: the map's own SVG layers (borders, water, markers, spokes,
 * leader lines) copied as they are drawn, and every piece of text on the
 * page as <text>, line by line, where the browser placed it. So the web map
 * and every figure place, colour and name sites by the same rules.
 * basemapFigure.year(year) shows a year of a timeline laid out as a figure,
 * as that year's own figure (the export draws every year from one page).
 */
var basemapFigure = (function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";

  function enter(preset) {
    document.body.classList.add("basemap-figure-mode");
    if (preset) { document.body.setAttribute("data-basemap-figure", preset); }
    layOut();
  }
  // the figure's layout: every panel open (a figure has no toggles; a
  // narrow page's are closed), and each map fitted and labelled anew, until
  // its box holds still: a layout can change what is around the map (the
  // numbered list under it, a year's panels), and with it the map's size,
  // which the page would otherwise lay out again only frames later (a
  // timeline stepped to a year was drawn before that). The list starts
  // anew (nothing held from a year before), then keeps at least its
  // height, so the map only shrinks, and settles (a list that comes and
  // goes with the map's height would swing it for ever)
  function layOut() {
    Array.prototype.forEach.call(document.querySelectorAll(".basemap-context details"), function (d) {
      d.open = true;
    });
    // (from the same start whatever was drawn before: no list)
    var list = document.getElementById("basemap-numbers");
    if (list) { list.hidden = true; list.style.minHeight = ""; }
    (window.basemapViews || []).forEach(function (v) {
      var was = null;
      for (var i = 0; i < 8; i++) {
        v.refit(i > 0);
        var c = v.map.getContainer(), size = v.map.getSize();
        // (settled: the map's box as Leaflet knows it, and a view that a
        // refit leaves as it was; the scale bar, which pads the frame,
        // follows the view)
        var now = [c.clientWidth, c.clientHeight, v.map.getZoom(), v.map.getCenter().lat, v.map.getCenter().lng];
        if (now[0] === size.x && now[1] === size.y && was && now.join() === was.join()) { break; }
        was = now;
      }
    });
  }

  /* A timeline's year (timeline.js: view.showYear), laid out as a figure
   * anew, as enter() lays out a page opened at that year: its sites,
   * labels, key, events (their panels drawn anew, closed on a narrow page)
   * and title are then those of the year's own figure. False when the
   * page holds no timeline, or not that year. */
  function year(y) {
    var shown = false;
    (window.basemapViews || []).forEach(function (v) {
      if (!v.showYear) { return; }
      v.showYear(y);
      shown = v.map.getContainer().getAttribute("data-basemap-year") === String(y);
    });
    if (shown) { layOut(); }
    return shown;
  }

  function num(x) { return String(Math.round(x * 10) / 10); }
  function esc(t) {
    return String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function visible(e) {
    var s = getComputedStyle(e);
    if (s.display === "none" || s.visibility === "hidden" || Number(s.opacity) === 0) { return false; }
    var r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }
  function colour(c) {  // rgb(a) -> #rrggbb and opacity
    var m = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(c || "");
    if (!m) { return null; }
    var hex = "#" + [m[1], m[2], m[3]].map(function (v) {
      return ("0" + Math.round(Number(v)).toString(16)).slice(-2);
    }).join("");
    return {hex: hex, a: m[4] === undefined ? 1 : Number(m[4])};
  }

  /* Each text node as <text> elements, one per line the browser drew. */
  function textOf(node, out) {
    var parent = node.parentElement, text = node.textContent;
    if (!parent || !text.trim() || !visible(parent)) { return; }
    var s = getComputedStyle(parent), c = colour(s.color) || {hex: "#000000", a: 1};
    var transform = s.textTransform, range = document.createRange();
    var words = [], re = /\S+/g, m;
    while ((m = re.exec(text)) !== null) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      var rects = range.getClientRects();
      if (!rects.length) { continue; }
      var r = rects[0];
      words.push({t: m[0], x: r.left, y: r.top, b: r.bottom, w: r.width});
    }
    var lines = [];
    words.forEach(function (w) {
      var line = lines.length ? lines[lines.length - 1] : null;
      if (line && Math.abs(line.y - w.y) < 2) { line.words.push(w); } else { lines.push({y: w.y, words: [w]}); }
    });
    var size = parseFloat(s.fontSize);
    lines.forEach(function (line) {
      var first = line.words[0], last = line.words[line.words.length - 1];
      var content = line.words.map(function (w) { return w.t; }).join(" ");
      if (transform === "uppercase") { content = content.toUpperCase(); }
      // the baseline: the line box's bottom less the font's descent (~0.22 em)
      var base = first.b - size * 0.22 - (first.b - first.y - size * 1.2) / 2;
      out.push('<text x="' + num(first.x) + '" y="' + num(base) + '" font-size="' + num(size) +
        '" font-weight="' + s.fontWeight + '"' +
        (s.fontStyle === "italic" ? ' font-style="italic"' : "") +
        (parseFloat(s.letterSpacing) ? ' letter-spacing="' + num(parseFloat(s.letterSpacing)) + '"' : "") +
        ' textLength="' + num(last.x + last.w - first.x) + '" lengthAdjust="spacingAndGlyphs"' +
        ' fill="' + c.hex + '"' + (c.a < 1 ? ' fill-opacity="' + num(c.a) + '"' : "") +
        (parent.closest(".basemap-label") ? ' class="basemap-label-text" data-keys="' +
          esc(parent.closest(".basemap-label").getAttribute("data-keys")) + '"' : "") +
        ">" + esc(content) + "</text>");
    });
  }

  /* Boxes with a background (labels, badges, swatches, the controls), as
   * the browser draws them: the fill, a uniform border (dashed or dotted
   * as in CSS: the "proposed" ring), a ring drawn by a box-shadow (the
   * key's markers), borders on some sides only (the scale's km and mile
   * bars), and a swatch's letters (its ::after, the ES glyph). */
  function boxOf(e, out) {
    if (!visible(e)) { return; }
    var s = getComputedStyle(e), bg = colour(s.backgroundColor), r = e.getBoundingClientRect();
    var sides = ["Top", "Right", "Bottom", "Left"].map(function (side) {
      var w = s.getPropertyValue("border-" + side.toLowerCase() + "-style") === "none" ? 0 :
        parseFloat(s["border" + side + "Width"]) || 0;
      return {w: w, c: colour(s["border" + side + "Color"]), style: s["border" + side + "Style"]};
    });
    var uniform = sides.every(function (d) { return d.w === sides[0].w && d.style === sides[0].style; });
    var bw = uniform ? sides[0].w : 0, border = sides[0].c;
    var ring = /rgba?\([^)]*\)\s+0px\s+0px\s+0px\s+([\d.]+)px/.exec(s.boxShadow || "");
    var rx = Math.min(parseFloat(s.borderTopLeftRadius) || 0, r.width / 2);
    var opacity = parseFloat(s.opacity);
    var alpha = opacity < 1 ? ' opacity="' + num(opacity) + '"' : "";
    if (ring) {  // a ring outside the box, of the shadow's colour
      var rc = colour(/rgba?\([^)]*\)/.exec(s.boxShadow)[0]), spread = parseFloat(ring[1]);
      if (rc && rc.a) {
        out.push('<rect x="' + num(r.left - spread / 2) + '" y="' + num(r.top - spread / 2) + '" width="' +
          num(r.width + spread) + '" height="' + num(r.height + spread) + '" rx="' + num(rx ? rx + spread / 2 : 0) +
          '" fill="none" stroke="' + rc.hex + '" stroke-width="' + num(spread) + '"' + alpha + "/>");
      }
    }
    if ((bg && bg.a) || (bw && border && border.a)) {
      var dash = sides[0].style === "dashed" ? ' stroke-dasharray="' + num(2 * bw) + " " + num(bw) + '"' :
        sides[0].style === "dotted" ? ' stroke-dasharray="' + num(bw) + " " + num(bw) + '"' : "";
      out.push('<rect x="' + num(r.left + bw / 2) + '" y="' + num(r.top + bw / 2) + '" width="' + num(r.width - bw) +
        '" height="' + num(r.height - bw) + '" rx="' + num(rx) + '"' +
        ' fill="' + (bg && bg.a ? bg.hex : "none") + '"' + (bg && bg.a && bg.a < 1 ? ' fill-opacity="' + num(bg.a) + '"' : "") +
        (bw && border && border.a ? ' stroke="' + border.hex + '" stroke-width="' + num(bw) + '"' + dash : "") + alpha + "/>");
    }
    if (!uniform) {  // each side with a border: a line (the scale's bars)
      var ends = [[r.left, r.top, r.right, r.top], [r.right, r.top, r.right, r.bottom],
                  [r.left, r.bottom, r.right, r.bottom], [r.left, r.top, r.left, r.bottom]];
      sides.forEach(function (d, k) {
        if (!d.w || !d.c || !d.c.a) { return; }
        var inset = [[0, d.w / 2], [-d.w / 2, 0], [0, -d.w / 2], [d.w / 2, 0]][k], q = ends[k];
        out.push('<line x1="' + num(q[0] + inset[0]) + '" y1="' + num(q[1] + inset[1]) + '" x2="' +
          num(q[2] + inset[0]) + '" y2="' + num(q[3] + inset[1]) + '" stroke="' + d.c.hex +
          '" stroke-width="' + num(d.w) + '"/>');
      });
    }
    var after = getComputedStyle(e, "::after"), glyph = e.getAttribute("data-glyph");
    if (glyph && after.content && after.content !== "none") {  // a swatch's letters
      var gc = colour(after.color) || {hex: "#ffffff", a: 1};
      out.push('<text x="' + num(r.left + r.width / 2) + '" y="' + num(r.top + r.height / 2) +
        '" text-anchor="middle" dominant-baseline="central" font-size="' + num(parseFloat(after.fontSize) || 6.5) +
        '" font-weight="700" fill="' + gc.hex + '">' + esc(glyph) + "</text>");
    }
  }

  /* The map's SVG layers, as drawn, moved to page coordinates; a large
   * layer's canvas (canvas.js) as circles, in the canvas's place among them. */
  function layersOf(container, out) {
    // (an inset's layers are drawn with the inset, over the map: insetsOf)
    var panes = Array.prototype.slice.call(container.querySelectorAll("svg, canvas")).filter(function (e) {
      var inset = e.closest(".basemap-inset");
      return !inset || !container.contains(inset) || inset.contains(container);
    });
    panes.sort(function (a, b) { return zOf(a) - zOf(b); });
    panes.forEach(function (svg) {
      if (!visible(svg)) { return; }
      if (svg.tagName.toLowerCase() === "canvas") { dotsOf(container, out); return; }
      // (a layer with nothing drawn in it, left by a year drawn before, is
      // no part of this figure)
      if (!svg.querySelector("path, line, circle, rect, polygon, polyline, ellipse, text")) { return; }
      var r = svg.getBoundingClientRect(), vb = svg.viewBox && svg.viewBox.baseVal;
      var dx = r.left - (vb && vb.width ? vb.x : 0), dy = r.top - (vb && vb.width ? vb.y : 0);
      var copy = svg.cloneNode(true);
      inlineStyles(svg, copy);
      out.push('<g transform="translate(' + num(dx) + " " + num(dy) + ')">' + copy.innerHTML + "</g>");
    });
  }
  /* The dots of a large layer, in the order drawn (the last on top), each
   * a circle in its style; those off the map are left out (clipped). */
  function dotsOf(container, out) {
    var view = (window.basemapViews || []).filter(function (v) {
      return v.map.getContainer() === container;
    })[0];
    if (!view) { return; }
    var box = container.getBoundingClientRect(), parts = [];
    view.markers().forEach(function (m) {
      if (!m.basemapDots || !view.map.hasLayer(m.basemapDots)) { return; }
      var q = view.map.latLngToContainerPoint(m.getLatLng()), o = m.basemapStyle;
      var r = o.radius, reach = r + (o.weight || 0);
      if (q.x < -reach || q.y < -reach || q.x > box.width + reach || q.y > box.height + reach) { return; }
      var alpha = function (a) { return String(Math.round(a * 100) / 100); };
      var fill = o.fill === false ? ' fill="none"' :
        ' fill="' + esc(o.fillColor || o.color) + '" fill-opacity="' + alpha(o.fillOpacity) + '"';
      var stroke = o.stroke === false || !o.weight ? "" :
        ' stroke="' + esc(o.color) + '" stroke-width="' + num(o.weight) + '" stroke-opacity="' +
        alpha(o.opacity) + '"' + (o.dashArray ? ' stroke-dasharray="' + esc(o.dashArray) + '"' : "");
      parts.push('<circle cx="' + num(box.left + q.x) + '" cy="' + num(box.top + q.y) + '" r="' +
                 num(r) + '"' + fill + stroke + "/>");
    });
    out.push('<g class="basemap-dots">' + parts.join("") + "</g>");
  }
  /* Styles that come from stylesheets (classes) become attributes, so the
   * SVG stands alone. */
  var PAINT = ["fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
               "stroke-dasharray", "stroke-linecap", "stroke-linejoin", "opacity"];
  function inlineStyles(from, to) {
    var a = from.querySelectorAll("*"), b = to.querySelectorAll("*");
    for (var i = 0; i < a.length; i++) {
      var s = getComputedStyle(a[i]);
      if (s.display === "none" || s.visibility === "hidden") { b[i].setAttribute("display", "none"); continue; }
      PAINT.forEach(function (name) {
        var v = s.getPropertyValue(name);
        if (!v || v === "none" && name === "stroke-dasharray") { return; }
        var c = colour(v);
        b[i].setAttribute(name, c ? c.hex : v);
        if (c && c.a < 1) { b[i].setAttribute(name === "stroke" ? "stroke-opacity" : "fill-opacity", num(c.a)); }
      });
      b[i].removeAttribute("class");
      b[i].removeAttribute("style");
    }
  }
  function zOf(e) {  // the stacking order of the Leaflet pane holding e
    var pane = e.closest(".leaflet-pane");
    var v = pane ? parseInt(getComputedStyle(pane).zIndex, 10) : 0;
    return isNaN(v) ? 0 : v;
  }

  /* What is drawn over the map in `root` (its boxes and its text), not
   * in an inset inside it. */
  function overOf(root, out) {
    var mine = function (e) {
      var inset = e.closest(".basemap-inset");
      return !inset || !root.contains(inset) || inset === root;
    };
    var over = root.querySelectorAll(".basemap-event-icon, .basemap-label, .basemap-glyph, .basemap-place-mark, " +
      ".leaflet-control-scale-line, .leaflet-control-attribution");
    Array.prototype.forEach.call(over, function (e) { if (mine(e)) { boxOf(e, out); } });
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (var n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest("svg, script, style, .leaflet-control-zoom, .leaflet-control-layers")) { continue; }
      if (mine(n.parentElement)) { textOf(n, out); }
    }
  }
  /* The detail insets (insets.js), over the map, parents before their
   * own insets: each its frame, its layers, boxes and text, clipped to it. */
  function insetsOf(map, out) {
    Array.prototype.forEach.call(map.querySelectorAll(".basemap-inset"), function (inset, i) {
      if (!visible(inset)) { return; }
      var r = inset.getBoundingClientRect(), inner = inset.querySelector(".leaflet-container") || inset;
      out.push('<clipPath id="basemap-inset-clip-' + i + '"><rect x="' + num(r.left) + '" y="' + num(r.top) +
        '" width="' + num(r.width) + '" height="' + num(r.height) + '"/></clipPath>');
      out.push('<g class="basemap-inset" clip-path="url(#basemap-inset-clip-' + i + ')">');
      boxOf(inset, out);
      layersOf(inner, out);
      overOf(inset, out);
      out.push("</g>");
    });
  }

  function svg() {
    var W = document.documentElement.clientWidth, H = document.documentElement.clientHeight;
    var out = [];
    var map = document.querySelector(".folium-map"), m = map.getBoundingClientRect();
    var bg = colour(getComputedStyle(map).backgroundColor);
    out.push('<rect width="' + W + '" height="' + H + '" fill="#ffffff"/>');
    out.push('<clipPath id="basemap-clip"><rect x="' + num(m.left) + '" y="' + num(m.top) + '" width="' +
      num(m.width) + '" height="' + num(m.height) + '"/></clipPath>');
    out.push('<g clip-path="url(#basemap-clip)"><rect x="' + num(m.left) + '" y="' + num(m.top) +
      '" width="' + num(m.width) + '" height="' + num(m.height) + '" fill="' + (bg ? bg.hex : "#EEF3F7") + '"/>');
    layersOf(map, out);
    // boxes and text drawn over the map: badges, glyphs, place names, labels, controls
    overOf(map, out);
    insetsOf(map, out);
    out.push("</g>");
    // the page around the map: masthead, the numbered list, side panel
    Array.prototype.forEach.call(document.querySelectorAll(".basemap-masthead, .basemap-numbers, .basemap-side"),
                                 function (part) {
      if (!visible(part)) { return; }
      Array.prototype.forEach.call(part.querySelectorAll(".basemap-swatch, .basemap-event-n, .basemap-num"), function (e) {
        boxOf(e, out);
      });
      var w = document.createTreeWalker(part, NodeFilter.SHOW_TEXT);
      for (var t = w.nextNode(); t; t = w.nextNode()) {
        if (!t.parentElement.closest(".basemap-visually-hidden")) { textOf(t, out); }  // (for screen readers)
      }
    });
    return '<svg xmlns="' + SVGNS + '" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + " " + H +
      '" font-family="system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif">' +
      "<title>" + esc(document.title) + "</title>" + out.join("") + "</svg>\n";
  }

  return {enter: enter, svg: svg, year: year};
})();
