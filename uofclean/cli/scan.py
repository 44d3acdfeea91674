"""`uofclean scan`: the leak gate over any CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import EXIT_FAIL, app
from uofclean.cli.options import Debug, Encoding, InputPath, Jobs, Quiet


@app.command(epilog="Example: uofclean scan release.csv --format json --output leaks.json")
def scan(
    path: InputPath,
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Comma-separated columns to read (default: the free text)."),
    ] = None,
    format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", help="Write the findings here.")
    ] = None,
    jobs: Jobs = None,
    no_ner: Annotated[bool, typer.Option("--no-ner", help="Rules only.")] = False,
    encoding: Encoding = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Look for personal data left in a CSV's text columns; exit 1 if any is found, listing
    record numbers, columns and types, never the values."""
    from uofclean.cli.redact import split_columns
    from uofclean.errors import OptionError
    from uofclean.io import read_table, write_text
    from uofclean.io.writer import check_not_input
    from uofclean.progress import show_progress
    from uofclean.redact.pipeline import scan_frame

    if format not in ("text", "json"):
        raise OptionError("--format must be text or json")
    if output is not None:
        check_not_input(output, path)
    table = read_table(path, encoding=encoding, compact=False)
    table.require_rectangular()
    chosen = split_columns(columns)
    if chosen:
        table.require_columns(chosen)
    result = scan_frame(
        table.frame,
        chosen,
        ner=not no_ner,
        jobs=jobs,
        progress=show_progress(quiet),
        record_of=table.record_of,
    )
    if format == "json":
        text = (
            json.dumps(
                {
                    "clean": result.clean,
                    "rows": result.rows,
                    "columns": result.columns,
                    "findings": [f.to_dict() for f in result.findings],
                    "detector": result.detector,
                },
                indent=2,
            )
            + "\n"
        )
    else:
        lines = [f"record {f.row}, {f.column}: {f.message}" for f in result.findings]
        verdict = (
            "no personal data found"
            if result.clean
            else f"{len(result.findings)} cell(s) with possible personal data"
        )
        text = (
            "\n".join([*lines, f"scan: {result.rows} rows, {', '.join(result.columns)}: {verdict}"])
            + "\n"
        )
    if output is not None:
        write_text(output, text)
    else:
        typer.echo(text, nl=False)
    if not result.clean:
        raise typer.Exit(EXIT_FAIL)
