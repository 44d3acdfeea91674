"""Atomic outputs: write to a temporary file in the same folder, then rename into place."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from uofclean.errors import OptionError

# Cells a spreadsheet would run as a formula (OWASP CSV injection).
FORMULA_START = r"^[=+\-@\t\r]"


def check_not_input(output: str | Path, *inputs: str | Path) -> None:
    """Refuse to write over an input file."""
    if str(output) == "-":
        return
    out = Path(output)
    for inp in inputs:
        if str(inp) == "-":
            continue
        same = out.exists() and Path(inp).exists() and out.samefile(inp)
        if same or out.resolve() == Path(inp).resolve():
            raise OptionError(
                "the output would overwrite the input; choose another name", path=str(output)
            )


@contextlib.contextmanager
def atomic_path(target: str | Path, mode: int | None = None) -> Iterator[Path]:
    """Yield a temporary path beside target; rename it onto target only if the block succeeds.
    mode: the file's permissions (default: the usual ones, after the umask)."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OptionError("the output folder does not exist", path=str(folder))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    # mkstemp makes 0600; outputs get the usual permissions unless asked otherwise
    os.chmod(tmp, 0o666 & ~umask if mode is None else mode)
    try:
        yield Path(tmp)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def write_text(target: str | Path, text: str, *, mode: int | None = None) -> None:
    """Write UTF-8 text atomically ("-" is standard output)."""
    if str(target) == "-":
        sys.stdout.write(text)
        return
    with atomic_path(target, mode) as tmp:
        tmp.write_text(text, encoding="utf-8")


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix cells that start like a spreadsheet formula with a single quote."""
    return frame.with_columns(
        pl.when(pl.col(c).str.contains(FORMULA_START))
        .then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c))
        .alias(c)
        for c, dtype in frame.schema.items()
        if dtype == pl.Utf8
    )


@dataclass(frozen=True)
class CsvStyle:
    """How a CSV output is laid out: always UTF-8, with or without a BOM, records ending in
    LF or CRLF."""

    bom: bool = False
    newline: str = "\n"

    @classmethod
    def of(cls, table, excel: bool = False) -> CsvStyle:
        """The input's own layout (its BOM, its line ends: a CRLF file written back with LF
        would mix the two wherever a field holds a CRLF), or Excel's with excel."""
        if excel:
            return EXCEL
        return cls(bool(getattr(table, "bom", False)), getattr(table, "newline", "\n"))


EXCEL = CsvStyle(bom=True, newline="\r\n")  # what Excel opens as UTF-8 without asking


def write_csv(
    frame: pl.DataFrame,
    target: str | Path,
    *,
    neutralise: bool = False,
    style: CsvStyle = CsvStyle(),
) -> None:
    """Write a frame as UTF-8 CSV (a BOM and CRLF only if the style says so), atomically;
    "-" writes to standard output."""
    if neutralise:
        frame = neutralise_formulas(frame)
    if str(target) == "-":
        sys.stdout.write(frame.write_csv(include_bom=style.bom, line_terminator=style.newline))
        return
    with atomic_path(target) as tmp:
        frame.write_csv(tmp, include_bom=style.bom, line_terminator=style.newline)
