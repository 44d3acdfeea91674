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
    assert report["input"]["sha256"] in page
    # charts are HTML that wraps (not a picture cut off on a phone), labelled with what they count
    assert "<svg" not in page and "Forms (officer rows, not incidents)" in page
    # nothing is loaded: no source or link attribute, and a policy that forbids it
    assert "default-src 'none'" in page and " src=" not in page and "href=" not in page


def test_report_is_a_publication_note(released):
    report = json.loads((released / "report.json").read_text())
    page = (released / "report.html").read_text()
    for said in ("Publication note", "Reporting period", "Glossary", "Residual risk"):
        assert said in page, said
    disclosure = report["steps"]["disclosure"]
    assert disclosure["incidents"] == report["steps"]["disclosure"]["unique"][0]["incidents"]
    levels = [lv["columns"] for lv in disclosure["unique"]]
    assert levels[0] == QIS and "IncidentDate" in levels[1] and "IncidentTime" in levels[2]
    # the date and time single incidents out that the quasi-identifiers alone do not
    assert disclosure["unique"][2]["unique"] >= disclosure["unique"][0]["unique"]
    before_after = disclosure["by_category"]["SubjectEthnicity"]
    assert (
        sum(b - a for b, a in before_after.values() if b >= a)
        >= disclosure["suppressed"]["SubjectEthnicity"]
    )
    assert report["period"]["start"] <= report["period"]["end"] and not report["period"]["stated"]
    assert report["created"][:2] == "20"


def test_a_failed_note_lists_records_and_lines_never_values(tmp_path):
    out = tmp_path / "out"
    proc = publish(FIXTURES / "small.csv", out, "--key-file", KEY, "--k", "2", "--no-ner")
    assert proc.returncode == 1
    report = json.loads((out / "report.json").read_text())
    (where,) = report["steps"]["validate"]["findings"]
    assert where["check"] == "date" and where["record"] and where["line"] >= where["record"] + 1
    page = (out / "report.html").read_text()
    assert "Why there is no release" in page and f"<span>{where['line']:,}</span>" in page


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


def _operator_profile(tmp_path: Path, operator: str) -> Path:
    """The default profile, as `uofclean profile` prints it, with another operator."""
    profile = tmp_path / "p.toml"
    text = subprocess.run(
        [sys.executable, "-m", "uofclean", "profile"], capture_output=True, text=True, check=True
    ).stdout
    profile.write_text(re.sub(r'(?m)^operator = "\w+"', f'operator = "{operator}"', text))
    return profile


@pytest.mark.parametrize("operator", ["replace", "mask", "hash", "fake"])
def test_clean_extract_publishes_with_every_operator(tmp_path, operator):
    """Redaction and the release scan agree: what redaction wrote (markers, hashes, Faker
    surrogates) is never taken for personal data, and what a second look finds is redacted."""
    profile = _operator_profile(tmp_path, operator)
    out = tmp_path / "out"
    proc = publish(
        FIXTURES / "clean.csv", out, "--key-file", KEY, "--profile", str(profile), "--k", "2"
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "report.json").read_text())
    assert report["steps"]["scan"]["findings"] == 0
    assert (out / "release.csv").exists()


def _released(out: Path) -> tuple[dict, pl.DataFrame | None]:
    report = json.loads((out / "report.json").read_text())
    release = out / "release.csv"
    return report, read_table(release).frame if release.is_file() else None


def test_a_partial_profile_is_laid_over_the_defaults(tmp_path):
    # issue 12 item 2: a profile of only `k = 10` switched suppression, the Taser serial's
    # pseudonym and Justification off
    profile = tmp_path / "k10.toml"
    profile.write_text("[disclosure]\nk = 10\n")
    mine, default = tmp_path / "mine", tmp_path / "default"
    args = ("--key-file", KEY, "--no-ner", "-j", "1")
    done = publish(FIXTURES / "clean.csv", mine, *args, "--profile", str(profile))
    assert done.returncode == 0, done.stderr
    assert publish(FIXTURES / "clean.csv", default, *args, "--k", "10").returncode == 0
    report, release = _released(mine)
    assert release is not None and report["settings"]["profile"]["k"] == 10
    assert report["steps"]["disclosure"] == _released(default)[0]["steps"]["disclosure"]
    assert sum(report["steps"]["disclosure"]["suppressed"].values()) > 0
    assert release.columns == [*PUBLISHED_COLUMNS, "Justification", "IncidentKey"]
    serials = {s for s in read_table(FIXTURES / "clean.csv").frame["CED Device Serial No"] if s}
    assert serials and not serials & set(release["CED Device Serial No"])
    assert report["steps"]["release_check"]["errors"] == 0


@pytest.mark.parametrize(
    "text, said",
    [
        ("[disclosure]\nkk = 10\n", "unknown key 'kk' in [disclosure]"),
        ('[disclosure]\nk = "five"\n', "k must be a whole number"),
        ("[disclosur]\nk = 10\n", "unknown section [disclosur]"),
        ("k = 10\n", "it belongs in [disclosure]"),
        ('[release]\nperiod = "2020"\n', "START:END"),
    ],
)
def test_an_unknown_or_mistyped_profile_key_is_one_line(tmp_path, text, said):
    profile = tmp_path / "p.toml"
    profile.write_text(text)
    done = publish(
        FIXTURES / "clean.csv", tmp_path / "o", "--key-file", KEY, "--profile", str(profile)
    )
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1 and said in lines[0], done.stderr
    assert not (tmp_path / "o").exists()


def test_publish_checks_its_own_release_against_the_published_schema(tmp_path):
    # an hour in IncidentDate is no date: the release would fail validate --schema published
    profile = tmp_path / "p.toml"
    profile.write_text('[columns]\nIncidentDate = "hour"\n')
    out = tmp_path / "o"
    done = publish(
        FIXTURES / "clean.csv",
        out,
        "--key-file",
        KEY,
        "--no-ner",
        "-j",
        "1",
        "--k",
        "2",
        "--profile",
        str(profile),
    )
    assert done.returncode == 1 and "release check" in done.stderr, done.stderr
    report, release = _released(out)
    assert release is None and report["steps"]["release_check"]["counts"] == {"date": 120}
    first = report["steps"]["release_check"]["findings"][0]
    assert first == {"record": 1, "line": 2, "column": "IncidentDate", "check": "date"}
    # a change the profile makes on purpose (a month for a date) is not a break
    profile.write_text('[columns]\nIncidentDate = "month"\n')
    done = publish(
        FIXTURES / "clean.csv",
        out,
        "--key-file",
        KEY,
        "--no-ner",
        "-j",
        "1",
        "--k",
        "2",
        "--profile",
        str(profile),
    )
    assert done.returncode == 0, done.stderr
    report, release = _released(out)
    assert report["steps"]["release_check"]["differs_on_purpose"] == ["IncidentDate"]
    assert release is not None and release["IncidentDate"][0][:4].isdigit()


def test_the_profile_period_is_checked(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text('[release]\nperiod = "2030-01-01:2030-12-31"\n')
    done = publish(
        FIXTURES / "clean.csv",
        tmp_path / "o",
        "--key-file",
        KEY,
        "--no-ner",
        "-j",
        "1",
        "--k",
        "2",
        "--profile",
        str(profile),
    )
    assert done.returncode == 1 and "period" in done.stderr, done.stderr


def _edited(tmp_path: Path, column: str, value: str, rows: range) -> Path:
    """clean.csv with `column` set to `value` in the given records (1-based)."""
    import csv

    with (FIXTURES / "clean.csv").open(newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    at = table[0].index(column)
    for r in rows:
        table[r][at] = value
    path = tmp_path / f"{column}.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(table)
    return path


def test_a_name_and_phone_in_main_duty_never_reach_the_release(tmp_path):
    # issue 12 item 1: validate only warns (main-duty) and the scan read Justification alone
    src = _edited(tmp_path, "MainDuty", "PC Dave HOLLOWAY 07700 900123", range(1, 11))
    out = tmp_path / "o"
    done = publish(src, out, "--key-file", KEY, "--k", "2", "--no-ner", "-j", "1")
    assert done.returncode == 0, done.stderr
    text = (out / "release.csv").read_text()
    assert "07700" not in text and "HOLLOWAY" not in text
    report, release = _released(out)
    assert release is not None and release["MainDuty"].to_list()[:10] == ["Suppressed"] * 10
    assert report["steps"]["vocabulary"]["suppressed"] == {"MainDuty": 10}
    assert "MainDuty" in report["steps"]["scan"]["columns"]
    for name in ("report.json", "report.html"):
        assert "HOLLOWAY" not in (out / name).read_text()


def test_a_variant_is_released_as_its_published_value(tmp_path):
    src = _edited(tmp_path, "Borough", "City of Westminster", range(1, 4))
    out = tmp_path / "o"
    done = publish(src, out, "--key-file", KEY, "--k", "1", "--no-ner", "-j", "1")
    assert done.returncode == 0, done.stderr
    report, release = _released(out)
    assert release is not None and release["Borough"].to_list()[:3] == ["Westminster"] * 3
    assert report["steps"]["vocabulary"]["variants_made_published"] == {"Borough": 3}


def test_every_released_column_of_free_values_is_scanned(tmp_path):
    # a profile releasing an internal column unredacted: the scan is the gate for it
    src = _edited(tmp_path, "InjuryDetails", "graze; mum on 07700 900123", range(5, 6))
    profile = tmp_path / "p.toml"
    profile.write_text('[columns]\nInjuryDetails = "keep"\n')
    out = tmp_path / "o"
    done = publish(
        src, out, "--key-file", KEY, "--k", "2", "--no-ner", "-j", "1", "--profile", str(profile)
    )
    assert done.returncode == 1 and "scan" in done.stderr, done.stderr
    report, release = _released(out)
    assert release is None
    where = report["steps"]["scan"]["where"]
    assert {"record": 5, "column": "InjuryDetails"}.items() <= where[0].items()
    assert where[0]["line"] > 5 and "PHONE" in where[0]["types"]
    assert "07700" not in (out / "report.json").read_text()


def test_a_vocabulary_cannot_be_redacted(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text('[columns]\nMainDuty = "redact"\n')
    done = publish(
        FIXTURES / "clean.csv", tmp_path / "o", "--key-file", KEY, "--profile", str(profile)
    )
    assert done.returncode == 2 and "vocabulary" in done.stderr


def test_the_note_names_the_publisher_dataset_and_period_of_the_profile(tmp_path):
    profile = tmp_path / "p.toml"
    profile.write_text(
        '[release]\npublisher = "Metropolitan Police Service"\ndataset = "Use of force 2020-21"\n'
        'period = "2020-04-01:2021-03-31"\n'
    )
    out = tmp_path / "o"
    done = publish(
        FIXTURES / "clean.csv",
        out,
        "--key-file",
        KEY,
        "--k",
        "2",
        "--no-ner",
        "-j",
        "1",
        "--profile",
        str(profile),
    )
    assert done.returncode == 0, done.stderr
    page = (out / "report.html").read_text()
    assert "Metropolitan Police Service" in page and "<h1>Use of force 2020-21</h1>" in page
    assert "1 April 2020 to 31 March 2021 (every incident date was checked" in page
    package = json.loads((out / "datapackage.json").read_text())
    assert package["title"] == "Use of force 2020-21"
    assert {"title": "Metropolitan Police Service", "role": "publisher"} in package["contributors"]


WRITTEN = ROOT / "tests" / "data" / "written"


@pytest.mark.slow
@pytest.mark.parametrize("operator", ["replace", "fake"])
def test_an_extract_written_apart_from_synth_publishes(tmp_path, operator):
    """1,505 clean rows written from the specification alone, with their own narratives: they
    validate, publish (the scan agreeing with redaction), and the release validates."""
    profile = _operator_profile(tmp_path, operator)
    out = tmp_path / "out"
    proc = publish(WRITTEN / "clean_extract.csv", out, "--key-file", KEY, "--profile", str(profile))
    assert proc.returncode == 0, proc.stderr
    check = subprocess.run(
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
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_mets_own_layout_validates_as_published():
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "validate",
            str(WRITTEN / "met_published.csv"),
            "--schema",
            "published",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


STATS_PROFILE = """
[stats]
enabled = true
previous = "2020-04-01:2020-09-30"
"""


def test_a_profile_asking_for_stats_writes_the_same_tables_into_the_release(tmp_path):
    """[stats]: publish writes stats/ beside the release, the very tables `uofclean stats`
    makes of the same extract, and the note shows them with a year-on-year chart."""
    profile = tmp_path / "stats.toml"
    profile.write_text(STATS_PROFILE)
    out = tmp_path / "out"
    proc = publish(
        FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2", "--profile", str(profile)
    )
    assert proc.returncode == 0, proc.stderr
    alone = tmp_path / "alone"
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "stats",
            str(FIXTURES / "clean.csv"),
            "-o",
            str(alone),
            "--previous",
            "2020-04-01:2020-09-30",
        ],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    written = sorted(p.name for p in (out / "stats").iterdir())
    assert written == sorted(p.name for p in alone.iterdir()) and "cells.csv" in written
    for name in ("cells.csv", "tactics.csv", "tactic_by_month.csv", "audit.json"):
        assert (out / "stats" / name).read_bytes() == (alone / name).read_bytes(), name
    report = json.loads((out / "report.json").read_text())
    section = report["stats"]
    assert section["safe"] and section["previous"] == "2020-04-01:2020-09-30"
    assert {p["tactic"] for p in section["chart"]} >= {"Handcuffing", "CED (Taser)"}
    page = (out / "report.html").read_text()
    assert "<svg class='yoy'" in page and "id='stats-tactics'" in page
    # published again into the same folder: its own stats/ is no stranger
    again = publish(
        FIXTURES / "clean.csv", out, "--key-file", KEY, "--k", "2", "--profile", str(profile)
    )
    assert again.returncode == 0, again.stderr


def test_no_stats_without_the_profile_asking(released):
    assert not (released / "stats").exists()
    assert json.loads((released / "report.json").read_text())["stats"] is None


def test_stats_that_could_be_worked_out_fail_the_gate(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    import uofclean.stats.run as run
    from uofclean.cli import app

    real = run.suppress
    monkeypatch.setattr(run, "suppress", lambda *a, **k: real(*a, **k, secondary=False))
    profile = tmp_path / "stats.toml"
    profile.write_text(STATS_PROFILE)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "publish",
            str(FIXTURES / "clean.csv"),
            "-o",
            str(out),
            "--key-file",
            KEY,
            "--k",
            "2",
            "--profile",
            str(profile),
            "--no-ner",
        ],
    )
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == ["report.html", "report.json"]
    report = json.loads((out / "report.json").read_text())
    assert any(g.startswith("stats:") for g in report["gate_failures"])


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[stats]\nenabled = true\nunit = "form"\n', "[stats] unit"),
        ('[stats]\nenabled = true\nprevious = "2020"\n', "[stats] previous"),
        ("[stats]\nenabled = true\nmin_count = 1\n", "[stats] min_count"),
    ],
)
def test_a_bad_stats_section_is_refused(tmp_path, text, said):
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(ProfileError, match=re.escape(said)):
        load_profile(path)
