"""The result of a run: every record's result, batch-wide findings, and the summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from minplan.engine import RecordResult
from minplan.findings import Finding, Status

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@dataclass
class RunResult:
    records: list[RecordResult]
    aggregate: list[Finding] = field(default_factory=list)
    ignored: int = 0
    notes: list[dict[str, str]] = field(default_factory=list)
    ignored_files: list[Any] = field(default_factory=list)  # inputs.Ignored: what was not checked, and why

    def summary(self) -> dict[str, int]:
        counts = Counter(r.status.value for r in self.records)
        out = {"records": len(self.records)}
        for status in ("pass", "warn", "needs_info", "fail", "error"):
            out[status] = counts.get(status, 0)
        out["ignored"] = self.ignored
        return out

    def exit_code(self, fail_on: str = "fail") -> int:
        """2 if any input could not be read; 1 for a fail, needs_info or failing aggregate; else 0."""
        statuses = {r.status for r in self.records}
        if Status.error in statuses:
            return EXIT_ERROR
        bad = {Status.fail, Status.needs_info} | ({Status.warn} if fail_on == "warn" else set())
        # a batch-wide check fails the run only when it fails (or warns, with --fail-on warn)
        bad_aggregate = {Status.fail} | ({Status.warn} if fail_on == "warn" else set())
        if statuses & bad or any(f.status in bad_aggregate for f in self.aggregate):
            return EXIT_FINDINGS
        return EXIT_OK

    def to_json(self, lang: str = "zh") -> dict[str, Any]:
        from minplan.report.json_report import run_to_dict

        return run_to_dict(self, lang)
