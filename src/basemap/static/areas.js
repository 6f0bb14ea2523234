/* basemap areas: the extent of a site that is an area (a range, a lease),
 * drawn under its marker. Called by basemap.js; filled in by the areas work. */
function basemapAreas(map, opts) {
  "use strict";
  return {draw: function (features) { return features; }};
}
