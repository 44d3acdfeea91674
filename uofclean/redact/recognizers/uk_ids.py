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
    if d.startswith("440"):  # +44 (0)7700 ...
        d = d[2:]
    elif d.startswith("44"):
        d = "0" + d[2:]
    if d.startswith("00"):
        return False
    return d.startswith("0") and len(d) in (10, 11)


def _not_a_word_after(value: str) -> bool:
    """ "A123 BCD" is a plate; "TASER X2 AND PAVA" is not. Only the job's core terms count:
    the long acronym list holds most three-letter groups ("E412 RGH" is a plate)."""
    from uofclean.redact.lexicon import CORE_POLICE_TERMS, very_common_words

    tail = value[-3:].lower()
    return tail not in very_common_words() and tail not in CORE_POLICE_TERMS


def _no_word_in_plate(value: str) -> bool:
    """ "mx 69 pzk" is a plate; "at 20 and", "on 14 may" are words and a number."""
    from uofclean.redact.lexicon import CORE_POLICE_TERMS, common_words

    groups = value.lower().split()
    return not any(g in common_words() or g in CORE_POLICE_TERMS for g in (groups[0], groups[-1]))


def _not_everyday(value: str) -> bool:
    """A handle, not an everyday word ("My Skype is down")."""
    from uofclean.redact.lexicon import POLICE_TERMS, common_words

    low = value.lower().lstrip("@")
    return low not in common_words() and low not in POLICE_TERMS


def _letters_last_not_a_term(value: str) -> bool:
    """ "4471 KLM" is a plate; "136 MHA", "999 CAD", "2 TSG", "5119 AND" are not."""
    from uofclean.redact.lexicon import POLICE_TERMS, very_common_words

    low = value[-3:].lower()
    return low not in POLICE_TERMS and low not in very_common_words()


def _not_a_word_after2(value: str) -> bool:
    """ "BF 418 KX" is a plate; "PC 418 ON" is not."""
    from uofclean.redact.lexicon import CORE_POLICE_TERMS, very_common_words

    head, tail = value[:2].lower(), value[-2:].lower()
    return tail not in very_common_words() and head not in CORE_POLICE_TERMS


def _letters_not_a_term(value: str) -> bool:
    """ "HPM 482" is a plate; "CAD 4521", "MHA 1983", "TSG 12", "FOR 2" are not."""
    from uofclean.redact.lexicon import POLICE_TERMS, very_common_words

    low = value[:3].lower()
    return low not in POLICE_TERMS and low not in very_common_words()


def recognizers() -> list[GroupRegexRecognizer]:
    return [
        GroupRegexRecognizer(
            Entity.NI_NUMBER,
            "uk-ni-number",
            [
                Rule(
                    B + r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z](?<!BG|GB|NK|KN|TN|NT|ZZ)"
                    r"(?:(?:[\s.-]?\d{2}){3}|[\s.-]?\d{3}[\s.-]?\d{3})[\s.-]?[A-D]" + E,
                    0.9,
                ),
                # the shape alone, whatever the letters ("CD 98 76 54 A", as forms' examples
                # and typed slips have it): two letters, three pairs of digits, a letter
                Rule(
                    B + r"[A-Z]{2}(?:\s{1,2}\d{2}){3}\s{1,2}[A-D]" + E,
                    0.7,
                    flags=0,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.NHS_NUMBER,
            "uk-nhs-number",
            [
                Rule(B + r"\d{3}[\s-]?\d{3}[\s-]?\d{4}" + E, 0.8, nhs_checksum),
                Rule(
                    r"NHS\s*(?:no\.?|number|num|#)?\s*[:\-]?\s*(?P<pii>\d[\d\s-]{8,12}\d)",
                    0.9,
                    words=("nhs",),
                ),
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
                    r"\b(?:tel|phone|mobile|mob|number|no\.?|contact)\s*[:\-]?\s*(?P<pii>\+?\d[\d\s-]{8,14}\d)",
                    0.75,
                    uk_phone,
                ),
                # Foreign numbers: "+852 9123 4567", "+380 67 123 4567", "0033 6 12 34 56 78"
                Rule(
                    B + r"(?:\+|00)(?!44)[1-9]\d{0,2}(?:[\s.-]?\(?\d{1,4}\)?){2,6}" + E,
                    0.8,
                    lambda v: 8 <= len(_digits(v)) <= 15,
                ),
                # A letter O typed for the leading zero: "o7700 900 218"
                Rule(B + r"[oO]7\d{3}[\s.-]?\d{3}[\s.-]?\d{3}" + E, 0.8, flags=0),
            ],
        ),
        GroupRegexRecognizer(
            Entity.EMAIL,
            "email",
            [
                Rule(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", 0.95, needs="@"),
                # "user%40example.com" in a link, "john at gmail.com" half spelt out
                Rule(r"[\w.+'-]+%40[\w-]+(?:\.[\w-]+)+", 0.9, needs="%40"),
                Rule(
                    r"\b[\w.'-]+\s+(?:at|\(at\)|\[at\])\s+[\w-]+\.(?:[\w-]+\.)*"
                    r"(?:com|co\.uk|uk|net|org|ie|io|me|info|biz)\b",
                    0.85,
                    words=(" at ", "(at)", "[at]"),
                ),
                # spelt out so that filters miss it: "dean dot walsh at hotmail dot co dot uk"
                Rule(
                    r"\b[\w'-]+(?:\s+(?:dot|underscore)\s+[\w'-]+)*\s+(?:at|\(at\)|\[at\])\s+"
                    r"[\w-]+(?:\s+dot\s+[a-z]{2,6})*\s+dot\s+(?:com|uk|net|org|ie|io|me|info|biz)\b",
                    0.85,
                    words=(" dot ",),
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.SOCIAL_HANDLE,
            "social-handle",
            [
                Rule(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{1,29})(?<!\.)", 0.8),
                # usernames: "deano_edn07", "c.riley_bd8", "wavey.sw9" (an underscore, or a dot
                # and a digit; "s.136" is legislation)
                Rule(
                    r"(?<![\w@./])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+_?(?![\w@])",
                    0.75,
                    needs="_",
                ),
                Rule(
                    r"(?<![\w@./])(?=[\w.]*\d)[A-Za-z][A-Za-z0-9_]*\.(?![0-9]+\b)[A-Za-z0-9_]*[A-Za-z][A-Za-z0-9_]*\d[A-Za-z0-9_]*(?![\w@.])",
                    0.7,
                    needs=r"[a-z]\.[a-z]",
                    flags=0,
                ),
                # "account ellie.x.2011", "accounts (shahid.m.bd, ...)", "second account
                # d.hutton_85": after an account's cue, a word joined by dots or underscores
                Rule(
                    r"\b(?:accounts?|handles?|user\s?names?|users?|profiles?|snapchat|snap|instagram|"
                    r"insta|tiktok|twitter|facebook|telegram|wechat|kik|discord|threads)\b"
                    r"(?:\s+(?:name|id|handle|account|called|named))?(?:\s+(?:is|was|of|as)|\s*[:(-])?\s+\(?"
                    r"(?![sS]\.\d)(?!(?i:e\.g|i\.e|etc)\b)"
                    r"(?P<pii>(?<![\w.])[A-Za-z0-9][A-Za-z0-9_]*(?:[._][A-Za-z0-9]+)+_?)(?![\w@/]|\.\w)",
                    0.75,
                    words=(
                        "account",
                        "handle",
                        "user",
                        "profile",
                        "snap",
                        "insta",
                        "tiktok",
                        "twitter",
                        "facebook",
                        "telegram",
                        "wechat",
                        "kik",
                        "discord",
                        "threads",
                    ),
                ),
                # "Snapchat (user ghostyy.lu)", "Instagram username: kay.b": a platform, the
                # word for the account, then the name joined by dots or underscores
                Rule(
                    r"\b(?:snapchat|snap|instagram|insta|tiktok|twitter|facebook|telegram|wechat|"
                    r"kik|discord|threads|skype|x)\s*[(,:-]?\s*"
                    r"(?:user\s?names?|users?|handles?|accounts?|profiles?|ids?|names?)"
                    r"\s*(?:is|was|of|called|named|[:-])?\s*"
                    r"(?P<pii>(?<![\w.])[A-Za-z0-9][A-Za-z0-9_]*(?:[._][A-Za-z0-9]+)+_?)(?![\w@/]|\.\w)",
                    0.75,
                    words=("user", "handle", "account", "profile", " id", "name"),
                ),
                # "My Skype is joecool", "skype (dean.malmgren)": a platform, then the name
                Rule(
                    r"\b(?:skype|snapchat|instagram|tiktok|telegram|wechat|kik|discord)\s*"
                    r"(?:handle|account|name|username|user|id)?\s*(?:is|was|:|-|\()\s*"
                    r"(?P<pii>@?[A-Za-z][A-Za-z0-9_.,]{2,30}[A-Za-z0-9_])(?![\w@])",
                    0.75,
                    _not_everyday,
                    words=(
                        "skype",
                        "snapchat",
                        "instagram",
                        "tiktok",
                        "telegram",
                        "wechat",
                        "kik",
                        "discord",
                    ),
                ),
                Rule(
                    r"\b(?:snapchat|snap|instagram|insta|ig|tiktok|twitter|facebook|fb)\s*"
                    r"(?:handle|account|name|username|user)?\s*(?:is|of|:|-)?\s*"
                    r"(?P<pii>@?[A-Za-z0-9_.]*[0-9_][A-Za-z0-9_.]*)",
                    0.7,
                    words=("snap", "insta", "ig", "tiktok", "twitter", "facebook", "fb"),
                ),
                # a Discord tag with its number: "webbyyy#0042", "admin kingz#4471"
                Rule(r"(?<![\w@./#])[A-Za-z0-9_.]{2,32}#\d{4}(?![\w#])", 0.8, needs="#"),
                # a platform, then the name in quotes: Snapchat "marcusd.2004", a WhatsApp
                # display name "Boss Man 🇳🇬", Facebook page "Grace Oyelowo Is A Fraud"
                Rule(
                    r"\b(?:snapchat|snap|instagram|insta|ig|tiktok|twitter|facebook|fb|telegram|"
                    r"discord|whatsapp|youtube|twitch|kik|wechat|threads|signal)\b"
                    r"(?:\s+(?:handle|account|name|username|user|id|page|profile|group|display\s+name)){0,2}"
                    r"\s*(?:is|was|of|called|named|:|-)?\s*[\"“'‘](?P<pii>[^\"”’'\n]{2,40})[\"”’']",
                    0.75,
                    words=(
                        "snap",
                        "insta",
                        "ig",
                        "tiktok",
                        "twitter",
                        "facebook",
                        "fb",
                        "telegram",
                        "discord",
                        "whatsapp",
                        "youtube",
                        "twitch",
                        "kik",
                        "wechat",
                        "threads",
                        "signal",
                    ),
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
                # "passport no. 123456789", "Albanian passport (no. BF4471928)"
                Rule(
                    r"\b(?:passport|ppt)\b[\s(]*(?:no\.?|number|num|#)?\s*(?:is|:|-)?\s*"
                    r"(?P<pii>(?=[A-Z]{0,3}\s?\d)(?:[A-Z]{1,3}\s)?[A-Z0-9]{6,10})" + E,
                    0.9,
                    words=("passport", "ppt"),
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.DRIVING_LICENCE,
            "uk-driving-licence",
            [
                # Surname letters (9-padded), six digits, initials, check digits:
                # "MORGA753116SM9IJ", spaced "MORGA 753116 SM9IJ 35".
                # "KOVALENKO 811027 TA9KL": officers copy the surname whole
                Rule(
                    B
                    + r"(?:[^\W\d_]|9){2,12}\s?\d{6}\s?(?:[^\W\d_]|9){2}\d[^\W\d_]{2}(?:\s?\d{2})?"
                    + E,
                    0.9,
                    needs=r"\d{6}",
                ),
                Rule(
                    r"(?:driving\s+)?licen[cs]e\s*(?:no\.?|number)?\s*[:\-]?\s*"
                    # groups after the first hold a digit each: the rule reads any case, and
                    # "licence no. 11227841 and failed" ends at the number
                    r"(?P<pii>(?=(?:[A-Z\s]*\d){2})[A-Z0-9]{5,18}(?:\s(?:[A-Z]*\d[A-Z0-9]*|(?-i:[A-Z]{2,3}(?![a-z])))){0,3})"
                    + E,
                    0.8,
                    lambda v: not v.split()[0].islower(),  # "licence showed SUTTO 755063 ..."
                    words=("licen",),
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.VEHICLE_REG,
            "uk-vehicle-registration",
            [
                # a fishing boat's port letters and number, near the word for it: "crew on the
                # PL 41", "skipper of GU 45", "the vessel "MORWENNA" (FH 221)", "FV Ocean
                # Dawn LK 412"
                Rule(
                    r"(?i:\b(?:boat|vessel|trawler|creeler|skipper|crew|fishing|fv|mfv)\b)"
                    r"[^.\n]{0,40}?(?<![\w/-])(?P<pii>(?!(?:PC|PS|DC|DS|SC|DI|TO)\s)(?-i:[A-Z]{1,3})\s\d{1,4})"
                    r"(?![\w/:.-])",
                    0.75,
                    words=(
                        "boat",
                        "vessel",
                        "trawler",
                        "creeler",
                        "skipper",
                        "crew",
                        "fishing",
                        "fv",
                    ),
                    flags=0,
                ),
                # Current (LK19 XRT), prefix (A123 BCD) and suffix (ABC 123D) formats, upper case.
                Rule(B + r"[A-Z]{2}\d{2}\s?[A-Z]{3}" + E, 0.85, flags=0),
                Rule(B + r"[A-Z]{2}\d{2}[A-Z]{3}" + E, 0.85),  # typed carelessly: "yd66hmf"
                # spaced apart: "WF 64 OXK", "RV 18HCO" (never after a rank: "PC 12 ...")
                Rule(B + r"(?!PC|PS|DC|DS|SC)[A-Z]{2}\s\d{2}\s?[A-Z]{3}" + E, 0.8, flags=0),
                Rule(B + r"[a-z]{2}\d{2}\s[a-z]{3}" + E, 0.7, _not_a_word_after, flags=0),
                # dictated in lower case and spaced: "mx 69 pzk", "nk 66 obx" (not "is 20 and",
                # "on 14 may": neither letter group may be an everyday word; the age
                # identifier is 02-29 or 51-79)
                Rule(
                    B + r"[a-z]{2}\s(?:[0-2]\d|[5-7]\d)\s[a-z]{3}" + E,
                    0.7,
                    _no_word_in_plate,
                    flags=0,
                ),
                Rule(
                    B + r"[A-HJ-PR-Y]\d{1,3}\s?(?!MHA|RTA|CLA|MDA|PACE|TSG|BWV)[A-Z]{3}" + E,
                    0.6,
                    _not_a_word_after,
                    flags=0,
                ),
                Rule(B + r"[A-Z]{3}\s?\d{1,3}[A-Z]" + E, 0.5, flags=0),
                # dateless and Northern Irish plates: "HPM 482", "KFZ 2217", "B 104 XTR"
                Rule(B + r"[A-Z]{3}\s\d{1,4}" + E, 0.5, _letters_not_a_term, flags=0),
                Rule(B + r"[A-Z]\s\d{1,3}\s[A-Z]{3}" + E, 0.6, flags=0),
                # number first, Irish and Northern Irish style: "4471 KLM" (not "136 MHA")
                Rule(B + r"\d{3,4}\s[A-Z]{3}" + E, 0.5, _letters_last_not_a_term, flags=0),
                # two letters, three digits, two letters (old French); German "M-KL 4417"
                Rule(B + r"[A-Z]{2}[\s-]\d{3}[\s-][A-Z]{2}" + E, 0.6, _not_a_word_after2, flags=0),
                Rule(B + r"[A-Z]{1,3}-[A-Z]{1,2}\s\d{1,4}[EH]?" + E, 0.6, flags=0),
                Rule(
                    r"(?:reg(?:istration)?|vrm|index|plate)\s*(?:no\.?|number|mark)?\s*[:\-]?\s*"
                    r"(?P<pii>[A-Z]{2}\d{2}\s?[A-Z]{3}|[A-Z]\d{1,3}\s?[A-Z]{3})" + E,
                    0.9,
                    words=("reg", "vrm", "index", "plate"),
                ),
                # any country's plate after its cue: "Romanian plates CJ 12 VXR", "Ukrainian
                # reg BC 4471 HK", "tractor unit is AA 5127 KH"
                Rule(
                    r"(?:reg(?:istration)?|vrm|plates?|registered|unit\s+is|van\s+is|car\s+is"
                    r"|(?i:veh)\s*:)"  # "Veh: WGM 4471K (PL reg"
                    r"\s*(?:no\.?|number|mark)?\s*[:\-]?\s*"
                    r"(?P<pii>(?=[A-Z0-9 -]{4,12}\b)(?=[A-Z -]*\d)(?=[\d -]*[A-Z])"
                    r"[A-Z0-9]{1,4}(?:[\s-][A-Z0-9]{1,5}){1,3})" + E,  # "WGM 4471K"
                    0.8,
                    words=("reg", "vrm", "plate", "registered", " is ", "veh"),
                    flags=0,
                ),
                # two letters, four digits, two letters: Ukrainian and Bulgarian plates
                Rule(
                    B + r"(?!PC|PS|DC|DS|SC|DI|TS|PD)[A-Z]{2}\s?\d{4}\s?"
                    r"(?!IN|ON|TO|AT|OF|BY|AS|IS|UP|SO|OR|NO|IT|HE|WE|ME|MY|AN|BE|DO)[A-Z]{2}" + E,
                    0.6,
                    flags=0,
                ),
            ],
        ),
        GroupRegexRecognizer(
            Entity.ID_NUMBER,
            "id-number",
            [
                # "SIA licence 1013 8842 7761 0055", "TfL staff no 771204", "employee number E4471"
                Rule(
                    r"\b(?:SIA|staff|employee|payroll|membership|member|ID\s+card|warrant\s+card)"
                    r"\s*(?:licen[cs]e|badge|card|ID)?\s*(?:no\.?|number|num|#)?\s*[:\-]?\s*"
                    r"(?P<pii>(?:[A-Z]{1,4}[\s-]?)?\d(?:[\s-]?\d){2,19})" + E,
                    0.85,
                    words=(
                        "sia",
                        "staff",
                        "employee",
                        "payroll",
                        "member",
                        "id card",
                        "warrant card",
                    ),
                ),
                # codes that open a person's door: "Key safe 0713", "keysafe code is 2023",
                # "door code 4471#", "PIN 0912" (a year's shape is the code after its cue)
                Rule(
                    r"\b(?:key\s?safe|key\s?box|(?:door|gate|entry|access|alarm)\s+code|pin)"
                    r"\s*(?:code|no\.?|number)?\s*(?:is|was|of)?\s*[:\-]?\s*"
                    r"(?P<pii>\d{3,8})(?![\d:])",
                    0.8,
                    words=("key", "code", "pin"),
                ),
                # a council's badge, an operator's or a case's number in groups: "badge NCC PH
                # 07781", "operator no. LCC CCTV 27", "(op 0219)", "LA case no. NCC 448 120 7"
                Rule(
                    r"\b(?i:badge|operator|op|case)\s*(?i:no\.?|number|num|#|id|ref\.?)?\s*[:\-]?\s*"
                    r"(?P<pii>(?:[A-Z]{2,5}\s){0,2}(?:[A-Z]{2,5}\s?)?\d{2,9}(?:\s\d{1,4}){0,3})"
                    + E,
                    0.8,
                    words=("badge", "operator", "op", "case"),
                    flags=0,
                ),
                Rule(
                    r"\((?P<pii>(?i:cctv|op|operator)\s*(?i:no\.?)?\s*\d{1,6})\)", 0.8, needs=r"\("
                ),
                # a staff number in brackets right after a person's name: "conductor Rebecca
                # Asquith (Northern NT 57112)", "driver BALWINDER KAUR (TB 05521)" (five digits
                # or more: "(MHA 1983)" is an Act's year; an officer's role is no part of it)
                Rule(
                    r"(?<=[A-Za-z'’])\s+\((?:[A-Z][a-z]+\s+)?(?!(?:DO|DCO|DDO|PC|PS|SC|DC|DS)\s?\d)"
                    r"(?P<pii>[A-Z]{1,3}\s?\d{5,7})\)",
                    0.75,
                    flags=0,
                    needs=r"\(",
                ),
                # "prison no. A7734", "hackney badge NCC 0872", "PH badge PH 1347", "ID CARD
                # SERIES MZ NO. 512944": after the cue, letters and number together
                Rule(
                    r"\b(?i:prison(?:er)?|inmate|hackney|badge|licence|license|series|passenger|"
                    r"student|pupil|patient|hospital|client|customer|account|membership|benefit)"
                    r"\s*(?i:no\.?|number|num|#|id|ref\.?|badge)?\s*[:\-]?\s*"
                    r"(?P<pii>(?=[A-Z]{0,4}[\s-]?(?:NO\.?\s*)?\d)[A-Z]{1,4}[\s-]?(?:NO\.?\s*)?\d{3,9}[A-Z]{0,2})"
                    + E,
                    0.8,
                    words=(
                        "prison",
                        "inmate",
                        "hackney",
                        "badge",
                        "licen",
                        "series",
                        "passenger",
                        "student",
                        "pupil",
                        "patient",
                        "hospital",
                        "client",
                        "customer",
                        "account",
                        "membership",
                        "benefit",
                    ),
                    flags=0,
                ),
            ],
        ),
    ]
