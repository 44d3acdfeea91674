"""Disclosure control for the tables: primary suppression (or NHS Digital's rounding), then
secondary suppression until the exact audit (audit.py) finds no hidden cell a reader could work
out.

Primary: a cell covering 1 to min_count - 1 distinct subjects is hidden (zeros are published).
Secondary: first the classic line rule (no additive line, parts and total, may hold exactly one
hidden cell), then audit rounds: a secondary cell the audit pins protects nothing (anyone can
work it out) and is published again; for every primary cell the audit pins, the smallest
published cell that shares a line with it is hidden too, until nothing is pinned. The last audit is the
proof written into audit.json; any pinned cell left fails the gate (exit 1).

round5 (rounding.py): a figure of 1 to min_count - 1 (or covering so few subjects) is hidden,
every other is published rounded to the nearest 5. The line rule does not apply (the figures
beside a hidden one are ranges, not constants); the audit rounds do, with the ranges as what a
reader knows.

Exempt keys (the figures of tables the profile exempts) are published exactly, never hidden,
and never chosen to hide another.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from uofclean.stats.audit import PRIMARY, ROUNDED, SECONDARY, Constraint, Interval, audit
from uofclean.stats.rounding import known_range, round_to_base, small

MAX_ROUNDS = 200
HIDDEN = (PRIMARY, SECONDARY)


@dataclass
class Suppression:
    status: dict[Any, str]  # key -> "" | primary | secondary | rounded
    intervals: dict[Any, Interval]  # hidden key -> Interval
    rounds: int = 0
    pinned: list[Any] = field(default_factory=list)
    published: dict[Any, int] = field(default_factory=dict)  # shown key -> the figure shown
    method: str = "suppress"

    @property
    def safe(self) -> bool:
        return not self.pinned


def primary(
    values: Mapping[Any, int],
    subjects: Mapping[Any, int],
    min_count: int,
    exempt: Collection[Any] = (),
) -> dict[Any, str]:
    return {
        k: PRIMARY if 0 < subjects.get(k, v) < min_count and v > 0 and k not in exempt else ""
        for k, v in values.items()
    }


def rounded_status(
    values: Mapping[Any, int],
    subjects: Mapping[Any, int],
    min_count: int,
    exempt: Collection[Any] = (),
) -> dict[Any, str]:
    """round5: small figures hidden, zeros and exempt figures exact, the rest rounded."""
    out = {}
    for k, v in values.items():
        if k in exempt or v == 0:
            out[k] = ""
        elif small(v, subjects.get(k, v), min_count):
            out[k] = PRIMARY
        else:
            out[k] = ROUNDED
    return out


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
    capped: Collection[Any] | None = None,
    secondary: bool = True,
    exempt: Collection[Any] = (),
    method: str = "suppress",
) -> Suppression:
    """lines: (keys, exact) groups whose last key is their total; exact lines add up.
    primary_max: what a reader knows a hidden primary figure is at most, for the keys in
    `capped` (every key when None): a figure that cannot exceed the subjects it covers."""
    exempt = frozenset(exempt)
    if method == "round5":
        base = rounded_status(values, subjects, min_count, exempt)
    else:
        base = primary(values, subjects, min_count, exempt)
    status = dict(base)
    shown = {k: round_to_base(values[k]) if s == ROUNDED else values[k] for k, s in base.items()}
    ranges = {k: known_range(shown[k], min_count) for k, s in base.items() if s == ROUNDED}
    totals = {line[-1] for line, _ in lines}
    member: dict[Hashable, list[int]] = {}
    for n, (line, _) in enumerate(lines):
        for k in line:
            member.setdefault(k, []).append(n)

    def hidden(k: Any) -> bool:
        return status[k] in HIDDEN

    def hideable(k: Any) -> bool:
        return not hidden(k) and k not in exempt

    def proof() -> dict[Any, Interval]:
        return _audit(values, status, equal, upper, ranges, primary_max, capped, exact=True)

    def result(intervals: dict[Any, Interval], rounds: int) -> Suppression:
        pinned = [k for k, iv in intervals.items() if iv.pinned]
        published = {k: shown[k] for k in values if not hidden(k)}
        return Suppression(status, intervals, rounds, pinned, published, method)

    if secondary and method != "round5":
        changed = True
        while changed:
            changed = False
            for line, exact in lines:
                if not exact:
                    continue
                h = [k for k in line if hidden(k)]
                if len(h) == 1:
                    rest = [k for k in line if hideable(k)]
                    if rest:
                        status[_choose(rest, values, totals)] = SECONDARY
                        changed = True
    rounds = 0
    released: set[Any] = set()  # secondary cells a reader can work out anyway: published
    while True:
        # the rounds only ask which cells are pinned; the last audit gives exact intervals
        intervals = _audit(values, status, equal, upper, ranges, primary_max, capped, exact=False)
        pinned = [k for k, iv in intervals.items() if iv.pinned]
        if not pinned or not secondary or rounds >= MAX_ROUNDS:
            return result(proof(), rounds)
        rounds += 1
        known = [k for k in pinned if status[k] == SECONDARY]
        if known:
            # hiding what anyone can work out protects nothing: publish it, audit again
            for k in known:
                status[k] = base[k]
                released.add(k)
            continue
        added = False
        for k in pinned:
            beside = _nearest(k, lines, member, lambda c: hideable(c) and c not in released, hidden)
            if beside:
                status[_choose(beside, values, totals)] = SECONDARY
                added = True
        if not added:  # nothing left beside them to hide: the gate fails
            return result(proof(), rounds)


def _nearest(
    k: Any,
    lines: list[tuple[list[Any], bool]],
    member: Mapping[Any, list[int]],
    can_hide: Callable[[Any], bool],
    is_hidden: Callable[[Any], bool],
) -> set[Any]:
    """The cells that could be hidden nearest a pinned one: those sharing a line with it; if
    none, those sharing a line with a hidden cell that shares one with it, and so on (a sum
    of tactics pinned by the total of all tactics is freed only in that total's line)."""
    seen_lines: set[int] = set()
    seen, frontier = {k}, [k]
    while frontier:
        found: set[Any] = set()
        further: list[Any] = []
        for x in frontier:
            for n in member.get(x, []):
                if n in seen_lines:
                    continue
                seen_lines.add(n)
                for c in lines[n][0]:
                    if can_hide(c):
                        found.add(c)
                    elif is_hidden(c) and c not in seen:
                        seen.add(c)
                        further.append(c)
        if found:
            return found
        frontier = further
    return set()


def _audit(values, status, equal, upper, ranges, primary_max, capped, *, exact: bool):
    """The audit of the pattern as it stands: the ranges of the figures still published
    rounded, and the cap of the hidden primary figures a reader knows are small."""
    bounds: dict[Any, tuple[float, float]] = {
        k: r for k, r in ranges.items() if status[k] == ROUNDED
    }
    if primary_max is not None and capped is not None:
        cap = float(primary_max)
        bounds |= {k: (1.0, cap) for k in capped if status.get(k) == PRIMARY}
        primary_max = None  # only the capped keys
    return audit(values, status, equal, upper, primary_max=primary_max, bounds=bounds, exact=exact)


__all__ = ["Interval", "Suppression", "primary", "suppress", "PRIMARY", "SECONDARY", "ROUNDED"]
