"""Options shared by several commands, defined once (as frictionless and csvkit do)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

# Quiet hides the bar only: the one-line summary and why a gate failed always print (stderr).
Quiet = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No progress bar (the summary and any failure still print)."
    ),
]
Debug = Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")]
Encoding = Annotated[
    str | None,
    typer.Option(
        "--encoding", help="Input encoding (default: detect UTF-8, UTF-8 with BOM, Windows-1252)."
    ),
]
KeyFile = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        help="File holding the pseudonymisation key (default: $UOFCLEAN_KEY).",
    ),
]


def at_least_one(option: str):
    """A callback for a count option (N >= 1): a bad value is one line (exit 2), like every
    other option error, not click's usage block."""

    def check(value: int | None) -> int | None:
        from uofclean.errors import OptionError

        if value is not None and value < 1:
            raise OptionError(f"{option} must be 1 or more (got {value})")
        return value

    return check


Jobs = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        callback=at_least_one("--jobs"),
        help="Worker processes, 1 or more (default: all cores).",
    ),
]
Excel = Annotated[
    bool,
    typer.Option(
        "--excel",
        help="Write CSV for Excel: UTF-8 with a BOM, CRLF line ends (default: as the input).",
    ),
]
DecisionsFile = Annotated[
    Path | None,
    typer.Option(
        "--decisions",
        help="A reviewer's decisions exported from review.html (JSON or TOML; restricted).",
    ),
]
InputPath = Annotated[str, typer.Argument(help="CSV file to read, or - for standard input.")]


NO_NER_NOTE = "--no-ner: rules only, names may be missed"


def table_notes(table) -> list[str]:
    """What the summary line adds about the input: Excel's empty trailing columns, left out of
    the output."""
    names = table.names
    if names is not None and names.padding:
        return [f"{names.padding} empty trailing column(s) ignored (no name, no values)"]
    return []


def summary(line: str, notes: list[str] | tuple[str, ...] = ()) -> None:
    """A run's one line on stderr: its summary, then any warnings (a run says one line,
    whatever it has to say, so a CI log or a script reads it whole)."""
    typer.echo(line + "".join(f"; warning: {note}" for note in notes), err=True)


# Dask runs redaction on a cluster; the same output whichever engine runs it.
Engine = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local (worker processes on this machine) or dask (a Dask cluster: "
        "pip install uofclean[dask]).",
    ),
]
Scheduler = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="With --engine dask: the scheduler's address, e.g. tcp://host:8786 (default: a "
        "LocalCluster of --jobs workers).",
    ),
]
