"""A bureau's ledger of existing mines (台账), counted under a batch's applications.

A ledger is read by the same readers as records: a workbook (every sheet with a table, the same header map,
a unit in the header) or a CSV file, one mine per row; or a YAML or JSON list of mines (``mines:``).
Zone names resolve to the zones' codes as a record's do, against the plans in force on the row's date
(``date``, 台账日期; else today). A row that cannot be read is an error naming file, sheet, row and column.
"""

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from minplan.readers import DEFAULT_LIMITS, Document, Limits, Problem, ReadError, Source, read_bytes, reader_for
from minplan.readers.base import validation_msg
from minplan.readers.workbook import WorkbookReader
from minplan.record import Day, QuantityField, Text, WholeNumber, county_code, right_mineral
from minplan.say import Msg, Refusal, msg_of
from minplan.vocab import Application, DepositScale, Right, enum_value

if TYPE_CHECKING:
    from minplan.rulebook import Corpus


class BaselineError(Refusal):
    """A ledger that cannot be read; names file, sheet, row and column (or line) (``.msg``: in both languages)."""

    def __init__(self, message: Msg | str) -> None:
        super().__init__(message if isinstance(message, Msg) else Msg.verbatim(message))


class Mine(BaseModel):
    """One existing mine of the ledger."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)

    id: Text
    county: str
    mineral: str
    capacity: QuantityField | None = None
    output: QuantityField | None = None
    working_days: WholeNumber | None = Field(None, le=366)  # a daily capacity or output's days a year
    mine_scale: DepositScale | None = None
    holder: Text | None = None
    zones: list[str] | None = None  # [] in no zone; None not given (a cap on a zone's rights cannot count it)
    date: Day | None = None  # the ledger's date: which plans' zone tables its zones are named by
    # a ledger of rights (矿业权台账) lists exploration rights and closed mines too: neither is a mine to count
    right: Right | None = None
    application: Application | None = None

    @field_validator("right", "application", mode="before")
    @classmethod
    def _kind(cls, raw: Any, info: Any) -> Any:
        if raw in ("", None):
            return None
        return enum_value(Right if info.field_name == "right" else Application, raw)

    def not_a_mine(self) -> tuple[str, str] | None:
        """Why the row is no mine to count (zh, en), or None."""
        if self.right == Right.exploration:
            return "探矿权，不是矿山", "an exploration right, no mine"
        if self.application == Application.cancellation:
            return "注销", "cancelled (注销)"
        return None

    @field_validator("county", mode="before")
    @classmethod
    def _county(cls, raw: Any) -> str:
        return county_code(raw)  # a prefecture's row would be counted nowhere: refused

    @field_validator("mineral", mode="before")
    @classmethod
    def _mineral(cls, raw: Any) -> str:
        if isinstance(raw, list):  # the minerals of a right, main first: the main one is counted
            raw = raw[0] if raw else ""
        return right_mineral(raw)  # a rock of several uses (花岗岩) says which: each use is counted apart

    @field_validator("mine_scale", mode="before")
    @classmethod
    def _scale(cls, raw: Any) -> Any:
        return None if raw in ("", None) else enum_value(DepositScale, raw)

    @field_validator("capacity", "output", "holder", "working_days", mode="before")
    @classmethod
    def _blank(cls, raw: Any) -> Any:
        return None if raw == "" else raw

    @field_validator("zones", mode="before")
    @classmethod
    def _zones(cls, raw: Any) -> Any:
        if raw in (None, ""):
            return None
        if isinstance(raw, str):
            return [raw.strip()]  # split where it lists several: a zone's name may hold 、 or a comma
        return [str(z).strip() for z in raw if str(z).strip()]


def _upper(mine: Mine) -> Mine:
    """Zones as codes written (no zone tables at hand to resolve names by)."""
    if not mine.zones:
        return mine
    codes = [z.upper() for item in mine.zones for z in _ZONE_SEPARATORS.split(item) if z]
    return mine.model_copy(update={"zones": codes})


class LedgerSource(NamedTuple):
    """Where mines of the ledger came from: a file, and the sheet of a workbook."""

    file: str
    sheet: str | None
    count: int

    def where(self) -> str:
        return f"{self.file} › {self.sheet}" if self.sheet is not None else self.file


class Ledger(list[Mine]):
    """The mines of a ledger, and how many came from which file and sheet."""

    def __init__(
        self,
        mines: list[Mine],
        sources: list[LedgerSource],
        unused: tuple[str, ...] = (),
        left_out: tuple[tuple[str, str, str], ...] = (),
    ) -> None:
        super().__init__(mines)
        self.sources = sources
        self.unused = unused  # record fields a table gave that a ledger does not count by (said in the run's notes)
        self.left_out = left_out  # (id, why zh, why en) of rows that are no mine: not counted, said in the notes


_SEPARATORS = re.compile(r"[、,，;；]")
_ZONE_SEPARATORS = re.compile(r"[、,，;；\s]+")

# record fields (as a table's header map names them) → the ledger's
_FROM_TABLE = {
    ("id",): "id",
    ("location", "county"): "county",
    ("location", "zones"): "zones",
    ("minerals",): "mineral",
    ("mineral",): "mineral",
    ("capacity",): "capacity",
    ("operation", "output"): "output",
    ("working_days",): "working_days",
    ("mine_scale",): "mine_scale",
    ("holder",): "holder",
    ("date",): "date",
    ("right",): "right",
    ("application",): "application",
}


def _leaves(data: Any, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, str(key)))]
    return [path] if data not in (None, "", []) else []


def _unused(data: dict[str, Any]) -> set[str]:
    """The filled fields of a table row (record-shaped) that a ledger does not take."""
    taken = [leaf for leaf in _leaves(data) if not any(leaf[:n] in _FROM_TABLE for n in range(1, len(leaf) + 1))]
    return {".".join(leaf) for leaf in taken}


def _from_table(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """A table row (record-shaped) as a mine's fields, and the record path each came from."""
    out: dict[str, Any] = {}
    paths: dict[str, tuple[str, ...]] = {}
    for path, name in _FROM_TABLE.items():
        node: Any = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            continue
        if name == "mineral" and isinstance(node, str):
            node = [part for part in _SEPARATORS.split(node) if part.strip()]
        out[name], paths[name] = node, path
    return out, paths


def _rows(source: Source, limits: Limits, unused: set[str]) -> list[tuple[Document, dict[str, Any], Any]]:
    """(document, mine fields, where each field stands) for every row of the ledger; ``unused`` learns the fields
    a table's rows fill that a ledger does not take."""
    reader = reader_for(source.name)
    if reader is None:
        raise BaselineError(
            Msg("{name}: a ledger is YAML, JSON, CSV or a workbook (xlsx, xlsm, xls, ods)", name=source.name)
        )
    out: list[tuple[Document, dict[str, Any], Any]] = []
    try:
        docs = list(reader.documents(source, limits))
    except ReadError as exc:
        raise BaselineError(_for_ledger(exc.problem, source.name)) from None
    for doc in docs:
        if doc.ignored is not None:
            continue
        if doc.problem is not None:
            raise BaselineError(_for_ledger(doc.problem, source.name))
        if doc.table:
            fields, paths = _from_table(doc.data)
            unused |= _unused(doc.data)
            out.append((doc, fields, paths))
            continue
        data = doc.data.get("mines") if isinstance(doc.data, dict) else doc.data
        prefix: tuple[Any, ...] = ("mines",) if isinstance(doc.data, dict) else ()
        if not isinstance(data, list):
            raise BaselineError(Msg("{name}: expected a list of mines (or a mapping with 'mines:')", name=source.name))
        for i, mine in enumerate(data):
            if not isinstance(mine, dict):
                raise BaselineError(Msg("{name}: mine {n}: expected a mapping of fields", name=source.name, n=i + 1))
            out.append((doc, mine, (*prefix, i)))
    return out


def _for_ledger(problem: Problem, file: str) -> Msg:
    """A reader's problem with its file, as a ledger's: its sheets are chosen with ``--baseline FILE#SHEET``,
    not ``--sheet``."""
    en, zh = (problem.located(file, lang).replace("--sheet", "--baseline FILE#SHEET") for lang in ("en", "zh"))
    return Msg.both(en, zh)


def _problem(doc: Document, where: Any, field: str, message: Msg | str) -> Problem:
    """Where a ledger's field stands: sheet, row and column of a table, or line of a YAML/JSON file."""
    if doc.table:
        path = where.get(field)
        line, column = doc.positions().get(path, (doc.line, None)) if path else (doc.line, None)
        header = (doc.headers or {}).get(column) if column else None
        return Problem.of(message, line, column, field, doc.sheet, header, table=True)
    positions = doc.positions()
    line, column = positions.get((*where, field)) or positions.get(where) or (None, None)
    return Problem.of(message, line, column, field)


def ledger_spec(given: Path | str) -> tuple[Path, tuple[str, ...]]:
    """``FILE`` or ``FILE#SHEET[,SHEET…]`` (a workbook's sheets of mines, the others not read): the file and the
    sheets. A file whose own name holds ``#`` is taken whole when it exists."""
    text = str(given)
    if Path(text).exists() or "#" not in text:
        return Path(text), ()
    name, _, sheets = text.rpartition("#")
    chosen = tuple(s.strip() for s in sheets.split(",") if s.strip())
    if not chosen:  # "mines.xlsx#": a choice begun and not made is not "every sheet"
        raise BaselineError(Msg("{name}: no sheet named after #", name=text))
    return Path(name), chosen


def load_baseline(
    path: Path | str, corpus: "Corpus | None" = None, sheets: tuple[str, ...] = (), limits: Limits = DEFAULT_LIMITS
) -> Ledger:
    """Every mine of the ledger (of ``sheets`` only, when given), read within ``limits`` as the run's other inputs
    are (--max-bytes, --max-documents); a bad row is an error naming where it stands."""
    name = str(path)
    if sheets and Path(name).suffix.lower() not in WorkbookReader.suffixes:
        raise BaselineError(
            Msg(
                "{name}#{sheets}: only a workbook has sheets to choose; {name} is not one",
                name=name,
                sheets=",".join(sheets),
            )
        )
    try:
        source = Source(name, read_bytes(name, limits.max_bytes))
    except ReadError as exc:
        said = exc.problem.said()
        raise BaselineError(Msg("{name}: {message}", name=name, message=said)) from None
    mines: list[Mine] = []
    counts: dict[str | None, int] = {}
    unused: set[str] = set()
    seen: dict[str, Problem] = {}  # where each id stands first
    left_out: list[tuple[str, str, str]] = []
    for doc, fields, where in _rows(source, limits._replace(sheets=sheets), unused):
        try:
            mine = Mine.model_validate(fields)
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            field = ".".join(str(p) for p in first["loc"]) or "?"
            message = validation_msg(first)
            if first["type"] == "extra_forbidden":
                keys = ", ".join(Mine.model_fields)
                message = Msg("unknown key '{key}' (a ledger's keys: {keys})", key=field, keys=keys)
            raise BaselineError(_located(_problem(doc, where, field.split(".")[0], message), name)) from None
        first = seen.get(mine.id)
        if first is not None:
            # the same mine twice is counted twice, two mines of one id once where rights are counted by id
            at = Msg.both(first.where("en"), first.where("zh")) if first.where() else Msg("an earlier row")
            message = Msg(
                "{id!r} is given twice (first at {at}): each mine once, each with its own id", id=mine.id, at=at
            )
            raise BaselineError(_located(_problem(doc, where, "id", message), name))
        seen[mine.id] = _problem(doc, where, "id", "")
        why = mine.not_a_mine()
        if why is not None:
            left_out.append((mine.id, *why))
            continue
        if corpus is not None and mine.zones:
            mine = _resolved(mine, corpus, lambda message, d=doc, w=where: _problem(d, w, "zones", message), name)
        else:
            mine = _upper(mine)
        mines.append(mine)
        counts[doc.sheet] = counts.get(doc.sheet, 0) + 1
    sources = [LedgerSource(name, sheet, n) for sheet, n in counts.items()]
    return Ledger(mines, sources, tuple(sorted(unused)), tuple(left_out))


def _located(problem: Problem, file: str) -> Msg:
    """A ledger's problem with its file, in both languages."""
    return problem.said_at(file)


def _resolved(mine: Mine, corpus: "Corpus", at: Any, name: str) -> Mine:
    """The mine with its zones as the zones' codes, named as records name them."""
    day = mine.date or dt.date.today()
    index = corpus.zone_index(mine.county, day)
    where = f"for {mine.county} under the plans in force on {day.isoformat()} ({', '.join(index.plans) or 'none'})"
    values, errors = index.resolve_list(list(mine.zones), where)
    if errors:
        message = msg_of(errors[0][1])
        if mine.date is None:  # zones are named by the plans in force on the ledger's date: today, unless given
            message = Msg(
                "{message}; a ledger of another period names its zones by that period's plans: "
                "give its date (台账日期)",
                message=message,
            )
        raise BaselineError(_located(at(message), name))
    return mine.model_copy(update={"zones": values})
