"""`uofclean publish`: disclosure control, profiles, the data package, gates, end to end."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from uofclean.errors import ProfileError
from uofclean.io import read_table
from uofclean.publish.disclosure import apply_disclosure
from uofclean.publish.profile import load_profile
from uofclean.schema.columns import PUBLISHED_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
KEY = str(FIXTURES / "demo.key")
QIS = ["Borough", "SubjectAge", "SubjectGender", "SubjectEthnicity"]
ORDER = ["SubjectEthnicity", "SubjectAge", "SubjectGender", "Borough"]


def rows(spec: list[tuple[str, str, str, str, str]]) -> pl.DataFrame:
    return pl.DataFrame(spec, schema=["IncidentKey", *QIS], orient="row")


def disclose(frame: pl.DataFrame, k: int = 2, suppressible=ORDER):
    return apply_disclosure(
        frame,
        incident="IncidentKey",
        k=k,
        quasi_identifiers=QIS,
        order=ORDER,
        suppressible=list(suppressible),
    )


def test_k_counts_incidents_not_officer_rows():
    # One incident with three officers' rows is one incident, below k = 2.
    frame = rows(
        [("a", "Camden", "18-34", "Male", "White")] * 3
        + [
            ("b", "Camden", "18-34", "Male", "Black (or Black British)"),
            ("c", "Camden", "18-34", "Male", "Black (or Black British)"),
        ]
    )
    result = disclose(frame)
    assert result.ok
    assert result.frame["SubjectEthnicity"].to_list()[:3] == ["Suppressed"] * 3
    assert result.frame["SubjectEthnicity"].to_list()[3:] == ["Black (or Black British)"] * 2
    assert result.suppressed == {
        "Borough": 0,
        "SubjectAge": 0,
        "SubjectGender": 0,
        "SubjectEthnicity": 3,
    }


def test_safe_data_is_untouched_and_blank_is_not_stated():
    frame = rows(
        [
            ("a", "Camden", "18-34", "Male", "White"),
            ("b", "Camden", "18-34", "Male", "White"),
            ("c", "Brent", "50-64", "Female", ""),
        ]
    )
    result = disclose(frame)
    assert result.ok and result.frame.equals(frame)


def test_order_moves_on_when_a_column_cannot_help_and_gate_fails_when_forbidden():
    frame = rows(
        [("a", "Camden", "18-34", "Male", "White"), ("b", "Brent", "18-34", "Male", "White")]
    )
    result = disclose(frame, suppressible=["SubjectAge"])
    assert result.ok and result.frame["SubjectAge"].to_list() == ["Suppressed", "Suppressed"]
    assert disclose(frame, suppressible=[]).ok is False


def test_rows_of_an_incident_are_suppressed_alike():
    frame = rows(
        [
            ("a", "Camden", "18-34", "Male", "White"),
            ("a", "Camden", "18-34", "Male", "Mixed"),
            ("b", "Camden", "18-34", "Male", "White"),
        ]
    )
    result = disclose(frame)
    assert result.ok
    eth = result.frame.filter(pl.col("IncidentKey") == "a")["SubjectEthnicity"].to_list()
    assert eth == ["Suppressed", "Suppressed"]


def test_profiles_parse_and_refuse_mistakes(tmp_path):
    default = load_profile()
    assert default.released_columns() == [*PUBLISHED_COLUMNS, "Justification", "IncidentKey"]
    assert default.actions["CED Device Serial No"] == "pseudonymise" and default.k == 5
    bad = tmp_path / "bad.toml"
    for text in (
        "[columns\n",
        '[columns]\nNope = "keep"\n',
        '[columns]\nBorough = "shred"\n',
        '[disclosure]\nsuppressible = ["Tactic 1"]\nquasi_identifiers = ["Borough"]\n',
    ):
        bad.write_text(text)
        with pytest.raises(ProfileError):
            load_profile(bad)


def publish(src: Path, out: Path, *args: str, env: dict | None = None):
    return subprocess.run(
        [sys.executable, "-m", "uofclean", "publish", str(src), "-o", str(out), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="module")
def released(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("release")
    proc = publish(FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2")
    assert proc.returncode == 0, proc.stderr
    return out


def test_release_folder_and_columns(released):
    assert sorted(p.name for p in released.iterdir()) == [
        "datapackage.json",
        "release.csv",
        "report.html",
        "report.json",
    ]
    release = read_table(released / "release.csv").frame
    assert release.columns == [*PUBLISHED_COLUMNS, "Justification", "IncidentKey"]
    from uofclean.schema.pandera_schemas import pandas_hidden, schema_for

    with pandas_hidden():  # the published pandera schema holds for what publish wrote
        schema_for("published").validate(release, lazy=True)
    source = read_table(FIXTURES / "clean.csv").frame
    assert release.height == source.height  # no duplicates in this sample
    assert release["IncidentKey"].n_unique() == source["IncidentRef"].n_unique()
    report = json.loads((released / "report.json").read_text())
    assert (
        report["released"]
        and report["input"]["rows"]
        == report["rows_out"] + report["steps"]["dedupe"]["rows_removed"]
    )


def test_report_names_the_release_it_describes(released):
    import hashlib

    report = json.loads((released / "report.json").read_text())
    digest = hashlib.sha256((released / "release.csv").read_bytes()).hexdigest()
    assert report["release"] == {
        "file": "release.csv",
        "rows": report["rows_out"],
        "sha256": digest,
    }
    page = (released / "report.html").read_text()
    assert digest in page and "name='viewport'" in page
    assert "viewBox=" in page and "width='640'" not in page  # charts shrink, not cut off


def test_release_passes_validation_and_frictionless(released):
    import frictionless

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "validate",
            str(released / "release.csv"),
            "--schema",
            "published",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout
    assert frictionless.validate(str(released / "datapackage.json")).valid


def test_no_personal_values_in_release_or_reports(released):
    source = read_table(FIXTURES / "clean.csv").frame
    blobs = [(released / n).read_text() for n in ("report.json", "report.html", "release.csv")]
    for column in ("SubjectName", "OfficerName", "RecordID", "IncidentRef", "OfficerID"):
        values = [v for v in source[column].to_list() if v and len(v) > 3]
        for blob in blobs:
            assert not any(v in blob for v in values), column
    serials = [s for s in source["CED Device Serial No"].to_list() if s]
    assert serials and not any(s in blobs[2] for s in serials)


def test_a_release_without_justification_passes_the_published_schema(tmp_path):
    from uofclean.publish.profile import default_profile_text

    profile = tmp_path / "nojust.toml"
    profile.write_text(
        default_profile_text().replace('Justification = "redact"', 'Justification = "drop"')
    )
    out = tmp_path / "out"
    proc = publish(
        FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2", "--profile", str(profile)
    )
    assert proc.returncode == 0, proc.stderr
    assert read_table(out / "release.csv").frame.columns == [*PUBLISHED_COLUMNS, "IncidentKey"]
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "validate",
            str(out / "release.csv"),
            "--schema",
            "published",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout


def test_incident_key_is_keyed(released, tmp_path):
    other_key = tmp_path / "k2"
    other_key.write_text("another-secret-key-of-sufficient-length")
    again, other = tmp_path / "again", tmp_path / "other"
    assert publish(FIXTURES / "clean.csv", again, "--key-file", KEY, "--k", "2").returncode == 0
    assert (
        publish(FIXTURES / "clean.csv", other, "--key-file", str(other_key), "--k", "2").returncode
        == 0
    )
    first = read_table(released / "release.csv").frame["IncidentKey"]
    assert read_table(again / "release.csv").frame["IncidentKey"].equals(first)
    assert not read_table(other / "release.csv").frame["IncidentKey"].equals(first)


def test_failed_gate_writes_reports_only(tmp_path):
    out = tmp_path / "out"
    proc = publish(FIXTURES / "small.csv", out, "--key-file", KEY, "--k", "2")
    assert proc.returncode == 1 and "validation" in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json"]
    report = json.loads((out / "report.json").read_text())
    assert not report["released"] and report["steps"]["validate"]["counts"] == {"date": 1}
    # the removed duplicates were not counted as validation failures
    assert report["steps"]["dedupe"]["rows_removed"] > 0


def test_failed_publish_removes_an_earlier_release(tmp_path):
    out = tmp_path / "out"
    good = publish(FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2")
    assert good.returncode == 0, good.stderr
    assert (out / "release.csv").is_file() and (out / "datapackage.json").is_file()
    bad = publish(FIXTURES / "small.csv", out, "--key-file", KEY, "--k", "2")
    assert bad.returncode == 1 and "removed the earlier release.csv" in bad.stderr
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json"]
    report = json.loads((out / "report.json").read_text())
    assert report["previous_release_removed"] == ["release.csv", "datapackage.json"]
    assert "previously in this folder" in (out / "report.html").read_text()
    # nothing is left beside OUTDIR either: the staging and set-aside folders are gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    again = publish(FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2")
    assert again.returncode == 0 and (out / "release.csv").is_file()
    assert "previous_release_removed" not in json.loads((out / "report.json").read_text())


def test_a_folder_of_other_files_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    proc = publish(FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2")
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "did not write ('notes.txt')" in lines[0]
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    afile = tmp_path / "file"
    afile.write_text("x")
    proc = publish(FIXTURES / "clean.csv", afile, "--key-file", KEY, "--k", "2")
    assert proc.returncode == 2 and "not a folder" in proc.stderr


def test_key_is_required_and_never_an_option(tmp_path):
    proc = publish(FIXTURES / "clean.csv", tmp_path / "o", env={"UOFCLEAN_KEY": ""})
    assert proc.returncode == 2 and "UOFCLEAN_KEY" in proc.stderr
    assert not (tmp_path / "o").exists()


def test_profile_command_prints_a_loadable_profile(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "uofclean", "profile"], capture_output=True, text=True
    )
    assert proc.returncode == 0 and "[disclosure]" in proc.stdout
    path = tmp_path / "p.toml"
    path.write_text(proc.stdout)
    assert load_profile(path).k == 5


@pytest.mark.parametrize("operator", ["replace", "mask", "hash", "fake"])
def test_clean_extract_publishes_with_every_operator(tmp_path, operator):
    """Redaction and the release scan agree: what redaction wrote (markers, hashes, Faker
    surrogates) is never taken for personal data, and what a second look finds is redacted."""
    profile = tmp_path / "p.toml"
    text = subprocess.run(
        [sys.executable, "-m", "uofclean", "profile"], capture_output=True, text=True, check=True
    ).stdout
    profile.write_text(re.sub(r'(?m)^operator = "\w+"', f'operator = "{operator}"', text))
    out = tmp_path / "out"
    proc = publish(
        FIXTURES / "clean.csv", out, "--key-file", KEY, "--profile", str(profile), "--k", "2"
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["steps"]["scan"]["findings"] == 0
    assert (out / "release.csv").exists()
