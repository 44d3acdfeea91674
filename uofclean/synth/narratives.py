"""Officers' free-text accounts, built from parts so that every personal detail's span is exact.

A template is text with {SLOTS}. Slots that are personal become entity spans in the ground truth;
the others (boroughs, ages, times, police vocabulary) are ordinary text a redactor must keep.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date

from uofclean.entities import Entity
from uofclean.synth import identifiers as ids
from uofclean.synth.people import Person

SLOT = re.compile(r"\{([A-Z_0-9]+)\}")

OPENERS = (
    "Whilst on foot patrol in {BOROUGH} I was flagged down by a shop worker who said a {MALE} had taken razors.",
    "I was on uniformed mobile patrol with {OFF} when we were called to {ADDR} {PC} by the victim, {W} ({PHONE}).",
    "Called to {ADDR} by the victim, {W}, who said {HIS} ex partner had kicked the door in.",
    "At approx {TIME} hrs I attended {STREET} {BOROUGH} following reports of a {MALE} acting aggressively.",
    "On {INC_DATE} I was working as the operator of a marked area car in {BOROUGH}.",
    "Whilst executing a s.23 MDA search warrant at {ADDR}, the occupant {S} locked {HIM}self in the bathroom.",
    "Stopped vehicle {VRM} on {STREET} for no insurance.",
    "Public order at the Den after the match. A large group of males were throwing bottles.",
    "DETAINED UNDER S136 MHA AT HUNGERFORD BRIDGE.",
    "We received a call via CAD ({CAD}) to a disturbance on {STREET}.",
    "I was part of a TSG carrier deployed to {BOROUGH} for a planned operation.",
    "Subject in cell {CELL} at {SUITE} custody (custody no. {CUSTODY}) became violent during the booking in process.",
    "Attended {ADDR}, {DIST} after a 999 call from a neighbour, {W}, tel {PHONE}.",
    "I was single crewed on {STREET} when I saw a {MALE} I recognised from briefing as {S}.",
    "Whilst on patrol near {PLACE} I stopped and searched a {MALE} under s.1 PACE.",
    "Response call to a domestic at {ADDR}. Informant {W} stated the suspect was still inside.",
    "Myself and {OFF} were conducting ANPR intercepts on {STREET} when {VRM} flagged for no insurance.",
    "Night duty, {BOROUGH}. Reports of a {MALE} in crisis on a bridge over the railway.",
    "Called to {PLACE} by security who were holding a {MALE} for shoplifting.",
    "While on duty in full uniform on {INC_DATE} at {TIME} I attended {STREET} in {BOROUGH}.",
)
IDENTIFY = (
    "I saw the {MALE}, later identified as {S}, walking towards {STREET}.",
    "The {MALE} was identified as {S} (DOB {DOB}).",
    "{HE} gave {HIS} name as {S} and {HIS} date of birth as {DOB}.",
    "The suspect, {S}, was in the hallway holding a bottle.",
    "{S} was known to police and was wanted on warrant, PNC ID {PNC}.",
    "The subject {S} DOB {DOB} of {ADDR} was present.",
    "A {MALE} known as {NICK} was standing by the door.",
    "Driver gave his name as {S_FIRST} but his licence showed {DL}.",
    "I identified the {MALE} as {S} from a PNC check ({PNC}).",
    "{S} provided {HIS} mobile number as {PHONE}.",
    "The subject was {S} born {DOB}, NI number {NI}.",
    "{HE} said {HIS} name was {S} and {HE} lived at {ADDR} {PC}.",
    "Passport checks confirmed {HIM} as {S}, passport number {PASSPORT}.",
    "The {MALE} (NHS number {NHS}) was known to mental health services.",
    "{S} was in the passenger seat of {VRM}.",
    "Intel suggests {S} uses the Snapchat handle {HANDLE}.",
    "{HE} gave an email address of {EMAIL} for the property return.",
    "I recognised the {MALE} as {S} from previous dealings, a {MALE} in {HIS} {AGE}.",
)
BEHAVIOUR = (
    "I told {S2} {HE} was detained for a search under s.1 PACE. {HE} tensed {HIS} arms and tried to pull away.",
    "{S2} became aggressive, clenching {HIS} fists and squaring up to {OFF}.",
    "{S2} refused to get out of the vehicle and gripped the steering wheel.",
    "{S2} was shouting and swearing and would not calm down despite clear commands.",
    "{S2} headbutted {OFF} during the struggle.",
    "When told the car would be seized under s.165 RTA {HE} got back in and tried to start the engine.",
    "{S2} was sat on the railings and said {HE} wanted to jump.",
    "{S2} spat at me and at {OFF}.",
    "{S2} attempted to run off towards {STREET}.",
    "{S2} put the bottle down when I drew PAVA and gave clear commands.",
    "{S2}'s behaviour escalated quickly and {HE} threatened to stab officers.",
    "{S2} was passively resisting, going limp and refusing to walk.",
    "{S2} kicked out at officers whilst on the floor.",
    "{HE} grabbed my wrist and I used an arm lock to release the grip.",
    "{S2} was verbally abusive, calling officers names and making threats.",
    "I believe {S2} was under the influence of alcohol as {HE} smelt strongly of it.",
)
FORCE = (
    "I applied handcuffs, rear stack, double locked.",
    "I took hold of {HIS} left arm and {OFF} took the right and we pulled {HIM} back onto the walkway.",
    "Ground restraint was used by myself and two detention officers until the FME arrived.",
    "Spit guard applied as {HE} was spitting at staff.",
    "I drew my Taser and red-dotted {HIM}, after which {HE} complied.",
    "I drew CED and gave a warning; {S2} did not comply so I fired the Taser, cartridge 1, one cycle.",
    "I used my shield and baton to move the group back along {STREET}. No individual was identified.",
    "Limb restraints were applied by TSG for {HIS} own safety.",
    "Compliant handcuffing, front stack, checked for tightness.",
    "I used an arm lock and took {HIM} to the ground in a controlled manner.",
    "I reached in and removed the keys.",
    "I deployed PAVA to the face of {S2} from approx 1m.",
    "{OFF} and I used unarmed skills to restrain {HIM}.",
    "Handcuffs were applied and {HE} was placed in the van with {OFF}.",
)
JUSTIFY = (
    "I believe the force used was proportionate to prevent injury to the public and officers.",
    "I used force under s.3 CLA 1967 and s.117 PACE to effect the arrest.",
    "My honestly held belief was that {S2} was about to assault {OFF}.",
    "Considering the NDM and the risk to myself I felt this was necessary and reasonable.",
    "Force was necessary to prevent {HIM} harming {HIM}self.",
    "I considered tactical communications but these had failed.",
    "The force was the minimum necessary in the circumstances.",
    "I was in fear that {HE} had a weapon as {HE} kept reaching into {HIS} waistband.",
)
AFTER = (
    "{S2} calmed down once in the van.",
    "LAS conveyed {HIM} to St Thomas' for checks.",
    "{HE} was arrested for criminal damage and conveyed to {SUITE}.",
    "{S2} was released once the search was over. Nothing found.",
    "BWV on throughout.",
    "{CAD} refers.",
    "See crime report {CRIME} for full details.",
    "Custody record {CUSTODY} refers.",
    "{S2} was booked in at {SUITE} custody, custody number {CUSTODY}.",
    "No injuries to any party.",
    "{W2} was spoken to and a statement taken, contact number {PHONE}.",
    "{S2}'s mother attended, contact {PHONE}, and took {HIM} home to {ADDR}.",
    "The vehicle {VRM} was seized and removed.",
    "{HE} was detained under s.136 MHA and taken to a place of safety.",
    "Officers cleared at {TIME}.",
)
NO_PII = (
    "Public order at the Den after the match. A large group of males were throwing bottles. I used my shield and baton to move the group back. No individual was identified. I believe the force was proportionate to prevent injury to the public and officers.",
    "Male in his 30s was aggressive towards door staff. Tactical communications failed. Compliant handcuffing applied. BWV on throughout.",
    "Subject was passively resisting. Escorted to the van using an escort position. No injuries.",
    "Handcuffed for officer safety whilst the search was conducted under s.1 PACE. Nothing found, handcuffs removed after 5 mins.",
    "Female was detained under s.136 MHA for her own safety. Limb restraints applied by TSG. LAS attended.",
    "Large disorder outside a licensed premises in {BOROUGH}. Baton drawn but not used. Crowd dispersed.",
)
INJURY = (
    "Minor graze to {HIS} left knee, no treatment required.",
    "{S2} complained of pain to {HIS} wrist from the handcuffs; checked by the FME.",
    "Taser barbs removed by LAS at scene.",
    "Cut above right eye from the fall, LAS attended.",
    "No visible injuries.",
    "{OFF} sustained a bite to the forearm.",
    "Redness to the wrists, handcuffs were loosened.",
)
TEXT_SPEAK = {
    " you ": " u ",
    " before ": " b4 ",
    " with ": " w/ ",
    " because ": " cos ",
    " approximately ": " approx ",
    " and ": " & ",
}
PLACES = (
    "Brixton station",
    "Peckham bus garage",
    "the Den",
    "Westfield",
    "the high street",
    "Wembley Park",
    "the skate park",
    "the estate car park",
    "the Tesco Express",
)
SUITES = (
    "Brixton",
    "Lewisham",
    "Wood Green",
    "Stoke Newington",
    "Charing Cross",
    "Croydon",
    "Bethnal Green",
    "Leyton",
    "Colindale",
    "Wembley",
)
RANKS = ("PC", "PS", "DC", "DS", "Insp", "TDC", "SC")


# Slots that are ordinary text, drawn only when a template asks for them.
_SIMPLE = {
    "HE": lambda rng, cast, male: "he" if male else "she",
    "HIM": lambda rng, cast, male: "him" if male else "her",
    "HIS": lambda rng, cast, male: "his" if male else "her",
    "MALE": lambda rng, cast, male: "male" if male else "female",
    "BOROUGH": lambda rng, cast, male: cast.borough,
    "TIME": lambda rng, cast, male: f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
    "AGE": lambda rng, cast, male: rng.choice(("20s", "30s", "40s", "late teens", "early 50s")),
    "PLACE": lambda rng, cast, male: rng.choice(PLACES),
    "SUITE": lambda rng, cast, male: rng.choice(SUITES),
    "CELL": lambda rng, cast, male: str(rng.randint(1, 20)),
    "INC_DATE": lambda rng, cast, male: cast.incident_date.strftime("%d/%m/%Y"),
}


@dataclass
class Built:
    text: str
    spans: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass
class Cast:
    """Who and what a narrative may mention."""

    subject: Person | None
    dob: date | None
    officers: list[tuple[Person, str]]  # colleagues on the incident: (person, shoulder number)
    me: tuple[Person, str]
    incident_date: date
    borough: str
    address: str
    postcode: str


class _Builder:
    def __init__(self) -> None:
        self.parts: list[tuple[str, str | None]] = []

    def lit(self, text: str) -> None:
        self.parts.append((text, None))

    def ent(self, text: str, kind: Entity) -> None:
        self.parts.append((text, kind.value))

    def build(self, caps: bool) -> Built:
        if caps and all(len(t.upper()) == len(t) for t, _ in self.parts):
            self.parts = [(t.upper(), k) for t, k in self.parts]
        out, spans, pos = [], [], 0
        for text, kind in self.parts:
            if kind:
                spans.append((pos, pos + len(text), kind))
            out.append(text)
            pos += len(text)
        return Built("".join(out), spans)


class Narrator:
    """Writes one record's Justification / InjuryDetails from its cast."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # --- name mentions -------------------------------------------------------------------
    def _first_mention(self, b: _Builder, p: Person) -> None:
        r = self.rng.random()
        if r < 0.35:
            b.ent(f"{p.first} {p.last.upper()}", Entity.PERSON)
        elif r < 0.55:
            b.ent(p.full, Entity.PERSON)
        elif r < 0.68:
            b.ent(f"{p.last.upper()}, {p.first}", Entity.PERSON)
        elif r < 0.78:
            b.ent(p.full.lower(), Entity.PERSON)
        elif r < 0.88:
            b.ent(p.full.upper(), Entity.PERSON)
        else:
            b.lit("Mr " if p.gender == "Male" else "Ms ")
            b.ent(p.full, Entity.PERSON)

    def _later_mention(self, b: _Builder, p: Person) -> None:
        r = self.rng.random()
        if r < 0.3:
            b.ent(p.last.upper(), Entity.PERSON)
        elif r < 0.5:
            b.ent(p.last, Entity.PERSON)
        elif r < 0.65:
            b.ent(p.first, Entity.PERSON)
        elif r < 0.75:
            b.ent(p.last.lower(), Entity.PERSON)
        elif r < 0.85:
            b.lit("Mr " if p.gender == "Male" else "Ms ")
            b.ent(p.last, Entity.PERSON)
        else:
            at_start = not b.parts or b.parts[-1][0].endswith((". ", "\n", ""))
            word = "the " + ("male" if p.gender == "Male" else "female")
            b.lit(word.capitalize() if at_start and not b.parts[-1][0] else word)

    def _officer(self, b: _Builder, person: Person, number: str) -> None:
        rank = self.rng.choice(RANKS)
        r = self.rng.random()
        if r < 0.35:
            b.lit(f"{rank} ")
            b.ent(number, Entity.SHOULDER_NUMBER)
        elif r < 0.6:
            b.lit(f"{rank} ")
            b.ent(person.last, Entity.PERSON)
            b.lit(" ")
            b.ent(number, Entity.SHOULDER_NUMBER)
        elif r < 0.72:
            b.lit(f"{rank.lower()} ")
            b.ent(person.last.lower(), Entity.PERSON)
            b.lit(" ")
            b.ent(number, Entity.SHOULDER_NUMBER)
        elif r < 0.85:
            b.lit(f"{rank} ")
            b.ent(f"{person.first} {person.last.upper()}", Entity.PERSON)
            b.lit(" ")
            b.ent(number, Entity.SHOULDER_NUMBER)
        elif r < 0.93:
            b.lit("my colleague (collar number ")
            b.ent(number, Entity.SHOULDER_NUMBER)
            b.lit(")")
        else:
            b.lit(f"{rank} ")
            b.ent(person.last.upper(), Entity.PERSON)

    # --- templates -----------------------------------------------------------------------
    def _fill(self, b: _Builder, template: str, cast: Cast, state: dict) -> None:
        rng = self.rng
        male = cast.subject is None or cast.subject.gender == "Male"
        pos = 0
        for m in SLOT.finditer(template):
            b.lit(template[pos : m.start()])
            pos = m.end()
            self._slot(b, m.group(1), cast, state, rng, male)
        b.lit(template[pos:])

    def _slot(
        self, b: _Builder, slot: str, cast: Cast, state: dict, rng: random.Random, male: bool
    ) -> None:
        subject = cast.subject
        witness: Person = state["witness"]
        simple = _SIMPLE.get(slot)
        if simple is not None:
            text = simple(rng, cast, male)
            at_start = (
                not b.parts
                or b.parts[-1][0].endswith((". ", "\n"))
                or not "".join(t for t, _ in b.parts[-2:]).strip()
            )
            b.lit(text[:1].upper() + text[1:] if at_start else text)
        elif slot in ("S", "S_FULL") and subject:
            self._first_mention(b, subject) if not state["s_seen"] else self._later_mention(
                b, subject
            )
            state["s_seen"] = True
        elif slot == "S2" and subject:
            self._later_mention(b, subject) if state["s_seen"] else self._first_mention(b, subject)
            state["s_seen"] = True
        elif slot in ("S", "S2", "S_FULL"):
            b.lit("the " + ("male" if male else "female"))
        elif slot == "S_FIRST":
            b.ent(subject.first if subject else witness.first, Entity.PERSON)
        elif slot == "NICK":
            b.ent(
                rng.choice(("Tiny", "Bugsy", "Spider", "Kilo", "Chopper", "Ghost")), Entity.PERSON
            )
        elif slot == "W":
            self._first_mention(b, witness)
            state["w_seen"] = True
        elif slot == "W2":
            self._later_mention(b, witness) if state["w_seen"] else self._first_mention(b, witness)
        elif slot == "OFF":
            person, number = rng.choice(cast.officers) if cast.officers else cast.me
            self._officer(b, person, number)
        else:
            self._personal(b, slot, cast, rng, witness)

    def _personal(
        self, b: _Builder, slot: str, cast: Cast, rng: random.Random, witness: Person
    ) -> None:
        who = cast.subject or witness
        dob = cast.dob or date(1990, 1, 1)
        d = cast.incident_date
        makers = {
            "ADDR": (
                lambda: cast.address if rng.random() < 0.5 else ids.street_address(rng),
                Entity.ADDRESS,
            ),
            "STREET": (lambda: rng.choice(ids.STREETS), Entity.ADDRESS),
            "PC": (
                lambda: cast.postcode if rng.random() < 0.5 else ids.postcode(rng),
                Entity.POSTCODE,
            ),
            "DIST": (lambda: rng.choice(ids.DISTRICTS), Entity.POSTCODE),
            "PHONE": (lambda: ids.phone(rng), Entity.PHONE),
            "EMAIL": (lambda: ids.email(rng, who.first, who.last), Entity.EMAIL),
            "DOB": (lambda: ids.date_text(rng, dob), Entity.DOB),
            "NI": (lambda: ids.ni_number(rng), Entity.NI_NUMBER),
            "NHS": (lambda: ids.nhs_number(rng), Entity.NHS_NUMBER),
            "VRM": (lambda: ids.vehicle_reg(rng), Entity.VEHICLE_REG),
            "PASSPORT": (lambda: ids.passport(rng), Entity.PASSPORT),
            "DL": (
                lambda: ids.driving_licence(rng, who.last, who.first, dob),
                Entity.DRIVING_LICENCE,
            ),
            "HANDLE": (lambda: ids.social_handle(rng, who.first, who.last), Entity.SOCIAL_HANDLE),
            "CAD": (lambda: ids.cad_ref(rng, d), Entity.POLICE_REF),
            "CRIME": (lambda: ids.crime_ref(rng, d), Entity.POLICE_REF),
            "CUSTODY": (lambda: ids.custody_ref(rng, d), Entity.POLICE_REF),
            "PNC": (lambda: ids.pnc_id(rng), Entity.POLICE_REF),
        }
        make, kind = makers[slot]
        b.ent(make(), kind)

    def justification(self, cast: Cast, witness: Person) -> Built:
        rng = self.rng
        b = _Builder()
        state = {"s_seen": False, "w_seen": False, "witness": witness}
        if rng.random() < 0.1:
            self._fill(b, rng.choice(NO_PII), cast, state)
            return self._finish(b)
        sentences = [rng.choice(OPENERS)]
        if cast.subject:
            sentences.append(rng.choice(IDENTIFY))
        sentences += rng.sample(BEHAVIOUR, rng.randint(1, 3))
        sentences += rng.sample(FORCE, rng.randint(1, 3))
        if rng.random() < 0.6:
            sentences.append(rng.choice(JUSTIFY))
        sentences += rng.sample(AFTER, rng.randint(0, 3))
        if rng.random() < 0.05:  # the long ones: a whole statement pasted in
            sentences += rng.sample(BEHAVIOUR + FORCE + AFTER, 12)
        for i, sentence in enumerate(sentences):
            if i:
                b.lit(" " if rng.random() < 0.9 else "\n")
            self._fill(b, sentence, cast, state)
        return self._finish(b)

    def injury(self, cast: Cast, witness: Person) -> Built:
        b = _Builder()
        state = {"s_seen": False, "w_seen": False, "witness": witness}
        self._fill(b, self.rng.choice(INJURY), cast, state)
        return self._finish(b)

    def _finish(self, b: _Builder) -> Built:
        rng = self.rng
        if rng.random() < 0.25:
            b.parts = [(self._messy(t), k) if k is None else (t, k) for t, k in b.parts]
        return b.build(caps=rng.random() < 0.08)

    def _messy(self, text: str) -> str:
        """Typos, text-speak and missing full stops, in the non-personal parts only."""
        rng = self.rng
        for formal, short in TEXT_SPEAK.items():
            if formal in text and rng.random() < 0.5:
                text = text.replace(formal, short)
        if rng.random() < 0.5:
            text = text.replace(". ", " ")
        words = text.split(" ")
        for i, w in enumerate(words):
            if len(w) > 4 and w.isalpha() and w.islower() and rng.random() < 0.04:
                j = rng.randrange(len(w) - 1)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        return " ".join(words)
