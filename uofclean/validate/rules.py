"""The rules of extract-format.md as vectorised polars expressions: one finding per broken rule
per row, naming the first column that breaks it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import lru_cache

import numpy as np
import polars as pl

from uofclean.schema import columns as cols
from uofclean.schema.checks import PATTERNS

CED_TACTIC_PREFIX = "CED (Taser)"
CED_FIRED_TACTIC = "CED (Taser) Fired"


def text(column: str) -> pl.Expr:
    """A column's values as text, null as blank, whether it was read as text or as categories
    (Table.compact_frame)."""
    return pl.col(column).cast(pl.String).fill_null("")


def is_blank(value: pl.Expr) -> pl.Expr:
    return value.str.strip_chars() == ""


def _is_filled(value: pl.Expr) -> pl.Expr:
    return value.str.strip_chars() != ""


def _filled(column: str) -> pl.Expr:
    return _is_filled(text(column))


def where(frame: pl.DataFrame, column: str, test: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """test applied to the column's text (null as blank). A column held as categories is
    tested once per distinct value, not once per row; the result is the same."""
    series = frame.get_column(column)
    if series.dtype != pl.Categorical:
        return test(text(column))
    distinct = series.unique().cast(pl.String).drop_nulls()
    values = pl.concat([pl.Series("v", [""], dtype=pl.String), distinct.rename("v")])
    verdicts = values.to_frame().select(test(pl.col("v")).fill_null(False)).to_series()
    return pl.col(column).is_in(values.filter(verdicts).implode()).fill_null(bool(verdicts[0]))


def _first_true(flags: list[tuple[str, pl.Expr]]) -> pl.Expr:
    """The name of the first column whose flag is true, else null."""
    if not flags:
        return pl.lit(None, dtype=pl.Utf8)
    return pl.coalesce([pl.when(flag).then(pl.lit(name, dtype=pl.Utf8)) for name, flag in flags])


def rule_columns(frame: pl.DataFrame) -> dict[str, pl.Expr]:
    """check id -> expression giving, per row, the column that breaks the rule (or null)."""
    return dict(_rule_columns(tuple(frame.columns)))


# Built once per set of columns: a file checked chunk by chunk would otherwise build these
# few thousand expressions again for every chunk (a fifth of a second each time).
@lru_cache(maxsize=16)
def _rule_columns(columns: tuple[str, ...]) -> dict[str, pl.Expr]:
    present = set(columns)
    tactics = [c for c in cols.TACTIC_COLUMNS if c in present]
    rules: dict[str, pl.Expr] = {}
    if tactics:
        # A gap: Tactic N blank while a later tactic is filled.
        later_filled = [
            pl.any_horizontal([_filled(t) for t in tactics[i + 1 :]])
            if i + 1 < len(tactics)
            else pl.lit(False)
            for i in range(len(tactics))
        ]
        rules["tactic-gap"] = _first_true(
            [(t, ~_filled(t) & later) for t, later in zip(tactics, later_filled, strict=True)]
        )
        pairs = [
            (t, e)
            for t, e in zip(cols.TACTIC_COLUMNS, cols.EFFECTIVE_COLUMNS, strict=True)
            if t in present and e in present
        ]
        rules["effective-without-tactic"] = _first_true(
            [(e, _filled(e) & ~_filled(t)) for t, e in pairs]
        )
        any_ced = pl.any_horizontal(
            [text(t).str.strip_chars().str.starts_with(CED_TACTIC_PREFIX) for t in tactics]
        )
        fired = pl.any_horizontal([text(t).str.strip_chars() == CED_FIRED_TACTIC for t in tactics])
        ced_cols = [c for c in cols.CED_COLUMNS if c in present]
        rules["ced-without-tactic"] = pl.when(~any_ced).then(
            _first_true([(c, _filled(c)) for c in ced_cols])
        )
        if "CED Fired" in present:
            rules["ced-fired-without-tactic"] = pl.when(
                (text("CED Fired").str.strip_chars() == "Yes") & ~fired
            ).then(pl.lit("CED Fired"))
    return rules


def suspect_rows(frame: pl.DataFrame) -> pl.Series:
    """The rows where some rule of rule_columns may give a column (and a few others), so that
    those chains of conditions need only run on a handful of rows. Cheap screens: a tactic
    blank with the next filled, an Effective filled with its tactic blank, a CED column not
    empty with no CED tactic, CED Fired Yes with no 'CED (Taser) Fired' tactic. Each kind of
    column is looked at stacked as one long column (one pass over the 20 tactics, not an
    expression per column: 50 ms a chunk of 10,000 rows down to a few), and the rows are
    found from the stack by numpy."""
    present = set(frame.columns)
    tactics = [c for c in cols.TACTIC_COLUMNS if c in present]
    none = pl.Series("i", [], dtype=pl.UInt32)
    if not tactics or not frame.height:
        return none
    height = frame.height
    pairs = [
        (t, e)
        for t, e in zip(cols.TACTIC_COLUMNS, cols.EFFECTIVE_COLUMNS, strict=True)
        if t in present and e in present
    ]
    stack = _stacked(frame, tactics)
    filled, ced, fired = _trimmed_tests(
        stack,
        len(tactics),
        lambda v: v != "",
        lambda v: v.str.starts_with(CED_TACTIC_PREFIX),
        lambda v: v == CED_FIRED_TACTIC,
    )
    # Some tactic blank with a later one filled <=> some tactic blank with the next filled.
    screen = (~filled[:-1] & filled[1:]).any(axis=0)
    if pairs:
        place = {t: k for k, t in enumerate(tactics)}
        stack = _stacked(frame, [e for _, e in pairs])
        (effective,) = _trimmed_tests(stack, len(pairs), lambda v: v != "")
        screen |= (effective & ~filled[[place[t] for t, _ in pairs]]).any(axis=0)
    ced_cols = [c for c in cols.CED_COLUMNS if c in present]
    if ced_cols:
        # A filled value is never empty; an empty value costs nothing to spot.
        in_ced = (_stacked(frame, ced_cols) != "").to_numpy().reshape(len(ced_cols), height)
        screen |= ~ced.any(axis=0) & in_ced.any(axis=0)
    if "CED Fired" in present:
        stack = _stacked(frame, ["CED Fired"])
        (said,) = _trimmed_tests(stack, 1, lambda v: v == "Yes")
        screen |= ~fired.any(axis=0) & said[0]
    return pl.Series("i", np.flatnonzero(screen).astype(np.uint32), dtype=pl.UInt32)


def _trimmed_tests(
    stack: pl.Series, columns: int, *tests: Callable[[pl.Series], pl.Series]
) -> list[np.ndarray]:
    """Each test of the stacked values trimmed, as a (columns, rows) array; false on empty
    values (every test here is), which are most of them and are never trimmed (trimming
    costs ~35 ns a value)."""
    at = np.flatnonzero((stack != "").to_numpy())
    trimmed = stack.gather(at).str.strip_chars()
    out = []
    for test in tests:
        verdict = np.zeros(len(stack), dtype=bool)
        verdict[at] = test(trimmed).to_numpy()
        out.append(verdict.reshape(columns, len(stack) // columns))
    return out


def _stacked(frame: pl.DataFrame, columns: list[str]) -> pl.Series:
    """The columns' text (null as blank) one after another, as one long column (a Series'
    fill_null runs a query of its own: only where there are nulls)."""
    pieces = []
    for name in columns:
        column = frame.get_column(name)
        if column.dtype != pl.String:
            column = column.cast(pl.String)
        pieces.append(column.fill_null("") if column.null_count() else column)
    return pl.concat(pieces, rechunk=False)


def unreal_dates(column: str, kind: str, first_format_only: bool = False) -> pl.Expr:
    """Values that match the date/time format but are not real (2020-02-30, 24:00). With
    first_format_only, a datetime is tried with the first format alone: true on every row the
    full test is true on, and on the (few) rows written in another format."""
    value = text(column).str.strip_chars()
    if kind == "date":
        parsed = value.str.to_date("%Y-%m-%d", strict=False)
        shape = value.str.contains(PATTERNS["date"])
    elif kind == "datetime":
        formats = ("%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")
        parsed = pl.coalesce(
            [
                value.str.to_datetime(f, strict=False)
                for f in (formats[:1] if first_format_only else formats)
            ]
        )
        # the whole format, so that a value of another shape (an offset, say) is reported
        # once, as not a valid datetime, and not again as not a real one
        shape = value.str.contains(PATTERNS["datetime"])
    else:
        return pl.lit(False)
    return shape & parsed.is_null()


def outside_period(column: str, period: tuple[date, date]) -> pl.Expr:
    parsed = text(column).str.strip_chars().str.to_date("%Y-%m-%d", strict=False)
    return parsed.is_not_null() & ((parsed < period[0]) | (parsed > period[1]))


def row_indices(frame: pl.DataFrame, mask: pl.Expr) -> list[int]:
    return frame.select(mask.fill_null(False).arg_true())[:, 0].to_list() if frame.height else []


def rows_with_column(frame: pl.DataFrame, expr: pl.Expr) -> Iterator[tuple[int, str]]:
    out = frame.select(pl.int_range(pl.len()).alias("i"), expr.alias("c")).filter(
        pl.col("c").is_not_null()
    )
    yield from out.iter_rows()
