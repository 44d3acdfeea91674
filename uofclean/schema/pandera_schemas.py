"""pandera schemas for the extract and the release, generated from the one column definition.

Every column is text (values are never coerced: coercion hides bad values); each column's
vocabulary or format is a pandera check. Cross-column rules live in uofclean.validate.rules.
"""

from __future__ import annotations

from functools import cache

import pandera.polars as pa
import polars as pl

from uofclean.schema.columns import (
    QUASI_IDENTIFIERS,
    SUPPRESSED,
    VALUE_VARIANTS,
    ColumnSpec,
    column_specs,
    values,
)

# Formats; a date that matches its pattern can still be unreal (2020-02-30): checked in rules.
PATTERNS = {
    "date": r"^\d{4}-\d{2}-\d{2}$",
    "time": r"^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$",
    "datetime": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2})?$",
    "count": r"^\d{1,2}$",
    "serial": r"^[A-Z]\d{8}$",
}
PSEUDONYM = r"^[0-9a-f]{16}$"  # keyed pseudonym (uofclean.keys.pseudonym) in a release


def allowed_values(spec: ColumnSpec, schema: str) -> list[str]:
    """The closed value set of a vocabulary column, blank included."""
    assert spec.vocabulary
    allowed = [*values(spec.vocabulary), ""]
    allowed += list(VALUE_VARIANTS.get(spec.vocabulary, {}))  # warned about, not errors
    if schema == "published" and spec.name in QUASI_IDENTIFIERS:
        allowed.append(SUPPRESSED)
    return allowed


def _checks(spec: ColumnSpec, schema: str) -> list[pa.Check]:
    if spec.kind in ("vocab", "yes_no"):
        return [pa.Check.isin(allowed_values(spec, schema), name=spec.kind)]
    if spec.kind == "open_vocab":
        return []  # an unfamiliar MainDuty is a warning, reported by the rules
    pattern = PATTERNS.get(spec.kind)
    if spec.kind == "serial" and schema == "published":
        pattern = f"(?:{PATTERNS['serial']})|(?:{PSEUDONYM})"
    if pattern:
        return [pa.Check.str_matches(f"^$|{pattern}", name=spec.kind)]
    return []


@cache
def schema_for(schema: str = "extract") -> pa.DataFrameSchema:
    """The pandera schema of an extract ("extract") or a release ("published")."""
    columns = {
        spec.name: pa.Column(pl.Utf8, checks=_checks(spec, schema), nullable=True, required=False)
        for spec in column_specs(schema)
    }
    return pa.DataFrameSchema(columns, name=f"uofclean-{schema}", strict=False, coerce=False)
