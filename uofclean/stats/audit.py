"""The exact audit of a suppression pattern: for every hidden cell, the smallest and largest
value it can take given everything published and the relations the counting rules imply.

Each bound is a linear programme (scipy.optimize.linprog, HiGHS): the published cells are
constants, the hidden cells are variables, bounded below by 0 (a primary cell by 1, since a
reader knows a primary cell covers at least one subject; under `--unit subject` also above by
min_count - 1), subject to every equality and inequality of `tables.Relations`. A hidden cell is
*pinned* when its interval holds a single whole number: a reader can work it out. The LP is the
relaxation of the integer problem, so its interval is never narrower than the true one: a cell
the audit calls safe may still be safe for more values than it shows, never fewer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

PRIMARY, SECONDARY = "primary", "secondary"


@dataclass(frozen=True)
class Interval:
    low: float
    high: float  # math.inf when unbounded

    @property
    def pinned(self) -> bool:
        high = self.high if math.isfinite(self.high) else math.inf
        return math.floor(high + 1e-6) - math.ceil(self.low - 1e-6) < 1

    def as_json(self) -> dict:
        return {
            "min": _whole(self.low),
            "max": _whole(self.high) if math.isfinite(self.high) else None,
        }


def _whole(x: float) -> float | int:
    return int(round(x)) if abs(x - round(x)) < 1e-6 else round(x, 3)


def audit(
    values: dict,
    status: dict,
    equal: list[tuple[dict, int]],
    upper: list[tuple[dict, int]],
    *,
    primary_max: int | None = None,
) -> dict:
    """Interval of every hidden key (status primary/secondary) given the published keys."""
    hidden = [k for k, s in status.items() if s in (PRIMARY, SECONDARY)]
    if not hidden:
        return {}
    index = {k: i for i, k in enumerate(hidden)}
    # substitute the published values; keep the rows that still hold a hidden key
    rows: list[tuple[dict[int, float], float, bool]] = []  # (coef, rhs, is_equality)
    for group, is_eq in ((equal, True), (upper, False)):
        for coef, rhs in group:
            local: dict[int, float] = {}
            b = float(rhs)
            for k, c in coef.items():
                if k in index:
                    local[index[k]] = local.get(index[k], 0.0) + c
                else:
                    b -= c * values[k]
            local = {i: c for i, c in local.items() if c}
            if local:
                rows.append((local, b, is_eq))
    # independent components of the hidden cells solve apart (small LPs, same answer)
    parent = list(range(len(hidden)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for local, _, _ in rows:
        first, *rest = local
        for j in rest:
            a, b = find(first), find(j)
            if a != b:
                parent[a] = b
    members: dict[int, list[int]] = {}
    for i in range(len(hidden)):
        members.setdefault(find(i), []).append(i)
    component_rows: dict[int, list[int]] = {}
    for r, (local, _, _) in enumerate(rows):
        component_rows.setdefault(find(next(iter(local))), []).append(r)

    result: dict = {}
    for root, cols in members.items():
        pos = {c: j for j, c in enumerate(cols)}
        bounds = []
        for c in cols:
            if status[hidden[c]] == PRIMARY:
                bounds.append((1.0, float(primary_max) if primary_max else None))
            else:
                bounds.append((0.0, None))
        eq_r, eq_c, eq_v, eq_b = [], [], [], []
        ub_r, ub_c, ub_v, ub_b = [], [], [], []
        for r in component_rows.get(root, []):
            local, b, is_eq = rows[r]
            target = (eq_r, eq_c, eq_v, eq_b) if is_eq else (ub_r, ub_c, ub_v, ub_b)
            n = len(target[3])
            for i, c in local.items():
                target[0].append(n)
                target[1].append(pos[i])
                target[2].append(c)
            target[3].append(b)
        n = len(cols)
        a_eq = coo_matrix((eq_v, (eq_r, eq_c)), shape=(len(eq_b), n)).tocsr() if eq_b else None
        a_ub = coo_matrix((ub_v, (ub_r, ub_c)), shape=(len(ub_b), n)).tocsr() if ub_b else None
        for c in cols:
            lo_hi = []
            for sign in (1.0, -1.0):
                objective = np.zeros(n)
                objective[pos[c]] = sign
                res = linprog(
                    objective,
                    A_ub=a_ub,
                    b_ub=np.array(ub_b) if ub_b else None,
                    A_eq=a_eq,
                    b_eq=np.array(eq_b) if eq_b else None,
                    bounds=bounds,
                    method="highs",
                )
                if res.status == 3:  # unbounded
                    lo_hi.append(math.inf)
                elif res.status != 0:
                    raise RuntimeError(f"audit LP failed: {res.message}")
                else:
                    lo_hi.append(sign * res.fun)
            result[hidden[c]] = Interval(lo_hi[0], lo_hi[1])
    return result
