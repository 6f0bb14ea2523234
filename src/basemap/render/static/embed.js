/* basemap embed: a map in an article's iframe.
 *
 * Inlined before basemap.js (basemap.render.elements.BasemapLayers), which
 * calls basemapEmbed(view, hint) once; null when the page is not framed.
 * In a frame the page is an embed (basemap-embed on the body):
 *
 * - no zoom buttons, layer control, search box, filters or links to other
 *   years (basemap.css): the article's reader sees a map, its key and its
 *   list, not the tools of the full page;
 * - the wheel scrolls the article, not the map, until the reader clicks
 *   the map (or holds Ctrl/Cmd), with a hint, as the big web maps do;
 * - on a touch screen one finger scrolls the article (the map's
 *   one-finger drag is off, and Leaflet's touch-action lets the browser
 *   scroll), two fingers move and zoom the map; a hint says so;
 * - the page tells the article how tall it wants to be: {channel:
 *   "basemap-embed", type: "height", height} to the parent, whenever its
 *   layout changes, as Pym.js and Datawrapper's embed script do. The snippet
 *   of embed.html listens (checking that the message comes from its own
 *   iframe, on this channel, with a height in bounds) and sets the iframe's
 *   height, and says so ({type: "ask"}): the page then lays its map out at
 *   the height it prefers and nothing scrolls inside the frame. Without
 *   that (a plain iframe of fixed height) the page fits the frame it has
 *   (compose.js). Messages from anything but the parent, or of another
 *   shape, are ignored; nothing from them is ever read as HTML.
 */
function basemapEmbed(view, hint) {
  "use strict";
  if (window.self === window.top && !view.opts.embedded) { return null; }
  var map = view.map, container = map.getContainer(), body = document.body;
  var CHANNEL = "basemap-embed";
  body.classList.add("basemap-embed");
  var follows = false, sent = null;

  /* the wheel (see above) */
  map.scrollWheelZoom.disable();
  var hintTimer = null, active = false;
  function flash(text) {
    hint.textContent = text;
    hint.classList.add("basemap-wheel-hint-on");
    window.clearTimeout(hintTimer);
    hintTimer = window.setTimeout(function () { hint.classList.remove("basemap-wheel-hint-on"); }, 1500);
  }
  map.on("click", function () { if (!active) { active = true; map.scrollWheelZoom.enable(); } });
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
    flash("Use Ctrl + scroll to zoom the map, or click it first");
  }, {passive: false});

  /* touch (see above) */
  var coarse = window.matchMedia && window.matchMedia("(pointer: coarse)").matches;
  if (coarse || (L.Browser.mobile && L.Browser.touch)) {
    map.dragging.disable();
    container.addEventListener("touchmove", function (ev) {
      if (ev.touches && ev.touches.length === 1) { flash("Use two fingers to move the map"); }
    }, {passive: true});
  }

  /* the height (see above) */
  function report() {
    var h = Math.ceil(view.compose.pageHeight());
    if (!(h > 0) || (sent !== null && Math.abs(h - sent) < 2)) { return; }
    sent = h;
    window.parent.postMessage({channel: CHANNEL, type: "height", height: h}, "*");
  }
  window.addEventListener("message", function (ev) {
    var msg = ev.data;
    if (ev.source !== window.parent || !msg || typeof msg !== "object" || msg.channel !== CHANNEL ||
        msg.type !== "ask") { return; }
    var was = follows;
    follows = true;
    sent = null;
    if (!was) { view.refit(); }
    report();
  });
  return {follows: function () { return follows; }, report: report};
}
