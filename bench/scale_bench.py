"""Scale: each command's time and peak memory at 1x and 4x the rows, UTF-8 and Windows-1252;
validate of the Windows-1252 published layout against a bare pandas parse; --engine dask
against the local pool; and, when asked, one large publish.

Peak memory is VmHWM of the largest single process, workers included (bench.common.timed).
Memory is flat when the 4x peak is at most 1.2x the 1x peak; time is linear when the 4x run
takes at most 4.4x (10 % over 4x) the 1x run. Sizes, as "N,4N":
- BENCH_SCALE_ROWS: validate and dedupe (default 150,000 and 600,000);
- BENCH_SCALE_MODEL_ROWS: the commands that run the model, redact, scan and publish (default
  20,000 and 80,000: on two cores the model reads ~380 texts a second, so 600,000 rows take
  about an hour per command). scan reads what redact wrote: the leak gate runs on releases,
  and a raw extract's findings (every narrative) would grow with the file by design;
- BENCH_SCALE_PUBLISHED_ROWS: the published layout for validate against pandas (150,000);
- BENCH_SCALE_DASK_ROWS: redact with --engine dask against the local pool (20,000);
- BENCH_SCALE_BIG_ROWS: one publish of that many rows (default: none; 1,500,000 is ten years
  of the Met).
The data are made once per size and encoding (bench/scale_data.py) and kept in the workdir.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.common import timed
from bench.scale_data import extract

KEY = Path(__file__).resolve().parent.parent / "fixtures" / "demo.key"
ENCODINGS = ("utf-8", "cp1252")
FLAT = 1.2  # the bound on the 4x peak over the 1x peak
LINEAR = 4.4  # 4x the rows in at most 10 % over 4x the time


def _sizes(name: str, default: str) -> list[int]:
    return [int(n) for n in os.environ.get(name, default).split(",") if n]


def _say(line: str) -> None:
    print(f"   {line}", file=sys.stderr, flush=True)


def command(args: list[str]) -> dict:
    """One uofclean command in a fresh process: seconds, peak MB, exit code."""
    code = f"""
import subprocess, sys
proc = subprocess.run([sys.executable, "-m", "uofclean", *{args!r}], capture_output=True, text=True)
out = [proc.returncode, proc.stderr[-400:]]"""
    result = timed(code)
    figures = {
        "seconds": round(result["seconds"], 1),
        "peak_mb": round(result["peak_mb"]),
        "exit": result["out"][0],
    }
    if figures["exit"] not in (0, 1):
        figures["stderr"] = result["out"][1]
    return figures


def _runs(data: Path, work: Path) -> dict[str, list[str]]:
    key = ["--key-file", str(KEY), "--jobs", "2", "-q"]
    redacted = work / f"r-{data.stem}.csv"
    return {
        "validate": ["validate", str(data), "--format", "json", "-o", str(work / "v.json")],
        "dedupe": ["dedupe", str(data), "-o", str(work / "d.csv"), "-q"],
        "redact": ["redact", str(data), "-o", str(redacted), "--jobs", "2", "-q"],
        "scan": [
            "scan",
            str(redacted),
            "--jobs",
            "2",
            "-q",
            "--format",
            "json",
            "-o",
            str(work / "s.json"),
        ],
        "publish": ["publish", str(data), "-o", str(work / "pub"), *key],
    }


def _ratios(by_rows: dict) -> dict:
    small, large = (by_rows[n] for n in sorted(by_rows)[:2])
    memory = round(large["peak_mb"] / max(1, small["peak_mb"]), 2)
    time = round(large["seconds"] / max(0.1, small["seconds"]), 2)
    return {
        "memory_ratio": memory,
        "memory_flat": memory <= FLAT,
        "time_ratio": time,
        "time_linear": time <= LINEAR,
    }


def commands(work: Path) -> dict:
    """Each command at N and 4N rows, both encodings."""
    fast = _sizes("BENCH_SCALE_ROWS", "150000,600000")
    model = _sizes("BENCH_SCALE_MODEL_ROWS", "20000,80000")
    out: dict = {}
    for encoding in ENCODINGS:
        per: dict = {}
        for sizes, names in (
            (fast, ["validate", "dedupe"]),
            (model, ["redact", "scan", "publish"]),
        ):
            for n in sizes:
                data = extract(work, n, encoding)
                runs = _runs(data, work)
                for name in names:
                    figures = command(runs[name])
                    per.setdefault(name, {})[n] = figures
                    _say(
                        f"{name} {encoding} {n:,} rows: {figures['seconds']} s, {figures['peak_mb']} MB"
                    )
        for by_rows in per.values():
            by_rows.update(_ratios(by_rows))
        out[encoding] = per
    return out


def against_pandas(work: Path) -> dict:
    """validate --schema published of the Windows-1252 published layout, and a bare
    pandas.read_csv(dtype=str) of the same file, in the same run (pandas first and last, to
    even out a machine whose speed drifts)."""
    rows = _sizes("BENCH_SCALE_PUBLISHED_ROWS", "150000")[0]
    data = extract(work, rows, "cp1252", layout="published")
    size = data.stat().st_size / 1e6
    parse = f"""
import pandas as pd
out = len(pd.read_csv({str(data)!r}, dtype=str, keep_default_na=False, encoding="cp1252"))"""
    ours = [
        "validate",
        str(data),
        "--schema",
        "published",
        "--format",
        "json",
        "-o",
        str(work / "p.json"),
    ]
    first, figures, last = timed(parse), command(ours), timed(parse)
    pandas_s = (first["seconds"] + last["seconds"]) / 2
    result = {
        "rows": rows,
        "file_mb": round(size, 1),
        "pandas_read_csv_s": round(pandas_s, 2),
        "validate_s": figures["seconds"],
        "ratio_to_pandas": round(figures["seconds"] / pandas_s, 2),
        "peak_mb": figures["peak_mb"],
        "peak_x_file": round(figures["peak_mb"] / size, 2),
        "exit": figures["exit"],
    }
    result["within_half_pandas"] = result["ratio_to_pandas"] <= 0.5
    result["within_3x_file"] = result["peak_x_file"] <= 3
    _say(f"validate published cp1252 {rows:,} rows: {result}")
    return result


def engines(work: Path) -> dict:
    """redact with the local pool and with --engine dask (a LocalCluster of 2 workers)."""
    rows = _sizes("BENCH_SCALE_DASK_ROWS", "20000")[0]
    data = extract(work, rows, "utf-8")
    out: dict = {"rows": rows}
    for engine in ("local", "dask"):
        target = work / f"e-{engine}.csv"
        figures = command(
            ["redact", str(data), "-o", str(target), "--jobs", "2", "-q", "--engine", engine]
        )
        figures["rows_per_s"] = round(rows / figures["seconds"], 1)
        out[engine] = figures
        _say(f"redact --engine {engine} {rows:,} rows: {figures}")
    out["dask_vs_local"] = round(out["dask"]["rows_per_s"] / out["local"]["rows_per_s"], 2)
    out["within_10_percent"] = out["dask_vs_local"] >= 0.9
    same = (work / "e-local.csv").read_bytes() == (work / "e-dask.csv").read_bytes()
    out["identical_output"] = same
    return out


def big_publish(work: Path) -> dict | None:
    rows = _sizes("BENCH_SCALE_BIG_ROWS", "")
    if not rows:
        return None
    data = extract(work, rows[0], "cp1252")
    figures = command(
        ["publish", str(data), "-o", str(work / "big"), "--key-file", str(KEY), "--jobs", "2", "-q"]
    )
    figures["rows"] = rows[0]
    figures["file_mb"] = round(data.stat().st_size / 1e6)
    _say(f"publish {rows[0]:,} rows: {figures}")
    return figures


def run(rows: int, workdir: Path) -> dict:
    result = {
        "published_layout": against_pandas(workdir),
        "commands": commands(workdir),
        "engines": engines(workdir),
    }
    big = big_publish(workdir)
    if big is not None:
        result["big_publish"] = big
    return result
