"""Scale: each command's time and peak memory at 1x and 4x the rows, UTF-8 and Windows-1252,
and --engine dask against the local pool.

Peak memory is VmHWM of the largest single process, workers included (bench.common.timed).
Memory is flat when the 4x peak is at most 1.2x the 1x peak. Sizes: BENCH_SCALE_ROWS (the
fast commands, validate and dedupe; default 150,000 and 600,000) and BENCH_SCALE_MODEL_ROWS
(the commands that run the model: scan, redact, publish; default the same), as "N,4N";
BENCH_SCALE_DASK_ROWS (default 20,000) for the engines' throughput.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.common import synth, timed

KEY = Path(__file__).resolve().parent.parent / "fixtures" / "demo.key"


def _sizes(name: str, default: str) -> list[int]:
    return [int(n) for n in os.environ.get(name, default).split(",")]


def _command(args: list[str]) -> dict:
    code = f"""
import subprocess, sys
proc = subprocess.run([sys.executable, "-m", "uofclean", *{args!r}], capture_output=True, text=True)
out = proc.returncode"""
    result = timed(code)
    return {
        "seconds": round(result["seconds"], 1),
        "peak_mb": round(result["peak_mb"]),
        "exit": result["out"],
    }


def _commands(data: Path, workdir: Path, which: list[str]) -> dict:
    runs = {
        "validate": ["validate", str(data), "--format", "json", "-o", str(workdir / "v.json")],
        "dedupe": ["dedupe", str(data), "-o", str(workdir / "d.csv"), "-q"],
        "scan": [
            "scan",
            str(data),
            "--jobs",
            "2",
            "-q",
            "--format",
            "json",
            "-o",
            str(workdir / "s.json"),
        ],
        "redact": ["redact", str(data), "-o", str(workdir / "r.csv"), "--jobs", "2", "-q"],
        "publish": [
            "publish",
            str(data),
            "-o",
            str(workdir / "pub"),
            "--key-file",
            str(KEY),
            "--jobs",
            "2",
            "-q",
        ],
    }
    return {name: _command(runs[name]) for name in which}


def run(rows: int, workdir: Path) -> dict:
    fast = _sizes("BENCH_SCALE_ROWS", "150000,600000")
    model = _sizes("BENCH_SCALE_MODEL_ROWS", "150000,600000")
    result: dict = {}
    for encoding in ("utf-8", "cp1252"):
        per: dict = {}
        for sizes, commands in (
            (fast, ["validate", "dedupe"]),
            (model, ["scan", "redact", "publish"]),
        ):
            for n in sizes:
                data, _ = synth(workdir, n, "--encoding", encoding)
                target = data.with_name(f"synth-{n}-{encoding}.csv")
                data.replace(target)
                for cmd, figures in _commands(target, workdir, commands).items():
                    per.setdefault(cmd, {})[n] = figures
                print(f"   {encoding} {n:,} rows done", file=sys.stderr, flush=True)
        for by_rows in per.values():
            small, large = (by_rows[n] for n in sorted(by_rows)[:2])
            by_rows["memory_ratio"] = round(large["peak_mb"] / max(1, small["peak_mb"]), 2)
            by_rows["time_ratio"] = round(large["seconds"] / max(0.1, small["seconds"]), 2)
        result[encoding] = per
    n = _sizes("BENCH_SCALE_DASK_ROWS", "20000")[0]
    data, _ = synth(workdir, n)
    engines = {}
    for engine in ("local", "dask"):
        figures = _command(
            [
                "redact",
                str(data),
                "-o",
                str(workdir / f"e-{engine}.csv"),
                "--jobs",
                "2",
                "-q",
                "--engine",
                engine,
            ]
        )
        figures["rows_per_s"] = round(n / figures["seconds"], 1)
        engines[engine] = figures
    engines["dask_vs_local"] = round(
        engines["dask"]["rows_per_s"] / engines["local"]["rows_per_s"], 2
    )
    same = (workdir / "e-local.csv").read_bytes() == (workdir / "e-dask.csv").read_bytes()
    engines["identical_output"] = same
    result["engines"] = {"rows": n, **engines}
    return result
