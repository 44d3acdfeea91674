"""Writing the statistics: cells.csv (the machines' contract), one CSV per table in the layout
people read, datapackage.json, an accessible ODS workbook and audit.json."""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from uofclean import __version__
from uofclean.io.writer import atomic_path, write_text
from uofclean.stats.audit import PRIMARY, ROUNDED, SECONDARY
from uofclean.stats.spec import ALL, DIMENSIONS, GROUP_OF, NOTES, TITLES, TOTAL
from uofclean.stats.suppress import Suppression
from uofclean.stats.tables import Cell, Key, TableSet

CELL_COLUMNS = ("table", "period", *DIMENSIONS, "measure", "value", "status")
HIDDEN, NOT_AVAILABLE, NOT_APPLICABLE = "[c]", "[x]", "[z]"
MISSING_VALUES = ["", HIDDEN, NOT_AVAILABLE, NOT_APPLICABLE]
PART_OF = "part_of"  # the tactics table's column naming a sub-tactic's group


@dataclass
class Period:
    """One period's tables and their suppression."""

    name: str  # "current" or "previous"
    tables: TableSet
    suppression: Suppression
    label: str = ""  # e.g. 2021-04-01:2022-03-31, or the file
    first_month: str | None = None  # YYYY-MM the period starts in, where known

    def start_month(self) -> str | None:
        months = [m for m in self.tables.categories.get("month", ()) if m[:1].isdigit()]
        return self.first_month or (months[0] if months else None)


@dataclass
class Release:
    periods: list[Period]
    min_count: int
    source: dict = field(default_factory=dict)
    method: str = "suppress"  # or round5 (rounding.py)
    exempt: tuple[str, ...] = ()  # tables published without suppression

    @property
    def current(self) -> Period:
        return self.periods[0]

    @property
    def previous(self) -> Period | None:
        return self.periods[1] if len(self.periods) > 1 else None


@dataclass
class Wide:
    """One table as people read it: dimensions down, categories (or measures) across."""

    title: str
    header: list[str]
    rows: list[list[str | int | float]]
    text_columns: int  # the leading columns that are labels, not figures


def _shown(p: Period, k: Key) -> int | None:
    """The figure as published (rounded under round5); None where hidden."""
    return p.suppression.published.get(k)


def _status(p: Period, k: Key) -> str:
    return p.suppression.status.get(k, "")


def _month_index(month: str) -> int:
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def previous_key(cell: Cell, current: Period, previous: Period) -> Key | None:
    """The previous period's key for a cell: the same set, a month moved to the same place
    in the previous period. None where the previous period has no such figure."""
    kind, dims = cell.key
    month = dict(dims).get("month")
    if month and month[:1].isdigit():
        a, b = current.start_month(), previous.start_month()
        if a is None or b is None:
            return None
        shifted = _month_index(month) - _month_index(a) + _month_index(b)
        then = f"{shifted // 12:04d}-{shifted % 12 + 1:02d}"
        dims = tuple((d, then if d == "month" else v) for d, v in dims)
    k = (kind, dims)
    return k if k in previous.tables.values else None


def cell_rows(release: Release) -> list[dict]:
    """Every row of cells.csv, in table order: current, previous, change, pct_change."""
    out: list[dict] = []
    cur, prev = release.current, release.previous
    for cell in cur.tables.cells:
        dims = {d: "" for d in DIMENSIONS} | {d: v for d, v in cell.dims}
        base = {"table": cell.table, **dims, "measure": cell.measure}
        a = _shown(cur, cell.key)
        out.append(base | _value("current", a, _status(cur, cell.key)))
        if prev is None:
            continue
        then = previous_key(cell, cur, prev)
        if then is None:  # nothing to compare with: no rows, [x] in the tables people read
            continue
        b = _shown(prev, then)
        out.append(base | _value("previous", b, _status(prev, then)))
        if a is None or b is None:
            out.append(base | _value("change", None, SECONDARY))
            out.append(base | _value("pct_change", None, SECONDARY))
            continue
        # worked out from the figures as published: rounded where either of them is
        either = ROUNDED in (_status(cur, cell.key), _status(prev, then))
        derived = ROUNDED if either else ""
        out.append(base | _value("change", a - b, derived))
        if b == 0 or b < release.min_count:
            out.append(base | _value("pct_change", None, PRIMARY))
        else:
            out.append(base | _value("pct_change", round(100.0 * (a - b) / b, 1), derived))
    return out


def _value(period: str, value: int | float | None, status: str) -> dict:
    return {"period": period, "value": "" if value is None else value, "status": status}


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def wide_tables(release: Release) -> dict[str, Wide]:
    """name -> the table as people read it: [c] for a hidden cell. 1-D tables carry the
    previous period, change and % change beside each measure; 2-D tables get one table per
    period. The tactics table names each sub-tactic's group in `part_of`."""
    rows = cell_rows(release)
    ts = release.current.tables
    out: dict[str, Wide] = {}
    for table, dims in ts.dimensions.items():
        title = TITLES[table].format(unit=ts.unit)
        mine = [r for r in rows if r["table"] == table]
        first = dims[0]
        order = list(dict.fromkeys(r[first] for r in mine))
        if len(dims) == 1:
            measures = list(dict.fromkeys(r["measure"] for r in mine))
            periods = list(dict.fromkeys(r["period"] for r in mine))
            if release.previous is not None:
                periods = ["current", "previous", "change", "pct_change"]
            columns = [(m, p) for m in measures for p in periods]
            labels = [first, PART_OF] if table == "tactics" else [first]
            header = labels + [m if p == "current" else f"{m} ({p})" for m, p in columns]
            one = {(r[first], r["measure"], r["period"]): r for r in mine}
            body: list[list[str | int | float]] = []
            for v in order:
                line: list[str | int | float] = [v]
                if table == "tactics":
                    line.append(GROUP_OF.get(v, ""))
                line += [_wide(one.get((v, m, p)), p, (v, m, "current") in one) for m, p in columns]
                body.append(line)
            out[table] = Wide(title, header, body, len(labels))
            continue
        second = dims[1]
        across = list(ts.categories[second]) + [TOTAL]
        periods = ["current"] + (
            ["previous", "change", "pct_change"] if release.previous is not None else []
        )
        for period in periods:
            two = {(r[first], r[second]): r for r in mine if r["period"] == period}
            body = [[v] + [_wide(two.get((v, c)), period) for c in across] for v in order]
            name = table if period == "current" else f"{table}_{period}"
            label = "" if period == "current" else f" ({period.replace('_', ' ')})"
            out[name] = Wide(title + label, [first, *across], body, 1)
    return out


def _wide(row: dict | None, period: str, applicable: bool = True) -> str | int | float:
    if row is None:  # no such cell ([z]), or nothing to compare with: a month the previous
        return NOT_AVAILABLE if applicable else NOT_APPLICABLE  # period lacks ([x])
    if row["value"] != "":
        return row["value"]
    if period == "pct_change" and row["status"] == PRIMARY:
        return NOT_AVAILABLE
    return HIDDEN


def audit_json(release: Release) -> dict:
    periods: dict[str, dict] = {}
    for p in release.periods:
        hidden = []
        where: dict[Key, list[dict]] = {}
        for cell in p.tables.cells:
            where.setdefault(cell.key, []).append(
                {"table": cell.table, **dict(cell.dims), "measure": cell.measure}
            )
        for k, iv in p.suppression.intervals.items():
            hidden.append(
                {
                    "cells": where.get(k, []),
                    "why": p.suppression.status[k],
                    "interval": iv.as_json(),
                    "pinned": iv.pinned,
                }
            )
        periods[p.name] = {
            "label": p.label,
            "forms": p.tables.rows,
            "cells": len(p.tables.cells),
            "figures": len(p.tables.values),
            "primary": sum(1 for s in p.suppression.status.values() if s == PRIMARY),
            "secondary": sum(1 for s in p.suppression.status.values() if s == SECONDARY),
            "rounded": sum(1 for s in p.suppression.status.values() if s == ROUNDED),
            "audit_rounds": p.suppression.rounds,
            "pinned": sum(1 for h in hidden if h["pinned"]),
            "safe": p.suppression.safe,
            "hidden": hidden,
        }
    return {
        "method": METHOD_TEXT[release.method],
        "unit": release.current.tables.unit,
        "min_count": release.min_count,
        "exempt": list(release.exempt),
        "safe": all(p.suppression.safe for p in release.periods),
        "periods": periods,
    }


METHOD_TEXT = {
    "suppress": "primary + secondary suppression, exact LP audit (HiGHS through scipy)",
    "round5": "round5 (NHS Digital): small figures hidden, the rest rounded to the nearest 5; "
    "secondary suppression where the audit needs it, exact LP audit (HiGHS through scipy)",
}


def notes(release: Release) -> list[tuple[str, str]]:
    fmt = {
        "unit": release.current.tables.unit,
        "min_count": release.min_count,
        "max_small": release.min_count - 1,
        "exempt": ", ".join(release.exempt),
    }
    return [
        (n.name, n.text.format(**fmt))
        for n in NOTES
        if n.method in (None, release.method) and (release.exempt or not n.exempt)
    ]


def datapackage(release: Release, tables: dict[str, Wide]) -> dict:
    description = " ".join(f"{a}: {b}" for a, b in notes(release))
    resources = [
        {
            "name": "cells",
            "path": "cells.csv",
            "profile": "tabular-data-resource",
            "title": "Every figure of every table, one per row",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [
                    {"name": c, "type": "string"}
                    for c in ("table", "period", *DIMENSIONS, "measure")
                ]
                + [
                    {
                        "name": "value",
                        "type": "number",
                        "description": "Blank where the figure is hidden.",
                    },
                    {
                        "name": "status",
                        "type": "string",
                        "constraints": {"enum": [PRIMARY, SECONDARY, ROUNDED]},
                    },
                ],
                "missingValues": MISSING_VALUES,
            },
        }
    ]
    for name, wide in tables.items():
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "title": wide.title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": h, "type": "string" if i < wide.text_columns else "number"}
                        for i, h in enumerate(wide.header)
                    ],
                    "missingValues": MISSING_VALUES,
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "use-of-force-statistics",
        "title": "Use of force statistics tables",
        "description": description,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "contributors": [{"title": f"uofclean {__version__}", "role": "author"}],
        "resources": resources,
    }


def disclosure_line(release: Release) -> str:
    """One sentence on what is hidden, rounded and exempt (the cover sheet, report.html)."""
    n = release.min_count
    if release.method == "round5":
        text = (
            f"Figures of 1 to {n - 1}, or covering fewer than {n} subjects, and figures that "
            "would reveal them, are shown as [c]; every other figure is rounded to the "
            "nearest 5, so figures need not add up to their totals."
        )
    else:
        text = (
            f"Figures covering fewer than {n} subjects, and figures that would reveal them, "
            "are shown as [c]."
        )
    if release.exempt:
        text += f" Published as counted: {', '.join(release.exempt)}."
    return text


def write_ods(path: Path, release: Release, tables: dict[str, Wide]) -> None:
    """Cover, contents, notes, then one table per sheet: title in A1, a line on symbols in A2,
    one header row (marked as such), no merged cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableHeaderRows, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()

    def row(values, header: bool = False):
        tr = TableRow()
        for v in values:
            if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
                tc = TableCell(valuetype="float", value=v)
            else:
                tc = TableCell(valuetype="string")
            tc.addElement(P(text=str(v)))
            tr.addElement(tc)
        if header:
            wrap = TableHeaderRows()
            wrap.addElement(tr)
            return wrap
        return tr

    def sheet(name: str, lines: list, header: list | None = None, body: list | None = None):
        t = Table(name=name)
        for line in lines:
            t.addElement(row(line))
        if header is not None:
            t.addElement(row(header, header=True))
            for r in body or []:
                t.addElement(row(r))
        doc.spreadsheet.addElement(t)

    cur = release.current
    cover = [
        ["Use of force statistics tables"],
        [
            f"Counts of {cur.tables.unit}s from a use-of-force extract, made by uofclean "
            f"{__version__} on {datetime.now(UTC).date().isoformat()}."
        ],
        [
            f"Current period: {cur.label or 'all rows'}"
            + (f"; previous period: {release.previous.label}" if release.previous else "")
        ],
        [disclosure_line(release)],
        ["The Contents sheet lists the tables; the Notes sheet gives the counting rules."],
    ]
    sheet("Cover", cover)
    sheet(
        "Contents",
        [["Contents"], ["One table per sheet."]],
        ["Sheet", "Table"],
        [[n, w.title] for n, w in tables.items()],
    )
    sheet(
        "Notes",
        [["Notes"], ["How the figures are counted, and the symbols."]],
        ["Note", "Text"],
        [list(n) for n in notes(release)],
    )
    for name, w in tables.items():
        sheet(
            name,
            [
                [w.title],
                [
                    "[c] hidden for confidentiality; [x] not available; "
                    "[z] not applicable. See Notes."
                ],
            ],
            w.header,
            w.rows,
        )
    with atomic_path(path) as tmp:
        doc.save(str(tmp))


def write_all(outdir: Path, release: Release) -> list[str]:
    outdir.mkdir(parents=True, exist_ok=True)
    rows = cell_rows(release)
    write_text(
        outdir / "cells.csv", _csv(list(CELL_COLUMNS), [[r[c] for c in CELL_COLUMNS] for r in rows])
    )
    tables = wide_tables(release)
    for name, w in tables.items():
        write_text(outdir / f"{name}.csv", _csv(w.header, w.rows))
    write_text(outdir / "datapackage.json", json.dumps(datapackage(release, tables), indent=2))
    write_ods(outdir / "tables.ods", release, tables)
    write_audit(outdir, release)
    return [
        "cells.csv",
        *(f"{n}.csv" for n in tables),
        "datapackage.json",
        "tables.ods",
        "audit.json",
    ]


def write_audit(outdir: Path, release: Release) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    write_text(outdir / "audit.json", json.dumps(audit_json(release), indent=2))


__all__ = ["ALL", "Period", "Release", "cell_rows", "write_all", "write_audit"]
