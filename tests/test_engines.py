"""The engines: the local pool, Dask and Spark run one batch function and write the same bytes."""

from __future__ import annotations

import importlib.util
import io
import logging

import polars as pl
import pytest

from uofclean.io.chunks import open_chunks
from uofclean.io.writer import CsvStyle
from uofclean.redact import batch
from uofclean.redact.stream import Settings, redact_file

KEY = b"engine-test-key-0123456789"
HEADER = "RecordID,IncidentRef,OfficerName,SubjectName,OfficerID,Justification,InjuryDetails"


def _extract(rows: int) -> bytes:
    """A Windows-1252 extract whose narratives hold quoted newlines (CRLF and LF) and accented
    names, and whose incidents span several forms (the incident lists cross row groups)."""
    out = io.StringIO(newline="")
    out.write(HEADER + "\r\n")
    for i in range(rows):
        ref = f"CAD {1000 + i // 3}/01APR20"
        officer = ["Zoë Ógún", "Renée Dupré", "José Núñez"][i % 3]
        text = (
            f'"Detained Chloé BRÉNNAN ({i}) at 14 Farleigh Road N16.\r\nPC {officer} '
            f'assisted; call 07911 204 {i % 1000:03d}.\nBRÉNNAN said ""no""."'
        )
        out.write(f"UOF-{i:08d},{ref},{officer},Chloé Brénnan,{4500 + i}AB,{text},\r\n")
    return out.getvalue().encode("cp1252")


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    path = tmp_path_factory.mktemp("engines") / "extract.csv"
    path.write_bytes(_extract(45))
    return path


def _redact(path, out, **settings) -> dict:
    table = open_chunks(path)
    spec = batch.RedactSpec(("Justification", "InjuryDetails"), "fake", KEY, True, True)
    return redact_file(
        table, out, Settings(spec, **settings), style=CsvStyle.of(table), audit=f"{out}.audit"
    )


def test_the_fixture_is_what_dask_would_break(extract):
    raw = extract.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    table = open_chunks(extract)
    assert table.streamed and table.encoding == "cp1252"
    assert table.line_of(table.rows - 1) > table.rows + 1  # records span several lines


@pytest.mark.slow
def test_dask_local_cluster_writes_the_bytes_of_the_in_process_run(extract, tmp_path, monkeypatch):
    distributed = pytest.importorskip("distributed")
    import uofclean.engines.dask as engine

    monkeypatch.setattr(engine, "ROWS_PER_GROUP", 4)  # many row groups for two workers
    local = tmp_path / "local.csv"
    _redact(extract, local, jobs=1)
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=logging.ERROR
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = tmp_path / "dask.csv"
        report = _redact(extract, on_dask, engine="dask", scheduler=cluster.scheduler_address)
        loads = client.run(batch.loads)
    assert on_dask.read_bytes() == local.read_bytes()
    assert (tmp_path / "dask.csv.audit").read_bytes() == (tmp_path / "local.csv.audit").read_bytes()
    assert report["entities_by_type"]["PERSON"] > 0
    out = pl.read_csv(on_dask, infer_schema=False)
    assert out["RecordID"].to_list() == [f"UOF-{i:08d}" for i in range(45)]  # in order
    assert not any("BRÉNNAN" in t or "07911" in t for t in out["Justification"])
    assert sorted(loads.values()) == [1, 1], loads  # each worker loaded the model once


def test_unknown_engine_and_scheduler_without_dask_are_refused():
    from uofclean.errors import OptionError

    spec = batch.RedactSpec(("Justification",))
    with pytest.raises(OptionError):
        Settings(spec, engine="ray")
    with pytest.raises(OptionError):
        Settings(spec, engine="local", scheduler="tcp://localhost:8786")


def test_batches_give_the_same_rows_however_the_file_is_cut(extract):
    """The batch function's promise: a row's redaction is its own (keyed pseudonyms, its
    incident's lists carried as columns), whatever batch it is in."""
    from uofclean.redact.context import incident_lists, with_incidents

    frame = pl.concat(c.frame for c in open_chunks(extract).chunks())
    incidents = incident_lists(frame)
    spec = batch.RedactSpec(("Justification",), "fake", KEY, False)
    whole = batch.redact_batch(with_incidents(frame, incidents), spec).frame
    cut = pl.concat(
        batch.redact_batch(with_incidents(frame.slice(s, 7), incidents), spec).frame
        for s in range(0, frame.height, 7)
    )
    assert cut.equals(whole)
    assert not whole["Justification"].equals(frame["Justification"])


@pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None,
    reason="pyspark is not installed (pip install 'uofclean[spark]'; not in the dev lock)",
)
def test_spark_maps_the_batch_function_in_arrow(extract):
    from pyspark.sql import SparkSession

    import uofclean.spark

    frame = pl.concat(c.frame for c in open_chunks(extract).chunks())
    spark = SparkSession.builder.master("local[2]").getOrCreate()
    try:
        df = spark.createDataFrame(frame.to_pandas())
        out = uofclean.spark.redact(df, ["Justification"], "fake", KEY).toPandas()
    finally:
        spark.stop()
    spec = batch.RedactSpec(("Justification",), "fake", KEY, True)
    from uofclean.redact.context import incident_lists, with_incidents

    expected = batch.redact_batch(with_incidents(frame, incident_lists(frame)), spec).frame
    assert sorted(out["Justification"]) == sorted(expected["Justification"].to_list())
