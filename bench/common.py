"""Shared benchmark helpers: generate data with synth, time code in a fresh process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# The process's own peak is VmHWM: ru_maxrss (RUSAGE_SELF) survives exec, so in a child it starts
# at the size of the benchmark process that forked it (which holds the truth file, ~1 GB).
TIMER = """
import json, resource, sys, time
t0 = time.perf_counter()
{code}
elapsed = time.perf_counter() - t0
def own_peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
peak = max(own_peak_kb(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
print(json.dumps({{"seconds": elapsed, "peak_mb": peak, "out": out}}))
"""


def timed(code: str) -> dict:
    """Run `code` (which sets `out`) in a new Python process; wall time and the peak memory of
    the largest single process (the parent or one of its workers)."""
    proc = subprocess.run(
        [sys.executable, "-c", TIMER.format(code=code)], capture_output=True, text=True, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def synth(workdir: Path, rows: int, *flags: str, seed: int = 3) -> tuple[Path, dict]:
    data, truth = workdir / f"synth-{rows}.csv", workdir / f"synth-{rows}.truth.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "uofclean",
            "synth",
            "--rows",
            str(rows),
            "--seed",
            str(seed),
            *flags,
            "--truth",
            str(truth),
            "-o",
            str(data),
            "--quiet",
        ],
        check=True,
    )
    return data, json.loads(truth.read_text())
