"""The statistics tables: counting rules and the cells each table publishes.

Counting rules (written into the Notes sheet and the data package too):
- the unit is a report (one officer x one subject, one deduplicated form) by default; `incident`
  counts distinct incidents, `subject` distinct subjects (one subject seen by two officers is
  one subject, not two);
- a tactic counts once per unit, however many of its forms or tactic slots name it;
- of the CED (Taser) tactics only the highest level counts, in the Met's order: angle drive
  stun, fired, drive stun, arced, red-dotted, aimed, drawn;
- Tactical Communications and "No tactic" are shown apart and left out of the total of tactics;
- characteristics (age band, gender, ethnicity) are as perceived by the officer: a subject takes
  the perception on their first form; an incident counts under every value its forms record;
- totals come from the unsuppressed data.

Every figure is a count of units in a set described by a canonical key
(tactic, age, gender, ethnicity, borough), "*" meaning no restriction. Cells of different tables
that count the same set share one key (the tactic totals of tactic x age, tactic x gender and the
tactics table are one figure), so suppression and the audit treat them as one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from uofclean.errors import InputError, OptionError
from uofclean.schema.columns import (
    TACTIC_COLUMNS,
    VALUE_VARIANTS,
    canonical_name,
    values,
)

UNITS = ("report", "incident", "subject")
ALL = "*"
TOTAL = "Total"
NOT_STATED = "Not stated"
NO_TACTIC = "No tactic"
TACTICAL_COMMS = "Tactical Communications"
# The Met's order of CED levels, highest first: a unit counts at its highest level only.
CED_ORDER = (
    "CED (Taser) Angle Drive Stun",
    "CED (Taser) Fired",
    "CED (Taser) Drive Stun",
    "CED (Taser) Arced",
    "CED (Taser) Red-Dotted",
    "CED (Taser) Aimed",
    "CED (Taser) Drawn",
)
TACTICS: tuple[str, ...] = values("tactic")
# Counted tactics (in the total), in published order; then the total; then the ones shown apart.
COUNTED_TACTICS: tuple[str, ...] = tuple(t for t in TACTICS if t != TACTICAL_COMMS)
TACTIC_ROWS: tuple[str, ...] = COUNTED_TACTICS + (TOTAL, TACTICAL_COMMS, NO_TACTIC)

DIMENSIONS = ("tactic", "age", "gender", "ethnicity", "borough")
_SOURCE = {
    "age": "SubjectAge",
    "gender": "SubjectGender",
    "ethnicity": "SubjectEthnicity",
    "borough": "Borough",
}
CATEGORIES: dict[str, tuple[str, ...]] = {
    "age": values("subject_age") + (NOT_STATED,),
    "gender": values("subject_gender") + (NOT_STATED,),
    "ethnicity": values("subject_ethnicity") + (NOT_STATED,),
    "borough": values("borough") + (NOT_STATED,),
}
TITLES = {
    "tactics": "Use of force tactics: times reported and {unit}s involving each tactic",
    "tactic_by_age": "Tactics by perceived age band of the subject ({unit}s involving)",
    "tactic_by_gender": "Tactics by perceived gender of the subject ({unit}s involving)",
    "tactic_by_ethnicity": "Tactics by perceived ethnicity of the subject ({unit}s involving)",
    "borough": "Use of force {unit}s by borough",
}
TABLES = tuple(TITLES)

Key = tuple[str, str, str, str, str, str]  # (kind, tactic, age, gender, ethnicity, borough)


def key(kind: str = "units", tactic: str = ALL, **dims: str) -> Key:
    return (
        kind,
        tactic,
        dims.get("age", ALL),
        dims.get("gender", ALL),
        dims.get("ethnicity", ALL),
        dims.get("borough", ALL),
    )


@dataclass(frozen=True)
class Cell:
    """One published cell: where it stands (table, dimensions, measure) and what it counts."""

    table: str
    dims: tuple[tuple[str, str], ...]  # (dimension, value) in the table's order; Total for "*"
    measure: str
    key: Key


@dataclass
class TableSet:
    """Every cell of the default tables for one period, and the figures behind them."""

    unit: str
    cells: list[Cell]
    values: dict[Key, int]  # the true count of every key
    subjects: dict[Key, int]  # distinct subjects each key covers (primary suppression)
    rows: int  # forms counted (after dedupe)
    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> its dims
    unknown_values: int = 0  # values outside the published sets, counted as Not stated

    def keys(self) -> list[Key]:
        return list(self.values)


def measures(unit: str) -> dict[str, str]:
    return {"involving": f"{unit}s_involving", "count": f"{unit}s"}


# ---------------------------------------------------------------- the rows as units


def _clean(column: str, dim: str) -> pl.Expr:
    """A characteristic as published; blank, Suppressed or anything unknown is Not stated."""
    known = CATEGORIES[dim][:-1]
    text = pl.col(column).cast(pl.Utf8).fill_null("").str.strip_chars()
    variants = VALUE_VARIANTS.get(dim, {})
    if variants:
        text = text.replace(variants)
    return pl.when(text.is_in(list(known))).then(text).otherwise(pl.lit(NOT_STATED)).alias(dim)


def highest_ced(tactics: list[str]) -> list[str]:
    """The unit's tactics with only its highest CED level left."""
    ced = [t for t in CED_ORDER if t in tactics]
    return [t for t in tactics if t not in CED_ORDER or (ced and t == ced[0])]


def units_frame(frame: pl.DataFrame, unit: str, layout: str) -> pl.DataFrame:
    """One row per form: unit, subject, the four characteristics and `tactics`, the unit's set of
    counted tactics (once each, CED at its highest level) plus Total / No tactic markers."""
    if unit not in UNITS:
        raise OptionError(f"--unit must be one of {', '.join(UNITS)} (got {unit!r})")
    frame = frame.rename({c: canonical_name(c.strip()) for c in frame.columns})
    needed = ["Borough", "SubjectAge", "SubjectGender", "SubjectEthnicity", *TACTIC_COLUMNS]
    incident_col = "IncidentRef" if layout == "extract" else "IncidentKey"
    has_incident = incident_col in frame.columns
    if unit != "report" and not has_incident:
        needed.append(incident_col)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(f"missing column {missing[0]!r}, needed for the statistics tables")
    dims = [_clean(_SOURCE[d], d) for d in ("age", "gender", "ethnicity", "borough")]
    tactic_set = pl.concat_list(
        [pl.col(c).cast(pl.Utf8).fill_null("").str.strip_chars() for c in TACTIC_COLUMNS]
    ).list.eval(pl.element().filter(pl.element().is_in(list(TACTICS))))
    incident = (
        pl.col(incident_col).cast(pl.Utf8).fill_null("").str.strip_chars()
        if has_incident
        else pl.lit("")
    )
    base = frame.select(
        pl.int_range(pl.len()).cast(pl.Utf8).alias("report"),
        incident.alias("incident"),
        *dims,
        tactic_set.alias("raw"),
        _subject_name(frame, layout),
    )
    # a subject: the same person in one incident (name and date of birth in an extract); where
    # no name is known, or in a release, the perceived characteristics stand in for it; with
    # no incident at all, each form is its own subject
    base = base.with_columns(
        pl.when(pl.col("incident") == "")
        .then(pl.concat_str(pl.lit("\x00"), "report"))
        .when(pl.col("who") != "")
        .then(pl.concat_str("incident", "who", separator="\x1f"))
        .otherwise(pl.concat_str("incident", "age", "gender", "ethnicity", separator="\x1f"))
        .alias("subject")
    )
    if unit == "report":
        base = base.with_columns(pl.col("report").alias("unit"))
    elif unit == "subject":
        base = base.with_columns(pl.col("subject").alias("unit"))
        # a subject takes the perception on their first form
        base = base.with_columns(
            [pl.col(d).first().over("unit") for d in ("age", "gender", "ethnicity", "borough")]
        )
    else:
        base = base.with_columns(
            pl.when(pl.col("incident") == "")
            .then(pl.concat_str(pl.lit("\x00"), "report"))
            .otherwise(pl.col("incident"))
            .alias("unit")
        )
    per_unit = base.group_by("unit").agg(pl.col("raw").list.explode(keep_nulls=False, empty_as_null=False).unique().alias("set"))
    per_unit = per_unit.with_columns(
        pl.col("set")
        .map_elements(lambda s: _markers(list(s)), return_dtype=pl.List(pl.Utf8))
        .alias("tactics")
    ).select("unit", "tactics")
    return base.join(per_unit, on="unit", how="left").select(
        "unit", "subject", "age", "gender", "ethnicity", "borough", "tactics"
    )


def _markers(tactics: list[str]) -> list[str]:
    kept = highest_ced(sorted(set(tactics)))
    counted = [t for t in kept if t != TACTICAL_COMMS]
    if counted:
        kept.append(TOTAL)
    if not kept:
        kept.append(NO_TACTIC)
    return kept


def _subject_name(frame: pl.DataFrame, layout: str) -> pl.Expr:
    if layout == "extract" and "SubjectName" in frame.columns:
        name = (
            pl.col("SubjectName").cast(pl.Utf8).fill_null("").str.strip_chars().str.to_lowercase()
        )
        name = name.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.replace_all(r"\s+", " ")
        dob = (
            pl.col("SubjectDOB").cast(pl.Utf8).fill_null("").str.strip_chars()
            if "SubjectDOB" in frame.columns
            else pl.lit("")
        )
        return pl.when(name != "").then(pl.concat_str(name, dob, separator="|")).otherwise(
            pl.lit("")
        ).alias("who")
    return pl.lit("").alias("who")


# ---------------------------------------------------------------- counting


def _count(long: pl.DataFrame, by: list[str]) -> dict[tuple, tuple[int, int]]:
    grouped = long.group_by(by).agg(
        pl.col("unit").n_unique().alias("n"), pl.col("subject").n_unique().alias("s")
    )
    return {tuple(r[:-2]): (r[-2], r[-1]) for r in grouped.iter_rows()}


def build_tables(frame: pl.DataFrame, unit: str = "report", layout: str = "extract") -> TableSet:
    """Count every cell of the default tables from the (deduplicated) rows."""
    rows = units_frame(frame, unit, layout)
    long = rows.explode("tactics").rename({"tactics": "tactic"})
    m = measures(unit)
    values_: dict[Key, int] = {}
    subjects: dict[Key, int] = {}
    cells: list[Cell] = []

    def put(k: Key, counts: dict[tuple, tuple[int, int]], group: tuple) -> None:
        n, s = counts.get(group, (0, 0))
        values_[k], subjects[k] = n, s

    by_tactic = _count(long, ["tactic"])
    for t in TACTIC_ROWS:
        put(key(tactic=t), by_tactic, (t,))
    # the total of tactics: the sum of each counted tactic's units (times reported)
    total_times = key("times", TOTAL)
    values_[total_times] = sum(values_[key(tactic=t)] for t in COUNTED_TACTICS)
    subjects[total_times] = subjects[key(tactic=TOTAL)]
    for t in TACTIC_ROWS:
        d = (("tactic", t),)
        if t != NO_TACTIC:
            k = total_times if t == TOTAL else key(tactic=t)
            cells.append(Cell("tactics", d, "times_reported", k))
        cells.append(Cell("tactics", d, m["involving"], key(tactic=t)))

    for dim in ("age", "gender", "ethnicity"):
        table = f"tactic_by_{dim}"
        counts = _count(long, ["tactic", dim])
        for t in TACTIC_ROWS:
            for v in CATEGORIES[dim]:
                k = key(tactic=t, **{dim: v})
                put(k, counts, (t, v))
                cells.append(Cell(table, (("tactic", t), (dim, v)), m["involving"], k))
            cells.append(
                Cell(table, (("tactic", t), (dim, TOTAL)), m["involving"], key(tactic=t))
            )

    by_borough = _count(rows, ["borough"])
    for b in CATEGORIES["borough"]:
        k = key(borough=b)
        put(k, by_borough, (b,))
        cells.append(Cell("borough", (("borough", b),), m["count"], k))
    everything = key()
    values_[everything] = rows["unit"].n_unique()
    subjects[everything] = rows["subject"].n_unique()
    cells.append(Cell("borough", (("borough", TOTAL),), m["count"], everything))

    return TableSet(
        unit=unit,
        cells=cells,
        values=values_,
        subjects=subjects,
        rows=frame.height,
        dimensions={
            "tactics": ("tactic",),
            "tactic_by_age": ("tactic", "age"),
            "tactic_by_gender": ("tactic", "gender"),
            "tactic_by_ethnicity": ("tactic", "ethnicity"),
            "borough": ("borough",),
        },
    )


# ---------------------------------------------------------------- what a reader knows


@dataclass
class Relations:
    """The linear relations between keys that follow from the counting rules, which anyone
    holding the tables can use: equalities (a single-valued dimension adds up to its total) and
    inequalities (a unit has many tactics: the total of tactics lies between the largest tactic
    and their sum)."""

    equal: list[tuple[dict[Key, int], int]] = field(default_factory=list)  # sum(c*x) == rhs
    upper: list[tuple[dict[Key, int], int]] = field(default_factory=list)  # sum(c*x) <= rhs
    # groups of keys, total last; exact ones add up (parts sum to the total)
    lines: list[tuple[list[Key], bool]] = field(default_factory=list)


def relations(ts: TableSet) -> Relations:
    rel = Relations()
    additive = ts.unit != "incident"  # an incident can hold subjects of several ages

    def add_line(parts: list[Key], total: Key) -> None:
        rel.lines.append((parts + [total], additive))
        if additive:
            coef = {p: 1 for p in parts}
            coef[total] = coef.get(total, 0) - 1
            rel.equal.append((coef, 0))
        else:  # each part <= total <= sum of parts
            for p in parts:
                rel.upper.append(({p: 1, total: -1}, 0))
            rel.upper.append(({**{p: -1 for p in parts}, total: 1}, 0))

    for dim in ("age", "gender", "ethnicity"):
        for t in TACTIC_ROWS:
            add_line([key(tactic=t, **{dim: v}) for v in CATEGORIES[dim]], key(tactic=t))
    add_line([key(borough=b) for b in CATEGORIES["borough"]], key())

    # times reported: the total of tactics is the sum of the counted tactics
    coef = {key(tactic=t): 1 for t in COUNTED_TACTICS}
    coef[key("times", TOTAL)] = -1
    rel.equal.append((coef, 0))
    rel.lines.append(([key(tactic=t) for t in COUNTED_TACTICS] + [key("times", TOTAL)], True))

    # tactics are multi-select: max(tactic) <= Total <= sum(tactics), in every column; the CED
    # levels exclude each other (one highest level per unit): their sum <= Total
    for dim in ("age", "gender", "ethnicity", None):
        for v in CATEGORIES[dim] if dim else (ALL,):
            d = {dim: v} if dim else {}
            total = key(tactic=TOTAL, **d)
            parts = [key(tactic=t, **d) for t in COUNTED_TACTICS]
            for p in parts:
                rel.upper.append(({p: 1, total: -1}, 0))
            rel.upper.append(({**{p: -1 for p in parts}, total: 1}, 0))
            rel.upper.append(({**{key(tactic=t, **d): 1 for t in CED_ORDER}, total: -1}, 0))
            rel.lines.append((parts + [total], False))
    # every unit is in Total, No tactic, or has Tactical Communications alone:
    # Total + No tactic <= all units <= Total + No tactic + Tactical Communications
    t, n, c, a = key(tactic=TOTAL), key(tactic=NO_TACTIC), key(tactic=TACTICAL_COMMS), key()
    rel.upper.append(({t: 1, n: 1, a: -1}, 0))
    rel.upper.append(({a: 1, t: -1, n: -1, c: -1}, 0))
    rel.lines.append(([t, n, c, a], False))
    return rel

