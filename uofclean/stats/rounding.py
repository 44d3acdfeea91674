"""NHS Digital's method for tables (`--method round5`): a figure of 1 to min_count - 1 (8 by
default: 1-7) is hidden, every other figure is rounded to the nearest 5, totals too, each on
its own (so they need not add up); zeros are published as they are.

A reader of a figure shown as r knows it lies within 2 of r and, as it was not hidden, is at
least min_count: the audit takes those ranges as what a reader knows, and bounds every hidden
figure subject to them, as it does for suppression.
"""

from __future__ import annotations

METHODS = ("suppress", "round5")

BASE = 5
MIN_COUNT = {"suppress": 10, "round5": 8}  # each method's default threshold


def round_to_base(n: int, base: int = BASE) -> int:
    """The nearest multiple of `base` (odd, so a whole number is never half way)."""
    return base * ((n + base // 2) // base)


def known_range(shown: int, min_count: int, base: int = BASE) -> tuple[float, float]:
    """What a reader knows of a figure shown rounded to `shown`."""
    half = base // 2
    return float(max(shown - half, min_count)), float(shown + half)


def small(value: int, subjects: int, min_count: int) -> bool:
    """Hidden under round5: a figure of 1 to min_count - 1, or covering so few subjects."""
    return value > 0 and (value < min_count or 0 < subjects < min_count)
