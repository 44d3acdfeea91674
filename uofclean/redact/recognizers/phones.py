"""Phone numbers of every country, in every format, found by phonenumbers (the Python port of
Google's libphonenumber, which presidio's own phone recognizer uses): "+44 (20) 7123 4567",
"(0161) 496 0123", "0048 512 345 678", "+234 803 123 4567". UK formats are the default."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult

from uofclean.entities import Entity

_DIGITS = re.compile(r"\d")
# Nine digits or more in one run of digits, spaces, dots, dashes and brackets: the matcher
# (pure Python) runs only on texts that hold one.
_CANDIDATE = re.compile(r"\d(?:[\s().+-]{0,3}\d){8}")
# Dates, times and references look like numbers to a phone matcher: not phones.
_NOT_A_PHONE = re.compile(
    r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}$|^\d{1,2}:\d{2}|^\d{1,3}(?:\.\d{1,3}){3}$"  # dates, times, IPs
)


class PhoneNumbersRecognizer(EntityRecognizer):
    def __init__(self, region: str = "GB") -> None:
        self.region = region
        super().__init__(
            supported_entities=[Entity.PHONE.value], name="phone-numbers", supported_language="en"
        )

    def load(self) -> None:
        phonenumbers.parse("+442071234567")  # builds the metadata now, not on the first text

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:
        if not _CANDIDATE.search(text):
            return []
        out = []
        matcher = phonenumbers.PhoneNumberMatcher(
            text, self.region, leniency=phonenumbers.Leniency.POSSIBLE
        )
        for match in matcher:
            raw = match.raw_string
            digits = len(_DIGITS.findall(raw))
            if digits < 9 or _NOT_A_PHONE.match(raw):
                continue
            valid = phonenumbers.is_valid_number(match.number)
            out.append(
                RecognizerResult(Entity.PHONE.value, match.start, match.end, 0.85 if valid else 0.6)
            )
        return out
