"""Read record files (YAML or JSON, one record or a ``---`` stream; CSV and workbooks, one record per row)
into validated records.

The bytes are read and parsed by :mod:`minplan.readers` (one reader per format); this module turns
each document into a :class:`~minplan.record.Record`. Every problem becomes an :class:`Issue`
naming file, line, column and field and quoting the value as written; nothing raises past
:func:`load_file`, so a batch can go on past a bad file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from minplan.inputs import Ignored
from minplan.readers import (
    DEFAULT_LIMITS,
    FALLBACK,
    STDIN,
    STDIN_NAME,
    Document,
    Limits,
    Path_,
    Position,
    Problem,
    Reader,
    ReadError,
    Source,
    decode,
    dotted,
    read_bytes,
    reader_for,
)
from minplan.readers.base import MAX_FILE_BYTES, validation_msg
from minplan.record import Record
from minplan.say import Msg
from minplan.textnorm import nearest, written

__all__ = ["MAX_FILE_BYTES", "Issue", "Loaded", "decode", "load_file", "load_source", "load_text"]


Issue = Problem
"""One reason a record could not be read or validated (message, line, column, field)."""


@dataclass
class Loaded:
    """One document of an input file: a record, or the issues that kept it from being one.

    ``ignored`` is set (and nothing else) for a file that holds no record by design: a report
    minplan wrote.
    """

    file: str
    index: int
    record: Record | None = None
    issues: list[Issue] = field(default_factory=list)
    raw_id: str | None = None
    line: int | None = None
    notes: list[Msg] = field(default_factory=list)  # said in both languages
    ignored: Ignored | None = None
    sheet: str | None = None  # a row of a workbook: its sheet
    row: int | None = None  # a row of a table (workbook or CSV): its number, as ``line``
    positions: Callable[[], dict[Path_, Position]] | None = None  # where each key stands (walked when asked)

    @property
    def id(self) -> str | None:
        return self.record.id if self.record else self.raw_id


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (for key suggestions)."""
    model: type[BaseModel] | None = Record
    for part in loc:
        if model is None or not isinstance(part, str) or part not in model.model_fields:
            return None
        annotation = model.model_fields[part].annotation
        model = annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None
    return model


def _issues_from_validation(exc: ValidationError, marks: dict[Path_, Position]) -> list[Issue]:
    issues = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        where = next((marks[loc[:i]] for i in range(len(loc), -1, -1) if loc[:i] in marks), (None, None))
        name = dotted(loc)
        if err["type"] == "extra_forbidden":
            parent = _model_at(loc[:-1])
            known = list(parent.model_fields) if parent else []
            hint = nearest(str(loc[-1]), known, n=1)
            message = (
                Msg("unknown key '{key}' (did you mean '{hint}'?)", key=loc[-1], hint=hint[0])
                if hint
                else Msg("unknown key '{key}'", key=loc[-1])
            )
        elif err["type"] == "missing":
            message = Msg("required field '{name}' is missing", name=name)
        else:
            message = validation_msg(err)
            value = err.get("input")
            # say what was written, unless the message does (a boundary's own checks quote their points)
            # (only a value as read from the file: a validator's stand-in is no text the user wrote)
            if (value is None or isinstance(value, str | int | float | dt.date)) and err["type"] != "boundary":
                shown = written(value)
                text = message.text("en")
                if shown not in text and (not isinstance(value, str) or value not in text):
                    message = Msg("{message} (written: {shown})", message=message, shown=_shortened(shown))
        issues.append(Issue.of(message, where[0], where[1], name or None))
    return issues


def _shortened(shown: str, most: int = 200) -> str:
    """A value quoted in a message, cut short where it runs long (a figure of hundreds of digits)."""
    return shown if len(shown) <= most else f"{shown[:most]}… ({len(shown)} characters)"


def _raw_id(data: Any) -> str | None:
    if isinstance(data, dict) and isinstance(data.get("id"), str | int) and not isinstance(data.get("id"), bool):
        return str(data["id"])
    return None


_REPORT_KEYS = frozenset(("version", "records", "aggregate", "summary", "notes", "notes_i18n", "ignored"))
_REPORTS = {
    "json": ("minplan's own JSON report, not a record", "minplan 输出的 JSON 报告，不是记录"),
    "sarif": ("minplan's own SARIF report, not a record", "minplan 输出的 SARIF 报告，不是记录"),
    "junit": ("minplan's own JUnit report, not a record", "minplan 输出的 JUnit 报告，不是记录"),
}


def own_report(data: Any) -> str | None:
    """Which of minplan's own reports ``data`` is (json, sarif), if it is one: a report written into a checked
    folder is no record. Known by its shape, so that a record is never taken for one."""
    if not isinstance(data, dict):
        return None
    records, summary, runs = data.get("records"), data.get("summary"), data.get("runs")
    if (
        "version" in data
        and set(data) <= _REPORT_KEYS
        and (isinstance(records, list) or isinstance(summary, dict))
        and all(isinstance(r, dict) and "status" in r for r in records or [])
    ):
        return "json"
    if isinstance(runs, list) and any(
        isinstance(run, dict)
        and isinstance(run.get("tool"), dict)
        and (run["tool"].get("driver") or {}).get("name") == "minplan"
        for run in runs
    ):
        return "sarif"
    return None


def _own_junit(source: Source) -> bool:
    try:
        head = source.text()[:2000].lstrip()
    except ReadError:
        return False  # the reader says why
    return head.startswith("<?xml") and '<testsuites name="minplan"' in head


def _ignored(name: str, kind: str) -> list[Loaded]:
    return [Loaded(name, 0, ignored=Ignored(name, *_REPORTS[kind]))]


def _in_table(issue: Issue, doc: Document) -> Issue:
    """An issue of a table's row, said as sheet, row, column and header."""
    headers = doc.headers or {}
    header = issue.header or (headers.get(issue.column) if issue.column else None)
    return issue._replace(sheet=doc.sheet, header=header, table=True)


def _item(doc: Document, name: str, context: dict[str, Any] | None) -> Loaded:
    row = doc.line if doc.table else None
    if doc.ignored is not None:
        what, reason, reason_zh = doc.ignored
        return Loaded(name, doc.index, ignored=Ignored(" › ".join(p for p in (name, what) if p), reason, reason_zh))
    if doc.problem is not None:
        issue = _in_table(doc.problem, doc) if doc.table else doc.problem
        return Loaded(name, doc.index, issues=[issue], line=doc.line, notes=list(doc.notes), sheet=doc.sheet, row=row)
    data = doc.data
    item = Loaded(
        name,
        doc.index,
        raw_id=_raw_id(data),
        line=doc.line,
        notes=list(doc.notes),
        sheet=doc.sheet,
        row=row,
        positions=doc.positions,
    )
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        item.issues.append(Issue.of(Msg("a record must be a mapping of fields, found {kind}", kind=kind), doc.line, 1))
        return item
    try:
        item.record = Record.model_validate(data, context=context)
    except ValidationError as exc:
        issues = _issues_from_validation(exc, doc.positions())
        item.issues.extend(_in_table(i, doc) for i in issues) if doc.table else item.issues.extend(issues)
    return item


def load_source(
    source: Source,
    context: dict[str, Any] | None = None,
    limits: Limits = DEFAULT_LIMITS,
    reader: Reader | None = None,
    part: Any = None,
    tally: Any = None,
) -> list[Loaded]:
    """Every document of ``source`` as a :class:`Loaded` (at least one).

    With ``part`` (minplan.readers.yaml.Part), only the documents of that part of a YAML stream, ``tally``
    told what was read; a part after the first is not looked at as a whole file (a report minplan wrote, an
    empty file), and may give no item.
    """
    name = source.name
    reader = reader or reader_for(name) or FALLBACK
    whole = part is None or part.first
    if whole and reader.name in ("yaml", "json") and _own_junit(source):  # a workbook is no text to decode
        return _ignored(name, "junit")
    items: list[Loaded] = []
    report: tuple[Document, str] | None = None  # a first document shaped as minplan's report, held back
    try:  # a reader may decode the whole text when asked for its documents: a file it cannot decode is an error
        docs = reader.documents(source, limits) if part is None else reader.documents(source, limits, part, tally)
        for doc in docs:
            if whole and not items and report is None and doc.problem is None and (kind := own_report(doc.data)):
                report = (doc, kind)
                continue
            if report is not None:  # a report is one document: a stream of several is records, judged as such
                items.append(_item(report[0], name, context))
                report = None
            items.append(_item(doc, name, context))
        if report is not None:
            if part is not None and tally is not None:
                tally.failed = True  # whether the file holds more than the report, only the whole file tells
            return _ignored(name, report[1])
    except ReadError as exc:
        if report is not None:
            items.append(_item(report[0], name, context))
        index = items[-1].index + 1 if items else 0
        items.append(Loaded(name, index, issues=[exc.problem], sheet=exc.problem.sheet))
    if not items and part is None:
        items.append(Loaded(name, 0, issues=[Issue.of(Msg("empty file: no record in it"))]))
    if source.encoding not in (None, "utf-8", "utf-8-sig"):
        for item in items:
            item.notes.append(Msg("file decoded as {encoding}", encoding=source.encoding))
    return items


def load_text(
    text: str, name: str, context: dict[str, Any] | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[Loaded]:
    """Every document in ``text`` (the contents of file ``name``) as a :class:`Loaded`."""
    return load_source(Source.of_text(name, text.replace("\r\n", "\n")), context, limits)


def load_file(
    path: Path | str,
    limits: Limits = DEFAULT_LIMITS,
    context: dict[str, Any] | None = None,
    part: Any = None,
    tally: Any = None,
) -> list[Loaded]:
    """Read one file (``-``: standard input), or one ``part`` of a YAML stream (see :func:`load_source`);
    never raises for bad content."""
    path = str(path)
    name = STDIN_NAME if path == STDIN else path
    try:
        data = read_bytes(path, limits.max_bytes)
    except ReadError as exc:
        if tally is not None:
            tally.failed = True
        return [Loaded(name, 0, issues=[exc.problem])]
    return load_source(Source(name, data), context, limits, None if path != STDIN else FALLBACK, part, tally)
