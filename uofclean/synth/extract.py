"""Assemble a synthetic extract and its ground truth."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from uofclean import __version__
from uofclean.io import atomic_path
from uofclean.synth.generator import (
    HEADER,
    Generator,
    Row,
    SynthOptions,
    to_csv,
    transliterate,
    years_of,
)
from uofclean.synth.inject import inject_error, make_duplicate, make_other_incident


@dataclass
class Synthetic:
    header: list[str]
    rows: list[Row]
    truth: dict
    csv_text: str


def generate(options: SynthOptions) -> Synthetic:
    gen = Generator(options)
    rng = random.Random(options.seed + 1)
    target = options.rows
    n_dups = max(1, target // 50) if options.duplicates else 0
    n_traps = max(1, target // 200) if options.duplicates else 0
    rows: list[Row] = []
    while len(rows) < target - n_dups - n_traps:
        rows.extend(gen.incident())
    rows = rows[: max(0, target - n_dups - n_traps)]
    pairs, traps = [], []
    # Insertions are planned against the base rows, then applied in one pass (no list.insert).
    after: dict[int, list[Row]] = {}  # base index -> rows inserted after it (-1: at the start)
    used: set[int] = set()
    base = list(rows)
    for _ in range(min(n_traps, len(base))):
        original = rng.choice(base)
        trap = make_other_incident(rng, gen, original)
        after.setdefault(rng.randint(-1, len(base) - 1), []).append(trap)
        traps.append((trap.uid, original.uid, "other-incident"))
    padded: list[tuple[int, str, str]] = []
    for _ in range(min(n_dups, len(base) // 3)):
        at = rng.randrange(len(base))
        while base[at].uid in used:
            at = rng.randrange(len(base))
        original = base[at]
        used.add(original.uid)
        dup, rule, kind, dup_kept = make_duplicate(rng, gen, original)
        pos = rng.randint(at, len(base) - 1) if not dup_kept else rng.randint(-1, len(base) - 1)
        after.setdefault(pos, []).append(dup)
        used.add(dup.uid)
        removed, kept = (original, dup) if dup_kept else (dup, original)
        pairs.append((removed.uid, kept.uid, rule, kind))
        if dup.values["RecordID"] != dup.values["RecordID"].strip():
            padded.append((dup.uid, "whitespace", "RecordID"))  # a re-export's stray space
    rows = list(after.get(-1, []))
    for i, row in enumerate(base):
        rows.append(row)
        rows.extend(after.get(i, []))
    errors = list(padded)
    if options.errors:
        dup_uids = used | {u for t in traps for u in t[:2]}
        candidates = [r for r in rows if r.uid not in dup_uids]
        for row in rng.sample(candidates, min(len(candidates), max(1, target // 100))):
            hit = inject_error(rng, gen, row, candidates, options.period[0])
            if hit:
                errors.append((row.uid, hit[0], hit[1]))
    header = list(HEADER)
    if options.shuffle_columns:
        rng.shuffle(header)
    return _assemble(options, header, rows, pairs, traps, errors)


def _assemble(options, header, rows, pairs, traps, errors) -> Synthetic:
    enc = options.encoding
    for row in rows:
        for column in (
            "Justification",
            "InjuryDetails",
            "SubjectName",
            "OfficerName",
            "IncidentAddress",
        ):
            row.values[column] = transliterate(row.values[column], enc)
    number = {row.uid: i + 1 for i, row in enumerate(rows)}
    entities = [
        {
            "record": i + 1,
            "record_id": row.values["RecordID"].strip(),
            "column": column,
            "start": s,
            "end": e,
            "type": kind,
            "text": row.values[column][s:e],
        }
        for i, row in enumerate(rows)
        for column, spans in row.spans.items()
        for s, e, kind in spans
    ]
    truth = {
        "generator": f"uofclean synth {__version__}",
        "seed": options.seed,
        "rows": len(rows),
        "period": [options.period[0].isoformat(), options.period[1].isoformat()],
        "entities": entities,
        "errors": [{"record": number[u], "check": c, "column": col} for u, c, col in errors],
        "duplicates": [
            {"record": number[r], "duplicate_of": number[k], "rule": rule, "kind": kind}
            for r, k, rule, kind in pairs
        ],
        "traps": [
            {"record": number[t], "related": number[o], "kind": kind} for t, o, kind in traps
        ],
    }
    if options.years > 1:
        years = years_of(options)
        truth["period"][1] = years[-1].period[1].isoformat()
        truth["years"] = [
            {
                "period": [y.period[0].isoformat(), y.period[1].isoformat()],
                "tactic_rates": y.tactics,
            }
            for y in years
        ]
    duplicated = {u for p in pairs for u in p[:2]}
    truth["traps"] += _structural_traps([r for r in rows if r.uid not in duplicated], number)
    truth["duplicates"] += _reused_ids(rows, number, {p[0] for p in pairs})
    return Synthetic(header, rows, truth, to_csv(header, rows))


def _reused_ids(rows: list[Row], number: dict[int, int], listed: set[int]) -> list[dict]:
    """Rows given another form's RecordID by --errors are duplicates too (rule record-id):
    the later SubmittedAt is kept, the first in the file on a tie."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row.values["RecordID"].strip().upper(), []).append(row)
    out = []
    for group in groups.values():
        if len(group) < 2 or any(r.uid in listed for r in group):
            continue
        kept = max(group, key=lambda r: (r.values["SubmittedAt"], -number[r.uid]))
        out += [
            {
                "record": number[r.uid],
                "duplicate_of": number[kept.uid],
                "rule": "record-id",
                "kind": "reused-id",
            }
            for r in group
            if r is not kept
        ]
    return out


def _structural_traps(rows: list[Row], number: dict[int, int]) -> list[dict]:
    """Other officers at the same incident, the same officer with a second subject."""
    by_incident: dict[str, list[Row]] = {}
    for row in rows:
        by_incident.setdefault(row.values["IncidentRef"], []).append(row)
    traps = []
    for group in by_incident.values():
        first = group[0]
        for other in group[1:]:
            same_officer = other.values["OfficerID"] == first.values["OfficerID"]
            same_subject = (
                other.values["SubjectName"].upper() == first.values["SubjectName"].upper()
            )
            if not same_officer:
                kind = "other-officer"
            elif not same_subject:
                kind = "second-subject"
            else:
                continue
            traps.append({"record": number[other.uid], "related": number[first.uid], "kind": kind})
    return traps


def write(synthetic: Synthetic, path: str | Path, encoding: str) -> None:
    data = synthetic.csv_text.encode(encoding)
    if str(path) == "-":
        import sys

        sys.stdout.buffer.write(data)
        return
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
