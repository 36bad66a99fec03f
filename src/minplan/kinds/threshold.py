"""``threshold``: a declared figure against a limit (recovery rates ≥ 85%, natural-flow share < 70% …).

``fact`` names a numeric fact of the record; ``op`` is one of ``>=``, ``>``, ``<=``, ``<``;
``cases`` select another limit by other facts (coal recovery by seam thickness).
"""

import operator
from typing import Any, ClassVar, Literal

from pydantic import field_validator

from minplan.facts import FACTS, Facts, checked_conditions, holds
from minplan.kinds.base import Kind, Params, Verdict
from minplan.quantities import figure_beside, format_number
from minplan.rulebook import Reach, Rule, Text

OPS = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt}
WORDS = {">=": ("不低于", "at least"), ">": ("高于", "above"), "<=": ("不高于", "at most"), "<": ("低于", "below")}


class LimitCase(Params):
    when: dict[str, Any]
    value: float
    label: Text | None = None

    _when = field_validator("when")(checked_conditions)


class ThresholdParams(Params):
    fact: str
    op: Literal[">=", ">", "<=", "<"]
    value: float | None = None
    unit: str = ""
    cases: tuple[LimitCase, ...] = ()

    @field_validator("fact")
    @classmethod
    def _known(cls, name: str) -> str:
        if name not in FACTS:
            raise ValueError(f"unknown fact {name!r}")
        return name


class Threshold(Kind):
    name: ClassVar[str] = "threshold"
    mineral_reach: ClassVar[Reach] = "main"
    Params: ClassVar[type[Params]] = ThresholdParams

    def field(self, rule: Rule, params: ThresholdParams) -> str | None:
        return params.fact

    def remedy(self, rule: Rule, params: ThresholdParams, verdict: Verdict) -> dict[str, str] | None:
        if verdict.bound is None:
            return None
        fact = FACTS[params.fact]
        zh_op, en_op = WORDS[params.op]
        limit = f"{format_number(verdict.bound)}{params.unit}"
        return {"zh": f"{fact.zh}需{zh_op} {limit}", "en": f"{fact.en} {en_op} {limit}"}

    def judge(self, rule: Rule, params: ThresholdParams, facts: Facts) -> Verdict:
        limit, tag = params.value, None
        for case in params.cases:
            if holds(case.when, facts):
                limit, tag = case.value, case.label
                break
        if limit is None:
            return Verdict("n/a", "本条对此情形未设限值", "the provision sets no limit for this case")
        actual = float(facts.get(params.fact))
        fact = FACTS[params.fact]
        zh_op, en_op = WORDS[params.op]
        need = f"{params.op} {format_number(limit)}{params.unit}"
        got = f"{figure_beside(actual, limit)}{params.unit}"
        tag_zh = f"（{tag.zh}）" if tag else ""
        tag_en = f" ({tag.en})" if tag else ""
        ok = OPS[params.op](actual, limit)
        verb_zh = "符合" if ok else "不符合"
        return Verdict(
            "comply" if ok else "breach",
            f"{fact.zh} {got}，{verb_zh}“{zh_op} {format_number(limit)}{params.unit}”{tag_zh}",
            f"{fact.en} {got} {'meets' if ok else 'fails'} “{en_op} {format_number(limit)}{params.unit}”{tag_en}",
            required=need,
            actual=got,
            bound=limit,
        )
