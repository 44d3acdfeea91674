"""Guard for speed work: detection's output must not change by a single span.

Runs Detector.load(ner=True).detect_batch over every narrative of tests/data/written/set_*.jsonl
and tests/data/*.jsonl (no row context), and over the Justification column of a synth extract
(without and with each row's own context), in batches as the pipeline cuts them, and writes
every span (start, end, type, rule, score) per text. `--save` writes the baseline; otherwise the
spans are compared with the saved baseline and every text whose spans differ is reported (exit 1).

    python -m uofclean synth --rows 3000 --seed 5 -o "$TMPDIR/speed_synth.csv"
    PYTHONPATH=$PWD python bench/same_output.py --save     # on the unmodified code
    PYTHONPATH=$PWD python bench/same_output.py            # after a change
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BATCH = 256


def corpora(synth: str) -> list[tuple[str, list[str], list | None]]:
    """(name, texts, contexts or None) for every corpus the guard runs."""
    out = []
    files = sorted(glob.glob(str(ROOT / "tests/data/written/set_*.jsonl")))
    files += sorted(glob.glob(str(ROOT / "tests/data/*.jsonl")))
    for path in files:
        with open(path, encoding="utf-8") as fh:
            texts = [json.loads(line)["text"] for line in fh if line.strip()]
        out.append((Path(path).relative_to(ROOT).as_posix(), texts, None))
    if synth:
        from uofclean.io import read_table
        from uofclean.redact.context import row_contexts

        frame = read_table(synth, compact=False).frame
        texts = [t or "" for t in frame["Justification"].to_list()]
        out.append(("synth", texts, None))
        out.append(("synth+context", texts, row_contexts(frame)))
    return out


def run(detector, texts: list[str], contexts) -> list[list]:
    spans = []
    for i in range(0, len(texts), BATCH):
        ctx = contexts[i : i + BATCH] if contexts is not None else None
        for found in detector.detect_batch(texts[i : i + BATCH], ctx):
            spans.append(
                [[s.start, s.end, s.entity, s.recognizer, round(s.score, 6)] for s in found]
            )
    return spans


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--synth",
        default=str(Path(tempfile.gettempdir()) / "speed_synth.csv"),
        help="synth extract ('' for none)",
    )
    ap.add_argument(
        "--baseline", default=str(Path(tempfile.gettempdir()) / "uofclean_same_output.json")
    )
    ap.add_argument("--save", action="store_true", help="write the baseline instead of comparing")
    ap.add_argument("--show", type=int, default=10, help="differences to print")
    args = ap.parse_args()

    from uofclean.redact.detect import Detector

    detector = Detector.load(ner=True)
    result: dict[str, dict] = {}
    for name, texts, contexts in corpora(args.synth):
        spans = run(detector, texts, contexts)
        result[name] = {"texts": texts, "spans": spans}
    digest = hashlib.sha256(
        json.dumps({k: v["spans"] for k, v in result.items()}, sort_keys=True).encode()
    ).hexdigest()
    total = sum(len(v["texts"]) for v in result.values())
    nspans = sum(len(s) for v in result.values() for s in v["spans"])
    print(f"{total} texts, {nspans} spans, digest {digest[:16]}")
    if args.save:
        Path(args.baseline).write_text(json.dumps({"digest": digest, "corpora": result}))
        print(f"baseline saved to {args.baseline}")
        return 0
    base = json.loads(Path(args.baseline).read_text())
    if base["digest"] == digest:
        print("SAME: every span identical to the baseline")
        return 0
    shown = differ = 0
    for name, old in base["corpora"].items():
        new = result.get(name)
        if new is None or new["texts"] != old["texts"]:
            print(f"DIFF {name}: the corpus itself changed; rebuild the baseline")
            differ += 1
            continue
        for i, (a, b) in enumerate(zip(old["spans"], new["spans"], strict=True)):
            if a == b:
                continue
            differ += 1
            if shown < args.show:
                shown += 1
                text = old["texts"][i]
                print(f"DIFF {name}[{i}]:")
                for s in a:
                    if s not in b:
                        print(f"  - {s} {text[s[0] : s[1]]!r}")
                for s in b:
                    if s not in a:
                        print(f"  + {s} {text[s[0] : s[1]]!r}")
    print(f"DIFFERENT: {differ} texts differ from the baseline")
    return 1


if __name__ == "__main__":
    sys.exit(main())
