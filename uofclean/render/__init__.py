"""Render a ValidationReport as text, JSON, JUnit XML, Markdown or GitHub annotations."""

from __future__ import annotations

import json
from collections import defaultdict
from xml.etree import ElementTree as ET

from uofclean.findings import Finding
from uofclean.validate.report import ValidationReport

FORMATS = ("text", "json", "junit", "markdown", "github")
SHOWN_PER_CHECK = 20


def _where(f: Finding, message: bool = False) -> str:
    parts = []
    if f.row is not None:
        parts.append(f"record {f.row}")
    if f.line is not None:
        parts.append(f"line {f.line}")
    if f.column:
        parts.append(f"column {f.column!r}")
    if f.value is not None:
        parts.append(f"value {f.value!r}")
    where = ", ".join(parts) or "file"
    return f"{where}: {f.message}" if message else where


def _grouped(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        groups[f.check].append(f)
    return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def _heading(check: str, group: list[Finding]) -> str:
    """A group's heading names the check and the columns it was found in; its message only
    when every finding of the group says the same (one finding's message would mislead)."""
    columns = list(dict.fromkeys(f.column for f in group if f.column))
    shown = ", ".join(columns[:6]) + (f" and {len(columns) - 6} more" if len(columns) > 6 else "")
    heading = f"{check} ({len(group)})" + (f" in {shown}" if shown else "")
    messages = {f.message for f in group}
    return f"{heading}: {group[0].message}" if len(messages) == 1 else heading


def _same_message(group: list[Finding]) -> bool:
    return len({f.message for f in group}) == 1


def text(report: ValidationReport) -> str:
    scope = report.scope or f"schema {report.schema}"
    lines = [f"{report.file}: {report.rows} records, {scope}"]
    for label, findings in (("error", report.errors), ("warning", report.warnings)):
        for check, group in _grouped(findings).items():
            lines.append(f"{label} {_heading(check, group)}")
            each = not _same_message(group)
            lines += [f"  {_where(f, each)}" for f in group[:SHOWN_PER_CHECK]]
            if len(group) > SHOWN_PER_CHECK:
                lines.append(f"  ... and {len(group) - SHOWN_PER_CHECK} more (use --format json)")
    verdict = "valid" if report.valid else "INVALID"
    lines.append(f"{verdict}: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return "\n".join(lines) + "\n"


def as_json(report: ValidationReport) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def junit(report: ValidationReport) -> str:
    """One test case per check; failures list the rows (CI test tabs read this)."""
    groups = _grouped(report.errors)
    suite = ET.Element(
        "testsuite",
        name=f"uofclean {report.tool} {report.file}",
        tests=str(max(1, len(groups))),
        failures=str(len(groups)),
        errors="0",
        skipped="0",
    )
    if not groups:
        ET.SubElement(suite, "testcase", classname=f"uofclean.{report.tool}", name="all checks")
    for check, group in groups.items():
        case = ET.SubElement(suite, "testcase", classname=f"uofclean.{report.tool}", name=check)
        failure = ET.SubElement(
            case,
            "failure",
            message=f"{len(group)} finding(s): {_heading(check, group)}",
            type=check,
        )
        failure.text = "\n".join(_where(f, not _same_message(group)) for f in group)
    for w in report.warnings:
        ET.SubElement(suite, "system-out").text = f"warning {w.check}: {w.message} ({_where(w)})"
    root = ET.Element("testsuites")
    root.append(suite)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def markdown(report: ValidationReport) -> str:
    status = "✅ valid" if report.valid else "❌ invalid"
    lines = [
        f"### uofclean {report.tool}: {status}",
        "",
        f"`{report.file}`: {report.rows} records, {len(report.errors)} error(s), "
        f"{len(report.warnings)} warning(s)",
        "",
    ]
    if report.errors or report.warnings:
        lines += ["| severity | check | count | first rows |", "| --- | --- | --- | --- |"]
        for label, findings in (("error", report.errors), ("warning", report.warnings)):
            for check, group in _grouped(findings).items():
                rows = ", ".join(str(f.row) for f in group[:5] if f.row is not None) or "file"
                lines.append(f"| {label} | `{check}` | {len(group)} | {rows} |")
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github(report: ValidationReport) -> str:
    """GitHub Actions workflow commands: annotations on the file at the physical line."""
    out = []
    for level, findings in (("error", report.errors), ("warning", report.warnings)):
        for f in findings:
            props = [f"file={_escape(report.file)}"]
            if f.line is not None:
                props.append(f"line={f.line}")
            props.append(f"title={f.check}")
            detail = f" ({_where(f)})"
            out.append(f"::{level} {','.join(props)}::{_escape(f.message + detail)}")
    out.append(
        f"uofclean {report.tool}: {'valid' if report.valid else 'invalid'}, "
        f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)"
    )
    return "\n".join(out) + "\n"


RENDERERS = {"text": text, "json": as_json, "junit": junit, "markdown": markdown, "github": github}


def render(report: ValidationReport, fmt: str) -> str:
    return RENDERERS[fmt](report)
