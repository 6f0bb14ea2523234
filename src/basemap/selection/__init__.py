"""Select: slice the layers and the context to a year or a day.

The second stage. :mod:`.sites` turns the layers into one row per site and
operator present (or former), with what changed during the year;
:mod:`.context` does the same for events and alliances by the same time
rules; :mod:`.changes` compares two selections (what opened, closed or
changed), the one engine behind the maps' words, the comparison page and
``changes.csv``.
"""

from __future__ import annotations

from .context import select_alliances, select_events
from .sites import data_years, select

__all__ = ["data_years", "select", "select_alliances", "select_events"]
