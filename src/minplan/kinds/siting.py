"""``siting``: places where the plan bars a mine or a project (生态保护红线, 永久基本农田, 城镇开发边界 …).

The place is the rule's ``when`` (a declared site fact); exceptions are ``unless`` or
``scope.except_minerals``. When the fact holds, the provision is broken: a binding rule says the plan does not
allow it, a guidance rule that the plan steers away from it (kinds.wording).
"""

from typing import ClassVar

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.wording import say
from minplan.rulebook import Reach, Rule, Text


class SitingParams(Params):
    place: Text


class Siting(Kind):
    name: ClassVar[str] = "siting"
    mineral_reach: ClassVar[Reach] = "any"
    Params: ClassVar[type[Params]] = SitingParams

    def remedy(self, rule: Rule, params: SitingParams, verdict: Verdict) -> dict[str, str] | None:
        # 位于生态保护红线内, but 避开生态保护红线: the place without its 内
        return {"zh": f"选址须避开{params.place.zh.removesuffix('内')}", "en": f"a site not {params.place.en}"}

    def judge(self, rule: Rule, params: SitingParams, facts: Facts) -> Verdict:
        zh, en = say(rule, "disallowed")
        return Verdict(
            "breach",
            f"申报地点位于{params.place.zh}，{zh}",
            f"the site lies {params.place.en}, {en}",
            required=f"not {params.place.en}",
        )
