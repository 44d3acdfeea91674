"""`uofclean stats`: the statistics tables, suppressed and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import EXIT_FAIL, app
from uofclean.cli.options import Debug, Encoding, InputPath, Quiet


@app.command(
    epilog="Example: uofclean stats extract.csv -o stats/ --period 2021-04-01:2022-03-31 "
    "--previous 2020-04-01:2021-03-31 --unit report (or --method round5, --exempt force)"
)
def stats(
    path: InputPath,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the tables into.")
    ],
    unit: Annotated[
        str, typer.Option("--unit", help="What a figure counts: report, incident or subject.")
    ] = "report",
    min_count: Annotated[
        int | None,
        typer.Option(
            "--min-count",
            help="Hide cells covering 1 to N-1 subjects (default 10; 8 with round5).",
        ),
    ] = None,
    method: Annotated[
        str,
        typer.Option(
            "--method",
            help="suppress (hide small cells and enough others, the default) or round5 "
            "(NHS Digital: 1-7 hidden, every other figure rounded to the nearest 5).",
        ),
    ] = "suppress",
    exempt: Annotated[
        list[str] | None,
        typer.Option(
            "--exempt",
            metavar="<table>",
            help="A table to publish without suppression (repeat for more), or 'force' "
            "(or 'national') for every table of the whole area.",
        ),
    ] = None,
    period: Annotated[
        str | None,
        typer.Option("--period", help="Current period START:END (ISO dates) of IncidentDate."),
    ] = None,
    previous: Annotated[
        str | None,
        typer.Option(
            "--previous",
            help="Previous period START:END: its figures, the change and % change beside "
            "each (from PATH, or from --previous-file).",
        ),
    ] = None,
    previous_file: Annotated[
        str | None,
        typer.Option("--previous-file", help="Another extract or release for the previous period."),
    ] = None,
    encoding: Encoding = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """The statistics tables in the Home Office layout (tactics with their "of which"
    sub-tactics; tactic x age band, gender, ethnicity, health condition; reason, impact factor,
    outcome, location; officer and subject injuries; borough; CED by highest level x borough;
    tactics by month) with totals, small cells suppressed so that none can be worked out from
    the rest, proven by an exact audit (or, with --method round5, small cells hidden and the
    rest rounded to the nearest 5). Writes cells.csv, one CSV per table, datapackage.json,
    tables.ods and audit.json; exit 1 (only audit.json written) if a hidden cell could be
    worked out."""
    from uofclean.errors import OptionError
    from uofclean.io.writer import check_not_input
    from uofclean.stats.run import make_release
    from uofclean.stats.tables import UNITS
    from uofclean.stats.write import write_all, write_audit

    if unit not in UNITS:
        raise OptionError(f"--unit must be one of {', '.join(UNITS)} (got {unit!r})")
    check_not_input(output / "cells.csv", path)
    release = make_release(
        path,
        unit=unit,
        min_count=min_count,
        period=period,
        previous=previous,
        previous_file=previous_file,
        encoding=encoding,
        method=method,
        exempt=exempt or (),
    )
    hidden = sum(len(p.suppression.intervals) for p in release.periods)
    pinned = sum(len(p.suppression.pinned) for p in release.periods)
    if pinned:
        write_audit(output, release)
        typer.echo(
            f"stats: disclosure gate failed: {pinned} hidden cell(s) can be worked out from "
            f"the published figures (see {output / 'audit.json'}); no tables written",
            err=True,
        )
        raise typer.Exit(EXIT_FAIL)
    written = write_all(output, release)
    cur = release.current
    rounded = sum(s == "rounded" for p in release.periods for s in p.suppression.status.values())
    typer.echo(
        f"stats: {cur.tables.rows} forms counted per {unit}, {len(cur.tables.cells)} cells "
        f"per period, {hidden} figure(s) hidden"
        + (f", {rounded} rounded to the nearest 5" if release.method == "round5" else "")
        + f", audit: none can be worked out; {len(written)} files in {output}",
        err=True,
    )
