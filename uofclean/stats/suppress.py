"""Disclosure control for the tables: primary suppression, then secondary suppression until the
exact audit (audit.py) finds no hidden cell a reader could work out.

Primary: a cell covering 1 to min_count - 1 distinct subjects is hidden (zeros are published).
Secondary: first the classic line rule (no additive line, parts and total, may hold exactly one
hidden cell), then audit rounds: for every hidden cell the audit pins, the smallest published
cell that shares a line with it is hidden too, until nothing is pinned. The last audit is the
proof written into audit.json; any pinned cell left fails the gate (exit 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uofclean.stats.audit import PRIMARY, SECONDARY, Interval, audit

MAX_ROUNDS = 200


@dataclass
class Suppression:
    status: dict  # key -> "" | primary | secondary
    intervals: dict  # hidden key -> Interval
    rounds: int = 0
    pinned: list = field(default_factory=list)

    @property
    def safe(self) -> bool:
        return not self.pinned


def primary(values: dict, subjects: dict, min_count: int) -> dict:
    return {
        k: PRIMARY if 0 < subjects.get(k, v) < min_count and v > 0 else ""
        for k, v in values.items()
    }


def _choose(candidates, values: dict, totals: set):
    """The published cell that costs least to hide: a non-zero one, small, not a total."""
    return min(candidates, key=lambda k: (values[k] == 0, values[k], k in totals, str(k)))


def suppress(
    values: dict,
    subjects: dict,
    equal: list,
    upper: list,
    lines: list[tuple[list, bool]],
    *,
    min_count: int = 10,
    primary_max: int | None = None,
    secondary: bool = True,
) -> Suppression:
    """lines: (keys, exact) groups whose last key is their total; exact lines add up."""
    status = primary(values, subjects, min_count)
    totals = {line[-1] for line, _ in lines}
    member: dict = {}
    for n, (line, _) in enumerate(lines):
        for k in line:
            member.setdefault(k, []).append(n)

    def hidden(k) -> bool:
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
    while True:
        intervals = audit(values, status, equal, upper, primary_max=primary_max)
        pinned = [k for k, iv in intervals.items() if iv.pinned]
        if not pinned or not secondary or rounds >= MAX_ROUNDS:
            return Suppression(status, intervals, rounds, pinned)
        rounds += 1
        added = False
        for k in pinned:
            rest = {c for n in member.get(k, []) for c in lines[n][0] if not hidden(c)}
            if rest:
                status[_choose(rest, values, totals)] = SECONDARY
                added = True
        if not added:  # nothing left beside them to hide: the gate fails
            return Suppression(status, intervals, rounds, pinned)


__all__ = ["Interval", "Suppression", "primary", "suppress", "PRIMARY", "SECONDARY"]
