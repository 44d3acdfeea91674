"""What each row's structured columns (and its incident's other forms) say about who is who."""

from __future__ import annotations

import polars as pl

from uofclean.redact.types import RowContext

NAME_COLUMNS = ("OfficerName", "SubjectName")
CONTEXT_COLUMNS = (
    "IncidentRef",
    "RecordID",
    "OfficerName",
    "SubjectName",
    "OfficerID",
    "SubjectDOB",
    "IncidentAddress",
    "IncidentPostcode",
)


def _col(frame: pl.DataFrame, name: str) -> pl.Expr:
    return pl.col(name).fill_null("") if name in frame.columns else pl.lit("")


def row_contexts(frame: pl.DataFrame) -> list[RowContext]:
    """One RowContext per row. Forms of the same incident (IncidentRef) share their officers'
    names and ids, because officers name each other in their accounts."""
    if not set(CONTEXT_COLUMNS) & set(frame.columns):
        return [RowContext()] * frame.height  # any CSV: nothing structured to learn from
    base = frame.select(
        _col(frame, "IncidentRef").alias("ref"),
        _col(frame, "RecordID").alias("rid"),
        _col(frame, "OfficerName").alias("officer"),
        _col(frame, "SubjectName").alias("subject"),
        _col(frame, "OfficerID").alias("oid"),
        _col(frame, "SubjectDOB").alias("dob"),
        _col(frame, "IncidentAddress").alias("address"),
        _col(frame, "IncidentPostcode").alias("postcode"),
    )
    if "IncidentRef" in frame.columns:
        base = base.with_columns(
            pl.col("officer").unique().over("ref", mapping_strategy="join").alias("officers"),
            pl.col("oid").unique().over("ref", mapping_strategy="join").alias("oids"),
            pl.col("subject").unique().over("ref", mapping_strategy="join").alias("subjects"),
        )
    else:
        base = base.with_columns(
            pl.concat_list("officer").alias("officers"),
            pl.concat_list("oid").alias("oids"),
            pl.concat_list("subject").alias("subjects"),
        )
    contexts = []
    for row in base.iter_rows(named=True):
        names = [row["officer"], row["subject"], *row["officers"], *row["subjects"]]
        contexts.append(
            RowContext(
                names=_clean(names),
                dates_of_birth=_clean([row["dob"]]),
                officer_ids=_clean([row["oid"], *row["oids"]]),
                addresses=_clean([row["address"]]),
                postcodes=_clean([row["postcode"]]),
                references=_clean([row["ref"], row["rid"]]),
            )
        )
    return contexts


def _clean(values: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
