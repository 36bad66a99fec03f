"""JUnit XML: one testcase per record, failures with message and citation; batch-wide checks form a suite.

The counts on ``<testsuite>`` come before the testcases, so testcases are spooled to a temporary file as
records are judged and copied after the counts at the end. Text from records and rule files is escaped
(minplan.report.escape.visible): the file is well-formed XML 1.0 whatever a record holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.report.base import Context, Meta, Renderer, copy_spool, spool
from minplan.report.common import PROBLEMS, finding_line, message
from minplan.report.escape import visible

if TYPE_CHECKING:
    from minplan.inputs import Ignored


def _xml(element: ET.Element, level: int) -> str:
    """An element as text at ``level`` (two spaces each), laid out as ElementTree.indent lays out a tree."""
    ET.indent(element, level=level)
    return "  " * level + ET.tostring(element, encoding="unicode") + "\n"


def _line(f: Finding, lang: str) -> str:
    return visible(finding_line(f, lang))


class Report(Renderer):
    def start(self, meta: Meta) -> None:
        self.cases = spool()
        self.counts = {"tests": 0, "failures": 0, "errors": 0}

    @staticmethod
    def prepare(r: RecordResult, context: Context) -> tuple[str | None, str]:
        lang = context.lang
        file = visible(r.file)
        name = visible(r.id) if r.id else f"{file}#{r.index + 1}"
        case = ET.Element("testcase", classname=file, name=name)
        kind = None
        if r.status is Status.error:
            kind = "errors"
            lines = [f"{file}: {visible(str(issue))}" for issue in r.errors] or [
                _line(f, lang) for f in r.findings if f.status is Status.error
            ]
            ET.SubElement(case, "error", message=lines[0] if lines else "error").text = "\n".join(lines)
        elif r.status in (Status.fail, Status.needs_info):
            kind = "failures"
            bad = [f for f in r.findings if f.status in PROBLEMS]
            ET.SubElement(
                case, "failure", message=visible(message(bad[0], lang)), type=r.status.value
            ).text = "\n".join(_line(f, lang) for f in bad)
        notes = [f for f in r.findings if f.status is Status.warn]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in notes)
        return kind, _xml(case, 2)

    def record(self, item: tuple[str | None, str]) -> None:
        kind, text = item
        self.counts["tests"] += 1
        if kind:
            self.counts[kind] += 1
        self.cases.write(text)

    def finish(
        self,
        aggregate: list[Finding],
        summary: dict[str, int],
        notes: list[dict[str, str]],
        ignored: Sequence[Ignored] = (),
    ) -> None:
        out = self.out
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="minplan">\n')
        suite = ET.Element("testsuite", name="records", **{k: str(v) for k, v in self.counts.items()})
        if self.counts["tests"]:
            out.write(_xml(suite, 1).replace(" />\n", ">\n", 1))
            copy_spool(self.cases, out)
            out.write("  </testsuite>\n")
        else:
            self.cases.close()
            out.write(_xml(suite, 1))
        out.write(_xml(self._aggregate(aggregate), 1))
        out.write("</testsuites>\n")

    def _aggregate(self, aggregate: list[Finding]) -> ET.Element:
        suite = ET.Element("testsuite", name="aggregate")
        failures = 0
        for f in aggregate:
            name = visible(f"{f.rule} {f.citation.row or ''}".strip())
            case = ET.SubElement(suite, "testcase", classname=visible(f.plan), name=name)
            if f.status in PROBLEMS:
                failures += 1
                failure = ET.SubElement(case, "failure", message=visible(message(f, self.lang)), type=f.status.value)
                failure.text = _line(f, self.lang)
        suite.attrib.update({"tests": str(len(aggregate)), "failures": str(failures), "errors": "0"})
        return suite
