"""Formats for CI: JUnit XML, SARIF 2.1.0, GitHub workflow commands, Markdown (job summaries, PR comments)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from minplan import __version__
from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.i18n import STATUS, t

if TYPE_CHECKING:
    from minplan.report.result import RunResult

PROBLEMS = (Status.fail, Status.needs_info, Status.error)


def _msg(f: Finding, lang: str) -> str:
    return f.message.get(lang) or f.message["en"]


def cite(f: Finding) -> str:
    c = f.citation
    return " · ".join(p for p in (f.plan, c.section, c.table, c.row and f"row {c.row}") if p)


def _finding_line(f: Finding, lang: str) -> str:
    quote = f" “{f.citation.quote}”" if f.citation.quote else ""
    return f"[{f.status.value}] {f.rule}: {_msg(f, lang)} ({cite(f)}){quote}"


# --- JUnit -------------------------------------------------------------------------------------


def junit(run: RunResult, lang: str = "zh") -> str:
    """One testcase per record; failures carry message and citation. Batch-wide checks form a suite too."""
    suites = ET.Element("testsuites", name="minplan")
    suite = ET.SubElement(suites, "testsuite", name="records")
    counts = {"tests": 0, "failures": 0, "errors": 0}
    for r in run.records:
        counts["tests"] += 1
        case = ET.SubElement(suite, "testcase", classname=r.file, name=r.id or f"{r.file}#{r.index + 1}")
        if r.status is Status.error:
            counts["errors"] += 1
            text = "\n".join(f"{r.file}: {issue}" for issue in r.errors) or "\n".join(
                _finding_line(f, lang) for f in r.findings if f.status is Status.error
            )
            ET.SubElement(case, "error", message=text.splitlines()[0] if text else "error").text = text
        elif r.status in (Status.fail, Status.needs_info):
            counts["failures"] += 1
            bad = [f for f in r.findings if f.status in PROBLEMS]
            ET.SubElement(case, "failure", message=_msg(bad[0], lang), type=r.status.value).text = "\n".join(
                _finding_line(f, lang) for f in bad
            )
        notes = [f for f in r.findings if f.status is Status.warn]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(_finding_line(f, lang) for f in notes)
    suite.attrib.update({k: str(v) for k, v in counts.items()})
    agg = ET.SubElement(suites, "testsuite", name="aggregate")
    failures = 0
    for f in run.aggregate:
        case = ET.SubElement(agg, "testcase", classname=f.plan, name=f"{f.rule} {f.citation.row or ''}".strip())
        if f.status in PROBLEMS:
            failures += 1
            ET.SubElement(case, "failure", message=_msg(f, lang), type=f.status.value).text = _finding_line(f, lang)
    agg.attrib.update({"tests": str(len(run.aggregate)), "failures": str(failures), "errors": "0"})
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# --- SARIF -------------------------------------------------------------------------------------

LEVEL = {Status.fail: "error", Status.error: "error", Status.needs_info: "warning", Status.warn: "note"}
INPUT_RULE = "minplan/input-error"


def sarif(run: RunResult, lang: str = "zh", corpus: Any = None) -> str:
    """SARIF 2.1.0: one result per finding that is not a pass; rule metadata with help text."""
    rules: dict[str, dict[str, Any]] = {}

    def rule_index(f: Finding) -> int:
        if f.rule not in rules:
            rule = corpus.rule(f.rule) if corpus is not None else None
            title = (rule.title.zh if lang == "zh" else rule.title.en) if rule else f.rule
            help_text = f"{title}\n{cite(f)}" + (f"\n“{f.citation.quote}”" if f.citation.quote else "")
            rules[f.rule] = {
                "id": f.rule,
                "name": f.kind,
                "shortDescription": {"text": title},
                "fullDescription": {"text": f"{title} — {cite(f)}"},
                "help": {"text": help_text, "markdown": help_text.replace("\n", "  \n")},
                "properties": {
                    "plan": f.plan,
                    "level": f.level,
                    "kind": f.kind,
                    **({"force": rule.force} if rule else {}),
                },
            }
        return list(rules).index(f.rule)

    results: list[dict[str, Any]] = []

    def location(r: RecordResult, line: int | None) -> list[dict[str, Any]]:
        region = {"startLine": line} if line else {}
        return [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": r.file.replace("\\", "/")},
                    **({"region": region} if region else {}),
                }
            }
        ]

    for r in run.records:
        for issue in r.errors:
            if INPUT_RULE not in rules:
                rules[INPUT_RULE] = {
                    "id": INPUT_RULE,
                    "name": "input_error",
                    "shortDescription": {"text": "record could not be read or validated"},
                    "help": {"text": "Fix the file so that it is a valid minplan record (see `minplan schema`)."},
                }
            results.append(
                {
                    "ruleId": INPUT_RULE,
                    "ruleIndex": list(rules).index(INPUT_RULE),
                    "level": "error",
                    "message": {"text": str(issue)},
                    "locations": location(r, issue.line),
                }
            )
        for f in r.findings:
            if f.status in LEVEL:
                results.append(
                    {
                        "ruleId": f.rule,
                        "ruleIndex": rule_index(f),
                        "level": LEVEL[f.status],
                        "message": {"text": f"{r.id}: {_msg(f, lang)}"},
                        "locations": location(r, r.line),
                    }
                )
    for f in run.aggregate:
        if f.status in LEVEL:
            results.append(
                {
                    "ruleId": f.rule,
                    "ruleIndex": rule_index(f),
                    "level": LEVEL[f.status],
                    "message": {"text": _msg(f, lang)},
                    "properties": {"records": f.records or []},
                }
            )
    doc = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "minplan", "version": __version__, "rules": list(rules.values())}},
                "results": results,
            }
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


# --- GitHub workflow commands ------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(run: RunResult, lang: str = "zh") -> str:
    kinds = {Status.fail: "error", Status.error: "error", Status.needs_info: "warning", Status.warn: "notice"}
    lines = []
    for r in run.records:
        for issue in r.errors:
            props = f"file={_escape_prop(r.file)}" + (f",line={issue.line}" if issue.line else "")
            if issue.column:
                props += f",col={issue.column}"
            lines.append(f"::error {props},title={_escape_prop('minplan: invalid record')}::{_escape_data(str(issue))}")
        for f in r.findings:
            if f.status in kinds:
                props = f"file={_escape_prop(r.file)}" + (f",line={r.line}" if r.line else "")
                title = _escape_prop(f"{f.rule} ({cite(f)})")
                lines.append(f"::{kinds[f.status]} {props},title={title}::{_escape_data(f'{r.id}: {_msg(f, lang)}')}")
    for f in run.aggregate:
        if f.status in kinds:
            title = _escape_prop(f"{f.rule} ({cite(f)})")
            lines.append(f"::{kinds[f.status]} title={title}::{_escape_data(_msg(f, lang))}")
    s = run.summary()
    lines.append(
        f"minplan: {s['records']} records, {s['pass']} pass, {s['warn']} warn, {s['needs_info']} needs_info, "
        f"{s['fail']} fail, {s['error']} error, {s['ignored']} ignored"
    )
    return "\n".join(lines) + "\n"


# --- Markdown ----------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "<br>")


def markdown(run: RunResult, lang: str = "zh") -> str:
    from tabulate import tabulate

    s = run.summary()
    heads = {
        "zh": ["文件", "记录", "结论", "问题", "出处"],
        "en": ["file", "record", "status", "problems", "citation"],
    }[lang]
    rows = []
    for r in run.records:
        bad = [f for f in r.findings if f.status not in (Status.pass_, Status.not_applicable)]
        problems = "<br>".join(_msg(f, lang) for f in bad) or "<br>".join(str(i) for i in r.errors)
        cites = "<br>".join(cite(f) for f in bad)
        rows.append([_cell(r.file), _cell(r.id or ""), t(STATUS, r.status.value, lang), _cell(problems), _cell(cites)])
    out = [f"### minplan: {s['records']} {'条记录' if lang == 'zh' else 'records'}", ""]
    out.append(
        tabulate(
            [[t(STATUS, k, lang), s[k]] for k in ("pass", "warn", "needs_info", "fail", "error")],
            headers=["", "#"],
            tablefmt="github",
        )
    )
    out += ["", tabulate(rows, headers=heads, tablefmt="github")]
    if run.aggregate:
        agg = [[t(STATUS, f.status.value, lang), _cell(_msg(f, lang)), _cell(cite(f))] for f in run.aggregate]
        out += [
            "",
            "#### " + ("批量汇总审查" if lang == "zh" else "batch-wide checks"),
            "",
            tabulate(agg, headers=heads[2:], tablefmt="github"),
        ]
    return "\n".join(out) + "\n"
