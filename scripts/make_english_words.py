"""Regenerate uofclean/redact/data/rare_english_words.txt: English words that English text
uses rarely (wordfreq zipf 1.5 to 3), as Webster's Second (web2, public domain, through the
`english-words` package) lists them in lower case, with their plurals, verb forms and British spellings. The
safe-list net keeps such a word ("lacerations", "sternum") where it would redact a rare word
it does not know ("dafydd", "oyelaran").

    pip install english-words && python scripts/make_english_words.py
"""

from __future__ import annotations

from pathlib import Path

from english_words import get_english_words_set
from wordfreq import top_n_list, zipf_frequency

OUT = Path(__file__).resolve().parents[1] / "uofclean/redact/data/rare_english_words.txt"
HEADER = """# English words that English text uses rarely (wordfreq zipf 1.5-3), found in Webster's
# Second (web2, public domain) in lower case, with plurals, verb forms and British spellings. Made by
# scripts/make_english_words.py; the safe-list net keeps them where it redacts unknown words.
"""
ENDINGS = (
    ("s", ""),
    ("es", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ies", "y"),
    ("ied", "y"),
    ("er", ""),
    ("ers", ""),
    ("ly", ""),
    ("ness", ""),
)


BRITISH = (
    ("our", "or"),
    ("ise", "ize"),
    ("yse", "yze"),
    ("tre", "ter"),
    ("ogue", "og"),
    ("ence", "ense"),
    ("ll", "l"),
    ("ae", "e"),
    ("oe", "e"),
)


def _american(word: str) -> str:
    """ "armoury" -> "armory", "neighbour" -> "neighbor": web2 spells the American way."""
    for british, american in BRITISH:
        word = word.replace(british, american)
    return word


def main() -> None:
    web2 = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}
    words = set()
    for word in top_n_list("en", 500_000):
        if not word.isalpha() or len(word) < 4:
            continue
        zipf = zipf_frequency(word, "en")
        if not 1.5 <= zipf < 3.0:
            continue
        stems = [word] + [word[: -len(a)] + b for a, b in ENDINGS if word.endswith(a)]
        stems += [_american(s) for s in stems]
        if any(s in web2 for s in stems):
            words.add(word)
    OUT.write_text(HEADER + "\n".join(sorted(words)) + "\n", encoding="utf-8")
    print(len(words), "words")


if __name__ == "__main__":
    main()
