"""The literal gates read from the rules' patterns (recognizers/literals.py) never reject a text
the pattern matches."""

from __future__ import annotations

import glob
import json
import re
from pathlib import Path

import pytest

from uofclean.redact.detect import _all_recognizers, _digits_fixed
from uofclean.redact.recognizers.base import GroupRegexRecognizer
from uofclean.redact.recognizers.literals import fold, literal_gate
from uofclean.synth.extract import generate
from uofclean.synth.generator import SynthOptions

DATA = Path(__file__).parent / "data"


def _corpus() -> list[str]:
    texts: list[str] = []
    for path in sorted(glob.glob(str(DATA / "written/set_*.jsonl"))) + sorted(
        glob.glob(str(DATA / "*.jsonl"))
    ):
        with open(path, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in fh if line.strip()]
    synth = generate(SynthOptions(rows=400, seed=11))
    for row in synth.rows:
        texts += [row.values.get("Justification") or "", row.values.get("InjuryDetails") or ""]
    texts += [t.upper() for t in texts[:300]] + [t.lower() for t in texts[300:600]]
    seen = set(texts)
    return texts + [f for f in map(_digits_fixed, texts) if f not in seen]


@pytest.fixture(scope="module")
def gated_rules() -> list[tuple[str, re.Pattern, object]]:
    out = []
    for recognizer in _all_recognizers():
        if isinstance(recognizer, GroupRegexRecognizer):
            for (compiled, _rule), gate in zip(recognizer.rules, recognizer.gates, strict=True):
                if gate is not None:
                    out.append((recognizer.name, compiled, gate))
    return out


def test_most_rules_are_gated(gated_rules) -> None:
    assert len(gated_rules) >= 70


def test_rejected_texts_never_match(gated_rules) -> None:
    texts = _corpus()
    checked = 0
    for name, compiled, gate in gated_rules:
        for text in texts:
            if not gate.passes(text):
                checked += 1
                assert compiled.search(text) is None, (name, compiled.pattern[:80], text[:200])
    assert checked > 100_000  # most rules reject most texts


@pytest.mark.parametrize(
    "pattern, flags, matches",
    [
        (r"\bflat\s+\d+", re.IGNORECASE, ["FLAT 3", "Flat 12"]),
        (r"(?i:dob)\s*\d", 0, ["DOB 3", "dOb4"]),
        (r"PC\s?\d{3,5}", 0, ["PC 4521"]),
        (r"(?:sort|acc(?:ount)?)\s+\d", re.IGNORECASE, ["SORT 1", "Acc 2", "account 3"]),
        (r"house", re.IGNORECASE, ["HOUſE", "houſe"]),  # re equates "s" and "ſ"
        (r"kid", re.IGNORECASE, ["K\u0130D", "kıd", "\u212aid"]),  # "İ", dotless i, Kelvin
        (r"(?-i:Flat)\s+\d", re.IGNORECASE, ["Flat 1"]),
    ],
)
def test_gate_passes_what_the_pattern_matches(pattern: str, flags: int, matches: list[str]):
    gate = literal_gate(pattern, flags)
    assert gate is not None
    for text in matches:
        assert re.search(pattern, text, flags), text
        assert gate.passes(f"... {text} ..."), text


def test_gate_rejects_and_follows_case() -> None:
    gate = literal_gate(r"(?-i:Flat)\s+\d", re.IGNORECASE)
    assert gate is not None and not gate.passes("flat 1") and gate.passes("Flat 1")
    assert literal_gate(r"\d{3}\s\d{4}") is None  # nothing literal to ask for
    assert literal_gate(r"(?:a|\d)x?") is None  # an alternative without a literal
    assert fold("HOUſE İ") == fold("house i")
