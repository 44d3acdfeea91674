"""`uofclean publish`: the whole chain, from extract to open-data release."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import EXIT_FAIL, app
from uofclean.cli.options import (
    Debug,
    Encoding,
    Excel,
    InputPath,
    Jobs,
    KeyFile,
    Quiet,
    at_least_one,
)


@app.command(
    epilog="Example: UOFCLEAN_KEY=... uofclean publish extract.csv -o release/ --profile foi.toml"
)
def publish(
    path: InputPath,
    outdir: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="Folder for release.csv, datapackage.json, report.json and report.html.",
        ),
    ],
    profile_file: Annotated[
        Path | None,
        typer.Option("--profile", help="Release profile (TOML); see 'uofclean profile'."),
    ] = None,
    key_file: KeyFile = None,
    k: Annotated[
        int | None,
        typer.Option(
            "--k",
            callback=at_least_one("--k"),
            help="Override the profile's k (incidents per combination), 1 or more.",
        ),
    ] = None,
    jobs: Jobs = None,
    no_ner: Annotated[
        bool, typer.Option("--no-ner", help="Rules-only redaction (stated in the report).")
    ] = False,
    encoding: Encoding = None,
    excel: Excel = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Dedupe, validate, redact, apply the release profile and disclosure control, scan, and
    write the release with its data package and a report. Exit 1 and no release if a gate
    fails."""
    from uofclean.io.writer import check_not_input
    from uofclean.keys import load_key
    from uofclean.progress import show_progress
    from uofclean.publish.chain import check_outdir, publish_extract, write_outputs
    from uofclean.publish.profile import load_profile

    profile = load_profile(profile_file, k)
    key = load_key(key_file) if profile.needs_key() else None
    check_not_input(outdir / "release.csv", path)
    check_outdir(outdir)  # before the work, not after it
    if no_ner:
        typer.echo("uofclean: warning: --no-ner: rules only, names may be missed", err=True)
    result = publish_extract(
        path,
        profile,
        key=key,
        ner=not no_ner,
        jobs=jobs,
        progress=show_progress(quiet),
        encoding=encoding,
    )
    removed = write_outputs(result, outdir, profile, excel=excel)
    if removed:
        typer.echo(
            f"publish: removed the earlier {' and '.join(removed)} from {outdir}: no release "
            "is left beside reports that say there is none",
            err=True,
        )
    for gate in result.report["gate_failures"]:
        typer.echo(f"publish: gate failed: {gate}", err=True)
    steps = result.report["steps"]
    typer.echo(
        f"publish: {steps['read']['rows']} rows in, {steps['dedupe']['rows_removed']} "
        f"duplicates removed, {sum(steps['redact']['entities_by_type'].values())} details "
        f"redacted, {sum(steps['disclosure']['suppressed'].values())} cells suppressed, "
        f"{result.report['rows_out']} rows out -> {outdir}"
        + ("" if result.released else " (reports only, no release)"),
        err=True,
    )
    if not result.released:
        raise typer.Exit(EXIT_FAIL)
