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
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from minplan.readers import table
from minplan.readers.base import Document, Limits, Problem, ReadError, Source, column_letter

if TYPE_CHECKING:
    import zipfile

_CHUNK = 1 << 20
OWN = ("minplan's own workbook report, not records", "minplan 输出的工作簿报告，不是记录")
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def max_area(limits: Limits) -> int:
    """Cells a sheet may span (first to last filled cell), empty ones included."""
    return 2 * limits.max_file_nodes


class _Extent:
    """The rows and columns over which a sheet's filled cells spread (0-based, inclusive)."""

    __slots__ = ("c0", "c1", "cells", "r0", "r1")

    def __init__(self) -> None:
        self.r0 = self.c0 = 1 << 40
        self.r1 = self.c1 = -1
        self.cells = 0

    def add(self, row: int, col: int, rows: int = 1, cols: int = 1) -> None:
        self.r0, self.c0 = min(self.r0, row), min(self.c0, col)
        self.r1, self.c1 = max(self.r1, row + rows - 1), max(self.c1, col + cols - 1)
        self.cells += rows * cols

    @property
    def area(self) -> int:
        """Cells from A1 to the last filled one: what the sheet is read as."""
        return 0 if self.r1 < 0 else (self.r1 + 1) * (self.c1 + 1)

    def last(self) -> str:
        return f"{column_letter(self.c1 + 1)}{self.r1 + 1}"


def _tokens(stream: Any, pattern: re.Pattern[bytes], budget: list[int]) -> Iterator[re.Match[bytes]]:
    """Matches of ``pattern`` over a decompressed stream, chunk by chunk (a tag cut by a chunk is kept whole)."""
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise ReadError("the workbook unpacks to more than the limit (a compressed file too large to read)")
        if not chunk:
            break
        data = tail + chunk
        cut = data.rfind(b"<")
        cut = len(data) if cut < 0 else cut
        yield from pattern.finditer(data, 0, cut)
        tail = data[cut:]
    yield from pattern.finditer(tail)


_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(\s[^>]*?)?(/?)>")
_ATTR_R = re.compile(rb'\br="([A-Z]*)([0-9]*)"')


def _letters(text: bytes) -> int:
    n = 0
    for ch in text:
        n = n * 26 + ch - 64
    return n - 1


def _xlsx_extent(stream: Any, budget: list[int]) -> _Extent:
    """Where the cells that hold something (``<c>`` with content) lie; empty styled cells cost calamine nothing."""
    extent = _Extent()
    row, col = -1, -1
    for match in _xlsx_extent_tokens(stream, budget):
        tag, attrs, closed = match.group(1), match.group(2) or b"", match.group(3)
        ref = _ATTR_R.search(attrs)
        if tag == b"row":
            row = int(ref.group(2)) - 1 if ref and ref.group(2) else row + 1
            col = -1
            continue
        if ref and ref.group(1):
            col = _letters(ref.group(1))
            if ref.group(2):
                row = int(ref.group(2)) - 1
        else:
            col += 1
        if not closed:
            extent.add(max(row, 0), col)
    return extent


def _xlsx_extent_tokens(stream: Any, budget: list[int]) -> Iterator[re.Match[bytes]]:
    return _tokens(stream, _XLSX_TAG, budget)


def _xlsx_sheets(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the part holding its cells."""
    from xml.etree import ElementTree as ET

    try:
        rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        workbook = ET.fromstring(book.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_NS_REL) in targets:
            target = targets[sheet.get(_NS_REL)].lstrip("/")
            out[sheet.get("name", "")] = target if target.startswith("xl/") else f"xl/{target}"
    return out


_ODS_TAG = re.compile(rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(\s[^>]*?)?(/?)>")
_ATTR = re.compile(rb'([\w:-]+)="([^"]*)"')


def _ods_extents(stream: Any, budget: list[int]) -> dict[str, _Extent]:
    """Per sheet, where the cells with a value lie, repeated rows and columns counted as what they repeat."""
    out: dict[str, _Extent] = {}
    extent: _Extent | None = None
    row = col = 0
    repeat_rows = 1
    for match in _tokens(stream, _ODS_TAG, budget):
        end, tag, raw, closed = match.groups()
        attrs = dict(_ATTR.findall(raw or b""))
        if tag == b"table":
            if not end:
                extent = out.setdefault(attrs.get(b"table:name", b"").decode("utf-8", "replace"), _Extent())
                row = 0
            continue
        if extent is None:
            continue
        if tag == b"table-row":
            if end:
                row += repeat_rows
            else:
                repeat_rows, col = int(attrs.get(b"table:number-rows-repeated", b"1")), 0
                if closed:
                    row += repeat_rows
            continue
        if end:
            continue
        cols = int(attrs.get(b"table:number-columns-repeated", b"1"))
        if b"office:value-type" in attrs or not closed:
            extent.add(row, col, repeat_rows, cols)
        col += cols
    return out


def _extents(data: bytes, limits: Limits) -> dict[str, _Extent] | None:
    """Per sheet, the extent of its filled cells (xlsx, ods); ``None`` for a file that is not a zip (xls)."""
    import zipfile

    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return None
    budget = [50 * limits.max_bytes]
    try:
        if "content.xml" in book.namelist():  # OpenDocument
            with book.open("content.xml") as stream:
                return _ods_extents(stream, budget)
        out = {}
        for name, part in _xlsx_sheets(book).items():
            try:
                with book.open(part) as stream:
                    out[name] = _xlsx_extent(stream, budget)
            except KeyError:
                continue
        return out
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise ReadError(f"cannot read the workbook: {exc}") from None


def _not_a_workbook(data: bytes) -> str:
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")) or b"<html" in head:
        return " (it is a web page or XML file named as a workbook, as some systems export: save it as .xlsx or .csv)"
    try:
        data[:2048].decode("utf-8")
        return " (it looks like a text file: save it as .xlsx, or name it .csv if it is one)"
    except UnicodeDecodeError:
        return ""


class WorkbookReader:
    """Records in workbooks: one per data row of every sheet with a table."""

    name = "workbook"
    suffixes = (".xlsx", ".xlsm", ".xls", ".ods")

    def documents(self, source: Source, limits: Limits) -> Iterator[Document]:
        try:
            from python_calamine import CalamineWorkbook
        except ImportError:  # a dependency: only a broken installation lacks it
            raise ReadError("reading workbooks needs python-calamine (pip install python-calamine)") from None
        extents = _extents(source.data, limits)
        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        except Exception as exc:  # calamine's errors: not a workbook, encrypted, broken
            name = type(exc).__name__
            why = "the workbook is password-protected" if name == "PasswordError" else f"{exc}".strip() or name
            raise ReadError(f"cannot read the workbook: {why}{_not_a_workbook(source.data)}") from None
        with book:
            from minplan.report.sheets import own_sheets

            if own_sheets(list(book.sheet_names)):  # a report minplan wrote, put among the inputs
                yield Document(0, headers={}, ignored=("", OWN[0], OWN[1]))
                return
            yield from self._sheets(book, extents, limits)

    def _sheets(self, book: Any, extents: dict[str, Any] | None, limits: Limits) -> Iterator[Document]:
        names = list(book.sheet_names)
        chosen = set(limits.sheets)
        missing = [n for n in limits.sheets if n not in names]
        index = 0
        read_any = False
        for name in missing:
            problem = Problem(f"no sheet named {name!r} (--sheet); the sheets are {', '.join(names)}", sheet=name)
            yield Document(index, problem=problem, sheet=name, headers={})
            index, read_any = index + 1, True
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
            hidden = "Visible" not in str(meta.visible)
            for doc in self._sheet(book, name, extents, limits, index):
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
            raise ReadError("no sheet holds a table of records (the sheets are listed as ignored)")

    def _sheet(
        self, book: Any, name: str, extents: dict[str, Any] | None, limits: Limits, index: int
    ) -> Iterator[Document]:
        extent = (extents or {}).get(name)
        bound = max_area(limits)
        if extent is not None and (extent.area > bound or extent.cells > limits.max_file_nodes):
            yield self._too_large(index, name, extent.last(), extent.area, bound)
            return
        try:
            sheet = book.get_sheet_by_name(name)
        except Exception as exc:
            yield Document(
                index, problem=Problem(f"cannot read the sheet: {exc}", sheet=name, table=True), sheet=name, headers={}
            )
            return
        end = sheet.end
        if end is not None and (end[0] + 1) * (end[1] + 1) > bound:
            yield self._too_large(
                index, name, f"{column_letter(end[1] + 1)}{end[0] + 1}", (end[0] + 1) * (end[1] + 1), bound
            )
            return
        rows = [list(r) for r in sheet.to_python(skip_empty_area=False)]
        table.fill_merged(rows, sheet.merged_cell_ranges or [])
        yield from table.documents(rows, limits, sheet=name, start=index)

    @staticmethod
    def _too_large(index: int, name: str, last: str, area: int, bound: int) -> Document:
        message = (
            f"the sheet's filled cells reach {last}, {area} cells from A1, more than the {bound} read: clear the "
            "cells outside the table (Ctrl+End goes to the last one)"
        )
        return Document(index, problem=Problem(message, sheet=name, table=True), sheet=name, headers={})


READER = WorkbookReader()
