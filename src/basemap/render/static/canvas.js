/* basemap canvas: the markers of large layers (more than
 * opts.canvas_threshold sites): one layer for all the dots of a group, and
 * a renderer that draws each dot as a copy of one picture of its style.
 *
 * Leaflet's L.Canvas draws each circle as a path of its own, filled and
 * stroked: at 50,000 markers, that was half the time until the map was
 * ready, once per redraw (and one path of all the circles of a style is no
 * quicker: the browser then spends the same time rasterising it). This
 * renderer, a subclass by Leaflet's own L.Canvas.extend, keeps Leaflet's
 * walk over the layers (their order, the redraw bounds, the hit tests for
 * clicks and hovers) and draws a dots layer (basemapDots) itself: the
 * first dot of a style (fill, stroke, colours, opacities, weight, dashes,
 * radius) is drawn once, at the screen's pixel ratio, on a small canvas of
 * its own, and every dot of that style is a copy of it (drawImage). The
 * pictures are the circles Leaflet would draw; a copy is placed at the
 * nearest device pixel, so it is as sharp as the original. */
function basemapCanvas(options) {
  "use strict";
  var Sprites = L.Canvas.extend({
    /* A "moveend" that did not move the map (a fit to the frame it already
     * shows, a panBy of nothing) would clear the canvas and draw every dot
     * again: Leaflet's redraw is kept for a view that changed. */
    _update: function () {
      var before = this._bounds, zoom = this._zoom, size = this._map.getSize();
      if (before && !this._map._animatingZoom) {
        L.Renderer.prototype._update.call(this);
        if (this._bounds.equals(before) && this._zoom === zoom && size.equals(this._size || size) &&
            this._container.width) {
          return;
        }
      }
      this._size = size;
      L.Canvas.prototype._update.call(this);
    },

    _updateDots: function (layer) {  // a basemapDots layer: all its dots
      if (!this._drawing || layer._empty()) { return; }
      var xy = layer._xy, styles = layer._styleOf, ctx = this._ctx, pics = [];
      for (var s = 0; s < layer._styles.length; s++) {
        var o = layer._styles[s];
        pics.push(this._sprite(o, Math.max(Math.round(o.radius), 1)));
      }
      for (var i = 0, n = styles.length; i < n; i++) {
        var sprite = pics[styles[i]], ratio = sprite.ratio;
        var x = Math.round((xy[2 * i] - sprite.half) * ratio) / ratio;
        var y = Math.round((xy[2 * i + 1] - sprite.half) * ratio) / ratio;
        ctx.drawImage(sprite.canvas, x, y, sprite.size, sprite.size);
      }
    },

    _sprite: function (o, r) {
      var key = [r, o.fill, o.fillColor || o.color, o.fillOpacity, o.stroke, o.color,
                 o.opacity, o.weight, o.dashArray, o.lineCap, o.lineJoin].join("|");
      var sprites = this._sprites || (this._sprites = {});
      if (sprites[key]) { return sprites[key]; }
      var ratio = window.devicePixelRatio || 1;
      var pad = Math.ceil((o.stroke ? o.weight : 0) / 2) + 1;
      var half = r + pad, size = 2 * half;
      var canvas = document.createElement("canvas");
      canvas.width = canvas.height = Math.ceil(size * ratio);
      var ctx = canvas.getContext("2d");
      ctx.scale(ratio, ratio);
      ctx.beginPath();
      ctx.arc(half, half, r, 0, Math.PI * 2, false);
      var fake = {options: o};  // what Leaflet's _fillStroke reads
      this._fillStroke(ctx, fake);
      sprites[key] = {canvas: canvas, size: size, half: half, ratio: ratio};
      return sprites[key];
    }
  });
  return new Sprites(options);
}

/* The dots of one group (present or former) of a large layer, as one
 * Leaflet path drawn by basemapCanvas's renderer: a layer per marker (an
 * L.CircleMarker, its popup and tooltip bound) took a second to make at
 * 50,000 sites, before anything was drawn.
 *
 * features: the group's GeoJSON points in drawing order (the last on top);
 * options.dotStyle(properties): a circle marker's options for the feature
 * (one object shared by the features of a style). Nothing is made per dot
 * up front but its place (two numbers) and its style's number: a dot's
 * item ({props, latlng, style}) is made when asked for (item(i)). The
 * layer fires "click" and "mousemove" (Leaflet's canvas hit test, by
 * _containsPoint) with the index of the dot under the pointer in
 * ev.basemapIndex; the view opens the popup or names the dot from it.
 * proxies() stand for the dots where the page's tools expect markers
 * (filters.js finds a site, bridge.js rings it, figure.js draws it in an
 * SVG figure): basemapProps, basemapLatLng, basemapStyle, getLatLng,
 * options.radius, getPopup and openPopup. */
function basemapDots(features, options) {
  "use strict";
  var Dots = L.Path.extend({
    initialize: function (list, opts) {
      L.setOptions(this, opts);
      var n = list.length, styles = [], index = new Map();
      this._features = list;
      this._n = n;
      this._lat = new Float64Array(n);
      this._lng = new Float64Array(n);
      this._latlngs = new Array(n);  // made when asked for
      this._styleOf = new Uint16Array(n);
      for (var i = 0; i < n; i++) {
        var c = list[i].geometry.coordinates, st = opts.dotStyle(list[i].properties);
        // as L.latLng(lat, lng) reads them
        this._lat[i] = +c[1];
        this._lng[i] = +c[0];
        var k = index.get(st);
        if (k === undefined) { k = styles.length; index.set(st, k); styles.push(st); }
        this._styleOf[i] = k;
      }
      this._styles = styles;
      this._reach = styles.reduce(function (m, o) {
        return Math.max(m, o.radius + (o.stroke === false ? 0 : (o.weight || 0) / 2));
      }, 1);
    },
    /* The dots' layer points, as map.latLngToLayerPoint places them (the
     * projected point rounded, less the pixel origin), without a LatLng
     * and three Points made for each. */
    _project: function () {
      var map = this._map, crs = map.options.crs, zoom = map.getZoom(), origin = map.getPixelOrigin();
      var n = this._n, lat = this._lat, lng = this._lng, xy = new Float64Array(2 * n);
      var at = {lat: 0, lng: 0};
      var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var i = 0; i < n; i++) {
        at.lat = lat[i]; at.lng = lng[i];
        var q = crs.latLngToPoint(at, zoom);
        var x = Math.round(q.x) - origin.x, y = Math.round(q.y) - origin.y;
        xy[2 * i] = x; xy[2 * i + 1] = y;
        if (x < minX) { minX = x; } if (x > maxX) { maxX = x; }
        if (y < minY) { minY = y; } if (y > maxY) { maxY = y; }
      }
      this._xy = xy;
      var w = this._reach + 1;
      this._pxBounds = n ? L.bounds([minX - w, minY - w], [maxX + w, maxY + w]) : null;
    },
    _update: function () { if (this._map) { this._updatePath(); } },
    _updatePath: function () { this._renderer._updateDots(this); },
    _empty: function () { return !this._n; },
    _containsPoint: function (p) {  // the topmost dot under p, if any
      var xy = this._xy, styles = this._styleOf;
      for (var i = this._n - 1; i >= 0; i--) {
        var o = this._styles[styles[i]], r = o.radius + (o.weight || 0) / 2 + 1;
        var dx = xy[2 * i] - p.x, dy = xy[2 * i + 1] - p.y;
        if (dx * dx + dy * dy <= r * r) { this._hit = i; return true; }
      }
      this._hit = -1;
      return false;
    },
    fire: function (type, data, propagate) {  // the dot under the pointer
      if (data && this._hit !== undefined) { data.basemapIndex = this._hit; }
      return L.Path.prototype.fire.call(this, type, data, propagate);
    },
    size: function () { return this._n; },
    latLng: function (i) {
      return this._latlngs[i] || (this._latlngs[i] = L.latLng(this._lat[i], this._lng[i]));
    },
    /* Dot i: its feature's properties, place and style. */
    item: function (i) {
      return {props: this._features[i].properties, latlng: this.latLng(i), style: this._styles[this._styleOf[i]]};
    },
    getBounds: function () {
      if (!this._n) { return L.latLngBounds([]); }
      var lat = this._lat, lng = this._lng, s = Infinity, w = Infinity, nn = -Infinity, e = -Infinity;
      for (var i = 0; i < this._n; i++) {
        if (lat[i] < s) { s = lat[i]; } if (lat[i] > nn) { nn = lat[i]; }
        if (lng[i] < w) { w = lng[i]; } if (lng[i] > e) { e = lng[i]; }
      }
      return L.latLngBounds([s, w], [nn, e]);
    },
    /* Stand-ins for the dots, where the page's tools expect markers;
     * basemapOpen(i) (set by the view) opens dot i's popup, kept in
     * basemapPopup. */
    proxies: function () {
      var out = new Array(this._n);
      for (var i = 0; i < this._n; i++) { out[i] = this._proxy(i); }
      return out;
    },
    _proxy: function (i) {
      var layer = this, it = this.item(i);
      return {
        basemapProps: it.props, basemapLatLng: it.latlng, basemapDots: layer, basemapStyle: it.style,
        options: {radius: it.style.radius},
        getLatLng: function () { return it.latlng; },
        getElement: function () { return null; },
        getPopup: function () { return layer.basemapPopup || null; },
        openPopup: function () { layer.basemapOpen(i); return this; }
      };
    }
  });
  return new Dots(features, options);
}
