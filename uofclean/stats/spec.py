"""What the default tables hold, read from tables.toml and the published vocabularies: the
tactic rows (groups and their "of which" members), the categories of each dimension, the titles
and the notes."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from uofclean.errors import OptionError
from uofclean.schema.columns import PUBLISHED_COLUMNS, values


@cache
def _file() -> dict:
    text = (resources.files("uofclean.stats") / "tables.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


UNITS = ("report", "incident", "subject")
ALL = "*"
TOTAL = "Total"
NOT_STATED = "Not stated"
NONE_RECORDED = "None recorded"
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

GROUPS: dict[str, tuple[str, ...]] = {g: tuple(m) for g, m in _file()["groups"]["members"].items()}
EXCLUSIVE_GROUPS: frozenset[str] = frozenset(
    g for g, on in _file()["groups"].get("exclusive", {}).items() if on
)
CED_GROUP = next(g for g, m in GROUPS.items() if set(m) == set(CED_ORDER))


def _tactics_table_rows() -> tuple[str, ...]:
    """Groups in the Home Office order, each followed by its members; then the total and the
    tactics shown apart."""
    rows: list[str] = []
    for entry in _file()["groups"]["order"]:
        rows.append(entry)
        rows.extend(GROUPS.get(entry, ()))
    missing = set(COUNTED_TACTICS) - set(rows)
    unknown = set(rows) - set(COUNTED_TACTICS) - set(GROUPS)
    if missing or unknown:  # tables.toml and the vocabulary disagree: a reviewable mistake
        raise ValueError(
            f"tables.toml [groups]: missing {missing or '-'}, unknown {unknown or '-'}"
        )
    return tuple(rows) + (TOTAL, TACTICAL_COMMS, NO_TACTIC)


TACTICS_TABLE_ROWS: tuple[str, ...] = _tactics_table_rows()
GROUP_OF: dict[str, str] = {m: g for g, ms in GROUPS.items() for m in ms}

FLAG_TABLES: dict[str, str] = dict(_file()["flags"])  # table -> column prefix
FLAG_COLUMNS: dict[str, dict[str, str]] = {
    table: {c[len(prefix) :]: c for c in PUBLISHED_COLUMNS if c.startswith(prefix)}
    for table, prefix in FLAG_TABLES.items()
}  # table -> category -> column


@dataclass(frozen=True)
class Injury:
    injured: str  # Yes/No column
    level: str  # Minor / Severe / Death column
    within_injured: dict[str, str]  # row -> Yes/No column, counted among the injured
    flags: dict[str, str]  # row -> Yes/No column, counted among all

    def rows(self) -> tuple[str, ...]:
        return (
            INJURED,
            *INJURY_LEVELS,
            *self.within_injured,
            *self.flags,
            NOT_INJURED,
            NOT_STATED,
        )

    def columns(self) -> list[str]:
        return [self.injured, self.level, *self.within_injured.values(), *self.flags.values()]


INJURED, NOT_INJURED = "Injured", "Not injured"
# highest first: a unit's severity is the highest any of its forms records
LEVELS = tuple(reversed(values("injury_level")))  # Death, Severe, Minor
INJURY_LEVELS = tuple(f"Injured: {lv.lower()}" for lv in LEVELS) + ("Injured: severity not stated",)
INJURIES: dict[str, Injury] = {
    table: Injury(d["injured"], d["level"], dict(d["within_injured"]), dict(d["flags"]))
    for table, d in _file()["injury"].items()
}

_health = _file()["health"]
HEALTH_COLUMNS: tuple[str, str] = (_health["physical"], _health["mental"])
HEALTH: tuple[str, ...] = tuple(_health["categories"])

# The dimensions of cells.csv, one column each, in this order.
CHARACTERISTICS = ("age", "gender", "ethnicity", "health")
DIMENSIONS = (
    "tactic",
    *CHARACTERISTICS,
    "borough",
    *FLAG_TABLES,
    *INJURIES,
    "month",
)
SOURCE = {
    "age": "SubjectAge",
    "gender": "SubjectGender",
    "ethnicity": "SubjectEthnicity",
    "borough": "Borough",
}
CATEGORIES: dict[str, tuple[str, ...]] = {
    "age": values("subject_age") + (NOT_STATED,),
    "gender": values("subject_gender") + (NOT_STATED,),
    "ethnicity": values("subject_ethnicity") + (NOT_STATED,),
    "health": HEALTH + (NOT_STATED,),
    "borough": values("borough") + (NOT_STATED,),
    **{t: tuple(cols) + (NONE_RECORDED,) for t, cols in FLAG_COLUMNS.items()},
    **{t: inj.rows() for t, inj in INJURIES.items()},
}
TITLES: dict[str, str] = dict(_file()["titles"])
TABLES = tuple(TITLES)


@dataclass(frozen=True)
class Note:
    name: str
    text: str
    method: str | None = None  # written only under this method
    exempt: bool = False  # written only when tables are exempt


NOTES: tuple[Note, ...] = tuple(
    Note(n["name"], n["text"], n.get("method"), n.get("exempt", False)) for n in _file()["notes"]
)


WHOLE_AREA: tuple[str, ...] = tuple(_file()["levels"]["whole_area"])
EXEMPT_WORDS: tuple[str, ...] = tuple(_file()["levels"]["words"])
if set(WHOLE_AREA) - set(TABLES):  # tables.toml names a table it does not title
    raise ValueError(f"tables.toml [levels]: unknown {sorted(set(WHOLE_AREA) - set(TABLES))}")


def exempt_tables(entries: Sequence[str]) -> tuple[str, ...]:
    """The tables an exemption names, in table order: table ids, or "force" / "national" for
    the tables of the whole area (WHOLE_AREA)."""
    wanted: set[str] = set()
    for entry in entries:
        if entry in EXEMPT_WORDS:
            wanted |= set(WHOLE_AREA)
        elif entry in TABLES:
            wanted.add(entry)
        else:
            raise OptionError(
                f"cannot exempt {entry!r}: name a table ({', '.join(TABLES)}) or "
                f"{' / '.join(EXEMPT_WORDS)} for the tables of the whole area"
            )
    return tuple(t for t in TABLES if t in wanted)


def measures(unit: str) -> dict[str, str]:
    return {"involving": f"{unit}s_involving", "count": f"{unit}s"}
