"""Rows of a synthetic extract: incidents, officers' forms, rules obeyed, truth recorded."""

from __future__ import annotations

import csv
import io
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from uofclean.schema import columns as cols
from uofclean.synth import identifiers as ids
from uofclean.synth.narratives import Built, Cast, Narrator
from uofclean.synth.people import NamePools, Person

TEXT_COLUMNS = ("Justification", "InjuryDetails")
ID_COLUMNS = (
    "RecordID",
    "IncidentRef",
    "SubmittedAt",
    "OfficerID",
    "OfficerName",
    "SubjectName",
    "SubjectDOB",
    "IncidentAddress",
    "IncidentPostcode",
)
HEADER = list(ID_COLUMNS) + list(cols.PUBLISHED_COLUMNS) + list(TEXT_COLUMNS)
_LOCATIONS = [c for c in cols.PUBLISHED_COLUMNS if c.startswith("Incident Location:")]
_IMPACT = [c for c in cols.PUBLISHED_COLUMNS if c.startswith("Impact Factor:")]
_REASONS = [c for c in cols.PUBLISHED_COLUMNS if c.startswith("Reason for Force:")]
_OUTCOMES = [c for c in cols.PUBLISHED_COLUMNS if c.startswith("Outcome:")]
_CED1 = [c for c in cols.CED_COLUMNS if not c.startswith(("CED2", "CED3", "CED4"))]
_TACTIC_WEIGHTS = {
    "Tactical Communications": 30,
    "Compliant Handcuffing": 40,
    "Non-Compliant Handcuffing": 25,
    "Unarmed Skills (including pressure points, strikes, restraints and take-downs)": 30,
    "Ground Restraint": 12,
    "Limb/Body Restraints": 5,
    "Spit Guard": 3,
    "Shield": 1,
    "Dog Deployed": 1,
    "Other/Improvised": 3,
    "Irritant Spray - CS Drawn": 0.5,
    "Irritant Spray - PAVA Drawn": 2,
    "CED (Taser) Drawn": 4,
    "Baton Drawn": 2,
    "CED (Taser) Red-Dotted": 2,
    "CED (Taser) Aimed": 1.5,
    "CED (Taser) Arced": 0.5,
    "AEP Aimed": 0.2,
    "Firearm Aimed": 0.5,
    "Irritant Spray - CS Used": 0.2,
    "Irritant Spray - PAVA Used": 1,
    "CED (Taser) Drive Stun": 0.2,
    "CED (Taser) Angle Drive Stun": 0.1,
    "CED (Taser) Fired": 0.8,
    "Dog Bite": 0.2,
    "Baton Used": 0.5,
    "Firearm Fired": 0.01,
}
_ETHNICITY = (
    ("White", 40),
    ("Black (or Black British)", 30),
    ("Asian (or Asian British)", 15),
    ("Mixed", 5),
    ("Other", 5),
    ("Chinese", 1),
    ("", 4),
)
_DUTIES = (
    ("Response", 50),
    ("Neighbourhood", 12),
    ("Patrol", 8),
    ("Public Order", 6),
    ("Custody", 5),
    ("Roads Policing", 4),
    ("Firearms", 3),
    ("Dog Handler", 2),
    ("Investigation", 5),
    ("Operational Support", 3),
    ("Other", 2),
)


@dataclass
class SynthOptions:
    rows: int = 1000
    seed: int = 1
    errors: bool = False
    duplicates: bool = False
    period: tuple[date, date] = (date(2020, 4, 1), date(2021, 3, 31))
    shuffle_columns: bool = False
    encoding: str = "utf-8"
    # more than 1: the period and the years after it, each with fewer incidents than the one
    # before and its own rate of each tactic, for year-on-year statistics
    years: int = 1


@dataclass(frozen=True)
class Year:
    period: tuple[date, date]
    weight: float  # its share of the incidents
    tactics: dict[str, float]  # the rate of each tactic


# Year on year (--years), the number of incidents falls by about a tenth, as the Home Office
# series did in 2021-22, and each tactic's rate moves by a factor drawn from this range.
YEAR_ON_YEAR_VOLUME = 0.89
TACTIC_CHANGE = (0.6, 1.2)


def _shift(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_of(options: SynthOptions) -> list[Year]:
    """Each year's period, share and tactic rates; from a generator of their own, so that the
    main stream of choices (and a one-year extract's bytes) does not depend on them."""
    rates = random.Random(f"years:{options.seed}")
    out = []
    weights = dict(_TACTIC_WEIGHTS)
    for k in range(options.years):
        if k:
            weights = {t: w * rates.uniform(*TACTIC_CHANGE) for t, w in weights.items()}
        start, end = options.period
        out.append(Year((_shift(start, k), _shift(end, k)), YEAR_ON_YEAR_VOLUME**k, weights))
    return out


@dataclass
class Row:
    values: dict[str, str]
    spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    uid: int = 0  # identity for truth bookkeeping across insertions


def _weighted(rng: random.Random, pairs) -> str:
    names, weights = zip(*pairs, strict=True)
    return rng.choices(names, weights)[0]


def _age_band(dob: date, on: date) -> str:
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    for upper, band in ((10, "0-10"), (17, "11-17"), (34, "18-34"), (49, "35-49"), (64, "50-64")):
        if age <= upper:
            return band
    return "65 and over"


class Generator:
    def __init__(self, options: SynthOptions):
        self.o = options
        self.rng = random.Random(options.seed)
        self.pools = NamePools(options.seed)
        self.narrator = Narrator(self.rng)
        self.next_uid = 0
        self.record_ids: set[str] = set()
        self.years = years_of(options)
        n_officers = max(20, options.rows // 6)
        self.officers = [
            (
                self.pools.person(self.rng, _weighted(self.rng, (("Male", 70), ("Female", 30)))),
                ids.shoulder_number(self.rng),
            )
            for _ in range(n_officers)
        ]
        self.officers = list({num: (p, num) for p, num in self.officers}.values())

    # --- ids -----------------------------------------------------------------------------
    def record_id(self) -> str:
        while True:
            rid = f"UOF-{self.rng.randint(10_000_000, 99_999_999)}"
            if rid not in self.record_ids:
                self.record_ids.add(rid)
                return rid

    def uid(self) -> int:
        self.next_uid += 1
        return self.next_uid

    # --- one incident ----------------------------------------------------------------------
    def incident(self) -> list[Row]:
        rng = self.rng
        year = self.years[0]
        if len(self.years) > 1:
            year = rng.choices(self.years, [y.weight for y in self.years])[0]
        first, last = year.period
        day = first + timedelta(days=rng.randint(0, (last - first).days))
        when = datetime(day.year, day.month, day.day, rng.randint(0, 23), rng.randint(0, 59))
        ref = ids.cad_ref(rng, day)
        borough = rng.choice(cols.values("borough")[:32] * 3 + cols.values("borough")[32:])
        address, postcode = ids.street_address(rng), ids.postcode(rng)
        location = (
            rng.choices(_LOCATIONS, [30, 5, 8, 6, 5, 2, 3, 4, 2, 2, 20, 3, 2, 1, 1, 3])[0]
            if len(_LOCATIONS) == 16
            else rng.choice(_LOCATIONS)
        )
        n_off = rng.choices((1, 2, 3, 4, 5), (55, 28, 11, 4, 2))[0]
        officers = rng.sample(self.officers, min(n_off, len(self.officers)))
        n_subjects = 2 if rng.random() < 0.04 else 1
        rows = []
        for _ in range(n_subjects):
            subject, dob, gender, age = self._subject(day)
            ethnicity = _weighted(rng, _ETHNICITY)
            for officer, number in officers:
                others = [(p, n) for p, n in officers if n != number]
                cast = Cast(
                    subject, dob, others, (officer, number), day, borough, address, postcode
                )
                values = self._form(
                    when,
                    ref,
                    borough,
                    location,
                    officer,
                    number,
                    subject,
                    dob,
                    gender,
                    age,
                    ethnicity,
                    address,
                    postcode,
                    year.tactics,
                )
                row = Row(values, uid=self.uid())
                self._narrate(row, cast)
                rows.append(row)
        return rows

    def _subject(self, day: date) -> tuple[Person | None, date | None, str, str]:
        rng = self.rng
        gender = rng.choices(("Male", "Female", "Other", ""), (85, 13, 1, 1))[0]
        band = rng.choices(
            ("0-10", "11-17", "18-34", "35-49", "50-64", "65 and over"), (0.3, 9, 55, 25, 9, 1.7)
        )[0]
        low, high = {
            "0-10": (5, 10),
            "11-17": (11, 17),
            "18-34": (18, 34),
            "35-49": (35, 49),
            "50-64": (50, 64),
            "65 and over": (65, 85),
        }[band]
        years = rng.randint(low, high)
        dob = day - timedelta(days=years * 365 + rng.randint(10, 350))
        age = _age_band(dob, day)
        subject = (
            None
            if rng.random() < 0.06
            else self.pools.person(rng, "Female" if gender == "Female" else "Male")
        )
        if subject is None or rng.random() < 0.1:
            return subject, None, gender, age
        return subject, dob, gender, age

    def _form(
        self,
        when,
        ref,
        borough,
        location,
        officer,
        number,
        subject,
        dob,
        gender,
        age,
        ethnicity,
        address,
        postcode,
        tactic_rates: dict[str, float],
    ) -> dict[str, str]:
        rng = self.rng
        v = dict.fromkeys(HEADER, "")
        submitted = when + timedelta(minutes=rng.randint(30, 60 * 30), seconds=rng.randint(0, 59))
        v.update(
            {
                "RecordID": self.record_id(),
                "IncidentRef": ref,
                "SubmittedAt": submitted.isoformat(timespec="seconds"),
                "OfficerID": number,
                "OfficerName": officer.full,
                "SubjectName": subject.full if subject else "",
                "SubjectDOB": dob.isoformat() if dob else "",
                "IncidentAddress": address,
                "IncidentPostcode": postcode,
                "IncidentDate": when.date().isoformat(),
                "IncidentTime": when.strftime("%H:%M:00"),
                "Borough": borough,
                "PrimaryConduct": rng.choices(
                    cols.values("primary_conduct"), (10, 25, 20, 30, 12, 3)
                )[0],
                "SubjectAge": age,
                "SubjectGender": gender,
                "SubjectEthnicity": ethnicity,
                "MainDuty": _weighted(rng, _DUTIES),
                "ThreatenedWithWeapon": rng.choices(("No", "Yes", ""), (85, 8, 7))[0],
                "AssaultedWithWeapon": rng.choices(("No", "Yes", ""), (90, 3, 7))[0],
            }
        )
        for group, p_yes in ((_LOCATIONS, 0), (_IMPACT, 0.15), (_REASONS, 0.25), (_OUTCOMES, 0.1)):
            for c in group:
                v[c] = "Yes" if rng.random() < p_yes else "No"
        v[location] = "Yes"
        v["Outcome: Arrested"] = "Yes" if rng.random() < 0.7 else "No"
        for c in (
            "AssaultedBySubject",
            "SingleCrewed",
            "TrainedCED",
            "CarryingCED",
            "PhysicalDisability",
            "MentalDisability",
            "StaffInjured",
            "SubjectInjured",
            "Firearms Aimed",
            "Firearms Fired",
            "StaffMedProvided",
            "SubjectMedOffered",
            "SubjectMedProvided",
            "StaffInjuryIntentional",
        ):
            v[c] = "Yes" if rng.random() < 0.12 else "No"
        v["Firearms Fired"] = "No"
        v["StaffInjuryLevel"] = (
            rng.choice(("Minor", "Minor", "Severe")) if v["StaffInjured"] == "Yes" else ""
        )
        v["SubjectNatureOfInjury"] = (
            rng.choice(("Minor", "Minor", "Severe")) if v["SubjectInjured"] == "Yes" else ""
        )
        self._tactics(v, tactic_rates)
        return v

    def _tactics(self, v: dict[str, str], rates: dict[str, float]) -> None:
        rng = self.rng
        n = rng.choices(range(1, 9), (45, 28, 14, 6, 3, 2, 1, 1))[0]
        names, weights = zip(*rates.items(), strict=True)
        chosen: list[str] = []
        while len(chosen) < n:
            t = rng.choices(names, weights)[0]
            if t not in chosen:
                chosen.append(t)
        for i, t in enumerate(chosen):
            v[cols.TACTIC_COLUMNS[i]] = t
            v[cols.EFFECTIVE_COLUMNS[i]] = "Yes" if rng.random() < 0.8 else "No"
        if not any(t.startswith("CED") for t in chosen):
            return
        fired = "CED (Taser) Fired" in chosen
        for c in _CED1:
            if "Front" not in c and "Back" not in c:
                v[c] = "No"
        v["CED Used"] = "Yes"
        v["CED Device Serial No"] = ids.ced_serial(rng)
        for t, c in (
            ("CED (Taser) Drawn", "CED Drawn"),
            ("CED (Taser) Aimed", "CED Aimed"),
            ("CED (Taser) Arced", "CED Arced"),
            ("CED (Taser) Red-Dotted", "CED Red-Dotted"),
            ("CED (Taser) Drive Stun", "CED Drive Stun"),
            ("CED (Taser) Angle Drive Stun", "CED Angle Drive Stun"),
        ):
            if t in chosen:
                v[c] = "Yes"
        v["CED Fired Cartridge Number"] = v["CED Fired Total Number Of Cycles"] = ""
        if fired:
            v["CED Fired"] = "Yes"
            v["CED Fired Cartridge Number"] = str(rng.randint(1, 2))
            v["CED Fired Total Number Of Cycles"] = str(rng.randint(1, 3))
            for c in _CED1:
                if "Front" in c or "Back" in c:
                    v[c] = "No"
            v[rng.choice([c for c in _CED1 if "Front" in c or "Back" in c])] = "Yes"

    def _narrate(self, row: Row, cast: Cast) -> None:
        witness = self.pools.person(self.rng)
        built = self.narrator.justification(cast, witness)
        row.values["Justification"], row.spans["Justification"] = built.text, built.spans
        if self.rng.random() < 0.3:
            inj: Built = self.narrator.injury(cast, witness)
            row.values["InjuryDetails"], row.spans["InjuryDetails"] = inj.text, inj.spans

    def copy(self, row: Row) -> Row:
        return Row(dict(row.values), {k: list(v) for k, v in row.spans.items()}, self.uid())


def transliterate(text: str, encoding: str) -> str:
    """Replace characters the encoding cannot hold, one for one, so spans stay exact."""
    if encoding.lower().replace("-", "") in ("utf8", "utf8sig"):
        return text
    out = []
    for ch in text:
        try:
            ch.encode(encoding)
            out.append(ch)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii())
            out.append(base if len(base) == 1 else "?")
    return "".join(out)


def to_csv(header: list[str], rows: list[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.values[c] for c in header])
    return buffer.getvalue()
