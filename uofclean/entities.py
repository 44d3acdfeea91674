"""The kinds of personal data uofclean finds, shared by synth's ground truth, the detectors,
the operators ([PERSON], [PHONE] ...), the scorer and every report."""

from __future__ import annotations

from enum import StrEnum


class Entity(StrEnum):
    PERSON = "PERSON"  # names of subjects, witnesses, officers; nicknames
    ADDRESS = "ADDRESS"  # street addresses, flats, house names, bare street names
    POSTCODE = "POSTCODE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    DOB = "DOB"  # dates of birth in any format
    NI_NUMBER = "NI_NUMBER"
    NHS_NUMBER = "NHS_NUMBER"
    VEHICLE_REG = "VEHICLE_REG"
    PASSPORT = "PASSPORT"
    DRIVING_LICENCE = "DRIVING_LICENCE"
    SHOULDER_NUMBER = "SHOULDER_NUMBER"  # officers' shoulder / warrant / collar numbers
    POLICE_REF = "POLICE_REF"  # CAD, crime (CRIS), custody and PNC references
    SOCIAL_HANDLE = "SOCIAL_HANDLE"
    ID_NUMBER = "ID_NUMBER"  # other identity numbers: SIA licence, staff / employee numbers
    BANK_CARD = "BANK_CARD"  # payment card numbers (Luhn), and "card ending 4471"
    BANK_ACCOUNT = "BANK_ACCOUNT"  # sort codes and account numbers
    IBAN = "IBAN"
    IP_ADDRESS = "IP_ADDRESS"
    URL = "URL"  # a web address with a path: a profile, a post, a person's page
    BUSINESS = "BUSINESS"  # a small business named after a person: "Patel's Newsagents"


ENTITY_TYPES: tuple[str, ...] = tuple(e.value for e in Entity)
