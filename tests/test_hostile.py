"""Hostile input and quiet failures (issue 12, items 3 to 10), each through the real entry
point: one line on stderr, the right exit code, no output after a failure, inputs untouched."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CLEAN = FIXTURES / "clean.csv"
KEY = str(FIXTURES / "demo.key")
PEERS = Path(__file__).resolve().parent / "data" / "peer_files"


def run_cli(*args: str, stdin=None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", *args],
        capture_output=True,
        text=True,
        env=os.environ,
        stdin=stdin,
        **kwargs,
    )


def one_line_error(done: subprocess.CompletedProcess, code: int = 2) -> str:
    assert done.returncode == code, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("uofclean: error: "), done.stderr
    assert "internal error" not in lines[0] and "Traceback" not in done.stderr
    return lines[0]


def clean_rows() -> list[list[str]]:
    with CLEAN.open(newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    path.write_text(to_csv(rows), encoding="utf-8")
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- 3. no output ever replaces an input -------------------------------------------------


@pytest.mark.parametrize("name", ["report.json", "report.html", "datapackage.json"])
def test_publish_never_replaces_an_input_inside_outdir(tmp_path, name):
    out = tmp_path / "release"
    out.mkdir()
    extract = out / name
    extract.write_bytes(CLEAN.read_bytes())
    error = one_line_error(
        run_cli("publish", str(extract), "-o", str(out), "--key-file", KEY, "--no-ner")
    )
    assert "holds an input" in error
    assert extract.read_bytes() == CLEAN.read_bytes() and files_in(out) == [name]


def test_publish_never_replaces_its_key_or_a_hard_link_to_the_input(tmp_path):
    out = tmp_path / "release"
    out.mkdir()
    key = out / "report.json"
    key.write_text(Path(KEY).read_text())
    error = one_line_error(
        run_cli("publish", str(CLEAN), "-o", str(out), "--key-file", str(key), "--no-ner")
    )
    assert "holds an input" in error and key.read_text() == Path(KEY).read_text()
    key.unlink()
    extract = tmp_path / "extract.csv"
    extract.write_bytes(CLEAN.read_bytes())
    os.link(extract, out / "report.html")
    one_line_error(run_cli("publish", str(extract), "-o", str(out), "--key-file", KEY))
    assert extract.read_bytes() == CLEAN.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["dedupe", "IN", "-o", "same.csv", "--report", "same.csv"],
        ["dedupe", "IN", "-o", "a.csv", "--removed", "./a.csv"],
        ["redact", "IN", "-o", "same.csv", "--audit", "same.csv", "--no-ner"],
        ["synth", "--rows", "5", "-o", "same.csv", "--truth", "same.csv"],
        ["redact", "IN", "-o", "-", "--report", "-", "--no-ner"],
    ],
)
def test_two_outputs_of_one_run_on_one_path_are_refused(tmp_path, args):
    args = [str(CLEAN) if a == "IN" else a for a in args]
    done = run_cli(*args, cwd=tmp_path)
    error = one_line_error(done)
    assert "two outputs" in error
    assert files_in(tmp_path) == []


def test_an_output_on_the_key_file_is_refused(tmp_path):
    key = tmp_path / "secret.key"
    key.write_text(Path(KEY).read_text())
    done = run_cli(
        "redact", str(CLEAN), "-o", str(key), "--operator", "hash", "--key-file", str(key)
    )
    assert "overwrite the input" in one_line_error(done)
    assert key.read_text() == Path(KEY).read_text()


# --- 7. an interrupt stops the workers at once and writes nothing ---------------------------


@pytest.fixture(scope="module")
def wide_extract(tmp_path_factory) -> Path:
    """Enough rows (1,200) for several chunks, so redact and publish start worker processes."""
    rows = clean_rows()
    header = rows[0]
    rid, ref = header.index("RecordID"), header.index("IncidentRef")
    out = [header]
    for k in range(10):
        for row in rows[1:]:
            row = list(row)
            row[rid], row[ref] = f"{row[rid]}-{k}", f"{row[ref]}-{k}"
            out.append(row)
    return write_rows(tmp_path_factory.mktemp("wide") / "extract.csv", out)


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize(
    "command, sig, group",
    [
        ("redact", signal.SIGINT, True),  # Ctrl-C: the whole process group hears it
        ("publish", signal.SIGINT, False),
        ("publish", signal.SIGTERM, False),
    ],
)
def test_an_interrupt_stops_the_workers_and_writes_nothing(
    tmp_path, wide_extract, command, sig, group
):
    out = tmp_path / "out"
    args = [command, str(wide_extract), "-o", str(out / "o.csv" if command == "redact" else out)]
    if command == "redact":
        out.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uofclean", *args, "--jobs", "2", "--key-file", KEY],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ,
        start_new_session=True,
    )
    started = time.monotonic()
    while len(_children(proc.pid)) < 2 and time.monotonic() - started < 60:
        time.sleep(0.05)
    workers = _children(proc.pid)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(2.0)  # past the workers' start-up (they ignore Ctrl-C once uofclean is loaded)
    sent = time.monotonic()
    if group:
        os.killpg(proc.pid, sig)
    else:
        os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 5, "the interrupt did not stop the run at once"
    assert proc.returncode == 128 + sig, err
    assert err.strip().splitlines() == [
        f"uofclean: interrupted ({signal.Signals(sig).name}): stopped, no output written"
    ], err
    time.sleep(0.5)
    assert not [p for p in workers if _alive(p) and b"resource_tracker" not in _cmdline(p)]
    # nothing written, not even a temporary file or a staging folder beside the output
    assert files_in(tmp_path) == (["out"] if command == "redact" else [])
    if command == "redact":
        assert files_in(out) == []


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


# --- 8. every failure is one line naming the file ------------------------------------------


def test_a_file_cut_mid_character_is_one_line(tmp_path):
    text = CLEAN.read_text(encoding="utf-8").rstrip("\n") + "é"
    cut = tmp_path / "cut.csv"
    cut.write_bytes(text.encode("utf-8")[:-1])
    for args in (["validate", str(cut)], ["dedupe", str(cut), "-o", str(tmp_path / "o.csv")]):
        error = one_line_error(run_cli(*args))
        assert "cut.csv:" in error and "Exception ignored" not in error


def test_utf16_without_bom_is_one_line_and_utf32_is_read(tmp_path):
    text = CLEAN.read_text(encoding="utf-8")
    bare = tmp_path / "u16.csv"
    bare.write_bytes(text.encode("utf-16-le"))
    error = one_line_error(run_cli("validate", str(bare)))
    assert "u16.csv:1:" in error and "--encoding" in error
    done = run_cli("validate", str(bare), "--encoding", "utf-16-le", "--format", "json")
    assert done.returncode == 0, done.stderr
    wide = tmp_path / "u32.csv"
    wide.write_bytes(text.encode("utf-32"))
    done = run_cli("validate", str(wide), "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["encoding"] == "utf-32"


def test_paths_that_cannot_be_read_are_one_line(tmp_path):
    loop = tmp_path / "loop.csv"
    loop.symlink_to(tmp_path / "loop2.csv")
    (tmp_path / "loop2.csv").symlink_to(loop)
    assert "symbolic links" in one_line_error(run_cli("validate", str(loop)))
    locked = tmp_path / "locked.csv"
    locked.write_bytes(CLEAN.read_bytes())
    locked.chmod(0)
    # root reads anything: /proc/self/mem is a file that no one can read from the start
    unreadable = "/proc/self/mem" if os.geteuid() == 0 else str(locked)
    error = one_line_error(run_cli("validate", unreadable))
    assert error.startswith(f"uofclean: error: {unreadable}: ")
    done = run_cli("validate", "-", stdin=subprocess.DEVNULL)
    assert "the file is empty" in one_line_error(done)
    closed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, runpy, sys; os.close(0); sys.stdin = None; "
            "sys.argv = ['uofclean', 'validate', '-']; runpy.run_module('uofclean', "
            "run_name='__main__')",
        ],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert "standard input is closed" in one_line_error(closed)


def test_csvkit_header_newline_is_read(tmp_path):
    done = run_cli("validate", str(PEERS / "csvkit__test_header_newline.csv"), "--format", "json")
    assert done.returncode == 1 and "internal error" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["rows"] == 1


def test_outputs_at_a_folder_or_an_existing_file_are_one_line(tmp_path):
    folder = tmp_path / "folder"
    folder.mkdir()
    assert "is a folder" in one_line_error(run_cli("dedupe", str(CLEAN), "-o", str(folder)))
    afile = tmp_path / "afile"
    afile.write_text("mine")
    error = one_line_error(run_cli("publish", str(CLEAN), "-o", str(afile), "--key-file", KEY))
    assert "not a folder" in error and afile.read_text() == "mine"
    assert "not a regular file" in one_line_error(
        run_cli("redact", str(CLEAN), "-o", "/dev/null", "--no-ner")
    )


def test_bad_encodings_and_profile_values_are_one_line(tmp_path):
    assert "unknown encoding 'rot13'" in one_line_error(
        run_cli("validate", str(CLEAN), "--encoding", "rot13")
    )
    profile = tmp_path / "five.toml"
    profile.write_text('[disclosure]\nk = "five"\n')
    out = tmp_path / "out"
    error = one_line_error(
        run_cli("publish", str(CLEAN), "-o", str(out), "--profile", str(profile), "--key-file", KEY)
    )
    assert "five.toml" in error and not out.exists()


@pytest.mark.parametrize(
    "args", [["dedupe"], ["dedupe", "CLEAN", "--bogus"], ["bogus"], ["validate", "--format"]]
)
def test_usage_errors_are_one_line(args):
    args = [str(CLEAN) if a == "CLEAN" else a for a in args]
    error = one_line_error(run_cli(*args))
    assert "--help" in error


def test_a_failed_gate_is_one_line(tmp_path):
    done = run_cli(
        "publish",
        str(FIXTURES / "small.csv"),
        "-o",
        str(tmp_path / "o"),
        "--key-file",
        KEY,
        "--no-ner",
    )
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("publish: gate failed: validation"), lines
    assert "(reports only, no release)" in lines[0] and "--no-ner" in lines[0]


# --- 9. what no extract is, refused before it is read ---------------------------------------


def test_a_header_of_too_many_columns_is_refused(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(200_000)) + "\n" + "," * 199_999 + "\n")
    for args in (
        ["validate", str(wide)],
        ["scan", str(wide), "--no-ner"],
        ["redact", str(wide), "-o", str(tmp_path / "o.csv"), "--no-ner"],
    ):
        assert "more than 5000 columns" in one_line_error(run_cli(*args))
    with wide.open("rb") as handle:
        done = run_cli("validate", "-", stdin=handle)
    assert "more than 5000 columns" in one_line_error(done)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_not_a_regular_file_is_refused_unless_dash(tmp_path):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero"):
        done = run_cli("validate", path, timeout=30)
        assert "not a regular file" in one_line_error(done)
    with CLEAN.open("rb") as handle:
        assert run_cli("validate", "-", stdin=handle).returncode == 0


def test_a_key_file_larger_than_a_key_is_refused(tmp_path):
    out = tmp_path / "out"
    for key in ("/dev/zero", str(CLEAN)):
        done = run_cli("publish", str(CLEAN), "-o", str(out), "--key-file", key, timeout=30)
        error = one_line_error(done)
        assert key in error and ("larger than a key" in error or "not a regular file" in error)
    assert not out.exists()


# --- 4. placeholder ids are blank ----------------------------------------------------------

PLACEHOLDERS = ["NULL", "null", "N/A", "n/a", "-", "0", "   ", "None", "#N/A"]


def test_placeholder_record_ids_never_match_and_are_reported(tmp_path):
    rows = clean_rows()
    rid = rows[0].index("RecordID")
    for k, row in enumerate(rows[1:]):
        row[rid] = PLACEHOLDERS[k % len(PLACEHOLDERS)]
    path = write_rows(tmp_path / "nulls.csv", rows)
    out, report = tmp_path / "out.csv", tmp_path / "dedupe.json"
    done = run_cli("dedupe", str(path), "-o", str(out), "--report", str(report))
    assert done.returncode == 0, done.stderr
    counts = json.loads(report.read_text())
    assert counts["rows_removed"] == 0 and counts["rows_out"] == len(rows) - 1
    done = run_cli("validate", str(path), "--format", "json")
    found = json.loads(done.stdout)
    assert done.returncode == 1
    assert not [f for f in found["errors"] if f["check"] == "duplicate-record-id"]
    required = [f for f in found["errors"] if f["check"] == "required"]
    assert len(required) == len(rows) - 1 and all(f["column"] == "RecordID" for f in required)


def test_placeholder_officer_or_subject_never_matches_by_officer_incident_subject(tmp_path):
    rows = clean_rows()
    h = rows[0]
    a, b = rows[1], list(rows[1])
    b[h.index("RecordID")] = a[h.index("RecordID")] + "X"
    for column in ("OfficerID", "SubjectName"):
        a2, b2 = list(a), list(b)
        a2[h.index(column)] = "NULL"
        b2[h.index(column)] = "null"  # the same placeholder, written again
        path = write_rows(tmp_path / f"{column}.csv", [h, a2, b2])
        report = tmp_path / f"{column}.json"
        done = run_cli("dedupe", str(path), "-o", str(tmp_path / "o.csv"), "--report", str(report))
        assert done.returncode == 0, done.stderr
        assert json.loads(report.read_text())["rows_removed"] == 0, column


# --- 5. free-text columns found whatever their case; none found is exit 2 ------------------


@pytest.mark.parametrize("name", ["justification", "JUSTIFICATION"])
def test_redact_finds_the_narrative_column_whatever_its_case(tmp_path, name):
    rows = clean_rows()
    j = rows[0].index("Justification")
    rows[0][j] = name
    path = write_rows(tmp_path / "case.csv", rows)
    out = tmp_path / "out.csv"
    done = run_cli("redact", str(path), "-o", str(out), "--no-ner", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert name in done.stderr
    with out.open(newline="", encoding="utf-8") as f:
        written = list(csv.reader(f))
    assert written[0] == rows[0]  # the header as the file wrote it
    changed = sum(w[j] != r[j] for w, r in zip(written[1:], rows[1:], strict=True))
    assert changed > len(rows) // 2


def test_redact_without_any_free_text_column_is_exit_2(tmp_path):
    rows = clean_rows()
    h = rows[0]
    keep = [i for i, c in enumerate(h) if c not in ("Justification", "InjuryDetails")]
    notes = [[r[i] for i in keep] + [r[h.index("Justification")]] for r in rows]
    notes[0][-1] = "Notes"
    for name, table in (("notes.csv", notes), ("none.csv", [r[:-1] for r in notes])):
        path = write_rows(tmp_path / name, table)
        out = tmp_path / "out.csv"
        error = one_line_error(run_cli("redact", str(path), "-o", str(out), "--no-ner"))
        assert "Justification" in error and "InjuryDetails" in error and "--columns" in error
        assert not out.exists()
    path = write_rows(tmp_path / "notes.csv", notes)
    done = run_cli("redact", str(path), "-o", str(out), "--no-ner", "--columns", "notes")
    assert done.returncode == 0, done.stderr


# --- 6. a file without its header row ------------------------------------------------------


def test_a_file_without_its_header_row_prints_no_value(tmp_path):
    rows = clean_rows()
    path = write_rows(tmp_path / "headless.csv", rows[1:])
    first = rows[1]
    secrets = [
        v
        for c, v in zip(rows[0], first, strict=True)
        if c in ("SubjectName", "SubjectDOB", "IncidentAddress", "OfficerName", "RecordID")
    ]
    for fmt in ("json", "text"):
        done = run_cli("validate", str(path), "--format", fmt)
        assert done.returncode == 1, done.stderr
        for secret in secrets:
            assert secret not in done.stdout + done.stderr, (fmt, secret)
    found = json.loads(run_cli("validate", str(path), "--format", "json").stdout)
    assert [f["check"] for f in found["errors"]] == ["no-header-row"]
    error = one_line_error(run_cli("dedupe", str(path), "-o", str(tmp_path / "o.csv")))
    assert "no header row" in error


def test_unknown_header_names_are_masked(tmp_path):
    rows = clean_rows()
    rows[0].append("Sgt Jane Example 07700 900123")
    for r in rows[1:]:
        r.append("x")
    path = write_rows(tmp_path / "extra.csv", rows)
    done = run_cli("validate", str(path), "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "Jane" not in done.stdout and "07700" not in done.stdout
    found = json.loads(done.stdout)
    assert [f["check"] for f in found["warnings"]] == ["unexpected-column"]


# --- 10. impossible dates; Excel's padding and a second BOM --------------------------------


@pytest.mark.parametrize("value", ["0000-01-01", "0001-01-01", "9999-12-31", "1066-10-14"])
def test_impossible_incident_dates_fail_validate(tmp_path, value):
    rows = clean_rows()
    rows[3][rows[0].index("IncidentDate")] = value
    path = write_rows(tmp_path / "dates.csv", rows)
    done = run_cli("validate", str(path), "--format", "json")
    assert done.returncode == 1, done.stdout
    found = json.loads(done.stdout)["errors"]
    assert [(f["row"], f["check"], f["column"]) for f in found] == [(3, "date", "IncidentDate")]


def test_padding_and_a_second_bom_do_not_change_the_header_written(tmp_path):
    rows = clean_rows()
    text = to_csv([r + ["", ""] for r in rows])
    path = tmp_path / "bom2.csv"
    path.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode("utf-8"))
    out = tmp_path / "out.csv"
    done = run_cli("dedupe", str(path), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    with io.StringIO(data.decode("utf-8-sig"), newline="") as f:
        assert next(csv.reader(f)) == rows[0]
