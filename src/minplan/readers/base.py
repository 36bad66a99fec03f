"""What every reader of an input format shares: limits, the documents it yields, the errors it raises."""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple, Protocol

from minplan.say import Msg, pydantic_msg

Path_ = tuple[str | int, ...]
"""Where a value stands in a document: keys and list indexes, e.g. ("location", "zones", 0)."""

Position = tuple[int, int]
"""1-based line and column (for a spreadsheet: row and column)."""

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 5000
MAX_NODES = 100_000
MAX_FILE_NODES = 1_000_000
MAX_DEPTH = 64


class Limits(NamedTuple):
    """Bounds on what one input may cost; every reader applies them and names the one passed."""

    max_bytes: int = MAX_FILE_BYTES  # bytes read from the file (not what stat says)
    max_documents: int = MAX_DOCUMENTS  # documents (records) in one file
    max_nodes: int = MAX_NODES  # values in one document, aliases expanded
    max_file_nodes: int = MAX_FILE_NODES  # values in one file, aliases expanded
    max_depth: int = MAX_DEPTH  # nesting of mappings and lists
    sheets: tuple[str, ...] = ()  # a workbook's sheets to read (--sheet); every sheet when empty


DEFAULT_LIMITS = Limits()


class Problem(NamedTuple):
    """What is wrong, and where (as far as known): one reason an input could not be read or validated.

    In a table (a spreadsheet or CSV file) ``line`` is the row and ``column`` the column's number; ``sheet``
    names the sheet (workbooks) and ``header`` the column's header as written.
    """

    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    sheet: str | None = None
    header: str | None = None
    table: bool = False  # a row of a table: said as "row 5, column E (header)"
    zh: str | None = None  # the message in Chinese (None: said in English only)

    @classmethod
    def of(cls, msg: Msg | str, *args: Any, **kwargs: Any) -> Problem:
        """A problem said by ``msg`` (a :class:`~minplan.say.Msg`: in both languages)."""
        if isinstance(msg, Msg):
            return cls(msg.text("en"), *args, **kwargs, zh=msg.text("zh"))
        return cls(msg, *args, **kwargs)

    def message_in(self, lang: str) -> str:
        return self.zh or self.message if lang == "zh" else self.message

    def said(self) -> Msg:
        """The message, in both languages (to be said again inside another)."""
        return Msg.both(self.message, self.message_in("zh"))

    def said_at(self, file: str) -> Msg:
        """The problem with its file (:meth:`located`), in both languages."""
        return Msg.both(self.located(file), self.located(file, "zh"))

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"message": self.message}
        if self.line is not None:
            out["line"] = self.line
        if self.column is not None:
            out["column"] = self.column
        if self.field:
            out["field"] = self.field
        if self.sheet is not None:
            out["sheet"] = self.sheet
        if self.table and self.line is not None:
            out["row"] = self.line
            if self.column is not None:
                out["cell"] = f"{column_letter(self.column)}{self.line}"
        if self.header is not None:
            out["header"] = self.header
        out["message_i18n"] = {"zh": self.message_in("zh"), "en": self.message}
        return out

    def where(self, lang: str = "en") -> str:
        """``line 5, column 3`` (text files) or ``2023年申请 › row 5, column E (所在县（市、区）)`` (tables);
        ``第 5 行，第 3 列`` and ``2023年申请 › 第 5 行，E 列（所在县（市、区））`` in Chinese."""
        zh = lang == "zh"
        if not self.table:
            if not self.line:
                return ""
            if zh:
                return f"第 {self.line} 行" + (f"，第 {self.column} 列" if self.column else "")
            return f"line {self.line}" + (f", column {self.column}" if self.column else "")
        parts = [f"第 {self.line} 行" if zh else f"row {self.line}"] if self.line else []
        if self.column:
            letter = column_letter(self.column)
            parts.append(f"{letter} 列" if zh else f"column {letter}")
        at = ("，" if zh else ", ").join(parts)
        if self.column and self.header:
            at += f"（{self.header}）" if zh else f" ({self.header})"
        return " › ".join(p for p in (self.sheet, at) if p)

    def located(self, file: str, lang: str = "en") -> str:
        """The problem with its file: ``apps.xlsx › 2023年申请 › row 5, column E (…): field: message``."""
        colon = "：" if lang == "zh" else ": "
        if self.table:
            return f"{' › '.join(p for p in (file, self.where(lang)) if p)}{colon}{self._what(lang)}"
        return f"{file}{colon}{self.text(lang)}"

    def _what(self, lang: str = "en") -> str:
        message = self.message_in(lang)
        return f"{self.field}{'：' if lang == 'zh' else ': '}{message}" if self.field else message

    def text(self, lang: str = "en") -> str:
        """Where and what, in ``lang``."""
        where = self.where(lang)
        return f"{where}{'：' if lang == 'zh' else ': '}{self._what(lang)}" if where else self._what(lang)

    def __str__(self) -> str:
        return self.text("en")


def column_letter(number: int) -> str:
    """A spreadsheet's name of column ``number`` (1 → A, 27 → AA)."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class ReadError(Exception):
    """The file, or the rest of it, cannot be read: encoding, syntax, size, too many documents."""

    def __init__(
        self,
        message: Msg | str,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        sheet: str | None = None,
    ):
        super().__init__(str(message))
        self.msg = message
        self.problem = Problem.of(message, line, column, field, sheet, table=sheet is not None)

    def __str__(self) -> str:
        return str(self.problem)


def _no_positions() -> dict[Path_, Position]:
    return {}


class Document:
    """One document of an input: plain data, or the problem that kept it from being read.

    ``index`` is its place in the file (0 for the first), ``line`` where it starts. ``data`` holds
    dicts, lists, ``None`` and scalars: a reader of a text format hands scalars over as the text
    written (``0300`` stays "0300", ``NO`` stays "NO") for the record's fields to read; a format
    with typed cells (JSON numbers, spreadsheet dates) hands over the typed value. ``positions``
    is called only when a record is refused, to say where each path stands.

    A row of a table also has its ``sheet`` (workbooks) and ``headers`` (column number → header as written),
    so that a refusal names sheet, row, column and header. ``ignored`` (reason in English and Chinese) marks
    a part of a file that holds no record by design and is accounted for as such: an empty sheet, the notes
    below a table.
    """

    __slots__ = ("data", "headers", "ignored", "index", "line", "notes", "positions", "problem", "sheet", "table")

    def __init__(
        self,
        index: int,
        data: Any = None,
        line: int | None = None,
        problem: Problem | None = None,
        positions: Callable[[], dict[Path_, Position]] = _no_positions,
        notes: list[Msg] | None = None,
        sheet: str | None = None,
        headers: dict[int, str] | None = None,
        ignored: tuple[str, str, str] | None = None,
    ) -> None:
        self.index = index
        self.data = data
        self.line = line
        self.problem = problem
        self.positions = positions
        self.notes = notes if notes is not None else []
        self.sheet = sheet
        self.headers = headers
        self.table = headers is not None
        self.ignored = ignored  # (what: e.g. "sheet Sheet2", reason, reason in Chinese)


class Source:
    """The bytes of one input and the name to show for it (``<stdin>`` for standard input)."""

    __slots__ = ("_text", "data", "encoding", "name")

    def __init__(self, name: str, data: bytes = b"") -> None:
        self.name = name
        self.data = data
        self._text: str | None = None
        self.encoding: str | None = None  # known once the text is decoded

    @classmethod
    def of_text(cls, name: str, text: str) -> Source:
        source = cls(name)
        source._text, source.encoding = text, "utf-8"
        return source

    def text(self) -> str:
        """The text, decoded once (see :func:`decode`), with CRLF line ends as LF."""
        if self._text is None:
            text, self.encoding = decode(self.data)
            self._text = text.replace("\r\n", "\n")
        return self._text


class Reader(Protocol):
    """A reader of one input format. A new format is one module defining a ``READER`` of this shape,
    listed in :data:`minplan.readers.READERS`."""

    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot

    def documents(self, source: Source, limits: Limits) -> Iterator[Document]:
        """Each document in file order. A problem in one document is that document's ``problem``;
        a problem that stops the reading raises :class:`ReadError` after the documents before it."""
        ...


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was found in: BOMs first, then UTF-8, then GB18030."""
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ReadError(
                    Msg("cannot decode the file as {name} ({reason})", name=name, reason=exc.reason)
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise ReadError(
            Msg("cannot decode the file as UTF-8, UTF-16 or GB18030 ({reason})", reason=exc.reason)
        ) from None


def validation_message(error: Any) -> str:
    """One error of a pydantic ValidationError as the message our own validators wrote (without pydantic's
    "Value error, " before it)."""
    return str(error["msg"]).removeprefix("Value error, ")


def validation_msg(error: Any) -> Msg:
    """One error of a pydantic ValidationError in both languages: our own validators' :class:`Msg` (a
    :class:`~minplan.say.Refusal`, or a custom error's ``said``), or pydantic's own said in Chinese too."""
    ctx = error.get("ctx") or {}
    said = ctx.get("said")
    if isinstance(said, Msg):
        return said
    exc = ctx.get("error")
    if isinstance(exc, BaseException) and isinstance(getattr(exc, "msg", None), Msg):
        return exc.msg  # type: ignore[no-any-return]
    english = validation_message(error)
    if error.get("type") in ("value_error", "assertion_error"):
        return Msg.verbatim(english)
    return pydantic_msg(error, english)


def dotted(path: Path_) -> str:
    """``location.zones[0]``: a path as the messages name a field."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
