"""Atomic outputs: write to a temporary file in the same folder, then rename into place."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from uofclean.errors import OptionError

# Cells a spreadsheet would run as a formula (OWASP CSV injection).
FORMULA_START = r"^[=+\-@\t\r]"


def check_not_input(output: str | Path, *inputs: str | Path) -> None:
    """Refuse to write over an input file."""
    check_outputs([output], inputs)


def _same_file(a: Path, b: Path) -> bool:
    """The same path once resolved, or the same file by another name (a hard link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return a.samefile(b)
    except OSError:
        return False


def check_outputs(
    outputs: Iterable[str | Path | None], inputs: Iterable[str | Path | None]
) -> None:
    """Before any work: refuse outputs that would replace an input (data, key or profile,
    whatever their names), outputs of one run on one path (one would silently replace the
    other), and outputs at a folder or a device (a rename would replace /dev/null)."""
    outs = [o for o in outputs if o is not None]
    ins = [Path(i) for i in inputs if i is not None and str(i) != "-"]
    if sum(str(o) == "-" for o in outs) > 1:
        raise OptionError("two outputs of this run go to standard output; name files instead")
    seen: list[Path] = []
    for out in (Path(o) for o in outs if str(o) != "-"):
        if out.is_dir():
            raise OptionError("the output is a folder; name a file in it", path=str(out))
        if out.exists() and not out.is_file():
            raise OptionError("the output is not a regular file", path=str(out))
        if any(_same_file(out, inp) for inp in ins):
            raise OptionError(
                "the output would overwrite the input; choose another name", path=str(out)
            )
        twin = next((s for s in seen if _same_file(out, s)), None)
        if twin is not None:
            raise OptionError(
                f"two outputs of this run are the same file ({twin} and {out}); give each "
                "its own name",
                path=str(out),
            )
        seen.append(out)


def check_outdir_inputs(outdir: str | Path, inputs: Iterable[str | Path | None]) -> None:
    """Refuse an output folder that holds an input: the folder is replaced whole, so an input
    in it (named report.json, say) would be deleted."""
    folder = Path(outdir).resolve()
    for inp in (Path(i) for i in inputs if i is not None and str(i) != "-"):
        real = inp.resolve()
        inside = real == folder or folder in real.parents
        linked = folder.is_dir() and any(
            _same_file(inp, p) for p in folder.iterdir() if p.is_file()
        )
        if inside or linked:
            raise OptionError(
                f"the output folder holds an input ({inp}), and publish replaces the folder "
                "whole; publish into another folder",
                path=str(outdir),
            )


# Temporary outputs being written now: an interrupt that cannot wait for the writer to unwind
# removes them (discard_pending) before the process leaves.
_PENDING: set[Path] = set()


@contextlib.contextmanager
def pending(path: Path) -> Iterator[Path]:
    """Mark a temporary file or folder as an unfinished output while the block runs."""
    _PENDING.add(path)
    try:
        yield path
    finally:
        _PENDING.discard(path)


def discard_pending() -> None:
    """Remove every unfinished output (called from the interrupt watcher, last thing)."""
    for path in list(_PENDING):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                path.unlink()


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
        with pending(Path(tmp)):
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


class CsvSink:
    """A CSV output written a chunk of rows at a time (header and BOM once), atomically: the
    file appears whole when the block ends well, and not at all when it fails."""

    def __init__(self, handle, header: list[str], style: CsvStyle, neutralise: bool) -> None:
        self._handle = handle
        self._header = header
        self._style = style
        self._neutralise = neutralise
        self.rows = 0
        self._started = False

    def write(self, frame: pl.DataFrame) -> None:
        if self._neutralise:
            frame = neutralise_formulas(frame)
        options = {
            "include_header": not self._started,
            "include_bom": self._style.bom and not self._started,
            "line_terminator": self._style.newline,
        }
        if self._handle is sys.stdout:
            sys.stdout.write(frame.write_csv(**options))
        else:
            frame.write_csv(self._handle, **options)
        self._started = True
        self.rows += frame.height

    def finish(self) -> None:
        if not self._started:  # no rows: the header alone, as write_csv writes it
            self.write(pl.DataFrame(schema={c: pl.Utf8 for c in self._header}))


@contextlib.contextmanager
def csv_sink(
    target: str | Path,
    header: list[str],
    *,
    style: CsvStyle = CsvStyle(),
    neutralise: bool = False,
) -> Iterator[CsvSink]:
    """Write a CSV chunk by chunk ("-": standard output, which cannot be taken back)."""
    if str(target) == "-":
        sink = CsvSink(sys.stdout, header, style, neutralise)
        yield sink
        sink.finish()
        return
    with atomic_path(target) as tmp, tmp.open("wb") as handle:
        sink = CsvSink(handle, header, style, neutralise)
        yield sink
        sink.finish()


@contextlib.contextmanager
def lines_sink(target: str | Path | None) -> Iterator[Callable[[str], None]]:
    """A UTF-8 text output written line by line, atomically (None: a sink that drops them)."""
    if target is None:
        yield lambda _line: None
        return
    if str(target) == "-":
        yield lambda line: sys.stdout.write(line + "\n")
        return
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8") as handle:
        yield lambda line: handle.write(line + "\n")
