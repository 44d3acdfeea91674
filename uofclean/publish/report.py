"""The run report: a ledger of every step as JSON, and a publication note (report.html) an FOI
officer can cite and file beside the release.

The page is one self-contained file: inline style, no script, no font, no image, and a
Content-Security-Policy that forbids loading anything, so it reads the same offline and leaks
nothing when opened. It shows counts, published category values, file names and hashes, never
a value of the extract.
"""

from __future__ import annotations

import html
from collections import Counter
from datetime import date, datetime
from pathlib import PurePath

import polars as pl

from uofclean.entities import Entity
from uofclean.schema.columns import SUPPRESSED, TACTIC_COLUMNS, column_specs, values
from uofclean.stats.report import to_html as stats_html

# --- what the report counts (called by the chain) -------------------------------------------


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


def categories(before: pl.DataFrame, after: pl.DataFrame, columns: list[str]) -> dict:
    """Per quasi-identifier, each published value's rows before and after disclosure control
    (values of a closed vocabulary only: anything else was suppressed earlier)."""
    specs = {s.name: s for s in column_specs("published")}
    out: dict = {}
    for column in columns:
        if column not in before.columns or column not in after.columns:
            continue
        was = Counter(before[column].fill_null("").to_list())
        now = Counter(after[column].fill_null("").to_list())
        vocabulary = specs[column].vocabulary if column in specs else None
        order = [*values(vocabulary)] if vocabulary else sorted(was)
        keys = [v for v in [*order, "", SUPPRESSED] if was.get(v) or now.get(v)]
        out[column] = {v: [was.get(v, 0), now.get(v, 0)] for v in keys}
    return out


def _unique_incidents(frame: pl.DataFrame, incident: str, columns: list[str]) -> int:
    """Incidents with a combination of these columns that no other incident shares. A blank
    or Suppressed value tells nothing, so a row is matched on its stated values only (others'
    unstated values are not counted as matches: the share is an upper bound)."""
    combos = frame.select(incident, *columns).unique()
    stated = combos.select(
        [(~pl.col(c).fill_null("").is_in(["", SUPPRESSED])).alias(c) for c in columns]
    )
    pattern = pl.concat_str([stated[c].cast(pl.Int8).cast(pl.Utf8) for c in columns])
    combos = combos.with_columns(pattern.alias("__stated"))
    alone: set = set()
    for key in combos["__stated"].unique().to_list():
        cols = [c for c, flag in zip(columns, key, strict=True) if flag == "1"]
        if not cols:
            continue  # nothing stated: it matches every incident
        counts = combos.group_by(cols).agg(pl.col(incident).n_unique().alias("n"))
        rows = combos.filter(pl.col("__stated") == key)
        hit = rows.join(counts.filter(pl.col("n") == 1), on=cols, how="semi")
        alone.update(hit[incident].to_list())
    return len(alone)


def residual_risk(frame: pl.DataFrame, incident: str, quasi_identifiers: list[str]) -> list[dict]:
    """The share of incidents still unique on what the release states: the disclosure
    quasi-identifiers alone, then with the borough and the exact date, then the time too (as
    someone who knows when and where an incident happened would look it up), and for
    comparison with the date cut to its month and the time to its hour."""
    if frame.height == 0 or incident not in frame.columns:
        return []
    qis = [c for c in quasi_identifiers if c in frame.columns]
    where: list[str] = [
        c for c in ("Borough", "IncidentDate") if c in frame.columns and c not in qis
    ]
    levels = [(qis, "the disclosure quasi-identifiers")]
    if "IncidentDate" in frame.columns:
        levels.append((qis + where, "and the borough and exact date"))
    if "IncidentTime" in frame.columns:
        levels.append((qis + where + ["IncidentTime"], "and the exact time too"))
    work = frame
    if {"IncidentDate", "IncidentTime"} <= set(frame.columns):
        work = frame.with_columns(
            pl.col("IncidentDate").str.slice(0, 7).alias("__month"),
            pl.col("IncidentTime").str.slice(0, 2).alias("__hour"),
        )
        coarse = qis + [c for c in where if c != "IncidentDate"] + ["__month", "__hour"]
        levels.append((coarse, "if the date were cut to its month and the time to its hour"))
    total = frame[incident].n_unique()
    return [
        {
            "columns": [c.replace("__month", "month").replace("__hour", "hour") for c in cols],
            "label": label,
            "unique": _unique_incidents(work, incident, cols) if cols else 0,
            "incidents": total,
        }
        for cols, label in levels
    ]


def reporting_period(release: pl.DataFrame, stated: tuple[date, date] | None) -> dict:
    """The period the profile states (and validation checked), else the incident dates'."""
    if stated:
        return {"start": stated[0].isoformat(), "end": stated[1].isoformat(), "stated": True}
    if "IncidentDate" not in release.columns or release.height == 0:
        return {"start": None, "end": None, "stated": False}
    dates = release["IncidentDate"].filter(release["IncidentDate"].fill_null("") != "")
    if dates.len() == 0:
        return {"start": None, "end": None, "stated": False}
    return {"start": dates.min(), "end": dates.max(), "stated": False}


# --- plain words ----------------------------------------------------------------------------

CHECKS = {
    "missing-column": "a column the format requires is not in the file",
    "duplicate-header": "two columns have the same name",
    "blank-header": "a column with data under it has no name",
    "ragged-row": "a record has too few or too many fields",
    "stray-quote": "a quote inside a field makes the record unreadable as written",
    "vocabulary": "a value outside its column's published set (Yes/No flags included)",
    "whitespace": "stray spaces around a category or identifier",
    "date": "not a real date written as YYYY-MM-DD",
    "time": "not a real time written as HH:MM or HH:MM:SS",
    "datetime": "not a real date and time",
    "count": "not a small whole number",
    "serial": "not a Taser serial number (a letter and 8 digits)",
    "required": "a required value (RecordID, IncidentRef, SubmittedAt, OfficerID, IncidentDate, "
    "IncidentTime) is blank",
    "tactic-gap": "tactics do not fill from Tactic 1 with no gaps",
    "effective-without-tactic": "Effective N is set where Tactic N is not",
    "ced-without-tactic": "Taser columns are filled but no Taser tactic is recorded",
    "ced-fired-without-tactic": "CED Fired is Yes without a 'CED (Taser) Fired' tactic",
    "duplicate-record-id": "a RecordID that repeats an earlier record",
    "period": "an incident date outside the reporting period",
    "column-order": "the published columns are not in the published order",
    "pseudonym": "an IncidentKey that is not a keyed pseudonym (16 hex digits)",
    "pii": "the release scan found what looks like personal data",
    "unexpected-column": "(warning) a column the format does not know",
    "column-spelling": "(warning) a known corrected spelling of a published column name",
    "main-duty": "(warning) a MainDuty value outside the published list",
    "borough-variant": "(warning) a borough written as a variant (City of Westminster)",
    "empty-columns": "(warning) trailing columns with no name and no values, ignored",
    "empty-record": "(warning) a record of empty fields, skipped",
    "header-whitespace": "(warning) column names with stray spaces, read trimmed",
}
RULES = {
    "record-id": "the same RecordID twice: the later submission is kept",
    "officer-incident-subject": "the same officer, incident and subject submitted again "
    "(a re-export or corrected resubmission): the later submission is kept",
    "empty-record": "a row with every field empty",
}
TYPES = {
    Entity.PERSON: "a person's name or nickname",
    Entity.ADDRESS: "a street address, flat, house name or street",
    Entity.POSTCODE: "a postcode",
    Entity.PHONE: "a phone number",
    Entity.EMAIL: "an email address",
    Entity.DOB: "a date of birth",
    Entity.NI_NUMBER: "a National Insurance number",
    Entity.NHS_NUMBER: "an NHS number",
    Entity.VEHICLE_REG: "a vehicle registration",
    Entity.PASSPORT: "a passport number",
    Entity.DRIVING_LICENCE: "a driving licence number",
    Entity.SHOULDER_NUMBER: "an officer's shoulder, warrant or collar number",
    Entity.POLICE_REF: "a CAD, crime, custody or PNC reference",
    Entity.SOCIAL_HANDLE: "a social media handle",
    Entity.ID_NUMBER: "another identity number (SIA licence, staff number)",
    Entity.BANK_CARD: "a payment card number",
    Entity.BANK_ACCOUNT: "a sort code or bank account number",
    Entity.IBAN: "an IBAN",
    Entity.IP_ADDRESS: "an IP address",
    Entity.URL: "a web address of a profile, post or person's page",
    Entity.BUSINESS: "a small business named after a person",
}
ACTIONS = {
    "drop": "not published",
    "redact": "published with personal details replaced",
    "pseudonymise": "replaced by a keyed pseudonym (16 hex digits)",
    "month": "a date cut to its month",
    "hour": "a time cut to its hour",
    "keep": "published as it is",
}

# --- the page --------------------------------------------------------------------------------

_e = html.escape


def _n(value: int) -> str:
    return f"{value:,}"


def _pct(part: int, whole: int) -> str:
    if not whole:
        return ""
    share = 100 * part / whole
    shown = f"{share:.1f}" if 0 < share < 99.95 else f"{share:.0f}"
    return f"<span class='pct'>{shown} %</span>"


def _num(value: int, whole: int | None = None) -> str:
    """A count, with its share of `whole` beside it."""
    pct = _pct(value, whole) if whole is not None else ""
    return f"<td class='n'><span>{_n(value)}</span> {pct}</td>"


def _table(head: list[str], rows: list[str], caption: str = "") -> str:
    cap = f"<caption>{_e(caption)}</caption>" if caption else ""
    th = "".join(
        f"<th scope='col'{' class=n' if i and h.startswith('#') else ''}>{_e(h.lstrip('#'))}</th>"
        for i, h in enumerate(head)
    )
    return f"<table>{cap}<thead><tr>{th}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _row(*cells: str) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def _td(text: object) -> str:
    return f"<td>{_e(str(text))}</td>"


def _bars(title: str, data: dict, label=str) -> str:
    """A bar chart as HTML (text that wraps and scales, not a picture that shrinks)."""
    if not data:
        return ""
    top = max(data.values()) or 1
    items = "".join(
        f"<li><span class='label'>{_e(label(k))}</span><span class='track'>"
        f"<span class='bar' style='width:{100 * v / top:.1f}%'></span></span>"
        f"<span class='value'>{_n(v)}</span></li>"
        for k, v in data.items()
    )
    return f"<figure class='chart'><figcaption>{_e(title)}</figcaption><ol>{items}</ol></figure>"


def _month(key: str) -> str:
    try:
        return datetime.strptime(key, "%Y-%m").strftime("%b %Y")
    except ValueError:
        return key


def _day(iso: str | None) -> str:
    if not iso:
        return "unknown"
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d:%B %Y}"


def _period(report: dict) -> str:
    p = report.get("period") or {}
    if not p.get("start"):
        return "not stated (no incident dates)"
    span = f"{_day(p['start'])} to {_day(p['end'])}"
    if p.get("stated"):
        return f"{span} (every incident date was checked to fall within it)"
    return f"{span}: the first and last incident dates; the profile states no period"


def _made(report: dict) -> str:
    created = report.get("created")
    if not created:
        return "unknown"
    when = datetime.fromisoformat(created)
    return f"{when.day} {when:%B %Y, %H:%M} UTC"


def _header(report: dict) -> str:
    profile = report["settings"]["profile"]
    dataset = profile.get("dataset") or "Police use of force: record-level data"
    publisher = profile.get("publisher") or "not named (set [release] publisher in the profile)"
    status, css = (
        ("Release written: release.csv may be published with this note", "ok")
        if report["released"]
        else ("No release: a check failed, and nothing here may be published", "fail")
    )
    facts = [
        ("Publisher", publisher),
        ("Reporting period", _period(report)),
        ("Made", _made(report)),
        ("Made with", f"uofclean {report['versions']['uofclean']}"),
    ]
    dl = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in facts)
    return (
        "<header><p class='kicker'>Publication note</p>"
        f"<h1>{_e(dataset)}</h1><dl class='facts'>{dl}</dl>"
        f"<p class='status {css}' role='status'>{_e(status)}</p></header>"
    )


def _key_figures(report: dict) -> str:
    steps = report["steps"]
    rows_in = steps["read"]["rows"]
    figures = [
        ("forms read", _n(rows_in)),
        ("rows released", _n(report["rows_out"])),
        ("incidents", _n(steps["disclosure"].get("incidents", 0))),
        ("duplicates removed", _n(steps["dedupe"]["rows_removed"])),
        ("personal details redacted", _n(sum(steps["redact"]["entities_by_type"].values()))),
        ("cells suppressed", _n(sum(steps["disclosure"]["suppressed"].values()))),
    ]
    items = "".join(f"<li><b>{v}</b> {_e(k)}</li>" for k, v in figures)
    return f"<section aria-label='Key figures'><ul class='figures'>{items}</ul></section>"


def _files(report: dict) -> str:
    rows = []
    release = report.get("release")
    if release:
        rows.append(
            _row(
                _td("release.csv (the release)"),
                _num(release["rows"]),
                f"<td><code class='hash'>{_e(release['sha256'])}</code></td>",
            )
        )
    name = PurePath(str(report["input"]["file"])).name or "standard input"
    rows.append(
        _row(
            _td(f"{name} (the input, not published)"),
            _num(report["input"]["rows"]),
            f"<td><code class='hash'>{_e(report['input']['sha256'])}</code></td>",
        )
    )
    note = (
        "<p>To check that a copy is this release, compare its SHA-256 (for example "
        "<code>sha256sum release.csv</code>) with the one above.</p>"
        if release
        else "<p>No release.csv was written by this run.</p>"
    )
    return (
        "<section><h2>Files</h2>" + _table(["File", "#Rows", "SHA-256"], rows) + note + "</section>"
    )


def _failures(report: dict) -> str:
    if report["released"]:
        return ""
    steps = report["steps"]
    parts = ["<section class='failures'><h2>Why there is no release</h2><ul>"]
    parts += [f"<li>{_e(g)}</li>" for g in report["gate_failures"]]
    parts.append("</ul>")
    groups = [
        ("Validation errors in the deduplicated extract", steps["validate"], "findings"),
        ("Personal data found by the release scan", steps["scan"], "where"),
        (
            "Breaks of the published schema in the release",
            steps.get("release_check", {}),
            "findings",
        ),
    ]
    for title, step, key in groups:
        where = step.get(key) or []
        if not where:
            continue
        total = step.get("errors", step.get("findings", len(where)))
        shown = f" (the first {len(where)} of {_n(total)})" if total > len(where) else ""
        rows = [
            _row(
                _num(w["record"]) if w.get("record") else _td("file"),
                _num(w["line"]) if w.get("line") else _td(""),
                _td(w.get("column") or ""),
                _td(w.get("types") or w["check"]),
            )
            for w in where
        ]
        parts.append(
            f"<h3>{_e(title)}{_e(shown)}</h3>"
            + _table(["#Record", "#Line", "Column", "Check"], rows)
        )
    parts.append(
        "<p>Records are numbered from 1 (the header not counted) and lines are the input "
        "file's own, so each can be found and fixed there. Values are never shown.</p>"
    )
    if report.get("previous_release_removed"):
        parts.append(
            "<p><b>The release previously in this folder ("
            + _e(", ".join(report["previous_release_removed"]))
            + ") was removed</b>: it does not come from this run and must not be published "
            "with this note.</p>"
        )
    return "".join(parts) + "</section>"


def _step_dedupe(steps: dict) -> str:
    d = steps["dedupe"]
    rows = [
        _row(_td(rule), _td(RULES.get(rule, "")), _num(n, d["rows_in"]))
        for rule, n in d["removed_by_rule"].items()
    ]
    return (
        "<h3>1. Duplicate forms removed</h3>"
        f"<p>{_n(d['rows_removed'])} of {_n(d['rows_in'])} forms {_pct(d['rows_removed'], d['rows_in'])} "
        "were the same form submitted twice and were removed. Forms of other officers at the "
        "same incident are never duplicates.</p>"
        + _table(["Rule", "What it means", "#Removed"], rows)
    )


def _step_validate(steps: dict) -> str:
    v = steps["validate"]
    rows = [_row(_td(c), _td(CHECKS.get(c, "")), _num(n)) for c, n in v["counts"].items()]
    said = "no errors" if not v["errors"] else f"{_n(v['errors'])} errors (a failed check)"
    return (
        "<h3>2. Checked against the extract format</h3>"
        f"<p>Every remaining form was checked against the format's columns, value sets and "
        f"rules: {said} and {_n(v['warnings'])} warnings (which do not stop a release).</p>"
        + (_table(["Check", "What it means", "#Findings"], rows) if rows else "")
    )


def _step_redact(steps: dict) -> str:
    r = steps["redact"]
    by_type = r["entities_by_type"]
    total = sum(by_type.values())
    rows = [
        # a break after each underscore: SHOULDER_NUMBER need not widen its column on a phone
        _row(f"<td>{_e(t).replace('_', '_<wbr>')}</td>", _td(TYPES.get(t, "")), _num(n, total))
        for t, n in sorted(by_type.items(), key=lambda kv: -kv[1])
    ]
    columns = ", ".join(r["columns"]) or "none"
    model = "with the language model" if r["detector"].get("ner", True) else "by rules alone"
    return (
        "<h3>3. Personal details redacted</h3>"
        f"<p>In the free text ({_e(columns)}), {_n(total)} personal details were found "
        f"{_e(model)} and replaced by their type in brackets, such as [PERSON].</p>"
        + (_table(["Type", "What it is", "#Replaced"], rows) if rows else "")
    )


def _step_vocabulary(steps: dict) -> str:
    v = steps.get("vocabulary") or {}
    said = [
        f"{n:,} {c} value(s) outside its published set were suppressed "
        f"({v['distinct_values_suppressed'].get(c, 0):,} distinct)"
        for c, n in v.get("suppressed", {}).items()
        if n
    ] + [
        f"{n:,} {c} value(s) written as a variant were released as the published value"
        for c, n in v.get("variants_made_published", {}).items()
        if n
    ]
    text = "; ".join(said) if said else "every value was in its published set"
    return (
        "<h3>4. Categories held to their published values</h3><p>Category columns are "
        f"released only with their published values: {_e(text)}.</p>"
    )


def _step_disclosure(steps: dict) -> str:
    d = steps["disclosure"]
    rows_total = d.get("rows", 0)
    qis = list(d["suppressed"])
    per_column = [_row(_td(c), _num(n, rows_total)) for c, n in d["suppressed"].items()]
    parts = [
        "<h3>5. Disclosure control</h3>",
        f"<p>Every combination of {_e(', '.join(qis) or 'the quasi-identifiers')} that is "
        f"fully stated must cover at least <b>{d['k']}</b> incidents (not officer rows). Where "
        "one covered fewer, values were replaced by “Suppressed”, for every row of the "
        "incident alike. A blank or suppressed value is not stated.</p>",
        _table(["Column", "#Cells suppressed"], per_column, "Cells suppressed, by column"),
    ]
    uneven = []
    for column, cats in (d.get("by_category") or {}).items():
        rows = []
        for value, (before, after) in cats.items():
            if value == SUPPRESSED:
                continue
            gone = before - after
            rows.append(
                _row(_td(value or "(blank)"), _num(before), _num(after), _num(gone, before))
            )
            if before and gone / before >= 0.5:
                uneven.append(f"{column} “{value}”: {after:,} of {before:,} rows left")
        if rows and d["suppressed"].get(column):
            parts.append(
                _table(
                    ["Value", "#Rows before", "#Rows released", "#Suppressed"],
                    rows,
                    f"{column}: what was suppressed, by category",
                )
            )
    if uneven:
        parts.append(
            "<p><b>Suppression was uneven</b>: small groups lose most of their values, so "
            "counts by these categories in the release undercount them: "
            + _e("; ".join(uneven))
            + ".</p>"
        )
    parts.append(_risk(d))
    return "".join(parts)


def _risk(d: dict) -> str:
    levels = d.get("unique") or []
    if not levels:
        return ""
    rows = [
        _row(
            _td(f"{', '.join(lv['columns'])} ({lv['label']})"),
            _num(lv["unique"], lv["incidents"]),
        )
        for lv in levels
    ]
    return (
        "<h4>Residual risk</h4><p>Someone who knows when and where an incident happened can "
        "look it up by those columns. The share of incidents that no other incident shares on "
        "what the release states:</p>"
        + _table(["Released columns", "#Incidents unique"], rows)
        + "<p>A blank or Suppressed value is counted as matching any value. Disclosure control "
        f"holds the first line to combinations of at least {d['k']} incidents; "
        f"{_e(_risk_words(levels))} A profile can cut the date to its month and the time to "
        "its hour (the last line shows what that would leave); the free text is redacted and "
        "no name, address or reference is published either way.</p>"
    )


def _risk_words(levels: list[dict]) -> str:
    exact = [lv for lv in levels if "IncidentDate" in lv["columns"]]
    if not exact:
        return "the release states no incident date."
    share = max(lv["unique"] / lv["incidents"] for lv in exact if lv["incidents"])
    how = "most" if share > 0.5 else "some" if share > 0.05 else "few"
    return (
        f"with the exact date (and time) {how} incidents can be singled out "
        f"(up to {100 * share:.0f} %) by someone who already knows when and where one happened."
    )


def _step_scan(steps: dict) -> str:
    s = steps["scan"]
    r = steps.get("release_check") or {}
    found = (
        "nothing" if not s["findings"] else f"possible personal data in {_n(s['findings'])} cells"
    )
    check = "it passed" if not r.get("errors") else f"{_n(r['errors'])} breaks (a failed check)"
    differs = r.get("differs_on_purpose") or []
    note = (
        f" Columns the profile changed on purpose ({_e(', '.join(differs))}) differ from it as "
        "datapackage.json describes."
        if differs
        else ""
    )
    return (
        "<h3>6. Leak scan and release check</h3>"
        f"<p>The release's columns of free values ({_e(', '.join(s['columns']) or 'none')}) were "
        f"scanned again for personal data: {_e(found)}. The release was then checked against "
        f"the published schema, as anyone receiving it would check it: {_e(check)}.{note}</p>"
    )


def _columns_note(profile: dict) -> str:
    changed = profile.get("column_actions") or {}
    rows = [_row(_td(c), _td(f"{a}: {ACTIONS.get(a, a)}")) for c, a in changed.items()]
    key = profile.get("incident_key")
    if key:
        rows.append(_row(_td(key), _td("added: a keyed pseudonym of the incident reference")))
    return "<h3>Columns</h3><p>Every published column is released as it is, except:</p>" + _table(
        ["Column", "What was done"], rows
    )


def _glossary(report: dict) -> str:
    checks = "".join(f"<dt>{_e(c)}</dt><dd>{_e(t)}</dd>" for c, t in CHECKS.items())
    types = "".join(f"<dt>{_e(str(t))}</dt><dd>{_e(x)}</dd>" for t, x in TYPES.items())
    return (
        "<section><h2>Glossary</h2>"
        "<dl class='glossary'>"
        "<dt>form</dt><dd>one officer's report of force used on one subject: one row</dd>"
        "<dt>incident</dt><dd>one event; several officers' forms may describe it</dd>"
        "<dt>k</dt><dd>the fewest incidents any stated combination of quasi-identifiers may "
        "cover</dd>"
        "<dt>quasi-identifier</dt><dd>a column that, combined with others, could single out a "
        "person (borough, age group, gender, ethnicity)</dd>"
        "<dt>Suppressed</dt><dd>a value withheld by disclosure control or because it was "
        "outside its column's published set</dd>"
        "<dt>SHA-256</dt><dd>a fingerprint of a file: any change to the file changes it</dd>"
        "</dl><h3>Checks</h3><dl class='glossary'>"
        + checks
        + "</dl><h3>Types of personal detail</h3><dl class='glossary'>"
        + types
        + "</dl></section>"
    )


def _settings(report: dict) -> str:
    s = report["settings"]
    rows = [
        _row(_td("profile"), _td(PurePath(str(s["profile"]["source"])).name)),
        _row(_td("redaction operator"), _td(s["profile"]["operator"])),
        _row(_td("language model"), _td(report["versions"].get("model") or "not used")),
        _row(_td("uofclean"), _td(report["versions"]["uofclean"])),
    ]
    return (
        "<section><h2>Settings and versions</h2>"
        + _table(["Setting", "Value"], rows)
        + "</section>"
    )


_STYLE = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;
background:#fff}
main{max-width:56rem;margin:0 auto;padding:1rem}
h1{font-size:1.7rem;line-height:1.2;margin:.1em 0 .4em}
h2{font-size:1.3rem;margin:1.6em 0 .4em;border-bottom:1px solid #d0d7de}
h3{font-size:1.08rem;margin:1.3em 0 .3em}
h4{font-size:1rem;margin:1em 0 .3em}
p,li,dd,dt,td,th,caption,figcaption{overflow-wrap:break-word}
.kicker{margin:0;font-size:.8rem;letter-spacing:.06em;text-transform:uppercase;color:#57606a}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:0 0 .8rem}
.facts dt{font-weight:600}.facts dd{margin:0}
.status{padding:.55rem .8rem;border-radius:6px;font-weight:600;border:1px solid}
.ok{background:#dafbe1;color:#116329;border-color:#4ac26b}
.fail{background:#ffebe9;color:#a40e26;border-color:#ff8182}
.figures{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.5rem;
list-style:none;padding:0;margin:1rem 0}
.figures li{border:1px solid #d0d7de;border-radius:6px;padding:.45rem .7rem;color:#57606a}
.figures b{display:block;font-size:1.35rem;color:#1f2328;font-variant-numeric:tabular-nums}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:#f6f8fa;font-weight:600;font-size:.9rem}
.n{text-align:right;font-variant-numeric:tabular-nums}
.n span{white-space:nowrap}
.pct{display:inline-block;color:#57606a;font-size:.85em;white-space:nowrap}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
.hash{word-break:break-all}
.chart{margin:1rem 0}
.chart figcaption{font-weight:600;margin-bottom:.3rem}
.chart ol{list-style:none;margin:0;padding:0}
.chart li{display:grid;grid-template-columns:minmax(6rem,16rem) 1fr 4.5rem;gap:.5rem;
align-items:center;padding:.1rem 0}
.chart .label{font-size:.9rem;line-height:1.2}
.chart .track{background:#eaeef2;height:.9rem;border-radius:2px;min-width:0}
.chart .bar{display:block;height:100%;background:#0969da;border-radius:2px;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.chart .value{text-align:right;font-variant-numeric:tabular-nums}
.scroll{overflow-x:auto;max-width:100%;margin:.4rem 0 1rem}
.scroll:focus{outline:2px solid #0969da}
table.stats{width:auto;min-width:50%;margin:0}
table.stats th[scope=row]{font-weight:400;min-width:10rem}
.yoy{display:block;max-width:46rem;height:auto;margin:1rem 0}
.glossary{display:grid;grid-template-columns:minmax(8rem,max-content) 1fr;gap:.15rem 1rem}
.glossary dt{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85em}
.glossary dd{margin:0}
footer{margin-top:2rem;color:#57606a;font-size:.85rem}
@media (max-width:40rem){
main{padding:.75rem}
h1{font-size:1.4rem}
.facts,.glossary{grid-template-columns:1fr}.facts dd,.glossary dd{margin:0 0 .4rem}
.chart li{grid-template-columns:1fr 4rem}.chart .label{grid-column:1/-1}
th,td{padding:.25rem .3rem}
}
@media print{
@page{size:A4;margin:14mm 12mm}
body{font-size:10pt}
main{max-width:none;padding:0}
h2,h3,h4{break-after:avoid}
table,figure,dl,.status,.figures{break-inside:avoid}
.status{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"""


def to_html(report: dict) -> str:
    steps = report["steps"]
    profile = report["settings"]["profile"]
    dataset = profile.get("dataset") or "Police use of force"
    body = [
        _header(report),
        _key_figures(report),
        _files(report),
        _failures(report),
        "<section><h2>What was done</h2>",
        _step_dedupe(steps),
        _step_validate(steps),
        _step_redact(steps),
        _step_vocabulary(steps),
        _step_disclosure(steps),
        _step_scan(steps),
        _columns_note(profile),
        "</section>",
        "<section><h2>What the release holds</h2>",
        _bars(
            "Forms (officer rows, not incidents) by month of the incident",
            report["charts"].get("forms_by_month", {}),
            _month,
        ),
        _bars(
            "Tactics used: number of forms reporting each tactic (the 12 most reported)",
            report["charts"].get("tactics_used", {}),
        ),
        "</section>",
        stats_html(report.get("stats")),
        _glossary(report),
        _settings(report),
        "<footer>Made by uofclean publish. The same figures, and every setting, are in "
        "report.json beside this page.</footer>",
    ]
    csp = "default-src 'none'; style-src 'unsafe-inline'"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta http-equiv='Content-Security-Policy' content=\"{csp}\">"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{_e(dataset)}: publication note</title><style>{_STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
