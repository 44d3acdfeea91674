"""Issue 15, without a browser: triage, decisions, the review folder and --decisions in the
commands (the page itself is tested in tests/test_review_browser.py)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from uofclean.redact.types import Span
from uofclean.review import decisions as dec
from uofclean.review import triage
from uofclean.review.page import Review, ReviewRecord, to_csv, to_html

ROOT = Path(__file__).resolve().parents[1]
KEY = str(ROOT / "fixtures" / "demo.key")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "uofclean", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "UOFCLEAN_KEY": ""},
    )


def _cell(text: str, *spans: tuple[str, str, str, float]) -> triage.Cell:
    """A cell whose spans are given by their text (first occurrence), type, rule, score."""
    out = []
    for value, kind, rule, score in spans:
        at = text.index(value)
        out.append(Span(at, at + len(value), kind, score, rule))
    return triage.Cell("Justification", text, out)


# --- triage ----------------------------------------------------------------------------------
def test_every_signal_has_a_weight_in_the_data_file():
    assert set(triage.weights()) == set(triage.SIGNALS)


def test_a_span_the_model_alone_decided_ranks_above_one_a_rule_is_sure_of():
    text = "I detained Kowalczyk outside the shop and applied handcuffs."
    sure = triage.assess([_cell(text, ("Kowalczyk", "PERSON", "row-context", 0.95))])
    weak = triage.assess([_cell(text, ("Kowalczyk", "PERSON", "spacy-ner", 0.75))])
    net = triage.assess([_cell(text, ("Kowalczyk", "PERSON", "safe-list-net", 0.5))])
    assert weak.score > sure.score and net.score > sure.score
    assert weak.signals["model_alone"] == 1 and "model_alone" not in sure.signals


def test_a_kept_name_like_word_is_a_candidate_and_raises_the_risk():
    text = "I spoke to Oyelaran at the front door of the flat."
    caught = triage.assess([_cell(text, ("Oyelaran", "PERSON", "name-heuristics", 0.95))])
    kept = triage.assess([_cell(text)])
    assert kept.score > caught.score
    at = text.index("Oyelaran")
    assert kept.candidates == [[(at, at + len("Oyelaran"))]]
    assert caught.candidates == [[]]
    # everyday words, police words and a word starting a sentence are no candidates
    plain = triage.assess([_cell("Handcuffs were applied. PAVA was drawn at Brixton station.")])
    assert plain.candidates == [[]]


def test_rank_is_highest_first_and_ties_keep_the_file_order():
    risks = [triage.Risk(1.0, {}), triage.Risk(3.0, {}), triage.Risk(1.0, {}), triage.Risk(2.0, {})]
    assert triage.rank(risks) == [1, 3, 0, 2]


def test_a_record_in_capitals_counts_as_one_case():
    text = "SUBJECT WAS DETAINED AND HANDCUFFED TO THE REAR FOR HIS OWN SAFETY"
    assert triage.assess([_cell(text)]).signals.get("one_case") == 1
    assert "one_case" not in triage.assess([_cell(text.capitalize())]).signals


# The risky record comes second in each pair, so weights that told nothing apart (a tie keeps
# the file's order) fail these as surely as weights that ranked the wrong way.
def _first(*cells: triage.Cell) -> int:
    return triage.rank([triage.assess([c]) for c in cells])[0]


def test_a_kept_unexplained_capitalised_word_ranks_above_police_vocabulary():
    vocabulary = _cell(
        "Subject detained under s.136 MHA, handcuffed to the rear, conveyed to custody."
    )
    kept = _cell("Subject detained under s.136 MHA with Tregothnan, handcuffed to the rear.")
    assert _first(vocabulary, kept) == 1


def test_a_kept_name_pair_in_a_record_typed_in_lower_case_ranks_above_it_redacted():
    text = "detained summer heath f 17 on humber bridge, handcuffed for her safety"
    redacted = _cell(text, ("summer heath", "PERSON", "name-heuristics", 0.7))
    assert _first(redacted, _cell(text)) == 1


def test_a_long_record_of_ordinary_words_does_not_outrank_a_short_one_with_a_kept_name():
    ordinary = _cell(
        " ".join(["I applied handcuffs to the rear and he was conveyed to custody."] * 40)
    )
    short = _cell("Male pushed PC over outside the shop, Wolstenholme took the bag.")
    assert _first(ordinary, short) == 1


def test_a_kept_word_beside_a_redacted_name_ranks_above_the_same_word_alone():
    text = 'The DJ was Sukhwinder "Sukhi" KANG and he had a cut to his head.'
    alone = _cell(text, ('Sukhwinder "Sukhi" KANG', "PERSON", "name-heuristics", 0.95))
    beside = _cell(
        text,
        ("Sukhwinder", "PERSON", "name-heuristics", 0.95),
        ("KANG", "PERSON", "name-heuristics", 0.95),
    )
    assert _first(alone, beside) == 1
    risk = triage.assess([beside])
    at = text.index("Sukhi")
    assert (at, at + len("Sukhi")) in risk.candidates[0]


def test_the_bench_scores_records_as_the_page_does():
    """bench.triage measures (and fits) the very score `assess` gives the page and the CSV."""
    from bench import triage as bench

    cells = [
        _cell("I spoke to Oyelaran at the door.", ("Oyelaran", "PERSON", "spacy-ner", 0.75)),
        _cell("I spoke to Oyelaran at the door of 14 Elm Road, Leeds."),
        _cell("HANDCUFFED TO THE REAR, CONVEYED TO CUSTODY BY PC 4412"),
        _cell(""),
    ]
    cases = [{"id": str(i), "text": c.text, "pii": []} for i, c in enumerate(cells)]
    rows = bench.rows_of(cases, [c.spans for c in cells])
    bench._label(rows, cases, [c.spans for c in cells])
    design = bench.Design(rows)
    measured = bench.scores(design, rows, triage.weighting())
    assert measured == pytest.approx([triage.assess([c]).score for c in cells], abs=1e-3)


def test_the_fit_learns_which_kept_tokens_leak():
    """Planted: capitalised rare tokens leak, lower-case ones never do. The fitted token
    weights must say so, and rank the records holding the first kind first."""
    from bench import triage as bench

    rows = []
    for i in range(60):
        risky = i % 3 == 0
        feats = ("capitalised", "rare") if risky else ("lower", "common")
        tokens = [[0, 1, list(feats)]] + [[2, 3, ["lower"]]] * 5
        leaked = [risky and i % 6 == 0] + [False] * 5
        counts = dict.fromkeys(triage.SIGNALS, 0.0)
        del counts["kept"]
        counts["length"] = 6.0
        rows.append(
            {
                "tokens": tokens,
                "token_leaked": leaked,
                "counts": counts,
                "leaks": int(leaked[0]),
                "chars": 20,
            }
        )
    design = bench.Design(rows)
    w = bench.fit(design, rows, (1.0, 1.0))
    assert w.token["rare"] > w.token["common"] and w.token["capitalised"] > w.token["lower"]
    risk = bench.scores(design, rows, w)
    top = sorted(range(len(rows)), key=lambda i: -risk[i])[:20]
    assert all(i % 3 == 0 for i in top)


# --- decisions -------------------------------------------------------------------------------
SHA = "a" * 64


def _decisions(*items: dict, sha: str = SHA) -> dec.Decisions:
    return dec.parse({"uofclean_decisions": 1, "extract_sha256": sha, "decisions": list(items)})


def test_decisions_read_the_same_from_json_and_toml(tmp_path):
    made = _decisions(
        {
            "action": "redact",
            "scope": "record",
            "record": 3,
            "column": "Justification",
            "text": "Bigg Market",
            "type": "ADDRESS",
        },
        {"action": "keep", "scope": "everywhere", "text": 'Op "KESTREL"'},
    )
    made.accepted = [4, 2]
    (tmp_path / "d.json").write_text(json.dumps(made.to_dict()))
    (tmp_path / "d.toml").write_text(dec.to_toml(made))
    assert tomllib.loads(dec.to_toml(made))["decisions"][1]["text"] == 'Op "KESTREL"'
    from_json, from_toml = dec.load(tmp_path / "d.json"), dec.load(tmp_path / "d.toml")
    assert from_json == from_toml
    assert from_json.decisions == made.decisions and from_json.accepted == [2, 4]


@pytest.mark.parametrize(
    "item, why",
    [
        ({"action": "delete", "scope": "record", "record": 1, "text": "Secretname"}, "action"),
        ({"action": "keep", "scope": "record", "text": "Secretname"}, "record number"),
        ({"action": "redact", "scope": "everywhere", "text": "Secretname", "type": "X"}, "type"),
        ({"action": "keep", "scope": "everywhere", "text": "  "}, "text"),
    ],
)
def test_a_malformed_decision_is_named_by_its_place_never_its_value(item, why):
    with pytest.raises(dec.DecisionsError) as err:
        _decisions({"action": "keep", "scope": "everywhere", "text": "Fine"}, item)
    assert "decision 2" in str(err.value) and why in str(err.value)
    assert "Secretname" not in str(err.value)


def test_a_file_that_is_no_decisions_file_is_refused(tmp_path):
    bad = tmp_path / "d.json"
    bad.write_text('{"decisions": [], "note": "Secretname"')
    with pytest.raises(dec.DecisionsError) as err:
        dec.load(bad)
    assert "Secretname" not in str(err.value)
    bad.write_text(json.dumps({"uofclean_decisions": 1, "extract_sha256": "nope"}))
    with pytest.raises(dec.DecisionsError, match="64 hex"):
        dec.load(bad)


def test_keep_drops_that_redaction_in_its_record_only():
    text = "Op Kestrel was briefed. Kestrel team attended."
    spans = [Span(3, 10, "PERSON", 0.5, "safe-list-net"), Span(24, 31, "PERSON", 0.5, "x")]
    applier = dec.Applier(
        _decisions({"action": "keep", "scope": "record", "record": 2, "text": "kestrel"})
    )
    assert applier(0, "Justification", text, spans) == spans  # record 1: not this one
    assert applier(1, "Justification", text, spans) == []  # record 2: both kept
    assert applier.report(SHA)["redactions_kept"] == 2
    assert applier.report(SHA)["decisions_unused"] == 0


def test_redact_adds_whole_words_in_any_case_and_merges_with_what_was_found():
    text = "Big Dave ran off. BIG DAVE was found. Bigdave is a word here."
    found = [Span(0, 3, "PERSON", 0.6, "spacy-ner")]
    applier = dec.Applier(
        _decisions({"action": "redact", "scope": "everywhere", "text": "big dave"})
    )
    out = applier(5, "InjuryDetails", text, found)
    assert [(s.start, s.end) for s in out] == [(0, 8), (18, 26)]  # "Bigdave" untouched
    assert out[0].recognizer == "spacy-ner" and out[1].recognizer == dec.RECOGNIZER
    assert applier.report(SHA)["redactions_added"] == 2


def test_where_redact_and_keep_disagree_redaction_wins():
    text = "Spoke to Rook."
    spans = [Span(9, 13, "PERSON", 0.5, "safe-list-net")]
    applier = dec.Applier(
        _decisions(
            {"action": "keep", "scope": "everywhere", "text": "Rook"},
            {"action": "redact", "scope": "everywhere", "text": "Rook"},
        )
    )
    assert [(s.start, s.end) for s in applier(0, "Justification", text, spans)] == [(9, 13)]


def test_the_sha_note_warns_only_for_another_file():
    made = _decisions()
    assert dec.sha_note(made, SHA) == []
    assert "another file" in dec.sha_note(made, "b" * 64)[0]


# --- the page and the CSV from a Review ------------------------------------------------------
def _review() -> Review:
    records = [
        ReviewRecord(1, [_cell("Handcuffs applied to the male.")]),
        ReviewRecord(
            2,
            [
                _cell(
                    "I spoke to Oyelaran </script><b>x</b> here.",
                    ("Oyelaran", "PERSON", "spacy-ner", 0.75),
                )
            ],
        ),
        ReviewRecord(
            3,
            [
                _cell(
                    "He rang from +447700900123 today.",
                    ("+447700900123", "PHONE", "phone-numbers", 0.9),
                )
            ],
        ),
    ]
    return Review.build("x.csv", SHA, ["Justification"], records)


def test_a_name_only_the_model_found_ranks_above_the_same_name_a_rule_found():
    """The same text and span; only who found it differs. (Whether the model alone outranks
    a record with nothing found at all is the fitted weights' call, not ours.)"""
    text = "I spoke to Oyelaran at the front door."
    review = Review.build(
        "x.csv",
        SHA,
        ["Justification"],
        [
            ReviewRecord(1, [_cell(text, ("Oyelaran", "PERSON", "name-heuristics", 0.95))]),
            ReviewRecord(2, [_cell(text, ("Oyelaran", "PERSON", "spacy-ner", 0.75))]),
        ],
    )
    assert review.risks[1].score > review.risks[0].score
    assert review.order[0] == 1


def test_the_page_loads_nothing_and_no_text_can_end_its_script():
    page = to_html(_review())
    assert "default-src 'none'" in page
    assert "</script><b>" not in page  # escaped inside the JSON
    assert page.count("<script") == 2 and "src=" not in page
    assert "RESTRICTED" in page


def test_the_csv_lists_every_redaction_in_risk_order_and_defuses_formulas():
    review = _review()
    rows = list(csv.DictReader(io.StringIO(to_csv(review))))
    assert rows[0]["record"] == str(review.records[review.order[0]].record)
    ranks = [int(r["risk_rank"]) for r in rows]
    assert ranks == sorted(ranks) and set(ranks) == {1, 2, 3}
    risks = [float(r["risk"]) for r in rows]
    assert risks == sorted(risks, reverse=True)
    model = next(r for r in rows if r["record"] == "2")
    assert (model["span"], model["type"], model["rule"], model["uncertain"]) == (
        "Oyelaran",
        "PERSON",
        "spacy-ner",
        "1",
    )
    phone = next(r for r in rows if r["record"] == "3")
    assert phone["span"] == "'+447700900123" and phone["uncertain"] == "0"
    nothing = next(r for r in rows if r["record"] == "1")
    assert nothing["span"] == "" and nothing["type"] == ""


# --- the commands ----------------------------------------------------------------------------
NARRATIVES = [
    "I spoke to Oyelaran at the front door, he was calm. Op Kestrel briefing held.",
    "Subject rang 07700 900123 and swore at PC Dawson. Handcuffs were applied.",
    "No injuries. Ground restraint used for his own safety.",
]


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> Path:
    """A small extract: synth's columns, our own narratives."""
    work = tmp_path_factory.mktemp("review")
    path = work / "extract.csv"
    made = _run("synth", "--rows", "3", "--seed", "2", "-o", str(path))
    assert made.returncode == 0, made.stderr
    frame = __import__("polars").read_csv(path, infer_schema=False)
    frame = frame.with_columns(
        __import__("polars").Series("Justification", NARRATIVES),
        __import__("polars").lit("").alias("InjuryDetails"),
    )
    frame.write_csv(path)
    return path


def test_review_writes_a_restricted_folder(extract, tmp_path):
    out = tmp_path / "review"
    done = _run("review", str(extract), "-o", str(out), "--format", "both", "--no-ner", "-j", "1")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "review.csv", "review.html"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in out.iterdir())
    assert "RESTRICTED" in (out / "README.txt").read_text()
    assert "RESTRICTED" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    for value in ("Oyelaran", "07700", "Dawson"):
        assert value not in done.stderr
    rows = list(csv.DictReader((out / "review.csv").open()))
    assert {"record", "column", "span", "type", "rule", "score", "risk_rank"} <= set(rows[0])
    assert any(r["type"] == "PHONE" and r["span"] == "07700 900123" for r in rows)
    # a second run replaces the folder whole
    again = _run("review", str(extract), "-o", str(out), "--format", "csv", "--no-ner", "-j", "1")
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.txt", "review.csv"]


def test_review_refuses_a_folder_in_a_release_or_holding_other_files(extract, tmp_path):
    release = tmp_path / "release"
    release.mkdir()
    (release / "release.csv").write_text("x\n")
    inside = _run("review", str(extract), "-o", str(release / "review"), "--no-ner")
    assert inside.returncode == 2 and "release folder" in inside.stderr
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    refused = _run("review", str(extract), "-o", str(other), "--no-ner")
    assert refused.returncode == 2 and (other / "notes.txt").exists()
    bad = _run("review", str(extract), "-o", str(tmp_path / "r"), "--format", "pdf")
    assert bad.returncode == 2 and "--format" in bad.stderr


def _decisions_file(path: Path, extract: Path, *items: dict, sha: str | None = None) -> Path:
    sha = sha or hashlib.sha256(extract.read_bytes()).hexdigest()
    path.write_text(
        json.dumps({"uofclean_decisions": 1, "extract_sha256": sha, "decisions": list(items)})
    )
    return path


def test_redact_obeys_decisions_and_counts_what_they_changed(extract, tmp_path):
    plain, decided, report = tmp_path / "plain.csv", tmp_path / "decided.csv", tmp_path / "r.json"
    first = _run("redact", str(extract), "-o", str(plain), "--no-ner", "-j", "1")
    assert first.returncode == 0, first.stderr
    before = list(csv.DictReader(plain.open()))
    assert "07700 900123" not in before[1]["Justification"]  # redacted without decisions
    assert "briefing" in before[0]["Justification"]
    file = _decisions_file(
        tmp_path / "d.json",
        extract,
        {
            "action": "keep",
            "scope": "record",
            "record": 2,
            "column": "Justification",
            "text": "07700 900123",
        },
        {
            "action": "redact",
            "scope": "record",
            "record": 1,
            "column": "Justification",
            "text": "briefing",
            "type": "PERSON",
        },
    )
    done = _run(
        "redact",
        str(extract),
        "-o",
        str(decided),
        "--no-ner",
        "-j",
        "1",
        "--decisions",
        str(file),
        "--report",
        str(report),
    )
    assert done.returncode == 0, done.stderr
    after = list(csv.DictReader(decided.open()))
    assert "07700 900123" in after[1]["Justification"]
    assert "briefing" not in after[0]["Justification"]
    assert after[0]["Justification"] == before[0]["Justification"].replace("briefing", "[PERSON]")
    assert after[2] == before[2]
    counts = json.loads(report.read_text())["decisions"]
    assert counts == {
        "decisions": 2,
        "redactions_added": 1,
        "redactions_kept": 1,
        "decisions_unused": 0,
        "extract_sha256_matches": True,
    }
    assert "briefing" not in done.stderr and "07700" not in done.stderr
    assert "another file" not in done.stderr


def test_decisions_for_another_file_warn(extract, tmp_path):
    file = _decisions_file(
        tmp_path / "d.json",
        extract,
        {"action": "keep", "scope": "everywhere", "text": "x"},
        sha="b" * 64,
    )
    done = _run(
        "redact",
        str(extract),
        "-o",
        str(tmp_path / "o.csv"),
        "--no-ner",
        "-j",
        "1",
        "--decisions",
        str(file),
    )
    assert done.returncode == 0 and "another file" in done.stderr


def test_a_broken_decisions_file_stops_the_run_before_any_output(extract, tmp_path):
    bad = tmp_path / "d.json"
    bad.write_text('{"uofclean_decisions": 1, "secret": "Oyelaran"')
    out = tmp_path / "o.csv"
    done = _run("redact", str(extract), "-o", str(out), "--no-ner", "--decisions", str(bad))
    assert done.returncode == 2 and not out.exists()
    assert "Oyelaran" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_scan_obeys_decisions(extract, tmp_path):
    plain = _run("scan", str(extract), "--no-ner", "-j", "1", "--format", "json")
    assert plain.returncode == 1
    found = {f["row"] for f in json.loads(plain.stdout)["findings"]}
    assert {1, 2} <= found
    # keeping what was found in record 1 clears it; redacting "Handcuffs" everywhere is a leak
    kept = _decisions_file(
        tmp_path / "d.json",
        extract,
        {"action": "keep", "scope": "record", "record": 1, "text": "Oyelaran"},
        {"action": "redact", "scope": "everywhere", "text": "Ground restraint"},
    )
    done = _run(
        "scan", str(extract), "--no-ner", "-j", "1", "--format", "json", "--decisions", str(kept)
    )
    result = json.loads(done.stdout)
    rows = {f["row"] for f in result["findings"]}
    assert 1 not in rows and 3 in rows
    assert result["decisions"]["redactions_kept"] == 1
    assert result["decisions"]["redactions_added"] == 1


def test_publish_obeys_decisions_and_writes_its_review_apart(extract, tmp_path):
    release, review = tmp_path / "release", tmp_path / "review"
    file = _decisions_file(
        tmp_path / "d.json",
        extract,
        {"action": "redact", "scope": "everywhere", "text": "briefing", "type": "PERSON"},
    )
    inside = _run(
        "publish",
        str(extract),
        "-o",
        str(release),
        "--key-file",
        KEY,
        "--no-ner",
        "--review",
        str(release / "review"),
    )
    assert inside.returncode == 2 and not release.exists()
    done = _run(
        "publish",
        str(extract),
        "-o",
        str(release),
        "--key-file",
        KEY,
        "--no-ner",
        "-j",
        "1",
        "--decisions",
        str(file),
        "--review",
        str(review),
    )
    assert done.returncode in (0, 1), done.stderr  # a 3-row extract may fail disclosure
    report = json.loads((release / "report.json").read_text())
    assert report["steps"]["redact"]["decisions"]["redactions_added"] == 1
    assert (review / "review.html").is_file() and not (release / "review.html").exists()
    assert "briefing" not in (release / "report.json").read_text()
    assert "briefing" not in (release / "report.html").read_text()
