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
from uofclean.stats.audit import PRIMARY, SECONDARY
from uofclean.stats.suppress import Suppression
from uofclean.stats.tables import ALL, CATEGORIES, DIMENSIONS, TITLES, TOTAL, TableSet

CELL_COLUMNS = ("table", "period", *DIMENSIONS, "measure", "value", "status")
HIDDEN, NOT_AVAILABLE, NOT_APPLICABLE = "[c]", "[x]", "[z]"
MISSING_VALUES = ["", HIDDEN, NOT_AVAILABLE, NOT_APPLICABLE]

NOTES = [
    ("Unit", "Each figure counts {unit}s. A report is one officer's form about one subject "
     "(after duplicate forms are removed); --unit incident counts distinct incidents and "
     "--unit subject distinct subjects, so two officers' forms about one man are one subject."),
    ("Tactics", "A tactic counts once per {unit}, however many forms or tactic slots name it. "
     "times_reported adds each tactic's {unit}s; {unit}s_involving counts {unit}s with the "
     "tactic (for Total: with any tactic)."),
    ("CED (Taser)", "Only the highest CED level of a {unit} counts, in the order angle drive "
     "stun, fired, drive stun, arced, red-dotted, aimed, drawn."),
    ("Shown apart", "Tactical Communications and No tactic are shown apart and are not part of "
     "the Total of tactics."),
    ("Multi-select", "A {unit} can involve several tactics: the tactic rows do not add up to "
     "Total."),
    ("Characteristics", "Age band, gender and ethnicity are as perceived by the officer; "
     "blank or suppressed values are Not stated. A subject takes the perception on their "
     "first form; an incident counts under every value its forms record."),
    ("Totals", "Totals come from the unsuppressed data."),
    ("[c]", "Hidden to protect confidentiality: fewer than {min_count} subjects (primary), or "
     "hidden so that no hidden figure can be worked out from the others (secondary). An "
     "exact audit (a linear programme per hidden cell) shows each stays uncertain."),
    ("[x]", "Not available: the % change of a figure whose previous value is under "
     "{min_count}."),
    ("[z]", "Not applicable: the % change from a previous value of 0."),
]


@dataclass
class Period:
    """One period's tables and their suppression."""

    name: str  # "current" or "previous"
    tables: TableSet
    suppression: Suppression
    label: str = ""  # e.g. 2021-04-01:2022-03-31, or the file


@dataclass
class Release:
    periods: list[Period]
    min_count: int
    source: dict = field(default_factory=dict)

    @property
    def current(self) -> Period:
        return self.periods[0]

    @property
    def previous(self) -> Period | None:
        return self.periods[1] if len(self.periods) > 1 else None


def _shown(p: Period, k) -> int | None:
    return None if p.suppression.status.get(k, "") else p.tables.values[k]


def _status(p: Period, k) -> str:
    return p.suppression.status.get(k, "")


def cell_rows(release: Release) -> list[dict]:
    """Every row of cells.csv, in table order: current, previous, change, pct_change."""
    out: list[dict] = []
    cur, prev = release.current, release.previous
    for cell in cur.tables.cells:
        dims = {d: "" for d in DIMENSIONS} | {d: v for d, v in cell.dims}
        base = {"table": cell.table, **dims, "measure": cell.measure}
        out.append(base | _value("current", _shown(cur, cell.key), _status(cur, cell.key)))
        if prev is None:
            continue
        out.append(base | _value("previous", _shown(prev, cell.key), _status(prev, cell.key)))
        a, b = _shown(cur, cell.key), _shown(prev, cell.key)
        hidden = a is None or b is None
        out.append(base | _value("change", None if hidden else a - b,
                                 SECONDARY if hidden else ""))
        if hidden:
            pct, status = None, SECONDARY
        elif b == 0 or b < release.min_count:
            pct, status = None, PRIMARY
        else:
            pct, status = round(100.0 * (a - b) / b, 1), ""
        out.append(base | _value("pct_change", pct, status))
    return out


def _value(period: str, value, status: str) -> dict:
    return {"period": period, "value": "" if value is None else value, "status": status}


def _csv(header: list[str], rows: list[list]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def wide_tables(release: Release) -> dict[str, tuple[str, list[str], list[list]]]:
    """name -> (title, header, rows): dimensions down, categories (or measures) across; [c]
    for a hidden cell. 1-D tables carry previous, change and % change beside each measure."""
    rows = cell_rows(release)
    unit = release.current.tables.unit
    out: dict[str, tuple[str, list[str], list[list]]] = {}
    for table, dims in release.current.tables.dimensions.items():
        title = TITLES[table].format(unit=unit)
        mine = [r for r in rows if r["table"] == table]
        first = dims[0]
        order: list[str] = []
        for r in mine:
            if r[first] not in order:
                order.append(r[first])
        if len(dims) == 1:
            measures = list(dict.fromkeys(r["measure"] for r in mine))
            periods = list(dict.fromkeys(r["period"] for r in mine))
            columns = [(m, p) for m in measures for p in periods]
            header = [first] + [m if p == "current" else f"{m} ({p})" for m, p in columns]
            lookup = {(r[first], r["measure"], r["period"]): r for r in mine}
            body = [
                [v] + [_wide(lookup.get((v, m, p)), p) for m, p in columns] for v in order
            ]
            out[table] = (title, header, body)
            continue
        second = dims[1]
        across = list(CATEGORIES[second]) + [TOTAL]
        for period in dict.fromkeys(r["period"] for r in mine):
            lookup = {(r[first], r[second]): r for r in mine if r["period"] == period}
            body = [[v] + [_wide(lookup.get((v, c)), period) for c in across] for v in order]
            name = table if period == "current" else f"{table}_{period}"
            label = "" if period == "current" else f" ({period.replace('_', ' ')})"
            out[name] = (title + label, [first] + across, body)
    return out


def _wide(row: dict | None, period: str):
    if row is None:
        return NOT_APPLICABLE
    if row["value"] != "":
        return row["value"]
    if period == "pct_change" and row["status"] == PRIMARY:
        return NOT_AVAILABLE
    return HIDDEN


def audit_json(release: Release) -> dict:
    periods = {}
    for p in release.periods:
        hidden = []
        where = {}
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
            "audit_rounds": p.suppression.rounds,
            "pinned": sum(1 for h in hidden if h["pinned"]),
            "safe": p.suppression.safe,
            "hidden": hidden,
        }
    return {
        "method": "primary + secondary suppression, exact LP audit (scipy linprog, HiGHS)",
        "unit": release.current.tables.unit,
        "min_count": release.min_count,
        "safe": all(p.suppression.safe for p in release.periods),
        "periods": periods,
    }


def notes(release: Release) -> list[tuple[str, str]]:
    fmt = {"unit": release.current.tables.unit, "min_count": release.min_count}
    return [(a, b.format(**fmt)) for a, b in NOTES]


def datapackage(release: Release, tables: dict) -> dict:
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
                    {"name": c, "type": "string"} for c in ("table", "period", *DIMENSIONS,
                                                            "measure")
                ]
                + [
                    {"name": "value", "type": "number",
                     "description": "Blank where the figure is hidden."},
                    {"name": "status", "type": "string", "constraints": {
                        "enum": [PRIMARY, SECONDARY, "rounded"]}},
                ],
                "missingValues": MISSING_VALUES,
            },
        }
    ]
    for name, (title, header, _) in tables.items():
        resources.append(
            {
                "name": name.replace("_", "-"),
                "path": f"{name}.csv",
                "profile": "tabular-data-resource",
                "title": title,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": header[0], "type": "string"}]
                    + [{"name": h, "type": "number"} for h in header[1:]],
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


def write_ods(path: Path, release: Release, tables: dict) -> None:
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
        [f"Counts of {cur.tables.unit}s from a use-of-force extract, made by uofclean "
         f"{__version__} on {datetime.now(UTC).date().isoformat()}."],
        [f"Current period: {cur.label or 'all rows'}"
         + (f"; previous period: {release.previous.label}" if release.previous else "")],
        [f"Figures covering fewer than {release.min_count} subjects, and figures that would "
         "reveal them, are shown as [c]."],
        ["The Contents sheet lists the tables; the Notes sheet gives the counting rules."],
    ]
    sheet("Cover", cover)
    sheet(
        "Contents",
        [["Contents"], ["One table per sheet."]],
        ["Sheet", "Table"],
        [[n, t] for n, (t, _, _) in tables.items()],
    )
    sheet("Notes", [["Notes"], ["How the figures are counted, and the symbols."]],
          ["Note", "Text"], [list(n) for n in notes(release)])
    for name, (title, header, body) in tables.items():
        sheet(name, [[title], ["[c] hidden for confidentiality; [x] not available; "
                               "[z] not applicable. See Notes."]], header, body)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))


def write_all(outdir: Path, release: Release) -> list[str]:
    outdir.mkdir(parents=True, exist_ok=True)
    rows = cell_rows(release)
    write_text(outdir / "cells.csv", _csv(list(CELL_COLUMNS),
                                          [[r[c] for c in CELL_COLUMNS] for r in rows]))
    tables = wide_tables(release)
    for name, (_, header, body) in tables.items():
        write_text(outdir / f"{name}.csv", _csv(header, body))
    write_text(outdir / "datapackage.json", json.dumps(datapackage(release, tables), indent=2))
    write_ods(outdir / "tables.ods", release, tables)
    write_audit(outdir, release)
    return ["cells.csv", *(f"{n}.csv" for n in tables), "datapackage.json", "tables.ods",
            "audit.json"]


def write_audit(outdir: Path, release: Release) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    write_text(outdir / "audit.json", json.dumps(audit_json(release), indent=2))


__all__ = ["ALL", "Period", "Release", "cell_rows", "write_all", "write_audit"]
