"""SVG text for charts and maps without a browser: measured widths, escaping.

The pieces :mod:`basemap.pages.chart` (the strip and presence charts) and
:mod:`basemap.pages.locator` (the site pages' locator map) draw their text with:
widths measured from DejaVu Sans (the widest common fallback, so other
system fonts only leave more room), so labels can be fitted, wrapped and
kept from running into each other; every string escaped where it lands.

>>> text_width("Kant", 10)
22.9
>>> svg_text(1, 2.25, "A & B", 10)
'<text x="1" y="2.2" font-size="10">A &amp; B</text>'
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from html import escape

__all__ = [
    "FONT",
    "GRID",
    "INK",
    "MUTED",
    "POINT_ZERO",
    "esc",
    "fit_text",
    "num",
    "ring_paths",
    "svg_document",
    "svg_text",
    "text_width",
    "wrap_text",
]

#: The fonts of every chart: the reader's system sans-serif.
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Liberation Sans', 'DejaVu Sans', sans-serif"
)
INK, MUTED, GRID = "#1F2328", "#57606A", "#D0D7DE"

# Advance widths (per 1000 em) of DejaVu Sans, Book and Bold, for ASCII
# 32-126 (measured with FreeType through matplotlib's bundled font).
_W_BOOK = (
    "320 400 470 840 640 960 780 280 390 390 500 850 320 360 320 340 640 640 "
    "640 640 640 640 640 640 640 640 340 340 840 850 840 530 1000 680 690 700 "
    "770 630 580 780 750 290 290 650 560 860 750 790 600 790 700 640 620 730 "
    "680 990 690 610 680 390 340 390 840 500 500 620 630 560 640 620 350 640 "
    "630 280 280 580 280 970 630 610 630 640 420 520 390 630 590 820 590 590 "
    "520 630 340 640 840"
)
_W_BOLD = (
    "350 460 530 840 700 1000 870 320 470 470 520 850 380 410 380 370 700 700 "
    "700 700 700 700 700 700 700 700 400 400 840 850 840 590 1000 770 760 730 "
    "820 680 680 820 830 360 370 770 640 990 830 850 730 850 770 720 690 800 "
    "770 1100 770 720 730 460 370 460 840 500 500 680 710 590 710 680 440 710 "
    "710 330 330 660 330 1040 710 680 710 710 490 600 470 710 650 920 650 650 "
    "580 710 370 720 850"
)
_WIDTHS = {
    False: [int(w) for w in _W_BOOK.split()],
    True: [int(w) for w in _W_BOLD.split()],
}


#: Each character's advance (per 1000 em), Book and Bold, as met.
_UNITS: dict[bool, dict[str, int]] = {
    bold: {chr(32 + i): w for i, w in enumerate(table)}
    for bold, table in _WIDTHS.items()
}


def _char_units(ch: str, bold: bool) -> int:
    """The advance of one character outside the table: its base letter's
    ("é" as "e"), or a wide letter's (1000)."""
    base = unicodedata.normalize("NFKD", ch)[:1]
    code = ord(base) if base else 0
    return _WIDTHS[bold][code - 32] if 32 <= code < 127 else 1000


def _units(text: str, bold: bool = False) -> int:
    """The advance of ``text`` in 1000ths of an em (an exact integer: the
    width of two texts side by side is the sum of theirs)."""
    table = _UNITS[bold]
    try:
        return sum(map(table.__getitem__, text))
    except KeyError:
        for ch in set(text) - table.keys():
            table[ch] = _char_units(ch, bold)
        return sum(map(table.__getitem__, text))


def _px(units: int, size: float) -> float:
    """An advance in px at ``size``, rounded up to 0.1 (as :func:`text_width`)."""
    return math.ceil(units * size / 100) / 10


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of ``text`` at ``size`` px, in DejaVu Sans (rounded up to 0.1).

    A character outside ASCII counts as its base letter ("é" as "e"), or
    as a wide letter.

    >>> text_width("Manas (Russia)", 12) < text_width("Manas (Russia)", 12, bold=True)
    True
    >>> text_width("Kant", 10), text_width("Kánt", 10), text_width("Кант", 10)
    (22.9, 22.9, 40.0)
    """
    return math.ceil(_units(text, bold) * size / 100) / 10


def esc(text) -> str:
    return escape(str(text), quote=True)


#: Numbers as :func:`num` wrote them (the same bars, years and rows on
#: every page): emptied when it grows large.
_NUMS: dict[float, str] = {}


def num(v: float) -> str:
    """A coordinate with at most one decimal, no trailing zero.

    >>> num(2.25), num(3.0), num(-0.04), num(0.0), num(-0.0)
    ('2.2', '3', '-0', '0', '-0')
    """
    text = _NUMS.get(v)
    if text is None or not v:  # 0.0 and -0.0 are equal keys, not equal texts
        text = f"{v:.1f}"
        if text.endswith(".0"):
            text = text[:-2]
        if len(_NUMS) >= 65536:
            _NUMS.clear()
        _NUMS[v] = text
    return text


POINT_ZERO = re.compile(r"\.0(?![0-9])")


def _points(xy) -> str:
    """Points as an SVG path's ``x yLx y...``, each number as :func:`num`
    writes it, formatted in one operation (a locator's borders are
    thousands of points).

    >>> _points([(1.0, 2.25), (-0.04, 10.06)])
    '1 2.2L-0 10.1'
    >>> _points([(1.0, 2.25), (-0.04, 10.06)]) == "L".join(
    ...     f"{num(x)} {num(y)}" for x, y in [(1.0, 2.25), (-0.04, 10.06)])
    True
    """
    flat = [v for point in xy for v in point]
    if not flat:
        return ""
    return POINT_ZERO.sub("", ("%.1f %.1fL" * (len(flat) // 2))[:-1] % tuple(flat))


#: The text of every number of tenths up to a bound, for :func:`ring_paths`.
_TENTHS: dict = {}


def _tenths_tables(top: int) -> dict:
    """Tokens of :func:`ring_paths` by index (tenths, or tenths + ``top``
    + 1 for a negative number): "L" + number, "M" + number, " " + number
    and " " + number + "Z"; and their lengths. Made for numbers up to
    ``top`` tenths (at least 409.6), kept and widened when more is asked."""
    import numpy as np

    if _TENTHS.get("top", -1) < top:
        top = max(top, 4096, 2 * _TENTHS.get("top", 0))
        plain = [
            f"{t // 10}.{t % 10}" if t % 10 else str(t // 10) for t in range(top + 1)
        ]
        numbers = plain + ["-" + t for t in plain]

        def tokens(before: str, after: str = ""):
            return np.array([before + t + after for t in numbers], dtype=object)

        _TENTHS.clear()
        _TENTHS.update(
            top=top,
            L=tokens("L"),
            M=tokens("M"),
            space=tokens(" "),
            end=tokens(" ", "Z"),
            length=np.array([len(t) + 1 for t in numbers], dtype=np.int64),
        )
    return _TENTHS


def ring_paths(xs, ys, starts) -> tuple[str, list[int]]:
    """Rings as SVG path data, ``M`` + :func:`_points` + ``Z`` each, all
    numbers formatted at once with numpy (a layer's locators are millions
    of points; the same bytes as :func:`_points`).

    ``xs``, ``ys`` are the points of the rings one after another, ring
    ``i`` from ``starts[i]`` to ``starts[i + 1]`` (``starts`` ends with the
    number of points). Returns the text of all rings and the offset in it
    where each ring starts (and, last, its length).

    >>> ring_paths([0.0, 1.25, -0.04], [2.0, 10.06, 3.15], [0, 2, 3])
    ('M0 2L1.2 10.1ZM-0 3.1Z', [0, 14, 22])
    >>> ring_paths([], [], [0])
    ('', [0])
    """
    import numpy as np

    xs = np.asarray(xs, dtype=float)
    ys = np.asarray(ys, dtype=float)
    starts = np.asarray(starts, dtype=np.int64)
    n = len(xs)
    if not n:
        return "", [0] * len(starts)
    lengths = np.diff(starts)
    if (lengths < 0).any() or starts[0] != 0 or starts[-1] != n:
        raise ValueError("starts must rise from 0 to the number of points")
    values = np.empty(2 * n)
    values[0::2], values[1::2] = xs, ys
    tens = values * 10
    if not (np.abs(tens) < 1e5).all():  # huge, or not a number: one at a time
        rings = (
            np.column_stack((xs[a:b], ys[a:b])).tolist()
            for a, b in itertools.pairwise(starts.tolist())
        )
        texts = ["M" + _points(r) + "Z" if r else "" for r in rings]
        return "".join(texts), np.cumsum([0, *map(len, texts)]).tolist()
    tenths = np.rint(np.abs(tens))
    # numpy's rounding of the product is %.1f's of the value except, maybe,
    # within a hair of a half tenth: those by %.1f itself
    for i in np.flatnonzero(
        np.abs(np.abs(tens - np.trunc(tens)) - 0.5) < 1e-6
    ).tolist():
        tenths[i] = int(f"{abs(values[i]):.1f}".replace(".", ""))
    tenths = tenths.astype(np.int64)
    table = _tenths_tables(int(tenths.max()))
    index = tenths + (table["top"] + 1) * np.signbit(values)
    ix, iy = index[0::2], index[1::2]
    tokens = np.empty(2 * n, dtype=object)
    tokens[0::2] = table["L"][ix]
    tokens[1::2] = table["space"][iy]
    first, last = starts[:-1][lengths > 0], starts[1:][lengths > 0] - 1
    tokens[2 * first] = table["M"][ix[first]]
    tokens[2 * last + 1] = table["end"][iy[last]]
    size = table["length"][index]
    size[2 * last + 1] += 1  # the Z
    offsets = np.zeros(2 * n + 1, dtype=np.int64)
    np.cumsum(size, out=offsets[1:])
    return "".join(tokens.tolist()), offsets[2 * starts].tolist()


def fit_text(text: str, width: float, size: float, bold: bool = False) -> str:
    """``text``, cut with an ellipsis to fit ``width`` px.

    >>> fit_text("Karshi-Khanabad", 60, 10)
    'Karshi-Kha\u2026'
    """
    if text_width(text, size, bold) <= width:
        return text
    # the longest start that fits with the ellipsis (widths add up exactly)
    ellipsis = _units("\u2026", bold)
    advance = _units(text, bold)
    end = len(text)
    while end and _px(advance + ellipsis, size) > width:
        end -= 1
        advance -= _units(text[end], bold)
    return text[:end].rstrip() + "\u2026"


def wrap_text(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` px (breaking at spaces).

    >>> wrap_text("Manas Transit Center (United States)", 100, 12)
    ['Manas Transit', 'Center (United', 'States)']
    """
    words = text.split()
    line = " ".join(words)
    if _px(_units(line, bold), size) <= width:  # all on one line
        return [line] if line else []
    lines, line, advance = [], "", 0
    space = _units(" ", bold)
    for word in words:
        units = _units(word, bold)
        if not line:
            line, advance = word, units
        elif _px(advance + space + units, size) > width:
            lines.append(line)
            line, advance = word, units
        else:
            line, advance = f"{line} {word}", advance + space + units
    if line:
        lines.append(fit_text(line, width, size, bold))
    return lines


def svg_text(
    x, y, text, size, *, anchor="start", bold=False, fill=INK, cls=None, halo=False
):
    attrs = f'x="{num(x)}" y="{num(y)}" font-size="{num(size)}"'
    if halo:  # a white outline, so grid lines do not run through the letters
        attrs += ' stroke="#FFFFFF" stroke-width="3" paint-order="stroke"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if fill != INK:
        attrs += f' fill="{fill}"'
    if cls:
        attrs += f' class="{cls}"'
    return f"<text {attrs}>{esc(text)}</text>"


def svg_document(width: float, height: float, body: str, label: str, desc: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 {num(width)} '
        f'{num(height)}" width="{num(width)}" height="{num(height)}" '
        f'role="img" aria-label="{esc(label)}" font-family="{FONT}" '
        f'class="bm-chart"><desc>{esc(desc)}</desc>'
        f'<rect width="100%" height="100%" fill="#FFFFFF"/>{body}</svg>\n'
    )
