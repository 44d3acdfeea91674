"""validate_table: every finding about an extract or a release, not just the first."""

from __future__ import annotations

from datetime import date
from functools import partial

import polars as pl

from uofclean.errors import StructureError
from uofclean.findings import Finding, Severity, finding
from uofclean.io import Table
from uofclean.schema import columns as cols
from uofclean.schema.checks import value_ok
from uofclean.validate import rules
from uofclean.validate.report import ValidationReport

KIND_CHECK = {
    "vocab": "vocabulary",
    "yes_no": "vocabulary",
    "date": "date",
    "time": "time",
    "datetime": "datetime",
    "count": "count",
    "serial": "serial",
    "pseudonym": "pseudonym",
}
# Identifiers of an extract, where a stray space can make one person or form look like two:
# stray whitespace in them is an error (their values are masked in findings, as always).
# Free text (Justification, InjuryDetails, IncidentAddress) may have any.
IDENTIFIER_COLUMNS = ("RecordID", "IncidentRef", "OfficerID", "SubjectName")


def validate_table(
    table: Table, schema: str = "extract", period: tuple[date, date] | None = None
) -> ValidationReport:
    if schema == "extract" and cols.layout(table.header) == "published":
        # Every internal column would be missing and every row "invalid": 1,500 findings that
        # all say one thing.
        raise StructureError(
            "this file has the published layout (the published columns, none of the "
            "extract's own): validate it with --schema published",
            path=table.path,
            line=1,
        )
    report = ValidationReport(
        table.path, schema, table.records, encoding=table.encoding, sha256=table.sha256
    )
    if cols.header_looks_like_data(table.header):
        # Every column "missing", the first record's values listed as unexpected columns:
        # one finding says it, and shows none of them.
        report.errors = [
            finding(
                "no-header-row",
                "no header row: the first line holds values, not column names",
                line=1,
            )
        ]
        return report
    found: list[Finding] = []
    found += _structure(table, table.compact_frame, schema)
    empty = _empty_rows(table.compact_frame)
    found += [
        _at(
            table,
            i,
            "empty-record",
            "record with every field empty: skipped",
            None,
            None,
            "warning",
        )
        for i in empty
    ]
    if empty:  # skipped by every check below
        gone = set(empty)
        table = table.subset([i for i in range(table.rows) if i not in gone])
    frame = _canonical(table, found, schema)
    found += _missing_and_unexpected(table, frame, schema)
    specs = {s.name: s for s in cols.column_specs(schema)}
    flagged = _flagged(frame, specs, schema)  # one cheap pass over every categorical column
    found += _whitespace(table, frame, flagged)
    found += _whitespace(table, frame, [c for c in IDENTIFIER_COLUMNS if c in frame.columns])
    found += _schema_checks(table, frame, schema, specs, flagged)
    found += _real_values(table, frame, specs)
    found += _rules(table, frame)
    found += _vocabulary_warnings(table, frame)
    found += _required(table, frame, schema)
    if "RecordID" in frame.columns:
        found += _duplicate_ids(table, frame)
    if period and "IncidentDate" in frame.columns:
        found += [
            _at(
                table,
                i,
                "period",
                "IncidentDate date is outside the reporting period",
                "IncidentDate",
                frame,
            )
            for i in rules.row_indices(frame, rules.outside_period("IncidentDate", period))
        ]
    found = _once_per_cell(found)
    report.errors = [f for f in found if f.severity == "error"]
    report.warnings = [f for f in found if f.severity == "warning"]
    return report


def _once_per_cell(found: list[Finding]) -> list[Finding]:
    """One finding per broken rule per cell: the first, where two checks saw the same break."""
    seen: set[tuple[str, int, str | None]] = set()
    kept = []
    for f in found:
        if f.row is not None:
            key = (f.check, f.row, f.column)
            if key in seen:
                continue
            seen.add(key)
        kept.append(f)
    return kept


def _empty_rows(frame: pl.DataFrame) -> list[int]:
    """Rows with every field empty or blank (Excel writes them as bare commas). Rows with
    anything in the first column are passed over after one look at that column."""
    if not frame.width or not frame.height:
        return []
    first = frame.columns[0]
    candidates = rules.row_indices(frame, rules.where(frame, first, rules.is_blank))
    if not candidates:
        return []
    rows = frame[candidates]
    empty = rows.select(pl.all_horizontal(rules.is_blank(rules.text(c)) for c in rows.columns))
    return [i for i, e in zip(candidates, empty.to_series(), strict=True) if e]


def _at(
    table: Table,
    i: int,
    check: str,
    message: str,
    column: str | None,
    frame: pl.DataFrame | None = None,
    severity: Severity = "error",
) -> Finding:
    value = frame[column][i] if frame is not None and column in frame.columns else None
    return finding(
        check,
        message,
        row=table.record_of(i),
        column=column,
        value=value,
        line=table.line_of(i),
        severity=severity,
    )


def _canonical(table: Table, found: list[Finding], schema: str) -> pl.DataFrame:
    """Known corrected spellings are accepted in an extract, with a warning."""
    renames = {}
    frame = table.compact_frame  # vocabularies may be categories: read through rules.text
    for name in frame.columns:
        canonical = cols.canonical_name(name)
        if canonical != name and canonical not in frame.columns:
            renames[name] = canonical
            found.append(
                finding(
                    "column-spelling",
                    f"column {name!r} read as the published {canonical!r}",
                    column=name,
                    severity="error" if schema == "published" else "warning",
                )
            )
    return frame.rename(renames)


def _structure(table: Table, frame: pl.DataFrame, schema: str) -> list[Finding]:
    """Findings about the file's shape: ragged rows, stray quotes, the header."""
    found = [
        finding(
            "stray-quote",
            "a quote inside a quoted field is neither doubled nor followed by a comma: the "
            "record cannot be read without changing a value",
            row=q.record,
            line=q.line,
        )
        for q in table.stray_quotes
    ]
    found += [
        finding(
            "ragged-row",
            f"record has {r.actual} fields, the header has {r.expected}",
            row=r.record,
            line=r.line,
        )
        for r in table.ragged
    ]
    found += [
        finding(
            "duplicate-header",
            f"column {name!r} appears {len(pos)} times in the header",
            column=name,
            line=1,
        )
        for name, pos in table.duplicate_headers.items()
    ]
    names = table.names
    if names is not None:
        found += [
            finding(
                "blank-header",
                f"column {i + 1} has no name in the header but holds values",
                line=1,
            )
            for i in names.blank
        ]
        if names.padding:
            found.append(
                finding(
                    "empty-columns",
                    f"{names.padding} empty trailing column(s) ignored (no name, no values)",
                    line=1,
                    severity="warning",
                )
            )
        if names.spaced:
            found.append(
                finding(
                    "header-whitespace",
                    f"{len(names.spaced)} header name(s) have stray spaces around them; "
                    "matched as trimmed",
                    line=1,
                    severity="warning",
                )
            )
    return found


def _missing_and_unexpected(table: Table, frame: pl.DataFrame, schema: str) -> list[Finding]:
    found = []
    specs = cols.column_specs(schema)
    expected = [s.name for s in specs]
    present = set(frame.columns)
    for name in (s.name for s in specs if not s.optional):
        if name not in present:
            found.append(finding("missing-column", f"missing column {name!r}", column=name, line=1))
    known = set(expected) | (table.names.generated if table.names is not None else set())
    for position, name in enumerate(frame.columns, start=1):
        if name not in known:
            # an unknown name may be anything (a value, when the header row is missing): it is
            # masked like an unknown column's values, and the column named by its position
            found.append(
                finding(
                    "unexpected-column",
                    f"unexpected column {position} (not a known column; its name is not shown)",
                    line=1,
                    severity="warning",
                )
            )
    if schema == "published":
        order = [c for c in frame.columns if c in set(expected)]
        if order != [c for c in expected if c in present]:
            found.append(
                finding("column-order", "published columns are not in the published order", line=1)
            )
    return found


def _raw_screen(column: str, spec, schema: str) -> pl.Expr | None:
    """True where a raw value (untrimmed) is outside its column's set or format: catches stray
    whitespace and bad values alike, so clean columns are passed over after one scan."""
    raw = pl.col(column).fill_null("")  # categories (vocabularies) are compared as they are
    if spec.kind == "open_vocab":
        return ~raw.is_in([*cols.values(spec.vocabulary), ""])
    ok = value_ok(spec, schema, raw if spec.kind in ("vocab", "yes_no") else rules.text(column))
    return None if ok is None else ~ok


def _flagged(frame: pl.DataFrame, specs, schema: str) -> list[str]:
    """Categorical and formatted columns with at least one value to look at more closely."""
    screens = {c: _raw_screen(c, specs[c], schema) for c in frame.columns if c in specs}
    exprs = {c: e for c, e in screens.items() if e is not None}
    if not exprs:
        return []
    hits = frame.select(e.any().alias(c) for c, e in exprs.items()).row(0)
    return [c for c, hit in zip(exprs, hits, strict=True) if hit]


def _broken(spec, schema: str, value: pl.Expr) -> pl.Expr:
    """The value, trimmed, fails its column's check."""
    ok = value_ok(spec, schema, value.str.strip_chars())
    assert ok is not None
    return ~ok


def _one_of(values: list[str], value: pl.Expr) -> pl.Expr:
    return value.str.strip_chars().is_in(values)


def _whitespace(table: Table, frame: pl.DataFrame, flagged: list[str]) -> list[Finding]:
    found = []
    for name in flagged:
        stray = rules.where(frame, name, lambda v: v != v.str.strip_chars())
        for i in rules.row_indices(frame, stray):
            found.append(
                _at(
                    table, i, "whitespace", f"stray whitespace around the {name} value", name, frame
                )
            )
    return found


def _schema_checks(
    table: Table, frame: pl.DataFrame, schema: str, specs, flagged: list[str]
) -> list[Finding]:
    """The pandera schema's column checks, on values with stray whitespace trimmed (reported
    above). A polars screen built from the same definitions (uofclean.schema.checks) picks the
    columns and rows worth showing pandera, so a clean extract never pays for it; pandera's
    failure cases make the findings, in the schema's column order, then row order."""
    from uofclean.schema.pandera_schemas import failing_cells

    order = {s.name: k for k, s in enumerate(cols.column_specs(schema))}
    failing = sorted((c for c in flagged if specs[c].kind in KIND_CHECK), key=order.__getitem__)
    if not failing:
        return []
    suspects: set[int] = set()
    for column in failing:
        broken = rules.where(frame, column, partial(_broken, specs[column], schema))
        suspects.update(rules.row_indices(frame, broken))
    rows = sorted(suspects)
    shown = frame.select(
        pl.col(c).gather(rows).cast(pl.String).fill_null("").str.strip_chars() for c in failing
    )
    # pandera has the last word, in one call over the suspect rows of the failing columns
    cells = failing_cells(schema, shown)
    found = []
    for column in failing:
        check = KIND_CHECK[specs[column].kind]
        message = (
            f"{column} value is not one of its published values"
            if check == "vocabulary"
            else f"{column} is not a keyed pseudonym (16 hex digits)"
            if check == "pseudonym"
            else f"{column} is not a valid {check}"
        )
        values = shown[column]
        found += [
            finding(
                check,
                message,
                row=table.record_of(rows[k]),
                column=column,
                value=values[k],
                line=table.line_of(rows[k]),
            )
            for k in cells.get(column, [])
        ]
    return found


def _real_values(table: Table, frame: pl.DataFrame, specs) -> list[Finding]:
    found = []
    for name in frame.columns:
        spec = specs.get(name)
        if spec and spec.kind in ("date", "datetime"):
            for i in _unreal_rows(frame, name, spec.kind):
                found.append(
                    _at(table, i, spec.kind, f"{name} is not a real {spec.kind}", name, frame)
                )
    return found


def _unreal_rows(frame: pl.DataFrame, name: str, kind: str) -> list[int]:
    """rules.unreal_dates, parsing every value with the first format only: the other formats
    are tried on the few rows that one leaves unparsed."""
    rows = rules.row_indices(frame, rules.unreal_dates(name, kind, first_format_only=True))
    if kind == "date" or not rows:
        return rows
    unreal = frame.select(pl.col(name).gather(rows)).select(rules.unreal_dates(name, kind))
    return [i for i, bad in zip(rows, unreal.to_series(), strict=True) if bad]


def _rules(table: Table, frame: pl.DataFrame) -> list[Finding]:
    messages = {
        "tactic-gap": "tactics must fill from Tactic 1 upward with no gaps",
        "effective-without-tactic": "an Effective column is set where its Tactic is blank",
        "ced-without-tactic": "a Taser (CED) column is filled but no CED tactic was used",
        "ced-fired-without-tactic": "CED Fired is Yes without a 'CED (Taser) Fired' tactic",
    }
    exprs = rules.rule_columns(frame)
    if not exprs or not frame.height:
        return []
    # Cheap screens first; the rules themselves then run on the few rows a screen lets through.
    screens = rules.rule_screens(frame)
    suspects = frame.select(
        pl.any_horizontal(screens[check].fill_null(False) for check in exprs).arg_true().alias("i")
    )["i"]
    rows = frame[suspects]
    broken = rows.select(expr.alias(check) for check, expr in exprs.items())
    found = []
    for check in exprs:
        column = broken[check]
        for k in column.is_not_null().arg_true().to_list():
            i = int(suspects[k])
            found.append(_at(table, i, check, messages[check], column[k], frame))
    return found


def _vocabulary_warnings(table: Table, frame: pl.DataFrame) -> list[Finding]:
    found = []
    if "MainDuty" in frame.columns:
        known = list(cols.values("main_duty")) + [""]
        unknown = rules.where(frame, "MainDuty", lambda v: ~v.str.strip_chars().is_in(known))
        for i in rules.row_indices(frame, unknown):
            found.append(
                _at(
                    table, i, "main-duty", "unfamiliar MainDuty value", "MainDuty", frame, "warning"
                )
            )
    for vocab, variants in cols.VALUE_VARIANTS.items():
        for spec in cols.column_specs():
            if spec.vocabulary != vocab or spec.name not in frame.columns:
                continue
            variant = rules.where(frame, spec.name, partial(_one_of, list(variants)))
            for i in rules.row_indices(frame, variant):
                found.append(
                    _at(
                        table,
                        i,
                        f"{spec.name.lower()}-variant",
                        f"{spec.name} written as a variant of a published value",
                        spec.name,
                        frame,
                        "warning",
                    )
                )
    return found


def _required(table: Table, frame: pl.DataFrame, schema: str) -> list[Finding]:
    required = [
        c
        for c in cols.REQUIRED_COLUMNS
        if c in frame.columns and (schema == "extract" or c in cols.PUBLISHED_COLUMNS)
    ]
    found = []
    for name in required:
        blank = rules.where(frame, name, lambda v: v.str.strip_chars() == "")
        for i in rules.row_indices(frame, blank):
            found.append(_at(table, i, "required", f"{name} is blank", name))
        if name in IDENTIFIER_COLUMNS:  # NULL, N/A, -, 0: an export's word for blank
            stand_in = rules.where(frame, name, _placeholder_id)
            for i in rules.row_indices(frame, stand_in):
                message = f"{name} is a placeholder (NULL, N/A, -, 0...), not an identifier"
                found.append(_at(table, i, "required", message, name))
    return found


def _placeholder_id(value: pl.Expr) -> pl.Expr:
    """Filled, but with a placeholder (blank is reported as blank)."""
    trimmed = value.str.strip_chars()
    return (trimmed != "") & trimmed.str.to_lowercase().str.contains(cols.PLACEHOLDER)


def _duplicate_ids(table: Table, frame: pl.DataFrame) -> list[Finding]:
    key = rules.text("RecordID").str.strip_chars().str.to_uppercase()
    dup = (
        frame.select(pl.int_range(pl.len()).alias("i"), key.alias("k"))
        .with_columns(pl.col("i").min().over("k").alias("first"))
        .filter(
            ~pl.col("k").str.to_lowercase().str.contains(cols.PLACEHOLDER)
            & (pl.col("i") != pl.col("first"))
        )
    )
    return [
        finding(
            "duplicate-record-id",
            f"RecordID repeats record {table.record_of(first)}",
            row=table.record_of(i),
            column="RecordID",
            line=table.line_of(i),
        )
        for i, _, first in dup.iter_rows()
    ]
