"""publish_extract: the whole chain, returning a typed result that the CLI writes out."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import stat
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from uofclean import __version__
from uofclean.dedupe import REQUIRED as DEDUPE_REQUIRED
from uofclean.dedupe import Suspects, chunk_keys, duplicates_of
from uofclean.errors import IntegrityError, OptionError
from uofclean.findings import Finding
from uofclean.io import Table, write_text
from uofclean.io.chunks import Chunk, ChunkedTable, open_reading
from uofclean.io.spill import Spill
from uofclean.io.writer import EXCEL, CsvStyle, csv_sink, pending
from uofclean.keys import pseudonym
from uofclean.publish.confine import confine_vocabularies, scan_view
from uofclean.publish.confine import scan_columns as release_scan_columns
from uofclean.publish.datapackage import descriptor
from uofclean.publish.disclosure import apply_disclosure
from uofclean.publish.profile import Profile
from uofclean.publish.report import (
    categories,
    reporting_period,
    residual_risk,
    to_html,
)
from uofclean.redact.batch import RedactSpec
from uofclean.redact.operators import Replacer
from uofclean.redact.pipeline import (
    DetectionRunner,
    RedactResult,
    _detector_info,
    _runner,
    add_counts,
    counts_by_type,
    scan_frame,
    second_look,
)
from uofclean.redact.stream import Settings, incident_sources, lists_of, redacted
from uofclean.review.decisions import Decisions, Tally
from uofclean.review.page import Review, ReviewRecord, frame_records
from uofclean.schema.columns import SUPPRESSED, TACTIC_COLUMNS, canonical_name
from uofclean.stats.report import summary as stats_summary
from uofclean.stats.run import make_release
from uofclean.stats.units import read_columns
from uofclean.stats.write import Release, write_all
from uofclean.validate import validate_table

RELEASE_CSV, DATAPACKAGE, REPORT_JSON, REPORT_HTML = (
    "release.csv",
    "datapackage.json",
    "report.json",
    "report.html",
)
RELEASE_FILES = (RELEASE_CSV, DATAPACKAGE)
# What publish writes into OUTDIR; a folder holding anything else is not replaced.
OWN_FILES = frozenset({RELEASE_CSV, DATAPACKAGE, REPORT_JSON, REPORT_HTML})
STATS_FOLDER = "stats"  # the statistics tables, when the profile asks for them ([stats])
STATS_SUFFIXES = (".csv", ".json", ".ods")
PREVIOUS_REMOVED = "previous_release_removed"


@dataclass
class PublishResult:
    release: Spill | None  # the release's rows, set aside on disk; None when a gate failed
    report: dict
    newline: str = "\n"  # the input's line ends, which the release keeps
    header: list[str] = field(default_factory=list)
    review: Review | None = None  # the restricted review of the redaction, when asked for
    stats: Release | None = None  # the statistics tables, when the profile asks

    @property
    def released(self) -> bool:
        return self.release is not None


def _pseudonymise(column: str, key: bytes) -> pl.Expr:
    value = pl.col(column).fill_null("").str.strip_chars()
    return (
        pl.when(value == "")
        .then(pl.lit(""))
        .otherwise(
            value.map_elements(lambda v: pseudonym(key, v, namespace=column), return_dtype=pl.Utf8)
        )
        .alias(column)
    )


def _apply_profile(frame: pl.DataFrame, profile: Profile, key: bytes | None) -> pl.DataFrame:
    exprs = []
    for column in profile.released_columns():
        if column == profile.incident_key:
            assert key is not None
            ref = pl.col("IncidentRef").fill_null("").str.strip_chars().str.to_uppercase()
            exprs.append(
                ref.map_elements(
                    lambda v: pseudonym(key, v, namespace="IncidentKey"), return_dtype=pl.Utf8
                ).alias(column)
            )
            continue
        action = profile.actions[column]
        if column not in frame.columns:
            exprs.append(pl.lit("").alias(column))
        elif action == "pseudonymise":
            assert key is not None
            exprs.append(_pseudonymise(column, key))
        elif action == "month":
            exprs.append(pl.col(column).str.slice(0, 7).alias(column))
        elif action == "hour":
            exprs.append((pl.col(column).str.slice(0, 2) + pl.lit(":00:00")).alias(column))
        else:
            exprs.append(pl.col(column))
    return frame.select(exprs)


def _second_look(release, redacted, scanned, runner, ner: bool, start: int = 0, decided=None):
    """Redaction and the scan agree by construction: what the scan finds in a column that
    redaction wrote is redacted too (same operator), and only those rows are scanned again;
    what the scan finds in other columns stays a finding. `decided`: (decisions, record of
    the chunk's row i), obeyed by both."""
    rows = sorted({i for i, column in scanned.cells if column in redacted.written})
    if not rows:
        return release, scanned, {}
    decisions, record_of = decided or (None, None)
    release, added = second_look(
        release, redacted, rows, runner=runner, decisions=decisions, record_of=record_of
    )
    again = scan_frame(
        scan_view(release[rows], scanned.columns),
        scanned.columns,
        ner=ner,
        record_of=lambda i: start + rows[i] + 1,  # the release row, as in the first scan
        runner=runner,
        written={c: [w[r] for r in rows] for c, w in redacted.written.items()},
        decisions=decisions,
        decision_records=(lambda i: record_of(rows[i])) if record_of else None,
    )
    kept_findings = [
        f
        for f, (i, column) in zip(scanned.findings, scanned.cells, strict=True)
        if column not in redacted.written
    ]
    scanned.findings = kept_findings + again.findings
    scanned.cells = [c for c in scanned.cells if c[1] not in redacted.written] + [
        (rows[i], c) for i, c in again.cells
    ]
    return release, scanned, added


def publish_extract(
    path: str,
    profile: Profile,
    *,
    key: bytes | None,
    ner: bool = True,
    jobs: int | None = None,
    progress: bool = False,
    encoding: str | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    decisions: Decisions | None = None,
    review: bool = False,
) -> PublishResult:
    """The whole chain, chunk by chunk: only dedupe's keys and disclosure control's columns
    are held for the whole file; the rest is streamed, and set aside on disk between the two
    passes (redaction, then disclosure and the scan). `decisions`: a reviewer's, obeyed by
    redaction and the scan; `review`: also build the restricted review of the redaction
    (PublishResult.review; it holds the free text of every record that has any)."""
    if profile.needs_key() and key is None:
        raise OptionError("this profile pseudonymises: a key is needed")
    table, first = open_reading(path, _first_pass, encoding=encoding)
    redact_columns = [c for c, a in profile.actions.items() if a == "redact" and c in table.columns]
    spec = RedactSpec(
        tuple(redact_columns), profile.operator, key, ner, decisions=decisions, keep_spans=review
    )
    settings = Settings(spec, engine, jobs, scheduler, progress)
    spill = Spill("redacted")
    try:
        with _local_pool(settings, table.rows) as runner:
            return _publish(
                table, first, profile, key=key, settings=settings, spill=spill, runner=runner
            )
    finally:
        spill.close()


@contextlib.contextmanager
def _local_pool(settings: Settings, rows: int) -> Iterator[DetectionRunner | None]:
    """One local pool for both passes (redaction, then the release scan), so that its
    workers load the model once; None on Dask, whose workers redact (the scan then starts
    a local pool of its own)."""
    if settings.engine != "local":
        yield None
        return
    with DetectionRunner(ner=settings.spec.ner, jobs=settings.jobs, rows=rows) as runner:
        yield runner


@dataclass
class _FirstPass:
    """What publish holds of the whole file before it redacts: dedupe's keys and the columns
    the incident lists are made of (read as the file is surveyed)."""

    keys: pl.DataFrame | None
    sources: pl.DataFrame | None

    def take(self) -> tuple[pl.DataFrame, pl.DataFrame | None]:
        """The keys and sources, let go of here (so that they go once used)."""
        assert self.keys is not None
        out = self.keys, self.sources
        self.keys = self.sources = None
        return out


def _first_pass(table: ChunkedTable, chunks) -> _FirstPass:
    table.require_rectangular()
    table.require_columns(list(DEDUPE_REQUIRED))
    keys: list[pl.DataFrame] = []

    def keyed(chunk: Chunk) -> Chunk:
        keys.append(chunk_keys(chunk))
        return chunk

    sources = incident_sources(table, (keyed(c) for c in chunks))
    return _FirstPass(pl.concat(keys) if keys else chunk_keys(None), sources)


@dataclass
class _Totals:
    """What the first pass adds up chunk by chunk."""

    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    mapped: Counter = field(default_factory=Counter)
    suppressed: Counter = field(default_factory=Counter)
    distinct: dict[str, set] = field(default_factory=dict)
    decided: Tally = field(default_factory=Tally)  # what the reviewer's decisions changed
    reviewed: list[ReviewRecord] = field(default_factory=list)  # with the review only
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    checked: bool = False  # file-level findings are taken from the first chunk only

    def add_findings(self, report) -> None:
        self.errors += [f for f in report.errors if f.row is not None or not self.checked]
        self.warnings += [f for f in report.warnings if f.row is not None or not self.checked]
        self.checked = True


class _Kept:
    """The kept rows' record numbers and lines in the input (dedupe's survivors)."""

    def __init__(self, table: ChunkedTable, keep: pl.Series) -> None:
        self.table = table
        self.index = keep.arg_true()

    def record_of(self, i: int) -> int:
        return self.table.record_of(int(self.index[i]))

    def line_of(self, i: int) -> int:
        return self.table.line_of(int(self.index[i]))

    def view(self, frame: pl.DataFrame, start: int, header: list[str] | None = None) -> Table:
        """A chunk of kept rows as a Table that points at the input's records and lines."""
        rows = range(start, start + frame.height)
        table = Table(
            frame,
            header or self.table.header,
            self.table.path,
            self.table.encoding,
            self.table.sha256,
            names=self.table.names if header is None else None,
            _records=array("l", (self.record_of(i) for i in rows)),
            _lines=array("l", (self.line_of(i) for i in rows)),
        )
        return table


def _publish(
    table: ChunkedTable,
    first: _FirstPass,
    profile: Profile,
    *,
    key: bytes | None,
    settings: Settings,
    spill: Spill,
    runner: DetectionRunner | None,
) -> PublishResult:
    gates: list[str] = []
    steps: dict = {"read": {"rows": table.rows, "encoding": table.encoding}}
    ner = settings.spec.ner

    keys, sources = first.take()
    dupes = duplicates_of(keys)
    steps["dedupe"] = dupes.to_report()  # its suspects are counted in the first pass
    suspects = Suspects(keys, dupes.keep).over_kept()
    incidents = lists_of(sources, dupes.keep)
    del keys, sources
    kept = _Kept(table, dupes.keep)
    incident = profile.incident_key or "IncidentKey"
    facts_columns = [
        c
        for c in dict.fromkeys(
            [*profile.quasi_identifiers, "Borough", "IncidentDate", "IncidentTime"]
        )
        if c in profile.released_columns() and c != incident
    ]

    # pass 1: validate, redact, apply the profile; keep disclosure's columns (and the
    # statistics tables' where the profile asks for them), set the rest aside
    totals = _Totals()
    facts: list[pl.DataFrame] = []
    counted = stats_columns(table, profile)
    for_stats: list[pl.DataFrame] = []
    with redacted(
        table, settings, keep=dupes.keep, rows=dupes.rows_out, incidents=incidents, runner=runner
    ) as results:
        for chunk, result in results:
            suspects.add(chunk.frame, chunk.start)
            if counted:
                for_stats.append(chunk.frame.select(counted))
            totals.add_findings(
                validate_table(kept.view(chunk.frame, chunk.start), period=profile.period)
            )
            add_counts(totals.counts, result.counts)
            totals.decided.add(result.decided)
            if settings.spec.keep_spans:  # the original text beside what redaction found
                totals.reviewed += _reviewed(chunk, result, settings.spec.columns, kept)
            release = _apply_profile(result.frame, profile, key)
            confined = confine_vocabularies(release, profile)
            _add_confined(totals, confined, release)
            release = confined.frame
            ref = chunk.frame["IncidentRef"] if not profile.incident_key else release[incident]
            facts.append(
                release.select([c for c in facts_columns if c in release.columns]).with_columns(
                    ref.alias(incident)
                )
            )
            spill.write(release.with_columns(_written_columns(result.written)))
    steps["dedupe"]["suspects"] = suspects.result().height
    if not totals.checked:  # no kept rows: the file-level findings still count
        totals.add_findings(validate_table(kept.view(_empty(table), 0), period=profile.period))
    validation_errors = totals.errors
    counts_by_check = dict(Counter(f.check for f in validation_errors))
    steps["validate"] = {
        "errors": len(validation_errors),
        "warnings": len(totals.warnings),
        "counts": counts_by_check,
        "findings": _where(validation_errors),
    }
    if validation_errors:
        gates.append(
            f"validation: {len(validation_errors)} error(s) in the deduplicated extract "
            f"({', '.join(f'{k}: {v}' for k, v in counts_by_check.items())})"
        )
    steps["redact"] = {
        "columns": list(settings.spec.columns),
        "entities_by_type": counts_by_type(totals.counts),
        "entities_by_column": {c: totals.counts.get(c, {}) for c in settings.spec.columns},
        "detector": _detector_info(ner),
    }
    decisions = settings.spec.decisions
    if decisions is not None:
        steps["redact"]["decisions"] = totals.decided.report(decisions, table.sha256)
    steps["vocabulary"] = {
        "variants_made_published": dict(totals.mapped),
        "suppressed": dict(totals.suppressed),
        "distinct_values_suppressed": {c: len(v) for c, v in totals.distinct.items()},
    }

    # disclosure control over its own columns of the whole file
    grouped = (
        pl.concat(facts)
        if facts
        else pl.DataFrame(schema={c: pl.Utf8 for c in [*facts_columns, incident]})
    )
    del facts
    disclosure = apply_disclosure(
        grouped,
        incident=incident,
        k=profile.k,
        quasi_identifiers=profile.quasi_identifiers,
        order=profile.suppression_order,
        suppressible=profile.suppressible,
    )
    qis = [c for c in profile.quasi_identifiers if c in grouped.columns]
    steps["disclosure"] = {
        "k": profile.k,
        "suppressed": disclosure.suppressed,
        "failing_combinations": disclosure.failing_combinations,
        "rows": grouped.height,
        "incidents": disclosure.frame[incident].n_unique(),
        "by_category": categories(grouped, disclosure.frame, profile.quasi_identifiers),
        "unique": residual_risk(disclosure.frame, incident, profile.quasi_identifiers),
    }
    if not disclosure.ok:
        gates.append(
            f"disclosure: {disclosure.failing_combinations} combination(s) of "
            f"quasi-identifiers cover fewer than {profile.k} incidents and the profile "
            "allows no further suppression"
        )
    period = reporting_period(grouped, profile.period)
    suppressed = disclosure.frame.select(qis)
    del grouped, disclosure

    # pass 2: suppress, scan (with a second look), check against the published schema, write
    final = Spill("release")
    scan_findings: list[Finding] = []
    release_errors: list[Finding] = []
    added: Counter = Counter()
    scan_cols: list[str] | None = None
    charted = _Charts()
    checked = False
    replacer = Replacer(profile.operator, key)
    with _runner(runner, ner, settings.jobs, dupes.rows_out) as runner:
        start = 0
        for frame in spill.frames():
            written = _read_written(frame, settings.spec.columns)
            release = frame.select(spill_release_columns(frame)).with_columns(
                suppressed.slice(start, frame.height)
            )
            if scan_cols is None:
                scan_cols = release_scan_columns(release, profile)
            # the scan obeys the decisions too (a kept word is no leak); what they change
            # there is not counted again: the report counts what redaction changed, once
            decided = (decisions, _offset(kept.record_of, start)) if decisions else None
            release, scanned, more = _scan_chunk(
                release, scan_cols, written, replacer, runner, ner, start, decided
            )
            added.update(more)
            scan_findings += scanned.findings
            published = validate_table(
                kept.view(release, start, header=list(release.columns)), schema="published"
            )
            release_errors += [f for f in published.errors if f.row is not None or not checked]
            checked = True
            charted.add(release)
            final.write(release)
            start += frame.height
    scan_cols = scan_cols or []
    steps["redact"]["second_look"] = dict(sorted(added.items()))
    where = [
        {
            "record": kept.record_of(f.row - 1),
            "line": kept.line_of(f.row - 1),
            "column": f.column,
            "check": f.check,
            "types": f.message.split(": ", 1)[-1],
        }
        for f in _in_column_order(scan_findings, scan_cols)[:100]
        if f.row
    ]
    steps["scan"] = {
        "columns": scan_cols,
        "findings": len(scan_findings),
        "records": sorted({w["record"] for w in where}),
        "where": where,
    }
    if scan_findings:
        gates.append(
            f"scan: possible personal data left in {len(scan_findings)} cell(s) of "
            "the release (records listed in steps.scan)"
        )

    # The release is checked as anyone receiving it would check it, before it is written.
    # A column the profile drops, cuts to a month or pseudonymises differs from the published
    # schema on purpose (and datapackage.json says how); every other break fails the gate.
    changed = {c for c, a in profile.actions.items() if a in ("drop", "month", "pseudonymise")}
    broken = [f for f in release_errors if f.column not in changed]
    counts = dict(Counter(f.check for f in broken))
    steps["release_check"] = {
        "schema": "published",
        "errors": len(broken),
        "counts": counts,
        "findings": _where(broken),
        "differs_on_purpose": sorted({f.column for f in release_errors if f.column in changed}),
    }
    if broken:
        gates.append(
            f"release check: the release breaks the published schema in {len(broken)} "
            f"place(s) ({', '.join(f'{k}: {v}' for k, v in counts.items())})"
        )

    stats = _stats(table, for_stats, dupes, profile)
    del for_stats
    if stats is not None and not all(p.suppression.safe for p in stats.periods):
        pinned = sum(len(p.suppression.pinned) for p in stats.periods)
        gates.append(
            f"stats: {pinned} hidden cell(s) of the statistics tables can be worked out from "
            "the published figures"
        )

    if final.rows + dupes.removed.height != table.rows:
        final.close()
        raise IntegrityError("rows in != rows out + rows removed")
    report = {
        "released": not gates,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "period": period,
        "gate_failures": gates,
        "input": {"file": table.path, "sha256": table.sha256, "rows": table.rows},
        "rows_out": final.rows if not gates else 0,
        "steps": steps,
        "settings": {
            "profile": profile.to_dict(),
            "ner": ner,
            "jobs": settings.jobs,
            "engine": settings.engine,
        },
        "versions": {
            "uofclean": __version__,
            "model": (steps["redact"]["detector"].get("model") or {}).get("version"),
        },
        "charts": charted.result(),
        "stats": stats_summary(stats, STATS_FOLDER) if stats is not None else None,
    }
    made = (
        Review.build(
            Path(table.path).name, table.sha256, list(settings.spec.columns), totals.reviewed
        )
        if settings.spec.keep_spans
        else None
    )
    if gates:
        final.close()
        return PublishResult(None, report, table.newline, review=made, stats=stats)
    return PublishResult(final, report, table.newline, final.columns, made, stats)


def _reviewed(chunk, result, columns, kept: _Kept) -> list[ReviewRecord]:
    """A chunk's records for the review: the input's text, the spans redaction applied."""
    record_of = _offset(kept.record_of, chunk.start)
    return frame_records(chunk.frame, list(columns), result.spans, record_of)


def _offset(record_of, start: int):
    """record_of for a chunk's rows: its row i is the (kept) row start + i."""
    return lambda i: record_of(start + i)


_WRITTEN = "__written__"


def _written_columns(written: dict[str, list]) -> list[pl.Series]:
    """Where redaction wrote, as text columns that travel with the rows through the spill."""
    return [
        pl.Series(
            f"{_WRITTEN}{c}",
            [";".join(f"{a},{b}" for a, b in where) for where in per_row],
            dtype=pl.Utf8,
        )
        for c, per_row in written.items()
    ]


def _read_written(frame: pl.DataFrame, columns) -> dict[str, list]:
    out = {}
    for c in columns:
        values = frame[f"{_WRITTEN}{c}"].to_list()
        out[c] = [
            tuple(tuple(int(x) for x in pair.split(",")) for pair in v.split(";")) if v else ()
            for v in values
        ]
    return out


def spill_release_columns(frame: pl.DataFrame) -> list[str]:
    return [c for c in frame.columns if not c.startswith(_WRITTEN)]


def _scan_chunk(release, columns, written, replacer, runner, ner, start, decided=None):
    """The release scan over one chunk, then the second look at what it found in a redacted
    column. Findings name the release row (1-based, over the whole release); `decided`:
    (decisions, the input's record of the chunk's row i)."""
    decisions, record_of = decided or (None, None)
    scanned = scan_frame(
        scan_view(release, columns),
        columns or None,
        ner=ner,
        record_of=lambda i: start + i + 1,
        runner=runner,
        written=written,
        decisions=decisions,
        decision_records=record_of,
    )
    like = RedactResult(release, {}, {}, written=written, replacer=replacer)
    return _second_look(release, like, scanned, runner, ner, start, decided)


def _in_column_order(findings: list[Finding], columns: list[str]) -> list[Finding]:
    order = {c: i for i, c in enumerate(columns)}
    return sorted(findings, key=lambda f: (order.get(f.column or "", len(order)), f.row or 0))


class _Charts:
    """The report's chart counts, added up chunk by chunk (as report.charts counts them)."""

    def __init__(self) -> None:
        self.months: Counter = Counter()
        self.tactics: Counter = Counter()
        self.dated = False

    def add(self, release: pl.DataFrame) -> None:
        if "IncidentDate" in release.columns:
            self.dated = True
            months = release["IncidentDate"].str.slice(0, 7).to_list()
            self.months.update(m for m in months if m)
        for column in TACTIC_COLUMNS:
            if column in release.columns:
                self.tactics.update(t for t in release[column].to_list() if t)

    def result(self) -> dict:
        out: dict = {}
        if self.dated:
            out["forms_by_month"] = dict(sorted(self.months.items()))
        out["tactics_used"] = dict(self.tactics.most_common(12))
        return out


def _add_confined(totals: _Totals, confined, release: pl.DataFrame) -> None:
    totals.mapped.update(confined.mapped)
    totals.suppressed.update(confined.suppressed)
    for column in confined.suppressed:
        if confined.suppressed[column]:
            value = pl.col(column).fill_null("").str.strip_chars()
            outside = release.filter(confined.frame[column] == SUPPRESSED).filter(
                value != SUPPRESSED
            )
            totals.distinct.setdefault(column, set()).update(outside[column].unique().to_list())
    for column in confined.mapped:
        totals.distinct.setdefault(column, set())


def _empty(table: ChunkedTable) -> pl.DataFrame:
    return pl.DataFrame(schema={c: pl.Utf8 for c in table.columns})


def stats_columns(table: ChunkedTable, profile: Profile) -> list[str]:
    """The input's columns the statistics tables count (none without [stats])."""
    if profile.stats is None:
        return []
    wanted = set(read_columns())
    return [c for c in table.columns if canonical_name(c) in wanted]


def _stats(table, held: list[pl.DataFrame], dupes, profile: Profile) -> Release | None:
    """The tables `uofclean stats` makes of this extract, counted from the rows publish
    holds: the kept (deduplicated) rows of the first pass, as they came, in their order, only
    the columns the tables count (stats_columns)."""
    if profile.stats is None:
        return None
    s = profile.stats
    columns = stats_columns(table, profile)
    frame = pl.concat(held) if held else pl.DataFrame(schema={c: pl.String for c in columns})
    if frame.height != dupes.rows_out:
        raise IntegrityError("the statistics would count other rows than the release's")
    info = {
        "file": table.path,
        "sha256": table.sha256,
        "layout": "extract",
        "rows_in": table.rows,
        "duplicates_removed": dupes.removed.height,
    }
    return make_release(
        table.path,
        unit=s.unit,
        min_count=s.min_count,
        period=s.period or None,
        previous=s.previous or None,
        rows=(frame, "extract", info),
        method=s.method,
        exempt=s.exempt,
    )


def _release_table(kept: Table, release: pl.DataFrame) -> Table:
    """The release as a table whose rows still point at the input's records and lines, so
    a finding about the release names the record to fix."""
    records = array("l", (kept.record_of(i) for i in range(kept.rows)))
    table = Table(
        release, list(release.columns), kept.path, kept.encoding, kept.sha256, _records=records
    )
    table._parent, table._index = kept, list(range(kept.rows))
    return table


def _where(found: list[Finding], limit: int = 100) -> list[dict]:
    """Where findings are (record, line, column, check), never their values."""
    return [
        {"record": f.row, "line": f.line, "column": f.column, "check": f.check}
        for f in found[:limit]
    ]


def check_outdir(outdir: str | Path) -> None:
    """Refuse an OUTDIR that is not new, empty or a folder of publish's own files: the folder
    is replaced whole, so anything else in it would be deleted or mixed into a release."""
    out = Path(outdir)
    if not out.exists():
        return
    if not out.is_dir():
        raise OptionError("the output is not a folder", path=str(out))
    foreign = sorted(p.name for p in out.iterdir() if not _own(p))
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise OptionError(
            f"the output folder holds files uofclean did not write ({foreign[0]!r}{more}); "
            "publish into a new or empty folder",
            path=str(out),
        )


def _own(path: Path) -> bool:
    """A file publish writes, or its stats folder holding only tables."""
    if path.name == STATS_FOLDER and path.is_dir() and not path.is_symlink():
        return all(p.is_file() and p.suffix in STATS_SUFFIXES for p in path.iterdir())
    return path.name in OWN_FILES and path.is_file()


def write_outputs(
    result: PublishResult, outdir: str | Path, profile: Profile, *, excel: bool = False
) -> list[str]:
    """Build OUTDIR's new contents in a folder beside it (the release only if every gate
    passed, the reports always) and move that folder into place whole, so OUTDIR never holds
    a release beside reports that say there is none. Returns the release files of an earlier
    run that a failed run took away (the report says so too). The release is UTF-8 with the
    input's line ends, or with a BOM and CRLF for Excel."""
    out = Path(outdir)
    check_outdir(out)
    removed = [] if result.released else [n for n in RELEASE_FILES if (out / n).is_file()]
    if not result.released and (out / STATS_FOLDER).is_dir():
        removed.append(STATS_FOLDER)  # tables of an earlier release go with it
    if removed:
        result.report[PREVIOUS_REMOVED] = removed
    real = out.resolve()  # "-o ." has no name and is its own parent: stage beside the real one
    real.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent))
    try:
        with pending(staging):  # an interrupt takes it away
            os.chmod(staging, _folder_mode(out))
            if result.release is not None:
                style = EXCEL if excel else CsvStyle(newline=result.newline)
                target = staging / RELEASE_CSV
                with csv_sink(target, result.header, style=style, neutralise=True) as sink:
                    for frame in result.release.frames():
                        sink.write(frame)
                package = descriptor(profile, sink.rows, style=style)
                write_text(staging / DATAPACKAGE, json.dumps(package, indent=2) + "\n")
                # the report names the file it describes, so it can be cited beside it
                result.report["release"] = {
                    "file": RELEASE_CSV,
                    "rows": sink.rows,
                    "sha256": _sha256(target),
                }
                if result.stats is not None:
                    write_all(staging / STATS_FOLDER, result.stats)
            write_text(staging / REPORT_JSON, json.dumps(result.report, indent=2) + "\n")
            write_text(staging / REPORT_HTML, to_html(result.report))
            _replace_folder(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if result.release is not None:
            result.release.close()
    return removed


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _folder_mode(out: Path) -> int:
    """The old folder's permissions, or the usual ones (mkdtemp makes 0700)."""
    if out.is_dir():
        return stat.S_IMODE(out.stat().st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _replace_folder(new: Path, out: Path) -> None:
    """Rename new onto out; an existing out is first renamed aside, then deleted."""
    target = out.resolve()
    if not target.exists():
        os.rename(new, target)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    os.replace(target, aside)  # onto the empty folder mkdtemp made
    try:
        os.rename(new, target)
    except OSError:
        os.replace(aside, target)  # put the old folder back as it was
        raise
    shutil.rmtree(aside, ignore_errors=True)
