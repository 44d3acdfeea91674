"""Dates of birth, postcodes and street addresses."""

from __future__ import annotations

import re

from uofclean.entities import Entity
from uofclean.redact import lexicon as lx
from uofclean.redact.data import load_words
from uofclean.redact.dates import HHMM, incident_date
from uofclean.redact.lexicon import STREET_SUFFIXES
from uofclean.redact.recognizers.base import GroupRegexRecognizer, Rule

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|"
    # Welsh months: "3 Chwefror 1998", "14 Awst 1997"
    r"Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr)"
)
# A date written in words: "the twelfth of December nineteen seventy-eight", "twenty-third
# of May 1971"
_UNITS_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS_WORD = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_ORDINAL_WORD = (
    r"(?:(?:twenty|thirty)[\s-])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|thirtieth"
)
_YEAR_WORDS = (
    r"(?:nineteen|two\s+thousand(?:\s+and)?)(?:[\s-]+(?:"
    + _TENS_WORD
    + r"(?:[\s-]"
    + _UNITS_WORD
    + r")?|"
    + _TEENS_WORD
    + r"|"
    + _UNITS_WORD
    + r"|o[\s-]"
    + _UNITS_WORD
    + r"))?"
)
WORDS_DATE = (
    r"(?:the\s+)?(?:"
    + _ORDINAL_WORD
    + r"|\d{1,2}(?:st|nd|rd|th)?)\s+(?:of\s+)?"
    + MONTH
    + r",?\s+(?:"
    + _YEAR_WORDS
    + r"|\d{4}|\d{2})"
)
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})"
    r"|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2}"
    # "1st November 1979", "07JAN85", "7-Jan-1985"
    r"|\d{1,2}(?:st|nd|rd|th)?[\s\-]*(?:of\s+)?" + MONTH + r"\.?,?[\s\-]*\d{2,4}"
    r"|" + MONTH + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{8}(?!\d))"
)
DOB_CUE = r"(?:D\.?O\.?B\.?|date\s+of\s+birth|born(?:\s+on)?|birth\s*date|b\.)"
OUTWARD = r"(?:[A-Z]{1,2}\d[A-Z\d]?|[A-Z]{1,2}\d{1,2})"
LONDON_DISTRICT = r"(?:N|E|SE|SW|W|NW|WC|EC)\d{1,2}[A-Z]?"
OTHER_DISTRICT = (
    r"(?:CR|BR|IG|RM|HA|UB|TW|KT|SM|DA|EN|WD|SL|CM|SS|ME|TN|RH|GU|LU|AL|SG|RG|OX|CB|MK|HP)\d{1,2}"
)
_SUFFIX = "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True))
NUMBERED_STREET_WORDS = "|".join(
    sorted(set(load_words("numbered_street_words")) | set(STREET_SUFFIXES), key=len, reverse=True)
)
# "PC Wood" and "Mrs Field" are people, not streets.
_NOT_TITLE = r"(?!(?:PC|PS|DC|DS|DI|TDC|Sgt|Insp|Mr|Mrs|Ms|Miss|Mx|Dr)\b)"
CAP_WORD = r"(?:St\.?\s|Saint\s)?" + _NOT_TITLE + r"[A-Z][A-Za-z'’-]+"
# A suffix may follow another ("Bethnal Green Road", "Stockwell Park Court").
# ... and a compass word that is part of the street's name: "High Street North", "Whitton
# Avenue West" (capitalised only: "the high street north of the river" is not)
SUFFIXES = (
    r"(?:" + _SUFFIX + r")(?:\s+(?:" + _SUFFIX + r"))*(?:\s(?-i:North|South|East|West|Central)\b)?"
)
# "PLACE OF SAFETY" is not a street
# "Prince of Wales Road", "Duke of York Street": "of" joins a street's capitalised words
STREET = (
    r"(?:"
    + CAP_WORD
    + r"(?:\s+of(?:\s+the)?(?=\s+[A-Z]))?\s+){1,3}?"
    + SUFFIXES
    + r"\b(?!\s+(?i:of)\b)"
)
# Words that never make up a street name ("s.23 MDA on West Green Road", "Section 60
# authorisation in place", "WE MADE OUR WAY", "INSIDE MCDONALD'S BRIXTON ROAD").
NOT_STREET_WORDS = list(load_words("not_street_words"))
_NOT_STREET = r"(?!(?:" + "|".join(NOT_STREET_WORDS) + r")\b)"  # for case-blind rules
_NOT_STREET_WORD = _NOT_STREET.upper().replace(r"\B", r"\b")  # records in capitals
STREET_ANY_CASE = r"(?:" + _NOT_STREET + r"[A-Za-z][A-Za-z'’-]+\s+){1,3}?" + SUFFIXES + r"\b"
# A number after "s." or "section" is legislation, not a house number.
_NOT_LEGISLATION = r"(?<!s\.)(?<!s\.\s)(?<!s)(?<!section\s)(?<!sec\.\s)(?<!article\s)"
# In records typed in capitals: words that never start or make up a street name.
_CAPS_SUFFIX = "|".join(s.upper() for s in STREET_SUFFIXES if s not in ("St", "Dr", "Cl", "Gr"))
# "Married Quarter 22 Alma Crescent", "MQ 14 Meiktila Road": a service family's quarter is
# its house number
FLAT = r"(?:(?:Flat|Apartment|Apt|Unit|Room|Maisonette|Married\s+Quarters?|MQ)\s*\d+[A-Za-z]?,?\s+)"
# Streets with no suffix word ("47 Westgate", "on Kirkgate", "along the Headrow"): a word
# ending like a street, or one of data/bare_street_names.txt, as written or in capitals.
_BARE_NAMES = sorted(
    {f for n in load_words("bare_street_names") for f in (n, n.upper())}, key=len, reverse=True
)
_BARE_SET = frozenset(_BARE_NAMES)


def _trie(words: list[str]) -> str:
    """One alternation for many names, their shared beginnings factored out ("Bigg Market|Bird
    Street" as "Bi(?:gg Market|rd Street)"): with hundreds of names a flat list is tried name
    by name at every capital letter of the text."""
    tree: dict = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        branches = [
            (r"\s+" if c == " " else re.escape(c)) + walk(child)
            for c, child in sorted(node.items())
            if c
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return walk(tree)


BARE_STREET = (
    r"(?:[Tt]he\s+|THE\s+)?(?:"
    + _trie(_BARE_NAMES)
    + r"|(?:\p{Lu}\p{Ll}+(?:gate|way)|\p{Lu}{2,}(?:GATE|WAY)))(?![\w'’-])"
)
# the listed names of two words or more ("Bigg Market", "LOW PAVEMENT", "Holloway Head"):
# streets wherever they stand, since the list leaves out names that are places too
_BARE_PHRASE = r"(?<![\w'’-])(?:" + _trie([n for n in _BARE_NAMES if " " in n]) + r")(?![\w'’-])"
# where a street stands: after a house number, or a preposition one uses of streets, not
# towns ("on Kirkgate", "along Briggate"; "in Margate" is the town)
_BARE_STREET_BEFORE = (
    r"(?<=\b(?i:on|along|down|up|off|onto|opposite|crossing|junction\s+with|corner\s+of)\s)"
)


# Words that make a street whatever stands before them; the others ("POINT", "COURT",
# "GATE") need a word before them that is not plain English: "PRESSURE POINT" is no street.
_STRONG_SUFFIXES = frozenset(
    "ROAD RD STREET LANE AVENUE AVE CRESCENT CRES TERRACE GROVE CLOSE MEWS BOULEVARD".split()
)


def _bare_street(value: str) -> bool:
    """ "Westgate", "Kingsway", "Broadway" are streets where a house number or "along" stands
    before them; "doorway" and "subway" are words, "Subway" a chain."""
    from wordfreq import zipf_frequency

    from uofclean.redact.safelist import rare_english_words

    words = [w for w in value.split() if w.lower() != "the" and not any(c.isdigit() for c in w)]
    word = words[-1]
    if " ".join(words) in _BARE_SET or word in _BARE_SET:
        return True
    low = word.lower()
    # street names are rarer in English than "doorway" (3.5) or "walkway" (3.2): "Westgate"
    # and "Harrogate" 2.9, "Kingsway" 2.4
    return (
        zipf_frequency(low, "en") < 3.0 and low not in rare_english_words() and low not in lx.BRANDS
    )


def _named_street_lower_suffix(text: str, start: int, end: int) -> int | None:
    """The word before the suffix names a street: a name or no everyday word, and no town
    after "the" ("the Tregaron road")."""
    from uofclean.redact.safelist import place_spans

    words = text[start:end].split()
    name = words[-2]
    low = name.lower()
    if low in lx.FUNCTION_WORDS or low in lx.POLICE_TERMS or low in lx.MONTHS_AND_DAYS:
        return None
    if low in lx.common_words() and not lx.is_name_word(name):
        return None
    if text[:start].lower().endswith("the ") and place_spans(" ".join(words[:-1]), False):
        return None
    if len(words) == 3 and words[0].lower() in lx.common_words():
        return start + len(words[0]) + 1  # "Then Lichfield st": the street is the last two
    return start


def _street_after_town(text: str, start: int, end: int) -> int | None:
    """ "great yarmouth regent rd": the street starts after the town written before it; a
    suffix inside a place's name is the place's ("bury st edmunds", "conveyed st leonards")."""
    from uofclean.redact.safelist import place_spans

    n = end - start
    if any(a < n < b for a, b in place_spans(text[start : end + 40], False)):
        return None  # the suffix is inside a place's name: "bury st edmunds"
    value = text[start:end]
    towns = place_spans(value, False)
    if towns and towns[0][0] == 0:
        rest = value[towns[0][1] :].lstrip(" ,")
        if len(rest.split()) >= 2:
            return end - len(rest)
    return start


def _caps_street(value: str) -> bool:
    from uofclean.redact.safelist import word_safety

    words = value.split()
    if words[-1] in _STRONG_SUFFIXES:
        return True
    return any(word_safety(w) < 2 for w in words[:-1])


_SITE_NOUNS = "|".join(load_words("site_nouns"))
_FUNCTION = "(?:the|a|an|at|to|of|on|in|from|near|and|his|her|their|our|my|this|that)"
_HOUSE_NAMES = "|".join(n.replace(" ", r"\s+") for n in load_words("house_name_nouns"))
_STREET_FIRST_WORDS = sorted(load_words("street_first_words"), key=len, reverse=True)
_STREET_FIRST = "|".join(_STREET_FIRST_WORDS)
_STREET_FIRST_CAPITAL = "|".join(w.capitalize() for w in _STREET_FIRST_WORDS)
# the article between a street's kind and its name: Welsh y/yr/'r, Gaelic an/na/nan/a' (with
# the h- or t- a Gaelic name takes after some of them: "na h-Eaglaise", "an t-Sléibhe")
_STREET_ARTICLE = r"(?:(?:y|yr|'r|an|na|nan|a')\s+(?:[ht]-)?)?"
# each word as written (lower, capitalised, capitals): a case-blind alternation at every
# word is slow
_CELTIC_HOUSE = "|".join(
    sorted({f for w in load_words("celtic_house_words") for f in (w, w.capitalize(), w.upper())})
)


_ABROAD_KINDS = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in load_words("street_kinds_abroad")
)
_ABROAD_NAME = (
    r"(?:(?:de|des|du|la|le|del|della|di|da|do|dos|das|lui|van|der)\s+)?\p{Lu}[\p{L}'’-]+"
)
# "ul. Mikołowska", "Rue de Brabant": the kind (any case, "Via" capitalised) and one to
# three words of its name
_ABROAD_STREET = (
    r"(?<![\w.])(?:(?i:"
    + _ABROAD_KINDS
    + r")|Via|Viale)\s+"
    + _ABROAD_NAME
    + r"(?:\s+"
    + _ABROAD_NAME
    + r"){0,2}"
)
# the house number and what follows it: "42/7", "212", "7, bl. C2, ap. 34"
_ABROAD_NUMBER = (
    r"\d{1,4}[A-Za-z]?(?:/\d{1,4})?(?:,\s*(?i:bl|sc|et|ap|apt|kv|m)\.?\s*[A-Z0-9]{1,4}\b){0,4}"
)
# The Channel Islands' and France's roads name their kind first, with an article after it:
# "La Route de la Lande", "Rue des Marais", "7 Le Clos des Sables", "La Grande Route des
# Mielles"; and a house's name before one is the address's first part ("Le Courtil Blanc,
# La Route de la Lande", "La Ferme des Chênes, La Rue de la Campagne")
_FRENCH_ARTICLE = r"(?:de\s+la|de\s+l['’]|des|du|de|d['’]|à\s+la|au|aux|la|le|les|l['’])"
_FRENCH_STREET = (
    r"(?:(?:La|Le|Les|L['’])\s*)?(?:(?:Grande|Petite|Vieille|Haute|Basse)\s+)?"
    r"(?:Rue|Route|Ruette|Ruelle|Chemin|Clos|Impasse|Mont|Val|Côte|Cote|Carrefour|Rond-Point)\s+"
    + _FRENCH_ARTICLE
    + r"\s*\p{Lu}[\p{L}'’-]+(?:\s+(?:"
    + _FRENCH_ARTICLE
    + r"\s*)?\p{Lu}[\p{L}'’-]+)?"
)
_FRENCH_HOUSE = (
    r"(?:La|Le|Les|L['’])\s*\p{Lu}[\p{L}'’-]+(?:\s+(?:(?:de|des|du|de\s+la|aux)\s+)?"
    r"\p{Lu}[\p{L}'’-]+){0,2},\s+(?=" + _FRENCH_STREET + r")"
)
_NUMBERED_PART = (
    r"\b(?:Street|Sector|Block|Lane|House|Plot|Phase|Gali|Mohalla)\s*(?:No\.?\s*)?"
    r"\d{1,5}(?:-?[A-Z])?\b"
)


def _house_part(value: str) -> bool:
    """ "House No. 1187, Sector 22-B": a house's parts, not "Lane 1, Lane 2" of a motorway."""
    return bool(re.search(r"\b(?:House|Plot|Gali|Mohalla)\b", value))


_TOWN_BEFORE = re.compile(r"([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}),?[ \t]+$")


def _after_town(text: str, start: int, end: int) -> int | None:
    """An outward code stands alone after a town ("Wythenshawe M22"): not a road then."""
    from uofclean.redact.safelist import place_spans

    town = _TOWN_BEFORE.search(text, max(0, start - 40), start)
    if town is None or text[: town.start()].endswith(("the ", "The ")):
        return None
    found = place_spans(town.group(1), False)
    return start if found and found[-1][1] == len(town.group(1)) else None


_TOWN_AFTER = re.compile(r",?[ \t]+([A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})")


def _bare_street_by_town(text: str, start: int, end: int) -> int | None:
    """A street with no suffix word beside its town ("Kirkgate, Wakefield", "Kirkgate
    Huddersfield", "Lincoln, Bailgate"), itself no town: where the town is named, the word
    beside it is its street."""
    from uofclean.redact.safelist import place_spans

    if not _bare_street(text[start:end]) or place_spans(text[start:end], True):
        return None
    town = _TOWN_BEFORE.search(text, max(0, start - 40), start)
    # with its comma: "Wakefield Kirkgate" is the town's station
    if town is not None and town.end() == start and "," in text[town.end(1) : start]:
        found = place_spans(town.group(1), True)
        if found and found[-1] == (0, len(town.group(1))):
            return start
    town = _TOWN_AFTER.match(text, end)
    if town is not None:
        found = place_spans(town.group(1), True)
        if found and found[0][0] == 0:
            return start
    return None


def _no_chain(value: str) -> bool:
    """ "at Tesco, Mill Road" is the chain's shop, not a house's name."""
    low = value.lower()
    return low not in lx.BRANDS and low.split()[0] not in lx.BRANDS and low not in lx.kept_places()


def _known_area(code: str) -> bool:
    from uofclean.redact.safelist import postcode_areas

    # after a street the single-letter areas (B, M, S) are districts, not roads
    area = re.sub(r"[^A-Z].*", "", code).lower()
    return area in postcode_areas() or area in ("b", "m", "s")


_PLACE_BEFORE_LOWER = re.compile(r"((?:[a-z][a-z'’-]+ ){0,2}[a-z][a-z'’-]+),? $")


def _after_place_lower(text: str, start: int, end: int) -> int | None:
    """A lower-case outward code right after a town or district in a record typed in lower
    case ("moss side m14", "kidderminster dy11"): its postcode, not a word."""
    from uofclean.redact.recognizers.names import lower_heavy
    from uofclean.redact.safelist import place_spans

    if not lower_heavy(text):
        return None
    before = _PLACE_BEFORE_LOWER.search(text, max(0, start - 40), start)
    if before is None:
        return None
    words = before.group(1)
    found = place_spans(words, False)
    return start if found and found[-1][1] == len(words) else None


def _known_area_lower(code: str) -> bool:
    return _known_area(code.upper())


# "interview room 3", "consultation room 2": rooms of public buildings, as lookbehinds
_NOT_PUBLIC_ROOM = "".join(
    rf"(?<!{re.escape(w)}\s)(?<!{re.escape(w)}-)" for w in load_words("public_rooms")
)


# A room, bed, cell or berth and its number, one or several ("Block 9, Flat 3, Room 2"), and
# where in the building it is ("on E wing", "in D Hall", ", Cherry block")
_UNIT_WORDS = (
    "room",
    "rm",
    "bedroom",
    "bedsit",
    "bed",
    "bay",
    "cubicle",
    "cell",
    "berth",
    "mooring",
    "pontoon",
    "landing",
    "flat",
    "block",
    "van",
    "caravan",
    "pitch",
    "plot",
)
_DWELLING_WORDS = tuple(_UNIT_WORDS)
_UNIT = (
    r"(?i:" + "|".join(_UNIT_WORDS) + r")\s*(?:no\.?\s*)?"
    r"(?:[A-Z]{1,2}-?\d{1,4}(?:[-/]\d{1,3})?|\d{1,4}(?:[-/]\d{1,3})?[A-Za-z]?|[A-Z])(?![\w/])"
)
_PART = r"(?i:wing|unit|hall|house|block|corridor|landing|ward)"
_WHERE = (
    r"(?:,?\s+(?:on|in|of)\s+|,\s*)(?:(?:the\s+)?(?:[A-Z][\w'’-]*|\d{1,2})\s+"
    + _PART
    + r"|"
    + _PART
    + r"\s+(?:[A-Z]\w*|\d{1,2}))(?![\w])"
)
DWELLING = (
    r"(?P<units>" + _UNIT + r"(?:(?:,\s*|\s+)" + _UNIT + r")*)"
    r"(?!\s*(?:officers?|times|minutes?|mins?|hours?|of\s+the\s+(?:custody|station|court))\b)"
    r"(?P<where>" + _WHERE + r")?"
)
# the building's name after a comma: ", Ashlea Court Care Home", ", Bellgrove Hostel"
_BUILDING = r",\s+(?P<building>(?:[A-Z][\w'’-]*\s+){0,4}[A-Z][\w'’-]*)"


def _dwelling(value: str) -> bool:
    """A custody cell ("placed in cell 4") is the station's; a prison's cell has its wing or
    its landing's numbering ("cell 3-17", "cell 14 on B wing")."""
    m = re.match(DWELLING, value)
    if m is None:
        return False
    units = m.group("units")
    if re.match(r"(?i:cell)\b", units):
        return bool(m.group("where")) or bool(re.search(r"\d[-/]\d|[A-Z]\d", units))
    # one letter alone: "Block C" is taken with a flat, by _BLOCK
    return not re.fullmatch(r"(?i:flat|block|van|caravan|pitch|plot|room|rm)\s*[A-Z]", units)


def _dwelling_in_building(value: str) -> bool:
    """..., and the building's name is no town and no sentence going on ("..., Leeds")."""
    from uofclean.redact.lexicon import FUNCTION_WORDS, POLICE_TERMS, kept_places

    m = re.match(DWELLING + _BUILDING, value)
    if m is None or not _dwelling(value[: m.end("units") + len(m.group("where") or "")]):
        return False
    building = m.group("building")
    first = building.split()[0].lower()
    return not (
        building.lower() in kept_places() or first in FUNCTION_WORDS or first in POLICE_TERMS
    )


# "Block C, Flat 4, Room 11", "Block 17, Flat 3" of halls and estates
_BLOCK = r"Block\s+(?:[A-Z]|\d{1,3})\b(?:,?\s+(?:Flat|Room|Apartment)\s*\d{1,4}[A-Za-z]?)*"


def _not_a_town_first(value: str) -> bool:
    """ "Parkwood, Block 17" is the halls' name; "Southampton, Block C" the town's."""
    from uofclean.redact.lexicon import kept_places

    return value.split(",")[0].split(" Block")[0].strip().lower() not in kept_places()


def _not_a_town(value: str) -> bool:
    """ "GREYSTONES" is a house's name; "WORKSOP" a town's."""
    from uofclean.redact.safelist import place_spans

    whole = (0, len(value))
    return _not_a_town_first(value) and whole not in place_spans(value, False)


def _boat_name(value: str) -> bool:
    """A boat's name, not what follows the word "boat" ("boat Tuesday", "boat Police")."""
    from uofclean.redact.lexicon import FUNCTION_WORDS, MONTHS_AND_DAYS, POLICE_TERMS

    if value[:1] in "\"“‘'":
        return True  # a quoted name is the boat's: "The Wandering Heron"
    words = [w.lower() for w in value.split()]
    return bool(words) and not (
        words[0] in FUNCTION_WORDS or words[0] in MONTHS_AND_DAYS or words[0] in POLICE_TERMS
    )


# between the cue and the date: "DOB: ", "dob - ", "date of birth as '", "dob given as "
_DOB_JOIN = r"\s*[:\-]?\s*(?:(?:given\s+|stated\s+)?as\s+)?['\"‘“]?"


def _not_incident_date(text: str, start: int, end: int) -> int | None:
    """An old date with no birth cue is a birth, unless written as the incident's."""
    return None if incident_date(text, start, end) else start


def dob_year_old(text: str) -> bool:
    """A date whose year is long past is a date of birth, not the incident's."""
    years = re.findall(r"\d{4}|\d{2}(?!\d)", text)
    if not years:
        return False
    year = years[-1]
    value = (
        int(year) if len(year) == 4 else (1900 + int(year) if int(year) > 30 else 2000 + int(year))
    )
    return 1900 <= value <= 2012


def recognizers() -> list[GroupRegexRecognizer]:
    return [
        GroupRegexRecognizer(
            Entity.DOB,
            "date-of-birth",
            [
                Rule(
                    DOB_CUE + _DOB_JOIN + r"(?P<pii>" + DATE + r")",
                    0.95,
                    words=("dob", "d.o.b", "d.ob", "do.b", "birth", "born", "b."),
                ),
                Rule(
                    DOB_CUE + _DOB_JOIN + r"(?P<pii>" + WORDS_DATE + r")(?![\w])",
                    0.9,
                    words=("dob", "d.o.b", "birth", "born"),
                ),
                Rule(
                    r"(?<![\w/])(?P<pii>" + DATE + r")(?![\w/])",
                    0.6,
                    dob_year_old,
                    refine=_not_incident_date,
                ),
                Rule(r"(?:aged?|age)\s+\d{1,2}\s*\((?P<pii>" + DATE + r")\)", 0.9),
            ],
        ),
        GroupRegexRecognizer(
            Entity.POSTCODE,
            "uk-postcode",
            [
                # Inward letters taken loosely: typed postcodes have typos too.
                Rule(r"(?<![\w/])" + OUTWARD + r"\s{0,2}\d[A-Z]{2}(?![\w/])", 0.9),
                # but a road: "on the N15 outside the town" (Ireland's N and R roads), not
                # "the N15 area"
                Rule(
                    r"(?<![\w/])(?:(?<!the\s)(?<!THE\s)|(?=\w+\s+(?i:area|district|postcode)))(?:"
                    + LONDON_DISTRICT
                    + "|"
                    + OTHER_DISTRICT
                    + r")(?![\w/])",
                    0.6,
                    flags=0,
                ),
                Rule(r"(?<![\w/])(?:se|sw|nw|wc|ec)\d{1,2}[a-z]?(?![\w/])", 0.6, flags=0),
                # Ireland's Eircodes ("A91 XT26", "d03 yp40"): a routing key, then four of the
                # letters and digits Eircodes use, a letter and a digit among them ("A46 near"
                # is a road)
                Rule(
                    r"(?<![\w/])(?:[ac-fhknprtv-y]\d{2}|d6w)\s?"
                    r"(?=[\dacdefhknprtvwxy]{0,3}[acdefhknprtvwxy])(?=[a-z]{0,3}\d)"
                    r"[\dacdefhknprtvwxy]{4}(?![\w/])",
                    0.85,
                ),
                # an outward code alone after a street: "Claremont Road, M14", "Westmoreland
                # St G42" (where "M14" is no motorway)
                Rule(
                    r"\b(?:" + _SUFFIX + r")\b,?\s+(?P<pii>" + OUTWARD + r")(?![\w/])",
                    0.8,
                    _known_area,
                    flags=0,
                    needs=r"\s[A-Z]{1,2}\d",
                ),
                # ... in a record typed in lower case: "12 racecommon rd s70", "48 wybourn
                # house rd s2"
                Rule(
                    r"\b(?:" + _SUFFIX.lower() + r")\b,?\s+(?P<pii>[a-z]{1,2}\d[a-z\d]?)(?![\w/])",
                    0.8,
                    _known_area_lower,
                    flags=0,
                    needs=r"[a-z]\s+[a-z]{1,2}\d",
                ),
                # ... and after a district, in a record typed in lower case: "flat 3 rowan
                # house moss side m14"
                Rule(
                    r"(?<![\w/])(?P<pii>[a-z]{1,2}\d[a-z\d]?)(?![\w/])",
                    0.8,
                    _known_area_lower,
                    flags=0,
                    needs=r"[a-z],?\s+[a-z]{1,2}\d",
                    refine=_after_place_lower,
                ),
                # ... and after a town: "Wythenshawe M22.", "Southampton SO15"
                Rule(
                    r"(?<![\w/])(?P<pii>" + OUTWARD + r")(?![\w/])",
                    0.75,
                    _known_area,
                    flags=0,
                    needs=r"[a-z],?\s+[A-Z]{1,2}\d",
                    refine=_after_town,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.ADDRESS,
            "street-address",
            [
                # 14b Farleigh Road; Flat 22 Arbour House, Weston Rise; 56 coldharbour lane
                Rule(
                    r"\b(?<![./:])(?=\d|(?i:flat|apartment|apt|unit|room|maisonette|married|mq)\b)"
                    + _NOT_LEGISLATION
                    + FLAT
                    # "14/3 Easter Road": Scotland's stair and flat, "14b", "7"
                    + r"?\d{1,4}[A-Za-z]?(?:/\d{1,2}[A-Za-z]?)?,?\s+"
                    + STREET_ANY_CASE
                    + r"(?:,?\s+"
                    + STREET
                    + r")?",
                    0.85,
                ),
                Rule(r"\b" + FLAT + STREET + r"(?:,?\s+" + STREET + r")?", 0.85, flags=0),
                # a house number and words no suffix list knows, before a postcode: "34
                # Brudenell Mount, LS6 1HQ", "Apt 5, Vernon Mill, SK1"
                Rule(
                    r"(?<![\w/.:])(?:" + FLAT + r"(?:\d{1,3}[A-Za-z]?,?\s+)?|\d{1,3}[A-Za-z]?,?\s+)"
                    r"(?:"
                    + CAP_WORD
                    + r"\s+){0,2}"
                    + CAP_WORD
                    + r"(?=,?\s+"
                    + OUTWARD
                    + r"(?:\s{0,2}\d[A-Z]{2})?(?![\w/]))",
                    0.8,
                    flags=0,
                ),
                # a house number, capitalised words and a word that ends a street only after
                # a number: "17 Audley Range", "9 Birkby Fold", "flat 4, 21 Lichfield Down"
                Rule(
                    r"(?<![\w/.:£$])"
                    + _NOT_LEGISLATION
                    + r"(?:"
                    + FLAT
                    + r")?\d{1,4}[A-Za-z]?,?\s+"
                    r"(?:" + CAP_WORD + r"\s+){1,2}(?:" + NUMBERED_STREET_WORDS + r")\b",
                    0.8,
                    flags=0,
                ),
                Rule(r"\b" + FLAT + r"\d", 0.8),
                # A house or flat number written apart from its street: "at no. 82",
                # "number 34", "Flat 23", "flat 4b" (not "bus number 12", "tactic no 2")
                # "Caravan 6", "plot 11": a site's unit is its word and number together
                # where someone lives or lies in an institution: "cell 3-17 on E wing", "bay 4
                # bed 2", "Room 14, Ashlea Court Care Home", "pontoon E berth 22"
                Rule(
                    r"(?<![\w-])" + _NOT_PUBLIC_ROOM + DWELLING,
                    0.7,
                    _dwelling,
                    flags=0,
                    words=_DWELLING_WORDS,
                ),
                Rule(
                    r"(?<![\w-])" + _NOT_PUBLIC_ROOM + DWELLING + _BUILDING,
                    0.7,
                    _dwelling_in_building,
                    flags=0,
                    words=_DWELLING_WORDS,
                ),
                # a room someone lives in: "Room 6" of an HMO, "room 14" of a hostel, "Block
                # C, Flat 4, Room 11" of halls (not "interview room 3": public_rooms.txt)
                Rule(
                    r"(?<![\w-])"
                    + _NOT_PUBLIC_ROOM
                    + r"(?:(?:bed)?(?:room|rm)|dorm(?:itory)?)\s*(?:no\.?\s*)?(?:[A-Za-z](?=\d))?\d{1,3}[A-Za-z]?"
                    r"(?![\w/:.]\d)"
                    r"(?!\s*(?:officers?|times|minutes?|mins?|hours?|of\s+the\s+(?:custody|station|court))\b)",
                    0.6,
                    words=("room", "rm", "dorm"),
                ),
                Rule(
                    r"\b(?:(?:[A-Z][\w'’-]+\s){0,2}[A-Z][\w'’-]+,?\s+)?" + _BLOCK,
                    0.7,
                    _not_a_town_first,
                    flags=0,
                    needs=r"Block\s",
                ),
                Rule(r"\b" + _BLOCK, 0.7, flags=0, needs=r"Block\s"),
                # a boat someone lives on, by its name: narrowboat "Morning Mist", the yacht
                # "Second Wind", a fishing boat Sea Sprite (liveaboard)
                Rule(
                    r"\b(?i:narrow\s?boat|house\s?boat|boat|yacht|barge|cruiser|widebeam|"
                    r"wide\s+beam|trawler|vessel|liveaboard|live-aboard)(?:\s+(?i:name|named|called))?"
                    r"\s+(?P<pii>\"[^\"\n]{2,30}\"|“[^”\n]{2,30}”|‘[^’\n]{2,30}’|'[^'\n]{2,30}'"
                    r"|(?:[A-Z][\w'’-]+\s){0,2}[A-Z][\w'’-]+)",
                    0.7,
                    _boat_name,
                    flags=0,
                    words=(
                        "boat",
                        "yacht",
                        "barge",
                        "cruiser",
                        "beam",
                        "trawler",
                        "vessel",
                        "aboard",
                    ),
                ),
                Rule(
                    r"\b(?:pitch|plot|berth|caravan|static|chalet)\s*[A-Z]?\d{1,4}[A-Za-z]?(?![\w/:.]\d)"
                    r"(?!\s*(?:officers?|times|of|x)\b)",
                    0.6,
                    words=("pitch", "plot", "berth", "caravan", "static", "chalet"),
                ),
                Rule(
                    r"(?<!bus\s)(?<!route\s)(?<!tactic\s)(?<!section\s)"
                    r"\b(?:no\.?|number|num|house|flat|apartment|apt|unit|maisonette|pitch|plot|"
                    r"berth|caravan|static)\s*"
                    r"(?P<pii>\d{1,4}[A-Za-z]?)(?![\w/:.]\d)(?!\s*(?:officers?|times|of|x|bus(?:es)?)\b)",
                    0.6,
                    words=(
                        "no",
                        "num",
                        "house",
                        "flat",
                        "apartment",
                        "apt",
                        "unit",
                        "maisonette",
                        "pitch",
                        "plot",
                        "berth",
                        "caravan",
                        "static",
                    ),
                ),
                # What follows an address cue, to the end of the clause: "ADDRESS FLAT 12B,
                # KESTREL HOUSE, 4 PRIORY GROVE", "lives at no. 14 Ravensbourne Park"
                Rule(
                    r"(?i:\b(?<!email\s)(?<!e-mail\s)(?:home\s+address|"
                    r"address(?:\s+(?:is|was|of|given\s+as))?|"
                    r"(?:lives|living|resides|residing|resident|staying)\s+at)\b)\s*[:\-]?\s*"
                    r"(?P<pii>(?!(?i:of|is|was|for|the|an?|to|as|given|unknown|not|on|at|in)\b)"
                    r"(?i:no\.\s*)?(?=(?i:flat|apartment|apt|unit)\b|\d|[A-Z])"
                    r"[^.;:\n()]{3,80}?)"
                    r"(?=\s*(?:[.;:\n()]|$)|(?<=[A-Za-z]\d)\s+[a-z]|(?<=\d[A-Za-z]{2})\s+[a-z]|"
                    r",?\s+(?i:and|who|where|when|he|she|they|with|but|"
                    r"for|as|at|on|in|after|before|since|while|re|regarding|about|following|to|from|by|"
                    r"because)\b)",
                    0.8,
                    words=("home", "address", "liv", "resid", "staying"),
                    flags=0,
                ),
                # a lower-case street after its town, as notes open: "slough, farnham rd",
                # "bishop auckland, newgate st", "colchester, north hill"
                Rule(
                    r"(?:^|[.\n]\s*)[a-z][a-z'’-]+(?:\s[a-z][a-z'’-]+)?,\s+"
                    r"(?P<pii>(?:[a-z][a-z'’-]+\s+){1,2}"
                    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|crescent|drive|gardens|grove|"
                    r"place|square|terrace|walk|mews|rise|parade|broadway|hill|way|row))\b",
                    0.7,
                    flags=0,
                ),
                # a capitalised name and its suffix typed in lower case: "Claremont rd",
                # "Kerry road", "Rose lane" (not "Illegal street", "Vehicle lane 12", "the
                # Tregaron road": the road to a town)
                Rule(
                    r"(?<![\w'’-])" + _NOT_TITLE + r"(?:[A-Z][a-z'’-]+\s+){1,2}"
                    r"(?:rd|st|road|street|lane|ln|avenue|ave|crescent|cres|terrace|gardens|gdns|"
                    r"grove|mews)\b(?!\.\w)(?!\s+\d)",
                    0.7,
                    flags=0,
                    needs=r"[a-z]\s(?:rd|st|road|street|lane|ln|avenue|ave|crescent|cres|"
                    r"terrace|gardens|gdns|grove|mews)\b",
                    refine=_named_street_lower_suffix,
                ),
                # a lower-case street with its suffix cut short, wherever it stands: "reading
                # town centre, friar st, 0245", "chalk farm rd", "norwich prince of wales rd"
                Rule(
                    r"\b(?:(?!" + _FUNCTION + r"\b)[a-z][a-z'’-]+\s+(?:of\s+)?){1,3}"
                    r"(?:rd|st|ln|ave|cres|gdns|tce)\b(?!\.\w)",
                    0.7,
                    flags=0,
                    needs=r"[a-z]\s(?:rd|st|ln|ave|cres|gdns|tce)\b",
                    refine=_street_after_town,
                ),
                # lower-case street names after a place word: "on walworth rd", "along rye lane",
                # "jct of lodge lane", "middlesbrough town centre linthorpe road"
                Rule(
                    r"\b(?:on|along|in|at|towards|near|into|off|from|outside|down|up|"
                    r"(?:jct|junction|corner)\s+of|(?:town|city)\s+centre,?)\s+"
                    r"(?P<pii>(?!the\b|a\b|his\b|her\b)(?:[a-z][a-z'’-]+\s+){1,2}"
                    r"(?:road|rd|street|st|lane|ln|avenue|ave|close|crescent|drive|gardens|grove|"
                    r"place|square|terrace|walk|mews|rise|parade|broadway)\b)",
                    0.7,
                    flags=0,
                ),
                # bare street names: "on Coldharbour Lane", "along Rye Lane"
                Rule(r"\b" + STREET, 0.7, flags=0),
                # streets with no suffix word: "47 Westgate, Wakefield", "on Kirkgate"
                Rule(
                    r"\b(?<![./:])\d{1,4}[A-Za-z]?,?\s+" + BARE_STREET,
                    0.85,
                    _bare_street,
                    flags=0,
                ),
                Rule(_BARE_PHRASE, 0.8, flags=0),
                # beside its town: "Kirkgate, Wakefield", "Lincoln, Bailgate"
                Rule(r"(?<![\w'’-])" + BARE_STREET, 0.8, flags=0, refine=_bare_street_by_town),
                # ("on Broadmead": a street even where a list has a district of that name)
                Rule(
                    _BARE_STREET_BEFORE + r"(?P<pii>" + BARE_STREET + ")",
                    0.85,
                    _bare_street,
                    flags=0,
                ),
                Rule(
                    r"\b(?=[A-Z]{2})(?:"
                    + _NOT_STREET_WORD
                    + r"[A-Z][A-Z'’-]+\s+){1,3}(?:"
                    + _CAPS_SUFFIX
                    + r")\b(?!\s+OF\b)",
                    0.6,
                    _caps_street,
                    flags=0,
                ),
                # a unit on a site: "Pitch 22, Tregarrick Sands Holiday Park", "caravan 41,
                # seaview caravan park", "Room 6, Glaramara View Hotel", "Plot 2, Oakwood Park
                # travellers' site"
                Rule(
                    r"\b(?:staff\s+)?(?:pitch|plot|caravan|chalet|static|lodge|berth|room|unit|"
                    r"cabin|van)\s*[A-Z]?\d{1,4}[A-Z]?,?\s+(?:the\s+)?"
                    r"(?:[\w'’-]+\s+){0,4}(?:" + _SITE_NOUNS + r")(?![\w'’])",
                    0.85,
                    words=(
                        "pitch",
                        "plot",
                        "caravan",
                        "chalet",
                        "static",
                        "lodge",
                        "berth",
                        "room",
                        "unit",
                        "cabin",
                        "van",
                    ),
                ),
                Rule(r"\bStaff\s+Caravan\s+\d{1,4}\b", 0.85, flags=0),
                # a house named for what it was: "The Old Rectory", "the old school house"
                Rule(r"\bthe\s+old\s+(?:" + _HOUSE_NAMES + r")\b", 0.75, words=("old",)),
                # a farm named in capitals or lower case: "HIGH HOUSE FARM", "low bands farm"
                Rule(
                    r"\b(?:at|of|from|near|to|called)\s+(?P<pii>(?:(?!" + _FUNCTION + r"\b)"
                    r"[a-z][a-z'’-]+\s+){1,3}(?:farm|farmhouse))\b",
                    0.7,
                    words=("farm",),
                    flags=0,
                ),
                Rule(
                    r"\b(?:AT|OF|FROM|NEAR|TO|CALLED)\s+(?P<pii>(?:(?!" + _FUNCTION.upper() + r"\b)"
                    r"[A-Z][A-Z'’-]+\s+){1,3}(?:FARM|FARMHOUSE))\b",
                    0.7,
                    words=("farm",),
                    flags=0,
                ),
                # a house's name before its street: "Holly Bank, Bury Road", "of Rosemount,
                # 4 Tettenhall Road"
                Rule(
                    r"\b(?i:at|of|to|outside|from|near|behind|called|named|attended|address|"
                    r"lives\s+at)[,:]?\s+(?P<pii>(?!The\b)(?:"
                    + CAP_WORD
                    + r"\s+){0,2}"
                    + CAP_WORD
                    + r"),\s+(?=(?:\d{1,4}[A-Za-z]?,?\s+)?"
                    + STREET
                    + r")",
                    0.85,
                    _no_chain,
                    flags=0,
                ),
                # ... and in capitals: "DOMESTIC AT GREYSTONES, WHEATFIELD DELL"
                Rule(
                    r"\b(?:AT|OF|TO|OUTSIDE|FROM|NEAR|BEHIND|CALLED|ATTENDED|ADDRESS)[,:]?\s+"
                    r"(?P<pii>(?!THE\b)[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){0,2}),\s+"
                    r"(?=(?:\d{1,4}[A-Z]?,?\s+)?(?:[A-Z][A-Z'’-]+\s+){1,3}(?:"
                    + _CAPS_SUFFIX
                    + r")\b)",
                    0.8,
                    _not_a_town,
                    flags=0,
                ),
                # after its cue, a grid reference in any case: "grid ref for the farmhouse sd
                # 8891 7804"
                Rule(
                    r"\bgrid\s+ref(?:erence)?\b[^.\n\d]{0,40}?(?P<pii>[hnost][a-hj-z]\s?"
                    r"(?:\d{3}\s?\d{3}|\d{4}\s?\d{4}|\d{5}\s?\d{5}))(?![\w/])",
                    0.75,
                    words=("grid",),
                ),
                # an Ordnance Survey grid reference ("NY 1530 2604", "sd 8891 7804") and a
                # what3words address ("///glimmer.ostrich.topple") point at one house
                Rule(
                    r"(?<![\w/])(?:[HNOST][A-HJ-Z]|(?<=grid\sref\s)[hnost][a-hj-z])\s?"
                    r"(?:\d{3}\s?\d{3}|\d{4}\s?\d{4}|\d{5}\s?\d{5})(?![\w/])",
                    0.75,
                    flags=0,
                ),
                Rule(r"(?<![\w/:])///[a-z]+\.[a-z]+\.[a-z]+(?![\w.])", 0.9, flags=0, needs="///"),
                # Welsh, Cornish and Gaelic house names: "Cae Mawr", "Chy an Gwel"
                Rule(
                    r"\b(?:" + _CELTIC_HOUSE + r")\s+(?:(?i:y|yr|an|na|nan|'r|ar)\s+)?"
                    r"\p{Lu}[\p{Ll}'’]+(?:\s+\p{Lu}[\p{Ll}'’]+)?",
                    0.7,
                    flags=0,
                ),
                # Scottish farms and crofts: "Mains of Auchleuchries" (a farm's home farm),
                # "Croft 4 Achandunie" (a croft's number in its township)
                Rule(
                    r"\b(?:Mains|MAINS)\s+(?:of|OF)\s+\p{Lu}[\p{L}'’]+(?:\s+\p{Lu}[\p{L}'’]+)?",
                    0.7,
                    flags=0,
                ),
                Rule(r"\b(?:Croft|CROFT)\s+\d{1,3}[a-z]?,?\s+\p{Lu}[\p{L}'’-]+", 0.7, flags=0),
                # streets abroad name their kind first: "ul. Mikołowska 42/7", "Str. Florilor
                # nr. 7, bl. C2, ap. 34", "Rue de Brabant 212", "14 rue des Poissonniers"
                Rule(_ABROAD_STREET + r"\s+(?:nr\.?\s*)?" + _ABROAD_NUMBER, 0.8, flags=0),
                # (not a time before a capitalised "Via": "At 1430 Via Airwave")
                Rule(
                    r"\b(?!" + HHMM + r"\b)\d{1,4}[a-z]?,?\s+" + _ABROAD_STREET,
                    0.8,
                    flags=0,
                ),
                Rule(
                    r"(?<![\w'’])(?:"
                    + _FRENCH_HOUSE
                    + r")?(?:\d{1,4}[A-Za-z]?,?\s+)?"
                    + _FRENCH_STREET,
                    0.8,
                    flags=0,
                ),
                # "House No. 1187, Sector 22-B", "Street 14, House 27": a house's parts by number
                Rule(
                    _NUMBERED_PART + r"(?:,\s*" + _NUMBERED_PART + r"){1,3}",
                    0.8,
                    _house_part,
                    flags=0,
                ),
                Rule(r"\b(?:House|HOUSE|H\.)\s*(?:No|NO)\.?\s*\d{1,5}[A-Z]?\b", 0.8, flags=0),
                # Welsh and Gaelic streets name their kind first: "27 Ffordd Las", "Heol y
                # Felin", "7 Sràid na h-Eaglaise", "6 Cnoc an Fhraoich"
                Rule(
                    r"\b\d{1,4}[a-z]?,?\s+(?:"
                    + _STREET_FIRST
                    + r")\s+"
                    + _STREET_ARTICLE
                    + r"[\p{Ll}][\w'’-]+(?:\s+[\p{Ll}][\w'’-]+)?",
                    0.8,
                    flags=0,
                ),
                Rule(
                    r"\b(?:\d{1,4}[A-Za-z]?,?\s+)?(?:"
                    + _STREET_FIRST_CAPITAL
                    + r")\s+"
                    + _STREET_ARTICLE
                    + r"\p{Lu}[\w'’-]+(?:\s+\p{Lu}[\w'’-]+)?",
                    0.8,
                    flags=0,
                ),
            ],
        ),
    ]
