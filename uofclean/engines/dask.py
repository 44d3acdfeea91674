"""Redaction on a Dask cluster (`--engine dask`): the same batch function, the same output.

Dask never reads the CSV: its reader splits files at byte offsets and breaks records at quoted
newlines (dask issues #1284, #8045). The client reads the file with uofclean's own reader
(encodings, ragged rows, physical lines), turns each chunk of rows into a Parquet row group and
sends it to a worker, which maps redact_batch over it with the model it loaded once. The client
keeps a few chunks in flight, takes the results back in order, sums the counts and writes the
outputs itself. Needs `pip install uofclean[dask]`.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
from collections import deque
from collections.abc import Iterator

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from uofclean.errors import OptionError, UofcleanError
from uofclean.io.chunks import Chunk
from uofclean.redact import batch
from uofclean.redact.pipeline import RecordOf, _checked, _Failed, batch_input

ROWS_PER_GROUP = 2000  # rows a worker redacts at a time: a few seconds of work


def _client(scheduler: str | None, workers: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise OptionError("--engine dask needs Dask: pip install 'uofclean[dask]'") from None
    if scheduler:
        try:
            return Client(scheduler, timeout="10s"), None
        except (OSError, TimeoutError) as exc:
            raise OptionError(
                f"cannot reach the Dask scheduler at {scheduler} ({type(exc).__name__})"
            ) from None
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,  # one model per process, as the local pool
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


@contextlib.contextmanager
def cluster_client(scheduler: str | None = None, workers: int | None = None):
    """A client of the given scheduler, or of a LocalCluster of `workers` processes."""
    client, cluster = _client(scheduler, max(1, workers or os.cpu_count() or 1))
    try:
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def to_parquet(frame: pl.DataFrame) -> bytes:
    """One chunk of rows as one Parquet row group (all text, as read)."""
    sink = io.BytesIO()
    pq.write_table(frame.to_arrow(), sink, row_group_size=max(1, frame.height))
    return sink.getvalue()


def redact_row_group(blob: bytes, spec: batch.RedactSpec):
    """On a worker: read the row group, run the batch function, send back the redacted text
    columns (Arrow IPC), the counts, the written ranges, the audit entries, the spans (when
    the spec keeps them) and what the spec's decisions changed."""
    try:
        result = batch.redact_batch(pq.read_table(io.BytesIO(blob)), spec)
    except UofcleanError as exc:
        return _Failed(exc.message)
    sink = io.BytesIO()
    out = result.frame.select(spec.columns).to_arrow()
    with pa.ipc.new_stream(sink, out.schema) as writer:
        writer.write_table(out)
    return (
        sink.getvalue(),
        result.counts,
        result.written,
        result.audit,
        result.spans,
        result.decided,
    )


def _from_ipc(data: bytes) -> pl.DataFrame:
    frame = pl.from_arrow(pa.ipc.open_stream(data).read_all())
    assert isinstance(frame, pl.DataFrame)
    return frame


def map_row_groups(
    client,
    chunks: Iterator[Chunk],
    spec: batch.RedactSpec,
    incidents,
    in_flight: int,
    record_of: RecordOf | None = None,
) -> Iterator[tuple[Chunk, batch.RedactedBatch]]:
    """Each chunk with its redacted batch, in order, at most `in_flight` chunks away."""
    window: deque = deque()

    def collect() -> tuple[Chunk, batch.RedactedBatch]:
        chunk, future = window.popleft()
        parts = _checked(future.result())
        assert isinstance(parts, tuple)  # what redact_row_group returns
        ipc, counts, written, audit, spans, decided = parts
        frame = chunk.frame.with_columns(_from_ipc(ipc).select(spec.columns))
        return chunk, batch.RedactedBatch(frame, counts, written, audit, spans, decided)

    for chunk in chunks:
        blob = to_parquet(batch_input(chunk, spec, incidents, record_of))
        window.append((chunk, client.submit(redact_row_group, blob, spec, pure=False)))
        if len(window) >= in_flight:
            yield collect()
    while window:
        yield collect()


@contextlib.contextmanager
def dask_redacted(table, settings, *, keep, incidents, record_of=None):
    """stream.redacted's Dask engine."""
    from uofclean.redact.stream import kept_chunks

    with cluster_client(settings.scheduler, settings.jobs) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        chunks = kept_chunks(table, keep, rows=ROWS_PER_GROUP)
        yield map_row_groups(
            client, chunks, settings.spec, incidents, 2 * workers, record_of=record_of
        )
