"""Tables — spreadsheet sheets and CSV files — as records: one record per data row under a header row.

The header map (``data/sheet_headers.yaml``) turns each column's header into a record field; a unit in
the header (``生产规模（万吨/年）``) applies to the bare numbers of its column. The header row is found
among the first rows (title rows, blank rows and a merged title above it are passed over); blank rows,
total rows (合计) and notes below the table (注：…) are not records, and are accounted for. A header the
map does not know is an error naming the cell, with the nearest known header.

Cells arrive as the file holds them: text as written, and from a workbook numbers, booleans and dates as
typed values (a whole number as ``int``, so that 2025001 is the text "2025001" for an id and 4 the figure 4).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from minplan.quantities import figure_text, in_grams_per_tonne, percent_of
from minplan.readers.base import Document, Limits, Path_, Position, Problem, ReadError, column_letter, dotted
from minplan.say import Msg, msg_of
from minplan.textnorm import fold, nearest

HEADER_SCAN = 30  # rows searched for the header row
_SEPARATORS = re.compile(r"[、,，;；]")
_BARE = re.compile(r"[+-]?[0-9.,_:eExXoObB]+")  # a figure with no unit (read, or refused, by the figure's reader)
_UNIT = re.compile(r"(.+?)\(([^()]+)\)")
_DAYS = frozenset(("天", "天/年", "日", "日/年", "d", "d/a"))
_DENSITY = frozenset(("吨/立方米", "t/m3", "g/cm3", "吨/米3", "吨/m3", "t/立方米"))


_WHITE = re.compile(r"\s+")


def _squeezed(text: str) -> str:
    """A header or unit as written, full-width forms as half-width and without white space (case kept)."""
    return _WHITE.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Column:
    """One column of a table: its header as written and what it fills."""

    number: int  # 1-based
    header: str
    path: Path_ | None  # the record field; None for a column that is not read
    kind: str | None = None  # rate, area, percent, grade, days, density: the units the field takes in its header
    unit: str | None = None  # the header's unit, for a bare number of the column
    is_list: bool = False
    noted: bool = False  # a column not read whose filled cells are named in the notes
    reason: str = ""
    reason_zh: str = ""
    none: frozenset[str] = frozenset()  # words that say "none" (an empty list) in this column


@dataclass(frozen=True)
class _Entry:
    path: Path_ | None
    kind: str | None = None
    is_list: bool = False
    noted: bool = False
    reason: str = ""
    reason_zh: str = ""
    none: bool = False


class HeaderMap:
    """Headers (folded) → the field each fills, from ``data/sheet_headers.yaml`` and the record's own field names."""

    def __init__(self, data: dict[str, Any], field_paths: list[str]) -> None:
        self.entries: dict[str, _Entry] = {}
        self.spellings: dict[str, str] = {}  # folded → as the map writes it, for suggestions
        for path, spec in data["fields"].items():
            spec = {"headers": spec} if isinstance(spec, list) else spec
            entry = _Entry(
                tuple(path.split(".")),
                spec.get("unit"),
                bool(spec.get("list")),
                none=bool(spec.get("none")),
            )
            self._add(path, entry)
            for header in spec["headers"]:
                self._add(str(header), entry)
        for path in field_paths:  # a field's own name, for the fields the map gives no unit or list to
            if fold(path) not in self.entries:
                self._add(path, _Entry(tuple(path.split("."))))
        for group in data.get("not_read", []):
            entry = _Entry(
                None, noted=bool(group.get("noted")), reason=group["reason"], reason_zh=group.get("reason_zh", "")
            )
            for header in group["headers"]:
                self._add(str(header), entry)
        self.notes = tuple(fold(str(n)) for n in data.get("notes", []))
        self.totals = frozenset(fold(str(n)) for n in data.get("totals", []))
        self.none_words = frozenset(fold(str(n)) for n in data.get("none", []))

    def _add(self, header: str, entry: _Entry) -> None:
        key = fold(header)
        known = self.entries.get(key)
        if known is not None and known.path != entry.path:
            raise ValueError(f"sheet_headers.yaml: header {header!r} names two fields")
        self.entries[key] = entry
        self.spellings.setdefault(key, header)

    def find(self, header: str) -> tuple[_Entry, str | None] | None:
        """The entry a header names and the unit written in it (``None`` for none); ``None`` when unknown."""
        text = _squeezed(header)
        for name, unit in ((text, None), *(((m.group(1), m.group(2)),) if (m := _UNIT.fullmatch(text)) else ())):
            for key in (fold(name), fold(name.removeprefix("是否"))):
                entry = self.entries.get(key)
                if entry is not None:
                    return entry, unit
        return None

    def known(self, header: str) -> bool:
        return self.find(header) is not None

    def suggest(self, header: str) -> list[str]:
        text = fold(_UNIT.sub(r"\1", unicodedata.normalize("NFKC", header)))
        return [self.spellings[k] for k in nearest(text, list(self.spellings), n=2)]


def _field_paths() -> list[str]:
    """Every field of the record, dotted for nested facts (site.ecological_red_line)."""
    from pydantic import BaseModel

    from minplan.record import Record

    out: list[str] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, info in model.model_fields.items():
            annotation = info.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                walk(annotation, f"{prefix}{name}.")
            else:
                out.append(prefix + name)

    walk(Record, "")
    return out


@cache
def header_map() -> HeaderMap:
    from minplan.resources import data_dir
    from minplan.yamlio import load_data_file

    return HeaderMap(load_data_file(data_dir() / "sheet_headers.yaml"), _field_paths())


# ---- cells ----


class _FormulaError:
    """A formula cell whose saved value is an error (#DIV/0!, #N/A …): no value, but not an empty cell either."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "a formula error"


FORMULA_ERROR = _FormulaError()


class ShownOtherwise:
    """A number cell shown as another figure than its value (20000 shown as 2.0000 by the 万 format 0!.0000, 2000 as
    2.0 by 0.0,): which of the two was meant the file does not say."""

    __slots__ = ("shown", "value")

    def __init__(self, value: float, shown: Msg) -> None:
        self.value = value
        self.shown = shown  # how: "by its number format '0!.0000'", or "as “2.0000”"

    def __repr__(self) -> str:
        return f"{typed_cell(self.value)!r} (shown {self.shown})"


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def typed_cell(value: Any) -> Any:
    """A workbook cell as the record reads it: a whole number as an int (Excel keeps every number as a float)."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


class _Refused(Exception):
    def __init__(self, message: Msg, column: Column) -> None:
        super().__init__(str(message))
        self.msg = message
        self.column = column


def _value(
    raw: Any, column: Column, typed: bool, shown_in_percent: bool | None = False, suffix: str | None = None
) -> Any:
    """A cell's value for its field: a bare number of a column with a unit in its header gets that unit; a number
    cell formatted as a percentage, the figure it shows (0.85 shown as 85%: 85). ``shown_in_percent`` is None
    where the file's number formats are not known (.xls)."""
    if column.none and isinstance(raw, str) and fold(raw) in column.none:
        return []
    if column.is_list and isinstance(raw, str):
        # a cell of separators alone (、) lists nothing: kept whole, the field refuses it, as it is no "none"
        return [part.strip() for part in _SEPARATORS.split(raw) if part.strip()] or raw
    number = isinstance(raw, int | float) and not isinstance(raw, bool)
    if typed and number and suffix and column.kind in _OWN_UNITS:
        said = _own_unit(column.kind, suffix)
        if said is None or (column.unit is not None and said != column.unit):
            takes = column.unit or _TAKES[column.kind]
            raise _Refused(
                Msg(
                    "{raw!r} is shown as {raw!r}{suffix}: the cell's number format adds {suffix!r}, the column takes "
                    "{takes}, and which the figure is in the file does not say; clear the cell's number format, or "
                    "write the figure with its unit as text",
                    raw=raw,
                    suffix=suffix,
                    takes=takes,
                ),
                column,
            )
        if column.kind == "grade" and column.unit is None:
            column = replace(column, unit=said)  # the format says which: 3 shown as 3g/t is 3 g/t
    if column.kind == "grade" and column.unit is None and typed and number and shown_in_percent is None:
        raise _Refused(
            Msg(
                "{raw!r} in a grade column that gives no unit, in a workbook whose cell formats are not read here "
                "(.xls): a format may show it in g/t (5 shown as 5g/t), and the file does not say; give the column's "
                "unit in its header (品位（%）, 品位（克/吨）) or save the workbook as .xlsx",
                raw=raw,
            ),
            column,
        )
    if column.kind == "grade" and column.unit == "g/t":
        if typed and number and shown_in_percent:
            raise _Refused(
                Msg(
                    "{raw!r} is shown as {percent:.15g}%: the cell is formatted as a percentage in a column in "
                    "g/t (克/吨), and which the grade is the file does not say; clear the cell's percentage format",
                    raw=raw,
                    percent=percent_of(raw),
                ),
                column,
            )
        if typed and number and shown_in_percent is None and 0 < raw <= 1:
            raise _Refused(
                Msg(
                    "{raw!r} in a column in g/t (克/吨) of a workbook whose cell formats are not read here (.xls): a "
                    "cell formatted as a percentage holds {raw!r} for {hundred:g}%, and the file does not say which it "
                    "is; write the grade with its unit as text ('{raw!r} g/t'), or save the workbook as .xlsx",
                    raw=raw,
                    hundred=raw * 100,
                ),
                column,
            )
        if number:
            return f"{raw!r} g/t"
        if isinstance(raw, str) and _BARE.fullmatch(figure_text(raw).strip()):
            return f"{raw.strip()} g/t"
        return raw  # text with its own unit (0.5%, 3克/吨) as written
    if typed and number and shown_in_percent and column.kind not in ("percent", "grade"):
        shown = f"{percent_of(raw):.15g}%"
        raise _Refused(
            Msg(
                "{raw!r} is shown as {shown}: the cell is formatted as a percentage in a column that takes no "
                "percentage, and which figure was meant the file does not say; clear the cell's percentage format",
                raw=raw,
                shown=shown,
            ),
            column,
        )
    if column.kind in ("percent", "grade"):  # a grade in %, by its header or by saying no unit
        if typed and number and shown_in_percent:  # said as a percentage: the record takes "57%" as such
            return f"{percent_of(raw)!r}%"
        if typed and number and 0 < raw <= 1:
            raise _Refused(
                Msg(
                    "{raw!r} in a percentage column: a cell formatted as a percentage holds {raw!r} for "
                    "{hundred:g}%, and the file does not say which it is; write the percentage as a figure "
                    "({hundred:g} for {hundred:g}%), or with its sign ('{raw}%' for {raw}%)",
                    raw=raw,
                    hundred=raw * 100,
                ),
                column,
            )
        return raw  # "85%" kept: the record reads the sign as saying the figure is a percentage
    if column.kind in ("rate", "area") and column.unit is not None:
        if typed and number and suffix and _unit_name(suffix) != column.unit:
            raise _Refused(
                Msg(
                    "{raw!r} is shown as {raw!r}{suffix}: the cell's number format adds {suffix!r}, the header gives "
                    "{unit}, and which the figure is in the file does not say; clear the cell's number format, "
                    "or write the figure with its unit as text",
                    raw=raw,
                    suffix=suffix,
                    unit=column.unit,
                ),
                column,
            )
        bare = number or (isinstance(raw, str) and _BARE.fullmatch(figure_text(raw).strip()))  # 10⁴ is no figure
        if bare:
            return {"value": raw, "unit": column.unit}
    return raw


_TAKES: dict[str, Msg | str] = {"percent": "%", "grade": Msg("% or g/t (克/吨)"), "days": "天", "density": "吨/立方米"}
# the fields that read a bare figure in a unit of their own (a grade in % or g/t), not as a quantity with its unit
_OWN_UNITS = frozenset(_TAKES)


def _own_unit(kind: str, text: str) -> str | None:
    """The unit ``text`` (a header's or a number format's) gives a field of ``kind``: a grade's % or g/t, the
    others' own unit as found; ``None`` when it is none the field takes."""
    unit = _squeezed(text).casefold()
    if kind in ("percent", "grade") and unit in ("%", "百分比"):
        return "%"
    if kind == "grade" and in_grams_per_tonne(unit):
        return "g/t"
    if (kind == "days" and unit in _DAYS) or (kind == "density" and unit in _DENSITY):
        return unit
    return None


def _unit_name(text: str) -> str | None:
    """The unit a number format's text names (吨/日), or ``None``."""
    from minplan.quantities import QuantityError
    from minplan.quantities import unit as find_unit

    try:
        return find_unit(_squeezed(text)).name
    except QuantityError:
        return None


# ---- the header row ----

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_POWER = re.compile(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹]+)")


def _powers(text: str) -> str:
    """A unit's power of ten as written in a header (10⁴t/a) in the form units read (10^4t/a): folded, 10⁴ would
    become 104 (a record's figure with a superscript is refused instead: there 10⁴ may be a figure)."""
    return _POWER.sub(lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text) if "10" in text else text


def _header_unit(column: Column, unit: str | None) -> Problem | Column:
    """The column with its header's unit checked against what the field takes."""
    if unit is None:
        return column
    from minplan.quantities import QuantityError
    from minplan.quantities import unit as find_unit

    kind = column.kind
    if kind in ("rate", "area"):
        try:
            found = find_unit(unit)
        except QuantityError as exc:
            return Problem.of(
                Msg("header {header!r}: {error}", header=column.header, error=msg_of(exc)), column=column.number
            )
        if kind == "rate" and not found.is_rate:
            return Problem.of(
                Msg(
                    "header {header!r}: {unit} is an amount, not a rate (万吨/年, 吨/日 …)",
                    header=column.header,
                    unit=unit,
                ),
                column=column.number,
            )
        if kind == "area" and found.dimension != "area":
            return Problem.of(
                Msg(
                    "header {header!r}: {unit} is not a unit of area (平方千米, 公顷)", header=column.header, unit=unit
                ),
                column=column.number,
            )
        return replace(column, unit=found.name)
    if kind in _OWN_UNITS and (said := _own_unit(kind, unit)) is not None:
        return replace(column, unit=said) if kind == "grade" else column
    field = ".".join(map(str, column.path or ()))
    why = (
        Msg("{field} takes {takes} here", field=field, takes=_TAKES[kind])
        if kind in _TAKES
        else Msg("{field} takes no unit in its header", field=field)
    )
    return Problem.of(
        Msg("header {header!r}: unit {unit!r} is not read ({why})", header=column.header, unit=unit, why=why),
        column=column.number,
    )


def _column(number: int, header: str, entry: _Entry, hmap: HeaderMap) -> Column:
    return Column(
        number,
        header,
        entry.path,
        entry.kind,
        None,
        entry.is_list,
        entry.noted,
        entry.reason,
        entry.reason_zh,
        hmap.none_words if entry.none else frozenset(),
    )


def _columns(cells: Sequence[Any], hmap: HeaderMap) -> tuple[list[Column], list[Problem]]:
    columns: list[Column] = []
    problems: list[Problem] = []
    for i, raw in enumerate(cells):
        if empty(raw):
            continue
        header = str(raw).strip()
        found = hmap.find(_powers(header))
        if found is None:
            problems.append(
                Problem.of(
                    Msg(
                        "unknown column header {header!r}{suggestion}; data/sheet_headers.yaml lists the headers read "
                        "(the sheet's rows are not read until every column is known)",
                        header=header,
                        suggestion=_did_you_mean(hmap.suggest(header)),
                    ),
                    column=i + 1,
                )
            )
            continue
        entry, unit = found
        column = _column(i + 1, header, entry, hmap)
        checked = _header_unit(column, unit) if entry.path is not None else column
        (problems if isinstance(checked, Problem) else columns).append(checked)  # type: ignore[arg-type]
    return columns, problems


def _did_you_mean(hint: list[str]) -> Msg | str:
    """`` (did you mean '产能' or '生产规模'?)`` after an unknown header, for the nearest known ones (two at most)."""
    if len(hint) >= 2:
        return Msg(" (did you mean {first!r} or {second!r}?)", first=hint[0], second=hint[1])
    return Msg(" (did you mean {first!r}?)", first=hint[0]) if hint else ""


def _known(row: Sequence[Any], hmap: HeaderMap, most: int = 1 << 30) -> int:
    """How many cells of ``row`` are known headers (counting stops at ``most``)."""
    known = 0
    for cell in row:
        if isinstance(cell, str) and cell.strip() and hmap.known(cell.strip()):
            known += 1
            if known >= most:
                break
    return known


def known_headers(row: Sequence[Any]) -> int:
    """How many cells of ``row`` name a known column."""
    return _known(row, header_map())


def _find_header(rows: Sequence[Sequence[Any]], hmap: HeaderMap) -> int | None:
    """The index of the header row: of the first rows, the one naming the most known headers (at least two)."""
    best, score = None, 1
    for i, row in enumerate(rows[:HEADER_SCAN]):
        known = _known(row, hmap)
        if known > score:
            best, score = i, known
    return best


def _header_like(row: Sequence[Any], hmap: HeaderMap, seen: dict[str, bool]) -> bool:
    """Does ``row`` name two known headers, as a header row does (a second table's)? ``seen`` remembers cells."""
    known = 0
    for cell in row:
        if isinstance(cell, str):
            text = cell.strip()
            found = seen.get(text)
            if found is None:
                found = seen[text] = bool(text) and hmap.known(text)
            known += found
            if known >= 2:
                return True
    return False


def _other_table(number: int, where: Msg, sheet: str | None, headers: dict[int, str]) -> Document:
    """A header row besides the table's own: the rows it heads are not read under the wrong headers."""
    message = Msg(
        "row {number} is a header row too (it names known columns) {where}: one table per sheet, put the other "
        "table on a sheet of its own",
        number=number,
        where=where,
    )
    return Document(
        0, line=number, problem=Problem.of(message, number, sheet=sheet, table=True), sheet=sheet, headers=headers
    )


def _unit_cell(text: str) -> str:
    """A unit as a row of units writes it: spaces, brackets round it and a leading (计量)单位： dropped ("" for
    the word alone, beside the units)."""
    unit = _squeezed(text)
    for _ in range(2):  # （单位：克/吨） and 单位：（克/吨）
        if len(unit) > 2 and unit[0] == "(" and unit[-1] == ")":
            unit = unit[1:-1]
        unit = re.sub(r"^(?:计量)?单位:?", "", unit)
    return unit


def _units_row(row: Sequence[Any], columns: list[Column]) -> list[Column] | Problem | None:
    """A row right below the header that gives units only (万吨/年 under 生产规模): the columns with them.

    A unit there that is not the one the column's header already gives (生产规模（万吨/年） over 吨/日) is a
    problem: which of the two the column's numbers are in, the file does not say. So is one not read in a row
    that gives a unit to a percentage, grade, days or density column (ppm under 品位, or 万吨/a beside 克/吨):
    those read a bare figure in a unit of their own, and read as a record's row the units would be lost. A row
    of units for rates and areas alone is left to be read as a record's when one is not read, and fails as one
    (a bare figure there needs a unit)."""
    by_number = {c.number: c for c in columns}
    units = {i + 1: str(cell).strip() for i, cell in enumerate(row) if not empty(cell)}
    if not units or any(not isinstance(row[n - 1], str) for n in units):
        return None
    units = {n: unit for n, text in units.items() if (unit := _unit_cell(_powers(text)))}  # 单位 alone is none
    if not units or any(by_number.get(n) is None or by_number[n].kind is None for n in units):
        return None  # a row with a value in a column of no unit is a record's
    # text only, and only under columns that take a unit: no record's row, but the units of the rows below
    out = dict(by_number)
    clash: Problem | None = None
    own = any(by_number[n].kind in _OWN_UNITS for n in units)  # a unit above grades: the row is a row of units
    for number, unit in units.items():
        column = by_number[number]
        checked = _header_unit(column, unit)
        if isinstance(checked, Problem):
            if not own:
                return None
            said = Msg.both(checked.message, checked.message_in("zh"))
            return Problem.of(
                Msg("the row of units under the header: {message}", message=said),
                column=checked.column,
                field=dotted(column.path or ()),
            )
        if column.unit is not None and checked.unit != column.unit and clash is None:
            clash = Problem.of(
                Msg(
                    "header {header!r} gives the unit {unit}, the row of units under it {under!r}: "
                    "write the column's unit once",
                    header=column.header,
                    unit=column.unit,
                    under=unit,
                ),
                column=number,
            )
        out[number] = checked
    return clash or [out[n] for n in sorted(out)]


# ---- rows ----


def fill_merged(rows: list[list[Any]], merged: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A cell merged over several rows (a county written once for three records) stands in each row it spans:
    its value is put in the first column of every row of the range. A range within one row (a merged title or
    note) stays one cell."""
    for (r0, c0), (r1, _c1) in merged:
        if r1 <= r0 or r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0 + 1, min(r1, len(rows) - 1) + 1):
            if c0 < len(rows[r]) and empty(rows[r][c0]):
                rows[r][c0] = value


def _set(data: dict[str, Any], path: Path_, value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(str(part), {})
    node[str(path[-1])] = value


def _span(rows: list[int]) -> str:
    """Row numbers as runs: row 3; rows 3–5; rows 3, 5–7 (a run is rows one after another, none between)."""
    runs: list[list[int]] = []
    for number in rows:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    text = ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)
    return f"row {text}" if len(rows) == 1 else f"rows {text}"


def documents(
    rows: Sequence[Sequence[Any]],
    limits: Limits,
    *,
    sheet: str | None = None,
    first_row: int = 1,
    start: int = 0,
    typed: bool = True,
    percent: Callable[[int, int], bool] | None = None,
    suffix: Callable[[int, int], str | None] | None = None,
    counted: list[int] | None = None,
) -> Iterator[Document]:
    """The records of one table, in row order; ``first_row`` is the number of ``rows[0]``. ``percent`` says whether
    the number cell at a row and column (1-based) is formatted as a percentage, ``suffix`` the text its number
    format adds (0"吨/日": 吨/日), if any. ``counted`` holds the records read from the file so far (its other
    sheets), which --max-documents bounds with these.

    An empty table yields one ignored document; a table with no header row, or with a header the map does
    not know, yields problems (no record is read from it).
    """
    hmap = header_map()
    name = f"sheet {sheet}" if sheet is not None else ""
    index = start
    if not any(not empty(cell) for row in rows for cell in row):
        yield Document(index, sheet=sheet, headers={}, ignored=(name, "an empty sheet", "空工作表"))
        return
    at = _find_header(rows, hmap)
    if at is None:
        yield Document(
            index,
            line=first_row,
            problem=Problem.of(
                Msg(
                    "no header row: none of the first {rows} rows names two known columns (编号, 所在县（市、区）, "
                    "开采矿种 … or the record's field names; data/sheet_headers.yaml lists them); the sheet is not "
                    "read{more}",
                    rows=HEADER_SCAN,
                    more=Msg("; --sheet chooses the sheets to read") if sheet is not None else "",
                ),
                sheet=sheet,
                table=True,
            ),
            sheet=sheet,
            headers={},
        )
        return
    header_row = first_row + at
    columns, problems = _columns(rows[at], hmap)
    headers = {c.number: c.header for c in columns}
    for problem in problems:
        header = rows[at][problem.column - 1] if problem.column else None
        yield Document(
            index,
            line=header_row,
            problem=problem._replace(line=header_row, sheet=sheet, header=str(header).strip(), table=True),
            sheet=sheet,
            headers=headers,
        )
        index += 1
    if problems:
        return
    body = at + 1
    if body < len(rows):
        with_units = _units_row(rows[body], columns)
        if isinstance(with_units, Problem):
            line = first_row + body
            problem = with_units._replace(line=line, sheet=sheet, header=headers.get(with_units.column), table=True)
            yield Document(index, line=line, problem=problem, sheet=sheet, headers=headers)
            return
        if with_units is not None:
            columns, body = with_units, body + 1
    seen: dict[str, bool] = {}
    above = next((i for i in range(at) if _header_like(rows[i], hmap, seen)), None)
    if above is not None:  # a table above this one: its rows would otherwise pass for title rows, unread
        where = Msg(
            "above the header row {header_row}; rows {first}–{last} are not read",
            header_row=header_row,
            first=first_row + above,
            last=header_row - 1,
        )
        doc = _other_table(first_row + above, where, sheet, headers)
        doc.index = index
        yield doc
        index += 1
    by_number = {c.number: c for c in columns}
    own = [fold(str(cell)) for cell in rows[at] if not empty(cell)]
    ignored_rows: list[int] = []
    repeated: list[int] = []
    # rows of one cell that reads as a note (注…): notes if no record follows them, else rows of the table
    pending: list[tuple[int, list[tuple[int, Any]]]] = []
    read = 0
    counted = [0] if counted is None else counted
    for offset, row in enumerate(rows[body:]):
        number = first_row + body + offset
        filled = [(i + 1, cell) for i, cell in enumerate(row) if not empty(cell)]
        if not filled:
            continue
        if _header_like(row, hmap, seen):
            if [fold(str(cell)) for _, cell in filled] == own:  # the header repeated (between groups of rows)
                repeated.append(number)
                continue
            # a second table: its rows are not read under this table's headers (another unit, other columns)
            where = Msg(
                "below the header row {header_row}; it and the rows below it are not read", header_row=header_row
            )
            doc = _other_table(number, where, sheet, headers)
            doc.index = index
            yield doc
            index += 1
            break
        head = filled[0][1]
        if isinstance(head, str) and fold(head) in hmap.totals:
            ignored_rows.append(number)
            continue
        if isinstance(head, str) and len(filled) == 1 and fold(head).startswith(hmap.notes):
            pending.append((number, filled))  # a note below the table, or a record of one cell (注销-02)
            continue
        for row_number, row_filled in [*pending, (number, filled)]:
            read += 1
            counted[0] += 1
            if counted[0] > limits.max_documents:
                raise ReadError(
                    Msg(
                        "more than {most} records in one file (--max-documents): row {row} and those after it are "
                        "not read",
                        most=limits.max_documents,
                        row=row_number,
                    )
                    if sheet is None
                    else Msg(
                        "more than {most} records in one file (--max-documents): row {row} and those after it, on "
                        "the sheets after too, are not read",
                        most=limits.max_documents,
                        row=row_number,
                    ),
                    row_number,
                    sheet=sheet,
                )
            yield _row_document(index, row_number, row_filled, by_number, sheet, headers, typed, percent, suffix)
            index += 1
        pending.clear()
    ignored_rows = sorted(ignored_rows + [number for number, _ in pending])
    if repeated:
        what = " › ".join(p for p in (name, _span(repeated)) if p)
        yield Document(index, sheet=sheet, headers={}, ignored=(what, "the header row repeated", "重复的表头行"))
        index += 1
    if ignored_rows:
        what = " › ".join(p for p in (name, _span(ignored_rows)) if p)
        reason = ("notes or totals below the table", "表格下方的注释或合计行")
        yield Document(index, sheet=sheet, headers={}, ignored=(what, *reason))
    elif read == 0:
        yield Document(
            index, sheet=sheet, headers={}, ignored=(name, "a header row and no record under it", "只有表头、没有记录")
        )


def _row_document(
    index: int,
    number: int,
    filled: list[tuple[int, Any]],
    columns: dict[int, Column],
    sheet: str | None,
    headers: dict[int, str],
    typed: bool,
    percent: Callable[[int, int], bool] | None = None,
    suffix: Callable[[int, int], str | None] | None = None,
) -> Document:
    data: dict[str, Any] = {}
    where: dict[Path_, Position] = {(): (number, None)}  # type: ignore[dict-item]
    notes: list[Msg] = []

    def problem(message: Msg, column: int | None, field: Path_ | None = None) -> Document:
        header = headers.get(column) if column else None
        issue = Problem.of(message, number, column, dotted(field) if field else None, sheet, header, table=True)
        return Document(index, None, number, issue, sheet=sheet, headers=headers)

    for col, raw in filled:
        column = columns.get(col)
        if column is None:
            return problem(Msg("a value in a column with no header: {raw!r}", raw=raw), col)
        if column.path is None:
            if column.noted:
                why = Msg.both(column.reason, column.reason_zh or column.reason)
                notes.append(
                    Msg(
                        "column {letter} ({header}) not read ({why}): {raw}",
                        letter=column_letter(col),
                        header=column.header,
                        why=why,
                        raw=raw,
                    )
                )
            continue
        if raw is FORMULA_ERROR:
            return problem(
                Msg("the cell's formula gives an error (#DIV/0!, #N/A, #VALUE! …): its value is not known"),
                col,
                column.path,
            )
        if type(raw) is ShownOtherwise:
            return problem(
                Msg(
                    "{value!r} is shown {shown}, another figure than the cell holds (its format divides it by 1 000 a "
                    "comma, or sets a point of its own, as the 万 format 0!.0000 does), and which was meant the file "
                    "does not say: clear the cell's number format and write the figure meant, or write it with its "
                    "unit as text",
                    value=typed_cell(raw.value),
                    shown=raw.shown,
                ),
                col,
                column.path,
            )
        path = column.path
        if path in where:
            first = where[path][1]
            return problem(
                Msg(
                    "columns {first} ({first_header}) and {second} ({second_header}) both give {field}: fill one of "
                    "them",
                    first=column_letter(first),
                    first_header=headers[first],
                    second=column_letter(col),
                    second_header=column.header,
                    field=".".join(map(str, path)),
                ),
                col,
            )
        try:
            figure = isinstance(raw, int | float) and not isinstance(raw, bool)
            # a number formatted as a percentage; None where the file's formats are not read (.xls)
            shown = (None if percent is None else percent(number, col)) if figure else False
            added = suffix(number, col) if suffix is not None and figure else None
            value = _value(typed_cell(raw) if typed else raw, column, typed, shown, added)
        except _Refused as exc:
            return problem(exc.msg, col, column.path)
        _set(data, path, value)
        where[path] = (number, col)
    return Document(index, data, number, positions=lambda: dict(where), notes=notes, sheet=sheet, headers=headers)
