"""Detection on narratives written independently of synth and of the recognizers.

Each line of the JSONL file is {"text", "pii": [...], "keep": [...]}, every string a verbatim
substring of the text. Scored by character coverage: a detail counts as found when every
character of its identifying words (not titles or street types) lies inside a redacted span,
at every place it occurs; a kept phrase is lost if any of its characters is redacted;
over-redaction is the share of the other words that were redacted.

    python -m bench.independent tests/data/independent_narratives.jsonl [--show]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from uofclean.redact.detect import Detector
from uofclean.scoring import identifying_words

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def _identifying_chars(pii: str, at: int) -> list[int]:
    keep = set(identifying_words(pii))
    return [
        at + m.start() + k
        for m in WORD.finditer(pii)
        if m.group() in keep or any(p in keep for p in re.split(r"['’-]", m.group()))
        for k in range(len(m.group()))
    ]


def evaluate(path: Path, show: bool = False) -> dict:
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    detector = Detector.load(ner=True)
    found_spans = detector.detect_batch([c["text"] for c in cases])
    details = missed = kept = lost = words = over = 0
    for case, spans in zip(cases, found_spans, strict=True):
        text = case["text"]
        covered = bytearray(len(text))
        for s in spans:
            covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        personal = bytearray(len(text))
        for pii in case["pii"]:
            details += 1
            starts = [m.start() for m in re.finditer(re.escape(pii), text)]
            for at in starts:
                personal[at : at + len(pii)] = b"\x01" * len(pii)
            if any(not covered[i] for at in starts for i in _identifying_chars(pii, at)):
                missed += 1
                if show:
                    print("MISSED", repr(pii))
        for phrase in case["keep"]:
            kept += 1
            at = text.find(phrase)
            if any(covered[at : at + len(phrase)]):
                lost += 1
                if show:
                    print("LOST", repr(phrase))
        for m in WORD.finditer(text):
            if any(personal[m.start() : m.end()]):
                continue
            words += 1
            over += any(covered[m.start() : m.end()])
    return {
        "narratives": len(cases),
        "details": details,
        "recall": round(1 - missed / details, 4) if details else 1.0,
        "kept_phrases_lost": f"{lost}/{kept}",
        "over_redaction": round(over / words, 4) if words else 0.0,
    }


def run(rows: int, workdir: Path) -> dict:
    """For bench.run: the narratives kept in the tests (rows is unused)."""
    return evaluate(Path(__file__).resolve().parents[1] / "tests/data/independent_narratives.jsonl")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--show"]
    print(json.dumps(evaluate(Path(args[0]), "--show" in sys.argv), indent=2))
