"""Stats: time for `uofclean stats` on a two-year extract (read, dedupe, count both years,
suppress, audit, write), and how much the audit hid and proved."""

from __future__ import annotations

import json
from pathlib import Path

from bench.common import synth, timed


def run(rows: int, workdir: Path) -> dict:
    data, _ = synth(workdir, rows, "--duplicates", "--years", "2")
    out = workdir / "stats"
    ours = timed(f"""
from uofclean.stats.run import make_release
from uofclean.stats.write import write_all
release = make_release({str(data)!r}, previous="2020-04-01:2021-03-31")
t1 = time.perf_counter()
write_all(__import__("pathlib").Path({str(out)!r}), release)
out = {{"write_s": time.perf_counter() - t1}}""")
    audit = json.loads((out / "audit.json").read_text())
    periods = audit["periods"]
    return {
        "rows": rows,
        "stats_s": round(ours["seconds"], 2),
        "write_s": round(ours["out"]["write_s"], 2),
        "peak_mb": round(ours["peak_mb"]),
        "cells_per_period": periods["current"]["cells"],
        "hidden": {p: v["primary"] + v["secondary"] for p, v in periods.items()},
        "audit_rounds": {p: v["audit_rounds"] for p, v in periods.items()},
        "safe": audit["safe"],
    }
