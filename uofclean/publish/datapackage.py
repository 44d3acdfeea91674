"""A Frictionless data package describing the release, derived from the same column definition
that validation uses."""

from __future__ import annotations

from datetime import UTC, datetime

from uofclean import __version__
from uofclean.io.writer import CsvStyle
from uofclean.publish.profile import Profile
from uofclean.schema.checks import PATTERNS, PSEUDONYM
from uofclean.schema.columns import QUASI_IDENTIFIERS, SUPPRESSED, column_specs, values

_DESCRIPTIONS = {
    "Justification": "The officer's account of why force was used, with personal details "
    "replaced by their type in brackets, e.g. [PERSON].",
}


def _field(name: str, profile: Profile) -> dict:
    if name == profile.incident_key:
        return {
            "name": name,
            "type": "string",
            "description": "Keyed pseudonym of the incident "
            "reference: rows with the same key are forms of the same incident.",
            "constraints": {"pattern": PSEUDONYM.strip("^$")},
        }
    spec = {s.name: s for s in column_specs("extract")}.get(name)
    action = profile.actions.get(name, "keep")
    field: dict = {"name": name, "type": "string"}
    if name in _DESCRIPTIONS:
        field["description"] = _DESCRIPTIONS[name]
    if spec is None:
        return field
    if action == "pseudonymise":
        field["description"] = "Keyed pseudonym (HMAC-SHA256, 16 hex digits)."
        field["constraints"] = {"pattern": PSEUDONYM.strip("^$")}
    elif action == "month":
        field["type"] = "yearmonth"
    elif action == "hour" or spec.kind == "time":
        field["type"] = "time"
    elif spec.kind == "date":
        field["type"] = "date"
    elif spec.kind == "count":
        field |= {"type": "integer", "constraints": {"minimum": 0}}
    elif spec.kind in ("vocab", "yes_no") and spec.vocabulary:
        allowed = list(values(spec.vocabulary))
        if name in QUASI_IDENTIFIERS:
            allowed.append(SUPPRESSED)
        field["constraints"] = {"enum": allowed}
    elif spec.kind == "serial":
        field["constraints"] = {"pattern": PATTERNS["serial"].strip("^$")}
    return field


def descriptor(
    profile: Profile, rows: int, csv_name: str = "release.csv", style: CsvStyle = CsvStyle()
) -> dict:
    return {
        "profile": "tabular-data-package",
        "name": "use-of-force-release",
        "title": profile.dataset or "Use of force: record-level release",
        "description": "One row per officer per subject. Made by uofclean publish: duplicates "
        "removed, validated, free text redacted, disclosure control applied "
        f"(k = {profile.k} incidents).",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "contributors": [{"title": f"uofclean {__version__}", "role": "author"}]
        + ([{"title": profile.publisher, "role": "publisher"}] if profile.publisher else []),
        "resources": [
            {
                "name": "release",
                "path": csv_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig" if style.bom else "utf-8",
                "dialect": {
                    "delimiter": ",",
                    "lineTerminator": style.newline,
                    "quoteChar": '"',
                    "header": True,
                },
                "stats": {"rows": rows},
                "schema": {
                    "fields": [_field(c, profile) for c in profile.released_columns()],
                    "missingValues": [""],
                },
            }
        ],
    }
