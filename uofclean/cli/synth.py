"""`uofclean synth`: a realistic synthetic extract, with ground truth."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import app
from uofclean.cli.options import Debug, Quiet, at_least_one


@app.command(
    epilog="Example: uofclean synth --rows 5000 --seed 7 --errors --duplicates "
    "--truth truth.json -o extract.csv; two years to compare: uofclean synth --rows 4000 "
    "--years 2 -o extract.csv"
)
def synth(
    output: Annotated[str, typer.Option("--output", "-o", help="CSV to write (- for stdout).")],
    rows: Annotated[
        int, typer.Option("--rows", callback=at_least_one("--rows"), help="Rows to write.")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 1,
    errors: Annotated[bool, typer.Option("--errors", help="Inject rule violations.")] = False,
    duplicates: Annotated[
        bool, typer.Option("--duplicates", help="Inject duplicate forms and non-duplicate traps.")
    ] = False,
    truth: Annotated[
        Path | None, typer.Option("--truth", help="Write the ground truth (spans, errors) as JSON.")
    ] = None,
    encoding: Annotated[
        str, typer.Option("--encoding", help="utf-8 (default), utf-8-sig or cp1252.")
    ] = "utf-8",
    period: Annotated[
        str, typer.Option("--period", help="Incident dates, START:END (ISO dates).")
    ] = "2020-04-01:2021-03-31",
    shuffle_columns: Annotated[
        bool, typer.Option("--shuffle-columns", help="Put the columns in a random order.")
    ] = False,
    years: Annotated[
        int,
        typer.Option(
            "--years",
            callback=at_least_one("--years"),
            help="Spread the incidents over the period and the N-1 years after it, each "
            "with fewer incidents and its own rate of each tactic (for year-on-year "
            "statistics: uofclean stats --previous).",
        ),
    ] = 1,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Write a realistic synthetic extract: personal data in the free text, and on request
    injected errors and duplicates, plus a ground-truth file saying where they are."""
    import codecs

    from uofclean.errors import OptionError
    from uofclean.io import write_text
    from uofclean.io.writer import check_outputs
    from uofclean.synth import SynthOptions, generate, write
    from uofclean.validate.period import parse_period

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise OptionError(f"unknown encoding {encoding!r}") from None
    check_outputs([output, truth], [])
    options = SynthOptions(
        rows, seed, errors, duplicates, parse_period(period), shuffle_columns, encoding, years
    )
    result = generate(options)
    write(result, output, encoding)
    if truth is not None:
        write_text(truth, json.dumps(result.truth, ensure_ascii=False))
    typer.echo(
        f"synth: {len(result.rows)} rows, {len(result.truth['entities'])} personal details, "
        f"{len(result.truth['errors'])} injected errors, "
        f"{len(result.truth['duplicates'])} duplicates",
        err=True,
    )
