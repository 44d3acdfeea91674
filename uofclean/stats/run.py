"""From a file to suppressed, audited tables: read, dedupe (an extract, as publish does), pick
the period's rows, count, suppress and audit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polars as pl

from uofclean.dedupe import REQUIRED as DEDUPE_REQUIRED
from uofclean.dedupe import find_duplicates
from uofclean.errors import InputError, OptionError
from uofclean.io import read_table
from uofclean.schema.columns import layout as layout_of
from uofclean.stats.relations import relations
from uofclean.stats.rounding import METHODS, MIN_COUNT
from uofclean.stats.spec import exempt_tables
from uofclean.stats.suppress import suppress
from uofclean.stats.tables import TableSet, build_tables
from uofclean.stats.units import read_columns
from uofclean.stats.write import Period, Release


def parse_period(text: str | None, option: str) -> tuple[date, date] | None:
    if not text:
        return None
    try:
        start, end = (date.fromisoformat(p.strip()) for p in text.split(":"))
    except ValueError:
        raise OptionError(
            f"{option} must be START:END in ISO dates (2020-04-01:2021-03-31), not {text!r}"
        ) from None
    if end < start:
        raise OptionError(f"{option} ends before it starts")
    return start, end


def load_rows(path: str, encoding: str | None = None) -> tuple[pl.DataFrame, str, dict]:
    """The rows to count: an extract deduplicated first; a release as it is. Only the columns
    the tables and dedupe use are read (the reader may give more: then they are all there, so
    a row blank in every column held is an empty record)."""
    wanted = [*read_columns(), *DEDUPE_REQUIRED]
    table = read_table(path, encoding=encoding, compact=False, columns=wanted)
    table.require_rectangular()
    kind = layout_of(table.header)
    if kind is None:
        raise InputError(
            "neither an extract (RecordID, IncidentRef...) nor a release (the published columns)",
            path=table.path,
            line=1,
        )
    info = {"file": table.path, "sha256": table.sha256, "layout": kind, "rows_in": table.rows}
    frame = table.frame
    if kind == "extract":
        table.require_columns(list(DEDUPE_REQUIRED))
        dupes = find_duplicates(frame, suspects=False)
        frame = dupes.kept_frame(frame)
        info["duplicates_removed"] = dupes.removed.height
    return frame, kind, info


def in_period(frame: pl.DataFrame, period: tuple[date, date] | None) -> pl.DataFrame:
    """Rows whose IncidentDate (an ISO date, or a month where the profile kept only months)
    falls in the period."""
    if period is None:
        return frame
    if "IncidentDate" not in frame.columns:
        raise InputError("no IncidentDate column to pick a period's rows by")
    text = pl.col("IncidentDate").cast(pl.Utf8).fill_null("").str.strip_chars()
    day = pl.coalesce(
        text.str.slice(0, 10).str.to_date("%Y-%m-%d", strict=False),
        (text.str.slice(0, 7) + "-01").str.to_date("%Y-%m-%d", strict=False),
    )
    start, end = period
    return frame.filter(day.is_between(pl.lit(start), pl.lit(end)))


def tabulate(
    frame: pl.DataFrame,
    kind: str,
    *,
    unit: str,
    min_count: int,
    name: str,
    label: str,
    start: date | None = None,
    method: str = "suppress",
    exempt: tuple[str, ...] = (),
) -> Period:
    tables = build_tables(frame, unit, kind)
    rel = relations(tables)
    sup = suppress(
        tables.values,
        tables.subjects,
        rel.equal,
        rel.upper,
        rel.lines,
        min_count=min_count,
        primary_max=min_count - 1,
        capped=capped(tables),
        exempt=tables.keys_of(exempt),
        method=method,
    )
    return Period(name, tables, sup, label, f"{start:%Y-%m}" if start else None)


def capped(tables: TableSet) -> set:
    """The figures a reader knows are under min_count when hidden: a count of subjects (or of
    incidents, each having one subject or more) covering fewer than min_count subjects. Not
    so a count of reports (one subject's many forms), nor a sum of tactics."""
    if tables.unit == "report":
        return set()
    return {k for k in tables.values if k[0] == "units"}


def make_release(
    path: str,
    *,
    unit: str = "report",
    min_count: int | None = None,
    period: str | None = None,
    previous: str | None = None,
    previous_file: str | None = None,
    encoding: str | None = None,
    rows: tuple[pl.DataFrame, str, dict] | None = None,
    method: str = "suppress",
    exempt: Sequence[str] = (),
) -> Release:
    """The tables of PATH (or of `rows`, already read and deduplicated: publish's), for the
    current period and, where asked, the previous one. min_count: the method's own (10 for
    suppress, 8 for round5) when None; exempt: table ids, or "force" / "national" for the
    tables of the whole area (exempt_tables)."""
    if method not in METHODS:
        raise OptionError(f"--method must be one of {', '.join(METHODS)} (got {method!r})")
    min_count = MIN_COUNT[method] if min_count is None else min_count
    if min_count < 2:
        raise OptionError(f"--min-count must be 2 or more (got {min_count})")
    exempted = exempt_tables(exempt)
    current_range = parse_period(period, "--period")
    previous_range = parse_period(previous, "--previous")
    frame, kind, info = rows if rows is not None else load_rows(path, encoding)
    start = current_range[0] if current_range else None
    if previous_range is not None and previous_file is None and current_range is None:
        # one file holding both years: the current period is everything after the previous
        start = date.fromordinal(previous_range[1].toordinal() + 1)
        current_rows = in_period(frame, (start, date.max))
    else:
        current_rows = in_period(frame, current_range)
    periods = [
        tabulate(
            current_rows,
            kind,
            unit=unit,
            min_count=min_count,
            name="current",
            label=period or (f"after {previous_range[1]}" if previous_range else ""),
            start=start,
            method=method,
            exempt=exempted,
        )
    ]
    if previous_file is not None or previous_range is not None:
        if previous_file is not None:
            pframe, pkind, pinfo = load_rows(previous_file, encoding)
            info["previous"] = pinfo
        else:
            pframe, pkind = frame, kind
        prows = in_period(pframe, previous_range)
        periods.append(
            tabulate(
                prows,
                pkind,
                unit=unit,
                min_count=min_count,
                name="previous",
                label=previous or str(previous_file),
                start=previous_range[0] if previous_range else None,
                method=method,
                exempt=exempted,
            )
        )
    return Release(periods, min_count, info, method, exempted)
