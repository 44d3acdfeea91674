"""Spans grown to the whole detail: names with their particles ("van der BERG", "ap Iorwerth")
and small businesses named after a person ("Patel's Newsagents", "K. Singh & Sons")."""

from __future__ import annotations

import re
from functools import cache

import regex

from uofclean.entities import Entity
from uofclean.redact import lexicon as lx
from uofclean.redact import safelist
from uofclean.redact.data import load_words
from uofclean.redact.types import Span

PERSON = Entity.PERSON.value
ADDRESS = Entity.ADDRESS.value


@cache
def _particle_before() -> re.Pattern:
    words = "|".join(sorted((re.escape(p) for p in load_words("particles")), key=len, reverse=True))
    # "the van SMITH" is a vehicle: "van" joins a name only without an article before it
    return re.compile(
        r"(?<![\w'’/])(?<!the )(?<!a )(?<!our )(?<!police )(?:(?:" + words + r")\s){1,3}$",
        re.IGNORECASE,
    )


def with_particles(text: str, spans: list[Span]) -> list[Span]:
    """A name preceded by particles takes them in; a first name followed by a particle takes
    it and the capitalised surname after it ("Alexander ST CLAIR", "Barnaby St John-Haskell")."""
    pattern = _particle_before()
    out = []
    for s in spans:
        if s.entity == PERSON:
            m = pattern.search(text, max(0, s.start - 20), s.start)
            start = m.start() if m else s.start
            after = _particle_after().match(text, s.end)
            end = after.end() if after and _surname_after_particle(text, s, after) else s.end
            if (start, end) != (s.start, s.end):
                out.append(Span(start, end, PERSON, s.score, s.recognizer))
                continue
        out.append(s)
    return out


@cache
def _particle_after() -> re.Pattern:
    words = "|".join(sorted((re.escape(p) for p in load_words("particles")), key=len, reverse=True))
    return re.compile(r"[ \t]+(?i:" + words + r")\.?[ \t]+(?P<surname>[A-Z][\w'’-]+)")


def _surname_after_particle(text: str, name: Span, m: re.Match) -> bool:
    """Only after a first name (one the lists know, or a name written as a given name is,
    "Barnaby"), and not where the words are a place ("Alex St Albans")."""
    first = lx.name_sets()[0]
    words = text[name.start : name.end].split()
    if not words or not (lx.fold(words[-1]).lower() in first or words[-1].istitle()):
        return False
    phrase = text[m.start() : m.end()].strip().lower()
    surname = m.group("surname").lower()
    return (
        phrase not in lx.kept_places()
        and surname not in safelist.uk_place_words()
        and (surname not in lx.common_words() or m.group("surname").isupper())
    )


@cache
def _business_words() -> frozenset[str]:
    return frozenset(load_words("business_words"))


_AFTER = re.compile(
    r"(?:['’][sS]|(?<=[sS])['’])?((?:\s+(?:&|and|\d{1,2}(?:hrs?|HRS?)\b|[^\W\d_][\w'’-]*)){1,4})"
)
_POSSESSIVE_NAME = re.compile(r"(?<![\w'’])([A-Z][\w-]+)(?:['’][sS]|(?<=[sS])['’])(?=\s)")
_INITIALS = re.compile(
    r"(?<![\w'’&.])(?:[A-Z]\.?\s?&\s?[A-Z]\.?|[A-Z]\.[A-Z]\.?|[A-Z]{2,3})(?=\s+[A-Z])"
)
# "Wright & Sons", "ingleby & dent": a family firm's name starts with the family's
_FAMILY_FIRM = re.compile(
    r"(?<![\w'’])([^\W\d_][\w'’-]+)(?=\s+(?:&|and)\s+(?:sons?|daughters?|co\b|brothers|bros|"
    r"[^\W\d_][\w'’-]+\s+(?:"
    + "|".join(re.escape(w) for w in load_words("business_words"))
    + r")\b))",
    re.IGNORECASE,
)


# a word of a firm's name, never ending in a quote ("'Birchall & Son Roofing'")
_FIRM_WORD = re.compile(r"&|\d{1,2}(?:hrs?|HRS?)\b|[^\W\d_](?:[\w'’-]*\w)?")


def businesses(
    text: str, spans: list[Span], places: list[tuple[int, int]] | None = None
) -> list[Span]:
    """A person's name followed by a trade ("Nadeem's Mini Market", "Dave Hughes Plumbing"),
    or any capitalised possessive followed by one that is not a chain ("Price's Scrap &
    Salvage"); an owner's possessive and the capitalised words after it ("Vinny's Vinyl &
    Vintage"); initials before a trade ("K & S Motors"); a shop "by" its owner ("Fresh Cutz by
    Dre"): the whole business name identifies its owner. `places` are the text's public places:
    a possessive with no trade inside one is the place's ("Shepherd's Bush Green")."""
    # after a capitalised name the trade is written with capitals ("Dave Hughes Plumbing"):
    # a lower-case word there is the sentence going on ("pulled Pavitt off", "Kofi security");
    # a name typed in lower case is followed by its trade in lower case ("ray robinson joinery")
    starts = [
        (s.start, s.end, not text[s.start : s.end].islower()) for s in spans if s.entity == PERSON
    ]
    starts += [
        (m.start(1), m.end(1), False)
        for m in _POSSESSIVE_NAME.finditer(text)
        if m.group(1).lower() not in lx.BRANDS
        and m.group(1).lower() + "'s" not in lx.BRANDS
        and _owner_word(m.group(1))  # not "Children's Services"
    ]
    starts += [(m.start(1), m.end(1), False) for m in _FAMILY_FIRM.finditer(text)]
    # "Gurung Mini Mart", "Podmore Travel Solutions": an owner's name no rule knew, before
    # capitalised words that end in a trade (read below)
    starts += (
        []
        if _one_case(text)
        else [
            (m.start(1), m.end(1), False)
            for m in _NAME_BEFORE_CAPS.finditer(text)
            if _owner_name(m.group(1)) and _firm_after(text, m.end(1))
        ]
    )
    # "K & S Motors", "J.P. Mobile Mechanics": initials before a trade,
    # where case tells initials from words
    starts += (
        []
        if _one_case(text)
        else [
            (m.start(), m.end(), False)
            for m in _INITIALS.finditer(text)
            if not _initials_word(m.group()) and not _chain_after(text, m.end())
        ]
    )
    named = {(s.start, s.end) for s in spans if s.entity == PERSON}
    starts = list(dict.fromkeys(starts))  # a name found by several rules: one start, read once
    out = []
    for start, end, bare in starts:
        m = _AFTER.match(text, end)
        if not m:
            continue
        possessive = m.group(1) != m.group(0)
        words = _FIRM_WORD.findall(m.group(1))
        n = 0  # words taken: up to the last trade word, with "&", "and" and capitalised
        caps = text[start:end].isupper()
        for k, w in enumerate(words):  # words between ("Flanagan's Chip Shop")
            if trade_word(w) and not (bare and not possessive and w.islower()):
                n = k + 1
            elif not (w in ("&", "and") or _between(w, caps)):
                break
        traded = n
        if possessive and ((start, end) in named or _owner_word(text[start:end])):
            # "Vinny's Vinyl & Vintage", "Mehmet's Kebab Van": after a person's possessive,
            # the capitalised words that follow are the shop's name, trade word or not
            n = max(n, _title_run(words))
        owned_site = (start, end) in named and _site_name(" ".join(words[:n]))
        if n and not (n > traded and _in_place(start, places) and not owned_site):
            # ("Shepherd's Bush Green", "King's Lynn": with no trade, a public place's name,
            # unless the record names the owner: "Mrs Treharne (Treharne's Caravan Park)")
            tail = m.start(1) + _end_of_nth(m.group(1), n)
            out.append(
                Span(_trade_before(text, start), tail, Entity.BUSINESS.value, 0.8, "business-name")
            )
    return out + _by_owner(text)


_NAME_BEFORE_CAPS = re.compile(r"(?<![\w'’&.-])([A-Z][a-z][\w'’-]+)(?=\s+[A-Z][a-z])")


_CAPS_AFTER = re.compile(r"((?:\s+[A-Z][a-z][\w'’-]*){1,3})")


def _owner_name(word: str) -> bool:
    """A word that can be a firm's owner: a name or a rare word, and not a town, a public
    place, a brand or the job's ("Leeds General", "Tesco Extra", "Taser Energy")."""
    low = word.lower()
    return (
        (safelist.is_name(low) or lx.rare(low))
        and not _not_in_shop_name(low)
        and low not in lx.BRANDS
    )


def _firm_after(text: str, end: int) -> bool:
    """ "Mini Mart", "Travel Solutions": capitalised words after the name holding a trade
    that is no public place's noun too (not "Becklin Centre", "Lister School", "Park Inn")."""
    m = _CAPS_AFTER.match(text, end)
    words = m.group(1).split() if m else []
    return any(
        trade_word(w) and not (_landmarks().match(w.lower()) or _place_noun(w.lower()))
        for w in words
    )


def _between(word: str, caps: bool) -> bool:
    """A word between an owner's name and the trade: capitalised ("Flanagan's Chip Shop"),
    or in capitals after a name in capitals ("WAYNE SKYRME TREE SURGERY"), but no word of
    a sentence going on ("JONES WAS ARRESTED AT THE BAR")."""
    from uofclean.redact.recognizers.names import is_verb

    if (word[:1].isupper() and not word.isupper()) or word[:1].isdigit():
        return True  # (a number there is the hours: "Dev's 24hr Locksmiths")
    return caps and word.isupper() and not _not_in_shop_name(word.lower()) and not is_verb(word)


def _in_place(at: int, places: list[tuple[int, int]] | None) -> bool:
    return any(a <= at < z for a, z in places or ())


# "Fresh Cutz by Dre", "Nails by Bella Rossi": a shop's name, then "by" and its owner's name
_BY_OWNER = re.compile(
    r"(?<![\w'’])((?:[A-Z][a-z][\w'’-]*\s+){1,3})by\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
    r"(?![\w'’-])(?!\s+[A-Z])"
)
_NEXT_WORD = re.compile(r"\s+([\w'’-]+)")


def _by_owner(text: str) -> list[Span]:
    from uofclean.redact.recognizers.names import is_verb

    out = []
    for m in _BY_OWNER.finditer(text):
        words, owner = m.group(1).split(), m.group(2).split()[0].lower()
        if owner in lx.POLICE_TERMS or owner in lx.TITLES or owner in lx.RANKS:
            continue  # "Seen by Police"
        start = m.start()
        while words and (words[0].lower() in _leading_words() or is_verb(words[0])):
            start = text.index(words[1] if len(words) > 1 else "by", start + len(words[0]))
            words = words[1:]  # "Outside Ink by Kez": the shop's name starts after "Outside"
        if any(is_verb(w) or _not_in_shop_name(w.lower()) for w in words):
            continue  # "Assisted by Sarah"
        trade = _NEXT_WORD.match(text, m.end())  # "Fades by Kofi barbers"
        end = trade.end() if trade and trade_word(trade.group(1)) else m.end()
        if end == m.end() and not any(trade_word(w) or not _everyday(w) for w in words):
            continue  # "Bitten by Tyson", "Stopped by Dave": everyday words, no shop
        out.append(Span(start, end, Entity.BUSINESS.value, 0.75, "business-name"))
    return out


def _everyday(word: str) -> bool:
    from wordfreq import zipf_frequency

    return zipf_frequency(word.lower(), "en") >= 3.0


@cache
def _leading_words() -> frozenset[str]:
    return lx.FUNCTION_WORDS | frozenset(load_words("place_prepositions"))


def _one_case(text: str) -> bool:
    from uofclean.redact.recognizers.names import caps_heavy, lower_heavy

    return caps_heavy(text) or lower_heavy(text)


def _initials_word(value: str) -> bool:
    """ "PC", "NO", "GET", "HIM": the job's letters and words, not a firm's initials."""
    low = value.lower()
    if low in lx.BRANDS or re.sub(r"\s", "", low) in lx.BRANDS:
        return True  # "M & S Simply Food"
    if not low.isalpha():
        return False  # "K & S", "J.P."
    return low in lx.POLICE_TERMS or low in lx.RANKS or low in lx.FUNCTION_WORDS or _everyday(low)


def _chain_after(text: str, end: int) -> bool:
    """ "JD Sports": initials that begin a chain's name."""
    word = re.match(r"\s+([\w'’-]+)", text[end:])
    if word is None:
        return False
    return f"{text[:end].split()[-1]} {word.group(1)}".lower() in lx.BRANDS


def _title_run(words: list[str]) -> int:
    """How many of the words make a business's name after an owner's possessive: capitalised
    words (and "&" between them), none of which is the job's, a brand, a place, a relative
    or a landmark ("Kevin's Mum", "PC Ward's Taser", "John's BMW", "Guy's Hospital")."""
    n = 0
    for k, w in enumerate(words):
        if w == "&":  # "Fatima's Fabrics & Tailoring"; "and" joins sentences as often
            continue
        if not (w[:1].isupper() and w[1:].islower()):
            break
        low = w.lower()
        after_trade = k and (trade_word(words[k - 1]) or low in _MOBILE_SHOPS)
        if low in _towns() or (_not_in_shop_name(low) and not after_trade):
            break  # "Mehmet's Kebab Van", "Fabio's Gelato Van": a shop on wheels
        n = k + 1
    if not n:
        return 0
    last = words[n - 1].lower()
    if (_landmark_noun(last) or _place_noun(last)) and not _site_name(" ".join(words[:n])):
        return 0  # "Grey's Monument", "Land's End", "Marshall's Yard": places
    if " ".join(words[:2]).lower() in lx.BRANDS:
        return 0  # "Eileen's Post Office card": the chain's, not hers
    return n


@cache
def _site_names() -> re.Pattern:
    """Sites of two words or more ("Caravan Park", "Holiday Village"): after an owner's
    possessive, a family's business ("Treharne's Caravan Park"), not a public place."""
    sites = [w for w in load_words("site_nouns") if "\\s" in w]
    return re.compile(r"(?i:\b(?:" + "|".join(sites) + r"))$")


def _site_name(words: str) -> bool:
    return _site_names().search(words) is not None


_MOBILE_SHOPS = frozenset({"van", "truck", "trailer", "stall", "kiosk", "cart"})


def _place_noun(low: str) -> bool:
    from uofclean.redact.recognizers.names import _PLACE_NOUNS

    return low in _PLACE_NOUNS or low in _extra_place_nouns()


@cache
def _extra_place_nouns() -> frozenset[str]:
    return frozenset(load_words("possessive_place_nouns"))


def _not_in_shop_name(low: str) -> bool:
    return (
        low in lx.POLICE_TERMS
        or low in safelist.proper_not_personal()  # "ALVES's Portuguese identity card"
        or low in _towns()
        or low in lx.FUNCTION_WORDS
        or low in lx.MONTHS_AND_DAYS
        or low in lx.TITLES
        or low in lx.RANKS
        or low in lx.kept_places()
        or low in _relatives()
    )


@cache
def _towns() -> frozenset[str]:
    """The one-word towns and districts ("Swindon", "Wakefield"): they end a shop's name."""
    return frozenset(p.lower() for p in safelist.public_places() if " " not in p)


@cache
def _relatives() -> frozenset[str]:
    from uofclean.redact.recognizers.names import CUE_WORDS

    return frozenset(CUE_WORDS) | frozenset(load_words("family_nouns"))


@cache
def _landmarks() -> re.Pattern:
    return re.compile(r"(?:" + "|".join(load_words("landmark_nouns")) + r")$")


def _landmark_noun(low: str) -> bool:
    """ "Guy's Hospital", "St John's Church": a public place's noun; "Centre" and "Mart"
    end shops' names too ("Big Ben's Jerk Centre") and are trades here."""
    return low not in _business_words() and bool(_landmarks().match(low))


def _owner_word(word: str) -> bool:
    """A possessive's word that can be an owner's name: a name, or no everyday word
    ("Ozzy's", "Beano's"); not "Children's", "Queen's", "St Mary's"."""
    low = word.lower()
    if low in _public_possessives():
        return False
    return safelist.is_name(low) or (
        low not in lx.common_words() and safelist.word_safety(word) < 2
    )


@cache
def _public_possessives() -> frozenset[str]:
    return frozenset(load_words("public_possessives"))


def trade_word(word: str) -> bool:
    """ "Plumbing", "SRL", "Mini-Mart": a trade, or a hyphenated word holding one."""
    low = word.lower()
    return low in _business_words() or (
        "-" in low and any(p in _business_words() for p in low.split("-"))
    )


_WORD_BEFORE = re.compile(r"(?<![\w'’-])([A-Z][\w'’-]*)\s+$")


def _trade_before(text: str, start: int) -> int:
    """ "Transport Popa Gheorghe SRL": capitalised trade words right before the owner's name
    belong to the business's name."""
    for _ in range(2):
        m = _WORD_BEFORE.search(text, max(0, start - 30), start)
        if not m or not trade_word(m.group(1)):
            break
        start = m.start(1)
    return start


def _end_of_nth(segment: str, n: int) -> int:
    return list(_FIRM_WORD.finditer(segment))[n - 1].end()


_SPOKEN_HOUSE = re.compile(
    r"(?<![\w-])(?:(?:flat|rooms?|maisonette|bedsit)\s*(?:\d{1,3}[a-z]?\s+)?(?:above|over)\s+"
    r"(?:the\s+)?(?:[\w'’-]+(?:,\s*|\s+)){0,3}?(?:(?:on|in|at|of)\s+)?$|(?:(?:flat|number|no\.?)\s+)?(?:"
    + r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+$)",
    re.IGNORECASE,
)


def spoken_house_numbers(text: str, spans: list[Span]) -> list[Span]:
    """ "twenty two Mount Pleasant Road", "number nine Polwithen Drive": a house number
    spoken into the phone belongs to the street after it; so does "the flat above" a shop's
    number ("the flat above 112 Kirkgate", "flat 2 above the chippy on Northdown rd")."""
    out = []
    for s in spans:
        if s.entity == Entity.ADDRESS.value:
            m = _SPOKEN_HOUSE.search(text, max(0, s.start - 60), s.start)
            if m:
                s = Span(m.start(), s.end, s.entity, s.score, s.recognizer)
        out.append(s)
    return out


# "Ubah Osman at 28", "the neighbour at 60 stating", "taken next door to 3 by": a house
# number alone, where the record has named an address, is the house (not "dialled 999", "at
# 30 mph", "to 2 officers", "at 14 Kennet Road": the street rules have that)
_HOUSE_AGAIN = re.compile(
    r"\b(?i:at|to|outside|inside|door)\s+(?P<pii>(?!(?:999|101|111)\b)\d{1,3}[A-Za-z]?)"
    r"(?![\w/:.,]\d)(?![\w-])(?!\s*(?i:"
    + "|".join(load_words("units_after_numbers"))
    + r")\b)(?!\s*[-–%])(?!\s+[A-Z][a-z])"
)


def house_numbers_again(text: str, spans: list[Span]) -> list[Span]:
    if not any(s.entity == Entity.ADDRESS.value for s in spans):
        return []
    return [
        Span(m.start("pii"), m.end("pii"), Entity.ADDRESS.value, 0.6, "house-number")
        for m in _HOUSE_AGAIN.finditer(text)
    ]


def addresses_again(text: str, spans: list[Span]) -> list[Span]:
    """ "back inside at Applegarth", "when we got to Badgers End": a house or a street named
    once in the record is the same address wherever it is named again."""
    values = {text[s.start : s.end] for s in spans if s.entity == Entity.ADDRESS.value}
    out = []
    for value in values:
        if len(value) < 4 or any(c.isdigit() for c in value) or value.lower() in lx.kept_places():
            continue
        for start in whole_occurrences(text, value):
            end = start + len(value)
            out.append(Span(start, end, Entity.ADDRESS.value, 0.7, "address-propagation"))
    return out


def _joins_word(char: str) -> bool:
    """A character that continues a word for addresses_again, as `[\\w'’-]` in `re`."""
    return char.isalnum() or char in "_'’-"


def whole_occurrences(text: str, value: str) -> list[int]:
    """Where the value stands as whole words, left to right without overlap: what finditer of
    "(?<![\\w'’-])value(?![\\w'’-])" gives, by str.find (a pattern per value also evicted the
    `re` module's cache of compiled patterns, which other code then compiled again)."""
    found = []
    at = text.find(value)
    while at >= 0:
        end = at + len(value)
        if (at == 0 or not _joins_word(text[at - 1])) and (
            end == len(text) or not _joins_word(text[end])
        ):
            found.append(at)
            at = text.find(value, end)
        else:
            at = text.find(value, at + 1)
    return found


# One line of a postal address: a house number or flat, then capitalised words ("7 Lower
# Borough Walls", "Flat 6", "Coronation Court", "HAWTHORN LODGE", "Bix Bottom")
_ADDRESS_LINE = re.compile(
    r"(?:(?:Flat|FLAT|Apt|APT|Apartment|Unit|UNIT)\s*\d{1,4}[A-Za-z]?|\d{1,4}[A-Za-z]?(?:/\d{1,2})?)"
    r"(?:\s+[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|on|upon|the|of|le|by|&)){0,4})?"
    r"|[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|on|upon|the|of|le|by|&)){0,4}"
)
_LINE_END = re.compile(r"[,.;:()\n–—]|\s-\s")
# words that open an address: "addr:", "lives at", "attended" ...
_ADDRESS_CUE = (
    r"(?i:(?:home\s+)?addr(?:ess)?\.?|of|at|lives\s+at|living\s+at|resides\s+at|from|to"
    r"|attended(?:\s+at)?)\s+"
)
_LINE_CUE = re.compile("^" + _ADDRESS_CUE)


def address_lines(text: str, spans: list[Span], places: list[tuple[int, int]]) -> list[Span]:
    """ "DOB 22/03/2005. Beckside, Crook Road, Staveley LA8 9NE": the lines before a full
    postcode's town, back to where the sentence or the cue before them starts, are the address
    ("Flat 6, Coronation Court, Maindee, Newport NP19 8AA"). The town stays."""
    from uofclean.redact.recognizers.names import CUE_WORDS

    out = []
    for s in spans:
        if s.entity != Entity.POSTCODE.value or " " not in text[s.start : s.end].strip():
            continue
        comma = text.rfind(",", max(0, s.start - 40), s.start)  # the town's line starts after it
        if comma < 0 or _LINE_END.search(text, comma + 1, s.start):
            continue
        for _ in range(4):
            window = max(0, comma - 60)
            ends = [m.start() for m in _LINE_END.finditer(text, window, comma)]
            if not ends and window > 0:
                break  # no line is that long
            boundary = ends[-1] if ends else -1
            start = boundary + 1
            line = text[start:comma]
            lead = len(line) - len(line.lstrip())
            cue = _LINE_CUE.match(line.lstrip())
            start += lead + (cue.end() if cue else 0)
            line = text[start:comma]
            words = {w.lower() for w in re.findall(r"[^\W\d_]+", line)}
            if (
                not _ADDRESS_LINE.fullmatch(line)
                or words & (CUE_WORDS | lx.TITLES | lx.RANKS | lx.POLICE_TERMS)
                or _in_place(start, places)
            ):
                break
            out.append(Span(start, comma, Entity.ADDRESS.value, 0.6, "address-lines"))
            if text[boundary : boundary + 1] != ",":
                break
            comma = boundary
    return out


def _place_word(word: str) -> bool:
    return word.lower() in safelist.uk_place_words()


_BEFORE_STREET = re.compile(r"(?:\s*\([a-z ]{2,20}\))?,\s*$")  # "Westward Ho (bungalow), "
_CUE_IN_LINE = re.compile(r"(?:^|(?<=\s))" + _ADDRESS_CUE)
_TOWN_AFTER = re.compile(r",\s*(?:[A-Z][a-z]|[A-Z]{1,2}\d)")  # a town or a postcode


def house_names(text: str, spans: list[Span], places: list[tuple[int, int]]) -> list[Span]:
    """ "Sudden death - Sunnyside, Bury Road, Kentford", "warrant – Gulls Cry, Beach Road":
    capitalised words on their own line (or after "at", "of") before a street with no house
    number, when a town or a postcode follows the street, are the house's name, whatever the
    words are. A public place there ("Bristol, Stapleton Road") stays."""
    out = []
    for s in spans:
        street = text[s.start : s.end]
        if s.entity != ADDRESS or any(c.isdigit() for c in street):
            continue
        if not _TOWN_AFTER.match(text, s.end):
            continue
        before = _BEFORE_STREET.search(text, max(0, s.start - 30), s.start)
        if before is None:
            continue
        end = before.start()
        window = max(0, end - 40)
        ends = [m.end() for m in _LINE_END.finditer(text, window, end)]
        start = ends[-1] if ends else window
        line = text[start:end]
        start += len(line) - len(line.lstrip())
        cues = list(_CUE_IN_LINE.finditer(text, start, end))  # "Domestic at The Beeches, ..."
        if cues:
            start = cues[-1].end()
        elif not ends and window > 0:
            continue  # no line is that long
        line = text[start:end]
        words = {w.lower() for w in re.findall(r"[^\W\d_]+", line)} - {"the"}
        if (
            not words
            or not _ADDRESS_LINE.fullmatch(line)
            or words & _never_a_name()
            or any(a <= start and end <= z for a, z in places)  # "Tesco Extra, High Street"
            or (len(words) == 1 and _place_word(line))  # "Bristol - Easton, Stapleton Road"
        ):
            continue
        out.append(Span(start, end, ADDRESS, 0.6, "house-name"))
    return out


_YEAR_IN_BRACKETS = re.compile(r",?\s*\((?P<year>19[1-9]\d|20[0-2]\d)\)")


# "(dob 2003)", "DOB: 1987", "born in 1990", "YOB 1985", "b.1984": a year alone after a
# birth cue
_YEAR_AFTER_CUE = re.compile(
    r"(?:(?i:\b(?:d\.?o\.?b|y\.?o\.?b|born(?:\s+in)?|year\s+of\s+birth)\b\.?)|(?<![\w.])b\.)"
    r"[ \t]*[:-]?[ \t]*"
    r"(?P<year>(?:19|20)\d{2})(?![\d/.:-]\d|\w)"
)


def birth_years(text: str, spans: list[Span]) -> list[Span]:
    """ "TRAN Minh (1989)", "WEBSTER, Gary (1975)": a year in brackets right after a name is
    the person's year of birth, as an age in brackets is their age; so is a year alone after
    a birth cue ("dob 2003")."""
    out = []
    for s in spans:
        if s.entity != PERSON:
            continue
        m = _YEAR_IN_BRACKETS.match(text, s.end)
        if m:
            out.append(Span(m.start("year"), m.end("year"), Entity.DOB.value, 0.7, "birth-year"))
    for m in _YEAR_AFTER_CUE.finditer(text):
        out.append(Span(m.start("year"), m.end("year"), Entity.DOB.value, 0.8, "birth-year"))
    return out


_QUOTED_BETWEEN = re.compile(r"\s+[\"'‘“]([^\"'‘’“”\n]{1,30})[\"'’”]\s+")


# "POWELL ('Ash')", "PRESTON Ashley 'Bones' (dob": a quoted word right after a name, in brackets
# or not
_QUOTED_AFTER_NAME = re.compile(
    r"[ \t]*(?:\([ \t]*[\"'‘“]([^\"'‘’“”()\n]{1,30})[\"'’”][ \t]*\)"
    r"|[\"'‘“]([^\W\d_][\w-]*(?:[ \t][^\W\d_][\w-]*)?)[\"'’”](?=[ \t]*[(,.;]|[ \t]+(?:was|is|\w+ed)\b))"
)
# "believed 'Bryn' (nickname)": a quoted word the writer says is a nickname
_QUOTED_THEN_CUE = re.compile(
    r"[\"'‘“]([^\"'‘’“”()\n]{1,30})[\"'’”][ \t]*[(,-]?[ \t]*"
    r"(?i:\(?(?:nick[ -]?name|street[ -]?name|known[ \t]+as|aka)\b)"
)


def nicknames_between(text: str, spans: list[Span]) -> list[Span]:
    """'Lee "Gypsy" Reilly', 'GAZ "THE TANK" ROBSON': quoted words between two parts of a
    name are the person's nickname, whatever the words are; so are quoted words in brackets
    right after a name ("Ashley POWELL ('Ash')") and quoted words called a nickname
    ("'Bryn' (nickname)")."""
    from uofclean.redact.recognizers.names import lower_heavy

    persons = [s for s in spans if s.entity == PERSON]
    starts = {s.start for s in persons}
    any_case = lower_heavy(text)
    out = []
    for s in persons:
        m = _QUOTED_BETWEEN.match(text, s.end)
        if m and m.end() in starts:
            out.append(Span(m.start(1), m.end(1), PERSON, 0.7, "nickname"))
        m = _QUOTED_AFTER_NAME.match(text, s.end)
        group = 1 if m and m.group(1) else 2
        if m and (m.group(group)[:1].isupper() or any_case):
            # ('SMS phishing ("smishing")': a term, where case tells)
            out.append(Span(m.start(group), m.end(group), PERSON, 0.7, "nickname"))
    low = text.lower()
    if any(cue in low for cue in ("nick", "street", "known", "aka")):  # the pattern's cues
        for m in _QUOTED_THEN_CUE.finditer(text):
            out.append(Span(m.start(1), m.end(1), PERSON, 0.7, "nickname"))
    return out + _nicknames_again(text, out)


def _nicknames_again(text: str, found: list[Span]) -> list[Span]:
    """ "'Bones' ... On arrival Bones tried": a nickname found once, where it is written the
    same way (its case too: "bones" is a word) elsewhere in the record."""
    values = {text[s.start : s.end] for s in found}
    out = []
    for value in values:
        if not value[:1].isupper():
            continue
        for at in whole_occurrences(text, value):
            out.append(Span(at, at + len(value), PERSON, 0.7, "nickname"))
    return out


_WORD_AFTER_NUMBER = re.compile(r"[ \t]+([A-Z][a-z][\w'’-]*|[A-Z]{2}[A-Z'’-]*)(?![\w'’-])")
_NUMBERED = (Entity.SHOULDER_NUMBER.value, Entity.ID_NUMBER.value)


@cache
def _verbs() -> frozenset[str]:
    from uofclean.redact.recognizers.names import ACTION_VERBS, SUBJECT_VERBS

    return frozenset(ACTION_VERBS) | frozenset(SUBJECT_VERBS)


def names_after_numbers(text: str, spans: list[Span], places: list[tuple[int, int]]) -> list[Span]:
    """ "MDP 12004 Lewis held", "HP 0119 Irvine and I": a capitalised word right after an
    officer's or a staff member's number is their name where it can be one (a name, or no
    common word, place or police word)."""
    numbered = [s for s in spans if s.entity in _NUMBERED and text[s.end - 1].isdigit()]
    if not numbered:
        return []
    taken = {s.start for s in spans}
    never = _never_a_name()
    # in mixed-case text a word in capitals after an officer's number is the surname written
    # as forces write surnames ("PC 1650 STARLING arrived"), even where it is a word
    from uofclean.redact.recognizers.names import caps_heavy

    surname_caps = not caps_heavy(text)
    verbs = _verbs()  # "PC 1234 SAID": a verb shouted, not a surname
    out = []
    for s in numbered:
        m = _WORD_AFTER_NUMBER.match(text, s.end)
        if not m or m.start(1) in taken or _in_place(m.start(1), places):
            continue  # "PC 0762 Avon and Somerset": the force
        word = m.group(1)
        low = word.lower().rstrip("'’")
        common = low in lx.common_words()
        capitals = surname_caps and word.isupper() and len(low) > 2 and low not in verbs
        listed = safelist.is_name(low) and not (common and word.isupper())  # "HELD", "SAID"
        if (low in never and not (capitals and low in lx.BRANDS)) or (
            common and not (listed or capitals)
        ):
            continue
        if not listed and low in safelist.uk_place_words():
            continue  # "PC 3310 HEREFORD": the station
        # a surname in capitals stands on that evidence alone (kept whole by the merge)
        score = 0.85 if capitals else 0.7
        out.append(Span(m.start(1), m.end(1), PERSON, score, "name-after-number"))
    return out


@cache
def _never_a_first_name_with_age() -> frozenset[str]:
    """With the age after the name, only a title, rank, cue or function word is not its
    first name ("Storm WHITFIELD, 21": STORM is a police system's name too)."""
    return _never_a_name() - lx.POLICE_TERMS - lx.MONTHS_AND_DAYS


_WORD_BEFORE_CAPS = re.compile(r"(?<![\w'’&.-])([A-Z][a-z]+) $")
_AGE_AFTER = re.compile(r"(?:,[ \t]*|[ \t]*\((?:aged?[ \t]*)?)\d{1,2}\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]['\"’”)]*)[ \t]*$")


def first_names_before_capitals(
    text: str, spans: list[Span], places: list[tuple[int, int]]
) -> list[Span]:
    """ "stopped Favour NWOSU", "Storm WHITFIELD, 21, detained": in text written in mixed case,
    a capitalised word right before a surname in capitals is the first name, even where it
    is a word; at the start of a sentence ("Arrested NWOSU") only with the age after it."""
    from uofclean.redact.recognizers.names import caps_heavy, lower_heavy

    if caps_heavy(text) or lower_heavy(text):
        return []
    never, never_aged = _never_a_name(), _never_a_first_name_with_age()
    out = []
    for s in spans:
        value = text[s.start : s.end]
        if s.entity != PERSON or not value.isupper() or len(value) < 3 or " " in value:
            continue  # ("Fiat Panda FG 218 KX": two capitals are a plate's as often)
        if value.lower() in lx.ACRONYMS:
            continue
        m = _WORD_BEFORE_CAPS.search(text, max(0, s.start - 30), s.start)
        if not m or _in_place(m.start(1), places):
            continue
        low = m.group(1).lower()
        aged = _AGE_AFTER.match(text, s.end) is not None
        opening = _SENTENCE_START.search(text, max(0, m.start(1) - 4), m.start(1)) is not None
        if opening and not aged:
            continue  # "Arrested NWOSU", "Told SMITH"
        if low in (never_aged if aged else never) or (low in lx.BRANDS and not aged):
            continue  # "Sunday OKORO, 41" is a name; "PC SMITH", "Tesco SMITH" are not
        if low in safelist.proper_not_personal():
            continue  # "a Nigerian MTN sim", "Male Albanian KRASNIQI"
        if low in safelist.uk_place_words() and not aged:
            continue
        out.append(Span(m.start(1), m.end(1), PERSON, 0.85, "name-before-capitals"))
    return out


# A firm's name: capitalised words, "&" or a few small words between them ("The Flower
# Barrow", "Tony & Sons Sandwiches", "Polished by Phuong", "A1 Autos")
_FIRM = r"(?:The[ \t]+)?[A-Z][\w'’@-]*(?:[ \t]+(?:(?:&|and|of|by|with|on|the|y)[ \t]+)?[A-Z0-9][\w'’@-]*){0,5}"
_OWNER = (
    r"(?:owners?|owned\s+by|run\s+by|prop\.?|proprietors?|director|manager|manageress"
    r"|landlord|landlady|licensee)"
)
_FIRM_THEN_OWNER = re.compile(rf"(?<![\w'’&.-])({_FIRM})[ \t]*[,(–-]?[ \t]*{_OWNER}\b(?!['’])")
_OWNER_GATE = re.compile(r"(?i)owne[rd]|run\s+by|prop|director|manage|landl|licensee")
_OWNER_OF_FIRM = re.compile(rf"\b(?i:{_OWNER})\s+of\s+(?:the\s+)?({_FIRM})")


def owned_firms(text: str, spans: list[Span], places: list[tuple[int, int]]) -> list[Span]:
    """ "Dog grooming salon (Pampered Paws, owner ...)", "Chicken Spot (owner Mr ...)", "Owner
    of The Cosy Corner tearoom": a firm the text ties to its owner identifies them, whatever
    its name is made of; not a chain, a public place, or the owner's own name."""
    from uofclean.redact.recognizers.names import CUE_WORDS

    if not _OWNER_GATE.search(text):
        return []  # most texts name no owner: the firm patterns need not scan them
    persons = [s for s in spans if s.entity == PERSON]
    others = [s for s in spans if s.entity not in (PERSON, Entity.BUSINESS.value)]
    out = []
    for pattern in (_FIRM_THEN_OWNER, _OWNER_OF_FIRM):
        for m in pattern.finditer(text):
            start, end = m.span(1)
            words = m.group(1).split()
            while len(words) > 1 and words[-1].lower() in safelist.uk_place_words():
                end = text.rindex(words.pop(), start, end)  # "... Kebab & Pizza Southend"
                end = len(text[:end].rstrip())
            if words[0].lower() in lx.TITLES | lx.RANKS | CUE_WORDS:
                continue  # "Mr KHAN (owner)": the owner ("Nan's Rock & Fudge" is a firm)
            first = re.sub(r"['’]s$", "", words[0].lower())  # "Greggs", "Boots", "Sainsbury's"
            if text[start:end].lower() in lx.BRANDS or first in lx.BRANDS:
                continue  # "Tesco (manager ...)": a chain
            if any(a.start < end and start < a.end for a in others):
                continue  # "..., Tewkesbury Road (owned by ...)": the firm's street, postcode
            if any(a <= start and end <= z for a, z in places) or text[:start].endswith("the "):
                continue  # "drinking at the Red Lion (landlord ...)": a public venue
            if len(words) == 1 and (
                words[0].lower() in lx.common_words() or _sentence_at(text, start)
            ):
                continue  # "Vehicle (owner unknown)"
            if all(any(p.start <= text.index(w, start) < p.end for p in persons) for w in words):
                continue  # the owner's name itself
            out.append(Span(start, end, Entity.BUSINESS.value, 0.75, "business-name"))
    return out


def _sentence_at(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;\n"


_WORD_ON = re.compile(r"([ \t]+(?:&[ \t]+|and[ \t]+)?)([A-Z][\w'’@-]*)")
_WORD_BEFORE_FIRM = re.compile(r"([A-Z][\w'’@-]*)[ \t]+$")


def whole_firms(text: str, spans: list[Span]) -> list[Span]:
    """A firm found in part is taken whole: the capitalised words on either side of it belong
    to its name ("Fade [Kings Barbers]", "[Freshney Fish] Merchants", "Cheltenham [Car Wash] &
    Valet"), but not a sentence's first word that is everyday English, a title or a cue."""
    firms = [s for s in spans if s.entity == Entity.BUSINESS.value]
    if not firms or _one_case(text):
        return []
    never = _never_a_name()
    out = []
    for s in firms:
        start, end = s.start, s.end
        for _ in range(3):
            m = _WORD_ON.match(text, end)
            if not m or _not_firm_word(m.group(2), never):
                break
            end = m.end()
        for _ in range(3):
            m = _WORD_BEFORE_FIRM.search(text, max(0, start - 30), start)
            if not m or _not_firm_word(m.group(1), never):
                break
            if _sentence_at(text, m.start(1)) and m.group(1).lower() in lx.common_words():
                break
            start = m.start(1)
        if (start, end) != (s.start, s.end):
            out.append(Span(start, end, s.entity, s.score, s.recognizer))
    return out


def _not_firm_word(word: str, never: frozenset[str]) -> bool:
    """A word beside a firm's name that is no part of it: a cue or police word, a town
    ("... Car Wash Bedworth"), a code ("S1")."""
    low = word.lower()
    return low in never or low in safelist.uk_place_words() or any(c.isdigit() for c in word)


@cache
def _never_a_name() -> frozenset[str]:
    """Cue, title, rank, police, month and function words: never part of a name or a firm's."""
    from uofclean.redact.recognizers.names import CUE_WORDS

    return (
        CUE_WORDS | lx.TITLES | lx.RANKS | lx.POLICE_TERMS | lx.MONTHS_AND_DAYS | lx.FUNCTION_WORDS
    )


_WITH_AGE = re.compile(r"(?<![\w'’-])([A-Z][a-z][\w'’-]*)[ \t]*\((?:aged?[ \t]*)?(\d{1,2})\)")
_CHILDREN = re.compile(
    r"(?i:\b(?:kids|children|sons|daughters|grandchildren|grandkids|siblings|stepchildren))"
    r"[ \t]*[:,-]?[ \t]+([A-Z][a-z][\w'’-]*(?:[ \t]*(?:,|and|&)[ \t]*[A-Z][a-z][\w'’-]*)+)"
)


def children_named(text: str, spans: list[Span]) -> list[Span]:
    """ "youngest, Chase (2)": a first name or a word English does not use, with an age in
    brackets, is the child's name ("Room (3)" is not); "kids Mason, Sky and Hunter": the
    capitalised words listed after such a word are names (even everyday words: nothing else
    stands in such a list)."""
    taken = {s.start for s in spans}
    never = _never_a_name()
    out = []
    for m in _WITH_AGE.finditer(text):
        low = m.group(1).lower()
        if m.start(1) in taken or low in never or low in safelist.uk_place_words():
            continue
        if lx.fold(low) in lx.name_sets()[0] or low not in lx.common_words():
            out.append(Span(m.start(1), m.end(1), PERSON, 0.7, "name-with-age"))
    for m in _CHILDREN.finditer(text):
        for w in re.finditer(r"[A-Z][a-z][\w'’-]*", m.group(1)):
            at = m.start(1) + w.start()
            if at not in taken and w.group().lower() not in never:
                out.append(Span(at, at + len(w.group()), PERSON, 0.7, "name-with-age"))
    return out


@cache
def _company_forms() -> tuple[regex.Pattern, regex.Pattern]:
    forms = load_words("company_forms")
    after = "|".join(regex.escape(f) for f in forms if not f.startswith("^"))
    before = "|".join(regex.escape(f[1:]) for f in forms if f.startswith("^"))
    word = rf"(?!(?:{after})(?![\w.]))\p{{Lu}}[\p{{L}}'’-]*"
    return (
        regex.compile(
            rf"(?<![\w])(?P<firm>{word}(?:\s+(?:&\s+)?{word}){{0,4}}"
            rf"(?:\s+\(\p{{Lu}}\p{{L}}+\))?\s+(?:{after}))(?![\w])"
        ),
        regex.compile(
            rf"(?<![\w])(?P<firm>(?:{before})\s+{word}(?:\s+\p{{L}}[\p{{L}}'’-]*){{0,3}})"
        ),
    )


def company_names(text: str) -> list[Span]:
    """A firm with its legal form ("Trans Draghici Expres SRL", "UAB Petrauskas ir sūnūs")
    whose name holds a word no common English and no chain's: a person's name, so the firm
    identifies its owner."""
    out = []
    for first, pattern in zip((False, True), _company_forms(), strict=True):
        for m in pattern.finditer(text):
            start, end = m.span("firm")
            # "UAB Petrauskas ir sūnūs and the manager": the name ends at everyday English
            words = list(regex.finditer(r"\p{L}[\p{L}'’-]*", m.group("firm")))
            while len(words) > 2 and words[-1].group().lower() in lx.common_words():
                words.pop()
            if first:  # the form first: the name ends at its last word kept
                end = start + words[-1].end()
            else:  # "Employer Lupu Trans SRL", "On Monday Draghici Trans SRL": not the firm's
                while len(words) > 1 and (
                    words[0].group().lower() in _relatives()
                    or words[0].group().lower() in _never_a_name()
                    or words[0].group().lower() in lx.very_common_words()
                ):
                    words = words[1:]
                start = m.start("firm") + words[0].start()
            names = [w.group() for w in words if w.group() not in _form_words()]
            before = regex.search(r"(\p{L}+)\s+$", text[max(0, start - 30) : start])
            if before and before.group(1).lower() in lx.BRANDS:
                continue  # a chain's company: "Tesco Stores Ltd"
            if any(w.lower() in lx.BRANDS for w in names):
                continue
            if any(not w.islower() and safelist.word_safety(w) == 0 for w in names):
                out.append(Span(start, end, Entity.BUSINESS.value, 0.75, "business-name"))
    return out


@cache
def _form_words() -> frozenset[str]:
    return frozenset(
        w for f in load_words("company_forms") for w in regex.findall(r"\p{L}+", f.lstrip("^"))
    )
