"""Redact a file chunk by chunk, on the local worker pool or on Dask, with memory flat in the
size of the file: only the incident lists (four short columns) are held for the whole file."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from uofclean.errors import IntegrityError, OptionError
from uofclean.io.chunks import Chunk, ChunkedTable
from uofclean.io.writer import CsvStyle, csv_sink, lines_sink
from uofclean.redact import batch
from uofclean.redact.context import incident_lists
from uofclean.redact.operators import Replacer
from uofclean.redact.pipeline import (
    CHUNK_ROWS,
    DetectionRunner,
    _detector_info,
    add_counts,
    counts_by_type,
    record_audit,
    redact_chunks,
)

ENGINES = ("local", "dask")
_INCIDENT_SOURCES = ("IncidentRef", "OfficerName", "OfficerID", "SubjectName")


@dataclass
class Settings:
    """How a run redacts and which engine runs it."""

    spec: batch.RedactSpec
    engine: str = "local"
    jobs: int | None = None
    scheduler: str | None = None
    progress: bool = False

    def __post_init__(self) -> None:
        if self.engine not in ENGINES:
            raise OptionError(f"--engine must be one of {', '.join(ENGINES)}")
        if self.scheduler and self.engine != "dask":
            raise OptionError("--scheduler needs --engine dask")
        Replacer(self.spec.operator, self.spec.key)  # a bad operator or no key: before work


@dataclass
class RedactTotals:
    rows: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def by_type(self) -> dict[str, int]:
        return counts_by_type(self.counts)


def kept_chunks(
    table: ChunkedTable,
    keep: pl.Series | None,
    columns: list[str] | None = None,
    rows: int = CHUNK_ROWS,
) -> Iterator[Chunk]:
    """The table's chunks, only the rows `keep` marks (all without it), renumbered so that
    chunk.start counts kept rows."""
    if keep is None:
        yield from table.chunks(columns, rows=rows)
        return
    start = 0
    for chunk in table.chunks(columns, rows=rows):
        mask = keep.slice(chunk.start, chunk.frame.height)
        frame = chunk.frame.filter(mask)
        if frame.height:
            yield Chunk(frame, start)
            start += frame.height


def incidents_of(table: ChunkedTable, keep: pl.Series | None = None) -> pl.DataFrame | None:
    """The incident lists of the (kept) rows: one pass over four columns."""
    if "IncidentRef" not in table.columns:
        return None
    wanted = [c for c in _INCIDENT_SOURCES if c in table.columns]
    frames = [c.frame for c in kept_chunks(table, keep, wanted)]
    if not frames:
        return None
    return incident_lists(pl.concat(frames))


@contextlib.contextmanager
def redacted(
    table: ChunkedTable,
    settings: Settings,
    *,
    keep: pl.Series | None = None,
    rows: int | None = None,
) -> Iterator[Iterator[tuple[Chunk, batch.RedactedBatch]]]:
    """The (kept) rows of the table, redacted chunk by chunk, in order, by the engine the
    settings name."""
    incidents = incidents_of(table, keep)
    total = table.rows if rows is None else rows
    if settings.engine == "dask":
        from uofclean.engines.dask import dask_redacted

        with dask_redacted(table, settings, keep=keep, incidents=incidents) as results:
            yield results
        return
    with DetectionRunner(ner=settings.spec.ner, jobs=settings.jobs, rows=total) as runner:
        yield redact_chunks(
            kept_chunks(table, keep),
            settings.spec,
            runner,
            incidents=incidents,
            rows=total,
            progress=settings.progress,
        )


def redact_file(
    table: ChunkedTable,
    output: str | Path,
    settings: Settings,
    *,
    style: CsvStyle,
    audit: str | Path | None = None,
) -> dict:
    """`uofclean redact` over a whole file: the output CSV (and audit log) written as the
    chunks come back; returns the report."""
    totals = RedactTotals()
    with (
        csv_sink(output, table.as_written(_empty(table)).columns, style=style) as sink,
        lines_sink(audit) as log,
        redacted(table, settings) as results,
    ):
        for chunk, result in results:
            sink.write(table.as_written(result.frame))
            totals.rows += result.frame.height
            add_counts(totals.counts, result.counts)
            for entry in result.audit:
                log(json.dumps(record_audit(entry, chunk.start)))
        if totals.rows != table.rows:
            raise IntegrityError("rows in != rows out")
    for column in settings.spec.columns:
        totals.counts.setdefault(column, {})
    return {
        "file": table.path,
        "sha256": table.sha256,
        "rows": table.rows,
        "columns": list(settings.spec.columns),
        "operator": settings.spec.operator,
        "engine": settings.engine,
        "detector": _detector_info(settings.spec.ner),
        "entities_by_type": totals.by_type(),
        "entities_by_column": {c: totals.counts[c] for c in settings.spec.columns},
    }


def _empty(table: ChunkedTable) -> pl.DataFrame:
    return pl.DataFrame(schema={c: pl.Utf8 for c in table.columns})


def scan_file(
    table: ChunkedTable,
    columns: list[str] | None,
    *,
    ner: bool,
    jobs: int | None,
    progress: bool,
):
    """`uofclean scan` over a whole file, chunk by chunk: only the scanned columns are read
    and only the findings are kept."""
    from uofclean.redact.pipeline import ScanResult, scan_chunks, scan_finding
    from uofclean.redact.scan import scan_columns

    chosen = columns or scan_columns(_empty(table))
    found: list[tuple[int, str, list[str]]] = []
    with DetectionRunner(ner=ner, jobs=jobs, rows=table.rows) as runner:
        chunks = table.chunks(chosen, rows=CHUNK_ROWS)
        for chunk, cells in scan_chunks(chunks, chosen, runner, rows=table.rows, progress=progress):
            found += [(chunk.start + r, c, k) for r, c, k in cells]
    order = {c: i for i, c in enumerate(chosen)}
    found.sort(key=lambda cell: (order[cell[1]], cell[0]))
    findings = [scan_finding(table.record_of(r), c, k) for r, c, k in found]
    return ScanResult(
        findings, table.rows, chosen, _detector_info(ner), [(r, c) for r, c, _ in found]
    )
