"""Which columns the leak gate reads, and what it ignores."""

from __future__ import annotations

import re

import polars as pl

from uofclean.schema.columns import (
    CED_SERIAL_COLUMN,
    FREE_TEXT_COLUMNS,
    PUBLISHED_COLUMNS,
    canonical_name,
)

# Replacement markers written by redact: [PERSON], [PHONE:3f2a9c1e0b] ...
MARKER = re.compile(r"\[[A-Z_]+(?::[0-9a-f]+)?\]")
PSEUDONYM_COLUMNS = frozenset({"IncidentKey", CED_SERIAL_COLUMN})


def scan_columns(frame: pl.DataFrame) -> list[str]:
    """The extract's free-text columns where present; otherwise every text column that is not a
    published vocabulary or a pseudonym column (borough names are not personal)."""
    free = [c for c in FREE_TEXT_COLUMNS if c in frame.columns]
    if free:
        return free
    published = set(PUBLISHED_COLUMNS)
    return [
        c
        for c in frame.columns
        if canonical_name(c) not in published
        and c not in PSEUDONYM_COLUMNS
        and frame.schema[c] == pl.Utf8
    ]


def hide_markers(text: str) -> str:
    """Hide replacement markers behind a filler no recognizer reads as a word, a space or a
    digit (same length, so offsets still point into the text)."""
    return MARKER.sub(lambda m: "\u2588" * len(m.group()), text)
