"""Findings: what a check says about a row, a column or the file, with personal values masked."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from uofclean.schema.columns import PUBLISHED_COLUMNS, canonical_name, column_specs

Severity = Literal["error", "warning"]

# Values are shown only for published columns with a closed shape (vocabularies, flags, dates,
# counts). Free text, identifiers, the Taser serial and any unknown column are always masked:
# an unexpected column may hold anything.
_SHOWABLE = frozenset(
    s.name for s in column_specs("published") if s.kind not in {"serial", "text", "id"}
) & frozenset(PUBLISHED_COLUMNS)
_MAX_VALUE = 80


def showable(column: str | None) -> bool:
    """Whether a value of this column may appear in a finding, a log or a report."""
    return column is not None and canonical_name(column) in _SHOWABLE


@dataclass(frozen=True)
class Finding:
    check: str  # short rule id, e.g. "vocabulary", "tactic-gap", "ragged-row"
    message: str  # one sentence for a person; never contains a masked value
    row: int | None = None  # 1-based data record number; None for file-level findings
    column: str | None = None
    value: str | None = None  # None when masked or not applicable
    line: int | None = None  # physical line in the file, where known
    severity: Severity = "error"

    def to_dict(self) -> dict:
        return asdict(self)


def finding(
    check: str,
    message: str,
    *,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    line: int | None = None,
    severity: Severity = "error",
) -> Finding:
    """Build a finding, masking the value unless its column is safe to show."""
    if value is not None and not showable(column):
        value = None
    if value is not None and len(value) > _MAX_VALUE:
        value = value[:_MAX_VALUE] + "…"
    return Finding(check, message, row, column, value, line, severity)
