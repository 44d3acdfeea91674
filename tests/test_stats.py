"""uofclean stats: the figures against an independent count, suppression proven by the audit,
and the outputs (cells.csv, per-table CSVs, datapackage.json, ODS) agreeing with each other."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tomllib
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

from uofclean.schema.columns import values as vocab

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CED = [  # the Met's order, highest first
    "CED (Taser) Angle Drive Stun",
    "CED (Taser) Fired",
    "CED (Taser) Drive Stun",
    "CED (Taser) Arced",
    "CED (Taser) Red-Dotted",
    "CED (Taser) Aimed",
    "CED (Taser) Drawn",
]
TACTICS = list(vocab("tactic"))
CHAR = {
    "age": "SubjectAge",
    "gender": "SubjectGender",
    "ethnicity": "SubjectEthnicity",
    "borough": "Borough",
}
KNOWN = {
    "age": set(vocab("subject_age")),
    "gender": set(vocab("subject_gender")),
    "ethnicity": set(vocab("subject_ethnicity")),
    "borough": set(vocab("borough")),
}


def run_stats(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", "stats", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=600,
    )


# ------------------------------------------------------------ an independent count


def _kept_rows(path: Path) -> list[dict]:
    """The rows after dedupe (dedupe has its own tests: only its keep mask is borrowed)."""
    from uofclean.dedupe import find_duplicates
    from uofclean.io import read_table

    table = read_table(path, compact=False)
    keep = find_duplicates(table.frame).keep.to_list()
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(keep)
    return [r for r, k in zip(rows, keep, strict=True) if k]


def _char(row: dict, dim: str) -> str:
    v = (row.get(CHAR[dim]) or "").strip()
    if dim == "borough" and v == "City of Westminster":
        v = "Westminster"
    return v if v in KNOWN[dim] else "Not stated"


def _health(row: dict) -> str:
    p, m = row["PhysicalDisability"].strip(), row["MentalDisability"].strip()
    if p == m == "Yes":
        return "Physical and mental"
    if p not in ("Yes", "No") or m not in ("Yes", "No"):
        return "Not stated"
    return "Physical only" if p == "Yes" else "Mental only" if m == "Yes" else "Neither"


def _month(row: dict) -> str:
    m = row["IncidentDate"].strip()[:7]
    return m if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", m) else "Not stated"


# the layout (groups, multi-select prefixes) is the data file's; the counting is done here
LAYOUT = tomllib.loads((ROOT / "uofclean" / "stats" / "tables.toml").read_text())
GROUPS = LAYOUT["groups"]["members"]
PREFIXES = LAYOUT["flags"]
INJURY = {  # table -> (injured, level, {row: column} among the injured, {row: column})
    "officer_injury": (
        "StaffInjured",
        "StaffInjuryLevel",
        {"Injured intentionally": "StaffInjuryIntentional"},
        {"Medical assistance provided": "StaffMedProvided"},
    ),
    "subject_injury": (
        "SubjectInjured",
        "SubjectNatureOfInjury",
        {},
        {
            "Medical assistance offered": "SubjectMedOffered",
            "Medical assistance provided": "SubjectMedProvided",
        },
    ),
}
SEVERITY = ["Minor", "Severe", "Death"]
ONE_VALUE = ("age", "gender", "ethnicity", "health", "borough", "month")


def _units(rows: list[dict], unit: str) -> dict:
    """unit id -> what it counts under, from the rows in plain Python."""
    units: dict = {}
    for i, row in enumerate(rows):
        incident = row["IncidentRef"].strip()
        name = unicodedata.normalize("NFKD", " ".join(row["SubjectName"].lower().split()))
        name = "".join(ch for ch in name if not unicodedata.combining(ch))
        if not incident:
            subject = ("form", i)
        elif name:
            subject = (incident, name, row["SubjectDOB"].strip())
        else:
            subject = (incident,) + tuple(_char(row, d) for d in ("age", "gender", "ethnicity"))
        uid = {"report": i, "incident": incident or ("form", i), "subject": subject}[unit]
        u = units.get(uid)
        if u is None:
            u = units[uid] = {
                "tactics": set(),
                "subjects": set(),
                "flags": defaultdict(set),
                **{d: set() for d in ONE_VALUE},
                "injury": {
                    t: {"yes": False, "no": False, "level": -1, "rows": set()} for t in INJURY
                },
            }
            first = True
        else:
            first = False
        u["subjects"].add(subject)
        u["tactics"] |= {row[f"Tactic {n}"].strip() for n in range(1, 21)} & set(TACTICS)
        if first or unit == "incident":  # a subject keeps their first form's perception
            for d in ("age", "gender", "ethnicity", "borough"):
                u[d].add(_char(row, d))
            u["health"].add(_health(row))
            u["month"].add(_month(row))
        for table, prefix in PREFIXES.items():
            u["flags"][table] |= {
                c[len(prefix) :]
                for c, v in row.items()
                if c.startswith(prefix) and v.strip() == "Yes"
            }
        for table, (injured, level, within, flags) in INJURY.items():
            inj = u["injury"][table]
            if row[injured].strip() == "Yes":
                inj["yes"] = True
                lv = row[level].strip()
                inj["level"] = max(inj["level"], SEVERITY.index(lv) if lv in SEVERITY else -1)
                inj["rows"] |= {r for r, c in within.items() if row[c].strip() == "Yes"}
            elif row[injured].strip() == "No":
                inj["no"] = True
            inj["rows"] |= {r for r, c in flags.items() if row[c].strip() == "Yes"}
    return units


def _tactic_marks(u: dict) -> set:
    t = set(u["tactics"])
    ced = [c for c in CED if c in t]
    t -= set(ced[1:])  # only the highest level
    t |= {g for g, members in GROUPS.items() if t & set(members)}
    if t - {"Tactical Communications"}:
        t.add("Total")
    if not t:
        t.add("No tactic")
    return t


def _injury_marks(inj: dict) -> set:
    if not inj["yes"]:
        return {"Not injured" if inj["no"] else "Not stated"} | inj["rows"]
    level = (
        "Injured: " + SEVERITY[inj["level"]].lower()
        if inj["level"] >= 0
        else "Injured: severity not stated"
    )
    return {"Injured", level} | inj["rows"]


def independent(path: Path, unit: str) -> dict:
    """Every figure of the default tables, counted in plain Python from the CSV rows:
    (table, first dimension value, second or "Total", measure kind) -> count."""
    return count_rows(_kept_rows(path), unit)


def count_rows(rows: list[dict], unit: str) -> dict:
    figures: dict = defaultdict(int)
    for u in _units(rows, unit).values():
        marks = _tactic_marks(u)
        figures[("all",)] += 1
        for t in marks:
            figures[("tactic", t)] += 1
            for d in ("age", "gender", "ethnicity", "health", "month", "borough"):
                for v in u[d]:
                    figures[(d, t, v)] += 1
        for b in u["borough"]:
            figures[("borough", b)] += 1
        for table in PREFIXES:
            for v in u["flags"][table] or {"None recorded"}:
                figures[(table, v)] += 1
        for table in INJURY:
            for v in _injury_marks(u["injury"][table]):
                figures[(table, v)] += 1
    return figures


def _figure_of(row: dict, figures: dict) -> int:
    """The independent count a cells.csv row should hold."""
    table, measure = row["table"], row["measure"]
    if table == "tactics":
        t = row["tactic"]
        if measure == "times_reported" and t == "Total":
            return sum(figures[("tactic", x)] for x in TACTICS if x != "Tactical Communications")
        if measure == "times_reported" and t in GROUPS:
            return sum(figures[("tactic", x)] for x in GROUPS[t])
        return figures[("tactic", t)]
    if table in ("borough", *PREFIXES, *INJURY):
        v = row[table]
        return figures[("all",)] if v == "Total" else figures[(table, v)]
    dim = "borough" if table == "ced_by_borough" else table.removeprefix("tactic_by_")
    if row[dim] == "Total":
        return figures[("tactic", row["tactic"])]
    return figures[(dim, row["tactic"], row[dim])]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    """A synthetic extract over two years (duplicates included), as make demo writes."""
    path = tmp_path_factory.mktemp("synth") / "two-years.csv"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "synth",
            "--rows",
            "1500",
            "--seed",
            "11",
            "--duplicates",
            "--years",
            "2",
            "-o",
            str(path),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    return path


@pytest.fixture(scope="module", params=["clean.csv", "small.csv", "synth"])
def fixture_path(request) -> Path:
    if request.param == "synth":
        return request.getfixturevalue("two_years")
    return FIXTURES / request.param


@pytest.mark.parametrize("unit", ["report", "incident", "subject"])
def test_figures_equal_an_independent_count(fixture_path, unit, tmp_path):
    expected = independent(fixture_path, unit)
    # the tables' own (unsuppressed) figures
    from uofclean.stats.run import load_rows
    from uofclean.stats.spec import TABLES
    from uofclean.stats.tables import build_tables

    frame, kind, _ = load_rows(str(fixture_path))
    ts = build_tables(frame, unit, kind)
    # and what cells.csv publishes
    result = run_stats(str(fixture_path), "-o", str(tmp_path / "out"), "--unit", unit)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out" / "cells.csv", encoding="utf-8", newline="") as f:
        cells = list(csv.DictReader(f))
    assert {r["table"] for r in cells} == set(TABLES)
    published = nonzero = 0
    for row, cell in zip(cells, ts.cells, strict=True):
        figure = _figure_of(row, expected)
        assert ts.values[cell.key] == figure, (row, figure)
        nonzero += figure > 0
        if row["value"] != "":
            assert int(row["value"]) == figure, row
            published += 1
        else:
            assert row["status"] in ("primary", "secondary")
    assert published > 0 and nonzero > len(cells) // 10
    measure = {
        "report": "reports_involving",
        "incident": "incidents_involving",
        "subject": "subjects_involving",
    }[unit]
    assert {r["measure"] for r in cells if r["table"] == "tactics"} == {"times_reported", measure}


def test_ced_counts_once_at_its_highest_level():
    import polars as pl

    from uofclean.schema.columns import EXTRACT_COLUMNS
    from uofclean.stats.tables import build_tables, key

    blank = dict.fromkeys(EXTRACT_COLUMNS, "")
    base = {
        "Borough": "Barnet",
        "SubjectAge": "18-34",
        "SubjectGender": "Male",
        "SubjectEthnicity": "White",
        "IncidentRef": "CAD 1",
        "SubjectName": "A",
        "SubjectDOB": "",
    }
    rows = [
        blank
        | base
        | {
            "Tactic 1": "CED (Taser) Drawn",
            "Tactic 2": "CED (Taser) Fired",
            "Tactic 3": "CED (Taser) Aimed",
            "Tactic 4": "CED (Taser) Fired",
        },
        blank | base | {"Tactic 1": "CED (Taser) Drawn", "Tactic 2": "Tactical Communications"},
        blank | base | {"Tactic 1": "Tactical Communications"},
        blank | base,
    ]
    ts = build_tables(pl.DataFrame(rows), "report")
    v = ts.values
    assert v[key(tactic="CED (Taser) Fired")] == 1
    assert v[key(tactic="CED (Taser) Drawn")] == 1  # only the second form's
    assert v[key(tactic="CED (Taser) Aimed")] == 0
    assert v[key(tactic="Tactical Communications")] == 2
    assert v[key(tactic="No tactic")] == 1
    assert v[key(tactic="Total")] == 2  # tactical communications alone is not a tactic
    assert v[key("times", "Total")] == 2
    # the same four forms are one subject at one incident: counted once, at Fired
    ts = build_tables(pl.DataFrame(rows), "subject")
    assert ts.values[key(tactic="CED (Taser) Fired")] == 1
    assert ts.values[key(tactic="CED (Taser) Drawn")] == 0
    assert ts.values[key()] == 1


# ------------------------------------------------------------ suppression and the audit


def _grid():
    """A 3 x 3 table with row and column totals, as keys of (row, column)."""
    data = {
        ("A", "x"): 3,
        ("A", "y"): 50,
        ("A", "z"): 40,
        ("B", "x"): 30,
        ("B", "y"): 45,
        ("B", "z"): 60,
        ("C", "x"): 25,
        ("C", "y"): 35,
        ("C", "z"): 20,
    }
    values = dict(data)
    for r in "ABC":
        values[(r, "T")] = sum(data[(r, c)] for c in "xyz")
    for c in "xyz":
        values[("T", c)] = sum(data[(r, c)] for r in "ABC")
    values[("T", "T")] = sum(data.values())
    lines = [([(r, c) for c in "xyz"] + [(r, "T")], True) for r in "ABCT"]
    lines += [([(r, c) for r in "ABC"] + [("T", c)], True) for c in "xyzT"]
    equal = [({**{k: 1 for k in line[:-1]}, line[-1]: -1}, 0) for line, _ in lines]
    return values, lines, equal


def test_primary_alone_is_recoverable_and_secondary_makes_it_safe():
    from uofclean.stats.audit import audit
    from uofclean.stats.suppress import primary, suppress

    values, lines, equal = _grid()
    status = primary(values, values, 10)
    assert [k for k, s in status.items() if s] == [("A", "x")]
    intervals = audit(values, status, equal, [])
    assert intervals[("A", "x")].pinned  # 93 - 50 - 40 = 3: anyone can work it out
    sup = suppress(values, values, equal, [], lines, min_count=10)
    assert sup.safe
    hidden = [k for k, s in sup.status.items() if s]
    assert len(hidden) >= 4  # a cycle of hidden cells at the least
    for k in hidden:
        iv = sup.intervals[k]
        assert not iv.pinned and iv.low <= values[k] <= iv.high


def test_audit_knows_primary_cells_are_at_least_one():
    from uofclean.stats.audit import audit

    # total 12, two hidden primary cells beside a published 10: each must be exactly 1
    values = {"a": 1, "b": 1, "c": 10, "t": 12}
    status = {"a": "primary", "b": "primary", "c": "", "t": ""}
    intervals = audit(values, status, [({"a": 1, "b": 1, "c": 1, "t": -1}, 0)], [])
    assert intervals["a"].pinned and intervals["b"].pinned


def test_fixture_tables_pinned_by_primary_alone_are_made_safe():
    from uofclean.stats.relations import relations
    from uofclean.stats.run import load_rows
    from uofclean.stats.suppress import suppress
    from uofclean.stats.tables import build_tables

    frame, kind, _ = load_rows(str(FIXTURES / "small.csv"))
    ts = build_tables(frame, "report", kind)
    rel = relations(ts)
    alone = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines, secondary=False)
    assert alone.pinned, "primary suppression alone should leave something recoverable here"
    full = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines)
    assert full.safe and not full.pinned
    assert any(s == "secondary" for s in full.status.values())


def _injury_frame(injured: int, not_injured: int):
    """Forms of distinct subjects: `injured` with an officer injured, the rest not."""
    import polars as pl

    from uofclean.schema.columns import EXTRACT_COLUMNS

    blank = dict.fromkeys(EXTRACT_COLUMNS, "")
    rows = []
    for i in range(injured + not_injured):
        hurt = i < injured
        rows.append(
            blank
            | {
                "IncidentRef": f"CAD {i}",
                "SubjectName": f"S{i}",
                "IncidentDate": "2021-05-01",
                "Borough": "Barnet",
                "Tactic 1": "Compliant Handcuffing",
                "StaffInjured": "Yes" if hurt else "No",
                "StaffInjuryLevel": "Minor" if hurt else "",
            }
        )
    return pl.DataFrame(rows)


def test_a_new_table_recoverable_from_its_shared_total_is_made_safe():
    """Officer injuries: 3 injured of 60 is hidden, but the total (shared with every table)
    less Not injured gives it back; secondary suppression hides enough beside it."""
    from uofclean.stats.relations import relations
    from uofclean.stats.suppress import suppress
    from uofclean.stats.tables import build_tables, key

    ts = build_tables(_injury_frame(3, 57), "report")
    injured = key(officer_injury="Injured")
    assert ts.values[injured] == 3 and ts.values[key()] == 60
    rel = relations(ts)
    alone = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines, secondary=False)
    assert injured in alone.pinned  # 60 - 57 - 0 = 3
    full = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines)
    assert full.safe and full.status[injured] == "primary"
    assert any(s == "secondary" for s in full.status.values())
    iv = full.intervals[injured]
    assert iv.low <= 3 <= iv.high and iv.high - iv.low >= 1


def test_a_figure_shared_by_tables_is_shown_or_hidden_alike_in_each(outdir):
    """A tactic's total stands in the tactics table, in every tactic x characteristic table
    and in the monthly series; every table's Total is the number of reports: one figure,
    one status, wherever it stands."""
    cells = [r for r in _cells(outdir) if r["period"] == "current"]
    by_figure = defaultdict(set)
    for r in cells:
        in_tactics = r["table"] == "tactics" and r["measure"] != "times_reported"
        if in_tactics or r["table"].startswith("tactic_by_") and r[r["table"][10:]] == "Total":
            by_figure[("tactic", r["tactic"])].add((r["value"], r["status"]))
        elif r["table"] in ("borough", "reason", "outcome", "officer_injury") and any(
            r[d] == "Total" for d in ("borough", "reason", "outcome", "officer_injury")
        ):
            by_figure[("all",)].add((r["value"], r["status"]))
    assert len(by_figure) > 20
    hidden_somewhere = 0
    for figure, seen in by_figure.items():
        assert len(seen) == 1, (figure, seen)
        hidden_somewhere += next(iter(seen))[1] != ""
    assert hidden_somewhere > 0  # the check covers hidden shared figures too


def test_the_warm_started_audit_agrees_with_linprog():
    """The fast path (scipy's HiGHS bindings, one model per group) and plain linprog."""
    from uofclean.stats.audit import audit
    from uofclean.stats.relations import relations
    from uofclean.stats.run import load_rows
    from uofclean.stats.suppress import suppress
    from uofclean.stats.tables import build_tables

    frame, kind, _ = load_rows(str(FIXTURES / "clean.csv"))
    ts = build_tables(frame, "subject", kind)
    rel = relations(ts)
    sup = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines, primary_max=9)
    fast = audit(ts.values, sup.status, rel.equal, rel.upper, primary_max=9)
    slow = audit(ts.values, sup.status, rel.equal, rel.upper, primary_max=9, engine="linprog")
    assert fast.keys() == slow.keys() and len(fast) > 50
    for k in fast:
        assert fast[k].as_json() == slow[k].as_json(), k
    assert any(iv.high != iv.low + 1 for iv in fast.values())


def test_gate_fails_with_exit_1_and_writes_only_the_audit(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import uofclean.stats.run as run
    from uofclean.cli import app

    real = run.suppress
    monkeypatch.setattr(run, "suppress", lambda *a, **k: real(*a, **k, secondary=False))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["stats", str(FIXTURES / "small.csv"), "-o", str(out)])
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["audit.json"]
    audit = json.loads((out / "audit.json").read_text())
    assert audit["safe"] is False and audit["periods"]["current"]["pinned"] > 0


# ------------------------------------------------------------ outputs


@pytest.fixture(scope="module")
def outdir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("stats") / "out"
    result = run_stats(
        str(FIXTURES / "clean.csv"), "-o", str(out), "--previous", "2020-04-01:2020-09-30"
    )
    assert result.returncode == 0, result.stderr
    assert "hidden" in result.stderr
    return out


def _cells(outdir: Path) -> list[dict]:
    with open(outdir / "cells.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_cells_csv_follows_the_contract(outdir):
    with open(outdir / "cells.csv", encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    from uofclean.stats.spec import TABLES

    dims = [
        "tactic",
        "age",
        "gender",
        "ethnicity",
        "health",
        "borough",
        "reason",
        "impact_factor",
        "outcome",
        "location",
        "officer_injury",
        "subject_injury",
        "month",
    ]
    assert header == ["table", "period", *dims, "measure", "value", "status"]
    cells = _cells(outdir)
    assert {r["table"] for r in cells} == set(TABLES)
    own = {"tactics": {"tactic"}, "ced_by_borough": {"tactic", "borough"}}
    for r in cells:  # each table fills its own dimension columns, and only those
        table = r["table"]
        wanted = own.get(table) or (
            {"tactic", table.removeprefix("tactic_by_")}
            if table.startswith("tactic_by_")
            else {table}
        )
        assert {d for d in dims if r[d]} == wanted, r
    assert {r["period"] for r in cells} == {"current", "previous", "change", "pct_change"}
    assert {r["status"] for r in cells} <= {"", "primary", "secondary", "rounded"}
    for r in cells:
        assert (r["value"] == "") == (r["status"] != ""), r
    tactics = {r["tactic"] for r in cells if r["table"] == "tactics"}
    assert set(TACTICS) <= tactics and {"Total", "No tactic"} <= tactics
    for table, dim in [("tactic_by_age", "age"), ("borough", "borough")]:
        assert any(r[dim] == "Total" for r in cells if r["table"] == table)
    # previous, change and % change agree where all are shown
    by = defaultdict(dict)
    for r in cells:
        by[
            (
                r["table"],
                r["tactic"],
                r["age"],
                r["gender"],
                r["ethnicity"],
                r["borough"],
                r["measure"],
            )
        ][r["period"]] = r
    checked = 0
    for periods in by.values():
        cur, prev, ch = periods["current"], periods["previous"], periods["change"]
        if cur["value"] and prev["value"]:
            assert int(ch["value"]) == int(cur["value"]) - int(prev["value"])
            checked += 1
        else:
            assert ch["value"] == ""
    assert checked > 0


def test_audit_json_gives_every_hidden_cell_an_interval(outdir):
    audit = json.loads((outdir / "audit.json").read_text())
    assert audit["safe"] is True and audit["min_count"] == 10
    for period in ("current", "previous"):
        p = audit["periods"][period]
        assert p["pinned"] == 0 and p["hidden"]
        for h in p["hidden"]:
            assert h["why"] in ("primary", "secondary") and not h["pinned"]
            lo, hi = h["interval"]["min"], h["interval"]["max"]
            assert hi is None or hi - lo >= 1


def test_per_table_csv_shows_c_for_hidden_cells(outdir):
    cells = [
        r for r in _cells(outdir) if r["table"] == "tactic_by_age" and r["period"] == "current"
    ]
    with open(outdir / "tactic_by_age.csv", encoding="utf-8", newline="") as f:
        wide = {r["tactic"]: r for r in csv.DictReader(f)}
    for r in cells:
        shown = wide[r["tactic"]][r["age"]]
        assert shown == (r["value"] if r["value"] else "[c]")


def test_datapackage_is_valid(outdir):
    from frictionless import Package

    report = Package(str(outdir / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    package = json.loads((outdir / "datapackage.json").read_text())
    for res in package["resources"]:
        assert {"[c]", "[x]", "[z]"} <= set(res["schema"]["missingValues"])


def test_ods_reads_back_with_the_same_figures(outdir):
    ods_matches_cells(outdir)


def ods_matches_cells(outdir: Path) -> None:
    """Every figure of every sheet, read by pandas, is the figure cells.csv holds."""
    import pandas as pd

    from uofclean.stats.spec import TABLES

    path = outdir / "tables.ods"
    sheets = pd.read_excel(path, engine="odf", sheet_name=None, header=None)
    assert list(sheets)[:3] == ["Cover", "Contents", "Notes"]
    cells = _cells(outdir)
    dims = {
        r["table"]: [
            d
            for d in (
                "tactic",
                "age",
                "gender",
                "ethnicity",
                "health",
                "borough",
                "reason",
                "impact_factor",
                "outcome",
                "location",
                "officer_injury",
                "subject_injury",
                "month",
            )
            if r[d]
        ]
        for r in cells
    }
    lookup = {}
    for r in cells:
        d = dims[r["table"]]
        second = r[d[1]] if len(d) > 1 else r["measure"]
        lookup[(r["table"], r["period"], r[d[0]], second)] = r
    checked = hidden = 0
    for name in sheets:
        if name in ("Cover", "Contents", "Notes"):
            continue
        table = next(t for t in sorted(TABLES, key=len, reverse=True) if name.startswith(t))
        raw = sheets[name]
        assert isinstance(raw.iloc[0, 0], str) and raw.iloc[0, 0]  # the title in A1
        sheet = pd.read_excel(path, engine="odf", sheet_name=name, skiprows=2, dtype=object)
        two_d = len(dims[table]) > 1
        period = name[len(table) + 1 :] or "current" if two_d else None
        for _, row in sheet.iterrows():
            label = row.iloc[0]
            for column, got in row.items():
                if column in (sheet.columns[0], "part_of"):
                    continue
                if two_d:
                    want = lookup.get((table, period, label, column))
                    here = (table, "current", label, column) in lookup
                else:
                    measure, _, p = str(column).partition(" (")
                    want = lookup.get((table, p.rstrip(")") or "current", label, measure))
                    here = (table, "current", label, measure) in lookup
                if want is None:  # no such cell [z], or nothing to compare it with [x]
                    assert got == ("[x]" if here else "[z]"), (name, label, column, got)
                elif want["value"] == "":
                    assert got in ("[c]", "[x]"), (name, label, column, got)
                    hidden += 1
                else:
                    assert float(got) == float(want["value"]), (name, label, column, got)
                    checked += 1
    assert checked > 1000 and hidden > 0
    assert {n.split("_previous")[0] for n in sheets if n in TABLES} == set(TABLES)


def test_release_is_counted_too(tmp_path):
    """A release (published layout) is counted as it is: same figures as its extract."""
    src = tmp_path / "release.csv"
    with open(FIXTURES / "clean.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    from uofclean.schema.columns import PUBLISHED_COLUMNS

    with open(src, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(list(PUBLISHED_COLUMNS) + ["IncidentKey"])
        for r in rows:
            w.writerow([r.get(c, "") for c in PUBLISHED_COLUMNS] + [r["IncidentRef"][-8:]])
    a = run_stats(str(src), "-o", str(tmp_path / "rel"))
    b = run_stats(str(FIXTURES / "clean.csv"), "-o", str(tmp_path / "ext"))
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    rel, ext = _cells(tmp_path / "rel"), _cells(tmp_path / "ext")
    assert rel == ext  # clean.csv has no duplicate forms: the same rows, the same cells


def test_bad_unit_is_one_line_exit_2(tmp_path):
    result = run_stats(str(FIXTURES / "small.csv"), "-o", str(tmp_path / "o"), "--unit", "x")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "--unit" in result.stderr
