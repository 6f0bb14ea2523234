"""What an export will write, and whether it may: checked before anything is.

The years (:func:`plan_years`), the file names (:func:`check_name`,
:func:`planned_outputs`), the embed snippets' address
(:func:`check_base_url`), and the folder (:func:`check_outputs`: no input
replaced, no file that basemap did not write). Part of
:func:`basemap.exporter.run.export`, which checks its options before it reads
the data, and the folder before it creates anything, then again under the
folder's lock.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import OptionError, OutputError
from ..output.atomic import NAME_MAX, TEMP_EXTRA, broken_link, linked_folder
from ..output.gpkg import GPKG_NAME
from ..output.guard import check_not_inputs
from ..selection.sites import data_years
from .manifest import LOCK_NAME, MANIFEST_NAME, Manifest

__all__ = [
    "changed_outputs",
    "check_base_url",
    "check_name",
    "check_outputs",
    "plan_years",
    "planned_outputs",
]

#: How many conflicting files an error message names.
_NAMED = 8


def plan_years(layers, first: int | None, last: int | None) -> list[int]:
    """The years to export: by default from the earliest start in the data
    to the data's ``as_of`` year (never the machine's clock)."""
    lo, hi = data_years(layers) if len(layers) else (None, None)
    first = lo if first is None else first
    last = hi if last is None else last
    if first is None or last is None:
        raise OptionError("the data is empty: give --from and --to")
    if first > last:
        raise OptionError(f"--from {first} is after --to {last}")
    if last - first > 500:
        raise OptionError(f"{last - first + 1} years is too many (at most 501)")
    return list(range(first, last + 1))


#: The characters of a year's file name besides ``{year}``: letters, digits
#: (any script), ``-``, ``_`` and ``.``: a name that is its own link in
#: every page (no ``#``, ``?``, ``%``, space or control character).
_NAME_CHARS = re.compile(r"[\w.-]+")
#: The longest extension a year's output gets (``.html``), and the folder
#: prefix of the longest (``thumbs/``, which adds none to the name).
_LONGEST_EXT = len(".html")


def check_name(template: str) -> str:
    """The file name template of a year's outputs (``{year}``, without
    ``.html``), or an :class:`OptionError` saying what is wrong with it.

    The years' names must differ (``{{year}}`` gives one name for every
    year), and be plain names that are their own links: letters, digits,
    ``-``, ``_`` and ``.`` besides the year, no leading dot, short enough
    for the file system. All of it is checked before anything is written.

    >>> check_name("map-{year}.html")
    'map-{year}'
    """
    if "{year}" not in template:
        raise OptionError(f"file name template {template!r} must contain {{year}}")
    try:
        name = template.format(year=2005)
        other = template.format(year=2006)
    except (KeyError, IndexError, ValueError, AttributeError):
        raise OptionError(
            f"file name template {template!r} may only use {{year}}"
        ) from None
    if name == other or "2005" not in name:
        raise OptionError(
            f"file name template {template!r} must put the year in the name "
            "(write {year} once, as it is)"
        )
    if name.endswith(".html"):
        template = template[: -len(".html")]
        name = name[: -len(".html")]
    if not name or re.search(r"[/\\:]|^\.|\.\.", name):
        raise OptionError(
            f"file name template {template!r} must be a plain file name "
            "(no folders, no leading dot)"
        )
    if not _NAME_CHARS.fullmatch(name):
        raise OptionError(
            f"file name template {template!r} may hold only letters, digits, "
            "'-', '_' and '.' besides {year} (no space, '#', '?' or '%': the "
            "name is also the pages' link to it)"
        )
    longest = len(template.format(year=9999).encode()) + _LONGEST_EXT
    if longest > NAME_MAX - TEMP_EXTRA:
        raise OptionError(
            f"file name template {template!r} gives names of {longest} bytes, "
            f"more than the {NAME_MAX - TEMP_EXTRA} a file system holds; "
            "choose a shorter name"
        )
    return template


def check_base_url(base_url: str | None) -> str:
    """The address the embed snippets point to, ending in ``/`` (or "" for
    relative links); only an http(s) address.

    >>> check_base_url("https://example.org/maps")
    'https://example.org/maps/'
    """
    if not base_url:
        return ""
    if not re.match(r"^https?://[^\s\"'<>\\]+$", base_url, re.I):
        raise OptionError(f"--base-url {base_url!r} must be an http(s) address")
    parts = urlsplit(base_url)
    if not parts.hostname or "@" in parts.netloc:
        raise OptionError(
            f"--base-url {base_url!r} must name its host, without a user name "
            "or password (as https://example.org/maps/)"
        )
    if parts.query or parts.fragment or "?" in base_url or "#" in base_url:
        raise OptionError(
            f"--base-url {base_url!r} must be the folder's address, without a "
            "query (?...) or fragment (#...): the pages' names are added to it"
        )
    try:
        parts.port  # noqa: B018 (a port that is no number raises)
    except ValueError:
        raise OptionError(
            f"--base-url {base_url!r} has a port that is no number"
        ) from None
    return base_url if base_url.endswith("/") else base_url + "/"


def planned_outputs(years, stem: str, formats: Sequence[str]) -> list[str]:
    """Every file an export will write, relative to its folder."""

    def of(year, ext):
        return stem.format(year=year) + ext

    html_pages = True  # every figure is drawn from its year's page
    names = []
    if html_pages:
        names += [of(y, ".html") for y in years] + ["timeline.html"]
        if len(years) > 1:  # any two years side by side (basemap.compare)
            names.append("compare.html")
    if "png" in formats:
        names += [of(y, ".png") for y in years]
    for fmt in ("svg", "pdf"):
        if fmt in formats:
            names += [of(y, f".{fmt}") for y in years]
    for fmt in ("png", "pdf"):  # the presence chart as a figure
        if fmt in formats:
            names.append(f"presence.{fmt}")
    if "gif" in formats:
        names.append("years.gif")
    if "gpkg" in formats:
        names.append(GPKG_NAME)
    names.append("changes.csv")
    if html_pages:
        names += [f"thumbs/{of(y, '.png')}" for y in years]
        names += ["index.html", "embed.html"]
    return names


def check_outputs(out: Path, planned: list[str], inputs, force: bool):
    """Refuse, before writing anything, an export that would replace an
    input or a file it did not write (unless ``force``), or write through a
    symbolic link to a folder, or a name too long for the file system (even
    with ``force``); return the folder's manifest."""
    link = broken_link(out / "x")
    if link is not None:
        raise OutputError(
            f"{out}: cannot write: the path goes through a broken symbolic link "
            f"({link[0]} -> {link[1]}, which does not exist); create its target "
            "or remove the link"
        )
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; give an output folder")
    long = [
        n for n in planned if len(n.split("/")[-1].encode()) > NAME_MAX - TEMP_EXTRA
    ]
    if long:
        raise OutputError(
            f"{out / long[0]}: the file name is {len(long[0].split('/')[-1].encode())} "
            f"bytes, more than the {NAME_MAX - TEMP_EXTRA} a file system holds "
            "(nothing was written)"
        )
    check_not_inputs([out / n for n in [*planned, MANIFEST_NAME, LOCK_NAME]], inputs)
    manifest = Manifest.load(out, force=force)
    if not out.is_dir():
        return manifest
    for name in planned:  # never through a link to a folder, even forced
        linked = linked_folder(out, name)
        if linked is not None:
            raise OutputError(
                f"{linked}: is a symbolic link or not a folder, and basemap writes "
                f"into {out} only through real folders; remove it, or export to "
                "another folder (nothing was written)"
            )
    foreign = [
        n
        for n in planned
        if os.path.lexists(out / n) and (not manifest.owns(n) or (out / n).is_symlink())
    ]
    if foreign and not force:
        named = ", ".join(foreign[:_NAMED])
        more = f" and {len(foreign) - _NAMED} more" if len(foreign) > _NAMED else ""
        raise OutputError(
            f"{out}: {len(foreign)} existing "
            f"{'file' if len(foreign) == 1 else 'files'} that basemap did not "
            f"write would be replaced: {named}{more} (not in {MANIFEST_NAME}); "
            f"move {'it' if len(foreign) == 1 else 'them'} away, export to "
            "another folder, or use --force "
            "(nothing was written)"
        )
    return manifest


def changed_outputs(manifest: Manifest, planned: list[str]) -> list[str]:
    """The planned outputs the manifest records with their bytes which no
    longer hold them: changed since basemap wrote them (by a person, or a
    program), which the export will make again (and say so). A file
    announced but never recorded (a run killed while writing it) is
    basemap's own, and not counted. Told by the stat cache where it vouches
    for a file, else by hashing it (the stat cache then vouches for it when
    the export compares its new bytes)."""
    out = []
    for name in planned:
        entry = manifest.files.get(name)
        if entry is None or entry["sha256"] is None:
            continue
        if os.path.lexists(manifest.folder / name) and not manifest.intact(name):
            out.append(name)
    return out
