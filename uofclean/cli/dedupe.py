"""`uofclean dedupe`: remove duplicate forms, keeping the input's order and bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from uofclean.cli.app import app
from uofclean.cli.options import (
    Debug,
    Encoding,
    Excel,
    InputPath,
    Quiet,
    summary,
    table_notes,
)


@app.command(
    epilog="Example: uofclean dedupe extract.csv -o deduped.csv --removed removed.csv "
    "--report dedupe.json"
)
def dedupe(
    path: InputPath,
    output: Annotated[str, typer.Option("--output", "-o", help="Deduplicated CSV to write.")],
    removed: Annotated[
        Path | None,
        typer.Option("--removed", help="Write the removed rows (restricted: personal data)."),
    ] = None,
    report: Annotated[Path | None, typer.Option("--report", help="Write a JSON summary.")] = None,
    suspects: Annotated[
        Path | None,
        typer.Option("--suspects", help="Write suspected duplicates for review (restricted)."),
    ] = None,
    encoding: Encoding = None,
    excel: Excel = False,
    quiet: Quiet = False,
    debug: Debug = False,
) -> None:
    """Remove duplicate forms: the same RecordID, or the same officer, incident and subject
    submitted again (the later SubmittedAt wins). Other officers' forms of one incident stay."""
    from uofclean.dedupe import Suspects, duplicates_of, write_deduped
    from uofclean.io import write_csv, write_text
    from uofclean.io.chunks import open_reading
    from uofclean.io.writer import CsvStyle, check_outputs

    check_outputs([output, removed, report, suspects], [path])
    # only the keys are held for the whole file, read as the file is surveyed
    table, keys = open_reading(path, _keys, encoding=encoding)
    result = duplicates_of(keys)
    search = Suspects(keys, result.keep)
    del keys  # the write pass needs only the suspects' rows to look at (in `search`)
    style = CsvStyle.of(table, excel)
    search = write_deduped(table, result, search, output, removed, style)
    if suspects is not None:
        write_csv(_suspect_rows(result, table, search.record_ids()), suspects, style=style)
    counts = result.to_report() | {"file": table.path, "sha256": table.sha256}
    if report is not None:
        write_text(report, json.dumps(counts, indent=2))
    by_rule = ", ".join(f"{k}: {v}" for k, v in counts["removed_by_rule"].items())
    summary(
        f"dedupe: {counts['rows_in']} rows in, {counts['rows_out']} out, "
        f"{counts['rows_removed']} removed ({by_rule}), {counts['suspects']} suspected",
        table_notes(table),
    )


def _keys(table, chunks):
    """What dedupe holds of the whole file (dedupe.read_keys), once the header is fit."""
    from uofclean.dedupe import REQUIRED, read_keys

    table.require_rectangular()
    table.require_columns(REQUIRED)
    return read_keys(chunks)


def _suspect_rows(result, table, ids: dict[int, str]):
    import polars as pl

    return result.suspects.select(
        (pl.col("row_a").map_elements(table.record_of, return_dtype=pl.Int64)).alias("record_a"),
        pl.col("row_a").replace_strict(ids, return_dtype=pl.Utf8).alias("RecordID_a"),
        (pl.col("row_b").map_elements(table.record_of, return_dtype=pl.Int64)).alias("record_b"),
        pl.col("row_b").replace_strict(ids, return_dtype=pl.Utf8).alias("RecordID_b"),
        "reason",
    )
