"""What the spreadsheet reports (xlsx, csv) write: their sheets and columns, and the rows made of a record.

Shared by the two formats, and by the readers, which know a report minplan wrote by these names and pass
it over (listed as ignored) when it lies among the inputs.
"""

from __future__ import annotations

from typing import Any

from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.i18n import STATUS, t
from minplan.report.common import cite, message, waived_note
from minplan.report.escape import visible

SHEETS = {
    "zh": ("审查结果", "全部审查意见", "批量汇总审查"),
    "en": ("results", "findings", "batch-wide checks"),
}
RECORD_COLUMNS = {
    "zh": [
        "文件",
        "工作表",
        "行",
        "编号",
        "县（市、区）",
        "矿种",
        "申请类型",
        "结论",
        "未满足的条款",
        "出处",
        "满足条件",
        "说明",
    ],
    "en": [
        "file",
        "sheet",
        "row",
        "id",
        "county",
        "minerals",
        "application",
        "verdict",
        "provisions not met",
        "citations",
        "what would satisfy them",
        "notes",
    ],
}
FINDING_COLUMNS = {
    "zh": [
        "编号",
        "文件",
        "工作表",
        "行",
        "规则",
        "规划",
        "层级",
        "类别",
        "矿种",
        "结论",
        "说明",
        "出处",
        "条文",
        "要求",
        "实际",
        "需补充",
    ],
    "en": [
        "id",
        "file",
        "sheet",
        "row",
        "rule",
        "plan",
        "level",
        "kind",
        "mineral",
        "status",
        "message",
        "citation",
        "quote",
        "required",
        "actual",
        "needs",
    ],
}
BATCH_COLUMNS = {
    "zh": ["规则", "规划", "层级", "结论", "说明", "出处", "要求", "实际", "涉及记录"],
    "en": ["rule", "plan", "level", "status", "message", "citation", "required", "actual", "records"],
}
# fills by status (Excel's own palette for good, neutral and bad)
FILL = {
    "pass": "C6EFCE",
    "warn": "FFEB9C",
    "needs_info": "FCE4D6",
    "fail": "FFC7CE",
    "error": "F4B084",
    "not_applicable": "EDEDED",
}
NOT_MET = (Status.fail, Status.needs_info, Status.warn, Status.error, Status.waived)  # a waived one says so


def own_sheets(names: list[str]) -> bool:
    """Are these the sheets of a workbook report minplan wrote?"""
    return any(list(sheets) == names for sheets in SHEETS.values())


def own_csv_header(row: list[str]) -> bool:
    return any(row == list(columns) for columns in FINDING_COLUMNS.values())


def text(value: object) -> str:
    """A value as a cell shows it, lines kept and other hidden characters made visible (a control character
    would break the file)."""
    return "\n".join(visible(line) for line in str(value).split("\n")) if value is not None else ""


def said(f: Finding, lang: str) -> str:
    """The finding's message, with its waiver: the status a waiver excuses, its reason and date (or that it has
    expired), as every format shows them."""
    note = waived_note(f, lang)
    return message(f, lang) + (("；" if lang == "zh" else "; ") + note if note else "")


def _satisfy(f: Finding, lang: str) -> str:
    if f.status is Status.needs_info and f.needs:
        return ("需补充：" if lang == "zh" else "needs: ") + ", ".join(f.needs)
    if f.required:
        return ("应：" if lang == "zh" else "required: ") + f.required
    return ""


def record_row(r: RecordResult, lang: str) -> list[Any]:
    """The record's row on the first sheet: where it stands, what it is, its verdict and what is not met."""
    record = r.record
    county = minerals = application = ""
    if record is not None:
        from minplan.regions import gazetteer
        from minplan.vocab import label

        division = gazetteer().divisions.get(record.location.county)
        county = division.label(lang) if division is not None else record.location.county
        minerals = "、".join(record.all_minerals)
        application = label(getattr(record.application, "value", record.application), lang)
    bad = [f for f in r.findings if f.status in NOT_MET]
    bad.sort(key=lambda f: NOT_MET.index(f.status))
    notes = [i.located(r.file, lang) for i in r.errors] + list(r.notes)
    return [
        text(r.file),
        text(r.sheet),
        r.row if r.row is not None else r.line,
        text(r.id),
        text(county),
        text(minerals),
        text(application),
        t(STATUS, r.status.value, lang),
        text("\n".join(f"{t(STATUS, f.status.value, lang)}：{said(f, lang)}" for f in bad)),
        text("\n".join(cite(f, lang) for f in bad)),
        text("\n".join(s for f in bad if (s := _satisfy(f, lang)))),
        text("\n".join(notes)),
    ]


def finding_rows(r: RecordResult, lang: str) -> list[list[Any]]:
    """Every finding of the record, one row each; a record that could not be read, one row of its errors."""
    where = [text(r.id), text(r.file), text(r.sheet), r.row if r.row is not None else r.line]
    if not r.findings:
        errors = "\n".join(i.located(r.file, lang) for i in r.errors)
        return [[*where, "", "", "", "", "", t(STATUS, r.status.value, lang), text(errors), "", "", "", "", ""]]
    return [
        [
            *where,
            text(f.rule),
            text(f.plan),
            text(f.level),
            text(f.kind),
            text(f.mineral),
            t(STATUS, f.status.value, lang),
            text(said(f, lang)),
            text(cite(f, lang)),
            text(f.citation.quote),
            text(f.required),
            text(f.actual),
            text(", ".join(f.needs)),
        ]
        for f in r.findings
    ]


def batch_row(f: Finding, lang: str) -> list[Any]:
    return [
        text(f.rule),
        text(f.plan),
        text(f.level),
        t(STATUS, f.status.value, lang),
        text(said(f, lang)),
        text(cite(f, lang)),
        text(f.required),
        text(f.actual),
        text("、".join(f.records or [])),
    ]
