"""A workbook for the bureau (openpyxl's write-only mode, row by row): one row per record with its verdict,
the provisions it does not meet, their citations and what would satisfy them, coloured by status; a second
sheet with every finding; a third with the batch-wide checks. Headers frozen, filters on.

A workbook is binary: it is written to a file (``-o results.xlsx``) or a redirected standard output, never
to a terminal. Text goes into cells as text (a value starting with ``=`` is no formula), its hidden
characters made visible.
"""

from __future__ import annotations

from typing import Any

from minplan.engine import RecordResult
from minplan.report.base import Context, Ending, Meta, Renderer
from minplan.report.common import plan_note_lines, unchecked_lines
from minplan.report.sheets import (
    BATCH_COLUMNS,
    FILL,
    FINDING_COLUMNS,
    RECORD_COLUMNS,
    SHEETS,
    batch_row,
    finding_rows,
    record_row,
    text,
)

WIDTHS = {"file": 28, "message": 60, "provisions not met": 60, "citations": 40, "citation": 40, "quote": 40}
_VERDICT = 7  # the verdict's column on the first sheet
_STATUS = 9  # the status's column on the second sheet


def binary(out: Any) -> Any:
    """The bytes under a report's text stream; a terminal is refused."""
    from minplan.outputs import OutputError

    if out.isatty() or not hasattr(out, "buffer"):
        raise OutputError("a workbook is binary and is not written to a terminal: give -o FILE.xlsx")
    out.flush()
    return out.buffer


class Report(Renderer):
    @staticmethod
    def prepare(result: RecordResult, context: Context) -> tuple[list[Any], list[list[Any]], str]:
        lang = context.lang
        return record_row(result, lang), finding_rows(result, lang), result.status.value

    def start(self, meta: Meta) -> None:
        from openpyxl import Workbook
        from openpyxl.styles import Font, PatternFill

        self.stream = binary(self.out)  # refused before any record is judged
        self.book = Workbook(write_only=True)
        self.book.properties.creator = "minplan"
        self.book.properties.title = "minplan report"
        self.fills = {status: PatternFill("solid", fgColor=colour) for status, colour in FILL.items()}
        self.bold = Font(bold=True)
        names = SHEETS[self.lang]
        self.records = self._sheet(names[0], RECORD_COLUMNS[self.lang], RECORD_COLUMNS["en"])
        self.findings = self._sheet(names[1], FINDING_COLUMNS[self.lang], FINDING_COLUMNS["en"])
        self.batch = self._sheet(names[2], BATCH_COLUMNS[self.lang], BATCH_COLUMNS["en"])
        self.rows = {id(self.records): 1, id(self.findings): 1, id(self.batch): 1}

    def _sheet(self, name: str, heads: list[str], keys: list[str]) -> Any:
        from openpyxl.utils import get_column_letter

        sheet = self.book.create_sheet(name)
        sheet.freeze_panes = "A2"  # set before the first row: write-only sheets write their head then
        for i, key in enumerate(keys, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = WIDTHS.get(key, 14)
        sheet.append([self._cell(sheet, h, font=self.bold) for h in heads])
        return sheet

    def _cell(self, sheet: Any, value: Any, fill: Any = None, font: Any = None) -> Any:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment

        cell = WriteOnlyCell(sheet, value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, even when it starts with "=": no formula from a record
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        if fill is not None:
            cell.fill = fill
        if font is not None:
            cell.font = font
        return cell

    def _append(self, sheet: Any, values: list[Any], status_at: int | None = None, status: str = "") -> None:
        fill = self.fills.get(status)
        row = [
            self._cell(sheet, v, fill if i == status_at else None, self.bold if i == status_at else None)
            for i, v in enumerate(values)
        ]
        sheet.append(row)
        self.rows[id(sheet)] += 1

    def record(self, item: tuple[list[Any], list[list[Any]], str]) -> None:
        row, findings, status = item
        self._append(self.records, row, _VERDICT, status)
        statuses = self._statuses()
        for finding in findings:
            self._append(self.findings, finding, _STATUS, statuses.get(finding[_STATUS], status))

    def _statuses(self) -> dict[str, str]:
        from minplan.i18n import STATUS

        return {words[self.lang]: key for key, words in STATUS.items()}

    def finish(self, end: Ending) -> None:
        aggregate, notes, ignored = end.aggregate, end.notes, end.ignored
        from openpyxl.utils import get_column_letter

        for f in aggregate:
            self._append(self.batch, batch_row(f, self.lang), 3, f.status.value)
        for sheet, width in ((self.records, 12), (self.findings, 16), (self.batch, 9)):
            sheet.auto_filter.ref = f"A1:{get_column_letter(width)}{self.rows[id(sheet)]}"
        unchecked = unchecked_lines(end.unchecked, self.lang)
        planned = plan_note_lines(end.plan_notes, self.lang)
        # where counts start from, what was not read or checked, the plans applied, below the checks
        if notes or ignored or unchecked or planned:
            self.batch.append([])
            for note in notes:
                self.batch.append([self._cell(self.batch, text(self.message(note)))])
            word = "未审查：" if self.lang == "zh" else "not checked: "
            for line in unchecked:  # a pass says nothing of a level no encoded plan was in force at
                self.batch.append([self._cell(self.batch, text(word + line))])
            word = "所用规划：" if self.lang == "zh" else "plan applied: "
            for line in planned:  # a verdict of a draft is not one of an approved plan
                self.batch.append([self._cell(self.batch, text(word + line))])
            for item in ignored:
                reason = item.reason_zh if self.lang == "zh" else item.reason
                self.batch.append([self._cell(self.batch, text(f"{item.path}: {reason}"))])
        self.book.save(self.stream)
