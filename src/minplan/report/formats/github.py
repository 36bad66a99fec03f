"""GitHub workflow commands: ``::error file=…,line=…,col=…,title=RULE-ID::`` annotations, one line each, on
the line of the field each finding judged, and a summary line.

What fails the run is an ``error`` (fail, needs_info, and a record that cannot be read); a warning is a
``warning``; a waived finding a ``notice``. A batch-wide finding is annotated on the first record it concerns.
Values are %-escaped as the runner reads them (minplan.report.escape.workflow_data / workflow_property) after
control characters are shown escaped: no record can end a command early, start another or colour the log.
Messages, notices and the summary line are in the report's language (--lang).
"""

from __future__ import annotations

from minplan.engine import RecordResult
from minplan.findings import Status
from minplan.i18n import STATUS, WORDS, t
from minplan.report.base import Context, Ending, Placed
from minplan.report.common import (
    SHOWN,
    cite,
    full_message,
    named,
    ordered,
    plan_note_lines,
    relative,
    unchecked_lines,
    where,
)
from minplan.report.escape import workflow_data, workflow_property

KINDS = {
    Status.fail: "error",
    Status.error: "error",
    Status.needs_info: "error",  # it fails the run
    Status.warn: "warning",
    Status.waived: "notice",
}


def command(kind: str, file: str, at: tuple[int, int] | None, title: str, text: str) -> str:
    # GitHub places an annotation by the file's path from the repository's root, whatever folder minplan ran in
    props = f"file={workflow_property(relative(file) or file)}"
    if at is not None:
        props += f",line={at[0]},col={at[1]}"
    return f"::{kind} {props},title={workflow_property(title)}::{workflow_data(text)}\n"


class Report(Placed):
    @staticmethod
    def prepare(r: RecordResult, context: Context) -> tuple[str | None, str, int | None, str]:
        lang = context.lang
        kinds = _kinds(context.meta.fail_on)
        lines = []
        for issue in r.errors:
            at = (issue.line, issue.column or 1) if issue.line else None
            lines.append(command("error", r.file, at, "minplan/input-error", issue.text(lang)))
        for f in ordered(r.findings):
            if f.status in SHOWN:
                text = f"{full_message(f, lang)} ({cite(f, lang)})"
                text = f"{named(r)}: {text}" if named(r) else text
                lines.append(command(kinds[f.status], r.file, where(r, f), f.rule, text))
        return r.id, r.file, r.line, "".join(lines)

    def finish(self, end: Ending) -> None:
        aggregate, summary = end.aggregate, end.summary
        kinds = _kinds(self.fail_on)
        if self.fail_on != "warn":  # a batch-wide warning or needs_info fails the run under --fail-on warn only
            kinds[Status.warn] = kinds[Status.needs_info] = "warning"
        for f in ordered(aggregate):
            if f.status not in SHOWN:
                continue
            places = self.places.of(f)
            text = f"{full_message(f, self.lang)} ({cite(f, self.lang)})"
            if f.records:
                text += f" [{t(WORDS, 'record', self.lang)}: {', '.join(f.records)}]"
            file, at = (places[0][0], places[0][1:]) if places else ("", None)
            if file:
                self.out.write(command(kinds[f.status], file, at, f.rule, text))
            else:
                self.out.write(f"::{kinds[f.status]} title={workflow_property(f.rule)}::{workflow_data(text)}\n")
        lang = self.lang
        for text in unchecked_lines(end.unchecked, lang):  # a pass says nothing of a level not checked
            title = workflow_property(f"minplan: {t(WORDS, 'not_checked', lang)}")
            self.out.write(f"::notice title={title}::{workflow_data(text)}\n")
        for text in plan_note_lines(end.plan_notes, lang):  # a verdict of a draft is not one of an approved plan
            title = workflow_property(f"minplan: {t(WORDS, 'plan_applied', lang)}")
            self.out.write(f"::notice title={title}::{workflow_data(text)}\n")
        s = summary
        counts = ("pass", "warn", "needs_info", "fail", "error", "waived")
        if lang == "zh":
            shown = "，".join(f"{t(STATUS, k, lang)} {s.get(k, 0)}" for k in counts)
            line = f"minplan：{s['records']} 条记录，{shown}，{t(WORDS, 'ignored_short', lang)} {s['ignored']}\n"
        else:
            shown = ", ".join(f"{s.get(k, 0)} {k}" for k in counts)
            line = f"minplan: {s['records']} records, {shown}, {s['ignored']} ignored\n"
        self.out.write(line)


def _kinds(fail_on: str) -> dict[Status, str]:
    kinds = dict(KINDS)
    if fail_on == "warn":
        kinds[Status.warn] = "error"  # warnings fail this run
    return kinds
