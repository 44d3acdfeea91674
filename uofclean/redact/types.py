"""The interface between detection and the redact/scan commands."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """One detected personal detail in one text: [start, end) character offsets."""

    start: int
    end: int
    entity: str  # one of uofclean.entities.ENTITY_TYPES
    score: float
    recognizer: str  # which recognizer found it (for the audit log)


def merge_overlapping(spans: list[Span], winner: Callable[[Span, Span], Span]) -> list[Span]:
    """Sorted by start, non-overlapping: spans that overlap become one covering them all (a
    detail is never half-redacted), with the type and recognizer `winner` picks of each pair
    and the higher score."""
    merged: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and s.start < merged[-1].end:
            last = merged[-1]
            won = winner(last, s)
            merged[-1] = Span(
                last.start,
                max(last.end, s.end),
                won.entity,
                max(last.score, s.score),
                won.recognizer,
            )
        else:
            merged.append(s)
    return merged


@dataclass(frozen=True)
class RowContext:
    """What the row's structured columns (and its incident's other forms) say about who is who.

    Every value here is searched for in the row's free text, in all its forms.
    """

    names: tuple[str, ...] = ()  # OfficerName, SubjectName, other officers' names of the incident
    dates_of_birth: tuple[str, ...] = ()  # SubjectDOB (ISO)
    officer_ids: tuple[str, ...] = ()  # OfficerID of this form and of the incident's other forms
    addresses: tuple[str, ...] = ()  # IncidentAddress
    postcodes: tuple[str, ...] = ()  # IncidentPostcode
    references: tuple[str, ...] = ()  # IncidentRef, RecordID
    extra: dict[str, str] = field(default_factory=dict)
