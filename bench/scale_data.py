"""Large extracts for the scale benchmark, made without holding them in memory.

`uofclean synth` holds every row (and its truth) while it writes: ~2.8 GB at 150,000 rows, so
600,000 or 1.5 million rows in one call would not fit beside the commands being measured. A
large extract is made of parts of at most PART_ROWS rows instead, one a year (seed and period
move on with the part, as a force's back-file does), each read back with uofclean's own reader
and appended in the file's encoding. A part's RecordIDs get its number after "UOF-", so the
parts' random ids never collide (a collision would be a duplicate for dedupe to remove).
"""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import polars as pl

PART_ROWS = 150_000


def _synth(target: Path, rows: int, seed: int, encoding: str, year: int) -> None:
    period = f"{date(year, 4, 1).isoformat()}:{date(year + 1, 3, 31).isoformat()}"
    command = [sys.executable, "-m", "uofclean", "synth", "--rows", str(rows), "--seed"]
    command += [str(seed), "--encoding", encoding, "--period", period, "-o", str(target), "-q"]
    subprocess.run(command, check=True, capture_output=True)


def _csv_bytes(frame: pl.DataFrame, header: bool, newline: str, encoding: str) -> bytes:
    text = io.StringIO()
    # an empty cell stays empty (polars writes an empty string as "", a null as nothing)
    frame = frame.select(pl.when(pl.all() != "").then(pl.all()))
    frame.write_csv(text, include_header=header, line_terminator=newline)
    return text.getvalue().encode(encoding)


def _append(part: Path, out, number: int, columns: list[str] | None, first: bool) -> None:
    """The part's rows (only `columns`, default all) onto `out`, RecordIDs made unique."""
    from uofclean.io.chunks import open_chunks

    table = open_chunks(part)
    encoding = "cp1252" if table.encoding == "cp1252" else "utf-8"
    for chunk in table.chunks(columns, rows=20_000):
        frame = chunk.frame
        if "RecordID" in frame.columns:
            frame = frame.with_columns(pl.col("RecordID").str.replace("UOF-", f"UOF-{number}"))
        out.write(_csv_bytes(frame, first and chunk.start == 0, table.newline, encoding))


def extract(workdir: Path, rows: int, encoding: str, *, layout: str = "extract") -> Path:
    """A synth extract of `rows` rows in `encoding` (made once, then reused); layout
    "published": the published columns and the narrative, as the Met publishes them (the
    narrative holds the file's only letters outside ASCII)."""
    target = workdir / f"scale-{layout}-{rows}-{encoding}.csv"
    if target.exists():
        return target
    columns = None
    if layout == "published":
        from uofclean.schema.columns import PUBLISHED_COLUMNS

        columns = [*PUBLISHED_COLUMNS, "Justification"]
    part = workdir / f"part-{encoding}.csv"
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        for number, start in enumerate(range(0, rows, PART_ROWS), start=1):
            _synth(part, min(PART_ROWS, rows - start), 2 + number, encoding, 2019 + number)
            _append(part, out, number, columns, first=start == 0)
    part.unlink()
    partial.replace(target)
    return target
