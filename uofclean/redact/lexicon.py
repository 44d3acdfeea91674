"""Word lists that tell names from ordinary words: built once per process, from installed data.

- Names: every first name and surname in Faker's Latin-script locales (tens of thousands), folded
  to lower case without accents, so "WOJCIK" finds "Wójcik".
- Common words: wordfreq's English frequency list, so "will" or "stop" are not taken for names
  unless something else says they are names.
- Kept words: police vocabulary, kit, legislation and places that are published anyway.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

from uofclean.schema.columns import values

# Words of officers' accounts that general English frequency lists rate rare: never names.
# Makes, shops and services officers name: capitals, but never people.
BRANDS = frozenset(
    [
        "bmw",
        "audi",
        "vw",
        "volkswagen",
        "mercedes",
        "vauxhall",
        "toyota",
        "nissan",
        "hyundai",
        "peugeot",
        "renault",
        "citroen",
        "fiat",
        "skoda",
        "volvo",
        "suv",
        "mpv",
        "bmx",
        "moped",
        "tfl",
        "dlr",
        "kfc",
        "tesco",
        "sainsbury",
        "sainsburys",
        "asda",
        "lidl",
        "aldi",
        "mcdonalds",
        "primark",
        "nandos",
        "argos",
        "greggs",
        "iphone",
        "samsung",
    ]
)  # (surname-like makes such as Ford or Costa are left out on purpose)
DOMAIN_WORDS = BRANDS | frozenset(
    [
        "handcuffs",
        "handcuffed",
        "handcuffing",
        "cuffs",
        "cuffed",
        "compliant",
        "noncompliant",
        "non-compliant",
        "limb",
        "limbs",
        "restraint",
        "restraints",
        "restrained",
        "spit",
        "spitting",
        "guard",
        "baton",
        "batons",
        "taser",
        "tasered",
        "shield",
        "escorted",
        "escort",
        "conveyed",
        "convey",
        "tensed",
        "seized",
        "seizure",
        "waistband",
        "unarmed",
        "deployed",
        "deploy",
        "escalated",
        "escalating",
        "clenching",
        "clenched",
        "gripped",
        "complied",
        "comply",
        "passively",
        "passive",
        "actively",
        "uniformed",
        "smelt",
        "intel",
        "informant",
        "passport",
        "licence",
        "license",
        "tactical",
        "tactics",
        "booked",
        "booking",
        "detention",
        "detainee",
        "custody",
        "sergeant",
        "constable",
        "inspector",
        "officer",
        "officers",
        "warrant",
        "warrants",
        "searched",
        "search",
        "stop",
        "stopped",
        "arrested",
        "arrest",
        "arresting",
        "resisted",
        "resisting",
        "resistance",
        "aggressive",
        "aggressively",
        "abusive",
        "verbally",
        "headbutted",
        "headbutt",
        "kicked",
        "kicking",
        "punched",
        "punch",
        "grabbed",
        "restrain",
        "proportionate",
        "necessary",
        "reasonable",
        "rear",
        "stack",
        "double",
        "locked",
        "front",
        "van",
        "carrier",
        "cell",
        "suite",
        "hospital",
        "ambulance",
        "paramedics",
        "paramedic",
        "nurse",
        "mental",
        "health",
        "crisis",
        "ground",
        "groundpinned",
        "takedown",
        "take-down",
        "leg",
        "sweep",
        "arm",
        "lock",
        "wristlock",
        "pressure",
        "points",
        "strikes",
        "dot",
        "dotted",
        "affray",
        "robbery",
        "burglary",
        "theft",
        "assault",
        "harassment",
        "possession",
        "nil",
        "erb",
        "chin",
        "jaw",
        "cheek",
        "wrist",
        "wrists",
        "elbow",
        "knee",
        "shin",
        "thigh",
        "forearm",
        "nose",
        "peroneal",
        "radial",
        "femoral",
        "brachial",
        "shields",
        "yaris",
        "corsa",
        "fiesta",
        "prius",
        "astra",
        "qashqai",
        "transit",
        "sprinter",
        "red-dot",
        "red-dotted",
        "arc",
        "arced",
        "drive-stun",
        "cartridge",
        "probes",
        "st",
        "nb",
        "aka",
        "approx",
        "re",
        "ref",
        "refs",
        "cont",
        "continued",
        "stated",
        "informed",
        "advised",
    ]
)
# Areas of London that officers name as places (published data names boroughs anyway).
LONDON_AREAS = frozenset(
    [
        "brixton",
        "peckham",
        "stockwell",
        "streatham",
        "clapham",
        "vauxhall",
        "kennington",
        "camberwell",
        "walworth",
        "bermondsey",
        "rotherhithe",
        "deptford",
        "catford",
        "sydenham",
        "norwood",
        "dulwich",
        "tooting",
        "balham",
        "battersea",
        "putney",
        "wimbledon",
        "mitcham",
        "morden",
        "stratford",
        "leyton",
        "leytonstone",
        "walthamstow",
        "tottenham",
        "edmonton",
        "hornsey",
        "holloway",
        "highbury",
        "finsbury",
        "shoreditch",
        "dalston",
        "newington",
        "clapton",
        "homerton",
        "bethnal",
        "whitechapel",
        "stepney",
        "poplar",
        "canary",
        "wharf",
        "bow",
        "ilford",
        "romford",
        "dagenham",
        "barking",
        "wembley",
        "willesden",
        "harlesden",
        "kilburn",
        "cricklewood",
        "hendon",
        "colindale",
        "edgware",
        "acton",
        "southall",
        "uxbridge",
        "hounslow",
        "twickenham",
        "kingston",
        "surbiton",
        "richmond",
        "fulham",
        "chelsea",
        "soho",
        "mayfair",
        "marylebone",
        "paddington",
        "bayswater",
        "notting",
        "kensington",
        "euston",
        "westfield",
        "elephant",
        "woolwich",
        "thamesmead",
        "eltham",
        "lewisham",
        "greenwich",
        "erith",
        "bexleyheath",
        "bromley",
        "orpington",
        "croydon",
        "sutton",
        "enfield",
        "barnet",
        "harrow",
        "ealing",
    ]
)
POLICE_TERMS = frozenset(
    [
        "pava",
        "cs",
        "ced",
        "aep",
        "bwv",
        "ndm",
        "pace",
        "mha",
        "las",
        "tsg",
        "arv",
        "ost",
        "gbh",
        "abh",
        "fme",
        "cad",
        "cris",
        "pnc",
        "pnd",
        "anpr",
        "taser",
        "mdt",
        "irv",
        "dsu",
        "tdc",
        "dc",
        "ds",
        "di",
        "dci",
        "dsi",
        "pc",
        "ps",
        "sgt",
        "insp",
        "pcso",
        "sc",
        "met",
        "mps",
        "cid",
        "cps",
        "ipcc",
        "iopc",
        "rta",
        "cla",
        "mda",
        "poa",
        "ppe",
        "nhs",
        "a&e",
        "lfb",
        "hems",
        "ambo",
        "nfa",
        "rtc",
        "mop",
        "mops",
        "vrm",
        "dob",
        "ni",
        "hq",
        "ops",
        "ocu",
        "bcu",
        "eta",
        "asb",
        "asbo",
        "dv",
        "taser-trained",
        "tasered",
        "x2",
        "x26",
        "x7",
        "s1",
        "s136",
        "s135",
        "s23",
        "s24",
        "s18",
        "s47",
        "s60",
        "s165",
        "bwv's",
        "ok",
        "uk",
        "gps",
        "ipp",
        "cctv",
        "atm",
        "suv",
        "cpr",
        "aed",
        "iv",
        "mh",
        "amhp",
        "ed",
        "er",
        "ft",
        "cm",
        "kg",
        "mph",
        "am",
        "pm",
        "hrs",
        "hr",
        "mins",
        "approx",
        "nb",
        "np",
        "tpac",
        "detained",
        "custody",
        "arrested",
        "handcuffed",
        "van",
        "carrier",
        "suite",
        "cell",
        "bridewell",
    ]
)
# Acronyms of the job that a capitals test would take for surnames.
ACRONYMS = frozenset(
    """aco addr amp asp atr aw bb btp cad cct chis cid cjpoa cmd cpn cpt csu datix ddo ddos
    dl do dos dp dps drr dsu dvpn dvpo ed edp ehcp epg erpt ert fa gp hbpos hcp hems hmo
    hmp ic0 ic1 ic2 ic3 ic4 ic5 ic6 inj ip ips iso lo mda mhs mhu moe mpd ncalt ncc nfa
    nok nrm oic ois ost pcc pcn pd pds pic pnd poa pos ppe pvp pwits pwitsd rmo rtc rvp
    sdn sia sio sos subj susp tic tor tpac twoc uch uclh uof veh vic w/s wit yoi""".split()
)
POLICE_TERMS = POLICE_TERMS | DOMAIN_WORDS | ACRONYMS  # ordinary words of the job, never names
# Words that never start or make up a name, even after a title in capitals ("PS AND I").
FUNCTION_WORDS = frozenset(
    """a an the and or but of to in on at by for from with without into onto over under near
    was were is are be been being had has have did do does then than that this these those who
    whom which what when where while as so not no yes also i me my we us our you your he him
    his she her they them their it its there here if up down out off again very just""".split()
)
MONTHS_AND_DAYS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday""".split()
)
TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "master",
        "sir",
        "madam",
        "lady",
        "lord",
        "rev",
        "mister",
    ]
)
RANKS = frozenset(
    [
        "pc",
        "ps",
        "dc",
        "ds",
        "di",
        "dci",
        "dsi",
        "tdc",
        "sc",
        "sgt",
        "insp",
        "inspector",
        "sergeant",
        "constable",
        "pcso",
        "officer",
        "detective",
        "supt",
        "ch",
        "superintendent",
        "acting",
    ]
)
STREET_SUFFIXES = (
    "Road",
    "Rd",
    "Street",
    "St",
    "Lane",
    "Ln",
    "Avenue",
    "Ave",
    "Close",
    "Cl",
    "Crescent",
    "Cres",
    "Drive",
    "Dr",
    "Gardens",
    "Gdns",
    "Grove",
    "Gr",
    "Hill",
    "Place",
    "Pl",
    "Square",
    "Sq",
    "Terrace",
    "Terr",
    "Walk",
    "Way",
    "Mews",
    "Court",
    "Ct",
    "Rise",
    "Row",
    "Parade",
    "Broadway",
    "Green",
    "Park",
    "Estate",
    "House",
    "Tower",
    "Buildings",
    "Mansions",
    "Lodge",
    "Villas",
    "Vale",
    "View",
    "Yard",
    "Wharf",
    "Gate",
    "Path",
    "Passage",
    "Market",
    "Quay",
    "Embankment",
    "Approach",
    "Circus",
    "Common",
    "Cottages",
    "Hall",
    "High Street",
    "High Road",
    "Heights",
    "Point",
    "Reach",
    "End",
    "Wood",
    "Fields",
    "Boulevard",
    "Chase",
    "Causeway",
    "Lanes",
    "Walks",
    "Hills",
    "Esplanade",
    "Arcade",
    "Precinct",
    "Road East",
    "Road West",
    "Road North",
    "Road South",
)


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
    """(first names, surnames), folded; parts of double-barrelled names included."""
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
    """The lines of places.txt: areas, landmarks, shops, hospitals, UK cities."""
    path = Path(__file__).with_name("places.txt")
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


_LANDMARK_NOUNS = (
    r"hospital|police\s+station|station|custody(?:\s+suite)?|shopping\s+centre|leisure\s+centre|"
    r"centre|center|stadium|arena|tube|underground|overground|bridge|prison|crown\s+court|"
    r"magistrates['’]?\s+court|cathedral|abbey|palace|museum|gallery|theatre|mall|retail\s+park|"
    r"park|common|heath|market|bus\s+garage|school|academy|college|university|church|mosque|"
    r"synagogue|gurdwara|temple|arms|tavern|inn|hotel|library|cemetery|surgery|clinic|canal|"
    r"arch|reservoir|marshes|baths|lido|estate"
)


@cache
def _kept_phrase_pattern() -> re.Pattern:
    listed = "|".join(
        re.escape(p).replace(r"\ ", r"\s+") for p in sorted(listed_places(), key=len, reverse=True)
    )
    saint = r"(?:St\.?|Saint|ST\.?)\s+"
    landmark = (
        r"(?:" + saint + r")?(?:[A-Z][\w'’&-]*\s+(?:(?i:and|&|of|on|upon)\s+)?){1,3}"
        r"(?i:" + _LANDMARK_NOUNS + r")(?!\w)"
    )
    saints = saint + r"[A-Z][\w-]*(?:['’]s|['’](?!\w))?"
    # "Op Falcon", "Operation Trident"; "PD Rex" is a police dog
    named = r"(?:Op|OP|Operation|OPERATION|PD|Police\s+[Dd]og|POLICE\s+DOG)\.?\s+[A-Z][\w-]*"
    return re.compile(
        r"(?<!\w)(?=[A-Z0-9])(?:"
        + landmark
        + r"|(?i:"
        + listed
        + r")(?!\w)|"
        + saints
        + "|"
        + named
        + ")"
    )


def kept_phrases(text: str) -> list[tuple[int, int]]:
    """Where the text names a public place ("Forest Gate station", "St George's Hospital",
    "up from Devon"): weak evidence of a name or an address inside one is not enough."""
    return [m.span() for m in _kept_phrase_pattern().finditer(text) if _one_style(m.group())]


def _one_style(phrase: str) -> bool:
    """ "Ji-hoon PARK" is a name, "Victoria Park" and "VICTORIA PARK" are places; "the Holloway
    Road bridge" is a street."""
    words = phrase.split()
    if words[-1].lower() == "bridge" and any(w.lower() in _STREET_WORDS for w in words[:-1]):
        return False
    return len(words) < 2 or not words[-1].isupper() or all(w.isupper() for w in words[:-1])


_STREET_WORDS = frozenset(["road", "rd", "street", "lane", "avenue", "ave", "grove"])


@cache
def is_name_word(word: str) -> bool:
    """In the gazetteer; for "Campbell-Hughes", any of its parts."""
    first, last = name_sets()
    w = fold(re.sub(r"['’]s$", "", word.strip("'’")))
    return any(p in first or p in last for p in [w, *w.split("-")] if p)
