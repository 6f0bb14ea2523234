"""The rules a layer, an event or a membership must follow, and their messages.

Every rule and its message lives here; reading files is :mod:`basemap.io`'s
job. A feature is checked one at a time by the :class:`.checker.Checker`
(the schema, :mod:`.rules`, the geometry of :mod:`.geometry`), after a
whole-column screen (:mod:`.screen`, :mod:`.across`, :mod:`.radius`) has
cleared the valid ones in bulk; both give the same messages.
"""

__all__: list[str] = []
