"""`uofclean redact`: replace personal details in the free-text columns."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import app
from uofclean.cli.options import (
    NO_NER_NOTE,
    Debug,
    DecisionsFile,
    Encoding,
    Engine,
    Excel,
    InputPath,
    Jobs,
    KeyFile,
    Quiet,
    Scheduler,
    summary,
    table_notes,
)


def split_columns(value: str | None) -> list[str] | None:
    return [c.strip() for c in value.split(",") if c.strip()] if value else None


def choose_columns(named: list[str] | None, table) -> list[str]:
    """The columns to redact, as the file spells them: those named (matched
    case-insensitively), or the free-text columns. A file with none of them is refused:
    redacting nothing and saying "0 details redacted" would pass every narrative through."""
    from uofclean.errors import InputError
    from uofclean.redact.pipeline import default_columns
    from uofclean.schema.columns import FREE_TEXT_COLUMNS

    names = table.columns
    if named:
        spelt = {c.casefold(): c for c in names}
        return [spelt.get(c.casefold(), c) for c in named]  # require_columns names the missing
    found = default_columns(names)
    if not found:
        raise InputError(
            f"none of the free-text columns ({', '.join(FREE_TEXT_COLUMNS)}) is in the file, "
            "whatever the case: name the columns to redact with --columns",
            path=table.path,
            line=1,
        )
    return found


@app.command(
    epilog="Example: uofclean redact extract.csv -o redacted.csv --report redaction.json --jobs 2"
)
def redact(
    path: InputPath,
    output: Annotated[str, typer.Option("--output", "-o", help="CSV to write (- for stdout).")],
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            help="Comma-separated columns (default: Justification, InjuryDetails where present).",
        ),
    ] = None,
    operator: Annotated[
        str,
        typer.Option(
            "--operator", help="replace ([PERSON]), mask (****), hash or fake (keyed pseudonyms)."
        ),
    ] = "replace",
    key_file: KeyFile = None,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="JSON counts by type and column, and the settings."),
    ] = None,
    audit: Annotated[
        Path | None,
        typer.Option(
            "--audit", help="Restricted per-record log: offsets, type, recognizer, score (no text)."
        ),
    ] = None,
    jobs: Jobs = None,
    engine: Engine = "local",
    scheduler: Scheduler = None,
    decisions: DecisionsFile = None,
    no_ner: Annotated[
        bool,
        typer.Option(
            "--no-ner",
            help="Rules only, without the NER model (lower recall; stated in the report).",
        ),
    ] = False,
    encoding: Encoding = None,
    excel: Excel = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Redact personal data (names, addresses, phones, dates of birth, plates, NHS/NI numbers,
    shoulder numbers, police references...) in free-text columns. Other columns and the row
    order are kept exactly. Fails closed (exit 2) if the NER model cannot be loaded."""
    from uofclean.io.chunks import open_reading
    from uofclean.io.writer import CsvStyle, check_outputs, write_text
    from uofclean.keys import load_key
    from uofclean.progress import show_progress
    from uofclean.redact.batch import RedactSpec
    from uofclean.redact.stream import Settings, incident_sources, lists_of, redact_file
    from uofclean.review import decisions as dec

    check_outputs([output, report, audit], [path, key_file, decisions])
    key = load_key(key_file) if operator in ("hash", "fake") else None
    decided = dec.load(decisions) if decisions is not None else None
    named = split_columns(columns)

    def first_pass(table, chunks):
        """The columns to redact, once the header is fit, and the incident lists' columns,
        read as the file is surveyed."""
        table.require_rectangular()
        chosen = choose_columns(named, table)
        table.require_columns(chosen)
        return chosen, incident_sources(table, chunks)

    table, (chosen, sources) = open_reading(path, first_pass, encoding=encoding)
    spec = RedactSpec(tuple(chosen), operator, key, not no_ner, audit is not None, decided)
    settings = Settings(spec, engine, jobs, scheduler, show_progress(quiet))
    counts = redact_file(
        table,
        output,
        settings,
        style=CsvStyle.of(table, excel),
        audit=audit,
        incidents=lists_of(sources),
    )
    if report is not None:
        write_text(report, json.dumps(counts, indent=2))
    total = sum(counts["entities_by_type"].values())
    notes = table_notes(table) + ([NO_NER_NOTE] if no_ner else [])
    line = f"redact: {table.rows} rows, {total} details redacted in {', '.join(chosen)}"
    if decided is not None:
        line += f"; {dec.describe(counts['decisions'])}"
        notes += dec.sha_note(decided, table.sha256)
    summary(line, notes)
