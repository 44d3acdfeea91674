"""Which values of a column occur more than once, found by sorting rather than hashing.

polars' is_duplicated and min().over() build hash tables of some 200 bytes a row, held until
the allocator gives them back: on a file's key columns (dedupe's, validation's RecordIDs) that
was the largest thing in memory. A sort needs a few bytes a row; the grouping that follows
then runs on the few rows that repeat.
"""

from __future__ import annotations

import polars as pl


def repeated(values: pl.Series) -> pl.Series:
    """True where a (non-null) value occurs more than once in `values`."""
    order = values.arg_sort(nulls_last=True)
    ranked = values.gather(order)
    twin = ranked.is_not_null() & ((ranked == ranked.shift(1)) | (ranked == ranked.shift(-1)))
    flags = pl.repeat(False, len(values), dtype=pl.Boolean, eager=True)
    return flags.scatter(order, twin.fill_null(False))
