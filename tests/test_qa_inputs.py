"""Odd inputs found by QA, each through the real entry point: a value is never silently changed,
and every finding or error names the record and the physical line."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from uofclean.io.reader import header_names

CLEAN = Path(__file__).resolve().parents[1] / "fixtures" / "clean.csv"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", *args], capture_output=True, text=True, env=os.environ
    )


def clean_rows() -> list[list[str]]:
    with CLEAN.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def start_line(text: str, record: int) -> int:
    """Physical line where a data record (1-based) starts."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    for number, _ in enumerate(reader):
        if number == record:
            return last + 1
        last = reader.line_num
    raise AssertionError("no such record")


def validate(path: Path) -> tuple[int, dict, str]:
    done = run_cli("validate", str(path), "--format", "json")
    report = json.loads(done.stdout) if done.stdout else {}
    return done.returncode, report, done.stderr


def checks(findings: list[dict]) -> list[str]:
    return [f["check"] for f in findings]


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("uofclean: error: "), done.stderr
    return lines[0]


def test_stray_quote_is_a_finding_and_never_a_changed_value(tmp_path):
    rows = clean_rows()
    j = rows[0].index("Justification")
    rows[3][j] = "Officer said XQXstop now, he ran"
    text = to_csv(rows).replace("XQX", '"')
    path = tmp_path / "stray.csv"
    path.write_text(text, encoding="utf-8")
    code, report, _ = validate(path)
    assert code == 1
    stray = [f for f in report["errors"] if f["check"] == "stray-quote"]
    assert [(f["row"], f["line"]) for f in stray] == [(3, start_line(text, 3))]
    assert report["rows"] == len(rows) - 1
    out = tmp_path / "out.csv"
    error = one_line_error(run_cli("dedupe", str(path), "-o", str(out)))
    assert f"stray.csv:{start_line(text, 3)}: stray quote in record 3" in error
    assert not out.exists()


def test_doubled_quotes_stay_on_the_fast_path_and_are_kept(tmp_path):
    rows = clean_rows()
    j = rows[0].index("Justification")
    rows[2][j] = 'He said "stop", then "run, now"'
    path = tmp_path / "quotes.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    code, report, _ = validate(path)
    assert "stray-quote" not in checks(report["errors"])
    out = tmp_path / "out.csv"
    assert run_cli("dedupe", str(path), "-o", str(out)).returncode == 0
    assert clean_rows_of(out)[2][j] == rows[2][j]


def clean_rows_of(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_mixed_utf8_and_cp1252_stops_at_the_first_bad_line(tmp_path):
    rows = clean_rows()
    s = rows[0].index("SubjectName")
    rows[1][s] = "Zoë Adams"
    rows[7][s] = "Ana MARKER"
    text = to_csv(rows)
    data = text.encode("utf-8").replace(b"MARKER", "Müller".encode("cp1252"))
    path = tmp_path / "mixed.csv"
    path.write_bytes(data)
    line = start_line(text, 7)
    for args in (["validate", str(path)], ["dedupe", str(path), "-o", str(tmp_path / "o.csv")]):
        error = one_line_error(run_cli(*args))
        assert f"mixed.csv:{line}:" in error and "--encoding" in error


def test_excel_padding_columns_are_ignored_and_outputs_keep_the_header(tmp_path):
    rows = [r + ["", "", ""] for r in clean_rows()]
    path = tmp_path / "excel.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    code, report, _ = validate(path)
    assert code == 0, report["errors"][:3]
    assert checks(report["warnings"]) == ["empty-columns"]
    assert report["warnings"][0]["message"].startswith("3 empty trailing column(s) ignored")
    out = tmp_path / "out.csv"
    done = run_cli("dedupe", str(path), "-o", str(out))
    assert done.returncode == 0 and "3 empty trailing column(s) ignored" in done.stderr
    assert clean_rows_of(out)[0] == clean_rows()[0]


def test_blank_header_with_values_is_a_finding(tmp_path):
    rows = clean_rows()
    rows[0].append("")
    for r in rows[1:]:
        r.append("x")
    path = tmp_path / "blank.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    code, report, _ = validate(path)
    assert code == 1 and checks(report["errors"]) == ["blank-header"]
    assert "unexpected-column" not in checks(report["warnings"])
    error = one_line_error(run_cli("dedupe", str(path), "-o", str(tmp_path / "o.csv")))
    assert "has no name in the header" in error


def test_duplicate_headers_that_collide_with_generated_names(tmp_path):
    rows = clean_rows()
    rows[0] += ["Notes", "Notes (2)", "Notes"]
    for r in rows[1:]:
        r += ["a", "b", "c"]
    path = tmp_path / "dups.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    code, report, stderr = validate(path)
    assert code == 1, stderr
    assert checks(report["errors"]) == ["duplicate-header"]
    assert report["errors"][0]["column"] == "Notes"


def test_generated_header_names_never_clash():
    names = header_names(["a", "a (2)", "a", "", "blank column (4)", " b ", "b"])
    assert len(set(names.names)) == len(names.names)
    assert names.names[:2] == ["a", "a (2)"] and names.names[4] == "blank column (4)"
    assert names.duplicates == {"a": [0, 2], "b": [5, 6]}
    assert names.blank == (3,)
    assert not names.generated & {"a", "a (2)", "blank column (4)", "b"}


def test_value_details(tmp_path):
    rows = clean_rows()
    h = rows[0]
    cycles = h.index("CED Fired Total Number Of Cycles")
    tactics = [i for i, c in enumerate(h) if c.startswith("Tactic ")]
    no_ced = [
        k
        for k, r in enumerate(rows[1:], start=1)
        if not any(r[i].startswith("CED") for i in tactics)
        and not any(v for c, v in zip(h, r, strict=True) if c.startswith("CED"))
    ]
    a, b, c, d = no_ced[:4]
    rows[a][cycles] = "1.0"
    rows[b][cycles] = "٣"
    rows[c][h.index("SubmittedAt")] = rows[c][h.index("SubmittedAt")] + "+01:00"
    rows[d][h.index("RecordID")] = rows[d][h.index("RecordID")] + " "
    rows[d][h.index("SubjectName")] = " " + rows[d][h.index("SubjectName")]
    path = tmp_path / "values.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    code, report, _ = validate(path)
    assert code == 1
    got = sorted((f["row"], f["check"], f["column"]) for f in report["errors"])
    assert got == sorted(
        [
            (a, "count", "CED Fired Total Number Of Cycles"),
            (a, "ced-without-tactic", "CED Fired Total Number Of Cycles"),
            (b, "count", "CED Fired Total Number Of Cycles"),
            (b, "ced-without-tactic", "CED Fired Total Number Of Cycles"),
            (c, "datetime", "SubmittedAt"),
            (d, "whitespace", "RecordID"),
            (d, "whitespace", "SubjectName"),
        ]
    )
    masked = [f for f in report["errors"] if f["check"] == "whitespace"]
    assert all(f["value"] is None for f in masked)


def test_rows_of_bare_commas(tmp_path):
    rows = clean_rows()
    width = len(rows[0])
    rows.insert(4, [""] * width)
    rows.append([""] * width)
    text = to_csv(rows)
    path = tmp_path / "commas.csv"
    path.write_text(text, encoding="utf-8")
    code, report, _ = validate(path)
    assert code == 0, report["errors"][:3]
    empty = [f for f in report["warnings"] if f["check"] == "empty-record"]
    assert [(f["row"], f["line"]) for f in empty] == [
        (4, start_line(text, 4)),
        (len(rows) - 1, start_line(text, len(rows) - 1)),
    ]
    assert report["rows"] == len(rows) - 1
    out, summary = tmp_path / "out.csv", tmp_path / "dedupe.json"
    removed = tmp_path / "removed.csv"
    done = run_cli(
        "dedupe", str(path), "-o", str(out), "--report", str(summary), "--removed", str(removed)
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(summary.read_text())
    assert counts["rows_in"] == len(rows) - 1
    assert counts["rows_in"] == counts["rows_out"] + counts["rows_removed"]
    assert counts["removed_by_rule"]["empty-record"] == 2
    assert len(clean_rows_of(out)) == len(rows) - 2
    assert len(clean_rows_of(removed)) == 3


def test_spaces_around_header_names(tmp_path):
    rows = clean_rows()
    rows[0] = [f"{name} " for name in rows[0]]
    path = tmp_path / "spaced.csv"
    path.write_text(to_csv(rows), encoding="utf-8")
    code, report, _ = validate(path)
    assert code == 0, report["errors"][:3]
    assert checks(report["warnings"]) == ["header-whitespace"]
    assert report["warnings"][0]["message"].startswith(f"{len(rows[0])} header name(s)")
    out = tmp_path / "out.csv"
    assert run_cli("dedupe", str(path), "-o", str(out)).returncode == 0
    assert clean_rows_of(out)[0] == rows[0]


@pytest.mark.parametrize("command", ["redact", "publish"])
def test_jobs_zero_is_one_line(tmp_path, command):
    error = one_line_error(run_cli(command, str(CLEAN), "-o", str(tmp_path / "o"), "--jobs", "0"))
    assert "--jobs must be 1 or more" in error


@pytest.mark.parametrize(
    "args, option",
    [
        (["publish", str(CLEAN), "-o", "OUT", "--k", "0", "--key-file", "KEY"], "--k"),
        (["synth", "--rows", "0", "-o", "OUT"], "--rows"),
    ],
)
def test_other_counts_below_one_are_one_line(tmp_path, args, option):
    key = Path(__file__).resolve().parents[1] / "fixtures" / "demo.key"
    args = [str(tmp_path / "o") if a == "OUT" else str(key) if a == "KEY" else a for a in args]
    error = one_line_error(run_cli(*args))
    assert f"{option} must be 1 or more" in error
