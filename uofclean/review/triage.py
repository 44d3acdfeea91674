"""Triage: rank records by the risk that redaction left something personal in them, so that a
reviewer reads the top of the list and not the whole file.

A redactor cannot know what it missed, but it can see what it kept. Triage scores in two steps,
both weighted sums whose weights are data (`triage.toml`), fitted, never set by hand:

1. Every kept token (a word or number no span touches) gets the chance p that it belongs to a
   detail left behind, from how it is written (capitalised mid-sentence, in capitals in a
   normally cased record, in a record typed in one case...), what it is (a name in the name
   lists, a rare word, a street word, a particle, a
   town, police vocabulary, a number no safe form explains, a number spelled out: the
   detector's own facts, `lexicon`, `safelist.word_safety`, `safelist.number_safe`,
   `detect._public_places`), where it stands (beside a redacted name, address or number or a
   span only a weak signal decided, a number beside a redaction, among spelled numbers read
   out in a row, before or after a number, a capitalised word after a house number, after a
   word written as a name, before a street word, in quotes), what a firm, a room or a code
   looks like (a trade word among words written as names, a possessive, an "&", a room's or
   a pitch's number, capitals before a number, letters and digits in one token, a house
   number after "at"), whether the same word is redacted elsewhere in the cell, and how it is
   written crossed with what it is ("capitalised-name");
   every two base features a token has together are crossed too ("capitalised * beside_name",
   weights only for the crosses the fit saw):
   p = 1 / (1 + exp(-(intercept + the sum of its features' and crosses' weights))).
2. A record's risk is `weights.kept * ln(the sum of its TOP highest p)` plus weighted record
   signals, each ln(1 + count): spans only a weak signal decided (the model alone, the
   safe-list net, a name that is also a word, a low score), details and people found,
   addresses found, a record typed in one case; and `weights.length * ln(words / 100)` (its
   weight may be negative: length normalisation). exp(risk) is then proportional to the
   expected number of details left in the record.

`python -m bench.triage --fit` fits both (a logistic regression of the kept tokens that hold a
leaked character, then a Poisson regression of the details left per record) on the written
sets, and cross-validates them leaving one set out at a time.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files

from uofclean.entities import Entity
from uofclean.redact.types import Span

# The passes whose decision alone is weak evidence (detect.py's recognizer names).
MODEL = "spacy-ner"
NET = "safe-list-net"
SURE = 0.8  # scores at or above this come from a rule that knows the form

TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’-][^\W_])*")
WORDS_UNIT = 100  # the length signal is ln(words / WORDS_UNIT)
RARE_ZIPF = 3.0  # below this wordfreq frequency English hardly uses a word
UNCOMMON_ZIPF, COMMON_ZIPF = 4.0, 5.0  # frequency bands: uncommon, common, everyday
TOP = 3  # a record's kept-token risk is the sum of its TOP highest p
FLOOR = 1e-4  # ... and FLOOR when it has no kept tokens
# Other things equal (the same kept tokens), a record whose redactions rest on weaker signals
# comes first: TIE per weak span, too small to reorder records the weights tell apart.
TIE = 0.001

# What a kept token can be: each is 0 or 1.
BASE_FEATURES = (
    # how it is written
    "flat",  # the record is typed in one case: case tells nothing
    "capitals",  # in capitals in a normally cased record ("MORLEY", "KFE")
    "capitalised",  # a capital mid-sentence in a normally cased record
    "sentence_start",  # a capital where a sentence starts (or a quote opens)
    "lower",  # lower case in a normally cased record
    # what it is
    "vocabulary",  # police words, titles, ranks, function words, months, nationalities
    "place",  # a listed place or a UK town's word
    "first_name",  # in the first-name lists
    "surname",  # in the surname lists (Faker's, the census)
    "address_word",  # ends street and house names ("Road", "Cottage", "Heath")
    "particle",  # "van", "de", "ap", "Mac"
    "rare",  # English hardly uses it (wordfreq zipf < 3)
    "uncommon",  # zipf 3 to 4
    "common",  # zipf 4 to 5 (above 5: everyday English, the baseline)
    "public_place",  # inside a public place the detector keeps on purpose (a town, a landmark)
    "digits",  # has a digit
    "unexplained_number",  # no safe form explains it (safelist.number_safe)
    # where it stands
    "beside_name",  # a redacted name right before or after it
    "beside_address",  # a redacted street or postcode right before or after it
    "beside_weak",  # the redaction beside it was decided by a weak signal (model, net, < 0.8)
    "beside_redaction",  # another redaction (a number, a reference...) right before or after
    "after_number",  # a number right before it: "19 Victoria Road"
    "after_named",  # the token before is kept and written as a name
    "before_named",  # the token after is kept and written as a name
    "after_preposition",  # "on", "at", "of", "from"... (and "the") right before it
    "after_first_name",  # a kept first name, written the same way, right before it
    "before_address_word",  # a kept street word written as a name after it ("Audley Range")
    "quoted",
    "name_beside_name",  # a name word beside a redacted name
    "pair_flat",  # a first name then a name word, in a record typed in one case
    # what round 4's leaks on I-N showed (each kept for what it adds in cross-validation)
    "number_word",  # a number spelled out ("seven", "double", "twenty")
    "number_run",  # ... among three or more in a row: a number read out ("oh one seven two")
    "before_number",  # a number right after it: "WF 64", "Bay 7"
    "number_beside_redaction",  # a number beside a redaction: the rest of a detail
    "capitalised_after_number",  # "9 Birkby": a house number then a street's name
    # what the first-sight leaks of rounds 3-5 showed: rooms, firms and codes
    "unit_word",  # a room, cell, bed, pitch... right before a number: "Room 5", "cell 3-17"
    "unit_number",  # the number after such a word
    "trade",  # a trade or firm's word of the detector's list ("Takeaway", "Hire", "Ltd")
    "in_trade_run",  # among words written as names that end in a trade: "Shah Mini Market"
    "possessive",  # "Gill's", "Dad's": a firm's or a nickname's owner
    "after_possessive",  # a kept possessive written as a name before it: "Gill's Sweet"
    "ampersand",  # beside "&": "Patel & Co", "Fish & Meat"
    "alphanumeric",  # letters and digits in one token: "C7", "B70", "2281KG"
    "code_prefix",  # two to four capitals right before a number: "SC 7704", "LL 40032"
    "house_number",  # a house number's shape after "at", "on", "of"...: "at 29A", "of 104"
    "redacted_elsewhere",  # the same word is redacted elsewhere in the cell: a detail's rest
)
# how a token is written and what it is, crossed: "capitalised-name" is a feature of its own
WRITTEN = ("flat", "capitals", "capitalised", "sentence_start", "lower")
KINDS = (
    "name",
    "rare",
    "uncommon",
    "common",
    "place",
    "address_word",
    "public_place",
    "vocabulary",
)
TOKEN_FEATURES = BASE_FEATURES + tuple(f"{w}-{k}" for w in WRITTEN for k in KINDS)
# ... and every two base features a token has together ("capitalised * beside_name"), each
# a weight of its own: evidence that counts only beside other evidence. Crosses the fit never
# saw weigh nothing, so triage.toml lists only the fitted ones.
CROSS = " * "
_BASE_ORDER = {f: i for i, f in enumerate(BASE_FEATURES)}

# Record signals: counts (one_case 0 or 1), scored as ln(1 + n); "kept" is ln(the sum of the
# TOP highest p of the record's kept tokens) and "length" ln(words / 100).
SIGNALS = (
    "kept",
    "model_alone",
    "net",
    "name_is_word",
    "low_score",
    "spans",
    "people",
    "address_spans",
    "one_case",
    "length",
)
WEAK_SIGNALS = ("model_alone", "net", "name_is_word", "low_score")
_ADDRESS_TYPES = frozenset({Entity.ADDRESS.value, Entity.POSTCODE.value})
_PREPOSITIONS = frozenset(
    "on at in of near outside from to into off along opposite behind towards via the".split()
)
_QUOTES = "'\"‘’“”"
_NUMBER_WORDS = frozenset(
    """zero oh nought one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred double treble triple""".split()
)
_HOUSE_NUMBER = re.compile(r"\d{1,3}[A-Za-z]?")  # "7", "29A": not a time ("2250") nor a year
_JOINS = (" ", " & ", "&")  # what may stand between the words of a firm's name
NUMBER_RUN = 3  # spelled numbers in a row that read out a number
_GAP = " \t'\"‘’“”.-(),"  # what may stand between a kept token and a redaction beside it


@cache
def _settings() -> dict:
    return tomllib.loads(files(__package__).joinpath("triage.toml").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Weighting:
    """The fitted weights: the token model's (and its intercept), the record model's, and the
    p from which a kept token is underlined on the page."""

    token: dict[str, float]
    intercept: float
    record: dict[str, float]
    candidate: float
    cross: dict[str, float] = field(default_factory=dict)  # "a * b": the crosses' weights


@cache
def weights() -> dict[str, float]:
    """The record signals' weights from triage.toml; every signal must have one."""
    out = {k: float(v) for k, v in _settings()["weights"].items()}
    missing = set(SIGNALS) - set(out)
    if missing:
        raise ValueError(f"triage.toml has no weight for {', '.join(sorted(missing))}")
    return out


@cache
def weighting() -> Weighting:
    """Every weight of triage.toml; every token feature must have one too."""
    token = {k: float(v) for k, v in _settings()["token_weights"].items()}
    intercept = token.pop("intercept")
    missing = set(TOKEN_FEATURES) - set(token)
    if missing:
        raise ValueError(f"triage.toml has no token weight for {', '.join(sorted(missing))}")
    cross = {k: float(v) for k, v in _settings().get("cross_weights", {}).items()}
    unknown = [k for k in cross if not set(k.split(CROSS)) <= set(BASE_FEATURES)]
    if unknown:
        raise ValueError(f"triage.toml crosses unknown features: {', '.join(unknown)}")
    return Weighting(token, intercept, weights(), float(_settings()["candidate"]["p"]), cross)


@dataclass(frozen=True)
class Cell:
    """One free-text value of a record and what detection found in it."""

    column: str
    text: str
    spans: Sequence[Span]


@dataclass
class Risk:
    score: float
    signals: dict[str, float]
    # per cell: kept tokens likeliest to belong to a detail, (start, end), for the page
    candidates: list[list[tuple[int, int]]] = field(default_factory=list)


@dataclass
class Seen:
    """What triage sees in one record: its record signals' counts ("length" in words) and,
    per cell, each kept token as (start, end, features)."""

    counts: dict[str, float]
    tokens: list[list[tuple[int, int, tuple[str, ...]]]]


def assess(cells: Sequence[Cell], w: Weighting | None = None) -> Risk:
    """The risk of one record (all its free-text cells together)."""
    w = w or weighting()
    seen = observe(cells)
    memo: dict[tuple[str, ...], float] = {}  # tokens share feature sets: p once for each
    ps = [
        [memo[f] if f in memo else memo.setdefault(f, token_p(f, w)) for _, _, f in cell]
        for cell in seen.tokens
    ]
    score = record_score(seen.counts, [p for cell in ps for p in cell], w)
    score += TIE * sum(seen.counts[s] for s in WEAK_SIGNALS)
    candidates = [
        [(a, b) for (a, b, _), p in zip(cell, cp, strict=True) if p >= w.candidate]
        for cell, cp in zip(seen.tokens, ps, strict=True)
    ]
    shown = {k: round(v, 2) for k, v in seen.counts.items() if v and k != "length"}
    likely = sum(len(c) for c in candidates)
    if likely:
        shown["kept_like_details"] = likely
    return Risk(round(score, 4), shown, candidates)


def token_p(features: Sequence[str], w: Weighting) -> float:
    """The chance that a kept token with these features belongs to a detail left behind."""
    z = w.intercept + sum(w.token[f] for f in features)
    z += sum(w.cross.get(c, 0.0) for c in crosses(features))
    return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=20_000)
def _crosses(features: frozenset[str]) -> tuple[str, ...]:
    base = sorted((f for f in features if f in _BASE_ORDER), key=_BASE_ORDER.__getitem__)
    return tuple(f"{a}{CROSS}{b}" for i, a in enumerate(base) for b in base[i + 1 :])


def crosses(features: Sequence[str]) -> tuple[str, ...]:
    """The crosses of a token's base features, each pair once, in BASE_FEATURES' order."""
    return _crosses(frozenset(features))


def kept_input(ps: Sequence[float]) -> float:
    """ln of the sum of the TOP highest p of a record's kept tokens."""
    return math.log(max(float(sum(sorted(ps)[-TOP:])), FLOOR))


def record_features(counts: dict[str, float], ps: Sequence[float]) -> dict[str, float]:
    """The record model's inputs, from its signals' counts and its kept tokens' p."""
    out = {name: math.log1p(counts.get(name, 0.0)) for name in SIGNALS}
    out["kept"] = kept_input(ps)
    out["length"] = math.log(max(counts.get("length", 0.0), 1.0) / WORDS_UNIT)
    return out


def record_score(counts: dict[str, float], ps: Sequence[float], w: Weighting) -> float:
    x = record_features(counts, ps)
    return sum(w.record[name] * value for name, value in x.items())


def observe(cells: Sequence[Cell]) -> Seen:
    """The record signals' counts over the record's cells and every kept token's features."""
    from uofclean.redact import lexicon as lx

    common = lx.common_words()
    counts = dict.fromkeys(SIGNALS, 0.0)
    del counts["kept"]
    people: set[str] = set()
    tokens = []
    for cell in cells:
        for s in cell.spans:
            value = cell.text[s.start : s.end]
            counts["spans"] += 1
            if s.entity == Entity.PERSON.value:
                people.add(value.lower().removesuffix("'s").removesuffix("’s"))
                if all(w.lower() in common for w in TOKEN.findall(value)):
                    counts["name_is_word"] += 1
            elif s.entity in _ADDRESS_TYPES:
                counts["address_spans"] += 1
            if s.recognizer == MODEL:
                counts["model_alone"] += 1
            elif s.recognizer == NET:
                counts["net"] += 1
            elif s.score < SURE:
                counts["low_score"] += 1
        kept, words, flat = kept_tokens(cell.text, cell.spans)
        tokens.append(kept)
        counts["length"] += words
        counts["one_case"] = max(counts["one_case"], float(flat))
    counts["people"] = float(len(people))
    return Seen(counts, tokens)


@cache
def address_words() -> frozenset[str]:
    """Words that end house and street names: the address rules' suffixes and triage's own."""
    from uofclean.redact import lexicon as lx

    return frozenset(w.lower() for w in lx.STREET_SUFFIXES) | frozenset(
        _settings()["words"]["address"]
    )


@cache
def unit_words() -> frozenset[str]:
    """Words that, before a number, name a room or a pitch someone lives in (triage.toml)."""
    return frozenset(_settings()["words"]["unit"])


@cache
def _trade_words() -> frozenset[str]:
    """The detector's own trade words (whichever detector's tree this runs in)."""
    from uofclean.redact.data import load_words

    return frozenset(w.lower() for w in load_words("business_words"))


@cache
def _vocabulary() -> frozenset[str]:
    from uofclean.redact import lexicon as lx
    from uofclean.redact import safelist

    return (
        lx.POLICE_TERMS
        | lx.TITLES
        | lx.RANKS
        | lx.FUNCTION_WORDS
        | lx.MONTHS_AND_DAYS
        | safelist.proper_not_personal()
        | _cue_words()  # "male", "victim", "mum": the words that point at a person
    )


@cache
def _cue_words() -> frozenset[str]:
    from uofclean.redact.recognizers.names import CUE_WORDS

    return frozenset(CUE_WORDS)


@cache
def _places() -> frozenset[str]:
    from uofclean.redact import lexicon as lx
    from uofclean.redact import safelist

    return lx.kept_places() | safelist.uk_place_words()


@cache
def _particles() -> frozenset[str]:
    from uofclean.redact.data import load_words

    return frozenset(load_words("particles"))


@lru_cache(maxsize=200_000)
def word_facts(token: str) -> frozenset[str]:
    """What a token is whatever its case and place (the "what it is" features)."""
    from wordfreq import zipf_frequency

    from uofclean.redact import lexicon as lx
    from uofclean.redact import safelist

    out = set()
    if any(c.isdigit() for c in token) and any(c.isalpha() for c in token):
        out.add("alphanumeric")
    if any(c.isdigit() for c in token):
        out.add("digits")
        if not safelist.number_safe(token):
            out.add("unexplained_number")
        return frozenset(out)
    low = lx.fold(re.sub(r"['’]s$", "", token)).lower()
    if re.search(r"['’]s$", token, re.IGNORECASE):
        out.add("possessive")
    if low in _trade_words():
        out.add("trade")
    if low in _NUMBER_WORDS:
        out.add("number_word")
    if low in _particles():
        out.add("particle")
    if low in _vocabulary():
        out.add("vocabulary")
    if low in address_words():
        out.add("address_word")
    if low in _places():
        out.add("place")
    first, last = lx.name_sets()
    parts = [p for p in re.split(r"['’-]", low) if p and p not in _vocabulary()]
    if any(p in first for p in parts):
        out.add("first_name")
    if any(p in last or p in safelist.census_surnames() for p in parts):
        out.add("surname")
    zipf = zipf_frequency(low, "en")
    if zipf < RARE_ZIPF and safelist.word_safety(token) != 2:
        out.add("rare")
    elif zipf < UNCOMMON_ZIPF:
        out.add("uncommon")
    elif zipf < COMMON_ZIPF:
        out.add("common")
    return frozenset(out)


@lru_cache(maxsize=200_000)
def _shape(token: str) -> str:
    """ "" for a number, else "capitals", "capital" (a first capital) or "lower"."""
    token = re.sub(r"['’]s$", "", token)
    if not any(c.isalpha() for c in token) or any(c.isdigit() for c in token):
        return ""
    if token.isupper() and len(token) > 1:
        return "capitals"
    return "capital" if token[:1].isupper() else "lower"


def _written(text: str, m: re.Match, flat: bool) -> str:
    """How the token is written: "flat", "capitals", "capitalised", "sentence_start",
    "lower" (or "" for a number)."""
    shape = _shape(m.group())
    if not shape or flat:
        return "flat" if shape else ""
    if shape == "capital":
        return "sentence_start" if _sentence_start(text, m.start()) else "capitalised"
    return shape


def kept_tokens(text: str, spans: Sequence[Span]) -> tuple[list, int, bool]:
    """Every kept token of one cell with its features, the cell's words, and whether it is
    typed in one case (capitals or lower case: `names.caps_heavy`, `names.lower_heavy`)."""
    from uofclean.redact import detect
    from uofclean.redact.recognizers import names

    covered = bytearray(len(text))  # 1 a name's, 2 an address's, 3 another span's
    weak = bytearray(len(text))  # 1 inside a span only a weak signal decided
    for s in spans:
        kind = 1 if s.entity == Entity.PERSON.value else 2 if s.entity in _ADDRESS_TYPES else 3
        covered[s.start : s.end] = bytes([kind]) * (s.end - s.start)
        if s.recognizer in (MODEL, NET) or s.score < SURE:
            weak[s.start : s.end] = b"\x01" * (s.end - s.start)
    public = bytearray(len(text))
    for start, end in detect._public_places(text):
        public[start:end] = b"\x01" * (end - start)
    flat = names.caps_heavy(text) or names.lower_heavy(text)
    tokens = list(TOKEN.finditer(text))
    kept = [covered.count(0, m.start(), m.end()) == m.end() - m.start() for m in tokens]
    written = [_written(text, m, flat) for m in tokens]
    facts = [word_facts(m.group()) for m in tokens]
    named = [
        k and w in ("capitals", "capitalised") and "vocabulary" not in f
        for k, w, f in zip(kept, written, facts, strict=True)
    ]
    # runs of spelled numbers: each token's run length
    run = [0] * len(tokens)
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and "number_word" in facts[j]:
            if j > i and text[tokens[j - 1].end() : tokens[j].start()] not in (" ", "-"):
                break
            j += 1
        for k in range(i, j):
            run[k] = j - i
        i = max(j, i + 1)
    trade_run = _trade_runs(text, tokens, named, facts)
    redacted = {
        w.lower()
        for s in spans
        for w in TOKEN.findall(text[s.start : s.end])
        if len(w) > 2 and w.lower() not in _vocabulary()
    }
    out = []
    for i, m in enumerate(tokens):
        if not kept[i]:
            continue
        f = set(facts[i]) | _neighbours(text, tokens, i, named, facts)
        if trade_run[i]:
            f.add("in_trade_run")
        if m.group().lower() in redacted:
            f.add("redacted_elsewhere")
        if run[i] >= NUMBER_RUN:
            f.add("number_run")
        if (
            i + 1 < len(tokens)
            and "digits" in facts[i + 1]
            and text[m.end() : tokens[i + 1].start()] == " "
        ):
            f.add("before_number")
        if written[i]:
            f.add(written[i])
        if public[m.start()]:
            f.add("public_place")
        if i and "digits" in facts[i - 1] and text[tokens[i - 1].end() : m.start()] == " ":
            f.add("after_number")
        is_name = bool(f & {"first_name", "surname"})
        if i and named[i - 1]:
            f.add("after_named")
        if i + 1 < len(tokens) and named[i + 1]:
            f.add("before_named")
        if i and tokens[i - 1].group().lower() in _PREPOSITIONS:
            f.add("after_preposition")
        if (
            i
            and kept[i - 1]
            and "first_name" in facts[i - 1]
            and "vocabulary" not in facts[i - 1]
            and written[i - 1] == written[i]
            and text[tokens[i - 1].end() : m.start()] == " "
        ):
            f.add("after_first_name")
        if i + 1 < len(tokens):
            after = tokens[i + 1]
            if named[i + 1] and "address_word" in facts[i + 1] and m.end() + 1 == after.start():
                f.add("before_address_word")
        left, right = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if left and right and left in _QUOTES and right in _QUOTES:
            f.add("quoted")
        beside, at = _beside(text, m.start(), m.end(), covered)
        if beside:
            f.add(beside)
            if weak[at]:
                f.add("beside_weak")
        w = written[i]
        if w:
            kinds = f | {"name"} if is_name else f
            f.update(f"{w}-{k}" for k in KINDS if k in kinds)
        if is_name and beside == "beside_name":
            f.add("name_beside_name")
        if "digits" in f and beside:
            f.add("number_beside_redaction")
        if w == "capitalised" and (
            "after_number" in f or (i and run[i - 1] and "number_word" not in f)
        ):
            f.add("capitalised_after_number")
        if (
            w == "flat"
            and i + 1 < len(tokens)
            and kept[i + 1]
            and "first_name" in f
            and "vocabulary" not in f
            and text[m.end() : tokens[i + 1].start()] == " "
            and facts[i + 1] & {"first_name", "surname"}
            and "vocabulary" not in facts[i + 1]
        ):
            f.add("pair_flat")
        out.append((m.start(), m.end(), tuple(sorted(f))))
    return out, len(tokens), flat


def _gap(text: str, tokens: list[re.Match], i: int) -> str:
    """What stands between token i and the next."""
    return text[tokens[i].end() : tokens[i + 1].start()] if i + 1 < len(tokens) else ""


def _is_number(facts: frozenset[str]) -> bool:
    return "digits" in facts or "number_word" in facts


def _neighbours(
    text: str, tokens: list[re.Match], i: int, named: list[bool], facts: list[frozenset[str]]
) -> set[str]:
    """Features from the tokens on either side: a room's number, a firm's possessive, a code's
    prefix, an ampersand."""
    out = set()
    word = tokens[i].group()
    after = i + 1 < len(tokens) and _gap(text, tokens, i) in (" ", "-")
    before = i > 0 and _gap(text, tokens, i - 1) in (" ", "-")
    if after and word.lower() in unit_words() and _is_number(facts[i + 1]):
        out.add("unit_word")
    if before and tokens[i - 1].group().lower() in unit_words() and _is_number(facts[i]):
        out.add("unit_number")
    if before and named[i - 1] and "possessive" in facts[i - 1]:
        out.add("after_possessive")
    if "&" in _gap(text, tokens, i) or (i and "&" in _gap(text, tokens, i - 1)):
        out.add("ampersand")
    if before and _HOUSE_NUMBER.fullmatch(word) and tokens[i - 1].group().lower() in _PREPOSITIONS:
        out.add("house_number")
    if (
        after
        and word.isalpha()
        and word.isupper()
        and 2 <= len(word) <= 4
        and "digits" in facts[i + 1]
    ):
        out.add("code_prefix")
    return out


def _trade_runs(
    text: str, tokens: list[re.Match], named: list[bool], facts: list[frozenset[str]]
) -> list[bool]:
    """Per token: inside two or more kept words written as names (one space or an "&"
    between) of which one is a trade word: a firm's name, its owner's in it."""
    out = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and named[j] and (j == i or _gap(text, tokens, j - 1) in _JOINS):
            j += 1
        if j - i >= 2 and any("trade" in facts[k] for k in range(i, j)):
            out[i:j] = [True] * (j - i)
        i = max(j, i + 1)
    return out


def _beside(text: str, start: int, end: int, covered) -> tuple[str | None, int]:
    """The redaction right before or after the token (only spaces, quotes, a comma or a
    hyphen between): "beside_name", "beside_address", "beside_redaction" (a name first), and
    where it is."""
    found: tuple[str | None, int] = (None, -1)
    for at, step in ((start - 1, -1), (end, 1)):
        gap = 0
        while 0 <= at < len(text) and not covered[at] and text[at] in _GAP and gap <= 3:
            if text[at] == "." and not (step == 1 and end - start == 1):
                break  # a full stop ends a sentence, but for an initial's ("J. SMITH")
            at += step
            gap += 1
        if 0 <= at < len(text) and covered[at] and gap <= 3:
            kind = ("beside_name", "beside_address", "beside_redaction")[covered[at] - 1]
            if kind == "beside_name":
                return kind, at
            found = found if found[0] else (kind, at)
    return found


def _sentence_start(text: str, at: int) -> bool:
    """Nothing but a sentence's end, a quote or a bracket (and spaces) before `at`."""
    i = at - 1
    while i >= 0 and text[i] in " \t\r":
        i -= 1
    return i < 0 or text[i] in ".!?:;\n-\"'(‘“"


def rank(risks: Sequence[Risk]) -> list[int]:
    """Indices of the records, highest risk first; ties keep the file's order."""
    return sorted(range(len(risks)), key=lambda i: (-risks[i].score, i))
