"""VmRSS and VmHWM of `uofclean dedupe`'s steps, in one process (SCALE_FIGURES.md):
python bench/scale3/dedupe_phases.py FILE."""

import sys
import tempfile
from pathlib import Path

from uofclean.cli.dedupe import _keys
from uofclean.dedupe import Suspects, duplicates_of, write_deduped
from uofclean.io.chunks import open_reading
from uofclean.io.writer import CsvStyle


def memory() -> dict[str, int]:
    found = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmHWM", "VmRSS")):
                name, value = line.split(":")
                found[name] = int(value.split()[0]) // 1024
    return found


print("start", memory(), flush=True)
table, keys = open_reading(sys.argv[1], _keys)
print("keys", memory(), keys.estimated_size() // 2**20, "MB keys", flush=True)
result = duplicates_of(keys)
print("dupes", memory(), flush=True)
search = Suspects(keys, result.keep)
del keys
write_deduped(
    table, result, search, str(Path(tempfile.gettempdir()) / "dd_out.csv"), None, CsvStyle.of(table)
)
print("written", memory(), flush=True)
