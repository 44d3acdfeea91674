"""What of a release is open text: the columns the release scan reads, and vocabulary columns
held to their published values.

A vocabulary column is safe to release only while it holds its vocabulary: MainDuty is open
(forces differ), so an unfamiliar value is only a warning in validation, and "PC Dave SMITH
07700 900123" typed into it would otherwise be published as written. Every other released
column with free values is scanned like Justification.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from uofclean.publish.profile import Profile
from uofclean.schema.columns import SUPPRESSED, VALUE_VARIANTS, column_specs, values

VOCABULARY_KINDS = ("vocab", "yes_no", "open_vocab")
# Published columns whose shape is checked by the release check (formats, pseudonyms) or that
# hold a closed set; anything else released is read by the scan.
_SHAPED_KINDS = (*VOCABULARY_KINDS, "date", "time", "datetime", "count", "serial", "pseudonym")


@dataclass
class Confined:
    frame: pl.DataFrame
    mapped: dict[str, int] = field(default_factory=dict)  # column -> variants made published
    suppressed: dict[str, int] = field(default_factory=dict)  # column -> cells suppressed
    distinct: dict[str, int] = field(default_factory=dict)  # column -> distinct values suppressed


def confine_vocabularies(frame: pl.DataFrame, profile: Profile) -> Confined:
    """In each released vocabulary column kept as it is, a known variant ("City of
    Westminster") becomes the published value it stands for and any other value outside the
    published set becomes Suppressed. A column the profile redacts is redacted and scanned
    instead."""
    result = Confined(frame)
    exprs = []
    for spec in column_specs("published"):
        if spec.kind not in VOCABULARY_KINDS or spec.name not in frame.columns:
            continue
        if profile.actions.get(spec.name) != "keep" or spec.vocabulary is None:
            continue
        allowed = [*values(spec.vocabulary), "", SUPPRESSED]
        variants = VALUE_VARIANTS.get(spec.vocabulary, {})
        value = pl.col(spec.name).fill_null("").str.strip_chars()
        is_variant = value.is_in(list(variants))
        outside = ~value.is_in(allowed) & ~is_variant
        counts = frame.select(
            is_variant.sum().alias("mapped"),
            outside.sum().alias("suppressed"),
            pl.col(spec.name).filter(outside).n_unique().alias("distinct"),
        ).row(0, named=True)
        if not (counts["mapped"] or counts["suppressed"]):
            continue
        result.mapped[spec.name] = counts["mapped"]
        result.suppressed[spec.name] = counts["suppressed"]
        result.distinct[spec.name] = counts["distinct"]
        exprs.append(
            pl.when(is_variant)
            .then(value.replace_strict(variants, default=value))
            .when(outside)
            .then(pl.lit(SUPPRESSED))
            .otherwise(pl.col(spec.name))
            .alias(spec.name)
        )
    if exprs:
        result.frame = frame.with_columns(exprs)
    return result


def scan_view(release: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """The release as the scan should read it: in an open vocabulary column the published
    values (and Suppressed) are blanked, since a lone category ("Neighbourhood") is not a
    name, and only what is left of other text is looked at. Rows keep their places."""
    specs = {s.name: s for s in column_specs("published")}
    exprs = [
        pl.when(
            pl.col(c)
            .fill_null("")
            .str.strip_chars()
            .is_in([*values(specs[c].vocabulary or ""), SUPPRESSED])
        )
        .then(pl.lit(""))
        .otherwise(pl.col(c))
        .alias(c)
        for c in columns
        if c in specs and specs[c].kind == "open_vocab"
    ]
    return release.with_columns(exprs) if exprs else release


def scan_columns(release: pl.DataFrame, profile: Profile) -> list[str]:
    """Every released column whose values are not a closed set or a checked format: free text
    (redacted or not), open vocabularies, and any internal column the profile releases."""
    specs = {s.name: s for s in column_specs("published")}
    out = []
    for column in release.columns:
        if column == profile.incident_key or profile.actions.get(column) == "pseudonymise":
            continue  # keyed hex digits
        spec = specs.get(column)
        if spec is not None and spec.kind in _SHAPED_KINDS and spec.kind != "open_vocab":
            continue
        out.append(column)
    return out
