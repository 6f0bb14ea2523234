"""Codes for the states and organisations that appear in the data.

``host`` is the ISO 3166-1 alpha-3 code of the state a site is in, and
``operator`` the alpha-3 code of the state whose forces are present, or the
code of an organisation. Any state of ISO 3166-1 is accepted: the codes and
their names come from a maintained source, the PyPI package ``pycountry``
(ISO 3166-1 as the Debian iso-codes project keeps it), loaded on first use.
Organisations are a small explicit table (:data:`ORGANISATIONS`). Any other
code is refused by validation, so that a typo (``RUS`` written ``RUSS``)
is caught instead of drawn as a new operator; :func:`suggest` names the code
meant where it can tell.

Names are ISO's short names, except where ISO writes a name the press does
not use ("Russian Federation", "Korea, Republic of"): then pycountry's
common name, or, for the few without one, :data:`SHORT_NAMES`.

Disputed and breakaway territories. The host is the internationally
recognised state (the ISO 3166-1 state whose territory the United Nations
recognises it as), and the territory is named in the feature's optional
``territory`` property: Abkhazia and South Ossetia are ``GEO``, Transnistria
``MDA``, Northern Cyprus ``CYP``. Pages name both ("Georgia (Abkhazia)").
Units the borders draw without a code of their own (Kosovo, Northern
Cyprus, Somaliland, the Siachen Glacier) belong, for the test that a site
lies inside its host, to the states in :data:`UNCODED_UNITS`.

Examples
--------
>>> state_name("RUS"), state_name("KOR"), state_name("SYR")
('Russia', 'South Korea', 'Syria')
>>> operator_name("NATO"), operator_name("USA")
('NATO', 'United States')
>>> is_state("VNM"), is_state("RUSS"), is_operator("CSTO"), is_state("CSTO")
(True, False, True, False)
>>> suggest("RUSS"), suggest("Syria"), suggest("KAX"), suggest("QQQ")
('RUS (Russia)', 'SYR (Syria)', 'KAZ (Kazakhstan)', None)
>>> host_text("GEO", "Abkhazia")
'Georgia (Abkhazia)'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

__all__ = [
    "HOSTS",
    "MEMBERS",
    "OPERATORS",
    "ORGANISATIONS",
    "SHORT_NAMES",
    "STATES",
    "UNCODED_UNITS",
    "former_state",
    "host_text",
    "is_operator",
    "is_state",
    "operator_name",
    "state_name",
    "suggest",
]

#: Organisations that may be an ``operator``: code -> name. Add one here to
#: accept it (three or four capital letters, as the schema requires).
ORGANISATIONS: dict[str, str] = {
    "CSTO": "CSTO",
    "NATO": "NATO",
}

#: The press's short name where ISO's is written "X, Y of" or carries a
#: parenthesis, and pycountry has no common name (and Russia, whose ISO
#: name is its official one).
SHORT_NAMES: dict[str, str] = {
    "RUS": "Russia",
    "COD": "DR Congo",
    "FLK": "Falkland Islands",
    "FSM": "Micronesia",
    "PSE": "Palestine",
    "VAT": "Vatican City",
    "VGB": "British Virgin Islands",
    "VIR": "US Virgin Islands",
}

#: Units of the bundled borders (Natural Earth) that have no ISO 3166-1
#: code, drawn as disputed areas: name in Natural Earth -> (the states it
#: counts as part of for the test of a site's host, the territory's name).
#: The Siachen Glacier is claimed by both India and Pakistan. Crimea is not
#: a unit of Natural Earth, which draws it in Russia (who holds it):
#: ``scripts/make_boundaries.py`` cuts it out as a disputed area, part of
#: Ukraine (UN General Assembly resolution 68/262) or of Russia for the test.
UNCODED_UNITS: dict[str, tuple[tuple[str, ...], str]] = {
    "Crimea": (("UKR", "RUS"), "Crimea"),
    "Kosovo": (("SRB",), "Kosovo"),
    "N. Cyprus": (("CYP",), "Northern Cyprus"),
    "Somaliland": (("SOM",), "Somaliland"),
    "Siachen Glacier": (("IND", "PAK"), "Siachen Glacier"),
}


@cache
def _states() -> dict[str, str]:
    """alpha-3 -> short name, for every state of ISO 3166-1 (pycountry)."""
    import pycountry

    out = {}
    for country in pycountry.countries:
        code = country.alpha_3
        out[code] = SHORT_NAMES.get(code) or getattr(
            country, "common_name", country.name
        )
    return dict(sorted(out.items()))


class _Table(Mapping):
    """A read-only mapping made on first use (``import basemap`` stays light)."""

    def __init__(self, make):
        self._make = make

    def __getitem__(self, key):
        return self._make()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._make())

    def __len__(self) -> int:
        return len(self._make())

    def __contains__(self, key) -> bool:
        return key in self._make()

    def __repr__(self) -> str:
        return f"<{len(self)} codes>"


@cache
def _operators() -> dict[str, str]:
    return {**_states(), **ORGANISATIONS}


#: Every state of ISO 3166-1: alpha-3 -> short name.
STATES: Mapping[str, str] = _Table(_states)
#: Hosts: any state (alpha-3 -> name).
HOSTS: Mapping[str, str] = STATES
#: States that may be members of an organisation in the alliances file.
MEMBERS: Mapping[str, str] = STATES
#: Operators: any state, and the organisations.
OPERATORS: Mapping[str, str] = _Table(_operators)


def is_state(code: object) -> bool:
    """Whether ``code`` is the alpha-3 code of a state of ISO 3166-1."""
    return isinstance(code, str) and code in _states()


def is_operator(code: object) -> bool:
    """Whether ``code`` is a state's alpha-3 code or an organisation's."""
    return isinstance(code, str) and code in _operators()


def state_name(code: str) -> str:
    """The short name of a state (the code itself if unknown)."""
    return _states().get(code, code)


def operator_name(code: str) -> str:
    """Return the display name of an operator code (the code if unknown)."""
    return _operators().get(code, code)


def host_text(host: str, territory: str | None = None) -> str:
    """The host as the pages name it: the state, and the territory if any.

    >>> host_text("SYR")
    'Syria'
    """
    name = state_name(host)
    return f"{name} ({territory})" if territory else name


@cache
def _by_name() -> dict[str, str]:
    """Lower-case names (short, ISO, official, common) -> alpha-3."""
    import pycountry

    out: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                out.setdefault(value.lower(), country.alpha_3)
    for code, name in _states().items():
        out.setdefault(name.lower(), code)
    return out


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` becomes ``b`` by one letter changed, dropped, added,
    or two neighbours swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _common_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def former_state(code: str) -> str | None:
    """The name of a state ISO 3166-1 no longer lists (its code withdrawn),
    or None.

    >>> former_state("SUN")
    'USSR, Union of Soviet Socialist Republics'
    """
    import pycountry

    found = pycountry.historic_countries.get(alpha_3=code)
    return None if found is None else found.name


def suggest(value: str, table: Mapping[str, str] | None = None) -> str | None:
    """The code meant by a wrong one, as "CODE (Name)", or None.

    A name written for a code ("Syria") gives its code; a code one letter
    off ("RUSS", "KAX") gives the nearest code of ``table`` (default:
    :data:`OPERATORS`).
    """
    table = _operators() if table is None else table
    if former_state(value) is not None:
        return None
    found = _by_name().get(value.strip().lower())
    if found is not None and found not in table:
        found = None
    if found is None and value.upper() in table:
        found = value.upper()
    if found is None:
        close = [c for c in table if _one_edit(value.upper(), c)]
        # the code that keeps most of the start: KGS meant KGZ, not SGS
        close.sort(key=lambda c: (-_common_start(value.upper(), c), c))
        found = close[0] if close else None
    return None if found is None else f"{found} ({table[found]})"
