"""The default tables: every cell they publish and the count behind it.

Every figure counts the units in a set described by a canonical key: a kind ("units", or
"times" for a sum of tactics) and the dimension values that restrict it, a missing dimension
meaning no restriction. Cells of different tables that count the same set share one key (the
tactic totals of tactic x age, tactic x gender, the monthly series and the tactics table are
one figure; every table's Total is the number of units), so suppression and the audit treat
them as one. The counting rules are in units.py, the layout in tables.toml.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from uofclean.stats.spec import (
    ALL,
    CATEGORIES,
    CED_GROUP,
    CHARACTERISTICS,
    COUNTED_TACTICS,
    DIMENSIONS,
    EXCLUSIVE_GROUPS,
    FLAG_TABLES,
    GROUPS,
    INJURIES,
    NO_TACTIC,
    NOT_STATED,
    TABLES,
    TACTIC_ROWS,
    TACTICS_TABLE_ROWS,
    TITLES,
    TOTAL,
    UNITS,
    measures,
)
from uofclean.stats.units import SINGLE, member, units_frame

Key = tuple[str, tuple[tuple[str, str], ...]]  # (kind, ((dimension, value), ...))


def key(kind: str = "units", tactic: str = ALL, **dims: str) -> Key:
    given = {"tactic": tactic, **dims}
    unknown = set(given) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimension {sorted(unknown)[0]!r}")
    return kind, tuple((d, given[d]) for d in DIMENSIONS if given.get(d, ALL) != ALL)


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
    values: dict[Key, int]  # the true count of every published key
    subjects: dict[Key, int]  # distinct subjects each key covers (primary suppression)
    rows: int  # forms counted (after dedupe)
    dimensions: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table -> its dims
    categories: dict[str, tuple[str, ...]] = field(default_factory=dict)  # dim -> its values

    def keys(self) -> list[Key]:
        return list(self.values)

    def keys_of(self, tables: Sequence[str]) -> set[Key]:
        """The figures the tables publish (and so every cell sharing one of them)."""
        return {c.key for c in self.cells if c.table in tables}

    def additive(self, dim: str) -> bool:
        """Whether a unit has one value of this dimension, so that its categories add up:
        not so for an incident's characteristics, borough or month, which are its forms'."""
        return self.unit != "incident" or dim not in SINGLE


def table_dimensions() -> dict[str, tuple[str, ...]]:
    dims: dict[str, tuple[str, ...]] = {"tactics": ("tactic",)}
    dims |= {f"tactic_by_{c}": ("tactic", c) for c in CHARACTERISTICS}
    dims |= {t: (t,) for t in (*FLAG_TABLES, *INJURIES, "borough")}
    dims |= {"ced_by_borough": ("tactic", "borough"), "tactic_by_month": ("tactic", "month")}
    if set(dims) != set(TABLES):  # tables.toml names a table the code does not make, or back
        raise ValueError(f"tables.toml [titles] and the tables differ: {set(dims) ^ set(TABLES)}")
    return {t: dims[t] for t in TABLES}


def ced_rows() -> tuple[str, ...]:
    """The CED levels, lowest first, then CED (Taser): their sum, one level per unit."""
    return GROUPS[CED_GROUP] + (CED_GROUP,)


def first_rows(table: str, categories: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    if table == "tactics":
        return TACTICS_TABLE_ROWS
    if table == "ced_by_borough":
        return ced_rows()
    dims = table_dimensions()[table]
    return TACTIC_ROWS if dims[0] == "tactic" else categories[dims[0]]


# ---------------------------------------------------------------- counting


class _Builder:
    """Cells first, with the keys they need; then every key counted in a few passes."""

    def __init__(self) -> None:
        self.cells: list[Cell] = []
        self.wanted: dict[Key, None] = {}  # every key, in first-use order
        self.sums: dict[Key, tuple[Key, Key]] = {}  # times key -> (its members..., its units)
        self.parts: dict[Key, list[Key]] = {}

    def need(self, k: Key) -> Key:
        self.wanted.setdefault(k)
        return k

    def cell(self, table: str, dims: tuple[tuple[str, str], ...], measure: str, k: Key) -> None:
        self.cells.append(Cell(table, dims, measure, k))

    def times(self, tactic: str) -> Key:
        """Times reported: a tactic's units; a group's (or the Total's) is the sum of its
        members'; an exclusive group's sum is its own units, the same figure."""
        if tactic in EXCLUSIVE_GROUPS or (tactic not in GROUPS and tactic != TOTAL):
            return self.need(key(tactic=tactic))
        members = COUNTED_TACTICS if tactic == TOTAL else GROUPS[tactic]
        k = key("times", tactic)
        self.parts[k] = [self.need(key(tactic=m)) for m in members]
        self.need(key(tactic=tactic))
        return self.need(k)


def count_keys(rows: pl.DataFrame, keys: list[Key]) -> tuple[dict[Key, int], dict[Key, int]]:
    """Units and distinct subjects of every "units" key: one group-by per set of
    single-valued dimensions, one filtered distinct count per combination of the others."""
    plans: dict[tuple[str, ...], dict[tuple[str, ...], list[Key]]] = {}
    for k in keys:
        dims = dict(k[1])
        single = tuple(d for d in dims if d in SINGLE)
        flags = tuple(member(d, v) for d, v in dims.items() if d not in SINGLE)
        plans.setdefault(single, {}).setdefault(flags, []).append(k)
    values: dict[Key, int] = {}
    subjects: dict[Key, int] = {}
    for single, by_flags in plans.items():
        aggs = []
        for i, flags in enumerate(by_flags):
            mask = pl.all_horizontal([pl.col(f) for f in flags]) if flags else pl.lit(True)
            aggs += [
                pl.col("unit").filter(mask).n_unique().alias(f"n{i}"),
                pl.col("subject").filter(mask).n_unique().alias(f"s{i}"),
            ]
        table = rows.group_by(list(single)).agg(aggs) if single else rows.select(aggs)
        found = {tuple(r[d] for d in single): r for r in table.iter_rows(named=True)}
        for i, ks in enumerate(by_flags.values()):
            for k in ks:
                dims = dict(k[1])
                row = found.get(tuple(dims[d] for d in single))
                values[k] = row[f"n{i}"] if row else 0
                subjects[k] = row[f"s{i}"] if row else 0
    return values, subjects


def build_tables(frame: pl.DataFrame, unit: str = "report", layout: str = "extract") -> TableSet:
    """Count every cell of the default tables from the (deduplicated) rows."""
    rows = units_frame(frame, unit, layout)
    months = sorted(set(rows["month"].to_list()) - {NOT_STATED})
    categories = dict(CATEGORIES)
    categories["month"] = tuple(months) + ((NOT_STATED,) if NOT_STATED in rows["month"] else ())
    b = _Builder()
    m = measures(unit)
    dimensions = table_dimensions()
    for table, dims in dimensions.items():
        first = first_rows(table, categories)
        if table == "tactics":
            for t in first:
                d = (("tactic", t),)
                if t != NO_TACTIC:
                    b.cell(table, d, "times_reported", b.times(t))
                b.cell(table, d, m["involving"], b.need(key(tactic=t)))
        elif len(dims) == 1:
            (dim,) = dims
            for v in first:
                b.cell(table, ((dim, v),), m["count"], b.need(key(**{dim: v})))
            b.cell(table, ((dim, TOTAL),), m["count"], b.need(key()))
        else:
            _, second = dims
            for t in first:
                for v in categories[second]:
                    k = b.need(key(tactic=t, **{second: v}))
                    b.cell(table, (("tactic", t), (second, v)), m["involving"], k)
                total = b.need(key(tactic=t))
                b.cell(table, (("tactic", t), (second, TOTAL)), m["involving"], total)
    values, subjects = count_keys(rows, [k for k in b.wanted if k[0] == "units"])
    for k, parts in b.parts.items():
        values[k] = sum(values[p] for p in parts)
        subjects[k] = subjects[key(tactic=dict(k[1])["tactic"])]  # the units it covers
    return TableSet(
        unit=unit,
        cells=b.cells,
        values={k: values[k] for k in b.wanted},
        subjects={k: subjects[k] for k in b.wanted},
        rows=frame.height,
        dimensions=dimensions,
        categories=categories,
    )


__all__ = [
    "ALL",
    "TITLES",
    "TOTAL",
    "UNITS",
    "Cell",
    "Key",
    "TableSet",
    "build_tables",
    "key",
]
