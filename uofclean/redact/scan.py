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


FILLER = "\u2588"
_VISIBLE = re.compile(f"[^{FILLER}]+")


def outside_hidden(text: str, spans: list) -> list:
    """The parts of spans found in hidden text that are not hidden: "JOHN ████████" found as
    one name is "JOHN"; a span of filler alone is nothing (redaction wrote it)."""
    from uofclean.redact.types import Span

    out = []
    for s in spans:
        value = text[s.start : s.end]
        if FILLER not in value:
            out.append(s)
            continue
        for m in _VISIBLE.finditer(value):
            piece = m.group()
            if not any(c.isalnum() for c in piece):
                continue
            start = s.start + m.start() + (len(piece) - len(piece.lstrip()))
            end = s.start + m.end() - (len(piece) - len(piece.rstrip()))
            out.append(Span(start, end, s.entity, s.score, s.recognizer))
    return out


def hide(text: str, ranges) -> str:
    """Hide what redaction wrote at `ranges` (and any marker) behind the same filler."""
    chars = list(hide_markers(text))
    for a, b in ranges:
        chars[a:b] = FILLER * (b - a)
    return "".join(chars)


def hide_markers(text: str) -> str:
    """Hide replacement markers behind a filler no recognizer reads as a word, a space or a
    digit (same length, so offsets still point into the text)."""
    return MARKER.sub(lambda m: FILLER * len(m.group()), text)
