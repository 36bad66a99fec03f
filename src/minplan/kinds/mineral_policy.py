"""``mineral_policy``: prohibited, restricted and key minerals (禁止/限制/重点 勘查开采矿种).

The minerals and the right (exploration or mining) are the rule's scope; the conditions a
plan attaches to a ban (brick clay only on arable land …) are the rule's ``when``. A message names
what the plan lists: a mineral reached through an umbrella term (砂金 under 金) is not itself called
key, and one caught by a case the provision names (coal above the arsenic standard; new construction-stone
quarries, ``listed: false``) is not called a prohibited or restricted mineral outright.
"""

from typing import ClassVar, Literal

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.minerals import mineral_book
from minplan.rulebook import Reach, Rule

_WORDS = {
    ("prohibited", "exploration"): ("禁止勘查矿种", "a mineral whose exploration is prohibited"),
    ("prohibited", "mining"): ("禁止开采矿种", "a mineral whose mining is prohibited"),
    ("restricted", "exploration"): ("限制勘查矿种", "a mineral whose exploration is restricted"),
    ("restricted", "mining"): ("限制开采矿种", "a mineral whose mining is restricted"),
    ("key", "exploration"): ("重点勘查矿种", "a key mineral for exploration"),
    ("key", "mining"): ("重点开采矿种", "a key mineral for mining"),
    ("encouraged", "exploration"): ("鼓励勘查矿种", "a mineral whose exploration is encouraged"),
    ("encouraged", "mining"): ("鼓励开采矿种", "a mineral whose mining is encouraged"),
}


class PolicyParams(Params):
    policy: Literal["prohibited", "restricted", "key", "encouraged"]
    activity: Literal["exploration", "mining"]
    # false where the provision governs a case of the mineral (the number of new quarries) without listing the
    # mineral itself under the policy: the message then names the case, not the mineral, as restricted
    listed: bool = True


class MineralPolicy(Kind):
    name: ClassVar[str] = "mineral_policy"
    mineral_reach: ClassVar[Reach] = "each"
    primary: ClassVar[str | None] = "mineral"
    Params: ClassVar[type[Params]] = PolicyParams

    def remedy(self, rule: Rule, params: PolicyParams, verdict: Verdict) -> dict[str, str] | None:
        zh, en = _WORDS[(params.policy, params.activity)]
        if params.policy == "prohibited":
            return {"zh": f"本规划不允许{zh[2:4]}此矿种", "en": f"the plan allows no {params.activity} of it ({en})"}
        if params.policy == "restricted":
            return {"zh": "须按限制类矿种从严审查", "en": "a strict review as a restricted mineral"}
        return None

    def judge(self, rule: Rule, params: PolicyParams, facts: Facts) -> Verdict:
        zh, en = _WORDS[(params.policy, params.activity)]
        mineral = facts.get("mineral")
        book = mineral_book()
        en_name = f"{book.minerals[mineral].en} ({mineral})"
        under = book.listed_as(mineral, rule.scope.minerals) if rule.scope.minerals else None
        if not params.listed or rule.when or rule.when_any or rule.scope.zones or not rule.scope.minerals:
            # the status stems from the case the provision names (arable land, a zone …), not from the
            # mineral being listed outright: say so rather than call the mineral itself prohibited
            text_zh = f"本条所述情形下，{mineral} 按{zh}对待"
            text_en = f"in the case this provision names, {en_name} is treated as {en}"
        elif under is not None and under != mineral:
            # reached through an umbrella term (砂金 under 金): name the plan's own term
            under_en = f"{book.minerals[under].en} ({under})"
            text_zh = f"本规划{zh}列有{under}，{mineral} 属{under}"
            text_en = f"the plan names {under_en} as {en}, and {en_name} falls under it"
        else:
            text_zh = f"{mineral} 属本规划{zh}"
            text_en = f"{en_name} is {en} in this plan"
        if params.policy == "prohibited":
            return Verdict("breach", text_zh, text_en, required=params.policy, actual=mineral)
        if params.policy == "restricted":
            return Verdict(
                "caution",
                f"{text_zh}，从严审查",
                f"{text_en}: for strict review",
                required=params.policy,
                actual=mineral,
            )
        return Verdict("comply", text_zh, text_en, required=params.policy, actual=mineral)
