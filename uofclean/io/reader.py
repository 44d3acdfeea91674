"""Read a CSV extract exactly as it is: no value is trimmed, padded or guessed.

Two libraries, each doing what it is best at:
- pyarrow's multithreaded CSV reader loads every column as text, fast, and reports any record whose
  field count differs from the header's (it never pads or truncates silently);
- Python's csv module (strict mode) is the authority on structure when something is off: it gives
  the record number and physical line of every ragged row and names unterminated quotes. It also
  maps records to physical lines, lazily, only when a finding needs a line number.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import os
import re
import stat
import sys
from array import array
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv

from uofclean.errors import InputError
from uofclean.schema.columns import canonical_name, column_specs, header_looks_like_data

csv.field_size_limit(sys.maxsize)  # a 5 MB narrative is a valid field

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16")


@dataclass(frozen=True)
class RaggedRow:
    """A record whose field count differs from the header's."""

    record: int  # 1-based data record number (header not counted)
    line: int  # physical line where the record starts
    expected: int
    actual: int


@dataclass(frozen=True)
class StrayQuote:
    """A record with a quote that no CSV reader keeps: inside a quoted field, neither doubled
    nor followed by a comma or the end of the line. Readers drop it, silently changing the
    value, so the record is set aside like a ragged row."""

    record: int  # 1-based data record number
    line: int  # physical line of the stray quote


@dataclass(frozen=True)
class HeaderNames:
    """How the header's cells became column names: trimmed of stray spaces, unique, never
    blank. Names made up here (for blank or repeated cells) cannot clash with the file's own."""

    names: list[str]  # one unique column name per header cell
    duplicates: dict[str, list[int]]  # (trimmed) name -> positions, where it repeats
    generated: frozenset[str] = frozenset()  # names not in the file
    blank: tuple[int, ...] = ()  # positions of blank header cells (padding excluded)
    spaced: tuple[int, ...] = ()  # positions of names written with stray spaces around them
    original: dict[str, str] = field(default_factory=dict)  # column name -> cell as written
    padding: int = 0  # trailing columns with a blank name and no value (Excel), left out


@dataclass
class Table:
    """An extract as read: text columns plus everything needed to point at a record."""

    _frame: pl.DataFrame  # as read: vocabulary columns may be Categorical (see read_table)
    header: list[str]  # column names exactly as in the file
    path: str
    encoding: str
    sha256: str
    ragged: list[RaggedRow] = field(default_factory=list)
    duplicate_headers: dict[str, list[int]] = field(default_factory=dict)  # name -> positions
    blank_lines: int = 0  # blank lines skipped (not records)
    stray_quotes: list[StrayQuote] = field(default_factory=list)  # set aside, like ragged rows
    names: HeaderNames | None = None  # how header cells became column names
    _records: array | None = None  # record number of each frame row; None: identity
    _lines: array | None = None  # physical start line of each frame row; computed on demand
    _data: bytes | None = field(default=None, repr=False)  # the file as UTF-8
    _parent: Table | None = field(default=None, repr=False)  # set by subset()
    _index: list[int] | None = field(default=None, repr=False)  # rows of the parent
    newline: str = "\n"  # how the header line ends: outputs end their records the same way
    bom: bool = False  # the file began with a byte-order mark: outputs keep one

    @property
    def frame(self) -> pl.DataFrame:
        """Every column Utf8; only well-formed records, in file order."""
        if pl.Categorical in self._frame.dtypes:
            self._frame = self._frame.with_columns(pl.col(pl.Categorical).cast(pl.String))
        return self._frame

    @property
    def compact_frame(self) -> pl.DataFrame:
        """The same values, with vocabulary columns possibly held as categories (4 bytes a
        value instead of 16): for code that reads them through rules.text (validation)."""
        return self._frame

    @property
    def rows(self) -> int:
        return self._frame.height

    @property
    def records(self) -> int:
        """Data records in the file, ragged ones included (blank lines are not records)."""
        return self._frame.height + len(self.ragged) + len(self.stray_quotes)

    def record_of(self, row_index: int) -> int:
        """1-based record number (header not counted) of the frame row at row_index."""
        return row_index + 1 if self._records is None else int(self._records[row_index])

    def line_of(self, row_index: int) -> int:
        """Physical line (1-based, header is line 1) where the frame row's record starts."""
        if self._parent is not None and self._index is not None:
            return self._parent.line_of(self._index[row_index])
        if self._lines is None:
            self._lines = self._lines_from_frame() or self._lines_from_scan()
        return int(self._lines[row_index])

    def _lines_from_frame(self) -> array | None:
        """On a clean file every record takes 1 + (newlines inside its fields) lines, so the
        lines follow from the frame without re-reading the text; None when blank lines (which
        are not records) make that unsafe."""
        data = self._data
        if self._records is not None or data is None or _has_blank_line(data):
            return None
        header_lines = 1
        with_newlines = [
            c
            for c, hit in zip(
                self.frame.columns,
                self.frame.select(pl.all().str.contains("\n", literal=True).any()).row(0),
                strict=True,
            )
            if hit
        ]
        if any("\n" in h for h in self.header):
            return None
        per_row = (
            self.frame.select(
                pl.sum_horizontal(
                    [pl.col(c).str.count_matches("\n", literal=True) for c in with_newlines]
                ).alias("n")
            )["n"]
            if with_newlines
            else pl.Series("n", [0] * self.frame.height)
        )
        starts = (per_row + 1).cum_sum().shift(1, fill_value=0) + header_lines + 1
        return array("l", starts.cast(pl.Int64).to_list())

    def _lines_from_scan(self) -> array:
        if self._data is None:  # a selection of columns (read_table's columns): read it all
            whole = read_table(self.path, encoding=self.encoding)
            return array("l", (whole.line_of(i) for i in range(whole.rows)))
        scan = _scan(self._data.decode("utf-8"), self.path)
        return array("l", (scan.lines[r - 1] for r in self._good_records(scan)))

    def _good_records(self, scan: _Scan) -> list[int]:
        bad = {r.record for r in scan.ragged} | {q.record for q in scan.stray_quotes}
        return [r for r in range(1, len(scan.lines) + 1) if r not in bad]

    def subset(self, keep: list[int]) -> Table:
        """The same file seen through a subset of its rows (e.g. after dedupe): record numbers
        and physical lines still point into the original file."""
        records = array("l", (self.record_of(i) for i in keep))
        child = Table(
            self.frame[keep],
            self.header,
            self.path,
            self.encoding,
            self.sha256,
            self.ragged,
            self.duplicate_headers,
            self.blank_lines,
            self.stray_quotes,
            self.names,
            _records=records,
            newline=self.newline,
            bom=self.bom,
        )
        child._parent, child._index = self, keep
        return child

    def as_written(self, frame: pl.DataFrame) -> pl.DataFrame:
        """A frame of this table's columns under the header names as the file wrote them (stray
        spaces kept): outputs keep the input's own header."""
        original = self.names.original if self.names is not None else {}
        return frame.rename({c: original[c] for c in frame.columns if c in original})

    def require_header(self) -> None:
        """Refuse a file whose first line is a record: its values would be taken for column
        names (and shown as such)."""
        if header_looks_like_data(self.header):
            raise InputError(
                "no header row: the first line holds values, not column names",
                path=self.path,
                line=1,
            )

    def require_rectangular(self) -> None:
        """Refuse a missing header, ragged rows, stray quotes, duplicate and blank headers (for
        commands that write data back)."""
        self.require_header()
        if self.stray_quotes:
            q = self.stray_quotes[0]
            raise InputError(
                f"stray quote in record {q.record}: a quote inside a quoted field is neither "
                f"doubled nor followed by a comma, so the value cannot be read as written "
                f"({len(self.stray_quotes)} such record(s) in all; run 'uofclean validate' to "
                "list them)",
                path=self.path,
                line=q.line,
            )
        if self.ragged:
            r = self.ragged[0]
            raise InputError(
                f"ragged row: record {r.record} has {r.actual} fields, the header has "
                f"{r.expected} ({len(self.ragged)} ragged row(s) in all; run "
                "'uofclean validate' to list them)",
                path=self.path,
                line=r.line,
            )
        if self.duplicate_headers:
            name = next(iter(self.duplicate_headers))
            raise InputError(
                f"duplicate column name {name!r} in the header", path=self.path, line=1
            )
        if self.names is not None and self.names.blank:
            raise InputError(
                f"column {self.names.blank[0] + 1} has no name in the header but holds values",
                path=self.path,
                line=1,
            )

    def require_columns(self, columns: list[str] | tuple[str, ...]) -> None:
        """Refuse a file that lacks columns this command needs."""
        self.require_header()
        missing = [c for c in columns if c not in self._frame.columns]
        if missing:
            more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
            raise InputError(
                f"missing required column {missing[0]!r}{more}", path=self.path, line=1
            )


def _newline_of(data: bytes) -> str:
    """How the file's first line ends (a header with a quoted newline is rare enough to
    ignore)."""
    end = data.find(b"\n")
    return "\r\n" if end > 0 and data[end - 1 : end] == b"\r" else "\n"


def _has_blank_line(data: bytes) -> bool:
    """A line with nothing (or only spaces) on it before the end of the file."""
    return re.search(rb"\n[ \t]*\r?\n(?=.)", data, re.S) is not None or data[:1] in (b"\n", b"\r")


# A run of quotes followed by something other than a comma, a line end or another quote.
_QUOTE_RUN = re.compile(
    rb'""*(?=[^,\r\n"])'
)  # '""*', not '"+': a literal first byte is searched fast
_FIELD_START = frozenset(b",\r\n")


def _quote_suspect(data: bytes, at_start: bool = True) -> bool:
    """Whether some run of quotes may be malformed: at the start of a field (after a comma, a
    line end or the start of data) a run must be odd (the opening quote, then doubled quotes);
    anywhere else in a field it must be even (doubled quotes). Runs followed by a comma or a
    line end close a field and are left to the quote count. A superset of what the strict csv
    module rejects, found at the speed of a search for '"' (the preceding byte is looked at
    only where a run is followed by text: about once per quoted field)."""
    for m in _QUOTE_RUN.finditer(data):
        start = m.start()
        odd = (m.end() - start) % 2 == 1
        field_start = data[start - 1] in _FIELD_START if start else at_start
        if odd != field_start:
            return True
    return False


_QUOTE, _COMMA, _CR, _LF = (ord(c) for c in '",\r\n')


def _quote_suspect_block(data: bytes, at_start: bool = True) -> bool:
    """_quote_suspect of a block, by numpy: the runs of quotes are found from the places of
    every quote, and only those followed by text are judged (the regular expression's loop
    ran once per quoted field: 0.35 s for 166 MB, this ~0.03 s). Holds a byte per byte of
    `data` for a moment: for the blocks the checks stream, not a whole file."""
    b = np.frombuffer(data, dtype=np.uint8)
    at = np.flatnonzero(b == _QUOTE)
    if not at.size:
        return False
    gaps = np.flatnonzero(np.diff(at) != 1)
    starts = np.concatenate((at[:1], at[gaps + 1]))
    ends = np.concatenate((at[gaps], at[-1:])) + 1  # one past each run
    inside = ends < len(b)  # a run at the end is followed by nothing: left to the count
    starts, ends = starts[inside], ends[inside]
    after = b[ends]
    text = (after != _COMMA) & (after != _CR) & (after != _LF)
    starts, ends = starts[text], ends[text]
    if not starts.size:
        return False
    before = b[np.maximum(starts - 1, 0)]
    field_start = (before == _COMMA) | (before == _CR) | (before == _LF)
    if starts[0] == 0:
        field_start[0] = at_start
    odd = (ends - starts) % 2 == 1
    return bool((odd != field_start).any())


def read_bytes(path: str | Path) -> bytes:
    """The raw bytes of a file, or of standard input for "-"."""
    if str(path) == "-":
        if sys.stdin is None or sys.stdin.closed:
            raise InputError("standard input is closed", path="-")
        try:
            return sys.stdin.buffer.read()
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read standard input ({_reason(exc)})", path="-") from None
    with readable(path):
        return Path(path).read_bytes()


def _reason(exc: BaseException) -> str:
    """The system's words for an OSError (never a value of the data)."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return type(exc).__name__


@contextlib.contextmanager
def readable(path: str | Path) -> Iterator[None]:
    """Turn the ways a file cannot be read (missing, a folder, a symlink loop, no permission,
    an I/O error) into one InputError naming it."""
    try:
        yield
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a CSV file", path=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read the file ({_reason(exc)})", path=str(path)) from None


_WORKBOOKS = (
    (b"PK\x03\x04", "a zip file (an Excel .xlsx workbook?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Excel .xls workbook (or another Office file)"),
)
_OTHER_DELIMITERS = {";": "';'", "\t": "tabs"}


def refuse_other_formats(head: bytes, name: str) -> None:
    """Refuse, in one line, a workbook or a file separated by something other than commas:
    read as CSV they become one column and every real column "missing" (282 findings)."""
    for magic, what in _WORKBOOKS:
        if head.startswith(magic):
            raise InputError(
                f"this is {what}, not a CSV file: save it as 'CSV UTF-8 (Comma delimited)'",
                path=name,
            )
    codec = _bom_codec(head)
    if codec is not None:
        first = head.decode(codec, errors="ignore")
    else:
        first = head.decode("utf-8", errors="replace").lstrip("\ufeff")
    first = (first.splitlines() or [""])[0]  # CR alone ends a line too (old Mac files)

    def width(delimiter: str) -> int:
        try:
            return len(next(csv.reader([first], delimiter=delimiter), []))
        except csv.Error:  # a NUL, say: the reader says so later, with its line
            return 0

    commas = width(",")
    for delimiter, label in _OTHER_DELIMITERS.items():
        if width(delimiter) >= 3 and width(delimiter) > commas:
            raise InputError(
                f"the header is separated by {label}, not commas: only comma-separated files "
                "are read (save it as 'CSV UTF-8 (Comma delimited)')",
                path=name,
                line=1,
            )


# Byte-order marks and the codec each one means; UTF-32's first (its LE mark begins UTF-16's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_BOMS = tuple(bom for bom, _ in _BOMS)
ANY_BOM = (codecs.BOM_UTF8, *_WIDE_BOMS)


def _bom_codec(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 codec a byte-order mark announces, if any."""
    return next((codec for bom, codec in _BOMS if data.startswith(bom)), None)


def check_encoding(encoding: str, name: str) -> None:
    """Refuse an --encoding that Python does not know, or that is no text encoding (rot13,
    base64: codecs that turn bytes into bytes)."""
    try:
        b"ab".decode(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}", path=name) from None
    except (UnicodeError, ValueError):
        pass  # a text encoding; these two bytes are just not text in it


def decode(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Decode bytes, detecting UTF-8 (with or without BOM), UTF-16 and UTF-32 (BOM) and
    Windows-1252."""
    if encoding:
        check_encoding(encoding, name)
        candidates = [encoding]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif _bom_codec(data):
        candidates = [str(_bom_codec(data))]
    else:
        candidates = ["utf-8", "cp1252"]
    error: UnicodeDecodeError | None = None
    for enc in candidates:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            error = error or exc
    assert error is not None
    line = data.count(b"\n", 0, error.start) + 1
    tried = " or ".join(candidates)
    raise InputError(
        f"cannot decode as {tried} (byte 0x{data[error.start]:02x}); pass --encoding",
        path=name,
        line=line,
    )


# No extract has more columns than this (the published layout has 271, an extract 282):
# a header wider than that is refused before it is read, as it would take gigabytes.
MAX_COLUMNS = 5000


def refuse_wide(head: bytes, name: str) -> None:
    """Refuse a header of more than MAX_COLUMNS columns (its commas, seen in the file's
    first bytes: a header that wide is longer than they are)."""
    codec = _bom_codec(head)
    text = head.decode(codec, errors="ignore") if codec else head.decode("latin-1")
    first = (text.splitlines() or [""])[0]
    if first.count(",") >= MAX_COLUMNS:
        raise InputError(
            f"the header has more than {MAX_COLUMNS} columns: this is not an extract",
            path=name,
            line=1,
        )


def require_regular_file(path: str | Path) -> None:
    """Refuse what is not a regular file (a FIFO would block for ever, /dev/zero would be
    read until memory runs out); '-' reads standard input on purpose."""
    with readable(path):
        mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        raise InputError("is a folder, not a CSV file", path=str(path))
    if not stat.S_ISREG(mode):
        raise InputError(
            "not a regular file (a pipe, a device or a socket); to read a stream, pass '-' "
            "and redirect it to standard input",
            path=str(path),
        )


@contextlib.contextmanager
def _quiet_unraisable() -> Iterator[None]:
    """pyarrow decodes a malformed row's text before handing it to our handler, and prints
    ("Exception ignored in ...") the UnicodeDecodeError of a row cut mid-character. That file
    goes the exact way, which names the line: the noise is left out."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        yield
    finally:
        sys.unraisablehook = previous


def _is_blank(row: list[str], width: int) -> bool:
    return not row or (width > 1 and len(row) == 1 and not row[0].strip())


@dataclass
class _Scan:
    header: list[str]
    lines: array  # start line of every record (ragged included)
    ragged: list[RaggedRow]
    blanks: int
    stray_quotes: list[StrayQuote] = field(default_factory=list)


def _scan(text: str, name: str) -> _Scan:
    """Header, start line of every record, ragged rows and blank lines (csv module, strict).
    A stray quote stops the strict reader: the file is then read leniently and every record
    that the strict reader refuses is listed, to be set aside (see _scan_lenient)."""
    try:
        return _scan_with(text, name, strict=True)
    except csv.Error:  # a stray quote (other errors are InputErrors already)
        return _scan_with(text, name, strict=False)


def _scan_with(text: str, name: str, *, strict: bool) -> _Scan:
    reader = csv.reader(io.StringIO(text, newline=""), strict=strict)
    lines = array("l")
    ragged: list[RaggedRow] = []
    stray: list[StrayQuote] = []
    physical = None if strict else io.StringIO(text, newline="").readlines()
    blanks = 0
    last_line = 0
    try:
        header = next(reader, None)
        while header is not None and _is_blank(header, 2):
            header = next(reader, None)
        if header is None:
            raise InputError("the file is empty (no header row)", path=name)
        width = len(header)
        last_line = reader.line_num
        for row in reader:
            start = last_line + 1
            last_line = reader.line_num
            if _is_blank(row, width):
                blanks += 1
                continue
            lines.append(start)
            if physical is not None:
                at = _strict_error_line(physical[start - 1 : last_line])
                if at is not None:
                    stray.append(StrayQuote(len(lines), start + at - 1))
                    continue
            if len(row) != width:
                ragged.append(RaggedRow(len(lines), start, width, len(row)))
    except csv.Error as exc:
        if strict and "expected after" in str(exc):
            raise
        raise InputError(_csv_message(exc), path=name, line=last_line + 1) from None
    return _Scan(header, lines, ragged, blanks, stray)


def _strict_error_line(lines: list[str]) -> int | None:
    """The line (1-based, within these lines) where the strict csv module refuses them."""
    reader = csv.reader(lines, strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        return max(reader.line_num, 1)
    return None


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return "unterminated quoted field (a quote opened here is never closed)"
    if "NUL" in text or "null byte" in text:
        return "the file contains NUL bytes: is it a binary file?"
    return f"malformed CSV: {text}"


def header_names(header: list[str]) -> HeaderNames:
    """Column names for a header row: each name trimmed of stray spaces (counted), a blank
    cell or a repeat of an earlier name given a made-up name that clashes with no other."""
    trimmed = [h.strip() for h in header]
    taken = set(trimmed)
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(trimmed):
        if name:
            positions.setdefault(name, []).append(i)
    dups = {n: pos for n, pos in positions.items() if len(pos) > 1}
    names = list(trimmed)
    generated: set[str] = set()

    def fresh(stem: str, k: int) -> str:
        while f"{stem} ({k})" in taken:
            k += 1
        taken.add(f"{stem} ({k})")
        generated.add(f"{stem} ({k})")
        return f"{stem} ({k})"

    for name, pos in dups.items():
        for k, i in enumerate(pos[1:], start=2):
            names[i] = fresh(name, k)
    blank = tuple(i for i, name in enumerate(trimmed) if not name)
    for i in blank:
        names[i] = fresh("blank column", i + 1)
    spaced = tuple(i for i, (h, t) in enumerate(zip(header, trimmed, strict=True)) if t and h != t)
    original = {names[i]: header[i] for i in spaced if names[i] == trimmed[i]}
    return HeaderNames(names, dups, frozenset(generated), blank, spaced, original)


def _frame_fast(utf8: bytes, names: list[str]) -> pl.DataFrame | None:
    """pyarrow's threaded reader; None when any record is ragged or the header differs."""
    invalid: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        invalid.append(row.actual_columns)
        return "skip"

    try:
        arrow = pacsv.read_csv(
            io.BytesIO(utf8),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # the whole buffer is valid UTF-8 already (_as_utf8)
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    if invalid:
        return None
    frame = pl.from_arrow(arrow)
    assert isinstance(frame, pl.DataFrame)
    return frame


def _frame_exact(
    text: str, names: list[str], stray: set[int] | None = None
) -> tuple[pl.DataFrame, array]:
    """Well-formed records only, via the csv module; returns the frame and their record numbers.
    Records with a stray quote (from _scan) are left out; the file is then read leniently."""
    width = len(names)
    reader = csv.reader(io.StringIO(text, newline=""), strict=not stray)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    records = array("l")
    number = -1  # the header is record 0
    for row in reader:
        if _is_blank(row, width if number >= 0 else 2):
            continue
        number += 1
        if number == 0 or len(row) != width or (stray and number in stray):
            continue
        writer.writerow(row)
        records.append(number)
    body = out.getvalue().encode()
    if not body:
        return pl.DataFrame({n: pl.Series(n, [], dtype=pl.Utf8) for n in names}), records
    # The rows are now a clean rectangle: let pyarrow type them (all text) as on the fast path.
    frame = _frame_fast(b"header\n" + body, names)  # the first line is skipped
    assert frame is not None and frame.height == len(records)
    return frame, records


def _valid_utf8(data: bytes | memoryview) -> bool:
    """Check UTF-8 without building a Python string (pyarrow validates the buffer in place)."""
    offsets = pa.py_buffer(array("i", [0, len(data)]).tobytes())
    try:
        pa.StringArray.from_buffers(1, offsets, pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _as_utf8(data: bytes, encoding: str | None, name: str) -> tuple[bytes, str]:
    """The file as UTF-8 bytes (BOM removed) and the encoding it was in. UTF-8 input is not
    copied or decoded: a 150,000-row extract stays one buffer."""
    wanted = (encoding or "").lower().replace("_", "-")
    if data.startswith(codecs.BOM_UTF8) and wanted in ("", "utf-8", "utf8", "utf-8-sig"):
        body, enc = data[3:], "utf-8-sig"
        while body.startswith(codecs.BOM_UTF8):  # a second BOM (a file saved twice): not data
            body = body[3:]
    elif wanted in ("", "utf-8", "utf8") and not data.startswith(_WIDE_BOMS):
        body, enc = data, "utf-8"
    else:
        text, enc = decode(data, encoding, name)
        return text.lstrip("\ufeff").encode(), enc
    if _valid_utf8(body):
        return body, enc
    if encoding:
        decode(body, "utf-8", name)  # raises with the line of the bad byte
    if _UTF8_MULTIBYTE.search(body):
        # Valid UTF-8 characters and bytes that are not: two encodings in one file. Reading it
        # all as cp1252 would turn every UTF-8 character into mojibake.
        try:
            body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"invalid UTF-8 (byte 0x{body[exc.start]:02x}) in a file that is otherwise "
                "UTF-8: mixed encodings? fix this line, or pass --encoding to read the whole "
                "file in one encoding",
                path=name,
                line=body.count(b"\n", 0, exc.start) + 1,
            ) from None
    text, enc = decode(data, "cp1252", name)
    return text.encode(), enc


_BLOCK = 1 << 24
_HEAD = 1 << 16  # enough of the file to see its header line and its magic bytes
# A well-formed UTF-8 character of two to four bytes.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
_SPECS = {s.name: s for s in column_specs("extract")}
_NEWLINE = re.compile(b"\n")


class _CheckedFile:
    """The file as pyarrow reads it, block by block, hashed and checked on the way (on another
    thread, while pyarrow parses) for what read_table checks on the whole file: no NUL,
    valid UTF-8, an even number of quotes. Newlines are counted, so the caller can tell whether
    pyarrow passed over a blank line. The file is read once and never held whole in memory."""

    closed = False

    def __init__(
        self, handle: io.BufferedReader, hasher: ThreadPoolExecutor, hashed: bool = True
    ) -> None:
        self._handle = handle
        self._hasher = hasher
        self._hashed: Future | None = None
        # not hashed here where the source hashes the bytes on disk (Utf8Source): once is enough
        self._sha = hashlib.sha256() if hashed else None
        self.quotes = 0
        self.newlines = 0
        self.lone_cr = False  # a carriage return not followed by a newline (pyarrow ends a row)
        self.last_byte = b""
        self.simple = True  # False as soon as a check fails: the caller reads the file exactly
        self.text = False  # any non-space byte seen
        self._tail = b""  # what follows the last newline read so far (UTF-8 not yet checked)
        self._quote_tail = b""  # the last block's trailing quotes and the byte before them
        self._quote_from_start = True  # the tail is everything read so far
        self._first = True

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if not self.simple:
            return b""  # stop the parse early: the result is discarded
        block = self._handle.read(size)
        if block:
            self._check(block)
        return block if self.simple else b""

    def _check(self, block: bytes) -> None:
        if self._first:
            self._first = False
            if block.startswith(ANY_BOM) or block[:1].isspace():
                self.simple = False
                return
        # In order (one worker), next to the parse: hashlib and pyarrow let go of the GIL.
        self._hashed = self._hasher.submit(self._inspect, block)

    def _inspect(self, block: bytes) -> None:
        if self._sha is not None:
            self._sha.update(block)
        if not self.simple:
            return
        if b"\x00" in block:
            self.simple = False
            return
        data = np.frombuffer(block, dtype=np.uint8)  # counted by numpy, the GIL let go
        self.quotes += int(np.count_nonzero(data == _QUOTE))
        chunk = self._quote_tail + block
        if _quote_suspect_block(chunk, at_start=self._quote_from_start):
            self.simple = False
            return
        kept = len(chunk) - len(chunk.rstrip(b'"')) + 1
        self._quote_tail = chunk[-kept:]
        self._quote_from_start = self._quote_from_start and kept >= len(chunk)
        self.newlines += int(np.count_nonzero(data == _LF))
        if self.last_byte == b"\r" and block[:1] != b"\n":
            self.lone_cr = True
        if b"\r" in block:  # memchr first
            after = np.flatnonzero(data[:-1] == _CR) + 1  # the last byte: see next block
            if after.size and bool((data[after] != _LF).any()):
                self.lone_cr = True
        self.last_byte = block[-1:]
        self.text = self.text or re.search(rb"\S", block) is not None
        first = block.find(b"\n")
        if first < 0:
            self._tail += block
            return
        last = block.rfind(b"\n")
        # A newline never falls inside a UTF-8 sequence: check the text between newlines.
        if not _valid_utf8(self._tail + block[:first]) or not _valid_utf8(
            memoryview(block)[first:last]
        ):
            self.simple = False
            return
        self._tail = block[last + 1 :]

    def sha256(self) -> str:
        """The hash of every byte of the file (the rest is read if the parse stopped early);
        "" when not hashed here."""
        while self.read(_BLOCK):
            pass
        if self._hashed is not None:
            self._hashed.result()
        if self.simple and not _valid_utf8(self._tail):
            self.simple = False
        return self._sha.hexdigest() if self._sha is not None else ""


# pyarrow's block when streaming: what one parse step holds (a 4 MB block took ~280 MB to
# parse 282 columns, 1 MB ~130 MB), and the longest record that streams
STREAM_BLOCK = 1 << 20
_BLOCK_FOR_SOURCE = STREAM_BLOCK


class Utf8Source:
    """The file's bytes as UTF-8 for pyarrow: a UTF-8 BOM dropped, Windows-1252 transcoded
    on the fly. Hashes the bytes as they are on disk."""

    closed = False

    def __init__(self, handle, encoding: str, refuse_utf8: bool = False) -> None:
        self._handle = handle
        # Windows-1252 as a guess: a UTF-8 character in it means two encodings in one file,
        # which read_table names the line of (UnicodeDecodeError sends the file there)
        self._refuse_utf8 = refuse_utf8
        self._carry = b""  # the non-ASCII bytes that ended the last block (a character's start)
        self._cp1252 = codecs.lookup(encoding).name == "cp1252"
        self._decoder = (
            codecs.getincrementaldecoder(encoding)("strict")
            if encoding not in ("utf-8", "utf-8-sig") and not self._cp1252
            else None
        )
        self._skip_bom = encoding == "utf-8-sig"
        self._pending = b""
        self._done = False
        self.sha = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        size = _BLOCK_FOR_SOURCE if size is None or size < 0 else size
        while len(self._pending) < size and not self._done:
            raw = self._handle.read(size)
            self.sha.update(raw)
            self._done = not raw
            if self._skip_bom:
                self._skip_bom = False
                raw = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
            if self._cp1252:
                # an undefined byte raises UnicodeDecodeError: the survey then leaves the
                # file to read_table, which names the line
                raw = self._from_cp1252(raw)
            elif self._decoder is not None:
                raw = self._decoder.decode(raw, final=self._done).encode("utf-8")
            if not self._pending and len(raw) <= size:
                return raw  # UTF-8 as it is, or a block that fits: no copy
            self._pending += raw
        out, self._pending = self._pending[:size], self._pending[size:]
        return out

    def _from_cp1252(self, raw: bytes) -> bytes:
        """A block of Windows-1252 as UTF-8. Nearly every byte of an extract is ASCII, the same
        in both: only the few others are looked up, where numpy finds them (Python's codec
        takes every byte through a str: 1.2 s for 166 MB, this 0.2 s); with refuse_utf8 the
        runs of them side by side, where a UTF-8 character would be, are looked at for one."""
        if raw.isascii():
            self._carry = b""
            return raw
        data = np.frombuffer(raw, dtype=np.uint8)
        at = np.flatnonzero(data >= 0x80)
        high = data[at].tobytes()  # the non-ASCII bytes, in order
        undefined = _CP1252_UNDEFINED.intersection(high)
        if undefined:
            first = int(at[min(high.index(bytes([b])) for b in undefined)])
            raise UnicodeDecodeError(
                "cp1252", raw, first, first + 1, "character maps to <undefined>"
            )
        if self._refuse_utf8:
            self._refuse_utf8_runs(at, high, len(raw))
        utf8 = _CP1252_UTF8
        out: list[bytes] = []
        start = 0
        for k, byte in zip(at.tolist(), high, strict=True):
            out += (raw[start:k], utf8[byte])
            start = k + 1
        out.append(raw[start:])
        return b"".join(out)

    def _refuse_utf8_runs(self, at: np.ndarray, high: bytes, size: int) -> None:
        """UnicodeDecodeError where non-ASCII bytes side by side (at: their places in the
        block; the last block's last ones included) make a UTF-8 character."""
        carry = self._carry if at[0] == 0 else b""  # the block goes on with the last run
        seen = carry + high
        if _UTF8_MULTIBYTE.search(seen) is not None:  # the runs are pieces of seen: most pass
            cuts = (np.flatnonzero(np.diff(at) != 1) + 1 + len(carry)).tolist()
            edges = [0, *cuts, len(seen)]
            for a, b in zip(edges, edges[1:], strict=False):
                if _UTF8_MULTIBYTE.search(seen, a, b) is not None:
                    raise UnicodeDecodeError("cp1252", seen, a, b, "a UTF-8 character")
        if at[-1] != size - 1:
            self._carry = b""
        elif len(at) == size:  # the whole block is one run
            self._carry = seen[-3:]
        else:  # the run the block ends with (a character has at most 4 bytes)
            n = 1
            while n < min(3, len(at)) and at[-1 - n] == size - 1 - n:
                n += 1
            self._carry = high[-n:]


def valid_utf8_file(path: Path) -> bool:
    """Every byte of the file valid UTF-8 (checked a block at a time, never held whole)."""
    tail = b""
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            data = tail + block
            cut = data.rfind(b"\n") + 1  # a newline never falls inside a character
            if not _valid_utf8(memoryview(data)[:cut]):
                return False
            tail = data[cut:]
    return _valid_utf8(tail)


def plain_cp1252(path: Path) -> bool:
    """Not UTF-8, and no UTF-8 character in it either: Windows-1252, as read_table decides
    (a file mixing the two is left to read_table, which names the line)."""
    invalid = False
    tail = b""
    with path.open("rb") as handle:
        while True:
            block = handle.read(_BLOCK)
            data = tail + block
            cut = data.rfind(b"\n") + 1 if block else len(data)
            piece, tail = data[:cut], data[cut:]
            if _has_utf8_character(piece):
                return False
            invalid = invalid or not _valid_utf8(piece)
            if not block:
                return invalid


_ASCII = bytes(range(128))
_NON_ASCII = bytes(range(128, 256))
_NON_ASCII_AS_NUL = bytes(range(128)) + bytes(128)  # a translate table
_CP1252_UTF8: dict[int, bytes] = {}
for _byte in range(128, 256):
    with contextlib.suppress(UnicodeDecodeError):
        _CP1252_UTF8[_byte] = bytes([_byte]).decode("cp1252").encode("utf-8")
_CP1252_UNDEFINED = frozenset(set(range(128, 256)) - set(_CP1252_UTF8))  # 0x81, 0x8d...
_LEADS = frozenset(range(0xC2, 0xF5))  # the first byte of a two- to four-byte character


def _has_utf8_character(data: bytes) -> bool:
    """A well-formed UTF-8 character of two to four bytes somewhere in `data`. Its bytes are
    all outside ASCII and side by side, so they stay side by side once the ASCII bytes are
    taken out: the pattern is looked for in what is left (a few bytes in a thousand in a
    Windows-1252 file), and only where it is found there is each lead byte looked at in
    place (a search of the whole took 3 s for 166 MB)."""
    rest = data.translate(None, _ASCII)
    if _UTF8_MULTIBYTE.search(rest) is None:
        return False
    for lead in (bytes([b]) for b in set(rest) & _LEADS):
        at = data.find(lead)
        while at >= 0:
            if _UTF8_MULTIBYTE.match(data, at):
                return True
            at = data.find(lead, at + 1)
    return False


def _categorical(name: str) -> bool:
    """Columns with a closed (or nearly closed) set of values: few distinct values, many rows."""
    spec = _SPECS.get(canonical_name(name))
    return spec is not None and spec.kind in ("vocab", "yes_no", "open_vocab")


def _read_checked(
    path: Path,
    name: str,
    compact: bool,
    encoding: str = "utf-8",
    columns: frozenset[str] | None = None,
) -> Table | None:
    """The common case (a UTF-8 file, no ragged row, blank line or odd quoting): pyarrow parses
    blocks in parallel as _CheckedFile reads, hashes and checks them, so the file is never held
    whole next to the table. Vocabulary columns come as dictionaries (categories in polars) when
    compact. None when the file needs read_table's exact path.

    `columns` (published names): only those are converted (every field is still parsed and
    counted, so a ragged row is still found), and Excel's blank-named columns. Where a row is
    blank in every column read, the file is read whole instead, so a row blank in every column
    held is never one that holds something elsewhere. The newlines of the fields left unread
    are not counted: lines are found (by reading the file whole) when a finding needs one."""
    with path.open("rb") as handle, ThreadPoolExecutor(1) as hasher:
        first_line = handle.readline()
        if first_line.count(b'"') % 2:
            return None
        try:
            header = next(csv.reader(io.StringIO(first_line.decode(encoding), newline="")), [])
        except UnicodeDecodeError:
            return None
        if not header:
            return None
        header_info = header_names(header)
        names = header_info.names
        include = (
            [
                n
                for i, n in enumerate(names)
                if i in header_info.blank or canonical_name(n) in columns
            ]
            if columns is not None
            else None
        )
        handle.seek(0)
        # Windows-1252 is transcoded on the fly (hashed as it is on disk), never read whole
        transcoded = Utf8Source(handle, encoding) if encoding != "utf-8" else None
        source = _CheckedFile(
            transcoded or handle,  # type: ignore[arg-type]
            hasher,
            hashed=transcoded is None,
        )
        invalid: list[int] = []

        def on_invalid(row: pacsv.InvalidRow) -> str:
            invalid.append(row.actual_columns)
            return "skip"

        try:
            arrow = pacsv.read_csv(  # blocks parsed in parallel
                source,
                read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=_BLOCK),
                parse_options=pacsv.ParseOptions(
                    newlines_in_values=True, invalid_row_handler=on_invalid
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={
                        n: _DICTIONARY if compact and _categorical(n) else pa.string()
                        for n in names
                    },
                    include_columns=include or [],
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    check_utf8=False,  # _CheckedFile checks the bytes
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowException, UnicodeDecodeError):
            return None
        sha = source.sha256()
        if transcoded is not None:
            sha = transcoded.sha.hexdigest()
    if invalid or not source.simple or not source.text or source.quotes % 2:
        return None
    if include:
        table = _selected(arrow, header, name, encoding, sha, header_info, source, first_line)
        return table if table is not None else _read_checked(path, name, compact, encoding)
    newline_columns: set[str] = set()
    for batch in arrow.to_batches():
        newline_columns |= _newline_columns(batch)
    frame = pl.from_arrow(arrow, rechunk=False)
    assert isinstance(frame, pl.DataFrame)
    del arrow
    pa.default_memory_pool().release_unused()
    # With no blank line and a one-line header, a record takes 1 + (newlines in its fields)
    # lines: its start line follows from the rows before it.
    # pyarrow passes over blank lines (which are not records) without a word: every newline
    # must end the header or a record (the last may have none) or be inside a field, else the
    # exact path counts lines. A carriage return alone also ends a row for pyarrow.
    counts = [
        pl.col(c).cast(pl.String).str.count_matches("\n", literal=True).cast(pl.Int64)
        for c in sorted(newline_columns)
    ]
    per_row = (
        frame.select(pl.sum_horizontal(counts).alias("n"))["n"]
        if counts
        else pl.Series("n", [0] * frame.height, dtype=pl.Int64)
    )
    expected = 1 + frame.height + int(per_row.sum()) - (source.last_byte != b"\n")
    if source.newlines != expected or source.lone_cr or source.last_byte == b"\r":
        return None
    starts = (per_row + 1).cum_sum().shift(1, fill_value=0) + 2
    lines = array("l", starts.cast(pl.Int64).to_list())
    return _checked_table(frame, header, name, encoding, sha, header_info, first_line, lines)


def _checked_table(
    frame, header, name, encoding, sha, header_info, first_line, lines=None
) -> Table:
    """The Table of a file the checked path read: no repairs, no ragged rows; the padding of
    names and values taken off."""
    frame, header_info = _without_padding(frame, header_info)
    return Table(
        frame,
        header,
        name,
        encoding,
        sha,
        [],
        header_info.duplicates,
        0,
        [],
        header_info,
        _lines=lines,
        newline=_newline_of(first_line),
    )


def blank_rows(frame: pl.DataFrame) -> pl.Series:
    """Rows blank (after trimming) in every column: the rows blank in the first column are
    looked at in the others, so a file with none costs one column's look."""

    def blank(c: str) -> pl.Expr:
        return pl.col(c).cast(pl.String).str.strip_chars() == ""

    if not frame.width:
        return pl.Series("blank", [True] * frame.height, dtype=pl.Boolean)
    first = frame.select(blank(frame.columns[0]).alias("blank")).to_series()
    rows = first.arg_true()
    if rows.len() == 0:
        return first
    rest = frame[rows].select(pl.all_horizontal([blank(c) for c in frame.columns])).to_series()
    return first.scatter(rows, rest)


def _selected(arrow, header, name, encoding, sha, header_info, source, first_line) -> Table | None:
    """_read_checked's table of some columns; None (read the file whole) where a row is blank
    in every one of them: a record that may hold something in another."""
    if source.lone_cr or source.last_byte == b"\r":
        return None
    frame = pl.from_arrow(arrow, rechunk=False)
    assert isinstance(frame, pl.DataFrame)
    del arrow
    if blank_rows(frame).any():
        return None
    return _checked_table(frame, header, name, encoding, sha, header_info, first_line)


def _without_padding(frame: pl.DataFrame, names: HeaderNames) -> tuple[pl.DataFrame, HeaderNames]:
    """Leave out Excel's padding: trailing columns with a blank name and no value in any row."""
    trailing = []
    for i in reversed(range(len(names.names))):
        if i not in names.blank:
            break
        trailing.append(i)
    if not trailing:
        return frame, names
    cols = [names.names[i] for i in trailing]
    empty = frame.select((pl.col(c).cast(pl.String).fill_null("") == "").all() for c in cols).row(0)
    padding = []
    for i, is_empty in zip(trailing, empty, strict=True):
        if not is_empty:
            break
        padding.append(i)
    if not padding:
        return frame, names
    kept = [i for i in range(len(names.names)) if i not in set(padding)]
    frame = frame.drop([names.names[i] for i in padding])
    names = HeaderNames(
        [names.names[i] for i in kept],
        names.duplicates,
        names.generated - {names.names[i] for i in padding},
        tuple(i for i in names.blank if i not in set(padding)),
        names.spaced,
        names.original,
        len(padding),
    )
    return frame, names


def _newline_columns(batch: pa.RecordBatch | pa.Table) -> set[str]:
    """Columns with a newline somewhere in the block's text (one memchr over each buffer)."""
    found = set()
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        pieces = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
        for piece in pieces:
            text = piece.dictionary if isinstance(piece, pa.DictionaryArray) else piece
            data = text.buffers()[2]
            if data is not None and _NEWLINE.search(memoryview(data)) is not None:
                found.add(name)
                break
    return found


def read_table(
    path: str | Path,
    *,
    encoding: str | None = None,
    compact: bool = True,
    columns: Iterable[str] | None = None,
) -> Table:
    """Read an extract or release CSV. Raises InputError for what cannot be read at all.

    With compact (the default), vocabulary columns may be held as categories until
    Table.frame is first asked for, which turns them into text; validation never asks, and
    commands that work on the text pass compact=False to get it straight away.

    `columns` (published names; a file's corrected spellings count): the frame may hold only
    these, read faster. It holds every column where the file must be read whole (a blank
    line, ragged rows, another encoding...) or where a row is blank in every one of them, so
    a row blank in every column of the frame is blank in the file. The header, the hash and
    the structural findings are the whole file's either way."""
    name = str(path)
    selection = frozenset(columns) if columns is not None else None
    wanted = (encoding or "utf-8").lower().replace("_", "-")
    if encoding:
        check_encoding(encoding, name)
    if name != "-":
        require_regular_file(path)
        with readable(path), Path(path).open("rb") as handle:
            head = handle.read(_HEAD)
        refuse_other_formats(head, name)
        refuse_wide(head, name)
    if name != "-" and wanted in ("utf-8", "utf8"):
        with readable(path), _quiet_unraisable():
            table = _read_checked(Path(path), name, compact, columns=selection)
        if table is None and not encoding and plain_cp1252(Path(path)):
            with readable(path), _quiet_unraisable():
                table = _read_checked(Path(path), name, compact, "cp1252", selection)
        if table is not None:
            return table
    if name != "-" and wanted in ("cp1252", "windows-1252"):
        with readable(path), _quiet_unraisable():
            table = _read_checked(Path(path), name, compact, "cp1252", selection)
        if table is not None:
            return table
    data = read_bytes(path)
    if name == "-":
        refuse_other_formats(data[:_HEAD], name)
        refuse_wide(data[:_HEAD], name)
    if re.search(rb"\S", data) is None:
        raise InputError("the file is empty", path=name)
    wide = wanted.startswith(("utf-16", "utf16", "utf-32", "utf32"))
    if b"\x00" in data and not data.startswith(_WIDE_BOMS) and not wide:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(
            "the file contains NUL bytes: a binary file, or UTF-16/UTF-32 without a "
            "byte-order mark (then pass --encoding, e.g. utf-16-le)?",
            path=name,
            line=line,
        )
    sha = hashlib.sha256(data).hexdigest()
    bom = data.startswith(ANY_BOM)
    utf8, enc = _as_utf8(data, encoding, name)
    del data
    first_line = utf8[: utf8.find(b"\n") + 1 or None].decode("utf-8", errors="replace")
    header = next(csv.reader(io.StringIO(first_line, newline="")), [])
    simple = (
        bool(header)
        and first_line.count('"') % 2 == 0  # a quoted newline in the header: the exact way
        and utf8.count(b'"') % 2 == 0
        and not utf8[:1].isspace()
        and not _quote_suspect(utf8)
    )
    frame = _frame_fast(utf8, header_names(header).names) if simple else None
    if frame is not None:
        frame, names = _without_padding(frame, header_names(header))
        return Table(
            frame,
            header,
            name,
            enc,
            sha,
            [],
            names.duplicates,
            0,
            [],
            names,
            _data=utf8,
            newline=_newline_of(utf8),
            bom=bom,
        )
    text = utf8.decode("utf-8")
    scan = _scan(text, name)
    names = header_names(scan.header)
    frame, records = _frame_exact(text, names.names, {q.record for q in scan.stray_quotes})
    frame, names = _without_padding(frame, names)
    good = [scan.lines[r - 1] for r in records]
    return Table(
        frame,
        scan.header,
        name,
        enc,
        sha,
        scan.ragged,
        names.duplicates,
        scan.blanks,
        scan.stray_quotes,
        names,
        _records=records,
        _lines=array("l", good),
        _data=utf8,
        newline=_newline_of(utf8),
        bom=bom,
    )
