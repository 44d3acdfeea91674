"""`uofclean validate`: the CI gate on extracts and releases."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import EXIT_FAIL, app
from uofclean.cli.options import Debug, Encoding, InputPath, Quiet


@app.command(
    epilog="Example: uofclean validate extract.csv --period 2020-04-01:2021-03-31 "
    "--format junit --output validate.xml"
)
def validate(
    path: InputPath,
    schema: Annotated[
        str, typer.Option("--schema", help="extract (default) or published.")
    ] = "extract",
    format: Annotated[
        str, typer.Option("--format", help="text, json, junit, markdown or github.")
    ] = "text",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here.")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Reporting period START:END (ISO dates); incident dates outside it are errors.",
        ),
    ] = None,
    encoding: Encoding = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Check an extract (or a release) against the schema and rules: categories, dates, tactic
    and effective pairs, Taser columns, unique RecordID. Reports every finding; exit 1 if any
    error."""
    from uofclean.errors import OptionError
    from uofclean.io import write_text
    from uofclean.io.writer import check_outputs
    from uofclean.render import FORMATS, render
    from uofclean.validate.period import parse_period
    from uofclean.validate.stream import validate_file

    if schema not in ("extract", "published"):
        raise OptionError("--schema must be extract or published")
    if format not in FORMATS:
        raise OptionError(f"--format must be one of {', '.join(FORMATS)}")
    window = parse_period(period) if period else None
    check_outputs([output], [path])
    report = validate_file(path, schema, window, encoding=encoding)
    rendered = render(report, format)
    if output is not None:
        write_text(output, rendered)
        typer.echo(
            f"validate: {'valid' if report.valid else 'invalid'}, "
            f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)",
            err=True,
        )
    else:
        typer.echo(rendered, nl=False)
    if not report.valid:
        raise typer.Exit(EXIT_FAIL)
