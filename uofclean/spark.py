"""Redaction inside a Spark job, for teams whose data already lives in Spark.

    from uofclean.spark import redact
    released = redact(df, ["Justification"], "fake", key)   # key: bytes from a secret store

Each Spark task maps uofclean's batch function (uofclean.redact.batch.redact_batch) over its
Arrow batches with mapInArrow; the detector loads once per Python worker. The result has the
same schema and rows; only `columns` change. A row's redaction uses its own columns and, when
present, its incident's lists (context.INCIDENT_COLUMNS), which a caller can add with a
group-by on IncidentRef; without them the other forms of an incident are not consulted.
Needs `pip install 'uofclean[spark]'` and the spaCy model on every executor.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator


def redact(
    df,
    columns: Iterable[str],
    operator: str = "replace",
    key: bytes | None = None,
    *,
    ner: bool = True,
):
    """A DataFrame like `df` with `columns` redacted (operator: replace, mask, hash, fake)."""
    from uofclean.redact.batch import RedactSpec
    from uofclean.redact.context import INCIDENT_COLUMNS
    from uofclean.redact.operators import Replacer

    Replacer(operator, key)  # a bad operator or a missing key fails here, not on an executor
    spec = RedactSpec(tuple(columns), operator, key, ner)
    schema = df.schema
    carried = [c for c in INCIDENT_COLUMNS if c in df.columns]

    def run(batches: Iterator) -> Iterator:
        import pyarrow as pa

        from uofclean.redact.batch import redact_batch

        for arrow in batches:
            out = redact_batch(pa.Table.from_batches([arrow]), spec).frame.to_arrow()
            for name in carried:  # the batch drops the lists; the caller's schema keeps them
                out = out.append_column(name, arrow.column(name))
            yield from out.select(arrow.schema.names).to_batches()

    return df.mapInArrow(run, schema)
