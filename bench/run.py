"""`make bench`: throughput, peak memory and accuracy on generated data of realistic size.

Each area keeps its own benchmark module with `run(rows, workdir) -> dict`; this script runs them
in one go, prints a summary and writes bench/out/results.json. Sizes can be overridden with
environment variables (BENCH_VALIDATE_ROWS, BENCH_DEDUPE_ROWS, BENCH_REDACT_ROWS,
BENCH_REVIEW_ROWS, BENCH_STATS_ROWS) for a quick run.
"""

from __future__ import annotations

import importlib
import json
import os
import platform
import sys
import time
from pathlib import Path

AREAS = {
    "validate": ("bench.validate_bench", 150_000),
    "dedupe": ("bench.dedupe_bench", 150_000),
    "redact": ("bench.redact_bench", 20_000),
    # the statistics tables of two years, suppressed and audited, with the comparison
    "stats": ("bench.stats_bench", 150_000),
    # narratives written apart from synth and the recognizers, and the peers' test cases
    "written": ("bench.heldout", 0),
    # seeded mutants of an extract through every command, checking the CLI's promises
    "fuzz": ("bench.fuzz", 200),
    # the review page of 20,000 records opened and filtered in headless Chromium
    "review": ("bench.review_bench", 20_000),
    # the share of the leaks left that triage puts at the top of the review
    "triage": ("bench.triage", 0),
    # each command at 1x and 4x the rows, UTF-8 and Windows-1252; Dask against the local pool
    "scale": ("bench.scale_bench", 0),
}


def main(argv: list[str]) -> int:
    wanted = argv or list(AREAS)
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    results: dict = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "started": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    for area in wanted:
        module_name, default_rows = AREAS[area]
        rows = int(os.environ.get(f"BENCH_{area.upper()}_ROWS", default_rows))
        workdir = out / area
        workdir.mkdir(exist_ok=True)
        print(f"== {area}: {rows:,} rows", flush=True)
        module = importlib.import_module(module_name)
        results[area] = module.run(rows, workdir)
        print(json.dumps(results[area], indent=2), flush=True)
    (out / "results.json").write_text(json.dumps(results, indent=2))
    print(f"results written to {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
