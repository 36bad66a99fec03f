"""The one interface of every report format, and how ``--format NAME`` finds the format.

A format is one module, ``minplan/report/formats/NAME.py``, that defines ``Report``, a subclass of
:class:`Renderer`; adding the module is all it takes (``minplan check --format NAME`` lists it). A run
calls, on one ``Report(out, lang, corpus)``:

``start(meta)``
    once, before any record (``meta``: how many files, missing paths, files ignored);
``record(item)``
    once per record, in input order, as soon as the record is judged: write it now. ``item`` is what
    ``prepare`` made of the record's :class:`~minplan.engine.RecordResult` (by default the result itself);
``finish(end)``
    once, after the last record; ``end`` (:class:`Ending`) holds the batch-wide findings, the summary counts
    (:func:`report.result.summary`), the notes ({"zh", "en"} each) on where batch-wide counts start from, and the
    files not checked (:class:`minplan.inputs.Ignored`: path and reason), some of which are known only once read.

``self.out`` is the text stream to write to (stdout, a pipe, or a temporary file that replaces ``-o FILE``
only when the run completes), ``self.lang`` ``zh`` or ``en``, ``self.corpus`` the rule corpus. Keep nothing
per record that ``finish`` does not need: a batch may hold 50 000 records. A format that must print totals
before the records (JUnit's counts) writes the records to :func:`spool` and copies it over at the end.

``prepare(result, context)`` is a static method run where the record was judged, in a worker process
when a batch runs in parallel; ``context`` (:class:`Context`) has the report's language, the corpus and
the run's ``meta``. What it returns is sent to the parent (so it must pickle) and handed to ``record``.
Formats whose records are independent of each other return the record's text (JSON: its UTF-8 bytes),
which makes a parallel batch cheap; the default returns the result itself (its findings are then pickled
across).

Text from records, file names and rule files goes through :mod:`minplan.report.escape` in the way the
format needs (never raw to a terminal, an XML file or a workflow command).
"""

from __future__ import annotations

import importlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any, NamedTuple, TextIO

from minplan.report.formats import names

if TYPE_CHECKING:
    from minplan.engine import RecordResult
    from minplan.findings import Finding
    from minplan.inputs import Ignored
    from minplan.report.result import RunResult
    from minplan.rulebook import Corpus


@dataclass(frozen=True)
class Meta:
    """What is known of a run before its first record."""

    files: int  # record files to read
    missing: int  # paths given that do not exist (each is reported as a record in error)
    ignored: int  # files in the given folders that are not records
    fail_on: str = "fail"  # what fails the run besides fail and needs_info: "warn" too (--fail-on)
    formats: tuple[str, ...] = ()  # the formats of a run that writes several reports at once (:class:`Tee`)


class Ending(NamedTuple):
    """What is known of a run after its last record, handed to every format's ``finish``."""

    aggregate: list[Finding]
    summary: dict[str, int]
    notes: list[dict[str, str]]
    ignored: Sequence[Ignored] = ()
    # levels nothing was checked at, with the records each concerns (engine.unchecked_levels): for the formats
    # that do not show each record's chain of plans
    unchecked: Sequence[dict[str, Any]] = ()
    # what the plans applied say of themselves (a draft for comment …), with the records each concerns
    # (engine.applied_plan_notes): for the same formats
    plan_notes: Sequence[dict[str, Any]] = ()


@dataclass(frozen=True)
class Context:
    """What ``prepare`` may depend on besides the record."""

    lang: str
    corpus: Corpus | None
    meta: Meta


class Renderer:
    """Base of every format's ``Report``; see the module's docstring."""

    verbose = False  # set by ``--verbose``: formats for people also list what passes

    def __init__(self, out: TextIO, lang: str = "zh", corpus: Corpus | None = None) -> None:
        self.out = out
        self.lang = lang
        self.corpus = corpus

    @staticmethod
    def prepare(result: RecordResult, context: Context) -> Any:
        return result

    def start(self, meta: Meta) -> None:
        pass

    def record(self, item: Any) -> None:
        raise NotImplementedError

    def finish(self, end: Ending) -> None:
        pass

    def message(self, text: dict[str, str]) -> str:
        """A {"zh", "en"} text in the report's language."""
        return text.get(self.lang) or text["en"]

    def parts(self) -> tuple[str, ...]:
        """The formats this report is made of (several for a :class:`Tee`; none for a plain format)."""
        return ()


class Tee(Renderer):
    """Several reports from one run (``-o json=report.json -o sarif=report.sarif`` and the terminal's): each
    record is prepared once per format, where it was judged, and handed to each report in turn."""

    def __init__(self, reports: list[tuple[str, Renderer]]) -> None:
        first = reports[0][1]
        super().__init__(first.out, first.lang, first.corpus)
        self.names = tuple(name for name, _ in reports)
        self.reports = [report for _, report in reports]

    def parts(self) -> tuple[str, ...]:
        return self.names

    @staticmethod
    def prepare(result: RecordResult, context: Context) -> tuple[Any, ...]:
        return tuple(load(name).prepare(result, context) for name in context.meta.formats)

    def start(self, meta: Meta) -> None:
        for report in self.reports:
            report.start(meta)

    def record(self, item: tuple[Any, ...]) -> None:
        for report, piece in zip(self.reports, item, strict=True):
            report.record(piece)

    def finish(self, end: Ending) -> None:
        for report in self.reports:
            report.finish(end)


class Placed(Renderer):
    """A format whose batch-wide findings point at the records they concern: its ``prepare`` returns the
    record's id, file and first line with what to write (:meth:`emit`), so that ``record`` keeps where each
    record lies (:class:`minplan.report.common.Places`)."""

    def start(self, meta: Meta) -> None:
        from minplan.report.common import Places

        self.places = Places()
        self.fail_on = meta.fail_on

    def record(self, item: tuple[str | None, str, int | None, Any]) -> None:
        rid, file, first, payload = item
        self.places.add(rid, file, first)
        self.emit(payload)

    def emit(self, payload: Any) -> None:
        self.out.write(payload)


def spool() -> IO[str]:
    """A temporary file for records that must wait for totals; on disk, so memory stays flat."""
    import tempfile

    return tempfile.TemporaryFile("w+", encoding="utf-8", errors="backslashreplace")


def copy_spool(spooled: IO[str], out: TextIO) -> None:
    spooled.seek(0)
    while chunk := spooled.read(1 << 16):
        out.write(chunk)
    spooled.close()


def load(name: str) -> type[Renderer]:
    """The ``Report`` class of format ``name``."""
    if name not in names():
        raise LookupError(f"no report format {name!r} (formats: {', '.join(names())})")
    return importlib.import_module(f"minplan.report.formats.{name}").Report


def replay(kind: type[Renderer], run: RunResult, lang: str = "zh", corpus: Corpus | None = None) -> str:
    """The report of a run that kept its results (``run_check(..., keep=True)``), as text."""
    if len(run.records) != len(run.views or []):
        raise ValueError("the run did not keep its results (run_check(..., keep=True))")
    buffer = io.StringIO()
    report = kind(buffer, lang, corpus)
    meta = Meta(files=len(run.records), missing=0, ignored=run.ignored)
    report.start(meta)
    context = Context(lang, corpus, meta)
    for result in run.records:
        report.record(kind.prepare(result, context))
    report.finish(
        Ending(
            run.aggregate, run.summary(), run.notes, run.ignored_files, run.unchecked(corpus), run.plan_notes(corpus)
        )
    )
    return buffer.getvalue()
