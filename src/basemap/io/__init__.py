"""Read and validate: layer files, GIS files and the context, from disk.

The first stage. :mod:`.load` turns paths into checked bytes and strict JSON,
:mod:`.vector` turns GeoPackage, Shapefile, FlatGeobuf and CSV files into the
same FeatureCollections, :mod:`.layers` validates layers into one
GeoDataFrame (one row per period) and :mod:`.context` reads the events and
alliance memberships. Nothing here selects, styles or writes.
"""
