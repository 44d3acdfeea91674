"""Dedupe: time for read + find + write, and duplicates found / missed / wrongly removed. The
path is `uofclean dedupe`'s: the keys read as the file is surveyed, the rows streamed out."""

from __future__ import annotations

from pathlib import Path

from bench.common import synth, timed


def run(rows: int, workdir: Path) -> dict:
    data, truth = synth(workdir, rows, "--duplicates")
    out = workdir / "deduped.csv"
    ours = timed(f"""
from uofclean.dedupe import Suspects, duplicates_of, read_keys, write_deduped
from uofclean.io.chunks import open_reading
from uofclean.io.writer import CsvStyle
table, keys = open_reading({str(data)!r}, lambda _table, chunks: read_keys(chunks))
t1 = time.perf_counter()
result = duplicates_of(keys)
find_s = time.perf_counter() - t1
write_deduped(table, result, Suspects(keys, result.keep), {str(out)!r}, None, CsvStyle.of(table))
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
