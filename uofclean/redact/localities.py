"""Places told by where they stand, not by a list.

No list holds every district, estate and hospital an officer names ("Govanhill", "Kittybrewster",
"Glangwili"), and a capitalised word no list knows is, by default, a possible name. Three slots
say otherwise, in a normally cased record:
- after a phrase nobody says of a person ("conveyed to", "stationed at", "HMP"):
  `data/place_openers.txt`;
- after a street, before the next comma, full stop, lower-case word or postcode ("Manningham
  Lane, Bradford", "Soho Road Handsworth"): the locality of the address;
- before a postcode ("Govanhill G42 8NN", "Kirkby L33");
- more loosely, after "in", "nr", "at", "left" ("lives in Giggleswick", "at Sculthorpe"):
  `data/locality_openers.txt`, where no first name, possessive, trade's or house's word is in
  the slot.
A place found here only outweighs weak evidence: a title, a rank, a capitalised surname beside
it or the row's own columns still make the word a person.
"""

from __future__ import annotations

from functools import cache

import regex

from uofclean.redact import lexicon as lx
from uofclean.redact.data import load_words
from uofclean.redact.extend import trade_word

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
    loose = "|".join(load_words("locality_openers"))
    return (
        regex.compile(r"(?i:\b(?:" + openers + r"))\s+(?P<place>" + _PLACE + ")" + _AFTER),
        regex.compile(r"(?i:\b(?:" + loose + r"))\s+(?P<loose>" + _PLACE + ")" + _AFTER),
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
            loose = "loose" in pattern.groupindex
            start, end = m.span("loose" if loose else "place")
            place = text[start:end]
            if _possessive(place) or _first_name_first(place) or _street_like(place):
                continue
            if loose and _not_a_village(text, start, end):
                continue
            out.append((start, end))
    return out


def _not_a_village(text: str, start: int, end: int) -> bool:
    """ "at Cefn Coch", "at Ard Dubh, Kilmuir", "outside Akinola African Foods", "in Sefton
    Park Sunny": a house, a business or a person, not a village: a Welsh or Gaelic house word
    first, a house noun last, a trade's word, a first name or a possessive anywhere, or after
    "at" a locality after it (the house, then its village)."""
    words = text[start:end].split()
    first = lx.name_sets()[0]
    if words[0].lower() in _house_words() or words[-1].lower() in _house_nouns():
        return True
    for word in words:
        low = word.lower()
        if trade_word(word) or _possessive(word) or lx.fold(low) in first:
            return True
    after_at = text[max(0, start - 3) : start].lower() == "at "
    return after_at and bool(_ANOTHER_LOCALITY.match(text, end))


_ANOTHER_LOCALITY = regex.compile(r",\s*\p{Lu}\p{Ll}")


@cache
def _house_words() -> frozenset[str]:
    return frozenset(load_words("celtic_house_words"))


@cache
def _house_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in load_words("house_name_nouns") if " " not in w)


def _possessive(place: str) -> bool:
    """ "in Okafor's car": a person's possessive, not a place ("King's Lynn" goes on)."""
    return place.endswith(("'s", "’s"))


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
    words = place.lower().split()
    if words[-1] in _street_suffixes() or words[0] in _street_first_words():
        return True
    # "Heather Brow", "Northgate", "Fieldway": a street's word, or a street's ending
    return words[-1] in _numbered_street_words() or words[-1].endswith(("gate", "way"))


@cache
def _numbered_street_words() -> frozenset[str]:
    return frozenset(w.lower() for w in load_words("numbered_street_words"))


@cache
def _street_first_words() -> frozenset[str]:
    return frozenset(load_words("street_first_words"))


@cache
def _street_suffixes() -> frozenset[str]:
    return frozenset(s.lower() for s in lx.STREET_SUFFIXES)
