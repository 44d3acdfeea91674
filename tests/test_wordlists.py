"""The word lists in uofclean/redact/data/: every file loads and is clean."""

from collections import Counter
from importlib.resources import files

from uofclean.redact.data import load_words


def test_every_word_list_loads_non_empty_without_duplicates_or_padding():
    lists = sorted(
        f.name for f in files("uofclean.redact.data").iterdir() if f.name.endswith(".txt")
    )
    assert len(lists) >= 18  # the 17 word lists that were Python literals, and places.txt
    for filename in lists:
        text = files("uofclean.redact.data").joinpath(filename).read_text(encoding="utf-8")
        assert text.startswith("#"), f"{filename}: should start with a comment saying what it is"
        words = load_words(filename.removesuffix(".txt"))
        assert words, f"{filename}: no entries"
        repeated = [w for w, n in Counter(words).items() if n > 1]
        assert not repeated, f"{filename}: listed more than once: {repeated}"
        entries = [
            line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
        ]
        padded = [line for line in entries if line != line.strip()]
        assert not padded, f"{filename}: entries with surrounding whitespace: {padded}"
