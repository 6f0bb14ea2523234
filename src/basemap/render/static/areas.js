/* basemap areas: the outline of a site that is an area (a range, a test
 * site, a lease), drawn under its marker.
 *
 * A feature whose properties carry ``area`` (a GeoJSON Polygon or
 * MultiPolygon: see basemap.areas) is drawn as that outline, in the
 * operator's colour, pale, in a pane of its own under the spokes and the
 * markers; the marker stays at the area's anchor. Former sites' areas are
 * not drawn, nor areas of layers too large to label. An outline carries the
 * marker's ``data-key`` and the class ``basemap-area``, and is not
 * interactive: the marker is what the reader clicks. */
function basemapAreas(map, opts) {
  "use strict";
  map.createPane("basemapAreas").style.zIndex = 380;  // under spokes (395)
  map.getPane("basemapAreas").style.pointerEvents = "none";
  var renderer = L.svg({pane: "basemapAreas"});
  var layer = L.layerGroup().addTo(map);

  function style(p) {
    var uncertain = p.presence === "uncertain" || p.status === "proposed" ||
      p.status === "reported";
    return {
      pane: "basemapAreas", renderer: renderer, interactive: false,
      color: p.color, weight: 1.5, opacity: 0.9,
      fillColor: p.color, fillOpacity: 0.12,
      dashArray: uncertain ? "4 3" : null,
      className: "basemap-area"
    };
  }

  function draw(features) {
    layer.clearLayers();
    if (features.length > opts.label_limit) { return features; }
    features.forEach(function (f) {
      var p = f.properties;
      if (!p.area || p.presence === "former") { return; }
      // the options reach each polygon as it is made (pane, renderer, class)
      var shape = L.geoJSON({type: "Feature", geometry: p.area, properties: {}}, style(p));
      shape.eachLayer(function (l) {
        l.on("add", function () {
          var e = l.getElement && l.getElement();
          if (e) { e.setAttribute("data-key", p.key); }
        });
      });
      layer.addLayer(shape);
    });
    return features;
  }

  return {draw: draw, layer: layer};
}
