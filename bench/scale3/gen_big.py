"""Scale figures' data (SCALE_FIGURES.md): the 600,000-row UTF-8 extract made by
bench.scale_data.extract, its first 150,000 rows as the 150,000-row file (what extract(150000)
makes: the same first part), both transcoded to Windows-1252, and the published layout."""

import sys
import time
from pathlib import Path

from bench.scale_data import _csv_bytes, extract
from uofclean.io.chunks import open_chunks

w = Path("bench/out/scale")
w.mkdir(parents=True, exist_ok=True)
if sys.argv[1:] == ["published"]:
    print(extract(w, 150_000, "cp1252", layout="published"), flush=True)
    sys.exit(0)
t = time.time()
big = extract(w, 600_000, "utf-8")
print(big, big.stat().st_size // 1_000_000, "MB", round(time.time() - t), "s", flush=True)
small = w / "scale-extract-150000-utf-8.csv"
table = open_chunks(big)
with small.with_suffix(".partial").open("wb") as out:
    for chunk in table.chunks(rows=10_000):
        if chunk.start >= 150_000:
            break
        out.write(_csv_bytes(chunk.frame, chunk.start == 0, table.newline, "utf-8"))
small.with_suffix(".partial").replace(small)
# Windows-1252: the same rows transcoded (a character cp1252 lacks becomes "?")
for src in (small, big):
    dst = src.with_name(src.name.replace("utf-8", "cp1252"))
    part = dst.with_suffix(".partial")
    with (
        src.open("r", encoding="utf-8", newline="") as i,
        part.open("w", encoding="cp1252", errors="replace", newline="") as o,
    ):
        for line in i:
            o.write(line)
    part.replace(dst)
    print(dst, flush=True)
