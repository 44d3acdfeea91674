"""Validation: time and memory against pandas.read_csv on the same file, and found / missed /
invented against synth's injected errors. uofclean's side is what `uofclean validate` runs:
the file streamed and checked chunk by chunk (validate.stream.validate_file)."""

from __future__ import annotations

from pathlib import Path

from bench.common import synth, timed


def run(rows: int, workdir: Path) -> dict:
    data, truth = synth(workdir, rows, "--errors")
    size_mb = data.stat().st_size / 1e6
    pandas = timed(f"""
import pandas as pd
frame = pd.read_csv({str(data)!r}, dtype=str, keep_default_na=False)
out = len(frame)""")
    ours = timed(f"""
from uofclean.render import render
from uofclean.validate.period import parse_period
from uofclean.validate.stream import validate_file
report = validate_file({str(data)!r}, period=parse_period({":".join(truth["period"])!r}))
render(report, "json")
out = [[f.row, f.check] for f in report.errors]""")
    # A reused RecordID is reported on the later of the two rows, wherever it was injected.
    expected = {
        (e["record"], e["check"]) for e in truth["errors"] if e["check"] != "duplicate-record-id"
    }
    expected |= {
        (max(d["record"], d["duplicate_of"]), "duplicate-record-id")
        for d in truth["duplicates"]
        if d["rule"] == "record-id"
    }
    got = {tuple(x) for x in ours["out"]}
    return {
        "rows": rows,
        "file_mb": round(size_mb, 1),
        "pandas_read_csv_s": round(pandas["seconds"], 2),
        "uofclean_validate_s": round(ours["seconds"], 2),
        "ratio_to_pandas_read": round(ours["seconds"] / pandas["seconds"], 2),
        "peak_mb": round(ours["peak_mb"]),
        "peak_x_file_size": round(ours["peak_mb"] / size_mb, 1),
        "injected_errors": len(expected),
        "found": len(expected & got),
        "missed": len(expected - got),
        "invented": len(got - expected),
    }
