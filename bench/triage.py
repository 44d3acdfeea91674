"""Triage quality on text written by others: of the details redaction still leaks, what share
sits in the top 5 %, 10 % and 20 % of records as triage ranks them, against random order and
against ranking by length alone (long records hold more of everything).

A detail leaks as bench.heldout scores it: some identifying character of it is left at some
place it occurs. Each set is detected as `redact` would (the detector's spans), then ranked by
`uofclean.review.triage`.

    python -m bench.triage SET.jsonl [SET2.jsonl ...] [--show]
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

from bench.heldout import _coverage, _identifying_chars, load_set
from uofclean.review.triage import Cell, assess, rank

SHARES = (0.05, 0.10, 0.20)


def leaks(case: dict, spans) -> int:
    """How many of the record's details are left (wholly or partly) after redaction."""
    text = case["text"]
    covered = _coverage(text, spans)
    left = 0
    for pii in case["pii"]:
        value = pii["text"]
        starts = [m.start() for m in re.finditer(re.escape(value), text)]
        left += any(not covered[i] for at in starts for i in _identifying_chars(value, at))
    return left


def share_in_top(order: list[int], left: list[int], share: float) -> float:
    total = sum(left)
    if not total:
        return 1.0
    top = math.ceil(len(order) * share)
    return sum(left[i] for i in order[:top]) / total


def measure(cases: list[dict], found: list[list]) -> dict:
    left = [leaks(c, s) for c, s in zip(cases, found, strict=True)]
    risks = [assess([Cell("text", c["text"], s)]) for c, s in zip(cases, found, strict=True)]
    triaged = rank(risks)
    by_length = sorted(range(len(cases)), key=lambda i: (-len(cases[i]["text"]), i))
    out: dict = {
        "records": len(cases),
        "records_with_leaks": sum(1 for n in left if n),
        "leaks": sum(left),
    }
    for share in SHARES:
        top = math.ceil(len(cases) * share)
        out[f"top_{round(share * 100)}pct"] = {
            "records": top,
            "triage": round(share_in_top(triaged, left, share), 3),
            "by_length": round(share_in_top(by_length, left, share), 3),
            # random order: each record is equally likely in the top, so on average
            # top / records of the leaks land there
            "random": round(top / len(cases), 3) if cases else 0.0,
        }
    return out


def _detect(texts: list[str]) -> list[list]:
    from uofclean.redact.detect import Detector

    return Detector.load(ner=True).detect_batch(texts)


def main(argv: list[str]) -> None:
    show = "--show" in argv
    paths = [Path(a) for a in argv if a != "--show"]
    if not paths:
        sys.exit(__doc__)
    out: dict = {}
    everything: tuple[list, list] = ([], [])
    for path in paths:
        cases = load_set(path)
        found = _detect([c["text"] for c in cases])
        out[path.name] = measure(cases, found)
        everything[0].extend(cases)
        everything[1].extend(found)
        if show:
            risks = [
                assess([Cell("text", c["text"], s)]) for c, s in zip(cases, found, strict=True)
            ]
            for place, i in enumerate(rank(risks)):
                n = leaks(cases[i], found[i])
                print(f"{place + 1:4d} {cases[i].get('id', i)} leaks={n} {risks[i].signals}")
    if len(paths) > 1:
        out["all"] = measure(*everything)
    print(json.dumps(out, indent=2))


def run(rows: int, workdir: Path) -> dict:
    """For bench.run: every written set (rows unused)."""
    data = Path(__file__).resolve().parents[1] / "tests/data/written"
    out = {}
    for path in sorted(data.glob("set_*.jsonl")):
        cases = load_set(path)
        out[path.name] = measure(cases, _detect([c["text"] for c in cases]))
    return out


if __name__ == "__main__":
    main(sys.argv[1:])
