"""Names the model misses: after titles and ranks, after cues ("known as"), "SURNAME, Forename",
CAPITALISED surnames, lower-case full names, and names from the gazetteer in name-like places."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import chain
from typing import NamedTuple

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from uofclean.entities import Entity
from uofclean.redact import lexicon as lx
from uofclean.redact import safelist
from uofclean.redact.data import load_words
from uofclean.redact.recognizers.firstchar import with_lookahead

# Words with digits ("IC3", "S136") are tokens too, so that their letters are never a name.
WORD = re.compile(r"[^\W_](?:[^\W_]|['’-][^\W_])*")  # re: faster than regex here
# Words that introduce a person; never part of the name itself.
CUE_WORDS = frozenset(load_words("cue_words"))
# the standard library's re: several times faster on this big case-blind alternation
CUES = re.compile(
    r"\b(?:identified\s+(?:him|her|them)?\s*as|later\s+identified\s+as|named(?:\s+as)?|"
    r"called|known\s+as|(?:first|sur|fore|real|full|given|family)\s*name(?:\s+(?:is|was|as))?|"
    r"aunt|uncle|mum|mam|mom|dad|nan|nana|gran|granny|grandma|grandad|grandmother|grandfather|"
    r"step(?:father|mother|dad|mum)|resident|"
    r"owner|landlord|landlady|tenant|cyclist|pedestrian|door\s+supervisor|supervisor|"
    r"store\s+detective|shop\s+keeper|shopkeeper|staff\s+member|member\s+of\s+staff|"
    r"aka|a\.k\.a\.?|goes\s+by|nicknamed?|name\s+(?:is|was|as)|names?\s*:|calling\s+(?:him|her)self|"
    r"introduced\s+(?:him|her)self\s+as|by\s+the\s+name\s+(?:of\s+)?|"
    r"gave\s+(?:his|her|their|the)\s+(?:full\s+)?name\s+(?:as|of)|"
    r"victim|informant|witness|suspect|subject|complainant|caller|IP|mother|father|brother|"
    r"sister|partner|girlfriend|boyfriend|wife|husband|son|daughter|friend|cousin|neighbour|"
    r"next\s+of\s+kin|nok|carer|guardian|"
    r"manager|security\s+guard|occupant|driver|passenger|male|female|man|woman|"
    r"(?:lad|lass|boy|girl|youth|bloke|kid|teen|teenager|pal|mate|associate|accomplice|"
    r"stallholder|pastor|vicar|imam|priest|teacher|nurse|doctor|paramedic|steward|bouncer|"
    r"doorman|boss|employer|employee|worker|ex|ex-partner|fianc[eé]e?|nephew|niece|grandson|"
    r"barman|barmaid|bartender|attendant|hca|key\s*worker|clerk|cleaner|usher|"
    r"granddaughter|step(?:son|daughter)|(?:he|she)\s+(?:was|is))(?![\w-]))"
    # "brother-in-law Hope": a family cue with its in-law
    r"(?:-in-law)?"
    # a cue ending in a letter ends the word: not the "Man" of "Mandarin interpreter"
    r"(?!(?<=\w)\w)\s*[,:(\-\"']*\s*",
    re.IGNORECASE,
)
# The same cues matched on the lower-cased text without IGNORECASE: three times faster, and
# the same positions wherever lower-casing keeps the length (it does but for a few letters);
# with firstchar's lookahead, the same matches found a quarter faster
_CUES_LOWER = re.compile(with_lookahead(CUES.pattern.lower()))


def _cue_matches(text: str):
    low = text.lower()
    return (_CUES_LOWER if len(low) == len(text) else CUES).finditer(
        low if len(low) == len(text) else text
    )


ENTITY = Entity.PERSON.value
PARTICLES = frozenset(load_words("particles"))
NICKNAME_CUES = regex.compile(
    r"\b(?:known\s+(?:(?:to|on|in|around|by)\s+)?(?:(?:me|us|police|officers|the|staff|\w+)\s+){0,3}as|"
    r"know(?:s)?\s+(?:him|her|them)\s+as|aka|a\.k\.a\.?|goes\s+by|nicknamed?|street\s+name|calls?\s+himself|"
    r"calls?\s+herself)\s*[\"'‘“(]?\s*(?P<pii>[^\W\d_](?:[\w'’-]*\w)?)",
    regex.IGNORECASE,
)
# "known locally as 'the Skipper'", "aka 'Gus the Bus'": the whole quoted nickname
NICKNAME_QUOTED = regex.compile(
    r"(?i:\bknown\s+(?:[\w]+\s+){0,3}as|\baka|\ba\.k\.a\.?|\bgoes\s+by|\bnicknamed?|"
    r"\bstreet\s+name|\bcalls?\s+(?:him|her)self)\s*[,:]?\s*['\"‘“](?P<pii>[^'\"’”\n]{1,30})['\"’”]"
)
# "Big Dave", "LIL T", "Wee Shug": a nickname's prefix and a name or a lone letter
NICKNAME_PREFIX_WORDS = frozenset(["big", "lil", "little", "young", "wee", "baby", "mad", "fat"])
NICKNAME_PREFIX = regex.compile(
    r"\b(?P<pii>(?i:" + "|".join(NICKNAME_PREFIX_WORDS) + r")\s+(?P<n>\p{L}(?:[\p{L}-]*\p{L})?))\b"
)
# "the 'Ozzy' line", "contacts including 'Shiv'": one quoted word that only names people
QUOTED_NAME_WORD = regex.compile(r"(?<![\w'’])['‘\"“](?P<pii>\p{Lu}\p{Ll}+)['’\"”](?![\w'’])")
# "PHAM Van Duc", "TRAN Thi Linh": a surname in capitals first, then the given names
SURNAME_FIRST = regex.compile(
    r"(?<![\w'’-])(?P<pii>\p{Lu}{2,}\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?)(?=[\s,.;)]|$)"
)
# "honey o'sullivan", "kyle mcdermott": in lower case too, an O' or Mc word is a surname
IRISH_SURNAME = regex.compile(r"(?<![\w'’-])(?:o['’](?!clock)\p{Ll}{3,}|mc\p{Ll}{3,})(?![\w'’-])")
# Irish surnames of particles, in any case: "Mac an tSaoir", "nic eoin", "Ní Bhriain", "Ó
# Murchú": "mac an", "nic", "ní", "uí", "mhic" and "ó" open no English words
GAELIC_SURNAME = regex.compile(
    r"(?<![\w'’-])(?:(?i:mac|nic|mhic)\s+(?i:an|a['’])\s+\p{L}[\p{L}'’-]+"
    r"|(?i:nic|ní|uí|mhic)\s+\p{L}[\p{L}'’-]{2,}|[óÓ]\s+\p{L}[\p{L}'’-]{2,})(?![\w'’-])"
)
# "Mikey (Michael LEWIS, 19)": a word before the full name in brackets is what he is called
ALIAS_BEFORE = regex.compile(
    r"(?<![\w'’-])(?P<pii>\p{Lu}\p{Ll}+)\s+\((?=(?:\p{Lu}\p{Ll}+\s+){1,2}\p{Lu}{2,})"
)
# "pc 13380 quick", "PC 1906 BEST AND I", "PC 0620 ap HUW": after a rank and its number
# stands the officer's surname
RANK_NUMBER_NAME = regex.compile(
    r"\b(?i:pc|ps|pcso|sgt|dc|ds|sc|insp|cst|con|constable|sergeant|special|garda|gda)\.?\s*"
    r"\d{2,6}[A-Za-z]{0,2}\s+"
    r"(?P<pii>(?:(?i:ap|ab|van|von|de|da|du|del|der|den|la|le|mac|o')\s+){0,2}[^\W\d_][\w'’-]+)"
)
# "pc miksza 31TU", "sc d'souza 614BA": between a rank and a shoulder number stands a name.
SURNAME_COMMA = regex.compile(r"\b(\p{Lu}[\p{Lu}'’-]+),\s+(\p{Lu}[\p{Ll}'’-]+)\b")
CAPS_SURNAME_COMMA = regex.compile(
    r"(?<![\w'’-])\p{Lu}[\p{Lu}'’-]+,\s*\p{Lu}[\p{Lu}'’-]+(?:\s\p{Lu}[\p{Lu}'’-]+)?(?![\w'’-])"
)
# "PC 1744 M. ROBSON, Malton", "Daniel OKONJO, West Yorkshire Police": a name already
# whole before the comma, or a place after it, is a sign-off's station, not "SURNAME, Forename"
_GIVEN_BEFORE = regex.compile(r"(?:\b\p{Lu}\.?|\b\p{Lu}\p{Ll}+)\s+$")


@cache
def _force_name() -> regex.Pattern:
    forces = sorted(load_words("forces"), key=len, reverse=True)
    return regex.compile(r"(?i:" + "|".join(regex.escape(f) for f in forces) + r")\b")


_WORD_BEFORE = regex.compile(r"([^\W\d_]+)(?:[:.=]\s*|\s+)$")
_CUSTODY_CUES = frozenset({"dp", "prisoner", "given", "detainee"})


def _person_cue_before(text: str, start: int) -> bool:
    """ "Prisoner: SAWYER, Jordan", "DP WAGSTAFF, Lee": a cue for a person stands before."""
    cue = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return bool(cue) and cue.group(1).lower() in CUE_WORDS | _CUSTODY_CUES


def _station_after_name(text: str, m: regex.Match) -> bool:
    after = m.group(2).lower()
    if after in lx.kept_places() or after in safelist.uk_place_words():
        return True
    if _force_name().match(text, m.start(2)):
        return True
    before = _GIVEN_BEFORE.search(text, max(0, m.start() - 30), m.start())
    if not before:
        return False
    word = before.group().strip().rstrip(".")
    first = lx.name_sets()[0]
    return len(word) == 1 or lx.fold(word).lower() in first


# "called 'Big Tom'", "his mates called him 'Duke'", "'Big John' DORAN": a name in quotes after a
# cue or before a surname
# Only the cue words ignore case: under IGNORECASE \p{Lu} matches any letter, and every
# quoted phrase before a word ("shouted "drop it now" and") became a nickname.
QUOTED_NICKNAME = regex.compile(
    r"(?:\b(?i:called(?:\s+(?:him|her|them))?|known\s+as|aka|nicknamed|calls\s+(?:him|her)self)\s+['\"‘“]"
    r"(?P<pii>\p{Lu}[\w'-]*(?:\s\p{Lu}[\w'-]*){0,2})['\"’”])|"
    r"(?:(?<![\w'])['‘“\"](?P<pii>\p{Lu}\p{Ll}[\w-]*(?:\s\p{Lu}\p{Ll}[\w-]*){0,2})['’”\"]"
    r"(?=\s+\p{Lu}{2,}\b))"
)
# "Hugh 'Wee Shug' McLAUGHLIN", "steven "stevie boy" laird": a short quoted phrase between a
# first name and another name word is a nickname, in any case.
QUOTED_IN_NAME = regex.compile(
    r"(?<=\s)['\"‘“](?P<pii>[^\W\d_][\w'’-]*(?:\s[\w'’-]+){0,2})['\"’”]\s+(?P<b>[^\W\d_][\w'’-]*)"
)
_WORD_BEFORE_QUOTE = regex.compile(r"(?<![\w'’-])(?P<a>[^\W\d_][\w'’-]*)\s+$")
# "the third lad was "Ghost"", "a male called 'Tiny'", "contact saved as "Big Tee"", "his
# phone showed contact "Ghost"": up to three quoted capitalised words named as what a person
# is called.
QUOTED_AS_NAME = regex.compile(
    r"\b(?i:was|is|called|named|name\s+(?:was|is)|as|contacts?|under)\s+['\"‘“]"
    r"(?P<pii>\p{Lu}[\p{L}'’-]*(?:\s\p{Lu}[\p{L}'’-]*){0,2})['\"’”](?![\w!?])"
)
# "the "T-Money" line", "County lines 'Lil Kaz' deal line": a drugs line is named after
# the person who runs it
QUOTED_LINE = regex.compile(
    r"(?<![\w'’])['\"‘“](?P<pii>\p{Lu}[\w'’-]*(?:\s[\w'’-]+){0,2})['\"’”]\s+(?i:(?:deal|drugs?)\s+)?"
    r"(?i:line)\b"
)
QUOTED_BETWEEN = regex.compile(r" ['\"‘“](?P<pii>\p{Lu}[\w'-]*)['\"’”] (?=\p{Lu}{2})")
SHOULDER = regex.compile(r"\d{2,6}[A-Z]{0,3}", regex.IGNORECASE)
WORD_RANKS = frozenset(load_words("word_ranks"))
# "J. SMITH", "PC S. Brown": an initial and a surname
INITIAL_NAME = regex.compile(r"(?<![\w.])(\p{Lu})\.\s?(\p{Lu}[\p{L}'’-]+)\b")
RANK_NAME_NUMBER = regex.compile(
    r"\b(?:PC|PS|DC|DS|DI|TDC|SC|PCSO|Sgt|Insp)\.?\s+(?P<pii>[^\W\d_][\w'’-]+)\s+\d{2,6}[A-Z]{0,3}\b",
    regex.IGNORECASE,
)


# A person stands before these verbs and after these ("sarah smith was arrested", "told rose").
SUBJECT_VERBS = list(load_words("subject_verbs"))
# What a person does, not what is done to a thing ("Stone was thrown"): for names that are
# everyday words.
ACTION_VERBS = list(load_words("action_verbs"))
SUBJECT_VERB = regex.compile(r"\s+(?:" + "|".join(SUBJECT_VERBS) + r")\b")
# "Frank was shouting": doing something, not having it done
ACTION_VERB = regex.compile(r"\s+(?:" + "|".join(ACTION_VERBS) + r"|was\s+\w+ing)\b")
OBJECT_VERB = regex.compile(
    r"(?:told|asked|warned|advised|arrested|searched|handcuffed|restrained|believe|believed|"
    r"informed|cautioned|detained|saw|grabbed|took|escorted|conveyed|tasered|that)\s+$"
)
_VERB_WORDS = frozenset(SUBJECT_VERBS + ACTION_VERBS)
# The nouns that end the name of a place or street ("Park", "Dock", "Road", "House")
_PLACE_NOUNS = frozenset(
    w.lower()
    for name in ("landmark_nouns", "street_suffixes", "building_suffixes", "site_nouns")
    for w in load_words(name)
)


def _person_here(text: str, toks, i: int) -> bool:
    """The pair at tokens i, i+1 stands where a person does: the subject of a verb, the object
    of "told" or "arrested", or followed by an age or a date of birth."""
    return person_stands(text, toks[i][0], toks[i + 1][1])


def _caps_surname_after_first_name(text: str, toks, i: int) -> bool:
    """ "Craig SHIELDS", "PC 1458 Laura DRIVER": in a normally cased record a word in
    capitals right after a capitalised first name is the surname, even where the word is
    also the job's ("shields", "driver"); acronyms ("Sarah PAVA'd") and short words are not."""
    word = toks[i][2]
    if i == 0 or len(word) < 4 or not word.isalpha() or not word.isupper():
        return False
    low = word.lower()
    if low in lx.ACRONYMS or low in lx.FUNCTION_WORDS or low in lx.kept_places():
        return False
    prev = toks[i - 1][2]
    if low in lx.POLICE_TERMS and is_verb(prev):
        return False  # "Drew PAVA, warned": a verb that is a first name too, then the kit
    return (
        text[toks[i - 1][1] : toks[i][0]] == " "
        and prev[:1].isupper()
        and prev[1:].islower()
        and lx.fold(prev) in lx.name_sets()[0]
    )


def _venue_after_the(text: str, toks, i: int) -> bool:
    """ "at the Wheatsheaf", "the Red Lion": capitalised words after a lower-case "the" name
    a venue or a thing, not a person, unless a family noun follows ("the Jones family")."""
    j = i
    while j > 0 and toks[j - 1][2][:1].isupper() and text[toks[j - 1][1] : toks[j][0]] == " ":
        j -= 1
    if j == 0 or toks[j - 1][2] != "the" or text[toks[j - 1][1] : toks[j][0]] != " ":
        return False
    if lx.street_named_bare(toks[i][2]):
        return False  # "the Headrow", "the Trongate": streets
    k = i
    while k + 1 < len(toks) and toks[k + 1][2][:1].isupper():
        k += 1
    # the word itself ("the Wilsons") and the last of the run ("the Jones family")
    return all(venue_after_the(text, toks[x][0], toks[x][1]) for x in (i, k))


_FAMILY_NOUNS = frozenset(load_words("family_nouns"))
_NEXT_WORD = regex.compile(r"\s+(\p{L}+)")


def venue_after_the(text: str, start: int, end: int) -> bool:
    """The word at start:end follows "the": a venue unless it is a family's plural ("the
    Wilsons") or a family noun comes next ("the Jones family")."""
    word = text[start:end]
    if word.endswith("s") and safelist.is_name(word[:-1].lower()):
        return False
    m = _NEXT_WORD.match(text, end)
    return not (m and m.group(1).lower() in _FAMILY_NOUNS)


def person_stands(text: str, start: int, end: int) -> bool:
    """The words at start:end stand where a person does: the subject of a verb, the object of
    "told" or "arrested", after "victim" or "his nan", or followed by an age or a date of
    birth."""
    before = _WORD_BEFORE_PAIR.search(text, max(0, start - 20), start)
    return bool(
        SUBJECT_VERB.match(text, end)
        or ACTION_VERB.match(text, end)
        or _AFTER_NAME.match(text, end)
        or OBJECT_VERB.search(text[max(0, start - 20) : start])
        or (before and before.group(1).lower() in CUE_WORDS)
    )


_WORD_BEFORE_PAIR = re.compile(r"(\w+)[\s,:]+$")


def is_verb(word: str) -> bool:
    """ "assisted", "supervising", "MADE": verbs officers write after a name, not names."""
    low = word.lower()
    if low in _VERB_WORDS:
        return True
    return low.endswith(("ed", "ing")) and len(low) > 4 and not lx.is_name_word(word)


def _may_pair(word: str, toks, i: int) -> bool:
    """A lower-case word can be a name only in a first-name + surname pair (see _namey):
    the cheap test that spares the full one for nearly every word of a record."""
    if not word.isascii():
        return True  # other scripts: _namey judges them
    f = facts(word)
    return not f.skip and (f.first or (i > 0 and facts(toks[i - 1][2]).first))


def _tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    if _SHARED_TOKENS:  # the place list reads the same tokens of the same text
        return safelist.tokens(text)
    return tuple([(m.start(), m.end(), m.group()) for m in WORD.finditer(text)])


_SHARED_TOKENS = (WORD.pattern, WORD.flags) == (safelist.TOKEN.pattern, safelist.TOKEN.flags)


def _next_tokens(text: str, at: int, n: int) -> list[tuple[int, int, str]]:
    """The first n tokens within 60 characters after `at`, offsets counted from `at`."""
    out = []
    for m in WORD.finditer(text, at, at + 60):
        out.append((m.start() - at, m.end() - at, m.group()))
        if len(out) == n:
            break
    return out


# A word in a script other than Latin (Arabic, Chinese, Bengali...; Cyrillic in capitals is
# caught as capitals).
NON_LATIN = regex.compile(
    r"(?:(?!\p{Script=Latin})\p{L}|\p{M})+(?:['’-](?:(?!\p{Script=Latin})\p{L}|\p{M})+)*"
)
_UPPER = regex.compile(r"\p{Lu}")
_LETTER = regex.compile(r"\p{L}")


_NOT_LETTER = regex.compile(r"\P{L}+")
_NOT_UPPER = regex.compile(r"\P{Lu}+")


@lru_cache(maxsize=4096)
def _case_counts(text: str) -> tuple[int, int]:
    """Letters and capitals in the text (as many as _LETTER, _UPPER find), counted once for
    both tests below: deleting the runs of others is four times faster than listing them."""
    return len(_NOT_LETTER.sub("", text)), len(_NOT_UPPER.sub("", text))


@lru_cache(maxsize=4096)
def caps_heavy(text: str) -> bool:
    """Records typed all in capitals: case no longer tells names apart."""
    letters, upper = _case_counts(text)
    return letters > 20 and upper / letters > 0.7


@lru_cache(maxsize=4096)
def lower_heavy(text: str) -> bool:
    """Records typed all in lower case ("spoke to mohammed ali"): case tells nothing either."""
    letters, upper = _case_counts(text)
    return letters > 20 and upper / letters < 0.01


_COMPASS_WORDS = frozenset(load_words("compass_words"))
_NEVER_IN_FULL_NAME = (
    lx.FUNCTION_WORDS | lx.POLICE_TERMS | lx.MONTHS_AND_DAYS | lx.TITLES | lx.RANKS
)


class Facts(NamedTuple):
    """What a word is, whatever its place in the text (computed once per distinct word)."""

    skip: bool  # police term, title, rank, place, digits, one letter: never a name alone
    low: str
    gaz: bool
    common: bool
    first: bool
    typo: bool = False  # skipped only as a plain typo of a common word ("Tilling", "recieved")


@lru_cache(maxsize=200_000)
def facts(word: str) -> Facts:
    low = word.lower()
    hard = (
        low in lx.POLICE_TERMS
        or low in lx.TITLES
        or low in lx.RANKS
        or len(word) < 2
        or any(c.isdigit() for c in word)
        or low in lx.kept_places()
        or ("-" in low and any(p in lx.POLICE_TERMS for p in low.split("-")))  # "CLA-bot"
    )
    typo = not hard and safelist.misspelt(word)
    first, _last = lx.name_sets()
    return Facts(
        hard or typo,
        low,
        lx.is_name_word(word),
        low in lx.common_words(),
        lx.fold(word) in first,
        typo,
    )


_AFTER_NAME = regex.compile(r"\s+\(?(?:\d|[mf]\s?\d|dob\b|d\.o\.b|aged?\b)", regex.IGNORECASE)


def flat_case_pairs(text: str) -> list[tuple[int, int, float]]:
    """In a record typed all in capitals or all in lower case, case tells nothing: a first
    name then a surname ("KYLE STONE", "kerry price", "honey o'sullivan") is a person where
    it starts the record or a sentence (after a date of birth or a reference, too), where a
    person stands, where an age or a date follows it, or where one of the two is no everyday
    word."""
    toks = _tokens(text)
    first, _last = lx.name_sets()
    common, very = lx.common_words(), lx.very_common_words()
    stop = _NEVER_IN_FULL_NAME | CUE_WORDS
    out = []
    for i in range(len(toks) - 1):
        (s1, e1, a), (s2, e2, b) = toks[i], toks[i + 1]
        if text[e1:s2] != " ":
            continue
        la, lb = lx.fold(a).lower(), lx.fold(b).lower()
        if la not in first or la in stop or lb in stop:
            continue
        # "SUBJECT CRAIG NEWLING RAN": a rare word no list holds, after a first name where a
        # person stands, is the surname
        named = safelist.is_name(lb)
        rare = lb not in common and lx.rare(lb) and not safelist.english_not_name(lb)
        if not named and not rare:
            continue
        if is_verb(b) or (la in very and lb in very):
            continue
        before = [t for t in toks[:i] if not any(c.isdigit() for c in t[2])]
        starts = (
            not before
            or text[:s1].rstrip()[-1:] in ".!?:;,\n(-"
            or (before[-1][2].lower() in CUE_WORDS)
        )
        person = bool(
            SUBJECT_VERB.match(text, e2)
            or OBJECT_VERB.search(text[max(0, s1 - 20) : s1])
            or _AFTER_NAME.match(text, e2)
        )
        if not named and not (starts or person):
            continue
        if starts or person or la not in common or lb not in common:
            out += [(s1, e1, 0.7), (s2, e2, 0.7)]
    return out


_AFTER_OFFICER = regex.compile(r"\s*(?:$|[.,;:)\n]|(?i:and|&|\+|with)\b)")


_MC_CAPITALS = regex.compile(r"(?:Mc|Mac|Fitz|O['’]|D['’])\p{Lu}{2,}")


def _in_capitals(word: str) -> bool:
    """Written as officers write surnames: "SMITH", and "McCARTHY", "O'REILLY"."""
    return word.isupper() or bool(_MC_CAPITALS.fullmatch(word))


# the rest of a label in capitals up to its colon: " FOR FORCE:", ":"
_FORM_LABEL = re.compile(r"(?:[ /&]+[A-Z]+){0,3}\s*:")


_LABEL_WORDS = frozenset(load_words("form_label_words"))


def _form_label(text: str, end: int, word: str) -> bool:
    """A form's label in capitals ("REASON FOR FORCE:"), not a name before a colon ("MARK
    WOOD: no comment", "DAWN: at my mum's"): no word of it a first name."""
    label = _FORM_LABEL.match(text, end)
    if label is None:
        return False
    if word.lower() in _LABEL_WORDS:
        return True
    first = lx.name_sets()[0]
    words = [word, *re.findall(r"[A-Z]+", label.group())]
    return not any(lx.fold(w) in first for w in words)


def _first_name(word: str, first: frozenset[str] | set[str]) -> bool:
    """ "Lewis", and hyphenated "Summer-Rose" when every part is a first name."""
    low = lx.fold(word).lower()
    if low in first:
        return True
    parts = low.split("-")
    return len(parts) > 1 and all(p in first for p in parts)


_QUOTES = "'\"‘’“”"


def _quoted_whole(text: str, start: int, end: int) -> bool:
    """The match is the whole of a quotation: "Big Tee"."""
    return start > 0 and end < len(text) and text[start - 1] in _QUOTES and text[end] in _QUOTES


def _only_a_name(word: str) -> bool:
    """A word that is a first name or a rare name word, and no everyday or job's word."""
    low = word.lower()
    if low in _NEVER_IN_FULL_NAME or low in lx.common_words() or facts(word).skip:
        return False
    first, _last = lx.name_sets()
    if lx.fold(word).lower() in first or safelist.is_name(low):
        return True
    return not safelist.english_not_name(low)  # "Ozzy": no English word, so a name


# "khan" 4.25, "patel" 3.5, "singh" 4.0; "smith" 4.9, "young" 5.4, "quick" 5.0 (wordfreq zipf)
_OFFICER_NAME_ZIPF = 4.6


def _officer_surname(word: str, text: str, end: int) -> bool:
    """A word after "PC 1234" that could be a surname: a known or rare one, not a verb, a
    function word or the job's vocabulary ("PC 1234 cuffed him", "PC 1234 and I"). An
    everyday word ("pc 13380 quick", "PC 1906 BEST AND I") only where the clause ends or
    another officer follows: "PC 2145 held the left" is doing, not named."""
    low = word.lower()
    if (
        word.isupper()
        and len(word) > 2
        and not caps_heavy(text)
        and _AFTER_OFFICER.match(text, end)
        and low not in lx.FUNCTION_WORDS
        and safelist.is_name(low)  # a surname the census holds, not kit ("PC 5678 TASER,")
        and not is_verb(word)
    ):
        return True  # "... by myself and PC 4113 LOCK.": a surname in capitals, the clause's end
    if low in _NEVER_IN_FULL_NAME or low in CUE_WORDS or is_verb(word):
        return False
    if low in lx.common_words() and not _AFTER_OFFICER.match(text, end):
        # a name English uses less than its words ("pc 14471 khan drew taser"), not "quick"
        from wordfreq import zipf_frequency

        return lx.is_name_word(word) and zipf_frequency(low, "en") < _OFFICER_NAME_ZIPF
    if word.isupper() and len(word) > 2 and low not in lx.common_words():
        return True  # "PC 0620 ap HUW": a surname in capitals
    return lx.is_name_word(word) or safelist.is_name(low) or lx.rare(low)


def _double_first_name(word: str) -> bool:
    parts = word.split("-")
    if len(parts) != 2 or not word[0].isupper() or word.isupper() or word.islower():
        return False
    first = lx.name_sets()[0]
    return all(len(p) > 1 and lx.fold(p).lower() in first for p in parts)


def _name_goes_on(text: str, toks, j: int) -> bool:
    """After a title, a capitalised everyday word is a name's first word where another
    capitalised word follows it with only a space between ("Ms Do Thu Ha"), that is not a
    title, a rank or the job's word ("Mr And Mrs Patel", "Miss Police Scotland")."""
    word = toks[j][2]
    if not word[0].isupper() or word.isupper() or j + 1 >= len(toks):
        return False
    nxt = toks[j + 1][2]
    return (
        text[toks[j][1] : toks[j + 1][0]] == " "
        and nxt[0].isupper()
        and nxt.lower() not in _NEVER_IN_FULL_NAME
    )


def _short_name_before(text: str, toks, i: int) -> bool:
    """ "force used on Mo ASLAM", "Tel BARNARD": a capitalised word inside a sentence, right
    before a surname in capitals (a known or a rare word), is the first name or nickname the
    lists lack; not a verb, place, brand or acronym."""
    a = toks[i][2]
    if i == 0 or text[toks[i - 1][1] : toks[i][0]].strip()[-1:] in (".", "!", "?", ":", "\n"):
        return False  # a sentence's first word is capitalised anyway ("Arrested ASLAM")
    if i + 1 >= len(toks) or text[toks[i][1] : toks[i + 1][0]] != " ":
        return False
    b = toks[i + 1][2]
    if not (b.isupper() and len(b) > 2) or b.lower() in _NEVER_IN_FULL_NAME:
        return False
    if not (lx.is_name_word(b) or safelist.is_name(b.lower()) or lx.rare(b.lower())):
        return False
    low = a.lower()
    return not (is_verb(a) or low in lx.kept_places() or low in lx.BRANDS or facts(a).skip)


class NameHeuristicsRecognizer(EntityRecognizer):
    """Rule-based PERSON spans (recall first; the model adds the rest)."""

    def __init__(self) -> None:
        super().__init__(
            supported_entities=[ENTITY], name="name-heuristics", supported_language="en"
        )

    def load(self) -> None:
        lx.name_sets()
        lx.common_words()

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:
        toks = _tokens(text)
        caps = caps_heavy(text)
        hits: list[tuple[int, int, float]] = []
        for i, (start, end, word) in enumerate(toks):
            if word.islower() and not _may_pair(word, toks, i):
                continue  # most words: lower case, and no first name beside them
            if self._namey(word, toks, i, text, caps):
                hits.append((start, end, 0.6))
        if not caps:  # strong enough to beat the job's words and places: "Craig SHIELDS",
            # "Carl Forest was shouting"
            hits += [
                (start, end, 0.85)
                for i, (start, end, word) in enumerate(toks)
                if facts(word).skip
                and (
                    (word.isupper() and _caps_surname_after_first_name(text, toks, i))
                    or (
                        i > 0
                        and word[1:].islower()
                        and facts(word).low in lx.kept_places()
                        and self._full_name(text, toks, i - 1)
                    )
                )
            ]
        hits += self._after_titles(text, toks, caps)
        hits += self._after_cues(text, caps)
        hits += self._surname_comma(text)
        hits += [(m.start("pii"), m.end("pii"), 0.8) for m in QUOTED_NICKNAME.finditer(text)]
        hits += self._quoted_in_name(text)
        hits += [(m.start("pii"), m.end("pii"), 0.8) for m in NICKNAME_QUOTED.finditer(text)]
        hits += self._nickname_prefix(text, caps)
        hits += [
            (m.start("pii"), m.end("pii"), 0.7)
            for m in QUOTED_NAME_WORD.finditer(text)
            if _only_a_name(m.group("pii"))
        ]
        if not caps:
            hits += self._surname_first(text)
        hits += self._irish_surnames(text)
        hits += [
            (m.start("pii"), m.end("pii"), 0.8)
            for m in RANK_NUMBER_NAME.finditer(text)
            if _officer_surname(m.group("pii").split()[-1], text, m.end())
        ]
        hits += [
            (m.start("pii"), m.end("pii"), 0.7)
            for m in ALIAS_BEFORE.finditer(text)
            if not facts(m.group("pii")).skip
            and facts(m.group("pii")).low not in _NEVER_IN_FULL_NAME
        ]
        hits += [(m.start("pii"), m.end("pii"), 0.75) for m in QUOTED_LINE.finditer(text)]
        hits += [
            (m.start("pii"), m.end("pii"), 0.7)
            for m in QUOTED_AS_NAME.finditer(text)
            if m.group("pii").lower() not in CUE_WORDS  # contact "Mum" is no name
        ]
        hits += [
            (m.start(), m.end(), 0.8)
            for m in INITIAL_NAME.finditer(text)
            if self._surname_after_initial(m.group(2))
        ]
        hits += [
            (m.start("pii"), m.end("pii"), 0.85)
            for m in RANK_NAME_NUMBER.finditer(text)
            if m.group("pii").lower() not in lx.POLICE_TERMS
        ]
        if caps:
            hits += flat_case_pairs(text)
        else:
            hits += self._first_then_capitals(text, toks)
        hits += self._particles(toks, hits)
        # "PC 0415 Avon and Somerset": a force's name after a rank and number is no surname
        forces = _force_name()
        hits = [
            h for h in hits if not (text[h[0] : h[0] + 1].isupper() and forces.match(text, h[0]))
        ]
        return [RecognizerResult(ENTITY, s, e, score) for s, e, score in hits]

    # A single token that looks like a name where it stands.
    def _namey(self, word: str, toks, i: int, text: str, caps: bool) -> bool:
        if not word.isascii() and NON_LATIN.fullmatch(word):
            return True  # "محمد علي", "张伟" in an English account: a name, or quoted words
        if _double_first_name(word):
            return True  # "Lily-Mae", "Mary-Jane": each half a first name
        f = facts(word)
        if f.skip:
            # "nan Brenda Tilling": a typo's shape, but capitalised after a first name
            return f.typo and word[1:].islower() and i > 0 and self._full_name(text, toks, i - 1)
        low, gaz, common = f.low, f.gaz, f.common
        if word.islower() and not f.first and not (i > 0 and facts(toks[i - 1][2]).first):
            return False  # a lower-case word is a name only in a first-name + surname pair
        sentence_start = i == 0 or text[toks[i - 1][1] : toks[i][0]].strip()[-1:] in (
            ".",
            "!",
            "?",
            "\n",
            ":",
        )
        if word.isupper() and len(word) > 1:
            if caps:  # everything is capitals: trust the gazetteer and rarity
                if is_verb(word):
                    return False  # "DRIVER DECAMPED", "PRISED"
                if not common and lx.rare(low) and safelist.english_not_name(low):
                    # "NIGHTCLOTHES" is English; "PAUL MARJORAM" a surname after a first name
                    return i > 0 and facts(toks[i - 1][2]).first
                return (gaz and not common) or (not common and lx.rare(low))
            if len(word) <= 4 and not gaz:
                # "DDO", "HMO", "NRM": short capitals are acronyms, unless a capitalised
                # name stands beside them ("DP ZHOU Mei")
                return self._beside_given_name(toks, i)
            if common and _form_label(text, toks[i][1], word):
                return False  # "REASON FOR FORCE:", "REASON:": a form's label, in capitals
            if safelist.in_heading(text, toks[i][0]) and (
                low in safelist.uk_place_words() or low in lx.kept_places()
            ):
                return False  # "KENT POLICE — THANET — USE OF FORCE": the heading's town
            return (gaz and low not in lx.FUNCTION_WORDS) or not common
        if word[0].isupper():
            if _venue_after_the(text, toks, i):
                return False  # "drinking at the Wheatsheaf", "the Red Lion": a venue
            if sentence_start:  # "Kosisochukwu MOORE was ...": a first name before a surname
                if f.first and self._surname_next(toks, i):
                    return True  # "Dawn Sterling who lives ...", "Grace ADEYEMI said"
                if f.first and low not in lx.FUNCTION_WORDS | lx.MONTHS_AND_DAYS:
                    # "Sarah said she saw it", "John told me", "Sarah (sister) treated a cut"
                    end = toks[i][1]
                    verbs = ACTION_VERB if low in lx.common_words() else SUBJECT_VERB
                    if verbs.match(text, end) or text.startswith(" (", end):
                        return True
                return (gaz or lx.rare(low)) and not common and self._next_namey(toks, i)
            if (gaz and not common) or (
                not common and lx.rare(low) and not safelist.english_not_name(low)
            ):
                return True
            # "I spoke to John Smith": a first name and a surname, however common
            return (i + 1 < len(toks) and self._full_name(text, toks, i)) or (
                i > 0 and self._full_name(text, toks, i - 1)
            )
        # lower case: a first name and a surname side by side ("tyler brennan")
        return (i + 1 < len(toks) and self._lower_pair(text, toks, i)) or (
            i > 0 and self._lower_pair(text, toks, i - 1)
        )

    @staticmethod
    def _irish_surnames(text: str) -> list[tuple[int, int, float]]:
        """A lower-case O'/Mc surname or an Irish one of particles, and the first name before
        it ("honey o'sullivan", "ciarán mac an bhaird", "Bláthnaid MAC AN BHAIRD")."""
        first, _last = lx.name_sets()
        out = []
        for m in chain(IRISH_SURNAME.finditer(text), GAELIC_SURNAME.finditer(text)):
            if m.group().replace("’", "'") in lx.BRANDS:
                continue  # "mcdonalds"
            out.append((m.start(), m.end(), 0.7))
            before = _WORD_BEFORE_QUOTE.search(text, max(0, m.start() - 30), m.start())
            if before is None:
                continue
            given = before.group("a")
            low = lx.fold(given).lower()
            if low in first or (
                m.re is GAELIC_SURNAME
                and given[:1].isupper()
                and low not in lx.common_words()
                and low not in _NEVER_IN_FULL_NAME
            ):
                out.append((before.start("a"), before.end("a"), 0.7))
        return out

    @staticmethod
    def _surname_first(text: str) -> list[tuple[int, int, float]]:
        """Names written surname first in capitals ("PHAM Van Duc"): the capitals word a
        known or rare surname, each word after it a name word or rare, none everyday."""
        out = []
        for m in SURNAME_FIRST.finditer(text):
            words = m.group("pii").split()
            head, rest = words[0], words[1:]
            low = head.lower()
            if low in _NEVER_IN_FULL_NAME or facts(head).skip or low in lx.kept_places():
                continue
            if not (safelist.is_name(low) or lx.rare(low)) or len(head) < 2:
                continue
            if len(rest) == 2 and rest[0].lower() in PARTICLES:
                # "PHAM Van Long": after the middle name, the given name, even a word
                if rest[1].lower() not in _NEVER_IN_FULL_NAME and not facts(rest[1]).skip:
                    out.append((m.start("pii"), m.end("pii"), 0.7))
                continue
            if all(
                w.lower() in PARTICLES  # "Van", "Thi"
                or (
                    w.lower() not in _NEVER_IN_FULL_NAME
                    and not facts(w).skip
                    and w.lower() not in lx.common_words()
                    and not safelist.english_not_name(w.lower())
                    # "Kerry ASHCROFT Birkenhead": a town after the surname is the station
                    and w.lower() not in safelist.uk_place_words()
                )
                for w in rest
            ):
                out.append((m.start("pii"), m.end("pii"), 0.7))
        return out

    @staticmethod
    def _nickname_prefix(text: str, caps: bool) -> list[tuple[int, int, float]]:
        first, _last = lx.name_sets()
        out = []
        for m in NICKNAME_PREFIX.finditer(text):
            name = m.group("n")
            low = name.lower()
            if len(name) == 1:
                ok = name.isupper() and name not in "AI" or caps
            elif not caps and name[0].isupper() and _quoted_whole(text, m.start(), m.end()):
                ok = low not in lx.POLICE_TERMS  # "Big Tiz", "Lil Kaz": quoted, it is a name
            else:
                # a first name, or a capitalised word English has no use for ("Big Tiz")
                known = lx.fold(name).lower() in first and low not in lx.very_common_words()
                ok = known or (name[0].isupper() and not caps and low not in lx.common_words())
                ok = ok and (name[0].isupper() or not caps)
            if ok and name.lower() not in _NEVER_IN_FULL_NAME:
                out.append((m.start("pii"), m.end("pii"), 0.75))
        return out

    @staticmethod
    def _quoted_in_name(text: str) -> list[tuple[int, int, float]]:
        """The nickname and both name words around it, when the word before is a first name
        and the word after is neither a verb nor an everyday function word."""
        first, _last = lx.name_sets()
        out = []
        for m in QUOTED_IN_NAME.finditer(text):  # from the quote: most words have none
            before = _WORD_BEFORE_QUOTE.search(text, max(0, m.start() - 40), m.start())
            if not before:
                continue
            a, b = before.group("a"), m.group("b")
            if lx.fold(a).lower() not in first or a.lower() in _NEVER_IN_FULL_NAME:
                continue
            if b.lower() in _NEVER_IN_FULL_NAME:
                continue
            if is_verb(b):
                continue  # "Steven 'Stevie' said", "Tom "the bull" ran"
            out += [
                (before.start("a"), before.end("a"), 0.85),
                (m.start("pii"), m.end("pii"), 0.85),
            ]
            out.append((m.start("b"), m.end("b"), 0.85))
        return out

    @staticmethod
    def _beside_given_name(toks, i: int) -> bool:
        for step in (-1, 1):
            j = i + step
            if 0 <= j < len(toks) and toks[j][2].lower() in PARTICLES:
                j += step  # "Nguyen Van DUC": the particle belongs to the name
            if 0 <= j < len(toks):
                w = toks[j][2]
                f = facts(w)
                if w[:1].isupper() and not w.isupper() and not f.skip and not f.common:
                    return True
        return False

    @staticmethod
    def _full_name(text: str, toks, i: int) -> bool:
        """Tokens i and i+1 are a capitalised first name and surname, one space apart."""
        a, b = toks[i][2], toks[i + 1][2]
        if text[toks[i][1] : toks[i + 1][0]] != " " or not (a[0].isupper() and b[0].isupper()):
            return False
        if a.isupper() != b.isupper():
            return False
        stop = _NEVER_IN_FULL_NAME
        if a.lower() in stop or b.lower() in stop:
            return False
        first, last = lx.name_sets()
        if lx.fold(a) not in first or a.lower() in _COMPASS_WORDS:
            return False  # "North West BCU", "North Face": a region's or a brand's name
        if b.lower() in lx.kept_places():  # "Carl Forest was shouting", not "Ilford Lane"
            return b[1:].islower() and _person_here(text, toks, i)
        if lx.fold(b) in last:
            return True
        # "Ethan Sweet", "Tyler Quick", "Neil Harbour": a capital on an everyday word right
        # after a first name is a surname; a place's noun ("Victoria Park", "Albert Dock")
        # only where a person stands or an age or date of birth follows
        low = b.lower()
        if not (b.isalpha() and b[1:].islower()):
            return False
        if low in _PLACE_NOUNS or (low in lx.common_words() and not safelist.is_name(low)):
            return _person_here(text, toks, i)
        return True

    @staticmethod
    def _lower_pair(text: str, toks, i: int) -> bool:
        """Tokens i and i+1, one space apart, a first name then a surname. Two everyday
        words ("sarah smith") only where a person stands: "sarah smith was arrested"."""
        if text[toks[i][1] : toks[i + 1][0]] != " ":
            return False
        if not toks[i][2].islower():
            return False  # "BRANDT drew PAVA": a surname in capitals, then a verb
        first, last = lx.name_sets()
        very = lx.very_common_words()
        a, b = lx.fold(toks[i][2]), lx.fold(toks[i + 1][2])
        if a not in first or a in very or b in very or not b.isalpha():
            return False
        common = lx.common_words()
        person_here = bool(
            SUBJECT_VERB.match(text, toks[i + 1][1])
            or OBJECT_VERB.search(text[max(0, toks[i][0] - 20) : toks[i][0]])
            or _AFTER_NAME.match(text, toks[i + 1][1])  # "kyle mountford 16", "(dob ..."
        )
        if b not in last:  # a surname the gazetteer lacks: "arrested lukasz kowalczyk"
            return b not in common and len(b) > 2 and person_here
        return person_here or not (a in common and b in common)

    @staticmethod
    def _first_then_capitals(text: str, toks) -> list[tuple[int, int, float]]:
        """ "Chelsea BARNES", "Craig SUTTON", "Robert 'Bob' CHARLTON": in a normally cased
        record a first name before a word in capitals is a person, whatever place or word
        either is: officers write surnames in capitals, places never half in capitals."""
        first, _last = lx.name_sets()
        out = []
        for i in range(len(toks) - 1):
            s1, e1, a = toks[i]
            if not (a[0].isupper() and not a.isupper()):
                continue
            if a.lower() in _NEVER_IN_FULL_NAME or a.lower() in CUE_WORDS:
                continue
            if not _first_name(a, first) and not _short_name_before(text, toks, i):
                continue
            j = i + 1
            nick = QUOTED_BETWEEN.match(text, e1)
            if nick:  # a nickname in quotes between first name and surname
                while j < len(toks) and toks[j][0] < nick.end():
                    j += 1
            elif text[e1 : toks[j][0]] != " ":
                continue
            if j >= len(toks):
                continue
            s2, e2, b = toks[j]
            if not (_in_capitals(b) and len(b) > 1) or b.lower() in lx.POLICE_TERMS:
                continue
            if b.lower() in _NEVER_IN_FULL_NAME or any(c.isdigit() for c in b):
                continue
            out += [(s1, e1, 0.85), (s2, e2, 0.85)]
            if nick:
                out.append((nick.start("pii"), nick.end("pii"), 0.85))
        return out

    def _particles(self, toks, hits) -> list[tuple[int, int, float]]:
        """ "Mac" in "Siobhan Mac Giolla", "van" in "Jan van Dijk": between two name words."""
        starts = {s for s, _, _ in hits}
        ends = {e for _, e, _ in hits}
        out = []
        for i in range(1, len(toks) - 1):
            if (
                toks[i][2].lower() in PARTICLES
                and toks[i - 1][1] in ends
                and toks[i + 1][0] in starts
            ):
                out.append((toks[i - 1][0], toks[i + 1][1], 0.85))  # the whole name
        return out

    @staticmethod
    def _surname_next(toks, i: int) -> bool:
        """A capitalised word outside everyday English follows, then a lower-case word or
        the end: the two are a full name."""
        if i + 1 >= len(toks):
            return False
        word = toks[i + 1][2]
        low = word.lower()
        if not word[:1].isupper() or low in lx.POLICE_TERMS or low in lx.kept_places():
            return False
        if low in lx.very_common_words():
            return False
        if low in lx.common_words() and not lx.is_name_word(word):
            return False
        after = toks[i + 2][2] if i + 2 < len(toks) else ""
        return not after[:1].isupper()

    def _next_namey(self, toks, i: int) -> bool:
        if i + 1 >= len(toks):
            return False
        word = toks[i + 1][2]
        low = word.lower()
        if not word[:1].isupper() or low in lx.POLICE_TERMS:
            return False
        if word.isupper() and len(word) > 1:  # "Kosisochukwu MOORE"
            return True
        if low in lx.common_words():
            return False
        return lx.is_name_word(word) or lx.rare(low) or word.isupper()

    def _after_titles(self, text: str, toks, caps: bool) -> list[tuple[int, int, float]]:
        """Names right after a title or rank ("Ms Aaliyah Bennett", "DC Etim", "Insp Andrew
        BOATENG"): capitalised words, or gazetteer names after a lower-case rank."""
        out = []
        for i, (_, _end, word) in enumerate(toks[:-1]):
            low = word.lower()
            if low not in lx.TITLES and low not in lx.RANKS:
                continue
            if low in ("officer", "acting", "detective") and not word[0].isupper():
                continue
            j = i + 1
            while j < len(toks) and j <= i + 3:
                sep = text[toks[j - 1][1] : toks[j][0]]
                if sep.strip(". ") != "":
                    break  # punctuation between: the name (if any) has ended
                if "." in sep and j > i + 1 and len(toks[j - 1][2]) > 1:
                    break  # "PC PEMBERTON. Whilst": a full stop after a word ends the name
                w = toks[j][2]
                lw = w.lower()
                if lw in lx.RANKS or lw in lx.TITLES:
                    j += 1
                    continue
                title = low in lx.TITLES and j == i + 1
                stop = lw in lx.POLICE_TERMS or lw in lx.FUNCTION_WORDS or lw in CUE_WORDS
                if stop and title and _name_goes_on(text, toks, j):
                    stop = False  # "Ms Do Thu Ha": an everyday word that opens the name
                if j == i + 1 and low in lx.RANKS and SHOULDER.fullmatch(w):
                    j += 1  # "PC 4521AB SMITH": the name follows the number
                    continue
                prev = toks[j - 1][2]
                if stop or any(c.isdigit() for c in w) or is_verb(w):
                    ok = False  # "PS 227XY supervising", "A/PS 664 MADE THE DECISION"
                elif j > i + 1 and (
                    prev.lower().endswith(("'s", "’s")) or (w.islower() and not prev.islower())
                ):
                    ok = False  # "Miss Khan's purse": the name has ended
                elif caps and j > i + 1:
                    # "PC 212KF PETROVA HELD HIS ARMS": a second word must look like a name
                    ok = lw not in lx.common_words() or (
                        lx.is_name_word(w) and lw not in lx.very_common_words()
                    )
                elif caps:
                    # "MR CHURCH", "TDC PRICE": after a title anything; after a rank a name
                    ok = (
                        title
                        or lx.is_name_word(w)
                        or (lw not in lx.common_words() and lw not in lx.MONTHS_AND_DAYS)
                    )
                elif title:  # "Mr Church", "ms ayesha siddiqui"
                    ok = w[0].isupper() or lw not in lx.common_words() or lx.is_name_word(w)
                elif low in WORD_RANKS:  # "Officer Safety Training" is not a name
                    ok = w[0].isupper() and (lx.is_name_word(w) or lw not in lx.common_words())
                else:
                    ok = (
                        w[0].isupper() and (lw not in lx.MONTHS_AND_DAYS or low in lx.TITLES)
                    ) or (  # "pc ekinci": a lower-case name after a lower-case rank
                        (lx.is_name_word(w) or lw not in lx.common_words())
                        and lw not in lx.very_common_words()
                    )
                if not ok:
                    break
                out.append((toks[j][0], toks[j][1], 0.85))
                j += 1
        return out

    def _after_cues(self, text: str, caps: bool) -> list[tuple[int, int, float]]:
        out = []
        for m in NICKNAME_CUES.finditer(text):  # "known as Ghost", "known to staff as smudge"
            word = m.group("pii")
            low = word.lower()
            if low in lx.POLICE_TERMS or low in lx.FUNCTION_WORDS:
                continue
            if word[0].isupper() or low not in lx.very_common_words():
                # strong: "known as "Dodge"" is a person even where a list has the word
                out.append((m.start("pii"), m.end("pii"), 0.85))
        for m in _cue_matches(text):
            toks = _next_tokens(text, m.end(), 4)
            prev = 0
            for k, (start, end, word) in enumerate(toks[:3]):
                if text[m.end() + prev : m.end() + start].strip(" '\"") != "":
                    break  # punctuation between: the name (if any) has ended
                prev = end
                lw = word.lower()
                if lw in lx.TITLES:
                    continue  # "victim Mrs ..."
                following = toks[k + 1][2] if k + 1 < len(toks) else ""
                if not self._cue_name(word, following, caps):
                    break
                out.append((m.end() + start, m.end() + end, 0.7))
        return out

    @staticmethod
    def _cue_name(word: str, following: str, caps: bool) -> bool:
        """Is this word, right after "victim" or "first name", part of a name?"""
        lw = word.lower()
        if any(c.isdigit() for c in word) or lw in lx.POLICE_TERMS or lw in lx.FUNCTION_WORDS:
            return False
        if is_verb(word):
            return False  # "Subject ran", "suspect decamped"
        if lw in lx.RANKS or lw in CUE_WORDS:
            return False
        common = lw in lx.common_words()
        if caps:
            return (lx.is_name_word(word) and lw not in lx.very_common_words()) or not common
        if word[0].isupper():
            if not common or lx.is_name_word(word):
                return True
            # "Subject May Thornton": an everyday word that starts a capitalised full name
            lf = following.lower()
            return following[:1].isupper() and lf not in lx.common_words() and len(lf) > 1
        return lx.is_name_word(word) and lw not in lx.very_common_words()

    @staticmethod
    def _surname_after_initial(word: str) -> bool:
        low = word.lower()
        if low in lx.POLICE_TERMS or low in lx.FUNCTION_WORDS or low in lx.kept_places():
            return False
        return lx.is_name_word(word) or low not in lx.common_words()

    def _surname_comma(self, text: str) -> list[tuple[int, int, float]]:
        # "SUBJ: BIRCH, DEAN", "NAME=HOLMES, KYLE JAMES": in capitals after a person's label,
        # the surname and the forenames, whatever words they are
        labelled = [
            (m.start(), m.end(), 0.8)
            for m in CAPS_SURNAME_COMMA.finditer(text)
            if _person_cue_before(text, m.start())
        ]
        return labelled + [
            (m.start(), m.end(), 0.8)
            for m in SURNAME_COMMA.finditer(text)
            if m.group(1).lower() not in lx.POLICE_TERMS
            # "van der BERG, Dutch national": a nationality after the comma, not a first name
            and (
                m.group(2).lower() not in safelist.proper_not_personal()
                or lx.fold(m.group(2)).lower() in lx.name_sets()[0]  # "Georgia", "Jordan"
            )
            # "SUBJ: TAYLOR, Georgia" whatever the word is; else not a sign-off's station
            and (_person_cue_before(text, m.start()) or not _station_after_name(text, m))
        ]
