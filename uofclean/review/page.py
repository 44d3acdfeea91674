"""The review folder's contents: review.html (one self-contained page), review.csv and the
README that says the folder is restricted.

The page carries the records as JSON and draws one page of them at a time (a year's file is
150,000 records: never one DOM of them all); filters run over the data, not the DOM. Its
script and style are package files (page.js, page.css) inlined, so it loads nothing and a
Content-Security-Policy forbids it to.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

from uofclean.redact.types import Span
from uofclean.review.triage import MODEL, NET, SURE, Cell, Risk, assess, rank

REVIEW_HTML, REVIEW_CSV, README = "review.html", "review.csv", "README.txt"
OWN_FILES = frozenset({REVIEW_HTML, REVIEW_CSV, README})
PAGE_SIZE = 50
WEAK_RULES = (MODEL, NET)  # a span these alone decided is "uncertain", whatever its score

RESTRICTED = (
    "RESTRICTED: this folder holds personal data (the extract's original free text). Keep it "
    "where the extract is kept; never copy it into a release folder, email it or publish it. "
    "A decisions file exported from the page holds personal data too."
)


@dataclass(frozen=True)
class ReviewRecord:
    """One record of the extract under review: its number and its free-text cells."""

    record: int  # 1-based, as every finding names it
    cells: Sequence[Cell]


@dataclass
class Review:
    """The ranked records and what the page and the CSV say about them."""

    file: str
    sha256: str
    columns: list[str]
    records: list[ReviewRecord]
    risks: list[Risk]
    order: list[int]  # indices into records, highest risk first

    @classmethod
    def build(
        cls, file: str, sha256: str, columns: list[str], records: list[ReviewRecord]
    ) -> Review:
        risks = [assess(r.cells) for r in records]
        return cls(file, sha256, columns, records, risks, rank(risks))


def review_records(
    columns: list[str],
    texts: dict[str, list[str | None]],
    spans: dict[str, list[list[Span]]],
    record_of,
) -> list[ReviewRecord]:
    """The records that hold any free text, each with its cells."""
    out = []
    rows = len(next(iter(texts.values()))) if texts else 0
    for row in range(rows):
        cells = [
            Cell(c, texts[c][row] or "", spans[c][row])
            for c in columns
            if (texts[c][row] or "").strip()
        ]
        if cells:
            out.append(ReviewRecord(record_of(row), cells))
    return out


def _uncertain(s: Span) -> bool:
    return s.recognizer in WEAK_RULES or s.score < SURE


def payload(review: Review, decisions: dict | None = None) -> dict:
    """The page's data: records in risk order, types and rules as indices (a 20,000-record
    page stays a few megabytes); `decisions`: earlier ones (their JSON form) to start from."""
    types: dict[str, int] = {}
    rules: dict[str, int] = {}
    columns = {c: i for i, c in enumerate(review.columns)}
    records = []
    for place, i in enumerate(review.order):
        rec, risk = review.records[i], review.risks[i]
        cells = []
        for cell, candidates in zip(rec.cells, risk.candidates, strict=True):
            spans = [
                [
                    s.start,
                    s.end,
                    types.setdefault(s.entity, len(types)),
                    rules.setdefault(s.recognizer, len(rules)),
                    round(s.score, 2),
                    int(_uncertain(s)),
                ]
                for s in cell.spans
            ]
            cells.append([columns[cell.column], cell.text, spans, [list(c) for c in candidates]])
        records.append([rec.record, round(risk.score, 2), place + 1, _signals(risk), cells])
    return {
        "file": review.file,
        "sha256": review.sha256,
        "columns": review.columns,
        "types": list(types),
        "rules": list(rules),
        "pageSize": PAGE_SIZE,
        "records": records,
        "decisions": (decisions or {}).get("decisions", []),
        "accepted": (decisions or {}).get("accepted", []),
    }


def _signals(risk: Risk) -> str:
    return ", ".join(f"{k.replace('_', ' ')} {v:g}" for k, v in risk.signals.items())


def _asset(name: str) -> str:
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


def to_html(review: Review, decisions: dict | None = None) -> str:
    """review.html: the data as JSON in the page (every "<" escaped, so no text can end the
    script), the script and style inline, nothing loaded."""
    data = json.dumps(payload(review, decisions), ensure_ascii=False, separators=(",", ":"))
    data = data.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    csp = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'"
    title = f"Review (restricted): {html.escape(review.file)}"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{title}</title><style>{_asset('page.css')}</style></head><body>"
        f"<div class='restricted' role='alert'>{html.escape(RESTRICTED)}</div>"
        "<div id='app'><p>Loading the records…</p></div>"
        f"<script id='review-data' type='application/json'>{data}</script>"
        f"<script>{_asset('page.js')}</script></body></html>\n"
    )


CSV_COLUMNS = (
    "risk_rank",
    "record",
    "column",
    "start",
    "end",
    "span",
    "type",
    "rule",
    "score",
    "uncertain",
    "risk",
)


def to_csv(review: Review) -> str:
    """One row per redaction, records in risk order; a record with nothing redacted has one
    row with the span fields blank, so a spreadsheet still lists it at its rank. The span's
    text is there: the file is restricted. Cells are neutralised against formulas."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(CSV_COLUMNS)
    for place, i in enumerate(review.order):
        rec, risk = review.records[i], review.risks[i]
        wrote = False
        for cell in rec.cells:
            for s in cell.spans:
                wrote = True
                out.writerow(
                    [
                        place + 1,
                        rec.record,
                        cell.column,
                        s.start,
                        s.end,
                        _safe(cell.text[s.start : s.end]),
                        s.entity,
                        s.recognizer,
                        round(s.score, 2),
                        int(_uncertain(s)),
                        round(risk.score, 2),
                    ]
                )
        if not wrote:
            out.writerow(
                [
                    place + 1,
                    rec.record,
                    rec.cells[0].column,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    round(risk.score, 2),
                ]
            )
    return buf.getvalue()


def _safe(value: str) -> str:
    """A cell a spreadsheet would run as a formula gets a leading quote (as releases do)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def readme(review: Review) -> str:
    return (
        f"{RESTRICTED}\n\n"
        f"Review of {review.file} (SHA-256 {review.sha256}), {len(review.records)} records with "
        "free text, highest risk first.\n\n"
        f"- {REVIEW_HTML}: open it in a browser (it loads nothing). j/k move between records, "
        "a accepts one, click a redaction to keep it, click or select a kept word to redact "
        "it; export the decisions and pass them to redact, scan or publish with --decisions.\n"
        f"- {REVIEW_CSV} (with --format csv): one row per redaction with its type, rule, score "
        "and the record's risk rank.\n"
    )


def frame_records(frame, columns: list[str], spans, record_of) -> list[ReviewRecord]:
    """The records of a redacted frame or chunk: `frame` holds the original text, `spans` the
    spans redaction applied (RedactSpec.keep_spans), `record_of` its row's record number."""
    texts = {c: frame[c].to_list() for c in columns}
    return review_records(columns, texts, spans, record_of)


def from_redaction(file: str, sha256: str, frame, columns: list[str], spans, record_of) -> Review:
    """The review of one redaction run: `frame` is what was redacted (its original text),
    `spans` the RedactResult's spans (redact_frame(..., keep_spans=True))."""
    return Review.build(file, sha256, columns, frame_records(frame, columns, spans, record_of))


def review_table(table, settings) -> tuple[Review, int]:
    """Redact a ChunkedTable as `uofclean redact` does (settings.spec should keep spans),
    chunk by chunk on the settings' engine, and build its review; also the redactions made.
    The review holds the text of every record that has any: the page shows them all."""
    from pathlib import Path

    from uofclean.redact.stream import redacted

    columns = list(settings.spec.columns)
    records: list[ReviewRecord] = []
    made = 0
    with redacted(table, settings) as results:
        for chunk, result in results:
            at = chunk.start
            records += frame_records(
                chunk.frame, columns, result.spans, lambda i, at=at: table.record_of(at + i)
            )
            made += sum(n for per_type in result.counts.values() for n in per_type.values())
    return Review.build(Path(table.path).name, table.sha256, columns, records), made
