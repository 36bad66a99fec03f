"""``extraction_cap``: a yearly extraction cap (开采总量控制) that one record alone may not exceed.

Batch-wide sums against the same caps are the aggregate checks' business; here a single record's
capacity (or an operating mine's output) above the whole cap is already a breach.
"""

from __future__ import annotations

from typing import ClassVar

from minplan.facts import Facts, Missing
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.min_scale import capacity_in
from minplan.quantities import DimensionMismatch, Quantity, unit
from minplan.rulebook import Reach, Rule


class CapParams(Params):
    cap: float
    unit: str
    indicator: str  # the indicator's name in the plan's table


class ExtractionCap(Kind):
    name: ClassVar[str] = "extraction_cap"
    mineral_reach: ClassVar[Reach] = "main"
    Params: ClassVar[type[Params]] = CapParams

    def parse(self, rule: Rule) -> CapParams:
        params = super().parse(rule)
        unit(params.unit)
        return params

    def judge(self, rule: Rule, params: CapParams, facts: Facts) -> Verdict:
        cap = Quantity(params.cap, unit(params.unit))
        try:
            amount, shown, shown_en = capacity_in(facts, params.unit)
        except DimensionMismatch:
            raise Missing("density") from None
        if amount.value <= cap.value + 1e-9:
            return Verdict(
                "comply",
                f"设计规模 {shown}，未超过{params.indicator} {cap}",
                f"capacity {shown_en} is within the cap of {cap.text('en')}",
                required=f"≤ {cap}",
                actual=shown,
            )
        return Verdict(
            "breach",
            f"设计规模 {shown}，单独即超过{params.indicator} {cap}",
            f"capacity {shown_en} alone exceeds the cap of {cap.text('en')}",
            required=f"≤ {cap}",
            actual=shown,
        )
