"""``extraction_cap``: a yearly extraction cap (开采总量控制) that one record alone may not exceed.

Batch-wide sums against the same caps are the aggregate checks' business; here a single record's
design capacity above the whole cap is already a breach: an operating mine's too, whatever it produced last year,
as its licence allows it to extract more than the whole cap.

A cap counted in ore of a set grade (``grade_basis``: 铁矿 “矿石，亿吨（62%）”) is compared with the record's ore
converted by its grade. Without the grade the comparison goes one way only: ore no richer than the basis holds no
more than its tonnage at the basis grade, so a tonnage within the cap passes; above it, the grade is needed.
"""

from typing import ClassVar

from pydantic import Field

from minplan.facts import Facts, Missing
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.min_scale import capacity_in
from minplan.quantities import (
    DimensionMismatch,
    Quantity,
    above,
    at_most,
    converted_figure,
    format_grade,
    format_number,
    unit,
)
from minplan.rulebook import Reach, Rule


class CapParams(Params):
    cap: float
    unit: str
    indicator: str  # the indicator's name in the plan's table
    grade_basis: float | None = Field(None, gt=0, le=100, description="the grade (%) the cap counts its ore at")


class ExtractionCap(Kind):
    name: ClassVar[str] = "extraction_cap"
    mineral_reach: ClassVar[Reach] = "main"
    primary: ClassVar[str | None] = "capacity"
    Params: ClassVar[type[Params]] = CapParams

    def parse(self, rule: Rule) -> CapParams:
        params = super().parse(rule)
        unit(params.unit)
        return params

    def remedy(self, rule: Rule, params: CapParams, verdict: Verdict) -> dict[str, str] | None:
        cap = Quantity(params.cap, unit(params.unit))
        return {
            "zh": f"设计规模需不超过{params.indicator} {cap}",
            "en": f"a design capacity within the cap of {cap.text('en')}",
        }

    def judge(self, rule: Rule, params: CapParams, facts: Facts) -> Verdict:
        cap = Quantity(params.cap, unit(params.unit))
        try:
            amount, shown, shown_en = capacity_in(facts, params.unit, beside=cap.value)
        except DimensionMismatch:
            raise Missing("density") from None
        required, actual = f"≤ {cap}", shown
        if params.grade_basis is not None:
            basis = format_number(params.grade_basis)
            required = f"≤ {cap} ({basis}%)"
            grade = facts.known("grade")
            if grade is None:
                if above(amount.value, cap.value):
                    raise Missing("grade")  # above the cap at face value: the grade decides
                return Verdict(
                    "comply",
                    f"设计规模 {shown}（矿石实物量），未超过{params.indicator} {cap}（按{basis}%品位计）："
                    f"品位不高于{basis}%的矿石折算后不会更多",
                    f"capacity {shown_en} of ore is within the cap of {cap.text('en')} counted at {basis}% grade: "
                    f"ore no richer than {basis}% holds no more than that",
                    required=required,
                    actual=shown,
                )
            amount = converted_figure(
                Quantity(amount.value * float(grade) / params.grade_basis, amount.unit), cap.value
            )
            grade_zh, grade_en = format_grade(float(grade))
            metal = params.grade_basis == 100  # ore at 100% is the metal itself (备注 金属量)
            shown = f"{shown}，品位 {grade_zh}，" + (f"折合金属量 {amount}" if metal else f"折合{basis}%品位 {amount}")
            shown_en = f"{shown_en} at {grade_en} grade, {amount.text('en')}" + (
                " of metal" if metal else f" at {basis}%"
            )
            actual = str(amount)
        if at_most(amount.value, cap.value):
            return Verdict(
                "comply",
                f"设计规模 {shown}，未超过{params.indicator} {cap}",
                f"capacity {shown_en} is within the cap of {cap.text('en')}",
                required=required,
                actual=actual,
            )
        return Verdict(
            "breach",
            f"设计规模 {shown}，单独即超过{params.indicator} {cap}",
            f"capacity {shown_en} alone exceeds the cap of {cap.text('en')}",
            required=required,
            actual=actual,
        )
