"""Dated waivers: a finding the config excuses is reported as ``waived``, with its reason, and fails no run.

A waiver (``[[waivers]]`` in the config, :class:`minplan.config.Waiver`) names a rule and a record, each by id
or by a pattern (``*`` any run of characters, ``?`` one, ``[…]`` a set, as in file names), a reason and the
last day it holds (``until``). On a finding that is not a pass (fail, needs_info or warn) of a matching rule and
record it acts thus:

- until today or later: the finding's status becomes ``waived``; its own status, the reason and the date are
  kept with it (``waived`` in the JSON report). It is shown in every format, never hidden;
- past its date: the finding keeps its status (it fails the run as it would) and carries the expired waiver
  (``waiver`` in the JSON report); the waiver is reported as expired;
- a waiver no finding of the run matched is reported as unused.

A batch-wide finding is waived by a waiver whose rule matches it and whose record pattern matches every record
it concerns; a duplicate record id only by a waiver naming ``minplan/aggregate/duplicate-id`` itself, not by a
pattern (``*``) that matches it on the way. Reports on waivers are batch-wide findings of their own
(``minplan/waiver/expired`` and ``minplan/waiver/unused``, status ``warn``) pointing at the waiver's line in the
config file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from minplan.config import Waiver
from minplan.findings import Citation, Finding, Status, worst

if TYPE_CHECKING:
    from minplan.engine import RecordResult

WAIVABLE = (Status.fail, Status.needs_info, Status.warn)
EXPIRED_RULE = "minplan/waiver/expired"
UNUSED_RULE = "minplan/waiver/unused"
# minplan's own checks of the records, waived only by a waiver naming them, never by a pattern (``*``)
BY_NAME_ONLY = frozenset(("minplan/aggregate/duplicate-id",))


def matches(text: str, pattern: str) -> bool:
    """Does ``text`` match a waiver's ``pattern``: ``*`` any run of characters, ``?`` one, every other character
    itself? A bracket too: ``延采[2023]12号`` names that id, and is no set of characters that would match 延采212号."""
    return fnmatchcase(text, pattern.replace("[", "[[]"))


@dataclass(frozen=True)
class Waivers:
    """The run's waivers, judged against ``today``; ``config`` is the file they come from (as shown)."""

    items: tuple[Waiver, ...]
    today: dt.date
    config: str = "minplan.toml"

    def __bool__(self) -> bool:
        return bool(self.items)

    def matching(self, finding: Finding, records: list[str]) -> Waiver | None:
        """The first waiver for ``finding`` of ``records`` (one record's id, or a batch-wide finding's)."""
        if finding.status not in WAIVABLE:
            return None
        for waiver in self.items:
            if not matches(finding.rule, waiver.rule):
                continue
            if finding.rule in BY_NAME_ONLY and waiver.rule != finding.rule:
                continue  # one id for two records: a waiver by id cannot tell which it excuses
            if all(matches(r, waiver.record) for r in records) and (records or waiver.record == "*"):
                return waiver
        return None

    def apply(self, finding: Finding, records: list[str], used: set[int]) -> Finding:
        """``finding`` as its waiver makes it (itself when none applies); notes the waiver's index in ``used``."""
        waiver = self.matching(finding, records)
        if waiver is None:
            return finding
        used.add(waiver.index)
        about = {"reason": waiver.reason, "until": waiver.until.isoformat(), "rule": waiver.rule}
        about["record"] = waiver.record
        if waiver.until < self.today:
            return replace(finding, waiver={**about, "expired": True})
        return replace(finding, status=Status.waived, waived={"status": finding.status.value, **about})

    def apply_record(self, result: RecordResult) -> set[int]:
        """Waive the findings of one judged record in place (its status follows); the waivers it used."""
        used: set[int] = set()
        if result.record is None or not self.items:
            return used
        ids = [result.id or ""]
        result.findings = [self.apply(f, ids, used) for f in result.findings]
        if used:
            result.status = worst([f.status for f in result.findings])
        return used

    def report(self, used: set[int]) -> list[Finding]:
        """Findings on the waivers themselves: each expired one, and each one no finding matched."""
        out = []
        for waiver in self.items:
            where = f"{self.config}:{waiver.line}" if waiver.line else self.config
            name = f"{waiver.rule} · {waiver.record}"
            if waiver.until < self.today:
                out.append(
                    self._finding(
                        EXPIRED_RULE,
                        waiver,
                        where,
                        f"豁免已于 {waiver.until} 到期（{name}），相关审查结果不再豁免",
                        f"the waiver expired on {waiver.until} ({name}): the findings it covered count again",
                    )
                )
            elif waiver.index not in used:
                out.append(
                    self._finding(
                        UNUSED_RULE,
                        waiver,
                        where,
                        f"豁免未用到（{name}）：本次审查无与之相符的结果，可删除",
                        f"the waiver matched no finding of this run ({name}): remove it if it is no longer needed",
                    )
                )
        return out

    def _finding(self, rule: str, waiver: Waiver, where: str, zh: str, en: str) -> Finding:
        return Finding(
            rule,
            "minplan",
            "config",
            "waiver",
            Status.warn,
            {"zh": zh, "en": en},
            Citation(section=where, quote=waiver.reason),
            records=[],
            origin=(self.config, waiver.line or 1),
        )
