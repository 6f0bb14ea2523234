"""Write: files written atomically, outputs guarded, GIS files out.

:mod:`.atomic` writes every file through a temporary file renamed into
place; :mod:`.guard` decides what an output may replace (never an input,
never a file basemap did not write); :mod:`.gpkg` writes the layers and a
year's selection as GeoPackage, GeoJSON and CSV; :mod:`.listing` writes a
selection as a text table, CSV or JSON.
"""

from __future__ import annotations

from .atomic import write_map
from .gpkg import write_gpkg
from .listing import write_selection

__all__ = ["write_gpkg", "write_map", "write_selection"]
