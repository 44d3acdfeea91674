"""Stats: time for `uofclean stats` on a two-year extract (read, dedupe, count both years,
suppress, audit, write), and how much the audit hid and proved; then the audit of the other
units and of --method round5 on the same extract (every default table set must be safe)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import synth, timed

PREVIOUS = "2020-04-01:2021-03-31"
VARIANTS = {  # name -> make_release's options, beside the default (report, suppress)
    "incident": {"unit": "incident"},
    "subject": {"unit": "subject"},
    "round5": {"method": "round5"},
}


def _timed_release(data: Path, out: Path, **options) -> dict:
    return timed(f"""
from uofclean.stats.run import make_release
from uofclean.stats.write import write_all
release = make_release({str(data)!r}, previous={PREVIOUS!r}, **{options!r})
t1 = time.perf_counter()
write_all(__import__("pathlib").Path({str(out)!r}), release)
out = {{"write_s": time.perf_counter() - t1, "cpu_s": time.process_time()}}""")


def _audit(out: Path) -> dict:
    audit = json.loads((out / "audit.json").read_text())
    periods = audit["periods"]
    return {
        "hidden": {p: v["primary"] + v["secondary"] for p, v in periods.items()},
        "audit_rounds": {p: v["audit_rounds"] for p, v in periods.items()},
        "safe": audit["safe"],
    }


def run(rows: int, workdir: Path) -> dict:
    data, _ = synth(workdir, rows, "--duplicates", "--years", "2")
    out = workdir / "stats"
    ours = _timed_release(data, out)
    audit = json.loads((out / "audit.json").read_text())
    result = {
        "rows": rows,
        "stats_s": round(ours["seconds"], 2),
        # CPU of every thread, imports included: steadier than wall time on a shared machine
        "cpu_s": round(ours["out"]["cpu_s"], 2),
        "write_s": round(ours["out"]["write_s"], 2),
        "peak_mb": round(ours["peak_mb"]),
        "cells_per_period": audit["periods"]["current"]["cells"],
        **_audit(out),
    }
    for name, options in VARIANTS.items():
        there = workdir / f"stats-{name}"
        timing = _timed_release(data, there, **options)
        result[name] = {"stats_s": round(timing["seconds"], 2), **_audit(there)}
    return result
