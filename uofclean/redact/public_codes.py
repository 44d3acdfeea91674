"""Codes that name police vehicles and units, never a person: a call sign or a fleet number
after its cue word ("call sign TN31", "fleet no. MPS 8T42"). Their shapes are those of
postcodes, plates and shoulder numbers, so the rules for those find them; this says where
they stand so that detection leaves them alone."""

from __future__ import annotations

import re
from functools import cache

from uofclean.redact.data import load_words
from uofclean.redact.types import Span


@cache
def _pattern() -> re.Pattern:
    cues = sorted(load_words("vehicle_code_cues"), key=len, reverse=True)
    cue = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues)
    # the code: a force's letters may stand first ("MPS 8T42"); it holds a digit
    code = r"(?:[A-Z]{2,4}[ -])?(?=[A-Za-z]*[-/]?\d)[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)?"
    return re.compile(rf"(?i:\b(?:{cue}))\.?:?\s*({code})(?![\w/-])")


def spans(text: str) -> list[tuple[int, int]]:
    """Where the text's vehicle and unit codes stand."""
    if not re.search(r"(?i)call|c/s|fleet", text):
        return []
    return [m.span(1) for m in _pattern().finditer(text)]


def outside(found: list[Span], codes: list[tuple[int, int]]) -> list[Span]:
    """The spans that are not within one of the codes."""
    if not codes:
        return found
    return [s for s in found if not any(a <= s.start and s.end <= b for a, b in codes)]
