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
from uofclean.repeats import repeated
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


def _hashed(expr: pl.Expr, name: str) -> list[pl.Expr]:
    """A text key as two 64-bit hashes of it (seeds apart): keys compare as 128-bit numbers,
    a few bytes a row whatever the values' length (two different values taking the same pair
    is a chance of about one in 10^25 in a file of ten million rows)."""
    return [expr.hash(seed=seed).alias(f"{name}{seed}") for seed in _SEEDS]


_SEEDS = (1, 2)
_RID = [f"rid{s}" for s in _SEEDS]
_OIS = [f"ois{s}" for s in _SEEDS]


def row_keys(frame: pl.DataFrame, empty: pl.Series | None = None, start: int = 0) -> pl.DataFrame:
    """What dedupe compares of each row, as numbers: its RecordID (trimmed, case-folded),
    officer + incident + subject, SubmittedAt, whether it is empty, and its officer +
    incident (for suspects). Takes the REQUIRED columns of a
    chunk of rows whose first is row `start` of the file; `empty`: which rows are blank in
    every column (default: judged from `frame`)."""
    if empty is None:
        empty = empty_rows(frame)
    # each identifier normalised once: the placeholder tests and the keys read the same text
    normed = frame.select(
        *[_norm(c) for c in ("RecordID", "OfficerID", "IncidentRef", "SubjectName")],
        _norm_date("SubjectDOB").fill_null(""),
        _timestamp("SubmittedAt"),
    )
    index = pl.int_range(pl.len(), dtype=pl.Int64) + start
    # an empty record, or a blank RecordID, matches nothing by id (its row index cannot be
    # a normalised id): forms missing their id are not duplicates of each other
    rid = (
        pl.when(pl.lit(empty) | _placeholder("RecordID"))
        .then(pl.concat_str(pl.lit("\x00"), index.cast(pl.Utf8)))
        .otherwise(pl.col("RecordID"))
    )
    # a placeholder officer, incident or subject is nobody in particular: never a match
    ois_ok = (
        ~_placeholder("SubjectName") & ~_placeholder("OfficerID") & ~_placeholder("IncidentRef")
    )
    ois = pl.concat_str(["OfficerID", "IncidentRef", "SubjectName", "SubjectDOB"], separator="\x1f")
    officer_incident = pl.concat_str(
        [pl.col(c).fill_null("\x00") for c in ("OfficerID", "IncidentRef")], separator="\x1f"
    )
    return normed.select(
        *_hashed(rid, "rid"),
        *(pl.when(ois_ok).then(h) for h in _hashed(ois, "ois")),
        pl.col("SubmittedAt").alias("ts"),
        pl.lit(empty).alias("empty"),
        officer_incident.hash(seed=3).alias("oi"),
    )


def _components(keys: pl.DataFrame) -> pl.Series:
    """Label each row with the smallest row index reachable through either rule (label
    propagation over the two partitions; converges in a few rounds on real data)."""
    labels = keys.select(_IDX, *_RID, *_OIS).with_columns(pl.col(_IDX).alias("label"))
    while True:
        updated = labels.with_columns(pl.col("label").min().over(_RID).alias("label"))
        updated = updated.with_columns(
            pl.when(pl.col(_OIS[0]).is_not_null())
            .then(pl.col("label").min().over(_OIS))
            .otherwise(pl.col("label"))
            .alias("label")
        )
        if updated["label"].equals(labels["label"]):
            return updated["label"]
        labels = updated


def empty_rows(frame: pl.DataFrame) -> pl.Series:
    """True where every field of the row is blank."""
    return blank_rows(frame)


def read_keys(chunks) -> pl.DataFrame:
    """What dedupe needs of the whole file, read chunk by chunk: each row's keys (row_keys;
    whether a row is empty needs every column, one chunk at a time)."""
    keys = [chunk_keys(c) for c in chunks]
    return pl.concat(keys) if keys else chunk_keys(None)


def chunk_keys(chunk) -> pl.DataFrame:
    """row_keys of a chunk of the file (every column); of no rows for None."""
    if chunk is None:
        return row_keys(pl.DataFrame(schema={c: pl.Utf8 for c in REQUIRED}))
    return row_keys(chunk.frame.select(REQUIRED), empty_rows(chunk.frame), chunk.start)


def find_duplicates(
    frame: pl.DataFrame, empty: pl.Series | None = None, *, suspects: bool = True
) -> DedupeResult:
    """Mark duplicate forms (and empty records); never changes a value. `empty`: which rows
    are blank in every column, when `frame` holds only the REQUIRED columns.
    `suspects=False` leaves out the advisory pairs of look-alike subjects (an empty table),
    for callers that only keep the survivors."""
    result = duplicates_of(row_keys(frame, empty))
    if suspects:
        result.suspects = _suspects(frame, result.keep)
    return result


def duplicates_of(keys: pl.DataFrame) -> DedupeResult:
    """find_duplicates over the keys of a whole file (row_keys, read_keys). Its suspects are
    not looked for yet (see Suspects: they need the names, on a later pass). Only the rows
    that share a key with another row are grouped: every other row is its own survivor."""
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    # one hash of each key picks the rows that may share it, by sorting (repeats.py; a rare
    # clash of that hash alone only adds a row, which the grouping by both leaves on its own)
    shared = repeated(keys[_RID[0]]) | repeated(keys[_OIS[0]])
    linked = keys.select(index.alias(_IDX), *_RID, *_OIS, "ts").filter(shared)
    linked = linked.with_columns(_components(linked).alias("group"))
    linked = linked.with_columns(pl.col("ts").is_null().any().over("group").alias("unreadable"))
    # Survivor: the latest timestamp, first in file on ties; first in file if any is unreadable.
    survivor = (
        linked.sort(
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
    theirs = survivor.select(
        pl.col(_IDX).alias("survivor"), *(pl.col(c).alias(f"survivor_{c}") for c in _RID)
    )
    beaten = survivor.filter(pl.col("survivor") != pl.col(_IDX)).join(
        theirs, on="survivor", how="left", maintain_order="left"
    )
    same_id = pl.all_horizontal(pl.col(c) == pl.col(f"survivor_{c}") for c in _RID)
    duplicates = beaten.select(
        pl.col(_IDX).alias("row"),
        pl.col("survivor").alias("duplicate_of"),
        pl.when(same_id)
        .then(pl.lit(RULE_RECORD_ID))
        .otherwise(pl.lit(RULE_OFFICER_INCIDENT_SUBJECT))
        .alias("rule"),
    )
    empties = keys.select(
        index.alias("row"),
        pl.lit(None, dtype=pl.Int64).alias("duplicate_of"),
        pl.lit(RULE_EMPTY_RECORD).alias("rule"),
    ).filter(keys["empty"])
    removed = pl.concat([duplicates, empties]).sort("row")
    keep = pl.repeat(True, keys.height, dtype=pl.Boolean, eager=True).alias("keep")
    keep = keep.scatter(removed["row"], False)
    result = DedupeResult(keep, removed, _no_suspects(), keys.height)
    if result.rows_out + removed.height != keys.height:
        raise IntegrityError("rows in != rows out + rows removed")
    return result


def _no_suspects() -> pl.DataFrame:
    return pl.DataFrame(schema={"row_a": pl.Int64, "row_b": pl.Int64, "reason": pl.Utf8})


def _normalised(frame: pl.DataFrame, rows: pl.Expr) -> pl.DataFrame:
    """Officer, incident, subject name and date of birth as compared, with each row's index."""
    return frame.select(
        rows.alias(_IDX),
        _norm("OfficerID").alias("o"),
        _norm("IncidentRef").alias("i"),
        _norm("SubjectName").alias("n"),
        _norm_date("SubjectDOB").alias("d"),
    )


def _suspects(frame: pl.DataFrame, keep: pl.Series) -> pl.DataFrame:
    """Same officer and incident, subjects that look alike but do not match: for a person to
    review; never removed. Only kept rows are compared."""
    return _alike(_normalised(frame, pl.int_range(pl.len(), dtype=pl.Int64)).filter(keep))


def _alike(rows: pl.DataFrame) -> pl.DataFrame:
    """Pairs of rows (_normalised, kept rows in file order) of the same officer and incident
    whose subjects look alike."""
    groups = (
        rows.filter(pl.len().over(["o", "i"]) > 1)
        .group_by(["o", "i"], maintain_order=True)
        .agg(_IDX, "n", "d")
    )
    pairs: list[tuple[int, int, str]] = []
    for index, names, dobs in groups.select(_IDX, "n", "d").iter_rows():
        for a in range(len(index)):
            for b in range(a + 1, len(index)):
                reason = _why_alike(names[a] or "", names[b] or "", dobs[a] or "", dobs[b] or "")
                if reason:
                    pairs.append((index[a], index[b], reason))
    if not pairs:
        return _no_suspects()
    return pl.DataFrame(pairs, schema=_no_suspects().schema, orient="row")


class Suspects:
    """Suspected duplicates found on a later pass over the file (dedupe's keys hold no names):
    only the kept rows that share their officer and incident with another kept row are looked
    at, so only they are held."""

    def __init__(self, keys: pl.DataFrame, keep: pl.Series) -> None:
        officer_incident = keys["oi"].zip_with(keep, pl.Series([None], dtype=pl.UInt64))
        self.wanted = repeated(officer_incident)  # kept rows only: the others are null
        self.keep = keep
        self._rows: list[pl.DataFrame] = []

    def over_kept(self) -> Suspects:
        """The same search over the kept rows only, numbered among themselves (a pass that
        sees only those: publish's)."""
        self.wanted = self.wanted.filter(self.keep)
        return self

    def add(self, frame: pl.DataFrame, start: int) -> None:
        """A chunk of the file's rows (its first being row `start`), every REQUIRED column."""
        mask = self.wanted.slice(start, frame.height)
        if mask.any():
            index = (pl.int_range(pl.len(), dtype=pl.Int64) + start).alias(_IDX)
            # compacted: a few rows of a chunk would otherwise hold all of its text
            rows = frame.select(index, *REQUIRED).filter(mask).shrink_to_fit()
            self._rows.append(_normalised(rows, pl.col(_IDX)).with_columns(rows["RecordID"]))

    def result(self) -> pl.DataFrame:
        return _alike(pl.concat(self._rows)) if self._rows else _no_suspects()

    def record_ids(self) -> dict[int, str]:
        """The RecordID (as written) of each row looked at, by its index."""
        rows = pl.concat(self._rows) if self._rows else pl.DataFrame({_IDX: [], "RecordID": []})
        return dict(zip(rows[_IDX].to_list(), rows["RecordID"].to_list(), strict=True))


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


_OF = "__duplicate_of"


def write_deduped(
    table, result: DedupeResult, suspects: Suspects, output, removed, style
) -> Suspects:
    """Stream the file once more: kept rows to `output`, removed rows (with the RecordID they
    duplicate and why) to `removed`, both in input order and atomic; and find the suspects on
    the way (result.suspects; the search returned names their RecordIDs). A survivor may come
    after the rows it replaces, so the removed rows are set aside on disk and written last,
    once every survivor's RecordID has been read. `suspects`: Suspects(keys, result.keep),
    made before the write pass so that the caller can let go of the keys."""
    import contextlib

    from uofclean.io.spill import Spill
    from uofclean.io.writer import csv_sink

    header = table.as_written(pl.DataFrame(schema={c: pl.Utf8 for c in table.columns})).columns
    why = result.removed.select(
        pl.col("row").alias(_IDX), pl.col("duplicate_of").alias(_OF), pl.col("rule")
    )
    survivors = pl.repeat(False, table.rows, dtype=pl.Boolean, eager=True)
    survivors = survivors.scatter(result.removed["duplicate_of"].drop_nulls(), True)
    ids: list[pl.DataFrame] = []
    with contextlib.ExitStack() as stack:
        kept_sink = stack.enter_context(csv_sink(output, header, style=style))
        columns = [*header, "DuplicateRule", "DuplicateOfRecordID"]
        gone_sink = (
            stack.enter_context(csv_sink(removed, columns, style=style)) if removed else None
        )
        aside = Spill("removed")
        stack.callback(aside.close)
        for chunk in table.chunks():
            suspects.add(chunk.frame, chunk.start)
            keep = result.keep.slice(chunk.start, chunk.frame.height)
            kept_sink.write(table.as_written(chunk.frame.filter(keep)))
            if gone_sink is None:
                continue
            rows = chunk.frame.with_row_index(_IDX, offset=chunk.start)
            if not keep.all():
                aside.write(
                    rows.filter(~keep).join(why, on=_IDX, how="left", maintain_order="left")
                )
            wanted = survivors.slice(chunk.start, chunk.frame.height)
            if wanted.any():
                ids.append(rows.filter(wanted).select(pl.col(_IDX).alias(_OF), "RecordID"))
        if kept_sink.rows + (result.removed.height) != table.rows:
            raise IntegrityError("rows in != rows out + rows removed")
        if gone_sink is not None:
            _write_removed(table, aside, ids, gone_sink)
    result.suspects = suspects.result()
    return suspects


def _write_removed(table, aside, ids: list[pl.DataFrame], sink) -> None:
    """The rows set aside, in order, each with the RecordID of the row kept in its place."""
    survivors = (
        pl.concat(ids).with_columns(pl.col(_OF).cast(pl.Utf8))
        if ids
        else pl.DataFrame(schema={_OF: pl.Utf8, "RecordID": pl.Utf8})
    ).rename({"RecordID": "DuplicateOfRecordID"})
    for frame in aside.frames():  # a spill holds text: the indices come back as text
        out = frame.join(survivors, on=_OF, how="left", maintain_order="left")
        out = out.rename({"rule": "DuplicateRule"})
        sink.write(
            table.as_written(out.select(*table.columns, "DuplicateRule", "DuplicateOfRecordID"))
        )
