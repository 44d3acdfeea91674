"""The run report: a ledger of every step, as JSON and as a page a person would rather read."""

from __future__ import annotations

import html
from collections import Counter

import polars as pl

from uofclean.schema.columns import TACTIC_COLUMNS


def charts(release: pl.DataFrame) -> dict:
    """Counts for the report's charts (no personal data: published columns only)."""
    out: dict = {}
    if "IncidentDate" in release.columns:
        months = release.select(pl.col("IncidentDate").str.slice(0, 7).alias("m"))["m"]
        out["forms_by_month"] = dict(sorted(Counter(m for m in months if m).items()))
    tactics: Counter = Counter()
    for column in TACTIC_COLUMNS:
        if column in release.columns:
            tactics.update(t for t in release[column].to_list() if t)
    out["tactics_used"] = dict(tactics.most_common(12))
    return out


def _bars(title: str, data: dict, width: int = 640) -> str:
    if not data:
        return ""
    top = max(data.values()) or 1
    row_h, label_w = 22, 300
    height = row_h * len(data) + 10
    bars = []
    for i, (label, value) in enumerate(data.items()):
        w = int((width - label_w - 60) * value / top)
        y = i * row_h + 5
        bars.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{html.escape(str(label))}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 6}" fill="#1f6feb"/>'
            f'<text x="{label_w + w + 5}" y="{y + 15}">{value:,}</text>'
        )
    # a viewBox and width 100 %: the chart shrinks to a phone's width instead of being cut off
    return (
        f"<h3>{html.escape(title)}</h3><svg role='img' aria-label='{html.escape(title)}' "
        f"viewBox='0 0 {width} {height}' width='100%' style='max-width:{width}px' "
        f"font-size='12' font-family='sans-serif'>{''.join(bars)}</svg>"
    )


def _table(rows: dict) -> str:
    body = "".join(
        f"<tr><th>{html.escape(str(k))}</th><td>{html.escape(str(v))}</td></tr>"
        for k, v in rows.items()
    )
    return f"<table>{body}</table>"


def to_html(report: dict) -> str:
    status = "Release written" if report["released"] else "No release: a gate failed"
    colour = "#1a7f37" if report["released"] else "#cf222e"
    steps = report["steps"]
    sections = [
        f"<h1>uofclean publish</h1><p class='status' style='color:{colour}'><b>{status}</b></p>",
    ]
    if report["gate_failures"]:
        sections.append(
            "<ul>"
            + "".join(f"<li>{html.escape(g)}</li>" for g in report["gate_failures"])
            + "</ul>"
        )
    if report.get("previous_release_removed"):
        sections.append(
            "<p><b>The release previously in this folder ("
            + html.escape(", ".join(report["previous_release_removed"]))
            + ") was removed</b>: it does not come from this run and must not be published "
            "with this report.</p>"
        )
    sections.append(
        "<h2>Ledger</h2>"
        + _table(
            {
                "rows in": steps["read"]["rows"],
                "duplicates removed": steps["dedupe"]["rows_removed"],
                "validation errors": steps["validate"]["errors"],
                "validation warnings": steps["validate"]["warnings"],
                "details redacted": sum(steps["redact"]["entities_by_type"].values()),
                "cells suppressed": sum(steps["disclosure"]["suppressed"].values()),
                "scan findings": steps["scan"]["findings"],
                "rows out": report["rows_out"],
            }
        )
    )
    sections.append(
        "<h2>Duplicates removed, by rule</h2>" + _table(steps["dedupe"]["removed_by_rule"])
    )
    sections.append(
        "<h2>Validation findings, by check</h2>"
        + _table(steps["validate"]["counts"] or {"none": 0})
    )
    sections.append(
        "<h2>Details redacted, by type</h2>"
        + _table(steps["redact"]["entities_by_type"] or {"none": 0})
    )
    sections.append(
        "<h2>Disclosure control</h2>"
        + _table(
            {
                "k (incidents)": steps["disclosure"]["k"],
                **{f"suppressed: {c}": n for c, n in steps["disclosure"]["suppressed"].items()},
                "combinations still below k": steps["disclosure"]["failing_combinations"],
            }
        )
    )
    sections.append(
        _bars(
            "Forms (officer rows, not incidents) by month of the incident",
            report["charts"].get("forms_by_month", {}),
        )
    )
    sections.append(
        _bars(
            "Tactics used: forms reporting each tactic (top 12)",
            report["charts"].get("tactics_used", {}),
        )
    )
    sections.append(
        "<h2>Settings and versions</h2>"
        + _table(
            {
                "input": report["input"]["file"],
                "input SHA-256": report["input"]["sha256"],
                **(
                    {
                        "release": f"{report['release']['file']}, {report['release']['rows']:,} rows",
                        "release SHA-256": report["release"]["sha256"],
                    }
                    if report.get("release")
                    else {}
                ),
                "uofclean": report["versions"]["uofclean"],
                "NER model": report["versions"]["model"],
                "profile": report["settings"]["profile"]["source"],
                "operator": report["settings"]["profile"]["operator"],
                "NER": report["settings"]["ner"],
            }
        )
    )
    style = (
        "body{font-family:system-ui,sans-serif;max-width:900px;margin:2em auto;padding:0 1em;"
        "color:#1f2328}table{border-collapse:collapse;margin:.5em 0;max-width:100%}"
        "th,td{border:1px solid #d0d7de;padding:4px 10px;text-align:left;"
        "overflow-wrap:anywhere}th{background:#f6f8fa;font-weight:normal}"
        "@media print{body{max-width:none;margin:0}}"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>uofclean "
        f"publish report</title><style>{style}</style></head><body>{''.join(sections)}"
        "</body></html>\n"
    )
