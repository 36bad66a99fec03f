"""``technology``: processes a plan bans (土法、氰化法冶炼金矿; 扩泉成井、凿井 …) or asks to phase out."""

from typing import ClassVar

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.wording import say
from minplan.rulebook import Reach, Rule
from minplan.vocab import Technique, label


class TechnologyParams(Params):
    banned: list[Technique]


class Technology(Kind):
    name: ClassVar[str] = "technology"
    mineral_reach: ClassVar[Reach] = "any"
    primary: ClassVar[str | None] = "techniques"
    Params: ClassVar[type[Params]] = TechnologyParams

    def remedy(self, rule: Rule, params: TechnologyParams, verdict: Verdict) -> dict[str, str] | None:
        return {
            "zh": "不得采用：" + "、".join(label(t, "zh") for t in params.banned),
            "en": "none of: " + ", ".join(label(t, "en") for t in params.banned),
        }

    def judge(self, rule: Rule, params: TechnologyParams, facts: Facts) -> Verdict:
        used = set(facts.get("techniques"))
        hit = [t for t in params.banned if t in used]
        banned = ", ".join(t.value for t in params.banned)
        if not hit:
            zh, en = say(rule, "no_process")
            return Verdict("comply", zh, en, required=f"none of {banned}")
        zh, en = say(rule, "process")
        return Verdict(
            "breach",
            f"{zh}：{'、'.join(label(t, 'zh') for t in hit)}",
            f"{en}: {', '.join(label(t, 'en') for t in hit)}",
            required=f"none of {banned}",
            actual=", ".join(t.value for t in hit),
        )
