"""The shared foundation: keys, atomic writing, masking in findings, and the CLI's own contract."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from uofclean.errors import InputError, KeyMissingError, OptionError
from uofclean.findings import finding
from uofclean.io import read_table, write_csv, write_text
from uofclean.io.writer import check_not_input
from uofclean.keys import load_key, pseudonym
from uofclean.schema.columns import PUBLISHED_COLUMNS

COMMANDS = ["validate", "dedupe", "redact", "scan", "review", "publish", "synth", "profile"]


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_published_columns_match_the_spec_exactly():
    spec = Path(__file__).resolve().parents[2] / "shared" / "spec" / "published-columns.txt"
    if not spec.exists():
        pytest.skip("shared spec not beside the repository")
    assert list(PUBLISHED_COLUMNS) == [x for x in spec.read_text().splitlines() if x]
    assert len(PUBLISHED_COLUMNS) == 271


def test_key_from_env_and_file(tmp_path, monkeypatch):
    monkeypatch.setenv("UOFCLEAN_KEY", "a" * 32)
    assert load_key() == b"a" * 32
    key_file = tmp_path / "k"
    key_file.write_text("b" * 32 + "\n")
    assert load_key(key_file) == b"b" * 32


def test_missing_or_short_key_is_refused(monkeypatch, tmp_path):
    monkeypatch.delenv("UOFCLEAN_KEY", raising=False)
    with pytest.raises(KeyMissingError):
        load_key()
    short = tmp_path / "short"
    short.write_text("abc")
    with pytest.raises(KeyMissingError):
        load_key(short)


def test_pseudonym_is_keyed_deterministic_and_namespaced():
    a = pseudonym(b"k" * 16, "CAD 1/01APR20", namespace="IncidentRef")
    assert a == pseudonym(b"k" * 16, "CAD 1/01APR20", namespace="IncidentRef")
    assert a != pseudonym(b"j" * 16, "CAD 1/01APR20", namespace="IncidentRef")
    assert a != pseudonym(b"k" * 16, "CAD 1/01APR20", namespace="Other")
    assert len(a) == 16 and int(a, 16) >= 0


def test_findings_mask_sensitive_and_unknown_columns():
    assert finding("x", "m", column="SubjectName", value="Jo Bloggs").value is None
    assert finding("x", "m", column="Justification", value="text").value is None
    assert finding("x", "m", column="SomeExtraColumn", value="anything").value is None
    assert finding("x", "m", column="CED Device Serial No", value="X01234567").value is None
    assert finding("x", "m", column="Borough", value="Camdn").value == "Camdn"


def test_write_csv_is_atomic_and_neutralises_formulas(tmp_path):
    out = tmp_path / "out.csv"
    frame = pl.DataFrame({"a": ["=SUM(A1)", "+1", "-2", "@x", "\tx", "plain"]})
    write_csv(frame, out, neutralise=True)
    back = read_table(out).frame["a"].to_list()
    assert back == ["'=SUM(A1)", "'+1", "'-2", "'@x", "'\tx", "plain"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temporary left behind


def test_failed_write_leaves_no_output(tmp_path):
    out = tmp_path / "report.json"

    class Boom:
        def __str__(self):
            raise RuntimeError("boom")

    with pytest.raises(TypeError):
        write_text(out, Boom())  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_output_may_not_overwrite_input(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("a\n1\n")
    with pytest.raises(OptionError):
        check_not_input(src, src)
    with pytest.raises(OptionError):
        check_not_input(tmp_path / "." / "in.csv", src)


def test_reader_rejects_empty_and_binary(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\n\n")
    with pytest.raises(InputError, match="empty"):
        read_table(empty)
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"a,b\n\x00\x01\x02,3\n")
    with pytest.raises(InputError, match="NUL"):
        read_table(binary)


def test_reader_keeps_record_numbers_and_lines_with_ragged_rows(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text('a,b,c\n1,2,3\n4,5\n"x\ny",7,8\n9,10,11,12\n13,14,15\n')
    table = read_table(path)
    assert [(r.record, r.line, r.actual) for r in table.ragged] == [(2, 3, 2), (4, 6, 4)]
    assert table.frame["a"].to_list() == ["1", "x\ny", "13"]
    assert [table.record_of(i) for i in range(3)] == [1, 3, 5]
    assert [table.line_of(i) for i in range(3)] == [2, 4, 7]


def test_reader_lines_on_the_fast_path(tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text('a,b\n1,"two\nlines"\n3,4\n\n5," x "\n')
    table = read_table(path)
    assert table.ragged == []
    assert table.frame["b"].to_list() == ["two\nlines", "4", " x "]  # whitespace kept
    assert [table.line_of(i) for i in range(3)] == [2, 4, 6]


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("é,ü\n".encode() + "Zoë,Ł\n".encode(), "utf-8"),
        (b"\xef\xbb\xbf" + "é,ü\nZoë,Ł\n".encode(), "utf-8-sig"),
        ("é,ü\nZoë,’\n".encode("cp1252"), "cp1252"),
    ],
)
def test_reader_detects_encodings(tmp_path, raw, encoding):
    path = tmp_path / "e.csv"
    path.write_bytes(raw)
    table = read_table(path)
    assert table.encoding == encoding
    assert table.header == ["é", "ü"]
    assert table.frame.row(0)[0] == "Zoë"


def test_cli_help_lists_every_command_and_each_has_an_example():
    top = run_cli("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        page = run_cli(command, "--help")
        assert page.returncode == 0, command
        assert "Example" in page.stdout or "example" in page.stdout, command


def test_cli_unknown_command_is_a_usage_error():
    result = run_cli("no-such-command")
    assert result.returncode == 2


def test_readme_documents_every_command():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for command in COMMANDS:
        assert f"uofclean {command}" in readme, command
    assert "make demo" in readme and "make test" in readme


@pytest.mark.parametrize("size", [1, 2, 3, 5, 64])
def test_checked_file_sees_across_block_boundaries(size):
    """The fast path's per-block checks give the same answer whatever the block size."""
    import io
    from concurrent.futures import ThreadPoolExecutor

    from uofclean.io.reader import _CheckedFile

    def checked(data: bytes) -> _CheckedFile:
        with ThreadPoolExecutor(1) as hasher:
            source = _CheckedFile(io.BufferedReader(io.BytesIO(data)), hasher)
            while source.read(size):
                pass
            assert source.sha256() == hashlib.sha256(data).hexdigest() or not source.simple
        return source

    crlf = checked('a,é\r\n1,"x\ny"\r\n'.encode())
    assert crlf.simple and not crlf.lone_cr and (crlf.newlines, crlf.quotes) == (3, 2)
    assert checked(b"a,b\r1,2\r\n").lone_cr
    assert checked(b"a,b\r\n1,2\r").last_byte == b"\r"
    assert not checked("a,b\n1,é\n".encode("cp1252")).simple
    assert not checked(b"a,b\n1,\x00\n").simple
