"""Numbers and dates spoken into a phone or dictated: "oh seven nine five two three three one
oh four four eight", "collar four four three one", "the second of november eighty seven",
"twenty two Mount Pleasant Road".

Voice recognition writes digits as words, so the digit patterns of the other recognizers never
see them. A run of digit words is an identifier whatever its cue (nobody says "four four three
one" of anything else); a date in words with a year is a date of birth (incident dates are
typed, not spoken); number words before a street are its house number (extend.py takes those).
"""

from __future__ import annotations

import re

from presidio_analyzer import EntityRecognizer, RecognizerResult

from uofclean.entities import Entity
from uofclean.redact.data import load_words
from uofclean.redact.recognizers.base import whole_words
from uofclean.redact.recognizers.firstchar import with_lookahead
from uofclean.redact.recognizers.places import MONTH

DIGIT = r"(?:zero|oh|o|nought|nil|one|two|three|four|five|six|seven|eight|nine)"
REPEAT = r"(?:double|triple|treble)\s+" + DIGIT
TEEN = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# one spoken group: "seven", "double eight", "twenty two", "nineteen"
GROUP = r"(?:" + REPEAT + "|" + TENS + r"(?:[\s-]" + DIGIT + r")?|" + TEEN + "|" + DIGIT + r")"
_SEP = r"(?:\s*,?\s+|-)"
# three or more groups in a row: an identifier ("four four three one", "oh seven seven...")
RUN = re.compile(
    r"(?<![\w-])(?P<run>" + GROUP + r"(?:" + _SEP + GROUP + r"){2,})(?![\w-])"
    # a log's date after it: "zero three one two of the fourth"
    r"(?P<of>\s+of\s+(?:the\s+)?(?:\d{1,2}(?:st|nd|rd|th)?|\w+(?:st|nd|rd|th)))?",
    re.IGNORECASE,
)
_ORDINAL = (
    r"(?:(?:twenty|thirty)[\s-])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|"
    r"eighteenth|nineteenth|twentieth|thirtieth|\d{1,2}(?:st|nd|rd|th)"
)
_YEAR = (
    r"(?:(?:nineteen|two\s+thousand(?:\s+and)?)(?:[\s-]+(?:"
    + TENS
    + r"(?:[\s-]"
    + DIGIT
    + r")?|"
    + TEEN
    + r"|(?:oh|o)[\s-]"
    + DIGIT
    + "|"
    + DIGIT
    + r"))?|"
    + TENS
    + r"(?:[\s-]"
    + DIGIT
    + r")?|(?:oh|o)[\s-]"
    + DIGIT
    + r")"  # in words only: "9th March 2024" is the incident's date, typed
)
_DAY_MONTH = (
    r"(?:the\s+)?(?:" + _ORDINAL + r")\s+(?:of\s+)?(?:the\s+)?(?:" + MONTH + "|" + _ORDINAL + r")"
)
# "the fourteenth of may nineteen sixty nine", "eleventh of the eleventh eighty two",
# "nineteen eighty four the twelfth of August"
DATE = re.compile(
    r"(?<![\w-])(?:(?P<a>" + _DAY_MONTH + r"),?\s+" + _YEAR + r"|" + _YEAR + r",?\s+(?P<b>"
    r"(?:the\s+)?(?:" + _ORDINAL + r")\s+of\s+" + MONTH + r"))(?![\w-])",
    re.IGNORECASE,
)
# A house number in words and the lower-case street after it: "nineteen cavendish road",
# "number forty two plungington road", "one hundred and two anlaby road", "flat seventy four
# ebor gardens" (not "five minutes down the road": units and function words end the street)
_HOUSE_WORDS = (
    r"(?:(?:"
    + DIGIT
    + r")\s+hundred(?:\s+and)?\s+)?(?:"
    + TENS
    + r"(?:[\s-]"
    + DIGIT
    + r")?|"
    + TEEN
    + r"|one|two|three|four|five|six|seven|eight|nine)"
)
_NOT_STREET_WORD = (
    r"(?!(?:"
    + "|".join(sorted(set(load_words("function_words")) | {"way", "lane"}, key=len, reverse=True))
    + "|"
    + "|".join(load_words("units_after_numbers"))
    + r")\b)"
)
SPOKEN_STREET = re.compile(
    r"(?<![\w-])(?:(?:flat|number|no\.?)\s+)?(?:\d{1,3}[a-z]?\s+)?"
    + _HOUSE_WORDS
    + r"(?:\s+"
    + _HOUSE_WORDS
    + r")?(?:\s+"
    + _NOT_STREET_WORD
    + r"[a-z][a-z'’-]+){1,3}\s+(?:"
    + "|".join(load_words("spoken_street_suffixes"))
    + r")(?:\s+(?:north|south|east|west))?(?![\w-])"
)
_ONE_DIGIT = re.compile(r"^" + DIGIT + "$", re.IGNORECASE)
_CUE_BEFORE = re.compile(
    r"(?:pc|ps|dc|ds|sgt|collar|shoulder|warrant|badge|number|no)\.?\s*$", re.IGNORECASE
)
_PHONE_START = re.compile(r"(?:oh|o|zero|nought)\b", re.IGNORECASE)
_HOUSE_CUE = re.compile(
    r"(?<![\w-])(?:" + "|".join(load_words("spoken_street_suffixes")) + r")(?![\w-])"
)
# The same matches, found faster (see firstchar): both are scanned over every text.
RUN = re.compile(with_lookahead(RUN.pattern, RUN.flags), RUN.flags)
DATE = re.compile(with_lookahead(DATE.pattern, DATE.flags), DATE.flags)


class SpokenNumberRecognizer(EntityRecognizer):
    """Digit words in runs, and dates of birth in words."""

    def __init__(self):
        super().__init__(
            supported_entities=[
                Entity.PHONE.value,
                Entity.DOB.value,
                Entity.POLICE_REF.value,
                Entity.SHOULDER_NUMBER.value,
                Entity.ADDRESS.value,
            ],
            name="spoken-number",
            supported_language="en",
        )

    def load(self) -> None:
        pass

    def analyze(self, text: str, entities=None, nlp_artifacts=None) -> list[RecognizerResult]:
        out = []
        for m in DATE.finditer(text):
            start, end = whole_words(text, *m.span())
            out.append(RecognizerResult(Entity.DOB.value, start, end, 0.8))
        if _HOUSE_CUE.search(text):
            for m in SPOKEN_STREET.finditer(text):
                out.append(RecognizerResult(Entity.ADDRESS.value, m.start(), m.end(), 0.8))
        for m in RUN.finditer(text):
            run = m.group("run")
            groups = re.split(_SEP, run)
            if len(groups) < 3 or _counting(groups):
                continue
            start, end = m.start(), m.end("of") if m.group("of") else m.end("run")
            out.append(RecognizerResult(_kind(text, m.start(), run, groups), start, end, 0.75))
        return out


def _counting(groups: list[str]) -> bool:
    """ "one, two, three": counting aloud, each number once and in order, is no identifier."""
    words = [g.lower() for g in groups]
    order = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
    return all(w in order for w in words) and [order.index(w) for w in words] == list(
        range(order.index(words[0]), order.index(words[0]) + len(words))
    )


def _kind(text: str, start: int, run: str, groups: list[str]) -> str:
    digits = sum(
        3 if g.lower().startswith(("triple", "treble")) else 2 if " " in g or "-" in g else 1
        for g in groups
    )
    if digits >= 9 and _PHONE_START.match(run):
        return Entity.PHONE.value
    if digits <= 5 and _CUE_BEFORE.search(text[max(0, start - 12) : start]):
        return Entity.SHOULDER_NUMBER.value
    return Entity.POLICE_REF.value if digits < 9 else Entity.PHONE.value
