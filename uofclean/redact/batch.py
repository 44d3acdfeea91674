"""The engine-neutral step: a batch of rows in, the batch redacted (or scanned) and its counts out.

The local worker pool, Dask's workers and a Spark job all call these functions, so the output
cannot depend on which engine ran them or on how the rows were cut into batches: every value a
row's redaction uses is the row's own (its text, its structured columns, its incident's lists
carried as columns by context.with_incidents, its record number carried as RECORD_COLUMN for a
reviewer's decisions) and pseudonyms are keyed HMACs of the values.
The detector is loaded once per process, on first use.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

import polars as pl
import pyarrow as pa

from uofclean.redact.context import INCIDENT_COLUMNS, row_contexts
from uofclean.redact.operators import Ranges, Replacer, apply_tracked
from uofclean.redact.types import RowContext, Span

if TYPE_CHECKING:
    from uofclean.review.decisions import Applier, Decisions, Tally

# The row's record number in the extract, which a reviewer's decisions name: carried as a
# column (like the incident lists) so a decision finds its row whatever batch holds it.
RECORD_COLUMN = "__record"

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


def detect(found, texts: list[str], contexts: list[RowContext]) -> list[list[Span]]:
    """found.detect_batch inside a spaCy memory zone: the words the model met in these texts
    are forgotten after them (a worker's vocabulary otherwise grows with every new name,
    phone number and reference it reads: ~2 MB per 1,000 rows). Spans hold plain offsets
    and text, so nothing of the zone outlives it."""
    nlp = getattr(found, "nlp", None)
    with nlp.memory_zone() if nlp is not None else contextlib.nullcontext():
        return found.detect_batch(texts, contexts)


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
    decisions: Decisions | None = None  # a reviewer's, laid over each cell's spans
    keep_spans: bool = False  # return each cell's spans (the review page shows them)


@dataclass
class RedactedBatch:
    frame: pl.DataFrame  # the batch, its columns redacted (incident, record columns dropped)
    counts: dict[str, dict[str, int]]  # column -> entity type -> count
    written: dict[str, list[Ranges]]  # column -> per row, where the output holds what was written
    audit: list[dict] = field(default_factory=list)  # "row": index within the batch
    spans: dict[str, list[list[Span]]] = field(default_factory=dict)  # with spec.keep_spans
    decided: Tally | None = None  # what the decisions changed in this batch


@dataclass
class ScannedBatch:
    cells: list[tuple[int, str, list[str]]]  # (row index, column, entity types) per finding
    decided: Tally | None = None  # what the decisions changed in this batch


def decision_applier(frame: pl.DataFrame, decisions: Decisions | None) -> Applier | None:
    """The decisions for this batch's rows, by the record numbers the batch carries (without
    RECORD_COLUMN the batch is taken to be the whole extract: row i is record i + 1)."""
    if decisions is None:
        return None
    from uofclean.review.decisions import Applier

    if RECORD_COLUMN in frame.columns:
        records = frame[RECORD_COLUMN].to_list()
        return Applier(decisions, records.__getitem__)
    return Applier(decisions)


def as_frame(batch: pl.DataFrame | pa.Table | pa.RecordBatch) -> pl.DataFrame:
    if isinstance(batch, pl.DataFrame):
        return batch
    frame = pl.from_arrow(batch)
    assert isinstance(frame, pl.DataFrame)
    return frame


def detect_texts(texts: list[str], contexts: list[RowContext], ner: bool) -> list[list[Span]]:
    """Spans per text (the pool's unit of work for a second look)."""
    return detect(detector(ner), texts, contexts)


def redact_batch(batch: pl.DataFrame | pa.Table, spec: RedactSpec) -> RedactedBatch:
    """Redact spec.columns of one batch of rows; every other column and the row order stay."""
    frame = as_frame(batch)
    replacer = _replacer(spec.operator, spec.key)
    contexts = row_contexts(frame)
    found = detector(spec.ner)
    applier = decision_applier(frame, spec.decisions)
    counts: dict[str, dict[str, int]] = {}
    written: dict[str, list[Ranges]] = {}
    kept: dict[str, list[list[Span]]] = {}
    audit: list[dict] = []
    replaced = []
    for column in spec.columns:
        texts = [t or "" for t in frame[column].to_list()]
        per_type: Counter = Counter()
        out: list[str] = []
        ranges: list[Ranges] = []
        for row, (text, spans) in enumerate(
            zip(texts, detect(found, texts, contexts), strict=True)
        ):
            if applier is not None and text:
                spans = applier(row, column, text, spans)
            if spec.keep_spans:
                kept.setdefault(column, []).append(spans)
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
    result = frame.with_columns(replaced).drop([*INCIDENT_COLUMNS, RECORD_COLUMN], strict=False)
    # record by record (columns in their order within a record), so that the log reads the
    # same however the rows were cut into batches
    order = {c: i for i, c in enumerate(spec.columns)}
    audit.sort(key=lambda e: (e["row"], order[e["column"]]))
    decided = applier.tally if applier is not None else None
    return RedactedBatch(result, counts, written, audit, kept, decided)


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
    decisions: Decisions | None = None,
) -> ScannedBatch:
    """(row index, column, entity types) for each cell of the batch holding possible personal
    data. `written`: where redaction wrote into each column, never taken for personal data;
    `decisions`: a reviewer's (a kept word is no finding, a redacted one is), by the records
    the batch carries in RECORD_COLUMN."""
    from uofclean.redact.scan import hide, hide_markers, outside_hidden

    frame = as_frame(batch)
    applier = decision_applier(frame, decisions)
    written = written or {}
    contexts = [RowContext()] * frame.height  # a release has no identifying columns to use
    cells = []
    for column in columns:
        where = written.get(column)
        texts = [
            hide(t or "", where[i]) if where else hide_markers(t or "")
            for i, t in enumerate(frame[column].to_list())
        ]
        for row, spans in enumerate(detect(detector(ner), texts, contexts)):
            if applier is not None and texts[row]:
                spans = applier(row, column, texts[row], spans)
            kinds = sorted({s.entity for s in outside_hidden(texts[row], spans)})
            if kinds:
                cells.append((row, column, kinds))
    return ScannedBatch(cells, applier.tally if applier is not None else None)


def redact_arrow(table: pa.Table, spec: RedactSpec) -> pa.Table:
    """redact_batch for engines that pass Arrow (Spark's mapInArrow): the batch only."""
    return redact_batch(table, spec).frame.to_arrow()
