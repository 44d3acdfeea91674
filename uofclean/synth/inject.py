"""Injected rule violations and duplicate forms, each recorded in the ground truth."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from uofclean.schema import columns as cols
from uofclean.synth.generator import Generator, Row

_CED_TACTIC = "CED (Taser)"


def _tactics(row: Row) -> list[str]:
    return [row.values[c] for c in cols.TACTIC_COLUMNS if row.values[c]]


def _has_ced(row: Row) -> bool:
    return any(t.startswith(_CED_TACTIC) for t in _tactics(row))


def inject_error(
    rng: random.Random, gen: Generator, row: Row, rows: list[Row], period_start
) -> tuple[str, str] | None:
    """Break one rule in row; return (check, column) or None if this row cannot take it."""
    v = row.values
    check = rng.choice(
        (
            "vocabulary",
            "whitespace",
            "date",
            "time",
            "datetime",
            "count",
            "required",
            "tactic-gap",
            "effective-without-tactic",
            "ced-without-tactic",
            "ced-fired-without-tactic",
            "period",
            "duplicate-record-id",
        )
    )
    if check == "vocabulary":
        column, bad = rng.choice(
            (
                ("Borough", "Camdn"),
                ("PrimaryConduct", "Agressive resistance"),
                ("SubjectAge", "18 - 34"),
                ("Outcome: Arrested", "Y"),
                ("SubjectGender", "M"),
                ("Tactic 1", "Handcuffs"),
            )
        )
        if column == "Tactic 1" and (not v["Tactic 1"] or v["Tactic 1"].startswith("CED")):
            return None  # replacing a CED tactic would also break the Taser rule
        v[column] = bad
        return check, column
    if check == "whitespace":
        column = rng.choice(("Borough", "PrimaryConduct", "Effective 1"))
        if not v[column]:
            return None
        v[column] = v[column] + " " if rng.random() < 0.5 else " " + v[column]
        return check, column
    if check == "date":
        v["IncidentDate"] = v["IncidentDate"][:5] + "02-30"
        return check, "IncidentDate"
    if check == "time":
        v["IncidentTime"] = "25:61:00"
        return check, "IncidentTime"
    if check == "datetime":
        v["SubmittedAt"] = v["SubmittedAt"][:5] + "13" + v["SubmittedAt"][7:]
        return check, "SubmittedAt"
    if check == "count":
        if v["CED Fired"] != "Yes":
            return None
        v["CED Fired Total Number Of Cycles"] = rng.choice(("-1", "two", "1.5"))
        return check, "CED Fired Total Number Of Cycles"
    if check == "required":
        column = rng.choice(("OfficerID", "IncidentTime"))
        v[column] = ""
        return check, column
    if check == "tactic-gap":
        if len(_tactics(row)) < 2 or v["Tactic 1"].startswith("CED"):
            return None  # blanking a CED tactic would also break the Taser rule
        v["Tactic 1"] = v["Effective 1"] = ""
        return check, "Tactic 1"
    if check == "effective-without-tactic":
        n = len(_tactics(row))
        if n >= cols.TACTIC_SLOTS:
            return None
        v[cols.EFFECTIVE_COLUMNS[n]] = "Yes"
        return check, cols.EFFECTIVE_COLUMNS[n]
    if check == "ced-without-tactic":
        if _has_ced(row):
            return None
        v["CED Drawn"] = "No"
        return check, "CED Drawn"
    if check == "ced-fired-without-tactic":
        if not _has_ced(row) or "CED (Taser) Fired" in _tactics(row):
            return None
        v["CED Fired"] = "Yes"
        return check, "CED Fired"
    if check == "period":
        v["IncidentDate"] = (period_start - timedelta(days=rng.randint(1, 60))).isoformat()
        return check, "IncidentDate"
    other = rng.choice(rows)
    if other is row:
        return None
    v["RecordID"] = other.values["RecordID"]
    return check, "RecordID"


def _later(submitted: str, rng: random.Random) -> str:
    moment = datetime.fromisoformat(submitted) + timedelta(hours=rng.randint(1, 72))
    return moment.isoformat(timespec="seconds")


def make_duplicate(rng: random.Random, gen: Generator, original: Row) -> tuple[Row, str, str, bool]:
    """A duplicate of original: (row, rule, kind, the duplicate is the one kept)."""
    kind = rng.choice(("exact", "resubmission", "reexport"))
    if kind == "resubmission" and not original.values["SubjectName"].strip():
        kind = "exact"
    dup = gen.copy(original)
    if kind == "exact":
        return dup, "record-id", kind, False
    if kind == "reexport":
        rid = dup.values["RecordID"]
        dup.values["RecordID"] = rng.choice((rid.lower(), f" {rid}", f"{rid} "))
        dup.values["OfficerName"] = dup.values["OfficerName"] + " "
        return dup, "record-id", kind, False
    dup.values["RecordID"] = gen.record_id()
    dup.values["SubmittedAt"] = _later(original.values["SubmittedAt"], rng)
    dup.values["SubjectName"] = dup.values["SubjectName"].upper()  # compared normalised
    dup.values["PrimaryConduct"] = "Active resistance"  # the corrected field
    return dup, "officer-incident-subject", kind, True


def make_other_incident(rng: random.Random, gen: Generator, original: Row) -> Row:
    """Same officer and subject at another incident: never a duplicate."""
    trap = gen.copy(original)
    trap.values["RecordID"] = gen.record_id()
    day = datetime.fromisoformat(original.values["SubmittedAt"]).date() + timedelta(days=9)
    trap.values["IncidentRef"] = f"CAD {rng.randint(1, 9999)}/{day.strftime('%d%b%y').upper()}"
    trap.values["SubmittedAt"] = _later(original.values["SubmittedAt"], rng)
    return trap
