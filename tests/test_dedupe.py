"""`uofclean dedupe`: every rule and every trap, the CLI, and synth's ground truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from uofclean.dedupe import find_duplicates
from uofclean.io import read_table

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
BASE = {
    "RecordID": "UOF-1",
    "IncidentRef": "CAD 1/01APR20",
    "SubmittedAt": "2020-04-01T10:00:00",
    "OfficerID": "100AB",
    "SubjectName": "Jo Bloggs",
    "SubjectDOB": "1990-01-01",
    "Borough": "Camden",
}


def frame(*changes: dict) -> pl.DataFrame:
    return pl.DataFrame([BASE | c for c in changes])


def removed(df: pl.DataFrame) -> list[tuple[int, int, str]]:
    return [tuple(r) for r in find_duplicates(df).removed.iter_rows()]


def test_exact_copy_is_removed_first_kept():
    assert removed(frame({}, {})) == [(1, 0, "record-id")]


def test_reexport_with_whitespace_and_case_in_record_id():
    assert removed(frame({}, {"RecordID": " uof-1 "})) == [(1, 0, "record-id")]


def test_later_submission_wins_even_when_it_comes_first():
    df = frame({"RecordID": "UOF-2", "SubmittedAt": "2020-04-02T09:00:00"}, {})
    assert removed(df) == [(1, 0, "officer-incident-subject")]


def test_repeated_record_id_later_submission_wins():
    df = frame({}, {"SubmittedAt": "2020-04-03T09:00:00", "Borough": "Brent"})
    assert removed(df) == [(0, 1, "record-id")]


def test_tie_and_unreadable_timestamp_keep_the_first():
    assert removed(frame({"RecordID": "UOF-2"}, {"RecordID": "UOF-3"})) == [
        (1, 0, "officer-incident-subject")
    ]
    df = frame({"SubmittedAt": "yesterday"}, {"SubmittedAt": "2020-04-03T09:00:00"})
    assert removed(df) == [(1, 0, "record-id")]


def test_subject_compared_normalised():
    df = frame(
        {},
        {
            "RecordID": "UOF-2",
            "SubjectName": "  JO   BLOGGS ",
            "SubjectDOB": "01/01/1990",
            "SubmittedAt": "2020-04-01T11:00:00",
        },
    )
    assert removed(df) == [(0, 1, "officer-incident-subject")]


@pytest.mark.parametrize(
    "other",
    [
        {"RecordID": "UOF-2", "OfficerID": "200CD"},  # another officer at the same incident
        {"RecordID": "UOF-2", "SubjectName": "Sam Smith"},  # same officer, second subject
        {
            "RecordID": "UOF-2",
            "IncidentRef": "CAD 9/09APR20",
        },  # same officer+subject, other incident
        {"RecordID": "UOF-2", "SubjectDOB": "1991-05-05"},  # same name, different person
    ],
)
def test_traps_are_never_removed(other):
    assert removed(frame({}, other)) == []


def test_blank_subject_never_matches():
    df = frame(
        {"SubjectName": "", "SubjectDOB": ""},
        {"RecordID": "UOF-2", "SubjectName": "", "SubjectDOB": ""},
    )
    assert removed(df) == []
    assert find_duplicates(df).suspects.height == 1  # but a person should look


def test_blank_record_ids_never_match_each_other():
    """Forms missing their RecordID are different forms (other officers, other subjects)."""
    df = frame(
        {"RecordID": ""},
        {"RecordID": " ", "OfficerID": "200CD"},
        {"RecordID": "", "SubjectName": "Sam Other"},
    )
    assert removed(df) == []


def test_chains_resolve_to_one_survivor():
    df = frame(
        {},
        {"RecordID": "UOF-2", "SubmittedAt": "2020-04-02T10:00:00"},  # resubmission of UOF-1
        {"RecordID": "uof-2", "SubmittedAt": "2020-04-02T10:00:00"},  # re-export of UOF-2
    )
    result = find_duplicates(df)
    assert result.keep.to_list() == [False, True, False]
    assert sorted(result.removed["duplicate_of"].to_list()) == [1, 1]


def test_matches_synth_ground_truth_exactly():
    table = read_table(FIXTURES / "small.csv")
    truth = json.loads((FIXTURES / "small.truth.json").read_text())
    result = find_duplicates(table.frame)
    got = {(a + 1, b + 1) for a, b, _ in result.removed.iter_rows()}
    assert got == {(d["record"], d["duplicate_of"]) for d in truth["duplicates"]}
    removed_rows = {a for a, _ in got}
    assert not removed_rows & {t["record"] for t in truth["traps"]}


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", "dedupe", *args], capture_output=True, text=True
    )


def test_cli_writes_rows_exactly_and_counts_add_up(tmp_path):
    src = FIXTURES / "small.csv"
    out, rem, rep = tmp_path / "out.csv", tmp_path / "removed.csv", tmp_path / "r.json"
    proc = run(str(src), "-o", str(out), "--removed", str(rem), "--report", str(rep))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(rep.read_text())
    assert report["rows_in"] == report["rows_out"] + report["rows_removed"] == 200
    assert report["rows_removed"] == sum(report["removed_by_rule"].values()) > 0
    original = read_table(src).frame
    kept = read_table(out).frame
    gone = read_table(rem).frame
    assert kept.height == report["rows_out"] and gone.height == report["rows_removed"]
    truth = json.loads((FIXTURES / "small.truth.json").read_text())
    removed_idx = sorted(d["record"] - 1 for d in truth["duplicates"])
    expected = original.with_row_index("i").filter(~pl.col("i").is_in(removed_idx)).drop("i")
    assert kept.equals(expected)  # exactly as they came, in input order
    assert {"DuplicateOfRecordID", "DuplicateRule"} <= set(gone.columns)
    assert "Justification" not in proc.stderr and "SubjectName" not in proc.stderr


def test_cli_refuses_ragged_rows_and_missing_columns(tmp_path):
    ragged = tmp_path / "ragged.csv"
    header, body = (FIXTURES / "clean.csv").read_text().split("\n", 1)
    ragged.write_text(header + "\na,b\r\n" + body)  # right after the header: a record boundary
    proc = run(str(ragged), "-o", str(tmp_path / "o.csv"))
    assert proc.returncode == 2 and "ragged" in proc.stderr and proc.stderr.count("\n") == 1
    assert ":2:" in proc.stderr  # names the physical line
    assert not (tmp_path / "o.csv").exists()
    thin = tmp_path / "thin.csv"
    thin.write_text("RecordID,Borough\nUOF-1,Camden\n")
    proc = run(str(thin), "-o", str(tmp_path / "o.csv"))
    assert proc.returncode == 2 and "missing required column" in proc.stderr


def test_cli_never_overwrites_its_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_bytes((FIXTURES / "clean.csv").read_bytes())
    proc = run(str(src), "-o", str(src))
    assert proc.returncode == 2
    assert src.read_bytes() == (FIXTURES / "clean.csv").read_bytes()
