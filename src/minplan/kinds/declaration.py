"""``declaration``: a fact the record declares, against the value the provision asks of it.

A practice a plan bans (超层越界: ``operation.beyond_licensed_bounds`` must be false; 采富弃贫), a precondition
it sets (注销 only once restoration is accepted: ``closure.restoration_accepted`` must be true), or a choice it
steers (地下开采: ``method`` underground). The value asked complies, any other breaches; a fact the record leaves
out is asked for (needs_info). The fact must have a finite set of values (yes/no, or a closed vocabulary).
"""

from typing import Any, ClassVar, Self

from pydantic import model_validator

from minplan.facts import FACTS, Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.rulebook import Reach, Rule, Text
from minplan.vocab import label


class DeclarationParams(Params):
    fact: str
    expect: bool | str  # the value the provision asks for
    what: Text  # what the provision asks, in a few words ("未超层越界开采")

    @model_validator(mode="after")
    def _known(self) -> Self:
        fact = FACTS.get(self.fact)
        if fact is None:
            raise ValueError(f"unknown fact {self.fact!r}")
        if fact.domain is None:
            raise ValueError(f"fact {self.fact} has no closed set of values to declare")
        if all(isinstance(v, bool) for v in fact.domain):
            fits = isinstance(self.expect, bool)
        else:
            fits = isinstance(self.expect, str) and self.expect in {str(v) for v in fact.domain}
        if not fits:
            values = ", ".join(_plain(v) for v in fact.domain)
            raise ValueError(f"expect {self.expect!r} is not a value of {self.fact} ({values})")
        return self


def _plain(value: Any) -> str:
    """A value as the record spells it (true/false, or the vocabulary's English value)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def _shown(value: Any, lang: str) -> str:
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    return label(value, lang)


class Declaration(Kind):
    name: ClassVar[str] = "declaration"
    mineral_reach: ClassVar[Reach] = "any"
    Params: ClassVar[type[Params]] = DeclarationParams

    def field(self, rule: Rule, params: DeclarationParams) -> str | None:
        return params.fact

    def remedy(self, rule: Rule, params: DeclarationParams, verdict: Verdict) -> dict[str, str] | None:
        return {"zh": f"须{params.what.zh}", "en": params.what.en}

    def judge(self, rule: Rule, params: DeclarationParams, facts: Facts) -> Verdict:
        fact = FACTS[params.fact]
        value = facts.get(params.fact)
        zh, en = _shown(value, "zh"), _shown(value, "en")
        required, actual = f"{params.fact} = {_plain(params.expect)}", _plain(value)
        if value == params.expect:
            return Verdict(
                "comply",
                f"{fact.zh}：{zh}，符合“{params.what.zh}”",
                f"{fact.en}: {en}, as the provision asks ({params.what.en})",
                required=required,
                actual=actual,
            )
        return Verdict(
            "breach",
            f"{fact.zh}：{zh}，不符合“{params.what.zh}”",
            f"{fact.en}: {en}; the provision asks: {params.what.en}",
            required=required,
            actual=actual,
        )
