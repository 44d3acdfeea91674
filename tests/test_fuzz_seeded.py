"""A seeded set of mutants (one of each kind: truncations, bit flips, NUL bytes, stray quotes,
other encodings and line endings, missing or renamed headers, other delimiters, ragged rows,
formulas, huge fields, empty files, a double BOM) through validate, dedupe and publish, checking
the CLI's promises on each (bench/fuzz.py; `make bench` runs a few hundred through every
command)."""

from __future__ import annotations

import pytest

from bench.fuzz import MUTATIONS, check, mutants, personal_values

SEEDED = mutants(len(MUTATIONS), seed=12)


@pytest.fixture(scope="module")
def secrets():
    return personal_values()


@pytest.mark.slow
@pytest.mark.parametrize(("kind", "data"), SEEDED, ids=[k for k, _ in SEEDED])
def test_every_promise_holds_on_a_mutant(kind, data, secrets):
    broken = []
    for command in ("validate", "dedupe", "publish"):
        broken += check(kind, data, command, secrets)
    assert not broken, broken
