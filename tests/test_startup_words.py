"""The word lists made at build time (scripts/make_startup_words.py) are what the installed
Faker and wordfreq give now: regenerate them after upgrading either."""

from __future__ import annotations

from uofclean.redact import lexicon, safelist
from uofclean.redact.data import load_words


def test_faker_names_match_the_installed_faker() -> None:
    assert lexicon.name_sets() == lexicon.faker_name_sets()


def test_typo_targets_match_the_installed_wordfreq_in_order() -> None:
    assert list(load_words("typo_targets")) == safelist.typo_target_words()
