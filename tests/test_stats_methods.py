"""uofclean stats beyond the default: NHS Digital's rounding (--method round5), tables exempted
from suppression (--exempt, [stats] exempt), what a reader knows of a hidden count, and
publish counting the rows it holds."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys

import polars as pl
import pytest

from tests.test_stats import (
    FIXTURES,
    ROOT,
    _cells,
    _figure_of,
    _injury_frame,
    independent,
    ods_matches_cells,
    run_stats,
)
from uofclean.errors import ProfileError
from uofclean.publish.profile import load_profile
from uofclean.schema.columns import EXTRACT_COLUMNS
from uofclean.stats.audit import audit
from uofclean.stats.rounding import known_range, round_to_base
from uofclean.stats.run import tabulate
from uofclean.stats.suppress import suppress
from uofclean.stats.tables import key

CLEAN = FIXTURES / "clean.csv"
PREVIOUS = "2020-04-01:2020-09-30"


def _line(parts: dict, total: str = "T"):
    """One additive line: parts and their total, as suppress and the audit take it."""
    values = dict(parts)
    values[total] = sum(parts.values())
    line = [*parts, total]
    return values, [(line, True)], [({**{k: 1 for k in parts}, total: -1}, 0)]


# ------------------------------------------------------------ round5, the rule


def test_rounding_is_to_the_nearest_five():
    assert [round_to_base(n) for n in (0, 8, 10, 12, 13, 17, 18, 22, 23)] == [
        0,
        10,
        10,
        10,
        15,
        15,
        20,
        20,
        25,
    ]
    assert known_range(10, 8) == (8.0, 12.0)  # 8-12 show as 10; 1-7 were hidden
    assert known_range(25, 8) == (23.0, 27.0)


def test_round5_hides_one_to_seven_and_rounds_the_rest_totals_too():
    values, lines, equal = _line({"a": 3, "b": 0, "c": 12, "d": 23, "e": 7})
    sup = suppress(values, values, equal, [], lines, min_count=8, method="round5")
    assert sup.status == {
        "a": "primary",
        "b": "",
        "c": "rounded",
        "d": "rounded",
        "e": "primary",
        "T": "rounded",
    }
    assert sup.published == {"b": 0, "c": 10, "d": 25, "T": 45}  # 45 is 10 + 25: by chance
    assert sup.safe and set(sup.intervals) == {"a", "e"}
    for k in ("a", "e"):
        iv = sup.intervals[k]
        assert iv.low <= values[k] <= iv.high and iv.high - iv.low >= 1


def test_the_audit_takes_a_rounded_figure_as_the_range_it_stands_for():
    """a = 3 hidden; b = 20 and the total 23 shown as 20 and 25. Taken as constants they
    would say a = 5 (wrongly, and as if pinned); as ranges a stays anywhere in 1-7."""
    values = {"a": 3, "b": 20, "T": 23}
    status = {"a": "primary", "b": "rounded", "T": "rounded"}
    equal = [({"a": 1, "b": 1, "T": -1}, 0)]
    shown = {"b": 20, "T": 25}
    as_constants = audit(shown | {"a": 3}, {**status, "b": "", "T": ""}, equal, [])
    assert as_constants["a"].pinned and as_constants["a"].low == 5
    ranges = {k: known_range(v, 8) for k, v in shown.items()}
    iv = audit(values, status, equal, [], primary_max=7, bounds=ranges)["a"]
    assert not iv.pinned and (iv.low, iv.high) == (1.0, 7.0)


def test_an_exact_figure_beside_a_hidden_one_under_round5_gets_a_secondary():
    """An exempt total of 3 over one hidden part and zeros: the part is 3 for anyone.
    Secondary suppression hides a zero beside it, and then it is not."""
    values, lines, equal = _line({"a": 3, "b": 0, "c": 0})
    alone = suppress(
        values, values, equal, [], lines, min_count=8, method="round5", exempt={"T"},
        secondary=False,
    )  # fmt: skip
    assert alone.pinned == ["a"]
    sup = suppress(values, values, equal, [], lines, min_count=8, method="round5", exempt={"T"})
    assert sup.safe and sup.status["T"] == "" and sup.published["T"] == 3
    assert sorted(k for k, s in sup.status.items() if s == "secondary") in (["b"], ["c"])


# ------------------------------------------------------------ round5 through the command


@pytest.fixture(scope="module")
def rounded(tmp_path_factory):
    out = tmp_path_factory.mktemp("round5") / "out"
    result = run_stats(str(CLEAN), "-o", str(out), "--method", "round5", "--previous", PREVIOUS)
    assert result.returncode == 0, result.stderr
    assert "rounded to the nearest 5" in result.stderr
    return out


def test_round5_cells_are_the_true_counts_rounded_or_hidden(tmp_path):
    """Against the independent count of tests/test_stats.py: 0 exact, 1-7 hidden, every
    other figure (totals too) the nearest multiple of 5."""
    result = run_stats(str(CLEAN), "-o", str(tmp_path / "o"), "--method", "round5")
    assert result.returncode == 0, result.stderr
    rows = _cells(tmp_path / "o")
    expected = independent(CLEAN, "report")
    seen = {"": 0, "primary": 0, "rounded": 0, "secondary": 0}
    for r in rows:
        true = _figure_of(r, expected)
        seen[r["status"]] += 1
        if true == 0:
            assert (r["value"], r["status"]) in (("0", ""), ("", "secondary")), r
        elif true < 8:
            assert (r["value"], r["status"]) == ("", "primary"), r
        elif r["status"] == "rounded":
            assert int(r["value"]) % 5 == 0 and abs(int(r["value"]) - true) <= 2, (r, true)
        else:  # 8 or more, hidden only where it covers fewer than 8 subjects
            assert r["value"] == "" and r["status"] in ("primary", "secondary"), r
    assert seen["rounded"] > 50 and seen["primary"] > 50
    totals = [r for r in rows if r["table"] == "borough" and r["borough"] == "Total"]
    assert totals[0]["status"] == "rounded" and int(totals[0]["value"]) % 5 == 0


def test_round5_changes_come_from_the_published_figures(rounded):
    by: dict = {}
    for r in _cells(rounded):
        where = tuple(v for k, v in r.items() if k not in ("period", "value", "status"))
        by.setdefault(where, {})[r["period"]] = r
    checked = 0
    for p in by.values():
        if "previous" not in p:
            continue
        cur, prev, change, pct = (p[k] for k in ("current", "previous", "change", "pct_change"))
        if cur["value"] == "" or prev["value"] == "":
            assert change["value"] == pct["value"] == "", p
            continue
        a, b = int(cur["value"]), int(prev["value"])
        assert int(change["value"]) == a - b
        assert change["status"] == (
            "rounded" if "rounded" in (cur["status"], prev["status"]) else ""
        )
        if b < 8:  # the denominator under the threshold (here: zero)
            assert pct["value"] == ""
        else:
            assert float(pct["value"]) == round(100 * (a - b) / b, 1)
            checked += 1
    assert checked > 10


def test_round5_outputs_say_what_was_done(rounded):
    audit_file = json.loads((rounded / "audit.json").read_text())
    assert audit_file["safe"] and "round5" in audit_file["method"]
    assert audit_file["min_count"] == 8 and audit_file["periods"]["current"]["rounded"] > 50
    for p in audit_file["periods"].values():
        assert {h["why"] for h in p["hidden"]} <= {"primary", "secondary"}
    package = json.loads((rounded / "datapackage.json").read_text())
    assert "nearest 5" in package["description"] and "1 to 7" in package["description"]
    from frictionless import Package

    report = Package(str(rounded / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    import pandas as pd

    notes = pd.read_excel(rounded / "tables.ods", engine="odf", sheet_name="Notes", skiprows=2)
    assert "Rounding" in set(notes["Note"])
    ods_matches_cells(rounded)  # the rounded figures, as cells.csv has them
    with open(rounded / "tactics.csv", encoding="utf-8", newline="") as f:
        shown = [v for r in csv.DictReader(f) for k, v in r.items() if k == "reports_involving"]
    assert all(v == "[c]" or int(v) % 5 == 0 for v in shown)


def test_round5_takes_another_threshold_and_refuses_an_unknown_method(tmp_path):
    result = run_stats(
        str(CLEAN), "-o", str(tmp_path / "o"), "--method", "round5", "--min-count", "10"
    )
    assert result.returncode == 0, result.stderr
    rows = _cells(tmp_path / "o")
    assert all(r["value"] == "" or int(r["value"]) == 0 or int(r["value"]) >= 10 for r in rows)
    bad = run_stats(str(CLEAN), "-o", str(tmp_path / "x"), "--method", "round10")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "--method" in bad.stderr and not (tmp_path / "x").exists()


# ------------------------------------------------------------ exempt tables


def test_an_exempt_table_is_published_as_counted_and_the_rest_stays_safe(tmp_path):
    out = tmp_path / "out"
    result = run_stats(str(CLEAN), "-o", str(out), "--exempt", "outcome")
    assert result.returncode == 0, result.stderr
    expected = independent(CLEAN, "report")
    rows = _cells(out)
    outcome = [r for r in rows if r["table"] == "outcome"]
    assert all(r["status"] == "" and int(r["value"]) == _figure_of(r, expected) for r in outcome)
    assert any(0 < int(r["value"]) < 10 for r in outcome)  # small figures published
    assert any(r["status"] == "primary" for r in rows if r["table"] == "tactic_by_age")
    audit_file = json.loads((out / "audit.json").read_text())
    assert audit_file["safe"] and audit_file["exempt"] == ["outcome"]
    description = json.loads((out / "datapackage.json").read_text())["description"]
    assert "Published as counted" in description and "outcome" in description


def test_an_exempt_total_that_gives_its_breakdown_away_fails_the_gate(tmp_path):
    """Exempt, the tactics table publishes Dog Deployed = 3 (61 forms): three hidden cells
    of tactic x age, each known to be 1 or more, must each be 1. No other cell hidden can
    change that: exit 1, only audit.json, naming them."""
    out = tmp_path / "out"
    result = run_stats(str(CLEAN), "-o", str(out), "--exempt", "tactics")
    assert result.returncode == 1 and "disclosure gate failed" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["audit.json"]
    audit_file = json.loads((out / "audit.json").read_text())
    pinned = [h for h in audit_file["periods"]["current"]["hidden"] if h["pinned"]]
    dogs = [
        h
        for h in pinned
        if h["cells"][0]["table"] == "tactic_by_age" and h["cells"][0]["tactic"] == "Dog Deployed"
    ]
    assert len(dogs) == 3 and all(h["interval"] == {"min": 1, "max": 1} for h in dogs)


@pytest.fixture(scope="module")
def year(tmp_path_factory):
    path = tmp_path_factory.mktemp("synth") / "year.csv"
    made = subprocess.run(
        [sys.executable, "-m", "uofclean", "synth", "--rows", "3000", "--seed", "5"]
        + ["-o", str(path), "--quiet"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr
    return path


def test_exempting_the_force_level_leaves_only_the_borough_tables_protected(year, tmp_path):
    out = tmp_path / "out"
    result = run_stats(str(year), "-o", str(out), "--exempt", "force")
    assert result.returncode == 0, result.stderr
    rows = _cells(out)
    hidden = {r["table"] for r in rows if r["status"]}
    assert "ced_by_borough" in hidden and hidden <= {"borough", "ced_by_borough"}
    expected = independent(year, "report")
    published = [r for r in rows if r["table"] not in hidden]
    assert all(int(r["value"]) == _figure_of(r, expected) for r in published)
    assert any(0 < int(r["value"]) < 10 for r in published)
    assert json.loads((out / "audit.json").read_text())["safe"]


def test_an_unknown_table_to_exempt_is_one_line_exit_2(tmp_path):
    bad = run_stats(str(CLEAN), "-o", str(tmp_path / "x"), "--exempt", "tactic")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "'tactic'" in bad.stderr and "force" in bad.stderr


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[stats]\nenabled = true\nexempt = ["boroughs"]\n', "[stats] exempt"),
        ("[stats]\nenabled = true\nexempt = [1]\n", "list of table names"),
        ('[stats]\nenabled = true\nmethod = "round10"\n', "[stats] method"),
        ('[stats]\nenabled = true\nrounding = "round5"\n', "unknown key 'rounding'"),
    ],
)
def test_a_bad_method_or_exemption_in_the_profile_is_refused(tmp_path, text, said):
    path = tmp_path / "p.toml"
    path.write_text(text)
    with pytest.raises(ProfileError, match=re.escape(said)):
        load_profile(path)


def test_the_profile_names_the_method_and_the_exempt_tables(tmp_path):
    path = tmp_path / "p.toml"
    path.write_text('[stats]\nenabled = true\nmethod = "round5"\nexempt = ["outcome", "force"]\n')
    stats = load_profile(path).stats
    assert stats is not None and stats.method == "round5" and stats.min_count == 8
    assert "outcome" in stats.exempt and "borough" not in stats.exempt
    path.write_text('[stats]\nenabled = true\nmethod = "round5"\nmin_count = 10\n')
    assert load_profile(path).stats.min_count == 10
    path.write_text("[stats]\nenabled = true\n")
    assert load_profile(path).stats.min_count == 10  # suppression's own


# ------------------------------------------------------------ what a reader knows


def test_a_hidden_count_of_incidents_is_known_to_be_under_the_threshold():
    """An incident has one subject or more, so a hidden count of incidents covering under
    10 subjects is under 10 too: the audit bounds it so (3 injured of 60: 1-9, not 1-60)."""
    p = tabulate(_injury_frame(3, 57), "extract", unit="incident", min_count=10, name="c", label="")
    iv = p.suppression.intervals[key(officer_injury="Injured")]
    assert (iv.low, iv.high) == (1.0, 9.0) and p.suppression.safe


def test_a_sum_of_tactics_over_few_subjects_is_not_capped_and_is_freed():
    """Five subjects each handcuffed both ways: Handcuffing's times reported is 10 over 5
    subjects. It is no count of subjects (so not known to be under 10), and the total of
    all tactics, less the others, gives it: only hiding in that total's line frees it."""
    blank = dict.fromkeys(EXTRACT_COLUMNS, "")
    rows = [
        blank
        | {
            "IncidentRef": f"CAD {i}",
            "SubjectName": f"S{i}",
            "IncidentDate": "2021-05-01",
            "Borough": "Barnet",
            "Tactic 1": "Compliant Handcuffing" if i < 5 else "Ground Restraint",
            "Tactic 2": "Non-Compliant Handcuffing" if i < 5 else "",
        }
        for i in range(40)
    ]
    p = tabulate(pl.DataFrame(rows), "extract", unit="subject", min_count=10, name="c", label="")
    times = key("times", "Handcuffing")
    assert p.tables.values[times] == 10 and p.suppression.status[times] == "primary"
    iv = p.suppression.intervals[times]
    assert p.suppression.safe and iv.low <= 10 <= iv.high and not iv.pinned


# ------------------------------------------------------------ publish


def test_publish_counts_the_rows_it_holds_not_the_file_again(tmp_path, monkeypatch):
    """[stats] with round5 and an exemption: the same cells as `stats` with the same options,
    and the extract is not read again to make them."""
    from typer.testing import CliRunner

    import uofclean.stats.run as run
    from uofclean.cli import app

    def no_rereading(*args, **kwargs):
        raise AssertionError("publish read the extract again for the statistics")

    monkeypatch.setattr(run, "load_rows", no_rereading)
    profile = tmp_path / "p.toml"
    profile.write_text(
        f'[stats]\nenabled = true\nprevious = "{PREVIOUS}"\nmethod = "round5"\n'
        'exempt = ["outcome"]\n'
    )
    out = tmp_path / "out"
    key_file = str(FIXTURES / "demo.key")
    argv = ["publish", str(CLEAN), "-o", str(out), "--key-file", key_file, "--k", "2"]
    result = CliRunner().invoke(app, [*argv, "--profile", str(profile), "--no-ner"])
    assert result.exit_code == 0, result.output
    monkeypatch.undo()
    alone = tmp_path / "alone"
    made = run_stats(
        str(CLEAN), "-o", str(alone), "--previous", PREVIOUS, "--method", "round5",
        "--exempt", "outcome",
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    for name in ("cells.csv", "tactics.csv", "outcome.csv", "audit.json"):
        assert (out / "stats" / name).read_bytes() == (alone / name).read_bytes(), name
    report = json.loads((out / "report.json").read_text())
    assert report["stats"]["method"] == "round5" and report["stats"]["exempt"] == ["outcome"]
    assert report["settings"]["profile"]["stats"]["method"] == "round5"
