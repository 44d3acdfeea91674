"""The safe-list net: the last pass, which judges every token no rule explained.

Recognizers are a deny-list: they remove what some rule knows and keep the rest, so every new
writer brings names and numbers no rule names. The net turns the default around (the idea of
Philter, Norgeot et al. 2020): a token is kept only when it is known to be safe.
- A token with a digit is kept only in a safe form (`data/safe_number_forms.txt`: times, counts,
  ages, measures, legislation, kit, roads), or as part of a run that is a time, a recent date,
  a decimal or an amount; a date of birth's old year, a card, an account, a reference are not.
- A word is kept when it is English that is not a name (wordfreq), police vocabulary, a place,
  a nationality or faith, or a plain typo of a common word ("recieved", "handcuffd"); a word
  that only names people ("mohammed", "john") or that English hardly uses is redacted, in any
  case.
Names that are also everyday words ("Hope", "Will") are the name rules' job: the net keeps them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache, lru_cache

from uofclean.entities import Entity
from uofclean.redact import lexicon as lx
from uofclean.redact.data import load_words
from uofclean.redact.dates import HHMM, incident_date, parse_date
from uofclean.redact.types import Span

NAME = "safe-list-net"
# Tokens as the name rules see them: letters and digits, joined by an apostrophe or a hyphen.
TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’-][^\W_])*")
# Common English that is not a name, at any case; rarer words only written as common words.
COMMON_ZIPF = 3.0
TYPO_TARGET_ZIPF = 3.5


@cache
def name_only_words() -> frozenset[str]:
    return frozenset(load_words("name_only_words")) - frozenset(load_words("english_not_in_web2"))


@cache
def rare_english_words() -> frozenset[str]:
    return frozenset(load_words("rare_english_words"))


@cache
def census_surnames() -> frozenset[str]:
    return frozenset(load_words("census_surnames"))


def is_name(low: str) -> bool:
    """In Faker's names or the census surnames (the net's wider gazetteer)."""
    return lx.is_name_word(low) or low in census_surnames()


@cache
def proper_not_personal() -> frozenset[str]:
    """Nationalities, faiths, countries: proper nouns that identify nobody."""
    from faker.providers.address.en import Provider

    words = set(load_words("proper_not_personal")) | set(load_words("world_places"))
    for country in Provider.countries:
        words.add(country.lower())
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", country) if len(w) > 3)
    return frozenset(words)


# GeoNames' towns, and what they lack: districts, hospitals and custody, police forces
PLACE_LISTS = ("uk_places", "uk_districts", "hospitals_custody", "forces")


# "Bexhill-on-Sea", "Saltburn-by-the-Sea", "Stourport-on-Severn": written short as often as whole
_SHORT_FORM = re.compile(r"([A-Z][\w'’]+)[- ](?:on|upon|super|under|by|next|in|le|la|en)[- ]")


@cache
def public_places() -> tuple[str, ...]:
    """The place lists' lines; each town's short form ("Bexhill" of "Bexhill-on-Sea") but where
    that is also a name ("Newton") or a street's ("Westgate"), which the rules judge; and
    Ireland's counties as written after a town ("Co. Monaghan", "County Tyrone")."""
    from wordfreq import zipf_frequency

    places = [p for name in PLACE_LISTS for p in load_words(name)]
    # Ireland's towns but those that are first names too ("Shannon", "Virginia"): in a British
    # force's record the word is more often the person
    first = lx.name_sets()[0]
    places += [p for p in load_words("ie_places") if " " in p or p.lower() not in first]
    short = [m.group(1) for p in places if (m := _SHORT_FORM.match(p))]
    short = [w for w in short if not is_name(w.lower()) and not w.endswith(("gate", "way"))]
    counties = load_words("irish_counties")
    named = [f"{how} {c}" for c in counties for how in ("Co", "County")]
    bare = [c for c in counties if not is_name(c.lower()) and zipf_frequency(c, "en") < COMMON_ZIPF]
    return tuple(dict.fromkeys(places + short + named + bare))


@cache
def uk_place_words() -> frozenset[str]:
    """Words of UK towns' and villages' names that English rarely uses otherwise."""
    from wordfreq import zipf_frequency

    words = set(w.lower() for w in load_words("uk_places") if " " not in w)
    for place in public_places():
        parts = place.lower().split()
        if len(parts) == 1 and not is_name(parts[0]):
            words.add(parts[0])  # "Whitfield", a district and a surname, is left to the rules
    # the rare words of towns' names ("Keynes"), not of hospitals' and forces' ("Northgate
    # Hospital"): those are kept as whole names only
    for place in load_words("uk_places") + load_words("uk_districts"):
        parts = place.lower().split()
        if len(parts) > 1:
            words.update(p for p in parts if zipf_frequency(p, "en") < COMMON_ZIPF and len(p) > 3)
    return frozenset(words)


@cache
def _place_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """UK places by their first word (lower case), longest first, but for places named like
    a street ("Church Street"), which the street rules judge."""
    index: dict[str, list[tuple[str, ...]]] = {}
    suffixes = {s.lower() for s in lx.STREET_SUFFIXES}
    for place in public_places():
        words = tuple(TOKEN.findall(place.lower()))
        if not words:
            continue
        if len(words) > 1 and words[-1] in suffixes:
            continue  # "Harrow Road", "Brixton Hill": the street rules judge these
        index.setdefault(words[0], []).append(words)
        bare = tuple(re.sub(r"['’]s$", "s", w) for w in words)
        if bare != words:  # "Kings Lynn", "Bishops Stortford": officers drop the apostrophe
            index.setdefault(bare[0], []).append(bare)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in index.items()}


@lru_cache(maxsize=8)
def tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """Each TOKEN of the text as (start, end, word): found once per text for the name rules
    (whose WORD is the same pattern) and the place list."""
    return tuple([(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)])


# A heading typed in capitals that names the force ("KENT POLICE — THANET — USE OF FORCE",
# "NORTH WALES POLICE — BANGOR"): a line that starts with three capitals words or more,
# POLICE or CONSTABULARY among them. Its towns are towns, as in a record typed in capitals.
_HEADING = re.compile(r"(?m)^[ \t]*(?:\b[A-Z&'’.]{2,}\b[ \t—–/|(),:&-]*){3,}")
_HEADING_WORD = re.compile(r"\b(?:P[O0]LICE|C[O0]NSTABULARY)\b")


@lru_cache(maxsize=4096)
def headings(text: str) -> tuple[tuple[int, int], ...]:
    """Where the text has a heading in capitals that names the force (see _HEADING)."""
    if not _HEADING_WORD.search(text):
        return ()
    return tuple(m.span() for m in _HEADING.finditer(text) if _HEADING_WORD.search(m.group()))


def in_heading(text: str, at: int) -> bool:
    return any(a <= at < b for a, b in headings(text))


def place_spans(text: str, plain: bool) -> list[tuple[int, int]]:
    """Where the text names a UK town or village ("Ystrad Mynach", "King's Lynn", "Wrexham").
    In a normally cased record a place is written with capitals ("Wrexham"), never in
    capitals, which is how officers write surnames ("PRESTON"). A town that is also a name
    is the town only after "in", "at", "from"... ("arrested in Preston"), and even then only
    against weak evidence: strong name rules, the row's own columns and a full name found
    elsewhere in the record still make it a person."""
    toks = tokens(text)
    index = _place_index()
    out = []
    i = 0
    while i < len(toks):
        start, _end, word = toks[i]
        found = 0
        here = plain and not in_heading(text, start)
        if not here or (word[:1].isupper() and not (word.isupper() and len(word) > 1)):
            places = index.get(word.lower(), ())
            # the second word first: most places starting with the word fail there
            second = toks[i + 1][2].lower() if places and i + 1 < len(toks) else ""
            for place in places:
                n = len(place)
                if (i + n <= len(toks) and (n == 1 or second == place[1])) and all(
                    toks[i + k][2].lower() == place[k]
                    and (not here or toks[i + k][2][:1].isupper() or toks[i + k][2].islower())
                    for k in range(n)
                ):
                    found = n
                    break
        if found == 1 and is_name(word.lower()) and not _town_here(text, toks, i, here):
            found = 0  # "Preston said" is a person; "arrested in Preston" the town
        if found:
            out.append((start, toks[i + found - 1][1]))
            i += found
        else:
            i += 1
    return out


def _town_here(text: str, toks: Sequence[tuple[int, int, str]], i: int, plain: bool) -> bool:
    """A listed town that is also a surname ("Malton", "Cromer", "Preston") is the town in a
    normally cased record unless something beside it says person: a first name, title, rank
    or cue before it, a name after it, or a verb of what people do ("Preston said"). In a
    record typed in one case, only after "in", "at", "from"..."""
    before = toks[i - 1][2].lower() if i > 0 else ""
    # "TO Dylan Hurley" in a normally cased record: a traffic officer, not "to Hurley"
    title_like = plain and i > 0 and toks[i - 1][2].isupper() and len(toks[i - 1][2]) > 1
    if before in place_prepositions() and not title_like:
        return True
    if not plain:
        return False
    first, _last = lx.name_sets()
    if before and (
        lx.fold(before) in first
        or before in lx.TITLES
        or before in lx.RANKS
        or before in _cue_words()
        or text[: toks[i][0]].rstrip().lower().endswith("-in-law")  # "brother-in-law Hope"
    ):
        return False
    if i + 1 < len(toks) and text[toks[i][1] : toks[i + 1][0]] == " ":
        after = toks[i + 1][2]
        if after[:1].isupper() and (is_name(after.lower()) or after.isupper()):
            return False  # "Preston SMITH", "Malton Jones"
    return not _PERSON_VERB.match(text, toks[i][1])


# "Tilbury's Vauxhall Corsa": a town owns no car; the makes are vehicles.txt's first words
_MAKES = "|".join(sorted({re.escape(v.split()[0]) for v in load_words("vehicles")}, key=len)[::-1])
_PERSON_VERB = re.compile(
    r"['’]s\s+(?:mum|dad|mother|father|wife|husband|partner|son|daughter|brother|sister|phone|car|"
    r"van|vehicle|motorbike|moped|house|flat|address|girlfriend|boyfriend|friend|dog|"
    + _MAKES
    + r")\b"
    r"|\s+(?:said|says|stated|told|was\s+(?:arrested|detained|restrained|handcuffed|cuffed)|"
    r"ran|punched|kicked|spat|shouted|refused|resisted|became|had|has|is\s+\d|was\s+\d|"
    # "Preston (24)" is a person's age; "Carlisle (40 minutes)" is the drive to the town
    r"\(\d{1,2}(?:\s*(?:yrs?|years?|y/?o))?\s*[,)])",
    re.IGNORECASE,
)


@cache
def _cue_words() -> frozenset[str]:
    return frozenset(load_words("cue_words"))


@cache
def place_prepositions() -> frozenset[str]:
    return frozenset(load_words("place_prepositions"))


@cache
def postcode_areas() -> frozenset[str]:
    return frozenset(a.lower() for a in load_words("postcode_areas"))


@cache
def _safe_number_form() -> re.Pattern:
    forms = "|".join(f"(?:{f})" for f in load_words("safe_number_forms"))
    return re.compile(f"(?:{forms})", re.IGNORECASE)


@cache
def _vocabulary() -> frozenset[str]:
    """Words that are safe whatever the frequency lists say."""
    return (
        lx.POLICE_TERMS
        | lx.FUNCTION_WORDS
        | lx.MONTHS_AND_DAYS
        | lx.TITLES
        | lx.RANKS
        | lx.kept_places()
        | proper_not_personal()
        | _text_speak()
    )


def _text_speak() -> frozenset[str]:
    """ "wz", "tryna", "innit": but those a names list holds ("wen", "peng")."""
    return frozenset(w for w in load_words("text_speak") if not is_name(w))


@cache
def _spellings():
    """SymSpell over common English that is not a name: a typo of one of these is kept."""
    from symspellpy import SymSpell

    speller = SymSpell(max_dictionary_edit_distance=1, prefix_length=7)
    names = name_only_words()
    first, last = lx.name_sets()
    gazetteer = first | last
    # typo_targets.txt is typo_target_words() made by scripts/make_startup_words.py: asking
    # wordfreq took ~1 s in every worker (a test keeps the file equal to it)
    for word in load_words("typo_targets"):
        if word not in names and (lx.fold(word) not in gazetteer or word in lx.POLICE_TERMS):
            speller.create_dictionary_entry(word, 1)
    for word in lx.POLICE_TERMS:
        if word.isalpha() and len(word) > 3:
            speller.create_dictionary_entry(word, 1)
    return speller


def typo_target_words() -> list[str]:
    """Common English words a typo may be one slip from, in wordfreq's order (the order the
    speller is given them): long words a little rarer too, "sqaured", "scrached" (a slip in
    a long word seldom makes a name)."""
    from wordfreq import top_n_list, zipf_frequency

    return [
        word
        for word in top_n_list("en", 40000)
        if word.isalpha()
        and len(word) > 3
        and zipf_frequency(word, "en") >= (COMMON_ZIPF if len(word) >= 7 else TYPO_TARGET_ZIPF)
    ]


def _typo(low: str) -> bool:
    from symspellpy import Verbosity

    if len(low) < 5 or not low.isalpha():
        return False
    found = _spellings().lookup(low, Verbosity.TOP, max_edit_distance=1)
    # "paddocks" is the plural of a rarer word, not a slip ("The Paddocks" is a house)
    return bool(found) and found[0].term + "s" != low


@lru_cache(maxsize=200_000)
def misspelt(word: str) -> bool:
    """A word English does not use that is one slip from one it uses often ("HANDCUFFD",
    "recieved"), and no name: a typo, not a person."""
    from wordfreq import zipf_frequency

    low = lx.fold(word).lower()
    if low in name_only_words() or is_name(low) or zipf_frequency(low, "en") >= COMMON_ZIPF:
        return False
    return _typo(low)


@lru_cache(maxsize=200_000)
def word_safety(token: str) -> int:
    """2: safe in any case; 1: safe only when written as a common word (lower case in a
    normally cased record); 0: not known to be safe."""
    from wordfreq import zipf_frequency

    low = lx.fold(re.sub(r"['’]s$", "", token)).lower()
    if len(low) < 2 or low in _vocabulary():
        return 2
    if "-" in low or "'" in low or "’" in low:
        parts = [p for p in re.split(r"['’-]", low) if p]
        if zipf_frequency(low, "en") >= COMMON_ZIPF and low not in name_only_words():
            return 2
        return min((word_safety(p) for p in parts if len(p) > 1), default=2)
    if low in uk_place_words():
        return 2
    if low in name_only_words():
        return 0
    zipf = zipf_frequency(low, "en")
    if zipf >= COMMON_ZIPF or _plural_of_common(low):
        return 2
    if is_name(low):
        return 0
    if misspelt(low) and len(low) >= 7:
        return 2  # "HANDCUFFD", "recieved": long typos in any case; "ATTAH" is no "attach"
    if (
        low in rare_english_words()
        or misspelt(low)
        or _compound(low)
        or _plural_of_rare(low)
        or _dropped_g(low)
        or _ing_word(low)
    ):
        return 1
    return 0


def _dropped_g(low: str) -> bool:
    """ "callin", "chuckin", "elbowin": an -ing word written without its g ("Martin",
    "Robin": "marting" and "robing" are no common words)."""
    from wordfreq import zipf_frequency

    return low.endswith("in") and len(low) > 4 and zipf_frequency(low + "g", "en") >= _ING_ZIPF


def _ing_word(low: str) -> bool:
    """ "slurring", "elbowing": an -ing word in use is a word (names ending so, "Browning",
    "Fielding", are in the names lists, read before this)."""
    from wordfreq import zipf_frequency

    return low.endswith("ing") and len(low) > 5 and zipf_frequency(low, "en") >= _ING_ZIPF


# "chucking" 2.7, "elbowing" 2.2: an -ing word need not be common to be a word
_ING_ZIPF = 2.0


def _plural_of_rare(low: str) -> bool:
    """ "lurchers", "staithes": the plural of a rare English word is as safe as the word."""
    return low.endswith("s") and len(low) > 4 and low[:-1] in rare_english_words()


def _plural_of_common(low: str) -> bool:
    """ "repos", "hoodies": the plural of a common word that is no name."""
    from wordfreq import zipf_frequency

    if not low.endswith("s") or len(low) < 5:
        return False
    stem = low[:-1]
    return (
        zipf_frequency(stem, "en") >= COMMON_ZIPF
        and stem not in name_only_words()
        and not is_name(stem)
    )


@lru_cache(maxsize=100_000)
def english_surname(low: str) -> bool:
    """An English word that only the census holds as a surname ("crutch", "duster",
    "shears", "collie"): in lower case in a normally cased record it is the word, where
    writers put a surname in capitals."""
    return (
        low in rare_english_words()
        and low in census_surnames()
        and not lx.is_name_word(low)
        and low not in name_only_words()
    )


@lru_cache(maxsize=100_000)
def english_not_name(low: str) -> bool:
    """A rare word that is English and no name in any list ("slipway", "nightclothes",
    "boatyard"): rare is not enough to make it a name."""
    if low in name_only_words() or is_name(low):
        return False
    return low in rare_english_words() or _compound(low)


_LONGEST_COMPOUND = 30


def _compound(low: str) -> bool:
    """Two common words run together: "glovebox", "footwell", "horsebox". No compound is
    longer than _LONGEST_COMPOUND letters; a longer token (a hostile field's "O'O'O'...") would
    cost a frequency look-up per split, each as long as the token."""
    from wordfreq import zipf_frequency

    if len(low) > _LONGEST_COMPOUND:
        return False
    return any(
        zipf_frequency(low[:i], "en") >= TYPO_TARGET_ZIPF
        and zipf_frequency(low[i:], "en") >= TYPO_TARGET_ZIPF
        for i in range(3, len(low) - 2)
    )


def number_safe(run: str) -> bool:
    """A run of digit groups ("0140hrs", "14:35", "12/03/2024", "20 45 77") is safe when it
    is a safe form, a time, a recent date, a decimal or an amount."""
    if _safe_number_form().fullmatch(run):
        return True
    pieces = run.split()
    if len(pieces) > 1 and not all(p.isdigit() for p in pieces):
        return all(number_safe(p) for p in pieces)  # "30s x2", "IC3 18-34"
    parts = run.split("/")
    lettered = len(parts) > 1 and re.search(r"[^\W\d_]", parts[0])
    if lettered and all(_safe_number_form().fullmatch(p) for p in parts):
        return True  # safe forms joined: "M4/M5", "J8/9", "X2/X7"
    groups = re.split(r"[\s/.:,-]", run)
    if len(groups) == 1:
        return _four_digits_safe(run)
    if re.fullmatch(r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:am|pm|hrs?|h)?", run, re.I):
        return True  # 14:35, 14.35, 10.30pm
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+\.\d{1,2}", run):
        return True  # 1,500 and 2.5
    if re.fullmatch(r"24/7|\d/\d", run):
        return True
    digits = [g for g in groups if g]
    if 2 <= len(digits) <= 3 and all(g.isdigit() for g in digits):
        year = digits[-1] if len(digits) == 3 else None
        if len(digits[0]) == 4:  # 2024-03-12
            year = digits[0]
        return _date_recent(digits, year)
    return False


def _dated(text: str, begin: int, end: int, run: str) -> bool:
    """A date written as the incident's, alone or with its time ("11/10/2008 2350")."""
    first = run.split()[0]
    if parse_date(first) is None:
        return False
    rest = run[len(first) :].strip()
    if rest and not re.fullmatch(HHMM + r"(?:hrs?)?", rest):
        return False
    return bool(rest) or incident_date(text, begin, begin + len(first))


def _four_digits_safe(token: str) -> bool:
    if not re.fullmatch(r"\d{4}", token):
        return False
    value = int(token)
    hours, minutes = divmod(value, 100)
    return 1900 <= value <= 2039 or (hours < 24 and minutes < 60)


def _date_recent(groups: list[str], year: str | None) -> bool:
    """A day and month, or a date in the last dozen years: the incident's, not a birth.
    "36/19227/24" is no date at all."""
    day_month = [g for g in groups if g != year]
    if len(day_month) != 2 or any(len(g) > 2 for g in day_month):
        return False
    a, b = (int(g) for g in day_month)
    if not (1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12):
        return False
    if year is None:
        return True
    y = int(year)
    if len(year) == 2:
        y += 2000 if y <= 39 else 1900
    elif len(year) != 4:
        return False
    return 2013 <= y <= 2039


# A run of digit groups joined by one separator ("14:35", "03 03 2009", "4471 2231 0987",
# "0167_04032024"),
# with the letter groups a reference joins to them ("GMP-20240203-0388", "PH/M/08815",
# "25/CL/PPN/7711", "8812/EA/BIR").
_GROUP = r"[^\W\d_]*\d[^\W_]*"  # its letters, then its first digit: one way to read a group
NUMBER_RUN = re.compile(
    r"(?<![\w/-])(?:[^\W\d_]+[/-])*"
    + _GROUP
    + r"(?:(?:[\s/.:,_-]|[/-](?:[^\W\d_]+[/-]){1,3})"
    + _GROUP
    + r")*(?:[/-][^\W\d_]+(?:/[^\W\d_]+)?(?![\w/-]))?(?![\w/-])"
)
_DIGIT = re.compile(r"\d")
# Capitals before a number that make one identifier with it: "RX 412398", "ABK 482211"; and
# before a long number, letters in any case, a group or two: "sy cs 24 006721", "hum cu
# 0046221" (a force's and a unit's letters, dictated)
_PREFIX = re.compile(r"(?<![\w/-])([A-Z]{1,3}) $")
_LONG_PREFIX = re.compile(r"(?<![\w/'’-])((?:[A-Za-z]{1,4}\.? ){1,2})$")
_NUMBER_WORDS = frozenset({"nr", "no", "num"})  # "seria GL nr. 411820": the card's letters go on


def net_spans(
    text: str, spans: list[Span], places: list[tuple[int, int]], caps: bool, lower: bool
) -> list[Span]:
    """Spans for every token no rule explained and no safe-list knows; and an identifier
    that a rule found only part of ("NP-280424-0712" where a phone rule took "280424-0712")
    is taken whole."""
    covered = bytearray(len(text) + 1)  # 1: a rule's span, 3: a public place
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    for start, end in places:
        covered[start:end] = b"\x03" * (end - start)
    addresses = {s.end for s in spans if s.entity == Entity.ADDRESS.value}
    out: list[Span] = []
    for m in NUMBER_RUN.finditer(text):
        begin, end = m.span()
        seen = covered[begin:end]
        if 3 in seen:  # "OP BRAMBLE/SF/24/1187": what follows the place's name
            begin += seen.rindex(3) + 1
            while begin < end and not text[begin].isalnum():
                begin += 1
            seen = covered[begin:end]
        run = text[begin:end]
        if _district_after_place(text, begin, run, places, addresses):
            # strong where it stands, found by a rule or not: "W1" is an ethnicity code too,
            # which a postcode found on weak evidence gives way to
            out.append(Span(begin, end, Entity.POSTCODE.value, 0.85, NAME))
            covered[begin:end] = b"\x02" * (end - begin)
            continue
        if _code_after_address(text, begin, run, addresses):
            # "ul. Mikołowska 42/7, 40-066 Katowice": a postcode abroad, before its town
            out.append(Span(begin, end, Entity.POSTCODE.value, 0.8, NAME))
            covered[begin:end] = b"\x02" * (end - begin)
            continue
        if not any(c.isdigit() for c in run) or all(seen):
            continue
        part = any(seen)
        covered[begin:end] = b"\x02" * (end - begin)
        coded = _coded_time(text, begin, run, caps)
        if not part and coded is None and _dated(text, begin, end, run):
            continue  # "Date: 21.03.09", "11/10/2008 2350": the incident's, however old
        if part or coded is not None or not number_safe(run):
            start = coded if coded is not None else _prefix_start(text, begin, run, covered, caps)
            entity = Entity.ID_NUMBER.value if coded is not None else _number_entity(run)
            out.append(Span(start, end, entity, 0.5, NAME))
    plain = not caps and not lower
    for m in TOKEN.finditer(text):
        if covered[m.start()] or covered[m.end() - 1]:
            continue
        token = m.group()
        if _DIGIT.search(token):
            continue  # numbers are judged as runs, above
        if len(token) < 2 or (
            token.isupper() and len(token) <= 3 and token.lower() not in name_only_words()
        ):
            continue  # initials and acronyms (TSG, FME, ABH)
        safety = word_safety(token)
        if safety == 2 or (safety == 1 and (token.islower() or not plain or _starts(text, m))):
            continue
        if plain and token.islower() and english_surname(token):
            continue  # "hit him with a crutch", "a knuckle duster": the word, not the surname
        if plain and _after_the(text, m):
            continue  # "drinking at the Wheatsheaf": a venue (names.venue_after_the)
        out.append(Span(m.start(), m.end(), Entity.PERSON.value, 0.5, NAME))
    return out


def load() -> None:
    """Build every list now, so that a broken one stops the run before any text is read."""
    name_only_words()
    census_surnames()
    rare_english_words()
    _place_index()
    proper_not_personal()
    uk_place_words()
    postcode_areas()
    _safe_number_form()
    _vocabulary()
    _spellings()


def _after_the(text: str, m: re.Match) -> bool:
    """ "at the Wheatsheaf", not "the Kowalski family": a capitalised word after "the"."""
    from uofclean.redact.recognizers.names import venue_after_the

    if text[max(0, m.start() - 4) : m.start()] != "the " or lx.street_named_bare(m.group()):
        return False  # "attended the Headrow": a street
    return venue_after_the(text, m.start(), m.end())


def _starts(text: str, m: re.Match) -> bool:
    """A sentence starts here: a capital tells nothing."""
    before = text[: m.start()].rstrip()
    return not before or before[-1] in ".!?:;\n-"


def _coded_time(text: str, begin: int, run: str, caps: bool) -> int | None:
    """Where a code starts whose four digits read as a time but follow capitals that no
    vocabulary holds: "Harbour Police HP 0119", "cad SX 0912 16/05" (in capitals throughout,
    "AT 0119" is a word). None where the run is no such code."""
    if not re.fullmatch(r"\d{4}", run.split()[0]):
        return None
    prefix = _PREFIX.search(text, max(0, begin - 4), begin)
    if prefix is None or len(prefix.group(1)) < 2:
        return None
    low = prefix.group(1).lower()
    if low in _vocabulary() or (caps and low in lx.common_words()):
        return None
    return prefix.start(1)


def _prefix_start(text: str, begin: int, run: str, covered: bytearray, caps: bool) -> int:
    """Where the identifier starts: its letters before the number, where they are no word
    ("LOG 0447 11/03", "at 0046221" keep theirs)."""
    long = sum(c.isdigit() for c in run) >= 5
    prefix = (_LONG_PREFIX if long else _PREFIX).search(text, max(0, begin - 10), begin)
    if prefix is None:
        return begin
    start = begin
    letters = list(re.finditer(r"[A-Za-z]+", prefix.group(1)))
    for k, m in enumerate(reversed(letters)):
        at = prefix.start(1) + m.start()
        low = m.group().lower()
        if k == 0 and low in _NUMBER_WORDS and len(letters) > 1:
            continue  # taken with the letters before it, or not at all
        if covered[at] == 3 or low in _vocabulary():
            break
        caps_code = long and k <= 1 and len(low) > 1 and m.group().isupper() and not caps
        # "seria VS nr. 228190", "CDC no. MUM 248173": capitals glued to a long number are
        # its series, whatever everyday word they spell, in a normally cased record
        if not caps_code and low in lx.common_words():
            break
        start = at
    return start


# Birmingham, Manchester and Sheffield, which postcode_areas.txt leaves out (roads, sections)
_ONE_LETTER_AREAS = frozenset("bms")
_OUTWARD = re.compile(r"([A-Z]{1,2})\d[A-Z\d]?")
_PLACE_THEN = re.compile(r",?[ \t]*$")


_ABROAD_CODE = re.compile(r"\d{2}-\d{3}|\d{4,6}|[A-Z]{1,2}-\d{4,5}")
_TOWN_NEXT = re.compile(r"[ \t]+[^\W\d_][\w'’-]*")


def _code_after_address(text: str, begin: int, run: str, addresses: set[int]) -> bool:
    """A number of a postcode's shape between an address and the next word ("..., 1030
    Schaerbeek", "..., 75018 Paris"): the address's postcode."""
    if not _ABROAD_CODE.fullmatch(run):
        return False
    gap = _PLACE_THEN.search(text, max(0, begin - 3), begin)
    if gap is None or gap.start() not in addresses or "," not in text[gap.start() : begin]:
        return False
    town = _TOWN_NEXT.match(text, begin + len(run))
    if town is None or not town.group().strip()[0].isupper():
        return False  # "..., 2230 hrs"
    # "Lichfield Street, 1230 Tuesday", "John St, 0030 Elvis festival", "12 High Street, 1430
    # PC Smith arrived": a time, unless the word after it is no everyday or police word
    word = town.group().strip().lower()
    if len(run) == 4 and (run[0] == "0" or _four_digits_safe(run)):
        return not (
            word in lx.common_words()
            or word in lx.POLICE_TERMS
            or word in lx.RANKS
            or word in lx.MONTHS_AND_DAYS
        )
    return word not in lx.MONTHS_AND_DAYS


def _after_address(text: str, start: int, addresses: set[int]) -> bool:
    gap = _PLACE_THEN.search(text, max(0, start - 3), start)
    return gap is not None and gap.start() in addresses


def _district_after_place(
    text: str, begin: int, run: str, places: list[tuple[int, int]], addresses: set[int]
) -> bool:
    """ "Rotherham S65", "Chinatown, W1", "22 HOLLINGWORTH STREET LEVENSHULME M19": a
    postcode's outward code right after a public place or an address (`addresses`: where
    the rules' addresses end) is the postcode's district, whatever safe form it shares
    ("s65" is a section too)."""
    m = _OUTWARD.fullmatch(run)
    if m is None:
        return False
    # after a place, B and S with two digits are districts too ("Rotherham S65"); one digit
    # is a section or a cell as often ("Telford S1"), and M a motorway ("Pursuit M40")
    area = m.group(1).lower()
    gap = _PLACE_THEN.search(text, max(0, begin - 3), begin)
    end = gap.start() if gap else begin
    # after a street, or a town after a street ("10 Bolton Road, Atherton M46"), "M19" is
    # Manchester's, not a motorway
    after_address = end in addresses or any(
        b == end and _after_address(text, a, addresses) for a, b in places
    )
    if after_address and (area in postcode_areas() or area in _ONE_LETTER_AREAS):
        return True
    if area not in postcode_areas() and not (area in ("b", "s") and len(run) == 3):
        return False
    # a town or district the lists know ("Ethnicity W1" is a code after a word)
    return any(b == end and text[a:b].lower() in uk_place_words() for a, b in places)


def _number_entity(run: str) -> str:
    if re.search(r"[^\W\d_][/-]\d|\d[/-][^\W\d_]", run) or run.count("/") >= 2:
        return Entity.POLICE_REF.value  # "NP-280424-0712", "CRI/06/0045521/24"
    compact = re.sub(r"[\s/.:,-]", "", run)
    letters = re.match(r"[A-Za-z]+", compact)
    if (
        letters
        and letters.group().lower() in postcode_areas()
        and re.fullmatch(r"[A-Za-z]{1,2}\d[A-Za-z\d]?", compact)
    ):
        return Entity.POSTCODE.value
    groups = [g for g in re.split(r"[\s/.:,-]", run) if g]
    if len(groups) == 3 and all(g.isdigit() for g in groups) and len(groups[-1]) in (2, 4):
        return Entity.DOB.value
    return Entity.ID_NUMBER.value
