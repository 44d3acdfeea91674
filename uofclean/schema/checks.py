"""Per-column value checks (vocabularies and formats) as plain data and polars expressions.

The pandera schemas (uofclean.schema.pandera_schemas) are built from these same definitions;
validation runs them directly as polars expressions, so it need not import pandera (and pandas
with it) on every run.
"""

from __future__ import annotations

import polars as pl

from uofclean.schema.columns import (
    QUASI_IDENTIFIERS,
    SUPPRESSED,
    VALUE_VARIANTS,
    ColumnSpec,
    values,
)

# Formats; a date that matches its pattern can still be unreal (2020-02-30): checked in rules.
# Digits are ASCII only: the regex engines' \d also takes other scripts' digits ("٣", "２").
# Years 1900-2099: year 0 or 9999 parses as a date, but no incident, form or birth has one.
_YEAR = r"(?:19|20)[0-9]{2}"
PATTERNS = {
    "date": rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}$",
    "time": r"^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?$",
    "datetime": rf"^{_YEAR}-[0-9]{{2}}-[0-9]{{2}}[T ][0-9]{{2}}:[0-9]{{2}}(?::[0-9]{{2}})?$",
    "count": r"^[0-9]{1,2}$",
    "serial": r"^[A-Z][0-9]{8}$",
}
PSEUDONYM = r"^[0-9a-f]{16}$"  # keyed pseudonym (uofclean.keys.pseudonym) in a release
PATTERNS["pseudonym"] = PSEUDONYM


def allowed_values(spec: ColumnSpec, schema: str) -> list[str]:
    """The closed value set of a vocabulary column, blank included."""
    assert spec.vocabulary
    allowed = [*values(spec.vocabulary), ""]
    allowed += list(VALUE_VARIANTS.get(spec.vocabulary, {}))  # warned about, not errors
    if schema == "published" and spec.name in QUASI_IDENTIFIERS:
        allowed.append(SUPPRESSED)
    return allowed


def value_pattern(spec: ColumnSpec, schema: str) -> str | None:
    """The regular expression a value of a formatted column must match (blank allowed)."""
    pattern = PATTERNS.get(spec.kind)
    if spec.kind == "serial" and schema == "published":
        pattern = f"(?:{PATTERNS['serial']})|(?:{PSEUDONYM})"
    return f"^$|{pattern}" if pattern else None


def value_ok(spec: ColumnSpec, schema: str, value: pl.Expr) -> pl.Expr | None:
    """True where `value` passes the column's check (the same test as its pandera Check);
    None for columns without one."""
    if spec.kind in ("vocab", "yes_no"):
        return value.is_in(allowed_values(spec, schema))
    pattern = value_pattern(spec, schema)
    return None if pattern is None else value.str.contains(pattern)
