"""Dedupe: time for read + find + write, and duplicates found / missed / wrongly removed."""

from __future__ import annotations

from pathlib import Path

from bench.common import synth, timed


def run(rows: int, workdir: Path) -> dict:
    data, truth = synth(workdir, rows, "--duplicates")
    out = workdir / "deduped.csv"
    ours = timed(f"""
from uofclean.dedupe import find_duplicates
from uofclean.io import read_table, write_csv
table = read_table({str(data)!r}, compact=False)
t1 = time.perf_counter()
result = find_duplicates(table.frame)
find_s = time.perf_counter() - t1
write_csv(result.kept_frame(table.frame), {str(out)!r})
out = {{"find_s": find_s, "removed": [[a + 1, b + 1] for a, b, _ in result.removed.iter_rows()]}}""")
    expected = {(d["record"], d["duplicate_of"]) for d in truth["duplicates"]}
    got = {tuple(x) for x in ours["out"]["removed"]}
    traps = {t["record"] for t in truth["traps"]}
    return {
        "rows": rows,
        "find_duplicates_s": round(ours["out"]["find_s"], 2),
        "read_find_write_s": round(ours["seconds"], 2),
        "peak_mb": round(ours["peak_mb"]),
        "duplicates": len(expected),
        "found": len(expected & got),
        "missed": len(expected - got),
        "wrongly_removed": len(got - expected),
        "traps": len(traps),
        "traps_removed": len({a for a, _ in got} & traps),
    }
