"""Officers' shoulder numbers and police references (CAD, crime/CRIS, custody, PNC)."""

from __future__ import annotations

import re

from uofclean.entities import Entity
from uofclean.redact.data import load_words
from uofclean.redact.recognizers.base import GroupRegexRecognizer, Rule

RANK = (
    r"(?:PC|PS|DC|DS|DI|DCI|DSI|TDC|TDS|SC|PCSO|Sgt|Sergeant|Insp|Inspector|Constable|Cst\b|Const\b|Garda|Gda\b|"
    r"A/?PS|A/?Sgt|DSU|Supt|Officer)"
)
NAME_WORD = r"[^\W\d_][\w'’-]+"
# a force by its short name ("Dorset", "Avon and Somerset"), for "PC Josh WEBB (Dorset 1731)"
_FORCE_SHORT = "|".join(
    sorted(
        {
            re.escape(re.sub(r"\s+(?:Police(?:\s+Service)?|Constabulary|Service)$", "", f))
            for f in load_words("forces")
        },
        key=len,
        reverse=True,
    )
)
NUMBER = r"\d{2,6}[A-Z]{0,3}(?![:.]\d)"  # not a time ("AT 16:05")
# Between a rank and a number stand only names: "INSP. WARD INFORMED AT 16" is not one.
_NOT_NAME = (
    r"(?!(?:at|on|in|to|the|and|of|was|were|by|from|for|with|informed|arrived|attended|under|"
    r"section|sec|article|schedule|regulation)\b)"
)
UNITS = r"(?!(?:AM|PM|MG|ML|MM|CM|KM|KG|MPH|HRS|YO|YRS|TH|ST|ND|RD)\b)"


def recognizers() -> list[GroupRegexRecognizer]:
    return [
        GroupRegexRecognizer(
            Entity.SHOULDER_NUMBER,
            "shoulder-number",
            [
                # "PC 4521AB", "PS Smith 227XY", "pc ekinci 3110CE", "PC John SMITH 4521AB"
                Rule(
                    r"\b"
                    + RANK
                    + r"(?![^\W\d_])\.?\s*(?:"  # the rank whole: not the "DI" of "DIXON-BELL rang 999"
                    + _NOT_NAME
                    + NAME_WORD
                    + r"\s+){0,3}?(?P<pii>"
                    + NUMBER
                    + r")\b",
                    0.9,
                ),
                # "Sgt BRAITHWAITE (1907)", "PC Aidan DOYLE (NB 2210)": a number in brackets
                # right after a ranked name, letters before it and all
                Rule(
                    r"\b"
                    + RANK
                    + r"(?:\.|\b)\s*(?:"
                    + _NOT_NAME
                    + NAME_WORD
                    + r"\s+){0,2}"
                    + NAME_WORD
                    + r"\s*\((?P<pii>(?:[A-Z]{1,3}\s?)?\d{2,6}[A-Z]{0,3})\)",
                    0.9,
                    needs=r"\((?:[A-Z]{1,3}\s?)?\d",
                ),
                # an officer's force and number in brackets: "PC Josh WEBB (Dorset 1731)"
                # (not a year: "The floods (Cumbria 2009)")
                Rule(
                    r"\((?-i:"
                    + _FORCE_SHORT
                    + r")\s+(?!(?:19|20)\d\d\))(?P<pii>\d{3,6}[A-Z]{0,2})\)",
                    0.85,
                ),
                # Police Scotland's and others' letter before the number: "PC A4417"
                Rule(
                    r"\b" + RANK + r"\.?\s*(?P<pii>[A-Z]\d{3,5})\b",
                    0.9,
                    flags=0,
                ),
                Rule(
                    r"(?:collar|shoulder|warrant|badge)\s*(?:nos?\.?|numbers?|num|#)?\s*[:\-]?\s*"
                    r"(?P<pii>(?:[A-Z]{1,4}\s?)?\d{2,7}[A-Z]{0,3})\b",
                    0.9,
                    words=("collar", "shoulder", "warrant", "badge"),
                ),
                # custody, detention and armed officers and the non-Home Office forces by
                # their letters, in capitals only ("DO 0933", "AFO 3094", "MDP 11873")
                Rule(
                    r"\b(?:DO|DDO|DCO|CDO|PDO|AFO|MDP|CNC)\s?(?P<pii>\d{3,6}[A-Z]{0,2})\b",
                    0.85,
                    flags=0,
                ),
                # "DO Lisa HALL (DO 442)": a rank and number in brackets after a name
                Rule(
                    r"\((?:DO|DCO|DDO|PC|PS|PCSO|SC|DC|DS|DI|CSO|TDC|SGT|Sgt)\s?(?P<pii>\d{2,6}[A-Z]{0,2})\)",
                    0.9,
                    flags=0,
                ),
                # A bare "1187MS" is a Met shoulder number (units and times excluded).
                Rule(r"(?<![\w/])(?P<pii>\d{2,4}" + UNITS + r"[A-Z]{2})\b", 0.7, flags=0),
            ],
        ),
        GroupRegexRecognizer(
            Entity.POLICE_REF,
            "police-reference",
            [
                # letters, a number and its date: "Serial no. ED 488 14/10/24", "SC 0043
                # 02/03/24" (capitals a list might call an acronym: "ED" is A&E's too)
                Rule(
                    r"(?<![\w/.-])[A-Z]{1,4}\s?\d{2,6}\s+\d{1,2}/\d{1,2}/\d{2,4}(?![\w/])",
                    0.75,
                    flags=0,
                    needs=r"\d\s+\d{1,2}/\d",
                ),
                # a log number and its day: "0302 of the 15th", "1876 of 11/03", "PSNI 1442
                # of 08/03/24" (the force's letters are the reference's)
                Rule(
                    r"(?<![\w/.:£$-])(?P<pii>(?-i:[A-Z]{2,5}\s)?\d{3,5}\s+of\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?"
                    r"(?:[/.]\d{1,2}(?:[/.]\d{2,4})?)?)(?![\w/])",
                    0.75,
                    words=(" of ",),
                ),
                # CAD 4521/23MAR21, CAD4521, CAD ref 123 of 01/04/21
                # The word "CAD" stays: the reader should know a reference was there.
                Rule(
                    r"\bCAD\s*(?:ref(?:erence)?|no\.?|number)?\s*[:\-]?\s*(?P<pii>\d{1,5}"
                    r"(?:\s*/\s*\d{1,2}\s*[A-Z]{3}\s*\d{2,4}|\s+\d{6}(?!\d))?)",
                    0.9,
                    words=("cad",),
                ),
                Rule(r"(?<![\w/])\d{1,5}/\d{1,2}[A-Z]{3}\d{2,4}\b", 0.85),
                # "log 0922 23/04/24", "incident 0511 29/05": a serial and its day
                Rule(
                    r"\b(?:log|inc|incident|occurrence|storm|serial|call|cad|ref(?:erence)?)\s*"
                    r"(?:no\.?|number|ref|#)?\s*[:\-]?\s*(?P<pii>\d{1,5}(?:\s+(?:of\s+)?"
                    r"\d{1,2}/\d{1,2}(?:/\d{2,4})?)?)(?![\w/])",
                    0.85,
                    words=(
                        "log",
                        "incident",
                        "occurrence",
                        "storm",
                        "serial",
                        "call",
                        "cad",
                        "ref",
                    ),
                ),
                # ... with the force's short name between: "Ref Humb 1034 30/01", "log glos 0441
                # 20/3" (the day's date makes it a serial, not "ref to 12")
                # (in capitals the letters are the reference's: "cad SX 0912 16/05")
                Rule(
                    r"\b(?:log|inc|incident|occurrence|storm|serial|cad|ref(?:erence)?)\s+"
                    r"(?:(?!(?:at|on|in|of|to|is|was|no|number)\b)(?!(?-i:[A-Z]{2,5})\s)"
                    r"[A-Za-z]{2,8}\.?\s+)?"
                    r"(?P<pii>(?:(?-i:[A-Z]{2,5})\s+)?\d{2,5}\s+(?:of\s+)?\d{1,2}/\d{1,2}"
                    r"(?:/\d{2,4})?)(?![\w/])",
                    0.8,
                    words=("log", "incident", "occurrence", "storm", "serial", "cad", "ref"),
                ),
                # incident logs: "log 1432 of 17/08/24", "CAD 213 of 21/01", "2231 of 11/05"
                Rule(
                    r"(?<![\w/])\d{1,5}\s+of\s+\d{1,2}/\d{1,2}(?:/\d{2,4})?(?![\w/])",
                    0.85,
                    words=(" of ",),
                ),
                # Crime (CRIS) 5301234/21 and prefixed forms
                Rule(r"(?<![\w/])\d{7}/\d{2}(?![\w/])", 0.85),
                Rule(
                    r"\b(?:CRIS|crime(?:\s+ref(?:erence)?)?|crime\s+report|CR)\s*(?:no\.?|number)?\s*"
                    r"[:\-]?\s*(?P<pii>\d{4,8}(?:/\d{2,4})?)",
                    0.85,
                    words=("cris", "crime", "cr"),
                ),
                # Custody RK/12345/21, LS/04471/21, 01MM/123456/21
                Rule(r"(?<![\w/])\d{0,2}[A-Z]{2,4}/\d{4,7}/\d{2,4}(?![\w/])", 0.9),
                Rule(
                    r"custody\s*(?:no\.?|number|record|ref(?:erence)?)\s*[:\-]?\s*(?P<pii>(?=[A-Z/-]*\d)[A-Z0-9/-]{5,20})",
                    0.8,
                    words=("custody",),
                ),
                # PNC ID 21/123456X, PNCID 2001/0012345A
                Rule(r"(?<![\w/])\d{2,4}/\d{4,7}[A-Z](?![\w/])", 0.85),
                Rule(
                    r"\b(?:PNC|PND|CRO|Athena|occurrence|URN)\s*(?:ID|no\.?|number|ref)?\s*[:\-]?\s*"
                    r"(?P<pii>[A-Z0-9][A-Z0-9/]{4,20})",
                    0.75,
                    words=("pnc", "pnd", "cro", "athena", "occurrence", "urn"),
                ),
            ],
        ),
    ]
