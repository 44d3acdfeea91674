"""validate_table: every finding about an extract or a release, not just the first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import lru_cache, partial

import polars as pl

from uofclean.errors import StructureError
from uofclean.findings import Finding, Severity, finding
from uofclean.io import Table
from uofclean.repeats import repeated
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


# Where each kind of finding goes in a report: file-level findings and each check's findings,
# column by column, in row order. A file validated chunk by chunk (ChunkedValidation) keeps each
# chunk's findings under these keys, so its report lists them in the order of a whole-file run.
_STRUCTURE, _EMPTY, _SPELLING, _COLUMNS = 0, 1, 2, 3
_WHITESPACE, _ID_WHITESPACE, _SCHEMA, _REAL, _RULES, _VOCABULARY, _REQUIRED = range(4, 11)
_DUPLICATE_IDS, _PERIOD = 11, 12

Key = tuple[int, ...]
Groups = dict[Key, list[Finding]]


def validate_table(
    table: Table, schema: str = "extract", period: tuple[date, date] | None = None
) -> ValidationReport:
    report = new_report(table, schema)
    if cols.header_looks_like_data(table.header):
        report.errors = no_header()
        return report
    groups: Groups = {}
    add(groups, file_groups(table, schema))
    keys = row_groups_into(groups, table, schema, period)
    if keys is not None:
        add(groups, duplicate_groups(keys, table.record_of, table.line_of))
    return finish(report, groups)


def new_report(table: Table, schema: str) -> ValidationReport:
    """The report's heading; refuses a release validated as an extract."""
    if schema == "extract" and cols.layout(table.header) == "published":
        # Every internal column would be missing and every row "invalid": 1,500 findings that
        # all say one thing.
        raise StructureError(
            "this file has the published layout (the published columns, none of the "
            "extract's own): validate it with --schema published",
            path=table.path,
            line=1,
        )
    return ValidationReport(
        table.path, schema, table.records, encoding=table.encoding, sha256=table.sha256
    )


def no_header() -> list[Finding]:
    # Every column "missing", the first record's values listed as unexpected columns:
    # one finding says it, and shows none of them.
    return [
        finding(
            "no-header-row",
            "no header row: the first line holds values, not column names",
            line=1,
        )
    ]


def add(groups: Groups, parts: list[tuple[Key, list[Finding]]]) -> None:
    """Findings into their groups (a chunk's after the chunks before it)."""
    for key, found in parts:
        if found:
            groups.setdefault(key, []).extend(found)


def finish(report: ValidationReport, groups: Groups) -> ValidationReport:
    """The report's findings, group by group as a whole-file run lists them."""
    found = _once_per_cell([f for key in sorted(groups) for f in groups[key]])
    report.errors = [f for f in found if f.severity == "error"]
    report.warnings = [f for f in found if f.severity == "warning"]
    return report


def file_groups(table: Table, schema: str) -> list[tuple[Key, list[Finding]]]:
    """What the header and the file's shape say: the same for every chunk of a file."""
    frame = table.compact_frame
    return [
        ((_STRUCTURE,), _structure(table, frame, schema)),
        ((_SPELLING,), _spelling(frame.columns, schema)),
        (
            (_COLUMNS,),
            _missing_and_unexpected(table, frame.rename(_renames(frame.columns)), schema),
        ),
    ]


def row_groups_into(
    groups: Groups, table: Table, schema: str, period: tuple[date, date] | None
) -> pl.DataFrame | None:
    """Every check of the rows (all the rows of a file, or one chunk of them), into `groups`.
    Returns what duplicate RecordIDs are found by ("i": the row's index in `table`, "k": its
    key), when there is a RecordID column."""
    empty = _empty_rows(table.compact_frame)
    found = [
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
    add(groups, [((_EMPTY,), found)])
    kept: list[int] | None = None
    if empty:  # skipped by every check below
        gone = set(empty)
        kept = [i for i in range(table.rows) if i not in gone]
        table = table.subset(kept)
    frame = table.compact_frame.rename(_renames(table.compact_frame.columns))
    specs = {s.name: s for s in cols.column_specs(schema)}
    flagged = _flagged(frame, schema)  # one cheap pass over every categorical column
    position = {c: i for i, c in enumerate(frame.columns)}
    ids = [c for c in IDENTIFIER_COLUMNS if c in frame.columns]
    parts: list[tuple[Key, list[Finding]]] = []
    parts += [((_WHITESPACE, position[c]), _whitespace(table, frame, [c])) for c in flagged]
    parts += [((_ID_WHITESPACE, k), _whitespace(table, frame, [c])) for k, c in enumerate(ids)]
    parts += _schema_checks(table, frame, schema, specs, flagged)
    parts += _real_values(table, frame, specs)
    parts += _rules(table, frame)
    parts += _vocabulary_warnings(table, frame)
    parts += _required(table, frame, schema)
    if period and "IncidentDate" in frame.columns:
        outside = rules.row_indices(frame, rules.outside_period("IncidentDate", period))
        message = "IncidentDate date is outside the reporting period"
        found = [_at(table, i, "period", message, "IncidentDate", frame) for i in outside]
        parts.append(((_PERIOD,), found))
    add(groups, parts)
    if "RecordID" not in frame.columns:
        return None
    keys = _id_keys(frame)
    if kept is not None:  # back to the rows of the table as given
        keys = keys.with_columns(pl.Series("i", kept, dtype=pl.Int64).gather(keys["i"]))
    return keys


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


def _renames(columns: list[str]) -> dict[str, str]:
    """Known corrected spellings, read as the published names (accepted in an extract)."""
    renames = {}
    for name in columns:
        canonical = cols.canonical_name(name)
        if canonical != name and canonical not in columns:
            renames[name] = canonical
    return renames


def _spelling(columns: list[str], schema: str) -> list[Finding]:
    """A warning for each corrected spelling in an extract (an error in a release)."""
    return [
        finding(
            "column-spelling",
            f"column {name!r} read as the published {canonical!r}",
            column=name,
            severity="error" if schema == "published" else "warning",
        )
        for name, canonical in _renames(columns).items()
    ]


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


def _flagged(frame: pl.DataFrame, schema: str) -> list[str]:
    """Categorical and formatted columns with at least one value to look at more closely."""
    exprs = _screens(tuple(frame.columns), schema)
    if not exprs:
        return []
    hits = frame.select(e.any().alias(c) for c, e in exprs.items()).row(0)
    return [c for c, hit in zip(exprs, hits, strict=True) if hit]


@lru_cache(maxsize=16)
def _screens(columns: tuple[str, ...], schema: str) -> dict[str, pl.Expr]:
    """_raw_screen of each column that has one: built once for all the chunks of a file."""
    specs = {s.name: s for s in cols.column_specs(schema)}
    screens = {c: _raw_screen(c, specs[c], schema) for c in columns if c in specs}
    return {c: e for c, e in screens.items() if e is not None}


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
) -> list[tuple[Key, list[Finding]]]:
    """The pandera schema's column checks, on values with stray whitespace trimmed (reported
    above). A polars screen built from the same definitions (uofclean.schema.checks) picks the
    columns and rows worth showing pandera, so a clean extract never pays for it; pandera's
    failure cases make the findings, in the schema's column order, then row order."""
    order = {s.name: k for k, s in enumerate(cols.column_specs(schema))}
    failing = sorted((c for c in flagged if specs[c].kind in KIND_CHECK), key=order.__getitem__)
    if not failing:
        return []
    # pandera (0.3 - 0.6 s to import) only for a file with a value to show it
    from uofclean.schema.pandera_schemas import failing_cells

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
    parts = []
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
        found = [
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
        parts.append(((_SCHEMA, order[column]), found))
    return parts


def _real_values(table: Table, frame: pl.DataFrame, specs) -> list[tuple[Key, list[Finding]]]:
    parts = []
    for k, name in enumerate(frame.columns):
        spec = specs.get(name)
        if spec and spec.kind in ("date", "datetime"):
            message = f"{name} is not a real {spec.kind}"
            found = [
                _at(table, i, spec.kind, message, name, frame)
                for i in _unreal_rows(frame, name, spec.kind)
            ]
            parts.append(((_REAL, k), found))
    return parts


def _unreal_rows(frame: pl.DataFrame, name: str, kind: str) -> list[int]:
    """rules.unreal_dates, parsing every value with the first format only: the other formats
    are tried on the few rows that one leaves unparsed."""
    rows = rules.row_indices(frame, rules.unreal_dates(name, kind, first_format_only=True))
    if kind == "date" or not rows:
        return rows
    unreal = frame.select(pl.col(name).gather(rows)).select(rules.unreal_dates(name, kind))
    return [i for i, bad in zip(rows, unreal.to_series(), strict=True) if bad]


def _rules(table: Table, frame: pl.DataFrame) -> list[tuple[Key, list[Finding]]]:
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
    suspects = rules.suspect_rows(frame)
    if not suspects.len():  # the chains of conditions cost ~30 ms a chunk even on no rows
        return []
    rows = frame[suspects]
    broken = rows.select(expr.alias(check) for check, expr in exprs.items())
    parts = []
    for n, check in enumerate(exprs):
        column = broken[check]
        found = [
            _at(table, int(suspects[k]), check, messages[check], column[k], frame)
            for k in column.is_not_null().arg_true().to_list()
        ]
        parts.append(((_RULES, n), found))
    return parts


def _vocabulary_warnings(table: Table, frame: pl.DataFrame) -> list[tuple[Key, list[Finding]]]:
    parts = []
    if "MainDuty" in frame.columns:
        known = list(cols.values("main_duty")) + [""]
        unknown = rules.where(frame, "MainDuty", lambda v: ~v.str.strip_chars().is_in(known))
        found = [
            _at(table, i, "main-duty", "unfamiliar MainDuty value", "MainDuty", frame, "warning")
            for i in rules.row_indices(frame, unknown)
        ]
        parts.append(((_VOCABULARY, 0), found))
    n = 0
    for vocab, variants in cols.VALUE_VARIANTS.items():
        for spec in cols.column_specs():
            if spec.vocabulary != vocab or spec.name not in frame.columns:
                continue
            n += 1
            variant = rules.where(frame, spec.name, partial(_one_of, list(variants)))
            found = []
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
            parts.append(((_VOCABULARY, n), found))
    return parts


def _required(table: Table, frame: pl.DataFrame, schema: str) -> list[tuple[Key, list[Finding]]]:
    required = [
        c
        for c in cols.REQUIRED_COLUMNS
        if c in frame.columns and (schema == "extract" or c in cols.PUBLISHED_COLUMNS)
    ]
    parts = []
    for k, name in enumerate(required):
        blank = rules.where(frame, name, lambda v: v.str.strip_chars() == "")
        found = [
            _at(table, i, "required", f"{name} is blank", name)
            for i in rules.row_indices(frame, blank)
        ]
        parts.append(((_REQUIRED, k, 0), found))
        if name in IDENTIFIER_COLUMNS:  # NULL, N/A, -, 0: an export's word for blank
            stand_in = rules.where(frame, name, _placeholder_id)
            message = f"{name} is a placeholder (NULL, N/A, -, 0...), not an identifier"
            found = [
                _at(table, i, "required", message, name) for i in rules.row_indices(frame, stand_in)
            ]
            parts.append(((_REQUIRED, k, 1), found))
    return parts


def _placeholder_id(value: pl.Expr) -> pl.Expr:
    """Filled, but with a placeholder (blank is reported as blank)."""
    trimmed = value.str.strip_chars()
    return (trimmed != "") & trimmed.str.to_lowercase().str.contains(cols.PLACEHOLDER)


def _id_keys(frame: pl.DataFrame) -> pl.DataFrame:
    """What duplicate RecordIDs are found by: each row's index and its RecordID, trimmed and
    upper-cased (placeholders left out: they are reported as such)."""
    key = rules.text("RecordID").str.strip_chars().str.to_uppercase()
    return frame.select(pl.int_range(pl.len(), dtype=pl.Int64).alias("i"), key.alias("k")).filter(
        ~pl.col("k").str.to_lowercase().str.contains(cols.PLACEHOLDER)
    )


def duplicate_groups(
    keys: pl.DataFrame, record_of: Callable[[int], int], line_of: Callable[[int], int]
) -> list[tuple[Key, list[Finding]]]:
    """A finding on every row whose RecordID an earlier row has (keys: row_groups_into's,
    "i" being the row's index for record_of and line_of)."""
    twins = keys.filter(repeated(keys["k"]))  # by sorting: few rows are left to group
    dup = twins.with_columns(pl.col("i").min().over("k").alias("first")).filter(
        pl.col("i") != pl.col("first")
    )
    found = [
        finding(
            "duplicate-record-id",
            f"RecordID repeats record {record_of(first)}",
            row=record_of(i),
            column="RecordID",
            line=line_of(i),
        )
        for i, _, first in dup.iter_rows()
    ]
    return [((_DUPLICATE_IDS,), found)]
