"""``output_cap``: an operating mine must not produce above its permitted capacity (严禁超规模生产), or a water
source above its approved allowable yield (``limit: allowed_yield``: 矿泉水与地热严禁超采)."""

from typing import ClassVar, Literal

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.min_scale import capacity_in
from minplan.quantities import Quantity, at_most
from minplan.rulebook import Reach, Rule


class OutputCapParams(Params):
    limit: Literal["capacity", "allowed_yield"] = "capacity"  # the fact the output must stay within


_LIMIT = {
    "capacity": ("设计（许可）规模", "the permitted"),
    "allowed_yield": ("批准的允许开采量", "the approved allowable yield of"),
}


class OutputCap(Kind):
    name: ClassVar[str] = "output_cap"
    mineral_reach: ClassVar[Reach] = "main"
    primary: ClassVar[str | None] = "operation.output"
    Params: ClassVar[type[Params]] = OutputCapParams

    def remedy(self, rule: Rule, params: OutputCapParams, verdict: Verdict) -> dict[str, str] | None:
        cap = (verdict.required or "").removeprefix("≤ ")
        return {"zh": f"实际产量需不超过设计（许可）规模 {cap}", "en": f"an output within the permitted {cap}"}

    def judge(self, rule: Rule, params: OutputCapParams, facts: Facts) -> Verdict:
        permitted: Quantity = facts.get(params.limit)
        limit_zh, limit_en = _LIMIT[params.limit]
        # the output in the permitted figure's unit, through the mine's working days and density as a capacity is
        actual, shown, shown_en = capacity_in(
            facts, permitted.unit.name, fact="operation.output", beside=permitted.value
        )
        if at_most(actual.value, permitted.value):
            return Verdict(
                "comply",
                f"实际产量 {shown}，未超过{limit_zh} {permitted}",
                f"output {shown_en} is within {limit_en} {permitted.text('en')}",
                required=f"≤ {permitted}",
                actual=shown,
            )
        return Verdict(
            "breach",
            f"实际产量 {shown}，超过{limit_zh} {permitted}",
            f"output {shown_en} exceeds {limit_en} {permitted.text('en')}",
            required=f"≤ {permitted}",
            actual=shown,
        )
