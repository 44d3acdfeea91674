"""uofclean stats: the figures against an independent count, suppression proven by the audit,
and the outputs (cells.csv, per-table CSVs, datapackage.json, ODS) agreeing with each other."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
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
CHAR = {"age": "SubjectAge", "gender": "SubjectGender", "ethnicity": "SubjectEthnicity",
        "borough": "Borough"}
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


def independent(path: Path, unit: str) -> dict:
    """Every figure of the default tables, counted in plain Python from the CSV rows."""
    rows = _kept_rows(path)
    units: dict = {}  # unit id -> {"tactics": set, dim: set of values, "subjects": set}
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
        u = units.setdefault(uid, {"tactics": set(), **{d: set() for d in CHAR}})
        u["tactics"] |= {row[f"Tactic {n}"].strip() for n in range(1, 21)} & set(TACTICS)
        if unit != "subject" or not u["age"]:  # a subject keeps their first form's perception
            for d in CHAR:
                if unit == "incident" or not u[d]:
                    u[d].add(_char(row, d))
    figures: dict = defaultdict(int)
    for u in units.values():
        t = set(u["tactics"])
        ced = [c for c in CED if c in t]
        t -= set(ced[1:])  # only the highest level
        if t - {"Tactical Communications"}:
            t.add("Total")
        if not t:
            t.add("No tactic")
        for tactic in t:
            figures[("units", tactic, "Total")] += 1
            for d in ("age", "gender", "ethnicity"):
                for v in u[d]:
                    figures[(d, tactic, v)] += 1
        for b in u["borough"]:
            figures[("borough", b)] += 1
        figures[("borough", "Total")] += 1
    figures[("times", "Total")] = sum(
        figures[("units", t, "Total")] for t in TACTICS if t != "Tactical Communications"
    )
    return figures


def _figure_of(row: dict) -> tuple:
    table = row["table"]
    if table == "tactics":
        if row["measure"] == "times_reported" and row["tactic"] == "Total":
            return ("times", "Total")
        return ("units", row["tactic"], "Total")
    if table == "borough":
        return ("borough", row["borough"])
    dim = table.removeprefix("tactic_by_")
    if row[dim] == "Total":
        return ("units", row["tactic"], "Total")
    return (dim, row["tactic"], row[dim])


@pytest.fixture(scope="module", params=["clean.csv", "small.csv"])
def fixture_path(request) -> Path:
    return FIXTURES / request.param


@pytest.mark.parametrize("unit", ["report", "incident", "subject"])
def test_figures_equal_an_independent_count(fixture_path, unit, tmp_path):
    expected = independent(fixture_path, unit)
    # the tables' own (unsuppressed) figures
    from uofclean.stats.run import load_rows
    from uofclean.stats.tables import build_tables

    frame, kind, _ = load_rows(str(fixture_path))
    ts = build_tables(frame, unit, kind)
    # and what cells.csv publishes
    result = run_stats(str(fixture_path), "-o", str(tmp_path / "out"), "--unit", unit)
    assert result.returncode == 0, result.stderr
    with open(tmp_path / "out" / "cells.csv", encoding="utf-8", newline="") as f:
        cells = list(csv.DictReader(f))
    assert cells
    published = 0
    for row, cell in zip(cells, ts.cells, strict=True):
        figure = expected.get(_figure_of(row), 0)
        assert ts.values[cell.key] == figure, (row, figure)
        if row["value"] != "":
            assert int(row["value"]) == figure, row
            published += 1
        else:
            assert row["status"] in ("primary", "secondary")
    assert published > 0
    measure = {"report": "reports_involving", "incident": "incidents_involving",
               "subject": "subjects_involving"}[unit]
    assert {r["measure"] for r in cells if r["table"] == "tactics"} == {"times_reported", measure}


def test_ced_counts_once_at_its_highest_level():
    import polars as pl

    from uofclean.stats.tables import build_tables, key

    blank = {f"Tactic {n}": "" for n in range(1, 21)}
    base = {"Borough": "Barnet", "SubjectAge": "18-34", "SubjectGender": "Male",
            "SubjectEthnicity": "White", "IncidentRef": "CAD 1", "SubjectName": "A",
            "SubjectDOB": ""}
    rows = [
        base | blank | {"Tactic 1": "CED (Taser) Drawn", "Tactic 2": "CED (Taser) Fired",
                        "Tactic 3": "CED (Taser) Aimed", "Tactic 4": "CED (Taser) Fired"},
        base | blank | {"Tactic 1": "CED (Taser) Drawn", "Tactic 2": "Tactical Communications"},
        base | blank | {"Tactic 1": "Tactical Communications"},
        base | blank,
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
    data = {("A", "x"): 3, ("A", "y"): 50, ("A", "z"): 40,
            ("B", "x"): 30, ("B", "y"): 45, ("B", "z"): 60,
            ("C", "x"): 25, ("C", "y"): 35, ("C", "z"): 20}
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
    from uofclean.stats.run import load_rows
    from uofclean.stats.suppress import suppress
    from uofclean.stats.tables import build_tables, relations

    frame, kind, _ = load_rows(str(FIXTURES / "small.csv"))
    ts = build_tables(frame, "report", kind)
    rel = relations(ts)
    alone = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines, secondary=False)
    assert alone.pinned, "primary suppression alone should leave something recoverable here"
    full = suppress(ts.values, ts.subjects, rel.equal, rel.upper, rel.lines)
    assert full.safe and not full.pinned
    assert any(s == "secondary" for s in full.status.values())


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
    result = run_stats(str(FIXTURES / "clean.csv"), "-o", str(out),
                       "--previous", "2020-04-01:2020-09-30")
    assert result.returncode == 0, result.stderr
    assert "hidden" in result.stderr
    return out


def _cells(outdir: Path) -> list[dict]:
    with open(outdir / "cells.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_cells_csv_follows_the_contract(outdir):
    with open(outdir / "cells.csv", encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header == ["table", "period", "tactic", "age", "gender", "ethnicity", "borough",
                      "measure", "value", "status"]
    cells = _cells(outdir)
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
        by[(r["table"], r["tactic"], r["age"], r["gender"], r["ethnicity"], r["borough"],
            r["measure"])][r["period"]] = r
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
    cells = [r for r in _cells(outdir) if r["table"] == "tactic_by_age" and r["period"] == "current"]
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
    import pandas as pd

    path = outdir / "tables.ods"
    sheets = pd.read_excel(path, engine="odf", sheet_name=None, header=None)
    assert list(sheets)[:3] == ["Cover", "Contents", "Notes"]
    cells = _cells(outdir)
    for name in ("tactics", "tactic_by_age", "tactic_by_gender", "tactic_by_ethnicity",
                 "borough", "tactic_by_age_previous"):
        raw = sheets[name]
        assert isinstance(raw.iloc[0, 0], str) and raw.iloc[0, 0]  # the title in A1
        sheet = pd.read_excel(path, engine="odf", sheet_name=name, skiprows=2)
        with open(outdir / f"{name}.csv", encoding="utf-8", newline="") as f:
            wide = list(csv.reader(f))
        assert list(sheet.columns) == wide[0]
        assert len(sheet) == len(wide) - 1
        for (_, srow), crow in zip(sheet.iterrows(), wide[1:], strict=True):
            for a, b in zip(srow.tolist(), crow, strict=True):
                assert str(a) == b or (b.lstrip("-").replace(".", "", 1).isdigit()
                                       and float(a) == float(b)), (name, a, b)
    # and the tactics sheet against cells.csv itself
    sheet = pd.read_excel(path, engine="odf", sheet_name="tactics", skiprows=2)
    published = {(r["tactic"], r["measure"]): r["value"] for r in cells
                 if r["table"] == "tactics" and r["period"] == "current"}
    for _, row in sheet.iterrows():
        for measure in ("times_reported", "reports_involving"):
            want = published.get((row["tactic"], measure))
            if want is None:
                continue
            got = row[measure]
            assert (str(got) == "[c]") if want == "" else int(got) == int(want)


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
