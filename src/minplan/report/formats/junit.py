"""JUnit XML: one testcase per record, failures with message and citation; batch-wide checks form a suite.

A testcase fails exactly where the run fails (the exit code): a record that fails or needs information, or
warns under ``--fail-on warn``; a batch-wide check that fails (or warns or needs information, under
``--fail-on warn``). Every
finding of a failed testcase is a line of its message (the message attribute holds them all, each with its
rule id); what does not fail the run (a warning, a waived finding, a batch-wide needs_info) goes to
``system-out``. A level nothing was checked at (no encoded plan in force there) is a skipped testcase of the
batch-wide suite.

The counts on ``<testsuite>`` come before the testcases, so testcases are spooled to a temporary file as
records are judged and copied after the counts at the end. Text from records and rule files is escaped
(minplan.report.escape.visible): the file is well-formed XML 1.0 whatever a record holds.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.report.base import Context, Ending, Meta, Renderer, copy_spool, spool
from minplan.report.common import SHOWN, finding_line, ordered, plan_note_lines, unchecked_lines
from minplan.report.escape import visible


def _xml(element: ET.Element, level: int) -> str:
    """An element as text at ``level`` (two spaces each), laid out as ElementTree.indent lays out a tree."""
    ET.indent(element, level=level)
    return "  " * level + ET.tostring(element, encoding="unicode") + "\n"


def _line(f: Finding, lang: str) -> str:
    return visible(finding_line(f, lang))


def _failing(fail_on: str) -> set[Status]:
    """The finding statuses that fail the run (Status.error: a rule that could not be evaluated)."""
    return {Status.fail, Status.needs_info, Status.error} | ({Status.warn} if fail_on == "warn" else set())


class Report(Renderer):
    def start(self, meta: Meta) -> None:
        self.fail_on = meta.fail_on
        self.cases = spool()
        self.counts = {"tests": 0, "failures": 0, "errors": 0}

    @staticmethod
    def prepare(r: RecordResult, context: Context) -> tuple[str | None, str]:
        lang = context.lang
        failing = _failing(context.meta.fail_on)
        file = visible(r.file)
        name = visible(r.id) if r.id else f"{file}#{r.index + 1}"
        # a workbook's row: its sheet beside the file, as two sheets may hold rows of one id
        case = ET.Element("testcase", classname=visible(f"{r.file} › {r.sheet}") if r.sheet else file, name=name)
        kind = None
        bad = [f for f in ordered(r.findings) if f.status in failing]
        if r.status is Status.error:
            kind = "errors"
            # a rule that could not be evaluated comes first, then what else fails the run: a fail beside it is
            # still a line of the testcase
            lines = [f"{file}: {visible(issue.text(lang))}" for issue in r.errors] + [_line(f, lang) for f in bad]
            ET.SubElement(case, "error", message="\n".join(lines) or "error").text = "\n".join(lines)
        if kind is None and bad:
            kind = "failures"
            lines = [_line(f, lang) for f in bad]
            ET.SubElement(case, "failure", message="\n".join(lines), type=bad[0].status.value).text = "\n".join(lines)
        notes = [f for f in ordered(r.findings) if f.status in SHOWN and f.status not in failing]
        if notes:
            ET.SubElement(case, "system-out").text = "\n".join(_line(f, lang) for f in notes)
        return kind, _xml(case, 2)

    def record(self, item: tuple[str | None, str]) -> None:
        kind, text = item
        self.counts["tests"] += 1
        if kind:
            self.counts[kind] += 1
        self.cases.write(text)

    def finish(self, end: Ending) -> None:
        aggregate = end.aggregate
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
        batch = self._aggregate(aggregate, unchecked_lines(end.unchecked, self.lang))
        planned = plan_note_lines(end.plan_notes, self.lang)
        if planned:  # a verdict of a draft is not one of an approved plan: said beside the batch-wide checks
            word = "所用规划：" if self.lang == "zh" else "plan applied: "
            ET.SubElement(batch, "system-out").text = visible("\n".join(word + line for line in planned))
        out.write(_xml(batch, 1))
        out.write("</testsuites>\n")

    def _aggregate(self, aggregate: list[Finding], unchecked: list[str]) -> ET.Element:
        """The batch-wide checks, and a skipped testcase for each level nothing was checked at (a pass says
        nothing of it; CI tools count and show what was skipped)."""
        suite = ET.Element("testsuite", name="aggregate")
        failures = 0
        failing = {Status.fail, Status.error} | ({Status.warn, Status.needs_info} if self.fail_on == "warn" else set())
        for f in aggregate:
            name = visible(f"{f.rule} {f.citation.row or ''}".strip())
            case = ET.SubElement(suite, "testcase", classname=visible(f.plan), name=name)
            if f.status in failing:  # a batch-wide check fails the run only when it fails
                failures += 1
                line = _line(f, self.lang)
                ET.SubElement(case, "failure", message=line, type=f.status.value).text = line
            elif f.status in SHOWN:
                ET.SubElement(case, "system-out").text = _line(f, self.lang)
        for line in unchecked:
            case = ET.SubElement(suite, "testcase", classname="coverage", name=visible(line))
            ET.SubElement(case, "skipped", message=visible(line))
        suite.attrib.update(
            {
                "tests": str(len(aggregate) + len(unchecked)),
                "failures": str(failures),
                "errors": "0",
                **({"skipped": str(len(unchecked))} if unchecked else {}),
            }
        )
        return suite
