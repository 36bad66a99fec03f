"""Markdown for job summaries and PR comments: the counts, a table of records, the batch-wide checks.

The counts come first, so the records' rows are spooled to a temporary file and copied after them. Cells
are escaped (minplan.report.escape.markdown): an id or holder cannot bring in HTML, links, images or mentions.
"""

from __future__ import annotations

from minplan.engine import RecordResult
from minplan.findings import Status
from minplan.i18n import STATUS, t
from minplan.report.base import Context, Ending, Meta, Renderer, copy_spool, spool
from minplan.report.common import cite, plan_note_lines, unchecked_lines
from minplan.report.escape import cell_lines, markdown
from minplan.report.sheets import said

HEADS = {
    "zh": ["文件", "记录", "结论", "问题", "出处"],
    "en": ["file", "record", "status", "problems", "citation"],
}


def row(cells: list[str]) -> str:
    """One row of a table; the cells escaped already."""
    return "| " + " | ".join(cells) + " |\n"


def table(heads: list[str], rows: list[list[str]]) -> str:
    return row(heads) + row(["---"] * len(heads)) + "".join(row(r) for r in rows)


class Report(Renderer):
    def start(self, meta: Meta) -> None:
        self.rows = spool()

    @staticmethod
    def prepare(r: RecordResult, context: Context) -> str:
        lang = context.lang
        bad = [f for f in r.findings if f.status not in (Status.pass_, Status.not_applicable)]
        colon = "：" if lang == "zh" else ": "  # each finding with its own status: a warning beside a fail is no fail
        problems = cell_lines(
            [t(STATUS, f.status.value, lang) + colon + said(f, lang) for f in bad] or [i.text(lang) for i in r.errors]
        )
        cites = cell_lines([cite(f, lang) for f in bad])
        file = f"{r.file} › {r.sheet}" if r.sheet else r.file  # a workbook's row: its sheet too
        return row([markdown(file), markdown(r.id or ""), t(STATUS, r.status.value, lang), problems, cites])

    def record(self, item: str) -> None:
        self.rows.write(item)

    def finish(self, end: Ending) -> None:
        aggregate, summary = end.aggregate, end.summary
        lang, out = self.lang, self.out
        heads = HEADS[lang]
        out.write(f"### minplan: {summary['records']} {'条记录' if lang == 'zh' else 'records'}\n\n")
        kinds = ("pass", "warn", "needs_info", "fail", "error", *(("waived",) if summary.get("waived") else ()))
        counts = [[t(STATUS, k, lang), str(summary[k])] for k in kinds]
        if summary.get("ignored"):  # files, sheets or rows that hold no record: never a silent skip
            counts.append(["未审查的输入" if lang == "zh" else "inputs not judged", str(summary["ignored"])])
        out.write(table(["", "#"], counts) + "\n")
        if end.unchecked:  # a pass says nothing of a level no encoded plan was in force at
            out.write(("未审查的规划层级：" if lang == "zh" else "levels not checked:") + "\n\n")
            out.write("".join(f"- {markdown(line)}\n" for line in unchecked_lines(end.unchecked, lang)) + "\n")
        if end.plan_notes:  # a verdict of a draft is not one of an approved plan
            out.write(("所用规划的说明：" if lang == "zh" else "of the plans applied:") + "\n\n")
            out.write("".join(f"- {markdown(line)}\n" for line in plan_note_lines(end.plan_notes, lang)) + "\n")
        out.write(row(heads) + row(["---"] * len(heads)))
        copy_spool(self.rows, out)
        if aggregate:
            out.write("\n#### " + ("批量汇总审查" if lang == "zh" else "batch-wide checks") + "\n\n")
            agg = [
                [t(STATUS, f.status.value, lang), markdown(said(f, lang)), markdown(cite(f, lang))] for f in aggregate
            ]
            out.write(table(heads[2:], agg))
