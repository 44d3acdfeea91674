"""The reporting period option: START:END as ISO dates."""

from __future__ import annotations

from datetime import date

from uofclean.errors import OptionError


def parse_period(text: str) -> tuple[date, date]:
    try:
        start, end = (date.fromisoformat(part.strip()) for part in text.split(":"))
    except ValueError:
        raise OptionError(f"--period must be START:END with ISO dates, not {text!r}") from None
    if end < start:
        raise OptionError("--period ends before it starts")
    return start, end
