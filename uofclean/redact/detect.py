"""The detection engine: presidio recognizers + the spaCy model + what the row itself says +
the safe-list net.

Order of work per batch (cheap first, the model once per distinct text, in batches):
1. pattern recognizers (phones, cards, accounts, ids, references, dates of birth, addresses,
   postcodes...), also over a copy with O/l typed among digits read as digits; a match never
   starts or ends inside a word;
2. name heuristics (titles, ranks, cues, capitals, gazetteer), on a re-cased copy for records
   typed all in lower case, plus first-name + surname pairs in records typed in one case;
3. the spaCy model's PERSON entities, on a re-cased copy for records typed in capitals or lower
   case, only for sentences holding a capitalised word no rule explained and the net keeps;
4. the row's structured values (names, DOB, officer ids, address, postcode, refs), in all forms;
5. weak names and streets inside a public place's name ("St George's Hospital", a UK town
   written as a place) are dropped;
6. the safe-list net (safelist.py) judges every token left: kept only when known to be safe;
7. every name found is redacted wherever else it occurs in the record (surname-only, possessive,
   its neighbours), with its particles; businesses named after a person are taken whole;
8. names are trimmed of titles and cue words, and overlapping spans merge, so a detail is never
   half-redacted.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from functools import cache, lru_cache

import regex

from uofclean.entities import Entity
from uofclean.errors import ModelError
from uofclean.redact import extend, localities, public_codes, safelist
from uofclean.redact import lexicon as lx
from uofclean.redact import nlp as nlpmod
from uofclean.redact.data import load_words
from uofclean.redact.recognizers import (
    finance,
    names,
    network,
    phones,
    places,
    police,
    spoken,
    uk_ids,
)
from uofclean.redact.types import RowContext, Span, merge_overlapping

# When spans of different types overlap, the more specific format wins: a registration or a
# reference is never re-labelled a name because the model also tagged it.
_PRIORITY = {
    e.value: i
    for i, e in enumerate(
        [
            Entity.PERSON,
            Entity.ADDRESS,
            Entity.POSTCODE,
            Entity.SHOULDER_NUMBER,
            Entity.DOB,
            Entity.SOCIAL_HANDLE,
            Entity.ID_NUMBER,
            Entity.EMAIL,
            Entity.URL,
            Entity.PHONE,
            Entity.IP_ADDRESS,
            Entity.BANK_ACCOUNT,
            Entity.VEHICLE_REG,
            Entity.DRIVING_LICENCE,
            Entity.PASSPORT,
            Entity.NHS_NUMBER,
            Entity.NI_NUMBER,
            Entity.POLICE_REF,
            Entity.BANK_CARD,
            Entity.IBAN,
            Entity.BUSINESS,
        ]
    )
}
_DATE_FINDER = regex.compile(r"(?<![\w/])" + places.DATE + r"(?![\w/])", regex.IGNORECASE)


def _all_recognizers() -> list:
    return [
        *uk_ids.recognizers(),
        phones.PhoneNumbersRecognizer(),
        *finance.recognizers(),
        *network.recognizers(),
        *police.recognizers(),
        *places.recognizers(),
        names.NameHeuristicsRecognizer(),
        spoken.SpokenNumberRecognizer(),
    ]


# The recognizers' names, for reports, without building them (building one loads the word
# lists: a second in the parent process, which only reports). A test keeps this in step.
RECOGNIZER_NAMES = (
    "uk-ni-number",
    "uk-nhs-number",
    "uk-phone",
    "email",
    "social-handle",
    "uk-passport",
    "uk-driving-licence",
    "uk-vehicle-registration",
    "id-number",
    "phone-numbers",
    "bank-card",
    "iban",
    "bank-account",
    "ip-address",
    "device-id",
    "url",
    "shoulder-number",
    "police-reference",
    "date-of-birth",
    "uk-postcode",
    "street-address",
    "name-heuristics",
    "spoken-number",
)


def recognizer_names(ner: bool) -> list[str]:
    """Names of everything that recognises, in order, for reports."""
    return [
        *RECOGNIZER_NAMES,
        *(["spacy-ner"] if ner else []),
        "row-context",
        "name-propagation",
        safelist.NAME,
        "business-name",
        "house-number",
        "address-propagation",
    ]


class Detector:
    """Finds personal details in free text. Load once per process."""

    def __init__(self, recognizers: list, nlp=None, net: bool = True):
        self.recognizers = recognizers
        self.nlp = nlp
        self.net = net

    @classmethod
    def load(cls, ner: bool = True) -> Detector:
        try:
            recognizers = _all_recognizers()
            for r in recognizers:
                r.load()
            lx.name_sets()
            lx.common_words()
            safelist.load()
        except Exception as exc:  # noqa: BLE001 - a broken recognizer must stop the run
            raise ModelError(f"a recognizer failed to load ({type(exc).__name__})") from None
        return cls(recognizers, nlpmod.load_model() if ner else None)

    def describe(self) -> dict:
        return {
            "ner": self.nlp is not None,
            "model": nlpmod.describe(self.nlp) if self.nlp is not None else None,
            "recognizers": [r.name for r in self.recognizers]
            + (["spacy-ner"] if self.nlp else [])
            + [
                "row-context",
                "name-propagation",
                safelist.NAME,
                "business-name",
                "house-number",
                "house-name",
                "address-lines",
                "address-propagation",
                "birth-year",
                "nickname",
                "name-after-number",
                "name-before-capitals",
                "name-with-age",
            ],
        }

    # ------------------------------------------------------------------------------------
    def detect_batch(
        self, texts: list[str], contexts: list[RowContext] | None = None
    ) -> list[list[Span]]:
        contexts = contexts or [RowContext()] * len(texts)
        unique = list(dict.fromkeys(t for t in texts if t and t.strip()))
        base, public = {}, {}
        for t in unique:  # one text's rules and places together: they share its tokens
            base[t] = self._rules(t)
            public[t] = _public_places(t)
        if self.nlp is not None:
            ner = self._ner(unique, [base[t] for t in unique])
            for text, spans in zip(unique, ner, strict=True):
                base[text] += spans
        out: list[list[Span]] = []
        for text, ctx in zip(texts, contexts, strict=True):
            if not text or not text.strip():
                out.append([])
                continue
            codes = public_codes.spans(text)
            places = _disjoint(public[text] + codes) if codes else public[text]
            spans = [
                s
                for s in list(base[text]) + _from_context(text, ctx)
                if not _not_personal(text, _trimmed(text, s), places)
            ]
            if self.net:
                caps, lower = names.caps_heavy(text), names.lower_heavy(text)
                spans += safelist.net_spans(text, spans, places, caps, lower)
            spans += extend.first_names_before_capitals(text, spans, places)
            spans += [s for s in _propagate(text, spans) if not _not_personal(text, s, places)]
            spans = extend.spoken_house_numbers(text, extend.with_particles(text, spans))
            spans += extend.house_numbers_again(text, spans)
            spans += [
                s for s in extend.addresses_again(text, spans) if not _not_personal(text, s, places)
            ]
            spans += extend.address_lines(text, spans, places)
            spans += extend.house_names(text, spans, places)
            spans += extend.birth_years(text, spans)
            spans += extend.nicknames_between(text, spans)
            spans += extend.children_named(text, spans)
            spans += extend.names_after_numbers(text, spans, places)
            spans += extend.businesses(text, spans, places)
            spans += extend.owned_firms(text, spans, places)
            spans += extend.company_names(text)
            spans += extend.whole_firms(text, spans)
            out.append(_merge(text, public_codes.outside(spans, codes)))
        return out

    def _rules(self, text: str) -> list[Span]:
        """Every recognizer over the text; name rules over a re-cased copy when the record is
        typed all in lower case; number rules also over a copy where a letter O or l typed
        among digits is read as the digit ("07700 90O123", "dob 3/4/O1")."""
        spans = []
        lower = names.lower_heavy(text)
        fixed = _digits_fixed(text)
        for recognizer in self.recognizers:
            names_rule = isinstance(recognizer, names.NameHeuristicsRecognizer)
            seen = _recase(text) if names_rule and lower else text
            found = recognizer.analyze(seen, None, None)
            if fixed != text and not names_rule:
                found += recognizer.analyze(fixed, None, None)
            for r in found:
                spans.append(Span(r.start, r.end, r.entity_type, r.score, recognizer.name))
        if lower:  # the re-cased copy hides that the record was typed in lower case
            spans += [
                Span(a, b, Entity.PERSON.value, score, "name-heuristics")
                for a, b, score in names.flat_case_pairs(text)
            ]
        return spans

    def _ner(self, texts: list[str], known: list[list[Span]] | None = None) -> list[list[Span]]:
        """The model's PERSON entities, run only on the sentences that hold a capitalised word
        no rule has explained: the model is the slow part, and most sentences ("I applied
        handcuffs, rear stack.") cannot hold a name the rules missed."""
        known = known or [[] for _ in texts]
        jobs: list[tuple[int, int]] = []  # (text index, sentence start)
        pieces: list[str] = []
        for t, (text, spans) in enumerate(zip(texts, known, strict=True)):
            heavy = names.caps_heavy(text) or names.lower_heavy(text)
            prepared = _recase(text) if heavy else text
            for start, end in _sentences_needing_ner(text, spans):
                jobs.append((t, start))
                pieces.append(prepared[start:end])
        results: list[list[Span]] = [[] for _ in texts]
        for (t, offset), doc in zip(jobs, self.nlp.pipe(pieces, batch_size=128), strict=True):
            for ent in doc.ents:
                begin, end = _name_bounds(ent.text)
                if (
                    ent.label_ == "PERSON"
                    and end > begin
                    and _plausible_person(ent.text[begin:end])
                ):
                    start = offset + ent.start_char
                    results[t].append(
                        Span(start + begin, start + end, Entity.PERSON.value, 0.75, "spacy-ner")
                    )
        return results


_WITH_DIGIT = re.compile(r"\s+\S*\d")
_LEADING_DIGITS = re.compile(r"(?:\S*\d\S*\s+)+")


def _name_bounds(value: str) -> tuple[int, int]:
    """Where the model's name starts and stops: after its first words with a digit ("A41
    Aylesbury", "J10 Burnley": a road before a town) and before the next ("Norwich NR2 2PE" is
    a town and its postcode, which the postcode rule finds; no name has a digit)."""
    lead = _LEADING_DIGITS.match(value)
    begin = lead.end() if lead else 0
    rest = value[begin:].split()
    if not rest or any(c.isdigit() for c in rest[0]):
        return begin, begin  # the whole entity is numbers ("A35")
    m = _WITH_DIGIT.search(value, begin)
    return begin, m.start() if m else len(value)


_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def _sentences_needing_ner(text: str, spans: list[Span]) -> list[tuple[int, int]]:
    covered = bytearray(len(text))  # 1 where a rule already found something: O(1) to ask
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    caps = names.caps_heavy(text)
    out = []
    for m in _SENTENCE.finditer(text):
        first = True
        for w in names.WORD.finditer(m.group()):
            word = w.group()
            start = m.start() + w.start()
            if first:
                first = False
                if word.lower() in lx.common_words():
                    continue
            if _unexplained(word, start, covered, caps):
                out.append((m.start(), m.end()))
                break
    return out


def _unexplained(word: str, start: int, covered: bytearray, caps: bool) -> bool:
    """A capitalised word that could be a name and that no rule has already covered."""
    if covered[start] or not word[:1].isupper():
        return False
    f = names.facts(word)  # police terms, titles, places, digits are explained
    if f.skip or not safelist.word_safety(word):
        return False  # explained, or a word the safe-list net redacts anyway
    # "Handcuffs", "Ground": everyday English words that are not names
    return not (f.common and not (f.gaz and not caps))


def _digits_fixed(text: str) -> str:
    """The text with O/o and l/I typed among digits read as 0 and 1 (same length)."""
    if not _NEAR_DIGIT.search(text):
        return text
    return _NUMBER_RUN.sub(_as_digits, text)


_NEAR_DIGIT = re.compile(r"\d[OolI]|[OolI]\d")
# A run of digits and look-alike letters between non-letters: "90O123", "2OO4", "22l", "O1"
_NUMBER_RUN = re.compile(r"(?<![A-Za-z])[\dOolI]{2,}(?![A-Za-z])")
_AS_DIGITS = str.maketrans("OolI", "0011")


def _as_digits(m: re.Match) -> str:
    run = m.group()
    digits = sum(c.isdigit() for c in run)
    return run.translate(_AS_DIGITS) if digits and digits >= len(run) - digits else run


def _recase(text: str) -> str:
    """Sentence case for a record in capitals, keeping names capitalised, length unchanged."""
    lower = text.lower()
    if len(lower) != len(text):
        return text
    chars = list(lower)
    for m in names.WORD.finditer(lower):
        word = m.group()
        if word not in lx.common_words() and (lx.is_name_word(word) or lx.rare(word)):
            chars[m.start()] = chars[m.start()].upper()
    for m in re.finditer(r"(?:^|[.!?]\s+)([a-z])", lower):
        chars[m.start(1)] = chars[m.start(1)].upper()
    return "".join(chars)


_TRIM_WORDS = lx.TITLES | lx.RANKS | lx.FUNCTION_WORDS | lx.POLICE_TERMS | lx.MONTHS_AND_DAYS
_ANY_CASE = frozenset(load_words("particles_any_case")) - lx.TITLES - lx.RANKS


def _plausible_person(text: str) -> bool:
    """The model's PERSON is kept when one of its words could be a name: in the gazetteer, or
    rare in English. "Informant Ms" or "Snapchat" are not names."""
    for word in names.WORD.findall(text):
        low = word.lower()
        if low in _TRIM_WORDS or low in lx.kept_places():
            continue
        if low in safelist.uk_place_words() and not safelist.is_name(low):
            continue  # "M6 Shap": a town's word the model read as a name
        if lx.is_name_word(word) or (low not in lx.common_words() and lx.rare(low)):
            return True
    return False


# --- what the row's own columns say ------------------------------------------------------
def _is_word_char(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] == "_")


def _literal(text: str, needle: str, case: bool, possessive: bool = True) -> list[tuple[int, int]]:
    """Where a row value stands in the text as whole words, any spacing between its words,
    with a possessive s typed without its apostrophe ("Hussains mobile"). A plain string
    search: compiling a pattern per distinct value cost more than the search."""
    hay = text if case else text.lower()
    if len(hay) != len(text):  # a lower case form of another length: the slow way
        body = r"\s+".join(re.escape(p) for p in needle.split())
        flags = 0 if case else re.IGNORECASE
        return [m.span() for m in re.finditer(r"(?<!\w)" + body + r"(?!\w)", text, flags)]
    parts = needle.split() if case else needle.lower().split()
    plural = possessive and len(needle) >= 4 and needle[-1].isalpha()
    out = []
    pos = hay.find(parts[0])
    while pos >= 0:
        end = pos + len(parts[0])
        ok = not _is_word_char(hay, pos - 1)
        for part in parts[1:]:
            if not ok:
                break
            j = end
            while j < len(hay) and hay[j].isspace():
                j += 1
            ok = j > end and hay.startswith(part, j)
            end = j + len(part)
        if ok and plural and hay[end : end + 1] == "s" and not _is_word_char(hay, end + 1):
            end += 1
        if ok and not _is_word_char(hay, end):
            out.append((pos, end))
        pos = hay.find(parts[0], pos + 1)
    return out


def _find_all(
    text: str, needle: str, entity: str, source: str, *, case: bool = False
) -> list[Span]:
    if not needle.strip():
        return []
    if _ONE_WORD.fullmatch(needle):  # most name parts: look them up in the word index
        return [Span(a, b, entity, 0.95, source) for a, b in _occurrences(text, needle, case)]
    return [Span(a, b, entity, 0.95, source) for a, b in _literal(text, needle.strip(), case)]


_ONE_WORD = re.compile(r"\w+")


@lru_cache(maxsize=64)
def _word_index(text: str) -> dict[str, list[tuple[int, int, str]]]:
    """Each run of word characters in the text, by its lower-case form."""
    index: dict[str, list[tuple[int, int, str]]] = {}
    for m in _ONE_WORD.finditer(text):
        index.setdefault(m.group().lower(), []).append((m.start(), m.end(), m.group()))
    return index


def _occurrences(text: str, word: str, case: bool) -> list[tuple[int, int]]:
    """Where `word` stands as a whole word (or with a possessive s, as _literal allows)."""
    low = word.lower()
    forms = [low, low + "s"] if len(word) >= 4 and word[-1].isalpha() else [low]
    # a few searches in C beat indexing every word (the same runs of \w), wherever each
    # character lower-cases alone to one character (U+03A3, capital sigma, lowers by context)
    if text.isascii() or ("Σ" not in text and len(_ascii_lower(text)) == len(text)):
        return sorted(_ascii_occurrences(text, forms, word, case))
    index = _word_index(text)
    out = []
    for form in forms:
        for start, end, found in index.get(form, ()):
            if not case or found[: len(word)] == word:
                out.append((start, end))
    return sorted(out)


@lru_cache(maxsize=64)
def _ascii_lower(text: str) -> str:
    return text.lower()


def _ascii_occurrences(text: str, forms: list[str], word: str, case: bool):
    hay = _ascii_lower(text)
    for form in forms:
        if not _ONE_WORD.fullmatch(form):
            continue  # "İ" lower-cases with a combining dot, which no run of \w holds
        pos = hay.find(form)
        while pos >= 0:
            end = pos + len(form)
            if (
                not _is_word_char(hay, pos - 1)
                and not _is_word_char(hay, end)
                and (not case or text[pos : pos + len(word)] == word)
            ):
                yield pos, end
            pos = hay.find(form, pos + 1)


def _in_quotes(text: str, span: Span) -> bool:
    """A name of several words in quotes, a nickname to find whole."""
    value = text[span.start : span.end]
    return (
        " " in value
        and text[span.start - 1 : span.start] in tuple(_QUOTES)
        and text[span.end : span.end + 1] in tuple(_QUOTES)
    )


def _name_parts(name: str) -> list[str]:
    # "WIŚNIEWSKI (dob": brackets and stops at a name's edge are not the name's
    parts = [p.strip(_QUOTES) for p in re.split(r"[\s,()\[\]]+", name)]
    parts = [p for p in parts if len(p) > 1]
    out = []
    if name[:1] in _QUOTES or name[-1:] in _QUOTES:
        out.append(name.strip(_QUOTES + " "))  # a nickname in quotes is found whole: "Joe Boy"
    for p in parts:
        out.append(p)
        if "-" in p:
            out += [q for q in p.split("-") if len(q) > 2]
    # "Big" of "Big Dave" is the nickname's, not a name to find everywhere ("Big Issue"):
    # the nickname is found whole
    if parts and parts[0].lower() in names.NICKNAME_PREFIX_WORDS:
        out.append(name.strip())
    return [
        p
        for p in out
        if p.lower() not in lx.TITLES
        and p.lower() not in lx.RANKS
        and p.lower() not in names.NICKNAME_PREFIX_WORDS
        # "MALE (Jamal PRYCE)": a cue word taken with a name is not to be found everywhere
        and not (p.lower() in names.CUE_WORDS and p.lower() in lx.common_words())
    ]


def _name_spans(text: str, parts: list[str], source: str) -> list[Span]:
    """Every occurrence of each name part. The row's own names are trusted in lower case
    unless they are everyday words; names found in the text, unless they are English words."""
    ordinary = lx.very_common_words() if source == "row-context" else lx.common_words()
    spans = []
    for part in parts:
        low = part.lower()
        if low in lx.POLICE_TERMS:
            if part.isupper() and len(part) >= 4 and low not in lx.ACRONYMS:
                # "Craig SHIELDS ... SHIELDS (DOB ...)": the surname again, in capitals only
                spans += _find_all(text, part, Entity.PERSON.value, source, case=True)
            # "Storm WHITFIELD ... storm said": the word again where a person stands (not an
            # acronym: "the DP refused")
            if not part.isupper():
                spans += [
                    s
                    for s in _find_all(text, part, Entity.PERSON.value, source)
                    if _where_a_person_stands(text, s) and not text[s.start : s.end].isupper()
                ]
            continue
        if low in lx.kept_places():
            # "SUTTON spat at me": the row's own columns (or the full name found in the text)
            # say this is a person, which beats the place list where a person stands or the
            # word is written as a surname is
            spans += [
                s
                for s in _find_all(text, part, Entity.PERSON.value, source)
                if source == "row-context"
                or _where_a_person_stands(text, s)
                or text[s.start : s.end].isupper()
                or text.startswith(("'s", "’s"), s.end)
            ]
            continue
        if " " in part:  # a name joined to a place word beside it: "Callum Hayes"
            spans += _find_all(text, part, Entity.PERSON.value, source)
        elif low in ordinary or low in lx.MONTHS_AND_DAYS:
            # "Rose", "WARD", "Faith": where written as a name (capitalised or in capitals), or
            # in lower case where a person stands ("rose was abusive", "told ward that").
            for form in {part, part[:1].upper() + part[1:].lower(), part.upper()}:
                spans += _find_all(text, form, Entity.PERSON.value, source, case=True)
            if not part.islower():
                spans += [
                    s
                    for s in _find_all(text, low, Entity.PERSON.value, source, case=True)
                    if _where_a_person_stands(text, s)
                ]
        else:
            spans += _find_all(text, part, Entity.PERSON.value, source)
    return spans


def _where_a_person_stands(text: str, span: Span) -> bool:
    """A lower-case "bishop" or "rose" is the person already named in the record when it is
    the subject of a verb or the object of "told", "arrested", "believe"."""
    return bool(
        names.SUBJECT_VERB.match(text, span.end)
        or names.OBJECT_VERB.search(text[max(0, span.start - 20) : span.start])
        or _PERSON_ATTRIBUTE.match(text, span.end)
    )


# "Holloway DOB 30/06/61", "Preston (aged 34)": what only a person has, right after the word
_PERSON_ATTRIBUTE = re.compile(r"['’]?s?\s*[(,:]?\s*(?i:d\.?\s?o\.?\s?b\b|aged?\s+\d|born\b)")


def _dates_equal(text: str, target: date) -> list[Span]:
    from uofclean.redact.dates import parse_date

    spans = []
    for m in _DATE_FINDER.finditer(text):
        if parse_date(m.group()) == target:
            spans.append(Span(m.start(), m.end(), Entity.DOB.value, 0.95, "row-context"))
    return spans


def _from_context(text: str, ctx: RowContext) -> list[Span]:
    spans: list[Span] = []
    for name in ctx.names:
        spans += _name_spans(text, _name_parts(name), "row-context")
    for dob in ctx.dates_of_birth:
        try:
            spans += _dates_equal(text, date.fromisoformat(dob.strip()))
        except ValueError:
            spans += _find_all(text, dob, Entity.DOB.value, "row-context")
    for oid in ctx.officer_ids:
        spans += _find_all(text, oid, Entity.SHOULDER_NUMBER.value, "row-context")
    for address in ctx.addresses:
        spans += _find_all(text, address, Entity.ADDRESS.value, "row-context")
        street = re.sub(r"^(?:flat\s*\d+\w?,?\s*)?\d+\w?,?\s+", "", address.strip(), flags=re.I)
        if street != address.strip() and len(street) > 4:
            spans += _find_all(text, street, Entity.ADDRESS.value, "row-context")
    for postcode in ctx.postcodes:
        compact = postcode.replace(" ", "")
        if len(compact) >= 5:
            for form in (compact, f"{compact[:-3]} {compact[-3:]}"):  # "SW98HZ", "SW9 8HZ"
                spans += [
                    Span(a, b, Entity.POSTCODE.value, 0.95, "row-context")
                    for a, b in _literal(text, form, False, possessive=False)
                ]
    for ref in ctx.references:
        spans += _find_all(text, ref, Entity.POLICE_REF.value, "row-context")
    return spans


def _propagate(text: str, spans: list[Span]) -> list[Span]:
    """A name found once is redacted everywhere in the record; a gazetteer name right before or
    after a found name ("GARY PAVONE", "UBAYD MARTIN") is part of it. Two rounds, so that a
    name found by propagation brings its neighbours too."""
    found: list[Span] = []
    current = spans
    # A place already read, or a part already searched for, gives nothing new: the same span
    # comes from several rules, and round two finds round one's spans again.
    seen: set[tuple[int, int]] = set()
    searched: set[str] = set()
    for _ in range(2):
        parts: set[str] = set()
        adjacent: list[Span] = []
        for s in current:
            if s.entity == Entity.PERSON.value and (s.start, s.end) not in seen:
                seen.add((s.start, s.end))
                parts.update(_name_parts(text[s.start : s.end]))
                if _in_quotes(text, s):  # "Joseph 'Joe Boy' McGINLEY ... Joe Boy ran"
                    parts.add(text[s.start : s.end])
                parts.update(_neighbour_names(text, s, adjacent))
        parts -= searched
        searched |= parts
        current = _name_spans(text, sorted(parts), "name-propagation") if parts else []
        current += [a for a in adjacent if (a.start, a.end) not in seen]
        found += current
    return found


_WORD_BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’-]*) (?P<conj>(?:and|&) )?$")
_INFINITIVE = re.compile(r"\b(?:to|not|n't|didn't|don't|won't)\s+$", re.IGNORECASE)
_WORD_AFTER = re.compile(r" (?P<conj>(?:and|&) )?([^\W\d_][\w'’-]*)(?![\w'’-])")


def _neighbour_names(text: str, span: Span, adjacent: list[Span] | None = None) -> list[str]:
    """The name words beside a found name, to find everywhere; and in `adjacent`, the span of
    each word that joins this name where it stands ("kyle o brien": "kyle" is a town too, but
    not right before a surname)."""
    out = []
    window = max(0, span.start - 40)
    before = _WORD_BEFORE.search(text[window : span.start])
    if before and not before.group("conj") and before.group(1).lower() in names.PARTICLES:
        # "kyle o brien": the first name stands before the particle
        cut = window + before.start(1)
        window = max(0, cut - 40)
        before = _WORD_BEFORE.search(text[window:cut])
    after = _WORD_AFTER.match(text, span.end)
    value = text[span.start : span.end]
    first_names = lx.name_sets()[0]
    for m, is_before in ((before, True), (after, False)):
        if m is None:
            continue
        word = m.group(1) if is_before else m.group(2)
        low = word.lower()
        if m.group("conj"):
            # "Lily and Mason": a capitalised first name joined to a name is another person
            if word[0].isupper() and value[0].isupper() and lx.fold(low) in first_names:
                out.append(word)
            continue
        if low in lx.POLICE_TERMS or low in lx.TITLES or low in lx.RANKS:
            continue
        if low in lx.FUNCTION_WORDS or low in lx.MONTHS_AND_DAYS:
            continue
        if low in names.CUE_WORDS and low in lx.common_words():
            continue  # "MALE LUKE ABBEY", "MOTHER SHARON": the cue before a name
        surname_slot = not is_before and word[0].isupper() and _first_name_before(text, span)
        if low in safelist.uk_place_words() and not safelist.is_name(low) and not surname_slot:
            continue  # "Yates Blackpool": the town beside a name is the town ("Barry Kelsall":
            # after a first name it is the surname)
        # "drew" or "will" next to "Hunter" are words: a neighbour is written like the name
        if not value.islower() and not word[0].isupper():
            continue
        if is_before and value.islower() and _INFINITIVE.search(text, 0, window + m.start(1)):
            continue  # "went to kick kyle": a verb after "to", not a first name
        if low in lx.kept_places():
            # "Callum Hayes", "Jordan RICHMOND": the place word joins the name as a phrase
            if lx.is_name_word(word) and (word.isupper() == value.isupper()):
                out.append(f"{word} {value}" if is_before else f"{value} {word}")
            continue
        # "Shahid MIAH": a capitalised word outside everyday English before a surname in capitals
        unusual = (
            word[0].isupper()
            and low not in lx.common_words()
            and not value.islower()
            # in capitals every word looks like this: only the word before the name counts
            and (is_before or not names.caps_heavy(text))
            and not names.is_verb(word)
        )
        # "lewis hindmarch": in lower case, a rare word right after a first name is its surname
        unusual = unusual or (
            not is_before
            and value.islower()
            and word.islower()
            and lx.fold(value.split()[-1]) in first_names
            and low not in lx.common_words()
            and lx.rare(low)
            and not names.is_verb(word)
        )
        ordinary = low in lx.very_common_words() and not (word[0].isupper() or value.islower())
        # the census surnames hold everyday words too ("Later"): those count only from Faker's
        gazetteer = lx.is_name_word(word) or (
            safelist.is_name(low) and (low not in lx.common_words() or surname_slot)
        )
        if (gazetteer and not names.is_verb(word) or unusual) and not ordinary:
            out.append(word)
            if adjacent is not None:
                at = window + m.start(1) if is_before else m.start(2)
                adjacent.append(
                    Span(at, at + len(word), Entity.PERSON.value, 0.7, "name-propagation")
                )
    return out


def _first_name_before(text: str, span: Span) -> bool:
    """Whether the name ends in a first name ("Barry", "Waqar Younis") in normally cased text,
    so that a capitalised surname of the census right after it is its surname even where the
    word is a town's or an everyday word's ("Barry Kelsall", "Waqar Younis Butt")."""
    if names.caps_heavy(text) or names.lower_heavy(text):
        return False
    first_names = lx.name_sets()[0]
    words = text[span.start : span.end].split()
    if words and lx.fold(words[-1].lower()) in first_names:
        return True
    before = _WORD_BEFORE.search(text[max(0, span.start - 40) : span.start])
    if before is None or before.group("conj") or not before.group(1)[0].isupper():
        return False
    low = before.group(1).lower()
    # "Waqar Younis": a first name no list holds is an unusual capitalised word
    return lx.fold(low) in first_names or (
        low not in lx.common_words() and low not in lx.kept_places() and lx.rare(low)
    )


def _merge(text: str, spans: list[Span]) -> list[Span]:
    """Non-overlapping spans sorted by start; overlapping ones become one span whose type is
    the strongest member's."""
    spans = [_trim(text, s) if s.entity == Entity.PERSON.value else s for s in spans]
    spans = [
        part
        for s in spans
        for part in (_address_parts(text, s) if s.entity == Entity.ADDRESS.value else (s,))
    ]
    spans = [s for s in spans if s.end > s.start and not _kept(text, s)]
    return merge_overlapping(
        spans, lambda a, b: max((a, b), key=lambda x: (_PRIORITY[x.entity], x.end - x.start))
    )


def _trimmed(text: str, span: Span) -> Span:
    """ "Kirkby Stephen NPT": the model's name less the job's words, to judge it by the place
    it stands in; "At Birmingham New Street": a street less the word that opens the sentence."""
    if span.entity == Entity.ADDRESS.value:
        return _address_trimmed(text, span)
    return _trim(text, span) if span.recognizer == "spacy-ner" else span


_LEAD_WORD = re.compile(r"([^\W\d_]+)\s+(?=\S)")


def _address_trimmed(text: str, span: Span) -> Span:
    return _address_parts(text, span)[0]


_TOWN_END = re.compile(r"\s*(?:,|$|\s[A-Za-z]{1,2}\d)")
# the postcode after the town, in the shape of one, for when no postcode rule took it ("9 heol
# y nant, blaenavon np4")
_POSTCODE_AFTER = re.compile(r",?\s*(?P<code>[A-Za-z]{1,2}\d[A-Za-z\d]?(?:\s?\d[A-Za-z]{2})?)\b")


def _address_parts(text: str, span: Span) -> tuple[Span, ...]:
    """A street found from capitalised words may take the capitalised preposition that opens
    its sentence ("At Birmingham New Street", "Outside Portman Road"): it is not the address.
    Nor is the town after it ("lives at 22 Chestnut Walk, Grantham, will be visited"): the
    town is published; the postcode after it, where the address held one, is a detail of its
    own. The address first, then that postcode."""
    start = span.start
    lead = _LEAD_WORD.match(text, span.start, span.end)
    if lead is not None and lead.group(1).lower() in safelist.place_prepositions():
        start = lead.end()
    town = _town_after(text, start, span.end)
    if town is None:
        if start == span.start:
            return (span,)
        return (Span(start, span.end, span.entity, span.score, span.recognizer),)
    head = Span(start, town[0], span.entity, span.score, span.recognizer)
    code = _POSTCODE_AFTER.match(text, town[1], span.end)
    if code is None:
        return (head,)
    kind = Entity.POSTCODE.value
    return head, Span(code.start("code"), code.end("code"), kind, span.score, span.recognizer)


def _town_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where ", Town" starts and the town ends inside an address (a listed town whole up to a
    comma, the end or its postcode), if it holds one."""
    plain = not text[start:end].islower()  # "9 cois na habhann, ennis, co clare"
    for comma in re.finditer(r",\s*", text[start:end]):
        at = start + comma.end()
        rest = text[at:end]
        towns = safelist.place_spans(rest, plain)
        if towns and towns[0][0] == 0 and _TOWN_END.match(rest, towns[0][1]):
            return start + comma.start(), at + towns[0][1]
    return None


@cache
def _residence_cue() -> re.Pattern:
    cues = "|".join(f"(?:{c})" for c in load_words("residence_cues"))
    return re.compile(r"(?i:\b(?:" + cues + r"))\s*$")


def _lived_at(text: str, start: int) -> bool:
    """Whether the words before `start` say that someone lives there ("lives on", "home
    address"): then a street named like a ground or a station is that person's address."""
    return _residence_cue().search(text, max(0, start - 40), start) is not None


def _trim(text: str, span: Span) -> Span:
    """ "Ms Ospina", "sister Hodan Warsame", "Subj OYELARAN": titles, ranks, cue and function
    words at the edges of a name are not the name. Spans from the row's own columns are kept
    whole."""
    if span.recognizer in ("row-context", "name-before-capitals") or _quoted(text, span):
        # a nickname in quotes is the nickname whole ("Stevie Boy"); a word right before a
        # surname in capitals was judged there ("Sunday OKORO, 41")
        return span
    value = text[span.start : span.end]
    if not any(c.isspace() for c in value):  # one word, the usual case
        empty = Span(span.start, span.start, span.entity, span.score, span.recognizer)
        if not _edge_word(value) or _strong_caps_name(value, span) or _after_title(text, span):
            return span
        return empty
    start, end = span.start, span.end
    while start < end:
        value = text[start:end]
        first = re.match(r"[^\W\d_][\w'’-]*\.?\s*", value)
        last = re.search(r"\s*[^\W\d_][\w'’-]*\.?$", value)
        if first and _edge_word(first.group(), leading=value[first.end() :]):
            start += first.end()
        elif last and last.start() > 0 and _edge_word(last.group()):
            end -= len(last.group())
        else:
            break
    while end > start and not text[end - 1].isalnum():
        end -= 1  # "FERGUSON, Santander" less the bank is "FERGUSON", not "FERGUSON,"
    return Span(start, end, span.entity, span.score, span.recognizer)


@cache
def _title_run() -> re.Pattern:
    """A title and up to two capitalised words after it, ending where a span starts."""
    titles = "|".join(sorted(lx.TITLES, key=len, reverse=True))
    return re.compile(r"(?i:\b(?:" + titles + r"))\.?\s+(?:[^\W\d_][\w'’-]*\s+){0,2}$")


def _after_title(text: str, span: Span) -> bool:
    """ "Mr Sunday ADEYEMI", "Mr Dinesh Lad", "Ms Do Thu Ha": capitalised words in the run
    after a title are the name even where they are days, cue or function words."""
    if span.recognizer == "spacy-ner" or not text[span.start : span.start + 1].isupper():
        return False
    run = _title_run().search(text, max(0, span.start - 40), span.start)
    return run is not None and all(w[0].isupper() for w in run.group().split()[1:])


_QUOTES = "'\"‘’“”"
_NEVER_ALONE = lx.TITLES | lx.RANKS | lx.FUNCTION_WORDS | lx.MONTHS_AND_DAYS


def _strong_caps_name(value: str, span: Span) -> bool:
    """ "Craig SHIELDS": a surname in capitals found on strong evidence stays, even where the
    word is the job's too."""
    return span.score >= 0.85 and value.isupper() and value.lower() not in _NEVER_ALONE


def _quoted(text: str, span: Span) -> bool:
    """A name in quotes here, or a nickname found again that stood in quotes ("Joseph 'Joe
    Boy' McGINLEY ... Joe Boy ran")."""
    if span.entity != Entity.PERSON.value:
        return False
    if (
        span.start > 0
        and span.end < len(text)
        and text[span.start - 1] in _QUOTES
        and text[span.end] in _QUOTES
    ):
        return True
    value = text[span.start : span.end]
    return (
        span.recognizer == "name-propagation"
        and " " in value
        and any(f"{q}{value}" in text for q in _QUOTES)
    )


def _edge_word(token: str, leading: str = "") -> bool:
    """A title, rank, cue or job word at a name's edge; `leading`: the span's words after
    this first one."""
    low = token.strip().rstrip(".").lower()
    after = leading.split()[0].lower() if leading.strip() else ""
    if low in names.PARTICLES and (
        token[:1].islower() or (after and (low in _ANY_CASE or after in names.PARTICLES))
    ):
        # "van der BERG", "ap Iorwerth", "SIÔN AP GERAINT": the particles before a name are
        # the name's, whatever their case, where the particle is no word of its own ("VAN"
        # alone can be one, "VAN DER" cannot)
        return False
    return low in _TRIM_WORDS or low in names.CUE_WORDS


def _public_places(text: str) -> list[tuple[int, int]]:
    """Public places the text names (landmarks, listed places, UK towns), sorted, disjoint."""
    plain = not (names.caps_heavy(text) or names.lower_heavy(text))
    landmarks = [p for p in lx.kept_phrases(text) if not _people_not_place(text, p)]
    spans = landmarks + lx.vehicle_spans(text) + safelist.place_spans(text, plain)
    if plain:
        spans += localities.slot_places(text)
    return _disjoint(spans)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, overlapping ones joined."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _people_not_place(text: str, phrase: tuple[int, int]) -> bool:
    """ "Paulo Fonseca and Kevin Lake fighting", "his stepdad Neil Harbour": a landmark's
    shape (capitalised words and a noun like Lake) that is people: a first name and another
    capitalised word before "and", two first names and the noun where the first and the noun
    are named together elsewhere, or a first name and the noun where a person stands."""
    start, end = phrase
    words = text[start:end].split()
    while len(words) > 2 and words[0].lower() in names.CUE_WORDS:
        start = text.index(words[1], start + len(words[0]))  # "MALE LUKE ABBEY (24)"
        words = words[1:]
    first = lx.name_sets()[0]
    if lx.fold(words[0]) not in first or words[0].lower() in lx.kept_places():
        return False
    joined = [k for k, w in enumerate(words) if w.lower() in ("and", "&")]
    if joined and joined[0] >= 2:
        return True
    if len(words) == 3 and lx.fold(words[1]) in first and _named_elsewhere(text, words):
        return True  # "Hope Elizabeth Church" where "Hope CHURCH" is named elsewhere
    return len(words) == 2 and names.person_stands(text, start, end)


def _named_elsewhere(text: str, words: list[str]) -> bool:
    """The phrase's first and last words side by side in the text (elsewhere, since the
    phrase has a word between them): a first name and a surname named together, so the
    phrase is that person with a middle name."""
    return bool(extend.whole_occurrences(text.lower(), f"{words[0]} {words[-1]}".lower()))


_TITLE_BEFORE = re.compile(r"([^\W\d_]+)\.?\s+$")


@cache
def _shop_nouns() -> frozenset[str]:
    return frozenset(load_words("shop_landmark_nouns"))


@cache
def _nationalities() -> frozenset[str]:
    return frozenset(load_words("proper_not_personal"))


def _only_nationality(text: str, span: Span) -> bool:
    """ "Male Polish, Krzysztof ...", "Romanian Roma family", "in Lithuanian": a nationality,
    language or faith is nobody's name, whichever rule took it, unless a title or rank stands
    before it ("PC Welsh", "Mr English")."""
    if span.entity != Entity.PERSON.value or span.recognizer == "row-context":
        return False
    words = [w.lower() for w in names.WORD.findall(text[span.start : span.end])]
    if not words or any(w not in _nationalities() or safelist.is_name(w) for w in words):
        return False  # "Jordan", "Tyrone", "Devon", "Welsh": countries and such are names too
    before = _TITLE_BEFORE.search(text, max(0, span.start - 12), span.start)
    return not (before and before.group(1).lower() in lx.TITLES | lx.RANKS)


def _not_personal(text: str, span: Span, places: list[tuple[int, int]]) -> bool:
    return _only_nationality(text, span) or _in_public_place(text, span, places)


def _in_public_place(text: str, span: Span, places: list[tuple[int, int]]) -> bool:
    """A name or a street found on weak evidence inside a public place's name ("Forest Gate
    station", "St George's Hospital") is the place's."""
    propagated = span.recognizer in ("name-propagation", "address-propagation")
    if span.recognizer == "row-context" or (not propagated and span.score >= 0.85):
        return False  # the row's own values, or a name right after "Mr" / "PC"
    if span.entity not in (Entity.PERSON.value, Entity.ADDRESS.value):
        return False
    if propagated and text.startswith(("'s", "’s"), span.end):
        return False  # "Kenneth Holloway ... Holloway's Mercedes": the person's, not a place
    if span.entity == Entity.ADDRESS.value and _lived_at(text, span.start):
        return False
    # places come from one left-to-right scan: sorted and disjoint
    i = bisect.bisect_right(places, span.start, key=lambda p: p[0]) - 1
    if i < 0 or not (places[i][0] <= span.start and span.end <= places[i][1]):
        return False
    place = text[places[i][0] : places[i][1]].split()
    if propagated and span.start == places[i][0] and place[-1].lower() in _shop_nouns():
        return False  # "Bhavesh LAKHANI ... owns Lakhani Sweet Mart": the person's own shop
    # "John Preston ... Preston said": a name found in full elsewhere in the record is that
    # person even where it is a town's name too ("Applegarth, Hornbeam Meadow ... inside at
    # Applegarth" the house); "George" in "St George's Hospital" is not
    return not (propagated and places[i] == (span.start, span.end))


def _kept(text: str, span: Span) -> bool:
    """Borough names and police vocabulary are published anyway, unless strong evidence (a rank
    before it, the row's own columns, "lives on" before a street) says this one is a name ("PC
    Chelsea ...") or an address."""
    low = text[span.start : span.end].strip().lower()
    if span.entity == Entity.ADDRESS.value and _lived_at(text, span.start):
        return False
    if span.recognizer in ("name-propagation", "address-propagation"):
        return False  # "Kenneth Holloway ... Holloway's Mercedes": found in full elsewhere
    return span.score < 0.8 and (low in lx.kept_places() or low in lx.POLICE_TERMS)
