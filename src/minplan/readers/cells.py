"""Where a workbook's filled cells lie, found in its XML before calamine reads it (see minplan.readers.workbook).

calamine holds a sheet as a dense grid from A1 to its last filled cell: the extent found here bounds it. The
same pass notes the number cells formatted as percentages, whose value (0.85) is not what the cell shows (85%),
and those whose format shows another figure than the value (20000 shown as 2.0000 by 0!.0000, 2000 as 2.0 by
0.0,): calamine hands over the value only.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from minplan.readers.base import Limits, ReadError, column_letter
from minplan.say import Msg

if TYPE_CHECKING:
    import zipfile

_CHUNK = 1 << 20
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def max_area(limits: Limits) -> int:
    """Cells a sheet may span (first to last filled cell), empty ones included."""
    return 2 * limits.max_file_nodes


class _Extent:
    """The rows and columns over which a sheet's filled cells spread (0-based, inclusive)."""

    __slots__ = (
        "blocks",
        "booleans",
        "c0",
        "c1",
        "cells",
        "errors",
        "merged",
        "otherwise",
        "otherwise_blocks",
        "percent",
        "r0",
        "r1",
        "suffix_blocks",
        "suffixes",
    )

    def __init__(self) -> None:
        self.r0 = self.c0 = 1 << 40
        self.r1 = self.c1 = -1
        self.cells = 0
        self.percent: set[tuple[int, int]] = set()  # number cells shown as percentages (0-based row, column)
        self.blocks: list[tuple[int, int, int, int]] = []  # repeated ones (ods): first row, rows, first column, columns
        self.errors: set[tuple[int, int]] = set()  # formula cells whose saved value is an error (#DIV/0!, #N/A …)
        self.merged: list[tuple[tuple[int, int], tuple[int, int]]] = []  # ods: calamine gives no merged ranges
        self.suffixes: dict[tuple[int, int], str] = {}  # number cells whose format adds text (0"吨/日"): that text
        self.suffix_blocks: list[tuple[int, int, int, int, str]] = []  # repeated ones (ods), with their text
        # number cells shown as another figure than their value: how they are shown (ods: the text; xlsx: the format)
        self.otherwise: dict[tuple[int, int], Msg] = {}
        self.otherwise_blocks: list[tuple[int, int, int, int, Msg]] = []  # repeated ones (ods)
        # ods: cells holding TRUE() or FALSE() (LibreOffice saves an .xlsx's true and false so), which calamine
        # gives as the numbers 1 and 0
        self.booleans: dict[tuple[int, int], bool] = {}

    def suffix_at(self, row: int, col: int) -> str | None:
        """The text the number cell at ``row``, ``col`` (0-based) shows after its figure, if any."""
        found = self.suffixes.get((row, col))
        if found is None:
            for r, rows, c, cols, text in self.suffix_blocks:
                if r <= row < r + rows and c <= col < c + cols:
                    return text
        return found

    def shown_otherwise(self, rows: int, cols: int) -> Iterator[tuple[int, int, Msg]]:
        """The number cells within ``rows`` × ``cols`` shown as another figure than their value, with how."""
        for (r, c), shown in self.otherwise.items():
            if r < rows and c < cols:
                yield r, c, shown
        for r0, count, c0, width, shown in self.otherwise_blocks:
            for r in range(r0, min(r0 + count, rows)):
                for c in range(c0, min(c0 + width, cols)):
                    yield r, c, shown

    def shown_in_percent(self, row: int, col: int) -> bool:
        """Is the number cell at ``row``, ``col`` (0-based) formatted as a percentage?"""
        if (row, col) in self.percent:
            return True
        return any(r <= row < r + rows and c <= col < c + cols for r, rows, c, cols in self.blocks)

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


_PARAGRAPH_MOST = 4096  # bytes of an element kept whole across a cut (what a number cell shows is short)


def _tokens(
    stream: Any, pattern: re.Pattern[bytes], budget: list[int], whole: tuple[bytes, bytes] | None = None
) -> Iterator[re.Match[bytes]]:
    """Matches of ``pattern`` over a decompressed stream, chunk by chunk (a tag cut by a chunk is kept whole, and
    so is an element ``whole`` opens and closes, when ``pattern`` matches it with what it holds)."""
    tail = b""
    while True:
        chunk = stream.read(_CHUNK)
        budget[0] -= len(chunk)
        if budget[0] < 0:
            raise ReadError(Msg("the workbook unpacks to more than the limit (a compressed file too large to read)"))
        if not chunk:
            break
        data = tail + chunk
        cut = data.rfind(b"<")
        cut = len(data) if cut < 0 else cut
        if whole is not None:
            opened = data.rfind(whole[0], max(0, cut - _PARAGRAPH_MOST), cut + 1)
            if opened >= 0 and data.find(whole[1], opened, cut) < 0:  # not closed before the cut
                cut = opened
        yield from pattern.finditer(data, 0, cut)
        tail = data[cut:]
    yield from pattern.finditer(tail)


_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(\s[^>]*?)?(/?)>")
_ATTR_R = re.compile(rb'\br="([A-Z]*)([0-9]*)"')
_ATTR_S = re.compile(rb'\bs="([0-9]+)"')
_ATTR_T = re.compile(rb'\bt="([A-Za-z]+)"')
_PERCENT_FORMATS = frozenset((9, 10))  # Excel's built-in 0% and 0.00%
_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')  # quoted text, escaped characters, [colour] and [condition]


def percent_format(code: str) -> bool:
    """Does a number format show its value as a percentage (0.0% does; 0"%" and 0\\% show a literal %)?"""
    return "%" in _LITERAL.sub("", code)


_TEXT = re.compile(r'"([^"]*)"|\\(.)')  # the text a number format adds: quoted, or one escaped character


def _format_shape(section: str) -> str:
    """A number format's section with what it shows literally as ``L`` (quoted text, an escaped character, a
    space or fill character) and [colour], [condition] and [$-locale] left out: its placeholders and signs."""
    out: list[str] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            i = len(section) if end < 0 else end + 1
            out.append("L")
            continue
        if ch in "\\!_*":  # \x and !x show x; _x leaves x's width, *x fills with x
            out.append("L")
            i += 2
            continue
        if ch == "[":
            end = section.find("]", i + 1)
            i = len(section) if end < 0 else end + 1
            continue
        out.append(ch)
        i += 1
    return re.sub(r"[Ee][-+]", "E", "".join(out))


_SCALING_COMMA = re.compile(r"[0#?.],+(?![0#?,])")  # 0, and #,##0.00,, divide the figure by 1 000 a comma
_SPLIT_FIGURE = re.compile(r"[0#?][^0#?.,E]+[0#?]")  # 0!.0000 and 00"-"00 cut the digits with a literal


def shows_otherwise(code: str) -> bool:
    """Does a number format show another figure than the cell's value: one scaled by a trailing comma (0.0, shows
    2000 as 2.0), or digits cut by a literal (0!.0000, the 万 format, shows 20000 as 2.0000)? A fraction (# ?/?)
    shows the same figure, and so do thousands separators, decimals and exponents."""
    sections = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', code)[:3]  # a fourth section formats text
    for section in sections:
        shape = _format_shape(section)
        if _SCALING_COMMA.search(shape) or ("/" not in shape and _SPLIT_FIGURE.search(shape)):
            return True
    return False


def format_text(code: str) -> str:
    """The text a number format shows beside the figure (0"吨/日" shows 吨/日), of its first section."""
    section = re.split(r';(?=(?:[^"]*"[^"]*")*[^"]*$)', code, maxsplit=1)[0]
    return "".join(a or b for a, b in _TEXT.findall(section)).strip()


def _xlsx_styles(book: zipfile.ZipFile) -> tuple[frozenset[int], dict[int, str], dict[int, str]]:
    """The cell styles (indexes into cellXfs) whose number format is a percentage, those whose format adds
    text to the figure, with that text, and those whose format shows another figure, with the format."""
    from xml.etree import ElementTree as ET

    try:
        styles = ET.fromstring(book.read("xl/styles.xml"))
    except (KeyError, ET.ParseError):
        return frozenset(), {}, {}
    percent = set(_PERCENT_FORMATS)
    texts: dict[int, str] = {}
    other: dict[int, str] = {}
    for element in styles.iter():
        if element.tag.endswith("}numFmt"):
            code = element.get("formatCode", "")
            try:
                number = int(element.get("numFmtId", ""))
            except ValueError:
                continue
            if shows_otherwise(code):
                other[number] = code
            elif percent_format(code):
                percent.add(number)
            elif format_text(code):
                texts[number] = format_text(code)
    out = set()
    suffixes: dict[int, str] = {}
    otherwise: dict[int, str] = {}
    for element in styles.iter():
        if element.tag.endswith("}cellXfs"):
            for i, xf in enumerate(x for x in element if x.tag.endswith("}xf")):
                try:
                    number = int(xf.get("numFmtId", "0"))
                except ValueError:
                    continue
                if number in other:
                    otherwise[i] = other[number]
                elif number in percent:
                    out.add(i)
                elif number in texts:
                    suffixes[i] = texts[number]
    return frozenset(out), suffixes, otherwise


def _letters(text: bytes) -> int:
    n = 0
    for ch in text:
        n = n * 26 + ch - 64
    return n - 1


def _percent_style(attrs: bytes, percent_styles: frozenset[int]) -> bool:
    style = _ATTR_S.search(attrs)
    return style is not None and int(style.group(1)) in percent_styles


def _xlsx_extent(
    stream: Any,
    budget: list[int],
    percent_styles: frozenset[int] = frozenset(),
    suffixes: dict[int, str] | None = None,
    otherwise: dict[int, str] | None = None,
) -> _Extent:
    """Where the cells that hold something (``<c>`` with content) lie; empty styled cells cost calamine nothing.
    Number cells of a style in ``percent_styles`` are noted as shown in percent, those of a style in ``suffixes``
    with the text their format adds, those of a style in ``otherwise`` with the format that shows another figure."""
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
            found = _ATTR_T.search(attrs)
            kind = found.group(1) if found else b"n"
            if kind == b"e":  # calamine reads an error as an empty cell
                extent.errors.add((max(row, 0), col))
            elif kind == b"n" and otherwise and (style := _ATTR_S.search(attrs)) and int(style.group(1)) in otherwise:
                extent.otherwise[(max(row, 0), col)] = by_format(otherwise[int(style.group(1))])
            elif kind == b"n" and percent_styles and _percent_style(attrs, percent_styles):  # a number, not text
                extent.percent.add((max(row, 0), col))
            elif kind == b"n" and suffixes and (style := _ATTR_S.search(attrs)) and int(style.group(1)) in suffixes:
                extent.suffixes[(max(row, 0), col)] = suffixes[int(style.group(1))]
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


_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(\s[^>]*?)?(/?)>"
    rb"|<text:p>((?:[^<]|<text:s\b[^>]*/>|</?text:span\b[^>]*>)*)</text:p>"
)
_ODS_SPACES = re.compile(r"<text:s\b[^>]*/>")  # a run of spaces, as LibreOffice keeps it (one is as good here)
_SHOWN_MOST = 200  # characters a number cell shows: past these it is no figure with a unit
_ODS_SPAN = re.compile(r"</?text:span\b[^>]*>")
_TRUTH = {b"OF:=TRUE()": True, b"OF:=FALSE()": False}
# what a number cell shows besides its figure (300吨/日, 约300): the text its number style adds, before and after
# (a figure in digits, or in Chinese numerals as the [DBNum1] formats draw it: 五, 玖拾)
_SHOWN_AROUND = re.compile(
    r"(.*?)(?:[-+−]?[\d.,\s]*\d(?:[eE][-+]?\d+)?|[〇零一二两三四五六七八九十百千万亿点负壹贰叁肆伍陆柒捌玖拾佰仟]+)(.*)",
    re.DOTALL,
)


def _para_text(para: bytes) -> str:
    """What an .ods cell's paragraph shows, its runs of spaces as one."""
    text = _ODS_SPACES.sub(" ", _ODS_SPAN.sub("", para.decode("utf-8", "replace")))
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def _shown_text(para: bytes, nought: bool = False) -> str:
    """The text an .ods cell shows besides its figure ("" for none): what comes after it, and what comes before
    it ahead of that, so that a column's unit check sees it (约300吨/日: 约 吨/日)."""
    text = _para_text(para)
    if len(text) > _SHOWN_MOST:
        return text[:_SHOWN_MOST]  # no unit, so refused in a column that takes one
    shown = _SHOWN_AROUND.fullmatch(text)
    if shown is None:  # no figure shown: a dash or a word for nought (0;-0;"-"), else a figure hidden (见附表)
        return "" if nought else text
    before, after = shown.group(1).strip(), shown.group(2).strip()
    return f"{before} {after}".strip() if before else after


_ATTR = re.compile(rb'([\w:-]+)="([^"]*)"')

_FIGURE = re.compile(r"[.,]?\d(?:[\d.,\s'\u00a0\u202f]*\d)?(?:[eE][-+]?\d+)?")
_FRACTION = re.compile(r"\d\s*/\s*\d")


def _readings(figure: str) -> Iterator[tuple[float, float]]:
    """What a shown figure may stand for, with the rounding it shows to: grouped by commas with a decimal point
    (1,234.5), or grouped by points with a decimal comma (1.234,5), as the locale drew it, in groups of three;
    spaces group either way."""
    figure = re.sub(r"[\s'\u00a0\u202f]", "", figure)
    mantissa, _, exponent = figure.replace("E", "e").partition("e")
    for group, point in ((",", "."), (".", ",")):
        grouped, _, decimals = mantissa.partition(point)
        groups = grouped.split(group)
        if point in decimals or group in decimals or any(len(g) != 3 for g in groups[1:]):
            continue  # 2.0000 is no figure grouped by points
        if not groups[0] and (len(groups) > 1 or not decimals):
            continue  # a figure begins with a digit, or with its decimals (.5)
        whole = "".join(groups)
        try:
            value = float(f"{whole}.{decimals or '0'}e{exponent or '0'}")
        except ValueError:
            continue
        yield value, 0.5 * 10.0 ** (int(exponent or 0) - len(decimals))


def shows_other_figure(value: bytes, para: bytes) -> bool:
    """Does an .ods number cell show another figure than its value (20000 shown as 2.0000, 40000 as 40), beyond
    the rounding it shows to? A figure not shown in digits (五, a dash) or shown as a fraction is not judged."""
    try:
        held = abs(float(value))
    except ValueError:
        return False
    text = _para_text(para)
    figures = _FIGURE.findall(text)
    if len(figures) != 1 or _FRACTION.search(text):
        return False
    return not any(abs(held - shown) <= rounding * 1.001 + 1e-9 * held for shown, rounding in _readings(figures[0]))


def _nought(value: bytes) -> bool:
    try:
        return float(value) == 0
    except ValueError:
        return False


def _ods_extents(stream: Any, budget: list[int]) -> dict[str, _Extent]:
    """Per sheet, where the cells with a value lie, repeated rows and columns counted as what they repeat."""
    out: dict[str, _Extent] = {}
    extent: _Extent | None = None
    row = col = 0
    repeat_rows = 1
    # the number cells (a block) whose shown text comes next, whether their value is 0, and their value
    figure: tuple[int, int, int, int, bool, bytes] | None = None
    for match in _tokens(stream, _ODS_TAG, budget, (b"<text:p>", b"</text:p>")):
        end, tag, raw, closed, para = match.groups()
        if para is not None:
            if figure is not None and extent is not None:
                r, rows, c, cols, nought, value = figure
                if shows_other_figure(value, para):
                    said = Msg("as “{text}”", text=_para_text(para)[:_SHOWN_MOST])
                    if rows == cols == 1:
                        extent.otherwise[(r, c)] = said
                    else:
                        extent.otherwise_blocks.append((r, rows, c, cols, said))
                shown = _shown_text(para, nought)
                if shown:
                    if rows == cols == 1:
                        extent.suffixes[(r, c)] = shown
                    else:
                        extent.suffix_blocks.append((r, rows, c, cols, shown))
            figure = None
            continue
        figure = None
        attrs = dict(_ATTR.findall(raw or b""))
        if tag == b"table":
            if not end:
                name = html.unescape(attrs.get(b"table:name", b"").decode("utf-8", "replace"))  # 金矿A&amp;B
                extent = out.setdefault(name, _Extent())
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
        spanned = (
            int(attrs.get(b"table:number-rows-spanned", b"1")),
            int(attrs.get(b"table:number-columns-spanned", b"1")),
        )
        if spanned != (1, 1) and tag == b"table-cell":
            extent.merged.append(((row, col), (row + spanned[0] - 1, col + spanned[1] - 1)))
        if b"office:value-type" in attrs or not closed:
            extent.add(row, col, repeat_rows, cols)
            if attrs.get(b"calcext:value-type") == b"error":  # calamine reads an error as an empty cell
                rows, columns = range(row, row + min(repeat_rows, 64)), range(col, col + min(cols, 64))
                extent.errors.update((r, c) for r in rows for c in columns)  # (a larger block: its corner)
            elif attrs.get(b"office:value-type") == b"percentage":
                if repeat_rows == cols == 1:
                    extent.percent.add((row, col))
                else:
                    extent.blocks.append((row, repeat_rows, col, cols))
            elif attrs.get(b"office:value-type") == b"float" and not closed:
                held = attrs.get(b"office:value", b"")
                figure = (row, repeat_rows, col, cols, _nought(held), held)  # text:p follows
                truth = _TRUTH.get(attrs.get(b"table:formula", b"").replace(b" ", b"").upper())
                if truth is not None:
                    for r in range(row, row + min(repeat_rows, 4096)):
                        for c in range(col, col + min(cols, 64)):
                            extent.booleans[(r, c)] = truth
        col += cols
    return out


def extents(data: bytes, limits: Limits) -> dict[str, _Extent] | None:
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
        percent_styles, suffixes, otherwise = _xlsx_styles(book)
        for name, part in _xlsx_sheets(book).items():
            try:
                with book.open(part) as stream:
                    out[name] = _xlsx_extent(stream, budget, percent_styles, suffixes, otherwise)
            except KeyError:
                continue
        return out
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as exc:
        raise ReadError(Msg("cannot read the workbook: {error}", error=str(exc))) from None


def by_format(code: str) -> Msg:
    """How a number cell is shown otherwise than its value: by its number format ``code``."""
    return Msg("by its number format {code!r}", code=code)


def xls_shown_otherwise(data: bytes) -> dict[str, dict[tuple[int, int], Msg]] | None:
    """Per sheet of an .xls, the number cells whose format shows another figure than their value (0-based row,
    column: how), read by xlrd, which alone reads an .xls's formats; ``None`` where it cannot read them."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # xlrd's errors on what calamine may still read: nothing is known of the formats
        return None
    try:
        codes = {key: f.format_str for key, f in book.format_map.items() if shows_otherwise(f.format_str or "")}
        styles = {i: codes[xf.format_key] for i, xf in enumerate(book.xf_list) if xf.format_key in codes}
        out: dict[str, dict[tuple[int, int], Msg]] = {}
        for index in range(book.nsheets) if styles else ():
            sheet = book.sheet_by_index(index)
            out[sheet.name] = {
                (r, c): by_format(styles[sheet.cell_xf_index(r, c)])
                for r in range(sheet.nrows)
                for c in range(sheet.row_len(r))
                if sheet.cell_type(r, c) == xlrd.XL_CELL_NUMBER and sheet.cell_xf_index(r, c) in styles
            }
        return out
    except Exception:
        return None
    finally:
        book.release_resources()


def not_a_workbook(data: bytes) -> Msg | None:
    """What a file that is no workbook seems to be, said after why it could not be read; ``None`` if nothing."""
    head = data[:512].lstrip().lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<?xml")) or b"<html" in head:
        return Msg(
            " (it is a web page or XML file named as a workbook, as some systems export: save it as .xlsx or .csv)"
        )
    try:
        data[:2048].decode("utf-8")
        return Msg(" (it looks like a text file: save it as .xlsx, or name it .csv if it is one)")
    except UnicodeDecodeError:
        return None
