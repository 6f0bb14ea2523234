"""Render: styled selections as self-contained Leaflet pages.

The fourth stage. :mod:`.page` builds a map or a timeline from folium and
branca elements (:mod:`.elements`, :mod:`.panels`, subclasses only); the
data a page embeds is encoded by :mod:`.encoding`, :mod:`.contextdata` and
:mod:`.timelinedata`; ``static/`` holds the page's own scripts and styles,
inlined so a page opens offline. Importing this package loads nothing
heavy; folium loads when a page is rendered.
"""

__all__: list[str] = []
