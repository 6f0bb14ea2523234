"""Words: what each status, change and label says, the one wording for all.

:func:`change_text` words every change wherever it is reported (the map's
labels and popups, ``changes.csv``, the index, ``basemap list``, the
comparison page); :func:`label_text` is the label next to a marker, which
the page derives by the same rule (``basemapLabel`` in
``static/data.js``).

Examples
--------
>>> change_text({"kind": "opened", "status": "proposed"})
'proposed'
>>> label_text("Kant", "RUS", "base", "present", "")
'Kant (RUS)'
"""

from __future__ import annotations

from .codes import state_name

__all__ = [
    "CENTRAL_ASIA",
    "DEFAULT_TITLE",
    "STATUS_WORDS",
    "change_text",
    "change_words",
    "data_title",
    "label_text",
    "label_words",
    "region_name",
    "row_label",
    "worded_label",
]

#: The title of the bundled data's pages (:func:`data_title` of its hosts).
DEFAULT_TITLE = "Foreign military presence in Central Asia"
#: The five states of Central Asia (the United Nations' M49 region "Central
#: Asia"): data hosted only by them is "in Central Asia".
CENTRAL_ASIA = frozenset({"KAZ", "KGZ", "TJK", "TKM", "UZB"})


def region_name(hosts) -> str:
    """Where the sites of the data are, in words, from their host states.

    "Central Asia" for data hosted only there; the host states' names for
    up to three; else how many states.

    >>> region_name(["KGZ", "KAZ"])
    'Central Asia'
    >>> region_name(["SYR"]), region_name(["SYR", "DJI", "VNM"])
    ('Syria', 'Djibouti, Syria and Vietnam')
    >>> region_name(["ARM", "BLR", "GEO", "MDA", "SYR", "VNM"])
    '6 countries'
    """
    codes = sorted(set(hosts))
    if codes and set(codes) <= CENTRAL_ASIA:
        return "Central Asia"
    if not codes:
        return "no country"
    if len(codes) > 3:
        return f"{len(codes)} countries"
    names = sorted(state_name(c) for c in codes)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def data_title(descriptions, hosts) -> str:
    """The title of the pages of some data, when none is given.

    The layers' ``description`` when they share one (the data's own words);
    else "Foreign military presence in" the region of its hosts
    (:func:`region_name`).

    >>> data_title(["Russian bases abroad"], ["SYR"])
    'Russian bases abroad'
    >>> data_title(["French forces in Central Asia", "German forces"], ["UZB"])
    'Foreign military presence in Central Asia'
    >>> data_title([], ["DJI", "SYR"])
    'Foreign military presence in Djibouti and Syria'
    """
    distinct = {d.strip() for d in descriptions if isinstance(d, str) and d.strip()}
    if len(distinct) == 1:
        return distinct.pop()
    return f"Foreign military presence in {region_name(hosts)}"


#: What each status is called wherever it is spelled out (the key, the site
#: pages, the presence chart).
STATUS_WORDS = {
    "base": "base",
    "temporary": "temporary deployment",
    "proposed": "proposed, never realised",
    "reported": "reported, not confirmed",
}

#: What an opening or a closing is called, by the status of the period.
_CHANGE_WORDS = {
    "proposed": {"opened": "proposed", "closed": "dropped"},
    "temporary": {"opened": "arrived", "closed": "left"},
    "reported": {"opened": "reported", "closed": "no longer reported"},
}
_INHERITED = "inherited from the Soviet forces"
#: How a label says it; the popup, the reports and the text alternative say
#: it in full. In the first years every Russian site was inherited, and ten
#: labels of some 60 characters each crowded the map and its lettered list.
_INHERITED_LABEL = "ex-Soviet"
#: The attributes a "changed" reports, in this order.
_ATTRIBUTE_WORDS = {
    "name": "name",
    "label": "short name",
    "kind": "kind",
    "status": "status",
    "personnel": "personnel",
    "equipment": "equipment",
    "units": "units",
    "aliases": "other names",
}


def _attribute_text(attribute: dict) -> str:
    field = _ATTRIBUTE_WORDS.get(attribute["field"], attribute["field"])
    before, after = attribute.get("before"), attribute.get("after")
    if isinstance(before, str | None) and isinstance(after, str | None):
        if before is None:
            return f"{field} {after} (new)"
        if after is None:
            return f"{field} {before} (no longer given)"
        return f"{field} {before} → {after}"
    return field


def change_text(change) -> str:
    """The words for a change, the one wording every report of it uses.

    ``change`` is a change record of a selection row (the ``changes`` of
    :func:`basemap.selection.sites.select`, or of
    :func:`basemap.selection.changes.changes_between`): ``kind`` ("inherited",
    "opened", "changed" or "closed"), ``status`` of the period it concerns,
    ``uncertain`` (True when the date that makes it fall in this year or
    day may fall outside it) and, for "changed", ``attributes`` (field,
    before, after) and ``date``; or a list of them (joined by "and").

    An opening of a proposal says "proposed", its closing "dropped"; of a
    temporary deployment, "arrived" and "left"; a presence that began at or
    before independence (see :data:`basemap.selection.sites.INDEPENDENCE`) was
    "inherited from the Soviet forces". A "changed" says what changed.

    Examples
    --------
    >>> change_text({"kind": "closed", "status": "base"})
    'closed'
    >>> change_text({"kind": "closed", "status": "proposed", "uncertain": True})
    'dropped (date uncertain)'
    >>> change_text([{"kind": "opened", "status": "temporary"},
    ...              {"kind": "closed", "status": "temporary"}])
    'arrived and left'
    >>> change_text([{"kind": "opened", "status": "temporary"},
    ...              {"kind": "closed", "status": "temporary"},
    ...              {"kind": "opened", "status": "temporary"}])
    'arrived, left and arrived'
    >>> change_text({"kind": "inherited", "status": "base", "uncertain": True})
    'inherited from the Soviet forces (date uncertain)'
    >>> change_text({"kind": "changed", "status": "base", "attributes": [
    ...     {"field": "status", "before": "temporary", "after": "base"},
    ...     {"field": "personnel", "before": "400", "after": "500"},
    ...     {"field": "equipment", "before": ["3 Su-27"], "after": ["Su-25"]}]})
    'changed: status temporary → base; personnel 400 → 500; equipment'
    >>> change_text({"kind": "changed", "status": "base", "date": "2004-01-09",
    ...              "attributes": []})
    'changed: new period from 2004-01-09'
    """
    if isinstance(change, list | tuple):
        texts = [change_text(c) for c in change]
        return " and ".join([", ".join(texts[:-1]), texts[-1]] if texts[1:] else texts)
    kind, status = change["kind"], change.get("status") or "base"
    if kind == "inherited":
        text = _INHERITED
    elif kind == "changed":
        parts = [_attribute_text(a) for a in change.get("attributes") or ()]
        if not parts:
            parts = [f"new period from {change.get('date') or 'this time'}"]
        text = "changed: " + "; ".join(parts)
    else:
        text = _CHANGE_WORDS.get(status, {}).get(kind, kind)
    if change.get("uncertain"):
        text += " (date uncertain)"
    return text


def change_words(change: str, status: str) -> str:
    """How a change given as kinds ("opened", "opened and closed", the
    ``change`` of a selection row) reads for a presence of this status,
    by :func:`change_text`. Already-worded text is kept as it is.

    >>> change_words("opened", "proposed")
    'proposed'
    >>> change_words("opened and closed", "temporary")
    'arrived and left'
    >>> change_words("closed", "base")
    'closed'
    >>> change_words("inherited", "base")
    'inherited from the Soviet forces'
    >>> change_words("dropped (date uncertain)", "proposed")
    'dropped (date uncertain)'
    """
    if not change:
        return ""
    kinds = ("inherited", "opened", "changed", "closed")
    return " and ".join(
        change_text({"kind": w, "status": status}) if w in kinds else w
        for w in change.split(" and ")
    )


def label_text(
    short: str, operator: str, status: str, presence: str, change: str
) -> str:
    """The label drawn next to a marker.

    ``change`` is the row's change as worded by :func:`change_text` (the
    ``change_text`` of a styled row), or as kinds (worded here). A proposal
    is "proposed" until it is dropped: its label then says "dropped", not
    "proposed ... dropped".

    >>> label_text("Karshi-Khanabad", "USA", "base", "present", "closed")
    'Karshi-Khanabad (USA): closed'
    >>> label_text("Osh", "RUS", "proposed", "present", "opened")
    'Osh (RUS), proposed'
    >>> label_text("Osh", "RUS", "proposed", "uncertain", "dropped (date uncertain)")
    'Osh (RUS) ?: dropped (date uncertain)'
    >>> label_text("Ayni", "IND", "base", "uncertain", "")
    'Ayni (IND) ?'
    >>> label_text("Manas", "AUS", "temporary", "present", "arrived and left")
    'Manas (AUS), temporary: arrived and left'
    >>> label_text("Shaymak", "CHN", "reported", "present", "")
    'Shaymak (CHN), reported'
    >>> label_text("Emba", "RUS", "base", "uncertain", "inherited")
    'Emba (RUS) ?: ex-Soviet'
    """
    return worded_label(short, operator, status, presence, change_words(change, status))


def label_words(words: str) -> str:
    """How a label says a change worded by :func:`change_text`: in the
    same words, but an inheritance short (the popup, the reports and the
    text alternative say it in full).

    >>> label_words("inherited from the Soviet forces (date uncertain)")
    'ex-Soviet (date uncertain)'
    >>> label_words("arrived and left")
    'arrived and left'
    """
    return words.replace(_INHERITED, _INHERITED_LABEL)


def worded_label(
    short: str, operator: str, status: str, presence: str, words: str
) -> str:
    """:func:`label_text` of a change already worded by :func:`change_text`
    (said as a label says it: :func:`label_words`)."""
    words = label_words(words)
    text = f"{short} ({operator})"
    if status == "temporary":
        text += ", temporary"
    elif status in ("proposed", "reported"):
        if words.startswith(status):  # "Osh (RUS), proposed" says it all
            text += f", {words}"
            words = ""
        elif not words:
            text += f", {status}"
    if presence == "uncertain":
        text += " ?"
    if words:
        text += f": {words}"
    return text


def row_label(row) -> str:
    """The label of a selection row: :func:`label_text` of its last period's
    label (or name), operator, status, presence and change (its
    ``change_text`` once styled). The page derives the same label from a
    compact feature (``basemapExpand`` in data.js).
    """
    last = row["periods"][-1]
    words = row.get("change_text")
    return worded_label(
        last.get("label") or last["name"],
        row["operator"],
        row["status"],
        row["presence"],
        change_words(row["change"], row["status"]) if words is None else words,
    )
