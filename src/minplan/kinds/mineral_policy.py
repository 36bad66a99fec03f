"""``mineral_policy``: prohibited, restricted and key minerals (禁止/限制/重点 勘查开采矿种).

The minerals and the right (exploration or mining) are the rule's scope; the conditions a
plan attaches to a ban (brick clay only on arable land …) are the rule's ``when``.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.minerals import mineral_book
from minplan.rulebook import Rule

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


class MineralPolicy(Kind):
    name: ClassVar[str] = "mineral_policy"
    Params: ClassVar[type[Params]] = PolicyParams

    def judge(self, rule: Rule, params: PolicyParams, facts: Facts) -> Verdict:
        zh, en = _WORDS[(params.policy, params.activity)]
        mineral = facts.get("mineral")
        en_name = f"{mineral_book().minerals[mineral].en} ({mineral})"
        if params.policy == "prohibited":
            return Verdict(
                "breach",
                f"{mineral} 属本规划{zh}",
                f"{en_name} is {en} in this plan",
                required=params.policy,
                actual=mineral,
            )
        if params.policy == "restricted":
            return Verdict(
                "caution",
                f"{mineral} 属本规划{zh}，须从严审查",
                f"{en_name} is {en} in this plan: strict review",
                required=params.policy,
                actual=mineral,
            )
        return Verdict(
            "comply",
            f"{mineral} 属本规划{zh}",
            f"{en_name} is {en} in this plan",
            required=params.policy,
            actual=mineral,
        )
