"""A presidio recognizer for regular expressions whose personal part is a named group.

Presidio's PatternRecognizer redacts the whole match; officers' text needs context in the pattern
("DOB 03/09/1996", "PC 4521AB", "passport number 123456789") while only the value is personal, so
the part to redact is the group named `pii` when the pattern has one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult

from uofclean.redact.recognizers.firstchar import with_lookahead
from uofclean.redact.recognizers.literals import Gate, literal_gate


@dataclass(frozen=True)
class Rule:
    pattern: str
    score: float = 0.85
    validate: Callable[[str], bool] | None = None
    flags: int = regex.IGNORECASE
    needs: str | None = None  # a cheap pattern the text must contain before this rule runs
    words: tuple[str, ...] = ()  # or: one of these (lower case) must occur, e.g. its cue word
    # given the whole text and the match, where the detail starts, or None to drop the match:
    # for rules that must see beyond the match ("great yarmouth regent rd" less the town)
    refine: Callable[[str, int, int], int | None] | None = None


def _compile(rule: Rule):
    """The standard library's re is faster; the regex module is used for what re lacks
    (Unicode classes like \\p{Lu}). Compiled once: with the first-character lookahead where
    firstchar knows it (the same matches, found faster), else as written (compiling the plain
    pattern first only to test it cost ~0.2 s of each worker's start)."""
    for pattern in dict.fromkeys((with_lookahead(rule.pattern, rule.flags), rule.pattern)):
        try:
            return re.compile(pattern, rule.flags)
        except re.error:
            continue
    return regex.compile(rule.pattern, rule.flags | regex.VERSION1)


def gate(rule: Rule, compiled) -> Gate | None:
    """The literal gate of a rule compiled by `re` (the gate follows `re`'s case rules)."""
    return literal_gate(rule.pattern, rule.flags) if isinstance(compiled, re.Pattern) else None


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A match never starts or ends inside a word: "MORGA753116SM9IJ CHE" from "... CHECKED"
    is cut back to the licence, trailing spaces and all."""
    if start < 0:
        return start, end
    if end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        while end > start and text[end - 1].isalnum():
            end -= 1
    if start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        while start < end and text[start].isalnum():
            start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


@lru_cache(maxsize=4)
def _lower(text: str) -> str:
    """The text in lower case, made once for all the recognizers that test their cue words."""
    return text.lower()


class GroupRegexRecognizer(EntityRecognizer):
    """Presidio recognizer over compiled `regex` patterns (compiled once, at construction)."""

    def __init__(self, entity: str, name: str, rules: list[Rule]):
        self.rules = [(_compile(r), r) for r in rules]
        self.needs = [re.compile(r.needs) if r.needs else None for r in rules]
        self.gates = [gate(r, c) for c, r in self.rules]
        super().__init__(supported_entities=[str(entity)], name=name, supported_language="en")

    def load(self) -> None:  # patterns are compiled in __init__
        pass

    def analyze(self, text: str, entities: list[str] | None = None, nlp_artifacts=None):
        results: list[RecognizerResult] = []
        entity = self.supported_entities[0]
        low = _lower(text)
        for (compiled, rule), needs, gate in zip(self.rules, self.needs, self.gates, strict=True):
            if gate is not None and not gate.passes(text):
                continue  # lacks a literal every match holds
            if needs is not None and not needs.search(text):
                continue
            if rule.words and not any(w in low for w in rule.words):
                continue  # a substring test in C is far cheaper than the pattern's scan
            for match in compiled.finditer(text):
                start, end = match.span("pii") if "pii" in compiled.groupindex else match.span()
                start, end = whole_words(text, start, end)
                if rule.refine and start >= 0:
                    refined = rule.refine(text, start, end)
                    start = -1 if refined is None else refined
                if start < 0 or start >= end:
                    continue
                value = text[start:end]
                if rule.validate and not rule.validate(value):
                    continue
                results.append(RecognizerResult(entity, start, end, rule.score))
        return results
