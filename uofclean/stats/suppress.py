"""Disclosure control for the tables: primary suppression, then secondary suppression until the
exact audit (audit.py) finds no hidden cell a reader could work out.

Primary: a cell covering 1 to min_count - 1 distinct subjects is hidden (zeros are published).
Secondary: first the classic line rule (no additive line, parts and total, may hold exactly one
hidden cell), then audit rounds: a secondary cell the audit pins protects nothing (anyone can
work it out) and is published again; for every primary cell the audit pins, the smallest
published cell that shares a line with it is hidden too, until nothing is pinned. The last audit is the
proof written into audit.json; any pinned cell left fails the gate (exit 1).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from uofclean.stats.audit import PRIMARY, SECONDARY, Constraint, Interval, audit

MAX_ROUNDS = 200


@dataclass
class Suppression:
    status: dict[Any, str]  # key -> "" | primary | secondary
    intervals: dict[Any, Interval]  # hidden key -> Interval
    rounds: int = 0
    pinned: list[Any] = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return not self.pinned


def primary(
    values: Mapping[Any, int], subjects: Mapping[Any, int], min_count: int
) -> dict[Any, str]:
    return {
        k: PRIMARY if 0 < subjects.get(k, v) < min_count and v > 0 else ""
        for k, v in values.items()
    }


def _choose(candidates: set[Any] | list[Any], values: Mapping[Any, int], totals: set[Any]) -> Any:
    """The published cell that costs least to hide: a non-zero one, small, not a total."""
    return min(candidates, key=lambda k: (values[k] == 0, values[k], k in totals, str(k)))


def suppress(
    values: Mapping[Any, int],
    subjects: Mapping[Any, int],
    equal: Sequence[Constraint],
    upper: Sequence[Constraint],
    lines: list[tuple[list[Any], bool]],
    *,
    min_count: int = 10,
    primary_max: int | None = None,
    secondary: bool = True,
) -> Suppression:
    """lines: (keys, exact) groups whose last key is their total; exact lines add up."""
    status = primary(values, subjects, min_count)
    totals = {line[-1] for line, _ in lines}
    member: dict[Hashable, list[int]] = {}
    for n, (line, _) in enumerate(lines):
        for k in line:
            member.setdefault(k, []).append(n)

    def hidden(k: Any) -> bool:
        return status[k] != ""

    if secondary:
        changed = True
        while changed:
            changed = False
            for line, exact in lines:
                if not exact:
                    continue
                h = [k for k in line if hidden(k)]
                if len(h) == 1:
                    rest = [k for k in line if not hidden(k)]
                    if rest:
                        status[_choose(rest, values, totals)] = SECONDARY
                        changed = True
    rounds = 0
    released: set[Any] = set()  # secondary cells a reader can work out anyway: published
    while True:
        # the rounds only ask which cells are pinned; the last audit gives exact intervals
        intervals = audit(values, status, equal, upper, primary_max=primary_max, exact=False)
        pinned = [k for k, iv in intervals.items() if iv.pinned]
        if not pinned or not secondary or rounds >= MAX_ROUNDS:
            intervals = audit(values, status, equal, upper, primary_max=primary_max)
            pinned = [k for k, iv in intervals.items() if iv.pinned]
            return Suppression(status, intervals, rounds, pinned)
        rounds += 1
        known = [k for k in pinned if status[k] == SECONDARY]
        if known:
            # hiding what anyone can work out protects nothing: publish it, audit again
            for k in known:
                status[k] = ""
                released.add(k)
            continue
        added = False
        for k in pinned:
            beside = {
                c
                for n in member.get(k, [])
                for c in lines[n][0]
                if not hidden(c) and c not in released
            }
            if beside:
                status[_choose(beside, values, totals)] = SECONDARY
                added = True
        if not added:  # nothing left beside them to hide: the gate fails
            intervals = audit(values, status, equal, upper, primary_max=primary_max)
            return Suppression(
                status, intervals, rounds, [k for k, iv in intervals.items() if iv.pinned]
            )


__all__ = ["Interval", "Suppression", "primary", "suppress", "PRIMARY", "SECONDARY"]
