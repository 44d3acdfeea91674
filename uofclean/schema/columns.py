"""The published and internal columns, their kinds and value sets, loaded from data files.

`published-columns.txt` holds the 271 published names exactly (typos included);
`vocabularies.toml` holds value sets, column groups and known spelling variants.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_HERE = resources.files("uofclean.schema")


@cache
def _vocab_file() -> dict:
    return tomllib.loads((_HERE / "vocabularies.toml").read_text(encoding="utf-8"))


def _published() -> tuple[str, ...]:
    text = (_HERE / "published-columns.txt").read_text(encoding="utf-8")
    return tuple(line for line in text.splitlines() if line)


PUBLISHED_COLUMNS: tuple[str, ...] = _published()
INTERNAL_COLUMNS: tuple[str, ...] = tuple(_vocab_file()["internal"]["columns"])
FREE_TEXT_COLUMNS: tuple[str, ...] = tuple(_vocab_file()["internal"]["free_text"])
REQUIRED_COLUMNS: tuple[str, ...] = tuple(_vocab_file()["internal"]["required"])
MASKED_COLUMNS: frozenset[str] = frozenset(_vocab_file()["internal"]["masked"])
EXTRACT_COLUMNS: tuple[str, ...] = PUBLISHED_COLUMNS + INTERNAL_COLUMNS
COLUMN_VARIANTS: dict[str, str] = dict(_vocab_file()["column_variants"])
VALUE_VARIANTS: dict[str, dict[str, str]] = {
    k: dict(v) for k, v in _vocab_file()["value_variants"].items()
}
QUASI_IDENTIFIERS: tuple[str, ...] = tuple(_vocab_file()["release"]["quasi_identifiers"])
SUPPRESSED: str = _vocab_file()["release"]["suppressed_value"]

TACTIC_SLOTS = 20
TACTIC_COLUMNS: tuple[str, ...] = tuple(f"Tactic {n}" for n in range(1, TACTIC_SLOTS + 1))
EFFECTIVE_COLUMNS: tuple[str, ...] = tuple(
    f"Effective {n}" if n < TACTIC_SLOTS else f"Tactic Effective {n}"
    for n in range(1, TACTIC_SLOTS + 1)
)
CED_SERIAL_COLUMN = "CED Device Serial No"
# Taser columns: every column whose name starts with CED (TrainedCED/CarryingCED describe the
# officer, not the incident, and are not covered).
CED_COLUMNS: tuple[str, ...] = tuple(c for c in PUBLISHED_COLUMNS if c.startswith("CED"))
_COUNT_RE = re.compile(r"^CED\d? Fired (Total Number Of Cycles|Cartridge Number)$")


def values(name: str) -> tuple[str, ...]:
    """A named value set from vocabularies.toml (e.g. "tactic", "borough")."""
    return tuple(_vocab_file()["values"][name])


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    kind: str  # date | time | datetime | vocab | open_vocab | yes_no | count | serial | text | id
    # | pseudonym
    vocabulary: str | None = None  # name of the value set, for vocab/open_vocab/yes_no
    required: bool = False
    optional: bool = False  # checked when present, not missing when absent


def _published_spec(name: str) -> ColumnSpec:
    required = name in REQUIRED_COLUMNS
    if name == "IncidentDate":
        return ColumnSpec(name, "date", required=required)
    if name == "IncidentTime":
        return ColumnSpec(name, "time", required=required)
    if name == CED_SERIAL_COLUMN:
        return ColumnSpec(name, "serial")
    if _COUNT_RE.match(name):
        return ColumnSpec(name, "count")
    if name in TACTIC_COLUMNS:
        return ColumnSpec(name, "vocab", "tactic")
    vocab = _vocab_file()["columns"].get(name)
    if vocab == "main_duty":
        return ColumnSpec(name, "open_vocab", vocab)
    if vocab:
        return ColumnSpec(name, "vocab", vocab)
    return ColumnSpec(name, "yes_no", "yes_no")


_INTERNAL_KINDS = {
    "RecordID": "id",
    "IncidentRef": "id",
    "SubmittedAt": "datetime",
    "OfficerID": "id",
    "OfficerName": "text",
    "SubjectName": "text",
    "SubjectDOB": "date",
    "IncidentAddress": "text",
    "IncidentPostcode": "text",
    "Justification": "text",
    "InjuryDetails": "text",
}


# What uofclean's release adds to the published columns. A release may drop them (a profile
# without Justification) and the Met's own files have neither, so they are checked when present.
RELEASE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("Justification", "text", optional=True),
    ColumnSpec("IncidentKey", "pseudonym", optional=True),
)


@cache
def column_specs(schema: str = "extract") -> tuple[ColumnSpec, ...]:
    """The columns of the extract (published + internal) or of the published layout (the 271
    published columns, then the release's own, optional)."""
    specs = [_published_spec(c) for c in PUBLISHED_COLUMNS]
    if schema == "extract":
        specs += [
            ColumnSpec(c, _INTERNAL_KINDS[c], required=c in REQUIRED_COLUMNS)
            for c in INTERNAL_COLUMNS
        ]
    else:
        specs += RELEASE_COLUMNS
    return tuple(specs)


def layout(columns: list[str] | tuple[str, ...]) -> str | None:
    """Which schema a header looks like: "published" when it has (nearly) every published
    column and none of the extract's own, "extract" when it has the extract's identifiers,
    None when it is neither."""
    present = {canonical_name(c.strip()) for c in columns}
    own = set(INTERNAL_COLUMNS) - {s.name for s in RELEASE_COLUMNS}
    if present & own:
        return "extract" if {"RecordID", "IncidentRef"} <= present else None
    published = len(present & set(PUBLISHED_COLUMNS))
    return "published" if published >= 0.9 * len(PUBLISHED_COLUMNS) else None


# What exports write for a missing identifier: compared trimmed and case-folded, a value of
# this shape is blank (never matched with another form's, and reported as missing).
PLACEHOLDER = r"^(?:|null|nil|none|n/?a|#n/a|-+|0+|\?+|unknown)$"


def canonical_name(name: str) -> str:
    """The published spelling of a column name seen with a known corrected spelling."""
    return COLUMN_VARIANTS.get(name, name)


def is_masked(column: str | None) -> bool:
    """Whether values of this column must never be shown in findings or logs."""
    return column is not None and canonical_name(column) in MASKED_COLUMNS


# A cell that is a value, not a name: a number, a date, a time, a reference ("CAD 4521/01APR20",
# "UOF-48213377").
_VALUE_CELL = re.compile(r"^[0-9][0-9 .,:/+-]*$|^[A-Z]{2,5}[ -]?[0-9][0-9A-Z/-]*$|.*@.*\.")


@cache
def _known_names() -> frozenset[str]:
    names = (
        *PUBLISHED_COLUMNS,
        *INTERNAL_COLUMNS,
        *COLUMN_VARIANTS,
        "Justification",
        "IncidentKey",
    )
    return frozenset(n.casefold() for n in names)


@cache
def _category_values() -> frozenset[str]:
    vocabularies = {s.vocabulary for s in column_specs("published") if s.vocabulary}
    return frozenset(v.casefold() for name in vocabularies for v in values(name))


def header_looks_like_data(header: list[str] | tuple[str, ...]) -> bool:
    """Whether the first line is a record, not a header (the header row left out): none of
    its cells is a known column name, whatever the case, and some are values (a number, a
    date, a reference, a published category such as Yes or a borough)."""
    cells = [c.strip() for c in header if c.strip()]
    if not cells or any(c.casefold() in _known_names() for c in cells):
        return False
    return any(_VALUE_CELL.match(c) or c.casefold() in _category_values() for c in cells)
