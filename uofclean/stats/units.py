"""The counting rules: from deduplicated forms to what each form's unit counts under.

- the unit is a report (one officer x one subject, one deduplicated form) by default;
  `incident` counts distinct incidents, `subject` distinct subjects (one subject seen by two
  officers is one subject, not two);
- a subject is the same person in one incident (name and date of birth in an extract); where
  no name is known, or in a release, the perceived characteristics stand in for it; a form
  with no incident is its own subject;
- what a unit did (tactics, reasons, impact factors, outcomes, locations, injuries) is what
  any of its forms records: a tactic counts once per unit; of the CED levels only the highest
  counts; an injury counts at the highest severity any form records;
- characteristics (age band, gender, ethnicity, health condition), borough and month are the
  form's: a subject takes those of their first form; an incident counts under every value its
  forms record.

units_frame gives one row per form: `unit` and `subject` (whole-number ids), a text column for
each single-valued dimension and, for each value of a multi-valued one, a boolean column saying
whether the form's unit counts under it.
"""

from __future__ import annotations

import polars as pl

from uofclean.errors import InputError, OptionError
from uofclean.schema.columns import TACTIC_COLUMNS, VALUE_VARIANTS, canonical_name
from uofclean.stats.spec import (
    CATEGORIES,
    CED_ORDER,
    COUNTED_TACTICS,
    FLAG_COLUMNS,
    GROUPS,
    HEALTH,
    HEALTH_COLUMNS,
    INJURED,
    INJURIES,
    INJURY_LEVELS,
    LEVELS,
    NO_TACTIC,
    NONE_RECORDED,
    NOT_INJURED,
    NOT_STATED,
    SOURCE,
    TACTICS,
    TOTAL,
    UNITS,
    Injury,
)

# dimensions whose value is the form's own (one per form); the rest are lists per unit
SINGLE = ("age", "gender", "ethnicity", "health", "borough", "month")


def needed_columns(unit: str, layout: str) -> list[str]:
    cols = [*SOURCE.values(), *TACTIC_COLUMNS, "IncidentDate", *HEALTH_COLUMNS]
    cols += [c for table in FLAG_COLUMNS.values() for c in table.values()]
    cols += [c for inj in INJURIES.values() for c in inj.columns()]
    if unit != "report":
        cols.append("IncidentRef" if layout == "extract" else "IncidentKey")
    return cols


def read_columns() -> list[str]:
    """Every column the tables of any unit may use, in either layout: what `stats` reads."""
    cols = needed_columns("subject", "extract")
    cols += ["IncidentRef", "IncidentKey", "SubjectName", "SubjectDOB"]
    return list(dict.fromkeys(cols))


def _text(column: str) -> pl.Expr:
    return pl.col(column).cast(pl.Utf8).fill_null("").str.strip_chars()


def _yes(column: str) -> pl.Expr:
    return _text(column) == "Yes"


def _category(column: str, dim: str) -> pl.Expr:
    """A characteristic as published; blank, Suppressed or anything unknown is Not stated."""
    known = CATEGORIES[dim][:-1]
    text = _text(column)
    variants = VALUE_VARIANTS.get(dim, {})
    if variants:
        text = text.replace(variants)
    return pl.when(text.is_in(list(known))).then(text).otherwise(pl.lit(NOT_STATED)).alias(dim)


def _health() -> pl.Expr:
    """One category from the two Yes/No columns; Not stated unless both are stated (or both
    Yes)."""
    physical, mental = (_text(c) for c in HEALTH_COLUMNS)
    only_p, only_m, both, neither = HEALTH
    stated = physical.is_in(["Yes", "No"]) & mental.is_in(["Yes", "No"])
    return (
        pl.when((physical == "Yes") & (mental == "Yes"))
        .then(pl.lit(both))
        .when(stated & (physical == "Yes"))
        .then(pl.lit(only_p))
        .when(stated & (mental == "Yes"))
        .then(pl.lit(only_m))
        .when(stated)
        .then(pl.lit(neither))
        .otherwise(pl.lit(NOT_STATED))
        .alias("health")
    )


def _month() -> pl.Expr:
    """YYYY-MM of IncidentDate (an ISO date, or a month where a profile kept only months)."""
    month = _text("IncidentDate").str.slice(0, 7)
    valid = month.str.contains(r"^\d{4}-(0[1-9]|1[0-2])$")
    return pl.when(valid).then(month).otherwise(pl.lit(NOT_STATED)).alias("month")


def _subject_name(frame: pl.DataFrame, layout: str) -> pl.Expr:
    if layout == "extract" and "SubjectName" in frame.columns:
        name = _text("SubjectName").str.to_lowercase()
        name = name.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.replace_all(r"\s+", " ")
        dob = _text("SubjectDOB") if "SubjectDOB" in frame.columns else pl.lit("")
        return (
            pl.when(name != "")
            .then(pl.concat_str(name, dob, separator="|"))
            .otherwise(pl.lit(""))
            .alias("who")
        )
    return pl.lit("").alias("who")


# ---------------------------------------------------------------- what a form records


def _flag(name: str) -> str:
    return "\x00" + name  # internal boolean columns, never a published name


def _form_facts() -> list[pl.Expr]:
    """Boolean (and rank) columns of what each form records, to be OR-ed (max-ed) per unit."""
    # the slots are trimmed once beforehand (units_frame), as categories; comparing columns
    # is many times faster than list.contains over a list of the twenty
    facts = [
        pl.any_horizontal([pl.col(c) == t for c in TACTIC_COLUMNS]).alias(_flag(f"tactic:{t}"))
        for t in TACTICS
    ]
    for table, cols in FLAG_COLUMNS.items():
        facts += [_yes(c).alias(_flag(f"{table}:{name}")) for name, c in cols.items()]
    for table, inj in INJURIES.items():
        facts += _injury_facts(table, inj)
    return facts


def _injury_facts(table: str, inj: Injury) -> list[pl.Expr]:
    injured = _yes(inj.injured)
    level = _text(inj.level)
    rank = pl.lit(0, dtype=pl.Int8)
    for n, lv in enumerate(reversed(LEVELS), start=1):  # Minor 1, Severe 2, Death 3
        rank = pl.when(injured & (level == lv)).then(pl.lit(n, dtype=pl.Int8)).otherwise(rank)
    out = [
        injured.alias(_flag(f"{table}:{INJURED}")),
        (_text(inj.injured) == "No").alias(_flag(f"{table}:{NOT_INJURED}")),
        rank.alias(_flag(f"{table}:rank")),
    ]
    out += [(injured & _yes(c)).alias(_flag(f"{table}:{r}")) for r, c in inj.within_injured.items()]
    out += [_yes(c).alias(_flag(f"{table}:{r}")) for r, c in inj.flags.items()]
    return out


def member(dim: str, value: str) -> str:
    """The name of the boolean column saying whether a unit counts under dim = value."""
    return f"{dim}={value}"


def _members(dim: str, pairs: list[tuple[pl.Expr, str]]) -> list[pl.Expr]:
    return [cond.alias(member(dim, name)) for cond, name in pairs]


def _tactic_members() -> list[pl.Expr]:
    """The unit's tactics: CED at its highest level only, every group any of whose (kept)
    members it has, Total when it has a counted tactic, No tactic when it has none at all."""
    has = {t: pl.col(_flag(f"tactic:{t}")) for t in TACTICS}
    kept = dict(has)
    for i, level in enumerate(CED_ORDER):
        higher = [has[h] for h in CED_ORDER[:i]]
        kept[level] = has[level] & ~pl.any_horizontal(higher) if higher else has[level]
    pairs = [(kept[t], t) for t in TACTICS]
    pairs += [(pl.any_horizontal([kept[m] for m in ms]), g) for g, ms in GROUPS.items()]
    pairs.append((pl.any_horizontal([kept[t] for t in COUNTED_TACTICS]), TOTAL))
    pairs.append((~pl.any_horizontal(list(kept.values())), NO_TACTIC))
    return _members("tactic", pairs)


def _flag_members(table: str) -> list[pl.Expr]:
    names = list(FLAG_COLUMNS[table])
    flags = [pl.col(_flag(f"{table}:{n}")) for n in names]
    pairs = list(zip(flags, names, strict=True))
    pairs.append((~pl.any_horizontal(flags), NONE_RECORDED))
    return _members(table, pairs)


def _injury_members(table: str, inj: Injury) -> list[pl.Expr]:
    injured = pl.col(_flag(f"{table}:{INJURED}"))
    rank = pl.col(_flag(f"{table}:rank"))
    said_no = pl.col(_flag(f"{table}:{NOT_INJURED}"))
    pairs: list[tuple[pl.Expr, str]] = [
        (injured, INJURED),
        (~injured & said_no, NOT_INJURED),
        (~injured & ~said_no, NOT_STATED),
    ]
    pairs += [(injured & (rank == 3 - i), label) for i, label in enumerate(INJURY_LEVELS[:-1])]
    pairs.append((injured & (rank == 0), INJURY_LEVELS[-1]))
    pairs += [(pl.col(_flag(f"{table}:{r}")), r) for r in (*inj.within_injured, *inj.flags)]
    return _members(table, pairs)


def multi_valued() -> dict[str, tuple[str, ...]]:
    """The dimensions held as one boolean column per value, and their values."""
    dims: dict[str, tuple[str, ...]] = {"tactic": (*TACTICS, *GROUPS, TOTAL, NO_TACTIC)}
    dims |= {t: (*cols, NONE_RECORDED) for t, cols in FLAG_COLUMNS.items()}
    dims |= {t: CATEGORIES[t] for t in INJURIES}
    return dims


# ---------------------------------------------------------------- the frame


def units_frame(frame: pl.DataFrame, unit: str, layout: str) -> pl.DataFrame:
    if unit not in UNITS:
        raise OptionError(f"--unit must be one of {', '.join(UNITS)} (got {unit!r})")
    frame = frame.rename({c: canonical_name(c.strip()) for c in frame.columns})
    incident_col = "IncidentRef" if layout == "extract" else "IncidentKey"
    missing = [c for c in needed_columns(unit, layout) if c not in frame.columns]
    if missing:
        raise InputError(f"missing column {missing[0]!r}, needed for the statistics tables")
    incident = _text(incident_col) if incident_col in frame.columns else pl.lit("")
    # the slots trimmed once, as categories: the 30 x 20 comparisons are of whole numbers
    frame = frame.with_columns([_text(c).cast(pl.Categorical) for c in TACTIC_COLUMNS])
    base = frame.select(
        pl.int_range(pl.len()).cast(pl.Utf8).alias("report"),
        incident.alias("incident"),
        *[_category(SOURCE[d], d) for d in ("age", "gender", "ethnicity", "borough")],
        _health(),
        _month(),
        _subject_name(frame, layout),
        *_form_facts(),
    )
    # no incident: the form is its own subject (and incident)
    alone = pl.concat_str(pl.lit("\x00"), "report")
    base = base.with_columns(
        pl.when(pl.col("incident") == "")
        .then(alone)
        .when(pl.col("who") != "")
        .then(pl.concat_str("incident", "who", separator="\x1f"))
        .otherwise(pl.concat_str("incident", "age", "gender", "ethnicity", separator="\x1f"))
        .alias("subject")
    )
    unit_id = {
        "report": pl.col("report"),
        "subject": pl.col("subject"),
        "incident": pl.when(pl.col("incident") == "").then(alone).otherwise(pl.col("incident")),
    }[unit]
    base = base.with_columns(unit_id.alias("unit"))
    facts = [c for c in base.columns if c.startswith("\x00")]
    if unit != "report":
        # what any form of the unit records; a subject takes their first form's perception
        base = base.with_columns(
            [pl.col(c).max().over("unit") for c in facts]
            + ([pl.col(d).first().over("unit") for d in SINGLE] if unit == "subject" else [])
        )
    members = _tactic_members()
    for t in FLAG_COLUMNS:
        members += _flag_members(t)
    for t, inj in INJURIES.items():
        members += _injury_members(t, inj)
    # whole numbers count distinct faster than text
    ids = [pl.col(c).rank("dense").cast(pl.UInt32).alias(c) for c in ("unit", "subject")]
    return base.select(*ids, *SINGLE, *members)
