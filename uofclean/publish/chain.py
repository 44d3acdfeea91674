"""publish_extract: the whole chain, returning a typed result that the CLI writes out."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from array import array
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from uofclean import __version__
from uofclean.dedupe import REQUIRED as DEDUPE_REQUIRED
from uofclean.dedupe import find_duplicates
from uofclean.errors import IntegrityError, OptionError
from uofclean.findings import Finding
from uofclean.io import Table, read_table, write_csv, write_text
from uofclean.io.writer import EXCEL, CsvStyle, pending
from uofclean.keys import pseudonym
from uofclean.publish.confine import confine_vocabularies, scan_view
from uofclean.publish.confine import scan_columns as release_scan_columns
from uofclean.publish.datapackage import descriptor
from uofclean.publish.disclosure import apply_disclosure
from uofclean.publish.profile import Profile
from uofclean.publish.report import (
    categories,
    charts,
    reporting_period,
    residual_risk,
    to_html,
)
from uofclean.redact.pipeline import DetectionRunner, redact_frame, scan_frame, second_look
from uofclean.stats.report import summary as stats_summary
from uofclean.stats.run import make_release
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
    release: pl.DataFrame | None  # None when a gate failed
    report: dict
    newline: str = "\n"  # the input's line ends, which the release keeps
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


def _second_look(release, redacted, scanned, runner, ner: bool):
    """Redaction and the scan agree by construction: what the scan finds in a column that
    redaction wrote is redacted too (same operator), and only those rows are scanned again;
    what the scan finds in other columns stays a finding."""
    rows = sorted({i for i, column in scanned.cells if column in redacted.written})
    if not rows:
        return release, scanned, {}
    release, added = second_look(release, redacted, rows, runner=runner)
    again = scan_frame(
        scan_view(release[rows], scanned.columns),
        scanned.columns,
        ner=ner,
        record_of=lambda i: rows[i] + 1,  # the release row, as in the first scan
        runner=runner,
        written={c: [w[r] for r in rows] for c, w in redacted.written.items()},
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
) -> PublishResult:
    if profile.needs_key() and key is None:
        raise OptionError("this profile pseudonymises: a key is needed")
    table = read_table(path, encoding=encoding, compact=False)
    table.require_rectangular()
    table.require_columns(list(DEDUPE_REQUIRED))
    # One pool of workers (each loading the model once) serves both redaction and the scan.
    with DetectionRunner(ner=ner, jobs=jobs, rows=table.rows) as runner:
        return _publish_table(
            table, profile, key=key, ner=ner, jobs=jobs, progress=progress, runner=runner
        )


def _publish_table(
    table,
    profile: Profile,
    *,
    key: bytes | None,
    ner: bool,
    jobs: int | None,
    progress: bool,
    runner: DetectionRunner,
) -> PublishResult:
    gates: list[str] = []
    steps: dict = {"read": {"rows": table.rows, "encoding": table.encoding}}

    dupes = find_duplicates(table.frame)
    steps["dedupe"] = dupes.to_report()
    kept = table.subset(dupes.keep.arg_true().to_list())

    # the period the note cites is the period checked: a date outside it fails the gate
    validation = validate_table(kept, period=profile.period)
    steps["validate"] = {
        "errors": len(validation.errors),
        "warnings": len(validation.warnings),
        "counts": validation.counts_by_check(),
        "findings": _where(validation.errors),
    }
    if not validation.valid:
        gates.append(
            f"validation: {len(validation.errors)} error(s) in the deduplicated extract "
            f"({', '.join(f'{k}: {v}' for k, v in validation.counts_by_check().items())})"
        )

    redact_columns = [
        c for c, a in profile.actions.items() if a == "redact" and c in kept.frame.columns
    ]
    redacted = redact_frame(
        kept.frame,
        redact_columns,
        operator=profile.operator,
        key=key,
        ner=ner,
        jobs=jobs,
        progress=progress,
        runner=runner,
    )
    steps["redact"] = {
        "columns": redact_columns,
        "entities_by_type": redacted.counts_by_type(),
        "entities_by_column": redacted.counts,
        "detector": redacted.detector,
    }

    release = _apply_profile(redacted.frame, profile, key)
    confined = confine_vocabularies(release, profile)  # before disclosure: variants count alike
    release = confined.frame
    steps["vocabulary"] = {
        "variants_made_published": confined.mapped,
        "suppressed": confined.suppressed,
        "distinct_values_suppressed": confined.distinct,
    }
    incident = profile.incident_key or "IncidentKey"
    grouped = (
        release
        if profile.incident_key
        else release.with_columns(kept.frame["IncidentRef"].alias(incident))
    )
    disclosure = apply_disclosure(
        grouped,
        incident=incident,
        k=profile.k,
        quasi_identifiers=profile.quasi_identifiers,
        order=profile.suppression_order,
        suppressible=profile.suppressible,
    )
    release = disclosure.frame.select(release.columns)
    steps["disclosure"] = {
        "k": profile.k,
        "suppressed": disclosure.suppressed,
        "failing_combinations": disclosure.failing_combinations,
        "rows": release.height,
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

    scan_columns = release_scan_columns(release, profile)
    scanned = scan_frame(
        scan_view(release, scan_columns),
        scan_columns or None,
        ner=ner,
        jobs=jobs,
        progress=progress,
        record_of=lambda i: i + 1,  # the release row; turned into the input's record below
        runner=runner,
        written=redacted.written,
    )
    release, scanned, added = _second_look(release, redacted, scanned, runner, ner)
    steps["redact"]["second_look"] = added
    where = [
        {
            "record": kept.record_of(f.row - 1),
            "line": kept.line_of(f.row - 1),
            "column": f.column,
            "check": f.check,
            "types": f.message.split(": ", 1)[-1],
        }
        for f in scanned.findings[:100]
        if f.row
    ]
    steps["scan"] = {
        "columns": scanned.columns,
        "findings": len(scanned.findings),
        "records": sorted({w["record"] for w in where}),
        "where": where,
    }
    if not scanned.clean:
        gates.append(
            f"scan: possible personal data left in {len(scanned.findings)} cell(s) of "
            "the release (records listed in steps.scan)"
        )

    # The release is checked as anyone receiving it would check it, before it is written.
    # A column the profile drops, cuts to a month or pseudonymises differs from the published
    # schema on purpose (and datapackage.json says how); every other break fails the gate.
    published = validate_table(_release_table(kept, release), schema="published")
    changed = {c for c, a in profile.actions.items() if a in ("drop", "month", "pseudonymise")}
    broken = [f for f in published.errors if f.column not in changed]
    counts = dict(Counter(f.check for f in broken))
    steps["release_check"] = {
        "schema": "published",
        "errors": len(broken),
        "counts": counts,
        "findings": _where(broken),
        "differs_on_purpose": sorted({f.column for f in published.errors if f.column in changed}),
    }
    if broken:
        gates.append(
            f"release check: the release breaks the published schema in {len(broken)} "
            f"place(s) ({', '.join(f'{k}: {v}' for k, v in counts.items())})"
        )

    stats = _stats(kept, table, dupes.removed.height, profile)
    if stats is not None and not all(p.suppression.safe for p in stats.periods):
        pinned = sum(len(p.suppression.pinned) for p in stats.periods)
        gates.append(
            f"stats: {pinned} hidden cell(s) of the statistics tables can be worked out from "
            "the published figures"
        )

    if release.height + dupes.removed.height != table.rows:
        raise IntegrityError("rows in != rows out + rows removed")
    report = {
        "released": not gates,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "period": reporting_period(release, profile.period),
        "gate_failures": gates,
        "input": {"file": table.path, "sha256": table.sha256, "rows": table.rows},
        "rows_out": release.height if not gates else 0,
        "steps": steps,
        "settings": {"profile": profile.to_dict(), "ner": ner, "jobs": jobs},
        "versions": {
            "uofclean": __version__,
            "model": (redacted.detector.get("model") or {}).get("version"),
        },
        "charts": charts(release),
        "stats": stats_summary(stats, STATS_FOLDER) if stats is not None else None,
    }
    return PublishResult(None if gates else release, report, table.newline, stats)


def _stats(kept: Table, table: Table, removed: int, profile: Profile) -> Release | None:
    """The tables `uofclean stats` makes of this extract, from the same deduplicated rows."""
    if profile.stats is None:
        return None
    info = {
        "file": table.path,
        "sha256": table.sha256,
        "layout": "extract",
        "rows_in": table.rows,
        "duplicates_removed": removed,
    }
    s = profile.stats
    return make_release(
        table.path,
        unit=s.unit,
        min_count=s.min_count,
        period=s.period or None,
        previous=s.previous or None,
        rows=(kept.frame, "extract", info),
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
                write_csv(result.release, staging / RELEASE_CSV, neutralise=True, style=style)
                package = descriptor(profile, result.release.height, style=style)
                write_text(staging / DATAPACKAGE, json.dumps(package, indent=2) + "\n")
                # the report names the file it describes, so it can be cited beside it
                result.report["release"] = {
                    "file": RELEASE_CSV,
                    "rows": result.release.height,
                    "sha256": hashlib.sha256((staging / RELEASE_CSV).read_bytes()).hexdigest(),
                }
                if result.stats is not None:
                    write_all(staging / STATS_FOLDER, result.stats)
            write_text(staging / REPORT_JSON, json.dumps(result.report, indent=2) + "\n")
            write_text(staging / REPORT_HTML, to_html(result.report))
            _replace_folder(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return removed


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
