"""Streaming: what a user gets from validate, dedupe, redact and publish does not depend on how
the file is cut into chunks (rows in order, rows in = rows out + rows removed), in UTF-8 and in
Windows-1252. Each command runs through the CLI twice: with chunks of a few rows and pyarrow
blocks of a few kilobytes (so duplicates, their survivors and the incident lists fall in
different chunks), and with the usual sizes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

import uofclean.io.chunks as chunks
import uofclean.io.reader as reader
import uofclean.redact.pipeline as pipeline
import uofclean.validate.stream as vstream
from uofclean.cli import app
from uofclean.io import read_table

KEY = str(Path(__file__).resolve().parents[1] / "fixtures" / "demo.key")


@pytest.fixture(scope="module", params=["utf-8", "cp1252"])
def extract(request, tmp_path_factory) -> Path:
    """A synth extract of 300 rows with duplicates (some survivors after the rows they
    replace), and two of Excel's empty rows added in the middle."""
    work = tmp_path_factory.mktemp(f"streaming-{request.param}")
    made = work / "made.csv"
    subprocess.run(
        [sys.executable, "-m", "uofclean", "synth", "--rows", "300", "--seed", "11"]
        + ["--duplicates", "--encoding", request.param, "-o", str(made), "-q"],
        check=True,
        capture_output=True,
    )
    encoding = "windows-1252" if request.param == "cp1252" else "utf8"
    rows = _rows(made, encoding)
    blank = pl.DataFrame({c: [""] for c in rows.columns})
    # Excel's empty rows at 101 and 202
    rows = pl.concat([rows[:100], blank, rows[100:200], blank, rows[200:]])
    text = io.StringIO()
    rows.select(pl.when(pl.all() != "").then(pl.all())).write_csv(text)
    data = work / f"extract-{request.param}.csv"
    data.write_bytes(text.getvalue().encode(request.param))
    return data


def _small_chunks(monkeypatch) -> None:
    monkeypatch.setattr(chunks, "CHUNK_ROWS", 7)
    monkeypatch.setattr(chunks, "_BLOCK", 1 << 14)
    monkeypatch.setattr(reader, "_BLOCK_FOR_SOURCE", 1 << 14)
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", 5)
    monkeypatch.setattr(vstream, "VALIDATE_ROWS", 7)


def _run(args: list[str]) -> int:
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    return result.exit_code


def _both(monkeypatch, tmp_path, command) -> tuple[tuple[int, Path], tuple[int, Path]]:
    """command(folder) -> CLI arguments, run with tiny chunks and then with the usual ones."""
    small, usual = tmp_path / "small", tmp_path / "usual"
    small.mkdir()
    usual.mkdir()
    with monkeypatch.context() as patched:
        _small_chunks(patched)
        small_code = _run(command(small))
    usual_code = _run(command(usual))
    return (small_code, small), (usual_code, usual)


def _rows(path: Path, encoding: str = "utf8") -> pl.DataFrame:
    """Every field as text, blank as "" (uofclean's own reader, as a user's next step reads)."""
    return read_table(path, compact=False).frame


def _encoding(extract: Path) -> str:
    return "windows-1252" if "cp1252" in extract.name else "utf8"


def test_dedupe_is_the_same_in_tiny_chunks_and_keeps_the_order(extract, tmp_path, monkeypatch):
    def dedupe(folder: Path) -> list[str]:
        return [
            "dedupe",
            str(extract),
            "-o",
            str(folder / "out.csv"),
            "--removed",
            str(folder / "removed.csv"),
            "--report",
            str(folder / "report.json"),
            "--suspects",
            str(folder / "suspects.csv"),
            "-q",
        ]

    (code_a, a), (code_b, b) = _both(monkeypatch, tmp_path, dedupe)
    assert code_a == code_b == 0
    for name in ("out.csv", "removed.csv", "report.json", "suspects.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name

    encoding = _encoding(extract)
    source = _rows(extract, encoding)
    kept, gone = _rows(a / "out.csv", encoding), _rows(a / "removed.csv", encoding)
    report = json.loads((a / "report.json").read_text())
    assert report["rows_in"] == source.height == kept.height + gone.height
    assert report["rows_removed"] == gone.height > 2  # the duplicates and the two empty rows
    assert report["removed_by_rule"]["empty-record"] == 2
    # every input row is, in input order, the next kept row or the next removed one, unchanged
    kept_rows = kept.rows()
    gone_rows = gone.select(source.columns).rows()
    k = g = 0
    for row in source.rows():
        if k < len(kept_rows) and row == kept_rows[k]:
            k += 1
        else:
            assert g < len(gone_rows) and row == gone_rows[g]
            g += 1
    assert (k, g) == (len(kept_rows), len(gone_rows))
    # a survivor after the rows it replaced still names them
    named = gone.filter(pl.col("DuplicateRule") != "empty-record")["DuplicateOfRecordID"]
    assert (named != "").all()


def test_validate_reports_the_same_in_tiny_chunks(extract, tmp_path, monkeypatch):
    def validate(folder: Path) -> list[str]:
        return ["validate", str(extract), "--format", "json", "-o", str(folder / "v.json")]

    (code_a, a), (code_b, b) = _both(monkeypatch, tmp_path, validate)
    assert code_a == code_b
    assert (a / "v.json").read_bytes() == (b / "v.json").read_bytes()
    report = json.loads((a / "v.json").read_text())
    assert report["errors"] or report["warnings"]  # the empty rows at least


def test_redact_writes_the_same_in_tiny_chunks(extract, tmp_path, monkeypatch):
    def redact(folder: Path) -> list[str]:
        return ["redact", str(extract), "-o", str(folder / "r.csv"), "--no-ner", "-j", "1", "-q"]

    (code_a, a), (code_b, b) = _both(monkeypatch, tmp_path, redact)
    assert code_a == code_b == 0
    assert (a / "r.csv").read_bytes() == (b / "r.csv").read_bytes()
    encoding = _encoding(extract)
    out, source = _rows(a / "r.csv", encoding), _rows(extract, encoding)
    assert out.height == source.height
    assert out["RecordID"].to_list() == source["RecordID"].to_list()


def test_publish_releases_the_same_in_tiny_chunks(extract, tmp_path, monkeypatch):
    def publish(folder: Path) -> list[str]:
        return [
            "publish",
            str(extract),
            "-o",
            str(folder / "release"),
            "--key-file",
            KEY,
            "--no-ner",
            "-j",
            "1",
            "-q",
            "--k",
            "1",
        ]

    (code_a, a), (code_b, b) = _both(monkeypatch, tmp_path, publish)
    assert code_a == code_b == 0
    for name in ("release.csv",):
        assert (a / "release" / name).read_bytes() == (b / "release" / name).read_bytes()
    report_a = json.loads((a / "release" / "report.json").read_text())
    report_b = json.loads((b / "release" / "report.json").read_text())
    steps = report_a.get("steps", report_a)
    dedupe = steps["dedupe"]
    assert dedupe["rows_in"] == dedupe["rows_out"] + dedupe["rows_removed"]
    assert _rows(a / "release" / "release.csv").height == dedupe["rows_out"]
    assert report_a.get("steps") == report_b.get("steps")
