"""The kinds of detail round 4's written sets showed the detector missing or over-redacting,
one case each: what must go and what must stay, tested through the detector as redaction
uses it."""

from __future__ import annotations

import pytest

from uofclean.redact.detect import Detector


@pytest.fixture(scope="module")
def detector():
    return Detector.load(ner=True)


def _covered(text: str, spans) -> bytearray:
    covered = bytearray(len(text))
    for s in spans:
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
    return covered


CASES = [
    # (text, must be redacted, must be kept)
    ('I shouted "drop it now" and drew PAVA.', [], ["drop it now", "PAVA"]),
    ("Accused Hugh 'Wee Shug' McLAUGHLIN (17) ran.", ["Hugh", "Wee Shug", "McLAUGHLIN"], []),
    ("Ross, known locally as 'the Skipper', was shouting.", ["the Skipper"], []),
    ("Whilst on patrol on Manningham Lane, Bradford, we stopped him.", ["Manningham Lane"],
     ["Bradford"]),
    ("He was taken to Glangwili by ambulance.", [], ["Glangwili"]),
    ("Attended Pitch 22, Tregarrick Sands Holiday Park, Perranporth.",
     ["Pitch 22, Tregarrick Sands Holiday Park"], ["Perranporth"]),
    ("Sent to The Old Rectory, Church Lane, East Stoke.", ["The Old Rectory", "Church Lane"], []),
    ("DOMESTIC AT HIGH HOUSE FARM, MARTINDALE.", ["HIGH HOUSE FARM"], []),
    ("Wayne HEWITSON (DOB the twelfth of December nineteen seventy-eight) ran.",
     ["the twelfth of December nineteen seventy-eight"], []),
    ("Stop check of a Ford Transit on Romanian plates CJ 12 VXR near the A15.", ["CJ 12 VXR"],
     ["Ford Transit", "A15"]),
    ("No injuries. pc 13380 quick", ["quick"], []),
    ("PC 2145 held the left arm.", ["2145"], ["held"]),
    ("She was on Snapchat, account ellie.x.2011. He left.", ["ellie.x.2011"], []),
    ("I stopped a male on Claremont Road, M14 as he ran.", ["Claremont Road", "M14"], []),
    ("Driver (hackney badge NCC 0872) said so.", ["NCC 0872"], []),
    ("A male, PHAM Van Duc, tried to leave.", ["PHAM Van Duc"], []),
    ("The quad was a red Honda TRX420 with a John Deere 6155R.", [], ["Honda TRX420",
     "John Deere 6155R"]),
    ("The workers are employed through Wright & Sons Labour Supply.",
     ["Wright & Sons Labour Supply"], []),
    ("Logged in from 2a02:c7c:5c4a:1800::2b at 0300.", ["2a02:c7c:5c4a:1800::2b"], ["0300"]),
    ("Referred to MARAC and CAMHS; conveyed to Derriford.", [], ["MARAC", "CAMHS", "Derriford"]),
]


@pytest.mark.parametrize(("text", "gone", "kept"), CASES)
def test_detail_kinds(detector, text, gone, kept):
    covered = _covered(text, detector.detect_batch([text])[0])
    for value in gone:
        at = text.index(value)
        assert all(covered[at : at + len(value)]), value
    for value in kept:
        at = text.index(value)
        assert not any(covered[at : at + len(value)]), value
