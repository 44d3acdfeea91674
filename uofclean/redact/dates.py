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
