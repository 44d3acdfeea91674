"""validate_table over a file read a chunk of rows at a time, with memory flat in its length.

Each chunk is checked as a table of its own whose rows point at the file's records and lines;
its findings join their groups (core.Groups) after the chunks before it, so the report lists
the findings in the order of a whole-file run. What the header says is taken once. Only the
RecordIDs are kept for the whole file, to find those that repeat.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import polars as pl

from uofclean.io import Table
from uofclean.io.chunks import Chunk, ChunkedTable, open_reading
from uofclean.schema.columns import header_looks_like_data
from uofclean.validate import core
from uofclean.validate.report import ValidationReport


class ChunkedValidation:
    """Add the chunks in file order, then ask for the report."""

    def __init__(self, schema: str = "extract", period: tuple[date, date] | None = None) -> None:
        self.schema = schema
        self.period = period
        self.rows = 0
        self._groups: core.Groups = {}
        self._keys: list[pl.DataFrame] = []
        self._header_checked = False
        self._no_header = False

    def add(self, view: Table, start: int) -> None:
        """One chunk: `view` holds its rows and points at the file's records and lines;
        `start` is the index of its first row among the rows being validated. Raises
        StructureError for a release validated as an extract, as validate_table does."""
        if not self._header_checked:
            core.new_report(view, self.schema)
            self._header_checked = True
            self._no_header = header_looks_like_data(view.header)
            if not self._no_header:
                core.add(self._groups, core.file_groups(view, self.schema))
        self.rows += view.rows
        if self._no_header:
            return
        keys = core.row_groups_into(self._groups, view, self.schema, self.period)
        if keys is not None and keys.height:
            self._keys.append(keys.with_columns(pl.col("i") + start))

    def report(
        self,
        shape: Table,
        record_of: Callable[[int], int],
        line_of: Callable[[int], int],
        *,
        records: int | None = None,
    ) -> ValidationReport:
        """The report on the whole file (`shape`: its header, name, encoding and hash, and
        the records it set aside); record_of and line_of take a row's index among the rows
        added. `records`: the file's records, when not the rows added and those set aside."""
        if not self._header_checked:  # no rows: what the header says still counts
            self.add(shape, 0)
        report = core.new_report(shape, self.schema)
        report.rows = (
            records
            if records is not None
            else self.rows + len(shape.ragged) + len(shape.stray_quotes)
        )
        if self._no_header:
            report.errors = core.no_header()
            return report
        if self._keys:
            keys = pl.concat(self._keys)
            core.add(self._groups, core.duplicate_groups(keys, record_of, line_of))
        return core.finish(report, self._groups)


VALIDATE_ROWS = 10_000  # rows checked at a time: polars' per-call costs stay small beside them


def validate_file(
    path: str | Path,
    schema: str = "extract",
    period: tuple[date, date] | None = None,
    *,
    encoding: str | None = None,
) -> ValidationReport:
    """`uofclean validate` over a file, chunk by chunk: a file that streams is parsed once,
    its chunks checked as the survey reads them; any other file is read whole and checked
    in chunks. Raises InputError for what cannot be read, StructureError as validate_table."""

    def consume(table: ChunkedTable, chunks: Iterator[Chunk]) -> ChunkedValidation:
        validation = ChunkedValidation(schema, period)
        for chunk in chunks:
            validation.add(table.view(chunk), chunk.start)
        return validation

    table, validation = open_reading(path, consume, encoding=encoding, rows=VALIDATE_ROWS)
    return validation.report(table.shape, table.record_of, table.line_of)
