"""What the spreadsheet reports (xlsx, csv) write: their sheets and columns, and the rows made of a record.

Shared by the two formats, and by the readers, which know a report minplan wrote by these names and pass
it over (listed as ignored) when it lies among the inputs.
"""

from __future__ import annotations

from typing import Any

from minplan.engine import RecordResult
from minplan.facts import labels
from minplan.findings import Finding, Status
from minplan.i18n import FINDING_KIND, LEVEL, STATUS, t
from minplan.report.common import cite, message, waived_note
from minplan.report.escape import visible
from minplan.textnorm import listed
from minplan.vocab import LABELS

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


YES_NO = {"true": {"zh": "是", "en": "yes"}, "false": {"zh": "否", "en": "no"}}


def _label(value: str, lang: str) -> str:
    return (LABELS.get(value) or YES_NO.get(value) or {}).get(lang) or value


def level_word(f: Finding, lang: str) -> str:
    """The finding's level (市（州）级, 批量 …): the plan's, or the batch's, the record's or the config's."""
    return t(LEVEL, f.level, lang)


def kind_word(f: Finding, lang: str) -> str:
    """The finding's kind: a Chinese name in zh (最低开采规模, 申请材料 …), the code in English."""
    return t(FINDING_KIND, f.kind, lang)


def value_words(f: Finding, value: str | None, lang: str) -> str:
    """A finding's required or actual value as a reader of ``lang`` reads it: a documents finding's documents by
    their names, a value the vocabulary labels (地下开采, 中型) or a yes or no by its word, a figure as it is."""
    if not value:
        return ""
    if f.kind == "documents":  # an English document's name may hold a comma
        return listed([_label(key, lang) for key in value.split(", ")], "; ").text(lang)
    return _label(value, lang)


def needs_words(f: Finding, lang: str) -> str:
    """The facts a finding waits on, by their names (矿床规模、矿石品位 …)."""
    return labels(f.needs, lang, "; ")  # an English fact's name may hold a comma


def _satisfy(f: Finding, lang: str) -> str:
    if f.status is Status.needs_info and f.needs:
        return ("需补充：" if lang == "zh" else "needs: ") + needs_words(f, lang)
    if f.required:
        return ("应：" if lang == "zh" else "required: ") + value_words(f, f.required, lang)
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
    notes = [i.located(r.file, lang) for i in r.errors] + [n.text(lang) for n in r.notes]
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
            text(level_word(f, lang)),
            text(kind_word(f, lang)),
            text(f.mineral),
            t(STATUS, f.status.value, lang),
            text(said(f, lang)),
            text(cite(f, lang)),
            text(f.citation.quote),
            text(value_words(f, f.required, lang)),
            text(value_words(f, f.actual, lang)),
            text(needs_words(f, lang)),
        ]
        for f in r.findings
    ]


def batch_row(f: Finding, lang: str) -> list[Any]:
    return [
        text(f.rule),
        text(f.plan),
        text(level_word(f, lang)),
        t(STATUS, f.status.value, lang),
        text(said(f, lang)),
        text(cite(f, lang)),
        text(value_words(f, f.required, lang)),
        text(value_words(f, f.actual, lang)),
        text("、".join(f.records or [])),
    ]
