"""The release profile: what happens to each column, and the disclosure settings.

A profile file is laid over the default profile (default_profile.toml): whatever it does not
name keeps its default, so a profile holding only `[disclosure] k = 10` still redacts,
pseudonymises and suppresses as the default does. A key the default does not have is an error,
not silently ignored: a misspelt key would otherwise switch a protection off unnoticed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from uofclean.errors import ProfileError
from uofclean.redact.operators import OPERATORS
from uofclean.schema.columns import (
    INTERNAL_COLUMNS,
    PUBLISHED_COLUMNS,
    canonical_name,
    column_specs,
)

ACTIONS = ("keep", "drop", "redact", "pseudonymise", "month", "hour")

# Every key a profile may hold, with its type; [columns] maps any column name to an action.
_KEYS: dict[str, dict[str, type]] = {
    "incident_key": {"column": str, "enabled": bool},
    "redaction": {"operator": str},
    "disclosure": {
        "k": int,
        "quasi_identifiers": list,
        "suppression_order": list,
        "suppressible": list,
    },
    "release": {"publisher": str, "dataset": str, "period": str},
    "stats": {
        "enabled": bool,
        "unit": str,
        "min_count": int,
        "period": str,
        "previous": str,
        "method": str,
        "exempt": list,
    },
}
# Redaction would take a category for a name ("Neighbourhood"); these are held to their sets.
_VOCABULARY_COLUMNS = frozenset(
    s.name for s in column_specs("published") if s.kind in ("vocab", "yes_no", "open_vocab")
)
_TYPE_NAMES = {str: "a string", bool: "true or false", int: "a whole number", list: "a list"}


@dataclass(frozen=True)
class StatsSettings:
    """[stats]: the statistics tables publish writes beside the release."""

    unit: str = "report"
    min_count: int = 10
    period: str = ""
    previous: str = ""
    method: str = "suppress"  # or round5
    exempt: tuple[str, ...] = ()  # tables published without suppression

    def to_dict(self) -> dict:
        return {
            "unit": self.unit,
            "min_count": self.min_count,
            "period": self.period,
            "previous": self.previous,
            "method": self.method,
            "exempt": list(self.exempt),
        }


@dataclass
class Profile:
    actions: dict[str, str]  # column -> action, for every published and internal column
    incident_key: str | None = "IncidentKey"
    operator: str = "replace"
    k: int = 5
    quasi_identifiers: list[str] = field(default_factory=list)
    suppression_order: list[str] = field(default_factory=list)
    suppressible: list[str] = field(default_factory=list)
    source: str = "default"
    # how the publication note names the release (report.html)
    publisher: str = ""
    dataset: str = ""
    period: tuple[date, date] | None = None
    stats: StatsSettings | None = None  # None: no statistics tables

    def released_columns(self) -> list[str]:
        """Published columns in published order, then other released columns, then the key."""
        published = [c for c in PUBLISHED_COLUMNS if self.actions[c] != "drop"]
        extra = [c for c in INTERNAL_COLUMNS if self.actions.get(c, "drop") != "drop"]
        return published + extra + ([self.incident_key] if self.incident_key else [])

    def needs_key(self) -> bool:
        return (
            bool(self.incident_key)
            or "pseudonymise" in self.actions.values()
            or self.operator in ("hash", "fake")
        )

    def to_dict(self) -> dict:
        changed = {
            c: a
            for c, a in self.actions.items()
            if a != ("keep" if c in PUBLISHED_COLUMNS else "drop")
        }
        return {
            "source": self.source,
            "column_actions": changed,
            "incident_key": self.incident_key,
            "operator": self.operator,
            "k": self.k,
            "quasi_identifiers": self.quasi_identifiers,
            "suppression_order": self.suppression_order,
            "suppressible": self.suppressible,
            "publisher": self.publisher,
            "dataset": self.dataset,
            "period": [d.isoformat() for d in self.period] if self.period else None,
            "stats": self.stats.to_dict() if self.stats else None,
        }


def default_profile_text() -> str:
    return (resources.files("uofclean.publish") / "default_profile.toml").read_text("utf-8")


def _read(path: str | Path | None, name: str) -> dict:
    try:
        text = Path(path).read_text("utf-8") if path else default_profile_text()
        return tomllib.loads(text)
    except FileNotFoundError:
        raise ProfileError("no such profile file", path=name) from None
    except IsADirectoryError:
        raise ProfileError("the profile is a folder, not a TOML file", path=name) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"not valid TOML ({exc})", path=name) from None


def _check_keys(data: dict, name: str) -> None:
    """Every section and key known, every value of its type."""
    for section, body in data.items():
        if not isinstance(body, dict):
            home = [f"[{s}]" for s, keys in _KEYS.items() if section in keys]
            hint = f"; it belongs in {home[0]}" if home else ""
            raise ProfileError(f"key {section!r} is outside any section{hint}", path=name)
        if section != "columns" and section not in _KEYS:
            known = ", ".join(f"[{s}]" for s in ["columns", *_KEYS])
            raise ProfileError(f"unknown section [{section}]; use {known}", path=name)
        if section == "columns":
            continue
        for key, value in body.items():
            wanted = _KEYS[section].get(key)
            if wanted is None:
                known = ", ".join(_KEYS[section])
                raise ProfileError(f"unknown key {key!r} in [{section}]; use {known}", path=name)
            # bool is an int to Python, but `k = true` is a mistake
            if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
                raise ProfileError(f"[{section}] {key} must be {_TYPE_NAMES[wanted]}", path=name)
            if isinstance(value, list) and not all(isinstance(v, str) for v in value):
                what = "table names" if section == "stats" else "column names"
                raise ProfileError(f"[{section}] {key} must be a list of {what}", path=name)


def _overlay(default: dict, given: dict) -> dict:
    """The default profile with the given one laid over it, key by key."""
    merged = {s: dict(v) for s, v in default.items()}
    for section, body in given.items():
        merged.setdefault(section, {}).update(body)
    # New quasi-identifiers without an order of their own: the default order, restricted to
    # them (suppressing fewer columns can only fail the gate, never release more).
    disclosure, mine = merged.get("disclosure", {}), given.get("disclosure", {})
    if "quasi_identifiers" in mine:
        for key in ("suppression_order", "suppressible"):
            if key not in mine:
                disclosure[key] = [
                    c for c in disclosure.get(key, []) if c in mine["quasi_identifiers"]
                ]
    return merged


def _period(text: str, name: str, what: str = "[release] period") -> tuple[date, date] | None:
    if not text.strip():
        return None
    try:
        start, end = (date.fromisoformat(p.strip()) for p in text.split(":"))
    except ValueError:
        raise ProfileError(
            f"{what} must be START:END in ISO dates (2020-04-01:2021-03-31), not {text!r}",
            path=name,
        ) from None
    if end < start:
        raise ProfileError(f"{what} ends before it starts", path=name)
    return start, end


def load_profile(path: str | Path | None = None, k: int | None = None) -> Profile:
    """Parse and check a profile laid over the default one (the default alone when path is
    None)."""
    name = str(path) if path else "default profile"
    default = _read(None, "default profile")
    given = _read(path, name) if path else {}
    _check_keys(given, name)
    data = _overlay(default, given)
    actions = {c: "keep" for c in PUBLISHED_COLUMNS} | {c: "drop" for c in INTERNAL_COLUMNS}
    for column, action in data.get("columns", {}).items():
        column = canonical_name(column)
        if column not in actions:
            raise ProfileError(f"unknown column {column!r} in [columns]", path=name)
        if action not in ACTIONS:
            raise ProfileError(
                f"unknown action {action!r} for {column!r}; use one of {', '.join(ACTIONS)}",
                path=name,
            )
        if action == "redact" and column in _VOCABULARY_COLUMNS:
            raise ProfileError(
                f"{column!r} is a vocabulary, not free text: keep it (values outside its "
                "published set are suppressed) or drop it",
                path=name,
            )
        actions[column] = action
    key_section = data["incident_key"]
    incident_key = key_section["column"] if key_section["enabled"] else None
    operator = data["redaction"]["operator"]
    if operator not in OPERATORS:
        raise ProfileError(f"unknown redaction operator {operator!r}", path=name)
    disclosure, release = data["disclosure"], data["release"]
    profile = Profile(
        actions,
        incident_key,
        operator,
        k or disclosure["k"],
        list(disclosure["quasi_identifiers"]),
        list(disclosure["suppression_order"]),
        list(disclosure["suppressible"]),
        name,
        publisher=release["publisher"].strip(),
        dataset=release["dataset"].strip(),
        period=_period(release["period"], name),
        stats=_stats(data["stats"], name, given.get("stats", {})),
    )
    _check_disclosure(profile, name)
    return profile


def _stats(section: dict, name: str, given: dict) -> StatsSettings | None:
    """[stats]; `given`: what the profile itself says there (min_count left out is the
    method's own)."""
    from uofclean.errors import OptionError
    from uofclean.stats.rounding import METHODS, MIN_COUNT
    from uofclean.stats.spec import UNITS, exempt_tables

    if not section["enabled"]:
        return None
    method = section["method"]
    if method not in METHODS:
        raise ProfileError(f"[stats] method must be one of {', '.join(METHODS)}", path=name)
    try:
        exempt = exempt_tables(section["exempt"])
    except OptionError as exc:
        raise ProfileError(f"[stats] exempt: {exc.message}", path=name) from None
    min_count = section["min_count"] if "min_count" in given else MIN_COUNT[method]
    settings = StatsSettings(
        section["unit"], min_count, section["period"], section["previous"], method, exempt
    )
    if settings.unit not in UNITS:
        raise ProfileError(f"[stats] unit must be one of {', '.join(UNITS)}", path=name)
    if settings.min_count < 2:
        raise ProfileError("[stats] min_count must be 2 or more", path=name)
    for key in ("period", "previous"):
        _period(getattr(settings, key), name, f"[stats] {key}")
    return settings


def _check_disclosure(profile: Profile, name: str) -> None:
    if profile.k < 1:
        raise ProfileError("disclosure k must be at least 1", path=name)
    for column in profile.quasi_identifiers + profile.suppression_order + profile.suppressible:
        if column not in PUBLISHED_COLUMNS:
            raise ProfileError(f"disclosure column {column!r} is not a published column", path=name)
    for column in profile.suppressible:
        if column not in profile.quasi_identifiers:
            raise ProfileError(
                f"suppressible column {column!r} is not a quasi-identifier", path=name
            )
