"""`uofclean scan`: the leak gate over any CSV."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import EXIT_FAIL, app
from uofclean.cli.options import Debug, DecisionsFile, Encoding, InputPath, Jobs, Quiet


@app.command(epilog="Example: uofclean scan release.csv --format json --output leaks.json")
def scan(
    path: InputPath,
    columns: Annotated[
        str | None,
        typer.Option("--columns", help="Comma-separated columns to read (default: the free text)."),
    ] = None,
    format: Annotated[
        str, typer.Option("--format", help="text, json, junit, markdown or github.")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the findings here.")
    ] = None,
    jobs: Jobs = None,
    decisions: DecisionsFile = None,
    no_ner: Annotated[bool, typer.Option("--no-ner", help="Rules only.")] = False,
    encoding: Encoding = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Look for personal data left in a CSV's text columns; exit 1 if any is found, listing
    record numbers, columns and types, never the values."""
    from uofclean.cli.redact import choose_columns, split_columns
    from uofclean.errors import OptionError
    from uofclean.io import write_text
    from uofclean.io.chunks import open_chunks
    from uofclean.io.writer import check_outputs
    from uofclean.progress import show_progress
    from uofclean.redact.stream import scan_file
    from uofclean.render import FORMATS
    from uofclean.review import decisions as dec

    if format not in FORMATS:
        raise OptionError(f"--format must be one of {', '.join(FORMATS)}")
    check_outputs([output], [path, decisions])
    decided = dec.load(decisions) if decisions is not None else None
    table = open_chunks(path, encoding=encoding)
    table.require_rectangular()
    named = split_columns(columns)
    chosen = choose_columns(named, table) if named else None
    if chosen:
        table.require_columns(chosen)
    result = scan_file(
        table, chosen, ner=not no_ner, jobs=jobs, progress=show_progress(quiet), decisions=decided
    )
    changed = None
    said = _summary(result)
    if decided is not None:
        assert result.decided is not None
        changed = result.decided.report(decided, table.sha256)
        said += f"; {dec.describe(changed)}"
        said += "".join(f"; warning: {n}" for n in dec.sha_note(decided, table.sha256))
    if format == "json":
        text = (
            json.dumps(
                {
                    "clean": result.clean,
                    "rows": result.rows,
                    "columns": result.columns,
                    "findings": [f.to_dict() for f in result.findings],
                    "detector": result.detector,
                    **({"decisions": changed} if changed is not None else {}),
                },
                indent=2,
            )
            + "\n"
        )
    elif format == "text":
        lines = [f"record {f.row}, {f.column}: {f.message}" for f in result.findings]
        text = "\n".join([*lines, said]) + "\n"
    else:
        text = _rendered(result, table, format)
    if output is not None:
        write_text(output, text)
        typer.echo(said, err=True)
    else:
        typer.echo(text, nl=False)
    if not result.clean:
        raise typer.Exit(EXIT_FAIL)


def _summary(result) -> str:
    verdict = (
        "no personal data found"
        if result.clean
        else f"{len(result.findings)} cell(s) with possible personal data"
    )
    return f"scan: {result.rows} rows, {', '.join(result.columns)}: {verdict}"


def _rendered(result, table, fmt: str) -> str:
    """junit, markdown or github: validate's renderers over the scan's findings, each given
    the physical line of its record (for annotations)."""
    from dataclasses import replace

    from uofclean.render import render
    from uofclean.validate.report import ValidationReport

    lines = {table.record_of(i): table.line_of(i) for i, _ in result.cells}
    report = ValidationReport(
        table.path,
        "scan",
        result.rows,
        errors=[replace(f, line=lines.get(f.row)) for f in result.findings],
        sha256=table.sha256,
        tool="scan",
        scope=f"columns {', '.join(result.columns)}",
    )
    return render(report, fmt)
