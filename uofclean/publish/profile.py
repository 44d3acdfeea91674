"""The release profile: what happens to each column, and the disclosure settings."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from uofclean.errors import ProfileError
from uofclean.redact.operators import OPERATORS
from uofclean.schema.columns import INTERNAL_COLUMNS, PUBLISHED_COLUMNS, canonical_name

ACTIONS = ("keep", "drop", "redact", "pseudonymise", "month", "hour")


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
        }


def default_profile_text() -> str:
    return (resources.files("uofclean.publish") / "default_profile.toml").read_text("utf-8")


def load_profile(path: str | Path | None = None, k: int | None = None) -> Profile:
    """Parse and check a profile (the default one when path is None)."""
    name = str(path) if path else "default profile"
    try:
        text = Path(path).read_text("utf-8") if path else default_profile_text()
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise ProfileError("no such profile file", path=name) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProfileError(f"not valid TOML ({exc})", path=name) from None
    actions = {c: "keep" for c in PUBLISHED_COLUMNS} | {c: "drop" for c in INTERNAL_COLUMNS}
    for column, action in dict(data.get("columns", {})).items():
        column = canonical_name(column)
        if column not in actions:
            raise ProfileError(f"unknown column {column!r} in [columns]", path=name)
        if action not in ACTIONS:
            raise ProfileError(
                f"unknown action {action!r} for {column!r}; use one of {', '.join(ACTIONS)}",
                path=name,
            )
        actions[column] = action
    key_section = data.get("incident_key", {})
    incident_key = (
        key_section.get("column", "IncidentKey") if key_section.get("enabled", True) else None
    )
    operator = data.get("redaction", {}).get("operator", "replace")
    if operator not in OPERATORS:
        raise ProfileError(f"unknown redaction operator {operator!r}", path=name)
    disclosure = data.get("disclosure", {})
    profile = Profile(
        actions,
        incident_key,
        operator,
        int(k or disclosure.get("k", 5)),
        list(disclosure.get("quasi_identifiers", [])),
        list(disclosure.get("suppression_order", [])),
        list(disclosure.get("suppressible", [])),
        name,
    )
    _check_disclosure(profile, name)
    return profile


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
