"""--engine dask against the local pool on 20,000 rows, then validate of the published layout
against pandas (SCALE_FIGURES.md)."""

import json
from pathlib import Path

from bench import scale_bench

work = Path("bench/out/scale")
print(json.dumps({"engines": scale_bench.engines(work)}), flush=True)
print(json.dumps({"published_layout": scale_bench.against_pandas(work)}), flush=True)
