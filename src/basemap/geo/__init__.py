"""Geometry on the WGS84 ellipsoid that every stage shares.

Geodesic distances and range rings (:mod:`.geodesy`), distances to a land
border (:mod:`.borders`), sites that are areas (:mod:`.areas`) and the base
map's names (:mod:`.places`). It knows nothing of layers or pages: it is the
ground floor the validation and the maps stand on.
"""

__all__: list[str] = []
