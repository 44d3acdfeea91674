"""Disclosure control: every fully stated combination of quasi-identifiers covers at least k
incidents, by suppressing as few values as possible, all rows of an incident alike."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from uofclean.schema.columns import SUPPRESSED

_ROW = "__row"


@dataclass
class DisclosureResult:
    frame: pl.DataFrame
    suppressed: dict[str, int] = field(default_factory=dict)  # column -> cells suppressed
    failing_combinations: int = 0  # fully stated combinations still below k (gate fails)
    k: int = 5

    @property
    def ok(self) -> bool:
        return self.failing_combinations == 0


def _stated(column: str) -> pl.Expr:
    value = pl.col(column).fill_null("").str.strip_chars()
    return (value != "") & (value != SUPPRESSED)


def _violating_incidents(frame: pl.DataFrame, qis: list[str], incident: str, k: int) -> pl.Series:
    """Incidents having a row whose fully stated combination covers fewer than k incidents."""
    stated = frame.filter(pl.all_horizontal([_stated(c) for c in qis]))
    counts = stated.group_by(qis).agg(pl.col(incident).n_unique().alias("n"))
    rare = stated.join(counts.filter(pl.col("n") < k), on=qis, how="semi")
    return rare[incident].unique()


def apply_disclosure(
    frame: pl.DataFrame,
    *,
    incident: str,
    k: int,
    quasi_identifiers: list[str],
    order: list[str],
    suppressible: list[str],
) -> DisclosureResult:
    qis = [c for c in quasi_identifiers if c in frame.columns]
    result = DisclosureResult(frame, {c: 0 for c in qis}, 0, k)
    if not qis or frame.height == 0:
        return result
    work = frame
    for column in [c for c in order if c in suppressible and c in qis]:
        while True:
            bad = _violating_incidents(work, qis, incident, k)
            if bad.len() == 0:
                break
            target = pl.col(incident).is_in(bad.implode()) & _stated(column)
            n = work.select(target.sum()).item()
            if n == 0:
                break  # this column can help no further: try the next one
            work = work.with_columns(
                pl.when(target).then(pl.lit(SUPPRESSED)).otherwise(pl.col(column)).alias(column)
            )
            result.suppressed[column] += n
    remaining = _violating_incidents(work, qis, incident, k)
    stated = work.filter(pl.all_horizontal([_stated(c) for c in qis]))
    counts = stated.group_by(qis).agg(pl.col(incident).n_unique().alias("n"))
    result.failing_combinations = counts.filter(pl.col("n") < k).height if remaining.len() else 0
    result.frame = work
    return result
