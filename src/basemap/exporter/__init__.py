"""Export: every year at once, incrementally, into one folder basemap owns.

:mod:`.run` is :func:`basemap.export`: it plans (:mod:`.plan`), takes the
folder's lock and manifest (:mod:`.manifest`, :mod:`.statcache`), writes the
maps, the timeline and the site pages (:mod:`.maps`) while the browser draws
the figures (:mod:`.drawing`), then the gallery, the embed snippets and
``changes.csv`` (:mod:`.gallery`). :mod:`.job` is what the steps share.
"""

from __future__ import annotations

from .job import ExportResult
from .run import FORMATS, export

__all__ = ["FORMATS", "ExportResult", "export"]
