"""The one interface every rule kind implements, and the verdict it returns."""

# No ``from __future__ import annotations`` here or in the kinds' modules: pydantic would compile every field's
# annotation of their models from its text as it builds them, at each check's start-up.
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from minplan.facts import Facts
from minplan.rulebook import Reach, Rule

Outcome = Literal["comply", "breach", "caution", "n/a"]


@dataclass(frozen=True)
class Verdict:
    """What a rule says of one record, before the rule's force turns it into a status.

    ``comply`` passes; ``breach`` fails a binding rule and warns on an expected or
    guidance one; ``caution`` always warns (a restricted mineral); ``n/a`` means the
    provision's condition does not hold for this record.
    """

    outcome: Outcome
    zh: str
    en: str
    required: str | None = None
    actual: str | None = None
    bound: float | None = None  # the figure required, to tell the strictest of several readings


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Kind:
    """A rule kind: parameters it reads from the rule file, and how it judges a record."""

    name: ClassVar[str]
    Params: ClassVar[type[Params]]
    mineral_reach: ClassVar[Reach]  # which of a right's minerals the kind's provisions concern (rulebook.Reach)
    primary: ClassVar[str | None] = None  # the record field the kind's provisions judge (capacity, mineral …)

    def parse(self, rule: Rule) -> Any:
        return self.Params.model_validate(rule.params)

    def field(self, rule: Rule, params: Any) -> str | None:
        """The record field a finding of ``rule`` is about, for reports that point at a line: the kind's
        primary field, else the first fact of the rule's condition (a siting rule's place)."""
        if self.primary is not None:
            return self.primary
        for conditions in (rule.when, rule.when_any):
            if conditions:
                return next(iter(conditions))
        return None

    def judge(self, rule: Rule, params: Any, facts: Facts) -> Verdict:
        raise NotImplementedError

    def remedy(self, rule: Rule, params: Any, verdict: Verdict) -> dict[str, str] | None:
        """What would satisfy the provision, in Chinese and English, for a finding that is not a pass: the
        kind's own words where it has them, else the verdict's ``required``."""
        if not verdict.required:
            return None
        return {"zh": f"须满足：{verdict.required}", "en": f"required: {verdict.required}"}
