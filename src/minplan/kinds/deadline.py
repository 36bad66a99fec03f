"""``deadline``: something must be done within a time of production start (green mine within a year)."""

import datetime as dt
from typing import ClassVar

from pydantic import field_validator

from minplan.facts import FACTS, Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.rulebook import Reach, Rule, Text


class DeadlineParams(Params):
    months: int
    done: str  # boolean fact that says it is done, e.g. operation.green_mine
    what: Text
    since: dt.date | None = None  # only mines that began production on or after this date (new under the plan)

    @field_validator("done")
    @classmethod
    def _a_truth(cls, name: str) -> str:
        """A fact of true or false: another (a typo, a mineral) would be done by any value it takes, or never."""
        fact = FACTS.get(name)
        if fact is None or fact.domain != (True, False):
            raise ValueError(f"{name!r} is no fact of true or false (e.g. operation.green_mine)")
        return name


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError(day)


class Deadline(Kind):
    name: ClassVar[str] = "deadline"
    mineral_reach: ClassVar[Reach] = "any"
    Params: ClassVar[type[Params]] = DeadlineParams

    def field(self, rule: Rule, params: DeadlineParams) -> str | None:
        return params.done

    def remedy(self, rule: Rule, params: DeadlineParams, verdict: Verdict) -> dict[str, str] | None:
        due = (verdict.required or "").removeprefix("by ")
        return {"zh": f"须于 {due} 前{params.what.zh}", "en": f"{params.what.en} by {due}"}

    def judge(self, rule: Rule, params: DeadlineParams, facts: Facts) -> Verdict:
        start: dt.date = facts.get("operation.production_start")
        if params.since is not None and start < params.since:
            return Verdict(
                "n/a",
                f"投产 {start}，早于 {params.since}，不属本条所指新建矿山",
                f"production began {start}, before {params.since}: not a new mine in this sense",
            )
        due = add_months(start, params.months)
        if facts.get("date") < due:
            return Verdict(
                "comply",
                f"投产 {start}，{params.what.zh}期限 {due} 未到",
                f"production began {start}; {params.what.en} is due by {due}",
                required=f"by {due}",
            )
        if facts.get(params.done):
            return Verdict(
                "comply", f"已{params.what.zh}", f"{params.what.en}: done", required=f"by {due}", actual="done"
            )
        return Verdict(
            "breach",
            f"投产 {start}，逾 {due} 仍未{params.what.zh}",
            f"production began {start}; {params.what.en} was due by {due} and is not done",
            required=f"by {due}",
            actual="not done",
        )
