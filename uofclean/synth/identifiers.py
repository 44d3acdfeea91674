"""Personal details in the many formats officers write them."""

from __future__ import annotations

import random
import string
from datetime import date

STREETS = (
    "Farleigh Road",
    "Coldharbour Lane",
    "Rye Lane",
    "Weston Rise",
    "Zampa Road",
    "Atlantic Road",
    "Kingsland High Street",
    "Mare Street",
    "Walworth Road",
    "Old Kent Road",
    "Green Lanes",
    "Seven Sisters Road",
    "Holloway Road",
    "Stamford Hill",
    "Brixton Hill",
    "Tooting High Street",
    "Lordship Lane",
    "Dalston Lane",
    "Whitechapel Road",
    "Commercial Street",
    "Acre Lane",
    "Streatham High Road",
    "Camberwell Church Street",
    "Peckham High Street",
    "Harrow Road",
    "Uxbridge Road",
    "Ilford Lane",
    "Romford Road",
    "Barking Road",
    "Lewisham Way",
    "Tottenham Court Road",
    "Caledonian Road",
    "Bethnal Green Road",
    "Cable Street",
    "Cromer Street",
    "Wandsworth Bridge Road",
    "Ladbroke Grove",
    "Portobello Road",
    "Cricklewood Broadway",
    "Sunnyhill Close",
    "Beechwood Avenue",
    "Maple Crescent",
    "Elmore Gardens",
    "Priory Mews",
    "Orchard Place",
    "Canal Walk",
    "Victoria Terrace",
    "St Johns Hill",
    "Chalk Farm Road",
)
ESTATES = (
    "Arbour House",
    "Cobden House",
    "Heygate Court",
    "Aylesbury Estate",
    "Nightingale Tower",
    "Brandon House",
    "Pembury Court",
    "Kingsmead House",
    "Tavy Bridge House",
    "Grenfell Walk",
    "Stockwell Park Court",
    "Myatts Field House",
    "Loughborough Court",
    "Doddington Grove",
)
DISTRICTS = (
    "N1",
    "N4",
    "N7",
    "N15",
    "N16",
    "N17",
    "E1",
    "E2",
    "E5",
    "E8",
    "E9",
    "E13",
    "E15",
    "E17",
    "SE1",
    "SE5",
    "SE8",
    "SE11",
    "SE15",
    "SE17",
    "SE22",
    "SW2",
    "SW8",
    "SW9",
    "SW11",
    "SW16",
    "SW17",
    "W2",
    "W10",
    "W11",
    "W12",
    "NW1",
    "NW6",
    "NW10",
    "WC1X",
    "EC1V",
    "CR0",
    "BR1",
    "IG1",
    "RM6",
    "HA0",
    "UB1",
    "TW3",
    "KT1",
    "SM1",
    "DA1",
    "EN1",
)
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
CUSTODY_SUITES = ("LS", "RK", "BX", "WA", "SN", "TW", "HT", "CX", "EK", "JC")


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.ascii_uppercase) for _ in range(n))


def shoulder_number(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.6:
        return f"{rng.randint(100, 9999)}{letters(rng, 2)}"
    if kind < 0.85:
        return str(rng.randint(100, 9999))
    return f"{rng.randint(10, 999)}{letters(rng, 2)}"


def postcode(rng: random.Random, district: str | None = None) -> str:
    district = district or rng.choice(DISTRICTS)
    return f"{district} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{letters(rng, 1)}"


def street_address(rng: random.Random) -> str:
    style = rng.random()
    street = rng.choice(STREETS)
    if style < 0.55:
        number = f"{rng.randint(1, 240)}{rng.choice(['', '', '', 'a', 'b'])}"
        return f"{number} {street}"
    if style < 0.85:
        return f"Flat {rng.randint(1, 120)} {rng.choice(ESTATES)}, {street}"
    return f"{rng.randint(1, 99)} {rng.choice(ESTATES)}"


def phone(rng: random.Random) -> str:
    mobile = f"07{rng.randint(100, 999)}{digits(rng, 6)}"
    london = f"020{rng.choice('378')}{digits(rng, 7)}"
    return rng.choice(
        (
            f"{mobile[:5]} {mobile[5:8]} {mobile[8:]}",
            f"{mobile[:5]} {mobile[5:]}",
            mobile,
            f"+44 {mobile[1:5]} {mobile[5:]}",
            f"+44{mobile[1:]}",
            f"{london[:3]} {london[3:7]} {london[7:]}",
            f"({london[:3]}) {london[3:7]}-{london[7:]}",
            f"{london[:3]}{london[3:]}",
        )
    )


def email(rng: random.Random, first: str, last: str) -> str:
    user = rng.choice((f"{first}.{last}", f"{first}{rng.randint(1, 99)}", f"{last}{first[:1]}"))
    domain = rng.choice(("gmail.com", "hotmail.co.uk", "yahoo.com", "outlook.com", "icloud.com"))
    return f"{user.lower()}@{domain}".replace("'", "")


def ordinal(n: int) -> str:
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def date_text(rng: random.Random, d: date) -> str:
    return rng.choice(
        (
            d.strftime("%d/%m/%Y"),
            d.strftime("%d-%m-%Y"),
            d.strftime("%d.%m.%y"),
            f"{d.day}.{d.month}.{d.strftime('%y')}",
            f"{d.day}/{d.month}/{d.strftime('%y')}",
            f"{ordinal(d.day)} {MONTH_NAMES[d.month - 1]} {d.year}",
            f"{d.day} {MONTH_NAMES[d.month - 1][:3]} {d.year}",
            d.isoformat(),
            d.strftime("%d%m%Y"),
        )
    )


def ni_number(rng: random.Random) -> str:
    prefix = rng.choice("ABCEGHJKLMNOPRSTWXYZ") + rng.choice("ABCEGHJKLMNPRSTWXYZ")
    body = digits(rng, 6)
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {body[:2]} {body[2:4]} {body[4:]} {suffix}"
    return f"{prefix}{body}{suffix}"


def nhs_number(rng: random.Random) -> str:
    while True:
        body = [rng.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * w for d, w in zip(body, range(10, 1, -1), strict=True)) % 11
        check = 0 if check == 11 else check
        if check != 10:
            break
    s = "".join(map(str, body)) + str(check)
    return rng.choice((f"{s[:3]} {s[3:6]} {s[6:]}", s, f"{s[:3]}-{s[3:6]}-{s[6:]}"))


def vehicle_reg(rng: random.Random) -> str:
    area = letters(rng, 2).replace("I", "L").replace("Q", "K").replace("Z", "Y")
    age = rng.choice(("19", "69", "20", "70", "21", "71", "15", "65", "12", "62", "08", "58"))
    current = f"{area}{age} {letters(rng, 3).replace('I', 'X').replace('Q', 'K')}"
    if rng.random() < 0.2:
        return f"{rng.choice('ABCDEFGHJKLMNPRSTVWXY')}{rng.randint(1, 999)} {letters(rng, 3)}"
    return current if rng.random() < 0.6 else current.replace(" ", "")


def passport(rng: random.Random) -> str:
    return digits(rng, 9)


def driving_licence(rng: random.Random, last: str, first: str, born: date) -> str:
    surname = "".join(c for c in last.upper() if c.isalpha())[:5].ljust(5, "9")
    month = born.month + (50 if rng.random() < 0.5 else 0)
    middle = f"{str(born.year)[2]}{month:02d}{born.day:02d}{str(born.year)[3]}"
    tail = f"{first[:1].upper()}9{rng.randint(0, 9)}{letters(rng, 2)}"
    if rng.random() < 0.5:
        return f"{surname} {middle} {tail}"
    return f"{surname}{middle}{tail}"


def social_handle(rng: random.Random, first: str, last: str) -> str:
    base = rng.choice((f"{first}{last}", f"{first}_{rng.randint(1, 999)}", f"real{last}"))
    return "@" + "".join(c for c in base.lower() if c.isalnum() or c == "_")


def cad_ref(rng: random.Random, d: date) -> str:
    return f"CAD {rng.randint(1, 9999)}/{d.day:02d}{MONTHS[d.month - 1]}{d.strftime('%y')}"


def crime_ref(rng: random.Random, d: date) -> str:
    return f"{rng.randint(1, 9)}{digits(rng, 6)}/{d.strftime('%y')}"


def custody_ref(rng: random.Random, d: date) -> str:
    return f"{rng.choice(CUSTODY_SUITES)}/{digits(rng, 5)}/{d.strftime('%y')}"


def pnc_id(rng: random.Random) -> str:
    return f"{rng.randint(0, 25):02d}/{rng.randint(1, 999999)}{letters(rng, 1)}"


def ced_serial(rng: random.Random) -> str:
    return f"X{digits(rng, 8)}"
