"""Online identifiers: IP addresses and web addresses that point at a person."""

from __future__ import annotations

import ipaddress
import re

from uofclean.entities import Entity
from uofclean.redact.recognizers.base import GroupRegexRecognizer, Rule


def _ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


# Public bodies' pages name no one: "https://signin.account.gov.uk/enter-email"
_PUBLIC_DOMAIN = re.compile(r"\.(?:gov\.uk|police\.uk|nhs\.uk|parliament\.uk|gov)(?::\d+)?/", re.I)


def _personal_url(value: str) -> bool:
    return not _PUBLIC_DOMAIN.search(value)


def recognizers() -> list[GroupRegexRecognizer]:
    return [
        GroupRegexRecognizer(
            Entity.IP_ADDRESS,
            "ip-address",
            [
                Rule(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])", 0.9, _ip, needs=r"\d\.\d"),
                Rule(
                    # any run of hex groups and colons ("2a02:c7c::2b" too); the address
                    # library says whether it is one
                    r"(?<![\w:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?![\w:])",
                    0.85,
                    _ip,
                    needs=r"[0-9a-fA-F]:[0-9a-fA-F:]",
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.ID_NUMBER,
            "device-id",
            [
                # a device's hardware (MAC) address: "3C:22:FB:91:4A:07", "3c-22-fb-91-4a-07"
                Rule(
                    r"(?<![\w:-])[0-9a-f]{2}([:-])[0-9a-f]{2}(?:\1[0-9a-f]{2}){4}(?![\w:-])",
                    0.9,
                    needs=r"[0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]",
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.URL,
            "url",
            [
                # Any web address with a path or a query: facebook.com/jay.smith.77,
                # https://www.instagram.com/xx_tiny_xx/, wa.me/447700900123. A bare domain
                # (tesco.com) names no one and is kept.
                Rule(
                    r"(?<![\w@.])(?:https?://)?(?:www\.)?(?:[a-z0-9-]+\.)+[a-z]{2,24}"
                    r"(?::\d+)?/[^\s,;)\]]*[^\s,;)\].!?'\"]",
                    0.9,
                    _personal_url,
                    needs=r"\w\.\w",
                ),
                Rule(
                    r"(?<![\w@.])https?://[^\s,;)\]]*[^\s,;)\].!?'\"]",
                    0.9,
                    _personal_url,
                    needs="://",
                ),
            ],
        ),
    ]
