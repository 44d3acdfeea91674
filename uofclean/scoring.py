"""Judge a redacted file against synth's ground truth, by the output text alone.

Whatever the replacement ([PERSON], ****, a hash, a Faker surrogate), an entity has leaked when any
of its identifying words is still in the redacted text of the same record and column. Ordinary
words that are also names ("Will", "White") count only where they survive written as a name
(capitalised or in capitals), so "he will" does not count as a leak of "Will".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import polars as pl

from uofclean.entities import ENTITY_TYPES

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)
# Words of an entity that do not identify anyone on their own.
GENERIC = frozenset(
    [
        # titles, ranks and the labels of a reference, which writers put inside the detail
        # or outside it as they please ("Rev Emmanuel BOATENG", "Special SC 8842",
        # "Serial 1055 of 22/11/24", "Rear of 23 Ashfield Road", "DO 3317")
        "rev",
        "hon",
        "lady",
        "lord",
        "sir",
        "sc",
        "pcso",
        "do",
        "dco",
        "ddo",
        "afo",
        # forces' letters before a number or a reference: "MDP 11873", "GMP Log 2147"
        "gmp",
        "mdp",
        "cnc",
        "btp",
        "psni",
        "met",
        "special",
        "constable",
        "log",
        "serial",
        "incident",
        "occurrence",
        "rear",
        "basement",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "pc",
        "ps",
        "dc",
        "ds",
        "di",
        "sgt",
        "insp",
        "flat",
        "apartment",
        "unit",
        "road",
        "rd",
        "street",
        "st",
        "lane",
        "avenue",
        "close",
        "crescent",
        "drive",
        "gardens",
        "grove",
        "hill",
        "place",
        "square",
        "terrace",
        "walk",
        "way",
        "mews",
        "court",
        "rise",
        "row",
        "house",
        "tower",
        "estate",
        "park",
        "green",
        "high",
        "dob",
        "born",
        "the",
        "of",
        "and",
        "on",
        "at",
        "in",
        "cad",
        "no",
        "ref",
        "number",
        "custody",
        "crime",
        "pnc",
        "s",
        "st",
        "nd",
        "rd",
        "th",
        "jan",
        "feb",
        "mar",
        "apr",
        "may",
        "jun",
        "jul",
        "aug",
        "sep",
        "oct",
        "nov",
        "dec",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def words(text: str) -> list[str]:
    return WORD.findall(text)


def identifying_words(entity_text: str) -> list[str]:
    """Words that identify on their own: names and codes, not titles, street types or short
    numbers like "20" (which occur everywhere). Where none is left, the whole text is the unit."""
    found = [
        w
        for w in words(entity_text)
        if w.lower() not in GENERIC and (len(w) >= 4 if w.isdigit() else len(w) >= 2)
    ]
    return found or [" ".join(words(entity_text))]


@dataclass
class Score:
    entities: int = 0
    leaked: int = 0
    by_type: dict[str, list[int]] = field(default_factory=dict)  # type -> [total, leaked]
    records: int = 0  # records (record, column) holding at least one entity
    records_clean: int = 0  # of those, left with nothing identifying
    words_kept_total: int = 0  # non-personal words in the original
    words_lost: int = 0

    @property
    def recall(self) -> float:
        return 1.0 if not self.entities else 1 - self.leaked / self.entities

    @property
    def clean_share(self) -> float:
        return 1.0 if not self.records else self.records_clean / self.records

    @property
    def over_redaction(self) -> float:
        return 0.0 if not self.words_kept_total else self.words_lost / self.words_kept_total

    def recall_by_type(self) -> dict[str, float]:
        return {
            t: round(1 - leaked / total, 4) for t, (total, leaked) in sorted(self.by_type.items())
        }

    def to_dict(self) -> dict:
        return {
            "entities": self.entities,
            "recall": round(self.recall, 4),
            "recall_by_type": self.recall_by_type(),
            "records_with_personal_data": self.records,
            "records_left_with_nothing_identifying": round(self.clean_share, 4),
            "over_redaction": round(self.over_redaction, 4),
        }


def _survives(
    word: str, out_words: set[str], out_lower: set[str], common: frozenset[str], out_text: str = ""
) -> bool:
    if " " in word:  # a whole short entity, e.g. a date "1 1 90"
        return word in " ".join(words(out_text))
    if word.lower() in common:
        return word in out_words or word.upper() in out_words or word.capitalize() in out_words
    return word.lower() in out_lower


def score(
    truth: dict,
    original: pl.DataFrame,
    redacted: pl.DataFrame,
    columns: list[str] | None = None,
    common: frozenset[str] | None = None,
) -> Score:
    """Recall, clean records and over-redaction of `redacted` against `truth` (synth's)."""
    if common is None:
        from wordfreq import top_n_list

        common = frozenset(top_n_list("en", 6000))
    by_cell: dict[tuple[int, str], list[dict]] = {}
    for e in truth["entities"]:
        if columns is None or e["column"] in columns:
            by_cell.setdefault((e["record"], e["column"]), []).append(e)
    result = Score(by_type={t: [0, 0] for t in ENTITY_TYPES})
    cols = columns or sorted({c for _, c in by_cell} | {"Justification", "InjuryDetails"})
    for column in cols:
        if column not in original.columns:
            continue
        for i, (before, after) in enumerate(zip(original[column], redacted[column], strict=True)):
            before, after = before or "", after or ""
            entities = by_cell.get((i + 1, column), [])
            out_list = words(after)
            out_words, out_lower = set(out_list), {w.lower() for w in out_list}
            leaked_any = False
            for e in entities:
                leaked = any(
                    _survives(w, out_words, out_lower, common, after)
                    for w in identifying_words(e["text"])
                )
                result.entities += 1
                result.by_type[e["type"]][0] += 1
                if leaked:
                    result.leaked += 1
                    result.by_type[e["type"]][1] += 1
                    leaked_any = True
            if entities:
                result.records += 1
                result.records_clean += not leaked_any
            kept = _outside(before, entities)
            result.words_kept_total += sum(kept.values())
            result.words_lost += sum((kept - Counter(out_list)).values())
    result.by_type = {t: v for t, v in result.by_type.items() if v[0]}
    return result


def _outside(text: str, entities: list[dict]) -> Counter:
    """Words of the text outside every entity span."""
    pieces, pos = [], 0
    for e in sorted(entities, key=lambda e: e["start"]):
        pieces.append(text[pos : e["start"]])
        pos = max(pos, e["end"])
    pieces.append(text[pos:])
    return Counter(w for piece in pieces for w in words(piece))
