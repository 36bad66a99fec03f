"""GitHub workflow commands: ``::error file=…,line=…::`` annotations, one line each, and a summary line.

Values are %-escaped as the runner reads them (minplan.report.escape.workflow_data / workflow_property) after
control characters are shown escaped: no record can end a command early, start another or colour the log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from minplan.engine import RecordResult
from minplan.findings import Finding, Status
from minplan.report.base import Context, Renderer
from minplan.report.common import cite, message
from minplan.report.escape import workflow_data, workflow_property

if TYPE_CHECKING:
    from minplan.inputs import Ignored

KINDS = {Status.fail: "error", Status.error: "error", Status.needs_info: "warning", Status.warn: "notice"}


class Report(Renderer):
    @staticmethod
    def prepare(r: RecordResult, context: Context) -> str:
        lang = context.lang
        lines = []
        file = workflow_property(r.file)
        for issue in r.errors:
            props = f"file={file}" + (f",line={issue.line}" if issue.line else "")
            if issue.column:
                props += f",col={issue.column}"
            title = workflow_property("minplan: invalid record")
            lines.append(f"::error {props},title={title}::{workflow_data(str(issue))}")
        for f in r.findings:
            if f.status in KINDS:
                props = f"file={file}" + (f",line={r.line}" if r.line else "")
                title = workflow_property(f"{f.rule} ({cite(f)})")
                text = workflow_data(f"{r.id}: {message(f, lang)}")
                lines.append(f"::{KINDS[f.status]} {props},title={title}::{text}")
        return "".join(line + "\n" for line in lines)

    def record(self, item: str) -> None:
        self.out.write(item)

    def finish(
        self,
        aggregate: list[Finding],
        summary: dict[str, int],
        notes: list[dict[str, str]],
        ignored: Sequence[Ignored] = (),
    ) -> None:
        for f in aggregate:
            if f.status in KINDS:
                title = workflow_property(f"{f.rule} ({cite(f)})")
                self.out.write(f"::{KINDS[f.status]} title={title}::{workflow_data(message(f, self.lang))}\n")
        s = summary
        self.out.write(
            f"minplan: {s['records']} records, {s['pass']} pass, {s['warn']} warn, {s['needs_info']} needs_info, "
            f"{s['fail']} fail, {s['error']} error, {s['ignored']} ignored\n"
        )
