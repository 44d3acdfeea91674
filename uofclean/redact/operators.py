"""How a detected detail is replaced: replace, mask, hash or fake (the last two keyed)."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import string
from collections.abc import Callable
from functools import lru_cache

from faker import Faker

from uofclean.entities import Entity
from uofclean.errors import KeyMissingError, OptionError

OPERATORS = ("replace", "mask", "hash", "fake")


def _normalise(value: str) -> str:
    """So that "SMITH", "Smith" and "smith's" get the same pseudonym."""
    value = re.sub(r"['’]s$", "", value.strip())
    return re.sub(r"\s+", " ", value).casefold()


def _digest(key: bytes, entity: str, value: str) -> bytes:
    return hmac.new(key, f"{entity}\x1f{_normalise(value)}".encode(), hashlib.sha256).digest()


def _shape(rng: random.Random, value: str) -> str:
    """Same shape, other characters: digits for digits, letters for letters."""
    out = []
    for ch in value:
        if ch.isdigit():
            out.append(rng.choice(string.digits))
        elif ch.isalpha():
            letter = rng.choice(string.ascii_uppercase)
            out.append(letter if ch.isupper() else letter.lower())
        else:
            out.append(ch)
    return "".join(out)


def _like_case(original: str, fake: str) -> str:
    if original.isupper():
        return fake.upper()
    if original.islower():
        return fake.lower()
    return fake


class Replacer:
    """Callable (entity, value) -> replacement text, one per run."""

    def __init__(self, operator: str, key: bytes | None = None):
        if operator not in OPERATORS:
            raise OptionError(f"unknown operator {operator!r}; choose {', '.join(OPERATORS)}")
        if operator in ("hash", "fake") and not key:
            raise KeyMissingError(
                f"--operator {operator} needs a key: set UOFCLEAN_KEY or pass --key-file FILE"
            )
        self.operator = operator
        self.key = key or b""
        self._faker = Faker("en_GB") if operator == "fake" else None
        self._cache: dict[tuple[str, str], str] = {}
        self._apply: Callable[[str, str], str] = getattr(self, f"_{operator}")

    def __call__(self, entity: str, value: str, person: str | None = None) -> str:
        """The replacement of `value`; for a PERSON, `person` is the full name it is part of
        (all mentions of one person get one pseudonym)."""
        if entity == Entity.PERSON and person and self.operator in ("hash", "fake"):
            return self._person(value, person)
        key = (entity, value)
        if key not in self._cache:
            if len(self._cache) >= _CACHE_LIMIT:  # a memo only: bounded, so memory stays flat
                self._cache.clear()
            self._cache[key] = self._apply(entity, value)
        return self._cache[key]

    def _person(self, value: str, person: str) -> str:
        """One pseudonym per person: "John SMITH", "Smith's" and "JOHN" all come from the
        person's full name, and `fake` keeps the gender its first name tells."""
        digest = _digest(self.key, Entity.PERSON, person)
        if self.operator == "hash":
            return f"[{Entity.PERSON}:{digest.hex()[:10]}]"
        fake = self._faker
        assert fake is not None
        fake.seed_instance(int.from_bytes(digest[:8], "big"))
        parts = person.split()
        gender = _gender(parts[0]) if len(parts) > 1 else None
        first = {"female": fake.first_name_female, "male": fake.first_name_male}.get(
            gender or "", fake.first_name
        )()
        last = fake.last_name()
        stem = re.sub(r"['’]s$", "", value)
        suffix = value[len(stem) :]
        words = stem.split()
        if len(words) > 1:
            fakes = [first, last] if len(words) == 2 else [first] * (len(words) - 1) + [last]
            return " ".join(_like_case(w, f) for w, f in zip(words, fakes, strict=True)) + suffix
        is_first = len(parts) > 1 and _normalise(stem) == parts[0]
        return _like_case(stem, first if is_first else last) + suffix

    def _replace(self, entity: str, value: str) -> str:
        return f"[{entity}]"

    def _mask(self, entity: str, value: str) -> str:
        return "*" * len(value)

    def _hash(self, entity: str, value: str) -> str:
        return f"[{entity}:{_digest(self.key, entity, value).hex()[:10]}]"

    def _fake(self, entity: str, value: str) -> str:
        seed = int.from_bytes(_digest(self.key, entity, value)[:8], "big")
        fake = self._faker
        assert fake is not None
        fake.seed_instance(seed)
        rng = random.Random(seed)
        if entity == Entity.PERSON:
            words = value.split()
            if len(words) == 1:
                stem = re.sub(r"['’]s$", "", value)
                text = fake.last_name() + value[len(stem) :]
                return _like_case(value, text)
            return _like_case(value, fake.name())
        if entity == Entity.ADDRESS:
            return fake.street_address().replace("\n", ", ")
        if entity == Entity.EMAIL:
            return fake.email()
        if entity == Entity.POSTCODE and " " not in value.strip() and len(value.strip()) <= 4:
            return fake.postcode().split()[0]
        if entity == Entity.POSTCODE:
            return fake.postcode()
        return _shape(rng, value)


_CACHE_LIMIT = 20_000  # replacements remembered (about as many details as 2,500 records hold)


@lru_cache(maxsize=1)
def _first_names() -> tuple[frozenset[str], frozenset[str]]:
    from faker.providers.person.en_GB import Provider as GB
    from faker.providers.person.en_US import Provider as US

    female = {n.lower() for p in (GB, US) for n in p.first_names_female}
    male = {n.lower() for p in (GB, US) for n in p.first_names_male}
    return frozenset(female - male), frozenset(male - female)


def _gender(first: str) -> str | None:
    female, male = _first_names()
    return "female" if first in female else "male" if first in male else None


def people(text: str, spans, known: tuple[str, ...] = ()) -> dict[int, str]:
    """For each PERSON span (by index): the full name of the person it mentions. A one-word
    mention belongs to the full name in the record (or in the row's own columns, `known`)
    that has it as a part; the first such name wins."""
    values = {i: text[s.start : s.end] for i, s in enumerate(spans) if s.entity == Entity.PERSON}
    fulls = [_normalise(v) for v in values.values() if len(v.split()) > 1]
    # "John" and "SMITH" found apart, one space between them, are one full name
    for i in values:
        if i + 1 in values and text[spans[i].end : spans[i + 1].start] == " ":
            fulls.append(_normalise(f"{values[i]} {values[i + 1]}"))
    fulls += [_normalise(k) for k in known if len(k.split()) > 1]
    owner: dict[str, str] = {}
    for full in fulls:
        for part in full.replace("-", " ").split():
            owner.setdefault(part, full)
        owner.setdefault(full, full)
    out = {}
    for i, value in values.items():
        norm = _normalise(value)
        out[i] = owner.get(norm, norm)
    return out


def apply_spans(text: str, spans, replacer: Replacer, known: tuple[str, ...] = ()) -> str:
    """Replace each span (sorted, non-overlapping) in text; `known` are the names the row's
    own columns give, so that "Smith" on its own takes the pseudonym of "John Smith"."""
    return apply_tracked(text, spans, replacer, known)[0]


Ranges = tuple[tuple[int, int], ...]


def apply_tracked(
    text: str, spans, replacer: Replacer, known: tuple[str, ...] = (), written: Ranges = ()
) -> tuple[str, Ranges]:
    """apply_spans, and where in the output the replacements stand, so that the release scan
    never takes what redaction wrote (a surrogate name, a marker) for personal data. Ranges
    already `written` into `text` (which the spans never overlap) move with the text."""
    persons = people(text, spans, known) if replacer.operator in ("hash", "fake") else {}
    out: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos = length = 0
    moves: list[tuple[int, int]] = []  # (input position, shift from there on)
    for i, s in enumerate(spans):
        out.append(text[pos : s.start])
        length += s.start - pos
        new = replacer(s.entity, text[s.start : s.end], persons.get(i))
        ranges.append((length, length + len(new)))
        out.append(new)
        length += len(new)
        moves.append((s.end, length - s.end))
        pos = s.end
    out.append(text[pos:])
    for a, b in written:
        shift = 0
        for at, by in moves:
            if at <= a:
                shift = by
        ranges.append((a + shift, b + shift))
    return "".join(out), tuple(sorted(ranges))
