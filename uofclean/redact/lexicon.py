"""Word lists that tell names from ordinary words: built once per process, from installed data.

- Names: every first name and surname in Faker's Latin-script locales (tens of thousands), folded
  to lower case without accents, so "WOJCIK" finds "Wójcik".
- Common words: wordfreq's English frequency list, so "will" or "stop" are not taken for names
  unless something else says they are names.
- Kept words: police vocabulary, kit, legislation and places that are published anyway, read
  from the word lists in data/.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from uofclean.redact.data import load_words
from uofclean.schema.columns import values

# Words of officers' accounts that general English frequency lists rate rare: never names.
# Makes, shops and services officers name: capitals, but never people.
BRANDS = frozenset(load_words("brands"))  # (surname-like makes such as Ford or Costa left out)
DOMAIN_WORDS = (
    BRANDS | frozenset(load_words("domain_words")) | frozenset(load_words("community_words"))
)
# Areas of London that officers name as places (published data names boroughs anyway).
LONDON_AREAS = frozenset(load_words("london_areas"))
POLICE_TERMS = frozenset(load_words("police_terms"))
# Acronyms of the job that a capitals test would take for surnames.
ACRONYMS = frozenset(load_words("acronyms"))
ABBREVIATIONS = frozenset(load_words("abbreviations"))
# ordinary words of the job, never names
CORE_POLICE_TERMS = POLICE_TERMS | DOMAIN_WORDS | ACRONYMS | ABBREVIATIONS
POLICE_TERMS = (
    POLICE_TERMS
    | DOMAIN_WORDS
    | ACRONYMS
    | ABBREVIATIONS
    | frozenset(load_words("acronyms_extra"))
    | frozenset(load_words("force_words"))
    | frozenset(load_words("medicines"))
)
# Words that never start or make up a name, even after a title in capitals ("PS AND I").
FUNCTION_WORDS = frozenset(load_words("function_words"))
MONTHS_AND_DAYS = frozenset(load_words("months_and_days"))
TITLES = frozenset(load_words("titles"))
RANKS = frozenset(load_words("ranks"))
STREET_SUFFIXES = load_words("street_suffixes")  # in file order


# Letters that Unicode does not decompose into a base letter and an accent.
_PLAIN_LETTERS = str.maketrans(
    {
        "ı": "i",
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


@cache
def fold(word: str) -> str:
    """Lower case, accents removed, dotless i as i, "łukasz" as "lukasz"."""
    text = unicodedata.normalize("NFKD", word.lower().translate(_PLAIN_LETTERS))
    return "".join(c for c in text if not unicodedata.combining(c))


@cache
def name_sets() -> tuple[frozenset[str], frozenset[str]]:
    """(first names, surnames), folded; parts of double-barrelled names included. Read from
    the lists scripts/make_startup_words.py makes of faker_name_sets(): folding Faker's
    locales took ~0.6 s in every worker (a test keeps the lists equal to it)."""
    return frozenset(load_words("faker_first_names")), frozenset(load_words("faker_surnames"))


def faker_name_sets() -> tuple[frozenset[str], frozenset[str]]:
    """name_sets() as the installed Faker gives them."""
    import importlib

    import faker.config

    first: set[str] = set()
    last: set[str] = set()
    for locale in faker.config.AVAILABLE_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr, bucket in (
            ("first_names", first),
            ("first_names_male", first),
            ("first_names_female", first),
            ("last_names", last),
            ("last_names_male", last),
            ("last_names_female", last),
        ):
            names = getattr(provider, attr, ())
            if not isinstance(names, (tuple, list, dict)):
                continue  # some locales compute these as properties
            for name in names:
                if isinstance(name, str) and name.isascii() or _latin(name):
                    for part in name.replace("-", " ").split():
                        if len(part) > 1:
                            bucket.add(fold(part))
    return frozenset(first), frozenset(last)


def _latin(name: object) -> bool:
    return isinstance(name, str) and all(
        c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in name
    )


@cache
def common_words() -> frozenset[str]:
    """The most frequent English words (lower case)."""
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", 6000))


@cache
def very_common_words() -> frozenset[str]:
    from wordfreq import top_n_list

    return frozenset(top_n_list("en", 1200))


@cache
def rare(word: str) -> bool:
    """A word English text hardly uses: a capitalised rare word is likely a name."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en") < 2.5


@cache
def kept_places() -> frozenset[str]:
    """Borough names and their words: published anyway, never redacted."""
    words = set()
    for borough in values("borough"):
        words.add(borough.lower())
        words.update(w.lower() for w in borough.split() if len(w) > 3)
    words.update({"city of westminster", "london", "heathrow"})
    words.update(LONDON_AREAS)
    words.update(p.lower() for p in listed_places())
    return frozenset(words)


@cache
def listed_places() -> tuple[str, ...]:
    """The lines of data/places.txt (areas, landmarks, shops, hospitals, UK cities) and of
    data/venues.txt (grounds, clubs, operators, events) but for venues named like streets."""
    venues = tuple(v for v in load_words("venues") if not _street_shaped(v))
    return tuple(dict.fromkeys(load_words("places") + venues))


@cache
def street_venues() -> tuple[str, ...]:
    """Grounds and stations named like streets ("Portman Road", "Liverpool Street"): the venue
    only in a record about a match, an event or a journey; elsewhere the street."""
    return tuple(v for v in load_words("venues") if _street_shaped(v))


def _street_shaped(place: str) -> bool:
    return place.split()[-1].lower() in _STREET_WORDS


@cache
def _event_context() -> re.Pattern:
    words = "|".join(sorted(load_words("event_context_words"), key=len, reverse=True))
    # or a fixture: "Ipswich v Norwich", "LEEDS VS BRADFORD"
    return re.compile(r"(?i:\b(?:" + words + r")\b)|\b[A-Z][\w'’.-]+\s+(?:v|vs|V|VS)\.?\s+[A-Z]")


_LANDMARK_NOUNS = "|".join(load_words("landmark_nouns"))


@cache
def _kept_phrase_pattern() -> re.Pattern:
    saint = r"(?:St\.?|Saint|ST\.?)\s+"
    landmark = (
        r"(?:" + saint + r")?(?:[A-Z][\w'’&-]*\s+(?:(?i:and|&|of|on|upon)\s+)?){1,3}"
        r"(?i:" + _LANDMARK_NOUNS + r")(?!\w)"
    )
    saints = saint + r"[A-Z][\w-]*(?:['’]s|['’](?!\w))?"
    # "Op Falcon", "Op KESTREL", "Operation Trident"; "PD Rex" is a police dog; "Trojan 511",
    # "NPAS 43", "India 99" are units' call signs
    named = (
        r"(?:Op|OP|Operation|OPERATION|PD|Police\s+[Dd]og|POLICE\s+DOG)\.?\s+[A-Z][\w-]*"
        r"|(?:Trojan|TROJAN|NPAS|India|INDIA|Tango|Sierra|Bravo|Delta|Alpha|Kilo|Lima|Oscar|"
        r"Yankee|Zulu|Echo|Foxtrot|Hotel|Whiskey|Uniform)\s?\d{1,3}[A-Z]?(?!\w)"
    )
    return re.compile(r"(?<!\w)(?=[A-Z0-9])(?:" + landmark + "|" + saints + "|" + named + ")")


_WORD_AT = re.compile(r"(?<!\w)[A-Z0-9][\w'’&.-]*")


@cache
def _listed_index(street_shaped: bool = False) -> dict[str, tuple[re.Pattern, ...]]:
    """The listed places (or the venues named like streets) by their first word, each a
    pattern to try where that word stands (longest first): one dictionary look-up a word
    instead of a 450-way alternation."""
    index: dict[str, list[str]] = {}
    places = street_venues() if street_shaped else listed_places()
    for place in sorted(places, key=len, reverse=True):
        index.setdefault(_TOKENS.findall(place.lower())[0], []).append(place)
    return {
        word: tuple(
            re.compile(r"(?i:" + re.escape(p).replace(r"\ ", r"\s+") + r")(?!\w)") for p in places
        )
        for word, places in index.items()
    }


def _listed_matches(text: str, street_shaped: bool = False) -> list[re.Match]:
    index = _listed_index(street_shaped)
    found = []
    for word in _WORD_AT.finditer(text):
        first = _TOKENS.match(word.group().lower())
        for pattern in index.get(first.group() if first else "", ()):
            m = pattern.match(text, word.start())
            if m:
                found.append(m)
                break
    return found


_TOKENS = re.compile(r"[a-z0-9]+")


@cache
def _first_words(name: str) -> frozenset[str]:
    """The first word of each entry of a list, as `_TOKENS` reads it."""
    return frozenset(_TOKENS.findall(entry.lower())[0] for entry in load_words(name))


def _mentions(text: str, name: str) -> bool:
    """Whether any word of the text starts an entry of the list: a big alternation is only
    worth scanning when one does (most texts name no listed place or vehicle)."""
    return not _first_words(name).isdisjoint(_TOKENS.findall(text.lower()))


@cache
def _vehicle_pattern() -> re.Pattern:
    names = sorted(load_words("vehicles"), key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(
        r"(?<!\w)(?i:" + alternatives + r")(?!\w)"
        # its model ("John Deere 6155R", "Honda TRX420"), but never a plate ("Ford Focus
        # yk18 tzn", "05-DL-7721")
        r"(?:\s+(?=[A-Za-z0-9]*\d)[A-Za-z0-9]{2,7}(?![\w-])(?!\s+[A-Za-z]{3}\b))?"
    )


def vehicle_spans(text: str) -> list[tuple[int, int]]:
    """Where the text names a vehicle's make or model ("Ford Ranger", "Honda TRX420"), model
    number and all: no person, and its number no identifier."""
    if not _mentions(text, "vehicles"):
        return []
    return [m.span() for m in _vehicle_pattern().finditer(text)]


_NAMED = re.compile(r"(?:Op|OP|Operation|OPERATION|PD|Trojan|TROJAN|NPAS|India|INDIA)\b")


def kept_phrases(text: str) -> list[tuple[int, int]]:
    """Where the text names a public place ("Forest Gate station", "St George's Hospital",
    "up from Devon"): weak evidence of a name or an address inside one is not enough. An
    operation's name may be in capitals ("Op KESTREL")."""
    found = list(_kept_phrase_pattern().finditer(text)) + _listed_matches(text)
    found += [m for m in _CLUB.finditer(text) if _town(m.group(1))]
    if _event_context().search(text):
        found += _listed_matches(text, street_shaped=True)
    return [
        m.span()
        for m in sorted(found, key=lambda m: m.start())
        if _NAMED.match(m.group()) or _one_style(m.group())
    ]


_CLUB = re.compile(
    r"(?<![\w'’-])((?:[A-Z][\w'’.-]*\s+)?[A-Z][\w'’.-]*)\s+(?i:"
    + "|".join(load_words("club_nouns"))
    + r")(?![\w'’-])"
)


def _town(words: str) -> bool:
    """ "Hereford", "Milton Keynes", "Bishop's Stortford": a town the lists know, for a club
    (a town of several words by its rare last word, as uk_place_words holds them)."""
    from uofclean.redact.safelist import uk_place_words

    return words.lower() in kept_places() or words.lower().split()[-1] in uk_place_words()


_CONNECTORS = frozenset(["on", "of", "and", "upon", "&", "st", "st."])


def _one_style(phrase: str) -> bool:
    """ "Victoria Park" and "VICTORIA PARK" are places; "Ji-hoon PARK" is a name, and so is
    "LOCKWOOD on Clifton Suspension Bridge": a place is written in one style, never with a
    surname in capitals among capitalised words. "the Holloway Road bridge" is a street."""
    words = phrase.split()
    if words[-1].lower() == "bridge" and any(w.lower() in _STREET_WORDS for w in words[:-1]):
        return False
    styled = [w for w in words if w.lower() not in _CONNECTORS and len(w) > 1]
    if len(styled) > 1 and styled[-1].isupper() and len(styled[-1]) <= 3:
        styled = styled[:-1]  # "Hereford FC", "Bolton PIC": the noun is an acronym
    capitals = [w.isupper() for w in styled]
    if any(capitals) and not all(capitals) and not words[-1].islower():
        return False
    if len(words) > 1 and words[-1].islower():
        # "Burnley custody" is a place; "Mareck HORVATH on custody record" is not
        if any(w.isupper() and len(w) > 1 for w in words[:-1]):
            return False
        if any(w.lower() in _CONNECTORS for w in words):
            from uofclean.redact.safelist import word_safety

            return all(word_safety(w) == 2 for w in words[:-1] if w[:1].isupper())
    return True


_STREET_WORDS = frozenset(load_words("street_words"))


@cache
def is_name_word(word: str) -> bool:
    """In the gazetteer; for "Campbell-Hughes", any of its parts."""
    first, last = name_sets()
    w = fold(re.sub(r"['’]s$", "", word.strip("'’")))
    return any(p in first or p in last for p in [w, *w.split("-")] if p)


@cache
def _bare_street_names() -> frozenset[str]:
    return frozenset(n.lower() for n in load_words("bare_street_names"))


def street_named_bare(word: str) -> bool:
    """ "Headrow", "Trongate", "Kingsway": a street's name with no suffix word."""
    low = word.lower()
    return low in _bare_street_names() or low.endswith(("gate", "way"))
