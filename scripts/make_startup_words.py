"""Regenerate the word lists that were computed in every worker at start-up:
uofclean/redact/data/faker_first_names.txt and faker_surnames.txt (Faker's locales' names,
folded: lexicon.faker_name_sets) and typo_targets.txt (wordfreq's common words a typo is one
slip from: safelist.typo_target_words). Run after upgrading Faker or wordfreq;
tests/test_startup_words.py fails until then.

    python scripts/make_startup_words.py
"""

from __future__ import annotations

from pathlib import Path

from uofclean.redact.lexicon import faker_name_sets
from uofclean.redact.safelist import typo_target_words

DATA = Path(__file__).resolve().parents[1] / "uofclean/redact/data"
HEADERS = {
    "faker_first_names": "# First names of Faker's person providers, all Latin-script locales, folded\n"
    "# (lexicon.fold), parts of double-barrelled names apart. Made by\n"
    "# scripts/make_startup_words.py from the installed Faker; read by lexicon.name_sets.\n",
    "faker_surnames": "# Surnames of Faker's person providers, all Latin-script locales, folded\n"
    "# (lexicon.fold), parts of double-barrelled names apart. Made by\n"
    "# scripts/make_startup_words.py from the installed Faker; read by lexicon.name_sets.\n",
    "typo_targets": "# Common English words (wordfreq's top 40,000, alphabetic, over 3 letters, zipf 3.5, or 3\n"
    "# from 7 letters) in wordfreq's order: the words a typo is one slip from (safelist._spellings\n"
    "# leaves out names). Made by scripts/make_startup_words.py from the installed wordfreq.\n",
}


def write(name: str, words: list[str]) -> None:
    (DATA / f"{name}.txt").write_text(HEADERS[name] + "\n".join(words) + "\n", encoding="utf-8")


def main() -> None:
    first, last = faker_name_sets()
    write("faker_first_names", sorted(first))
    write("faker_surnames", sorted(last))
    write("typo_targets", typo_target_words())


if __name__ == "__main__":
    main()
