"""`uofclean validate`: every rule, every format, hostile inputs, masking."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import polars as pl
import pytest

from uofclean.io import read_table
from uofclean.validate import validate_table
from uofclean.validate.period import parse_period

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def good() -> pl.DataFrame:
    """Three rows of the clean synth sample, one of them with a Taser fired if any."""
    frame = read_table(FIXTURES / "clean.csv").frame
    fired = frame.filter(pl.col("CED Fired") == "Yes").head(1)
    return pl.concat([frame.head(3 - fired.height), fired])


def check(tmp_path: Path, frame: pl.DataFrame, *args: str) -> tuple[int, dict]:
    path = tmp_path / "x.csv"
    frame.write_csv(path)
    proc = subprocess.run(
        [sys.executable, "-m", "uofclean", "validate", str(path), "--format", "json", *args],
        capture_output=True,
        text=True,
    )
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def with_cell(frame: pl.DataFrame, row: int, column: str, value: str) -> pl.DataFrame:
    return frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row)
        .then(pl.lit(value))
        .otherwise(pl.col(column))
        .alias(column)
    )


def findings(report: dict, key: str = "errors") -> set[tuple]:
    return {(f["row"], f["column"], f["check"]) for f in report[key]}


def test_clean_sample_is_valid(good, tmp_path):
    code, report = check(tmp_path, good)
    assert code == 0 and report["valid"] and report["rows"] == good.height
    assert report["errors"] == []


@pytest.mark.parametrize(
    ("column", "value", "rule"),
    [
        ("Borough", "Camdn", "vocabulary"),
        ("SubjectAge", "18 - 34", "vocabulary"),
        ("Outcome: Arrested", "Y", "vocabulary"),
        ("Borough", "Camden ", "whitespace"),
        ("IncidentDate", "2020-02-30", "date"),
        ("IncidentDate", "01/04/2020", "date"),
        ("IncidentTime", "25:61:00", "time"),
        ("SubmittedAt", "2020-13-01T10:00:00", "datetime"),
        ("OfficerID", "", "required"),
        ("SubjectDOB", "1990-02-31", "date"),
    ],
)
def test_each_cell_rule(good, tmp_path, column, value, rule):
    code, report = check(tmp_path, with_cell(good, 1, column, value))
    assert code == 1
    assert (2, column, rule) in findings(report)
    assert len(report["errors"]) == 1  # one finding per broken rule per row


def test_count_and_ced_rules(good, tmp_path):
    fired = good.height - 1
    bad = with_cell(good, fired, "CED Fired Total Number Of Cycles", "two")
    assert (fired + 1, "CED Fired Total Number Of Cycles", "count") in findings(
        check(tmp_path, bad)[1]
    )
    no_ced = next(
        i
        for i, t in enumerate(good["Tactic 1"])
        if not t.startswith("CED")
        and not any(
            (good[c][i] or "").startswith("CED") for c in [f"Tactic {n}" for n in range(1, 21)]
        )
    )
    bad = with_cell(good, no_ced, "CED2 Drawn", "No")
    assert findings(check(tmp_path, bad)[1]) == {(no_ced + 1, "CED2 Drawn", "ced-without-tactic")}


def test_tactic_rules(good, tmp_path):
    row = 0
    n = sum(1 for c in [f"Tactic {k}" for k in range(1, 21)] if good[c][row])
    gap = with_cell(with_cell(good, row, "Tactic 3", "Baton Drawn"), row, "Tactic 2", "")
    gap = with_cell(gap, row, "Effective 2", "")
    if n < 2:
        gap = with_cell(gap, row, "Effective 3", "")
    got = findings(check(tmp_path, gap)[1])
    assert (1, "Tactic 2", "tactic-gap") in got
    eff = with_cell(good, row, f"Effective {n + 1}", "Yes")
    assert findings(check(tmp_path, eff)[1]) == {
        (1, f"Effective {n + 1}", "effective-without-tactic")
    }


def test_duplicate_record_id_and_period(good, tmp_path):
    dup = with_cell(good, 2, "RecordID", good["RecordID"][0])
    assert (3, "RecordID", "duplicate-record-id") in findings(check(tmp_path, dup)[1])
    early = with_cell(good, 0, "IncidentDate", "2019-01-01")
    code, report = check(tmp_path, early, "--period", "2020-04-01:2021-03-31")
    assert code == 1 and (1, "IncidentDate", "period") in findings(report)
    assert check(tmp_path, early)[0] == 0  # without --period the date is fine


def test_warnings_do_not_fail_the_gate(good, tmp_path):
    frame = with_cell(good, 0, "MainDuty", "Marine Policing")
    frame = with_cell(frame, 1, "Borough", "City of Westminster")
    frame = frame.rename(
        {"Impact Factor: Possesion of a weapon": "Impact Factor: Possession of a weapon"}
    )
    frame = frame.with_columns(pl.lit("x").alias("Extra"))
    code, report = check(tmp_path, frame)
    assert code == 0
    assert {f["check"] for f in report["warnings"]} == {
        "main-duty",
        "borough-variant",
        "column-spelling",
        "unexpected-column",
    }


def test_missing_column_and_ragged_rows_are_findings(good, tmp_path):
    code, report = check(tmp_path, good.drop("Borough"))
    assert code == 1 and (None, "Borough", "missing-column") in findings(report)
    path = tmp_path / "ragged.csv"
    good.write_csv(path)
    lines = path.read_text().splitlines(keepends=True)
    lines.insert(2, "only,three,fields\n")
    path.write_text("".join(lines))
    report = validate_table(read_table(path))
    ragged = [f for f in report.errors if f.check == "ragged-row"]
    assert [(f.row, f.line) for f in ragged] == [(2, 3)]
    assert report.rows == good.height + 1  # the other rows were still checked


def test_every_format_parses_and_masks(good, tmp_path):
    frame = with_cell(good, 0, "Borough", "Camdn")
    frame = with_cell(frame, 1, "RecordID", frame["RecordID"][0])
    path = tmp_path / "x.csv"
    frame.write_csv(path)
    secret = frame["RecordID"][0]
    outputs = {}
    for fmt in ("text", "json", "junit", "markdown", "github"):
        proc = subprocess.run(
            [sys.executable, "-m", "uofclean", "validate", str(path), "--format", fmt],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 1
        assert secret not in proc.stdout + proc.stderr
        outputs[fmt] = proc.stdout
    assert json.loads(outputs["json"])["valid"] is False
    suite = ET.fromstring(outputs["junit"].split("?>", 1)[1])
    assert {c.get("name") for c in suite.iter("testcase")} == {"vocabulary", "duplicate-record-id"}
    assert "::error file=" in outputs["github"] and "line=2" in outputs["github"]
    assert "| error | `vocabulary` | 1 |" in outputs["markdown"]
    assert "Camdn" in outputs["text"]  # a vocabulary value is safe to show


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary", "NUL"),
        (b'a,b\n"unterminated,1\n', "unterminated"),
        (b"a,b\n\x81\x8d,1\n", "decode"),
    ],
)
def test_hostile_files_are_one_line_errors(tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "uofclean", "validate", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert message in proc.stderr and proc.stderr.count("\n") == 1
    assert "Traceback" not in proc.stderr


def test_huge_field_and_cp1252(good, tmp_path):
    big = with_cell(good, 0, "Justification", "word " * 1_000_000)  # 5 MB narrative
    code, report = check(tmp_path, big)
    assert code == 0, report["errors"][:3]
    table = read_table(FIXTURES / "small-cp1252.csv")
    assert table.encoding == "cp1252" and validate_table(table).rows == 60


def test_published_schema_accepts_suppressed_and_pseudonyms(good, tmp_path):
    from uofclean.schema.columns import PUBLISHED_COLUMNS

    release = good.select(PUBLISHED_COLUMNS).with_columns(
        pl.lit("Suppressed").alias("SubjectEthnicity"),
        pl.lit("[PERSON] was detained").alias("Justification"),
        pl.lit("0123456789abcdef").alias("IncidentKey"),
    )
    release = with_cell(release, good.height - 1, "CED Device Serial No", "fedcba9876543210")
    code, report = check(tmp_path, release, "--schema", "published")
    assert code == 0, report["errors"][:3]
    swapped = release.select(["IncidentTime", "IncidentDate", *release.columns[2:]])
    code, report = check(tmp_path, swapped, "--schema", "published")
    assert code == 1 and "column-order" in {f["check"] for f in report["errors"]}


def test_published_schema_accepts_the_mets_layout_and_a_release_without_justification(
    tmp_path,
):
    from uofclean.schema.columns import PUBLISHED_COLUMNS

    clean = read_table(FIXTURES / "clean.csv").frame
    met = clean.select(PUBLISHED_COLUMNS)  # exactly the 271 columns, as the Met publishes them
    code, report = check(tmp_path, met, "--schema", "published")
    assert code == 0, report["errors"][:3]
    assert report["warnings"] == []
    keyed = met.with_columns(pl.lit("0123456789abcdef").alias("IncidentKey"))
    code, report = check(tmp_path, keyed, "--schema", "published")  # a profile without it
    assert code == 0, report["errors"][:3]
    # the release's own columns are checked when present: a key that is no pseudonym, the
    # key before Justification
    bad = with_cell(keyed, 1, "IncidentKey", "CAD 4521/01APR20")
    code, report = check(tmp_path, bad, "--schema", "published")
    assert code == 1 and findings(report) == {(2, "IncidentKey", "pseudonym")}
    assert report["errors"][0]["value"] is None  # an incident reference is never shown
    order = keyed.with_columns(pl.lit("text").alias("Justification"))
    code, report = check(tmp_path, order, "--schema", "published")
    assert code == 1 and {f["check"] for f in report["errors"]} == {"column-order"}
    # one column short of the layout is still a missing column
    code, report = check(tmp_path, met.drop("Borough"), "--schema", "published")
    assert code == 1 and findings(report) == {(None, "Borough", "missing-column")}


def test_a_release_validated_as_an_extract_is_one_line(tmp_path):
    from uofclean.schema.columns import PUBLISHED_COLUMNS

    path = tmp_path / "release.csv"
    read_table(FIXTURES / "clean.csv").frame.select(PUBLISHED_COLUMNS).write_csv(path)
    proc = subprocess.run(
        [sys.executable, "-m", "uofclean", "validate", str(path)], capture_output=True, text=True
    )
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "published layout" in lines[0] and "--schema published" in lines[0]


def test_matches_synth_injected_errors_exactly():
    table = read_table(FIXTURES / "small.csv")
    truth = json.loads((FIXTURES / "small.truth.json").read_text())
    report = validate_table(table, period=parse_period(":".join(truth["period"])))
    # A reused RecordID is reported on the later of the two rows, wherever it was injected.
    expected = {
        (e["record"], e["check"]) for e in truth["errors"] if e["check"] != "duplicate-record-id"
    }
    expected |= {
        (max(d["record"], d["duplicate_of"]), "duplicate-record-id")
        for d in truth["duplicates"]
        if d["rule"] == "record-id"
    }
    assert {(f.row, f.check) for f in report.errors} == expected


def test_categories_and_text_give_the_same_findings(good, tmp_path):
    """Vocabulary columns read as categories (the default) and as text must report alike."""
    frame = with_cell(good, 0, "MainDuty", " Marine Policing")
    frame = with_cell(frame, 1, "Borough", "City of Westminster ")
    frame = with_cell(frame, 2, "Tactic 2", " ")
    frame = with_cell(frame, 0, "Tactic 1", "CED (Taser) Fired ")
    frame = with_cell(frame, 1, "Outcome: Arrested", "Y")
    frame = with_cell(frame, 2, "CED Fired", " Yes")
    frame = with_cell(frame, 0, "OfficerID", " ")
    path = tmp_path / "x.csv"
    frame.write_csv(path)
    compact = read_table(path)
    assert pl.Categorical in compact.compact_frame.dtypes
    text = read_table(path, compact=False)
    assert pl.Categorical not in text.compact_frame.dtypes
    for schema in ("extract", "published"):
        a, b = validate_table(compact, schema), validate_table(text, schema)
        assert a.to_dict() == b.to_dict()
        assert a.errors and a.warnings
    assert compact.frame.equals(text.frame)  # the text, on first use


def test_pandera_and_the_polars_screen_agree_on_every_checked_column():
    """The screen only picks cells to show pandera; both come from one definition and must
    agree cell for cell, or findings would be lost (screen too strict) or pandera asked for
    nothing (screen too loose)."""
    from uofclean.schema.checks import value_ok
    from uofclean.schema.columns import column_specs
    from uofclean.schema.pandera_schemas import failing_cells

    frame = read_table(FIXTURES / "small.csv", compact=False).frame
    checked = 0
    for spec in column_specs("extract"):
        if spec.name not in frame.columns:
            continue
        values = frame[spec.name].fill_null("").str.strip_chars()
        expr = value_ok(spec, "extract", pl.col(spec.name))
        if expr is None:
            continue
        screen = values.to_frame().select(~expr).to_series().arg_true().to_list()
        assert failing_cells("extract", values.to_frame()).get(spec.name, []) == screen, spec.name
        checked += 1
    assert checked > 100


def test_validate_does_not_import_pandas():
    """pandas is only the benchmark's baseline; pandera must not drag it (0.6 s) into a run."""
    code = (
        "import sys\n"
        "from uofclean.io import read_table\n"
        "from uofclean.validate import validate_table\n"
        f"report = validate_table(read_table({str(FIXTURES / 'small.csv')!r}))\n"
        "print(len(report.errors) > 0, 'pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["True", "False"], out.stderr


def test_full_pandera_schemas_accept_clean_data_and_reject_a_bad_value():
    """The schemas data teams can import (schema_for) agree with the gate on real files."""
    from uofclean.schema.pandera_schemas import pa, pandas_hidden, schema_for

    frame = read_table(FIXTURES / "clean.csv", compact=False).frame
    with pandas_hidden():
        schema_for("extract").validate(frame, lazy=True)
        bad = frame.with_columns(pl.lit("Maybe").alias("Borough"))
        with pytest.raises(pa.errors.SchemaErrors) as caught:
            schema_for("extract").validate(bad, lazy=True)
    assert set(caught.value.failure_cases["column"].to_list()) == {"Borough"}
