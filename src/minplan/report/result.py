"""The result of a run: a view of every record, batch-wide findings, the summary and the exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from minplan.engine import RecordResult, applied_plan_notes, unchecked_levels
from minplan.findings import Finding, Status
from minplan.views import RecordView

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class RunResult:
    """``records`` holds each record's full result only when the run was asked to keep them
    (``run_check(..., keep=True)``, or a RunResult made from results); ``views`` is there always."""

    records: list[RecordResult]
    aggregate: list[Finding] = field(default_factory=list)
    ignored: int = 0
    notes: list[dict[str, str]] = field(default_factory=list)
    ignored_files: list[Any] = field(default_factory=list)  # inputs.Ignored: what was not checked, and why
    views: list[RecordView] | None = None

    def __post_init__(self) -> None:
        if self.views is None:
            self.views = [RecordView.of(r) for r in self.records]

    def unchecked(self, corpus: Any) -> list[dict[str, Any]]:
        """The levels of the batch nothing was checked at (minplan.engine.unchecked_levels)."""
        return unchecked_levels(self._places(), corpus) if corpus is not None else []

    def plan_notes(self, corpus: Any) -> list[dict[str, Any]]:
        """What the plans applied to the batch say of themselves (minplan.engine.applied_plan_notes)."""
        return applied_plan_notes(self._places(), corpus) if corpus is not None else []

    def _places(self) -> list[tuple[str, Any]]:
        """Each judged record's county and date."""
        return [(v.record.location.county, v.record.date) for v in self.views or [] if v.record is not None]

    def summary(self) -> dict[str, int]:
        return summary(self.views or [], self.ignored)

    def exit_code(self, fail_on: str = "fail") -> int:
        """2 if any input could not be read; 1 for a fail, needs_info or failing aggregate; else 0."""
        statuses = {v.status for v in self.views or []}
        if Status.error in statuses:
            return EXIT_ERROR
        bad = {Status.fail, Status.needs_info} | ({Status.warn} if fail_on == "warn" else set())
        # a batch-wide check fails the run only when it fails (or warns or cannot tell, with --fail-on warn: a run
        # strict enough to fail on a warning does not pass what it could not count)
        bad_aggregate = {Status.fail} | ({Status.warn, Status.needs_info} if fail_on == "warn" else set())
        if statuses & bad or any(f.status in bad_aggregate for f in self.aggregate):
            return EXIT_FINDINGS
        return EXIT_OK

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        from minplan.report.json_report import run_to_dict

        return run_to_dict(self, lang)


def summary(views: list[RecordView], ignored: int) -> dict[str, int]:
    """The report's summary: records, how many of each status, files ignored."""
    counts = Counter(v.status.value for v in views)
    out = {"records": len(views)}
    for status in ("pass", "warn", "needs_info", "fail", "error"):
        out[status] = counts.get(status, 0)
    out["ignored"] = ignored
    if counts.get("waived"):  # records whose worst finding a waiver excuses (only with waivers configured)
        out["waived"] = counts["waived"]
    return out
