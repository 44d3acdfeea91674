"""The exact audit of a suppression pattern: for every hidden cell, the smallest and largest
value it can take given everything published and the relations the counting rules imply.

Each bound is a linear programme solved by HiGHS: the published cells are constants, the
hidden cells are variables, bounded below by 0 (a primary cell by 1, since a reader knows a
primary cell covers at least one subject; under `--unit subject` also above by
min_count - 1), subject to every equality and inequality of `relations.Relations`. A hidden
cell is *pinned* when its interval holds a single whole number: a reader can work it out. The
LP is the relaxation of the integer problem, so its interval is never narrower than the true
one: a cell the audit calls safe may still be safe for more values than it shows, never fewer.

A figure published rounded (`--method round5`) is no constant: it is a variable too, bounded
by what a reader knows of it (`bounds`: within 2 of the figure shown, and not small enough to
have been hidden); only the hidden cells' intervals are solved for and reported.

Independent groups of hidden cells (sharing no relation) are solved apart. Within a group the
model is loaded into HiGHS once and only the objective changes between its 2 x n solves, so
each starts from the last one's basis (the HiGHS that scipy ships, through its bindings); where
those bindings are missing, `scipy.optimize.linprog` (the same solver, one model per solve)
gives the same intervals, more slowly.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csc_matrix, csr_matrix

from uofclean.errors import IntegrityError

PRIMARY, SECONDARY = "primary", "secondary"
ROUNDED = "rounded"  # published as a range (rounding.py)

Coef = Mapping[Any, int]
Constraint = tuple[Coef, int]


@dataclass(frozen=True)
class Interval:
    low: float
    high: float  # math.inf when unbounded

    @property
    def pinned(self) -> bool:
        return math.floor(self.high + 1e-6) - math.ceil(self.low - 1e-6) < 1

    def as_json(self) -> dict:
        return {
            "min": _whole(self.low),
            "max": _whole(self.high) if math.isfinite(self.high) else None,
        }


def _whole(x: float) -> float | int:
    return int(round(x)) if abs(x - round(x)) < 1e-6 else round(x, 3)


@dataclass
class _Model:
    """One independent group of hidden cells: rows of A (equalities first), bounds."""

    a: csr_matrix
    equalities: int
    rhs: np.ndarray
    lower: np.ndarray
    upper: np.ndarray  # np.inf where unbounded


def _highs_bounds(
    model: _Model, targets: list[int], exact: bool = True
) -> list[tuple[float, float]] | None:
    """Min and max of each target variable, one warm-started HiGHS; None without the
    bindings. Not exact: a variable two solutions already show taking values a whole number
    apart is left with that range (enough to know it is not pinned) and not solved for."""
    try:
        from scipy.optimize._highspy import _core as highs  # scipy's own HiGHS bindings
    except ImportError:
        return None
    n = model.a.shape[1]
    inf = highs.kHighsInf
    lp = highs.HighsLp()
    lp.num_col_, lp.num_row_ = n, model.a.shape[0]
    lp.col_cost_ = np.zeros(n)
    lp.col_lower_ = model.lower
    lp.col_upper_ = np.where(np.isfinite(model.upper), model.upper, inf)
    row_lower = np.full(model.a.shape[0], -inf)
    row_lower[: model.equalities] = model.rhs[: model.equalities]
    lp.row_lower_, lp.row_upper_ = row_lower, model.rhs.astype(float)
    cols = csc_matrix(model.a)
    lp.a_matrix_.format_ = highs.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_ = cols.indptr, cols.indices
    lp.a_matrix_.value_ = cols.data.astype(float)
    solver = highs._Highs()
    solver.setOptionValue("output_flag", False)
    solver.setOptionValue("presolve", "off")  # presolve would discard the warm basis
    # only the objective changes: the last basis stays feasible, primal simplex goes on from it
    solver.setOptionValue("simplex_strategy", 4)
    solver.passModel(lp)
    seen_low, seen_high = np.full(n, np.inf), np.full(n, -np.inf)
    out = []
    for j in targets:
        if not exact and seen_high[j] >= seen_low[j]:
            observed = Interval(float(seen_low[j]), float(seen_high[j]))
            if not observed.pinned:
                out.append((observed.low, observed.high))
                continue
        bounds = []
        for sign in (1.0, -1.0):
            solver.changeColCost(j, sign)
            solver.run()
            status = solver.getModelStatus()
            if status == highs.HighsModelStatus.kOptimal:
                bounds.append(sign * solver.getInfo().objective_function_value)
                if not exact:
                    x = np.asarray(solver.getSolution().col_value)
                    seen_low, seen_high = np.minimum(seen_low, x), np.maximum(seen_high, x)
            elif sign < 0 and status in (
                highs.HighsModelStatus.kUnbounded,
                highs.HighsModelStatus.kUnboundedOrInfeasible,
            ):
                bounds.append(math.inf)
            else:
                raise IntegrityError(
                    f"audit LP failed: {solver.modelStatusToString(status)} (the published "
                    "figures contradict the relations)"
                )
        solver.changeColCost(j, 0.0)
        out.append((bounds[0], bounds[1]))
    return out


def _linprog_bounds(model: _Model, targets: list[int]) -> list[tuple[float, float]]:
    n, e = model.a.shape[1], model.equalities
    a_eq = model.a[:e] if e else None
    a_ub = model.a[e:] if model.a.shape[0] > e else None
    bounds = [
        (lo, hi if math.isfinite(hi) else None)
        for lo, hi in zip(model.lower, model.upper, strict=True)
    ]
    out = []
    for j in targets:
        lo_hi = []
        for sign in (1.0, -1.0):
            objective = np.zeros(n)
            objective[j] = sign
            res = linprog(
                objective,
                A_ub=a_ub,
                b_ub=model.rhs[e:] if a_ub is not None else None,
                A_eq=a_eq,
                b_eq=model.rhs[:e] if a_eq is not None else None,
                bounds=bounds,
                method="highs",
            )
            if res.status == 3 and sign < 0:
                lo_hi.append(math.inf)
            elif res.status != 0:
                raise IntegrityError(f"audit LP failed: {res.message}")
            else:
                lo_hi.append(sign * res.fun)
        out.append((lo_hi[0], lo_hi[1]))
    return out


def _components(n: int, rows: list[tuple[dict[int, float], float, bool]]) -> list[list[int]]:
    parent = list(range(n))

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
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    return list(members.values())


def audit(
    values: Mapping[Any, int],
    status: Mapping[Any, str],
    equal: Sequence[Constraint],
    upper: Sequence[Constraint],
    *,
    primary_max: int | None = None,
    bounds: Mapping[Any, tuple[float, float]] | None = None,
    engine: str = "highs",
    exact: bool = True,
) -> dict[Any, Interval]:
    """Interval of every hidden key (status primary/secondary) given the published keys.
    A primary key is at least 1 (and at most primary_max where given), a secondary one at
    least 0; `bounds` says otherwise for a hidden key, and holds the range a reader knows of
    every key published as a range (status rounded). engine: "highs" (warm-started, the
    default) or "linprog" (one model per solve). With exact=False (the rounds of secondary
    suppression), a pinned cell's interval is exact but another's may be narrower than the
    truth: enough to know which cells are pinned."""
    bounds = bounds or {}
    hidden: list[Hashable] = [k for k, s in status.items() if s in (PRIMARY, SECONDARY)]
    if not hidden:
        return {}
    ranged = [k for k, s in status.items() if s == ROUNDED]
    missing = [k for k in ranged if k not in bounds]
    if missing:
        raise ValueError(f"no range for the rounded figure {missing[0]}")
    targets = len(hidden)
    hidden = hidden + ranged  # variables: the hidden ones first, then the ranges
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
            elif (is_eq and abs(b) > 1e-9) or (not is_eq and b < -1e-9):
                raise IntegrityError("the published figures break a relation of the tables")
    by_component: dict[int, list[int]] = {}
    comps = _components(len(hidden), rows)
    where = {i: n for n, cols in enumerate(comps) for i in cols}
    for r, (local, _, _) in enumerate(rows):
        by_component.setdefault(where[next(iter(local))], []).append(r)

    def lower(k: Hashable) -> float:
        if k in bounds:
            return bounds[k][0]
        return 1.0 if status[k] == PRIMARY else 0.0

    def upper_of(k: Hashable) -> float:
        if k in bounds:
            return bounds[k][1]
        return float(primary_max) if primary_max and status[k] == PRIMARY else math.inf

    result: dict[Any, Interval] = {}
    for n, cols in enumerate(comps):
        wanted = [j for j, c in enumerate(cols) if c < targets]
        if not wanted:  # only ranges: nothing hidden to bound
            continue
        pos = {c: j for j, c in enumerate(cols)}
        mine = sorted(by_component.get(n, []), key=lambda r: not rows[r][2])  # equalities first
        data, ri, ci = [], [], []
        for i, r in enumerate(mine):
            for c, v in rows[r][0].items():
                data.append(v)
                ri.append(i)
                ci.append(pos[c])
        model = _Model(
            a=csr_matrix((data, (ri, ci)), shape=(len(mine), len(cols))),
            equalities=sum(1 for r in mine if rows[r][2]),
            rhs=np.array([rows[r][1] for r in mine], dtype=float),
            lower=np.array([lower(hidden[c]) for c in cols]),
            upper=np.array([upper_of(hidden[c]) for c in cols]),
        )
        found = _highs_bounds(model, wanted, exact) if engine == "highs" else None
        if found is None:
            found = _linprog_bounds(model, wanted)
        for j, (lo, hi) in zip(wanted, found, strict=True):
            result[hidden[cols[j]]] = Interval(lo, hi)
    return result
