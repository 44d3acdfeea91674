"""Money identifiers: payment cards (Luhn), IBANs (mod-97), sort codes and account numbers.

The checks come from python-stdnum, a well-kept library of identifier validators, so a
16-digit reference that fails Luhn is left to the other rules (and the safe-list net).
"""

from __future__ import annotations

import re

from stdnum import iban, luhn

from uofclean.entities import Entity
from uofclean.redact.data import load_words
from uofclean.redact.recognizers.base import GroupRegexRecognizer, Rule

B = r"(?<![\w/])"
_BANK_NAMES = "|".join(
    re.escape(form).replace(r"\ ", r"\s+")
    for b in load_words("banks")
    for form in dict.fromkeys((b.title(), b.upper()))
)
_ENDING = (
    r"(?:ending(?:\s+in)?|last\s+(?:4|four)(?:\s+digits)?(?:\s+of)?)\s*[:\-]?\s*(?P<pii>\d{4})\b"
)
E = r"(?![\w/])"


def _luhn(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return 13 <= len(digits) <= 19 and luhn.is_valid(digits)


def _iban(value: str) -> bool:
    return iban.is_valid(re.sub(r"\s", "", value))


def recognizers() -> list[GroupRegexRecognizer]:
    return [
        GroupRegexRecognizer(
            Entity.BANK_CARD,
            "bank-card",
            [
                # 4 groups of 4 (Visa, Mastercard), 4-6-5 (Amex), or run together
                Rule(B + r"\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}" + E, 0.9, _luhn),
                Rule(B + r"3[47]\d{2}[ -]?\d{6}[ -]?\d{5}" + E, 0.9, _luhn),
                # "card ending 4471", "last four digits 0923"
                Rule(
                    r"\b(?:card|visa|mastercard|amex|debit|credit)\b[^\n]{0,60}?" + _ENDING,
                    0.85,
                    words=("ending", "last"),
                ),
                # a bank by its name as written ("Chase", "NATIONWIDE") a few words before:
                # not "the chase ending 2315 hrs"
                Rule(
                    r"\b(?:" + _BANK_NAMES + r")\b[^\n]{0,30}?(?i:" + _ENDING + ")",
                    0.85,
                    flags=0,
                    words=("ending", "last"),
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.IBAN,
            "iban",
            [
                Rule(
                    B + r"[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?" + E,
                    0.95,
                    _iban,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.BANK_ACCOUNT,
            "bank-account",
            [
                # sort codes: 20-45-77, 20 45 77 after a cue; 204577 after "sort code"
                Rule(B + r"\d{2}-\d{2}-\d{2}" + E, 0.85),
                Rule(
                    r"\bsort\s*code\s*(?:is|:|-|no\.?)?\s*(?P<pii>\d{2}[\s.-]?\d{2}[\s.-]?\d{2})"
                    + E,
                    0.95,
                    words=("sort",),
                ),
                # account numbers: eight digits (sometimes 7-10) after a cue
                Rule(
                    r"\b(?:account|acc|acct|a/c)\s*(?:no\.?|number|num|#)?\s*(?:is|:|-)?\s*"
                    r"(?P<pii>\d(?:[\s-]?\d){6,11})" + E,
                    0.9,
                    words=("account", "acc", "a/c"),
                ),
            ],
        ),
    ]
