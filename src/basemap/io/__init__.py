"""Read and validate: layer files, GIS files and the context, from disk.

The first stage. :mod:`.load` turns paths into checked bytes and strict JSON,
:mod:`.vector` turns GeoPackage, Shapefile, FlatGeobuf and CSV files into the
same FeatureCollections, :mod:`.layers` validates layers into one
GeoDataFrame (one row per period) and :mod:`.context` reads the events and
alliance memberships. Nothing here selects, styles or writes.
"""

from __future__ import annotations

from .context import Context, read_context, validate_context
from .layers import read_layers, validate_layers
from .vector import read_vector

__all__ = [
    "Context",
    "read_context",
    "read_layers",
    "read_vector",
    "validate_context",
    "validate_layers",
]
