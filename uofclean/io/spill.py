"""Chunks of a table set aside on disk (Arrow IPC) between two passes over a file, so that a
step that needs the whole file (disclosure control) never holds every column in memory."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pyarrow as pa

from uofclean.io.writer import pending


class Spill:
    """Frames written in order, read back in order; removed with close()."""

    def __init__(self, name: str = "spill") -> None:
        self._folder = tempfile.TemporaryDirectory(prefix=".uofclean-")
        self._marked = pending(Path(self._folder.name))  # an interrupt removes it
        self._marked.__enter__()
        self.path = Path(self._folder.name) / f"{name}.arrows"
        self._sink: pa.OSFile | None = None
        self._writer = None
        self.rows = 0
        self.columns: list[str] = []

    def write(self, frame: pl.DataFrame) -> None:
        arrow = frame.with_columns(pl.all().cast(pl.Utf8)).to_arrow()
        if self._writer is None:
            self.columns = list(frame.columns)
            self._sink = pa.OSFile(str(self.path), "wb")
            self._writer = pa.ipc.new_stream(self._sink, arrow.schema)
        self._writer.write_table(arrow)
        self.rows += frame.height

    def _finish(self) -> None:
        if self._writer is not None:
            self._writer.close()
            assert self._sink is not None
            self._sink.close()
            self._writer = None

    def frames(self) -> Iterator[pl.DataFrame]:
        self._finish()
        if not self.path.exists():
            return
        with pa.OSFile(str(self.path), "rb") as source:  # not mmap: pages would count as resident
            for arrow in pa.ipc.open_stream(source):
                frame = pl.from_arrow(arrow)
                assert isinstance(frame, pl.DataFrame)
                yield frame

    def close(self) -> None:
        self._finish()
        self._marked.__exit__(None, None, None)
        self._folder.cleanup()
