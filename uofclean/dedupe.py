"""Duplicate forms: the same form submitted twice, never different officers' or subjects' forms.

Two rules (extract-format.md): the same RecordID (compared trimmed and case-folded), or the same
OfficerID + IncidentRef + subject (SubjectName + SubjectDOB, normalised; a blank SubjectName never
matches). Rows linked by either rule, directly or through a chain, form one group; the group keeps
one row: the latest SubmittedAt, the first in the file on a tie or when any SubmittedAt in the group
cannot be read. Values are normalised only to compare; rows are returned exactly as they came.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

import polars as pl

from uofclean.errors import IntegrityError
from uofclean.io.reader import blank_rows
from uofclean.schema.columns import PLACEHOLDER

RULE_RECORD_ID = "record-id"
RULE_OFFICER_INCIDENT_SUBJECT = "officer-incident-subject"
# A record with every field empty (Excel's rows of bare commas) is no form: it is removed, and
# counted, rather than matched with other empty rows as a "duplicate".
RULE_EMPTY_RECORD = "empty-record"
REQUIRED = ("RecordID", "IncidentRef", "SubmittedAt", "OfficerID", "SubjectName", "SubjectDOB")
_IDX = "__row"


def _norm(column: str) -> pl.Expr:
    """Trimmed, case-folded, accents removed (SIMON MANSIZ = Simon Mansız), inner whitespace
    collapsed."""
    return (
        pl.col(column)
        .str.strip_chars()
        .str.to_lowercase()
        .str.normalize("NFKD")
        .str.replace_all(r"\p{M}", "")
        .str.replace_all("ı", "i", literal=True)
        .str.replace_all(r"\s+", " ")
    )


def _placeholder(normalised: str) -> pl.Expr:
    """Blank, or what an export writes for a missing value (NULL, N/A, -, 0): of a column
    already normalised (_norm)."""
    return pl.col(normalised).fill_null("").str.contains(PLACEHOLDER)


def _norm_date(column: str) -> pl.Expr:
    """A date in any common written form as ISO; unreadable values compare as written."""
    text = pl.col(column).str.strip_chars()
    parsed = pl.coalesce(
        text.str.to_date("%Y-%m-%d", strict=False),
        text.str.to_date("%d/%m/%Y", strict=False),
        text.str.to_date("%d-%m-%Y", strict=False),
        text.str.to_date("%d.%m.%Y", strict=False),
    )
    return pl.coalesce(parsed.cast(pl.Utf8), text.str.to_lowercase())


def _timestamp(column: str) -> pl.Expr:
    text = pl.col(column).str.strip_chars()
    return pl.coalesce(
        text.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False),
        text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False),
        text.str.to_datetime("%Y-%m-%dT%H:%M", strict=False),
        text.str.to_datetime("%Y-%m-%d %H:%M", strict=False),
    )


@dataclass
class DedupeResult:
    keep: pl.Series  # Boolean, one per input row, input order
    removed: pl.DataFrame  # row, duplicate_of (row kept in its place), rule
    suspects: pl.DataFrame  # row_a, row_b, reason (advisory, never removed)
    rows_in: int = 0
    record_ids: list[str] = field(default_factory=list)

    @property
    def rows_out(self) -> int:
        return int(self.keep.sum())

    def counts_by_rule(self) -> dict[str, int]:
        counts = {RULE_RECORD_ID: 0, RULE_OFFICER_INCIDENT_SUBJECT: 0, RULE_EMPTY_RECORD: 0}
        for rule, n in self.removed.group_by("rule").len().iter_rows():
            counts[rule] = n
        return counts

    def kept_frame(self, frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(self.keep)

    def removed_frame(self, frame: pl.DataFrame) -> pl.DataFrame:
        """The removed rows as they came, with the RecordID kept in their place and the rule."""
        rows = frame.with_row_index(_IDX).join(
            self.removed.select(
                pl.col("row").alias(_IDX),
                pl.col("duplicate_of"),
                pl.col("rule").alias("DuplicateRule"),
            ),
            on=_IDX,
        )
        kept_ids = frame["RecordID"]
        return rows.with_columns(
            pl.col("duplicate_of")
            .map_elements(lambda i: kept_ids[i], return_dtype=pl.Utf8, skip_nulls=True)
            .alias("DuplicateOfRecordID")
        ).drop(_IDX, "duplicate_of")

    def to_report(self) -> dict:
        return {
            "rows_in": self.rows_in,
            "rows_out": self.rows_out,
            "rows_removed": self.removed.height,
            "removed_by_rule": self.counts_by_rule(),
            "suspects": self.suspects.height,
        }


def _components(keys: pl.DataFrame) -> pl.Series:
    """Label each row with the smallest row index reachable through either rule (label
    propagation over the two partitions; converges in a few rounds on real data)."""
    labels = keys.select(_IDX, "rid", "ois").with_columns(pl.col(_IDX).alias("label"))
    while True:
        updated = labels.with_columns(pl.col("label").min().over("rid").alias("label"))
        updated = updated.with_columns(
            pl.when(pl.col("ois").is_not_null())
            .then(pl.col("label").min().over("ois"))
            .otherwise(pl.col("label"))
            .alias("label")
        )
        if updated["label"].equals(labels["label"]):
            return updated["label"]
        labels = updated


def empty_rows(frame: pl.DataFrame) -> pl.Series:
    """True where every field of the row is blank."""
    return blank_rows(frame)


def read_keys(chunks) -> tuple[pl.DataFrame, pl.Series]:
    """What dedupe needs of the whole file, read chunk by chunk: the REQUIRED columns and
    whether each row is empty (which needs every column, one chunk at a time)."""
    keys, empty = [], []
    for chunk in chunks:
        keys.append(chunk.frame.select(REQUIRED))
        empty.append(empty_rows(chunk.frame))
    if not keys:
        return pl.DataFrame(schema={c: pl.Utf8 for c in REQUIRED}), pl.Series([], dtype=pl.Boolean)
    return pl.concat(keys), pl.concat(empty)


def find_duplicates(
    frame: pl.DataFrame, empty: pl.Series | None = None, *, suspects: bool = True
) -> DedupeResult:
    """Mark duplicate forms (and empty records); never changes a value. `empty`: which rows
    are blank in every column, when `frame` holds only the REQUIRED columns (read_keys).
    `suspects=False` leaves out the advisory pairs of look-alike subjects (an empty table),
    for callers that only keep the survivors."""
    if empty is None:
        empty = empty_rows(frame)
    # each identifier normalised once: the placeholder tests and the keys read the same text
    normed = frame.select(
        *[_norm(c) for c in ("RecordID", "OfficerID", "IncidentRef", "SubjectName")],
        _norm_date("SubjectDOB").fill_null(""),
        _timestamp("SubmittedAt"),
    )

    keys = normed.select(
        pl.int_range(pl.len(), dtype=pl.Int64).alias(_IDX),
        # an empty record, or a blank RecordID, matches nothing by id (its row index cannot be
        # a normalised id): forms missing their id are not duplicates of each other
        pl.when(empty | _placeholder("RecordID"))
        .then(pl.concat_str(pl.lit("\x00"), pl.int_range(pl.len()).cast(pl.Utf8)))
        .otherwise(pl.col("RecordID"))
        .alias("rid"),
        # a placeholder officer, incident or subject is nobody in particular: never a match
        pl.when(
            ~_placeholder("SubjectName") & ~_placeholder("OfficerID") & ~_placeholder("IncidentRef")
        )
        .then(
            pl.concat_str(
                ["OfficerID", "IncidentRef", "SubjectName", "SubjectDOB"], separator="\x1f"
            )
        )
        .otherwise(None)
        .alias("ois"),
        pl.col("SubmittedAt").alias("ts"),
    )
    del normed
    keys = keys.with_columns(_components(keys).alias("group"))
    keys = keys.with_columns(pl.col("ts").is_null().any().over("group").alias("unreadable"))
    # Survivor: the latest timestamp, first in file on ties; first in file if any is unreadable.
    survivor = (
        keys.sort(
            ["group", "unreadable", "ts", _IDX],
            descending=[False, False, True, False],
            nulls_last=True,
        )
        .with_columns(
            pl.when(pl.col("unreadable"))
            .then(pl.col(_IDX).min().over("group"))
            .otherwise(pl.col(_IDX).first().over("group"))
            .alias("survivor")
        )
        .sort(_IDX)
    )
    keep = (survivor["survivor"] == survivor[_IDX]) & ~empty
    survivor_rid = survivor.select(pl.col("rid").gather(pl.col("survivor")).alias("srid"))["srid"]
    removed = (
        survivor.with_columns(survivor_rid.alias("srid"), empty.alias("empty"))
        .filter(~keep)
        .select(
            pl.col(_IDX).alias("row"),
            pl.when(pl.col("empty")).then(None).otherwise(pl.col("survivor")).alias("duplicate_of"),
            pl.when(pl.col("empty"))
            .then(pl.lit(RULE_EMPTY_RECORD))
            .when(pl.col("rid") == pl.col("srid"))
            .then(pl.lit(RULE_RECORD_ID))
            .otherwise(pl.lit(RULE_OFFICER_INCIDENT_SUBJECT))
            .alias("rule"),
        )
    )
    alike = _suspects(frame, keep) if suspects else _suspects(frame.clear(), keep.clear())
    result = DedupeResult(keep.alias("keep"), removed, alike, frame.height)
    if result.rows_out + removed.height != frame.height:
        raise IntegrityError("rows in != rows out + rows removed")
    return result


def _suspects(frame: pl.DataFrame, keep: pl.Series) -> pl.DataFrame:
    """Same officer and incident, subjects that look alike but do not match: for a person to
    review; never removed. Only kept rows are compared."""
    groups = (
        frame.select(
            pl.int_range(pl.len(), dtype=pl.Int64).alias(_IDX),
            _norm("OfficerID").alias("o"),
            _norm("IncidentRef").alias("i"),
            _norm("SubjectName").alias("n"),
            _norm_date("SubjectDOB").alias("d"),
        )
        .filter(keep)
        .filter(pl.len().over(["o", "i"]) > 1)
        .group_by(["o", "i"], maintain_order=True)
        .agg(_IDX, "n", "d")
    )
    pairs: list[tuple[int, int, str]] = []
    for rows, names, dobs in groups.select(_IDX, "n", "d").iter_rows():
        for a in range(len(rows)):
            for b in range(a + 1, len(rows)):
                reason = _why_alike(names[a] or "", names[b] or "", dobs[a] or "", dobs[b] or "")
                if reason:
                    pairs.append((rows[a], rows[b], reason))
    return pl.DataFrame(
        pairs, schema={"row_a": pl.Int64, "row_b": pl.Int64, "reason": pl.Utf8}, orient="row"
    )


def _why_alike(name_a: str, name_b: str, dob_a: str, dob_b: str) -> str | None:
    if not name_a or not name_b:
        return "same officer and incident, one subject name blank" if dob_a == dob_b else None
    if dob_a and dob_a == dob_b:
        return "same officer, incident and subject date of birth, names differ"
    if difflib.SequenceMatcher(None, name_a, name_b).ratio() >= 0.85:
        return "same officer and incident, subject names spelt alike"
    return None


def removed_rows(result: DedupeResult, record_ids: pl.Series) -> pl.DataFrame:
    """Per removed row (by index): the RecordID of the row kept in its place, and the rule."""
    return result.removed.select(
        pl.col("row").alias(_IDX),
        pl.col("duplicate_of")
        .map_elements(lambda i: record_ids[i], return_dtype=pl.Utf8, skip_nulls=True)
        .alias("DuplicateOfRecordID"),
        pl.col("rule").alias("DuplicateRule"),
    )


def write_deduped(table, result: DedupeResult, record_ids: pl.Series, output, removed, style):
    """Stream the file once more: kept rows to `output`, removed rows (with the RecordID they
    duplicate and why) to `removed`, both in input order and atomic."""
    import contextlib

    from uofclean.io.writer import csv_sink

    header = table.as_written(pl.DataFrame(schema={c: pl.Utf8 for c in table.columns})).columns
    why = removed_rows(result, record_ids)
    with contextlib.ExitStack() as stack:
        kept_sink = stack.enter_context(csv_sink(output, header, style=style))
        gone_sink = (
            stack.enter_context(
                csv_sink(removed, [*header, "DuplicateRule", "DuplicateOfRecordID"], style=style)
            )
            if removed is not None
            else None
        )
        for chunk in table.chunks():
            keep = result.keep.slice(chunk.start, chunk.frame.height)
            kept_sink.write(table.as_written(chunk.frame.filter(keep)))
            if gone_sink is not None and not keep.all():
                rows = chunk.frame.with_row_index(_IDX, offset=chunk.start).filter(~keep)
                out = rows.join(why, on=_IDX, how="left", maintain_order="left").drop(_IDX)
                gone_sink.write(
                    table.as_written(
                        out.select(*table.columns, "DuplicateRule", "DuplicateOfRecordID")
                    )
                )
        if kept_sink.rows + (result.removed.height) != table.rows:
            raise IntegrityError("rows in != rows out + rows removed")
