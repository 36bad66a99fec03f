"""``extraction_cap``: a yearly extraction cap (开采总量控制) that one record alone may not exceed.

Batch-wide sums against the same caps are the aggregate checks' business; here a single record's
design capacity above the whole cap is already a breach: an operating mine's too, whatever it produced last year,
as its licence allows it to extract more than the whole cap.

A cap counted in ore of a set grade (``grade_basis``: 铁矿 “矿石，亿吨（62%）”) is compared with the record's ore
converted by its grade. Without the grade the comparison goes one way only: ore no richer than the basis holds no
more than its tonnage at the basis grade, so a tonnage within the cap passes; above it, the grade is needed.
A grade richer than any ore of the mineral (``grade_at_most``) is a figure in another unit read as a per cent: a
breach found at it warns and asks for the unit rather than judging the mine at a grade it does not have.
"""

from typing import ClassVar

from pydantic import Field

from minplan.facts import Facts, Missing
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.min_scale import capacity_in
from minplan.quantities import (
    GRAMS_PER_TONNE_IN_A_PERCENT,
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
    grade_at_most: float | None = Field(
        None,
        gt=0,
        le=100,
        description="the richest grade (%) the mineral's ore is mined at: a grade above it that breaches the cap "
        "is taken for a figure written without its unit (3 for 3 g/t of gold) and warned on for review",
    )
    grade_at_least: float | None = Field(
        None,
        gt=0,
        le=100,
        description="the poorest grade (%) the mineral's ore is mined at: a grade below it that keeps the record "
        "within the cap is taken for a figure in another unit (0.1 g/t for 0.1% of molybdenum) and warned on",
    )


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
        if verdict.outcome == "caution":  # a grade past belief: its unit is what to correct first
            return {
                "zh": "写明品位的单位（% 或 克/吨）后重新核对",
                "en": "state the grade's unit (% or g/t) and check again",
            }
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
        grade, grade_zh, grade_en = None, "", ""
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
            if params.grade_at_least is not None and grade is not None and float(grade) < params.grade_at_least:
                # Ore this poor is not mined: the grade is more likely in another unit (g/t for %), and a pass
                # found at a grade thousands of times too low says nothing of the mine.
                poorest = format_number(params.grade_at_least)
                return Verdict(
                    "caution",
                    f"设计规模 {shown}，未超过{params.indicator} {cap}；但品位 {grade_zh} 低于此类矿石开采的最低品位 "
                    f"{poorest}%，请核对品位及其单位（如 0.1% 误写为“0.1 g/t”或误填入克/吨列）",
                    f"capacity {shown_en} is within the cap of {cap.text('en')}; but a grade of {grade_en} is below "
                    f"the poorest ore of the kind that is mined ({poorest}%): check the grade and its unit (0.1% "
                    "written '0.1 g/t', or put in a g/t column)",
                    required=required,
                    actual=actual,
                )
            return Verdict(
                "comply",
                f"设计规模 {shown}，未超过{params.indicator} {cap}",
                f"capacity {shown_en} is within the cap of {cap.text('en')}",
                required=required,
                actual=actual,
            )
        if params.grade_at_most is not None and grade is not None and float(grade) > params.grade_at_most:
            # Ore this rich is not mined: the figure is more likely g/t written bare (read as %), and a breach
            # found at a grade thousands of times too high says nothing of the mine.
            richest = format_number(params.grade_at_most)
            grams = format_number(params.grade_at_most * GRAMS_PER_TONNE_IN_A_PERCENT)
            richest_zh, richest_en = f"{richest}%（{grams}克/吨）", f"{richest}%, {grams} g/t"
            return Verdict(
                "caution",
                f"设计规模 {shown}，超过{params.indicator} {cap}；但品位 {grade_zh} 高于此类矿石的最高品位 "
                f"{richest_zh}，请核对品位及其单位（如 3 克/吨 应写作“3 g/t”或“3克/吨”，不写单位即按 % 计）",
                f"capacity {shown_en} exceeds the cap of {cap.text('en')}; but a grade of {grade_en} is above the "
                f"richest ore of the kind ({richest_en}): check the grade and its unit (3 g/t is written '3 g/t'; "
                "a bare figure is a per cent)",
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
