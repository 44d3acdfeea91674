"""read_table(columns=...): only some columns read, with the same values, hash, findings and
lines as reading the whole file, and never a row that looks blank only because of what was
left unread."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from uofclean.dedupe import empty_rows
from uofclean.errors import InputError
from uofclean.io import read_table

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["RecordID", "Borough", "Justification", "Impact Factor: Possession of a weapon", "Tail"]
WANTED = ["RecordID", "Borough", "Impact Factor: Possesion of a weapon"]  # published spelling


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


ROWS = [
    ["R1", "Barnet", "line one\nline two", "Yes", "a"],
    ["R2", "Camden", "one line", "No", "b"],
    ["R3", " Brent ", 'said "no"\n\nthen left', "", "c"],
    ["R4", "Ealing", "", "Yes", "d"],
]


def test_a_selection_reads_the_same_values_hash_and_lines(tmp_path):
    path = _write(tmp_path / "x.csv", ROWS)
    whole = read_table(path, compact=False)
    some = read_table(path, compact=False, columns=WANTED)
    # the file's own spelling is what is held; the value is read exactly (spaces kept)
    held = ["RecordID", "Borough", "Impact Factor: Possession of a weapon"]
    assert some.frame.columns == held
    assert some.frame.equals(whole.frame.select(held))
    assert some.header == whole.header and some.sha256 == whole.sha256
    # records 1 and 3 span several lines: the lines are found all the same
    assert [some.line_of(i) for i in range(4)] == [whole.line_of(i) for i in range(4)]
    assert [some.line_of(i) for i in range(4)] == [2, 4, 5, 8]


def test_a_row_blank_in_every_column_read_brings_the_whole_file(tmp_path):
    """R5 is blank in the columns asked for but not in Justification: it is no empty
    record, so the frame holds every column and dedupe's empty test sees it."""
    rows = [*ROWS, ["", "", "text only here", "", ""], ["", " ", "", "", ""]]
    path = _write(tmp_path / "x.csv", rows)
    some = read_table(path, compact=False, columns=WANTED)
    whole = read_table(path, compact=False)
    assert some.frame.columns == whole.frame.columns
    assert empty_rows(some.frame).to_list() == [False] * 5 + [True]


def test_a_blank_line_is_not_taken_for_a_record(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("RecordID,Borough,Tail\nR1,Barnet,a\n\nR2,Camden,b\n", encoding="utf-8")
    some = read_table(path, compact=False, columns=["RecordID", "Borough"])
    assert some.frame["RecordID"].to_list() == ["R1", "R2"]
    assert [some.line_of(i) for i in range(2)] == [2, 4]


def test_a_ragged_row_is_still_found(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("RecordID,Borough,Tail\nR1,Barnet,a\nR2,Camden\nR3,Brent,c\n")
    some = read_table(path, compact=False, columns=["RecordID", "Borough"])
    with pytest.raises(InputError, match="ragged row: record 2"):
        some.require_rectangular()


def test_excel_padding_is_left_out_and_a_named_blank_column_still_refused(tmp_path):
    padded = _write(tmp_path / "pad.csv", [["R1", "Barnet", "", "Yes", "a", ""]], [*HEADER, ""])
    some = read_table(padded, compact=False, columns=WANTED)
    some.require_rectangular()  # the trailing blank column is Excel's padding
    assert "RecordID" in some.frame.columns
    holding = _write(tmp_path / "hold.csv", [["R1", "x", "Barnet"]], ["RecordID", "", "Borough"])
    with pytest.raises(InputError, match="no name"):
        read_table(holding, compact=False, columns=WANTED).require_rectangular()


def test_the_fixtures_read_alike_selected_or_whole():
    from uofclean.stats.units import read_columns

    for name in ("clean.csv", "small.csv", "small-cp1252.csv"):
        path = ROOT / "fixtures" / name
        whole = read_table(path, compact=False)
        some = read_table(path, compact=False, columns=read_columns())
        assert some.frame.equals(whole.frame.select(some.frame.columns)), name
        assert some.encoding == whole.encoding and some.sha256 == whole.sha256
