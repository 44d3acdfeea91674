"""Detection judged on text written by others: typed narrative sets and the peers' test cases.

A narrative set is JSONL, one record a line: {"id", "text", "pii": [{"text", "type"}], "keep"}
(the older form, "pii": ["..."] without types, is read too). Every pii string is personal at
every place it occurs in its record. Scored by character coverage of what the detector found:
- a detail is caught when every character of its identifying words (not titles or street
  types: `scoring.identifying_words`) lies inside a redacted span, at every place it occurs;
- a record is left with nothing identifying when every one of its details is caught;
- over-redaction is the share of the words outside every detail that were touched;
- a kept phrase is lost when any of its characters was redacted.

The peers' cases (`shared/peer-cases/cases.jsonl`): an in-scope positive span is caught when
none of its identifying characters survive; an in-scope negative case is wrongly changed when
anything in it is redacted.

    python -m bench.heldout SET.jsonl [SET2.jsonl ...] [--peers CASES.jsonl] [--show]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from uofclean.scoring import identifying_words

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def load_set(path: Path) -> list[dict]:
    cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    for c in cases:
        c["pii"] = [p if isinstance(p, dict) else {"text": p, "type": "?"} for p in c["pii"]]
    return cases


def _identifying_chars(pii: str, at: int) -> list[int]:
    keep = set(identifying_words(pii))
    return [
        at + m.start() + k
        for m in WORD.finditer(pii)
        if m.group() in keep or any(p in keep for p in re.split(r"['’-]", m.group()))
        for k in range(len(m.group()))
    ]


def _coverage(text: str, spans) -> bytearray:
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    return covered


def score_set(cases: list[dict], found: list[list], show: bool = False) -> dict:
    """Recall overall and by type, clean records, over-redaction and kept phrases lost."""
    by_type: dict[str, list[int]] = {}
    details = missed = kept = lost = words = over = records = clean = 0
    for case, spans in zip(cases, found, strict=True):
        text = case["text"]
        covered = _coverage(text, spans)
        personal = bytearray(len(text))
        leaked = False
        for pii in case["pii"]:
            value, kind = pii["text"], pii["type"]
            starts = [m.start() for m in re.finditer(re.escape(value), text)]
            for at in starts:
                personal[at : at + len(value)] = b"\x01" * len(value)
            miss = any(not covered[i] for at in starts for i in _identifying_chars(value, at))
            details += 1
            missed += miss
            by_type.setdefault(kind, [0, 0])
            by_type[kind][0] += 1
            by_type[kind][1] += miss
            leaked |= miss
            if miss and show:
                print(f"MISSED {case.get('id', '')} {kind} {value!r}")
        if case["pii"]:
            records += 1
            clean += not leaked
        for phrase in case.get("keep", []):
            kept += 1
            at = text.find(phrase)
            if at >= 0 and any(covered[at : at + len(phrase)]):
                lost += 1
                if show:
                    print(f"LOST {case.get('id', '')} {phrase!r}")
        for m in WORD.finditer(text):
            if any(personal[m.start() : m.end()]):
                continue
            words += 1
            hit = any(covered[m.start() : m.end()])
            over += hit
            if hit and show:
                by = {sp.recognizer for sp in spans if sp.start < m.end() and sp.end > m.start()}
                around = text[max(0, m.start() - 30) : m.end() + 30].replace("\n", " ")
                print(f"OVER {case.get('id', '')} {m.group()!r} {','.join(sorted(by))} | {around}")
    return {
        "narratives": len(cases),
        "details": details,
        "recall": round(1 - missed / details, 4) if details else 1.0,
        "recall_by_type": {
            t: round(1 - m / n, 4) for t, (n, m) in sorted(by_type.items(), key=lambda x: x[0])
        },
        "details_by_type": {t: n for t, (n, _) in sorted(by_type.items())},
        "records_left_with_nothing_identifying": round(clean / records, 4) if records else 1.0,
        "over_redaction": round(over / words, 4) if words else 0.0,
        "kept_phrases_lost": f"{lost}/{kept}",
    }


def load_peers(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def score_peers(cases: list[dict], found: list[list], show: bool = False) -> dict:
    """Share of the peers' in-scope positive spans caught, and of their in-scope negative
    cases left unchanged, by group."""
    groups: dict[str, list[int]] = {}
    caught = total = neg = neg_changed = 0
    for case, spans in zip(cases, found, strict=True):
        covered = _coverage(case["text"], spans)
        if case["polarity"] == "negative":
            if case.get("neg_scope") == "in":
                neg += 1
                changed = bool(spans)
                neg_changed += changed
                if changed and show:
                    print(f"CHANGED {case['record_id']} {case['text'][:80]!r}")
            continue
        for s in case["spans"]:
            if s["scope"] != "in":
                continue
            chars = _identifying_chars(s["text"], s["start"])
            ok = all(covered[i] for i in chars)
            total += 1
            caught += ok
            g = groups.setdefault(s["group"], [0, 0])
            g[0] += 1
            g[1] += ok
            if not ok and show:
                print(f"MISSED {case['record_id']} {s['group']} {s['text']!r}")
    return {
        "in_scope_spans": total,
        "caught": round(caught / total, 4) if total else 1.0,
        "by_group": {g: f"{c}/{n}" for g, (n, c) in sorted(groups.items())},
        "negatives_in_scope": neg,
        "negatives_wrongly_changed": neg_changed,
    }


def _detect(texts: list[str]) -> list[list]:
    from uofclean.redact.detect import Detector

    return Detector.load(ner=True).detect_batch(texts)


def run(rows: int, workdir: Path) -> dict:
    """For bench.run: every written set kept in the tests, and the peers' cases (rows unused)."""
    data = Path(__file__).resolve().parents[1] / "tests/data"
    sets = sorted((data / "written").glob("set_*.jsonl")) + [data / "independent_narratives.jsonl"]
    out: dict = {}
    for path in sets:
        cases = load_set(path)
        out[path.name] = score_set(cases, _detect([c["text"] for c in cases]))
    peers = load_peers(data / "peer_cases.jsonl")
    out["peer_cases"] = score_peers(peers, _detect([c["text"] for c in peers]))
    return out


def main(argv: list[str]) -> None:
    show = "--show" in argv
    args = [a for a in argv if a != "--show"]
    peers = None
    if "--peers" in args:
        i = args.index("--peers")
        peers = Path(args[i + 1])
        del args[i : i + 2]
    out: dict = {}
    for name in args:
        cases = load_set(Path(name))
        out[name] = score_set(cases, _detect([c["text"] for c in cases]), show)
    if peers is not None:
        cases = load_peers(peers)
        out["peers"] = score_peers(cases, _detect([c["text"] for c in cases]), show)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
