"""Spans grown to the whole detail: names with their particles ("van der BERG", "ap Iorwerth")
and small businesses named after a person ("Patel's Newsagents", "K. Singh & Sons")."""

from __future__ import annotations

import re
from functools import cache

from uofclean.entities import Entity
from uofclean.redact import lexicon as lx
from uofclean.redact.data import load_words
from uofclean.redact.types import Span

PERSON = Entity.PERSON.value


@cache
def _particle_before() -> re.Pattern:
    words = "|".join(sorted((re.escape(p) for p in load_words("particles")), key=len, reverse=True))
    # "the van SMITH" is a vehicle: "van" joins a name only without an article before it
    return re.compile(
        r"(?<![\w'’/])(?<!the )(?<!a )(?<!our )(?<!police )(?:(?:" + words + r")\s){1,3}$",
        re.IGNORECASE,
    )


def with_particles(text: str, spans: list[Span]) -> list[Span]:
    """A name preceded by particles takes them in."""
    pattern = _particle_before()
    out = []
    for s in spans:
        if s.entity == PERSON:
            m = pattern.search(text, max(0, s.start - 20), s.start)
            if m:
                out.append(Span(m.start(), s.end, PERSON, s.score, s.recognizer))
                continue
        out.append(s)
    return out


@cache
def _business_words() -> frozenset[str]:
    return frozenset(load_words("business_words"))


_AFTER = re.compile(r"(?:['’]s|(?<=s)['’])?((?:\s+(?:&|and|[^\W\d_][\w'’-]*)){1,4})")
_POSSESSIVE_NAME = re.compile(r"(?<![\w'’])([A-Z][\w-]+)(?:['’]s|(?<=s)['’])(?=\s)")
# "Wright & Sons", "ingleby & dent": a family firm's name starts with the family's
_FAMILY_FIRM = re.compile(
    r"(?<![\w'’])([^\W\d_][\w'’-]+)(?=\s+(?:&|and)\s+(?:sons?|daughters?|co\b|brothers|bros|"
    r"[^\W\d_][\w'’-]+\s+(?:"
    + "|".join(re.escape(w) for w in load_words("business_words"))
    + r")\b))",
    re.IGNORECASE,
)


def businesses(text: str, spans: list[Span]) -> list[Span]:
    """A person's name followed by a trade ("Nadeem's Mini Market", "Dave Hughes Plumbing"),
    or any capitalised possessive followed by one that is not a chain ("Price's Scrap &
    Salvage"): the whole business name identifies its owner."""
    # after a capitalised name the trade is written with capitals ("Dave Hughes Plumbing"):
    # a lower-case word there is the sentence going on ("pulled Pavitt off", "Kofi security");
    # a name typed in lower case is followed by its trade in lower case ("ray robinson joinery")
    starts = [
        (s.start, s.end, not text[s.start : s.end].islower()) for s in spans if s.entity == PERSON
    ]
    starts += [
        (m.start(1), m.end(1), False)
        for m in _POSSESSIVE_NAME.finditer(text)
        if m.group(1).lower() not in lx.BRANDS and m.group(1).lower() + "'s" not in lx.BRANDS
    ]
    starts += [(m.start(1), m.end(1), False) for m in _FAMILY_FIRM.finditer(text)]
    starts = list(dict.fromkeys(starts))  # a name found by several rules: one start, read once
    out = []
    for start, end, bare in starts:
        m = _AFTER.match(text, end)
        if not m:
            continue
        possessive = m.group(1) != m.group(0)
        words = re.findall(r"&|[^\W\d_][\w'’-]*", m.group(1))
        n = 0  # words taken: up to the last trade word, with "&", "and" and capitalised
        for k, w in enumerate(words):  # words between ("Flanagan's Chip Shop")
            if _trade_word(w) and not (bare and not possessive and w.islower()):
                n = k + 1
            elif w not in ("&", "and") and not (w[:1].isupper() and not w.isupper()):
                break
        if n:
            tail = m.start(1) + _end_of_nth(m.group(1), n)
            out.append(
                Span(_trade_before(text, start), tail, Entity.BUSINESS.value, 0.8, "business-name")
            )
    return out


def _trade_word(word: str) -> bool:
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
        if not m or not _trade_word(m.group(1)):
            break
        start = m.start(1)
    return start


def _end_of_nth(segment: str, n: int) -> int:
    found = list(re.finditer(r"&|[^\W\d_][\w'’-]*", segment))
    return found[n - 1].end()


_SPOKEN_HOUSE = re.compile(
    r"(?<![\w-])(?:(?:flat|number|no\.?)\s+)?(?:"
    + r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\s+$",
    re.IGNORECASE,
)


def spoken_house_numbers(text: str, spans: list[Span]) -> list[Span]:
    """ "twenty two Mount Pleasant Road", "number nine Polwithen Drive": a house number
    spoken into the phone belongs to the street after it."""
    out = []
    for s in spans:
        if s.entity == Entity.ADDRESS.value:
            m = _SPOKEN_HOUSE.search(text, max(0, s.start - 30), s.start)
            if m:
                s = Span(m.start(), s.end, s.entity, s.score, s.recognizer)
        out.append(s)
    return out
