"""Reading the many ways a date is written, for matching a row's DOB against its text."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    )
}


def _year(text: str) -> int:
    y = int(text)
    if len(text) == 2:
        return 1900 + y if y > 30 else 2000 + y
    return y


def parse_date(text: str) -> date | None:
    """Day-first dates in numeric, ISO or month-name forms; None when not a real date."""
    t = text.strip().lower()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", t):
            return date(_year(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{2})(\d{2})(\d{4})", t):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(
            r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\.?,?\s+(\d{2,4})", t
        ):
            return date(_year(m[3]), _MONTHS[m[2]], int(m[1]))
        if m := re.fullmatch(r"([a-z]{3})[a-z]*\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", t):
            return date(int(m[3]), _MONTHS[m[1]], int(m[2]))
    except (ValueError, KeyError):
        return None
    return None


# What says a date is the incident's, not a birth, where no birth cue stands before it: a
# label or a preposition of time before it ("Date: 21.03.09", "On Sat 12th Nov 2011", "Log
# 0412 of 17/03/2011", "DATE=2009-12-24") or a time after it ("11/10/2008 2350", "13/03/09
# 1620", "04/04/09 at 0215hrs"). Back-files hold incidents older than any age cut-off.
# a time of day as officers write it, four digits: "0215", "2350"
HHMM = r"(?:[01]\d|2[0-3])[0-5]\d"
_DAY = r"\s*[:=\-]?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?$"
# a label says so even after a birth named earlier ("DOB 01/02/1980 ... DATE: 21.03.09")
_INCIDENT_LABEL = re.compile(
    r"(?:\b(?:date[ds]?|incident|occurred|dated|d/t)|\d\s+of)" + _DAY, re.IGNORECASE
)
_INCIDENT_WORD = re.compile(
    r"\b(?:on|from|until|between|since|night\s+of|morning\s+of|evening\s+of)" + _DAY,
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"[\s,.;|)-]*(?:at\s+)?(?:approx(?:imately)?\.?\s+)?"
    r"(?:" + HHMM + r"(?!\d)|(?:[01]?\d|2[0-3])[:.][0-5]\d|time\b)",
    re.IGNORECASE,
)


# a birth named earlier in the sentence ("born in a land far away on 22/11/1972")
_BIRTH_BEFORE = re.compile(r"\b(?:born|birth|d\.?o\.?b)\b[^.!?\n]*$", re.IGNORECASE)


def incident_date(text: str, start: int, end: int) -> bool:
    """The date at text[start:end] is written as the incident's: a label before it, or a
    preposition of time or a time after it where no birth is named before it in its sentence
    ("born in a land far away on 22/11/1972")."""
    before = text[max(0, start - 30) : start]
    if "\n" in before:
        before = before[before.rindex("\n") + 1 :]
    if _INCIDENT_LABEL.search(before):
        return True
    if _BIRTH_BEFORE.search(text, max(0, start - 60), start):
        return False
    return bool(_INCIDENT_WORD.search(before) or _TIME_AFTER.match(text, end))
