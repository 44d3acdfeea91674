"""The first-character lookahead (recognizers/firstchar.py) must change no match of any
recognizer pattern: it only lets the engine skip to where a match could start."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from uofclean.redact.detect import Detector
from uofclean.redact.recognizers.base import GroupRegexRecognizer
from uofclean.redact.recognizers.firstchar import first_chars, with_lookahead

WRITTEN = Path(__file__).parent / "data" / "written"


def _texts() -> list[str]:
    texts = []
    for path in sorted(WRITTEN.glob("set_*.jsonl"))[:4]:
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line]
    # odd characters: case-folding specials, other scripts, digits in odd places
    texts += ["ſtreet KELVIN \u212aent İstanbul 12/O3/2001 PC 1234 flat 3b, 14 Rose St", ""]
    return texts


def _rules():
    detector = Detector.load(ner=False)
    for recognizer in detector.recognizers:
        if isinstance(recognizer, GroupRegexRecognizer):
            for _compiled, rule in recognizer.rules:
                yield rule


def test_every_recognizer_pattern_matches_the_same_with_the_lookahead():
    texts = _texts()
    checked = prefixed = 0
    for rule in _rules():
        try:
            plain = re.compile(rule.pattern, rule.flags)
        except re.error:
            continue  # patterns only the regex module reads get no lookahead
        fast = re.compile(with_lookahead(rule.pattern, rule.flags), rule.flags)
        prefixed += fast.pattern != plain.pattern
        for text in texts:
            assert [m.span() for m in fast.finditer(text)] == [
                m.span() for m in plain.finditer(text)
            ], rule.pattern
        checked += 1
    assert checked > 50 and prefixed > checked // 2  # most patterns gain a lookahead


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"(?<![\w/])\b(?:PC|DS)\s*\d+", 0, "[PD]"),
        (r"x?y*z", 0, "[xyz]"),
        (r"\b(?i:prison|inmate)\s", 0, "(?i:[pi])"),
        (r".x", 0, None),  # any character: no help
        (r"[^a]b", 0, None),  # a negated class is not worked out
        (r"a*", 0, None),  # can match nothing
        (r"(?:foo)?\W", 0, None),  # nearly anything
    ],
)
def test_first_chars(pattern, flags, expected):
    assert first_chars(pattern, flags) == expected


@pytest.mark.parametrize("text", ["ſtreet", "\u212aelvin", "STREET", "Kelvin"])
def test_case_blind_inline_group_keeps_its_special_foldings(text):
    pattern = r"\b(?i:street|kelvin)"
    assert re.search(with_lookahead(pattern), text) and re.search(pattern, text)
