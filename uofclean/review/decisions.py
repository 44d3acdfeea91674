"""A reviewer's decisions, exported by the review page, obeyed by redact, scan and publish.

A decision either redacts a kept word or phrase (in one record, or everywhere) or keeps what
redaction took (a redaction that was wrong). The file holds the values themselves, so it is as
restricted as the extract; it names the extract's SHA-256 so that applying it to another file
is noticed. Reports count what decisions changed, never the values.

    {"uofclean_decisions": 1, "extract_sha256": "...", "accepted": [3, 17],
     "decisions": [{"action": "redact", "scope": "record", "record": 12,
                    "column": "Justification", "text": "Bigg Market", "type": "ADDRESS"},
                   {"action": "keep", "scope": "everywhere", "text": "KESTREL"}]}

The same keys in TOML (`[[decisions]]` tables) are read too.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from uofclean.entities import ENTITY_TYPES, Entity
from uofclean.errors import UofcleanError
from uofclean.redact.types import Span, merge_overlapping

FORMAT_VERSION = 1
RECOGNIZER = "review-decision"  # the recognizer named on spans a decision added
ACTIONS = ("redact", "keep")
SCOPES = ("record", "everywhere")
MAX_BYTES = 16 << 20  # a year's decisions are far smaller; a larger file is the wrong one


class DecisionsError(UofcleanError):
    """The decisions file cannot be read or holds a malformed decision (exit 2)."""


@dataclass(frozen=True)
class Decision:
    action: str  # redact | keep
    scope: str  # record | everywhere
    text: str  # the word or phrase (personal data: never printed)
    record: int | None = None  # 1-based record of the extract, for scope "record"
    column: str | None = None  # the column, for scope "record" (None: any free-text column)
    type: str = Entity.PERSON.value  # what a redact decision redacts it as

    def to_dict(self) -> dict:
        out: dict = {"action": self.action, "scope": self.scope, "text": self.text}
        if self.scope == "record":
            out["record"] = self.record
            if self.column:
                out["column"] = self.column
        if self.action == "redact":
            out["type"] = self.type
        return out


@dataclass
class Decisions:
    extract_sha256: str
    decisions: list[Decision] = field(default_factory=list)
    accepted: list[int] = field(default_factory=list)  # records the reviewer passed as they are

    def to_dict(self) -> dict:
        return {
            "uofclean_decisions": FORMAT_VERSION,
            "extract_sha256": self.extract_sha256,
            "accepted": sorted(set(self.accepted)),
            "decisions": [d.to_dict() for d in self.decisions],
        }


def parse(data: dict, where: str = "") -> Decisions:
    """Decisions from their JSON/TOML form; a malformed one is named by its position only."""
    if not isinstance(data, dict) or data.get("uofclean_decisions") != FORMAT_VERSION:
        raise DecisionsError(
            f"not a uofclean decisions file (version {FORMAT_VERSION})", path=where or None
        )
    sha = data.get("extract_sha256")
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise DecisionsError("extract_sha256 must be 64 hex digits", path=where or None)
    accepted = data.get("accepted", [])
    if not isinstance(accepted, list) or not all(_is_record(r) for r in accepted):
        raise DecisionsError("accepted must be a list of record numbers", path=where or None)
    items = data.get("decisions", [])
    if not isinstance(items, list):
        raise DecisionsError("decisions must be a list", path=where or None)
    return Decisions(sha, [_decision(i + 1, d, where) for i, d in enumerate(items)], accepted)


def _is_record(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _decision(n: int, d: object, where: str) -> Decision:
    def bad(why: str) -> DecisionsError:
        return DecisionsError(f"decision {n}: {why}", path=where or None)

    if not isinstance(d, dict):
        raise bad("not a table of action, scope and text")
    action, scope, text = d.get("action"), d.get("scope", "record"), d.get("text")
    if action not in ACTIONS:
        raise bad(f"action must be {' or '.join(ACTIONS)}")
    if scope not in SCOPES:
        raise bad(f"scope must be {' or '.join(SCOPES)}")
    if not isinstance(text, str) or not text.strip():
        raise bad("text must be a word or phrase")
    record, column = d.get("record"), d.get("column")
    if scope == "record" and not _is_record(record):
        raise bad("a decision for one record needs its record number (1 or more)")
    if column is not None and not isinstance(column, str):
        raise bad("column must be a column name")
    kind = d.get("type", Entity.PERSON.value)
    if kind not in ENTITY_TYPES:
        raise bad("type must be one of the entity types (see the README)")
    return Decision(
        action,
        scope,
        text.strip(),
        record if scope == "record" else None,
        column if scope == "record" else None,
        kind,
    )


def load(path: str | Path) -> Decisions:
    """Read a decisions file (JSON, or TOML by its .toml name)."""
    p = Path(path)
    try:
        if not p.is_file():
            raise DecisionsError("not a regular file", path=str(p))
        if p.stat().st_size > MAX_BYTES:
            raise DecisionsError("too large for a decisions file", path=str(p))
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionsError(f"cannot read it ({type(exc).__name__})", path=str(p)) from None
    try:
        data = tomllib.loads(raw) if p.suffix.lower() == ".toml" else json.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        # the parser's message may quote the file, which holds personal data: its type only
        raise DecisionsError(
            f"not valid {'TOML' if p.suffix.lower() == '.toml' else 'JSON'} ({type(exc).__name__})",
            path=str(p),
        ) from None
    return parse(data, str(p))


def to_toml(decisions: Decisions) -> str:
    """The TOML form, as the page writes it."""
    d = decisions.to_dict()
    lines = [
        f"uofclean_decisions = {d['uofclean_decisions']}",
        f"extract_sha256 = {json.dumps(d['extract_sha256'])}",
        f"accepted = {json.dumps(d['accepted'])}",
    ]
    for item in d["decisions"]:
        lines += ["", "[[decisions]]"]
        lines += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in item.items()]
    return "\n".join(lines) + "\n"


# --- applying them -------------------------------------------------------------------------
@dataclass
class Tally:
    """What decisions changed. Each batch of rows counts its own and a run adds them up, so
    the report is the same however the rows were cut into batches or spread over workers."""

    changes: Counter = field(default_factory=Counter)  # redactions_added / redactions_kept
    used: set[int] = field(default_factory=set)  # indices of decisions that changed something

    def add(self, other: Tally | None) -> None:
        if other is not None:
            self.changes.update(other.changes)
            self.used |= other.used

    def report(self, decisions: Decisions, sha256: str | None) -> dict:
        """What the decisions changed, in counts only (never a value)."""
        total = len(decisions.decisions)
        return {
            "decisions": total,
            "redactions_added": self.changes["redactions_added"],
            "redactions_kept": self.changes["redactions_kept"],
            "decisions_unused": total - len(self.used),
            "extract_sha256_matches": sha256 == decisions.extract_sha256,
        }


class Applier:
    """Adjusts the spans of each cell as the decisions say; counts what changed.

    Called inside the batch functions (uofclean.redact.batch) and by second_look as
    `applier(row, column, text, spans)` with the batch's 0-based row; `record_of` turns it
    into the extract's record number, which is what a decision names."""

    def __init__(self, decisions: Decisions, record_of: Callable[[int], int] = lambda i: i + 1):
        self.decisions = decisions
        self.record_of = record_of
        self.tally = Tally()
        self.used = self.tally.used
        self.changes = self.tally.changes
        self._everywhere = [
            (i, d) for i, d in enumerate(decisions.decisions) if d.scope == "everywhere"
        ]
        self._by_record: dict[int, list[tuple[int, Decision]]] = {}
        for i, d in enumerate(decisions.decisions):
            if d.scope == "record" and d.record is not None:
                self._by_record.setdefault(d.record, []).append((i, d))
        self._patterns: dict[str, re.Pattern] = {}

    def __call__(self, row: int, column: str, text: str, spans: Sequence[Span]) -> list[Span]:
        mine = [
            (i, d)
            for i, d in self._by_record.get(self.record_of(row), [])
            if d.column is None or d.column.casefold() == column.casefold()
        ] + self._everywhere
        if not mine:
            return list(spans)
        out = list(spans)
        for i, d in mine:
            if d.action == "keep":
                kept = [s for s in out if _same(text[s.start : s.end], d.text)]
                if kept:
                    out = [s for s in out if s not in kept]
                    self.changes["redactions_kept"] += len(kept)
                    self.used.add(i)
        for i, d in mine:  # redact after keep: where two decisions disagree, redaction wins
            if d.action == "redact":
                added = [
                    Span(a, b, d.type, 1.0, RECOGNIZER)
                    for a, b in self._occurrences(text, d.text)
                    if not any(s.start <= a and b <= s.end for s in out)
                ]
                if added:
                    out = _merge(out + added)
                    self.changes["redactions_added"] += len(added)
                    self.used.add(i)
        return out

    def _occurrences(self, text: str, phrase: str) -> list[tuple[int, int]]:
        """Where the phrase stands as whole words, in any case and any spacing: a name the
        reviewer marked is the same name in capitals or in lower case."""
        pattern = self._patterns.get(phrase)
        if pattern is None:
            body = r"\s+".join(re.escape(p) for p in phrase.split())
            pattern = re.compile(r"(?<!\w)" + body + r"(?!\w)", re.IGNORECASE)
            self._patterns[phrase] = pattern
        return [m.span() for m in pattern.finditer(text)]

    def report(self, sha256: str | None) -> dict:
        """What the decisions changed, in counts only (never a value)."""
        return self.tally.report(self.decisions, sha256)


def describe(report: dict) -> str:
    """A run's summary of what the decisions did, in counts only."""
    return (
        f"decisions: {report['redactions_added']} redaction(s) added, "
        f"{report['redactions_kept']} kept, {report['decisions_unused']} of "
        f"{report['decisions']} unused"
    )


def _same(value: str, text: str) -> bool:
    return " ".join(value.split()).casefold() == " ".join(text.split()).casefold()


def _merge(spans: list[Span]) -> list[Span]:
    """Sorted, non-overlapping: a decision's span that overlaps a found one becomes one span
    (a detail is never half-redacted), keeping the found one's type."""
    return merge_overlapping(spans, lambda a, b: a if a.recognizer != RECOGNIZER else b)


def sha_note(decisions: Decisions, sha256: str | None) -> list[str]:
    """The warning a run adds to its summary when the decisions were made for another file."""
    if sha256 is not None and sha256 != decisions.extract_sha256:
        return [
            "the decisions were made for another file (SHA-256 differs): record decisions "
            "were applied only where the record still holds their text"
        ]
    return []
