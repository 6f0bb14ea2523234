"""Style: what each selected row looks like, in colours, symbols and words.

The third stage. :mod:`.palette` holds the colours (distinct for every
colour-vision deficiency); :mod:`.symbols` gives each row its colour,
symbol and label, and the legend. Every page and figure draws from these
styled rows, so a site looks the same everywhere.
"""

from __future__ import annotations

from .symbols import legend_entries, style

__all__ = ["legend_entries", "style"]
