"""`uofclean review`: the restricted review folder (personal data) for a person to check what
redaction did, riskiest records first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import app
from uofclean.cli.options import (
    NO_NER_NOTE,
    Debug,
    Encoding,
    InputPath,
    Jobs,
    Quiet,
    summary,
    table_notes,
)


@app.command(
    epilog="Example: uofclean review extract.csv -o review/ && open review/review.html; "
    "then: uofclean redact extract.csv -o redacted.csv --decisions decisions.json"
)
def review(
    path: InputPath,
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", help="Folder to write (restricted: it holds personal data)."
        ),
    ],
    format: Annotated[
        str,
        typer.Option(
            "--format",
            help="html (review.html), csv (review.csv: record, column, span, type, rule, "
            "score, risk rank) or both.",
        ),
    ] = "html",
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Comma-separated columns (default: Justification, InjuryDetails where present).",
        ),
    ] = None,
    decisions: Annotated[
        Path | None,
        typer.Option("--decisions", help="Earlier decisions (JSON or TOML) the page starts from."),
    ] = None,
    jobs: Jobs = None,
    no_ner: Annotated[
        bool, typer.Option("--no-ner", help="Rules only, without the NER model.")
    ] = False,
    encoding: Encoding = None,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Write a RESTRICTED review folder: review.html shows each record's original and redacted
    text side by side, every redaction with its type, rule and score, records ranked by the
    risk that something personal was left, highest first. Decisions exported from the page
    are obeyed by redact, scan and publish (--decisions)."""
    from uofclean.cli.redact import choose_columns, split_columns
    from uofclean.io.chunks import open_chunks
    from uofclean.io.writer import check_outdir_inputs
    from uofclean.progress import show_progress
    from uofclean.redact.batch import RedactSpec
    from uofclean.redact.stream import Settings
    from uofclean.review import decisions as dec
    from uofclean.review.folder import FORMATS, check_review_dir, write_review
    from uofclean.review.page import review_table

    if format not in FORMATS:
        from uofclean.errors import OptionError

        raise OptionError(f"--format must be one of {', '.join(FORMATS)}")
    check_outdir_inputs(output, [path, decisions])
    check_review_dir(output)
    earlier = dec.load(decisions) if decisions is not None else None
    table = open_chunks(path, encoding=encoding)
    table.require_rectangular()
    chosen = choose_columns(split_columns(columns), table)
    table.require_columns(chosen)
    # earlier decisions only seed the page: the review shows what redaction itself did
    spec = RedactSpec(tuple(chosen), ner=not no_ner, keep_spans=True)
    made, redactions = review_table(table, Settings(spec, jobs=jobs, progress=show_progress(quiet)))
    write_review(made, output, format, decisions=earlier.to_dict() if earlier else None)
    uncertain = sum(1 for r in made.risks if r.candidates and any(r.candidates))
    notes = table_notes(table) + ([NO_NER_NOTE] if no_ner else [])
    if earlier is not None:
        notes += dec.sha_note(earlier, table.sha256)
    summary(
        f"review: {len(made.records)} records with free text, "
        f"{redactions} redactions, {uncertain} with kept words "
        f"to check -> {output} (RESTRICTED: personal data; never put it in a release)",
        notes,
    )
