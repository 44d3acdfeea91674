"""The typed result of validation, which every output format renders."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from uofclean.findings import Finding


@dataclass
class ValidationReport:
    file: str
    schema: str
    rows: int
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    encoding: str | None = None
    sha256: str | None = None
    tool: str = "validate"  # the command whose findings these are (scan renders them too)
    scope: str | None = None  # what was checked, for the text heading; default: the schema

    @property
    def valid(self) -> bool:
        return not self.errors

    def counts_by_check(self) -> dict[str, int]:
        return dict(sorted(Counter(f.check for f in self.errors + self.warnings).items()))

    def to_dict(self) -> dict:
        return {
            "valid": self.valid,
            "rows": self.rows,
            "errors": [f.to_dict() for f in self.errors],
            "warnings": [f.to_dict() for f in self.warnings],
            "counts": self.counts_by_check(),
            "file": self.file,
            "schema": self.schema,
            "encoding": self.encoding,
            "sha256": self.sha256,
        }
