"""A reviewer's decisions on top of the batch function: the same output, counts and review
whether the rows run in one process or two, in one chunk or many, locally or on Dask
(decisions name records, which each row carries with it)."""

from __future__ import annotations

import hashlib
import json
import logging

import polars as pl
import pytest

from tests.test_engines import KEY, _extract
from tests.test_review import _run
from uofclean.io import chunks
from uofclean.io.chunks import open_chunks
from uofclean.io.writer import CsvStyle
from uofclean.redact import batch, pipeline
from uofclean.redact.stream import Settings, redact_file, scan_file
from uofclean.review import decisions as dec
from uofclean.review.page import review_table, to_csv

COLUMNS = ("Justification", "InjuryDetails")
# (jobs, rows per chunk): one process and one chunk, one process and chunks of 4 rows (a
# decision's record is rarely a chunk's first), and two worker processes over those chunks
RUNS = [(1, 500), (1, 4), (2, 4)]


def _cut(monkeypatch, rows: int) -> None:
    """Chunks of `rows` rows, and as many worker processes as --jobs asks for (the pool has
    no more workers than chunks)."""
    monkeypatch.setattr(chunks, "CHUNK_ROWS", rows)  # read when a pass starts
    monkeypatch.setattr(pipeline, "CHUNK_ROWS", rows)


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    path = tmp_path_factory.mktemp("decided") / "extract.csv"
    path.write_bytes(_extract(30))
    return path


@pytest.fixture(scope="module")
def decided(extract) -> dec.Decisions:
    sha = hashlib.sha256(extract.read_bytes()).hexdigest()
    return dec.parse(
        {
            "uofclean_decisions": 1,
            "extract_sha256": sha,
            "decisions": [
                # one record's word, in the middle of a 4-row chunk
                {"action": "redact", "scope": "record", "record": 6, "text": "Detained"},
                # a redaction that was wrong, in one record only
                {"action": "keep", "scope": "record", "record": 19, "text": "07911 204 018"},
                {"action": "redact", "scope": "everywhere", "text": "assisted"},
                {"action": "keep", "scope": "everywhere", "text": "no one writes this"},
            ],
        }
    )


def _redact(extract, out, decisions, jobs):
    table = open_chunks(extract)
    spec = batch.RedactSpec(COLUMNS, "fake", KEY, False, True, decisions)
    return redact_file(
        table, out, Settings(spec, jobs=jobs), style=CsvStyle.of(table), audit=f"{out}.audit"
    )


@pytest.mark.parametrize("jobs, rows", RUNS[1:])
def test_decisions_redact_the_same_however_the_rows_are_cut_or_run(
    extract, decided, tmp_path, monkeypatch, jobs, rows
):
    first = tmp_path / "one.csv"
    whole = _redact(extract, first, decided, 1)
    _cut(monkeypatch, rows)
    again = tmp_path / "cut.csv"
    cut = _redact(extract, again, decided, jobs)
    assert again.read_bytes() == first.read_bytes()
    assert (tmp_path / "cut.csv.audit").read_bytes() == (tmp_path / "one.csv.audit").read_bytes()
    assert cut["decisions"] == whole["decisions"]
    assert whole["decisions"] == {
        "decisions": 4,
        "redactions_added": 31,  # "Detained" once, "assisted" in each of 30 records
        "redactions_kept": 1,
        "decisions_unused": 1,
        "extract_sha256_matches": True,
    }
    out = pl.read_csv(first, infer_schema=False, encoding="utf8-lossy")["Justification"]
    assert [i for i, t in enumerate(out) if "Detained" not in t] == [5]  # record 6 only
    assert [i for i, t in enumerate(out) if "07911 204" in t] == [18]  # record 19 kept it
    assert not any("assisted" in t for t in out)


@pytest.mark.parametrize("jobs, rows", RUNS)
def test_the_scan_obeys_decisions_the_same_way_in_every_run(
    extract, decided, monkeypatch, jobs, rows
):
    _cut(monkeypatch, rows)
    table = open_chunks(extract)
    plain = scan_file(table, list(COLUMNS), ner=False, jobs=jobs, progress=False)
    result = scan_file(
        table, list(COLUMNS), ner=False, jobs=jobs, progress=False, decisions=decided
    )
    assert result.decided is not None
    found = [(f.row, f.column, f.message) for f in result.findings]
    # the same in every run: record 6's "Detained" is a finding now; record 19 still has
    # personal data besides the phone it kept
    assert found == _scanned(extract, decided)
    assert {f.row for f in plain.findings} <= {f.row for f in result.findings}
    report = result.decided.report(decided, table.sha256)
    assert report["redactions_added"] == 31 and report["redactions_kept"] == 1


_SCANNED: dict = {}


def _scanned(extract, decided) -> list:
    """The findings of the one-process, one-chunk scan (the reference)."""
    if "found" not in _SCANNED:
        result = scan_file(
            open_chunks(extract),
            list(COLUMNS),
            ner=False,
            jobs=1,
            progress=False,
            decisions=decided,
        )
        _SCANNED["found"] = [(f.row, f.column, f.message) for f in result.findings]
    return _SCANNED["found"]


@pytest.mark.parametrize("jobs, rows", RUNS[1:])
def test_the_review_keeps_the_same_spans_across_chunks(extract, monkeypatch, jobs, rows):
    spec = batch.RedactSpec(COLUMNS, ner=False, keep_spans=True)
    whole, made = review_table(open_chunks(extract), Settings(spec, jobs=1))
    _cut(monkeypatch, rows)
    cut, again = review_table(open_chunks(extract), Settings(spec, jobs=jobs))
    assert to_csv(cut) == to_csv(whole) and again == made > 0
    assert [r.record for r in cut.records] == list(range(1, 31))


def test_publish_obeys_decisions_the_same_across_chunks(tmp_path, monkeypatch):
    """publish's two passes: redaction in the first, the scan and its second look in the
    second, each chunk's rows naming the input's records (after dedupe)."""
    from uofclean.publish.chain import publish_extract
    from uofclean.publish.profile import load_profile

    path = tmp_path / "extract.csv"
    made = _run("synth", "--rows", "40", "--seed", "4", "-o", str(path))
    assert made.returncode == 0, made.stderr
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    decisions = dec.parse(
        {
            "uofclean_decisions": 1,
            "extract_sha256": sha,
            "decisions": [
                {"action": "redact", "scope": "everywhere", "text": "the"},
                {"action": "redact", "scope": "record", "record": 7, "text": "and"},
            ],
        }
    )
    profile = load_profile(None, 1)
    key = KEY

    def run(jobs: int) -> tuple[dict, list]:
        result = publish_extract(
            str(path), profile, key=key, ner=False, jobs=jobs, decisions=decisions, review=True
        )
        report = result.report
        frames = list(result.release.frames()) if result.release is not None else []
        if result.release is not None:
            result.release.close()
        assert result.review is not None
        return (
            {
                "redact": report["steps"]["redact"],
                "scan": report["steps"]["scan"],
                "review": to_csv(result.review),
            },
            frames,
        )

    whole, released = run(1)
    _cut(monkeypatch, 3)
    cut, again = run(2)
    assert json.dumps(cut, sort_keys=True) == json.dumps(whole, sort_keys=True)
    assert len(again) > 1 or not released  # cut into several chunks
    assert (pl.concat(again).equals(pl.concat(released))) if released else not again
    assert whole["redact"]["decisions"]["redactions_added"] > 40
    assert whole["redact"]["decisions"]["decisions_unused"] == 0


@pytest.mark.slow
def test_dask_obeys_decisions_as_the_local_pool_does(extract, decided, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import uofclean.engines.dask as engine

    monkeypatch.setattr(engine, "ROWS_PER_GROUP", 4)
    local = tmp_path / "local.csv"
    expected = _redact(extract, local, decided, 1)
    table = open_chunks(extract)
    spec = batch.RedactSpec(COLUMNS, "fake", KEY, False, True, decided)
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR
    ) as cluster:
        on_dask = tmp_path / "dask.csv"
        settings = Settings(spec, engine="dask", scheduler=cluster.scheduler_address)
        report = redact_file(
            table, on_dask, settings, style=CsvStyle.of(table), audit=f"{on_dask}.audit"
        )
    assert on_dask.read_bytes() == local.read_bytes()
    assert (tmp_path / "dask.csv.audit").read_bytes() == (tmp_path / "local.csv.audit").read_bytes()
    assert report["decisions"] == expected["decisions"]


def test_two_jobs_over_small_chunks_do_use_two_worker_processes(monkeypatch):
    _cut(monkeypatch, 4)
    with pipeline.DetectionRunner(ner=False, jobs=2, rows=30) as runner:
        assert runner.pool is not None and runner.processes == 2
