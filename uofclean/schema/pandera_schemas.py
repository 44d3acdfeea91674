"""pandera schemas for the extract and the release, generated from the one column definition.

Every column is text (values are never coerced: coercion hides bad values); each column's
vocabulary or format is a pandera check. Cross-column rules live in uofclean.validate.rules.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import sys
from functools import cache
from typing import TYPE_CHECKING

import polars as pl

from uofclean.schema.checks import PATTERNS, PSEUDONYM, allowed_values, value_pattern
from uofclean.schema.columns import ColumnSpec, column_specs


class _NoPandas(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("No module named 'pandas'", name="pandas")
        return None


@contextlib.contextmanager
def pandas_hidden():
    """pandera's polars API needs no pandas, but pandera imports pandas whenever it is installed
    (0.6 s, on import and on its first validation; here pandas is only a dev tool, the
    benchmark's baseline). Hide it, as on a user's machine, where it is not installed."""
    if "pandas" in sys.modules:
        yield
        return
    finder = _NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _import_pandera_polars():
    with pandas_hidden():
        return importlib.import_module("pandera.polars")


if TYPE_CHECKING:
    import pandera.polars as pa
else:
    pa = _import_pandera_polars()


__all__ = [
    "PATTERNS",
    "PSEUDONYM",
    "allowed_values",
    "columns_schema",
    "failing_cells",
    "schema_for",
]


def _checks(spec: ColumnSpec, schema: str) -> list[pa.Check]:
    if spec.kind in ("vocab", "yes_no"):
        return [pa.Check.isin(allowed_values(spec, schema), name=spec.kind)]
    if spec.kind == "open_vocab":
        return []  # an unfamiliar MainDuty is a warning, reported by the rules
    pattern = value_pattern(spec, schema)
    return [pa.Check.str_matches(pattern, name=spec.kind)] if pattern else []


def _column(spec: ColumnSpec, schema: str) -> pa.Column:
    return pa.Column(pl.Utf8, checks=_checks(spec, schema), nullable=True, required=False)


@cache
def schema_for(schema: str = "extract") -> pa.DataFrameSchema:
    """The pandera schema of an extract ("extract") or a release ("published")."""
    columns = {spec.name: _column(spec, schema) for spec in column_specs(schema)}
    return pa.DataFrameSchema(columns, name=f"uofclean-{schema}", strict=False, coerce=False)


@cache
def columns_schema(schema: str, columns: tuple[str, ...]) -> pa.DataFrameSchema:
    """The pandera schema of some columns, to check the few rows a screen picked out."""
    specs = {s.name: s for s in column_specs(schema)}
    return pa.DataFrameSchema({c: _column(specs[c], schema) for c in columns}, coerce=False)


def failing_cells(schema: str, frame: pl.DataFrame) -> dict[str, list[int]]:
    """Column -> row positions in `frame` that fail the column's pandera check (lazy: all)."""
    try:
        with pandas_hidden():
            columns_schema(schema, tuple(frame.columns)).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.filter(pl.col("index").is_not_null())
        out: dict[str, list[int]] = {}
        for column, index in zip(cases["column"], cases["index"], strict=True):
            out.setdefault(column, []).append(int(index))
        return {c: sorted(set(v)) for c, v in out.items()}
    return {}
