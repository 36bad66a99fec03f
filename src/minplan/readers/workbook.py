"""Workbooks — Excel .xlsx/.xlsm and .xls, OpenDocument .ods (LibreOffice, WPS) — read by python-calamine.

Every sheet is read as a table (:mod:`minplan.readers.table`), one record per data row; ``--sheet`` names
the sheets to read. A sheet with no table in it is accounted for: an empty or hidden one as ignored, any
other as an error. Cells arrive typed (numbers, booleans, dates); a formula cell is read as the value the
file saved for it.

calamine holds a sheet as a dense grid from its first to its last filled cell, so two values far apart
(A1 and XFD1048576) would ask for hundreds of gigabytes and abort the process. Before a sheet is handed
to it, the cells that hold values are located in the file's XML (xlsx, ods) and a sheet spanning more than
the limit is refused, naming its last cell; an .xls sheet is bounded by its format (65 536 × 256).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from minplan.readers.base import Document, Limits, Problem, ReadError, Source, column_letter
from minplan.say import Msg

OWN = ("minplan's own workbook report, not records", "minplan 输出的工作簿报告，不是记录")


class WorkbookReader:
    """Records in workbooks: one per data row of every sheet with a table."""

    name = "workbook"
    suffixes = (".xlsx", ".xlsm", ".xls", ".ods")

    def documents(self, source: Source, limits: Limits) -> Iterator[Document]:
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:  # a dependency: only a broken installation lacks it
            raise ReadError(Msg("reading workbooks needs python-calamine (pip install python-calamine)")) from None
        from minplan.readers.cells import extents as find_extents
        from minplan.readers.cells import not_a_workbook, xls_shown_otherwise

        extents = find_extents(source.data, limits)
        # an .xls (no zip): its formats are read by xlrd, for the figures shown otherwise than held alone
        xls = xls_shown_otherwise(source.data) if extents is None else None
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        except Exception as exc:  # calamine's errors: not a workbook, encrypted, broken
            name = type(exc).__name__
            why: Msg | str = (
                Msg("the workbook is password-protected") if name == "PasswordError" else f"{exc}".strip() or name
            )
            hint: Msg | None
            if Path(source.name).name.startswith("~$") and len(source.data) <= 4096:
                hint = Msg(" (it is the owner file Excel or WPS writes while the workbook is open: check the workbook)")
            else:
                hint = not_a_workbook(source.data)
            raise ReadError(Msg("cannot read the workbook: {why}{hint}", why=why, hint=hint or "")) from None
        with book:
            from minplan.report.sheets import own_sheets

            if own_sheets(list(book.sheet_names)):  # a report minplan wrote, put among the inputs
                yield Document(0, headers={}, ignored=("", OWN[0], OWN[1]))
                return
            yield from self._sheets(book, extents, limits, xls)

    def _sheets(
        self, book: Any, extents: dict[str, Any] | None, limits: Limits, xls: dict[str, Any] | None = None
    ) -> Iterator[Document]:
        names = list(book.sheet_names)
        chosen = set(limits.sheets)
        missing = [n for n in limits.sheets if n not in names]
        index = 0
        read_any = False
        for name in missing:
            problem = Problem.of(
                Msg("no sheet named {name!r} (--sheet); the sheets are {sheets}", name=name, sheets=", ".join(names)),
                sheet=name,
            )
            yield Document(index, problem=problem, sheet=name, headers={})
            index, read_any = index + 1, True
        counted = [0]  # records read from the file, sheet after sheet: --max-documents bounds the file
        for meta in book.sheets_metadata:
            name = meta.name
            if chosen and name not in chosen:
                yield Document(
                    index,
                    sheet=name,
                    headers={},
                    ignored=(f"sheet {name}", "not chosen with --sheet", "未用 --sheet 选中"),
                )
                index += 1
                continue
            if "WorkSheet" not in str(meta.typ):
                yield Document(
                    index, sheet=name, headers={}, ignored=(f"sheet {name}", "a chart or macro sheet", "图表或宏工作表")
                )
                index += 1
                continue
            hidden = str(meta.visible).rpartition(".")[2] != "Visible"  # SheetVisibleEnum.Hidden, .VeryHidden
            for doc in self._sheet(book, name, extents, limits, index, counted, (xls or {}).get(name)):
                if hidden and doc.problem is not None and doc.problem.message.startswith("no header row"):
                    doc = Document(
                        doc.index,
                        sheet=name,
                        headers={},
                        ignored=(f"sheet {name}", "a hidden sheet with no table", "无表格的隐藏工作表"),
                    )
                read_any = read_any or doc.ignored is None
                index = doc.index + 1
                yield doc
        if not read_any:
            raise ReadError(Msg("no sheet holds a table of records (the sheets are listed as ignored)"))

    def _sheet(
        self,
        book: Any,
        name: str,
        extents: dict[str, Any] | None,
        limits: Limits,
        index: int,
        counted: list[int],
        xls: dict[tuple[int, int], Msg] | None = None,
    ) -> Iterator[Document]:
        """One sheet's documents; ``xls``: an .xls sheet's number cells shown as another figure (cells)."""
        from minplan.readers import table
        from minplan.readers.cells import max_area

        extent = (extents or {}).get(name)
        bound = max_area(limits)
        if extent is not None and (extent.area > bound or extent.cells > limits.max_file_nodes):
            yield self._too_large(index, name, extent.last(), extent.area, bound)
            return
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception as exc:  # calamine's: a sheet's XML broken or cut short (XmlError('t'))
            said = f"{type(exc).__name__}: {exc}".strip()
            message = Msg(
                "cannot read the sheet ({said}): the workbook is damaged; open it and save it again", said=said
            )
            yield Document(index, problem=Problem.of(message, sheet=name, table=True), sheet=name, headers={})
            return
        end = sheet.end
        if end is not None and (end[0] + 1) * (end[1] + 1) > bound:
            yield self._too_large(
                index, name, f"{column_letter(end[1] + 1)}{end[0] + 1}", (end[0] + 1) * (end[1] + 1), bound
            )
            return
        rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        for r, c in extent.errors if extent is not None else ():
            if r < len(rows) and c < len(rows[r]) and table.empty(rows[r][c]):
                rows[r][c] = table.FORMULA_ERROR  # not an empty cell: a value the file could not give
        width = max(map(len, rows), default=0)
        if extent is not None:
            otherwise = list(extent.shown_otherwise(len(rows), width))
        else:
            otherwise = [(r, c, shown) for (r, c), shown in (xls or {}).items()]
        for r, c, shown in otherwise:
            value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
            if isinstance(value, int | float) and not isinstance(value, bool):
                rows[r][c] = table.ShownOtherwise(value, shown)  # not the figure the sheet shows
        for (r, c), truth in extent.booleans.items() if extent is not None else ():
            if r < len(rows) and c < len(rows[r]) and rows[r][c] in (0, 1) and not isinstance(rows[r][c], bool):
                rows[r][c] = truth  # TRUE() or FALSE(): the sheet shows a truth value, not the number
        table.fill_merged(rows, sheet.merged_cell_ranges or (extent.merged if extent is not None else []))
        shown = None if extent is None else lambda row, col: extent.shown_in_percent(row - 1, col - 1)
        suffix = (
            None
            if extent is None or not (extent.suffixes or extent.suffix_blocks)
            else lambda row, col: extent.suffix_at(row - 1, col - 1)
        )
        yield from table.documents(rows, limits, sheet=name, start=index, percent=shown, suffix=suffix, counted=counted)

    @staticmethod
    def _too_large(index: int, name: str, last: str, area: int, bound: int) -> Document:
        message = Msg(
            "the sheet's filled cells reach {last}, {area} cells from A1, more than the {bound} read: clear the "
            "cells outside the table (Ctrl+End goes to the last one)",
            last=last,
            area=area,
            bound=bound,
        )
        return Document(index, problem=Problem.of(message, sheet=name, table=True), sheet=name, headers={})


READER = WorkbookReader()
