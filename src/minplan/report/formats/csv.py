"""CSV, one row per finding (and one per record that could not be read, and per batch-wide check), in UTF-8
with a BOM so that Excel opens it as UTF-8. A cell that starts with =, +, -, @ or a tab is written with a
leading apostrophe, so that a spreadsheet does not take it for a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from minplan.engine import RecordResult
from minplan.report.base import Context, Ending, Meta, Renderer
from minplan.report.sheets import FINDING_COLUMNS, batch_row, finding_rows, kind_word, text

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value


def lines(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([_safe(v) for v in row] for row in rows)
    return buffer.getvalue()


class Report(Renderer):
    @staticmethod
    def prepare(result: RecordResult, context: Context) -> str:
        return lines(finding_rows(result, context.lang))

    def start(self, meta: Meta) -> None:
        self.out.write("\ufeff" + lines([FINDING_COLUMNS[self.lang]]))

    def record(self, item: str) -> None:
        self.out.write(item)

    def finish(self, end: Ending) -> None:
        aggregate = end.aggregate
        rows = []
        for f in aggregate:  # a batch-wide check: its records in the id column
            rule, plan, level, status, message, citation, required, actual, records = batch_row(f, self.lang)
            rows.append(
                [
                    records,
                    "",
                    "",
                    "",
                    rule,
                    plan,
                    level,
                    text(kind_word(f, self.lang)),
                    "",
                    status,
                    message,
                    citation,
                    "",
                    required,
                    actual,
                    "",
                ]
            )
        self.out.write(lines(rows))
