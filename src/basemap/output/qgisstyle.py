"""The QGIS style stored in ``layers.gpkg``: its layers animate by themselves.

QGIS reads a layer's default style from the ``layer_styles`` table of its
GeoPackage when it adds the layer (its own table, which GDAL and QGIS
list as no layer). :func:`basemap.output.gpkg.write_gpkg` stores there, for
the points and for the ``areas``, a style (QML) that holds only QGIS's
*Temporal* category, so that adding the file makes both layers temporal,
with the configuration the December 2026 review verified in QGIS 3.22
against ``basemap list`` for every year (``scripts/check_qgis_temporal.py``
checks it again):

* *Start and End Date/Time from Expressions*, start
  :data:`START_EXPRESSION`, end :data:`END_EXPRESSION`, the default limits
  (start included, end excluded). Not the plain ``start``/``end`` fields:
  QGIS 3.22 compares a Date field with the DateTime of a frame's bound as
  text (qgis/QGIS#48946), so a period starting on 1 January would show a
  year early; ``to_datetime()`` compares dates as dates.
* the end is the day after ``end`` (the latest day a period can have
  lasted, included); a NULL ``end`` (still present) is the day after
  ``as_of``, as expression mode has no "NULL: open-ended": the layer's
  temporal range then runs from the earliest start to the day after
  ``as_of``, and so does the Temporal Controller's range, which QGIS sets
  from the layers, so the last frame is the ``as_of`` year.

What a layer's style cannot hold is the Temporal Controller's own
settings, which are the project's: its animated mode and its step (1 hour
unless told). The README gives those two clicks. QGIS applies the style
when a layer is added (Add Layer loads the default style after the
temporal defaults it guesses from the fields); a PyQGIS script that makes
``QgsVectorLayer(uri, name, "ogr")`` gets those defaults over the style,
in QGIS 3.22, and calls ``layer.loadDefaultStyle()`` to apply it.

Examples
--------
>>> qml = temporal_qml()
>>> 'mode="4"' in qml and "to_datetime(&quot;start&quot;)" in qml
True
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

__all__ = [
    "END_EXPRESSION",
    "START_EXPRESSION",
    "STYLE_NAME",
    "temporal_qml",
]

#: The name of the style in ``layer_styles`` (QGIS's Styles > Load Style lists it).
STYLE_NAME = "basemap temporal"
#: When a period starts, for QGIS.
START_EXPRESSION = 'to_datetime("start")'
#: When a period ends, for QGIS (excluded).
END_EXPRESSION = (
    'coalesce(to_datetime("end"), to_datetime("as_of")) + make_interval(days:=1)'
)
# QgsVectorLayerTemporalProperties: ModeFeatureDateTimeStartAndEndFromExpressions,
# and Qgis::VectorTemporalLimitMode::IncludeBeginExcludeEnd
_EXPRESSION_MODE = "4"
_INCLUDE_BEGIN_EXCLUDE_END = "0"


def temporal_qml() -> str:
    """The QML of the style: QGIS's Temporal category only, so that the
    symbols, labels and forms stay QGIS's defaults."""
    root = ET.Element("qgis", {"version": "3.22.0", "styleCategories": "Temporal"})
    temporal = ET.SubElement(
        root,
        "temporal",
        {
            "enabled": "1",
            "mode": _EXPRESSION_MODE,
            "limitMode": _INCLUDE_BEGIN_EXCLUDE_END,
            "accumulate": "0",
            "startField": "start",
            "endField": "end",
            "startExpression": START_EXPRESSION,
            "endExpression": END_EXPRESSION,
            "durationField": "",
            "durationUnit": "min",
            "fixedDuration": "0",
        },
    )
    fixed = ET.SubElement(temporal, "fixedRange")
    ET.SubElement(fixed, "start")
    ET.SubElement(fixed, "end")
    ET.indent(root, space=" ")
    doctype = "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>"
    return f"{doctype}\n{ET.tostring(root, encoding='unicode')}\n"
