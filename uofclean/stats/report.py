"""The statistics in the run report: what report.json holds of them (the tables as people read
them, a year-on-year chart's figures, the audit's counts) and how report.html shows them (HTML
tables, and the chart as plain inline SVG: no script, no font, nothing loaded).

Only published figures are here: a hidden cell is [c] in the tables and has no bar."""

from __future__ import annotations

import html

from uofclean.stats.spec import GROUP_OF, NO_TACTIC, TACTICAL_COMMS, TACTICS_TABLE_ROWS, TOTAL
from uofclean.stats.write import Release, cell_rows, disclosure_line, wide_tables

# 2-D tables of the previous period, the change and the % change stay in the folder's files
_IN_FILES_ONLY = ("_previous", "_change", "_pct_change")


def summary(release: Release, folder: str = "stats") -> dict:
    """report.json's "stats": counts, the tables shown in the page and the chart's figures."""
    cur, prev = release.current, release.previous
    tables = wide_tables(release)
    shown = {n: w for n, w in tables.items() if not n.endswith(_IN_FILES_ONLY)}
    return {
        "folder": folder,
        "unit": cur.tables.unit,
        "min_count": release.min_count,
        "method": release.method,
        "exempt": list(release.exempt),
        "disclosure": disclosure_line(release),
        "current": cur.label or "all rows",
        "previous": prev.label if prev else None,
        "cells": len(cur.tables.cells),
        "hidden": sum(len(p.suppression.intervals) for p in release.periods),
        "safe": all(p.suppression.safe for p in release.periods),
        "tables": {
            n: {"title": w.title, "header": w.header, "rows": w.rows, "labels": w.text_columns}
            for n, w in shown.items()
        },
        "files_only": sorted(n for n in tables if n not in shown),
        "chart": chart(release),
    }


def chart(release: Release) -> list[dict]:
    """Each headline tactic (a group or a tactic of no group) with its units this period and
    the previous one; None where hidden."""
    unit = release.current.tables.unit
    rows = cell_rows(release)
    figures: dict[str, dict] = {}
    headline = [
        t
        for t in TACTICS_TABLE_ROWS
        if t not in GROUP_OF and t not in (TOTAL, TACTICAL_COMMS, NO_TACTIC)
    ]
    for r in rows:
        wanted = r["table"] == "tactics" and r["measure"] == f"{unit}s_involving"
        if wanted and r["tactic"] in headline and r["period"] in ("current", "previous"):
            value = r["value"]
            figures.setdefault(r["tactic"], {})[r["period"]] = None if value == "" else int(value)
    return [
        {"tactic": t, "current": figures[t].get("current"), "previous": figures[t].get("previous")}
        for t in headline
    ]


# ---------------------------------------------------------------- the page

_e = html.escape


def _short(name: str) -> str:
    return name.split(" (including")[0]


def svg_chart(points: list[dict], unit: str, has_previous: bool) -> str:
    """Horizontal bars, this period's above the previous one's, each with its figure."""
    if not points:
        return ""
    top = max([p[k] or 0 for p in points for k in ("current", "previous")] + [1])
    row, left, width = 34 if has_previous else 22, 190, 480
    height = 28 + row * len(points)
    parts = [
        f"<svg class='yoy' viewBox='0 0 760 {height}' width='100%' role='img' "
        "aria-labelledby='yoy-title yoy-desc' xmlns='http://www.w3.org/2000/svg'>",
        f"<title id='yoy-title'>{_e(unit.capitalize())}s involving each tactic"
        + (", this period and the previous one" if has_previous else "")
        + "</title>",
        "<desc id='yoy-desc'>The same figures are in the tactics table below; a figure "
        "hidden for confidentiality has no bar.</desc>",
        "<rect x='0' y='4' width='12' height='10' fill='#0969da'/>"
        "<text x='18' y='13' font-size='12'>this period</text>",
    ]
    if has_previous:
        parts.append(
            "<rect x='110' y='4' width='12' height='10' fill='#8c959f'/>"
            "<text x='128' y='13' font-size='12'>previous period</text>"
        )
    for i, p in enumerate(points):
        y = 24 + i * row
        parts.append(
            f"<text x='{left - 8}' y='{y + 12}' font-size='12' text-anchor='end'>"
            f"{_e(_short(p['tactic']))}</text>"
        )
        bars = [("current", "#0969da")] + ([("previous", "#8c959f")] if has_previous else [])
        for j, (period, colour) in enumerate(bars):
            value = p[period]
            by = y + 2 + j * 14
            if value is None:
                parts.append(f"<text x='{left}' y='{by + 10}' font-size='11'>[c]</text>")
                continue
            w = width * value / top
            parts.append(
                f"<rect x='{left}' y='{by}' width='{w:.1f}' height='12' fill='{colour}'/>"
                f"<text x='{left + w + 4:.1f}' y='{by + 10}' font-size='11'>{value:,}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _table(name: str, table: dict) -> str:
    head = "".join(f"<th scope='col'>{_e(str(h))}</th>" for h in table["header"])
    body = []
    for r in table["rows"]:
        labels = table.get("labels", 1)
        label = f"<th scope='row'>{_e(str(r[0]))}</th>"
        label += "".join(f"<td>{_e(str(v))}</td>" for v in r[1:labels])
        cells = "".join(
            f"<td class='n'>{_e(f'{v:,}' if isinstance(v, int) else str(v))}</td>"
            for v in r[labels:]
        )
        body.append(f"<tr>{label}{cells}</tr>")
    return (
        f"<div class='scroll' role='region' aria-label='{_e(table['title'])}' tabindex='0'>"
        f"<table class='stats' id='stats-{_e(name)}'><caption>{_e(table['title'])}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def to_html(section: dict | None) -> str:
    if not section:
        return ""
    prev = section.get("previous")
    period = f"{section['current']}" + (f", compared with {prev}" if prev else "")
    files = ", ".join(f"{n}.csv" for n in section.get("files_only", []))
    return (
        "<section id='statistics'><h2>Statistics tables</h2>"
        f"<p>{_e(section['unit'].capitalize())}s counted, {_e(period)}. "
        f"{_e(section['disclosure'])} {section['hidden']:,} are hidden; an exact audit shows "
        "none can be worked out from the rest. Every table is also in "
        f"{_e(section['folder'])}/ as CSV, in "
        "tables.ods and in cells.csv, with the notes on how they are counted.</p>"
        + svg_chart(section["chart"], section["unit"], prev is not None)
        + "".join(_table(n, t) for n, t in section["tables"].items())
        + (
            f"<p>The previous period, change and % change of the two-way tables are in "
            f"{_e(files)}.</p>"
            if files
            else ""
        )
        + "</section>"
    )
