"""``documents``: what an application must carry (开发利用方案, 土地复垦方案, 绿色矿山建设实施方案 …)."""

from typing import ClassVar

from minplan.facts import Facts
from minplan.kinds.base import Kind, Params, Verdict
from minplan.rulebook import Reach, Rule
from minplan.vocab import Document, documents_held, label


class DocumentsParams(Params):
    required: list[Document]


class Documents(Kind):
    name: ClassVar[str] = "documents"
    mineral_reach: ClassVar[Reach] = "any"
    primary: ClassVar[str | None] = "documents"
    Params: ClassVar[type[Params]] = DocumentsParams

    def remedy(self, rule: Rule, params: DocumentsParams, verdict: Verdict) -> dict[str, str] | None:
        given = documents_held(d for d in (verdict.actual or "").split(", ") if d in Document.__members__)
        lacking = [d for d in params.required if d not in given] or list(params.required)
        return {
            "zh": "请提供：" + "、".join(label(d, "zh") for d in lacking),
            "en": "provide: " + ", ".join(label(d, "en") for d in lacking),
        }

    def judge(self, rule: Rule, params: DocumentsParams, facts: Facts) -> Verdict:
        given = set(facts.get("documents"))
        held = documents_held(given)
        lacking = [d for d in params.required if d not in held]
        need = ", ".join(d.value for d in params.required)
        if not lacking:
            return Verdict("comply", "所需材料齐备", "the required documents are there", required=need)
        zh = "、".join(label(d, "zh") for d in lacking)
        en = ", ".join(label(d, "en") for d in lacking)
        return Verdict(
            "breach",
            f"缺少：{zh}",
            f"missing: {en}",
            required=need,
            actual=", ".join(sorted(d.value for d in given)) or "—",
        )
