"""UK identifiers: NI and NHS numbers, passports, driving licences, vehicle registrations,
phone numbers, emails and social handles."""

from __future__ import annotations

import re

from uofclean.entities import Entity
from uofclean.redact.recognizers.base import GroupRegexRecognizer, Rule

B = r"(?<![\w/])"  # left boundary: not inside a word or a reference
E = r"(?![\w/])"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def nhs_checksum(text: str) -> bool:
    d = [int(c) for c in _digits(text)]
    if len(d) != 10:
        return False
    check = 11 - sum(x * w for x, w in zip(d[:9], range(10, 1, -1), strict=True)) % 11
    return (0 if check == 11 else check) == d[9]


def uk_phone(text: str) -> bool:
    d = _digits(text)
    if d.startswith("44"):
        d = "0" + d[2:]
    if d.startswith("00"):
        return False
    return d.startswith("0") and len(d) in (10, 11)


def recognizers() -> list[GroupRegexRecognizer]:
    return [
        GroupRegexRecognizer(
            Entity.NI_NUMBER,
            "uk-ni-number",
            [
                Rule(
                    B + r"(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
                    r"(?:[\s.-]?\d{2}){3}[\s.-]?[A-D]" + E,
                    0.9,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.NHS_NUMBER,
            "uk-nhs-number",
            [
                Rule(B + r"\d{3}[\s-]?\d{3}[\s-]?\d{4}" + E, 0.8, nhs_checksum),
                Rule(r"NHS\s*(?:no\.?|number|num|#)?\s*[:\-]?\s*(?P<pii>\d[\d\s-]{8,12}\d)", 0.9),
            ],
        ),
        GroupRegexRecognizer(
            Entity.PHONE,
            "uk-phone",
            [
                Rule(
                    B
                    + r"(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s.-]?\d{3,4}[\s.-]?\d{3,4}"
                    + E,
                    0.85,
                    uk_phone,
                ),
                Rule(
                    r"(?:tel|phone|mobile|mob|number|no\.?|contact)\s*[:\-]?\s*(?P<pii>\+?\d[\d\s-]{8,14}\d)",
                    0.75,
                    uk_phone,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.EMAIL,
            "email",
            [
                Rule(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", 0.95),
            ],
        ),
        GroupRegexRecognizer(
            Entity.SOCIAL_HANDLE,
            "social-handle",
            [
                Rule(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,29})(?<!\.)", 0.8),
                Rule(
                    r"(?:snapchat|snap|instagram|insta|ig|tiktok|twitter|facebook|fb)\s*"
                    r"(?:handle|account|name|username|user)?\s*(?:is|of|:|-)?\s*"
                    r"(?P<pii>@?[A-Za-z0-9_.]*[0-9_][A-Za-z0-9_.]*)",
                    0.7,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.PASSPORT,
            "uk-passport",
            [
                # A bare nine-digit number is a passport far more often than anything else
                # officers write (phones have 10-11 digits, NHS numbers 10, crime refs a slash).
                Rule(B + r"\d{9}" + E, 0.6),
                Rule(
                    r"passport\s*(?:no\.?|number|num|#)?\s*(?:is|:|-)?\s*(?P<pii>[A-Z]{0,2}\d{7,9})"
                    + E,
                    0.9,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.DRIVING_LICENCE,
            "uk-driving-licence",
            [
                Rule(
                    B + r"[\p{Lu}9]{2,12}\s?\d{6}\s?[\p{Lu}9]{2}\d[\p{Lu}]{2}(?:\s?\d{2})?" + E, 0.9
                ),
                Rule(
                    r"(?:driving\s+)?licen[cs]e\s*(?:no\.?|number)?\s*[:\-]?\s*(?P<pii>[A-Z0-9]{5}[A-Z0-9\s]{8,14}[A-Z0-9])",
                    0.8,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.VEHICLE_REG,
            "uk-vehicle-registration",
            [
                # Current (LK19 XRT), prefix (A123 BCD) and suffix (ABC 123D) formats, upper case.
                Rule(B + r"[A-Z]{2}\d{2}\s?[A-Z]{3}" + E, 0.85, flags=0),
                Rule(
                    B + r"[A-HJ-PR-Y]\d{1,3}\s?(?!MHA|RTA|CLA|MDA|PACE|TSG|BWV)[A-Z]{3}" + E,
                    0.6,
                    flags=0,
                ),
                Rule(B + r"[A-Z]{3}\s?\d{1,3}[A-Z]" + E, 0.5, flags=0),
                Rule(
                    r"(?:reg(?:istration)?|vrm|index|plate)\s*(?:no\.?|number|mark)?\s*[:\-]?\s*"
                    r"(?P<pii>[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\d{1,3}\s?[A-Z]{3})" + E,
                    0.9,
                ),
            ],
        ),
    ]
