"""``mine_class``: the mine's production-scale class must reach a minimum (e.g. at least medium)."""

from typing import ClassVar

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.rulebook import Reach, Rule
from minplan.vocab import DepositScale, label

ORDER = {DepositScale.small: 0, DepositScale.medium: 1, DepositScale.large: 2}


class MineClassParams(Params):
    minimum: DepositScale


class MineClass(Kind):
    name: ClassVar[str] = "mine_class"
    mineral_reach: ClassVar[Reach] = "main"
    primary: ClassVar[str | None] = "mine_scale"
    Params: ClassVar[type[Params]] = MineClassParams

    def remedy(self, rule: Rule, params: MineClassParams, verdict: Verdict) -> dict[str, str] | None:
        return {
            "zh": f"矿山生产建设规模需不低于{label(params.minimum, 'zh')}",
            "en": f"a mine of at least {label(params.minimum, 'en')} scale",
        }

    def judge(self, rule: Rule, params: MineClassParams, facts: Facts) -> Verdict:
        actual = DepositScale(facts.get("mine_scale"))
        need_zh, need_en = label(params.minimum, "zh"), label(params.minimum, "en")
        got_zh, got_en = label(actual, "zh"), label(actual, "en")
        if ORDER[actual] >= ORDER[params.minimum]:
            return Verdict(
                "comply",
                f"矿山规模为{got_zh}，不低于{need_zh}",
                f"a {got_en} mine, at least {need_en}",
                required=f"≥ {need_en}",
                actual=got_en,
                bound=ORDER[params.minimum],
            )
        return Verdict(
            "breach",
            f"矿山规模为{got_zh}，低于{need_zh}",
            f"a {got_en} mine, below {need_en}",
            required=f"≥ {need_en}",
            actual=got_en,
            bound=ORDER[params.minimum],
        )
