"""Figures: pages drawn as PNG, PDF, SVG and GIF by a headless Chromium.

A figure is a map page in its figure layout, drawn by the browser so that a
site is placed, coloured and named the same way on screen and in print
(:mod:`.draw`); :mod:`.browser` finds and starts the browser,
:mod:`.images` makes thumbnails, the GIF and dated PDFs, and :mod:`.charts`
draws the presence chart's SVG as PNG and PDF.

>>> from basemap.figures import render_figures
>>> callable(render_figures)
True
"""

from __future__ import annotations

from .draw import FORMATS, PRESETS, figure_size, render_figures

__all__ = ["FORMATS", "PRESETS", "figure_size", "render_figures"]
