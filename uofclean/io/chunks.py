"""Read a CSV in chunks of rows, so that memory stays flat however long the file is.

A clean file (UTF-8 or Windows-1252, a BOM or not, no ragged row, blank line or odd quoting:
nearly every real extract) is streamed, never held whole:
1. a survey streams it through the same checks as read_table's fast path (NUL bytes, quoting,
   lone carriage returns, blank lines), hashes it and notes where each record starts; a
   command's first pass over every column (open_reading) rides along, so that the file is
   parsed once for both;
2. each call to chunks() streams it again through pyarrow's incremental reader, only the
   columns asked for.
Anything else (standard input, another encoding, a file that needs the csv module's exact
reading) is read whole by read_table and served in slices: those files are refused by the
commands that write data back, or small.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import queue
import threading
from array import array
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from uofclean.io import reader as rd
from uofclean.io.reader import HeaderNames, Table, header_names, read_table
from uofclean.io.reader import Utf8Source as _Source

CHUNK_ROWS = 2000
_GUESSED_CP1252 = "cp1252?"  # the survey's encoding for a file not said to be Windows-1252
_BLOCK = rd.STREAM_BLOCK
T = TypeVar("T")


@dataclass
class Chunk:
    frame: pl.DataFrame
    start: int  # index of its first row among the table's rows (0-based)


@dataclass
class ChunkedTable:
    """A CSV served a chunk of rows at a time, with what a command needs to point at a record
    (record numbers, physical lines) and to write its rows back as they were."""

    shape: Table  # header, names, encoding, hash, line ends; its frame holds no rows
    rows: int
    lines: array | None = None  # physical start line of each row (streamed files)
    _path: Path | None = None  # streamed from here; None: served from `whole`
    _encoding: str = "utf-8"
    _drop: tuple[str, ...] = ()  # Excel's empty trailing columns
    whole: Table | None = field(default=None, repr=False)

    # --- what Table offers, for the commands -------------------------------------------
    @property
    def path(self) -> str:
        return self.shape.path

    @property
    def header(self) -> list[str]:
        return self.shape.header

    @property
    def names(self) -> HeaderNames | None:
        return self.shape.names

    @property
    def columns(self) -> list[str]:
        return list(self.shape.compact_frame.columns)

    @property
    def encoding(self) -> str:
        return self.shape.encoding

    @property
    def sha256(self) -> str:
        return self.shape.sha256

    @property
    def newline(self) -> str:
        return self.shape.newline

    @property
    def bom(self) -> bool:
        return self.shape.bom

    @property
    def streamed(self) -> bool:
        return self.whole is None

    def record_of(self, i: int) -> int:
        return i + 1 if self.whole is None else self.whole.record_of(i)

    def line_of(self, i: int) -> int:
        if self.whole is not None:
            return self.whole.line_of(i)
        assert self.lines is not None
        return int(self.lines[i])

    def require_rectangular(self) -> None:
        (self.whole or self.shape).require_rectangular()

    def require_columns(self, columns: list[str] | tuple[str, ...]) -> None:
        self.shape.require_columns(columns)

    def as_written(self, frame: pl.DataFrame) -> pl.DataFrame:
        return self.shape.as_written(frame)

    def view(self, chunk: Chunk) -> Table:
        """A chunk as a Table of its own whose rows point at the file's records and lines
        (for the checks that take a Table)."""
        end = chunk.start + chunk.frame.height
        if self.whole is None:
            assert self.lines is not None
            records = array("l", range(chunk.start + 1, end + 1))
            lines = self.lines[chunk.start : end]
        else:
            records = array("l", (self.record_of(i) for i in range(chunk.start, end)))
            lines = array("l", (self.line_of(i) for i in range(chunk.start, end)))
        s = self.shape
        return Table(
            chunk.frame,
            s.header,
            s.path,
            s.encoding,
            s.sha256,
            s.ragged,
            s.duplicate_headers,
            s.blank_lines,
            s.stray_quotes,
            s.names,
            _records=records,
            _lines=lines,
            newline=s.newline,
            bom=s.bom,
        )

    # --- the rows -------------------------------------------------------------------------
    def chunks(
        self, columns: Iterable[str] | None = None, rows: int | None = None
    ) -> Iterator[Chunk]:
        """The rows in file order, `rows` at a time (default CHUNK_ROWS), only `columns`
        (default: all)."""
        rows = rows or CHUNK_ROWS
        wanted = [c for c in (columns or self.columns) if c in set(self.columns)]
        if self.whole is not None:
            frame = self.whole.frame.select(wanted)
            for start in range(0, frame.height, rows):
                yield Chunk(frame.slice(start, rows), start)
            return
        yield from _rebatch(self._batches(wanted), rows)

    def _batches(self, wanted: list[str]) -> Iterator[pa.RecordBatch]:
        assert self._path is not None and self.names is not None
        names = list(self.names.names) + list(self._drop)
        with self._path.open("rb") as handle:
            handle.readline()  # the header: column names come from the survey
            source = _Source(handle, "cp1252" if self._encoding == "cp1252" else "utf-8")
            reader = pacsv.open_csv(
                source,
                read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK),
                parse_options=pacsv.ParseOptions(newlines_in_values=True),
                convert_options=_convert(names, wanted),
            )
            yield from reader


def _convert(names: list[str], wanted: list[str]) -> pacsv.ConvertOptions:
    return pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names},
        include_columns=wanted,
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        check_utf8=False,  # the survey checked every byte
    )


def _rebatch(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[Chunk]:
    """pyarrow's blocks (a size in bytes) as chunks of `rows` rows."""
    return _frames(_pieces(batches, rows))


def _pieces(batches: Iterator[pa.RecordBatch], rows: int) -> Iterator[pa.Table]:
    """pyarrow's blocks (a size in bytes) as tables of `rows` rows, each column one piece:
    polars converts a column once, not once a block (~11 blocks a chunk of 10,000 rows of
    271 columns: 0.4 s less on 166 MB), and what looks at every column looks once a chunk."""
    held: list[pa.RecordBatch] = []
    count = 0
    for batch in batches:
        held.append(batch)
        count += batch.num_rows
        while count >= rows:
            table = pa.Table.from_batches(held)
            yield table.slice(0, rows).combine_chunks()
            rest = table.slice(rows)
            held, count = rest.to_batches(), rest.num_rows
    if count:
        yield pa.Table.from_batches(held).combine_chunks()


def _frames(tables: Iterable[pa.Table]) -> Iterator[Chunk]:
    start = 0
    for table in tables:
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        yield Chunk(frame, start)
        start += table.num_rows


Consume = Callable[["ChunkedTable", Iterator[Chunk]], T]


def open_chunks(path: str | Path, *, encoding: str | None = None) -> ChunkedTable:
    """Survey a CSV for streaming, or read it whole where it must be (see the module's note).
    Raises InputError as read_table does."""
    return _open(path, encoding, None, CHUNK_ROWS)[0]  # rows: unused without consume


def open_reading(
    path: str | Path,
    consume: Consume[T],
    *,
    encoding: str | None = None,
    rows: int | None = None,
) -> tuple[ChunkedTable, T]:
    """open_chunks, and consume(table, chunks) over every row of the file, all columns, in
    order, `rows` at a time. Where the file streams, the chunks come from the survey itself
    (the file is parsed once for both) and `table` is the survey's so far: its header, names
    and record lines (of the rows handed out) are known, not yet its rows or hash. `consume`
    must take its chunks to the end; it may be called more than once (after an encoding
    turned out wrong, or Excel's empty columns had to be left out), and only its last result
    is returned."""
    table, result = _open(path, encoding, consume, rows or CHUNK_ROWS)
    return table, result  # type: ignore[return-value]


def _open(
    path: str | Path, encoding: str | None, consume: Consume | None, rows: int
) -> tuple[ChunkedTable, object]:
    name = str(path)
    wanted = (encoding or "").lower().replace("_", "-")
    if name != "-" and wanted in ("", "utf-8", "utf8", "cp1252", "windows-1252"):
        if encoding:
            rd.check_encoding(encoding, name)
        rd.require_regular_file(path)
        with rd.readable(path), Path(path).open("rb") as handle:
            head = handle.read(rd._HEAD)
        rd.refuse_other_formats(head, name)
        rd.refuse_wide(head, name)
        if head.strip():
            codec = "cp1252" if wanted in ("cp1252", "windows-1252") else "utf-8"
            with rd.readable(path), rd._quiet_unraisable():
                found = _streamed(Path(path), name, codec, consume, rows)
                if found is None and not encoding and not rd.valid_utf8_file(Path(path)):
                    # Windows-1252, unless a UTF-8 character turns up (rd.plain_cp1252's
                    # test, made as the survey reads: one pass less)
                    found = _streamed(Path(path), name, _GUESSED_CP1252, consume, rows)
            if found is not None:
                return found
    table = read_table(path, encoding=encoding, compact=False)
    empty = table.frame.clear()
    shape = Table(
        empty,
        table.header,
        table.path,
        table.encoding,
        table.sha256,
        table.ragged,
        table.duplicate_headers,
        table.blank_lines,
        table.stray_quotes,
        table.names,
        newline=table.newline,
        bom=table.bom,
    )
    chunked = ChunkedTable(shape, table.rows, whole=table)
    return chunked, (consume(chunked, chunked.chunks(rows=rows)) if consume else None)


def _streamed(
    path: Path, name: str, encoding: str, consume: Consume | None, rows: int
) -> tuple[ChunkedTable, object] | None:
    """The survey in `encoding`, with `consume` over its rows; None when the file needs
    read_table (or another encoding)."""
    if consume is None or _may_pad(path, name, encoding):
        found = _survey(path, name, encoding, rows)
        if found is None:
            return None
        return found, (consume(found, found.chunks(rows=rows)) if consume else None)
    passes = _surveyed(path, name, encoding, rows)
    outcome: list[ChunkedTable | None] = []
    try:
        try:
            so_far = next(passes)
        except (StopIteration, UnicodeDecodeError):
            return None
        assert isinstance(so_far, ChunkedTable)

        def tables() -> Iterator[pa.Table]:
            try:
                while True:
                    table = next(passes)
                    if encoding == "utf-8" and not _valid_text(table):
                        outcome.append(None)  # not UTF-8 (the survey checks it a step behind)
                        return
                    yield table
            except StopIteration as stop:
                outcome.append(stop.value)
            except UnicodeDecodeError:  # not this encoding after all
                outcome.append(None)

        ahead = _Ahead(_frames(tables()))
        error: Exception | None = None
        result: object = None
        try:
            try:
                result = consume(so_far, iter(ahead))
            except Exception as exc:  # noqa: BLE001 - judged once the survey has seen every byte
                error = exc
            ahead.finish()  # what consume left: the survey must see every byte
        finally:
            ahead.stop()  # an interrupt: the thread lets go of the survey first
    finally:
        passes.close()
    table = outcome[0] if outcome else None
    if table is None:  # what consume made of rows the survey then refused does not count
        return None
    if error is not None:
        raise error
    return table, result


class _Ahead:
    """The survey's chunks made on a thread of their own, one chunk ahead of the consumer:
    pyarrow's parse and polars' conversion let go of the GIL, so the survey of the next chunk
    runs beside the checks of this one (validate of 166 MB: 3.5 s instead of 4.4 on two
    otherwise idle cores; no faster when other work takes the second core)."""

    _END = object()

    def __init__(self, chunks: Iterator) -> None:
        self._queue: queue.Queue = queue.Queue(maxsize=1)
        self._stopping = False
        self._thread = threading.Thread(target=self._produce, args=(chunks,), daemon=True)
        self._thread.start()
        self._done = False

    def _produce(self, chunks: Iterator) -> None:
        try:
            for chunk in chunks:
                self._queue.put(chunk)
                if self._stopping:
                    return
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            self._queue.put(_Raised(exc))
        self._queue.put(self._END)

    def __iter__(self) -> Iterator:
        while not self._done:
            item = self._queue.get()
            if item is self._END:
                self._done = True
                break
            if isinstance(item, _Raised):
                self._done = True
                self._thread.join()
                raise item.error
            yield item
        self._thread.join()

    def finish(self) -> None:
        """Read what is left (the survey must see every byte) and wait for the thread."""
        for _ in self:
            pass

    def stop(self) -> None:
        """End the thread early (the consumer is gone), taking what it still hands over."""
        self._stopping = True
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):
                self._queue.get(timeout=0.05)


@dataclass
class _Raised:
    error: BaseException


def _valid_text(table: pa.Table) -> bool:
    """Every value valid UTF-8: the only rows polars may be given (the survey's own check runs
    beside the parse, a block behind it, so a table may come before its bytes are judged)."""
    try:
        for column in table.columns:
            column.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _may_pad(path: Path, name: str, encoding: str) -> bool:
    """The header ends in a blank name: Excel's empty columns, perhaps, which only the end
    of the survey tells (consume then reads the file after it, without them)."""
    passes = _surveyed(path, name, encoding, CHUNK_ROWS)
    try:
        so_far = next(passes)
    except (StopIteration, UnicodeDecodeError):
        return False
    finally:
        passes.close()
    assert isinstance(so_far, ChunkedTable) and so_far.names is not None
    return len(so_far.names.names) - 1 in so_far.names.blank


def _survey(path: Path, name: str, encoding: str, rows: int) -> ChunkedTable | None:
    passes = _surveyed(path, name, encoding, rows)
    try:
        while True:
            next(passes)
    except StopIteration as stop:
        return stop.value
    except UnicodeDecodeError:  # not this encoding after all
        return None
    finally:
        passes.close()


Survey = Generator["ChunkedTable | pa.Table", None, "ChunkedTable | None"]


def _surveyed(path: Path, name: str, encoding: str, size: int) -> Survey:
    """Stream the file once: the checks of read_table's fast path, the hash, each record's
    start line, and which of Excel's trailing blank-named columns stay empty. Yields the
    table as far as the header tells it (its lines filled in as the rows are read), then
    the rows `size` at a time (every column, each one piece); returns the table, or None
    when the file needs read_table. Raises UnicodeDecodeError when the file is not in
    `encoding`."""
    with path.open("rb") as raw, ThreadPoolExecutor(1) as hasher:
        first = raw.read(4)
        bom = first.startswith(codecs.BOM_UTF8)
        raw.seek(0)
        guessed = encoding == _GUESSED_CP1252
        encoding = "cp1252" if guessed else encoding
        codec = "utf-8-sig" if bom and encoding == "utf-8" else encoding
        source = _Source(raw, codec, refuse_utf8=guessed)
        checked = rd._CheckedFile(source, hasher, hashed=False)  # type: ignore[arg-type]
        first_line, after = _first_line(checked)
        if not first_line:
            return None
        try:
            header = next(csv.reader(io.StringIO(first_line.decode("utf-8"), newline="")), [])
        except UnicodeDecodeError:
            return None
        if not header or first_line.count(b'"') % 2:
            return None
        info = header_names(header)
        names = info.names
        invalid: list[int] = []

        def on_invalid(row: pacsv.InvalidRow) -> str:
            invalid.append(row.actual_columns)
            return "skip"

        blanks = [n for i, n in enumerate(names) if i in info.blank]
        filled: set[str] = set()
        lines = array("l")
        at = 2  # the first record's line
        in_fields = 0
        rows = 0
        newline = "\r\n" if first_line.endswith(b"\r\n") else "\n"
        yield ChunkedTable(
            _shape(info, info.names, header, name, codec, encoding, "", newline, bom),
            0,
            lines,
            _path=path,
            _encoding=encoding,
        )
        try:
            reader = pacsv.open_csv(
                _Rest(checked, after),
                read_options=pacsv.ReadOptions(column_names=names, block_size=_BLOCK),
                parse_options=pacsv.ParseOptions(
                    newlines_in_values=True, invalid_row_handler=on_invalid
                ),
                convert_options=_convert(names, names),
            )
            for table in _pieces(reader, size):
                rows += table.num_rows
                per_row = _newlines_per_row(table)
                starts = np.cumsum(per_row + 1) - (per_row + 1) + at  # 1 + its newlines each
                lines.frombytes(starts.astype(np.dtype("l")).tobytes())
                newlines = int(per_row.sum())
                at += table.num_rows + newlines
                in_fields += newlines
                for n in blanks:
                    column = table.column(n)
                    if pc.any(pc.not_equal(column, "")).as_py():
                        filled.add(n)
                yield table
        except (pa.ArrowInvalid, pa.ArrowException):
            return None
        checked.sha256()  # reads what is left, so the hash covers every byte
        sha = source.sha.hexdigest()
    if invalid or not checked.simple or not checked.text or checked.quotes % 2:
        return None
    expected = 1 + rows + in_fields - (checked.last_byte != b"\n")
    if checked.newlines != expected or checked.lone_cr or checked.last_byte == b"\r":
        return None
    padding = _padding(info, filled)
    kept = [n for n in names if n not in padding]
    if padding:
        info = HeaderNames(
            kept,
            info.duplicates,
            info.generated - set(padding),
            tuple(i for i in info.blank if names[i] not in padding),
            info.spaced,
            info.original,
            len(padding),
        )
    shape = _shape(info, kept, header, name, codec, encoding, sha, newline, bom)
    return ChunkedTable(shape, rows, lines, _path=path, _encoding=encoding, _drop=tuple(padding))


def _shape(
    info: HeaderNames,
    columns: list[str],
    header: list[str],
    name: str,
    codec: str,
    encoding: str,
    sha: str,
    newline: str,
    bom: bool,
) -> Table:
    """A streamed file's Table without rows: its header, names, encoding and hash."""
    return Table(
        pl.DataFrame(schema={n: pl.String for n in columns}),
        header,
        name,
        "cp1252" if encoding == "cp1252" else codec,
        sha,
        [],
        info.duplicates,
        0,
        [],
        info,
        newline=newline,
        bom=bom,
    )


def _padding(info: HeaderNames, filled: set[str]) -> list[str]:
    """Trailing blank-named columns with no value in any row (as reader._without_padding)."""
    out = []
    for i in reversed(range(len(info.names))):
        if i not in info.blank or info.names[i] in filled:
            break
        out.append(info.names[i])
    return out


def _first_line(checked) -> tuple[bytes, bytes]:
    """The header line, read through the checks (so they see every byte), and the bytes
    read past it."""
    data = b""
    while b"\n" not in data:
        block = checked.read(1 << 16)
        if not block:
            break
        data += block
    end = data.find(b"\n")
    line = data if end < 0 else data[: end + 1]
    return line, data[len(line) :]


class _Rest:
    """What follows the header: the bytes already read past it, then the rest of the file."""

    closed = False

    def __init__(self, checked, head: bytes) -> None:
        self._checked = checked
        self._head = head

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._head:
            out, self._head = self._head, b""
            return out
        return self._checked.read(size)


def _newlines_per_row(table: pa.Table) -> np.ndarray:
    """Newlines inside each row's fields (a record's lines are 1 + these), in the columns that
    have any: numpy finds each newline in a column's bytes and the row whose value holds it
    from the offsets (pyarrow's count_substring searched every value: 0.3 s for 166 MB)."""
    total = np.zeros(table.num_rows, dtype=np.int64)
    for name in sorted(rd._newline_columns(table)):
        at = 0
        for piece in table.column(name).chunks:
            total[at : at + len(piece)] += _newlines_of(piece)
            at += len(piece)
    return total


def _newlines_of(values: pa.Array) -> np.ndarray:
    """How many newlines each value of a text array holds."""
    size = len(values)
    if not size:
        return np.zeros(0, dtype=np.int64)
    wide = pa.types.is_large_string(values.type) or pa.types.is_large_binary(values.type)
    offsets = np.frombuffer(values.buffers()[1], dtype=np.int64 if wide else np.int32)
    offsets = offsets[values.offset : values.offset + size + 1]
    first, last = int(offsets[0]), int(offsets[-1])
    if first == last:  # every value empty (the data buffer may be missing)
        return np.zeros(size, dtype=np.int64)
    data = np.frombuffer(values.buffers()[2], dtype=np.uint8)
    places = np.flatnonzero(data[first:last] == 0x0A) + first
    rows = np.searchsorted(offsets, places, side="right") - 1
    return np.bincount(rows, minlength=size)
