"""pandera schemas for the extract and the release, generated from the one column definition.

Every column is text (values are never coerced: coercion hides bad values); each column's
vocabulary or format is a pandera check. Cross-column rules live in uofclean.validate.rules.
"""

from __future__ import annotations

from functools import cache

import pandera.polars as pa
import polars as pl

from uofclean.schema.checks import PATTERNS, PSEUDONYM, allowed_values, value_pattern
from uofclean.schema.columns import ColumnSpec, column_specs

__all__ = ["PATTERNS", "PSEUDONYM", "allowed_values", "schema_for"]


def _checks(spec: ColumnSpec, schema: str) -> list[pa.Check]:
    if spec.kind in ("vocab", "yes_no"):
        return [pa.Check.isin(allowed_values(spec, schema), name=spec.kind)]
    if spec.kind == "open_vocab":
        return []  # an unfamiliar MainDuty is a warning, reported by the rules
    pattern = value_pattern(spec, schema)
    return [pa.Check.str_matches(pattern, name=spec.kind)] if pattern else []


@cache
def schema_for(schema: str = "extract") -> pa.DataFrameSchema:
    """The pandera schema of an extract ("extract") or a release ("published")."""
    columns = {
        spec.name: pa.Column(pl.Utf8, checks=_checks(spec, schema), nullable=True, required=False)
        for spec in column_specs(schema)
    }
    return pa.DataFrameSchema(columns, name=f"uofclean-{schema}", strict=False, coerce=False)
