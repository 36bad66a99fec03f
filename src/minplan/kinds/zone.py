"""``zone``: where a mine must (or must not) lie, by the plan's zone tables.

``inside`` lists zone codes or zone types (``concentrated_mining_area`` …) the site must lie in;
``outside`` those it must not. The record's ``location.zones`` says where it lies.
"""

from typing import ClassVar, Literal

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.kinds.wording import say
from minplan.rulebook import Reach, Rule, Text


class ZoneParams(Params):
    require: Literal["inside", "outside"]
    zones: list[str]
    label: Text


class Zone(Kind):
    name: ClassVar[str] = "zone"
    mineral_reach: ClassVar[Reach] = "any"
    primary: ClassVar[str | None] = "location.zones"
    Params: ClassVar[type[Params]] = ZoneParams

    def remedy(self, rule: Rule, params: ZoneParams, verdict: Verdict) -> dict[str, str] | None:
        zh = "须位于" if params.require == "inside" else "不得位于"
        return {"zh": f"选址{zh}{params.label.zh}", "en": f"a site {params.require} {params.label.en}"}

    def judge(self, rule: Rule, params: ZoneParams, facts: Facts) -> Verdict:
        where = facts.zones_with_types()
        inside = bool(where & set(params.zones))
        declared = ", ".join(sorted(facts.get("location.zones"))) or "—"
        if inside == (params.require == "inside"):
            zh = "位于" if inside else "不在"
            return Verdict(
                "comply",
                f"申报地点{zh}{params.label.zh}（{declared}）",
                f"the site lies {'inside' if inside else 'outside'} {params.label.en} ({declared})",
                required=f"{params.require} {params.label.en}",
                actual=declared,
            )
        zh, en = say(rule, params.require)
        return Verdict(
            "breach",
            f"申报地点{zh}{params.label.zh}（申报分区：{declared}）",
            f"the site {en} {params.label.en} (declared zones: {declared})",
            required=f"{params.require} {params.label.en}",
            actual=declared,
        )
