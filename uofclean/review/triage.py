"""Triage: rank records by the risk that redaction left something personal in them, so that a
reviewer reads the top of the list and not the whole file.

The signals are what detection already knows (which pass decided a span, how sure it was) and
what it kept that looks like a name; their weights are data (`triage.toml`), measured by
`python -m bench.triage SET.jsonl` on text written by others.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from uofclean.entities import Entity
from uofclean.redact.types import Span

# The passes whose decision alone is weak evidence (detect.py's recognizer names).
MODEL = "spacy-ner"
NET = "safe-list-net"
SURE = 0.8  # scores at or above this come from a rule that knows the form
LENGTH_UNIT = 500  # characters per unit of the length signal

TOKEN = re.compile(r"[^\W_](?:[^\W_]|['’-][^\W_])*")
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _settings() -> dict:
    return tomllib.loads(files(__package__).joinpath("triage.toml").read_text(encoding="utf-8"))


@cache
def weights() -> dict[str, float]:
    """The signals' weights from triage.toml; every signal must have one."""
    out = {name: float(value) for name, value in _settings()["weights"].items()}
    missing = set(SIGNALS) - set(out)
    if missing:
        raise ValueError(f"triage.toml has no weight for {', '.join(sorted(missing))}")
    return out


SIGNALS = (
    "model_alone",
    "net",
    "name_is_word",
    "low_score",
    "kept_name_word",
    "kept_capitalised",
    "kept_code",
    "kept_address_word",
    "kept_phrase",
    "people",
    "one_case",
    "length",
)


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
    # per cell: kept tokens that look like names, (start, end), for the page to point at
    candidates: list[list[tuple[int, int]]] = field(default_factory=list)


def assess(cells: Sequence[Cell]) -> Risk:
    """The risk of one record (all its free-text cells together)."""
    from uofclean.redact import lexicon as lx

    common = lx.common_words()
    counts = dict.fromkeys(SIGNALS, 0.0)
    people: set[str] = set()
    candidates: list[list[tuple[int, int]]] = []
    for cell in cells:
        text = cell.text
        for s in cell.spans:
            value = text[s.start : s.end]
            if s.entity == Entity.PERSON.value:
                people.add(value.lower().removesuffix("'s"))
                if all(w.lower() in common for w in TOKEN.findall(value)):
                    counts["name_is_word"] += 1
            if s.recognizer == MODEL:
                counts["model_alone"] += 1
            elif s.recognizer == NET:
                counts["net"] += 1
            elif s.score < SURE:
                counts["low_score"] += 1
        kept, cell_candidates = _kept_tokens(text, cell.spans, common, lx)
        for name, n in kept.items():
            counts[name] += n
        candidates.append(cell_candidates)
        counts["one_case"] = max(counts["one_case"], float(_one_case(text)))
        counts["length"] += len(text) / LENGTH_UNIT
    counts["people"] = float(len(people))
    w = weights()
    score = sum(w[name] * math.log1p(n) for name, n in counts.items())
    return Risk(round(score, 4), {k: round(v, 2) for k, v in counts.items() if v}, candidates)


@cache
def address_words() -> frozenset[str]:
    """Words that end house and street names: the address rules' suffixes and triage's own."""
    from uofclean.redact import lexicon as lx

    return frozenset(w.lower() for w in lx.STREET_SUFFIXES) | frozenset(
        _settings()["words"]["address"]
    )


@cache
def _not_personal() -> frozenset[str]:
    """Kept proper nouns that name nobody: towns, nationalities, police words, places."""
    from uofclean.redact import lexicon as lx
    from uofclean.redact import safelist

    return (
        lx.POLICE_TERMS
        | lx.TITLES
        | lx.RANKS
        | lx.FUNCTION_WORDS
        | lx.MONTHS_AND_DAYS
        | lx.kept_places()
        | safelist.uk_place_words()
        | safelist.proper_not_personal()
    )


def _kept_tokens(text: str, spans: Sequence[Span], common, lx) -> tuple[dict[str, int], list]:
    """Counts of kept tokens that could be personal, and where the words among them are."""
    from uofclean.redact import safelist

    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    one_case = _one_case(text)
    out = dict.fromkeys(
        ("kept_name_word", "kept_capitalised", "kept_code", "kept_address_word", "kept_phrase"), 0
    )
    where: list[tuple[int, int]] = []
    previous_named = False  # the kept token before this one was written as a name
    run: list[str] = []  # kept capitalised words in a row ("Audley Range", "Elms Village")
    for m in TOKEN.finditer(text):
        if any(covered[m.start() : m.end()]):
            previous_named = False
            out["kept_phrase"] += _phrase(run)
            run = []
            continue
        token = m.group()
        low = token.lower().removesuffix("'s").removesuffix("’s")
        written_as_name = token[:1].isupper() and not _sentence_start(text, m.start())
        if token[:1].isupper() and not one_case and text[m.end() : m.end() + 1] in (" ", ""):
            run.append(low)
        else:
            out["kept_phrase"] += _phrase(run + ([low] if token[:1].isupper() else []))
            run = []
        if any(c.isdigit() for c in token):
            if any(c.isalpha() for c in token) or previous_named:
                out["kept_code"] += 1
            previous_named = False
            continue
        previous_named = written_as_name and not one_case
        if len(low) < 3 or not (written_as_name or one_case):
            continue
        if low in address_words() and not (one_case and low in common):
            out["kept_address_word"] += 1
            where.append(m.span())
        elif low in _not_personal():
            continue
        elif lx.is_name_word(low) and not (one_case and low in common):
            # "Shaw", "Sam": a name even where it is a word too, when written as one
            out["kept_name_word"] += 1
            where.append(m.span())
        elif low not in common and safelist.word_safety(token) != 2:  # "COLLEAGUE" is English
            out["kept_capitalised"] += 1
            where.append(m.span())
    out["kept_phrase"] += _phrase(run)
    return out, where


def _phrase(words: list[str]) -> int:
    """1 for two or more capitalised words in a row of which one could name someone or
    somewhere private (not a town, a police word or a nationality)."""
    return int(len(words) >= 2 and any(w not in _not_personal() for w in words))


def _sentence_start(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?:;\n-\"'("


def _one_case(text: str) -> bool:
    """Typed all in capitals or all in lower case: case tells names from words no more."""
    letters = _LETTER.findall(text)
    if len(letters) <= 20:
        return False
    upper = sum(c.isupper() for c in letters) / len(letters)
    return upper > 0.7 or upper < 0.01


def rank(risks: Sequence[Risk]) -> list[int]:
    """Indices of the records, highest risk first; ties keep the file's order."""
    return sorted(range(len(risks)), key=lambda i: (-risks[i].score, i))
