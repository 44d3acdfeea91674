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


# What a row learns from its incident's other forms, carried as columns of the row itself, so
# that a batch of rows is redacted the same whatever other rows share its batch.
INCIDENT_COLUMNS = ("__incident_officers", "__incident_oids", "__incident_subjects")


def incident_lists(frame: pl.DataFrame) -> pl.DataFrame:
    """Per IncidentRef: the officers' names and ids and the subjects' names on all its forms,
    in file order. Needs only those four columns of the whole file."""
    return (
        frame.select(
            _col(frame, "IncidentRef").alias("ref"),
            _col(frame, "OfficerName").alias(INCIDENT_COLUMNS[0]),
            _col(frame, "OfficerID").alias(INCIDENT_COLUMNS[1]),
            _col(frame, "SubjectName").alias(INCIDENT_COLUMNS[2]),
        )
        .group_by("ref", maintain_order=True)
        .agg(pl.col(c).unique(maintain_order=True) for c in INCIDENT_COLUMNS)
    )


def with_incidents(frame: pl.DataFrame, incidents: pl.DataFrame | None) -> pl.DataFrame:
    """The rows with their incident's lists (from incident_lists over the whole file) as
    columns; rows keep their order."""
    if incidents is None or "IncidentRef" not in frame.columns:
        return frame
    return frame.join(
        incidents,
        left_on=pl.col("IncidentRef").fill_null(""),
        right_on="ref",
        how="left",
        maintain_order="left",
    ).drop("ref", strict=False)


def row_contexts(frame: pl.DataFrame) -> list[RowContext]:
    """One RowContext per row. Forms of the same incident (IncidentRef) share their officers'
    names and ids, because officers name each other in their accounts: from the rows'
    INCIDENT_COLUMNS where present (see with_incidents), else from the frame itself."""
    if not set(CONTEXT_COLUMNS) & set(frame.columns):
        return [RowContext()] * frame.height  # any CSV: nothing structured to learn from
    if "IncidentRef" in frame.columns and not set(INCIDENT_COLUMNS) <= set(frame.columns):
        frame = with_incidents(frame, incident_lists(frame))
    shared = (
        [pl.col(c).fill_null([]) for c in INCIDENT_COLUMNS]
        if set(INCIDENT_COLUMNS) <= set(frame.columns)
        else [
            pl.concat_list(_col(frame, n)).alias(c)
            for n, c in zip(
                ("OfficerName", "OfficerID", "SubjectName"), INCIDENT_COLUMNS, strict=True
            )
        ]
    )
    base = frame.select(
        _col(frame, "IncidentRef").alias("ref"),
        _col(frame, "RecordID").alias("rid"),
        _col(frame, "OfficerName").alias("officer"),
        _col(frame, "SubjectName").alias("subject"),
        _col(frame, "OfficerID").alias("oid"),
        _col(frame, "SubjectDOB").alias("dob"),
        _col(frame, "IncidentAddress").alias("address"),
        _col(frame, "IncidentPostcode").alias("postcode"),
        *shared,
    )
    officers, oids, subjects = INCIDENT_COLUMNS
    contexts = []
    for row in base.iter_rows(named=True):
        names = [row["officer"], row["subject"], *row[officers], *row[subjects]]
        contexts.append(
            RowContext(
                names=_clean(names),
                dates_of_birth=_clean([row["dob"]]),
                officer_ids=_clean([row["oid"], *row[oids]]),
                addresses=_clean([row["address"]]),
                postcodes=_clean([row["postcode"]]),
                references=_clean([row["ref"], row["rid"]]),
            )
        )
    return contexts


def _clean(values: list[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v.strip() for v in values if v and v.strip()))
