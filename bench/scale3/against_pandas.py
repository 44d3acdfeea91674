import json
from pathlib import Path

from bench import scale_bench

r = scale_bench.against_pandas(Path("bench/out/scale"))
print(json.dumps(r))
