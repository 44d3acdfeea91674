"""Regenerate uofclean/redact/data/name_only_words.txt: gazetteer names (Faker's Latin-script
locales) that English text uses often (wordfreq zipf >= 3) but that are not English words
(Faker's and the 1990 US Census's surnames; neither they nor their stem are lower-case entries of Webster's Second, the public-domain
`web2` list of the `english-words` package). A word on it is a name in any case: "arrested
mohammed" or "david said" is a person, where "hope" or "will" need something else to say so.

    pip install english-words && python scripts/make_name_words.py
"""

from __future__ import annotations

from pathlib import Path

from english_words import get_english_words_set
from wordfreq import zipf_frequency

from uofclean.redact import lexicon as lx
from uofclean.redact import safelist
from uofclean.redact.data import load_words

HEADER = """# Names that English text uses often but that are not English words: a name in any case
# ("arrested mohammed", "david said"). Made by scripts/make_name_words.py from Faker's names,
# wordfreq and Webster's Second (web2, public domain); the safe-list net redacts them.
"""
OUT = Path(__file__).resolve().parents[1] / "uofclean/redact/data/name_only_words.txt"


def _english(word: str, dictionary: set[str]) -> bool:
    stems = [word]
    for suffix, add in (
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ies", "y"),
        ("er", ""),
        ("ers", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix):
            stems.append(word[: -len(suffix)] + add)
    return any(s in dictionary for s in stems)


def main() -> None:
    dictionary = {
        w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()
    }
    first, last = lx.name_sets()
    last = last | safelist.census_surnames()
    safe = lx.POLICE_TERMS | lx.FUNCTION_WORDS | lx.MONTHS_AND_DAYS | lx.TITLES | lx.RANKS
    safe |= safelist.proper_not_personal() | set(load_words("english_not_in_web2"))
    words = sorted(
        w
        for w in first | last
        if w.isalpha()
        and len(w) > 2
        and zipf_frequency(w, "en") >= 3.0
        and w not in safe
        and w not in lx.kept_places()
        and not _english(w, dictionary)
    )
    OUT.write_text(HEADER + "\n".join(words) + "\n", encoding="utf-8")
    print(len(words), "words")


if __name__ == "__main__":
    main()
