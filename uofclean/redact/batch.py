"""The engine-neutral step: a batch of rows in, the batch redacted (or scanned) and its counts out.

The local worker pool, Dask's workers and a Spark job all call these functions, so the output
cannot depend on which engine ran them or on how the rows were cut into batches: every value a
row's redaction uses is the row's own (its text, its structured columns, its incident's lists
carried as columns by context.with_incidents) and pseudonyms are keyed HMACs of the values.
The detector is loaded once per process, on first use.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl
import pyarrow as pa

from uofclean.redact.context import INCIDENT_COLUMNS, row_contexts
from uofclean.redact.operators import Ranges, Replacer, apply_tracked
from uofclean.redact.types import RowContext, Span

_DETECTORS: dict[bool, object] = {}
_LOADS = 0  # detectors this process has loaded (a test checks: once per worker)


def detector(ner: bool):
    """This process's Detector, loaded once (about a second with the model). Raises
    ModelError when the model or a recognizer cannot load: fail closed."""
    if ner not in _DETECTORS:
        from uofclean.redact.detect import Detector

        global _LOADS
        _DETECTORS[ner] = Detector.load(ner=ner)
        _LOADS += 1
    return _DETECTORS[ner]


def loads() -> int:
    """How many times this process loaded a detector."""
    return _LOADS


@lru_cache(maxsize=4)
def _replacer(operator: str, key: bytes | None) -> Replacer:
    return Replacer(operator, key)


@dataclass(frozen=True)
class RedactSpec:
    """What to redact and how: the same for every batch of a run."""

    columns: tuple[str, ...]
    operator: str = "replace"
    key: bytes | None = None
    ner: bool = True
    audit: bool = False


@dataclass
class RedactedBatch:
    frame: pl.DataFrame  # the batch with its columns redacted (incident lists dropped)
    counts: dict[str, dict[str, int]]  # column -> entity type -> count
    written: dict[str, list[Ranges]]  # column -> per row, where the output holds what was written
    audit: list[dict] = field(default_factory=list)  # "row": index within the batch


def as_frame(batch: pl.DataFrame | pa.Table | pa.RecordBatch) -> pl.DataFrame:
    if isinstance(batch, pl.DataFrame):
        return batch
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    return frame


def detect_texts(texts: list[str], contexts: list[RowContext], ner: bool) -> list[list[Span]]:
    """Spans per text (the pool's unit of work for a second look)."""
    return detector(ner).detect_batch(texts, contexts)


def redact_batch(batch: pl.DataFrame | pa.Table, spec: RedactSpec) -> RedactedBatch:
    """Redact spec.columns of one batch of rows; every other column and the row order stay."""
    frame = as_frame(batch)
    replacer = _replacer(spec.operator, spec.key)
    contexts = row_contexts(frame)
    found = detector(spec.ner)
    counts: dict[str, dict[str, int]] = {}
    written: dict[str, list[Ranges]] = {}
    audit: list[dict] = []
    replaced = []
    for column in spec.columns:
        texts = [t or "" for t in frame[column].to_list()]
        per_type: Counter = Counter()
        out: list[str] = []
        ranges: list[Ranges] = []
        for row, (text, spans) in enumerate(
            zip(texts, found.detect_batch(texts, contexts), strict=True)
        ):
            new, where = (
                apply_tracked(text, spans, replacer, contexts[row].names) if spans else (text, ())
            )
            out.append(new)
            ranges.append(where)
            per_type.update(s.entity for s in spans)
            if spec.audit:
                audit += [_audit(row, column, s) for s in spans]
        nulls = frame[column].is_null()
        replaced.append(
            pl.Series(column, out, dtype=pl.Utf8).zip_with(
                ~nulls, pl.Series(column, [None] * len(out), dtype=pl.Utf8)
            )
        )
        counts[column] = dict(sorted(per_type.items()))
        written[column] = ranges
    result = frame.with_columns(replaced).drop(INCIDENT_COLUMNS, strict=False)
    # record by record (columns in their order within a record), so that the log reads the
    # same however the rows were cut into batches
    order = {c: i for i, c in enumerate(spec.columns)}
    audit.sort(key=lambda e: (e["row"], order[e["column"]]))
    return RedactedBatch(result, counts, written, audit)


def _audit(row: int, column: str, s: Span) -> dict:
    return {
        "row": row,
        "column": column,
        "start": s.start,
        "end": s.end,
        "type": s.entity,
        "recognizer": s.recognizer,
        "score": round(s.score, 2),
    }


def scan_batch(
    batch: pl.DataFrame | pa.Table,
    columns: list[str],
    *,
    ner: bool = True,
    written: dict[str, list[Ranges]] | None = None,
) -> list[tuple[int, str, list[str]]]:
    """(row index, column, entity types) for each cell of the batch holding possible personal
    data. `written`: where redaction wrote into each column, never taken for personal data."""
    from uofclean.redact.scan import hide, hide_markers, outside_hidden

    frame = as_frame(batch)
    written = written or {}
    contexts = [RowContext()] * frame.height  # a release has no identifying columns to use
    cells = []
    for column in columns:
        where = written.get(column)
        texts = [
            hide(t or "", where[i]) if where else hide_markers(t or "")
            for i, t in enumerate(frame[column].to_list())
        ]
        for row, spans in enumerate(detector(ner).detect_batch(texts, contexts)):
            kinds = sorted({s.entity for s in outside_hidden(texts[row], spans)})
            if kinds:
                cells.append((row, column, kinds))
    return cells


def redact_arrow(table: pa.Table, spec: RedactSpec) -> pa.Table:
    """redact_batch for engines that pass Arrow (Spark's mapInArrow): the batch only."""
    return redact_batch(table, spec).frame.to_arrow()
