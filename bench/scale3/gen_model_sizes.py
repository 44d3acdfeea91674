from pathlib import Path

from bench.scale_data import _csv_bytes
from uofclean.io.chunks import open_chunks

w = Path("bench/out/scale")
big = w / "scale-extract-600000-utf-8.csv"
table = open_chunks(big)
for n in (20_000, 80_000):
    small = w / f"scale-extract-{n}-utf-8.csv"
    with small.open("wb") as out:
        for chunk in table.chunks(rows=10_000):
            if chunk.start >= n:
                break
            out.write(_csv_bytes(chunk.frame, chunk.start == 0, table.newline, "utf-8"))
    dst = w / f"scale-extract-{n}-cp1252.csv"
    with (
        small.open("r", encoding="utf-8", newline="") as i,
        dst.open("w", encoding="cp1252", errors="replace", newline="") as o,
    ):
        for line in i:
            o.write(line)
    print(small, dst, flush=True)
