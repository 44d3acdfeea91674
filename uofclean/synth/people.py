"""Name pools reflecting London's population, drawn once per run from several Faker locales."""

from __future__ import annotations

import random
from dataclasses import dataclass

from faker import Faker

# Latin-script locales (officers write names romanised).
LOCALES = (
    "en_GB",
    "en_GB",
    "en_GB",
    "en_IE",
    "en_NG",
    "yo_NG",
    "ig_NG",
    "tw_GH",
    "en_IN",
    "en_PK",
    "pl_PL",
    "ro_RO",
    "tr_TR",
    "pt_PT",
    "pt_BR",
    "es_ES",
    "it_IT",
    "lt_LT",
    "fr_FR",
    "sq_AL",
)
# Romanised names that Faker's Latin locales lack (Somali, Bengali, Arabic, Vietnamese, Chinese...).
EXTRA_FIRST = (
    "Mohamed",
    "Ahmed",
    "Abdi",
    "Hassan",
    "Omar",
    "Yusuf",
    "Fatima",
    "Aisha",
    "Hodan",
    "Nasra",
    "Rahim",
    "Shanaz",
    "Tanvir",
    "Nusrat",
    "Minh",
    "Thanh",
    "Wei",
    "Jun",
    "Kwame",
    "Ama",
)
EXTRA_LAST = (
    "Farah",
    "Warsame",
    "Rahman",
    "Begum",
    "Uddin",
    "Hussain",
    "Ali",
    "Khan",
    "Akhtar",
    "Islam",
    "Nguyen",
    "Tran",
    "Chen",
    "Wang",
    "Mensah",
    "Boateng",
    "O'Neill",
    "McCarthy",
    "D'Souza",
)
# Names that are ordinary words: a redactor must catch them when they are names.
WORD_FIRST = ("Will", "Mark", "Grace", "Rose", "Hope", "Faith", "Joy", "Bill", "Victor", "Summer")
WORD_LAST = (
    "White",
    "Young",
    "Brown",
    "Green",
    "Long",
    "Little",
    "Rich",
    "Bishop",
    "Baker",
    "Wood",
    "King",
    "Hill",
    "Black",
    "Moon",
    "Church",
)


@dataclass(frozen=True)
class Person:
    first: str
    last: str
    gender: str  # Male / Female

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


class NamePools:
    """First names by gender and surnames, drawn deterministically from the seed."""

    def __init__(self, seed: int, per_locale: int = 60):
        self.male: list[str] = []
        self.female: list[str] = []
        self.last: list[str] = []
        for i, locale in enumerate(LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed * 1000 + i)
            self.male += [fake.first_name_male() for _ in range(per_locale)]
            self.female += [fake.first_name_female() for _ in range(per_locale)]
            self.last += [fake.last_name() for _ in range(per_locale * 2)]
        self.male += list(EXTRA_FIRST[:8]) + list(WORD_FIRST[:5])
        self.female += list(EXTRA_FIRST[8:]) + list(WORD_FIRST[5:])
        self.last += list(EXTRA_LAST) * 3 + list(WORD_LAST) * 2
        # Double-barrelled surnames, as in "EZEANI-REID".
        rng = random.Random(seed)
        self.last += [f"{rng.choice(self.last)}-{rng.choice(self.last)}" for _ in range(60)]
        self.male = [n for n in self.male if " " not in n]
        self.female = [n for n in self.female if " " not in n]
        self.last = [n for n in self.last if " " not in n]

    def person(self, rng: random.Random, gender: str | None = None) -> Person:
        gender = gender or rng.choice(("Male", "Female"))
        pool = self.male if gender == "Male" else self.female
        return Person(rng.choice(pool), rng.choice(self.last), gender)
