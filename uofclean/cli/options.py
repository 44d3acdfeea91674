"""Options shared by several commands, defined once (as frictionless and csvkit do)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
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
Jobs = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Worker processes (default: all cores).")
]
InputPath = Annotated[str, typer.Argument(help="CSV file to read, or - for standard input.")]
