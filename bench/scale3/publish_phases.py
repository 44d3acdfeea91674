"""Peak VmRSS of `uofclean publish`'s steps in its main process (issue #14): which of
publish's whole-file holdings grows with the file.
python bench/scale3/publish_phases.py FILE [--no-ner]

A thread samples /proc/self/status every 0.1 s; the steps are marked by wrapping the
functions publish calls (the names chain.py imports), so the probe changes nothing in them."""

import contextlib
import sys
import tempfile
import threading
import time
from pathlib import Path

from uofclean.keys import load_key
from uofclean.publish import chain
from uofclean.publish.profile import load_profile

KEY = Path(__file__).resolve().parents[2] / "fixtures" / "demo.key"
phase = ["start"]
peaks: dict[str, int] = {}


def rss_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


def sample() -> None:
    while True:
        peaks[phase[0]] = max(peaks.get(phase[0], 0), rss_mb())
        time.sleep(0.1)


def marked(name: str, function):
    def wrapper(*args, **kwargs):
        phase[0] = name
        return function(*args, **kwargs)

    return wrapper


def marked_context(name: str, function):
    @contextlib.contextmanager
    def wrapper(*args, **kwargs):
        phase[0] = name
        with function(*args, **kwargs) as value:
            yield value
        phase[0] = f"after {name}"

    return wrapper


def main() -> None:
    for name in ("duplicates_of", "lists_of", "apply_disclosure", "_stats", "write_outputs"):
        setattr(chain, name, marked(name, getattr(chain, name)))
    chain.redacted = marked_context("redact pass", chain.redacted)
    chain._runner = marked_context("scan pass", chain._runner)

    threading.Thread(target=sample, daemon=True).start()
    profile = load_profile(None, None)
    phase[0] = "first pass"
    result = chain.publish_extract(
        sys.argv[1], profile, key=load_key(KEY), ner="--no-ner" not in sys.argv, jobs=2
    )
    chain.write_outputs(result, Path(tempfile.mkdtemp()) / "pub", profile)
    phase[0] = "end"
    time.sleep(0.3)
    for name, peak in peaks.items():
        print(f"{name:>20} {peak:6d} MB")
    print("rows", result.report["input"]["rows"], "released", result.released)


if __name__ == "__main__":
    main()
