"""CSV: a table of records, one per data row under a header row (:mod:`minplan.readers.table`).

UTF-8 with or without BOM, UTF-16 with BOM, or GBK/GB18030 as Excel writes it on Chinese Windows; CRLF, LF or CR
line ends. Every cell is text, read as written. The separator is a comma, a tab or a semicolon: the one under
which the first lines name the most known headers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from minplan.readers.base import Document, Limits, ReadError, Source
from minplan.say import Msg


def _delimiter(text: str) -> str:
    """The separator under which the first lines name the most known headers (a tab-separated file may hold
    commas in its cells, a header 所在县(市,区) in a file separated by semicolons); a comma when none does."""
    from minplan.readers import table

    head = text[:8192].splitlines()[: table.HEADER_SCAN]
    best, score = ",", 1
    for delimiter in (",", "\t", ";"):
        if not any(delimiter in line for line in head):
            continue
        try:
            rows = list(csv.reader(head, delimiter=delimiter))
        except csv.Error:
            continue
        known = max((table.known_headers(row) for row in rows), default=0)
        if known > score:
            best, score = delimiter, known
    return best


class CsvReader:
    """Records in a CSV file."""

    name = "csv"
    suffixes = (".csv",)

    def documents(self, source: Source, limits: Limits) -> Iterator[Document]:
        from minplan.readers import table

        text = source.text()
        if not text.strip():
            return  # no record: the caller says the file is empty
        # newline="": lines end at \r\n, \n or a lone \r (as "CSV (Macintosh)" saves them), the csv module told
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
        rows: list[list[str]] = []
        starts: list[int] = []  # the line each row starts on
        line = 1
        values = 0
        try:
            for row in reader:
                rows.append(row)
                starts.append(line)
                line = reader.line_num + 1
                values += len(row)
                if values > limits.max_file_nodes:
                    raise ReadError(
                        Msg(
                            "the file holds more than {most} values; the rest is not read",
                            most=limits.max_file_nodes,
                        ),
                        line,
                    )
        except csv.Error as exc:
            raise ReadError(Msg("CSV error: {error}", error=str(exc)), reader.line_num) from None
        from minplan.report.sheets import own_csv_header

        if rows and own_csv_header(rows[0]):  # a report minplan wrote, put among the inputs
            yield Document(
                0,
                headers={},
                ignored=("", "minplan's own CSV report, not records", "minplan 输出的 CSV 报告，不是记录"),
            )
            return
        if starts and starts[-1] != len(starts):  # a quoted cell spans lines: say rows as lines
            rows = _by_line(rows, starts)
        read_any = False
        for doc in table.documents(rows, limits, typed=False):
            read_any = read_any or doc.ignored is None
            yield doc
        if not read_any:
            raise ReadError(Msg("no record in the table (the parts not read are listed as ignored)"))


def _by_line(rows: list[list[str]], starts: list[int]) -> list[list[str]]:
    """Rows placed at the line they start on, so that a row's number is its line in the file."""
    out: list[list[str]] = [[] for _ in range(starts[-1])]
    for row, start in zip(rows, starts, strict=True):
        out[start - 1] = row
    return out


READER = CsvReader()
