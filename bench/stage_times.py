"""CPU per text of each stage of Detector.detect_batch (time.process_time, not wall).

The same texts as bench/same_output.py (the written sets, tests/data/*.jsonl, a synth extract's
Justification column without context), in batches of 256. Stages are timed by wrapping the
functions in place; nested stages (a recognizer inside _rules) are reported inside their parent.

    PYTHONPATH=$PWD python bench/stage_times.py [--repeat 2] [--profile out.prof]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from bench.same_output import corpora

TIMES: dict[str, float] = defaultdict(float)


def _wrap(owner, attr: str, label: str) -> None:
    fn = getattr(owner, attr)

    def timed(*args, **kwargs):
        t0 = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[label] += time.process_time() - t0

    setattr(owner, attr, timed)


def _wrap_recognizer(recognizer) -> None:
    _wrap(recognizer, "analyze", f"  rule {recognizer.name}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--synth", default=str(Path(tempfile.gettempdir()) / "speed_synth.csv"))
    ap.add_argument("--repeat", type=int, default=1, help="best of N passes for the total")
    ap.add_argument("--profile", default="", help="write a cProfile of one pass (no wrapping)")
    ap.add_argument("--no-stages", action="store_true", help="total only, nothing wrapped")
    args = ap.parse_args()

    from uofclean.redact import detect, extend, public_codes, safelist
    from uofclean.redact.detect import Detector

    detector = Detector.load(ner=True)
    texts = [t for _, ts, ctx in corpora(args.synth) if ctx is None for t in ts]
    batches = [texts[i : i + 256] for i in range(0, len(texts), 256)]
    detector.detect_batch(texts[:50])  # warm up lazily built lists

    if args.profile:
        import cProfile

        prof = cProfile.Profile()
        prof.enable()
        for b in batches:
            detector.detect_batch(b)
        prof.disable()
        prof.dump_stats(args.profile)
        print(f"profile written to {args.profile}")
        return

    if not args.no_stages:
        _wrap(Detector, "_rules", "_rules")
        _wrap(Detector, "_ner", "_ner")
        for attr in ("_public_places", "_propagate", "_merge", "_from_context"):
            _wrap(detect, attr, attr)
        _wrap(safelist, "net_spans", "safelist.net_spans")
        for attr in (
            "businesses",
            "with_particles",
            "spoken_house_numbers",
            "house_numbers_again",
            "addresses_again",
            "address_lines",
            "house_names",
            "birth_years",
            "nicknames_between",
            "names_after_numbers",
            "owned_firms",
            "whole_firms",
        ):
            _wrap(extend, attr, f"extend.{attr}")
        _wrap(public_codes, "spans", "public_codes.spans")
        for r in detector.recognizers:
            _wrap_recognizer(r)

    best = None
    for _ in range(args.repeat):
        TIMES.clear()
        t0 = time.process_time()
        for b in batches:
            detector.detect_batch(b)
        total = time.process_time() - t0
        if best is None or total < best[0]:
            best = (total, dict(TIMES))
    total, times = best
    n = len(texts)
    print(f"{n} texts; detect_batch total {1000 * total / n:.3f} ms/text (CPU)")
    rules = sorted((k for k in times if k.startswith("  rule")), key=lambda k: -times[k])
    stages = sorted((k for k in times if not k.startswith("  rule")), key=lambda k: -times[k])
    for k in stages:
        print(f"{k:32s} {1000 * times[k] / n:7.3f}")
        if k == "_rules":
            for r in rules:
                print(f"{r:32s} {1000 * times[r] / n:7.3f}")
    covered = sum(times[k] for k in stages)
    print(f"{'(rest)':32s} {1000 * (total - covered) / n:7.3f}")


if __name__ == "__main__":
    main()
