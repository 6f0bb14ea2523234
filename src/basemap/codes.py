"""Codes for the states and organisations that appear in the data.

``operator`` is the ISO 3166-1 alpha-3 code of the state whose forces are
present, or the code of an organisation; ``host`` is the alpha-3 code of the
state the site is in. Only the codes below are accepted, so that a typo
(``RUS`` written ``RUSS``) is caught by validation instead of drawn as a new
operator. Add a code here (with its name) to accept a new one, and give it
a fixed colour in :data:`basemap.styling.palette.OPERATOR_COLORS`
(``tests/styling/test_symbols.py`` checks that every code has one).

Examples
--------
>>> OPERATORS["RUS"]
'Russia'
>>> operator_name("NATO")
'NATO'
>>> sorted(HOSTS)
['KAZ', 'KGZ', 'TJK', 'TKM', 'UZB']
>>> MEMBERS["CHN"], "NATO" in MEMBERS
('China', False)
"""

from __future__ import annotations

__all__ = ["HOSTS", "MEMBERS", "OPERATORS", "operator_name"]

#: Host states: the five Central Asian states, with their ISO 3166 numeric
#: code as used by Natural Earth (and the bundled boundaries).
HOSTS: dict[str, tuple[str, str]] = {
    "KAZ": ("Kazakhstan", "398"),
    "KGZ": ("Kyrgyzstan", "417"),
    "TJK": ("Tajikistan", "762"),
    "TKM": ("Turkmenistan", "795"),
    "UZB": ("Uzbekistan", "860"),
}

#: Operators: states (alpha-3) and organisations.
OPERATORS: dict[str, str] = {
    "ARM": "Armenia",
    "AUS": "Australia",
    "BLR": "Belarus",
    "CHN": "China",
    "DEU": "Germany",
    "DNK": "Denmark",
    "ESP": "Spain",
    "FRA": "France",
    "GBR": "United Kingdom",
    "IND": "India",
    "ITA": "Italy",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "KOR": "South Korea",
    "NLD": "Netherlands",
    "NOR": "Norway",
    "POL": "Poland",
    "RUS": "Russia",
    "TUR": "Türkiye",
    "USA": "United States",
    "CSTO": "CSTO",
    "NATO": "NATO",
}

#: States that may be members of an organisation in the alliances file: the
#: host states and the states among the operators (Russia, China, ...), not
#: the organisations themselves. Code -> name.
MEMBERS: dict[str, str] = {
    **{code: name for code, (name, _) in HOSTS.items()},
    **{code: name for code, name in OPERATORS.items() if len(code) == 3},
}


def operator_name(code: str) -> str:
    """Return the display name of an operator code (the code if unknown)."""
    return OPERATORS.get(code, code)
