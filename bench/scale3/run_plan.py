"""Run scale_bench's commands in a chosen order, saving each figure as it comes."""

import json
import sys
from pathlib import Path

from bench import scale_bench as sb

work = Path("bench/out/scale")
out = Path(sys.argv[1])
plan = json.loads(sys.argv[2])  # [[name, rows, encoding], ...]
results = json.loads(out.read_text()) if out.exists() else {}
for name, rows, enc in plan:
    data = work / f"scale-extract-{rows}-{enc}.csv"
    assert data.exists(), data
    figures = sb.command(sb._runs(data, work)[name])
    results.setdefault(enc, {}).setdefault(name, {})[str(rows)] = figures
    out.write_text(json.dumps(results, indent=1))
    print(name, enc, rows, figures, flush=True)
