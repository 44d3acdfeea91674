"""Places told by where they stand, not by a list.

No list holds every district, estate and hospital an officer names ("Govanhill", "Kittybrewster",
"Glangwili"), and a capitalised word no list knows is, by default, a possible name. Three slots
say otherwise, in a normally cased record:
- after a phrase nobody says of a person ("conveyed to", "stationed at", "HMP"):
  `data/place_openers.txt`;
- after a street, before the next comma, full stop, lower-case word or postcode ("Manningham
  Lane, Bradford", "Soho Road Handsworth"): the locality of the address;
- before a postcode ("Govanhill G42 8NN", "Kirkby L33").
A place found here only outweighs weak evidence: a title, a rank, a capitalised surname beside
it or the row's own columns still make the word a person.
"""

from __future__ import annotations

from functools import cache

import regex

from uofclean.redact import lexicon as lx
from uofclean.redact.data import load_words

# One to three capitalised words ("Weston-super-Mare", "Llanddewi Brefi", "Blackbird Leys").
_PLACE = (
    r"\p{Lu}[\p{Ll}'’]+(?:-\p{L}[\p{Ll}'’]*)*(?:\s\p{Lu}[\p{Ll}'’]+(?:-\p{L}[\p{Ll}'’]*)*){0,2}"
)
_POSTCODE = r"\p{Lu}{1,2}\d[\p{Lu}\d]?(?:\s+\d\p{Lu}{2})?(?![\w])"
# What may follow a locality: punctuation, the end, a lower-case word or a postcode.
_AFTER = r"(?=\s*(?:[,.;:)\n]|$)|\s+\p{Ll}|,?\s+" + _POSTCODE + r")"


@cache
def _patterns() -> tuple[regex.Pattern, ...]:
    openers = "|".join(load_words("place_openers"))
    buildings = set(load_words("building_suffixes"))
    suffixes = "|".join(
        regex.escape(s)
        for s in sorted(lx.STREET_SUFFIXES, key=len, reverse=True)
        if len(s) > 2 and s.lower() not in buildings
    )
    return (
        regex.compile(r"(?i:\b(?:" + openers + r"))\s+(?P<place>" + _PLACE + ")" + _AFTER),
        regex.compile(
            r"\b\p{Lu}[\p{Ll}'’]+\s+(?:"
            + suffixes
            + r")(?:,\s*|\s+)(?P<place>"
            + _PLACE
            + ")"
            + _AFTER
        ),
        # not after a house number: "9 Whalley Banks, BB2 1NT" is the street
        regex.compile(
            r"(?<![\w'’-])(?<!\d\p{L}?\s)(?P<place>" + _PLACE + r"),?\s+(?=" + _POSTCODE + ")"
        ),
    )


def slot_places(text: str) -> list[tuple[int, int]]:
    """Where a normally cased text names a place by the slot it stands in."""
    out = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            start, end = m.span("place")
            place = text[start:end]
            if not _first_name_first(place) and not _street_like(place):
                out.append((start, end))
    return out


def _first_name_first(place: str) -> bool:
    """ "Mill Road, Sarah said": a first name in the slot is a person, unless a listed place
    starts with it ("Charles Cross" is not listed, "Sutton" is)."""
    first, _last = lx.name_sets()
    word = place.split()[0]
    return lx.fold(word).lower() in first and word.lower() not in _listed_words()


@cache
def _listed_words() -> frozenset[str]:
    return frozenset(p.split()[0].lower() for p in load_words("uk_places"))


def _street_like(place: str) -> bool:
    """ "Back Lane", "Oak Lane": a street's name in the slot is the street, left to the street
    rules."""
    return place.split()[-1].lower() in _street_suffixes()


@cache
def _street_suffixes() -> frozenset[str]:
    return frozenset(s.lower() for s in lx.STREET_SUFFIXES)
