"""Read a CSV extract exactly as it is: no value is trimmed, padded or guessed.

Two passes, each done by a library made for it:
1. Python's csv module (C code, streaming) is the authority on structure: it finds every record's
   physical line, ragged rows (too few or too many fields), unterminated quotes and blank lines.
2. polars loads the columns (all as text) fast, and only when pass 1 found a clean rectangle;
   otherwise the rows from pass 1 are used, padded with nulls, so record numbers never shift.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from uofclean.errors import InputError

csv.field_size_limit(sys.maxsize)  # a 5 MB narrative is a valid field

ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "utf-16")


@dataclass(frozen=True)
class RaggedRow:
    """A record whose field count differs from the header's."""

    record: int  # 1-based data record number (header not counted)
    line: int  # physical line where the record starts
    expected: int
    actual: int


@dataclass
class Table:
    """An extract as read: text columns plus everything needed to point at a record."""

    frame: pl.DataFrame  # every column Utf8; row i is record i + 1
    header: list[str]  # column names exactly as in the file
    lines: array  # lines[i]: physical line (1-based) where record i + 1 starts
    path: str
    encoding: str
    sha256: str
    ragged: list[RaggedRow] = field(default_factory=list)
    duplicate_headers: dict[str, list[int]] = field(default_factory=dict)  # name -> positions
    blank_lines: int = 0  # blank lines skipped (not records)

    @property
    def rows(self) -> int:
        return self.frame.height

    def line_of(self, row_index: int) -> int:
        """Physical line of the record at 0-based row index."""
        return int(self.lines[row_index])

    def require_rectangular(self) -> None:
        """Refuse ragged rows and duplicate headers (for commands that write data back)."""
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
            raise InputError(f"duplicate column name {name!r} in the header", path=self.path, line=1)


def read_bytes(path: str | Path) -> bytes:
    """The raw bytes of a file, or of standard input for "-"."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, not a CSV file", path=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None


def decode(data: bytes, encoding: str | None, name: str) -> tuple[str, str]:
    """Decode bytes, detecting UTF-8 (with or without BOM), UTF-16 (BOM) and Windows-1252."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}", path=name) from None
        candidates = [encoding]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
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


def _is_blank(row: list[str], width: int) -> bool:
    return not row or (width > 1 and len(row) == 1 and not row[0].strip())


def _scan(text: str, name: str) -> tuple[list[str], array, list[RaggedRow], int]:
    """Pass 1: header, start line of every record, ragged rows, blank lines."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    lines = array("l")
    ragged: list[RaggedRow] = []
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
            if len(row) != width:
                ragged.append(RaggedRow(len(lines), start, width, len(row)))
    except csv.Error as exc:
        raise InputError(_csv_message(exc), path=name, line=last_line + 1) from None
    return header, lines, ragged, blanks


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    if "unexpected end of data" in text:
        return "unterminated quoted field (a quote opened here is never closed)"
    if "NUL" in text or "null byte" in text:
        return "the file contains NUL bytes: is it a binary file?"
    return f"malformed CSV: {text}"


def _unique_names(header: list[str]) -> tuple[list[str], dict[str, list[int]]]:
    seen: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        seen.setdefault(name, []).append(i)
    dups = {n: pos for n, pos in seen.items() if len(pos) > 1}
    names = list(header)
    for name, positions in dups.items():
        for k, pos in enumerate(positions[1:], start=2):
            names[pos] = f"{name} ({k})"
    return names, dups


def _frame_fast(utf8: bytes, names: list[str]) -> pl.DataFrame | None:
    try:
        return pl.read_csv(
            io.BytesIO(utf8),
            has_header=True,
            new_columns=names,
            infer_schema=False,
            missing_utf8_is_empty_string=True,
            quote_char='"',
            raise_if_empty=False,
        )
    except Exception:  # noqa: BLE001 - any disagreement falls back to the exact path
        return None


def _frame_exact(text: str, names: list[str], width: int) -> pl.DataFrame:
    """Rows from the csv module, short rows padded with nulls, long rows cut (they are findings)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    columns: list[list[str | None]] = [[] for _ in range(width)]
    header_seen = False
    for row in reader:
        if _is_blank(row, width if header_seen else 2):
            continue
        if not header_seen:
            header_seen = True
            continue
        for i in range(width):
            columns[i].append(row[i] if i < len(row) else None)
    return pl.DataFrame({n: pl.Series(n, c, dtype=pl.Utf8) for n, c in zip(names, columns)})


def read_table(path: str | Path, *, encoding: str | None = None) -> Table:
    """Read an extract or release CSV. Raises InputError for what cannot be read at all."""
    name = str(path)
    data = read_bytes(path)
    if not data.strip():
        raise InputError("the file is empty", path=name)
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError("the file contains NUL bytes: is it a binary file?", path=name, line=line)
    sha = hashlib.sha256(data).hexdigest()
    text, enc = decode(data, encoding, name)
    if text.startswith("\ufeff"):
        text = text[1:]
    header, lines, ragged, blanks = _scan(text, name)
    names, dups = _unique_names(header)
    frame = None
    if not ragged:
        utf8 = data[3:] if enc == "utf-8-sig" else data if enc == "utf-8" else text.encode()
        frame = _frame_fast(utf8, names)
        if frame is not None and (frame.height != len(lines) or frame.width != len(names)):
            frame = None
    if frame is None:
        frame = _frame_exact(text, names, len(header))
    return Table(frame, header, lines, name, enc, sha, ragged, dups, blanks)
