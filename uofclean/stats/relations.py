"""What a reader holding the tables knows: the linear relations between figures that follow
from the counting rules. The audit (audit.py) bounds every hidden figure subject to these.

- a dimension a unit has one value of adds up to its total (an incident's characteristics,
  borough and month do not: each part is at most the total, the total at most their sum);
- multi-select rows (tactics, reasons, impact factors, outcomes, locations) lie between the
  largest of them and their sum, "None recorded" and "No tactic" apart;
- the CED levels add up to CED (Taser); a tactic group lies between its largest member and
  their sum, its times reported is their sum;
- injuries: Injured, Not injured and Not stated add up to the total, the severities to Injured.
Tables that share a total share its key, so their relations meet in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from uofclean.stats.spec import (
    CED_GROUP,
    CED_ORDER,
    CHARACTERISTICS,
    COUNTED_TACTICS,
    EXCLUSIVE_GROUPS,
    FLAG_COLUMNS,
    GROUPS,
    INJURED,
    INJURIES,
    INJURY_LEVELS,
    NO_TACTIC,
    NONE_RECORDED,
    NOT_INJURED,
    NOT_STATED,
    TACTIC_ROWS,
    TACTICAL_COMMS,
    TOTAL,
)
from uofclean.stats.tables import Key, TableSet, key

Coef = dict[Key, int]


@dataclass
class Relations:
    equal: list[tuple[Coef, int]] = field(default_factory=list)  # sum(c*x) == rhs
    upper: list[tuple[Coef, int]] = field(default_factory=list)  # sum(c*x) <= rhs
    # groups of keys, total last; exact ones add up (parts sum to the total)
    lines: list[tuple[list[Key], bool]] = field(default_factory=list)
    known: set[Key] = field(default_factory=set)  # every key a relation may name

    def _check(self, keys: list[Key]) -> None:
        stray = [k for k in keys if k not in self.known]
        if stray:  # a relation on a figure no table publishes would be read as known
            raise ValueError(f"relation names an unpublished figure {stray[0]}")

    def adds_up(self, parts: list[Key], total: Key, additive: bool = True) -> None:
        self._check([*parts, total])
        self.lines.append(([*parts, total], additive))
        if additive:
            coef: Coef = {p: 1 for p in parts}
            coef[total] = coef.get(total, 0) - 1
            self.equal.append((coef, 0))
        else:  # each part <= total <= sum of parts
            self.multi(parts, total)

    def multi(self, parts: list[Key], total: Key, apart: list[Key] | None = None) -> None:
        """Multi-select: every unit of the total has one of the parts or one of `apart`
        (which exclude the parts): part + apart <= total <= sum(parts) + apart."""
        apart = apart or []
        self._check([*parts, *apart, total])
        for p in parts:
            self.upper.append(({p: 1, **{a: 1 for a in apart}, total: -1}, 0))
        self.upper.append(({**{p: -1 for p in parts}, **{a: -1 for a in apart}, total: 1}, 0))
        self.lines.append(([*parts, *apart, total], False))

    def below(self, part: Key, total: Key) -> None:
        self._check([part, total])
        self.upper.append(({part: 1, total: -1}, 0))


def relations(ts: TableSet) -> Relations:
    rel = Relations(known=set(ts.values))
    everything = key()
    _tactics(rel)
    for c in CHARACTERISTICS:
        _by(rel, ts, c)
    _by(rel, ts, "month")
    rel.adds_up(
        [key(borough=b) for b in ts.categories["borough"]], everything, ts.additive("borough")
    )
    for table, cols in FLAG_COLUMNS.items():
        rel.multi(
            [key(**{table: v}) for v in cols], everything, apart=[key(**{table: NONE_RECORDED})]
        )
    for table, inj in INJURIES.items():
        injured = key(**{table: INJURED})
        status = [injured, key(**{table: NOT_INJURED}), key(**{table: NOT_STATED})]
        rel.adds_up(status, everything)
        rel.adds_up([key(**{table: lv}) for lv in INJURY_LEVELS], injured)
        for r in inj.within_injured:
            rel.below(key(**{table: r}), injured)
        for r in inj.flags:
            rel.below(key(**{table: r}), everything)
    _ced_by_borough(rel, ts)
    return rel


def _tactics(rel: Relations) -> None:
    total, everything = key(tactic=TOTAL), key()
    for g, members in GROUPS.items():
        parts = [key(tactic=t) for t in members]
        if g in EXCLUSIVE_GROUPS:
            rel.adds_up(parts, key(tactic=g))
        else:
            rel.multi(parts, key(tactic=g))
            rel.adds_up(parts, key("times", g))
        rel.below(key(tactic=g), total)
    rel.adds_up([key(tactic=t) for t in COUNTED_TACTICS], key("times", TOTAL))
    rel.multi([key(tactic=t) for t in COUNTED_TACTICS], total)
    # every unit has a counted tactic, no tactic, or Tactical Communications alone
    rel.multi([total, key(tactic=TACTICAL_COMMS)], everything, apart=[key(tactic=NO_TACTIC)])
    rel.below(total, everything)


def _by(rel: Relations, ts: TableSet, dim: str) -> None:
    """Tactic x one dimension: each tactic's row adds up to its total; in each column the
    tactics are multi-select under the column's Total, the CED levels add up to at most it."""
    additive = ts.additive(dim)
    for t in TACTIC_ROWS:
        rel.adds_up(
            [key(tactic=t, **{dim: v}) for v in ts.categories[dim]], key(tactic=t), additive
        )
    for v in ts.categories[dim]:
        total = key(tactic=TOTAL, **{dim: v})
        rel.multi([key(tactic=t, **{dim: v}) for t in COUNTED_TACTICS], total)
        ced = {key(tactic=t, **{dim: v}): 1 for t in CED_ORDER}
        rel.upper.append(({**ced, total: -1}, 0))


def _ced_by_borough(rel: Relations, ts: TableSet) -> None:
    boroughs = ts.categories["borough"]
    additive = ts.additive("borough")
    for t in (*GROUPS[CED_GROUP], CED_GROUP):
        rel.adds_up([key(tactic=t, borough=b) for b in boroughs], key(tactic=t), additive)
    for b in boroughs:
        group = key(tactic=CED_GROUP, borough=b)
        rel.adds_up([key(tactic=t, borough=b) for t in GROUPS[CED_GROUP]], group)
        rel.below(group, key(borough=b))
