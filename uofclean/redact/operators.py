"""How a detected detail is replaced: replace, mask, hash or fake (the last two keyed)."""

from __future__ import annotations

import hashlib
import hmac
import random
import re
import string
from collections.abc import Callable

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

    def __call__(self, entity: str, value: str) -> str:
        key = (entity, value)
        if key not in self._cache:
            self._cache[key] = self._apply(entity, value)
        return self._cache[key]

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


def apply_spans(text: str, spans, replacer: Replacer) -> str:
    """Replace each span (sorted, non-overlapping) in text."""
    out, pos = [], 0
    for s in spans:
        out.append(text[pos : s.start])
        out.append(replacer(s.entity, text[s.start : s.end]))
        pos = s.end
    out.append(text[pos:])
    return "".join(out)
