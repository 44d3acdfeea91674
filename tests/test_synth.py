"""`uofclean synth`: determinism, exact truth spans, rules obeyed, committed fixtures reproducible."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.regenerate_fixtures import FIXTURES, SAMPLES, render
from uofclean.io import read_table
from uofclean.schema import columns as cols


def synth(tmp_path: Path, *args: str) -> tuple[Path, dict]:
    out, truth = tmp_path / "x.csv", tmp_path / "t.json"
    proc = subprocess.run(
        [sys.executable, "-m", "uofclean", "synth", "-o", str(out), "--truth", str(truth), *args],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return out, json.loads(truth.read_text())


@pytest.mark.parametrize("name", list(SAMPLES))
def test_committed_fixtures_regenerate_to_the_same_bytes(name):
    data, truth = render(name)
    assert (FIXTURES / f"{name}.csv").read_bytes() == data
    assert (FIXTURES / f"{name}.truth.json").read_text(encoding="utf-8") == truth


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    a, _ = synth(tmp_path, "--rows", "50")
    first = a.read_bytes()
    b, _ = synth(tmp_path, "--rows", "50")
    assert b.read_bytes() == first
    c, _ = synth(tmp_path, "--rows", "50", "--seed", "2")
    assert c.read_bytes() != first


def test_truth_spans_are_exact_after_reading_the_csv_back():
    table = read_table(FIXTURES / "small.csv")
    truth = json.loads((FIXTURES / "small.truth.json").read_text(encoding="utf-8"))
    assert len(truth["entities"]) > 500
    for e in truth["entities"]:
        cell = table.frame[e["column"]][e["record"] - 1]
        assert cell[e["start"] : e["end"]] == e["text"]


def test_cp1252_fixture_reads_and_spans_hold():
    table = read_table(FIXTURES / "small-cp1252.csv")
    assert table.encoding == "cp1252"
    truth = json.loads((FIXTURES / "small-cp1252.truth.json").read_text(encoding="utf-8"))
    for e in truth["entities"]:
        assert table.frame[e["column"]][e["record"] - 1][e["start"] : e["end"]] == e["text"]


def test_clean_sample_obeys_the_rules():
    frame = read_table(FIXTURES / "clean.csv").frame
    assert list(frame.columns[9:280]) == list(cols.PUBLISHED_COLUMNS)
    assert frame["RecordID"].n_unique() == frame.height
    for row in frame.iter_rows(named=True):
        tactics = [row[c] for c in cols.TACTIC_COLUMNS]
        n = sum(1 for t in tactics if t)
        assert all(tactics[:n]) and not any(tactics[n:]), "tactics fill from Tactic 1"
        for t, e in zip(cols.TACTIC_COLUMNS, cols.EFFECTIVE_COLUMNS, strict=True):
            assert bool(row[e]) <= bool(row[t])
        ced = any(t.startswith("CED") for t in tactics if t)
        if not ced:
            assert not any(row[c] for c in cols.CED_COLUMNS)
        if row["CED Fired"] == "Yes":
            assert "CED (Taser) Fired" in tactics


def test_distributions_look_like_the_published_data():
    frame = read_table(FIXTURES / "small.csv").frame
    male = (frame["SubjectGender"] == "Male").mean()
    assert 0.7 < male < 0.95
    ages = frame["SubjectAge"].value_counts().sort("count", descending=True)
    assert ages["SubjectAge"][0] == "18-34"
    n_tactics = frame.select(
        pl.sum_horizontal(pl.col(c) != "" for c in cols.TACTIC_COLUMNS).alias("n")
    )["n"]
    assert (n_tactics <= 3).mean() > 0.75
    assert frame["IncidentRef"].n_unique() < frame.height  # several officers per incident
    no_pii = json.loads((FIXTURES / "small.truth.json").read_text())
    with_pii = {e["record"] for e in no_pii["entities"] if e["column"] == "Justification"}
    assert 0.8 < len(with_pii) / frame.height < 0.97


def test_injected_errors_duplicates_and_traps_are_listed():
    truth = json.loads((FIXTURES / "small.truth.json").read_text())
    frame = read_table(FIXTURES / "small.csv").frame
    assert truth["errors"] and truth["duplicates"] and truth["traps"]
    for d in truth["duplicates"]:
        removed, kept = (
            frame.row(d["record"] - 1, named=True),
            frame.row(d["duplicate_of"] - 1, named=True),
        )
        if d["rule"] == "record-id":
            assert removed["RecordID"].strip().upper() == kept["RecordID"].strip().upper()
        else:
            assert removed["OfficerID"] == kept["OfficerID"]
            assert removed["SubmittedAt"] < kept["SubmittedAt"]
    kinds = {t["kind"] for t in truth["traps"]}
    assert {"other-officer", "other-incident"} <= kinds


def test_bad_period_is_a_usage_error(tmp_path):
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "synth",
            "-o",
            str(tmp_path / "x.csv"),
            "--period",
            "2021-01-01:2020-01-01",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2 and "period" in proc.stderr
    assert not (tmp_path / "x.csv").exists()


def test_two_years_have_their_own_volume_and_tactic_rates(tmp_path):
    """--years 2: incidents over the period and the year after, fewer in the second, and
    each tactic's share of forms moved by the rate the truth file records."""
    path, truth = synth(tmp_path, "--rows", "6000", "--seed", "4", "--years", "2")
    assert truth["period"] == ["2020-04-01", "2022-03-31"]
    years = truth["years"]
    assert [y["period"] for y in years] == [
        ["2020-04-01", "2021-03-31"],
        ["2021-04-01", "2022-03-31"],
    ]
    frame = read_table(path).frame
    second = pl.col("IncidentDate") >= "2021-04-01"
    sizes = [frame.filter(~second).height, frame.filter(second).height]
    assert sizes[0] + sizes[1] == 6000 and sizes[1] < sizes[0] * 0.95
    tactics = pl.concat_list([pl.col(c) for c in cols.TACTIC_COLUMNS])
    rates = [y["tactic_rates"] for y in years]
    moved = 0
    for tactic in cols.values("tactic"):
        shares = [
            part.select(tactics.list.contains(tactic).mean()).item()
            for part in (frame.filter(~second), frame.filter(second))
        ]
        want = (rates[1][tactic] / sum(rates[1].values())) / (
            rates[0][tactic] / sum(rates[0].values())
        )
        # a clear change in the rate of a common tactic shows in the forms
        if abs(want - 1) > 0.12 and min(shares) * sizes[1] > 100:
            assert (shares[1] / shares[0] - 1) * (want - 1) > 0, (tactic, shares, want)
            moved += 1
    assert moved and rates[0] != rates[1]
    (tmp_path / "one").mkdir()
    _, one = synth(tmp_path / "one", "--rows", "300", "--seed", "4")
    assert "years" not in one and one["period"] == ["2020-04-01", "2021-03-31"]
