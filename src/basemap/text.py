"""Text from data and options, where it lands: what no output can hold,
and how a spreadsheet cell or a terminal line is made safe.

Every output escapes text for its own syntax (HTML, attributes, JSON, CSV
quoting, XML). Some characters no escaping makes right, and they are
refused where text comes in (:mod:`basemap.io.load`, the options):

* :data:`UNSAFE`: the C0 control characters but tab, line feed and
  carriage return, DEL, the C1 controls, the noncharacters U+FFFE and
  U+FFFF, and unpaired surrogates. XML 1.0 (so every SVG figure) cannot
  hold the controls at all, a surrogate alone cannot be written as UTF-8,
  and in a terminal they are the start of escape sequences.

Two outputs need more than escaping, each done where it is written:

* a CSV cell that a spreadsheet would read as a formula (it starts with
  ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
  ``'``, as OWASP advises (:func:`csv_cell`); a number stays a number, so
  GIS tools still read the coordinates;
* text shown in a terminal has every control character (and the bidi
  overrides, which reorder what follows) written as a visible escape
  (:func:`visible`), so data can neither send escape sequences (a window
  title, a screen clear, the clipboard) nor forge a line.

Examples
--------
>>> unsafe_char("Termez\\x0bbase")
(6, 'U+000B (vertical tab)')
>>> csv_cell("=HYPERLINK(1)"), csv_cell("-67.31"), csv_cell("Kant")
("'=HYPERLINK(1)", '-67.31', 'Kant')
>>> visible("a\\x1b]0;x\\x07b\\nc")
'a\\\\x1b]0;x\\\\x07b\\\\nc'
"""

from __future__ import annotations

import re
import unicodedata

from .errors import OptionError

__all__ = [
    "BIDI_CONTROLS",
    "UNSAFE",
    "check_text_option",
    "csv_cell",
    "describe_char",
    "unsafe_char",
    "visible",
]

#: Characters no output can hold (see the module's note).
UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: The explicit bidi formatting characters (embeddings, overrides,
#: isolates): they reorder the text that follows them.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: What a terminal shows as an escape: every control and line break, and
#: the bidi formatting characters.
_TERMINAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff" + BIDI_CONTROLS + "]"
)
_NAMES = {
    "\t": "tab",
    "\n": "line feed",
    "\r": "carriage return",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x00": "null",
}
#: A number as a spreadsheet or GIS tool reads one (no ``_``, no ``inf``).
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
#: What a spreadsheet may take for the start of a formula (OWASP).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def describe_char(ch: str) -> str:
    """A character as a message names it: its code point and name.

    >>> describe_char("\\x1b"), describe_char("\\u202e")
    ('U+001B (escape)', 'U+202E (RIGHT-TO-LEFT OVERRIDE)')
    """
    name = _NAMES.get(ch) or unicodedata.name(ch, "")
    code = f"U+{ord(ch):04X}"
    return f"{code} ({name})" if name else code


def unsafe_char(text: str) -> tuple[int, str] | None:
    """The first character of ``text`` no output can hold (:data:`UNSAFE`),
    as (index, description), or None."""
    found = UNSAFE.search(text)
    if found is None:
        return None
    return found.start(), describe_char(found.group())


def check_text_option(option: str, value: str) -> str:
    """An option's text that is drawn on a page (``--title``): one line, no
    control character; return it.

    >>> check_text_option("--title", "Bases, 2005")
    'Bases, 2005'

    Raises
    ------
    OptionError
        Naming the character and where it is.
    """
    found = _TERMINAL.search(value)
    if found is not None and found.group() not in BIDI_CONTROLS:
        raise OptionError(
            f"{option} {visible(value)!r} holds the control character "
            f"{describe_char(found.group())} at character {found.start() + 1}: "
            "a title is one line of text; remove it"
        )
    return value


def csv_cell(value):
    """A CSV cell a spreadsheet shows as text, never runs as a formula:
    text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return gets a leading ``'`` (OWASP's advice), unless it is a number
    (``-67.31`` stays a number for GIS tools); any other value is as is.

    >>> csv_cell("@SUM(1+1)"), csv_cell("\\tx"), csv_cell(2005), csv_cell(None)
    ("'@SUM(1+1)", "'\\tx", 2005, None)
    """
    if (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def visible(text: str) -> str:
    """``text`` as a terminal may show it: each control character, line
    break, bidi formatting character or unpaired surrogate as a Python
    escape (``\\x1b``, ``\\n``, ``\\u202e``), so nothing sent to the
    terminal acts on it or starts a new line.

    >>> visible("Kant\\u202e)UED(")
    'Kant\\\\u202e)UED('
    """
    return _TERMINAL.sub(_escape, text)


def _escape(found: re.Match) -> str:
    ch = found.group()
    code = ord(ch)
    if ch in "\t\n\r":
        return {"\t": "\\t", "\n": "\\n", "\r": "\\r"}[ch]
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
