"""Redact a file chunk by chunk, on the local worker pool or on Dask, with memory flat in the
size of the file: only the incident lists (four short columns) are held for the whole file."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from uofclean.errors import IntegrityError, OptionError
from uofclean.io.chunks import Chunk, ChunkedTable
from uofclean.io.writer import CsvStyle, csv_sink, lines_sink
from uofclean.redact import batch, pipeline
from uofclean.redact.context import incident_lists
from uofclean.redact.operators import Replacer
from uofclean.redact.pipeline import (
    DetectionRunner,
    RecordOf,
    _detector_info,
    _runner,
    add_counts,
    counts_by_type,
    record_audit,
    redact_chunks,
)
from uofclean.review.decisions import Decisions, Tally

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
    decided: Tally = field(default_factory=Tally)

    def by_type(self) -> dict[str, int]:
        return counts_by_type(self.counts)


def kept_chunks(
    table: ChunkedTable,
    keep: pl.Series | None,
    columns: list[str] | None = None,
    rows: int | None = None,
) -> Iterator[Chunk]:
    """The table's chunks, only the rows `keep` marks (all without it), renumbered so that
    chunk.start counts kept rows."""
    rows = rows or pipeline.CHUNK_ROWS
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


def kept_records(table: ChunkedTable, keep: pl.Series | None) -> RecordOf:
    """The extract's record number of the i-th (kept) row, which decisions name."""
    if keep is None:
        return table.record_of
    index = keep.arg_true()
    return lambda i: table.record_of(int(index[i]))


def incidents_of(table: ChunkedTable, keep: pl.Series | None = None) -> pl.DataFrame | None:
    """The incident lists of the (kept) rows: one pass over four columns."""
    if "IncidentRef" not in table.columns:
        return None
    return lists_of(incident_sources(table, kept_chunks(table, keep, _sources(table))))


def _sources(table: ChunkedTable) -> list[str]:
    return [c for c in _INCIDENT_SOURCES if c in table.columns]


def incident_sources(table: ChunkedTable, chunks: Iterable[Chunk]) -> pl.DataFrame | None:
    """The four columns the incident lists are made of, of every row of `chunks` (another
    pass's, such as the survey's: see chunks.open_reading); None without an IncidentRef."""
    if "IncidentRef" not in table.columns:
        for _ in chunks:
            pass
        return None
    wanted = _sources(table)
    frames = [c.frame.select(wanted) for c in chunks]
    return pl.concat(frames) if frames else pl.DataFrame(schema={c: pl.Utf8 for c in wanted})


def lists_of(sources: pl.DataFrame | None, keep: pl.Series | None = None) -> pl.DataFrame | None:
    """The incident lists of incident_sources' rows (only those `keep` marks)."""
    if sources is None or not sources.height:
        return None
    return incident_lists(sources if keep is None else sources.filter(keep))


@contextlib.contextmanager
def redacted(
    table: ChunkedTable,
    settings: Settings,
    *,
    keep: pl.Series | None = None,
    rows: int | None = None,
    incidents: pl.DataFrame | None | bool = True,
    runner: DetectionRunner | None = None,
) -> Iterator[Iterator[tuple[Chunk, batch.RedactedBatch]]]:
    """The (kept) rows of the table, redacted chunk by chunk, in order, by the engine the
    settings name. `incidents`: their incident lists when already made (lists_of), True to
    make them here (one pass over four columns); `runner`: the local pool to use (the
    caller's, shared with its other steps), else one is started."""
    if incidents is True:
        incidents = incidents_of(table, keep)
    assert incidents is None or isinstance(incidents, pl.DataFrame)
    records = kept_records(table, keep)
    total = table.rows if rows is None else rows
    if settings.engine == "dask":
        from uofclean.engines.dask import dask_redacted

        with dask_redacted(
            table, settings, keep=keep, incidents=incidents, record_of=records
        ) as results:
            yield results
        return
    with _runner(runner, settings.spec.ner, settings.jobs, total) as pool:
        yield redact_chunks(
            kept_chunks(table, keep),
            settings.spec,
            pool,
            incidents=incidents,
            record_of=records,
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
    incidents: pl.DataFrame | None | bool = True,
) -> dict:
    """`uofclean redact` over a whole file: the output CSV (and audit log) written as the
    chunks come back; returns the report. `incidents`: as redacted's."""
    totals = RedactTotals()
    with (
        csv_sink(output, table.as_written(_empty(table)).columns, style=style) as sink,
        lines_sink(audit) as log,
        redacted(table, settings, incidents=incidents) as results,
    ):
        for chunk, result in results:
            sink.write(table.as_written(result.frame))
            totals.rows += result.frame.height
            add_counts(totals.counts, result.counts)
            totals.decided.add(result.decided)
            for entry in result.audit:
                log(json.dumps(record_audit(entry, chunk.start)))
        if totals.rows != table.rows:
            raise IntegrityError("rows in != rows out")
    for column in settings.spec.columns:
        totals.counts.setdefault(column, {})
    report = {
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
    if settings.spec.decisions is not None:
        report["decisions"] = totals.decided.report(settings.spec.decisions, table.sha256)
    return report


def _empty(table: ChunkedTable) -> pl.DataFrame:
    return pl.DataFrame(schema={c: pl.Utf8 for c in table.columns})


def scan_file(
    table: ChunkedTable,
    columns: list[str] | None,
    *,
    ner: bool,
    jobs: int | None,
    progress: bool,
    decisions: Decisions | None = None,
):
    """`uofclean scan` over a whole file, chunk by chunk: only the scanned columns are read
    and only the findings are kept. `decisions`: a reviewer's, obeyed by the scan (what they
    changed is in the result's `decided`)."""
    from uofclean.redact.pipeline import scan_chunks, scan_result
    from uofclean.redact.scan import scan_columns

    chosen = columns or scan_columns(_empty(table))
    found: list[tuple[int, str, list[str]]] = []
    decided = Tally() if decisions is not None else None
    with DetectionRunner(ner=ner, jobs=jobs, rows=table.rows) as runner:
        chunks = table.chunks(chosen, rows=pipeline.CHUNK_ROWS)
        for chunk, scanned in scan_chunks(
            chunks,
            chosen,
            runner,
            decisions=decisions,
            record_of=table.record_of,
            rows=table.rows,
            progress=progress,
        ):
            found += [(chunk.start + r, c, k) for r, c, k in scanned.cells]
            if decided is not None:
                decided.add(scanned.decided)
    return scan_result(found, table.record_of, table.rows, chosen, ner, decided)
