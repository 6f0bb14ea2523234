/* basemap: the map shows its neat frame from top to bottom, never paper.
 *
 * The borders end at a neat frame (basemapFrame, places.js) and paper
 * covers the rest. Fitted to the data, a map could show a band of that
 * paper above or below the frame: a phone's tall map at the zoom that fits
 * the data across its narrow width, or a map whose data lies near the
 * frame's edge. basemapKeepFrame(map, frame, wide) returns
 * keep(fitData, room), called after each fitting (wide() says whether the
 * page is laid out side by side, basemap.js):
 *
 * - on a stacked page (below 760 px: masthead / map / side panel), a map
 *   taller than its frame takes the frame's height (the CSS variable
 *   --basemap-map-height and the class basemap-map-fitted on the body,
 *   basemap.css), and the side panel takes the rest of the page, unless
 *   the data would then need a smaller zoom;
 * - the view is moved north or south, so that the frame covers the map,
 *   as far as the data's room clear of the controls allows (room() says
 *   how far the data may move up and down). A short map whose data needs
 *   its whole height may keep a strip of paper under its scale.
 *
 * fitData() fits the data to the map as it is, and returns false when the
 * map is not laid out yet.
 */
function basemapKeepFrame(map, frame, wide) {
  "use strict";
  var body = document.body, container = map.getContainer();
  var FITTED = "basemap-map-fitted";

  // (a map compose.js sizes is left its height: it frames the core)
  function stacked() {
    return container.parentNode === body && body.classList.contains("basemap-page") &&
      !body.classList.contains("basemap-figure-mode") && !body.classList.contains("basemap-composed") &&
      !wide();
  }
  function setHeight(px) {  // null: the page's own grid
    if (px === null) {
      body.classList.remove(FITTED);
      body.style.removeProperty("--basemap-map-height");
    } else {
      body.style.setProperty("--basemap-map-height", px + "px");
      body.classList.add(FITTED);
    }
    map.invalidateSize({pan: false});
  }
  // the frame's north and south edges, in the map's pixels
  function edges() {
    var lng = map.getCenter().lng;
    return [map.latLngToContainerPoint([frame[3], lng]).y,
            map.latLngToContainerPoint([frame[1], lng]).y];
  }
  // move the view north or south until the frame covers the map, as far
  // as the data's room clear of the controls allows
  function cover(room) {
    var e = edges(), h = map.getSize().y;
    if (e[1] - e[0] < h - 1) { return; }  // it cannot
    var free = room();
    // > 0: paper above, the map's content moves up; < 0: paper below
    var dy = e[0] > 0 ? Math.min(e[0], free[0]) : (e[1] < h ? -Math.min(h - e[1], free[1]) : 0);
    if (Math.abs(dy) >= 0.5) { map.panBy([0, dy], {animate: false}); }
  }

  return function keep(fitData, room) {
    if (body.classList.contains(FITTED)) {  // measured at the page's own height
      setHeight(null);
      if (!fitData()) { return; }
    }
    if (stacked()) {
      var e = edges(), zoom = map.getZoom(), tall = Math.floor(e[1] - e[0]);
      if (tall < map.getSize().y - 1) {
        setHeight(tall);
        fitData();
        if (map.getZoom() !== zoom) {  // the data needs the page's height
          setHeight(null);
          fitData();
        }
      }
    }
    cover(room);
  };
}
